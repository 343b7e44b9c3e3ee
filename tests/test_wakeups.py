"""lstm_viz.wakeups: a loop whose cross-thread wake-ups coalesce still runs every callback, and wakes from sleep."""

import asyncio
import threading
import time

from lstm_viz.wakeups import coalesce


def _loop_in_thread():
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    return loop, thread


def _stop(loop, thread) -> None:
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()


def _counting(loop) -> list:
    """Count the bytes that really go down the loop's self-pipe (the write the coalescing one calls)."""
    writes = []
    original = type(loop)._write_to_self

    def counted() -> None:
        writes.append(1)
        original(loop)

    loop._write_to_self = counted
    return writes


def test_every_callback_runs_with_fewer_writes():
    loop, thread = _loop_in_thread()
    writes = _counting(loop)
    assert coalesce(loop) and coalesce(loop)  # once per loop
    done = []
    lock = threading.Lock()

    def callback(n: int) -> None:
        with lock:
            done.append(n)

    def sender(base: int) -> None:
        for k in range(2000):
            loop.call_soon_threadsafe(callback, base + k)
            if k % 97 == 0:
                time.sleep(0.001)  # the loop gets to sleep in between now and then

    senders = [threading.Thread(target=sender, args=(10_000 * s,)) for s in range(4)]
    for s in senders:
        s.start()
    for s in senders:
        s.join()
    deadline = time.monotonic() + 10
    while len(done) < 8000 and time.monotonic() < deadline:
        time.sleep(0.01)
    _stop(loop, thread)
    assert sorted(done) == sorted(10_000 * s + k for s in range(4) for k in range(2000))  # none lost
    assert 0 < len(writes) < 8000 // 2  # most calls found a wake-up already on its way


def test_a_sleeping_loop_wakes_for_each_lone_callback():
    loop, thread = _loop_in_thread()
    writes = _counting(loop)
    coalesce(loop)
    for _ in range(20):  # the loop is asleep in select each time: each lone callback must wake it
        woke = threading.Event()
        time.sleep(0.02)
        loop.call_soon_threadsafe(woke.set)
        assert woke.wait(2), "a lone callback did not wake the loop"
    assert len(writes) == 20
    burst, count = threading.Event(), []
    for k in range(500):
        loop.call_soon_threadsafe(count.append, k)
    loop.call_soon_threadsafe(burst.set)
    assert burst.wait(5) and count == list(range(500))  # in order, none lost
    assert len(writes) < 20 + 501  # a burst shares its wake-ups
    _stop(loop, thread)


def test_a_loop_that_is_not_a_selector_loop_is_left_alone():
    class Other:
        pass

    assert coalesce(Other()) is False
