"""Measures: counts, procedures and visits, handoffs, documents, time, burden."""

from __future__ import annotations

import textwrap

import pytest

import bpmodel
from bpmodel.analysis import AnalysisError, analyze
from bpmodel.analysis.handoffs import count_handoffs
from bpmodel.analysis.measures import DESCRIPTIONS, GROUPS, count_measures, measure
from bpmodel.analysis.requests import count_requests, requested_documents
from bpmodel.analysis.roles import procedure_steps
from bpmodel.io.yaml import loads_yaml
from bpmodel.model import Actor, Flow, Process, Step

from conftest import EXAMPLES, ROOT

ISSUE_KEYS = (
    "tasks", "gateways", "events", "actors", "agencies", "documents", "systems", "procedures",
    "visits", "expected_visits", "contacts", "handoffs", "agency_handoffs",
    "documents_requested", "repeated_requests", "work_hours", "wait_hours", "efficiency",
    "fees", "applicant_hours", "applicant_cost", "staff_hours", "staff_cost",
    "annual_applicant_hours", "annual_cost", "lead_time_hours", "lead_time_days",
    "best_time_days", "expected_lead_time_days", "expected_lead_time_hours",
    "longest_path_steps", "target_days", "meets_target", "steps", "flows")


def load(text: str) -> Process:
    return loads_yaml(textwrap.dedent(text)).process


@pytest.fixture(scope="module")
def building() -> Process:
    return bpmodel.load_process(EXAMPLES / "building-approval.yaml")


@pytest.fixture(scope="module")
def building_measures(building) -> dict:
    return measure(building)


def test_every_measure_the_issue_names_is_there_described_and_grouped(building_measures):
    assert set(ISSUE_KEYS) <= set(building_measures)
    assert set(building_measures) == set(DESCRIPTIONS)
    grouped = [key for _, keys in GROUPS for key in keys]
    assert sorted(grouped) == sorted(building_measures)
    assert all(isinstance(v, (int, float, bool)) or v is None
               for v in building_measures.values())


def test_building_approval_counts(building_measures):
    m = building_measures
    assert (m["steps"], m["tasks"], m["gateways"], m["events"], m["flows"]) == (25, 22, 3, 0, 26)
    assert (m["actors"], m["agencies"], m["documents"], m["systems"]) == (11, 6, 7, 2)


def test_building_approval_visits_first_time_right_and_expected(building_measures):
    m = building_measures
    # submit, pay, show the receipt, collect; resubmit only on rework
    assert m["visits"] == m["procedures"] == m["contacts"] == 4
    assert m["expected_visits"] == pytest.approx(4 + 0.3 / 0.7)
    # the phone call about missing documents is a contact too
    assert m["expected_contacts"] == pytest.approx(4 + 2 * 0.3 / 0.7)


def test_building_approval_time(building_measures):
    m = building_measures
    assert m["lead_time_hours"] == 341 and m["lead_time_days"] == 341 / 8
    assert m["expected_lead_time_hours"] == pytest.approx(341 + 0.3 / 0.7 * 51.25)
    assert m["expected_lead_time_days"] == pytest.approx(m["expected_lead_time_hours"] / 8)
    assert m["best_time_days"] == 341 / 8
    assert m["work_hours"] == 21 and m["wait_hours"] == 320
    assert m["efficiency"] == pytest.approx(21 / 341)
    assert m["longest_path_steps"] == 19
    assert m["target_days"] == 28 and m["meets_target"] is False


def test_building_approval_handoffs(building):
    # actor changes, gateways see-through: 17; agency changes: complete->verify_land (PTSP to
    # BPN), reviews->tech and env (BPN to two), reviews_done->forward (Environment to Public
    # Works), forward->compute_fee, approve_head->approve_sekda->sign->archive
    assert count_handoffs(building) == (17, 8)


def test_building_approval_documents_asked_again(building):
    asked = requested_documents(building)
    assert asked["submit"] == ("ktp", "land_title", "tax_id", "site_plan")
    assert asked["resubmit"] == ("ktp", "land_title")
    assert asked["show_receipt"] == ("receipt",)
    assert "collect" not in asked  # the decree is produced by the administration
    assert count_requests(building) == (7, 2)


