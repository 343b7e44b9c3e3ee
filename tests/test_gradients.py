"""The gradient curves of the Why LSTM page against finite differences, and the parameter calculator against
Keras's own counts."""

import numpy as np
import pytest

from lstm_viz import cells, counting, gradients
from lstm_viz.cells.base import Weights
from lstm_viz.sequences import preset_sequence

# Central differences with eps = 1e-6 on O(1) states carry ~1e-10 of rounding error: below ~1e-5 a
# derivative cannot be checked to 1e-4 this way (the exact curve goes on down; the check stops there).
RESOLVABLE = 1e-5


def relative_error(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-12)


def random_weights(key, units, seed, scale=0.8, activation="tanh"):
    weights = cells.random(cells.kind(key), units, 1, np.random.default_rng(seed), scale)
    return Weights(weights.kind, weights.arrays, activation)


@pytest.mark.parametrize("key", ["rnn", "gru"])
@pytest.mark.parametrize("units, activation, pins", [(1, "tanh", None), (3, "tanh", None), (4, "relu", None),
                                                     (2, "tanh", {"r": 0.3})])  # fmt: skip
def test_one_state_jacobians_equal_finite_differences(key, units, activation, pins):
    weights = random_weights(key, units, units + 20, activation=activation)
    if key == "rnn":
        pins = None
    x = np.sin(np.arange(12) / 2.0)[:, None]
    sensitivity = gradients.rnn_sensitivity(weights, x, pins=pins)
    checked = [t for t in range(12) if sensitivity.norms[t] > RESOLVABLE]
    assert len(checked) >= 3
    for t in checked:
        estimate = gradients.finite_difference(weights, x, t, "h", pins=pins)
        assert relative_error(sensitivity.jacobians[t], estimate) <= 1e-4
    assert sensitivity.norms[-1] == pytest.approx(1.0)


@pytest.mark.parametrize("units, forget_bias, pins", [(1, 3.0, None), (3, 0.0, None), (2, 1.0, {"i": 0.3})])
def test_lstm_jacobians_equal_finite_differences(units, forget_bias, pins):
    weights = random_weights("lstm", units, units)
    bias = weights.bias.copy()
    bias[units : 2 * units] = forget_bias
    weights = weights.replace(bias=bias)
    x = np.cos(np.arange(15) / 3.0)[:, None]
    initial = {"c": np.full(units, 0.5)}
    full, _, _ = gradients.lstm_sensitivity(weights, x, initial, pins)
    checked = [t for t in range(15) if full.norms[t] > RESOLVABLE]
    assert len(checked) >= 3
    for t in checked:
        estimate = gradients.finite_difference(weights, x, t, "c", initial, pins)
        assert relative_error(full.jacobians[t], estimate) <= 1e-4


def test_cell_state_path_alone_is_the_product_of_forget_gates():
    weights = random_weights("lstm", 3, 5, scale=1.0)
    x = np.linspace(-1, 1, 10)[:, None]
    _, products, trace = gradients.lstm_sensitivity(weights, x)
    for t in range(10):
        np.testing.assert_allclose(products[t], np.prod(trace.f[t + 1 :], axis=0))
    # with U = 0 nothing flows through h, so the full Jacobian is that product exactly
    flat = weights.replace(recurrent_kernel=np.zeros_like(weights.recurrent_kernel))
    full, products, _ = gradients.lstm_sensitivity(flat, x)
    for t in range(10):
        np.testing.assert_allclose(full.jacobians[t], np.diag(products[t]), atol=1e-15)


