"""Message flows: routes between pools, each in its own height of the gap it runs along."""

from __future__ import annotations

from collections import defaultdict

from ..model import Process
from .geometry import simplify_points
from .index import SpatialIndex
from .routing import Part
from .shapes import LAYER_GAP, POOL_GAP, Box, LaneBand, NodeBox, Route

SIDE = 15.0     # how far beside a shape in a sub-process a message turns to run along it


def message_routes(process: Process, part: Part, bands: dict[str, LaneBand],
                    pool_of: dict[str, str], lanes: dict[str, str | None]) -> list[Route]:
    """Message flows: down or up between pools, through layer corridors when blocked."""
    routes = []
    nodes = part.nodes

    def top_level(ref: str) -> NodeBox:
        node = nodes[ref]
        while node.parent is not None and node.parent in nodes:
            node = nodes[node.parent]
        return node

    def corridor_after(layer: int) -> float:
        return part.xs[layer] + part.widths[layer] + LAYER_GAP / 2

    def corridor_before(layer: int) -> float:
        return part.xs[layer] - LAYER_GAP / 2

    corridors = [corridor_before(i) for i in range(len(part.xs))]
    if part.xs:
        corridors.append(corridor_after(len(part.xs) - 1))

    def near_corridors(x: float, band: Box) -> list[float]:
        """The two corridors nearest ``x`` that lie over ``band`` (a pool drawn whole)."""
        inside = [c for c in corridors if band.x + 40 <= c <= band.right - 20]
        return sorted(inside, key=lambda c: abs(c - x))[:2]

    shapes = SpatialIndex()        # what a message route must not cross, found near it in O(1)
    for node in nodes.values():
        if not node.expanded:
            shapes.add_box(node.box, node.id)

    def crossed(points, skip: set[str]) -> int:
        """How many shapes (other than ``skip``) the route passes through."""
        return sum(shapes.hits(Box(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)),
                               skip, strict=True)
                   for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False)
                   if x1 == x2 or y1 == y2)

    for index, message in enumerate(process.message_flows):
        ends = []
        for ref in (message.source, message.target):
            if ref in nodes:
                outer = top_level(ref)
                ends.append((nodes[ref].box, outer, pool_of.get(outer.lane) if outer.lane
                             else None, nodes[ref].parent is not None))
            elif ref in bands:
                ends.append((bands[ref].box, None, pool_of.get(ref), False))
        if len(ends) != 2:
            continue
        (abox, anode, apool, a_nested), (bbox, bnode, _, b_nested) = ends
        down = abox.cy <= bbox.cy
        x_a = abox.cx if anode else min(max(bbox.cx, abox.x + 40), abox.right - 20)
        x_b = bbox.cx if bnode else min(max(x_a, bbox.x + 40), bbox.right - 20)
        y_a = abox.bottom if down else abox.y
        y_b = bbox.y if down else bbox.bottom
        pool_box = bands[apool].box if apool in bands else abox
        gap = pool_box.bottom + POOL_GAP / 2 if down else pool_box.y - POOL_GAP / 2
        if not min(y_a, y_b) < gap < max(y_a, y_b):
            gap = (y_a + y_b) / 2
        start_plain = [(x_a, y_a), (x_a, gap)]
        end_plain = [(x_b, gap), (x_b, y_b)]
        starts = [start_plain]
        if anode is not None:       # off-centre, clear of a boundary event or a neighbour
            starts += [[(x, y_a), (x, gap)] for x in (abox.x + abox.width / 4,
                                                      abox.right - abox.width / 4)]
        if anode is not None and not a_nested and part.xs:
            c = corridor_after(anode.layer)
            starts.append([(abox.right, abox.cy), (c, abox.cy), (c, gap)])
        if a_nested:
            # inside a sub-process the columns are its own: out sideways into the gap
            # beside the shape, then along it
            starts += [[(abox.right, abox.cy), (abox.right + SIDE, abox.cy),
                        (abox.right + SIDE, gap)],
                       [(abox.x, abox.cy), (abox.x - SIDE, abox.cy), (abox.x - SIDE, gap)]]
        if anode is None:           # from a pool: down a corridor between columns
            starts += [[(x, y_a), (x, gap)] for x in near_corridors(x_a, abox)]
        finishes = [end_plain]
        if bnode is None:
            finishes += [[(x, gap), (x, y_b)] for x in near_corridors(x_b, bbox)]
        if bnode is not None:
            finishes += [[(x, gap), (x, y_b)] for x in (bbox.x + bbox.width / 4,
                                                        bbox.right - bbox.width / 4)]
        if bnode is not None and not b_nested and part.xs:
            c = corridor_before(bnode.layer)
            finishes.append([(c, gap), (c, bbox.cy), (bbox.x, bbox.cy)])
        if b_nested:
            finishes += [[(bbox.x - SIDE, gap), (bbox.x - SIDE, bbox.cy), (bbox.x, bbox.cy)],
                         [(bbox.right + SIDE, gap), (bbox.right + SIDE, bbox.cy),
                          (bbox.right, bbox.cy)]]
        skip = {message.source, message.target}
        for ref in (message.source, message.target):
            node = nodes.get(ref)
            while node is not None and node.parent is not None:
                skip.add(node.parent)
                node = nodes.get(node.parent)
        candidates = [a + b for a in starts for b in finishes]
        # the first clear route; when every one is blocked, the one through fewest shapes
        points = next((c for c in candidates if not crossed(c, skip)), None) or \
            min(candidates, key=lambda c: crossed(c, skip))
        routes.append(Route(index, message.source, message.target, simplify_points(points),
                            "message"))
    return _spread_in_gaps(routes)


def _spread_in_gaps(routes: list[Route]) -> list[Route]:
    """Message flows that run along the same gap get their own height in it."""
    levels: dict[float, list[int]] = defaultdict(list)
    for k, route in enumerate(routes):
        ys = [y for (x1, y), (x2, y2) in zip(route.points, route.points[1:], strict=False)
              if y == y2 and x1 != x2]
        if ys:
            levels[ys[0]].append(k)
    out = list(routes)
    for level, members in levels.items():
        if len(members) < 2:
            continue
        step = (POOL_GAP - 8) / (len(members) + 1)
        for slot, k in enumerate(members):
            y = round(level - POOL_GAP / 2 + 4 + step * (slot + 1), 2)
            r = routes[k]
            points = tuple((x, y if py == level else py) for x, py in r.points)
            out[k] = Route(r.index, r.source, r.target, points, r.kind, r.back)
    return out
