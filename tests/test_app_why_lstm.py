"""The Why LSTM page through AppTest."""

import numpy as np
import pytest

from lstm_viz import gradients, quiz
from lstm_viz.sequences import preset_sequence
from tests.helpers import at_step, chart_specs, decode, open_page, scene


@pytest.fixture
def at():
    return open_page("why-lstm", timeout=20)


def curves(app):
    spec = next(s for s in chart_specs(app) if s["layout"].get("yaxis", {}).get("type") == "log")
    return {d["name"]: decode(d["y"]) for d in spec["data"]}, decode(spec["data"][0]["x"])


def metric(app, label):
    return next(m.value for m in app.metric if m.label == label)


RNN, GRU, LSTM, PATH, MIN_GRU = (
    "plain RNN: ‖∂h<sub>T</sub>/∂h<sub>t</sub>‖",
    "GRU: ‖∂h<sub>T</sub>/∂h<sub>t</sub>‖",
    "LSTM: ‖∂c<sub>T</sub>/∂c<sub>t</sub>‖, every path",
    "LSTM, the cell-state path only: ∏ f",
    "minGRU (2024): ∏ (1 − z), its only path",
)


def test_renders_every_section_starting_from_keras_forget_bias(at):
    assert at.title[0].value == "Why LSTM?"
    assert len(at.tabs) == 6
    family = [html.proto.body for html in at.get("html") if "lv-family" in html.proto.body]
    assert len(family) == 1 and family[0].count('class="lv-family-card"') == 12  # every kind, in its group
    assert at.select_slider(key="forget_bias").value == 1.0  # Keras's start, where the LSTM loses
    values, steps = curves(at)
    assert set(values) == {RNN, GRU, LSTM, PATH, MIN_GRU}
    assert steps[0] == 1 and steps[-1] == 40  # steps 1 … T, the last one is T
    assert values[LSTM][0] < values[RNN][0]
    assert (
        metric(at, "LSTM, from t = 1 to T = 40") == "2.83e-08" and metric(at, "RNN, from t = 1 to T = 40") == "4.09e-04"
    )
    side = scene(at, "why_side_by_side")
    assert [cell["kind"] for cell in side["cells"]] == ["rnn", "gru", "lstm"] and side["start"]["t"] == 39
    walk = scene(at, "why_walk")
    assert walk["steps"] == 1 and at_step(walk, "c", 0) == pytest.approx(1.3)
    assert metric(at, "new cell state cₜ") == "1.30" and metric(at, "hidden state hₜ = o·tanh(cₜ)") == "0.78"


def test_presets_show_the_story(at):
    at.button(key="grad_preset_long_memory").click().run()
    values, _ = curves(at)
    assert values[LSTM][0] > 50 * values[RNN][0]
    at.button(key="grad_preset_exploding").click().run()
    values, steps = curves(at)
    assert steps[-1] == 100 and values[RNN][0] > 1e10  # the blow-up the text promises


def test_the_2024_cells_join_the_chart_from_their_backward_passes(at):
    """Off by default; on, four more curves, each the page's own computation (not a typed-in number)."""
    at.button(key="grad_preset_long_memory").click().run()
    at.toggle(key="grad_new_kinds").set_value(True).run()
    values, _ = curves(at)
    new = {name: curve for name, curve in values.items() if name not in (RNN, GRU, LSTM, PATH, MIN_GRU)}
    assert len(new) == 4 and all(curve[-1] == pytest.approx(1.0) for curve in new.values())
    attention = next(curve for name, curve in new.items() if name.startswith("linear attention"))
    assert np.allclose(attention, 1.0)  # S only adds
    text = next(m.value for m in at.markdown if m.value.startswith("**The 2024 cells**"))
    demo = gradients.demo(preset_sequence("sine", 40)[:, None], 1, 0.9, 6.0, new_kinds=True)
    assert f"**mLSTM** {demo.new['mlstm'][0]:.2e}" in text and f"**minLSTM** {demo.new['min_lstm'][0]:.2e}" in text
    at.toggle(key="grad_new_kinds").set_value(False).run()
    assert set(curves(at)[0]) == {RNN, GRU, LSTM, PATH, MIN_GRU}


