"""Writing a :class:`~.canvas.Canvas` as SVG 1.1, without matplotlib.

One page is one ``<svg>`` of the page's size (points), its drawing the records that
show on it, mapped from layout units to the page: a text is ``<text>`` (one per line,
in the font stack :data:`~.fonts.SVG_FONT_STACK`, named once on the page), a shape a
``<path>`` (hatches as ``<pattern>``), and a record with an id sits in a
``<g id=...>`` (``step-<id>``, ``name-<id>``...), as matplotlib wrote them, so the
pictures can be checked and styled.
Text is placed with the metrics matplotlib uses for DejaVu Sans, so a PNG (drawn by
matplotlib, :mod:`~.replay`) and the SVG agree. The same records give the same bytes.

>>> from bpmodel.layout import Box
>>> from bpmodel.render.canvas import Canvas
>>> canvas = Canvas(Box(0, 0, 100, 50))
>>> _ = canvas.text(50, 25, "Sign & send", fontsize=8, ha="center", va="center", gid="name-a")
>>> svg = page_svg(canvas.records, SvgPage((1.0, 0.5), Box(0, 0, 100, 50), 1.0), "Demo")
>>> '<g id="name-a"><text style="white-space: pre; font-size: 8px' in svg
True
>>> 'x="36" y="20.08">Sign &amp; send</text>' in svg
True
>>> svg.count("<title>")
1
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax import saxutils

from ..layout import Box
from .canvas import (
    UNIT,
    Fill,
    Lines,
    Polygons,
    Record,
    Shape,
    Text,
    by_zorder,
    dashes,
    text_layout,
)
from .fonts import SVG_FONT_STACK, SVG_MONO_FONT_STACK

HATCH_DENSITY = 6        # lines an inch for each character of a hatch, as matplotlib
HATCH_WIDTH = 1.0        # points at the natural size (matplotlib's hatch.linewidth)
ANCHORS = {"left": "start", "center": "middle", "right": "end"}


@dataclass(frozen=True)
class SvgPage:
    """A page: its ``size`` (inches), the part of the drawing it shows (``view``, layout
    units) at ``scale``, its top-left corner ``margin`` inches in; ``clip`` cuts what
    passes the view's edge (a tile of a larger drawing)."""

    size: tuple[float, float]
    view: Box
    scale: float
    margin: float = 0.0
    clip: bool = False


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def escape(text: str) -> str:
    """Text as XML character data: markup escaped, characters XML forbids (control
    characters a pasted SOP may hold) dropped.

    >>> escape("A & B <x>\x0c")
    'A &amp; B &lt;x&gt;'
    """
    return saxutils.escape(_NOT_XML.sub("", text))


def quoteattr(text: str) -> str:
    """Text as a quoted XML attribute value (see :func:`escape`)."""
    return saxutils.quoteattr(_NOT_XML.sub("", text))


