"""The deliverables of a simplified variant, composed in one place: the variant as YAML
and BPMN, the change log (changes.md), the summary (summary.json, see
:mod:`bpmodel.report.summary`), the before/after picture and the workshop report (one
HTML file). `bpmodel simplify` writes them into one folder; :mod:`bpmodel.simplify`
only computes the variant.

Every file is rendered in memory first, then each is written whole (a temporary
file renamed into place), so a failure leaves no half-written output. An output
path that is the input file is refused: inputs are never overwritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..i18n import _, ngettext
from ..io import write_folder
from ..jsontext import dumps as json_text
from ..labels import level_label, measure_label
from ..model import Process
from ..simplify.changes import GAIN_KEYS, changes_markdown
from ..simplify.engine import Variant
from .summary import summary

VARIANT_YAML = "variant.yaml"
VARIANT_BPMN = "variant.bpmn"
CHANGES_MD = "changes.md"
SUMMARY_JSON = "summary.json"
BEFORE_AFTER = "before-after"        # .svg, and .png when asked for
REPORT_HTML = "report.html"
PICTURE_FORMATS = ("svg", "png")     # every format the picture can be written in
DEFAULT_PICTURES = ("svg",)          # vector, and shown inside report.html as it is
PICTURE_FIT = "a4-portrait"   # the before/after picture: A4 pages to read (every step
#                               text 7 pt or more), the pages the report shows too
PICTURE_PAGES = 99            # numbered pages an earlier run may have left (stale files)


def variant_title(variant: Variant) -> str:
    """The name the variant's own files (variant.yaml, the pool of variant.bpmn) give it:
    the original's name and the level, so that an editor, or a comparison drawn later
    from the files, never shows the variant under the original's name. A variant that
    has a name of its own keeps it, and simplifying a variant again adds nothing.

    >>> from bpmodel.model import Process
    >>> p = Process("p", "Permit")
    >>> variant_title(Variant(p, p, "bold", (), {}, {}))
    'Permit (bold variant)'
    >>> again = Process("p", "Permit (bold variant)")
    >>> variant_title(Variant(again, again, "bold", (), {}, {}))
    'Permit (bold variant)'
    """
    original, variant_name = variant.original.name, variant.process.name
    if " ".join(variant_name.split()) != " ".join(original.split()):
        return variant_name
    level = level_label(variant.level)
    suffix = _("{process} ({level} variant)").format(process="", level=level).strip()
    if original.endswith(suffix):
        return original
    return _("{process} ({level} variant)").format(process=original, level=level)


def named_variant(variant: Variant) -> Process:
    """The variant's process under :func:`variant_title`, as its files hold it."""
    return replace(variant.process, name=variant_title(variant))


def picture_formats(pictures: bool | Iterable[str]) -> tuple[str, ...]:
    """The formats of the before/after picture: ``True`` is the SVG alone (a PNG costs
    as much again as the rest of the run, so it is drawn only when asked for), ``False``
    none, else the formats named.

    >>> picture_formats(True), picture_formats(False), picture_formats(["png", "svg"])
    (('svg',), (), ('svg', 'png'))
    """
    if pictures is True or pictures is False:
        return DEFAULT_PICTURES if pictures else ()
    asked = set(pictures)
    unknown = asked - set(PICTURE_FORMATS)
    if unknown:
        raise ValueError(f"cannot draw the picture as {', '.join(sorted(unknown))}; "
                         f"use {' or '.join(PICTURE_FORMATS)}")
    return tuple(fmt for fmt in PICTURE_FORMATS if fmt in asked)


