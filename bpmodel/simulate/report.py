"""The simulation of a process as a report: plain data for JSON, and text for people.

:func:`simulate` runs the Monte Carlo without capacities and, when the process gives
staff or batches, the simulation under load; :func:`simulation_report` turns the
result into a mapping (the JSON contract of ``bpmodel simulate --format json``) and
:func:`render_text` into lines to read.

>>> import bpmodel
>>> report = simulation_report(simulate(bpmodel.load_process(bpmodel.default_process_path()),
...                                     cases=2000, seed=1))
>>> report["without_load"]["lead_time"]["cases"], report["under_load"]
(2000, None)
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..analysis.paths import expected_lead_time_hours
from ..i18n import _, format_number
from ..model import Process
from .distributions import PERT
from .errors import SimulationError
from .montecarlo import DEFAULT_CASES, DEFAULT_SEED, MonteCarlo, monte_carlo
from .queueing import LoadResult, hours_per_year, needs_load, simulate_load
from .summary import TAIL_SHARE, Distribution, TailDriver, describe, tail_drivers

MAX_STAFF_SUGGESTED = 10_000


@dataclass(frozen=True, slots=True)
class Simulation:
    """Everything one simulation of a process found."""

    process: Process
    cases: int
    seed: int
    distribution: str
    expected_hours: float
    free: MonteCarlo
    free_lead: Distribution
    drivers: tuple[TailDriver, ...]
    load: LoadResult | None
    load_lead: Distribution | None
    notes: tuple[str, ...]

    def lead_time(self) -> Distribution:
        """Under load when the process gives staff or batches and every desk is stable,
        else without queues."""
        return self.load_lead if self.load_lead is not None else self.free_lead


def simulate(process: Process, cases: int = DEFAULT_CASES, seed: int = DEFAULT_SEED,
             distribution: str = PERT, load: bool = True) -> Simulation:
    """Simulate ``cases`` cases: without capacities always, under load when the process
    gives staff or batches (and ``load`` is true).

    Raises :class:`SimulationError` when no step has a duration (the figures would be a
    made-up 0) and :class:`~bpmodel.analysis.errors.AnalysisError` for an unsound process.
    """
    timed = [s for s in process.steps if s.work.hours > 0 or s.wait.hours > 0]
    if not timed:
        raise SimulationError(_("no step of the process has a duration (work or wait), so "
                                "how long cases take is unknown; there is nothing to "
                                "simulate"))
    notes = []
    untimed = [s.id for s in process.tasks if s.work.hours == 0 and s.wait.hours == 0]
    if untimed:
        notes.append(_("Tasks without a duration count as taking no time ({count} of "
                     "{total}): {steps}.").format(count=len(untimed), total=len(process.tasks),
                                             steps=", ".join(untimed[:8])
                                             + (" ..." if len(untimed) > 8 else "")))
    expected = expected_lead_time_hours(process)
    free = monte_carlo(process, cases, seed, distribution)
    target = process.target.hours if process.target is not None else None
    day = process.calendar.hours_per_day
    free_lead = describe(free.lead_times, target, day)
    if expected > 0 and free_lead.mean_hours > expected * 1.01 and distribution == PERT:
        notes.append(_("The simulated mean is above the expected lead time of the analysis: "
                     "where parallel branches vary, the analysis takes the longest of their "
                     "average times, which is less than the average of the longest; the "
                     "simulation's figure is the truer one."))
    load_result = load_lead = None
    if load and needs_load(process):
        load_result = simulate_load(process, cases, seed, distribution)
        if load_result.stable:
            load_lead = describe(load_result.lead_times, target, day)
    return Simulation(process, cases, seed, distribution, expected, free, free_lead,
                      tail_drivers(free), load_result, load_lead, tuple(notes))


def staff_needed(desk_staff: int, offered: float) -> int:
    """The fewest staff that keep a desk stable (under 100% of their time).

    >>> staff_needed(1, 5.34), staff_needed(2, 1.0)
    (6, 3)
    """
    work = desk_staff * offered  # in people fully busy
    return min(MAX_STAFF_SUGGESTED, math.floor(work) + 1)


def simulation_report(result: Simulation) -> dict:
    """The result as plain data (the JSON contract of ``bpmodel simulate``)."""
    p = result.process
    day = p.calendar.hours_per_day
    out: dict = {
        "process": p.id, "name": p.name, "cases": result.cases, "seed": result.seed,
        "distribution": result.distribution,
        "hours_per_day": day,
        "day_unit": "calendar" if p.calendar.days_per_week >= 7 else "working",
        "expected_lead_time_hours": result.expected_hours,
        "without_load": {
            "lead_time": result.free_lead.to_dict(),
            "tail_share": TAIL_SHARE,
            "tail_drivers": None if result.free.critical is None
            else [d.to_dict() for d in result.drivers],
        },
        "under_load": None,
        "notes": list(result.notes),
    }
    load = result.load
    if load is not None:
        out["under_load"] = {
            "arrivals": load.arrivals,
            "cases_per_year": p.volume,
            "cases_per_day": load.arrival_rate * day,
            "working_hours_per_year": hours_per_year(p),
            "stable": load.stable,
            "lead_time": None if result.load_lead is None else result.load_lead.to_dict(),
            "desks": [dict(d.to_dict(), staff_needed=None if d.stable
                           else staff_needed(d.staff, d.offered)) for d in load.desks],
            "steps": [s.to_dict() for s in load.steps],
        }
    return out


# -- text ------------------------------------------------------------------------------------

def _span(hours: float, day: float) -> str:
    """A short time: in hours below a day, else in days."""
    if hours < day:
        return _("{value} h").format(value=format_number(hours, 1, trim=False))
    return _("{value} d").format(value=format_number(hours / day, 1, trim=False))


def _share(value: float) -> str:
    return format_number(value * 100, 1, trim=False) + "%"


def _lead_lines(lead: dict, day: float) -> list[str]:
    p = lead["percentiles_hours"]
    # one unit for the line: hours when the slower cases take less than a day
    size, unit = (1.0, _("{value} h")) if p["p95"] < day else (day, _("{value} d"))

    def show(hours: float) -> str:
        return unit.format(value=format_number(hours / size, 1, trim=False))

    lines = [
        _("  mean {mean}   P50 {p50}   P80 {p80}   P90 {p90}   P95 {p95}").format(
            mean=show(lead["mean_hours"]), p50=show(p["p50"]), p80=show(p["p80"]),
            p90=show(p["p90"]), p95=show(p["p95"])),
    ]
    if lead["target_hours"] is None:
        lines.append(_("  The process sets no target, so no share of cases within it."))
    else:
        lines.append(_("  {share} of the cases are done within the target of {target}.").format(
            share=_share(lead["within_target"]), target=_span(lead["target_hours"], day)))
    return lines


def render_text(report: dict) -> str:
    """The report as text for a terminal (days are working days)."""
    day = report["hours_per_day"]
    lines = [_("{name}: {cases:,} simulated cases (seed {seed}, {distribution} durations; days "
               "are {unit} days of {day:g} hours)").format(
                 name=report["name"], cases=report["cases"], seed=report["seed"],
                 distribution=report["distribution"], day=day,
                 unit=report.get("day_unit", "working")), ""]
    free = report["without_load"]
    lines.append(_("Lead time without queues (as if every desk were free):"))
    lines.extend(_lead_lines(free["lead_time"], day))
    lines.append(_("  The analysis expects {expected} on average.").format(
        expected=_span(report["expected_lead_time_hours"], day)))
    if free["tail_drivers"] is None:
        lines.append(_("  Which steps make the slowest cases slow is worked out for "
                     "block-structured processes only; this one is simulated token by token."))
    elif free["tail_drivers"]:
        lines.append("")
        lines.append(_("Steps that make the slowest {share} of cases slow (time on their longest "
                     "branch, above an average case):").format(share=f"{free['tail_share']:.0%}"))
        for d in free["tail_drivers"]:
            lines.append(_("  {step:<24} +{excess}  ({slow} in slow cases, {all} on average; "
                         "on the longest branch of {share} of the slow cases)").format(
                             step=d["step"], excess=_span(d["excess_hours"], day),
                             slow=_span(d["slow_hours"], day), all=_span(d["all_hours"], day),
                             share=_share(d["on_longest"])))
    elif free["lead_time"]["std_hours"] > 0:
        lines.append(_("  No single step stands out: the slowest cases are slow through many "
                     "steps at once."))
    else:
        lines.append(_("  The lead time is the same in every case: nothing in the process varies."))
    load = report["under_load"]
    if load is not None:
        lines.append("")
        lines.append(_("Under load ({per_year:,.0f} cases a year, {how}; {per_day:.2f} a working "
                     "day):").format(per_year=load["cases_per_year"],
                                    how=_("arriving at random") if load["arrivals"] == "poisson"
                                    else _("arriving evenly spaced"),
                                    per_day=load["cases_per_day"]))
        if load["lead_time"] is not None:
            lines.extend(_lead_lines(load["lead_time"], day))
        else:
            lines.append(_("  No lead time under load: a desk cannot keep up, so its queue "
                         "grows without end and any average would only say how long the "
                         "simulation ran."))
        if load["desks"]:
            lines.append(_("  {actor:<20} {staff:>5}  {busy:>11}  {queue:>12}").format(
                actor="desk", staff="staff", busy="utilisation", queue="mean queue"))
        for d in load["desks"]:
            if d["stable"] and d["utilisation"] is None:  # not run: another desk is unstable
                lines.append(_("  {actor:<20} {staff:>5}  {busy:>11}  {queue:>12}").format(
                    actor=d["actor"], staff=d["staff"],
                    busy=_share(d["offered_utilisation"]), queue="not simulated"))
            elif d["stable"]:
                lines.append(_("  {actor:<20} {staff:>5}  {busy:>11}  {queue:>12}").format(
                    actor=d["actor"], staff=d["staff"], busy=_share(d["utilisation"]),
                    queue=_span(d["mean_queue_hours"], day)))
            else:
                lines.append(_("  {actor:<20} {staff:>5}  UNSTABLE: needs {need} of its staff's "
                             "time; at least {more} staff keep up").format(
                                 actor=d["actor"], staff=d["staff"],
                                 need=_share(d["offered_utilisation"]),
                                 more=d["staff_needed"]))
        waits = sorted((s for s in load["steps"] if s["queue_hours"] + s["batch_hours"] > 0),
                       key=lambda s: -(s["queue_hours"] + s["batch_hours"]))
        if waits:
            lines.append(_("  Longest queues (per run of the step):"))
            for s in waits[:8]:
                lines.append(_("    {step:<24} {queue} for staff, {batch} for the "
                             "batch").format(step=s["step"], queue=_span(s["queue_hours"], day),
                                            batch=_span(s["batch_hours"], day)))
    for note in report["notes"]:
        lines.append("")
        lines.append("Note: " + note)
    return "\n".join(lines)


def p90_days(process: Process, cases: int = DEFAULT_CASES, seed: int = DEFAULT_SEED
             ) -> float | None:
    """The 90th percentile of the lead time in working days (under load when the process
    gives staff and every desk keeps up), or None when no step has a duration or the
    process cannot be simulated."""
    try:
        return percentile_hours(simulate(process, cases, seed), 90) / \
            process.calendar.hours_per_day
    except (SimulationError, ValueError):
        return None


def percentile_hours(result: Simulation, q: float) -> float:
    """The ``q``-th percentile of the lead time (hours): under load when the process gives
    staff or batches and every desk keeps up, else without queues. A desk that cannot keep
    up raises SimulationError: no percentile is meaningful then."""
    if result.load is not None and not result.load.stable:
        names = ", ".join(d.actor for d in result.load.unstable)
        raise SimulationError(f"the desks {names} cannot keep up with the arrivals, so their "
                              "queues grow without end")
    return float(np.percentile(lead_times(result), q))


def p90_before_after(original: Process, variant: Process, cases: int = DEFAULT_CASES,
                     seed: int = DEFAULT_SEED) -> dict | None:
    """The simulated P90 of the lead time (working days) of a process and of its variant,
    as plain data, or None when either is unknown (no durations, a desk that cannot keep
    up, or a process the simulation cannot follow)."""
    before = p90_days(original, cases, seed)
    after = p90_days(variant, cases, seed)
    if before is None or after is None:
        return None
    return {"cases": cases, "seed": seed,
            "under_load": needs_load(original) or needs_load(variant),
            "p90_days_before": before, "p90_days_after": after,
            "calendar": original.calendar.days_per_week >= 7}


def p90_sentence(data: dict) -> str:
    """What :func:`p90_before_after` found, as one sentence; the days are working days,
    or calendar days when ``data["calendar"]`` (a process on a seven-day calendar).

    >>> p90_sentence({"cases": 10000, "seed": 1, "under_load": False,
    ...               "p90_days_before": 49.03, "p90_days_after": 29.44})[56:]
    '49 working days before, 29.4 working days after.'
    """
    from ..formatting import format_days
    from ..i18n import _, format_number, language

    text = (_("P90 of the lead time (simulated under load, {cases} cases, seed {seed}): "
              "{before} before, {after} after.") if data["under_load"] else
            _("P90 of the lead time (simulated, {cases} cases, seed {seed}): {before} "
              "before, {after} after."))
    calendar = bool(data.get("calendar"))
    return text.format(cases=format_number(data["cases"], 0), seed=data["seed"],
                       before=format_days(data["p90_days_before"], calendar, language()),
                       after=format_days(data["p90_days_after"], calendar, language()))


def lead_times(result: Simulation) -> np.ndarray:
    """The lead times to draw: under load when there are any, else without queues."""
    if result.load_lead is not None and result.load is not None:
        return result.load.lead_times
    return result.free.lead_times
