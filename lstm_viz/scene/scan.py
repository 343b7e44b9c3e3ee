"""The bundler's scanner (lstm_viz.scene.bundle): JavaScript with its comments, strings, template literals and
regular expressions blanked out, so that braces and keywords can be read safely without parsing the language."""

from __future__ import annotations

import re

REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^")
REGEX_AFTER_WORDS = {"return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield"}


class BundleError(ValueError):
    """Module syntax the bundler does not handle, a circular import, or a name clash in the flattened scope."""


def blank(text: str) -> str:
    """``text`` with its comments, strings, template literals and regular expressions turned to spaces (newlines
    kept, so positions and line starts stay): what is left is code whose braces can be counted."""
    out = list(text)
    n = len(text)

    def clear(start: int, end: int) -> None:
        for k in range(start, end):
            if out[k] != "\n":
                out[k] = " "

    def string_end(i: int) -> int:  # text[i] is the quote
        quote, i = text[i], i + 1
        while i < n and text[i] != quote:
            if text[i] == "\n":
                raise BundleError("a string is not closed on its line")
            i += 2 if text[i] == "\\" else 1
        return i + 1

    def regex_end(i: int) -> int:  # text[i] is the opening slash
        i += 1
        in_class = False
        while i < n:
            c = text[i]
            if c == "\\":
                i += 2
                continue
            if c == "\n":
                raise BundleError("a regular expression is not closed on its line")
            if c == "[":
                in_class = True
            elif c == "]":
                in_class = False
            elif c == "/" and not in_class:
                i += 1
                while i < n and (text[i].isalnum() or text[i] == "_"):
                    i += 1  # flags
                return i
            i += 1
        raise BundleError("a regular expression is not closed")

    def template_end(i: int) -> int:  # text[i] is the backtick
        i += 1
        while i < n:
            if text[i] == "\\":
                i += 2
            elif text[i] == "`":
                return i + 1
            elif text.startswith("${", i):
                i = code_end(i + 2, closing="}")
            else:
                i += 1
        raise BundleError("a template literal is not closed")

    def code_end(i: int, closing: str | None) -> int:
        """Scan code from i; with ``closing``, up to and past the brace that closes the one before i."""
        depth = 0
        last = ""  # the last significant character, or word, for telling a regular expression from a division
        while i < n:
            c = text[i]
            if text.startswith("//", i):
                end = text.find("\n", i)
                end = n if end < 0 else end
                clear(i, end)
                i = end
                continue
            if text.startswith("/*", i):
                end = text.find("*/", i + 2)
                if end < 0:
                    raise BundleError("a comment is not closed")
                clear(i, end + 2)
                i = end + 2
                continue
            if c in "\"'":
                end = string_end(i)
                clear(i + 1, end - 1)
                i, last = end, "a"
                continue
            if c == "`":
                end = template_end(i)
                clear(i, end)
                i, last = end, "a"
                continue
            if c == "/" and (not last or last in REGEX_AFTER or last in REGEX_AFTER_WORDS):
                end = regex_end(i)
                clear(i + 1, end)
                i, last = end, "a"
                continue
            if c.isalnum() or c in "_$":
                word = re.match(r"[\w$]+", text[i:]).group()
                i, last = i + len(word), word
                continue
            if c in "([{":
                depth += 1
            elif c in ")]}":
                if closing and c == closing and depth == 0:
                    return i + 1
                depth -= 1
            if not c.isspace():
                last = c
            i += 1
        if closing:
            raise BundleError("a template expression is not closed")
        return n

    code_end(0, None)
    return "".join(out)


def depths(code: str) -> list[int]:
    """The bracket depth before each character of blanked code."""
    result, depth = [], 0
    for c in code:
        result.append(depth)
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
    return result
