"""The cell kinds: every Keras kind equals Keras with the same weights (several units, a non-zero initial state,
each activation); the variants Keras lacks equal a direct transcription of their paper's equations and reduce to
the LSTM with their extra part off; the properties d2l states; the course's worked example."""

import numpy as np
import pytest

from lstm_viz import cells
from lstm_viz.cells import lstm as lstm_cell
from lstm_viz.cells.base import PinError, Weights, WeightsError, forward, sigmoid
from lstm_viz.explorer import presets
from lstm_viz.explorer.config import run

KERAS_KINDS = [kind for kind in cells.KINDS.values() if kind.keras_layer]


def random_weights(key, units, input_dim, seed=0, scale=0.8, activation="tanh"):
    weights = cells.random(cells.kind(key), units, input_dim, np.random.default_rng(seed), scale)
    return Weights(weights.kind, weights.arrays, activation)


@pytest.mark.parametrize("kind", KERAS_KINDS, ids=lambda kind: kind.key)
@pytest.mark.parametrize("activation", ["tanh", "relu"])
@pytest.mark.parametrize("units, input_dim, steps, seed", [(1, 1, 10, 0), (3, 2, 25, 1), (4, 5, 15, 2)])
def test_parity_with_keras(kind, activation, units, input_dim, steps, seed):
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(seed)
    weights = random_weights(kind.key, units, input_dim, seed + 10, 0.5, activation)
    layer = getattr(keras.layers, kind.keras_layer)(units, activation=activation, return_sequences=True,
                                                    return_state=True)  # fmt: skip
    layer.build((1, steps, input_dim))
    layer.set_weights([w.astype("float32") for w in kind.to_keras(weights)])
    x = rng.normal(size=(steps, input_dim)).astype("float32")
    initial = {state: rng.uniform(-1, 1, units).astype("float32") for state in kind.states}
    state = [initial[s][None] for s in kind.states]
    outputs = layer(x[None], initial_state=state if len(state) > 1 else state[0])
    trace = forward(cells.from_keras(layer), x, initial)
    assert np.max(np.abs(trace.h - np.asarray(outputs[0])[0])) <= 1e-5
    for name, final in zip(kind.states, outputs[1:]):
        assert np.max(np.abs(trace.values[name][-1] - np.asarray(final)[0])) <= 1e-5


def test_from_keras_refuses_what_it_cannot_show():
    keras = pytest.importorskip("keras")
    gru = keras.layers.GRU(2, reset_after=False)
    gru.build((1, 3, 1))
    with pytest.raises(WeightsError, match="reset_after"):
        cells.from_keras(gru)
    hard = keras.layers.LSTM(2, recurrent_activation="hard_sigmoid")
    hard.build((1, 3, 1))
    with pytest.raises(ValueError, match="sigmoid"):
        cells.from_keras(hard)
    no_bias = keras.layers.LSTM(2, use_bias=False)
    no_bias.build((1, 3, 1))
    assert np.all(cells.from_keras(no_bias).bias == 0)


# --- the variants, against their papers' equations written out here -----------------------------------------


def test_no_forget_gate_is_the_1997_equations_and_an_lstm_with_f_pinned_to_one():
    w = random_weights("no_forget", 3, 2, seed=3)
    x = np.random.default_rng(4).normal(size=(12, 2))
    trace = forward(w, x, {"c": [0.5, -0.2, 1.0]})
    h, c, u = np.zeros(3), np.array([0.5, -0.2, 1.0]), 3
    for t in range(12):  # Hochreiter & Schmidhuber (1997): c_t = c_{t−1} + i ⊙ g, h = o ⊙ tanh(c)
        z = x[t] @ w.kernel + h @ w.recurrent_kernel + w.bias
        i, g, o = sigmoid(z[:u]), np.tanh(z[u : 2 * u]), sigmoid(z[2 * u :])
        c = c + i * g
        h = o * np.tanh(c)
        np.testing.assert_allclose(trace.h[t], h, atol=1e-12)
    lstm = Weights(
        cells.kind("lstm"), {name: np.insert(array, [u] * u, 0.0, axis=-1) for name, array in w.arrays.items()}
    )
    as_lstm = forward(lstm, x, {"c": [0.5, -0.2, 1.0]}, {"f": 1.0})
    np.testing.assert_allclose(as_lstm.h, trace.h, atol=1e-12)


