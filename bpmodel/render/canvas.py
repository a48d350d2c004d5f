"""A drawing surface of our own: what a picture is made of, as immutable records.

The painter and the pages draw onto a :class:`Canvas` instead of onto matplotlib
artists; a backend then writes the records: :mod:`bpmodel.render.svg` writes SVG
without importing matplotlib, :mod:`bpmodel.render.replay` replays them onto a
matplotlib figure for PNG and PDF. Coordinates are layout units (y down, see
:data:`~.painter.UNIT`); font sizes and line widths are points at the natural size,
as matplotlib takes them. Records are kept in drawing order; a backend draws them by
``zorder``, the earlier first among equals (as matplotlib does).

>>> canvas = Canvas(Box(0, 0, 200, 100))
>>> canvas.rect(10, 10, 100, 40, face="#FFFFFF", edge="#222222", width=1.3, gid="step-a")
>>> canvas.text(60, 30, "Sign", fontsize=8, ha="center", va="center", gid="name-a")
>>> [type(r).__name__ for r in canvas.records], canvas.texts()[0].size
(['Shape', 'Text'], 8)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..layout import Box

Point = tuple[float, float]


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
    ``polygon`` (``points``)."""

    kind: str
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)
    points: tuple[Point, ...] = ()
    rounding: float = 0.0
    fill: Fill = Fill()
    zorder: float = 1.0
    gid: str | None = None

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
        xs = [x for line in self.lines for x, _ in line]
        ys = [y for line in self.lines for _, y in line]
        return min(xs), min(ys), max(xs), max(ys)


@dataclass(frozen=True, slots=True)
class Polygons:
    """Several closed polygons of one style (arrowheads)."""

    polygons: tuple[tuple[Point, ...], ...]
    face: str | None
    edge: str | None
    width: float
    zorder: float = 1.0

    def bounds(self) -> tuple[float, float, float, float]:
        xs = [x for poly in self.polygons for x, _ in poly]
        ys = [y for poly in self.polygons for _, y in poly]
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
        return self.weight in ("bold", "heavy", "semibold", "demibold", "black", 600, 700)


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
             rounding: float = 0.0, zorder: float = 1.0, gid: str | None = None) -> None:
        """A rectangle with its top-left corner at (x, y), corners rounded by
        ``rounding`` units."""
        self.add(Shape("rect", (x, y, w, h), rounding=rounding,
                       fill=Fill(_colour(face), _colour(edge), width, line, hatch,
                                 hatch_colour),
                       zorder=zorder, gid=gid))

    def circle(self, cx: float, cy: float, r: float, *, face: str | None = "#FFFFFF",
               edge: str | None = "#222222", width: float = 1.0, line="-",
               hatch: str | None = None, hatch_colour: str | None = None,
               zorder: float = 1.0, gid: str | None = None) -> None:
        self.add(Shape("circle", (cx, cy, r, r),
                       fill=Fill(_colour(face), _colour(edge), width, line, hatch,
                                 hatch_colour),
                       zorder=zorder, gid=gid))

    def polygon(self, points: Iterable[Point], *, face: str | None = "#FFFFFF",
                edge: str | None = "#222222", width: float = 1.0, line="-",
                hatch: str | None = None, hatch_colour: str | None = None,
                zorder: float = 1.0, gid: str | None = None) -> None:
        self.add(Shape("polygon", points=tuple((float(x), float(y)) for x, y in points),
                       fill=Fill(_colour(face), _colour(edge), width, line, hatch,
                                 hatch_colour),
                       zorder=zorder, gid=gid))

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
