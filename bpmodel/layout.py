"""Pure geometry of a process picture: lanes, layers, positions and edge routes.

One layout serves both outputs: the BPMN diagram interchange written by
``bpmodel.io.bpmn`` and the matplotlib diagrams. It draws nothing and imports no
plotting library.

How it is built (see ``guide/layout.md``):

- **lanes** are horizontal bands, one per actor, nested as pool -> agency -> actor
  (or as the pools and nested lanes a BPMN file gave);
- **layers** run left to right: a depth-first search marks the flows that close loops
  (back edges), and every other step sits one layer right of its furthest predecessor
  (longest path);
- **rows**: inside its lane a step takes the row its predecessors suggest (barycentre),
  the most likely path (the spine) first, in sweeps left-right and right-left;
- **routes** are orthogonal: they leave a shape on the right (a gateway's branches from
  its top or bottom corner), enter on the left, and where a straight line is blocked they
  run through the free corridors between layers and rows, so no route crosses a shape;
- it is **deterministic**, and with ``previous`` the steps a variant keeps stay in the
  layer, lane and row they had.

Sub-processes that contain steps are laid out inside their box; boundary events sit on
the lower border of their activity.

>>> from bpmodel.model import Actor, Flow, Process, Step
>>> p = Process("p", "P", actors=(Actor("c", "Clerk"),),
...             steps=(Step("a", "Ask", actor="c"), Step("b", "Answer", actor="c")),
...             flows=(Flow("a", "b"),))
>>> layout = layout_process(p)
>>> a, b = layout.node("a").box, layout.node("b").box
>>> a.y == b.y and a.right < b.x
True
>>> layout.route(0).points[0] == (a.right, a.cy)
True
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from .model import BOUNDARY, SEQUENCE, Process, Step

TASK_SIZE = (100.0, 80.0)
GATEWAY_SIZE = (50.0, 50.0)
EVENT_SIZE = (36.0, 36.0)
LAYER_GAP = 60.0          # the corridor between two layers
ROW_GAP = 60.0            # the corridor between two rows (labels and boundary events fit)
LANE_PAD = 30.0           # space above the first row and below the last row of a lane
LABEL_STRIP = 30.0        # the name strip at the left of a pool or lane
CONTENT_MARGIN = 40.0     # space between the innermost name strip and the first layer
POOL_GAP = 40.0           # between pools: the corridor of message flows
MIN_LANE_HEIGHT = 120.0
SUBPROCESS_PAD = 20.0
SUBPROCESS_TOP = 30.0     # room for the sub-process's name
ORIGIN = (160.0, 80.0)


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle: top-left corner, width and height."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2

    def contains(self, other: Box) -> bool:
        """True when ``other`` lies wholly inside this box (borders included)."""
        return (self.x <= other.x and self.y <= other.y and other.right <= self.right
                and other.bottom <= self.bottom)

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.width, self.height)


@dataclass(frozen=True, slots=True)
class NodeBox:
    """Where a step is drawn. ``shape`` is task, subprocess, gateway, event or boundary.

    ``lane`` is the id of the band it lies in, ``layer`` and ``row`` its place in the
    grid of its container (``parent``: the sub-process it is drawn in, or None).
    ``label`` is where the name of an event or gateway goes (outside the shape, below
    it unless a route leaves or enters there); tasks carry their name inside.
    """

    id: str
    box: Box
    shape: str
    lane: str | None = None
    layer: int = 0
    row: int = 0
    parent: str | None = None
    expanded: bool = False
    label: Box | None = None


@dataclass(frozen=True, slots=True)
class LaneBand:
    """A horizontal band: a ``pool``, an agency ``group`` of lanes, or an actor's ``lane``.

    ``actor`` is the actor whose steps lie in it (None for pools of several lanes and for
    groups); ``synthetic`` marks a pool made only to hold lanes, with no pool in the model.
    """

    id: str
    name: str
    box: Box
    kind: str
    parent: str | None = None
    depth: int = 0
    actor: str | None = None
    rows: int = 0
    synthetic: bool = False


@dataclass(frozen=True, slots=True)
class Route:
    """The waypoints of a flow. ``index`` is its position in ``process.flows`` (or in
    ``process.message_flows`` for ``kind == "message"``); ``back`` marks a loop's return."""

    index: int
    source: str
    target: str
    points: tuple[tuple[float, float], ...]
    kind: str = SEQUENCE
    back: bool = False


