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
4. ``streamlit.config.get_option`` takes the config's global lock on every call, and Streamlit calls it for every
   message a run sends (``populate_hash_if_needed``) and every widget (``save_for_app_testing``). Sixty students'
   runs and ten explorers' queue on that one lock: a thread that holds it and loses the GIL keeps all the others
   waiting (18 % of the script threads' samples while a room joined, py-spy). The options, once parsed, are read
   without the lock, as Streamlit's own ``get_config_options`` reads them; anything else goes to the original.
   ``get_options_for_section`` holds the same lock while it walks all ~370 options, and the event loop calls it at
   the start of every run of every session (the theme, in ``new_session``): which options are in a section is
   kept per parsed config, their values are read fresh each call.
(``runner.postScriptGC`` is off in .streamlit/config.toml: a full collection costs ~150 ms once TensorFlow is
loaded, after every rerun of every session.)
"""

import pandas  # noqa: F401  (see 2.)
from streamlit import config
from streamlit.runtime import Runtime
from streamlit.runtime.scriptrunner import script_runner

from lstm_viz.wakeups import coalesce


def _keep_keras_state() -> None:
    """Instead of Streamlit's per-run clean-up (see 1.)."""


def _unlocked(locked):
    """``config.get_option`` that reads parsed options without the lock (see 4.); ``locked``: Streamlit's own."""

    def get_option(key: str):
        options = config._config_options
        option = options.get(key) if options else None
        return option.value if option is not None else locked(key)

    get_option.locked = locked  # (Streamlit's own)
    return get_option


def _sections(locked):
    """``config.get_options_for_section`` without the lock and without the walk (see 4.)."""
    kept: list = [(None, {})]  # (the parsed options, their members by section), replaced whole when parsed again

    def get_options_for_section(section: str) -> dict:
        options = config._config_options
        if not options:
            return locked(section)
        parsed, members = kept[0]
        if parsed is not options:  # (a config parsed again: a new dict)
            members = {}
            kept[0] = (options, members)
        found = members.get(section)
        if found is None:
            found = members[section] = [option for option in options.values() if option.section == section]
        return {option.name: option.value for option in found}

    get_options_for_section.locked = locked
    return get_options_for_section


def unlock_config() -> None:
    """Streamlit's config read without its lock (see 4.), once, and only over Streamlit's own functions."""
    if getattr(config, "_config_options", None) is None:
        return
    if getattr(config.get_option, "__module__", "") == config.__name__:
        config.get_option = _unlocked(config.get_option)
    if getattr(config.get_options_for_section, "__module__", "") == config.__name__:
        config.get_options_for_section = _sections(config.get_options_for_section)


def configure() -> None:
    if hasattr(script_runner, "_clean_problem_modules"):
        script_runner._clean_problem_modules = _keep_keras_state
    if Runtime.exists():  # (not in AppTest, which has no server)
        try:
            coalesce(Runtime.instance()._get_async_objs().eventloop)  # see 3.
        except RuntimeError:  # the runtime has not started its loop yet
            pass
        unlock_config()  # see 4. (AppTest replaces get_option for its runs: left alone there)
