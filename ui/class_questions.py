"""Predict, then reveal (issue 28): a lecture scene's question asked to the class, answered on the students' devices,
counted live on the projector, then revealed with a histogram and the right answer the NumPy cell computed; and the
challenge board (how many passed each challenge, graded by the server).

The lecturer's side is drawn under the lecture bar (``scene_question``) and in the class panel (``lecturer_tools``);
a student's side is drawn by the class's poll (``student_question``). Every call goes through the service, which
checks who asks.
"""

from __future__ import annotations

import streamlit as st

from lstm_viz.classroom import classroom
from lstm_viz.classroom.service import ClassError, ClassView, Lecturer, Member
from lstm_viz.lectures.questions import right_answer
from lstm_viz.plots.answers import answers_chart
from ui.charts import chart
from ui.class_follow import POLL_SECONDS  # the projector's count of answers, as often as the class looks
from ui.classroom import PLAY, lecturer, member
from ui.session import texts


def _fail(error: ClassError) -> None:
    st.session_state.class_error = error


def _ask(role: Lecturer, scene) -> None:
    question = scene.question
    try:
        right = right_answer(scene)
        classroom().open_question(role, question.id, question.kind, question.ask, question.choices, right=right,
                                  tolerance=question.tolerance or 0.0)  # fmt: skip
    except ClassError as error:
        _fail(error)


def _reveal(role: Lecturer, on_explorer: bool) -> None:
    try:
        classroom().reveal(role)
    except ClassError as error:
        _fail(error)
        return
    if not on_explorer:
        return
    # the scene then plays, so the class sees why (the lecturer's scene plays; the students' play along)
    st.session_state[PLAY] = {"t": 0, "playing": True, "speed": 2.0, "version": f"reveal-{id(role)}-{_count()}"}
    st.session_state.class_revealed_now = True


def _count() -> int:
    st.session_state.class_reveals = st.session_state.get("class_reveals", 0) + 1
    return st.session_state.class_reveals


def _right_text(tally, question, tr) -> str:
    if question.kind == "choice":
        return _plain(question.choices[int(tally.right)])
    tolerance = tr.number(question.tolerance or 0.0, ".2g")
    return tr("class_page.right_number", value=tr.number(float(tally.right), ".4g"), tolerance=tolerance)


def scene_question(scene, tr) -> None:
    """Under the lecture bar, for a scene with a question: ask the class (or the room), the live count, reveal."""
    question = getattr(scene, "question", None)
    if question is None:
        return
    role = lecturer()
    with st.container(border=True, key="class_question"):
        st.markdown(f"**{tr('class_page.question')}** {_plain(question.ask)}")
        if question.kind == "choice":
            st.markdown("\n".join(f"{n}. {_plain(choice)}" for n, choice in enumerate(question.choices, 1)))
        if member() is not None:  # a student presenting the lecture on their own: no answer before the reveal
            return
        view = classroom().view(role.code) if role is not None else None
        if view is None:  # a lecture without a (live) class: ask the room, and show the computed answer if asked
            if st.toggle(tr("class_page.show_answer"), key=f"class_room_{question.id}"):
                st.success(_room_answer(scene, tr), icon=":material/check:")
            return
        asked = view.question if view is not None and view.question and view.question.id == question.id else None
        if asked is None:
            st.button(tr("class_page.ask"), icon=":material/help:", on_click=_ask, args=(role, scene),
                      key="class_ask", type="primary")  # fmt: skip
            return
        _answers_panel(role, question, scene.page == "explorer")


def _room_answer(scene, tr) -> str:
    question = scene.question
    right = right_answer(scene)
    if question.kind == "choice":
        return _plain(question.choices[int(right)])
    return tr("class_page.right_number", value=tr.number(float(right), ".4g"),
              tolerance=tr.number(question.tolerance or 0.0, ".2g"))  # fmt: skip


def _answers_panel(role: Lecturer, question, on_explorer: bool) -> None:
    @st.fragment(run_every=POLL_SECONDS)
    def answers() -> None:
        if st.session_state.pop("class_revealed_now", False):
            st.rerun()  # revealed: the whole page once, so that the scene plays
        tr = texts()
        try:
            tally = classroom().tally(role)
        except ClassError as error:
            st.error(tr(error.key, **error.values), icon=":material/error:")
            return
        revealed = tally.right is not None
        st.metric(tr("class_page.answers"), tally.count)
        if revealed:
            st.success(tr("class_page.right_is", answer=_right_text(tally, question, tr),
                          correct=tally.correct, count=tally.count), icon=":material/check_circle:")  # fmt: skip
        if revealed and tally.count:
            chart(answers_chart(question.kind, tally.values, question.choices, tally.right, question.tolerance, tr),
                  key="class_histogram")  # fmt: skip
        elif not revealed:
            st.caption(tr("class_page.answers_hidden"))
            st.button(tr("class_page.reveal"), icon=":material/visibility:", on_click=_reveal, args=(role, on_explorer),
                      key="class_reveal", type="primary")  # fmt: skip

    answers()


def _plain(text: str) -> str:
    from ui.lecture import plain

    return plain(text)


