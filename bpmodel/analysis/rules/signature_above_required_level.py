"""A signature given at a higher level than the law requires.

What it does
------------
Finds signing or approving steps done by a higher official than the one the law lets sign
them. Where a step declares ``signatory`` (the actor at the lowest level the law lets sign
it, by delegation) and another actor signs, it is reported. Without ``signatory`` it is
inferred only when the words leave no doubt: the regent, mayor or governor in person
signs a permit or licence (``izin``, ``PBG``, ``IMB``, ``SLF``, ``permit``, ``licence``)
and the process has exactly one head of the one-stop shop (``Kepala DPMPTSP``, ``Head of
PTSP``), whom Perpres 97/2014 on PTSP lets sign permits under delegation. An inferred
finding is ``info`` and says that it is inferred; when unsure, nothing is reported.

Why is this bad?
----------------
The higher the signature, the longer the tray and the further the file travels: from the
one-stop shop to the regent's office and back, through the regional secretary. The law
lets the regional head delegate licensing (Perpres 97/2014, UU 30/2014 on government
administration), so the detour is a habit, not a requirement.

Example
-------
::

    actors:
      - {id: head, name: Kepala DPMPTSP, agency: DPMPTSP}
      - {id: regent, name: Bupati, agency: Sekretariat Daerah}
    steps:
      - {id: sign, name: Tanda tangan izin, actor: regent, action: sign}

Fix
---
Delegate the signature (empowerment): ``delegate-signature`` moves the step to the
signatory and names the instrument a delegation needs (a Perbup or Perwal on
pendelegasian kewenangan perizinan, or a delegation decree). A step marked ``keep`` stays
as it is: its actor is locked. The saving is the hand-offs to the higher office.

Answered by the rewrite ``delegate-signature`` (``bpmodel rewrites delegate-signature``
explains it).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...i18n import N_, _
from ..findings import INFO, Context, Finding
from ..reform_facts import PTSP_BASIS, delegation_instrument, inferred_signatory

NAME = "signature-above-required-level"
CATEGORY = "waste"
SEVERITY = "warning"
OPTIONS: dict = {}
# The messages, whole sentences with named placeholders (for translation).
DECLARED = N_("{step} ({name}) is signed by {signer}, but the process declares that "
              "{signatory} may sign it; delegate the signature by {instrument}.")
INFERRED = N_("{step} ({name}) is a permit signed by {signer} in person; under {basis} "
              "{signatory} may sign it, once {instrument} is in force (inferred from the "
              "names: declare signatory to confirm).")
KEPT = N_("The step is marked keep, so simplification leaves its signer as it is.")


def check(ctx: Context) -> Iterator[Finding]:
    facts = ctx.facts
    process = ctx.process
    signed = facts.steps_where(NAME, _may_be_delegated)
    for step in process.steps if signed is None else signed:
        if not step.is_task:
            continue
        declared = step.signatory is not None
        if declared:
            signatory = process.actor(step.signatory)
            if step.signatory == step.actor:
                continue
        elif facts.actions[step.id] == "sign":
            signatory = inferred_signatory(process, step)
        else:
            continue
        if signatory is None or signatory.kind != "staff":
            continue  # unknown, or not an official (an applicant or a system cannot sign)
        signer = process.actor(step.actor)
        instrument = delegation_instrument(signer)
        basis = step.legal_basis if declared else _(PTSP_BASIS)
        message = _(DECLARED if declared else INFERRED).format(
            step=step.id, name=step.name, signer=facts.who(step), signatory=signatory.name,
            basis=basis, instrument=instrument)
        locked = step.locked("actor") or step.locked("agency")
        if locked:
            message = f"{message} {_(KEPT)}"
        found = ctx.finding([step.id], message, evidence={
            "signer": step.actor,
            "signatory": signatory.id,
            "declared": declared,
            "instrument": instrument,
            "legal_basis": basis,
            "keep": locked,
        }, saving=_saving(facts, step, signatory))
        yield found if declared else replace(found, severity=INFO)


def _may_be_delegated(facts, step) -> bool:
    """What :func:`check` asks of a step alone before it looks at the signatory (checked
    again there): a task with a signatory not its actor, or a task that signs (each step
    object asked once, see :meth:`Facts.steps_where`)."""
    if not step.is_task:
        return False
    if step.signatory is not None:
        return step.signatory != step.actor
    return facts.step_action(step) == "sign"


def _saving(facts, step, signatory):
    """The hand-offs between agencies into and out of the step that go when the signatory
    signs instead (per case)."""
    old, new = facts.agency(step), signatory.agency
    if old is None or new is None or old == new:
        return facts.saving()
    process = facts.process
    neighbours = [facts.agency(s) for s in process.predecessors(step.id) if s.is_task]
    neighbours += [facts.agency(process.step(t)) for t in facts.next_tasks(step.id)]
    known = [a for a in neighbours if a]
    fewer = sum(a != old for a in known) - sum(a != new for a in known)
    return facts.saving(handoffs=max(fewer, 0) * facts.runs.get(step.id, 0.0))
