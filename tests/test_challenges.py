"""The challenges: every reference solution passes and every start fails, robustly; links and stored progress that
were tampered with open as far as they are valid; the page grades the sliders a student moves."""

import itertools
import json

import numpy as np
import pytest

from lstm_viz.challenges import BY_KEY, CHALLENGES, challenge
from lstm_viz.challenges.base import LIMIT, STEP, address
from lstm_viz.challenges.criteria import SLACK, AtLeast, AtMost, MeanSquare, Ratio, Within
from lstm_viz.challenges.link import Attempt, Progress, from_query, progress_from_storage, to_query
from lstm_viz.i18n import Texts
from tests.helpers import open_link, open_page

IDS = [c.key for c in CHALLENGES]


def test_at_least_ten_challenges_from_easy_to_hard_on_several_kinds():
    assert len(CHALLENGES) >= 10
    levels = [c.level for c in CHALLENGES]
    assert levels == sorted(levels) and set(levels) == {1, 2, 3}
    assert {"lstm", "gru", "rnn"} <= {c.kind for c in CHALLENGES}
    assert any(c.units > 1 for c in CHALLENGES)


@pytest.mark.parametrize("key", IDS)
def test_the_reference_solution_passes_and_the_start_fails(key):
    c = challenge(key)
    solved = c.grade(c.solution_values(), c.solution_pins)
    assert solved.passed, solved.checks
    assert solved.margin > 1e-3  # passes by far more than floating-point noise
    started = c.grade(c.start_values())
    assert not started.passed
    assert started.margin < -1e-3  # fails by far more than floating-point noise


@pytest.mark.parametrize("key", IDS)
def test_the_verdict_holds_under_noise(key):
    c = challenge(key)
    rng = np.random.default_rng(0)
    for _ in range(20):
        noisy = tuple(v + rng.normal(0, 1e-6) for v in c.solution_values())
        assert c.grade(noisy, c.solution_pins).passed
        noisy = tuple(v + rng.normal(0, 1e-6) for v in c.start_values())
        assert not c.grade(noisy).passed


@pytest.mark.parametrize("key", IDS)
def test_solutions_sit_on_the_sliders_grid(key):
    c = challenge(key)
    for value in (*c.solution_values(), *c.start_values()):
        assert -LIMIT <= value <= LIMIT and abs(value / STEP - round(value / STEP)) < 1e-9


@pytest.mark.parametrize("key", [c.key for c in CHALLENGES if not c.pins])
def test_pinning_every_gate_cannot_pass_where_pinning_is_not_the_point(key):
    c = challenge(key)
    kind = c.cell_kind
    choices = [(-1.0, 0.0, 1.0) if kind.part(p).low < 0 else (0.0, 0.5, 1.0) for p in kind.pinnable]
    for values in itertools.product(*choices):
        pins = dict(zip(kind.pinnable, values))
        grade = c.grade(c.start_values(), pins)
        assert not grade.passed and not grade.trace.pinned  # the pins are not the student's to set here


def test_where_pinning_is_the_point_only_the_allowed_gate_pins():
    c = challenge("pin_forget")
    assert c.knobs == () and c.pins == ("f",)
    assert c.grade((), {"f": 1.0}).passed
    ignored = c.grade((), {"i": 1.0, "o": 1.0})
    assert not ignored.passed and ignored.trace.pinned == ()


def test_weight_names_read_like_the_sliders():
    lstm = challenge("rising_edge").cell_kind
    where = address(lstm, "U_o_1_0")
    assert (where.spec.name, where.part, where.unit, where.row) == ("recurrent_kernel", "o", 1, 0)
    where = address(lstm, "b_c_tilde")
    assert (where.spec.name, where.part, where.unit, where.row) == ("bias", "c_tilde", 0, None)
    where = address(challenge("gru_memory").cell_kind, "W_h_tilde")
    assert (where.spec.name, where.part, where.row) == ("kernel", "h_tilde", 0)
    with pytest.raises(KeyError):
        address(lstm, "Q_f")


