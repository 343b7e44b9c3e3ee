"""The "Why LSTM" page through AppTest."""

import numpy as np
import pytest

from lstm_viz import quiz
from tests.helpers import chart_specs, decode, open_page


@pytest.fixture
def at():
    return open_page("why_lstm", timeout=10)


def curves(app):
    spec = next(s for s in chart_specs(app) if s["layout"].get("yaxis", {}).get("type") == "log")
    return {d["name"]: decode(d["y"]) for d in spec["data"]}


def metric(app, label):
    return next(m.value for m in app.metric if m.label == label)


def test_renders_every_section(at):
    assert at.title[0].value == "Why LSTM?"
    assert len(at.tabs) == 5
    assert len(at.get("plotly_chart")) == 4  # curves, two diagrams side by side, the walkthrough's cell
    assert metric(at, "new cell state c_t") == "1.30" and metric(at, "output h_t = o·tanh(c_t)") == "0.78"


def test_forget_bias_moves_the_lstm_curve_and_not_the_rnn(at):
    before = curves(at)
    at.slider(key="forget_bias").set_value(9.0).run()
    after = curves(at)
    rnn = "plain RNN: ‖∂h_T/∂h_t‖"
    lstm = "LSTM, cell-state path only: ∏ f"
    np.testing.assert_array_equal(before[rnn], after[rnn])
    assert after[lstm][0] > before[lstm][0] and after[lstm][0] > 0.99
    at.slider(key="forget_bias").set_value(-3.0).run()
    assert curves(at)[lstm][0] < 1e-20  # a small forget gate collapses the LSTM's path too


def test_rnn_scale_changes_the_rnn_curve(at):
    at.slider(key="rnn_scale").set_value(0.3).run()
    small = curves(at)["plain RNN: ‖∂h_T/∂h_t‖"][0]
    at.slider(key="rnn_scale").set_value(1.0).run()
    assert curves(at)["plain RNN: ‖∂h_T/∂h_t‖"][0] > small


def test_calculator_and_document_model(at):
    at.button[[b.label for b in at.button].index("Load course document 001's face model")].click().run()
    assert metric(at, "Total parameters") == "222,599"
    assert any("132,608" in w.value and "222,599" in w.value for w in at.warning)
    at.toggle(key="calc_bidirectional").set_value(True).run()
    assert metric(at, "Total parameters") == f"{2 * (90_112 + 4 * 128 * (128 + 256 + 1)) + 257 * 7:,}"
    assert not at.warning


def test_predict_then_reveal(at):
    question = quiz.QUESTIONS[0]
    at.number_input(key=f"guess_{question.key}").set_value(0.9).run()
    at.button(key=f"reveal_{question.key}").click().run()
    assert any("c = 0.9000" in s.value and "Right" in s.value for s in at.success)
    other = quiz.QUESTIONS[4]
    at.number_input(key=f"guess_{other.key}").set_value(0.9).run()
    at.button(key=f"reveal_{other.key}").click().run()
    assert any("c = 0.0052" in s.value and "Not quite" in s.value for s in at.success)


def test_walkthrough_sliders_feed_the_cell(at):
    at.slider(key="walk_f").set_value(1.0).run()
    at.slider(key="walk_i").set_value(0.0).run()
    assert metric(at, "new cell state c_t") == "1.00"
    at.slider(key="walk_o").set_value(0.5).run()
    assert metric(at, "output h_t = o·tanh(c_t)") == f"{0.5 * np.tanh(1.0):.2f}"
