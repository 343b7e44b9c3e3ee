"""A member's look at the class at the app's route (lstm_viz/routes.py; issue 28): answered without a script run,
checked on the server for every look, and never more than a member may see."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from lstm_viz.classroom.service import Classroom
from lstm_viz.classroom.sqlite_store import SQLiteClassStore
from lstm_viz.routes import MAX_BODY, PATH, look, question_mark, where


@pytest.fixture
def service(tmp_path):
    return Classroom(SQLiteClassStore(tmp_path / "classes.sqlite3"))


def test_a_member_sees_the_lecturers_step_and_where_but_never_the_answers(service):
    lecturer = service.start(60)
    member = service.join(lecturer.code, "ann", client="a")
    service.drive(lecturer, page="explorer", state={"link": "kind=lstm"}, t=7, playing=True, speed=4.0)
    status, seen = look({"code": member.code, "token": member.token}, service)
    assert status == 200 and seen["alive"] and seen["t"] == 7 and seen["playing"] and seen["speed"] == 4.0
    assert seen["where"] == where("explorer", {"link": "kind=lstm"}) != where("explorer", {"link": "kind=gru"})
    assert seen["question"] == ""
    service.open_question(lecturer, "q1", "number", "f after 23 steps?", right=0.09, tolerance=0.02)
    service.answer(member, "q1", 0.1)
    status, asked = look({"code": member.code, "token": member.token}, service)
    assert asked["question"].startswith("q1:open:") and asked["version"] == seen["version"]
    text = json.dumps(asked)
    assert "0.09" not in text and "answers" not in text  # neither the right answer nor the count
    service.reveal(lecturer)
    assert look({"code": member.code, "token": member.token}, service)[1]["question"].startswith("q1:revealed:")


def test_a_wrong_token_an_ended_class_and_a_guessed_code_get_the_same_refusal(service):
    lecturer = service.start(60)
    member = service.join(lecturer.code, None, client="b")
    wrong = look({"code": member.code, "token": member.token[:-1] + "x"}, service)
    lecturers_secret = look({"code": lecturer.code, "token": lecturer.secret}, service)
    no_class = look({"code": "ABCD-EFGH", "token": member.token}, service)
    assert wrong == lecturers_secret == no_class == (403, {"error": "not a member of a class that goes on"})
    service.end(lecturer)
    assert look({"code": member.code, "token": member.token}, service)[0] == 403
    for body in (None, [], {"code": 1, "token": "x"}, {"code": "x"}, "text"):
        assert look(body, service)[0] == 400


def test_question_mark_and_where_are_stable():
    assert where("explorer", {"b": 1, "a": 2}) == where("explorer", {"a": 2, "b": 1})
    assert question_mark(None) == ""


def _post(url: str, data: bytes, method: str = "POST") -> tuple[int, dict]:
    request = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    try:
        return status, json.loads(body or b"{}")
    except ValueError:
        return status, {"page": body.decode(errors="replace")[:200]}


def test_streamlit_run_app_py_serves_the_route(tmp_path):
    """`streamlit run app.py`, as a user starts it: the route answers beside the pages, on the same store."""
    from tests.browser.server import free_port, start_server, wait_healthy

    store = tmp_path / "classes.sqlite3"
    port = free_port()
    server = start_server(port, tmp_path / "streamlit.log", {"LSTM_VIZ_CLASSES": str(store)})
    try:
        wait_healthy(port)
        service = Classroom(SQLiteClassStore(store))
        lecturer = service.start(60)
        member = service.join(lecturer.code, "bo", client="c")
        service.drive(lecturer, page="why-lstm", state={}, t=3, playing=False, speed=2.0)
        url = f"http://127.0.0.1:{port}{PATH}"
        status, seen = _post(url, json.dumps({"code": member.code, "token": member.token}).encode())
        assert status == 200 and seen["t"] == 3 and seen["where"] == where("why-lstm", {})
        assert _post(url, json.dumps({"code": member.code, "token": "nope"}).encode())[0] == 403
        assert _post(url, b"{not json")[0] == 400
        assert _post(url, b"x" * (MAX_BODY + 1))[0] == 413
        got = _post(url, None, method="GET")[1]  # only the browser's POST is answered: a token never in a URL
        assert "alive" not in got and "error" not in got  # a GET is the app's page, as any unknown path
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as page:
            assert page.status == 200  # the pages still come from the same server
    finally:
        server.terminate()
        server.wait(timeout=20)
