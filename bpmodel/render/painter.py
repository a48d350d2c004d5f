"""Painting a laid-out process onto a :class:`~.canvas.Canvas` in the BPMN look.

One drawing unit of :mod:`bpmodel.layout` is :data:`UNIT` inches, so a task is one
inch wide and font sizes hold whatever the size of the process: a bigger process
makes a bigger figure, never smaller text. Painting imports no matplotlib: the canvas
is written as SVG by :mod:`~.svg`, or replayed onto matplotlib for PNG and PDF.

- pools, agency groups and lanes as bands with their name in a header strip;
- tasks as rounded rectangles with their name wrapped inside, their kind and contact
  in a tag line and their durations under them; sub-processes as large boxes;
- gateways as diamonds with their marker (x, +, o, *), events as circles (thin
  start, thick end, double intermediate, with a clock, an envelope or a triangle);
- sequence flows as solid arrows, message flows dashed, branch chances and
  conditions at the start of a branch, the default branch with a slash.

Every step's shape carries the SVG id ``<prefix>step-<id>`` and its name
``<prefix>name-<id>``; lane headers ``<prefix>lane-<band id>``; badges
``<prefix>badge-<id>``, so the pictures can be checked and styled.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..i18n import _, language
from ..labels import contact_label, task_kind_label
from ..layout import LABEL_STRIP, Box, Layout, NodeBox
from ..model import BOUNDARY, Duration, Process, Step
from .branches import (  # noqa: F401  (the pictures import them from here)
    FLOW_LABEL_WIDTH,
    FLOW_SIZE,
    LABEL_BACKGROUND,
    BranchLabel,
    branch_label,
    branch_labels,
    branch_routes,
    label_stretch,
)
from .canvas import PT, UNIT, Canvas  # noqa: F401  (UNIT: the pages import it from here)
from .fonts import ELLIPSIS, FAMILY, LINE_SPACING, fit_text, text_width, wrap

INK = "#222222"
MUTED = "#555555"
LANE_TINTS = ("#FFFFFF", "#F4F4F4")
STRIP_FILL = {"pool": "#D5D5D5", "group": "#E2E8EF", "lane": "#ECECEC"}
TASK_KIND_TAGS = {"business-rule": "rule", "subprocess": "sub-process",
                  "event-subprocess": "event sub-process", "adhoc": "ad hoc"}
NAME_SIZES = (8.0, 7.5, 7.0)  # one of them for every task name of a picture
LABEL_SIZES = (8.0, 7.5, 7.0)  # the names of events and gateways beside them
TIME_SIZE = 7.5
TAG_SIZE = 6.0
BADGE_SIZE = 7.5
PAD = 5.0                   # inside a task, units
CORNER_ROOM = 16.0          # units a badge on a shape's corner stands above it
CORNER_Y = 6.5              # units above the shape's top its middle is: its frame stands
#                             2 pt clear of a name's first line under it (it touched it)
ACTOR_LINE = 8.0 * 1.6 / PT + 2   # units a task's actor tag takes on its last line
ACTOR_MORE = 8.0 * LINE_SPACING / PT     # ... and each more line of it


@dataclass(frozen=True, slots=True)
class Badge:
    """A small label on a step: ``text`` in a box edged with ``colour``; ``where`` is
    ``left`` (above the shape's top-left corner), ``corner`` (on its top-left corner,
    half over the shape: a picture for a page keeps no strip above the shape for it)
    or ``right`` (on its top-right corner)."""

    text: str
    colour: str
    tint: str = "#FFFFFF"
    where: str = "left"


@dataclass(frozen=True, slots=True)
class Style:
    """How a step is drawn: outline colour, width and line style, fill, hatch, badges."""

    edge: str = INK
    face: str = "#FFFFFF"
    width: float = 1.3
    line: str = "-"
    hatch: str | None = None
    badges: tuple[Badge, ...] = ()
    hatch_colour: str | None = None


@dataclass(frozen=True, slots=True)
class ActorTag:
    """Who does a task, written on the task's last lines when the picture has no lanes
    (the flow form): ``text`` (one or two lines) in ``ink`` on a chip of ``face`` edged
    with ``edge``."""

    text: str
    face: str = "#FFFFFF"
    ink: str = INK
    edge: str = INK


PLAIN = Style()


def fill(style: Style, face: str | None = None) -> dict:
    """The fill arguments of a shape in ``style`` (see :class:`~.canvas.Canvas`): face,
    hatch and a hatch colour lighter than the outline, so names stay readable over the
    hatch.

    >>> fill(Style(hatch="//", hatch_colour="#999999"), "none")
    {'face': 'none', 'hatch': '//', 'hatch_colour': '#999999'}
    """
    return {"face": face or style.face, "hatch": style.hatch,
            "hatch_colour": style.hatch_colour if style.hatch else None}


@dataclass(frozen=True)
class Scene:
    """What to paint for one process: its layout, where, and the styles to apply.

    ``strong`` lists the flows (source, target) drawn thick in ``strong_colour``
    (the critical path); ``prefix`` starts every SVG id, so that two processes can
    share a figure.
    """

    process: Process
    layout: Layout
    dx: float = 0.0
    dy: float = 0.0
    styles: Mapping[str, Style] = field(default_factory=dict)
    strong: frozenset[tuple[str, str]] = frozenset()
    strong_colour: str = "#D55E00"
    prefix: str = ""
    name_size: float | None = None   # of every task name; None: the largest that fits all
    keys: Mapping[str, str] = field(default_factory=dict)   # condition -> its key
    wrap_times: bool = False    # a squeezed layout (see render.tight): a duration wider
    #                             than its task on two lines, where its label box is
    actors: Mapping[str, ActorTag] = field(default_factory=dict)  # task -> who does it


def extent(layout: Layout, process: Process | None = None) -> Box:
    """The rectangle everything of a layout is drawn in (lanes, shapes, labels, routes);
    with the ``process``, also the durations written on one line under its tasks, which
    may stand out past the last column (at the natural size, in Bahasa Indonesia)."""
    xs, ys, rights, bottoms = [], [], [], []
    boxes = [(b.box, 0.0) for b in layout.lanes] + [(n.label, 0.0) for n in layout.nodes
                                                    if n.label is not None]
    boxes += [(n.box, TIME_SIZE * 1.6 / PT if n.shape == "task" else 0.0)
              for n in layout.nodes]                     # durations under tasks
    for box, below in boxes:
        xs.append(box.x)
        ys.append(box.y)
        rights.append(box.right)
        bottoms.append(box.bottom + below)
    for route in layout.routes:
        for x, y in route.points:
            xs.append(x)
            ys.append(y)
            rights.append(x)
            bottoms.append(y)
    if process is not None:
        below = bottom_lines(layout)
        for node in layout.nodes:
            if node.shape in ("task", "subprocess") and not node.expanded \
                    and process.has_step(node.id):
                time = duration_text(process.step(node.id), process)
                if time:
                    width = text_width(time, TIME_SIZE) / PT
                    box = node.box
                    left = box.cx + BESIDE_GAP if node.id in below else box.cx - width / 2
                    xs.append(left)
                    rights.append(left + width)
    if not xs:
        return Box(0, 0, 200, 100)
    x, y = min(xs), min(ys)
    return Box(x, y, max(rights) - x, max(bottoms) - y)


def _name_room(node: NodeBox, step: Step, hosts: set[str], process: Process
               ) -> tuple[float, float]:
    """Width and height (points) a task's name has inside its box."""
    box = node.box
    tagged = bool(step.kind and not node.expanded) or bool(step.contact)
    top = box.y + (PAD + TAG_SIZE * 1.4 / PT if tagged else PAD)
    time_inside = step.id in hosts and bool(duration_text(step, process))
    bottom = box.bottom - (PAD + TIME_SIZE * 1.3 / PT if time_inside else PAD)
    if step.is_subprocess:
        bottom -= 12
    return (box.width - 2 * PAD) * PT, (bottom - top) * PT


