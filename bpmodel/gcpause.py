"""Pause Python's cyclic garbage collector while a large process is read or analysed.

Loading and analysis build hundreds of thousands of small lists, tuples and dicts for a
process of 100,000 steps, none of them in a reference cycle: reference counting
frees them all. The cyclic collector would still walk every live object again
and again as they pile up, which makes a large analysis take twice as long and
grow faster than linearly. So loading and analysis pause it, and turns it back on after
(only if it was on).

>>> import gc
>>> with paused_gc():
...     gc.isenabled()
False
>>> gc.isenabled()
True
"""

from __future__ import annotations

import gc
from contextlib import ContextDecorator


class paused_gc(ContextDecorator):  # noqa: N801 - used like a function: with paused_gc()
    """Context manager (and decorator) that pauses the cyclic garbage collector."""

    def __enter__(self) -> paused_gc:
        self._was_enabled = gc.isenabled()
        gc.disable()
        return self

    def __exit__(self, *exc) -> None:
        if self._was_enabled:
            gc.enable()
