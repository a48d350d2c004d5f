"""Cases through the unstructured core of a process, token by token.

What does not reduce to blocks (:mod:`bpmodel.analysis.blocks`) is a small *core*: nodes and
flows that carry the blocks reduced so far. A case runs through it as tokens, with the
semantics of BPMN:

- a node's **split** sends its token down one flow (``xor``, by the flows' probabilities),
  down every flow (``and``), or down each flow with its own chance, the default when no
  other is taken (``or``; without a default, drawn again until one is);
- a node's **join** passes every token that arrives (``xor``), waits for a token on each
  of its flows and goes on with the latest (``and``), or waits until no other token of the
  case can still reach it (``or``: the usual non-local semantics, decided on where the
  tokens are, computed once per core as the places from which a join can be reached
  without passing through it), and goes on with the latest;
- the case is over when its last token reaches the end.

The blocks on the nodes and flows run as in :mod:`bpmodel.simulate.queueing`, which owns the
clock; a :class:`CoreCase` only routes the tokens of one case.
"""

from __future__ import annotations

from collections.abc import Callable

from ..analysis.flowgraph import AND, OR


class Core:
    """A core prepared once: flows in and out of each node, chances, and for each ``or``
    join the places (``("n", node)`` or ``("e", flow)``) from which it can be reached."""

    def __init__(self, reduction):
        r = reduction
        self.source, self.sink = r.source, r.sink
        self.src, self.dst = r.src, r.dst
        self.weight, self.chance = r.weight, r.chance
        self.join, self.split = r.join, r.split
        self.node_fragment, self.edge_fragment = r.node_fragment, r.edge_fragment
        self.out: dict[int, list[int]] = {v: [] for v in r.nodes}
        self.inc: dict[int, list[int]] = {v: [] for v in r.nodes}
        for e in r.edges:
            self.out[r.src[e]].append(e)
            self.inc[r.dst[e]].append(e)
        self.reach = {j: self._reaching(j) for j in r.nodes
                      if r.join[j] == OR and len(self.inc[j]) > 1}

    def _reaching(self, join: int) -> frozenset:
        """The places from which a token can reach ``join`` without passing through it."""
        seen: set = set()
        stack = [("e", e) for e in self.inc[join]]
        while stack:
            place = stack.pop()
            if place in seen:
                continue
            seen.add(place)
            kind, x = place
            if kind == "e":
                if self.src[x] != join:
                    stack.append(("n", self.src[x]))
            else:
                stack.extend(("e", e) for e in self.inc[x])
        return frozenset(seen)


class CoreCase:
    """The tokens of one case in a core. ``run(fragment, t, then)`` runs a block of the
    case from time ``t`` and calls ``then`` with its finish; ``uniform()`` draws a number."""

    def __init__(self, core: Core, run: Callable, uniform: Callable[[], float], t: float,
                 then: Callable[[float], None]):
        self.core = core
        self.run = run
        self.uniform = uniform
        self.then = then
        self.finish = t
        self.places: dict[int, tuple[str, int]] = {}  # live token -> where it is
        self.held: dict[int, dict[int, list[tuple[int, float]]]] = {}  # join -> flow -> tokens
        self.count = 0
        self.enter(self.new_token(("n", core.source)), core.source, t)

    def new_token(self, place: tuple[str, int]) -> int:
        self.count += 1
        self.places[self.count] = place
        return self.count

    # -- moving tokens ----------------------------------------------------------------------
    def enter(self, token: int, v: int, t: float) -> None:
        self.places[token] = ("n", v)
        self.run(self.core.node_fragment[v], t, lambda done: self.leave(token, v, done))

    def leave(self, token: int, v: int, t: float) -> None:
        core = self.core
        movers = []
        for i, e in enumerate(self.chosen(v)):
            moving = token if i == 0 else self.new_token(("e", e))
            self.places[moving] = ("e", e)  # every token has its place before any moves on
            movers.append((moving, e))
        if not movers:  # no way on (cannot happen in a sound core): the token ends here
            del self.places[token]
            self.finish = max(self.finish, t)
            if not self.places and not self.held:
                self.then(self.finish)
                return
        for moving, e in movers:
            self.run(core.edge_fragment[e], t,
                     lambda done, moving=moving, e=e: self.arrive(moving, e, done))
        self.settle()

    def chosen(self, v: int) -> list[int]:
        core = self.core
        edges = [e for e in core.out[v] if core.weight[e] > 0 or core.split[v] == AND]
        if len(edges) <= 1 or core.split[v] == AND:
            return edges
        if core.split[v] == OR:
            while True:
                taken = [e for e in edges if core.chance[e] is not None
                         and self.uniform() < core.chance[e]]
                if taken:
                    return taken
                default = [e for e in edges if core.chance[e] is None]
                if default or not any(core.chance[e] for e in edges):
                    return default[:1]
        total = sum(core.weight[e] for e in edges)
        u, bound = self.uniform() * total, 0.0
        for e in edges:
            bound += core.weight[e]
            if u < bound:
                return [e]
        return [edges[-1]]

    def arrive(self, token: int, e: int, t: float) -> None:
        core = self.core
        w = core.dst[e]
        if w == core.sink:
            del self.places[token]
            self.finish = max(self.finish, t)
            self.settle()
            if not self.places:
                self.then(self.finish)
            return
        kind = core.join[w]
        if kind not in (AND, OR) or len(core.inc[w]) == 1:
            self.enter(token, w, t)
            return
        self.held.setdefault(w, {}).setdefault(e, []).append((token, t))
        if kind == AND:
            flows = self.held[w]
            if all(flows.get(f) for f in core.inc[w]):
                self.fire(w, [flows[f].pop(0) for f in core.inc[w]])
                return
        self.settle()

    def fire(self, w: int, tokens: list[tuple[int, float]]) -> None:
        """A join goes on with one token, at the latest arrival; the others are consumed."""
        keep = tokens[0][0]
        for token, _ in tokens[1:]:
            del self.places[token]
        self.enter(keep, w, max(t for _, t in tokens))

    def settle(self) -> None:
        """Fire every ``or`` join that holds tokens and that no other token can reach."""
        progress = True
        while progress:
            progress = False
            for w, flows in list(self.held.items()):
                if self.core.join[w] != OR:
                    continue
                waiting = [pair for pairs in flows.values() for pair in pairs]
                if not waiting:
                    continue
                mine = {token for token, _ in waiting}
                reach = self.core.reach[w]
                if any(place in reach for token, place in self.places.items()
                       if token not in mine):
                    continue
                del self.held[w]
                self.fire(w, waiting)
                progress = True
                break