def test_the_criteria_measure_what_they_say():
    c = challenge("count_ones")
    trace = c.run(c.solution_values())
    check = c.conditions[0].check(trace)
    assert check.value == pytest.approx(abs(trace.c[-1, 0] - 11))
    assert check.passed and check.margin == pytest.approx(0.5 - check.value)
    # a value exactly on the bound passes, within SLACK
    on_bound = AtLeast("c", steps=(-1,), bound=float(trace.c[-1, 0]))
    assert on_bound.check(trace).passed
    below = AtLeast("c", steps=(-1,), bound=float(trace.c[-1, 0]) + 10 * SLACK)
    assert not below.check(trace).passed
    # every kind of condition has a formula and a band per step it checks
    for condition in (AtLeast("c", steps=(1, 2)), AtMost("c", steps=(0, 1, 2)), Within("c", targets=(1.0,)),
                      Ratio("c", earlier=2, later=5), MeanSquare("c", steps=(1, 2), targets=(0.0,) * 20)):  # fmt: skip
        assert condition.tex(20) and condition.bands(trace)


def test_a_nan_never_passes():
    c = challenge("keep_pulse")
    trace = c.run(c.solution_values())
    broken = type(trace)(trace.kind, trace.activation, trace.x, {**trace.values, "c": trace.c * np.nan}, ())
    assert not c.conditions[0].check(broken).passed


def test_an_attempt_round_trips_through_its_link():
    attempt = Attempt("pin_forget", (), {"f": 0.9}, 2)
    assert from_query(to_query(attempt)) == (attempt, [])
    attempt = Attempt("rising_edge", (10.0, -10.0, -5.0), {}, 0)
    assert from_query(to_query(attempt)) == (attempt, [])


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ({"ch": "nope"}, "challenges.link.unknown"),
        ({"ch": "keep_pulse", "a": "1,2,3"}, "challenges.link.count"),
        ({"ch": "keep_pulse", "a": "x,2"}, "challenges.link.not_a_number"),
        ({"ch": "keep_pulse", "a": "nan,2"}, "challenges.link.not_a_number"),
        ({"ch": "keep_pulse", "a": "1e9,2"}, "challenges.link.moved"),
        ({"ch": "keep_pulse", "a": "0.123,2"}, "challenges.link.moved"),
        ({"ch": "keep_pulse", "p_f": "1"}, "challenges.link.pin_not_allowed"),
        ({"ch": "pin_forget", "p_f": "7"}, "challenges.link.moved"),
        ({"ch": "keep_pulse", "hints": "9"}, "challenges.link.hints"),
        ({"ch": "keep_pulse", "hints": "-1"}, "challenges.link.hints"),
    ],
)
def test_a_tampered_link_opens_as_far_as_it_is_valid_and_names_the_field(query, note):
    attempt, notes = from_query(query)
    assert note in [key for key, _ in notes]
    tr = Texts("ru")
    for key, values in notes:
        assert tr(key, **values)  # every note has its text and its fields
    if query["ch"] in BY_KEY:
        c = challenge(query["ch"])
        assert attempt is not None and len(attempt.values) == len(c.knobs)
        assert all(-LIMIT <= v <= LIMIT for v in attempt.values)
        assert 0 <= attempt.hints <= c.hints
        assert all(0 <= v <= 1 for v in attempt.pins.values())
        c.grade(attempt.values, attempt.pins)  # gradable whatever came in


def test_stored_progress_is_checked_before_it_is_believed():
    good = Attempt("keep_pulse", challenge("keep_pulse").solution_values())
    bad = Attempt("write", challenge("write").start_values())
    stored = Progress({"write": to_query(bad)}, {"keep_pulse": to_query(good), "write": to_query(bad)}).dumps()
    progress = progress_from_storage(stored)
    assert progress.passed == {"keep_pulse"}  # a claimed pass that does not pass is dropped
    assert progress.attempts == {"write": to_query(bad)}
    for hostile in ("", "null", "[1,2]", "{", '{"solutions": {"x": 1}}', "9" * 60_000, json.dumps({"attempts": []}),
                    json.dumps({"attempts": {"keep_pulse": {"a": "nan,nan"}}}), "[" * 5000):  # fmt: skip
        assert progress_from_storage(hostile) == Progress()
    assert progress_from_storage(progress.dumps()) == progress


def test_every_challenge_has_its_texts_in_both_languages():
    for lang in ("en", "ru"):
        tr = Texts(lang)
        for c in CHALLENGES:
            for name in ("title", "task", "solution", "why", *(f"hint.{n}" for n in range(1, c.hints + 1))):
                assert tr.has(f"challenge.{c.key}.{name}"), (lang, c.key, name)


