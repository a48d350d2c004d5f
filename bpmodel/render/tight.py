"""The layout of a picture for a page: squeezed round what the picture draws.

:func:`tight_layout` measures what the painter writes (task names at one size, tags,
durations, badges, the names of events, gateways and lanes, branch labels) and hands
it to :func:`bpmodel.layout.compact.compact_layout`, which makes each task as tall as
its name and closes up the empty strips. A picture for a page uses it; the BPMN
diagram interchange keeps the editor's layout.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping

from ..layout import Box, Layout
from ..layout.compact import compact_layout
from ..model import BOUNDARY, Process
from .fonts import LINE_SPACING, text_width, wrap
from .painter import (
    ACTOR_LINE,
    ACTOR_MORE,
    BADGE_SIZE,
    BESIDE_GAP,
    CORNER_ROOM,
    PAD,
    PT,
    TAG_SIZE,
    TIME_SIZE,
    bottom_lines,
    branch_places,
    duration_text,
    label_spot,
    label_text,
    time_lines,
)

NAME_SIZE = 8.0          # points: the task names of a squeezed picture
BADGE_ROOM = BADGE_SIZE * 2.2 / PT + 4     # units above a shape that carries a badge
TIME_ROOM = TIME_SIZE * 1.35 / PT + 4      # units under a task for its duration
TIME_LINE = TIME_SIZE * LINE_SPACING / PT  # units of its second line, when it wraps
LABEL_ROOM = 60.0        # units: an event's or gateway's name is at most this tall (wider
#                          rather than taller: it stays in its lane)
MIN_TASK = 40.0          # units: no task is flatter (it still reads as a box)
BADGE_MARGIN = 8.0       # units a corner badge takes besides its text (its inset, padding
#                          and frame): a task this much wider than the text holds it
WIDEN = 40.0             # units a task may grow wider on a page to take a line off its name


def actor_room(lines: int) -> float:
    """The height (units) an actor tag of ``lines`` lines takes in a task (the flow
    form: see :mod:`bpmodel.render.flowform`); none for 0 lines."""
    return ACTOR_LINE + (lines - 1) * ACTOR_MORE if lines else 0.0


def task_heights(process: Process, layout: Layout, size: float = NAME_SIZE,
                 actors: Mapping[str, int] | None = None) -> dict[str, float]:
    """The height (units) each plain task needs for its name at ``size`` points in its
    width, its tag line, its actor tag (``actors``: task -> lines of it) and, for a
    task with boundary events, its duration inside.

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "Sign"),))
    >>> task_heights(p, layout_process(p))
    {'a': 40.0}
    """
    hosts = {f.source for f in process.flows if f.kind == BOUNDARY}
    out = {}
    for node, step in _plain_tasks(process, layout):
        lines = max(1, len(wrap(" ".join(step.name.split()), (node.box.width - 2 * PAD) * PT,
                                size)))
        text = size + (lines - 1) * size * LINE_SPACING + 1.5
        height = 2 * PAD + text / PT
        if (step.kind and not node.expanded) or step.contact:
            height += TAG_SIZE * 1.4 / PT
        if step.id in hosts and duration_text(step, process):
            height += TIME_SIZE * 1.3 / PT
        if step.is_subprocess:
            height += 12
        height += actor_room((actors or {}).get(node.id, 0))
        out[node.id] = round(max(height, MIN_TASK), 1)
    return out


def _plain_tasks(process: Process, layout: Layout):
    """The drawn tasks and collapsed sub-processes of ``process``, with their steps."""
    for node in layout.nodes:
        if node.shape in ("task", "subprocess") and not node.expanded \
                and process.has_step(node.id):
            yield node, process.step(node.id)


def _lines_needed(step, width: float, size: float) -> tuple[int, bool]:
    """Lines the name of ``step`` takes ``width`` units wide, and whether each word fits."""
    name = " ".join(step.name.split())
    room = (width - 2 * PAD) * PT
    words = all(text_width(w, size) <= room for w in name.split())
    return max(1, len(wrap(name, room, size))), words


def task_widths(process: Process, layout: Layout, size: float = NAME_SIZE,
                widen: float = 0.0, actors: Mapping[str, int] | None = None
                ) -> dict[str, float]:
    """The tasks whose name does not fit their box at ``size`` points (a word wider than
    the box, or more lines than its height holds), with the width (units) at which it
    does: the painter would else set every name of the picture smaller. With ``widen``,
    also the tasks whose name takes :data:`SHORT_NAME` lines or more and takes fewer
    at most ``widen`` units wider (a wider, flatter box makes a flatter lane).

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "Send recommendation"), Step("b", "Sign"),
    ...     Step("c", "Check the completeness of the application documents")))
    >>> task_widths(p, layout_process(p))
    {'a': 110.0}
    >>> task_widths(p, layout_process(p), widen=40)
    {'a': 110.0, 'c': 110.0}
    """
    hosts = {f.source for f in process.flows if f.kind == BOUNDARY}
    out = {}
    for node, step in _plain_tasks(process, layout):
        room = node.box.height - 2 * PAD
        if (step.kind and not node.expanded) or step.contact:
            room -= TAG_SIZE * 1.4 / PT
        if step.id in hosts and duration_text(step, process):
            room -= TIME_SIZE * 1.3 / PT
        room -= actor_room((actors or {}).get(node.id, 0))
        fits = max(1, int((room * PT - size) // (size * LINE_SPACING)) + 1)
        width = node.box.width
        while width <= node.box.width + 60:
            lines, words = _lines_needed(step, width, size)
            if words and lines <= fits:
                break
            width += 10
        if width > node.box.width + 60:
            continue
        lines = _lines_needed(step, width, size)[0]
        if lines >= SHORT_NAME:         # flatter when a little wider takes a line off
            for wider in range(int(width) + 10, int(node.box.width + widen) + 1, 10):
                if _lines_needed(step, wider, size)[0] < lines:
                    width = float(wider)
                    break
        if width > node.box.width:
            out[node.id] = float(width)
    return out


SHORT_NAME = 3      # lines: a name this long is worth a wider box on a page


def lane_height(name: str, bold: bool = False, size: float = 7.0) -> float:
    """The height (units) a band needs to write ``name`` in its strip, in two lines of
    ``size`` points at most.

    >>> lane_height("Head of licensing division") > lane_height("Regent")
    True
    """
    words = name.split()
    if not words:
        return 0.0
    whole = text_width(name, size, bold)
    width = max(max(text_width(w, size, bold) for w in words), whole / 2)
    while len(wrap(name, width, size, bold)) > 2:
        width += size
    return width / PT + 14


def _areas(process: Process, layout: Layout, heights: Mapping[str, float],
           badged: Mapping[str, str], keys: Mapping[str, str], corner: bool = False,
           two_lines: frozenset[str] = frozenset(), one_line: frozenset[str] = frozenset()
           ) -> tuple[dict[str, Box], list[Box]]:
    """What is drawn round each shape once resized (its badge above, or on its corner
    when ``corner``, its duration under it, as wide as they are written: on two lines
    for the tasks of ``two_lines``, on one for those of ``one_line``), and the branch
    labels."""
    hosts = {f.source for f in process.flows if f.kind == BOUNDARY}
    # tasks a flow leaves or enters at the middle of their bottom: the painter writes
    # their duration beside that line
    below = bottom_lines(layout)
    around: dict[str, Box] = {}
    extra: list[Box] = []
    for node in layout.nodes:
        if not process.has_step(node.id):
            continue
        step = process.step(node.id)
        box = node.box
        if node.id in heights and heights[node.id] < box.height:
            box = Box(box.x, box.cy - heights[node.id] / 2, box.width, heights[node.id])
        left, right = box.x, box.right
        top, bottom = box.y - 2, box.bottom + 2
        time = duration_text(step, process) if node.shape in ("task", "subprocess") \
            and not node.expanded else ""
        if time and step.id not in hosts:
            written = _time_written(time, box.width, node.id in below, node.id in two_lines)
            width, height = _time_size(written)
            if node.id in one_line:     # as tall as one line, and as wide as the lines
                #                         it was: the room beside it is kept free already
                #                         (see _one_line_room), and the picture no wider
                height = _time_size(time)[1]
            bottom = box.bottom + 4 + height
            if node.id in below:
                right = max(right, box.cx + BESIDE_GAP + width)
            else:
                left, right = min(left, box.cx - width / 2), max(right, box.cx + width / 2)
        if node.id in badged:
            top = box.y - (CORNER_ROOM if corner else BADGE_ROOM)
            right = max(right, box.x + text_width(badged[node.id], BADGE_SIZE, True) / PT + 12)
        around[node.id] = Box(left, top, right - left, bottom - top)
        if node.shape in ("gateway", "event", "boundary") and node.label is not None:
            fitted = label_text(node, step, process, LABEL_ROOM)
            if fitted is not None:      # room for it at the largest size, where it goes
                extra.append(label_spot(node, fitted, layout))
    for label in branch_places(process, layout, keys).values():
        box = label.box
        extra.append(Box(box.x - 1, box.y - 1, box.width + 2, box.height + 2))
    return around, extra


def without_lone_pool(layout: Layout) -> Layout:
    """The layout without the strip of its pool when it has only one, holding lanes: on
    a page that strip only repeats the process's name, which the heading gives.

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Actor, Process, Step
    >>> p = Process("p", "P", actors=(Actor("a", "A"), Actor("b", "B")),
    ...             steps=(Step("s", "Ask", actor="a"), Step("t", "Answer", actor="b")))
    >>> [b.kind for b in layout_process(p).lanes], [b.kind for b in without_lone_pool(
    ...     layout_process(p)).lanes]
    (['pool', 'lane', 'lane'], ['lane', 'lane'])
    """
    from dataclasses import replace

    pools = [b for b in layout.lanes if b.kind == "pool"]
    if len(pools) != 1 or not any(b.parent == pools[0].id for b in layout.lanes):
        return layout
    pool = pools[0].id
    lanes = tuple(replace(b, parent=None if b.parent == pool else b.parent,
                          depth=max(b.depth - 1, 0))
                  for b in layout.lanes if b.id != pool)
    return replace(layout, lanes=lanes)


def _labels_fitted(process: Process, layout: Layout) -> Layout:
    """The labels of events and gateways as tall and wide as their text at the largest
    size (where the layout put them): what the picture keeps room for, and what bounds
    the room the painter gives them."""
    from dataclasses import replace

    nodes = []
    for node in layout.nodes:
        label = node.label
        if node.shape in ("gateway", "event", "boundary") and label is not None \
                and process.has_step(node.id):
            fitted = label_text(node, process.step(node.id), process,
                                LABEL_ROOM)
            if fitted is not None:
                width = max((text_width(line, fitted.size) for line in fitted.lines),
                            default=0.0) / PT + 2
                tall = len(fitted.lines) * fitted.size * LINE_SPACING / PT + 2
                above = label.bottom <= node.box.y
                node = replace(node, label=Box(label.cx - width / 2,
                                               label.bottom - tall if above else label.y,
                                               width, tall))
        nodes.append(node)
    return replace(layout, nodes=tuple(nodes))


def tight_layout(process: Process, layout: Layout, *,
                 badged: Iterable[str] | Mapping[str, str] = (),
                 keys: Mapping[str, str] | None = None, size: float = NAME_SIZE,
                 corner: bool = False, actors: Mapping[str, int] | None = None) -> Layout:
    """``layout`` squeezed round what the picture of ``process`` draws: tasks as tall as
    their names at ``size`` points, empty strips closed up, each lane at least as tall
    as its name needs. ``badged``: the steps that carry a badge above them (with its
    text, when a mapping), or on their top-left corner when ``corner`` (less room above
    them); ``keys``: the branch conditions written as keys; ``actors``: the tasks that
    carry an actor tag (the flow form), with its number of lines.

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Actor, Flow, Process, Step
    >>> p = Process("p", "P", actors=(Actor("a", "A"), Actor("b", "B")),
    ...             steps=(Step("s", "Ask", actor="a"), Step("t", "Answer", actor="b")),
    ...             flows=(Flow("s", "t"),))
    >>> loose = layout_process(p)
    >>> tight = tight_layout(p, loose)
    >>> tight.height < loose.height and tight.width <= loose.width
    True
    """
    layout = _labels_fitted(process, without_lone_pool(layout))
    widths = task_widths(process, layout, size, WIDEN, actors)
    marks = dict(badged) if isinstance(badged, Mapping) else {k: "badge" for k in badged}
    if corner:      # a task at least as wide as the badge on its corner: a long one (in
        #             Bahasa Indonesia) ran over the next task's badge and border
        for node, _step in _plain_tasks(process, layout):
            if node.id in marks:
                need = text_width(marks[node.id], BADGE_SIZE, True) / PT + BADGE_MARGIN
                if need > widths.get(node.id, node.box.width):
                    widths[node.id] = float(math.ceil(need / 10) * 10)
    if widths:      # a task widened for its longest word: its height at that width
        from dataclasses import replace

        wide = tuple(replace(n, box=Box(n.box.cx - widths[n.id] / 2, n.box.y, widths[n.id],
                                        n.box.height)) if n.id in widths else n
                     for n in layout.nodes)
        heights = task_heights(process, replace(layout, nodes=wide), size, actors)
    else:
        heights = task_heights(process, layout, size, actors)
    lanes = {band.id: lane_height(band.name, band.kind in ("pool", "group"),
                                  8.0 if band.kind == "pool" else 7.0)
             for band in layout.lanes if band.name}

    def squeeze(two_lines: frozenset[str], one_line: frozenset[str] = frozenset()
                ) -> Layout:
        around, extra = _areas(process, layout, heights, marks, keys or {}, corner,
                               two_lines, one_line)
        return compact_layout(layout, heights=heights, widths=widths, around=around,
                              extra=extra, lane_heights=lanes)

    squeezed = squeeze(frozenset())
    # a duration beside the line under its task that another flow or shape crosses once
    # squeezed goes on two lines (narrower), with room kept for them: squeezed again
    crossed = _crossed(squeezed, _time_spots(process, squeezed))
    if crossed:
        squeezed = squeeze(crossed)
    # a duration wider than its task (in Bahasa Indonesia: "15 mnt + tunggu 3 hari")
    # stays on one line where the squeezed picture has room beside it: a line less
    # under every row of tasks
    roomy = _one_line_room(process, squeezed, crossed)
    if roomy:
        squeezed = squeeze(crossed, roomy)
    return _durations_as_labels(process, squeezed, crossed, roomy)


ONE_LINE_CLEARANCE = 12.0     # units a duration kept on one line stands clear of the rest


def _drawn_index(layout: Layout, times: Mapping[str, Box]):
    """A spatial index of the shapes (owned by their step), the labels under them and
    the durations at ``times`` (owned by ``("time", step)``) of ``layout``."""
    from ..layout.index import SpatialIndex

    index = SpatialIndex()
    for node in layout.nodes:
        if not node.expanded:
            index.add_box(node.box, node.id)
        if node.label is not None:
            index.add_box(node.label, node.id)
    for step, spot in times.items():
        index.add_box(spot, ("time", step))
    return index


def _one_line_room(process: Process, layout: Layout, two_lines: frozenset[str]
                   ) -> frozenset[str]:
    """The tasks whose duration, wrapped because it is wider than the task, has room on
    one line under it in ``layout`` (squeezed): :data:`ONE_LINE_CLEARANCE` clear of
    every shape, name, duration and flow but the task's own, and of the bottom border
    of the lanes (what is under it moves up by the line it saves)."""
    wrapped = _time_spots(process, layout, two_lines)
    below = bottom_lines(layout)
    index = _drawn_index(layout, wrapped)
    for route in layout.routes:
        index.add_route(route.points, (route.source, route.target))
    for band in layout.lanes:       # ... and of the border of its lane
        index.add_route(((band.box.x, band.box.bottom), (band.box.right, band.box.bottom)))
    roomy = set()
    for step, spot in wrapped.items():
        if step in two_lines or step in below or spot.height <= TIME_ROOM - 4 + 1e-6:
            continue
        time = duration_text(process.step(step), process)
        width, height = _time_size(time)
        box = layout.node(step).box
        line = Box(box.cx - width / 2, box.bottom + 2, width, height)
        # what is under it may move up by the line it saves
        clear = Box(line.x - ONE_LINE_CLEARANCE, line.y, line.width + 2 * ONE_LINE_CLEARANCE,
                    spot.height + ONE_LINE_CLEARANCE)
        own = {step, ("time", step)} | {(r.source, r.target) for r in layout.routes
                                        if step in (r.source, r.target)}
        if not index.hits(clear, own):
            roomy.add(step)
            index.add_box(line, ("time", step))
    return frozenset(roomy)


def _time_written(time: str, width: float, beside: bool, two: bool = False,
                  one: bool = False) -> str:
    """A duration as the page writes it under (or ``beside`` the line under) a task
    ``width`` units wide: see :func:`~.painter.time_lines`; ``two``: on two lines;
    ``one``: on one line."""
    return time if one else time_lines(time, 0.0 if two else width, beside)


def _time_size(text: str) -> tuple[float, float]:
    """The width and height (units) a duration takes as written (one or two lines)."""
    lines = text.split("\n")
    width = max(text_width(line, TIME_SIZE) for line in lines) / PT + 4
    return width, TIME_ROOM - 4 + (len(lines) - 1) * TIME_LINE


def _time_spots(process: Process, layout: Layout, two_lines: frozenset[str] = frozenset(),
                one_line: frozenset[str] = frozenset()) -> dict[str, Box]:
    """Where each task's duration is written: under it, or beside the flow that leaves
    or enters the middle of its bottom (on two lines for the tasks of ``two_lines``, on
    one for those of ``one_line``)."""
    hosts = {f.source for f in process.flows if f.kind == BOUNDARY}
    below = bottom_lines(layout)
    spots = {}
    for node in layout.nodes:
        if node.shape in ("task", "subprocess") and not node.expanded and node.label is None \
                and process.has_step(node.id) and node.id not in hosts:
            time = duration_text(process.step(node.id), process)
            if time:
                box, beside = node.box, node.id in below
                width, height = _time_size(_time_written(time, box.width, beside,
                                                         node.id in two_lines,
                                                         node.id in one_line))
                left = box.cx + BESIDE_GAP if beside else box.cx - width / 2
                spots[node.id] = Box(left, box.bottom + 2, width, height)
    return spots


def _crossed(layout: Layout, spots: Mapping[str, Box]) -> frozenset[str]:
    """The tasks whose duration, written beside the line under them, a shape, a label,
    another duration or another flow than that line runs through."""
    index = _drawn_index(layout, spots)
    own: dict[str, set] = {}        # task -> the stretches meeting the middle of its bottom
    for r, route in enumerate(layout.routes):
        for k, (a, b) in enumerate(zip(route.points, route.points[1:])):
            index.add_route((a, b), (r, k))
        last = len(route.points) - 2
        for end, k, point in ((route.source, 0, route.points[0]),
                              (route.target, last, route.points[-1])):
            if last >= 0 and end in spots:
                box = layout.node(end).box
                if abs(point[0] - box.cx) < 1.0 and abs(point[1] - box.bottom) < 1.0:
                    own.setdefault(end, set()).add((r, k))
    return frozenset(step for step, spot in spots.items() if step in own
                     and index.hits(spot, {("time", step), step} | own[step]))


def _durations_as_labels(process: Process, layout: Layout,
                         two_lines: frozenset[str] = frozenset(),
                         one_line: frozenset[str] = frozenset()) -> Layout:
    """The layout with the place of each task's duration (see :func:`_time_spots`) as
    the task's label box: what a band keeps room for, and what its cuts do not go
    through (a task's name is inside its box, so its label box is free for this); the
    painter writes the duration on two lines when its box is two lines tall."""
    from dataclasses import replace

    spots = _time_spots(process, layout, two_lines, one_line)
    return replace(layout, nodes=tuple(replace(n, label=spots[n.id]) if n.id in spots else n
                                       for n in layout.nodes))


__all__ = ["NAME_SIZE", "actor_room", "lane_height", "task_heights", "task_widths", "tight_layout",
           "without_lone_pool"]
