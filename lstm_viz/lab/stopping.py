"""Early stopping and ReduceLROnPlateau, read off a run's real history: the best epoch, the patience window, where
training stopped, the weights restored, every learning-rate cut. Course document 001's illustrative schedule is
kept beside them, labelled as the document's."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# The document's illustration: val_loss at some epochs (early stopping), and its learning-rate story.
DOCUMENT_VAL_LOSS = {1: 2.50, 2: 2.20, 3: 1.90, 25: 0.80, 26: 0.82, 27: 0.85, 40: 1.10}
DOCUMENT_LEARNING_RATE = ((1, 20, 0.001), (21, 30, 0.001), (31, 40, 0.0005))  # (first, last epoch, lr)
DOCUMENT_FIT_IMAGES, DOCUMENT_BATCH = 1030, 32  # the document's training images per epoch, and its batch size


@dataclass(frozen=True)
class Marks:
    best_epoch: int  # 1-based; the weights restored at the end (restore_best_weights)
    best_val_loss: float
    epochs_run: int
    stopped_early: bool  # EarlyStopping ended it before the recipe's epochs
    patience_window: tuple[int, int]  # the epochs after the best one that did not improve (first, last), or (0, 0)
    learning_rate_cuts: tuple[tuple[int, float, float], ...]  # (epoch, before, after)


def marks(history: list[dict], patience: int, planned_epochs: int, learning_rate: float | None = None) -> Marks:
    """``learning_rate``: the rate the run started with (a cut at the end of epoch 1 shows against it)."""
    losses = np.array([row.get("val_loss", np.nan) for row in history], dtype=np.float64)
    if not len(losses) or np.all(np.isnan(losses)):
        return Marks(0, float("nan"), len(history), False, (0, 0), ())
    best = int(np.nanargmin(losses)) + 1
    run = len(history)
    stopped = run < planned_epochs and run - best >= patience
    window = (best + 1, run) if run > best else (0, 0)
    rates = [learning_rate, *(row.get("learning_rate") for row in history)]
    cuts = []
    for epoch in range(1, run + 1):  # the rate logged at an epoch's end is the one the next epoch uses
        before, after = rates[epoch - 1], rates[epoch]
        if before is not None and after is not None and after < before * 0.999:
            cuts.append((epoch, float(before), float(after)))  # cut at the end of this epoch
    return Marks(best, float(losses[best - 1]), run, bool(stopped), window, tuple(cuts))


def steps_per_epoch(images: int, batch_size: int) -> int:
    """Batches in one pass over ``images`` (the last one may be smaller): ⌈images / batch⌉."""
    return -(-int(images) // int(batch_size))
