"""An indexed view of a process for the path and measure algorithms.

Steps become nodes ``0..n-1``; a virtual *source* feeds the start steps (an
exclusive choice among them when there are several) and every end step flows to
a virtual *sink*. Each node has a *join* kind (how its incoming flows merge) and
a *split* kind (how its outgoing flows fork): gateways by their kind, tasks and
events merge as ``xor`` and fork as ``and``, as in BPMN. The sink joins as ``any``:
the process is over when every running branch has ended.

Each flow gets a *weight*, the expected number of tokens it carries per run of its
source: an ``xor`` branch its probability (missing ones share what is left
equally; given ones are scaled to sum to 1), an ``and`` branch 1, an ``or`` branch
its own chance ``p`` (0.5 when not given) and the default branch the chance that no
other is taken. An ``or`` gateway without a default is read on the condition that
at least one branch is taken.

A depth-first search from the source (iterative, so depth is not limited) marks
the *back edges*: the flows that close a loop. Without them the graph is acyclic,
and the reverse post-order of the search is a topological order of it.

Building the view checks that every step reached from the start can reach the
end, and raises :class:`~bpmodel.analysis.errors.AnalysisError` otherwise. Steps
not reached from the start are left out (validation reports them). Everything is
linear in the number of steps and flows.

>>> from bpmodel.model import Flow, Process, Step
>>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B"), Step("c", "C")),
...             flows=(Flow("a", "b"), Flow("a", "c"), Flow("c", "c")))
>>> g = FlowGraph.of(p.evolve(flows=p.flows[:2]))
>>> [g.step_id(v) for v in g.order]
[None, 'a', 'c', 'b', None]
>>> FlowGraph.of(p)
Traceback (most recent call last):
...
bpmodel.analysis.errors.AnalysisError: there is no way to the end from steps 'c': they only loop
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import compress, count, repeat
from math import prod
from operator import eq, is_not

from ..graph import depth_first, reachable
from ..model import BOUNDARY, EVENT, GATEWAY, SEQUENCE, TASK, Flow, Process, Step
from .components import same_graph, series_merge_places
from .errors import AnalysisError, name_steps

XOR, AND, OR, ANY = "xor", "and", "or", "any"
OR_UNKNOWN_CHANCE = 0.5
_GATEWAY_KINDS = {"xor": XOR, "event": XOR, "and": AND, "or": OR, "complex": OR}


def split_kind(step: Step) -> str:
    """How a step forks its outgoing flows: ``xor``, ``and`` or ``or``."""
    if step.is_gateway:
        return _GATEWAY_KINDS.get(step.kind or "xor", XOR)
    return AND


def branch_weights(step: Step, flows: tuple[Flow, ...]) -> tuple[list[float], list[float | None]]:
    """Expected tokens per run of ``step`` on each outgoing flow, and each ``or`` branch's
    own chance (None for the default branch and for other kinds).

    >>> from bpmodel.model import Flow, Step
    >>> g = Step("g", "G", "gateway", "or")
    >>> branch_weights(g, (Flow("g", "a", 0.6), Flow("g", "b", 0.5), Flow("g", "c", default=True)))
    ([0.6, 0.5, 0.2], [0.6, 0.5, None])
    """
    kind = split_kind(step)
    count = len(flows)
    if kind == AND or count <= 1:
        return [1.0] * count, [None] * count
    if kind == XOR:
        given = [f.probability for f in flows]
        known = sum(p for p in given if p is not None)
        missing = sum(p is None for p in given)
        share = max(0.0, 1.0 - known) / missing if missing else 0.0
        weights = [share if p is None else p for p in given]
        total = sum(weights)
        if total <= 0:
            raise AnalysisError(f"no branch of gateway {step.id!r} can be taken: the "
                                f"probabilities of its branches are all 0", (step.id,))
        return [w / total for w in weights], [None] * count
    chances: list[float | None] = [
        None if f.default else (OR_UNKNOWN_CHANCE if f.probability is None else f.probability)
        for f in flows]
    none_taken = prod(1.0 - c for c in chances if c is not None)
    has_default = any(f.default for f in flows)
    if has_default:
        return [none_taken if c is None else c for c in chances], chances
    if none_taken >= 1.0:
        raise AnalysisError(f"no branch of gateway {step.id!r} can be taken: the chances of "
                            f"its branches are all 0 and it has no default", (step.id,))
    return [c / (1.0 - none_taken) for c in chances], chances


class Links:
    """A process's steps as numbered rows and its flows as numbered edges, read in one pass.

    Each step attribute the analysis uses is a column indexed by step number (``ids``,
    ``types``, ``kinds``, ``actors``, ``contacts``, ``waits`` and ``works`` in hours,
    ``fees``, ``needs``, ``produces``, ``parents``, ``subprocess``), so that the analysis
    touches every step object once: on a large process, going back to scattered objects
    again and again costs more than the work itself. ``src[e]`` and ``dst[e]`` are the
    step numbers of flow ``e`` (``flows[e]`` the flow), ``out[v]`` and ``inc[v]`` the
    flows of step ``v`` in file order, ``ends`` the steps without any outgoing flow. Unlike
    :class:`FlowGraph` it accepts any process, sound or not.

    >>> from bpmodel.model import Flow, Process, Step
    >>> links = Links.of(Process("p", "P", steps=(Step("a", "A"), Step("b", "B")),
    ...                          flows=(Flow("a", "b"), Flow("a", "nowhere"))))
    >>> links.src, links.dst, links.ends, links.after(0), links.ids
    ([0], [1], [1], [1], ['a', 'b'])
    """

    __slots__ = ("steps", "_index", "n", "src", "dst", "flows", "out", "inc", "ends", "ids",
                 "types", "kinds", "actors", "contacts", "waits", "works", "fees", "needs",
                 "produces", "parents", "subprocess")

    @classmethod
    def of(cls, process: Process) -> Links:
        links = cls.__new__(cls)
        links._link(process, 0)
        return links

    def _link(self, process: Process, spare: int) -> None:
        steps = self.steps = process.steps
        n = self.n = len(steps)
        # one column at a time: a comprehension costs less than appending to twelve lists
        self.ids = [s.id for s in steps]
        self.types = [s.type for s in steps]
        self.kinds = [s.kind for s in steps]
        self.parents = [s.parent for s in steps]
        self.subprocess = [s.is_subprocess for s in steps]
        self._read_columns(steps)
        index = self._index = dict(zip(self.ids, range(n), strict=True))
        ends = [True] * n
        src: list[int] = []
        dst: list[int] = []
        edge_flows: list[Flow | None] = []
        out: list[list[int]] = [[] for _ in range(n + spare)]
        inc: list[list[int]] = [[] for _ in range(n + spare)]
        for flow in process.flows:
            i = index.get(flow.source)
            if i is None:
                continue
            ends[i] = False
            w = index.get(flow.target)
            if w is not None:
                e = len(src)
                src.append(i)
                dst.append(w)
                edge_flows.append(flow)
                out[i].append(e)
                inc[w].append(e)
        self.src, self.dst, self.flows, self.out, self.inc = src, dst, edge_flows, out, inc
        self.ends = [i for i in range(n) if ends[i]]

    def _read_columns(self, steps: tuple[Step, ...]) -> None:
        """The columns of what the steps do (who, by which channel, how long, for what fee,
        with which documents)."""
        self.actors = [s.actor for s in steps]
        self.contacts = [s.contact for s in steps]
        self.waits = [s.wait.hours for s in steps]
        self.works = [s.work.hours for s in steps]
        self.fees = [s.fee for s in steps]
        self.needs = [s.needs for s in steps]
        self.produces = [s.produces for s in steps]

    _COLUMNS = ("actors", "contacts", "waits", "works", "fees", "needs", "produces")

    def _columns_from(self, earlier: Links, steps: tuple[Step, ...],
                      gone: int | None = None) -> list[int]:
        """The columns of what ``steps`` do, copied from ``earlier``'s (whose steps, without
        step ``gone`` when given, are ``steps`` place by place) and read again only for
        the steps that are not ``earlier``'s own objects: each column is a function of
        the step alone. Returns the places of those steps."""
        before = earlier.steps if gone is None else _cut(earlier.steps, gone)
        changed = list(changed_places(before, steps))
        if len(before) != len(steps) or len(changed) * 8 > len(steps):
            self._read_columns(steps)
            return changed
        for name in self._COLUMNS:
            column = getattr(earlier, name)
            setattr(self, name, list(column) if gone is None else _cut(column, gone))
        actors, contacts, waits, works = self.actors, self.contacts, self.waits, self.works
        fees, needs, produces = self.fees, self.needs, self.produces
        for v in changed:
            s = steps[v]
            actors[v], contacts[v], waits[v], works[v] = s.actor, s.contact, s.wait.hours, \
                s.work.hours
            fees[v], needs[v], produces[v] = s.fee, s.needs, s.produces
        return changed

    @property
    def index(self) -> dict[str, int]:
        """The number of each step, by id: made when first asked for a graph made by a
        series merge, which seldom needs it (:meth:`FlowGraph._without`)."""
        index = self._index
        if index is None:
            index = self._index = dict(zip(self.ids, range(self.n)))
        return index

    @property
    def tasks(self) -> list[bool]:
        """Whether each step is a task."""
        return list(map(eq, self.types, repeat(TASK)))

    def _edge(self, source: int, target: int, flow: Flow | None) -> int:
        e = len(self.src)
        self.src.append(source)
        self.dst.append(target)
        self.flows.append(flow)
        self.out[source].append(e)
        self.inc[target].append(e)
        return e

    def before(self, v: int) -> list[int]:
        """The steps with a flow into step ``v`` (once per flow; through virtual gateways)."""
        out = []
        for e in self.inc[v]:
            u = self.src[e]
            if u < self.n:
                out.append(u)
            elif u >= self.n + 2:
                out.extend(self.before(u))
        return out

    def after(self, v: int) -> list[int]:
        """The steps a flow out of step ``v`` leads to (once per flow; through virtual
        gateways)."""
        out = []
        for e in self.out[v]:
            w = self.dst[e]
            if w < self.n:
                out.append(w)
            elif w >= self.n + 2:
                out.extend(self.after(w))
        return out


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a graph made by a series merge comes from: the ``earlier`` graph (weakly),
    the ``first`` step and the ``gone`` one merged into it (their nodes in the earlier
    graph), which of the two nodes of the earlier graph's block tree ``stays`` for
    the merged step and which is ``left`` out (see :meth:`FlowGraph._merge_origin`), and
    the nodes of the merged graph whose steps are not the earlier graph's own objects at
    their places (the second step's left out): the merged step and any step changed
    besides (found once, as the columns are copied: :meth:`Links._columns_from`)."""

    earlier: weakref.ref
    first: int
    gone: int
    stays: int
    left: int
    changed: tuple[int, ...]


