"""A lecture's runs trained before class, from the Lectures page: the runs its training scenes need
(lstm_viz.prepare) go through the training queue like any student's, as this session's slots in line free up, and
land in the run store every server process shares."""

from __future__ import annotations

import streamlit as st

from lstm_viz import prepare
from lstm_viz.i18n import TextError
from lstm_viz.lectures import Lecture
from ui.runs import runner, session_runs
from ui.session import texts
from ui.training import session_id

POLL_SECONDS = 2.0


def prepare_ui(lecture: Lecture, key: str) -> None:
    """The button, then k of n runs ready (submitting the next ones as this session's places in line free up)."""
    tr = texts()
    slot = f"prepare_{key}"
    if st.button(tr("lectures.prepare"), icon=":material/model_training:", key=f"{slot}_button",
                 help=tr("lectures.prepare_help")):  # fmt: skip
        missing: list[int] = []
        st.session_state[slot] = ([run for _, run in prepare.lecture_runs(lecture, missing)], missing)
    if slot in st.session_state:
        progress(slot)


def progress(slot: str) -> None:
    runs, missing = st.session_state[slot]

    @st.fragment(run_every=POLL_SECONDS)
    def panel() -> None:
        tr = texts()
        ready = [run for run in runs if session_runs(run.family).finished(run)]
        for run in runs:
            if run in ready or runner().running(run) is not None:
                continue
            try:
                runner().submit(run, session_id(), session_runs(run.family))
            except TextError:  # this session's places in line are taken (or the server is busy): next time
                break
        if not runs:
            st.info(tr("lectures.prepare_nothing"), icon=":material/info:")
        elif len(ready) < len(runs):
            st.progress(len(ready) / len(runs), text=tr("lectures.prepare_progress", ready=len(ready), total=len(runs)))
        else:
            st.success(tr("lectures.prepare_done", total=len(runs)), icon=":material/check_circle:")
        if missing:
            st.warning(tr("lectures.prepare_missing", scenes=", ".join(map(str, missing))), icon=":material/warning:")

    panel()
