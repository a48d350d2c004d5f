"""flatten-approvals (empowerment, bold): one signature instead of a cascade.

What it does: in a row of approvals and signatures by several levels of hierarchy,
it keeps the signature the law requires (steps marked keep; else the last, highest
one) and removes the others, by delegation of authority. An "approved?" decision right
after a removed approval, whose other branches only send the case back, goes with it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.legal import legal_level, legal_rank, level_name
from ...analysis.presence import presence_of
from ...i18n import N_, _, ngettext
from ...model import Process
from ...validate import reachable_from
from ..edit import EditError, drop_decision, remove_step, replace_step, taking_over
from .common import Proposal, Rewrite, hand_outputs, label


def _decision_after(process: Process, step_id: str) -> str | None:
    """The id of the xor decision ("approved?") right after a step, if there is one."""
    following = process.successors(step_id)
    if len(following) == 1 and following[0].is_gateway and following[0].kind == "xor":
        return following[0].id
    return None


def _drop_if_only_rework(process: Process, decision: str) -> Process:
    """Drop the decision when one branch goes on and every other only sends the case back
    (its target leads to the decision again): without its approval it decides nothing."""
    if not process.has_step(decision):
        return process
    branches = [f.target for f in process.outgoing(decision)]
    back = [t for t in branches if decision in reachable_from(process, [t])]
    onward = [t for t in branches if t not in back]
    if len(onward) == 1 and back:
        return drop_decision(process, decision, onward[0])
    return process


class FlattenApprovals(Rewrite):
    name = "flatten-approvals"
    heuristic = N_("empowerment")
    level = "bold"
    answers = ("approval-cascade",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        chain = [process.step(s) for s in finding.steps if process.has_step(s)]
        if len(chain) < 2:
            return
        kept = [s for s in chain if s.keep or presence_of(s) is not None] or [chain[-1]]
        removed = [s for s in chain if s not in kept]
        if not removed:
            return
        decisions = [d for s in removed if (d := _decision_after(process, s.id))]
        variant = process
        try:
            for step in removed:    # the signature that stays, as the last removal left it
                heir = variant.step(kept[-1].id)
                variant = remove_step(hand_outputs(variant, step, heir), step.id)
            # the signature that stays does the work of the approvals removed
            variant = replace_step(variant, taking_over(variant.step(kept[-1].id), *removed))
            for decision in reversed(decisions):  # the last first: its loops go first
                variant = _drop_if_only_rework(variant, decision)
        except EditError:
            return
        names = ", ".join(label(s) for s in removed)
        why = ngettext(
            "{levels} levels approve the same case in a row; with delegation of authority "
            "the signature the rules require is enough, so {steps} goes",
            "{levels} levels approve the same case in a row; with delegation of authority "
            "the signature the rules require is enough, so {steps} go", len(removed))
        # a decree cannot override a rule above it: name the rules to amend
        above = [s for s in removed if legal_rank(s.legal_basis) > legal_rank("SK")]
        if above:
            assumption = _("the rules that demand the removed approvals are amended ({rules}); "
                           "a delegation decree alone cannot override them").format(
                rules="; ".join(dict.fromkeys(
                    f"{s.legal_basis} ({level_name(legal_level(s.legal_basis))})"
                    for s in above)))
        else:
            assumption = _("the officials who approve now may delegate their approval to "
                           "{steps} by decree, and no rule makes their approval a condition "
                           "of validity").format(steps=", ".join(label(s) for s in kept))
        yield Proposal(
            variant, tuple(s.id for s in chain),
            what=_("Flattened the approval cascade to {steps}").format(
                steps=", ".join(label(s) for s in kept)),
            why=why.format(levels=len(chain), steps=names),
            finding="approval-cascade",
            assumption=assumption,
            legal_basis="; ".join(dict.fromkeys(
                s.legal_basis for s in chain if s.legal_basis))
            or _("delegation of authority (a decree may be needed)"))
