"""Words and formulas for one step of a trace: LaTeX with the step's numbers substituted, and plain notes.

The notes paraphrase the course's explanations (document 004, "LSTM gate by gate"; document 001's
walkthrough) and fill in the live values, so a student reads what *this* step did.
"""

from __future__ import annotations

import numpy as np

from lstm_viz.i18n import ENGLISH, Texts
from lstm_viz.lstm import GATES, LSTMParams, Trace, sigmoid

_SYMBOL = {"i": "i", "f": "f", "c_tilde": r"\tilde{c}", "o": "o"}
_ACTIVATION = {"i": r"\sigma", "f": r"\sigma", "c_tilde": r"\tanh", "o": r"\sigma"}


def number(value: float, digits: int = 2) -> str:
    """A number for LaTeX, in parentheses when negative so that ``a · (−b)`` reads right."""
    text = f"{float(value):.{digits}f}"
    if text.startswith("-") and float(text) == 0.0:
        text = text[1:]  # no "−0.00"
    return f"({text})" if text.startswith("-") else text


def _plain(value: float, digits: int = 2) -> str:
    return number(value, digits).strip("()")


def equations(params: LSTMParams, trace: Trace, t: int, unit: int = 0, tr: Texts = ENGLISH) -> list[str]:
    """The six LSTM equations of step t for one unit, each with its numbers substituted (LaTeX)."""
    x, h_prev, c_prev = trace.x[t], trace.h_prev(t), trace.c_prev(t)
    k, u = unit, params.units
    sub = "t" if u == 1 else rf"t,{k + 1}"
    lines = []
    for gate in GATES:
        kernel, recurrent, bias = params.gate(gate)
        z = float(trace.z[t, GATES.index(gate) * u + k])
        value = float(getattr(trace, gate)[t, k])
        symbol, act = _SYMBOL[gate], _ACTIVATION[gate]
        input_terms = " + ".join(rf"{number(kernel[d, k])} \cdot {number(x[d])}" for d in range(params.input_dim))
        if u == 1:
            recurrent_terms = rf"{number(recurrent[0, k])} \cdot {number(h_prev[0])}"
            general = rf"{act}(W_{{{symbol}}} x_t + U_{{{symbol}}} h_{{t-1}} + b_{{{symbol}}})"
        else:
            recurrent_terms = (
                rf"[{', '.join(_plain(w) for w in recurrent[:, k])}] \cdot [{', '.join(_plain(v) for v in h_prev)}]"
            )
            general = rf"{act}(W_{{{symbol}}} x_t + U_{{{symbol}}} \mathbf{{h}}_{{t-1}} + b_{{{symbol}}})"
        substituted = rf"{act}({input_terms} + {recurrent_terms} + {number(bias[k])}) = {act}({_plain(z)})"
        if gate in trace.pinned:
            computed = float(_computed(gate, z))
            line = (
                rf"\begin{{aligned}} {symbol}_{{{sub}}} &= {_plain(value)} \quad "
                rf"\text{{{tr('explain.pinned_would_give')}}} \\ &\phantom{{=}}\; {substituted} = {_plain(computed)} "
                rf"\end{{aligned}}"
            )
        else:  # two lines: the formula, then its numbers (a single line overflows with several units)
            line = (
                rf"\begin{{aligned}} {symbol}_{{{sub}}} &= {general} \\ &= {substituted} = {_plain(value)} "
                rf"\end{{aligned}}"
            )
        lines.append(line)
    f, i, c_tilde, o = (float(getattr(trace, g)[t, k]) for g in ("f", "i", "c_tilde", "o"))
    c, tanh_c, h = float(trace.c[t, k]), float(trace.tanh_c[t, k]), float(trace.h[t, k])
    lines.append(
        rf"c_{{{sub}}} = f \odot c_{{t-1}} + i \odot \tilde{{c}} = {number(f)} \cdot {number(c_prev[k])}"
        rf" + {number(i)} \cdot {number(c_tilde)} = {_plain(c)}"
    )
    lines.append(
        rf"h_{{{sub}}} = o \odot \tanh(c_t) = {number(o)} \cdot \tanh({_plain(c)}) = {number(o)} \cdot {number(tanh_c)}"
        rf" = {_plain(h)}"
    )
    return lines


def _computed(gate: str, z: float) -> float:
    return float(np.tanh(z)) if gate == "c_tilde" else float(sigmoid(z))


def _percent(value: float) -> str:
    return f"{100 * value:.0f}%"


def notes(trace: Trace, t: int, unit: int = 0, tr: Texts = ENGLISH) -> dict[str, str]:
    """One plain-language sentence per part of the cell, with this step's values (markdown)."""
    k = unit
    f, i, c_tilde, o = (float(getattr(trace, g)[t, k]) for g in ("f", "i", "c_tilde", "o"))
    c_prev, c, h = float(trace.c_prev(t)[k]), float(trace.c[t, k]), float(trace.h[t, k])
    pinned = {g: tr("explain.pinned") if g in trace.pinned else "" for g in GATES}
    return {
        "f": tr(
            "explain.forget",
            f=_plain(f),
            pinned=pinned["f"],
            percent=_percent(f),
            c_prev=_plain(c_prev),
            kept=_plain(f * c_prev),
        ),
        "i": tr(
            "explain.input",
            i=_plain(i),
            pinned=pinned["i"],
            percent=_percent(i),
            c_tilde=_plain(c_tilde),
            written=_plain(i * c_tilde),
        ),
        "c_tilde": tr("explain.candidate", c_tilde=_plain(c_tilde), pinned=pinned["c_tilde"]),
        "c": tr("explain.cell", kept=_plain(f * c_prev), written=_plain(i * c_tilde), c=_plain(c)),
        "o": tr("explain.output", o=_plain(o), pinned=pinned["o"], tanh_c=_plain(np.tanh(c)), h=_plain(h)),
    }


def summary(trace: Trace, t: int) -> str:
    """The key numbers of step t as one line of text (for screen readers and projector notes)."""
    parts = [f"t = {t}", f"x = {_plain(trace.x[t, 0])}"]
    for name in ("i", "f", "c_tilde", "o", "c", "h"):
        values = getattr(trace, name)[t]
        label = "c̃" if name == "c_tilde" else name
        parts.append(
            f"{label} = "
            + (_plain(values[0]) if len(values) == 1 else "[" + ", ".join(_plain(v) for v in values) + "]")
        )
    return ", ".join(parts)
