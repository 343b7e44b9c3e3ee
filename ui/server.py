"""Settings of the Streamlit server process that a classroom needs (not a page; app.py applies them).

1. Streamlit calls ``keras.backend.clear_session()`` after *every* script run once Keras is imported
   (``script_runner._clean_problem_modules``). In a server where training runs in background threads, that resets
   TensorFlow's graph and kernel cache under them on every student's rerun: two alphabet trainings that take 1.7 s
   side by side in a plain process took 35–45 s in the server. This app never relies on that reset (it keeps one
   compiled model per architecture, models.TrainerPool), so the hook is replaced by one that does nothing (this app
   uses no matplotlib, the hook's other concern).
2. plotly looks pandas up in ``sys.modules`` without importing it; when the first runs of several sessions import
   pandas at the same time, one of them can see the half-imported module ("partially initialized module 'pandas'
   has no attribute 'Series'"). Importing it here, before any session runs a page, closes that window.
3. Every message a script run sends (each element drawn) reaches the server's event loop by ``call_soon_threadsafe``,
   which writes a byte to the loop's self-pipe. The write gives up the GIL, and with other sessions' runs busy the
   script's thread waits for it to come back, once per element: a rerun of the explorer beside a class of sixty
   spent a quarter of its time there (py-spy). ``lstm_viz.wakeups.coalesce`` writes the byte only when the loop has
   not yet been woken since it last read the pipe: the messages are the same, the waits far fewer.
(``runner.postScriptGC`` is off in .streamlit/config.toml: a full collection costs ~150 ms once TensorFlow is
loaded, after every rerun of every session.)
"""

import pandas  # noqa: F401  (see 2.)
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import script_runner

from lstm_viz.wakeups import coalesce


def _keep_keras_state() -> None:
    """Instead of Streamlit's per-run clean-up (see 1.)."""


def configure() -> None:
    if hasattr(script_runner, "_clean_problem_modules"):
        script_runner._clean_problem_modules = _keep_keras_state
    if Runtime.exists():  # (not in AppTest, which has no server)
        try:
            coalesce(Runtime.instance()._get_async_objs().eventloop)  # see 3.
        except RuntimeError:  # the runtime has not started its loop yet
            pass