class Frame:
    """What flow graphs of the same structure share: the block reduction, once worked out
    (:func:`bpmodel.analysis.blocks.reduce_blocks`), the handoffs, which read only the
    flows and who does each step (:func:`bpmodel.analysis.handoffs.count_handoffs`), and
    the element counts that read only the steps' types and the flows (``sizes``, see
    :func:`bpmodel.analysis.measures.graph_sizes`)."""

    __slots__ = ("reduction", "handoffs", "sizes")

    def __init__(self) -> None:
        self.reduction = None
        self.handoffs: tuple[int, int] | None = None
        self.sizes: dict[str, int] | None = None

    def merged(self, first: Step, second: Step, merged: Step, between: Flow) -> Frame:
        """The frame of a graph with step ``second`` merged into ``first`` (its only way in,
        by flow ``between``) as step ``merged``: what it knows that a series merge keeps.
        The handoffs stay when the three are done by one actor (the flow between hands
        nothing over, and the flows of ``second`` leave from a step of the same actor);
        the counts lose the second step and the flow between."""
        frame = Frame()
        if self.handoffs is not None and first.actor is not None \
                and first.actor == second.actor == merged.actor:
            frame.handoffs = self.handoffs
        if self.sizes is not None:
            sizes = dict(self.sizes)
            sizes[size_key(second)] -= 1
            sizes["flows"] -= between.kind == SEQUENCE
            frame.sizes = sizes
        return frame


