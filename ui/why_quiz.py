"""The Why LSTM page's quiz (lstm_viz.quiz): predict, then reveal; numbers drawn from this student's seed.

The seed lives in the session (``quiz_seed``): every browser session draws its own, so two neighbours get different
numbers and different conceptual questions; "New numbers" draws again. A wrong answer names the misconception it fits.
"""

from __future__ import annotations

import secrets

import streamlit as st

from lstm_viz import quiz

SEED = "quiz_seed"


def _new_seed() -> None:
    """New numbers and questions: the old guesses, choices and reveals go (only the quiz's own keys)."""
    names = {q.key for q in quiz.numeric_questions(0)} | {q.key for q in quiz.CONCEPTUAL}
    for name in names:
        for prefix in ("revealed_", "guess_", "pick_"):
            st.session_state.pop(prefix + name, None)
    st.session_state[SEED] = secrets.randbelow(2**31)


def _revealed(key: str, tr) -> bool:
    if st.button(tr("why_lstm.quiz.reveal"), key=f"reveal_{key}", width="stretch"):
        st.session_state[f"revealed_{key}"] = True
    return bool(st.session_state.get(f"revealed_{key}"))


def _belief(tr, name: str | None) -> str:
    return f" {tr('why_lstm.quiz.reveals', belief=tr(f'quiz.misconception.{name}'))}" if name else ""


def numeric_ui(tr, question: quiz.Numeric) -> None:
    with st.container(border=True):
        st.markdown(tr(f"quiz.{question.key}.text", **question.values))
        left, right = st.columns([2, 1], vertical_alignment="bottom")
        guess = left.number_input(tr("why_lstm.quiz.answer"), value=None, format="%.4f", key=f"guess_{question.key}",
                                  placeholder=tr("why_lstm.quiz.type"))  # fmt: skip
        with right:
            revealed = _revealed(question.key, tr)
        if not revealed:
            return
        value = question.answer
        if guess is None:
            verdict, box = tr("why_lstm.quiz.no_guess"), st.info
        elif question.is_close(guess):
            verdict, box = tr("why_lstm.quiz.right", guess=tr.number(guess, ".4g")), st.success
        else:  # a wrong answer is never shown in a green box, and it names the misconception it fits
            verdict = tr("why_lstm.quiz.not_quite", guess=tr.number(guess, ".4g"))
            verdict, box = verdict + _belief(tr, question.misconception(guess)), st.warning
        shown = tr.number(value, ".4g") if abs(value) < 1e4 else tr.number(int(value), "")
        explanation = tr(f"quiz.{question.key}.explanation", **question.values)
        box(f"**{question.asks} = {shown}**. {verdict} {explanation}")


def conceptual_ui(tr, question: quiz.Conceptual) -> None:
    with st.container(border=True):
        st.markdown(tr(f"quiz.{question.key}.text", **question.values))
        labels = [tr(f"quiz.{question.key}.choice.{n}", **question.values) for n in range(1, len(question.reveals) + 1)]
        picked = st.radio(tr("why_lstm.quiz.pick"), range(len(labels)), index=None, format_func=labels.__getitem__,
                          key=f"pick_{question.key}")  # fmt: skip
        if not _revealed(question.key, tr):
            return
        explanation = tr(f"quiz.{question.key}.explanation", **question.values)
        if picked is None:
            st.info(f"{tr('why_lstm.quiz.no_pick')} **{labels[question.answer]}** {explanation}")
        elif picked == question.answer:
            st.success(f"{tr('why_lstm.quiz.right_choice')} {explanation}")
        else:
            belief = _belief(tr, question.misconception(picked))
            st.warning(f"{tr('why_lstm.quiz.wrong_choice')}{belief} **{labels[question.answer]}** {explanation}")


def quiz_section(tr) -> None:
    st.header(tr("why_lstm.quiz.title"))
    st.caption(tr("why_lstm.quiz.caption"))
    if SEED not in st.session_state:
        st.session_state[SEED] = secrets.randbelow(2**31)
    seed = int(st.session_state[SEED])
    st.button(tr("why_lstm.quiz.new_numbers"), key="quiz_new", on_click=_new_seed, icon=":material/casino:")
    st.subheader(tr("why_lstm.quiz.numeric"))
    for question in quiz.numeric_questions(seed):
        numeric_ui(tr, question)
    st.subheader(tr("why_lstm.quiz.conceptual"))
    for question in quiz.conceptual_questions(seed):
        conceptual_ui(tr, question)
