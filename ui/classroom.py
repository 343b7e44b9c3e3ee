"""A class in one room (issue 28): start or join a class, follow the lecturer, explore on one's own.

Who is who lives on the server (``lstm_viz.classroom``): the lecturer's tab holds the class's secret, a student's
tab its member token, both in this session and in the browser's local storage (a reload keeps the class; neither is
ever in the address bar or on screen). Every request is checked by the service, not by which buttons a page draws.

Following the lecturer is ``ui.class_follow``; the questions and the challenge board are ``ui.class_questions``.
"""

from __future__ import annotations

import json

import streamlit as st

from lstm_viz.classroom import classroom
from lstm_viz.classroom.codes import display
from lstm_viz.classroom.service import ClassError, Lecturer, Member
from ui.browser import local_storage
from ui.session import texts

ROLE = "class_role"  # this tab's Lecturer or Member
FOLLOWING = "class_following"  # a member follows the lecturer (True) or explores on their own
SEEN = "class_seen"  # the version of the lecturer's drive this tab has taken
REQUEST = "class_request"  # (page, state): the lecturer's view, for its page to take (``take``)
PUBLISHED = "class_published"  # what this lecturer last published (nothing is written twice)
PLAY = "class_play"  # the lecturer's own scene told to play (after a reveal)
EPOCH = "class_epoch"  # how often this tab started following (a new epoch takes the lecturer's step again)
SAVE, STORED = "class_save", "class_stored"  # the browser's copy of the role (local storage)
DURATIONS = (60, 120, 180, 360, 720)  # minutes a class may last before it ends by itself


def lecturer() -> Lecturer | None:
    role = st.session_state.get(ROLE)
    return role if isinstance(role, Lecturer) else None


def member() -> Member | None:
    role = st.session_state.get(ROLE)
    return role if isinstance(role, Member) else None


def following() -> bool:
    return member() is not None and st.session_state.get(FOLLOWING, True)


def in_the_crowd() -> bool:
    """A class's student, or a browser that came by a class's link (the runs a room makes all at once)."""
    return member() is not None or (st.session_state.get(ROLE) is None and "join" in st.query_params)


def crowd_gate():
    """The gate a crowd's run passes (``lstm_viz.admission``): a class's student's, and the run that brings a Train's
    result (a lab presses Train all at once, again and again); anyone else's run passes freely."""
    from contextlib import nullcontext

    from lstm_viz.admission import GATED_RUN, crowd

    trained = st.session_state.pop(GATED_RUN, False)  # (set by the Train's callback, which ran before this run)
    return crowd().passing() if trained or in_the_crowd() else nullcontext()


def _become(role: Lecturer | Member | None) -> None:
    """This tab's role, here and in the browser's local storage."""
    st.session_state[ROLE] = role
    st.session_state[FOLLOWING] = True
    for key in (SEEN, PUBLISHED, REQUEST, PLAY):
        st.session_state.pop(key, None)
    if isinstance(role, Lecturer):
        saved = {"role": "lecturer", "code": role.code, "secret": role.secret}
    elif isinstance(role, Member):
        saved = {"role": "member", "code": role.code, "token": role.token, "nickname": role.nickname}
    else:
        saved = None
    st.session_state[SAVE] = json.dumps(saved) if saved else ""


def _restore(stored: str) -> None:
    """A reload: the role the browser kept, if the server still knows it."""
    try:
        saved = json.loads(stored) if stored else None
    except (ValueError, RecursionError):
        saved = None
    if not isinstance(saved, dict) or not isinstance(saved.get("code"), str):
        return
    try:
        if saved.get("role") == "lecturer" and classroom().is_lecturer(saved["code"], str(saved.get("secret", ""))):
            st.session_state[ROLE] = Lecturer(saved["code"], str(saved["secret"]))
        elif saved.get("role") == "member":
            again = classroom().rejoin(saved["code"], str(saved.get("token", "")))
            if again is not None:
                st.session_state[ROLE] = again
    except ClassError:
        pass


