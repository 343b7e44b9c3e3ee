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
        prefix = ("B_" if n else "") + trace.kind.key
        for name in (*trace.kind.step_fields, *(f"{s}_prev" for s in trace.kind.states)):
            u = trace.units
            if name.removesuffix("_prev") in trace.kind.matrices:  # a matrix: one column per entry, row then column
                for k in range(u * u):
                    columns[f"{prefix}_{name}_{k // u + 1}_{k % u + 1}"] = trace.values[name][:, k]
                continue
            for k in range(u):
                columns[f"{prefix}_{name}_{k + 1}"] = trace.values[name][:, k]
    header = ",".join(columns)
    rows = np.column_stack(list(columns.values()))
    lines = [header] + [",".join([f"{int(row[0])}"] + [f"{v:.10g}" for v in row[1:]]) for row in rows]
    return "\n".join(lines) + "\n"
