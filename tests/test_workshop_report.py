"""The workshop report: one self-contained HTML file, single process and catalogue."""

from __future__ import annotations

import html
import re
import shutil
import subprocess

import pytest

import bpmodel
from bpmodel.report.workshop import action_plan, build_report, inline_svg
from bpmodel.simplify.engine import simplify

from conftest import ROOT, run

EXTERNAL = re.compile(
    r"""(?:src|href|xlink:href)\s*=\s*["'](?!#|data:)|url\((?!#|data:)|@import""", re.I)


@pytest.fixture(scope="module")
def building():
    return bpmodel.load_process(bpmodel.default_process_path())


@pytest.fixture(scope="module")
def page(building):
    return build_report([building])


def test_report_has_every_section_and_every_step_name(page, building):
    for heading in ("Key figures before and after", "Before and after", "Findings",
                    "Changes", "Action plan", "Assumptions and sources",
                    "How the figures are computed"):
        assert f">{heading}</h3>" in page
    for step in building.steps:
        if step.is_task:
            assert html.escape(step.name) in page, step.id


def test_report_refers_to_nothing_outside_the_file(page):
    assert not EXTERNAL.search(page.replace('xmlns="http://www.w3.org/2000/svg"', "")
                               .replace('xmlns:xlink="http://www.w3.org/1999/xlink"', ""))
    assert "<script" not in page


def test_pictures_keep_their_ids_apart():
    svg = ('<?xml version="1.0"?><svg><defs><clipPath id="c"/></defs>'
           '<g clip-path="url(#c)"/></svg>')
    both = inline_svg(svg, "a") + inline_svg(svg, "b")
    assert both.count('id="a-c"') == 1 and both.count('id="b-c"') == 1
    assert "url(#a-c)" in both and "url(#b-c)" in both


def test_action_plan_names_agency_instrument_and_effort(building):
    variant = simplify(building, "bold")
    plan = action_plan(building, variant.changes)
    assert len(plan) == len(variant.changes)
    flatten = next(i for i in plan if "approval cascade" in i.change.lower()
                   or "flatten" in i.change.lower())
    assert "delegation" in flatten.instrument and flatten.effort in ("medium", "high")
    assert all(item.agencies for item in plan)


def test_catalogue_report_compares_first_then_one_section_each():
    files = sorted((ROOT / "processes").glob("*.yaml"))[:3]
    page = build_report([bpmodel.load_process(f) for f in files], pictures=False)
    assert page.index("Processes compared") < page.index('class="process"')
    assert page.count('<section class="process"') == 3


def test_command_writes_the_report(tmp_path):
    out = tmp_path / "report.html"
    result = run("report", "-o", out, "--no-pictures")
    assert result.exit_code == 0, result.output
    assert "Action plan" in out.read_text(encoding="utf-8")


def test_command_refuses_another_suffix(tmp_path):
    result = run("report", "-o", tmp_path / "report.pdf")
    assert result.exit_code == 2


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None or shutil.which("pdftotext") is None,
                    reason="needs headless Chromium and pdftotext (poppler-utils)")
def test_the_browser_prints_it_with_every_step_name(tmp_path, page, building):
    source = tmp_path / "report.html"
    source.write_text(page, encoding="utf-8")
    pdf = tmp_path / "report.pdf"
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", "--enable-logging=stderr",
         "--no-pdf-header-footer", f"--print-to-pdf={pdf}", source.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert pdf.exists(), done.stderr
    assert "CONSOLE" not in done.stderr  # no console message, no error
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    squeezed = re.sub(r"\s+", "", text)
    for step in building.steps:
        if step.is_task:
            assert re.sub(r"\s+", "", step.name) in squeezed, step.id
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    # a workshop handout: 13 A4 pages for the bundled process's 10 changes and 16 findings
    assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) <= 13
