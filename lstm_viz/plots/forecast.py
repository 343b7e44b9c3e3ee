"""Charts of the forecasting page."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from lstm_viz.i18n import ENGLISH, Texts
from lstm_viz.plots.style import COLORS, FONT, figure


def forecast_chart(
    x: np.ndarray,
    y: np.ndarray,
    train_end: int,
    one_step: tuple[np.ndarray, np.ndarray] | None = None,
    rollout: np.ndarray | None = None,
    marker: int | None = None,
    tr: Texts = ENGLISH,
) -> go.Figure:
    """The series (blue), where training ends, one-step-ahead predictions and the autoregressive forecast."""
    x = np.asarray(x, dtype=np.float64)
    data = [
        dict(
            type="scatter",
            x=x.tolist(),
            y=np.asarray(y).tolist(),
            mode="lines",
            name=tr("plot.forecast.function"),
            line=dict(color=COLORS["i"], width=2.5),
        )
    ]
    if one_step is not None:
        positions, values = one_step
        data.append(
            dict(
                type="scatter",
                x=x[positions].tolist(),
                y=np.asarray(values).tolist(),
                mode="lines",
                name=tr("plot.forecast.one_step"),
                line=dict(color=COLORS["c_tilde"], width=2, dash="dot"),
            )
        )
    if rollout is not None and len(rollout):
        data.append(
            dict(
                type="scatter",
                x=x[train_end:].tolist(),
                y=np.asarray(rollout).tolist(),
                mode="lines",
                name=tr("plot.forecast.own"),
                line=dict(color=COLORS["c"], width=3),
            )
        )
        if marker is not None:
            data.append(
                dict(
                    type="scatter",
                    x=[float(x[train_end + marker])],
                    y=[float(rollout[marker])],
                    mode="markers",
                    name=tr("plot.forecast.step_shown"),
                    showlegend=False,
                    marker=dict(size=13, color=COLORS["c"], line=dict(color="black", width=1.5)),
                )
            )
    boundary = float(x[train_end - 1] + x[train_end]) / 2 if train_end < len(x) else float(x[-1])
    shapes = [
        dict(
            type="rect",
            xref="x",
            yref="paper",
            x0=boundary,
            x1=float(x[-1]),
            y0=0,
            y1=1,
            fillcolor="#999",
            opacity=0.08,
            line_width=0,
            layer="below",
        ),
        dict(
            type="line",
            xref="x",
            yref="paper",
            x0=boundary,
            x1=boundary,
            y0=0,
            y1=1,
            line=dict(color="#555", width=1.5, dash="dash"),
        ),
    ]
    annotations = [
        dict(
            x=boundary,
            y=1.0,
            xref="x",
            yref="paper",
            text=text,
            xanchor=anchor,
            yanchor="top",
            showarrow=False,
            font=dict(size=12, color="#555"),
        )
        for text, anchor in (
            (tr("plot.forecast.training_ends") + " ", "right"),
            (" " + tr("plot.forecast.held_out"), "left"),
        )
    ]
    yaxis = dict(title=dict(text="f(x)"))
    limits = shown_range(y, rollout)
    if limits is not None:  # a runaway forecast (document 000's reaches 1e26) would flatten the function to a line
        yaxis["range"] = list(limits)
        largest = float(np.asarray(rollout)[np.argmax(np.abs(rollout))])
        annotations.append(
            dict(  # on the side the forecast leaves by, over the training part: the function leaves that free
                x=0.0,
                y=1.0 if largest > 0 else 0.0,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="top" if largest > 0 else "bottom",
                showarrow=False,
                text=tr("plot.forecast.clipped", largest=tr.number(largest, ".3g")),
                font=dict(size=12, color=COLORS["c"]),
                bgcolor="rgba(255,255,255,0.85)",
            )
        )
    layout = dict(
        font=FONT,
        separators=tr.separators,
        height=420,
        margin=dict(l=10, r=10, t=30, b=10),
        shapes=shapes,
        annotations=annotations,
        xaxis=dict(title=dict(text="x")),
        yaxis=yaxis,
        hovermode="x unified",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
    )
    return figure(data, layout)


CLIP_BEYOND = 1.0  # a forecast that leaves the function's range by more than this many times its span is cut


def shown_range(y: np.ndarray, rollout: np.ndarray | None) -> tuple[float, float] | None:
    """The y axis's range when the forecast on its own runs far beyond the function (None: let plotly choose).

    The axis then shows the function's range and as much of the forecast as lies within one span beyond it.
    """
    if rollout is None or not len(rollout):
        return None
    values = np.asarray(y, dtype=np.float64)
    forecast = np.asarray(rollout, dtype=np.float64)
    low, high = float(values.min()), float(values.max())
    span = max(high - low, 1e-9)
    floor, ceiling = low - CLIP_BEYOND * span, high + CLIP_BEYOND * span
    finite = forecast[np.isfinite(forecast)]
    if len(finite) == len(forecast) and finite.min() >= floor and finite.max() <= ceiling:
        return None
    low = min(low, float(np.clip(finite, floor, ceiling).min())) if len(finite) else low
    high = max(high, float(np.clip(finite, floor, ceiling).max())) if len(finite) else high
    margin = 0.05 * (high - low)
    return low - margin, high + margin
