"""Lanes: the bands of pools, agency groups and actors, which lanes are drawn, their order,
and the band each step lies in."""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
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


def order_by_contact(process: Process, bands: list[Band]) -> None:
    """Move a lane that exchanges no flow with the lanes beside it next to the sibling it
    exchanges the most with (a lane a variant adds lands beside its partners)."""
    owner: dict[str, str] = {}

    def mark(band: Band, top: Band) -> None:
        if band.actor is not None:
            owner[band.actor] = top.id
        for child in band.children:
            mark(child, top)

    def arrange(siblings: list[Band]) -> None:
        for band in siblings:
            arrange(band.children)
        if len(siblings) < 3:
            return
        owner.clear()
        for band in siblings:
            mark(band, band)
        steps = {s.id: s for s in process.steps}
        talks: dict[tuple[str, str], int] = defaultdict(int)
        for flow in process.flows:
            a = steps.get(flow.source)
            b = steps.get(flow.target)
            if a is None or b is None:
                continue
            x, y = owner.get(a.actor or ""), owner.get(b.actor or "")
            if x and y and x != y:
                talks[(x, y)] += 1
                talks[(y, x)] += 1
        for band in list(siblings[1:]):
            k = siblings.index(band)
            near = [siblings[k - 1].id] + ([siblings[k + 1].id] if k + 1 < len(siblings) else [])
            if any(talks[(band.id, n)] for n in near):
                continue
            partners = [(talks[(band.id, o.id)], -i, o) for i, o in enumerate(siblings)
                        if o is not band and talks[(band.id, o.id)]]
            if not partners:
                continue
            partner = max(partners, key=lambda t: (t[0], t[1]))[2]
            siblings.remove(band)
            siblings.insert(siblings.index(partner) + 1, band)

    arrange(bands)


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
