"""The simplification engine: apply rewrites to a process until none applies.

Each round runs the findings on the current process, offers every finding to
the rewrites that answer it (in catalogue order, then in the order of the
findings), and keeps the first proposal that passes the guards. The result is
a :class:`Variant`: the simplified process and the change log. The engine is
deterministic, and simplifying a variant again at the same level changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any

from ..analysis.errors import AnalysisError
from ..analysis.findings import find
from ..analysis.measures import measure
from ..analysis.provenance import assumed_facts
from ..diagnostics import did_you_mean
from ..model import Process
from .changes import Change, gain_between
from .edit import canonical
from .guards import violations
from .rewrites import REWRITES, Proposal, Rewrite
from .rewrites.rework import ReduceRework

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
        raise SimplifyError(f"unknown level {level!r}; use safe or bold")
    names = {r.name for r in REWRITES}
    for name in [*(only or ()), *(exclude or ())]:
        if name not in names:
            hint = did_you_mean(name, names) or "; see `bpmodel rewrites`"
            raise SimplifyError(f"unknown rewrite {name!r}{hint}")
    allowed = LEVELS[: LEVELS.index(level) + 1]
    chosen = [ReduceRework(rework_reduction) if r.name == ReduceRework.name else r
              for r in REWRITES if r.level in allowed]
    if only:
        chosen = [r for r in chosen if r.name in set(only)]
    if exclude:
        chosen = [r for r in chosen if r.name not in set(exclude)]
    return chosen


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
            assumed=tuple(assumed_facts(current, proposal.steps, gain))))
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