@dataclass(frozen=True)
class Layout:
    """The picture of a process: node boxes, lane bands and edge routes, in drawing units."""

    nodes: tuple[NodeBox, ...]
    lanes: tuple[LaneBand, ...]
    routes: tuple[Route, ...]
    width: float
    height: float

    @cached_property
    def _nodes(self) -> dict[str, NodeBox]:
        return {n.id: n for n in self.nodes}

    @cached_property
    def _lanes(self) -> dict[str, LaneBand]:
        return {band.id: band for band in self.lanes}

    def node(self, step_id: str) -> NodeBox:
        return self._nodes[step_id]

    def has_node(self, step_id: str) -> bool:
        return step_id in self._nodes

    def lane(self, band_id: str) -> LaneBand:
        return self._lanes[band_id]

    def route(self, index: int, kind: str = SEQUENCE) -> Route:
        """The route of ``process.flows[index]`` (or of a message flow)."""
        for r in self.routes:
            if r.index == index and r.kind == kind:
                return r
        raise KeyError(index)


def shape_of(step: Step) -> str:
    """task, subprocess, gateway, event or boundary: what a step is drawn as."""
    if step.is_gateway:
        return "gateway"
    if step.is_event:
        return "boundary" if step.kind == "boundary" else "event"
    return "subprocess" if step.is_subprocess else "task"


def size_of(shape: str) -> tuple[float, float]:
    if shape == "gateway":
        return GATEWAY_SIZE
    if shape in ("event", "boundary"):
        return EVENT_SIZE
    return TASK_SIZE


# ------------------------------------------------------------------------------------------
# lanes


@dataclass
class _Band:
    id: str
    name: str
    kind: str
    actor: str | None = None
    synthetic: bool = False
    children: list[_Band] = field(default_factory=list)


def _lane_tree(process: Process) -> list[_Band]:
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

    def lane(actor) -> _Band:
        return _Band(actor.id, actor.name, "lane", actor.id,
                     children=[lane(c) for c in children_of.get(actor.id, ())])

    pools: list[_Band] = []
    if process.pools:
        for pool in process.pools:
            band = _Band(pool.id, pool.name, "pool")
            if any(a.id == pool.id for a in actors):
                band.actor = pool.id
            band.children = [lane(a) for a in children_of[None] if a.pool == pool.id]
            pools.append(band)
        rest = [a for a in children_of[None] if a.pool not in {p.id for p in process.pools}]
        if rest:
            pools.append(_Band(free("_lanes"), "", "pool", synthetic=True,
                               children=[lane(a) for a in rest]))
        return pools
    top: list[_Band] = []
    groups: dict[str, _Band] = {}
    for a in children_of[None]:
        if a.agency:
            if a.agency not in groups:
                groups[a.agency] = _Band(free(f"agency:{a.agency}"), a.agency, "group")
                top.append(groups[a.agency])
            groups[a.agency].children.append(lane(a))
        else:
            top.append(lane(a))
    return [_Band(free(process.id), process.name, "pool", synthetic=True, children=top)]


def _walk(bands: Iterable[_Band], depth: int = 0, parent: str | None = None):
    for band in bands:
        yield band, depth, parent
        yield from _walk(band.children, depth + 1, band.id)


