"""The training pages' one scaffold: Train, the live progress with Stop, what became of the run, and its results.

``training_section(run, draw_results, slot=…, button_key=…)`` draws, in order: the message of this session's run
that has just ended (failed, or stopped after epoch n), the Train button (disabled while the session's run goes on;
"already trained" if a finished run has this key), a note while it runs, the live progress (a fragment: while queued,
the place in line and when it starts; then the bar, the curves, their latest numbers, Stop, and the page's
``live(job)``), then ``draw_results(result)`` for the key's result, or the page's "nothing trained yet".

Train submits the key to the scheduler (``ui.runs.runner()``), which trains it from the key alone (``run.plan()``).
A run belongs to what it trains, not to the tab: on any page load, a run of the shown key under way (started by any
session, this user's tab before a reload too) becomes the section's job. The job is ``st.session_state[slot]``
until it has ended and been reported; its result goes into the family's stores (``ui.runs``), where every page finds
it by its key. Training itself never touches Streamlit (``lstm_viz.runs``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st

from lstm_viz.i18n import TextError
from lstm_viz.plots.training import training_curves
from lstm_viz.runs import RunKey
from lstm_viz.runs.runner import label_text
from lstm_viz.training import TrainingJob
from ui.charts import chart
from ui.runs import runner, session_runs
from ui.session import texts

CURVES = ("loss", "val_loss", "accuracy", "val_accuracy", "learning_rate")
POLL_SECONDS = 1.0  # a redraw per second while it trains: smooth enough, and light on a shared 2-core server
# while it waits in line: its place changes only when a run ends (tens of seconds), and thirty tabs in line looking
# every second took a fifth of a 2-core server from the runs and the explorer (bench/lab.py)
QUEUED_POLL_SECONDS = 4.0


@dataclass(frozen=True)
class Section:
    """What a training section found: whether the session's run goes on, and the results of its key(s)."""

    busy: bool
    results: dict[RunKey, Any]

    @property
    def result(self) -> Any | None:
        """The result of the section's one run (None if it has none yet)."""
        return next(iter(self.results.values()), None)


def training_section(
    run: RunKey | Mapping[str, RunKey] | None,
    draw_results: Callable[[Any], None] | None = None,
    *,
    slot: str = "",
    button_key: str,
    button: str | None = None,
    trained_button: str | None = None,
    busy_note: str | None = None,
    nothing_note: str | None = None,
    live: Callable[[TrainingJob], None] | None = None,
    before_results: Callable[[], None] | None = None,
    empty: Callable[[], None] | None = None,
    estimate: bool = True,
) -> Section:
    """A training page's Train → progress → results, for ``run`` (a typed key; the job kept in ``st.session_state
    [slot]``), or several runs trained by one button (``{slot: run}``), or None (nothing to train: no button).

    What training a run means comes from the key (``run.plan()``, by the scheduler). ``draw_results`` gets the run's
    result (with several runs: ``{run: result}`` of those found). ``button`` labels Train; with ``trained_button`` the
    button shows that label, disabled, once every run is stored (otherwise pressing it says "already trained").
    ``busy_note`` is shown while the session's run goes on, ``nothing_note`` when there is no result and none is on
    its way. With ``estimate``, the one time estimate of the runs not trained yet is said under Train
    (``estimate_text``).
    ``before_results()`` draws what comes between the progress and the results; ``empty()`` what stands in for
    missing results.
    """
    jobs = {slot: run} if isinstance(run, RunKey) or run is None else dict(run)
    tr = texts()
    for name, key in jobs.items():
        report_finished(name)
        adopt(name, key)
    busy = any(running(name) for name in jobs)
    wanted = {name: key for name, key in jobs.items() if key is not None}
    if wanted:
        family = next(iter(wanted.values())).family
        runs = session_runs(family)
        missing = {name: key for name, key in wanted.items() if not runs.finished(key)}
        label = trained_button if trained_button and not missing else button or tr("shared.train")
        disabled = busy or bool(trained_button and not missing)
        if st.button(label, type="primary", icon=":material/model_training:", disabled=disabled, key=button_key):
            if not missing:
                st.toast(tr("shared.already_trained"))
            else:
                busy = submit(missing, runs) or busy
        if estimate and missing and not busy:
            st.caption(estimate_text(list(missing.values()), tr))
    if busy and busy_note:
        st.caption(busy_note)
    for name in jobs:
        progress_panel(name, live)
    if before_results is not None:
        before_results()
    found = {key: runs.find(key) for key in wanted.values()} if wanted else {}
    found = {key: result for key, result in found.items() if result is not None}
    for key in found:
        not_kept_warning(runs, key)
    if found and draw_results is not None:
        draw_results(next(iter(found.values())) if isinstance(run, RunKey) else found)
    elif not found:
        if empty is not None:
            empty()
        if not busy and nothing_note:
            st.info(nothing_note, icon=":material/info:")
    return Section(busy, found)


