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

from collections import deque
from math import prod

from ..model import GATEWAY, TASK, Flow, Process, Step
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
    ``fees``, ``needs``, ``produces``), so that the analysis touches every step object
    once: on a large process, going back to scattered objects again and again costs
    more than the work itself. ``src[e]`` and ``dst[e]`` are the step numbers of flow
    ``e`` (``flows[e]`` the flow), ``out[v]`` and ``inc[v]`` the flows of step ``v`` in
    file order, ``ends`` the steps without any outgoing flow. Unlike
    :class:`FlowGraph` it accepts any process, sound or not.

    >>> from bpmodel.model import Flow, Process, Step
    >>> links = Links.of(Process("p", "P", steps=(Step("a", "A"), Step("b", "B")),
    ...                          flows=(Flow("a", "b"), Flow("a", "nowhere"))))
    >>> links.src, links.dst, links.ends, links.after(0), links.ids
    ([0], [1], [1], [1], ['a', 'b'])
    """

    __slots__ = ("steps", "index", "n", "src", "dst", "flows", "out", "inc", "ends", "ids",
                 "types", "kinds", "actors", "contacts", "waits", "works", "fees", "needs",
                 "produces")

    @classmethod
    def of(cls, process: Process) -> Links:
        links = cls.__new__(cls)
        links._link(process, 0)
        return links

    def _link(self, process: Process, spare: int) -> None:
        steps = self.steps = process.steps
        n = self.n = len(steps)
        self.ids, self.types, self.kinds, self.actors, self.contacts = [], [], [], [], []
        self.waits, self.works, self.fees, self.needs, self.produces = [], [], [], [], []
        for s in steps:
            self.ids.append(s.id)
            self.types.append(s.type)
            self.kinds.append(s.kind)
            self.actors.append(s.actor)
            self.contacts.append(s.contact)
            self.waits.append(s.wait.hours)
            self.works.append(s.work.hours)
            self.fees.append(s.fee)
            self.needs.append(s.needs)
            self.produces.append(s.produces)
        index = self.index = dict(zip(self.ids, range(n), strict=True))
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

    @property
    def tasks(self) -> list[bool]:
        """Whether each step is a task."""
        return [t == TASK for t in self.types]

    def _edge(self, source: int, target: int, flow: Flow | None) -> int:
        e = len(self.src)
        self.src.append(source)
        self.dst.append(target)
        self.flows.append(flow)
        self.out[source].append(e)
        self.inc[target].append(e)
        return e

    def before(self, v: int) -> list[int]:
        """The steps with a flow into step ``v`` (once per flow)."""
        return [u for e in self.inc[v] if (u := self.src[e]) < self.n]

    def after(self, v: int) -> list[int]:
        """The steps a flow out of step ``v`` leads to (once per flow)."""
        return [w for e in self.out[v] if (w := self.dst[e]) < self.n]


class FlowGraph(Links):
    """Steps as integer nodes with flows as edges, a virtual source and sink, and back edges.

    Built once by :meth:`of` and never changed afterwards. ``out[v]`` and ``inc[v]``
    list edge numbers; ``src``, ``dst``, ``weight``, ``chance``, ``default`` and
    ``back`` are indexed by edge; ``order`` lists the reached nodes in topological
    order of the acyclic graph without back edges (source first, sink last).
    """

    __slots__ = ("source", "sink", "weight", "chance", "default", "join", "split", "back",
                 "order", "reached", "looping")

    @classmethod
    def of(cls, process: Process) -> FlowGraph:
        g = cls.__new__(cls)
        g._build(process)
        return g

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
        self.default = [f.default for f in self.flows]
        self.weight = [1.0] * len(self.src)
        self.chance: list[float | None] = [None] * len(self.src)
        for v, edges in enumerate(self.out):
            if len(edges) > 1:
                weights, chances = branch_weights(self.steps[v],
                                                  tuple(self.flows[e] for e in edges))
                for e, weight, chance in zip(edges, weights, chances, strict=True):
                    self.weight[e], self.chance[e] = weight, chance
        for v in self.ends:
            self._virtual(v, self.sink, 1.0)
        starts = [self.index[s.id] for s in process.start_steps()]
        for start in starts:
            self._virtual(self.source, start, 1.0 / len(starts))
        self._search()
        self._check_ends()

    def _virtual(self, source: int, target: int, weight: float) -> None:
        self._edge(source, target, None)
        self.weight.append(weight)
        self.chance.append(None)
        self.default.append(False)

    def _search(self) -> None:
        back, post, reached = depth_first(self.source, self.out, self.dst, self.n + 2)
        self.back = back
        self.order = post[::-1]
        self.reached = reached
        self.looping = {self.src[e] for e, is_back in enumerate(back) if is_back}

    def _check_ends(self) -> None:
        if not self.steps:
            raise AnalysisError("the process has no steps")
        if not self.reached[self.sink]:
            raise AnalysisError("the process has no end: every step leads on to another",
                                list(self.ids))
        finishing = [False] * (self.n + 2)
        finishing[self.sink] = True
        queue = deque([self.sink])
        while queue:
            v = queue.popleft()
            for e in self.inc[v]:
                u = self.src[e]
                if not finishing[u] and self.reached[u]:
                    finishing[u] = True
                    queue.append(u)
        stuck = [self.ids[v] for v in self.order if not finishing[v]]
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


def depth_first(source: int, out: list, dst: list[int],
                size: int) -> tuple[list[bool] | dict[int, bool], list[int], list[bool]]:
    """Iterative depth-first search from ``source`` over ``out[v]`` (edge numbers) and
    ``dst[e]``: which edges are back edges (as a list when ``dst`` is one), the nodes in
    post-order, and which nodes were reached.

    >>> back, post, reached = depth_first(0, [[0], [1], [2]], [1, 2, 0], 3)
    >>> back, post
    ([False, False, True], [2, 1, 0])
    """
    state = [0] * size  # 0 unseen, 1 on the stack, 2 finished
    back = [False] * len(dst)
    post: list[int] = []
    state[source] = 1
    stack = [(source, 0)]
    while stack:
        v, i = stack[-1]
        edges = out[v]
        if i < len(edges):
            stack[-1] = (v, i + 1)
            e = edges[i]
            w = dst[e]
            if state[w] == 0:
                state[w] = 1
                stack.append((w, 0))
            elif state[w] == 1:
                back[e] = True
        else:
            stack.pop()
            state[v] = 2
            post.append(v)
    return back, post, [s == 2 for s in state]

