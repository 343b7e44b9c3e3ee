"""What every chart shares: colours, fonts, the language's number format, and fast figures from plain dicts.

Colours: the Okabe–Ito palette (safe for the common colour-vision deficiencies), the same as the cells' parts
(lstm_viz.cells.layout). Nothing in lstm_viz.plots computes a model: builders take arrays and return figures.
"""

from __future__ import annotations

import functools

import plotly.graph_objects as go
import plotly.io as pio

from lstm_viz.cells import layout

COLORS = {
    "x": layout.GREY,
    "i": layout.BLUE,
    "f": layout.VERMILLION,
    "c_tilde": layout.GREEN,
    "o": layout.PURPLE,
    "c": layout.ORANGE,
    "h": layout.SKY,
}
FONT = dict(family="Inter, Segoe UI, Helvetica, Arial, sans-serif", size=14)
PEOPLE_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"]


def _n(n: int) -> str:
    """Plotly's axis suffix: "" for the first axis, then "2", "3", …"""
    return "" if n == 1 else str(n)


def _domains(count: int, gap: float) -> list[list[float]]:
    """``count`` equal [start, end] intervals of [0, 1] separated by ``gap``."""
    size = (1.0 - gap * (count - 1)) / count
    return [[k * (size + gap), k * (size + gap) + size] for k in range(count)]


def figure(data: list[dict], layout: dict) -> go.Figure:
    """A figure from plain dicts, without plotly's per-property validation (see ``Figure``).

    The tests validate every builder's output in full instead (``go.Figure(fig.to_dict())``), so a typo still
    fails there.
    """
    return Figure(dict(data=data, layout=layout))


class Figure(go.Figure):
    """A ``go.Figure`` that stays plain dicts until something looks inside it.

    Streamlit only asks a figure for ``to_dict()``. Building plotly's objects and deep-copying them back out takes
    most of an explorer rerun (≈ 2/3 of the server's time with thirty students), so this figure answers
    ``to_dict()`` from the dicts it was given (with the default template, as plotly would), and builds the real,
    unvalidated figure the first time anything else is used (``fig.data``, ``update_layout``, …).
    Unlike plotly's, that ``to_dict()`` is not a copy (it shares the figure's lists and the cached template):
    read it, do not change it; Streamlit only serialises it.
    """

    def __init__(self, data=None, layout=None, frames=None, skip_invalid=False, **kwargs) -> None:
        spec = dict(data) if isinstance(data, dict) else {"data": data or [], "layout": layout or {}}
        if frames is not None:
            spec["frames"] = frames
        object.__setattr__(self, "_spec", (spec, skip_invalid, kwargs))

    def __getattr__(self, name: str):
        """Only reached for attributes the figure lacks: before it is built, all of plotly's own."""
        pending = self.__dict__.pop("_spec", None)
        if pending is None:
            raise AttributeError(name)
        spec, skip_invalid, kwargs = pending
        go.Figure.__init__(self, spec, skip_invalid=skip_invalid, _validate=False, **kwargs)
        return getattr(self, name)

    def to_dict(self) -> dict:
        pending = self.__dict__.get("_spec")
        if pending is None:
            return super().to_dict()
        spec = {key: value for key, value in pending[0].items() if not key.startswith("_")}  # not _grid_ref…
        spec["layout"] = dict(spec.get("layout") or {})
        if "template" not in spec["layout"] and pio.templates.default:
            spec["layout"]["template"] = _template(pio.templates.default)
        return spec


@functools.lru_cache(maxsize=8)
def _template(name: str) -> dict:
    """A named plotly template as JSON (built once: it is the same for every figure)."""
    return pio.templates[name].to_plotly_json()