def test_peephole_is_gers_schmidhuber_and_the_lstm_with_peepholes_off():
    w = random_weights("peephole", 2, 1, seed=5)
    x = np.sin(np.arange(10.0))[:, None]
    trace = forward(w, x)
    h, c, u = np.zeros(2), np.zeros(2), 2
    p_i, p_f, p_o = w.peephole[:u], w.peephole[u : 2 * u], w.peephole[2 * u :]
    for t in range(10):  # Gers & Schmidhuber (2000): i, f look at c_{t−1}; o at c_t
        z = x[t] @ w.kernel + h @ w.recurrent_kernel + w.bias
        i, f = sigmoid(z[:u] + p_i * c), sigmoid(z[u : 2 * u] + p_f * c)
        c = f * c + i * np.tanh(z[2 * u : 3 * u])
        o = sigmoid(z[3 * u :] + p_o * c)
        h = o * np.tanh(c)
        np.testing.assert_allclose(trace.h[t], h, atol=1e-12)
    off = w.replace(peephole=np.zeros(3 * u))
    lstm = Weights(cells.kind("lstm"), {k: v for k, v in w.arrays.items() if k != "peephole"})
    np.testing.assert_allclose(forward(off, x).h, forward(lstm, x).h, atol=1e-14)


def test_coupled_gates_are_the_lstm_with_negated_input_weights_as_forget_weights():
    w = random_weights("coupled", 3, 1, seed=6)
    x = np.cos(np.arange(15.0))[:, None]
    trace = forward(w, x)
    np.testing.assert_allclose(trace.f, 1 - trace.i)
    u = 3

    def lstm_array(array):  # blocks i, f = −i, c, o: since σ(−z) = 1 − σ(z)
        i, c, o = array[..., :u], array[..., u : 2 * u], array[..., 2 * u :]
        return np.concatenate([i, -i, c, o], axis=-1)

    lstm = Weights(cells.kind("lstm"), {k: lstm_array(v) for k, v in w.arrays.items()})
    np.testing.assert_allclose(forward(lstm, x).h, trace.h, atol=1e-12)


# --- properties ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", list(cells.KINDS))
def test_step_by_step_equals_one_run_and_two_halves(key):
    w = random_weights(key, 3, 2, seed=7)
    x = np.random.default_rng(8).normal(size=(12, 2))
    whole = forward(w, x)
    first = forward(w, x[:5])
    second = forward(w, x[5:], first.final())
    np.testing.assert_allclose(np.vstack([first.h, second.h]), whole.h, atol=1e-14)
    for t in range(1, 12):  # the state entering each step is the one the step before left
        for state in w.kind.states:
            np.testing.assert_array_equal(whole.values[f"{state}_prev"][t], whole.values[state][t - 1])


@pytest.mark.parametrize("key", list(cells.KINDS))
def test_gates_stay_in_range_and_h_is_bounded_with_tanh(key):
    w = random_weights(key, 4, 1, seed=9, scale=5.0)
    trace = forward(w, np.random.default_rng(2).normal(0, 10, size=(50, 1)))
    for part in w.kind.parts:
        if part.low is not None and part.role in ("gate", "candidate"):
            values = trace.values[part.name]
            assert np.all((values >= part.low) & (values <= (np.inf if part.high is None else part.high))), part.name
    if w.kind.bounded_h:  # h leaves through tanh, or is an average of such (not so in NOAF, minGRU, minLSTM)
        assert np.all(np.abs(trace.h) <= 1)


def test_forget_one_input_zero_keeps_the_cell_state():
    w = random_weights("lstm", 2, 1)
    c0 = np.array([0.7, -1.3])
    trace = forward(w, np.random.default_rng(3).normal(size=(20, 1)), {"c": c0}, {"f": 1.0, "i": 0.0})
    np.testing.assert_array_equal(trace.c, np.tile(c0, (20, 1)))


