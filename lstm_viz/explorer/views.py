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
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from lstm_viz import cells, recent
from lstm_viz.explorer.config import CellConfig, ExplorerConfig
from lstm_viz.recent import Recent
from lstm_viz.runs.disk import runs_folder

log = logging.getLogger(__name__)

VERSION = 1
MAX_VIEWS = 2000  # the newest kept; a link to an older one opens the default view with a note
MAX_BLOB_BYTES = 1 << 30  # blobs kept, newest first
MAX_FILE_BYTES = 8 << 20  # a view's own file (its arrays are blobs; a few changes to them are written out)
BLOB_FROM = 256  # numbers: a tuple this long or longer is a blob
BLOB = re.compile(r"[0-9a-f]{32}")
ID = re.compile(r"[0-9a-f]{16}")
KEY = "view"  # the link's parameter
MAPPINGS = ("arrays", "pins", "initial", "spare")  # a cell's fields that map names to tuples of numbers


def folder() -> Path:
    return runs_folder() / "views"


def _doubles(values) -> np.ndarray:
    return np.asarray(values, dtype="<f8").ravel()


def _b64(array: np.ndarray) -> str:
    return base64.b64encode(array.tobytes()).decode("ascii")


def _blob_path(name: str) -> Path:
    return folder() / "blobs" / f"{name}.f64"


def _touch(path: Path) -> bool:
    """Mark a stored file as used now (pruning keeps the newest); False if it is not there."""
    try:
        os.utime(path)
        return True
    except PermissionError:  # (a folder this process may read but not write: the file is there all the same)
        return path.exists()
    except OSError:
        return False


def _numbers(values, role: str) -> str | dict:
    """Floats exactly, compactly: their IEEE doubles (little-endian), in base64; a long tuple as a blob's name, or as
    the few numbers that differ from the last blob stored or read for the same ``role`` (a weight moved on a trained
    layer: a 1,024-unit layer's recurrent kernel is 32 MB, one move changes one number of it)."""
    count = recent.count(values)
    if count < BLOB_FROM:
        return _b64(_doubles(values))
    kept = _ENCODED.of(values)  # (a tuple this process encoded already, its files still there)
    if kept is not None and all(_touch(_blob_path(name)) for name in _names_in(kept)):
        return kept
    name = _named(values)
    encoded = {"blob": name, "count": count}
    if _touch(_blob_path(name)):
        _BASES.put((role, count), values, name)
    else:
        base = _BASES.get((role, count))
        changed = None
        if base is not None and _touch(_blob_path(base[1])):
            new = _doubles(values)
            changed = np.flatnonzero(new.view("<i8") != _doubles(base[0]).view("<i8"))  # (bits: −0.0 is not 0.0)
        if changed is not None and len(changed) <= count // 100:
            encoded = {"base": base[1], "count": count, "at": _b64(changed.astype("<i8")), "values": _b64(new[changed])}
        elif _write(_blob_path(name), _doubles(values).tobytes()):
            _BASES.put((role, count), values, name)
        else:
            raise OSError("the blob could not be stored")
    _ENCODED.put(id(values), values, encoded)
    return encoded


def _names_in(encoded: dict) -> tuple[str, ...]:
    return (encoded.get("base") or encoded["blob"],)


_NAMES = Recent(12_000_000)  # a long tuple → its blob's name: hashed once while it lives
_ENCODED = Recent(12_000_000)  # a long tuple → how a view writes it: encoded once
_BASES = Recent(12_000_000)  # (role, length) → (the last tuple stored or read whole there, its blob's name)


def _named(values) -> str:
    """A long tuple's blob name (its doubles' hash), once while the same tuple lives on (hashing 4 million numbers at
    every rerun would cost a tenth of a second)."""
    kept = _NAMES.of(values)
    if kept is not None:
        return kept
    name = hashlib.sha256(_doubles(values).tobytes()).hexdigest()[:32]
    _NAMES.put(id(values), values, name)
    return name