def _lanes_of_steps(process: Process, steps: list[Step], bands: list[_Band],
                    ) -> dict[str, str | None]:
    """The band each step lies in: its actor's lane, or a neighbour's when it has none."""
    holders: dict[str, str] = {}
    for band, _, _ in _walk(bands):
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
    first_leaf = next((b.id for b, _, _ in _walk(bands) if b.actor is not None or
                       (not b.children and b.kind != "group")), None)
    for step in steps:
        if lanes[step.id] is None:
            lanes[step.id] = first_leaf
    return lanes


# ------------------------------------------------------------------------------------------
# layers and rows of one container (the process, or the inside of a sub-process)


@dataclass
class _Grid:
    order: list[str]                                  # node ids in step order
    layer: dict[str, int]
    lane: dict[str, str | None]
    row: dict[str, int]                               # row inside its lane
    edges: list[tuple[int, str, str, bool, str]]      # (flow index, u, v, back, real source)
    lanes_rows: dict[str | None, int]


def _layers(order: list[str], edges: list[tuple[int, str, str]], previous: dict[str, int],
            ) -> tuple[dict[str, int], set[int]]:
    """Longest-path layers after a depth-first search has marked the back edges."""
    succ: dict[str, list[tuple[int, str]]] = {n: [] for n in order}
    indeg = dict.fromkeys(order, 0)
    for index, u, v in edges:
        succ[u].append((index, v))
        indeg[v] += 1
    back: set[int] = set()
    state = dict.fromkeys(order, 0)   # 0 new, 1 on the stack, 2 done
    roots = [n for n in order if indeg[n] == 0] + order
    for root in roots:
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node, it = stack[-1]
            for index, nxt in it:
                if state[nxt] == 1:
                    back.add(index)
                elif state[nxt] == 0:
                    state[nxt] = 1
                    stack.append((nxt, iter(succ[nxt])))
                    break
            else:
                state[node] = 2
                stack.pop()
    forward_in = dict.fromkeys(order, 0)
    for index, _, v in edges:
        if index not in back:
            forward_in[v] += 1
    layer = {n: previous.get(n, 0) for n in order}
    queue = deque(n for n in order if forward_in[n] == 0)
    while queue:
        node = queue.popleft()
        for index, nxt in succ[node]:
            if index in back:
                continue
            layer[nxt] = max(layer[nxt], layer[node] + 1)
            forward_in[nxt] -= 1
            if forward_in[nxt] == 0:
                queue.append(nxt)
    return layer, back


def _spine(process: Process, order: list[str], edges, back: set[int]) -> set[str]:
    """The most likely path from the first start: the row that is drawn straight."""
    if not order:
        return set()
    out: dict[str, list] = defaultdict(list)
    for index, u, v, *_ in edges:
        if index not in back:
            out[u].append((index, v))
    inbound = {v for _, _, v, *_ in edges}
    start = next((n for n in order if n not in inbound), order[0])
    flows = process.flows
    spine, node = set(), start
    while node is not None and node not in spine:
        spine.add(node)
        choices = out.get(node)
        if not choices:
            break

        def weight(choice):
            index, _ = choice
            flow = flows[index] if 0 <= index < len(flows) else None
            p = flow.probability if flow and flow.probability is not None else -1.0
            return (-p, not (flow and flow.default))

        node = min(choices, key=weight)[1]
    return spine


