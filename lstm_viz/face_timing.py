"""How long a faces recipe will probably take, said before Train (issue 18): weight updates × seconds per update.

An update's cost depends on the recipe's model and batch, not on how many people there are, so the estimate scales
with the image count: more people, more images, more updates an epoch. The seconds per update were measured by
bench/faces_lab.py on a 2-core machine (its calibration figure beside them). This is the key's own estimate
(``FaceRun.estimate_seconds``); the run queue corrects it by this server's finished runs, and the pages say that one
figure before Train (``ui.training.expected_seconds``), never a time of their own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from lstm_viz.faces import FACE_RECIPES, FaceRecipe

MEASURED_ON_CALIBRATION_MS = 1.9  # the NumPy forward (100 steps × 4 units) of the machine that measured these
SECONDS_PER_UPDATE = {  # training only; evaluation and building add SECONDS_TO_START (bench/faces_lab.py and
    "course": 0.035,  # bench/lfw_levers.py, 2026-11-23: improved 4.96 s an epoch of 52 updates, CNN 2.1 s of 52,
    "course_scaled": 0.035,  # course 1.9–2.0 s of 26)
    "improved": 0.05,  # (issue 33: each 2×2 block of pixels averaged first, an update costs about two thirds)
    "demo": 0.05,
    "cnn": 0.021,
}
SECONDS_PER_EPOCH = 1.0  # the validation pass (where a recipe holds one out) and Keras's bookkeeping
SECONDS_TO_START = 3.0  # TensorFlow's import (once per server), building the model, the test predictions
LIKELY_EPOCHS = {"course": 100, "course_scaled": 55, "improved": 16, "demo": 8, "cnn": 20}  # (or where stopping ends)
DEMO_UPDATES = 8 * 65  # the quick demo's budget: 8 epochs of the 7-person split (all 1030 training faces, mirrored)


def updates_per_epoch(recipe: FaceRecipe, train_images: int) -> int:
    """Batches in one epoch: the training part less its validation share, doubled when faces are also mirrored
    (and again with shifted copies)."""
    fit = train_images - math.ceil(recipe.validation_fraction * train_images)
    fit *= (2 if recipe.flip else 1) * (2 if recipe.shift_pixels else 1)
    return math.ceil(fit / recipe.batch_size)


def default_epochs(recipe_key: str, train_images: int) -> int:
    """The recipe's epochs, except the quick demo's: scaled so it keeps its budget of updates with more people (at
    least 3 epochs), so it still finishes while the class watches."""
    recipe = FACE_RECIPES[recipe_key]
    if recipe_key != "demo":
        return recipe.epochs
    return max(3, min(recipe.epochs, round(DEMO_UPDATES / updates_per_epoch(recipe, train_images))))


@dataclass(frozen=True)
class Estimate:
    likely: float  # seconds, if early stopping ends it where it usually does
    at_most: float  # seconds, if it runs every epoch asked for
    per_epoch: float


def estimate(recipe_key: str, train_images: int, epochs: int) -> Estimate:
    recipe = FACE_RECIPES[recipe_key]
    per_epoch = updates_per_epoch(recipe, train_images) * SECONDS_PER_UPDATE[recipe_key] + SECONDS_PER_EPOCH
    likely_epochs = min(epochs, LIKELY_EPOCHS[recipe_key])
    return Estimate(SECONDS_TO_START + likely_epochs * per_epoch, SECONDS_TO_START + epochs * per_epoch, per_epoch)