def test_forget_bias_moves_the_lstm_curve_and_not_the_rnn(at):
    before, _ = curves(at)
    at.select_slider(key="forget_bias").set_value(9.0).run()
    after, _ = curves(at)
    np.testing.assert_array_equal(before[RNN], after[RNN])
    assert after[PATH][0] > before[PATH][0] and after[PATH][0] > 0.99
    at.select_slider(key="forget_bias").set_value(-3.0).run()
    assert curves(at)[0][PATH][0] < 1e-20  # a small forget gate collapses the LSTM's path too


def test_calculator_and_document_model(at):
    at.button[[b.label for b in at.button].index("Load course document 001's face model")].click().run()
    assert metric(at, "Total parameters") == "222,599"
    warning = " ".join(w.value for w in at.warning)
    assert "gives 4·128·(128 + 128 + 1) = **131,584**" in warning and "prints 132,608" in warning
    assert "A guess, labelled as one" in warning
    at.toggle(key="calc_bidirectional").set_value(True).run()
    assert metric(at, "Total parameters") == f"{2 * (90_112 + 4 * 128 * (128 + 256 + 1)) + 257 * 7:,}"
    assert not at.warning
    at.radio(key="calc_layer").set_value("GRU").run()
    assert metric(at, "Total parameters") == f"{2 * (3 * 128 * (47 + 128 + 2) + 3 * 128 * (256 + 128 + 2)) + 257 * 7:,}"


def test_calculator_in_russian_groups_with_spaces():
    app = open_page("why-lstm", timeout=20, query={"lang": "ru"})
    app.button[[b.label for b in app.button].index("Загрузить модель лиц из документа курса 001")].click().run()
    assert metric(app, "Всего параметров") == "222\u00a0599"
    table = app.dataframe[0].value
    assert list(table["формула"])[1] == "4·128·(128 + 128 + 1) = 131\u00a0584"
    assert list(table["слой"]) == ["LSTM 1", "LSTM 2", "полносвязный"]


def test_predict_then_reveal(at):
    seed = at.session_state["quiz_seed"]  # this session's own numbers
    questions = {q.key: q for q in quiz.numeric_questions(seed)}
    keep = questions["keep"]
    at.number_input(key="guess_keep").set_value(keep.answer).run()
    at.button(key="reveal_keep").click().run()
    assert any(f"cₜ = {keep.answer:.4g}**" in s.value and "Right" in s.value for s in at.success)
    gradient = questions["gradient"]
    at.number_input(key="guess_gradient").set_value(1.0).run()
    at.button(key="reveal_gradient").click().run()
    # a wrong answer: never in a green box (issue 25), and it names the misconception it fits (issue 32)
    shown = f"{gradient.asks} = {gradient.answer:.4g}**"
    assert any(shown in s.value and "Not quite" in s.value and "near 1 keeps" in s.value for s in at.warning)
    assert gradient.is_close(gradient.answer * 1.05) and not gradient.is_close(0.0)


def test_walkthrough_sliders_feed_the_cell(at):
    at.select_slider(key="walk_f").set_value(1.0).run()
    at.select_slider(key="walk_i").set_value(0.0).run()
    assert metric(at, "new cell state cₜ") == "1.00"
    at.select_slider(key="walk_o").set_value(0.5).run()
    assert metric(at, "hidden state hₜ = o·tanh(cₜ)") == f"{0.5 * np.tanh(1.0):.2f}"
    assert at_step(scene(at, "why_walk"), "h", 0) == pytest.approx(0.5 * np.tanh(1.0))


def test_see_it_step_by_step_opens_the_explorer_backward_on_the_same_lstm(at):
    from lstm_viz.explorer import link

    button = next(b for b in at.get("link_button") if "step by step" in b.proto.label)
    url = button.proto.url
    assert url.startswith("./?")
    config, _, notes = link.from_query(link.parse_query(url[3:]))
    assert not notes and config.gradient == "flow" and config.cell.kind == "lstm"
    assert config.sequence == at.session_state["grad_seq"] and config.steps == at.session_state["grad_steps"]
