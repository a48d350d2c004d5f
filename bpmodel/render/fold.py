"""Folding a wide swimlane picture into bands that stack on a page.

A process laid out left to right is as wide as it is long: the bundled building approval
is 22 columns over 10 lanes, 36 inches wide. :func:`fold_layout` cuts a computed
:class:`~bpmodel.layout.Layout` between columns of steps into bands no wider than a
page, to be stacked one under the other like the lines of a text:

- each band keeps the lane headers at its left and only the lanes that hold something in
  it (a step, or a stretch of flow that runs along the lane); the other lanes close up,
  so a band of a long sequential process is a few lanes tall, not all of them;
- a flow that leaves one band and enters another is cut at the band's edge and ends in a
  numbered continuation mark (a :class:`Connector`, like the off-page connector of an
  SOP flowchart); the same number starts it again in the band it continues in, so a
  flow that jumps several bands (a loop going back) is drawn only where it starts and
  ends;
- the cuts are chosen (:func:`choose_cuts`) so that the bands together are as short as
  they can be within the page width.

Pure geometry: no matplotlib (the marks are painted by :func:`paint_connectors`).
Everything is linear in the size of the layout times the number of columns a band holds.

>>> from bpmodel.layout import layout_process
>>> from bpmodel.model import Actor, Flow, Process, Step
>>> steps = tuple(Step(f"s{k}", f"Step {k}", actor="a" if k % 2 else "b") for k in range(8))
>>> p = Process("p", "P", actors=(Actor("a", "A"), Actor("b", "B")), steps=steps,
...             flows=tuple(Flow(f"s{k}", f"s{k + 1}") for k in range(7)))
>>> bands = fold_layout(layout_process(p), 500)
>>> len(bands), [len(b.layout.nodes) for b in bands]
(2, [4, 4])
>>> [c.label for c in bands[0].connectors], [c.label for c in bands[1].connectors]
(['1'], ['1'])
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..i18n import _
from ..layout import Box, LaneBand, Layout, NodeBox, Route
from ..layout.geometry import crosses
from .canvas import overlaps

CONNECTOR_RADIUS = 9.0      # units: a continuation mark is a circle this big
NOTE_SIZE = 7.5             # points: the "p. N" note beside a mark
CONNECTOR_SIZE = 7.5        # points: its number
BAND_GAP = 14.0             # units between two stacked bands (or side by side)
EDGE_ROOM = 14.0            # units kept right of a band's last column for the marks
Badged = frozenset[str] | Mapping[str, float]   # the badged steps, or the room each badge
#                                                 takes above its shape
LABEL_MARK_ROOM = 3.0       # units past a branch label's reach a cut keeps, so that the mark
#                             at the cut (its circle starts 6 units before it) stands clear
ENTRY_ROOM = 14.0           # more units kept left of the first column of a band after the
                            # first, so that the marks of the flows entering it stand clear


@dataclass(frozen=True, slots=True)
class Connector:
    """A continuation mark at ``(x, y)``: where a flow leaves a band (``leaving``) or
    enters one, numbered ``label`` alike at both ends; ``side`` is the band edge it sits
    on (``left`` or ``right``); ``partner`` the index of the band the flow continues in."""

    x: float
    y: float
    label: str
    leaving: bool
    side: str
    partner: int


@dataclass(frozen=True)
class FoldedBand:
    """One band: its part of the layout (moved so that its columns start where the
    original's first column starts), its continuation marks, the columns it shows
    (``start``, ``end``: x in the original layout) and the names of the lanes that only
    flows pass along, too thin for a header strip (written in the lane)."""

    layout: Layout
    connectors: tuple[Connector, ...]
    start: float
    end: float
    inline: tuple[tuple[float, float, str], ...] = ()   # (x, y, name) of thin lanes

    @property
    def box(self) -> Box:
        """The rectangle of its lanes."""
        xs = [b.box.x for b in self.layout.lanes]
        ys = [b.box.y for b in self.layout.lanes]
        rights = [b.box.right for b in self.layout.lanes]
        bottoms = [b.box.bottom for b in self.layout.lanes]
        if not xs:
            return Box(self.start, 0, self.end - self.start, 0)
        return Box(min(xs), min(ys), max(rights) - min(xs), max(bottoms) - min(ys))


def leaves(layout: Layout) -> list[LaneBand]:
    """The bands that hold steps (lanes, and pools without lanes), top to bottom."""
    return sorted((b for b in layout.lanes if b.kind == "lane" or b.actor is not None),
                  key=lambda b: b.box.y)


def content_left(layout: Layout) -> float:
    """Where the steps may start: right of the innermost name strip.

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Actor, Process, Step
    >>> content_left(layout_process(Process("p", "P", actors=(Actor("a", "A"),),
    ...                                     steps=(Step("a", "A", actor="a"),))))
    220.0
    """
    from ..layout import LABEL_STRIP

    if not layout.lanes:
        return min((n.box.x for n in layout.nodes), default=0.0)
    return max(b.box.x for b in layout.lanes) + LABEL_STRIP


def atoms(layout: Layout, reach: Mapping[str, float] | None = None
          ) -> list[tuple[float, float]]:
    """The x-intervals no cut may go through: the top-level shapes with their labels,
    merged where they overlap, left to right. A gateway's branch labels reach as far as
    a label of the widest kind written at its right corner would, or to
    ``reach[gateway]`` when further (see :func:`~.branches.label_reach`: a label moved
    along its branch); a cut keeps clear of them and of the mark it puts there.

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Actor, Flow, Process, Step
    >>> atoms(layout_process(Process("p", "P", actors=(Actor("a", "A"),),
    ...                              steps=(Step("a", "A", actor="a"), Step("b", "B", actor="a")),
    ...                              flows=(Flow("a", "b"),))))
    [(260.0, 360.0), (410.0, 510.0)]
    """
    from .branches import FLOW_LABEL_WIDTH

    branches: dict[str, int] = {}
    for route in layout.routes:
        if route.kind != "message":
            branches[route.source] = branches.get(route.source, 0) + 1
    spans = []
    for node in layout.nodes:
        if node.parent is not None:
            continue
        lo, hi = node.box.x, node.box.right
        if node.label is not None:
            lo, hi = min(lo, node.label.x), max(hi, node.label.right)
        if node.shape == "gateway" and branches.get(node.id, 0) > 1:
            # its branches' labels (from its right corner) and a mark at a cut after them
            far = max(node.box.cx + 8 + FLOW_LABEL_WIDTH, (reach or {}).get(node.id, hi))
            hi = max(hi, far + LABEL_MARK_ROOM)
        spans.append((lo, hi))
    merged: list[tuple[float, float]] = []
    for lo, hi in sorted(spans):
        if merged and lo < merged[-1][1] + 8:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _vertical_xs(layout: Layout) -> list[float]:
    return sorted({a[0] for r in layout.routes for a, b in zip(r.points, r.points[1:])
                   if abs(a[0] - b[0]) < 1e-6})


def _cut_between(left: float, right: float, verticals: Sequence[float]) -> float:
    """A place to cut in the gap (left, right): its middle, or the middle of the widest
    stretch of it that no vertical stretch of flow runs along."""
    middle = (left + right) / 2
    inside = [x for x in verticals if left < x < right]
    if all(abs(x - middle) > 4 for x in inside):
        return middle
    edges = [left, *inside, right]
    lo, hi = max(zip(edges, edges[1:]), key=lambda pair: pair[1] - pair[0])
    return (lo + hi) / 2


BADGE_ROOM = 26.0           # units above a shape for its badge
TIME_ROOM = 18.0            # units under a task for its duration
STRETCH_ROOM = (24.0, 6.0)  # units above and under a stretch of flow (its label above)
PAD = 2.0                   # units a lane keeps above and under what it holds
NAME_ROOM = 14.0            # units atop a lane that holds no step, for its name
HOLE = 12.0                 # units an empty strip across a lane keeps in a band
ENTRY_LABEL = 30.0          # units a flow starting downward or upward keeps (its label)


@dataclass(frozen=True, slots=True)
class _Item:
    """Something drawn in a lane: its x-interval and y-interval, and whether it is a step."""

    x0: float
    x1: float
    y0: float
    y1: float
    step: bool


def _lane_at(lanes: list[LaneBand], tops: list[float], y: float) -> int | None:
    k = bisect.bisect_right(tops, y) - 1
    if 0 <= k < len(lanes) and lanes[k].box.y < y < lanes[k].box.bottom:
        return k
    return None


def _node_item(node: NodeBox, badged: Badged = frozenset()
               ) -> _Item:
    box = node.box
    if isinstance(badged, Mapping):         # the room each badge takes above its shape
        top = box.y - max(badged.get(node.id, 4.0), 4.0)
    else:
        top = box.y - (BADGE_ROOM if node.id in badged else 4)
    bottom = box.bottom + (TIME_ROOM if node.shape == "task" else 4)
    if node.label is not None:
        top, bottom = min(top, node.label.y - 2), max(bottom, node.label.bottom + 2)
    return _Item(box.x, box.right, top, bottom, True)


def _stretches(points, labelled: bool = True) -> list[_Item]:
    """The horizontal stretches of a polyline, with room for a label over the first
    when it is ``labelled`` (and along its start when it leaves upward or downward)."""
    out = []
    (x0, y0), (x1, y1) = points[0], points[1]
    if labelled and abs(x0 - x1) < 1e-6 and abs(y0 - y1) > 1e-6:   # its label stays
        reach = min(abs(y1 - y0), ENTRY_LABEL)                     # clear
        lo = y0 if y1 > y0 else y0 - reach
        out.append(_Item(x0, x0 + 1, lo, lo + reach, False))
    first = True
    for k, ((x0, y0), (x1, y1)) in enumerate(zip(points, points[1:])):
        if abs(y0 - y1) < 1e-6 and abs(x0 - x1) > 1e-6:
            above = STRETCH_ROOM[0] if k <= 1 and first and labelled \
                else STRETCH_ROOM[1]
            first = False
            out.append(_Item(min(x0, x1), max(x0, x1), y0 - above, y0 + STRETCH_ROOM[1],
                             False))
    return out


def _items(layout: Layout, lanes: list[LaneBand], badged: Badged = frozenset()
           ) -> list[list[_Item]]:
    """Per lane, what is drawn in it."""
    tops = [b.box.y for b in lanes]
    out: list[list[_Item]] = [[] for _ in lanes]
    for node in layout.nodes:
        k = _lane_at(lanes, tops, node.box.cy)
        if k is not None:
            out[k].append(_node_item(node, badged))
    for route in layout.routes:
        for item in _stretches(route.points, route.label is not None):
            k = _lane_at(lanes, tops, item.y1 - STRETCH_ROOM[1])
            if k is not None:
                out[k].append(item)
    return out


def _extent(lane: LaneBand, items: Iterable[_Item], need: float = 0.0
            ) -> tuple[float, float, float] | None:
    """The part of a lane to keep (top, bottom) for what it holds, at least ``need``
    units (its name) when it holds a step, and where to write the name of a lane that
    holds no step (its top, NaN when it has a step); None when it holds nothing."""
    items = list(items)
    if not items:
        return None
    top = max(lane.box.y, min(i.y0 for i in items) - PAD)
    bottom = min(lane.box.bottom, max(i.y1 for i in items) + PAD)
    if any(i.step for i in items):
        short = min(need, lane.box.height) - (bottom - top)
        if short > 0:           # grow round what it holds, within the lane
            top = max(lane.box.y, top - short / 2)
            bottom = min(lane.box.bottom, top + min(need, lane.box.height))
            top = bottom - max(bottom - top, min(need, lane.box.height))
        return top, bottom, float("nan")
    lines = [i.y1 - STRETCH_ROOM[1] for i in items]
    if min(lines) - NAME_ROOM - PAD >= lane.box.y:      # the name above the flows
        top = min(top, min(lines) - NAME_ROOM - PAD)
        return top, bottom, top + 2
    bottom = min(lane.box.bottom, max(lines) + NAME_ROOM + PAD)   # else under them
    return top, bottom, bottom - NAME_ROOM


def _holes(items: Iterable[_Item], top: float, bottom: float, need: float = 0.0
           ) -> tuple[tuple[float, float, float], ...]:
    """The empty strips across a lane's kept part (``top`` to ``bottom``) in a band:
    ``(start, end, kept)``, each closed up to ``kept`` units (at most :data:`HOLE`), so
    that rows of a lane that another band's steps hold apart stand close in this one;
    the part stays at least ``need`` units tall (its name).

    >>> _holes([_Item(0, 10, 0, 50, True), _Item(0, 10, 150, 200, True)], 0, 200)
    ((50.0, 150.0, 12.0),)
    >>> _holes([_Item(0, 10, 0, 50, True), _Item(0, 10, 150, 200, True)], 0, 200, 150)
    ((50.0, 150.0, 50.0),)
    """
    spans = sorted((i.y0, i.y1) for i in items)
    found = []
    reach = top
    for y0, y1 in spans:
        if y0 - reach > HOLE:
            found.append((reach, y0))
        reach = max(reach, y1)
    if not found:
        return ()
    closable = sum(b - a - HOLE for a, b in found)
    allowed = max(0.0, min(closable, bottom - top - need))
    if allowed <= 0:
        return ()
    share = allowed / closable
    return tuple((float(a), float(b), round(b - a - (b - a - HOLE) * share, 6))
                 for a, b in found)


def _height(lanes, items, lo: float, hi: float,
            needs: Mapping[str, float] | None = None) -> float:
    """The height of a band showing the columns between lo and hi."""
    total = 0.0
    for k, lane in enumerate(lanes):
        inside = [i for i in items[k] if i.x0 < hi and i.x1 > lo]
        need = (needs or {}).get(lane.id, 0.0)
        kept = _extent(lane, inside, need)
        if kept is not None:
            total += kept[1] - kept[0]
            total -= sum(b - a - keep for a, b, keep in _holes(inside, *kept[:2], need))
    return total


def choose_cuts(layout: Layout, width: float, room: float = float("inf"),
                first_room: float | None = None, badged: Badged = frozenset(),
                needs: Mapping[str, float] | None = None,
                reach: Mapping[str, float] | None = None) -> list[float] | None:
    """Where to cut the layout into bands at most ``width`` units wide (lane headers
    included) and ``room`` units tall: the x of each cut, from the left edge of the
    content to its right edge. The bands are chosen so that stacked on pages of height
    ``room`` (the first page: ``first_room``) they take the fewest pages, then the least
    height. None when a column is wider than ``width`` or a band taller than ``room``.
    ``badged`` steps carry a badge above them (room is kept for it; a mapping gives
    the room each takes); ``reach``: how far each gateway's branch labels reach (see
    :func:`atoms`).

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Actor, Flow, Process, Step
    >>> p = Process("p", "P", actors=(Actor("a", "A"),),
    ...             steps=tuple(Step(f"s{k}", "S", actor="a") for k in range(6)),
    ...             flows=tuple(Flow(f"s{k}", f"s{k + 1}") for k in range(5)))
    >>> choose_cuts(layout_process(p), 500)
    [220.0, 535.0, 835.0, 1150.0]
    """
    from .painter import extent

    spans = atoms(layout, reach)
    if not spans:
        return None
    left = content_left(layout)
    right = max(extent(layout).right, spans[-1][1])
    strips = left - min((b.box.x for b in layout.lanes), default=left)
    span = width - strips - EDGE_ROOM
    verticals = _vertical_xs(layout)
    gaps = [_cut_between(a[1], b[0], verticals) for a, b in zip(spans, spans[1:])]
    edges = [left, *gaps, right]
    if any(b - a > span for a, b in zip(edges, edges[1:])):
        return None
    lanes = leaves(layout)
    items = _items(layout, lanes, badged)
    first = room if first_room is None else first_room
    n = len(edges) - 1
    heights: dict[tuple[int, int], float] = {}       # (i, j) -> the band's height, if it fits
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            if edges[j] - edges[i] + (ENTRY_ROOM if i else 0.0) > span:
                break
            height = _height(lanes, items, edges[i], edges[j], needs)
            if height <= room:
                heights[(i, j)] = height
    # best[b][j]: the fewest pages, then the least height used on the last page (room
    # for what follows), of the columns up to edge j cut into b bands; the answer is the
    # best of them, with the fewest bands (continuations to follow) among equals
    best: list[dict[int, tuple[float, float]]] = [{0: (1, -BAND_GAP)}]
    back: list[dict[int, int]] = [{}]
    answer = None
    for b in range(1, n + 1):
        row: dict[int, tuple[float, float]] = {}
        came: dict[int, int] = {}
        for (i, j), height in heights.items():
            if i not in best[b - 1]:
                continue
            pages, used = best[b - 1][i]
            capacity = first if pages == 1 else room
            state = (pages, used + BAND_GAP + height) if used + BAND_GAP + height <= capacity \
                else (pages + 1, height)
            if j not in row or state < row[j]:
                row[j], came[j] = state, i
        best.append(row)
        back.append(came)
        if n in row and (answer is None or row[n] < best[answer][n]):
            answer = b
        if not row or (answer is not None and min(s[0] for s in row.values())
                       > best[answer][n][0]):
            break                 # more bands can no longer take fewer pages
    if answer is None:
        return None
    cuts, j = [edges[n]], n
    for b in range(answer, 0, -1):
        j = back[b][j]
        cuts.append(edges[j])
    return cuts[::-1]


def choose_rows(layout: Layout, width: float, room: float = float("inf"),
                first_room: float | None = None, badged: Badged = frozenset(),
                gap: float = BAND_GAP, per_row: int = 3,
                needs: Mapping[str, float] | None = None, tail: float = 0.0,
                reach: Mapping[str, float] | None = None,
                tail_beside: tuple[float, float] | None = None
                ) -> list[list[float]] | None:
    """Like :func:`choose_cuts`, for bands that may stand side by side: the layout cut
    into rows of up to ``per_row`` bands, together at most ``width`` units wide (each
    band with its lane headers, ``gap`` apart), a row as tall as its tallest band, the
    rows stacked on pages of height ``room`` (the first: ``first_room``). Returns the
    cuts of each row (its first and last cut included; a row's last cut is the next
    one's first), chosen for the fewest pages, then the fewest bands, then the least
    height on the last page (``tail``: what goes under the last row, a key, counted
    in the pages; ``tail_beside``: its width and height when it may stand beside the
    last row instead, where that row leaves room); None when a column is wider than
    ``width`` or a row taller than
    ``room``. Linear in
    the number of columns for a given page width (each row spans a bounded number).

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Actor, Flow, Process, Step
    >>> p = Process("p", "P", actors=(Actor("a", "A"),),
    ...             steps=tuple(Step(f"s{k}", "S", actor="a") for k in range(6)),
    ...             flows=tuple(Flow(f"s{k}", f"s{k + 1}") for k in range(5)))
    >>> choose_rows(layout_process(p), 1100)
    [[220.0, 1150.0]]
    >>> choose_rows(layout_process(p), 700)
    [[220.0, 835.0], [835.0, 1150.0]]
    """
    from .painter import extent

    spans = atoms(layout, reach)
    if not spans:
        return None
    left = content_left(layout)
    right = max(extent(layout).right, spans[-1][1])
    strips = left - min((b.box.x for b in layout.lanes), default=left)
    verticals = _vertical_xs(layout)
    gaps = [_cut_between(a[1], b[0], verticals) for a, b in zip(spans, spans[1:])]
    edges = [left, *gaps, right]
    n = len(edges) - 1

    def band_width(i: int, j: int) -> float:
        return strips + EDGE_ROOM + (ENTRY_ROOM if i else 0.0) + edges[j] - edges[i]

    if any(band_width(k, k + 1) > width for k in range(n)):
        return None
    lanes = leaves(layout)
    items = _items(layout, lanes, badged)
    heights: dict[tuple[int, int], float] = {}

    def height(i: int, j: int) -> float:
        if (i, j) not in heights:
            heights[(i, j)] = _height(lanes, items, edges[i], edges[j], needs)
        return heights[(i, j)]

    # the best row from edge i to edge j: its bands' cuts and its height
    def best_row(i: int, j: int, parts: int, room_left: float
                 ) -> tuple[float, list[int]] | None:
        whole = (height(i, j), [i, j]) if band_width(i, j) <= room_left else None
        if parts == 1:
            return whole
        best = whole
        for k in range(i + 1, j):
            w = band_width(i, k)
            if w + gap > room_left:
                break
            rest = best_row(k, j, parts - 1, room_left - w - gap)
            if rest is None:
                continue
            h = max(height(i, k), rest[0])
            if best is None or h < best[0] - 1e-9:
                best = (h, [i, *rest[1]])
        return best

    first = room if first_room is None else first_room
    # states[j]: (pages, bands, height used on the last page) of the columns up to edge j
    states: dict[int, tuple[int, int, float]] = {0: (1, 0, -gap)}
    came: dict[int, tuple[int, list[int]]] = {}
    for j in range(1, n + 1):
        for i in range(j - 1, -1, -1):
            if edges[j] - edges[i] > per_row * width:
                break
            if i not in states:
                continue
            row = best_row(i, j, per_row, width)
            if row is None or row[0] > room:
                continue
            pages, count, used = states[i]
            capacity = first if pages == 1 else room
            count += len(row[1]) - 1        # fewer bands read better, at equal pages
            state = (pages, count, used + gap + row[0]) \
                if used + gap + row[0] <= capacity else (pages + 1, count, row[0])
            if j == n and tail:
                need = gap + tail
                cuts = row[1]
                across = sum(band_width(a, b) for a, b in zip(cuts, cuts[1:])) \
                    + gap * (len(cuts) - 2)
                if tail_beside is not None and across + gap + tail_beside[0] <= width:
                    need = max(0.0, tail_beside[1] - row[0])     # beside the last row
                if state[2] + need > (first if state[0] == 1 else room):
                    state = (state[0] + 1, *state[1:])    # the tail takes a page of its own
            if j not in states or state < states[j]:
                states[j], came[j] = state, (i, row[1])
    if n not in states:
        return None
    rows, j = [], n
    while j > 0:
        i, cut = came[j]
        rows.append([edges[k] for k in cut])
        j = i
    return rows[::-1]


class _YMap:
    """A band's vertical map: the lanes it uses keep what they hold, the rest closes up."""

    def __init__(self, lanes: list[LaneBand], kept: dict[int, tuple[float, float]],
                 top: float, holes: Mapping[int, Sequence[tuple[float, float, float]]]
                 | None = None):
        self.starts: list[float] = []
        self.new_starts: list[float] = []
        self.scales: list[float] = []
        y, new = top, top
        for k, band in enumerate(lanes):
            if band.box.y > y:                      # a gap between pools keeps its size
                self._add(y, new, 1.0)
                new += band.box.y - y
            part = kept.get(k)
            if part is None:
                self._add(band.box.y, new, 0.0)
            else:
                self._add(band.box.y, new, 0.0)
                self._add(part[0], new, 1.0)
                at = part[0]
                for start, end, keep in (holes or {}).get(k, ()):   # closed up
                    new += start - at
                    self._add(start, new, keep / (end - start))
                    new += keep
                    self._add(end, new, 1.0)
                    at = end
                new += part[1] - at
                self._add(part[1], new, 0.0)
            y = band.box.bottom
        self.bottom, self.new_bottom = y, new

    def _add(self, start: float, new: float, scale: float) -> None:
        self.starts.append(start)
        self.new_starts.append(new)
        self.scales.append(scale)

    def __call__(self, y: float) -> float:
        if not self.starts or y <= self.starts[0]:
            return y
        if y >= self.bottom:
            return self.new_bottom + (y - self.bottom)
        k = bisect.bisect_right(self.starts, y) - 1
        return self.new_starts[k] + (y - self.starts[k]) * self.scales[k]


def _pieces(points: Sequence[tuple[float, float]], cuts: Sequence[float]
            ) -> list[tuple[int, list[tuple[float, float]]]]:
    """A polyline cut at the x of ``cuts`` (inner ones): (band index, points) per piece."""
    inner = list(cuts[1:-1])

    def band_of(x: float) -> int:
        return bisect.bisect_left(inner, x)

    pieces: list[tuple[int, list[tuple[float, float]]]] = []
    current = band_of(points[0][0])
    line = [points[0]]
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        target = band_of(x1)
        if target == current or abs(x1 - x0) < 1e-9:
            line.append((x1, y1))
            continue
        step = 1 if target > current else -1
        band = current
        while band != target:
            cut = inner[band] if step > 0 else inner[band - 1]
            y = y0 + (y1 - y0) * (cut - x0) / (x1 - x0)
            line.append((cut, y))
            pieces.append((band, line))
            band += step
            line = [(cut, y)]
        line.append((x1, y1))
        current = target
    pieces.append((current, line))
    return [(band, line) for band, line in pieces if len(line) >= 2]


def fold_layout(layout: Layout, width: float, cuts: Sequence[float] | None = None,
                room: float = float("inf"), first_room: float | None = None,
                badged: Badged = frozenset(),
                needs: Mapping[str, float] | None = None,
                reach: Mapping[str, float] | None = None) -> tuple[FoldedBand, ...] | None:
    """The bands of ``layout`` cut to at most ``width`` units wide and ``room`` tall
    (see :func:`choose_cuts`), each in its own coordinates from the original's top-left;
    None when it cannot be folded (a column wider than ``width``, a band taller than
    ``room``) or needs no fold (it fits in one band)."""
    cuts = list(cuts) if cuts is not None else choose_cuts(layout, width, room, first_room,
                                                           badged, needs, reach)
    if cuts is None or len(cuts) <= 2:
        return None
    lanes = leaves(layout)
    tops = [b.box.y for b in lanes]
    left = content_left(layout)
    top = min((b.box.y for b in layout.lanes), default=0.0)
    count = len(cuts) - 1
    inner = cuts[1:-1]
    shifts = [left - cuts[k] + (ENTRY_ROOM if k else 0.0) for k in range(count)]

    def band_of(x: float) -> int:
        return bisect.bisect_left(inner, x)

    node_band = {}
    held: list[dict[int, list[_Item]]] = [{} for _ in range(count)]
    for node in layout.nodes:
        home = node
        while home.parent and layout.has_node(home.parent):
            home = layout.node(home.parent)
        band = node_band[node.id] = band_of(home.box.cx)
        k = _lane_at(lanes, tops, node.box.cy)
        if k is not None:
            held[band].setdefault(k, []).append(_node_item(node, badged))
    kept_pieces = {}
    for route in layout.routes:
        pieces = _pieces(route.points, cuts) if len(route.points) >= 2 else []
        if len(pieces) > 2 and pieces[0][0] != pieces[-1][0]:
            pieces = [pieces[0], pieces[-1]]       # drawn where it starts and where it ends
        kept_pieces[id(route)] = pieces
        for p, (band, line) in enumerate(pieces):
            for item in _stretches(line, p == 0 and route.label is not None):
                k = _lane_at(lanes, tops, item.y1 - STRETCH_ROOM[1])
                if k is not None:
                    held[band].setdefault(k, []).append(item)
    kept = [{k: _extent(lanes[k], items, (needs or {}).get(lanes[k].id, 0.0))
             for k, items in held[b].items()}
            for b in range(count)]
    holes = [{k: _holes(items, *kept[b][k][:2], (needs or {}).get(lanes[k].id, 0.0))
              for k, items in held[b].items() if kept[b][k] is not None}
             for b in range(count)]
    maps = [_YMap(lanes, kept[b], top, holes[b]) for b in range(count)]
    nodes: list[list[NodeBox]] = [[] for _ in range(count)]
    for node in layout.nodes:
        b = node_band[node.id]
        dx, dy = shifts[b], maps[b](node.box.y) - node.box.y
        nodes[b].append(replace(node, box=node.box.moved(dx, dy),
                                label=node.label.moved(dx, dy) if node.label else None))
    routes: list[list[Route]] = [[] for _ in range(count)]
    marks: list[list[Connector]] = [[] for _ in range(count)]
    number = 0
    for route in layout.routes:
        pieces = kept_pieces.get(id(route), [])
        if len(pieces) == 1:
            band, line = pieces[0]
            routes[band].append(_moved_route(route, line, shifts[band], maps[band]))
            continue
        for p, (band, line) in enumerate(pieces):
            # a piece cut at the band's left edge reaches the edge (past the entry room)
            points = [(left if x == cuts[band] and band else x + shifts[band], maps[band](y))
                      for x, y in line]
            if p > 0:                   # enters the band from the previous piece's mark
                points, mark = _end_mark(points[::-1], str(number), False,
                                         pieces[p - 1][0])
                points = points[::-1]
                marks[band].append(mark)
            if p < len(pieces) - 1:     # leaves the band: ends in a mark at its edge
                number += 1
                points, mark = _end_mark(points, str(number), True, pieces[p + 1][0])
                marks[band].append(mark)
            routes[band].append(replace(route, index=route.index if p == 0 else -1,
                                        points=tuple(points),
                                        label=route.label if p == 0 else None))
    bands = []
    for b in range(count):
        right = left + cuts[b + 1] - cuts[b] + EDGE_ROOM + (ENTRY_ROOM if b else 0.0)
        unnamed = {lanes[k].id: maps[b](part[2]) for k, part in kept[b].items()
                   if part[2] == part[2]}
        data = tuple(replace(d, box=d.box.moved(shifts[b], maps[b](d.box.y) - d.box.y),
                             label=d.label.moved(shifts[b], maps[b](d.box.y) - d.box.y)
                             if d.label else None,
                             points=tuple((x + shifts[b], maps[b](y)) for x, y in d.points))
                     for d in layout.data if node_band.get(d.step) == b)
        lane_boxes, inline = _band_lanes(layout, maps[b], right, b, unnamed)
        bands.append(FoldedBand(
            Layout(tuple(nodes[b]), lane_boxes, tuple(routes[b]), right,
                   maps[b].new_bottom - top, data),
            tuple(marks[b]), cuts[b], cuts[b + 1], inline))
    return tuple(bands)


def _moved_route(route: Route, line, dx: float, ymap) -> Route:
    return replace(route, points=tuple((x + dx, ymap(y)) for x, y in line),
                   label=route.label.moved(dx, ymap(route.label.y) - route.label.y)
                   if route.label else None)


def _end_mark(points: list[tuple[float, float]], label: str, leaving: bool, partner: int
              ) -> tuple[list[tuple[float, float]], Connector]:
    """Shorten a piece's last stretch so that it stops at a mark drawn at its end."""
    (x0, y0), (x1, y1) = points[-2], points[-1]
    r = CONNECTOR_RADIUS
    side = "right" if x1 >= x0 else "left"
    if abs(y1 - y0) < 1e-6:        # along the band: the mark sits at the edge (on the
        #                            right in the room kept past the last column)
        cx = x1 + EDGE_ROOM - r - 2 if side == "right" else x1 + (r + 2)
        end = (cx - r, y1) if side == "right" else (cx + r, y1)
        return [*points[:-1], end], Connector(cx, y1, label, leaving, side, partner)
    return points, Connector(x1, y1, label, leaving, side, partner)


def _band_lanes(layout: Layout, ymap, right: float, k: int, unnamed: dict[str, float]
                ) -> tuple[tuple[LaneBand, ...], tuple[tuple[float, float, str], ...]]:
    """The lanes of band ``k``; a lane that holds only flows passing along it keeps its
    name in ``inline`` (written in the lane, too thin for its header strip)."""
    from ..layout import LABEL_STRIP

    out, inline = [], []
    kept = [b for b in layout.lanes if ymap(b.box.bottom) - ymap(b.box.y) >= 1e-6]
    children: dict[str | None, list[LaneBand]] = {}
    for band in kept:
        children.setdefault(band.parent, []).append(band)

    def thin(band: LaneBand) -> bool:     # only lanes of flows passing along, inside
        below = children.get(band.id, [])
        return band.id in unnamed if not below else all(thin(b) for b in below)

    for band in kept:
        y0, y1 = ymap(band.box.y), ymap(band.box.bottom)
        box = Box(band.box.x, y0, right - band.box.x, y1 - y0)
        ident = band.id if k == 0 else f"{band.id}.{k + 1}"
        parent = band.parent if k == 0 or band.parent is None else f"{band.parent}.{k + 1}"
        out.append(replace(band, id=ident, box=box, parent=parent,
                           name="" if thin(band) else band.name))
        if band.id in unnamed:
            names, up = [band.name], band.parent
            while up is not None:
                outer = layout.lane(up)
                if thin(outer) and outer.name and not outer.synthetic:
                    names.insert(0, outer.name)
                up = outer.parent
            inline.append((box.x + LABEL_STRIP + 4, unnamed[band.id], " \u00b7 ".join(names)))
    return tuple(out), tuple(inline)


def paint_band(axes, process, band: FoldedBand, *, dx: float = 0.0, dy: float = 0.0,
               prefix: str = "",
               pages: dict[int, int] | None = None, index: int = 0, **scene) -> None:
    """Paint one band of a folded picture ``dx`` units right and ``dy`` down: the
    process's part in it
    (``scene``: the other arguments of :class:`~bpmodel.render.painter.Scene`), its
    continuation marks and the names of its thin lanes. ``pages`` gives the page of
    each band (by index; this one is ``index``), so that a mark whose flow continues on
    another page says which."""
    from .fonts import FAMILY
    from .painter import MUTED, Scene, paint

    paint(axes, Scene(process, band.layout, dx=dx, dy=dy, prefix=prefix, **scene))
    own = (pages or {}).get(index)
    paint_connectors(axes, band.connectors, dx, dy, prefix,
                     {k: p for k, p in (pages or {}).items() if p != own}, band.layout)
    for x, y, name in band.inline:
        x = inline_x(x, y, band.connectors)
        axes.text(x + dx, y + dy, inline_name(name, band.box.right - x - 4), fontsize=7.5,
                  fontfamily=FAMILY, fontstyle="italic", ha="left", va="top", color=MUTED,
                  zorder=2)


def inline_x(x: float, y: float, marks: Iterable[Connector], size: float = 7.5) -> float:
    """Where the name of a thin lane starts (its top at ``y``): at ``x``, or right of
    the continuation marks on the band's left edge it would else be written over.

    >>> inline_x(40.0, 100.0, [Connector(45.0, 105.0, "2", False, "left", 0)])
    58.0
    >>> inline_x(40.0, 100.0, [Connector(45.0, 160.0, "2", False, "left", 0)])
    40.0
    """
    from .fonts import LINE_SPACING
    from .painter import PT

    bottom = y + size * LINE_SPACING / PT
    r = CONNECTOR_RADIUS
    for mark in sorted(marks, key=lambda m: m.x):
        if mark.side == "left" and mark.y + r > y and mark.y - r < bottom \
                and mark.x - r < x + 4:
            x = max(x, mark.x + r + 4)
    return x


def inline_name(name: str, room: float, size: float = 7.5) -> str:
    """The name of a thin lane as written in it, within ``room`` units: whole
    (``agency \u00b7 lane``), else the lane's own name, else that name cut short.

    >>> inline_name("Environment Agency \u00b7 Environment unit", 500)
    'Environment Agency \u00b7 Environment unit'
    >>> inline_name("Environment Agency \u00b7 Environment unit", 120)
    'Environment unit'
    """
    from .fonts import ELLIPSIS, text_width
    from .painter import PT

    for text in (name, name.split(" \u00b7 ")[-1]):
        if text_width(text, size) / PT <= room:
            return text
    text = name.split(" \u00b7 ")[-1]
    while text and text_width(text + ELLIPSIS, size) / PT > room:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def note_spot(mark: Connector, width: float, height: float, layout: Layout | None = None,
              avoid: Sequence[Box] = ()) -> Box:
    """Where a mark's "p. N" note goes (units, before any shift): under the mark, else
    over it, else under what it would cover, else over it (a mark beside a task that
    fills its band), the first that is clear of the shapes,
    names and flows of ``layout`` and of the boxes to ``avoid`` (the other marks and
    notes) and stays in its lanes; under the mark when none is. The note's edge lines
    up with the mark's outer edge, so it stays inside the band.

    >>> mark = Connector(100.0, 50.0, "1", True, "right", 2)
    >>> note_spot(mark, 20.0, 9.0)
    Box(x=89.0, y=61.0, width=20.0, height=9.0)
    >>> task = NodeBox("t", Box(0.0, 55.0, 95.0, 30.0), "task")    # its corner is under the mark
    >>> frame = LaneBand("l", "L", Box(0.0, 0.0, 120.0, 100.0), "lane")
    >>> note_spot(mark, 20.0, 9.0, Layout((task,), (frame,), (), 120.0, 100.0))
    Box(x=89.0, y=30.0, width=20.0, height=9.0)
    >>> tall = NodeBox("t", Box(0.0, 20.0, 95.0, 60.0), "task")   # no room under it either
    >>> frame = LaneBand("l", "L", Box(0.0, 0.0, 120.0, 88.0), "lane")
    >>> note_spot(mark, 20.0, 9.0, Layout((tall,), (frame,), (), 120.0, 88.0))
    Box(x=89.0, y=10.0, width=20.0, height=9.0)
    """
    r = CONNECTOR_RADIUS
    x = {"left": mark.x - r, "right": mark.x + r - width}.get(mark.side, mark.x - width / 2)
    under = Box(x, mark.y + r + 2, width, height)
    if layout is None:
        return under
    things = [b for n in layout.nodes for b in (n.box, n.label) if b is not None]
    things += avoid
    top = min((lane.box.y for lane in layout.lanes), default=float("-inf"))
    bottom = max((lane.box.bottom for lane in layout.lanes), default=float("inf"))

    def clear(spot: Box) -> bool:
        return top <= spot.y and spot.bottom <= bottom \
            and not any(overlaps(spot, b) for b in things) \
            and not any(crosses(route.points, spot) for route in layout.routes)

    over = Box(x, mark.y - r - 2 - height, width, height)
    below, above = under, over  # else under, or over, the shapes and names it would cover
    for _step in range(3):
        covered = [b.bottom for b in things if overlaps(below, b)]
        if not covered:
            break
        below = below.moved(0, max(covered) + 1 - below.y)
    for _step in range(3):
        covered = [b.y for b in things if overlaps(above, b)]
        if not covered:
            break
        above = above.moved(0, min(covered) - 1 - above.bottom)
    return next((spot for spot in (under, over, below, above) if clear(spot)), under)


def paint_connectors(axes, connectors: Iterable[Connector], dx: float = 0.0,
                     dy: float = 0.0, prefix: str = "", pages: dict[int, int] | None = None,
                     layout: Layout | None = None) -> None:
    """Draw continuation marks: a circle with the flow's number; a mark whose flow
    continues in a band of ``pages`` (band index -> page number) says on which page,
    in a note put clear of what ``layout`` (the band's) draws when it can be."""
    from .fonts import FAMILY, LINE_SPACING, text_width
    from .painter import INK, MUTED, PT

    connectors = list(connectors)
    r = CONNECTOR_RADIUS
    taken = [Box(m.x - r, m.y - r, 2 * r, 2 * r) for m in connectors]    # marks, notes
    for mark in connectors:
        x, y = mark.x + dx, mark.y + dy
        axes.circle(x, y, CONNECTOR_RADIUS, face="#FFFFFF", edge=INK, width=1.1, zorder=5,
                    gid=f"{prefix}cont-{mark.label}{'-out' if mark.leaving else '-in'}")
        axes.text(x, y, mark.label, fontsize=CONNECTOR_SIZE, fontfamily=FAMILY,
                  fontweight="bold", ha="center", va="center", color=INK, zorder=6)
        if pages and pages.get(mark.partner):
            note = _("p. {page}").format(page=pages[mark.partner])
            own = Box(mark.x - r, mark.y - r, 2 * r, 2 * r)
            spot = note_spot(mark, text_width(note, NOTE_SIZE) / PT,
                             NOTE_SIZE * LINE_SPACING / PT, layout,
                             [b for b in taken if b != own])
            taken.append(spot)
            axes.text(spot.x + dx, spot.y + dy, note, fontsize=NOTE_SIZE, fontfamily=FAMILY,
                      ha="left", va="top", color=MUTED, zorder=6)
