"""The faces models (course document 001): two (bidirectional) LSTM layers reading an image row by row."""

from __future__ import annotations

from dataclasses import dataclass, field

import keras
import numpy as np

from lstm_viz import faces
from lstm_viz.models.core import recurrent_layers, train
from lstm_viz.training import Progress, build_lock


def build(classes: int, recipe: faces.FaceRecipe, seed: int, compiled: bool = True) -> keras.Model:
    """The document's two-layer LSTM reading an image row by row (optionally bidirectional, and optionally a
    second pair of layers reading it column by column, the two readings joined before the softmax)."""
    with build_lock():
        keras.utils.set_random_seed(seed)

        def lstm(name, sequences):
            layer = keras.layers.LSTM(recipe.units, return_sequences=sequences, name=name)
            return keras.layers.Bidirectional(layer, name=f"bi_{name}") if recipe.bidirectional else layer

        def reader(inputs, prefix):
            hidden = lstm(f"{prefix}lstm_1", True)(inputs)
            hidden = keras.layers.Dropout(recipe.dropout, name=f"{prefix}dropout_1")(hidden)
            return lstm(f"{prefix}lstm_2", False)(hidden)

        image = keras.Input((62, 47), name="rows")
        hidden = reader(image, "")
        if recipe.read_columns:
            columns = keras.layers.Permute((2, 1), name="columns")(image)
            hidden = keras.layers.Concatenate(name="rows_and_columns")([hidden, reader(columns, "column_")])
        last_dropout = "dropout" if recipe.read_columns else "dropout_2"
        hidden = keras.layers.Dropout(recipe.dropout, name=last_dropout)(hidden)
        output = keras.layers.Dense(classes, activation="softmax", name="dense")(hidden)
        model = keras.Model(image, output, name="faces")
        if compiled:
            model.compile(
                optimizer=keras.optimizers.Adam(recipe.learning_rate),
                loss="categorical_crossentropy",
                metrics=["accuracy"],
            )
    return model


@dataclass
class FaceResult:
    recipe: str
    seed: int
    model: keras.Model
    scaling: faces.PixelScaling
    probabilities: np.ndarray  # (test images, classes)
    evaluation: faces.Evaluation
    seconds: float
    epochs_done: int
    best_epoch: int
    stopped: bool
    history: list[dict[str, float]] = field(default_factory=list)

    @property
    def first_layer(self):
        """The layer that reads the rows first (a Bidirectional one as itself)."""
        return recurrent_layers(self.model)[0]


def train_faces(
    data: faces.Split, names: list[str], recipe_key: str, progress: Progress, seed: int = 0, epochs: int | None = None
) -> FaceResult:
    """Train on the split's training part (validation carved from it), evaluate on its test part."""
    from sklearn.model_selection import train_test_split

    recipe = faces.FACE_RECIPES[recipe_key]
    scaling = (
        faces.PixelScaling.document() if recipe.scaling == "document" else faces.PixelScaling.standardize(data.train_x)
    )
    fit_index, validation_index = train_test_split(
        np.arange(len(data.train_y)), test_size=recipe.validation_fraction, stratify=data.train_y, random_state=seed
    )
    x, y = scaling(data.train_x), faces.one_hot(data.train_y, len(names))
    callbacks = [
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=recipe.patience, restore_best_weights=True),
        keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=recipe.lr_patience, min_lr=1e-7),
    ]
    class_weight = faces.balanced_class_weights(data.train_y[fit_index]) if recipe.class_weights else None
    fit_x, fit_y = x[fit_index], y[fit_index]
    if recipe.flip:  # every training face also mirrored left–right (validation faces are not)
        fit_x, fit_y = np.concatenate([fit_x, fit_x[:, :, ::-1]]), np.concatenate([fit_y, fit_y])

    def make(seed: int, compiled: bool = True) -> keras.Model:
        return build(len(names), recipe, seed, compiled)

    fitted = train(
        ("faces", len(names), recipe),
        make,
        seed,
        recipe.learning_rate,
        progress,
        epochs or recipe.epochs,
        callbacks,
        x=fit_x,
        y=fit_y,
        batch_size=recipe.batch_size,
        class_weight=class_weight,
        validation_data=(x[validation_index], y[validation_index]),
    )
    progress.phase = "evaluating"
    probabilities = np.asarray(fitted.model.predict(scaling(data.test_x), verbose=0, batch_size=128))
    losses = [row.get("val_loss", np.inf) for row in progress.history]
    best_epoch = int(np.argmin(losses)) + 1 if losses else 0
    return FaceResult(
        recipe_key,
        seed,
        fitted.model,
        scaling,
        probabilities,
        faces.evaluate(probabilities, data.test_y, names),
        fitted.seconds,
        progress.epochs_done,
        best_epoch,
        progress.stopped,
        list(progress.history),
    )
