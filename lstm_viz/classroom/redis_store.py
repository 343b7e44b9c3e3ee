"""The class store on Redis (``LSTM_VIZ_REDIS_URL``): several app processes or machines share the classes.

Keys start with ``lstm_viz:class:``. A class is the hash ``lstm_viz:class:<code>`` with the keys of its members,
questions, answers and attempts next to it (``…:<code>:members``, ``…:q:<id>``, ``…:a:<id>``, ``…:questions``,
``…:attempts``); every one expires a day after the class does (the class key gets the TTL when it is created, the
others copy its TTL when they are written). Updates that must be atomic run as Lua scripts registered once
(EVALSHA); the question scripts touch the previous question's key by name, so this is for a standalone Redis (or
one Cluster slot), as the engine's queue is. The interface is described in lstm_viz.classroom.store."""

from __future__ import annotations

import json
import secrets

from lstm_viz.classroom.store import DAY, AnswerRow, AttemptRow, ClassRow, MemberRow, QuestionRow

PREFIX = "lstm_viz:class:"
SEP = "\x1f"  # between the parts of an attempts field (challenge and condition keys hold no control characters)
TRY_TTL = 3600  # seconds a client's wrong codes are kept

_KEEP = "local function keep(key) local ttl = redis.call('TTL', KEYS[1]) if ttl > 0 then redis.call('EXPIRE', key, ttl) end end\n"  # noqa: E501
CREATE = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
"""
SET_IF_EXISTS = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return 1
"""
ADD_MEMBER = (
    _KEEP
    + """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if tonumber(redis.call('HGET', KEYS[1], 'members') or '0') >= tonumber(ARGV[3]) then return 0 end
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then redis.call('HINCRBY', KEYS[1], 'members', 1) end
keep(KEYS[2])
return 1
"""
)
SET_DRIVE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'drive', ARGV[1])
return redis.call('HINCRBY', KEYS[1], 'version', 1)
"""
OPEN_QUESTION = (
    _KEEP
    + """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local previous = redis.call('HGET', KEYS[1], 'question')
if previous and previous ~= '' then
  local key = ARGV[2] .. previous
  if redis.call('HGET', key, 'status') == 'open' then redis.call('HSET', key, 'status', 'closed') end
end
redis.call('DEL', KEYS[2], KEYS[3])
local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
redis.call('HSET', KEYS[2], 'seq', seq, unpack(ARGV, 3))
redis.call('LREM', KEYS[4], 0, ARGV[1])
redis.call('RPUSH', KEYS[4], ARGV[1])
redis.call('HSET', KEYS[1], 'question', ARGV[1])
keep(KEYS[2])
keep(KEYS[4])
return 1
"""
)
PUT_ANSWER = (
    _KEEP
    + """
if redis.call('HGET', KEYS[1], 'question') ~= ARGV[1] then return 0 end
if redis.call('HGET', KEYS[2], 'status') ~= 'open' then return 0 end
if redis.call('HSET', KEYS[3], ARGV[2], ARGV[3]) == 1 then redis.call('HINCRBY', KEYS[2], 'answers', 1) end
keep(KEYS[3])
return 1
"""
)
ADD_ATTEMPT = (
    _KEEP
    + """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if ARGV[2] == '1' then redis.call('HSET', KEYS[2], ARGV[1], '1') else redis.call('HSETNX', KEYS[2], ARGV[1], '0') end
