"""Steps in sequence by different actors where neither needs what the other produces.

What it does
------------
Finds a task followed directly by another task of a different actor, where both say what
they use (``needs``, ``produces``) and everything the second needs is already in the
office's hands before the first starts (produced by staff, or handed over by the applicant,
earlier). Nothing in the model then makes the second wait for the first. Steps that declare
no documents are left alone: their dependencies are unknown.

Why is this bad?
----------------
The case waits for the first step's queue and work before the second one can start,
although both could work on it at the same time; the lead time is the sum of both instead
of the longer one.

Example
-------
::

    - {id: fire_check, name: Fire safety review, actor: fire, needs: [floor_plan],
       produces: [fire_report]}
    - {id: env_check, name: Environmental review, actor: env, needs: [site_plan],
       produces: [env_report]}

Fix
---
Run the steps in parallel (an ``and`` gateway, or send the file to both at once), after
checking that no unwritten dependency exists. The saving is the shorter of the two steps,
when they are on the critical path.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Context, Finding

NAME = "sequential-independent"
CATEGORY = "waste"
SEVERITY = "info"
OPTIONS: dict = {}


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    handed = dict(facts.requests)
    available = None
    for a in process.steps:
        out = process.outgoing(a.id)
        if not a.is_task or len(out) != 1 or facts.is_back(out[0]):
            continue
        if not process.has_step(out[0].target):
            continue
        b = process.step(out[0].target)
        if not b.is_task or len(process.incoming(b.id)) != 1 or b.actor == a.actor:
            continue
        if not b.needs or not (a.needs or a.produces) or set(a.needs) & set(b.produces):
            continue
        if available is None:  # what the office has: its own products, what was handed over
            available = facts.latest({
                s.id: (*(() if facts.is_applicant(s) else s.produces), *handed.get(s, ()))
                for s in process.steps})
        if not set(b.needs) <= available[a.id].keys():
            continue
        hours = min(facts.hours(a), facts.hours(b))
        critical = facts.critical
        days = None if critical is None else (
            facts.days(hours) if a.id in critical and b.id in critical else 0.0)
        message = (f"{b.id} ({facts.who(b)}) waits for {a.id} ({facts.who(a)}) but needs "
                   f"nothing it produces: they could run in parallel.")
        yield ctx.finding([a.id, b.id], message, evidence={
            "first_produces": list(a.produces),
            "second_needs": list(b.needs),
            "parallel_hours": hours,
        }, saving=facts.saving(lead_time_days=days))
