"""Issue 32 ("Teach it right, round two"), the items an audit found still open, pinned one by one.

Your model's Russian number box; the forecast's window after the training range; every lecture page named in both
languages; the Russian wording and slider values; the legends' subscripts; the challenges' order; the cell lecture's
opening and output-gate scenes; the missing intuitions; the projector's short forms; the quiz's conceptual questions.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

from lstm_viz.i18n import Texts
from lstm_viz.locales import collect

ROOT = Path(__file__).resolve().parents[1]
RU = collect("ru")
EN = collect("en")


def page_source(name: str) -> ast.Module:
    return ast.parse((ROOT / "pages" / f"{name}.py").read_text(encoding="utf-8"))


# --- 1. Your model: the typed numbers are read in the page's language ---------------------------------------------


def test_your_models_box_passes_the_language_it_was_typed_in():
    """The page calls ``typed(text, features, language)``: without it «0,5; 1» was read as [0, 5, 1]."""
    calls = [
        node
        for node in ast.walk(page_source("your-model"))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "typed"
    ]
    assert calls and all(len(call.args) == 3 for call in calls)


def test_your_models_russian_label_and_help_say_decimal_comma():
    from lstm_viz.own_model.inputs import typed

    tr = Texts("ru")
    label, help_text = tr("own.input.typed_label", features=2), tr("own.input.typed_help")
    assert "через точку с запятой или пробел" in label and "запятую: 0,5" in label and "0.5" not in label
    assert "0,5; 1" in help_text and "запятая" in help_text
    assert typed("0,5; 1", 2, "ru").tolist() == [[0.5, 1.0]]  # what the help's example means, read as it says
    assert typed("0.5, 1", 2, "en").tolist() == [[0.5, 1.0]]
    assert "0.5, 1" in Texts("en")("own.input.typed_help")


# --- 2. Forecasting: the document's table measures a fit; a window after the training range measures a forecast ---


def test_the_documents_test_windows_are_training_windows():
    """The 10 test windows are, to rounding, training windows 10–19 (0-based): their MAE measures fit."""
    from lstm_viz import forecast

    inputs, truth = forecast.document_002_test()
    assert forecast.trained_on(inputs, truth).tolist() == list(range(10, 20))


def test_the_windows_after_the_training_range_were_never_trained_on():
    from lstm_viz import forecast

    spec = forecast.PRESETS["document_002"]
    x, y = forecast.make_series(spec)
    inputs, truth = forecast.document_002_after(x[spec.train_points])
    assert inputs.shape == (10, 4, 1) and truth.shape == (10,)
    assert (forecast.trained_on(inputs, truth) == -1).all()
    assert inputs.min() > y[: spec.train_points].max()  # every value is past what the model was trained on
    # computed as the document computes its windows, from x = 4.4 (the first x past the training part)
    assert round(x[spec.train_points], 1) == 4.4 and inputs[0, 0, 0] == round(4.4 * 4.4 / 2 + 4.4, 2)
    assert truth[-1] == forecast.quadratic_sequence(5.3, 5)[-1]


def test_predict_windows_reads_each_window_scaled_and_answers_in_the_series_units():
    from lstm_viz import forecast

    scaler = forecast.Scaler(10.0, 2.0)
    windows = np.array([[[10.0], [12.0]], [[14.0], [16.0]]])
    last = forecast.predict_windows(lambda window: float(window[-1, 0]), scaler, windows)
    assert last.tolist() == [12.0, 16.0]  # scaled in, back to the series' units out


def test_the_tables_texts_say_fit_and_forecast_in_both_languages():
    for language in ("en", "ru"):
        table = collect(language)
        assert "inside the training range" not in table["forecasting.table.note"]
        assert "внутри обучающего диапазона, как и в документе" not in table["forecasting.table.note"]
    tr = Texts("en")
    inside = tr("forecasting.table.inside", count=10, windows=10, first=11, last=20, place="x")
    assert "10 of these 10" in inside and "11–20" in inside and "fits" in inside
    values = dict(mae=0.5, windows=10, start=4.4, end=4.3, low=14.08, high=21.94, trained_low=0.0, trained_high=13.55)
    assert "x = 4.4" in tr("forecasting.table.after", **values) and "a forecast and not a fit" in tr(
        "forecasting.table.after", **values
    )
    ru = Texts("ru")("forecasting.table.after", **values)
    assert "x = 4,4" in ru and "прогноз, а не подгонка" in ru
    assert Texts("ru")("forecasting.table.place.after") == "После обучающего диапазона"


# --- 3. Lectures: every scene page has a name in both languages; the faces lab and your model can be scenes --------


def test_every_lecture_page_has_a_label_in_both_languages():
    from lstm_viz.lectures import PAGES

    for language in ("en", "ru"):
        tr = Texts(language)
        for page in PAGES:
            assert tr.has(f"lectures.page.{page}"), (language, page)
            assert f"`{page}`" in tr("lectures.format_text"), (language, page)  # the file format lists it
    assert Texts("en")("lectures.page.neurons") == "neurons" and Texts("ru")("lectures.page.neurons") == "нейроны"
    assert "интерактивн" not in Texts("ru")("lectures.format_text")


LAB_AND_MODEL = """
title = "The lab and your model"
language = "en"

