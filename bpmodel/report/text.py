"""The analysis report as text for a terminal (``bpmodel analyze``): measures by group
with their units, what is not known and why, the critical path, the bottlenecks, what a
simpler variant must respect and the findings.

>>> import bpmodel
>>> from bpmodel.analysis import analyze
>>> process = bpmodel.load_process(bpmodel.default_process_path())
>>> print(render_text_report(analyze(process), process.currency).splitlines()[0])
Building approval, before reform (building-approval)
"""

from __future__ import annotations

from .. import i18n
from ..i18n import _, ngettext

MONEY_MEASURES = ("fees", "applicant_cost", "staff_cost", "annual_cost", "annual_fees",
                  "annual_staff_cost", "out_of_pocket", "annual_out_of_pocket")

def format_measure(key: str, value, currency: str | None = None,
                   calendar_days: bool = False, lang: str | None = None) -> str:
    """One measure with its unit: days (working or calendar), hours, money, a share.

    >>> format_measure("lead_time_days", 42.625), format_measure("fees", 135e6, "IDR")
    ('42.6 working days', 'IDR 135,000,000')
    >>> format_measure("wait_hours", 156.8), format_measure("lead_time_days", None)
    ('156.8 h', 'n/a')
    """
    from ..formatting import format_days, format_money, format_number, not_known
    from ..labels import yes_no

    lang = lang or i18n.language()
    if value is None:
        return not_known(lang)
    if isinstance(value, bool):
        return yes_no(value)
    if key == "efficiency":
        return f"{format_number(value * 100, 1, lang)}%"
    if key in MONEY_MEASURES:
        return format_money(value, currency, lang)
    if key.endswith("_days"):
        return format_days(value, calendar_days, lang)
    if key.endswith("_hours"):
        return _("{value} h").format(value=format_number(value, 1, lang))
    return format_number(value, 3 if isinstance(value, float) and abs(value) < 1000 else 2,
                         lang)


def render_text_report(report: dict, currency: str | None = None) -> str:
    """The analysis report as text for a terminal: measures by group, critical path,
    bottlenecks and findings. Every figure carries its unit; a figure that cannot be known
    prints as n/a, and why is said under "Not known"."""
    from ..analysis.measures import GROUPS
    from ..formatting import format_days, format_duration
    from ..labels import group_label, measure_label

    lines = [f"{report['process']['name']} ({report['process']['id']})"]
    calendar_days = report.get("day_unit") == "calendar"
    if report.get("convention") == "doing-business":
        lines.append(_("Doing Business convention (World Bank methodology, discontinued in "
                       "2021): days are calendar days"))
    elif calendar_days:
        lines.append(_("The process runs on a seven-day calendar: days are calendar days"))
    measures = report["measures"]
    unknown = report.get("unknown", {})
    bounds = report.get("lower_bounds", {})
    width = max((len(measure_label(k)) for k in measures), default=0)
    groups = [*GROUPS, ("Other", tuple(k for k in measures
                                       if all(k not in keys for _, keys in GROUPS)))]
    for title, keys in groups:
        present = [k for k in keys if k in measures]
        if not present:
            continue
        lines += ["", group_label(title)]
        for key in present:
            value = measures[key]
            text = format_measure(key, value, currency, calendar_days)
            if value is None and key == "meets_target" and key in unknown:
                text = _("not checked")
            elif value is None and bounds.get(key):
                text += ", " + _("at least {value}").format(
                    value=format_measure(key, bounds[key], currency, calendar_days))
            lines.append(f"  {measure_label(key):<{width}}  {text}")
    if unknown:
        lines += ["", _("Not known (n/a above)")]
        by_reason: dict[str, list[str]] = {}
        for key, reason in unknown.items():
            by_reason.setdefault(reason, []).append(measure_label(key))
        for reason, keys in by_reason.items():
            lines += wrap_words(f"{', '.join(keys)}: {reason}".split(" "), "  ", sep=" ")
    if report.get("expected_method") not in (None, "exact"):
        lines += ["", _("Expected figures: {method} (the process is not block-structured; "
                        "see the documentation)").format(method=report["expected_method"])]
    path = report.get("critical_path")
    if path:
        days, hours = measures.get("lead_time_days"), measures.get("lead_time_hours")
        if days is None and bounds.get("lead_time_days"):
            lead = _("lead time not known, at least {days}").format(
                days=format_days(bounds["lead_time_days"], calendar_days,
                                 lang=i18n.language()))
        elif days is None:
            lead = _("lead time not known")
        else:
            lead = (format_days(days, calendar_days, lang=i18n.language()) + ", "
                    + format_measure("x_hours", hours))
        lines += ["", ngettext("Critical path ({lead}, {count} step)",
                               "Critical path ({lead}, {count} steps)", len(path)).format(
            lead=lead, count=len(path))]
        lines += wrap_words([f"{step} -> " for step in path[:-1]] + [path[-1]], "  ")
    rows = report.get("bottlenecks")
    if rows:
        lines += ["", _("Bottlenecks")]
        step_width = max(len(b["step"]) for b in rows)
        kinds = {"work": _("work"), "waiting": _("waiting")}
        kind_width = max(len(k) for k in kinds.values())
        for b in rows:
            day = format_days(b["days"], calendar_days, lang=i18n.language())
            hours = format_duration(b["hours"], 1e9, lang=i18n.language())
            lines.append(f"  {b['step']:<{step_width}}  {day:>20}  "
                         f"{hours:>9}  {percent(b['share']):>6}  "
                         f"{kinds.get(b['kind'], b['kind']):<{kind_width}}  {b['name']}")
    if report.get("assumptions"):
        lines += ["", _("Assumed (the process does not say)")]
        lines += [f"  {sentence}" for sentence in report["assumptions"]]
    if report.get("warnings"):
        lines += ["", _("Warnings on the figures")]
        for warning in report["warnings"]:
            lines += wrap_words(warning["message"].split(" "), "  ", sep=" ")
    if report.get("constraints"):
        from ..analysis.constraints import constraint_sentences

        sentences = constraint_sentences(report["constraints"])
        if sentences:
            lines += ["", _("What a simpler variant must respect")]
            lines += [f"  {sentence}" for sentence in sentences]
    if "findings" in report:
        lines += ["", render_findings(report["findings"], currency,
                                      report.get("day_unit") == "calendar")]
    return "\n".join(lines)


