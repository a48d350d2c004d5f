"""A step that no case can reach.

What it does
------------
Finds steps that no case can reach by following the flows from where the process starts:
its start events, or, as BPMN reads a process without start events, every step that
nothing leads into. Inside a sub-process the same holds once the sub-process runs; event
sub-processes and events that nothing leads into wait for their trigger and count as
reachable.

Why is this bad?
----------------
The step is dead: either a flow is missing (and the model is wrong about how cases really
go) or the step is left over from an older version of the process. Measures and diagrams
that count it mislead. The YAML reader refuses such files; BPMN files and processes built
in Python can still have them.

Example
-------
::

    steps:
      - {id: start, name: Application received, type: event, kind: start}
      - {id: apply, name: Apply, next: decide}
      - {id: stamp, name: Stamp the form, next: decide}   # nothing leads here
      - {id: decide, name: Decide}

Fix
---
Add the missing flow into the step, or delete the step.

No rewrite answers it: a person decides the fix (``bpmodel simplify`` leaves it alone).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..findings import Context, Finding

NAME = "unreachable-step"
CATEGORY = "structure"
SEVERITY = "error"
OPTIONS: dict = {}


def check(ctx: Context) -> Iterator[Finding]:
    process = ctx.process
    starts = [s.id for s in process.start_steps()]
    reached = ctx.facts.reached
    for step in process.steps:
        if step.id in reached:
            continue
        yield ctx.finding([step.id], _("{id} ({name}) cannot be reached from the start "
                                       "({starts}): add a flow into it or delete it.").format(
                                           id=step.id, name=step.name, starts=", ".join(starts)),
                          evidence={"starts": starts})
