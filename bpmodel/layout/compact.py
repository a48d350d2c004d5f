"""Squeezing a finished layout for a picture: boxes as tall as their text, gaps as small
as a reader needs.

The layout is built for BPMN editors (boxes 80 units tall for 12 px names, 60-unit
corridors, lanes with room for documents). A picture printed at 7 pt needs less:
:func:`compact_layout` first gives each plain task the height the caller says its name
needs (centred where it was, the ends of its flows moved with its edges), then closes
up the empty strips, horizontal and vertical: a strip across the whole picture in
which nothing is drawn (no shape with what is written round it, no stretch of flow
running along it, no label) is shrunk to ``gap`` units, and to half of that between a
shape and the border of its lane. Every coordinate goes through one monotone
piecewise-linear map per axis, so nothing that did not overlap overlaps after, routes
stay orthogonal (a vertical stretch keeps its x, a horizontal one its y) and stay
attached to the edges of their shapes, and lanes keep their order and nesting. A lane
keeps at least the height its name needs (``lane_heights``).

Pure geometry, no plotting library; ``O(n log n)`` in the number of shapes, routes
and lanes.

>>> from bpmodel.layout import layout_process
>>> from bpmodel.model import Actor, Flow, Process, Step
>>> p = Process("p", "P", actors=(Actor("a", "A"), Actor("b", "B")),
...             steps=(Step("s", "Ask", actor="a"), Step("t", "Answer", actor="b")),
...             flows=(Flow("s", "t"),))
>>> before = layout_process(p)
>>> after = compact_layout(before, heights={"s": 40, "t": 40})
>>> after.height < before.height, after.node("s").box.height
(True, 40.0)
>>> start, s = after.routes[0].points[0], after.node("s").box
>>> start[1] == s.bottom or start[0] == s.right
True
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping
from dataclasses import replace

from .shapes import LABEL_STRIP, Box, DataBox, Layout, Route

GAP_X = 24.0        # units between two things side by side (an arrow and its head fit)
GAP_Y = 14.0        # units between two things one above the other
LINE = 1.0          # the thickness a stretch of flow occupies


class AxisMap:
    """A monotone piecewise-linear map of one axis that shrinks the free stretches.

    ``things`` are the occupied intervals, ``pins`` the coordinates to keep apart from
    them (lane borders): a free stretch between two things keeps at most ``gap``, one
    between a thing and a pin (or two pins) at most ``gap / 2``.

    >>> m = AxisMap([(0, 10), (100, 110)], [], 20)
    >>> m(0), m(10), m(100), m(110), m(55)
    (0.0, 10.0, 30.0, 40.0, 20.0)
    >>> m = AxisMap([(0, 10), (100, 110)], [50], 20)
    >>> m(50), m(100)
    (20.0, 30.0)
    """

    def __init__(self, things: Iterable[tuple[float, float]], pins: Iterable[float],
                 gap: float):
        merged: list[list[float]] = []
        for lo, hi in sorted((min(a, b), max(a, b)) for a, b in things):
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        marks: list[tuple[float, float, bool]] = [(lo, hi, True) for lo, hi in merged]
        starts = [lo for lo, _ in merged]
        for pin in pins:
            k = bisect.bisect_right(starts, pin) - 1
            if k >= 0 and merged[k][0] < pin < merged[k][1]:
                continue            # a border inside something drawn moves with it
            marks.append((pin, pin, False))
        marks.sort()
        self.xs: list[float] = []
        self.ys: list[float] = []
        if not marks:
            return
        y = marks[0][0]
        previous: tuple[float, float, bool] | None = None
        for lo, hi, solid in marks:
            if previous is not None:
                free = lo - previous[1]
                if free < 0:
                    free = 0.0
                room = gap if previous[2] and solid else gap / 2
                y += min(free, room)
            self.xs += [lo, hi]
            self.ys += [y, y + (hi - lo)]
            y += hi - lo
            if previous is None or hi >= previous[1]:
                previous = (lo, hi, solid)

    def __call__(self, x: float) -> float:
        xs, ys = self.xs, self.ys
        if not xs:
            return float(x)
        if x <= xs[0]:
            return float(ys[0] - (xs[0] - x))
        if x >= xs[-1]:
            return float(ys[-1] + (x - xs[-1]))
        k = bisect.bisect_right(xs, x) - 1
        x0, x1, y0, y1 = xs[k], xs[k + 1], ys[k], ys[k + 1]
        if x1 - x0 < 1e-9:
            return float(y1)
        return float(y0 + (x - x0) * (y1 - y0) / (x1 - x0))


def _clear(layout: Layout, node_id: str, box: Box) -> bool:
    """Whether ``box`` (a task widened) meets no other shape, label or stretch of flow
    than its own flows' ends."""
    for other in layout.nodes:
        if other.id == node_id or other.expanded:
            continue
        for area in (other.box, other.label):
            if area is not None and area.x < box.right and box.x < area.right \
                    and area.y < box.bottom and box.y < area.bottom:
                return False
    for route in layout.routes:
        points = route.points
        for k, ((x0, y0), (x1, y1)) in enumerate(zip(points, points[1:])):
            own = (k == 0 and route.source == node_id) or \
                (k == len(points) - 2 and route.target == node_id)
            if own:
                continue
            if min(x0, x1) < box.right and box.x < max(x0, x1) \
                    and min(y0, y1) < box.bottom and box.y < max(y0, y1):
                return False
            if (abs(x0 - x1) < 1e-6 and box.x < x0 < box.right
                    and min(y0, y1) < box.bottom and box.y < max(y0, y1)) or \
                    (abs(y0 - y1) < 1e-6 and box.y < y0 < box.bottom
                     and min(x0, x1) < box.right and box.x < max(x0, x1)):
                return False
    return True


