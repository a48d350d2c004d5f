"""The error raised when a process cannot be measured because its structure is unsound.

>>> error = AnalysisError("steps 'a' loop with no way out", ("a",))
>>> str(error), error.steps
("steps 'a' loop with no way out", ('a',))
"""

from __future__ import annotations

from collections.abc import Iterable

_MAX_NAMED = 6


class AnalysisError(ValueError):
    """A process whose figures would mean nothing: no way to the end, a deadlock, an endless
    loop. ``message`` says what is wrong in plain words; ``steps`` lists the steps involved."""

    def __init__(self, message: str, steps: Iterable[str] = ()):
        self.message = message
        self.steps = tuple(steps)
        super().__init__(message)


def name_steps(step_ids: Iterable[str]) -> str:
    """A short quoted list of step ids for messages.

    >>> name_steps(["a", "b"])
    "'a', 'b'"
    >>> name_steps(str(i) for i in range(9))
    "'0', '1', '2', '3', '4', '5' and 3 more"
    """
    ids = list(step_ids)
    text = ", ".join(repr(s) for s in ids[:_MAX_NAMED])
    more = len(ids) - _MAX_NAMED
    return text + (f" and {more} more" if more > 0 else "")
