"""The case goes from one actor or agency to another and back.

What it does
------------
Looks at each task, the task after it and the one after that, in plain sequence (no
branch splits or joins between them; flows back to earlier steps count): when the case
passes from A to B and then straight back to A, it is ping-pong. Consulting other agencies
on parallel branches is not. Reported between agencies when the agencies differ, else
between actors. Steps of the applicant are left out (coming back to the applicant is
extra-visit's and rework-loop's business), and so are approvals and signatures in the middle
(a file going up for a signature and back down is approval-cascade's).

Why is this bad?
----------------
Every hand-over is a queue, a transport and a chance to lose the file; a hand-over that
comes straight back doubles them and usually means that the work was cut at the wrong
place, or that one side is asked for an opinion the other could give itself.

Example
-------
::

    - {id: draft, name: Draft the decree, actor: licensing, agency: PTSP}
    - {id: legal, name: Legal review of the draft, actor: legal, agency: Legal Bureau}
    - {id: final, name: Finalise the decree, actor: licensing, agency: PTSP}

Fix
---
Give the whole piece of work to one actor (task composition), or resequence so that the
case passes each actor once. The saving is the two hand-overs and the queues in front of
the middle step and of the way back.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Context, Finding

NAME = "ping-pong"
CATEGORY = "waste"
SEVERITY = "warning"
OPTIONS: dict = {}


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    staff = {s.id for s in process.steps
             if s.is_task and s.actor and not facts.is_applicant(s)}
    seen: set[tuple[str, str, str]] = set()
    for a in process.steps:
        if a.id not in staff:
            continue
        b_id = _plain_next(process, a.id)
        if b_id is None or b_id not in staff or process.step(b_id).actor == a.actor:
            continue
        if facts.actions[b_id] in ("approve", "sign"):
            continue  # a signature up and back down: approval-cascade's business
        c_id = _plain_next(process, b_id)
        if c_id is None or c_id not in staff or process.step(c_id).actor != a.actor:
            continue
        if (a.id, b_id, c_id) not in seen:
            seen.add((a.id, b_id, c_id))
            yield _finding(ctx, a, process.step(b_id), process.step(c_id))


def _plain_next(process, step_id: str) -> str | None:
    """The task that follows a step in plain sequence: one flow out, through gateways or
    events that neither split nor join, into a task with one flow in. None otherwise."""
    flows = process.outgoing(step_id)
    seen = {step_id}
    while len(flows) == 1:
        current = flows[0].target
        if current in seen or not process.has_step(current):
            return None
        seen.add(current)
        if len(process.incoming(current)) != 1:
            return None
        if process.step(current).is_task:
            return current
        flows = process.outgoing(current)
    return None


def _finding(ctx: Context, a, b, c) -> Finding:
    facts = ctx.facts
    agency_a, agency_b = facts.agency(a), facts.agency(b)
    level = "agency" if agency_a and agency_b and agency_a != agency_b else "actor"
    there = agency_b if level == "agency" else facts.who(b)
    home = agency_a if level == "agency" else facts.who(a)
    message = (f"The case goes from {home} to {there} ({b.id}) and straight back to "
               f"{home} ({c.id}). Let one of them do the work, or resequence.")
    runs = facts.runs.get(b.id, 0.0)
    return ctx.finding([a.id, b.id, c.id], message, evidence={
        "level": level,
        "from": home,
        "to": there,
    }, saving=facts.saving(handoffs=2 * runs,
                           lead_time_days=_queue_days(facts, b, c)))


def _queue_days(facts, b, c) -> float | None:
    """The waits in front of the middle step and of the step that takes the case back:
    what resequencing can save at most, when both are on the critical path."""
    critical = facts.critical
    if critical is None:
        return None
    hours = sum(s.wait.hours for s in (b, c) if s.id in critical)
    return facts.days(hours)
