"""Long paths: the critical path, the best and the expected lead time, the longest path in
steps, and the bottlenecks.

Times add up step by step: a step takes its ``wait`` (before it starts) plus its
``work``; gateways and events take their ``wait`` (a timer). All algorithms are
linear in the number of steps and flows; no path is ever enumerated.

- **Critical path** (``lead_time``): the worst case, first time right. The flows
  that close a loop (the back edges of a depth-first search from the start) are
  set aside, so rework is not repeated; on the acyclic rest, one backward pass
  gives every step the longest time from it to the end: a parallel split (and the
  branches of an ``or`` split, all taken) waits for its longest branch, an
  exclusive split takes its longest branch with a chance above 0.
- **Best time**: the same pass taking the shortest branch of every choice (an
  ``or`` split takes its surest branches, or else its shortest single branch), and
  still the longest branch of a parallel split. Only ends that deliver count: an end
  that turns the application down (see :mod:`bpmodel.analysis.outcomes`) is no best
  case, unless every end does.
- **Expected lead time**: with branch probabilities and rework loops; see
  :mod:`bpmodel.analysis.expectation` (exact for block-structured processes).
- **Longest path in steps**: the most tasks on any way through, loops not repeated.
- **Bottlenecks**: the steps on the critical path that take longest, with their
  share of the lead time and whether that is mostly waiting or work.

Under the Doing Business convention (``convention="doing-business"``, see
:mod:`bpmodel.analysis.convention`) times are calendar days with the one-day
minimum per procedure and consecutive starts of simultaneous procedures; the
``hours`` figures are then those calendar days expressed in working hours.

>>> import bpmodel
>>> process = bpmodel.load_process(bpmodel.default_process_path())
>>> path = critical_path(process)
>>> path.hours, path.days
(341.0, 42.625)
>>> "env_review" in path.steps, "verify_land_tech" in path.steps
(False, True)
>>> round(expected_lead_time_hours(process) - 341, 4) == round(0.3 / 0.7 * 51.25, 4)
True
"""

from __future__ import annotations

import heapq
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from itertools import compress, count
from math import copysign
from operator import add, ne

from ..gcpause import paused_gc
from ..model import TASK, Process
from .blocks import reduce_blocks
from .convention import Clock
from .errors import AnalysisError
from .expectation import BlockCounts, BlockValues, Expectation, Leaves, check_rounds, expect
from .flowgraph import AND, OR, XOR, FlowGraph, Links, Origin, changed_places
from .outcomes import is_rejection
from .roles import procedure_flags

WAITING, WORK = "waiting", "work"
BOTTLENECKS = 5


@dataclass(frozen=True, slots=True)
class CriticalPath:
    """The worst-case, first-time-right way through a process.

    ``steps``: the step ids on it, in order; ``hours``: the lead time in working hours;
    ``days``: in working days (calendar days under Doing Business); ``work_hours`` and
    ``wait_hours``: the touch time and waiting time of its steps.
    """

    steps: tuple[str, ...]
    hours: float
    days: float
    work_hours: float
    wait_hours: float
    convention: str | None = None

    @property
    def efficiency(self) -> float | None:
        """Process cycle efficiency: work over lead time (None for a zero lead time)."""
        return self.work_hours / self.hours if self.hours > 0 else None


@dataclass(frozen=True, slots=True)
class Bottleneck:
    """A step on the critical path, how long it takes and its share of the lead time.

    ``hours`` and ``days`` are its time in the convention (with the Doing Business
    minimum), ``wait_hours`` and ``work_hours`` its wait and work as modelled.
    """

    step: str
    name: str
    hours: float
    days: float
    wait_hours: float
    work_hours: float
    share: float

    @property
    def kind(self) -> str:
        """``waiting`` when the step mostly waits, else ``work``."""
        return WAITING if self.wait_hours > self.work_hours else WORK

    def to_dict(self) -> dict:
        return {"step": self.step, "name": self.name, "hours": self.hours, "days": self.days,
                "wait_hours": self.wait_hours, "work_hours": self.work_hours,
                "share": self.share, "kind": self.kind}


def critical_path(process: Process, convention: str | None = None) -> CriticalPath:
    """The critical path: worst case, first time right (see the module doc)."""
    return timing(process, convention).critical_path


