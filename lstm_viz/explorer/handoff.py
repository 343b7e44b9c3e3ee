"""A trained layer opened in the explorer by another page: the whole layer (every unit), its input, and a note.

The note says where the cell came from and which units the explorer shows; a page builds it with ``trained_layer``
and hands it over with ``ui.handoff.open_in_explorer``; the explorer takes it with ``ui.handoff.take_handoff``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from lstm_viz.cells.base import Weights
from lstm_viz.explorer.config import MAX_UNITS, WEIGHT_LIMIT, CellConfig, ExplorerConfig
from lstm_viz.sequences import MAX_FEATURES, format_sequence


@dataclass(frozen=True)
class Handoff:
    config: ExplorerConfig
    start: int  # the step to open at
    note: tuple[tuple[str, dict], ...]  # (catalogue key, values) pairs, translated by the explorer


def trained_layer(weights: Weights, x: np.ndarray, source: tuple[str, dict], unit: int = 0) -> Handoff:
    """A trained layer on one input, exactly: all its units (the explorer's sliders reach at most MAX_UNITS of them
    and ±WEIGHT_LIMIT; a layer beyond either is shown as it is, and the note says which unit is drawn and that the
    sliders cannot hold every weight)."""
    handoff = cell_on_input(weights, x, (source,), unit)
    note = [source, ("handoff.whole_layer", {"units": weights.units, "unit": handoff.config.cell.unit + 1})]
    largest = max(float(np.abs(array).max()) for array in weights.arrays.values())
    if weights.units > MAX_UNITS or largest > WEIGHT_LIMIT or handoff.config.input_dim > MAX_FEATURES:
        note.append(("handoff.beyond_sliders", {"units": MAX_UNITS, "limit": WEIGHT_LIMIT}))
    return replace(handoff, note=tuple(note))


def cell_on_input(
    weights: Weights, x: np.ndarray, note: tuple[tuple[str, dict], ...], unit: int = 0, pins=None
) -> Handoff:
    """Any cell on one input (pins: part → value for every unit), with a note for the explorer to show."""
    x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    pinned = {part: (float(value),) * weights.units for part, value in (pins or {}).items()}
    cell = replace(CellConfig().with_weights(weights), unit=int(min(max(unit, 0), weights.units - 1)), pins=pinned)
    if x.shape[1] == 1:
        config = ExplorerConfig(sequence="custom", custom=format_sequence(x[:, 0]), cell=cell)
    else:
        config = ExplorerConfig(sequence="given", given=tuple(tuple(float(v) for v in row) for row in x), cell=cell)
    return Handoff(config, 0, tuple(note))
