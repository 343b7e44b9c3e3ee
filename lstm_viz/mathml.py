"""A small subset of TeX-like notation compiled to MathML trees, for equations whose numbers change in the browser.

The cell kinds write their equations as ``"c_{t*} = f ⊙ c_{t−1} + i ⊙ c̃"`` and ``"= {f}·{c_prev} + …"``. ``compile``
turns such a line into a JSON tree of MathML elements that the browser builds with ``createElementNS`` (no HTML
string is ever parsed). ``{name}`` is a placeholder the browser fills with a live number; ``t*`` in a subscript is
the step, with the unit added when there are several; the word ``act`` is the layer's activation.

Nodes: ``["mi", text]``, ``["mo", text]``, ``["mn", text]``, ``["ph", name]``, ``["tk"]``, ``["msub", base, sub]``,
``["mrow", *children]``. Chromium renders MathML natively; nothing is loaded from a network.
"""

from __future__ import annotations

import functools
import re

TOKEN = re.compile(
    r"(?P<ph>\{[A-Za-z_][A-Za-z_0-9.]*\})"  # a live number
    r"|(?P<sub>_)|(?P<open>\{)|(?P<close>\})|(?P<star>\*)"
    r"|(?P<num>\d+(?:\.\d+)?)"
    r"|(?P<ident>[A-Za-zα-ω∂]+[\u0303′ᵀ]*)"  # a name, with its tilde, prime or transpose (δh, ∂L: a gradient)
    r"|(?P<op>[=+−\-⊙·×(),\[\]/←…|√ᵀ⊗])"
    r"|(?P<space>\s+)"
)
ACTIVATION_NAMES = {"tanh": "tanh", "relu": "relu", "leaky_relu": "leaky relu"}


class NotationError(ValueError):
    """A line that is not in the notation (a mistake in a cell kind's declaration)."""


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(text):
        match = TOKEN.match(text, position)
        if match is None:
            raise NotationError(f"cannot read {text[position : position + 10]!r} in {text!r}")
        position = match.end()
        if match.lastgroup != "space":
            tokens.append((match.lastgroup, match.group()))
    return tokens


@functools.lru_cache(maxsize=512)
def compile_line(text: str, activation: str = "tanh") -> tuple:
    """The MathML tree of one line (an ``mrow``), as nested tuples (JSON-ready)."""
    tokens = _tokens(text)
    nodes, rest = _sequence(tokens, activation, 0, closing=False)
    if rest != len(tokens):
        raise NotationError(f"unbalanced braces in {text!r}")
    return ("mrow", *nodes)


def _sequence(tokens, activation: str, position: int, closing: bool) -> tuple[list, int]:
    nodes: list = []
    while position < len(tokens):
        kind, text = tokens[position]
        if kind == "close":
            if not closing:
                raise NotationError("a '}' with no '{'")
            return nodes, position + 1
        position += 1
        if kind == "sub":
            if not nodes:
                raise NotationError("a subscript with nothing before it")
            sub, position = _group(tokens, activation, position)
            nodes[-1] = ("msub", nodes[-1], sub)
        elif kind == "open":
            inner, position = _sequence(tokens, activation, position, closing=True)
            nodes.append(("mrow", *inner))
        elif kind == "ph":
            nodes.append(("ph", text[1:-1]))
        elif kind == "num":
            nodes.append(("mn", text))
        elif kind == "ident":
            if text == "t" and position < len(tokens) and tokens[position][0] == "star":
                position += 1
                nodes.append(("tk",))
            else:
                if text.rstrip("′") == "act":  # act, or act′ (its derivative)
                    text = ACTIVATION_NAMES.get(activation, activation) + text[3:]
                nodes.append(("mi", text))
        elif kind == "star":
            raise NotationError("'*' only follows t")
        else:
            nodes.append(("mo", "−" if text == "-" else text))
    if closing:
        raise NotationError("a '{' with no '}'")
    return nodes, position


def _group(tokens, activation: str, position: int) -> tuple[tuple, int]:
    """What a subscript applies to: a braced group, or the next single token."""
    if position >= len(tokens):
        raise NotationError("a subscript at the end")
    if tokens[position][0] == "open":
        inner, position = _sequence(tokens, activation, position + 1, closing=True)
        return (inner[0] if len(inner) == 1 else ("mrow", *inner)), position
    nodes, _ = _sequence(tokens[position : position + 1], activation, 0, closing=False)
    return nodes[0], position + 1


def placeholders(tree) -> set[str]:
    """Every placeholder name in a compiled tree."""
    if not isinstance(tree, tuple):
        return set()
    if tree and tree[0] == "ph":
        return {tree[1]}
    return set().union(*(placeholders(child) for child in tree[1:])) if len(tree) > 1 else set()
