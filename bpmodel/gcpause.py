"""Pause Python's cyclic garbage collector while a large process is read or analysed.

Loading and analysis build hundreds of thousands of small lists, tuples and dicts for a
process of 100,000 steps, none of them in a reference cycle: reference counting
frees them all. The cyclic collector would still walk every live object again
and again as they pile up, which makes a large analysis take twice as long and
grow faster than linearly. So loading and analysis pause it, and turn it back on after
(only if it was on).

Pauses nest and overlap safely: one count shared by every pause (and every thread)
says how many are active; the first to start remembers whether the collector was on,
the last to end turns it back on. A decorated function gets a fresh pause on every call.

>>> import gc
>>> with paused_gc():
...     with paused_gc():
...         gc.isenabled()
...     gc.isenabled()
False
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
import threading
from contextlib import ContextDecorator

_lock = threading.Lock()
_active = 0
_was_enabled = False


class paused_gc(ContextDecorator):  # noqa: N801 - used like a function: with paused_gc()
    """Context manager (and decorator) that pauses the cyclic garbage collector."""

    def __enter__(self) -> paused_gc:
        global _active, _was_enabled
        with _lock:
            if _active == 0:
                _was_enabled = gc.isenabled()
                gc.disable()
            _active += 1
        return self

    def __exit__(self, *exc) -> None:
        global _active
        with _lock:
            _active -= 1
            if _active == 0 and _was_enabled:
                gc.enable()
