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