def test_building_approval_burden(building_measures):
    m = building_measures
    rework = 0.3 / 0.7
    applicant = 2 + 1 + 0.5 + 0.5 + rework * (2 + 0.25)  # incl. the phone call
    assert m["applicant_hours"] == pytest.approx(applicant)
    # money is rounded to the currency's precision (whole rupiah)
    assert m["applicant_cost"] == round(applicant * 25_000)
    assert m["annual_applicant_hours"] == pytest.approx(applicant * 1200)
    assert m["annual_cost"] == round(applicant * 25_000 * 1200)
    assert m["fees"] == 2_500_000 and m["annual_fees"] == 2_500_000 * 1200
    staff = 21 + 2 + rework * (1 + 0.25) - (2 + 1 + 0.5 + 0.5)  # critical work, env, rework
    assert m["staff_hours"] == pytest.approx(staff)
    assert m["staff_cost"] == round(staff * 60_000)


BURDEN = """\
bpmodel: 1
process:
  id: b
  name: Burden
  volume: 1000
  target: 1d
  tariff: {business: 10, staff: 20}
actors:
  - {id: firm, name: Firm, kind: business}
  - {id: clerk, name: Clerk, agency: Office}
steps:
  - {id: prepare, name: Prepare file, actor: firm, work: 3h}
  - {id: hand, name: Hand in file, actor: firm, work: 2h, fee: 100}
  - {id: check, name: Check, actor: clerk, work: 1h}
  - {id: inspect, name: Inspect the site, actor: clerk, work: 2h, contact: visit}
"""


def test_standard_cost_model_on_a_small_case():
    m = measure(load(BURDEN))
    # the firm works 3 + 2 h, and is present 2 h at the inspection
    assert m["applicant_hours"] == 7 and m["applicant_cost"] == 70
    assert m["staff_hours"] == 3 and m["staff_cost"] == 60
    assert m["fees"] == 100 and m["annual_fees"] == 100_000
    assert m["annual_applicant_hours"] == 7000 and m["annual_cost"] == 70_000
    assert m["annual_staff_hours"] == 3000 and m["annual_staff_cost"] == 60_000
    assert m["lead_time_hours"] == 8 and m["meets_target"] is True and m["target_days"] == 1


def test_unknown_figures_are_none_not_zero():
    m = measure(bpmodel.load_process(EXAMPLES / "minimal.yaml"))
    assert m["target_days"] is None and m["meets_target"] is None
    assert m["applicant_cost"] is None and m["staff_cost"] is None
    assert m["annual_applicant_hours"] is None and m["annual_cost"] is None
    assert m["applicant_hours"] == pytest.approx(10 / 60)


def test_procedures_include_hand_overs_without_a_contact():
    p = load(BURDEN)
    # prepare is the firm's own work; hand is followed by the office's check
    assert procedure_steps(p) == {"hand", "inspect"}
    m = measure(p)
    assert m["procedures"] == 2 and m["contacts"] == 1 and m["visits"] == 1


def test_procedures_look_through_gateways():
    p = Process("p", "P",
                actors=(Actor("me", "Me", "citizen"), Actor("clerk", "Clerk", agency="Office")),
                steps=(Step("hand", "Hand in", actor="me"), Step("g", "G", "gateway", "xor"),
                       Step("check", "Check", actor="clerk"),
                       Step("collect", "Collect", actor="me")),
                flows=(Flow("hand", "g"), Flow("g", "check"), Flow("check", "collect")))
    assert procedure_steps(p) == {"hand", "collect"}


def test_visits_in_parallel_add_up_and_exclusive_ones_take_the_worst():
    p = load("""\
        bpmodel: 1
        process: {id: v, name: Visits}
        actors: [{id: me, name: Me, kind: citizen}, {id: clerk, name: Clerk, agency: O}]
        steps:
          - {id: fork, name: Fork, type: gateway, kind: and, next: [a, b]}
          - {id: a, name: A, actor: me, contact: visit, next: join}
          - {id: b, name: B, actor: me, contact: visit, next: join}
          - {id: join, name: Join, type: gateway, kind: and}
          - id: x
            name: X
            type: gateway
            kind: xor
            next: [{to: c, p: 0.5}, {to: d, p: 0.5}]
          - {id: c, name: C, actor: me, contact: visit, next: y}
          - {id: d, name: D, actor: me, contact: phone, next: y}
          - {id: y, name: Y, type: gateway, kind: xor}
          - {id: z, name: Z, actor: clerk}
        """)
    m = measure(p)
    assert m["visits"] == 3 and m["expected_visits"] == 2.5
    assert m["contacts"] == 3 and m["expected_contacts"] == 3


