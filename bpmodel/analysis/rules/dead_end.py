"""A step from which the case cannot finish.

What it does
------------
Finds steps from which no end of the process can be reached (the case is trapped in a loop
with no way out), and, when the process marks its ends with end events, tasks and gateways
that stop without one (the case stops in the middle, no outcome is given).

Why is this bad?
----------------
A case that reaches the step never finishes, or finishes without the applicant being told
the outcome. It is usually a forgotten flow: the "rejected" branch that leads nowhere.

Example
-------
::

    steps:
      - {id: start, name: Start, type: event, kind: start}
      - {id: decide, name: Complete?, type: gateway, kind: xor,
         next: [{to: done, p: 0.8}, {to: reject, p: 0.2}]}
      - {id: reject, name: Reject the application, next: []}   # stops without an end
      - {id: done, name: Done, type: event, kind: end}

Fix
---
Lead the step to an end event (and tell the applicant), or give the loop a way out.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...validate import reachable_from
from ..findings import Context, Finding

NAME = "dead-end"
CATEGORY = "structure"
SEVERITY = "error"
OPTIONS: dict = {}


def check(ctx: Context) -> Iterator[Finding]:
    process = ctx.process
    ends = [s.id for s in process.end_steps()]
    finishing = reachable_from(process, ends, backwards=True)
    trapped = [s.id for s in process.steps if s.id not in finishing]
    if trapped:
        yield ctx.finding(trapped, f"No end can be reached from {', '.join(trapped)}: cases "
                                   f"that get there never finish. Give the loop a way out.",
                          evidence={"ends": ends})
    explicit = any(s.is_event and s.kind == "end" for s in process.steps)
    for step in process.end_steps():
        if step.is_event:
            continue
        if step.is_gateway or explicit:
            what = "gateway" if step.is_gateway else "task"
            yield ctx.finding([step.id], f"The {what} {step.id} ({step.name}) has no way "
                                         f"out and is not an end event: the case stops there "
                                         f"without an outcome. Lead it to an end event.",
                              evidence={"ends": [s.id for s in process.steps
                                                 if s.is_event and s.kind == "end"]})
