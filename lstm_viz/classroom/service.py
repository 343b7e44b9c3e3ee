"""A class in one room (issue 28): the rules of a live class over a class store (lstm_viz.classroom.store).

The lecturer who starts a class holds its secret (``Lecturer``); anyone with the join code may join as a member
(``Member``, with a token of their own). Every lecturer-only call compares the secret's digest with the stored one
(constant time) and raises ``Refused("class.not_lecturer")``; a member call whose token is not of that class raises
``Refused("class.not_member")``. Refusals the UI shows are ``ClassError``s: a catalogue key ``class.…`` and values.

Untrusted input: a nickname loses control characters, bidi overrides and other invisible format characters, its
whitespace is collapsed and it is cut to 40 characters (a typed text over 1000 characters is refused with
``class.bad_nickname``); markup stays plain text (the UI escapes it). A number answer is a float or the text typed
("0,5" or "0.5"); NaN, infinities and |x| > 10⁶ are refused. Wrong join codes are limited per client (a session or
address, kept as a digest) to ``join_tries_per_minute``, counted in the store so the limit holds across processes;
while a client is over it even a right code is refused. An ended or expired class is gone for members; its lecturer
can still read the tally, the board and the CSV until the store drops it (a day after its expiry). Times come from
``clock`` (tests move it).
"""

from __future__ import annotations

import csv
import io
import json
import math
import numbers
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from lstm_viz.classroom import codes
from lstm_viz.classroom.store import (
    BoardRow,
    ClassRow,
    ClassStore,
    ClassView,
    Drive,
    Lecturer,
    Member,
    QuestionRow,
    QuestionState,
    Reveal,
    Tally,
)
from lstm_viz.i18n import TextError

__all__ = ["BoardRow", "ClassError", "ClassView", "Classroom", "Drive", "Lecturer", "Member", "QuestionState",
           "Refused", "Reveal", "Tally"]  # fmt: skip

MINUTES = (5, 720)
MAX_CHOICES, MAX_TEXT, MAX_STATE = 10, 2000, 64 * 1024
WINDOW = 60.0  # seconds over which wrong codes are counted


class ClassError(TextError):
    """A refusal the UI shows: ``.key`` (a catalogue key "class.…"), ``.values``; ``.text(tr)`` in a language."""


class Refused(ClassError):
    """A security refusal: a wrong or missing lecturer secret or member token."""


def _index(value: object, count: int) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool) and 0 <= value < count


def _correct(question: QuestionRow, value: float | int) -> bool | None:
    if question.right is None:
        return None
    if question.kind == "choice":
        return value == question.right
    return abs(value - question.right) <= question.tolerance + 1e-9 * max(1.0, abs(question.right))


