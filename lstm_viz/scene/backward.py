"""Backward mode's and training's part of a scene: the gradients a cell's views read (lstm_viz.backward), and a
training run's replay (lstm_viz.cell_training), both as plain JSON."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lstm_viz.backward import Gradients
from lstm_viz.cells.base import ACTIVATION_SYMBOLS, Trace, Weights
from lstm_viz.i18n import Texts
from lstm_viz.mathml import compile_line
from lstm_viz.scene.numbers import (
    MAX_UNITS_SHOWN,
    SceneError,
    is_matrix,
    rounded,
    shown_units,
    shown_values,
    weight_blocks,
)


def gradients_payload(gradients: Gradients, trace: Trace, weights: Weights, tr: Texts, shown: Sequence[int]) -> dict:
    """What backward mode draws, read off the cell's gradients (lstm_viz.backward): ∂L/∂ every value at every step
    ("grads", keyed as "values"; "x" whole), ∂L/∂ each weight block summed over time ("grad_weights", keyed as
    "weights"), the backward step's equations and its notes."""
    kind, activation = weights.kind, trace.activation
    symbol = ACTIVATION_SYMBOLS[activation]
    if not gradients.finite():
        raise SceneError("scene.not_finite")
    names = [name for name in gradients.values if name != "x"]  # every one (T, u), rounded at once
    grads = shown_values(kind, {name: gradients.values[name] for name in names}, shown)
    grads["x"] = rounded(gradients.values["x"])
    return {
        "loss": float(gradients.loss),
        "grads": grads,
        "grad_weights": weight_blocks(Weights(kind, dict(gradients.arrays), activation), shown),
        "back_equations": [
            {
                "part": equation.part,
                "general": compile_line(equation.general, activation),
                "numbers": compile_line(equation.numbers, activation),
            }
            for equation in kind.back_equations
        ],
        "back_notes": [
            {"part": name, "template": tr(f"cell.{kind.key}.back_note.{name}").replace("act′", symbol + "′")}
            for name in kind.back_notes
        ],
    }


def training_frames(recording, token: int, unit: int, limit: int = MAX_UNITS_SHOWN) -> dict:
    """A training run's replay (lstm_viz.cell_training.Recording) for the first cell of a scene: each frame's
    update, loss, values (as the cell's "values") and weights (as its "weights"); a frame that is not finite ends
    it (the run diverged there)."""
    kept = []
    for frame in recording.frames:
        if not (np.isfinite(frame.loss) and frame.trace.finite()):
            break
        kept.append(frame)
    frames = []
    if kept:  # every frame's values rounded at once (one array: 20× faster than frame by frame)
        kind = kept[0].trace.kind
        names = [name for name in kept[0].trace.values if not is_matrix(kind, name)]
        matrices = [name for name in kept[0].trace.values if is_matrix(kind, name)]
        shown = shown_units(kept[0].trace.units, unit, limit, picker=False)  # (the explorer's scene's units)
        stacked = np.stack([[frame.trace.values[name][:, shown] for name in names] for frame in kept])
        for frame, values in zip(kept, rounded(stacked)):
            values = [*values, *(rounded(frame.trace.values[name]) for name in matrices)]
            frames.append(
                {
                    "iteration": frame.iteration,
                    "loss": float(frame.loss),
                    "values": dict(zip([*names, *matrices], values)),
                    "weights": weight_blocks(frame.weights, shown),
                }
            )
    return {
        "token": int(token),
        "frames": frames,
        "updates": int(recording.updates),
        "passed": bool(recording.passed),
        "diverged": bool(recording.diverged),
    }
