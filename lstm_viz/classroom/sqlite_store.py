"""The class store in one SQLite file (the default): WAL mode, a connection per thread and process, every update
that must be atomic in one ``BEGIN IMMEDIATE`` transaction. The interface is described in lstm_viz.classroom.store."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

from lstm_viz.classroom.store import DAY, AnswerRow, AttemptRow, ClassRow, MemberRow, QuestionRow

SCHEMA = """
CREATE TABLE IF NOT EXISTS classes (code TEXT PRIMARY KEY, lecturer TEXT NOT NULL, created REAL NOT NULL,
    expires_at REAL NOT NULL, ended INTEGER NOT NULL DEFAULT 0, members INTEGER NOT NULL DEFAULT 0,
    drive TEXT NOT NULL DEFAULT '{}', version INTEGER NOT NULL DEFAULT 0, question TEXT);
CREATE TABLE IF NOT EXISTS members (code TEXT NOT NULL, member TEXT NOT NULL, nickname TEXT, joined REAL NOT NULL,
    PRIMARY KEY (code, member));
CREATE TABLE IF NOT EXISTS questions (code TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, kind TEXT NOT NULL,
    prompt TEXT NOT NULL, choices TEXT NOT NULL, right TEXT NOT NULL, tolerance REAL NOT NULL, status TEXT NOT NULL,
    answers INTEGER NOT NULL DEFAULT 0, opened REAL NOT NULL, PRIMARY KEY (code, id));
CREATE TABLE IF NOT EXISTS answers (code TEXT NOT NULL, question TEXT NOT NULL, member TEXT NOT NULL,
    value TEXT NOT NULL, at REAL NOT NULL, PRIMARY KEY (code, question, member));
CREATE TABLE IF NOT EXISTS attempts (code TEXT NOT NULL, challenge TEXT NOT NULL, member TEXT NOT NULL,
    passed INTEGER NOT NULL, failed TEXT NOT NULL, PRIMARY KEY (code, challenge, member));