def test_pins_replace_parts_at_every_step_and_broadcast():
    w = random_weights("lstm", 2, 1, seed=8)
    x = np.linspace(-1, 1, 6)[:, None]
    per_step = np.linspace(0, 1, 6)[:, None] * np.ones((1, 2))
    trace = forward(w, x, pins={"o": 0.25, "f": per_step, "c_tilde": [0.5, -0.5]})
    assert np.all(trace.o == 0.25)
    np.testing.assert_array_equal(trace.f, per_step)
    assert trace.pinned == ("f", "c_tilde", "o")
    np.testing.assert_allclose(trace.h, 0.25 * np.tanh(trace.c))
    np.testing.assert_allclose(trace.unpinned("o"), sigmoid(trace.pre_o))
    with pytest.raises(PinError):
        forward(w, x, pins={"g": 1.0})
    with pytest.raises(PinError):  # a coupled cell's f is 1 − i, not a gate of its own
        forward(random_weights("coupled", 2, 1), x, pins={"f": 1.0})


def test_every_wire_is_what_ran():
    """The relu LSTM of course document 000: h is o × the value on the act(c) wire, at every step."""
    w = random_weights("lstm", 3, 1, seed=11, activation="relu")
    trace = forward(w, np.random.default_rng(1).normal(size=(20, 1)))
    np.testing.assert_array_equal(trace.act_c, np.maximum(trace.c, 0))
    np.testing.assert_array_equal(trace.h, trace.o * trace.act_c)
    np.testing.assert_array_equal(trace.c, trace.kept + trace.written)
    np.testing.assert_array_equal(trace.kept, trace.f * trace.c_prev)


def test_stable_sigmoid_has_no_overflow_warning():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        values = sigmoid(np.array([-1e6, -800.0, -1.0, 0.0, 1.0, 800.0, 1e6]))
    assert values[0] == 0.0 and values[-1] == 1.0 and values[3] == 0.5
    np.testing.assert_allclose(sigmoid(np.array([-2.0, 2.0])), 1 / (1 + np.exp([2.0, -2.0])))


def test_bad_shapes_are_refused():
    lstm = cells.kind("lstm")
    with pytest.raises(WeightsError):
        Weights(lstm, {"kernel": np.zeros((1, 8)), "recurrent_kernel": np.zeros((2, 4)), "bias": np.zeros(8)})
    with pytest.raises(WeightsError):
        Weights(lstm, cells.fresh(lstm, 1).arrays, "softplus")
    with pytest.raises(ValueError):
        forward(random_weights("lstm", 2, 2), np.zeros((5, 3)))


def test_blocks_follow_keras_order():
    w = Weights(cells.kind("lstm"), {"kernel": np.arange(8.0)[None], "recurrent_kernel": np.zeros((2, 8)),
                                     "bias": np.arange(8.0) * 10})  # fmt: skip
    for k, gate in enumerate(("i", "f", "c_tilde", "o")):
        np.testing.assert_array_equal(w.block("kernel", gate)[0], [2 * k, 2 * k + 1])
        np.testing.assert_array_equal(w.block("bias", gate), [20 * k, 20 * k + 10])


def test_fast_final_state_equals_forward():
    for activation in ("tanh", "relu"):
        w = random_weights("lstm", 5, 2, seed=12, activation=activation)
        x = np.random.default_rng(13).normal(size=(40, 2))
        h, c = lstm_cell.final_state(w, x, np.full(5, 0.1), np.full(5, -0.3))
        trace = forward(w, x, {"h": np.full(5, 0.1), "c": np.full(5, -0.3)})
        np.testing.assert_allclose(h, trace.h[-1], atol=1e-14)
        np.testing.assert_allclose(c, trace.c[-1], atol=1e-14)
    h, c = lstm_cell.final_state(w, np.zeros((0, 2)), np.full(5, 0.1), np.full(5, -0.3))  # nothing read
    np.testing.assert_array_equal(h, np.full(5, 0.1))
    np.testing.assert_array_equal(c, np.full(5, -0.3))


