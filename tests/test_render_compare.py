"""Before/after pictures and comparison charts: the diff of two processes, what the
pictures show (read back from SVG), and the commands that write them."""

import json

import pytest
from svgdoc import Svg, squash

import bpmodel
from bpmodel.io import save
from bpmodel.model import Duration, Flow, Process, Step
from bpmodel.render.compare import before_after_files, measure_deltas
from bpmodel.render.diff import diff_processes, what_changed
from bpmodel.report.deliverables import render_outputs
from bpmodel.simplify.changes import Change
from bpmodel.simplify.engine import simplify

from conftest import CORPUS, EXAMPLES, run

MINIMAL = EXAMPLES / "minimal.yaml"
TRADE = EXAMPLES / "trade-licence.yaml"
BUILDING = bpmodel.default_process_path()  # declares what the field inspection needs
GSA = CORPUS / "public_sector" / "gsa-fac" / "create_new_submission.bpmn"




def line(*ids: str) -> Process:
    steps = tuple(Step(i, i.upper()) for i in ids)
    return Process("p", "P", steps=steps, flows=tuple(Flow(a, b) for a, b in zip(ids, ids[1:])))


# -- the diff ------------------------------------------------------------------------------

def test_removed_and_new_steps():
    d = diff_processes(line("a", "b", "c"), line("a", "n", "c"))
    assert (d.before["b"].kind, d.before["b"].badge) == ("removed", "removed")
    assert d.after["n"].kind == "new"
    assert "a" not in d.after and "c" not in d.after          # unchanged: no mark
    assert d.kinds == ("removed", "new")


def test_the_change_log_says_what_was_merged_into_what():
    original, variant = line("a", "b", "c", "d"), line("a", "d")
    log = [Change("flatten-approvals", "empowerment", "bold", ("b", "c", "d"), "w", "y")]
    d = diff_processes(original, variant, log)
    assert [(d.before[s].kind, d.before[s].into) for s in "bc"] == [("merged-away", "d")] * 2
    assert d.after["d"].badge == "merged 3\u21921"
    plain = diff_processes(original, variant)       # no log, no renamed step: removed
    assert {m.kind for m in plain.before.values()} == {"removed"}


def test_steps_made_parallel_and_moved():
    original = line("s", "a", "b", "e")
    parallel = Process("p", "P", steps=(*original.steps, Step("f", "F", "gateway", "and"),
                                        Step("j", "J", "gateway", "and")),
                       flows=(Flow("s", "f"), Flow("f", "a"), Flow("f", "b"), Flow("a", "j"),
                              Flow("b", "j"), Flow("j", "e")))
    d = diff_processes(original, parallel)
    assert d.after["a"].kind == d.after["b"].kind == "parallel"
    assert d.after["f"].kind == "new" and "s" not in d.after
    moved = line("s", "b", "a", "e")
    marks = diff_processes(original, moved).after
    assert {s: m.kind for s, m in marks.items()} == {"b": "moved", "a": "moved"}


def test_what_changed_in_a_kept_step():
    old = Step("p", "Pay", contact="visit", work=Duration(2, 2, 2), needs=("a",))
    assert what_changed(old, Step("p", "Pay", contact=None, work=Duration(2, 2, 2),
                                  needs=("a",))) == "no visit"
    assert what_changed(old, Step("p", "Pay", contact="visit", work=Duration(1, 1, 1),
                                  needs=("a",))) == "faster"
    assert what_changed(old, Step("p", "Pay online", contact="online", needs=())) == \
        "now online, 1 fewer document"


def test_measure_deltas_skip_what_a_side_cannot_give():
    rows = measure_deltas({"steps": 3, "annual_applicant_hours": None, "visits": 2},
                          {"steps": 2, "annual_applicant_hours": None, "visits": 2})
    assert rows == [("steps", "3", "2", "-1 (-33%)"), ("visits in person", "2", "2",
                                                       "no change")]


# -- the picture ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def building_variant():
    original = bpmodel.load_process(BUILDING)
    return simplify(original, "bold")


@pytest.fixture(scope="module")
def building_svg(building_variant):
    v = building_variant
    files = before_after_files(v.original, v.process, "ba", ("svg",), changes=v.changes,
                               before=v.before, after=v.after)
    return Svg(files["ba.svg"])


