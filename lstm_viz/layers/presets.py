"""The stack view's presets: the course's architectures in miniature, each with a sentence for the page.

- ``course``: document 001's model, ``LSTM(128, return_sequences=True) → Dropout → LSTM(128) → Dense(7)``, with 4
  units instead of 128 on a toy input (Dropout does nothing at prediction time, so it is left out);
- ``units_steps``: one LSTM(3) over 10 steps: 3 is the state's size, 10 the number of steps (keras#8461);
- ``pulse_later``: a Bidirectional LSTM(2) on a sequence whose one pulse comes late: at step 0 only the backward
  direction has seen it;
- ``bidirectional_stack``: a Bidirectional layer (concat: 2u features) under an LSTM that hands one vector to a head;
- ``lstm_against_gru``: compare mode, two LSTMs and two GRUs of the same sizes on one pulse.
"""

from __future__ import annotations

from lstm_viz.explorer.fields import MAX_UNITS
from lstm_viz.layers.config import MAX_CLASSES, LayerConfig, StackConfig
from lstm_viz.stack import MAX_LAYERS

KERAS_KINDS = {"LSTM": "lstm", "GRU": "gru", "SimpleRNN": "rnn"}  # the parameter calculator's names

PRESETS: dict[str, StackConfig] = {
    "course": StackConfig(sequence="sine", steps=20, seed=1, head=7,
                          layers=(LayerConfig(units=4), LayerConfig(units=4, return_sequences=False))),
    "units_steps": StackConfig(sequence="ramp", steps=10, seed=2, layers=(LayerConfig(units=3),)),
    "pulse_later": StackConfig(sequence="custom", custom="0, 0, 0, 0, 0, 0, 0, 0, 1, 0", seed=3,
                               layers=(LayerConfig(units=2, bidirectional=True),)),
    "bidirectional_stack": StackConfig(sequence="sine", steps=12, seed=4, head=3,
                                       layers=(LayerConfig(units=2, bidirectional=True),
                                               LayerConfig(units=3, return_sequences=False))),
    "lstm_against_gru": StackConfig(sequence="pulse", steps=15, seed=5, head=3,
                                    layers=(LayerConfig(units=3), LayerConfig(units=3, return_sequences=False)),
                                    compare=(LayerConfig("gru", 3), LayerConfig("gru", 3, return_sequences=False))),
}  # fmt: skip
DEFAULT = "course"


def miniature(layer: str, count: int, units: int, bidirectional: bool, sequences: bool, dense: int) -> StackConfig:
    """The parameter calculator's architecture in the stack view: the same layers (at most MAX_LAYERS), each of at most
    MAX_UNITS units, on a toy input of one feature; the last layer hands on every step if ``sequences``, and a Dense
    head of ``dense`` classes (at most MAX_CLASSES; fewer than 2: none) reads it."""
    kind = KERAS_KINDS.get(layer, layer)
    size = min(max(int(units), 1), MAX_UNITS)
    count = min(max(int(count), 1), MAX_LAYERS)
    layers = tuple(LayerConfig(kind, size, bidirectional, "concat", sequences or k + 1 < count) for k in range(count))
    classes = min(int(dense), MAX_CLASSES) if dense >= 2 else 0
    return StackConfig(sequence="sine", steps=12, layers=layers, head=classes)