def session_id() -> str:
    """This browser session's id (the queue's fair share is per session)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    context = get_script_run_ctx()
    return context.session_id if context is not None else "local"


def adopt(slot: str, run: RunKey | None) -> None:
    """A run of this key under way (queued or running, started by any session) becomes this section's job, unless
    the session follows a run of its own in ``slot``: a reloaded tab finds its run's progress, Stop, then results."""
    if run is None or slot in st.session_state:
        return
    scheduler = runner()
    follow = getattr(scheduler, "follow", None)  # (the embedded queue records the result for this session too)
    job = follow(run, session_runs(run.family)) if follow is not None else scheduler.running(run)
    if job is not None:
        st.session_state[slot] = job
        st.session_state[f"{slot}_found"] = time.monotonic()  # the panel brings its progress and Stop into sight


def submit(missing: Mapping[str, RunKey], runs) -> bool:
    """Queue the runs not trained yet (each joins an identical run under way); a clear message if the queue says no.
    Whether any of them is now queued or running for this session."""
    tr = texts()
    started = False
    for name, key in missing.items():
        try:
            st.session_state[name] = runner().submit(key, session_id(), runs)
            started = True
        except TextError as error:  # QueueFull, SessionLimit, or data the key names that is not there
            st.warning(error.text(tr), icon=":material/hourglass_top:")
            break
    return started


def not_kept_warning(runs, run: RunKey) -> None:
    """If the store could not keep this run's result (a full or read-only disk), say so: the session still has it."""
    reason = getattr(runs, "not_kept", lambda run: None)(run)
    if reason:
        tr = texts()
        text = tr("shared.not_kept", reason=reason) if tr.has("shared.not_kept") else str(reason)
        st.warning(text, icon=":material/save:")


def ordinal(place: int, tr) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st … in English; 1-й, 2-й … in Russian."""
    suffixes = tr("queue.ordinal_suffixes").split("|")
    if len(suffixes) == 4:
        last, tens = place % 10, place % 100
        suffix = suffixes[last - 1] if last in (1, 2, 3) and tens not in (11, 12, 13) else suffixes[3]
    else:
        suffix = suffixes[0]
    return tr("queue.ordinal", n=place, suffix=suffix)


def waiting_text(job: TrainingJob, tr) -> str:
    """The place in line and the wait: "Alphabet …: 3rd in line, starts in about 40 s"."""
    label, place, eta = label_text(job.label, tr), job.position(), job.eta_seconds()
    place_text = ordinal(place or 1, tr)
    if eta is None or eta < 1:
        return tr("queue.waiting_soon", label=label, place=place_text)
    return tr("queue.waiting", label=label, place=place_text, eta=duration_text(eta, tr))


def duration_text(seconds: float, tr) -> str:
    """7 s, 40 s, 2 min: a time said on a page, as round as an estimate is."""
    if seconds < 90:
        return tr("queue.seconds", seconds=max(1, round(seconds)) if seconds < 10 else 5 * round(seconds / 5))
    return tr("queue.minutes", minutes=round(seconds / 60))


def expected_seconds(runs: list[RunKey]) -> tuple[float, bool]:
    """How long these runs will take once started (at once, if the server has the places; one after the other if
    not), and whether every figure comes from runs finished on this server: the one estimate of every page."""
    scheduler = runner()
    figures = [scheduler.expected_seconds(run) for run in runs]
    seconds = [figure[0] for figure in figures]
    slots = max(1, int(getattr(scheduler, "slots", 1) or 1))
    total = max(seconds) if len(seconds) <= slots else sum(seconds) / slots
    return total, all(figure[1] for figure in figures)


def estimate_text(runs: list[RunKey], tr) -> str:
    """The wait said before Train ("About 35 s on this server …"), from ``expected_seconds``, never in a text."""
    seconds, measured = expected_seconds(runs)
    return tr("queue.expected" if measured else "queue.expected_first", time=duration_text(seconds, tr))


def running(slot: str) -> bool:
    """Whether this session's run in ``slot`` goes on."""
    job = st.session_state.get(slot)
    return job is not None and job.running


def collect(slot: str) -> TrainingJob | None:
    """The session's job once it has ended (done, stopped or failed), handed over once; None otherwise."""
    job = st.session_state.get(slot)
    if job is None or job.running:
        return None
    del st.session_state[slot]
    return job


