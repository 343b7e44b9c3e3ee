"""Streamlit pieces shared by the pages that train: a background job's live progress, and its collection.

(This file is not a page: app.py lists the pages; st.navigation ignores the rest of this folder.)
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from lstm_viz import plots
from lstm_viz.training import Progress, TrainingJob

POLL_SECONDS = 1.0  # a redraw per second: smooth enough, and light on a shared 2-core server


def start_job(
    slot: str, work: Callable[[Progress], object], total_epochs: int, label: str, key: tuple, shared: dict, own: dict
) -> None:
    """Start ``work`` in a background thread, owned by this browser session.

    Its result goes into ``own[key]`` (this session's runs) and, unless stopped early, ``shared[key]`` (every
    session's). The stores are plain dicts fetched in the script thread; the training thread only writes to them,
    so a run that ends after its tab was closed still lands in the shared cache.
    """

    def work_and_store(progress: Progress) -> object:
        result = work(progress)
        own[key] = result
        if not progress.stopped:
            shared[key] = result
        return result

    st.session_state[slot] = TrainingJob(work_and_store, total_epochs, label).start()


def running(slot: str) -> bool:
    job = st.session_state.get(slot)
    return job is not None and job.running


def collect(slot: str) -> TrainingJob | None:
    """The session's job once it has ended (done, stopped or failed), handed over once; None otherwise."""
    job = st.session_state.get(slot)
    if job is None or job.running:
        return None
    del st.session_state[slot]
    return job


def progress_panel(slot: str) -> None:
    """A fragment that redraws the job's progress bar and live curves every second while it runs."""
    if slot not in st.session_state:
        return

    @st.fragment(run_every=POLL_SECONDS if running(slot) else None)
    def panel() -> None:
        job = st.session_state.get(slot)
        if job is None:
            return
        progress = job.progress
        done, total = progress.epochs_done, max(progress.total_epochs, 1)
        if progress.phase == "starting":
            text = f"{job.label}: loading TensorFlow and building the model…"
        else:
            text = f"{job.label}: epoch {done} of {total} · {job.elapsed:.0f} s"
        st.progress(min(done / total, 1.0), text=text)
        st.plotly_chart(plots.training_curves(progress.history, total), key=f"{slot}_curves")
        if job.running:
            if st.button("Stop", icon=":material/stop:", key=f"{slot}_stop", help="Keeps the model as trained so far"):
                job.stop()
                st.toast("Stopping after the current batch…")
        else:
            st.rerun()  # the whole page: collect the result and show it

    panel()
