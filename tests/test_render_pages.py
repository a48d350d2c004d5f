"""Pictures for a page and a screen: ``--fit a4|a3|slide|none``, titles never cut, branch
labels never dropped, one name size, the SVG font stack (read back from the files)."""

import re

import pytest
from PIL import Image
from svgdoc import Svg, squash

import bpmodel
from bpmodel.layout import Box
from bpmodel.model import Actor, Flow, Process, Step
from bpmodel.render.compare import before_after_drawing
from bpmodel.render.diagram import TITLE_SIZE, diagram_drawing, draw_diagram
from bpmodel.render.fonts import text_width
from bpmodel.render.pages import MIN_TEXT, PAGE_SIZES, plan_pages
from bpmodel.render.painter import PT

from conftest import EXAMPLES, ROOT, run

BUILDING = EXAMPLES / "building-approval.yaml"


def _page_inches(svg_file) -> tuple[float, float]:
    root = Svg(svg_file).root
    return (float(root.get("width").removesuffix("pt")) / 72,
            float(root.get("height").removesuffix("pt")) / 72)


def _with_long_name() -> Process:
    return Process("p", "Penerbitan persetujuan bangunan gedung untuk rumah tinggal "
                        "sederhana di kabupaten dan kota seluruh Indonesia",
                   actors=(Actor("c", "Clerk"),), steps=(Step("a", "Sign", actor="c"),))


def test_a_long_title_is_wrapped_inside_the_frame():
    drawing = diagram_drawing(_with_long_name())
    title = next(t for t in drawing.canvas.texts() if t.gid == "title")
    lines = title.text.split("\n")
    assert len(lines) > 1
    assert squash(" ".join(lines)) == squash(_with_long_name().name)
    widest = max(text_width(line, TITLE_SIZE, bold=True) for line in lines) / PT
    assert drawing.frame.x + 30 + widest <= drawing.frame.right


def test_a_long_title_of_a_before_after_picture_fits_its_frame():
    process = _with_long_name()
    drawing = before_after_drawing(process, process)
    title = next(t for t in drawing.canvas.texts() if t.gid == "title")
    widest = max(text_width(line, title.size, bold=True) for line in title.lines) / PT
    assert drawing.frame.x + 30 + widest <= drawing.frame.right


def test_a_small_diagram_fits_one_page_and_grows_no_more_than_half():
    plan = plan_pages(Box(0, 0, 300, 200), "a4", 8.0)
    assert plan.count == 1 and plan.scale == 1.5


def test_a_long_diagram_is_split_and_never_shrunk_under_7_pt():
    plan = plan_pages(Box(0, 0, 6000, 1500), "slide", 7.5)
    assert plan.count > 1
    assert plan.scale * 7.5 >= MIN_TEXT
    assert {p.view.x for p in plan.pages if p.row == 0} and plan.columns > 1


@pytest.mark.parametrize("fit", ["a4", "slide"])
def test_diagram_fit_pages_are_the_page_size_with_names_at_7_pt(fit, tmp_path):
    out = tmp_path / "d.svg"
    result = run("diagram", str(BUILDING), "-o", str(out), "--fit", fit)
    assert result.exit_code == 0, result.output
    pages = sorted(tmp_path.glob("d*.svg"))
    assert len(pages) >= 1
    names, flows = {}, {}
    for page in pages:
        w, h = _page_inches(page)
        assert (round(w, 1), round(h, 1)) == tuple(round(v, 1) for v in PAGE_SIZES[fit])
        svg = Svg(page)
        names.update(svg.text_sizes("name-"))
        flows.update(svg.text_sizes("flow-"))
    process = bpmodel.load_process(BUILDING)
    assert {f"name-{s.id}" for s in process.steps if s.name} <= set(names)
    assert min(names.values()) >= MIN_TEXT - 0.01
    assert flows and min(flows.values()) >= MIN_TEXT - 0.01
    assert "continues on page" in Svg(out).all_text() or len(pages) == 1


