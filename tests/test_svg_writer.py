"""Our own SVG writer and drawing surface: the pictures `bpmodel simplify` writes are
well-formed SVG 1.1 pages holding every step name as text, drawn without importing
matplotlib; PNG and PDF replay the same records onto matplotlib."""

from __future__ import annotations

import subprocess
import sys

import pytest
from defusedxml import ElementTree as SafeET
from svgdoc import NS, Svg, squash

import bpmodel
from bpmodel.layout import Box, layout_process
from bpmodel.render.canvas import Canvas, Text, overlaps, text_extent
from bpmodel.render.compare import before_after_drawing, before_after_pages
from bpmodel.render.fonts import _advance, font_advance
from bpmodel.render.pages import PAGE_SIZES, drawing_pages
from bpmodel.render.painter import Scene, Style, new_canvas, paint
from bpmodel.render.svg import SvgPage, page_svg
from bpmodel.simplify.engine import simplify

from conftest import EXAMPLES, ROOT

BUNDLED = bpmodel.default_process_path()
BUILDING = EXAMPLES / "building-approval.yaml"


@pytest.fixture(scope="module")
def bundled_variant():
    process = bpmodel.load_process(BUNDLED)
    return process, simplify(process, "bold")


@pytest.fixture(scope="module")
def bundled_pages(bundled_variant):
    process, variant = bundled_variant
    return before_after_pages(process, variant.process, ("svg",), fit="a4-portrait",
                              changes=variant.changes)["svg"]


def test_pages_are_well_formed_svg_of_the_page_size(bundled_pages):
    width, height = (round(v * 72, 2) for v in PAGE_SIZES["a4-portrait"])
    assert len(bundled_pages) >= 2
    for data in bundled_pages:
        root = SafeET.fromstring(data)      # refuses entities, DTDs: plain SVG only
        assert root.tag == f"{NS}svg" and root.get("version") == "1.1"
        assert root.get("viewBox") == f"0 0 {width:g} {height:g}"
        assert root.get("width") == f"{width:g}pt" and root.get("height") == f"{height:g}pt"
        assert root.find(f"{NS}title").text.startswith("Before and after")
        ids = [e.get("id") for e in root.iter() if e.get("id")]
        # every url(#...) points at something defined in the same page
        for ref in {r for e in root.iter() for r in _urls(e)}:
            assert ref in ids, ref


def _urls(element) -> list[str]:
    import re

    return re.findall(r"url\(#([^)]+)\)", " ".join(element.attrib.values()))


def test_every_step_name_is_text_on_some_page(bundled_variant, bundled_pages):
    process, variant = bundled_variant
    words = squash(" ".join(Svg(data).all_text() for data in bundled_pages))
    titles = {gid: group.find(f"{NS}title") for data in bundled_pages
              for gid, group in Svg(data).groups.items() if "-step-" in gid}
    for side, prefix in ((process, "before-"), (variant.process, "after-")):
        for step in side.steps:
            if step.name and not step.is_gateway:
                assert squash(step.name) in words, step.name
            if step.name:   # the shape says whose it is, whole, where the pointer rests
                title = titles.get(f"{prefix}step-{step.id}")
                assert title is not None and title.text == " ".join(step.name.split())


def test_the_same_input_gives_the_same_bytes(bundled_variant, bundled_pages):
    process, variant = bundled_variant
    again = before_after_pages(process, variant.process, ("svg",), fit="a4-portrait",
                               changes=variant.changes)["svg"]
    assert again == bundled_pages


def test_no_two_texts_of_the_steps_overlap(bundled_variant):
    """Names, durations, badges, branch labels and lane names: their extents (box
    included) on the canvas, which both backends draw alike."""
    process, variant = bundled_variant
    for fit in ("a4-portrait", "none"):
        drawing = before_after_drawing(process, variant.process, fit=fit,
                                       changes=variant.changes)
        texts = [t for t in drawing.canvas.texts() if t.gid and t.text.strip()]
        extents = [text_extent(t) for t in texts]
        clashes = [(a.gid, b.gid) for i, (a, ea) in enumerate(zip(texts, extents))
                   for b, eb in zip(texts[i + 1:], extents[i + 1:]) if overlaps(ea, eb)]
        assert not clashes, (fit, clashes)


def test_hatches_dashes_and_badges_are_written(bundled_pages):
    svg = Svg(bundled_pages[0])
    removed = [gid for data in bundled_pages for gid in Svg(data).ids("before-step-")
               if "url(#h" in Svg(data).style(gid).get("fill", "")]
    assert removed
    raw = b"".join(bundled_pages).decode()
    assert "<pattern id=\"h1\"" in raw and "stroke-dasharray" in raw
    assert any(gid.startswith("before-badge-") for gid in svg.groups)
    # lane names are turned a quarter round their anchor
    lanes = [g for gid, g in svg.groups.items() if gid.startswith("before-lane-")]
    assert lanes and all("rotate(-90 " in (g.find(f"{NS}g").get("transform") or "")
                         for g in lanes)


