"""The first look an engineer wants at an unknown layer: per unit, how each gate behaves over an input.

For every gate: its mean and spread over the steps, and its saturation (the share of steps below 0.05 or above
0.95). For memory: the product over time of the keep-gate (f in an LSTM, z in a GRU) and the half-life it implies,
ln 0.5 / mean(ln keep). A plain RNN has no gate; its rows give h only. Read from the trace, never recomputed.
"""

from __future__ import annotations

import math

import numpy as np

from lstm_viz.cells.base import Trace

KEEP_GATES = ("f", "z")  # the gate whose value is the share of the old state kept
SATURATED = (0.05, 0.95)


def unit_rows(trace: Trace) -> list[dict[str, float]]:
    """One dict per unit: ``<gate>_mean``, ``<gate>_std``, ``<gate>_saturated`` for each gate, ``h_mean``, and
    ``keep_product`` and ``half_life`` (steps; inf when nothing fades) where the kind has a keep-gate."""
    gates = [part.name for part in trace.kind.parts if part.role == "gate" and part.name in trace.values]
    keep = next((name for name in KEEP_GATES if name in gates), None)
    rows = []
    for unit in range(trace.units):
        row: dict[str, float] = {"unit": unit + 1}
        for name in gates:
            values = trace.values[name][:, unit]
            row[f"{name}_mean"] = float(values.mean())
            row[f"{name}_std"] = float(values.std())
            row[f"{name}_saturated"] = float(np.mean((values < SATURATED[0]) | (values > SATURATED[1])))
        row["h_mean"] = float(trace.h[:, unit].mean())
        if keep is not None:
            kept = np.clip(trace.values[keep][:, unit], 1e-300, 1.0)
            logs = np.log(kept)
            row["keep_product"] = float(np.exp(logs.sum()))
            mean = float(logs.mean())
            row["half_life"] = math.inf if mean >= -1e-12 else float(math.log(0.5) / mean)
        rows.append(row)
    return rows