# the last few answers of changed_places, by both tuples (held: no other tuple can take
# their ids while they are remembered)
_CHANGED: list[tuple[tuple, tuple, tuple[int, ...]]] = []
_KEPT_CHANGED = 4


def changed_places(before: Sequence, after: Sequence) -> tuple[int, ...]:
    """The places where ``before`` and ``after`` (steps, place by place, up to the shorter
    one's end) hold other objects (``is not``), in order. Remembered for the last few
    pairs of tuples: one round of the simplify engine asks it of the same two processes'
    steps several times (the frame, the columns and the procedure flags of the flow
    graph, the leaves of the expectation, the sums, the applicant kinds).

    >>> x, y, z = object(), object(), object()
    >>> changed_places((x, y, z), (x, z, z)), changed_places([x], [x, y])
    ((1,), ())
    """
    if type(before) is not tuple or type(after) is not tuple:
        return tuple(compress(count(), map(is_not, before, after)))
    for known_before, known_after, places in _CHANGED:
        if known_before is before and known_after is after:
            return places
    places = tuple(compress(count(), map(is_not, before, after)))
    _CHANGED[:] = [*_CHANGED[-(_KEPT_CHANGED - 1):], (before, after, places)]
    return places


def _edges_of_all(flows: list[Flow | None], real: int) -> bool:
    """Whether the flows of a graph's edges (``flows``: the process's own first, then None
    for the virtual edges, as :meth:`Links._link` and :meth:`FlowGraph._build` number
    them) are all ``real`` flows of the process: whether the first virtual edge, if any,
    is the one after them. No flow is compared with None by ``==`` (each such comparison
    calls the flow's ``__eq__``).

    >>> flow = Flow("a", "b")
    >>> _edges_of_all([flow, None], 1), _edges_of_all([flow, None], 2), _edges_of_all([], 0)
    (True, False, True)
    """
    return len(flows) >= real and (real == 0 or flows[real - 1] is not None) \
        and (len(flows) == real or flows[real] is None)


