""" "Open the whole model in Layers": the faces, alphabet and Your model pages hand a trained model's stack (its
recurrent layers, its softmax head, one input) to the stack view (lstm_viz.layers.trained), or say why they cannot."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import streamlit as st

from lstm_viz.i18n import TextError
from ui.handoff import open_in_layers
from ui.session import texts


def button(model, model_input: np.ndarray, labels: Sequence[str], source: tuple[str, dict], key: str,
           place=st) -> None:  # fmt: skip
    """A button that opens the model's stack on this input in the stack view (a message if it cannot)."""
    from lstm_viz.layers.trained import from_keras

    tr = texts()
    if not place.button(tr("layers.open_model"), icon=":material/stacks:", key=key, help=tr("layers.open_model_help")):
        return
    try:
        with st.spinner(tr("layers.open_model_running")):
            trained = from_keras(model, model_input, labels, source)
    except TextError as error:
        place.warning(error.text(tr), icon=":material/info:")
        return
    open_in_layers(trained)


def own_model_input(loaded, choice, x: np.ndarray) -> np.ndarray | None:
    """What the whole model reads, for Your model: the uploaded model input, or the input typed for its first
    recurrent layer when nothing comes before that layer (None: the model input is not known)."""
    uploaded = st.session_state.get("own_model_input")
    if uploaded is not None:
        return uploaded
    before = [layer for layer in loaded.model.layers[: choice.index] if type(layer).__name__ != "InputLayer"]
    return x if not before else None


def alphabet_stack():
    """Document 003's variant 3 as the stack view's preset: the newest trained variant-3 model this session can see
    (its LSTM and its softmax over the 26 letters, on its first pattern); None if none was trained yet."""
    from lstm_viz import alphabet
    from lstm_viz.layers.trained import from_keras
    from ui.runs import session_runs

    found = [(run, result) for run, result in session_runs("alphabet").all().items() if run.variant == 3]
    if not found:
        return None
    run, result = found[-1]
    pattern = result.inputs[0]
    source = ("layers.source.alphabet", {"variant": 3, "pattern": pattern})
    return from_keras(result.model, alphabet.pattern_input(run, pattern), list(alphabet.ALPHABET), source)
