"""Streamlit pieces every page shares: the language and lecture switches, charts, and the training pages' jobs.

(Not a page: app.py lists the pages. Streamlit's own helpers live here, apart from ``pages/``, which holds only
the pages, each named by its URL: see ``leave_legacy_navigation``.)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import ThreadState

from lstm_viz.i18n import LANGUAGES, Texts, language
from lstm_viz.plots.training import training_curves
from lstm_viz.training import Progress, TrainingJob
from ui import lecture as lecture_ui

# --- language, lecture mode, the link ---------------------------------------------------------------------------

LECTURE_FONT = 20  # chart text in lecture mode (px); the page's own text grows with LECTURE_CSS
LECTURE_CSS = """<style>
html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
[data-testid="stMainBlockContainer"] { padding-top: 3rem; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
[data-testid="stCaptionContainer"], [data-testid="stMetricValue"],
[data-testid="stMetricLabel"] p { font-size: 1.25rem; }
h1 { font-size: 2.2rem !important; padding: 0 0 0.4rem !important; } h2 { font-size: 1.9rem !important; }
h3 { font-size: 1.6rem !important; }
.katex { font-size: 1.45em !important; }
</style>"""
# Every page: captions dark enough to read (Streamlit's #797b7e on white is 4.24:1; this is 5.9:1), and a visible
# focus ring on every control (a lecturer with a clicker, a keyboard user: where the keys go must show).
BASE_CSS = """<style>
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] *,
[data-testid="stFileUploaderDropzoneInstructions"] small { color: #5b6470 !important; opacity: 1 !important; }
:focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 2px; }
.katex-display { overflow: visible !important; }  /* a scrollable region with nothing focusable (axe) */
[data-testid="stSlider"] [role="slider"]:focus-visible { box-shadow: 0 0 0 4px #0072B2 !important; }
@media (prefers-reduced-motion: reduce) { *, *::before, *::after { transition: none !important;
  animation-duration: 0.01ms !important; scroll-behavior: auto !important; } }
</style>"""
# Streamlit's file uploader writes its own words in English (it has no language setting): the Russian page
# draws them in Russian over the same elements (streamlit#7127 asks for translations).
UPLOADER_CSS = """<style>
[data-testid="stFileUploaderDropzoneInstructions"] > div > span { font-size: 0 !important; }
[data-testid="stFileUploaderDropzoneInstructions"] > div > span::after { content: "{drop}"; font-size: 1rem; }
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] { font-size: 0 !important; }
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"]::after { content: "{browse}";
  font-size: 1rem; }
