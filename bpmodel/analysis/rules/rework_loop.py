"""A loop back with a high probability: cases are often sent back to be done again.

What it does
------------
Finds loops (flows back to an earlier step) that a case goes round with a chance of at
least ``min_probability`` per pass, from the branch probabilities of the decisions in the
loop: incomplete files sent back to the applicant, drafts returned for correction.

Why is this bad?
----------------
A loop taken with chance ``p`` runs ``p / (1 - p)`` extra times on average: every pass
repeats the queues and the work, and often a visit. Rework usually means that the
requirements were unclear or checked too late.

Example
-------
::

    - {id: check, name: Check completeness of documents, actor: back, wait: 2d}
    - id: complete
      name: Documents complete?
      type: gateway
      kind: xor
      next:
        - {to: approve, p: 0.7, when: complete}
        - {to: resubmit, p: 0.3, when: documents missing}
    - {id: resubmit, name: Bring missing documents, actor: applicant, contact: visit,
       next: check}
    - {id: approve, name: Approve the permit, actor: head}

Fix
---
Make it right the first time: publish a checklist, check completeness at the counter (or in
the online form) when the application is made. The saving is what the extra passes cost on
average: their time on the lead time, visits and hours.

Answered by the rewrite ``reduce-rework`` (``bpmodel rewrites reduce-rework`` explains
it).

Options
-------
``min_probability`` (0.2): least chance per pass of going round again.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from ...i18n import _, decimal
from ..findings import Context, Finding, listing

NAME = "rework-loop"
CATEGORY = "waste"
SEVERITY = "warning"
OPTIONS = {"min_probability": 0.2}


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    for header, loop in facts.loops.items():
        if loop.chance < ctx.options["min_probability"]:
            continue
        steps = sorted(loop.body, key=facts.position.get)
        decisions = [s for s in steps if facts.leaves(s, loop.body)]
        reasons = [f.condition for d in decisions for f in process.outgoing(d)
                   if f.target in loop.body and f.condition]
        entries = facts.runs.get(header, 0.0) * (1 - loop.chance) if loop.chance < 1 else 0.0
        if loop.chance >= 1:
            yield ctx.finding(steps, _("The loop back to {step} never lets the case out: its "
                                       "chance of going round again is {chance}.").format(
                                           step=header, chance=decimal(f"{loop.chance:.3g}")),
                              evidence={"header": header, "probability": loop.chance,
                                        "decisions": decisions},
                              saving=facts.saving(lead_time_days=None))
            continue
        extra = {s: entries * (loop.local.get(s, 0.0) / (1 - loop.chance)
                               - loop.first_time.get(s, 0.0)) for s in steps}
        extra_hours = sum(n * facts.hours(process.step(s)) for s, n in extra.items())
        repeats = loop.chance / (1 - loop.chance)
        why = f" ({'; '.join(reasons)})" if reasons else ""
        message = _("{share} of cases go round the loop back to {step}{why}: {repeats} extra "
                    "passes on average, each through {steps}. Make it right the first "
                    "time.").format(share=f"{loop.chance:.0%}", step=header, why=why,
                                    repeats=decimal(f"{repeats:.2f}"),
                                    steps=listing(s for s in steps if s != header))
        yield ctx.finding(steps, message, evidence={
            "header": header,
            "decisions": decisions,
            "probability": loop.chance,
            "extra_passes": repeats,
            "conditions": reasons,
        }, saving=facts.saving(facts.cost(steps, times=extra),
                               lead_time_days=facts.days(extra_hours)
                               if math.isfinite(extra_hours) else None))
