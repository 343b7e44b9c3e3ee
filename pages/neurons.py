"""What neurons learn: a character-level LSTM trained live on Python source (or the user's text), read unit by unit
in a coloured text view; and an LSTM and a GRU learning to count (aⁿbⁿ), judged beyond the lengths they saw.

TensorFlow is imported only when a model is trained or read (lstm_viz.models), never on page load.
"""

import pandas as pd
import streamlit as st

from lstm_viz.explorer.handoff import trained_layer
from lstm_viz.i18n import TextError
from lstm_viz.neurons import corpus, reading, sampling
from lstm_viz.neurons.recipes import CHAR_UNITS, CharRecipe, CharRun
from ui import lecture as lecture_ui
from ui import neurons_counting, textview
from ui.shared import (
    all_results,
    open_in_explorer,
    page_setup,
    progress_panel,
    report_finished,
    running,
    start_job,
    tabs,
    train_button,
)

CHARS = "neurons_chars"  # the result store's page
CHAR_SLOT = "neurons_char_job"
tr = page_setup()


@st.cache_resource(show_spinner=False)
def standard_library() -> corpus.Corpus | TextError:
    try:
        return corpus.standard_library()
    except TextError as error:
        return error


@st.cache_resource(show_spinner=False, max_entries=8)
def your_text(raw: bytes | str, sequence_length: int) -> corpus.Corpus:
    """A user's text, checked once per text (a bad one raises, and exceptions are not cached)."""
    return corpus.yours(raw, sequence_length)


def text_ui(sequence_length: int) -> corpus.Corpus | None:
    """The text to train on: the standard library's Python, or the user's own (checked; a clear message if bad)."""
    source = st.radio(
        tr("neurons.text.source"),
        ("stdlib", "yours"),
        format_func=lambda k: tr(f"neurons.text.{k}"),
        key="neurons_source",
        horizontal=True,
    )
    if source == "stdlib":
        found = standard_library()
        if isinstance(found, TextError):
            st.warning(found.text(tr), icon=":material/folder_off:")
            return None
        text = found
    else:
        left, right = st.columns(2)
        pasted = left.text_area(tr("neurons.text.paste"), key="neurons_paste", height=150)
        upload = right.file_uploader(
            tr("neurons.text.upload"), type=None, key="neurons_upload", max_upload_size=2, help=tr("neurons.text.limit")
        )
        raw = upload.getvalue() if upload is not None else pasted
        if upload is None and not pasted:  # (an uploaded empty file is checked, and told so)
            st.info(tr("neurons.text.give_one"), icon=":material/edit_note:")
            return None
        try:
            text = your_text(raw, sequence_length)
        except TextError as error:
            st.error(error.text(tr), icon=":material/error:")
            return None
    st.caption(
        tr(
            "neurons.text.about",
            characters=tr.number(len(text.text), ""),
            kilobytes=tr.number(text.size_in_bytes / 1000, ".0f"),
            symbols=len(text.alphabet),
        )
    )
    with st.expander(tr("neurons.text.alphabet_and_sample")):
        st.code(text.shown_alphabet, language=None, wrap_lines=True)
        st.code(text.text[:600], language=None)
    return text


def recipe_ui():
    default = CharRecipe()
    cols = st.columns(5)
    units = cols[0].selectbox(
        tr("neurons.units"), CHAR_UNITS, index=CHAR_UNITS.index(default.units), key="neurons_units"
    )
    length = cols[1].number_input(tr("neurons.sequence_length"), 10, 400, default.sequence_length, key="neurons_len")
    epochs = cols[2].number_input(tr("neurons.epochs"), 1, 100, default.epochs, key="neurons_epochs")
    temperature = cols[3].number_input(
        tr("neurons.temperature"), 0.0, sampling.MAX_TEMPERATURE, default.temperature, 0.1, key="neurons_temperature"
    )
    seed = cols[4].number_input(tr("neurons.seed"), 0, 1_000_000, default.seed, key="neurons_seed")
    note = sampling.temperature_note(temperature)
    if note:
        st.caption(tr(note, temperature=tr.number(temperature, ".1f")))
    return CharRecipe(int(units), int(length), int(epochs), seed=int(seed), temperature=float(temperature))


def planned_run(text: corpus.Corpus, recipe):
    """The run these settings make, and how to start it."""
    run = CharRun(text.digest, text.source, recipe)

    def work(progress):
        from lstm_viz.models.charlm import train_chars as train  # TensorFlow loads here, in the training thread

        return train(text.text, text.source, recipe, progress)

    label = tr("neurons.job_label", units=recipe.units, source=tr(f"neurons.text.{text.source}"))
    return run, lambda: start_job(CHAR_SLOT, work, recipe.epochs, label, CHARS, run)


def samples(job) -> None:
    """While the character model trains: its bits per character and the text it writes after every epoch."""
    history = job.progress.history
    if history:
        latest = history[-1]
        st.markdown(
            tr(
                "neurons.live_bits",
                epoch=len(history),
                bits=tr.number(latest.get("loss_bits", float("nan")), ".3f"),
                held_out=tr.number(latest.get("val_loss_bits", float("nan")), ".3f"),
            )
        )
    for epoch, text in reversed(job.progress.notes[-3:]):
        st.caption(tr("neurons.sample_after", epoch=epoch))
        st.code(text, language=None, wrap_lines=True)