for i = 3, #ARGV do redis.call('HSET', KEYS[2], ARGV[i], '1') end
keep(KEYS[2])
return 1
"""
)


def _question(qid: str, fields: dict[str, str]) -> QuestionRow:
    return QuestionRow(qid, fields["kind"], fields["prompt"], tuple(json.loads(fields["choices"])),
                       json.loads(fields["right"]), float(fields["tolerance"]), fields["status"],
                       int(fields.get("answers", 0)), float(fields["opened"]))  # fmt: skip


class RedisClassStore:
    def __init__(self, url: str) -> None:
        from redis import Redis

        self.url = url
        self.redis = Redis.from_url(url, decode_responses=True)
        register = self.redis.register_script
        self._create, self._set_if_exists = register(CREATE), register(SET_IF_EXISTS)
        self._add_member, self._set_drive = register(ADD_MEMBER), register(SET_DRIVE)
        self._open_question, self._put_answer = register(OPEN_QUESTION), register(PUT_ANSWER)
        self._add_attempt = register(ADD_ATTEMPT)

    @staticmethod
    def _key(code: str, *parts: str) -> str:
        return ":".join((PREFIX + code, *parts))

    # --- classes ---------------------------------------------------------------------------------------------

    def create(self, code: str, lecturer: str, now: float, expires_at: float) -> bool:
        ttl = max(60, int(expires_at - now + DAY))
        fields = {"lecturer": lecturer, "created": repr(now), "expires_at": repr(expires_at), "ended": "0",
                  "members": "0", "drive": "{}", "version": "0", "question": ""}  # fmt: skip
        return bool(self._create(keys=[self._key(code)], args=[ttl, *(x for pair in fields.items() for x in pair)]))

    def read(self, code: str) -> tuple[ClassRow, QuestionRow | None] | None:
        fields = self.redis.hgetall(self._key(code))
        if not fields or "lecturer" not in fields:
            return None
        current = fields.get("question") or None
        row = ClassRow(code, fields["lecturer"], float(fields["created"]), float(fields["expires_at"]),
                       fields.get("ended") == "1", int(fields.get("members", 0)), json.loads(fields.get("drive", "{}")),
                       int(fields.get("version", 0)), current)  # fmt: skip
        question = None
        if current is not None:
            qfields = self.redis.hgetall(self._key(code, "q", current))
            question = _question(current, qfields) if qfields else None
        return row, question

    def end(self, code: str) -> None:
        self._set_if_exists(keys=[self._key(code)], args=["ended", "1"])

    # --- members ---------------------------------------------------------------------------------------------

    def add_member(self, code: str, member: str, nickname: str | None, now: float, limit: int) -> bool:
        value = json.dumps({"nickname": nickname, "joined": now})
        keys = [self._key(code), self._key(code, "members")]
        return bool(self._add_member(keys=keys, args=[member, value, limit]))

    def member(self, code: str, member: str) -> MemberRow | None:
        value = self.redis.hget(self._key(code, "members"), member)
        if value is None:
            return None
        data = json.loads(value)
        return MemberRow(member, data["nickname"], data["joined"])

    def members(self, code: str) -> dict[str, str | None]:
        everyone = self.redis.hgetall(self._key(code, "members"))
        return {member: json.loads(value)["nickname"] for member, value in everyone.items()}

    # --- the scene and the questions -------------------------------------------------------------------------

    def set_drive(self, code: str, drive: dict) -> int:
        return int(self._set_drive(keys=[self._key(code)], args=[json.dumps(drive)]))

    def open_question(self, code: str, question: QuestionRow) -> None:
        q = question
        fields = {"kind": q.kind, "prompt": q.prompt, "choices": json.dumps(list(q.choices)),
                  "right": json.dumps(q.right), "tolerance": repr(float(q.tolerance)), "status": "open",
                  "answers": "0", "opened": repr(q.opened)}  # fmt: skip
        keys = [self._key(code), self._key(code, "q", q.id), self._key(code, "a", q.id), self._key(code, "questions")]
        args = [q.id, self._key(code, "q", ""), *(x for pair in fields.items() for x in pair)]
        self._open_question(keys=keys, args=args)

    def set_status(self, code: str, question_id: str, status: str) -> None:
        self._set_if_exists(keys=[self._key(code, "q", question_id)], args=["status", status])

    def put_answer(self, code: str, question_id: str, member: str, value: float | int, now: float) -> bool:
        keys = [self._key(code), self._key(code, "q", question_id), self._key(code, "a", question_id)]
        return bool(self._put_answer(keys=keys, args=[question_id, member, json.dumps([value, now])]))

    def answers(self, code: str, question_id: str) -> list[AnswerRow]:
        everyone = self.redis.hgetall(self._key(code, "a", question_id))
        rows = [AnswerRow(member, *json.loads(value)) for member, value in everyone.items()]
        return sorted(rows, key=lambda row: row.at)

    def questions(self, code: str) -> list[QuestionRow]:
        ids = self.redis.lrange(self._key(code, "questions"), 0, -1)
        pipe = self.redis.pipeline(transaction=False)
        for qid in ids:
            pipe.hgetall(self._key(code, "q", qid))
        return [_question(qid, fields) for qid, fields in zip(ids, pipe.execute()) if fields]  # in the order opened

    # --- challenges and wrong codes --------------------------------------------------------------------------

    def add_attempt(self, code: str, challenge: str, member: str, passed: bool, failed: frozenset[str]) -> None:
        args = [SEP.join(("p", challenge, member)), "1" if passed else "0"]
        args += [SEP.join(("f", challenge, member, condition)) for condition in sorted(failed)]
        self._add_attempt(keys=[self._key(code), self._key(code, "attempts")], args=args)

    def attempts(self, code: str) -> list[AttemptRow]:
        passed: dict[tuple[str, str], bool] = {}
        failed: dict[tuple[str, str], set[str]] = {}
        for name, value in self.redis.hgetall(self._key(code, "attempts")).items():
            kind, challenge, member, *condition = name.split(SEP)
            if kind == "p":
                passed[challenge, member] = value == "1"
            elif condition:
                failed.setdefault((challenge, member), set()).add(condition[0])
        return [AttemptRow(c, m, passed.get((c, m), False), frozenset(failed.get((c, m), ()))) for c, m in passed]

    def add_try(self, client: str, now: float) -> None:
        key = PREFIX + "tries:" + client
        pipe = self.redis.pipeline(transaction=True)
        pipe.zadd(key, {f"{now!r}:{secrets.token_hex(6)}": now})
        pipe.zremrangebyscore(key, "-inf", now - TRY_TTL)
        pipe.expire(key, TRY_TTL)
        pipe.execute()

    def tries(self, client: str, since: float) -> list[float]:
        return [score for _, score in self.redis.zrangebyscore(PREFIX + "tries:" + client, f"({since!r}", "+inf",
                                                               withscores=True)]  # fmt: skip
