"""Recurrent cell kinds, one module each: the plain RNN, the GRU, the LSTM and three historical LSTM variants.

Every module of this package that defines ``KIND`` (a ``CellKind``, lstm_viz.cells.base) is a kind: ``KINDS`` maps
their keys to them in their declared order, and ``kind(key)`` looks one up. Adding a kind is adding its module (the
math), its drawing (``drawing/<kind>.py``: diagram and equations) and its texts to the catalogues; no view, page or
list elsewhere names a kind or a gate.
"""

from __future__ import annotations

import importlib
import pkgutil

from lstm_viz.cells.base import CellKind, Trace, Weights, WeightsError, forward, fresh, random, sigmoid

_HELPERS = {"base", "layout", "drawing", "scan"}


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


def keras_kind(layer_name: str) -> CellKind | None:
    """The kind whose equations a Keras recurrent layer class ("LSTM", "GRU", "SimpleRNN") computes, if any."""
    return next((k for k in KINDS.values() if k.keras_layer == layer_name), None)


def from_keras(layer) -> Weights:
    """The weights of a built Keras ``LSTM``, ``GRU`` or ``SimpleRNN`` layer (one direction of a Bidirectional:
    pass its ``forward_layer`` or ``backward_layer``). Keras itself is not imported here."""
    declared = keras_kind(type(layer).__name__)
    if declared is None:
        raise ValueError(f"no cell kind computes a {type(layer).__name__} layer")
    activation = getattr(layer.activation, "__name__", str(layer.activation))
    gates = getattr(layer, "recurrent_activation", None)
    if gates is not None and getattr(gates, "__name__", str(gates)) != "sigmoid":
        raise ValueError("only layers whose gates use the sigmoid (Keras's default) can be shown")
    if getattr(layer, "reset_after", True) is False:  # (checked here too: without a bias the arrays cannot tell)
        raise WeightsError("only GRUs with reset_after=True (Keras's default) are supported")
    return Weights(declared, declared.from_keras([w for w in layer.get_weights()]), activation)


__all__ = [
    "DEFAULT",
    "KINDS",
    "CellKind",
    "Trace",
    "Weights",
    "forward",
    "fresh",
    "from_keras",
    "keras_kind",
    "kind",
    "random",
    "sigmoid",
]
