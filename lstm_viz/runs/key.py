"""What one training run is: a frozen dataclass per kind of run, the key of its result.

A key is compared by value (the in-memory stores are dicts keyed by it) and has a stable ``fingerprint`` of every
field, nested recipes included, so a run can also be named on disk (``name``) and found again after a restart. Two
runs with the same fields are the same run, whichever session asked for it. (A key's field may itself be a digest of
the data, as ``CharRun.digest`` is of its text: hence ``fingerprint`` for the key's own.)
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import json
import types
import typing
from typing import Any, ClassVar


def _plain(value: Any) -> Any:
    """A field as JSON: dataclasses by their fields (and class name), tuples as lists, floats exactly (repr)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"__class__": type(value).__name__, **fields}
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, float):
        return repr(value)  # 0.1 stays 0.1; json's own float output could differ between versions
    if value is None or isinstance(value, bool | int | str):
        return value
    raise TypeError(f"a run key holds {type(value).__name__}: only dataclasses, numbers, strings and tuples")


# The modules that define run keys: imported by ``RunKey.from_identity`` so that a key read from disk finds its class
# in a process that has not opened the page yet (none of them imports TensorFlow).
KEY_MODULES = (
    "lstm_viz.alphabet",
    "lstm_viz.faces",
    "lstm_viz.forecast",
    "lstm_viz.neurons.recipes",
    "lstm_viz.own_model.sample",
)
_REGISTRY: dict[str, type] = {}  # class name → RunKey subclass


class UnknownKey(ValueError):
    """An identity that names no registered run key, or does not rebuild into the same key."""


class RunKey:
    """Base of every run key (each a ``@dataclass(frozen=True)``): ``family`` names the stores of its runs."""

    family: ClassVar[str] = "run"

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        _REGISTRY[cls.__name__] = cls

    @classmethod
    def from_identity(cls, identity: dict) -> RunKey:
        """The key whose ``identity()`` this is (as read from a run's key.json), or ``UnknownKey``.

        Only registered ``RunKey`` subclasses are built, and only the dataclasses their fields are declared with
        (``CharRecipe``, ``SeriesSpec``…); floats written as text are read back by the field's type. The key built
        must give exactly this identity again, or it is refused: a foreign or edited key.json never names a run.
        """
        if not isinstance(identity, dict):
            raise UnknownKey(f"an identity is a JSON object, not {type(identity).__name__}")
        name = identity.get("__class__")
        if name not in _REGISTRY:
            for module in KEY_MODULES:
                importlib.import_module(module)
        key_class = _REGISTRY.get(name) if isinstance(name, str) else None
        if key_class is None or (cls is not RunKey and not issubclass(key_class, cls)):
            raise UnknownKey(f"no run key is called {name!r}")
        try:
            key = _rebuild(identity, key_class, key_class)
        except (TypeError, ValueError, KeyError) as error:
            raise UnknownKey(f"{name}: {error}") from error
        if key.identity() != identity:
            raise UnknownKey(f"{name}: the fields do not rebuild the same key")
        return key

    def identity(self) -> dict:
        """Everything that makes this run what it is (a subclass may add what its fields only name)."""
        return {"family": self.family, **_plain(self)}

    def fingerprint(self) -> str:
        """A stable hex digest (SHA-256) of ``identity()``: the same run gives the same digest in any process."""
        text = json.dumps(self.identity(), sort_keys=True, ensure_ascii=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("ascii")).hexdigest()

    @property
    def name(self) -> str:
        """A file name for this run: its family and the start of its fingerprint."""
        return f"{self.family}-{self.fingerprint()[:20]}"


def _dataclasses_in(hint) -> list[type]:
    """The dataclasses a field's type names (``CharRecipe``; ``SeriesSpec | None`` gives ``SeriesSpec``)."""
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return [hint]
    return [found for argument in typing.get_args(hint) for found in _dataclasses_in(argument)]


def _accepts(hint, kind: type) -> bool:
    if hint is kind or (hint is None and kind is type(None)):
        return True
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return any(_accepts(argument, kind) for argument in typing.get_args(hint))
    return False


def _rebuild(value: Any, hint: Any, key_class: type) -> Any:
    """A field's value from its JSON form (``_plain``'s inverse), by the field's declared type."""
    if isinstance(value, dict):
        allowed = {found.__name__: found for found in _dataclasses_in(hint)}
        if key_class is hint:
            allowed[key_class.__name__] = key_class
        target = allowed.get(value.get("__class__"))
        if target is None:
            raise ValueError(f"{value.get('__class__')!r} is not what this field holds")
        hints = typing.get_type_hints(target)
        fields = {f.name for f in dataclasses.fields(target)}
        unknown = set(value) - fields - {"__class__", "family"}
        if unknown:
            raise ValueError(f"unknown fields {sorted(unknown)}")
        arguments = {name: _rebuild(item, hints[name], key_class) for name, item in value.items() if name in fields}
        return target(**arguments)
    if isinstance(value, str) and _accepts(hint, float) and not _accepts(hint, str):
        return float(value)
    if value is None or isinstance(value, bool | int | str):
        if hint is not Any and not _accepts(hint, type(value)):
            raise ValueError(f"{value!r} is not a {hint}")
        return value
    if isinstance(value, list):
        origin, arguments = typing.get_origin(hint), typing.get_args(hint)
        item_hint = arguments[0] if arguments else Any
        items = [_rebuild(item, item_hint, key_class) for item in value]
        return tuple(items) if origin is tuple or hint is tuple else items
    return value
