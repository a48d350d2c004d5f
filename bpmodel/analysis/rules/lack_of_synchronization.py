"""Parallel branches merged without waiting: the rest of the process runs twice.

What it does
------------
Finds exclusive merges (an ``xor`` gateway, or a task or event with several incoming flows,
which BPMN reads as an xor join) of branches that an ``and`` split runs at the same time,
or that an ``or`` split may run together. It looks at the nearest step that every way into
the merge passes through (its dominator). End events are left alone: each branch that
reaches one simply ends.

Why is this bad?
----------------
An exclusive merge passes on every case that arrives, without waiting for the others: when
both parallel branches arrive, everything after the merge runs twice (two decrees, two
notifications), and counts and lead times double.

Example
-------
::

    - {id: reviews, name: Start reviews, type: gateway, kind: and, next: [tech, env]}
    - {id: tech, name: Technical review, next: decide}
    - {id: env, name: Environmental review, next: decide}
    - {id: decide, name: Decide}    # two incoming flows: an xor join

Fix
---
Join parallel branches with an ``and`` gateway (and inclusive ones with an ``or`` gateway)
before the step that must run once.

No rewrite answers it: a person decides the fix (``bpmodel simplify`` leaves it alone).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..findings import Context, Finding

NAME = "lack-of-synchronization"
CATEGORY = "structure"
SEVERITY = "error"
OPTIONS: dict = {}
_PARALLEL = ("and", "or")


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    ids, preds = facts.step_ids, facts.preds
    for at, merge in enumerate(process.steps):
        if len(preds[at]) < 2:
            continue
        if (merge.is_gateway and merge.kind != "xor") or (merge.is_event and merge.kind == "end"):
            continue  # an end event only ends each branch that arrives
        sources = [ids[u] for u in preds[at]]
        found = None
        for i, a in enumerate(sources):
            for b in sources[i + 1:]:
                split = facts.common_dominator(a, b)
                if split is not None and facts.splits(split) in _PARALLEL:
                    found = (split, a, b)
                    break
            if found:
                break
        if not found:
            continue
        split, a, b = found
        kind = facts.splits(split)
        message = (_("The branches that {split} ({split_name}) runs in parallel meet at the "
                     "gateway {id} ({name}) without waiting for each other: {id} and "
                     "everything after it run more than once. Join them with an {kind} "
                     "gateway.") if merge.is_gateway else
                   _("The branches that {split} ({split_name}) runs in parallel meet at the "
                     "step {id} ({name}) without waiting for each other: {id} and everything "
                     "after it run more than once. Join them with an {kind} gateway."))
        yield ctx.finding([split, merge.id], (
            message.format(split=split, split_name=process.step(split).name, id=merge.id,
                           name=merge.name, kind=kind)),
            evidence={"merge": merge.id, "split": split, "split_kind": kind,
                      "branches": [a, b]})
