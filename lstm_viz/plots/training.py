"""Charts of a training run: loss, accuracy and learning rate per epoch."""

from __future__ import annotations

import plotly.graph_objects as go

from lstm_viz.i18n import ENGLISH, Texts
from lstm_viz.plots.style import FONT, _domains, _n, figure

_CURVE_COLORS = {
    "loss": "#0072B2",
    "val_loss": "#D55E00",
    "accuracy": "#009E73",
    "val_accuracy": "#CC79A7",
    "learning_rate": "#555555",
}


def training_curves(history: list[dict[str, float]], total_epochs: int | None = None, tr: Texts = ENGLISH) -> go.Figure:
    """Loss, accuracy (when recorded) and learning rate (when it changes) per epoch, one panel each."""
    keys = set().union(*history) if history else {"loss"}
    panels = [["loss", "val_loss"]]
    if keys & {"accuracy", "val_accuracy"}:
        panels.append(["accuracy", "val_accuracy"])
    rates = [row.get("learning_rate") for row in history]
    if len({r for r in rates if r is not None}) > 1:
        panels.append(["learning_rate"])
    titles = {name: tr(f"plot.curve.{name}") for name in ("loss", "accuracy", "learning_rate")}
    data, layout, annotations = [], {}, []
    epochs = list(range(1, len(history) + 1))
    for n, (names, domain) in enumerate(zip(panels, _domains(len(panels), 0.08)), start=1):
        for name in names:
            if name not in keys:
                continue
            values = [row.get(name) for row in history]
            data.append(
                dict(
                    type="scatter",
                    x=epochs,
                    y=values,
                    mode="lines",
                    name=tr(f"plot.curve.{name}"),
                    line=dict(color=_CURVE_COLORS[name], width=2.5),
                    xaxis=f"x{_n(n)}",
                    yaxis=f"y{_n(n)}",
                    hovertemplate=name + " (epoch %{x}): %{y:.4g}<extra></extra>",
                )
            )
        layout[f"xaxis{_n(n)}"] = dict(
            domain=domain,
            anchor=f"y{_n(n)}",
            title=dict(text=tr("plot.epoch")),
            range=[0.5, max(total_epochs or len(history), 1) + 0.5],
        )
        layout[f"yaxis{_n(n)}"] = dict(anchor=f"x{_n(n)}", type="log" if names == ["learning_rate"] else "linear")
        if names[0] == "accuracy":
            layout[f"yaxis{_n(n)}"]["range"] = [0, 1.02]
        annotations.append(
            dict(
                text=titles[names[0]],
                x=(domain[0] + domain[1]) / 2,
                y=1.0,
                xref="paper",
                yref="paper",
                xanchor="center",
                yanchor="bottom",
                showarrow=False,
            )
        )
    layout.update(
        font=FONT,
        separators=tr.separators,
        height=300,
        margin=dict(l=10, r=10, t=40, b=10),
        annotations=annotations,
        legend=dict(orientation="h", yanchor="bottom", y=1.1, xanchor="right", x=1),
    )
    return figure(data, layout)