def test_before_after_at_a4_keeps_every_name_and_branch_label(tmp_path):
    variant_dir = tmp_path / "v"
    assert run("simplify", str(BUILDING), "-o", str(variant_dir),
               "--no-pictures").exit_code == 0
    out = tmp_path / "ba.svg"
    result = run("diagram", "--compare", str(BUILDING), str(variant_dir / "variant.yaml"),
                 "-o", str(out), "--fit", "a4")
    assert result.exit_code == 0, result.output
    pages = sorted(tmp_path.glob("ba*.svg"))
    texts = " ".join(Svg(p).all_text() for p in pages)
    names = {}
    for page in pages:
        assert tuple(round(v, 1) for v in _page_inches(page)) == (11.7, 8.3)
        names.update(Svg(page).text_sizes("name-"))
    assert min(names.values()) >= MIN_TEXT - 0.01
    original = bpmodel.load_process(BUILDING)
    for flow in original.flows:
        if flow.condition:
            assert squash(flow.condition) in squash(texts)
    assert squash(original.name) in squash(texts)


def test_a_pdf_fitted_to_a4_holds_every_page(tmp_path):
    out = tmp_path / "d.pdf"
    assert run("diagram", str(BUILDING), "-o", str(out), "--fit", "a4").exit_code == 0
    data = out.read_bytes()
    assert data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") \
        + len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 1
    assert list(tmp_path.iterdir()) == [out]


def test_a_condition_too_long_for_its_flow_is_wrapped_not_dropped(tmp_path):
    condition = "the applicant has submitted every document the regulation requires"
    process = Process("p", "P", actors=(Actor("c", "Clerk"),), steps=(
        Step("s", "", type="event", kind="start", actor="c"),
        Step("g", "Complete?", type="gateway", kind="xor", actor="c"),
        Step("a", "Approve", actor="c"), Step("b", "Reject", actor="c"),
        Step("e", "", type="event", kind="end", actor="c")),
        flows=(Flow("s", "g"), Flow("g", "a", condition=condition), Flow("g", "b",
                                                                        condition="no"),
               Flow("a", "e"), Flow("b", "e")))
    draw_diagram(process, tmp_path / "d.svg")
    text = Svg(tmp_path / "d.svg").all_text()
    assert squash(condition) in squash(text)
    assert "\u2026" not in text


def test_task_names_share_one_size_and_svg_names_a_font_stack(tmp_path):
    draw_diagram(bpmodel.load_process(BUILDING), tmp_path / "d.svg")
    svg = Svg(tmp_path / "d.svg")
    process = bpmodel.load_process(BUILDING)
    sizes = svg.text_sizes("name-")
    assert len({sizes[f"name-{s.id}"] for s in process.tasks}) == 1
    raw = (tmp_path / "d.svg").read_text()
    assert "font-family: 'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif" in raw
    assert "font-family: 'DejaVu Sans';" not in raw


def test_svg_keeps_the_spaces_of_the_key_figures_table(tmp_path):
    """A browser collapses runs of spaces in SVG text unless the file keeps them: the
    monospaced table of key figures would lose its columns in report.html."""
    from bpmodel.render.compare import before_after_files
    from bpmodel.simplify.engine import simplify

    process = bpmodel.load_process(BUILDING)
    variant = simplify(process, "bold")
    raw = before_after_files(process, variant.process, formats=("svg",),
                             changes=variant.changes)["before-after.svg"].decode()
    assert '<svg xml:space="preserve" ' in raw
    assert raw.count("<text ") == raw.count('<text style="white-space: pre; ')
    assert "font-family: 'DejaVu Sans Mono', 'Liberation Mono'" in raw
    table_row = next(line for line in raw.splitlines() if ">steps  " in line)
    assert "  " in table_row.split(">", 1)[1]


def test_pages_give_the_key_figures_in_one_line_and_the_key_in_one_row(tmp_path):
    """On pages the key figures are one line under the title and the key of the diff
    styles one row: the first page keeps its room for the process."""
    assert run("simplify", str(BUILDING), "-o", str(tmp_path)).exit_code == 0
    raw = (tmp_path / "before-after.svg").read_text()
    assert re.search("steps: 25 \u2192 2[0-9]", raw)
    assert re.search("visits in person: [0-9]+ \u2192 [0-9]+", raw)
    assert 'id="legend-removed"' in raw and 'id="legend-merged"' in raw
    assert not re.search(">before +after +change<", raw)    # no table on pages


