"""Fitting a drawn diagram to a page or a screen: scale it, or split it into pages.

A diagram is drawn at its natural size (a layout unit is :data:`~.painter.UNIT` inches).
:func:`plan_pages` finds the scale at which it fits the chosen page (A4 or A3
landscape, a 16:9 slide) without its smallest step text going under :data:`MIN_TEXT`
points; when it cannot, it keeps that floor and cuts the drawing into a grid of pages,
cutting between columns of steps and at the breaks the drawing offers (between the
before and after panels). A drawing is a :class:`~.canvas.Canvas`: its pages are
written as SVG by :mod:`~.svg` (no matplotlib), or replayed onto one matplotlib figure
that :func:`render_pages` renders page by page (PNG, PDF), every text and line scaled
alike, with continuation marks on each page (:func:`page_marks`, the same for both).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..i18n import _
from ..layout import Box
from .painter import UNIT

FITS = ("a4", "a3", "slide", "none")
FOLDS = ("a4", "a3", "slide", "a4-portrait")   # the fits a wide picture is folded onto
OVERVIEW = "-overview"      # "a4-overview": the whole drawing on one page, however small
PAGE_SIZES = {"a4": (11.69, 8.27), "a3": (16.54, 11.69), "slide": (13.33, 7.5),  # inches
              "a4-portrait": (8.27, 11.69)}    # the pages of the workshop report
PAGE_MARGIN = 0.3           # inches on each side (7.6 mm; printers leave 4-5 mm blank)
MARK_BAND = 0.22            # inches kept at the bottom for the continuation marks
MIN_TEXT = 7.0              # points: no step text is drawn smaller on the page
MAX_SCALE = 1.5             # a small diagram grows at most this much to fill the page
FIT_DPI = 150


@dataclass(frozen=True)
class Page:
    """One page: the part of the drawing it shows (layout units) and where it sits."""

    number: int
    view: Box
    row: int
    column: int


@dataclass(frozen=True)
class PagePlan:
    """How a drawing goes onto pages: the page size (inches), the scale and the pages."""

    size: tuple[float, float]
    scale: float
    pages: tuple[Page, ...]
    rows: int
    columns: int
    folded: bool = False      # pages of stacked bands (read down), not tiles of a grid

    @property
    def count(self) -> int:
        return len(self.pages)


def overview(fit: str) -> str:
    """The fit that puts a whole drawing on one page of ``fit``, its text as small as it
    must be (a thumbnail to look at, not to read: the pages of ``fit`` are for reading).

    >>> overview("a4")
    'a4-overview'
    """
    return fit + OVERVIEW


def usable(fit: str) -> tuple[float, float]:
    """The width and height (inches) a drawing may take on a page of ``fit``.

    >>> usable("a4")
    (11.09, 7.45)
    """
    width, height = PAGE_SIZES[fit.removesuffix(OVERVIEW)]
    return (round(width - 2 * PAGE_MARGIN, 2),
            round(height - 2 * PAGE_MARGIN - MARK_BAND, 2))


def _cuts(start: float, end: float, span: float, keep: Sequence[tuple[float, float]],
          breaks: Sequence[float]) -> list[float]:
    """Where to cut [start, end] into pieces at most ``span`` long: at a preferred break
    when one lies in the second half of the piece, else where no ``keep`` interval is
    cut, else at ``span``."""
    cuts = [start]
    while end - cuts[-1] > span + 1e-6:
        here = cuts[-1]
        limit = here + span
        good = [b for b in breaks if here + span / 2 <= b <= limit]
        if good:
            cuts.append(max(good))
            continue
        free = [x for x in _gaps(keep) if here + span / 3 <= x <= limit]
        cuts.append(max(free) if free else limit)
    cuts.append(end)
    return cuts


def _gaps(keep: Sequence[tuple[float, float]]) -> list[float]:
    """The middles of the gaps between the intervals of ``keep``.

    >>> _gaps([(0, 10), (5, 20), (40, 50)])
    [30.0]
    """
    middles, reach = [], None
    for lo, hi in sorted(keep):
        if reach is not None and lo > reach:
            middles.append((reach + lo) / 2)
        reach = hi if reach is None else max(reach, hi)
    return middles


def plan_pages(frame: Box, fit: str, smallest: float, *,
               keep_x: Sequence[tuple[float, float]] = (),
               keep_y: Sequence[tuple[float, float]] = (),
               breaks_y: Sequence[float] = ()) -> PagePlan:
    """Scale and pages for a drawing of ``frame`` (layout units) whose smallest step text
    is ``smallest`` points. ``keep_x``/``keep_y`` are intervals not to cut through (the
    shapes), ``breaks_y`` preferred places for a horizontal cut.

    >>> plan = plan_pages(Box(0, 0, 800, 500), "a4", 8.0)
    >>> plan.count, plan.scale
    (1, 1.386)
    >>> plan = plan_pages(Box(0, 0, 4000, 600), "a4", 8.0)
    >>> plan.count, plan.scale >= 7 / 8
    (4, True)
    """
    single = fit.endswith(OVERVIEW)
    fit = fit.removesuffix(OVERVIEW)
    page_w, page_h = usable(fit)
    width, height = frame.width * UNIT, frame.height * UNIT
    floor = 0.0 if single else MIN_TEXT / smallest
    whole = min(page_w / width, page_h / height, MAX_SCALE)
    if whole >= floor:
        view = frame
        return PagePlan(PAGE_SIZES[fit], round(whole, 3), (Page(1, view, 0, 0),), 1, 1)
    span_x, span_y = page_w / (UNIT * floor), page_h / (UNIT * floor)
    xs = _cuts(frame.x, frame.right, span_x, keep_x, ())
    ys = _cuts(frame.y, frame.bottom, span_y, keep_y, breaks_y)
    # the largest scale at which the widest and tallest piece still fit a page
    widest = max(b - a for a, b in zip(xs, xs[1:]))
    tallest = max(b - a for a, b in zip(ys, ys[1:]))
    scale = max(floor, min(page_w / (widest * UNIT), page_h / (tallest * UNIT), MAX_SCALE))
    scale = math.ceil(scale * 1000) / 1000     # never under the floor once rounded
    pages, number = [], 1
    for row, (y0, y1) in enumerate(zip(ys, ys[1:])):
        for column, (x0, x1) in enumerate(zip(xs, xs[1:])):
            pages.append(Page(number, Box(x0, y0, x1 - x0, y1 - y0), row, column))
            number += 1
    return PagePlan(PAGE_SIZES[fit], scale, tuple(pages), len(ys) - 1, len(xs) - 1)


def folded_unless_tiles(folded, frame: Box, fit: str, count_only: bool = False, **keeps):
    """A folded picture (``folded``: its drawing, or its (pages, scale) when
    ``count_only``) when it takes no more pages than the whole picture cut into tiles of
    the page (``keeps``: what :func:`plan_pages` keeps whole); else None, to draw the
    tiles (their count when ``count_only``).

    >>> folded_unless_tiles((1, 0.8), Box(0, 0, 400, 300), "a4", count_only=True)
    1
    >>> folded_unless_tiles((3, 0.8), Box(0, 0, 400, 300), "a4", count_only=True)
    1
    """
    pages, scale = folded if count_only else (len(folded.sheets), folded.scale)
    tiles = plan_pages(frame, fit, scale and MIN_TEXT / scale or MIN_TEXT, **keeps).count
    if pages <= tiles:
        return pages if count_only else folded
    return tiles if count_only else None


@dataclass(frozen=True)
class Drawing:
    """A drawn picture with what fitting it needs: its ``canvas`` (in layout units), the
    ``frame`` it shows, the intervals of shapes not to cut through, preferred horizontal
    breaks, and its title (repeated on the pages after the first)."""

    canvas: object
    frame: Box
    keep_x: tuple[tuple[float, float], ...] = ()
    keep_y: tuple[tuple[float, float], ...] = ()
    breaks_y: tuple[float, ...] = ()
    title: str = ""
    lanes: tuple[tuple[float, float, str], ...] = ()   # (top, bottom, name), repeated on
    #                                                    pages that do not show the headers
    sheets: tuple[Box, ...] = ()      # a folded drawing: the part of it on each page
    scale: float | None = None        # ... at this scale
    groups: tuple[tuple, ...] = ()    # ... and the records painted on each page

    def plan(self, fit: str) -> PagePlan:
        """The pages of this drawing on a page of ``fit`` (not ``none``)."""
        if self.sheets and not fit.endswith(OVERVIEW):
            pages = tuple(Page(k, view, k - 1, 0) for k, view in enumerate(self.sheets, 1))
            return PagePlan(PAGE_SIZES[fit], self.scale or 1.0, pages, len(pages), 1,
                            folded=True)
        # a whole drawing on one page needs no floor, nor its smallest text
        smallest = 0.0 if fit.endswith(OVERVIEW) else smallest_step_text(self.canvas)
        return plan_pages(self.frame, fit, smallest,
                          keep_x=self.keep_x, keep_y=self.keep_y, breaks_y=self.breaks_y)


def lane_names(layout, dy: float = 0.0) -> tuple[tuple[float, float, str], ...]:
    """(top, bottom, name) of the lanes that hold steps, moved down by ``dy``."""
    return tuple((band.box.y + dy, band.box.bottom + dy, band.name)
                 for band in layout.lanes
                 if (band.kind == "lane" or band.actor is not None) and band.name)


def drawing_files(drawing: Drawing, stem: str, formats: Sequence[str], fit: str
                  ) -> dict[str, bytes]:
    """File name -> bytes of a drawing in each format; fitted to a page unless ``fit`` is
    ``none`` (then one file at the natural size). Pages after the first are numbered
    files (``stem-2.png``), except in PDF, which holds them all."""
    return {page_name(stem, k, fmt): data
            for fmt, pages in drawing_pages(drawing, formats, fit).items()
            for k, data in enumerate(pages, 1)}


def drawing_pages(drawing: Drawing, formats: Sequence[str], fit: str
                  ) -> dict[str, list[bytes]]:
    """Format -> the pages of a drawing, in order (one for ``none``; a PDF holds all its
    pages in one). SVG is written without matplotlib; PNG and PDF replay each page's
    records onto a matplotlib figure of the page."""
    out: dict[str, list[bytes]] = {}
    plan = None if fit == "none" else drawing.plan(fit)
    if "svg" in formats:
        out["svg"] = svg_pages(drawing, plan)
    others = [fmt for fmt in formats if fmt != "svg"]
    if others and plan is None:     # read on a screen: a PNG at screen resolution, in RGB
        from .charts import SCREEN_DPI, figure_bytes, png_dpi
        from .replay import figure_of

        figure = figure_of(drawing.canvas)[0]
        dpi = png_dpi(*figure.get_size_inches(), SCREEN_DPI)
        out.update({fmt: [figure_bytes(figure, fmt, tight=False,
                                       dpi=dpi if fmt == "png" else None)] for fmt in others})
    elif others:
        out.update({fmt: render_pages(drawing, plan, fmt) for fmt in others})
    return {fmt: out[fmt] for fmt in formats}


def page_records(drawing: Drawing, plan: PagePlan) -> list[list]:
    """The records each page of ``plan`` shows: a folded drawing's own for each sheet,
    everything on a single page, else what lies in the page's view (what a tile would
    clip away is not written into it)."""
    from .canvas import in_view

    records = drawing.canvas.records
    if plan.folded and len(drawing.groups) == plan.count:
        return [list(group) for group in drawing.groups]
    if plan.count == 1:
        return [list(records)]
    return [[record for record in records if in_view(record, page.view)]
            for page in plan.pages]


def svg_pages(drawing: Drawing, plan: PagePlan | None) -> list[bytes]:
    """The pages of a drawing as SVG documents (one at the natural size for no
    ``plan``), written by :mod:`~.svg` without matplotlib."""
    from .svg import SvgPage, natural_svg, page_svg

    if plan is None:
        return [natural_svg(drawing.canvas.records, drawing.frame,
                            drawing.title).encode("utf-8")]
    pages = []
    for page, shown in zip(plan.pages, page_records(drawing, plan)):
        marks, view_marks = page_marks(plan, page, drawing.title, drawing.lanes)
        title = drawing.title if plan.count == 1 else _(
            "{title}, page {page} of {pages}").format(title=drawing.title, page=page.number,
                                                    pages=plan.count)
        svg_page = SvgPage(plan.size, page.view, plan.scale, PAGE_MARGIN, clip=_tiled(plan))
        pages.append(page_svg(shown, svg_page, title, marks, view_marks).encode("utf-8"))
    return pages


def _tiled(plan: PagePlan) -> bool:
    """Whether the pages are tiles of one drawing (texts cut at their edges)."""
    return plan.count > 1 and not plan.folded


def write_drawing(drawing: Drawing, path, fit: str) -> list:
    """Write a drawing into ``path`` (and numbered pages beside it), every file whole or
    not at all; returns the paths written."""
    from pathlib import Path

    from ..io import write_atomic
    from .charts import check_output

    path = check_output(path)
    files = drawing_files(drawing, path.stem, (path.suffix.lstrip(".").lower(),), fit)
    written = []
    for name, data in files.items():
        target = path.with_name(name) if name != f"{path.stem}.{path.suffix.lstrip('.').lower()}" \
            else path
        write_atomic(Path(target), data)
        written.append(Path(target))
    return written


def smallest_step_text(canvas) -> float:
    """The smallest font size (points) of a step's name or a branch label on a canvas.

    >>> from bpmodel.render.canvas import Canvas
    >>> canvas = Canvas(Box(0, 0, 10, 10))
    >>> _ = canvas.text(0, 0, "Sign", fontsize=7.5, gid="before-name-a")
    >>> _ = canvas.text(0, 0, "Title", fontsize=16, gid="title")
    >>> smallest_step_text(canvas)
    7.5
    """
    sizes = [t.size for t in canvas.texts()
             if any(key in (t.gid or "") for key in ("name-", "flow-"))]
    return min(sizes, default=9.0)


def page_name(stem: str, number: int, ext: str) -> str:
    """The file of a page: the first keeps the plain name, the next ones are numbered.

    >>> page_name("before-after", 1, "png"), page_name("before-after", 2, "png")
    ('before-after.png', 'before-after-2.png')
    """
    return f"{stem}.{ext}" if number == 1 else f"{stem}-{number}.{ext}"


def render_pages(drawing: Drawing, plan: PagePlan, fmt: str) -> list[bytes]:
    """The pages of ``plan`` drawn by matplotlib: one ``bytes`` per page, or a single
    multi-page PDF for ``pdf``. Each page replays its own records (:func:`page_records`)
    onto a figure of the page, every text and line scaled alike, with its marks."""
    import io

    import matplotlib

    from .charts import RC, figure_bytes

    fmt = fmt.lower().lstrip(".")
    out: list[bytes] = []
    pdf_buffer = io.BytesIO()
    rc = {**RC, "hatch.linewidth": matplotlib.rcParams["hatch.linewidth"] * plan.scale}
    with matplotlib.rc_context(rc):
        pdf = None
        if fmt == "pdf":   # its backend imports fontTools: only when a PDF is asked for
            from matplotlib.backends.backend_pdf import PdfPages

            pdf = PdfPages(pdf_buffer, metadata={"CreationDate": None})
        try:
            for page, records in zip(plan.pages, page_records(drawing, plan)):
                figure = page_figure(records, plan, page, drawing.title, drawing.lanes)
                if pdf is not None:
                    pdf.savefig(figure)
                else:
                    out.append(figure_bytes(figure, fmt, tight=False, dpi=FIT_DPI))
        finally:
            if pdf is not None:
                pdf.close()
    return [pdf_buffer.getvalue()] if fmt == "pdf" else out


def page_figure(records: Sequence, plan: PagePlan, page: Page, title: str = "",
                lanes: Sequence[tuple[float, float, str]] = ()):
    """A matplotlib figure of one page: ``records`` (layout units) scaled onto the page's
    view at ``plan.scale``, then the page's marks (:func:`page_marks`)."""
    from dataclasses import replace

    from matplotlib.figure import Figure

    from .canvas import Text, scaled
    from .replay import add_record, add_text

    page_w, page_h = plan.size
    view = page.view
    width = view.width * UNIT * plan.scale
    height = view.height * UNIT * plan.scale
    figure = Figure(figsize=(page_w, page_h))
    axes = figure.add_axes((PAGE_MARGIN / page_w, 1 - (PAGE_MARGIN + height) / page_h,
                            width / page_w, height / page_h))
    axes.set_xlim(view.x, view.right)
    axes.set_ylim(view.bottom, view.y)
    axes.set_axis_off()
    tiled = _tiled(plan)
    for record in records:
        record = scaled(record, plan.scale)
        if tiled and isinstance(record, Text):
            record = replace(record, clip=True)
        add_record(axes, record)
    marks, view_marks = page_marks(plan, page, title, lanes)
    for mark in view_marks:
        add_text(axes, mark)
    for mark in marks:              # in points from the page's top-left corner
        add_text(figure, replace(mark, x=mark.x / 72 / page_w, y=1 - mark.y / 72 / page_h),
                 figure.transFigure)
    return figure


