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

from .model import BOUNDARY, SEQUENCE, Bounds, Process, Step
from .textbox import label_size, task_size

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
DATA_SIZE = (36.0, 50.0)  # a data object, as bpmn-js draws it
DATA_SLOT = 96.0          # the width one data object and its label take above a task
DATA_GAP = 24.0           # between a data object and its task (the association)
LABEL_GAP = 20.0          # room kept beside a flow's label in the corridor it starts in


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
    label: Box | None = None


@dataclass(frozen=True, slots=True)
class DataBox:
    """A document drawn beside a task: the data object, its name and its association.

    ``output`` is True for a document the task produces (the association points from the
    task to the data object), False for one it needs; ``points`` run from source to target.
    """

    step: str
    document: str
    output: bool
    box: Box
    label: Box | None
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Layout:
    """The picture of a process: node boxes, lane bands and edge routes, in drawing units.

    ``data`` holds the documents drawn above their tasks (only when asked for).
    """

    nodes: tuple[NodeBox, ...]
    lanes: tuple[LaneBand, ...]
    routes: tuple[Route, ...]
    width: float
    height: float
    data: tuple[DataBox, ...] = ()

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


def size_of(shape: str, name: str = "") -> tuple[float, float]:
    """The size of a shape; a task (or collapsed sub-process) grows to hold its name."""
    if shape == "gateway":
        return GATEWAY_SIZE
    if shape in ("event", "boundary"):
        return EVENT_SIZE
    return task_size(name, TASK_SIZE) if name else TASK_SIZE


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


def _without_empty_lanes(process: Process, bands: list[_Band],
                         kept: set[str] | frozenset[str] = frozenset()) -> list[_Band]:
    """The bands without the lanes of actors that have no step (and agency groups left
    empty): an empty lane only makes flows longer. Pools always stay (a pool drawn as a
    black box still takes messages), and so do the bands in ``kept`` (those that hold a
    step without an actor, or that a kept drawing has)."""
    used = {s.actor for s in process.steps if s.actor}
    used |= {m.source for m in process.message_flows} | {m.target for m in process.message_flows}
    if not process.steps:
        return bands

    def keep(band: _Band) -> bool:
        band.children = [c for c in band.children if keep(c)]
        if band.kind == "pool":
            return True
        return bool(band.children) or band.actor in used or band.id in used \
            or band.id in kept

    return [b for b in bands if keep(b)]


def _order_by_contact(process: Process, bands: list[_Band]) -> None:
    """Move a lane that exchanges no flow with the lanes beside it next to the sibling it
    exchanges the most with (a lane a variant adds lands beside its partners)."""
    owner: dict[str, str] = {}

    def mark(band: _Band, top: _Band) -> None:
        if band.actor is not None:
            owner[band.actor] = top.id
        for child in band.children:
            mark(child, top)

    def arrange(siblings: list[_Band]) -> None:
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
    data: list[DataBox] = field(default_factory=list)


