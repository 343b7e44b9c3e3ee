"""The rules of a live class (issue 28) one by one: only the lecturer drives and reads the answers, a member acts
only in their own class, wrong codes are rate-limited, and hostile input comes back as plain text or a ClassError."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict

import pytest

from lstm_viz.classroom import codes
from lstm_viz.classroom.redis_store import RedisClassStore
from lstm_viz.classroom.service import ClassError, Classroom, Lecturer, Member, Refused
from lstm_viz.classroom.sqlite_store import SQLiteClassStore
from lstm_viz.i18n import Texts
from tests.redis_fixture import redis_url  # noqa: F401


class Clock:
    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["sqlite", "redis"])
def store(request, tmp_path):
    if request.param == "sqlite":
        return SQLiteClassStore(tmp_path / "classes.sqlite3")
    store = RedisClassStore(request.getfixturevalue("redis_url"))
    store.redis.flushdb()
    return store


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def room(store, clock):
    return Classroom(store, clock=clock)


@pytest.fixture
def lesson(room):
    """A class with an open choice question and a student who knows the code and their own token."""
    lecturer = room.start()
    student = room.join(lecturer.code, "Ann", "student")
    room.open_question(lecturer, "q", "choice", "?", choices=["a", "b"], right=1)
    room.answer(student, "q", 1)
    return room, lecturer, student


def posing(student: Member) -> list[Lecturer]:
    """What a student could send as a lecturer: their token, nothing, or junk, as the secret of the class."""
    return [Lecturer(student.code, student.token), Lecturer(student.code, ""), Lecturer(student.code, None),
            Lecturer(student.code, "x" * 100_000), Lecturer(student.code, codes.digest(student.token))]  # fmt: skip


def check_refused(lesson, action) -> None:
    room, lecturer, student = lesson
    for fake in posing(student):
        with pytest.raises(Refused) as refused:
            action(room, fake)
        assert refused.value.key == "class.not_lecturer"
    assert room.view(lecturer.code) is not None  # and the class is as it was


def test_a_student_cannot_drive(lesson):
    check_refused(lesson, lambda room, who: room.drive(who, page="x", state={}, t=0, playing=True, speed=1))
    assert lesson[0].view(lesson[1].code).drive.version == 0


def test_a_student_cannot_open_a_question(lesson):
    check_refused(lesson, lambda room, who: room.open_question(who, "q2", "number", "?"))
    assert lesson[0].view(lesson[1].code).question.id == "q"


def test_a_student_cannot_close_a_question(lesson):
    check_refused(lesson, lambda room, who: room.close_question(who))
    assert lesson[0].view(lesson[1].code).question.status == "open"


def test_a_student_cannot_reveal(lesson):
    check_refused(lesson, lambda room, who: room.reveal(who))
    assert lesson[0].view(lesson[1].code).question.status == "open"


def test_a_student_cannot_end_the_class(lesson):
    check_refused(lesson, lambda room, who: room.end(who))


def test_a_student_cannot_tally(lesson):
    check_refused(lesson, lambda room, who: room.tally(who))


def test_a_student_cannot_read_the_csv(lesson):
    check_refused(lesson, lambda room, who: room.answers_csv(who))


def test_a_student_cannot_read_the_board(lesson):
    check_refused(lesson, lambda room, who: room.board(who))


def test_a_lecturer_of_another_class_is_not_this_ones(lesson):
    room, lecturer, _ = lesson
    other = room.start()
    with pytest.raises(Refused):
        room.drive(Lecturer(lecturer.code, other.secret), page="x", state={}, t=0, playing=False, speed=1)
    assert not room.is_lecturer(lecturer.code, other.secret)


def test_the_right_answer_is_not_in_what_members_see_until_revealed(lesson):
    room, lecturer, _ = lesson
    room.open_question(lecturer, "n", "number", "?", right=0.123456, tolerance=0.01)
    room.close_question(lecturer)
    public = asdict(room.view(lecturer.code))
    assert public["question"]["right"] is None and public["question"]["tolerance"] is None
    assert "0.123456" not in repr(public)
    room.reveal(lecturer)
    assert room.view(lecturer.code).question.right == 0.123456


def test_a_member_of_one_class_cannot_answer_or_attempt_in_another(lesson):
    room, _, student = lesson
    other = room.start()
    room.open_question(other, "q", "choice", "?", choices=["a", "b"])
    intruder = Member(other.code, student.token, student.nickname)
    for action in (lambda: room.answer(intruder, "q", 0), lambda: room.record_attempt(intruder, "c", True)):
        with pytest.raises(Refused) as refused:
            action()
        assert refused.value.key == "class.not_member"
    assert room.view(other.code).question.answers == 0
    with pytest.raises(Refused):
        room.answer(Member(student.code, "forged", None), "q", 0)


def test_only_digests_of_secrets_are_stored(tmp_path, clock):
    path = tmp_path / "classes.sqlite3"
    room = Classroom(SQLiteClassStore(path), clock=clock)
    lecturer = room.start()
    student = room.join(lecturer.code, None, "c")
    dump = "\n".join(sqlite3.connect(path).iterdump())
    assert lecturer.secret not in dump and student.token not in dump and codes.digest(lecturer.secret) in dump


def test_an_ended_class_stops_its_code_and_its_members(lesson):
    room, lecturer, student = lesson
    room.end(lecturer)
    assert room.view(lecturer.code) is None and room.rejoin(lecturer.code, student.token) is None
    for action in (lambda: room.join(lecturer.code, None, "late"), lambda: room.answer(student, "q", 0),
                   lambda: room.record_attempt(student, "c", True),
                   lambda: room.drive(lecturer, page="x", state={}, t=0, playing=False, speed=1)):  # fmt: skip
        with pytest.raises(ClassError) as ended:
            action()
        assert ended.value.key == "class.ended"
    assert "q" in room.answers_csv(lecturer)  # the lecturer keeps the answers


def test_wrong_codes_are_rate_limited_and_the_limit_resets_after_a_minute(store, clock):
    room = Classroom(store, clock=clock, join_tries_per_minute=3)
    lecturer = room.start()
    for wrong in ("AAAAAAAA", "short", None):
        with pytest.raises(ClassError) as no:
            room.join(wrong, None, "guesser")
        assert no.value.key == "class.no_such_code"
    clock.now += 10
    with pytest.raises(ClassError) as limited:
        room.join(lecturer.code, None, "guesser")  # even the right code, while over the limit
    assert limited.value.key == "class.too_many_tries" and limited.value.values == {"seconds": 50}
    other_process = Classroom(type(store)(store.url) if hasattr(store, "url") else SQLiteClassStore(store.path),
                              clock=clock, join_tries_per_minute=3)  # fmt: skip
    with pytest.raises(ClassError, match="Too many"):
        other_process.join(lecturer.code, None, "guesser")
    assert room.join(lecturer.code, None, "someone else").code == lecturer.code
    clock.now += 50
    assert room.join(lecturer.code, None, "guesser").code == lecturer.code


def test_codes_have_40_bits_and_use_no_look_alikes():
    assert len(set(codes.ALPHABET)) ** codes.CODE_LENGTH == 2**codes.ENTROPY_BITS == 2**40
    assert not set("01OI") & set(codes.ALPHABET)
    made = {codes.new_code() for _ in range(2000)}
    assert len(made) == 2000 and all(len(code) == 8 and set(code) <= set(codes.ALPHABET) for code in made)
    code = made.pop()
    assert codes.normalize(codes.display(code)) == code and codes.normalize(codes.display(code).lower()) == code
    assert len(codes.new_secret()) >= 43 and codes.new_secret() != codes.new_secret()
    assert codes.same("s", codes.digest("s")) and not codes.same("t", codes.digest("s")) and not codes.same(None, "")


HOSTILE = [None, 0, 12345678, 1.5, b"ABCDEFGH", ["ABCDEFGH"], {}, "", " ", "-", "ABCD-EFG", "ABCD-EFGHJ", "ABCDEFGO",
           "ABCDEFG1", "abcdefg0", "ABCD\x00EFGH", "ABCDEFGH\n", "😀" * 8, "A" * 10_000_000, "\ud800" * 8,
           "АВСDЕFGH", "ＡＢＣＤＥＦＧＨ", "<script>", "' OR 1=1 --", "%s%s%s%s", "\u202eABCDEFGH"]  # fmt: skip


def test_normalize_is_total_over_hostile_input():
    for text in HOSTILE:
        assert codes.normalize(text) is None, repr(text)[:40]
    assert codes.normalize(" abcd efgh ") == "ABCDEFGH" and codes.normalize("ABCD–EFGH") == "ABCDEFGH"


def test_hostile_codes_never_raise_anything_but_a_class_error(store, clock):
    room = Classroom(store, clock=clock, join_tries_per_minute=1000)
    for text in HOSTILE:
        with pytest.raises(ClassError):
            room.join(text, None, "c")
        assert room.view(text) is None and room.rejoin(text, "t") is None and not room.is_lecturer(text, "s")


def test_hostile_nicknames_come_back_as_plain_text_or_are_refused(room):
    lecturer = room.start()
    cases = {
        "<script>alert(1)</script>": "<script>alert(1)</script>",
        "🦊 Лиса 👩‍💻": "🦊 Лиса 👩‍💻",
        "  Ann \n\t Lee  ": "Ann Lee",
        "\u202egnp.exe\u202c Bob\x00\x1b[31m": "gnp.exe Bob[31m",
        "x" * 60: "x" * 40,
        "\u200b\u2066": None,
        "NaN": "NaN",
    }
    for typed, kept in cases.items():
        assert room.join(lecturer.code, typed, "c").nickname == kept, typed
    for typed in ("x" * 10_000, 42, b"bytes", ["Ann"]):
        with pytest.raises(ClassError) as bad:
            room.join(lecturer.code, typed, "c")
        assert bad.value.key == "class.bad_nickname"


def test_hostile_numbers_are_refused_and_typed_ones_read(room):
    lecturer = room.start()
    student = room.join(lecturer.code, None, "c")
    room.open_question(lecturer, "q", "number", "?")
    for bad in ("NaN", "nan", "inf", "-inf", "1e309", "1e7", float("nan"), float("inf"), 10**400, True, None, [],
                "", "0x10", "1,000.5", "1.2.3", "½", "1e99999", "9" * 100, "١٢"):  # fmt: skip
        with pytest.raises(ClassError) as refused:
            room.answer(student, "q", bad)
        assert refused.value.key == "class.bad_number", bad
    for typed, read in (("0,5", 0.5), (" −0.25 ", -0.25), ("1e3", 1000.0), ("1 000", 1000.0), (7, 7.0)):
        room.answer(student, "q", typed)
        assert room.tally(lecturer).values == [read]


def test_choices_out_of_range_are_refused(lesson):
    room, _, student = lesson
    for bad in (-1, 2, True, "1", 1.0, None):
        with pytest.raises(ClassError) as refused:
            room.answer(student, "q", bad)
        assert refused.value.key == "class.bad_choice"


def test_refusals_read_in_both_languages():
    error = Refused("class.not_lecturer")
    assert isinstance(error, ClassError) and str(error) == Texts("en")("class.not_lecturer")
    assert ClassError("class.too_many_tries", seconds=21).text(Texts("ru")).endswith("через 21 секунду.")
