"""Unknown is not zero: steps without a time, fees not known, and `analyze --check`."""

from __future__ import annotations

import json

import pytest

from bpmodel import load_process
from bpmodel.analysis import analyze
from bpmodel.analysis.gaps import TIME_KEYS
from bpmodel.io import dumps
from bpmodel.io.yaml import loads_yaml as loads

from conftest import ROOT, run

TEGAL = ROOT / "processes" / "tegal-legalisasi-pbg.yaml"

PARTLY_TIMED = """\
bpmodel: 1
process: {id: partly, name: Partly timed, target: 2d, currency: IDR}
actors:
  - {id: me, name: Me, kind: citizen}
  - {id: clerk, name: Clerk, agency: Office}
steps:
  - {id: apply, name: Apply, actor: me, contact: visit, work: 1h}
  - {id: check, name: Check, actor: clerk}
  - {id: sign, name: Sign, actor: clerk, work: 2d, fee: unknown}
"""

ZERO_GIVEN = """\
bpmodel: 1
process: {id: zero, name: Zero given, target: 1d}
actors: [{id: clerk, name: Clerk}]
steps:
  - {id: a, name: Stamp, actor: clerk, work: 0h}
"""


def test_a_step_without_a_time_makes_the_lead_time_unknown_with_a_lower_bound(write):
    report = analyze(load_process(write(PARTLY_TIMED)))
    measures = report["measures"]
    assert measures["lead_time_days"] is None and measures["lead_time_hours"] is None
    assert measures["expected_lead_time_days"] is None and measures["efficiency"] is None
    assert report["lower_bounds"]["lead_time_days"] == pytest.approx(2 + 1 / 8)
    assert "check" in report["unknown"]["lead_time_days"]
    assert report["unknown_steps"] == {"time": ["check"], "fee": ["sign"]}
    # the applicant's own step is timed, the staff's is not
    assert measures["applicant_hours"] == 1.0 and measures["staff_hours"] is None
    # the lower bound already exceeds the target: missed is known
    assert measures["meets_target"] is False


def test_a_fee_written_unknown_is_unknown_not_zero(write):
    report = analyze(load_process(write(PARTLY_TIMED)))
    assert report["measures"]["fees"] is None
    assert "sign" in report["unknown"]["fees"]
    text = run("analyze", "--lang", "en", write(PARTLY_TIMED)).output
    assert "\n  fees                      n/a\n" in text


def test_a_time_written_as_zero_is_known(write):
    report = analyze(load_process(write(ZERO_GIVEN)))
    assert report["measures"]["lead_time_days"] == 0 and report["measures"]["meets_target"]
    # the times are known; what the file does not give (a volume, costs) is not
    assert not set(report["unknown"]) & {*TIME_KEYS, "meets_target"}


def test_unknown_times_and_fees_survive_a_round_trip(write):
    process = load_process(write(PARTLY_TIMED))
    again = loads(dumps(process, "yaml")).process
    assert again == process
    assert not again.step("check").time_known and not again.step("sign").fee_known
    zero = load_process(write(ZERO_GIVEN))
    assert loads(dumps(zero, "yaml")).process.step("a").time_known


def test_tegal_lead_time_is_unknown_and_check_is_not_checked():
    result = run("analyze", "--lang", "en", "--check", TEGAL)
    assert result.exit_code == 3, result.output
    out = result.output
    assert "lead time days            n/a" in out
    assert "ajukan, periksa, tanda_tangan and serahkan" in out
    assert "meets target              not checked" in out
    assert "bpmodel: warning:" in out and "not checked" in out.splitlines()[-1]
    report = json.loads(run("analyze", "--lang", "en", "--format", "json", TEGAL).output)
    assert report["measures"]["lead_time_days"] is None
    assert report["measures"]["meets_target"] is None
    assert report["unknown_steps"]["time"] == ["ajukan", "periksa", "tanda_tangan",
                                                "serahkan"]
    assert report["unknown"]["meets_target"].startswith("not checked")


def test_check_missed_on_a_lower_bound_exits_1(write):
    result = run("analyze", "--lang", "en", "--check", write(PARTLY_TIMED))
    assert result.exit_code == 1
    assert "lead time at least 2.1 working days exceeds the target of 2 working days" \
        in result.output


BLITAR = ROOT / "processes" / "blitar-izin-prinsip.yaml"


