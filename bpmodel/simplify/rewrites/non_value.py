"""remove-non-value-step (task elimination, bold): drop forwarding, copying, archiving and
waiting steps that add nothing for the applicant.

What it does: removes the step; what it produced is handed to the task before it
(the same actor's when there is one), so later steps still get it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import N_, _
from ...model import Process
from ..edit import EditError, remove_step
from . import Proposal, Rewrite
from ._common import hand_outputs, label, preceding_task

REASONS = {
    "forward": N_("sending the file on adds nothing; with a shared case file the next step "
                  "starts as soon as the previous one is done"),
    "archive": N_("a paper copy adds nothing for the applicant; the application keeps the "
                  "record"),
    "wait": N_("waiting adds nothing"),
}
OTHER_REASON = N_("it adds nothing the applicant or the decision needs")


class RemoveNonValueStep(Rewrite):
    name = "remove-non-value-step"
    heuristic = N_("task elimination")
    level = "bold"
    answers = ("non-value-step",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        for step_id in finding.steps:
            if not process.has_step(step_id):
                continue
            step = process.step(step_id)
            if step.keep or not step.is_task:
                continue
            heir = preceding_task(process, step_id, step.actor)
            if step.produces and heir is None:
                continue
            try:
                variant = remove_step(hand_outputs(process, step, heir), step_id)
            except EditError:
                continue
            why = _(REASONS.get(step.action or "", OTHER_REASON))
            if step.produces and heir is not None:
                why += "; " + _("{step} now hands over what it produced").format(
                    step=label(heir))
            yield Proposal(variant, (step_id,), what=_("Removed {step}").format(step=label(step)),
                           why=why,
                           finding="non-value-step", legal_basis=step.legal_basis)
