"""harmonise-rules (task elimination after harmonising regulations, bold): one check where
two regulations each demand the same one.

What it does: of steps that do the same check under different legal bases, it keeps the
one marked keep (else the first) and removes the others; the kept step now answers to
every basis. Bold, because it needs the regulations harmonised first: the change log names
the legal bases it touches, the evidence a deregulation review needs. Steps marked keep
are never removed, so two kept steps under two rules stay as they are; the finding still
reports them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...i18n import N_, _
from ...model import Process
from ..edit import EditError, remove_step, replace_step
from . import Proposal, Rewrite
from ._common import hand_outputs, label


class HarmoniseRules(Rewrite):
    name = "harmonise-rules"
    heuristic = N_("task elimination (harmonised regulations)")
    level = "bold"
    answers = ("policy-overlap",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        steps = [process.step(s) for s in finding.steps if process.has_step(s)]
        if len(steps) < 2:
            return
        keeper = next((s for s in steps if s.keep), steps[0])
        removed = [s for s in steps if s.id != keeper.id and not s.keep]
        if not removed:
            return
        bases = list(dict.fromkeys(s.legal_basis for s in steps if s.legal_basis))
        variant = process
        try:
            for step in removed:
                variant = remove_step(hand_outputs(variant, step, variant.step(keeper.id)),
                                      step.id)
        except EditError:
            return
        variant = replace_step(variant, replace(variant.step(keeper.id),
                                                legal_basis="; ".join(bases)))
        yield Proposal(
            variant, tuple(s.id for s in steps),
            what=_("One check {step} for {count} regulations; removed {removed}").format(
                step=label(keeper), count=len(bases),
                removed=", ".join(label(s) for s in removed)),
            why=_("{bases} each demand the same check, so the case is checked twice because "
                  "the rules overlap; once the rules are harmonised, one check answers "
                  "both").format(bases=_(" and ").join(bases)),
            finding="policy-overlap",
            legal_basis=_("{bases} (to be harmonised)").format(bases="; ".join(bases)))
