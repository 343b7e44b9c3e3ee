"""A trained Keras model opened whole in the stack view (lstm_viz.layers.trained): its chain of recurrent layers and
its softmax, on one input, equal the whole model's outputs layer by layer (≤ 1e-5), for the faces page's own models
(document 001's architecture, and bidirectional) and for stacks of every Keras kind; a model the stack view cannot
show is refused with a message naming the layer."""

import numpy as np
import pytest

from lstm_viz import faces
from lstm_viz.i18n import TextError, Texts
from lstm_viz.layers import summary
from lstm_viz.layers.config import of_trained, run
from lstm_viz.layers.trained import from_keras
from lstm_viz.scene import dumps
from lstm_viz.scene import stack as stack_scene

EN = Texts("en")
SOURCE = ("layers.source.own", {"name": "test"})


def per_layer(model, x):
    """Keras's output of every recurrent layer and of the model, as one keras.Model."""
    import keras

    recurrent = [layer for layer in model.layers if type(getattr(layer, "forward_layer", layer)).__name__ in
                 ("LSTM", "GRU", "SimpleRNN")]  # fmt: skip
    probe = keras.Model(model.inputs[0], [layer.output for layer in recurrent] + [model.layers[-1].output])
    return [np.asarray(value, dtype=np.float64)[0] for value in probe(x[None].astype("float32"), training=False)]


def assert_equal_to_keras(model, x, labels=()):
    trained = from_keras(model, x, labels, SOURCE)
    result = run(of_trained(trained))
    expected = per_layer(model, x)
    ours = [layer.output for layer in result.stack.layers] + [result.head.probabilities]
    for mine, theirs in zip(ours, expected):
        assert mine.shape == theirs.shape
        assert np.max(np.abs(mine - theirs)) <= 1e-5
    assert trained.difference <= 1e-5
    return trained, result


@pytest.mark.parametrize("recipe", ["course", "course_bidirectional"])
def test_the_faces_models_open_whole_and_equal_keras_layer_by_layer(recipe):
    from lstm_viz.models.faces import build

    chosen = faces.FACE_RECIPES["course"]
    if recipe == "course_bidirectional":
        from dataclasses import replace

        chosen = replace(chosen, units=8, bidirectional=True)
    model = build(7, chosen, seed=3, compiled=False)
    x = np.random.default_rng(0).uniform(0, 1, (62, 47))
    names = [f"person {k}" for k in range(7)]
    trained, result = assert_equal_to_keras(model, x, names)
    table = summary.rows(result, EN)
    recurrent = [layer for layer in model.layers if "lstm" in layer.name]
    assert [row["Parameters"] for row in table[:-1]] == [layer.count_params() for layer in recurrent]
    assert table[-1]["Parameters"] == model.get_layer("dense").count_params()
    data = stack_scene.payload(result, EN, labels=trained.labels)
    assert data["stacks"][0]["head"]["labels"] == names and data["stacks"][0]["head"]["shape"] == "(7,)"
    assert data["stacks"][0]["layers"][0]["reads"] == "(62, 47)"
    assert len(dumps(data)) < 3_000_000  # two layers of 128 units over 62 steps: what the scene can show


@pytest.mark.parametrize("kind", ["LSTM", "GRU", "SimpleRNN"])
def test_a_stack_of_every_keras_kind_with_layers_before_it_opens_whole(kind):
    import keras

    make = getattr(keras.layers, kind)
    keras.utils.set_random_seed(1)
    model = keras.Sequential([
        keras.Input((9, 4)),
        keras.layers.Dense(3, activation="tanh"),  # (computed by Keras: the stack reads its output)
        keras.layers.Bidirectional(make(3, return_sequences=True), merge_mode="sum"),
        keras.layers.Dropout(0.3),
        make(2, return_sequences=True),
        keras.layers.Dense(4, activation="softmax"),
    ])  # fmt: skip
    x = np.random.default_rng(2).normal(size=(9, 4))
    trained, result = assert_equal_to_keras(model, x)
    assert trained.x.shape == (9, 3) and result.head.probabilities.shape == (9, 4)