def test_simplify_draws_rgb_a4_pages_with_every_name_at_7_pt(tmp_path):
    assert run("simplify", str(BUILDING), "-o", str(tmp_path), "--png").exit_code == 0
    pngs = sorted(tmp_path.glob("before-after*.png"))
    svgs = sorted(tmp_path.glob("before-after*.svg"))
    assert 1 < len(pngs) == len(svgs) <= 8
    for png in pngs:
        image = Image.open(png)
        assert image.mode == "RGB"
        assert image.size == (1240, 1753)     # A4 portrait at 150 dpi
    names = {}
    for svg in svgs:
        assert tuple(round(v, 1) for v in _page_inches(svg)) == (8.3, 11.7)
        names.update(Svg(svg).text_sizes("name-"))
    assert min(names.values()) >= MIN_TEXT - 0.01
    original = bpmodel.load_process(BUILDING)
    assert {f"before-name-{s.id}" for s in original.steps if s.name} <= set(names)


def _label_problems(process):
    """Event and gateway labels that leave their lane or that their own flows cross."""
    from bpmodel.layout import layout_process
    from bpmodel.render.painter import _crosses, label_room, label_spot, label_text

    layout = layout_process(process)
    lanes = [b.box for b in layout.lanes if b.kind == "lane" or b.actor is not None]
    problems = []
    for node in layout.nodes:
        if node.label is None or node.shape not in ("gateway", "event", "boundary"):
            continue
        fitted = label_text(node, process.step(node.id), process, label_room(node, layout))
        if fitted is None:
            continue
        spot = label_spot(node, fitted, layout)
        lane = next((b for b in lanes if b.y <= node.box.cy <= b.bottom), None)
        if lane is not None and (spot.y < lane.y - 0.5 or spot.bottom > lane.bottom + 0.5):
            problems.append((node.id, "leaves its lane"))
        if any(_crosses(r.points, spot) for r in layout.routes
               if r.kind != "message" and node.id in (r.source, r.target)):
            problems.append((node.id, "crossed by its own flow"))
        if fitted.lines and fitted.lines[-1].endswith("\u2026"):
            problems.append((node.id, "cut"))
    return problems


@pytest.mark.parametrize("path", [BUILDING, *sorted((ROOT / "processes").glob("*.yaml"))],
                         ids=lambda p: p.stem)
def test_event_and_gateway_labels_stay_in_their_lane_clear_of_their_flows(path):
    assert _label_problems(bpmodel.load_process(path)) == []


def test_a_long_gateway_name_in_the_top_lane_is_set_wider_not_over_the_border():
    name = "Building with complexity, special management or possible harm to neighbours?"
    process = Process("p", "P", actors=(Actor("c", "Clerk"),), steps=(
        Step("s", "", type="event", kind="start", actor="c"),
        Step("g", name, type="gateway", kind="xor", actor="c"),
        Step("a", "Approve", actor="c"), Step("b", "Reject", actor="c")),
        flows=(Flow("s", "g"), Flow("g", "a", condition="yes"), Flow("g", "b", condition="no")))
    assert _label_problems(process) == []


@pytest.mark.parametrize("fit", ["none", "a4"])
def test_a_condition_too_long_for_its_branch_is_a_key_listed_in_full(fit, tmp_path):
    condition = "the applicant has submitted every document the regulation requires"
    process = Process("p", "P", actors=(Actor("c", "Clerk"),), steps=(
        Step("s", "", type="event", kind="start", actor="c"),
        Step("g", "Complete?", type="gateway", kind="xor", actor="c"),
        Step("a", "Approve", actor="c"), Step("b", "Reject", actor="c"),
        Step("e", "", type="event", kind="end", actor="c")),
        flows=(Flow("s", "g"), Flow("g", "a", condition=condition, probability=0.8),
               Flow("g", "b", condition="no"), Flow("a", "e"), Flow("b", "e")))
    draw_diagram(process, tmp_path / "d.svg", fit=fit)
    svg = Svg(tmp_path / "d.svg")
    assert svg.text("flow-1") == "[a] (80%)"
    assert svg.text("flow-2") == "no"                  # a short one stays where it is
    text = svg.all_text()
    assert "Branch conditions" in text and squash(condition) in squash(text)
