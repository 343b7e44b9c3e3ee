"""Presenting a lecture (lstm_viz.lectures) scene by scene, and building one from the views on screen.

``?lecture=<name>&scene=3`` opens scene 3 of ``lectures/<name>.toml`` in lecture mode. The scene's page runs with its
state: ``request(page)`` hands it over once, when the scene is entered, and the page puts it into its widgets; after
that the lecturer may move anything. PageDown (what a clicker sends) and PageUp, or the buttons, change the scene;
→ / ←, Space and Home / End step and play the cell; every scene is a link of its own.
"""

from __future__ import annotations

import re

import streamlit as st

from lstm_viz import lectures
from lstm_viz.lectures import Lecture, Problem, Scene
from ui.browser import scene_keys
from ui.session import texts

LECTURE = "lecture_open"  # the Lecture being presented (a shipped one, or an upload)
INDEX = "lecture_index"  # its scene on screen (0-based)
APPLIED = "lecture_applied"  # whether that scene's state has been handed to its page
BUILT = "lecture_built"  # the scenes added with "Add this view as a scene"
OFFERED = "lecture_offered"  # (page, state) of the view on screen, as its page last described it
BAR_CSS = """<style>
h1 { display: none !important; }  /* the caption takes the page title's place */
.st-key-lecture_bar [data-testid="stMarkdownContainer"] p { font-size: 1.2rem; line-height: 1.3; font-weight: 600;
  margin: 0; }
.st-key-lecture_back [data-testid="stMarkdownContainer"], .st-key-lecture_next [data-testid="stMarkdownContainer"] {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }  /* icons; named for readers */
.st-key-lecture_count [data-testid="stMarkdownContainer"] p { font-size: 1.4rem; font-weight: 700; text-align: center;
  font-variant-numeric: tabular-nums; white-space: nowrap; }
</style>"""
MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>$~:])")


def plain(text: str) -> str:
    """A caption or note from a lecture file as plain text in Markdown (no links, images, icons or formulas)."""
    return MARKDOWN.sub(r"\\\1", text)


def page_file(page: str) -> str:
    return f"pages/{page}.py"


def presenting() -> bool:
    return st.session_state.get(LECTURE) is not None


def current() -> tuple[Lecture, int] | None:
    lecture = st.session_state.get(LECTURE)
    return (lecture, st.session_state.get(INDEX, 0)) if lecture is not None else None


def params() -> dict[str, str]:
    """What the link keeps while a lecture is presented (in place of lecture=1)."""
    shown = current()
    if shown is None or shown[0].name == "upload":
        return {}
    return {"lecture": shown[0].name, "scene": str(shown[1] + 1)}


def begin(lecture: Lecture, index: int = 0) -> None:
    st.session_state[LECTURE] = lecture
    st.session_state[INDEX] = min(max(index, 0), max(len(lecture.scenes) - 1, 0))
    st.session_state[APPLIED] = False
    st.session_state.lecture_mode = True
    st.session_state.language = lecture.language
    st.session_state.lecture_problems = lecture.problems


def from_link(value: str, scene: str | None) -> bool:
    """A session opened with ?lecture=<name>: present it (True), or say why not."""
    lecture = lectures.load(value, st.session_state.get("language"))
    if lecture is None:
        st.session_state.lecture_problems = (Problem(0, "lecture", "lectures.problem.not_found", value[:60]),)
        return False
    try:
        index = int(scene) - 1 if scene else 0
    except ValueError:
        index = 0
    begin(lecture, index)
    return bool(lecture.scenes)


def end() -> None:
    st.session_state[LECTURE] = None


def route(page) -> None:
    """Before a page runs: if the scene on screen belongs to another page, go there (``page`` is st.navigation's)."""
    shown = current()
    if shown is None or st.session_state.get(APPLIED) or not shown[0].scenes:
        return
    scene = shown[0].scenes[shown[1]]
    if page.url_path != ("" if scene.page == "explorer" else scene.page):
        st.switch_page(page_file(scene.page), query_params=params())


def request(page: str) -> dict | None:
    """The scene's state for ``page``, once, when the scene is entered (None otherwise); in a class, a following
    student's tab takes the lecturer's state the same way."""
    from ui import class_follow

    taken = class_follow.take(page)
    if taken is not None:
        return taken
    shown = current()
    if shown is None or st.session_state.get(APPLIED) or not shown[0].scenes:
        return None
    scene = shown[0].scenes[shown[1]]
    if scene.page != page:
        return None
    st.session_state[APPLIED] = True
    return dict(scene.state)


def go(step: int) -> None:
    lecture, index = current()
    target = min(max(index + step, 0), len(lecture.scenes) - 1)
    if target == index:
        return
    st.session_state[INDEX] = target
    st.session_state[APPLIED] = False
    st.switch_page(page_file(lecture.scenes[target].page), query_params=params())


