"""Charts of the faces lab's training concepts: softmax bars, dropout masks, Adam's numbers, the toy surface.

(The training curves with their marks are in plots/stopping.py, the conclusion's tests in plots/conclusion.py.)
Builders take arrays; nothing is computed here beyond what a chart needs (axis ranges, grids)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from lstm_viz.i18n import ENGLISH, Texts
from lstm_viz.plots.style import FONT, figure

BLUE, VERMILLION, GREEN, GREY, ORANGE = "#0072B2", "#D55E00", "#009E73", "#888888", "#E69F00"


def layout_for(tr: Texts, height: int = 320, **more) -> dict:
    return dict(font=FONT, separators=tr.separators, height=height, margin=dict(l=10, r=10, t=30, b=10), **more)


def softmax_bars(probabilities, names: list[str], true_class: int, tr: Texts = ENGLISH) -> go.Figure:
    """One bar per class; the true class's bar in orange, the rest grey."""
    probabilities = np.asarray(probabilities, dtype=np.float64)
    colors = [VERMILLION if k == true_class else GREY for k in range(len(names))]
    data = [
        dict(
            type="bar",
            x=list(names),
            y=probabilities.tolist(),
            marker=dict(color=colors),
            text=[tr.number(p, ".2f") for p in probabilities],
            textposition="outside",
            hovertemplate="%{x}: %{y:.3f}<extra></extra>",
        )
    ]
    return figure(data, layout_for(tr, yaxis=dict(range=[0, 1.1], title=dict(text=tr("plot.probability")))))


def dropout_bars(values, outputs: list[tuple[str, np.ndarray]], tr: Texts = ENGLISH) -> go.Figure:
    """The values, then each masked version beside them (grouped bars per position)."""
    index = [str(k + 1) for k in range(len(values))]
    palette = [GREY, BLUE, VERMILLION, GREEN, ORANGE]
    series = [(tr("lab.dropout.values"), np.asarray(values)), *outputs]
    data = [
        dict(
            type="bar",
            name=name,
            x=index,
            y=np.asarray(v, dtype=np.float64).tolist(),
            marker=dict(color=palette[k % len(palette)]),
        )
        for k, (name, v) in enumerate(series)
    ]
    return figure(
        data,
        layout_for(
            tr,
            barmode="group",
            legend=dict(orientation="h", y=1.15),
            xaxis=dict(title=dict(text=tr("lab.dropout.position"))),
        ),
    )


def adam_lines(record: dict[str, np.ndarray], chosen: int, tr: Texts = ENGLISH) -> go.Figure:
    """g, m and √v̂ over the recorded updates (one panel), the chosen update marked."""
    steps = list(range(1, len(record["g"]) + 1))
    data = []
    for name, values, color in (
        ("g", record["g"], GREY),
        ("m", record["m"], BLUE),
        ("√v̂", np.sqrt(record["v_hat"]), VERMILLION),
    ):
        data.append(
            dict(
                type="scatter",
                mode="lines+markers",
                x=steps,
                y=np.asarray(values).tolist(),
                name=name,
                line=dict(color=color, width=2),
                marker=dict(size=4),
            )
        )
    layout = layout_for(
        tr,
        xaxis=dict(title=dict(text=tr("lab.adam.update"))),
        legend=dict(orientation="h", y=1.15),
        shapes=[dict(type="line", x0=chosen, x1=chosen, yref="paper", y0=0, y1=1, line=dict(color="#111", dash="dot"))],
    )
    return figure(data, layout)


def surface_paths(
    loss_grid: tuple[np.ndarray, np.ndarray, np.ndarray],
    paths: dict[str, np.ndarray],
    labels: dict[str, str],
    tr: Texts = ENGLISH,
) -> go.Figure:
    """The loss surface as contours and the optimisers' paths, animated step by step (plotly frames, Play)."""
    xs, ys, zs = loss_grid
    colors = {"sgd": GREY, "momentum": BLUE, "adam": VERMILLION}
    contour = dict(
        type="contour",
        x=xs.tolist(),
        y=ys.tolist(),
        z=np.log10(zs + 1e-3).tolist(),
        showscale=False,
        colorscale="Greys",
        reversescale=True,
        opacity=0.55,
        contours=dict(coloring="heatmap"),
        hoverinfo="skip",
    )
    steps = len(next(iter(paths.values())))

    def traces(upto: int) -> list[dict]:
        return [
            dict(
                type="scatter",
                mode="lines+markers",
                x=p[: upto + 1, 0].tolist(),
                y=p[: upto + 1, 1].tolist(),
                name=labels[name],
                line=dict(color=colors[name], width=3),
                marker=dict(size=5),
            )
            for name, p in paths.items()
        ]

    frames = [dict(name=str(k), data=[contour, *traces(k)]) for k in range(0, steps, 2)]
    layout = layout_for(
        tr,
        height=460,
        xaxis=dict(range=[float(xs.min()), float(xs.max())], title=dict(text="w₁")),
        yaxis=dict(range=[float(ys.min()), float(ys.max())], title=dict(text="w₂")),
        legend=dict(orientation="h", y=1.12),
        updatemenus=[
            dict(
                type="buttons",
                showactive=False,
                x=0,
                y=-0.12,
                xanchor="left",
                buttons=[
                    dict(
                        label=tr("lab.surface.play"),
                        method="animate",
                        args=[
                            None,
                            dict(
                                frame=dict(duration=120, redraw=False), fromcurrent=False, transition=dict(duration=0)
                            ),
                        ],
                    ),
                ],
            )
        ],
    )
    spec = figure([contour, *traces(steps - 1)], layout)
    spec._spec[0]["frames"] = frames  # (the figure stays plain dicts: see lstm_viz.plots.style.Figure)
    return spec
