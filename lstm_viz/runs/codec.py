"""A training run's result written into a folder and read back, with no pickle.

Every result the training families produce is a dataclass (``AlphabetResult``, ``FaceResult``, ``ForecastResult``,
``CharResult``, ``CountingResult``; "Your model"'s sample is an ``AlphabetResult``), so one codec serves them all:

- a Keras model → ``model.keras`` (saved by ``lstm_viz.models.core.model_bytes``; read with
  ``keras.saving.load_model(..., safe_mode=True, compile=False)``, as the result held it: uncompiled);
- NumPy arrays → ``arrays.npz`` (numbers only: ``allow_pickle=False`` both ways);
- everything else → ``result.json``: numbers, text, lists, tuples, dicts (any keys), the run's key (by its
  ``identity()``, rebuilt by ``RunKey.from_identity``) and the dataclasses listed in ``CLASSES`` by name. A name not
  listed there is refused when reading (and a field that fits none of these when writing): a file cannot make this
  code build anything else.

Nothing here imports TensorFlow until a model is written or read (``lstm_viz.runs`` stays light for the pages).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import math
import os
from pathlib import Path
from typing import Any

import numpy as np

from lstm_viz.runs.key import RunKey

FORMAT = 1
RESULT_FILE, ARRAYS_FILE = "result.json", "arrays.npz"

# Every class a stored result may hold, by name → its module (imported only when one is read back).
CLASSES = {
    "AlphabetResult": "lstm_viz.models.alphabet",
    "FaceResult": "lstm_viz.models.faces",
    "AdamRecord": "lstm_viz.models.faces",
    "PixelScaling": "lstm_viz.faces",
    "Evaluation": "lstm_viz.faces",
    "ForecastResult": "lstm_viz.models.forecast",
    "Scaler": "lstm_viz.forecast",
    "SeriesSpec": "lstm_viz.forecast",
    "ForecastRecipe": "lstm_viz.forecast",
    "CharResult": "lstm_viz.models.charlm",
    "Charset": "lstm_viz.neurons.charset",
    "CountingResult": "lstm_viz.models.counting",
}


class StoredResultError(ValueError):
    """A folder that does not hold a result this code wrote (a foreign or damaged file)."""


def result_class(name: str) -> type:
    """The listed class of this name (imports its module), or ``StoredResultError``."""
    module = CLASSES.get(name)
    if module is None:
        raise StoredResultError(f"{name!r} is not a class a stored result may hold")
    found = getattr(importlib.import_module(module), name, None)
    if not (isinstance(found, type) and dataclasses.is_dataclass(found)):
        raise StoredResultError(f"{module}.{name} is not a dataclass")
    return found


def _is_model(value: Any) -> bool:
    """A Keras model, told without importing Keras (a result holding one has imported it already)."""
    keras = __import__("sys").modules.get("keras")
    return keras is not None and isinstance(value, keras.Model)


class _Writer:
    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}
        self.models: dict[str, Any] = {}

    def encode(self, value: Any) -> Any:
        if isinstance(value, RunKey):
            return {"__key__": value.identity()}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            name = type(value).__name__
            if name not in CLASSES:
                raise TypeError(f"a stored result cannot hold a {name}")
            fields = {f.name: self.encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
            return {"__dataclass__": name, "fields": fields}
        if isinstance(value, np.ndarray):
            if value.dtype.hasobject:
                raise TypeError("a stored result holds arrays of numbers only")
            name = f"a{len(self.arrays)}"
            self.arrays[name] = value
            return {"__array__": name}
        if isinstance(value, np.generic):
            return self.encode(value.item())
        if isinstance(value, float) and not math.isfinite(value):
            return {"__float__": repr(value)}
        if value is None or isinstance(value, bool | int | float | str):
            return value
        if isinstance(value, tuple):
            return {"__tuple__": [self.encode(item) for item in value]}
        if isinstance(value, list):
            return [self.encode(item) for item in value]
        if isinstance(value, dict):
            if all(isinstance(key, str) and not key.startswith("__") for key in value):
                return {key: self.encode(item) for key, item in value.items()}
            return {"__dict__": [[self.encode(key), self.encode(item)] for key, item in value.items()]}
        if _is_model(value):
            name = "model.keras" if not self.models else f"model-{len(self.models) + 1}.keras"
            self.models[name] = value
            return {"__model__": name}
        raise TypeError(f"a stored result cannot hold a {type(value).__name__}")


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_result(result: Any, folder: Path) -> list[str]:
    """Write ``result`` into ``folder`` (which exists); every file is flushed to disk. Returns the file names."""
    writer = _Writer()
    tree = writer.encode(result)
    if not (isinstance(tree, dict) and "__dataclass__" in tree):
        raise TypeError(f"a stored result is one of the listed dataclasses, not a {type(result).__name__}")
    folder = Path(folder)
    written = []
    for name, model in writer.models.items():
        from lstm_viz.models.core import model_bytes

        _write_file(folder / name, model_bytes(model))
        written.append(name)
    if writer.arrays:
        with open(folder / ARRAYS_FILE, "wb") as handle:
            np.savez(handle, **writer.arrays)
            handle.flush()
            os.fsync(handle.fileno())
        written.append(ARRAYS_FILE)
    text = json.dumps({"format": FORMAT, "result": tree}, ensure_ascii=False, separators=(",", ":"))
    _write_file(folder / RESULT_FILE, text.encode("utf-8"))
    written.append(RESULT_FILE)
    return written


class _Reader:
    def __init__(self, folder: Path | None, arrays=None) -> None:
        self.folder, self.arrays, self.models = folder, arrays, {}

    def decode(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self.decode(item) for item in value]
        if not isinstance(value, dict):
            return value
        if "__key__" in value:
            return RunKey.from_identity(value["__key__"])
        if "__dataclass__" in value:
            target = result_class(value["__dataclass__"])
            names = {f.name for f in dataclasses.fields(target) if f.init}
            fields = value.get("fields")
            if not isinstance(fields, dict) or set(fields) - names:
                raise StoredResultError(f"the fields of {target.__name__} are not these")
            return target(**{name: self.decode(item) for name, item in fields.items()})
        if "__array__" in value:
            if self.arrays is None or value["__array__"] not in self.arrays:
                raise StoredResultError(f"array {value['__array__']!r} is missing")
            return self.arrays[value["__array__"]]
        if "__tuple__" in value:
            return tuple(self.decode(item) for item in value["__tuple__"])
        if "__dict__" in value:
            return {self.decode(key): self.decode(item) for key, item in value["__dict__"]}
        if "__float__" in value:
            return float(value["__float__"])
        if "__model__" in value:
            return self.model(value["__model__"])
        return {key: self.decode(item) for key, item in value.items()}

    def model(self, name: str):
        if name not in self.models:
            if self.folder is None or "/" in name or not name.endswith(".keras") or not (self.folder / name).is_file():
                raise StoredResultError(f"model {name!r} is missing")
            import keras

            from lstm_viz.training import build_lock

            # (under the build lock: building layers draws initial weights from the global seed that a parallel
            # build has just set)
            with build_lock():
                self.models[name] = keras.saving.load_model(self.folder / name, safe_mode=True, compile=False)
        return self.models[name]


def read_tree(folder: Path) -> dict:
    """The JSON part of a stored result (``{"__dataclass__": name, "fields": …}``), read without loading anything."""
    try:
        stored = json.loads((Path(folder) / RESULT_FILE).read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise StoredResultError(f"{RESULT_FILE} is not JSON: {error}") from error
    tree = stored.get("result") if isinstance(stored, dict) and stored.get("format") == FORMAT else None
    if not (isinstance(tree, dict) and isinstance(tree.get("__dataclass__"), str)):
        raise StoredResultError(f"{RESULT_FILE} holds no result of format {FORMAT}")
    return tree


def decode_field(value: Any, folder: Path | None = None) -> Any:
    """One JSON field of a stored result that needs no model (``needs("__model__")`` false): its arrays, if it has
    any (``needs("__array__")``), are read from the result's ``folder``."""
    arrays = None
    if folder is not None and needs(value, "__array__"):
        arrays = read_arrays(Path(folder))
    return _Reader(None, arrays).decode(value)


