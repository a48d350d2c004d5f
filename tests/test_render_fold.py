"""Folded pictures: a drawing too wide for its page is cut between columns into bands
stacked down the page, with numbered continuation marks where a flow crosses a cut.

Measured from the files written (SVG pages and a PDF), as a reader would see them."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter

import pytest
from svgdoc import Svg, squash

import bpmodel
from bpmodel.layout import layout_process
from bpmodel.model import Actor, Flow, Process, Step
from bpmodel.render.fold import atoms, choose_cuts, choose_rows, fold_layout
from bpmodel.render.pages import MIN_TEXT, PAGE_SIZES
from bpmodel.render.sheets import page_units

from conftest import run

BUNDLED = bpmodel.default_process_path()


def _sequence(count: int, lanes: int = 3) -> Process:
    """A process of ``count`` tasks handed round ``lanes`` actors, with a loop back."""
    actors = tuple(Actor(f"a{k}", f"Actor {k}") for k in range(lanes))
    steps = (Step("start", "", type="event", kind="start", actor="a0"),
             *(Step(f"s{k}", f"Step number {k}", actor=f"a{k % lanes}")
               for k in range(count)),
             Step("ok", "Complete?", type="gateway", kind="xor", actor="a0"),
             Step("end", "", type="event", kind="end", actor="a0"))
    flows = (Flow("start", "s0"), *(Flow(f"s{k}", f"s{k + 1}") for k in range(count - 1)),
             Flow(f"s{count - 1}", "ok"), Flow("ok", "end", condition="yes"),
             Flow("ok", "s1", condition="no, ask again"))
    return Process("p", "P", actors=actors, steps=steps, flows=flows)


def test_every_step_lands_in_exactly_one_band_inside_a_lane():
    layout = layout_process(_sequence(14))
    bands = fold_layout(layout, 900)
    assert bands is not None and len(bands) > 1
    seen = Counter(n.id for band in bands for n in band.layout.nodes)
    assert seen == Counter(n.id for n in layout.nodes)
    for band in bands:
        assert band.box.width <= 900
        leaves = [b.box for b in band.layout.lanes if b.kind == "lane"]
        for node in band.layout.nodes:
            assert any(lane.y <= node.box.y and node.box.bottom <= lane.bottom
                       for lane in leaves), node.id


def test_a_band_keeps_only_the_lanes_it_uses():
    process = Process("p", "P", actors=tuple(Actor(f"a{k}", f"A{k}") for k in range(6)),
                      steps=tuple(Step(f"s{k}", f"S{k}", actor=f"a{k // 3}")
                                  for k in range(18)),
                      flows=tuple(Flow(f"s{k}", f"s{k + 1}") for k in range(17)))
    layout = layout_process(process)
    bands = fold_layout(layout, 700)
    assert all(len([b for b in band.layout.lanes if b.kind == "lane"]) < 6 for band in bands)
    total = sum(band.box.height for band in bands)
    assert total < len(bands) * layout.height


def test_each_cut_flow_ends_and_starts_at_a_mark_of_the_same_number():
    bands = fold_layout(layout_process(_sequence(14)), 900)
    marks = [m for band in bands for m in band.connectors]
    numbers = Counter(m.label for m in marks)
    assert numbers and set(numbers.values()) == {2}
    for label in numbers:
        pair = [m for m in marks if m.label == label]
        assert sorted(m.leaving for m in pair) == [False, True]
    # the loop back ("no, ask again") is drawn where it starts and where it ends only
    back = [i for i, band in enumerate(bands) for r in band.layout.routes
            if (r.source, r.target) == ("ok", "s1")]
    assert len(back) == 2 and back[0] != back[1]
    # its label is written once, on the piece leaving the gateway
    labelled = [r for band in bands for r in band.layout.routes
                if (r.source, r.target) == ("ok", "s1") and r.index >= 0]
    assert len(labelled) == 1


def test_no_cut_goes_through_a_shape_or_the_labels_of_a_branch():
    layout = layout_process(bpmodel.load_process(BUNDLED))
    cuts = choose_cuts(layout, 1100)
    spans = atoms(layout)
    for cut in cuts[1:-1]:
        assert not any(lo < cut < hi for lo, hi in spans), cut


def test_a_column_wider_than_the_page_cannot_be_folded():
    assert choose_cuts(layout_process(_sequence(4)), 150) is None


def _svg_pages(folder, stem):
    return sorted(folder.glob(f"{stem}*.svg"),
                  key=lambda p: int(re.search(r"-(\d+)\.svg$", p.name).group(1))
                  if re.search(r"-(\d+)\.svg$", p.name) else 1)


@pytest.fixture(scope="module")
def bundled_pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fold")
    assert run("simplify", "-o", folder / "v", "--no-pictures").exit_code == 0
    # swimlanes folded (auto draws the flow form, in fewer pages: see test_render_flow)
    result = run("diagram", "--compare", BUNDLED, folder / "v" / "variant.yaml",
                 "-o", folder / "ba.svg", "--fit", "a4", "--form", "lanes")
    assert result.exit_code == 0, result.output
    return folder


def test_bundled_before_after_at_a4_is_a_few_legible_pages(bundled_pages):
    pages = _svg_pages(bundled_pages, "ba")
    # measured: 7 pages on the layout of 17:00 UTC (20 tiles unfolded); 10 on the
    # narrower, taller layout that places lanes by contact; 4 once the picture is
    # squeezed round what it draws and narrow bands stand side by side; 3 with badges on
    # the corners, long names in wider flatter boxes, thinner lane margins and a shorter
    # title block (issue 15 asks for 2: met by the flow form, not by swimlanes); 4 once
    # no cut goes through a branch label ("documents missing (30%)" ran past the cut,
    # over the continuation mark there: see test_render_clean). Never more than the
    # tiles.
    assert 2 <= len(pages) <= 4
    sizes, texts = {}, []
    for page in pages:
        svg = Svg(page)
        root = svg.root
        inches = (float(root.get("width").removesuffix("pt")) / 72,
                  float(root.get("height").removesuffix("pt")) / 72)
        assert tuple(round(v, 1) for v in inches) == tuple(round(v, 1)
                                                           for v in PAGE_SIZES["a4"])
        sizes.update(svg.text_sizes("(name|flow)-"))
        texts.append(svg.all_text())
    assert min(sizes.values()) >= MIN_TEXT - 0.01
    everything = squash(" ".join(texts))
    original = bpmodel.load_process(BUNDLED)
    variant = bpmodel.load_process(bundled_pages / "v" / "variant.yaml")
    for process, side in ((original, "before"), (variant, "after")):
        for step in process.steps:
            if step.name:
                assert f"{side}-name-{step.id}" in sizes, step.id
        for flow in process.flows:
            if flow.condition:
                assert squash(flow.condition) in everything
    assert squash(original.name) in everything
    assert "continues on page 2" in texts[0]


def test_no_page_shows_a_shape_of_another(bundled_pages):
    """Pages are views of one tall figure; what lies on another page is not written."""
    for page in _svg_pages(bundled_pages, "ba"):
        ids = Counter(g for g in Svg(page).groups if re.match(r"(before|after)-step-", g))
        assert all(count == 1 for count in ids.values())
    every = Counter(g for page in _svg_pages(bundled_pages, "ba")
                    for g in Svg(page).groups if re.match(r"(before|after)-step-", g))
    assert all(count == 1 for count in every.values())


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="needs pdfinfo (poppler-utils)")
def test_the_pdf_holds_the_same_pages(bundled_pages, tmp_path):
    out = tmp_path / "ba.pdf"
    result = run("diagram", "--compare", BUNDLED, bundled_pages / "v" / "variant.yaml",
                 "-o", out, "--fit", "a4", "--form", "lanes")
    assert result.exit_code == 0, result.output
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert count == len(_svg_pages(bundled_pages, "ba"))


def test_a_diagram_folds_with_its_findings_after_it(tmp_path):
    out = tmp_path / "d.svg"
    result = run("diagram", BUNDLED, "-o", out, "--fit", "a4", "--findings")
    assert result.exit_code == 0, result.output
    pages = _svg_pages(tmp_path, "d")
    assert 1 < len(pages) <= 6     # 12 tiles before folding, without the findings
    texts = [Svg(p).all_text() for p in pages]
    assert "Findings" in " ".join(texts)
    sizes = {}
    for page in pages:
        sizes.update(Svg(page).text_sizes("(name|flow)-"))
    assert min(sizes.values()) >= MIN_TEXT - 0.01


def test_page_units_keep_the_smallest_text_at_the_floor():
    scale, width, height = page_units("a4", 7.5)
    assert 7.5 * scale >= MIN_TEXT
    assert width > height


def test_simplify_leaves_no_page_of_an_earlier_longer_picture(tmp_path):
    from bpmodel.report.deliverables import write_outputs

    (tmp_path / "before-after-9.png").write_bytes(b"old")
    (tmp_path / "before-after-9.svg").write_bytes(b"old")
    write_outputs({"before-after.png": b"new"}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["before-after.png"]


@pytest.mark.parametrize("name", ["bundling__pizza-collaboration.bpmn"])
def test_a_collaboration_folds_with_marks_in_pairs(name):
    """Pools and message flows; a flow that leaves a band and comes back into it."""
    from conftest import CORPUS

    process = bpmodel.load_process(CORPUS / "bpmn-js-examples" / name)
    layout = layout_process(process)
    bands = fold_layout(layout, 1100, room=700)
    assert bands is not None and len(bands) > 1
    assert Counter(n.id for b in bands for n in b.layout.nodes) \
        == Counter(n.id for n in layout.nodes)
    marks = Counter(m.label for b in bands for m in b.connectors)
    assert marks and set(marks.values()) == {2}


def test_narrow_bands_stand_side_by_side_and_lane_names_are_whole(bundled_pages):
    """A page holds a row of bands, each with its own lane headers, like columns of a
    newspaper; no lane name is cut to fit its band."""
    side_by_side = False
    for page in _svg_pages(bundled_pages, "ba"):
        svg = Svg(page)
        headers = svg.ids("before-lane-") + svg.ids("after-lane-")
        by_lane: dict[str, int] = Counter(gid.split(".")[0] for gid in headers)
        side_by_side = side_by_side or any(count > 1 for count in by_lane.values())
        for gid in headers:
            text = squash(svg.text(gid))
            assert "\u2026" not in text, (page.name, gid, text)
    assert side_by_side


def test_choose_rows_is_the_fewest_pages_then_the_fewest_bands():
    process = _sequence(18, 4)
    layout = layout_process(process)
    width = page_units("a4", 7.5)[1]
    rows = choose_rows(layout, width, room=500)
    cuts = choose_cuts(layout, width, room=500)
    assert rows is not None and cuts is not None
    assert [rows[0][0], *(x for row in rows for x in row[1:])][-1] == cuts[-1]
    for row in rows:                                # each row fits the page's width
        assert len(row) >= 2 and row == sorted(row)
    assert len(rows) <= len(cuts) - 1               # never more rows than single bands
