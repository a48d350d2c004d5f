"""A task with no ``action`` whose name bpmodel could not read.

What it does
------------
Finds tasks that give no ``action`` and whose name names no action bpmodel knows, in
English or Bahasa Indonesia (see ``bpmodel read "NAME"``). Such a step counts as ``other``
everywhere else: it is never a check, a signature or a payment to the other rules.

Why is this bad?
----------------
Every rule rests on what a step does. A step read as ``other`` by default is silently left
out of duplicate checks, approval cascades, manual re-entry and the rest, and the report
says less than the process shows. Saying so is better than guessing.

Example
-------
::

    - {id: t1, name: Penyesuaian data, actor: clerk}

Fix
---
Give the step an ``action`` key (``submit``, ``check``, ``verify``, ``inspect``,
``approve``, ``sign``, ``pay``, ``forward``, ``enter-data``, ``archive``, ``notify``,
``issue``, ``decide``, ``wait``, ``collect``, ``meet``, ``register`` or ``other``), or
name it with the verb an SOP would use ("Periksa ...", "Verify ...").

No rewrite answers it: a person decides the fix (``bpmodel simplify`` leaves it alone).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..findings import Context, Finding

NAME = "unread-step-name"
CATEGORY = "reading"
SEVERITY = "info"
OPTIONS: dict = {}


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    for step in ctx.process.steps:
        if not step.is_task or step.is_subprocess or step.action:
            continue
        if facts.reading(step.id).action is not None:
            continue
        message = (f"bpmodel could not read what step {step.id} ({step.name}) does, so it "
                   f"counts as 'other'; give it an action key if the analysis should know.")
        yield ctx.finding([step.id], message, evidence={"name": step.name,
                                                       "counted_as": "other"})
