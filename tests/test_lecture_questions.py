"""A lecture scene's question ("predict, then reveal"): both kinds parse, every bad field is a problem (never an
exception), a number question's right answer is the explorer's own trace value, grading keeps the tolerance, a
written file keeps its questions, and the shipped lectures ask at least four each, in both languages."""

import math

import pytest

from lstm_viz import lectures
from lstm_viz.explorer import link, presets
from lstm_viz.explorer.config import run
from lstm_viz.i18n import Texts
from lstm_viz.lectures import dumps, parse
from lstm_viz.lectures.questions import MAX_ASK, MAX_CHOICE, Question, is_right, right_answer, shown

PULSE = "seq=pulse&n=30&W=10,0,3,0&U=0,0,0,0&b=-5,6,0,3&t=2"

NUMBER = f"""
title = "Q"
[[scenes]]
page = "explorer"
caption = "Writing"
state = {{ link = "{PULSE}" }}
[scenes.question]
kind = "number"
ask = "23 steps after the pulse, what will c be at t = 25?"
quantity = "c"
step = 25
tolerance = 0.05
explain = "f ≈ 0.9975 per step."
"""

CHOICE = """
title = "Q"
[[scenes]]
page = "why-lstm"
caption = "Gradients"
state = { tab = "gradients" }
[scenes.question]
kind = "choice"
ask = "Which gate lets the memory survive?"
choices = ["the input gate i", "the forget gate f", "the output gate o"]
answer = 2
"""


def lecture_with(question: str, page: str = "explorer", state: str = f'{{ link = "{PULSE}" }}'):
    text = f'title = "Q"\n[[scenes]]\npage = "{page}"\ncaption = "x"\nstate = {state}\n[scenes.question]\n{question}'
    return parse(text, "q")


def problems(lecture) -> set[tuple[int, str, str]]:
    return {(p.scene, p.field, p.key) for p in lecture.problems}


def trace_value(query: str, quantity: str, step: int, unit: int = 0) -> float:
    """Independently of lstm_viz.lectures: the explorer page's own reading of a lecture's link, and its run."""
    config, _, notes = link.from_query(link.parse_query(query), presets.default_config()[0])
    assert not notes
    return float(run(config)[0].values[quantity][step, unit])


def test_a_number_question_parses():
    lecture = parse(NUMBER, "q")
    assert lecture.problems == ()
    question = lecture.scenes[0].question
    assert question.kind == "number" and question.quantity == "c" and question.step == 25
    assert question.unit == 0 and question.tolerance == 0.05 and question.answer is None and question.choices == ()
    assert question.explain == "f ≈ 0.9975 per step." and question.id.startswith("q-")
    assert parse(NUMBER, "other name").scenes[0].question.id == question.id  # stable across loads


def test_a_choice_question_parses_on_any_page():
    lecture = parse(CHOICE, "q")
    assert lecture.problems == ()
    question = lecture.scenes[0].question
    assert question.kind == "choice" and question.answer == 1  # 0-based here, 1-based in the file
    assert question.choices == ("the input gate i", "the forget gate f", "the output gate o")
    assert right_answer(lecture.scenes[0]) == 1
    assert lectures.parse(CHOICE.replace("[scenes.question]", ""), "q").scenes[0].question is None


def test_the_same_question_twice_gets_two_ids():
    twice = CHOICE + CHOICE.split("\n", 2)[2]
    scenes = parse(twice, "q").scenes
    assert len(scenes) == 2 and scenes[0].question.id != scenes[1].question.id


