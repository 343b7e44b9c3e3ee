"""The faces lab's training curves with early-stopping and learning-rate marks, and the document's illustration."""

from __future__ import annotations

import plotly.graph_objects as go

from lstm_viz.i18n import ENGLISH, Texts
from lstm_viz.plots.lab import BLUE, GREEN, GREY, VERMILLION, layout_for
from lstm_viz.plots.style import figure


def curves_with_marks(history: list[dict], marks, tr: Texts = ENGLISH) -> go.Figure:
    """Loss and val_loss per epoch; the best epoch (restored weights), the patience window, the stop and every
    learning-rate cut marked; the learning rate in a panel below."""
    epochs = list(range(1, len(history) + 1))
    data = [
        dict(type="scatter", x=epochs, y=[row.get(key) for row in history], name=tr(f"plot.curve.{key}"),
             line=dict(color=color, width=2.5))
        for key, color in (("loss", BLUE), ("val_loss", VERMILLION))
    ]  # fmt: skip
    data += [
        dict(
            type="scatter",
            x=epochs,
            y=[row.get("learning_rate") for row in history],
            name=tr("plot.curve.learning_rate"),
            line=dict(color=GREY, width=2, shape="hv"),
            xaxis="x2",
            yaxis="y2",
        ),
    ]
    shapes, annotations = [], []
    if marks.best_epoch:
        shapes.append(
            dict(
                type="line",
                x0=marks.best_epoch,
                x1=marks.best_epoch,
                yref="y domain",
                y0=0,
                y1=1,
                line=dict(color=GREEN, width=2),
            )
        )
        annotations.append(
            dict(
                x=marks.best_epoch,
                y=1,
                yref="y domain",
                yanchor="bottom",
                showarrow=False,
                text=tr("lab.stopping.best", epoch=marks.best_epoch),
                font=dict(color=GREEN),
            )
        )
    if marks.patience_window != (0, 0):
        first, last = marks.patience_window
        shapes.append(
            dict(
                type="rect",
                x0=first - 0.5,
                x1=last + 0.5,
                yref="y domain",
                y0=0,
                y1=1,
                fillcolor="rgba(213,94,0,0.10)",
                line=dict(width=0),
            )
        )
        label = "lab.stopping.stopped" if marks.stopped_early else "lab.stopping.no_gain"
        annotations.append(
            dict(
                x=(first + last) / 2,
                y=0.9,
                yref="y domain",
                showarrow=False,
                text=tr(label, epochs=last - first + 1, epoch_word=tr.plural(last - first + 1, "epoch")),
                font=dict(color=VERMILLION),
            )
        )
    for epoch, before, after in marks.learning_rate_cuts:
        shapes.append(
            dict(
                type="line",
                x0=epoch + 0.5,
                x1=epoch + 0.5,
                yref="paper",
                y0=0,
                y1=1,
                line=dict(color=GREY, dash="dot", width=1.5),
            )
        )
        annotations.append(
            dict(
                x=epoch + 0.5,
                y=1,
                yref="y2 domain",
                yanchor="bottom",
                showarrow=False,
                textangle=-90,
                text=f"{tr.number(before, '.0e')} → {tr.number(after, '.0e')}",
                font=dict(size=11),
            )
        )
    layout = layout_for(
        tr,
        height=520,
        shapes=shapes,
        annotations=annotations,
        legend=dict(orientation="h", y=1.08),
        xaxis=dict(
            domain=[0, 1], anchor="y", title=dict(text=tr("plot.epoch")), dtick=1 if len(epochs) <= 20 else None
        ),
        yaxis=dict(domain=[0.42, 1], title=dict(text=tr("plot.curve.loss"))),
        xaxis2=dict(domain=[0, 1], anchor="y2", matches="x", dtick=1 if len(epochs) <= 20 else None),
        yaxis2=dict(
            domain=[0, 0.28], type="log", exponentformat="power", title=dict(text=tr("plot.curve.learning_rate"))
        ),
    )
    return figure(data, layout)


def document_schedule(val_losses: dict[int, float], rates, tr: Texts = ENGLISH) -> go.Figure:
    """Course document 001's illustrative numbers, as it prints them (dots where it gives a value)."""
    data = [
        dict(
            type="scatter",
            mode="markers+lines",
            x=list(val_losses),
            y=list(val_losses.values()),
            name=tr("plot.curve.val_loss"),
            line=dict(color=VERMILLION, dash="dot"),
        )
    ]
    xs, ys = [], []
    for first, last, rate in rates:
        xs += [first, last]
        ys += [rate, rate]
    data.append(
        dict(
            type="scatter",
            mode="lines",
            x=xs,
            y=ys,
            name=tr("plot.curve.learning_rate"),
            yaxis="y2",
            line=dict(color=GREY, width=2),
        )
    )
    layout = layout_for(
        tr,
        height=300,
        legend=dict(orientation="h", y=1.15),
        xaxis=dict(title=dict(text=tr("plot.epoch"))),
        yaxis=dict(title=dict(text=tr("plot.curve.val_loss"))),
        yaxis2=dict(overlaying="y", side="right", showgrid=False, tickformat=".4f"),
    )
    return figure(data, layout)