def _num(value: float) -> str:
    """A coordinate as written: at most two decimals, no trailing zeros.

    >>> _num(12.0), _num(3.14159), _num(-0.001)
    ('12', '3.14', '0')
    """
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class _Writer:
    def __init__(self, page: SvgPage):
        self.page = page
        self.k = page.scale * UNIT * 72           # points a layout unit
        self.ox = page.margin * 72 - page.view.x * self.k
        self.oy = page.margin * 72 - page.view.y * self.k
        self.patterns: dict[tuple, str] = {}

    def x(self, x: float) -> str:
        return _num(self.ox + x * self.k)

    def y(self, y: float) -> str:
        return _num(self.oy + y * self.k)

    def xy(self, point) -> str:
        return f"{self.x(point[0])} {self.y(point[1])}"

    def width(self, width: float) -> float:
        return width * self.page.scale

    # -- shapes ------------------------------------------------------------------------------
    def stroke(self, colour: str | None, width: float, line, join: str) -> str:
        if not colour or width <= 0:
            return "stroke: none"
        w = self.width(width)
        out = [f"stroke: {colour.lower()}", f"stroke-width: {_num(max(w, 0.01))}"]
        dash = dashes(line, w)
        if dash:
            out.append("stroke-dasharray: " + ",".join(_num(d) for d in dash))
        if join != "miter":       # SVG's default (matplotlib's is round)
            out.append(f"stroke-linejoin: {join}")
        return "; ".join(out)

    def fill_style(self, fill: Fill) -> str:
        if fill.hatch:
            face = f"url(#{self.pattern(fill)})"
        else:
            face = fill.face.lower() if fill.face else "none"
        style = f"fill: {face}; " + self.stroke(fill.edge, fill.width, fill.line, fill.join)
        if fill.alpha != 1.0:
            style += f"; opacity: {_num(fill.alpha)}"
        return style

    def pattern(self, fill: Fill) -> str:
        colour = (fill.hatch_colour or fill.edge or "#000000").lower()
        key = (fill.hatch, (fill.face or "none").lower(), colour)
        if key not in self.patterns:
            self.patterns[key] = f"h{len(self.patterns) + 1}"
        return self.patterns[key]

    def shape_path(self, shape: Shape) -> str:
        if shape.kind == "polygon":
            return "M " + " L ".join(self.xy(p) for p in shape.points) + " z"
        x, y, w, h = shape.box
        if shape.kind == "circle":
            return self.circle_path(x, y, w)
        r = min(shape.rounding, w / 2, h / 2)
        if r <= 0:
            return (f"M {self.xy((x, y))} L {self.xy((x + w, y))} L {self.xy((x + w, y + h))}"
                    f" L {self.xy((x, y + h))} z")
        right, bottom = x + w, y + h
        return (f"M {self.xy((x + r, y))} L {self.xy((right - r, y))} "
                f"Q {self.xy((right, y))} {self.xy((right, y + r))} "
                f"L {self.xy((right, bottom - r))} "
                f"Q {self.xy((right, bottom))} {self.xy((right - r, bottom))} "
                f"L {self.xy((x + r, bottom))} Q {self.xy((x, bottom))} {self.xy((x, bottom - r))} "
                f"L {self.xy((x, y + r))} Q {self.xy((x, y))} {self.xy((x + r, y))} z")

    def circle_path(self, cx: float, cy: float, r: float) -> str:
        """A circle as four cubic curves (every number a coordinate pair)."""
        c = r * 0.5522847
        curves = (((cx + c, cy - r), (cx + r, cy - c), (cx + r, cy)),
                  ((cx + r, cy + c), (cx + c, cy + r), (cx, cy + r)),
                  ((cx - c, cy + r), (cx - r, cy + c), (cx - r, cy)),
                  ((cx - r, cy - c), (cx - c, cy - r), (cx, cy - r)))
        return f"M {self.xy((cx, cy - r))} " + " ".join(
            "C " + " ".join(self.xy(p) for p in curve) for curve in curves) + " z"

    def record(self, record: Record) -> str:
        if isinstance(record, Text):
            return self.text(record)
        if isinstance(record, Shape):
            body = (f'<path d="{self.shape_path(record)}" '
                    f'style="{self.fill_style(record.fill)}"/>')
        elif isinstance(record, Lines):
            d = " ".join("M " + " L ".join(self.xy(p) for p in line) for line in record.lines)
            body = (f'<path d="{d}" style="fill: none; '
                    f'{self.stroke(record.colour, record.width, record.line, record.join)}"/>')
        elif isinstance(record, Polygons):
            d = " ".join("M " + " L ".join(self.xy(p) for p in poly) + " z"
                         for poly in record.polygons)
            face = record.face.lower() if record.face else "none"
            body = (f'<path d="{d}" style="fill: {face}; '
                    f'{self.stroke(record.edge, record.width, "-", "round")}"/>')
        else:
            raise TypeError(f"not a record: {record!r}")
        gid = getattr(record, "gid", None)
        title = getattr(record, "title", None)
        if title:       # shown when the pointer rests on the shape, read by screen readers
            body = f"<title>{escape(' '.join(title.split()))}</title>{body}"
        if gid:
            return f"<g id={quoteattr(gid)}>{body}</g>"
        return f"<g>{body}</g>" if title else body

    # -- text -------------------------------------------------------------------------------
    def text(self, text: Text, page_points: bool = False) -> str:
        """A text record; ``page_points``: its x, y are points on the page and its size
        is not scaled (page headers and footers)."""
        scale = 1.0 if page_points else self.page.scale
        if page_points:
            ax, ay = text.x, text.y
        else:
            ax, ay = self.ox + text.x * self.k, self.oy + text.y * self.k
        size = text.size * scale
        layout = text_layout(text, size)
        top, left, block, height = layout.top, layout.left, layout.width, layout.height
        align = text.align or text.ha
        mono = "Mono" in text.family
        # spaces kept (the columns of a table): browsers do not heed xml:space; the
        # sans-serif stack is the page's (see page_svg), a monospaced one the text's own
        style = ["white-space: pre", f"font-size: {_num(size)}px"]
        if mono:
            style.append(f"font-family: {SVG_MONO_FONT_STACK}")
        if text.colour.lower() not in ("#000000", "black", "k"):
            style.append(f"fill: {text.colour.lower()}")
        if text.bold:
            style.append("font-weight: bold")
        if text.style != "normal":
            style.append(f"font-style: {text.style}")
        parts = []
        if text.box is not None:
            parts.append(self.text_box(text, ax + left, ay + top, block, height, size,
                                       scale))
        for k, (line, width) in enumerate(zip(text.lines, layout.widths)):
            if not line:
                continue
            y = ay + top + layout.first + k * layout.step
            if align == text.ha:       # the line's own anchor: exact in any font
                x, anchor = ax, ANCHORS.get(align, "start")
            else:
                x = ax + left + {"center": (block - width) / 2,
                                 "right": block - width}.get(align, 0.0)
                anchor = "start"
            line_style = "; ".join(style + ([f"text-anchor: {anchor}"]
                                            if anchor != "start" else []))
            parts.append(f'<text style="{line_style}" x="{_num(x)}" y="{_num(y)}">'
                         f"{escape(line)}</text>")
        body = "".join(parts)
        if text.rotation:
            body = f'<g transform="rotate({_num(-text.rotation)} {_num(ax)} {_num(ay)})">{body}</g>'
        return f"<g id={quoteattr(text.gid)}>{body}</g>" if text.gid else body

    def text_box(self, text: Text, x: float, y: float, w: float, h: float,
                 size: float, scale: float) -> str:
        box = text.box
        pad = box.pad * size
        x0, y0, x1, y1 = x - pad, y - pad, x + w + pad, y + h + pad
        if box.style == "round":
            r = min(pad, (x1 - x0) / 2, (y1 - y0) / 2)
            d = (f"M {_num(x0 + r)} {_num(y0)} L {_num(x1 - r)} {_num(y0)} "
                 f"Q {_num(x1)} {_num(y0)} {_num(x1)} {_num(y0 + r)} L {_num(x1)} {_num(y1 - r)} "
                 f"Q {_num(x1)} {_num(y1)} {_num(x1 - r)} {_num(y1)} L {_num(x0 + r)} {_num(y1)} "
                 f"Q {_num(x0)} {_num(y1)} {_num(x0)} {_num(y1 - r)} L {_num(x0)} {_num(y0 + r)} "
                 f"Q {_num(x0)} {_num(y0)} {_num(x0 + r)} {_num(y0)} z")
        else:
            d = (f"M {_num(x0)} {_num(y0)} L {_num(x1)} {_num(y0)} L {_num(x1)} {_num(y1)} "
                 f"L {_num(x0)} {_num(y1)} z")
        style = f"fill: {box.face.lower() if box.face else 'none'}"
        if box.edge and box.width > 0:
            style += f"; stroke: {box.edge.lower()}; stroke-width: {_num(box.width * scale)}"
        if box.alpha != 1.0:
            style += f"; opacity: {_num(box.alpha)}"
        return f'<path d="{d}" style="{style}"/>'

    def pattern_defs(self) -> list[str]:
        out = []
        width = _num(HATCH_WIDTH * self.page.scale)
        for (hatch, face, colour), ident in self.patterns.items():
            out.append(_pattern(ident, hatch, face, colour, width))
        return out


