"""Writing a simplified variant: YAML, BPMN, the change log, a JSON summary, the
before/after picture (PNG and SVG) and the workshop report (one HTML file); reading a
summary back for `bpmodel compare`.

Every file is rendered in memory first, then each is written whole (a temporary
file renamed into place), so a failure leaves no half-written output. An output
path that is the input file is refused: inputs are never overwritten.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

from ..formatting import format_number
from ..i18n import N_plural, _, language, ngettext
from ..io import write_folder
from ..jsontext import dumps as json_text
from ..labels import level_label, measure_label
from .changes import GAIN_KEYS, changes_markdown
from .engine import Variant

VARIANT_YAML = "variant.yaml"
VARIANT_BPMN = "variant.bpmn"
CHANGES_MD = "changes.md"
SUMMARY_JSON = "summary.json"
BEFORE_AFTER = "before-after"        # .png and .svg
REPORT_HTML = "report.html"
PICTURE_FORMATS = ("png", "svg")
PICTURE_FIT = "a4-overview"   # the before/after picture: on one A4 landscape page


def summary(variant: Variant, ranking: list[tuple[str, dict[str, float]]] | None = None,
            simulation: dict[str, Any] | None = None) -> dict[str, Any]:
    """The variant as plain data: measures before and after, changes, ranking, and the
    simulated lead time before and after when ``simulation`` gives it."""
    data = {
        "process": {"id": variant.original.id, "name": variant.original.name},
        "level": variant.level,
        "before": variant.before,
        "after": variant.after,
        "changes": [c.to_dict() for c in variant.changes],
        "ranking": [{"rewrite": name, "gain": gain} for name, gain in (ranking or [])],
        "left_as_is": list(variant.unchanged),
        "stopped_early": variant.stopped_early,
    }
    if simulation is not None:
        data["simulation"] = simulation
    return data


def render_outputs(variant: Variant, ranking=None, pictures: bool = True,
                   simulation: dict[str, Any] | None = None) -> dict[str, str | bytes]:
    """File name -> text (or bytes) of every output of a variant; ``pictures`` adds the
    before/after picture as PNG and SVG; ``simulation`` goes into the summary and the
    report."""
    from ..io import dumps

    outputs: dict[str, str | bytes] = {
        VARIANT_YAML: dumps(variant.process, "yaml"),
        VARIANT_BPMN: dumps(variant.process, "bpmn"),
        CHANGES_MD: changes_markdown(variant.original.name, variant.level,
                                     list(variant.changes), variant.before, variant.after,
                                     list(variant.unchanged), variant.original.currency,
                                     _day_unit(variant.original))
        + (f"\n## Stopped early\n\n{variant.stopped_early[0].upper()}"
           f"{variant.stopped_early[1:]}.\n" if variant.stopped_early else ""),
        SUMMARY_JSON: json_text(summary(variant, ranking, simulation), default=str) + "\n",
    }
    picture_svg = None
    if pictures:
        from ..render.compare import before_after_drawing
        from ..render.pages import drawing_files

        n = len(variant.changes)
        level = level_label(variant.level)
        drawing = before_after_drawing(
            variant.original, variant.process, changes=variant.changes,
            before=variant.before, after=variant.after,
            subtitle=ngettext("{level} variant: {count} change (see changes.md)",
                              "{level} variant: {count} changes (see changes.md)", n).format(
                level=level, count=n),
            labels=(_("Before"), _("After ({level})").format(level=level)), fit=PICTURE_FIT)
        # one A4 page to look at (`bpmodel diagram --compare --fit a4` gives the pages
        # to read), shown in the report too
        outputs.update(drawing_files(drawing, BEFORE_AFTER, PICTURE_FORMATS, PICTURE_FIT))
        picture_svg = outputs.get(f"{BEFORE_AFTER}.svg")
    from ..report.workshop import variant_report

    outputs[REPORT_HTML] = variant_report(variant, picture_svg, simulation)
    return outputs


class SummaryError(ValueError):
    """A file that is not a summary written by `bpmodel simplify`."""


def read_summary(text: str) -> dict[str, Any]:
    """A summary.json read back (SummaryError when it is not one).

    >>> data = read_summary('{"process": {"id": "p", "name": "P"}, "level": "safe", '
    ...                     '"before": {"steps": 3}, "after": {"steps": 2}, "changes": []}')
    >>> data["after"]
    {'steps': 2}
    """
    def refuse_constant(name: str):
        raise SummaryError(f"{name} is not a number JSON allows")

    try:
        data = json.loads(text, parse_constant=refuse_constant)
    except json.JSONDecodeError as exc:
        raise SummaryError(_("not JSON ({error} at line {line})").format(
            error=exc.msg, line=exc.lineno)) from None
    except RecursionError:
        raise SummaryError("its JSON nests too deep to be a summary") from None
    keys = ("process", "level", "before", "after", "changes")
    if not isinstance(data, dict) or any(k not in data for k in keys) \
            or not isinstance(data["before"], dict) or not isinstance(data["after"], dict):
        raise SummaryError(_("not a summary of `bpmodel simplify` (it needs {keys})").format(
            keys=", ".join(keys)))
    process = data["process"]
    if not isinstance(process, dict) or not all(
            isinstance(process.get(k), str) for k in ("id", "name")):
        raise SummaryError("process: expected a mapping with the id and name as text")
    if not isinstance(data["level"], str):
        raise SummaryError("level: expected text, such as safe or bold")
    for side in ("before", "after"):
        for key, value in data[side].items():
            _check_figure(value, f"{side}.{key}")
    if not isinstance(data["changes"], list):
        raise SummaryError("changes: expected a list")
    for i, change in enumerate(data["changes"]):
        if not isinstance(change, dict) or not isinstance(change.get("rewrite"), str) \
                or not isinstance(change.get("gain", {}), (dict, type(None))):
            raise SummaryError(f"changes[{i}]: expected a mapping with rewrite (text) and "
                               f"gain (a mapping of figures)")
        for key, value in (change.get("gain") or {}).items():
            _check_figure(value, f"changes[{i}].gain.{key}")
    return data


def _check_figure(value: Any, where: str) -> None:
    """A figure of a summary must be a finite number, true/false or nothing."""
    if value is None or isinstance(value, bool):
        return
    if not isinstance(value, (int, float)) or not math.isfinite(value) \
            or abs(value) > 1e300:
        raise SummaryError(f"{where}: {str(value)[:40]!r} is not a finite number")


def summary_reports(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The process before and after simplifying as two reports, for tables and charts.

    >>> [r["process"]["id"] for r in summary_reports(read_summary(
    ...     '{"process": {"id": "p", "name": "P"}, "level": "bold", "before": {}, '
    ...     '"after": {}, "changes": []}'))]
    ['p', 'p-bold']
    """
    process = data["process"]
    level = data["level"]
    return [
        {"process": {"id": process["id"],
                     "name": _("{process} (before)").format(process=process["name"])},
         "measures": data["before"]},
        {"process": {"id": f"{process['id']}-{level}",
                     "name": _("{process} ({level} variant)").format(
                         process=process["name"], level=level_label(level))},
         "measures": data["after"]},
    ]


