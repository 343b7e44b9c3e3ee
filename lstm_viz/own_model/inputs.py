"""Inputs for a user's layer or model: typed numbers, or an uploaded ``.npy`` / ``.csv`` array, checked.

Typed numbers follow the page's language (``typed(..., language)``): in English a point for decimals, one time step
per line (or ";"), values by commas or spaces; in Russian a decimal comma, one time step per line, values by ";" or
spaces (one line of one feature's values: a step each), as ``lstm_viz.sequences.split_numbers`` reads them.

A ``.npy`` is read with ``allow_pickle=False`` (an object array is refused, never unpickled); a ``.csv`` is plain
numbers. Every array must be finite, of the expected shape, with at most MAX_STEPS time steps.
"""

from __future__ import annotations

import io
import re
import zipfile

import numpy as np

from lstm_viz.own_model.archive import OwnModelError
from lstm_viz.sequences import LINK, SequenceError, format_sequence, split_numbers

MAX_STEPS = 1_000
MAX_INPUT_MB = 20
ROW = re.compile(r"[;\n]+")
VALUE = re.compile(r"[,\s]+")


def typed(text: str, features: int, language: str = LINK) -> np.ndarray:
    """Rows separated by new lines or ";", values by commas or spaces; one value per row when features = 1.

    In Russian (``language="ru"``): rows by new lines, values by ";" or spaces, with a decimal comma (0,5; 1)."""
    if language == "ru":
        return _typed_russian(str(text), features)
    rows = [row.strip() for row in ROW.split(str(text)) if row.strip()]
    if features == 1 and len(rows) == 1:
        rows = [value for value in VALUE.split(rows[0]) if value]
    return _rows(rows, features, lambda row: [value for value in VALUE.split(row) if value])


def _typed_russian(text: str, features: int) -> np.ndarray:
    rows = [row.strip() for row in text.splitlines() if row.strip()]
    try:
        if features == 1 and len(rows) == 1:
            rows = split_numbers(rows[0], "ru")
    except SequenceError as error:
        raise OwnModelError("own.input.ambiguous", row=1, error=error) from None
    return _rows(rows, features, lambda row: split_numbers(row, "ru"))


def _rows(rows: list[str], features: int, split) -> np.ndarray:
    if not rows:
        raise OwnModelError("own.input.empty")
    values = []
    for number, row in enumerate(rows, 1):
        try:
            parsed = [float(value) for value in split(row)]
        except SequenceError as error:
            raise OwnModelError("own.input.ambiguous", row=number, error=error) from None
        except ValueError:
            raise OwnModelError("own.input.not_numbers", row=number) from None
        if len(parsed) != features:
            raise OwnModelError("own.input.width", row=number, got=len(parsed), features=features)
        values.append(parsed)
    return checked(np.array(values, dtype=np.float64), (None, features))


def uploaded(data: bytes, name: str, shape: tuple) -> np.ndarray:
    """An uploaded array of ``shape`` (None: any length, the time axis): (T,) is taken as (T, 1)."""
    if len(data) > MAX_INPUT_MB * 1_000_000:
        raise OwnModelError("own.input.too_big", limit=MAX_INPUT_MB)
    try:
        if name.lower().endswith(".npy"):
            array = np.load(io.BytesIO(data), allow_pickle=False)
        else:
            text = data.decode("utf-8")
            array = np.loadtxt(io.StringIO(text), delimiter=",", ndmin=2, dtype=np.float64)
    except (ValueError, UnicodeDecodeError, OSError, EOFError, zipfile.BadZipFile) as error:
        raise OwnModelError(
            "own.input.unreadable", reason=str(error).splitlines()[0][:120] if str(error) else ""
        ) from None
    if not isinstance(array, np.ndarray):  # an .npz archive of several arrays
        raise OwnModelError("own.input.unreadable", reason=".npz")
    if array.dtype.kind not in "biuf":
        raise OwnModelError("own.input.not_numbers", row=1)
    array = np.asarray(array, dtype=np.float64)
    if array.ndim == 1 and len(shape) == 2 and shape[1] == 1:
        array = array[:, None]
    if array.ndim == 2 and array.shape[1] == 1 and len(shape) == 1:
        array = array[:, 0]
    return checked(array, shape)


def checked(array: np.ndarray, shape: tuple) -> np.ndarray:
    expected = tuple("T" if size is None else int(size) for size in shape)
    if array.ndim != len(shape) or any(size is not None and array.shape[k] != size for k, size in enumerate(shape)):
        raise OwnModelError("own.input.shape", got=str(tuple(array.shape)), expected=str(expected).replace("'", ""))
    if array.size == 0:
        raise OwnModelError("own.input.empty")
    if array.shape[0] > MAX_STEPS:
        raise OwnModelError("own.input.too_long", steps=array.shape[0], limit=MAX_STEPS)
    if not np.all(np.isfinite(array)):
        raise OwnModelError("own.input.not_finite")
    return array


def default_text(features: int, steps: int = 20) -> str:
    """An input to start from: sines over ``steps`` steps, one per feature, phase-shifted (as a user would type it)."""
    rows = [[round(float(np.sin(2 * np.pi * (k / 12 + d / max(features, 1)))), 3) for d in range(features)]
            for k in range(steps)]  # fmt: skip
    if features == 1:
        return format_sequence([row[0] for row in rows])
    return "\n".join(", ".join(f"{v:g}" for v in row) for row in rows)