def _rows(order, layer, lane, edges, back, spine, prev_rows, lane_min_rows):
    """Rows inside each lane: barycentre of same-lane neighbours, the spine first."""
    preds: dict[str, list[str]] = defaultdict(list)
    succs: dict[str, list[str]] = defaultdict(list)
    for index, u, v, *_ in edges:
        if index in back or u == v:
            continue
        preds[v].append(u)
        succs[u].append(v)
    position = {n: i for i, n in enumerate(order)}
    groups: dict[tuple, list[str]] = defaultdict(list)
    for n in order:
        groups[(lane[n], layer[n])].append(n)
    layers = sorted({layer[n] for n in order})
    row: dict[str, int] = {}

    def place(nodes: list[str], neighbours) -> None:
        desired = {}
        for n in nodes:
            same = [row[m] for m in neighbours[n] if m in row and lane[m] == lane[n]]
            if n in prev_rows:
                desired[n] = prev_rows[n]
            elif same:
                desired[n] = sum(same) / len(same)
            else:
                desired[n] = row.get(n, 0)
        nodes = sorted(nodes, key=lambda n: (desired[n], n not in spine, position[n]))
        taken = -1
        for n in nodes:
            taken = max(int(round(desired[n])), taken + 1)
            row[n] = taken

    by_layer: dict[int, list[tuple]] = defaultdict(list)
    for key in groups:          # keys arrive in step order
        by_layer[key[1]].append(key)
    for sweep, neighbours in enumerate((preds, succs, preds)):
        sequence = layers if sweep != 1 else list(reversed(layers))
        for current in sequence:
            for key in by_layer[current]:
                place(groups[key], neighbours)
    counts: dict[str | None, int] = defaultdict(int)
    for n in order:
        counts[lane[n]] = max(counts[lane[n]], row[n] + 1)
    for key, minimum in lane_min_rows.items():
        counts[key] = max(counts[key], minimum)
    return row, dict(counts)


# ------------------------------------------------------------------------------------------
# the layout


@dataclass
class _Part:
    """A laid-out container: its nodes (nested ones included) and routes."""

    nodes: dict[str, NodeBox]
    routes: list[Route]
    width: float
    height: float
    lane_spans: dict[str | None, tuple[float, float]]
    xs: list[float]
    widths: list[float]


