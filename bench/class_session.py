"""Figures of issue 28 (a class in one room). Last line: one JSON object.

python bench/class_session.py [--followers 60] [--explorers 10] [--join-seconds 30] [--skip-redis]  # minutes on 2 cores

One lecturer and ``followers`` students as the browser-like websocket clients of bench/load.py
(tests/browser/ws_client.py), on `streamlit run app.py` with the embedded class store (SQLite); then the same with
the Redis store and the students split over two app processes behind nginx (deploy/cluster.py).

- The lecturer presents the lstm-cell lecture's first question scene, starts a class; every student joins with the
  code and follows. The lecturer steps 20 times (what its scene's browser reports: the step), then asks the scene's
  question; every student answers.
- follow_step_ms_median/p95: from the lecturer's step sent to each follower's browser having that step. A member's
  browser looks at the class once a second at the app's route (lstm_viz/routes.py) and hands the step to its scene
  itself (ui/browser/follow.js); each student here does what that script does (``looks``): the same request, and
  the same trigger that reruns its page when the lecturer's page or view, or the question, is not the page's.
- answers_tallied_ms: from the last answer sent to the projector's count showing every answer.
- explorer_rerun_ms_median/p95: 10 other sessions moving weights in the explorer all the while (in a process of their
  own, as other people's browsers are: reading sixty students' pages must not delay the reading of theirs); and the
  p95 in each part: while the room joins (ten students at a time, over ``--join-seconds``: each join is a page load
  and a run of the page), while they follow, while they answer.
- security_checks_refused: what a student tries: step the class through its own scene's report, and, with a member's
  token at the service, drive, open, reveal, end, tally, read the CSV and the board (each must be refused).
- calibration_numpy_forward_ms before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.explorer_browser import calibration_ms  # noqa: E402
from tests.browser.server import free_port, start_server, wait_healthy  # noqa: E402
from tests.browser.ws_client import Client  # noqa: E402

STEPS = 20
FIRST_STEP = 5  # the question scene shows t = 2; the lecturer steps through 5 … 24
CODE = re.compile(r"\*\*([2-9A-Z]{4}-[2-9A-Z]{4})\*\*")


def post(port: int, cookie: str, path: str, body: dict) -> tuple[int, dict]:
    """One look at the class, as the browser's fetch sends it."""
    import urllib.error
    import urllib.request

    headers = {"Content-Type": "application/json", **({"Cookie": cookie} if cookie else {})}
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", json.dumps(body).encode(), headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, {}


async def looks(tab: Client, k: int, port: int, cookie: str, arrivals: dict, stop: list) -> None:
    """What ui/browser/follow.js does in student ``k``'s browser: look once a second; a new step of the lecturer is
    the scene's at once (its arrival); the page reruns (the component's trigger) when it must draw something."""
    triggered, triggered_at = None, 0.0
    while not stop[0]:
        data = json.loads(tab.components.get("class_follow_beacon") or "{}")
        if data.get("code"):
            status, seen = await asyncio.to_thread(post, port, cookie, data["path"],
                                                   {"code": data["code"], "token": data["token"]})  # fmt: skip
            reason = None
            if status != 200 or not seen.get("alive"):
                reason = "gone"
            elif seen["question"] != data["question"]:
                reason = f"question:{seen['question']}"
            elif data["following"] and seen["where"] != data["where"]:
                reason = f"where:{seen['where']}"
            elif data["following"]:
                arrivals.setdefault(int(seen["t"]), {}).setdefault(k, time.perf_counter())
            now = time.perf_counter()
            if reason is not None and (reason != triggered or now - triggered_at > 5):  # follow.js's AGAIN_MS
                triggered, triggered_at = reason, now
                await tab.trigger("class_follow_beacon", "changed", reason)
        await asyncio.sleep(data.get("every_ms", 1000) / 1000)


def question_scene() -> int:
    """The first scene of the lstm-cell lecture with a number question on the explorer (1-based)."""
    from lstm_viz import lectures

    lecture = lectures.load("lstm-cell.en")
    for number, scene in enumerate(lecture.scenes, 1):
        question = getattr(scene, "question", None)
        if question is not None and question.kind == "number" and scene.page == "explorer":
            return number
    raise SystemExit("the lstm-cell lecture has no number question on the explorer")


