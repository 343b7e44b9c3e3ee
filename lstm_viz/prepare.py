"""Train a lecture's runs ahead of time, so that every trained scene opens at once in class.

    python -m lstm_viz.prepare lectures/letters-to-faces.en.toml [--estimate]

Each scene on a training page names what the page trains with its own defaults (the alphabet's variant, layer and
recipe; the faces page's recipe, on the course's 70-image people; Your model's sample); that run's key is the one the
page builds, so the page finds the prepared result in the run store (``lstm_viz.runs.disk``, ``$LSTM_VIZ_RUNS``) that
every server process shares. A run already stored is not trained again. ``--estimate`` only says how long it would take.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from lstm_viz import alphabet, face_timing, faces, lectures
from lstm_viz.lectures import Lecture, Scene
from lstm_viz.runs import RunKey
from lstm_viz.runs.disk import DiskStore, runs_folder
from lstm_viz.training import Progress


def scene_run(scene: Scene) -> RunKey | None:
    """The run a scene's page trains with the page's defaults (None: the scene trains nothing)."""
    state = scene.state
    if scene.page == "alphabet" and "variant" in state:
        variant, recipe = int(state["variant"]), str(state.get("recipe", "fast"))
        layer = str(state.get("layer", "LSTM"))
        epochs = alphabet.default_epochs(variant, recipe)
        return alphabet.AlphabetRun(variant, recipe, alphabet.DEFAULT_SEED, epochs, layer, alphabet.DOCUMENT_PADDING)
    if scene.page == "faces" and "recipe" in state:
        home, minimum, recipe = faces.data_home(), faces.DEFAULT_MIN_FACES, str(state["recipe"])
        split = faces.split(faces.load_faces(home, minimum))
        epochs = face_timing.default_epochs(recipe, len(split.train_y))
        return faces.FaceRun(home, minimum, recipe, faces.DEFAULT_SEED, epochs)
    if scene.page == "your-model" and state.get("source") == "sample":  # the page's own sample, made in seconds
        from lstm_viz.own_model.sample import SampleRun

        return SampleRun()
    return None


def lecture_runs(lecture: Lecture, missing: list[int] | None = None) -> list[tuple[int, RunKey]]:
    """(scene number, run) of every scene that trains something, each run once. With ``missing`` (a list), a scene
    whose data is not on this machine is left out and its number added there; without, MissingData is raised."""
    seen, runs = set(), []
    for number, scene in enumerate(lecture.scenes, 1):
        try:
            run = scene_run(scene)
        except (faces.MissingData, faces.TooFewPeople):
            if missing is None:
                raise
            missing.append(number)
            continue
        if run is not None and run not in seen:
            seen.add(run)
            runs.append((number, run))
    return runs


def prepare(lecture: Lecture, estimate_only: bool = False, out=sys.stdout) -> dict:
    """Train (or only estimate) every run the lecture's scenes need; what was done, in seconds."""
    folder = runs_folder()
    done = {"trained": 0, "stored_already": 0, "seconds": 0.0, "estimated_seconds": 0.0}
    for number, run in lecture_runs(lecture):
        store = DiskStore(folder, run.family)
        estimate = run.estimate_seconds()
        if run in store:
            done["stored_already"] += 1
            print(f"scene {number}: {run.name} is stored already", file=out)
            continue
        done["estimated_seconds"] += estimate
        if estimate_only:
            print(f"scene {number}: {run.name} would take about {estimate:.0f} s", file=out)
            continue
        plan = run.plan()
        began = time.perf_counter()
        progress = Progress(plan.epochs)
        result = plan.work(progress)
        store.put(run, result)
        seconds = time.perf_counter() - began
        done["trained"] += 1
        done["seconds"] += seconds
        print(f"scene {number}: {run.name} trained in {seconds:.1f} s (estimated {estimate:.0f} s)", file=out)
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m lstm_viz.prepare", description=__doc__.split("\n")[0])
    parser.add_argument("lecture", help="a lecture file (lectures/NAME.toml) or a shipped lecture's name")
    parser.add_argument("--estimate", action="store_true", help="only say how long it would take")
    args = parser.parse_args(argv)
    path = Path(args.lecture)
    lecture = (
        lectures.parse(path.read_bytes(), path.stem, "json" if path.suffix == ".json" else "toml")
        if path.exists()
        else lectures.load(args.lecture)
    )
    if lecture is None:
        print(f"no lecture {args.lecture!r}: give a file, or one of {', '.join(lectures.available())}", file=sys.stderr)
        return 2
    for problem in getattr(lecture, "problems", ()):
        print(f"note: scene {problem.scene}, {problem.field}: {problem.key} {problem.detail}", file=sys.stderr)
    try:
        done = prepare(lecture, args.estimate)
    except (faces.MissingData, faces.TooFewPeople) as error:
        print(f"the faces data cannot be used: {error}", file=sys.stderr)
        return 1
    total = done["estimated_seconds"] if args.estimate else done["seconds"]
    verb = "would take about" if args.estimate else "took"
    print(f"{done['trained']} trained, {done['stored_already']} stored already; {verb} {total / 60:.1f} min; "
          f"runs folder: {runs_folder()}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
