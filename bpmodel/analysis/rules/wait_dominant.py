"""On the critical path, cases wait far longer than anyone works on them.

What it does
------------
Takes the critical path (the worst case, first time right) and compares the time cases
wait (``wait``: queues, trays, mail) with the time someone works on them (``work``). When
waiting is at least ``min_share`` of the lead time, it reports the process once, naming the
longest queues in front of tasks of the critical path that together make up ``pareto`` of
its waiting (each at least ``min_wait_days`` long and at least ``ratio`` times the task's
work).

Why is this bad?
----------------
A lead time made of queues is not a workload problem: adding staff does not shorten it,
and the applicant waits weeks for hours of work. Lean calls the work share the process
cycle efficiency; in permit offices it is often below a tenth.

Example
-------
::

    - {id: verify_land, name: Verify land title, actor: land, work: 1h, wait: 5d}
    - {id: sign, name: Sign the decree, actor: regent, work: 15min, wait: 5d}

Fix
---
Set service times per step and track them, batch less (sign daily, not weekly), move the
case electronically instead of by mail, and run independent steps in parallel. The saving
is what emptying the named queues would take off the lead time at most.

No rewrite answers it: a person decides the fix (``bpmodel simplify`` leaves it alone).

Options
-------
``min_share`` (0.75): least share of the lead time spent waiting for the finding.
``ratio`` (4.0): a step's wait must be at least this many times its work to be named.
``min_wait_days`` (1.0): a step's wait must be at least this many working days.
``pareto`` (0.5): share of the critical path's waiting that the named queues make up.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import ngettext
from ...model import Step
from ..findings import Context, Finding, days_of, listing
from ..wording import mentions

NAME = "wait-dominant"
CATEGORY = "waste"
SEVERITY = "warning"
OPTIONS = {"min_share": 0.75, "ratio": 4.0, "min_wait_days": 1.0, "pareto": 0.5}


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    path = facts.critical_path
    if path is None or path.hours <= 0 or path.work_hours <= 0:
        return  # no work in the model: nothing to compare the waiting with
    share = path.wait_hours / path.hours
    if share < ctx.options["min_share"]:
        return
    least = ctx.options["min_wait_days"] * ctx.process.calendar.hours_per_day
    queues = [ctx.process.step(s) for s in path.steps]
    queues = [s for s in queues if s.is_task and s.wait.hours >= least
              and s.wait.hours >= ctx.options["ratio"] * s.work.hours
              and not _set_by_law(s, facts.actions.get(s.id))]
    if not queues:
        return
    queues.sort(key=lambda s: (-s.wait.hours, facts.position[s.id]))
    named, waiting = [], 0.0
    for step in queues:
        if waiting >= ctx.options["pareto"] * path.wait_hours:
            break
        named.append(step)
        waiting += step.wait.hours
    queues = named
    process = ctx.process
    listed = listing((f"{s.id} ({days_of(process, facts.days(s.wait.hours))})" for s in queues),
                     limit=5)
    message = ngettext(
        "Cases wait {share} of the lead time ({wait} of {total}) and are worked on "
        "{work}. The longest queue on the critical path, {queues}, makes {part} of the "
        "waiting.",
        "Cases wait {share} of the lead time ({wait} of {total}) and are worked on "
        "{work}. The longest queues on the critical path, {queues}, make {part} of the "
        "waiting.", len(queues)).format(
        share=f"{share:.0%}", wait=days_of(process, facts.days(path.wait_hours)),
        total=days_of(process, facts.days(path.hours)),
        work=days_of(process, facts.days(path.work_hours)), queues=listed,
        part=f"{waiting / path.wait_hours:.0%}")
    yield ctx.finding([s.id for s in queues], message, evidence={
        "wait_share": share,
        "lead_time_hours": path.hours,
        "wait_hours": path.wait_hours,
        "work_hours": path.work_hours,
        "queues_hours": {s.id: s.wait.hours for s in queues},
    }, saving=facts.saving(lead_time_days=facts.days(waiting)))



def _set_by_law(step: Step, action: str | None) -> bool:
    """A period the law sets (for objections, appeals, a public notice): a wait with a
    legal basis (read as a wait, or only waiting: no work and no action read from its
    name), or a step whose name says so.
    No one empties it, so it is no queue.

    >>> _set_by_law(Step("m", "Masa pengumuman 60 hari untuk sanggahan"), "wait")
    True
    >>> _set_by_law(Step("q", "Berkas menunggu di meja Kepala Dinas"), "wait")
    False
    """
    return mentions(step.name, "legal_periods") or (
        bool(step.legal_basis) and (action == "wait" or (
            action in (None, "other") and step.wait.hours > 0 and step.work.hours == 0
            and step.time_known)))