def _is_right(question, right, value) -> bool:
    from lstm_viz.lectures.questions import Question, is_right

    asked = Question(question.id, question.kind, question.prompt, tuple(question.choices),
                     tolerance=float(question.tolerance or 0.0))  # fmt: skip
    return is_right(asked, right, value)


# --- a student's side --------------------------------------------------------------------------------------------


def _round(role: Member, question) -> str:
    """One asking of one question in one class (asked again, its earlier answers are gone)."""
    return f"{role.code}:{question.id}:{getattr(question, 'opened', 0.0)}"


def _send(role: Member, question_id: str, key: str, round_id: str) -> None:
    value = st.session_state.get(key)
    try:
        classroom().answer(role, question_id, value)
        st.session_state[f"class_sent_{round_id}"] = value
    except ClassError as error:
        st.session_state[f"class_refused_{round_id}"] = error


def student_question(role: Member, view: ClassView, tr) -> None:
    """The question the lecturer opened, on the student's device: answer it (again, to change it) until it closes."""
    question = view.question
    if question is None or question.status == "closed":
        return
    with st.container(border=True, key="class_student_question"):
        st.markdown(f"**{tr('class_page.question')}** {_plain(question.prompt)}")
        round_id = _round(role, question)
        sent = st.session_state.get(f"class_sent_{round_id}")
        if question.status == "revealed":
            right = getattr(question, "right", None)
            if right is not None:
                shown = question.choices[int(right)] if question.kind == "choice" else tr.number(float(right), ".4g")
                st.success(tr("class_page.revealed", answer=_plain(str(shown))), icon=":material/check_circle:")
                if sent is not None:
                    mine = question.choices[int(sent)] if question.kind == "choice" else str(sent)
                    key = "class_page.you_were_right" if _is_right(question, right, sent) else "class_page.you_said"
                    st.markdown(tr(key, answer=_plain(str(mine))))
            return
        key = f"class_answer_{question.id}"
        if st.session_state.get("class_round") != round_id:  # asked again (or another class): a fresh answer
            st.session_state.pop(key, None)
            st.session_state.class_round = round_id
        with st.form(f"class_answer_form_{question.id}", border=False):  # the answer goes with Send: one run
            if question.kind == "choice":
                st.radio(tr("class_page.your_answer"), range(len(question.choices)), key=key,
                         format_func=lambda n: _plain(question.choices[n]), index=None)  # fmt: skip
            else:
                st.text_input(tr("class_page.your_answer"), key=key, max_chars=40, placeholder="0.5")
            st.form_submit_button(tr("class_page.send"), icon=":material/send:", on_click=_send,
                                  args=(role, question.id, key, round_id), key=f"class_send_{question.id}",
                                  type="primary")  # fmt: skip
        refused = st.session_state.pop(f"class_refused_{round_id}", None)
        if refused is not None:
            st.error(tr(refused.key, **refused.values), icon=":material/error:")
        elif sent is not None:
            st.caption(tr("class_page.sent"))


# --- the lecturer's tools: the answers as CSV, the challenge board ---------------------------------------------------


@st.dialog("LSTM Viz", width="large")
def board_dialog(role: Lecturer) -> None:
    import pandas as pd

    from lstm_viz.challenges import BY_KEY

    tr = texts()
    st.markdown(f"### {tr('class_page.board')}")
    try:
        rows = classroom().board(role)
    except ClassError as error:
        st.error(tr(error.key, **error.values), icon=":material/error:")
        return
    if not rows:
        st.info(tr("class_page.board_empty"), icon=":material/info:")
        return
    table = []
    for row in rows:
        challenge = BY_KEY.get(row.challenge)
        title = tr(f"challenge.{row.challenge}.title") if challenge else row.challenge
        failed = ""
        if row.most_failed is not None and challenge is not None:
            failed = tr("class_page.condition", n=int(row.most_failed) + 1)
        table.append({tr("class_page.col.challenge"): title, tr("class_page.col.passed"): row.passed,
                      tr("class_page.col.attempted"): row.attempted, tr("class_page.col.failed"): failed,
                      tr("class_page.col.names"): ", ".join(row.nicknames)})  # fmt: skip
    st.dataframe(pd.DataFrame(table), hide_index=True, width="stretch")
    st.caption(tr("class_page.board_note"))


def lecturer_tools(role: Lecturer, tr) -> None:
    if st.button(tr("class_page.board"), icon=":material/leaderboard:", key="class_board", width="stretch"):
        board_dialog(role)
    try:
        data = classroom().answers_csv(role)
    except ClassError:
        return
    st.download_button(tr("class_page.download_answers"), data.encode("utf-8"), file_name="class-answers.csv",
                       mime="text/csv", icon=":material/download:", key="class_csv", on_click="ignore",
                       width="stretch")  # fmt: skip


def record_attempt(challenge: str, passed: bool, failed: list[str]) -> None:
    """A student's attempt, graded here on the server, for the class's board (written when it changed)."""
    role = member()
    if role is None:
        return
    mark = (role.code, challenge, passed, tuple(failed))
    if st.session_state.get("class_attempt") == mark:
        return
    try:
        classroom().record_attempt(role, challenge, passed, failed)
        st.session_state.class_attempt = mark
    except ClassError:
        pass
