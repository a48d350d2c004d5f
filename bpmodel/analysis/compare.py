"""Several processes or variants side by side: one column per process, one row per measure.

>>> table = comparison_table([
...     {"process": {"id": "a", "name": "A"}, "measures": {"steps": 9, "visits": 4}},
...     {"process": {"id": "b", "name": "B"}, "measures": {"steps": 5, "visits": 1}},
... ])
>>> print(render_table(table, "markdown"))
| measure | a | b |
| --- | ---: | ---: |
| steps | 9 | 5 |
| visits | 4 | 1 |
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from ..i18n import _

# The measures a workshop compares first, in this order; any other numeric
# measure that every report has follows.
PREFERRED = ("steps", "tasks", "procedures", "visits", "expected_visits", "handoffs",
             "agency_handoffs", "documents_requested", "repeated_requests", "lead_time_days",
             "expected_lead_time_days", "best_time_days", "target_days", "work_hours",
             "wait_hours", "efficiency", "fees", "applicant_hours", "annual_applicant_hours",
             "annual_cost")
TABLE_FORMATS = ("text", "json", "csv", "markdown")


MONEY = ("fees", "applicant_cost", "staff_cost", "annual_cost", "annual_fees",
         "annual_staff_cost", "out_of_pocket", "annual_out_of_pocket")


@dataclass(frozen=True)
class ComparisonTable:
    """Process ids and names (the columns) and rows of ``(measure, values)``.

    ``day_units`` and ``currencies`` say, per column, what its days count (``working`` or
    ``calendar``) and its money's currency; ``unknown`` the measures of each column that
    are not known, with the reason.
    """

    ids: tuple[str, ...]
    names: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Any, ...]], ...]
    day_units: tuple[str, ...] = ()
    currencies: tuple[str | None, ...] = ()
    unknown: tuple[dict[str, str], ...] = ()
    labels: tuple[tuple[str, tuple[str | None, ...]], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def mixed_days(self) -> bool:
        """Whether some columns count working days and others calendar days."""
        return len(set(self.day_units)) > 1

    def unit(self, key: str) -> str | None:
        """The unit of a row, for its label: the day unit or currency when every column
        shares it, ``mixed`` when they differ, None for other rows.

        >>> ComparisonTable(("a",), ("A",), (), ("calendar",), ("IDR",)).unit("fees")
        'IDR'
        """
        if key.endswith("_days"):
            units = set(self.day_units) or {"working"}
        elif key in MONEY:
            units = {c for c in self.currencies if c} or {None}
        elif key.endswith("_hours"):
            return _("h")
        elif key == "efficiency":
            return "%"
        else:
            return None
        if len(units) > 1:
            return _("mixed: {units}").format(units="/".join(sorted(str(u) for u in units)))
        unit = units.pop()
        if key.endswith("_days"):
            return _("calendar days") if unit == "calendar" else _("working days")
        return unit


def comparison_table(reports: list[dict[str, Any]]) -> ComparisonTable:
    """Build the table from analysis reports (as :func:`bpmodel.analysis.analyze` gives)."""
    measures = [r["measures"] for r in reports]
    # a measure is a row when some process has a number for it; the others show "-"
    numeric = list(dict.fromkeys(
        k for m in measures for k, v in m.items()
        if isinstance(v, (int, float)) and not isinstance(v, bool)))
    ordered = [k for k in PREFERRED if k in numeric] + [k for k in numeric if k not in PREFERRED]
    rows = tuple((key, tuple(m.get(key) for m in measures)) for key in ordered)
    reports = _grouped(reports)
    measures = [r["measures"] for r in reports]
    rows = tuple((key, tuple(m.get(key) for m in measures)) for key in ordered)
    ids = _unique(r["process"]["id"] for r in reports)
    names = tuple(r["process"]["name"] for r in reports)
    day_units = tuple(r.get("day_unit", "working") for r in reports)
    notes: list[str] = []
    if any("lead_time_days" in m for m in measures):
        rank, note = _rank(reports, len(set(day_units)) > 1)
        if rank:
            at = next((i + 1 for i, (key, _) in enumerate(rows) if key == "lead_time_days"),
                      len(rows))
            rows = (*rows[:at], ("rank", rank), *rows[at:])
        notes += note
    labels = tuple((key, tuple(r.get("grouping", {}).get(key) for r in reports))
                   for key in GROUP_KEYS
                   if any(r.get("grouping", {}).get(key) for r in reports))
    partial = [pid for pid, r in zip(ids, reports, strict=True)
               if r.get("grouping", {}).get("coverage") not in (None, "full")]
    if partial:
        notes.append(_("partial coverage: {ids} model only part of the service (see "
                       "coverage); their figures are not comparable with whole "
                       "processes").format(ids=", ".join(partial)))
    return ComparisonTable(ids, names, rows, day_units,
                           tuple(r.get("currency") for r in reports),
                           tuple(dict(r.get("unknown", {})) for r in reports), labels,
                           tuple(notes))


GROUP_KEYS = ("service", "region", "coverage")


def _grouped(reports: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The reports ordered by service, then region, when the processes declare them
    (stable: the given order otherwise)."""
    def key(report):
        grouping = report.get("grouping", {})
        return (grouping.get("service") or "", grouping.get("region") or "")

    return sorted(reports, key=key)


