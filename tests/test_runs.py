"""The training runs' keys, stores and runner (lstm_viz.runs), without Streamlit or Keras."""

import pytest

from lstm_viz.alphabet import AlphabetRun
from lstm_viz.forecast import FORECAST_RECIPES, PRESETS, ForecastRun
from lstm_viz.neurons.recipes import CountingRecipe, CountingRun
from lstm_viz.own_model.sample import SampleRun
from lstm_viz.runs import MemoryStore, Plan, Runner, SessionRuns


def test_a_key_is_a_value_with_a_stable_fingerprint():
    run = AlphabetRun(3, "fast", 7, 10)
    assert run == AlphabetRun(3, "fast", 7, 10) and hash(run) == hash(AlphabetRun(3, "fast", 7, 10))
    assert run.fingerprint() == AlphabetRun(3, "fast", 7, 10).fingerprint()
    assert run.fingerprint() != AlphabetRun(3, "fast", 8, 10).fingerprint()
    assert run.name.startswith("alphabet-") and len(run.name) == len("alphabet-") + 20 and "/" not in run.name
    # a sample is an alphabet run of its own family: another key, another store
    assert SampleRun() != run and SampleRun().family == "own_sample" and SampleRun().variant == 3
    assert SampleRun().fingerprint() != run.fingerprint()


def test_nested_recipes_are_part_of_the_key():
    spec, recipe = PRESETS["document_000"], FORECAST_RECIPES["document_000"]
    run = ForecastRun(spec, recipe, 0)
    assert run.identity()["recipe"]["units"] == recipe.units
    other = ForecastRun(spec, type(recipe)(**{**recipe.__dict__, "units": recipe.units + 1}), 0)
    assert other != run and other.fingerprint() != run.fingerprint()
    counting = CountingRun("lstm", 4, 0, CountingRecipe())
    assert counting.kind == "lstm" and counting.family == "neurons_counting"


def test_session_runs_share_only_finished_runs():
    shared = MemoryStore()
    mine, theirs = SessionRuns(shared, MemoryStore()), SessionRuns(shared, MemoryStore())
    done, stopped = AlphabetRun(1, "fast", 0, 5), AlphabetRun(2, "fast", 0, 5)
    mine.record(done, "done", stopped=False)
    mine.record(stopped, "half", stopped=True)
    assert mine.find(done) == "done" and mine.find(stopped) == "half" and list(mine.all()) == [done, stopped]
    assert theirs.find(done) == "done" and theirs.find(stopped) is None and theirs.finished(done)
    assert not mine.finished(stopped)  # training it again would give more


@pytest.mark.parametrize("stop", [False, True])
def test_the_runner_records_the_result_and_knows_the_run_under_way(stop):
    import threading

    go = threading.Event()

    def work(progress):
        go.wait(5)
        if stop:
            progress.stop_event.set()
        return "result"

    runner, runs, run = Runner(), SessionRuns(MemoryStore(), MemoryStore()), AlphabetRun(1, "fast", 0, 5)
    job = runner.start(run, Plan(work, 5, "label"), runs)
    assert runner.running(run) is job and job.label == "label"
    go.set()
    assert job.wait(5).status == ("stopped" if stop else "done")
    assert runner.running(run) is None and runs.find(run) == "result" and runs.finished(run) is not stop
