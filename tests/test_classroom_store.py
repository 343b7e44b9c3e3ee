"""The class store (issue 28) through the service, on both stores: SQLite in a temporary folder and a real
redis-server. Two store objects over the same file or URL stand for a restart or for two app processes."""

from __future__ import annotations

import csv
import io
import threading

import pytest

from lstm_viz.classroom import open_store
from lstm_viz.classroom.redis_store import RedisClassStore
from lstm_viz.classroom.service import ClassError, Classroom, Drive, Member
from lstm_viz.classroom.sqlite_store import SQLiteClassStore
from tests.redis_fixture import redis_url  # noqa: F401


class Clock:
    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["sqlite", "redis"])
def new_store(request, tmp_path):
    """A factory of store objects that all hold the same classes (one file, or one Redis database)."""
    if request.param == "sqlite":
        path = tmp_path / "classes.sqlite3"
        return lambda: SQLiteClassStore(path)
    url = request.getfixturevalue("redis_url")
    RedisClassStore(url).redis.flushdb()
    return lambda: RedisClassStore(url)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def room(new_store, clock):
    return Classroom(new_store(), clock=clock)


def test_start_join_rejoin_and_the_view_counts_members(room):
    lecturer = room.start()
    assert room.view(lecturer.code).members == 0
    ann = room.join(lecturer.code.lower()[:4] + " - " + lecturer.code[4:], "Ann", "client-1")
    anonymous = room.join(lecturer.code, "  ", "client-2")
    assert ann.code == lecturer.code and ann.nickname == "Ann" and anonymous.nickname is None
    view = room.view(lecturer.code)
    assert view.members == 2 and view.question is None and not view.ended and view.drive == Drive()
    assert room.rejoin(lecturer.code, ann.token) == ann
    assert room.rejoin(lecturer.code, "not-a-token") is None
    assert room.is_lecturer(lecturer.code, lecturer.secret) and not room.is_lecturer(lecturer.code, ann.token)
    assert room.view("NOSUCHCD") is None and room.view(None) is None


def test_drive_versions_increase_and_everyone_sees_the_scene(room):
    lecturer = room.start()
    first = room.drive(lecturer, page="explorer", state={"cell": "lstm", "w": [0.5, 1]}, t=0, playing=False, speed=2)
    second = room.drive(lecturer, page="alphabet", state={}, t=3, playing=True, speed=1.5)
    assert (first.version, second.version) == (1, 2)
    assert room.view(lecturer.code).drive == Drive("alphabet", {}, 3, True, 1.5, 2)
    with pytest.raises(ClassError) as refused:
        room.drive(lecturer, page="x", state={"bad": float("nan")}, t=0, playing=False, speed=1)
    assert refused.value.key == "class.bad_drive"


def test_a_number_question_is_answered_replaced_closed_revealed_and_tallied(room):
    lecturer = room.start()
    members = [room.join(lecturer.code, f"s{i}", f"c{i}") for i in range(3)]
    state = room.open_question(lecturer, "q1", "number", "f at step 3?", right=0.5, tolerance=0.05)
    assert state.status == "open" and state.answers == 0 and state.right is None and state.tolerance is None
    room.answer(members[0], "q1", "0,5")
    room.answer(members[1], "q1", 0.9)
    room.answer(members[1], "q1", "0.52")  # replaces 0.9
    room.answer(members[2], "q1", "-1")
    assert room.view(lecturer.code).question.answers == 3
    tally = room.tally(lecturer)
    assert sorted(tally.values) == [-1.0, 0.5, 0.52] and tally.count == 3
    assert tally.right is None and tally.correct is None and tally.tolerance is None
    room.close_question(lecturer)
    assert room.view(lecturer.code).question.status == "closed" and room.view(lecturer.code).question.right is None
    with pytest.raises(ClassError) as closed:
        room.answer(members[2], "q1", "0.5")
    assert closed.value.key == "class.question_closed"
    reveal = room.reveal(lecturer)
    assert (reveal.question_id, reveal.right, reveal.tolerance, reveal.answers, reveal.correct) == (
        "q1",
        0.5,
        0.05,
        3,
        2,
    )
    tally = room.tally(lecturer)
    assert tally.status == "revealed" and tally.right == 0.5 and tally.correct == 2
    question = room.view(lecturer.code).question
    assert (question.status, question.right, question.tolerance) == ("revealed", 0.5, 0.05)  # now everyone sees it


