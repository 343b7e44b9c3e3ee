"""Hostile input through AppTest (issue 7): every text input and URL parameter of every page, and every number
input pushed past its limits. No exception; a clear message where the input is refused; the last valid state kept.

Hypothesis draws random strings, huge numbers, NaN/inf spelled out, empty and very long texts, markup and
control characters. One AppTest per page serves all of a test's examples (a student typing one thing after
another in the same tab).
"""

import json
import math
import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from lstm_viz.sequences import parse_sequence
from tests.helpers import ROOT, open_page, scene

NASTY = [
    "",
    " ",
    "nan",
    "NaN, 1",
    "inf, -inf",
    "1e308, 1e308",
    "1e999",
    "-0",
    "0x1F",
    "1,,2",
    "１２３",
    "<script>alert(1)</script>",
    "**bold** $x$ :red[red] <b>",
    "\x00\x01\x1b[31m",
    "😀🧠",
    "'; DROP TABLE students; --",
    "../../etc/passwd",
    "%s%n{0}",
    "9" * 5000,
    "1, " * 3000,
    "a" * 20_000,
]
hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=300),
    st.floats().map(repr),
    st.integers(-(10**30), 10**30).map(str),
    st.lists(st.floats(allow_nan=True, allow_infinity=True).map(repr), max_size=150).map(", ".join),
)
EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

PAGES = ["explorer", "alphabet", "faces", "forecasting", "why-lstm"]
QUERY_KEYS = ["seq", "x", "n", "kind", "act", "units", "W", "U", "b", "b2", "P", "h0", "c0", "pi", "pf", "pc", "po",
              "pz", "t", "k", "Bkind", "BW", "lang", "lecture"]  # fmt: skip


TRIED = Counter()  # hostile inputs tried, by test: bench/load.py reports the total


@pytest.fixture(scope="module", autouse=True)
def _report_count():
    yield
    path = os.environ.get("LSTM_VIZ_HOSTILE_COUNT")
    if path:
        with open(path, "w") as handle:
            json.dump(dict(TRIED), handle)


pytestmark = pytest.mark.usefixtures("synthetic_faces")  # the faces pages read a synthetic LFW folder


# --- URL parameters ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.dictionaries(st.one_of(st.sampled_from(QUERY_KEYS), st.text(max_size=20)), hostile_text, max_size=6))
def test_any_link_to_any_page_opens_it(page, query):
    at = AppTest.from_file(str(ROOT / "app_main.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"pages/{page}.py").run()
    TRIED["links"] += 1
    assert not at.exception, (query, at.exception)
    assert at.title, "the page drew its title"


# --- text inputs ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def explorer_tab():
    at = open_page("explorer")
    at.selectbox(key="seq").set_value("custom").run()
    at.text_input(key="custom").input("0, 1, 0.5").run()
    return at


@EXAMPLES
@given(text=hostile_text)
def test_the_explorers_numbers_box_takes_anything(explorer_tab, text):
    at = explorer_tab
    before = at.session_state["config"].custom
    at.text_input(key="custom").input(text).run()
    TRIED["explorer numbers box"] += 1
    assert not at.exception, at.exception
    if at.error:  # refused: said why, and kept the last valid sequence
        assert "keeps the last valid sequence" in at.error[0].value
        assert at.session_state["config"].custom == before
    else:  # taken: the cell runs over exactly those numbers
        values = parse_sequence(text)
        assert list(parse_sequence(at.session_state["config"].custom)) == list(values)
        assert scene(at, "explorer_scene")["steps"] == len(values)
    at.text_input(key="custom").input("0, 1, 0.5").run()  # back to a known state for the next example


@pytest.fixture(scope="module")
def trained_alphabet_tab():
    at = open_page("alphabet")
    at.radio(key="variant").set_value(3).run()
    at.radio(key="recipe").set_value("fast").run()
    at.number_input(key="epochs_3_fast").set_value(1).run()
    at.button(key="train").click().run()
    at.session_state["alphabet_job"].wait(120)
    at.run()
    assert not at.exception
    return at


@EXAMPLES
@given(text=hostile_text)
def test_the_alphabets_letters_box_takes_anything(trained_alphabet_tab, text):
    at = trained_alphabet_tab
    at.text_input(key="try_3").input(text).run()
    TRIED["alphabet letters box"] += 1
    assert not at.exception, at.exception
    if text.strip():
        answered = [m.value for m in at.markdown if " → " in m.value and m.value.startswith("**")]
        assert answered or any("letters" in w.value or "letter" in w.value for w in at.warning)


# --- number inputs past their limits (a hand-made request can send what the browser would clamp) -------------

HUGE = [1e308, -1e308, 2.0**63, -(2.0**63), 1e9, -1.0, 0.5]
NOT_FINITE = [math.nan, math.inf, -math.inf]


@pytest.mark.parametrize("page", PAGES)
def test_every_number_input_past_its_limits(page):
    at = open_page(page)
    if page == "explorer":  # its one number input, the seed, is live with the random preset
        at.selectbox(key="preset").set_value("random").run()
    tried = 0
    for key in [n.key for n in at.number_input if not n.proto.disabled]:
        widget = at.number_input(key=key)
        values = HUGE + (NOT_FINITE if isinstance(widget.value, float) else [])
        for value in values:
            at.number_input(key=key).set_value(value).run()
            assert not at.exception, (key, value, at.exception)
            tried += 1
            TRIED["number inputs"] += 1
    assert tried >= len(HUGE)
