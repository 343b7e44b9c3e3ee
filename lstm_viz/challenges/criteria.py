"""What a challenge asks of a trace: conditions on one quantity of one unit at given steps, each with its formula.

A condition reads the trace only (never recomputes it) and answers with a ``Check``: the value it measured, the
bound, a signed margin (≥ 0: met) and whether it is met. ``SLACK`` keeps a solution on the boundary from flickering
with floating-point noise: a margin counts as met from −1e-9, and every reference solution is tested to meet its
conditions by far more than that.

Steps are 0-based, as the explorer shows them; a negative step counts from the end (−1 is the last).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_viz.cells.base import Trace

SLACK = 1e-9


@dataclass(frozen=True)
class Check:
    value: float  # what the condition measured
    bound: float  # what it asked for
    margin: float  # ≥ 0: met (scaled like the value)
    passed: bool


@dataclass(frozen=True)
class Band:
    """A target drawn on the time chart: at step t the quantity should lie in [low, high] (None: open)."""

    t: int
    low: float | None
    high: float | None


def _symbol(quantity: str) -> str:
    return {"c_tilde": r"\tilde c", "h_tilde": r"\tilde h"}.get(quantity, quantity)


def _steps(steps: tuple[int, ...], total: int) -> list[int]:
    return sorted({s % total for s in steps if -total <= s < total})


def _check(value: float, bound: float, margin: float) -> Check:
    finite = bool(np.isfinite(value))
    return Check(float(value), float(bound), float(margin) if finite else -np.inf, finite and margin >= -SLACK)


@dataclass(frozen=True)
class Condition:
    """One requirement on ``quantity`` of ``unit`` (0-based); subclasses say which."""

    quantity: str
    unit: int = 0
    steps_tex: str = ""  # the steps in the formula, when naming them beats listing them (e.g. "t \\in R")

    def series(self, trace: Trace) -> np.ndarray:
        return trace.values[self.quantity][:, self.unit]

    def tex(self, total: int) -> str:
        raise NotImplementedError

    def check(self, trace: Trace) -> Check:
        raise NotImplementedError

    def bands(self, trace: Trace) -> list[Band]:
        raise NotImplementedError

    def label(self, t: int | str) -> str:
        unit = "" if self.unit == 0 else f"^{{({self.unit + 1})}}"
        return f"{_symbol(self.quantity)}{unit}_{{{t}}}"


@dataclass(frozen=True)
class AtLeast(Condition):
    """value ≥ bound (or |value| ≥ bound) at every one of ``steps``."""

    steps: tuple[int, ...] = (-1,)
    bound: float = 0.5
    absolute: bool = False

    def check(self, trace: Trace) -> Check:
        values = self.series(trace)[_steps(self.steps, trace.steps)]
        values = np.abs(values) if self.absolute else values
        worst = float(values.min()) if values.size else np.nan
        return _check(worst, self.bound, worst - self.bound)

    def bands(self, trace: Trace) -> list[Band]:
        out = []
        for t in _steps(self.steps, trace.steps):
            out.append(Band(t, self.bound, None))
            if self.absolute:
                out.append(Band(t, None, -self.bound))
        return out

    def tex(self, total: int) -> str:
        picked = _steps(self.steps, total)
        term = self.label(picked[0] if len(picked) == 1 else "t")
        term = rf"\lvert {term} \rvert" if self.absolute else term
        where = "" if len(picked) == 1 else rf"\quad t \in {_span(picked)}"
        where = rf"\quad {self.steps_tex}" if self.steps_tex else where
        return rf"{term} \ge {self.bound:g}{where}"


@dataclass(frozen=True)
class AtMost(Condition):
    """|value| ≤ bound at every one of ``steps`` (the quantity is hidden, or back at 0)."""

    steps: tuple[int, ...] = (-1,)
    bound: float = 0.1

    def check(self, trace: Trace) -> Check:
        values = np.abs(self.series(trace)[_steps(self.steps, trace.steps)])
        worst = float(values.max()) if values.size else np.nan
        return _check(worst, self.bound, self.bound - worst)

    def bands(self, trace: Trace) -> list[Band]:
        return [Band(t, -self.bound, self.bound) for t in _steps(self.steps, trace.steps)]

    def tex(self, total: int) -> str:
        picked = _steps(self.steps, total)
        if len(picked) == 1:
            return rf"\lvert {self.label(picked[0])} \rvert \le {self.bound:g}"
        span = self.steps_tex or rf"t \in {_span(picked)}"
        return rf"\max_{{{span}}} \lvert {self.label('t')} \rvert \le {self.bound:g}"


@dataclass(frozen=True)
class Within(Condition):
    """|value − target| ≤ tolerance at every one of ``steps``; the target is a number per step."""

    steps: tuple[int, ...] = (-1,)
    targets: tuple[float, ...] = (0.0,)
    tolerance: float = 0.5
    target_tex: str = "0"

    def check(self, trace: Trace) -> Check:
        picked = _steps(self.steps, trace.steps)
        errors = np.abs(self.series(trace)[picked] - np.asarray(self._targets(trace.steps))[picked])
        worst = float(errors.max()) if errors.size else np.nan
        return _check(worst, self.tolerance, self.tolerance - worst)

    def _targets(self, total: int) -> list[float]:
        values = list(self.targets)
        return (values * total)[:total] if len(values) == 1 else (values + values[-1:] * total)[:total]

    def bands(self, trace: Trace) -> list[Band]:
        targets = self._targets(trace.steps)
        return [Band(t, targets[t] - self.tolerance, targets[t] + self.tolerance)
                for t in _steps(self.steps, trace.steps)]  # fmt: skip

    def tex(self, total: int) -> str:
        picked = _steps(self.steps, total)
        t = picked[0] if len(picked) == 1 else "t"
        return rf"\lvert {self.label(t)} - {self.target_tex} \rvert \le {self.tolerance:g}"


@dataclass(frozen=True)
class Ratio(Condition):
    """low ≤ value[later] / value[earlier] ≤ high: how much of a stored value is left after some steps."""

    earlier: int = 0
    later: int = -1
    low: float = 0.45
    high: float = 0.55

    def check(self, trace: Trace) -> Check:
        series = self.series(trace)
        before, after = series[self.earlier], series[self.later]
        ratio = after / before if abs(before) > 1e-6 else np.nan
        middle, half = (self.low + self.high) / 2, (self.high - self.low) / 2
        return _check(ratio, middle, half - abs(ratio - middle))

    def bands(self, trace: Trace) -> list[Band]:
        before = self.series(trace)[self.earlier]
        low, high = sorted((self.low * before, self.high * before))
        return [Band(self.later % trace.steps, low, high)]

    def tex(self, total: int) -> str:
        ratio = rf"\frac{{{self.label(self.later % total)}}}{{{self.label(self.earlier % total)}}}"
        return rf"{self.low:g} \le {ratio} \le {self.high:g}"


@dataclass(frozen=True)
class MeanSquare(Condition):
    """mean over ``steps`` of (value − target)² ≤ bound; the target is a number per step."""

    steps: tuple[int, ...] = ()
    targets: tuple[float, ...] = ()
    bound: float = 0.01
    target_tex: str = "x_{t-1}"

    def check(self, trace: Trace) -> Check:
        picked = _steps(self.steps, trace.steps)
        errors = self.series(trace)[picked] - np.asarray(self.targets)[picked]
        mse = float(np.mean(errors**2)) if errors.size else np.nan
        return _check(mse, self.bound, self.bound - mse)

    def bands(self, trace: Trace) -> list[Band]:
        return [Band(t, self.targets[t], self.targets[t]) for t in _steps(self.steps, trace.steps)]

    def tex(self, total: int) -> str:
        picked = _steps(self.steps, total)
        return (rf"\frac{{1}}{{{len(picked)}}} \sum_{{t \in {_span(picked)}}} "
                rf"({self.label('t')} - {self.target_tex})^2 \le {self.bound:g}")  # fmt: skip


def _span(picked: list[int]) -> str:
    if len(picked) > 2 and picked == list(range(picked[0], picked[-1] + 1)):
        return rf"\{{{picked[0]}, \dots, {picked[-1]}\}}"
    return rf"\{{{', '.join(map(str, picked))}\}}"
