"""The app's routes beside its pages (``app.py`` hands them to ``st.App``): answered by the web server itself, with no
script run, so that sixty students looking at a class once a second cost the server almost nothing.

``POST /lstm-viz/class`` with ``{"code", "token"}`` (a member's own, as the class gave them on joining): the class's
state as a member may see it. The token is checked here, on the server, for every look; a wrong one gets 403 and
nothing else. What it says (``look``):

- ``alive``: the class goes on (a class that ended answers 403, as a wrong token does: the page reruns and its
  panel says why);
- ``version``, ``t``, ``playing``, ``speed``: the lecturer's step, which the browser hands to its scene itself;
- ``where``: a digest of the lecturer's page and view (a follower's page reruns when it differs from its own);
- ``question``: which question is asked and how far it is (open, closed, revealed), never its answer or its count.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from lstm_viz.classroom.store import ClassView, Drive

PATH = "/lstm-viz/class"
MAX_BODY = 4096  # a code and a token


def where(page: str, state: dict) -> str:
    """The digest of a page and its view, the same on the server and in a page's data (what a follower compares)."""
    text = json.dumps([page, state], sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def question_mark(view: ClassView | None) -> str:
    """Which question is asked and how far it is, without its answers (a student's page reruns when it changes)."""
    question = view.question if view is not None else None
    return "" if question is None else f"{question.id}:{question.status}:{question.opened:.3f}"


def look(body: Any, service=None) -> tuple[int, dict]:
    """The answer to one member's look: (HTTP status, JSON)."""
    from lstm_viz.classroom import classroom

    service = service or classroom()
    if not isinstance(body, dict) or not isinstance(body.get("code"), str) or not isinstance(body.get("token"), str):
        return 400, {"error": "a code and a token"}
    if service.rejoin(body["code"], body["token"]) is None:  # a wrong token, or a class that ended: the same answer,
        return 403, {"error": "not a member of a class that goes on"}  # so that no code can be tried here
    view = service.view(body["code"])
    if view is None:
        return 200, {"alive": False}
    drive: Drive = view.drive
    return 200, {
        "alive": True,
        "version": drive.version,
        "t": drive.t,
        "playing": drive.playing,
        "speed": drive.speed,
        "where": where(drive.page, dict(drive.state)),
        "question": question_mark(view),
    }


async def class_route(request) -> Any:
    from starlette.responses import JSONResponse

    raw = await request.body()
    if len(raw) > MAX_BODY:
        return JSONResponse({"error": "too long"}, status_code=413)
    try:
        body = json.loads(raw or b"null")
    except (ValueError, UnicodeDecodeError):
        return JSONResponse({"error": "not JSON"}, status_code=400)
    # on the event loop itself: a look is two reads of the store (0.1 ms in SQLite, a round trip to Redis); a thread
    # per look would hand the interpreter's lock back and forth sixty times a second, slowing the pages' runs
    status, answer = look(body)
    return JSONResponse(answer, status_code=status, headers={"Cache-Control": "no-store"})


def routes() -> list:
    from starlette.routing import Route

    return [Route(PATH, class_route, methods=["POST"])]