def _renumbered(lists: list[list[int]], start: int, edge: list[int],
                ends_of_later: list[int]) -> list[list[int]]:
    """Each node's list of flows with every flow renumbered by ``edge``: the lists from
    node ``start`` on renumbered at C speed, and those before it only when the node is
    in ``ends_of_later`` (the nodes flows numbered after the last one ``edge`` keeps in
    place leave from, or lead to); the others hold no flow ``edge`` moves, so they are
    shared as they are. A simplify engine's process has its flows in the order of their
    source steps (:func:`~bpmodel.simplify.edit.canonical`): the nodes before ``start``
    that have such flows are few (ends, starts, the targets of loops).

    >>> _renumbered([[0], [1, 3], [2], [3]], 2, [0, 1, 1, 2], [1, 3])
    [[0], [1, 2], [1], [2]]
    """
    get = edge.__getitem__
    renumbered = lists[:start]
    renumbered += map(list, map(map, repeat(get), lists[start:]))
    for v in filter(start.__gt__, set(ends_of_later)):
        renumbered[v] = list(map(get, lists[v]))
    return renumbered


def _cut(column: list | tuple, place: int) -> list:
    """A copy of ``column`` as a list without its item at ``place`` (one copy and one move
    in C, less than two slices joined).

    >>> _cut((1, 2, 3), 1)
    [1, 3]
    """
    copied = list(column)
    del copied[place]
    return copied


def size_key(step: Step) -> str:
    """Which count of a process's steps a step adds to: ``subprocesses`` for a
    sub-process, else its type (see :func:`bpmodel.analysis.measures.bpmn_counts`)."""
    return "subprocesses" if step.is_subprocess else step.type


def same_frame(a: Process, b: Process) -> bool:
    """Whether the flow graphs of two processes have the same structure: the same graph
    (:func:`bpmodel.analysis.components.same_graph`), the same actors and each step done
    by the same actor (start events of different pools run side by side). Only what the
    steps do may differ: channels, times, fees, documents, names.

    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B")), flows=(Flow("a", "b"),))
    >>> same_frame(p, p.evolve(steps=(Step("a", "A", contact="online"), Step("b", "B"))))
    True
    >>> same_frame(p, p.evolve(steps=(Step("a", "A", actor="clerk"), Step("b", "B"))))
    False
    """
    if a is b:
        return True
    if not (a.actors is b.actors or a.actors == b.actors) or not same_graph(a, b):
        return False
    x, y = a.steps, b.steps  # only the steps that are not the same objects are compared
    return all(x[i].actor == y[i].actor for i in changed_places(x, y))


