"""The counting model's charts: accuracy against n for each cell kind (the training range shaded), and the counter
unit's cell state over a long string beside the count it should hold."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import plotly.graph_objects as go

from lstm_viz.i18n import ENGLISH, Texts
from lstm_viz.plots.lab import BLUE, GREY, ORANGE, VERMILLION, layout_for
from lstm_viz.plots.style import figure

KIND_COLORS = {"lstm": BLUE, "gru": VERMILLION, "rnn": GREY}


def accuracy_by_n(curves: Mapping[str, Mapping[int, float]], train_max_n: int, tr: Texts = ENGLISH) -> go.Figure:
    """curves: cell kind → {n: percent}. Chance (50 %) dashed; n ≤ train_max_n shaded."""
    data = [
        dict(
            type="scatter",
            x=list(values),
            y=list(values.values()),
            name=tr(f"kind.{kind}"),
            mode="lines+markers",
            marker=dict(size=5),
            line=dict(color=KIND_COLORS.get(kind, ORANGE), width=2.5),
            hovertemplate=f"{tr(f'kind.{kind}')}: n = %{{x}}, %{{y:.1f}} %<extra></extra>",
        )
        for kind, values in curves.items()
    ]
    shapes = [
        dict(type="rect", x0=0.5, x1=train_max_n + 0.5, yref="y domain", y0=0, y1=1, fillcolor="#0072B2",
             opacity=0.1, line=dict(width=0), layer="below"),
        dict(type="line", xref="x domain", x0=0, x1=1, y0=50, y1=50, line=dict(color=GREY, dash="dash", width=1.5)),
    ]  # fmt: skip
    annotations = [
        dict(x=0.5, y=0.02, yref="y domain", xanchor="left", yanchor="bottom", showarrow=False,
             text=tr("neurons.count.trained_range", n=train_max_n)),
        dict(x=1, xref="x domain", y=50, xanchor="right", yanchor="bottom", showarrow=False,
             text=tr("neurons.count.chance")),
    ]  # fmt: skip
    largest = max((n for values in curves.values() for n in values), default=1)
    return figure(
        data,
        layout_for(
            tr,
            height=360,
            shapes=shapes,
            annotations=annotations,
            xaxis=dict(title=dict(text=tr("neurons.count.n_axis")), range=[0, largest + 1]),
            yaxis=dict(title=dict(text=tr("neurons.count.accuracy_axis")), range=[0, 105]),
            legend=dict(orientation="h", y=1.12),
        ),
    )


def round_step(span: float, most: int = 8) -> int:
    """A round tick step (1, 2, 5, 10, 20, 50 …) that puts at most ``most`` ticks over ``span``."""
    return next(step for step in (m * 10**k for k in range(12) for m in (1, 2, 5)) if span / step <= most)


def counter(text: str, c: np.ndarray, count: np.ndarray, unit: int, tr: Texts = ENGLISH) -> go.Figure:
    """The unit's c after each character (left axis) and the count +1 per a, −1 per b (right axis)."""
    steps = list(range(1, len(text) + 1))
    data = [
        dict(type="scatter", x=steps, y=np.asarray(c, float).tolist(), name=tr("neurons.count.c_of", unit=unit + 1),
             line=dict(color=ORANGE, width=3), customdata=list(text),
             hovertemplate="%{x}: «%{customdata}» c = %{y:.3f}<extra></extra>"),
        dict(type="scatter", x=steps, y=np.asarray(count, float).tolist(), name=tr("neurons.count.count"),
             line=dict(color=GREY, width=2, dash="dot"), yaxis="y2", hovertemplate="%{x}: %{y}<extra></extra>"),
    ]  # fmt: skip
    return figure(
        data,
        layout_for(
            tr,
            height=340,
            xaxis=dict(title=dict(text=tr("neurons.count.step_axis"))),
            yaxis=dict(title=dict(text=tr("neurons.count.c_axis"))),
            yaxis2=dict(  # the count is whole: round ticks (left to itself, plotly put them at 1.71, 7.05 … 28.4)
                title=dict(text=tr("neurons.count.count")),
                overlaying="y",
                side="right",
                showgrid=False,
                tickmode="linear",
                tick0=0,
                dtick=round_step(float(np.ptp(count)) if len(count) else 1.0),
            ),
            legend=dict(orientation="h", y=1.14),
        ),
    )
