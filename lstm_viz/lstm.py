"""The NumPy LSTM (and the plain RNN it is compared with): the one place the equations live.

Layout and gate order follow ``keras.layers.LSTM`` exactly, so ``layer.get_weights()`` loads straight in:
``kernel`` (input_dim, 4u), ``recurrent_kernel`` (u, 4u), ``bias`` (4u,), gates in the order i, f, c, o.

    z     = x·kernel + h_prev·recurrent_kernel + bias
    i     = σ(z_i)          input gate      (0, 1)
    f     = σ(z_f)          forget gate     (0, 1)
    c̃     = tanh(z_c)       candidate       (−1, 1)
    o     = σ(z_o)          output gate     (0, 1)
    c     = f ⊙ c_prev + i ⊙ c̃
    h     = o ⊙ tanh(c)

References: Hochreiter & Schmidhuber (1997); Gers et al. (2000) for the forget gate; the Keras source of
``LSTMCell``; d2l.ai chapter 10.1 and Karpathy's batched LSTM for "return every intermediate" (a cache the
views read, so nothing is computed twice).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import numpy as np

GATES: tuple[str, ...] = ("i", "f", "c_tilde", "o")  # Keras order of the four blocks of z
GATE_RANGES: dict[str, tuple[float, float]] = {
    "i": (0.0, 1.0),
    "f": (0.0, 1.0),
    "c_tilde": (-1.0, 1.0),
    "o": (0.0, 1.0),
}
TRACE_FIELDS: tuple[str, ...] = ("z", "i", "f", "c_tilde", "o", "c", "tanh_c", "h")


def relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def leaky_relu(z: np.ndarray) -> np.ndarray:
    """Keras's ``leaky_relu`` (negative slope 0.2)."""
    return np.where(z >= 0, z, 0.2 * z)


ACTIVATIONS = {"tanh": np.tanh, "relu": relu, "leaky_relu": leaky_relu}


def sigmoid(z: np.ndarray) -> np.ndarray:
    """Logistic function σ(z) = (1 + tanh(z/2)) / 2: the same function, but tanh never overflows."""
    return 0.5 + 0.5 * np.tanh(0.5 * z)


