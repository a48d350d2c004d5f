"""Before and after: a process and its variant one above the other, with the diff marked.

Both are drawn at the same scale, the variant laid out with the original's layout as
``previous`` so the steps it keeps stay where they were. The diff reads without colour:
removed steps are hatched with a dashed outline, steps merged away hatched the other way,
and every marked step carries a badge (``removed``, ``merged 3->1``, ``parallel``,
``new``, ``now online``...); the colours (Okabe-Ito, colour-blind safe) only repeat it.
A box gives the measures before and after: steps, visits, procedures, lead time and
applicant hours a year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..i18n import N_, _, format_number, ngettext
from ..layout import Box, Layout, layout_process
from ..model import Process
from .diagram import (
    MARGIN,
    Header,
    draw_header,
    draw_notes,
    key_notes,
    label_width,
    note_blocks,
    notes_height,
    zoom_for,
)
from .diff import (
    CHANGED,
    MERGED,
    MERGED_AWAY,
    MOVED,
    NEW,
    PARALLEL,
    REMOVED,
    ProcessDiff,
    diff_processes,
)
from .fonts import FAMILY, LINE_SPACING, text_width, wrap
from .painter import INK, PT, Badge, Scene, Style, extent, fill, new_canvas, paint

VERMILLION, BLUE, GREEN = "#D55E00", "#0072B2", "#009E73"
PURPLE, ORANGE, SKY = "#CC79A7", "#E69F00", "#56B4E9"
STYLES: dict[str, Style] = {
    REMOVED: Style(VERMILLION, "#FDF1EA", 2.0, "--", "///", hatch_colour="#EFB28F"),
    MERGED_AWAY: Style(BLUE, "#EEF5FB", 2.0, "--", "\\\\\\", hatch_colour="#8FBCDD"),
    MERGED: Style(BLUE, "#BFD9EE", 3.4),                  # solid, darkest fill
    PARALLEL: Style(PURPLE, "#F6E3EE", 3.0, "-."),
    NEW: Style(GREEN, "#FFFFFF", 2.4, "-", "..", hatch_colour="#7FCBB0"),   # dotted fill
    CHANGED: Style(ORANGE, "#FDF0D5", 2.6, ":"),
    MOVED: Style(SKY, "#E1F1FB", 2.6),
}
MEANINGS = {
    REMOVED: N_("removed: the variant drops the step"),
    MERGED_AWAY: N_("merged: done by another step in the variant"),
    MERGED: N_("merged: one step now does what several did"),
    PARALLEL: N_("parallel: now runs alongside other steps"),
    NEW: N_("new: added by the change (a data exchange, a checklist, a gateway)"),
    CHANGED: N_("changed: done differently (the badge says how)"),
    MOVED: N_("moved: runs at another point of the process"),
}
LEGEND_WORDS = {            # the one-row key of a picture for a page
    REMOVED: N_("removed"), MERGED_AWAY: N_("merged into another step"),
    MERGED: N_("merged: does what several did"), PARALLEL: N_("parallel"),
    NEW: N_("new"), CHANGED: N_("changed"), MOVED: N_("moved"),
}
DELTA_KEYS = (("steps", N_("steps")), ("visits", N_("visits in person")),
              ("procedures", N_("procedures")),
              ("lead_time_days", N_("lead time, working days")),
              ("annual_applicant_hours", N_("applicant hours a year")))
PANEL_GAP = 50.0
PANEL_LABEL = 44.0
TABLE_SIZE = 10.0
MONO_EM = 0.602           # the advance of every DejaVu Sans Mono glyph, in ems


def variant_name(original: Process, variant: Process) -> str:
    """What the after side is called: the variant's own name, or, when it kept the
    original's (a simplified variant does), "the simplified variant", so that the
    after side never reads like the original ("... before reform").

    >>> variant_name(Process("p", "Permit, before reform"), Process("p", "Permit, before reform"))
    'the simplified variant'
    >>> variant_name(Process("p", "Permit"), Process("q", "Permit in 2025"))
    'Permit in 2025'
    """
    if " ".join(variant.name.split()) == " ".join(original.name.split()):
        return _("the simplified variant")
    return variant.name


def styles_for(diff: ProcessDiff, side: str, where: str = "left",
               layout: Layout | None = None) -> dict[str, Style]:
    """The style of every marked step of one side (``before`` or ``after``), badge
    included (``where``: see :class:`~bpmodel.render.painter.Badge`). With the
    ``layout`` of a page, a gateway or event whose name is written above it has its
    badge on its right shoulder, clear of the name, instead of on its corner."""
    marks = diff.before if side == "before" else diff.after
    shoulder = named_above(layout) if layout is not None and where == "corner" else set()
    out = {}
    for step, mark in marks.items():
        base = STYLES[mark.kind]
        place = "right" if step in shoulder else where
        out[step] = replace(base, badges=(Badge(mark.badge, base.edge, base.face, place),))
    return out


def named_above(layout: Layout) -> set[str]:
    """The gateways and events of a layout whose name is written above them.

    >>> from bpmodel.layout import layout_process
    >>> from bpmodel.model import Process, Step
    >>> named_above(layout_process(Process("p", "P", steps=(Step("a", "Ask"),))))
    set()
    """
    return {n.id for n in layout.nodes if n.shape in ("gateway", "event")
            and n.label is not None and n.label.bottom <= n.box.y + 0.5}


def _number(value: float) -> str:
    """A measure as the headline shows it: whole when it rounds to a whole number at the
    digits shown (float noise such as 9,399.999999 reads 9,400, not 9,400.0).

    >>> _number(9399.999999), _number(42.625), _number(0.25), _number(3.0)
    ('9,400', '42.6', '0.25', '3')
    """
    digits = 1 if abs(value) >= 1 else 2
    if round(value, digits) == round(value):
        return format_number(round(value), 0)
    return format_number(value, digits, trim=False)


def measure_deltas(before: Mapping[str, Any], after: Mapping[str, Any],
                   day_unit: str = "working") -> list[tuple[str, str, str, str]]:
    """Rows ``(measure, before, after, change)`` for the measures both sides have.

    >>> for row in measure_deltas({"steps": 25, "lead_time_days": 42.625, "visits": 1},
    ...                           {"steps": 19, "lead_time_days": 20.5, "visits": 1}):
    ...     print(row)
    ('steps', '25', '19', '-6 (-24%)')
    ('visits in person', '1', '1', 'no change')
    ('lead time, working days', '42.6', '20.5', '-22.1 (-52%)')
    """
    rows = []
    for key, label in DELTA_KEYS:
        if key == "lead_time_days":
            label = f"lead time, {day_unit} days"
        a, b = before.get(key), after.get(key)
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
            continue
        change = b - a
        text = _("no change") if abs(change) < 1e-9 else \
            (f"+{_number(change)}" if change > 0 else f"-{_number(-change)}")
        if a and abs(change) >= 1e-9:
            text += f" ({change / a:+.0%})".replace("+-", "-")
        rows.append((_(label), _number(a), _number(b), text))
    return rows


def _measures(process: Process) -> dict[str, Any]:
    from ..analysis.errors import AnalysisError
    from ..analysis.measures import count_measures, measure

    try:
        return measure(process)
    except AnalysisError:   # an unsound variant still has its counts
        return dict(count_measures(process))


def _table_lines(rows: list[tuple[str, str, str, str]]) -> list[str]:
    header = ("", _("before"), _("after"), _("change"))
    table = [header, *rows]
    widths = [max(len(r[i]) for r in table) for i in range(4)]
    return [f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  "
            f"{r[3]:<{widths[3]}}" for r in table]


def _legend_height(kinds: int) -> float:
    return max(kinds, 1) * 34.0 + 30


def before_after_figure(original: Process, variant: Process, **options):
    """The picture, a :class:`~.canvas.Canvas`: a title, the measures box and legend,
    then both processes (see :func:`before_after_drawing` for the options)."""
    return before_after_drawing(original, variant, **options).canvas


PAGES_A_SIDE = 1            # auto: swimlanes when each side fits a page of its own


def before_after_drawing(original: Process, variant: Process, *, changes: Iterable = (),
                         before: Mapping[str, Any] | None = None,
                         after: Mapping[str, Any] | None = None,
                         title: str | None = None, subtitle: str | None = None,
                         labels: tuple[str, str] | None = None, fit: str = "none",
                         empty_lanes: bool | None = None, form: str = "auto"):
    """The before/after figure with what fitting it to a page needs (a
    :class:`~bpmodel.render.pages.Drawing`). ``empty_lanes`` draws the lanes of actors
    without steps (by default only at ``fit="none"``, today's look); drawn for a page,
    the title is not enlarged, as the whole picture is scaled alike.

    ``form`` (for a page): ``lanes`` draws swimlanes; ``flow`` draws every step in one
    lane, each task tagged with its actor (see :mod:`bpmodel.render.flowform`);
    ``auto`` draws swimlanes when they take at most :data:`PAGES_A_SIDE` page a side,
    else the flow form when it takes fewer pages, else swimlanes. At ``fit="none"`` it is always
    swimlanes."""
    from .flowform import FORMS

    if form not in FORMS:
        raise ValueError(f"no form {form!r}; use one of {', '.join(FORMS)}")
    changes = list(changes)
    before = before if before is not None else _measures(original)
    after = after if after is not None else _measures(variant)
    options = dict(changes=changes, before=before, after=after, title=title,
                   subtitle=subtitle, labels=labels, fit=fit, empty_lanes=empty_lanes)
    if fit == "none" or form != "auto":
        return _drawing(original, variant, flow=form == "flow" and fit != "none", **options)
    # the pages of each form are counted without painting it; the chosen one is drawn
    lanes = _drawing(original, variant, flow=False, count_only=True, **options)
    if lanes <= 2 * PAGES_A_SIDE:
        return _drawing(original, variant, flow=False, **options)
    flow = _drawing(original, variant, flow=True, count_only=True, **options)
    return _drawing(original, variant, flow=flow < lanes, **options)


def _drawing(original: Process, variant: Process, *, changes: list,
             before: Mapping[str, Any], after: Mapping[str, Any], title: str | None,
             subtitle: str | None, labels: tuple[str, str] | None, fit: str,
             empty_lanes: bool | None, flow: bool, count_only: bool = False):
    """The before/after drawing in one form (see :func:`before_after_drawing`); with
    ``count_only``, the number of pages it takes, nothing painted."""
    from .flowform import drawn_form
    from .pages import Drawing, lane_names
    from .painter import name_size

    labels = labels or (_("Before"), _("After"))
    if empty_lanes is None:
        empty_lanes = fit == "none"
    where = "left" if fit == "none" else "corner"   # for a page: badges on the corners
    diff = diff_processes(original, variant, changes)
    form = drawn_form((original, variant), flow, labels)   # a band says which side
    original_drawn, variant_drawn = form.processes
    first = layout_process(original_drawn, empty_lanes=empty_lanes)
    second = layout_process(variant_drawn, previous=first, empty_lanes=empty_lanes)
    if fit != "none":       # for a page: squeezed round what is drawn
        from .painter import branch_keys
        from .tight import tight_layout

        keys = branch_keys((original_drawn, first), (variant_drawn, second))
        first, second = (
            tight_layout(process, layout, keys=keys,
                         badged={k: " \u00b7 ".join(b.text for b in s.badges)
                                 for k, s in styles_for(diff, side).items() if s.badges},
                         corner=True, actors=form.lines(k))
            for k, (process, layout, side) in enumerate(((original_drawn, first, "before"),
                                                         (variant_drawn, second, "after"))))
    a, b = (extent(first, original_drawn if fit == "none" else None),
            extent(second, variant_drawn if fit == "none" else None))
    unit = "calendar" if original.calendar.days_per_week >= 7 else "working"
    rows = measure_deltas(before, after, unit)
    lines = _table_lines(rows)
    size = min(name_size(original_drawn, first), name_size(variant_drawn, second))
    from .pages import FOLDS, folded_unless_tiles, plan_pages
    from .painter import branch_keys

    keys = branch_keys((original_drawn, first), (variant_drawn, second))
    left = min(a.x, b.x)
    z = zoom_for(max(a.right, b.right) - left) if fit == "none" else 1.0
    table_w = (max((len(line) for line in lines), default=0) * MONO_EM * TABLE_SIZE / PT
               + 30) * z
    table_h = (len(lines) * TABLE_SIZE * 1.35 / PT + 24) * z
    kinds = diff.kinds
    legend_w = (max((label_width(_(MEANINGS[k]), 9.5) for k in kinds), default=200) + 90) * z
    key_h = max(table_h, _legend_height(len(kinds)) * z)
    headings = [ngettext("{label}:  {process}  ({count} step)",
                         "{label}:  {process}  ({count} steps)", count).format(
        label=label, process=name, count=count)
        for label, name, count in ((labels[0], original.name, len(original.steps)),
                                   (labels[1], variant_name(original, variant),
                                    len(variant.steps)))]
    base = max(a.right, b.right, left + table_w + 40 * z + legend_w) - left
    widest = max(text_width(h, 12.5 * z, bold=True) / PT for h in headings)
    # a panel's heading wider than the picture (it was cut at the page's edge): the
    # picture as wide as it, or the heading wrapped, with room above the panels for its
    # lines, whichever takes fewer pages (as wide, on a tie, and at the natural size)
    options = []
    for width in ([base] if widest <= base else [widest, base]):
        written = ["\n".join(wrap(h, width * PT, 12.5 * z, bold=True))
                   if text_width(h, 12.5 * z, bold=True) / PT > width else h for h in headings]
        label_h = (PANEL_LABEL + max(h.count("\n") for h in written) * 12.5 * LINE_SPACING
                   / PT) * z
        header = Header(title or _("Before and after: {process}").format(
            process=original.name), (subtitle,) if subtitle else (), z).within(width)
        top = a.y - MARGIN - header.height - key_h - MARGIN - label_h
        second_dy = a.bottom + PANEL_GAP + label_h - b.y
        key_lines = key_notes(keys, width, z)
        foot = notes_height(len(key_lines), z) + MARGIN if key_lines else 0.0
        legend = form.legend(width)
        if legend is not None:      # the flow form's key under everything
            foot += legend.height + MARGIN
        frame = Box(left - MARGIN, top, width + 2 * MARGIN,
                    b.bottom + second_dy + MARGIN + foot - top)
        keep_y = tuple((n.box.y + dy, n.box.bottom + dy)
                       for layout, dy in ((first, 0.0), (second, second_dy))
                       for n in layout.nodes if not n.expanded)
        # a page may end under the key, and must rather end between the two panels
        breaks = (a.y - label_h - MARGIN / 2, a.bottom + PANEL_GAP / 2)
        options.append((width, written, label_h, header, top, second_dy, key_lines,
                        legend, frame, keep_y, breaks))
    keep_x = tuple((n.box.x, n.box.right) for n in (*first.nodes, *second.nodes)
                   if not n.expanded)
    if len(options) > 1 and fit != "none":
        from .painter import smallest_text

        smallest = min(smallest_text(original_drawn, first, size),
                       smallest_text(variant_drawn, second, size))
        options.sort(key=lambda o: plan_pages(o[8], fit, smallest, keep_x=keep_x,
                                              keep_y=o[9], breaks_y=o[10]).count)
    (width, headings, label_h, header, top, second_dy, key_lines, legend, frame, keep_y,
     breaks) = options[0]
    if fit in FOLDS:
        folded = _folded(form, diff, first, second, rows, labels, fit, size,
                         title or _("Before and after: {process}").format(
                             process=original.name), subtitle, keys, count_only)
        chosen = None if folded is None else folded_unless_tiles(
            folded, frame, fit, count_only, keep_x=keep_x, keep_y=keep_y, breaks_y=breaks)
        if chosen is not None:
            return chosen
    if count_only:      # drawn whole: its tiles at the size of its smallest text
        from .painter import smallest_text

        smallest = min(smallest_text(original_drawn, first, size),
                       smallest_text(variant_drawn, second, size))
        return plan_pages(frame, fit, smallest, keep_x=keep_x, keep_y=keep_y,
                          breaks_y=breaks).count
    axes = new_canvas(frame)
    y = top + MARGIN
    draw_header(axes, header, left, y)
    y += header.height
    _draw_table(axes, lines, left, y, table_w, table_h, z)
    _draw_legend(axes, kinds, left + table_w + 40 * z, y, z)
    for side, layout_box, dy, heading in (("before", a, 0.0, headings[0]),
                                          ("after", b, second_dy, headings[1])):
        axes.text(left, layout_box.y + dy - 10, heading,
                  fontsize=12.5 * z, fontweight="bold", fontfamily=FAMILY, ha="left",
                  va="bottom", color=INK, gid=f"panel-{side}", linespacing=LINE_SPACING)
    paint(axes, Scene(original_drawn, first, styles=styles_for(diff, "before", where, first),
                      prefix="before-", name_size=size, keys=keys, wrap_times=fit != "none",
                      **form.scene(0)))
    paint(axes, Scene(variant_drawn, second, dy=second_dy,
                      styles=styles_for(diff, "after", where, second), prefix="after-",
                      name_size=size, keys=keys, wrap_times=fit != "none", **form.scene(1)))
    y = b.bottom + second_dy + MARGIN
    if key_lines:
        draw_notes(axes, _("Branch conditions"), key_lines, left, y, None, z)
        y += notes_height(len(key_lines), z) + MARGIN
    if legend is not None:
        legend.paint(axes, left, y)
    return Drawing(axes, frame, keep_x, keep_y, breaks,
                   title or f"Before and after: {original.name}",
                   lane_names(first) + lane_names(second, second_dy))


def _heading(side: str, label: str, name: str, count: int, key=None,
             width: float = float("inf")):
    """The painter of a panel's heading on pages, wrapped to ``width`` units (a long
    process name was cut at the edge of the page), and its height; ``key`` (the rows
    of the key, see :func:`_key_rows`, and their x offset) is drawn on the heading's
    right."""
    from .sheets import HEADING

    heading = _heading_text(label, name, count)
    if text_width(heading, HEADING_SIZE, True) / PT > width:
        heading = "\n".join(wrap(heading, width * PT, HEADING_SIZE, bold=True))
    height = HEADING + heading.count("\n") * HEADING_SIZE * LINE_SPACING / PT

    def paint_heading(axes, x: float, y: float) -> None:
        axes.text(x, y + height - 2, heading, fontsize=HEADING_SIZE, fontweight="bold",
                  fontfamily=FAMILY, ha="left", va="bottom", color=INK, gid=f"panel-{side}",
                  linespacing=LINE_SPACING)
        if key is not None:
            rows, dx = key
            _draw_key_rows(axes, rows, x + dx, y + height - 2 - KEY_ROW * len(rows) + 6)

    return paint_heading, height


def _heading_text(label: str, name: str, count: int) -> str:
    return ngettext("{label}:  {process}  ({count} step)",
                    "{label}:  {process}  ({count} steps)", count).format(
        label=label, process=name, count=count)


HEADING_SIZE = 12.5


def _folded(form, diff: ProcessDiff, first, second,
            rows: list[tuple[str, str, str, str]], labels: tuple[str, str], fit: str,
            size: float, title: str, subtitle: str | None, keys: dict[str, str],
            count_only: bool = False):
    """The before/after picture folded onto pages of ``fit`` (see
    :mod:`bpmodel.render.sheets`): the title, the key figures and the legend, then the
    before and the after, each cut into bands as wide as the page; None when it cannot
    be folded. ``form``: see :class:`~bpmodel.render.flowform.Form`."""
    from .painter import smallest_text
    from .sheets import Block, Panel, folded_drawing, page_units

    original, variant = form.originals
    original_drawn, variant_drawn = form.processes

    smallest = min(smallest_text(original_drawn, first, size),
                   smallest_text(variant_drawn, second, size))
    width = page_units(fit, smallest)[1]
    figures = [_("{measure}: {before} \u2192 {after}").format(measure=row[0], before=row[1],
                                                               after=row[2])
               for row in rows]
    header = Header(title, (subtitle,) if subtitle else (), 1.0).within(width - 40)
    figure_lines = wrap("  \u00b7  ".join(figures), (width - 40) * PT, FIGURES_SIZE)
    figures_h = len(figure_lines) * FIGURES_SIZE * 1.45 / PT
    kinds = diff.kinds
    before_name = _heading_text(labels[0], original.name, len(original.steps))
    # the key on one row right of the before's heading when it fits there, else under
    # the key figures
    beside = min(text_width(before_name, HEADING_SIZE, True) / PT, width - 40) + 40
    key_rows = _key_rows(kinds, width - 40 - beside)
    key_beside = len(key_rows) == 1 and _rows_width(key_rows) <= width - 40 - beside
    if not key_beside:
        key_rows = _key_rows(kinds, width - 40)
    key_h = figures_h + (0.0 if key_beside else len(key_rows) * KEY_ROW + 6)

    def paint_head(axes, x: float, y: float) -> None:
        draw_header(axes, header, x, y)
        y += header.height - 10
        for k, line in enumerate(figure_lines):
            axes.text(x, y + k * FIGURES_SIZE * 1.45 / PT, line, fontsize=FIGURES_SIZE,
                      fontfamily=FAMILY, ha="left", va="top", color=INK, gid=f"figures-{k}")
        if not key_beside:
            _draw_key_rows(axes, key_rows, x, y + figures_h + 4)

    before_heading, before_h = _heading("before", labels[0], original.name,
                                        len(original.steps),
                                        (key_rows, beside) if key_beside else None,
                                        width - 40)
    after_heading, after_h = _heading("after", labels[1], variant_name(original, variant),
                                      len(variant.steps), width=width - 40)
    panels = [Panel(original_drawn, first, before_heading,
                    styles_for(diff, "before", "corner", first), prefix="before-", keys=keys,
                    heading_height=before_h, **form.scene(0)),
              Panel(variant_drawn, second, after_heading,
                    styles_for(diff, "after", "corner", second), prefix="after-", keys=keys,
                    heading_height=after_h, **form.scene(1))]
    height = page_units(fit, smallest)[2]
    tail = note_blocks(_("Branch conditions"), _("Branch conditions (continued)"),
                       key_notes(keys, width - 40), height) if keys else []
    legend = form.legend(LEGEND_WIDTH - 10)
    if legend is not None:      # the flow form's key after the pictures, beside the last
        #                         band when that leaves room, else under it, across the page
        across = form.legend(width - 40)
        tail.insert(0, Block(legend.height, lambda axes, x, y: legend.paint(axes, x + 10, y),
                             width=LEGEND_WIDTH,
                             wide=Block(across.height,
                                        lambda axes, x, y: across.paint(axes, x + 10, y))))
    return folded_drawing([Block(header.height + key_h, paint_head)], panels, fit,
                          name_size=size, smallest=smallest, title=title, tail=tail,
                          count_only=count_only)


KEY_ROW = 30.0              # units: a row of the one-row key
LEGEND_WIDTH = 420.0        # units: the flow form's key on pages (beside the last band)
FIGURES_SIZE = 9.0          # points: the key figures' line on pages
KEY_SWATCH = (40.0, 20.0)
KEY_SIZE = 8.5


def _key_rows(kinds: tuple[str, ...], width: float) -> list[list[tuple[str, float]]]:
    """The entries of the key (kind, x offset) in rows at most ``width`` units wide,
    headed by "What changed"."""
    rows: list[list[tuple[str, float]]] = [[("", 0.0)]]
    x = label_width(_("What changed:"), KEY_SIZE) + 16
    for kind in kinds or ():
        need = KEY_SWATCH[0] + 8 + label_width(_(LEGEND_WORDS[kind]), KEY_SIZE) + 24
        if x + need > width and len(rows[-1]) > 1:
            rows.append([])
            x = 0.0
        rows[-1].append((kind, x))
        x += need
    return rows


def _rows_width(rows: list[list[tuple[str, float]]]) -> float:
    """How wide (units) the widest row of the key is.

    >>> _rows_width([[("", 0.0)]]) > 0
    True
    """
    widths = []
    for row in rows:
        kind, x = row[-1]
        words = _(LEGEND_WORDS[kind]) if kind else (
            _("What changed:") if len(row) > 1 or len(rows) > 1 else _("No step changed"))
        widths.append(x + (KEY_SWATCH[0] + 8 if kind else 0.0)
                      + label_width(words, KEY_SIZE))
    return max(widths, default=0.0)


def _draw_key_rows(axes, rows: list[list[tuple[str, float]]], x: float, y: float) -> None:
    for k, row in enumerate(rows):
        cy = y + k * KEY_ROW + KEY_ROW / 2
        for kind, dx in row:
            if not kind:
                axes.text(x, cy, _("What changed:") if len(row) > 1 or len(rows) > 1
                          else _("No step changed"), fontsize=KEY_SIZE, fontweight="bold",
                          fontfamily=FAMILY, ha="left", va="center", color=INK)
                continue
            style = STYLES[kind]
            w, h = KEY_SWATCH
            axes.rect(x + dx, cy - h / 2, w, h, rounding=4, **fill(style), edge=style.edge,
                      width=style.width * 0.8, line=style.line, zorder=2)
            axes.text(x + dx + w + 8, cy, _(LEGEND_WORDS[kind]), fontsize=KEY_SIZE,
                      fontfamily=FAMILY, ha="left", va="center", color=INK,
                      gid=f"legend-{kind}")


def _draw_table(axes, lines: list[str], x: float, y: float, w: float, h: float,
                z: float) -> None:
    axes.rect(x, y, w, h, rounding=8, face="#F7F7F7", edge=INK, width=1.0 * z, zorder=1)
    for k, line in enumerate(lines):
        axes.text(x + 15 * z, y + (12 + k * TABLE_SIZE * 1.35 / PT) * z, line,
                  fontsize=TABLE_SIZE * z, fontfamily="DejaVu Sans Mono", ha="left", va="top",
                  fontweight="bold" if k == 0 else "normal", color=INK, gid=f"delta-{k}")


def _draw_legend(axes, kinds: tuple[str, ...], x: float, y: float, z: float) -> None:
    axes.text(x, y, _("What changed") if kinds else _("No step changed"), fontsize=10 * z,
              fontweight="bold", fontfamily=FAMILY, ha="left", va="top", color=INK)
    for k, kind in enumerate(kinds):
        style = STYLES[kind]
        top = y + (26 + k * 34) * z
        axes.rect(x, top, 60 * z, 26 * z, rounding=5 * z, **fill(style), edge=style.edge,
                  width=style.width * z, line=style.line, zorder=2)
        axes.text(x + 75 * z, top + 13 * z, _(MEANINGS[kind]), fontsize=9.5 * z,
                  fontfamily=FAMILY, ha="left", va="center", color=INK, gid=f"legend-{kind}")


def draw_before_after(original: Process, variant: Process, path: str | Path, *,
                      fit: str = "none", **options) -> list[Path]:
    """Draw the before/after picture into ``path`` (``.png``, ``.svg`` or ``.pdf``);
    ``fit`` as in :func:`~bpmodel.render.diagram.draw_diagram`. Returns the files written."""
    from .charts import check_output
    from .pages import FITS, FOLDS, write_drawing

    check_output(path)
    if fit not in FITS and fit not in FOLDS:
        raise ValueError(f"cannot fit to {fit!r}; use one of {', '.join(FITS)}")
    return write_drawing(before_after_drawing(original, variant, fit=fit, **options), path, fit)


def before_after_files(original: Process, variant: Process, stem: str = "before-after",
                       formats: Iterable[str] = ("png", "svg"), *, fit: str = "none",
                       **options) -> dict[str, bytes]:
    """File name -> bytes of the before/after picture in each format (one figure drawn);
    fitted to a page, pages after the first are numbered files (``before-after-2.png``)."""
    from .pages import drawing_files

    drawing = before_after_drawing(original, variant, fit=fit, **options)
    return drawing_files(drawing, stem, tuple(formats), fit)


def before_after_pages(original: Process, variant: Process,
                       formats: Iterable[str] = ("png", "svg"), *, fit: str = "a4",
                       **options) -> dict[str, list[bytes]]:
    """Format -> the pages of the before/after picture to read, in order: folded onto
    pages of ``fit`` (by default A4 landscape) with every step text at 7 pt or more.
    What `bpmodel simplify` and the workshop report show; the options are those of
    :func:`before_after_drawing`."""
    from .pages import drawing_pages

    drawing = before_after_drawing(original, variant, fit=fit, **options)
    return drawing_pages(drawing, tuple(formats), fit)
