"""Steps in sequence by different actors where neither needs what the other produces.

What it does
------------
Finds a task followed directly by another task of a different actor, where both say what
they use and what they give (``needs``, and ``produces`` unless the step is a check whose
outcome is its verdict) and everything the second needs is already in the office's hands
before the first starts (produced by staff, or handed over by the applicant, earlier).
Nothing in the model then makes the second wait for the first. Steps that declare no
documents are left alone: their dependencies are unknown. So are pairs whose order is a
fact: a decision after the check or payment it rests on, a collection after the issuing
of its result.

Why is this bad?
----------------
The case waits for the first step's queue and work before the second one can start,
although both could work on it at the same time; the lead time is the sum of both instead
of the longer one.

Example
-------
::

    - {id: submit, name: Submit the plans, actor: applicant,
       needs: [floor_plan, site_plan]}
    - {id: fire_check, name: Fire safety review, actor: fire, needs: [floor_plan],
       produces: [fire_report]}
    - {id: env_check, name: Environmental review, actor: env, needs: [site_plan],
       produces: [env_report]}

Fix
---
Run the steps in parallel (an ``and`` gateway, or send the file to both at once), after
checking that no unwritten dependency exists. The saving is the shorter of the two steps,
when they are on the critical path.

Answered by the rewrite ``parallelize`` (``bpmodel rewrites parallelize`` explains it).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..findings import Context, Finding
from ..presence import io_known, must_follow

NAME = "sequential-independent"
CATEGORY = "waste"
SEVERITY = "info"
OPTIONS: dict = {}


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    steps = process.steps
    succ, degree, back = facts.successors, facts.in_degree, facts.back_edges
    pairs = []
    for u, a in enumerate(steps):
        if len(succ[u]) != 1 or not a.is_task or len(process.outgoing(a.id)) != 1:
            continue
        v = succ[u][0]
        b = steps[v]
        if not b.is_task or degree[v] != 1 or b.actor == a.actor or (u, v) in back:
            continue
        if io_known(a) and io_known(b) and not set(a.produces) & set(b.needs) \
                and not set(a.needs) & set(b.produces) and not must_follow(process, a, b):
            pairs.append((a, b))
    if not pairs:
        return
    wanted = {d for _, b in pairs for d in b.needs}
    available = _in_hand(facts, wanted)
    bit = {d: 1 << i for i, d in enumerate(sorted(wanted))}
    for a, b in pairs:
        needed = sum(bit[d] for d in set(b.needs))
        if available[facts.index(a.id)] & needed != needed:
            continue
        hours = min(facts.hours(a), facts.hours(b))
        critical = facts.critical
        days = None if critical is None else (
            facts.days(hours) if a.id in critical and b.id in critical else 0.0)
        message = _("{second} ({second_actor}) waits for {first} ({first_actor}) but needs "
                    "nothing it produces: they could run in parallel.").format(
            second=b.id, second_actor=facts.who(b), first=a.id, first_actor=facts.who(a))
        yield ctx.finding([a.id, b.id], message, evidence={
            "first_produces": list(a.produces),
            "second_needs": list(b.needs),
            "parallel_hours": hours,
        }, saving=facts.saving(lead_time_days=days))


def _in_hand(facts, wanted: set[str]) -> list[int]:
    """For every step (by index), the ``wanted`` documents (as bits, in sorted order) the
    office has on some way to it: produced by staff, or handed over by the applicant,
    earlier."""
    process = facts.process
    bit = {d: 1 << i for i, d in enumerate(sorted(wanted))}
    handed = facts.requested
    give = [0] * len(process.steps)
    for at, step in enumerate(process.steps):
        if not step.produces and step.id not in handed:
            continue
        docs = (*(() if facts.is_applicant(step) else step.produces), *handed.get(step.id, ()))
        for doc in docs:
            give[at] |= bit.get(doc, 0)
    before = [0] * len(give)
    preds = facts.preds
    for v in facts.order_indices:
        value = 0
        for u in preds[v]:
            value |= before[u] | give[u]
        before[v] = value
    return before
