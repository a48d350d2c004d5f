"""Lanes: the bands of pools, agency groups and actors, which lanes are drawn, their order,
and the band each step lies in."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..model import Process, Step


@dataclass
class Band:
    id: str
    name: str
    kind: str
    actor: str | None = None
    synthetic: bool = False
    children: list[Band] = field(default_factory=list)


def lane_tree(process: Process) -> list[Band]:
    """The pools (top-level bands) with their nested lanes, in drawing order."""
    actors = list(process.actors)
    if not actors and not process.pools:
        return []
    lane_actors = [a for a in actors if a.is_lane]
    children_of: dict[str | None, list] = defaultdict(list)
    known = {a.id for a in lane_actors}
    for a in lane_actors:
        children_of[a.parent if a.parent in known else None].append(a)

    taken = {a.id for a in actors} | {p.id for p in process.pools}

    def free(wanted: str) -> str:
        """A band id no actor or pool has: a pool band named like a lane would make
        that lane its own parent."""
        while wanted in taken:
            wanted += "~"
        taken.add(wanted)
        return wanted

    def lane(actor) -> Band:
        return Band(actor.id, actor.name, "lane", actor.id,
                     children=[lane(c) for c in children_of.get(actor.id, ())])

    pools: list[Band] = []
    if process.pools:
        for pool in process.pools:
            band = Band(pool.id, pool.name, "pool")
            if any(a.id == pool.id for a in actors):
                band.actor = pool.id
            band.children = [lane(a) for a in children_of[None] if a.pool == pool.id]
            pools.append(band)
        rest = [a for a in children_of[None] if a.pool not in {p.id for p in process.pools}]
        if rest:
            pools.append(Band(free("_lanes"), "", "pool", synthetic=True,
                               children=[lane(a) for a in rest]))
        return pools
    top: list[Band] = []
    groups: dict[str, Band] = {}
    for a in children_of[None]:
        if a.agency:
            if a.agency not in groups:
                groups[a.agency] = Band(free(f"agency:{a.agency}"), a.agency, "group")
                top.append(groups[a.agency])
            groups[a.agency].children.append(lane(a))
        else:
            top.append(lane(a))
    return [Band(free(process.id), process.name, "pool", synthetic=True, children=top)]


def without_empty_lanes(process: Process, bands: list[Band],
                         kept: set[str] | frozenset[str] = frozenset()) -> list[Band]:
    """The bands without the lanes of actors that have no step (and agency groups left
    empty): an empty lane only makes flows longer. Pools always stay (a pool drawn as a
    black box still takes messages), and so do the bands in ``kept`` (those that hold a
    step without an actor, or that a kept drawing has)."""
    used = {s.actor for s in process.steps if s.actor}
    used |= {m.source for m in process.message_flows} | {m.target for m in process.message_flows}
    if not process.steps:
        return bands

    def keep(band: Band) -> bool:
        band.children = [c for c in band.children if keep(c)]
        if band.kind == "pool":
            return True
        return bool(band.children) or band.actor in used or band.id in used \
            or band.id in kept

    return [b for b in bands if keep(b)]


def order_by_contact(process: Process, bands: list[Band],
                     previous: Sequence[str] = (),
                     heights: Mapping[str, float] | None = None) -> None:
    """Order the lanes inside each pool so that lanes which exchange flows lie close.

    The cost of an order is the sum, over the flows and messages between two lanes, of
    how far apart they are, counting each lane as tall as ``heights`` says (1 unless
    given: a lane whose tasks have documents drawn above them is taller); a lane moves
    to another place among its siblings while that lowers the cost (the first sibling of
    every band stays first: it is where the author starts). So a lane a variant adds
    lands beside the lanes it talks to, and a lane that talks to none does not sit
    between two that talk to each other.
    ``previous``: the band ids of a drawing this one must match (a variant's original):
    those keep their order, only the others move. Deterministic; with more than
    ``MAX_ORDERED`` lanes only the lanes that talk to none of their neighbours move.

    >>> from bpmodel.model import Actor, Flow, Process, Step
    >>> actors = (Actor("a", "A"), Actor("b", "B"), Actor("c", "C"))
    >>> steps = (Step("s", "S", actor="a"), Step("t", "T", actor="c"),
    ...          Step("u", "U", actor="b"))
    >>> p = Process("p", "P", steps, (Flow("s", "t"), Flow("t", "u")), actors)
    >>> bands = lane_tree(p)
    >>> order_by_contact(p, bands)
    >>> [b.id for b in bands[0].children]
    ['a', 'c', 'b']
    """
    path: dict[str, tuple[str, ...]] = {}      # actor or band id -> band ids, top to leaf
    leaves: list[Band] = []

    def mark(band: Band, above: tuple[str, ...]) -> None:
        here = above + (band.id,)
        path[band.id] = here
        if band.actor is not None:
            path[band.actor] = here
        if not band.children:
            leaves.append(band)
        for child in band.children:
            mark(child, here)

    for band in bands:
        mark(band, ())
    actor_of = {s.id: s.actor for s in process.steps}
    talks: dict[tuple[str, str], int] = defaultdict(int)     # leaf pairs, both ways once
    ends = [(f.source, f.target) for f in process.flows]
    ends += [(m.source, m.target) for m in process.message_flows]
    for source, target in ends:
        a = path.get(actor_of.get(source) or source)
        b = path.get(actor_of.get(target) or target)
        if a is None or b is None or a[-1] == b[-1]:
            continue
        talks[(min(a[-1], b[-1]), max(a[-1], b[-1]))] += 1
    if not talks:
        return
    lists: list[list[Band]] = []

    def collect(siblings: list[Band]) -> None:
        if len(siblings) > 1:
            lists.append(siblings)
        for band in siblings:
            collect(band.children)

    for pool in bands:        # pools keep the model's order (a BPMN file lists them so)
        collect(pool.children)
    if len(leaves) > MAX_ORDERED:
        for siblings in lists:
            _beside_partners(siblings, talks, path)
        return
    rank = {band_id: k for k, band_id in enumerate(previous)}
    for siblings in lists:      # the bands a previous drawing had: in its order
        slots = [k for k, b in enumerate(siblings) if b.id in rank]
        known = sorted((siblings[k] for k in slots), key=lambda b: rank[b.id])
        for k, band in zip(slots, known, strict=True):
            siblings[k] = band

    heights = heights or {}

    def cost() -> float:
        position: dict[str, float] = {}     # the middle of a band's first leaf, top down
        top = 0.0
        for band, _, _ in walk_bands(bands):
            tall = heights.get(band.id, 1.0)
            position[band.id] = top + tall / 2
            top += tall if not band.children else 0.0
        return sum(w * abs(position[a] - position[b]) for (a, b), w in talks.items())

    best = cost()
    for _ in range(len(leaves)):          # rounds; each one that moves a lane lowers the cost
        moved = False
        for siblings in lists:
            for band in list(siblings[1:]):
                if band.id in rank:
                    continue
                here = siblings.index(band)
                choice = None
                for place in range(1, len(siblings)):
                    if place == here:
                        continue
                    siblings.remove(band)
                    siblings.insert(place, band)
                    trial = cost()
                    siblings.remove(band)
                    siblings.insert(here, band)
                    if trial < best:
                        best, choice = trial, place
                if choice is not None:
                    siblings.remove(band)
                    siblings.insert(choice, band)
                    moved = True
        if not moved:
            break


MAX_ORDERED = 24    # above this many lanes, ordering by cost would take too long (0.1 s)


def _beside_partners(siblings: list[Band], talks: dict[tuple[str, str], int],
                     path: dict[str, tuple[str, ...]]) -> None:
    """Move a band that talks to neither neighbour next to the sibling it talks to most."""
    top: dict[str, str] = {}
    for band in siblings:
        for chain in path.values():
            if band.id in chain:
                top[chain[-1]] = band.id
    between: dict[tuple[str, str], int] = defaultdict(int)
    for (a, b), w in talks.items():
        x, y = top.get(a), top.get(b)
        if x and y and x != y:
            between[(x, y)] += w
            between[(y, x)] += w
    for band in list(siblings[1:]):
        k = siblings.index(band)
        near = [siblings[k - 1].id] + ([siblings[k + 1].id] if k + 1 < len(siblings) else [])
        if any(between[(band.id, n)] for n in near):
            continue
        partners = [(between[(band.id, o.id)], -i, o) for i, o in enumerate(siblings)
                    if o is not band and between[(band.id, o.id)]]
        if not partners:
            continue
        partner = max(partners, key=lambda t: (t[0], t[1]))[2]
        siblings.remove(band)
        siblings.insert(siblings.index(partner) + 1, band)


def walk_bands(bands: Iterable[Band], depth: int = 0, parent: str | None = None):
    for band in bands:
        yield band, depth, parent
        yield from walk_bands(band.children, depth + 1, band.id)


def lanes_of_steps(process: Process, steps: list[Step], bands: list[Band],
                    ) -> dict[str, str | None]:
    """The band each step lies in: its actor's lane, or a neighbour's when it has none."""
    holders: dict[str, str] = {}
    for band, _, _ in walk_bands(bands):
        if band.actor is not None:
            holders[band.actor] = band.id
    lanes: dict[str, str | None] = {}
    ids = {s.id for s in steps}
    for step in steps:
        lanes[step.id] = holders.get(step.actor) if step.actor else None
    if not holders:
        return lanes
    queue = deque(s.id for s in steps if lanes[s.id] is not None)
    while queue:
        current = queue.popleft()
        for flow in (*process.outgoing(current), *process.incoming(current)):
            other = flow.target if flow.source == current else flow.source
            if other in ids and lanes[other] is None:
                lanes[other] = lanes[current]
                queue.append(other)
    # what no flow reaches goes to the first lane
    first_leaf = next((b.id for b, _, _ in walk_bands(bands) if b.actor is not None or
                       (not b.children and b.kind != "group")), None)
    for step in steps:
        if lanes[step.id] is None:
            lanes[step.id] = first_leaf
    return lanes


# ------------------------------------------------------------------------------------------
# layers and rows of one container (the process, or the inside of a sub-process)
