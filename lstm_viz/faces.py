"""Faces (course document 001): LFW loading, the lab's preprocessing, the classic baseline and the metrics.

Data: ``sklearn.datasets.fetch_lfw_people(min_faces_per_person, resize=0.5, color=False)`` gives 62×47 images
(the document says 50×37; its own parameter count only fits 47 features per row). scikit-learn already scales
pixels to [0, 1]; the document divides by 255 once more, so its network sees values below 0.004. Its 41.09%
is 106/258: the number of George W Bush photos in the test set — the score of always answering "Bush".
No Keras here (models.py trains the LSTMs); the baseline and every metric are scikit-learn's. (Over 300 lines: the
recipes name the scalings and the split they train on, so the task's NumPy side stays one module; what the pages read
off the data and the runs is lstm_viz.face_runs.)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from lstm_viz.i18n import TextError
from lstm_viz.runs.key import RunKey

DATA_HOME_VARIABLE = "LSTM_VIZ_DATA_HOME"
RESIZE = 0.5
DOCUMENT_ACCURACY = 41.09  # percent, course document 001
DOCUMENT_COUNTS = {
    "George W Bush": 530,
    "Colin Powell": 236,
    "Tony Blair": 144,
    "Donald Rumsfeld": 121,
    "Gerhard Schroeder": 109,
    "Ariel Sharon": 77,
    "Hugo Chavez": 71,
}
TEST_SIZE = 0.2
SPLIT_SEED = 42


DEFAULT_MIN_FACES = 70  # the course's people with at least 70 images: the page's first minimum
DEFAULT_SEED = 0


@dataclass(frozen=True)
class FaceRun(RunKey):
    """What one training run is (the key of its result in the stores of face runs)."""

    family = "faces"

    home: str | None
    min_faces: int
    recipe: str
    seed: int
    epochs: int

    def plan(self):
        """What training this run means, from the key alone: the data is read from ``home`` (lstm_viz.runs.plans)."""
        from lstm_viz.runs.plans import faces_plan

        return faces_plan(self)

    def estimate_seconds(self) -> float:
        from lstm_viz.runs.plans import faces_estimate

        return faces_estimate(self)


DOCUMENT_MACRO_F1 = 0.39  # printed beside a confusion table the document calls simplified (its diagonal: 116/258)
DOCUMENT_TABLE_RIGHT = 116


class MissingData(TextError):
    """The LFW images are not where scikit-learn looks; the message says what to place where."""


class TooFewPeople(TextError):
    """The images are there, but the minimum leaves fewer than two people to tell apart."""


def data_home() -> str | None:
    """The folder that holds ``lfw_home/``: $LSTM_VIZ_DATA_HOME, else scikit-learn's default (None)."""
    return os.environ.get(DATA_HOME_VARIABLE) or None


def expected_folder(home: str | None) -> Path:
    from sklearn.datasets import get_data_home

    return Path(get_data_home(home)) / "lfw_home" / "lfw_funneled"


@dataclass(frozen=True)
class Faces:
    images: np.ndarray  # (n, 62, 47) in [0, 1], as scikit-learn returns them
    target: np.ndarray  # (n,) class index
    names: list[str]  # class index → person

    @property
    def counts(self) -> dict[str, int]:
        return {name: int((self.target == k).sum()) for k, name in enumerate(self.names)}

    @property
    def majority_rate(self) -> float:
        return float(np.bincount(self.target).max() / len(self.target))


def load_faces(home: str | None = None, min_faces_per_person: int = 70, download: bool = False) -> Faces:
    """LFW people with at least ``min_faces_per_person`` images, or MissingData with a plain explanation."""
    from sklearn.datasets import fetch_lfw_people

    try:
        people = fetch_lfw_people(
            data_home=home,
            min_faces_per_person=min_faces_per_person,
            resize=RESIZE,
            color=False,
            download_if_missing=download,
        )
    except (OSError, ValueError) as error:  # OSError: not there (or the download failed); ValueError: bad folder
        folder = expected_folder(home)
        raise MissingData(
            "faces_error.download_failed" if download else "faces_error.missing",
            reason=f"{type(error).__name__}: {error}",
            folder=str(folder),
            variable=DATA_HOME_VARIABLE,
        ) from error
    if len(people.target_names) < 2:
        raise TooFewPeople("faces_error.too_few", people=len(people.target_names), minimum=min_faces_per_person)
    return Faces(people.images.astype(np.float32), people.target.astype(int), [str(n) for n in people.target_names])


@dataclass(frozen=True)
class Split:
    train_x: np.ndarray  # (n_train, 62, 47): each image read row by row, 62 time steps of 47 features
    test_x: np.ndarray
    train_y: np.ndarray  # class indices
    test_y: np.ndarray
    train_index: np.ndarray  # positions in Faces.images
    test_index: np.ndarray