def test_a_choice_question_counts_per_choice_and_a_new_question_closes_the_old(room):
    lecturer = room.start()
    members = [room.join(lecturer.code, None, f"c{i}") for i in range(4)]
    room.open_question(
        lecturer, "gate", "choice", "Which gate forgets?", choices=["input", "forget", "output"], right=1
    )
    for member, choice in zip(members, [1, 1, 0, 2]):
        room.answer(member, "gate", choice)
    room.answer(members[3], "gate", 1)
    assert room.tally(lecturer).values == [1, 3, 0]
    room.open_question(lecturer, "next", "number", "How many units?")
    with pytest.raises(ClassError) as old:
        room.answer(members[0], "gate", 0)
    assert old.value.key == "class.question_closed"
    assert room.store.questions(lecturer.code)[0].status == "closed"
    assert room.view(lecturer.code).question.id == "next"


def test_one_answer_per_member_even_when_answering_at_once(room):
    lecturer = room.start()
    members = [room.join(lecturer.code, None, f"c{i}") for i in range(8)]
    room.open_question(lecturer, "q", "number", "x?")

    def answer_many(member: Member) -> None:
        for value in range(10):
            room.answer(member, "q", value)

    threads = [threading.Thread(target=answer_many, args=(member,)) for member in members]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert room.view(lecturer.code).question.answers == 8
    assert room.tally(lecturer).values == [9.0] * 8


def test_everything_survives_reopening_the_store(new_store, clock):
    room = Classroom(new_store(), clock=clock)
    lecturer = room.start()
    ann = room.join(lecturer.code, "Ann", "c")
    room.drive(lecturer, page="faces", state={"k": 1}, t=2, playing=False, speed=2)
    room.open_question(lecturer, "q", "number", "x?", right=1)
    room.answer(ann, "q", "1")
    restarted = Classroom(new_store(), clock=clock)  # a new process on the same file / Redis
    assert restarted.rejoin(lecturer.code, ann.token) == ann
    view = restarted.view(lecturer.code)
    assert view.members == 1 and view.drive.page == "faces" and view.drive.version == 1 and view.question.answers == 1
    assert restarted.tally(lecturer).values == [1.0]


def test_a_class_expires_by_the_clock(room, clock):
    lecturer = room.start(minutes=5)
    ann = room.join(lecturer.code, "Ann", "c")
    assert room.view(lecturer.code).expires_at == clock.now + 300
    clock.now += 299
    assert room.view(lecturer.code) is not None
    clock.now += 1
    assert room.view(lecturer.code) is None and room.rejoin(lecturer.code, ann.token) is None
    with pytest.raises(ClassError) as late:
        room.join(lecturer.code, None, "c2")
    assert late.value.key == "class.ended"
    for minutes in (4, 721, 0, True, 10.5):
        with pytest.raises(ClassError):
            room.start(minutes=minutes)


def test_the_member_limit(new_store, clock):
    room = Classroom(new_store(), clock=clock, max_members=3)
    lecturer = room.start()
    for i in range(3):
        room.join(lecturer.code, None, f"c{i}")
    with pytest.raises(ClassError) as full:
        room.join(lecturer.code, None, "c9")
    assert full.value.key == "class.full" and full.value.values == {"limit": 3}
    assert room.view(lecturer.code).members == 3


def test_the_answers_csv_and_its_formula_escaping(room):
    lecturer = room.start()
    ann = room.join(lecturer.code, "=HYPERLINK(1)", "c1")
    bob = room.join(lecturer.code, None, "c2")
    room.open_question(lecturer, "q1", "number", "x?", right=-0.5)
    room.answer(ann, "q1", "-0,5")
    room.answer(bob, "q1", "2")
    room.reveal(lecturer)
    room.open_question(lecturer, "@q2", "choice", "pick", choices=["+one", "two"])
    room.answer(bob, "@q2", 0)
    rows = list(csv.reader(io.StringIO(room.answers_csv(lecturer))))
    assert rows[0] == ["question", "nickname", "answer", "correct", "answered_at"]
    body = sorted(rows[1:])
    assert [row[:4] for row in body] == [
        ["'@q2", "", "'+one", ""],
        ["q1", "", "2", "no"],
        ["q1", "'=HYPERLINK(1)", "'-0.5", "yes"],
    ]
    assert all(row[4].startswith("2023-11-14T22:13:20") for row in body)