def _pattern(ident: str, hatch: str, face: str, colour: str, width: str) -> str:
    """A hatch as a tile of the page (points): lines ``/`` and ``\\``, dots ``.``, as
    dense as matplotlib draws them."""
    rising = hatch.count("/") + hatch.count("x") + hatch.count("X")
    falling = hatch.count("\\") + hatch.count("x") + hatch.count("X")
    dots = hatch.count(".")
    spacing = 72 / (HATCH_DENSITY * max(rising, falling, dots, 1))
    # dots: rows ``spacing`` apart, every other one shifted by half a step
    tile_w, tile_h = spacing, (2 * spacing if dots else spacing)
    s, w, h = _num(spacing), _num(tile_w), _num(tile_h)
    parts = []
    if face != "none":
        parts.append(f'<rect x="0" y="0" width="{w}" height="{h}" fill="{face}"/>')
    d = []
    if rising:
        d.append(f"M -1 1 L 1 -1 M 0 {s} L {s} 0 M {_num(spacing - 1)} {_num(spacing + 1)} "
                 f"L {_num(spacing + 1)} {_num(spacing - 1)}")
    if falling:
        d.append(f"M -1 {_num(spacing - 1)} L 1 {_num(spacing + 1)} M 0 0 L {s} {s} "
                 f"M {_num(spacing - 1)} -1 L {_num(spacing + 1)} 1")
    if d:
        parts.append(f'<path d="{" ".join(d)}" style="fill: none; stroke: {colour}; '
                     f'stroke-width: {width}; stroke-linecap: butt"/>')
    if dots:     # filled and outlined, as matplotlib draws them
        r = _num(spacing * 0.1)
        for cx, cy in ((0, 0), (tile_w, 0), (tile_w / 2, spacing), (0, tile_h),
                       (tile_w, tile_h)):
            parts.append(f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="{r}" '
                         f'style="fill: {colour}; stroke: {colour}; stroke-width: {width}"/>')
    return (f'<pattern id="{ident}" patternUnits="userSpaceOnUse" x="0" y="0" '
            f'width="{w}" height="{h}">' + "".join(parts) + "</pattern>")


