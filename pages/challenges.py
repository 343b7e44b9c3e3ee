"""Challenges: make a cell do one thing, graded in NumPy on every move (lstm_viz/challenges)."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from lstm_viz import scene
from lstm_viz.challenges import CHALLENGES, challenge
from lstm_viz.challenges.base import STEP, address
from lstm_viz.challenges.link import Attempt, to_query
from lstm_viz.explorer.handoff import cell_on_input
from ui import challenge_descent, class_questions, number_slider, projector
from ui import lecture as lecture_ui
from ui import scene as scene_view
from ui.challenge_state import attempt_now, knob_key, load, on_pick, pin_keys, progress, start, sync_storage
from ui.handoff import open_in_explorer
from ui.navigation import app_params
from ui.page import page_setup
from ui.session import lecture

tr = page_setup()
KEYS = [c.key for c in CHALLENGES]


# --- widgets -----------------------------------------------------------------------------------------------------


def option(key: str) -> str:
    """A challenge in the picker (its label never changes: a select box holds its choice as the label shown)."""
    return tr("challenges.option", number=KEYS.index(key) + 1, title=tr(f"challenge.{key}.title"),
              level=tr(f"challenges.level.{challenge(key).level}"))  # fmt: skip


def progress_ui() -> None:
    passed = progress().passed
    marks = " ".join(f":green-badge[:material/check: {n}]" if key in passed else f":gray-badge[{n}]"
                     for n, key in enumerate(KEYS, 1))  # fmt: skip
    st.sidebar.markdown(marks)
    st.sidebar.caption(tr("challenges.progress", count=len(passed), total=len(KEYS)))


def knob_label(current, knob: str) -> str:
    """As the explorer labels its sliders ("W_f: input weight"), with the unit when there are several."""
    where = address(current.cell_kind, knob)
    name = f"{where.spec.symbol}_{current.cell_kind.part(where.part).symbol}"
    if where.spec.rows == "units":
        label = tr("explorer.weight.recurrent", name=name, source="h" if current.units == 1 else f"h{where.row + 1}")
    else:
        label = tr("explorer.weight.input" if where.spec.rows == "input" else f"explorer.weight.{where.spec.name}",
                   name=name)  # fmt: skip
    return label if current.units == 1 else f"{label} ({tr('challenges.of_unit', unit=where.unit + 1)})"


def knobs_ui(current) -> None:
    st.markdown(f"**{tr('challenges.knobs')}**")
    if not current.knobs:
        st.caption(tr("challenges.no_knobs"))
    columns = st.columns(max(len(current.knobs), 1) if len(current.knobs) <= 4 else 3)
    for k, knob in enumerate(current.knobs):
        field = current.knob_field(knob)
        number_slider.slider(knob_label(current, knob), field.low, field.high, STEP, knob_key(current.key, knob), tr,
                             columns[k % len(columns)])  # fmt: skip
    for part in current.pins:
        symbol, field = current.cell_kind.part(part).symbol, current.pin_field(part)
        switch, value = pin_keys(current, part)
        left, right = st.columns(2)
        left.toggle(tr("challenges.pin", symbol=symbol), key=switch, help=tr("challenges.pin_help", symbol=symbol))
        if st.session_state.get(switch):
            number_slider.slider(
                tr("challenges.pin_value", symbol=symbol), field.low, field.high, 0.01, value, tr, right
            )


def score_ui(current, grade) -> None:
    st.markdown(f"**{tr('challenges.condition')}**")
    for formula, check in zip(current.formulas(), grade.checks):
        icon = ":green[:material/check_circle:]" if check.passed else ":gray[:material/radio_button_unchecked:]"
        left, right = st.columns([3, 1], vertical_alignment="center")
        left.latex(tr.tex(formula))
        right.markdown(f"{icon} {tr('challenges.now', value=tr.number(check.value, '.3g'))}")
    held = sum(check.passed for check in grade.checks)
    if grade.passed:
        st.success(tr("challenges.passed"), icon=":material/celebration:")
    else:
        st.info(tr("challenges.not_yet", held=held, total=len(grade.checks)), icon=":material/pending:")


def add_hint(key: str, total: int) -> None:
    name = f"ch_{key}_hints"
    st.session_state[name] = min(int(st.session_state.get(name, 0)) + 1, total)


def apply_solution(current) -> None:
    load(Attempt(current.key, current.solution_values(), dict(current.solution_pins), current.hints))


def help_ui(current, passed: bool) -> None:
    shown = int(st.session_state.get(f"ch_{current.key}_hints", 0))
    for number in range(1, shown + 1):
        st.info(f"**{tr('challenges.hint', number=number)}.** {tr(f'challenge.{current.key}.hint.{number}')}",
                icon=":material/lightbulb:")  # fmt: skip
    if shown < current.hints:
        st.button(tr("challenges.hint_button", shown=shown, total=current.hints), on_click=add_hint,
                  args=(current.key, current.hints), icon=":material/lightbulb:", key="ch_hint")  # fmt: skip
    open_solution = passed or shown >= current.hints
    with st.expander(tr("challenges.solution"), expanded=False):
        if open_solution:
            st.markdown(tr(f"challenge.{current.key}.solution"))
            st.button(tr("challenges.apply_solution"), on_click=apply_solution, args=(current,), key="ch_apply")
        else:
            st.caption(tr("challenges.solution_locked", total=current.hints))
    with st.expander(tr("challenges.why"), expanded=passed):
        st.markdown(tr(f"challenge.{current.key}.why") if passed else tr("challenges.why_locked"))


def targets(current, grade) -> list[dict]:
    """The challenge's chart panels (lstm_viz.challenges.base.Challenge.panels), titled for the scene."""
    kind = current.cell_kind

    def title(quantity: str, unit: int, bands: list) -> str:
        symbol = kind.part(quantity).symbol if bands else tr(f"part.{kind.key}.{quantity}")
        symbol = symbol if current.units == 1 else f"{symbol} ({tr('challenges.of_unit', unit=unit + 1)})"
        return tr("challenges.target_title", symbol=symbol) if bands else symbol

    return [{"title": title(q, u, bands), "cell": 0, "part": q, "unit": u, "bands": bands}
            for (q, u), bands in current.panels(grade.trace).items()]  # fmt: skip


