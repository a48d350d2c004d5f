"""The block structure of a process: sequences, choices, parallel and inclusive blocks, loops.

A process is *block-structured* when it can be read as nested blocks, each with one
way in and one way out. Its structure is then a tree of *fragments*, found by
reducing the graph with four local rules until a single flow from start to end is
left (the reduction rules of Cardoso et al., *Quality of service for workflows and
web service processes*, 2004, in the series-parallel style):

- **absorb**: a step with one incoming and one outgoing flow joins them into one
  flow that carries ``flow, step, flow`` in sequence;
- **merge**: a join whose only flow leads to a split whose only incoming flow it is
  become one node (join, then split);
- **block**: two or more flows from the same split to the same join become one flow
  carrying a *choice* (``xor`` to ``xor``), a *parallel* block (``and`` to ``and``) or
  an *inclusive* block (``or`` to ``or``, all branches of the split); the end of the
  process joins any kind;
- **loop**: a flow from an ``xor`` split back into its own node (an ``xor`` join)
  becomes a *loop*: the node's part runs, and with the flow's probability ``p`` the
  flow's part runs and the node again.

Runs of steps with one flow in and one out (most tasks) are absorbed first, in one
pass, each into a flat sequence. Every rule removes a step or a flow and re-queues
only the nodes whose flows it changed, so the reduction is linear in the size of
the process, up to the degree of its gateways. Whatever does not reduce (an
unstructured part, or an unsound one such as an ``xor`` split whose branches meet
at an ``and`` join) is left as a *core*: a small graph whose nodes and flows carry
the fragments reduced so far; :mod:`bpmodel.analysis.expectation` evaluates it
with linear flow equations.

Fragments are plain values, so that 100,000 of them stay small: a step is its node
number (an int); the blocks are ``(SEQ, parts)``, ``(CHOICE, probabilities, parts)``,
``(PARALLEL, parts)``, ``(INCLUSIVE, chances, parts)`` (chance None: the default
branch) and ``(LOOP, do, redo, p)``; ``None`` is the empty fragment. A fragment
belongs to one place in the tree and is not changed once reduced.

>>> from bpmodel.model import Flow, Process, Step
>>> p = Process("p", "P", steps=(
...     Step("a", "A"), Step("g", "G", "gateway", "xor"), Step("b", "B"), Step("c", "C"),
...     Step("h", "H", "gateway", "xor"), Step("d", "D")), flows=(
...     Flow("a", "g"), Flow("g", "b", 0.25), Flow("g", "c", 0.75), Flow("b", "h"),
...     Flow("c", "h"), Flow("h", "d")))
>>> reduction = reduce_blocks(FlowGraph.of(p))
>>> show(reduction.tree, lambda v: p.steps[v].id)
'a, g, choice(0.25: b | 0.75: c), h, d'
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable

from .errors import AnalysisError, name_steps
from .flowgraph import AND, ANY, OR, XOR, FlowGraph

SEQ, CHOICE, PARALLEL, INCLUSIVE, LOOP = range(1, 6)
ENDLESS = 1 - 1e-9

Fragment = int | tuple | None


def seq(*parts: Fragment) -> Fragment:
    """The fragment running ``parts`` one after the other (None parts are left out)."""
    kept = tuple(p for p in parts if p is not None)
    if not kept:
        return None
    if len(kept) == 1:
        return kept[0]
    return (SEQ, kept)


def children(fragment: tuple) -> tuple:
    """The sub-fragments of a fragment, in order (empty for a leaf)."""
    if isinstance(fragment, int):
        return ()
    tag = fragment[0]
    if tag in (SEQ, PARALLEL):
        return fragment[1]
    if tag in (CHOICE, INCLUSIVE):
        return fragment[2]
    return (fragment[1], fragment[2])


def leaves(fragment: Fragment) -> list[int]:
    """The nodes of a fragment's steps, in order (iterative: any depth)."""
    out: list[int] = []
    stack = [fragment]
    while stack:
        f = stack.pop()
        if f is None:
            continue
        if isinstance(f, int):
            out.append(f)
        else:
            stack.extend(reversed(children(f)))
    return out


