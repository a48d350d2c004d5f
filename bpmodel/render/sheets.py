"""Pages made of stacked blocks: a header, then each process folded into bands.

A picture too wide for its page is not cut into a grid of page-sized tiles: each process
in it is folded (:mod:`bpmodel.render.fold`) into bands as wide as the page, and the
blocks (the title, the key figures, a panel's heading, the bands) are stacked down the
pages like lines of text, a block never split, a heading kept with its first band.
:func:`folded_drawing` draws them on one tall figure made of page-sized sheets, so
:func:`~bpmodel.render.pages.render_pages` writes it as it writes any other picture.

The scale is the one at which the smallest step text is :data:`~.pages.MIN_TEXT` points;
the bands are chosen for the fewest pages at that scale.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ..layout import Box, Layout
from ..model import Process
from .fold import BAND_GAP, FoldedBand, choose_rows, fold_layout, paint_band
from .painter import UNIT, ActorTag, Style, extent

BLOCK_GAP = BAND_GAP        # units between two blocks of a page
HEADING = 20.0              # units: a panel's heading above its first band
HEADING_GAP = 6.0           # units between a heading and its first band
SHEET_PAD = 6.0             # units of white round the content of a sheet


@dataclass(frozen=True)
class Block:
    """Something ``height`` units tall that ``paint(axes, x, y)`` draws with its top-left
    corner at (x, y); ``with_next`` keeps it on the page of the block after it. Blocks
    with a ``width`` (the bands of a process) are set side by side, left to right, as
    long as the row has room, like words on a line."""

    height: float
    paint: Callable[[object, float, float], None]
    with_next: bool = False
    width: float | None = None      # a band: may share a row with the next bands
    new_row: bool = False           # ... unless it starts a row
    gap_after: float = BLOCK_GAP    # units between it and the row under it
    wide: Block | None = None       # drawn instead when it has a row to itself


@dataclass(frozen=True)
class Panel:
    """One process to fold: its layout, the heading over it and how to paint it."""

    process: Process
    layout: Layout
    heading: Callable[[object, float, float], None] | None = None
    styles: Mapping[str, Style] = field(default_factory=dict)
    strong: frozenset[tuple[str, str]] = frozenset()
    strong_colour: str = "#D55E00"
    prefix: str = ""
    keys: Mapping[str, str] = field(default_factory=dict)   # branch condition -> its key
    actors: Mapping[str, ActorTag] = field(default_factory=dict)   # the flow form's tags
    heading_height: float = HEADING     # units: more when the heading takes two lines


def page_units(fit: str, smallest: float) -> tuple[float, float, float]:
    """The scale at which text of ``smallest`` points prints at the floor, and the width
    and height of the page in layout units at that scale.

    >>> page_units("a4", 7.5)
    (0.934, 1187.37, 797.64)
    """
    from .pages import MAX_SCALE, MIN_TEXT, usable

    scale = min(max(MIN_TEXT / smallest, 0.0), MAX_SCALE)
    scale = math.ceil(scale * 1000) / 1000
    width, height = usable(fit)
    return scale, round(width / (UNIT * scale), 2), round(height / (UNIT * scale), 2)


def _whole(layout: Layout) -> FoldedBand:
    area = extent(layout)
    return FoldedBand(layout, (), area.x, area.right)


def _rows(blocks: Sequence[Block], span: float) -> list[list[int]]:
    """The blocks grouped in rows: a block with a width joins the row before it when it
    fits beside its blocks (each a gap apart), else starts one; any other block is a
    row of its own."""
    rows: list[list[int]] = []
    x = 0.0
    for k, block in enumerate(blocks):
        if block.width is not None and not block.new_row and rows \
                and blocks[rows[-1][-1]].width is not None \
                and x + BLOCK_GAP + block.width <= span:
            rows[-1].append(k)
            x += BLOCK_GAP + block.width
            continue
        rows.append([k])
        x = block.width or 0.0
    return rows


def _alone_wide(blocks: Sequence[Block], span: float) -> list[Block]:
    """The blocks, each with a ``wide`` form that has a row to itself in that form (a
    key set beside the last band when it fits there, else under it, across the page).

    >>> paint = lambda axes, x, y: None
    >>> key = Block(90, paint, width=300, wide=Block(40, paint))
    >>> [b.height for b in _alone_wide([Block(200, paint, width=400), key], 900)]
    [200, 90]
    >>> [b.height for b in _alone_wide([Block(200, paint, width=700), key], 900)]
    [200, 40]
    """
    out = list(blocks)
    for row in _rows(blocks, span):
        if len(row) == 1 and blocks[row[0]].wide is not None:
            out[row[0]] = blocks[row[0]].wide
    return out


def _tail_height(tail: Sequence[Block]) -> float:
    """How tall ``tail`` is stacked under the last band, each block in its wide form."""
    return sum((b.wide or b).height + BLOCK_GAP for b in tail)


def _overhang(band: FoldedBand, badged: Mapping[str, float]) -> float:
    """How far (units) the badges on the band's shapes stand above its top."""
    top = band.box.y
    return max([top - (node.box.y - badged[node.id]) for node in band.layout.nodes
                if node.id in badged] + [0.0])


