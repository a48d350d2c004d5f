"""The collector pause: nested, recursive and overlapping pauses leave the collector as
they found it."""

from __future__ import annotations

import gc
import threading

from bpmodel.gcpause import paused_gc


@paused_gc()
def _recursive(depth: int) -> bool:
    if depth:
        return _recursive(depth - 1)
    return gc.isenabled()


def test_a_recursive_decorated_call_turns_the_collector_back_on():
    assert gc.isenabled()
    assert _recursive(3) is False
    assert gc.isenabled()


def test_overlapping_calls_in_threads_turn_the_collector_back_on():
    inside, release = threading.Barrier(2), threading.Event()
    seen = []

    @paused_gc()
    def work():
        inside.wait(timeout=10)  # both threads are inside their pause at once
        seen.append(gc.isenabled())
        release.wait(timeout=10)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join(timeout=10)
    assert seen == [False, False]
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_exception_inside_the_pause_turns_the_collector_back_on():
    try:
        with paused_gc():
            raise ValueError("boom")
    except ValueError:
        pass
    assert gc.isenabled()
