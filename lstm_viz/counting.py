"""Parameter counts of stacked (bidirectional) LSTMs with a dense head, written out as formulas.

One LSTM layer with u units reading d features has 4 blocks (i, f, c̃, o), each with an input kernel (d × u),
a recurrent kernel (u × u) and a bias (u): 4·u·(u + d + 1). A bidirectional layer doubles it and hands
2u features to the next layer. A dense layer of n units after d features has (d + 1)·n.
"""

from __future__ import annotations

from dataclasses import dataclass

# Course document 001's model and what it printed (BRIEF.md: two of its counts are wrong).
DOCUMENT_001 = {
    "input_features": 47,
    "lstm_units": (128, 128),
    "dense_units": 7,
    "document_counts": (90_112, 132_608, 903),
    "document_total": 223_623,
}


@dataclass(frozen=True)
class LayerCount:
    """One layer of the calculator's table."""

    name: str
    input_dim: int
    units: int
    directions: int
    params: int
    formula: str


def lstm_parameters(units: int, input_dim: int) -> int:
    """4·u·(u + d + 1)."""
    return 4 * units * (units + input_dim + 1)


def count_parameters(
    input_features: int, lstm_units: list[int] | tuple[int, ...], bidirectional: bool = False, dense_units: int = 0
) -> list[LayerCount]:
    """Every layer's parameters for LSTM layers of the given sizes, stacked, then an optional dense head."""
    if input_features < 1 or any(u < 1 for u in lstm_units) or dense_units < 0:
        raise ValueError("features and units must be positive")
    directions = 2 if bidirectional else 1
    layers, d = [], input_features
    for k, u in enumerate(lstm_units, start=1):
        single = lstm_parameters(u, d)
        factor = "2 × " if bidirectional else ""
        formula = f"{factor}4·{u}·({u} + {d} + 1) = {directions * single:,}"
        name = f"{'Bidirectional ' if bidirectional else ''}LSTM {k}"
        layers.append(LayerCount(name, d, u, directions, directions * single, formula))
        d = directions * u
    if dense_units:
        layers.append(
            LayerCount(
                "Dense",
                d,
                dense_units,
                1,
                (d + 1) * dense_units,
                f"({d} + 1)·{dense_units} = {(d + 1) * dense_units:,}",
            )
        )
    return layers


def total(layers: list[LayerCount]) -> int:
    return sum(layer.params for layer in layers)
