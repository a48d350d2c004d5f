"""The guarantees every simplified variant keeps, checked after each rewrite.

- a step marked ``keep`` is never removed or merged, and keeps what ``keep`` locks: its
  actor, its agency and its channel (``keep: true`` locks all of them);
- a step that needs someone in person or happens on site never moves online or to the
  phone (see :mod:`bpmodel.analysis.presence`), whatever ``keep`` says, and inspections of
  different construction stages are never made one visit;
- a step never starts before the steps that produce what it ``needs``, and a step that
  needed a document made inside the process still comes after its maker when the document
  is fetched for it instead;
- the order of every pair whose order is a fact stays: a check, inspection or payment
  before the decision or signature resting on it, and the issuing of a result before its
  collection, hand-over or delivery;
- the variant is structurally sound (every step reachable, an end reachable from
  every step, no and-join waiting for a branch a choice never sends, no choice
  merged by an and-gateway).

>>> from bpmodel.model import Flow, Process, Step
>>> p = Process("p", "P", steps=(Step("a", "A", keep=True), Step("b", "B")),
...             flows=(Flow("a", "b"),))
>>> q = p.evolve(steps=(Step("b", "B"),), flows=())
>>> violations(p, q)
["step 'a' is marked keep and must stay as it is"]
>>> r = Process("r", "R", steps=(Step("s", "Site inspection", contact="visit"),))
>>> violations(r, r.evolve(steps=(Step("s", "Site inspection", contact="online"),)))
["step 's' happens on site and cannot move online"]
"""

from __future__ import annotations

from ..analysis.findings import find
from ..analysis.presence import inspection_stages, ordered_pairs, presence_of
from ..model import Process, Step
from ..validate import reachable_from, structural_diagnostics

BEHAVIOUR_RULES = ["deadlock", "lack-of-synchronization"]
REMOTE = ("online", "phone")
KEEP_STAYS = "step {step} is marked keep and must stay as it is"


def _agency(process: Process, actor_id: str | None) -> str | None:
    actor = process.actor(actor_id)
    return actor.agency if actor else None


def keep_problems(original: Step, before: Process, variant: Process) -> list[str]:
    """What the variant changed of a step marked ``keep`` that ``keep`` locks."""
    if not variant.has_step(original.id):
        return [KEEP_STAYS.format(step=repr(original.id))]
    now = variant.step(original.id)
    if (now.name, now.type, now.kind, now.keep, now.locks) != (
            original.name, original.type, original.kind, original.keep, original.locks):
        return [KEEP_STAYS.format(step=repr(original.id))]
    problems = []
    if original.locked("actor") and now.actor != original.actor:
        problems.append(f"step {original.id!r} is marked keep: its actor must stay "
                        f"{original.actor!r}")
    if original.locked("agency") and \
            _agency(variant, now.actor) != _agency(before, original.actor):
        agency = _agency(before, original.actor)
        problems.append(f"step {original.id!r} is marked keep: its agency must stay {agency!r}")
    if original.locked("channel") and now.contact != original.contact:
        problems.append("step {step} is marked keep: its channel must stay {channel}".format(
            step=repr(original.id), channel=repr(original.contact or "as it is")))
    return problems


def presence_problems(original: Process, variant: Process) -> list[str]:
    """Steps that need someone in person or happen on site and were moved online."""
    problems = []
    for step in original.steps:
        presence = presence_of(step)
        if presence is None or not variant.has_step(step.id):
            continue
        now = variant.step(step.id)
        if now.contact in REMOTE and now.contact != step.contact:
            message = ("step {step} needs someone in person and cannot move {channel}"
                       if presence == "in-person" else
                       "step {step} happens on site and cannot move {channel}")
            problems.append(message.format(step=repr(step.id), channel=now.contact))
    return problems


def stage_problems(original: Process, variant: Process) -> list[str]:
    """Steps on site, new or renamed by the variant, that combine inspections of different
    construction stages: each stage is its own visit, when the building is at that stage."""
    problems = []
    for step in variant.steps:
        if not step.is_task or (original.has_step(step.id)
                                and original.step(step.id).name == step.name):
            continue
        stages = inspection_stages(step)
        if len(stages) > 1 and presence_of(step) == "on-site":
            problems.append("step {step} would inspect at different construction stages "
                            "({stages}) in one visit".format(step=repr(step.id),
                                                             stages=", ".join(stages)))
    return problems


