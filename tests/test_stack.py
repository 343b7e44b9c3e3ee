"""Issue 34's correctness: a stack's and a Bidirectional layer's every output equals Keras's (``keras.Model`` outputs
of each layer, return_sequences as set), for every Keras kind, several units, non-zero initial states, and each
merge_mode; and a stack Keras would refuse is refused with a message."""

import numpy as np
import pytest

from lstm_viz import cells
from lstm_viz.i18n import Texts
from lstm_viz.stack import Layer, StackError, forward_stack

KERAS_KINDS = [key for key, kind in cells.KINDS.items() if kind.keras_layer]


def build(spec, input_dim, seed):
    """NumPy layers from a spec [(kind, units, bidirectional, merge_mode, return_sequences)]."""
    rng = np.random.default_rng(seed)
    layers, features = [], input_dim
    for kind_key, units, bidirectional, merge_mode, sequences in spec:
        kind = cells.kind(kind_key)
        cell = cells.random(kind, units, features, rng, 0.6)
        backward = cells.random(kind, units, features, rng, 0.6) if bidirectional else None
        layer = Layer(cell, backward, sequences, merge_mode)
        layers.append(layer)
        features = layer.width
    return layers


def initial_states(layers, rng):
    """Non-zero initial states for every cell, as forward_stack takes them and as Keras's initial_state lists them."""
    ours, keras_lists = [], []
    for layer in layers:
        kind = layer.cell.kind
        one = {s: rng.uniform(-0.8, 0.8, layer.cell.units) for s in kind.states}
        if layer.bidirectional:
            other = {s: rng.uniform(-0.8, 0.8, layer.cell.units) for s in kind.states}
            ours.append({"forward": one, "backward": other})
            keras_lists.append([one[s] for s in kind.states] + [other[s] for s in kind.states])
        else:
            ours.append(one)
            keras_lists.append([one[s] for s in kind.states])
    return ours, keras_lists


def keras_outputs(layers, x, states):
    """Each layer's output from one keras.Model with the same weights and initial states."""
    import keras

    inputs = keras.Input((x.shape[0], x.shape[1]))
    state_inputs, outputs, hidden = [], [], inputs
    for layer, initial in zip(layers, states):
        kind = layer.cell.kind
        make = getattr(keras.layers, kind.keras_layer)
        recurrent = make(layer.cell.units, activation=layer.cell.activation, return_sequences=layer.return_sequences)
        if layer.bidirectional:
            backward = make(layer.cell.units, activation=layer.cell.activation,
                            return_sequences=layer.return_sequences, go_backwards=True)  # fmt: skip
            recurrent = keras.layers.Bidirectional(recurrent, merge_mode=layer.merge_mode, backward_layer=backward)
        given = [keras.Input((layer.cell.units,)) for _ in initial]
        state_inputs.extend(given)
        hidden = recurrent(hidden, initial_state=given if len(given) > 1 else given[0])
        outputs.append(hidden)
        cells_here = (recurrent.forward_layer, recurrent.backward_layer) if layer.bidirectional else (recurrent,)
        for keras_cell, weights in zip(cells_here, (layer.cell, layer.backward)):
            keras_cell.set_weights([w.astype("float32") for w in kind.to_keras(weights)])
    model = keras.Model([inputs, *state_inputs], outputs)
    flat = [np.asarray(v, dtype="float32")[None] for initial in states for v in initial]
    result = model([x[None].astype("float32"), *flat])
    result = result if isinstance(result, list | tuple) else [result]
    return [np.asarray(r, dtype=np.float64)[0] for r in result]


def assert_parity(spec, input_dim=3, steps=12, seed=0):
    layers = build(spec, input_dim, seed)
    rng = np.random.default_rng(seed + 100)
    x = rng.normal(size=(steps, input_dim))
    ours, theirs = initial_states(layers, rng)
    trace = forward_stack(layers, x, ours)
    expected = keras_outputs(layers, x, theirs)
    for number, (layer_trace, keras_out) in enumerate(zip(trace.layers, expected), 1):
        assert layer_trace.output.shape == keras_out.shape, f"layer {number}"
        assert np.abs(layer_trace.output - keras_out).max() <= 1e-5, f"layer {number}"
    return trace


@pytest.mark.parametrize("kind", KERAS_KINDS)
def test_two_stacked_layers_equal_keras_layer_by_layer(kind):
    assert_parity([(kind, 4, False, "concat", True), (kind, 3, False, "concat", False)])


@pytest.mark.parametrize("kind", KERAS_KINDS)
def test_three_stacked_layers_of_mixed_kinds_equal_keras(kind):
    others = [k for k in KERAS_KINDS if k != kind]
    assert_parity([(kind, 3, False, "concat", True), (others[0], 5, False, "concat", True),
                   (others[1], 2, False, "concat", True)], seed=1)  # fmt: skip


@pytest.mark.parametrize("merge_mode", ["concat", "sum", "ave", "mul"])
@pytest.mark.parametrize("kind", KERAS_KINDS)
def test_a_bidirectional_layer_equals_keras_in_each_merge_mode(kind, merge_mode):
    trace = assert_parity([(kind, 3, True, merge_mode, True), (kind, 2, True, merge_mode, False)], seed=2)
    assert trace.layers[0].output.shape[1] == (6 if merge_mode == "concat" else 3)  # the next layer reads 2u


def test_the_course_model_in_miniature_equals_keras():
    """Document 001's LSTM(128, return_sequences=True) → LSTM(128) as LSTM(4) → LSTM(4) on 6 rows of 5 pixels."""
    trace = assert_parity([("lstm", 4, False, "concat", True), ("lstm", 4, False, "concat", False)], 5, 6, 3)
    assert trace.layers[0].output.shape == (6, 4) and trace.output.shape == (4,)  # (T, u) goes up; then (u,)


def test_a_bidirectional_layer_sees_the_future_at_step_0():
    """The backward cell's output at step 0 has read the whole sequence: a pulse at the last step changes it."""
    layers = build([("lstm", 2, True, "concat", True)], 1, 4)
    quiet, pulse = np.zeros((10, 1)), np.zeros((10, 1))
    pulse[-1] = 1.0
    a, b = forward_stack(layers, quiet).layers[0].output, forward_stack(layers, pulse).layers[0].output
    assert np.allclose(a[0, :2], b[0, :2])  # the forward half at t = 0 cannot know
    assert not np.allclose(a[0, 2:], b[0, 2:])  # the backward half already has


@pytest.mark.parametrize(
    "spec, key",
    [
        ([("lstm", 2, False, "concat", False), ("lstm", 2, False, "concat", True)], "stack.sequences"),
        ([("lstm", 2, True, "max", True)], "stack.merge_mode"),
        ([("lstm", 2, False, "concat", True)] * 9, "stack.count"),
    ],
)
def test_a_stack_keras_would_refuse_gets_a_message(spec, key):
    layers = [Layer(cells.fresh(cells.kind(kind), units, 1), cells.fresh(cells.kind(kind), units, 1) if bi else None,
                    sequences, merge) for kind, units, bi, merge, sequences in spec]  # fmt: skip
    for k in range(1, len(layers)):  # (each cell reads what the layer below hands it)
        layers[k] = Layer(cells.fresh(cells.kind("lstm"), 2, layers[k - 1].width), None, layers[k].return_sequences,
                          layers[k].merge_mode)  # fmt: skip
    with pytest.raises(StackError) as caught:
        forward_stack(layers, np.zeros((5, 1)))
    assert caught.value.key == key
    assert caught.value.text(Texts("ru")) and "{" not in caught.value.text(Texts("en"))
