"""remove-duplicate-step (task elimination, safe): drop a step that repeats another.

What it does: of two steps doing the same action on the same object, it keeps
the one by the agency that issues and holds the object (the land office for a
land title), else the one that comes first, and removes the other. What the
removed step produced is handed to the one kept.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import N_, _
from ...labels import action_label
from ...model import Process, Step
from ..edit import EditError, remove_step
from . import Proposal, Rewrite
from ._common import hand_outputs, label


def _owner_score(process: Process, step: Step) -> int:
    """1 when the step's agency issued one of the documents it works on."""
    actor = process.actor(step.actor)
    if actor is None or actor.agency is None:
        return 0
    issuers = {process.document(d).issued_by for d in step.needs if process.document(d)}
    return int(actor.agency in issuers)


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
        keeper = max(steps, key=lambda s: (_owner_score(process, s), -order[s.id]))
        for step in sorted(steps, key=lambda s: order[s.id]):
            if step.id == keeper.id or step.keep:
                continue
            try:
                variant = remove_step(hand_outputs(process, step, keeper), step.id)
            except EditError:
                continue
            owner = _owner_score(process, keeper)
            why = (_("both {action} the same {object}; {keeper} stays because its agency "
                     "issues and holds the document, so the case is checked once") if owner
                   else _("both {action} the same {object}; {keeper} stays because it comes "
                          "first, so the case is checked once"))
            yield Proposal(
                variant, (step.id, keeper.id),
                what=_("Removed {step}, a repeat of {keeper}").format(
                    step=label(step), keeper=label(keeper)),
                why=why.format(action=action_label(step.action or "handle"),
                               object=step.object or _("thing"), keeper=label(keeper)),
                finding="duplicate-step", legal_basis=step.legal_basis)
