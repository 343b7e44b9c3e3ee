"""Recurrent cell kinds, one module each: the plain RNN, the GRU, the LSTM and three historical LSTM variants.

Every module of this package that defines ``KIND`` (a ``CellKind``, lstm_viz.cells.base) is a kind: ``KINDS`` maps
their keys to them in their declared order, and ``kind(key)`` looks one up. Adding a kind is adding its module and
its texts to the catalogues; no view, page or list elsewhere names a kind or a gate.
"""

from __future__ import annotations

import importlib
import pkgutil

from lstm_viz.cells.base import CellKind, Trace, Weights, forward, fresh, random, sigmoid

_HELPERS = {"base", "layout"}


def _discover() -> dict[str, CellKind]:
    found = []
    for module in pkgutil.iter_modules(__path__):
        if module.name not in _HELPERS:
            declared = getattr(importlib.import_module(f"{__name__}.{module.name}"), "KIND", None)
            if isinstance(declared, CellKind):
                found.append(declared)
    return {kind.key: kind for kind in sorted(found, key=lambda kind: (kind.order, kind.key))}


KINDS: dict[str, CellKind] = _discover()
DEFAULT = "lstm"


def kind(key: str) -> CellKind:
    """The declaration of a cell kind; KeyError for an unknown key."""
    return KINDS[key]


__all__ = ["DEFAULT", "KINDS", "CellKind", "Trace", "Weights", "forward", "fresh", "kind", "random", "sigmoid"]
