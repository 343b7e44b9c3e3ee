"""Faces moved a few pixels: does a model still know them? The lab's conclusion says an LSTM reading rows lacks
translation invariance; this measures it for any model that gives class probabilities."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

SHIFTS = tuple(range(7))  # pixels, 0 to 6


def shift(images: np.ndarray, dx: int = 0, dy: int = 0) -> np.ndarray:
    """Images (n, height, width) moved right by dx and down by dy pixels; the edge row or column fills the gap
    (a face moved inside its frame, not a black band the model has never seen)."""
    images = np.asarray(images)
    height, width = images.shape[-2:]
    rows = np.clip(np.arange(height) - dy, 0, height - 1)
    columns = np.clip(np.arange(width) - dx, 0, width - 1)
    return images[..., rows[:, None], columns[None, :]]


def accuracy_by_shift(predict: Callable[[np.ndarray], np.ndarray], images: np.ndarray, truth: np.ndarray,
                      shifts=SHIFTS) -> dict[str, list[float]]:  # fmt: skip
    """Percent correct for horizontal and vertical shifts (``predict`` maps raw images to class probabilities)."""
    result = {"horizontal": [], "vertical": []}
    for amount in shifts:
        for direction, (dx, dy) in (("horizontal", (amount, 0)), ("vertical", (0, amount))):
            predicted = np.asarray(predict(shift(images, dx, dy))).argmax(axis=1)
            result[direction].append(float(100 * np.mean(predicted == np.asarray(truth))))
    return result


def least_hurt(results: dict[str, dict[str, list[float]]], direction: str) -> str:
    """The model that keeps the most accuracy at the largest shift in one direction (its drop is the smallest)."""
    return min(results, key=lambda name: results[name][direction][0] - results[name][direction][-1])