def test_every_step_and_lane_appears_on_its_side(building_variant, building_svg):
    svg = building_svg
    for side, process in (("before", building_variant.original),
                          ("after", building_variant.process)):
        for step in process.steps:
            assert squash(svg.text(f"{side}-name-{step.id}")) == squash(step.name), step.id
        for actor in process.actors:
            assert squash(svg.text(f"{side}-lane-{actor.id}")) == squash(actor.name)
    assert svg.text("panel-before").startswith("Before:")
    assert svg.text("panel-after").startswith("After:")


def test_the_after_side_is_not_named_like_the_original(tmp_path):
    """A simplified variant keeps its original's name ("..., before reform"): its side of
    the picture is called the simplified variant, in the pictures and in the report."""
    assert run("simplify", BUILDING, "-o", tmp_path).exit_code == 0
    heading = next(squash(Svg(page).text("panel-after"))
                   for page in sorted(tmp_path.glob("before-after*.svg"))
                   if Svg(page).has("panel-after"))
    assert "thesimplifiedvariant" in heading and "beforereform" not in heading
    report = squash((tmp_path / "report.html").read_text(encoding="utf-8"))
    assert "After(bold):thesimplifiedvariant" in report
    assert "After(bold):Buildingapproval" not in report


def test_removed_steps_are_hatched_and_dashed_with_a_badge(building_variant, building_svg):
    svg = building_svg
    gone = [s.id for s in building_variant.original.steps
            if not building_variant.process.has_step(s.id)]
    assert len(gone) >= 5
    for step in gone:
        style = svg.style(f"before-step-{step}")
        assert style["fill"].startswith("url(#h"), step           # a hatch pattern
        assert "stroke-dasharray" in style, step
        assert svg.text(f"before-badge-{step}") in ("removed", "merged")
    assert svg.text("before-badge-forward") == "removed"  # archiving moves, never goes
    assert svg.text("before-badge-approve_head") == "merged"
    kept = [s.id for s in building_variant.original.steps if s.id not in gone]
    for step in kept:
        style = svg.style(f"before-step-{step}")
        assert "stroke-dasharray" not in style and not style["fill"].startswith("url(")


def test_the_variant_marks_merged_parallel_new_and_changed_steps(building_svg):
    svg = building_svg
    assert svg.text("after-badge-sign") == "merged 4\u21921"
    assert svg.text("after-badge-verify_land") == "merged 2\u21921 \u00b7 parallel"
    assert svg.text("after-badge-fetch_documents") == "new"
    assert not svg.has("after-badge-pay")          # kept: its channel stays a visit
    assert not svg.has("after-badge-tech_review")              # kept as it was
    assert svg.style("after-step-fetch_documents")["stroke"] == "#009e73"
    legend = " ".join(svg.text(g) for g in svg.ids("legend-"))
    for word in ("removed", "merged", "parallel", "new", "changed"):
        assert word in legend


def test_measures_box_and_same_scale(building_variant, building_svg):
    svg = building_svg
    table = [svg.text(f"delta-{k}") for k in range(6)]
    assert table[1].split()[:3] == ["steps", "25", str(len(building_variant.process.steps))]
    assert table[2].startswith("visits in person") and table[4].startswith("lead time")
    assert table[5].startswith("applicant hours a year")
    kept = [s.id for s in building_variant.original.tasks
            if building_variant.process.has_step(s.id)]
    for step in kept:                                   # the same scale: the same widths
        before, after = svg.x_extent(f"before-step-{step}"), svg.x_extent(f"after-step-{step}")
        assert before[1] - before[0] == pytest.approx(after[1] - after[0])
    # the new checklist comes first, where the submission was; steps move right, never left
    assert svg.x_extent("before-step-submit")[0] == \
        pytest.approx(svg.x_extent("after-step-online_checklist")[0])
    moved = {s for c in building_variant.changes if c.heuristic == "task elimination"
             for s in c.steps if "off the applicant's path" in c.what}  # archiving moved
    for step in kept:
        if step not in moved:
            assert svg.x_extent(f"after-step-{step}")[0] >= \
                svg.x_extent(f"before-step-{step}")[0], step


