"""Following the lecturer in a class (issue 28): the lecturer publishes what they show; a following student's tab
looks at the class once a second (``POLL_SECONDS``), goes to the lecturer's page and state when they change
(``take``: the page puts them into its widgets, as a lecture scene's), and hands the step to its scene in the browser
(``ui/browser/follow.js``), so the scene itself is not sent again. Who is who: ``ui.classroom``.
"""

from __future__ import annotations

import json

import streamlit as st

from lstm_viz.classroom import classroom
from lstm_viz.classroom.service import ClassError, Drive
from ui.browser import follow_beacon
from ui.classroom import EPOCH, PUBLISHED, REQUEST, SEEN, following, lecturer, member
from ui.session import texts

POLL_SECONDS = 1.0  # a follower's look at the class: a step reaches every student within a second or so


def publish(page: str, state: dict, t: int = 0, playing: bool = False, speed: float = 2.0) -> None:
    """The lecturer's view, for the class (written only when it changed)."""
    role = lecturer()
    if role is None:
        return
    t, speed = _finite(t, 0, 0, 100_000), _finite(speed, 2.0, 0.1, 64.0)  # what a browser reported
    shown = (page, json.dumps(state, sort_keys=True, default=str), int(t), bool(playing), float(speed))
    if st.session_state.get(PUBLISHED) == shown:
        return
    try:
        classroom().drive(role, page=page, state=dict(state), t=int(t), playing=bool(playing), speed=float(speed))
        st.session_state[PUBLISHED] = shown
    except ClassError as error:
        if error.key != "class.ended":  # an ended class: the panel says so
            st.session_state.class_error = error


def _finite(value, default: float, low: float, high: float) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return default
    return min(max(number, low), high) if number == number and abs(number) != float("inf") else default


def take(page: str) -> dict | None:
    """The lecturer's state for ``page``, once, when a following tab has just come to it (None otherwise)."""
    request = st.session_state.get(REQUEST)
    if not request or request[0] != page or not following():
        return None
    st.session_state[REQUEST] = None
    return dict(request[1])


def _go(drive: Drive, here: str, state_here: dict | None) -> None:
    """Take the lecturer's page and state if this tab shows another (a page of its own, or another cell)."""
    if drive.page == here and state_here is not None and dict(drive.state) == state_here:
        return
    st.session_state[REQUEST] = (drive.page, dict(drive.state))
    if drive.page == here:
        st.rerun(scope="app")
    from ui.lecture import page_file

    st.switch_page(page_file(drive.page))


def poll(here: str, state_here: dict | None = None) -> dict | None:
    """A member's look at the class (from inside a fragment that reruns every ``POLL_SECONDS``): the question, and,
    while following, the lecturer's page and state. Returns the scene's ``follow`` (explorer: the step)."""
    from ui import class_questions

    role = member()
    if role is None:
        return None
    view = classroom().view(role.code)
    if view is None:
        st.rerun(scope="app")  # the panel says it ended
    class_questions.student_question(role, view, texts())
    if not following():
        return None
    drive = view.drive
    if st.session_state.get(SEEN) != drive.version:
        st.session_state[SEEN] = drive.version
        _go(drive, here, state_here)
    version = f"{role.code}-{drive.version}-{st.session_state.get(EPOCH, 0)}"  # unique across classes and re-follows
    return {"t": drive.t, "playing": drive.playing, "speed": drive.speed, "version": version}


def member_poll(here: str) -> None:
    """The class's fragment at the top of a page (a member only), once a second: small, so that sixty students
    looking cost the server little (the scene itself is not sent again)."""
    if member() is None:
        return

    @st.fragment(run_every=POLL_SECONDS)
    def class_poll() -> None:
        follow = poll(here, st.session_state.get(f"class_state_{here}"))
        if follow is not None and st.session_state.get("class_beacon") != follow["version"]:
            st.session_state.class_beacon = follow["version"]
            follow_beacon(follow)  # a new step, to the scene in the browser (not the scene again); only when new

    class_poll()


def shown_state(page: str, state: dict) -> None:
    """A page's view as the lecturer's drive would describe it (what a follower compares)."""
    st.session_state[f"class_state_{page}"] = dict(state)
