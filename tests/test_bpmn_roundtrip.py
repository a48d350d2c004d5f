"""YAML -> BPMN -> YAML gives the same process; BPMN -> YAML -> BPMN keeps every node and flow;
what bpmodel writes validates against the OMG BPMN 2.0 XML Schema."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from functools import cache

import pytest

import bpmodel
from bpmodel.io.bpmn import dumps_bpmn, load_bpmn, loads_bpmn
from bpmodel.io.bpmn.names import BPMNDI, MODEL
from bpmodel.io.yaml import dumps_yaml, loads_yaml
from bpmodel.model import Actor, Flow, MessageFlow, Pool, Process, Step

from conftest import CORPUS, EXAMPLES, SCHEMA

MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["files"]
CORPUS_FILES = sorted(rel for rel, entry in MANIFEST.items() if entry.get("bpmn20"))
EXAMPLE_FILES = sorted(p.name for p in EXAMPLES.glob("*.yaml"))


@cache
def schema():
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(str(SCHEMA / "BPMN20.xsd"))


def assert_valid(xml: str) -> None:
    errors = list(schema().iter_errors(xml))
    assert not errors, str(errors[0])[:500]


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_yaml_to_bpmn_to_yaml_gives_the_same_process(name):
    process = bpmodel.load_process(EXAMPLES / name)
    xml = dumps_bpmn(process)
    assert_valid(xml)
    back = loads_bpmn(xml.encode())
    assert back.process == process
    assert not [d for d in back.diagnostics if d.severity != "info"]
    assert loads_yaml(dumps_yaml(back.process)).process == process


def nodes(process: Process) -> set:
    return {(s.id, s.name, s.type, s.kind, s.trigger, s.parent, s.actor)
            for s in process.steps}


def flows(process: Process) -> list:
    return sorted((f.source, f.target, f.kind, f.condition or "", f.default)
                  for f in process.flows)


@pytest.mark.parametrize("rel", CORPUS_FILES)
def test_bpmn_to_yaml_to_bpmn_keeps_every_node_and_flow(rel):
    original = load_bpmn(CORPUS / rel).process
    as_yaml = loads_yaml(dumps_yaml(original), strict=False).process
    assert as_yaml == original
    xml = dumps_bpmn(as_yaml)
    assert_valid(xml)
    again = loads_bpmn(xml.encode()).process
    assert nodes(again) == nodes(original)
    assert flows(again) == flows(original)
    assert sorted((m.source, m.target) for m in again.message_flows) == \
        sorted((m.source, m.target) for m in original.message_flows)
    assert again.actors == original.actors and again.pools == original.pools
    assert again.documents == original.documents


def test_ids_that_are_not_xml_names_survive():
    process = Process(
        "my process", "Odd ids", actors=(Actor("1", "First office", agency="A b"),),
        steps=(Step("step one", "One", actor="1"), Step("2", "Two", actor="1",
                                                        needs=("doc 1",))),
        flows=(Flow("step one", "2"),),
        documents=(bpmodel.model.Document("doc 1", "Form"),))
    xml = dumps_bpmn(process)
    assert_valid(xml)
    assert loads_bpmn(xml.encode()).process == process


def test_pools_message_flows_and_black_boxes_are_written_back():
    process = Process(
        "p", "Two parties",
        steps=(Step("ask", "Ask", actor="citizen"), Step("answer", "Answer", actor="desk")),
        pools=(Pool("citizen", "Citizen", "p_citizen"), Pool("office", "Office", "p_office"),
               Pool("bank", "Bank")),
        actors=(Actor("citizen", "Citizen", "citizen", "Citizen", "citizen"),
                Actor("desk", "Front desk", agency="Office", pool="office"),
                Actor("bank", "Bank", agency="Bank", pool="bank")),
        message_flows=(MessageFlow("ask", "answer", "application"),
                       MessageFlow("answer", "bank", "payment order")))
    xml = dumps_bpmn(process)
    assert_valid(xml)
    assert xml.count("<bpmn:participant ") == 3 and xml.count("<bpmn:process ") == 2
    assert loads_bpmn(xml.encode()).process == process


def test_every_node_has_a_shape_and_every_flow_an_edge():
    process = bpmodel.load_process(EXAMPLES / "building-approval.yaml")
    xml = dumps_bpmn(process)
    for step in process.steps:
        assert f'bpmnElement="{step.id}"' in xml
    root = ET.fromstring(xml)
    edges = {e.get("bpmnElement") for e in root.iter(f"{{{BPMNDI}}}BPMNEdge")}
    shapes = {e.get("bpmnElement") for e in root.iter(f"{{{BPMNDI}}}BPMNShape")}
    for tag in ("sequenceFlow", "dataInputAssociation", "dataOutputAssociation"):
        for element in root.iter(f"{{{MODEL}}}{tag}"):
            assert element.get("id") in edges, element.get("id")
    for element in root.iter(f"{{{MODEL}}}dataObjectReference"):
        assert element.get("id") in shapes
    # a lane per actor with steps (an actor without steps is kept as bpmodel:actor)
    working = {s.actor for s in process.steps if s.actor}
    agencies = {a.agency for a in process.actors if a.id in working and a.agency}
    assert xml.count("<bpmn:lane ") == len(working) + len(agencies)
    assert xml.count("<bpmodel:actor ") == len(process.actors) - len(working)
    assert loads_bpmn(xml.encode()).process == process
