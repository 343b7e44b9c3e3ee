"""Adam's five equations (course document 001) replayed on recorded gradients, beside what Keras did.

The document writes the textbook form: m̂ = m / (1 − β₁ᵗ), v̂ = v / (1 − β₂ᵗ), θ ← θ − α · m̂ / (√v̂ + ε). Keras
computes the same step as α·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε): ε then sits outside the bias correction, which
changes a step only where √v̂ is near ε (1e-7). ``replay`` gives both.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BETA_1, BETA_2, EPSILON = 0.9, 0.999, 1e-7


@dataclass(frozen=True)
class Replay:
    g: np.ndarray
    m: np.ndarray
    v: np.ndarray
    m_hat: np.ndarray
    v_hat: np.ndarray
    step: np.ndarray  # the document's: α · m̂ / (√v̂ + ε)
    keras_step: np.ndarray  # Keras's: α·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε)


def replay(gradients, learning_rates, beta_1: float = BETA_1, beta_2: float = BETA_2,
           epsilon: float = EPSILON) -> Replay:  # fmt: skip
    """The five equations, update after update, from m = v = 0."""
    g = np.asarray(gradients, dtype=np.float64)
    lr = np.broadcast_to(np.asarray(learning_rates, dtype=np.float64), g.shape)
    m = np.zeros_like(g)
    v = np.zeros_like(g)
    m_prev = v_prev = 0.0
    for t in range(len(g)):
        m[t] = beta_1 * m_prev + (1 - beta_1) * g[t]
        v[t] = beta_2 * v_prev + (1 - beta_2) * g[t] ** 2
        m_prev, v_prev = m[t], v[t]
    t = np.arange(1, len(g) + 1)
    m_hat = m / (1 - beta_1**t)
    v_hat = v / (1 - beta_2**t)
    step = lr * m_hat / (np.sqrt(v_hat) + epsilon)
    powers_1, powers_2 = np.float32(beta_1) ** t.astype(np.float32), np.float32(beta_2) ** t.astype(np.float32)
    keras_step = (
        lr * np.sqrt(1 - powers_2.astype(np.float64)) / (1 - powers_1.astype(np.float64)) * m / (np.sqrt(v) + epsilon)
    )
    return Replay(g, m, v, m_hat, v_hat, step, keras_step)


def gradients_from_momentum(m, beta_1: float = BETA_1) -> np.ndarray:
    """The gradient of each update, from Keras's first moment: m_t = β₁ m_{t−1} + (1 − β₁) g_t."""
    m = np.asarray(m, dtype=np.float64)
    previous = np.concatenate([[0.0], m[:-1]])
    return (m - beta_1 * previous) / (1 - beta_1)


def check(m, v, before, after, learning_rates) -> dict[str, float]:
    """How far Keras's recorded state is from the equations: v replayed from the gradients (derived from m) against
    Keras's v, and Keras's weight change against the step its formula gives. Both ≈ 1e-8 in float32."""
    g = gradients_from_momentum(m)
    again = replay(g, learning_rates)
    change = np.asarray(before, dtype=np.float64) - np.asarray(after, dtype=np.float64)
    return {
        "v": float(np.abs(again.v - np.asarray(v, dtype=np.float64)).max()),
        "step": float(np.abs(again.keras_step - change).max()),
        "textbook_vs_keras_step": float(np.abs(again.step - again.keras_step).max()),
    }


def tex_number(value: float, digits: int = 4) -> str:
    """A number for a LaTeX formula with ``digits`` significant digits: 7.667 \\cdot 10^{-4}, never 7.667e-04 (which
    TeX sets as two numbers and a subtraction). Decimal point as in English: ``Texts.tex`` turns it into the page's."""
    value = float(value)
    if value == 0 or not np.isfinite(value):
        return "0" if value == 0 else str(value)
    mantissa, _, power = f"{value:.{digits - 1}e}".partition("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    exponent = int(power)
    if -2 <= exponent <= 3:  # 0.0123 … 9999: plainly
        text = f"{value:.{max(0, digits - 1 - exponent)}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return rf"{mantissa} \cdot 10^{{{exponent}}}"


def change(before: float, after: float) -> tuple[str, float]:
    """Which way an update moved a weight ("up", "down" or "same") and by how much (≥ 0): the text says it from the
    sign of after − before, never from Adam's step (θ ← θ − Δθ: a positive step lowers the weight)."""
    difference = float(after) - float(before)
    return ("up" if difference > 0 else "down" if difference < 0 else "same"), abs(difference)


def equations(replay: Replay, k: int, learning_rate: float, number) -> list[str]:
    """Update k (0-based) of ``replay`` as the five equations with its numbers (LaTeX); ``number`` formats a value."""
    t, g, m, v = k + 1, replay.g[k], replay.m[k], replay.v[k]
    m_before, v_before = (replay.m[k - 1], replay.v[k - 1]) if k else (0.0, 0.0)

    def factor(value: float) -> str:  # a negative number after "·" in parentheses: 0.1 · (−6.672 · 10^{-4})
        return f"({number(value)})" if value < 0 else number(value)

    b1, b2, epsilon = f"{BETA_1:g}", f"{BETA_2:g}", f"10^{{{round(float(np.log10(EPSILON)))}}}"
    return [
        rf"g_{{{t}}} = {number(g)}",
        rf"m_{{{t}}} = {b1} \cdot {factor(m_before)} + {1 - BETA_1:.1f} \cdot {factor(g)} = {number(m)}",
        rf"v_{{{t}}} = {b2} \cdot {number(v_before)} + {1 - BETA_2:.3f} \cdot ({number(g)})^2 = {number(v)}",
        rf"\hat m_{{{t}}} = m_{{{t}}} / (1 - {b1}^{{{t}}}) = {number(replay.m_hat[k])}",
        rf"\hat v_{{{t}}} = v_{{{t}}} / (1 - {b2}^{{{t}}}) = {number(replay.v_hat[k])}",
        rf"\Delta\theta = {number(learning_rate)} \cdot \hat m / (\sqrt{{\hat v}} + {epsilon})"
        rf" = {number(replay.step[k])}",
    ]
