"""A stranger's ``.keras`` file checked before Keras sees it.

A ``.keras`` file is a zip of ``config.json`` (the architecture), ``metadata.json`` and ``model.weights.h5``. Before
any of it is loaded: the zip must be sane (size, number of entries, compression ratio, member names), and the
configuration must name only Keras's own classes: no ``Lambda`` (code), no custom or registered classes, no legacy
HDF5 file, no pickle. Every refusal is an ``OwnModelError`` whose message is meant for the user.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

from lstm_viz.i18n import TextError

MAX_FILE_MB = 50
MAX_UNCOMPRESSED_MB = 200
MAX_RATIO = 100
MAX_ENTRIES = 1_000
MAX_CONFIG_BYTES = 5_000_000
REQUIRED = ("config.json", "model.weights.h5")
CODE_CLASSES = {"Lambda", "TFOpLambda", "__lambda__", "SlicingOpLambda"}


class OwnModelError(TextError):
    """A model file (or an input for it) that cannot be used; the message is for the user."""


@dataclass(frozen=True)
class Archive:
    """What the checks found: the configuration and the members' sizes."""

    config: dict
    entries: int
    uncompressed_bytes: int


def _kind_of_bytes(data: bytes) -> str:
    if data.startswith(b"\x89HDF\r\n\x1a\n"):
        return "h5"
    if data[:2] in (b"\x80\x03", b"\x80\x04", b"\x80\x05"):
        return "pickle"
    if data.startswith(b"PK"):
        return "zip"
    return "other"


def _safe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return not (name.startswith(("/", "\\")) or ".." in parts or ":" in name or "\x00" in name)


def _classes(node, found: list[tuple[str, str, object]]) -> None:
    """Every (module, class_name, registered_name) in a Keras configuration."""
    if isinstance(node, dict):
        if "class_name" in node:
            found.append((str(node.get("module")), str(node.get("class_name")), node.get("registered_name")))
        for value in node.values():
            _classes(value, found)
    elif isinstance(node, list):
        for value in node:
            _classes(value, found)


def check_config(config: dict) -> None:
    """Only Keras's own classes: no code (Lambda), no custom or registered classes."""
    found: list[tuple[str, str, object]] = []
    _classes(config, found)
    for module, name, registered in found:
        if name in CODE_CLASSES:
            raise OwnModelError("own.error.lambda")
        if not (module == "keras" or module.startswith("keras.")) or registered not in (None, name):
            raise OwnModelError("own.error.custom", name=name[:60])


def check(data: bytes) -> Archive:
    """The checks in order of cost; returns the parsed configuration if every one passes."""
    if not data:
        raise OwnModelError("own.error.empty")
    if len(data) > MAX_FILE_MB * 1_000_000:
        raise OwnModelError("own.error.too_big", limit=MAX_FILE_MB)
    kind = _kind_of_bytes(data)
    if kind == "h5":
        raise OwnModelError("own.error.h5")
    if kind == "pickle":
        raise OwnModelError("own.error.pickle")
    if kind != "zip":
        raise OwnModelError("own.error.not_keras")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise OwnModelError("own.error.truncated") from None
    if len(members) > MAX_ENTRIES:
        raise OwnModelError("own.error.entries", limit=MAX_ENTRIES)
    total = 0
    for member in members:
        if not _safe_name(member.filename):
            raise OwnModelError("own.error.path", name=member.filename[:80])
        total += member.file_size
        if member.file_size > MAX_RATIO * max(member.compress_size, 1) and member.file_size > 1_000_000:
            raise OwnModelError("own.error.bomb", ratio=MAX_RATIO)
    if total > MAX_UNCOMPRESSED_MB * 1_000_000:
        raise OwnModelError("own.error.bomb_total", limit=MAX_UNCOMPRESSED_MB)
    names = {member.filename for member in members}
    if not all(name in names for name in REQUIRED):
        raise OwnModelError("own.error.not_keras")
    info = archive.getinfo("config.json")
    if info.file_size > MAX_CONFIG_BYTES:
        raise OwnModelError("own.error.bomb_total", limit=MAX_UNCOMPRESSED_MB)
    try:
        config = json.loads(archive.read("config.json"))
        archive.testzip()  # every member's CRC: a truncated or altered file is found here, not inside Keras
    except (ValueError, RecursionError, zipfile.BadZipFile, OSError, EOFError):
        raise OwnModelError("own.error.truncated") from None
    if not isinstance(config, dict):
        raise OwnModelError("own.error.not_keras")
    check_config(config)
    return Archive(config, len(members), total)
