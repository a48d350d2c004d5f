"""harmonise-rules (task elimination after harmonising regulations, bold): one check where
two regulations each demand the same one.

What it does: of steps that do the same check under different legal bases, it keeps the
one the finding names (marked keep, else the one the higher rule demands, else the
competent agency's, else the first) and removes the others; the kept step now answers to
every basis, and its existence is locked (``keep: [existence]``) so that no later rewrite
undoes the choice. Bold, because it needs the regulations harmonised first: the change log names
the legal bases it touches, the evidence a deregulation review needs. Steps marked keep
are never removed, so two kept steps under two rules stay as they are; the finding still
reports them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...analysis.legal import why_kept
from ...analysis.presence import in_time_for
from ...i18n import N_, _
from ...model import Process
from ..edit import EditError, merge_into, replace_step
from .common import Proposal, Rewrite, covers, hand_outputs, label
from .remove_duplicate_step import chosen_keeper


class HarmoniseRules(Rewrite):
    name = "harmonise-rules"
    heuristic = N_("task elimination (harmonised regulations)")
    level = "bold"
    answers = ("policy-overlap",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        steps = [process.step(s) for s in finding.steps if process.has_step(s)]
        if len(steps) < 2:
            return
        keeper = chosen_keeper(process, finding, steps)
        reason, assumed = why_kept(process, keeper, steps)
        removed = [s for s in steps if s.id != keeper.id and not s.keep and covers(keeper, s)
                   and in_time_for(process, keeper, s)]
        if not removed:
            return
        bases = list(dict.fromkeys(s.legal_basis for s in steps if s.legal_basis))
        variant = process
        try:
            for step in removed:
                variant = merge_into(hand_outputs(variant, step, variant.step(keeper.id)),
                                     step.id, keeper.id)
        except EditError:
            return
        kept = variant.step(keeper.id)
        variant = replace_step(variant, replace(
            kept, legal_basis="; ".join(bases), keep=True,
            locks=kept.locks if kept.keep else ("existence",)))
        yield Proposal(
            variant, tuple(s.id for s in steps),
            what=_("One check {step} for {count} regulations; removed {removed}").format(
                step=label(keeper), count=len(bases),
                removed=", ".join(label(s) for s in removed)),
            why=_("{bases} each demand the same check, so the case is checked twice because "
                  "the rules overlap; once the rules are harmonised, one check answers both; "
                  "{step} stays because {reason}").format(
                bases=_(" and ").join(bases), step=label(keeper), reason=reason),
            assumption=assumed or _("the regulations are amended so that {step} satisfies "
                                    "all of them").format(step=label(keeper)),
            finding="policy-overlap",
            legal_basis=_("{bases} (to be harmonised)").format(bases="; ".join(bases)))
