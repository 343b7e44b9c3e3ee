"""Finished runs on disk: found again after a restart, shared by every server process and worker on the folder.

Layout (``runs_folder()``, then one folder per family, one per run, named by ``RunKey.name``)::

    <runs folder>/<family>/<run.name>/key.json      the key's identity() and its fingerprint
                                      model.keras   the trained model   ┐ the result's own files
                                      arrays.npz    its arrays          │ (lstm_viz.runs.codec)
                                      result.json   everything else     ┘
                                      done          written last: every file's SHA-256

A run is written into a temporary sibling (``.tmp-…``), its files flushed to disk, then renamed into place in one
``os.replace``: a killed process or a full disk leaves a temporary folder (skipped, and cleared after a day), never a
run folder without its ``done``. A folder that does not read as a run (no ``done``, a file that does not match its
checksum, a key.json naming no registered key or another run, anything foreign) is skipped with a log line and never
loaded; the store goes on.

Loaded results live in a bounded LRU (``$LSTM_VIZ_LOADED_RUNS``, default 6): ``items()`` lists every run on disk
with a ``StoredResult`` standing for each result, which answers the result's small fields from result.json and loads
the whole result (its model) only when something else is asked of it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from pathlib import Path
from typing import Any

from lstm_viz.runs import codec
from lstm_viz.runs.key import RunKey, UnknownKey

log = logging.getLogger(__name__)

RUNS_VARIABLE = "LSTM_VIZ_RUNS"
LOADED_VARIABLE = "LSTM_VIZ_LOADED_RUNS"
DEFAULT_LOADED = 6
KEY_FILE, DONE_FILE = "key.json", "done"
TEMPORARY = ".tmp-"
STALE_SECONDS = 24 * 3600  # a temporary folder this old is left over from a crash: removed on the next scan
RESCAN_SECONDS = 5.0  # items() lists the folder again when it changed, and at least this often
CHEAP_FIELD_BYTES = 64_000  # a result.json field larger than this (a held-out text) is read with the whole result


def runs_folder() -> Path:
    """Where finished runs are kept: ``$LSTM_VIZ_RUNS``, else ``~/.cache/lstm-viz/runs`` (created on first use)."""
    chosen = os.environ.get(RUNS_VARIABLE, "").strip()
    folder = Path(chosen).expanduser() if chosen else Path.home() / ".cache" / "lstm-viz" / "runs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:  # the store reports it where it matters: a run it cannot keep (SessionRuns.not_kept)
        log.warning("run store: cannot create %s: %s", folder, error)
    return folder


@functools.cache
def shared_store(folder: str, family: str) -> DiskStore:
    """This process's one store of a family's finished runs in ``folder`` (one LRU of loaded results per process:
    the pages' and the fit relays' alike)."""
    return DiskStore(folder, family)


def loaded_limit() -> int:
    """How many loaded results a store keeps in memory (``$LSTM_VIZ_LOADED_RUNS``, at least 1)."""
    try:
        return max(1, int(os.environ.get(LOADED_VARIABLE, DEFAULT_LOADED)))
    except ValueError:
        log.warning("%s=%r is not a whole number: keeping %d loaded runs", LOADED_VARIABLE,
                    os.environ.get(LOADED_VARIABLE), DEFAULT_LOADED)  # fmt: skip
        return DEFAULT_LOADED


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _fsync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


class _Entry:
    """A run found on disk: its key, its folder, when it was stored, and its result.json's small fields."""

    def __init__(self, run: RunKey, folder: Path, stored: float, files: dict[str, str]) -> None:
        self.run, self.folder, self.stored, self.files = run, folder, stored, files
        self.tree: dict | None = None  # result.json's top level, read on first use
        self.proxy: StoredResult | None = None


