"""The neurons page's settings in its link (issue 35, item 1): the open tab, the character model's recipe (on the
standard library: a user's own text is not put in a link) and the counting models' settings, so that a reload or a
shared link finds the same run under way or trained. (Their names are the page's own: the explorer's link has an
``n`` too.) The reading and writing: ``ui.link_settings``."""

from __future__ import annotations

from lstm_viz.neurons import counting, sampling
from lstm_viz.neurons.recipes import CHAR_UNITS, COUNTING_UNITS
from ui.link_settings import Fields, one_of, read_link, whole, write_link

TAB: Fields = {"tab": ("neurons_tab_id", one_of(("chars", "counting")))}
CHARS: Fields = {
    "chars_units": ("neurons_units", one_of(CHAR_UNITS, int)),
    "chars_length": ("neurons_len", whole(10, 400)),
    "chars_epochs": ("neurons_epochs", whole(1, 100)),
    "chars_temperature": ("neurons_temperature", one_of(sampling.TEMPERATURES, float)),
    "chars_seed": ("neurons_seed", whole(0, 1_000_000)),
}
COUNTING: Fields = {
    "count_n": ("count_n", whole(2, 30)),
    "count_units": ("count_units", one_of(COUNTING_UNITS, int)),
    "count_seed": ("count_seed", whole(0, 1_000_000)),
}
ALL: Fields = {**TAB, **CHARS, **COUNTING}
assert counting.TRAIN_MAX_N <= 30  # the link's n is checked against the number box's range


def read() -> None:
    """Before the tabs: the link's settings, once per session."""
    read_link("neurons", ALL)


def write(tab: str) -> None:
    """After the open tab's widgets: the tab and its settings into the link (the other tab's are not drawn)."""
    write_link({**TAB, **(CHARS if tab == "chars" else COUNTING)})
