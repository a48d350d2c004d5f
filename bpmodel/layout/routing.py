"""Orthogonal routes of sequence flows through the free corridors of a container's grid."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model import SEQUENCE
from .geometry import simplify_points
from .layers import Grid
from .shapes import EVENT_SIZE, ROW_GAP, Box, DataBox, NodeBox, Route


@dataclass
class Part:
    """A laid-out container: its nodes (nested ones included) and routes."""

    nodes: dict[str, NodeBox]
    routes: list[Route]
    width: float
    height: float
    lane_spans: dict[str | None, tuple[float, float]]
    xs: list[float]
    widths: list[float]
    data: list[DataBox] = field(default_factory=list)


class Router:
    """Orthogonal routes through the free corridors of one container's grid."""

    def __init__(self, part: Part, g: Grid, boxes: dict[str, Box], xs: list[float],
                 widths: list[float], rows: list[tuple[float, float]],
                 row_index: dict[tuple, int], frame: tuple[float, float, float, float],
                 strips: frozenset[str] = frozenset(), hosts: frozenset[str] = frozenset()):
        self.part, self.g, self.boxes = part, g, boxes
        self.left, self.right, self.top, self.bottom = frame
        self.xs, self.widths, self.rows = xs, widths, rows
        self.cell = {n: (g.layer[n], row_index[(g.lane[n], g.row[n])]) for n in g.order}
        # the bottom of the lane of each row: a corridor under a lane's last row stays in it
        self.lane_bottom = {k: part.lane_spans[lane][1] for (lane, _r), k in row_index.items()
                            if lane in part.lane_spans}
        self.occupied = set(self.cell.values())
        self.exits: set[tuple[str, str]] = set()               # (node, top or bottom) taken
        self.entries = self.exits    # a side a route leaves by is not one another enters by
        self.strips = strips                                   # nodes with documents above
        self.hosts = hosts                         # with boundary events or documents below
        self.vertical: dict[int, list] = defaultdict(list)     # corridor left of layer i
        self.horizontal: dict[int, list] = defaultdict(list)   # corridor below row k

    def free(self, layers: Iterable[int], row: int) -> bool:
        return all((i, row) not in self.occupied for i in layers)

    def route_all(self) -> None:
        plans = []
        # the branches of one node that go furthest up or down are planned first, so they
        # take the exit on that side and the nearer ones turn off inside it, uncrossed
        by_node: dict[str, list] = defaultdict(list)
        handoffs = self.g.handoffs
        for edge in self.g.edges:
            if edge[0] in handoffs:     # first: a hand-over needs its two sides
                index, u, v, back, source = edge
                plans.append((index, source, v, back, self.plan(u, v, back, source)))
            else:
                by_node[edge[1]].append(edge)
        cell = self.cell
        for edges in by_node.values():
            edges.sort(key=lambda e: -abs(cell[e[2]][1] - cell[e[1]][1]))
            for index, u, v, back, source in edges:
                plans.append((index, source, v, back, self.plan(u, v, back, source)))
        # spread the routes that share a corridor
        v_slots = {key: {id(p): k for k, p in enumerate(items)}
                   for key, items in self.vertical.items()}
        h_slots = {key: {id(p): k for k, p in enumerate(items)}
                   for key, items in self.horizontal.items()}
        for index, source, target, back, plan in plans:
            points = []
            for x, y in plan:
                if isinstance(x, _Corridor):
                    x = self.corridor_x(x.index, v_slots[x.index][id(x)],
                                        len(self.vertical[x.index]))
                if isinstance(y, _Corridor):
                    y = self.corridor_y(y.index, h_slots[y.index][id(y)],
                                        len(self.horizontal[y.index]))
                points.append((x, y))
            self.part.routes.append(Route(index, source, target, simplify_points(points), SEQUENCE,
                                          back))

    def corridor_x(self, i: int, slot: int, count: int) -> float:
        left = self.xs[i - 1] + self.widths[i - 1] if i > 0 else self.left
        right = self.xs[i] if i < len(self.xs) else self.right
        step = (right - left) / (count + 1)
        return left + step * (slot + 1)

    def corridor_y(self, k: int, slot: int, count: int) -> float:
        top = self.rows[k][1] if k >= 0 else self.top
        bottom = self.rows[k + 1][0] if k + 1 < len(self.rows) else self.bottom
        bottom = min(bottom, top + ROW_GAP)   # across a lane border: stay near the row
        if k >= 0 and k + 1 < len(self.rows) and self.lane_bottom.get(k) is not None \
                and self.lane_bottom.get(k) != self.lane_bottom.get(k + 1):
            bottom = min(bottom, self.lane_bottom[k])      # and inside the row's lane
        margin = EVENT_SIZE[1] / 2 + 6 if k >= 0 else 4.0   # clear of boundary events
        if bottom - top <= margin + 4:
            return (top + bottom) / 2
        step = (bottom - top - margin - 4) / (count + 1)
        return top + margin + step * (slot + 1)

    def v(self, i: int) -> _Corridor:
        c = _Corridor(i)
        self.vertical[i].append(c)
        return c

    def h(self, k: int) -> _Corridor:
        c = _Corridor(k)
        self.horizontal[k].append(c)
        return c

    def plan(self, u: str, v: str, back: bool, source: str) -> list:
        a, b = self.boxes[source], self.boxes[v]
        (i, r), (j, s) = self.cell[u], self.cell[v]
        entry = (b.x, b.cy)
        if source != u:     # from a boundary event: down into the corridor below its host
            gap, c = self.h(r), self.v(j)
            return [(a.cx, a.bottom), (a.cx, gap), (c, gap), (c, b.cy), entry]
        gateway = self.part.nodes[u].shape == "gateway"
        if not back and j == i and r != s:
            # a hand-over to another lane in the same column: one straight line
            down = s > r
            out, into = ("bottom", "top") if down else ("top", "bottom")
            if (u, out) not in self.exits and (v, into) not in self.entries \
                    and (u not in self.hosts if down else u not in self.strips) \
                    and (v not in self.strips if down else v not in self.hosts) \
                    and all((i, k) not in self.occupied
                            for k in range(min(r, s) + 1, max(r, s))):
                self.exits.add((u, out))
                self.entries.add((v, into))
                return [(a.cx, a.bottom if down else a.y), (b.cx, b.y if down else b.bottom)]
        if not back and j > i:
            between = range(i + 1, j)
            if r == s and self.free(between, r):
                return [(a.right, a.cy), entry]
            if r != s:
                # leave from the side facing the target: one bend instead of two
                rows = range(min(r, s) + 1, max(r, s))
                side = "top" if s < r else "bottom"
                if (u, side) not in self.exits and not (side == "top" and u in self.strips) \
                        and not (side == "bottom" and u in self.hosts) \
                        and self.free([i], s) and all((i, k) not in self.occupied for k in rows) \
                        and self.free(between, s):
                    self.exits.add((u, side))
                    start = (a.cx, a.y) if s < r else (a.cx, a.bottom)
                    return [start, (a.cx, b.cy), entry]
                # or enter the target from the side facing the source
                into = "bottom" if s < r else "top"
                if (v, into) not in self.entries and not (into == "top" and v in self.strips) \
                        and not (into == "bottom" and v in self.hosts) \
                        and self.free([*between, j], r) \
                        and all((j, k) not in self.occupied for k in rows):
                    self.entries.add((v, into))
                    end = (b.cx, b.bottom) if s < r else (b.cx, b.y)
                    return [(a.right, a.cy), (b.cx, a.cy), end]
            if self.free(between, r):
                c = self.v(j)
                return [(a.right, a.cy), (c, a.cy), (c, b.cy), entry]
            if self.free(between, s):
                c = self.v(i + 1)
                return [(a.right, a.cy), (c, a.cy), (c, b.cy), entry]
            gap = self.h(s if s >= r else s - 1)
            c1, c2 = self.v(i + 1), self.v(j)
            return [(a.right, a.cy), (c1, a.cy), (c1, gap), (c2, gap), (c2, b.cy), entry]
        # a loop back (or a flow within one layer): under the lower of the two rows
        low = max(r, s)
        if back and j < i and self.part.nodes[v].shape == "gateway" \
                and (u, "bottom") not in self.exits and (v, "bottom") not in self.entries \
                and u not in self.hosts \
                and all((i, k) not in self.occupied for k in range(r + 1, low + 1)) \
                and all((j, k) not in self.occupied for k in range(s + 1, low + 1)):
            # into a merging gateway from below: two bends instead of four
            self.exits.add((u, "bottom"))
            self.entries.add((v, "bottom"))
            gap = self.h(low)
            return [(a.cx, a.bottom), (a.cx, gap), (b.cx, gap), (b.cx, b.bottom)]
        if back and j < i and self.part.nodes[v].shape == "gateway" \
                and (v, "bottom") not in self.entries \
                and all((j, k) not in self.occupied for k in range(s + 1, low + 1)):
            # its source's bottom is taken: out on the right, into the gateway from below
            self.entries.add((v, "bottom"))
            gap, c1 = self.h(low), self.v(i + 1)
            return [(a.right, a.cy), (c1, a.cy), (c1, gap), (b.cx, gap), (b.cx, b.bottom)]
        gap = self.h(low)
        c2 = self.v(j)
        if gateway and r == low:
            return [(a.cx, a.bottom), (a.cx, gap), (c2, gap), (c2, b.cy), entry]
        c1 = self.v(i + 1)
        return [(a.right, a.cy), (c1, a.cy), (c1, gap), (c2, gap), (c2, b.cy), entry]


class _Corridor:
    """A placeholder coordinate: a slot in a corridor, fixed once all routes are known."""

    __slots__ = ("index",)

    def __init__(self, index: int):
        self.index = index
