"""Analysis of a process: measures, long paths and findings, all pure functions.

:func:`analyze` gathers them into the documented report that ``bpmodel analyze
--format json`` prints, a JSON object with these keys (later keys are added, never
removed or renamed):

- ``process``: ``id`` and ``name``;
- ``measures``: a flat mapping of named figures (see
  :data:`bpmodel.analysis.measures.DESCRIPTIONS`);
- ``convention``: null (working hours) or ``"doing-business"``;
- ``critical_path``: the ids of the steps on the critical path, in order;
- ``bottlenecks``: the steps of the critical path that take longest, each with
  ``step``, ``name``, ``hours``, ``wait_hours``, ``work_hours``, ``share`` (of the lead
  time) and ``kind`` (``waiting`` or ``work``);
- ``expected_method``: how the expected figures were found, ``exact`` for a
  block-structured process or ``flow equations`` (see
  :mod:`bpmodel.analysis.expectation`);
- ``assumptions``: sentences saying which branch chances the expected figures had to
  assume because the process does not give them (see
  :mod:`bpmodel.analysis.assumptions`);
- ``constraints``: what a simplified variant must respect, each fact saying whether it
  was declared or inferred: ``presence`` (steps in person or on site), ``collections``,
  ``keep`` (with what each locks), ``legal_levels``, ``documents`` (held by government or
  not) and ``system_of_record`` (see :mod:`bpmodel.analysis.constraints`);
- ``findings``: what the rules found, each with ``rule``, ``severity``, ``steps``,
  ``message``, ``evidence`` and ``saving`` (see :mod:`bpmodel.analysis.findings`).

- ``errors``: present only when the process cannot be measured (no way to the end, a
  deadlock, an endless loop): each with ``message`` and ``steps``. The report then
  holds the counts only, never a time that would mean nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..gcpause import paused_gc
from ..model import Process
from .assumptions import branch_assumptions
from .constraints import constraints
from .errors import AnalysisError
from .measures import count_measures, measure
from .paths import bottlenecks, timing

__all__ = ["AnalysisError", "analyze"]


@paused_gc()
def analyze(process: Process, convention: str | None = None, *,
            select: Iterable[str] | None = None,
            ignore: Iterable[str] | None = None) -> dict[str, Any]:
    """The analysis report of a process as plain data.

    ``select`` and ``ignore`` choose the rules of the findings by name or category.

    >>> from bpmodel.model import Actor, Process, Step
    >>> report = analyze(Process("p", "P", steps=(Step("a", "Ask"),)))
    >>> report["process"], report["measures"]["tasks"], report["critical_path"]
    ({'id': 'p', 'name': 'P'}, 1, ['a'])
    >>> report["findings"]
    []
    """
    from .findings import find

    report: dict[str, Any] = {"process": {"id": process.id, "name": process.name}}
    try:
        t = timing(process, convention)
        report.update({
            "measures": measure(process, convention),
            "convention": convention,
            "critical_path": list(t.critical_path.steps),
            "bottlenecks": [b.to_dict() for b in bottlenecks(process, convention)],
            "expected_method": t.expectation.method,
        })
    except AnalysisError as exc:
        report.update({"measures": count_measures(process), "convention": convention,
                       "critical_path": [], "bottlenecks": [], "expected_method": None,
                       "errors": [{"message": exc.message, "steps": list(exc.steps)}]})
    report["assumptions"] = branch_assumptions(process)
    report["constraints"] = constraints(process)
    report["findings"] = [f.to_dict() for f in find(process, select=select, ignore=ignore)]
    return report
