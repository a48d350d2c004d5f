"""The workshop report: one self-contained HTML file to hand out and sign.

:func:`report_html` composes, for each process, a cover, the key figures before and
after, the before/after picture, the findings with their savings, every change with
its reason, legal basis and assumptions, an action plan (who acts, with which legal
instrument, which regulation to amend, effort and impact), the assumptions and
sources, and how the figures are computed. Several processes give a catalogue report:
the comparison table and chart first, then one section per process.

The file opens offline: CSS and pictures are inline (SVG text stays text, so it prints
sharp and can be searched), there is no script, and nothing refers to the network.
Print CSS lays it out on A4 with a page break before each section.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import N_, _, format_number, language, ngettext
from ..labels import level_label, measure_label, severity_label, yes_no
from ..model import Process
from ..version import __version__

# What a change needs before it can happen on Monday, by rewrite: the legal or
# administrative instrument, and the effort it takes (low: the office's own SOP;
# medium: an agreement or a decree of the head of region; high: a regulation to amend).
INSTRUMENTS: dict[str, tuple[str, str]] = {
    "remove-duplicate-step": (N_("revised SOP of the office (Keputusan Kepala Dinas)"), "low"),
    "remove-superfluous-gateway": (N_("revised SOP of the office"), "low"),
    "harmonise-rules": (N_("amendment of the overlapping regulations"), "high"),
    "integrate-systems": (N_("system integration agreement between the application owners"),
                          "medium"),
    "exchange-data": (N_("data-sharing agreement (perjanjian kerja sama) with the issuing "
                         "agency"), "medium"),
    "reduce-visits": (N_("revised SOP and service standard (online channel)"), "low"),
    "flatten-approvals": (N_("delegation decree (Peraturan/Keputusan Kepala Daerah on "
                             "pendelegasian kewenangan)"), "medium"),
    "remove-non-value-step": (N_("revised SOP of the office"), "low"),
    "compose-steps": (N_("revised SOP of the office"), "low"),
    "knock-out-first": (N_("revised SOP of the office"), "low"),
    "parallelize": (N_("revised SOP and a coordination agreement between the units"), "low"),
    "reduce-rework": (N_("online checklist of requirements in the service standard"), "low"),
    "abolish-requirement": (N_("amendment of the service standard (standar pelayanan) or SOP "
                               "that lists the requirement"), "low"),
    "deliver-electronically": (N_("revised service standard: results delivered by email, the "
                                  "portal or OSS"), "low"),
    "delegate-signature": (N_("delegation decree (Perbup/Perwal on pendelegasian kewenangan "
                              "perizinan)"), "medium"),
    "inspect-jointly": (N_("joint decree or agreement of the inspecting agencies on one "
                           "schedule and checklist"), "medium"),
}
DEFAULT_INSTRUMENT = (N_("revised SOP of the office"), "medium")
EFFORTS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}


@dataclass(frozen=True)
class ActionItem:
    """One row of the action plan."""

    number: int
    change: str
    agencies: tuple[str, ...]
    instrument: str
    regulation: str | None
    effort: str
    impact: str


def action_plan(original: Process, changes: Iterable) -> list[ActionItem]:
    """The action plan of a variant's changes: who acts, with which instrument, at what
    effort, for what impact.

    >>> from bpmodel.model import Actor, Process, Step
    >>> from bpmodel.simplify.changes import Change
    >>> p = Process("p", "P", actors=(Actor("c", "Clerk", agency="PTSP"),),
    ...             steps=(Step("a", "A", actor="c"),))
    >>> c = Change("reduce-visits", "contact reduction", "safe", ("a",), what="Moved online",
    ...            why="", gain={"visits": 1.0})
    >>> item = action_plan(p, [c])[0]
    >>> item.agencies, item.effort, item.impact
    (('PTSP',), 'low', '1 fewer visit')
    """
    from ..simplify.changes import describe_gain

    items = []
    for number, change in enumerate(changes, 1):
        agencies = []
        for step_id in change.steps:
            if original.has_step(step_id):
                actor = original.actor(original.step(step_id).actor)
                if actor is not None and actor.agency:
                    agencies.append(actor.agency)
        if not agencies and original.owner:  # the applicant's steps: the service owner acts
            agencies.append(original.owner)
        instrument, effort = INSTRUMENTS.get(change.rewrite, DEFAULT_INSTRUMENT)
        instrument = getattr(change, "instrument", None) or instrument  # the change's own
        if change.level == "bold" and effort == "low":
            effort = "medium"
        items.append(ActionItem(number, change.what, tuple(dict.fromkeys(agencies)),
                                instrument, change.legal_basis, effort,
                                describe_gain(change.gain)))
    return items


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _tag(tag: str, text: str) -> str:
    """``<tag>text</tag>``, the text escaped."""
    return f"<{tag}>{_e(text)}</{tag}>"


def gettext(message: str) -> str:
    """A message kept in a table (marked with ``N_``) in the current language."""
    return _(message)


def _number(value: Any) -> str:
    if value is None:
        return _("n/a")
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, float):
        return format_number(value, 2)
    if isinstance(value, int):
        return format_number(value, 0)
    return str(value)


def inline_svg(svg: str | bytes, prefix: str) -> str:
    """An SVG document made fit to stand inside HTML: no XML prolog or doctype, ids
    prefixed so that two pictures in one page never share one, scaled to the page.

    >>> inline_svg('<?xml version="1.0"?><svg width="9pt"><g id="a"/>'
    ...            '<use href="#a"/></svg>', "f1")
    '<svg class="figure" width="9pt"><g id="f1-a"/><use href="#f1-a"/></svg>'
    """
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    text = text[text.index("<svg"):]
    text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', text)
    text = re.sub(r'(href)="#([^"]+)"', lambda m: f'{m.group(1)}="#{prefix}-{m.group(2)}"',
                  text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", text)
    return text.replace("<svg", '<svg class="figure"', 1) if 'class="' not in \
        text[:text.index(">")] else text


def _figures_table(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    from ..simplify.changes import GAIN_KEYS

    rows = []
    for key in GAIN_KEYS:
        if key not in before and key not in after:
            continue
        a, b = before.get(key), after.get(key)
        change = ""
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            change = _number(round(b - a, 6))
            if a:
                change += f" ({(b - a) / a:+.0%})"
        rows.append(f"<tr><th>{_e(measure_label(key))}</th><td>{_e(_number(a))}</td>"
                    f"<td>{_e(_number(b))}</td><td>{_e(change)}</td></tr>")
    head = "".join(_tag("th", h) for h in (_("measure"), _("before"), _("after"), _("change")))
    return (f'<table class="figures"><thead><tr>{head}</tr></thead><tbody>' + "".join(rows)
            + "</tbody></table>")


def _steps_table(variant) -> str:
    """Every step of the process before, who does it, how long it takes, and what the
    variant does with it; then the steps the variant adds."""
    from ..render.diff import diff_processes

    diff = diff_processes(variant.original, variant.process, variant.changes)
    original, after = variant.original, variant.process

    def row(number: str, step, status: str) -> str:
        actor = after.actor(step.actor) or original.actor(step.actor)
        hours = step.work.hours + step.wait.hours
        return (f"<tr><td>{_e(number)}</td><td>{_e(step.name)}</td>"
                f"<td>{_e(actor.name if actor else '')}</td>"
                + _tag("td", _("{value} h").format(value=_number(round(hours, 2))))
                + f"<td>{_e(status)}</td></tr>")

    rows = []
    for number, step in enumerate((s for s in original.steps if s.is_task), 1):
        mark = diff.before.get(step.id) or diff.after.get(step.id)
        status = _("kept")
        if mark is not None:
            into = after.step(mark.into).name if mark.into and after.has_step(mark.into) \
                else mark.into
            status = (_("{kind} into {step}").format(kind=_(KINDS.get(mark.kind, mark.kind)),
                                                     step=into) if mark.into
                      else _(KINDS.get(mark.kind, mark.kind)))
        rows.append(row(str(number), step, status))
    rows += [row("+", s, _(KINDS["new"])) for s in after.steps
             if s.is_task and not original.has_step(s.id)]
    widths = "".join(f'<col style="width:{w}%">' for w in (5, 47, 20, 10, 18))
    return (f'<table class="steps"><colgroup>{widths}</colgroup><thead><tr><th>#</th>'
            + "".join(_tag("th", h) for h in (_("step"), _("who"), _("time"),
                                               _("in the variant")))
            + "</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


KINDS = {"removed": N_("removed"), "merged-away": N_("merged"), "merged": N_("merged"),
         "parallel": N_("parallel"), "new": N_("new"), "changed": N_("changed"),
         "moved": N_("moved")}


def _findings(findings: list[dict], currency: str | None, calendar: bool = False) -> str:
    from ..analysis.saving import describe_saving

    if not findings:
        return _tag("p", _("No findings."))
    rows = "".join(
        f"<tr><td>{_e(severity_label(f['severity']))}</td><td><code>{_e(f['rule'])}</code></td>"
        f"<td>{_e(', '.join(f['steps']))}</td><td>{_e(f['message'])}</td>"
        f"<td>{_e(describe_saving(f['saving'], currency, calendar))}</td></tr>" for f in findings)
    widths = "".join(f'<col style="width:{w}%">' for w in (10, 17, 14, 39, 20))
    head = "".join(f"<th>{_e(h)}</th>" for h in (_("severity"), _("rule"), _("steps"),
                                                    _("finding"), _("saves")))
    return (f'<table class="findings"><colgroup>{widths}</colgroup><thead><tr>{head}</tr>'
            f"</thead><tbody>{rows}</tbody></table>")


def _changes(changes) -> str:
    from ..simplify.changes import describe_gain

    if not changes:
        return "<p>{}</p>".format(_e(_("No change: the process has nothing these rewrites "
                                         "can simplify.")))
    items = []
    for number, c in enumerate(changes, 1):
        facts = [(_("Why"), c.why), (_("Rewrite"), f"{c.rewrite} ({_(c.heuristic)}, "
                                                   f"{level_label(c.level)})"),
                 (_("Answers the finding"), c.finding), (_("Steps"), ", ".join(c.steps)),
                 (_("Legal basis touched"), c.legal_basis or _("none recorded")),
                 (_("Instrument needed"), getattr(c, "instrument", None)),
                 (_("Assumption"), c.assumption), (_("Gain"), describe_gain(c.gain))]
        rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts if v)
        items.append(f'<div class="change"><h4>{number}. {_e(c.what)}</h4>'
                     f"<table>{rows}</table></div>")
    return "".join(items)


def _plan(items: list[ActionItem]) -> str:
    if not items:
        return _tag("p", _("Nothing to act on."))
    rows = "".join(
        f"<tr><td>{i.number}</td><td>{_e(i.change)}</td><td>{_e(', '.join(i.agencies))}</td>"
        f"<td>{_e(gettext(i.instrument))}</td><td>{_e(i.regulation or '')}</td>"
        f"<td>{_e(gettext(EFFORTS.get(i.effort, i.effort)))}</td>"
        f"<td>{_e(i.impact)}</td></tr>" for i in items)
    widths = "".join(f'<col style="width:{w}%">' for w in (3, 24, 12, 17, 13, 7, 24))
    head = "".join(f"<th>{_e(h)}</th>" for h in (
        _("change"), _("agency responsible"), _("instrument needed"),
        _("regulation to amend or touched"), _("effort"), _("impact")))
    return (f'<table class="plan"><colgroup>{widths}</colgroup><thead><tr><th>#</th>'
            f"{head}</tr></thead><tbody>{rows}</tbody></table>")


METHOD = N_(
    "Lead time is the critical path through the process in working days of the "
    "process calendar (every parallel branch waited for, the slowest choice taken); the "
    "expected lead time weighs choices by their chances and counts rework loops. Visits "
    "are the applicant's trips in person; procedures are the applicant's interactions with "
    "an outside party, as the Doing Business methodology (discontinued in 2021) counted "
    "them. Applicant-hours a year follow the Standard Cost Model: time a case times "
    "cases a year. Each change's gain is the difference of the figures before and after "
    "that one change; the figures after all changes come from the variant itself.")


def _method(process) -> str:
    """How the figures are computed, with the process's own day unit (calendar days on a
    seven-day calendar)."""
    if process.calendar.days_per_week >= 7:
        return gettext(METHOD).replace(_("in working days of the process calendar"),
                                       _("in calendar days (the process counts every day)"))
    return gettext(METHOD)


def process_section(variant, analysis: dict[str, Any],
                    picture_svg: str | Sequence[str] | None, number: int,
                    simulation: dict[str, Any] | None = None) -> str:
    """One process: cover, key figures (with the simulated P90 before and after when
    ``simulation`` gives it), picture (an SVG, or its pages: each printed on a page of
    its own), findings, changes, plan, assumptions."""
    original = variant.original
    today = datetime.date.today().isoformat()
    cover = [(_("Process"), f"{original.name} ({original.id})"),
             (_("Owner"), original.owner), (_("Source"), original.source),
             (_("Level of the variant"), level_label(variant.level)), (_("Date"), today),
             (_("Made with"), f"bpmodel {__version__}")]
    cover_rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in cover if v)
    assumptions = list(analysis.get("assumptions", ()))
    assumptions += [f"{c.what}: {c.assumption}" for c in variant.changes if c.assumption]
    assumption_items = "".join(f"<li>{_e(a)}</li>" for a in assumptions) or \
        _tag("li", _("None beyond what the process file states."))
    left = "".join(f"<li>{_e(reason)}</li>" for reason in variant.unchanged)
    parts = [
        f'<section class="process" id="process-{number}">',
        f"<h2>{_e(original.name)}</h2>",
        f'<table class="cover">{cover_rows}</table>',
        _tag("h3", _("Key figures before and after")),
        _figures_table(variant.before, variant.after),
        *_p90(simulation),
        _tag("h3", _("Steps before and after")), _steps_table(variant),
    ]
    pages = [picture_svg] if isinstance(picture_svg, str) else list(picture_svg or ())
    if pages:
        parts.append('<h3 class="picture">' + _e(_("Before and after")) + "</h3>")
        parts += [f'<div class="picture">{inline_svg(svg, f"p{number}-{k}")}</div>'
                  for k, svg in enumerate(pages, 1)]
    parts += [_tag("h3", _("Findings")),
              _findings(analysis.get("findings", []), original.currency,
                        analysis.get("day_unit") == "calendar"),
              _tag("h3", _("Changes")), _changes(variant.changes),
              _tag("h3", _("Action plan")), _plan(action_plan(original, variant.changes))]
    if left:
        parts += [_tag("h3", _("Left as it is")), f"<ul>{left}</ul>"]
    source = original.source or _("not stated in the process file")
    parts += [_tag("h3", _("Assumptions and sources")), f"<ul>{assumption_items}</ul>",
              _tag("p", _("Source: {source}").format(source=source)),
              _tag("h3", _("How the figures are computed")), _tag("p", _method(original)),
              "</section>"]
    return "".join(parts)


def _p90(simulation: dict[str, Any] | None) -> list[str]:
    if simulation is None:
        return []
    from ..simulate.report import p90_sentence

    return [f"<p>{_e(p90_sentence(simulation))}</p>"]


REPORT_FIT = "a4-portrait"   # the pictures: on the report's own pages, read at 1:1
CSS = """
@page { size: A4; margin: 12mm 11mm; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif;
  font-size: 8.5pt; color: #111; margin: 0; line-height: 1.3; }
h1 { font-size: 18pt; margin: 0 0 6pt; }
h2 { font-size: 14pt; margin: 0 0 6pt; border-bottom: 1.5pt solid #333; }
h3 { font-size: 11pt; margin: 9pt 0 3pt; break-after: avoid; page-break-after: avoid; }
h4 { font-size: 9pt; margin: 5pt 0 1pt; }
table { border-collapse: collapse; width: 100%; margin: 2pt 0 6pt; }
th, td { border: 0.5pt solid #888; padding: 1pt 3pt; text-align: left; vertical-align: top;
  overflow-wrap: break-word; font-size: 7.5pt; }
table.findings, table.plan, table.steps { table-layout: fixed; }
thead th { background: #eee; }
table.cover th, .change th { width: 28%; background: #f4f4f4; }
table.figures td { text-align: right; }
tr, .change { break-inside: avoid; page-break-inside: avoid; }
section { break-before: page; page-break-before: always; }
section:first-of-type { break-before: auto; page-break-before: auto; }
svg.figure { width: 100%; height: auto; max-height: 245mm; display: block; }
@page picture { size: A4; margin: 0; }
div.picture { page: picture; break-before: page; page-break-before: always;
  height: 296mm; overflow: hidden; }
div.picture svg.figure { width: 210mm; height: 296mm; max-height: none; }
@media print { h3.picture { display: none; } }
@media screen { div.picture { height: auto; margin: 8px 0; border: 1px solid #ccc; }
  div.picture svg.figure { width: 100%; height: auto; } }
code { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 7pt; }
@media screen { body { max-width: 210mm; margin: 12px auto; } }
"""


def report_html(sections: list[str], title: str, overview: str = "",
                lang: str | None = None) -> str:
    """The whole document: title, an optional overview (the catalogue comparison), then
    the sections of the processes."""
    lang = lang or language()
    return (f'<!DOCTYPE html><html lang="{_e(lang)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{_e(title)}</title><style>{CSS}</style></head><body>"
            f"<h1>{_e(title)}</h1>{overview}{''.join(sections)}</body></html>")


def catalogue_overview(reports: list[dict[str, Any]], chart_svg: str | None) -> str:
    """The comparison table of several processes (and their chart) as HTML."""
    from ..analysis.compare import comparison_table

    table = comparison_table(reports)
    head = "".join(f"<th>{_e(name)}</th>" for name in table.names)
    rows = "".join(f"<tr><th>{_e(measure_label(key))}</th>"
                   + "".join(f"<td>{_e(_number(v))}</td>" for v in values) + "</tr>"
                   for key, values in table.rows)
    parts = ['<section class="overview">' + _tag("h2", _("Processes compared")),
             '<table class="figures"><thead><tr>' + _tag("th", _("measure"))
             + f"{head}</tr></thead>"
             f"<tbody>{rows}</tbody></table>"]
    if chart_svg:
        parts.append(f'<div class="chart">{inline_svg(chart_svg, "overview")}</div>')
    parts.append("</section>")
    return "".join(parts)


def build_report(processes: list[Process], level: str = "bold", pictures: bool = True,
                 variants: list | None = None) -> str:
    """The report of one process, or the catalogue report of several.

    ``variants`` gives the simplified variants when the caller has them already.

    >>> import bpmodel
    >>> page = build_report([bpmodel.load_process(bpmodel.default_process_path())],
    ...                     pictures=False)
    >>> "Action plan" in page and "Check completeness of documents" in page
    True
    """
    from ..analysis import analyze
    from ..simplify.engine import simplify

    if variants is None:
        variants = [simplify(p, level) for p in processes]
    sections = []
    for number, (process, variant) in enumerate(zip(processes, variants), 1):
        svg = None
        if pictures:
            svg = before_after_svg(variant)
        sections.append(process_section(variant, analyze(process), svg, number,
                                        _simulated(process, variant.process)))
    if len(processes) == 1:
        return report_html(sections, _("Simplifying: {process}").format(
            process=processes[0].name))
    reports = [analyze(p) for p in processes]
    chart = comparison_chart_svg(reports) if pictures else None
    return report_html(sections, _("Processes compared and simplified"),
                       catalogue_overview(reports, chart))


def _simulated(original: Process, variant: Process) -> dict[str, Any] | None:
    from ..simulate.report import p90_before_after

    return p90_before_after(original, variant)


def variant_report(variant, picture_svg: str | bytes | Sequence[str | bytes] | None = None,
                   simulation: dict[str, Any] | None = None) -> str:
    """The report of one simplified variant, with its before/after picture when given
    (as `bpmodel simplify` writes it beside the variant: one SVG or its pages in order)
    and the simulated P90 before and after when ``simulation`` gives it."""
    from ..analysis import analyze

    pages = [picture_svg] if isinstance(picture_svg, (str, bytes)) else list(picture_svg or ())
    svgs = [p.decode("utf-8") if isinstance(p, bytes) else p for p in pages]
    section = process_section(variant, analyze(variant.original), svgs, 1, simulation)
    return report_html([section], _("Simplifying: {process}").format(
        process=variant.original.name))


def before_after_svg(variant) -> list[str]:
    """The before/after picture of a variant as SVG text, one per page: folded onto the
    report's A4 pages with every step text at 7 pt or more (see
    :func:`bpmodel.render.compare.before_after_pages`)."""
    from ..render.compare import before_after_pages

    n = len(variant.changes)
    pages = before_after_pages(
        variant.original, variant.process, ("svg",), fit=REPORT_FIT,
        changes=variant.changes, before=variant.before, after=variant.after,
        subtitle=ngettext("{level} variant: {count} change", "{level} variant: {count} changes",
                          n).format(level=level_label(variant.level), count=n),
        labels=(_("Before"), _("After ({level})").format(level=level_label(variant.level))))
    return [data.decode("utf-8") if isinstance(data, bytes) else data
            for data in pages["svg"]]


def comparison_chart_svg(reports: list[dict[str, Any]]) -> str:
    """The comparison chart of several processes as SVG text."""
    import tempfile
    from pathlib import Path

    from ..render.charts import comparison_chart

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "chart.svg"
        comparison_chart(reports, path)
        return path.read_text(encoding="utf-8")