def test_blitar_expected_below_best_warns_and_names_the_gateway():
    report = analyze(load_process(BLITAR))
    kinds = {w["kind"]: w for w in report["warnings"]}
    below = kinds["expected-below-best"]
    assert below["steps"] == ["valid", "dikembalikan"]
    assert "gives no chance for the branches of valid" in below["message"]
    assert report["lower_bounds"]["expected_lead_time_days"] \
        < report["lower_bounds"]["best_time_days"]
    assert kinds["assumed-chances"]["steps"] == ["valid", "penandatangan"]
    assert kinds["returned-end"]["steps"] == ["dikembalikan"]
    assert "probably a rework loop" in kinds["returned-end"]["message"]
    text = run("analyze", "--lang", "en", BLITAR).output
    assert "Warnings on the figures" in text and "is below the best case" in text
    text = " ".join(run("analyze", "--lang", "id", BLITAR).output.split())
    assert "Peringatan atas angka-angka" in text and "lebih pendek daripada kasus terbaik" in text
    assert "(5,4 hari kerja)" in text and "working days" not in text and "below the best" \
        not in text


def test_given_chances_and_no_early_end_give_no_warning(write):
    process = load_process(write(ZERO_GIVEN))
    assert analyze(process)["warnings"] == []


# -- applicant burden (Standard Cost Model) ----------------------------------------------

BURDEN = """\
bpmodel: 1
process:
  id: burden
  name: Burden
  currency: IDR
  volume: 100
  tariff: {citizen: 20000}
  visit_overhead: 2h
  visit_cost: 50000
actors:
  - {id: me, name: Me, kind: citizen}
  - {id: clerk, name: Clerk, agency: Office}
steps:
  - {id: apply, name: Apply, actor: me, contact: visit, work: 1h,
     costs: {copies: 5000, materai: 10000}}
  - {id: check, name: Check, actor: clerk, work: 1h}
  - {id: collect, name: Collect the permit, actor: me, contact: visit, work: 30min,
     visit_overhead: 1h, visit_cost: 20000}
"""


def test_visits_cost_travel_queue_and_fares_and_steps_their_out_of_pocket_costs(write):
    m = analyze(load_process(write(BURDEN)))["measures"]
    assert m["applicant_hours"] == pytest.approx(1 + 2 + 0.5 + 1)
    assert m["applicant_cost"] == pytest.approx(4.5 * 20000)
    assert m["out_of_pocket"] == 5000 + 10000 + 50000 + 20000
    assert m["annual_out_of_pocket"] == 100 * 85000


def test_out_of_pocket_costs_nobody_wrote_down_are_unknown_not_zero(write):
    # no trip cost and no costs at all: nothing was counted
    silent = BURDEN.replace("  visit_cost: 50000\n", "").replace(
        "     costs: {copies: 5000, materai: 10000}}", "     }").replace(
        ", visit_cost: 20000}", "}")
    report = analyze(load_process(write(silent)))
    assert report["measures"]["out_of_pocket"] is None
    assert report["measures"]["annual_out_of_pocket"] is None
    assert "declares no out-of-pocket costs" in report["unknown"]["out_of_pocket"]
    # costs written, but a visit without a trip cost: unknown, at least what is written
    partial = BURDEN.replace("  visit_cost: 50000\n", "")
    report = analyze(load_process(write(partial)))
    assert report["measures"]["out_of_pocket"] is None
    assert "no trip cost (visit_cost) for the visits at apply" in \
        report["unknown"]["out_of_pocket"]
    assert report["lower_bounds"]["out_of_pocket"] == 5000 + 10000 + 20000
    assert report["lower_bounds"]["annual_out_of_pocket"] == 100 * 35000
    text = run("analyze", "--lang", "en", write(partial)).output
    assert "out of pocket             n/a, at least IDR 35,000" in text


def test_figures_without_volume_tariff_or_applicant_say_why(write):
    bare = """\
bpmodel: 1
process: {id: bare, name: Bare, currency: IDR}
actors: [{id: clerk, name: Clerk, agency: Office}]
steps:
  - {id: check, name: Check, actor: clerk, work: 1h}
"""
    report = analyze(load_process(write(bare)))
    unknown = report["unknown"]
    assert "no volume" in unknown["annual_staff_hours"]
    assert "no tariff for the staff's hours" in unknown["staff_cost"]
    assert "no step of the applicant" in unknown["applicant_hours"]
    assert report["measures"]["applicant_hours"] is None  # not 0 h: nobody modelled it
    assert report["measures"]["staff_hours"] == 1


