"""Analysis of a process: measures, long paths and findings, all pure functions.

:func:`analyze` gathers them into the documented report that ``bpmodel analyze
--format json`` prints, a JSON object with these keys (later keys are added, never
removed or renamed):

- ``process``: ``id`` and ``name``;
- ``measures``: a flat mapping of named figures (see
  :data:`bpmodel.analysis.measures.DESCRIPTIONS`);
- ``convention``: null (working hours) or ``"doing-business"`` (the World Bank's Doing
  Business methodology, discontinued in 2021);
- ``day_unit``: ``working`` or ``calendar``: what the ``*_days`` figures count (calendar
  days under Doing Business or for a process on a seven-day calendar);
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
- ``warnings``: where the expected figures cannot be what they seem (expected below the
  best case, chances the process does not give, an end that reads as a return for
  correction), each with ``kind``, ``message`` and ``steps`` (see
  :mod:`bpmodel.analysis.sanity`);
- ``grouping``: ``service``, ``region`` and ``coverage`` as the process declares them
  (null otherwise), for comparisons;
- ``currency``: the currency of the money figures (null when the process does not say);
- ``unknown``: for each measure that is null because it cannot be known, the reason in
  a sentence (which steps have no time, which fee is not known; see
  :mod:`bpmodel.analysis.gaps`);
- ``lower_bounds``: for each unknown time figure, the total of the known times: the true
  figure is at least that;
- ``unknown_steps``: ``time``, the ids of the tasks without a time, and ``fee``, those
  whose fee is not known;
- ``constraints``: what a simplified variant must respect, each fact saying whether it
  was declared or inferred: ``presence`` (steps in person or on site), ``collections``,
  ``keep`` (with what each locks), ``legal_levels``, ``documents`` (held by government or
  not) and ``system_of_record`` (see :mod:`bpmodel.analysis.constraints`);
- ``findings``: what the rules found, each with ``rule``, ``severity``, ``steps``,
  ``message``, ``evidence``, ``saving`` (see :mod:`bpmodel.analysis.findings`) and
  ``assumed``: the facts it rests on that the process marks as assumed (see
  :mod:`bpmodel.analysis.provenance`), and ``untimed_steps``: its steps without a time,
  whose saving in time is therefore not known.

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
from .gaps import figure_gaps
from .measures import count_measures, measure
from .paths import bottlenecks, timing
from .provenance import assumed_facts
from .sanity import figure_warnings

__all__ = ["AnalysisError", "analyze", "day_unit"]


def day_unit(process: Process, convention: str | None = None) -> str:
    """``calendar`` when the days of the figures are calendar days (the Doing Business
    convention, or a process on a seven-day calendar), else ``working``.

    >>> from bpmodel.model import Calendar
    >>> day_unit(Process("p", "P")), day_unit(Process("p", "P", calendar=Calendar(8, 7)))
    ('working', 'calendar')
    """
    if convention == "doing-business" or process.calendar.days_per_week >= 7:
        return "calendar"
    return "working"


def _with_provenance(process: Process, finding: dict[str, Any],
                     rests_on: tuple[str, ...] = ()) -> dict[str, Any]:
    """A finding with ``assumed``, the assumed facts it rests on (see
    :mod:`bpmodel.analysis.provenance`; ``rests_on``: other steps whose facts it rests
    on), and ``untimed_steps``, its steps without a time."""
    finding["assumed"] = assumed_facts(process, finding["steps"], finding.get("saving"),
                                       rests_on)
    finding["untimed_steps"] = [s for s in finding["steps"] if process.has_step(s)
                                and process.step(s).is_task
                                and not process.step(s).time_known]
    return finding


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
    from .convention import DOING_BUSINESS
    from .findings import calendar_factor, find, in_calendar_days

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
    report["day_unit"] = day_unit(process, convention)
    report["currency"] = process.currency
    report["grouping"] = {"service": process.service, "region": process.region,
                          "coverage": process.coverage}
    report["warnings"] = figure_warnings(process, convention) if "errors" not in report \
        else []
    if "errors" not in report:
        gaps = figure_gaps(process, convention)
        report["unknown"] = gaps.reasons
        report["lower_bounds"] = gaps.lower_bounds
        report["unknown_steps"] = {"time": list(gaps.untimed), "fee": list(gaps.unknown_fees)}
    else:
        report["unknown"], report["lower_bounds"] = {}, {}
        report["unknown_steps"] = {"time": [], "fee": []}
    report["assumptions"] = branch_assumptions(process)
    report["constraints"] = constraints(process)
    calendar_days = convention == DOING_BUSINESS
    with in_calendar_days(calendar_days):  # the findings speak the report's day unit
        found = find(process, select=select, ignore=ignore)
    factor = calendar_factor(process, calendar_days)
    report["findings"] = [_in_factor(_with_provenance(process, f.to_dict(), f.rests_on),
                                     factor) for f in found]
    return report


def _in_factor(finding: dict[str, Any], factor: float) -> dict[str, Any]:
    """A finding whose saving in days is converted to the report's day unit."""
    days = finding["saving"].get("lead_time_days")
    if factor != 1.0 and days is not None:
        finding["saving"]["lead_time_days"] = round(days * factor, 4)
    return finding
