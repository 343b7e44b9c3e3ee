"""A lecture prepared before class (issue 27): ``python -m lstm_viz.prepare`` trains every run its training scenes
need into the run store, with the pages' own defaults, so the page opens the scene's result without training."""

import io

import pytest

from lstm_viz import alphabet, lectures, prepare
from lstm_viz.runs.disk import DiskStore, runs_folder
from tests.helpers import open_page

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("synthetic_faces")]  # trains a small Keras model

LECTURE = """
title = "One trained scene"
language = "en"

[[scenes]]
page = "explorer"
state = { link = "seq=pulse&n=10" }

[[scenes]]
page = "alphabet"
caption = "Variant 1, fast"
state = { variant = 1, layer = "LSTM", recipe = "fast" }

[[scenes]]
page = "alphabet"
caption = "The same run again"
state = { variant = 1, layer = "LSTM", recipe = "fast" }
"""


def test_the_runs_of_a_shipped_lecture_are_the_pages_defaults():
    lecture = lectures.load("letters-to-faces.en")
    runs = [run for _, run in prepare.lecture_runs(lecture, []) if run.family == "alphabet"]
    assert [(r.variant, r.recipe, r.layer) for r in runs] == [(1, "fast", "LSTM"), (2, "fast", "LSTM"),
                                                             (3, "fast", "LSTM"), (5, "fast", "LSTM")]  # fmt: skip
    assert all(r.seed == alphabet.DEFAULT_SEED and r.epochs == alphabet.default_epochs(r.variant, "fast") for r in runs)


def test_prepare_trains_once_then_the_page_shows_the_result_without_training():
    lecture = lectures.parse(LECTURE, "one")
    out = io.StringIO()
    estimate = prepare.prepare(lecture, estimate_only=True, out=out)
    assert estimate["trained"] == 0 and estimate["estimated_seconds"] > 0 and "would take about" in out.getvalue()
    done = prepare.prepare(lecture, out=out)
    assert done["trained"] == 1 and done["stored_already"] == 0  # two scenes, one run
    assert prepare.prepare(lecture, out=out)["stored_already"] == 1  # not trained again
    (run,) = [run for _, run in prepare.lecture_runs(lecture)]
    assert run in DiskStore(runs_folder(), run.family)

    at = open_page("alphabet", timeout=60)
    at.radio(key="recipe").set_value("fast").run()
    assert not at.exception
    assert "alphabet_job" not in at.session_state  # nothing trains
    assert any(m.label == "Accuracy" for m in at.metric)  # the prepared run's results


def test_the_lectures_page_prepares_a_lecture_through_the_queue():
    at = open_page("lectures", timeout=60)
    at.button(key="prepare_lstm-cell_en_button").click().run()
    assert not at.exception
    assert any("nothing to prepare" in i.value for i in at.info)  # the cell lecture trains nothing
    at.button(key="prepare_letters-to-faces_en_button").click().run()
    assert not at.exception
    progress = [p.proto.text for p in at.get("progress")]
    faces_here = not at.warning  # the synthetic faces may hold fewer than the course's 70 images a person
    assert progress and progress[0].startswith("0 of 6 runs ready" if faces_here else "0 of 4 runs ready")
    assert faces_here or "Scenes 8, 9 need the faces data" in at.warning[0].value
    assert "prepare_letters-to-faces_en" in at.session_state
    from ui.runs import runner  # the runs it queued: stopped, so they do not train on behind the other tests

    for _, run in prepare.lecture_runs(lectures.load("letters-to-faces.en"), []):
        job = runner().running(run)
        if job is not None:
            job.stop()