class Classroom:
    def __init__(self, store: ClassStore, clock: Callable[[], float] = time.time, max_members: int = 500,
                 default_minutes: int = 180, join_tries_per_minute: int = 10) -> None:  # fmt: skip
        self.store, self.clock = store, clock
        self.max_members, self.default_minutes, self.join_tries = max_members, default_minutes, join_tries_per_minute

    # --- the checks every call makes -------------------------------------------------------------------------

    def _over(self, row: ClassRow) -> bool:
        return row.ended or self.clock() >= row.expires_at

    def _live(self, code: object) -> tuple[ClassRow, QuestionRow | None] | None:
        normal = codes.normalize(code)
        found = self.store.read(normal) if normal else None
        return None if found is None or self._over(found[0]) else found

    def _as_lecturer(self, lecturer: Lecturer, live: bool = True) -> tuple[ClassRow, QuestionRow | None]:
        code = codes.normalize(getattr(lecturer, "code", None))
        found = self.store.read(code) if code else None
        if found is None:
            raise ClassError("class.ended")
        if not codes.same(getattr(lecturer, "secret", None), found[0].lecturer):
            raise Refused("class.not_lecturer")
        if live and self._over(found[0]):
            raise ClassError("class.ended")
        return found

    def _as_member(self, member: Member) -> tuple[ClassRow, QuestionRow | None, str]:
        found = self._live(getattr(member, "code", None))
        if found is None:
            raise ClassError("class.ended")
        token = getattr(member, "token", None)
        if not isinstance(token, str) or self.store.member(found[0].code, codes.digest(token)) is None:
            raise Refused("class.not_member")
        return found[0], found[1], codes.digest(token)

    @staticmethod
    def _current(found: tuple[ClassRow, QuestionRow | None]) -> QuestionRow:
        if found[1] is None:
            raise ClassError("class.no_question")
        return found[1]

    # --- a class's life --------------------------------------------------------------------------------------

    def start(self, minutes: int | None = None) -> Lecturer:
        minutes = self.default_minutes if minutes is None else minutes
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not MINUTES[0] <= minutes <= MINUTES[1]:
            raise ClassError("class.bad_minutes", low=MINUTES[0], high=MINUTES[1])
        secret, now = codes.new_secret(), self.clock()
        for _ in range(16):
            code = codes.new_code()
            if self.store.create(code, codes.digest(secret), now, now + minutes * 60):
                return Lecturer(code, secret)
        raise RuntimeError("no free join code after 16 tries")  # 16 collisions in 2⁴⁰ codes: not in practice

    def join(self, code_text: object, nickname: object, client: str) -> Member:
        """A new member; ClassError no_such_code / too_many_tries / ended / full / bad_nickname."""
        now, who = self.clock(), codes.digest(str(client))[:32]
        tries = self.store.tries(who, now - WINDOW)
        if len(tries) >= self.join_tries:
            wait = math.ceil(tries[len(tries) - self.join_tries] + WINDOW - now)
            raise ClassError("class.too_many_tries", seconds=max(1, wait))
        try:
            nickname = codes.clean_nickname(nickname)
        except ValueError:
            raise ClassError("class.bad_nickname", limit=codes.NICKNAME_LENGTH) from None
        code = codes.normalize(code_text)
        found = self.store.read(code) if code else None
        if found is None:
            self.store.add_try(who, now)
            raise ClassError("class.no_such_code")
        if self._over(found[0]):
            raise ClassError("class.ended")
        token = codes.new_member_token()
        if not self.store.add_member(code, codes.digest(token), nickname, now, self.max_members):
            raise ClassError("class.full", limit=self.max_members)
        return Member(code, token, nickname)

    def rejoin(self, code: object, token: object) -> Member | None:
        found = self._live(code)
        if found is None or not isinstance(token, str) or not token:
            return None
        row = self.store.member(found[0].code, codes.digest(token))
        return Member(found[0].code, token, row.nickname) if row else None

    def is_lecturer(self, code: object, secret: object) -> bool:
        """Whether the secret is this class's, while the store holds the class (ended or not: its lecturer may
        still read the answers); view() tells whether it lives."""
        normal = codes.normalize(code)
        found = self.store.read(normal) if normal else None
        return found is not None and codes.same(secret, found[0].lecturer)

    def view(self, code: object) -> ClassView | None:
        found = self._live(code)
        if found is None:
            return None
        row, q = found
        fields = {name: row.drive[name] for name in ("page", "state", "t", "playing", "speed") if name in row.drive}
        question = None
        if q is not None:
            shown = (q.right, q.tolerance) if q.status == "revealed" else (None, None)
            question = QuestionState(q.id, q.kind, q.prompt, q.choices, q.status, q.answers, *shown, opened=q.opened)
        return ClassView(row.code, row.members, Drive(**fields, version=row.version), question, False, row.expires_at)

    def end(self, lecturer: Lecturer) -> None:
        row, _ = self._as_lecturer(lecturer, live=False)
        self.store.end(row.code)

    # --- the lecturer's scene and questions ------------------------------------------------------------------

    def drive(self, lecturer: Lecturer, *, page: str, state: dict, t: int, playing: bool, speed: float) -> Drive:
        row, _ = self._as_lecturer(lecturer)
        try:
            encoded = json.dumps(state, allow_nan=False)
            valid = (codes.is_key(page) and isinstance(state, dict)
                     and len(encoded) <= MAX_STATE and isinstance(t, int) and not isinstance(t, bool) and t >= 0
                     and isinstance(speed, int | float) and math.isfinite(speed) and 0 < speed <= 100)  # fmt: skip
        except (TypeError, ValueError, RecursionError):
            valid = False
        if not valid:
            raise ClassError("class.bad_drive")
        fields = {"page": page, "state": json.loads(encoded), "t": t, "playing": bool(playing), "speed": float(speed)}
        version = self.store.set_drive(row.code, fields)
        return Drive(**fields, version=version)

    def open_question(self, lecturer: Lecturer, question_id: str, kind: str, prompt: str, choices: Sequence[str] = (),
                      right: float | int | None = None, tolerance: float = 0.0) -> QuestionState:  # fmt: skip
        """The one open question (the previous one closes). An id asked before starts afresh (its answers go). The
        right answer stays on the server until reveal()."""
        row, _ = self._as_lecturer(lecturer)
        choices = () if choices is None else tuple(choices) if isinstance(choices, list | tuple) else None
        valid = (
            codes.is_key(question_id) and isinstance(prompt, str) and len(prompt) <= MAX_TEXT and choices is not None
        )
        if valid and kind == "choice":
            valid = 2 <= len(choices) <= MAX_CHOICES and all(
                isinstance(choice, str) and 0 < len(choice) <= MAX_TEXT for choice in choices
            )
            valid = valid and (right is None or _index(right, len(choices)))
            right = None if right is None else int(right)
        elif valid and kind == "number":
            valid = not choices
            try:
                right = None if right is None else codes.parse_number(right)
                tolerance = codes.parse_number(tolerance)
            except ValueError:
                valid = False
            valid = valid and tolerance >= 0
        else:
            valid = False
        if not valid:
            raise ClassError("class.bad_question")
        question = QuestionRow(question_id, kind, prompt, choices, right, float(tolerance), "open", 0, self.clock())
        self.store.open_question(row.code, question)
        return QuestionState(question_id, kind, prompt, choices, "open", 0)

    def close_question(self, lecturer: Lecturer) -> None:
        found = self._as_lecturer(lecturer)
        question = self._current(found)
        if question.status == "open":
            self.store.set_status(found[0].code, question.id, "closed")

    def reveal(self, lecturer: Lecturer) -> Reveal:
        """Close the current question and show its right answer (to everyone: QuestionState.status "revealed")."""
        found = self._as_lecturer(lecturer)
        question = self._current(found)
        self.store.set_status(found[0].code, question.id, "revealed")
        answers = self.store.answers(found[0].code, question.id)
        marks = [_correct(question, answer.value) for answer in answers]
        correct = None if question.right is None else sum(bool(mark) for mark in marks)
        counts = self._counts(question, [answer.value for answer in answers])
        return Reveal(question.id, question.kind, question.right, question.tolerance, len(answers), correct, counts)

    @staticmethod
    def _counts(question: QuestionRow, values: list) -> tuple[int, ...]:
        if question.kind != "choice":
            return ()
        counted = Counter(values)
        return tuple(counted[index] for index in range(len(question.choices)))

    def answer(self, member: Member, question_id: str, value: object) -> None:
        """The member's answer to the open question (a new one replaces theirs)."""
        row, question, who = self._as_member(member)
        if question is None or question.id != question_id or question.status != "open":
            raise ClassError("class.question_closed")
        if question.kind == "choice":
            if (
                isinstance(value, bool)
                or not isinstance(value, numbers.Integral)
                or not 0 <= value < len(question.choices)
            ):
                raise ClassError("class.bad_choice", count=len(question.choices))
            value = int(value)
        else:
            try:
                value = codes.parse_number(value)
            except ValueError:
                raise ClassError("class.bad_number", limit=codes.MAX_NUMBER) from None
        if not self.store.put_answer(row.code, question_id, who, value, self.clock()):
            raise ClassError("class.question_closed")

    # --- what only the lecturer reads (also after the class ended) ------------------------------------------

    def tally(self, lecturer: Lecturer) -> Tally:
        """The current question's answers: the numbers, or the count per choice; right answer once revealed."""
        found = self._as_lecturer(lecturer, live=False)
        question = self._current(found)
        answers = self.store.answers(found[0].code, question.id)
        values = [answer.value for answer in answers]
        shown = list(self._counts(question, values)) if question.kind == "choice" else values
        tally = Tally(question.id, question.kind, question.status, len(answers), shown, question.choices)
        if question.status != "revealed":
            return tally
        correct = None if question.right is None else sum(bool(_correct(question, value)) for value in values)
        return Tally(*(getattr(tally, name) for name in ("question_id", "kind", "status", "count", "values")),
                     question.choices, question.right, question.tolerance, correct)  # fmt: skip

    def answers_csv(self, lecturer: Lecturer) -> str:
        """Every answer of every question asked in this class: question, nickname, answer, correct (once revealed:
        yes/no), answered_at (ISO, UTC); cells a spreadsheet would run as a formula begin with '."""
        row, _ = self._as_lecturer(lecturer, live=False)
        nicknames = self.store.members(row.code)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["question", "nickname", "answer", "correct", "answered_at"])
        for question in self.store.questions(row.code):
            for answer in self.store.answers(row.code, question.id):
                if question.kind == "choice":
                    shown = question.choices[answer.value] if 0 <= answer.value < len(question.choices) else ""
                else:
                    shown = format(answer.value, ".15g")
                mark = _correct(question, answer.value) if question.status == "revealed" else None
                when = datetime.fromtimestamp(answer.at, UTC).isoformat(timespec="seconds")
                cells = [question.id, nicknames.get(answer.member) or "", shown,
                         "" if mark is None else ("yes" if mark else "no"), when]  # fmt: skip
                writer.writerow([codes.csv_cell(cell) for cell in cells])
        return out.getvalue()

    def record_attempt(self, member: Member, challenge: str, passed: bool, failed: Sequence[str] = ()) -> None:
        """A challenge attempt the server graded itself (never a client's claim): passed, and the failed conditions."""
        row, _, who = self._as_member(member)
        failed = tuple(failed) if isinstance(failed, list | tuple | set | frozenset) else None
        if not codes.is_key(challenge) or failed is None or len(failed) > 100 or not all(map(codes.is_key, failed)):
            raise ClassError("class.bad_challenge")
        self.store.add_attempt(row.code, challenge, who, bool(passed), frozenset(failed))

    def board(self, lecturer: Lecturer) -> list[BoardRow]:
        """Per challenge: distinct members who passed and who tried, the condition most members failed, and the
        nicknames of those who passed (those who gave one)."""
        row, _ = self._as_lecturer(lecturer, live=False)
        nicknames = self.store.members(row.code)
        rows: dict[str, list] = {}
        for attempt in self.store.attempts(row.code):
            rows.setdefault(attempt.challenge, []).append(attempt)
        board = []
        for challenge, attempts in sorted(rows.items()):
            failures = Counter(condition for attempt in attempts for condition in attempt.failed)
            most = min(failures.items(), key=lambda item: (-item[1], item[0]))[0] if failures else None
            passed = [attempt for attempt in attempts if attempt.passed]
            names = tuple(sorted(nicknames[a.member] for a in passed if nicknames.get(a.member)))
            board.append(BoardRow(challenge, len(passed), len(attempts), most, names))
        return board