def test_the_board_counts_distinct_members_and_the_condition_most_fail(room):
    lecturer = room.start()
    ann, bob, cat = (room.join(lecturer.code, name, name) for name in ("Ann", None, "Cat"))
    room.record_attempt(ann, "rising_edge", False, ["holds", "resets"])
    room.record_attempt(ann, "rising_edge", False, ["holds"])
    room.record_attempt(ann, "rising_edge", True)
    room.record_attempt(bob, "rising_edge", False, ["holds"])
    room.record_attempt(bob, "rising_edge", True)
    room.record_attempt(cat, "rising_edge", False, ["resets"])
    room.record_attempt(cat, "counter", False, ["counts"])
    board = {row.challenge: row for row in room.board(lecturer)}
    edge = board["rising_edge"]
    assert (edge.passed, edge.attempted, edge.most_failed, edge.nicknames) == (2, 3, "holds", ("Ann",))
    counter = board["counter"]
    assert (counter.passed, counter.attempted, counter.most_failed, counter.nicknames) == (0, 1, "counts", ())


def test_two_classrooms_over_one_store_see_each_other(new_store, clock):
    one, two = Classroom(new_store(), clock=clock), Classroom(new_store(), clock=clock)
    lecturer = one.start()
    member = two.join(lecturer.code, "Ann", "c")
    one.open_question(lecturer, "q", "choice", "?", choices=["a", "b"], right=0)
    two.answer(member, "q", 0)
    assert one.view(lecturer.code).question.answers == 1 and one.view(lecturer.code).members == 1
    two.drive(lecturer, page="alphabet", state={}, t=1, playing=True, speed=2)
    one.drive(lecturer, page="alphabet", state={}, t=2, playing=True, speed=2)
    assert two.view(lecturer.code).drive.version == 2 and two.view(lecturer.code).drive.t == 2
    two.end(lecturer)
    assert one.view(lecturer.code) is None


def test_open_store_follows_the_settings(tmp_path, monkeypatch, redis_url):  # noqa: F811
    monkeypatch.delenv("LSTM_VIZ_REDIS_URL", raising=False)
    monkeypatch.delenv("LSTM_VIZ_REDIS", raising=False)
    monkeypatch.setenv("LSTM_VIZ_CLASSES", str(tmp_path / "deep" / "classes.sqlite3"))
    store = open_store()
    assert isinstance(store, SQLiteClassStore) and (tmp_path / "deep" / "classes.sqlite3").exists()
    monkeypatch.setenv("LSTM_VIZ_REDIS", redis_url)
    assert isinstance(open_store(), RedisClassStore)
    monkeypatch.setenv("LSTM_VIZ_REDIS_URL", redis_url)
    assert open_store().url == redis_url


def test_every_redis_key_of_a_class_expires_a_day_after_the_class(redis_url, clock):  # noqa: F811
    store = RedisClassStore(redis_url)
    store.redis.flushdb()
    room = Classroom(store, clock=clock)
    lecturer = room.start(minutes=60)
    ann = room.join(lecturer.code, "Ann", "c")
    with pytest.raises(ClassError):
        room.join("22222222", None, "guesser")
    room.open_question(lecturer, "q", "number", "?")
    room.answer(ann, "q", 1)
    room.record_attempt(ann, "rising_edge", False, ["holds"])
    keys = store.redis.keys("*")
    assert len(keys) >= 7 and all(key.startswith("lstm_viz:class:") for key in keys)
    for key in keys:
        ttl = store.redis.ttl(key)
        assert 0 < ttl <= (3600 if ":tries:" in key else 3600 + 86_400), (key, ttl)
