"""An attempt in a link, and a student's progress in the browser's local storage.

``?ch=keep_pulse&a=0,6&hints=1`` is challenge "keep_pulse" with its knobs at 0 and 6 and one hint shown; a pin the
challenge allows is ``p_<part>=<value>``. A link or a stored progress that was tampered with opens as far as it is
valid: each problem is a note (a catalogue key and its fields) naming the field, and the rest is kept.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from lstm_viz.challenges.base import STEP, Challenge
from lstm_viz.challenges.tasks import CHALLENGES

BY_KEY = {challenge.key: challenge for challenge in CHALLENGES}
MAX_STORED = 50_000  # characters of local storage read at most
Note = tuple[str, dict]


@dataclass(frozen=True)
class Attempt:
    key: str
    values: tuple[float, ...]
    pins: Mapping[str, float] = field(default_factory=dict)
    hints: int = 0

    @classmethod
    def start(cls, challenge: Challenge) -> Attempt:
        return cls(challenge.key, challenge.start_values())


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _format(value: float) -> str:
    return f"{round(value, 4):g}"


def to_query(attempt: Attempt) -> dict[str, str]:
    query = {"ch": attempt.key}
    if attempt.values:
        query["a"] = ",".join(_format(v) for v in attempt.values)
    for part, value in attempt.pins.items():
        query[f"p_{part}"] = _format(value)
    if attempt.hints:
        query["hints"] = str(attempt.hints)
    return query


def from_query(query: Mapping[str, str]) -> tuple[Attempt | None, list[Note]]:
    """The attempt a link describes (None without a known ``ch``), and notes on what was wrong with it."""
    name = str(query.get("ch", "")).strip()
    if not name:
        return None, []
    challenge = BY_KEY.get(name)
    if challenge is None:
        return None, [("challenges.link.unknown", {"name": name[:40]})]
    notes: list[Note] = []
    values = list(challenge.start_values())
    if "a" in query:
        given = str(query["a"]).split(",")
        if len(given) != len(values):
            notes.append(("challenges.link.count", {"expected": len(values), "got": len(given)}))
        for k, (knob, text) in enumerate(zip(challenge.knobs, given)):
            value = _number(text)
            if value is None:
                notes.append(("challenges.link.not_a_number", {"field": knob, "value": str(text)[:20]}))
                continue
            kept = round(round(challenge.knob_field(knob).clamped(value) / STEP) * STEP, 4)
            if not math.isclose(kept, value, abs_tol=1e-9):
                notes.append(("challenges.link.moved", {"field": knob, "value": _format(value), "kept": _format(kept)}))
            values[k] = kept
    pins = {}
    for key, text in query.items():
        if not key.startswith("p_"):
            continue
        part = key[2:]
        value = _number(text)
        if part not in challenge.pins:
            notes.append(("challenges.link.pin_not_allowed", {"field": key[:20]}))
        elif value is None:
            notes.append(("challenges.link.not_a_number", {"field": key, "value": str(text)[:20]}))
        else:
            kept = challenge.pin_field(part).clamped(value)
            if kept != value:
                notes.append(("challenges.link.moved", {"field": key, "value": _format(value), "kept": _format(kept)}))
            pins[part] = kept
    hints = 0
    if "hints" in query:
        number = _number(query["hints"])
        if number is None or number != int(number) or not 0 <= number <= challenge.hints:
            notes.append(("challenges.link.hints", {"value": str(query["hints"])[:20], "most": challenge.hints}))
        else:
            hints = int(number)
    return Attempt(challenge.key, tuple(values), pins, hints), notes


@dataclass(frozen=True)
class Progress:
    """A student's last attempt at each challenge, and the attempt that solved it (as link queries)."""

    attempts: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    solutions: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    @property
    def passed(self) -> frozenset[str]:
        return frozenset(self.solutions)

    def dumps(self) -> str:
        return json.dumps({"version": 1, "attempts": self.attempts, "solutions": self.solutions}, sort_keys=True)

    def with_attempt(self, attempt: Attempt, passed: bool) -> Progress:
        query = to_query(attempt)
        solutions = {**self.solutions, attempt.key: query} if passed else self.solutions
        return Progress({**self.attempts, attempt.key: query}, solutions)


def _attempts(raw) -> dict[str, dict[str, str]]:
    attempts = {}
    for key, query in raw.items() if isinstance(raw, dict) else ():
        if key in BY_KEY and isinstance(query, dict) and all(isinstance(k, str) and isinstance(v, str)
                                                             for k, v in query.items()):  # fmt: skip
            attempt, notes = from_query({**query, "ch": key})
            if attempt is not None and not notes:
                attempts[key] = to_query(attempt)
    return attempts


def progress_from_storage(text: str | None) -> Progress:
    """The progress the browser stored. Anything that is not a valid attempt at a known challenge is left out, and a
    solution counts only if it still passes when graded again (a hand-edited storage cannot claim a pass)."""
    if not text or len(text) > MAX_STORED:
        return Progress()
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return Progress()
    if not isinstance(data, dict):
        return Progress()
    solutions = {}
    for key, query in _attempts(data.get("solutions")).items():
        attempt, _ = from_query(query)
        if BY_KEY[key].grade(attempt.values, attempt.pins).passed:
            solutions[key] = query
    return Progress(_attempts(data.get("attempts")), solutions)
