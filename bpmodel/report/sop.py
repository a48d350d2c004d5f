"""The SOP flowchart table of PermenPANRB 35/2012 as printable HTML (SVG inside).

:func:`sop_html` draws one or more processes (a process before reform and its
variant) as the official table of a standard operating procedure: an identity block
(name, unit, legal bases, implementers, equipment, with the fields the team fills in
left blank), then the table (No, Kegiatan, one column per Pelaksana holding the
flowchart symbols, Mutu Baku: Kelengkapan, Waktu, Output, and Keterangan), split into
A4 landscape pages with off-page connectors where a line crosses a page. The file is
self-contained: no script, no font or image from outside, print CSS for A4.

Text is measured with the metrics of the font drawn (:mod:`bpmodel.render.fonts`), so
every name is wrapped inside its cell and nothing is cut; the table is scaled to the
page width, with a floor of 7 pt for the text (an A3 page when A4 would go below it).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ..i18n import _, language
from ..model import Process
from .sop_table import DECISION, TERMINATOR, SopLink, SopTable, sop_table

FONT = 8.0            # points, before scaling to the page
MIN_PRINTED = 7.0     # points on paper
PAD = 4.0
LINE = 1.2
PAGES = {"A4": (842.0, 595.0), "A3": (1191.0, 842.0)}   # landscape, points
MARGIN = 28.0         # 10 mm
TITLE_SPACE = 30.0    # the heading above a section's first page
SLACK = 12.0          # what browsers add around a page's drawing
FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif"
SYMBOL_W, SYMBOL_H, DIAMOND_H = 30.0, 18.0, 24.0
BAND = 24.0           # room above and below a page's rows for off-page connectors


def format_duration(hours: float, lang: str | None = None, hours_per_day: float = 8.0) -> str:
    """A time of the SOP table in the largest sensible unit, days of the process calendar
    (``hours_per_day``) from a day up (see :func:`bpmodel.formatting.format_duration`).

    >>> format_duration(12, "en"), format_duration(12, "id", 24), format_duration(2.5, "en")
    ('1.5 d', '12 jam', '2 h 30 min')
    """
    from ..formatting import format_duration as formatted

    return formatted(hours, hours_per_day, lang or language())


@dataclass(frozen=True)
class _Columns:
    widths: tuple[float, ...]
    implementers: int

    @property
    def total(self) -> float:
        return sum(self.widths)

    def left(self, index: int) -> float:
        return sum(self.widths[:index])

    def centre(self, index: int) -> float:
        return self.left(index) + self.widths[index] / 2


def _columns(table: SopTable) -> _Columns:
    lanes = max(1, len(table.implementers))
    return _Columns((22.0, 150.0, *([44.0] * lanes), 80.0, 40.0, 72.0, 76.0), lanes)


def _wrap(text: str, width: float, bold: bool = False) -> list[str]:
    from ..render.fonts import wrap

    return wrap(text, width - 2 * PAD, FONT, bold) if text else []


def _cells(row, table: SopTable, columns: _Columns, lang: str,
           hours_per_day: float = 8.0) -> list[list[str]]:
    """The wrapped text of a row's cells, in column order (implementers' cells empty)."""
    w = columns.widths
    n = columns.implementers
    hours = "" if row.hours is None else format_duration(row.hours, lang, hours_per_day)
    texts = [str(row.number), row.activity, *([""] * n), ", ".join(row.requirements),
             hours, ", ".join(row.output), row.remarks or ""]
    return [_wrap(text, w[i]) for i, text in enumerate(texts)]


def _row_height(cells: list[list[str]]) -> float:
    lines = max((len(c) for c in cells), default=1)
    return max(lines * FONT * LINE + 2 * PAD, DIAMOND_H + 2 * PAD + 8)


def _text(x: float, y: float, lines: list[str], anchor: str = "start",
          bold: bool = False) -> str:
    if not lines:
        return ""
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else FONT * LINE:.1f}">'
                    f"{html.escape(line)}</tspan>" for i, line in enumerate(lines))
    return (f'<text x="{x:.1f}" y="{y + FONT:.1f}" text-anchor="{anchor}"{weight}>'
            f"{spans}</text>")


def _header(table: SopTable, columns: _Columns) -> tuple[str, float]:
    """The two header rows: No, Kegiatan, Pelaksana (a column each), Mutu Baku
    (Kelengkapan, Waktu, Output), Keterangan."""
    n = columns.implementers
    names = [a.name or "-" for a in table.implementers] or ["-"]
    sub = [_wrap(name, columns.widths[2 + i], bold=True) for i, name in enumerate(names)]
    quality = [_wrap(_("Requirements"), columns.widths[2 + n], True),
               _wrap(_("Time"), columns.widths[3 + n], True),
               _wrap(_("Output"), columns.widths[4 + n], True)]
    second = max(len(c) for c in sub + quality) * FONT * LINE + 2 * PAD
    first = FONT * LINE + 2 * PAD
    height = first + second
    parts = ['<g class="header">',
             f'<rect x="0" y="0" width="{columns.total:.1f}" height="{height:.1f}" '
             f'fill="#e8e8e8" stroke="#000" stroke-width="0.8"/>']

    def cell(i0: int, i1: int, y: float, h: float, label: list[str]) -> None:
        x = columns.left(i0)
        w = columns.left(i1 + 1) - x
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
                     f'fill="none" stroke="#000" stroke-width="0.6"/>')
        top = y + (h - len(label) * FONT * LINE) / 2
        parts.append(_text(x + w / 2, top, label, "middle", True))

    cell(0, 0, 0, height, [_("No")])
    cell(1, 1, 0, height, _wrap(_("Activity"), columns.widths[1], True))
    cell(2, 1 + n, 0, first, [_("Implementers")])
    for i, label in enumerate(sub):
        cell(2 + i, 2 + i, first, second, label)
    cell(2 + n, 4 + n, 0, first, [_("Quality standard")])
    for i, label in enumerate(quality):
        cell(2 + n + i, 2 + n + i, first, second, label)
    cell(5 + n, 5 + n, 0, height, _wrap(_("Remarks"), columns.widths[5 + n], True))
    parts.append("</g>")
    return "".join(parts), height


def _symbol(shape: str, x: float, y: float) -> str:
    """A flowchart symbol centred on (x, y)."""
    w, h = SYMBOL_W, SYMBOL_H
    style = 'fill="#fff" stroke="#000" stroke-width="1"'
    if shape == TERMINATOR:
        return (f'<rect x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" width="{w}" height="{h}" '
                f'rx="{h / 2}" {style}/>')
    if shape == DECISION:
        d = DIAMOND_H / 2
        return (f'<polygon points="{x:.1f},{y - d:.1f} {x + w / 2:.1f},{y:.1f} '
                f'{x:.1f},{y + d:.1f} {x - w / 2:.1f},{y:.1f}" {style}/>')
    return f'<rect x="{x - w / 2:.1f}" y="{y - h / 2:.1f}" width="{w}" height="{h}" {style}/>'


def _off_page(x: float, y: float, label: str, down: bool) -> str:
    """An off-page connector (a pentagon pointing down) with the row it leads to."""
    w, h = 16.0, 14.0
    top = y - h / 2
    points = (f"{x - w / 2:.1f},{top:.1f} {x + w / 2:.1f},{top:.1f} "
              f"{x + w / 2:.1f},{top + h * 0.6:.1f} {x:.1f},{top + h:.1f} "
              f"{x - w / 2:.1f},{top + h * 0.6:.1f}")
    return (f'<polygon points="{points}" fill="#fff" stroke="#000" stroke-width="0.8"/>'
            f'<text x="{x:.1f}" y="{top + 8:.1f}" text-anchor="middle" '
            f'font-size="{FONT - 1:.1f}">{html.escape(label)}</text>')


def _link_path(points: list[tuple[float, float]]) -> str:
    d = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points))
    return f'<path d="{d}" fill="none" stroke="#000" stroke-width="0.8" marker-end="url(#arrow)"/>'


def _label(x: float, y: float, text: str | None) -> str:
    if not text:
        return ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{FONT - 1:.1f}" '
            f'font-style="italic">{html.escape(text)}</text>')


def _page_svg(table: SopTable, columns: _Columns, rows: list, heights: list[float],
              cells: list[list[list[str]]], page_rows: set[int], header: str,
              header_height: float) -> tuple[str, float, float]:
    """One page: header, rows, symbols and lines (those leaving the page end in
    off-page connectors)."""
    n = columns.implementers
    lane_of = {a.id: i for i, a in enumerate(table.implementers)}
    top = header_height + BAND  # a band under the header for connectors from earlier pages
    y_of, y = {}, top
    for row, height in zip(rows, heights):
        y_of[row.number] = (y, height)
        y += height
    bottom = y
    parts = [header, f'<rect x="0" y="{header_height:.1f}" width="{columns.total:.1f}" '
                     f'height="{BAND:.1f}" fill="none" stroke="#000" stroke-width="0.6"/>']
    parts += [f'<line x1="{columns.left(i):.1f}" y1="{header_height:.1f}" '
              f'x2="{columns.left(i):.1f}" y2="{top:.1f}" stroke="#000" stroke-width="0.4"/>'
              for i in range(1, len(columns.widths))]
    for row, row_cells in zip(rows, cells):
        y0, height = y_of[row.number]
        parts.append(f'<rect x="0" y="{y0:.1f}" width="{columns.total:.1f}" '
                     f'height="{height:.1f}" fill="none" stroke="#000" stroke-width="0.6"/>')
        for i, lines in enumerate(row_cells):
            x = columns.left(i)
            if i:
                parts.append(f'<line x1="{x:.1f}" y1="{y0:.1f}" x2="{x:.1f}" '
                             f'y2="{y0 + height:.1f}" stroke="#000" stroke-width="0.4"/>')
            if lines:
                anchor = "middle" if i in (0, 3 + n) else "start"
                tx = columns.centre(i) if anchor == "middle" else x + PAD
                parts.append(_text(tx, y0 + PAD, lines, anchor))
    parts.append(f'<line x1="{columns.total:.1f}" y1="{top:.1f}" x2="{columns.total:.1f}" '
                 f'y2="{bottom:.1f}" stroke="#000" stroke-width="0.6"/>')

    def centre(number: int) -> tuple[float, float]:
        row = next(r for r in table.rows if r.number == number)
        y0, height = y_of[number]
        return columns.centre(2 + lane_of.get(row.actor or "", n - 1)), y0 + height / 2

    def half_height(number: int) -> float:
        row = next(r for r in table.rows if r.number == number)
        return DIAMOND_H / 2 if row.shape == DECISION else SYMBOL_H / 2

    lane_rows: dict[float, list[int]] = {}
    for row in rows:
        lane_rows.setdefault(centre(row.number)[0], []).append(row.number)
    exits: dict[int, int] = {}
    for link in table.links:
        here_s, here_t = link.source in page_rows, link.target in page_rows
        if not (here_s or here_t):
            continue
        k = exits.get(link.source, 0)
        if here_s:
            exits[link.source] = k + 1
        parts.append(_link(link, k, here_s, here_t, centre, half_height, lane_rows,
                           top, bottom))
    for row in rows:
        x, yc = centre(row.number)
        parts.append(_symbol(row.shape, x, yc))
    return "".join(parts), columns.total, bottom + BAND


def _link(link: SopLink, k: int, here_s: bool, here_t: bool, centre, half_height,
          lane_rows, top: float, bottom: float) -> str:
    """The line of one link on this page (with off-page connectors for the part that
    lies on another page)."""
    gap = SYMBOL_W / 2 + 6
    if here_s and here_t:
        (xs, ys), (xt, yt) = centre(link.source), centre(link.target)
        if link.backwards:  # back up: leave from the right, come in from the right
            side = max(xs, xt) + gap
            points = [(xs + SYMBOL_W / 2, ys), (side, ys), (side, yt), (xt + SYMBOL_W / 2, yt)]
            return _link_path(points) + _label(xs + SYMBOL_W / 2 + 2, ys - 3, link.label)
        start = (xs, ys + half_height(link.source))
        end_y = yt - half_height(link.target)
        between = [r for r in lane_rows.get(xt, ()) if link.source < r < link.target]
        turn = ys + half_height(link.source) + 4
        if k and xs == xt:  # a second exit to the same lane: go round the side
            points = [(xs + SYMBOL_W / 2, ys), (xs + gap, ys), (xs + gap, end_y - 5),
                      (xt, end_y - 5), (xt, end_y)]
            return _link_path(points) + _label(xs + SYMBOL_W / 2 + 2, ys - 3, link.label)
        if k:  # a second exit leaves from the side facing its target
            sign = 1 if xt > xs else -1
            vertex = (xs + sign * SYMBOL_W / 2, ys)
            points = [vertex, (xt, ys), (xt, end_y)]
            label_x = vertex[0] + 2 if sign > 0 else vertex[0] - 2 - 4.2 * len(link.label or "")
            return _link_path(points) + _label(label_x, ys - 3, link.label)
        if between:  # symbols in the way in the target's lane: go down beside them
            points = [start, (xs, turn), (xt + gap, turn), (xt + gap, end_y - 5),
                      (xt, end_y - 5), (xt, end_y)]
        elif xs == xt:
            points = [start, (xt, end_y)]
        else:
            points = [start, (xs, turn), (xt, turn), (xt, end_y)]
        offset = 6 if xs == xt else (4 if xt > xs else -4 - 5 * len(link.label or ""))
        return _link_path(points) + _label(xs + offset, turn + FONT, link.label)
    if here_s:  # the target is on another page
        xs, ys = centre(link.source)
        y = top - BAND / 2 if link.backwards else bottom + BAND / 2
        if k:  # a second exit: from the right vertex, beside the first
            start = (xs + SYMBOL_W / 2, ys)
            x = xs + gap
            label_at = (start[0] + 2, ys - 3)
        else:
            start = (xs, ys - half_height(link.source) if link.backwards
                     else ys + half_height(link.source))
            x = xs
            label_at = (xs + 4, start[1] + FONT)
        end = (x, y + 7 if link.backwards else y - 7)
        return (_link_path([start, (x, start[1]), end])
                + _off_page(x, y, str(link.target), True) + _label(*label_at, link.label))
    xt, yt = centre(link.target)
    y = bottom + BAND / 2 if link.backwards else top - BAND / 2
    end_y = yt + half_height(link.target) if link.backwards else yt - half_height(link.target)
    return (_off_page(xt, y, str(link.source), True)
            + _link_path([(xt, y - 7 if link.backwards else y + 7), (xt, end_y)]))


def _pages(heights: list[float], available: float, first: float) -> list[range]:
    """Rows split into pages whose rows fit ``available`` points each (``first`` on the
    first page)."""
    pages, start, used = [], 0, 0.0
    for i, height in enumerate(heights):
        room = first if not pages else available
        if used + height > room and i > start:
            pages.append(range(start, i))
            start, used = i, 0.0
        used += height
    pages.append(range(start, len(heights)))
    return pages


def sop_svgs(process: Process, lang: str | None = None, first_page_used: float = 0.0
             ) -> tuple[list[str], str]:
    """The pages of a process's SOP table as SVG documents, and the paper they fit
    ("A4" or "A3", landscape). ``first_page_used`` points of the first page are taken
    by what comes before the table (the identity block)."""
    table = sop_table(process)
    columns = _columns(table)
    header, header_height = _header(table, columns)
    cells = [_cells(row, table, columns, lang, process.calendar.hours_per_day)
             for row in table.rows]
    heights = [_row_height(c) for c in cells]
    paper = "A4"
    for paper in PAGES:
        width, _height = PAGES[paper]
        if FONT * min(1.0, (width - 2 * MARGIN) / columns.total) >= MIN_PRINTED:
            break
    page_w, page_h = PAGES[paper]
    scale = min(1.0, (page_w - 2 * MARGIN) / columns.total)
    available = (page_h - 2 * MARGIN - SLACK) / scale - header_height - 2 * BAND
    first = available - (first_page_used + TITLE_SPACE) / scale
    if first < 2 * sum(heights) / max(1, len(heights)):  # too little room: a page of its own
        first = available
    svgs = []
    for rows in _pages(heights, available, first) or [range(0)]:
        chosen = [table.rows[i] for i in rows]
        body, w, h = _page_svg(table, columns, chosen, [heights[i] for i in rows],
                               [cells[i] for i in rows], {r.number for r in chosen},
                               header, header_height)
        svgs.append(
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w:.1f} {h:.1f}" '
            f'width="{w * scale:.1f}pt" height="{h * scale:.1f}pt" '
            f'font-family="{FAMILY}" font-size="{FONT}" role="img">'
            '<defs><marker id="arrow" viewBox="0 0 8 8" refX="8" refY="4" markerWidth="6" '
            'markerHeight="6" orient="auto-start-reverse"><path d="M0,0 L8,4 L0,8 z" '
            f'fill="#000"/></marker></defs>{body}</svg>')
    return svgs, paper


def _identity(process: Process, lang: str) -> tuple[str, float]:
    """The identity block of the SOP (what the model knows, and blank fields to fill in)
    and the height it takes on paper, in points."""
    from ..render.fonts import wrap

    bases = list(dict.fromkeys(s.legal_basis for s in process.steps if s.legal_basis))
    implementers = [a.name for a in process.actors]
    systems = [s.name for s in process.systems]
    target = (format_duration(process.target.hours, lang, process.calendar.hours_per_day)
              if process.target else "")
    rows = [
        (_("SOP number"), ""), (_("Date made"), ""), (_("Date revised"), ""),
        (_("Date in force"), ""), (_("Approved by"), ""),
        (_("SOP name"), process.name), (_("Unit"), process.owner or ""),
        (_("Legal basis"), "; ".join(bases)),
        (_("Implementers"), ", ".join(implementers)),
        (_("Equipment and systems"), ", ".join(systems)),
        (_("Service time limit"), target),
    ]
    cells = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
                    for k, v in rows)
    width = (PAGES["A4"][0] - 2 * MARGIN) * 0.7 - 8
    lines = sum(len(wrap(v, width, 9.0)) if v else 1 for _k, v in rows)
    height = lines * 9.0 * LINE + len(rows) * 5.0 + 8.0
    return f'<table class="identity">{cells}</table>', height


CSS = """
@page { size: %(paper)s landscape; margin: 10mm; }
body { font-family: %(family)s; font-size: 9pt; margin: 0; color: #000; }
h1 { font-size: 14pt; margin: 0 0 4pt 0; }
h2 { font-size: 11pt; margin: 0 0 4pt 0; }
section.sop { page-break-before: always; break-before: page; }
section.sop:first-of-type { page-break-before: auto; break-before: auto; }
.page { page-break-inside: avoid; break-inside: avoid; margin: 4pt 0 0 0; }
.page + .page { page-break-before: always; break-before: page; }
.page svg { max-width: 100%%; height: auto; display: block; }
table.identity { border-collapse: collapse; margin: 0 0 8pt 0; width: 100%%; }
table.identity th, table.identity td { border: 0.6pt solid #000; padding: 2pt 4pt;
  text-align: left; vertical-align: top; }
table.identity th { width: 30%%; background: #e8e8e8; }
p.note { font-size: 8pt; }
@media screen { body { margin: 12px; } .page { border-bottom: 1px dashed #999;
  padding-bottom: 8px; } }
"""


def sop_html(processes: list[tuple[str, Process]], lang: str | None = None) -> str:
    """A self-contained HTML document with the SOP table of each ``(title, process)``.

    >>> import bpmodel
    >>> page = sop_html([("Before", bpmodel.load_process(bpmodel.default_process_path()))])
    >>> page.startswith("<!DOCTYPE html>"), "Check completeness of documents" in page
    (True, True)
    """
    lang = lang or language()
    sections, papers = [], []
    for title, process in processes:
        identity, used = _identity(process, lang)
        svgs, paper = sop_svgs(process, lang, first_page_used=used)
        papers.append(paper)
        pages = "".join(f'<div class="page">{svg}</div>' for svg in svgs)
        sections.append(
            f'<section class="sop"><h1>{html.escape(title)}: {html.escape(process.name)}</h1>'
            f"{identity}{pages}</section>")
    paper = "A3" if "A3" in papers else "A4"
    css = CSS % {"paper": paper, "family": FAMILY}
    note = html.escape(_("Flowchart table after PermenPANRB 35/2012: the first and last "
                         "activities are terminators, a decision is a diamond; a numbered "
                         "pentagon leads to the row of that number on another page."))
    return (f'<!DOCTYPE html><html lang="{html.escape(lang)}"><head><meta charset="utf-8">'
            "<title>" + html.escape(_("Standard operating procedure")) + "</title>"
            f"<style>{css}</style></head><body>{''.join(sections)}"
            f'<p class="note">{note}</p></body></html>')
