"""Plotly figure builders: arrays (or a trace) in, ``go.Figure`` out. Nothing here computes the model.

Colours: the Okabe–Ito palette (safe for the common colour-vision deficiencies), one colour per part of the
cell on every page; wire colours on the diagram use a blue–grey–orange diverging scale (no red/green).
"""

from __future__ import annotations

import functools

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from plotly.colors import sample_colorscale

from lstm_viz.i18n import ENGLISH, Texts
from lstm_viz.lstm import GATE_RANGES, GATES, Trace

COLORS = {
    "x": "#555555",
    "i": "#0072B2",  # blue
    "f": "#D55E00",  # vermillion
    "c_tilde": "#009E73",  # bluish green
    "o": "#CC79A7",  # reddish purple
    "c": "#E69F00",  # orange
    "h": "#56B4E9",  # sky blue
}
LABELS = {"x": "x", "i": "i", "f": "f", "c_tilde": "c̃", "o": "o", "c": "c", "h": "h"}
WIRE_SCALE = [[0.0, "#2166ac"], [0.5, "#b5b5b5"], [1.0, "#e66101"]]  # −1 … 0 … +1
FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=14)


def _fmt(value: float) -> str:
    text = f"{value:.2f}"
    return "0.00" if text == "-0.00" else text


def wire_color(value: float) -> str:
    """Colour of a wire carrying ``value``: grey near 0, blue towards −1, orange towards +1 (clipped)."""
    return _wire_color(round(min(max((float(value) + 1.0) / 2.0, 0.0), 1.0), 3))


@functools.lru_cache(maxsize=1024)
def _wire_color(position: float) -> str:
    return sample_colorscale(WIRE_SCALE, [position])[0]  # ~0.1 ms: once per thousandth of the scale


# --- the cell diagram ---------------------------------------------------------------------------------

# Positions on a 12 × 7 canvas: cell-state line on top (y = 5.4), gates in the middle (y = 2.6),
# the [h_{t−1}, x_t] bus at the bottom (y = 1.2), as in the classic diagram (Olah, 2015).
_TOP, _GATE_Y, _BUS = 5.4, 2.6, 1.2
_GATE_X = {"f": 2.6, "i": 4.2, "c_tilde": 5.6, "o": 7.6}
_MUL_F, _ADD, _MUL_I, _TANH, _MUL_O = (2.6, _TOP), (5.6, _TOP), (5.6, 4.0), (8.9, 4.2), (8.9, _GATE_Y)


_CELL_BOX = dict(
    type="rect",
    x0=0.8,
    y0=0.6,
    x1=10.0,
    y1=6.3,
    line=dict(color="#c9c9c9", width=2),
    fillcolor="rgba(240,240,240,0.45)",
    layer="below",
)