[[scenes]]
page = "faces-lab"
caption = "Adam, step by step"
state = { tab = "adam" }

[[scenes]]
page = "your-model"
caption = "A model trained on this server"
state = { source = "sample" }

[[scenes]]
page = "faces-lab"
caption = "no such tab"
state = { tab = "nowhere" }
"""


def test_the_faces_lab_and_your_model_parse_as_lecture_scenes():
    from lstm_viz.lectures import parse

    lecture = parse(LAB_AND_MODEL, "lab-and-model")
    assert [(s.page, dict(s.state)) for s in lecture.scenes] == [
        ("faces-lab", {"tab": "adam"}),
        ("your-model", {"source": "sample"}),
        ("faces-lab", {}),
    ]
    assert [(p.scene, p.field, p.key) for p in lecture.problems] == [(3, "state.tab", "lectures.problem.bad_value")]


def test_the_faces_lab_and_your_model_take_a_scenes_state(monkeypatch, synthetic_home):
    """A scene opens the lab on its tab and your model on its source; each page offers its view for the builder."""
    from lstm_viz import faces
    from lstm_viz.lectures import parse
    from tests.helpers import open_page

    monkeypatch.setenv(faces.DATA_HOME_VARIABLE, synthetic_home)
    lecture = parse(LAB_AND_MODEL, "lab-and-model")
    at = open_page("faces")
    at.number_input(key="min_faces").set_value(5).run()
    for index, page, key, value in ((0, "faces-lab", "lab_tab_id", "adam"), (1, "your-model", "own_source", "sample")):
        at.session_state["lecture_open"] = lecture
        at.session_state["lecture_index"] = index
        at.session_state["lecture_applied"] = False
        at.switch_page(f"pages/{page}.py").run()
        assert not at.exception, at.exception
        assert at.session_state[key] == value and at.session_state["lecture_applied"]
        assert at.session_state["lecture_offered"] == (page, {key.removesuffix("_id").split("_")[-1]: value})
    assert "own_sample_job" not in at.session_state  # nothing trained


# --- 4. Russian wording; decimal sliders in the page's language ---------------------------------------------------


def test_the_russian_wording():
    assert RU["challenge.half_life.task"].startswith("Импульс на шаге t = 2 записан в c.")
    assert RU["challenge.hold_reveal.task"].startswith("Импульс на шаге t = 3 записан")
    assert not [key for key, text in RU.items() if re.search(r"[Ии]мпульс t =", text)]
    assert "в исследователе ячейки" in RU["own.caption"]
    assert not [key for key, text in RU.items() if "интерактивн" in text]


def test_the_number_sliders_grid_and_labels():
    from ui import number_slider

    assert number_slider.decimals(0.05) == 2 and number_slider.decimals(0.25) == 2 and number_slider.decimals(1) == 0
    grid = number_slider.grid(-4.0, 10.0, 0.25)
    assert len(grid) == 57 and grid[0] == -4.0 and grid[-1] == 10.0 and 6.0 in grid
    assert 0.3 in number_slider.grid(0.0, 1.0, 0.1)  # rounded to the step's digits, not 0.30000000000000004
    off = number_slider.grid(-10.0, 10.0, 0.1, (2.345, float("nan"), 99.0))
    assert 2.345 in off and len(off) == 202  # a value off the grid is kept as it is; NaN and out-of-range are not
    label = number_slider.labeller(Texts("ru"), off, 0.1)
    assert label(0.5) == "0,5" and label(-1.0) == "−1,0" and label(2.345) == "2,345"
    assert len({label(v) for v in off}) == len(off)  # every label its own: a select slider finds a value by its label
    assert number_slider.labeller(Texts("en"), off, 0.1)(0.5) == "0.5"


def slider_labels(at, key: str) -> tuple[str, list[str]]:
    slider = at.select_slider(key=key)
    return slider.format_func(slider.value), slider.options


def test_russian_float_sliders_write_a_decimal_comma():
    """Why LSTM, the challenges and the explorer: each float slider writes its values in Russian (0,90), keeps its key,
    and a value set through that key is the same number."""
    from tests.helpers import open_page

    at = open_page("why-lstm", query={"lang": "ru"})
    shown, options = slider_labels(at, "forget_bias")
    assert shown == "1,00" and "−4,00" in options and "10,00" in options
    at.select_slider(key="forget_bias").set_value(6.0).run()
    assert not at.exception and slider_labels(at, "forget_bias")[0] == "6,00"
    assert slider_labels(at, "rnn_scale")[0].count(",") == 1
    for key, value in (("walk_f", "0,90"), ("walk_i", "0,80"), ("walk_c_tilde", "0,50"), ("walk_o", "0,90")):
        assert slider_labels(at, key)[0] == value
    assert slider_labels(at, "walk_c_prev")[0] == "1,00"

    at = open_page("explorer", query={"lang": "ru"})
    assert not [s.key for s in at.slider if isinstance(s.value, float)]  # no float slider with a decimal point left
    weights = [s.key for s in at.select_slider if s.key.startswith(("W_", "U_", "b_"))]
    assert weights and all("," in slider_labels(at, key)[0] for key in weights)

    at = open_page("challenges", query={"lang": "ru"})
    at.selectbox(key="ch_pick").set_value("write").run()
    knobs = [s.key for s in at.select_slider if s.key.startswith("ch_")]
    assert knobs and all("," in slider_labels(at, key)[0] for key in knobs)
    assert not [s.key for s in at.slider if isinstance(s.value, float)]


# --- 5. Legends and labels with subscripts, not raw h_T ------------------------------------------------------------


RAW_SUBSCRIPT = re.compile(r"\b[hc]_[tT]\b")


def test_why_lstm_legends_and_labels_have_subscripts():
    from lstm_viz import gradients
    from lstm_viz.plots.gradients import demo_curves

    for language in ("en", "ru"):
        tr, table = Texts(language), collect(language)
        for key in ("rnn", "gru", "lstm"):
            assert (
                not RAW_SUBSCRIPT.search(table[f"why_lstm.curve.{key}"])
                and "<sub>T</sub>" in table[f"why_lstm.curve.{key}"]
            )
        for key in ("new_state", "hidden"):
            assert (
                not RAW_SUBSCRIPT.search(table[f"why_lstm.gate_by_gate.{key}"])
                and "ₜ" in table[f"why_lstm.gate_by_gate.{key}"]
            )
        demo = gradients.demo(np.zeros((5, 1)), 1, 1.0, 1.0)
        names = [trace.name for trace in demo_curves(demo, 5, tr).data]
        assert names and not any(RAW_SUBSCRIPT.search(name) for name in names)


# --- 6. The challenges' order: keep_pulse before half_life, the coupled cell before the GRU -----------------------


def test_the_challenges_come_easier_first_and_the_coupled_cell_bridges_to_the_gru():
    from lstm_viz.challenges import CHALLENGES

    keys = [c.key for c in CHALLENGES]
    assert keys.index("keep_pulse") + 1 == keys.index("half_life")
    assert keys.index("coupled_memory") + 1 == keys.index("gru_memory")
    assert keys[:5] == ["pin_forget", "write", "keep_pulse", "half_life", "hold_reveal"]
    levels = [c.level for c in CHALLENGES]
    assert levels == sorted(levels)
    assert (
        "next challenge" in EN["challenge.coupled_memory.why"]
        and "следующей задаче" in RU["challenge.coupled_memory.why"]
    )
    assert "f = 1 − i" in EN["challenge.gru_memory.task"] and "f = 1 − i" in RU["challenge.gru_memory.task"]


# --- 8. The missing intuitions, one paragraph each, where a student meets them -------------------------------------


INTUITIONS = {
    "why_lstm.side_by_side.shared_weights": ("same weights at every step", "одни и те же веса на каждом шаге"),
    "why_lstm.calculator.units_vs_steps": ("not 128 cells in a chain", "а не 128 ячеек в цепочке"),
    "why_lstm.calculator.return_sequences": ("many-to-one", "многие к одному"),
    "why_lstm.gradients.exploding": ("gradient clipping", "обрезка градиента"),
    "why_lstm.gate_by_gate.document_sigmoid": ("never exactly 0 or 1", "никогда не равна ровно 0 или 1"),
}


def test_the_intuitions_are_written_in_both_languages():
    for key, (english, russian) in INTUITIONS.items():
        assert english.lower() in EN[key].lower() and russian.lower() in RU[key].lower(), key
        assert len(EN[key].split()) <= 90 and len(RU[key].split()) <= 90, key  # a short paragraph
    assert "many-to-many" in EN["why_lstm.calculator.return_sequences"]
    assert "многие ко многим" in RU["why_lstm.calculator.return_sequences"]
    assert "clipnorm" in EN["why_lstm.gradients.exploding"] and "clipnorm" in RU["why_lstm.gradients.exploding"]
    for table in (EN, RU):  # document 004's own words, quoted as it writes them
        assert "«Сигмоида выдает 0/1»" in table["why_lstm.gate_by_gate.document_sigmoid"]


def test_the_why_lstm_page_shows_them_with_computed_numbers():
    from lstm_viz.cells.base import sigmoid
    from tests.helpers import open_page

    for language in ("en", "ru"):
        tr = Texts(language)
        at = open_page("why-lstm", query={"lang": language})
        shown = " ".join(e.value for kind in ("markdown", "caption") for e in at.get(kind))
        for key in INTUITIONS:
            if key != "why_lstm.gate_by_gate.document_sigmoid":
                assert tr(key) in shown, (language, key)
        high, low = (tr.number(float(sigmoid(z)), ".4f") for z in (6.0, -6.0))
        assert tr("why_lstm.gate_by_gate.document_sigmoid", high=high, low=low) in shown
        assert (high, low) == (("0.9975", "0.0025") if language == "en" else ("0,9975", "0,0025"))


# --- 9. Projector length: a short form in lecture mode, the rest behind "More" -------------------------------------

LONG_TEXTS = (
    "why_lstm.gradients.intro",
    "lab.conclusion.reason1_text",
    "neurons.count.intro",
    "challenge.rising_edge.task",
)


def test_the_long_texts_have_short_forms_of_at_most_40_words():
    from ui.projector import MAX_WORDS, SHORT

    for table in (EN, RU):
        for key in LONG_TEXTS:
            short, whole = table[key + SHORT], table[key]
            assert len(short.split()) <= MAX_WORDS == 40, (key, len(short.split()))
            assert len(whole.split()) > 2 * MAX_WORDS  # the reason for a short form
    assert EN["app.more"] == "More" and RU["app.more"] == "Подробнее"


def expanders(at) -> list[str]:
    return [e.label for e in at.expander]


def test_lecture_mode_shows_the_short_form_and_the_rest_behind_more():
    from tests.helpers import open_link, open_page

    for language in ("en", "ru"):
        tr = Texts(language)
        at = open_page("why-lstm", query={"lang": language, "lecture": "1"})
        shown = [m.value for m in at.markdown]
        assert tr("why_lstm.gradients.intro.short") in shown and tr("app.more") in expanders(at)
        assert tr("why_lstm.gradients.intro") in shown  # inside "More"
        at = open_page("why-lstm", query={"lang": language})
        shown = [m.value for m in at.markdown]
        assert tr("why_lstm.gradients.intro") in shown and tr("why_lstm.gradients.intro.short") not in shown
        assert tr("app.more") not in expanders(at)

        at = open_link("challenges", {"ch": "rising_edge", "lang": language, "lecture": "1"})
        shown = [m.value for m in at.markdown]
        assert tr("challenge.rising_edge.task.short") in shown and tr("app.more") in expanders(at)
        at = open_link("challenges", {"ch": "rising_edge", "lang": language})
        assert tr("challenge.rising_edge.task") in [m.value for m in at.markdown]


def test_the_neurons_and_lab_texts_go_through_the_projector():
    """(Their pages need a data set or a run to reach these texts: the calls are checked in the source.)"""
    for path, key in (
        ("ui/neurons_counting.py", "neurons.count.intro"),
        ("ui/faces_lab_conclusion.py", "lab.conclusion.reason1_text"),
    ):
        source = (ROOT / path).read_text(encoding="utf-8")
        assert f'projector.markdown(tr, "{key}")' in source and f'st.markdown(tr("{key}"))' not in source


# --- 10. The quiz: conceptual questions on named misconceptions; each student's own numbers --------------------------


def test_every_misconception_has_at_least_two_conceptual_questions():
    from lstm_viz import quiz

    for name in quiz.MISCONCEPTIONS:
        built = [q for q in quiz.CONCEPTUAL if q.tests == name]
        assert len(built) >= 2, name
    for question in quiz.CONCEPTUAL:
        assert question.reveals.count(None) == 1 and len(question.reveals) >= 3
        assert all(name in quiz.MISCONCEPTIONS for name in question.reveals if name is not None)
        for table in (EN, RU):
            for n in range(1, len(question.reveals) + 1):
                assert f"quiz.{question.key}.choice.{n}" in table
            assert f"quiz.{question.key}.text" in table and f"quiz.{question.key}.explanation" in table
    assert {q.answer for q in quiz.CONCEPTUAL} == {0, 1, 2}  # the right choice is not always in one place
    for table in (EN, RU):
        assert all(f"quiz.misconception.{name}" in table for name in quiz.MISCONCEPTIONS)
        assert "«Сигмоида выдает 0/1»" in table["quiz.misconception.gate_is_binary"]


def test_each_student_draws_one_conceptual_question_per_misconception():
    from lstm_viz import quiz

    draws = {tuple(q.key for q in quiz.conceptual_questions(seed)) for seed in range(20)}
    assert len(draws) > 1
    for seed in range(5):
        drawn = quiz.conceptual_questions(seed)
        assert [q.tests for q in drawn] == list(quiz.MISCONCEPTIONS)
        assert quiz.conceptual_questions(seed) == drawn  # the same student, the same questions


def expected(question) -> float:
    """The answer, by the formula the explanation states (the quiz computes it with the NumPy cell)."""
    v = question.values
    return {
        "keep": lambda: v["f"] * v["c_prev"],
        "mix": lambda: v["c_prev"] + v["c_tilde"],
        "squash": lambda: v["o"] * np.tanh(v["c"]),
        "hidden": lambda: v["c0"],
        "unbounded": lambda: v["steps"],
        "decay": lambda: v["f"] ** v["steps"],
        "gradient": lambda: v["f"] ** v["steps"],
        "count": lambda: 4 * v["units"] * (v["units"] + v["features"] + 1),
    }[question.key]()


def test_numeric_questions_draw_their_numbers_from_the_seed_and_compute_the_answers():
    from lstm_viz import quiz

    drawn = {seed: quiz.numeric_questions(seed) for seed in range(12)}
    assert len({tuple(tuple(sorted(q.values.items())) for q in qs) for qs in drawn.values()}) == 12  # all differ
    neighbours = zip(drawn[0], drawn[1], strict=True)
    assert sum(a.values != b.values for a, b in neighbours) >= 6  # two neighbours: most numbers differ
    assert quiz.numeric_questions(3) == drawn[3]
    for questions in drawn.values():
        assert [q.key for q in questions] == ["keep", "mix", "squash", "hidden", "unbounded", "decay", "gradient",
                                              "count"]  # fmt: skip
        for question in questions:
            assert question.answer == pytest.approx(expected(question), rel=1e-9, abs=1e-12), question.key
            assert question.is_close(question.answer) and question.misconception(question.answer) is None
            for language in ("en", "ru"):
                tr = Texts(language)
                for part in ("text", "explanation"):
                    text = tr(f"quiz.{question.key}.{part}", **question.values)
                    assert "{" not in text and "}" not in text


def test_a_wrong_numeric_answer_names_the_misconception_it_fits():
    from lstm_viz import quiz

    for seed in range(12):
        questions = {q.key: q for q in quiz.numeric_questions(seed)}
        assert questions["mix"].misconception(1.0) == "cell_is_bounded"
        assert questions["unbounded"].misconception(1.0) == "cell_is_bounded"
        assert questions["hidden"].misconception(0.0) == "output_is_memory"
        assert questions["decay"].misconception(1.0) == "near_one_keeps"
        assert questions["gradient"].misconception(1.0) == "near_one_keeps"
        assert questions["keep"].misconception(questions["keep"].values["c_prev"]) == "gate_is_binary"
        count = questions["count"]
        assert count.misconception(count.answer * count.values["steps"]) == "weights_per_step"
        assert count.misconception(count.answer + 7) is None  # wrong, but no misconception computes it
        squash = questions["squash"]
        assert squash.misconception(squash.values["o"] * squash.values["c"]) == "output_is_memory"


def test_the_quiz_on_the_page_names_the_misconception_of_a_wrong_choice():
    from lstm_viz import quiz
    from tests.helpers import open_page

    for language in ("en", "ru"):
        tr = Texts(language)
        at = open_page("why-lstm", query={"lang": language})
        seed = at.session_state["quiz_seed"]
        question = quiz.conceptual_questions(seed)[0]
        wrong = next(n for n, name in enumerate(question.reveals) if name is not None)
        at.radio(key=f"pick_{question.key}").set_value(wrong).run()
        at.button(key=f"reveal_{question.key}").click().run()
        belief = tr(f"quiz.misconception.{question.misconception(wrong)}")
        assert any(belief in w.value and tr("why_lstm.quiz.wrong_choice") in w.value for w in at.warning)
        at.button(key="quiz_new").click().run()
        assert not at.exception and at.session_state["quiz_seed"] != seed
        assert f"revealed_{question.key}" not in at.session_state


def test_a_your_model_scene_is_prepared_before_class():
    """``python -m lstm_viz.prepare`` trains the sample a your-model scene shows (the page's own SampleRun)."""
    from lstm_viz.lectures import parse
    from lstm_viz.own_model.sample import SampleRun
    from lstm_viz.prepare import lecture_runs

    lecture = parse(LAB_AND_MODEL, "lab-and-model")
    assert lecture_runs(lecture) == [(2, SampleRun())]  # the faces lab trains nothing of its own
