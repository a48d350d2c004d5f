"""delegate-signature (empowerment, bold): the signature moves down to the level the law
requires.

What it does: a step signed by a higher official than the law requires (its declared
``signatory``, or, inferred conservatively, a permit signed by the regent, mayor or
governor where the head of the one-stop shop may sign it under Perpres 97/2014) is given
to the signatory. The step stays (its name, its place, what it needs and produces); only
who signs changes. The change names the instrument the delegation needs (a Perbup or
Perwal on pendelegasian kewenangan perizinan, or a delegation decree) and assumes no rule
reserves the signature to the official in person. A step marked ``keep`` keeps its
signer. The wait before the signature is kept as recorded: how long the new signatory's
tray takes is not known.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from ...analysis.reform_facts import (
    PTSP_BASIS,
    delegation_instrument,
    inferred_signatory,
    is_indonesian,
)
from ...i18n import N_, _
from ...model import Process
from ..edit import replace_step
from .common import Proposal, Rewrite, label, unlocked_steps

# The change log's sentences, with named placeholders (for translation).
WHAT = N_("Delegated the signature of {step} from {signer} to {signatory}")
WHY_DECLARED = N_("{signatory} may sign it under delegation, as the process declares; the file "
                  "no longer travels up to {signer} and back")
WHY_INFERRED = N_("{signatory} may sign it under delegation ({basis}); the file no longer "
                  "travels up to {signer} and back")
ASSUMPTION = N_("No rule reserves this signature to {signer} in person; the wait before it is "
                "kept as recorded because the new signatory's tray time is not known.")
DELEGATION_ID = N_("UU 30/2014 on government administration (delegation)")
DELEGATION_ELSEWHERE = N_("the rule that lets {signer} delegate (to be named by the legal team)")


class DelegateSignature(Rewrite):
    name = "delegate-signature"
    heuristic = N_("empowerment (delegation of authority)")
    level = "bold"
    answers = ("signature-above-required-level",)

    def propose(self, process: Process, finding) -> Iterator[Proposal]:
        for step in unlocked_steps(process, finding.steps, "actor", "agency"):
            declared = step.signatory is not None
            signatory = (process.actor(step.signatory) if declared
                         else inferred_signatory(process, step))
            signer = process.actor(step.actor)
            if signatory is None or signatory.id == step.actor or signatory.kind != "staff":
                continue
            instrument = delegation_instrument(signer)
            who = signer.name if signer else (step.actor or "nobody")
            delegation = (_(DELEGATION_ID) if is_indonesian(process)
                          else _(DELEGATION_ELSEWHERE).format(signer=who))
            basis = "; ".join(filter(None, (step.legal_basis, None if declared
                                            else _(PTSP_BASIS), delegation)))
            variant = replace_step(process, replace(step, actor=signatory.id))
            why = WHY_DECLARED if declared else WHY_INFERRED
            yield Proposal(
                variant, (step.id,),
                what=_(WHAT).format(step=label(step), signer=who, signatory=signatory.name),
                why=_(why).format(signatory=signatory.name, signer=who, basis=_(PTSP_BASIS)),
                finding="signature-above-required-level", legal_basis=basis,
                instrument=instrument, assumption=_(ASSUMPTION).format(signer=who))
