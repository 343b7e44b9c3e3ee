"""Property-based checks of the NumPy LSTM and the explorer's parsers (hypothesis)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lstm_viz.explorer import from_query, run
from lstm_viz.lstm import LSTMParams, forward
from lstm_viz.sequences import SequenceError, parse_sequence

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def cells(draw):
    units = draw(st.integers(1, 4))
    input_dim = draw(st.integers(1, 3))
    steps = draw(st.integers(1, 12))
    params = LSTMParams(
        draw(arrays(np.float64, (input_dim, 4 * units), elements=finite)),
        draw(arrays(np.float64, (units, 4 * units), elements=finite)),
        draw(arrays(np.float64, (4 * units,), elements=finite)),
    )
    x = draw(arrays(np.float64, (steps, input_dim), elements=st.floats(-1e3, 1e3, allow_nan=False)))
    c0 = draw(arrays(np.float64, (units,), elements=st.floats(-1e3, 1e3, allow_nan=False)))
    return params, x, c0


@settings(max_examples=300, deadline=None)
@given(cells())
def test_any_finite_cell_gives_finite_bounded_values(cell):
    params, x, c0 = cell
    with np.errstate(over="raise", invalid="raise"):
        trace = forward(params, x, c0=c0)
    for name in ("i", "f", "o"):
        values = getattr(trace, name)
        assert np.all((values >= 0) & (values <= 1))
    assert np.all(np.abs(trace.c_tilde) <= 1) and np.all(np.abs(trace.h) <= 1)
    assert np.all(np.isfinite(trace.c)) and np.all(np.isfinite(trace.z))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_or_gets_a_message(text):
    try:
        values = parse_sequence(text)
    except SequenceError as error:
        assert str(error)
    else:
        assert 1 <= len(values) <= 100 and np.all(np.isfinite(values))


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["seq", "x", "n", "units", "W", "U", "b", "h0", "c0", "pi", "pf", "pc", "po", "t", "k"]),
        st.text(max_size=60),
        max_size=8,
    )
)
def test_any_link_opens_a_valid_view(query):
    config, notes = from_query(query)
    trace = run(config)
    assert 0 <= config.t < trace.steps and np.all(np.isfinite(trace.h))
    assert all(str(note).startswith("Ignored the link") for note in notes)  # TextError: a message for the page
