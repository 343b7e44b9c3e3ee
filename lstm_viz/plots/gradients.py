"""Charts of the Why LSTM page: how much the last state depends on each earlier one."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from lstm_viz.cells import layout
from lstm_viz.gradients import Demo
from lstm_viz.i18n import ENGLISH, Texts
from lstm_viz.plots.style import COLORS, FONT, figure

# (colour, dash) of the 2024 kinds' curves, in the kinds' order (minLSTM, sLSTM, mLSTM, linear attention): minGRU's
# purple dashed, then the two Okabe–Ito colours the chart's own curves leave (black, green)
NEW_STYLES = ((COLORS["o"], "dash"), (layout.BLACK, "dashdot"), (layout.GREEN, "dashdot"), (layout.GREEN, "dot"),
              (layout.BLACK, "dot"), (COLORS["o"], "dashdot"))  # fmt: skip


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
                customdata=[tr.number(float(v), ".3e") for v in shown],  # 4,100·10⁻⁴ in Russian, not 4,100e-4
                hovertemplate=label + "<br>t = %{x}: %{customdata}<extra></extra>",
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


def demo_curves(demo: Demo, steps: int, tr: Texts = ENGLISH) -> go.Figure:
    """The Why LSTM page's chart: the plain RNN, the GRU, the LSTM and the LSTM's cell-state path alone (dashed),
    minGRU (dotted), and the other 2024 kinds' memories when the demo has them (dash-dot).

    The legend's names write their subscripts as plotly does (∂h<sub>T</sub>), so no raw h_T shows."""
    curves = {
        tr("why_lstm.curve.rnn"): (demo.rnn, COLORS["h"], "solid"),
        tr("why_lstm.curve.gru"): (demo.gru, COLORS["i"], "solid"),
        tr("why_lstm.curve.lstm"): (demo.lstm, COLORS["c"], "solid"),
        tr("why_lstm.curve.cell_path"): (demo.cell_path, COLORS["f"], "dash"),
        tr("why_lstm.curve.min_gru"): (demo.min_gru, COLORS["o"], "dot"),
        **{
            tr(f"why_lstm.curve.{key}"): (values, *NEW_STYLES[n % len(NEW_STYLES)])
            for n, (key, values) in enumerate(demo.new.items())
        },
    }
    return sensitivity_curves(curves, steps, tr)


def formulas(tr: Texts = ENGLISH) -> tuple[str, ...]:
    """The products the chart plots, in LaTeX: the RNN's, the LSTM's cell-state path, and the paths through h.

    A product of matrices is written in its order, J_T ⋯ J_{t+1} (a ∏ sign does not fix it); the cell-state path's
    product is labelled as that path only (the full ∂c_T/∂c_t adds the paths through h)."""
    return (
        rf"\text{{{tr('why_lstm.latex.rnn')}}}\quad \frac{{\partial h_T}}{{\partial h_t}} = "
        r"J_T\, J_{T-1} \cdots J_{t+1}, \qquad J_k = \frac{\partial h_k}{\partial h_{k-1}} = "
        r"\mathrm{diag}(1 - h_k^2)\, U^\top",
        rf"\text{{{tr('why_lstm.latex.cell_path')}}}\quad "
        r"\left.\frac{\partial c_T}{\partial c_t}\right|_{c \to c} = "
        r"\mathrm{diag}(f_T) \cdots \mathrm{diag}(f_{t+1})",
        r"\frac{\partial c_k}{\partial h_{k-1}} = \mathrm{diag}(c_{k-1} f_k(1-f_k)) U_f^\top"
        r" + \mathrm{diag}(\tilde c_k i_k (1-i_k)) U_i^\top + \mathrm{diag}(i_k (1-\tilde c_k^2)) U_c^\top",
    )
