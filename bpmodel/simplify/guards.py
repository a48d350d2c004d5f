"""The guarantees every simplified variant keeps, checked after each rewrite.

- a step marked ``keep`` is never removed or merged;
- a step never starts before the steps that produce what it ``needs``;
- the variant is structurally sound (every step reachable, an end reachable from
  every step, no and-join waiting for a branch a choice never sends, no choice
  merged by an and-gateway).

>>> from bpmodel.model import Flow, Process, Step
>>> p = Process("p", "P", steps=(Step("a", "A", keep=True), Step("b", "B")),
...             flows=(Flow("a", "b"),))
>>> q = p.evolve(steps=(Step("b", "B"),), flows=())
>>> violations(p, q)
["step 'a' is marked keep and must stay as it is"]
"""

from __future__ import annotations

from ..analysis.findings import find
from ..i18n import _
from ..model import Process, Step
from ..validate import reachable_from, structural_diagnostics

BEHAVIOUR_RULES = ["deadlock", "lack-of-synchronization"]


def _kept_intact(original: Step, variant: Process) -> bool:
    if not variant.has_step(original.id):
        return False
    now = variant.step(original.id)
    # what it hands over may grow (it takes over a removed step's output), and where
    # it happens may move online; what it is and who does it stay
    return (now.name, now.actor, now.type, now.kind, now.keep) == (
        original.name, original.actor, original.type, original.kind, original.keep)


def missing_producers(process: Process) -> list[tuple[str, str]]:
    """``(step, document)`` pairs where no producer of the document runs before the step.

    Documents that no step produces come from outside (the applicant brings them)
    and set no order. A producer running in a parallel branch is not "before".
    """
    producers: dict[str, list[str]] = {}
    for step in process.steps:
        for document in step.produces:
            producers.setdefault(document, []).append(step.id)
    problems = []
    for step in process.steps:
        wanted = [d for d in step.needs if d in producers]
        if not wanted:
            continue
        before = reachable_from(process, [step.id], backwards=True) - {step.id}
        for document in wanted:
            if not any(p in before for p in producers[document]):
                problems.append((step.id, document))
    return problems


def violations(original: Process, variant: Process) -> list[str]:
    """What in ``variant`` breaks a guarantee, in words (empty when it is acceptable)."""
    problems = [_("step {step} is marked keep and must stay as it is").format(step=repr(s.id))
                for s in original.steps if s.keep and not _kept_intact(s, variant)]
    already = set(missing_producers(original))
    for step_id, document in missing_producers(variant):
        if (step_id, document) not in already:
            problems.append(_("step {step} would start before {document} is produced").format(
                step=repr(step_id), document=repr(document)))
    problems.extend(d.message for d in structural_diagnostics(variant))
    if not problems:
        problems.extend(f.message for f in find(variant, select=BEHAVIOUR_RULES)
                        if f.rule in BEHAVIOUR_RULES)
    return problems
