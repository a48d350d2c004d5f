"""Main's simplify engine and guards as they were before issue 19's optimisation
(main at 5ab64de), kept verbatim as the reference the optimised engine must agree with
exactly (tests/test_engine_reference.py). Do not optimise this file; when main changes
what the engine or the guards decide, change it here the same way."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from itertools import chain
from typing import Any

from bpmodel.analysis.errors import AnalysisError
from bpmodel.analysis.findings import find
from bpmodel.analysis.measures import measure
from bpmodel.analysis.presence import inspection_stages, ordered_pairs, presence_of
from bpmodel.analysis.provenance import assumed_facts
from bpmodel.model import Process, Step
from bpmodel.simplify.changes import Change, gain_between
from bpmodel.simplify.edit import canonical
from bpmodel.simplify.engine import MAX_ROUNDS, Variant, select_rewrites
from bpmodel.simplify.rewrites import Proposal, Rewrite
from bpmodel.validate import reachable_from, structural_diagnostics

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


def _first_acceptable(process: Process, rewrites: list[Rewrite],
                      refused: dict[str, str], level: str = "bold"
                      ) -> tuple[Rewrite, Proposal, dict[str, Any]] | None:
    findings = find(process)
    for rewrite in rewrites:
        proposals = chain(
            (proposal for finding in findings if finding.rule in rewrite.answers
             for proposal in rewrite.propose(process, finding)),
            # patterns a rewrite finds on its own
            rewrite.propose_own(process))
        for proposal in proposals:
            candidate = canonical(proposal.process)
            problems = violations(process, candidate, level)
            if not problems:
                try:  # the last word on soundness: can the variant be measured at all?
                    return rewrite, replace(proposal, process=candidate), measure(candidate)
                except AnalysisError as exc:
                    problems = [exc.message]
            refused.setdefault(proposal.what, problems[0])
    return None


def simplify(process: Process, level: str = "safe", only: Iterable[str] | None = None,
             exclude: Iterable[str] | None = None, rework_reduction: float = 0.5) -> Variant:
    """Simplify ``process`` with the rewrites of ``level`` (``safe`` or ``bold``).

    ``only`` and ``exclude`` name rewrites; ``rework_reduction`` is the share of rework
    an online checklist is assumed to remove.

    >>> import bpmodel
    >>> variant = simplify(bpmodel.load_process(bpmodel.default_process_path()), "bold")
    >>> variant.after["visits"] < variant.before["visits"]
    True
    """
    rewrites = select_rewrites(level, only, exclude, rework_reduction)
    before = measure(process)
    current, current_measures = process, before
    changes: list[Change] = []
    refused: dict[str, str] = {}
    for _ in range(MAX_ROUNDS):
        found = _first_acceptable(current, rewrites, refused, level)
        if found is None:
            break
        rewrite, proposal, next_measures = found
        gain = gain_between(current_measures, next_measures)
        changes.append(Change(
            rewrite=rewrite.name, heuristic=rewrite.heuristic, level=rewrite.level,
            steps=proposal.steps, what=proposal.what, why=proposal.why,
            finding=proposal.finding, legal_basis=proposal.legal_basis,
            assumption=proposal.assumption, instrument=proposal.instrument, gain=gain,
            assumed=tuple(assumed_facts(current, proposal.steps, gain, proposal.rests_on))))
        current, current_measures = proposal.process, next_measures
    applied = {c.what for c in changes}
    unchanged = tuple(f"{what}: not done, {reason}" for what, reason in refused.items()
                      if what not in applied)
    return Variant(process, current, level, tuple(changes), before, current_measures,
                   unchanged)


def rank_rewrites(process: Process, level: str = "bold", rework_reduction: float = 0.5
                  ) -> list[tuple[str, dict[str, float]]]:
    """Each rewrite applied alone to ``process``, with its gain, most days saved first:
    which one reform cuts the most."""
    before = measure(process)
    ranking = []
    for rewrite in select_rewrites(level):
        alone = simplify(process, level, only=[rewrite.name], rework_reduction=rework_reduction)
        if alone.changes:
            ranking.append((rewrite.name, gain_between(before, alone.after)))
    ranking.sort(key=lambda item: (-item[1].get("lead_time_days", 0),
                                   -item[1].get("annual_applicant_hours", 0), item[0]))
    return ranking
