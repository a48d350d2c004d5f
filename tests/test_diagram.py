"""Swimlane diagrams: what the pictures show (read back from SVG), their size and the
`bpmodel diagram` command on the examples and on BPMN files with lanes."""

import subprocess
import sys

import pytest
from svgdoc import Svg, squash

import bpmodel
from bpmodel.analysis.findings import find
from bpmodel.analysis.paths import critical_path
from bpmodel.layout import layout_process
from bpmodel.model import Actor, Duration, Flow, Process, Step
from bpmodel.render.diagram import diagram_figure, draw_diagram
from bpmodel.render.painter import UNIT

from conftest import CORPUS, EXAMPLES, ROOT, run

MINIMAL = EXAMPLES / "minimal.yaml"
TRADE = EXAMPLES / "trade-licence.yaml"
BUILDING = EXAMPLES / "building-approval.yaml"
MIWG = CORPUS / "miwg" / "reference" / "C.1.0.bpmn"
GSA = sorted((CORPUS / "public_sector" / "gsa-fac").glob("*.bpmn"))
UNSOUND = CORPUS / "bpmn-js-examples" / "bundling__pizza-collaboration.bpmn"
FILES = [MINIMAL, TRADE, BUILDING, MIWG, *GSA]




@pytest.fixture(scope="module")
def building():
    return bpmodel.load_process(BUILDING)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_step_name_and_lane_header_is_in_the_svg(path, tmp_path):
    process = bpmodel.load_process(path)
    layout = layout_process(process)
    draw_diagram(process, tmp_path / "d.svg", layout=layout)
    svg = Svg(tmp_path / "d.svg")
    assert svg.text("title") == process.name
    for step in process.steps:
        assert svg.has(f"step-{step.id}"), step.id
        if step.name.strip():
            # events and gateways add their duration after the name
            assert squash(svg.text(f"name-{step.id}")).startswith(squash(step.name)), step.id
    headers = [band for band in layout.lanes if band.name]
    assert headers
    for band in headers:
        assert squash(svg.text(f"lane-{band.id}")) == squash(band.name)


def test_lanes_are_grouped_by_agency_with_durations_under_the_tasks(building, tmp_path):
    draw_diagram(building, tmp_path / "d.svg")
    svg = Svg(tmp_path / "d.svg")
    for agency in building.agencies:
        assert svg.text(f"lane-agency:{agency}") is not None, agency
    assert svg.text("time-check") == "1 h + 2 d wait"     # work 1h, wait 2d
    assert svg.text("time-submit") == "2 h"
    tasks = {s.id for s in building.tasks}
    assert set(svg.ids("time-")) <= {f"time-{t}" for t in tasks}


def test_critical_path_is_drawn_thick_and_named(building, tmp_path):
    draw_diagram(building, tmp_path / "d.svg", highlight="critical")
    svg = Svg(tmp_path / "d.svg")
    on_path = set(critical_path(building).steps)
    assert on_path and on_path != {s.id for s in building.steps}
    for step in building.steps:
        style = svg.style(f"step-{step.id}")
        assert (style["stroke"] == "#d55e00") == (step.id in on_path), step.id
        assert (float(style["stroke-width"]) > 3) == (step.id in on_path) or step.kind == "end"
    assert "critical path, 42.6 working days" in svg.all_text()


def test_findings_are_numbered_badges_listed_under_the_diagram(building, tmp_path):
    draw_diagram(building, tmp_path / "d.svg", findings=True)
    svg = Svg(tmp_path / "d.svg")
    found = find(building)
    assert found
    text = svg.all_text()
    numbers: dict[str, list[str]] = {}
    for number, finding in enumerate(found, 1):
        assert finding.rule in text
        for step in dict.fromkeys(finding.steps):
            numbers.setdefault(step, []).append(str(number))
    for step in building.steps:
        expected = numbers.get(step.id)
        if expected is None:
            assert not svg.has(f"badge-{step.id}-r")
            continue
        shown = ",".join(expected[:3]) + (f",+{len(expected) - 3}" if len(expected) > 3 else "")
        assert svg.text(f"badge-{step.id}-r") == shown


def test_no_findings_says_so(tmp_path):
    process = Process("p", "Tidy", actors=(Actor("c", "Clerk"),),
                      steps=(Step("a", "Issue the licence", actor="c", work=Duration.of(1)),))
    draw_diagram(process, tmp_path / "d.svg", findings=True)
    svg = Svg(tmp_path / "d.svg")
    assert "No findings" in svg.all_text() and not svg.ids("badge-")