class DiskStore:
    """A ``RunStore`` in ``<folder>/<family>``: thread-safe, shared by processes, a bounded LRU of loaded results."""

    def __init__(self, folder: Path | str, family: str, loaded: int | None = None) -> None:
        if not re.fullmatch(r"[a-z][a-z0-9_]*", family):
            raise ValueError(f"a family is a lower-case name, not {family!r}")
        self.family = family
        self.folder = Path(folder) / family
        self.limit = loaded or loaded_limit()
        self._lock = threading.RLock()
        self._loading: dict[str, threading.Lock] = {}
        self._entries: dict[str, _Entry] = {}  # run name → entry, every good run seen on disk
        self._skipped: dict[str, tuple] = {}  # run folder name → the (inode, mtime) it was skipped at
        self._loaded: OrderedDict[str, Any] = OrderedDict()  # run name → result, the latest used last
        self._listed_at: int | None = None  # the family folder's mtime at the last scan
        self._scanned = 0.0  # time.monotonic() of the last scan
        self._name_pattern = re.compile(re.escape(family) + r"-[0-9a-f]{20}")

    # --- the RunStore protocol ------------------------------------------------------------------------------

    def get(self, run: RunKey) -> Any | None:
        """The run's result (loaded from disk when first needed), or None if it is not stored (or not readable)."""
        name = run.name
        with self._lock:
            if name in self._loaded:
                self._loaded.move_to_end(name)
                return self._loaded[name]
            entry = self._entries.get(name)
        if entry is None:
            entry = self._look_up(run)  # written by another process since the last scan?
            if entry is None:
                return None
        return self._load(entry)

    def put(self, run: RunKey, result: Any) -> None:
        """Write the run to disk (atomically) and keep the result loaded. OSError if the disk cannot keep it."""
        name = run.name
        if run in self:  # stored already (by another session or process): the same run, nothing to write
            if not isinstance(result, StoredResult):
                self._keep_loaded(name, result)
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        temporary = self.folder / f"{TEMPORARY}{name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        temporary.mkdir()
        try:
            identity = run.identity()
            key = {"format": codec.FORMAT, "identity": identity, "fingerprint": run.fingerprint()}
            codec._write_file(temporary / KEY_FILE, json.dumps(key, ensure_ascii=False, indent=1).encode("utf-8"))
            files = [KEY_FILE, *codec.write_result(result, temporary)]
            done = {"format": codec.FORMAT, "stored": time.time(), "files": {f: _sha256(temporary / f) for f in files}}
            codec._write_file(temporary / DONE_FILE, json.dumps(done, indent=1).encode("utf-8"))
            _fsync_folder(temporary)
            self._move_into_place(temporary, self.folder / name)
            _fsync_folder(self.folder)
        except BaseException:
            shutil.rmtree(temporary, ignore_errors=True)
            raise
        entry = _Entry(run, self.folder / name, done["stored"], done["files"])
        with self._lock:
            self._entries[name] = entry
            self._skipped.pop(name, None)
            self._keep_loaded(name, result)

    def items(self) -> list[tuple[RunKey, Any]]:
        """Every run on disk, in the order they were stored, each with a ``StoredResult`` (loaded when used)."""
        self._scan()
        with self._lock:
            entries = sorted(self._entries.values(), key=lambda e: (e.stored, e.run.name))
            for entry in entries:
                if entry.proxy is None:
                    entry.proxy = StoredResult(self, entry)
            return [(entry.run, entry.proxy) for entry in entries]

    def stored(self, run: RunKey) -> Any | None:
        """The run's result if it is stored: loaded already, or a ``StoredResult`` that loads it when first used (a
        worker process stored it; the page that shows it may need only its numbers)."""
        with self._lock:
            if run.name in self._loaded:
                self._loaded.move_to_end(run.name)
                return self._loaded[run.name]
            entry = self._entries.get(run.name)
        entry = entry or self._look_up(run)
        if entry is None:
            return None
        with self._lock:
            if entry.proxy is None:
                entry.proxy = StoredResult(self, entry)
            return entry.proxy

    def __contains__(self, run: object) -> bool:
        if not isinstance(run, RunKey):
            return False
        with self._lock:
            if run.name in self._entries:
                return True
        return self._look_up(run) is not None

    @property
    def loaded(self) -> list[RunKey]:
        """The runs whose results are loaded now (at most ``limit``), the least recently used first."""
        with self._lock:
            return [self._entries[name].run for name in self._loaded if name in self._entries]

    # --- writing ------------------------------------------------------------------------------------------------

    def _move_into_place(self, temporary: Path, target: Path) -> None:
        try:
            os.replace(temporary, target)
            return
        except OSError:
            if not target.exists():
                raise
        if self._read_entry(target, quiet=True) is not None:  # the same run, stored by another process meanwhile
            shutil.rmtree(temporary, ignore_errors=True)
            return
        aside = target.with_name(f"{TEMPORARY}{target.name}-broken-{uuid.uuid4().hex[:8]}")
        log.warning("replacing the unreadable run folder %s", target)
        os.replace(target, aside)
        shutil.rmtree(aside, ignore_errors=True)
        os.replace(temporary, target)

    # --- reading ------------------------------------------------------------------------------------------------

    def _skip(self, folder: Path, reason: str, mark: tuple | None = None) -> None:
        """Log a folder that is not a good run, once (until it changes)."""
        mark = mark or self._mark(folder)
        with self._lock:
            if self._skipped.get(folder.name) == mark:
                return
            self._skipped[folder.name] = mark
            self._entries.pop(folder.name, None)
            self._loaded.pop(folder.name, None)
        log.warning("run store: skipping %s: %s", folder, reason)

    @staticmethod
    def _mark(path: Path) -> tuple:
        try:
            stat = path.stat()
            return (stat.st_ino, stat.st_mtime_ns)
        except OSError:
            return (None, None)

    def _read_entry(self, folder: Path, quiet: bool = False) -> _Entry | None:
        """The run stored in this folder, or None (logged unless ``quiet``) if it is not a good one."""

        def bad(reason: str) -> None:
            if not quiet:
                self._skip(folder, reason)

        if not self._name_pattern.fullmatch(folder.name):
            return bad("not a run folder of this family")
        try:
            if not folder.is_dir():
                return bad("not a folder")
            if not (folder / DONE_FILE).is_file():
                return bad("unfinished (no done marker)")
            done = json.loads((folder / DONE_FILE).read_text("utf-8"))
            stored = json.loads((folder / KEY_FILE).read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            return bad(f"unreadable: {error}")
        files = done.get("files") if isinstance(done, dict) else None
        if not (isinstance(files, dict) and KEY_FILE in files and codec.RESULT_FILE in files):
            return bad("the done marker lists no files")
        if not isinstance(stored, dict) or stored.get("format") != codec.FORMAT:
            return bad("key.json is not a key of this format")
        try:
            run = RunKey.from_identity(stored.get("identity"))
        except UnknownKey as error:
            return bad(f"key.json names no known run ({error})")
        if run.family != self.family or run.name != folder.name or run.fingerprint() != stored.get("fingerprint"):
            return bad("key.json is another run's")
        try:
            for file, digest in files.items():
                if not (isinstance(file, str) and "/" not in file and _sha256(folder / file) == digest):
                    return bad(f"{file} does not match its checksum")
        except OSError as error:
            return bad(f"unreadable: {error}")
        stamp = done.get("stored")
        return _Entry(run, folder, float(stamp) if isinstance(stamp, int | float) else 0.0, files)

    def _look_up(self, run: RunKey) -> _Entry | None:
        """One run looked up on disk by its name (a stat when it is not there: cheap enough for every miss)."""
        folder = self.folder / run.name
        if not (folder / DONE_FILE).exists():
            return None
        if self._skipped.get(folder.name) == self._mark(folder):
            return None
        entry = self._read_entry(folder)
        if entry is None or entry.run != run:
            return None
        with self._lock:
            return self._entries.setdefault(run.name, entry)

    def _scan(self) -> None:
        """Pick up runs written (or removed) by any process since the last scan (nothing to do if the family
        folder has not changed)."""
        try:
            listed_at = self.folder.stat().st_mtime_ns
        except OSError:
            return
        with self._lock:  # (and every few seconds anyway: a write in the same clock tick as a scan keeps the mtime)
            if listed_at == self._listed_at and time.monotonic() - self._scanned < RESCAN_SECONDS:
                return
        try:
            names = {entry.name: entry for entry in os.scandir(self.folder)}
        except OSError as error:
            log.warning("run store: cannot list %s: %s", self.folder, error)
            return
        for name, item in names.items():
            if name.startswith(TEMPORARY):
                self._clear_if_stale(Path(item.path))
                continue
            with self._lock:
                if name in self._entries:
                    continue
            if self._skipped.get(name) == self._mark(Path(item.path)):
                continue
            entry = self._read_entry(Path(item.path))
            if entry is not None:
                with self._lock:
                    self._entries.setdefault(name, entry)
        with self._lock:
            for name in [name for name in self._entries if name not in names]:  # removed by hand
                del self._entries[name]
                self._loaded.pop(name, None)
            self._listed_at, self._scanned = listed_at, time.monotonic()

    def _clear_if_stale(self, folder: Path) -> None:
        try:
            if time.time() - folder.stat().st_mtime > STALE_SECONDS:
                log.warning("run store: removing %s, left over from an interrupted write", folder)
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass

    def _keep_loaded(self, name: str, result: Any) -> None:
        with self._lock:
            self._loaded[name] = result
            self._loaded.move_to_end(name)
            while len(self._loaded) > self.limit:
                self._loaded.popitem(last=False)

    def _load(self, entry: _Entry) -> Any | None:
        """The entry's whole result, from the LRU or read from disk (checked against its done marker)."""
        name = entry.run.name
        with self._lock:
            lock = self._loading.setdefault(name, threading.Lock())
        with lock:  # two pages asking for the same run at once: it is read once
            with self._lock:
                if name in self._loaded:
                    self._loaded.move_to_end(name)
                    return self._loaded[name]
            began = time.perf_counter()
            try:
                for file, digest in entry.files.items():
                    if "/" in file or _sha256(entry.folder / file) != digest:
                        raise codec.StoredResultError(f"{file} does not match its checksum")
                result = codec.read_result(entry.folder)
            except Exception as error:  # a damaged run is skipped, whatever the library reading it raised
                self._skip(entry.folder, f"cannot be loaded ({type(error).__name__}: {error})")
                return None
            log.info("run store: loaded %s in %.2f s", entry.folder, time.perf_counter() - began)
            self._keep_loaded(name, result)
            return result

    def _tree(self, entry: _Entry) -> dict:
        """The entry's result.json top level (cached: it never changes), {} if unreadable."""
        if entry.tree is None:
            try:
                tree = codec.read_tree(entry.folder)
                fields = tree.get("fields") if isinstance(tree.get("fields"), dict) else {}
                entry.tree = {"__dataclass__": tree["__dataclass__"], "fields": fields}
            except (OSError, codec.StoredResultError) as error:
                self._skip(entry.folder, f"result.json: {error}")
                entry.tree = {"__dataclass__": None, "fields": {}}
        return entry.tree


class RunGone(LookupError):
    """A stored run that could not be loaded after all (damaged or removed since it was listed)."""


class StoredResult:
    """Stands for a stored run's result in ``DiskStore.items()``: the result's small fields (numbers, texts, the
    history, an evaluation and its arrays) come from result.json and arrays.npz, and are kept here once read (a few
    kB a run); anything else (the model, a large text, a method) loads the whole result through the store's LRU. A
    property of the result's class is computed on this stand-in, so it loads the model only if it needs it. Nothing
    holding a model is kept here: those stay with the LRU."""

    __slots__ = ("_cheap", "_entry", "_store")

    def __init__(self, store: DiskStore, entry: _Entry) -> None:
        object.__setattr__(self, "_store", store)
        object.__setattr__(self, "_entry", entry)
        object.__setattr__(self, "_cheap", {})

    @property
    def run(self) -> RunKey:  # every result's key field is named run, when it has one
        return self._field("run") if "run" in self._store._tree(self._entry)["fields"] else self._entry.run

    def result(self) -> Any:
        """The whole result (loaded, or from the LRU)."""
        found = self._store._load(self._entry)
        if found is None:
            raise RunGone(f"the stored run {self._entry.folder} can no longer be read")
        return found

    def _field(self, name: str):
        cheap = self._cheap
        if name not in cheap:
            value = self._store._tree(self._entry)["fields"][name]
            try:
                cheap[name] = codec.decode_field(value, self._entry.folder)
            except Exception as error:  # damaged since it was listed: as when the whole result cannot be read
                self._store._skip(self._entry.folder, f"cannot be read ({type(error).__name__}: {error})")
                raise RunGone(f"the stored run {self._entry.folder} can no longer be read") from error
        return cheap[name]

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        tree = self._store._tree(self._entry)
        value = tree["fields"].get(name, self)
        if value is not self:  # a field: from result.json (and arrays.npz) unless it is the model, or large
            if not codec.needs(value, "__model__") and len(json.dumps(value)) <= CHEAP_FIELD_BYTES:
                return self._field(name)
            return getattr(self.result(), name)
        if tree["__dataclass__"]:
            attribute = getattr(codec.result_class(tree["__dataclass__"]), name, None)
            if isinstance(attribute, property):
                return attribute.fget(self)
        return getattr(self.result(), name)

    def __setattr__(self, name: str, value) -> None:
        setattr(self.result(), name, value)

    def __repr__(self) -> str:
        return f"StoredResult({self._entry.run!r})"
