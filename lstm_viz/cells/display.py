"""How a cell kind is shown: its diagram (boxes, pointwise operations, wires), its written equations, its chart
panels and its presets. Declarations only, read by the scene and the explorer; the math is in lstm_viz.cells.base.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Box:
    """A layer box of the diagram, coloured like its part and labelled with its activation."""

    part: str
    x: float
    y: float


@dataclass(frozen=True)
class Op:
    """A pointwise operation of the diagram: "×", "+", "1−", or "act" (the layer's activation)."""

    symbol: str
    x: float
    y: float


@dataclass(frozen=True)
class Wire:
    """A wire of the diagram carrying one value of the trace ("" for a plain connector).

    ``label`` uses ``_{…}`` for a subscript ("c_{t−1}"); "act" in it is replaced by the activation's name.
    """

    value: str
    points: tuple[tuple[float, float], ...]
    label: str = ""
    label_at: tuple[float, float] | None = None
    anchor: str = "start"  # "start", "middle" or "end" of the label at label_at
    arrow: bool = True
    dash: bool = False


@dataclass(frozen=True)
class Diagram:
    """The cell drawn on a 12 × 7 canvas, y upwards (Olah, 2015): the state lines on top, inputs at the bottom."""

    boxes: tuple[Box, ...]
    ops: tuple[Op, ...]
    wires: tuple[Wire, ...]
    frame: tuple[float, float, float, float] = (0.8, 0.6, 10.0, 6.3)  # x0, y0, x1, y1 of the cell's outline


@dataclass(frozen=True)
class Equation:
    """One line of the cell's equations: the general form, then its numbers (mini-TeX, see lstm_viz.mathml).

    Placeholders in ``numbers``: ``{part}`` a value at (t, unit); ``{pre_part}`` a pre-activation; ``{x}`` the
    input; ``{H}`` the whole h_{t−1}; ``{W.part}``, ``{U.part}``, ``{b.part}``… a weight array's block for the
    unit. ``t*`` in a subscript is the step (and the unit, when there are several).
    """

    part: str  # the part this line defines (shown as pinned when it is)
    general: str
    numbers: str


@dataclass(frozen=True)
class Panel:
    """One panel of the charts over time: its title key (catalogue "chart.<key>") and the parts it plots."""

    key: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class Preset:
    """A cell that does one thing, and the input that shows it off: a name of lstm_viz.sequences.SEQUENCE_PRESETS
    (with ``custom`` values for "custom", several features per step too), its length, and the step to open at.

    A one-unit cell on one feature gives each array per block (the kind's order); a larger one (``units``, or a
    custom input of several features) gives each array whole, flattened row by row in Keras's layout.
    """

    arrays: Mapping[str, tuple[float, ...]]
    sequence: str = "pulse"
    steps: int = 30
    start: int = 0
    pins: Mapping[str, float] = field(default_factory=dict)
    initial: Mapping[str, float] = field(default_factory=dict)
    custom: str = ""  # the values of a "custom" sequence, as a user types them
    units: int = 1
