"""The findings engine, the catalogue's docs, the examples' findings and the CLI."""

from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner

import bpmodel
from bpmodel.analysis import analyze
from bpmodel.analysis.facts import Facts
from bpmodel.analysis.findings import (
    CATEGORIES,
    DOC_SECTIONS,
    PRESETS,
    RULE_ERROR,
    SEVERITIES,
    Finding,
    Saving,
    doc_sections,
    enabled_rules,
    find,
    get_rule,
    preset,
    rules,
)
from bpmodel.cli import main
from bpmodel.model import Actor, Flow, Process, Step

from conftest import EXAMPLES

STRUCTURE = ("unreachable-step", "dead-end", "deadlock", "lack-of-synchronization",
             "superfluous-gateway")


@pytest.fixture(scope="module")
def building():
    return bpmodel.load_process(EXAMPLES / "building-approval.yaml")


@pytest.fixture(scope="module")
def building_findings(building):
    return find(building)


def _of(found, rule):
    return [f for f in found if f.rule == rule]


# -- the examples -------------------------------------------------------------------------

def test_building_approval_duplicate_land_title_check(building_findings):
    dups = _of(building_findings, "duplicate-step")
    assert any({"verify_land", "verify_land_tech"} <= set(f.steps) for f in dups)
    assert not any({"tech_review", "env_review"} <= set(f.steps) for f in dups)


def test_building_approval_manual_re_entry(building_findings):
    (finding,) = _of(building_findings, "manual-re-entry")
    assert "reenter" in finding.steps
    assert finding.evidence["system"] == "simbg"
    assert finding.evidence["held_by"] == ["local_app"]


def test_building_approval_approval_cascade(building_findings):
    (finding,) = _of(building_findings, "approval-cascade")
    assert finding.steps == ("initial_kabid", "approve_head", "approve_sekda", "sign")
    assert finding.evidence["keep"] == ["sign"]  # sign is marked keep


def test_building_approval_extra_visit_names_show_receipt(building_findings):
    visits = _of(building_findings, "extra-visit")
    (show,) = [f for f in visits if "show_receipt" in f.steps]
    assert "receipt" in show.message and "pay" in show.message
    assert "submit" not in {s for f in visits for s in f.steps}  # the first visit is free


def test_building_approval_government_held_documents(building_findings):
    found = _of(building_findings, "government-held-document")
    assert {f.evidence["document"] for f in found} == {"ktp", "land_title", "tax_id"}
    assert all("submit" in f.steps for f in found)


def test_building_approval_rework_loop(building_findings):
    (loop,) = _of(building_findings, "rework-loop")
    assert {"check", "complete", "notify_missing", "resubmit"} == set(loop.steps)
    assert loop.evidence["probability"] == pytest.approx(0.3)


def test_building_approval_non_value_steps(building_findings):
    steps = {s for f in _of(building_findings, "non-value-step") for s in f.steps}
    assert {"forward", "archive"} <= steps
    assert "sign" not in steps


def test_building_approval_repeated_requests_match_the_measure(building_findings):
    (finding,) = _of(building_findings, "repeated-document-request")
    assert finding.evidence["step"] == "resubmit" and finding.evidence["in_rework_loop"]
    assert sorted(finding.evidence["documents"]) == ["ktp", "land_title"]  # repeated_requests 2


def test_minimal_has_nothing_above_info():
    found = find(bpmodel.load_process(EXAMPLES / "minimal.yaml"))
    assert [f for f in found if f.severity != "info"] == []


@pytest.mark.parametrize("name", ["building-approval", "minimal", "trade-licence"])
def test_structural_rules_are_quiet_on_the_examples(name):
    process = bpmodel.load_process(EXAMPLES / f"{name}.yaml")
    assert find(process, select=["structure"]) == []


@pytest.mark.parametrize("name", ["building-approval", "minimal", "trade-licence"])
def test_no_rule_crashes_on_the_examples(name):
    found = find(bpmodel.load_process(EXAMPLES / f"{name}.yaml"))
    assert _of(found, RULE_ERROR) == []
    json.dumps([f.to_dict() for f in found])


# -- savings are computed from the model --------------------------------------------------

def test_saving_of_removing_a_step_prices_its_hours(building, building_findings):
    (finding,) = _of(building_findings, "manual-re-entry")
    saving = finding.saving
    work = building.step("reenter").work.hours
    assert saving.staff_hours == pytest.approx(work)
    assert saving.annual_staff_hours == pytest.approx(work * building.volume)
    assert saving.annual_cost == pytest.approx(work * building.volume * building.tariff["staff"])
    assert saving.visits == 0


