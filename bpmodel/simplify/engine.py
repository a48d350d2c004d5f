"""The simplification engine: apply rewrites to a process until none applies.

Each round runs the findings on the current process, offers every finding to
the rewrites that answer it (in catalogue order, then in the order of the
findings), and keeps the first proposal that passes the guards. The result is
a :class:`Variant`: the simplified process and the change log. The engine is
deterministic, and simplifying a variant again at the same level changes nothing.

Work is not repeated: a round runs only the rules the rewrites answer, the guards
work out what the round's process needs once for all its proposals, and the rules
they run on the variant they pass are the next round's findings. The result is the
same as running every rule and every guard from scratch each round
(``tests/test_engine_reference.py`` holds that engine and compares).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any

from ..analysis.errors import AnalysisError
from ..analysis.findings import Finding, enabled_rules, find
from ..analysis.measures import measure
from ..analysis.provenance import assumed_facts
from ..diagnostics import did_you_mean
from ..i18n import _
from ..model import Process
from .changes import Change, gain_between
from .edit import canonical
from .guards import Guards
from .rewrites import REWRITES, Proposal, Rewrite
from .rewrites.reduce_rework import ReduceRework

LEVELS = ("safe", "bold")
MAX_ROUNDS = 500


@dataclass(frozen=True)
class Variant:
    """A simplified process with its change log and the measures before and after."""

    original: Process
    process: Process
    level: str
    changes: tuple[Change, ...]
    before: dict[str, Any]
    after: dict[str, Any]
    unchanged: tuple[str, ...] = ()
    stopped_early: str | None = None      # why the engine stopped before it was done


class SimplifyError(ValueError):
    """A request the engine cannot serve (an unknown rewrite or level)."""


def select_rewrites(level: str = "safe", only: Iterable[str] | None = None,
                    exclude: Iterable[str] | None = None,
                    rework_reduction: float = 0.5) -> list[Rewrite]:
    """The rewrites allowed at ``level``, limited by ``only`` and ``exclude`` (names).

    >>> [r.name for r in select_rewrites("safe", only=["remove-duplicate-step"])]
    ['remove-duplicate-step']
    """
    if level not in LEVELS:
        raise SimplifyError(_("unknown level {level}; use safe or bold").format(
            level=repr(level)))
    if not isinstance(rework_reduction, (int, float)) or isinstance(rework_reduction, bool) \
            or not 0 <= rework_reduction <= 1:
        raise SimplifyError(f"rework_reduction {rework_reduction!r} must be a share between "
                            "0 and 1")
    names = {r.name for r in REWRITES}
    for name in [*(only or ()), *(exclude or ())]:
        if name not in names:
            hint = did_you_mean(name, names) or "; " + _("see `bpmodel rewrites`")
            raise SimplifyError(_("unknown rewrite {name}{hint}").format(name=repr(name),
                                                                         hint=hint))
    allowed = LEVELS[: LEVELS.index(level) + 1]
    chosen = [ReduceRework(rework_reduction) if r.name == ReduceRework.name else r
              for r in REWRITES if r.level in allowed]
    if only:
        chosen = [r for r in chosen if r.name in set(only)]
    if exclude:
        chosen = [r for r in chosen if r.name not in set(exclude)]
    return chosen


def _answered(rewrites: list[Rewrite]) -> list[str]:
    """The rules (enabled by default) whose findings some of ``rewrites`` answer: the
    only findings the engine reads, so the only rules it runs."""
    wanted = {rule for rewrite in rewrites for rule in rewrite.answers}
    return [rule.name for rule, _ in enabled_rules() if rule.name in wanted]


def _findings(process: Process, rules: list[str]) -> list[Finding]:
    # a subset of the rules gives the same findings in the same order (findings are
    # sorted by a key of their own; ties keep the order of the rules)
    return find(process, select=rules) if rules else []


def _first_acceptable(process: Process, rewrites: list[Rewrite],
                      refused: dict[str, str], level: str = "bold",
                      findings: list[Finding] | None = None, guards: Guards | None = None
                      ) -> tuple[Rewrite, Proposal, dict[str, Any], Guards] | None:
    """The first proposal that passes the guards, with its rewrite, the measures of the
    variant and the guards that checked it (they hold the variant's findings)."""
    answered = _answered(rewrites)
    if findings is None:
        findings = _findings(process, answered)
    guards = guards or Guards(process, level, also_find=answered)
    for rewrite in rewrites:
        proposals = chain(
            (proposal for finding in findings if finding.rule in rewrite.answers
             for proposal in rewrite.propose(process, finding)),
            # patterns a rewrite finds on its own
            rewrite.propose_own(process))
        for proposal in proposals:
            candidate = canonical(proposal.process)
            problems = guards.violations(candidate)
            if not problems:
                try:  # the last word on soundness: can the variant be measured at all?
                    return (rewrite, replace(proposal, process=candidate), measure(candidate),
                            guards)
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
    return _simplify(process, level, rewrites, measure(process))


def _simplify(process: Process, level: str, rewrites: list[Rewrite], before: dict[str, Any],
              findings: list[Finding] | None = None, guards: Guards | None = None
              ) -> Variant:
    """The rounds of :func:`simplify`; ``findings`` and ``guards`` of ``process`` may be
    given when they are known already (the first round uses them)."""
    current, current_measures = process, before
    changes: list[Change] = []
    refused: dict[str, str] = {}
    stopped_early = None
    for round_number in range(MAX_ROUNDS + 1):
        found = _first_acceptable(current, rewrites, refused, level, findings, guards)
        if found is None:
            break
        if round_number == MAX_ROUNDS:
            stopped_early = (
                f"the engine stopped after {MAX_ROUNDS} changes, its limit for one run, though "
                "more rewrites apply; simplify the variant again to continue")
            break
        rewrite, proposal, next_measures, checked = found
        # the guards ran the rewrites' rules on the variant they passed: the next round's
        # findings, unless the variant was not the one accepted
        findings, guards = checked.found_of(proposal.process, _answered(rewrites)), None
        gain = gain_between(current_measures, next_measures)
        changes.append(Change(
            rewrite=rewrite.name, heuristic=rewrite.heuristic, level=rewrite.level,
            steps=proposal.steps, what=proposal.what, why=proposal.why,
            finding=proposal.finding, legal_basis=proposal.legal_basis,
            assumption=proposal.assumption, instrument=proposal.instrument, gain=gain,
            assumed=tuple(assumed_facts(current, proposal.steps, gain, proposal.rests_on))))
        current, current_measures = proposal.process, next_measures
    applied = {c.what for c in changes}
    unchanged = tuple(_("{change}: not done, {reason}").format(change=what, reason=reason)
                      for what, reason in refused.items()
                      if what not in applied)
    return Variant(process, current, level, tuple(changes), before, current_measures,
                   unchanged, stopped_early)


def rank_rewrites(process: Process, level: str = "bold", rework_reduction: float = 0.5
                  ) -> list[tuple[str, dict[str, float]]]:
    """Each rewrite applied alone to ``process``, with its gain, most days saved first:
    which one reform cuts the most."""
    before = measure(process)
    rewrites = select_rewrites(level, rework_reduction=rework_reduction)
    # what every rewrite's first round reads of the unchanged process, worked out once
    findings = _findings(process, _answered(rewrites))
    guards = Guards(process, level)
    ranking = []
    for rewrite in rewrites:
        alone = _simplify(process, level, [rewrite], before,
                          [f for f in findings if f.rule in rewrite.answers],
                          guards.finding_also(_answered([rewrite])))
        if alone.changes:
            ranking.append((rewrite.name, gain_between(before, alone.after)))
    ranking.sort(key=lambda item: (-item[1].get("lead_time_days", 0),
                                   -item[1].get("annual_applicant_hours", 0), item[0]))
    return ranking
