"""Analysis of a process: measures, long paths and findings, all pure functions.

:func:`analyze` gathers them into the documented report that ``bpmodel analyze
--format json`` prints: a top-level object with ``process`` (``id``, ``name``)
and ``measures`` (a flat mapping of named figures). Later keys are added, never
removed or renamed.
"""

from __future__ import annotations

from typing import Any

from ..model import Process
from .measures import count_measures


def analyze(process: Process) -> dict[str, Any]:
    """The analysis report of a process as plain data.

    >>> from bpmodel.model import Actor, Process, Step
    >>> report = analyze(Process("p", "P", steps=(Step("a", "Ask"),)))
    >>> report["process"], report["measures"]["tasks"]
    ({'id': 'p', 'name': 'P'}, 1)
    """
    return {
        "process": {"id": process.id, "name": process.name},
        "measures": count_measures(process),
    }