SERVICE_PERIOD = """\
bpmodel: 1
process: {id: period, name: Period, currency: IDR, volume: 10, tariff: {staff: 50000}}
actors: [{id: me, name: Me, kind: citizen}, {id: clerk, name: Clerk, agency: Office}]
steps:
  - {id: apply, name: Apply, actor: me, contact: online, work: 10min}
  - {id: examine, name: Examine the plans, actor: clerk, wait: 7d}
  - {id: stamp, name: Stamp, actor: clerk, work: 0h, wait: 1d}
"""


def test_a_service_period_without_work_leaves_the_hours_worked_unknown(write, tmp_path):
    path = write(SERVICE_PERIOD)
    process = load_process(path)
    assert not process.step("examine").work_known and process.step("stamp").work_known
    report = analyze(process)
    m = report["measures"]
    assert m["lead_time_days"] == pytest.approx(8 + 10 / 60 / 8)  # the lead time is known
    assert m["staff_hours"] is None and m["work_hours"] is None and m["efficiency"] is None
    assert "a waiting time but no work for examine" in report["unknown"]["staff_hours"]
    assert m["applicant_hours"] == pytest.approx(10 / 60)
    again = loads(dumps(process, "yaml")).process
    assert again == process and "work: 0h" in dumps(process, "yaml")
    bpmn = tmp_path / "period.bpmn"
    assert run("convert", path, bpmn).exit_code == 0
    assert [s.work_known for s in load_process(bpmn).tasks] == [True, False, True]


def test_a_retribution_whose_amount_is_not_published_is_unknown():
    blitar = analyze(load_process(ROOT / "processes" / "blitar-izin-prinsip.yaml"))
    assert blitar["measures"]["fees"] is None and "bayar" in blitar["unknown"]["fees"]


def test_burden_keys_survive_a_round_trip(write):
    process = load_process(write(BURDEN))
    again = loads(dumps(process, "yaml")).process
    assert again == process and again.visit_cost == 50000
    assert again.step("apply").costs == (("copies", 5000.0), ("materai", 10000.0))


def test_dropping_a_visit_in_the_bundled_process_saves_hours_and_cost(tmp_path):
    result = run("simplify", "--lang", "en", "-o", tmp_path, "--no-pictures", "--only",
                 "reduce-visits")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    dropped = [c for c in summary["changes"] if c["what"].startswith("Dropped the visit")]
    assert dropped
    # the trip (2 h travel and queue, IDR 50,000 fare) is saved with the step's own 30 min
    assert dropped[0]["gain"]["applicant_hours"] == pytest.approx(2.5)
    assert dropped[0]["gain"]["out_of_pocket"] == pytest.approx(50000)
    text = (tmp_path / "changes.md").read_text(encoding="utf-8")
    assert "2.5 h of the applicant's time saved a case" in text
    assert "IDR 50,000 less out-of-pocket cost for the applicant a case" in text


@pytest.mark.parametrize("lang, hours, money", [
    ("en", "2.4 h of the applicant's time saved a case",
     "IDR 50,000 less out-of-pocket cost for the applicant a case"),
    ("id", "menghemat waktu pemohon 2,4 jam per berkas",
     "biaya yang dikeluarkan pemohon berkurang Rp 50.000 per berkas")])
def test_the_bundled_bold_variant_moves_the_collection_online_and_saves_the_trip(
        tmp_path, lang, hours, money):
    # The decree is signed electronically in SIMBG (an assumed fact of the bundled file),
    # so the visit to collect it becomes electronic delivery: the trip (2 h travel and
    # queue, IDR 50,000 fare) and 25 of the visit's 30 min are saved.
    result = run("simplify", "--lang", lang, "-o", tmp_path, "--no-pictures")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    [moved] = [c for c in summary["changes"] if c["rewrite"] == "deliver-electronically"]
    assert moved["steps"] == ["collect"]
    assert moved["gain"]["visits"] == 1
    assert moved["gain"]["applicant_hours"] == pytest.approx(2 + 25 / 60, abs=1e-3)
    assert moved["gain"]["out_of_pocket"] == pytest.approx(50000)
    assert moved["gain"]["annual_out_of_pocket"] == pytest.approx(1200 * 50000)
    assert moved["assumed"] == ["sign.signature", "process.visit_overhead", "process.visit_cost"]
    variant = load_process(tmp_path / "variant.yaml")
    assert variant.step("collect").contact == "online"
    assert variant.step("pay").contact == "visit"  # keep: true locks the payment's channel
    changes = (tmp_path / "changes.md").read_text(encoding="utf-8")
    section = changes[changes.index(moved["what"]):]
    section = section[:section.index("###")]
    assert hours in section and money in section and "`sign.signature`" in section


