"""A stack's scene: every layer's cell(s) as the one-cell scene sends them, and the grid that ties them together.

``payload`` returns the scene's JSON (lstm_viz.scene.payload) with one cell per layer and direction, each carrying the
input it read (``x``; a backward cell's in its own reading order, ``reverse``), plus ``stack``: for each layer its
title, its shapes in and out (what ``return_sequences`` hands on), which cells are its directions, and every step's
merged output; and the Dense head's softmax. The browser (stack.js) draws the grid, layers × steps, and the diagram,
bars and equations of the cell picked in it, from this data alone.
"""

from __future__ import annotations

from collections.abc import Sequence

from lstm_viz import scene
from lstm_viz.i18n import Texts
from lstm_viz.scene.numbers import compact, rounded

GRID_UNITS = 8  # a grid box's bars: the first 8 units' h (stack.js)
STACK_TEXTS = ("grid", "input_row", "backward", "passed", "not_passed", "head", "head_step", "head_last", "pick",
               "reads")  # fmt: skip


def shape(steps: int | None, width: int) -> str:
    return f"({steps}, {width})" if steps else f"({width},)"


def payload(runs, tr: Texts, start_t: int = 0, token: int = 0, lecture: bool = False, keys: bool = True,
            page_keys: bool = True, labels: Sequence[str] = ()) -> dict:  # fmt: skip
    """The scene of a computed stack (lstm_viz.layers.config.Run), or of two side by side (compare mode: a list of
    two runs on the same input); SceneError if a trace is not finite."""
    runs = list(runs) if isinstance(runs, list | tuple) else [runs]
    shown, stacks = [], []
    for side, run in enumerate(runs):
        letter = ("A", "B")[side] if len(runs) > 1 else ""  # (compare mode: each cell's title says its stack)
        layers = _layers(run, tr, shown, letter)
        stacks.append({
            "title": tr("layers.stack_b" if side else "layers.stack_a") if len(runs) > 1 else "",
            "layers": layers,
            "input": shape(len(run.stack.x), run.stack.x.shape[1]),
            "head": _head(run, tr, labels),
        })  # fmt: skip
    data = scene.payload([cell for cell, _, _ in shown], tr, start_t, token, lecture=lecture, keys=keys,
                         page_keys=page_keys, unit_picker=True)  # fmt: skip
    for cell, (_, x, reverse) in zip(data["cells"], shown):
        cell["x"] = compact(x)  # (the input as this cell read it: a backward cell's from the last step)
        cell["reverse"] = reverse
        if reverse:
            cell["step_template"] = tr("stack.own_step")
    data["stacks"] = stacks
    data["stack_texts"] = {name: tr(f"stack.{name}") for name in STACK_TEXTS}
    return data


def _layers(run, tr: Texts, shown: list, letter: str = "") -> list[dict]:
    """Each layer of one stack, its cells appended to ``shown`` (cell, the input it read in its order, backward?)."""
    stack = run.stack
    steps = len(stack.x)
    layers, features = [], stack.x.shape[1]
    for number, layer in enumerate(stack.layers, 1):
        spec = layer.layer
        kind = short_name(spec.cell.kind, tr)
        indices = []
        directions = [(layer.trace, False, stack_input(stack, number))]
        if layer.backward is not None:
            directions.append((layer.backward, True, stack_input(stack, number)[::-1]))
        for trace, reverse, x in directions:
            weights = spec.backward if reverse else spec.cell
            word = tr("stack.backward_short" if reverse else "stack.forward")
            direction = word if spec.bidirectional else ""
            title = tr("stack.cell_title", layer=number, kind=kind, direction=direction).strip()
            title = f"{letter} · {title}" if letter else title
            indices.append(len(shown))
            shown.append((scene.Cell(weights, trace, title), x, reverse))
        width = spec.width
        layers.append({
            "number": number,
            "title": tr("stack.layer_title", layer=number, kind=kind, units=spec.cell.units),
            "units": spec.cell.units,
            "bidirectional": spec.bidirectional,
            "merge_mode": spec.merge_mode if spec.bidirectional else None,
            "return_sequences": spec.return_sequences,
            "cells": indices,
            "reads": shape(steps, features),
            "hands": shape(steps if spec.return_sequences else None, width),
            "width": width,
            "sequence": compact(layer.sequence),
        })  # fmt: skip
        features = width
    return layers


def short_name(kind, tr: Texts) -> str:
    """A kind's name for a grid's label: its Keras class (LSTM, GRU, SimpleRNN), else its name without the note."""
    return kind.keras_layer or tr(f"kind.{kind.key}").split(" (")[0]


def stack_input(stack, number: int):
    """What layer ``number`` (1-based) read: x, or the sequence the layer below handed on."""
    return stack.x if number == 1 else stack.layers[number - 2].output


def _head(run, tr: Texts, labels: Sequence[str]) -> dict | None:
    if run.head is None:
        return None
    probabilities = run.head.probabilities
    classes = probabilities.shape[-1]
    given = list(labels)[:classes]
    names = given + [tr("stack.class", n=n + 1) for n in range(len(given), classes)]  # (fewer labels: numbered)
    return {
        "classes": classes,
        "labels": names,
        "per_step": probabilities.ndim == 2,  # the last layer hands on a sequence: Dense applies at every step
        "probabilities": rounded(probabilities),
        "shape": shape(len(probabilities) if probabilities.ndim == 2 else None, classes),
    }
