"""Lectures: the ones that come with the app, a lecturer's own file, and the one being built (lstm_viz/lectures)."""

from __future__ import annotations

import streamlit as st

from lstm_viz import lectures
from lstm_viz.i18n import LANGUAGES, Texts
from lstm_viz.lectures import offline
from ui import lecture as lecture_ui
from ui.page import page_setup
from ui.prepare import prepare_ui

tr = page_setup()


def present(lecture: lectures.Lecture) -> None:
    lecture_ui.begin(lecture)
    st.switch_page(lecture_ui.page_file(lecture.scenes[0].page), query_params=lecture_ui.params())


def scene_list(lecture: lectures.Lecture) -> None:
    lines = [f"{n}. *{tr(f'lectures.page.{s.page}')}* — {s.caption}" for n, s in enumerate(lecture.scenes, 1)]
    st.markdown("\n".join(lines))


def downloads(lecture: lectures.Lecture, key: str) -> None:
    left, right = st.columns(2)
    left.download_button(tr("lectures.download_file"), lectures.dumps(lecture), file_name=f"{lecture.name}.toml",
                         mime="application/toml", icon=":material/description:", key=f"{key}_file",
                         width="stretch")  # fmt: skip
    right.download_button(tr("lectures.download_offline"), lambda: offline.html(lecture, Texts(lecture.language)),
                          file_name=f"{lecture.name}.html", mime="text/html", icon=":material/download:",
                          help=tr("lectures.download_offline_help"), key=f"{key}_offline",
                          width="stretch")  # fmt: skip


def shipped_ui() -> None:
    """The lectures in this session's language; the others named below them."""
    st.header(tr("lectures.shipped"))
    shipped = [lectures.load(name) for name in lectures.available()]
    others = [
        f"«{lecture.title}» ({LANGUAGES[lecture.language]})" for lecture in shipped if lecture.language != tr.lang
    ]
    for lecture in shipped:
        if lecture.language != tr.lang:
            continue
        name, key = lecture.name, lecture.name.replace(".", "_")
        with st.container(border=True):
            top, button = st.columns([5, 1], vertical_alignment="center")
            top.markdown(f"**{lecture.title}**  \n" + tr("lectures.scene_count", count=len(lecture.scenes),
                                                         language=LANGUAGES[lecture.language]))  # fmt: skip
            if button.button(tr("lectures.present"), icon=":material/slideshow:", key=f"present_{key}",
                             type="primary", disabled=not lecture.scenes, width="stretch"):  # fmt: skip
                present(lecture)
            st.caption(tr("lectures.link", link=f"/?lecture={name}"))
            with st.expander(tr("lectures.scenes_list")):
                scene_list(lecture)
            downloads(lecture, key)
            prepare_ui(lecture, key)
    if others:
        st.caption(tr("lectures.other_languages", names=", ".join(others)))


def own_ui() -> None:
    st.header(tr("lectures.own"))
    upload = st.file_uploader(tr("lectures.upload"), type=["toml", "json"], help=tr("lectures.upload_help"),
                              key="lecture_upload", max_upload_size=1)  # fmt: skip
    if upload is None:
        return
    data = upload.getvalue()
    form = "json" if upload.name.lower().endswith(".json") else "toml"
    lecture = lectures.parse(data, "upload", form)
    for problem in lecture.problems:
        where = tr("lectures.problem.in_file") if problem.scene == 0 else tr("lectures.problem.in_scene",
                                                                            scene=problem.scene)  # fmt: skip
        st.warning(f"{where}, `{problem.field}`: {tr(problem.key, detail=problem.detail)}", icon=":material/warning:")
    if not lecture.scenes:
        return
    st.success(tr("lectures.uploaded", title=lecture.title, count=len(lecture.scenes)), icon=":material/check:")
    with st.expander(tr("lectures.scenes_list")):
        scene_list(lecture)
    if st.button(tr("lectures.present"), icon=":material/slideshow:", key="present_upload", type="primary"):
        lecture_ui.begin(lecture)
        present(lecture)
    downloads(lecture, "upload")


st.title(tr("lectures.title"))
st.markdown(tr("lectures.intro"))
shipped_ui()
own_ui()
with st.expander(tr("lectures.format")):
    st.markdown(tr("lectures.format_text"))
