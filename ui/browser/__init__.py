"""Small browser-side helpers as components-v2 components (their JavaScript is in this folder): the browser's
local storage (a student's challenge progress), and the keys that move a lecture from scene to scene."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

FOLDER = Path(__file__).resolve().parent
_STORAGE = st.components.v2.component("lstm_viz_storage", js=(FOLDER / "storage.js").read_text(encoding="utf-8"))
_KEYS = st.components.v2.component("lstm_viz_keys", js=(FOLDER / "keys.js").read_text(encoding="utf-8"))
_ALTS = st.components.v2.component("lstm_viz_alts", js=(FOLDER / "alts.js").read_text(encoding="utf-8"))
_FOLLOW = st.components.v2.component("lstm_viz_follow", js=(FOLDER / "follow.js").read_text(encoding="utf-8"))
_SCROLL = st.components.v2.component("lstm_viz_scroll", js=(FOLDER / "scroll.js").read_text(encoding="utf-8"))


def _noop() -> None:
    """The browser reported a value: the rerun that follows reads it."""


def local_storage(name: str, save: str | None, known: str | None, key: str) -> str | None:
    """What the browser stores under ``name`` (None until it has reported); writes ``save`` first if given.

    ``known`` is what the page last received, so the browser reports only a change.
    """
    result = _STORAGE(data={"name": name, "save": save, "known": known}, key=key, on_stored_change=_noop)
    value = getattr(result, "stored", None)
    return value if isinstance(value, str) else None


def scene_keys(key: str) -> int:
    """+1 or −1 when the lecturer pressed PageDown or PageUp (a clicker) since the last run, else 0."""
    result = _KEYS(data={}, key=key, on_go_change=_noop)
    value = getattr(result, "go", None)
    return int(value) if value in (1, -1) else 0


def follow_beacon(looks: dict, key: str = "class_follow_beacon") -> None:
    """A member's look at the class, once a second in the browser (``follow.js``): ``looks`` says where (``path``),
    as whom (``code``, ``token``), and what this page shows (``where``, ``question``); the page reruns when those
    differ from the class's."""
    _FOLLOW(data=looks, key=key, on_changed_change=_noop)


def scroll_into_view(selector: str, token: str, key: str) -> None:
    """Scroll the page to the element ``selector`` once per ``token`` (a new token: once more)."""
    _SCROLL(data={"selector": selector, "token": token}, key=key)


def image_alts(text: str, key: str = "image_alts") -> None:
    """Give the page's images an alt text (their caption, else ``text``): st.image draws none."""
    _ALTS(data={"text": text}, key=key)