class _Builder:
    def __init__(self, process: Process, previous: Layout | None, documents: bool = False):
        self.process = process
        self.previous = previous
        known = {d.id for d in process.documents}
        self.documents: dict[str, list[tuple[str, bool]]] = {}
        if documents:
            for step in process.steps:
                if step.is_task and not step.is_subprocess:
                    docs = [(d, False) for d in dict.fromkeys(step.needs) if d in known]
                    docs += [(d, True) for d in dict.fromkeys(step.produces)
                             if d in known and d not in step.needs]
                    if docs:
                        self.documents[step.id] = docs
        self.doc_names = {d.id: d.name for d in process.documents}
        self.strip = {n: max(label_size(self.doc_names[d] or d)[1] for d, _ in docs)
                      + 4 + DATA_SIZE[1] + DATA_GAP for n, docs in self.documents.items()}
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

    def data_boxes(self, step_id: str, task: Box) -> list[DataBox]:
        """The task's documents side by side above it, each named above its data object."""
        docs = self.documents[step_id]
        w, h = DATA_SIZE
        left = task.cx - len(docs) * DATA_SLOT / 2
        top = task.y - DATA_GAP - h
        out = []
        for k, (doc, output) in enumerate(docs):
            cx = left + DATA_SLOT * (k + 0.5)
            box = Box(cx - w / 2, top, w, h)
            lw, lh = label_size(self.doc_names[doc] or doc)
            label = Box(cx - lw / 2, top - 4 - lh, lw, lh)
            x = min(max(cx, task.x + 10), task.right - 10)
            points = ((cx, box.bottom), (x, task.y))
            out.append(DataBox(step_id, doc, output, box, label,
                               tuple(reversed(points)) if output else points))
        return out

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
        w, h = size_of(shape_of(step), step.name)
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
        for n, docs in self.documents.items():
            if n in g.layer:
                widths[g.layer[n]] = max(widths[g.layer[n]], len(docs) * DATA_SLOT)
        widths = [w or TASK_SIZE[0] for w in widths]
        gaps = [LAYER_GAP] * n_layers
        flows = self.process.flows
        for index, u, _, back, _ in g.edges:
            if flows[index].condition and not back:
                i = g.layer[u]
                gaps[i] = max(gaps[i], label_size(flows[index].condition)[0] + LABEL_GAP)
        xs, x = [], x0
        for i, w in enumerate(widths):
            xs.append(x)
            x += w + gaps[i]
        content_right = (x - gaps[-1]) if widths else x0 + TASK_SIZE[0]
        row_height: dict[tuple, float] = defaultdict(float)
        row_strip: dict[tuple, float] = defaultdict(float)
        for n in g.order:
            key = (g.lane[n], g.row[n])
            row_height[key] = max(row_height[key], sizes[n][1])
            row_strip[key] = max(row_strip[key], self.strip.get(n, 0.0))
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
                strip = row_strip.get((lane_id, r), 0.0)
                row_y[(lane_id, r)] = y + strip
                row_index[(lane_id, r)] = len(global_rows)
                global_rows.append((y, y + strip + h))
                y += strip + h + (ROW_GAP if r < count - 1 else 0.0)
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
            if n in self.documents:
                part.data.extend(self.data_boxes(n, box))
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
                part.data.extend(
                    DataBox(d.step, d.document, d.output, d.box.moved(dx, dy),
                            d.label.moved(dx, dy),
                            tuple((px + dx, py + dy) for px, py in d.points))
                    for d in sub.data)
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
                (x0 - margin, content_right + margin, y0, y),
                frozenset(self.documents), frozenset(self.host.values())).route_all()
        return part


class _Router:
    """Orthogonal routes through the free corridors of one container's grid."""

    def __init__(self, part: _Part, g: _Grid, boxes: dict[str, Box], xs: list[float],
                 widths: list[float], rows: list[tuple[float, float]],
                 row_index: dict[tuple, int], frame: tuple[float, float, float, float],
                 strips: frozenset[str] = frozenset(), hosts: frozenset[str] = frozenset()):
        self.part, self.g, self.boxes = part, g, boxes
        self.left, self.right, self.top, self.bottom = frame
        self.xs, self.widths, self.rows = xs, widths, rows
        self.cell = {n: (g.layer[n], row_index[(g.lane[n], g.row[n])]) for n in g.order}
        self.occupied = set(self.cell.values())
        self.exits: set[tuple[str, str]] = set()               # (node, top or bottom) taken
        self.entries: set[tuple[str, str]] = set()
        self.strips = strips                                   # nodes with documents above
        self.hosts = hosts                                     # with boundary events below
        self.vertical: dict[int, list] = defaultdict(list)     # corridor left of layer i
        self.horizontal: dict[int, list] = defaultdict(list)   # corridor below row k

    def free(self, layers: Iterable[int], row: int) -> bool:
        return all((i, row) not in self.occupied for i in layers)

    def route_all(self) -> None:
        plans = []
        # the branches of one node that go furthest up or down are planned first, so they
        # take the exit on that side and the nearer ones turn off inside it, uncrossed
        by_node: dict[str, list] = defaultdict(list)
        for edge in self.g.edges:
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


