"""The gradient curves of the "Why LSTM" page against finite differences, and the parameter calculator
against Keras's own counts."""

import numpy as np
import pytest

from lstm_viz import counting, gradients
from lstm_viz.lstm import LSTMParams, RNNParams

# Central differences with eps = 1e-6 on O(1) states carry ~1e-10 of rounding error: below ~1e-5 a
# derivative cannot be checked to 1e-4 this way (the exact curve goes on down; the check stops there).
RESOLVABLE = 1e-5


def rnn(units, scale, seed=0):
    rng = np.random.default_rng(seed)
    return RNNParams(
        rng.normal(0, 1, (1, units)),
        scale * rng.normal(0, 1 / np.sqrt(units), (units, units)),
        rng.normal(0, 0.1, units),
    )


def relative_error(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(b), 1e-12)


@pytest.mark.parametrize("units, scale", [(1, 0.9), (3, 1.5), (4, 0.5)])
def test_rnn_jacobians_equal_finite_differences(units, scale):
    params = rnn(units, scale)
    x = np.sin(np.arange(12) / 2.0)[:, None]
    sensitivity = gradients.rnn_sensitivity(params, x)
    checked = [t for t in range(12) if sensitivity.norms[t] > RESOLVABLE]
    assert len(checked) >= 3
    for t in checked:
        estimate = gradients.rnn_finite_difference(params, x, t)
        assert relative_error(sensitivity.jacobians[t], estimate) <= 1e-4
    assert sensitivity.norms[-1] == pytest.approx(1.0)


@pytest.mark.parametrize("units, forget_bias, overrides", [(1, 3.0, None), (3, 0.0, None), (2, 1.0, {"i": 0.3})])
def test_lstm_jacobians_equal_finite_differences(units, forget_bias, overrides):
    params = LSTMParams.random(units, 1, np.random.default_rng(units), scale=0.8)
    bias = params.bias.copy()
    bias[units : 2 * units] = forget_bias
    params = LSTMParams(params.kernel, params.recurrent_kernel, bias)
    x = np.cos(np.arange(15) / 3.0)[:, None]
    full, _, _ = gradients.lstm_sensitivity(params, x, c0=np.full(units, 0.5), overrides=overrides)
    checked = [t for t in range(15) if full.norms[t] > RESOLVABLE]
    assert len(checked) >= 3
    for t in checked:
        estimate = gradients.lstm_finite_difference(params, x, t, c0=np.full(units, 0.5), overrides=overrides)
        assert relative_error(full.jacobians[t], estimate) <= 1e-4


def test_cell_state_path_alone_is_the_product_of_forget_gates():
    units = 3
    params = LSTMParams.random(units, 1, np.random.default_rng(5))
    x = np.linspace(-1, 1, 10)[:, None]
    _, products, trace = gradients.lstm_sensitivity(params, x)
    for t in range(10):
        np.testing.assert_allclose(products[t], np.prod(trace.f[t + 1 :], axis=0))
    # with U = 0 nothing flows through h, so the full Jacobian is that product exactly
    flat = LSTMParams(params.kernel, np.zeros_like(params.recurrent_kernel), params.bias)
    full, products, _ = gradients.lstm_sensitivity(flat, x)
    for t in range(10):
        np.testing.assert_allclose(full.jacobians[t], np.diag(products[t]), atol=1e-15)


def test_rnn_collapses_and_lstm_with_open_forget_gate_does_not():
    x = np.sin(np.arange(50) / 3.0)[:, None]
    rnn_curve = gradients.rnn_sensitivity(rnn(1, 0.9), x).norms
    params = LSTMParams(
        np.array([[0.5, 0.0, 1.0, 0.5]]), np.array([[0.3, 0.0, 0.3, 0.3]]), np.array([0.0, 8.0, 0.0, 0.0])
    )
    lstm_curve = gradients.lstm_sensitivity(params, x)[0].norms
    assert rnn_curve[0] < 1e-3 and lstm_curve[0] > 0.9
    closed = LSTMParams(params.kernel, params.recurrent_kernel, np.array([0.0, -3.0, 0.0, 0.0]))
    assert gradients.lstm_sensitivity(closed, x)[0].norms[0] < 1e-20


@pytest.mark.parametrize("features", [1, 47])
@pytest.mark.parametrize("units", [[4], [128, 128], [3, 5, 7]])
@pytest.mark.parametrize("bidirectional", [False, True])
@pytest.mark.parametrize("dense", [0, 7])
def test_calculator_equals_keras(features, units, bidirectional, dense):
    keras = pytest.importorskip("keras")
    layers = [keras.Input((10, features))]
    for k, u in enumerate(units):
        lstm = keras.layers.LSTM(u, return_sequences=k < len(units) - 1)
        layers.append(keras.layers.Bidirectional(lstm) if bidirectional else lstm)
    if dense:
        layers.append(keras.layers.Dense(dense))
    model = keras.Sequential(layers)
    counted = counting.count_parameters(features, units, bidirectional, dense)
    assert counting.total(counted) == model.count_params()
    for layer, row in zip(model.layers, counted):
        assert layer.count_params() == row.params


def test_document_001_counts_and_its_miscounts():
    doc = counting.DOCUMENT_001
    rows = counting.count_parameters(doc["input_features"], doc["lstm_units"], False, doc["dense_units"])
    assert [r.params for r in rows] == [90_112, 131_584, 903]
    assert counting.total(rows) == 222_599
    assert doc["document_counts"][1] - rows[1].params == 1024 and doc["document_total"] - 222_599 == 1024
    assert rows[0].formula == "4·128·(128 + 47 + 1) = 90,112"
