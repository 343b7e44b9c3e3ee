"""The same queue on workers of an existing engine: RQ over Redis (``LSTM_VIZ_ENGINE=rq``, ``LSTM_VIZ_REDIS=…``).

``RQRunner(redis_url)`` has the scheduler's surface (``submit(run, session, runs)``, ``running(run)``) and returns
``RQRunJob``s with the job's surface (``status``, ``progress``, ``position()``, ``eta_seconds()``, ``stop()``,
``result``…), so a page cannot tell it from the embedded thread queue. The training itself runs in an RQ worker
(``lstm_viz.runs.worker.train``: the worker gets the run's key, builds its work with ``run.plan()``, streams its
progress back every epoch and writes its result to the shared runs folder).

What lives in Redis besides RQ's own keys (every app process and worker sees the same):
- ``lstm_viz:line``: a hash fingerprint → RQ job id of the runs queued or running (identical requests join);
- ``lstm_viz:session:<session>``: the RQ job ids a session has in line (fair share: at most ``per_session``);
- ``lstm_viz:progress:<job id>``: the run's progress as JSON (history, notes, phase, epochs), written by the worker;
- ``lstm_viz:stop:<job id>``: set by Stop (the worker's batch callback reads it);
- ``lstm_viz:alive:<job id>``: the worker's heartbeat (a short TTL): a run whose worker died is marked failed;
- ``lstm_viz:unkept:<job id>``: a result the runs folder could not keep (a full or read-only disk), as one archive
  (``codec.result_bytes``), for the sessions that asked: they show it with a warning that it was not kept.
Nothing here imports Streamlit or TensorFlow.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from typing import Any

from lstm_viz.runs.key import RunKey
from lstm_viz.training import Progress

QUEUE_NAME = "lstm-viz"
WORKER_FUNCTION = "lstm_viz.runs.worker.train"
PREFIX = "lstm_viz"
# seconds without a heartbeat before a started run counts as dead (the worker beats every second), and after RQ
# marked a run started before a missing heartbeat counts (both settable, e.g. shorter in tests)
HEARTBEAT_TTL = int(os.environ.get("LSTM_VIZ_HEARTBEAT_TTL", "15"))
START_GRACE = int(os.environ.get("LSTM_VIZ_START_GRACE", "20"))
JOB_TIMEOUT = 6 * 3600  # RQ's own limit for one run (its default, 180 s, is shorter than a course recipe)
KEEP_SECONDS = 24 * 3600  # how long progress and finished jobs stay in Redis
UNREACHABLE_SECONDS = 30  # Redis not answering this long: the page's run is failed (with the reason)
FORGET_SECONDS = 3600  # an ended job's object is dropped from the runner's table after this
REFRESH_SECONDS = 0.25  # a job's state is read from Redis at most this often per process
DEFAULT_MAX_QUEUED = 200  # runs waiting (as lstm_viz.runs.queue.LIMIT)
DEFAULT_PER_SESSION = 2  # runs queued or running per session (as lstm_viz.runs.queue.PER_SESSION)
DEFAULT_ESTIMATE = 30.0  # seconds, for a run whose plan gives no estimate


def plan_of(run: RunKey):
    from lstm_viz.runs.worker import plan_of

    return plan_of(run)


def durations_key() -> str:
    """A hash: per family and recipe (``queue.recipe_of``), measured seconds over the key's estimate, averaged."""
    return f"{PREFIX}:durations"


def line_key() -> str:
    return f"{PREFIX}:line"


def session_key(session: str) -> str:
    return f"{PREFIX}:session:{session}"


def progress_key(job_id: str) -> str:
    return f"{PREFIX}:progress:{job_id}"


def stop_key(job_id: str) -> str:
    return f"{PREFIX}:stop:{job_id}"


def alive_key(job_id: str) -> str:
    return f"{PREFIX}:alive:{job_id}"


def unkept_key(job_id: str) -> str:
    return f"{PREFIX}:unkept:{job_id}"


