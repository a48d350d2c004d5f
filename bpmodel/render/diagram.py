"""Swimlane diagrams of a process, drawn from its layout.

:func:`draw_diagram` writes PNG, SVG or PDF (by the file's extension): a title, the
lanes grouped by agency, the steps in the BPMN look with their durations and, on
request, the critical path drawn thick (``highlight="critical"``) and numbered badges
on the steps that have findings, listed under the diagram (``findings=True``).

The figure is as large as the process needs at a fixed scale (a task is an inch
wide), so the text of a 200-step process is as readable as that of a small one.
It is painted on a :class:`~.canvas.Canvas`: SVG is written without matplotlib, which
is imported only for PNG and PDF.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..i18n import _, language, ngettext
from ..labels import severity_label
from ..layout import Box, Layout, layout_process
from ..model import Process
from .fonts import FAMILY, LINE_SPACING, text_width, wrap
from .painter import INK, MUTED, PT, Badge, Scene, Style, extent, new_canvas, paint, strong_flows

HIGHLIGHTS = ("critical",)
CRITICAL_COLOUR = "#D55E00"      # vermillion (Okabe-Ito)
SEVERITY_COLOURS = {"error": ("#D55E00", "#FBE3D6"), "warning": ("#E69F00", "#FDF0D5"),
                    "info": ("#56B4E9", "#E1F1FB")}
MARGIN = 30.0
LEGEND_WIDTH = 420.0        # units: the flow form's key on pages (beside the last band)
TITLE_SIZE, SUBTITLE_SIZE, NOTE_SIZE = 16.0, 10.0, 9.5


def zoom_for(width: float) -> float:
    """How much larger the title and summary of a figure ``width`` units wide are drawn, so
    that they can be read when the whole figure is shrunk to fit a screen or a page.

    >>> zoom_for(800), zoom_for(3600), zoom_for(30000)
    (1.0, 2.4, 3.0)
    """
    return round(min(3.0, max(1.0, width / 1500)), 2)


@dataclass(frozen=True)
class Header:
    """The title band of a figure: a title and lines under it, ``zoom`` times the size.

    The title and lines may hold line breaks (see :meth:`within`)."""

    title: str
    lines: tuple[str, ...] = ()
    zoom: float = 1.0

    @property
    def height(self) -> float:
        """In layout units."""
        title_lines = self.title.count("\n") + 1
        return (TITLE_SIZE * 1.5 + (title_lines - 1) * TITLE_SIZE * LINE_SPACING
                + len(self.lines) * SUBTITLE_SIZE * 1.45) * self.zoom / PT + 16

    @property
    def width(self) -> float:
        """The widest line, in layout units."""
        widths = [text_width(line, TITLE_SIZE * self.zoom, bold=True)
                  for line in self.title.split("\n")]
        widths += [text_width(line, SUBTITLE_SIZE * self.zoom) for line in self.lines]
        return max(widths, default=0.0) / PT

    def within(self, width: float) -> Header:
        """This header with its title wrapped to ``width`` layout units, so that no title
        is cut at the edge of its figure; a subtitle line too wide is wrapped the same way.

        >>> Header("Penerbitan persetujuan bangunan gedung", ()).within(300).title
        'Penerbitan persetujuan\\nbangunan gedung'
        """
        if self.width <= width:
            return self
        title = "\n".join(wrap(self.title, width * PT, TITLE_SIZE * self.zoom, bold=True))
        lines = tuple(part for line in self.lines
                      for part in wrap(line, width * PT, SUBTITLE_SIZE * self.zoom))
        return Header(title, lines, self.zoom)


def draw_header(axes, header: Header, x: float, y: float) -> None:
    """Write the title band with its top-left corner at (x, y)."""
    z = header.zoom
    axes.text(x, y, header.title, fontsize=TITLE_SIZE * z, fontweight="bold",
              fontfamily=FAMILY, ha="left", va="top", color=INK, gid="title",
              linespacing=LINE_SPACING)
    y += (TITLE_SIZE * 1.5 + header.title.count("\n") * TITLE_SIZE * LINE_SPACING) * z / PT
    for line in header.lines:
        axes.text(x, y, line, fontsize=SUBTITLE_SIZE * z, fontfamily=FAMILY, ha="left",
                  va="top", color=MUTED)
        y += SUBTITLE_SIZE * 1.45 * z / PT


def numbered_notes(items: Sequence[tuple[str, str]], width: float, zoom: float = 1.0
                   ) -> list[tuple[str, str]]:
    """``(number, text)`` items wrapped to ``width`` units: one ``(number or '', line)``
    per line.

    >>> numbered_notes([("1", "short")], 500)
    [('1', 'short')]
    """
    out = []
    for number, text in items:
        lines = wrap(" ".join(text.split()), (width - 30 * zoom) * PT, NOTE_SIZE * zoom)
        out += [(number if k == 0 else "", line) for k, line in enumerate(lines)]
    return out


def notes_height(lines: int, zoom: float = 1.0) -> float:
    """The height of :func:`draw_notes` with ``lines`` lines, in units."""
    return (11 * 1.6 + lines * NOTE_SIZE * LINE_SPACING * 1.1) * zoom / PT


def draw_notes(axes, title: str, lines: list[tuple[str, str]], x: float, y: float,
               colours: dict[str, tuple[str, str]] | None = None, zoom: float = 1.0) -> None:
    """A heading and numbered lines (findings, changes) from (x, y) down."""
    axes.text(x, y, title, fontsize=11 * zoom, fontweight="bold", fontfamily=FAMILY,
              ha="left", va="top", color=INK)
    y += 11 * 1.6 * zoom / PT
    step = NOTE_SIZE * LINE_SPACING * 1.1 * zoom / PT
    for number, line in lines:
        if number:
            colour, tint = (colours or {}).get(number, (INK, "#FFFFFF"))
            axes.text(x + 10 * zoom, y, number, fontsize=(NOTE_SIZE - 1) * zoom,
                      fontweight="bold", fontfamily=FAMILY, ha="center", va="top", color=INK,
                      bbox={"boxstyle": "round,pad=0.2", "facecolor": tint,
                            "edgecolor": colour, "linewidth": 1.0})
        axes.text(x + 26 * zoom, y, line, fontsize=NOTE_SIZE * zoom, fontfamily=FAMILY,
                  ha="left", va="top", color=INK)
        y += step




def describe(process: Process, layout: Layout, actors: int | None = None) -> str:
    """The line under a diagram's title: what it shows, in counts (``actors``: how many
    the flow form names, which draws one lane).

    >>> from bpmodel.model import Actor, Process, Step
    >>> p = Process("p", "P", actors=(Actor("c", "Clerk"),), steps=(Step("a", "A", actor="c"),))
    >>> describe(p, layout_process(p))
    '1 task \u00b7 1 lane'
    """
    lanes = sum(band.kind == "lane" or band.actor is not None for band in layout.lanes)
    tasks, gateways, agencies = len(process.tasks), len(process.gateways), len(process.agencies)
    parts = [ngettext("{count} task", "{count} tasks", tasks).format(count=tasks)]
    if gateways:
        parts.append(ngettext("{count} gateway", "{count} gateways", gateways).format(
            count=gateways))
    if actors is None:
        parts.append(ngettext("{count} lane", "{count} lanes", lanes).format(count=lanes))
    else:       # the flow form: one lane, the actors named on the tasks
        parts.append(ngettext("{count} actor", "{count} actors", actors).format(
            count=actors))
    if agencies:
        parts.append(ngettext("{count} agency", "{count} agencies", agencies).format(
            count=agencies))
    return " \u00b7 ".join(parts)


def lead_time_words(hours: float, process: Process) -> str:
    """A lead time for a caption: days (working days, or calendar days on a seven-day
    calendar) when it is a day or more, else hours and minutes; "at least" when some step
    on the way has no time.

    >>> from bpmodel.model import Calendar, Process
    >>> lead_time_words(341, Process("p", "P")), lead_time_words(0.75, Process("p", "P"))
    ('42.6 working days', '45 min')
    >>> lead_time_words(160, Process("p", "P", calendar=Calendar(8, 7)))
    '20 calendar days'
    """
    from ..formatting import format_days, format_duration

    days = hours / process.calendar.hours_per_day
    lang = language()
    text = format_days(days, process.calendar.days_per_week >= 7, lang=lang) if days >= 1 \
        else format_duration(hours, process.calendar.hours_per_day, lang=lang)
    if any(not s.time_known for s in process.tasks):
        return _("not known, at least {time} (steps without a time)").format(time=text)
    return text


def finding_badges(findings) -> tuple[dict[str, Badge], list[tuple[str, str]],
                                      dict[str, tuple[str, str]]]:
    """Badges per step (the numbers of its findings), the numbered notes and their colours."""
    per_step: dict[str, list[int]] = {}
    worst: dict[str, str] = {}
    rank = {"error": 0, "warning": 1, "info": 2}
    notes, colours = [], {}
    for number, finding in enumerate(findings, 1):
        colours[str(number)] = SEVERITY_COLOURS.get(finding.severity, SEVERITY_COLOURS["info"])
        notes.append((str(number), f"{severity_label(finding.severity)}  {finding.rule}:  "
                                   f"{finding.message}"))
        for step in dict.fromkeys(finding.steps):
            per_step.setdefault(step, []).append(number)
            if rank.get(finding.severity, 3) < rank.get(worst.get(step, "info"), 3):
                worst[step] = finding.severity
            worst.setdefault(step, finding.severity)
    badges = {}
    for step, numbers in per_step.items():
        text = ",".join(str(n) for n in numbers[:3]) + (f",+{len(numbers) - 3}"
                                                        if len(numbers) > 3 else "")
        colour, tint = SEVERITY_COLOURS.get(worst[step], SEVERITY_COLOURS["info"])
        badges[step] = Badge(text, colour, tint, "right")
    return badges, notes, colours


def diagram_figure(process: Process, *, layout: Layout | None = None, critical=None,
                   findings=None):
    """The picture of a process, a :class:`~.canvas.Canvas`. ``critical`` is a
    :class:`~bpmodel.analysis.paths.CriticalPath` to draw thick; ``findings`` a list of
    findings to badge and list."""
    return diagram_drawing(process, layout=layout, critical=critical, findings=findings).canvas


def diagram_drawing(process: Process, *, layout: Layout | None = None, critical=None,
                    findings=None, fit: str = "none", empty_lanes: bool = False,
                    form: str = "auto"):
    """The figure of a process with what fitting it to a page needs (a
    :class:`~bpmodel.render.pages.Drawing`). Drawn for a page (``fit`` other than
    ``none``), the title is not enlarged: the whole picture is scaled alike.

    ``form`` (for a page, when no ``layout`` is given): ``lanes`` draws swimlanes,
    ``flow`` every step in one lane with its actor on it (see
    :mod:`bpmodel.render.flowform`), ``auto`` swimlanes when they fit one page, else the
    flow form when it takes fewer pages, else swimlanes."""
    from .flowform import FORMS

    if form not in FORMS:
        raise ValueError(f"no form {form!r}; use one of {', '.join(FORMS)}")
    options = dict(layout=layout, critical=critical, findings=findings, fit=fit,
                   empty_lanes=empty_lanes)
    if fit == "none" or layout is not None or form != "auto":
        return _drawing(process, flow=form == "flow" and fit != "none" and layout is None,
                        **options)
    # the pages of each form are counted without painting it; the chosen one is drawn
    lanes = _drawing(process, flow=False, count_only=True, **options)
    if lanes <= 1:
        return _drawing(process, flow=False, **options)
    flow = _drawing(process, flow=True, count_only=True, **options)
    return _drawing(process, flow=flow < lanes, **options)


def _drawing(process: Process, *, layout: Layout | None, critical, findings, fit: str,
             empty_lanes: bool, flow: bool, count_only: bool = False):
    """The drawing of :func:`diagram_drawing` in one form; with ``count_only``, the
    number of pages it takes, nothing painted."""
    from .flowform import drawn_form
    from .pages import Drawing, lane_names

    form = drawn_form((process,), flow)
    drawn = form.processes[0]
    given = layout is not None
    layout = layout if given else layout_process(drawn, empty_lanes=empty_lanes)
    actors = len({s.actor for s in process.steps if s.actor}) if form.flow else None
    lines = [describe(process, layout, actors)]
    styles: dict[str, Style] = {}
    scene = form.scene(0)           # the flow form: actor tags and hand-overs thick
    strong = scene.pop("strong", frozenset())
    strong_colour = scene.pop("strong_colour", CRITICAL_COLOUR)
    if critical is not None:        # the critical path is drawn thick instead
        strong_colour = CRITICAL_COLOUR
        strong = strong_flows(critical.steps)
        for step in critical.steps:
            styles[step] = Style(edge=CRITICAL_COLOUR, width=3.2)
        lines.append(ngettext("Thick outline: the critical path, {time}, {count} step",
                              "Thick outline: the critical path, {time}, {count} steps",
                              len(critical.steps)).format(
            time=lead_time_words(critical.hours, process), count=len(critical.steps)))
    notes, colours, items = [], {}, []
    if findings is not None:
        badges, items, colours = finding_badges(findings)
        for step, badge in badges.items():
            base = styles.get(step, Style())
            styles[step] = Style(base.edge, base.face, base.width, base.line, base.hatch,
                                 (*base.badges, badge))
        lines.append(ngettext("Numbered badges: {count} finding, listed below",
                              "Numbered badges: {count} findings, listed below",
                              len(findings)).format(count=len(findings))
                     if findings else _("No findings"))
    if fit != "none" and not given:     # for a page: squeezed round what is drawn
        from .painter import branch_keys
        from .tight import tight_layout

        layout = tight_layout(drawn, layout, keys=branch_keys((drawn, layout)),
                              badged={k: " \u00b7 ".join(b.text for b in s.badges)
                                      for k, s in styles.items() if s.badges},
                              actors=form.lines(0))
    area = extent(layout, drawn if fit == "none" else None)
    width = max(area.width, 620.0)
    zoom = zoom_for(width) if fit == "none" else 1.0
    if findings is not None:
        notes = numbered_notes(items, width, min(zoom, 2.0)) if items else [("", _("None."))]
    from .pages import FOLDS, folded_unless_tiles, plan_pages
    from .painter import branch_keys

    keys = branch_keys((drawn, layout))
    header = Header(process.name, tuple(lines), zoom).within(width)
    foot = (notes_height(len(notes), min(zoom, 2.0)) + 2 * MARGIN) if findings is not None \
        else MARGIN
    key_lines = key_notes(keys, width, min(zoom, 2.0))
    key_top = area.bottom + foot - MARGIN + (MARGIN if findings is None else 0.0)
    if key_lines:
        foot += notes_height(len(key_lines), min(zoom, 2.0)) + MARGIN
    legend = form.legend(width, critical is None)
    legend_top = area.bottom + foot
    if legend is not None:      # the flow form's key at the foot
        foot += legend.height + MARGIN
    frame = Box(area.x - MARGIN, area.y - header.height - MARGIN, width + 2 * MARGIN,
                area.height + header.height + MARGIN + foot)
    keep_x = tuple((n.box.x, n.box.right) for n in layout.nodes if not n.expanded)
    keep_y = tuple((n.box.y, n.box.bottom) for n in layout.nodes if not n.expanded)
    breaks = (area.bottom + MARGIN / 2,)
    if fit in FOLDS:
        folded = _folded(drawn, layout, fit, lines, styles, strong,
                         items if findings is not None else None, colours, keys,
                         strong_colour, scene, count_only=count_only,
                         legend=lambda w: form.legend(w, critical is None))
        chosen = None if folded is None else folded_unless_tiles(
            folded, frame, fit, count_only, keep_x=keep_x, keep_y=keep_y, breaks_y=breaks)
        if chosen is not None:
            return chosen
    if count_only:      # drawn whole: its tiles at the size of its smallest text
        from .painter import name_size, smallest_text

        return plan_pages(frame, fit, smallest_text(drawn, layout, name_size(drawn, layout)),
                          keep_x=keep_x, keep_y=keep_y, breaks_y=breaks).count
    axes = new_canvas(frame)
    draw_header(axes, header, area.x, frame.y + MARGIN)
    paint(axes, Scene(drawn, layout, styles=styles, strong=strong,
                      strong_colour=strong_colour, keys=keys,
                      wrap_times=fit != "none" and not given, **scene))
    if findings is not None:
        draw_notes(axes, _("Findings"), notes, area.x, area.bottom + MARGIN, colours,
                   min(zoom, 2.0))
    if key_lines:
        draw_notes(axes, _("Branch conditions"), key_lines, area.x, key_top, None,
                   min(zoom, 2.0))
    if legend is not None:
        legend.paint(axes, area.x, legend_top)
    return Drawing(axes, frame, keep_x, keep_y, (area.bottom + MARGIN / 2,),
                   process.name, lane_names(layout))


def key_notes(keys: dict[str, str], width: float, zoom: float = 1.0
              ) -> list[tuple[str, str]]:
    """The list of the branch conditions written as keys (see
    :func:`~bpmodel.render.painter.branch_keys`), as lines of :func:`draw_notes`."""
    return numbered_notes([(key, text) for text, key in keys.items()], width, zoom)


def note_blocks(title: str, more: str, notes: list[tuple[str, str]], page_height: float,
                colours: dict[str, tuple[str, str]] | None = None) -> list:
    """A list of notes as blocks of a folded picture, cut to go on over pages (headed
    ``more`` after the first)."""
    from .sheets import BLOCK_GAP, Block

    per_page = max(1, int((page_height - 120) // notes_height(1)))
    out = []
    for k in range(0, len(notes), per_page):
        chunk = notes[k:k + per_page]
        out.append(Block(notes_height(len(chunk)) + BLOCK_GAP,
                         lambda axes, x, y, c=chunk, t=title if k == 0 else more:
                         draw_notes(axes, t, c, x, y + BLOCK_GAP, colours)))
    return out


def _folded(process: Process, layout: Layout, fit: str, lines: list[str],
            styles: dict[str, Style], strong, items, colours, keys: dict[str, str],
            strong_colour: str = CRITICAL_COLOUR, scene: dict | None = None,
            legend=None, count_only: bool = False):
    """The diagram folded onto pages of ``fit`` (see :mod:`bpmodel.render.sheets`): the
    title, the process cut into bands as wide as the page, the findings listed after
    them (``items``: numbered findings, None when not asked) and the branch conditions
    written as keys; None when it cannot be. ``scene``: more arguments of its
    :class:`~bpmodel.render.sheets.Panel` (the flow form's tags), ``legend``: the flow
    form's key for a width, put after the findings."""
    from .painter import name_size, smallest_text
    from .sheets import Block, Panel, folded_drawing, page_units

    size = name_size(process, layout)
    smallest = smallest_text(process, layout, size)
    _scale, width, height = page_units(fit, smallest)
    header = Header(process.name, tuple(lines), 1.0).within(width - 40)
    head = [Block(header.height, lambda axes, x, y: draw_header(axes, header, x, y))]
    tail = note_blocks(_("Branch conditions"), _("Branch conditions (continued)"),
                       key_notes(keys, width - 40), height) if keys else []
    if items is not None:
        notes = numbered_notes(items, width - 40) if items else [("", _("None."))]
        tail += note_blocks(_("Findings"), _("Findings (continued)"), notes, height, colours)
    if legend is not None and legend(LEGEND_WIDTH - 10) is not None:
        key = legend(LEGEND_WIDTH - 10)
        tail.insert(0, Block(key.height, lambda axes, x, y: key.paint(axes, x + 10, y),
                             width=LEGEND_WIDTH))
    panel = Panel(process, layout, styles=styles, strong=strong,
                  strong_colour=strong_colour, keys=keys, **(scene or {}))
    return folded_drawing(head, [panel], fit, name_size=size, smallest=smallest,
                          title=process.name, tail=tail, count_only=count_only)


def draw_diagram(process: Process, path: str | Path, *, highlight: str | None = None,
                 findings: bool = False, layout: Layout | None = None, fit: str = "none",
                 empty_lanes: bool = False, form: str = "auto") -> list[Path]:
    """Draw a process into ``path`` (``.png``, ``.svg`` or ``.pdf``), whole or not at all.

    ``highlight="critical"`` draws the critical path thick (raises
    :class:`~bpmodel.analysis.errors.AnalysisError` when the process cannot be measured);
    ``findings=True`` badges the steps that have findings. ``fit`` (``a4``, ``a3``,
    ``slide``) fits the picture to that page with no step text under 7 pt, split into
    pages when it must be (numbered files beside ``path``, or pages of one PDF);
    ``none`` draws it at its natural size; ``form``: see :func:`diagram_drawing`.
    Returns the files written.
    """
    from .charts import check_output
    from .pages import FITS, FOLDS, write_drawing

    check_output(path)
    if highlight not in (None, *HIGHLIGHTS):
        raise ValueError(f"cannot highlight {highlight!r}; use one of {', '.join(HIGHLIGHTS)}")
    if fit not in FITS and fit not in FOLDS:
        raise ValueError(f"cannot fit to {fit!r}; use one of {', '.join(FITS)}")
    critical = None
    if highlight == "critical":
        from ..analysis.paths import critical_path

        critical = critical_path(process)
    found = None
    if findings:
        from ..analysis.findings import find

        found = find(process)
    drawing = diagram_drawing(process, layout=layout, critical=critical, findings=found,
                              fit=fit, empty_lanes=empty_lanes, form=form)
    return write_drawing(drawing, path, fit)


def label_width(text: str, size: float) -> float:
    """The width of one line of text in layout units."""
    return text_width(text, size) / PT
