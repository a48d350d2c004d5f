"""Where a picture writes its branch labels: at the start of each branch, over the first
stretch running right, as before; but where that place holds a shape, the name of an
event or gateway, a duration or another branch's label, at the next place that is
clear: over the branch's own part (where it leaves the branches it starts along with),
under the stretch, beside its first vertical stretch.

One function places them for the painter, for the squeezed layout (:mod:`.tight`, which
keeps room for them) and for the fold (:mod:`.fold`, whose cuts keep clear of them), so
that all three agree (:func:`~.painter.branch_places` tells it what the painter writes
where). Every candidate is checked in a grid index: linear in the size of the process.

>>> from bpmodel.layout import layout_process
>>> from bpmodel.model import Flow, Process, Step
>>> p = Process("p", "P", steps=(Step("g", "Complete?", type="gateway"), Step("a", "A"),
...                              Step("b", "B")),
...             flows=(Flow("g", "a", condition="yes"), Flow("g", "b", condition="no")))
>>> labels = branch_labels(p, layout_process(p))
>>> sorted((label.text, label.va) for label in labels.values())
[('no', 'bottom'), ('yes', 'bottom')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from ..layout import Box, Layout, Route
from ..layout.index import SpatialIndex
from ..layout.labels import own_part
from ..model import Flow, Process
from .canvas import PT, Canvas, Text, text_extent
from .fonts import FAMILY, LINE_SPACING, wrap

FLOW_SIZE = 8.0            # points: branch conditions and chances, as large as the names
FLOW_LABEL_WIDTH = 110.0   # units a branch label may take when its flow is shorter
LABEL_INK = "#555555"      # as the painter's muted texts
# behind a branch label: the flows it crosses stay visible, the words stay readable
LABEL_BACKGROUND = {"boxstyle": "square,pad=0.1", "facecolor": "#FFFFFF", "alpha": 0.8,
                    "edgecolor": "none", "linewidth": 0}


def branch_label(flow, keys: Mapping[str, str] | None = None) -> str:
    """What is written at the start of a branch: its condition and chance, the condition
    replaced by its key when ``keys`` gives one (``[a] (70%)``).

    >>> from bpmodel.model import Flow
    >>> branch_label(Flow("g", "a", condition="complete", probability=0.7))
    'complete (70%)'
    >>> branch_label(Flow("g", "a", condition="complete", probability=0.7), {"complete": "a"})
    '[a] (70%)'
    """
    parts = []
    if flow.condition:
        condition = " ".join(flow.condition.split())
        key = (keys or {}).get(condition)
        parts.append(f"[{key}]" if key else condition)
    if flow.probability is not None:
        parts.append(f"{flow.probability:.0%}")
    return parts[0] + (f" ({parts[1]})" if len(parts) > 1 else "") if parts else ""


def label_stretch(points) -> tuple[int | None, float]:
    """Where a branch label goes: the index of the first horizontal stretch (of the first
    two) running right, None when there is none, and the width (points) it may take."""
    k = next((k for k in range(min(2, len(points) - 1)) if points[k][1] == points[k + 1][1]
              and points[k][0] < points[k + 1][0]), None)
    if k is None:
        return None, FLOW_LABEL_WIDTH * PT
    (hx0, _), (hx1, _) = points[k], points[k + 1]
    return k, max((hx1 - hx0 - (22 if k == 0 else 12)), FLOW_LABEL_WIDTH) * PT


def branch_routes(process: Process, layout: Layout) -> Iterator[tuple[Route, Flow]]:
    """The routes of the flows that leave a gateway with several ways out, with their
    flows: where a branch label is written."""
    for route in layout.routes:
        if route.kind == "message" or not 0 <= route.index < len(process.flows) \
                or len(route.points) < 2:
            continue
        flow = process.flows[route.index]
        source = process.step(flow.source) if process.has_step(flow.source) else None
        if source is not None and source.is_gateway \
                and len(process.outgoing(source.id)) >= 2:
            yield route, flow


CLEARANCE = 1.5     # units a label keeps from what it must not cover


@dataclass(frozen=True, slots=True)
class BranchLabel:
    """A branch label as written: its anchor ``(x, y)`` (layout units, before the
    picture's shift), its lines, and how it hangs from the anchor."""

    x: float
    y: float
    text: str
    ha: str = "left"
    va: str = "bottom"

    def record(self, dx: float = 0.0, dy: float = 0.0, gid: str | None = None) -> Text:
        """The text as the painter draws it (on its white background), moved by
        ``(dx, dy)``."""
        return _SCRATCH.text(self.x + dx, self.y + dy, self.text, fontsize=FLOW_SIZE,
                             color=LABEL_INK, fontfamily=FAMILY, ha=self.ha, va=self.va,
                             linespacing=LINE_SPACING, zorder=6, gid=gid,
                             bbox=LABEL_BACKGROUND)

    @property
    def box(self) -> Box:
        """The rectangle it covers, its background included."""
        return text_extent(self.record())


_SCRATCH = Canvas(Box(0, 0, 1, 1))     # makes the records; what it keeps is never read


def _candidates(text: str, points, own) -> tuple[list[BranchLabel], list[BranchLabel]]:
    """The places to try, in order (see the module's docstring): those at the start of
    the branch or of its own part, and those further along its first vertical
    stretch."""
    k, room = label_stretch(points)
    lines = "\n".join(wrap(text, room, FLOW_SIZE))
    (x0, y0), y1 = points[0], points[1][1]
    y, va = (y0 + 6, "top") if y1 > y0 else (y0 - 6, "bottom")
    # where no stretch runs right, first the place it always had: beside its start
    out = [BranchLabel(x0 + 5, y, lines, "left", va)] if k is None else []
    overs: list[BranchLabel] = []
    unders: list[BranchLabel] = []
    besides: list[BranchLabel] = []
    along: list[BranchLabel] = []
    parts = [points] + ([own] if len(own) >= 2 and tuple(own) != tuple(points) else [])
    for n, part in enumerate(parts):
        k, room = label_stretch(part)
        lines = "\n".join(wrap(text, room, FLOW_SIZE))
        if k is not None:
            hx0, hy = part[k]
            x = hx0 + (8 if k == 0 and n == 0 else 4)
            overs.append(BranchLabel(x, hy - 3, lines, "left", "bottom"))
            unders.append(BranchLabel(x, hy + 3, lines, "left", "top"))
        for (vx, vy), (wx, wy) in zip(part[:2], part[1:3]):   # its first vertical stretch
            if abs(vx - wx) < 1e-6 and abs(wy - vy) > 1e-6:
                down = 1 if wy > vy else -1
                y, va = (vy + 6 * down, "top" if down > 0 else "bottom")
                besides += [BranchLabel(vx + 5, y, lines, "left", va),
                            BranchLabel(vx - 5, y, lines, "right", va)]
                height = BranchLabel(0, 0, lines).box.height
                room = abs(wy - vy) - height - 12
                for step in (1, 2, 3) if room > 0 else ():      # further along it
                    dy = down * room * step / 3
                    along += [BranchLabel(vx + 5, y + dy, lines, "left", va),
                              BranchLabel(vx - 5, y + dy, lines, "right", va)]
                break
    return out + overs + unders + besides, along


def _obstacles(layout: Layout, obstacles: Iterable[tuple[Box, object]]) -> SpatialIndex:
    """What a label must not cover: the ``obstacles`` given (with their owners) and the
    borders of the lanes."""
    index = SpatialIndex()
    for band in layout.lanes:       # a label across a lane's border reads as in neither
        box = band.box
        index.add_route(((box.x, box.y), (box.right, box.y)), "border")
        index.add_route(((box.x, box.bottom), (box.right, box.bottom)), "border")
    for box, owner in obstacles:
        index.add_box(box, owner)
    return index


def _grown(box: Box, by: float = CLEARANCE) -> Box:
    return Box(box.x - by, box.y - by, box.width + 2 * by, box.height + 2 * by)


def branch_labels(process: Process, layout: Layout, keys: Mapping[str, str] | None = None,
                  obstacles: Iterable[tuple[Box, object]] = ()) -> dict[int, BranchLabel]:
    """Flow index -> where its branch label is written, for every branch of ``layout``
    that has one (``keys``: the conditions written as keys, see
    :func:`~.painter.branch_keys`). Each goes to the first of its places (see the
    module's docstring) that covers none of the ``obstacles`` (boxes with their owner:
    the shapes, names and durations the painter writes, see
    :func:`~.painter.branch_places`; a label ignores its own gateway's shape), no lane's
    border and no label placed before it; where every place covers something, to the
    one that covers the fewest, the first among equals."""
    routes = list(branch_routes(process, layout))
    if not routes:
        return {}
    obstacles = _obstacles(layout, obstacles)
    lines = SpatialIndex()
    for route in layout.routes:
        lines.add_route(route.points, route)
    placed = SpatialIndex()
    siblings: dict[tuple[str, tuple[float, float]], list] = {}
    for route, _flow in routes:
        siblings.setdefault((route.source, route.points[0]), []).append(route)
    out: dict[int, BranchLabel] = {}
    for route, flow in routes:
        text = branch_label(flow, keys)
        if not text:
            continue
        own = own_part(route, siblings[(route.source, route.points[0])])
        best, fewest = None, None
        near, along = _candidates(text, route.points, own)
        for group in (near, along):
            for candidate in group:
                box = _grown(candidate.box)
                # one label over another reads as neither: worse than over a name or a
                # shape; a line through it still reads, but reads better without
                hits = (placed.hits(box), obstacles.hits(box, route.source),
                        lines.hits(box, route))
                if fewest is None or hits < fewest:
                    best, fewest = candidate, hits
                if hits == (0, 0, 0):
                    break
            if fewest[:2] == (0, 0):     # near its start, over nothing: there
                break
        out[route.index] = best
        placed.add_box(best.box)
    return out


def label_reach(process: Process, labels: Mapping[int, BranchLabel]) -> dict[str, float]:
    """Gateway id -> the right edge (units) of the farthest of its branch ``labels``
    (see :func:`branch_labels`): where a cut of the picture into bands may go after it."""
    reach: dict[str, float] = {}
    for index, label in labels.items():
        source = process.flows[index].source
        reach[source] = max(reach.get(source, float("-inf")), label.box.right)
    return reach
