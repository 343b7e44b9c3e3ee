"""The alphabet page's settings in its link (the mechanism: ``ui.link_settings``)."""

from __future__ import annotations

import streamlit as st

from lstm_viz import alphabet
from lstm_viz.alphabet import LAYERS
from ui.link_settings import Fields, flag, one_of, read_link, whole, write_link

ALPHABET: Fields = {
    "variant": ("variant", one_of(alphabet.VARIANTS, int)),
    "layer": ("alphabet_layer", one_of(LAYERS)),
    "recipe": ("recipe", one_of(("course", "fast"))),
    "seed": ("seed", whole(0, 1_000_000)),
    "masked": ("alphabet_masked", flag),
}
EPOCHS = whole(1, 2000)  # the epochs box's key depends on the variant and the recipe: read apart


def read_alphabet() -> None:
    """The alphabet's settings from the link (the epochs for the link's variant and recipe)."""
    found = read_link("alphabet", ALPHABET)
    if found is None or "epochs" not in st.query_params:
        return
    epochs = EPOCHS(st.query_params["epochs"])
    if epochs is not None:
        variant = st.session_state.get("variant", found.get("variant", 1))
        recipe = st.session_state.get("recipe", found.get("recipe", "course"))
        st.session_state.setdefault("alphabet_epochs", {})[variant, recipe] = epochs


def write_alphabet(run: alphabet.AlphabetRun) -> None:
    write_link({**ALPHABET, "epochs": ("alphabet_link_epochs", EPOCHS)}, {"epochs": run.epochs})