# the last few graphs made, by their process (neither kept alive here): the simplify
# engine measures one variant after another, most of them with their original's frame
_RECENT: list[tuple[weakref.ref, weakref.ref]] = []
_KEPT = 2


class FlowGraph(Links):
    """The graph the path algorithms walk: steps as nodes ``0..n-1``, a virtual source
    (``n``) and sink (``n + 1``), and virtual gateways (``n + 2`` on) where BPMN needs
    them; flows as numbered edges with back edges marked.

    A sub-process with steps inside is expanded in place: it leads to the starts of its
    inner flow (all at once), and its inner ends to a virtual node that carries on with
    the flows out of the sub-process; an event sub-process only runs when its event
    happens and is left out. A boundary event attached to an activity is an exception:
    its flow is taken with the flow's ``p`` (0 when not given): an interrupting one
    instead of the activity's own flows, a non-interrupting one beside them. Start events
    of different pools start processes that run side by side; several in one pool are
    alternatives.

    Built once by :meth:`of` and never changed afterwards. ``out[v]`` and ``inc[v]``
    list edge numbers; ``src``, ``dst``, ``weight``, ``chance``, ``default`` and
    ``back`` are indexed by edge; ``order`` lists the reached nodes in topological
    order of the acyclic graph without back edges (source first, sink last).
    """

    __slots__ = ("source", "sink", "weight", "chance", "default", "join", "split", "back",
                 "order", "reached", "looping", "frame", "origin", "__weakref__")

    # what does not depend on what the steps do: shared by the graphs of processes with
    # the same frame (see :func:`same_frame`)
    _STRUCTURE = ("_index", "n", "src", "dst", "flows", "out", "inc", "ends", "ids", "types",
                  "kinds", "parents", "subprocess", "source", "sink", "weight", "chance",
                  "default", "join", "split", "back", "order", "reached", "looping", "frame")

    @classmethod
    def of(cls, process: Process, share: bool = True) -> FlowGraph:
        """The graph of ``process``. The structure of a recent graph whose process has the
        same frame (a variant of the simplify engine that changed only what steps do) is
        shared, and only the columns of what the steps do are read again; ``share=False``
        builds it all afresh (and offers nothing to later graphs)."""
        for known, kept in reversed(_RECENT if share else ()):
            earlier, graph = known(), kept()
            if earlier is not None and type(graph) is cls and same_frame(earlier, process):
                g = graph._with_steps(process)
                break
        else:
            g = cls._merged(process) if share else None
            if g is None:
                g = cls.__new__(cls)
                g._build(process)
                g.frame = Frame()
                g.origin = None
        if share:
            _RECENT[:] = [*_RECENT[-(_KEPT - 1):], (weakref.ref(process), weakref.ref(g))]
        return g

    def _with_steps(self, process: Process) -> FlowGraph:
        """This graph with the columns of what the steps do read from ``process`` (of the
        same frame) and everything else shared."""
        g = type(self).__new__(type(self))
        for name in self._STRUCTURE:
            setattr(g, name, getattr(self, name))
        g.steps = process.steps
        g._columns_from(self, process.steps)
        g.origin = None
        return g

    @classmethod
    def _merged(cls, process: Process) -> FlowGraph | None:
        """The graph of ``process`` worked out from a recent graph of which it is a
        :func:`~bpmodel.analysis.components.series_merge` of two neighbouring steps
        whose flows keep their places (as the simplify engine's compose-steps makes it):
        a fresh build meets the nodes and edges in the same order, the second step and the
        flow into it left out, so every list is the earlier one without them (and every
        place after them one lower). None when there is no such graph."""
        for known, kept in reversed(_RECENT):
            earlier, graph = known(), kept()
            if earlier is None or type(graph) is not cls or \
                    len(earlier.steps) != len(process.steps) + 1:
                continue
            places = series_merge_places(earlier, process)
            if places is not None and (merged := graph._without(earlier, process, *places)):
                return merged
        return None

    def _without(self, earlier: Process, process: Process, first: int,
                 gone: int) -> FlowGraph | None:
        """This graph (of ``earlier``) with step ``gone`` merged into ``first`` (their
        places in ``earlier``, as their nodes here), as ``process`` has it; None unless
        the two are neighbours, the flow between them is the only way into the second,
        and the flows keep their places. Each column is the earlier one without the
        second step's (or the flow's) place, copied and cut at C speed."""
        if gone != first + 1 or len(self.out[first]) != 1 or self.inc[gone] != self.out[first] \
                or not (earlier.actors is process.actors or earlier.actors == process.actors):
            return None
        between = self.out[first][0]
        real = len(earlier.flows)
        if not _edges_of_all(self.flows, real) or len(process.flows) != real - 1:
            return None
        kept = _cut(earlier.flows, between)
        first_id, second_id = self.ids[first], self.ids[gone]
        for i in compress(count(), map(is_not, kept, process.flows)):
            x = kept[i]
            if (replace(x, source=first_id) if x.source == second_id else x) != process.flows[i]:
                return None
        # the new number of each node (the second step's flows leave from the first) and
        # of each edge, as lists: looked up at C speed
        size, edges = self.size, len(self.src)
        node = list(range(size))
        node[gone:] = [first, *range(gone, size - 1)]
        edge = list(range(edges))
        edge[between + 1:] = range(between, edges - 1)

        g = type(self).__new__(type(self))
        g.n = self.n - 1
        for name in ("ids", "types", "kinds", "parents", "subprocess", "join", "split",
                     "reached"):
            setattr(g, name, _cut(getattr(self, name), gone))
        g._index = None  # made when asked (see index)
        g.source, g.sink = node[self.source], node[self.sink]
        renumber = node.__getitem__
        g.src = list(map(renumber, self.src))
        g.dst = list(map(renumber, self.dst))  # only the flow between ends at the second
        del g.src[between], g.dst[between]
        for name in ("weight", "chance", "default", "back"):
            setattr(g, name, _cut(getattr(self, name), between))
        g.flows = [*process.flows, *self.flows[real:]]
        # each node's flows, in the same order: renumbered from the first step on, and
        # before it only where a flow numbered after the one between leaves (or enters);
        # the other lists are the earlier graph's own (no graph changes its lists)
        later = between + 1
        out = _renumbered(self.out, first, edge, self.src[later:])
        out[first] = out[gone]
        del out[gone]
        inc = _renumbered(self.inc, first, edge, self.dst[later:])
        del inc[gone]
        g.out, g.inc = out, inc
        order = self.order.copy()
        order.remove(gone)
        g.order = list(map(renumber, order))
        g.looping = set(map(renumber, self.looping))
        g.ends = list(map(renumber, self.ends))
        g.steps = process.steps
        changed = g._columns_from(self, process.steps, gone)
        g.frame = self.frame.merged(earlier.steps[first], earlier.steps[gone],
                                    process.steps[first], self.flows[between])
        g.origin = self._merge_origin(g, first, gone, tuple(changed))
        return g

    def _chained(self, v: int) -> bool:
        """Whether the block reduction absorbs node ``v`` into a chain (one flow in, one
        out, not to itself: see :class:`bpmodel.analysis.blocks._Reducer`)."""
        out = self.out[v]
        return (self.reached[v] and len(out) == 1 and len(self.inc[v]) == 1
                and self.dst[out[0]] != v)

    def _merge_origin(self, merged: FlowGraph, first: int, gone: int,
                      changed: tuple[int, ...]) -> Origin | None:
        """What ``merged`` (this graph with step ``gone`` merged into ``first``) keeps of
        this graph's block tree: when ``first`` or ``gone`` is absorbed into a chain, the
        reduction of ``merged`` takes the same steps in the same order (the same nodes
        stay, with the merged step for the one not in a chain), so its tree is this
        graph's with one step left out of a sequence and the other standing for the
        merged one (:class:`Origin`). None when neither is in a chain (two nodes
        become one: the reduction may take another order)."""
        first_chained, second_chained = self._chained(first), self._chained(gone)
        if not (first_chained or second_chained) \
                or merged._chained(first) != (first_chained and second_chained):
            return None
        # the step that stays in the tree for the merged one, and the one left out
        stays, left = (gone, first) if first_chained and not second_chained else (first, gone)
        return Origin(weakref.ref(self), first, gone, stays, left, changed)

    @property
    def size(self) -> int:
        """How many nodes: the steps, the source and sink, and virtual gateways."""
        return len(self.out)

    def _build(self, process: Process) -> None:
        self._link(process, 2)
        n = self.n
        self.source, self.sink = n, n + 1
        self.split = [_GATEWAY_KINDS.get(k or "xor", XOR) if t == GATEWAY else AND
                      for t, k in zip(self.types, self.kinds, strict=True)]
        self.join = [k if t == GATEWAY else XOR for k, t in zip(self.split, self.types,
                                                                 strict=True)]
        self.split += [XOR, XOR]
        self.join += [XOR, ANY]
        flows = self.flows
        self.default = [f.default for f in flows]
        self.weight = [1.0] * len(self.src)
        self.chance: list[float | None] = [None] * len(self.src)
        boundary = [f.kind == BOUNDARY for f in flows]
        guarded = {self.src[e] for e, b in enumerate(boundary) if b}
        for v, edges in enumerate(self.out):
            if v in guarded:
                edges = [e for e in edges if not boundary[e]]
            if len(edges) > 1:
                weights, chances = branch_weights(self.steps[v], tuple(flows[e] for e in edges))
                for e, weight, chance in zip(edges, weights, chances, strict=True):
                    self.weight[e], self.chance[e] = weight, chance
        finished = {*self.ends, *(v for v in guarded if all(boundary[e] for e in self.out[v]))}
        scope_end, exit_of = self._expand(boundary)
        for v in sorted(finished):
            end = scope_end.get(v, self.sink)
            if end is not None:
                self._virtual(exit_of.get(v, v), end, 1.0)
        boundary += [False] * (len(self.src) - len(boundary))  # the virtual edges so far
        for v in sorted(guarded):
            self._guard(v, boundary)
        self._start(process, scope_end)
        self._search()
        self._check_ends()

    # -- BPMN: sub-processes, boundary events, pools --------------------------------------
    def _node(self, split: str) -> int:
        """A new virtual gateway that splits as ``split``."""
        self.out.append([])
        self.inc.append([])
        self.split.append(split)
        self.join.append(XOR)
        return len(self.out) - 1

    def _move(self, e: int, source: int, weight: float | None = None,
              chance: float | None = None) -> None:
        """Let edge ``e`` leave from ``source`` instead (with a new weight and chance)."""
        self.out[self.src[e]].remove(e)
        self.src[e] = source
        self.out[source].append(e)
        if weight is not None:
            self.weight[e], self.chance[e] = weight, chance

    def _virtual(self, source: int, target: int, weight: float,
                 chance: float | None = None) -> None:
        self._edge(source, target, None)
        self.weight.append(weight)
        self.chance.append(chance)
        self.default.append(False)

    def _expand(self, boundary: list[bool]) -> tuple[dict[int, int | None], dict[int, int]]:
        """Expand the sub-processes that hold steps. Returns, for the steps inside one,
        where their flow ends (the sub-process's exit node; None inside an event
        sub-process, which is left out), and for each expanded sub-process its exit."""
        inside: dict[int, list[int]] = {}
        for v, parent in enumerate(self.parents):
            if parent is not None and (s := self.index.get(parent)) is not None \
                    and self.subprocess[s]:
                inside.setdefault(s, []).append(v)
        scope_end: dict[int, int | None] = {}
        exit_of: dict[int, int] = {}
        for s, kids in inside.items():
            if self.kinds[s] == "event-subprocess":
                scope_end.update((v, None) for v in kids)
                continue
            exit_node = self._node(self.split[s])
            exit_of[s] = exit_node
            scope_end.update((v, exit_node) for v in kids)
            for e in [e for e in self.out[s] if not boundary[e]]:
                self._move(e, exit_node)
            starts = [v for v in kids if self.types[v] == EVENT and self.kinds[v] == "start"]
            kid_set = set(kids)
            starts = starts or [v for v in kids
                                if not any(self.src[e] in kid_set for e in self.inc[v])]
            for v in starts:
                self._virtual(s, v, 1.0)
        return scope_end, exit_of

    def _guard(self, v: int, boundary: list[bool]) -> None:
        """Route the flows of activity ``v`` through virtual gateways for its boundary
        events: ``v -> or(non-interrupting, on) -> xor(interrupting, on) -> own flows``."""
        own = [e for e in self.out[v] if not boundary[e]]
        guards = [e for e in self.out[v] if boundary[e]]

        def chance(e: int) -> float:
            return self.flows[e].probability or 0.0

        stopping = [e for e in guards if self.steps[self.dst[e]].interrupting]
        beside = [e for e in guards if not self.steps[self.dst[e]].interrupting]
        head = v
        if beside:
            node = self._node(OR)
            self._virtual(head, node, 1.0)
            for e in beside:
                self._move(e, node, chance(e), chance(e))
            head = node
        if stopping:
            node = self._node(XOR)
            self._virtual(head, node, 1.0, 1.0 if head != v else None)
            total = sum(chance(e) for e in stopping)
            scale = 1.0 / total if total > 1.0 else 1.0
            for e in stopping:
                self._move(e, node, chance(e) * scale)
            head, rest = node, max(0.0, 1.0 - total)
        else:
            rest = 1.0
        if len(own) == 1:
            self._move(own[0], head, rest, 1.0 if self.split[head] == OR else None)
        elif own:
            node = self._node(self.split[v])
            self._virtual(head, node, rest, 1.0 if self.split[head] == OR else None)
            for e in own:
                self._move(e, node)

    def _start(self, process: Process, scope_end: dict[int, int | None]) -> None:
        """The source leads to the start events outside sub-processes (or the first such
        step): side by side across pools, alternatives within one."""
        top = [v for v in range(self.n) if v not in scope_end]
        starts = [v for v in top if self.types[v] == EVENT and self.kinds[v] == "start"]
        starts = starts or top[:1]
        pools: dict[str | None, list[int]] = {}
        for v in starts:
            actor = process.actor(self.actors[v])
            pools.setdefault(actor.pool if actor is not None else None, []).append(v)
        if len(pools) > 1:
            self.split[self.source] = AND
        for group in pools.values():
            head = self.source
            if len(pools) > 1 and len(group) > 1:
                head = self._node(XOR)
                self._virtual(self.source, head, 1.0)
            for v in group:
                self._virtual(head, v, 1.0 / len(group) if head != self.source
                              or len(pools) == 1 else 1.0)

    def _search(self) -> None:
        search = depth_first(self.out, [self.source], target=self.dst)
        back = self.back = search.back_flags(len(self.dst))
        self.order = search.post_order[::-1]
        self.reached = search.reached
        self.looping = {self.src[e] for e, is_back in enumerate(back) if is_back}

    def _check_ends(self) -> None:
        if not self.steps:
            raise AnalysisError("the process has no steps")
        if not self.reached[self.sink]:
            raise AnalysisError("the process has no end: every step leads on to another",
                                list(self.ids))
        before = [[self.src[e] for e in self.inc[v] if self.reached[self.src[e]]]
                  for v in range(self.size)]
        finishing = reachable(before, [self.sink])
        stuck = [self.ids[v] for v in self.order if v < self.n and not finishing[v]]
        if stuck:
            raise AnalysisError(f"there is no way to the end from steps {name_steps(stuck)}: "
                                f"they only loop", stuck)

    # -- helpers --------------------------------------------------------------------------
    def step_id(self, v: int) -> str | None:
        """The step id of node ``v`` (None for the virtual source and sink)."""
        return self.ids[v] if v < self.n else None

    def forward(self, v: int) -> list[int]:
        """The outgoing edges of ``v`` that are not back edges (do not change the list)."""
        if v in self.looping:
            return [e for e in self.out[v] if not self.back[e]]
        return self.out[v]

