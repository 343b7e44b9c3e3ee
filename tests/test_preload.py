"""ui.preload: a page document names the widgets' chunks (and what they import) for the browser to fetch at once;
every other response passes untouched. The first visit itself: tests/browser/test_first_visit_browser.py."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from ui import preload

INDEX = (
    '<html><head><script type="module" crossorigin src="./static/js/index.AAA.js"></script>'
    '<link rel="modulepreload" crossorigin href="./static/js/react.BBB.js"></head><body></body></html>'
)


def static(tmp_path):
    scripts = tmp_path / "static" / "js"
    scripts.mkdir(parents=True)
    (tmp_path / "index.html").write_text(INDEX)
    files = {
        "index.AAA.js": "",
        "react.BBB.js": "",
        "Slider.CCC.js": 'import{a as b}from"./useField.DDD.js";import"./react.BBB.js";const x=1;',
        "useField.DDD.js": 'import{c}from"./Slider.CCC.js";export{c}',  # a cycle is followed once
        "Radio.EEE.js": 'import{d}from "./useField.DDD.js";',
        "Unused.FFF.js": "",
    }
    for name, text in files.items():
        (scripts / name).write_text(text)
    return tmp_path


def test_chunks_are_the_widgets_and_what_they_import_each_once(tmp_path):
    folder = static(tmp_path)
    assert preload.chunks(folder, ("Slider", "Radio", "Missing")) == [
        "Slider.CCC.js", "useField.DDD.js", "react.BBB.js", "Radio.EEE.js",
    ]  # fmt: skip


def test_links_leave_out_what_streamlits_page_names_already(tmp_path, monkeypatch):
    folder = static(tmp_path)
    monkeypatch.setattr(preload, "WIDGETS", ("Slider", "Radio"))
    preload.links.cache_clear()
    try:
        links = preload.links(folder).decode()
    finally:
        preload.links.cache_clear()
    assert links.count("<link") == 3 and "react.BBB.js" not in links and "Unused" not in links
    assert 'href="./static/js/useField.DDD.js"' in links
    body = preload.with_links(INDEX.encode(), links.encode()).decode()
    assert body.index("Slider.CCC.js") < body.index("</head>") and body.count("</head>") == 1
    other = b"<html><head></head><body>a download</body></html>"  # not Streamlit's page: unchanged
    assert preload.with_links(other, links.encode()) == other


def test_links_of_no_static_folder_are_none(tmp_path):
    assert preload.links(tmp_path / "nowhere") == b""


def run(app, scope):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    # in a thread of its own: a browser test's Playwright keeps an event loop running in this one
    with ThreadPoolExecutor(1) as thread:
        thread.submit(asyncio.run, preload.Preload(app)(scope, receive, send)).result()
    return sent


def responder(content_type: bytes, parts: list[bytes], seen: list):
    async def app(scope, receive, send):
        seen.append(scope)
        length = str(sum(map(len, parts))).encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", content_type), (b"content-length", length)]})  # fmt: skip
        for k, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": k < len(parts) - 1})

    return app


def page_scope(accept=b"text/html,application/xhtml+xml"):
    headers = [(b"accept", accept), (b"accept-encoding", b"gzip, br")]
    return {"type": "http", "method": "GET", "path": "/layers", "headers": headers}


def test_a_page_document_gets_the_links_with_its_length(monkeypatch):
    monkeypatch.setattr(preload, "links", lambda: b'<link rel="modulepreload" href="./static/js/Slider.CCC.js">')
    seen: list = []
    half = len(INDEX) // 2
    sent = run(responder(b"text/html", [INDEX[:half].encode(), INDEX[half:].encode()], seen), page_scope())
    body = b"".join(message.get("body", b"") for message in sent[1:])
    assert b"Slider.CCC.js" in body and body.endswith(b"</html>")
    assert dict(sent[0]["headers"])[b"content-length"] == str(len(body)).encode()
    assert b"accept-encoding" not in dict(seen[0]["headers"])  # asked uncompressed, so the links can be added


def test_everything_else_passes_untouched(monkeypatch):
    monkeypatch.setattr(preload, "links", lambda: b"<link>")
    seen: list = []
    parts = [b'{"a":', b"1}"]
    sent = run(responder(b"application/json", parts, seen), page_scope(accept=b"*/*"))
    assert [m.get("body") for m in sent[1:]] == parts and b"accept-encoding" in dict(seen[0]["headers"])
    sent = run(responder(b"text/html", [b"<html><head></head></html>"], seen), {**page_scope(), "method": "HEAD"})
    assert sent[1]["body"] == b"<html><head></head></html>"
    sent = run(responder(b"text/html", parts, seen), {"type": "websocket", "path": "/_stcore/stream", "headers": []})
    assert seen[-1]["type"] == "websocket"


def test_a_range_a_file_path_a_304_and_a_large_page_pass_untouched(monkeypatch):
    """A range (206), a path of files or downloads, a response that is not 200, or HTML over 1 MB: not held, not
    changed, and asked as the browser asked (compressed where it said so)."""
    monkeypatch.setattr(preload, "links", lambda: b"<link>")
    seen: list = []
    page = INDEX.encode()
    ranged = {**page_scope(), "headers": [*page_scope()["headers"], (b"range", b"bytes=0-")]}
    for scope in (ranged, {**page_scope(), "path": "/media/abc.html"}, {**page_scope(), "path": "/static/x.html"}):
        sent = run(responder(b"text/html", [page], seen), scope)
        assert sent[1]["body"] == page and b"accept-encoding" in dict(seen[-1]["headers"])

    async def not_modified(scope, receive, send):
        await send({"type": "http.response.start", "status": 304, "headers": [(b"etag", b'"1"')]})
        await send({"type": "http.response.body", "body": b""})

    sent = run(not_modified, page_scope())
    assert sent[0]["status"] == 304 and sent[1]["body"] == b""
    large = page + b" " * (preload.MAX_PAGE + 1)
    sent = run(responder(b"text/html", [large[: len(large) // 2], large[len(large) // 2 :]], seen), page_scope())
    assert len(sent) == 3 and b"".join(m["body"] for m in sent[1:]) == large  # streamed as it came


def test_a_page_is_asked_as_bytes_not_as_a_file_the_server_sends_itself(monkeypatch):
    """An ASGI server's pathsend/zerocopy would send the file past the middleware: a page request does not offer
    them (other requests keep them)."""
    monkeypatch.setattr(preload, "links", lambda: b"<link>")
    seen: list = []
    extensions = {"http.response.pathsend": {}, "http.response.zerocopy": {}, "http.response.trailers": {}}
    run(responder(b"text/html", [INDEX.encode()], seen), {**page_scope(), "extensions": extensions})
    assert set(seen[-1]["extensions"]) == {"http.response.trailers"}
    run(responder(b"text/css", [b"a{}"], seen), {**page_scope(accept=b"text/css"), "extensions": extensions})
    assert set(seen[-1]["extensions"]) == set(extensions)