def percentile(values: list[float], q: int) -> float | None:
    if len(values) < 2:
        return round(values[0], 1) if values else None
    return round(statistics.quantiles(values, n=100)[q - 1], 1)


def cpu_seconds(pids: list[int]) -> float:
    """The CPU time (user + system) these processes have used so far, in seconds."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


async def session(port_of, followers: int, explorers: int, scene: int, join_seconds: float = 30.0,
                  servers: list[int] = ()) -> dict:  # fmt: skip
    """The class: one lecturer, ``followers`` students, ``explorers`` others; ``port_of(k)`` → (port, cookie);
    ``servers``: the app processes' pids, whose CPU is reported per part of the session."""
    from concurrent.futures import ThreadPoolExecutor

    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=followers + 4))  # their looks
    port, cookie = port_of(-1)
    lecturer = Client(port, query=f"lecture=lstm-cell.en&scene={scene}", cookie=cookie)
    arrivals: dict[int, dict[int, float]] = {}  # step → follower → when its scene got it
    stop = [False]
    figures: dict = {"errors": []}
    async with lecturer:
        await lecturer.open()
        await lecturer.click("class_start")
        code = next((m.group(1) for text in lecturer.texts for m in [CODE.search(text)] if m), None)
        if code is None:
            raise RuntimeError(f"no class code shown: {lecturer.texts[:20]}")

        lookers = []

        async def student(k: int) -> Client:
            port_k, cookie_k = port_of(k)
            tab = Client(port_k, query=f"join={code}", cookie=cookie_k)
            await tab.__aenter__()
            await tab.open()
            tab.stage("class_code_in", string_value=code)  # the link's join card: its form's fields, sent with Join
            tab.stage("class_nick_in", string_value=f"student {k}")
            await tab.click("class_join")
            lookers.append(asyncio.create_task(looks(tab, k, port_k, cookie_k, arrivals, stop)))
            return tab

        others = Explorers([port_of(1000 + k) for k in range(explorers)])  # other people's browsers
        phases = {"joining": time.perf_counter()}
        used = {"joining": cpu_seconds(servers)}
        students = []
        batches = list(range(0, followers, 10))
        for n, batch in enumerate(batches):  # a room joins within a minute (``join_seconds``), ten at a time
            began = time.perf_counter()
            students += await asyncio.gather(*(student(k) for k in range(batch, min(batch + 10, followers))))
            if n + 1 < len(batches):
                await asyncio.sleep(max(0.0, join_seconds / len(batches) - (time.perf_counter() - began)))
        phases["following"], used["following"] = time.perf_counter(), cpu_seconds(servers)
        figures["joined"] = sum("class_explore" in tab.widgets for tab in students)
        await asyncio.sleep(3)  # every follower has taken the lecturer's scene; the projector has counted them
        figures["projector_count"] = counted(lecturer.texts, "Joined")
        sent: dict[int, float] = {}
        for step in range(FIRST_STEP, FIRST_STEP + STEPS):  # none of them the scene's own step
            report = {"follow": {"t": step, "playing": False, "speed": 2}, "t": step}
            sent[step] = time.perf_counter()
            await lecturer.set("explorer_scene", json_value=json.dumps(report))
            await asyncio.sleep(1.5)
        await asyncio.sleep(2)
        delays = [1000 * (when - sent[step]) for step in sent for when in arrivals.get(step, {}).values()
                  if when >= sent[step]]  # fmt: skip
        figures["follow_arrivals"] = f"{len(delays)} of {STEPS * followers}"
        figures["follow_step_ms_median"] = round(statistics.median(delays), 1) if delays else None
        figures["follow_step_ms_p95"] = percentile(delays, 95)
        # the question: asked, answered by every student, counted on the projector
        phases["answering"], used["answering"] = time.perf_counter(), cpu_seconds(servers)
        await lecturer.click("class_ask")
        await asyncio.sleep(2.5)  # the students' polls show it
        last_sent = 0.0
        for tab in students:
            key = next((name for name in tab.widgets if name.startswith("class_answer_")), None)
            if key is None:
                figures["errors"].append("a student never saw the question")
                continue
            tab.stage(key, string_value=f"{random.Random(len(key)).uniform(0, 1):.3f}")  # the answer's form
            last_sent = time.perf_counter()  # the press that sends it
            await tab.click(key.replace("class_answer_", "class_send_"))
        answered = len(students)
        while time.perf_counter() - last_sent < 30:
            if counted(lecturer.texts, "Answers") == answered:
                break
            await asyncio.sleep(0.05)
        tallied = counted(lecturer.texts, "Answers") == answered and last_sent
        figures["answers_tallied_ms"] = round(1000 * (time.perf_counter() - last_sent), 1) if tallied else None
        phases["end"], used["end"] = time.perf_counter(), cpu_seconds(servers)
        figures["security_checks_refused"] = await security(students[0], lecturer, code)
        stop[0] = True
        runs, explorer_errors = others.stop()
        await asyncio.gather(*lookers)
        for tab in students:
            figures["errors"] += tab.errors
            await tab.__aexit__(None, None, None)
    reruns = [1000 * run.seconds for run in runs]
    figures["explorer_rerun_ms_median"] = round(statistics.median(reruns), 1) if reruns else None
    figures["explorer_rerun_ms_p95"] = percentile(reruns, 95)
    names = list(phases)  # the p95 in each part of the session: the room joining, following, answering
    for name, start, end in zip(names, [phases[n] for n in names], [phases[n] for n in names[1:]]):
        part = [1000 * run.seconds for run in runs if start <= run.began < end]
        figures[f"explorer_rerun_ms_p95_{name}"] = percentile(part, 95)
        if servers:  # how busy the app processes were: CPU seconds per second (1.0 = one core all the time)
            figures[f"server_cpu_per_s_{name}"] = round(
                (used[names[names.index(name) + 1]] - used[name])
                / (phases[names[names.index(name) + 1]] - phases[name]),
                2,
            )
    figures["errors"] = (figures["errors"] + lecturer.errors + explorer_errors)[:20]
    return figures


