"""The character model's text: Python source from this machine's own standard library (a fixed list of modules,
read at run time), or the user's own UTF-8 text, checked before anything trains on it."""

from __future__ import annotations

import functools
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from lstm_viz.i18n import TextError
from lstm_viz.neurons.recipes import digest

VISIBLE = {"\n": "↵", " ": "␣", "\t": "⇥"}

MAX_BYTES = 1_000_000
MODULES = (  # about 1.3 MB of ordinary, well-commented Python
    "argparse.py", "ast.py", "bisect.py", "calendar.py", "collections/__init__.py", "configparser.py", "copy.py",
    "csv.py", "dataclasses.py", "difflib.py", "enum.py", "fractions.py", "functools.py", "heapq.py", "inspect.py",
    "json/decoder.py", "json/encoder.py", "logging/__init__.py", "pathlib.py", "random.py", "shutil.py",
    "statistics.py", "string.py", "subprocess.py", "tempfile.py", "textwrap.py", "threading.py", "typing.py",
)  # fmt: skip


@dataclass(frozen=True)
class Corpus:
    """A text to train on. What the page shows of it is computed once (a page reruns often; 1 MB takes ~25 ms)."""

    text: str
    source: str  # "stdlib" or "yours"

    @functools.cached_property
    def alphabet(self) -> str:
        return "".join(sorted(set(self.text)))

    @functools.cached_property
    def shown_alphabet(self) -> str:
        """The distinct characters, sorted, with newline, space and tab made visible."""
        return "".join(VISIBLE.get(ch, ch) for ch in self.alphabet)

    @functools.cached_property
    def size_in_bytes(self) -> int:
        return len(self.text.encode("utf-8"))

    @functools.cached_property
    def digest(self) -> str:
        return digest(self.text)


def standard_library(limit: int = MAX_BYTES) -> Corpus:
    """The listed modules of the running Python's standard library, joined, cut at ``limit`` characters."""
    root = Path(sysconfig.get_paths()["stdlib"])
    parts = []
    for name in MODULES:
        path = root / name
        if path.is_file():
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    text = "\n".join(parts)[:limit]
    if not text:
        raise TextError("neurons.no_stdlib")
    return Corpus(text, "stdlib")


def yours(data: bytes | str, sequence_length: int) -> Corpus:
    """A pasted or uploaded text, checked: not empty, at most 1 MB, UTF-8 text (not binary), longer than one
    training sequence, more than one distinct character. TextError with a plain message otherwise."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if not raw.strip():
        raise TextError("neurons.text_empty")
    if len(raw) > MAX_BYTES:
        raise TextError("neurons.text_too_big", limit=MAX_BYTES // 1_000_000)
    if b"\x00" in raw:
        raise TextError("neurons.text_binary")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise TextError("neurons.text_not_utf8", position=error.start) from None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    if controls > 0.01 * len(text):
        raise TextError("neurons.text_binary")
    text = text.replace("\r\n", "\n")
    if len(text) < sequence_length + 1:
        raise TextError("neurons.text_too_short", length=len(text), needed=sequence_length + 1)
    if len(set(text)) < 2:
        raise TextError("neurons.text_one_character")
    return Corpus(text, "yours")