def test_requests_in_exclusive_branches_do_not_repeat_each_other():
    p = load("""\
        bpmodel: 1
        process: {id: r, name: Requests}
        actors: [{id: me, name: Me, kind: citizen}, {id: clerk, name: Clerk, agency: O}]
        documents: [{id: ktp, name: KTP}, {id: deed, name: Deed}]
        steps:
          - id: x
            name: X
            type: gateway
            kind: xor
            next: [{to: a, p: 0.5}, {to: b, p: 0.5}]
          - {id: a, name: A, actor: me, contact: visit, needs: [ktp], next: y}
          - {id: b, name: B, actor: me, contact: visit, needs: [ktp, deed], next: y}
          - {id: y, name: Y, type: gateway, kind: xor}
          - {id: c, name: C, actor: clerk, needs: [ktp]}
          - {id: d, name: D, actor: me, contact: online, needs: [deed, ktp]}
        """)
    assert count_requests(p) == (5, 2)  # d asks again for ktp and deed; c is the office's


def test_agency_handoffs_skip_the_applicant():
    p = Process("p", "P",
                actors=(Actor("me", "Me", "citizen"), Actor("a", "A", agency="One"),
                        Actor("b", "B", agency="Two")),
                steps=(Step("s1", "S1", actor="a"), Step("s2", "S2", actor="me"),
                       Step("s3", "S3", actor="b"), Step("s4", "S4", actor="b")),
                flows=(Flow("s1", "s2"), Flow("s2", "s3"), Flow("s3", "s4")))
    assert count_handoffs(p) == (2, 0)


def test_count_measures_needs_no_sound_process():
    p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B")),
                flows=(Flow("a", "b"), Flow("b", "a")))
    assert count_measures(p)["steps"] == 2
    with pytest.raises(AnalysisError):
        measure(p)


def test_doing_business_measures():
    p = load(BURDEN.replace("target: 1d", "target: 5d"))
    m = measure(p, "doing-business")
    week = 7 / 5
    # prepare 3 h (internal), hand in (a procedure: a day), check 1 h, inspect (a day)
    days = 3 / 8 * week + 1 + 1 / 8 * week + 1
    assert m["lead_time_days"] == pytest.approx(days)
    assert m["lead_time_hours"] == pytest.approx(days * 8 / week)
    assert m["target_days"] == pytest.approx(5 * week) and m["meets_target"] is True
    assert m["applicant_hours"] == measure(p)["applicant_hours"]


def test_analyze_report_keys(building):
    report = analyze(building)
    assert list(report)[:6] == ["process", "measures", "convention", "critical_path",
                                "bottlenecks", "expected_method"]
    assert report["critical_path"][0] == "submit" and report["convention"] is None
    assert report["bottlenecks"][0]["step"] == "tech_review"
    assert report["expected_method"] == "exact"
    assert analyze(building, "doing-business")["convention"] == "doing-business"


def test_the_report_says_which_branch_chances_it_assumed():
    from bpmodel.analysis import analyze

    blitar = bpmodel.load_process(ROOT / "processes" / "blitar-izin-prinsip.yaml")
    assumed = analyze(blitar)["assumptions"]
    assert len(assumed) == 2 and all("taken as equally likely (50% each)" in a
                                     for a in assumed)
    building = bpmodel.load_process(bpmodel.default_process_path())
    assert analyze(building)["assumptions"] == []


def test_an_inclusive_branch_without_a_chance_is_assumed_half():
    from bpmodel.analysis.assumptions import branch_assumptions
    from bpmodel.model import Flow, Process, Step

    p = Process("p", "P", steps=(Step("g", "Which?", "gateway", "or"), Step("a", "A"),
                                 Step("b", "B")),
                flows=(Flow("g", "a", 0.3), Flow("g", "b")))
    assert branch_assumptions(p) == [
        "'Which?' (g) gives no chance for 1 of its 2 branches: each taken as 50% likely"]
