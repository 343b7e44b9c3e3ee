"""The kind's other ways to compute h (``CellKind.alternatives``), for the scene: each one's h for the units shown,
and in words how it compares with the loop's — the largest difference, or the step from which it is not a number.

minGRU's and minLSTM's parallel scan gives the loop's h to rounding; sLSTM without its stabilizer, in float32, is
not a number from the step where e^ĩ overflows. Computed once per payload, beside the trace; the browser only draws.
"""

from __future__ import annotations

import numpy as np

from lstm_viz.cells.base import Trace, Weights
from lstm_viz.i18n import Texts
from lstm_viz.scene.numbers import rounded


def alternatives_payload(weights: Weights, trace: Trace, tr: Texts, shown: list[int]) -> list[dict]:
    kind = weights.kind
    if not kind.alternatives:
        return []
    initial = {state: trace.values[f"{state}_prev"][0] for state in kind.states}
    pins = {part: trace.values[part] for part in trace.pinned}
    result = []
    for name, function in kind.alternatives.items():
        with np.errstate(all="ignore"):
            h = np.asarray(function(weights, trace.x, initial, pins), dtype=np.float64)
        finite = np.isfinite(h)
        broken = np.flatnonzero(~finite.all(axis=1))
        if broken.size:
            verdict = tr("scene.alternative_broken", t=int(broken[0]))
        else:
            verdict = tr("scene.alternative_difference", difference=tr.number(float(np.abs(h - trace.h).max()), ".1e"))
        values = rounded(np.where(finite, h, 0.0)[:, shown])
        mask = finite[:, shown].tolist()
        result.append(
            {
                "name": name,
                "label": tr(f"alternative.{kind.key}.{name}"),
                "verdict": verdict,
                "values": [[v if ok else None for v, ok in zip(row, oks)] for row, oks in zip(values, mask)],
            }
        )
    return result
