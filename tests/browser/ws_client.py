"""A browser-like Streamlit client over the real websocket: what the frontend sends, without drawing anything.

It sends ``BackMsg.rerun_script`` with the widget states the frontend would send, reads the ``ForwardMsg``s
back, and records what a user would see: the texts, the widget ids by key, exceptions, and how long each run
took (request sent → ``script_finished``). Fragments with ``run_every`` (playback, training progress) are
rerun on their interval as the frontend does. Used by bench/load.py and the load test.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
}


@dataclass
class Run:
    fragment: bool  # a fragment's run only (a widget inside it, or its timer), not the whole page
    timer: bool  # started by a fragment's run_every (playback, training progress), not by the user
    began: float  # time.perf_counter() when it was asked for
    seconds: float


@dataclass
class Client:
    """One browser tab on ``page`` (a url path, "" for the home page)."""

    port: int
    page: str = ""
    query: str = ""
    cookie: str = ""  # sent with the websocket's handshake (a proxy's sticky-session cookie)
    widgets: dict[str, str] = field(default_factory=dict)  # key → widget id, as last seen
    options: dict[str, list[str]] = field(default_factory=dict)  # key → a radio's or selectbox's options
    states: dict[str, WidgetState] = field(default_factory=dict)  # widget id → the value this tab holds
    fragments: dict[str, str] = field(default_factory=dict)  # key → the fragment that draws the widget ("": none)
    shown: list[tuple[str, str]] = field(default_factory=list)  # (fragment, text): markdown, captions, metrics…
    errors: list[str] = field(default_factory=list)  # exceptions shown, failed runs
    runs: list[Run] = field(default_factory=list)
    auto_rerun: dict[str, float] = field(default_factory=dict)  # fragment id → interval (s)
    components: dict[str, str] = field(default_factory=dict)  # key → a component's data (JSON), as last sent
    on_component: object = None  # called with (key, data JSON) whenever a component's data arrives

    async def __aenter__(self) -> Client:
        self._socket = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/_stcore/stream",
            subprotocols=["streamlit"],
            origin=f"http://127.0.0.1:{self.port}",
            max_size=2**26,
            additional_headers={"Cookie": self.cookie} if self.cookie else None,
        )
        self._timers_this_run: dict[str, float] = {}
        self._finished = asyncio.Event()
        self._finished.set()
        self._lock = asyncio.Lock()  # one run at a time per tab, as the frontend does
        self._reader = asyncio.create_task(self._read())
        self._ticker = asyncio.create_task(self._tick())
        return self

    async def __aexit__(self, *exc) -> None:
        self._ticker.cancel()
        self._reader.cancel()
        await self._socket.close()

    # --- what a user does ---------------------------------------------------------------------------------

    async def open(self, timeout: float = 60) -> float:
        return await self.rerun(timeout=timeout)

    async def set(self, key: str, timeout: float = 60, **value) -> float:
        """Give the widget with this key a value (``int_value=3``, ``double_value=…``, ``string_value=…``).

        Like the frontend, a widget drawn inside a fragment reruns that fragment only."""
        state = WidgetState(id=self.widgets[key], **value)
        self.states[state.id] = state
        return await self.rerun(fragment=self.fragments.get(key, ""), timeout=timeout)

    def stage(self, key: str, **value) -> None:
        """Give a widget of a form a value without a run (the frontend sends it with the form's submit)."""
        state = WidgetState(id=self.widgets[key], **value)
        self.states[state.id] = state

    async def choose(self, key: str, index: int, timeout: float = 60) -> float:
        """Pick a radio's or selectbox's option by position (the frontend sends the option's label)."""
        return await self.set(key, timeout=timeout, string_value=self.options[key][index])

    async def slide(self, key: str, value: float, timeout: float = 60) -> float:
        """Move a slider of decimals (a select slider over a grid, ui/number_slider.py) to the option nearest
        ``value``: the frontend sends the option's label, as written in the page's language."""
        label = min(self.options[key], key=lambda text: abs(_number(text) - value))
        return await self.set(key, timeout=timeout, string_array_value={"data": [label]})

    async def click(self, key: str, timeout: float = 60) -> float:
        """Press a button: a trigger value sent once, as the frontend does."""
        trigger = WidgetState(id=self.widgets[key], trigger_value=True)
        return await self.rerun(fragment=self.fragments.get(key, ""), extra=[trigger], timeout=timeout)

    async def trigger(self, key: str, event: str, value, timeout: float = 60) -> float:
        """A component's trigger (``setTriggerValue(event, value)`` in its JavaScript), sent once, as the frontend
        does."""
        import json

        payload = json.dumps([{"event": event, "value": value}])
        state = WidgetState(id=self.widgets[key] + "__events", json_trigger_value=payload)
        return await self.rerun(fragment=self.fragments.get(key, ""), extra=[state], timeout=timeout)

    async def rerun(self, fragment: str = "", extra=(), timeout: float = 60, timer: bool = False) -> float:
        async with self._lock:
            return await self._rerun(fragment, extra, timeout, timer)

    async def _rerun(self, fragment: str, extra, timeout: float, timer: bool) -> float:
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query
        state.page_name = self.page
        state.fragment_id = fragment
        state.is_auto_rerun = timer
        state.widget_states.widgets.extend([*self.states.values(), *extra])
        self.shown = [(where, text) for where, text in self.shown if fragment and where != fragment]
        self._finished.clear()
        began = time.perf_counter()
        await self._socket.send(message.SerializeToString())
        await asyncio.wait_for(self._finished.wait(), timeout)
        seconds = time.perf_counter() - began
        self.runs.append(Run(bool(fragment), timer, began, seconds))
        return seconds

    @property
    def texts(self) -> list[str]:
        """What the page shows now (the latest run of the page and of each fragment)."""
        return [text for _, text in self.shown]

    def has_text(self, part: str) -> bool:
        return any(part in text for text in self.texts)

    # --- what the frontend does ---------------------------------------------------------------------------

    async def _read(self) -> None:
        async for data in self._socket:
            message = ForwardMsg()
            message.ParseFromString(data)
            kind = message.WhichOneof("type")
            if kind == "delta":
                self._element(message.delta, message.delta.fragment_id)
            elif kind == "script_finished":
                status = message.script_finished
                if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun(): the run it asked for follows, and ends the request
                if status not in FINISHED:
                    self.errors.append(f"run ended with status {status}")
                if status == ForwardMsg.FINISHED_SUCCESSFULLY:  # a whole-page run: its timers are all there are
                    self.auto_rerun = dict(self._timers_this_run)
                self._finished.set()
            elif kind == "auto_rerun":
                self.auto_rerun[message.auto_rerun.fragment_id] = message.auto_rerun.interval
                self._timers_this_run[message.auto_rerun.fragment_id] = message.auto_rerun.interval
            elif kind == "stop_auto_rerun":
                self.auto_rerun.clear()
            elif kind == "session_event" and message.session_event.WhichOneof("type") == (
                "script_compilation_exception"
            ):
                self.errors.append("script compilation exception")
                self._finished.set()
            elif kind == "new_session":  # a run starts (a fragment's too): timers are settled when it ends
                self._timers_this_run = {}

    def _element(self, delta, fragment: str) -> None:
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind is None:
            return
        body = getattr(element, kind)
        if kind == "exception":
            self.errors.append(f"{body.type}: {body.message}")
        for name in ("body", "label", "text"):
            text = getattr(body, name, None)
            if isinstance(text, str) and text:
                self.shown.append((fragment, text))
        widget_id = getattr(body, "id", "")
        if kind == "bidi_component" and isinstance(widget_id, str) and widget_id.startswith("$$ID-"):
            key = widget_id.split("-", 2)[2]
            self.components[key] = body.json
            if self.on_component is not None:
                self.on_component(key, body.json)
        if isinstance(widget_id, str) and widget_id.startswith("$$ID-"):
            key = widget_id.split("-", 2)[2]
            self.widgets[key] = widget_id
            self.fragments[key] = fragment
            if kind in ("radio", "selectbox") or (kind == "slider" and len(body.options)):  # (a select slider's)
                self.options[key] = list(body.options)

    async def _tick(self) -> None:
        """Rerun every ``run_every`` fragment on its interval (only between our own runs, as the frontend
        queues them)."""
        last: dict[str, float] = {}
        while True:
            await asyncio.sleep(0.05)
            now = time.perf_counter()
            for fragment, interval in list(self.auto_rerun.items()):
                if now - last.get(fragment, now - interval) >= interval and not self._lock.locked():
                    last[fragment] = now
                    try:
                        await self.rerun(fragment=fragment, timeout=30, timer=True)
                    except TimeoutError:
                        self.errors.append("fragment run timed out")


def _number(label: str) -> float:
    """A slider option's label as a number (a Unicode minus, a decimal comma)."""
    try:
        return float(label.replace("\u2212", "-").replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        return float("inf")