def layout_process(process: Process, previous: Layout | None = None,
                   documents: bool = False, empty_lanes: bool = False) -> Layout:
    """Lay out a process: lanes, node boxes and routes (deterministic).

    ``previous`` is the layout of the process this one was derived from (a variant's
    original): the steps both have keep their layer, lane and row where the new flows
    allow it, and lanes keep at least their rows, so unchanged steps stay in place.
    ``documents``: also place each task's documents above it (``Layout.data``), as the
    BPMN writer draws them. ``empty_lanes``: also draw the lanes of actors without steps
    (a before/after picture shows every actor on both sides); else they are left out.
    """
    builder = _Builder(process, previous, documents)
    tree = _lane_tree(process)
    occupied = {lane for lane in _lanes_of_steps(process, builder.children[None], tree).values()
                if lane is not None}
    bands = tree if empty_lanes else _without_empty_lanes(process, tree, occupied)
    _order_by_contact(process, bands)
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
    nodes, routes = _place_labels(process, part, routes)
    width = max([right] + [n.box.right for n in nodes]) - ORIGIN[0]
    height = max([ORIGIN[1] + part.height] + [b.box.bottom for b in out_bands]) - ORIGIN[1]
    return Layout(nodes, out_bands, tuple(routes), width, height, tuple(part.data))


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

    shapes = _Index()        # what a message route must not cross, found near it in O(1)
    for node in nodes.values():
        if not node.expanded:
            shapes.add_box(node.box, node.id)

    def blocked(points, skip: set[str]) -> bool:
        for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
            if x1 != x2 and y1 != y2:
                continue
            if shapes.hits(Box(min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)),
                           skip, strict=True):
                return True
        return False

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
        candidates = [a + b for a in starts for b in finishes]
        points = next((c for c in candidates if not blocked(c, skip)), candidates[-1])
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