class _Builder:
    def __init__(self, process: Process, previous: Layout | None):
        self.process = process
        self.previous = previous
        self.children: dict[str | None, list[Step]] = defaultdict(list)
        ids = {s.id for s in process.steps}
        self.host: dict[str, str] = {}
        for flow in process.flows:
            if flow.kind == BOUNDARY and flow.source in ids:
                self.host[flow.target] = flow.source
        by_id = {s.id: s for s in process.steps}
        for step in process.steps:
            # a boundary event is drawn on its host's border: in the host's container
            placed = by_id[self.host[step.id]] if step.id in self.host else step
            parent = placed.parent if placed.parent in ids and placed.parent != placed.id \
                else None
            self.children[parent].append(step)

    def grid(self, steps: list[Step], lanes: dict[str, str | None]) -> _Grid:
        order = [s.id for s in steps if s.id not in self.host]
        members = set(order)
        edges: list[tuple[int, str, str, bool, str]] = []
        plain: list[tuple[int, str, str]] = []
        for index, flow in enumerate(self.process.flows):
            if flow.kind != SEQUENCE:
                continue
            u = self.host.get(flow.source, flow.source)
            if u in members and flow.target in members:
                plain.append((index, u, flow.target))
        prev = self.previous
        prev_layer = {n: prev.node(n).layer for n in order if prev and prev.has_node(n)}
        layer, back = _layers(order, plain, prev_layer)
        for index, u, v in plain:
            edges.append((index, u, v, index in back, self.process.flows[index].source))
        spine = _spine(self.process, order, edges, back)
        lane = {n: lanes.get(n) for n in order}
        prev_rows, lane_min = {}, {}
        if prev:
            for n in order:
                if prev.has_node(n) and prev.node(n).lane == lane[n]:
                    prev_rows[n] = prev.node(n).row
            for band in prev.lanes:
                if band.rows:
                    lane_min[band.id] = band.rows
        row, counts = _rows(order, layer, lane, edges, back, spine, prev_rows, lane_min)
        return _Grid(order, layer, lane, row, edges, counts)

    def size(self, step: Step) -> tuple[float, float, _Part | None]:
        inner = self.children.get(step.id)
        if step.is_subprocess and inner:
            sub = self.container(inner, {s.id: None for s in inner}, [(None, None)], False)
            return (sub.width + 2 * SUBPROCESS_PAD,
                    sub.height + SUBPROCESS_TOP + SUBPROCESS_PAD, sub)
        w, h = size_of(shape_of(step))
        return w, h, None

    def container(self, steps: list[Step], lanes: dict[str, str | None],
                  lane_order: list[tuple[str | None, str | None]], banded: bool,
                  x0: float = 0.0, y0: float = 0.0) -> _Part:
        """Lay out ``steps`` (and what they contain) with the grid's top-left at x0, y0.

        ``lane_order`` lists the leaf bands top to bottom with the pool of each.
        """
        g = self.grid(steps, lanes)
        by_id = {s.id: s for s in steps}
        sizes = {n: self.size(by_id[n]) for n in g.order}
        n_layers = max(g.layer.values(), default=-1) + 1
        widths = [0.0] * n_layers
        for n in g.order:
            widths[g.layer[n]] = max(widths[g.layer[n]], sizes[n][0])
        widths = [w or TASK_SIZE[0] for w in widths]
        xs, x = [], x0
        for w in widths:
            xs.append(x)
            x += w + LAYER_GAP
        content_right = (x - LAYER_GAP) if widths else x0 + TASK_SIZE[0]
        row_height: dict[tuple, float] = defaultdict(float)
        for n in g.order:
            key = (g.lane[n], g.row[n])
            row_height[key] = max(row_height[key], sizes[n][1])
        row_y: dict[tuple, float] = {}
        spans: dict[str | None, tuple[float, float]] = {}
        global_rows: list[tuple[float, float]] = []
        row_index: dict[tuple, int] = {}
        y, last_pool = y0, None
        for position, (lane_id, pool) in enumerate(lane_order):
            if position and pool != last_pool:
                y += POOL_GAP
            last_pool = pool
            count = g.lanes_rows.get(lane_id, 0)
            top = y
            y += LANE_PAD
            for r in range(count):
                h = row_height.get((lane_id, r)) or TASK_SIZE[1]
                row_y[(lane_id, r)] = y
                row_index[(lane_id, r)] = len(global_rows)
                global_rows.append((y, y + h))
                y += h + (ROW_GAP if r < count - 1 else 0.0)
            y += LANE_PAD
            if banded:
                y = max(y, top + MIN_LANE_HEIGHT)
            spans[lane_id] = (top, y)
        part = _Part({}, [], max(content_right - x0, 0.0), y - y0, spans, xs, widths)
        boxes: dict[str, Box] = {}
        for n in g.order:
            w, h, sub = sizes[n]
            key = (g.lane[n], g.row[n])
            rh = row_height.get(key) or TASK_SIZE[1]
            box = Box(xs[g.layer[n]] + (widths[g.layer[n]] - w) / 2, row_y[key] + (rh - h) / 2,
                      w, h)
            boxes[n] = box
            step = by_id[n]
            part.nodes[n] = NodeBox(n, box, shape_of(step), g.lane[n], g.layer[n], g.row[n],
                                    step.parent, expanded=sub is not None)
            if sub is not None:
                dx, dy = box.x + SUBPROCESS_PAD, box.y + SUBPROCESS_TOP
                for node in sub.nodes.values():
                    part.nodes[node.id] = NodeBox(node.id, node.box.moved(dx, dy), node.shape,
                                                  node.lane, node.layer, node.row, node.parent,
                                                  node.expanded)
                part.routes.extend(
                    Route(r.index, r.source, r.target,
                          tuple((px + dx, py + dy) for px, py in r.points), r.kind, r.back)
                    for r in sub.routes)
        attached: dict[str, list[str]] = defaultdict(list)
        for s in steps:
            if s.id in self.host and self.host[s.id] in boxes:
                attached[self.host[s.id]].append(s.id)
        for host, events in attached.items():
            hb = boxes[host]
            for k, event in enumerate(events):
                w, h = EVENT_SIZE
                cx = hb.x + hb.width * (k + 1) / (len(events) + 1)
                box = Box(cx - w / 2, hb.bottom - h / 2, w, h)
                boxes[event] = box
                part.nodes[event] = NodeBox(event, box, "boundary", g.lane[host],
                                            g.layer[host], g.row[host], by_id[event].parent)
        margin = CONTENT_MARGIN if banded else SUBPROCESS_PAD
        _Router(part, g, boxes, xs, widths, global_rows, row_index,
                (x0 - margin, content_right + margin, y0, y)).route_all()
        return part


