"""The values of a run as CSV: one row per step, one column per quantity and unit, named by the cell's kind."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lstm_viz.cells.base import Trace


def trace_csv(traces: Sequence[Trace]) -> str:
    """t, the input, then every value of every cell (``<kind>_<quantity>_<unit>``, a matrix's entries
    ``<kind>_<quantity>_<row>_<column>``; "B_" before the second cell's)."""
    first = traces[0]
    columns = {"t": np.arange(first.steps)}
    for d in range(first.input_dim):
        columns["x" if first.input_dim == 1 else f"x_{d + 1}"] = first.x[:, d]
    for n, trace in enumerate(traces):
        columns.update(_columns(trace, ("B_" if n else "") + trace.kind.key))
    return _text(columns)


def _columns(trace: Trace, prefix: str, reverse: bool = False) -> dict[str, np.ndarray]:
    """Every value of one cell, a column per quantity and unit (``reverse``: a backward cell's, in time order)."""
    columns = {}
    for name in (*trace.kind.step_fields, *(f"{s}_prev" for s in trace.kind.states)):
        values = trace.values[name][::-1] if reverse else trace.values[name]
        u = trace.units
        if name.removesuffix("_prev") in trace.kind.matrices:  # a matrix: one column per entry, row then column
            for k in range(u * u):
                columns[f"{prefix}_{name}_{k // u + 1}_{k % u + 1}"] = values[:, k]
            continue
        for k in range(u):
            columns[f"{prefix}_{name}_{k + 1}"] = values[:, k]
    return columns


def stack_csv(stacks) -> str:
    """A stack's values (lstm_viz.stack.StackTrace), or two stacks' on one input (compare mode): t, the input, then
    each layer's cells, ``L<n>_<kind>_…`` and a backward cell's ``L<n>back_<kind>_…`` (the second stack's with "B_"
    before), in time order (a backward cell's row t: after it read steps T−1 … t)."""
    stacks = stacks if isinstance(stacks, list | tuple) else [stacks]
    first = stacks[0]
    columns = {"t": np.arange(len(first.x))}
    for d in range(first.x.shape[1]):
        columns["x" if first.x.shape[1] == 1 else f"x_{d + 1}"] = first.x[:, d]
    for side, stack in enumerate(stacks):
        prefix = "B_" if side else ""
        for number, layer in enumerate(stack.layers, 1):
            columns.update(_columns(layer.trace, f"{prefix}L{number}_{layer.trace.kind.key}"))
            if layer.backward is not None:
                columns.update(
                    _columns(layer.backward, f"{prefix}L{number}back_{layer.backward.kind.key}", reverse=True)
                )
    return _text(columns)


def _text(columns: dict[str, np.ndarray]) -> str:
    header = ",".join(columns)
    rows = np.column_stack(list(columns.values()))
    lines = [header] + [",".join([f"{int(row[0])}"] + [f"{v:.10g}" for v in row[1:]]) for row in rows]
    return "\n".join(lines) + "\n"
