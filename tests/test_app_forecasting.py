"""The forecasting page through AppTest."""

import re

import pytest

from tests.helpers import at_step, open_link, open_page, scene


@pytest.fixture
def at():
    return open_page("forecasting", timeout=60)


def metric(app, label):
    return float(next(m.value for m in app.metric if m.label == label).split()[0])


def test_renders_with_document_000_defaults_and_does_not_train(at):
    assert "forecast_job" not in at.session_state
    assert at.number_input(key="fc_points").value == 1000 and at.number_input(key="fc_window").value == 50
    assert any("750 training windows, 200 held-out targets; 10 epochs." in c.value for c in at.caption)
    assert any("Nothing trained yet" in i.value for i in at.info)


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("fc_points", 0, "between 2 and"),
        ("fc_window", 900, "shorter than the training part"),
        ("fc_stop", -5.0, "start < stop"),
    ],
)
def test_bad_settings_show_a_message_and_no_train_button(at, key, value, message):
    at.number_input(key=key).set_value(value).run()
    assert not at.exception
    assert message in at.error[0].value
    assert not [b for b in at.button if b.key == "fc_train"]


def test_train_sine_then_results(at):
    at.number_input(key="fc_points").set_value(300).run()
    at.number_input(key="fc_stop").set_value(30.0).run()
    at.number_input(key="fc_window").set_value(20).run()
    at.radio(key="fc_recipe").set_value("default").run()
    at.number_input(key="fc_epochs").set_value(5).run()
    at.button(key="fc_train").click().run()
    assert at.session_state["forecast_job"].wait(120).status == "done"
    at.run()
    assert not at.exception
    labels = [m.label for m in at.metric]
    methods = ["RMSE, one step ahead", "MAE, one step ahead", "RMSE, autoregressive", "MAE, autoregressive"]
    assert labels == [*methods, "Training time"]
    assert metric(at, "RMSE, one step ahead") >= 0 and metric(at, "RMSE, autoregressive") >= 0
    caption = next(c.value for c in at.caption if "reading the same windows" in c.value)
    assert "NumPy LSTM" in caption
    difference = float(re.search(r"within (\S+) of their size", caption).group(1))
    assert difference <= 1e-5
    at.slider(key="fc_watch").set_value(10).run()
    assert any(m.value.startswith("Forecast step 10: the trained layer reads the last 20 values") for m in at.markdown)
    data = scene(at, "forecast_scene")
    assert data["steps"] == 20 and data["cells"][0]["activation"] == "tanh"


def test_document_002_table(at):
    at.button[[b.label for b in at.button].index("Document 002's setup")].click().run()
    assert at.number_input(key="fc_window").value == 4 and at.radio(key="fc_recipe").value == "document_002"
    at.number_input(key="fc_epochs").set_value(3).run()
    at.button(key="fc_train").click().run()
    at.session_state["forecast_job"].wait(120)
    at.run()
    table = at.dataframe[0].value
    assert table["input"][0] == "1.50, 1.71, 1.92, 2.15" and table["true value"][0] == "2.38"
    assert len(table) == 10
    assert any("one row down" in c.value for c in at.caption)
    assert any("training windows 11–20" in c.value and "fits" in c.value for c in at.caption)  # a fit (issue 32)
    at.radio(key="fc_table_place").set_value("after").run()  # 10 windows the model never saw: a forecast
    table = at.dataframe[0].value
    assert len(table) == 10 and table["input"][0] == "14.08, 14.62, 15.18, 15.74"
    assert any("starting at x = 4.4" in c.value and "a forecast and not a fit" in c.value for c in at.caption)


def test_units_and_activation_can_be_changed(at):
    at.selectbox(key="fc_activation_document_000").set_value("leaky_relu").run()
    at.number_input(key="fc_units_document_000").set_value(6).run()
    assert any("Changed from the recipe: LSTM(6, leaky ReLU)." in c.value for c in at.caption)
    at.number_input(key="fc_points").set_value(200).run()
    at.number_input(key="fc_window").set_value(10).run()
    at.number_input(key="fc_epochs").set_value(2).run()
    at.button(key="fc_train").click().run()
    job = at.session_state["forecast_job"].wait(120)
    assert job.status == "done"
    weights = job.result.weights
    assert weights.units == 6 and weights.activation == "leaky_relu"
    at.run()
    assert not at.exception


