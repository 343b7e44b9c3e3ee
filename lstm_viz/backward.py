"""Backpropagation through time: the exact gradient of a loss by every value of a trace, computed once.

Each cell kind declares its ``back`` (its ``step``'s lines in reverse, in its own module): given ∂L/∂(every value at
step t) so far, it adds the chain rule of each line, from the last line to the first, and hands back what reaches the
states entering the step. ``backward`` runs it from the last step to the first (what reaches h_{t−1} and c_{t−1} is
added to ∂L/∂h and ∂L/∂c of step t−1), then sums the weights' gradients over time with one matrix product each:
pre = x·W + h_{t−1}·U + b, so ∂L/∂W = Σ_t x_tᵀ δ_t, ∂L/∂U = Σ_t h_{t−1}ᵀ δ_t, ∂L/∂b = Σ_t δ_t.

A pinned part is a constant: ∂L/∂part is still reported (what moving it would do), but nothing flows into its
pre-activation. The views read a ``Gradients`` as they read a ``Trace``; they never compute a gradient.
A test checks every kind against TensorFlow's autodiff and against finite differences.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from lstm_viz.cells.base import Trace, Weights


class BackwardError(ValueError):
    """A loss that does not fit the trace, or a kind without a backward pass."""


@dataclass(frozen=True, eq=False)
class Gradients:
    """∂L/∂(everything) of one trace and one loss.

    ``values`` maps every field of the trace (each (T, u); ``x`` (T, d)) to ∂L/∂ it at each step: for a state,
    the whole of it, which is ``loss_<state>`` (the loss's own share at that step) + ``later_<state>`` (what came
    back from step t + 1); for a state entering a step (``h_prev``), what that step sends back. ``arrays`` holds
    ∂L/∂ each weight array (summed over time, shaped as the array); ``initial`` ∂L/∂ the initial states.
    """

    trace: Trace
    loss: float
    values: Mapping[str, np.ndarray]
    arrays: Mapping[str, np.ndarray]
    initial: Mapping[str, np.ndarray]

    def __reduce__(self):
        return Gradients, (self.trace, self.loss, dict(self.values), dict(self.arrays), dict(self.initial))

    def norm(self) -> float:
        """The global norm of the weights' gradient (what gradient clipping compares to its threshold)."""
        return float(np.sqrt(sum(float(np.sum(g * g)) for g in self.arrays.values())))

    def finite(self) -> bool:
        return np.isfinite(self.loss) and all(np.all(np.isfinite(g)) for g in self.arrays.values())


def available(kind) -> bool:
    return kind.back is not None


ACTIVATION_RANGES = {"tanh": (-1.0, 1.0), "relu": (0.0, np.inf), "leaky_relu": (-np.inf, np.inf)}


def reachable(kind, activation: str) -> tuple[float, float]:
    """The open range h can take: the activation's, when the kind squashes h with it (else unbounded)."""
    return ACTIVATION_RANGES[activation] if kind.bounded_h else (-np.inf, np.inf)


def backward(weights: Weights, trace: Trace, seeds: Mapping[str, np.ndarray], loss: float = 0.0) -> Gradients:
    """BPTT through ``trace`` (made by ``forward(weights, …)``) from ``seeds``: ∂L/∂(a field) at each step, (T, u),
    as the loss itself gives it (the squared error's 2(h − y)/N at the steps it counts, say)."""
    kind = weights.kind
    if kind.back is None:
        raise BackwardError("backward.not_available")
    steps, units = trace.steps, trace.units
    names = (*kind.step_fields, *(f"{state}_prev" for state in kind.states))
    grads = {name: np.zeros((steps, kind.width(name.removesuffix("_prev"), units))) for name in names}
    for name, seed in seeds.items():
        if name not in grads:
            raise BackwardError(f"no field {name!r} in a {kind.key} trace")
        grads[name] += np.broadcast_to(np.asarray(seed, dtype=np.float64), grads[name].shape)
    own = {state: grads[state].copy() for state in kind.states}  # the loss's own share of each state
    values = trace.values
    width = len(weights.kernel[0])
    from_input, from_state = np.zeros((steps, width)), np.zeros((steps, width))
    carried = [(grads[state], grads[f"{state}_prev"]) for state in kind.states]
    back, pinned = kind.back, trace.pinned
    with np.errstate(over="ignore", invalid="ignore"):
        for t in range(steps - 1, -1, -1):
            d = {name: grad[t] for name, grad in grads.items()}  # views: each += lands in grads
            if t + 1 < steps:
                for state, previous in carried:  # what reached the states entering step t + 1
                    state[t] += previous[t + 1]
            v = {name: series[t] for name, series in values.items()}
            from_input[t], from_state[t] = back(weights, v, d, pinned)
    result = dict(grads)
    with np.errstate(over="ignore", invalid="ignore"):  # (an exploding cell: Gradients.finite() tells)
        result["x"] = from_input @ weights.kernel.T
    for state in kind.states:  # δstate_t = the loss's own share + what came back from step t + 1
        later = np.zeros_like(grads[state])
        later[:-1] = grads[f"{state}_prev"][1:]
        result[f"later_{state}"] = later
        result[f"loss_{state}"] = own[state]
    with np.errstate(over="ignore", invalid="ignore"):
        arrays = {"kernel": trace.x.T @ from_input, "bias": from_input.sum(axis=0)}
        if "recurrent_kernel" in weights.arrays:  # (minGRU's and minLSTM's gates read x only: they have no U)
            arrays["recurrent_kernel"] = values["h_prev"].T @ from_state
    if "recurrent_bias" in weights.arrays:
        arrays["recurrent_bias"] = from_state.sum(axis=0)
    if kind.back_arrays is not None:
        arrays.update(kind.back_arrays(weights, trace, result))
    for name, array in list(arrays.items()):
        if name not in weights.arrays:
            raise BackwardError(f"{kind.key} has no array {name!r}")
        arrays[name] = array.reshape(weights.arrays[name].shape)
    initial = {state: grads[f"{state}_prev"][0].copy() for state in kind.states}
    return Gradients(
        trace,
        float(loss),
        MappingProxyType(result),
        MappingProxyType(arrays),
        MappingProxyType(initial),
    )