def _beside(wider: Box, old: Box, keep: Iterable[Box]) -> Box:
    """``wider`` (a task's box grown round ``old``, centred on it) moved along its row
    off the areas to ``keep`` clear (a branch label between a gateway and the task: the
    grown box took the room it is written in), as long as it still holds ``old`` (the
    ends of the task's flows stay on it); unmoved when it cannot be.

    >>> _beside(Box(35, 0, 130, 50), Box(50, 0, 100, 50), [Box(20, 10, 20, 10)])
    Box(x=41.0, y=0, width=130, height=50)
    >>> _beside(Box(35, 0, 130, 50), Box(50, 0, 100, 50), [Box(20, 10, 40, 10)])
    Box(x=35, y=0, width=130, height=50)
    """
    hits = [a for a in keep if a.x < wider.right and wider.x < a.right
            and a.y < wider.bottom and wider.y < a.bottom]
    if not hits:
        return wider
    left = max((a.right for a in hits if a.cx < old.cx), default=float("-inf")) + LINE
    right = min((a.x for a in hits if a.cx >= old.cx), default=float("inf")) - LINE
    x = max(wider.x, left)
    x = min(x, right - wider.width)
    if x > old.x + 1e-9 or x + wider.width < old.right - 1e-9 \
            or x < left - 1e-9 or x + wider.width > right + 1e-9:
        return wider
    return Box(x, wider.y, wider.width, wider.height)


