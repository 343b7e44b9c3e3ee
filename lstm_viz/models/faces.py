"""The faces models (course document 001): two (bidirectional) LSTM layers reading an image row by row."""

from __future__ import annotations

from dataclasses import dataclass, field

import keras
import numpy as np

from lstm_viz import faces
from lstm_viz.models.core import recurrent_layers, train
from lstm_viz.training import Progress, build_lock


def build_cnn(classes: int, recipe: faces.FaceRecipe) -> keras.Model:
    """The document's "what next": two convolution + pooling blocks over the whole image, then the softmax. The
    faces move by up to 5 % while training (RandomTranslation is off at test time)."""
    image = keras.Input((62, 47), name="image")
    hidden = keras.layers.Reshape((62, 47, 1), name="channel")(image)
    hidden = keras.layers.RandomTranslation(0.05, 0.05, fill_mode="nearest", name="shift")(hidden)
    for number, width in enumerate((32, 64), 1):
        hidden = keras.layers.Conv2D(width, 3, padding="same", activation="relu", name=f"conv_{number}")(hidden)
        hidden = keras.layers.MaxPooling2D(name=f"pool_{number}")(hidden)
    hidden = keras.layers.Flatten(name="flatten")(hidden)
    hidden = keras.layers.Dropout(recipe.dropout, name="dropout")(hidden)
    output = keras.layers.Dense(classes, activation="softmax", name="dense")(hidden)
    return keras.Model(image, output, name="faces_cnn")


