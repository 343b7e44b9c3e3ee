"""What this process worked out lately from long tuples of numbers (a trained layer's weights), kept within a budget
of numbers, the most recently used first to stay. A tuple is held alive while it is kept, so a value kept by the
tuple's ``id`` is found again only for that very tuple (``of``): a rerun that moved one bias keeps the other arrays'
tuples, and their arrays, hashes and encodings are not made again. Thread-safe (Streamlit runs sessions in threads).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable


def count(values) -> int:
    """How many numbers a tuple holds (a tuple of rows counts its rows' numbers)."""
    return len(values) * len(values[0]) if values and isinstance(values[0], tuple) else len(values)


class Recent:
    def __init__(self, budget: int) -> None:
        self.budget, self.items, self.lock = budget, {}, threading.Lock()

    def get(self, key: Hashable) -> tuple[object, object] | None:
        """(the tuple, the value) kept under ``key``, now the most recently used; None."""
        with self.lock:
            hit = self.items.pop(key, None)
            if hit is not None:
                self.items[key] = hit
            return hit

    def of(self, values) -> object | None:
        """The value kept for this very tuple (by its id, checked by identity); None."""
        hit = self.get(id(values))
        return hit[1] if hit is not None and hit[0] is values else None

    def put(self, key: Hashable, values, value) -> None:
        """Keep ``value`` with its tuple under ``key`` (the oldest go while the kept tuples exceed the budget)."""
        with self.lock:
            self.items.pop(key, None)
            self.items[key] = (values, value)
            while len(self.items) > 1 and sum(count(kept) for kept, _ in self.items.values()) > self.budget:
                self.items.pop(next(iter(self.items)))

    def clear(self) -> None:
        with self.lock:
            self.items.clear()
