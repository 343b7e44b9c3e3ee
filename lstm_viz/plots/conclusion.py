"""The faces lab's tests of the lab's conclusion: the row filters a step looks through, accuracy against shift."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from lstm_viz.i18n import ENGLISH, Texts
from lstm_viz.plots.lab import layout_for
from lstm_viz.plots.style import PEOPLE_COLORS, figure


def row_filters(
    filters: dict[str, np.ndarray], units: list[int], gate_names: dict[str, str], tr: Texts = ENGLISH
) -> go.Figure:
    """One heatmap per gate: rows are units, columns the 47 pixels of a row (or, where the recipe averaged each 2×2
    block of pixels first, its 24 blocks), colour the weight."""
    gates = list(filters)
    blocks = next(iter(filters.values())).shape[1] != 47
    column = tr("lab.filters.block" if blocks else "lab.filters.pixel")
    limit = float(max(np.abs(f).max() for f in filters.values())) or 1.0
    data, layout = [], layout_for(tr, height=110 + 70 * len(gates) * max(1, len(units) // 2))
    size = 1.0 / len(gates)
    for k, gate in enumerate(gates):
        axis = "" if k == 0 else str(k + 1)
        data.append(
            dict(
                type="heatmap",
                z=np.asarray(filters[gate]).tolist(),
                x=list(range(1, filters[gate].shape[1] + 1)),
                y=[f"u{u + 1}" for u in units],
                zmin=-limit,
                zmax=limit,
                colorscale="RdBu",
                reversescale=True,
                showscale=k == 0,
                xaxis=f"x{axis}",
                yaxis=f"y{axis}",
                hovertemplate=gate_names[gate] + ", %{y}, " + column + " %{x}: %{z:.3f}<extra></extra>",
            )
        )
        top = 1 - k * size
        layout[f"xaxis{axis}"] = dict(
            anchor=f"y{axis}",
            showticklabels=k == len(gates) - 1,
            title=dict(text=column) if k == len(gates) - 1 else None,
        )
        layout[f"yaxis{axis}"] = dict(
            domain=[top - size + 0.04, top - 0.01], anchor=f"x{axis}", title=dict(text=gate_names[gate])
        )
    return figure(data, layout)


def shift_chart(results: dict[str, dict[str, list[float]]], shifts, tr: Texts = ENGLISH) -> go.Figure:
    """Accuracy against shift per model: solid horizontal, dashed vertical."""
    data = []
    for k, (name, curves) in enumerate(results.items()):
        color = PEOPLE_COLORS[k % len(PEOPLE_COLORS)]
        for direction, dash in (("horizontal", "solid"), ("vertical", "dash")):
            data.append(
                dict(
                    type="scatter",
                    mode="lines+markers",
                    x=list(shifts),
                    y=curves[direction],
                    name=f"{name} · {tr(f'lab.shift.{direction}')}",
                    line=dict(color=color, dash=dash, width=2.5),
                )
            )
    layout = layout_for(
        tr,
        height=420,
        legend=dict(orientation="h", y=-0.25),
        xaxis=dict(title=dict(text=tr("lab.shift.pixels")), dtick=1),
        yaxis=dict(title=dict(text=tr("lab.shift.accuracy")), range=[0, 100]),
    )
    return figure(data, layout)