def render_outputs(variant: Variant, ranking=None, pictures: bool | Iterable[str] = True,
                   simulation: dict[str, Any] | None = None) -> dict[str, str | bytes]:
    """File name -> text (or bytes) of every output of a variant; ``pictures`` adds the
    before/after picture (see :func:`picture_formats`), one drawing for its files and
    for report.html; ``simulation`` goes into the summary and the report."""
    from ..io import dumps

    named = named_variant(variant)
    outputs: dict[str, str | bytes] = {
        VARIANT_YAML: dumps(named, "yaml"),
        VARIANT_BPMN: dumps(named, "bpmn"),
        CHANGES_MD: changes_markdown(variant.original.name, variant.level,
                                     list(variant.changes), variant.before, variant.after,
                                     list(variant.unchanged), variant.original.currency,
                                     _day_unit(variant.original))
        + (f"\n## Stopped early\n\n{variant.stopped_early[0].upper()}"
           f"{variant.stopped_early[1:]}.\n" if variant.stopped_early else ""),
        SUMMARY_JSON: json_text(summary(variant, ranking, simulation), default=str) + "\n",
    }
    picture_svg = None
    formats = picture_formats(pictures)
    if formats:
        from ..render.compare import before_after_pages
        from ..render.pages import page_name

        n = len(variant.changes)
        level = level_label(variant.level)
        pages = before_after_pages(
            variant.original, variant.process, tuple(dict.fromkeys(("svg", *formats))),
            fit=PICTURE_FIT,
            changes=variant.changes, before=variant.before, after=variant.after,
            subtitle=ngettext("{level} variant: {count} change (see changes.md)",
                              "{level} variant: {count} changes (see changes.md)", n).format(
                level=level, count=n),
            labels=(_("Before"), _("After ({level})").format(level=level)))
        # the pages to read; their SVGs are shown in the report, written as files (and
        # as PNG) when asked for
        outputs.update({page_name(BEFORE_AFTER, k, fmt): data
                        for fmt in formats for k, data in enumerate(pages[fmt], 1)})
        picture_svg = pages["svg"]
    from .workshop import variant_report

    outputs[REPORT_HTML] = variant_report(variant, picture_svg, simulation)
    return outputs


ALL_OUTPUTS = (VARIANT_YAML, VARIANT_BPMN, CHANGES_MD, SUMMARY_JSON, REPORT_HTML,
               *(f"{BEFORE_AFTER}.{suffix}" for suffix in PICTURE_FORMATS))
SLUG_LENGTH = 64


def folder_name(process_id: str) -> str:
    """A safe folder name for a process id: ASCII letters, digits, ``-`` and ``_`` only.

    Anything else (``/``, ``..``, spaces, control characters) becomes ``-``, so the
    folder is always one level inside the output folder.

    >>> folder_name("building-approval"), folder_name(".."), folder_name("../../etc/x")
    ('building-approval', 'process', 'etc-x')
    >>> folder_name("/tmp/a b"), folder_name("Izin" + chr(0) + "Usaha"), folder_name("ĳin_1")
    ('tmp-a-b', 'Izin-Usaha', 'in_1')
    """
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", process_id)[:SLUG_LENGTH].strip("-")
    return slug or "process"


def write_outputs(outputs: dict[str, str | bytes], directory: Path,
                  inputs: list[Path] = ()) -> list[Path]:
    """Write rendered outputs into ``directory`` as a whole (see
    :func:`bpmodel.io.write_folder`); refuses to overwrite any of ``inputs``."""
    targets = [directory / name for name in outputs]
    protected = {Path(p).resolve() for p in inputs}
    stale = (*ALL_OUTPUTS, *(f"{BEFORE_AFTER}-{k}.{suffix}" for k in range(2, PICTURE_PAGES + 1)
                             for suffix in PICTURE_FORMATS))
    for target in [*targets, *(directory / name for name in stale)]:
        if target.resolve() in protected:
            raise FileExistsError(_("{path}: refusing to overwrite the input file; choose "
                                    "another output folder with -o").format(path=target))
    return write_folder(directory, outputs, stale=stale)


def _day_unit(process) -> str:
    return "calendar" if process.calendar.days_per_week >= 7 else "working"


def before_after_table(variant: Variant) -> str:
    """The measures before and after as an aligned text table, each figure with its unit;
    a figure not known on either side prints as n/a."""
    from ..simplify.changes import format_figure

    currency, unit = variant.original.currency, _day_unit(variant.original)
    rows = [(_("measure"), _("before"), _("after"), _("change"))]
    for key in GAIN_KEYS:
        if key not in variant.before or key not in variant.after:
            continue
        a, b = variant.before[key], variant.after[key]
        if a is None and b is None:
            continue
        if not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
            rows.append((key.replace("_", " "), format_figure(a, key, currency, unit),
                         format_figure(b, key, currency, unit), "n/a"))
            continue
        change = b - a
        pct = f" ({change / a:+.0%})" if a else ""
        sign = "+" if change > 1e-9 else ("-" if change < -1e-9 else "")
        text = format_figure(abs(change), key, currency, unit)
        rows.append((measure_label(key), format_figure(a, key, currency, unit),
                     format_figure(b, key, currency, unit),
                     f"{sign}{text}{pct}" if sign else _("no change")))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join(f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  "
                     f"{r[3]:>{widths[3]}}" for r in rows)
