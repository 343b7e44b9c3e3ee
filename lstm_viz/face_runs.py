"""What the faces pages read off the data and the runs: the majority class (the score to beat), document 001's
parameter table, the runs on this data, and each recipe's best run (lstm_viz.faces holds the data, the recipes and
the metrics)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_viz import counting
from lstm_viz.faces import FACE_RECIPES

IMAGE_COLUMNS = 47  # an LFW face at RESIZE 0.5 is 62 rows of 47 pixels: the LSTM reads 47 features a step


@dataclass(frozen=True)
class Majority:
    """The largest class of the test part: always answering it is right this often."""

    index: int
    right: int
    total: int

    @property
    def percent(self) -> float:
        return 100 * self.right / self.total


def majority(test_labels: np.ndarray) -> Majority:
    counts = np.bincount(test_labels)
    return Majority(int(counts.argmax()), int(counts.max()), len(test_labels))


def document_parameters(classes: int) -> list:
    """Document 001's model, layer by layer (``counting.LayerCount``): two LSTM layers over a row's pixels, then a
    softmax over the people (the course recipe)."""
    recipe = FACE_RECIPES["course"]
    return counting.count_parameters(IMAGE_COLUMNS, [recipe.units, recipe.units], recipe.bidirectional, classes)


def on_data(runs: dict, home: str | None, min_faces: int) -> dict:
    """The runs (``FaceRun`` → result) trained on this data: the same folder and the same minimum per person."""
    return {run: result for run, result in runs.items() if (run.home, run.min_faces) == (home, min_faces)}


def best_by_recipe(results) -> dict:
    """The most accurate of these results (``models.faces.FaceResult``) for each recipe."""
    best = {}
    for result in results:
        if result.recipe not in best or result.evaluation.accuracy > best[result.recipe].evaluation.accuracy:
            best[result.recipe] = result
    return best
