"""exchange-data (integration / once-only, bold): stop asking the applicant for documents
the government already holds.

What it does: the applicant no longer brings documents that another agency
issued and holds in a government register (identity card, land title, tax number); one
new step fetches them from the issuing agencies by data exchange right after the
application. A letter from a neighbourhood head or a bank, a notarial deed, and any
document that a step of the process itself issues are never fetched, nor is a document
shown to a notary, a land-deed official or a bank, or at a step that needs the person
there, where the original is checked (see ``bpmodel.analysis.registers``): fetching
replaces the applicant carrying a document, it does not change the order in which
documents must exist.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...analysis.registers import (
    government_held_is_assumed,
    held_by_government,
    shown_outside_government,
)
from ...analysis.wording import mentions
from ...i18n import N_, _, ngettext
from ...model import Actor, Process, Step
from ..edit import EditError, insert_after
from .common import Proposal, Rewrite, applicant_ids, fresh_id, in_process_language

EXCHANGE_ACTOR = "data_exchange"


class ExchangeData(Rewrite):
    name = "exchange-data"
    heuristic = N_("integration (once-only)")
    level = "bold"
    answers = ("government-held-document", "repeated-document-request")

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        applicants = applicant_ids(process)
        held = {d.id for d in process.documents if held_by_government(process, d)
                and not mentions(d.name, "originals")}
        # what an officer checks as the original ("memeriksa dokumen asli") is in their
        # hands, wherever the step stands: a register's copy is not the original
        held -= {d for s in process.steps if s.needs and mentions(s.name, "originals")
                 for d in s.needs}
        outside = [s for s in process.steps if s.needs and shown_outside_government(process, s)]
        asking = [s for s in process.steps if s.actor in applicants and set(s.needs) & held
                  and s not in outside]
        if not asking:
            return
        # a document the applicant carries to a notary before the office asks for it is in
        # the applicant's hands already: the exchange would come after it is needed
        order = {s.id: i for i, s in enumerate(process.steps)}
        held -= {d for s in outside if order[s.id] < order[asking[0].id] for d in s.needs}
        asking = [s for s in asking if set(s.needs) & held]
        if not asking:
            return
        documents = [d for d in process.documents
                     if d.id in held and any(d.id in s.needs for s in asking)]
        doc_ids = {d.id for d in documents}
        steps = tuple(replace(s, needs=tuple(n for n in s.needs if n not in doc_ids))
                      if s in asking else s for s in process.steps)
        actors = process.actors
        actor_id = EXCHANGE_ACTOR
        if not any(a.id == actor_id for a in actors):
            actors = actors + (Actor(actor_id, in_process_language(
                process, N_("Data exchange between agencies")), "system"),)
        names = ", ".join(d.name for d in documents)
        issuers = ", ".join(dict.fromkeys(d.issued_by for d in documents))
        exchange = Step(fresh_id(process, "fetch_documents"),
                        in_process_language(process, N_("Fetch {documents} by data exchange"))
                        .format(documents=names),
                        actor=actor_id, action="check",
                        produces=tuple(d.id for d in documents),
                        description=in_process_language(
                            process, N_("Data exchange with {agencies} (once-only principle)"))
                        .format(agencies=issuers),
                        assumed=("time",))  # taken as instant: no published time
        # right after the application, else right at the start when a step before the
        # applicant's already needs the documents
        starts = [s.id for s in process.start_steps() if s.is_task or s.is_event]
        for anchor in dict.fromkeys([asking[0].id, *starts]):
            try:
                variant = insert_after(process.evolve(steps=steps, actors=actors), anchor,
                                       exchange)
            except EditError:
                continue
            yield self._proposal(variant, asking, exchange, documents, names, issuers, finding)

    @staticmethod
    def _proposal(variant, asking, exchange, documents, names, issuers, finding) -> Proposal:
        assumed = [d.issued_by for d in documents if government_held_is_assumed(d)]
        return Proposal(
            variant, tuple(s.id for s in asking) + (exchange.id,),
            what=_("The applicant no longer brings {documents}").format(documents=names),
            why=ngettext("{agencies} issued and holds them already; asking the applicant again "
                         "breaks the once-only principle, and a data exchange gets them without "
                         "a trip to another office",
                         "{agencies} issued and hold them already; asking the applicant again "
                         "breaks the once-only principle, and a data exchange gets them without "
                         "a trip to another office", len(documents)).format(agencies=issuers),
            finding=finding.rule,
            legal_basis=_("data-sharing agreement between the agencies (needed)"),
            assumption=_("{agencies} taken as government agencies keeping a register (read "
                         "from the issuer's name; no 'government' key)").format(
                agencies=", ".join(dict.fromkeys(assumed))) if assumed else
            _("the issuing agencies' registers can be queried for the case (by the identity "
              "number)"))