class _Index:
    """A uniform grid of boxes and segments: what lies near a box, found in constant time
    per cell, so that placing n labels among n routes costs O(n), not O(n^2)."""

    CELL = 120.0

    def __init__(self):
        self.cells: dict[tuple[int, int], list] = defaultdict(list)

    def _keys(self, x1: float, y1: float, x2: float, y2: float):
        c = self.CELL
        for i in range(int(x1 // c), int(x2 // c) + 1):
            for j in range(int(y1 // c), int(y2 // c) + 1):
                yield i, j

    def add_box(self, box: Box, owner: object = None) -> None:
        item = ("box", box, owner)
        for key in self._keys(box.x, box.y, box.right, box.bottom):
            self.cells[key].append(item)

    def add_route(self, points, owner: object = None) -> None:
        for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
            item = ("segment", (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)), owner)
            for key in self._keys(*item[1]):
                self.cells[key].append(item)

    def hits(self, box: Box, ignore: object = None, strict: bool = False) -> int:
        """How many boxes and segments (other than ``ignore``'s: one owner or a set of
        them) touch ``box``; ``strict``: a zero-wide ``box`` (a segment) counts only the
        boxes it passes through, as :func:`_crosses` does."""
        seen, count = set(), 0
        many = isinstance(ignore, (set, frozenset))
        for key in self._keys(box.x, box.y, box.right, box.bottom):
            for item in self.cells.get(key, ()):
                if id(item) in seen or (ignore is not None and (
                        item[2] in ignore if many else item[2] is ignore)):
                    continue
                seen.add(id(item))
                if item[0] == "box":
                    other = item[1]
                    if strict:
                        hit = _crosses(((box.x, box.y), (box.right, box.bottom)), other)
                    else:
                        hit = (other.x < box.right and box.x < other.right
                               and other.y < box.bottom and box.y < other.bottom)
                else:
                    x1, y1, x2, y2 = item[1]
                    hit = x1 <= box.right and box.x <= x2 and y1 <= box.bottom and box.y <= y2
                count += hit
        return count


def _place_labels(process: Process, part: _Part, routes: list[Route],
                  ) -> tuple[tuple[NodeBox, ...], list[Route]]:
    """Labels of events, gateways and named flows, where no route, shape or label is.

    Every candidate is checked against what lies near it in a grid index, so the cost
    is linear in the size of the process.
    """
    index = _Index()
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
    nodes = []
    for step in process.steps:
        node = part.nodes.get(step.id)
        if node is None:
            continue
        if node.shape in ("event", "gateway", "boundary") and step.name:
            label = _node_label(node, step.name, index)
            index.add_box(label)
            node = _with_label(node, label)
        nodes.append(node)
    flows, messages = process.flows, process.message_flows
    out = []
    for route in routes:
        if route.kind == "message":
            name = messages[route.index].name if route.index < len(messages) else None
        else:
            name = flows[route.index].condition if route.index < len(flows) else None
        if name:
            label = _flow_label(route, name, index)
            index.add_box(label)
            route = Route(route.index, route.source, route.target, route.points, route.kind,
                          route.back, label)
        out.append(route)
    return tuple(nodes), out


def _node_label(node: NodeBox, name: str, index: _Index) -> Box:
    """Below the shape, else above, else beside it: the first place nothing else is."""
    w, h = label_size(name)
    box = node.box
    candidates = [Box(box.cx - w / 2, box.bottom + 5, w, h)]
    if node.shape != "boundary":
        candidates += [Box(box.cx - w / 2, box.y - 5 - h, w, h),
                       Box(box.right + 5, box.bottom + 2, w, h),
                       Box(box.x - 5 - w, box.bottom + 2, w, h),
                       Box(box.right + 5, box.y - 2 - h, w, h),
                       Box(box.x - 5 - w, box.y - 2 - h, w, h)]
    return _best(candidates, index, node.id)


def _flow_label(route: Route, name: str, index: _Index) -> Box:
    """Beside the first segments of the route, near its source, off every line."""
    w, h = label_size(name)
    candidates = []
    points = route.points
    for (x1, y1), (x2, y2) in list(zip(points, points[1:], strict=False))[:3]:
        if y1 == y2:
            x = x1 + 6 if x2 >= x1 else x1 - 6 - w
            candidates += [Box(x, y1 - 4 - h, w, h), Box(x, y1 + 4, w, h)]
        elif x1 == x2:
            y = y1 + 6 if y2 >= y1 else y1 - 6 - h
            candidates += [Box(x1 + 5, y, w, h), Box(x1 - 5 - w, y, w, h)]
    if not candidates:
        (x1, y1) = points[0]
        candidates = [Box(x1 + 6, y1 - 4 - h, w, h)]
    return _best(candidates, index, None)


def _best(candidates: list[Box], index: _Index, owner: object) -> Box:
    best, fewest = candidates[0], None
    for candidate in candidates:
        hits = index.hits(candidate, owner)
        if hits == 0:
            return candidate
        if fewest is None or hits < fewest:
            best, fewest = candidate, hits
    return best


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


# ------------------------------------------------------------------------------------------
# a drawing kept from the file the process came from


def kept_layout(process: Process, added: Iterable[str] = ()) -> Layout | None:
    """The drawing the process came with (``process.drawing``), with only what is new placed.

    Every step with a shape in the file keeps it, every flow whose waypoints still join
    its two ends keeps them, lanes and pools keep their bands (and so their order), and
    labels keep their bounds. Steps without a shape (``added`` start and end events, joins,
    steps a variant brings) are put beside their neighbours, flows without a route get a
    short orthogonal one, and their labels are placed where nothing else is. None when
    the file's drawing cannot serve: no shapes, a lane without a band, or a collapsed
    sub-process whose steps are drawn inside it on the same diagram. Steps drawn on other
    diagrams (``drawing.planes``) keep their boxes there; the writer puts them back on
    their planes.
    """
    drawing = process.drawing
    if drawing is None:
        return None
    added = set(added)
    ids = {s.id for s in process.steps}
    boxes: dict[str, Box] = {}
    for step in process.steps:
        bounds = step.bounds or drawing.added.get(step.id)
        if bounds is not None and bounds.width > 0 and bounds.height > 0:
            boxes[step.id] = Box(bounds.x, bounds.y, bounds.width, bounds.height)
    if not any(s.id in boxes for s in process.steps if s.id not in added):
        return None
    parents = {s.parent for s in process.steps if s.parent in ids}
    if any(drawing.expanded.get(p) is False for p in parents) and not drawing.planes:
        return None     # steps drawn inside a collapsed sub-process, not on a plane of its own
    kept = _kept_bands(process, drawing)
    if kept is None:
        return None
    bands, shifts = kept
    if shifts:
        boxes = {k: Box(b.x, _shifted(b.y, shifts), b.width, b.height) for k, b in boxes.items()}

    def moved(points) -> tuple[tuple[float, float], ...]:
        return tuple((x, _shifted(y, shifts)) for x, y in points) if shifts else tuple(points)

    def moved_box(bounds) -> Box | None:
        if bounds is None:
            return None
        return Box(bounds.x, _shifted(bounds.y, shifts), bounds.width, bounds.height)
    leaves = [b for b in bands if b.kind == "lane" or not any(c.parent == b.id for c in bands)]
    holder = {b.actor: b.id for b in bands if b.actor is not None}

    band_ids = {b.id for b in bands}
    tree = _lane_tree(process)
    by_flows = _lanes_of_steps(process, [s for s in process.steps if s.parent not in ids],
                               tree)

    def lane_of(step: Step, box: Box) -> str | None:
        """The actor's band, else a flow neighbour's (the pool of a step is its process),
        else the band the shape lies in."""
        if step.actor in holder:
            return holder[step.actor]
        if by_flows.get(step.id) in band_ids:
            return by_flows[step.id]
        inside = [b for b in leaves if b.box.x <= box.cx <= b.box.right
                  and b.box.y <= box.cy <= b.box.bottom]
        return inside[-1].id if inside else None

    homes = {}
    band_box = {b.id: b.box for b in bands}
    for step in process.steps:
        if step.actor in holder:
            homes[step.id] = band_box[holder[step.actor]]
    new_routes = _place_new_steps(process, boxes, homes)
    nodes: dict[str, NodeBox] = {}
    for step in process.steps:
        if step.id not in boxes:
            continue
        box = boxes[step.id]
        expanded = drawing.expanded.get(step.id, step.id in parents) and step.id in parents
        nodes[step.id] = NodeBox(step.id, box, shape_of(step), lane_of(step, box),
                                 parent=step.parent if step.parent in ids else None,
                                 expanded=expanded,
                                 label=moved_box(drawing.labels.get(step.id)))
    routes: list[Route] = []
    kept_routes: set[int] = set()
    for index, flow in enumerate(process.flows):
        if flow.kind != SEQUENCE or flow.source not in boxes or flow.target not in boxes:
            continue
        a, b = boxes[flow.source], boxes[flow.target]
        points = moved(flow.waypoints)
        if len(points) >= 2 and _touches(points[0], a) and _touches(points[-1], b):
            kept_routes.add(index)
            label = drawing.labels.get(flow.id) if flow.id else None
            routes.append(Route(index, flow.source, flow.target, points, SEQUENCE,
                                label=moved_box(label)))
        else:
            points = new_routes.get((flow.source, flow.target)) or _short_route(a, b)
            routes.append(Route(index, flow.source, flow.target, points))
    band_boxes = {b.id: b.box for b in bands}
    for index, message in enumerate(process.message_flows):
        ends = [boxes.get(ref) or band_boxes.get(ref) for ref in (message.source,
                                                                   message.target)]
        if None in ends:
            continue
        a, b = ends
        points = moved(drawing.messages.get(message.id or "", ()))
        label = drawing.labels.get(message.id or "")
        if len(points) >= 2 and _touches(points[0], a) and _touches(points[-1], b):
            kept_routes.add(-1 - index)
            routes.append(Route(index, message.source, message.target, points,
                                "message", label=moved_box(label)))
        else:
            x = min(max(a.cx, b.x + 10), b.right - 10)
            down = a.cy <= b.cy
            routes.append(Route(index, message.source, message.target,
                                _simplify([(x, a.bottom if down else a.y),
                                           (x, b.y if down else b.bottom)]), "message"))
    nodes_out, routes = _new_labels(process, nodes, routes, kept_routes)
    data = _kept_data(process, drawing, boxes, shifts)
    extent = [n.box for n in nodes_out] + [b.box for b in bands]
    width = max(b.right for b in extent) - min(b.x for b in extent)
    height = max(b.bottom for b in extent) - min(b.y for b in extent)
    return Layout(nodes_out, tuple(bands), tuple(routes), width, height, data)


def _kept_data(process: Process, drawing, boxes: dict[str, Box],
               shifts: list[tuple[float, float]]) -> tuple[DataBox, ...]:
    """The data objects the drawing had beside their tasks, with straight associations."""
    out = []
    for step in process.steps:
        if step.id not in boxes or not step.is_task:
            continue
        task = boxes[step.id]
        for doc in dict.fromkeys((*step.needs, *step.produces)):
            kept = drawing.data.get((step.id, doc))
            if kept is None:
                continue
            bounds, label = kept
            box = Box(bounds.x, _shifted(bounds.y, shifts), bounds.width, bounds.height)
            if label is not None:     # else the editor's own place, as the file had it
                label = Bounds(label.x, _shifted(label.y, shifts), label.width, label.height)
            points = _shifted_points(drawing.data_routes.get((step.id, doc), ()), shifts)
            if not (len(points) >= 2 and _touches(points[0], box) and _touches(points[-1], task)):
                points = _association(box, task)      # the file's own route, else a line
            output = doc not in step.needs
            out.append(DataBox(step.id, doc, output, box,
                               Box(label.x, label.y, label.width, label.height)
                               if label is not None else None,
                               points[::-1] if output else points))
    return tuple(out)


def _shifted_points(points, shifts: list[tuple[float, float]]
                    ) -> tuple[tuple[float, float], ...]:
    return tuple((x, _shifted(y, shifts)) for x, y in points)


def _association(data: Box, task: Box) -> tuple[tuple[float, float], ...]:
    """A straight line from a data object to its task (data object first)."""
    x = min(max(data.cx, task.x + 10), task.right - 10)
    if data.bottom <= task.y:
        return ((data.cx, data.bottom), (x, task.y))
    if data.y >= task.bottom:
        return ((data.cx, data.y), (x, task.bottom))
    y = min(max(data.cy, task.y + 10), task.bottom - 10)
    if data.right <= task.x:
        return ((data.right, data.cy), (task.x, y))
    return ((data.x, data.cy), (task.right, y))


def _kept_bands(process: Process, drawing,
                ) -> tuple[list[LaneBand], list[tuple[float, float]]] | None:
    """The lane and pool bands of the drawing, with the lanes it lacks (a variant's new
    actor) inserted at the bottom of their parent band; returns the bands and the
    (y, height) of every insertion, by which what lies below moves down."""
    tree = _without_empty_lanes(process, _lane_tree(process), set(drawing.bands))

    def drawn_y(band: _Band) -> float:
        bounds = drawing.bands.get("" if band.synthetic else band.id)
        return bounds.y if bounds is not None else float("inf")

    def by_drawing(bands: list[_Band]) -> None:     # the order the drawing shows
        bands.sort(key=drawn_y)
        for band in bands:
            by_drawing(band.children)

    by_drawing(tree)
    walked = list(_walk(tree))
    parent_of = {band.id: parent for band, _, parent in walked}
    boxes: dict[str, Box] = {}
    for band, _, _ in walked:
        key = "" if band.synthetic else band.id
        bounds = drawing.bands.get(key)
        if bounds is not None:
            boxes[band.id] = Box(bounds.x, bounds.y, bounds.width, bounds.height)
    for band, _, _ in reversed(walked):      # a pool drawn only through its lanes
        if band.id in boxes or not band.children:
            continue
        inner = [boxes[c.id] for c in band.children if c.id in boxes]
        if inner and len(inner) == len(band.children):
            left = min(b.x for b in inner) - LABEL_STRIP
            top, bottom = min(b.y for b in inner), max(b.bottom for b in inner)
            boxes[band.id] = Box(left, top, max(b.right for b in inner) - left, bottom - top)
    shifts: list[tuple[float, float]] = []

    def leaves(band: _Band) -> int:
        return sum(leaves(c) for c in band.children) if band.children else 1

    def insert(band: _Band, parent: str) -> None:
        host = boxes[parent]
        y, height = host.bottom, leaves(band) * MIN_LANE_HEIGHT
        ancestors, up = set(), parent
        while up is not None:
            ancestors.add(up)
            up = parent_of.get(up)
        for key, box in list(boxes.items()):
            if key in ancestors:
                boxes[key] = Box(box.x, box.y, box.width, box.height + height)
            elif box.y >= y:
                boxes[key] = box.moved(0, height)
        shifts.append((y, height))
        x = host.x + LABEL_STRIP
        boxes[band.id] = Box(x, y, host.right - x, height)
        top = y
        for child in band.children:
            fill(child, band.id, top)
            top += leaves(child) * MIN_LANE_HEIGHT

    def fill(band: _Band, parent: str, top: float) -> None:
        host = boxes[parent]
        x = host.x + LABEL_STRIP
        boxes[band.id] = Box(x, top, host.right - x, leaves(band) * MIN_LANE_HEIGHT)
        for child in band.children:
            fill(child, band.id, top)
            top += leaves(child) * MIN_LANE_HEIGHT

    for band, _, parent in walked:
        if band.id in boxes:
            continue
        if parent is None or parent not in boxes:
            return None
        insert(band, parent)
    bands = [LaneBand(band.id, band.name, boxes[band.id], band.kind, parent, depth, band.actor,
                      0, band.synthetic) for band, depth, parent in walked]
    return bands, shifts


def _shifted(y: float, shifts: list[tuple[float, float]]) -> float:
    for at, height in shifts:
        if y >= at:
            y += height
    return y


def _touches(point: tuple[float, float], box: Box, tolerance: float = 10.0) -> bool:
    x, y = point
    return (box.x - tolerance <= x <= box.right + tolerance
            and box.y - tolerance <= y <= box.bottom + tolerance)


def _short_route(a: Box, b: Box) -> tuple[tuple[float, float], ...]:
    """An orthogonal route for a flow the drawing did not have."""
    if b.x >= a.right:
        if abs(a.cy - b.cy) < 1:
            return _simplify([(a.right, a.cy), (b.x, a.cy)])
        middle = (a.right + b.x) / 2
        return _simplify([(a.right, a.cy), (middle, a.cy), (middle, b.cy), (b.x, b.cy)])
    if b.right <= a.x:   # backwards: under both
        low = max(a.bottom, b.bottom) + 20
        return _simplify([(a.cx, a.bottom), (a.cx, low), (b.cx, low), (b.cx, b.bottom)])
    if b.y >= a.bottom:
        return _simplify([(a.cx, a.bottom), (a.cx, b.y)]) if a.x <= b.cx <= a.right else \
            _simplify([(a.cx, a.bottom), (a.cx, b.cy), (b.x if b.x > a.cx else b.right, b.cy)])
    return _simplify([(a.cx, a.y), (a.cx, b.bottom)]) if a.x <= b.cx <= a.right else \
        _simplify([(a.cx, a.y), (a.cx, b.cy), (b.x if b.x > a.cx else b.right, b.cy)])


def _place_new_steps(process: Process, boxes: dict[str, Box], homes: dict[str, Box],
                     ) -> dict[tuple[str, str], tuple[tuple[float, float], ...]]:
    """Put every step without a shape beside a neighbour that has one, on a free spot
    (clear of every shape and every kept route, and so is the flow that joins them).

    Returns the route chosen for each such flow, by (source, target).
    """
    chosen_routes: dict[tuple[str, str], tuple[tuple[float, float], ...]] = {}
    index = _Index()
    for box in boxes.values():
        index.add_box(box)
    for flow in process.flows:
        if flow.waypoints and flow.source in boxes and flow.target in boxes:
            index.add_route(flow.waypoints)
    pending = [s for s in process.steps if s.id not in boxes]
    while pending:
        still = []
        for step in pending:
            w, h = size_of(shape_of(step), step.name)
            before = [(f.source, boxes[f.source]) for f in process.incoming(step.id)
                      if f.source in boxes]
            after = [(f.target, boxes[f.target]) for f in process.outgoing(step.id)
                     if f.target in boxes]
            if not before and not after:
                still.append(step)
                continue
            gap = LAYER_GAP * 2 / 3
            boundary = False
            if before:
                source, anchor = before[0]
                boundary = process.step(source).kind == "boundary"
                if boundary:
                    base = Box(anchor.cx + gap / 2, anchor.bottom + gap / 2, w, h)
                else:
                    base = Box(anchor.right + gap, anchor.cy - h / 2, w, h)
                step_x = gap + w
            else:
                anchor = after[0][1]
                base = Box(anchor.x - gap - w, anchor.cy - h / 2, w, h)
                step_x = -(gap + w)
            trials = [base.moved(step_x * (j // 12), (k + 1) // 2 * (h + 24) * (1 if k % 2 else -1))
                      for j in range(36) for k in (j % 12,)]
            chosen, fewest, best_route = base, None, ()
            for trial in trials:
                for route in _routes_between(anchor, trial, bool(before), boundary) or [
                        _short_route(anchor, trial) if before else _short_route(trial, anchor)]:
                    hits = index.hits(Box(trial.x - 8, trial.y - 8, w + 16, h + 16)) * 2
                    for (x1, y1), (x2, y2) in zip(route, route[1:], strict=False):
                        if y1 == y2:
                            hits += 5 * index.hits(Box(min(x1, x2) + 1, y1,
                                                       max(abs(x2 - x1) - 2, 0), 0))
                        else:
                            hits += 5 * index.hits(Box(x1, min(y1, y2) + 1, 0,
                                                       max(abs(y2 - y1) - 2, 0)))
                    if fewest is None or hits < fewest:
                        chosen, fewest, best_route = trial, hits, route
                    if not hits:
                        break
                if not fewest:
                    break
            key = (before[0][0], step.id) if before else (step.id, after[0][0])
            chosen_routes[key] = best_route
            index.add_route(best_route)
            boxes[step.id] = chosen
            index.add_box(chosen)
        if len(still) == len(pending):
            # nothing around it is drawn: the first one goes at the start of its lane
            step = still[0]
            w, h = size_of(shape_of(step), step.name)
            home = homes.get(step.id)
            if home is not None:
                box = Box(home.x + LABEL_STRIP + LAYER_GAP / 2, home.cy - h / 2, w, h)
            else:
                x = max((b.right for b in boxes.values()), default=ORIGIN[0]) + LAYER_GAP
                box = Box(x, ORIGIN[1], w, h)
            boxes[step.id] = box
            index.add_box(box)
            still = still[1:]
        pending = still
    return chosen_routes


def _routes_between(anchor: Box, new: Box, forward: bool, boundary: bool = False):
    """Orthogonal routes between a kept shape and a new one beside it: straight or with
    one bend, leaving (or entering) the kept shape on its side, top or bottom (a
    boundary event: its bottom only)."""
    a, b = (anchor, new) if forward else (new, anchor)
    if not boundary:
        yield _short_route(a, b)
    if forward:
        x = b.x if b.x > a.cx else b.right
        if b.cy > a.bottom:
            yield _simplify([(a.cx, a.bottom), (a.cx, b.cy), (x, b.cy)])
        if b.cy < a.y and not boundary:
            yield _simplify([(a.cx, a.y), (a.cx, b.cy), (x, b.cy)])
    else:
        if a.cy < b.y:
            yield _simplify([(a.right, a.cy), (b.cx, a.cy), (b.cx, b.y)])
        if a.cy > b.bottom:
            yield _simplify([(a.right, a.cy), (b.cx, a.cy), (b.cx, b.bottom)])


def _new_labels(process: Process, nodes: dict[str, NodeBox], routes: list[Route],
                kept_routes: set[int]) -> tuple[tuple[NodeBox, ...], list[Route]]:
    """Labels for the steps and flows the drawing did not have; the others keep theirs."""
    index = _Index()
    for node in nodes.values():
        if not node.expanded:
            index.add_box(node.box, node.id)
        if node.label is not None:
            index.add_box(node.label)
    for route in routes:
        index.add_route(route.points, route)
        if route.label is not None:
            index.add_box(route.label)
    kept_steps = {s.id for s in process.steps if s.bounds is not None}
    out_nodes = []
    for step in process.steps:
        node = nodes.get(step.id)
        if node is None:
            continue
        if node.label is None and step.id not in kept_steps and step.name and \
                node.shape in ("event", "gateway", "boundary"):
            label = _node_label(node, step.name, index)
            index.add_box(label)
            node = _with_label(node, label)
        out_nodes.append(node)
    out_routes = []
    for route in routes:
        key = route.index if route.kind == SEQUENCE else -1 - route.index
        name = (process.flows[route.index].condition if route.kind == SEQUENCE
                else process.message_flows[route.index].name)
        if route.label is None and key not in kept_routes and name:
            label = _flow_label(route, name, index)
            index.add_box(label)
            route = Route(route.index, route.source, route.target, route.points, route.kind,
                          route.back, label)
        out_routes.append(route)
    return tuple(out_nodes), out_routes
