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

# The measures a workshop compares first, in this order; any other numeric
# measure that every report has follows.
PREFERRED = ("steps", "tasks", "procedures", "visits", "expected_visits", "handoffs",
             "agency_handoffs", "documents_requested", "repeated_requests", "lead_time_days",
             "expected_lead_time_days", "best_time_days", "target_days", "work_hours",
             "wait_hours", "efficiency", "fees", "applicant_hours", "annual_applicant_hours",
             "annual_cost")
TABLE_FORMATS = ("text", "json", "csv", "markdown")


@dataclass(frozen=True)
class ComparisonTable:
    """Process ids and names (the columns) and rows of ``(measure, values)``."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Any, ...]], ...]


def comparison_table(reports: list[dict[str, Any]]) -> ComparisonTable:
    """Build the table from analysis reports (as :func:`bpmodel.analysis.analyze` gives)."""
    measures = [r["measures"] for r in reports]
    # a measure is a row when some process has a number for it; the others show "-"
    numeric = list(dict.fromkeys(
        k for m in measures for k, v in m.items()
        if isinstance(v, (int, float)) and not isinstance(v, bool)))
    ordered = [k for k in PREFERRED if k in numeric] + [k for k in numeric if k not in PREFERRED]
    rows = tuple((key, tuple(m.get(key) for m in measures)) for key in ordered)
    ids = _unique(r["process"]["id"] for r in reports)
    names = tuple(r["process"]["name"] for r in reports)
    return ComparisonTable(ids, names, rows)


def _unique(ids) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    out = []
    for pid in ids:
        seen[pid] = seen.get(pid, 0) + 1
        out.append(pid if seen[pid] == 1 else f"{pid} ({seen[pid]})")
    return tuple(out)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        if value.is_integer():
            return f"{int(value):,}"
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def render_table(table: ComparisonTable, output_format: str = "text") -> str:
    """The table as aligned text, JSON, CSV or Markdown."""
    if output_format == "json":
        from ..jsontext import dumps as json_text

        return json_text({
            "processes": [{"id": i, "name": n} for i, n in zip(table.ids, table.names)],
            "measures": {key: dict(zip(table.ids, values)) for key, values in table.rows},
        })
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(["measure", *table.ids])
        for key, values in table.rows:
            writer.writerow([key, *("" if v is None else v for v in values)])
        return buffer.getvalue().rstrip("\n")
    header = ["measure", *table.ids]
    body = [[key.replace("_", " ") if output_format == "text" else key,
             *(_cell(v) for v in values)] for key, values in table.rows]
    if output_format == "markdown":
        lines = ["| " + " | ".join(header) + " |",
                 "| --- |" + " ---: |" * len(table.ids)]
        lines += ["| " + " | ".join(row) + " |" for row in body]
        return "\n".join(lines)
    widths = [max(len(str(row[i])) for row in [header, *body]) for i in range(len(header))]
    lines = []
    for row in [header, *body]:
        cells = [str(row[0]).ljust(widths[0])]
        cells += [str(c).rjust(w) for c, w in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)