def lead_time_hours(process: Process, convention: str | None = None) -> float:
    """The lead time of the critical path in working hours."""
    return timing(process, convention).critical_path.hours


def best_time_hours(process: Process, convention: str | None = None) -> float:
    """The shortest way through, in working hours.

    >>> import bpmodel
    >>> best_time_hours(bpmodel.load_process(bpmodel.default_process_path()))
    341.0
    """
    t = timing(process, convention)
    return t.clock.hours(t.best)


def expected_lead_time_hours(process: Process, convention: str | None = None) -> float:
    """The expected lead time with branch probabilities and rework loops, in working hours."""
    t = timing(process, convention)
    return t.clock.hours(t.expectation.expected)


def longest_path(process: Process) -> tuple[str, ...]:
    """The ids of the tasks on the way through with the most tasks (loops not repeated).

    >>> import bpmodel
    >>> len(longest_path(bpmodel.load_process(bpmodel.default_process_path())))
    19
    """
    return timing(process, None).longest_path


def longest_path_steps(process: Process) -> int:
    """How many tasks the longest way through has (loops not repeated)."""
    return len(longest_path(process))


def bottlenecks(process: Process, convention: str | None = None,
                top: int = BOTTLENECKS) -> tuple[Bottleneck, ...]:
    """The ``top`` steps of the critical path that take longest, longest first.

    >>> import bpmodel
    >>> first = bottlenecks(bpmodel.load_process(bpmodel.default_process_path()))[0]
    >>> first.step, first.kind, round(first.share, 3)
    ('tech_review', 'waiting', 0.129)
    """
    return timing(process, convention).bottlenecks(top)


# -- the computation, once per process and convention ----------------------------------------

def rejected_nodes(graph: Links) -> frozenset[int]:
    """The nodes of the ends that turn the application down
    (:func:`~bpmodel.analysis.outcomes.rejecting_ends` by node): read from the graph's
    ends (the steps without an outgoing flow), not from every step.

    >>> import bpmodel
    >>> from bpmodel.analysis.outcomes import rejecting_ends
    >>> process = bpmodel.load_process(bpmodel.default_process_path())
    >>> g = FlowGraph.of(process)
    >>> {g.ids[v] for v in rejected_nodes(g)} == rejecting_ends(process)
    True
    """
    steps = graph.steps
    return frozenset(v for v in graph.ends if is_rejection(steps[v]))


_CACHE: dict[int, tuple[weakref.ref, dict[str | None, Timing]]] = {}


def timing(process: Process, convention: str | None = None) -> Timing:
    """The path analysis of ``process`` under ``convention``, computed once and kept while
    the process lives. Raises :class:`~bpmodel.analysis.errors.AnalysisError` for an
    unsound process and ValueError for an unknown convention."""
    clock = Clock.of(process.calendar, convention)
    key = id(process)
    entry = _CACHE.get(key)
    if entry is None or entry[0]() is not process:
        # keyed by identity: hashing a large process would cost as much as a pass over it
        entry = (weakref.ref(process, lambda _, key=key, cache=_CACHE: cache.pop(key, None)), {})
        _CACHE[key] = entry
    per_process = entry[1]
    if convention not in per_process:
        with paused_gc():
            per_process[convention] = Timing(process, clock)
    return per_process[convention]


# the last timings made (not kept alive here): the simplify engine measures one variant
# after another, most of them with their original's structure and times
_RECENT_TIMINGS: list[weakref.ref] = []
_KEPT_TIMINGS = 2


def _timed_alike(timing: Timing) -> Timing | None:
    """A recent timing with the same flow-graph structure (frame), clock and times of
    every node as ``timing``: its longest and shortest passes are ``timing``'s (with the
    same ends rejected), and so are its expected time and runs (with the same starts)."""
    for known in reversed(_RECENT_TIMINGS):
        earlier = known()
        if (earlier is not None and earlier.graph.frame is timing.graph.frame
                and earlier.clock == timing.clock and earlier.time == timing.time
                and (not timing.clock.stagger
                     or earlier.starts_staggered == timing.starts_staggered)):
            return earlier
    return None