# --- losses ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Loss:
    """What the gradient is of.

    - ``"squared"``: the mean over ``steps`` (all steps when empty) and units of (part_t − target_t)²; ``target``
      is one number or one per step.
    - ``"flow"``: part[unit] at the last step, alone (∂h_T/∂ every earlier value: the pure gradient flow).
    - ``"bands"``: the squared distance of part[unit] from each band [t, low, high] at its step (0 inside):
      a challenge's targets.
    """

    mode: str = "squared"
    part: str = "h"
    target: float | Sequence[float] = 0.0
    steps: tuple[int, ...] = ()
    unit: int = 0
    bands: tuple[tuple[int, float, float], ...] = ()

    def seeds(self, trace: Trace) -> tuple[float, dict[str, np.ndarray]]:
        """The loss's value and its gradient by ``part`` at each step (T, u)."""
        if self.part not in trace.values:
            raise BackwardError(f"no part {self.part!r} in a {trace.kind.key} trace")
        values = trace.values[self.part]
        steps, units = values.shape
        seed = np.zeros((steps, units))
        unit = min(max(int(self.unit), 0), units - 1)
        if self.mode == "flow":
            seed[-1, unit] = 1.0
            return float(values[-1, unit]), {self.part: seed}
        if self.mode == "bands":
            total, count = 0.0, 0
            for t, low, high in self.bands:  # (a bound that is None is open; −1 is the last step)
                if -steps <= t < steps:
                    t, count = t % steps, count + 1
                    value = values[t, unit]
                    above = high is not None and value > high
                    below = low is not None and value < low
                    gap = value - high if above else (value - low if below else 0.0)
                    total += gap * gap
                    seed[t, unit] += 2.0 * gap
            count = max(count, 1)
            return total / count, {self.part: seed / count}
        if self.mode != "squared":
            raise BackwardError(f"unknown loss {self.mode!r}")
        chosen = sorted({t % steps for t in (self.steps or range(steps)) if -steps <= t < steps})  # −1: the last
        if not chosen:
            raise BackwardError("backward.no_steps")
        try:
            target = np.broadcast_to(np.asarray(self.target, dtype=np.float64).reshape(-1, 1), (steps, units))
        except ValueError:
            raise BackwardError("backward.target_length") from None
        error = values[chosen] - target[chosen]
        count = error.size
        seed[chosen] = 2.0 * error / count
        return float(np.sum(error * error) / count), {self.part: seed}


@dataclass(frozen=True)
class Total:
    """The sum of several losses (a challenge's conditions, each on its own part and unit)."""

    losses: tuple[Loss, ...]

    def seeds(self, trace: Trace) -> tuple[float, dict[str, np.ndarray]]:
        value, seeds = 0.0, {}
        for loss in self.losses:
            own, own_seeds = loss.seeds(trace)
            value += own
            for name, seed in own_seeds.items():
                seeds[name] = seeds[name] + seed if name in seeds else seed
        return value, seeds


def gradients(weights: Weights, trace: Trace, loss: Loss | Total) -> Gradients:
    """The loss's value and BPTT's gradients for this trace."""
    value, seeds = loss.seeds(trace)
    return backward(weights, trace, seeds, value)
