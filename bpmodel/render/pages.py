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

import bisect
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
    pages in one). SVG is written without matplotlib; PNG and PDF replay the drawing
    onto one matplotlib figure."""
    out: dict[str, list[bytes]] = {}
    plan = None if fit == "none" else drawing.plan(fit)
    if "svg" in formats:
        out["svg"] = svg_pages(drawing, plan)
    others = [fmt for fmt in formats if fmt != "svg"]
    if not others:
        return out
    from .charts import SCREEN_DPI, figure_bytes, png_dpi
    from .replay import figure_of

    figure, axes, artists = figure_of(drawing.canvas)
    if plan is None:   # read on a screen: a PNG at screen resolution, in RGB
        dpi = png_dpi(*figure.get_size_inches(), SCREEN_DPI)
        out.update({fmt: [figure_bytes(figure, fmt, tight=False,
                                       dpi=dpi if fmt == "png" else None)] for fmt in others})
        return {fmt: out[fmt] for fmt in formats}
    groups = None
    if plan.folded and len(drawing.groups) == plan.count:
        artist_of = {id(record): artist for record, artist
                     in zip(drawing.canvas.records, artists)}
        groups = [[artist_of[id(record)] for record in group] for group in drawing.groups]
    out.update({fmt: render_pages(figure, axes, plan, fmt, drawing.title, drawing.lanes,
                                  groups) for fmt in others})
    return {fmt: out[fmt] for fmt in formats}


def svg_pages(drawing: Drawing, plan: PagePlan | None) -> list[bytes]:
    """The pages of a drawing as SVG documents (one at the natural size for no
    ``plan``), written by :mod:`~.svg` without matplotlib."""
    from .canvas import in_view
    from .svg import SvgPage, natural_svg, page_svg

    records = drawing.canvas.records
    if plan is None:
        return [natural_svg(records, drawing.frame, drawing.title).encode("utf-8")]
    folded = plan.folded and len(drawing.groups) == plan.count
    pages = []
    for k, page in enumerate(plan.pages):
        if folded:
            shown = drawing.groups[k]
        elif plan.count == 1:
            shown = records
        else:
            shown = [record for record in records if in_view(record, page.view)]
        marks, view_marks = page_marks(plan, page, drawing.title, drawing.lanes)
        title = drawing.title if plan.count == 1 else _(
            "{title}, page {page} of {pages}").format(title=drawing.title, page=page.number,
                                                    pages=plan.count)
        svg_page = SvgPage(plan.size, page.view, plan.scale, PAGE_MARGIN,
                           clip=plan.count > 1 and not plan.folded)
        pages.append(page_svg(shown, svg_page, title, marks, view_marks).encode("utf-8"))
    return pages


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


def drawn_artists(figure) -> list:
    """Every artist of a figure except its axes' axis lines, ticks and tick labels, which a
    diagram never shows: walking them would create the ticks (`findobj` does), the
    slowest part of fitting a drawing to a page."""
    from matplotlib.axis import Axis

    out, stack = [], [figure]
    while stack:
        artist = stack.pop()
        out.append(artist)
        stack.extend(child for child in artist.get_children() if not isinstance(child, Axis))
    return out


def _scale_artists(figure, scale: float) -> list:
    """Scale every font size and line width of a figure; returns how to undo it."""
    from matplotlib.collections import Collection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    undo = []
    for artist in drawn_artists(figure):
        if isinstance(artist, Text):
            size = artist.get_fontsize()
            artist.set_fontsize(size * scale)
            undo.append((artist.set_fontsize, size))
            patch = artist.get_bbox_patch()
            if patch is not None:
                width = patch.get_linewidth()
                patch.set_linewidth(width * scale)
                undo.append((patch.set_linewidth, width))
        elif isinstance(artist, (Patch, Line2D)):
            width = artist.get_linewidth()
            artist.set_linewidth(width * scale)
            undo.append((artist.set_linewidth, width))
        elif isinstance(artist, Collection):
            widths = artist.get_linewidths()
            artist.set_linewidths([w * scale for w in widths])
            undo.append((artist.set_linewidths, widths))
    return undo


def page_name(stem: str, number: int, ext: str) -> str:
    """The file of a page: the first keeps the plain name, the next ones are numbered.

    >>> page_name("before-after", 1, "png"), page_name("before-after", 2, "png")
    ('before-after.png', 'before-after-2.png')
    """
    return f"{stem}.{ext}" if number == 1 else f"{stem}-{number}.{ext}"


def render_pages(figure, axes, plan: PagePlan, fmt: str, title: str = "",
                 lanes: Sequence[tuple[float, float, str]] = (),
                 groups: Sequence[Sequence] | None = None) -> list[bytes]:
    """The pages of ``plan`` rendered from ``figure`` (whose ``axes`` show the drawing in
    layout units): one ``bytes`` per page, or a single multi-page PDF for ``pdf``.
    ``groups``: for a folded plan, the artists painted on each page (else they are found
    by where they lie)."""
    import io

    import matplotlib

    from .charts import RC, figure_bytes

    fmt = fmt.lower().lstrip(".")
    undo = _scale_artists(figure, plan.scale)
    undo += [(figure.set_size_inches, tuple(figure.get_size_inches())),
             (axes.set_position, axes.get_position()), (axes.set_xlim, axes.get_xlim()),
             (axes.set_ylim, axes.get_ylim()), (figure.set_dpi, figure.get_dpi())]
    page_w, page_h = plan.size
    figure.set_size_inches(page_w, page_h)
    out: list[bytes] = []
    pdf_buffer = io.BytesIO()
    rc = {**RC, "hatch.linewidth": matplotlib.rcParams["hatch.linewidth"] * plan.scale}
    with matplotlib.rc_context(rc):
        pdf = None
        if fmt == "pdf":   # its backend imports fontTools: only when a PDF is asked for
            from matplotlib.backends.backend_pdf import PdfPages

            pdf = PdfPages(pdf_buffer, metadata={"CreationDate": None})
        sheets = None
        try:
            sheets = (_hidden(groups) if groups is not None else _by_sheet(axes, plan)) \
                if plan.folded else None
            for k, page in enumerate(plan.pages):
                marks = _place(figure, axes, plan, page, title)
                marks += _lane_names(axes, page, lanes)
                if sheets is not None:      # each artist lies on one sheet: show its own
                    for artist in sheets[k]:
                        artist.set_visible(True)
                    hidden = sheets[k]
                else:       # a page that shows the whole drawing hides nothing
                    hidden = [] if plan.count == 1 else _hide_outside(axes, page.view)
                if pdf is not None:
                    pdf.savefig(figure)
                else:
                    out.append(figure_bytes(figure, fmt, tight=False, dpi=FIT_DPI))
                for mark in marks:
                    mark.remove()
                for artist in hidden:
                    artist.set_visible(sheets is None)
        finally:
            if pdf is not None:
                pdf.close()
            for artist in (a for group in (sheets or ()) for a in group):
                artist.set_visible(True)
    for setter, value in undo:
        setter(value)
    return [pdf_buffer.getvalue()] if fmt == "pdf" else out


def _hidden(groups: Sequence[Sequence]) -> list[list]:
    """The visible artists of each group, each hidden until its page is drawn."""
    out = []
    for group in groups:
        shown = [artist for artist in group if artist.get_visible()]
        for artist in shown:
            artist.set_visible(False)
        out.append(shown)
    return out


def _by_sheet(axes, plan: PagePlan) -> list[list]:
    """The visible artists of a folded drawing, by the sheet (page) they lie on, each
    hidden until its page is drawn: every page then draws only its own artists."""
    from matplotlib.collections import Collection
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    tops = [page.view.y for page in plan.pages]
    groups: list[list] = [[] for _ in plan.pages]
    to_data = axes.transData.inverted()
    for artist in axes.get_children():
        if not artist.get_visible() or artist is axes.patch:
            continue
        if isinstance(artist, Text):
            y = artist.get_position()[1]
        elif isinstance(artist, Patch):
            box = artist.get_extents().transformed(to_data)
            y = (box.y0 + box.y1) / 2
        elif isinstance(artist, Collection):
            box = artist.get_datalim(axes.transData)
            y = (box.y0 + box.y1) / 2
        else:
            continue
        k = max(0, min(len(tops) - 1, bisect.bisect_right(tops, y) - 1))
        groups[k].append(artist)
        artist.set_visible(False)
    return groups


def _hide_outside(axes, view: Box) -> list:
    """Hide what lies wholly outside the page's view (it would be clipped away, yet
    written into an SVG or PDF), and clip texts to the view; returns what was hidden."""
    from matplotlib.collections import Collection
    from matplotlib.patches import Patch
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

    hidden = []
    shown = Bbox.from_extents(view.x, view.y, view.right, view.bottom)
    to_data = axes.transData.inverted()
    for artist in axes.get_children():
        if not artist.get_visible() or artist is axes.patch:
            continue
        if isinstance(artist, Text):
            x, y = artist.get_position()
            artist.set_clip_path(axes.patch)
            inside = view.x - 1 <= x <= view.right + 1 and view.y - 1 <= y <= view.bottom + 1
        elif isinstance(artist, Patch):
            box = artist.get_extents().transformed(to_data)
            inside = box.overlaps(shown) or (box.width == 0 and box.height == 0)
        elif isinstance(artist, Collection):     # the flows and markers of one band
            box = artist.get_datalim(axes.transData)
            inside = not (box.width >= 0 and box.height >= 0) or box.overlaps(shown)
        else:
            continue
        if not inside:
            artist.set_visible(False)
            hidden.append(artist)
    return hidden


def _lane_names(axes, page: Page, lanes: Sequence[tuple[float, float, str]]) -> list:
    """The lane names of a page (see :func:`page_marks`) drawn on ``axes``."""
    from .replay import add_text

    return [add_text(axes, mark) for mark in lane_marks(page, lanes)]


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


def _place(figure, axes, plan: PagePlan, page: Page, title: str) -> list:
    """Show ``page`` on the figure (its axes moved and limited to the page's view) with
    its marks (:func:`page_marks`); returns the marks' artists, to remove after."""
    from dataclasses import replace

    from .replay import add_text

    page_w, page_h = plan.size
    view = page.view
    width = view.width * UNIT * plan.scale
    height = view.height * UNIT * plan.scale
    axes.set_position((PAGE_MARGIN / page_w, 1 - (PAGE_MARGIN + height) / page_h,
                       width / page_w, height / page_h))
    axes.set_xlim(view.x, view.right)
    axes.set_ylim(view.bottom, view.y)
    axes.set_clip_on(True)
    marks = page_marks(plan, page, title)[0]     # in points from the top-left corner
    return [add_text(figure, replace(mark, x=mark.x / 72 / page_w,
                                     y=1 - mark.y / 72 / page_h), figure.transFigure)
            for mark in marks]