@pytest.mark.parametrize(
    ("question", "page", "state", "field", "key", "kept"),
    [
        ('kind = "number"\nask = "c?"\nquantity = "c"\nstep = 3\ntolerance = 0.1', "why-lstm", '{ tab = "quiz" }',
         "question.kind", "number_needs_explorer", False),
        ('kind = "number"\nask = "c?"\nquantity = "c"\nstep = 3\ntolerance = 0.1', "explorer", "{}",
         "question.kind", "number_needs_explorer", False),
        ('kind = "number"\nask = "c?"\nquantity = "c"\nstep = 30\ntolerance = 0.1', None, None,
         "question.step", "step_out_of_range", False),
        ('kind = "number"\nask = "c?"\nquantity = "c"\nstep = -1\ntolerance = 0.1', None, None,
         "question.step", "step_out_of_range", False),
        ('kind = "number"\nask = "c?"\nquantity = "c"\nstep = 2.5\ntolerance = 0.1', None, None,
         "question.step", "step_out_of_range", False),
        ('kind = "number"\nask = "c?"\nquantity = "z"\nstep = 3\ntolerance = 0.1', None, None,
         "question.quantity", "unknown_quantity", False),
        ('kind = "number"\nask = "c?"\nquantity = "c"\nstep = 3\ntolerance = 0.1\nanswer = 0.93', None, None,
         "question.answer", "number_answer", True),
        ('kind = "number"\nask = "c?"\nquantity = "c"\nstep = 3\ntolerance = 0', None, None,
         "question.tolerance", "bad_tolerance", False),
        ('kind = "number"\nask = "c?"\nquantity = "c"\nstep = 3\ntolerance = -0.1', None, None,
         "question.tolerance", "bad_tolerance", False),
        ('kind = "number"\nask = "c?"\nquantity = "c"\nstep = 3\ntolerance = "a bit"', None, None,
         "question.tolerance", "bad_tolerance", False),
        ('kind = "number"\nask = "c?"\nquantity = "c"\nstep = 3\ntolerance = nan', None, None,
         "question.tolerance", "bad_tolerance", False),
        ('kind = "number"\nask = "c?"\nquantity = "c"\nstep = 3', None, None,
         "question.tolerance", "question_missing", False),
        ('kind = "number"\nask = "c?"\nquantity = "c"\nstep = 3\nunit = 2\ntolerance = 0.1', None, None,
         "question.unit", "unit_out_of_range", False),
        ('kind = "choice"\nask = "?"\nchoices = ["only one"]\nanswer = 1', None, None,
         "question.choices", "choices_count", False),
        ('kind = "choice"\nask = "?"\nchoices = ["1", "2", "3", "4", "5", "6", "7"]\nanswer = 1', None, None,
         "question.choices", "choices_count", False),
        ('kind = "choice"\nask = "?"\nchoices = ["a", 2]\nanswer = 1', None, None,
         "question.choices", "choices_not_text", False),
        (f'kind = "choice"\nask = "?"\nchoices = ["a", "{"b" * (MAX_CHOICE + 1)}"]\nanswer = 1', None, None,
         "question.choices", "choice_too_long", False),
        ('kind = "choice"\nask = "?"\nchoices = ["a", "b"]\nanswer = 3', None, None,
         "question.answer", "answer_out_of_range", False),
        ('kind = "choice"\nask = "?"\nchoices = ["a", "b"]\nanswer = 0', None, None,
         "question.answer", "answer_out_of_range", False),
        ('kind = "choice"\nask = "?"\nchoices = ["a", "b"]\nanswer = true', None, None,
         "question.answer", "answer_out_of_range", False),
        ('kind = "choice"\nask = "?"\nchoices = ["a", "b"]', None, None, "question.answer", "question_missing", False),
        (f'kind = "choice"\nask = "{"?" * (MAX_ASK + 1)}"\nchoices = ["a", "b"]\nanswer = 1', None, None,
         "question.ask", "question_too_long", False),
        ('kind = "choice"\nchoices = ["a", "b"]\nanswer = 1', None, None, "question.ask", "question_missing", False),
        (f'kind = "choice"\nask = "?"\nchoices = ["a", "b"]\nanswer = 1\nexplain = "{"!" * (MAX_ASK + 1)}"', None, None,
         "question.explain", "explain_too_long", True),
        ('kind = "choice"\nask = "?"\nchoices = ["a", "b"]\nanswer = 1\nstep = 3', None, None,
         "question.step", "unknown_field", True),
        ('kind = "essay"\nask = "?"', None, None, "question.kind", "question_kind", False),
    ],
)  # fmt: skip
def test_every_bad_field_is_a_problem(question, page, state, field, key, kept):
    lecture = lecture_with(question, page or "explorer", state or f'{{ link = "{PULSE}" }}')
    assert problems(lecture) == {(1, field, f"lectures.problem.{key}")}
    assert len(lecture.scenes) == 1  # the scene itself stays
    assert (lecture.scenes[0].question is not None) == kept
    for language in ("en", "ru"):
        for problem in lecture.problems:
            assert "{" not in Texts(language)(problem.key, detail=problem.detail)


def test_a_question_that_is_not_a_table_is_a_problem():
    text = f'[[scenes]]\npage = "explorer"\nstate = {{ link = "{PULSE}" }}\nquestion = "c?"'
    lecture = parse(text, "q")
    assert problems(lecture) == {(1, "question", "lectures.problem.not_a_table")}
    assert lecture.scenes[0].question is None


def test_the_right_answer_is_the_explorer_s_own_trace_value():
    scene = parse(NUMBER, "q").scenes[0]
    right = right_answer(scene)
    assert right == trace_value(PULSE, "c", 25)
    assert 0.93 < right < 0.94 and shown(right) == 0.9337
    # the first cell of compare mode, another unit, a gate
    compare = "seq=pulse&n=30&W=10,0,3,0&U=0,0,0,0&b=-5,6,0,3&Bkind=gru&BW=-10,0,3&BU=0,0,0&Bb=6,0,0&t=12"
    scene = lecture_with('kind = "number"\nask = "f?"\nquantity = "f"\nstep = 12\ntolerance = 0.01',
                         state=f'{{ link = "{compare}" }}').scenes[0]  # fmt: skip
    assert right_answer(scene) == trace_value(compare, "f", 12)
    worked = lectures.load("lstm-cell.en").scenes[2].state["link"]
    scene = lecture_with('kind = "number"\nask = "c?"\nquantity = "c"\nstep = 0\nunit = 3\ntolerance = 0.01',
                         state=f'{{ link = "{worked}" }}').scenes[0]  # fmt: skip
    assert scene.question.unit == 2 and math.isclose(right_answer(scene), 1.19)  # document 001's third unit
    with pytest.raises(ValueError):
        right_answer(parse(CHOICE.replace("[scenes.question]", ""), "q").scenes[0])