def split(faces: Faces, test_size: float = TEST_SIZE, seed: int = SPLIT_SEED) -> Split:
    """The lab's stratified 80/20 split (1030 / 258 for the 7 people)."""
    from sklearn.model_selection import train_test_split

    index = np.arange(len(faces.target))
    train_index, test_index = train_test_split(index, test_size=test_size, stratify=faces.target, random_state=seed)
    return Split(
        faces.images[train_index],
        faces.images[test_index],
        faces.target[train_index],
        faces.target[test_index],
        train_index,
        test_index,
    )


def one_hot(labels: np.ndarray, classes: int) -> np.ndarray:
    result = np.zeros((len(labels), classes), dtype=np.float32)
    result[np.arange(len(labels)), labels] = 1.0
    return result


@dataclass(frozen=True)
class PixelScaling:
    """How pixels reach the network: the document's /255, or standardisation with training statistics."""

    mean: np.ndarray | float = 0.0
    scale: np.ndarray | float = 255.0
    per_image: bool = False  # then also give each image zero mean and unit spread (evens out the lighting)

    @classmethod
    def document(cls) -> PixelScaling:
        return cls(0.0, 255.0)

    @classmethod
    def standardize(cls, train_images: np.ndarray, per_image: bool = False) -> PixelScaling:
        """Per-pixel mean and spread of the training images only (and, optionally, per image after that)."""
        return cls(train_images.mean(axis=0), train_images.std(axis=0) + 1e-6, per_image)

    def __call__(self, images: np.ndarray) -> np.ndarray:
        scaled = (np.asarray(images, dtype=np.float32) - self.mean) / self.scale
        if self.per_image:
            spread = scaled.std(axis=(1, 2), keepdims=True) + 1e-6
            scaled = (scaled - scaled.mean(axis=(1, 2), keepdims=True)) / spread
        return scaled.astype(np.float32)


def balanced_class_weights(labels: np.ndarray) -> dict[int, float]:
    """scikit-learn's "balanced" weights: n_samples / (n_classes · count)."""
    from sklearn.utils.class_weight import compute_class_weight

    classes = np.unique(labels)
    return {int(c): float(w) for c, w in zip(classes, compute_class_weight("balanced", classes=classes, y=labels))}


# --- the classic baseline: eigenfaces + RBF SVM (scikit-learn's own faces example) ---------------------