CREATE TABLE IF NOT EXISTS tries (client TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS tries_by_client ON tries (client, at);
"""
QUESTION_COLUMNS = "q.id, q.kind, q.prompt, q.choices, q.right, q.tolerance, q.status, q.answers, q.opened"
TRY_WINDOW = 3600.0  # wrong tries older than this are deleted when a client tries again


def _question(row) -> QuestionRow:
    qid, kind, prompt, choices, right, tolerance, status, answers, opened = row
    return QuestionRow(qid, kind, prompt, tuple(json.loads(choices)), json.loads(right), tolerance, status, answers,
                       opened)  # fmt: skip


class _Lease:
    """A thread's connection; when the thread ends (its locals are dropped), the connection goes back to the pool."""

    def __init__(self, db: sqlite3.Connection, pool: list) -> None:
        self.db, self.pool, self.pid = db, pool, os.getpid()

    def __del__(self) -> None:
        if self.pool is not None and self.pid == os.getpid() and self.db.in_transaction is False:
            self.pool.append(self.db)  # list.append is atomic


class SQLiteClassStore:
    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._idle: list[sqlite3.Connection] = []  # connections of threads that have ended, for the next ones
        self._idle_pid = os.getpid()
        self._db().executescript(SCHEMA)

    def _db(self) -> sqlite3.Connection:
        """This thread's connection (a new one after a fork: a connection never crosses processes).

        Streamlit runs every rerun in a thread of its own (a class's poll: sixty a second): opening a connection
        each time cost 1.4 ms, reading the class 0.02 ms. So a thread leases one, and gives it back when it ends."""
        lease = getattr(self._local, "lease", None)
        if lease is None or lease.pid != os.getpid():
            if self._idle_pid != os.getpid():
                self._idle, self._idle_pid = [], os.getpid()
            try:
                db = self._idle.pop()
            except IndexError:
                db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute("PRAGMA busy_timeout=30000")
            lease = self._local.lease = _Lease(db, self._idle)
        return lease.db

    @contextmanager
    def _write(self):
        db = self._db()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        lease = getattr(self._local, "lease", None)
        if lease is not None:
            self._local.lease = None
            lease.pool = None
            lease.db.close()
        for db in self._idle:
            db.close()
        self._idle.clear()

    # --- classes ---------------------------------------------------------------------------------------------

    def create(self, code: str, lecturer: str, now: float, expires_at: float) -> bool:
        with self._write() as db:
            self._purge(db, now)
            cursor = db.execute(
                "INSERT OR IGNORE INTO classes (code, lecturer, created, expires_at) VALUES (?, ?, ?, ?)",
                (code, lecturer, now, expires_at),
            )
            return cursor.rowcount == 1

    def _purge(self, db: sqlite3.Connection, now: float) -> None:
        """Classes expired more than a day ago go, with everything of theirs."""
        old = [row[0] for row in db.execute("SELECT code FROM classes WHERE expires_at < ?", (now - DAY,))]
        for table in ("members", "questions", "answers", "attempts", "classes"):
            db.executemany(f"DELETE FROM {table} WHERE code = ?", [(code,) for code in old])

    def read(self, code: str) -> tuple[ClassRow, QuestionRow | None] | None:
        row = (
            self._db()
            .execute(
                "SELECT c.code, c.lecturer, c.created, c.expires_at, c.ended, c.members, c.drive, c.version, "
                f"c.question, {QUESTION_COLUMNS} FROM classes c "
                "LEFT JOIN questions q ON q.code = c.code AND q.id = c.question WHERE c.code = ?",
                (code,),
            )
            .fetchone()
        )
        if row is None:
            return None
        code, lecturer, created, expires_at, ended, members, drive, version, current = row[:9]
        the_class = ClassRow(code, lecturer, created, expires_at, bool(ended), members, json.loads(drive), version,
                             current)  # fmt: skip
        return the_class, (_question(row[9:]) if row[9] is not None else None)

    def end(self, code: str) -> None:
        with self._write() as db:
            db.execute("UPDATE classes SET ended = 1 WHERE code = ?", (code,))

    # --- members ---------------------------------------------------------------------------------------------

    def add_member(self, code: str, member: str, nickname: str | None, now: float, limit: int) -> bool:
        with self._write() as db:
            row = db.execute("SELECT members FROM classes WHERE code = ?", (code,)).fetchone()
            if row is None or row[0] >= limit:
                return False
            db.execute("INSERT INTO members VALUES (?, ?, ?, ?)", (code, member, nickname, now))
            db.execute("UPDATE classes SET members = members + 1 WHERE code = ?", (code,))
            return True

    def member(self, code: str, member: str) -> MemberRow | None:
        row = self._db().execute(
            "SELECT member, nickname, joined FROM members WHERE code = ? AND member = ?", (code, member)
        )
        found = row.fetchone()
        return MemberRow(*found) if found else None

    def members(self, code: str) -> dict[str, str | None]:
        return dict(self._db().execute("SELECT member, nickname FROM members WHERE code = ?", (code,)).fetchall())

    # --- the scene and the questions -------------------------------------------------------------------------

    def set_drive(self, code: str, drive: dict) -> int:
        with self._write() as db:
            db.execute("UPDATE classes SET drive = ?, version = version + 1 WHERE code = ?", (json.dumps(drive), code))
            row = db.execute("SELECT version FROM classes WHERE code = ?", (code,)).fetchone()
            return row[0] if row else 0

    def open_question(self, code: str, question: QuestionRow) -> None:
        q = question
        with self._write() as db:
            if db.execute("SELECT 1 FROM classes WHERE code = ?", (code,)).fetchone() is None:
                return
            db.execute("UPDATE questions SET status = 'closed' WHERE code = ? AND status = 'open'", (code,))
            db.execute("DELETE FROM answers WHERE code = ? AND question = ?", (code, q.id))
            seq = db.execute("SELECT COALESCE(MAX(seq), 0) + 1 FROM questions WHERE code = ?", (code,)).fetchone()[0]
            db.execute(
                "INSERT OR REPLACE INTO questions VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'open', 0, ?)",
                (code, q.id, seq, q.kind, q.prompt, json.dumps(list(q.choices)), json.dumps(q.right), q.tolerance,
                 q.opened),
            )  # fmt: skip
            db.execute("UPDATE classes SET question = ? WHERE code = ?", (q.id, code))

    def set_status(self, code: str, question_id: str, status: str) -> None:
        with self._write() as db:
            db.execute("UPDATE questions SET status = ? WHERE code = ? AND id = ?", (status, code, question_id))

    def put_answer(self, code: str, question_id: str, member: str, value: float | int, now: float) -> bool:
        with self._write() as db:
            row = db.execute(
                "SELECT q.status FROM classes c JOIN questions q ON q.code = c.code AND q.id = c.question "
                "WHERE c.code = ? AND c.question = ?",
                (code, question_id),
            ).fetchone()
            if row is None or row[0] != "open":
                return False
            cursor = db.execute(
                "UPDATE answers SET value = ?, at = ? WHERE code = ? AND question = ? AND member = ?",
                (json.dumps(value), now, code, question_id, member),
            )
            if cursor.rowcount == 0:
                db.execute("INSERT INTO answers VALUES (?, ?, ?, ?, ?)", (code, question_id, member, json.dumps(value),
                                                                          now))  # fmt: skip
                db.execute("UPDATE questions SET answers = answers + 1 WHERE code = ? AND id = ?", (code, question_id))
            return True

    def answers(self, code: str, question_id: str) -> list[AnswerRow]:
        rows = self._db().execute(
            "SELECT member, value, at FROM answers WHERE code = ? AND question = ? ORDER BY at", (code, question_id)
        )
        return [AnswerRow(member, json.loads(value), at) for member, value, at in rows]

    def questions(self, code: str) -> list[QuestionRow]:
        rows = self._db().execute(
            f"SELECT {QUESTION_COLUMNS} FROM questions q WHERE q.code = ? ORDER BY q.seq", (code,)
        )
        return [_question(row) for row in rows]

    # --- challenges and wrong codes --------------------------------------------------------------------------

    def add_attempt(self, code: str, challenge: str, member: str, passed: bool, failed: frozenset[str]) -> None:
        with self._write() as db:
            row = db.execute(
                "SELECT passed, failed FROM attempts WHERE code = ? AND challenge = ? AND member = ?",
                (code, challenge, member),
            ).fetchone()
            was_passed, was_failed = (bool(row[0]), set(json.loads(row[1]))) if row else (False, set())
            db.execute(
                "INSERT OR REPLACE INTO attempts VALUES (?, ?, ?, ?, ?)",
                (code, challenge, member, int(passed or was_passed), json.dumps(sorted(was_failed | failed))),
            )

    def attempts(self, code: str) -> list[AttemptRow]:
        rows = self._db().execute("SELECT challenge, member, passed, failed FROM attempts WHERE code = ?", (code,))
        return [AttemptRow(c, m, bool(p), frozenset(json.loads(f))) for c, m, p, f in rows]

    def add_try(self, client: str, now: float) -> None:
        with self._write() as db:
            db.execute("DELETE FROM tries WHERE at < ?", (now - TRY_WINDOW,))  # every client's old tries
            db.execute("INSERT INTO tries VALUES (?, ?)", (client, now))

    def tries(self, client: str, since: float) -> list[float]:
        rows = self._db().execute("SELECT at FROM tries WHERE client = ? AND at > ? ORDER BY at", (client, since))
        return [row[0] for row in rows]