class _Wires:
    """Collects wires (a coloured, labelled polyline ending in an arrow) for the cell diagrams."""

    def figure(self, shapes: list[dict], title: str | None) -> go.Figure:
        """The diagram on its fixed 12 × 7 canvas, no axes, no zoom."""
        layout = dict(
            shapes=shapes,
            annotations=self.annotations,
            font=FONT,
            height=430,
            plot_bgcolor="white",
            hovermode="closest",
            margin=dict(l=5, r=5, t=40 if title else 10, b=5),
            xaxis=dict(range=[-0.1, 12.1], visible=False, fixedrange=True),
            yaxis=dict(range=[-0.1, 7.1], visible=False, fixedrange=True, scaleanchor="x", scaleratio=1),
        )
        if title:
            layout["title"] = dict(text=title, x=0.01, font=dict(size=15))
        return figure(self.data, layout)

    def __init__(self) -> None:
        self.data: list[dict] = []
        self.annotations: list[dict] = []

    def __call__(self, points, value, label=None, label_at=None, anchor="left", arrow=True):
        xs, ys = zip(*points)
        color, width = wire_color(value), 2.5 + 3.5 * min(abs(value), 1.0)
        self.data.append(
            dict(
                type="scatter",
                x=list(xs),
                y=list(ys),
                mode="lines",
                line=dict(color=color, width=width),
                hoverinfo="text",
                text=f"{label or ''} {_fmt(value)}".strip(),
                showlegend=False,
            )
        )
        if arrow:
            (x0, y0), (x1, y1) = points[-2], points[-1]
            self.annotations.append(
                dict(
                    x=x1,
                    y=y1,
                    ax=x0,
                    ay=y0,
                    xref="x",
                    yref="y",
                    axref="x",
                    ayref="y",
                    text="",
                    showarrow=True,
                    arrowhead=2,
                    arrowsize=1.0,
                    arrowwidth=width * 0.8,
                    arrowcolor=color,
                )
            )
        if label:
            lx, ly = label_at or points[len(points) // 2]
            self.annotations.append(
                dict(
                    x=lx,
                    y=ly,
                    text=f"{label} = <b>{_fmt(value)}</b>",
                    showarrow=False,
                    xanchor=anchor,
                    font=dict(size=13, color="#222"),
                    bgcolor="rgba(255,255,255,0.85)",
                )
            )


def cell_diagram(
    x: float,
    h_prev: float,
    c_prev: float,
    i: float,
    f: float,
    c_tilde: float,
    o: float,
    c: float,
    h: float,
    pinned: tuple[str, ...] = (),
    title: str | None = None,
    tr: Texts = ENGLISH,
) -> go.Figure:
    """The classic LSTM cell for one unit at one step, every wire coloured and labelled by its value."""
    wire = _Wires()
    annotations = wire.annotations

    # inputs along the bottom bus, then up into each gate
    wire([(0.0, _BUS), (_GATE_X["o"], _BUS)], h_prev, "h<sub>t−1</sub>", (0.05, _BUS + 0.3), arrow=False)
    wire([(1.5, 0.0), (1.5, _BUS)], x, "x<sub>t</sub>", (1.6, 0.3))
    for gx in _GATE_X.values():
        wire([(gx, _BUS), (gx, _GATE_Y - 0.3)], 0.0, arrow=True)
    # gate outputs
    wire([(_GATE_X["f"], _GATE_Y + 0.3), (_MUL_F[0], _TOP - 0.25)], f, "f", (_GATE_X["f"] + 0.1, 3.6))
    wire(
        [(_GATE_X["i"], _GATE_Y + 0.3), (_GATE_X["i"], _MUL_I[1]), (_MUL_I[0] - 0.25, _MUL_I[1])],
        i,
        "i",
        (_GATE_X["i"] + 0.1, 3.3),
    )
    wire(
        [(_GATE_X["c_tilde"], _GATE_Y + 0.3), (_MUL_I[0], _MUL_I[1] - 0.25)],
        c_tilde,
        "c̃",
        (_GATE_X["c_tilde"] + 0.1, 3.3),
    )
    wire([(_MUL_I[0], _MUL_I[1] + 0.25), (_ADD[0], _TOP - 0.25)], i * c_tilde, "i⊙c̃", (_MUL_I[0] + 0.1, 4.7))
    wire([(_GATE_X["o"] + 0.45, _GATE_Y), (_MUL_O[0] - 0.25, _GATE_Y)], o, "o", (_GATE_X["o"], 3.25), anchor="center")
    # the cell-state line
    wire([(0.0, _TOP), (_MUL_F[0] - 0.25, _TOP)], c_prev, "c<sub>t−1</sub>", (0.05, _TOP + 0.35))
    wire([(_MUL_F[0] + 0.25, _TOP), (_ADD[0] - 0.25, _TOP)], f * c_prev, "f⊙c<sub>t−1</sub>", (3.0, _TOP + 0.35))
    wire([(_ADD[0] + 0.25, _TOP), (12.0, _TOP)], c, "c<sub>t</sub>", (10.45, _TOP + 0.35))
    wire([(_TANH[0], _TOP), (_TANH[0], _TANH[1] + 0.3)], c, arrow=True)
    wire(
        [(_TANH[0], _TANH[1] - 0.3), (_MUL_O[0], _MUL_O[1] + 0.25)],
        float(np.tanh(c)),
        "tanh(c)",
        (_TANH[0] + 0.12, 3.62),
    )
    # the output, right and up
    wire([(_MUL_O[0], _MUL_O[1] - 0.25), (_MUL_O[0], 1.6), (12.0, 1.6)], h, "h<sub>t</sub>", (10.7, 1.95))
    wire([(10.3, 1.6), (10.3, 7.0)], h, arrow=True)

    shapes = [dict(_CELL_BOX)]
    for gate, gx in _GATE_X.items():
        color = COLORS[gate]
        shapes.append(
            dict(
                type="rect",
                x0=gx - 0.45,
                y0=_GATE_Y - 0.3,
                x1=gx + 0.45,
                y1=_GATE_Y + 0.3,
                fillcolor=color,
                line=dict(
                    color="#333" if gate in pinned else color,
                    width=3 if gate in pinned else 1,
                    dash="dot" if gate in pinned else "solid",
                ),
            )
        )
        symbol = "tanh" if gate == "c_tilde" else "σ"
        annotations.append(
            dict(x=gx, y=_GATE_Y, text=f"<b>{symbol}</b>", showarrow=False, font=dict(color="white", size=15))
        )
        name = tr(f"plot.gate_word.{gate}") + ("*" if gate in pinned else "")
        annotations.append(
            dict(
                x=gx + 0.07,
                y=_GATE_Y - 0.48,
                text=name,
                showarrow=False,
                xanchor="left",
                font=dict(size=11, color=color),
            )
        )
    for (nx, ny), symbol in ((_MUL_F, "×"), (_ADD, "+"), (_MUL_I, "×"), (_MUL_O, "×")):
        shapes.append(
            dict(
                type="circle",
                x0=nx - 0.25,
                y0=ny - 0.25,
                x1=nx + 0.25,
                y1=ny + 0.25,
                fillcolor="white",
                line=dict(color="#444", width=2),
            )
        )
        annotations.append(dict(x=nx, y=ny, text=f"<b>{symbol}</b>", showarrow=False, font=dict(size=16)))
    shapes.append(
        dict(
            type="circle",
            x0=_TANH[0] - 0.45,
            y0=_TANH[1] - 0.3,
            x1=_TANH[0] + 0.45,
            y1=_TANH[1] + 0.3,
            fillcolor="#f7f7f7",
            line=dict(color="#444", width=2),
        )
    )
    annotations.append(dict(x=_TANH[0], y=_TANH[1], text="tanh", showarrow=False, font=dict(size=13)))
    if pinned:
        annotations.append(
            dict(
                x=10.1,
                y=0.25,
                xanchor="left",
                text=tr("plot.pinned_box"),
                showarrow=False,
                font=dict(size=11, color="#444"),
            )
        )

    return wire.figure(shapes, title)


def trace_cell_diagram(trace: Trace, t: int, unit: int = 0, title: str | None = None, tr: Texts = ENGLISH) -> go.Figure:
    """``cell_diagram`` for unit ``unit`` at step t of a trace."""
    values = {name: float(getattr(trace, name)[t, unit]) for name in ("i", "f", "c_tilde", "o", "c", "h")}
    return cell_diagram(
        x=float(trace.x[t, 0]),
        h_prev=float(trace.h_prev(t)[unit]),
        c_prev=float(trace.c_prev(t)[unit]),
        pinned=trace.pinned,
        title=title,
        tr=tr,
        **values,
    )


# --- gate bars ----------------------------------------------------------------------------------------


def gate_bars(trace: Trace, t: int, tr: Texts = ENGLISH) -> go.Figure:
    """The four gate activations of step t as bars, one panel per gate drawn over its whole range."""
    units = [f"u{k + 1}" for k in range(trace.units)]
    data, layout, shapes, annotations = [], {}, [], []
    for n, (domain, gate) in enumerate(zip(_domains(4, 0.09), GATES), start=1):
        values = getattr(trace, gate)[t]
        low, high = GATE_RANGES[gate]
        pinned = gate in trace.pinned
        data.append(
            dict(
                type="bar",
                x=units,
                y=[float(v) for v in values],
                xaxis=f"x{_n(n)}",
                yaxis=f"y{_n(n)}",
                marker=dict(color=COLORS[gate], pattern=dict(shape="/" if pinned else "")),
                text=[_fmt(v) for v in values],
                textposition="outside",
                cliponaxis=False,
                name=LABELS[gate],
                showlegend=False,
                hovertemplate=f"{LABELS[gate]}" + " %{x}: %{y:.3f}<extra></extra>",
            )
        )
        layout[f"xaxis{_n(n)}"] = dict(domain=domain, anchor=f"y{_n(n)}", fixedrange=True)
        layout[f"yaxis{_n(n)}"] = dict(
            anchor=f"x{_n(n)}",
            fixedrange=True,
            range=[low - 0.05 * (high - low), high + 0.2 * (high - low)],
            tickvals=[low, (low + high) / 2, high],  # the gate's own range (the headroom is for the labels)
            zeroline=True,
            zerolinecolor="#888",
        )
        shapes.append(
            dict(
                type="rect",
                xref=f"x{_n(n)} domain",
                yref=f"y{_n(n)}",
                x0=0,
                x1=1,
                y0=low,
                y1=high,
                fillcolor=COLORS[gate],
                opacity=0.08,
                line_width=0,
                layer="below",
            )
        )
        title = f"{LABELS[gate]} ∈ ({low:g}, {high:g})" + (f"<br><i>{tr('plot.pinned')}</i>" if pinned else "")
        annotations.append(
            dict(
                text=title,
                x=(domain[0] + domain[1]) / 2,
                y=1.0,
                xref="paper",
                yref="paper",
                xanchor="center",
                yanchor="bottom",
                showarrow=False,
                font=dict(size=14),
            )
        )
    layout.update(
        font=FONT, height=270, margin=dict(l=10, r=10, t=50, b=10), bargap=0.3, shapes=shapes, annotations=annotations
    )
    return figure(data, layout)


# --- charts over time ---------------------------------------------------------------------------------


def time_charts(trace: Trace, t: int, tr: Texts = ENGLISH) -> go.Figure:
    """Every quantity over all steps with step t marked: lines for one unit, units × time heatmaps for more."""
    steps = list(range(trace.steps))
    data, layout, annotations = [], {}, []
    if trace.units == 1:
        panels = [
            (tr("plot.panel.input"), ["x"], None),
            (tr("plot.panel.gates"), ["i", "f", "o"], [-0.05, 1.05]),
            (tr("plot.panel.candidate_output"), ["c_tilde", "h"], [-1.08, 1.08]),
            (tr("plot.panel.cell"), ["c"], None),
        ]
        height = 640
    else:
        names = ["i", "f", "c_tilde", "o", "c", "h"]
        panels = [(tr("plot.panel.input"), ["x"], None)] + [
            (tr("plot.panel.units_time", name=LABELS[n]), [n], None) for n in names
        ]
        height = 170 + 110 * len(names)
    domains = _domains(len(panels), 0.07 if trace.units == 1 else 0.045)[::-1]  # first panel on top
    c_max = max(float(np.abs(trace.c).max()), 1e-9)
    for n, ((title, names, y_range), domain) in enumerate(zip(panels, domains), start=1):
        axes = dict(xaxis=f"x{_n(n)}", yaxis=f"y{_n(n)}")
        for name in names:
            values = trace.x[:, 0] if name == "x" else getattr(trace, name)[:, 0]
            label = LABELS[name] + (f" ({tr('plot.pinned')})" if name in trace.pinned else "")
            if trace.units == 1 or name == "x":
                data.append(
                    dict(
                        type="scatter",
                        x=steps,
                        y=values.tolist(),
                        mode="lines+markers",
                        name=label,
                        line=dict(color=COLORS[name], width=2.5, dash="dot" if name in trace.pinned else "solid"),
                        marker=dict(size=5),
                        showlegend=trace.units == 1,
                        hovertemplate=f"{LABELS[name]}" + "(t=%{x}) = %{y:.3f}<extra></extra>",
                        **axes,
                    )
                )
                data.append(
                    dict(
                        type="scatter",
                        x=[t],
                        y=[float(values[t])],
                        mode="markers",
                        showlegend=False,
                        hoverinfo="skip",
                        marker=dict(size=12, color=COLORS[name], line=dict(color="black", width=1.5)),
                        **axes,
                    )
                )
            else:
                gate_like = name in ("i", "f", "o")
                limit = c_max if name == "c" else 1.0
                data.append(
                    dict(
                        type="heatmap",
                        z=getattr(trace, name).T.tolist(),
                        x=steps,
                        y=[f"u{k + 1}" for k in range(trace.units)],
                        showscale=False,
                        name=LABELS[name],
                        colorscale="Cividis" if gate_like else WIRE_SCALE,
                        zmin=0.0 if gate_like else -limit,
                        zmax=1.0 if gate_like else limit,
                        hovertemplate=f"{LABELS[name]}" + " %{y}, t=%{x}: %{z:.3f}<extra></extra>",
                        **axes,
                    )
                )
        last = n == len(panels)
        layout[f"xaxis{_n(n)}"] = dict(
            anchor=f"y{_n(n)}", showticklabels=last, title=dict(text=tr("plot.time_step") if last else "")
        )
        if n > 1:
            layout[f"xaxis{_n(n)}"]["matches"] = "x"
        layout[f"yaxis{_n(n)}"] = dict(domain=domain, anchor=f"x{_n(n)}")
        if y_range:
            layout[f"yaxis{_n(n)}"]["range"] = y_range
        annotations.append(
            dict(
                text=title,
                x=0.5,
                y=domain[1],
                xref="paper",
                yref="paper",
                xanchor="center",
                yanchor="bottom",
                showarrow=False,
                font=dict(size=14),
            )
        )
    shapes = [
        dict(
            type="line",
            xref="x",
            yref="paper",
            x0=t,
            x1=t,
            y0=0,
            y1=1,
            line=dict(color="black", width=1.5, dash="dash"),
        )
    ]
    layout.update(
        font=FONT,
        height=height,
        margin=dict(l=10, r=10, t=40, b=10),
        shapes=shapes,
        annotations=annotations,
        hovermode="x unified" if trace.units == 1 else "closest",
        legend=dict(orientation="h", yanchor="bottom", y=1.03, xanchor="right", x=1),
    )
    return figure(data, layout)


# --- helpers ------------------------------------------------------------------------------------------


def _n(n: int) -> str:
    """Plotly's axis suffix: "" for the first axis, then "2", "3", …"""
    return "" if n == 1 else str(n)


def _domains(count: int, gap: float) -> list[list[float]]:
    """``count`` equal [start, end] intervals of [0, 1] separated by ``gap``."""
    size = (1.0 - gap * (count - 1)) / count
    return [[k * (size + gap), k * (size + gap) + size] for k in range(count)]


def figure(data: list[dict], layout: dict) -> go.Figure:
    """A figure from plain dicts, without plotly's per-property validation (see ``Figure``).

    The tests validate every builder's output in full instead (``go.Figure(fig.to_dict())``), so a typo still
    fails there.
    """
    return Figure(dict(data=data, layout=layout))


class Figure(go.Figure):
    """A ``go.Figure`` that stays plain dicts until something looks inside it.

    Streamlit only asks a figure for ``to_dict()``. Building plotly's objects and deep-copying them back out takes
    most of an explorer rerun (≈ 2/3 of the server's time with thirty students), so this figure answers
    ``to_dict()`` from the dicts it was given (with the default template, as plotly would), and builds the real,
    unvalidated figure the first time anything else is used (``fig.data``, ``update_layout``, …).
    Unlike plotly's, that ``to_dict()`` is not a copy (it shares the figure's lists and the cached template):
    read it, do not change it; Streamlit only serialises it.
    """

    def __init__(self, data=None, layout=None, frames=None, skip_invalid=False, **kwargs) -> None:
        spec = dict(data) if isinstance(data, dict) else {"data": data or [], "layout": layout or {}}
        if frames is not None:
            spec["frames"] = frames
        object.__setattr__(self, "_spec", (spec, skip_invalid, kwargs))

    def __getattr__(self, name: str):
        """Only reached for attributes the figure lacks: before it is built, all of plotly's own."""
        pending = self.__dict__.pop("_spec", None)
        if pending is None:
            raise AttributeError(name)
        spec, skip_invalid, kwargs = pending
        go.Figure.__init__(self, spec, skip_invalid=skip_invalid, _validate=False, **kwargs)
        return getattr(self, name)

    def to_dict(self) -> dict:
        pending = self.__dict__.get("_spec")
        if pending is None:
            return super().to_dict()
        spec = {key: value for key, value in pending[0].items() if not key.startswith("_")}  # not _grid_ref…
        spec["layout"] = dict(spec.get("layout") or {})
        if "template" not in spec["layout"] and pio.templates.default:
            spec["layout"]["template"] = _template(pio.templates.default)
        return spec


@functools.lru_cache(maxsize=8)
def _template(name: str) -> dict:
    """A named plotly template as JSON (built once: it is the same for every figure)."""
    return pio.templates[name].to_plotly_json()


# --- the "why LSTM" page ------------------------------------------------------------------------------


def sensitivity_curves(
    curves: dict[str, tuple[np.ndarray, str, str]], last_step: int, tr: Texts = ENGLISH
) -> go.Figure:
    """‖∂state_T/∂state_t‖ against t on a log scale; curves maps a label to (values, colour, dash)."""
    data = []
    for label, (values, color, dash) in curves.items():
        shown = np.maximum(np.asarray(values, dtype=np.float64), 1e-300)  # log axis: keep exact zeros visible
        data.append(
            dict(
                type="scatter",
                x=list(range(len(shown))),
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
        height=420,
        margin=dict(l=10, r=10, t=30, b=10),
        xaxis=dict(title=dict(text=tr("plot.sensitivity.x", last_step=last_step))),
        yaxis=dict(title=dict(text=tr("plot.sensitivity.y")), type="log", exponentformat="power"),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        hovermode="x unified",
    )
    return figure(data, layout)


def rnn_diagram(x: float, h_prev: float, h: float, title: str | None = None, tr: Texts = ENGLISH) -> go.Figure:
    """The plain RNN cell drawn like ``cell_diagram``: one tanh layer, no cell state."""
    wire = _Wires()
    annotations = wire.annotations

    wire([(0.0, _BUS), (5.6, _BUS), (5.6, _GATE_Y - 0.3)], h_prev, "h<sub>t−1</sub>", (0.05, _BUS + 0.3))
    wire([(3.0, 0.0), (3.0, _BUS)], x, "x<sub>t</sub>", (3.1, 0.3))
    wire([(5.6, _GATE_Y + 0.3), (5.6, 4.6), (12.0, 4.6)], h, "h<sub>t</sub>", (9.6, 4.95))
    wire([(10.3, 4.6), (10.3, 7.0)], h)
    shapes = [
        dict(_CELL_BOX),
        dict(
            type="rect",
            x0=5.1,
            y0=_GATE_Y - 0.3,
            x1=6.1,
            y1=_GATE_Y + 0.3,
            fillcolor=COLORS["h"],
            line=dict(color=COLORS["h"]),
        ),
    ]
    annotations.append(dict(x=5.6, y=_GATE_Y, text="<b>tanh</b>", showarrow=False, font=dict(color="white", size=15)))
    annotations.append(
        dict(
            x=6.25,
            y=_GATE_Y - 0.45,
            text=tr("plot.rnn_note"),
            xanchor="left",
            showarrow=False,
            font=dict(size=11, color="#444"),
        )
    )
    return wire.figure(shapes, title)


# --- training pages -----------------------------------------------------------------------------------

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
        height=300,
        margin=dict(l=10, r=10, t=40, b=10),
        annotations=annotations,
        legend=dict(orientation="h", yanchor="bottom", y=1.1, xanchor="right", x=1),
    )
    return figure(data, layout)


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
        height=height,
        margin=dict(l=10, r=10, t=40 if title else 10, b=10),
        yaxis=dict(autorange="reversed", type="category", title=dict(text=tr("plot.input"))),
        xaxis=dict(type="category", title=dict(text=tr("plot.predicted_next")), side="top"),
    )
    if title:
        layout["title"] = dict(text=title, x=0.01)
    return figure(data, layout)


