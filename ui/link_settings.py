"""A page's settings in its link (issue 35, item 1): a reload (a new session) or a shared link shows the same
settings, so the page finds the run of those settings under way (``ui.training`` adopts it) or trained.

``read_link(owner, fields)`` gives each widget the link's value, once per session, before the widgets are drawn;
``write_link(fields)`` puts the drawn widgets' values into the link after. ``fields``: the link's name → (widget key,
a parser that returns the value or None for a value that is not valid, which leaves the page's default standing).
The pages' fields: ``ui.alphabet_settings``, ``ui.neurons_settings``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

Parser = Callable[[str], object]
Fields = Mapping[str, tuple[str, Parser]]


def whole(low: int, high: int) -> Parser:
    """A whole number from low to high (None otherwise)."""

    def parse(text: str) -> int | None:
        try:
            value = int(str(text).strip())
        except ValueError:
            return None
        return value if low <= value <= high else None

    return parse


def one_of(options, convert: Callable[[str], object] = str) -> Parser:
    """One of ``options`` (None otherwise)."""

    def parse(text: str) -> object:
        try:
            value = convert(str(text).strip())
        except ValueError:
            return None
        return value if value in options else None

    return parse


def flag(text: str) -> bool | None:
    return {"1": True, "0": False}.get(str(text).strip())


def read_link(owner: str, fields: Fields) -> dict[str, object] | None:
    """Once per session, before the widgets: each valid value of the link becomes its widget's value (unless the
    session has one already). Returns the values read (None after the first time)."""
    read = f"_{owner}_link_read"
    if st.session_state.get(read):
        return None
    st.session_state[read] = True
    found = {}
    for name, (key, parse) in fields.items():
        if name in st.query_params:
            value = parse(st.query_params[name])
            if value is not None:
                found[name] = value
                st.session_state.setdefault(key, value)
    return found


def write_link(fields: Fields, values: Mapping[str, object] = {}) -> None:
    """After the widgets: the link names the values of those drawn (and ``values``, by the link's names)."""
    for name, (key, _) in fields.items():
        value = values[name] if name in values else st.session_state.get(key)
        if value is not None:
            text = str(int(value)) if isinstance(value, bool) else str(value)
            if st.query_params.get(name) != text:
                st.query_params[name] = text