@pytest.mark.parametrize("activation", ["tanh", "relu", "leaky_relu"])
@pytest.mark.parametrize("scale", [0.8, 60.0])  # 60, with inputs near 1e308: products overflow to ±∞, sums to NaN
def test_the_fused_loop_is_the_step_loop_bit_for_bit(activation, scale):
    """forward runs the LSTM through lstm.sweep when nothing is pinned: every field, the *_prev series and the final
    states equal running ``step`` at each step, to the last bit (NaN where it gives NaN)."""
    import dataclasses

    weights = random_weights("lstm", 5, 3, seed=4, scale=scale, activation=activation)
    step_only = Weights(dataclasses.replace(weights.kind, sweep=None), weights.arrays, activation)
    x = np.random.default_rng(5).normal(size=(40, 3)) * (1e307 if scale > 1 else 1)
    initial = {"h": np.linspace(-0.5, 0.5, 5), "c": np.linspace(1, -1, 5)}
    fused, stepped = forward(weights, x, initial), forward(step_only, x, initial)
    assert weights.kind.sweep is lstm_cell.sweep and step_only.kind.sweep is None
    assert set(fused.values) == set(stepped.values)
    for name, value in stepped.values.items():
        np.testing.assert_array_equal(fused.values[name], value, err_msg=name)
    assert fused.finite() == stepped.finite() and fused.finite() == (scale < 1)
    pinned = forward(weights, x, initial, pins={"f": 1.0})  # a pin runs step itself
    assert np.all(pinned.f == 1.0) and not np.array_equal(pinned.c, fused.c)


def test_worked_example_of_document_001():
    trace = run(presets.worked_example())[0]
    w = presets.WORKED_EXAMPLE
    np.testing.assert_allclose(trace.c[0], w["c"], atol=1e-12)
    # exact h = o·tanh(c); the document's [0.77, −0.06, 0.66] comes from rounding tanh(c) to 2 decimals first
    np.testing.assert_allclose(trace.h[0], np.array(w["o"]) * np.tanh(w["c"]))
    assert [f"{v:.2f}" for v in trace.h[0]] == ["0.78", "-0.05", "0.66"]
    document_way = np.array(w["o"]) * np.round(np.tanh(np.array(w["c"])), 2)
    np.testing.assert_allclose(np.round(document_way + 1e-9 * np.sign(document_way), 2), w["h_document"])


def test_kinds_are_discovered_and_declare_what_views_need():
    assert list(cells.KINDS)[:6] == ["rnn", "gru", "lstm", "no_forget", "peephole", "coupled"]
    for kind in cells.KINDS.values():
        fields = set(kind.step_fields) | {f"{s}_prev" for s in kind.states} | {"x"}
        for wire in kind.diagram.wires:
            assert wire.value in fields | {""}, (kind.key, wire.value)
        for panel in kind.panels:
            assert set(panel.parts) <= fields, kind.key
        assert {p.name for p in kind.parts} <= fields
        assert set(kind.notes) <= {p.name for p in kind.parts}
        assert "def step(" in kind.source()


def test_no_output_activation_is_greffs_noaf():
    w = random_weights("no_output_activation", 3, 1, seed=14)
    x = np.sin(np.arange(12.0))[:, None]
    trace = forward(w, x)
    h, c, u = np.zeros(3), np.zeros(3), 3
    for t in range(12):  # Greff et al. (2017), NOAF: the LSTM's equations with h = o ⊙ c
        z = x[t] @ w.kernel + h @ w.recurrent_kernel + w.bias
        i, f, g, o = sigmoid(z[:u]), sigmoid(z[u : 2 * u]), np.tanh(z[2 * u : 3 * u]), sigmoid(z[3 * u :])
        c = f * c + i * g
        h = o * c
        np.testing.assert_allclose(trace.h[t], h, atol=1e-12)
