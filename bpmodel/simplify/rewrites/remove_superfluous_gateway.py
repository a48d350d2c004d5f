"""remove-superfluous-gateway (task elimination, safe): a gateway with one way in and one
way out decides nothing; the flow goes straight through."""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import N_, _
from ...model import Process
from ..edit import EditError, remove_step
from .common import Proposal, Rewrite, label


class RemoveSuperfluousGateway(Rewrite):
    name = "remove-superfluous-gateway"
    heuristic = N_("task elimination")
    level = "safe"
    answers = ("superfluous-gateway",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        for step_id in finding.steps:
            if not process.has_step(step_id) or not process.step(step_id).is_gateway:
                continue
            step = process.step(step_id)
            if len(process.incoming(step_id)) > 1 or len(process.outgoing(step_id)) > 1:
                continue
            try:
                variant = remove_step(process, step_id)
            except EditError:
                continue
            yield Proposal(variant, (step_id,),
                           what=_("Removed gateway {step}").format(step=label(step)),
                           why=_("it has one way in and one way out, so it decides nothing"),
                           finding="superfluous-gateway")
