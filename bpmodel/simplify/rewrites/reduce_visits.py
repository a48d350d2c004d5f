"""reduce-visits (contact reduction, bold): fewer trips to an office for the applicant.

What it does: a visit that only shows something the administration already holds
(a payment receipt the bank's system has) is dropped; a visit that applies for a permit
or registers something is the request itself, never dropped; any other extra visit is
moved online. The first visit, where the case starts, stays as it is. A step that needs
someone in person (a deed before a notary, an oath, fingerprints) or happens on site, a
collection of a result (electronic delivery is its own reform) and a step whose ``keep``
locks its channel are never moved online, nor is a hand-in that the next step checks
against the originals ("dengan aslinya"), which must be shown in person. Work on the
premises (a water or power connection, an installation) never moves online: when the
step is the applicant's, only their application for it does, and the change says so;
when it is the provider's, it stays a visit.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...analysis.actions import action_of
from ...analysis.presence import asks_for_something, is_collection, presence_of, sits_exam
from ...analysis.wording import mentions
from ...i18n import N_, _
from ...model import Process, Step
from ..documents_order import documents_made
from ..edit import EditError, remove_step, replace_step
from .common import Proposal, Rewrite, label


def _only_shows(process: Process, step: Step) -> bool:
    """The step hands over (submits) only what the process itself produced, and produces
    nothing: showing a receipt, not collecting a permit, nor applying for one or
    registering (the request itself). (The documents made inside are those of
    :func:`~bpmodel.simplify.documents_order.documents_made`, handed on between rounds.)"""
    if not step.needs:
        return False
    inside = documents_made(process)
    # handing over the result is not showing it
    return set(step.needs) <= inside and not step.produces \
        and action_of(step, process=process) == "submit" and not step.fee \
        and not asks_for_something(step) and not is_collection(process, step, inside)


class ReduceVisits(Rewrite):
    name = "reduce-visits"
    heuristic = N_("contact reduction")
    level = "bold"
    answers = ("extra-visit",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        first = next((s.id for s in process.steps if s.contact == "visit"), None)
        for step_id in finding.steps:
            if not process.has_step(step_id) or step_id == first:
                continue
            step = process.step(step_id)
            if step.contact != "visit":
                continue
            if _only_shows(process, step) and not step.keep and presence_of(step) is None:
                try:
                    variant = remove_step(process, step.id)
                except EditError:
                    continue
                shown = ", ".join(process.document(d).name if process.document(d) else d
                                  for d in step.needs)
                yield Proposal(variant, (step.id,),
                               what=_("Dropped the visit {step}").format(step=label(step)),
                               why=_("it only shows {documents}, which the administration "
                                     "already has from an earlier step; the office checks it "
                                     "there").format(documents=shown),
                               finding="extra-visit", legal_basis=step.legal_basis,
                               assumption=_("the office can see {documents} where it was made "
                                            "(the issuer reports it to the office)").format(
                                   documents=shown))
            elif _may_go_online(process, step) and mentions(step.name, "physical_works"):
                if not _applicants_trip(process, step):
                    continue  # the connection or installation itself: done on the premises
                variant = replace_step(process, replace(step, contact="online"))
                yield Proposal(variant, (step.id,),
                               what=_("Moved the applicant's application for {step} online; "
                                      "the work on site stays as it is").format(
                                   step=label(step)),
                               why=_("the applicant already came in once; applying for the "
                                     "work needs no presence and can be done online, while "
                                     "the work itself is still done on the premises"),
                               finding="extra-visit", legal_basis=step.legal_basis,
                               assumption=_("the provider of {step} accepts the application "
                                            "online; its work on the premises and the wait "
                                            "for it stay as they are").format(
                                   step=label(step)))
            elif _may_go_online(process, step):
                variant = replace_step(process, replace(step, contact="online"))
                yield Proposal(variant, (step.id,),
                               what=_("Moved {step} online").format(step=label(step)),
                               why=_("the applicant already came in once; this step needs no "
                                     "presence and can be done online"),
                               finding="extra-visit", legal_basis=step.legal_basis,
                               assumption=_("nothing in the name of {step} says it needs anyone "
                                            "in person or on site, and no 'presence' is "
                                            "declared").format(step=label(step))
                               if step.presence is None else None)


def _applicants_trip(process: Process, step: Step) -> bool:
    """Whether the step is the applicant's own (their trip to apply), not staff's work."""
    actor = process.actor(step.actor) if step.actor else None
    return actor is not None and actor.is_applicant


def _may_go_online(process: Process, step: Step) -> bool:
    """Not in person, not on site, not a collection of a result, channel not locked, not
    a test the applicant sits, and not a hand-in that the next step checks against the
    originals ("dengan aslinya")."""
    return (presence_of(step) is None
            and not is_collection(process, step, documents_made(process))
            and not step.locked("channel") and not sits_exam(step, action_of(step, process=process),
                                                _applicants_trip(process, step))
            and not _originals_checked_next(process, step))


def _originals_checked_next(process: Process, step: Step) -> bool:
    """Whether a task right after the step compares what was handed in with the originals,
    which the applicant must then show in person."""
    return any(after.is_task and mentions(after.name, "originals")
               for after in process.successors(step.id))
