"""The scenario in Prosimos' format: its BPMN and its JSON agree with each other and with the
process (Prosimos itself runs in benchmarks/bench_simulate.py, never in the tests)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

import bpmodel
from bpmodel.io.yaml import loads_yaml
from bpmodel.model import Duration, Process, Step
from bpmodel.simulate.errors import SimulationError
from bpmodel.simulate.prosimos import scenario

from conftest import run

NS = {"bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL"}

PROCESS = """
bpmodel: 1
process: {id: p, name: P, volume: 520, arrivals: regular}
actors:
  - {id: clerk, name: Clerk, staff: 3}
  - {id: head, name: Head}
steps:
  - {id: check, name: Check, actor: clerk, work: 1-3h, wait: 1d}
  - id: ok
    name: Complete?
    type: gateway
    kind: xor
    next: [{to: fix, p: 0.25}, {to: sign}]
  - {id: fix, name: Fix, actor: clerk, work: 2h, next: check}
  - {id: sign, name: Sign, actor: head, work: 30min, batch: weekly}
"""


def elements(bpmn: str) -> tuple[dict, dict]:
    root = ET.fromstring(bpmn)
    process = root.find("bpmn:process", NS)
    nodes = {e.get("id"): e.tag.split("}")[1] for e in process
             if e.tag.split("}")[1] not in ("sequenceFlow", "laneSet")}
    flows = {f.get("id"): (f.get("sourceRef"), f.get("targetRef"))
             for f in process.findall("bpmn:sequenceFlow", NS)}
    return nodes, flows


def test_scenario_of_a_staffed_process():
    bpmn, parameters, notes = scenario(loads_yaml(PROCESS).process)
    nodes, flows = elements(bpmn)
    # waits are tasks of their own, before their step; start and end events are added
    assert nodes["check_wait"] == "task" and nodes["check"] == "task"
    assert ("check_wait", "check") in flows.values()
    assert "startEvent" in nodes.values() and "endEvent" in nodes.values()
    # every task has a duration for its pool, and every pool has its resources
    tasks = {t["task_id"]: t["resources"][0] for t in parameters["task_resource_distribution"]}
    assert set(tasks) == {i for i, tag in nodes.items() if tag == "task"}
    assert tasks["check"]["resource_id"] == "clerk"
    assert tasks["check"]["distribution_name"] == "gamma"
    assert tasks["check_wait"] == {"distribution_name": "fix", "resource_id": "waiting",
                                   "distribution_params": [{"value": 8 * 3600.0}]}
    pools = {r["id"]: r for p in parameters["resource_profiles"] for r in p["resource_list"]}
    assert pools["clerk"]["amount"] == 3 and pools["head"]["amount"] >= 10
    assert set(pools["clerk"]["assignedTasks"]) == {"check", "fix"}
    # branching: the flows of the gateway, by the ids in the BPMN, adding up to 1
    (gateway,) = parameters["gateway_branching_probabilities"]
    assert gateway["gateway_id"] == "ok"
    chances = {flows[p["path_id"]][1]: p["value"] for p in gateway["probabilities"]}
    assert chances == {"fix": 0.25, "sign": 0.75}
    assert parameters["arrival_time_distribution"] == {
        "distribution_name": "fix", "distribution_params": [{"value": 4 * 3600.0}]}
    assert any("Batches are not in the scenario" in n for n in notes)
    json.dumps(parameters)  # plain data


def test_exponential_durations_and_the_bundled_process():
    process = bpmodel.load_process(bpmodel.default_process_path())
    bpmn, parameters, notes = scenario(process, "exponential")
    durations = [t["resources"][0] for t in parameters["task_resource_distribution"]]
    assert {d["distribution_name"] for d in durations} <= {"expon", "fix"}
    assert parameters["arrival_time_distribution"]["distribution_name"] == "expon"
    nodes, _ = elements(bpmn)
    assert "parallelGateway" in nodes.values()


def test_sub_processes_are_refused():
    steps = (Step("s", "Sub", kind="subprocess"), Step("a", "A", work=Duration.of(1.0),
                                                        parent="s"))
    with pytest.raises(SimulationError, match="flat process"):
        scenario(Process("p", "P", steps=steps))


def test_cli_writes_the_scenario(tmp_path):
    result = run("simulate", "--cases", "100", "--export-prosimos", tmp_path / "scenario")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "scenario").iterdir())
    assert names == ["scenario.bpmn", "scenario.json"]
    assert "Wrote" in result.output


def test_one_end_event_for_several_ends():
    text = """
bpmodel: 1
process: {id: p, name: P}
actors: [{id: c, name: C}]
steps:
  - {id: g, name: G, type: gateway, kind: xor, next: [{to: a, p: 0.5}, {to: b, p: 0.5}]}
  - {id: a, name: A, actor: c, work: 1h, next: end1}
  - {id: end1, name: Done, type: event, kind: end}
  - {id: b, name: B, actor: c, work: 2h}
"""
    bpmn, _, _ = scenario(loads_yaml(text).process)
    nodes, flows = elements(bpmn)
    ends = [i for i, tag in nodes.items() if tag == "endEvent"]
    assert len(ends) == 1
    assert {("a", "end_merge"), ("b", "end_merge"), ("end_merge", ends[0])} <= \
        set(flows.values())
