"""Charts of the faces page: the data, the metrics and how a model reads a face."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from lstm_viz.i18n import ENGLISH, Texts
from lstm_viz.plots.style import COLORS, FONT, PEOPLE_COLORS, figure

# Twelve people (min 50 images) need twelve colours: the Okabe–Ito eight, then four of Paul Tol's muted palette that
# stand apart from them (with 8 the lines of Bush and Blair were both pink). Beyond twelve, dashes tell them apart.
PERSON_COLORS = [*PEOPLE_COLORS, "#882255", "#44AA99", "#999933", "#332288"]
DASHES = ("solid", "dash", "dot")


def person_color(k: int) -> str:
    return PERSON_COLORS[k % len(PERSON_COLORS)]


def person_dash(k: int) -> str:
    return DASHES[(k // len(PERSON_COLORS)) % len(DASHES)]


def class_counts(counts: dict[str, int], tr: Texts = ENGLISH) -> go.Figure:
    """Images per person, with what "always the largest class" and "chance" would score."""
    names, values = list(counts), list(counts.values())
    total = sum(values)
    data = [
        dict(
            type="bar",
            x=names,
            y=values,
            marker=dict(color=[person_color(k) for k in range(len(names))]),
            text=[f"{v}<br>{tr.number(v / total, '.1%')}" for v in values],  # two short lines: a larger font fits
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{y} " + tr("plot.images") + "<extra></extra>",
        )
    ]
    layout = dict(
        font=FONT,
        separators=tr.separators,
        height=330,
        margin=dict(l=10, r=10, t=30, b=10),
        yaxis=dict(title=dict(text=tr("plot.images"))),
        xaxis=dict(type="category"),
    )
    return figure(data, layout)


def image_rows(image: np.ndarray, row: int | None = None, title: str = "", tr: Texts = ENGLISH) -> go.Figure:
    """A grey image drawn as a heatmap, the row the LSTM reads at this step framed."""
    cols = image.shape[1]
    data = [
        dict(
            type="heatmap",
            z=np.asarray(image).tolist(),
            colorscale="Greys",
            reversescale=True,
            showscale=False,
            hovertemplate=tr("plot.image_hover") + ": %{z:.3f}<extra></extra>",
        )
    ]
    shapes = []
    if row is not None:
        shapes.append(
            dict(type="rect", x0=-0.5, x1=cols - 0.5, y0=row - 0.5, y1=row + 0.5, line=dict(color=COLORS["f"], width=3))
        )
    layout = dict(
        font=FONT,
        separators=tr.separators,
        height=360,
        margin=dict(l=10, r=10, t=30 if title else 10, b=10),
        shapes=shapes,
        xaxis=dict(visible=False, constrain="domain"),
        yaxis=dict(autorange="reversed", scaleanchor="x", title=dict(text=tr("plot.row_time_step"))),
    )
    if title:
        layout["title"] = dict(text=title, x=0.01, font=dict(size=14))
    return figure(data, layout)


def row_scalings(image: np.ndarray, row: int, standardized: np.ndarray, tr: Texts = ENGLISH) -> go.Figure:
    """One row of an image as each recipe sees it: scikit-learn's [0, 1], the document's /255, standardised."""
    lines = ((image[row], "faces.scaling.sklearn"), (image[row] / 255.0, "faces.scaling.document"),
             (standardized[row], "faces.scaling.standardised"))  # fmt: skip
    data = [dict(type="scatter", y=np.asarray(y).tolist(), name=tr(name), mode="lines") for y, name in lines]
    layout = dict(
        height=300,
        separators=tr.separators,
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(title=dict(text=tr("faces.column_feature"))),
        legend=dict(orientation="h", y=1.1),
    )
    return figure(data, layout)


def confusion_heatmap(matrix: np.ndarray, names: list[str], normalized: bool = False, tr: Texts = ENGLISH) -> go.Figure:
    """Rows: the true person; columns: the predicted one; counts or row-normalised shares."""
    matrix = np.asarray(matrix, dtype=np.float64)
    shown = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1) if normalized else matrix
    text = [[tr.number(v, ".0%") if normalized else str(int(v)) for v in row] for row in shown]
    data = [
        dict(
            type="heatmap",
            z=shown.tolist(),
            x=names,
            y=names,
            colorscale="Cividis",
            text=text,
            texttemplate="%{text}",
            showscale=False,
            hovertemplate=tr("plot.confusion_hover") + ": %{text}<extra></extra>",
        )
    ]
    layout = dict(
        font=FONT,
        separators=tr.separators,
        height=max(460, 130 + 30 * len(names)),  # 12 people: every name readable, within a 720-px projector
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(title=dict(text=tr("plot.predicted")), type="category", tickangle=-45, automargin=True),
        yaxis=dict(title=dict(text=tr("plot.true")), type="category", autorange="reversed", automargin=True),
    )
    return figure(data, layout)


def roc_curves(
    roc: dict[str, tuple[np.ndarray, np.ndarray, float]], macro_auc: float, tr: Texts = ENGLISH
) -> go.Figure:
    data = [
        dict(
            type="scatter",
            x=[0, 1],
            y=[0, 1],
            mode="lines",
            name=tr("plot.chance"),
            showlegend=False,
            line=dict(color="#999", dash="dash"),
        )
    ]
    for k, (name, (fpr, tpr, auc)) in enumerate(roc.items()):
        data.append(
            dict(
                type="scatter",
                x=np.asarray(fpr).tolist(),
                y=np.asarray(tpr).tolist(),
                mode="lines",
                name=f"{name} (AUC {tr.number(auc, '.3f')})",
                line=dict(color=person_color(k), dash=person_dash(k), width=2),
            )
        )
    layout = dict(
        font=FONT,
        separators=tr.separators,
        height=460,
        margin=dict(l=10, r=10, t=40, b=10),
        title=dict(text=tr("plot.roc.title", macro_auc=macro_auc), x=0.01),
        xaxis=dict(title=dict(text=tr("plot.roc.fpr")), range=[0, 1]),
        yaxis=dict(title=dict(text=tr("plot.roc.tpr")), range=[0, 1.02]),
    )
    return figure(data, layout)


def probability_lines(probabilities: np.ndarray, names: list[str], x_title: str, tr: Texts = ENGLISH) -> go.Figure:
    """Each class's probability (columns) over a sequence of steps (rows)."""
    steps = list(range(1, len(probabilities) + 1))
    data = [
        dict(
            type="scatter",
            x=steps,
            y=np.asarray(probabilities)[:, k].tolist(),
            mode="lines",
            name=name,
            line=dict(color=person_color(k), dash=person_dash(k), width=2.5),
        )
        for k, name in enumerate(names)
    ]
    layout = dict(
        font=FONT,
        separators=tr.separators,
        height=360,
        margin=dict(l=10, r=10, t=40, b=10),  # the modebar above the plot, clear of the legend's first name
        hovermode="x unified",
        xaxis=dict(title=dict(text=x_title)),
        yaxis=dict(title=dict(text=tr("plot.probability")), range=[0, 1]),
    )
    return figure(data, layout)
