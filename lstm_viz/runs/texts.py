"""A user's own text for the character model, kept by its digest so that a run can be trained from its key alone
(``CharRun.digest``): in another thread, another app process or an engine's worker, wherever the runs folder is
shared.

``keep_text(text)`` writes the text once to ``<runs folder>/texts/<digest>.txt`` (atomically: a temporary file in the
same folder, then ``os.replace``, so a half-written file never carries a digest's name) and returns its digest;
``text_of(digest)`` reads it back and checks it against the digest. The standard library's text is not kept: its run
rebuilds it (``lstm_viz.neurons.corpus.standard_library``).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from lstm_viz.i18n import TextError
from lstm_viz.neurons.recipes import digest as digest_of

RUNS_VARIABLE = "LSTM_VIZ_RUNS"
DEFAULT_RUNS = Path("~/.cache/lstm-viz/runs")
_DIGEST = re.compile(r"[0-9a-f]{16}")


def runs_folder() -> Path:
    """Where finished runs (and the texts they trained on) are kept: ``$LSTM_VIZ_RUNS``, else
    ``~/.cache/lstm-viz/runs`` (outside the source tree). (``lstm_viz.runs.disk.runs_folder`` when it exists.)"""
    try:
        from lstm_viz.runs.disk import runs_folder as disk_runs_folder  # the store's own setting, one place
    except ImportError:
        return Path(os.environ.get(RUNS_VARIABLE) or DEFAULT_RUNS).expanduser()
    return Path(disk_runs_folder())


def text_path(digest: str) -> Path:
    if not _DIGEST.fullmatch(digest or ""):
        raise TextError("texts.bad_digest")
    return runs_folder() / "texts" / f"{digest}.txt"


def keep_text(text: str) -> str:
    """Keep ``text`` under its digest (once: a text already kept is not written again) and return the digest."""
    digest = digest_of(text)
    path = text_path(digest)
    if path.is_file():
        return digest
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{digest}.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return digest


def text_of(digest: str) -> str:
    """The text kept under ``digest``; TextError if it is not there or does not match its digest."""
    path = text_path(digest)
    try:
        text = path.read_bytes().decode("utf-8")  # as written: no newline translation
    except (OSError, UnicodeDecodeError):
        raise TextError("texts.missing") from None
    if digest_of(text) != digest:
        raise TextError("texts.missing")
    return text
