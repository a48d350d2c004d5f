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
when it is the provider's, it stays a visit (a payment for the connection is a payment: it
moves online as one). A visit that hands in an original or a thing (its name or a
document it needs names one: "BPKB asli", "sampel produk") stays a visit, and so does a
visit that carries a paper signed by hand to the next office that signs it again (the
Lurah's, then the Camat's): it does not "only show" it. A conversation with the applicant (an
interview, counselling, a briefing: "Wawancara", "bimbingan perkawinan") moves online as a
video call, and the change names what that needs: the rule that demands it must allow one
(its legal basis, when the step cites one), and the call must serve its purpose (the
officer sees the applicant and can verify who speaks).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...analysis.actions import action_of, read_name, step_actions
from ...analysis.presence import (
    asks_for_something,
    carried_in_body,
    is_collection,
    presence_of,
    sits_exam,
)
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
        and not asks_for_something(step) and not is_collection(process, step, inside) \
        and not any(_signed_on_paper(process, d) for d in step.needs)


def _signed_on_paper(process: Process, document: str) -> bool:
    """Whether ``document`` is a paper signed by hand that is signed again: a step that
    signs or approves it produces it outside any system (the Lurah's strengthening of an
    inheritance statement), and another step that signs needs it (the Camat signs the same
    sheet; a ministry's approval of a notarial deed, given online, signs no sheet). The
    administration does not "already have" such a paper, and no channel carries the sheet
    online."""
    if document not in documents_made(process):
        return False
    made = [s for s in process.steps if document in s.produces and not s.system
            and {"sign", "approve"} & set(step_actions(s, process=process))]
    return bool(made) and any(
        document in s.needs and s not in made and "sign" in step_actions(s, process=process)
        for s in process.steps)


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
            elif _may_go_online(process, step):
                texts = _online_texts(process, step)
                if texts is None:
                    continue  # the connection or installation itself: done on the premises
                variant = replace_step(process, replace(step, contact="online"))
                yield Proposal(variant, (step.id,), finding="extra-visit",
                               legal_basis=step.legal_basis, **texts)


def _online_texts(process: Process, step: Step) -> dict[str, str | None] | None:
    """What the change that moves ``step`` online says (what, why, assumption, the
    instrument needed): for the applicant's application for work on the premises, for a
    conversation (a video call), or for any other visit; None for the provider's own work
    on the premises, which stays a visit."""
    if mentions(step.name, "physical_works") and _applies(process, step):
        if not _applicants_trip(process, step):
            return None
        return {"what": _("Moved the applicant's application for {step} online; the work on "
                          "site stays as it is").format(step=label(step)),
                "why": _("the applicant already came in once; applying for the work needs no "
                         "presence and can be done online, while the work itself is still "
                         "done on the premises"),
                "assumption": _("the provider of {step} accepts the application online; its "
                                "work on the premises and the wait for it stay as they "
                                "are").format(step=label(step))}
    if mentions(step.name, "conversations"):
        return {"what": _("Moved {step} online, as a video call").format(step=label(step)),
                "why": _("the applicant already came in once; a conversation needs the "
                         "applicant to be seen and heard, which a video call does without "
                         "another trip"),
                "instrument": _("an amendment of {basis} allowing the conversation by video "
                                "call").format(basis=step.legal_basis) if step.legal_basis else
                _("a rule or service standard allowing the conversation by video call (find "
                  "the rule that demands it in person)"),
                "assumption": _("a video call serves the purpose of {step}: the officer sees "
                                "the applicant and can verify who speaks").format(
                    step=label(step))}
    return {"what": _("Moved {step} online").format(step=label(step)),
            "why": _("the applicant already came in once; this step needs no presence and "
                     "can be done online"),
            "assumption": _("nothing in the name of {step} says it needs anyone in person or "
                            "on site, and no 'presence' is declared").format(step=label(step))
            if step.presence is None else None}


def _applies(process: Process, step: Step) -> bool:
    """Whether a visit that names a connection or an installation applies for it (or is
    the provider's own work): a payment for the connection is a payment, and the change
    says so as for any other visit."""
    return action_of(step, process=process) != "pay"


def _applicants_trip(process: Process, step: Step) -> bool:
    """Whether the step is the applicant's own (their trip to apply), not staff's work."""
    actor = process.actor(step.actor) if step.actor else None
    return actor is not None and actor.is_applicant


def _may_go_online(process: Process, step: Step) -> bool:
    """Not in person, not on site, not a collection of a result, channel not locked, not
    a test the applicant sits, not a hand-in that the next step checks against the
    originals ("dengan aslinya"), and not a hand-in of an original, a thing or a paper
    signed again (:func:`_hands_in_in_body`)."""
    return (presence_of(step) is None
            and not is_collection(process, step, documents_made(process))
            and not step.locked("channel") and not sits_exam(step, action_of(step, process=process),
                                                _applicants_trip(process, step))
            and not _originals_checked_next(process, step)
            and not _hands_in_in_body(process, step))


def _hands_in_in_body(process: Process, step: Step) -> bool:
    """Whether the visit hands in an original or a thing: its name speaks of one ("BPKB
    asli", "sampel produk"), or it needs a document whose name does ("BPKB asli", the book
    the office writes the new owner in; not a copy of one: "Salinan sertifikat tanah yang
    dilegalisasi") or that is a paper signed by hand and signed again (the Lurah's
    strengthening, which the Camat signs next). No channel carries it online."""
    if carried_in_body(step):
        return True
    for document_id in step.needs:
        document = process.document(document_id)
        if document is not None and (
                mentions(document.name, "originals")
                or (mentions(document.name, "physical_items")
                    and "copy" not in read_name(document.name).markers)):
            return True
        if _signed_on_paper(process, document_id):
            return True
    return False


def _originals_checked_next(process: Process, step: Step) -> bool:
    """Whether a task right after the step compares what was handed in with the originals,
    which the applicant must then show in person."""
    return any(after.is_task and mentions(after.name, "originals")
               for after in process.successors(step.id))
