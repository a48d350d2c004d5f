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


def test_the_pictures_are_pages_printed_at_their_size_with_names_of_7_pt(page, building):
    from svgdoc import Svg

    svgs = re.findall(r'<div class="picture">(<svg.*?</svg>)\s*</div>', page, re.S)
    assert 2 <= len(svgs) <= 8
    assert "@page picture { size: A4; margin: 0; }" in page
    names = set()
    for text in svgs:
        svg = Svg(text.encode("utf-8"))
        assert svg.root.get("width") == "595.44pt"          # A4 wide: printed at 1:1
        for gid, group in svg.groups.items():
            if re.search(r"-(before|after)-name-", gid):
                names.add(gid.rsplit("-name-", 1)[1])
                for node in group.iter("{http://www.w3.org/2000/svg}text"):
                    size = re.search(r"font-size: ([\d.]+)px", node.get("style", ""))
                    assert size and float(size.group(1)) >= 7.0 - 0.01, gid
    assert {s.id for s in building.steps if s.name} <= names


def test_the_report_draws_the_bundled_before_after_in_the_flow_form(page, building):
    """Issue 15: in swimlanes the picture took 3 A4 pages of the report; in the flow form
    (each task naming its actor) it takes 2."""
    svgs = re.findall(r'<div class="picture">(<svg.*?</svg>)\s*</div>', page, re.S)
    assert len(svgs) <= 2
    drawn = " ".join(svgs)
    for step in building.tasks:
        if step.actor:
            assert re.search(rf'id="[^"]*before-actor-{re.escape(step.id)}"', drawn), step.id
    assert "Who does a step" in drawn


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
    # a workshop handout: 12 A4 pages for the bundled process's 10 changes and 16 findings
    assert int(re.search(r"Pages:\s+(\d+)", pages).group(1)) <= 12
    # every word of a step name is printed at 7 pt or more, in the tables and in the
    # pictures (pdftotext's box of a word is 1.08 times its size in DejaVu Sans)
    lanes = {w for a in building.actors for w in re.findall(r"[A-Za-z]+", a.name)}
    words = {w for s in building.steps if s.is_task
             for w in re.findall(r"[A-Za-z]{5,}", s.name)} - lanes
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    heights = [float(m.group(2)) - float(m.group(1)) for m in re.finditer(
        r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', boxes)
        if m.group(3) in words]
    assert len(heights) > len(words) and min(heights) >= 7.0 * 1.08
