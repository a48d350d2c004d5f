"""remove-non-value-step (task elimination, bold): drop forwarding, copying, archiving and
waiting steps that add nothing for the applicant.

What it does: removes the step; what it produced is handed to the task before it
(the same actor's when there is one), so later steps still get it. Archiving is never
removed: the archives law (UU 43/2009) requires the record. It is moved off the
applicant's path instead, to run alongside the step after it (the collection of the
result), so the applicant no longer waits for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...i18n import N_, _
from ...model import Process
from ..edit import EditError, parallelize, remove_step
from .common import (
    Proposal,
    Rewrite,
    fresh_id,
    hand_outputs,
    in_process_language,
    label,
    preceding_task,
)

ASSUMES = {
    "forward": N_("the agencies share the case file (one application), so nothing is "
                  "carried"),
    "wait": N_("nothing outside the process ends the wait (no appeal period, no legal "
               "delay)"),
}
OTHER_ASSUMPTION = N_("no rule demands the step and no one uses what it does")
ARCHIVES_LAW = N_("UU 43/2009 on archives (the record must be kept)")

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
            if step.locked("existence") or not step.is_task:
                continue
            # what the step does: as declared, else as the rule read it from the name
            action = step.action or finding.evidence.get("action") or ""
            if finding.evidence.get("move_off_path") or action == "archive":
                yield from self._off_the_path(process, step)
                continue
            heir = preceding_task(process, step_id, step.actor)
            if step.produces and heir is None:
                continue
            try:
                variant = remove_step(hand_outputs(process, step, heir), step_id)
            except EditError:
                continue
            why = _(REASONS.get(action, OTHER_REASON))
            if step.produces and heir is not None:
                why += "; " + _("{step} now hands over what it produced").format(
                    step=label(heir))
            yield Proposal(variant, (step_id,), what=_("Removed {step}").format(step=label(step)),
                           why=why,
                           finding="non-value-step", legal_basis=step.legal_basis,
                           assumption=_(ASSUMES.get(action, OTHER_ASSUMPTION)))

    def _off_the_path(self, process: Process, step) -> Iterator[Proposal]:
        """Archiving runs alongside the next step instead of before it."""
        following = process.successors(step.id)
        if len(following) != 1 or not following[0].is_task:
            return
        after = following[0]
        split = fresh_id(process, f"parallel_{step.id}")
        try:
            variant = parallelize(
                process, [step.id, after.id], split, f"{split}_done",
                split_name=in_process_language(process, N_("Start {count} steps in parallel"))
                .format(count=2),
                join_name=in_process_language(process, N_("{count} parallel steps done"))
                .format(count=2))
        except EditError:
            return
        yield Proposal(
            variant, (step.id, after.id),
            what=_("Moved {step} off the applicant's path, alongside {other}").format(
                step=label(step), other=label(after)),
            why=_("archiving is required by law, so it stays; but the applicant need not "
                  "wait for it, and it can be done while the result is handed over"),
            finding="non-value-step", legal_basis=step.legal_basis or _(ARCHIVES_LAW),
            assumption=_("{other} needs nothing that archiving produces").format(
                other=label(after)))