def test_the_numbers_the_page_states():
    """Issue figures: with Keras's b_f = 1 the LSTM loses to the plain RNN; a learnt b_f wins; an RNN explodes."""
    sine = preset_sequence("sine", 40)[:, None]
    demo = gradients.demo_cells(1, 0.9, 1.0)
    rnn = gradients.rnn_sensitivity(demo["rnn"], sine).norms[0]
    lstm = gradients.lstm_sensitivity(demo["lstm"], sine)[0].norms[0]
    assert lstm == pytest.approx(2.8e-8, rel=0.05) and rnn == pytest.approx(4.1e-4, rel=0.05) and lstm < rnn
    trained = gradients.demo_cells(1, 0.9, 6.0)
    assert gradients.lstm_sensitivity(trained["lstm"], sine)[0].norms[0] > 50 * rnn
    step = preset_sequence("step", 100)[:, None]
    exploding = gradients.demo_cells(4, 2.5, 1.0)
    assert gradients.rnn_sensitivity(exploding["rnn"], step).norms[0] > 1e10
    for name, preset in gradients.DEMO_PRESETS.items():
        assert set(preset) == {"sequence", "steps", "rnn_scale", "forget_bias", "units"}, name


@pytest.mark.parametrize("layer", counting.LAYERS)
@pytest.mark.parametrize("features", [1, 47])
@pytest.mark.parametrize("units", [[4], [128, 128], [3, 5, 7]])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("dense", [0, 7])
def test_calculator_equals_keras(layer, features, units, bidirectional, dense):
    keras = pytest.importorskip("keras")
    layers = [keras.Input((10, features))]
    for k, u in enumerate(units):
        recurrent = getattr(keras.layers, layer)(u, return_sequences=k < len(units) - 1)
        layers.append(keras.layers.Bidirectional(recurrent) if bidirectional else recurrent)
    if dense:
        layers.append(keras.layers.Dense(dense))
    model = keras.Sequential(layers)
    counted = counting.count_parameters(features, units, bidirectional, dense, layer)
    assert counting.total(counted) == model.count_params()
    for keras_layer, row in zip(model.layers, counted):
        assert keras_layer.count_params() == row.params


def test_gru_without_reset_after_equals_keras():
    keras = pytest.importorskip("keras")
    layer = keras.layers.GRU(6, reset_after=False)
    layer.build((1, 4, 3))
    assert counting.recurrent("GRU", 6, 3, reset_after=False).params == layer.count_params() == 3 * 6 * (3 + 6 + 1)


def test_document_001_counts_and_its_miscounts():
    doc = counting.DOCUMENT_001
    rows = counting.count_parameters(doc["input_features"], doc["lstm_units"], False, doc["dense_units"])
    assert [r.params for r in rows] == [90_112, 131_584, 903]
    assert counting.total(rows) == 222_599
    assert doc["document_counts"][1] - rows[1].params == 1024 and doc["document_total"] - 222_599 == 1024
    assert rows[0].formula_in() == "4·128·(128 + 47 + 1) = 90,112"
    russian = rows[1].formula_in(lambda value: f"{value:,}".replace(",", "\u00a0"))
    assert russian == "4·128·(128 + 128 + 1) = 131\u00a0584"


def test_min_gru_jacobian_is_the_product_of_one_minus_z_and_matches_finite_differences():
    weights = gradients.demo_cells(3, 0.9, 2.0)["min_gru"]
    x = preset_sequence("sine", 25)[:, None]
    sensitivity = gradients.rnn_sensitivity(weights, x)
    trace = cells.forward(weights, x)
    for t in (0, 7, 20):
        expected = np.diag(np.prod(trace.one_minus_z[t + 1 :], axis=0))
        np.testing.assert_allclose(sensitivity.jacobians[t], expected, atol=1e-12)
        np.testing.assert_allclose(gradients.finite_difference(weights, x, t, "h"), expected, atol=1e-7)
    demo = gradients.demo(x, 3, 0.9, 2.0)
    np.testing.assert_allclose(demo.min_gru, sensitivity.norms)


# --- the 2024 kinds: their memory's Jacobian read off the backward pass ------------------------------------------


def _later_products(values: np.ndarray) -> np.ndarray:
    """∏_{k=t+1..T−1} values_k for every t (T, u): 1 at the last step."""
    products = np.ones_like(values)
    products[:-1] = np.cumprod(values[:0:-1], axis=0)[::-1]
    return products


