"""The character model's alphabet: every character of the training text, most frequent first, with one symbol for
whatever else a later text brings (a character the model never saw has no input of its own)."""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass

import numpy as np

UNKNOWN = "\ufffd"  # index 0: a character outside the alphabet
MAX_SYMBOLS = 200  # a text with more distinct characters keeps the commonest; the rarest become UNKNOWN


@dataclass(frozen=True)
class Charset:
    symbols: str  # index → character; symbols[0] is UNKNOWN

    @classmethod
    def of(cls, text: str, max_symbols: int = MAX_SYMBOLS) -> Charset:
        common = [ch for ch, _ in sorted(Counter(text).items(), key=lambda item: (-item[1], item[0]))]
        return cls(UNKNOWN + "".join(ch for ch in common if ch != UNKNOWN)[: max_symbols - 1])

    @property
    def size(self) -> int:
        return len(self.symbols)

    def encode(self, text: str) -> np.ndarray:
        index = {ch: k for k, ch in enumerate(self.symbols)}
        return np.fromiter((index.get(ch, 0) for ch in text), dtype=np.int32, count=len(text))

    def decode(self, ids) -> str:
        return "".join(self.symbols[int(k)] for k in ids)

    def one_hot(self, ids: np.ndarray) -> np.ndarray:
        """(…, size) float32 rows with a single 1: what the model reads."""
        return np.eye(self.size, dtype=np.float32)[np.asarray(ids)]

    def unknown_in(self, text: str) -> str:
        """The characters of ``text`` the model has no input for, each once, in order of appearance."""
        known = set(self.symbols[1:])
        return "".join(dict.fromkeys(ch for ch in text if ch not in known))


def split(text: str, held_out: float = 0.1, block: int = 20_000) -> tuple[str, str]:
    """(training text, held-out text). A long text is cut in blocks of ``block`` characters and every tenth block is
    held out (so the held-out text is like the rest, not one module at the end); a short one holds out its last
    tenth. Cuts fall at line starts where there is one."""
    every = round(1 / held_out)
    if len(text) < 2 * every * block:
        cut = _line_start(text, int(len(text) * (1 - held_out)))
        return text[:cut], text[cut:]
    edges = [0, *(_line_start(text, k) for k in range(block, len(text), block)), len(text)]
    pieces = [text[a:b] for a, b in itertools.pairwise(edges)]
    kept = "".join(p for k, p in enumerate(pieces) if k % every != every - 1)
    return kept, "".join(p for k, p in enumerate(pieces) if k % every == every - 1)


def _line_start(text: str, position: int) -> int:
    line = text.find("\n", position)
    return line + 1 if 0 <= line < len(text) - 2 else position