# --- forecasting --------------------------------------------------------------------------------------


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
    layout = dict(
        font=FONT,
        height=420,
        margin=dict(l=10, r=10, t=30, b=10),
        shapes=shapes,
        annotations=annotations,
        xaxis=dict(title=dict(text="x")),
        yaxis=dict(title=dict(text="f(x)")),
        hovermode="x unified",
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
    )
    return figure(data, layout)


# --- faces --------------------------------------------------------------------------------------------

PEOPLE_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]


def class_counts(counts: dict[str, int], tr: Texts = ENGLISH) -> go.Figure:
    """Images per person, with what "always the largest class" and "chance" would score."""
    names, values = list(counts), list(counts.values())
    total = sum(values)
    data = [
        dict(
            type="bar",
            x=names,
            y=values,
            marker=dict(color=[PEOPLE_COLORS[k % 8] for k in range(len(names))]),
            text=[f"{v} ({v / total:.1%})" for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}: %{y} " + tr("plot.images") + "<extra></extra>",
        )
    ]
    layout = dict(
        font=FONT,
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
        height=360,
        margin=dict(l=10, r=10, t=30 if title else 10, b=10),
        shapes=shapes,
        xaxis=dict(visible=False, constrain="domain"),
        yaxis=dict(autorange="reversed", scaleanchor="x", title=dict(text=tr("plot.row_time_step"))),
    )
    if title:
        layout["title"] = dict(text=title, x=0.01, font=dict(size=14))
    return figure(data, layout)