def _resized(layout: Layout, heights: Mapping[str, float],
             widths: Mapping[str, float] | None = None, keep: Iterable[Box] = ()
             ) -> Layout:
    """Plain tasks given their new height and width (a larger one only when clear of
    the rest), centred where they were, or moved along their row off the areas to
    ``keep`` clear (see :func:`_beside`); the ends of their flows follow their edges. A
    task keeps what its flows need: the places its flows enter or leave on its sides
    stay on them. A task that asks to be wider or taller and cannot be keeps its box
    whole (a taller one that cannot still takes a wider box when it can)."""
    widths = widths or {}
    keep = tuple(keep)
    sides: dict[str, float] = {}        # node -> the largest distance of a side end from cy
    for route in layout.routes:
        for end, point in ((route.source, route.points[0]), (route.target, route.points[-1])):
            if not layout.has_node(end):
                continue
            box = layout.node(end).box
            if abs(point[0] - box.x) < 1e-6 or abs(point[0] - box.right) < 1e-6:
                sides[end] = max(sides.get(end, 0.0), abs(point[1] - box.cy))
    new: dict[str, Box] = {}
    for node in layout.nodes:
        height, width = heights.get(node.id), widths.get(node.id)
        if (height is None and width is None) or node.expanded \
                or node.shape not in ("task", "subprocess") \
                or any(d.step == node.id for d in layout.data):
            continue
        box = node.box
        height = max(height or box.height, 2 * sides.get(node.id, 0.0) + 2)
        width = width if width is not None and width > box.width else box.width
        if height > box.height:     # taller than built: when nothing is in the way
            taller = _beside(Box(box.cx - width / 2, box.cy - height / 2, width, height),
                             box, keep)
            if _clear(layout, node.id, taller):
                new[node.id] = taller
                continue
            height = box.height
        wider = _beside(Box(box.cx - width / 2, box.cy - height / 2, width, height), box,
                        keep)
        if width > box.width:       # its height is for the wider box: all or nothing
            if _clear(layout, node.id, wider):
                new[node.id] = wider
        elif height < box.height:
            new[node.id] = Box(box.x, box.cy - height / 2, box.width, height)
    if not new:
        return layout

    def moved_end(point, node_id):
        if node_id not in new:
            return point
        old, box = layout.node(node_id).box, new[node_id]
        x, y = point
        if abs(y - old.y) < 1e-6:
            return (x, box.y)
        if abs(y - old.bottom) < 1e-6:
            return (x, box.bottom)
        if abs(x - old.x) < 1e-6:
            return (box.x, y)
        if abs(x - old.right) < 1e-6:
            return (box.right, y)
        return point

    routes = []
    for route in layout.routes:
        points = list(route.points)
        if len(points) >= 2:
            points[0] = moved_end(points[0], route.source)
            points[-1] = moved_end(points[-1], route.target)
        routes.append(replace(route, points=tuple(points)))
    nodes = tuple(replace(n, box=new[n.id]) if n.id in new else n for n in layout.nodes)
    return replace(layout, nodes=nodes, routes=tuple(routes))


def _occupied(layout: Layout, around: Mapping[str, Box], extra: Iterable[Box]
              ) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """The x- and y-intervals something is drawn in."""
    xs: list[tuple[float, float]] = []
    ys: list[tuple[float, float]] = []

    def add(box: Box) -> None:
        xs.append((box.x, box.right))
        ys.append((box.y, box.bottom))

    for node in layout.nodes:
        if node.expanded:       # its name on top, its border: its inside may close up
            add(Box(node.box.x, node.box.y, node.box.width, 30.0))
            xs.append((node.box.x - LINE, node.box.x + LINE))
            xs.append((node.box.right - LINE, node.box.right + LINE))
            ys.append((node.box.bottom - LINE, node.box.bottom + LINE))
        else:
            add(node.box)
            if node.id in around:
                add(around[node.id])
        if node.label is not None:
            add(node.label)
    for route in layout.routes:
        for (x0, y0), (x1, y1) in zip(route.points, route.points[1:]):
            if abs(y0 - y1) < 1e-6:
                ys.append((y0 - LINE, y0 + LINE))
            if abs(x0 - x1) < 1e-6:
                xs.append((x0 - LINE, x0 + LINE))
        if route.label is not None:
            add(route.label)
    for data in layout.data:
        add(data.box)
        if data.label is not None:
            add(data.label)
    for box in extra:
        add(box)
    if layout.lanes:             # the name strips at the left of the pools and lanes
        left = min(b.box.x for b in layout.lanes)
        xs.append((left, max(b.box.x for b in layout.lanes) + LABEL_STRIP))
    return xs, ys


