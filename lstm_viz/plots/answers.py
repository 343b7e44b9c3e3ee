"""The class's answers to a question, once revealed: a histogram of the numbers with the right answer and its
tolerance marked, or a bar per choice with the right one in green."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lstm_viz.i18n import ENGLISH, Texts
from lstm_viz.plots.style import FONT, figure

RIGHT, OTHER, BAND = "#009E73", "#0072B2", "rgba(0, 158, 115, 0.15)"


def answers_chart(kind: str, values: Sequence, choices: Sequence[str], right, tolerance: float | None,
                  tr: Texts = ENGLISH):  # fmt: skip
    """``values``: the numbers answered (kind "number") or the count per choice (kind "choice")."""
    if kind == "choice":
        return _choice_bars([int(v) for v in values], list(choices), None if right is None else int(right), tr)
    return _histogram([float(v) for v in values], None if right is None else float(right), float(tolerance or 0), tr)


def _choice_bars(counts: list[int], choices: list[str], right: int | None, tr: Texts):
    labels = [f"{n}. {text[:40]}" for n, text in enumerate(choices, 1)]
    colors = [RIGHT if n == right else OTHER for n in range(len(choices))]
    data = [dict(type="bar", x=counts, y=labels, orientation="h", marker=dict(color=colors), text=counts,
                 textposition="auto", hovertemplate="%{y}: %{x}<extra></extra>")]  # fmt: skip
    layout = dict(
        height=120 + 45 * len(choices),
        margin=dict(l=10, r=10, t=30, b=40),
        font=dict(family=FONT),
        separators=tr.separators,
        xaxis=dict(title=dict(text=tr("class_page.chart.students")), rangemode="tozero", dtick=1),
        yaxis=dict(autorange="reversed", automargin=True),
        showlegend=False,
    )
    return figure(data, layout)


def _histogram(values: list[float], right: float | None, tolerance: float, tr: Texts):
    array = np.asarray(values, dtype=float)
    low, high = (float(array.min()), float(array.max())) if array.size else (0.0, 1.0)
    if right is not None:
        low, high = min(low, right - tolerance), max(high, right + tolerance)
    width = max((high - low) / 20, tolerance / 2 if tolerance > 0 else 0, 1e-6)
    data = [dict(type="histogram", x=values, xbins=dict(start=low - width / 2, end=high + width, size=width),
                 marker=dict(color=OTHER), name=tr("class_page.chart.answers"),
                 hovertemplate="%{x}: %{y}<extra></extra>")]  # fmt: skip
    shapes, annotations = [], []
    if right is not None:
        if tolerance > 0:
            shapes.append(dict(type="rect", xref="x", yref="paper", x0=right - tolerance, x1=right + tolerance,
                               y0=0, y1=1, fillcolor=BAND, line=dict(width=0), layer="below"))  # fmt: skip
        shapes.append(dict(type="line", xref="x", yref="paper", x0=right, x1=right, y0=0, y1=1,
                           line=dict(color=RIGHT, width=3)))  # fmt: skip
        annotations.append(dict(xref="x", yref="paper", x=right, y=1.02, showarrow=False, yanchor="bottom",
                                text=tr("class_page.chart.right", value=tr.number(right, ".4g")),
                                font=dict(color="#00664a")))  # fmt: skip
    layout = dict(
        height=340,
        margin=dict(l=10, r=10, t=60, b=40),  # the right answer's label above the modebar's row
        font=dict(family=FONT),
        separators=tr.separators,
        bargap=0.05,
        xaxis=dict(title=dict(text=tr("class_page.chart.answer"))),
        yaxis=dict(title=dict(text=tr("class_page.chart.students")), rangemode="tozero", dtick=1),
        shapes=shapes,
        annotations=annotations,
        showlegend=False,
    )
    return figure(data, layout)