def chain(n: int) -> Process:
    actors = tuple(Actor(f"a{i}", f"Officer {i}", agency=f"Agency {i % 3}") for i in range(6))
    steps = tuple(Step(f"t{i}", f"Check and record document {i} of the applicant",
                       actor=f"a{i % 6}", work=Duration.of(1)) for i in range(n))
    flows = tuple(Flow(f"t{i}", f"t{i + 1}") for i in range(n - 1))
    return Process("chain", f"{n} steps", steps, flows, actors)


def name_sizes(canvas) -> set[float]:
    return {t.size for t in canvas.texts() if (t.gid or "").startswith("name-")}


def test_the_figure_grows_with_the_process_and_the_text_does_not_shrink():
    small, large = chain(5), chain(200)
    small_fig, large_fig = diagram_figure(small), diagram_figure(large)
    width = large_fig.frame.width * UNIT
    assert width >= layout_process(large).width * UNIT > 20 * small_fig.frame.width * UNIT / 2
    assert name_sizes(large_fig) == name_sizes(small_fig)
    assert min(name_sizes(large_fig)) >= 7


def test_same_input_same_bytes(tmp_path):
    trade = bpmodel.load_process(TRADE)
    for name in ("a.svg", "b.svg"):
        draw_diagram(trade, tmp_path / name, highlight="critical", findings=True)
    assert (tmp_path / "a.svg").read_bytes() == (tmp_path / "b.svg").read_bytes()
    minimal = bpmodel.load_process(MINIMAL)
    for name in ("a.png", "b.png", "a.pdf"):
        draw_diagram(minimal, tmp_path / name)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    assert b"CreationDate" not in (tmp_path / "a.pdf").read_bytes()


def test_an_unknown_picture_type_is_refused(building, tmp_path):
    with pytest.raises(ValueError, match="use .png, .svg or .pdf"):
        draw_diagram(building, tmp_path / "d.gif")
    assert not (tmp_path / "d.gif").exists()


def test_drawing_modules_import_matplotlib_only_when_drawing():
    code = ("import sys, bpmodel.render.diagram, bpmodel.render.compare, bpmodel.cli\n"
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert out.strip() == "False"


# -- the command ---------------------------------------------------------------------------

MAGIC = {".png": b"\x89PNG", ".svg": b"<?xml", ".pdf": b"%PDF"}


@pytest.mark.parametrize("source, suffix", [
    (MINIMAL, ".png"), (MINIMAL, ".svg"), (MINIMAL, ".pdf"), (TRADE, ".png"),
    (MIWG, ".pdf"), (GSA[0], ".png"), (GSA[-1], ".svg"),
], ids=lambda v: getattr(v, "name", v))
def test_cli_draws_png_svg_and_pdf(source, suffix, tmp_path):
    out = tmp_path / f"picture{suffix}"
    result = run("diagram", source, "-o", out)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(MAGIC[suffix])
    assert f"-> {out}" in result.output


def test_cli_highlight_and_findings_on_the_default_process(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("diagram", "-o", "d.svg", "--highlight", "critical", "--findings")
    assert result.exit_code == 0, result.output
    svg = Svg(tmp_path / "d.svg")
    assert svg.text("title") == "Building approval, before reform"
    assert svg.ids("badge-") and "critical path" in svg.all_text()


def test_cli_cannot_highlight_what_cannot_be_measured(tmp_path):
    result = run("diagram", UNSOUND, "-o", tmp_path / "d.png", "--highlight", "critical")
    assert result.exit_code == 1
    assert "cannot find the critical path" in result.stderr
    assert not (tmp_path / "d.png").exists()
    assert run("diagram", UNSOUND, "-o", tmp_path / "d.png", "--findings").exit_code == 0


def test_cli_usage_mistakes(tmp_path):
    assert run("diagram", MINIMAL, "-o", tmp_path / "d.gif").exit_code == 2
    assert run("diagram", MINIMAL).exit_code == 2                      # no -o
    assert run("diagram", MINIMAL, "-o", tmp_path / "d.png", "--highlight", "all").exit_code == 2
    assert run("diagram", MINIMAL, "--compare", MINIMAL, TRADE,
               "-o", tmp_path / "d.png").exit_code == 2
    assert run("diagram", "--compare", MINIMAL, TRADE, "--findings",
               "-o", tmp_path / "d.png").exit_code == 2
    assert not list(tmp_path.iterdir())


def test_cli_bad_input(tmp_path):
    result = run("diagram", tmp_path / "nope.yaml", "-o", tmp_path / "d.png")
    assert result.exit_code == 1 and "no such file" in result.stderr


def test_cli_help():
    result = run("diagram", "--help")
    assert result.exit_code == 0 and "--compare BEFORE AFTER" in result.output