def render_findings(findings: list[dict], currency: str | None = None,
                    calendar: bool = False) -> str:
    """The findings of a report as text: one block per finding, most severe first."""
    import textwrap

    from ..analysis.saving import describe_saving
    from ..labels import severity_label

    if not findings:
        return _("Findings: none")
    counts = {s: sum(f["severity"] == s for f in findings) for s in ("error", "warning", "info")}
    words = {"error": ("{count} error", "{count} errors"),
             "warning": ("{count} warning", "{count} warnings"),
             "info": ("{count} info", "{count} infos")}
    summary = ", ".join(ngettext(*words[s], n).format(count=n) for s, n in counts.items() if n)
    lines = [_("Findings ({summary})").format(summary=summary)]
    width = max(len(severity_label(s)) for s in counts)
    for f in findings:
        lines.append(f"  {severity_label(f['severity']):<{width}}  {f['rule']}  "
                     f"{', '.join(f['steps'])}")
        lines.extend(textwrap.wrap(f["message"], 96, initial_indent="    ",
                                   subsequent_indent="    "))
        saving = describe_saving(f["saving"], currency, calendar)
        if saving:
            lines.extend(textwrap.wrap(_("saves {saving}").format(saving=saving), 96,
                                       initial_indent="    ", subsequent_indent="      "))
        if f.get("untimed_steps"):
            lines.extend(textwrap.wrap(
                _("the time it saves is not known: the process gives no time for "
                  "{steps}").format(steps=", ".join(f["untimed_steps"])), 96,
                initial_indent="    ", subsequent_indent="      "))
        if f.get("assumed"):
            lines.extend(textwrap.wrap(
                _("rests on assumed facts (not published): {facts}").format(
                    facts=", ".join(f["assumed"])), 96, initial_indent="    ",
                subsequent_indent="      "))
    return "\n".join(lines)


def wrap_words(words: list[str], indent: str, width: int = 88, sep: str = "") -> list[str]:
    """``words`` joined (each followed by ``sep``) into lines of at most ``width``
    characters, each starting with ``indent`` (a line it goes on with, two more spaces
    when ``sep`` is given).

    >>> wrap_words(["a ->", "b ->", "c"], "  ", width=10)
    ['  a ->b ->', '  c']
    """
    lines, line = [], indent
    for word in words:
        if len(line) + len(word) > width and line.strip():
            lines.append(line.rstrip())
            line = indent + ("  " if sep else "")
        line += word + sep
    if line.strip():
        lines.append(line.rstrip())
    return lines


def percent(share: float) -> str:
    """``0.1234`` as ``12.3%`` (``12,3%`` in Indonesian).

    >>> percent(0.1234)
    '12.3%'
    """
    from ..i18n import format_number

    return format_number(share * 100, 1, trim=False) + "%"
