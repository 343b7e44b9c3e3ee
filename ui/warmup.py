"""What the first visitor would otherwise wait for, done as the server starts (app.py calls ``start``).

A fresh server process imports the pages' modules (NumPy, SciPy's ``expit``, the cells, the scene, the catalogues),
builds the scene's JavaScript bundle and Streamlit's lazily imported widget modules during the first session's run:
1.2 s of the first visitor's cold start here (bench/cell.py's first session against its second). A background thread
does the same work at launch, while the first browser still loads Streamlit's own files, so the first run finds it
done. The modules are the ones the first page and the navigation import (read from their source, so the list
follows them); nothing here runs a page or touches a session. A session's run waits for the warm-up to end
(``wait``, in app_main.py) rather than import the same modules beside it: two threads importing one package at once
can see it half imported.
"""

from __future__ import annotations

import ast
import importlib
import logging
import threading
from pathlib import Path

log = logging.getLogger(__name__)
_DONE = threading.Event()
_STARTED = threading.Event()

ROOT = Path(__file__).resolve().parents[1]
FIRST = ("app_main.py", "pages/explorer.py")  # the navigation, then the page a first visitor sees
LAZY = ("streamlit.emojis",)  # Streamlit imports these on the first segmented control (0.16 s of the first run)


def imported(script: Path) -> list[str]:
    """The modules a script imports at its top level (``from ui import scene`` counts ``ui.scene``)."""
    names = []
    for node in ast.parse(script.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _warm() -> None:
    try:
        _imports()
    finally:
        _DONE.set()


def _imports() -> None:
    for name in [module for script in FIRST for module in imported(ROOT / script)] + list(LAZY):
        try:
            importlib.import_module(name)
        except ImportError:  # ``from ui import config`` names a function, not a module: nothing to do
            pass
        except Exception as error:  # (a warm-up must never stop the server; the page will say it)
            log.warning("warm-up: importing %s failed: %s", name, error)
    try:
        import numpy as np

        from lstm_viz import cells, scene
        from lstm_viz.i18n import Texts

        scene.renderer()
        scene.stylesheet()
        for language in ("en", "ru"):
            Texts(language)
        cells.forward(cells.fresh(cells.kind(cells.DEFAULT), 1), np.zeros((2, 1)))  # NumPy's and SciPy's first calls
    except Exception as error:
        log.warning("warm-up failed: %s", error)


def start() -> threading.Thread:
    _STARTED.set()
    thread = threading.Thread(target=_warm, name="lstm-viz-warm-up", daemon=True)
    thread.start()
    return thread


def wait(seconds: float = 20.0) -> None:
    """Until the warm-up has ended (at once where none was started: a test's AppTest; and once it has ended, or
    kept one run waiting ``seconds``: a warm-up that hangs never holds the server's runs again)."""
    if _STARTED.is_set():
        _DONE.wait(seconds)
        _STARTED.clear()
