"""A step from which the case cannot finish.

What it does
------------
Finds steps from which no end of the process can be reached (the case is trapped in a loop
with no way out, and no terminate end event on a parallel branch stops it), and gateways
that split nothing: no flow leaves them and they join no branches, so the case stops there.

Why is this bad?
----------------
A case that reaches the step never finishes, or stops without an outcome. It is usually a
forgotten flow: the "rejected" branch that leads nowhere, a loop whose exit was deleted.
The YAML reader refuses both; BPMN files and processes built in Python can still have them.

Example
-------
::

    steps:
      - {id: apply, name: Apply}
      - {id: fix, name: Fix the file, next: recheck}
      - {id: recheck, name: Check again, next: fix}   # no way out of fix <-> recheck

Fix
---
Give the loop a way out, or lead the gateway's case to a step or an end event.

No rewrite answers it: a person decides the fix (``bpmodel simplify`` leaves it alone).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..findings import Context, Finding, listing

NAME = "dead-end"
CATEGORY = "structure"
SEVERITY = "error"
OPTIONS: dict = {}


def check(ctx: Context) -> Iterator[Finding]:
    process = ctx.process
    finishing = ctx.facts.finishing
    stuck = [s.id for s, done in zip(process.steps, finishing, strict=True) if not done]
    ends = [s.id for s in process.end_steps()] if stuck or process.gateways else []
    terminates = [s.id for s in process.steps
                  if s.is_event and s.kind == "end" and s.trigger == "terminate"] if stuck else []
    trapped = [s for s in stuck if not _terminated(ctx.facts, s, terminates)]
    if trapped:
        yield ctx.finding(trapped, _("No end can be reached from {steps}: cases that get "
                                     "there never finish. Give the loop a way out.").format(
                                         steps=listing(trapped)),
                          evidence={"ends": ends})
    for step in process.gateways:
        if not process.outgoing(step.id) and len(process.incoming(step.id)) < 2:
            yield ctx.finding([step.id], _("The gateway {id} ({name}) has no way out and joins "
                                           "nothing: the case stops there without an outcome. "
                                           "Lead it on to a step or an end event.").format(
                                               id=step.id, name=step.name),
                              evidence={"ends": ends})


def _terminated(facts, step_id: str, terminates: list[str]) -> bool:
    """Whether a terminate end event, running in parallel with the step, ends it."""
    return any(facts.splits(split) in ("and", "or") for end in terminates
               if (split := facts.common_dominator(step_id, end)) is not None)
