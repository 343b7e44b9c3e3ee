"""Every connection the server accepts sends small messages at once (TCP_NODELAY).

asyncio turns Nagle's algorithm off for the TCP sockets it wraps, but only those whose ``proto`` says TCP
(``asyncio.base_events._set_nodelay``). Streamlit makes its listening socket with ``socket.socket(family=...)``,
whose ``proto`` is 0, and the connections it accepts inherit that: Nagle stays on. A run's first message (the
session's, ~1 kB) leaves; the next, small ones wait for its acknowledgement, which the browser delays by up to
40 ms. Every run of every page arrived ~40 ms late: a fragment's run that takes the server 9 ms reached the browser
after 48 ms, an explorer's rerun after 76. ``apply`` makes asyncio set TCP_NODELAY on every TCP stream socket,
whatever its ``proto``; it must run before the server accepts its first connection (``app.py``).
"""

from __future__ import annotations

import asyncio.base_events
import socket

_MARK = "_lstm_viz_nodelay"


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in {socket.AF_INET, socket.AF_INET6} and sock.type == socket.SOCK_STREAM:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # a socket already closed: nothing to send
            pass


setattr(_set_nodelay, _MARK, True)


def apply() -> bool:
    """Make asyncio's transports set TCP_NODELAY on every TCP socket (once per process); whether it changed."""
    if getattr(asyncio.base_events._set_nodelay, _MARK, False):
        return False
    asyncio.base_events._set_nodelay = _set_nodelay
    return True
