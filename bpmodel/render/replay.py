"""The matplotlib backend of a :class:`~.canvas.Canvas`: its records replayed as artists
on a figure, for PNG and PDF (SVG is written by :mod:`~.svg` without matplotlib).

One artist per record, in the canvas's order and with its zorder, so that a PNG looks
as the picture did when the painter drew on matplotlib itself.
"""

from __future__ import annotations

from .canvas import UNIT, Canvas, Lines, Polygons, Record, Shape, Text


def figure_of(canvas: Canvas):
    """A figure showing the canvas's frame at :data:`~.painter.UNIT` inches a unit, its
    axes, and the artist of each record (in the order of ``canvas.records``)."""
    from matplotlib.figure import Figure

    box = canvas.frame
    figure = Figure(figsize=(box.width * UNIT, box.height * UNIT))
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(box.x, box.right)
    axes.set_ylim(box.bottom, box.y)
    axes.set_axis_off()
    artists = [add_record(axes, record) for record in canvas.records]
    return figure, axes, artists


def add_record(axes, record: Record):
    """The artist of one record, added to ``axes`` (layout units)."""
    if isinstance(record, Text):
        return add_text(axes, record)
    if isinstance(record, Shape):
        artist = _patch(record)
        axes.add_artist(artist)     # not add_patch: the limits are set, no need to grow them
        return artist
    from matplotlib.collections import LineCollection, PolyCollection

    if isinstance(record, Lines):
        artist = LineCollection(record.lines, colors=record.colour, linewidths=record.width,
                                linestyles=_style(record.line), zorder=record.zorder,
                                capstyle="butt", joinstyle=record.join)
    elif isinstance(record, Polygons):
        artist = PolyCollection(record.polygons, facecolors=record.face or "none",
                                edgecolors=record.edge or "none", linewidths=record.width,
                                zorder=record.zorder)
    else:
        raise TypeError(f"not a record: {record!r}")
    axes.add_collection(artist, autolim=False)
    return artist


def add_text(axes, text: Text, transform=None):
    """A text record as matplotlib text (``transform``: figure coordinates, say)."""
    extra = {} if transform is None else {"transform": transform}
    box = text.box
    bbox = None
    if box is not None:
        bbox = {"boxstyle": f"{box.style},pad={box.pad}", "facecolor": box.face or "none",
                "edgecolor": box.edge or "none", "linewidth": box.width}
        if box.alpha != 1.0:
            bbox["alpha"] = box.alpha
    return axes.text(text.x, text.y, text.text, fontsize=text.size, color=text.colour,
                     fontweight=text.weight, fontstyle=text.style, fontfamily=text.family,
                     ha=text.ha, va=text.va, multialignment=text.align,
                     rotation=text.rotation, rotation_mode="anchor",
                     linespacing=text.spacing, zorder=text.zorder, gid=text.gid, bbox=bbox,
                     clip_on=text.clip, **extra)


def _style(line):
    return line if isinstance(line, tuple) else {"-": "solid", "--": "dashed",
                                                 "-.": "dashdot", ":": "dotted"}.get(line, line)


def _patch(shape: Shape):
    from matplotlib.patches import Circle, FancyBboxPatch, Patch, Polygon, Rectangle

    fill = shape.fill
    style = {"facecolor": fill.face or "none", "edgecolor": fill.edge or "none",
             "linewidth": fill.width if fill.edge else 0.0, "linestyle": _style(fill.line),
             "hatch": fill.hatch, "zorder": shape.zorder, "gid": shape.gid}
    if fill.hatch and fill.hatch_colour and hasattr(Patch, "set_hatchcolor"):
        style["hatchcolor"] = fill.hatch_colour
    if fill.alpha != 1.0:
        style["alpha"] = fill.alpha
    x, y, w, h = shape.box
    if shape.kind == "circle":
        return Circle((x, y), w, **style)
    if shape.kind == "polygon":
        return Polygon(shape.points, closed=True, **style)
    if shape.rounding:
        return FancyBboxPatch((x, y), w, h,
                              boxstyle=f"round,pad=0,rounding_size={shape.rounding}", **style)
    return Rectangle((x, y), w, h, **style)