def needs(value: Any, marker: str) -> bool:
    """Whether a JSON field refers to an array ("__array__") or a model ("__model__")."""
    if isinstance(value, dict):
        return marker in value or any(needs(item, marker) for item in value.values())
    if isinstance(value, list):
        return any(needs(item, marker) for item in value)
    return False


def read_arrays(folder: Path) -> dict[str, np.ndarray] | None:
    """The result's arrays (None if it has none); numbers only, never pickled objects."""
    if not (folder / ARRAYS_FILE).exists():
        return None
    with np.load(folder / ARRAYS_FILE, allow_pickle=False) as stored:
        return {name: stored[name] for name in stored.files}


def read_result(folder: Path) -> Any:
    """The result written into ``folder`` by ``write_result``; ``StoredResultError`` (or OSError) if it is not one."""
    folder = Path(folder)
    tree = read_tree(folder)
    arrays = read_arrays(folder)
    try:
        return _Reader(folder, arrays).decode(tree)
    except (TypeError, KeyError, AttributeError) as error:
        raise StoredResultError(f"the result does not rebuild: {error}") from error


def result_bytes(result: Any) -> bytes:
    """``result`` as one zip archive of the files ``write_result`` writes (for an engine that carries it when no
    folder could keep it)."""
    import io
    import tempfile
    import zipfile

    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="lstm-viz-result-") as folder:
        names = write_result(result, Path(folder))
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in names:
                archive.write(Path(folder) / name, name)
    return buffer.getvalue()


def result_from_bytes(data: bytes, folder: Path) -> Any:
    """The result packed by ``result_bytes``, unpacked into ``folder`` (its models load from there);
    ``StoredResultError`` if the archive is not one (a name with a path in it included)."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                if "/" in name or "\\" in name or name.startswith("."):
                    raise StoredResultError(f"the archive names a path: {name!r}")
                _write_file(Path(folder) / name, archive.read(name))
    except zipfile.BadZipFile as error:
        raise StoredResultError(f"not a result archive: {error}") from error
    return read_result(folder)