def _floats(value: str | dict, role: str) -> tuple[float, ...]:
    if isinstance(value, str):
        return tuple(np.frombuffer(base64.b64decode(value, validate=True), dtype="<f8").tolist())
    if "base" in value:  # a stored blob with a few numbers changed
        numbers = np.array(_floats({"blob": value["base"], "count": value["count"]}, role), dtype="<f8")
        at = np.frombuffer(base64.b64decode(value["at"], validate=True), dtype="<i8")
        changed = np.frombuffer(base64.b64decode(value["values"], validate=True), dtype="<f8")
        if len(at) != len(changed) or (len(at) and (at.min() < 0 or at.max() >= len(numbers))):
            raise ValueError("changes that do not fit their blob")
        numbers[at] = changed
        return tuple(numbers.tolist())
    name = value["blob"]
    if not isinstance(name, str) or not BLOB.fullmatch(name):
        raise ValueError("not a blob's name")
    path = _blob_path(name)
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest()[:32] != name or len(data) != 8 * int(value["count"]):
        raise ValueError("a blob that is not what its name says")
    _touch(path)
    numbers = tuple(np.frombuffer(data, dtype="<f8").tolist())
    _BASES.put((role, len(numbers)), numbers, name)  # (the base of the changes a user makes to this layer next)
    return numbers


def _write(path: Path, data: bytes) -> bool:
    """A file written whole or not at all (a temporary file, then os.replace); False if it could not be (a full disk,
    a folder that is not writable), logged."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
        return True
    except OSError as error:
        log.warning("stored views: cannot write %s: %s", path, error)
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        return False


def _plain(value, path: str):
    """A configuration's field as JSON: a cell as its fields, a mapping of number tuples and the handed-over input as
    doubles, anything else (a name, a number) as it is. ``path`` names the field ("cell.arrays.kernel")."""
    if isinstance(value, CellConfig):
        return {
            field.name: _plain(getattr(value, field.name), f"{path}.{field.name}")
            for field in dataclasses.fields(value)
        }
    if isinstance(value, Mapping):
        return {str(key): _numbers(numbers, f"{path}.{key}") for key, numbers in value.items()}
    if isinstance(value, tuple) and value and isinstance(value[0], tuple):  # the handed-over input (T, d)
        return {"shape": [len(value), len(value[0])], "doubles": _numbers(value, path)}
    return list(value) if isinstance(value, tuple) else value


def _encoded(config: ExplorerConfig) -> bytes:
    data = {field.name: _plain(getattr(config, field.name), field.name) for field in dataclasses.fields(config)}
    return json.dumps({"version": VERSION, "config": data}, separators=(",", ":"), allow_nan=False).encode()


def save(config: ExplorerConfig) -> str | None:
    """Store the view (once: the id is its content's hash) and return its id; None if it cannot be stored (the
    folder is not writable, the disk is full: the page goes on without a short link)."""
    try:
        text = _encoded(config)
    except OSError:
        return None
    view_id = hashlib.sha256(text).hexdigest()[:16]
    path = folder() / f"{view_id}.json"
    if _touch(path):
        return view_id
    if not _write(path, text):
        return None
    _prune()
    return view_id


def _prune() -> None:
    """The newest MAX_VIEWS views and MAX_BLOB_BYTES of blobs stay (another process may prune at the same time)."""

    def newest_first(pattern: str) -> list[tuple[float, int, Path]]:
        found = []
        for path in folder().glob(pattern):
            try:
                stat = path.stat()
            except OSError:
                continue
            found.append((stat.st_mtime, stat.st_size, path))
        return sorted(found, key=lambda item: item[0], reverse=True)

    for _, _, old in newest_first("*.json")[MAX_VIEWS:]:
        old.unlink(missing_ok=True)
    total = 0
    for _, size, blob in newest_first("blobs/*.f64"):
        total += size
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
        _touch(path)  # (read again: kept as new)
        return config
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _cell(data: dict, path: str) -> CellConfig:
    mappings = {
        name: {str(k): _floats(v, f"{path}.{name}.{k}") for k, v in data.pop(name).items()} for name in MAPPINGS
    }
    cell = CellConfig(**data, **mappings)
    cells.kind(cell.kind)  # KeyError: a kind this version does not have
    return cell


def _config(data: dict) -> ExplorerConfig:
    compare, given = data.pop("compare"), data.pop("given")
    rows = ()
    if given:
        steps, features = (int(n) for n in given["shape"])
        flat = _floats(given["doubles"], "given")
        if len(flat) != steps * features:
            raise ValueError("the input's numbers do not fill its shape")
        rows = tuple(flat[t * features : (t + 1) * features] for t in range(steps))
    config = ExplorerConfig(
        cell=_cell(data.pop("cell"), "cell"),
        compare=None if compare is None else _cell(compare, "compare"),
        given=rows,
        **data,
    )
    for cell in config.cells:
        cell.weights(config.input_dim)  # WeightsError (a ValueError): arrays that do not fit
    return config
