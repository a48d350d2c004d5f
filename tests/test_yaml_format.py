"""The YAML format: the spec examples load with their meaning, and dump back the same."""

import pytest

from bpmodel.io.yaml import dumps_yaml, load_yaml, loads_yaml

from conftest import EXAMPLES

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def edges(process):
    return {(f.source, f.target) for f in process.flows}


def test_there_are_three_examples():
    assert [p.name for p in EXAMPLE_FILES] == [
        "building-approval.yaml", "minimal.yaml", "trade-licence.yaml"]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_examples_load_without_warnings(path):
    loaded = load_yaml(path)
    assert loaded.diagnostics == ()
    assert loaded.process.steps


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_load_dump_load_gives_the_same_process(path):
    process = load_yaml(path).process
    again = loads_yaml(dumps_yaml(process)).process
    assert again == process
    assert dumps_yaml(again) == dumps_yaml(process)


def test_building_approval_flows():
    p = load_yaml(EXAMPLES / "building-approval.yaml").process
    e = edges(p)
    # sequence by list order, explicit next, xor branches, the rework loop and the and-blocks
    assert ("submit", "register") in e
    assert ("resubmit", "check") in e
    assert ("notify_missing", "resubmit") in e
    assert ("verify_land_tech", "reviews_done") in e
    assert ("env_review", "reviews_done") in e
    assert ("reviews", "tech_review") in e and ("reviews", "env_review") in e
    assert ("tech_review", "env_review") not in e
    assert ("resubmit", "verify_land") not in e
    branches = {f.target: f for f in p.outgoing("complete")}
    assert branches["verify_land"].probability == 0.7
    assert branches["notify_missing"].condition == "documents missing"
    assert [s.id for s in p.end_steps()] == ["collect"]
    assert [s.id for s in p.start_steps()] == ["submit"]
    assert p.step("pay").fee == 2_500_000
    assert p.step("sign").keep and p.step("sign").legal_basis
    assert p.step("submit").needs == ("ktp", "land_title", "tax_id", "site_plan")
    assert p.step("register").wait.hours == 8
    assert p.step("reenter").work.hours == 0.75
    assert p.actor("land").agency == "BPN"
    assert p.document("land_title").issued_by == "BPN"
    assert p.tariff == {"citizen": 25000, "staff": 60000}
    assert p.target.hours == 28 * 8
    assert len(p.tasks) == 22 and len(p.gateways) == 3 and len(p.actors) == 11


def test_trade_licence_events_and_inclusive_branches():
    p = load_yaml(EXAMPLES / "trade-licence.yaml").process
    assert p.step("start").kind == "start" and p.step("done").kind == "end"
    assert [s.id for s in p.start_steps()] == ["start"]
    assert p.outgoing("done") == ()
    default = [f for f in p.outgoing("which") if f.default]
    assert [f.target for f in default] == ["inspections_done"]
    assert p.step("cool_off").wait.hours == 16
    assert p.calendar.hours_per_day == 8
    assert p.actor("owner").kind == "business"


def test_next_forms():
    p = loads_yaml("""
bpmodel: 1
process: {id: t, name: T}
actors: [{id: a, name: A}]
steps:
  - {id: s, name: S, next: [x, y]}
  - {id: x, name: X, next: end}
  - {id: y, name: Y, next: []}
""").process
    assert edges(p) == {("s", "x"), ("s", "y")}
    assert [s.id for s in p.end_steps()] == ["x", "y"]


def test_ranges_and_three_point_durations_survive_a_round_trip():
    text = """
bpmodel: 1
process: {id: t, name: T, calendar: {hours_per_day: 7, days_per_week: 6}}
actors: [{id: a, name: A}]
steps:
  - {id: s, name: S, work: 2-5d}
  - {id: u, name: U, wait: {min: 1d, likely: 2d, max: 9d}}
"""
    p = loads_yaml(text).process
    assert p.step("s").work.low == 14 and p.step("s").work.high == 35
    assert p.step("u").wait.hours == pytest.approx((7 + 4 * 14 + 63) / 6)
    assert loads_yaml(dumps_yaml(p)).process == p


def test_dump_leaves_list_order_flows_implicit():
    text = dumps_yaml(load_yaml(EXAMPLES / "minimal.yaml").process)
    assert "next" not in text
    assert "- {id: resident, name: Resident, kind: citizen}" in text


def test_integer_ids_are_read_as_text():
    p = loads_yaml("""
bpmodel: 1
process: {id: t, name: T}
actors: [{id: a, name: A}]
steps: [{id: 1, name: One}, {id: 2, name: Two}]
""").process
    assert [s.id for s in p.steps] == ["1", "2"]


def test_missing_probabilities_are_a_warning():
    loaded = loads_yaml("""
bpmodel: 1
process: {id: t, name: T}
actors: [{id: a, name: A}]
steps:
  - id: g
    name: G
    type: gateway
    kind: xor
    next: [{to: x, p: 0.4}, {to: y}]
  - {id: x, name: X, next: end}
  - {id: y, name: Y}
""")
    assert [d.severity for d in loaded.diagnostics] == ["warning"]
    assert "remaining 0.6" in loaded.diagnostics[0].message