# --- the page ---------------------------------------------------------------------------------------------------


def checks(at) -> list[str]:
    return [m.value for m in at.markdown if "challenges.now" not in m.value and ":material/" in m.value]


def passed(at) -> bool:
    return any("Passed" in s.value for s in at.success)


def test_solve_the_pin_challenge_by_pinning_f():
    at = open_page("challenges")
    assert at.selectbox(key="ch_pick").value == "pin_forget"
    assert not passed(at)
    at.toggle(key="ch_pin_forget_pin_f").set_value(True).run()
    at.select_slider(key="ch_pin_forget_pinval_f").set_value(1.0).run()
    assert not at.exception
    assert passed(at)
    assert at.query_params["p_f"] == "1"
    assert ":green-badge[:material/check: 1]" in at.sidebar.markdown[-1].value  # at once, beside the picker
    assert f"1 of {len(CHALLENGES)}" in at.sidebar.caption[-1].value


def test_solve_the_write_challenge_with_its_sliders_and_read_why():
    at = open_page("challenges")
    at.selectbox(key="ch_pick").set_value("write").run()
    assert [s.key for s in at.select_slider] == ["ch_write_W_i", "ch_write_b_i", "ch_write_W_c_tilde"]
    assert not passed(at)
    assert "Pass the challenge" in at.expander[1].markdown[0].value  # why it works: locked
    at.select_slider(key="ch_write_W_i").set_value(10.0).run()
    assert not passed(at)  # i opens, but the candidate is still 0
    at.select_slider(key="ch_write_W_c_tilde").set_value(3.0).run()
    assert passed(at)
    assert "Writing is a product" in at.expander[1].markdown[0].value
    assert at.query_params["ch"] == "write" and at.query_params["a"] == "10,-5,3"


def test_hints_unlock_one_by_one_then_the_solution():
    at = open_page("challenges")
    at.selectbox(key="ch_pick").set_value("keep_pulse").run()
    for shown in range(3):
        assert len([i for i in at.info if "Hint" in i.value]) == shown
        assert "opens after a pass" in at.expander[0].caption[0].value
        at.button(key="ch_hint").click().run()
    assert len([i for i in at.info if "Hint" in i.value]) == 3
    at.button(key="ch_apply").click().run()
    assert passed(at) and at.select_slider(key="ch_keep_pulse_b_f").value == 6.0


def test_a_link_opens_the_attempt_and_a_tampered_one_says_what_it_kept():
    at = open_link("challenges", {"ch": "rising_edge", "a": "10,-10,-5", "hints": "1"})
    assert at.selectbox(key="ch_pick").value == "rising_edge"
    assert at.select_slider(key="ch_rising_edge_U_o_1_0").value == -10.0 and passed(at)
    assert len([i for i in at.info if "Hint" in i.value]) == 1
    at = open_link("challenges", {"ch": "rising_edge", "a": "10,-10,oops", "lang": "ru"})
    assert not at.exception
    warning = at.warning[0].value
    assert "b_o: смещение (нейрон 2)" in warning and "«oops»" in warning  # the field as its slider is labelled
    assert at.select_slider(key="ch_rising_edge_b_o_1").value == 0.0 and not passed(at)
    at = open_link("challenges", {"ch": "no-such-challenge"})
    assert "does not exist" in at.warning[0].value and at.selectbox(key="ch_pick").value == "pin_forget"


def test_let_gradient_descent_try_shows_its_cell_beside_the_students():
    at = open_page("challenges")
    at.selectbox(key="ch_pick").set_value("write").run()
    at.button(key="ch_descent_try").click().run()
    assert not at.exception
    assert any("Gradient descent passed this challenge" in s.value for s in at.success)
    table = next(m.value for m in at.markdown if "Gradient descent's" in m.value)
    assert len(table.splitlines()) == 2 + 3  # a row per knob: the student's value beside gradient descent's
    assert at.session_state["ch_descent"]["attempted"].passed
    at.selectbox(key="ch_pick").set_value("keep_pulse").run()
    at.button(key="ch_descent_try").click().run()
    assert any("did not pass this challenge" in w.value for w in at.warning)


def test_a_challenge_without_knobs_offers_no_descent():
    at = open_page("challenges")
    assert at.selectbox(key="ch_pick").value == "pin_forget"
    assert not [b for b in at.button if b.key == "ch_descent_try"]
