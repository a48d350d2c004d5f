"""The applicant comes in person more than once.

What it does
------------
Counts the steps where the applicant comes in person (``contact: visit``) and reports every
visit after the first one a case makes, saying what it is for: showing something an earlier
step already produced (a payment receipt), collecting a result, coming back with a file sent
back in a rework loop, or another trip that could be merged with one before it or moved
online. Visits inside rework loops are reported by rework-loop.

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

from ..findings import Context, Finding
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
    visits.sort(key=lambda s: facts.rank[s.id])
    if len(visits) <= ctx.options["free_visits"]:
        return
    producers: dict[str, list[str]] = {}
    for step in process.steps:
        for doc in step.produces:
            producers.setdefault(doc, []).append(step.id)
    all_ids = [s.id for s in visits]
    for number, step in enumerate(visits[ctx.options["free_visits"]:],
                                  start=ctx.options["free_visits"] + 1):
        purpose, remove = _purpose(facts, step, producers)
        message = (f"Visit {number} of {len(visits)}: {step.id} ({step.name}) {purpose}")
        runs = facts.runs.get(step.id, 0.0)
        if remove:
            saving = facts.removal([step.id])
        else:  # the step stays (online, by post, jointly): the trip and the applicant's time go
            cost = facts.cost([step.id])
            saving = facts.saving(Cost(visits=runs, applicant_hours=cost.applicant_hours,
                                       applicant_money=cost.applicant_money))
        yield ctx.finding([step.id], message, evidence={
            "visit": number,
            "visits": all_ids,
            "purpose": purpose,
        }, saving=saving)


def _purpose(facts, step, producers) -> tuple[str, bool]:
    """What the visit is for, in words, and whether the whole step could go."""
    process = facts.process
    action = facts.actions[step.id]
    shown = [d for d in step.needs
             if any(facts.is_applicant(process.step(p)) for p in producers.get(d, ()))]
    if action == "submit" and shown and len(shown) == len(step.needs):
        made = sorted({p for d in shown for p in producers[d]}, key=facts.position.get)
        return (f"only shows {', '.join(shown)}, which {', '.join(made)} already produced; "
                f"let its issuer send it to the office instead.", True)
    if action == "inspect":
        return "is one more inspection on the spot; inspect jointly in one visit.", False
    if action == "pay":
        return "pays in person; accept payment online or by transfer.", False
    collected = [d for d in step.needs if d in producers]
    if collected and facts.is_applicant(step) and not step.produces and action != "submit":
        return f"collects {', '.join(collected)}; deliver it online or by post.", False
    return ("brings the applicant back in person; merge it with an earlier visit or take "
            "it online.", False)
