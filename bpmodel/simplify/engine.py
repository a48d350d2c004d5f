"""The simplification engine: apply rewrites to a process until none applies.

Each round runs the findings on the current process, offers every finding to
the rewrites that answer it (in catalogue order, then in the order of the
findings), and keeps the first proposal that passes the guards. The result is
a :class:`Variant`: the simplified process and the change log. The engine is
deterministic, and simplifying a variant again at the same level changes nothing.

Work is not repeated: a round runs a rule only when it reaches a rewrite that answers
it (:class:`~bpmodel.analysis.findings.FindingsOnDemand`), the guards work out what the
round's process needs once for all its proposals, the findings begun on the variant they
pass (the behaviour rules) are the next round's, and :func:`simplify_and_rank` takes
from the simplification what the ranking would work out again. The result is the same
as running every rule and every guard from scratch each round
(``tests/test_engine_reference.py`` compares with results recorded before the speed-ups).

A variant that changed only what steps do (a channel, a time, a fee: most changes on a
large process) keeps what its original worked out from the graph alone: the flow graph
and its block reduction (:func:`~bpmodel.analysis.flowgraph.same_frame`), the facts of
order, loops and dominators, the components, the structural checks, the behaviour
rules' (empty) findings and, when its documents are the original's, the facts of order
(:func:`~bpmodel.analysis.components.same_graph`); ``tests/test_engine_sharing.py``
checks each against a fresh computation. The ranking measures each rewrite applied
alone once, at its end (every variant is still checked to be measurable).

A variant whose times are its original's too (a visit moved online) also takes over
its original's path analysis (:class:`~bpmodel.analysis.paths.Timing`): the critical
and best paths, the expected time and runs, and the visit counts combined again only
above the changed steps (:class:`~bpmodel.analysis.expectation.BlockCounts`).

A variant that made two tasks in series one (compose-steps, recognised by
:func:`~bpmodel.analysis.components.series_merge`) keeps its original's structural
soundness, behaviour findings (none) and facts of order (every step keeps its reach);
its components and flow graph are its original's without the second step, and the
ranking knows it can be measured (``tests/test_series_merge.py`` checks each against a
fresh computation).

A round works around the steps its change touched (issue 19, session 7): a variant's flow
indexes are its original's patched where the flows differ (``Process.evolve``); the edits
say what they touched and which two steps they merged (``edit.touched_steps``); the
measures are exact per-step sums updated around the changed steps
(:mod:`~bpmodel.analysis.stepsums`), and a series merge's path analysis is recombined from
its original's block tree (``expectation.BlockValues``) and passes again only the nodes
whose successors changed; rules blind to what a change touched keep their findings
(``BLIND``, ``INCREMENTAL`` in :mod:`bpmodel.analysis.rules`), and what a rule asks of one
step alone is asked once per step object (``Facts.steps_where``); the guards' order of
documents is handed on and checked at the changed steps only
(:mod:`~bpmodel.simplify.documents_order`); compose-steps' pairs in series are updated
around each merge, in the order kept. The edits say where they replaced a step or merged
two (:func:`~bpmodel.analysis.components.changed_pairs`, ``edit.keeps_order``), so the
guards, ``same_graph``, the documents made inside (reduce-visits), a process's gateways
and scopes, and the next round's behaviour findings read the changed steps, not every
step. Each shortcut is compared with a fresh computation in
``tests/test_incremental_*.py``. The cyclic garbage collector is paused while the engine runs, as
for loading and analysis (:mod:`bpmodel.gcpause`): the rounds make many small objects in no
cycle, and walking the live ones again and again cost about a fifth of the time (the peak
memory of a 3,200-step run is the same, 71 MB).

Session 8 took a series merge further: its path analysis keeps each node's chosen flow by
place and passes again, in one walk, only the nodes whose values may change
(``paths._merged_passes``); its flow graph is its original's columns cut at C speed; its
facts (places, actions, ranks, the steps each rule asks of) are its original's less the
second step; rules declare ``MERGE_BLIND``; extra-visit counts the visits before each visit
from the earlier round's when only visits were lost.

What still costs: light scans at C speed per round (copies of indexes, identity scans) and
the renumbering of the flow lists after a merged step, so a round grows slowly with the
process: about 4-6 / 7-10 ms a change at 400 / 3,200 steps; engine plus ranking
0.17-0.26 / 0.31-0.43 / 0.80-1.22 / 2.3-3.2 s at 400 / 800 / 1,600 / 3,200 steps,
2.26-2.42x per doubling in seven runs (``benchmarks/bench_simplify.py``; targets at most
2.5x and 10 s at 3,200 steps: both met).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any

from ..analysis.components import series_merge
from ..analysis.errors import AnalysisError
from ..analysis.findings import FindingsOnDemand, enabled_rules
from ..analysis.measures import measure
from ..analysis.paths import timing
from ..analysis.provenance import assumed_facts
from ..diagnostics import did_you_mean
from ..gcpause import paused_gc
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
        raise SimplifyError(_("rework_reduction {value} must be a share between 0 and 1").format(
            value=repr(rework_reduction)))
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


def _first_acceptable(process: Process, rewrites: list[Rewrite],
                      refused: dict[str, str], level: str = "bold",
                      findings: FindingsOnDemand | None = None, guards: Guards | None = None,
                      measured: Callable[[Process], Any] = measure
                      ) -> tuple[Rewrite, Proposal, Any, Guards] | None:
    """The first proposal that passes the guards, with its rewrite, the measures of the
    variant (what ``measured`` gives: it raises AnalysisError for a variant that cannot
    be measured) and the guards that checked it (they hold the variant's findings).

    A rule runs only when a rewrite that answers it is reached: the findings of a
    subset of the rules are the findings of all of them restricted to that subset, in
    the same order (findings are sorted by a key of their own; ties keep the order of
    the rules), so the rounds that stop at an early rewrite skip the later rules."""
    answered = _answered(rewrites)
    if findings is None:
        findings = FindingsOnDemand(process)
    guards = guards or Guards(process, level, findings)
    for rewrite in rewrites:
        rules = [rule for rule in answered if rule in rewrite.answers]
        proposals = chain(
            (proposal for finding in (findings.of(rules) if rules else ())
             for proposal in rewrite.propose(process, finding)),
            # patterns a rewrite finds on its own
            rewrite.propose_own(process))
        for proposal in proposals:
            candidate = canonical(proposal.process)
            problems = guards.violations(candidate)
            if not problems:
                try:  # the last word on soundness: can the variant be measured at all?
                    return (rewrite, replace(proposal, process=candidate),
                            measured(candidate), guards)
                except AnalysisError as exc:
                    problems = [exc.message]
            refused.setdefault(proposal.what, problems[0])
    return None


@paused_gc()
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


@paused_gc()
def simplify_and_rank(process: Process, level: str = "safe", only: Iterable[str] | None = None,
                      exclude: Iterable[str] | None = None, rework_reduction: float = 0.5
                      ) -> tuple[Variant, list[tuple[str, dict[str, float]]]]:
    """:func:`simplify` and :func:`rank_rewrites` of ``process`` at ``level``, as
    ``bpmodel simplify`` shows them, with the same results as the two calls; the ranking
    reuses what the simplification worked out.

    When every rewrite of the level takes part (no ``only``, no ``exclude``), the first
    rewrite the engine applies, applied alone, makes the same changes as the engine's
    first rounds (until the engine turns to another rewrite, which it does only when
    that one has nothing acceptable left), and the rewrites before it in the catalogue
    have nothing acceptable on ``process`` at all: none of them runs again.

    >>> import bpmodel
    >>> process = bpmodel.load_process(bpmodel.default_process_path())
    >>> variant, ranking = simplify_and_rank(process, "bold")
    >>> variant == simplify(process, "bold"), ranking == rank_rewrites(process, "bold")
    (True, True)
    """
    rewrites = select_rewrites(level, only, exclude, rework_reduction)
    before = measure(process)
    findings = FindingsOnDemand(process)
    guards = Guards(process, level, findings)
    measured: list[dict[str, Any]] = []
    variant = _simplify(process, level, rewrites, before, findings, guards.fresh(), measured)
    ranked = select_rewrites(level, rework_reduction=rework_reduction)
    known: dict[str, dict[str, Any] | None] = {}
    if [r.name for r in rewrites] == [r.name for r in ranked]:
        known = _alone_from_main_run(ranked, variant, measured)
    return variant, _rank(process, level, ranked, before, findings, guards, known)


def _alone_from_main_run(rewrites: list[Rewrite], variant: Variant,
                         measured: list[dict[str, Any]]) -> dict[str, dict[str, Any] | None]:
    """What the main run of all ``rewrites`` says of some rewrites applied alone: the
    measures after them, or None when they change nothing. The rewrites before the
    first one applied had nothing acceptable in the first round; the first one applied
    alone stops where the main run turned to another rewrite (or stopped)."""
    if not variant.changes:
        return {r.name: None for r in rewrites}
    first = variant.changes[0].rewrite
    leading = next((i for i, c in enumerate(variant.changes) if c.rewrite != first),
                   len(variant.changes))
    known: dict[str, dict[str, Any] | None] = {}
    for rewrite in rewrites:
        if rewrite.name == first:
            known[first] = measured[leading - 1]
            break
        known[rewrite.name] = None
    return known


def _simplify(process: Process, level: str, rewrites: list[Rewrite], before: dict[str, Any],
              findings: FindingsOnDemand | None = None, guards: Guards | None = None,
              measured: list[dict[str, Any]] | None = None) -> Variant:
    """The rounds of :func:`simplify`; ``findings`` and ``guards`` of ``process`` may be
    given when they are known already (the first round uses them). The measures after
    each change are appended to ``measured`` when it is given."""
    current, current_measures = process, before
    changes: list[Change] = []
    refused: dict[str, str] = {}
    stopped_early = None
    for round_number in range(MAX_ROUNDS + 1):
        found = _first_acceptable(current, rewrites, refused, level, findings, guards)
        if found is None:
            break
        if round_number == MAX_ROUNDS:
            stopped_early = _(
                "the engine stopped after {count} changes, its limit for one run, though more "
                "rewrites apply; simplify the variant again to continue").format(
                count=MAX_ROUNDS)
            break
        rewrite, proposal, next_measures, checked = found
        # the guards began finding on the variant they passed: the next round's findings;
        # the next round's guards take over what reads alike
        findings = checked.found_of(proposal.process)
        guards = Guards(proposal.process, level, findings, checked)
        gain = gain_between(current_measures, next_measures)
        changes.append(Change(
            rewrite=rewrite.name, heuristic=rewrite.heuristic, level=rewrite.level,
            steps=proposal.steps, what=proposal.what, why=proposal.why,
            finding=proposal.finding, legal_basis=proposal.legal_basis,
            assumption=proposal.assumption, instrument=proposal.instrument, gain=gain,
            assumed=tuple(assumed_facts(current, proposal.steps, gain, proposal.rests_on))))
        if measured is not None:
            measured.append(next_measures)
        current, current_measures = proposal.process, next_measures
    applied = {c.what for c in changes}
    unchanged = tuple(_("{change}: not done, {reason}").format(change=what, reason=reason)
                      for what, reason in refused.items()
                      if what not in applied)
    return Variant(process, current, level, tuple(changes), before, current_measures,
                   unchanged, stopped_early)


def _measurable_after(original: Process) -> Callable[[Process], None]:
    """What raises AnalysisError for a variant of ``original`` (which can be measured)
    that cannot be measured, as :func:`measure` does: only its path analysis
    (:func:`~bpmodel.analysis.paths.timing`) raises. A variant that only made two tasks in
    series one (:func:`~bpmodel.analysis.components.series_merge`) can be measured too
    (every step keeps its reach, no gateway, loop or probability changed): it is not
    worked out again."""
    def measurable(variant: Process) -> None:
        if series_merge(original, variant) is None:
            timing(variant)
    return measurable


def _applied_alone(process: Process, level: str, rewrite: Rewrite,
                   findings: FindingsOnDemand, guards: Guards) -> Process | None:
    """The last variant of the rounds of :func:`_simplify` with ``rewrite`` alone (None
    when it changes nothing): the same changes, without the measures after each one,
    which the ranking does not read (each variant is still checked to be measurable, or
    known to be: see :func:`_measurable_after`)."""
    current, last = process, None
    for _round in range(MAX_ROUNDS):
        found = _first_acceptable(current, [rewrite], {}, level, findings, guards,
                                  _measurable_after(current))
        if found is None:
            break
        _rewrite, proposal, _nothing, checked = found
        findings = checked.found_of(proposal.process)
        guards = Guards(proposal.process, level, findings, checked)
        current = last = proposal.process
    return last


@paused_gc()
def rank_rewrites(process: Process, level: str = "bold", rework_reduction: float = 0.5
                  ) -> list[tuple[str, dict[str, float]]]:
    """Each rewrite applied alone to ``process``, with its gain, most days saved first:
    which one reform cuts the most. (With a simplification of the same process, call
    :func:`simplify_and_rank`: it shares the work.)"""
    rewrites = select_rewrites(level, rework_reduction=rework_reduction)
    # what every rewrite's first round reads of the unchanged process, worked out once
    findings = FindingsOnDemand(process)
    return _rank(process, level, rewrites, measure(process), findings,
                 Guards(process, level, findings), {})


def _rank(process: Process, level: str, rewrites: list[Rewrite], before: dict[str, Any],
          findings: FindingsOnDemand, guards: Guards,
          known: dict[str, dict[str, Any] | None]) -> list[tuple[str, dict[str, float]]]:
    """The ranking of :func:`rank_rewrites`; ``known`` holds the measures after some
    rewrites applied alone (None: they change nothing), which are not run again."""
    ranking = []
    for rewrite in rewrites:
        if rewrite.name in known:
            after = known[rewrite.name]
        else:
            last = _applied_alone(process, level, rewrite, findings, guards.fresh())
            after = measure(last) if last is not None else None
        if after is not None:
            ranking.append((rewrite.name, gain_between(before, after)))
    ranking.sort(key=lambda item: (-item[1].get("lead_time_days", 0),
                                   -item[1].get("annual_applicant_hours", 0), item[0]))
    return ranking