def test_the_collection_finding_rests_on_the_assumed_signature():
    report = analyze(load_process(ROOT / "bpmodel" / "data" / "building-approval.yaml"),
                     select=["collection-visit"])
    [finding] = report["findings"]
    assert finding["steps"] == ["collect"] and "sign.signature" in finding["assumed"]


def test_moving_a_visit_online_saves_the_trip(tmp_path):
    # The bundled payment is kept with its channel (keep: true); where the bylaw only keeps
    # the payment and its agency, the visit moves online and saves the trip.
    text = (ROOT / "bpmodel" / "data" / "building-approval.yaml").read_text(encoding="utf-8")
    old = "    fee: 2500000\n    produces: [receipt]\n    keep: true"
    assert old in text
    path = tmp_path / "process.yaml"
    path.write_text(text.replace(old, old.replace("keep: true", "keep: [existence, agency]")),
                    encoding="utf-8")
    result = run("simplify", "--lang", "en", path, "-o", tmp_path / "out", "--no-pictures",
                 "--only",
                 "reduce-visits")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    moved = [c for c in summary["changes"] if c["what"].startswith("Moved")]
    assert [c["steps"] for c in moved] == [["pay"]]
    assert moved[0]["gain"]["applicant_hours"] == pytest.approx(2)
    assert moved[0]["gain"]["out_of_pocket"] == pytest.approx(50000)
    assert moved[0]["gain"]["visits"] == 1
    changes = (tmp_path / "out" / "changes.md").read_text(encoding="utf-8")
    assert "2 h of the applicant's time saved a case, IDR 50,000 less out-of-pocket" in changes


ASSUMED = """\
bpmodel: 1
process: {id: assumed, name: Assumed, assumed: [visit_overhead], visit_overhead: 1h}
actors: [{id: me, name: Me, kind: citizen}, {id: clerk, name: Clerk, agency: Office}]
documents: [{id: ktp, name: KTP, issued_by: Civil Registry, assumed: issued_by}]
steps:
  - {id: apply, name: Apply, actor: me, contact: visit, work: 1h, needs: [ktp],
     assumed: [contact, work]}
  - {id: check, name: Check, actor: clerk, work: 1h}
"""


def test_assumed_facts_are_read_and_written_back(write):
    process = load_process(write(ASSUMED))
    assert process.assumed == ("visit_overhead",)
    assert process.step("apply").assumed == ("contact", "work")
    assert process.document("ktp").assumed == ("issued_by",)
    assert loads(dumps(process, "yaml")).process == process


ACTOR_ASSUMED = """\
bpmodel: 1
process: {id: roles, name: Roles, currency: IDR}
actors:
  - {id: me, name: Me, kind: citizen}
  - {id: operator, name: Operator, agency: DPMPTSP, assumed: [agency]}
  - {id: head, name: Head, agency: DPMPTSP}
steps:
  - {id: apply, name: Apply, actor: me, contact: online, work: 1h}
  - {id: check, name: Check the file, actor: operator, action: check, object: file, work: 1h}
  - {id: check_again, name: Check the file, actor: head, action: check, object: file, work: 1h}
"""


def test_an_actor_s_assumed_agency_is_read_written_and_reported(write, tmp_path):
    path = write(ACTOR_ASSUMED)
    process = load_process(path)
    assert process.actor("operator").assumed == ("agency",)
    assert loads(dumps(process, "yaml")).process == process
    bpmn = tmp_path / "roles.bpmn"
    assert run("convert", path, bpmn).exit_code == 0
    assert load_process(bpmn).actor("operator").assumed == ("agency",)
    report = analyze(process)
    about_operator = [f for f in report["findings"] if "check" in f["steps"]]
    assert about_operator and all("operator.agency" in f["assumed"] for f in about_operator)
    assert all("operator.agency" not in f["assumed"] for f in report["findings"]
               if "check" not in f["steps"])


def test_an_unknown_actor_fact_is_an_error(write):
    result = run("validate", write(ACTOR_ASSUMED.replace("assumed: [agency]",
                                                         "assumed: [salary]")))
    assert result.exit_code == 1 and "assumed" in result.output


def test_the_catalogue_keeps_no_assumption_in_a_comment_only():
    """Every comment of the catalogue that says "Assumption" sits by a marked fact."""
    import re

    for path in sorted((ROOT / "processes").glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines):
            if re.match(r"\s*# Assumption", line):
                block = "\n".join(lines[number:number + 12])
                assert "assumed:" in block, f"{path.name}:{number + 1}: {line.strip()}"


# -- fee formulas ----------------------------------------------------------------------

