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

from ..model import Flow, Process, Step
from .errors import AnalysisError, name_steps

XOR, AND, OR, ANY = "xor", "and", "or", "any"
OR_UNKNOWN_CHANCE = 0.5
_GATEWAY_KINDS = {"xor": XOR, "event": XOR, "and": AND, "or": OR, "complex": OR}


def split_kind(step: Step) -> str:
    """How a step forks its outgoing flows: ``xor``, ``and`` or ``or``."""
    if step.is_gateway:
        return _GATEWAY_KINDS.get(step.kind or "xor", XOR)
    return AND


def join_kind(step: Step) -> str:
    """How a step merges its incoming flows: ``xor``, ``and`` or ``or``."""
    if step.is_gateway:
        return _GATEWAY_KINDS.get(step.kind or "xor", XOR)
    return XOR


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


class FlowGraph:
    """Steps as integer nodes with flows as edges, a virtual source and sink, and back edges.

    Built once by :meth:`of` and never changed afterwards. ``out[v]`` and ``inc[v]``
    list edge numbers; ``src``, ``dst``, ``weight``, ``chance``, ``default`` and
    ``back`` are indexed by edge; ``order`` lists the reached nodes in topological
    order of the acyclic graph without back edges (source first, sink last).
    """

    __slots__ = ("process", "steps", "index", "n", "source", "sink", "src", "dst",
                 "weight", "chance", "default", "out", "inc", "join", "split", "back",
                 "order", "reached")

    @classmethod
    def of(cls, process: Process) -> FlowGraph:
        g = cls.__new__(cls)
        g._build(process)
        return g

    def _build(self, process: Process) -> None:
        self.process = process
        self.steps = process.steps
        n = self.n = len(self.steps)
        self.index = {s.id: i for i, s in enumerate(self.steps)}
        self.source, self.sink = n, n + 1
        self.src: list[int] = []
        self.dst: list[int] = []
        self.weight: list[float] = []
        self.chance: list[float | None] = []
        self.default: list[bool] = []
        self.out: list[list[int]] = [[] for _ in range(n + 2)]
        self.inc: list[list[int]] = [[] for _ in range(n + 2)]
        self.join = [join_kind(s) for s in self.steps] + [XOR, ANY]
        self.split = [split_kind(s) for s in self.steps] + [XOR, XOR]
        index = self.index
        for i, step in enumerate(self.steps):
            flows = tuple(f for f in process.outgoing(step.id) if f.target in index)
            if not flows:
                if not process.outgoing(step.id):
                    self._edge(i, self.sink, 1.0, None, False)
                continue
            weights, chances = branch_weights(step, flows)
            for flow, weight, chance in zip(flows, weights, chances, strict=True):
                self._edge(i, index[flow.target], weight, chance, flow.default)
        starts = [index[s.id] for s in process.start_steps()]
        for start in starts:
            self._edge(self.source, start, 1.0 / len(starts), None, False)
        self._search()
        self._check_ends()

    def _edge(self, source: int, target: int, weight: float, chance: float | None,
              default: bool) -> None:
        e = len(self.src)
        self.src.append(source)
        self.dst.append(target)
        self.weight.append(weight)
        self.chance.append(chance)
        self.default.append(default)
        self.out[source].append(e)
        self.inc[target].append(e)

    def _search(self) -> None:
        back, post, reached = depth_first(self.source, self.out, self.dst, self.n + 2)
        self.back = back
        self.order = post[::-1]
        self.reached = reached

    def _check_ends(self) -> None:
        if not self.reached[self.sink]:
            raise AnalysisError("the process has no end: every step leads on to another",
                                [s.id for s in self.steps])
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
        stuck = [self.steps[v].id for v in self.order if not finishing[v]]
        if stuck:
            raise AnalysisError(f"there is no way to the end from steps {name_steps(stuck)}: "
                                f"they only loop", stuck)

    # -- helpers --------------------------------------------------------------------------
    def step_id(self, v: int) -> str | None:
        """The step id of node ``v`` (None for the virtual source and sink)."""
        return self.steps[v].id if v < self.n else None

    def forward(self, v: int) -> list[int]:
        """The outgoing edges of ``v`` that are not back edges."""
        return [e for e in self.out[v] if not self.back[e]]


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