def name_size(process: Process, layout: Layout) -> float:
    """The one font size of the task names of a picture: the largest of
    :data:`NAME_SIZES` at which every name fits its box whole (no word cut, nothing left
    out), else the smallest.

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Process, Step
    >>> name_size(Process("p", "P", steps=(Step("a", "Sign"),)),
    ...           layout_process(Process("p", "P", steps=(Step("a", "Sign"),))))
    8.0
    """
    hosts = {f.source for f in process.flows if f.kind == BOUNDARY}
    tasks = [(n, process.step(n.id)) for n in layout.nodes
             if n.shape in ("task", "subprocess") and not n.expanded and process.has_step(n.id)]
    for size in NAME_SIZES:
        if all(_whole(step.name, *_name_room(node, step, hosts, process), size)
               for node, step in tasks):
            return size
    return NAME_SIZES[-1]


def _whole(name: str, width: float, height: float, size: float) -> bool:
    fitted = fit_text(name, width, height, (size,))
    return not fitted.lines or (not fitted.lines[-1].endswith(ELLIPSIS)
                                and all(text_width(word, size) <= width
                                        for word in name.split()))


LABEL_WIDENING = (1.0, 1.3, 1.6, 2.0, 2.5)   # a label short of height grows wider


def label_room(node: NodeBox, layout: Layout) -> float:
    """How tall (units) the label of an event or gateway may be: up to 60 units, never
    past the border of the lane it is drawn in (above or below its shape)."""
    label = node.label
    room = max(label.height, 60.0)
    for band in layout.lanes:
        if (band.kind == "lane" or band.actor is not None) \
                and band.box.y <= node.box.cy <= band.box.bottom:
            above = label.bottom <= node.box.y
            edge = label.bottom - band.box.y if above else band.box.bottom - label.y
            room = min(room, max(edge - 2, 12.0))
            break
    return room


def label_text(node: NodeBox, step: Step, process: Process, room: float | None = None):
    """The name (and time) of an event or gateway fitted to its label box, or None:
    ``room`` units tall at most (see :func:`label_room`); a name too long for it is set
    wider rather than cut."""
    text = step.name
    time = duration_text(step, process)
    if time:
        text = f"{text} ({time})" if text else time
    if not text or node.label is None:
        return None
    room = max(node.label.height, 60.0) if room is None else room
    fitted = None
    for size in LABEL_SIZES:        # wider rather than smaller: one size in a picture
        for widen in LABEL_WIDENING:
            fitted = fit_text(text, node.label.width * widen * PT, room * PT, (size,),
                              prefer_lines=6)
            if not fitted.lines or not fitted.lines[-1].endswith(ELLIPSIS):
                return fitted
    return fitted


def label_spot(node: NodeBox, fitted, layout: Layout) -> Box:
    """Where the fitted label of an event or gateway is written (layout units): where the
    layout put it, or, when one of the shape's own flows would cross it there or it would
    leave its lane, on the other side of the shape, else right of it (where flows come
    from every side: the place crossed by the fewest)."""
    label, shape = node.label, node.box
    width = max((text_width(line, fitted.size) for line in fitted.lines), default=0.0) / PT
    height = len(fitted.lines) * fitted.size * LINE_SPACING / PT
    above = label.bottom <= shape.y
    first = Box(label.cx - width / 2, label.bottom - height if above else label.y,
                width, height)
    flipped = Box(label.cx - width / 2, shape.bottom + 4 if above else shape.y - 4 - height,
                  width, height)
    right = Box(shape.right + 4, shape.cy - height / 2, width, height)
    own = [r.points for r in layout.routes if node.id in (r.source, r.target)]
    lane = next((b.box for b in layout.lanes if (b.kind == "lane" or b.actor is not None)
                 and b.box.y <= shape.cy <= b.box.bottom), None)
    def cost(spot: Box) -> tuple[int, int]:
        inside = lane is None or (lane.y - 0.5 <= spot.y and spot.bottom <= lane.bottom + 0.5)
        return (not inside, sum(_crosses(points, spot) for points in own))

    return min((first, flipped, right), key=cost)    # the first of the best


def _crosses(points, box: Box) -> bool:
    """Whether a route of straight stretches passes through the inside of ``box``."""
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        if abs(y0 - y1) < 1e-6 and box.y < y0 < box.bottom \
                and min(x0, x1) < box.right and max(x0, x1) > box.x:
            return True
        if abs(x0 - x1) < 1e-6 and box.x < x0 < box.right \
                and min(y0, y1) < box.bottom and max(y0, y1) > box.y:
            return True
    return False


MAX_FLOW_LINES = 2    # a branch label longer than this is written as a key, listed apart