def savings_by_rewrite(data: dict[str, Any]) -> list[tuple[str, float, str]]:
    """``(rewrite, days saved, what else it saves the applicant)`` per rewrite, in the
    order first applied.

    >>> savings_by_rewrite({"changes": [
    ...     {"rewrite": "reduce-visits", "gain": {"lead_time_days": 0, "visits": 1}},
    ...     {"rewrite": "flatten-approvals", "gain": {"lead_time_days": 9.5}},
    ...     {"rewrite": "reduce-visits", "gain": {"lead_time_days": 1, "visits": 1}}]})
    [('reduce visits', 1.0, '-2 visits'), ('flatten approvals', 9.5, '')]
    """
    totals: dict[str, dict[str, float]] = {}
    for change in data.get("changes", ()):
        gain = totals.setdefault(change["rewrite"], {})
        for key, value in (change.get("gain") or {}).items():
            if isinstance(value, (int, float)):
                gain[key] = gain.get(key, 0.0) + value
    out = []
    for rewrite, gain in totals.items():
        notes = [ngettext(one, many, gain[key]).format(
                     count=format_number(gain[key], 2, lang=language()))
                 for key, (one, many) in (
                     ("visits", N_plural("-{count} visit", "-{count} visits")),
                     ("documents_requested", N_plural("-{count} document", "-{count} documents")))
                 if gain.get(key, 0) > 1e-9]
        out.append((rewrite.replace("-", " "), round(gain.get("lead_time_days", 0.0), 6),
                    "\n".join(notes)))
    return out


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
    for target in [*targets, *(directory / name for name in ALL_OUTPUTS)]:
        if target.resolve() in protected:
            raise FileExistsError(_("{path}: refusing to overwrite the input file; choose "
                                    "another output folder with -o").format(path=target))
    return write_folder(directory, outputs, stale=ALL_OUTPUTS)


def _day_unit(process) -> str:
    return "calendar" if process.calendar.days_per_week >= 7 else "working"


def before_after_table(variant: Variant) -> str:
    """The measures before and after as an aligned text table, each figure with its unit;
    a figure not known on either side prints as n/a."""
    from .changes import format_figure

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
