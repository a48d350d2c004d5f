"""The SOP flowchart table (PermenPANRB 35/2012): rows, symbols, lines, pages, command."""

from __future__ import annotations

import html
import re

import pytest

import bpmodel
from bpmodel.model import Actor, Flow, Process, Step
from bpmodel.report.sop import FONT, MARGIN, PAGES, sop_html, sop_svgs
from bpmodel.report.sop_table import DECISION, PROCESS, TERMINATOR, flow_order, sop_table

from conftest import ROOT, run

ACTORS = (Actor("a", "Pemohon", "citizen"), Actor("c", "Petugas loket"),
          Actor("k", "Kepala Dinas"), Actor("x", "Unused"))


def chain(*ids: str, actor: str = "c") -> tuple[tuple[Step, ...], tuple[Flow, ...]]:
    return (tuple(Step(i, i.upper(), actor=actor) for i in ids),
            tuple(Flow(a, b) for a, b in zip(ids, ids[1:])))


def test_first_and_last_activities_are_terminators_others_rectangles():
    steps, flows = chain("a", "b", "c")
    table = sop_table(Process("p", "P", steps=steps, flows=flows, actors=ACTORS))
    assert [r.shape for r in table.rows] == [TERMINATOR, PROCESS, TERMINATOR]
    assert [(link.source, link.target) for link in table.links] == [(1, 2), (2, 3)]


def test_events_joins_and_parallel_gateways_are_not_rows_lines_pass_through():
    steps = (Step("start", "Start", "event", "start"), Step("a", "Terima berkas", actor="c"),
             Step("split", "", "gateway", "and"), Step("b", "Periksa teknis", actor="c"),
             Step("c", "Periksa lingkungan", actor="k"), Step("join", "", "gateway", "and"),
             Step("d", "Terbitkan izin", actor="k"), Step("end", "End", "event", "end"))
    flows = (Flow("start", "a"), Flow("a", "split"), Flow("split", "b"), Flow("split", "c"),
             Flow("b", "join"), Flow("c", "join"), Flow("join", "d"), Flow("d", "end"))
    table = sop_table(Process("p", "P", steps=steps, flows=flows, actors=ACTORS))
    assert [r.step for r in table.rows] == ["a", "b", "c", "d"]
    assert {(link.source, link.target) for link in table.links} == {
        (1, 2), (1, 3), (2, 4), (3, 4)}
    assert [a.id for a in table.implementers] == ["c", "k"]  # only the columns in use


def test_a_check_followed_by_its_decision_is_one_diamond_with_labelled_branches():
    steps = (Step("ask", "Ajukan permohonan", actor="a"),
             Step("check", "Periksa kelengkapan", actor="c"),
             Step("ok", "Lengkap?", "gateway", "xor"),
             Step("issue", "Terbitkan izin", actor="k"))
    flows = (Flow("ask", "check"), Flow("check", "ok"), Flow("ok", "issue", condition="Ya"),
             Flow("ok", "ask", condition="Tidak"))
    table = sop_table(Process("p", "P", steps=steps, flows=flows, actors=ACTORS))
    assert [(r.step, r.shape) for r in table.rows] == [
        ("ask", TERMINATOR), ("check", DECISION), ("issue", TERMINATOR)]
    assert [(link.source, link.target, link.label, link.backwards) for link in table.links] \
        == [(1, 2, None, False), (2, 3, "Ya", False), (2, 1, "Tidak", True)]


def test_a_decision_of_its_own_is_a_row_named_after_the_gateway():
    steps = (Step("a", "A", actor="c"), Step("b", "B", actor="c"),
             Step("g", "Disetujui?", "gateway", "xor"),
             Step("y", "Y", actor="k"), Step("n", "N", actor="k"))
    flows = (Flow("a", "g"), Flow("b", "g"), Flow("g", "y"), Flow("g", "n"), Flow("a", "b"))
    table = sop_table(Process("p", "P", steps=steps, flows=flows, actors=ACTORS))
    row = next(r for r in table.rows if r.step == "g")
    assert (row.activity, row.shape, row.actor) == ("Disetujui?", DECISION, "c")


