"""Where a task's documents fit, and which clash with the rest of a drawing.

A task's documents are drawn side by side over (or under) it, or at its sides. When they
are wider than the task they may reach over the corridors beside it, where nothing else
is drawn in most drawings: the builder first lays the columns out as wide as their steps
only, :func:`place_documents` takes for each task the first of its places that is free,
and :func:`crowded_documents` tells which documents still touch a shape, a route, a label
or another task's documents (or leave the lanes' content area): only those columns are
widened (or those documents go over or under their task) in the next round.
"""

from __future__ import annotations

from collections.abc import Iterable

from .index import SpatialIndex
from .shapes import Box, DataBox, Layout, NodeBox, Route

CLEARANCE = 4.0     # the least room between a document (or its name) and anything else

Segment = tuple[tuple[float, float], tuple[float, float]]


def crowded_documents(layout: Layout, left: float, right: float) -> set[str]:
    """The ids of the tasks whose documents (data object, name or association) touch
    another task's shape, documents or associations, a route, a label, or reach outside
    ``left``..``right`` (the lanes' content area, between the name strips and the border).

    >>> from bpmodel.layout.shapes import DataBox, NodeBox, Route
    >>> task = NodeBox("t", Box(100, 100, 100, 80), "task")
    >>> other = NodeBox("u", Box(220, 100, 100, 80), "task")
    >>> doc = DataBox("t", "d", False, Box(190, 30, 36, 50), Box(170, 10, 70, 14),
    ...               ((208, 80), (190, 100)))
    >>> layout = Layout((task, other), (), (), 400, 300, (doc,))
    >>> crowded_documents(layout, 0, 400)
    set()
    >>> route = Route(0, "u", "x", ((215, 0), (215, 60)))     # down through the document
    >>> crowded_documents(Layout((task, other), (), (route,), 400, 300, (doc,)), 0, 400)
    {'t'}
    >>> crowded_documents(layout, 180, 400)                    # its name leaves the lane
    {'t'}
    """
    index = SpatialIndex()
    parents = {n.id: n.parent for n in layout.nodes}
    expanded = {n.id: n.box for n in layout.nodes if n.expanded}
    for node in layout.nodes:
        if not node.expanded:
            index.add_box(_grown(node.box), node.id)
        if node.label is not None:
            index.add_box(_grown(node.label), node.id)
    for route in layout.routes:
        for segment in zip(route.points, route.points[1:], strict=False):
            index.add_line(*segment, route)
        if route.label is not None:
            index.add_box(_grown(route.label), route)
    for data in layout.data:
        index.add_box(data.box, data.step)
        if data.label is not None:
            index.add_box(data.label, data.step)
        index.add_line(data.points[0], data.points[-1], data.step)
    return {data.step for data in layout.data
            if not _free(index, [data], left, right, parents, expanded)}


def place_documents(options: dict[str, list[list[DataBox]]], nodes: Iterable[NodeBox],
                    routes: Iterable[Route], left: float, right: float,
                    ) -> tuple[list[DataBox], set[str]]:
    """Each task's documents at the first of its ``options`` (the places it may take, best
    first) where they touch no shape, route or other task's documents and stay between
    ``left`` and ``right`` (the tasks are placed left to right, and listed in the order
    of ``options``); the tasks for which no place is free keep their first one and are
    returned as the second item (their columns must be widened).

    >>> task = NodeBox("t", Box(100, 100, 100, 80), "task")
    >>> route = Route(0, "u", "x", ((140, 0), (140, 60)))     # down through the centre
    >>> centred = [DataBox("t", "d", False, Box(130, 30, 36, 50), None, ((148, 80), (148, 100)))]
    >>> beside = [DataBox("t", "d", False, Box(160, 30, 36, 50), None, ((178, 80), (178, 100)))]
    >>> placed, no_room = place_documents({"t": [centred, beside]}, [task], [route], 0, 400)
    >>> placed == beside, no_room
    (True, set())
    >>> place_documents({"t": [centred]}, [task], [route], 0, 400) == (centred, {"t"})
    True
    """
    index = SpatialIndex()
    expanded, parents = {}, {}
    for node in nodes:
        parents[node.id] = node.parent
        if node.expanded:
            expanded[node.id] = node.box
        else:
            index.add_box(_grown(node.box), node.id)
    for route in routes:
        for segment in zip(route.points, route.points[1:], strict=False):
            index.add_line(*segment, route)
    placed: dict[str, list[DataBox]] = {}
    no_room: set[str] = set()
    for step, choices in sorted(options.items(), key=lambda item: _leftmost(item[1][0])):
        chosen = next((c for c in choices if _free(index, c, left, right, parents, expanded)),
                      None)
        if chosen is None:
            chosen = choices[0]
            no_room.add(step)
        for data in chosen:
            index.add_box(data.box, step)
            if data.label is not None:
                index.add_box(data.label, step)
            index.add_line(data.points[0], data.points[-1], step)
        placed[step] = chosen
    return [d for step in options for d in placed[step]], no_room