@dataclass(frozen=True)
class LSTMParams:
    """The weights of one LSTM layer in Keras's layout (gate order i, f, c, o)."""

    kernel: np.ndarray  # (input_dim, 4u)
    recurrent_kernel: np.ndarray  # (u, 4u)
    bias: np.ndarray  # (4u,)
    activation: str = "tanh"  # Keras's ``activation``: squashes c̃ and c (the gates always use σ)

    def __post_init__(self) -> None:
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, got {self.activation!r}")
        kernel = np.atleast_2d(np.asarray(self.kernel, dtype=np.float64))
        recurrent_kernel = np.atleast_2d(np.asarray(self.recurrent_kernel, dtype=np.float64))
        bias = np.asarray(self.bias, dtype=np.float64).reshape(-1)
        units = recurrent_kernel.shape[0]
        if recurrent_kernel.shape != (units, 4 * units):
            raise ValueError(f"recurrent_kernel must be (units, 4·units), got {recurrent_kernel.shape}")
        if kernel.shape[1] != 4 * units:
            raise ValueError(f"kernel must be (input_dim, {4 * units}), got {kernel.shape}")
        if bias.shape != (4 * units,):
            raise ValueError(f"bias must be ({4 * units},), got {bias.shape}")
        object.__setattr__(self, "kernel", kernel)
        object.__setattr__(self, "recurrent_kernel", recurrent_kernel)
        object.__setattr__(self, "bias", bias)

    @property
    def units(self) -> int:
        return self.recurrent_kernel.shape[0]

    @property
    def input_dim(self) -> int:
        return self.kernel.shape[0]

    @classmethod
    def from_keras(cls, layer: Any) -> LSTMParams:
        """Weights of a built ``keras.layers.LSTM`` (``use_bias=True``)."""
        kernel, recurrent_kernel, bias = layer.get_weights()
        activation = getattr(layer.activation, "__name__", str(layer.activation))
        return cls(kernel, recurrent_kernel, bias, activation)

    @classmethod
    def zeros(cls, units: int, input_dim: int = 1) -> LSTMParams:
        return cls(np.zeros((input_dim, 4 * units)), np.zeros((units, 4 * units)), np.zeros(4 * units))

    @classmethod
    def random(cls, units: int, input_dim: int, rng: np.random.Generator, scale: float = 1.0) -> LSTMParams:
        """Normal(0, scale²) weights drawn from an explicit generator."""
        return cls(
            rng.normal(0.0, scale, (input_dim, 4 * units)),
            rng.normal(0.0, scale, (units, 4 * units)),
            rng.normal(0.0, scale, 4 * units),
        )

    def gate(self, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(W (input_dim, u), U (u, u), b (u,)) of one gate: the column block ``name`` of each array."""
        k = GATES.index(name)
        block = slice(k * self.units, (k + 1) * self.units)
        return self.kernel[:, block], self.recurrent_kernel[:, block], self.bias[block]

    def unit(self, k: int) -> LSTMParams:
        """A 1-unit cell made of unit ``k``'s weights (its recurrent weight is the self-connection only)."""
        cols = [g * self.units + k for g in range(4)]
        kernel, recurrent_kernel = self.kernel[:, cols], self.recurrent_kernel[k : k + 1, cols]
        return LSTMParams(kernel, recurrent_kernel, self.bias[cols], self.activation)


class Step(NamedTuple):
    """Every intermediate of one LSTM step (shapes (u,) except z: (4u,))."""

    z: np.ndarray
    i: np.ndarray
    f: np.ndarray
    c_tilde: np.ndarray
    o: np.ndarray
    c: np.ndarray
    tanh_c: np.ndarray
    h: np.ndarray


def step(
    params: LSTMParams,
    x: np.ndarray,
    h_prev: np.ndarray,
    c_prev: np.ndarray,
    overrides: Mapping[str, np.ndarray] | None = None,
) -> Step:
    """One LSTM step; a gate named in ``overrides`` takes the given value instead of the computed one."""
    z = x @ params.kernel + h_prev @ params.recurrent_kernel + params.bias  # (4u,)
    return cell(z, c_prev, overrides, params.activation)


def cell(
    z: np.ndarray, c_prev: np.ndarray, overrides: Mapping[str, np.ndarray] | None = None, activation: str = "tanh"
) -> Step:
    """The gates and the state update from the pre-activations z = x·W + h_prev·U + b (any leading batch axes).

    ``activation`` is Keras's: tanh by default (then c̃ = tanh(z_c) and h = o ⊙ tanh(c)); relu or leaky_relu
    take tanh's place in both, as in ``LSTM(activation=...)``. The field ``tanh_c`` then holds act(c).
    """
    u = z.shape[-1] // 4
    squashed = np.tanh(z * _half_except_candidate(u))  # (…, 4u): tanh(z/2) for i, f, o; tanh(z) for c̃
    gates = 0.5 + 0.5 * squashed  # (…, 4u): σ(z) = (1 + tanh(z/2)) / 2 for i, f, o
    act = ACTIVATIONS[activation]
    i = gates[..., 0 * u : 1 * u]  # (…, u)
    f = gates[..., 1 * u : 2 * u]  # (…, u)
    c_tilde = squashed[..., 2 * u : 3 * u] if act is np.tanh else act(z[..., 2 * u : 3 * u])  # (…, u)
    o = gates[..., 3 * u : 4 * u]  # (…, u)
    if overrides:
        i, f, c_tilde, o = (overrides.get(name, value) for name, value in zip(GATES, (i, f, c_tilde, o)))
    c = f * c_prev + i * c_tilde  # (…, u)
    tanh_c = act(c)  # (…, u)
    h = o * tanh_c  # (…, u)
    return Step(z, i, f, c_tilde, o, c, tanh_c, h)


@functools.cache
def source() -> str:
    """The code of ``step`` and ``cell``, as the explorer shows it (read once: inspect tokenizes this file)."""
    return inspect.getsource(step) + "\n\n" + inspect.getsource(cell)


@functools.cache
def _half_except_candidate(units: int) -> np.ndarray:
    """[½…, ½…, 1…, ½…]: lets one tanh call give σ's tanh(z/2) for the gates and tanh(z) for c̃."""
    scale = np.full(4 * units, 0.5)
    scale[2 * units : 3 * units] = 1.0
    scale.flags.writeable = False
    return scale


@dataclass(frozen=True)
class Trace:
    """Every intermediate of a whole sequence, stacked over time: arrays of shape (T, u) (z: (T, 4u))."""

    x: np.ndarray  # (T, input_dim)
    h0: np.ndarray  # (u,)
    c0: np.ndarray  # (u,)
    z: np.ndarray
    i: np.ndarray
    f: np.ndarray
    c_tilde: np.ndarray
    o: np.ndarray
    c: np.ndarray
    tanh_c: np.ndarray
    h: np.ndarray
    pinned: tuple[str, ...] = field(default=())

    @property
    def steps(self) -> int:
        return self.h.shape[0]

    @property
    def units(self) -> int:
        return self.h.shape[1]

    def h_prev(self, t: int) -> np.ndarray:
        """h entering step t (h0 at t = 0)."""
        return self.h0 if t == 0 else self.h[t - 1]

    def c_prev(self, t: int) -> np.ndarray:
        """c entering step t (c0 at t = 0)."""
        return self.c0 if t == 0 else self.c[t - 1]

    def at(self, t: int) -> Step:
        return Step(*(getattr(self, name)[t] for name in TRACE_FIELDS))


def _overrides_over_time(overrides: Mapping[str, Any] | None, steps: int, units: int) -> dict[str, np.ndarray]:
    result = {}
    for name, value in (overrides or {}).items():
        if name not in GATES:
            raise ValueError(f"unknown gate {name!r}; expected one of {GATES}")
        if value is None:
            continue
        result[name] = np.broadcast_to(np.asarray(value, dtype=np.float64), (steps, units))
    return result


def forward(
    params: LSTMParams,
    x: np.ndarray,
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Trace:
    """Run ``step`` over x (T, input_dim) from (h0, c0) (zeros by default) and stack every intermediate.

    ``overrides`` maps any of "i", "f", "c_tilde", "o" to values broadcastable to (T, u) that replace the
    computed gate at every step (the classroom's "what if the forget gate were 1?").
    """
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    if x.ndim != 2 or x.shape[1] != params.input_dim:
        raise ValueError(f"x must be (T, {params.input_dim}), got {x.shape}")
    steps, u = x.shape[0], params.units
    h = np.zeros(u) if h0 is None else np.asarray(h0, dtype=np.float64).reshape(u)
    c = np.zeros(u) if c0 is None else np.asarray(c0, dtype=np.float64).reshape(u)
    pinned = _overrides_over_time(overrides, steps, u)
    x_part = x @ params.kernel + params.bias  # (T, 4u): the input's share of z, for all steps at once
    recurrent_kernel, records = params.recurrent_kernel, []
    activation = params.activation
    for t, x_t in enumerate(x_part):  # the same z = x·W + h_prev·U + b as ``step``, with x·W + b computed above
        pins = {g: v[t] for g, v in pinned.items()} if pinned else None
        result = cell(x_t + h @ recurrent_kernel, c, pins, activation)
        records.append(result)
        h, c = result.h, result.c
    columns = list(zip(*records))  # one tuple of T arrays per field
    z = np.array(columns[0]).reshape(steps, 4 * u)
    rest = np.array(columns[1:]).reshape(len(TRACE_FIELDS) - 1, steps, u)  # one copy for the others
    stacked = {name: rest[k] for k, name in enumerate(TRACE_FIELDS[1:])}
    return Trace(
        z=z,
        x=x,
        h0=np.zeros(u) if h0 is None else np.asarray(h0, dtype=np.float64).reshape(u),
        c0=np.zeros(u) if c0 is None else np.asarray(c0, dtype=np.float64).reshape(u),
        pinned=tuple(name for name in GATES if name in pinned),
        **stacked,
    )


def final_state(
    params: LSTMParams, x: np.ndarray, h0: np.ndarray | None = None, c0: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(h_T, c_T) after x (T, input_dim), keeping nothing else: the inner loop of an autoregressive rollout."""
    u = params.units
    h = np.zeros(u) if h0 is None else np.asarray(h0, dtype=np.float64)
    c = np.zeros(u) if c0 is None else np.asarray(c0, dtype=np.float64)
    x_part = np.asarray(x, dtype=np.float64) @ params.kernel + params.bias  # (T, 4u)
    for z_input in x_part:
        result = cell(z_input + h @ params.recurrent_kernel, c, None, params.activation)
        h, c = result.h, result.c
    return h, c


# --- the plain RNN the later pages compare with -------------------------------------------------------


@dataclass(frozen=True)
class RNNParams:
    """A plain (Elman) RNN in Keras's ``SimpleRNN`` layout: h = tanh(x·kernel + h_prev·recurrent_kernel + bias)."""

    kernel: np.ndarray  # (input_dim, u)
    recurrent_kernel: np.ndarray  # (u, u)
    bias: np.ndarray  # (u,)

    @property
    def units(self) -> int:
        return np.asarray(self.recurrent_kernel).shape[0]


def rnn_step(params: RNNParams, x: np.ndarray, h_prev: np.ndarray) -> np.ndarray:
    """One plain-RNN step: h = tanh(x·W + h_prev·U + b)."""
    return np.tanh(x @ params.kernel + h_prev @ params.recurrent_kernel + params.bias)  # (u,)


def rnn_forward(params: RNNParams, x: np.ndarray, h0: np.ndarray | None = None) -> np.ndarray:
    """Hidden states (T, u) of the plain RNN over x (T, input_dim)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 1:
        x = x[:, None]
    h = np.zeros(params.units) if h0 is None else np.asarray(h0, dtype=np.float64)
    states = []
    for t in range(x.shape[0]):
        h = rnn_step(params, x[t], h)
        states.append(h)
    return np.array(states).reshape(x.shape[0], params.units)