def missing_producers(process: Process) -> list[tuple[str, str]]:
    """``(step, document)`` pairs where no producer of the document runs before the step.

    Documents that no step produces come from outside (the applicant brings them)
    and set no order. A producer running in a parallel branch is not "before".
    """
    return _unproduced(process, {s.id: s.needs for s in process.steps})


def _unproduced(process: Process, needs: dict[str, tuple[str, ...]],
                made_by: Process | None = None) -> list[tuple[str, str]]:
    """Like :func:`missing_producers` for the given ``needs``; with ``made_by`` (the
    original), a document the original's steps make counts as made only by those steps
    (or the steps they handed it to), never by a new step that merely fetches it."""
    made_inside = {d for s in made_by.steps for d in s.produces} if made_by else set()
    producers: dict[str, list[str]] = {}
    for step in process.steps:
        for document in step.produces:
            if document in made_inside and not made_by.has_step(step.id):
                continue
            producers.setdefault(document, []).append(step.id)
    problems = []
    for step_id, documents in needs.items():
        wanted = [d for d in documents if d in producers]
        if not wanted or not process.has_step(step_id):
            continue
        before = reachable_from(process, [step_id], backwards=True) - {step_id}
        for document in wanted:
            if not any(p in before for p in producers[document]):
                problems.append((step_id, document))
    return problems


def order_problems(original: Process, variant: Process) -> list[str]:
    """Documents needed before they exist, and facts of order (a check before the decision
    on it, an issuance before its collection) the variant no longer keeps."""
    problems = []
    already = set(missing_producers(original))
    made_inside = {d for s in original.steps for d in s.produces}
    # what each step needed of documents made inside the process, even if the variant
    # fetches them for it now: the order in which they must exist stays
    needed = {s.id: tuple(dict.fromkeys(
        (*(d for d in s.needs if d in made_inside),
         *(variant.step(s.id).needs if variant.has_step(s.id) else ()))))
        for s in original.steps}
    needed.update({s.id: s.needs for s in variant.steps if s.id not in needed})
    for step_id, document in _unproduced(variant, needed, made_by=original):
        if (step_id, document) not in already:
            problems.append(f"step {step_id!r} would start before {document!r} is produced")
    for earlier, later in sorted(ordered_pairs(original)):
        if not (variant.has_step(earlier) and variant.has_step(later)):
            continue
        if earlier not in reachable_from(variant, [later], backwards=True):
            problems.append(f"step {later!r} would no longer come after {earlier!r}, whose "
                            f"result it rests on")
    return problems


def rule_problems(original: Process, variant: Process) -> list[str]:
    """Steps a rule demands (``legal_basis``) that the variant removes while no remaining
    step answers to that rule: a rule change, which ``safe`` never makes."""
    remaining = {b.strip().lower() for s in variant.steps if s.legal_basis
                 for b in s.legal_basis.split(";")}
    problems = []
    for step in original.steps:
        if step.legal_basis and not variant.has_step(step.id) and not all(
                b.strip().lower() in remaining for b in step.legal_basis.split(";")):
            problems.append(f"step {step.id!r} is demanded by {step.legal_basis}; removing it "
                            f"changes a rule, which the safe level never does")
    return problems


def violations(original: Process, variant: Process, level: str | None = None) -> list[str]:
    """What in ``variant`` breaks a guarantee, in words (empty when it is acceptable).
    At ``level="safe"`` a variant also changes no rule."""
    problems = [p for s in original.steps if s.keep
                for p in keep_problems(s, original, variant)]
    problems.extend(presence_problems(original, variant))
    problems.extend(stage_problems(original, variant))
    if level == "safe":
        problems.extend(rule_problems(original, variant))
    problems.extend(order_problems(original, variant))
    problems.extend(d.message for d in structural_diagnostics(variant))
    if not problems:
        problems.extend(f.message for f in find(variant, select=BEHAVIOUR_RULES)
                        if f.rule in BEHAVIOUR_RULES)
    return problems