@pytest.mark.parametrize("units", [1, 3])
def test_memory_sensitivity_is_the_lstm_chain_and_the_min_gru_product(units):
    x = preset_sequence("sine", 25)[:, None]
    lstm = random_weights("lstm", units, 40 + units)
    initial = {"c": np.linspace(-0.5, 0.5, units), "h": np.full(units, 0.2)}
    chained, _, _ = gradients.lstm_sensitivity(lstm, x, initial)
    by_backward = gradients.memory_sensitivity(lstm, x, initial, state="c")
    np.testing.assert_allclose(by_backward.jacobians, chained.jacobians, atol=1e-12)
    min_gru = random_weights("min_gru", units, 50 + units)
    np.testing.assert_allclose(
        gradients.memory_sensitivity(min_gru, x, state="h").jacobians,
        gradients.rnn_sensitivity(min_gru, x).jacobians,
        atol=1e-12,
    )


@pytest.mark.parametrize("units", [1, 2, 4])
def test_min_lstm_and_mlstm_memories_fade_by_their_forget_gates_alone(units):
    """Their gates read x only: ∂M_T/∂M_t is ∏ diag(f′) (minLSTM), ∏ f′ · I over the u·u entries of C (mLSTM)."""
    x = preset_sequence("noise", 30)[:, None]
    cells_2024 = gradients.new_kind_cells(units, 1.5)
    min_lstm = cells_2024["min_lstm"]
    trace = cells.forward(min_lstm, x, {"h": np.full(units, 0.3)})
    expected = _later_products(trace.f_norm)
    sensitivity = gradients.memory_sensitivity(min_lstm, x, {"h": np.full(units, 0.3)})
    np.testing.assert_allclose(sensitivity.jacobians, np.stack([np.diag(p) for p in expected]), atol=1e-13)
    mlstm = cells_2024["mlstm"]
    trace = cells.forward(mlstm, x)
    kept = _later_products(trace.f[:, :1])[:, 0]  # the head's one f′
    sensitivity = gradients.memory_sensitivity(mlstm, x)
    np.testing.assert_allclose(sensitivity.jacobians, kept[:, None, None] * np.eye(units * units), atol=1e-13)
    np.testing.assert_allclose(sensitivity.norms, kept, atol=1e-13)


def test_linear_attention_forgets_nothing():
    x = preset_sequence("sine", 20)[:, None]
    sensitivity = gradients.memory_sensitivity(gradients.new_kind_cells(2, 0.0)["linear_attention"], x)
    np.testing.assert_allclose(sensitivity.jacobians, np.broadcast_to(np.eye(4), (20, 4, 4)), atol=1e-15)


@pytest.mark.parametrize("units", [1, 3])
def test_slstm_memory_sensitivity_equals_finite_differences(units):
    """Perturbing c_t moves h_t = o ⊙ c / n too (o and n held): every later step sees both."""
    x = preset_sequence("sine", 12)[:, None]
    weights = random_weights("slstm", units, 60 + units, scale=0.6)
    trace = cells.forward(weights, x)
    sensitivity = gradients.memory_sensitivity(weights, x)
    eps = 1e-6
    for t in (0, 5, 10):
        jacobian = np.empty((units, units))
        for j in range(units):
            ends = []
            for sign in (1.0, -1.0):
                states = {name: trace.values[name][t].copy() for name in weights.kind.states}
                states["c"][j] += sign * eps
                states["h"] = trace.o[t] * states["c"] / trace.n[t]
                ends.append(cells.forward(weights, x[t + 1 :], states).c[-1])
            jacobian[:, j] = (ends[0] - ends[1]) / (2 * eps)
        np.testing.assert_allclose(sensitivity.jacobians[t], jacobian, atol=1e-7)


def test_the_chart_gains_the_2024_kinds_only_when_asked():
    x = preset_sequence("sine", 40)[:, None]
    assert gradients.demo(x, 1, 0.9, 1.0).new == {}
    demo = gradients.demo(x, 2, 0.9, 6.0, new_kinds=True)
    assert set(demo.new) == set(gradients.NEW_KINDS)
    assert all(len(curve) == 40 and curve[-1] == pytest.approx(1.0) for curve in demo.new.values())
    assert demo.new["linear_attention"] == pytest.approx(np.ones(40))
    assert demo.new["mlstm"][0] > demo.new["min_lstm"][0]  # f′ = σ(6) against f / (f + i) ≈ ½