def test_simplify_outputs_carry_the_pictures_whole():
    variant = simplify(bpmodel.load_process(TRADE), "bold")
    outputs = render_outputs(variant, pictures=("svg", "png"))
    assert outputs["before-after.png"].startswith(b"\x89PNG")
    pages = [Svg(data) for name, data in outputs.items()
             if name.startswith("before-after") and name.endswith(".svg")]
    badges = [svg.text("after-badge-fetch_documents") for svg in pages]
    assert [b for b in badges if b is not None] == ["new"]      # on one page, whole
    assert "before-after.png" not in render_outputs(variant, pictures=False)


# -- the commands --------------------------------------------------------------------------

def test_cli_simplify_writes_the_before_after_picture(tmp_path):
    result = run("simplify", MINIMAL, "-o", tmp_path, "--png")  # no volume: no burden
    assert result.exit_code == 0, result.output
    assert (tmp_path / "before-after.png").read_bytes().startswith(b"\x89PNG")
    svg = Svg(tmp_path / "before-after.svg")
    assert svg.text("figures-0").startswith("steps: ")     # the key figures, one line
    assert any(Svg(page).ids("after-step-") for page in tmp_path.glob("before-after*.svg"))


def test_cli_diagram_compare_two_yaml_files(tmp_path):
    original = bpmodel.load_process(MINIMAL)
    save(simplify(original, "bold").process, tmp_path / "variant.yaml")
    for suffix in (".svg", ".pdf"):
        result = run("diagram", "--compare", MINIMAL, tmp_path / "variant.yaml",
                     "-o", tmp_path / f"ba{suffix}")
        assert result.exit_code == 0, result.output
    svg = Svg(tmp_path / "ba.svg")
    assert svg.text("before-badge-issue") == "merged"           # found without a log
    assert svg.text("after-badge-check").startswith("merged 2")
    assert (tmp_path / "ba.pdf").read_bytes().startswith(b"%PDF")


def test_cli_diagram_compare_bpmn_with_lanes(tmp_path):
    original = bpmodel.load_process(GSA)
    variant = simplify(original, "bold")
    assert variant.changes
    save(variant.process, tmp_path / "variant.bpmn")
    result = run("diagram", "--compare", GSA, tmp_path / "variant.bpmn", "-o",
                 tmp_path / "ba.png")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "ba.png").read_bytes().startswith(b"\x89PNG")


@pytest.fixture(scope="module")
def summary_file(building_variant, tmp_path_factory):
    path = tmp_path_factory.mktemp("summary") / "summary.json"
    path.write_text(render_outputs(building_variant, pictures=False)["summary.json"])
    return path


def test_cli_compare_draws_the_chart(tmp_path):
    for suffix in (".svg", ".png"):
        result = run("compare", MINIMAL, TRADE, GSA, "-o", tmp_path / f"chart{suffix}")
        assert result.exit_code == 0, result.output
    text = Svg(tmp_path / "chart.svg").all_text()
    for name in ("Certificate of residence", "Trade licence", bpmodel.load_process(GSA).name):
        assert name.split()[0] in text
    assert "lead time" in text and "visits" in text
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")


def test_cli_compare_a_summary_before_and_after_with_its_savings(summary_file, tmp_path):
    result = run("compare", summary_file, TRADE, "--format", "json", "-o",
                 tmp_path / "chart.pdf", "--savings", tmp_path / "savings.svg")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [p["id"] for p in data["processes"]] == [
        "building-approval", "building-approval-bold", "trade-licence"]
    assert (tmp_path / "chart.pdf").read_bytes().startswith(b"%PDF")
    text = Svg(tmp_path / "savings.svg").all_text()
    assert "flatten approvals" in text and "before" in text and "after" in text
    assert "-1 visit" in text


def test_cli_compare_mistakes(summary_file, tmp_path):
    assert run("compare", MINIMAL, "--savings", tmp_path / "s.png").exit_code == 2
    assert run("compare", MINIMAL, "-o", tmp_path / "c.gif").exit_code == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"steps": 3}')
    result = run("compare", bad)
    assert result.exit_code == 1 and "not a summary of `bpmodel simplify`" in result.stderr
    bad.write_text("{")
    assert "not JSON" in run("compare", bad).stderr
    assert not (tmp_path / "s.png").exists() and not (tmp_path / "c.gif").exists()