def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


# Move a job id before another in RQ's queue list, atomically (a worker may take either meanwhile: then nothing moves).
_MOVE_BEFORE = """
if redis.call('LPOS', KEYS[1], ARGV[2]) and redis.call('LREM', KEYS[1], 1, ARGV[1]) == 1 then
  redis.call('LINSERT', KEYS[1], 'BEFORE', ARGV[2], ARGV[1])
end
return 1
"""


def session_tag(session: str) -> str:
    """A short digest of a session id, part of its runs' job ids (the fair order reads it from the queue alone)."""
    return hashlib.sha256(session.encode()).hexdigest()[:8]


def _tag_of(job_id: str) -> str:
    parts = job_id.rsplit("-", 2)
    return parts[1] if len(parts) == 3 else job_id


def _str(value: Any) -> str:
    """Redis bytes, or RQ's JobStatus (a str Enum: its value, not "JobStatus.QUEUED"), as text."""
    if isinstance(value, bytes):
        return value.decode()
    return str(getattr(value, "value", value))


def _label(plan: Any) -> Any:
    label = getattr(plan, "label", "")
    return tuple(label) if isinstance(label, list) else label


def _estimate(run: RunKey, plan: Any) -> float:
    for value in (getattr(run, "estimate_seconds", None), getattr(plan, "seconds", None)):
        if callable(value):
            value = value()
        if isinstance(value, int | float) and value > 0:
            return float(value)
    return DEFAULT_ESTIMATE


