"""The language aⁿbⁿ (Weiss, Goldberg & Yahav, ACL 2018): an LSTM can count with its cell state and so recognise
strings longer than it was trained on; a GRU (or a plain RNN) has no unbounded counter.

Strings are over the alphabet {a, b} plus an end mark "$" (so a model reads to the end before it answers):
positives aⁿbⁿ; negatives the near misses aⁿbᵐ with m ≠ n (m = n ± 1, n ± 2 and a few further), and prefixes
aⁿbᵐ with m < n."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SYMBOLS = "ab$"
TRAIN_MAX_N = 10
TEST_MAX_N = 100


def string(n: int, m: int) -> str:
    return "a" * n + "b" * m + "$"


def near_misses(n: int, rng: np.random.Generator, count: int) -> list[tuple[int, int]]:
    """(n, m) pairs with m ≠ n: mostly m = n ± 1 or ± 2 (the hard ones), some further off, some prefixes (m < n)."""
    offsets = [-2, -1, 1, 2]
    pairs = []
    for _ in range(count):
        if rng.random() < 0.7:
            m = n + int(rng.choice(offsets))
        else:
            m = int(rng.integers(0, 2 * n + 3))
        if m == n:
            m = n + 1
        pairs.append((n, max(m, 0)))
    return pairs


@dataclass(frozen=True)
class Examples:
    strings: list[str]
    labels: np.ndarray  # 1 for aⁿbⁿ
    n: np.ndarray  # the number of a's


def examples(ns, per_n: int, seed: int = 0) -> Examples:
    """For every n in ``ns``: ``per_n`` copies of aⁿbⁿ and ``per_n`` near misses, shuffled."""
    rng = np.random.default_rng(seed)
    strings, labels, counts = [], [], []
    for n in ns:
        for _ in range(per_n):
            strings.append(string(n, n))
            labels.append(1)
            counts.append(n)
        for a, b in near_misses(n, rng, per_n):
            strings.append(string(a, b))
            labels.append(0)
            counts.append(n)
    order = rng.permutation(len(strings))
    return Examples([strings[k] for k in order], np.array(labels)[order], np.array(counts)[order])


def encode(strings: list[str], length: int | None = None) -> np.ndarray:
    """One-hot (batch, length, 3), left-padded with zeros (a model reads nothing, then the string, then "$")."""
    length = length or max(len(s) for s in strings)
    x = np.zeros((len(strings), length, len(SYMBOLS)), dtype=np.float32)
    for row, text in enumerate(strings):
        start = length - len(text)
        for k, ch in enumerate(text):
            x[row, start + k, SYMBOLS.index(ch)] = 1.0
    return x


def accuracy_by_n(predicted: np.ndarray, data: Examples) -> dict[int, float]:
    """Percent correct per n (positives and near misses together)."""
    right = np.asarray(predicted).astype(int) == data.labels
    return {int(n): float(100 * right[data.n == n].mean()) for n in np.unique(data.n)}


def count_of(text: str) -> np.ndarray:
    """The running count a counter should hold after each character: +1 per a, −1 per b."""
    steps = np.array([1 if ch == "a" else -1 if ch == "b" else 0 for ch in text])
    return np.cumsum(steps)
