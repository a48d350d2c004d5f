"""Every figure the commands print on the catalogue (processes/*.yaml) carries a sane unit:
no duration in minutes above an hour ("9408min"), no float noise in money
("IDR 134,999,999", "2,789,999,999.88"), and no "working days" over calendar days (a
seven-day calendar, or the Doing Business convention)."""

from __future__ import annotations

import json
import re

import pytest

import bpmodel

from conftest import ROOT, run

PROCESSES = sorted((ROOT / "processes").glob("*.yaml"))
MINUTES = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s?(?:min|menit|mnt)\b")
MONEY_DECIMALS = re.compile(r"(?:IDR|Rp)\s?[\d,.]*\d[.,]\d{1,2}\b(?![\d,])")
NOISE = re.compile(r",999,999(?:\.\d+)?\b|,000,000\.0*[1-9]|\.\d{5,}\b")
PLAIN_DAYS = re.compile(r"\b\d[\d,.]*\s+days?\b")  # "7 days": working or calendar?
MONEY = ("fees", "applicant_cost", "staff_cost", "annual_cost", "annual_fees",
         "annual_staff_cost", "out_of_pocket", "annual_out_of_pocket")


def offences(text: str, calendar: bool) -> list[str]:
    """What in ``text`` breaks the rules on units (empty when nothing does)."""
    found = [f"{m.group(0)!r}: minutes above an hour" for m in MINUTES.finditer(text)
             if float(m.group(1).replace(",", "")) >= 60]
    found += [f"{m.group(0)!r}: decimals in rupiah" for m in MONEY_DECIMALS.finditer(text)]
    found += [f"{m.group(0)!r}: float noise" for m in NOISE.finditer(text)]
    if calendar and re.search(r"working days?|hari kerja", text):
        found.append("'working days' over calendar days")
    found += [f"{m.group(0)!r}: days without their unit" for m in PLAIN_DAYS.finditer(text)]
    return found


def test_the_checks_catch_what_they_are_for():
    assert offences("a wait of 9408min", False)
    assert offences("annual cost IDR 134,999,999", False)
    assert offences("2,789,999,999.88", False)
    assert offences("IDR 2,500,000.50", False)
    assert offences("lead time 30 working days", True)
    assert not offences("2 h 30 min, IDR 135,000,000, 19.6 calendar days", True)
    assert offences("lead time 30 hari kerja", True)
    assert offences("saves up to 1.06 days a case", False)
    assert not offences("saves up to 1.1 working days a case", False)


@pytest.mark.parametrize("name, lang, convention", [
    ("blitar-izin-prinsip", "en", None), ("blitar-izin-prinsip", "en", "doing-business"),
    ("blitar-izin-prinsip", "id", "doing-business"), ("imb-slf-reform-2016", "id", None),
    ("imb-slf-reform-2016", "en", None)])
def test_findings_give_their_days_in_the_report_s_unit(name, lang, convention):
    path = ROOT / "processes" / f"{name}.yaml"
    args = ["analyze", path, "--lang", lang] + (["--convention", convention] if convention
                                                else [])
    text = run(*args).output
    calendar = convention is not None or name == "imb-slf-reform-2016"
    assert offences(text, calendar) == [], text
    unit = {("en", True): "calendar day", ("en", False): "working day",
            ("id", True): "hari kalender", ("id", False): "hari kerja"}[lang, calendar]
    assert unit in text  # the wait-dominant finding's days and saving carry the unit


@pytest.mark.parametrize("path", PROCESSES, ids=lambda p: p.stem)
def test_analyze_and_simplify_print_figures_with_sane_units(path, tmp_path):
    calendar = bpmodel.load_process(path).calendar.days_per_week >= 7
    outputs = {"analyze": run("analyze", path).output}
    # JSON keeps full precision for times; money is rounded to the currency's precision
    report = json.loads(run("analyze", "--format", "json", path).output)
    for key in MONEY:
        value = report["measures"][key]
        assert value is None or value == round(value, 0 if report["currency"] == "IDR"
                                               else 2), (key, value)
    outputs["doing-business"] = run("analyze", "--convention", "doing-business", path).output
    outputs["simplify"] = run("simplify", path, "-o", tmp_path / "out", "--no-pictures").output
    outputs["changes.md"] = (tmp_path / "out" / "changes.md").read_text(encoding="utf-8")
    for name, text in outputs.items():
        on_calendar = calendar or name == "doing-business"
        assert offences(text, on_calendar) == [], (name, text)


def test_compare_prints_figures_with_sane_units():
    for output_format in ("text", "markdown"):
        text = run("compare", *PROCESSES, "--format", output_format, "--lang", "en").output
        assert offences(text, False) == [], text
        assert "mixed" in text  # the catalogue mixes working and calendar days: said so


def _html_text(path) -> str:
    import html

    return html.unescape(re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", PROCESSES, ids=lambda p: p.stem)
def test_simulate_report_sop_and_diagram_print_figures_with_sane_units(path, tmp_path):
    calendar = bpmodel.load_process(path).calendar.days_per_week >= 7
    texts = {"simulate": run("simulate", path).output}
    run("report", path, "-o", tmp_path / "report.html", "--no-pictures")
    run("sop", path, "-o", tmp_path / "sop.html")
    run("diagram", path, "-o", tmp_path / "d.svg")
    for name in ("report.html", "sop.html", "d.svg"):
        if (tmp_path / name).exists():
            texts[name] = _html_text(tmp_path / name)
    assert "report.html" in texts and "d.svg" in texts
    for name, text in texts.items():
        assert offences(text, calendar) == [], (name, offences(text, calendar))
