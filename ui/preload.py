"""A first visit fetches the widgets' scripts with Streamlit's own, not after the first run (app.py installs it).

Streamlit's page (its ``index.html``) preloads the scripts it always needs. Each widget's script (the slider's, the
radio's, the scene's component …) is a chunk loaded only when the first run's messages name that widget: on a first
visit here that was ~50 requests starting ~0.8 s after navigation, answered while the server ran the script, so the
widgets showed 0.3–0.5 s later than the page's own scripts allowed. This middleware adds ``<link rel="modulepreload">``
for the chunks of the widgets the pages draw, and the chunks those import, to every page document Streamlit serves.
The browser then fetches them beside Streamlit's own scripts, before the websocket opens; all from this server.

The chunks are found in Streamlit's static folder by the widget's name (``Slider.<hash>.js``) and their ``import``
statements, so a new Streamlit's hashes are followed; a name that no longer exists is skipped.
tests/browser/test_first_visit_browser.py checks that a first visit requests no script after the first run began.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

# Streamlit's frontend components the pages draw on a first screen (their chunks' names in static/js)
WIDGETS = (
    "BidiComponent", "Button", "ButtonGroup", "Checkbox", "DownloadButton", "Html", "NumberInput", "PageLink",
    "Radio", "Selectbox", "Slider", "TextInput",
)  # fmt: skip
IMPORTS = re.compile(r'(?:\bfrom|\bimport)\s*"\./([\w.\-]+\.js)"')
ALREADY = re.compile(r'href="\./static/js/([\w.\-]+\.js)"|src="\./static/js/([\w.\-]+\.js)"')
HEAD_END = b"</head>"
NOT_PAGES = ("/static/", "/_stcore/", "/media/", "/component/", "/lstm-viz/")  # files, downloads and routes
FILE_SENDING = ("http.response.pathsend", "http.response.zerocopy")  # a server's ways to send a file unread
MAX_PAGE = 1 << 20  # Streamlit's page is ~8 kB: anything larger is not it, and is not held in memory


def static_folder() -> Path:
    import streamlit

    return Path(streamlit.__file__).parent / "static"


def chunks(folder: Path, widgets: tuple[str, ...] = WIDGETS) -> list[str]:
    """The widgets' chunks and every chunk they import, each once, in a stable order."""
    scripts = folder / "static" / "js"
    by_name = {path.name.split(".", 1)[0]: path.name for path in sorted(scripts.glob("*.js"))}
    pending = [by_name[name] for name in reversed(widgets) if name in by_name]
    found: list[str] = []
    while pending:
        name = pending.pop()
        if name in found or not (scripts / name).is_file():
            continue
        found.append(name)
        source = (scripts / name).read_text(encoding="utf-8", errors="replace")
        pending.extend(reversed(IMPORTS.findall(source)))
    return found


@functools.cache
def links(folder: Path | None = None) -> bytes:
    """The ``<link>`` tags to add: the widgets' chunks that Streamlit's page does not already name."""
    folder = folder or static_folder()
    try:
        index = (folder / "index.html").read_text(encoding="utf-8")
        named = {a or b for a, b in ALREADY.findall(index)}
        found = chunks(folder)
    except OSError:  # (no static folder: nothing to add, the page works as Streamlit serves it)
        return b""
    return "".join(
        f'<link rel="modulepreload" crossorigin href="./static/js/{name}">' for name in found if name not in named
    ).encode()


def with_links(body: bytes, extra: bytes) -> bytes:
    """Streamlit's page with the links before its ``</head>`` (any other HTML unchanged)."""
    if not extra or HEAD_END not in body or b"./static/js/index." not in body:
        return body
    return body.replace(HEAD_END, extra + HEAD_END, 1)


class Preload:
    """ASGI middleware: page documents (HTML, status 200) get the links; every other response streams through
    untouched (a range, a HEAD, a download, a 304). A HEAD for a page says the length without the links."""

    def __init__(self, app) -> None:
        self.app = app
        links()  # read as the server starts (109 files: 0.35 s when the first page asked for them, beside the warm-up)

    async def __call__(self, scope, receive, send) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        page = (
            scope.get("method") == "GET"
            and b"text/html" in headers.get(b"accept", b"")
            and b"range" not in headers
            and not scope.get("path", "").startswith(NOT_PAGES)
        )
        if not page:
            await self.app(scope, receive, send)  # (not a browser asking for a page: streams through)
            return
        # the page is asked for whole, uncompressed and as bytes (a few kB), so that the links can be added
        scope = {
            **scope,
            "headers": [(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"],
            "extensions": {k: v for k, v in scope.get("extensions", {}).items() if k not in FILE_SENDING},
        }
        start: dict = {}
        parts: list[bytes] = []

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                length = int(headers.get(b"content-length", b"0") or 0)
                if (
                    message.get("status") != 200
                    or b"text/html" not in headers.get(b"content-type", b"")
                    or b"content-encoding" in headers
                    or length > MAX_PAGE
                ):
                    start["pass"] = True
                    await send(message)
                else:
                    start.update(message)
                return
            if start.get("pass") or message["type"] != "http.response.body":
                await send(message)
                return
            parts.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = with_links(b"".join(parts), links())
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, sending)
