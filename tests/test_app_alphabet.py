"""The alphabet page through AppTest: nothing trains on load; Train (a few epochs) then shows results."""

import pytest

from tests.helpers import open_page, scene


@pytest.fixture
def at():
    return open_page("alphabet", timeout=60)


def train(app, variant, recipe, epochs):
    app.radio(key="variant").set_value(variant).run()
    app.radio(key="recipe").set_value(recipe).run()
    app.number_input(key=f"epochs_{variant}_{recipe}").set_value(epochs).run()
    app.button(key="train").click().run()
    assert not app.exception, app.exception
    job = app.session_state["alphabet_job"]
    return job


def metric(app, label):
    return next(m.value for m in app.metric if m.label == label)


def test_nothing_trains_on_load(at):
    assert "alphabet_job" not in at.session_state
    assert any("Nothing trained yet" in i.value for i in at.info)
    assert at.radio(key="variant").value == 1 and at.number_input(key="epochs_1_course").value == 500
    assert at.radio(key="alphabet_layer").value == "LSTM"
    assert any(c.value.startswith("About 53 s on a 2-core machine") for c in at.caption)  # said before Train


def test_train_then_results(at):
    job = train(at, 3, "fast", 4)
    assert job.wait(120).status == "done"
    at.run()
    assert not at.exception
    accuracy = float(metric(at, "Accuracy").rstrip("%"))
    assert 0 <= accuracy <= 100 and metric(at, "Document 003 (LSTM, course recipe)") == "100.00%"
    assert metric(at, "Epochs") == "4"
    table = at.dataframe[1].value  # the runs table first, then every pattern
    assert list(table["input"])[:2] == ["A B C", "B C D"] and len(table) == 23
    at.text_input(key="try_3").input("klm").run()
    assert any(m.value.startswith("**KLM → ") for m in at.markdown)
    at.text_input(key="try_3").input("KL").run()
    assert any("exactly 3" in w.value for w in at.warning)
    inside = next(m.value for m in at.markdown if "run through the NumPy cell" in m.value)
    assert "within the 1e-5 tolerance" in inside
    data = scene(at, "alphabet_scene")
    assert data["steps"] == 3 and data["cells"][0]["units"] == 64 and len(data["cells"][0]["shown"]) == 16
    # the same settings again: served from the cache, no second training
    at.button(key="train").click().run()
    assert "alphabet_job" not in at.session_state


def test_open_the_whole_trained_layer_in_the_explorer(at):
    train(at, 3, "fast", 2).wait(120)
    at.run()
    at.button(key="alphabet_to_explorer").click().run()
    assert not at.exception
    note = next(i.value for i in at.info if "trained alphabet LSTM" in i.value)
    assert "all its units" not in note and "64 units" in note and "listed, not clipped" in note
    assert at.title[0].value == "LSTM cell explorer"
    data = scene(at, "explorer_scene")
    assert data["cells"][0]["units"] == 64 and data["steps"] == 3


@pytest.mark.parametrize("layer", ["GRU", "SimpleRNN"])
def test_other_layers_train_and_step_through_their_own_cell(at, layer):
    at.radio(key="alphabet_layer").set_value(layer).run()
    train(at, 3, "fast", 3).wait(120)
    at.run()
    assert not at.exception
    data = scene(at, "alphabet_scene")
    assert data["cells"][0]["kind"] == {"GRU": "gru", "SimpleRNN": "rnn"}[layer]
    table = at.dataframe[0].value
    assert list(table["layer"]) == [layer] and int(str(table["parameters"][0]).replace(",", "")) > 0


def test_stop_keeps_what_was_learned(at):
    job = train(at, 4, "fast", 60)
    import time

    deadline = time.monotonic() + 120
    while job.progress.epochs_done < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    at.run()
    at.button(key="alphabet_job_stop").click().run()
    assert job.wait(120).status == "stopped"
    at.run()
    assert not at.exception
    assert any("Training stopped after epoch" in i.value for i in at.info)
    epochs = int(metric(at, "Epochs"))
    assert 2 <= epochs < 60


def test_changing_a_setting_during_training_keeps_the_run(at):
    """The student switches variant mid-run: the run goes on, the page shows the new settings, and the run's
    result is there when they switch back."""
    job = train(at, 3, "fast", 30)
    at.radio(key="variant").set_value(1).run()
    assert not at.exception
    assert at.button(key="train").disabled  # one run at a time per tab; the progress panel stays
    assert any("Training runs in the background" in c.value for c in at.caption)
    assert job.wait(120).status == "done"
    at.run()  # the run is collected once it has ended
    at.radio(key="variant").set_value(3).run()
    assert not at.exception and metric(at, "Epochs") == "30"


def test_a_reloaded_tab_is_sane_and_gets_the_finished_run(at):
    """A reload is a new session: with the same settings it finds the run under way (a run belongs to what it
    trains, not to the tab: issue 35), its progress and Stop; once it has finished, the results."""
    job = train(at, 2, "fast", 20)
    reloaded = open_page("alphabet")
    reloaded.radio(key="variant").set_value(2).run()
    reloaded.radio(key="recipe").set_value("fast").run()
    reloaded.number_input(key="epochs_2_fast").set_value(20).run()
    assert not reloaded.exception and reloaded.session_state["alphabet_job"] is job
    assert reloaded.button(key="train").disabled and reloaded.button(key="alphabet_job_stop")
    assert job.wait(120).status == "done"
    reloaded.run()
    assert not reloaded.exception and metric(reloaded, "Epochs") == "20"
