"""The stack view's presets: the course's architectures in miniature, each with a sentence for the page.

- ``course``: document 001's model, ``LSTM(128, return_sequences=True) → Dropout → LSTM(128) → Dense(7)``, with 4
  units instead of 128 on a toy input (Dropout does nothing at prediction time, so it is left out); once the faces
  page has read the images, on a few rows of a real face instead (``on_face``);
- ``units_steps``: one LSTM(3) over 10 steps: 3 is the state's size, 10 the number of steps (keras#8461);
- ``pulse_later``: a Bidirectional LSTM(2) on a sequence whose one pulse comes late: at step 0 only the backward
  direction has seen it;
- ``bidirectional_stack``: a Bidirectional layer (concat: 2u features) under an LSTM that hands one vector to a head;
- ``lstm_against_gru``: compare mode, two LSTMs and two GRUs of the same sizes on one pulse.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from lstm_viz.explorer.fields import MAX_UNITS
from lstm_viz.layers.config import MAX_CLASSES, LayerConfig, StackConfig
from lstm_viz.sequences import MAX_FEATURES, format_inputs
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


FACE_ROWS = 12  # rows of a face read (every 5th of its 62), each averaged to MAX_FEATURES numbers


def face_rows(image: np.ndarray) -> str:
    """A face (62 × 47, in [0, 1]) as a typed input: 12 of its rows, each averaged over 8 blocks of pixels, 2 decimals
    (document 001 reads every row's 47 pixels; a typed input holds at most 8 numbers a step)."""
    rows = np.asarray(image, dtype=np.float64)[2::5][:FACE_ROWS]
    blocks = np.stack([block.mean(axis=1) for block in np.array_split(rows, MAX_FEATURES, axis=1)], axis=1)
    return format_inputs(np.round(blocks, 2))


def on_face(text: str) -> StackConfig:
    """Document 001's model in miniature on a real face's rows (``face_rows``)."""
    return replace(PRESETS["course"], sequence="custom", custom=text)


def of_cell(kind: str, units: int, sequence: str, custom: str, steps: int, amplitude: float) -> StackConfig:
    """The cell explorer's cell as the first of two layers of its kind on the same input (the second hands its last h
    on): what its "as a layer of a stack" link opens. The weights are the stack view's own, drawn from its seed."""
    layers = (LayerConfig(kind, units), LayerConfig(kind, units, return_sequences=False))
    return StackConfig(sequence=sequence, custom=custom, steps=steps, amplitude=amplitude, layers=layers)