</style>"""
TRUE_WORDS = ("1", "true", "yes", "on")
ICON = str(Path(__file__).with_name("icon.png"))  # the browser tab's icon, served by this server


def start_run() -> None:
    """A session's first run takes the language and lecture mode from the link (?lang=ru&lecture=1), or a lecture
    to present (?lecture=lstm-cell.en&scene=3, or ?lecture=lstm-cell in the link's language: lecture mode)."""
    if "language" not in st.session_state:
        st.session_state.language = language(st.query_params.get("lang"))
    if "lecture_mode" not in st.session_state:
        value = str(st.query_params.get("lecture", "")).strip()
        st.session_state.lecture_mode = value.lower() in TRUE_WORDS
        if value and not st.session_state.lecture_mode:
            st.session_state.lecture_mode = True
            lecture_ui.from_link(value, st.query_params.get("scene"))


def texts() -> Texts:
    """This session's texts (``tr(key, **values)``)."""
    return Texts(st.session_state.get("language") or "en")


def lecture() -> bool:
    return bool(st.session_state.get("lecture_mode"))


def app_params() -> dict[str, str]:
    """What every page keeps in its link besides its own state."""
    params = {}
    if texts().lang != "en":
        params["lang"] = texts().lang
    if lecture():
        params["lecture"] = "1"
    params.update(lecture_ui.params())  # a lecture presented: its name and scene
    return params


def _remember(widget: str, setting: str) -> None:
    st.session_state[setting] = st.session_state[widget]


def _language_changed() -> None:
    """Keep every choice, and have the browser draw it again in the new language.

    A select box or radio holds its chosen option as the label the browser shows; once the labels are in another
    language that label matches no option. Setting each value again makes Streamlit send it with the new labels.
    """
    _remember("lang", "language")
    for key in list(st.session_state):
        value = st.session_state[key]
        if key != "lang" and isinstance(value, str | int | float) and not isinstance(value, bool):
            st.session_state[key] = value


def leave_legacy_navigation() -> None:
    """Register the app's navigation if Streamlit ran this page as a legacy ``pages/`` page.

    Streamlit decides once per process whether an app uses the legacy ``pages/`` folder: it assumes so if the folder
    exists, until the first ``st.navigation`` call (AppTest assumes it again on every run). So the very first run
    after ``streamlit run app.py`` goes through the legacy discovery (``script_runner._mpa_v1``): a link to
    ``/why-lstm`` found no file of that name and showed "Page not found" (streamlit#9624), and a link to
    ``/alphabet`` ran pages/alphabet.py on its own, with the legacy sidebar listing every file, for the whole session.
    Every page file is now named by its URL, so the legacy run finds the page; this gives it app.py's navigation and
    settings, which resolve to this same page (a page's identity is its URL), and the page goes on. (``st.navigation``
    makes the entry point the active script; a page run by ``Page.run`` has its own as the active script, and widget
    ids include it: the page's is set back, or the session's first click would be lost.)
    """
    if PagesManager.uses_pages_directory:
        from ui.navigation import navigate

        page = navigate()
        ThreadState.update(active_script_hash=page._script_hash)


def page_setup() -> Texts:
    """Every page calls this first: the language and lecture-mode switches (sidebar) and the link that keeps them;
    returns the page's texts. (A page, not app.py, draws them: AppTest reruns a page without its entry point.)

    The settings live in keys of their own ("language", "lecture_mode"); the switches ("lang", "lecture") are set
    from them on every run, because Streamlit drops a widget's state when the page changes.
    """
    leave_legacy_navigation()
    start_run()
    st.session_state.lang = st.session_state.language
    st.session_state.lecture = st.session_state.lecture_mode
    tr = texts()
    with st.sidebar:
        st.radio(
            tr("app.language"),
            list(LANGUAGES),
            format_func=LANGUAGES.get,
            key="lang",
            horizontal=True,
            on_change=_language_changed,
        )
        st.toggle(
            tr("app.lecture_mode"),
            key="lecture",
            help=tr("app.lecture_help"),
            on_change=_remember,
            args=("lecture", "lecture_mode"),
        )
    params = app_params()
    for name in ("lang", "lecture", "scene"):
        if name in params:
            st.query_params[name] = params[name]
        elif name in st.query_params:
            del st.query_params[name]
    st.html(BASE_CSS)
    if tr.lang != "en":
        st.html(UPLOADER_CSS.replace("{drop}", tr("app.uploader_drop")).replace("{browse}", tr("app.uploader_browse")))
    if lecture():
        st.html(LECTURE_CSS)
    # the sidebar's "build a lecture", drawn there when the page describes its view (lecture_ui.offer)
    st.session_state[lecture_ui.SLOT] = None if lecture_ui.presenting() else st.sidebar.container()
    lecture_ui.bar(tr)
    return tr


def tabs(ids: tuple[str, ...], labels: list[str], key: str):
    """st.tabs whose open tab is known by id (``st.session_state[key + "_id"]``): a lecture scene can open one, and
    it stays open when the language (the labels) changes."""
    wanted = st.session_state.get(f"{key}_id", ids[0])
    if st.session_state.get(key) not in labels:
        st.session_state[key] = labels[ids.index(wanted) if wanted in ids else 0]
    containers = st.tabs(labels, key=key, on_change="rerun")
    st.session_state[f"{key}_id"] = ids[labels.index(st.session_state[key])]
    return containers


def chart(figure, key: str, **options) -> None:
    """A plotly chart; in lecture mode with larger text and a taller frame for the projector."""
    if lecture():
        height = figure.layout.height or 450
        figure.update_layout(font_size=LECTURE_FONT, height=int(height * 1.3))
        for annotation in figure.layout.annotations or ():  # labels drawn at a fixed size (the cell's wires)
            if annotation.font.size:
                annotation.font.size = annotation.font.size * LECTURE_FONT / 14
        if figure.layout.title.font.size:
            figure.layout.title.font.size = figure.layout.title.font.size * LECTURE_FONT / 14
    st.plotly_chart(figure, key=key, **options)


@st.cache_resource
def _shared_store(page: str) -> dict:
    return {}


def result_stores(page: str) -> tuple[dict, dict]:
    """(every session's finished runs, this session's runs) of a page.

    The shared store holds only runs that finished their recipe; this session's also keeps runs stopped half-way.
    """
    return _shared_store(page), st.session_state.setdefault(f"{page}_results", {})


def find_result(page: str, key: tuple):
    shared, own = result_stores(page)
    return own.get(key) or shared.get(key)


def all_results(page: str) -> dict:
    """Every run this session can see: the shared ones, and its own (which win on the same key)."""
    shared, own = result_stores(page)
    return {**shared, **own}


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


CURVES = ("loss", "val_loss", "accuracy", "val_accuracy", "learning_rate")
POLL_SECONDS = 1.0  # a redraw per second: smooth enough, and light on a shared 2-core server


def start_job(
    slot: str, work: Callable[[Progress], object], total_epochs: int, label: str, page: str, key: tuple
) -> None:
    """Start ``work`` in a background thread, owned by this browser session.

    Its result goes into the page's stores (``result_stores``): this session's, and unless stopped early, every
    session's. The stores are plain dicts fetched here, in the script thread; the training thread only writes to
    them, so a run that ends after its tab was closed still lands in the shared cache.
    """
    shared, own = result_stores(page)

    def work_and_store(progress: Progress) -> object:
        result = work(progress)
        own[key] = result
        if not progress.stopped:
            shared[key] = result
        return result

    st.session_state[slot] = TrainingJob(work_and_store, total_epochs, label).start()


def train_button(slot: str, page: str, key: tuple, start: Callable[[], None], button_key: str) -> bool:
    """The Train button: runs ``start()`` unless this exact run is cached already. True while a run is under way."""
    tr = texts()
    busy = running(slot)
    if st.button(tr("shared.train"), type="primary", icon=":material/model_training:", disabled=busy, key=button_key):
        if key in result_stores(page)[0]:
            st.toast(tr("shared.already_trained"))
        else:
            start()
            busy = True
    return busy


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


def report_finished(slot: str) -> None:
    """Once the session's run has ended: say so if it failed or was stopped (its result is stored already)."""
    tr = texts()
    job = collect(slot)
    if job is None:
        return
    if job.status == "failed":
        st.error(tr("shared.failed", error=job.error), icon=":material/error:")
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

    @st.fragment(run_every=POLL_SECONDS if running(slot) else None)
    def panel() -> None:
        tr = texts()
        job = st.session_state.get(slot)
        if job is None:
            return
        progress = job.progress
        done, total = progress.epochs_done, max(progress.total_epochs, 1)
        if progress.phase == "starting":
            text = tr("shared.progress_starting", label=job.label)
        else:
            text = tr("shared.progress_epoch", label=job.label, done=done, total=total, seconds=job.elapsed)
        st.progress(min(done / total, 1.0), text=text)
        chart(training_curves(progress.history, total, tr), key=f"{slot}_curves")
        if progress.history:  # the curves' latest numbers as text
            latest = progress.history[-1]
            numbers = ", ".join(f"{tr(f'plot.curve.{name}')} {latest[name]:.4g}" for name in CURVES if name in latest)
            st.caption(tr("shared.latest_epoch", epoch=len(progress.history), numbers=numbers))
        if job.running:
            if st.button(
                tr("shared.stop"),
                icon=":material/stop:",
                key=f"{slot}_stop",
                help=tr("shared.stop_help"),
            ):
                job.stop()
                st.toast(tr("shared.stopping"))
            if extra is not None:
                extra(job)
        else:
            st.rerun()  # the whole page: collect the result and show it

    panel()


# --- handing a trained layer to the explorer ---------------------------------------------------------------------

_HANDOFF = "explorer_handoff"


def open_in_explorer(handoff) -> None:
    """Open the explorer with a trained layer (an lstm_viz.explorer.handoff.Handoff)."""
    st.session_state[_HANDOFF] = handoff
    st.switch_page("pages/explorer.py")


def take_handoff():
    """The layer another page sent to the explorer, once (None if there is none)."""
    return st.session_state.pop(_HANDOFF, None)