def char_results(result) -> None:
    run = result.run
    cols = st.columns(4)
    cols[0].metric(tr("neurons.heldout_bits"), tr.number(result.heldout_bits, ".3f"), help=tr("neurons.bits_help"))
    cols[1].metric(tr("neurons.unigram_bits"), tr.number(result.unigram_bits, ".3f"), help=tr("neurons.unigram_help"))
    cols[2].metric(tr("neurons.training_time"), tr("neurons.seconds", seconds=tr.number(result.seconds, ".0f")))
    cols[3].metric(tr("neurons.epochs"), tr("neurons.epochs_of", done=result.epochs_done, total=run.recipe.epochs))
    if result.stopped:
        st.caption(tr("neurons.was_stopped", epochs=result.epochs_done))
    generate_ui(result)
    units_ui(result)


def generate_ui(result) -> None:
    with st.expander(tr("neurons.samples"), key="neurons_samples_open", on_change="rerun"):
        for epoch, text in result.samples[-4:]:
            st.caption(tr("neurons.sample_after", epoch=epoch))
            st.code(text, language=None, wrap_lines=True)
        left, middle, right = st.columns([1, 1, 2])
        temperature = left.number_input(
            tr("neurons.temperature"), 0.0, sampling.MAX_TEMPERATURE, 0.5, 0.1, key="neurons_gen_temperature"
        )
        length = middle.number_input(tr("neurons.sample_length"), 10, 2000, 300, key="neurons_gen_length")
        prime = right.text_input(tr("neurons.prime"), "def ", key="neurons_prime")
        note = sampling.temperature_note(temperature)
        if note:
            st.caption(tr(note, temperature=tr.number(temperature, ".1f")))
        unknown = result.charset.unknown_in(prime)
        if unknown:
            st.caption(tr("neurons.unknown_characters", characters=unknown))
        if st.button(tr("neurons.write"), icon=":material/edit:", key="neurons_write"):
            st.session_state.neurons_written = sampling.sample(
                result.weights, result.head, result.charset, prime, int(length), temperature,
                seed=len(st.session_state.get("neurons_written", "")),
            )  # fmt: skip
        if st.session_state.get("neurons_written"):
            st.code(prime + st.session_state.neurons_written, language=None, wrap_lines=True)


def table_of(result):
    from lstm_viz.models.core import memo

    def compute():
        text = result.held_out[: reading.TABLE_TEXT]
        return reading.unit_table(reading.states_of(result.weights, result.charset, text), text)

    return memo(result.model, "unit table", compute)


def units_ui(result) -> None:
    from lstm_viz.models.core import memo_recent

    st.subheader(tr("neurons.units_title"))
    table = table_of(result)
    yourself = st.toggle(tr("neurons.find_yourself"), key="neurons_yourself", help=tr("neurons.find_yourself_help"))
    if yourself:
        st.markdown(tr("neurons.find_quote_task", units=result.weights.units))
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
    if st.session_state.get("neurons_passage", 0) not in range(len(starts)):
        st.session_state.neurons_passage = 0
    left, right = st.columns([1, 3])
    unit = left.number_input(tr("neurons.unit"), 1, units, key="neurons_unit") - 1
    passage = right.select_slider(
        tr("neurons.passage"),
        range(len(starts)),
        format_func=lambda k: tr("neurons.passage_of", k=k + 1, total=len(starts)),
        key="neurons_passage",
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
    if st.button(tr("neurons.is_it_the_quote_unit"), icon=":material/help:", key="neurons_check"):
        place, r, quantity = table.rank("in_string", unit)
        key = "neurons.check.best" if place == 1 else "neurons.check.not_yet"
        st.session_state.neurons_checked = tr(
            key, unit=unit + 1, r=tr.number(r, "+.2f"), quantity=quantity, place=place, units=len(table.r[
                "in_string", quantity])
        )  # fmt: skip
    if st.session_state.get("neurons_checked"):
        st.info(st.session_state.neurons_checked, icon=":material/search:")


def explorer_ui(result, text: str, unit: int) -> None:
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


def chars_tab() -> None:
    st.markdown(tr("neurons.chars_intro"))
    report_finished(CHAR_SLOT)
    text_slot = st.container()  # the text first; it is checked against the recipe's sequence length
    recipe = recipe_ui()
    with text_slot:
        text = text_ui(recipe.sequence_length)
    busy = running(CHAR_SLOT)
    if text is not None:
        run, start = planned_run(text, recipe)
        busy = train_button(CHAR_SLOT, CHARS, run, start, "neurons_train")
    if busy:
        st.caption(tr("neurons.training_in_background"))
    progress_panel(CHAR_SLOT, samples)
    results = all_results(CHARS)
    if not results:
        if not busy:
            st.info(tr("neurons.nothing_trained"), icon=":material/info:")
        return
    runs = list(results)
    chosen = st.selectbox(
        tr("neurons.model_to_read"),
        range(len(runs)),
        index=len(runs) - 1,
        format_func=lambda k: describe(runs[k], results[runs[k]]),
        key=f"neurons_model_{len(runs)}",
    )
    char_results(results[runs[chosen]])


def describe(run, result) -> str:
    return tr(
        "neurons.run",
        source=tr(f"neurons.text.{run.source}"),
        units=run.recipe.units,
        epochs=result.epochs_done,
        bits=tr.number(result.heldout_bits, ".2f"),
    )


def main() -> None:
    st.title(tr("neurons.title"))
    st.caption(tr("neurons.caption"))
    requested = lecture_ui.request("neurons")  # a lecture's scene: its tab
    if requested:
        st.session_state.pop("neurons_tab", None)
        st.session_state.neurons_tab_id = requested.get("tab", "chars")
    chars, counts = tabs(("chars", "counting"), [tr("neurons.tab.chars"), tr("neurons.tab.counting")], "neurons_tab")
    lecture_ui.offer("neurons", {"tab": st.session_state.neurons_tab_id})
    with chars:
        if st.session_state.get("neurons_tab_id") == "chars":
            chars_tab()
    with counts:
        if st.session_state.get("neurons_tab_id") == "counting":
            neurons_counting.tab(tr)


main()