def test_is_right_keeps_the_tolerance():
    question = Question("q", "number", "c?", quantity="c", step=25, tolerance=0.05)
    assert is_right(question, 0.9337, 0.9337) and is_right(question, 0.9337, 0.89) and is_right(question, 0.9337, 0.98)
    assert not is_right(question, 0.9337, 0.88) and not is_right(question, 0.9337, 0.99)
    assert is_right(question, 0.9337, "0,93") and is_right(question, -0.5, "−0.5") and is_right(question, 1, 1)
    for wrong in ("", "about one", math.nan, math.inf, None, True):
        assert not is_right(question, 0.9337, wrong)
    choice = Question("q", "choice", "?", choices=("a", "b", "c"), answer=1)
    assert is_right(choice, 1, 1) and not is_right(choice, 1, 0) and not is_right(choice, 1, True)


def test_a_written_lecture_keeps_its_questions():
    for text in (NUMBER, CHOICE):
        lecture = parse(text, "q")
        again = parse(dumps(lecture), "q")
        assert again.problems == () and again.scenes == lecture.scenes
        assert "[scenes.question]" in dumps(lecture)
    for name in lectures.available():
        lecture = lectures.load(name)
        again = parse(dumps(lecture), name)
        assert again.problems == () and again.scenes == lecture.scenes


@pytest.mark.parametrize("name", ["lstm-cell", "letters-to-faces"])
def test_the_shipped_lectures_ask(name):
    en, ru = lectures.load(f"{name}.en"), lectures.load(f"{name}.ru")
    for lecture in (en, ru):
        assert lecture.problems == ()
        asked = [scene for scene in lecture.scenes if scene.question is not None]
        assert len(asked) >= 4
        for scene in asked:
            right = right_answer(scene)
            if scene.question.kind == "number":
                query = scene.state["link"]
                assert right == trace_value(query, scene.question.quantity, scene.question.step, scene.question.unit)
                assert is_right(scene.question, right, shown(right))
                _, shown_t, _ = link.from_query(link.parse_query(query))
                assert shown_t < scene.question.step  # predict first: the asked step is not on screen yet
            else:
                assert 0 <= right < len(scene.question.choices)
    # the Russian lecture asks the same questions on the same scenes
    assert [(s.question.kind, s.question.answer, s.question.quantity, s.question.step) if s.question else None
            for s in en.scenes] == [(s.question.kind, s.question.answer, s.question.quantity, s.question.step)
            if s.question else None for s in ru.scenes]  # fmt: skip


def test_the_cell_lecture_asks_before_it_shows():
    scenes = lectures.load("lstm-cell.en").scenes
    writing, long_memory = scenes[3], scenes[4]
    assert writing.question.kind == "number" and writing.question.quantity == "c" and writing.question.step == 25
    assert long_memory.state["link"].endswith("t=25")  # the next scene shows the answer
    assert math.isclose(right_answer(writing), trace_value(long_memory.state["link"], "c", 25))
    keras = scenes[5]
    assert "b_f = 1" in keras.caption and keras.question.kind == "number"
    assert any(s.question and s.question.kind == "choice" and "forget gate f" in s.question.choices[s.question.answer]
               for s in scenes)  # fmt: skip


@pytest.mark.parametrize(
    "question",
    [
        {"kind": ["number"], "ask": "?"},
        {"kind": "number", "ask": "?", "quantity": ["c"], "step": "3", "unit": [], "tolerance": {}},
        {"kind": "number", "ask": "?", "quantity": "c", "step": 1e300, "tolerance": 0.1},
        {"kind": "number", "ask": "?", "quantity": "c", "step": 3, "unit": True, "tolerance": 0.1},
        {"kind": "choice", "ask": 7, "choices": "a, b", "answer": "1"},
        {"kind": "choice", "ask": "?", "choices": {"a": 1}, "answer": 1},
        {"kind": "choice", "ask": "?", "choices": ["a", "b"], "answer": 1.5, "explain": 3},
        {"kind": "choice", "ask": "  ", "choices": ["a", "b"], "answer": 1},
    ],
)
def test_hostile_questions_are_problems_never_exceptions(question):
    import json

    data = {"scenes": [{"page": "explorer", "state": {"link": PULSE}, "question": question}]}
    lecture = parse(json.dumps(data), "q", "json")
    assert lecture.problems and len(lecture.scenes) == 1
    for problem in lecture.problems:
        assert problem.field.startswith("question") and Texts("ru")(problem.key, detail=problem.detail)
