"""reduce-rework (rework reduction, bold): check the application when it is made, so fewer
files come back incomplete.

What it does: unless the loop says files come back for a design that fails a technical
standard ("Memenuhi standar teknis?"), which no checklist of documents catches, adds an
online checklist that the applicant completes before handing in the application (a step
just before the submission: it catches what is missing only if it comes first), and lowers the
probability of the rework branch by an assumed share (50% unless told otherwise: an
assumption, stated in the change log, which also says when the loop does not say that
documents are missing).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...analysis.presence import presence_of
from ...analysis.wording import mentions
from ...i18n import LANGUAGES, N_, _, gettext_in
from ...model import Process, Step
from ..edit import EditError, insert_before
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


def _cause(process: Process, loop_steps) -> str | None:
    """Why the loop sends files back, as its steps, gateways and branch conditions say:
    ``technical`` when the loop goes through an inspection on site (the premises are put
    right after the inspector's findings, whatever words of completeness it uses:
    "Apoteker melengkapi sarana dan peralatan sesuai hasil pemeriksaan"), else ``missing``
    (something missing or invalid: "Berkas lengkap?", "Bring missing documents"), else
    ``technical`` (a design failing a standard: "Memenuhi standar teknis?"), else None
    (they do not say)."""
    texts = []
    for step_id in loop_steps:
        if process.has_step(step_id):
            step = process.step(step_id)
            if step.is_task and presence_of(step) == "on-site":
                return "technical"
            texts.append(step.name)
            texts.extend(f.condition for f in process.outgoing(step_id) if f.condition)
    if any(mentions(text, "completeness") for text in texts):
        return "missing"
    if any(mentions(text, "technical_rework") for text in texts):
        return "technical"
    return None


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
        cause = _cause(process, finding.steps)
        if cause == "technical":
            return  # a checklist of documents does not catch a design that fails a standard
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
                    variant = insert_before(variant, submission.id, checklist)
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
                                 "--rework-reduction)").format(share=f"{self.reduction:.0%}")
                    if cause == "missing" else
                    _("the files come back because documents are missing (the loop does not "
                      "say why), and the checklist removes {share} of the rework (set with "
                      "--rework-reduction)").format(share=f"{self.reduction:.0%}"))
                return