FORMULA = """\
bpmodel: 1
process:
  id: retribution
  name: Retribution
  currency: IDR
  parameters: {rate: 10000, floor_area: 120, index: 1.5}
actors: [{id: clerk, name: Clerk}]
steps:
  - {id: pay, name: Pay the retribution, actor: clerk, work: 1h, fee: "rate * floor_area * index"}
"""


def test_a_fee_formula_is_computed_from_the_process_parameters(write):
    process = load_process(write(FORMULA))
    assert process.step("pay").fee == 1_800_000
    assert analyze(process)["measures"]["fees"] == 1_800_000
    again = loads(dumps(process, "yaml")).process
    assert again == process and again.step("pay").fee_formula == "rate * floor_area * index"


@pytest.mark.parametrize(("formula", "at", "words"), [
    ("rate * floor_aera", 7, "unknown parameter 'floor_aera'"),
    ("rate * (floor_area", 18, "a closing ) is missing"),
    ("rate ** 2", 6, "a number, a name or ( is missing"),
    ("rate / 0", 5, "division by 0"),
    ("import os", 7, "'os' is not expected here"),
    ("rate * 2; x", 8, "';' cannot be used in a formula"),
])
def test_a_bad_formula_is_an_error_at_its_line_and_column(write, formula, at, words):
    text = FORMULA.replace("rate * floor_area * index", formula)
    line = text.splitlines()[8]
    column = line.index(formula) + 1 + at
    path = write(text)
    result = run("validate", path)
    assert result.exit_code == 1
    assert f"{path}:9:{column}: " in result.output and words in result.output, result.output


def test_the_schema_accepts_the_new_keys_and_the_catalogue():
    import jsonschema
    import yaml

    schema = json.loads(run("schema").output)
    texts = [PARTLY_TIMED, BURDEN, FORMULA, ASSUMED]
    texts += [p.read_text(encoding="utf-8") for p in (ROOT / "processes").glob("*.yaml")]
    texts.append((ROOT / "bpmodel" / "data" / "building-approval.yaml").read_text())
    for text in texts:
        jsonschema.validate(yaml.safe_load(text), schema)


def test_findings_and_changes_resting_on_assumed_facts_say_so(write, tmp_path):
    report = analyze(load_process(write(ASSUMED)))
    for finding in report["findings"]:
        if "apply" in finding["steps"]:
            assert {"apply.contact", "apply.work", "ktp.issued_by"} <= set(finding["assumed"])
    result = run("simplify", "--lang", "en", "-o", tmp_path, "--no-pictures", "--only",
                 "reduce-visits")
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["changes"]
    assert all(c["assumed"] == ["process.visit_overhead", "process.visit_cost"]
               for c in summary["changes"])
    text = (tmp_path / "changes.md").read_text(encoding="utf-8")
    assert "**Rests on assumed facts (not published):** `process.visit_overhead`" in text


def test_the_catalogue_marks_its_assumptions():
    process = load_process(ROOT / "processes" / "tegal-legalisasi-pbg.yaml")
    assert process.step("ajukan").assumed == ("contact",)
    text = run("analyze", "--lang", "en",
               ROOT / "processes" / "imb-permendagri-32-2010.yaml").output
    assert "rests on assumed facts (not published): pay.contact" in text


def test_check_percentile_is_not_checked_without_step_times():
    result = run("analyze", "--lang", "en", "--check", "--percentile", "90", TEGAL)
    assert result.exit_code == 3
    assert "not checked: the process gives no time for ajukan" in result.output


def test_the_new_keys_survive_bpmn(write):
    from bpmodel.io.bpmn.reader import loads_bpmn

    for text in (BURDEN, FORMULA, ASSUMED, PARTLY_TIMED):
        process = load_process(write(text))
        again = loads_bpmn(dumps(process, "bpmn")).process
        for step in process.steps:
            other = again.step(step.id)
            for key in ("time_known", "fee_known", "fee", "fee_formula", "visit_overhead",
                        "visit_cost", "costs", "assumed"):
                assert getattr(other, key) == getattr(step, key), (step.id, key)
        for key in ("visit_overhead", "visit_cost", "assumed", "parameters"):
            assert getattr(again, key) == getattr(process, key), key


def test_a_finding_on_a_step_without_a_time_says_its_time_saving_is_not_known():
    report = analyze(load_process(TEGAL))
    text = run("analyze", "--lang", "en", ROOT / "processes" / "metro-penerbitan-pbg.yaml").output
    for finding in report["findings"]:
        assert finding["untimed_steps"] == finding["steps"]
    if "Findings: none" not in text:
        assert "the time it saves is not known" in text
