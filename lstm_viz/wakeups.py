"""Fewer wake-ups of an asyncio event loop from other threads (no Streamlit here; ``ui/server.py`` applies it).

``loop.call_soon_threadsafe`` appends the callback to the loop's ready queue and writes one byte to the loop's
self-pipe, so that a loop asleep in ``select`` wakes up. That write is a system call that gives up the GIL; a thread
that makes it while other threads compute waits for the GIL to come back (up to the interpreter's switch interval,
5 ms) every time. A Streamlit script run calls it once per element it draws.

``coalesce(loop)`` makes the write happen only when no wake-up is pending: the first callback after the loop last
read its self-pipe writes the byte, the others only append to the ready queue. Why no callback is left asleep: a
thread that skips the write saw the flag set *after* appending its callback, so the loop has yet to read that byte
(the read clears the flag); once it has read it, it goes round again and finds the callback in its ready queue (its
next ``select`` does not block while the queue is not empty). Signals still wake the loop (they write to the pipe
themselves), and what the loop does with the bytes it reads is unchanged.
"""

from __future__ import annotations

import asyncio
from typing import Any

_MARK = "_lstm_viz_coalesced"


def coalesce(loop: asyncio.AbstractEventLoop) -> bool:
    """Make ``loop``'s cross-thread wake-ups coalesce (once per loop; True if it is now so). A loop that is not a
    selector loop with a self-pipe (uvloop, Windows' proactor) is left as it is (False)."""
    if getattr(loop, _MARK, False):
        return True
    write = getattr(loop, "_write_to_self", None)
    process = getattr(loop, "_process_self_data", None)
    if not isinstance(loop, asyncio.selector_events.BaseSelectorEventLoop) or write is None or process is None:
        return False
    pending = [False]  # a byte is on its way to the loop, not yet read

    def write_once() -> None:
        if pending[0]:
            return
        pending[0] = True
        write()

    def read(data: Any) -> None:
        pending[0] = False
        process(data)

    loop._write_to_self = write_once  # type: ignore[attr-defined]
    loop._process_self_data = read  # type: ignore[attr-defined]
    setattr(loop, _MARK, True)
    return True