def test_rework_saving_is_the_expected_extra_passes(building, building_findings):
    (loop,) = _of(building_findings, "rework-loop")
    repeats = 0.3 / 0.7
    per_pass = sum(building.step(s).work.hours + building.step(s).wait.hours
                   for s in ("check", "notify_missing", "resubmit"))
    assert loop.saving.lead_time_days == pytest.approx(repeats * per_pass / 8)
    assert loop.saving.visits == pytest.approx(repeats)
    # the applicant brings the documents (2 h) and takes the phone call (15 min)
    assert loop.saving.applicant_hours == pytest.approx(repeats * 2.25)


def test_a_visit_moved_online_keeps_its_fee(building_findings):
    (pay,) = [f for f in _of(building_findings, "extra-visit") if "pay" in f.steps]
    assert pay.saving.visits == 1 and pay.saving.fees == 0


def test_without_volume_or_tariff_annual_figures_are_unknown():
    process = Process("p", "P", actors=(Actor("c", "Clerk"), Actor("h", "Head")), steps=(
        Step("a", "Apply", actor="c"), Step("f", "Forward the file", actor="c", work=
                                                bpmodel.model.Duration.of(1)),
        Step("d", "Decide", actor="h")),
        flows=(Flow("a", "f"), Flow("f", "d")))
    (finding,) = find(process, select=["non-value-step"])
    assert finding.saving.staff_hours == 1
    assert finding.saving.annual_staff_hours is None
    assert finding.saving.to_dict()["annual_cost"] is None


def test_expected_runs_follow_branches_and_loops():
    facts = Facts(bpmodel.load_process(EXAMPLES / "trade-licence.yaml"))
    assert facts.runs["fire_check"] == pytest.approx(0.6)
    assert facts.runs["inspections_done"] == pytest.approx(1)  # an or-join runs once
    facts = Facts(bpmodel.load_process(EXAMPLES / "building-approval.yaml"))
    assert facts.runs["check"] == pytest.approx(1 / 0.7)
    visits = sum(facts.runs[s.id] for s in facts.process.steps if s.contact == "visit")
    assert visits == pytest.approx(4 + 0.3 / 0.7)  # the measures' expected visits


def test_an_unsound_process_gets_its_findings_but_no_made_up_savings():
    clerk = "c"
    process = Process("p", "P", actors=(Actor(clerk, "Clerk"), Actor("h", "Head")), steps=(
        Step("a", "Apply", actor=clerk),
        Step("route", "Which review?", "gateway", "xor"),
        Step("tech", "Technical review", actor=clerk),
        Step("env", "Environmental review", actor=clerk),
        Step("done", "Reviews done", "gateway", "and"),
        Step("send", "Forward the decision", actor=clerk)),
        flows=(Flow("a", "route"), Flow("route", "tech", 0.5), Flow("route", "env", 0.5),
               Flow("tech", "done"), Flow("env", "done"), Flow("done", "send")))
    found = find(process)
    assert _of(found, RULE_ERROR) == []
    assert _of(found, "deadlock")
    (forward,) = _of(found, "non-value-step")
    assert set(forward.saving.to_dict().values()) == {None}
    assert forward.saving.describe() == ""


# -- the engine ---------------------------------------------------------------------------

def test_a_crashing_rule_becomes_a_finding_and_the_others_run(monkeypatch, building):
    from bpmodel.analysis import findings

    def boom(context):
        raise ZeroDivisionError("division by zero")

    broken = tuple(dataclasses.replace(r, check=boom) if r.name == "ping-pong" else r
                   for r in rules())
    monkeypatch.setattr(findings, "_catalogue", lambda: broken)
    found = find(building)
    (error,) = _of(found, RULE_ERROR)
    assert error.severity == "error"
    assert error.evidence == {"rule": "ping-pong", "error": "ZeroDivisionError: division by zero"}
    assert _of(found, "duplicate-step")  # the run went on
    assert found[0] is error  # errors first


def test_select_ignore_and_presets():
    names = lambda chosen: [r.name for r, _ in chosen]  # noqa: E731
    assert names(enabled_rules()) == [r.name for r in rules()]
    assert set(names(enabled_rules(select=["structure"]))) == set(STRUCTURE)
    waste = [r.name for r in rules() if r.category == "waste" and r.name != "ping-pong"]
    assert names(enabled_rules(select=["duplicate-step", "waste"], ignore=["ping-pong"])) == [
        "duplicate-step", *waste]
    assert set(names(enabled_rules(preset_name="once-only"))) == {
        "government-held-document", "repeated-document-request", "manual-re-entry"}
    # a rule the preset leaves off can still be selected
    assert names(enabled_rules(select=["deadlock"], preset_name="once-only")) == ["deadlock"]
    assert dict((r.name, s) for r, s in enabled_rules(
        severities={"deadlock": "warning", "ping-pong": "off"}))["deadlock"] == "warning"
    assert "ping-pong" not in names(enabled_rules(severities={"ping-pong": "off"}))


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"select": ["duplicate-stp"]}, "did you mean 'duplicate-step'"),
    ({"ignore": ["nothing"]}, "no rule, category or preset"),
    ({"preset_name": "strict"}, "no preset named 'strict'"),
    ({"severities": {"deadlock": "fatal"}}, "is not one of"),
    ({"options": {"rework-loop": {"min_probabilty": 0.5}}}, "did you mean 'min_probability'"),
    ({"options": {"rework-loop": {"min_probability": "high"}}}, "expected float"),
    ({"options": {"no-such-rule": {}}}, "no rule named"),
])
def test_mistakes_are_refused_in_words(building, kwargs, message):
    with pytest.raises((ValueError, KeyError), match=message):
        find(building, **kwargs)


