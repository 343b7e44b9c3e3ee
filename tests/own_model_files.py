"""Model files for the tests and the benchmark of "Your model": good ones of every shape, and hostile ones.

Each maker returns the bytes a user would upload. Keras is imported by the makers only.
"""

from __future__ import annotations

import io
import zipfile

import numpy as np


def saved(model, suffix: str = ".keras") -> bytes:
    from lstm_viz.models.core import saved_bytes

    return saved_bytes(model, suffix)


def randomized(model, seed: int = 0, gain: float = 0.9):
    """Weights drawn at random, not Keras's initial ones (a zero bias would hide a bias bug), scaled like a trained
    layer's: a matrix by gain / √(rows), so that a wide recurrent layer is not chaotic (where float32 Keras and float64
    NumPy would part ways after a few steps, as any two float32 runs in a different order would); biases by 0.5."""
    rng = np.random.default_rng(seed)
    weights = []
    for w in model.get_weights():
        scale = gain / np.sqrt(w.shape[0]) if w.ndim == 2 and w.shape[0] > 1 else 0.5
        weights.append(rng.normal(0, scale, w.shape).astype("float32"))
    model.set_weights(weights)
    return model


def stack(kinds: list[str], units: list[int], input_dim: int, bidirectional: set[int] = frozenset(), seed: int = 0,
          dense: int = 1, **options):  # fmt: skip
    """A Sequential of recurrent layers (every one returns sequences but the last), then a Dense head."""
    import keras

    layers = [keras.Input((None, input_dim))]
    for k, (kind, size) in enumerate(zip(kinds, units)):
        layer = getattr(keras.layers, kind)(size, return_sequences=k < len(kinds) - 1, **options)
        layers.append(keras.layers.Bidirectional(layer) if k in bidirectional else layer)
    if dense:
        layers.append(keras.layers.Dense(dense))
    return randomized(keras.Sequential(layers), seed)


def good() -> bytes:
    return saved(stack(["LSTM", "GRU"], [4, 3], 2, bidirectional={0}))


def zip_bomb(megabytes: int = 120) -> bytes:
    """A real model's files plus one member of zeros that deflates about a thousandfold."""
    base = zipfile.ZipFile(io.BytesIO(good()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in base.infolist():
            bomb.writestr(info.filename, base.read(info.filename))
        with bomb.open("assets/padding.bin", "w") as member:
            chunk = bytes(1_000_000)
            for _ in range(megabytes):
                member.write(chunk)
    return buffer.getvalue()


def with_lambda() -> bytes:
    import keras

    model = keras.Sequential([keras.Input((5, 2)), keras.layers.Lambda(lambda x: x * 2), keras.layers.LSTM(3)])
    return saved(model)


def with_custom_class() -> bytes:
    import keras

    @keras.saving.register_keras_serializable(package="Hostile")
    class Doubling(keras.layers.Layer):
        def call(self, x):
            return x * 2

    model = keras.Sequential([keras.Input((5, 2)), Doubling(), keras.layers.LSTM(3)])
    return saved(model)


def truncated() -> bytes:
    data = good()
    return data[: len(data) // 2]


def legacy_h5() -> bytes:
    return saved(stack(["LSTM"], [3], 2), ".h5")


def text_file() -> bytes:
    return b"model = LSTM(32)  # not a model, a text file renamed .keras\n"


def no_recurrent_layer() -> bytes:
    import keras

    return saved(keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(1)]))


def without_bias() -> bytes:
    return saved(stack(["LSTM"], [3], 2, use_bias=False))


def gru_reset_before() -> bytes:
    return saved(stack(["GRU"], [3], 2, reset_after=False))


def path_traversal() -> bytes:
    base = zipfile.ZipFile(io.BytesIO(good()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bad:
        for info in base.infolist():
            bad.writestr(info.filename, base.read(info.filename))
        bad.writestr("../../etc/cron.d/evil", "* * * * * root true\n")
    return buffer.getvalue()


def pickle_file() -> bytes:
    import pickle

    return pickle.dumps({"weights": [1, 2, 3]})


def too_wide() -> bytes:
    return saved(stack(["SimpleRNN"], [1100], 1, dense=0))


# (maker, the catalogue key of the message it must get); "ok" where the file is supported
HOSTILE = {
    "zip bomb": (zip_bomb, "own.error.bomb"),
    "Lambda layer": (with_lambda, "own.error.lambda"),
    "custom class": (with_custom_class, "own.error.custom"),
    "truncated file": (truncated, "own.error.truncated"),
    ".h5 renamed .keras": (legacy_h5, "own.error.h5"),
    "text renamed .keras": (text_file, "own.error.not_keras"),
    "no recurrent layer": (no_recurrent_layer, "own.error.no_recurrent"),
    "path traversal": (path_traversal, "own.error.path"),
    "pickle": (pickle_file, "own.error.pickle"),
    "layer over 1,024 units": (too_wide, "own.error.too_wide"),
    "empty file": (lambda: b"", "own.error.empty"),
}
