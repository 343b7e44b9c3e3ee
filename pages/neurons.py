"""What neurons learn: a character-level LSTM trained live on Python source (or the user's text), read unit by unit
in a coloured text view; and an LSTM and a GRU learning to count (aⁿbⁿ), judged beyond the lengths they saw.

TensorFlow is imported only when a model is trained or read (lstm_viz.models), never on page load.
"""

import streamlit as st

from lstm_viz.i18n import TextError
from lstm_viz.neurons import corpus, sampling
from lstm_viz.neurons.recipes import CHAR_UNITS, CharRecipe, CharRun
from lstm_viz.runs.texts import keep_text
from ui import lecture as lecture_ui
from ui import neurons_counting, neurons_settings
from ui.neurons_reading import units_ui
from ui.page import page_setup, tabs
from ui.runs import session_runs
from ui.training import training_section

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


def format_temperature(value: float) -> str:
    return tr.number(value, ".1f" if value < 3 else "")  # 0,7 in Russian; 20, not 20.0


def recipe_ui():
    default = CharRecipe()
    cols = st.columns(5)
    units = cols[0].selectbox(
        tr("neurons.units"), CHAR_UNITS, index=CHAR_UNITS.index(default.units), key="neurons_units"
    )
    length = cols[1].number_input(tr("neurons.sequence_length"), 10, 400, default.sequence_length, key="neurons_len")
    epochs = cols[2].number_input(tr("neurons.epochs"), 1, 100, default.epochs, key="neurons_epochs")
    temperature = cols[3].select_slider(
        tr("neurons.temperature"),
        sampling.TEMPERATURES,
        default.temperature,
        format_temperature,
        key="neurons_temperature",
    )
    seed = cols[4].number_input(tr("neurons.seed"), 0, 1_000_000, default.seed, key="neurons_seed")
    note = sampling.temperature_note(temperature)
    if note:
        st.caption(tr(note, temperature=tr.number(temperature, ".1f")))
    return CharRecipe(int(units), int(length), int(epochs), seed=int(seed), temperature=float(temperature))


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
        finished = [(epoch, text) for epoch, text in result.samples if epoch <= result.epochs_done]  # not a cut one
        for epoch, text in finished[-4:]:
            st.caption(tr("neurons.sample_after", epoch=epoch))
            st.code(text, language=None, wrap_lines=True)
        left, middle, right = st.columns([1, 1, 2])
        temperature = left.select_slider(
            tr("neurons.temperature"), sampling.TEMPERATURES, 0.5, format_temperature, key="neurons_gen_temperature"
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


def kept(text: corpus.Corpus) -> bool:
    """A user's own text is kept on the server by its digest, so that its run can be trained from the key alone."""
    if text.source == "stdlib":
        return True
    try:
        keep_text(text.text)
    except OSError as error:
        st.error(tr("shared.failed", error=error), icon=":material/error:")
        return False
    return True


def chars_tab() -> None:
    st.markdown(tr("neurons.chars_intro"))
    text_slot = st.container()  # the text first; it is checked against the recipe's sequence length
    recipe = recipe_ui()
    with text_slot:
        text = text_ui(recipe.sequence_length)
    run = CharRun(text.digest, text.source, recipe) if text is not None and kept(text) else None  # no text: nothing
    section = training_section(run, slot=CHAR_SLOT, button_key="neurons_train",
                               busy_note=tr("neurons.training_in_background"), live=samples)  # fmt: skip
    results = session_runs(CharRun.family).all()  # the model to read: any of them, the latest first
    if not results:
        if not section.busy:
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
    neurons_settings.read()  # a reload or a shared link: the same tab and settings, so the same runs
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
    neurons_settings.write(st.session_state.neurons_tab_id)


main()