def _leftmost(data: list[DataBox]) -> tuple[float, float]:
    return (min(d.box.x for d in data), min(d.box.y for d in data)) if data else (0.0, 0.0)


def _free(index: SpatialIndex, documents: list[DataBox], left: float, right: float,
          parents: dict, expanded: dict[str, Box]) -> bool:
    for data in documents:
        boxes = [data.box] + ([data.label] if data.label is not None else [])
        if any(b.x < left or b.right > right for b in boxes) \
                or any(_touches(index, b, data.step) for b in boxes) \
                or _touches(index, (data.points[0], data.points[-1]), data.step) \
                or _astray(boxes, data.step, parents, expanded):
            return False
    return True


def _touches(index: SpatialIndex, shape: Box | Segment, owner: str) -> bool:
    """Whether a box or a straight line meets anything in ``index`` not ``owner``'s."""
    if isinstance(shape, Box):
        near = index.near(shape)
    else:
        (x1, y1), (x2, y2) = shape
        near = index.near(Box(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)))
    for kind, other, item_owner in near:
        if item_owner == owner:
            continue
        if kind == "box":
            hit = _box_meets_box(shape, other) if isinstance(shape, Box) \
                else _line_meets_box(shape, other)
        else:
            hit = _line_meets_box(other, shape) if isinstance(shape, Box) \
                else _lines_meet(shape, other)
        if hit:
            return True
    return False


def _astray(boxes: list[Box], step: str, parents: dict, expanded: dict[str, Box]) -> bool:
    """Outside the sub-process its task is drawn in, or over another one."""
    ancestors, node = set(), parents.get(step)
    while node is not None and node not in ancestors:
        ancestors.add(node)
        node = parents.get(node)
    for sub, box in expanded.items():
        if sub in ancestors:
            if not all(box.contains(b) for b in boxes):
                return True
        elif any(_box_meets_box(b, box) for b in boxes):
            return True
    return False


def _box_meets_box(a: Box, b: Box) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


def _line_meets_box(line: Segment, box: Box) -> bool:
    """Liang-Barsky: whether the line passes through the inside of ``box``."""
    (x1, y1), (x2, y2) = line
    dx, dy = x2 - x1, y2 - y1
    low, high = 0.0, 1.0
    for p, q in ((-dx, x1 - box.x), (dx, box.right - x1), (-dy, y1 - box.y),
                 (dy, box.bottom - y1)):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low >= high:
            return False
    return True


def _lines_meet(a: Segment, b: Segment) -> bool:
    """Whether two straight lines cross or touch (collinear overlaps included)."""
    def side(o, p, q) -> float:
        return (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0])

    def within(o, p, q) -> bool:
        return min(o[0], p[0]) <= q[0] <= max(o[0], p[0]) \
            and min(o[1], p[1]) <= q[1] <= max(o[1], p[1])

    p1, p2 = a
    q1, q2 = b
    d1, d2, d3, d4 = side(q1, q2, p1), side(q1, q2, p2), side(p1, p2, q1), side(p1, p2, q2)
    if ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4)):
        return True
    return any(d == 0 and within(*pair, point) for d, pair, point in (
        (d1, (q1, q2), p1), (d2, (q1, q2), p2), (d3, (p1, p2), q1), (d4, (p1, p2), q2)))


def _grown(box: Box) -> Box:
    return Box(box.x - CLEARANCE, box.y - CLEARANCE, box.width + 2 * CLEARANCE,
               box.height + 2 * CLEARANCE)