def _procedures_alike(graph: FlowGraph) -> list[bool] | None:
    """The procedure flags of a recent timing whose graph has the same frame as ``graph``
    and whose steps have a contact where ``graph``'s have one: the flags read only the
    frame (types, flows, actors and who does each step) and whether a step has a
    contact (:func:`~bpmodel.analysis.roles.procedure_flags`). Only the steps that are
    not the earlier graph's own are compared."""
    for known in reversed(_RECENT_TIMINGS):
        earlier = known()
        if earlier is None or earlier.graph.frame is not graph.frame:
            continue
        before, steps = earlier.graph.steps, graph.steps
        if all((before[v].contact is None) == (steps[v].contact is None)
               for v in changed_places(before, steps)):
            return earlier.procedure
    return None


def _procedures_merged(process: Process, graph: FlowGraph,
                       origin: Origin) -> tuple[list[bool], list[bool]] | None:
    """The procedure flags of a series merge from those of a recent timing of the graph it
    was made from, when the two steps and the merged one are done by one actor who is
    not the applicant and no other step changed: none of them is then a step of the
    applicant whose flag reads its neighbours, each is an agency's step or not alike,
    and the flags of the other steps read them only as such
    (:func:`~bpmodel.analysis.roles.procedure_flags`); the merged step is a procedure
    when it has a contact. With the flags they were cut from (only the merged step's
    may differ)."""
    earlier_graph = origin.earlier()
    earlier = next((t for known in reversed(_RECENT_TIMINGS)
                    if (t := known()) is not None and t.graph is earlier_graph), None)
    if earlier is None:
        return None
    first, gone = origin.first, origin.gone
    before, merged = earlier_graph.steps, graph.steps[first]
    actor = process.actor(merged.actor)
    if not before[first].actor == before[gone].actor == merged.actor \
            or (actor is not None and actor.is_applicant):
        return None
    if any(v != first for v in origin.changed):
        return None
    flags = list(earlier.procedure)
    del flags[gone]
    flags[first] = merged.type == TASK and merged.contact is not None
    return flags, earlier.procedure


def _same(a: float | int | None, b: float | int | None) -> bool:
    """Whether two values of a pass are the same, bit for bit (None for no way on).

    >>> _same(0.0, -0.0), _same(2.5, 2.5), _same(None, 0.0), _same(3, 3)
    (False, True, False, True)
    """
    if a is None or b is None:
        return a is b
    return a == b and copysign(1.0, a) == copysign(1.0, b)


