"""Connections the server accepts send small messages at once (lstm_viz/nodelay.py): a listening socket made as
Streamlit makes it (``socket.socket(family=...)``, proto 0) hands asyncio connections with TCP_NODELAY set."""

from __future__ import annotations

import asyncio
import socket

import pytest

from lstm_viz import nodelay


async def accepted_nodelay() -> int:
    """TCP_NODELAY on the server's side of one connection, the listening socket made as Streamlit makes it."""
    listening = socket.socket(family=socket.AF_INET)  # proto 0, as streamlit/web/server/starlette/starlette_server.py
    listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listening.bind(("127.0.0.1", 0))
    accepted: asyncio.Future = asyncio.get_running_loop().create_future()

    async def on_connection(reader, writer):
        accepted.set_result(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(on_connection, sock=listening)
    async with server:
        _, writer = await asyncio.open_connection(*listening.getsockname())
        found = await asyncio.wait_for(accepted, 10)
        writer.close()
    return found


@pytest.fixture
def original_asyncio(monkeypatch):
    import asyncio.base_events

    monkeypatch.setattr(asyncio.base_events, "_set_nodelay", asyncio.base_events._set_nodelay)


def in_a_thread_of_its_own(coroutine) -> int:
    """asyncio.run where no loop runs (the browser tests' Playwright keeps one in the main thread)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=30)


def test_a_connection_streamlits_socket_accepts_sends_at_once(original_asyncio):
    nodelay.apply()
    assert in_a_thread_of_its_own(accepted_nodelay()) != 0
    assert nodelay.apply() is False  # once per process


def test_the_app_applies_it_before_the_server_accepts_anything():
    text = (nodelay.__file__.rsplit("/lstm_viz/", 1)[0] + "/app.py").replace("\\", "/")
    source = open(text, encoding="utf-8").read()
    assert source.index("nodelay.apply()") < source.index("st.App(")
