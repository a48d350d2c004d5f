"""What a picture draws, read back from its canvas: the boxes of its texts and shapes on
each page, and where they clash (a text over another, a text across a shape's border,
a badge pressed against a name, a label over a continuation mark).

The boxes are :func:`bpmodel.render.canvas.text_extent`'s: a text's lines as matplotlib
lays them out, with the box behind it (a badge's frame, a label's background), the
same in the SVG and the PNG. Distances are in points at the picture's natural size.
"""

from __future__ import annotations

from bpmodel.layout import Box
from bpmodel.render.canvas import PT, Shape, Text, overlaps, text_extent


def pages(drawing) -> list[list]:
    """The records each page of a drawing shows: a folded drawing's own per sheet, else
    everything (one picture, or tiles of it, which cut no text in two)."""
    if drawing.groups:
        return [list(group) for group in drawing.groups]
    return [list(drawing.canvas.records)]


def texts(records) -> list[tuple[Text, Box]]:
    """The written texts (not blank) with their boxes."""
    return [(r, text_extent(r)) for r in records if isinstance(r, Text) and r.text.strip()]


def shape_box(shape: Shape) -> Box:
    left, top, right, bottom = shape.bounds()
    return Box(left, top, right - left, bottom - top)


def gap(a: Box, b: Box) -> float:
    """How far apart two boxes are (points; 0 when they touch or overlap).

    >>> gap(Box(0, 0, 10, 10), Box(0, 20, 10, 10)) == 10 * PT
    True
    """
    return max(b.x - a.right, a.x - b.right, b.y - a.bottom, a.y - b.bottom, 0.0) * PT


def frame(text: Text, box: Box) -> Box:
    """The box of a text with the outer half of its frame's line (a badge's edge)."""
    if text.box is None or text.box.edge is None:
        return box
    half = text.box.width / 2 / PT
    return Box(box.x - half, box.y - half, box.width + 2 * half, box.height + 2 * half)


def step_of(gid: str | None) -> str | None:
    """The step a text or shape belongs to, from its id (``after-name-sign`` ->
    ``after-sign``), None for other texts.

    >>> step_of("after-badge-sign-r"), step_of("before-step-a"), step_of("title")
    ('after-sign', 'before-a', None)
    """
    if not gid:
        return None
    for kind in ("badge-", "name-", "step-", "time-", "actor-"):
        head, found, rest = gid.partition(kind)
        if found:
            rest = rest[:-2] if kind == "badge-" and rest.endswith("-r") else rest
            return head + rest
    return None


def text_clashes(records) -> list[tuple[str, str]]:
    """Pairs of texts whose boxes overlap (their texts, cut short)."""
    written = texts(records)
    out = []
    for i, (a, ea) in enumerate(written):
        for b, eb in written[i + 1:]:
            if overlaps(ea, eb):
                out.append((f"{a.gid}: {a.text[:30]!r}", f"{b.gid}: {b.text[:30]!r}"))
    return out


def border_crossings(records) -> list[tuple[str, str]]:
    """Texts that lie partly inside a step's shape or a continuation mark and partly
    out of it: across its border. A badge on its own step's corner sits across the
    border on purpose and is left out."""
    shapes = [r for r in records if isinstance(r, Shape) and r.gid
              and ("step-" in r.gid or "cont-" in r.gid)]
    boxes = [(s, shape_box(s)) for s in shapes]
    out = []
    for text, box in texts(records):
        own = step_of(text.gid) if "badge-" in (text.gid or "") else None
        for shape, outline in boxes:
            if not overlaps(box, outline) or (own is not None and step_of(shape.gid) == own):
                continue
            inside = outline.x <= box.x and box.right <= outline.right \
                and outline.y <= box.y and box.bottom <= outline.bottom
            if not inside:
                out.append((f"{text.gid}: {text.text[:30]!r}", shape.gid))
    return out


def badge_gaps(records) -> list[tuple[str, str, float]]:
    """For each badge, the texts near it: (badge, text, gap in points between the
    badge's frame and the text's box), nearest first."""
    written = texts(records)
    out = []
    for badge, box in written:
        if "badge-" not in (badge.gid or ""):
            continue
        edge = frame(badge, box)
        for other, other_box in written:
            if other is not badge and "badge-" not in (other.gid or ""):
                out.append((badge.gid, other.gid or other.text[:30],
                            round(gap(edge, other_box), 2)))
    return sorted(out, key=lambda row: row[2])


def over_shapes(records, text_kind: str, shape_kind: str) -> list[tuple[str, str]]:
    """Texts whose id holds ``text_kind`` (``flow-``: branch labels) with a box over a
    shape whose id holds ``shape_kind`` (``cont-``: continuation marks)."""
    shapes = [(r, shape_box(r)) for r in records
              if isinstance(r, Shape) and shape_kind in (r.gid or "")]
    return [(f"{t.gid}: {t.text[:30]!r}", s.gid) for t, box in texts(records)
            if text_kind in (t.gid or "") for s, outline in shapes if overlaps(box, outline)]


def views(drawing) -> list[Box]:
    """What each page of :func:`pages` shows: a folded drawing's sheets, else its
    frame."""
    return list(drawing.sheets) if drawing.groups else [drawing.frame]


def outside(records, view: Box, margin: float = 0.5) -> list[str]:
    """Texts whose box runs past the edge of ``view`` (cut there on the page)."""
    return [f"{t.gid}: {t.text[:30]!r}" for t, box in texts(records)
            if box.x < view.x - margin or box.right > view.right + margin
            or box.y < view.y - margin or box.bottom > view.bottom + margin]


def crossed_by_flows(records, text_kind: str) -> list[str]:
    """Texts whose id holds ``text_kind`` (``time-``: durations) that a flow's line runs
    through (the thin lines of markers and frames left out)."""
    from bpmodel.layout.geometry import crosses
    from bpmodel.render.canvas import Lines

    flows = [points for r in records if isinstance(r, Lines) and r.width >= 1.0
             for points in r.lines]
    out = []
    for text, box in texts(records):
        if text_kind in (text.gid or ""):
            inner = Box(box.x + 1, box.y + 1, box.width - 2, box.height - 2)
            if any(crosses(points, inner) for points in flows):
                out.append(f"{text.gid}: {text.text[:30]!r}")
    return out
