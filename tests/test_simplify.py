"""The simplification engine and `bpmodel simplify` on the building approval example."""

import json
import re

import pytest

import bpmodel
from bpmodel.io.yaml import dumps_yaml, load_yaml, loads_yaml
from bpmodel.simplify.edit import canonical
from bpmodel.simplify.engine import SimplifyError, rank_rewrites, select_rewrites, simplify
from bpmodel.simplify.guards import violations
from bpmodel.validate import structural_diagnostics

from conftest import CORPUS, EXAMPLES, run

# the bundled copy declares what the field inspection needs (positive evidence of
# independence, which parallelism needs)
BUILDING = bpmodel.default_process_path()
APPROVALS = ("approve", "sign")


@pytest.fixture(scope="module")
def building():
    return load_yaml(BUILDING).process


@pytest.fixture(scope="module")
def bold(building):
    return simplify(building, "bold")


@pytest.fixture(scope="module")
def safe(building):
    return simplify(building, "safe")


def test_bold_variant_meets_the_targets(building, bold):
    v = bold.process
    assert structural_diagnostics(v) == []
    assert violations(building, v) == []
    for kept in ("tech_review", "env_review", "pay", "sign"):
        assert v.has_step(kept)
    assert not (v.has_step("verify_land") and v.has_step("verify_land_tech"))
    # one manual entry stays, the one into SIMBG (the system of record)
    assert v.has_step("reenter") and not v.has_step("register")
    assert not v.has_step("show_receipt")
    # paying at the bank is kept (keep locks its channel), collecting waits for delivery
    assert bold.after["visits"] <= 3 < bold.before["visits"]
    assert bold.after["lead_time_hours"] <= 0.6 * bold.before["lead_time_hours"]


def test_bold_variant_validates_as_yaml(bold):
    text = dumps_yaml(bold.process)
    assert loads_yaml(text).process == bold.process


def test_safe_variant_is_shorter_and_keeps_every_approval(building, safe):
    assert safe.after["lead_time_hours"] < safe.before["lead_time_hours"]
    approvals = [s.id for s in building.steps if s.action in APPROVALS]
    assert approvals and all(safe.process.has_step(a) for a in approvals)
    assert all(c.level == "safe" for c in safe.changes)
    assert violations(building, safe.process) == []


def test_every_change_says_what_why_and_gain(bold):
    assert len(bold.changes) >= 8
    for change in bold.changes:
        assert change.what and change.why and change.steps and change.heuristic
        assert set(change.gain) >= {"lead_time_days", "visits", "annual_applicant_hours"}
    assert sum(c.gain["lead_time_days"] for c in bold.changes) == pytest.approx(
        bold.before["lead_time_days"] - bold.after["lead_time_days"])


@pytest.mark.parametrize("level", ["safe", "bold"])
def test_simplifying_a_variant_again_changes_nothing(building, level):
    variant = simplify(building, level).process
    again = simplify(loads_yaml(dumps_yaml(variant)).process, level)
    assert again.changes == ()


def test_deterministic_byte_for_byte(building, bold):
    assert dumps_yaml(simplify(building, "bold").process) == dumps_yaml(bold.process)


def test_the_input_process_is_not_changed(building, bold):
    assert building == load_yaml(BUILDING).process


def test_only_and_exclude(building):
    only = simplify(building, "bold", only=["flatten-approvals"])
    assert {c.rewrite for c in only.changes} == {"flatten-approvals"}
    without = simplify(building, "bold", exclude=["flatten-approvals"])
    assert "flatten-approvals" not in {c.rewrite for c in without.changes}
    assert without.process.has_step("approve_head")


def test_unknown_rewrite_or_level():
    with pytest.raises(SimplifyError, match="did you mean .flatten-approvals."):
        select_rewrites("bold", only=["flatten-approval"])
    with pytest.raises(SimplifyError, match="unknown level"):
        select_rewrites("reckless")


def test_ranking_puts_the_biggest_single_reform_first(building):
    ranking = rank_rewrites(building, "bold")
    assert ranking[0][0] == "flatten-approvals"
    days = [gain["lead_time_days"] for _, gain in ranking]
    assert days == sorted(days, reverse=True)


# -- the command ---------------------------------------------------------------------------