def test_document_000_relu_cell_draws_what_ran(at):
    """Document 000's recipe is activation="relu": the diagram's c̃ and h come from relu, and h = o × relu(c)."""
    at.number_input(key="fc_points").set_value(200).run()
    at.number_input(key="fc_window").set_value(10).run()
    at.number_input(key="fc_epochs").set_value(2).run()
    at.button(key="fc_train").click().run()
    assert at.session_state["forecast_job"].wait(120).status == "done"
    at.run()
    data = scene(at, "forecast_scene")
    cell = data["cells"][0]
    assert cell["activation"] == "relu"
    assert any(op["symbol"] == "relu" for op in cell["diagram"]["ops"])
    assert "relu(c)" in [wire["label"] for wire in cell["diagram"]["wires"]]
    for t in range(data["steps"]):
        for unit in range(len(cell["shown"])):
            o, act_c, h, c = (at_step(data, n, t, unit=unit) for n in ("o", "act_c", "h", "c"))
            assert h == pytest.approx(o * act_c, rel=1e-4, abs=1e-9) and act_c == pytest.approx(max(c, 0), abs=1e-9)
    candidate = next(p for p in cell["parts"] if p["name"] == "c_tilde")
    assert candidate["low"] == 0 and candidate["function"] == "relu"  # its axis is the data's, not ±1


def test_settings_come_back_from_the_url():
    """A reloaded tab (or a link) finds the same settings, hence the same run; a hostile value is ignored."""
    query = {"series": "cos", "points": "300", "to": "30.0", "window": "20", "train": "0.7", "recipe": "default"}
    query |= {"seed": "7", "epochs": "3", "units": "9", "activation": "relu", "noise": "oops", "from": "nan"}
    at = open_link("forecasting", query)
    assert at.selectbox(key="fc_series").value == "cos" and at.number_input(key="fc_points").value == 300
    assert at.number_input(key="fc_stop").value == 30.0 and at.number_input(key="fc_start").value == 0.0
    assert at.select_slider(key="fc_fraction").value == 0.7 and at.radio(key="fc_recipe").value == "default"
    assert at.number_input(key="fc_seed").value == 7 and at.number_input(key="fc_epochs").value == 3
    assert at.number_input(key="fc_units_default").value == 9
    assert at.selectbox(key="fc_activation_default").value == "relu"
    assert not at.warning and not at.exception
    kept = {name: at.query_params[name] for name in ("series", "points", "seed", "epochs", "units", "recipe")}
    assert kept == {"series": "cos", "points": "300", "seed": "7", "epochs": "3", "units": "9", "recipe": "default"}
    assert "from" not in at.query_params  # document 000's own start: nothing to keep


def test_document_002_fraction_reads_the_russian_way():
    at = open_page("forecasting", query={"lang": "ru"})
    at.button[[b.label for b in at.button].index("Настройки документа 002")].click().run()
    fraction = at.select_slider(key="fc_fraction")
    assert fraction.value == pytest.approx(44 / 60)
    assert at.query_params["train"] == repr(44 / 60) and at.query_params["points"] == "60"


def test_russian_results_write_numbers_the_russian_way():
    """Decimal commas and minus signs in the metrics and texts; «последние 4 значения» (not «значений»)."""
    at = open_page("forecasting", query={"lang": "ru"})
    at.button[[b.label for b in at.button].index("Настройки документа 002")].click().run()
    at.number_input(key="fc_epochs").set_value(2).run()
    at.number_input(key="fc_seed").set_value(11).run()
    at.button(key="fc_train").click().run()
    assert at.session_state["forecast_job"].wait(120).status == "done"
    at.run()
    assert not at.exception
    assert [m.label for m in at.metric][:4] == [
        "RMSE, на шаг вперёд",
        "MAE, на шаг вперёд",
        "RMSE, авторегрессия",
        "MAE, авторегрессия",
    ]
    texts = [m.value for m in at.metric] + [c.value for c in at.caption] + [m.value for m in at.markdown]
    point = re.compile(r"(?<![\w.])\d+\.\d+")
    assert [t for t in texts if point.search(t) or re.search(r"(?<![\w)])-\d", t)] == []
    assert any("," in m.value for m in at.metric)
    at.slider(key="fc_watch").set_value(3).run()
    assert any("читает последние 4 значения (" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    "query",
    [
        {"points": "9" * 5000, "train": "inf", "epochs": "-3", "window": "1e3"},
        {"series": "__import__('os')", "recipe": "x", "units": "0", "activation": "sigmoid", "to": "1e400"},
        {"train": "0.5000001", "seed": "１２"},  # off the slider's grid (a choice is added), full-width digits
    ],
)
def test_a_hostile_link_keeps_the_defaults_it_cannot_read(query):
    at = open_link("forecasting", query)
    assert not at.exception and not at.warning
    assert at.number_input(key="fc_points").value == 1000 and at.number_input(key="fc_window").value == 50
    assert at.radio(key="fc_recipe").value == "document_000" and at.selectbox(key="fc_series").value == "sin"
    assert at.number_input(key="fc_epochs").value is None and at.number_input(key="fc_units_document_000").value == 10