def lane_marks(page: Page, lanes: Sequence[tuple[float, float, str]]) -> list:
    """The names of the lanes a page cuts through, at its left edge, on the pages right
    of the first column (whose lane headers are on the first): texts in layout units,
    their size in points on the page."""
    from .canvas import Canvas
    from .painter import INK

    if page.column == 0:
        return []
    view, marks = page.view, Canvas(page.view)
    for top, bottom, name in lanes:
        lo, hi = max(top, view.y), min(bottom, view.bottom)
        if hi - lo < 30 or not name:
            continue
        marks.text(view.x + 4, (lo + hi) / 2, name, rotation=90, fontsize=7.5,
                   ha="center", va="top", color=INK, fontstyle="italic",
                   rotation_mode="anchor", zorder=8, clip_on=True,
                   bbox={"boxstyle": "square,pad=0.15", "facecolor": "#FFFFFF",
                         "alpha": 0.85, "edgecolor": "none"})
    return marks.texts()


def page_marks(plan: PagePlan, page: Page, title: str,
               lanes: Sequence[tuple[float, float, str]] = ()) -> tuple[list, list]:
    """What a page adds to its part of the drawing: the page number, the title and where
    the drawing continues (texts in points from the page's top-left corner), and the
    names of the lanes it cuts through (:func:`lane_marks`)."""
    from .canvas import Canvas
    from .painter import INK, MUTED

    page_w, page_h = plan.size
    marks = Canvas(Box(0, 0, page_w * 72, page_h * 72))
    if plan.count == 1:
        return [], lane_marks(page, lanes)
    n = plan.count
    by_place = {(p.row, p.column): p.number for p in plan.pages}
    words = [_("Page {page} of {pages}").format(page=page.number, pages=n)]
    if page.number > 1 and title:
        words.append(title)
    notes = []
    if plan.folded:
        if page.number < n:
            notes.append(_("continues on page {page}").format(page=page.number + 1))
    else:
        for (dr, dc), where in (((0, -1), _("continues on page {page} (left)")),
                                ((-1, 0), _("continues on page {page} (above)")),
                                ((0, 1), _("continues on page {page} (right)")),
                                ((1, 0), _("continues on page {page} (below)"))):
            other = by_place.get((page.row + dr, page.column + dc))
            if other is not None:
                notes.append(where.format(page=other))
    size = 7.5
    y = (page_h - PAGE_MARGIN * 0.45) * 72
    marks.text(PAGE_MARGIN * 72, y, "  \u00b7  ".join(words), fontsize=size, color=MUTED,
               ha="left", va="bottom")
    if notes:
        marks.text((page_w - PAGE_MARGIN) * 72, y, ";  ".join(notes), fontsize=size,
                   color=INK, ha="right", va="bottom", fontweight="bold")
    for (dr, dc), x, arrow, ha in (((0, 1), page_w - 0.12, "\u25b6", "right"),
                                   ((0, -1), 0.12, "\u25c0", "left")):
        if (page.row + dr, page.column + dc) in by_place:
            marks.text(x * 72, page_h * 36, arrow, fontsize=11, color=INK, ha=ha,
                       va="center")
    return marks.texts(), lane_marks(page, lanes)
