"""A drawing kept from the file the process came from, with only what is new placed."""

from __future__ import annotations

from collections.abc import Iterable

from ..model import SEQUENCE, Bounds, Process, Step
from .geometry import simplify_points
from .index import SpatialIndex
from .labels import flow_label, node_label, with_label
from .lanes import Band, lane_tree, lanes_of_steps, walk_bands, without_empty_lanes
from .shapes import (
    LABEL_STRIP,
    LAYER_GAP,
    MIN_LANE_HEIGHT,
    ORIGIN,
    Box,
    DataBox,
    LaneBand,
    Layout,
    NodeBox,
    Route,
    shape_of,
    size_of,
)


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
    tree = lane_tree(process)
    by_flows = lanes_of_steps(process, [s for s in process.steps if s.parent not in ids],
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
    kept_labels = [moved_box(drawing.labels[key]) for key in (
        *(s.id for s in process.steps if s.id in boxes),
        *(f.id for f in process.flows if f.id and f.waypoints)) if key in drawing.labels]
    new_routes = _place_new_steps(process, boxes, homes, kept_labels)
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
                                simplify_points([(x, a.bottom if down else a.y),
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
        if step.id not in boxes or not (step.is_task or step.is_event):
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
    tree = without_empty_lanes(process, lane_tree(process), set(drawing.bands))

    def drawn_y(band: Band) -> float:
        bounds = drawing.bands.get("" if band.synthetic else band.id)
        return bounds.y if bounds is not None else float("inf")

    def by_drawing(bands: list[Band]) -> None:     # the order the drawing shows
        bands.sort(key=drawn_y)
        for band in bands:
            by_drawing(band.children)

    by_drawing(tree)
    walked = list(walk_bands(tree))
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

    def leaves(band: Band) -> int:
        return sum(leaves(c) for c in band.children) if band.children else 1

    def insert(band: Band, parent: str) -> None:
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

    def fill(band: Band, parent: str, top: float) -> None:
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
            return simplify_points([(a.right, a.cy), (b.x, a.cy)])
        middle = (a.right + b.x) / 2
        return simplify_points([(a.right, a.cy), (middle, a.cy), (middle, b.cy), (b.x, b.cy)])
    if b.right <= a.x:   # backwards: under both
        low = max(a.bottom, b.bottom) + 20
        return simplify_points([(a.cx, a.bottom), (a.cx, low), (b.cx, low), (b.cx, b.bottom)])
    if b.y >= a.bottom:
        return simplify_points([(a.cx, a.bottom), (a.cx, b.y)]) if a.x <= b.cx <= a.right else \
            simplify_points([(a.cx, a.bottom), (a.cx, b.cy),
                             (b.x if b.x > a.cx else b.right, b.cy)])
    return simplify_points([(a.cx, a.y), (a.cx, b.bottom)]) if a.x <= b.cx <= a.right else \
        simplify_points([(a.cx, a.y), (a.cx, b.cy), (b.x if b.x > a.cx else b.right, b.cy)])


def _place_new_steps(process: Process, boxes: dict[str, Box], homes: dict[str, Box],
                     labels: Iterable[Box] = (),
                     ) -> dict[tuple[str, str], tuple[tuple[float, float], ...]]:
    """Put every step without a shape beside a neighbour that has one, on a free spot
    (clear of every shape, kept label and kept route, and so is the flow that joins them).

    Returns the route chosen for each such flow, by (source, target).
    """
    chosen_routes: dict[tuple[str, str], tuple[tuple[float, float], ...]] = {}
    index = SpatialIndex()
    for box in (*boxes.values(), *labels):
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
            yield simplify_points([(a.cx, a.bottom), (a.cx, b.cy), (x, b.cy)])
        if b.cy < a.y and not boundary:
            yield simplify_points([(a.cx, a.y), (a.cx, b.cy), (x, b.cy)])
    else:
        if a.cy < b.y:
            yield simplify_points([(a.right, a.cy), (b.cx, a.cy), (b.cx, b.y)])
        if a.cy > b.bottom:
            yield simplify_points([(a.right, a.cy), (b.cx, a.cy), (b.cx, b.bottom)])


def _new_labels(process: Process, nodes: dict[str, NodeBox], routes: list[Route],
                kept_routes: set[int]) -> tuple[tuple[NodeBox, ...], list[Route]]:
    """Labels for the steps and flows the drawing did not have; the others keep theirs."""
    index = SpatialIndex()
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
            label = node_label(node, step.name, index)
            index.add_box(label)
            node = with_label(node, label)
        out_nodes.append(node)
    out_routes = []
    for route in routes:
        key = route.index if route.kind == SEQUENCE else -1 - route.index
        name = (process.flows[route.index].condition if route.kind == SEQUENCE
                else process.message_flows[route.index].name)
        if route.label is None and key not in kept_routes and name:
            label = flow_label(route, name, index)
            index.add_box(label)
            route = Route(route.index, route.source, route.target, route.points, route.kind,
                          route.back, label)
        out_routes.append(route)
    return tuple(out_nodes), out_routes