def _rank(reports: list[dict[str, Any]], mixed: bool) -> tuple[tuple, list[str]]:
    """Each process's rank by lead time (1 the shortest) within its service, None where
    the lead time is not known or the day units differ; and notes saying why."""
    if mixed:
        return (), ["not ranked: some processes count working days and others calendar "
                    "days; compare them with --convention doing-business to use one unit"]
    ranks: list[int | None] = [None] * len(reports)
    services: dict[str, list[int]] = {}
    for i, report in enumerate(reports):
        services.setdefault(report.get("grouping", {}).get("service") or "", []).append(i)
    for members in services.values():
        known = sorted((reports[i]["measures"].get("lead_time_days"), i) for i in members
                       if isinstance(reports[i]["measures"].get("lead_time_days"),
                                     (int, float)))
        for place, (_lead, i) in enumerate(known, 1):
            ranks[i] = place
    notes = []
    unranked = [r["process"]["id"] for r, rank in zip(reports, ranks, strict=True)
                if rank is None]
    if unranked:
        notes.append(_("not ranked (lead time not known): {ids}").format(
            ids=", ".join(unranked)))
    return tuple(ranks), notes


def _unique(ids) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    out = []
    for pid in ids:
        seen[pid] = seen.get(pid, 0) + 1
        out.append(pid if seen[pid] == 1 else f"{pid} ({seen[pid]})")
    return tuple(out)


def _cell(value: Any, key: str = "", currency: str | None = None) -> str:
    """A cell of the text or Markdown table: n/a for a figure not known, money at its
    currency's precision, days and hours to one decimal.

    >>> _cell(None), _cell(2789999999.88, "annual_cost", "IDR"), _cell(42.625, "lead_time_days")
    ('n/a', '2,790,000,000', '42.6')
    >>> _cell(0.0615, "efficiency")   # a share, in percent (the row's unit)
    '6.2'
    """
    from ..formatting import format_money, format_number, not_known
    from ..i18n import language
    from ..labels import yes_no

    lang = language()

    if value is None:
        return not_known(lang)
    if isinstance(value, bool):
        return yes_no(value)
    if key in MONEY:
        return format_money(value, None if currency is None else currency.upper(), lang=lang
                            ).removeprefix(f"{currency} " if currency else "")
    if key.endswith(("_days", "_hours")):
        return format_number(value, 1 if abs(value) >= 0.1 else 3, lang=lang)
    if key == "efficiency":
        return format_number(value * 100, 1, lang=lang)
    if isinstance(value, float):
        return format_number(value, 2, lang=lang)
    if isinstance(value, int):
        return format_number(value, 0, lang=lang)
    return str(value)


def render_table(table: ComparisonTable, output_format: str = "text") -> str:
    """The table as aligned text, JSON, CSV or Markdown."""
    if output_format == "json":
        from ..jsontext import dumps as json_text

        return json_text({
            "processes": [{"id": i, "name": n} for i, n in zip(table.ids, table.names)],
            "measures": {key: dict(zip(table.ids, values)) for key, values in table.rows},
            "day_units": dict(zip(table.ids, table.day_units)),
            "unknown": dict(zip(table.ids, table.unknown)),
            "groups": {key: dict(zip(table.ids, values)) for key, values in table.labels},
            "notes": list(table.notes),
        })
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["measure", *table.ids])
        for key, values in table.labels:
            writer.writerow([key, *("" if v is None else v for v in values)])
        for key, values in table.rows:
            writer.writerow([key, *("" if v is None else v for v in values)])
        return buffer.getvalue().rstrip("\n")
    from ..i18n import _
    from ..labels import measure_label

    header = [_("measure"), *table.ids]
    currencies = table.currencies or (None,) * len(table.ids)
    body = []
    for key, values in table.rows:
        label = measure_label(key) if output_format == "text" else key
        unit = table.unit(key)
        if unit:
            label += f" [{unit}]"
        body.append([label, *(_cell(v, key, c) for v, c in zip(values, currencies))])
    body = [[key, *("-" if v is None else str(v) for v in values)]
            for key, values in table.labels] + body
    notes = [_("note: {note}").format(note=note) for note in table.notes]
    if output_format == "markdown":
        lines = ["| " + " | ".join(header) + " |",
                 "| --- |" + " ---: |" * len(table.ids)]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return "\n".join(lines + (["", *notes] if notes else []))
    widths = [max(len(str(row[i])) for row in [header, *body]) for i in range(len(header))]
    lines = []
    for row in [header, *body]:
        cells = [str(row[0]).ljust(widths[0])]
        cells += [str(c).rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines + (["", *notes] if notes else []))
