"""A drawing surface of our own: what a picture is made of, as immutable records.

The painter and the pages draw onto a :class:`Canvas` instead of onto matplotlib
artists; a backend then writes the records: :mod:`bpmodel.render.svg` writes SVG
without importing matplotlib, :mod:`bpmodel.render.replay` replays them onto a
matplotlib figure for PNG and PDF. Coordinates are layout units (y down, :data:`UNIT`
inches each); font sizes and line widths are points at the natural size,
as matplotlib takes them. Records are kept in drawing order; a backend draws them by
``zorder``, the earlier first among equals (as matplotlib does).

>>> canvas = Canvas(Box(0, 0, 200, 100))
>>> canvas.rect(10, 10, 100, 40, face="#FFFFFF", edge="#222222", width=1.3, gid="step-a")
>>> _ = canvas.text(60, 30, "Sign", fontsize=8, ha="center", va="center", gid="name-a")
>>> [type(r).__name__ for r in canvas.records], canvas.texts()[0].size
(['Shape', 'Text'], 8.0)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..layout import Box

Point = tuple[float, float]
UNIT = 0.01                 # inches per layout unit
PT = UNIT * 72              # points per layout unit


@dataclass(frozen=True, slots=True)
class Fill:
    """How a shape is filled and outlined: ``face``/``edge`` are colours or None (no
    fill, no outline); ``line`` a matplotlib line style (``-``, ``--``, ``-.``, ``:``)
    or a dash pattern in line widths; ``hatch`` a matplotlib hatch (``///``, ``..``)."""

    face: str | None = "#FFFFFF"
    edge: str | None = "#222222"
    width: float = 1.0
    line: str | tuple[float, ...] = "-"
    hatch: str | None = None
    hatch_colour: str | None = None
    alpha: float = 1.0
    join: str = "miter"


@dataclass(frozen=True, slots=True)
class Shape:
    """A closed shape: ``rect`` (``x, y, w, h`` in ``box``, corners rounded by
    ``rounding`` units), ``circle`` (centre and radius in ``box``: x, y, r, r) or
    ``polygon`` (``points``); ``title`` is what it stands for, in words (a step's
    name: shown when the pointer rests on it, read by screen readers)."""

    kind: str
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    points: tuple[Point, ...] = ()
    rounding: float = 0.0
    fill: Fill = Fill()
    zorder: float = 1.0
    gid: str | None = None
    title: str | None = None

    def bounds(self) -> tuple[float, float, float, float]:
        """(left, top, right, bottom) in layout units."""
        if self.kind == "polygon":
            xs = [p[0] for p in self.points]
            ys = [p[1] for p in self.points]
            return min(xs), min(ys), max(xs), max(ys)
        x, y, w, h = self.box
        if self.kind == "circle":
            return x - w, y - w, x + w, y + w
        return x, y, x + w, y + h


@dataclass(frozen=True, slots=True)
class Lines:
    """Open polylines of one style (the flows of a kind, the strokes of the markers)."""

    lines: tuple[tuple[Point, ...], ...]
    colour: str
    width: float
    line: str | tuple[float, ...] = "-"
    zorder: float = 1.0
    join: str = "round"

    def bounds(self) -> tuple[float, float, float, float]:
        return _bounds(self.lines)


@dataclass(frozen=True, slots=True)
class Polygons:
    """Several closed polygons of one style (arrowheads)."""

    polygons: tuple[tuple[Point, ...], ...]
    face: str | None
    edge: str | None
    width: float
    zorder: float = 1.0

    def bounds(self) -> tuple[float, float, float, float]:
        return _bounds(self.polygons)


def _bounds(runs) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of runs of points."""
    xs = [x for run in runs for x, _ in run]
    ys = [y for run in runs for _, y in run]
    return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True, slots=True)
class TextBox:
    """The box behind a text: ``square`` or ``round``, ``pad`` in font sizes."""

    style: str = "square"
    pad: float = 0.1
    face: str | None = "#FFFFFF"
    edge: str | None = None
    width: float = 0.0
    alpha: float = 1.0


@dataclass(frozen=True, slots=True)
class Text:
    """Text at (x, y), anchored by ``ha`` (left, center, right) and ``va`` (top, center,
    bottom, baseline); its lines aligned by ``align``; turned ``rotation`` degrees
    counter-clockwise round its anchor. ``clip``: cut at the edge of the view (texts
    are not, by default, as in matplotlib)."""

    x: float
    y: float
    text: str
    size: float
    colour: str = "#222222"
    weight: str = "normal"
    style: str = "normal"
    family: str = "DejaVu Sans"
    ha: str = "left"
    va: str = "baseline"
    align: str | None = None
    rotation: float = 0.0
    spacing: float = 1.2
    zorder: float = 3.0
    gid: str | None = None
    box: TextBox | None = None
    clip: bool = False

    @property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @property
    def bold(self) -> bool:
        return self.weight in ("bold", "heavy", "semibold", "demibold", "black", "extra bold") \
            or (self.weight.isdigit() and int(self.weight) >= 600)


Record = Shape | Lines | Polygons | Text


def _text_box(bbox: dict | None) -> TextBox | None:
    """A matplotlib ``bbox`` dict as a :class:`TextBox`.

    >>> _text_box({"boxstyle": "round,pad=0.25", "facecolor": "#FFF", "edgecolor": "#000",
    ...            "linewidth": 1.2})
    TextBox(style='round', pad=0.25, face='#FFF', edge='#000', width=1.2, alpha=1.0)
    """
    if bbox is None:
        return None
    style, _, rest = str(bbox.get("boxstyle", "square,pad=0.3")).partition(",")
    pad = 0.3
    for part in rest.split(","):
        key, _, value = part.partition("=")
        if key.strip() == "pad":
            pad = float(value)
    edge = bbox.get("edgecolor", "#000000")
    width = float(bbox.get("linewidth", 1.0))
    return TextBox(style.strip(), pad, _colour(bbox.get("facecolor", "#FFFFFF")),
                   None if width == 0 else _colour(edge), width,
                   float(bbox.get("alpha") or 1.0))


def _colour(value) -> str | None:
    return None if value in (None, "none", "None") else str(value)


class Canvas:
    """Records what is drawn, in order, over ``frame`` (layout units).

    The method names and keywords follow matplotlib's where the drawing code used
    them (``text(x, y, s, fontsize=..., ha=...)``), so that it reads as before."""

    def __init__(self, frame: Box):
        self.frame = frame
        self.records: list[Record] = []

    def add(self, record: Record) -> Record:
        self.records.append(record)
        return record

    def text(self, x: float, y: float, s: str, *, fontsize: float = 10.0,
             color: str = "#000000", fontweight: str = "normal",
             fontstyle: str = "normal", fontfamily: str = "DejaVu Sans",
             ha: str = "left", va: str = "baseline", multialignment: str | None = None,
             rotation: float = 0.0, linespacing: float = 1.2, zorder: float = 3.0,
             gid: str | None = None, bbox: dict | None = None, clip_on: bool = False,
             rotation_mode: str = "anchor") -> Text:
        """Write ``s`` (lines split at ``\\n``); keywords as matplotlib's ``Axes.text``.
        Turned text is always turned round its anchor (``rotation_mode="anchor"``)."""
        return self.add(Text(x, y, str(s), float(fontsize), color, str(fontweight),
                             fontstyle, fontfamily, ha, va, multialignment,
                             float(rotation), linespacing, zorder, gid, _text_box(bbox),
                             clip_on))

    def rect(self, x: float, y: float, w: float, h: float, *, face: str | None = "#FFFFFF",
             edge: str | None = "#222222", width: float = 1.0, line="-",
             hatch: str | None = None, hatch_colour: str | None = None,
             rounding: float = 0.0, zorder: float = 1.0, gid: str | None = None,
             title: str | None = None) -> None:
        """A rectangle with its top-left corner at (x, y), corners rounded by
        ``rounding`` units."""
        self.add(Shape("rect", (x, y, w, h), rounding=rounding,
                       fill=Fill(_colour(face), _colour(edge), width, line, hatch,
                                 hatch_colour),
                       zorder=zorder, gid=gid, title=title))

    def circle(self, cx: float, cy: float, r: float, *, face: str | None = "#FFFFFF",
               edge: str | None = "#222222", width: float = 1.0, line="-",
               hatch: str | None = None, hatch_colour: str | None = None,
               zorder: float = 1.0, gid: str | None = None, title: str | None = None) -> None:
        self.add(Shape("circle", (cx, cy, r, r),
                       fill=Fill(_colour(face), _colour(edge), width, line, hatch,
                                 hatch_colour),
                       zorder=zorder, gid=gid, title=title))

    def polygon(self, points: Iterable[Point], *, face: str | None = "#FFFFFF",
                edge: str | None = "#222222", width: float = 1.0, line="-",
                hatch: str | None = None, hatch_colour: str | None = None,
                zorder: float = 1.0, gid: str | None = None,
                title: str | None = None) -> None:
        self.add(Shape("polygon", points=tuple((float(x), float(y)) for x, y in points),
                       fill=Fill(_colour(face), _colour(edge), width, line, hatch,
                                 hatch_colour),
                       zorder=zorder, gid=gid, title=title))

    def regular_polygon(self, cx: float, cy: float, corners: int, radius: float,
                        orientation: float = 0.0, **style) -> None:
        """A regular polygon as matplotlib's ``RegularPolygon`` places it (on a y-down
        picture: its first corner straight down for ``orientation`` 0)."""
        angles = [2 * math.pi * k / corners + math.pi / 2 + orientation
                  for k in range(corners)]
        self.polygon([(cx + radius * math.cos(a), cy + radius * math.sin(a))
                      for a in angles], **style)

    def lines(self, lines: Sequence[Sequence[Point]], *, colour: str, width: float,
              line="-", zorder: float = 1.0, join: str = "round") -> None:
        if lines:
            self.add(Lines(tuple(tuple((float(x), float(y)) for x, y in points)
                                 for points in lines), colour, width, line, zorder, join))

    def polygons(self, polygons: Sequence[Sequence[Point]], *, face: str | None,
                 edge: str | None, width: float, zorder: float = 1.0) -> None:
        if polygons:
            self.add(Polygons(tuple(tuple((float(x), float(y)) for x, y in poly)
                                    for poly in polygons), _colour(face), _colour(edge),
                              width, zorder))

    def get_children(self) -> list[Record]:
        """The records drawn so far (matplotlib's name: the blocks of a folded picture
        find what each one drew by it)."""
        return list(self.records)

    def texts(self) -> list[Text]:
        return [r for r in self.records if isinstance(r, Text)]


def scaled(record: Record, scale: float) -> Record:
    """A record with its font size and line widths ``scale`` times as large (drawn on a
    page at that scale); its place stays in layout units.

    >>> scaled(Text(0, 0, "a", 8.0), 0.5).size
    4.0
    """
    from dataclasses import replace

    if scale == 1.0:
        return record
    if isinstance(record, Text):
        box = record.box and replace(record.box, width=record.box.width * scale)
        return replace(record, size=record.size * scale, box=box)
    if isinstance(record, Shape):
        return replace(record, fill=replace(record.fill, width=record.fill.width * scale))
    return replace(record, width=record.width * scale)


def in_view(record: Record, view: Box) -> bool:
    """Whether a record shows in ``view`` (layout units): a text when its anchor lies in
    it, anything else when its bounds meet it."""
    if isinstance(record, Text):
        return view.x - 1 <= record.x <= view.right + 1 \
            and view.y - 1 <= record.y <= view.bottom + 1
    left, top, right, bottom = record.bounds()
    return left <= view.right and right >= view.x and top <= view.bottom and bottom >= view.y


def by_zorder(records: Iterable[Record]) -> list[Record]:
    """The records in the order they are drawn: by zorder, the earlier first among
    equals."""
    return sorted(records, key=lambda r: r.zorder)


# where matplotlib puts the lines of a text (DejaVu Sans, ems of its size): the first
# baseline under the top and the last baseline over the bottom, for one line and for
# several, and the distance between baselines at a line spacing of 1.2
ONE_LINE = (0.759844, 0.240156)
SEVERAL_LINES = (0.859941, 0.340332)
LINE_STEP = 1.200273


@dataclass(frozen=True, slots=True)
class TextLayout:
    """Where the lines of a text go, in points, relative to its anchor and before it is
    turned (y down): the block's left and top edge, its width and height, the first
    baseline under the top, the distance between baselines and each line's width."""

    left: float
    top: float
    width: float
    height: float
    first: float
    step: float
    widths: tuple[float, ...]


