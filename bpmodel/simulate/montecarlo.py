"""Monte Carlo of a process without capacities: how long cases take when no desk is busy.

The process is read as its block tree (:mod:`bpmodel.analysis.blocks`) and every block
is evaluated for all cases at once, with numpy arrays of one entry per case (there is
no Python loop per case; there is one per block, and per round of a rework loop):

- a step takes its ``wait`` plus its ``work``, each drawn from its range
  (:mod:`bpmodel.simulate.distributions`);
- a sequence adds up; a choice sends each case down one branch with the branch's
  probability; a parallel block takes its longest branch *in each case*; an
  inclusive block takes each branch with its own chance, independently, its default
  when no other is taken (or, without a default, draws again until one is), and lasts
  as long as its longest branch taken;
- a loop runs its ``do`` part, then, with probability ``p``, its ``redo`` part and
  ``do`` again, as often as the draws say.

These are the semantics of :mod:`bpmodel.analysis.expectation`, so the mean of the
simulated lead times converges to the expected lead time wherever that one is exact.
Where it is a lower bound (parallel branches that vary: the analysis takes the longest
of the expected times, the simulation the expected longest), the simulation is the
truer figure.

A process that does not reduce to blocks is simulated case by case instead, its tokens
routed through the unreduced core (:mod:`bpmodel.simulate.tokens`).

Each case also records how long each step kept it on its longest branch (its
*critical time*; the critical times of a case add up to its lead time). The steps
whose critical time is much larger in the slowest cases than on average drive the tail.

>>> import bpmodel
>>> result = monte_carlo(bpmodel.load_process(bpmodel.default_process_path()), 20_000, seed=1)
>>> round(float(result.lead_times.mean()) / 362.96, 2)
1.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..analysis.blocks import CHOICE, INCLUSIVE, LOOP, PARALLEL, SEQ, leaves
from ..model import Process
from .basis import generator, reduced
from .distributions import PERT, draw
from .queueing import case_by_case

DEFAULT_CASES = 10_000
DEFAULT_SEED = 1
# Tracking the critical time of every step in every case costs memory: steps x cases
# numbers. Beyond this many, the tail is attributed on a smaller run of its own.
TRACK_BUDGET = 12_000_000


@dataclass(frozen=True, slots=True)
class MonteCarlo:
    """Lead times of simulated cases (working hours), and what each step added to the
    longest branch of each case (``critical``: node -> array, over the cases whose lead
    times are ``critical_lead_times``: those of the run, or of a smaller run of its own;
    None for a process that is not block-structured, simulated case by case)."""

    lead_times: np.ndarray
    critical: dict[int, np.ndarray] | None
    critical_lead_times: np.ndarray
    step_ids: tuple[str, ...]
    step_names: tuple[str, ...]
    seed: int
    distribution: str

    @property
    def cases(self) -> int:
        return int(self.lead_times.size)


def monte_carlo(process: Process, cases: int = DEFAULT_CASES, seed: int = DEFAULT_SEED,
                distribution: str = PERT) -> MonteCarlo:
    """Simulate ``cases`` cases of ``process`` without capacities (see the module doc).

    A process that is not block-structured is simulated case by case, as tokens through
    its core (:mod:`bpmodel.simulate.tokens`): slower, and without the critical times.
    Raises :class:`~bpmodel.analysis.errors.AnalysisError` for an unsound process.
    """
    if cases < 1:
        raise ValueError("the number of cases must be at least 1")
    reduction, graph = reduced(process)
    if not reduction.structured:
        lead = case_by_case(process, cases, seed, distribution)
        return MonteCarlo(lead, None, np.empty(0), tuple(s.id for s in graph.steps),
                          tuple(s.name for s in graph.steps), seed, distribution)
    tree = reduction.tree
    steps = graph.steps
    durations = [(s.wait, s.work) for s in steps]
    nodes = sorted(v for v in leaves(tree) if v < len(steps))
    track_cases = min(cases, max(1000, TRACK_BUDGET // max(1, len(nodes))))
    rng = generator(seed)
    if track_cases == cases:
        lead, critical = _Run(durations, rng, distribution, True).evaluate(tree, cases)
        tracked_lead = lead
    else:
        lead, _ = _Run(durations, rng, distribution, False).evaluate(tree, cases)
        tracked_lead, critical = _Run(durations, generator(seed + 1), distribution,
                                      True).evaluate(tree, track_cases)
    return MonteCarlo(_array(lead, cases),
                      {v: _array(c, track_cases) for v, c in critical.items()},
                      _array(tracked_lead, track_cases),
                      tuple(s.id for s in steps), tuple(s.name for s in steps), seed,
                      distribution)


def _array(value, n: int) -> np.ndarray:
    if isinstance(value, np.ndarray):
        return value
    return np.full(n, float(value))


class _Run:
    """One evaluation of the block tree for ``n`` cases with one random generator; the
    order of the draws is fixed by the tree, so a seed gives the same figures."""

    def __init__(self, durations, rng: np.random.Generator, distribution: str, track: bool):
        self.durations = durations
        self.rng = rng
        self.distribution = distribution
        self.track = track

    def evaluate(self, fragment, n: int):
        """(lead times: an array or a single figure for all cases, critical times)."""
        if fragment is None:
            return 0.0, {}
        if isinstance(fragment, int):
            return self.step(fragment, n)
        tag = fragment[0]
        if tag == SEQ:
            return self.sequence(fragment[1], n)
        if tag == CHOICE:
            return self.choice(fragment[1], fragment[2], n)
        if tag == PARALLEL:
            return self.longest([self.evaluate(part, n) for part in fragment[1]], n)
        if tag == INCLUSIVE:
            return self.inclusive(fragment[1], fragment[2], n)
        if tag == LOOP:
            return self.loop(fragment[1], fragment[2], fragment[3], n)
        raise ValueError(f"unknown block {tag!r}")

    def step(self, v: int, n: int):
        if v >= len(self.durations):  # a virtual gateway: takes no time
            return 0.0, {}
        wait, work = self.durations[v]
        time = draw(wait, n, self.rng, self.distribution) + \
            draw(work, n, self.rng, self.distribution)
        return time, ({v: time} if self.track else {})

    def sequence(self, parts, n: int):
        total: np.ndarray | float = 0.0
        critical: dict = {}
        for part in parts:
            time, more = self.evaluate(part, n)
            total = total + time
            _add(critical, more)
        return total, critical

    def choice(self, probabilities, parts, n: int):
        bounds = np.cumsum(probabilities)
        picked = np.minimum(np.searchsorted(bounds / bounds[-1], self.rng.random(n),
                                            side="right"), len(parts) - 1)
        total = np.zeros(n)
        critical: dict = {}
        for j, part in enumerate(parts):
            if probabilities[j] <= 0:
                continue
            where = np.flatnonzero(picked == j)
            if where.size:
                time, more = self.evaluate(part, where.size)
                total[where] = time
                _scatter(critical, more, where, n)
        return total, critical

    def longest(self, branches, n: int):
        """Parallel branches (time, critical) of all cases: each case waits for its longest."""
        times = np.vstack([np.broadcast_to(t, (n,)) for t, _ in branches])
        total = times.max(axis=0)
        critical: dict = {}
        if self.track:
            longest = times.argmax(axis=0)
            for j, (_, more) in enumerate(branches):
                mask = longest == j
                for v, c in more.items():
                    critical[v] = np.where(mask, c, 0.0) + critical.get(v, 0.0)
        return total, critical

    def inclusive(self, chances, parts, n: int):
        rng = self.rng
        given = [j for j, c in enumerate(chances) if c is not None]
        default = next((j for j, c in enumerate(chances) if c is None), None)
        taken = np.zeros((len(parts), n), dtype=bool)
        for j in given:
            taken[j] = rng.random(n) < chances[j]
        none = ~taken.any(axis=0)
        if default is not None:
            taken[default] = none
        elif any(chances[j] > 0 for j in given):
            # read on the condition that at least one branch is taken: draw again
            while none.any():
                redo = np.flatnonzero(none)
                for j in given:
                    taken[j, redo] = rng.random(redo.size) < chances[j]
                none = ~taken.any(axis=0)
        times = np.full((len(parts), n), -1.0)
        branch_critical = []
        for j, part in enumerate(parts):
            where = np.flatnonzero(taken[j])
            more: dict = {}
            if where.size:
                time, got = self.evaluate(part, where.size)
                times[j, where] = time
                _scatter(more, got, where, n)
            branch_critical.append(more)
        total = np.maximum(times.max(axis=0), 0.0)
        critical: dict = {}
        if self.track:
            longest = times.argmax(axis=0)
            for j, more in enumerate(branch_critical):
                mask = longest == j
                for v, c in more.items():
                    critical[v] = np.where(mask, c, 0.0) + critical.get(v, 0.0)
        return total, critical

    def loop(self, do, redo, p: float, n: int):
        time, critical = self.evaluate(do, n)
        total = np.array(np.broadcast_to(time, (n,)), dtype=float)
        active = np.arange(n)
        while True:
            active = active[self.rng.random(active.size) < p]
            if not active.size:
                return total, critical
            back, more_back = self.evaluate(redo, active.size)
            again, more_again = self.evaluate(do, active.size)
            total[active] += back + again
            _scatter(critical, more_back, active, n)
            _scatter(critical, more_again, active, n)


def _add(critical: dict, more: dict) -> None:
    for v, c in more.items():
        critical[v] = critical[v] + c if v in critical else c


def _scatter(critical: dict, more: dict, where: np.ndarray, n: int) -> None:
    """Add the critical times of a subset of cases (``where``) into those of all ``n``."""
    for v, c in more.items():
        full = critical.get(v)
        if not isinstance(full, np.ndarray) or full.shape != (n,):
            full = np.zeros(n) + (full if full is not None else 0.0)
            critical[v] = full
        full[where] += c  # ``where`` holds each case once