def page_svg(records: Iterable[Record], page: SvgPage, title: str = "",
             marks: Sequence[Text] = (), view_marks: Sequence[Text] = (),
             description: str = "") -> str:
    """One page as an SVG document: ``records`` (layout units) mapped onto it, then
    ``view_marks`` (layout units, not scaled: the lane names of a tile) and ``marks``
    (points from the page's top-left corner: page numbers, continuation notes).
    ``title`` and ``description`` are what a screen reader says of the picture."""
    writer = _Writer(page)
    view = page.view
    clip_box = (writer.x(view.x), writer.y(view.y), _num(view.width * writer.k),
                _num(view.height * writer.k))
    body: list[str] = []
    clipped = False
    for record in by_zorder(records):
        # shapes never pass the view's edge, as in matplotlib; texts on a tile do not
        clip = not isinstance(record, Text) or page.clip or record.clip
        if clip != clipped:
            body.append('<g clip-path="url(#view)">' if clip else "</g>")
            clipped = clip
        body.append(writer.record(record))
    if clipped:
        body.append("</g>")
    for mark in view_marks:
        body.append(f'<g clip-path="url(#view)">{_unscaled(writer, mark)}</g>')
    body += [writer.text(mark, page_points=True) for mark in marks]
    width, height = (_num(page.size[0] * 72), _num(page.size[1] * 72))
    defs = [f'<clipPath id="view"><rect x="{clip_box[0]}" y="{clip_box[1]}" '
            f'width="{clip_box[2]}" height="{clip_box[3]}"/></clipPath>',
            *writer.pattern_defs()]
    head = ['<?xml version="1.0" encoding="utf-8" standalone="no"?>',
            f'<svg xml:space="preserve" xmlns="http://www.w3.org/2000/svg" version="1.1" '
            f'width="{width}pt" height="{height}pt" viewBox="0 0 {width} {height}" '
            f'style="font-family: {SVG_FONT_STACK}">']
    if title:
        head.append(f"<title>{escape(title)}</title>")
    if description:
        head.append(f"<desc>{escape(description)}</desc>")
    head.append("<defs>" + "".join(defs) + "</defs>")
    head.append(f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>')
    return "\n".join(head + body + ["</svg>", ""])


def _unscaled(writer: _Writer, text: Text) -> str:
    """A text placed in layout units but sized in page points (a mark of the page)."""
    from dataclasses import replace

    return writer.text(replace(text, x=writer.ox + text.x * writer.k,
                               y=writer.oy + text.y * writer.k), page_points=True)


def natural_svg(records: Sequence[Record], frame: Box, title: str = "",
                description: str = "") -> str:
    """A whole drawing at its natural size (a layout unit is :data:`~.painter.UNIT`
    inches), as matplotlib drew a figure not fitted to a page."""
    size = (frame.width * UNIT, frame.height * UNIT)
    return page_svg(records, SvgPage(size, frame, 1.0), title, description=description)