class RQRunJob:
    """A run in the engine, as one app process sees it (the job surface of ``lstm_viz.runs.queue``'s jobs)."""

    def __init__(self, runner: RQRunner, job_id: str, run: RunKey, total_epochs: int, label: Any) -> None:
        self._runner, self.id, self.run = runner, job_id, run
        self.label = label
        self._progress = Progress(total_epochs)
        self.error: str | None = None
        self.cancelled = False  # stopped before it started: nothing trained
        self._status = "queued"
        self._result: Any = None
        self._result_read = False
        self._record_into: list = []  # the SessionRuns of every session of this process that asked for the run
        self._started: float | None = None  # time.time() of the worker's start
        self._seconds: float | None = None
        self._checked = 0.0
        self._unreachable: float | None = None  # since when Redis has not answered
        self._lock = threading.RLock()

    # --- what a page reads ------------------------------------------------------------------------------------

    @property
    def status(self) -> str:
        self.refresh()
        return self._status

    @property
    def progress(self) -> Progress:
        """The run's progress as the worker last wrote it (history, notes, phase, total_epochs, epochs_done)."""
        self.refresh()
        return self._progress

    @property
    def running(self) -> bool:
        return self.status in ("queued", "running")

    @property
    def elapsed(self) -> float:
        self.refresh()
        if self._seconds is not None:
            return self._seconds
        return max(0.0, time.time() - self._started) if self._started else 0.0

    @property
    def result(self) -> Any:
        self.refresh()
        return self._result

    def position(self) -> int | None:
        """1 = next to start; None unless queued."""
        if self.status != "queued":
            return None
        ids = self._runner._queued_ids()
        return ids.index(self.id) + 1 if self.id in ids else None

    def eta_seconds(self) -> float | None:
        """About how long until this run starts: the estimates of the runs ahead and the rest of the running ones,
        shared by the workers (None unless queued)."""
        position = self.position()
        if position is None:
            return None
        return self._runner._eta(self.id)

    def stop(self) -> None:
        """Stop the run: a queued run is cancelled; a running one ends after the current batch, weights kept."""
        connection = self._runner.connection
        connection.set(stop_key(self.id), "1", ex=KEEP_SECONDS)
        try:
            job = self._runner._fetch(self.id)
            if job is not None and _str(job.get_status()) == "queued":
                job.cancel()
        except Exception:  # the worker took it meanwhile: it reads the stop flag first thing
            pass
        self._progress.stop_event.set()
        self._checked = 0.0

    def wait(self, timeout: float | None = None) -> RQRunJob:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.running and (deadline is None or time.monotonic() < deadline):
            time.sleep(REFRESH_SECONDS)
        return self

    # --- reading Redis ----------------------------------------------------------------------------------------

    def refresh(self, force: bool = False) -> None:
        with self._lock:
            if self._status not in ("queued", "running"):
                return
            now = time.monotonic()
            if not force and now - self._checked < REFRESH_SECONDS:
                return
            self._checked = now
            try:
                self._read()
                self._unreachable = None
            except Exception as error:  # Redis away (restarting, the network): keep the state a while, then fail
                from redis.exceptions import RedisError

                if not isinstance(error, RedisError | OSError):
                    raise
                self._unreachable = self._unreachable or now
                if now - self._unreachable > UNREACHABLE_SECONDS:
                    reason = f"{type(error).__name__}: {error}"
                    self._end("failed", error=f"the training engine (Redis) cannot be reached ({reason})")

    def _read(self) -> None:
        runner = self._runner
        job = runner._fetch(self.id)
        self._read_progress()
        if job is None:
            self._end("failed", error="the engine lost this run (its job expired or Redis was restarted)")
            return
        status = _str(job.get_status())
        if status in ("queued", "deferred", "scheduled"):
            self._status = "queued"
        elif status == "started":
            self._status = "running"
            if self._started is None:
                self._started = job.started_at.timestamp() if job.started_at else time.time()
            if runner._dead(job):
                runner._mark_dead(job)
                self._end("failed", error=runner.DEAD_MESSAGE)
        elif status == "finished":
            summary = job.return_value() or {}
            self._seconds = float(summary.get("seconds", 0.0))
            stopped = bool(summary.get("stopped"))
            if summary.get("not_kept"):
                self._read_unkept(str(summary["not_kept"]))
            elif summary.get("has_result", True):
                self._read_result(stopped)
            else:
                self.cancelled = True
            self._end("stopped" if stopped else "done")
        elif status in ("canceled", "stopped"):
            self.cancelled = True
            self._end("stopped")
        else:  # failed
            self._end("failed", error=runner._failure(job))

    def _read_progress(self) -> None:
        raw = self._runner.connection.get(progress_key(self.id))
        if not raw:
            return
        try:
            state = json.loads(raw)
        except ValueError:
            return
        progress = self._progress
        history = state.get("history", [])
        if len(history) > len(progress.history):
            progress.history.extend(history[len(progress.history) :])
        notes = state.get("notes", [])
        if len(notes) > len(progress.notes):
            progress.notes.extend(tuple(n) if isinstance(n, list) else n for n in notes[len(progress.notes) :])
        progress.phase = state.get("phase", progress.phase)
        progress.total_epochs = int(state.get("total_epochs", progress.total_epochs))
        if state.get("started"):
            self._started = float(state["started"])

    def _read_result(self, stopped: bool) -> None:
        """The finished run's result from the shared runs folder, recorded into every session that asked."""
        result = None
        try:
            if not stopped:  # the sessions' shared store is the runs folder itself (engineer S's DiskStore)
                result = next((r for r in (runs.shared.get(self.run) for runs in self._record_into) if r), None)
            if result is None:
                result = self._runner._load(self.run, self.id, stopped)
        except Exception as error:  # a result that cannot be read is a failed run, never a traceback
            self.error = f"{type(error).__name__}: {error}"
        self._result = result
        if result is None:
            self.error = self.error or "the worker's result was not found in the runs folder"
            return
        for runs in self._record_into:
            if stopped or runs.shared.get(self.run) is not None:
                runs.own.put(self.run, result)
            else:  # a shared store of its own (not the runs folder): it gets the run too
                runs.record(self.run, result, stopped=False)

    def _read_unkept(self, reason: str) -> None:
        """A result the runs folder could not keep: from Redis, into the sessions that asked, marked not kept."""
        try:
            self._result = self._runner._load_unkept(self.id)
        except Exception as error:
            self._result, self.error = None, f"the runs folder could not keep this run ({reason}), and {error}"
            return
        for runs in self._record_into:
            runs.own.put(self.run, self._result)
            runs.mark_not_kept(self.run, reason)

    def _end(self, status: str, error: str | None = None) -> None:
        if status == "done" and self._result is None:
            status = "failed"
        self._status = status
        if error:
            self.error = error
        if status == "stopped":
            self._progress.stop_event.set()
        if self._seconds is None:
            self._seconds = max(0.0, time.time() - self._started) if self._started else 0.0