def problems_ui(tr) -> None:
    """Problems of the lecture file, each naming the scene and the field (once, when it is opened)."""
    for problem in st.session_state.pop("lecture_problems", ()):
        where = tr("lectures.problem.in_file") if problem.scene == 0 else tr("lectures.problem.in_scene",
                                                                            scene=problem.scene)  # fmt: skip
        st.warning(f"{where}, `{problem.field}`: {tr(problem.key, detail=problem.detail)}", icon=":material/warning:")


def bar(tr) -> None:
    """The presenter's bar: the caption, large, the scene counter, back and next, the speaker notes."""
    problems_ui(tr)
    shown = current()
    if shown is None:
        return
    lecture, index = shown
    if not lecture.scenes:
        end()
        return
    scene: Scene = lecture.scenes[index]
    step = scene_keys(key="lecture_keys")
    st.html(BAR_CSS)
    with st.container(border=True, key="lecture_bar"):
        back, caption, counter, forward = st.columns([1, 14, 2, 1], vertical_alignment="center")
        if back.button(tr("lectures.back"), icon=":material/arrow_back:", key="lecture_back", help=tr("lectures.back"),
                       disabled=index == 0):  # fmt: skip
            step = -1
        caption.markdown(plain(scene.caption or lecture.title))
        with counter.container(key="lecture_count"):
            st.markdown(f"{index + 1} / {len(lecture.scenes)}")
        if forward.button(tr("lectures.next"), icon=":material/arrow_forward:", key="lecture_next",
                          help=tr("lectures.next"),
                          disabled=index + 1 >= len(lecture.scenes)):  # fmt: skip
            step = 1
    if step:
        go(step)
    from ui import class_questions

    class_questions.scene_question(scene, tr)
    with st.sidebar:  # the speaker's side: closed on the projector, open on the lecturer's screen
        st.caption(tr("lectures.presenting", title=lecture.title))
        if scene.notes:
            st.markdown(f"**{tr('lectures.speaker_notes')}**")
            st.markdown(plain(scene.notes))
        if st.button(tr("lectures.end"), icon=":material/stop:", key="lecture_end"):
            end()
            st.rerun()


# --- building a lecture from the views on screen ------------------------------------------------------------------


SLOT = "lecture_builder_slot"  # this run's place for the builder in the sidebar (see ``offer``)


SCENE_PAGES = ("explorer", "layers")  # pages whose scene publishes the lecturer's step and playback to the class


def offer(page: str, state: dict, draw: bool = True) -> None:
    """A page describes the view on screen, for "Add this view as a scene"; the builder then appears in the sidebar
    (only on pages that can be a scene). ``draw=False`` updates the description only (from inside a fragment)."""
    st.session_state[OFFERED] = (page, dict(state))
    if page not in SCENE_PAGES:  # (a scene's page tells the class its step and playback itself)
        from ui import class_follow

        class_follow.shown_state(page, state)
        class_follow.publish(page, state)
    slot = st.session_state.get(SLOT)
    if draw and slot is not None:
        st.session_state[SLOT] = None  # once a run
        with slot:
            builder(texts())


def _add(caption_key: str) -> None:
    offered = st.session_state.get(OFFERED)
    if offered is None:
        return
    page, state = offered
    caption = str(st.session_state.get(caption_key, "")).strip()[: lectures.MAX_TEXT]
    st.session_state.setdefault(BUILT, []).append(Scene(page, caption, "", state))
    st.session_state[caption_key] = ""


def built(tr) -> Lecture:
    title = str(st.session_state.get("lecture_build_title") or tr("lectures.my_lecture"))
    return Lecture("my-lecture", title, tr.lang, tuple(st.session_state.get(BUILT, [])))


def builder(tr) -> None:
    """The sidebar's "build a lecture": add the view on screen as a scene, download the file."""
    if presenting():
        return
    scenes = st.session_state.get(BUILT, [])
    with st.expander(tr("lectures.build", count=len(scenes), scenes=tr.plural(len(scenes), "scene"))):
        st.text_input(tr("lectures.caption"), key="lecture_caption", max_chars=lectures.MAX_TEXT)
        st.button(tr("lectures.add"), icon=":material/add_to_queue:", on_click=_add, args=("lecture_caption",),
                  key="lecture_add", width="stretch")  # fmt: skip
        if scenes:
            st.text_input(tr("lectures.title_field"), key="lecture_build_title", placeholder=tr("lectures.my_lecture"))
            st.caption(" · ".join(f"{n}. {tr(f'lectures.page.{s.page}')}" for n, s in enumerate(scenes, 1)))
            st.download_button(tr("lectures.download_file"), lectures.dumps(built(tr)), file_name="my-lecture.toml",
                               mime="application/toml", icon=":material/download:", key="lecture_download",
                               width="stretch")  # fmt: skip