def remember() -> None:
    """Keep the role in the browser, and take it back from there after a reload."""
    known = st.session_state.get(STORED)
    stored = local_storage("class", st.session_state.get(SAVE), known, key="class_storage")
    if stored is not None and stored != known:
        st.session_state[STORED] = stored
        if st.session_state.get(ROLE) is None and SAVE not in st.session_state:
            _restore(stored)
    if st.session_state.get(SAVE) is not None:
        st.session_state[STORED] = st.session_state[SAVE]


def join_link(code: str) -> str:
    """The students' link: this server's address with ?join=CODE (and the page's language)."""
    base = str(getattr(st.context, "url", "") or "").split("?")[0]
    base = base.rsplit("/", 1)[0] + "/" if base.count("/") > 2 else (base or "/")
    lang = texts().lang
    return f"{base}?join={display(code)}" + (f"&lang={lang}" if lang != "en" else "")


def qr_png(text: str) -> bytes:
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


@st.dialog("LSTM Viz", width="large")
def show_join(code: str) -> None:
    """For the projector: the code, large, its QR code and the link."""
    tr = texts()
    link = join_link(code)
    st.markdown(f"### {tr('class_page.join_here')}")
    left, right = st.columns([3, 2], vertical_alignment="center")
    left.markdown(f"# {display(code)}")  # letters and digits of our own alphabet only
    left.code(link, language=None)
    with left:
        joined(code)  # the room sees itself arrive
    right.image(qr_png(link), caption=tr("class_page.qr_caption"), width=320)


@st.fragment(run_every=2.0)
def joined(code: str) -> None:
    """How many have joined, as they join (the projector's count)."""
    view = classroom().view(code)
    st.metric(texts()("class_page.joined"), view.members if view is not None else 0)


def _start() -> None:
    minutes = int(st.session_state.get("class_minutes", 180))
    try:
        _become(classroom().start(minutes))
    except ClassError as error:
        st.session_state.class_error = error


def _join() -> None:
    code = str(st.session_state.get("class_code_in", ""))
    nickname = str(st.session_state.get("class_nick_in", ""))
    # wrong codes are counted per browser session: a class behind one proxy or one campus NAT shares an address
    client = _session_id()
    try:
        _become(classroom().join(code, nickname, client))
        st.session_state.join_from_link = False  # joined: the link's card is done (also after leaving)
    except ClassError as error:
        st.session_state.class_error = error


def _session_id() -> str:
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    context = get_script_run_ctx()
    return context.session_id if context is not None else "local"


def _leave() -> None:
    _become(None)


def _end() -> None:
    """The class ends (its code stops working); the lecturer keeps its answers and board until they forget it."""
    role = lecturer()
    if role is not None:
        try:
            classroom().end(role)
        except ClassError:
            pass


def _set_following(value: bool) -> None:
    st.session_state[FOLLOWING] = value
    st.session_state.pop(SEEN, None)  # following again: take the lecturer's view at once
    st.session_state.pop(REQUEST, None)  # exploring: nothing of the lecturer's is taken any more
    st.session_state[EPOCH] = st.session_state.get(EPOCH, 0) + 1  # and the lecturer's step, even if unchanged


def error_ui(tr) -> None:
    error = st.session_state.pop("class_error", None)
    if error is not None:
        st.error(tr(error.key, **error.values), icon=":material/error:")


