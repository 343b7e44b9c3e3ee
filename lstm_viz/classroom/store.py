"""What a class store keeps, the small operations the service (lstm_viz.classroom.service) composes, and the
records the service hands out.

Two stores implement ``ClassStore``: ``SQLiteClassStore`` (one file on disk, the default: no service to run,
survives a restart, several threads and processes share it) and ``RedisClassStore`` (several app processes or
machines share the classes). Stores hold data and make the few updates that must be atomic atomic; every rule
(who may do what, limits, validation, expiry) lives in the service. Secrets never reach a store: ``lecturer`` and
``member`` are SHA-256 digests (lstm_viz.classroom.codes.digest). Times are the service clock's seconds.

The interface (every ``code`` is a normalized join code; an operation on a class the store does not hold is a no-op
or returns False/None/empty):

- ``create(code, lecturer, now, expires_at) -> bool``: a new class; False if the code is taken.
- ``read(code) -> (ClassRow, QuestionRow | None) | None``: the class and its current question, in one or two cheap
  reads (this is what every student polls about once a second: no scan of members or answers; the counts are kept
  incrementally).
- ``end(code)``: mark the class ended (its data stays until purged, so the lecturer can still download it).
- ``add_member(code, member, nickname, now, limit) -> bool``: atomically, unless the class already has ``limit``.
- ``member(code, member) -> MemberRow | None``; ``members(code) -> dict[member, nickname]``.
- ``set_drive(code, drive) -> int``: store the lecturer's scene (a JSON-able dict) and return the new version
  (atomic increment).
- ``open_question(code, question)``: ``question`` (a QuestionRow, status "open", no answers) becomes the current
  one; the previous current question is closed. Opening an id asked before starts it afresh (its old answers go).
- ``set_status(code, question_id, status)``: "open" / "closed" / "revealed".
- ``put_answer(code, question_id, member, value, now) -> bool``: atomically set (or replace) the member's answer and
  keep the question's answer count; False (nothing stored) unless that question is the current one and open.
- ``answers(code, question_id) -> list[AnswerRow]``; ``questions(code) -> list[QuestionRow]`` in the order opened.
- ``add_attempt(code, challenge, member, passed, failed)``: merge a graded attempt into the member's row for that
  challenge (passed once = passed; failed conditions accumulate); ``attempts(code) -> list[AttemptRow]``.
- ``add_try(client, now)`` / ``tries(client, since) -> list[float]`` (the times after ``since``, oldest first):
  wrong join codes per client (a digest), for the rate limit, shared by every process using the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

DAY = 86_400.0  # a class's data is kept a day past its expiry, then purged (SQLite) or expired by a TTL (Redis)
STATUSES = ("open", "closed", "revealed")


@dataclass(frozen=True)
class QuestionRow:
    id: str
    kind: str  # "number" | "choice"
    prompt: str
    choices: tuple[str, ...] = ()
    right: float | int | None = None  # server-side only: never in what a member sees
    tolerance: float = 0.0
    status: str = "open"
    answers: int = 0
    opened: float = 0.0


@dataclass(frozen=True)
class ClassRow:
    code: str
    lecturer: str  # digest of the lecturer's secret
    created: float
    expires_at: float
    ended: bool = False
    members: int = 0
    drive: dict = field(default_factory=dict)
    version: int = 0
    question: str | None = None  # the current question's id


@dataclass(frozen=True)
class MemberRow:
    member: str  # digest of the member's token
    nickname: str | None
    joined: float


@dataclass(frozen=True)
class AnswerRow:
    member: str
    value: float | int
    at: float


@dataclass(frozen=True)
class AttemptRow:
    challenge: str
    member: str
    passed: bool
    failed: frozenset[str]


# --- what the service hands out (lstm_viz.classroom.service re-exports these) ---------------------------------


@dataclass(frozen=True)
class Lecturer:
    code: str
    secret: str


@dataclass(frozen=True)
class Member:
    code: str
    token: str
    nickname: str | None


@dataclass(frozen=True)
class Drive:
    page: str = "explorer"
    state: dict = field(default_factory=dict)
    t: int = 0
    playing: bool = False
    speed: float = 2.0
    version: int = 0


@dataclass(frozen=True)
class QuestionState:
    """What every member sees of the current question: never its right answer until it is revealed."""

    id: str
    kind: str
    prompt: str
    choices: tuple[str, ...]
    status: str  # "open" | "closed" | "revealed"
    answers: int  # the count only
    right: float | int | None = None  # these two only once revealed
    tolerance: float | None = None
    opened: float = 0.0  # when it was (last) opened: asked again, it is another round of answers


@dataclass(frozen=True)
class ClassView:
    code: str
    members: int
    drive: Drive
    question: QuestionState | None
    ended: bool
    expires_at: float


@dataclass(frozen=True)
class Reveal:
    question_id: str
    kind: str
    right: float | int | None
    tolerance: float
    answers: int
    correct: int | None  # None for a question without a right answer
    counts: tuple[int, ...]  # per choice; () for a number question


@dataclass(frozen=True)
class Tally:
    question_id: str
    kind: str
    status: str
    count: int
    values: list  # the numbers answered, or the count per choice
    choices: tuple[str, ...] = ()
    right: float | int | None = None  # these three only once revealed
    tolerance: float | None = None
    correct: int | None = None


@dataclass(frozen=True)
class BoardRow:
    challenge: str
    passed: int
    attempted: int
    most_failed: str | None
    nicknames: tuple[str, ...]


# --- the store ------------------------------------------------------------------------------------------------


class ClassStore(Protocol):
    def create(self, code: str, lecturer: str, now: float, expires_at: float) -> bool: ...
    def read(self, code: str) -> tuple[ClassRow, QuestionRow | None] | None: ...
    def end(self, code: str) -> None: ...
    def add_member(self, code: str, member: str, nickname: str | None, now: float, limit: int) -> bool: ...
    def member(self, code: str, member: str) -> MemberRow | None: ...
    def members(self, code: str) -> dict[str, str | None]: ...
    def set_drive(self, code: str, drive: dict) -> int: ...
    def open_question(self, code: str, question: QuestionRow) -> None: ...
    def set_status(self, code: str, question_id: str, status: str) -> None: ...
    def put_answer(self, code: str, question_id: str, member: str, value: float | int, now: float) -> bool: ...
    def answers(self, code: str, question_id: str) -> list[AnswerRow]: ...
    def questions(self, code: str) -> list[QuestionRow]: ...
    def add_attempt(self, code: str, challenge: str, member: str, passed: bool, failed: frozenset[str]) -> None: ...
    def attempts(self, code: str) -> list[AttemptRow]: ...
    def add_try(self, client: str, now: float) -> None: ...
    def tries(self, client: str, since: float) -> list[float]: ...
