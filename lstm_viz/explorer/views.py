"""Stored views: an explorer view too big for a link (a trained layer handed over, a long input of many features)
kept on the server's disk, so the link carries a short id instead (``view=3f9a0c2e71b4d685``).

A view is the configuration itself, exactly (every trained weight as the float it is; a link's own fields round to 4
digits and hold at most MAX_UNITS units), as JSON in ``<runs folder>/views/<id>.json``. Its large arrays (a kernel,
the handed-over input) are blobs of doubles beside it, ``blobs/<hash>.f64``, named by their content: moving one
weight stores a new small view that shares the layer's other arrays, not the whole layer again. The view's id is its
content's hash too: the same view stored twice is one file, and an id names one view only. Files are written by a
temporary file and ``os.replace`` (a killed server leaves no half file) and found again after a restart. The folder
keeps the newest MAX_VIEWS views and MAX_BLOB_BYTES of blobs (a blob read again counts as new); an older id, like an
unknown or tampered one, reads as None and the link says so.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import logging
import os
import re
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from lstm_viz import cells
from lstm_viz.explorer.config import CellConfig, ExplorerConfig
from lstm_viz.runs.disk import runs_folder

log = logging.getLogger(__name__)

VERSION = 1
MAX_VIEWS = 2000  # the newest kept; a link to an older one opens the default view with a note
MAX_BLOB_BYTES = 1 << 30  # blobs kept, newest first
MAX_FILE_BYTES = 1 << 20  # a view's own file (its arrays are blobs)
BLOB_FROM = 256  # numbers: a tuple this long or longer is a blob
BLOB = re.compile(r"[0-9a-f]{32}")
ID = re.compile(r"[0-9a-f]{16}")
KEY = "view"  # the link's parameter
MAPPINGS = ("arrays", "pins", "initial", "spare")  # a cell's fields that map names to tuples of numbers


def folder() -> Path:
    return runs_folder() / "views"


def _numbers(values) -> str | dict:
    """Floats exactly, compactly: their IEEE doubles (little-endian), in base64; a long tuple as a blob's name."""
    if np.size(values) < BLOB_FROM:
        return base64.b64encode(np.asarray(values, dtype="<f8").tobytes()).decode("ascii")
    name, count = _named(values)
    path = folder() / "blobs" / f"{name}.f64"
    if path.exists():
        os.utime(path)
    else:
        _write(path, np.asarray(values, dtype="<f8").tobytes())
    return {"blob": name, "count": count}


_NAMES: dict[int, tuple[object, str, int]] = {}  # a long tuple's id → (the tuple, its blob's name, its count)
_NAMES_LOCK = threading.Lock()


def _named(values) -> tuple[str, int]:
    """A long tuple's blob name (its doubles' hash) and count, once while the same tuple lives on (a 1,024-unit layer's
    recurrent kernel is 4 million numbers: converting and hashing them at every rerun costs a tenth of a second)."""
    with _NAMES_LOCK:
        hit = _NAMES.get(id(values))
        if hit is not None and hit[0] is values:
            return hit[1], hit[2]
    data = np.asarray(values, dtype="<f8").tobytes()
    name = hashlib.sha256(data).hexdigest()[:32]
    with _NAMES_LOCK:
        while len(_NAMES) >= 64:
            _NAMES.pop(next(iter(_NAMES)), None)
        _NAMES[id(values)] = (values, name, len(data) // 8)
    return name, len(data) // 8


def _floats(value: str | dict) -> tuple[float, ...]:
    if isinstance(value, str):
        return tuple(np.frombuffer(base64.b64decode(value, validate=True), dtype="<f8").tolist())
    name = value["blob"]
    if not isinstance(name, str) or not BLOB.fullmatch(name):
        raise ValueError("not a blob's name")
    path = folder() / "blobs" / f"{name}.f64"
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest()[:32] != name or len(data) != 8 * int(value["count"]):
        raise ValueError("a blob that is not what its name says")
    os.utime(path)
    return tuple(np.frombuffer(data, dtype="<f8").tolist())


def _write(path: Path, data: bytes) -> None:
    """A file written whole or not at all (a temporary file, then os.replace); a full disk is logged, not raised."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except OSError as error:
        log.warning("stored views: cannot write %s: %s", path, error)
        Path(temporary).unlink(missing_ok=True)


def _plain(value):
    """A configuration's field as JSON: a cell as its fields, a mapping of number tuples and the handed-over input as
    doubles, anything else (a name, a number) as it is."""
    if isinstance(value, CellConfig):
        return {field.name: _plain(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): _numbers(numbers) for key, numbers in value.items()}
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):  # the handed-over input (T, d)
        return {"shape": [len(value), len(value[0])], "doubles": _numbers(value)}
    return list(value) if isinstance(value, tuple) else value


def _encoded(config: ExplorerConfig) -> bytes:
    data = {field.name: _plain(getattr(config, field.name)) for field in dataclasses.fields(config)}
    return json.dumps({"version": VERSION, "config": data}, separators=(",", ":"), allow_nan=False).encode()


def save(config: ExplorerConfig) -> str:
    """Store the view (once: the id is its content's hash) and return its id."""
    text = _encoded(config)
    view_id = hashlib.sha256(text).hexdigest()[:16]
    path = folder() / f"{view_id}.json"
    if path.exists():
        os.utime(path)
        return view_id
    _write(path, text)
    _prune()
    return view_id


def _prune() -> None:
    """The newest MAX_VIEWS views and MAX_BLOB_BYTES of blobs stay."""
    views = sorted(folder().glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in views[MAX_VIEWS:]:
        old.unlink(missing_ok=True)
    total = 0
    for blob in sorted((folder() / "blobs").glob("*.f64"), key=lambda p: p.stat().st_mtime, reverse=True):
        total += blob.stat().st_size
        if total > MAX_BLOB_BYTES:
            blob.unlink(missing_ok=True)


def load(view_id: object) -> ExplorerConfig | None:
    """The stored view of this id; None for an id that is not one (wrong format, path characters), unknown, expired
    or unreadable."""
    if not isinstance(view_id, str) or not ID.fullmatch(view_id):
        return None
    path = folder() / f"{view_id}.json"
    try:
        with path.open("rb") as file:
            text = file.read(MAX_FILE_BYTES + 1)
        if len(text) > MAX_FILE_BYTES or hashlib.sha256(text).hexdigest()[:16] != view_id:
            return None
        data = json.loads(text)
        if data.get("version") != VERSION:
            return None
        config = _config(data["config"])
        os.utime(path)  # (read again: kept as new)
        return config
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _cell(data: dict) -> CellConfig:
    mappings = {name: {str(k): _floats(v) for k, v in data.pop(name).items()} for name in MAPPINGS}
    cell = CellConfig(**data, **mappings)
    cells.kind(cell.kind)  # KeyError: a kind this version does not have
    return cell


def _config(data: dict) -> ExplorerConfig:
    compare, given = data.pop("compare"), data.pop("given")
    rows = ()
    if given:
        steps, features = (int(n) for n in given["shape"])
        flat = _floats(given["doubles"])
        if len(flat) != steps * features:
            raise ValueError("the input's numbers do not fill its shape")
        rows = tuple(flat[t * features : (t + 1) * features] for t in range(steps))
    config = ExplorerConfig(
        cell=_cell(data.pop("cell")), compare=None if compare is None else _cell(compare), given=rows, **data
    )
    for cell in config.cells:
        cell.weights(config.input_dim)  # WeightsError (a ValueError): arrays that do not fit
    return config
