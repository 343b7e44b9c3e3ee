"""Charts of the alphabet page."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from lstm_viz.i18n import ENGLISH, Texts
from lstm_viz.plots.style import FONT, figure


def probability_heatmap(
    probabilities: np.ndarray, rows: list[str], columns: list[str], title: str = "", tr: Texts = ENGLISH
) -> go.Figure:
    """Predicted probabilities, one row per pattern and one column per class."""
    height = max(260, 18 * len(rows) + 90)
    data = [
        dict(
            type="heatmap",
            z=np.asarray(probabilities).tolist(),
            x=columns,
            y=rows,
            colorscale="Cividis",
            zmin=0.0,
            zmax=1.0,
            colorbar=dict(title=dict(text="p"), thickness=12),
            hovertemplate="%{y} → %{x}: %{z:.3f}<extra></extra>",
        )
    ]
    layout = dict(
        font=FONT,
        separators=tr.separators,
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        yaxis=dict(autorange="reversed", type="category", title=dict(text=tr("plot.input"))),
        xaxis=dict(type="category", title=dict(text=tr("plot.predicted_next")), side="top"),
    )
    if title:
        layout["title"] = dict(text=title, x=0.01)
    return figure(data, layout)