def test_text_follows_matplotlibs_baselines():
    """The first baseline of a top-anchored text, the centre of a centred one: where
    matplotlib puts them (DejaVu Sans at 10 pt, measured on matplotlib 3.x)."""
    canvas = Canvas(Box(0, 0, 1000, 1000))
    canvas.text(100, 100, "Hxg lp", fontsize=10, va="top", gid="one")
    canvas.text(100, 200, "Hxg lp\nHxg lp", fontsize=10, va="center", gid="two")
    page = SvgPage((10.0, 10.0), Box(0, 0, 1000, 1000), 1.0)
    svg = Svg(page_svg(canvas.records, page).encode())
    (one,) = svg.groups["one"].iter(f"{NS}text")
    first, second = svg.groups["two"].iter(f"{NS}text")
    assert float(one.get("y")) == pytest.approx(72 + 7.598, abs=0.01)
    assert float(first.get("y")) == pytest.approx(144 - 3.403, abs=0.01)
    assert float(second.get("y")) - float(first.get("y")) == pytest.approx(12.003, abs=0.01)


def test_text_xml_cannot_hold_is_dropped_and_markup_escaped():
    canvas = Canvas(Box(0, 0, 200, 100))
    canvas.text(10, 10, "Cek <dokumen> & izin\x0c\x01", fontsize=8, gid="name-a&b")
    svg = page_svg(canvas.records, SvgPage((2.0, 1.0), Box(0, 0, 200, 100), 1.0), "T & U")
    root = SafeET.fromstring(svg.encode())
    assert Svg(svg.encode()).text("name-a&b") == "Cek <dokumen> & izin"
    assert root.find(f"{NS}title").text == "T & U"


def test_a_tiled_page_clips_its_view_and_names_the_lanes(tmp_path):
    """A long diagram cut into tiles: each tile is its own viewBox over the drawing,
    clipped to its part, with the lanes named again at its left edge."""
    from test_diagram import chain

    from bpmodel.render.diagram import diagram_drawing
    from bpmodel.render.pages import svg_pages

    drawing = diagram_drawing(chain(40))      # not folded: cut into tiles
    plan = drawing.plan("a4")
    assert plan.count > 1 and not plan.folded
    pages = svg_pages(drawing, plan)
    assert len(pages) == plan.count
    for k, data in enumerate(pages):
        root = SafeET.fromstring(data)
        assert root.find(f".//{NS}clipPath") is not None
        assert f"Page {k + 1} of {plan.count}" in Svg(data).all_text()
    assert "Officer" in Svg(pages[-1]).all_text()


def test_png_and_pdf_replay_the_same_drawing(bundled_variant):
    process, variant = bundled_variant
    drawing = before_after_drawing(process, variant.process, fit="a4-portrait",
                                   changes=variant.changes)
    pages = drawing_pages(drawing, ("svg", "png", "pdf"), "a4-portrait")
    assert len(pages["png"]) == len(pages["svg"]) and len(pages["pdf"]) == 1
    assert pages["png"][0].startswith(b"\x89PNG") and pages["pdf"][0].startswith(b"%PDF")


def test_a_painted_scene_is_records_only():
    process = bpmodel.load_process(BUILDING)
    layout = layout_process(process)
    canvas = new_canvas(Box(-50, -50, layout.width + 100, layout.height + 100))
    paint(canvas, Scene(process, layout, styles={process.steps[1].id: Style(hatch="//")}))
    kinds = {type(r).__name__ for r in canvas.records}
    assert kinds <= {"Shape", "Lines", "Polygons", "Text"} and "Text" in kinds
    assert all(isinstance(t, Text) for t in canvas.texts())


def test_the_advance_table_is_the_fonts():
    """The shipped advances (tools/font_advances.py) are those FT2Font reads."""
    from bpmodel.render.fonts import _table

    for bold in (False, True):
        table = _table()[bold]
        assert len(table) > 900
        for code, advance in table.items():
            expected = font_advance(chr(code), bold)
            if advance is None:
                assert expected == 1.0, hex(code)
            else:
                assert advance == pytest.approx(expected, abs=1e-6), hex(code)
    assert _advance("\u4e2d", False) == 1.0       # not in the table: a fallback font


def _imports(*args: str) -> set[str]:
    """The heavy modules a `bpmodel` command run in a fresh interpreter imports."""
    code = ("import sys\nfrom bpmodel.cli import main\n"
            f"try:\n    main({list(args)!r})\nexcept SystemExit:\n    pass\n"
            "print(sorted({m.split('.')[0] for m in sys.modules} & "
            "{'matplotlib', 'networkx', 'numpy'}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    return set(eval(out.strip().splitlines()[-1]))


def test_help_and_simplify_import_no_matplotlib(tmp_path):
    assert not _imports("--help") & {"matplotlib", "networkx", "numpy"}
    assert "matplotlib" not in _imports("simplify", "-o", str(tmp_path / "a"), "--no-pictures")
    assert "matplotlib" not in _imports("simplify", "-o", str(tmp_path / "b"))
    assert (tmp_path / "b" / "before-after.svg").exists()
