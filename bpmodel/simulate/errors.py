"""The error raised when a process cannot be simulated.

>>> str(SimulationError("no step takes any time"))
'no step takes any time'
"""

from __future__ import annotations


class SimulationError(ValueError):
    """A process (or a scenario) that cannot be simulated; the message says why in plain
    words."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)