def text_layout(text: Text, size: float | None = None) -> TextLayout:
    """The lines of ``text`` laid out as matplotlib lays them out, at ``size`` points
    (its own size by default).

    >>> layout = text_layout(Text(0, 0, "Sign\\nnow", 10, va="top", ha="center"))
    >>> round(layout.height, 2), round(layout.first, 2), round(layout.left, 2)
    (24.01, 8.6, -10.91)
    """
    from .fonts import text_width

    size = text.size if size is None else size
    lines = text.lines
    first, descent = ONE_LINE if len(lines) == 1 else SEVERAL_LINES
    step = LINE_STEP * text.spacing / 1.2 * size
    height = (first + descent) * size + (len(lines) - 1) * step
    top = {"top": 0.0, "center": -height / 2, "bottom": -height,
           "baseline": -(first * size + (len(lines) - 1) * step)}.get(text.va, 0.0)
    widths = tuple(text_width(line, size, text.bold) for line in lines)
    width = max(widths, default=0.0)
    left = {"left": 0.0, "center": -width / 2, "right": -width}.get(text.ha, 0.0)
    return TextLayout(left, top, width, height, first * size, step, widths)


def text_extent(text: Text) -> Box:
    """The rectangle (layout units) a text covers on its canvas, its box (a badge's
    frame, a label's background) included, turned with it.

    >>> box = text_extent(Text(100, 50, "Sign", 7.2, ha="center", va="center"))
    >>> round(box.width, 1), round(box.height, 1), round(box.cx), round(box.cy)
    (21.8, 10.0, 100, 50)
    """
    layout = text_layout(text)
    pad = text.box.pad * text.size if text.box is not None else 0.0
    x0, y0 = layout.left - pad, layout.top - pad
    x1, y1 = layout.left + layout.width + pad, layout.top + layout.height + pad
    corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    if text.rotation:
        a = math.radians(text.rotation)     # counter-clockwise on a y-down page
        corners = [(x * math.cos(a) + y * math.sin(a), -x * math.sin(a) + y * math.cos(a))
                   for x, y in corners]
    xs = [text.x + x / PT for x, _ in corners]
    ys = [text.y + y / PT for _, y in corners]
    return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def overlaps(a: Box, b: Box) -> bool:
    """Whether two rectangles share more than an edge.

    >>> overlaps(Box(0, 0, 10, 10), Box(5, 5, 10, 10))
    True
    >>> overlaps(Box(0, 0, 10, 10), Box(10, 0, 5, 5))
    False
    """
    return a.x < b.right and b.x < a.right and a.y < b.bottom and b.y < a.bottom


DASHES = {"--": (3.7, 1.6), "-.": (6.4, 1.6, 1.0, 1.6), ":": (1.0, 1.65),
          "dashed": (3.7, 1.6), "dashdot": (6.4, 1.6, 1.0, 1.6), "dotted": (1.0, 1.65)}


def dashes(line, width: float) -> tuple[float, ...] | None:
    """The dash pattern (points) of a line style at line ``width``, None for solid: the
    patterns of matplotlib, scaled by the width as it scales them.

    >>> dashes("--", 2.0), dashes("-", 1.0), dashes((0, (5, 3)), 1.0)
    ((7.4, 3.2), None, (5.0, 3.0))
    """
    if isinstance(line, tuple):
        pattern = line[1] if len(line) == 2 and isinstance(line[1], tuple) else line
    else:
        pattern = DASHES.get(line)
    if not pattern:
        return None
    scale = width if width > 0 else 1.0
    return tuple(round(p * scale, 6) for p in pattern)
