"""An and-join waits for a branch that never comes.

What it does
------------
Finds ``and`` gateways that join flows which do not all carry the case: the branches meet
after an ``xor`` (or event-based) gateway that sends the case down only one of them, or
after an ``or`` gateway that may skip some; and and-joins that wait for a flow coming back
from later in the process. It looks at the nearest step that every way into the join
passes through (its dominator).

Why is this bad?
----------------
The and-join waits for all its incoming flows; when one of them never carries the case,
the case waits forever: the process deadlocks, and no lead time means anything.

Example
-------
::

    - {id: route, name: "Which review?", type: gateway, kind: xor,
       next: [{to: tech, p: 0.5}, {to: env, p: 0.5}]}
    - {id: tech, name: Technical review, next: done}
    - {id: env, name: Environmental review, next: done}
    - {id: done, name: Reviews done, type: gateway, kind: and}

Fix
---
Join exclusive branches with an ``xor`` gateway (or split with an ``and`` gateway if both
branches must run); join inclusive branches with an ``or`` gateway.

No rewrite answers it: a person decides the fix (``bpmodel simplify`` leaves it alone).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..findings import Context, Finding, listing

NAME = "deadlock"
CATEGORY = "structure"
SEVERITY = "error"
OPTIONS: dict = {}
_CHOOSING = ("xor", "or", "event", "complex")


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    joins = [s for s in process.gateways if s.kind == "and" and len(process.incoming(s.id)) > 1]
    for join in joins:
        flows = process.incoming(join.id)
        back = [f.source for f in flows if facts.is_back(f)]
        if back:
            yield ctx.finding([join.id, *back], (
                _("The and-join {id} ({name}) waits for a flow from {steps}, which comes "
                  "after it: the case can never pass. Join with an xor gateway.").format(
                      id=join.id, name=join.name, steps=listing(back))),
                evidence={"join": join.id, "waits_for": back})
            continue
        sources = list(dict.fromkeys(f.source for f in flows))
        reported = False
        for i, a in enumerate(sources):
            for b in sources[i + 1:]:
                split = facts.common_dominator(a, b)
                if split is None or facts.splits(split) not in _CHOOSING:
                    continue
                kind = facts.splits(split)
                message = (_("The and-join {id} ({name}) waits for branches that the {kind} "
                             "gateway {split} ({split_name}) may skip some of them: the case "
                             "can wait forever. Join them with a matching {kind} gateway.")
                           if kind == "or" else
                           _("The and-join {id} ({name}) waits for branches that the {kind} "
                             "gateway {split} ({split_name}) sends the case down only one of "
                             "them: the case can wait forever. Join them with a matching "
                             "{kind} gateway."))
                yield ctx.finding([split, join.id], (
                    message.format(id=join.id, name=join.name, kind=kind, split=split,
                                   split_name=process.step(split).name)),
                    evidence={"join": join.id, "split": split, "split_kind": kind,
                              "branches": [a, b]})
                reported = True
                break
            if reported:
                break
