"""Following the lecturer in a class (issue 28): the lecturer publishes what they show; a member's browser looks at
the class once a second (``ui/browser/follow.js``, at the app's route ``lstm_viz.routes``: no script run), hands
the lecturer's step to its scene itself, and reruns the page only when something needs the server: the lecturer's
page or view changed (the page then goes there, ``take``: the page puts the state into its widgets, as a lecture
scene's), a question was asked or revealed, or the class ended. Who is who: ``ui.classroom``.
"""

from __future__ import annotations

import json

import streamlit as st

from lstm_viz.classroom import classroom
from lstm_viz.classroom.service import ClassError, Drive
from lstm_viz.routes import PATH, question_mark, where
from ui.browser import follow_beacon
from ui.classroom import EPOCH, PUBLISHED, REQUEST, SEEN, crowd_gate, following, lecturer, member
from ui.session import texts

POLL_SECONDS = 1.0  # a member's look at the class: a step reaches every student within a second or so


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
        if _fragment_run():  # the class's fragment alone: the page must run to take the state into its widgets
            st.rerun(scope="app")
        return  # a run of the whole page: its widgets, drawn below, take the state in this very run
    from ui.lecture import page_file

    st.switch_page(page_file(drive.page))


def _fragment_run() -> bool:
    """Whether this run is a fragment's alone (not the whole page)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    context = get_script_run_ctx()
    return bool(context is not None and context.fragment_ids_this_run)


def poll(here: str, state_here: dict | None = None) -> None:
    """A member's look at the class on the server (the top of the page, and the class fragment's reruns): the
    question, and, while following, the lecturer's page and state."""
    from ui import class_questions

    role = member()
    if role is None:
        return
    view = classroom().view(role.code)
    st.session_state["class_question_mark"] = question_mark(view)
    if view is None:  # the class ended: once, the whole page, whose panel says so
        if st.session_state.get("class_gone") != role.code:
            st.session_state.class_gone = role.code
            st.rerun(scope="app")
        return
    class_questions.student_question(role, view, texts())
    if not following():
        return
    drive = view.drive
    if st.session_state.get(SEEN) != drive.version:
        st.session_state[SEEN] = drive.version
        _go(drive, here, state_here)


def member_poll(here: str) -> None:
    """A member's class at the top of the page, in a fragment of its own: the question, the lecturer's page and view
    to follow (``poll``), and the browser's look at the class once a second (``member_looks``), whose trigger reruns
    this fragment only (a question reaches sixty students without sixty runs of their pages)."""
    if member() is None:
        return

    @st.fragment
    def class_member() -> None:
        with crowd_gate():  # (a question appearing on sixty phones: the crowd's gate, as their pages' runs)
            poll(here, st.session_state.get(f"class_state_{here}"))
            member_looks(here)

    class_member()


def member_looks(here: str) -> None:
    """The browser's look at the class, once a second, at the app's route (ui/browser/follow.js). It hands the
    lecturer's step to the scene, and reruns the class's fragment when the lecturer's page or view is not this
    page's (as it last ran), when the question changed, or when the class ended."""
    role = member()
    if role is None:
        return
    state_here = st.session_state.get(f"class_state_{here}")
    request = st.session_state.get(REQUEST)
    if request and request[0] == here and following():  # the page takes the lecturer's view in this run, below
        state_here = request[1]  # (the view it last drew would make the browser ask for a run again, needlessly)
    follow_beacon(
        {
            "path": PATH,
            "code": role.code,
            "token": role.token,
            "following": following(),
            "epoch": st.session_state.get(EPOCH, 0),
            "where": where(here, dict(state_here)) if state_here is not None else "",
            "question": st.session_state.get("class_question_mark", ""),
            "every_ms": int(POLL_SECONDS * 1000),
        }
    )


def shown_state(page: str, state: dict) -> None:
    """A page's view as the lecturer's drive would describe it (what a follower compares)."""
    st.session_state[f"class_state_{page}"] = dict(state)