def test_rows_follow_the_flow_and_file_order_where_the_flow_leaves_it_open():
    steps = (Step("late", "Late"), Step("first", "First"), Step("x", "X"), Step("y", "Y"))
    flows = (Flow("first", "late"), Flow("late", "x"), Flow("late", "y"))
    assert flow_order(Process("p", "P", steps=steps, flows=flows)) == ["first", "late", "x",
                                                                      "y"]


def test_quality_standard_columns_come_from_the_step():
    process = bpmodel.load_process(bpmodel.default_process_path())
    row = next(r for r in sop_table(process).rows if r.step == "check")
    assert row.requirements == ("Identity card (KTP)", "Land title certificate",
                                "Taxpayer number (NPWP)", "Site plan and drawings")
    assert row.hours == pytest.approx(1 + 16)
    pay = next(r for r in sop_table(process).rows if r.step == "pay")
    assert pay.output == ("Payment receipt",) and pay.remarks == "Regional retribution bylaw"


def _squeezed(text: str) -> str:
    return re.sub(r"[\s\-]", "", html.unescape(text))


def _cell_texts(svg: str) -> list[str]:
    """The text of every cell, its wrapped lines joined (spaces and hyphens dropped)."""
    return [_squeezed("".join(re.findall(r">([^<>]*)</tspan>", element)))
            for element in re.findall(r"<text[^>]*>(.*?)</text>", svg)]


@pytest.mark.parametrize("path", [bpmodel.default_process_path(),
                                  *sorted((ROOT / "processes").glob("*.yaml"))],
                         ids=lambda p: p.name)
def test_every_activity_is_written_out_in_full_and_at_least_7_pt_on_paper(path):
    process = bpmodel.load_process(path)
    svgs, paper = sop_svgs(process)
    cells = [text for svg in svgs for text in _cell_texts(svg)]
    for step in process.steps:
        if step.is_task:
            assert _squeezed(step.name) in cells, step.id
    page_width = PAGES[paper][0] - 2 * MARGIN
    for svg in svgs:
        drawn = float(re.search(r'width="([\d.]+)pt"', svg).group(1))
        viewbox = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
        assert drawn <= page_width + 0.5
        assert FONT * drawn / viewbox >= 7.0 - 1e-6


def test_a_long_process_is_split_into_pages_with_off_page_connectors():
    ids = [f"s{i}" for i in range(60)]
    steps, flows = chain(*ids)
    svgs, paper = sop_svgs(Process("p", "P", steps=steps, flows=flows, actors=ACTORS))
    assert paper == "A4" and len(svgs) > 2
    for svg in svgs:
        height = float(re.search(r'height="([\d.]+)pt"', svg).group(1))
        assert height <= PAGES["A4"][1] - 2 * MARGIN
    assert svgs[0].count("<polygon") >= 1  # the off-page connector to the next page


def test_the_html_is_self_contained():
    page = sop_html([("Before", bpmodel.load_process(bpmodel.default_process_path()))])
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page and "<script" not in page and "@page" in page


def test_command_draws_before_and_after(tmp_path):
    out = tmp_path / "sop.html"
    result = run("sop", "-o", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('<section class="sop">') == 2
    assert "Building approval, before reform" in page


def test_command_on_a_catalogue_process_without_the_variant(tmp_path):
    out = tmp_path / "sop.html"
    result = run("sop", ROOT / "processes" / "blitar-izin-prinsip.yaml", "-o", out,
                 "--no-after")
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").count('<section class="sop">') == 1


def test_command_refuses_an_output_that_is_not_html(tmp_path):
    result = run("sop", "-o", tmp_path / "sop.png")
    assert result.exit_code == 2 and ".html" in result.output


def test_command_help():
    result = run("sop", "--help")
    assert result.exit_code == 0 and "PermenPANRB" in result.output
