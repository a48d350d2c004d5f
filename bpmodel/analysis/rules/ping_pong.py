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

    actors:
      - {id: licensing, name: Licensing desk, agency: PTSP}
      - {id: legal, name: Legal reviewer, agency: Legal Bureau}
    steps:
      - {id: draft, name: Draft the decree, actor: licensing}
      - {id: legal_review, name: Legal review of the draft, actor: legal}
      - {id: final, name: Finalise the decree, actor: licensing}

Fix
---
Give the whole piece of work to one actor (task composition), or resequence so that the
case passes each actor once. The saving is the two hand-overs and the queues in front of
the middle step and of the way back. When the way back is a signature or a decision (the
head of the land office signs after the clerk has entered the right), the other actor
cannot do it, and the message proposes resequencing only; when the middle step decides
(the regent's decree between two steps of the environment office), the work can move only
by delegation, a rule change, and the message says so.

No rewrite answers it: a person decides the fix (``bpmodel simplify`` leaves it alone).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..findings import Context, Finding

NAME = "ping-pong"
CATEGORY = "waste"
SEVERITY = "warning"
OPTIONS: dict = {}


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    steps = ctx.process.steps
    succ, degree = facts.successors, facts.in_degree
    staff = [s.is_task and bool(s.actor) and not facts.is_applicant(s) for s in steps]

    def plain_next(u: int) -> int | None:
        """The task that follows step ``u`` in plain sequence: one flow out, through
        gateways or events that neither split nor join, into a task with one flow in."""
        seen = {u}
        while len(succ[u]) == 1:
            u = succ[u][0]
            if u in seen or degree[u] != 1:
                return None
            seen.add(u)
            if steps[u].is_task:
                return u
        return None

    seen: set[tuple[int, int, int]] = set()
    for a, step in enumerate(steps):
        if not staff[a]:
            continue
        b = plain_next(a)
        if b is None or not staff[b] or steps[b].actor == step.actor:
            continue
        if {"approve", "sign"}.intersection(facts.all_actions[steps[b].id]):
            continue  # a signature up and back down ("... untuk di tandatangani" too)
        c = plain_next(b)
        if c is None or not staff[c] or steps[c].actor != step.actor or (a, b, c) in seen:
            continue
        seen.add((a, b, c))
        yield _finding(ctx, step, steps[b], steps[c])


def _finding(ctx: Context, a, b, c) -> Finding:
    facts = ctx.facts
    agency_a, agency_b = facts.agency(a), facts.agency(b)
    level = "agency" if agency_a and agency_b and agency_a != agency_b else "actor"
    there = agency_b if level == "agency" else facts.who(b)
    home = agency_a if level == "agency" else facts.who(a)
    if _DECIDES.intersection(facts.all_actions[c.id]):
        message = _("The case goes from {home} to {there} ({to}) and straight back to {home} "
                    "({back}), which signs or decides: {there} cannot do that, so resequence "
                    "so that the case reaches {home} once.")
    elif "decide" in facts.all_actions[b.id]:
        message = _("The case goes from {home} to {there} ({to}) and straight back to {home} "
                    "({back}). {to} decides, which {home} may do only by delegation (a rule "
                    "change): resequence, or delegate.")
    else:
        message = _("The case goes from {home} to {there} ({to}) and straight back to {home} "
                    "({back}). Let one of them do the work, or resequence.")
    message = message.format(home=home, there=there, to=b.id, back=c.id)
    runs = facts.runs.get(b.id, 0.0)
    return ctx.finding([a.id, b.id, c.id], message, evidence={
        "level": level,
        "from": home,
        "to": there,
    }, saving=facts.saving(handoffs=2 * runs,
                           lead_time_days=_queue_days(facts, b, c)))


_DECIDES = frozenset({"sign", "approve", "decide"})


def _queue_days(facts, b, c) -> float | None:
    """The waits in front of the middle step and of the step that takes the case back:
    what resequencing can save at most, when both are on the critical path."""
    critical = facts.critical
    if critical is None:
        return None
    hours = sum(s.wait.hours for s in (b, c) if s.id in critical)
    return facts.days(hours)
