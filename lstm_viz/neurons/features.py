"""Features of Python source, one value per character, that an interpretable unit may track (Karpathy 2015's quote,
line-length and indentation cells): inside a string literal, bracket depth, position in the line, indentation
level, inside a comment, just after a newline."""

from __future__ import annotations

import numpy as np

FEATURES = ("in_string", "bracket_depth", "line_position", "indentation", "in_comment", "after_newline")
OPENING, CLOSING = "([{", ")]}"


def extract(text: str) -> dict[str, np.ndarray]:
    """Every feature for every character of ``text``, as float arrays of len(text).

    A character is "in a string" from its opening quote to its closing quote, both included; escapes (\\" inside
    "…") and triple quotes are honoured; a # inside a string opens no comment. Brackets inside strings and comments
    do not count. Indentation is the line's leading spaces (a tab counts 4), the same for every character of the
    line. Line position counts from 0 at the line's first character."""
    n = len(text)
    values = {name: np.zeros(n) for name in FEATURES}
    quote = None  # the open string's delimiter: ', ", ''' or \"\"\"
    comment, escaped, depth, column, indent = False, False, 0, 0, 0
    k = 0
    while k < n:
        ch = text[k]
        if ch == "\n":
            comment, escaped = False, False
            if quote in ("'", '"'):  # an unterminated one-line string ends with its line
                quote = None
            values["bracket_depth"][k] = depth
            values["line_position"][k] = column
            values["indentation"][k] = indent
            values["in_string"][k] = 1.0 if quote else 0.0
            column, indent = 0, _indent(text, k + 1)
            k += 1
            if k < n:
                values["after_newline"][k] = 1.0
            continue
        if k == 0:
            indent = _indent(text, 0)
        width = 1
        in_string = quote is not None
        if quote is not None:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif text.startswith(quote, k):
                width = len(quote)
                quote = None
        elif comment:
            pass
        elif ch == "#":
            comment = True
        elif text.startswith('"""', k) or text.startswith("'''", k):
            quote, width, in_string = text[k : k + 3], 3, True
        elif ch in "'\"":
            quote, in_string = ch, True
        elif ch in OPENING:
            depth += 1
        elif ch in CLOSING:
            depth = max(0, depth - 1)
        for j in range(k, min(k + width, n)):
            values["in_string"][j] = 1.0 if in_string else 0.0
            values["in_comment"][j] = 1.0 if comment else 0.0
            values["bracket_depth"][j] = depth
            values["line_position"][j] = column + (j - k)
            values["indentation"][j] = indent
        column += width
        k += width
    return values


def _indent(text: str, start: int) -> int:
    spaces = 0
    for ch in text[start:]:
        if ch == " ":
            spaces += 1
        elif ch == "\t":
            spaces += 4
        else:
            break
    return spaces
