"""The language aⁿbⁿ (Weiss, Goldberg & Yahav, ACL 2018): an LSTM can count with its cell state and so recognise
strings longer than it was trained on; a GRU (or a plain RNN) has no unbounded counter.

A model reads a string of a's and b's and answers after every character: is what it has read so far aⁿbⁿ (n ≥ 1)?
That answer at every prefix is the setting of the paper's figures; an answer only at the end (tried first here)
taught both kinds far less. Training strings are aⁿbᵐ with m from n − 2 to n + 3; a test string's answer is the one
after its last character, on a balanced set per n: aⁿbⁿ four times and the near misses aⁿbⁿ⁻², aⁿbⁿ⁻¹, aⁿbⁿ⁺¹,
aⁿbⁿ⁺² (chance is 50 %).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SYMBOLS = "ab"
TRAIN_MAX_N = 10
TEST_MAX_N = 100
NEAR = (-2, -1, 1, 2)  # the near misses' m − n in a test


def string(n: int, m: int) -> str:
    return "a" * n + "b" * max(m, 0)


def in_language(text: str) -> bool:
    n = len(text) - len(text.lstrip("a"))
    return n > 0 and text == string(n, n)


def prefix_targets(text: str) -> np.ndarray:
    """1 after each character where the text read so far is aⁿbⁿ, else 0."""
    return np.array([float(in_language(text[: k + 1])) for k in range(len(text))])


@dataclass(frozen=True)
class Examples:
    strings: list[str]
    labels: np.ndarray  # 1 for aⁿbⁿ (the answer after the last character)
    n: np.ndarray  # the number of a's


def _examples(pairs: list[tuple[int, int]], order: np.ndarray | None = None) -> Examples:
    strings = [string(n, m) for n, m in pairs]
    if order is not None:
        strings, pairs = [strings[k] for k in order], [pairs[k] for k in order]
    labels = np.array([int(in_language(s)) for s in strings])
    return Examples(strings, labels, np.array([n for n, _ in pairs]))


def training(ns, per_n: int, seed: int = 0) -> Examples:
    """For every n in ``ns``: ``per_n`` strings aⁿbᵐ, m drawn from n − 2 … n + 3, shuffled."""
    rng = np.random.default_rng(seed)
    pairs = [(n, n + int(rng.integers(-2, 4))) for n in ns for _ in range(per_n)]
    return _examples(pairs, rng.permutation(len(pairs)))


def test(ns) -> Examples:
    """For every n in ``ns``: aⁿbⁿ four times and one of each near miss (m = n − 2, n − 1, n + 1, n + 2)."""
    return _examples([(n, n) for n in ns for _ in NEAR] + [(n, n + d) for n in ns for d in NEAR])


def encode(strings: list[str], length: int | None = None) -> np.ndarray:
    """One-hot (batch, length, 2), right-padded with zeros (the answer after a string's last character does not
    depend on what follows it)."""
    length = length or max(len(s) for s in strings)
    x = np.zeros((len(strings), length, len(SYMBOLS)), dtype=np.float32)
    for row, text in enumerate(strings):
        for k, ch in enumerate(text):
            x[row, k, SYMBOLS.index(ch)] = 1.0
    return x


def targets(strings: list[str], length: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(answers (batch, length, 1), weights (batch, length): 1 on a string's characters, 0 on the padding)."""
    length = length or max(len(s) for s in strings)
    y = np.zeros((len(strings), length, 1), dtype=np.float32)
    w = np.zeros((len(strings), length), dtype=np.float32)
    for row, text in enumerate(strings):
        y[row, : len(text), 0] = prefix_targets(text)
        w[row, : len(text)] = 1.0
    return y, w


def accuracy_by_n(predicted: np.ndarray, data: Examples) -> dict[int, float]:
    """Percent correct per n."""
    right = np.asarray(predicted).astype(int) == data.labels
    return {int(n): float(100 * right[data.n == n].mean()) for n in np.unique(data.n)}


def generalises_to(accuracy: dict[int, float]) -> int:
    """The largest n up to which every n was answered entirely right (0 if not even n = 1)."""
    reached = 0
    for n in sorted(accuracy):
        if accuracy[n] < 100.0:
            break
        reached = n
    return reached


def count_of(text: str) -> np.ndarray:
    """The running count a counter should hold after each character: +1 per a, −1 per b."""
    return np.cumsum([1 if ch == "a" else -1 if ch == "b" else 0 for ch in text])