def show(fragment: Fragment, name: Callable[[int], str]) -> str:
    """A fragment as short text, for tests and debugging (recursive: small fragments only)."""
    if fragment is None:
        return "-"
    if isinstance(fragment, int):
        return name(fragment)
    tag = fragment[0]
    if tag == SEQ:
        return ", ".join(show(f, name) for f in fragment[1])
    if tag == CHOICE:
        return "choice(" + " | ".join(f"{p:g}: {show(f, name)}"
                                      for p, f in zip(fragment[1], fragment[2], strict=True)) + ")"
    if tag == PARALLEL:
        return "parallel(" + " | ".join(show(f, name) for f in fragment[1]) + ")"
    if tag == INCLUSIVE:
        return "inclusive(" + " | ".join(
            f"{'default' if c is None else f'{c:g}'}: {show(f, name)}"
            for c, f in zip(fragment[1], fragment[2], strict=True)) + ")"
    return f"loop({show(fragment[1], name)} / {fragment[3]:g}: {show(fragment[2], name)})"


class Reduction:
    """The outcome of :func:`reduce_blocks`.

    ``tree`` is the fragment of the whole process when it is block-structured, else
    None and the *core* is what is left: ``nodes`` (alive node numbers, source and
    sink included) with ``node_fragment``, ``join`` and ``split`` kinds, and
    ``edges`` with ``src``, ``dst``, ``weight``, ``chance`` and ``edge_fragment``.
    """

    __slots__ = ("tree", "nodes", "edges", "node_fragment", "edge_fragment", "join", "split",
                 "src", "dst", "weight", "chance", "source", "sink")

    @property
    def structured(self) -> bool:
        return self.nodes is None


def reduce_blocks(graph: FlowGraph) -> Reduction:
    """Reduce the process to its block tree, or as far as it goes (see the module doc).

    Raises :class:`AnalysisError` for a loop that never ends (it repeats with
    probability 1, or a parallel split sends a branch back into its own loop). The
    reduction reads only the structure of the graph, so graphs of one frame (see
    :func:`bpmodel.analysis.flowgraph.same_frame`) share it.
    """
    frame = graph.frame
    if frame.reduction is None:
        frame.reduction = _Reducer(graph).run()
    return frame.reduction


