"""Labels of events, gateways and named flows, placed where no route, shape or label is."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..model import Process
from ..textbox import label_size
from .index import SpatialIndex
from .routing import Part
from .shapes import Box, NodeBox, Route


def place_labels(process: Process, part: Part, routes: list[Route],
                  lanes: Iterable[Box] = ()) -> tuple[tuple[NodeBox, ...], list[Route]]:
    """Labels of events, gateways and named flows, where no route, shape or label is;
    the names of events and gateways also off the borders of ``lanes`` (the boxes of
    lanes and pools) where they have another place.

    Every candidate is checked against what lies near it in a grid index, so the cost
    is linear in the size of the process.
    """
    index = SpatialIndex()
    borders = SpatialIndex()
    for band in lanes:
        borders.add_route(((band.x, band.y), (band.right, band.y)))
        borders.add_route(((band.x, band.bottom), (band.right, band.bottom)))
    for node in part.nodes.values():
        if not node.expanded:
            index.add_box(node.box, node.id)
    for route in routes:
        index.add_route(route.points, route)
    for data in part.data:
        index.add_box(data.box)
        if data.label is not None:
            index.add_box(data.label)
        index.add_route(data.points)
    flows, messages = process.flows, process.message_flows
    # where each named flow's label would go first (beside its start) is kept free for
    # it while the labels of shapes are placed, when they have a place elsewhere
    reserved = SpatialIndex()
    for route in routes:
        name = _name(route, flows, messages)
        if name:
            reserved.add_box(flow_label_places(route, name)[0])
    nodes = []
    for step in process.steps:
        node = part.nodes.get(step.id)
        if node is None:
            continue
        if node.shape in ("event", "gateway", "boundary") and step.name:
            label = node_label(node, step.name, index, reserved, borders)
            index.add_box(label)
            node = with_label(node, label)
        nodes.append(node)
    out = []
    placed = SpatialIndex()     # the labels of flows placed so far: never one over another
    siblings: dict[tuple[str, tuple[float, float]], list[Route]] = {}
    for route in routes:
        if route.points:
            siblings.setdefault((route.source, route.points[0]), []).append(route)
    for route in routes:
        name = _name(route, flows, messages)
        if name:
            own = own_part(route, siblings.get((route.source, route.points[0]), [])
                           if route.points else [])
            label = flow_label(route, name, index, placed, own)
            index.add_box(label)
            placed.add_box(label)
            route = Route(route.index, route.source, route.target, route.points, route.kind,
                          route.back, label)
        out.append(route)
    return tuple(nodes), out


def _name(route: Route, flows, messages) -> str | None:
    if route.kind == "message":
        return messages[route.index].name if route.index < len(messages) else None
    return flows[route.index].condition if route.index < len(flows) else None


def node_label(node: NodeBox, name: str, index: SpatialIndex,
               reserved: SpatialIndex | None = None,
               borders: SpatialIndex | None = None) -> Box:
    """Below the shape, else above, else beside it: the first place nothing else is
    (nor, while there is another, a lane's border or a place ``reserved`` for a flow's
    label)."""
    w, h = label_size(name)
    box = node.box
    candidates = [Box(box.cx - w / 2, box.bottom + 5, w, h)]
    if node.shape != "boundary":
        candidates += [Box(box.cx - w / 2, box.y - 5 - h, w, h),
                       Box(box.right + 5, box.bottom + 2, w, h),
                       Box(box.x - 5 - w, box.bottom + 2, w, h),
                       Box(box.right + 5, box.y - 2 - h, w, h),
                       Box(box.x - 5 - w, box.y - 2 - h, w, h)]
        if w > box.width:      # over or under it, flush with one of its sides
            candidates += [Box(box.right - w, box.y - 5 - h, w, h),
                           Box(box.x, box.y - 5 - h, w, h),
                           Box(box.right - w, box.bottom + 5, w, h),
                           Box(box.x, box.bottom + 5, w, h)]
    avoid = [a for a in (borders, reserved) if a is not None]
    for kept in (avoid, avoid[:1], avoid[1:]) if avoid else ():
        for candidate in candidates:
            if not index.hits(candidate, node.id) and not any(a.hits(candidate)
                                                             for a in kept):
                return candidate
    return _best(candidates, index, node.id)


def own_part(route: Route, siblings: Iterable[Route]) -> tuple[tuple[float, float], ...]:
    """The points of ``route`` from where it leaves the routes that start with it (from
    the same place of the same shape, along the same line): a name written beside a
    stretch that two flows share could be either's.

    >>> a = Route(0, "g", "x", ((0, 0), (50, 0), (50, 90)))
    >>> b = Route(1, "g", "y", ((0, 0), (80, 0), (80, 40)))
    >>> own_part(a, [a, b]), own_part(b, [a, b])
    (((50, 0), (50, 90)), ((50.0, 0.0), (80, 0), (80, 40)))
    """
    points = route.points
    start = 0.0
    for other in siblings:
        if other is route or len(other.points) < 2 or len(points) < 2:
            continue
        (x0, y0), (x1, y1), (u1, v1) = points[0], points[1], other.points[1]
        if x0 == x1 == u1 and (y1 - y0) * (v1 - y0) > 0:        # both up or both down
            start = max(start, min(abs(y1 - y0), abs(v1 - y0)))
        elif y0 == y1 == v1 and (x1 - x0) * (u1 - x0) > 0:      # both left or right
            start = max(start, min(abs(x1 - x0), abs(u1 - x0)))
    if start == 0.0:
        return points
    (x0, y0), (x1, y1) = points[0], points[1]
    length = abs(x1 - x0) + abs(y1 - y0)
    split = (x0 + (x1 - x0) * start / length, y0 + (y1 - y0) * start / length)
    return ((split,) if start < length else ()) + tuple(points[1:])


def flow_label(route: Route, name: str, index: SpatialIndex,
               labels: SpatialIndex | None = None,
               own: tuple[tuple[float, float], ...] | None = None) -> Box:
    """Beside the first segments of the route, where nothing else is (see
    :func:`flow_label_places`), first beside the ``own`` part of it (where it leaves
    the flows it starts along with, see :func:`own_part`); where every place has
    something, over none of the ``labels`` when it can (a line through a name can
    still be read, two names one over the other cannot), then over the fewest things."""
    candidates = flow_label_places(route, name)
    if own is not None and len(own) >= 2 and own != route.points:
        candidates = flow_label_places(replace(route, points=own), name) + candidates
    if labels is not None:
        clear = [c for c in candidates if not labels.hits(c)]
        candidates = clear or candidates
    return _best(candidates, index, None)


def flow_label_places(route: Route, name: str) -> list[Box]:
    """Beside the first segments of the route, near its source, off every line: first at
    the start of each segment, then further along it, then beside its later segments."""
    w, h = label_size(name)
    candidates, further, later = [], [], []
    points = route.points
    for n, ((x1, y1), (x2, y2)) in enumerate(zip(points, points[1:], strict=False)):
        first = candidates if n < 3 else later
        along = further if n < 3 else later
        if y1 == y2:
            sign = 1 if x2 >= x1 else -1
            x = x1 + 6 if x2 >= x1 else x1 - 6 - w
            first += [Box(x, y1 - 4 - h, w, h), Box(x, y1 + 4, w, h)]
            room = abs(x2 - x1) - w - 12
            for k in range(1, 4) if room > 0 else ():
                dx = sign * room * k / 3
                along += [Box(x + dx, y1 - 4 - h, w, h), Box(x + dx, y1 + 4, w, h)]
        elif x1 == x2:
            sign = 1 if y2 >= y1 else -1
            y = y1 + 6 if y2 >= y1 else y1 - 6 - h
            first += [Box(x1 + 5, y, w, h), Box(x1 - 5 - w, y, w, h)]
            room = abs(y2 - y1) - h - 12
            for k in range(1, 7) if room > 0 else ():
                dy = sign * room * k / 6
                along += [Box(x1 + 5, y + dy, w, h), Box(x1 - 5 - w, y + dy, w, h)]
    candidates += further + later
    if not candidates:
        (x1, y1) = points[0]
        candidates = [Box(x1 + 6, y1 - 4 - h, w, h)]
    return candidates


def _best(candidates: list[Box], index: SpatialIndex, owner: object) -> Box:
    best, fewest = candidates[0], None
    for candidate in candidates:
        hits = index.hits(candidate, owner)
        if hits == 0:
            return candidate
        if fewest is None or hits < fewest:
            best, fewest = candidate, hits
    return best


def with_label(node: NodeBox, label: Box) -> NodeBox:
    return NodeBox(node.id, node.box, node.shape, node.lane, node.layer, node.row,
                   node.parent, node.expanded, label)