def panel(tr) -> None:
    """The sidebar's class panel: start or join; the code and the count; follow or explore; leave or end."""
    remember()
    if "join" in st.query_params and "join_from_link" not in st.session_state and st.session_state.get(ROLE) is None:
        st.session_state.join_from_link = True
        st.session_state.class_code_in = str(st.query_params.get("join", ""))[:20]
    role = st.session_state.get(ROLE)
    card = role is None and bool(st.session_state.get("join_from_link"))  # came by the class's link or QR code
    with st.sidebar.expander(tr("class_page.panel"), icon=":material/groups:", expanded=role is not None):
        if not card:
            error_ui(tr)
        view = classroom().view(role.code) if role is not None else None
        if isinstance(role, Lecturer) and view is None:  # ended, or its time is up: the answers stay the lecturer's
            from ui import class_questions

            st.info(tr("class_page.ended_lecturer", code=display(role.code)), icon=":material/event_busy:")
            class_questions.lecturer_tools(role, tr)
            st.button(tr("class_page.forget"), icon=":material/delete:", on_click=_leave, key="class_forget",
                      width="stretch")  # fmt: skip
            return
        if role is not None and view is None:  # ended by the lecturer, or its time is up
            _become(None)
            st.info(tr("class_page.ended"), icon=":material/event_busy:")
            role = None
        if isinstance(role, Lecturer):
            st.markdown(tr("class_page.lecturer_of", code=display(role.code)))
            joined(role.code)
            if st.button(tr("class_page.show_join"), icon=":material/qr_code_2:", key="class_show_join",
                         width="stretch"):  # fmt: skip
                show_join(role.code)
            from ui import class_questions

            class_questions.lecturer_tools(role, tr)
            st.button(tr("class_page.end"), icon=":material/stop_circle:", on_click=_end, key="class_end",
                      width="stretch")  # fmt: skip
        elif isinstance(role, Member):
            from ui.lecture import plain

            name = plain(role.nickname) if role.nickname else tr("class_page.no_nickname")
            st.markdown(tr("class_page.member_of", code=display(role.code), nickname=name))
            if following():
                st.caption(tr("class_page.following_note"))
                st.button(tr("class_page.explore"), icon=":material/explore:", on_click=_set_following,
                          args=(False,), key="class_explore", width="stretch")  # fmt: skip
            else:
                st.caption(tr("class_page.exploring_note"))
                st.button(tr("class_page.follow"), icon=":material/sync:", on_click=_set_following, args=(True,),
                          key="class_follow", width="stretch")  # fmt: skip
            st.button(tr("class_page.leave"), icon=":material/logout:", on_click=_leave, key="class_leave",
                      width="stretch")  # fmt: skip
        else:
            if not card:  # (the card in the page has the form)
                join_form(tr)
                st.divider()
            st.selectbox(tr("class_page.lasts"), DURATIONS, index=2, key="class_minutes",
                         format_func=lambda m: tr("class_page.minutes", hours=tr.number(m / 60, ".2g")))  # fmt: skip
            st.button(tr("class_page.start"), icon=":material/co_present:", on_click=_start, key="class_start",
                      width="stretch", help=tr("class_page.start_help"))  # fmt: skip
    if card:
        join_card(tr)


def join_form(tr) -> None:
    """The code, a nickname, Join: a form, so typing costs the server nothing until Join (a room joins at once)."""
    with st.form("class_join_form", border=False, enter_to_submit=False):
        st.text_input(tr("class_page.code"), key="class_code_in", max_chars=20, placeholder="ABCD-EFGH")
        st.text_input(tr("class_page.nickname"), key="class_nick_in", max_chars=40,
                      help=tr("class_page.nickname_help"))  # fmt: skip
        st.form_submit_button(tr("class_page.join"), icon=":material/login:", on_click=_join, key="class_join",
                              type="primary", width="stretch")  # fmt: skip


def join_card(tr) -> None:
    """A student who came by the class's link (or its QR code) sees the join form first, in the page itself (on a
    phone the sidebar is folded away), and the page behind it only once they joined or chose "Not now". The page is
    not built for this run: a room arriving at once costs the server one light run per student before Join."""
    _, middle, _ = st.columns([1, 3, 1])
    with middle.container(border=True, key="class_join_card"):
        st.markdown(f"### {tr('class_page.join_card_title')}")
        st.caption(tr("class_page.join_card_text"))
        error_ui(tr)
        join_form(tr)
        st.button(tr("class_page.not_now"), key="class_not_now", on_click=_not_now, type="tertiary")
    st.stop()


def _not_now() -> None:
    st.session_state.join_from_link = False  # (not removed: the link's ?join= would bring the card back)