class Explorers:
    """The ten other sessions moving weights in the explorer, in a process of their own (other people's browsers: the
    work of reading sixty students' pages must not delay the reading of theirs). Their runs come back at the end,
    timed by the clock the parent's phases use (``time.perf_counter``: the system's monotonic clock)."""

    def __init__(self, ports: list[tuple[int, str]]):
        import subprocess

        self.process = subprocess.Popen([sys.executable, __file__, "--explorer-clients", json.dumps(ports)],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)  # fmt: skip

    def stop(self) -> tuple[list, list[str]]:
        from tests.browser.ws_client import Run

        out, _ = self.process.communicate("stop\n", timeout=120)
        found = json.loads(out.strip().splitlines()[-1])
        return [Run(*run) for run in found["runs"]], found["errors"]


async def explorer_clients(ports: list[tuple[int, str]]) -> dict:
    """The child's side: each explorer moves a weight every 0.5–1.5 s until the parent says stop (a line on stdin)."""
    stop = [False]

    async def explorer(k: int, port: int, cookie: str) -> Client:
        async with Client(port, cookie=cookie) as tab:
            await tab.open()
            rng = random.Random(700 + k)
            while not stop[0]:
                await asyncio.sleep(rng.uniform(0.5, 1.5))
                await tab.slide("W_i_0_0", round(rng.uniform(-10, 10), 1))
            return tab

    tasks = [asyncio.create_task(explorer(k, port, cookie)) for k, (port, cookie) in enumerate(ports)]
    await asyncio.to_thread(sys.stdin.readline)
    stop[0] = True
    tabs = await asyncio.gather(*tasks)
    runs = [[run.fragment, run.timer, run.began, run.seconds] for tab in tabs for run in tab.runs[1:] if not run.timer]
    return {"runs": runs, "errors": [error for tab in tabs for error in tab.errors]}