class _Reducer:
    def __init__(self, g: FlowGraph):
        self.g = g
        size = g.size
        out, inc, dst = g.out, g.inc, g.dst
        # Chains first: the steps with one flow in and one out (most tasks) are absorbed in
        # one linear pass, each run of them into a single flow carrying a flat sequence.
        chained = [g.reached[v] and len(out[v]) == 1 and len(inc[v]) == 1 and dst[out[v][0]] != v
                   for v in range(g.n)] + [False, False] + [
            g.reached[v] and len(out[v]) == 1 and len(inc[v]) == 1 and dst[out[v][0]] != v
            for v in range(g.n + 2, size)]
        self.alive = [r and not c for r, c in zip(g.reached, chained, strict=True)]
        self.frag: list[Fragment] = [*range(g.n)] + [None] * (size - g.n)
        self.join = list(g.join)
        self.split = list(g.split)
        self.src: list[int] = []
        self.dst: list[int] = []
        self.weight: list[float] = []
        self.chance: list[float | None] = []
        self.efrag: list[Fragment] = []
        alive = self.alive
        self.ins: list[list[int] | None] = [[] if a else None for a in alive]
        self.outs: list[list[int] | None] = [[] if a else None for a in alive]
        for u in range(size):
            if not alive[u]:
                continue
            for e in out[u]:
                w = dst[e]
                run = []
                while chained[w]:
                    if w < g.n:  # a virtual gateway adds nothing to the sequence
                        run.append(w)
                    w = dst[out[w][0]]
                self.add_edge(u, w, g.weight[e], g.chance[e],
                              None if not run else run[0] if len(run) == 1 else (SEQ, run))
        self.virtual = (g.source, g.sink)
        self.queued = [False] * size
        self.queue: deque[int] = deque()

    def add_edge(self, u: int, w: int, weight: float, chance: float | None,
                 fragment: Fragment) -> None:
        e = len(self.src)
        self.src.append(u)
        self.dst.append(w)
        self.weight.append(weight)
        self.chance.append(chance)
        self.efrag.append(fragment)
        self.outs[u].append(e)
        self.ins[w].append(e)

    # -- bookkeeping ------------------------------------------------------------------------
    # Whether a rule applies to a node depends only on its own flows and on the degree of
    # its neighbours across them; each rule re-queues the nodes whose flows it changed.
    def push(self, v: int) -> None:
        if self.alive[v] and not self.queued[v]:
            self.queued[v] = True
            self.queue.append(v)

    def drop_edge(self, e: int) -> None:
        self.outs[self.src[e]].remove(e)
        self.ins[self.dst[e]].remove(e)

    def names(self, fragment: Fragment) -> list[str]:
        return [self.g.steps[v].id for v in leaves(fragment)]

    # -- the rules --------------------------------------------------------------------------
    def run(self) -> Reduction:
        g = self.g
        for v in g.order:
            if self.alive[v]:
                self.push(v)
        while self.queue:
            v = self.queue.popleft()
            self.queued[v] = False
            if self.alive[v]:
                self.visit(v)
        return self.result()

    def visit(self, v: int) -> None:
        while self.alive[v]:
            if not (self.loop(v) or self.block(v) or self.absorb(v) or self.merge(v)):
                return

    def loop(self, v: int) -> bool:
        for e in self.outs[v]:
            if self.dst[e] == v:
                break
        else:
            return False
        if self.join[v] != XOR:
            return False
        if self.split[v] == AND:
            steps = self.names(seq(self.frag[v], self.efrag[e]))
            raise AnalysisError(f"endless loop: steps {name_steps(steps)} run again in "
                                f"parallel every time they run, so the loop never ends", steps)
        if self.split[v] != XOR:
            return False
        p = self.weight[e]
        exits = [o for o in self.outs[v] if o != e]
        if p >= ENDLESS or not exits:
            steps = self.names(seq(self.frag[v], self.efrag[e]))
            raise AnalysisError(f"endless loop: steps {name_steps(steps)} repeat with "
                                f"probability {p:g}, so the loop never ends", steps)
        self.drop_edge(e)
        for o in exits:
            self.weight[o] /= 1.0 - p
        self.frag[v] = (LOOP, self.frag[v], self.efrag[e], p)
        return True  # only v changed, and visit() goes on with it

    def block(self, v: int) -> bool:
        outs = self.outs[v]
        if len(outs) < 2:
            return False
        if len(outs) == 2:
            a, b = outs
            w = self.dst[a]
            return w == self.dst[b] and w != v and self.join_block(v, w, [a, b])
        groups: dict[int, list[int]] = {}
        for e in outs:
            w = self.dst[e]
            if w != v:
                groups.setdefault(w, []).append(e)
        return any(len(edges) > 1 and self.join_block(v, w, edges)
                   for w, edges in groups.items())

    def join_block(self, u: int, w: int, edges: list[int]) -> bool:
        kind, join = self.split[u], self.join[w]
        if join not in (kind, ANY):
            return False
        if kind == OR and len(edges) != len(self.outs[u]):
            return False
        parts = tuple(self.efrag[e] for e in edges)
        if kind == XOR:
            total = sum(self.weight[e] for e in edges)
            probabilities = tuple(self.weight[e] / total if total > 0 else 1.0 / len(edges)
                                  for e in edges)
            fragment, weight = (CHOICE, probabilities, parts), total
        elif kind == AND:
            fragment, weight = (PARALLEL, parts), 1.0
        else:
            fragment, weight = (INCLUSIVE, tuple(self.chance[e] for e in edges), parts), 1.0
        first = edges[0]
        for e in edges[1:]:
            self.drop_edge(e)
        self.weight[first], self.chance[first], self.efrag[first] = weight, None, fragment
        self.push(u)  # fewer flows out of u and into w: they may
        self.push(w)  # now absorb or merge
        return True

    def absorb(self, v: int) -> bool:
        if v in self.virtual or len(self.ins[v]) != 1 or len(self.outs[v]) != 1:
            return False
        (a,) = self.ins[v]
        (b,) = self.outs[v]
        u, w = self.src[a], self.dst[b]
        if u == v or w == v:
            return False
        # flow ``a`` keeps its place among the flows out of ``u`` and now ends at ``w``
        self.efrag[a] = seq(self.efrag[a], self.frag[v], self.efrag[b])
        self.drop_edge(b)
        self.ins[v] = self.outs[v] = None
        self.dst[a] = w
        self.ins[w].append(a)
        self.alive[v] = False
        self.push(u)  # u -> w may now run beside another flow, close a loop or merge
        return True

    def merge(self, v: int) -> bool:
        if v in self.virtual:
            return False
        if len(self.outs[v]) == 1:
            (e,) = self.outs[v]
            w = self.dst[e]
            if w not in self.virtual and w != v and len(self.ins[w]) == 1:
                self.merge_into(v, e, w)
                return True
        if len(self.ins[v]) == 1:
            (e,) = self.ins[v]
            u = self.src[e]
            if u not in self.virtual and u != v and len(self.outs[u]) == 1:
                self.merge_into(u, e, v)
                return True
        return False

    def merge_into(self, u: int, e: int, w: int) -> None:
        """Node ``w``, whose only incoming flow ``e`` is the only flow out of ``u``, joins ``u``."""
        self.drop_edge(e)
        self.frag[u] = seq(self.frag[u], self.efrag[e], self.frag[w])
        self.split[u] = self.split[w]
        moved = self.outs[w]
        self.ins[w] = self.outs[w] = None
        for o in moved:
            self.src[o] = u
        self.outs[u] = moved  # its only flow, e, is gone
        self.alive[w] = False
        self.push(u)

    # -- the outcome ------------------------------------------------------------------------
    def result(self) -> Reduction:
        g = self.g
        out = Reduction()
        out.source, out.sink = g.source, g.sink
        remaining = self.outs[g.source]
        nodes = [v for v in range(g.size) if self.alive[v] and v not in self.virtual]
        if not nodes and len(remaining) == 1:
            (e,) = remaining
            if self.dst[e] == g.sink:
                out.tree = self.efrag[e]
                out.nodes = None
                return out
        out.tree = None
        out.nodes = [g.source, *nodes, g.sink]
        out.edges = [e for v in out.nodes for e in self.outs[v]]
        # the core's flows are numbered by the reducer: its lists go with them
        out.node_fragment = self.frag
        out.edge_fragment = self.efrag
        out.join, out.split = self.join, self.split
        out.src, out.dst, out.weight, out.chance = self.src, self.dst, self.weight, self.chance
        return out


def unreduced(graph: FlowGraph) -> Reduction:
    """The whole process as a core, with no block reduced: what the flow equations of
    :mod:`bpmodel.analysis.expectation` evaluate when nothing is block-structured. Tests
    compare both ways on block-structured processes."""
    out = Reduction()
    out.tree = None
    out.source, out.sink = graph.source, graph.sink
    out.nodes = [graph.source, *(v for v in range(graph.size)
                                 if graph.reached[v] and v not in (graph.source, graph.sink)),
                 graph.sink]
    out.edges = [e for v in out.nodes for e in graph.out[v]]
    out.node_fragment = [*range(graph.n)] + [None] * (graph.size - graph.n)
    out.edge_fragment = [None] * len(graph.src)
    out.join, out.split = list(graph.join), list(graph.split)
    out.src, out.dst = list(graph.src), list(graph.dst)
    out.weight, out.chance = list(graph.weight), list(graph.chance)
    return out