# --- the page ----------------------------------------------------------------------------------------------------


def main() -> None:
    if "ch_pick" not in st.session_state:
        start()
    requested = lecture_ui.request("challenges")  # a lecture's scene: a challenge, from its start
    if requested and "challenge" in requested:
        load(Attempt.start(challenge(requested["challenge"])))
    st.title(tr("challenges.title"))
    if not lecture():
        st.caption(tr("challenges.caption"))
    for key, values in st.session_state.pop("ch_notes", []):
        named = challenge(st.session_state.ch_pick)
        if values.get("field") in named.knobs:  # the field as its slider is labelled
            values = {**values, "field": knob_label(named, values["field"])}
        st.warning(tr(key, **values), icon=":material/link_off:")
    current = challenge(st.session_state.ch_pick)

    st.header(f"{KEYS.index(current.key) + 1}. {tr(f'challenge.{current.key}.title')}")
    steps, units = len(current.inputs), current.units
    projector.markdown(tr, f"challenge.{current.key}.task")
    st.caption(tr("challenges.kind", kind=tr(f"kind.{current.kind}"), units=f"{units} {tr.plural(units, 'unit')}",
                  steps=f"{steps} {tr.plural(steps, 'step')}"))  # fmt: skip
    knobs_ui(current)
    attempt = attempt_now(current)
    grade = current.grade(attempt.values, attempt.pins)
    score_ui(current, grade)
    st.query_params.from_dict({**to_query(attempt), **app_params()})
    lecture_ui.offer("challenges", {"challenge": current.key})
    sync_storage(current, attempt, grade.passed)
    class_questions.record_attempt(current.key, grade.passed,
                                   [str(n) for n, check in enumerate(grade.checks) if not check.passed])  # fmt: skip

    title = tr(f"kind.{current.kind}")
    unit = max((c.unit for c in current.conditions), default=0)
    cell = scene.Cell(current.weights(attempt.values), grade.trace, title, unit)
    scene_view.show_cells([cell], "challenge_scene", tr, token=KEYS.index(current.key) + 1,
                          keys=True, page_keys=not lecture_ui.presenting(), unit_picker=units > 1,
                          targets=targets(current, grade))  # fmt: skip
    help_ui(current, grade.passed)
    challenge_descent.show(tr, current, attempt, cell, knob_label, targets(current, grade))
    left, middle, right = st.columns(3)
    if left.button(tr("challenges.open_explorer"), icon=":material/memory:", key="ch_explorer"):
        note = (("challenges.explorer_note", {"title": tr(f"challenge.{current.key}.title")}),)
        handoff = cell_on_input(cell.weights, current.x(), note, unit, attempt.pins)  # its targets go along: a loss
        open_in_explorer(replace(handoff, config=replace(handoff.config, challenge=current.key)))
    middle.button(tr("challenges.restart"), on_click=load, args=(Attempt.start(current),), key="ch_restart",
                  icon=":material/restart_alt:")  # fmt: skip
    position = KEYS.index(current.key)
    if position + 1 < len(KEYS):
        right.button(tr("challenges.next"), key="ch_next", icon=":material/arrow_forward:", on_click=next_challenge,
                     args=(KEYS[position + 1],))  # fmt: skip
    st.caption(tr("challenges.share"))
    # last, so that a pass this run already shows
    st.sidebar.selectbox(tr("challenges.pick"), KEYS, key="ch_pick", format_func=option, on_change=on_pick)
    progress_ui()


def next_challenge(key: str) -> None:
    st.session_state.ch_pick = key
    on_pick()


main()