def _tail_beside(tail: Sequence[Block]) -> tuple[float, float] | None:
    """The width and height of ``tail`` set beside the last band (a key alone, with a
    width), None when it goes under it.

    >>> paint = lambda axes, x, y: None
    >>> _tail_beside([Block(90, paint, width=300, wide=Block(40, paint))])
    (300, 90)
    >>> _tail_beside([Block(90, paint, width=300), Block(40, paint)]) is None
    True
    """
    if len(tail) == 1 and tail[0].width is not None:
        return tail[0].width, tail[0].height
    return None


def _stack(blocks: Sequence[Block], room: float, span: float = float("inf")
           ) -> list[tuple[int, float, float]]:
    """(page, x, y) of each block: in rows ``span`` units wide (see :func:`_rows`),
    stacked down pages ``room`` units tall; a block ``with_next`` stays on the page of
    the row after it.

    >>> paint = lambda axes, x, y: None
    >>> _stack([Block(100, paint), Block(300, paint, width=400),
    ...         Block(200, paint, width=400), Block(300, paint, width=400)], 500, 900)
    [(0, 0.0, 0.0), (0, 0.0, 114.0), (0, 414.0, 114.0), (1, 0.0, 0.0)]
    """
    rows = _rows(blocks, span)
    heights = [max(blocks[k].height for k in row) for row in rows]
    out: list[tuple[int, float, float]] = [(0, 0.0, 0.0)] * len(blocks)
    page, y = 0, 0.0
    for r, row in enumerate(rows):
        need = heights[r]
        j = r
        while blocks[rows[j][-1]].with_next and j + 1 < len(rows):
            need += blocks[rows[j][-1]].gap_after + heights[j + 1]
            j += 1
        top = y + (blocks[rows[r - 1][-1]].gap_after if y > 0 else 0.0)
        if y > 0 and top + need > room and not (r and blocks[rows[r - 1][-1]].with_next):
            page, top = page + 1, 0.0
        x = 0.0
        for k in row:
            out[k] = (page, x, top)
            x += (blocks[k].width or 0.0) + BLOCK_GAP
        y = top + heights[r]
    return out


def _used(blocks: Sequence[Block], room: float, span: float) -> tuple[int, float]:
    """The pages the blocks take and the height used on the last one."""
    if not blocks:
        return 0, 0.0
    placed = _stack(blocks, room, span)
    last = placed[-1][0]
    bottom = max(y + b.height for (page, _, y), b in zip(placed, blocks) if page == last)
    return last + 1, bottom


def badge_rooms(styles: Mapping[str, Style]) -> dict[str, float]:
    """The room (units) above each badged shape that its badge takes.

    >>> from bpmodel.render.painter import Badge
    >>> badge_rooms({"a": Style(badges=(Badge("new", "#000", where="corner"),)),
    ...              "b": Style(badges=(Badge("removed", "#000"),)), "c": Style()})
    {'a': 16.0, 'b': 26.0}
    """
    from .fold import BADGE_ROOM
    from .painter import CORNER_ROOM

    out = {}
    for step, style in styles.items():
        rooms = [BADGE_ROOM if b.where == "left" else CORNER_ROOM
                 for b in style.badges if b.where in ("left", "corner")]
        if rooms:
            out[step] = max(rooms)
    return out


def name_heights(layout: Layout) -> dict[str, float]:
    """The height each lane that holds steps keeps in a band for its name, and for the
    name of its agency when it is the agency's only lane (their strips are as tall)."""
    from .tight import lane_height

    children: dict[str | None, int] = {}
    by_id = {band.id: band for band in layout.lanes}
    for band in layout.lanes:
        children[band.parent] = children.get(band.parent, 0) + 1
    out = {}
    for band in layout.lanes:
        if band.kind != "lane" and band.actor is None:
            continue
        need = lane_height(band.name) if band.name else 0.0
        parent = by_id.get(band.parent) if band.parent else None
        if parent is not None and children.get(parent.id) == 1 and parent.name:
            need = max(need, lane_height(parent.name, bold=True))
        out[band.id] = need
    return out