def build(classes: int, recipe: faces.FaceRecipe, seed: int, compiled: bool = True) -> keras.Model:
    """The document's two-layer LSTM reading an image row by row (optionally bidirectional, and optionally a
    second pair of layers reading it column by column, the two readings joined before the softmax); or the CNN.
    Levers of issue 33 (none in a shipped recipe): the face averaged over pool×pool blocks first, random flips and
    shifts inside the model, the softmax reading the mean and maximum of every row's h."""
    with build_lock():
        keras.utils.set_random_seed(seed)
        if recipe.model == "cnn":
            model = build_cnn(classes, recipe)
            if compiled:
                compile_for(model, recipe)
            return model

        def lstm(name, sequences):
            layer = keras.layers.LSTM(recipe.units, return_sequences=sequences, name=name)
            return keras.layers.Bidirectional(layer, name=f"bi_{name}") if recipe.bidirectional else layer

        def reader(inputs, prefix):
            hidden = lstm(f"{prefix}lstm_1", True)(inputs)
            hidden = keras.layers.Dropout(recipe.dropout, name=f"{prefix}dropout_1")(hidden)
            if recipe.head == "last":
                return lstm(f"{prefix}lstm_2", False)(hidden)
            hidden = lstm(f"{prefix}lstm_2", True)(hidden)  # every step's h: their mean and maximum
            mean = keras.layers.GlobalAveragePooling1D(name=f"{prefix}mean")(hidden)
            return keras.layers.Concatenate(name=f"{prefix}mean_max")(
                [mean, keras.layers.GlobalMaxPooling1D(name=f"{prefix}max")(hidden)]
            )

        image = keras.Input((62, 47), name="rows")
        seen = image
        if recipe.pool > 1 or recipe.random_shift or recipe.random_flip:
            seen = keras.layers.Reshape((62, 47, 1), name="channel")(seen)
            if recipe.random_flip:  # (training only) a random half of the faces mirrored, afresh every epoch
                seen = keras.layers.RandomFlip("horizontal", name="flip")(seen)
            if recipe.random_shift:  # (training only) moved by up to this fraction of the size, afresh every epoch
                shift = recipe.random_shift
                seen = keras.layers.RandomTranslation(shift, shift, fill_mode="nearest", name="shift")(seen)
            if recipe.pool > 1:  # each pool×pool block of pixels averaged first: fewer, smaller steps to read
                seen = keras.layers.AveragePooling2D(recipe.pool, padding="same", name="pool")(seen)
            seen = keras.layers.Reshape((-(-62 // recipe.pool), -(-47 // recipe.pool)), name="pooled")(seen)
        hidden = reader(seen, "")
        if recipe.read_columns:
            columns = keras.layers.Permute((2, 1), name="columns")(seen)
            hidden = keras.layers.Concatenate(name="rows_and_columns")([hidden, reader(columns, "column_")])
        last_dropout = "dropout" if recipe.read_columns else "dropout_2"
        hidden = keras.layers.Dropout(recipe.dropout, name=last_dropout)(hidden)
        output = keras.layers.Dense(classes, activation="softmax", name="dense")(hidden)
        model = keras.Model(image, output, name="faces")
        if compiled:
            compile_for(model, recipe)
    return model


def compile_for(model: keras.Model, recipe: faces.FaceRecipe) -> None:
    if recipe.weight_decay:
        optimizer = keras.optimizers.AdamW(recipe.learning_rate, weight_decay=recipe.weight_decay)
    else:
        optimizer = keras.optimizers.Adam(recipe.learning_rate)
    model.compile(
        optimizer=optimizer,
        loss=keras.losses.CategoricalCrossentropy(label_smoothing=recipe.label_smoothing),
        metrics=["accuracy"],
        jit_compile=recipe.jit_compile,
        steps_per_execution=recipe.steps_per_execution,
    )


def schedule_callback(recipe: faces.FaceRecipe, epochs: int) -> keras.callbacks.Callback:
    """ReduceLROnPlateau as the course has it, or a cosine decay from the recipe's rate to 1/20 of it (after the
    recipe's epochs of linear warm-up, if any)."""
    if recipe.schedule == "cosine":
        low, warm = recipe.learning_rate / 20, recipe.warmup_epochs

        def rate(epoch, _):
            if epoch < warm:  # linear warm-up from 1/warm of the rate
                return float(recipe.learning_rate * (epoch + 1) / warm)
            done = (epoch - warm) / max(epochs - warm - 1, 1)
            return float(low + (recipe.learning_rate - low) * 0.5 * (1 + np.cos(np.pi * done)))

        return keras.callbacks.LearningRateScheduler(rate)
    return keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=recipe.lr_patience, min_lr=1e-7)


def shifted_copies(images: np.ndarray, pixels: int, seed: int) -> np.ndarray:
    """Every image once more, moved by a random whole number of pixels (−pixels…pixels) each way, edges repeated."""
    from lstm_viz.lab.shifts import shift

    rng = np.random.default_rng(seed)
    moves = rng.integers(-pixels, pixels + 1, size=(len(images), 2))
    return np.stack([shift(image[None], dx, dy)[0] for image, (dx, dy) in zip(images, moves)])


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

    adam: AdamRecord | None = None  # one weight followed through Adam's first updates
    validation_images: int = 0  # held out of the training part
    fit_images: int = 0  # trained on per epoch (mirrored faces counted)
    mirror_test: bool = False  # its answers average the softmax over each face and its mirror image (the recipe's)

    @property
    def first_layer(self):
        """The layer that reads the rows first (a Bidirectional one as itself); None for the CNN."""
        layers = recurrent_layers(self.model)
        return layers[0] if layers else None

    @property
    def parameters(self) -> int:
        return int(self.model.count_params())


@dataclass
class AdamRecord:
    """One weight through Adam's first updates: Keras's own m and v after each, the weight before and after."""

    layer: str
    index: tuple[int, ...]
    learning_rate: list[float] = field(default_factory=list)
    m: list[float] = field(default_factory=list)
    v: list[float] = field(default_factory=list)
    before: list[float] = field(default_factory=list)
    after: list[float] = field(default_factory=list)


def followed_weight(model: keras.Model):
    """The weight the Adam record follows: the first recurrent layer's kernel (the forward one in Bidirectional),
    pixel 23 of a row, unit 1's input gate; for the CNN, the first convolution's centre tap."""
    layers = recurrent_layers(model)
    if layers:
        layer = layers[0].forward_layer if isinstance(layers[0], keras.layers.Bidirectional) else layers[0]
        return layer.name, layer.cell.kernel, (23, 0)
    conv = next(layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D))
    return conv.name, conv.kernel, (1, 1, 0, 0)


class AdamRecorder(keras.callbacks.Callback):
    """Reads one weight's Adam state around every update of the first ``epochs`` epochs (a few dozen numbers)."""

    def __init__(self, epochs: int = 2):
        super().__init__()
        self.epochs, self.record, self._on = epochs, None, False

    def on_train_begin(self, logs=None):
        name, self._variable, self._index = followed_weight(self.model)
        self.record = AdamRecord(name, self._index)

    def on_epoch_begin(self, epoch, logs=None):
        self._on = epoch < self.epochs

    def _value(self, variable) -> float:
        return float(keras.ops.convert_to_numpy(variable)[self._index])

    def on_train_batch_begin(self, batch, logs=None):
        if self._on:
            self.record.before.append(self._value(self._variable))
            self.record.learning_rate.append(float(keras.ops.convert_to_numpy(self.model.optimizer.learning_rate)))

    def on_train_batch_end(self, batch, logs=None):
        if self._on:
            optimizer = self.model.optimizer
            slot = optimizer._get_variable_index(self._variable)
            self.record.m.append(self._value(optimizer._momentums[slot]))
            self.record.v.append(self._value(optimizer._velocities[slot]))
            self.record.after.append(self._value(self._variable))


def train_faces(
    data: faces.Split,
    names: list[str],
    recipe_key: str | faces.FaceRecipe,
    progress: Progress,
    seed: int = 0,
    epochs: int | None = None,
) -> FaceResult:
    """Train on the split's training part (validation carved from it), evaluate on its test part. ``recipe_key``
    names one of faces.FACE_RECIPES, or is a recipe itself (bench/lfw_levers.py tries variants)."""
    from sklearn.model_selection import train_test_split

    recipe = recipe_key if isinstance(recipe_key, faces.FaceRecipe) else faces.FACE_RECIPES[recipe_key]
    recipe_key = recipe.key
    scaling = recipe.scaling_for(data.train_x)
    every = np.arange(len(data.train_y))
    if recipe.validation_fraction:
        fit_index, validation_index = train_test_split(
            every, test_size=recipe.validation_fraction, stratify=data.train_y, random_state=seed
        )
    else:  # every training face is learned from, for a fixed number of epochs (no early stopping to watch)
        fit_index, validation_index = every, every[:0]
    x, y = scaling(data.train_x), faces.one_hot(data.train_y, len(names))
    recorder = AdamRecorder()
    callbacks = [schedule_callback(recipe, epochs or recipe.epochs)]
    if recipe.validation_fraction:
        stopping = keras.callbacks.EarlyStopping(
            monitor="val_loss", patience=recipe.patience, restore_best_weights=True
        )
        callbacks.insert(0, stopping)
    if recipe.steps_per_execution == 1:  # (with several updates per call, a callback sees only every n-th)
        callbacks.insert(0, recorder)
    class_weight = faces.balanced_class_weights(data.train_y[fit_index]) if recipe.class_weights else None
    fit_x, fit_y = x[fit_index], y[fit_index]
    if recipe.flip:  # every training face also mirrored left–right (validation faces are not)
        fit_x, fit_y = np.concatenate([fit_x, fit_x[:, :, ::-1]]), np.concatenate([fit_y, fit_y])
    if recipe.shift_pixels:
        fit_x = np.concatenate([fit_x, shifted_copies(fit_x, recipe.shift_pixels, seed)])
        fit_y = np.concatenate([fit_y, fit_y])

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
        validation_data=(x[validation_index], y[validation_index]) if len(validation_index) else None,
    )
    progress.phase = "evaluating"
    probabilities = softmax(fitted.model, scaling(data.test_x), recipe.mirror_test)
    losses = [row.get("val_loss", np.inf) for row in progress.history]
    best_epoch = int(np.argmin(losses)) + 1 if losses and len(validation_index) else progress.epochs_done
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
        recorder.record,
        len(validation_index),
        len(fit_x),
        recipe.mirror_test,
    )


