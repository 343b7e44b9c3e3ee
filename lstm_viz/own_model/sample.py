"""A model to open on a fresh server, where no page has trained one yet: the alphabet's variant 3, fast recipe."""

from __future__ import annotations

from dataclasses import dataclass

from lstm_viz.alphabet import AlphabetRun


@dataclass(frozen=True)
class SampleRun(AlphabetRun):
    """An alphabet run made for "Your model" (stored with its own family, apart from the alphabet page's runs)."""

    family = "own_sample"

    variant: int = 3
    recipe: str = "fast"
    seed: int = 7
    epochs: int = 10
    layer: str = "LSTM"
