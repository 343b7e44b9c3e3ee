"""Property-based checks of the NumPy cells and the explorer's parsers (hypothesis)."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lstm_viz import cells
from lstm_viz.cells.base import Weights, forward
from lstm_viz.explorer import link
from lstm_viz.explorer.config import run
from lstm_viz.sequences import SequenceError, parse_sequence

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


@st.composite
def random_cells(draw):
    kind = cells.kind(draw(st.sampled_from(list(cells.KINDS))))
    units = draw(st.integers(1, 4))
    input_dim = draw(st.integers(1, 3))
    steps = draw(st.integers(1, 12))
    weights = Weights(kind, {spec.name: draw(arrays(np.float64, spec.shape(input_dim, units), elements=finite))
                             for spec in kind.arrays})  # fmt: skip
    x = draw(arrays(np.float64, (steps, input_dim), elements=st.floats(-1e3, 1e3, allow_nan=False)))
    initial = {s: draw(arrays(np.float64, (1 if s in kind.shared else kind.width(s, units),),
                              elements=st.floats(*kind.state_limits.get(s, (-1e3, 1e3)))))
               for s in kind.states}  # fmt: skip
    if "n" in initial and draw(st.booleans()):  # sLSTM's normalizer: all 0 (a fresh cell), or all > 0
        initial["n"], initial["c"] = np.zeros(units), np.zeros(units)
    elif "n" in initial:
        initial["n"] = np.maximum(initial["n"], 0.01)
    return weights, x, initial


@settings(max_examples=300, deadline=None)
@given(random_cells())
def test_any_finite_cell_with_tanh_gives_finite_bounded_values(cell):
    weights, x, initial = cell
    with np.errstate(over="raise", invalid="raise"):
        trace = forward(weights, x, initial)
    if weights.kind.key == "min_lstm":  # f′ = f / (f + i) is 0/0 only where both gates are below e^−745
        assume(np.all(trace.f + trace.i > 0))
    if weights.kind.key == "mlstm":  # its stabilizer's e^−m overflows where every gate is below e^−709
        assume(np.all(trace.m > -700))
    for part in weights.kind.parts:
        values = trace.values[part.name]
        assert np.all(np.isfinite(values)), part.name
        if part.role == "gate":
            assert np.all((values >= 0) & (values <= 1))
    if "h" not in weights.kind.states:  # mLSTM, linear attention: a read-out of their memory, not a blend of h
        pass
    elif "h_tilde" in trace.values and not weights.kind.bounded_h:  # minGRU, minLSTM: a blend of h₍t−1₎ and h̃ > 0
        bound = np.maximum(np.abs(trace.h_prev), trace.h_tilde)
        assert np.all(np.abs(trace.h) <= bound * (1 + 1e-12))
    elif "n" in weights.kind.states:  # sLSTM: o times a weighted average of the z's (and of c₀ / n₀)
        start = np.abs(initial["c"]) / np.where(initial["n"] > 0, initial["n"], np.inf)
        assert np.all(np.abs(trace.h) <= np.maximum(1, start.max()) * (1 + 1e-12))
    elif "c" not in weights.kind.states:  # h is a blend or a squash of bounded values: bounded once it has moved
        assert np.all(np.abs(trace.h[1:]) <= np.maximum(1, np.abs(initial["h"])))
    elif weights.kind.key == "no_output_activation":  # h = o ⊙ c: never larger than c
        assert np.all(np.abs(trace.h) <= np.abs(trace.c))
    else:
        assert np.all(np.abs(trace.h) <= 1)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_parses_or_gets_a_message(text):
    try:
        values = parse_sequence(text)
    except SequenceError as error:
        assert str(error)
    else:
        assert 1 <= len(values) <= 100 and np.all(np.isfinite(values))


KEYS = ["seq", "x", "n", "kind", "act", "units", "W", "U", "b", "b2", "P", "h0", "c0", "pi", "pf", "pc", "po", "pz",
        "t", "k", "Bkind", "BW", "Bunits", "Bpz"]  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), st.text(max_size=60), max_size=8))
def test_any_link_opens_a_valid_view(query):
    config, t, notes = link.from_query(query)
    traces = run(config)
    assert 0 <= t < traces[0].steps
    assert all(np.all(np.isfinite(trace.h)) or trace.activation != "tanh" for trace in traces)
    assert all(str(note).startswith(("Ignored the link", "The link's step")) for note in notes)
