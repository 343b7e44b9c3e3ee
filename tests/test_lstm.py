"""The NumPy LSTM: shapes, ranges, the properties d2l states, the course's worked example, and parity with
``keras.layers.LSTM`` given the same weights."""

import numpy as np
import pytest

from lstm_viz.explorer import WORKED_EXAMPLE, preset, run
from lstm_viz.lstm import GATES, LSTMParams, RNNParams, cell, final_state, forward, rnn_forward, sigmoid, step


def random_params(units, input_dim, seed=0, scale=1.0):
    return LSTMParams.random(units, input_dim, np.random.default_rng(seed), scale)


def test_shapes_of_every_intermediate():
    params = random_params(3, 2)
    trace = forward(params, np.random.default_rng(1).normal(size=(7, 2)))
    for name in ("i", "f", "c_tilde", "o", "c", "tanh_c", "h"):
        assert getattr(trace, name).shape == (7, 3)
    assert trace.z.shape == (7, 12)
    assert trace.steps == 7 and trace.units == 3


def test_gates_in_unit_interval_and_h_bounded():
    params = random_params(4, 1, scale=5.0)
    trace = forward(params, np.random.default_rng(2).normal(0, 10, size=(50, 1)))
    for gate in ("i", "f", "o"):
        values = getattr(trace, gate)
        assert np.all((values >= 0) & (values <= 1))
    assert np.all(np.abs(trace.c_tilde) <= 1)
    assert np.all(np.abs(trace.h) < 1)


def test_stable_sigmoid_has_no_overflow_warning():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        values = sigmoid(np.array([-1e6, -800.0, -1.0, 0.0, 1.0, 800.0, 1e6]))
        assert sigmoid(np.float64(3.0)) == pytest.approx(1 / (1 + np.exp(-3.0)))
    assert values[0] == 0.0 and values[-1] == 1.0 and values[3] == 0.5
    np.testing.assert_allclose(sigmoid(np.array([-2.0, 2.0])), 1 / (1 + np.exp([2.0, -2.0])))


def test_forget_one_input_zero_keeps_the_cell_state():
    params = random_params(2, 1)
    c0 = np.array([0.7, -1.3])
    trace = forward(params, np.random.default_rng(3).normal(size=(20, 1)), c0=c0, overrides={"f": 1.0, "i": 0.0})
    np.testing.assert_array_equal(trace.c, np.tile(c0, (20, 1)))


def test_two_halves_equal_one_run():
    params = random_params(3, 2, seed=4)
    x = np.random.default_rng(5).normal(size=(12, 2))
    whole = forward(params, x)
    first = forward(params, x[:5])
    second = forward(params, x[5:], h0=first.h[-1], c0=first.c[-1])
    np.testing.assert_allclose(np.vstack([first.h, second.h]), whole.h, atol=1e-14)
    np.testing.assert_allclose(np.vstack([first.c, second.c]), whole.c, atol=1e-14)


def test_step_equals_forward_and_batch():
    params = random_params(2, 3, seed=6)
    x = np.random.default_rng(7).normal(size=(4, 3))
    trace = forward(params, x)
    h, c = np.zeros(2), np.zeros(2)
    for t in range(4):
        result = step(params, x[t], h, c)
        h, c = result.h, result.c
        np.testing.assert_allclose(result.h, trace.h[t])
        np.testing.assert_allclose(trace.at(t).c, trace.c[t])
    h_last, c_last = final_state(params, x)
    np.testing.assert_allclose(h_last, trace.h[-1])
    np.testing.assert_allclose(c_last, trace.c[-1])
    # cell works on a batch of pre-activations at once: the same numbers as one at a time
    batch = cell(trace.z, np.vstack([np.zeros(2), trace.c[:-1]]))
    np.testing.assert_allclose(batch.h, trace.h)