def _lane_room(layout: Layout, ys: list[tuple[float, float]],
               lane_heights: Mapping[str, float], gap: float) -> list[tuple[float, float]]:
    """Intervals that keep each band at least as tall as ``lane_heights`` asks: one
    centred on what the band holds (on the band when it holds nothing)."""
    out = []
    starts = sorted(ys)
    for band in layout.lanes:
        need = lane_heights.get(band.id)
        if not need:
            continue
        inside = [(lo, hi) for lo, hi in starts if lo >= band.box.y and hi <= band.box.bottom]
        lo = min((a for a, _ in inside), default=band.box.cy)
        hi = max((b for _, b in inside), default=band.box.cy)
        if hi - lo + gap >= need:
            continue
        middle = (lo + hi) / 2
        half = min(need - gap, band.box.height) / 2
        out.append((max(middle - half, band.box.y), min(middle + half, band.box.bottom)))
    return out


def _box(box: Box, fx: AxisMap, fy: AxisMap) -> Box:
    x, y = fx(box.x), fy(box.y)
    return Box(x, y, fx(box.right) - x, fy(box.bottom) - y)


def compact_layout(layout: Layout, *, heights: Mapping[str, float] | None = None,
                   widths: Mapping[str, float] | None = None,
                   around: Mapping[str, Box] | None = None, extra: Iterable[Box] = (),
                   lane_heights: Mapping[str, float] | None = None,
                   gap_x: float = GAP_X, gap_y: float = GAP_Y) -> Layout:
    """The layout squeezed for a picture (see the module's description).

    ``heights``: the new height of plain tasks (a taller one only when nothing is in
    its way);
    ``widths``: the width a task needs (taken when wider and nothing is in the way);
    ``around``: per shape, the area drawn with it once resized (its box with the badge
    above it and the duration under it), by default its box; ``extra``: other areas
    that must stay clear (the branch labels: a task widened grows past one before it,
    see :func:`_beside`); ``lane_heights``: per band, the height its
    name needs. The width and height of the layout shrink with it.
    """
    extra = tuple(extra)
    layout = _resized(layout, heights or {}, widths, extra)
    around = around or {}
    xs, ys = _occupied(layout, around, extra)
    ys += _lane_room(layout, ys, lane_heights or {}, gap_y)
    pins_y = [y for b in layout.lanes for y in (b.box.y, b.box.bottom)]
    pins_x = [x for b in layout.lanes for x in (b.box.x, b.box.right)]
    fx, fy = AxisMap(xs, pins_x, gap_x), AxisMap(ys, pins_y, gap_y)
    nodes = tuple(replace(n, box=_box(n.box, fx, fy),
                          label=_box(n.label, fx, fy) if n.label is not None else None)
                  for n in layout.nodes)
    lanes = tuple(replace(b, box=_box(b.box, fx, fy)) for b in layout.lanes)
    routes = tuple(_route(r, fx, fy) for r in layout.routes)
    data = tuple(_data(d, fx, fy) for d in layout.data)
    return Layout(nodes, lanes, routes, fx(layout.width), fy(layout.height), data)


def _route(route: Route, fx: AxisMap, fy: AxisMap) -> Route:
    return replace(route, points=tuple((fx(x), fy(y)) for x, y in route.points),
                   label=_box(route.label, fx, fy) if route.label is not None else None)


def _data(data: DataBox, fx: AxisMap, fy: AxisMap) -> DataBox:
    return replace(data, box=_box(data.box, fx, fy),
                   label=_box(data.label, fx, fy) if data.label is not None else None,
                   points=tuple((fx(x), fy(y)) for x, y in data.points))


__all__ = ["GAP_X", "GAP_Y", "AxisMap", "compact_layout"]
