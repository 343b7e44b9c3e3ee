"""The alphabet page through AppTest: nothing trains on load; Train (a few epochs) then shows results."""

import re

import pytest

from tests.helpers import open_link, open_page, scene


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
    said = [c.value for c in at.caption if c.value.startswith("About ")]  # said before Train, once (issue 35)
    assert len(said) == 1 and "estimated from the number of weight updates" in said[0], said


def test_train_then_results(at):
    job = train(at, 3, "fast", 4)
    assert job.wait(120).status == "done"
    at.run()
    assert not at.exception
    accuracy = float(metric(at, "Accuracy").rstrip("%"))
    assert 0 <= accuracy <= 100 and metric(at, "Document 003") == "100.00%"
    assert metric(at, "Epochs") == "4"
    table = at.dataframe[1].value  # the runs table first, then every pattern
    assert list(table["input"])[:2] == ["A B C", "B C D"] and len(table) == 23
    at.text_input(key="try_3").input("klm").run()
    assert any(m.value.startswith("**KLM → ") for m in at.markdown)
    at.text_input(key="try_3").input("KL").run()
    assert any("exactly 3" in w.value for w in at.warning)
    inside = next(m.value for m in at.markdown if "run through the NumPy cell" in m.value)
    assert "within the 10⁻⁵ tolerance" in inside
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
    link = {name: at.query_params[name] for name in ("variant", "layer", "recipe", "seed", "epochs")}
    assert link == {"variant": "2", "layer": "LSTM", "recipe": "fast", "seed": "7", "epochs": "20"}  # the settings
    reloaded = open_link("alphabet", link)  # a reload keeps the link: the same settings, so the same run
    assert reloaded.radio(key="variant").value == 2 and reloaded.number_input(key="epochs_2_fast").value == 20
    assert not reloaded.exception and reloaded.session_state["alphabet_job"] is job
    assert reloaded.button(key="train").disabled and reloaded.button(key="alphabet_job_stop")
    assert job.wait(120).status == "done"
    reloaded.run()
    assert not reloaded.exception and metric(reloaded, "Epochs") == "20"


def test_a_link_with_bad_settings_keeps_the_defaults():
    app = open_link("alphabet", {"variant": "9", "layer": "Transformer", "recipe": "fast", "seed": "-3", "epochs": "x"})
    assert app.radio(key="variant").value == 1 and app.radio(key="alphabet_layer").value == "LSTM"
    assert app.radio(key="recipe").value == "fast" and app.number_input(key="seed").value == 7
    assert app.number_input(key="epochs_1_fast").value == 10 and app.query_params["variant"] == "1"


def test_the_russian_results_write_every_number_the_russian_way():
    """Issue 35: «97.1%» under the heatmap, «100,00 %» beside «100,00%», a stopped run's own column cut."""
    app = open_page("alphabet", query={"lang": "ru"})
    job = train(app, 3, "fast", 3)
    assert job.wait(120).status == "done"
    app.run()
    assert not app.exception
    assert metric(app, "Документ 003") == "100,00\u00a0%"
    assert metric(app, "Доля верных ответов").endswith("\u00a0%") and "," in metric(app, "Доля верных ответов")
    heatmap = next(c.value for c in app.caption if c.value.startswith("В числах"))
    assert re.search(r"\d,\d\u00a0%\.$", heatmap) and not re.search(r"\d\.\d", heatmap), heatmap
    inside = next(m.value for m in app.markdown if "NumPy-ячейку" in m.value)
    assert "64 нейрона" in inside and "·10" in inside and "e-" not in inside, inside
    runs = app.dataframe[0].value
    assert "остановлено досрочно" not in runs.columns and list(runs["эпохи"]) == ["3 из 3"]


def test_the_whole_model_in_layers_from_the_page_and_as_the_stack_views_preset(at):
    at.switch_page("pages/layers.py").run()
    at.selectbox(key="layers_preset").set_value("alphabet").run()
    at.button(key="layers_load").click().run()  # nothing trained yet: a note, and the stack stays
    assert not at.exception and any("train variant 3 on the Alphabet page" in w.value for w in at.warning)
    at.switch_page("pages/alphabet.py").run()
    train(at, 3, "fast", 2).wait(120)
    at.run()
    at.button(key="alphabet_to_layers").click().run()
    assert not at.exception and at.title[0].value.startswith("Layers")
    data = scene(at, "layers_scene")
    layers, head = data["stacks"][0]["layers"], data["stacks"][0]["head"]
    assert [layer["title"] for layer in layers] == ["1: LSTM(64)"] and layers[0]["reads"] == "(3, 1)"
    assert head["labels"][:3] == ["A", "B", "C"] and head["shape"] == "(26,)"
    assert any("variant 3" in i.value and "Keras" in i.value for i in at.info)
    at.switch_page("pages/layers.py").run()  # (AppTest follows a page's own switch for one run only)
    assert scene(at, "layers_scene")["stacks"][0]["head"]["shape"] == "(26,)"  # the trained stack stays
    at.selectbox(key="layers_preset").set_value("course").run()
    at.button(key="layers_load").click().run()
    at.selectbox(key="layers_preset").set_value("alphabet").run()
    at.button(key="layers_load").click().run()  # the preset finds the model just trained
    assert scene(at, "layers_scene")["stacks"][0]["head"]["shape"] == "(26,)"
