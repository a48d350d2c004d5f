"""abolish-requirement (task elimination by deregulation, bold): a requirement no rule
demands goes.

What it does: a step whose ``legal_basis`` is ``none`` (a cover letter, a recommendation,
a stage nobody's regulation asks for) is removed, and what it produced stops being asked
for further on; a document marked ``legal_basis: none`` is no longer asked of the
applicant. The change names the instrument to amend: the service standard (standar
pelayanan) or SOP that lists the requirement (UU 25/2009 on public services, art. 21). A
requirement whose basis is only missing from the file is reported, never abolished, and
steps marked ``keep`` are never removed; a product that a kept step needs stops the change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...analysis.reform_facts import is_indonesian, lacks_legal_basis, names
from ...i18n import N_, _
from ...model import Process
from ..edit import EditError, remove_step, replace_step
from .common import Proposal, Rewrite, label, unlocked_steps

# The change log's sentences, with named placeholders (for translation).
SERVICE_STANDARD_BASIS = N_("UU 25/2009 on public services (art. 21: requirements of the "
                            "service standard)")
GENERIC_BASIS = N_("the published service standard: the requirements the office may ask")
AMEND_ID = N_("an amendment of the service standard (standar pelayanan) or SOP that lists it")
AMEND_ID_SOURCE = N_("an amendment of the service standard (standar pelayanan) or SOP that "
                     "lists it ({source})")
AMEND = N_("an amendment of the service standard or procedure that lists it")
AMEND_SOURCE = N_("an amendment of the service standard or procedure that lists it ({source})")
WHAT_STEP = N_("Abolished {step}")
WHY_STEP = N_("no rule demands it (legal basis: {basis})")
WHY_STEP_PRODUCTS = N_("no rule demands it (legal basis: {basis}); what it produced ({products}) "
                       "is no longer asked for")
WHAT_DOCUMENT = N_("Stopped asking for {name} ({document}) at {steps}")
WHY_DOCUMENT = N_("no rule demands it (legal basis: {basis})")
ASSUMPTION_STEP = N_("The legal team confirmed that no regulation, local ones included, demands "
                     "this requirement, as its legal_basis says.")
ASSUMPTION_DOCUMENT = N_("The legal team confirmed that no regulation, local ones included, "
                         "demands this document, as its legal_basis says.")


def _basis(process: Process) -> str:
    return _(SERVICE_STANDARD_BASIS if is_indonesian(process) else GENERIC_BASIS)


def _instrument(process: Process) -> str:
    if is_indonesian(process):
        template = AMEND_ID_SOURCE if process.source else AMEND_ID
    else:
        template = AMEND_SOURCE if process.source else AMEND
    return _(template).format(source=process.source)


def _without_needs(process: Process, documents: set[str], skip: str | None = None
                   ) -> Process | None:
    """The process with ``documents`` taken out of every step's needs; None when a step
    marked keep needs one of them."""
    variant = process
    for step in process.steps:
        dropped = set(step.needs) & documents
        if not dropped or step.id == skip:
            continue
        if step.keep:
            return None
        variant = replace_step(variant, replace(
            variant.step(step.id), needs=tuple(d for d in step.needs if d not in documents)))
    return variant


class AbolishRequirement(Rewrite):
    name = "abolish-requirement"
    heuristic = N_("task elimination (deregulation)")
    level = "bold"
    answers = ("requirement-without-legal-basis",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        evidence = dict(getattr(finding, "evidence", {}))
        if not evidence.get("declared"):
            return  # a basis missing from the file is a question, not a licence to abolish
        if evidence.get("kind") == "document":
            yield from self._document(process, finding, evidence["document"])
            return
        for step in unlocked_steps(process, finding.steps, "existence"):
            if not lacks_legal_basis(step.legal_basis):
                continue
            # what only this step produces is no longer asked for; another maker keeps it
            others = {d for s in process.steps if s.id != step.id for d in s.produces}
            variant = _without_needs(process, set(step.produces) - others, skip=step.id)
            if variant is None:
                continue
            try:
                variant = remove_step(variant, step.id)
            except EditError:
                continue
            products = [process.document(d).name if process.document(d) else d
                        for d in step.produces]
            why = _(WHY_STEP_PRODUCTS if products else WHY_STEP).format(
                basis=step.legal_basis, products=names(products))
            yield Proposal(
                variant, (step.id,), what=_(WHAT_STEP).format(step=label(step)),
                why=why, finding="requirement-without-legal-basis",
                legal_basis=_basis(process), instrument=_instrument(process),
                assumption=_(ASSUMPTION_STEP))

    def _document(self, process: Process, finding, document_id) -> Iterator[Proposal]:
        document = process.document(document_id) if document_id else None
        if document is None or not lacks_legal_basis(document.legal_basis):
            return
        asking = [s for s in finding.steps if process.has_step(s)
                  and document.id in process.step(s).needs]
        if not asking:
            return
        variant = _without_needs(process, {document.id})
        if variant is None:
            return
        yield Proposal(
            variant, tuple(asking),
            what=_(WHAT_DOCUMENT).format(name=document.name, document=document.id,
                                      steps=names(asking)),
            why=_(WHY_DOCUMENT).format(basis=document.legal_basis),
            finding="requirement-without-legal-basis", legal_basis=_basis(process),
            instrument=_instrument(process), assumption=_(ASSUMPTION_DOCUMENT))
