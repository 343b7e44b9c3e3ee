"""Reading a trained character model unit by unit (pages/neurons.py): the table of the units that follow a feature
of the text, a passage coloured by one unit, "find it yourself", and the unit opened in the explorer."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lstm_viz.explorer.handoff import trained_layer
from lstm_viz.neurons import correlate, reading
from ui import textview
from ui.handoff import open_in_explorer
from ui.session import texts


def table_of(result):
    from lstm_viz.models.core import memo

    def compute():
        text = result.held_out[: reading.TABLE_TEXT]
        return reading.unit_table(reading.states_of(result.weights, result.charset, text), text)

    return memo(result.model, "unit table", compute)


def units_ui(result) -> None:
    from lstm_viz.models.core import memo_recent

    tr = texts()
    st.subheader(tr("neurons.units_title"))
    table = table_of(result)
    yourself = st.toggle(tr("neurons.find_yourself"), key="neurons_yourself", help=tr("neurons.find_yourself_help"))
    if yourself:
        direction = table.direction("in_string")  # the task says which way up the unit to find is (issue 35)
        st.markdown(tr(f"neurons.find_quote_task.{direction}", units=result.weights.units))
    else:
        frame = pd.DataFrame(
            {
                tr("neurons.col.feature"): [tr(f"neurons.feature.{row.feature}") for row in table.rows],
                tr("neurons.col.unit"): [str(row.unit + 1) if row.present else "—" for row in table.rows],
                tr("neurons.col.quantity"): [row.quantity if row.present else "" for row in table.rows],
                tr("neurons.col.r"): [
                    tr.number(row.r, "+.2f") if row.present else tr("neurons.not_in_text") for row in table.rows
                ],
            }
        )
        picked = st.dataframe(
            frame, hide_index=True, width="stretch", on_select="rerun", selection_mode="single-row", key="neurons_table"
        )
        st.caption(tr("neurons.table_note", characters=tr.number(table.characters, ""), units=result.weights.units))
        rows = picked.selection.rows if picked is not None else []
        if rows and st.session_state.get("neurons_table_row") != rows[0] and table.rows[rows[0]].present:
            st.session_state.neurons_table_row = rows[0]
            st.session_state.neurons_unit = table.rows[rows[0]].unit + 1
            st.session_state.neurons_view_quantity = table.rows[rows[0]].quantity
    if result.run.source == "yours":
        st.caption(tr("neurons.features_are_python"))
    starts = reading.passages(result.held_out)
    units = result.weights.units  # another model may have fewer units or passages than the one read before
    if st.session_state.get("neurons_read") != result.run:  # a model read for the first time: its strongest unit
        st.session_state.neurons_read = result.run
        st.session_state.neurons_unit = 1 if yourself else table.rows[0].unit + 1
        st.session_state.neurons_view_quantity = table.rows[0].quantity
    st.session_state.neurons_unit = min(max(int(st.session_state.get("neurons_unit", 1)), 1), units)
    st.session_state.neurons_passage_number = min(max(int(st.session_state.get("neurons_passage_number", 1)), 1),
                                                  len(starts))  # fmt: skip
    left, right = st.columns(2)
    unit = left.number_input(tr("neurons.unit", units=units), 1, units, key="neurons_unit") - 1
    # a number box, not a slider: a slider's "1 of 50" sat over its knob in lecture mode, and one passage made none
    passage = (
        right.number_input(tr("neurons.passage", total=len(starts)), 1, len(starts), key="neurons_passage_number") - 1
    )
    start = starts[passage]
    text = result.held_out[start : start + reading.PASSAGE]

    def passage_values():
        return reading.values_of(reading.trace_of(result.weights, result.charset, text))

    values = memo_recent(result.model, "passages", start, passage_values)  # ~6 MB each: the latest few kept
    textview.show(values, text, unit, "neurons_textview", tr, st.session_state.get("neurons_view_quantity", "c"))
    if yourself:
        check_ui(table, unit)
    explorer_ui(result, text, unit)


def check_ui(table, unit: int) -> None:
    tr = texts()
    if st.button(tr("neurons.is_it_the_quote_unit"), icon=":material/help:", key="neurons_check"):
        place, r, quantity = table.rank("in_string", unit)
        key = "neurons.check.best" if place == 1 else "neurons.check.not_yet"
        meaning = tr(f"neurons.check.meaning.{correlate.direction(r)}")
        units = len(table.r["in_string", quantity])
        st.session_state.neurons_checked = tr(
            key, unit=unit + 1, r=tr.number(r, "+.2f"), quantity=quantity, place=place, units=units, meaning=meaning
        )
    if st.session_state.get("neurons_checked"):
        st.info(st.session_state.neurons_checked, icon=":material/search:")


def explorer_ui(result, text: str, unit: int) -> None:
    tr = texts()
    with st.expander(tr("neurons.into_explorer"), key="neurons_explorer_open", on_change="rerun"):
        default = text[: text.find("\n", 40) + 1 or 60][:80] or text[:60]
        passage = st.text_input(tr("neurons.explorer_passage"), default, max_chars=200, key="neurons_explorer_text")
        if not passage:
            st.caption(tr("neurons.explorer_passage_empty"))
            return
        unknown = result.charset.unknown_in(passage)
        if unknown:
            st.caption(tr("neurons.unknown_characters", characters=unknown))
        if st.button(tr("neurons.open_in_explorer"), icon=":material/open_in_new:", key="neurons_to_explorer"):
            x = result.charset.one_hot(result.charset.encode(passage))
            shown = passage.replace("\n", "↵")
            source = ("handoff.neurons", {"passage": shown, "characters": len(passage), "symbols": len(x[0])})
            open_in_explorer(trained_layer(result.weights, x, source, unit))
