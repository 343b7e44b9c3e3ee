"""The scene's numbers: rounded for a short JSON, the units a scene sends, the weight blocks the equations name."""

from __future__ import annotations

import base64
from collections.abc import Sequence

import numpy as np

from lstm_viz.cells.base import Weights

MAX_UNITS_SHOWN = 16  # a layer of 128 units sends the first 16 whole (with a unit picker; else VECTOR_UNITS)
VECTOR_UNITS = 3  # the equations write a long vector as its first 3 numbers and its length
MAX_HEAT_UNITS = 256  # a heatmap's rows at most (a 1,024-unit layer's charts show units 1–256, and say so)
SIGNIFICANT = 6  # digits kept per number (the page shows at most 3 decimals): a shorter JSON
TINY = 1e-290  # below this a number is sent as 0 (the page shows 1e-4 as 1.0e-4; nothing so small is readable)


PACK_FROM = 4000  # an array of this many numbers or more travels packed (float32, base64): 5.3 characters a number
FLOAT32_MAX = 3.0e38  # (a larger finite number would arrive as ∞: such an array travels as text)


class SceneError(ValueError):
    """A trace that cannot be shown (NaN or ±∞ somewhere)."""


def rounded(values) -> list:
    """Nested lists of floats with SIGNIFICANT digits (arithmetic on whole arrays: 16× faster than formatting each
    number). Rounded as round(v · 10ᵏ) / 10ᵏ, with 10ᵏ exact (k ≤ 22): the nearest double to the rounded decimal, which
    JSON then writes in its shortest form (0.123457, not 0.12345700000000001: a fifth shorter, and faster to write)."""
    array = np.asarray(values, dtype=np.float64)
    array = np.where(np.abs(array) < TINY, 0.0, array)  # 1e-320: its scale 1e-325 underflows to 0, and 0/0 is NaN
    magnitude = np.zeros_like(array)
    np.log10(np.abs(array), where=array != 0, out=magnitude)
    digits = (SIGNIFICANT - 1) - np.floor(magnitude)  # the decimals kept
    with np.errstate(over="ignore", invalid="ignore"):
        up, down = 10.0 ** np.clip(digits, 0, 22), 10.0 ** np.clip(-digits, 0, 22)
        exact = np.where(digits >= 0, np.round(array * up) / up, np.round(array / down) * down)
        scale = 10.0**-digits  # beyond 10²², as before: the scale itself (a longer JSON for numbers below 1e-17)
        rough = np.round(array / scale) * scale
    return np.where(np.abs(digits) <= 22, exact, rough).tolist()


def is_matrix(kind, name: str) -> bool:
    """A field of a matrix (mLSTM's C), or its gradient's shares (later_C, loss_C) or its value entering a step."""
    return name.removeprefix("later_").removeprefix("loss_").removesuffix("_prev") in kind.matrices


def shown_values(kind, series, shown: Sequence[int], pack: bool = False) -> dict[str, list]:
    """Every series (T, u) for the units shown, rounded at once; a matrix field whole (T, u·u: every entry). With
    ``pack`` (a layer larger than what is sent whole), each series packed when they are large."""
    vectors = [name for name in series if not is_matrix(kind, name)]
    stacked = np.stack([series[name][:, shown] for name in vectors]) if vectors else np.zeros((0, 0, 0))
    if pack and stacked.size >= PACK_FROM and fits_float32(stacked):
        result = {name: packed(values) for name, values in zip(vectors, stacked)}
    else:
        result = dict(zip(vectors, rounded(stacked))) if vectors else {}
    result.update({name: rounded(series[name]) for name in series if is_matrix(kind, name)})
    return result


def weight_blocks(weights: Weights, shown: Sequence[int], pack: bool = False) -> dict[str, list]:
    """Each weight array's blocks per shown unit, keyed as the equations name them ("W.i", "U.i", "b.i"); with
    ``pack`` (a layer larger than what is sent whole), a large block packed."""
    result = {}
    for spec in weights.kind.arrays:
        for part in spec.blocks:
            block = weights.block(spec.name, part)  # (rows, u) or (u,); one column for a scalar block
            columns = [min(k, block.shape[-1] - 1) for k in shown]  # (a scalar block: the same for every unit)
            if spec.rows:  # (shown units, rows): packed when large
                rows = block[:, columns].T
                result[f"{spec.url}.{part}"] = compact(rows, pack_from=1000) if pack else rounded(rows)
            else:
                result[f"{spec.url}.{part}"] = [rounded(block[k]) for k in columns]
    return result


def shown_units(units: int, unit: int, limit: int = MAX_UNITS_SHOWN, picker: bool = True) -> list[int]:
    """The units a scene sends whole: the first ``limit`` and the one drawn. A layer larger than that, in a scene with
    no unit picker (the explorer's: its sidebar picks the unit), sends only the first VECTOR_UNITS (what its
    equations' vectors show) and the one drawn; its heatmaps come as colour levels of every unit."""
    if units > limit and not picker:
        limit = VECTOR_UNITS
    return sorted({*range(min(units, limit)), min(max(int(unit), 0), units - 1)})


def packed(values) -> dict:
    """A large array for the browser: its float32s (little-endian) in base64, and its shape (format.js ``unpack``
    turns it back into nested arrays; a heatmap reads it as it is). 7 significant digits: the page shows at most 3
    decimals."""
    array = np.asarray(values, dtype="<f4")
    return {"f32": base64.b64encode(array.tobytes()).decode("ascii"), "shape": list(array.shape)}


def fits_float32(array: np.ndarray) -> bool:
    return bool(np.all(np.abs(array) < FLOAT32_MAX))


def compact(values, pack_from: int = PACK_FROM) -> list | dict:
    """An array as rounded nested lists, or packed when it has ``pack_from`` numbers or more (and float32 holds
    them: 1e160, which a relu cell can reach, would arrive as ∞)."""
    array = np.asarray(values, dtype=np.float64)
    return packed(array) if array.size >= pack_from and fits_float32(array) else rounded(array)


def levels(values, low: float, high: float) -> dict:
    """A heatmap's colours for the browser: each value as one of 256 levels between ``low`` and ``high`` (a byte), in
    base64, with its shape and range. A colour needs no more; the page says a value read from it is approximate."""
    array = np.asarray(values, dtype=np.float64)
    span = high - low if high > low else 1.0
    quantised = np.clip(np.rint((array - low) / span * 255), 0, 255).astype(np.uint8)
    return {"u8": base64.b64encode(quantised.tobytes()).decode("ascii"), "shape": list(array.shape), "low": low,
            "high": low + span}  # fmt: skip
