"""The applicant comes in person more than once.

What it does
------------
Follows the steps where the applicant comes in person (``contact: visit``) along the flows
and reports every visit a case makes after ``free_visits`` others on its way there (or at
the same time, on a parallel branch; alternative branches do not add up), saying what it
is for: showing something an earlier step already produced (a payment receipt), collecting
a result, paying, one more inspection on the spot, or another trip that could be merged
with one before it or moved online. Visits inside rework loops are rework-loop's.

Why is this bad?
----------------
Each visit costs the applicant travel, queueing and a lost working day, and is where
informal payments happen. Doing Business and one-stop-service reforms count them first.

Example
-------
::

    - {id: pay, name: Pay the fee at the bank, actor: applicant, contact: visit}
    - {id: show_receipt, name: Show the receipt at the front office, actor: applicant,
       contact: visit, needs: [receipt]}

Fix
---
Merge visits (contact reduction), let the bank report the payment to the office (data
exchange), accept the application and deliver the result online or by post. The saving
is the visit and the applicant's time at it.

Options
-------
``free_visits`` (1): visits a case may make before the next ones are reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Context, Finding, listing
from ._facts import Cost

NAME = "extra-visit"
CATEGORY = "waste"
SEVERITY = "warning"
OPTIONS = {"free_visits": 1}


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    visits = [s for s in process.steps if s.is_task and s.contact == "visit"
              and s.id not in facts.in_loops]
    if len(visits) <= ctx.options["free_visits"]:
        return
    visits.sort(key=lambda s: facts.rank[s.id])
    ids = {s.id for s in visits}
    made = _visits_before(facts, ids)
    latest = facts.latest({s: ["visit"] for s in ids})
    own = facts.latest({s.id: s.produces for s in process.steps
                        if s.produces and facts.is_applicant(s)})  # what the applicant made
    produced = {d for s in process.steps for d in s.produces}
    previous = None
    for step in visits:
        before = sorted(latest[step.id].get("visit", ()), key=facts.position.get)
        count = made[step.id]
        if previous is not None and previous.id not in before and \
                _parallel(facts, previous.id, step.id):
            before.append(previous.id)  # on a parallel branch: both visits happen
            count += 1
        previous = step
        if count < ctx.options["free_visits"]:
            continue
        purpose, remove = _purpose(facts, step, own[step.id], produced)
        message = (f"{step.id} ({step.name}) {purpose} The applicant has already come in "
                   f"person (at {listing(before)}).")
        runs = facts.runs.get(step.id, 0.0)
        if remove:
            saving = facts.removal([step.id])
        else:  # the step stays (online, by post, jointly): the trip and the applicant's time go
            cost = facts.cost([step.id])
            saving = facts.saving(Cost(visits=runs, applicant_hours=cost.applicant_hours,
                                       applicant_money=cost.applicant_money))
        yield ctx.finding([step.id], message, evidence={
            "visits_before": count,
            "after": before,
            "purpose": purpose,
        }, saving=saving)


def _parallel(facts, a: str, b: str) -> bool:
    """Whether the two steps lie on branches that run at the same time."""
    split = facts.common_dominator(a, b)
    return split is not None and split not in (a, b) and facts.splits(split) in ("and", "or")


def _visits_before(facts, visits: set[str]) -> dict[str, int]:
    """For every step, the most visits a case can have made on its way there."""
    process = facts.process
    made: dict[str, int] = {}
    for step_id in facts.order:
        made[step_id] = max((made[f.source] + (f.source in visits)
                             for f in process.incoming(step_id)
                             if f.source in made and not facts.is_back(f)), default=0)
    return made


def _purpose(facts, step, own, produced: set[str]) -> tuple[str, bool]:
    """What the visit is for, in words, and whether the whole step could go. ``own`` maps
    the documents the applicant made on the way to the steps that made them last."""
    action = facts.actions[step.id]
    shown = [d for d in step.needs if d in own]
    if action == "submit" and shown and len(shown) == len(step.needs):
        made = sorted({p for d in shown for p in own[d]}, key=facts.position.get)
        return (f"only shows {', '.join(shown)}, which {listing(made)} already produced; "
                f"let its issuer send it to the office instead.", True)
    if action == "inspect":
        return "is one more inspection on the spot; inspect jointly in one visit.", False
    if action == "pay":
        return "pays in person; accept payment online or by transfer.", False
    collected = [d for d in step.needs if d in produced]
    if collected and facts.is_applicant(step) and not step.produces and action != "submit":
        return f"collects {', '.join(collected)}; deliver it online or by post.", False
    return ("brings the applicant back in person; merge it with an earlier visit or take "
            "it online.", False)