def report_finished(slot: str) -> None:
    """Once the session's run has ended: say so if it failed or was stopped (its result is stored already)."""
    tr = texts()
    job = collect(slot)
    if job is None:
        return
    if job.status == "failed":
        st.error(tr("shared.failed", error=job.error), icon=":material/error:")
    elif job.status == "stopped" and getattr(job, "cancelled", False):
        st.info(tr("queue.stopped_queued"), icon=":material/stop_circle:")
    elif job.status == "stopped":
        st.info(
            tr("shared.stopped", epochs_done=job.progress.epochs_done),
            icon=":material/stop_circle:",
        )


def progress_panel(slot: str, extra: Callable[[TrainingJob], None] | None = None) -> None:
    """A fragment that redraws the job's progress bar and live curves every second while it runs; ``extra(job)``
    draws what else a page shows of a running job (below Stop, in the same fragment)."""
    if slot not in st.session_state:
        return

    job = st.session_state.get(slot)
    queued_now = job is not None and job.status == "queued"
    every = (QUEUED_POLL_SECONDS if queued_now else POLL_SECONDS) if running(slot) else None

    @st.fragment(run_every=every)
    def panel() -> None:
        tr = texts()
        job = st.session_state.get(slot)
        if job is None:
            return
        if job.status == "queued":
            st.info(waiting_text(job, tr), icon=":material/hourglass_top:")
            stop_button(slot, job, tr)
            bring_into_sight(slot, job)
            return
        if queued_now:
            st.rerun()  # it has started: the whole page, and a redraw every second from now on
        progress = job.progress
        done, total = progress.epochs_done, max(progress.total_epochs, 1)
        label = label_text(job.label, tr)
        if progress.phase == "starting":
            text = tr("shared.progress_starting", label=label)
        else:
            text = tr("shared.progress_epoch", label=label, done=done, total=total, seconds=job.elapsed)
        st.progress(min(done / total, 1.0), text=text)
        if job.running:  # Stop beside the bar, above the curves: on a 720-px projector it stays in sight
            stop_button(slot, job, tr)
            bring_into_sight(slot, job)
        chart(training_curves(progress.history, total, tr), key=f"{slot}_curves")
        if progress.history:  # the curves' latest numbers as text
            latest = progress.history[-1]
            numbers = tr.numbers_named([(tr(f"plot.curve.{name}"), latest[name]) for name in CURVES if name in latest])
            st.caption(tr("shared.latest_epoch", epoch=len(progress.history), numbers=numbers))
        if job.running:
            if extra is not None:
                extra(job)
        else:
            st.rerun()  # the whole page: collect the result and show it

    panel()


def bring_into_sight(slot: str, job: TrainingJob, seconds: float = 10.0) -> None:
    """A reloaded tab found its run: scroll to its Stop (a page opens at its top). Drawn in every run of the first
    ``seconds`` (the first runs after a load may be replaced by others before the browser sees them); the browser
    scrolls once per page load and run."""
    found = st.session_state.get(f"{slot}_found")
    if found is None or time.monotonic() - found > seconds:
        st.session_state.pop(f"{slot}_found", None)
        return
    from ui.browser import scroll_into_view

    scroll_into_view(f".st-key-{slot}_stop", f"{slot}-{id(job)}", key=f"{slot}_scroll")


def stop_button(slot: str, job: TrainingJob, tr) -> None:
    if st.button(tr("shared.stop"), icon=":material/stop:", key=f"{slot}_stop", help=tr("shared.stop_help")):
        queued = job.status == "queued"
        job.stop()
        if queued:
            st.rerun()  # the whole page: it left the line
        st.toast(tr("shared.stopping"))


def model_panel(model, file_name: str) -> None:
    """The trained model's Keras summary (with the formulas) and a download of it as a .keras file."""
    tr = texts()
    from lstm_viz.models.core import model_bytes, summarize  # a model exists: TensorFlow is loaded already

    rows = summarize(model)
    table = pd.DataFrame(
        {
            tr("shared.col.layer"): [row.name for row in rows],
            tr("shared.col.kind"): [row.kind for row in rows],
            tr("shared.col.shape"): [row.output_shape for row in rows],
            tr("shared.col.parameters"): [tr.number(row.params, "") for row in rows],
            tr("shared.col.formula"): [row.formula_in(lambda value: tr.number(value, "")) for row in rows],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.caption(tr("shared.parameters_note"))
    st.download_button(
        tr("shared.download_model"),
        model_bytes(model),
        file_name=file_name,
        icon=":material/download:",
    )