def confusion_heatmap(matrix: np.ndarray, names: list[str], normalized: bool = False, tr: Texts = ENGLISH) -> go.Figure:
    """Rows: the true person; columns: the predicted one; counts or row-normalised shares."""
    matrix = np.asarray(matrix, dtype=np.float64)
    shown = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1) if normalized else matrix
    text = [[f"{v:.0%}" if normalized else f"{int(v)}" for v in row] for row in shown]
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
        height=460,
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(title=dict(text=tr("plot.predicted")), type="category", tickangle=-30),
        yaxis=dict(title=dict(text=tr("plot.true")), type="category", autorange="reversed"),
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
                name=f"{name} (AUC {auc:.3f})",
                line=dict(color=PEOPLE_COLORS[k % 8], width=2),
            )
        )
    layout = dict(
        font=FONT,
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
            line=dict(color=PEOPLE_COLORS[k % 8], width=2.5),
        )
        for k, name in enumerate(names)
    ]
    layout = dict(
        font=FONT,
        height=360,
        margin=dict(l=10, r=10, t=10, b=10),
        hovermode="x unified",
        xaxis=dict(title=dict(text=x_title)),
        yaxis=dict(title=dict(text=tr("plot.probability")), range=[0, 1]),
    )
    return figure(data, layout)
