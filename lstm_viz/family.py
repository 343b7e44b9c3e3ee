"""The family tree of the cell kinds: each one as state_t = A_t ⊙ state_{t−1} + B_t, and whether the whole
sequence can be computed at once (issue 30).

Read off the kinds' declarations (``CellKind.recurrence``, ``parallel``, ``matrices``), never written per kind here:
- **sequential**: A and B read h_{t−1} (through U or R), so step t must wait for step t−1 (RNN, GRU, the LSTMs,
  sLSTM);
- **scan**: A and B read x only, so all of them are known before the loop and a parallel prefix scan combines them in
  O(log T) steps (minGRU, minLSTM);
- **attention**: the same, with a matrix state: the whole sequence is one masked (gated) attention matrix (mLSTM,
  linear attention);
- the plain RNN is not of the form at all: h_{t−1} goes through U and the activation.
"""

from __future__ import annotations

from dataclasses import dataclass

from lstm_viz import cells

GROUPS = ("sequential", "scan", "attention", "other")


@dataclass(frozen=True)
class Member:
    key: str
    group: str
    state: str  # "" for the RNN
    a: str
    b: str
    reads_state: bool  # does a gate (or the candidate) read h_{t−1}?


def group_of(kind) -> str:
    if kind.recurrence is None:
        return "other"
    if kind.parallel is None:
        return "sequential"
    return "attention" if kind.matrices else "scan"


def members() -> list[Member]:
    """Every kind, in the kinds' order."""
    result = []
    for kind in cells.KINDS.values():
        state, a, b = kind.recurrence or ("", "", "")
        reads = any(spec.rows == "units" for spec in kind.arrays)  # a recurrent kernel (U, R): gates read h_{t−1}
        result.append(Member(kind.key, group_of(kind), state, a, b, reads))
    return result
