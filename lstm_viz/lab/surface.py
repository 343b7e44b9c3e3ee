"""A foggy mountain (course document 001's picture of Adam) as a 2D loss surface, and three optimisers walking down
it, written as Keras writes them (tests check the first steps against keras.optimizers on the same surface).

The surface is a long, narrow, tilted valley: f(x, y) = 0.5·(x² / 10 + 10·(y − 0.3·x)²) … plus a gentle dip, so plain
gradient descent zig-zags across the valley, momentum overshoots and Adam walks along it.
"""

from __future__ import annotations

import numpy as np

START = (-4.5, 2.5)
STEPS = 60
SETTINGS = {"sgd": {"learning_rate": 0.09}, "momentum": {"learning_rate": 0.03, "momentum": 0.9},
            "adam": {"learning_rate": 0.3}}  # fmt: skip


def loss(x, y):
    return 0.5 * (np.asarray(x) ** 2 / 10 + 10 * (np.asarray(y) - 0.3 * np.asarray(x)) ** 2)


def grid(columns: int = 60, rows: int = 50):
    """The surface sampled for a contour plot: (xs, ys, loss[rows, columns])."""
    xs, ys = np.linspace(-5, 5, columns), np.linspace(-3, 3, rows)
    return xs, ys, loss(*np.meshgrid(xs, ys))


def gradient(point: np.ndarray) -> np.ndarray:
    x, y = point
    r = y - 0.3 * x
    return np.array([x / 10 - 3 * r, 10 * r])


def path(name: str, steps: int = STEPS, start=START) -> np.ndarray:
    """The points (steps + 1, 2) an optimiser visits, with Keras's update rules and SETTINGS[name]."""
    settings = SETTINGS[name]
    lr = settings["learning_rate"]
    point = np.array(start, dtype=np.float64)
    points = [point.copy()]
    m = np.zeros(2)
    v = np.zeros(2)
    for t in range(1, steps + 1):
        g = gradient(point)
        if name == "sgd":
            point = point - lr * g
        elif name == "momentum":  # Keras's SGD(momentum): m = μ·m − lr·g; θ += m
            m = settings["momentum"] * m - lr * g
            point = point + m
        else:  # Keras's Adam
            m = m + (g - m) * (1 - 0.9)
            v = v + (g * g - v) * (1 - 0.999)
            alpha = lr * np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
            point = point - alpha * m / (np.sqrt(v) + 1e-7)
        points.append(point.copy())
    return np.array(points)


def final_losses(paths: dict[str, np.ndarray]) -> dict[str, float]:
    """The loss where each optimiser's path ends."""
    return {name: float(loss(*points[-1])) for name, points in paths.items()}


def lowest(ends: dict[str, float]) -> str:
    """The optimiser that ends lowest: the conclusion is read off these numbers, never written in advance (on this
    valley, with these rates, momentum ends below Adam)."""
    return min(ends, key=ends.get)
