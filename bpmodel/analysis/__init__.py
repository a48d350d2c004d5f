"""Analysis of a process: measures, long paths and findings, all pure functions.

:func:`analyze` gathers them into the documented report that ``bpmodel analyze
--format json`` prints, a JSON object with these keys (later keys are added, never
removed or renamed):

- ``process``: ``id`` and ``name``;
- ``convention``: null (working hours) or ``"doing-business"``;
- ``measures``: a flat mapping of named figures (see
  :data:`bpmodel.analysis.measures.DESCRIPTIONS`);
- ``critical_path``: the ids of the steps on the critical path, in order;
- ``bottlenecks``: the steps of the critical path that take longest, each with
  ``step``, ``name``, ``hours``, ``wait_hours``, ``work_hours``, ``share`` (of the lead
  time) and ``kind`` (``waiting`` or ``work``);
- ``expected_method``: how the expected figures were found, ``exact`` for a
  block-structured process or ``flow equations`` (see
  :mod:`bpmodel.analysis.expectation`).

A process whose figures would mean nothing (no way to the end, a deadlock, an
endless loop) raises :class:`AnalysisError`.
"""

from __future__ import annotations

from typing import Any

from ..model import Process
from .errors import AnalysisError
from .gcpause import paused_gc
from .measures import measure
from .paths import bottlenecks, timing

__all__ = ["AnalysisError", "analyze"]


@paused_gc()
def analyze(process: Process, convention: str | None = None) -> dict[str, Any]:
    """The analysis report of a process as plain data.

    >>> from bpmodel.model import Actor, Process, Step
    >>> report = analyze(Process("p", "P", steps=(Step("a", "Ask"),)))
    >>> report["process"], report["measures"]["tasks"], report["critical_path"]
    ({'id': 'p', 'name': 'P'}, 1, ['a'])
    """
    measures = measure(process, convention)
    t = timing(process, convention)
    return {
        "process": {"id": process.id, "name": process.name},
        "convention": convention,
        "measures": measures,
        "critical_path": list(t.critical_path.steps),
        "bottlenecks": [b.to_dict() for b in bottlenecks(process, convention)],
        "expected_method": t.expectation.method,
    }
