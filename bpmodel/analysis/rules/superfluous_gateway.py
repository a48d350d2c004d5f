"""A gateway with one way in and one way out.

What it does
------------
Finds gateways that have exactly one incoming and one outgoing flow: they neither split nor
join anything.

Why is this bad?
----------------
The gateway decides nothing, but readers of the diagram look for the missing branch, and
conversions to other tools may treat it differently. It is often what remains after a
branch was deleted.

Example
-------
::

    - {id: check, name: Check documents}
    - {id: ok, name: "Documents ok?", type: gateway, kind: xor, next: [approve]}
    - {id: approve, name: Approve}

Fix
---
Remove the gateway and connect its two neighbours directly, or add the missing branch.

Answered by the rewrite ``remove-superfluous-gateway`` (``bpmodel rewrites
remove-superfluous-gateway`` explains it).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ..findings import FEES, TIMES, VISIT_COSTS, Context, Finding, blind_to

NAME = "superfluous-gateway"
CATEGORY = "structure"
SEVERITY = "warning"
OPTIONS: dict = {}
BLIND = blind_to(TIMES, VISIT_COSTS, FEES, ["contact"])  # reads gateways and flows
# A series merge of two tasks keeps every gateway and how many flows go in and out of it
# (a flow from the second task now leaves the first): a gateway with one way in and one
# out is one before and after, and its finding is the same unless its evidence names the
# second task (its way in) or the first. The findings have no savings.
MERGE_BLIND = True


def check(ctx: Context) -> Iterator[Finding]:
    process = ctx.process
    for step in process.gateways:
        incoming, outgoing = process.incoming(step.id), process.outgoing(step.id)
        if len(incoming) == 1 and len(outgoing) == 1:
            yield ctx.finding([step.id], _("The {kind} gateway {id} ({name}) has one way in and "
                                           "one way out: it does nothing. Remove it or add the "
                                           "missing branch.").format(
                                               kind=step.kind or "", id=step.id, name=step.name)
                              .replace("  ", " "),
                              evidence={"from": incoming[0].source, "to": outgoing[0].target})
