"""Presets: cells that do one thing each, so a lecture starts from a scene where something happens.

Each kind declares its own (``CellKind.presets``); the LSTM also has course document 001's worked example; "random"
and "default" apply to any kind. ``COMPARE_PRESETS`` put two kinds side by side on the same input doing the same
job when they can ("remember the pulse" in an LSTM and in a GRU), or failing where one cannot. Names and
descriptions live in the catalogues ("preset.<kind>.<name>", "preset.<name>", "compare_preset.<name>").
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from lstm_viz import cells
from lstm_viz.cells.base import Weights
from lstm_viz.cells.display import Preset
from lstm_viz.explorer.config import CellConfig, ExplorerConfig
from lstm_viz.sequences import parse_inputs

WORKED_EXAMPLE = {  # course document 001, one step of a 3-unit cell
    "c_prev": (1.0, -0.5, 0.8),
    "f": (0.9, 0.1, 0.7),
    "i": (0.8, 0.2, 0.9),
    "c_tilde": (0.5, -0.3, 0.7),
    "o": (0.9, 0.5, 0.8),
    "c": (1.3, -0.11, 1.19),
    "h_document": (0.77, -0.06, 0.66),  # the document rounds tanh(c) to 2 decimals before multiplying by o
}
GENERAL = ("random", "default")
DEFAULT_PRESET = ("lstm", "long_memory")  # the first screen: a pulse written into the cell state, then kept


def names(kind: str) -> list[str]:
    """The presets a kind offers: its own first, then the general ones."""
    own = ["worked"] if kind == "lstm" else []
    return [*own, *cells.kind(kind).presets, *GENERAL]


def preset_cell(kind: str, preset: Preset) -> CellConfig:
    """A cell of ``kind`` with the preset's weights (arrays it does not name are zero), its size and its input's
    features; a pin or an initial state is one number for every unit."""
    declared, units = cells.kind(kind), preset.units
    features = parse_inputs(preset.custom).shape[1] if preset.sequence == "custom" and preset.custom else 1
    arrays = {spec.name: np.zeros(spec.shape(features, units)) for spec in declared.arrays}
    for name, values in preset.arrays.items():
        arrays[name] = np.reshape(np.asarray(values, dtype=np.float64), arrays[name].shape)
    cell = CellConfig(kind=kind).with_weights(Weights(declared, arrays))
    return replace(
        cell,
        pins={part: (float(value),) * units for part, value in preset.pins.items()},
        initial={
            state: (float(value),) * (1 if state in declared.shared else declared.width(state, units))
            for state, value in preset.initial.items()
        },
    )


def worked_example() -> ExplorerConfig:
    """Course document 001's one step: its numbers pinned in a 3-unit LSTM whose weights are all 0."""
    w = WORKED_EXAMPLE
    base = CellConfig.fresh("lstm", 3)
    cell = replace(
        base,
        arrays={name: (0.0,) * len(values) for name, values in base.arrays.items()},
        pins={gate: w[gate] for gate in ("i", "f", "c_tilde", "o")},
        initial={"c": w["c_prev"], "h": (0.0, 0.0, 0.0)},
    )
    return ExplorerConfig(sequence="custom", custom="0", cell=cell)


def is_worked_example(config: ExplorerConfig) -> bool:
    cell, w = config.cell, WORKED_EXAMPLE
    return (
        config.compare is None
        and cell.kind == "lstm"
        and cell.units == 3
        and all(g in cell.pins and np.allclose(cell.pins[g], w[g]) for g in ("i", "f", "c_tilde", "o"))
        and np.allclose(cell.initial.get("c", (0.0,) * 3), w["c_prev"])
    )


def apply(name: str, config: ExplorerConfig, index: int = 0, seed: int = 7) -> tuple[ExplorerConfig, int]:
    """(the configuration with preset ``name`` loaded into cell ``index``, the step to open at).

    A kind's own preset brings its input too (unless the input was handed over by another page); "random" keeps
    the size and the input; "default" the input.
    """
    cell = config.cells[index]
    if name == "worked":
        return worked_example(), 0
    if name == "random":
        weights = cells.random(cell.cell_kind, cell.units, config.input_dim, np.random.default_rng(seed))
        return config.with_cell(index, replace(cell.with_weights(weights), pins={}, initial={})), 0
    if name == "default":
        fresh = CellConfig.fresh(cell.kind, cell.units, config.input_dim, cell.activation)
        return config.with_cell(index, fresh), 0
    preset = cell.cell_kind.presets[name]
    updated = config.with_cell(index, preset_cell(cell.kind, preset))
    if config.sequence != "given":
        updated = replace(updated, sequence=preset.sequence, steps=preset.steps, custom=preset.custom or config.custom)
    return updated.fitted(), preset.start  # (the other cell of compare mode reads the preset's input too)


def _named(kind: str, name: str) -> tuple[str, Preset]:
    return kind, cells.kind(kind).presets[name]


# Each: two (kind, preset) pairs; both cells read the first preset's input.
COMPARE_PRESETS: dict[str, tuple[tuple[str, Preset], tuple[str, Preset]]] = {
    # the same job done two ways: an LSTM's gates around c, a GRU's one update gate around h
    "remember_pulse": (_named("lstm", "long_memory"), _named("gru", "long_memory")),
    # the same writing, with and without a forget gate: c settles at i·c̃ / (1 − f) against growing for ever
    "forget_gate": (
        ("lstm", Preset({"kernel": (2.0, 0.0, 2.0, 0.0), "bias": (0.0, 1.0, 0.0, 3.0)}, "step", 40, start=30)),
        ("no_forget", Preset({"kernel": (2.0, 2.0, 0.0), "bias": (0.0, 0.0, 3.0)}, "step", 40)),
    ),
    # a kept pulse against an echo that fades
    "rnn_fades": (_named("lstm", "long_memory"), _named("rnn", "echo")),
    # and those the kinds declare (CellKind.compare)
    **{
        name: (_named(kind.key, own), (other, preset if isinstance(preset, Preset) else _named(other, preset)[1]))
        for kind in cells.KINDS.values()
        for name, (own, other, preset) in kind.compare.items()
    },
}


def compare(name: str) -> tuple[ExplorerConfig, int]:
    """Two cells side by side on the first one's input, and the step to open at."""
    (kind_a, first), (kind_b, second) = COMPARE_PRESETS[name]
    config = ExplorerConfig(
        sequence=first.sequence,
        steps=first.steps,
        custom=first.custom or ExplorerConfig.custom,
        cell=preset_cell(kind_a, first),
        compare=preset_cell(kind_b, second),
    )
    return config.fitted(), first.start


def default_config() -> tuple[ExplorerConfig, int]:
    """The first screen, and its step."""
    kind, name = DEFAULT_PRESET
    return apply(name, ExplorerConfig(cell=CellConfig.fresh(kind)))
