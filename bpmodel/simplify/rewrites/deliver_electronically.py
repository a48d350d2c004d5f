"""deliver-electronically (contact reduction, safe): an electronically signed result is
sent, not collected.

What it does: a visit whose only purpose is to collect a result that is signed
electronically (see ``collection-visit``: TTE, e-signature, QR-verified) becomes
delivery by email, through the portal or OSS. The step stays where it is, after the
signature, and still needs the result, so nothing is delivered before it exists; the
applicant receives it online (``contact: online``) as soon as it is signed (no wait) and
spends at most five minutes opening it. Safe: the document delivered is the same original
(UU 11/2008 art. 5 and 11, PP 71/2019), the order is the same and no rule changes; the
service standard's word on where results are handed over is updated. A step marked
``keep`` keeps its channel; a visit that also needs the person or an object (an oath,
biometrics, an original, a card) is never touched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...analysis.actions import action_of
from ...analysis.reform_facts import is_indonesian, names
from ...analysis.rules.collection_visit import collected_results
from ...i18n import N_, _
from ...model import ZERO, Duration, Process
from ..edit import replace_step
from .common import (
    Proposal,
    Rewrite,
    applicant_ids,
    in_process_language,
    label,
    unlocked_steps,
)

_OPENING = Duration.of(round(5 / 60, 9))  # as a file reads "5min": the variant reads back equal
# The name of the step delivered, in the process's language (in_process_language), and
# the change log's sentences with named placeholders, in the language of the output.
RECEIVE = N_("Receive {results} by email or the portal")
THE_RESULT = N_("the result")
E_DOCUMENT_BASIS = N_("UU 11/2008 on electronic information and transactions (art. 5, 11); "
                      "PP 71/2019")
GENERIC_BASIS = N_("the electronic-signature law that applies (to be named by the legal team)")
UPDATE_ID = N_("an update of the service standard (standar pelayanan): results are delivered "
               "by email, the portal or OSS")
UPDATE = N_("an update of the service standard: results are delivered by email or the portal")
WHAT = N_("Delivered {results} electronically instead of the visit {step}")
WHY = N_("{signers} signs it electronically, so the file sent is the original; the applicant "
         "need not come to collect it")
ASSUMPTION = N_("The applicant gave an email address or has a portal account, and the office "
                "sends the result as soon as it is signed.")


class DeliverElectronically(Rewrite):
    name = "deliver-electronically"
    heuristic = N_("contact reduction (electronic delivery)")
    level = "safe"
    answers = ("collection-visit",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        applicants = applicant_ids(process)
        indonesian = is_indonesian(process)  # Indonesian law applies
        actions = {s.id: (action_of(s, process=process) if s.is_task else None)
                   for s in process.steps}
        for step in unlocked_steps(process, finding.steps, "channel"):
            found = collected_results(process, step, actions,
                                      lambda s: s.actor in applicants)
            if found is None:
                continue
            results, signers = found
            document_names = names(process.document(d).name if process.document(d) else d
                                   for d in results)
            system = next((process.step(s).system for s in signers
                           if process.step(s).system), step.system)
            work = step.work if step.work.hours <= _OPENING.hours else _OPENING
            # the new name follows the process's language; a step marked keep (its channel
            # free) keeps its name as well
            name = step.name if step.keep else in_process_language(process, RECEIVE).format(
                results=document_names or in_process_language(process, THE_RESULT))
            delivered = replace(step, name=name, contact="online", wait=ZERO, work=work,
                                system=system)
            yield Proposal(
                replace_step(process, delivered), (step.id,),
                what=_(WHAT).format(results=document_names or _(THE_RESULT), step=label(step)),
                why=_(WHY).format(signers=names(label(process.step(s)) for s in signers)),
                finding="collection-visit",
                legal_basis=_(E_DOCUMENT_BASIS) if indonesian else _(GENERIC_BASIS),
                instrument=_(UPDATE_ID) if indonesian else _(UPDATE), assumption=_(ASSUMPTION),
                rests_on=tuple(signers))
