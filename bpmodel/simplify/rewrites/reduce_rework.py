"""reduce-rework (rework reduction, bold): check the application when it is made, so fewer
files come back incomplete.

What it does: adds an online checklist that the applicant completes with the
application, and lowers the probability of the rework branch by an assumed share
(50% unless told otherwise: an assumption, stated in the change log).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...i18n import LANGUAGES, N_, _, gettext_in
from ...model import Process, Step
from ..edit import EditError, insert_after
from .common import Proposal, Rewrite, applicant_ids, fresh_id, in_process_language

CHECKLIST_NAME = N_("Complete the online checklist of required documents")


def _rescaled(process: Process, gateway: str, loop_target: str, reduction: float
              ) -> tuple[Process, float, float]:
    """The rework branch's chance lowered by ``reduction``; the other branches share the
    difference in proportion to their chances."""
    flows = []
    outgoing = process.outgoing(gateway)
    back = next(f for f in outgoing if f.target == loop_target)
    p = back.probability
    new_p = round(p * (1 - reduction), 6)
    for flow in process.flows:
        if flow.source != gateway or flow.probability is None:
            flows.append(flow)
        elif flow is back:
            flows.append(replace(flow, probability=new_p))
        else:
            share = round(flow.probability * (1 - new_p) / (1 - p), 6) if p < 1 else 0.0
            flows.append(replace(flow, probability=share))
    return process.evolve(flows=tuple(flows)), p, new_p


class ReduceRework(Rewrite):
    name = "reduce-rework"
    heuristic = N_("rework reduction")
    level = "bold"
    answers = ("rework-loop",)

    def __init__(self, reduction: float = 0.5):
        self.reduction = reduction

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        names = {gettext_in(lang, CHECKLIST_NAME) for lang in LANGUAGES}
        if any(s.name in names for s in process.steps):
            return
        loop = set(finding.steps)
        applicants = applicant_ids(process)
        submission = next((s for s in process.steps
                           if s.actor in applicants and s.contact), None)
        if submission is None:
            return
        for gateway in (process.step(s) for s in finding.steps if process.has_step(s)):
            if not (gateway.is_gateway and gateway.kind == "xor"):
                continue
            for flow in process.outgoing(gateway.id):
                if flow.target not in loop or not flow.probability or flow.probability >= 1:
                    continue
                variant, p, new_p = _rescaled(process, gateway.id, flow.target, self.reduction)
                checklist = Step(fresh_id(process, "online_checklist"),
                                 in_process_language(process, CHECKLIST_NAME),
                                 actor=submission.actor, action="other", contact="online",
                                 object="checklist", assumed=("time",))
                try:
                    variant = insert_after(variant, submission.id, checklist)
                except EditError:
                    return
                yield Proposal(
                    variant, (gateway.id, flow.target, checklist.id),
                    what=_("Online checklist at submission: rework at {gateway} from {before} "
                           "to {after}").format(gateway=repr(gateway.name), before=f"{p:.0%}",
                                                after=f"{new_p:.0%}"),
                    why=_("{share} of the files come back through the rework loop; a "
                          "checklist that the applicant completes with the application "
                          "catches the missing documents before they are handed in").format(
                              share=f"{p:.0%}"),
                    finding="rework-loop",
                    assumption=_("the checklist removes {share} of the rework (set with "
                                 "--rework-reduction)").format(share=f"{self.reduction:.0%}"))
                return
