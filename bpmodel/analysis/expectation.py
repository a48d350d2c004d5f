"""Expected values of a process: how often each step runs, the expected lead time, and the
first-time-right counts of visits and contacts.

**Block-structured processes** (the whole process reduces to one block tree, see
:mod:`bpmodel.analysis.blocks`) are evaluated exactly, bottom-up:

- a sequence adds up; a choice weights its branches by their probabilities;
- a loop whose part ``do`` runs and then, with probability ``p``, its part ``redo``
  and ``do`` again, runs ``do`` 1/(1-p) times and ``redo`` p/(1-p) times on average;
- an inclusive block takes each branch with its own chance ``p``, independently,
  and its default when no other is taken; its expected time is that of the longest
  branch taken, from the branches sorted by time;
- a parallel block takes as long as its longest branch. When a branch holds a
  choice or a loop, this is the longest of the branches' *expected* times, a lower
  bound of the expected longest (the standard reduction rule; exact when at most
  one branch varies).

**Unstructured processes**: what does not reduce is a small *core* whose nodes and
flows carry the blocks reduced so far. On the core, how often each node runs
follows from linear flow equations (each node runs as often as tokens reach it;
an ``and`` join once per token on each of its flows), solved strongly connected
component by component: this is the expected number of visits of a Markov chain,
exact for any arrangement of choices and loops. The expected time follows the
same equations with each token's expected arrival time (a choice mixes the
arrival times; an ``and`` join takes the latest; inside a loop, which flow is the
latest is found by policy iteration). On processes without inclusive blocks this
gives exactly what the block tree gives (the tests check both ways on generated
processes). Approximations, only in a core: an ``or`` join that is not the end of
its own block runs as often as its busiest flow and waits for its latest one
(inside a loop, it behaves as an ``xor`` join); an end reached from several
branches is read as exclusive ends when their flows add up to one run, else as
parallel ones; the Doing Business stagger is not applied between the core's own
branches (it is within the blocks, and on the critical path).

Whatever the method, a step that would run more than ``MAX_RUNS`` times per case
is an endless loop in practice and is refused.

Before that, the core is checked for deadlocks: in a sound process every flow
into an ``and`` join carries the same number of tokens in every run, so their
expected numbers are equal *for any branch probabilities*. The equations are solved
once more with random probabilities at every choice; unequal flows into an ``and``
join mean that some run leaves it waiting for a branch that never comes (two
different patterns of choices give different expectations almost surely: a
polynomial identity test). An endless loop shows as equations without a
non-negative solution.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from itertools import combinations, compress, count
from math import isfinite, prod
from operator import add, is_not

from ..graph import depth_first, immediate_dominators, strong_components
from .blocks import (
    CHOICE,
    INCLUSIVE,
    PARALLEL,
    SEQ,
    Fragment,
    Reduction,
    children,
    leaves,
)
from .errors import AnalysisError, name_steps
from .flowgraph import AND, ANY, OR, FlowGraph

_EXACT_INCLUSIVE = 12  # branches of an inclusive block whose staggered subsets are enumerated
_TOLERANCE = 1e-7
_POLICY_ROUNDS = 50
MAX_RUNS = 1e6  # more runs of a step per case than this is an endless loop in practice
_SEED = 20150101


@dataclass(frozen=True, slots=True)
class Leaves:
    """What the evaluation needs of each step, by node number: its time (in the clock's
    unit), whether a simultaneous branch beginning with it starts a day later (None: look
    further), and its counts (visits, contacts, ...: all of the same length)."""

    times: Sequence[float]
    staggered: Sequence[bool | None]
    counts: Sequence[tuple[int, ...]]

    @property
    def width(self) -> int:
        return len(self.counts[0]) if self.counts else 0


@dataclass(frozen=True, slots=True)
class Expectation:
    """Expected lead time (clock units), expected runs per node, first-time-right counts.

    ``runs[v]`` is how often node ``v`` runs on average per case; ``method`` says how
    the figures were found: ``exact`` (block-structured) or ``flow equations``.
    """

    expected: float
    runs: tuple[float, ...]
    first_time_right: tuple[int, ...]
    method: str
    core_size: int = 0


# -- combining blocks ------------------------------------------------------------------------

def _any_start(starts: Sequence[bool | None]) -> bool | None:
    if any(starts):
        return True
    if all(s is None for s in starts):
        return None
    return False


def staggered_max(values: Sequence[float], starts: Sequence[bool | None],
                  stagger: float) -> float:
    """The time of simultaneous branches: the longest, where the staggered ones start one
    after another (longest first, which gives the shortest total).

    >>> staggered_max([1.0, 1.0], [True, True], 1.0), staggered_max([30.0, 7.0], [True, True], 1.0)
    (2.0, 30.0)
    """
    if not stagger:
        return max(values)
    plain = [v for v, s in zip(values, starts, strict=True) if not s]
    later = sorted((v for v, s in zip(values, starts, strict=True) if s), reverse=True)
    return max([*plain, *(v + i * stagger for i, v in enumerate(later))])


def inclusive_expected(chances: Sequence[float], values: Sequence[float],
                       starts: Sequence[bool | None], default: float | None,
                       stagger: float = 0.0) -> float:
    """Expected time of an inclusive block: branches with their own chances, taken
    independently; ``default`` (the default branch's time, or None when there is none)
    is taken when no other is; without one, the block is read on the condition that at
    least one branch is taken.

    >>> inclusive_expected([0.6, 0.5], [18.0, 26.0], [False, False], 0.0)
    18.4
    """
    none_taken = prod(1.0 - c for c in chances)
    norm = 1.0 if default is not None else 1.0 - none_taken
    tail = default * none_taken if default is not None else 0.0
    if stagger and any(starts) and len(chances) <= _EXACT_INCLUSIVE:
        total = tail
        k = len(chances)
        for size in range(1, k + 1):
            for subset in combinations(range(k), size):
                chosen = set(subset)
                chance = prod(chances[i] if i in chosen else 1.0 - chances[i] for i in range(k))
                if chance > 0:
                    total += chance * staggered_max([values[i] for i in subset],
                                                    [starts[i] for i in subset], stagger)
        return total / norm
    total, none_before = tail, 1.0
    for chance, value in sorted(zip(chances, values, strict=True), key=lambda cv: -cv[1]):
        total += value * chance * none_before
        none_before *= 1.0 - chance
    return total / norm


def _max_counts(vectors: Sequence[tuple[int, ...]], width: int) -> tuple[int, ...]:
    if not vectors:
        return (0,) * width
    return tuple(max(column) for column in zip(*vectors, strict=True))


def _sum_counts(vectors: Sequence[tuple[int, ...]], width: int) -> tuple[int, ...]:
    if not vectors:
        return (0,) * width
    return tuple(sum(column) for column in zip(*vectors, strict=True))


# (expected time, start, first-time-right counts) of a fragment
_Value = tuple[float, "bool | None", tuple[int, ...]]


def _combine(fragment: tuple, values: list[_Value], stagger: float, width: int) -> _Value:
    tag = fragment[0]
    expected = [v[0] for v in values]
    starts = [v[1] for v in values]
    counts = [v[2] for v in values]
    if tag == SEQ:
        return (sum(expected), next((s for s in starts if s is not None), None),
                _sum_counts(counts, width))
    if tag == CHOICE:
        probabilities = fragment[1]
        possible = [i for i, p in enumerate(probabilities) if p > 0] or range(len(values))
        mean = sum(p * e for p, e in zip(probabilities, expected, strict=True))
        return mean, _any_start(starts), _max_counts([counts[i] for i in possible], width)
    if tag == PARALLEL:
        return (staggered_max(expected, starts, stagger), _any_start(starts),
                _sum_counts(counts, width))
    if tag == INCLUSIVE:
        chances = fragment[1]
        taken = [i for i, c in enumerate(chances) if c is not None and c > 0]
        default = next((i for i, c in enumerate(chances) if c is None), None)
        none_taken = prod(1.0 - c for c in chances if c is not None)
        value = inclusive_expected([chances[i] for i in taken], [expected[i] for i in taken],
                                   [starts[i] for i in taken],
                                   None if default is None else expected[default], stagger)
        options = [_sum_counts([counts[i] for i in taken], width)]
        if default is not None and none_taken > 0:
            options.append(counts[default])
        return value, _any_start(starts), _max_counts(options, width)
    # LOOP: do, redo, p
    p = fragment[3]
    (do_e, do_start, do_counts), (redo_e, _, _) = values
    return (do_e + p * redo_e) / (1.0 - p), do_start, do_counts


def evaluate(fragment: Fragment, leaves: Leaves, stagger: float = 0.0) -> _Value:
    """The expected time, start and first-time-right counts of a fragment.

    Iterative (any depth). Only blocks go on the stack; steps are read from the
    columns of ``leaves`` where their block is combined, and a sequence is added up in
    place, which keeps a large process from making an object per step.
    """
    width = leaves.width
    times, staggered, counts = leaves.times, leaves.staggered, leaves.counts
    zero = (0,) * width
    empty: _Value = (0.0, None, zero)
    if fragment is None:
        return empty
    if isinstance(fragment, int):
        return times[fragment], staggered[fragment], counts[fragment]
    results: list[_Value] = []
    stack: list[tuple[tuple, bool]] = [(fragment, False)]
    while stack:
        f, ready = stack.pop()
        parts = children(f)
        if not ready:
            stack.append((f, True))
            stack.extend((c, False) for c in reversed(parts) if type(c) is tuple)
            continue
        blocks = sum(type(c) is tuple for c in parts)
        done = iter(results[len(results) - blocks:])
        del results[len(results) - blocks:]
        if f[0] == SEQ:
            total, start, tally = 0.0, None, zero
            for c in parts:
                if c is None:
                    continue
                if type(c) is tuple:
                    value, first, more = next(done)
                else:
                    value, first, more = times[c], staggered[c], counts[c]
                total += value
                if start is None:
                    start = first
                if more is not zero and any(more):
                    tally = more if tally is zero else tuple(map(add, tally, more))
            results.append((total, start, tally))
            continue
        values = [next(done) if type(c) is tuple else empty if c is None
                  else (times[c], staggered[c], counts[c]) for c in parts]
        results.append(_combine(f, values, stagger, width))
    return results[0]


def _block_counts(fragment: tuple, parts: list[tuple[int, ...]], width: int) -> tuple[int, ...]:
    """The first-time-right counts of a block from those of its parts, as :func:`evaluate`
    combines them (integers: the order of the additions does not matter)."""
    tag = fragment[0]
    if tag in (SEQ, PARALLEL):
        return _sum_counts(parts, width)
    if tag == CHOICE:
        possible = [i for i, p in enumerate(fragment[1]) if p > 0] or range(len(parts))
        return _max_counts([parts[i] for i in possible], width)
    if tag == INCLUSIVE:
        chances = fragment[1]
        taken = [i for i, c in enumerate(chances) if c is not None and c > 0]
        default = next((i for i, c in enumerate(chances) if c is None), None)
        none_taken = prod(1.0 - c for c in chances if c is not None)
        options = [_sum_counts([parts[i] for i in taken], width)]
        if default is not None and none_taken > 0:
            options.append(parts[default])
        return _max_counts(options, width)
    return parts[0]  # a loop counts its first run of ``do``


def _place_blocks(tree: tuple, parent: dict[int, tuple | None],
                  depth: dict[int, int]) -> list[tuple]:
    """Fill ``parent`` (each block by id, each step by its complement ``~node``: no clash
    with ids) and ``depth`` of every block of ``tree``; return the blocks, each before
    the blocks inside it."""
    order: list[tuple] = []
    stack: list[tuple[tuple, tuple | None, int]] = [(tree, None, 0)]
    while stack:
        f, above, level = stack.pop()
        parent[id(f)], depth[id(f)] = above, level
        order.append(f)
        for c in children(f):
            if type(c) is tuple:
                stack.append((c, f, level + 1))
            elif c is not None:
                parent[~c] = f
    return order


def _blocks_above(leaves, parent: dict[int, tuple | None],
                  depth: dict[int, int]) -> list[tuple]:
    """The blocks above the steps ``leaves`` (placed by :func:`_place_blocks`), each once,
    the deepest first: the order in which to combine them again."""
    dirty: dict[int, tuple] = {}
    for v in leaves:
        f = parent.get(~v)
        while f is not None and id(f) not in dirty:
            dirty[id(f)] = f
            f = parent[id(f)]
    return sorted(dirty.values(), key=lambda f: -depth[id(f)])


class BlockCounts:
    """The first-time-right counts of every block of a block tree for one set of step
    counts, kept so that the counts of other step counts on the same tree (a variant
    that moved a visit online) are found by combining again only the blocks above the
    steps whose counts changed: O(depth x degree) instead of a pass over the tree.

    >>> from bpmodel.analysis.blocks import SEQ, CHOICE
    >>> tree = (SEQ, (0, (CHOICE, (0.5, 0.5), (1, 2)), 3))
    >>> one = BlockCounts.of(tree, [(1,), (0,), (1,), (0,)])
    >>> one.total, one.with_counts([(1,), (0,), (0,), (1,)]).total
    ((2,), (2,))
    """

    __slots__ = ("tree", "width", "step_counts", "parent", "depth", "block")

    @classmethod
    def of(cls, tree: Fragment, step_counts: Sequence[tuple[int, ...]]) -> BlockCounts:
        """The counts of every block of ``tree`` (worked out bottom-up, once)."""
        self = cls.__new__(cls)
        self.tree, self.step_counts = tree, step_counts
        self.width = len(step_counts[0]) if step_counts else 0
        # where each step (by node) and each block (by id) sits, and how deep
        self.parent: dict[int, tuple | None] = {}
        self.depth: dict[int, int] = {}
        self.block: dict[int, tuple[int, ...]] = {}
        if type(tree) is not tuple:
            return self
        for f in reversed(_place_blocks(tree, self.parent, self.depth)):  # inner blocks first
            self.block[id(f)] = self._combine(f)
        return self

    def _combine(self, f: tuple) -> tuple[int, ...]:
        zero = (0,) * self.width
        parts = [self.block[id(c)] if type(c) is tuple else zero if c is None
                 else self.step_counts[c] for c in children(f)]
        return _block_counts(f, parts, self.width)

    @property
    def total(self) -> tuple[int, ...]:
        """The counts of the whole tree."""
        tree = self.tree
        if tree is None:
            return (0,) * self.width
        if type(tree) is not tuple:
            return self.step_counts[tree]
        return self.block[id(tree)]

    def with_counts(self, step_counts: Sequence[tuple[int, ...]]) -> BlockCounts:
        """The counts of the same tree for other step counts (as many steps)."""
        other = copy(self)
        other.step_counts = step_counts
        old = self.step_counts
        if len(old) != len(step_counts):
            raise ValueError("the counts of another tree")
        # the counts that are other objects, then those of them that differ (mostly a
        # variant's counts are its original's, the same tuples but for the changed steps)
        changed = [v for v in compress(count(), map(is_not, old, step_counts))
                   if old[v] != step_counts[v]]
        if not changed or type(self.tree) is not tuple:
            return other
        other.block = dict(self.block)
        for f in _blocks_above(changed, self.parent, self.depth):
            other.block[id(f)] = other._combine(f)
        return other


class BlockValues:
    """The expected time, start and first-time-right counts of every block of a block
    tree for one set of leaf values, kept so that the values for other leaf values
    (a variant that changed a few steps) are found by combining again only the blocks
    above the changed leaves, each as :func:`evaluate` combines it: the same operations
    in the same order on the same values, so the result is the one :func:`evaluate`
    gives, bit for bit.

    A leaf whose value is ``(0.0, None, zero counts)`` adds nothing to any block: that
    is how a step taken out of a sequence is left in the tree (a sequence adds 0.0, a
    choice, a parallel or an inclusive block reads an empty part as 0.0 and zero counts);
    without a stagger, the starts are not read.

    >>> from bpmodel.analysis.blocks import SEQ, CHOICE
    >>> tree = (SEQ, (0, (CHOICE, (0.5, 0.5), (1, 2)), 3))
    >>> leaves = Leaves([1.0, 2.0, 4.0, 8.0], [None] * 4, [(1,), (0,), (1,), (0,)])
    >>> one = BlockValues.of(tree, leaves)
    >>> one.total == evaluate(tree, leaves)
    True
    >>> other = one.with_leaves({2: (6.0, None, (0,))})
    >>> other.total[0], other.total[2]
    (13.0, (1,))
    """

    __slots__ = ("tree", "leaves", "stagger", "width", "zero", "changed", "parent", "depth",
                 "block")

    @classmethod
    def of(cls, tree: Fragment, leaves: Leaves, stagger: float = 0.0) -> BlockValues:
        """The values of every block of ``tree`` (worked out bottom-up, once)."""
        self = cls.__new__(cls)
        self.tree, self.leaves, self.stagger = tree, leaves, stagger
        self.width = leaves.width
        self.zero = (0,) * self.width
        self.changed: dict[int, _Value] = {}  # leaves whose values are not ``leaves``'
        self.parent: dict[int, tuple | None] = {}
        self.depth: dict[int, int] = {}
        self.block: dict[int, _Value] = {}
        if type(tree) is not tuple:
            return self
        for f in reversed(_place_blocks(tree, self.parent, self.depth)):  # inner blocks first
            self.block[id(f)] = self._combine(f)
        return self

    def _leaf(self, v: int) -> _Value:
        value = self.changed.get(v)
        if value is not None:
            return value
        leaves = self.leaves
        return leaves.times[v], leaves.staggered[v], leaves.counts[v]

    def _combine(self, f: tuple) -> _Value:
        block, zero = self.block, self.zero
        if f[0] == SEQ:  # as :func:`evaluate` adds up a sequence
            total, start, tally = 0.0, None, zero
            for c in f[1]:
                if c is None:
                    continue
                value, first, more = block[id(c)] if type(c) is tuple else self._leaf(c)
                total += value
                if start is None:
                    start = first
                if more is not zero and any(more):
                    tally = more if tally is zero else tuple(map(add, tally, more))
            return total, start, tally
        empty: _Value = (0.0, None, zero)
        values = [block[id(c)] if type(c) is tuple else empty if c is None else self._leaf(c)
                  for c in children(f)]
        return _combine(f, values, self.stagger, self.width)

    @property
    def total(self) -> _Value:
        """The value of the whole tree (what :func:`evaluate` gives)."""
        tree = self.tree
        if tree is None:
            return 0.0, None, self.zero
        if type(tree) is not tuple:
            return self._leaf(tree)
        return self.block[id(tree)]

    def with_leaves(self, values: dict[int, _Value]) -> BlockValues:
        """The values of the same tree with the leaves in ``values`` changed."""
        other = copy(self)
        other.changed = {**self.changed, **values}
        if type(self.tree) is not tuple:
            return other
        other.block = dict(self.block)
        for f in _blocks_above(values, self.parent, self.depth):
            other.block[id(f)] = other._combine(f)
        return other


def add_runs(fragment: Fragment, times: float, runs: list[float]) -> None:
    """Set ``runs[v]``, how often each step of ``fragment`` runs when it runs ``times``
    (every step is in one place of the tree, so each is set once)."""
    stack: list[tuple[Fragment, float]] = [(fragment, times)]
    while stack:
        f, m = stack.pop()
        if f is None:
            continue
        if type(f) is not tuple:
            runs[f] = m
            continue
        tag = f[0]
        if tag in (SEQ, PARALLEL):
            for c in f[1]:
                if type(c) is tuple:
                    stack.append((c, m))
                elif c is not None:
                    runs[c] = m
        elif tag == CHOICE:
            stack.extend((c, m * p) for p, c in zip(f[1], f[2], strict=True))
        elif tag == INCLUSIVE:
            chances = f[1]
            none_taken = prod(1.0 - c for c in chances if c is not None)
            norm = 1.0 if None in chances else 1.0 - none_taken
            stack.extend((c, m * (none_taken if p is None else p) / norm)
                         for p, c in zip(chances, f[2], strict=True))
        else:
            p = f[3]
            stack.append((f[1], m / (1.0 - p)))
            stack.append((f[2], m * p / (1.0 - p)))


# -- the whole process -----------------------------------------------------------------------

def expect(graph: FlowGraph, reduction: Reduction, leaves: Leaves,
           stagger: float = 0.0) -> Expectation:
    """Expected lead time, runs per step and first-time-right counts (see the module doc)."""
    runs = [0.0] * graph.size
    if reduction.structured:
        expected, _, counts = evaluate(reduction.tree, leaves, stagger)
        add_runs(reduction.tree, 1.0, runs)
        method, core_size = "exact", 0
    else:
        core = _Core(graph, reduction, leaves, stagger)
        core.check_deadlocks()
        x = core.solve_runs(core.weight)
        expected = core.solve_time(x)
        counts = core.first_time_right(x)
        for i, fragment in enumerate(core.node_fragment):
            add_runs(fragment, x[i], runs)
        for e in range(len(core.src)):
            add_runs(core.edge_fragment[e], x[core.src[e]] * core.weight[e], runs)
        method, core_size = "flow equations", len(core.nodes) - 2
    runs = runs[:graph.n]
    check_rounds(graph, runs, expected)
    return Expectation(expected, tuple(runs), counts, method, core_size)


def check_rounds(graph: FlowGraph, runs: Sequence[float], expected: float) -> None:
    """Refuse loops that repeat so often that the expected figures mean nothing."""
    worst = max(runs, default=0.0)
    if worst <= MAX_RUNS and isfinite(expected):
        return
    steps = [graph.steps[v].id for v, r in enumerate(runs) if not r <= MAX_RUNS]
    raise AnalysisError(
        f"endless loop in practice: steps {name_steps(steps)} would repeat more than "
        f"{MAX_RUNS:,.0f} times per case on average, so the expected figures mean nothing; "
        f"check the probabilities of the flows that go back", steps)


class _Core:
    """The unreduced part of a process, renumbered: nodes 0..k-1 (0 the source), edges 0..m-1."""

    def __init__(self, graph: FlowGraph, r: Reduction, leaves: Leaves, stagger: float):
        self.graph = graph
        self.nodes = r.nodes
        local = {v: i for i, v in enumerate(r.nodes)}
        self.source, self.sink = local[r.source], local[r.sink]
        self.node_fragment = [r.node_fragment[v] for v in r.nodes]
        self.join = [r.join[v] for v in r.nodes]
        self.split = [r.split[v] for v in r.nodes]
        self.src = [local[r.src[e]] for e in r.edges]
        self.dst = [local[r.dst[e]] for e in r.edges]
        self.weight = [r.weight[e] for e in r.edges]
        self.chance = [r.chance[e] for e in r.edges]
        self.edge_fragment = [r.edge_fragment[e] for e in r.edges]
        k = len(self.nodes)
        self.out: list[list[int]] = [[] for _ in range(k)]
        self.inc: list[list[int]] = [[] for _ in range(k)]
        for e, (u, w) in enumerate(zip(self.src, self.dst, strict=True)):
            self.out[u].append(e)
            self.inc[w].append(e)
        node_values = [evaluate(f, leaves, stagger) for f in self.node_fragment]
        edge_values = [evaluate(f, leaves, stagger) for f in self.edge_fragment]
        self.node_time = [v[0] for v in node_values]
        self.edge_time = [v[0] for v in edge_values]
        self.node_counts = [v[2] for v in node_values]
        self.edge_counts = [v[2] for v in edge_values]
        self.width = leaves.width
        self.components = self._components()

    def names(self, i: int) -> list[str]:
        return [self.graph.ids[v] for v in leaves(self.node_fragment[i])]

    # -- strongly connected components, in topological order ------------------------------
    def _components(self) -> list[list[int]]:
        return strong_components([[self.dst[e] for e in edges] for edges in self.out])

    def _cyclic(self, component: list[int]) -> bool:
        if len(component) > 1:
            return True
        v = component[0]
        return any(self.src[e] == v for e in self.inc[v])

    # -- how often each node runs ---------------------------------------------------------
    def solve_runs(self, weight: list[float]) -> list[float]:
        x = [0.0] * len(self.nodes)
        for component in self.components:
            if not self._cyclic(component):
                v = component[0]
                if v == self.source:
                    x[v] = 1.0
                    continue
                flows = [x[self.src[e]] * weight[e] for e in self.inc[v]]
                if self.join[v] == AND:
                    x[v] = sum(flows) / len(flows)
                elif self.join[v] == OR:
                    x[v] = max(flows)
                else:
                    x[v] = sum(flows)
                continue
            members = set(component)
            rows: dict[int, dict[int, float]] = {}
            rhs: dict[int, float] = {}
            for v in component:
                share = 1.0 / len(self.inc[v]) if self.join[v] == AND else 1.0
                row = {v: 1.0}
                constant = 0.0
                for e in self.inc[v]:
                    u = self.src[e]
                    if u in members:
                        row[u] = row.get(u, 0.0) - share * weight[e]
                    else:
                        constant += share * weight[e] * x[u]
                rows[v], rhs[v] = row, constant
            for v, value in _solve(rows, rhs, component, self).items():
                x[v] = value
        return x

    def check_deadlocks(self) -> None:
        rng = random.Random(_SEED)
        weight = list(self.weight)
        for v in range(len(self.nodes)):
            edges = self.out[v]
            if len(edges) < 2:
                continue
            if self.split[v] == OR:
                chances = {e: (self.chance[e] if self.chance[e] in (None, 0.0, 1.0)
                               else rng.uniform(0.2, 0.8)) for e in edges}
                none_taken = prod(1.0 - c for c in chances.values() if c is not None)
                for e in edges:
                    weight[e] = none_taken if chances[e] is None else chances[e]
            elif self.split[v] != AND:
                raw = {e: (rng.uniform(0.5, 2.0) if self.weight[e] > 0 else 0.0) for e in edges}
                total = sum(raw.values()) or 1.0
                for e in edges:
                    weight[e] = raw[e] / total
        x = self.solve_runs(weight)
        for v in range(len(self.nodes)):
            if self.join[v] != AND or len(self.inc[v]) < 2:
                continue
            flows = [x[self.src[e]] * weight[e] for e in self.inc[v]]
            if max(flows) - min(flows) > _TOLERANCE * max(max(flows), 1.0):
                joined = self.names(v) or ["(a join)"]
                waiting = sorted({s for e in self.inc[v] for s in self._last_steps(e)})
                raise AnalysisError(
                    f"deadlock: the and gateway {joined[0]!r} waits for all of its incoming "
                    f"branches (from {name_steps(waiting)}), but a choice or an event earlier "
                    f"on may send the case down only some of them, so it can wait forever",
                    [joined[0], *waiting])

    def _last_steps(self, e: int) -> list[str]:
        """The last step before edge ``e`` (looking back through virtual gateways)."""
        for _ in range(len(self.nodes)):
            found = [self.graph.ids[v] for v in leaves(self.edge_fragment[e])][-1:] or \
                [self.graph.ids[v] for v in leaves(self.node_fragment[self.src[e]])][-1:]
            if found or not self.inc[self.src[e]]:
                return found
            e = self.inc[self.src[e]][0]
        return []

    # -- expected time --------------------------------------------------------------------
    def solve_time(self, x: list[float]) -> float:
        mass = [0.0] * len(self.nodes)  # runs x expected finish time
        finish = [0.0] * len(self.nodes)

        def arrivals(v: int) -> list[tuple[float, float]]:
            """(flow, expected arrival time) of each incoming edge that carries tokens."""
            out = []
            for e in self.inc[v]:
                u = self.src[e]
                flow = x[u] * self.weight[e]
                if flow > 0:
                    out.append((flow, finish[u] + self.edge_time[e]))
            return out

        for component in self.components:
            if not self._cyclic(component):
                v = component[0]
                if v == self.source:
                    finish[v] = self.node_time[v]
                    mass[v] = finish[v]
                    continue
                incoming = arrivals(v)
                if not incoming or x[v] <= 0:
                    continue
                total = sum(f for f, _ in incoming)
                exclusive = self.join[v] not in (AND, OR, ANY) or (
                    self.join[v] == ANY and abs(total - x[self.source]) <= _TOLERANCE)
                if exclusive:
                    start = sum(f * t for f, t in incoming) / total
                else:
                    start = max(t for _, t in incoming)
                finish[v] = start + self.node_time[v]
                mass[v] = x[v] * finish[v]
                continue
            self._time_in_loop(component, x, mass, finish)
        return finish[self.sink]

    def _time_in_loop(self, component: list[int], x: list[float], mass: list[float],
                      finish: list[float]) -> None:
        """Expected finish times in a strongly connected component: linear equations in the
        time mass, where each ``and`` join takes the flow that arrives last. Which flow that
        is depends on the solution, so it is found by policy iteration: solve with a guess
        (at first, the mean of the flows), take the latest flow of each join under that
        solution, and solve again until the choice stays the same."""
        members = set(component)
        latest: dict[int, int | None] = {v: None for v in component if self.join[v] == AND}
        for _ in range(_POLICY_ROUNDS):
            rows: dict[int, dict[int, float]] = {}
            rhs: dict[int, float] = {}
            for v in component:
                row = {v: 1.0}
                constant = x[v] * self.node_time[v]
                edges = [e for e in self.inc[v] if x[self.src[e]] > 0]
                if latest.get(v) is not None:
                    edges = [latest[v]]
                for e in edges:
                    u = self.src[e]
                    if self.join[v] == AND:
                        coefficient = x[v] / (len(edges) * x[u])
                    else:
                        coefficient = self.weight[e]
                    constant += coefficient * x[u] * self.edge_time[e]
                    if u in members:
                        row[u] = row.get(u, 0.0) - coefficient
                    else:
                        constant += coefficient * mass[u]
                rows[v], rhs[v] = row, constant
            for v, value in _solve(rows, rhs, component, self).items():
                mass[v] = value
                finish[v] = value / x[v] if x[v] > 0 else 0.0
            choice = {v: max((e for e in self.inc[v] if x[self.src[e]] > 0),
                             key=lambda e: finish[self.src[e]] + self.edge_time[e],
                             default=None)
                      for v in latest}
            if choice == latest:
                return
            latest = choice

    # -- first time right -----------------------------------------------------------------
    def first_time_right(self, x: list[float]) -> tuple[int, ...]:
        search = depth_first(self.out, [self.source], target=self.dst)
        back = search.back_flags(len(self.dst))
        order = search.post_order[::-1]
        forward = [[self.dst[e] for e in edges if not back[e]] for edges in self.out]
        # the search's post-order is one of the graph without its back edges too
        dominator = immediate_dominators(forward, self.source, search.post_order).idom
        value: dict[int, tuple[int, ...]] = {}
        zero = (0,) * self.width
        for v in order:
            incoming = [(e, value[self.src[e]]) for e in self.inc[v]
                        if not back[e] and self.src[e] in value and self.weight[e] > 0]
            if v == self.source:
                arriving = zero
            elif not incoming:
                continue
            else:
                candidates = [tuple(a + b for a, b in zip(val, self.edge_counts[e], strict=True))
                              for e, val in incoming]
                total = sum(x[self.src[e]] * self.weight[e] for e, _ in incoming)
                exclusive = self.join[v] not in (AND, OR, ANY) or (
                    self.join[v] == ANY and abs(total - x[self.source]) <= _TOLERANCE)
                if exclusive or len(candidates) == 1:
                    arriving = _max_counts(candidates, self.width)
                else:
                    base = value.get(dominator[v], zero)
                    arriving = tuple(b + sum(c[i] - b for c in candidates)
                                     for i, b in enumerate(base))
            value[v] = tuple(a + b for a, b in zip(arriving, self.node_counts[v], strict=True))
        return value.get(self.sink, zero)


def _solve(rows: dict[int, dict[int, float]], rhs: dict[int, float], order: list[int],
           core: _Core) -> dict[int, float]:
    """Solve the sparse linear system ``rows . y = rhs`` by Gaussian elimination in ``order``.

    Raises AnalysisError when it has no finite non-negative solution: the loop is endless.
    """
    rows = {v: dict(r) for v, r in rows.items()}
    rhs = dict(rhs)
    position = {v: i for i, v in enumerate(order)}
    for pivot in order:
        row = rows[pivot]
        here = position[pivot]
        pending = [position[c] for c in row if position[c] < here]
        heapq.heapify(pending)
        while pending:
            col = order[heapq.heappop(pending)]
            factor = row.pop(col, 0.0)
            if not factor:
                continue
            for other, value in rows[col].items():
                if other not in row and position[other] < here:
                    heapq.heappush(pending, position[other])
                row[other] = row.get(other, 0.0) - factor * value
            rhs[pivot] -= factor * rhs[col]
        head = row.pop(pivot, 0.0)
        if abs(head) < 1e-12:
            _endless(order, core)
        for col in row:
            row[col] /= head
        rhs[pivot] /= head
    done = order
    solution: dict[int, float] = {}
    for pivot in reversed(done):
        value = rhs[pivot] - sum(c * solution[col] for col, c in rows[pivot].items())
        if not isfinite(value) or value < -_TOLERANCE:
            _endless(order, core)
        solution[pivot] = max(value, 0.0)
    return solution


def _endless(component: list[int], core: _Core) -> None:
    steps = [s for v in component for s in core.names(v)]
    raise AnalysisError(f"endless loop: steps {name_steps(steps)} repeat without end (the "
                        f"chance of going round again is 1, or branches that run in parallel "
                        f"multiply, or the chance is so close to 1 that the rounds cannot be "
                        f"counted)", steps)