def test_cli_writes_the_variant_and_its_reports(tmp_path):
    result = run("simplify", BUILDING, "-o", tmp_path, "--level", "bold")
    assert result.exit_code == 0, result.output
    assert "lead time days" in result.output and "Each rewrite on its own" in result.output
    names = sorted(p.name for p in tmp_path.iterdir())
    pages = [n for n in names if re.fullmatch(r"before-after-\d+\.svg", n)]
    assert sorted(set(names) - set(pages)) == [
        "before-after.svg", "changes.md", "report.html", "summary.json", "variant.bpmn",
        "variant.yaml"]                                  # a PNG with --png
    assert pages       # the picture's pages to read (A4, every step text 7 pt or more)
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "Action plan" in report and "<svg" in report  # the picture is inside
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["after"]["visits"] <= 3 and summary["changes"]
    assert "## Changes" in (tmp_path / "changes.md").read_text()
    assert load_yaml(tmp_path / "variant.yaml").process.id == "building-approval"


def test_cli_on_its_own_output_changes_nothing(tmp_path):
    assert run("simplify", BUILDING, "-o", tmp_path / "one", "--no-pictures").exit_code == 0
    result = run("simplify", tmp_path / "one" / "variant.yaml", "-o", tmp_path / "two",
                 "--no-pictures")
    assert result.exit_code == 0, result.output
    assert "0 changes" in result.output
    summary = json.loads((tmp_path / "two" / "summary.json").read_text())
    assert summary["changes"] == []


def test_cli_default_process_and_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("simplify", "--no-pictures")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bpmodel-out" / "building-approval" / "variant.yaml").exists()
    assert not (tmp_path / "bpmodel-out" / "building-approval" / "before-after.png").exists()


def test_cli_never_overwrites_its_input(tmp_path):
    source = tmp_path / "variant.yaml"
    source.write_text(BUILDING.read_text())
    result = run("simplify", source, "-o", tmp_path, "--no-pictures")
    assert result.exit_code == 1
    assert "refusing to overwrite the input file" in result.stderr
    assert source.read_text() == BUILDING.read_text()
    assert not (tmp_path / "changes.md").exists()


def test_cli_usage_mistakes_exit_2(tmp_path):
    assert run("simplify", BUILDING, "--only", "nope", "-o", tmp_path).exit_code == 2
    assert run("simplify", "--level", "reckless").exit_code == 2


def test_cli_rewrites_lists_the_catalogue():
    result = run("rewrites")
    assert result.exit_code == 0
    assert "flatten-approvals" in result.output and "empowerment" in result.output
    assert run("simplify", "--help").exit_code == 0 and run("rewrites", "--help").exit_code == 0


def test_cli_on_a_process_with_nothing_to_simplify(tmp_path):
    result = run("simplify", EXAMPLES / "minimal.yaml", "-o", tmp_path,
                 "--only", "flatten-approvals")
    assert result.exit_code == 0, result.output
    assert "0 changes" in result.output
    assert "| annual cost | n/a | n/a |" in (tmp_path / "changes.md").read_text()


def test_cli_on_a_process_that_cannot_be_measured(tmp_path):
    result = run("simplify", CORPUS / "miwg" / "reference" / "B.2.0.bpmn", "-o", tmp_path)
    assert result.exit_code == 1
    assert "cannot simplify, the process cannot be measured: deadlock" in result.stderr
    assert not list(tmp_path.iterdir())


def test_message_flows_follow_a_merged_step_and_the_variant_loads_again():
    """A message of a step that a rewrite merges into another is the merged step's; one of
    a step a rewrite removes goes with it: the variant written as YAML loads again."""
    from bpmodel.model import Actor, Duration, Flow, MessageFlow, Pool, Process, Step

    process = Process(
        "p", "P",
        steps=(Step("a", "Check the drawings", actor="tech", work=Duration.of(2)),
               Step("b", "Write the technical report", actor="tech", work=Duration.of(1),
                    wait=Duration.of(8)),
               Step("c", "Sign the permit", actor="head")),
        flows=(Flow("a", "b"), Flow("b", "c")),
        actors=(Actor("tech", "Tech", "staff", "PU", pool="office"),
                Actor("head", "Head", "staff", "PU", pool="office"),
                Actor("bpn", "Land office", "staff", "BPN", pool="land")),
        pools=(Pool("office", "Office"), Pool("land", "Land office")),
        message_flows=(MessageFlow("b", "land", "report"), MessageFlow("land", "c")))
    process = loads_yaml(dumps_yaml(process)).process
    variant = simplify(process, "bold")
    assert [c.rewrite for c in variant.changes] == ["compose-steps"]
    assert [(m.source, m.target, m.name) for m in variant.process.message_flows] == [
        ("a", "land", "report"), ("land", "c", None)]
    again = loads_yaml(dumps_yaml(variant.process)).process
    assert again.message_flows == variant.process.message_flows
    gone = process.evolve(steps=process.steps[:2], flows=process.flows[:1])
    assert [(m.source, m.target) for m in canonical(gone).message_flows] == [("b", "land")]