def train_baseline(data: Split, seed: int = 0, components: int = 150):
    """PCA (whitened eigenfaces) + an RBF SVM with balanced class weights; C and γ by 3-fold grid search."""
    from sklearn.decomposition import PCA
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import make_pipeline
    from sklearn.svm import SVC

    flat = data.train_x.reshape(len(data.train_x), -1)
    components = min(components, (2 * len(flat)) // 3 - 1, flat.shape[1])  # a 3-fold split must still fit it
    pipeline = make_pipeline(
        PCA(n_components=components, whiten=True, svd_solver="randomized", random_state=seed),
        SVC(kernel="rbf", class_weight="balanced", random_state=seed),
    )
    grid = {"svc__C": [1e3, 5e3, 1e4], "svc__gamma": [1e-3, 5e-3, 1e-2]}
    search = GridSearchCV(pipeline, grid, cv=3, n_jobs=1)
    search.fit(flat, data.train_y)
    return search.best_estimator_


def baseline_components(model) -> int:
    return int(model.named_steps["pca"].n_components_)


def baseline_scores(model, images: np.ndarray) -> np.ndarray:
    """One-vs-rest decision scores (n, classes): what ROC curves need (the SVM gives no probabilities)."""
    return model.decision_function(images.reshape(len(images), -1))


# --- metrics ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
    accuracy: float  # percent
    confusion: np.ndarray  # (classes, classes) counts, rows = true
    report: dict  # scikit-learn's classification_report(output_dict=True)
    roc: dict[str, tuple[np.ndarray, np.ndarray, float]]  # person → (fpr, tpr, auc)
    macro_auc: float
    macro_f1: float
    predicted: np.ndarray
    confidence: np.ndarray  # the predicted class's probability


def evaluate(probabilities: np.ndarray, truth: np.ndarray, names: list[str]) -> Evaluation:
    """Accuracy, confusion matrix, per-class report, one-vs-rest ROC per person and macro AUC (scikit-learn).

    ``probabilities`` may be any per-class scores (an SVM's decision values): the ROC curves only rank them, and
    the macro AUC is the mean of the per-person one-vs-rest AUCs (scikit-learn's "ovr", "macro").
    """
    from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, roc_auc_score, roc_curve
    from sklearn.preprocessing import label_binarize

    probabilities = np.asarray(probabilities, dtype=np.float64)
    classes = list(range(len(names)))
    predicted = probabilities.argmax(axis=1)
    report = classification_report(
        truth, predicted, labels=classes, target_names=names, output_dict=True, zero_division=0
    )
    binary = label_binarize(truth, classes=classes)
    roc = {}
    for k, name in enumerate(names):
        fpr, tpr, _ = roc_curve(binary[:, k], probabilities[:, k])
        roc[name] = (fpr, tpr, float(roc_auc_score(binary[:, k], probabilities[:, k])))
    return Evaluation(
        accuracy=100.0 * float(accuracy_score(truth, predicted)),
        confusion=confusion_matrix(truth, predicted, labels=classes),
        report=report,
        roc=roc,
        macro_auc=float(np.mean([auc for _, _, auc in roc.values()])),
        macro_f1=float(report["macro avg"]["f1-score"]),
        predicted=predicted,
        confidence=probabilities.max(axis=1),
    )


# --- recipes (what models.train_faces runs) -----------------------------------------------------------


@dataclass(frozen=True)
class FaceRecipe:
    """A training recipe (its name and description: catalogue "face_recipe.<key>")."""

    key: str
    units: int
    bidirectional: bool
    scaling: str  # "document" (/255 on top of scikit-learn's [0, 1]), "unit" (the [0, 1] as it is) or "standardize"
    class_weights: bool
    learning_rate: float
    epochs: int
    batch_size: int
    patience: int  # EarlyStopping on val_loss, restoring the best weights
    lr_patience: int  # ReduceLROnPlateau(factor 0.5, min_lr 1e-7)
    dropout: float = 0.3
    validation_fraction: float = 0.2  # taken from the training part only, stratified
    flip: bool = False  # add every training face mirrored left–right (faces are nearly symmetric)
    read_columns: bool = False  # a second pair of LSTM layers reads the image column by column
    model: str = "lstm"  # or "cnn": the document's "what next", two Conv2D + pooling blocks
    # speed levers (issue 18; bench/lfw_levers.py measures each): XLA, several updates per call into TensorFlow,
    # the learning-rate schedule ("plateau": ReduceLROnPlateau; "cosine": cosine decay over the epochs)
    jit_compile: bool = False
    steps_per_execution: int = 1
    schedule: str = "plateau"
    shift_pixels: int = 0  # add every training face moved by up to this many pixels (a random copy each)
    # issue 33: the model first averages each pool×pool block of pixels (2: it reads 31 rows of 24), label smoothing,
    # AdamW's decoupled weight decay, and epochs of linear warm-up before the cosine decay
    pool: int = 1
    label_smoothing: float = 0.0
    weight_decay: float = 0.0
    warmup_epochs: int = 0
    head: str = "last"  # what the softmax reads of the last LSTM layer: its last h, or "mean_max" over every row's h
    random_shift: float = 0.0  # inside the model, training only: faces moved by up to this fraction, afresh each epoch
    random_flip: bool = False  # inside the model, training only: a random half mirrored each epoch (not copies)
    mirror_test: bool = False  # a face's answer: the softmax averaged over the face and its mirror image

    def scaling_for(self, train_images: np.ndarray) -> PixelScaling:
        """How this recipe scales pixels (training statistics only, where it standardises)."""
        if self.scaling == "document":
            return PixelScaling.document()
        if self.scaling == "unit":
            return PixelScaling(0.0, 1.0)
        if self.scaling == "per_pixel":
            return PixelScaling.standardize(train_images, per_image=False)
        return PixelScaling.standardize(train_images, per_image=True)


FACE_RECIPES: dict[str, FaceRecipe] = {
    "course": FaceRecipe(
        "course",
        128,
        False,
        "document",
        False,
        1e-3,
        100,
        32,
        15,
        10,
    ),
    # issue 33 (bench/lfw_levers.py, 12 and 7 people, seeds 0–2): no fifth of the faces held out to stop early (all
    # of them learnt from, a fixed 16 epochs, the rate falling along a cosine from 2e-3), each 2×2 block of pixels
    # averaged first (an update costs half), and a face answered from it and its mirror image
    "improved": FaceRecipe(
        "improved",
        64,
        True,
        "standardize",
        True,
        2e-3,
        16,
        32,
        16,
        5,
        dropout=0.4,
        flip=True,
        read_columns=True,
        validation_fraction=0.0,
        schedule="cosine",
        pool=2,
        mirror_test=True,
    ),
    "demo": FaceRecipe(  # 8 epochs for 7 people; with more, fewer of them: the same number of updates (face_timing)
        "demo",
        64,
        True,
        "standardize",
        True,
        2e-3,
        8,
        32,
        8,
        5,
        flip=True,
        read_columns=True,
        validation_fraction=0.0,
        schedule="cosine",
        pool=2,
        mirror_test=True,
    ),
    # the document's architecture and recipe, with the pixels scaled once (scikit-learn's [0, 1]) instead of twice
    "course_scaled": FaceRecipe("course_scaled", 128, False, "unit", False, 1e-3, 100, 32, 15, 10),
    # the document's "what next": a small CNN (Conv 32 → pool → Conv 64 → pool → dense), shifted and mirrored faces
    "cnn": FaceRecipe("cnn", 0, False, "standardize", True, 1e-3, 20, 32, 6, 3, dropout=0.5, flip=True, model="cnn"),
}