class _Router:
    """Orthogonal routes through the free corridors of one container's grid."""

    def __init__(self, part: _Part, g: _Grid, boxes: dict[str, Box], xs: list[float],
                 widths: list[float], rows: list[tuple[float, float]],
                 row_index: dict[tuple, int], frame: tuple[float, float, float, float]):
        self.part, self.g, self.boxes = part, g, boxes
        self.left, self.right, self.top, self.bottom = frame
        self.xs, self.widths, self.rows = xs, widths, rows
        self.cell = {n: (g.layer[n], row_index[(g.lane[n], g.row[n])]) for n in g.order}
        self.occupied = set(self.cell.values())
        self.vertical: dict[int, list] = defaultdict(list)     # corridor left of layer i
        self.horizontal: dict[int, list] = defaultdict(list)   # corridor below row k

    def free(self, layers: Iterable[int], row: int) -> bool:
        return all((i, row) not in self.occupied for i in layers)

    def route_all(self) -> None:
        plans = []
        for index, u, v, back, source in self.g.edges:
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
            self.part.routes.append(Route(index, source, target, _simplify(points), SEQUENCE,
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
        if not back and j > i:
            between = range(i + 1, j)
            if r == s and self.free(between, r):
                return [(a.right, a.cy), entry]
            if gateway and r != s:
                rows = range(min(r, s) + 1, max(r, s))
                if self.free([i], s) and all((i, k) not in self.occupied for k in rows) \
                        and self.free(between, s):
                    start = (a.cx, a.y) if s < r else (a.cx, a.bottom)
                    return [start, (a.cx, b.cy), entry]
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


def _simplify(points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
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


# ------------------------------------------------------------------------------------------
# the whole process


def layout_process(process: Process, previous: Layout | None = None) -> Layout:
    """Lay out a process: lanes, node boxes and routes (deterministic).

    ``previous`` is the layout of the process this one was derived from (a variant's
    original): the steps both have keep their layer, lane and row where the new flows
    allow it, and lanes keep at least their rows, so unchanged steps stay in place.
    """
    builder = _Builder(process, previous)
    bands = _lane_tree(process)
    walked = list(_walk(bands))
    depth = max((d for _, d, _ in walked), default=-1) + 1
    top_steps = builder.children[None]
    lanes = _lanes_of_steps(process, top_steps, bands)
    leaves: list[tuple[str | None, str | None]] = []
    pool_of: dict[str, str] = {}
    for band, _, parent in walked:
        pool_of[band.id] = pool_of.get(parent, band.id) if parent else band.id
        if not band.children:
            leaves.append((band.id, pool_of[band.id]))
    leaf_ids = {leaf for leaf, _ in leaves}
    first_leaf = {}
    for band, _, _ in reversed(walked):
        if not band.children:
            first_leaf[band.id] = band.id
        else:
            first_leaf[band.id] = first_leaf[band.children[0].id]
    lanes = {n: (lane if lane in leaf_ids or lane is None else first_leaf.get(lane))
             for n, lane in lanes.items()}
    x0 = ORIGIN[0] + depth * LABEL_STRIP + (CONTENT_MARGIN if bands else 0.0)
    part = builder.container(top_steps, lanes, leaves or [(None, None)], bool(bands),
                             x0, ORIGIN[1])
    right = x0 + part.width + (CONTENT_MARGIN if bands else 0.0)
    boxes: dict[str, Box] = {}
    for band, d, _ in reversed(walked):
        if not band.children:
            top, bottom = part.lane_spans.get(band.id, (ORIGIN[1], ORIGIN[1] + MIN_LANE_HEIGHT))
        else:
            top = min(boxes[c.id].y for c in band.children)
            bottom = max(boxes[c.id].bottom for c in band.children)
        x = ORIGIN[0] + d * LABEL_STRIP
        boxes[band.id] = Box(x, top, right - x, bottom - top)
    row_counts = {}
    for n in part.nodes.values():
        if n.parent is None and n.lane is not None:
            row_counts[n.lane] = max(row_counts.get(n.lane, 0), n.row + 1)
    out_bands = tuple(
        LaneBand(band.id, band.name, boxes[band.id], band.kind, parent, d, band.actor,
                 row_counts.get(band.id, 0), band.synthetic)
        for band, d, parent in walked)
    routes = sorted(part.routes, key=lambda r: r.index)
    routes += _message_routes(process, part, {b.id: b for b in out_bands}, pool_of, lanes)
    nodes = tuple(_labelled(part.nodes[s.id], s, routes) for s in process.steps
                  if s.id in part.nodes)
    width = max([right] + [n.box.right for n in nodes]) - ORIGIN[0]
    height = max([ORIGIN[1] + part.height] + [b.box.bottom for b in out_bands]) - ORIGIN[1]
    return Layout(nodes, out_bands, tuple(routes), width, height)


def _message_routes(process: Process, part: _Part, bands: dict[str, LaneBand],
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

    for index, message in enumerate(process.message_flows):
        ends = []
        for ref in (message.source, message.target):
            if ref in nodes:
                outer = top_level(ref)
                ends.append((nodes[ref].box, outer, pool_of.get(outer.lane) if outer.lane
                             else None))
            elif ref in bands:
                ends.append((bands[ref].box, None, pool_of.get(ref)))
        if len(ends) != 2:
            continue
        (abox, anode, apool), (bbox, bnode, _) = ends
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
        if anode is not None and part.xs:
            c = corridor_after(anode.layer) if anode.parent is None else x_a
            starts.append([(abox.right, abox.cy), (c, abox.cy), (c, gap)])
        finishes = [end_plain]
        if bnode is not None and part.xs:
            c = corridor_before(bnode.layer)
            finishes.append([(c, gap), (c, bbox.cy), (bbox.x, bbox.cy)])
        skip = {message.source, message.target}
        for ref in (message.source, message.target):
            node = nodes.get(ref)
            while node is not None and node.parent is not None:
                skip.add(node.parent)
                node = nodes.get(node.parent)
        others = [n.box for n in nodes.values() if n.id not in skip and not n.expanded]
        candidates = [a + b for a in starts for b in finishes]
        points = next((c for c in candidates
                       if not any(_crosses(c, box) for box in others)), candidates[-1])
        routes.append(Route(index, message.source, message.target, _simplify(points),
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


LABEL_WIDTH, LABEL_LINE = 90.0, 14.0


def _labelled(node: NodeBox, step: Step, routes: list[Route]) -> NodeBox:
    """The node with a label box for its name: below it, or above when a route is there."""
    if node.shape not in ("event", "gateway", "boundary") or not step.name:
        return node
    lines = sum(max(1, -(-len(part) // 16)) for part in step.name.splitlines()) or 1
    w, h = LABEL_WIDTH, LABEL_LINE * min(lines, 4)
    box = node.box
    below = Box(box.cx - w / 2, box.bottom + 5, w, h)
    above = Box(box.cx - w / 2, box.y - 5 - h, w, h)
    for candidate in (below, above) if node.shape != "boundary" else (below,):
        if not any(_crosses(r.points, candidate) for r in routes):
            return _with_label(node, candidate)
    return _with_label(node, below)


def _with_label(node: NodeBox, label: Box) -> NodeBox:
    return NodeBox(node.id, node.box, node.shape, node.lane, node.layer, node.row,
                   node.parent, node.expanded, label)


def _crosses(points, box: Box) -> bool:
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
            and _crosses(route.points, n.box)]