class RQRunner:
    """The scheduler over RQ: identical runs join, a session has at most ``per_session`` runs queued or running, at
    most ``max_queued`` runs wait in all (``$LSTM_VIZ_PER_SESSION``, ``$LSTM_VIZ_MAX_QUEUED``: 2 and 200, as the
    embedded queue); the training runs in RQ workers (``rq worker lstm-viz -w
    lstm_viz.runs.worker.TrainingWorker``)."""

    DEAD_MESSAGE = "the worker training this run stopped (killed or crashed); press Train to try again"

    def __init__(
        self,
        redis_url: str,
        *,
        max_queued: int | None = None,
        per_session: int | None = None,
        queue_name: str = QUEUE_NAME,
        runs_folder=None,
    ) -> None:
        from redis import Redis
        from rq import Queue

        self.redis_url = redis_url
        self.connection = Redis.from_url(redis_url, socket_connect_timeout=5, health_check_interval=30)
        self._move_before = self.connection.register_script(_MOVE_BEFORE)  # a Lua script Redis runs (EVALSHA)
        self.queue = Queue(queue_name, connection=self.connection, default_timeout=JOB_TIMEOUT)
        self.max_queued = max_queued or _env_int("LSTM_VIZ_MAX_QUEUED", DEFAULT_MAX_QUEUED)
        self.per_session = per_session or _env_int("LSTM_VIZ_PER_SESSION", DEFAULT_PER_SESSION)
        self._runs_folder = runs_folder
        self._jobs: dict[str, RQRunJob] = {}
        self._lock = threading.Lock()

    # --- the scheduler's surface ------------------------------------------------------------------------------

    def submit(self, run: RunKey, session: str, runs) -> RQRunJob:
        """Queue ``run`` for ``session`` (its result recorded into ``runs``), or join the identical run in line.
        Raises QueueFull, SessionLimit, or a TextError saying that the engine cannot be reached."""
        from redis.exceptions import RedisError

        try:
            return self._submit(run, session, runs)
        except (RedisError, OSError) as error:
            from lstm_viz.i18n import TextError

            reason = f"the training engine (Redis) cannot be reached: {type(error).__name__}: {error}"
            raise TextError("shared.failed", error=reason) from error

    def _submit(self, run: RunKey, session: str, runs) -> RQRunJob:
        from lstm_viz.runs.queue import QueueFull, SessionLimit

        plan = plan_of(run)
        fingerprint = run.fingerprint()
        with self.connection.lock(f"{PREFIX}:submit", timeout=10, blocking_timeout=10):
            joined = self._live_job_id(fingerprint)
            if joined is not None:
                job = self._job(joined, run, plan)
            else:
                mine = self._live_session_ids(session)
                if len(mine) >= self.per_session:
                    raise SessionLimit(len(mine))
                if self._waiting() >= self.max_queued:
                    raise QueueFull(self.max_queued)
                tag = session_tag(session)
                rq_job = self.queue.enqueue(
                    WORKER_FUNCTION,
                    run,
                    job_id=f"{run.name}-{tag}-{os.urandom(4).hex()}",
                    job_timeout=JOB_TIMEOUT,
                    result_ttl=KEEP_SECONDS,
                    failure_ttl=KEEP_SECONDS,
                    meta={"estimate": _estimate(run, plan), "fingerprint": fingerprint, "family": run.family},
                    description=run.name,
                )
                self._place_fairly(rq_job.id, tag)
                self.connection.hset(line_key(), fingerprint, rq_job.id)
                self.connection.sadd(session_key(session), rq_job.id)
                self.connection.expire(session_key(session), KEEP_SECONDS)
                job = self._job(rq_job.id, run, plan)
        with job._lock:
            if all(known is not runs for known in job._record_into):
                job._record_into.append(runs)
        return job

    def expected_seconds(self, run: RunKey) -> tuple[float, bool]:
        """How long ``run`` will probably take once started, and whether from runs the workers finished (as the
        embedded queue's ``expected_seconds``; the workers keep the ratios in Redis)."""
        from lstm_viz.runs.queue import recipe_of

        estimate = _estimate(run, None)
        try:
            ratio = self.connection.hget(durations_key(), recipe_of(run))
        except Exception:  # Redis away: the key's own estimate
            ratio = None
        if ratio is None:
            return estimate, False
        return estimate * float(ratio), True

    def running(self, run: RunKey) -> RQRunJob | None:
        """The run's job while it is queued or running (asked by any session, in any app process); None also when
        the engine cannot be reached (the page then offers Train, which says why)."""
        from redis.exceptions import RedisError

        try:
            job_id = self._live_job_id(run.fingerprint())
        except (RedisError, OSError):
            return None
        if job_id is None:
            return None
        job = self._job(job_id, run, plan_of(run))
        return job if job.running else None

    # --- helpers ----------------------------------------------------------------------------------------------

    def _job(self, job_id: str, run: RunKey, plan) -> RQRunJob:
        """This process's one job object for an RQ job (jobs that ended an hour ago are forgotten: pages that still
        hold one keep it)."""
        with self._lock:
            job = self._jobs.get(job_id)
            if job is None:
                now = time.monotonic()
                for other, known in list(self._jobs.items()):
                    if known._status not in ("queued", "running") and now - known._checked > FORGET_SECONDS:
                        del self._jobs[other]
                job = self._jobs[job_id] = RQRunJob(self, job_id, run, getattr(plan, "epochs", 0), _label(plan))
            return job

    def _fetch(self, job_id: str):
        from rq.exceptions import NoSuchJobError
        from rq.job import Job

        try:
            return Job.fetch(job_id, connection=self.connection)
        except NoSuchJobError:
            return None

    def _is_live(self, job_id: str) -> bool:
        job = self._fetch(job_id)
        if job is None:
            return False
        status = _str(job.get_status())
        if status == "started" and self._dead(job):
            self._mark_dead(job)
            return False
        return status in ("queued", "started", "deferred", "scheduled")

    def _live_job_id(self, fingerprint: str) -> str | None:
        job_id = self.connection.hget(line_key(), fingerprint)
        if job_id is None:
            return None
        job_id = _str(job_id)
        if self._is_live(job_id) and not self.connection.exists(stop_key(job_id)):
            return job_id
        self.connection.hdel(line_key(), fingerprint)
        return None

    def _live_session_ids(self, session: str) -> list[str]:
        ids = [_str(i) for i in self.connection.smembers(session_key(session))]
        live = [job_id for job_id in ids if self._is_live(job_id)]
        ended = set(ids) - set(live)
        if ended:
            self.connection.srem(session_key(session), *ended)
        return live

    def _place_fairly(self, job_id: str, tag: str) -> None:
        """Round-robin across sessions, as the embedded queue: a session's n-th waiting run goes before every other
        session's (n+1)-th, so one session cannot line up its runs ahead of everyone else's."""
        ids = self._queued_ids()
        mine = sum(1 for other in ids if other != job_id and _tag_of(other) == tag)  # its round (0: the first)
        ranks: dict[str, int] = {}
        for other in ids:
            if other == job_id:
                return  # nobody of a later round is ahead of it
            rank = ranks[_tag_of(other)] = ranks.get(_tag_of(other), -1) + 1
            if rank > mine:
                self._move_before(keys=[self.queue.key], args=[job_id, other])
                return

    def _waiting(self) -> int:
        """How many runs wait for a worker (RQ's queue; cancelled runs have left it)."""
        return self.queue.count

    def _queued_ids(self) -> list[str]:
        return [_str(i) for i in self.queue.get_job_ids()]

    def _eta(self, job_id: str) -> float:
        from rq import Worker
        from rq.registry import StartedJobRegistry

        ahead = self._queued_ids()
        ahead = ahead[: ahead.index(job_id)] if job_id in ahead else ahead
        seconds = 0.0
        for other in ahead:
            job = self._fetch(other)
            seconds += float((job.meta or {}).get("estimate", DEFAULT_ESTIMATE)) if job else 0.0
        started = StartedJobRegistry(queue=self.queue).get_job_ids()
        for other in started:
            job = self._fetch(other.split(":")[0])
            if job is None:
                continue
            estimate = float((job.meta or {}).get("estimate", DEFAULT_ESTIMATE))
            began = job.started_at.timestamp() if job.started_at else time.time()
            seconds += max(0.0, estimate - (time.time() - began))
        workers = max(1, Worker.count(queue=self.queue))
        return seconds / workers

    def _dead(self, job) -> bool:
        """A started run whose worker has not beaten for HEARTBEAT_TTL seconds (past the start grace)."""
        if self.connection.exists(alive_key(job.id)):
            return False
        began = job.started_at.timestamp() if job.started_at else time.time()
        return time.time() - began > START_GRACE

    def _mark_dead(self, job) -> None:
        """Fail a run whose worker died, for every app process (RQ's own cleanup would take up to its ttl)."""
        from rq.job import JobStatus
        from rq.registry import FailedJobRegistry, StartedJobRegistry

        job.meta["error"] = self.DEAD_MESSAGE
        job.save_meta()
        job.set_status(JobStatus.FAILED)
        for execution in StartedJobRegistry(queue=self.queue).get_job_ids():
            if execution.split(":")[0] == job.id:
                self.connection.zrem(StartedJobRegistry(queue=self.queue).key, execution)
        FailedJobRegistry(queue=self.queue).add(job, ttl=KEEP_SECONDS, exc_string=self.DEAD_MESSAGE)
        fingerprint = (job.meta or {}).get("fingerprint")
        if fingerprint and _str(self.connection.hget(line_key(), fingerprint) or b"") == job.id:
            self.connection.hdel(line_key(), fingerprint)

    def _failure(self, job) -> str:
        error = (job.meta or {}).get("error")
        if error:
            return str(error)
        info = job.exc_info or ""
        lines = [line for line in info.strip().splitlines() if line.strip()]
        if "Work-horse terminated unexpectedly" in info or "AbandonedJobError" in info:
            return self.DEAD_MESSAGE
        return lines[-1] if lines else "the run failed in the worker"

    def _load_unkept(self, job_id: str) -> Any:
        import tempfile
        from pathlib import Path

        from lstm_viz.runs.codec import result_from_bytes

        data = self.connection.get(unkept_key(job_id))
        if data is None:
            raise LookupError("its result has expired from the engine")
        return result_from_bytes(data, Path(tempfile.mkdtemp(prefix="lstm-viz-unkept-")))

    def _load(self, run: RunKey, job_id: str, stopped: bool) -> Any:
        from lstm_viz.runs.worker import result_store

        if stopped:
            return result_store(run.family, job_id, self._runs_folder).get(run)
        from lstm_viz.runs.disk import runs_folder, shared_store

        folder = self._runs_folder if self._runs_folder is not None else runs_folder()
        return shared_store(str(folder), run.family).stored(run)  # the pages' store: the model read when one is used
