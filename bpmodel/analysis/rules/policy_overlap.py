"""The same check is demanded under different legal bases: overlapping rules.

What it does
------------
Finds steps that do the same action on the same object (as duplicate-step matches them)
where each step names a different ``legal_basis``: two regulations each demand the same
check, so the step is repeated because the rules overlap, not because the case needs it.

Why is this bad?
----------------
Overlapping regulations are a main cause of long procedures. While both rules stand, the
reform team cannot simply drop one of the steps (they are often marked ``keep``); the fix
is in the regulations, and the finding is the evidence a deregulation review needs.

Example
-------
::

    - {id: zoning_check, name: Check building against zoning plan, actor: planning,
       action: check, object: zoning, legal_basis: Spatial planning law}
    - {id: permit_zoning, name: Check zoning compliance, actor: works, action: check,
       object: zoning, legal_basis: Building regulation}

Fix
---
Propose to harmonise the regulations so that one check, by one agency, satisfies both;
then merge the steps (task elimination). The check kept is the one the higher rule
demands (a law before a regulation, a presidential regulation before a regent's), then the
competent agency's (the one that issues what is checked), then the earlier one.
The saving is what the other steps cost.

Answered by the rewrite ``harmonise-rules`` (``bpmodel rewrites harmonise-rules``
explains it).

Options
-------
``threshold`` (0.5): least share of object words in common (Jaccard) for names to match.
``actions``: the actions compared.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import _
from ...labels import action_label
from ..findings import Context, Finding, listing
from ..legal import step_to_keep, why_kept
from . import duplicate_step
from .duplicate_step import duplicate_groups

NAME = "policy-overlap"
CATEGORY = "redundancy"
SEVERITY = "warning"
OPTIONS = dict(duplicate_step.OPTIONS)  # the same matching as duplicate-step
# the groups of duplicate-step: blind to what it is blind to
BLIND = dict(duplicate_step.BLIND)


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    for ids in duplicate_groups(ctx, legal=True):
        steps = [ctx.process.step(i) for i in ids]
        bases = {s.id: s.legal_basis for s in steps}
        listed = listing((_("{step} under {basis}").format(
            step=s.id, basis=s.legal_basis or _("no stated basis")) for s in steps),
                         sep="; ")
        keeper = step_to_keep(ctx.process, steps)
        reason, _assumed = why_kept(ctx.process, keeper, steps)
        others = [s.id for s in steps if s.id != keeper.id]
        message = _("The same {action} is demanded by different rules: {steps}. Harmonise the "
                    "rules so that one step satisfies them; keep {keep} ({reason}).").format(
            action=action_label(facts.actions[ids[0]]), steps=listed, keep=keeper.id,
            reason=reason)
        yield ctx.finding(ids, message, evidence={"legal_basis": bases,
                                                  "action": facts.actions[ids[0]],
                                                  "keep": keeper.id},
                          saving=facts.removal(others))
