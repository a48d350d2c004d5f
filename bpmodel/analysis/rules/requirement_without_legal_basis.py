"""A letter, stage or document that no rule demands.

What it does
------------
Reports the steps and documents whose ``legal_basis`` says that no rule demands them
(``none``, ``tidak ada``): a cover letter from the village, a recommendation nobody's
regulation asks for, a copy the office wants out of habit. A document marked so is
reported on the steps that ask for it. When a step gives no legal basis at all while at
least ``min_share`` of the process's other requirements (checks, inspections, approvals,
signatures, payments, steps that ask the applicant for documents), and at least
``min_cited`` of them, cite one, the step is reported as ``info``: its basis may only be
missing from the file, so confirm it before acting. Steps marked ``keep`` are never
reported as having no basis.

Why is this bad?
----------------
A public service may only ask what its rules demand: the service standard lists the
requirements and their legal basis (UU 25/2009 on public services, art. 21). A
requirement without one costs the applicant a trip, a fee or a wait, and the office a
step, for nothing the law needs.

Example
-------
::

    documents:
      - {id: domicile, name: Surat keterangan domisili, legal_basis: none}
    steps:
      - {id: letter, name: Minta surat pengantar RT/RW, actor: applicant, contact: visit,
         legal_basis: none}
      - {id: submit, name: Ajukan permohonan, actor: applicant, needs: [domicile]}

Fix
---
Abolish the requirement (task elimination by deregulation): ``abolish-requirement``
(bold) removes the step, or stops asking for the document, and names the instrument to
amend (the service standard or SOP that lists it). Only requirements declared ``none``
are abolished; a missing basis is a question for the legal team first. The saving is
what the step or the request costs.

Answered by the rewrite ``abolish-requirement`` (``bpmodel rewrites
abolish-requirement`` explains it).

Options
-------
``min_share`` (0.75): share of the other requirements that must cite a basis before a
missing one is reported. ``min_cited`` (3): fewest requirements citing a basis.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...i18n import N_, _
from ..findings import (
    FEES,
    INFO,
    TIMES,
    VISIT_COSTS,
    Context,
    Finding,
    blind_to,
    has_contact,
    listing,
)
from ..reform_facts import lacks_legal_basis

NAME = "requirement-without-legal-basis"
CATEGORY = "waste"
SEVERITY = "warning"
OPTIONS = {"min_share": 0.75, "min_cited": 3}
_REQUIREMENTS = ("check", "verify", "inspect", "approve", "sign", "pay", "issue")
# The messages, whole sentences with named placeholders (for translation).
STEP_WITHOUT = N_("{step} ({name}) is demanded by no rule (legal basis: {basis}); abolish "
                  "it and take it out of the service standard.")
DOCUMENT_WITHOUT = N_("{document} ({name}) is demanded by no rule (legal basis: {basis}), "
                      "yet the applicant is asked for it at {steps}; stop asking for it.")
MISSING = N_("{step} ({name}) has no legal basis in this file, while {cited} of the "
             "process's {total} requirements have one; record the rule that demands it, or "
             "check whether any does.")
# the documents asked of the applicant: whether a step has a contact, not which
BLIND = {**blind_to(TIMES, VISIT_COSTS, FEES), "contact": has_contact}


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    tasks = [s for s in process.steps if s.is_task]
    for step in tasks:
        if lacks_legal_basis(step.legal_basis) and not step.keep:
            yield ctx.finding([step.id], _(STEP_WITHOUT).format(
                step=step.id, name=step.name, basis=step.legal_basis), evidence={
                "declared": True, "kind": "step", "document": None,
            }, saving=facts.removal([step.id]))
    for document in process.documents:
        if not lacks_legal_basis(document.legal_basis):
            continue
        asking = [s.id for s in tasks if document.id in facts.requested.get(s.id, ())]
        if not asking:
            continue
        yield ctx.finding(asking, _(DOCUMENT_WITHOUT).format(
            document=document.id, name=document.name, basis=document.legal_basis,
            steps=listing(asking)), evidence={
            "declared": True, "kind": "document", "document": document.id,
        }, saving=facts.saving(documents_requested=float(len(asking))))
    requirements = [s for s in tasks if _is_requirement(facts, s)]
    cited = [s for s in requirements
             if s.legal_basis and not lacks_legal_basis(s.legal_basis)]
    missing = [s for s in requirements if not s.legal_basis and not s.keep]
    if not missing or len(cited) < ctx.options["min_cited"] or \
            len(cited) < ctx.options["min_share"] * len(requirements):
        return
    for step in missing:
        found = ctx.finding([step.id], _(MISSING).format(
            step=step.id, name=step.name, cited=len(cited), total=len(requirements)), evidence={
            "declared": False, "kind": "step", "document": None,
        }, saving=facts.removal([step.id]))
        yield replace(found, severity=INFO)


def _is_requirement(facts, step) -> bool:
    """Whether the step is something the applicant must go through: a check, approval,
    signature or payment, or a request for documents."""
    return facts.actions[step.id] in _REQUIREMENTS or bool(facts.requested.get(step.id))
