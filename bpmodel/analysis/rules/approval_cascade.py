"""Approvals or signatures in a row by several levels of hierarchy.

What it does
------------
Finds chains of ``approve`` and ``sign`` steps that follow one another (directly or through
gateways only, such as an "approved?" decision) and are done by at least ``min_levels``
different actors: the draft goes up the hierarchy, one initial, one approval, one signature
at a time. A deed signed before a notary or land-deed official (a step that needs
the parties in person) and the applicant's own signature are not levels of approval.

A technical recommendation or consideration ("rekomendasi teknis", "pertimbangan
teknis") is not a level either: it is an agency's assessment of substance, which a
delegation to the signer cannot replace.

Nor is the legal bureau's review of a draft ("paraf Kepala Bagian Hukum"): it checks the
decree against the law.

Why is this bad?
----------------
Every level adds a queue in a signature tray, often days, and rarely a new check: each
approver relies on the one below. The applicant waits for the sum of all the trays.

Example
-------
::

    - {id: initial_kabid, name: Initial the draft, actor: kabid, action: approve, wait: 2d}
    - {id: approve_head, name: Approve the draft, actor: head, action: approve, wait: 3d}
    - {id: approve_sekda, name: Approve the draft, actor: sekda, action: approve, wait: 3d}
    - {id: sign, name: Sign the decree, actor: regent, action: sign, wait: 5d}

Fix
---
Delegate the decision to one level (empowerment): keep the signature the law requires (steps
marked ``keep``, else the last one) and drop the others, or let them run in parallel. The
saving is what the dropped steps cost.

Answered by the rewrite ``flatten-approvals`` (``bpmodel rewrites flatten-approvals``
explains it).

Options
-------
``min_levels`` (3): fewest different actors in a chain for it to count.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from ...i18n import _
from ..findings import Context, Finding, days_of
from ..presence import presence_of
from ..wording import mentions

NAME = "approval-cascade"
CATEGORY = "waste"
SEVERITY = "warning"
OPTIONS = {"min_levels": 3}
_APPROVALS = ("approve", "sign")


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    # a step that checks and initials ("memeriksa dan membubuhkan paraf") is a level too;
    # a deed signed before a notary, or the applicant's own signature, is no level of approval
    # nor is another agency's technical recommendation ("rekomendasi teknis"): its substance
    # needs that agency's competence, which no delegation to the signer gives
    levels = facts.steps_where(NAME, _is_level)
    approvals = ({s.id for s in levels} if levels is not None else
                 {s.id for s in process.steps
                  if set(_APPROVALS).intersection(facts.all_actions[s.id])
                  and presence_of(s) is None and not facts.is_applicant(s)
                  and not mentions(s.name, "recommendations")})
    following: dict[str, list[str]] = {}
    has_previous: set[str] = set()
    for step_id in approvals:
        nxt = [t for t in facts.next_tasks(step_id) if t in approvals and t != step_id
               and facts.rank[t] > facts.rank[step_id]]
        following[step_id] = nxt
        has_previous.update(nxt)
    heads = sorted((a for a in approvals if a not in has_previous), key=facts.rank.__getitem__)
    for head in heads:
        chain = [head]
        while len(following[chain[-1]]) == 1:
            chain.append(following[chain[-1]][0])
        steps = [process.step(s) for s in chain]
        levels = list(dict.fromkeys(s.actor for s in steps if s.actor))
        if len(levels) < ctx.options["min_levels"]:
            continue
        kept = [s.id for s in steps if s.keep] or [chain[-1]]
        dropped = [s for s in chain if s not in kept]
        who = " -> ".join(facts.who(s) for s in steps)
        wait_days = facts.days(sum(s.wait.hours for s in steps))
        message = _("{count} approvals in a row by {levels} levels ({who}), {days} of "
                    "waiting. Delegate to one level and keep {keep}.").format(
            count=len(chain), levels=len(levels), who=who, days=days_of(process, wait_days),
            keep=", ".join(kept))
        yield ctx.finding(chain, message, evidence={
            "levels": levels,
            "keep": kept,
            "removable": dropped,
            "wait_days": wait_days,
        }, saving=facts.removal(dropped, handoffs=_handoffs(facts, chain, kept)))


def _is_level(facts, step) -> bool:
    """Whether a step alone makes a level of approval (asked once for each step object,
    see :meth:`Facts.steps_where`)."""
    return bool(set(_APPROVALS).intersection(facts.step_actions(step))) \
        and presence_of(step) is None and not facts.is_applicant(step) \
        and not mentions(step.name, "recommendations")


def _handoffs(facts, chain: list[str], kept: list[str]) -> float:
    """Hand-offs between actors that disappear when only ``kept`` remain (per case)."""
    process = facts.process
    before = sum(process.step(a).actor != process.step(b).actor for a, b in pairwise(chain))
    after = sum(process.step(a).actor != process.step(b).actor for a, b in pairwise(kept))
    return (before - after) * facts.runs.get(chain[0], 0.0)
