"""What one training run is: a frozen dataclass per kind of run, the key of its result.

A key is compared by value (the in-memory stores are dicts keyed by it) and has a stable ``fingerprint`` of every
field, nested recipes included, so a run can also be named on disk (``name``) and found again after a restart. Two
runs with the same fields are the same run, whichever session asked for it. (A key's field may itself be a digest of
the data, as ``CharRun.digest`` is of its text: hence ``fingerprint`` for the key's own.)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
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


class RunKey:
    """Base of every run key (each a ``@dataclass(frozen=True)``): ``family`` names the stores of its runs."""

    family: ClassVar[str] = "run"

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
