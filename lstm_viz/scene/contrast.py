"""Colours of text that stay readable (WCAG 2.2: contrast ≥ 4.5:1 for text of normal size).

The parts' colours (Okabe–Ito) are good for lines and boxes, but several are too light for text on the diagram's
light frame (pink 3.1:1, green 3.4:1). ``ink`` darkens a colour just enough; ``on`` picks white or the page's ink for
a label inside a box of that colour.
"""

from __future__ import annotations

import functools

FRAME = "#f0f0f0"  # the darkest background text sits on in the scene (the diagram's frame is lighter, #f7f7f7)
DARK = "#1f2328"  # the scene's ink
WHITE = "#ffffff"
BLACK = "#000000"
AIM = 4.6  # a little above 4.5, so rounding to a hex colour never drops below


def _rgb(color: str) -> tuple[float, float, float]:
    value = color.lstrip("#")
    return tuple(int(value[k : k + 2], 16) / 255 for k in (0, 2, 4))


def _hex(rgb) -> str:
    return "#" + "".join(f"{round(min(max(c, 0), 1) * 255):02x}" for c in rgb)


def luminance(color: str) -> float:
    """WCAG relative luminance of an sRGB colour."""
    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in _rgb(color)]
    return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]


def ratio(foreground: str, background: str) -> float:
    a, b = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@functools.lru_cache(maxsize=256)  # a handful of colours, asked for on every page run
def ink(color: str, background: str = FRAME, aim: float = AIM) -> str:
    """``color`` darkened (mixed with black) until it reads on ``background``; unchanged if it already does."""
    rgb = _rgb(color)
    for step in range(101):
        candidate = _hex(tuple(c * (1 - step / 100) for c in rgb))
        if ratio(candidate, background) >= aim:
            return candidate
    return "#000000"


@functools.lru_cache(maxsize=256)
def on(color: str) -> str:
    """White or black, whichever reads better on a box filled with ``color`` (black: vermillion gives 4.9:1, the
    dark ink only 4.1:1)."""
    return WHITE if ratio(WHITE, color) >= ratio(BLACK, color) else BLACK