class Timing:
    """Path figures of one process under one clock; see the module doc for the methods."""

    def __init__(self, process: Process, clock: Clock, share: bool = True):
        """``share=False`` works everything out afresh (and offers nothing to later
        timings); else what a recent timing of the same structure and times worked out is
        taken over (see :func:`_timed_alike`), and a series merge of a recent timing's
        process passes again only the merged step and the nodes before it
        (:meth:`_merged_from`) and evaluates its expectation from that timing's block
        tree (:meth:`_merge_expectation`)."""
        # no reference to the process is kept: the cache must not keep it alive
        self.clock = clock
        self.graph = g = FlowGraph.of(process, share)
        self.procedure = None
        self._flags_cut_from = None  # the earlier flags a series merge's were cut from
        if share and g.origin is None:
            self.procedure = _procedures_alike(g)
        elif share and (cut := _procedures_merged(process, g, g.origin)) is not None:
            self.procedure, self._flags_cut_from = cut
        if self.procedure is None:
            self.procedure = procedure_flags(process, g)
        if clock.calendar_days:
            self.time = [clock.span(wait + work, contact, procedure=procedure)
                         for wait, work, contact, procedure
                         in zip(g.waits, g.works, g.contacts, self.procedure, strict=True)]
        else:
            self.time = list(map(add, g.waits, g.works))  # one column each: as long
        self.time += [0.0] * (g.size - g.n)
        self.rejected = rejected = rejected_nodes(g)
        self._counts: BlockCounts | None = None
        earlier = _timed_alike(self) if share else None
        if earlier is not None:  # the same structure and times: the same passes
            self.worst, self._worst_next = earlier.worst, earlier._worst_next
            if "_critical_nodes" in earlier.__dict__:  # and the same way through
                self.__dict__["_critical_nodes"] = earlier._critical_nodes
        merged = (self._merged_from(g.origin) if earlier is None and share
                  and g.origin is not None and not clock.stagger else None)
        self._merged = merged
        if earlier is not None:
            pass
        elif merged is not None:  # the passes again around the merged step, all at once
            self._merged_passes(merged[0], rejected)
        else:
            self.worst, self._worst_next = self._pass(best=False)
        # whether the best pass left out the rejections (False: every way ends in one)
        self._best_excluded = True
        if earlier is not None and earlier.rejected == rejected:
            self.best_tail, self._best_excluded = earlier.best_tail, earlier._best_excluded
        else:
            if merged is None or not merged[0]._best_excluded:  # else a merged pass
                self.best_tail, _ = self._pass(best=True, excluded=rejected)
            if self.best_tail[g.source] is None:  # every way ends in a rejection
                self.best_tail, _ = self._pass(best=True)
                self._best_excluded = False
        if earlier is not None:
            self._share_expectation(earlier)
        elif share and g.origin is not None:
            self._merge_expectation(g.origin)
        self._merged = self._flags_cut_from = None  # no hold on the earlier timing
        self.expectation  # noqa: B018 - checks for deadlocks and endless loops up front
        if self.worst[g.source] is None:
            raise AnalysisError("the end of the process can only be reached through branches "
                                "whose probability is 0", list(g.ids))
        if share:
            _RECENT_TIMINGS[:] = [*_RECENT_TIMINGS[-(_KEPT_TIMINGS - 1):], weakref.ref(self)]

    def _share_expectation(self, earlier: Timing) -> None:
        """Take from ``earlier`` (same structure, same times) what does not depend on the
        steps' counts: the expected time and runs, and the longest path in steps; the
        counts of a block-structured process are combined again only above the steps
        whose counts changed."""
        if "longest_path" in earlier.__dict__:
            self.__dict__["longest_path"] = earlier.longest_path
        if "_longest" in earlier.__dict__:  # the same structure: the same counts
            self.__dict__["_longest"] = earlier._longest
        if not self.reduction.structured:
            return
        leaves = self._leaves(earlier)
        if leaves.staggered != earlier._leaves().staggered:
            return
        if earlier._counts is None:
            earlier._counts = BlockCounts.of(self.reduction.tree, earlier._leaves().counts)
        self._counts = earlier._counts.with_counts(leaves.counts)
        before = earlier.expectation
        self.__dict__["expectation"] = Expectation(
            before.expected, before.runs, self._counts.total, before.method, before.core_size)

    def _merge_basis(self) -> tuple[BlockValues, list[int], tuple[float, ...]] | None:
        """What a series merge of this timing's process evaluates its expectation from:
        the values of every block of a block tree, each node's leaf in that tree, and
        the runs of the tree's leaves. The tree is this process's own (worked out once),
        or, for a timing made from a series merge, its original's, carried on. None
        under a stagger or for a process that is not block-structured."""
        basis = self.__dict__.get("_basis_made")
        if basis is None and not self.clock.stagger and self.reduction.structured:
            values = BlockValues.of(self.reduction.tree, self._leaves())
            basis = (values, list(range(self.graph.n)), self.expectation.runs)
            self.__dict__["_basis_made"] = basis
        return basis

    def _merge_expectation(self, origin: Origin) -> None:
        """The expectation of a series merge (two tasks in series made one) from that of
        the recent timing of the graph it was made from: that graph's block tree
        (:meth:`_merge_basis`) with the step left out of its sequence valued 0.0 and
        zero counts, the one that stays valued as the merged step, and the steps whose
        value changed otherwise (another step object or procedure flag) valued again;
        the blocks above them are combined again (:class:`BlockValues`), as a fresh
        evaluation of the merged graph's tree would combine them (the reduction takes the
        same steps in the same order: :meth:`FlowGraph._merge_origin`). The runs are the
        tree's. Nothing is taken when no such timing is alive."""
        graph = origin.earlier()
        earlier = next((t for known in reversed(_RECENT_TIMINGS)
                        if (t := known()) is not None and t.graph is graph
                        and t.clock == self.clock), None)
        basis = earlier._merge_basis() if earlier is not None else None
        if basis is None:
            return
        values, leaf_of, tree_runs = basis
        g, first, gone, procedure = self.graph, origin.first, origin.gone, self.procedure
        leaf = list(leaf_of)
        del leaf[gone]
        leaf[first] = leaf_of[origin.stays]
        changes = {leaf_of[origin.left]: (0.0, None, values.zero)}
        changed = {first, *origin.changed}  # other step objects (found with the graph)
        if self._flags_cut_from is not earlier.procedure:  # else only the merged step's
            flags = list(earlier.procedure)
            del flags[gone]
            changed.update(compress(count(), map(ne, flags, procedure)))
        for v in changed:
            task = g.types[v] == TASK
            contact = g.contacts[v]
            changes[leaf[v]] = (self.time[v], False if task else None,
                                (int(task and contact == "visit"),
                                 int(task and contact is not None), int(procedure[v])))
        merged = values.with_leaves(changes)
        expected, _, counts = merged.total
        # the runs of the tree's leaves by node: the earlier timing's (each node's own leaf
        # there), the second step's left out and the merged step's read at the leaf it keeps
        runs = list(earlier.expectation.runs)
        runs[first] = runs[origin.stays]
        del runs[gone]
        runs = tuple(runs)
        check_rounds(g, runs, expected)
        self.__dict__["expectation"] = Expectation(expected, runs, counts, "exact", 0)
        self.__dict__["_basis_made"] = (merged, leaf, tree_runs)

    @cached_property
    def procedures(self) -> frozenset[str]:
        """The ids of the steps that are procedures."""
        return frozenset(i for i, p in zip(self.graph.ids, self.procedure, strict=True) if p)

    # -- backward passes over the acyclic graph -------------------------------------------
    @cached_property
    def starts_staggered(self) -> list[bool]:
        """Whether a simultaneous branch beginning at each node starts a day later."""
        g, clock = self.graph, self.clock
        flags = [False] * g.size
        if not clock.stagger:
            return flags
        for v in reversed(g.order):
            if v < g.n and g.types[v] == TASK:
                flags[v] = clock.staggered(g.contacts[v], procedure=self.procedure[v])
            else:
                flags[v] = any(flags[g.dst[e]] for e in g.forward(v))
        return flags

    def _merged_from(self, origin: Origin) -> tuple[Timing, int, int] | None:
        """For a series merge: the recent timing of the graph it was made from (same
        clock), the second step's node there and the merged step's place in the order,
        when every other node keeps its time and the same ends are rejected. Every node
        after the merged step in the order is no ancestor of it (nor of the second step,
        reached only through the first), so its passes to the end are the earlier
        timing's (:meth:`_pass`, :attr:`_longest`)."""
        graph = origin.earlier()
        earlier = next((t for known in reversed(_RECENT_TIMINGS)
                        if (t := known()) is not None and t.graph is graph
                        and t.clock == self.clock), None)
        if earlier is None:
            return None
        first, gone, time, before = origin.first, origin.gone, self.time, earlier.time
        if time[:first] != before[:first] or time[first + 1:] != before[gone + 1:]:
            return None
        if self.rejected != frozenset(first if v == gone else v - (v > gone)
                                      for v in earlier.rejected):
            return None
        return earlier, gone, self.graph.order.index(first)

    def _pass(self, *, best: bool, excluded: frozenset[int] = frozenset()
              ) -> tuple[list[float | None], list[int | None]]:
        """Longest (or shortest) time from every node to the end; ``excluded`` nodes
        lead nowhere. Returns the tails and the flow each node takes, as its place among
        the node's flows (``out``: a series merge renumbers flows, not the order of a
        node's flows, so these places carry over as they are: :meth:`_merged_passes`)."""
        g = self.graph
        starts = self.starts_staggered if self.clock.stagger else None
        tail, chosen = [None] * g.size, [None] * g.size
        tail[g.sink] = 0.0
        out, dst, weight, time, looping = g.out, g.dst, g.weight, self.time, g.looping
        for v in reversed(g.order):
            if v in excluded:
                continue
            edges = out[v]
            if len(edges) == 1 and v not in looping:  # most steps: straight on
                e = edges[0]
                after = tail[dst[e]]
                if after is not None and weight[e] > 0:
                    tail[v] = time[v] + after
                    chosen[v] = 0
                continue
            found = self._branch(v, tail, starts, best)
            if found is not None:
                tail[v] = time[v] + found[1]
                chosen[v] = edges.index(found[0])
        return tail, chosen

    def _branch(self, v: int, tail: list, starts: list | None,
                best: bool) -> tuple[int, float] | None:
        """The flow node ``v`` takes in a time pass (when it has several, or closes a loop)
        and the tail it leads to; None when no flow leads on."""
        g = self.graph
        dst, weight = g.dst, g.weight
        edges = [e for e in g.forward(v) if weight[e] > 0 and tail[dst[e]] is not None]
        if not edges:
            return None
        kind = g.split[v] if len(edges) > 1 else XOR
        if kind == OR:
            return self._inclusive(edges, tail, starts, best)
        if kind == AND:
            return self._parallel(edges, tail, starts)
        edge = (min if best else max)(edges, key=lambda e: tail[dst[e]])
        return edge, tail[dst[edge]]

    def _merged_passes(self, earlier: Timing, rejected: frozenset[int]) -> None:
        """The worst, best (when ``earlier``'s left out the rejections) and most-tasks
        passes of a series merge from those of ``earlier``, the timing of the graph it was
        made from (:meth:`_merged_from`): its values and chosen flows by this graph's
        nodes, passed again together where any of them may change (:meth:`_again`)."""
        g = self.graph
        worst, worst_next = self._known_tails(earlier.worst, earlier._worst_next)
        tasks, tasks_next = self._known_tails(*earlier._longest)
        passes = [
            (worst, worst_next, self.time, lambda v, tail: self._branch(v, tail, None, False),
             frozenset()),
            (tasks, tasks_next, g.tasks + [False] * (g.size - g.n), self._most_tasks_branch,
             frozenset())]
        if earlier._best_excluded:
            best, _ = self._known_tails(earlier.best_tail, None)
            passes.append((best, None, self.time,
                           lambda v, tail: self._branch(v, tail, None, True), rejected))
            self.best_tail = best
        self._again(passes)
        self.worst, self._worst_next = worst, worst_next
        self.__dict__["_longest"] = (tasks, tasks_next)

    def _known_tails(self, values: list, chosen: list | None) -> tuple[list, list | None]:
        """The values (tails or counts) and chosen flows (places among a node's flows) of
        the timing a series merge was made from, by this graph's nodes (to be passed again
        where they may change: :meth:`_again`)."""
        _, gone, _ = self._merged
        values = values[:gone] + values[gone + 1:]
        return values, None if chosen is None else chosen[:gone] + chosen[gone + 1:]

    def _again(self, passes: list[tuple[list, list | None, list,
                                        Callable[[int, list], tuple[int, float] | None],
                                        frozenset[int]]]) -> int:
        """Pass again, in place, the nodes of a series merge whose values may change, latest
        in the order first: the merged step, then each node before it with a flow (not
        one that closes a loop) to a node whose value changed in any of ``passes``, and
        no further once none is left. Every other node reads the same times, flows and
        values of the nodes after it as in the timing the merge was made from, so keeps
        its values and flows (and a node passed again for another pass's sake gets the
        value it had). Each pass is its values, chosen flows (or None), each node's
        ``own`` value (time, or whether it is a task) that a node with one flow adds to
        the value that flow leads to, a ``branch`` giving the flow and value of any
        other node (None: no way on), and the nodes ``excluded`` (they lead nowhere). A
        value is changed unless it is the same bit for bit (:func:`_same`). Returns how
        many nodes were passed again."""
        g = self.graph
        order, out, inc, src, dst = g.order, g.out, g.inc, g.src, g.dst
        weight, back, looping, reached = g.weight, g.back, g.looping, g.reached
        place = self._merged[2]
        dirty = [False] * g.size
        dirty[order[place]] = True
        pending, passed = 1, 0
        for at in range(place, -1, -1):
            v = order[at]
            if not dirty[v]:
                continue
            pending -= 1
            passed += 1
            edges = out[v]
            straight = len(edges) == 1 and v not in looping  # most steps: straight on
            if straight:
                next_node, on = dst[edges[0]], weight[edges[0]] > 0
            moved = False
            for values, chosen, own, branch, excluded in passes:
                before, value, taken = values[v], None, None
                if v not in excluded:
                    if straight:
                        after = values[next_node]
                        if after is not None and on:
                            value, taken = own[v] + after, 0
                    else:
                        found = branch(v, values)
                        if found is not None:
                            value, taken = own[v] + found[1], edges.index(found[0])
                values[v] = value
                if chosen is not None:
                    chosen[v] = taken
                if not moved and before is not value and (  # not the same bit for bit
                        before is None or value is None or before != value
                        or (not before and copysign(1.0, before) != copysign(1.0, value))):
                    moved = True
            if moved:
                for e in inc[v]:
                    u = src[e]
                    if not back[e] and not dirty[u] and reached[u]:
                        dirty[u] = True
                        pending += 1
            if not pending:
                break
        return passed

    def _parallel(self, edges: list[int], tail: list, starts: list | None) -> tuple[int, float]:
        """All of ``edges`` at once: the total and the edge that sets it."""
        dst = self.graph.dst
        if not starts:
            edge = max(edges, key=lambda e: tail[dst[e]])
            return edge, tail[dst[edge]]
        stagger = self.clock.stagger
        late = sorted((e for e in edges if starts[dst[e]]), key=lambda e: -tail[dst[e]])
        finish = {e: tail[dst[e]] for e in edges if not starts[dst[e]]}
        finish.update({e: tail[dst[e]] + i * stagger for i, e in enumerate(late)})
        edge = max(edges, key=lambda e: finish[e])
        return edge, finish[edge]

    def _inclusive(self, edges: list[int], tail: list, starts: list | None,
                   best: bool) -> tuple[int, float]:
        g = self.graph
        others = [e for e in edges if g.chance[e] is not None]
        defaults = [e for e in edges if g.chance[e] is None]
        if best:
            certain = [e for e in others if g.chance[e] >= 1.0]
            if certain:
                return self._parallel(certain, tail, starts)
            edge = min(edges, key=lambda e: tail[g.dst[e]])
            return edge, tail[g.dst[edge]]
        options = [(e, tail[g.dst[e]]) for e in defaults]
        if others:
            options.append(self._parallel(others, tail, starts))
        return max(options, key=lambda option: option[1])

    # -- results --------------------------------------------------------------------------
    @cached_property
    def _critical_nodes(self) -> list[int]:
        return self._follow(self._worst_next)

    @cached_property
    def critical_path(self) -> CriticalPath:
        g, clock, nodes = self.graph, self.clock, self._critical_nodes
        return CriticalPath(  # the sums add in the same order as a loop would
            steps=tuple(map(g.ids.__getitem__, nodes)),
            hours=clock.hours(self.worst[g.source]),
            days=clock.days(self.worst[g.source]),
            work_hours=sum(map(g.works.__getitem__, nodes)),
            wait_hours=sum(map(g.waits.__getitem__, nodes)),
            convention=clock.convention)

    @property
    def best(self) -> float:
        return self.best_tail[self.graph.source]

    def _follow(self, chosen: list[int | None]) -> list[int]:
        """The steps on the way the passes chose (``chosen``: the place of the flow each
        node takes among its flows), from the source to the sink."""
        g = self.graph
        dst, out, sink, n = g.dst, g.out, g.sink, g.n
        nodes = []
        v = dst[out[g.source][chosen[g.source]]]
        while v != sink:
            if v < n:  # not a virtual gateway
                nodes.append(v)
            v = dst[out[v][chosen[v]]]
        return nodes

    @cached_property
    def longest_path(self) -> tuple[str, ...]:
        g = self.graph
        task = g.tasks
        nodes = self._follow(self._longest[1])
        return tuple(map(g.ids.__getitem__, compress(nodes, map(task.__getitem__, nodes))))

    @cached_property
    def _longest(self) -> tuple[list[int | None], list[int | None]]:
        """The most tasks from every node to the end, and the flow that leads to them (its
        place among the node's flows, as :meth:`_pass` gives it; a series merge's are
        worked out with its other passes: :meth:`_merged_passes`)."""
        g = self.graph
        task = g.tasks + [False] * (g.size - g.n)
        tasks, chosen = [None] * g.size, [None] * g.size
        tasks[g.sink] = 0
        dst, weight, out, looping = g.dst, g.weight, g.out, g.looping
        for v in reversed(g.order):
            edges = out[v]
            if len(edges) == 1 and v not in looping:  # most steps: straight on
                e = edges[0]
                after = tasks[dst[e]]
                if after is not None and weight[e] > 0:
                    chosen[v] = 0
                    tasks[v] = task[v] + after
                continue
            found = self._most_tasks_branch(v, tasks)
            if found is not None:
                chosen[v] = edges.index(found[0])
                tasks[v] = task[v] + found[1]
        return tasks, chosen

    def _most_tasks_branch(self, v: int, tasks: list) -> tuple[int, int] | None:
        """The flow node ``v`` takes in the most-tasks pass (when it has several, or closes
        a loop) and the count it leads to; None when no flow leads on."""
        g = self.graph
        dst, weight = g.dst, g.weight
        edges = [e for e in g.forward(v) if weight[e] > 0 and tasks[dst[e]] is not None]
        if not edges:
            return None
        edge = edges[0] if len(edges) == 1 else max(edges, key=lambda e: tasks[dst[e]])
        return edge, tasks[dst[edge]]

    def bottlenecks(self, top: int) -> tuple[Bottleneck, ...]:
        """The ``top`` steps of the critical path that take longest, longest first."""
        lead = self.worst[self.graph.source]
        time = self.time
        ranked = heapq.nlargest(top, (v for v in self._critical_nodes if time[v] > 0),
                                key=lambda v: time[v])
        out = []
        for v in ranked:
            step, units = self.graph.steps[v], time[v]
            out.append(Bottleneck(step.id, step.name, self.clock.hours(units),
                                  self.clock.days(units), self.graph.waits[v],
                                  self.graph.works[v], units / lead if lead > 0 else 0.0))
        return tuple(out)

    @cached_property
    def reduction(self):
        return reduce_blocks(self.graph)

    @cached_property
    def expectation(self) -> Expectation:
        return expect(self.graph, self.reduction, self._leaves(), self.clock.stagger)

    def _leaves(self, earlier: Timing | None = None) -> Leaves:
        """What the expectation reads of each step: its time, whether it starts a day
        later (Doing Business), its counts (visits, contacts, procedures). Taken over
        from ``earlier`` (a timing of the same frame) where the steps are its own and
        their procedure flags the same, without the Doing Business stagger."""
        if "_leaves_made" in self.__dict__:
            return self.__dict__["_leaves_made"]
        if earlier is not None and not self.clock.stagger \
                and earlier.graph.frame is self.graph.frame:
            leaves = self.__dict__["_leaves_made"] = self._leaves_like(earlier._leaves(),
                                                                        earlier)
            return leaves
        g = self.graph
        flags = self.starts_staggered
        kinds: dict[tuple[int, ...], tuple[int, ...]] = {}  # share the few distinct counts
        staggered, counts = [], []
        for v, (kind, contact, procedure) in enumerate(zip(g.types, g.contacts, self.procedure,
                                                           strict=True)):
            task = kind == TASK
            staggered.append(flags[v] if task else None)
            key = (int(task and contact == "visit"), int(task and contact is not None),
                   int(procedure))
            counts.append(kinds.setdefault(key, key))
        leaves = self.__dict__["_leaves_made"] = Leaves(self.time, staggered, counts)
        return leaves

    def _leaves_like(self, known: Leaves, earlier: Timing) -> Leaves:
        """:meth:`_leaves` from those of ``earlier`` (same frame, no stagger: a step's
        ``staggered`` is False for a task, else None, by its type alone): its counts,
        read again only where the step or its procedure flag is not ``earlier``'s."""
        g = self.graph
        changed = changed_places(earlier.graph.steps, g.steps)
        if self.procedure is not earlier.procedure:
            changed = {*changed, *compress(count(), map(ne, earlier.procedure,
                                                        self.procedure))}
        counts = list(known.counts)
        for v in changed:
            task = g.types[v] == TASK
            contact = g.contacts[v]
            counts[v] = (int(task and contact == "visit"), int(task and contact is not None),
                         int(self.procedure[v]))
        return Leaves(self.time, known.staggered, counts)

