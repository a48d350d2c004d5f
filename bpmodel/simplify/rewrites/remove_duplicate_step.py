"""remove-duplicate-step (task elimination, safe): drop a step that repeats another.

What it does: of two steps doing the same action on the same object, it keeps
the one the finding names (see ``bpmodel.analysis.legal.step_to_keep``: marked keep,
then the higher rule, then the agency competent for it, the land office for a land
title, then the one that comes first) and removes the other. What the removed step
produced is handed to the one kept. A call activity or a sub-process is never the one
removed: it is a procedure of its own, and nothing says the kept step does all of it. Nor is
a step that also decides, signs, pays or issues what the kept step does not
(``duplicate_step.acts_lost``): the head who "checks the file and decides" keeps the decision.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...analysis.actions import action_of, read_step, step_actions
from ...analysis.legal import step_to_keep, why_kept
from ...analysis.presence import in_time_for
from ...analysis.rules.duplicate_step import acts_lost
from ...i18n import N_, _
from ...labels import action_label
from ...model import Process, Step
from ..edit import EditError, merge_into
from .common import Proposal, Rewrite, covers, hand_outputs, label


def chosen_keeper(process: Process, finding, steps: list[Step]) -> Step:
    """The step the finding says to keep (its evidence), else the one the law prefers."""
    named = (getattr(finding, "evidence", None) or {}).get("keep")
    found = next((s for s in steps if s.id == named), None)
    return found or step_to_keep(process, steps)


_ONCE = {
    "check": N_("the case is checked once"), "verify": N_("the case is checked once"),
    "inspect": N_("the case is checked once"), "notify": N_("the notice is given once"),
    "issue": N_("it is issued once"), "decide": N_("the case is decided once"),
}
_ONCE_OTHERWISE = N_("the work is done once")


def _same_work(process: Process, step: Step, keeper: Step, reason: str) -> str:
    """Why the two steps repeat each other, naming the action and the object as given, or
    as read from the names when the steps declare none, and what is then done once."""
    read = action_of(step, process=process) or "other"
    action = action_label(read)
    words = "" if step.object else " ".join(read_step(step, process).object)
    if read == "pay":  # a payment is made once, not "checked once"
        return _("both pay the same {object}; {keeper} stays because {reason}: the fee is "
                 "paid once").format(object=step.object or words or _("fee"),
                                     keeper=label(keeper), reason=reason)
    once = _(_ONCE.get(read, _ONCE_OTHERWISE))
    if step.object or not words:
        return _("both {action} the same {object}; {keeper} stays because {reason}: "
                 "{once}").format(action=action, object=step.object or _("thing"),
                                  keeper=label(keeper), reason=reason, once=once)
    return _("both {action} the same thing (read from their names: {words}); {keeper} stays "
             "because {reason}: {once}").format(
        action=action, words=words, keeper=label(keeper), reason=reason, once=once)


class RemoveDuplicateStep(Rewrite):
    name = "remove-duplicate-step"
    heuristic = N_("task elimination")
    level = "safe"
    answers = ("duplicate-step",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        steps = [process.step(s) for s in finding.steps if process.has_step(s)]
        if len(steps) < 2:
            return
        order = {s.id: i for i, s in enumerate(process.steps)}
        keeper = chosen_keeper(process, finding, steps)
        reason, assumed = why_kept(process, keeper, steps)
        for step in sorted(steps, key=lambda s: order[s.id]):
            if step.id == keeper.id or step.keep or not covers(keeper, step) \
                    or not in_time_for(process, keeper, step):
                continue
            if step.legal_basis and step.legal_basis != keeper.legal_basis:
                continue  # a rule demands this step: removing it is a rule change, not safe
            if step.is_call_or_subprocess:
                continue  # a procedure of its own: nothing says the kept step does all of it
            if acts_lost(step_actions(keeper, process=process),
                         step_actions(step, process=process)):
                continue  # it also decides, signs or pays: removing it would lose that
            try:
                variant = merge_into(hand_outputs(process, step, keeper), step.id, keeper.id)
            except EditError:
                continue
            yield Proposal(
                variant, (step.id, keeper.id),
                what=_("Removed {step}, a repeat of {keeper}").format(
                    step=label(step), keeper=label(keeper)),
                why=_same_work(process, step, keeper, reason),
                finding="duplicate-step", legal_basis=step.legal_basis,
                assumption=assumed or _("{keeper} checks everything {step} checks, and its "
                                        "result reaches the steps after").format(
                    keeper=label(keeper), step=label(step)))