def counted(texts: list[str], label: str) -> int | None:
    """The value of the metric with this label, as the page shows it now."""
    for value, label_text in itertools.pairwise(texts):  # the client keeps a metric's value, then its label
        if label_text == label and value.strip().isdigit():
            return int(value)
    return None


async def security(student: Client, lecturer: Client, code: str) -> str:
    """A student's attempts, each of which the server must refuse."""
    from lstm_viz.classroom import classroom
    from lstm_viz.classroom.service import ClassError, Lecturer

    service = classroom()
    refused, tried = 0, 0
    before = service.view(code).drive.version
    tried += 1  # the student's own scene reports a step, as the lecturer's does
    await student.set("explorer_scene", json_value=json.dumps({"follow": {"t": 3, "playing": True}, "t": 3}))
    await asyncio.sleep(0.5)
    refused += service.view(code).drive.version == before
    member = service.join(code, "intruder", client="bench")
    forged = Lecturer(code, member.token)  # the only secret a student holds is its member token
    attempts = [
        lambda: service.drive(forged, page="explorer", state={}, t=1, playing=False, speed=2.0),
        lambda: service.open_question(forged, "q", "number", "?", right=1.0, tolerance=0.1),
        lambda: service.reveal(forged),
        lambda: service.close_question(forged),
        lambda: service.tally(forged),
        lambda: service.answers_csv(forged),
        lambda: service.board(forged),
        lambda: service.end(forged),
    ]
    for attempt in attempts:
        tried += 1
        try:
            attempt()
        except ClassError:
            refused += 1
    return f"{refused} of {tried}"


def one_server(args, folder: Path) -> dict:
    port = free_port()
    env = {"LSTM_VIZ_CLASSES": str(folder / "classes.sqlite3")}
    os.environ.update(env)  # the security checks use the same store
    server = start_server(port, folder / "streamlit.log", env)
    try:
        wait_healthy(port)
        return asyncio.run(
            session(
                lambda k: (port, ""), args.followers, args.explorers, question_scene(), args.join_seconds, [server.pid]
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=30)


def with_redis(args, folder: Path) -> dict:
    import lstm_viz.classroom
    from deploy import cluster

    with cluster.running(folder, apps=2, workers=0) as running:
        os.environ["LSTM_VIZ_REDIS_URL"] = running.redis_url
        lstm_viz.classroom._classroom = None  # the security checks: on the apps' Redis store now
        cookies = {}

        def port_of(k: int) -> tuple[int, str]:
            if k not in cookies:
                cookies[k] = running.new_cookie()
            return running.port, cookies[k]

        apps = [pid for role, pid in running.processes.items() if role.startswith("app")]
        figures = asyncio.run(session(port_of, args.followers, args.explorers, question_scene(), args.join_seconds,
                                      apps))  # fmt: skip
        figures["apps_that_served"] = running.apps_that_served()
    return figures


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--followers", type=int, default=60)
    parser.add_argument("--explorers", type=int, default=10)
    parser.add_argument("--skip-redis", action="store_true")
    parser.add_argument("--join-seconds", type=float, default=30.0, help="how long the room takes to join")
    parser.add_argument("--explorer-clients", help=argparse.SUPPRESS)  # (the explorers' own process)
    args = parser.parse_args()
    if args.explorer_clients:
        return asyncio.run(explorer_clients([tuple(port) for port in json.loads(args.explorer_clients)]))
    figures: dict = {"calibration_numpy_forward_ms": calibration_ms(), "followers": args.followers,
                     "join_seconds": args.join_seconds}  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="lstm-viz-class-"))
    figures.update(one_server(args, folder))
    if not args.skip_redis:
        try:
            figures["redis_two_apps"] = with_redis(args, folder / "cluster")
        except Exception as error:  # reported, not hidden
            figures["redis_two_apps"] = {"error": f"{type(error).__name__}: {error}"}
    figures["calibration_numpy_forward_ms_after"] = calibration_ms()
    return figures


if __name__ == "__main__":
    print(json.dumps(main()))