def test_options_change_what_a_rule_finds(building):
    assert _of(find(building, select=["rework-loop"]), "rework-loop")
    assert not find(building, select=["rework-loop"],
                    options={"rework-loop": {"min_probability": 0.5}})


def test_findings_are_values():
    finding = Finding("r", "info", ["a"], "m", {"k": [1]})
    assert finding.steps == ("a",)
    with pytest.raises(TypeError):
        finding.evidence["k"] = 2
    assert set(finding.to_dict()) == {"rule", "severity", "steps", "message", "evidence",
                                      "saving"}
    assert set(finding.to_dict()["saving"]) == {f.name for f in dataclasses.fields(Saving)}


def test_presets_map_every_rule():
    for name in PRESETS:
        assert set(preset(name)) == {r.name for r in rules()}


# -- the catalogue's docs -----------------------------------------------------------------

@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.name)
def test_every_rule_has_its_doc_sections(rule):
    sections = doc_sections(rule.doc)
    assert sections[:len(DOC_SECTIONS)] == list(DOC_SECTIONS), sections
    if rule.options:
        assert "Options" in sections
        for option in rule.options:
            assert f"``{option}``" in rule.doc, f"option {option} is not documented"
    assert rule.summary.endswith(".")
    assert rule.category in CATEGORIES and rule.severity in SEVERITIES


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.name)
def test_rule_names_describe_the_pattern_and_match_the_module(rule):
    assert rule.check.__module__.rsplit(".", 1)[-1] == rule.name.replace("-", "_")
    assert rule.name == rule.name.lower() and " " not in rule.name


def test_get_rule_suggests():
    assert get_rule("deadlock").name == "deadlock"
    with pytest.raises(KeyError, match="did you mean 'deadlock'"):
        get_rule("deadlok")


# -- the report and the CLI ---------------------------------------------------------------

def test_analyze_report_has_findings(building):
    report = analyze(building, select=["duplicate-step"])
    assert [f["rule"] for f in report["findings"]] == ["duplicate-step"]
    assert list(report)[:2] == ["process", "measures"]


def test_cli_rules_lists_the_catalogue():
    result = CliRunner().invoke(main, ["rules"])
    assert result.exit_code == 0
    for rule in rules():
        assert rule.name in result.output


def test_cli_rules_prints_a_rule_doc():
    result = CliRunner().invoke(main, ["rules", "approval-cascade"])
    assert result.exit_code == 0
    for section in DOC_SECTIONS:
        assert section in result.output
    assert "min_levels = 3" in result.output


def test_cli_rules_json():
    result = CliRunner().invoke(main, ["rules", "--format", "json"])
    data = json.loads(result.output)
    assert {r["name"] for r in data} == {r.name for r in rules()}


def test_cli_unknown_rule_is_a_usage_error():
    result = CliRunner().invoke(main, ["rules", "duplicate"])
    assert result.exit_code == 2
    assert "did you mean 'duplicate-step'" in result.output


def test_cli_analyze_select_and_ignore():
    path = str(EXAMPLES / "building-approval.yaml")
    result = CliRunner().invoke(main, ["analyze", path, "--format", "json",
                                       "--select", "redundancy,extra-visit",
                                       "--ignore", "government-held-document"])
    assert result.exit_code == 0, result.output
    rules_found = {f["rule"] for f in json.loads(result.output)["findings"]}
    assert rules_found == {"duplicate-step", "manual-re-entry", "repeated-document-request",
                           "extra-visit"}


def test_cli_analyze_text_shows_findings_and_savings():
    result = CliRunner().invoke(main, ["analyze", str(EXAMPLES / "building-approval.yaml"),
                                       "--select", "approval-cascade"])
    assert result.exit_code == 0
    assert "Findings (1 warning)" in result.output
    assert "approval-cascade  initial_kabid, approve_head, approve_sekda, sign" in result.output
    assert "IDR 54,000,000 of time at the tariff a year" in " ".join(result.output.split())


def test_cli_analyze_bad_select_is_a_usage_error():
    result = CliRunner().invoke(main, ["analyze", "--select", "deadlok"])
    assert result.exit_code == 2
    assert "did you mean 'deadlock'" in result.output


@pytest.mark.parametrize("command", [["rules", "--help"], ["analyze", "--help"]])
def test_cli_help(command):
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 0
    assert "Usage" in result.output