def bottom_lines(layout: Layout) -> set[str]:
    """The shapes a route leaves or enters at the middle of their bottom (a hand-over to
    a lane below): their duration is written beside that line, not across it."""
    return {end for route in layout.routes
            for end, point in ((route.source, route.points[0]),
                               (route.target, route.points[-1]))
            if layout.has_node(end) and point == (layout.node(end).box.cx,
                                                  layout.node(end).box.bottom)}


def top_lines(layout: Layout) -> set[str]:
    """The shapes a route leaves or enters at the middle of their top: a badge over
    their top-left corner is moved off that line."""
    return {end for route in layout.routes
            for end, point in ((route.source, route.points[0]),
                               (route.target, route.points[-1]))
            if layout.has_node(end) and point == (layout.node(end).box.cx,
                                                  layout.node(end).box.y)}


BADGE_LINE_GAP = 6.0        # units between a badge moved off a line and the line


def badge_off_line(x: float, width: float, box: Box, reach: float, back: float = 0.0
                   ) -> tuple[float, str] | None:
    """Where a badge (its box from ``x``, ``width`` units wide) goes when the line into
    the middle of the top of ``box`` runs through it: left of the line when it fits
    over the shape there (or ``back`` units left of it), else right of it when it ends
    before ``reach``; None when it is clear of the line or fits neither side.

    >>> box = Box(100, 50, 100, 40)                     # the line at x = 150
    >>> badge_off_line(100.0, 60.0, box, 220.0)
    (156.0, 'left')
    >>> badge_off_line(100.0, 48.0, box, 212.0)
    (144.0, 'right')
    >>> badge_off_line(100.0, 30.0, box, 212.0) is None
    True
    """
    if not x - 4 < box.cx < x + width + 4:
        return None
    if box.cx - BADGE_LINE_GAP - width >= box.x - BADGE_LINE_GAP - back:
        return box.cx - BADGE_LINE_GAP, "right"
    if box.cx + BADGE_LINE_GAP + width <= reach:
        return box.cx + BADGE_LINE_GAP, "left"
    return None


def branch_keys(*drawn: tuple[Process, Layout]) -> dict[str, str]:
    """The conditions too long to write at their branch (more than
    :data:`MAX_FLOW_LINES` lines), each with its key (``a``, ``b``, ... ``aa``): written
    as ``[a]`` at the branch and in full in a list beside the picture.

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Flow, Process, Step
    >>> long = "the applicant has submitted every document the regulation requires"
    >>> p = Process("p", "P", steps=(Step("g", "?", type="gateway"), Step("a", "A"),
    ...                              Step("b", "B")),
    ...             flows=(Flow("g", "a", condition=long), Flow("g", "b", condition="no")))
    >>> branch_keys((p, layout_process(p)))
    {'the applicant has submitted every document the regulation requires': 'a'}
    """
    keys: dict[str, str] = {}
    for process, layout in drawn:
        for route, flow in branch_routes(process, layout):
            if not flow.condition:
                continue
            condition = " ".join(flow.condition.split())
            if condition in keys:
                continue
            if len(wrap(branch_label(flow), label_stretch(route.points)[1], FLOW_SIZE)) \
                    > MAX_FLOW_LINES:
                keys[condition] = _key_name(len(keys))
    return keys


def _key_name(n: int) -> str:
    """a, b, ... z, aa, ab, ...

    >>> _key_name(0), _key_name(25), _key_name(26)
    ('a', 'z', 'aa')
    """
    name = ""
    n += 1
    while n:
        n, rest = divmod(n - 1, 26)
        name = chr(ord("a") + rest) + name
    return name


def smallest_text(process: Process, layout: Layout, size: float | None = None) -> float:
    """The smallest size (points) a step's name or a branch label is painted at, known
    before painting (``size``: the task names' size, by default :func:`name_size`).

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "Sign"),))
    >>> smallest_text(p, layout_process(p))
    8.0
    """
    sizes = [size or name_size(process, layout), FLOW_SIZE]
    for node in layout.nodes:
        if not process.has_step(node.id):
            continue
        if node.shape in ("gateway", "event", "boundary") and node.label is not None:
            fitted = label_text(node, process.step(node.id), process,
                                label_room(node, layout))
            if fitted is not None:
                sizes.append(fitted.size)
        elif node.expanded:
            sizes.append(7.5)
    return min(sizes)


def new_canvas(box: Box) -> Canvas:
    """A canvas showing ``box`` (layout units), at :data:`UNIT` inches a unit."""
    return Canvas(box)


def paint(canvas: Canvas, scene: Scene) -> None:
    """Paint a process (lanes, flows, shapes, names, durations, badges) onto ``canvas``
    (a :class:`~.canvas.Canvas`)."""
    _Painter(canvas, scene).paint()


def duration_text(step: Step, process: Process) -> str:
    """What a step takes, as written under it: ``2h``, ``30min + 4h wait``, ``2-5d wait``.

    >>> from bpmodel.model import Duration, Process, Step
    >>> p = Process("p", "P")
    >>> duration_text(Step("a", "A", work=Duration.of(0.5), wait=Duration.of(4)), p)
    '30 min + 4 h wait'
    >>> duration_text(Step("b", "B", wait=Duration(8, 16, 40)), p)
    '1-5 d wait'
    >>> duration_text(Step("c", "C", time_known=False), p)
    'time not given'
    """
    if step.is_task and not step.time_known:
        return _("time not given")
    work = _span(step.work, process)
    wait = _span(step.wait, process)
    if work and wait:
        return _("{work} + {wait} wait").format(work=work, wait=wait)
    if wait:
        return _("{wait} wait").format(wait=wait)
    return work


TIME_SLACK = 10.0        # units a duration may stand out past its task before it wraps
TIME_ROOM_LINES = TIME_SIZE * 1.35 / PT + 4   # units: a duration's box on one line is
#                                             no taller than this, on two lines taller
BESIDE_GAP = 8.0         # units between a line leaving a task's bottom and its duration
BESIDE_SLACK = 60.0      # ... written beside a line leaving its bottom: past its right edge


def name_spot(node: NodeBox, step: Step, process: Process, layout: Layout) -> Box | None:
    """Where the name of an event or gateway ``node`` is written (None: it has none)."""
    if node.label is None:
        return None
    fitted = label_text(node, step, process, label_room(node, layout))
    return None if fitted is None else label_spot(node, fitted, layout)


