"""Polylines and boxes: simplifying a route, and whether a route passes through a shape."""

from __future__ import annotations

from .shapes import Box, Layout, Route


def simplify_points(points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Drop repeated points and the middle of three points on one line."""
    out: list[tuple[float, float]] = []
    for p in points:
        p = (round(p[0], 2), round(p[1], 2))
        if out and out[-1] == p:
            continue
        if len(out) >= 2:
            (x1, y1), (x2, y2) = out[-2], out[-1]
            if (x1 == x2 == p[0]) or (y1 == y2 == p[1]):
                out[-1] = p
                continue
        out.append(p)
    if len(out) == 1:
        out.append(out[0])
    return tuple(out)



def crosses(points, box: Box) -> bool:
    """True when a polyline of horizontal and vertical segments passes through a box."""
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        if x1 == x2 and box.x < x1 < box.right and min(y1, y2) < box.bottom \
                and max(y1, y2) > box.y:
            return True
        if y1 == y2 and box.y < y1 < box.bottom and min(x1, x2) < box.right \
                and max(x1, x2) > box.x:
            return True
    return False


def route_crosses_shape(layout: Layout, route: Route) -> list[str]:
    """Ids of the shapes (other than its own ends and their hosts) a route passes through.

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B")), flows=(Flow("a", "b"),))
    >>> layout = layout_process(p)
    >>> route_crosses_shape(layout, layout.routes[0])
    []
    """
    ends = {route.source, route.target}
    skip = set(ends)
    for n in ends:
        node = layout.node(n) if layout.has_node(n) else None
        while node is not None and node.parent is not None:
            skip.add(node.parent)
            node = layout.node(node.parent) if layout.has_node(node.parent) else None
    hosts = {n.id for n in layout.nodes if n.shape != "boundary"}
    for n in list(ends):
        if layout.has_node(n) and layout.node(n).shape == "boundary":
            for other in layout.nodes:
                if other.id in hosts and other.box.contains(
                        Box(layout.node(n).box.cx, layout.node(n).box.cy - 1, 0, 0)):
                    skip.add(other.id)
    return [n.id for n in layout.nodes if n.id not in skip and not n.expanded
            and crosses(route.points, n.box)]


# ------------------------------------------------------------------------------------------
# a drawing kept from the file the process came from
