"""Charts of the Why LSTM page: how much the last state depends on each earlier one."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from lstm_viz.i18n import ENGLISH, Texts
from lstm_viz.plots.style import FONT, figure


def sensitivity_curves(curves: dict[str, tuple[np.ndarray, str, str]], steps: int, tr: Texts = ENGLISH) -> go.Figure:
    """‖∂state_T/∂state_t‖ against t = 1 … T on a log scale; curves maps a label to (values, colour, dash)."""
    data = []
    for label, (values, color, dash) in curves.items():
        shown = np.maximum(np.asarray(values, dtype=np.float64), 1e-300)  # log axis: keep exact zeros visible
        data.append(
            dict(
                type="scatter",
                x=list(range(1, len(shown) + 1)),  # steps 1 … T: the last one is T
                y=shown.tolist(),
                mode="lines+markers",
                name=label,
                line=dict(color=color, width=3, dash=dash),
                marker=dict(size=5),
                hovertemplate=label + "<br>t = %{x}: %{y:.3e}<extra></extra>",
            )
        )
    layout = dict(
        font=FONT,
        separators=tr.separators,
        height=420,
        margin=dict(l=10, r=10, t=30, b=10),
        xaxis=dict(title=dict(text=tr("plot.sensitivity.x", steps=steps))),
        yaxis=dict(title=dict(text=tr("plot.sensitivity.y")), type="log", exponentformat="power"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hovermode="x unified",
    )
    return figure(data, layout)