def test_worked_example_of_document_001():
    trace = run(preset("worked"))
    np.testing.assert_allclose(trace.c[0], WORKED_EXAMPLE["c"], atol=1e-12)
    # exact h = o·tanh(c); the document's [0.77, −0.06, 0.66] comes from rounding tanh(c) to 2 decimals first
    o = np.array(WORKED_EXAMPLE["o"])
    np.testing.assert_allclose(trace.h[0], o * np.tanh(WORKED_EXAMPLE["c"]))
    assert [f"{v:.2f}" for v in trace.h[0]] == ["0.78", "-0.05", "0.66"]
    document_way = o * np.round(np.tanh(np.array(WORKED_EXAMPLE["c"])), 2)
    assert [float(f"{v:.3f}") for v in document_way] == [0.774, -0.055, 0.664]
    np.testing.assert_allclose(np.round(document_way + 1e-9 * np.sign(document_way), 2), WORKED_EXAMPLE["h_document"])


def test_overrides_replace_gates_at_every_step_and_broadcast():
    params = random_params(2, 1, seed=8)
    x = np.linspace(-1, 1, 6)[:, None]
    per_step = np.linspace(0, 1, 6)[:, None] * np.ones((1, 2))
    trace = forward(params, x, overrides={"o": 0.25, "f": per_step, "c_tilde": [0.5, -0.5]})
    assert np.all(trace.o == 0.25)
    np.testing.assert_array_equal(trace.f, per_step)
    np.testing.assert_array_equal(trace.c_tilde, np.tile([0.5, -0.5], (6, 1)))
    assert trace.pinned == ("f", "c_tilde", "o")
    np.testing.assert_allclose(trace.h, 0.25 * np.tanh(trace.c))
    with pytest.raises(ValueError):
        forward(params, x, overrides={"g": 1.0})


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError):
        LSTMParams(np.zeros((1, 8)), np.zeros((2, 4)), np.zeros(8))
    with pytest.raises(ValueError):
        forward(random_params(2, 2), np.zeros((5, 3)))


def test_gate_blocks_follow_keras_order():
    params = LSTMParams(np.arange(8.0)[None], np.zeros((2, 8)), np.arange(8.0) * 10)
    for k, gate in enumerate(GATES):
        kernel, _, bias = params.gate(gate)
        np.testing.assert_array_equal(kernel[0], [2 * k, 2 * k + 1])
        np.testing.assert_array_equal(bias, [20 * k, 20 * k + 10])
    single = params.unit(1)
    np.testing.assert_array_equal(single.kernel[0], [1, 3, 5, 7])


def test_plain_rnn():
    params = RNNParams(np.array([[0.5, -0.2]]), np.array([[0.9, 0.1], [0.0, 0.8]]), np.array([0.1, 0.0]))
    states = rnn_forward(params, np.array([1.0, 0.0, -1.0]))
    h = np.zeros(2)
    for t, x in enumerate([1.0, 0.0, -1.0]):
        h = np.tanh(np.array([x]) @ params.kernel + h @ params.recurrent_kernel + params.bias)
        np.testing.assert_allclose(states[t], h)


@pytest.mark.parametrize(
    "units, input_dim, steps, initial_state, seed",
    [(1, 1, 10, False, 0), (3, 1, 25, True, 1), (4, 2, 15, True, 2), (8, 5, 30, False, 3), (2, 7, 5, True, 4)],
)
def test_parity_with_keras_lstm(units, input_dim, steps, initial_state, seed):
    keras = pytest.importorskip("keras")
    rng = np.random.default_rng(seed)
    layer = keras.layers.LSTM(units, return_sequences=True, return_state=True)
    layer.build((1, steps, input_dim))
    params = random_params(units, input_dim, seed=seed + 10, scale=0.8)
    layer.set_weights(
        [params.kernel.astype("float32"), params.recurrent_kernel.astype("float32"), params.bias.astype("float32")]
    )
    x = rng.normal(size=(steps, input_dim)).astype("float32")
    h0 = rng.uniform(-1, 1, units).astype("float32") if initial_state else np.zeros(units, "float32")
    c0 = rng.uniform(-2, 2, units).astype("float32") if initial_state else np.zeros(units, "float32")
    sequence, h_last, c_last = layer(x[None], initial_state=[h0[None], c0[None]])
    trace = forward(LSTMParams.from_keras(layer), x, h0=h0, c0=c0)
    assert np.max(np.abs(trace.h - np.asarray(sequence)[0])) <= 1e-5
    assert np.max(np.abs(trace.c[-1] - np.asarray(c_last)[0])) <= 1e-5
    assert np.max(np.abs(trace.h[-1] - np.asarray(h_last)[0])) <= 1e-5