def test_a_model_that_goes_on_otherwise_shows_its_chain_up_to_the_layer_that_ends_it():
    from dataclasses import replace

    from lstm_viz.models.faces import build

    model = build(3, replace(faces.FACE_RECIPES["demo"], units=4), seed=0, compiled=False)  # rows and columns read
    x = np.random.default_rng(0).uniform(0, 1, (62, 47))
    trained = from_keras(model, x, (), SOURCE)
    assert [layer.bidirectional for layer in trained.layers] == [True, True] and trained.dense is None
    assert trained.stop and trained.difference <= 1e-5
    result = run(of_trained(trained))
    assert result.head is None and result.stack.output.shape == (8,)


def test_a_model_the_stack_view_cannot_show_is_refused_with_a_message_naming_the_layer():
    import keras

    masked = keras.Sequential([keras.Input((6, 2)), keras.layers.Masking(name="mask"), keras.layers.LSTM(2)])
    embedded = keras.Sequential([keras.Input((6,)), keras.layers.Embedding(10, 4, mask_zero=True, name="words"),
                                 keras.layers.LSTM(3), keras.layers.Dense(3, activation="softmax")])  # fmt: skip
    backwards = keras.Sequential([keras.Input((6, 2)), keras.layers.LSTM(2, go_backwards=True, name="back")])
    none = keras.Sequential([keras.Input((6, 2)), keras.layers.Dense(2)])
    x = np.zeros((6, 2))
    refused = [(masked, "masking", "mask"), (embedded, "masking", "words"), (backwards, "backwards", "back"),
               (none, "none", None)]  # fmt: skip
    for model, key, name in refused:
        with pytest.raises(TextError) as caught:
            from_keras(model, x, (), SOURCE)
        assert caught.value.key == f"layers.trained.{key}"
        if name:
            assert name in caught.value.text(EN) and name in caught.value.text(Texts("ru"))
    two = keras.Input((6, 2)), keras.Input((6, 2))
    joined = keras.Model(list(two), keras.layers.LSTM(2)(keras.layers.Add()(list(two))))  # a chain after two inputs
    with pytest.raises(TextError) as caught:
        from_keras(joined, x, (), SOURCE)
    assert caught.value.key == "layers.trained.keras" and caught.value.text(EN)


def test_a_model_of_four_recurrent_layers_shows_the_first_three_and_says_so():
    import keras

    model = keras.Sequential([keras.Input((5, 1))] + [keras.layers.LSTM(2, return_sequences=True) for _ in range(4)]
                             + [keras.layers.Dense(2, activation="softmax")])  # fmt: skip
    trained = from_keras(model, np.ones((5, 1)), (), SOURCE)
    assert len(trained.layers) == 3 and trained.left_out == 1 and trained.dense is None
    assert trained.difference <= 1e-5


def test_a_stack_too_big_to_show_whole_shows_what_the_scene_can_under_5_mb():
    from lstm_viz import cells
    from lstm_viz.layers.trained import TrainedStack
    from lstm_viz.stack import Layer

    rng = np.random.default_rng(0)
    kind = cells.kind("lstm")
    layers = (Layer(cells.random(kind, 128, 20, rng, 0.1)), Layer(cells.random(kind, 128, 128, rng, 0.1)),
              Layer(cells.random(kind, 128, 128, rng, 0.1), return_sequences=False))  # fmt: skip
    trained = TrainedStack(layers, rng.normal(size=(200, 20)), None, (), SOURCE, 0.0)
    data = stack_scene.payload(run(of_trained(trained)), EN)
    assert len(dumps(data).encode()) < 5_000_000
    assert [layer["hands"] for layer in data["stacks"][0]["layers"]] == ["(200, 128)", "(200, 128)", "(128,)"]
    assert all(len(cell["shown"]) == 16 and cell["units"] == 128 and "heat" in cell for cell in data["cells"])