# --- what the faces lab reads from a trained run ---------------------------------------------------------------


def softmax(model: keras.Model, scaled: np.ndarray, mirror: bool, batch_size: int = 128) -> np.ndarray:
    """The model's answers on scaled images; with ``mirror``, the mean of its softmax on each image and on the image
    mirrored left–right (a face is nearly symmetric: two looks at it, and it learnt from both sides)."""
    answers = np.asarray(model.predict(scaled, verbose=0, batch_size=batch_size))
    if mirror:
        answers = (answers + np.asarray(model.predict(scaled[..., ::-1], verbose=0, batch_size=batch_size))) / 2
    return answers


def probabilities(result: FaceResult, images: np.ndarray) -> np.ndarray:
    """The run's answers on raw images (scaled as the run scaled its training images, mirrored as it answers)."""
    return softmax(result.model, result.scaling(images), result.mirror_test)


def belief_by_row(result: FaceResult, scaled: np.ndarray) -> np.ndarray:
    """The model's softmax after reading only the first k rows of a scaled image, for every k: (rows, classes).

    Rows not read yet are replaced by 0: in standardised units, the average face.
    """
    rows = len(scaled)
    masked = np.stack([np.where(np.arange(rows)[:, None] < k, scaled, 0.0) for k in range(1, rows + 1)])
    return softmax(result.model, masked.astype("float32"), result.mirror_test, batch_size=rows)


def first_layer_input(result: FaceResult, scaled: np.ndarray) -> np.ndarray:
    """What the first recurrent layer reads of one scaled image, (rows, numbers a row): the image itself, or, where the
    recipe averages each pool×pool block of pixels first, that smaller image as the model computes it."""
    layer = result.first_layer
    if tuple(layer.input.shape[1:]) == tuple(scaled.shape):
        return scaled
    upstream = keras.Model(result.model.inputs[0], layer.input)
    return np.asarray(upstream(scaled[None].astype("float32"), training=False))[0]


def dropout_input(result: FaceResult, image: np.ndarray) -> np.ndarray:
    """What enters the model's first Dropout layer for one image: the first LSTM layer's h at the last row (or, in
    the CNN, the flattened features)."""
    first = next(layer for layer in result.model.layers if isinstance(layer, keras.layers.Dropout))
    upstream = keras.Model(result.model.inputs[0], first.input)
    values = np.asarray(upstream(result.scaling(image[None]), training=False))[0]
    return values[-1] if values.ndim > 1 else values


def first_kernel(result: FaceResult) -> np.ndarray | None:
    """The first recurrent layer's input kernel (47, 4u), the forward one in Bidirectional; None for the CNN."""
    layer = result.first_layer
    if layer is None:
        return None
    layer = layer.forward_layer if isinstance(layer, keras.layers.Bidirectional) else layer
    return np.asarray(layer.get_weights()[0])