def label_obstacles(process: Process, layout: Layout) -> list[tuple[Box, object]]:
    """What a branch label must not cover, with its owner: the shapes (owned by their
    step), the names of events and gateways where :meth:`_Painter.label` writes them
    and the durations under tasks (where a squeezed layout keeps them, else a line
    under the task)."""
    out: list[tuple[Box, object]] = []
    for node in layout.nodes:
        if not node.expanded:
            out.append((node.box, node.id))     # a label may start at its own gateway
        if not process.has_step(node.id):
            continue
        step = process.step(node.id)
        if node.shape in ("gateway", "event", "boundary"):
            if (spot := name_spot(node, step, process, layout)) is not None:
                out.append((spot, ("name", node.id)))
        elif node.shape in ("task", "subprocess") and not node.expanded:
            if node.label is not None:          # a squeezed layout: where it is written
                out.append((node.label, ("time", node.id)))
            elif step.work.high > 0 or step.wait.high > 0 \
                    or (step.is_task and not step.time_known):      # it has a duration
                out.append((Box(node.box.x, node.box.bottom, node.box.width,
                                4 + TIME_SIZE * 1.3 / PT), ("time", node.id)))
    return out


def branch_places(process: Process, layout: Layout, keys: Mapping[str, str] | None = None
                  ) -> dict[int, BranchLabel]:
    """Where each branch label of ``layout`` is written (see
    :func:`~.branches.branch_labels`), clear of what the painter writes.

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Flow, Process, Step
    >>> p = Process("p", "P", steps=(Step("g", "Complete?", type="gateway"), Step("a", "A"),
    ...                              Step("b", "B")),
    ...             flows=(Flow("g", "a", condition="yes"), Flow("g", "b", condition="no")))
    >>> sorted(label.text for label in branch_places(p, layout_process(p)).values())
    ['no', 'yes']
    """
    if not any(True for _ in branch_routes(process, layout)):
        return {}
    return branch_labels(process, layout, keys, label_obstacles(process, layout))


def crowded_times(process: Process, layout: Layout) -> dict[str, str]:
    """The tasks whose duration, written on one line under them (or beside the line
    under them), would run into another shape, the name of an event or gateway,
    another task's duration or another task's flow: on a picture at its natural size
    they are written on two lines (``two``), broken after the "+" (see
    :func:`time_lines`), as a page writes them, or, beside the line under the task, on
    its left (``left``) when that side is clear; so are those that would stand out
    past the picture's edge. Where neither is clear, nothing changes.

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Duration, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "A", work=Duration.of(1)),))
    >>> crowded_times(p, layout_process(p))
    {}
    """
    from ..layout.index import SpatialIndex

    hosts = {f.source for f in process.flows if f.kind == BOUNDARY}
    below = bottom_lines(layout)
    index = SpatialIndex()
    spots: dict[str, Box] = {}
    for node in layout.nodes:
        if not node.expanded:
            index.add_box(node.box, node.id)
        if not process.has_step(node.id):
            continue
        step = process.step(node.id)
        if node.shape in ("gateway", "event", "boundary"):
            if (spot := name_spot(node, step, process, layout)) is not None:
                index.add_box(spot, ("name", node.id))
        elif node.shape in ("task", "subprocess") and not node.expanded \
                and node.id not in hosts:
            time = duration_text(step, process)
            if time:
                width = text_width(time, TIME_SIZE) / PT
                box = node.box
                left = box.cx + BESIDE_GAP if node.id in below else box.cx - width / 2
                spots[node.id] = Box(left, box.bottom + 4, width, TIME_SIZE * 1.2 / PT)
                index.add_box(spots[node.id], ("time", node.id))
    lines = SpatialIndex()      # flows, and the borders of lanes: a line through a
    for route in layout.routes:  # duration still lets it be read, a text over it not
        lines.add_route(route.points, ("flow", route.source, route.target))
    for band in layout.lanes:
        lines.add_route(((band.box.x, band.box.y), (band.box.right, band.box.y)))
        lines.add_route(((band.box.x, band.box.bottom), (band.box.right, band.box.bottom)))
    area = extent(layout)       # ... or past the picture's edge

    def solid(spot: Box, own) -> bool:       # over no text and no shape
        return not index.hits(spot, own)

    def clear(spot: Box, own) -> bool:
        return solid(spot, own) and not lines.hits(spot, own) \
            and area.x <= spot.x and spot.right <= area.right

    crowded: dict[str, str] = {}
    for step, spot in spots.items():
        middle = (layout.node(step).box.cx, layout.node(step).box.bottom)
        own = {step, ("time", step)} | {   # the line it is written beside
            ("flow", r.source, r.target) for r in layout.routes
            if (r.source == step and r.points[0] == middle)
            or (r.target == step and r.points[-1] == middle)}
        if clear(spot, own):
            continue
        box = layout.node(step).box
        left = spot.moved(box.cx - BESIDE_GAP - spot.right, 0)
        written = time_lines(duration_text(process.step(step), process), 0.0).split("\n")
        width = max(text_width(line, TIME_SIZE) for line in written) / PT
        two = Box(spot.x if step in below else box.cx - width / 2, spot.y, width,
                  len(written) * TIME_SIZE * 1.2 / PT)
        places = ([("left", left)] if step in below else []) \
            + ([("two", two)] if len(written) > 1 else [])
        # the first place nothing runs through, else the first over no text or shape
        # when where it is one is over one; else as it was
        chosen = next((p for p in places if clear(p[1], own)), None)
        if chosen is None and not solid(spot, own):
            chosen = next((p for p in places if solid(p[1], own)), None)
        if chosen is not None:
            crowded[step] = chosen[0]
            index.add_box(chosen[1], ("time", step))
    return crowded