def folded_drawing(head: Sequence[Block], panels: Sequence[Panel], fit: str, *,
                   name_size: float, smallest: float, title: str = "",
                   tail: Sequence[Block] = (), count_only: bool = False):
    """A :class:`~bpmodel.render.pages.Drawing` of ``head``, then each panel folded into
    bands, then ``tail``, on pages of ``fit`` (a4, a3, slide); None when a panel cannot
    be folded to the page (a column wider than it, a band of one column taller than it)
    or when it all fits one page unfolded (then it is better drawn whole).
    ``count_only``: the number of pages and the scale, nothing painted (to choose a
    form)."""
    from .branches import label_reach
    from .pages import Drawing, smallest_step_text
    from .painter import branch_places, new_canvas

    scale, width, height = page_units(fit, smallest)
    room = height - 2 * SHEET_PAD
    span = width - 2 * SHEET_PAD
    blocks: list[Block] = list(head)
    page_of: dict[tuple[int, int], int] = {}     # (panel, band) -> page number
    bands_at: list[tuple[int, int, float]] = []  # panel, band, its x
    band_blocks: list[int] = []
    folded_any = False
    for p, panel in enumerate(panels):
        heading = panel.heading_height if panel.heading is not None else 0.0
        _, used = _used(blocks, room, span)
        # a heading goes a gap under what is above it, its band a small gap under it
        below = heading + HEADING_GAP if panel.heading is not None else 0.0
        first_room = room - used - BLOCK_GAP - below if used else room - below
        badged = badge_rooms(panel.styles)
        needs = name_heights(panel.layout)
        rows = choose_rows(panel.layout, span, room=room - below,
                           first_room=max(first_room, 0.0), badged=badged, needs=needs,
                           tail=_tail_height(tail) if p == len(panels) - 1 else 0.0,
                           tail_beside=_tail_beside(tail),
                           reach=label_reach(panel.process, branch_places(
                               panel.process, panel.layout, panel.keys)))
        bands = None
        if rows is not None and (len(rows) > 1 or len(rows[0]) > 2):
            cuts = [rows[0][0], *(x for row in rows for x in row[1:])]
            bands = fold_layout(panel.layout, span, cuts=cuts, badged=badged, needs=needs)
        starts = {0}
        if bands is None:
            band = _whole(panel.layout)
            if band.box.width > span or band.box.height > room - below:
                return None
            bands = (band,)
        else:
            k = 0
            for row in rows:
                starts.add(k)
                k += len(row) - 1
        first = len(blocks) + (panel.heading is not None)
        if panel.heading is not None:
            # a badge on a task at the top of the first band stands above the band: the
            # heading keeps its gap from the badge
            blocks.append(Block(heading, panel.heading, with_next=True,
                                gap_after=HEADING_GAP + _overhang(bands[0], badged)))
        for k, band in enumerate(bands):
            blocks.append(Block(band.box.height,
                                _band_painter(panel, band, (p, k), page_of, name_size),
                                width=band.box.width, new_row=k in starts))
        folded_any = folded_any or len(bands) > 1
        for k, band in enumerate(bands):
            bands_at.append((p, k, band.box.x))
            band_blocks.append(first + k)
    blocks = _alone_wide([*blocks, *tail], span)
    placed = _stack(blocks, room, span)
    pages = placed[-1][0] + 1
    if pages == 1 and not folded_any:
        return None        # it fits one page as it is: drawn whole, scaled to the page
    if count_only:
        return pages, scale
    left = min((x for _, _, x in bands_at), default=0.0) - SHEET_PAD
    frame = Box(left, 0.0, width, pages * height)
    axes = new_canvas(frame)
    for (p, k, _), block in zip(bands_at, band_blocks):
        page_of[(p, k)] = placed[block][0] + 1
    groups: list[list] = [[] for _ in range(pages)]     # what each page shows
    for block, (page, x, y) in zip(blocks, placed):
        known = {id(a) for a in axes.get_children()}
        block.paint(axes, left + SHEET_PAD + x, page * height + SHEET_PAD + y)
        groups[page] += [a for a in axes.get_children() if id(a) not in known]
    sheets = tuple(Box(left, k * height, width, height) for k in range(pages))
    drawing = Drawing(axes, frame, title=title, sheets=sheets, scale=scale,
                      groups=tuple(tuple(g) for g in groups))
    actual = smallest_step_text(axes)
    if actual < smallest - 1e-6:        # painted smaller than foreseen: fold again
        return folded_drawing(head, panels, fit, name_size=name_size, smallest=actual,
                              title=title, tail=tail)
    return drawing


@dataclass(frozen=True)
class _BandPainter:
    """Paints one band of a panel; ``pages`` says on which page each band lands (filled
    in once the blocks are stacked), for the page numbers beside its marks."""

    panel: Panel
    band: FoldedBand
    key: tuple[int, int]
    pages: dict[tuple[int, int], int]
    size: float

    def __call__(self, axes, x: float, y: float) -> None:
        panel, (p, _) = self.panel, self.key
        pages = {k: page for (q, k), page in self.pages.items() if q == p}
        paint_band(axes, panel.process, self.band, dx=x - self.band.box.x,
                   dy=y - self.band.box.y,
                   prefix=panel.prefix, pages=pages, index=self.key[1],
                   styles=panel.styles, strong=panel.strong,
                   strong_colour=panel.strong_colour, name_size=self.size,
                   keys=panel.keys, wrap_times=True, actors=panel.actors)


def _band_painter(panel, band, key, pages, size) -> _BandPainter:
    return _BandPainter(panel, band, key, pages, size)


__all__ = ["BAND_GAP", "Block", "Panel", "folded_drawing", "page_units"]
