"""Lays a whole process out: lanes, the grid of each container, routes, messages, labels."""

from __future__ import annotations

from collections import defaultdict

from ..model import BOUNDARY, SEQUENCE, Process, Step
from ..textbox import label_size
from .documents import crowded_documents, place_documents
from .labels import place_labels
from .lanes import lane_tree, lanes_of_steps, order_by_contact, walk_bands, without_empty_lanes
from .layers import Grid, layers_of, rows_of, spine_of
from .messages import message_routes
from .routing import Part, Router
from .shapes import (
    CONTENT_MARGIN,
    DATA_GAP,
    DATA_SIZE,
    DATA_SLOT,
    EVENT_SIZE,
    LABEL_GAP,
    LABEL_STRIP,
    LANE_PAD,
    LAYER_GAP,
    LOOP_ROOM,
    MIN_LANE_HEIGHT,
    ORIGIN,
    POOL_GAP,
    ROW_GAP,
    SUBPROCESS_PAD,
    SUBPROCESS_TOP,
    TASK_SIZE,
    Box,
    DataBox,
    LaneBand,
    Layout,
    NodeBox,
    Route,
    shape_of,
    size_of,
)


class _Builder:
    def __init__(self, process: Process, previous: Layout | None, documents: bool = False,
                 wide: frozenset[str] | None = None,
                 no_beside: frozenset[str] | None = frozenset(),
                 roomy: tuple[frozenset[str], frozenset[str]] | None = None):
        self.process = process
        self.previous = previous
        self.wide = wide      # tasks whose documents widen their column (None: all)
        # the events and gateways whose lane keeps room for their names under them, and
        # over them (None: all, both; in BPMN only those whose names found no other place)
        self.roomy = roomy
        self.no_beside = no_beside   # tasks whose documents found no room beside them
        #                              (None: no task has its documents beside it)
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
        self.no_room: set[str] = set()     # tasks whose documents found no free place
        self.strip = {n: max(label_size(self.doc_names[d] or d)[1] for d, _ in docs)
                      + 4 + DATA_SIZE[1] + DATA_GAP for n, docs in self.documents.items()}
        self.children: dict[str | None, list[Step]] = defaultdict(list)
        ids = {s.id for s in process.steps}
        self.host: dict[str, str] = {}
        for flow in process.flows:
            if flow.kind == BOUNDARY and flow.source in ids:
                self.host[flow.target] = flow.source
        self.hosts = frozenset(self.host.values())
        self.below: set[str] = set()      # tasks with their documents drawn below them
        self.beside: set[str] = set()     # tasks with their documents at their sides
        self.chain: set[str] = set()      # of those, the ones in a chain of hand-overs
        self.leftward: set[str] = set()   # of those, the ones whose right side is taken
        by_id = {s.id: s for s in process.steps}
        for step in process.steps:
            # a boundary event is drawn on its host's border: in the host's container
            placed = by_id[self.host[step.id]] if step.id in self.host else step
            parent = placed.parent if placed.parent in ids and placed.parent != placed.id \
                else None
            self.children[parent].append(step)

    def data_boxes(self, step_id: str, task: Box, shift: float = 0.0) -> list[DataBox]:
        """The task's documents side by side above it, each named above its data object
        (below it, named below, when a hand-over enters the task from above); centred
        on the task, or ``shift`` to the right (left when negative)."""
        docs = self.documents[step_id]
        below = step_id in self.below
        w, h = DATA_SIZE
        left = task.cx + shift - len(docs) * DATA_SLOT / 2
        top = task.bottom + DATA_GAP if below else task.y - DATA_GAP - h
        out = []
        for k, (doc, output) in enumerate(docs):
            cx = left + DATA_SLOT * (k + 0.5)
            box = Box(cx - w / 2, top, w, h)
            lw, lh = label_size(self.doc_names[doc] or doc)
            label = Box(cx - lw / 2, box.bottom + 4 if below else top - 4 - lh, lw, lh)
            x = min(max(cx, task.x + 10), task.right - 10)
            points = ((cx, box.y), (x, task.bottom)) if below else ((cx, box.bottom), (x, task.y))
            out.append(DataBox(step_id, doc, output, box, label,
                               tuple(reversed(points)) if output else points))
        return out

    def beside_boxes(self, step_id: str, task: Box, flipped: bool = False) -> list[DataBox]:
        """The task's documents (one to four) at its sides, the first at its right and
        the second at its left (the other way round when ``flipped``), a third and fourth
        further out and a little lower; each named above its data object and joined to
        the task's side (an outer one under the inner one)."""
        w, h = DATA_SIZE
        out = []
        for k, (doc, output) in enumerate(self.documents[step_id]):
            lw, lh = label_size(self.doc_names[doc] or doc)
            offset = max(DATA_GAP + w / 2, 4 + lw / 2) + (k // 2) * DATA_SLOT
            right = (k % 2 == 0) != flipped
            cx = task.right + offset if right else task.x - offset
            cy = task.cy + (k // 2) * OUTER_DROP
            box = Box(cx - w / 2, cy - h / 2, w, h)
            label = Box(cx - lw / 2, box.y - 4 - lh, lw, lh)
            # an outer one level under the inner one (5 units clear of it)
            y = box.bottom - 5 if k // 2 else cy
            points = ((box.x, y), (task.right, y)) if right else ((box.right, y), (task.x, y))
            out.append(DataBox(step_id, doc, output, box, label,
                               tuple(reversed(points)) if output else points))
        return out

    def beside_reach(self, step_id: str) -> float:
        """How far the first document drawn beside a task reaches past the task's side."""
        docs = self.documents[step_id]
        doc = docs[0][0]
        lw = label_size(self.doc_names[doc] or doc)[0]
        offset = max(DATA_GAP + DATA_SIZE[0] / 2, 4 + lw / 2)
        return offset + max(DATA_SIZE[0], lw) / 2 + (len(docs) > 2) * DATA_SLOT

    def beside_rise(self, step_id: str, height: float) -> float:
        """How far the names of a task's documents drawn beside it rise above the task
        (the lane's padding over its first row takes part of that)."""
        tallest = max(label_size(self.doc_names[d] or d)[1] for d, _ in self.documents[step_id])
        return max(tallest + 4 + DATA_SIZE[1] / 2 - height / 2, 0.0)

    def grid(self, steps: list[Step], lanes: dict[str, str | None],
             rank: dict[str | None, int] | None = None) -> Grid:
        """Layers and rows of ``steps``; ``rank`` is each lane's place top to bottom."""
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
        lane = {n: lanes.get(n) for n in order}
        rank = rank or {}
        # a task entered from above by a hand-over has its documents drawn below it; a
        # task at either end of a vertical hand-over has one to four at its free sides, so
        # the hand-overs run straight (a chain of them through a lane, too)
        vertical = [(index, u, v, rank[lane[v]] > rank[lane[u]]) for index, u, v in plain
                    if u not in self.hosts and v not in self.hosts
                    and self.hands_over(index, u, v, lane, rank, ignore_documents=True)]
        entered = {v for _, _, v, down in vertical if down and v in self.documents}
        beside: set[str] = set()
        if self.no_beside is not None:
            # a side is free when every flow in (left) or out (right) runs up or down
            upright = {index for index, _, _, _ in vertical}
            left_used = {v for index, _, v in plain if index not in upright}
            right_used = {u for index, u, _ in plain if index not in upright}
            ends = dict.fromkeys(n for _, source, target, _ in vertical
                                 for n in (target, source))
            for n in ends:
                docs = self.documents.get(n, ())
                free = (n not in left_used) + (n not in right_used)
                if 0 < len(docs) <= 2 * free and n not in self.no_beside \
                        and (free == 2 or len(docs) == 1):
                    beside.add(n)
                    if n in right_used:
                        self.leftward.add(n)
        self.below |= entered - beside
        self.beside |= beside
        # in a chain of hand-overs (entered from above, handing over down) the documents
        # are worth a wider column; elsewhere they go over or under when sides are taken
        self.chain |= {u for _, u, _, down in vertical if down and u in entered & beside}
        handoffs = {index for index, u, v in plain
                    if self.hands_over(index, u, v, lane, rank)}
        layer, back, straight = layers_of(order, plain, prev_layer, handoffs, lane, rank)
        for index, u, v in plain:
            edges.append((index, u, v, index in back, self.process.flows[index].source))
        spine = spine_of(self.process, order, edges, back)
        prev_rows, lane_min = {}, {}
        if prev:
            for n in order:
                if prev.has_node(n) and prev.node(n).lane == lane[n]:
                    prev_rows[n] = prev.node(n).row
            for band in prev.lanes:
                if band.rows:
                    lane_min[band.id] = band.rows
        row, counts = rows_of(order, layer, lane, edges, back, spine, prev_rows, lane_min)
        return Grid(order, layer, lane, row, edges, counts, straight)

    def kept_columns(self, steps: list[Step], banded: bool) -> dict[int, tuple[float, float]]:
        """The centre and width of each column of the previous layout, by layer, so that
        a variant's steps keep their places or move right, never left (top level only)."""
        prev = self.previous
        if prev is None or not banded:
            return {}
        columns: dict[int, tuple[float, float]] = {}
        for step in steps:
            if step.id in self.host or not prev.has_node(step.id):
                continue
            node = prev.node(step.id)
            if node.parent is None:
                centre, width = columns.get(node.layer, (node.box.cx, 0.0))
                columns[node.layer] = (centre, max(width, node.box.width))
        return columns

    def hands_over(self, index: int, u: str, v: str, lane: dict[str, str | None],
                   rank: dict[str | None, int], ignore_documents: bool = False) -> bool:
        """Whether flow ``index`` from ``u`` to ``v`` may run straight down (or up) into
        another lane, in one column: it leaves and enters where nothing else is drawn (no
        documents above a task it enters or leaves from the top, no boundary events or
        documents below one it leaves or enters from the bottom)."""
        if lane[u] == lane[v] or lane[u] not in rank or lane[v] not in rank or u == v \
                or self.process.flows[index].source != u:
            return False
        if ignore_documents:
            return True
        above = {n for n in (u, v) if n in self.documents and n not in self.below
                 and n not in self.beside}
        under = {n for n in (u, v) if n in self.hosts or n in self.below}
        if rank[lane[v]] > rank[lane[u]]:       # down: u's bottom, v's top
            return u not in under and v not in above
        return u not in above and v not in under

    def size(self, step: Step) -> tuple[float, float, Part | None]:
        inner = self.children.get(step.id)
        if step.is_subprocess and inner:
            sub = self.container(inner, {s.id: None for s in inner}, [(None, None)], False)
            return (sub.width + 2 * SUBPROCESS_PAD,
                    sub.height + SUBPROCESS_TOP + SUBPROCESS_PAD, sub)
        w, h = size_of(shape_of(step), step.name)
        return w, h, None

    def container(self, steps: list[Step], lanes: dict[str, str | None],
                  lane_order: list[tuple[str | None, str | None]], banded: bool,
                  x0: float = 0.0, y0: float = 0.0) -> Part:
        """Lay out ``steps`` (and what they contain) with the grid's top-left at x0, y0.

        ``lane_order`` lists the leaf bands top to bottom with the pool of each.
        """
        g = self.grid(steps, lanes, {lane: k for k, (lane, _) in enumerate(lane_order)})
        by_id = {s.id: s for s in steps}
        sizes = {n: self.size(by_id[n]) for n in g.order}
        n_layers = max(g.layer.values(), default=-1) + 1
        widths = [0.0] * n_layers
        for n in g.order:
            widths[g.layer[n]] = max(widths[g.layer[n]], sizes[n][0])
        for n, docs in self.documents.items():
            if n not in g.layer or (self.wide is not None and n not in self.wide):
                continue
            if n in self.beside:     # room at both sides of the task
                need = sizes[n][0] + 2 * self.beside_reach(n) + 8
            else:
                need = len(docs) * DATA_SLOT
            widths[g.layer[n]] = max(widths[g.layer[n]], need)
        widths = [w or TASK_SIZE[0] for w in widths]
        gaps = [LAYER_GAP] * n_layers
        flows = self.process.flows
        for index, u, _, back, _ in g.edges:
            if flows[index].condition and not back:
                i = g.layer[u]
                gaps[i] = max(gaps[i], label_size(flows[index].condition)[0] + LABEL_GAP)
        kept = self.kept_columns(steps, banded)
        for i, (_, width) in kept.items():
            if i < n_layers:
                widths[i] = max(widths[i], width)
        xs, x = [], x0
        for i, w in enumerate(widths):
            if i in kept:             # a kept column never moves left
                x = max(x, kept[i][0] - w / 2)
            xs.append(x)
            x += w + gaps[i]
        content_right = (x - gaps[-1]) if widths else x0 + TASK_SIZE[0]
        margin = CONTENT_MARGIN if banded else SUBPROCESS_PAD
        for n in self.beside:       # the first document at the right of a task in the last
            if n in g.layer:        # column: the lanes reach past it
                i = g.layer[n]
                task_right = xs[i] + (widths[i] + sizes[n][0]) / 2
                content_right = max(content_right,
                                    task_right + self.beside_reach(n) + 4 - margin)
        row_height: dict[tuple, float] = defaultdict(float)
        row_strip: dict[tuple, float] = defaultdict(float)
        row_under: dict[tuple, float] = defaultdict(float)    # documents below the row
        for n in g.order:
            key = (g.lane[n], g.row[n])
            row_height[key] = max(row_height[key], sizes[n][1])
            if n in self.beside:      # names over the data objects may rise above the task
                row_strip[key] = max(row_strip[key], self.beside_rise(n, sizes[n][1]))
            elif n in self.below:
                row_under[key] = max(row_under[key], self.strip.get(n, 0.0))
            else:
                row_strip[key] = max(row_strip[key], self.strip.get(n, 0.0))
        # the name of an event or gateway goes under (or over) it: the lane keeps room
        room_under: dict[tuple, float] = defaultdict(float)
        room_over: dict[tuple, float] = defaultdict(float)
        under_ids, over_ids = self.roomy if self.roomy is not None else (None, None)
        for n in g.order:
            shape = shape_of(by_id[n])
            if shape in ("event", "gateway") and by_id[n].name:
                key = (g.lane[n], g.row[n])
                need = 7 + label_size(by_id[n].name)[1] - (row_height[key] - sizes[n][1]) / 2
                if under_ids is None or n in under_ids:
                    room_under[key] = max(room_under[key], need)
                if over_ids is None or n in over_ids:
                    room_over[key] = max(room_over[key], need)
        # a loop back runs in the corridor under the lower of its two rows: under the last
        # row of a lane, the lane keeps room for it (else it runs along the lane's border)
        rank = {lane_id: k for k, (lane_id, _) in enumerate(lane_order)}
        loop_room: dict[str | None, float] = {}
        for _index, u, v, back, _source in g.edges:
            if back and u in g.lane and v in g.lane:
                low = max((u, v), key=lambda n: (rank.get(g.lane[n], 0), g.row[n]))
                if g.row[low] == g.lanes_rows.get(g.lane[low], 0) - 1:
                    loop_room[g.lane[low]] = LOOP_ROOM
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
            first = (lane_id, 0)
            # the names of documents over the first row may use part of the padding
            pad = LANE_PAD - min(row_strip.get(first, 0.0), LANE_PAD - STRIP_CLEARANCE)
            y += max(pad, room_over.get(first, 0.0) - row_strip.get(first, 0.0))
            for r in range(count):
                h = row_height.get((lane_id, r)) or TASK_SIZE[1]
                strip = row_strip.get((lane_id, r), 0.0)
                under = row_under.get((lane_id, r), 0.0)
                row_y[(lane_id, r)] = y + strip
                row_index[(lane_id, r)] = len(global_rows)
                global_rows.append((y, y + strip + h + under))
                y += strip + h + under + (ROW_GAP if r < count - 1 else 0.0)
            last = (lane_id, count - 1)
            # (and the names of documents under the last row part of the one under it)
            pad = LANE_PAD - min(row_under.get(last, 0.0), LANE_PAD - STRIP_CLEARANCE)
            y += max(pad, room_under.get(last, 0.0) - row_under.get(last, 0.0)) \
                + loop_room.get(lane_id, 0.0) if count else LANE_PAD
            if banded:
                y = max(y, top + MIN_LANE_HEIGHT)
            spans[lane_id] = (top, y)
        part = Part({}, [], max(content_right - x0, 0.0), y - y0, spans, xs, widths)
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
            if n in self.beside:
                part.data.extend(self.beside_boxes(n, box))
            elif n in self.documents:
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
        Router(part, g, boxes, xs, widths, global_rows, row_index,
                (x0 - margin, content_right + margin, y0, y),
                frozenset(self.documents) - self.below - self.beside,
                self.hosts | self.below).route_all()
        return part


def layout_process(process: Process, previous: Layout | None = None,
                   documents: bool = False, empty_lanes: bool = False) -> Layout:
    """Lay out a process: lanes, node boxes and routes (deterministic).

    ``previous`` is the layout of the process this one was derived from (a variant's
    original): the steps both have keep their layer, lane and row where the new flows
    allow it, and lanes keep at least their rows, so unchanged steps stay in place.
    ``documents``: also place each task's documents above it (``Layout.data``), as the
    BPMN writer draws them; documents wider than their task reach over the corridors
    beside it where nothing else is drawn there, else they widen their column; a task at
    either end of a vertical hand-over has its documents at its free sides (one or two,
    up to four when both are free), and the names of events and gateways keep off lane
    borders (up to ``PACKED_UP_TO`` steps; a larger process has every column as wide as
    its documents). The lanes are ordered again with the heights they came out with, and
    that drawing is kept when its flows are shorter.
    ``empty_lanes``: also draw the lanes of actors without steps (a before/after picture
    shows every actor on both sides); else they are left out.
    """
    if not documents:
        return _layout(process, previous, False, empty_lanes, None)
    if len(process.steps) > PACKED_UP_TO:     # one pass: every column holds its documents
        return _layout(process, previous, True, empty_lanes, None, None)
    first = _packed(process, previous, empty_lanes, None)
    if previous is not None or len(first.lanes) < 3:
        return first
    # again with the lanes as tall as they came out: a better order of lanes, if any
    heights = {b.id: b.box.height / MIN_LANE_HEIGHT for b in first.lanes}
    second = _packed(process, previous, empty_lanes, heights)
    return second if _route_length(second) < _route_length(first) else first


def _route_length(layout: Layout) -> float:
    return sum(abs(x2 - x1) + abs(y2 - y1) for r in layout.routes
               for (x1, y1), (x2, y2) in zip(r.points, r.points[1:], strict=False))


def _packed(process: Process, previous: Layout | None, empty_lanes: bool,
            heights: dict[str, float] | None) -> Layout:
    """The layout with documents packed (see :func:`layout_process`)."""
    wide: frozenset[str] = frozenset()
    no_beside: frozenset[str] = frozenset()
    under: frozenset[str] = frozenset()      # room under them, then over them too
    over: frozenset[str] = frozenset()
    for _ in range(WIDENING_ROUNDS):
        layout, frame, no_room, beside, chain = _layout(
            process, previous, True, empty_lanes, wide, no_beside, heights, (under, over),
            framed=True)
        crowded = no_room | crowded_documents(layout, *frame)
        astray = names_across_lanes(layout) - over
        if not crowded and not astray:
            return layout
        # no room at their sides: a wider column, then over or under them
        demoted = crowded & beside & (wide | (beside - chain))
        if not demoted and crowded <= wide and not astray:
            return layout       # what still clashes would clash in any column width
        no_beside |= demoted
        wide |= crowded - demoted
        over |= astray & under
        under |= astray
    return _layout(process, previous, True, empty_lanes, None, None, heights, None)


def names_across_lanes(layout: Layout) -> frozenset[str]:
    """The events and gateways (drawn at the top level) whose names cross a border of
    the lane they lie in."""
    leaves = [b.box for b in layout.lanes if b.rows]
    out = set()
    for node in layout.nodes:
        if node.label is None or node.parent is not None or node.shape == "boundary":
            continue
        lane = next((b for b in leaves if b.y <= node.box.cy <= b.bottom), None)
        if lane is not None and (node.label.y < lane.y or node.label.bottom > lane.bottom):
            out.add(node.id)
    return frozenset(out)


OUTER_DROP = 10.0       # how much lower a third or fourth document beside a task sits
#                         (its association runs level, under the inner document)
STRIP_CLEARANCE = 8.0   # between a lane's top border and the names of documents under it

# Packing documents takes up to WIDENING_ROUNDS layouts (usually two or three); above
# PACKED_UP_TO steps (a generated process, not one a person reads) it takes one.
PACKED_UP_TO = 500
WIDENING_ROUNDS = 6     # then every column is as wide as its documents (nothing to clash)


def _layout(process: Process, previous: Layout | None, documents: bool, empty_lanes: bool,
            wide: frozenset[str] | None, no_beside: frozenset[str] | None = frozenset(),
            heights: dict[str, float] | None = None,
            roomy: tuple[frozenset[str], frozenset[str]] | None = None, framed: bool = False):
    builder = _Builder(process, previous, documents, wide, no_beside, roomy)
    tree = lane_tree(process)
    occupied = {lane for lane in lanes_of_steps(process, builder.children[None], tree).values()
                if lane is not None}
    bands = tree if empty_lanes else without_empty_lanes(process, tree, occupied)
    # a lane with documents drawn in it is about 1.8 times as tall as one without
    tall = {s.actor for s in process.steps if s.id in builder.documents}
    order_by_contact(process, bands, [b.id for b in previous.lanes] if previous else (),
                     heights if heights is not None else {a: 1.8 for a in tall if a})
    walked = list(walk_bands(bands))
    depth = max((d for _, d, _ in walked), default=-1) + 1
    top_steps = builder.children[None]
    lanes = lanes_of_steps(process, top_steps, bands)
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
    row_counts = {}
    for n in part.nodes.values():
        if n.parent is None and n.lane is not None:
            row_counts[n.lane] = max(row_counts.get(n.lane, 0), n.row + 1)

    def band_boxes(right: float) -> tuple[LaneBand, ...]:
        boxes: dict[str, Box] = {}
        for band, d, _ in reversed(walked):
            if not band.children:
                top, bottom = part.lane_spans.get(band.id,
                                                  (ORIGIN[1], ORIGIN[1] + MIN_LANE_HEIGHT))
            else:
                top = min(boxes[c.id].y for c in band.children)
                bottom = max(boxes[c.id].bottom for c in band.children)
            x = ORIGIN[0] + d * LABEL_STRIP
            boxes[band.id] = Box(x, top, right - x, bottom - top)
        return tuple(
            LaneBand(band.id, band.name, boxes[band.id], band.kind, parent, d, band.actor,
                     row_counts.get(band.id, 0), band.synthetic)
            for band, d, parent in walked)

    out_bands = band_boxes(right)
    routes = sorted(part.routes, key=lambda r: r.index)
    routes += message_routes(process, part, {b.id: b for b in out_bands}, pool_of, lanes)
    content = (x0 - (CONTENT_MARGIN if bands else 0.0), right)
    if part.data:
        drawn = dict.fromkeys(d.step for d in part.data)     # in the order first drawn
        options = {n: [builder.beside_boxes(n, part.nodes[n].box, flipped)
                       for flipped in ((True, False) if n in builder.leftward else (False, True))]
                   if n in builder.beside else
                   [builder.data_boxes(n, part.nodes[n].box, shift)
                    for shift in _shifts(len(builder.documents[n]), part.nodes[n].box.width)]
                   for n in drawn}
        # documents may reach past the first or the last column: the drawing then moves
        # right of the lanes' name strips, and the lanes reach past them
        part.data, builder.no_room = place_documents(options, part.nodes.values(), routes,
                                                     -float("inf"), float("inf"))
        ends = [x for d in part.data for x in (d.box.x, d.box.right) + (
            (d.label.x, d.label.right) if d.label else ())]
        shift = max(content[0] + STRIP_CLEARANCE - min(ends), 0.0) if bands else 0.0
        if shift:
            part.nodes = {n: _moved_node(node, shift) for n, node in part.nodes.items()}
            part.data = [_moved_data(d, shift) for d in part.data]
            routes = [_moved_route(r, shift) for r in routes]
        reach = max(ends) + shift + STRIP_CLEARANCE
        if reach > right:
            right = reach
            out_bands = band_boxes(right)
            content = (content[0], right)
    nodes, routes = place_labels(process, part, routes,
                                 [b.box for b in out_bands] if documents else ())
    width = max([right] + [n.box.right for n in nodes]) - ORIGIN[0]
    height = max([ORIGIN[1] + part.height] + [b.box.bottom for b in out_bands]) - ORIGIN[1]
    layout = Layout(nodes, out_bands, tuple(routes), width, height, tuple(part.data))
    if framed:
        return layout, content, builder.no_room, frozenset(builder.beside), \
            frozenset(builder.chain)
    return layout


def _moved_node(node: NodeBox, dx: float) -> NodeBox:
    return NodeBox(node.id, node.box.moved(dx, 0), node.shape, node.lane, node.layer,
                   node.row, node.parent, node.expanded,
                   node.label.moved(dx, 0) if node.label else None)


def _moved_data(data: DataBox, dx: float) -> DataBox:
    return DataBox(data.step, data.document, data.output, data.box.moved(dx, 0),
                   data.label.moved(dx, 0) if data.label else None,
                   tuple((x + dx, y) for x, y in data.points))


def _moved_route(route: Route, dx: float) -> Route:
    return Route(route.index, route.source, route.target,
                 tuple((x + dx, y) for x, y in route.points), route.kind, route.back,
                 route.label.moved(dx, 0) if route.label else None)


def _shifts(count: int, width: float) -> list[float]:
    """Where a task's documents may go: centred on it, else halfway to the right or left,
    else as far right or left as they still cover the task.

    >>> _shifts(1, 100.0)
    [0.0]
    >>> _shifts(3, 100.0)
    [0.0, 47.0, -47.0, 94.0, -94.0]
    """
    reach = max(count * DATA_SLOT - width, 0.0) / 2
    if not reach:
        return [0.0]
    return [0.0, reach / 2, -reach / 2, reach, -reach]