def time_lines(time: str, width: float, beside: bool = False) -> str:
    """A duration as written under a task ``width`` units wide (or ``beside`` the line
    leaving the middle of its bottom): broken after its ``+`` when it would stand out
    past the task, so that a long one (in Bahasa Indonesia) does not widen its column.

    >>> time_lines("15 menit + tunggu 1 hari", 100)
    '15 menit +\\ntunggu 1 hari'
    >>> time_lines("15 min + 1 d wait", 100), time_lines("2 h", 10)
    ('15 min + 1 d wait', '2 h')
    >>> time_lines("15 min + 1 d wait", 100, beside=True)
    '15 min + 1 d wait'
    >>> time_lines("15 menit + tunggu 1 hari", 100, beside=True)
    '15 menit +\\ntunggu 1 hari'
    """
    room = (width / 2 - BESIDE_GAP + BESIDE_SLACK) if beside else width + TIME_SLACK
    if " + " not in time or text_width(time, TIME_SIZE) / PT <= room:
        return time
    work, wait = time.split(" + ", 1)
    return f"{work} +\n{wait}"


_UNITS_ID = {"d": " hari", "h": " jam", "min": " mnt"}


def _units(text: str) -> str:
    """A duration as ``format_hours`` spells it (``1.5d``, ``4h``, ``30min``) in the units
    of the language: Indonesian readers would take ``4h`` for four *hari* (days).

    >>> from bpmodel.i18n import use_language
    >>> with use_language("id"):
    ...     _units("1.5d"), _units("1-5d"), _units("4h"), _units("30min")
    ('1,5 hari', '1-5 hari', '4 jam', '30 mnt')
    """
    if language() != "id":
        return text
    for unit, word in _UNITS_ID.items():
        if text.endswith(unit) and text[: -len(unit)][-1:].isdigit():
            return text[: -len(unit)].replace(".", ",") + word
    return text


def _span(duration: Duration, process: Process) -> str:
    """A step's time for its box, in the largest sensible unit ("19.6 d", "2 h 30 min";
    in Bahasa Indonesia minutes are "mnt", as :func:`_units` writes them: "15 menit +
    tunggu 1 hari" took two lines under a task).

    >>> from bpmodel.i18n import use_language
    >>> from bpmodel.model import Duration, Process
    >>> with use_language("id"):
    ...     _span(Duration.of(0.25), Process("p", "P")), _span(Duration.of(2.5), Process("p", "P"))
    ('15 mnt', '2 jam 30 mnt')
    """
    from ..formatting import format_duration

    if duration.high <= 0:
        return ""
    per_day = process.calendar.hours_per_day
    lang = language()
    if duration.is_range:
        low = format_duration(duration.low, per_day, lang=lang)
        high = format_duration(duration.high, per_day, lang=lang)
        unit = " " + format_duration(per_day, per_day, lang=lang).split(" ", 1)[1]
        text = f"{low[:-len(unit)]}-{high}" if low.endswith(unit) and high.endswith(unit) \
            else f"{low}-{high}"
    else:
        text = format_duration(duration.likely, per_day, lang=lang)
    return re.sub(r"(?<=\d) menit\b", _UNITS_ID["min"], text) if lang == "id" else text


def _arrowhead(tip: tuple[float, float], tail: tuple[float, float], length: float = 10.0,
               half: float = 4.5) -> list[tuple[float, float]]:
    (x1, y1), (x0, y0) = tip, tail
    dx, dy = x1 - x0, y1 - y0
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    bx, by = x1 - ux * length, y1 - uy * length
    return [(x1, y1), (bx - uy * half, by + ux * half), (bx + uy * half, by - ux * half)]


