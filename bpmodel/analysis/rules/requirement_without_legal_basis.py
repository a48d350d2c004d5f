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
    if facts.steps_where((NAME, "requirement"), _asked_by_action) is None:
        yield from _check_every_step(ctx)  # repeated step ids
        return
    process = ctx.process
    for step in facts.steps_where((NAME, "without"), _without):
        yield _step_without(ctx, step)
    # the tasks that ask documents of the applicant, in process order (requested holds
    # only the steps that ask some, in process order)
    requested = facts.requested
    asking_tasks = [s for s in map(process.step, requested) if s.is_task]
    for document in process.documents:
        if not lacks_legal_basis(document.legal_basis):
            continue
        asking = [s.id for s in asking_tasks if document.id in requested[s.id]]
        if asking:
            yield _document_without(ctx, document, asking)
    # the requirements are the tasks asked for by their action (each step object read
    # once) and the other tasks that ask documents; counted and listed without a pass
    # over every task
    by_action = facts.steps_where((NAME, "requirement"), _asked_by_action)
    by_documents = [s for s in asking_tasks if not _asked_by_action(facts, s)]
    cited = len(facts.steps_where((NAME, "cited"), _cited_requirement)) \
        + sum(_cited(s) for s in by_documents)
    total = len(by_action) + len(by_documents)
    unless = facts.steps_where((NAME, "missing"), _missing_requirement)
    if not unless and not any(_missing(s) for s in by_documents):
        return
    if cited < ctx.options["min_cited"] or cited < ctx.options["min_share"] * total:
        return
    missing = [*unless, *(s for s in by_documents if _missing(s))]
    if len(missing) > len(unless) and unless:  # both kinds: back in process order
        position = facts.position
        missing.sort(key=lambda s: position[s.id])
    for step in missing:
        yield _missing_basis(ctx, step, cited, total)


def _check_every_step(ctx: Context) -> Iterator[Finding]:
    """:func:`check` reading every step by its id (a process with repeated step ids)."""
    facts = ctx.facts
    process = ctx.process
    tasks = [s for s in process.steps if s.is_task]
    for step in tasks:
        if lacks_legal_basis(step.legal_basis) and not step.keep:
            yield _step_without(ctx, step)
    for document in process.documents:
        if not lacks_legal_basis(document.legal_basis):
            continue
        asking = [s.id for s in tasks if document.id in facts.requested.get(s.id, ())]
        if not asking:
            continue
        yield _document_without(ctx, document, asking)
    requirements = [s for s in tasks if _is_requirement(facts, s)]
    cited = [s for s in requirements if _cited(s)]
    missing = [s for s in requirements if _missing(s)]
    if not missing or len(cited) < ctx.options["min_cited"] or \
            len(cited) < ctx.options["min_share"] * len(requirements):
        return
    for step in missing:
        yield _missing_basis(ctx, step, len(cited), len(requirements))


def _step_without(ctx: Context, step) -> Finding:
    return ctx.finding([step.id], _(STEP_WITHOUT).format(
        step=step.id, name=step.name, basis=step.legal_basis), evidence={
        "declared": True, "kind": "step", "document": None,
    }, saving=ctx.facts.removal([step.id]))


def _document_without(ctx: Context, document, asking: list[str]) -> Finding:
    return ctx.finding(asking, _(DOCUMENT_WITHOUT).format(
        document=document.id, name=document.name, basis=document.legal_basis,
        steps=listing(asking)), evidence={
        "declared": True, "kind": "document", "document": document.id,
    }, saving=ctx.facts.saving(documents_requested=float(len(asking))))


def _missing_basis(ctx: Context, step, cited: int, total: int) -> Finding:
    found = ctx.finding([step.id], _(MISSING).format(
        step=step.id, name=step.name, cited=cited, total=total), evidence={
        "declared": False, "kind": "step", "document": None,
    }, saving=ctx.facts.removal([step.id]))
    return replace(found, severity=INFO)


# what the rule asks of one step alone (each step object asked once, see
# Facts.steps_where); the steps have unique ids there, so a step's action by id is its own
def _without(facts, step) -> bool:
    """A task not kept whose legal basis says no rule demands it."""
    return step.is_task and lacks_legal_basis(step.legal_basis) and not step.keep


def _asked_by_action(facts, step) -> bool:
    """A task that is a check, approval, signature or payment by its action."""
    return step.is_task and facts.step_action(step) in _REQUIREMENTS


def _cited(step) -> bool:
    return bool(step.legal_basis) and not lacks_legal_basis(step.legal_basis)


def _missing(step) -> bool:
    return not step.legal_basis and not step.keep


def _cited_requirement(facts, step) -> bool:
    return _asked_by_action(facts, step) and _cited(step)


def _missing_requirement(facts, step) -> bool:
    return _asked_by_action(facts, step) and _missing(step)


def _is_requirement(facts, step) -> bool:
    """Whether the step is something the applicant must go through: a check, approval,
    signature or payment, or a request for documents."""
    return facts.actions[step.id] in _REQUIREMENTS or bool(facts.requested.get(step.id))
