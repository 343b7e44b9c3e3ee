"""A challenge's state on the server: which challenge is open, its sliders, pins and hints (an
lstm_viz.challenges.link.Attempt), and the student's progress, kept in this browser's local storage.

The pins' widget keys and ranges are the explorer's (lstm_viz.explorer.fields), in this challenge's namespace.
"""

from __future__ import annotations

import streamlit as st

from lstm_viz.challenges import CHALLENGES, challenge
from lstm_viz.challenges.link import Attempt, Progress, from_query, progress_from_storage
from ui import owned_widgets
from ui.browser import local_storage


def knob_key(key: str, knob: str) -> str:
    return f"ch_{key}_{knob}"


def load(attempt: Attempt) -> None:
    """Open a challenge with these slider values, pins and hints."""
    current = challenge(attempt.key)
    values = {"ch_pick": attempt.key, f"ch_{current.key}_hints": attempt.hints}
    values.update({knob_key(current.key, knob): float(value) for knob, value in zip(current.knobs, attempt.values)})
    for part in current.pins:
        field, (switch, value) = current.pin_field(part), pin_keys(current, part)
        values[switch] = part in attempt.pins
        middle = (field.low + field.high) / 2  # not 1.0: challenge 1's answer, which passed as the pin was switched on
        values[value] = float(attempt.pins.get(part, middle))
    owned_widgets.put(values)


def pin_keys(current, part: str) -> tuple[str, str]:
    """The widget keys of a pin's switch and value: the explorer's (its field's), in this challenge's namespace."""
    field = current.pin_field(part)
    return f"ch_{current.key}_{field.switch}", f"ch_{current.key}_{field.widget}"


def on_pick() -> None:
    key = st.session_state.ch_pick
    stored = progress().attempts.get(key)
    attempt = from_query(stored)[0] if stored else None
    load(attempt or Attempt.start(challenge(key)))


def progress() -> Progress:
    return st.session_state.get("ch_progress") or Progress()


def attempt_now(current) -> Attempt:
    values = tuple(float(st.session_state[knob_key(current.key, knob)]) for knob in current.knobs)
    pins = {part: float(st.session_state[pin_keys(current, part)[1]])
            for part in current.pins if st.session_state.get(pin_keys(current, part)[0])}  # fmt: skip
    return Attempt(current.key, values, pins, int(st.session_state.get(f"ch_{current.key}_hints", 0)))


def start() -> None:
    """A new session: the link's attempt (with notes on what was wrong with it), or the first challenge."""
    attempt, notes = from_query(st.query_params.to_dict())
    st.session_state.ch_notes = notes
    st.session_state.ch_from_link = attempt is not None
    load(attempt or Attempt.start(CHALLENGES[0]))


def sync_storage(current, attempt: Attempt, passed: bool) -> None:
    """Progress lives in this browser: read once, then saved after every move."""
    known = st.session_state.get("ch_stored")
    stored = local_storage("challenges", st.session_state.get("ch_save"), known, key="ch_storage")
    if stored is not None and stored != known:
        st.session_state.ch_stored = stored
        merged = progress_from_storage(stored)
        mine = progress()
        st.session_state.ch_progress = Progress({**merged.attempts, **mine.attempts},
                                                {**merged.solutions, **mine.solutions})  # fmt: skip
        last = merged.attempts.get(current.key)
        if last and not st.session_state.get("ch_from_link") and attempt == Attempt.start(current):
            load(from_query(last)[0])  # where this student left this challenge
            st.rerun()
    updated = progress().with_attempt(attempt, passed)
    if updated != progress():
        st.session_state.ch_progress = updated
    save = progress().dumps()
    if save != st.session_state.get("ch_stored"):
        st.session_state.ch_save = st.session_state.ch_stored = save