class _Painter:
    def __init__(self, canvas, scene: Scene):
        self.ax = canvas
        self.s = scene
        self.p = scene.process
        self.hosts = {f.source for f in self.p.flows if f.kind == BOUNDARY}
        # tasks a route leaves or enters at the middle of their bottom (a hand-over to a
        # lane below): their duration is written beside that line, not across it
        layout = scene.layout
        self.bottom_lines = bottom_lines(layout)
        self.top_lines = top_lines(layout)
        self.pending: list[tuple] = []      # badges placed last (see pending_badges)
        self.strokes: dict[tuple[float, float, str], list] = {}
        self.name_size = scene.name_size or name_size(scene.process, scene.layout)
        self.branches = branch_places(scene.process, layout, scene.keys)
        self.crowded = {} if scene.wrap_times else crowded_times(scene.process,
                                                                           layout)

    # -- helpers ---------------------------------------------------------------------------
    def at(self, x: float, y: float) -> tuple[float, float]:
        return x + self.s.dx, y + self.s.dy

    def moved(self, box: Box) -> Box:
        return box.moved(self.s.dx, self.s.dy)

    def text(self, x, y, text, size, gid=None, **kwargs):
        kwargs.setdefault("color", INK)
        kwargs.setdefault("linespacing", LINE_SPACING)
        kwargs.setdefault("zorder", 6)
        return self.ax.text(x, y, text, fontsize=size, fontfamily=FAMILY,
                            gid=self.s.prefix + gid if gid else None, **kwargs)

    def stroke(self, points, width: float, zorder: float, colour: str = INK) -> None:
        """A line of a marker; all of them are drawn at the end, a collection per style."""
        self.strokes.setdefault((width, zorder, colour), []).append(list(points))

    def paint(self) -> None:
        self.lanes()
        self.routes()
        nodes = sorted(self.s.layout.nodes, key=lambda n: (not n.expanded, n.parent is not None))
        for node in nodes:
            if self.p.has_step(node.id):
                self.node(node, self.p.step(node.id))
        self.pending_badges()
        for (width, zorder, colour), lines in self.strokes.items():
            self.ax.lines(lines, colour=colour, width=width, zorder=zorder)

    # -- lanes -----------------------------------------------------------------------------
    def lanes(self) -> None:
        leaf = 0
        for band in self.s.layout.lanes:
            box = self.moved(band.box)
            holds_steps = band.kind == "lane" or band.actor is not None
            face = LANE_TINTS[leaf % 2] if holds_steps else "#FFFFFF"
            leaf += holds_steps
            width = 1.6 if band.kind == "pool" else 0.9
            self.ax.rect(box.x, box.y, box.width, box.height, face=face, edge=INK,
                         width=width, zorder=0.5 + band.depth * 0.1,
                         gid=f"{self.s.prefix}band-{band.id}")
            self.ax.rect(box.x, box.y, LABEL_STRIP, box.height,
                         face=STRIP_FILL.get(band.kind, "#ECECEC"), edge=INK, width=width,
                         zorder=0.55 + band.depth * 0.1)
            if band.name:
                bold = band.kind in ("pool", "group")
                sizes = (10.0, 9.0, 8.0) if band.kind == "pool" else (9.5, 9.0, 8.0, 7.0)
                fitted = fit_text(band.name, (box.height - 10) * PT, (LABEL_STRIP - 3) * PT,
                                  sizes, bold=bold)
                self.text(box.x + LABEL_STRIP / 2, box.cy, fitted.text, fitted.size,
                          gid=f"lane-{band.id}", rotation=90, ha="center", va="center",
                          multialignment="center", fontweight="bold" if bold else "normal",
                          rotation_mode="anchor")

    # -- flows -----------------------------------------------------------------------------
    def routes(self) -> None:
        plain, strong, messages = [], [], []
        for route in self.s.layout.routes:
            points = [self.at(x, y) for x, y in route.points]
            if len(points) < 2:
                continue
            if route.kind == "message":
                messages.append(points)
                continue
            is_strong = (route.source, route.target) in self.s.strong
            (strong if is_strong else plain).append(points)
            if 0 <= route.index < len(self.p.flows):
                self.flow_label(self.p.flows[route.index], points, route.index)
        colour = self.s.strong_colour
        for lines, line_colour, width, head, z in ((plain, INK, 1.1, (10, 4.5), 3.0),
                                                   (strong, colour, 3.0, (13, 6), 3.2)):
            if lines:
                self.ax.lines(lines, colour=line_colour, width=width, zorder=z, join="miter")
                self.ax.polygons([_arrowhead(p[-1], p[-2], *head) for p in lines],
                                 face=line_colour, edge=line_colour, width=0.5, zorder=z)
        if messages:
            self.ax.lines(messages, colour=INK, width=1.0, line=(0, (5, 3)), zorder=3)
            self.ax.polygons([_arrowhead(p[-1], p[-2], 11, 5) for p in messages],
                             face="#FFFFFF", edge=INK, width=1.0, zorder=3.1)
            for x, y in (p[0] for p in messages):
                self.ax.circle(x, y, 4, face="#FFFFFF", edge=INK, width=1.0, zorder=3.1)

    def flow_label(self, flow, points, index: int) -> None:
        source = self.p.step(flow.source) if self.p.has_step(flow.source) else None
        if source is None or not source.is_gateway or len(self.p.outgoing(source.id)) < 2:
            return
        (x0, y0), (x1, y1) = points[0], points[1]
        if flow.default:
            self.default_slash((x0, y0), (x1, y1))
        label = self.branches.get(index)
        if label is not None:       # where :mod:`.branches` puts it
            self.text(label.x + self.s.dx, label.y + self.s.dy, label.text, FLOW_SIZE,
                      gid=f"flow-{index}", ha=label.ha, va=label.va, color=MUTED,
                      bbox=LABEL_BACKGROUND)

    def default_slash(self, start, nxt) -> None:
        (x0, y0), (x1, y1) = start, nxt
        norm = math.hypot(x1 - x0, y1 - y0) or 1.0
        ux, uy = (x1 - x0) / norm, (y1 - y0) / norm
        cx, cy = x0 + ux * 10, y0 + uy * 10
        self.stroke([(cx - 5 * (ux - uy), cy - 5 * (uy + ux)),
                     (cx + 5 * (ux - uy), cy + 5 * (uy + ux))], 1.1, 3)

    # -- shapes ----------------------------------------------------------------------------
    def node(self, node: NodeBox, step: Step) -> None:
        style = self.s.styles.get(step.id, PLAIN)
        box = self.moved(node.box)
        if node.shape in ("task", "subprocess"):
            self.task(node, step, box, style)
        elif node.shape == "gateway":
            self.gateway(step, box, style)
        else:
            self.event(node, step, box, style)
        if node.shape in ("gateway", "event", "boundary") and node.label is not None:
            self.label(node, step)
        for badge in style.badges:
            self.badge(step.id, box, badge, node.shape)

    def step_gid(self, step_id: str) -> str:
        return f"{self.s.prefix}step-{step_id}"

    def task(self, node: NodeBox, step: Step, box: Box, style: Style) -> None:
        call = step.kind == "call"
        self.ax.rect(box.x, box.y, box.width, box.height, rounding=10,
                     **fill(style, "none" if node.expanded and not style.hatch else None),
                     edge=style.edge, line=style.line,
                     width=max(style.width, 3.0) if call else style.width,
                     zorder=2.0 if node.expanded else 4.0, gid=self.step_gid(step.id),
                     title=step.name or None)
        tags = [task_kind_label(TASK_KIND_TAGS.get(step.kind, step.kind))] \
            if step.kind and not node.expanded else []
        if step.contact:
            tags.append(contact_label(step.contact))
        time = duration_text(step, self.p)
        time_inside = step.id in self.hosts and bool(time)
        if node.expanded:
            fitted = fit_text(step.name, (box.width - 2 * PAD) * PT, 24 * PT, (8.5, 8.0, 7.5),
                              bold=True)
            self.text(box.x + PAD, box.y + 5, fitted.text, fitted.size, gid=f"name-{step.id}",
                      ha="left", va="top", fontweight="bold")
            if time:
                self.text(box.right - PAD, box.y + 5, time, TIME_SIZE, gid=f"time-{step.id}",
                          ha="right", va="top", color=MUTED)
            return
        if tags:    # on the right when a badge sits on the left corner
            cornered = any(b.where == "corner" for b in style.badges)
            self.text(box.right - PAD if cornered else box.x + PAD,
                      box.y + (PAD if cornered else PAD - 1),
                      " \u00b7 ".join(tags), TAG_SIZE, ha="right" if cornered else "left",
                      va="top", color=MUTED, fontstyle="italic")
        width, height = _name_room(node, step, self.hosts, self.p)
        top = box.y + (PAD + TAG_SIZE * 1.4 / PT if tags else PAD)
        actor = self.s.actors.get(step.id)
        if actor is not None:   # on the last line, at the size of the names
            bottom = box.bottom - PAD - (TIME_SIZE * 1.3 / PT if time_inside else 0.0)
            self.text(box.cx, bottom, actor.text, self.name_size, gid=f"actor-{step.id}",
                      ha="center", va="bottom", color=actor.ink,
                      bbox={"boxstyle": "round,pad=0.2", "facecolor": actor.face,
                            "edgecolor": actor.edge, "linewidth": 0.8})
            height -= (ACTOR_LINE + actor.text.count("\n") * ACTOR_MORE) * PT
        fitted = fit_text(step.name, width, height, (self.name_size,))
        self.text(box.cx, top + height / PT / 2, fitted.text, fitted.size,
                  gid=f"name-{step.id}", ha="center", va="center", multialignment="center")
        if step.is_subprocess:
            self.plus_marker(box)
        if time:
            y = box.bottom - PAD if time_inside else box.bottom + 4
            beside = not time_inside and step.id in self.bottom_lines
            x, ha = (box.cx + BESIDE_GAP, "left") if beside else (box.cx, "center")
            if beside and self.crowded.get(step.id) == "left":
                x, ha = box.cx - BESIDE_GAP, "right"
            if self.s.wrap_times and not time_inside:
                # on two lines when it would stand out, or when the squeezed layout kept
                # two lines for it (beside a line another flow passes close to)
                two = node.label is not None and node.label.height > TIME_ROOM_LINES
                if two or node.label is None:   # else the squeezed layout kept one line
                    time = time_lines(time, 0.0 if two else box.width, beside)
            elif not time_inside and self.crowded.get(step.id) == "two":
                # at the natural size: broken after its "+" when it would run into
                # something on one line
                time = time_lines(time, 0.0)
            self.text(x, y, time, TIME_SIZE, gid=f"time-{step.id}", ha=ha,
                      va="bottom" if time_inside else "top", color=MUTED)

    def plus_marker(self, box: Box) -> None:
        size = 12
        x, y = box.cx - size / 2, box.bottom - size - 3
        self.ax.rect(x, y, size, size, face=None, edge=INK, width=1.0, zorder=4.5)
        self.stroke([(x + 3, y + size / 2), (x + size - 3, y + size / 2)], 1.0, 4.5)
        self.stroke([(x + size / 2, y + 3), (x + size / 2, y + size - 3)], 1.0, 4.5)

    def gateway(self, step: Step, box: Box, style: Style) -> None:
        cx, cy, w, h = box.cx, box.cy, box.width / 2, box.height / 2
        self.ax.polygon([(cx, cy - h), (cx + w, cy), (cx, cy + h), (cx - w, cy)],
                        **fill(style), edge=style.edge, width=style.width, line=style.line,
                        zorder=4.0, gid=self.step_gid(step.id), title=step.name or None)
        r = min(w, h) * 0.42
        lines = []
        if step.kind in (None, "xor", "complex"):
            d = r * 0.75
            lines += [((cx - d, cy - d), (cx + d, cy + d)), ((cx - d, cy + d), (cx + d, cy - d))]
        if step.kind in ("and", "complex"):
            lines += [((cx - r, cy), (cx + r, cy)), ((cx, cy - r), (cx, cy + r))]
        for line in lines:
            self.stroke(line, 2.6, 4.5)
        if step.kind == "or":
            self.ax.circle(cx, cy, r * 0.95, face=None, edge=INK, width=2.4, zorder=4.5)
        if step.kind == "event":
            self.ax.circle(cx, cy, r * 1.1, face=None, edge=INK, width=1.0, zorder=4.5)
            self.ax.circle(cx, cy, r * 0.85, face=None, edge=INK, width=1.0, zorder=4.5)
            self.pentagon(cx, cy, r * 0.55)

    def pentagon(self, cx: float, cy: float, r: float, filled: bool = False) -> None:
        self.ax.regular_polygon(cx, cy, 5, r, math.pi, face=INK if filled else None,
                                edge=INK, width=1.0, zorder=4.6)

    def event(self, node: NodeBox, step: Step, box: Box, style: Style) -> None:
        cx, cy, r = box.cx, box.cy, box.width / 2
        kind = step.kind
        width = {"start": style.width, "end": max(style.width, 3.4)}.get(kind,
                                                                          style.width)
        line = style.line
        if kind == "boundary" and not step.interrupting:
            line = "--"
        self.ax.circle(cx, cy, r, **fill(style), edge=style.edge, width=width, line=line,
                       zorder=4.4 if kind == "boundary" else 4.0, gid=self.step_gid(step.id),
                       title=step.name or None)
        if kind not in ("start", "end"):
            self.ax.circle(cx, cy, r - 3.5, face=None, edge=style.edge, width=style.width,
                           line=line, zorder=4.5)
        trigger = step.trigger or (kind if kind in ("timer", "message") else None)
        filled = kind in ("end", "throw")
        self.marker(trigger, cx, cy, r * 0.58, filled)

    def marker(self, trigger: str | None, cx: float, cy: float, r: float, filled: bool) -> None:
        ax, z = self.ax, 4.7
        if trigger == "timer":
            ax.circle(cx, cy, r, face="#FFFFFF", edge=INK, width=1.2, zorder=z)
            for k in range(12):
                a = k * math.pi / 6
                self.stroke([(cx + 0.78 * r * math.cos(a), cy + 0.78 * r * math.sin(a)),
                             (cx + r * math.cos(a), cy + r * math.sin(a))], 0.6, z)
            self.stroke([(cx, cy - 0.7 * r), (cx, cy), (cx + 0.45 * r, cy)], 1.2, z)
        elif trigger == "message":
            w, h = r * 1.5, r * 1.05
            ax.rect(cx - w / 2, cy - h / 2, w, h, face=INK if filled else "#FFFFFF",
                    edge=INK, width=1.0, zorder=z)
            self.stroke([(cx - w / 2, cy - h / 2), (cx, cy + h * 0.1), (cx + w / 2, cy - h / 2)],
                        1.0, z + 0.1, "#FFFFFF" if filled else INK)
        elif trigger in ("signal", "escalation", "link", "error", "conditional",
                         "compensation", "cancel", "multiple", "parallel-multiple"):
            shape = {
                "signal": [(cx, cy - r), (cx + r * 0.9, cy + r * 0.6),
                           (cx - r * 0.9, cy + r * 0.6)],
                "escalation": [(cx, cy - r), (cx + r * 0.6, cy + r * 0.8), (cx, cy + r * 0.2),
                               (cx - r * 0.6, cy + r * 0.8)],
                "link": [(cx - r * 0.8, cy - r * 0.3), (cx + r * 0.1, cy - r * 0.3),
                         (cx + r * 0.1, cy - r * 0.7), (cx + r * 0.85, cy),
                         (cx + r * 0.1, cy + r * 0.7), (cx + r * 0.1, cy + r * 0.3),
                         (cx - r * 0.8, cy + r * 0.3)],
                "error": [(cx - r * 0.7, cy + r * 0.8), (cx - r * 0.3, cy - r * 0.7),
                          (cx + r * 0.2, cy + r * 0.1), (cx + r * 0.7, cy - r * 0.8),
                          (cx + r * 0.3, cy + r * 0.7), (cx - r * 0.2, cy - r * 0.1)],
                "compensation": [(cx - r * 0.9, cy), (cx - r * 0.05, cy - r * 0.6),
                                 (cx - r * 0.05, cy), (cx + r * 0.8, cy - r * 0.6),
                                 (cx + r * 0.8, cy + r * 0.6), (cx - r * 0.05, cy),
                                 (cx - r * 0.05, cy + r * 0.6)],
            }.get(trigger)
            if shape is not None:
                ax.polygon(shape, face=INK if filled else None, edge=INK, width=1.0,
                           zorder=z)
            elif trigger == "conditional":
                ax.rect(cx - r * 0.6, cy - r * 0.75, r * 1.2, r * 1.5, face="#FFFFFF",
                        edge=INK, width=1.0, zorder=z)
                for k in range(4):
                    y = cy - r * 0.5 + k * r / 3
                    self.stroke([(cx - r * 0.4, y), (cx + r * 0.4, y)], 0.8, z)
            elif trigger == "cancel":
                d = r * 0.6
                self.stroke([(cx - d, cy - d), (cx + d, cy + d)], 2.4, z)
                self.stroke([(cx - d, cy + d), (cx + d, cy - d)], 2.4, z)
            else:
                self.pentagon(cx, cy, r * 0.8, filled)
        elif trigger == "terminate":
            ax.circle(cx, cy, r * 0.95, face=INK, edge=INK, width=1.0, zorder=z)

    def label(self, node: NodeBox, step: Step) -> None:
        fitted = label_text(node, step, self.p, label_room(node, self.s.layout))
        if fitted is None:
            return
        box = label_spot(node, fitted, self.s.layout)
        self.text(box.cx + self.s.dx, box.y + self.s.dy, fitted.text, fitted.size,
                  gid=f"name-{step.id}", ha="center", va="top", multialignment="center")

    def badge(self, step_id: str, box: Box, badge: Badge, shape: str) -> None:
        if badge.where == "right":
            inset = {"gateway": (6, 8), "task": (2, 2), "subprocess": (2, 2)}.get(shape, (0, 4))
            x, y, ha, va = box.right - inset[0], box.y + inset[1], "center", "center"
        elif badge.where == "corner":     # over the border, clear of the name inside
            x, y, ha, va = box.x + (4 if shape in ("task", "subprocess") else -4), \
                box.y - CORNER_Y, "left", "center"
        else:
            x, y, ha, va = box.x, box.y - 4, "left", "bottom"
        if badge.where != "right" and step_id in self.top_lines:   # off the line there
            pad = 0.25 * BADGE_SIZE / PT
            width = text_width(badge.text, BADGE_SIZE, True) / PT + 2 * pad
            # past the task's right edge above it; on its corner, within the room the
            # squeezed layout keeps for it (see render.tight)
            above = badge.where == "left"
            reach = box.right + 40 if above else box.x + width + 8
            moved = badge_off_line(x - pad, width, box, reach, 30.0 if above else 0.0)
            if moved is None and above:     # wider than the room kept beside the line:
                #                             placed once all else is drawn
                self.pending.append((step_id, box, badge, width, x, y))
                return
            if moved is not None:
                x, ha = moved[0] + (pad if moved[1] == "left" else -pad), moved[1]
        self.draw_badge(step_id, badge, x, y, ha, va)

    def draw_badge(self, step_id: str, badge: Badge, x: float, y: float, ha: str,
                   va: str):
        gid = f"badge-{step_id}" + ("-r" if badge.where == "right" else "")
        return self.text(x, y, badge.text, BADGE_SIZE, gid=gid, ha=ha, va=va,
                         fontweight="bold",
                         bbox={"boxstyle": "round,pad=0.25", "facecolor": badge.tint,
                               "edgecolor": badge.colour, "linewidth": 1.2}, zorder=7)

    def pending_badges(self) -> None:
        """The badges over a line into the middle of a task's top too wide for the room
        :func:`badge_off_line` keeps beside it (long ones, in Bahasa Indonesia above
        all): left of the line, else right of it, where that is clear of every text,
        shape, flow and lane header drawn; where neither side is, over the task's
        top-left corner as before."""
        from ..layout.index import SpatialIndex
        from .canvas import Text, text_extent

        if not self.pending:
            return
        index = SpatialIndex()
        for record in self.ax.records:
            if isinstance(record, Text) and record.text.strip():
                index.add_box(text_extent(record))
        for node in self.s.layout.nodes:
            index.add_box(self.moved(node.box), node.id)
        for route in self.s.layout.routes:
            index.add_route([self.at(x, y) for x, y in route.points])
        for band in self.s.layout.lanes:
            box = self.moved(band.box)
            index.add_box(Box(box.x, box.y, LABEL_STRIP, box.height))
        pad = 0.25 * BADGE_SIZE / PT
        tall = BADGE_SIZE * LINE_SPACING / PT + 2 * pad + 2
        for step_id, box, badge, width, x, y in self.pending:
            place = (x, "left")
            for spot, ha in ((box.cx - BADGE_LINE_GAP, "right"),
                             (box.cx + BADGE_LINE_GAP, "left")):
                left = spot - width if ha == "right" else spot
                if not index.hits(Box(left - 1, y - tall, width + 2, tall), step_id):
                    place = (spot + (pad if ha == "left" else -pad), ha)
                    break
            record = self.draw_badge(step_id, badge, place[0], y, place[1], "bottom")
            index.add_box(text_extent(record))


def strong_flows(steps: Iterable[str]) -> frozenset[tuple[str, str]]:
    """The flows between consecutive steps of a path.

    >>> sorted(strong_flows(["a", "b", "c"]))
    [('a', 'b'), ('b', 'c')]
    """
    steps = list(steps)
    return frozenset(zip(steps, steps[1:]))
