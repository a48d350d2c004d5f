"""Reading BPMN 2.0: the corpus counts, namespaces, encodings, bad input and XML attacks."""

from __future__ import annotations

import json

import pytest

from bpmodel.analysis import analyze
from bpmodel.diagnostics import INFO, WARNING, InputError
from bpmodel.io.bpmn import load_bpmn, loads_bpmn

from conftest import CORPUS

MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["files"]
BPMN_FILES = sorted(rel for rel, entry in MANIFEST.items() if entry.get("bpmn20"))
OTHER_FILES = sorted(rel for rel, entry in MANIFEST.items() if not entry.get("bpmn20"))
MODEL = "http://www.omg.org/spec/BPMN/20100524/MODEL"


def bpmn(body: str, prefix: str = "bpmn") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{prefix}:definitions '
            f'xmlns:{prefix}="{MODEL}" id="d">\n{body}\n</{prefix}:definitions>').encode()


@pytest.mark.parametrize("rel", BPMN_FILES)
def test_corpus_counts_equal_the_manifest(rel):
    entry = MANIFEST[rel]
    measures = analyze(load_bpmn(CORPUS / rel).process)["measures"]
    assert {k: measures[k] for k in ("tasks", "gateways", "events", "flows", "lanes",
                                     "participants", "message_flows", "subprocesses")} == {
        "tasks": entry["tasks"], "gateways": entry["gateways_total"],
        "events": entry["events_total"], "flows": entry["sequence_flows"],
        "lanes": entry["lanes"], "participants": entry["participants"],
        "message_flows": entry["message_flows"], "subprocesses": entry["subprocesses"]}


@pytest.mark.parametrize("rel", OTHER_FILES)
def test_files_that_are_not_bpmn_are_refused_clearly(rel):
    with pytest.raises(InputError) as caught:
        load_bpmn(CORPUS / rel)
    message = str(caught.value)
    assert str(CORPUS / rel) in message
    assert any(words in message for words in ("not well-formed XML", "not BPMN 2.0",
                                              "BPMN fragment"))


def test_namespaces_are_matched_by_uri_not_prefix():
    body = ('<{p}:process id="p"><{p}:task id="t" name="T"/></{p}:process>')
    for prefix in ("bpmn", "bpmn2", "semantic", "x"):
        process = loads_bpmn(bpmn(body.format(p=prefix), prefix)).process
        assert [s.id for s in process.steps] == ["t"]
    default = (f'<definitions xmlns="{MODEL}"><process id="p"><task id="t"/></process>'
               f'</definitions>').encode()
    assert [s.id for s in loads_bpmn(default).process.steps] == ["t"]


def test_every_flow_node_kind_is_read():
    body = '''<bpmn:process id="p">
      <bpmn:startEvent id="s"><bpmn:messageEventDefinition/></bpmn:startEvent>
      <bpmn:userTask id="u"/><bpmn:serviceTask id="sv"/><bpmn:callActivity id="c"/>
      <bpmn:subProcess id="sub"><bpmn:task id="inner"/></bpmn:subProcess>
      <bpmn:subProcess id="esub" triggeredByEvent="true"/>
      <bpmn:transaction id="tx"/><bpmn:adHocSubProcess id="ah"/>
      <bpmn:eventBasedGateway id="g"/><bpmn:complexGateway id="cg"/>
      <bpmn:intermediateCatchEvent id="tm">
        <bpmn:timerEventDefinition/></bpmn:intermediateCatchEvent>
      <bpmn:intermediateThrowEvent id="th">
        <bpmn:signalEventDefinition/></bpmn:intermediateThrowEvent>
      <bpmn:boundaryEvent id="b" attachedToRef="u" cancelActivity="false">
        <bpmn:errorEventDefinition/></bpmn:boundaryEvent>
      <bpmn:endEvent id="e"><bpmn:terminateEventDefinition/></bpmn:endEvent>
    </bpmn:process>'''
    process = loads_bpmn(bpmn(body)).process
    kinds = {s.id: (s.type, s.kind, s.trigger) for s in process.steps}
    assert kinds["s"] == ("event", "start", "message")
    assert kinds["u"] == ("task", "user", None)
    assert kinds["c"] == ("task", "call", None)
    assert kinds["esub"] == ("task", "event-subprocess", None)
    assert kinds["ah"] == ("task", "adhoc", None)
    assert kinds["g"] == ("gateway", "event", None)
    assert kinds["tm"] == ("event", "timer", None)
    assert kinds["th"] == ("event", "throw", "signal")
    assert kinds["b"] == ("event", "boundary", "error")
    assert kinds["e"] == ("event", "end", "terminate")
    assert process.step("inner").parent == "sub"
    assert process.step("b").interrupting is False
    boundary = [f for f in process.flows if f.kind == "boundary"]
    assert [(f.source, f.target) for f in boundary] == [("u", "b")]


def test_lanes_and_pools_become_actors_with_the_pool_as_agency():
    body = '''<bpmn:collaboration id="c">
        <bpmn:participant id="city" name="City hall" processRef="p"/>
        <bpmn:participant id="citizen" name="Citizen"/>
        <bpmn:messageFlow id="m" sourceRef="citizen" targetRef="t1"/>
      </bpmn:collaboration>
      <bpmn:process id="p">
        <bpmn:laneSet id="ls"><bpmn:lane id="office" name="Office">
          <bpmn:flowNodeRef>t1</bpmn:flowNodeRef><bpmn:flowNodeRef>t2</bpmn:flowNodeRef>
          <bpmn:childLaneSet id="cls"><bpmn:lane id="clerk" name="Clerk">
            <bpmn:flowNodeRef>t2</bpmn:flowNodeRef></bpmn:lane></bpmn:childLaneSet>
        </bpmn:lane></bpmn:laneSet>
        <bpmn:task id="t1"/><bpmn:task id="t2"/>
        <bpmn:sequenceFlow id="f" sourceRef="t1" targetRef="t2"/>
      </bpmn:process>'''
    process = loads_bpmn(bpmn(body)).process
    actors = {a.id: a for a in process.actors}
    assert actors["clerk"].parent == "office" and actors["clerk"].agency == "City hall"
    assert actors["citizen"].pool == "citizen" and not actors["citizen"].is_lane
    assert process.step("t1").actor == "office" and process.step("t2").actor == "clerk"
    assert [(m.source, m.target) for m in process.message_flows] == [("citizen", "t1")]
    measures = analyze(process)["measures"]
    assert (measures["lanes"], measures["participants"], measures["message_flows"]) == (2, 2, 1)


def test_data_objects_become_documents_needed_and_produced():
    body = '''<bpmn:process id="p">
      <bpmn:dataObject id="form" name="Form"/>
      <bpmn:dataObjectReference id="ref" dataObjectRef="form"/>
      <bpmn:dataStoreReference id="registry" name="Land registry"/>
      <bpmn:task id="fill"><bpmn:dataOutputAssociation id="o">
        <bpmn:targetRef>ref</bpmn:targetRef></bpmn:dataOutputAssociation></bpmn:task>
      <bpmn:task id="check"><bpmn:dataInputAssociation id="i">
        <bpmn:sourceRef>ref</bpmn:sourceRef><bpmn:sourceRef>registry</bpmn:sourceRef>
        <bpmn:targetRef>x</bpmn:targetRef></bpmn:dataInputAssociation></bpmn:task>
      <bpmn:sequenceFlow id="f" sourceRef="fill" targetRef="check"/>
    </bpmn:process>'''
    process = loads_bpmn(bpmn(body)).process
    assert [d.id for d in process.documents] == ["form", "registry"]
    assert process.step("fill").produces == ("form",)
    assert process.step("check").needs == ("form", "registry")


def test_names_keep_line_breaks_and_entities():
    body = '<bpmn:process id="p"><bpmn:task id="t" name="Check &amp;&#10;sign"/></bpmn:process>'
    assert loads_bpmn(bpmn(body)).process.step("t").name == "Check &\nsign"


def test_conditions_defaults_and_diagram_coordinates_are_kept():
    body = '''<bpmn:process id="p">
      <bpmn:exclusiveGateway id="g" default="f2"/><bpmn:task id="a"/><bpmn:task id="b"/>
      <bpmn:sequenceFlow id="f1" sourceRef="g" targetRef="a">
        <bpmn:conditionExpression>${ok}</bpmn:conditionExpression></bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="f2" name="otherwise" sourceRef="g" targetRef="b"/>
    </bpmn:process>
    <bpmndi:BPMNDiagram xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
        xmlns:dc="http://www.omg.org/spec/DD/20100524/DC"
        xmlns:di="http://www.omg.org/spec/DD/20100524/DI"><bpmndi:BPMNPlane bpmnElement="p">
      <bpmndi:BPMNShape bpmnElement="bpmn:a"><dc:Bounds x="10" y="20" width="100" height="80"/>
      </bpmndi:BPMNShape>
      <bpmndi:BPMNEdge bpmnElement="f1"><di:waypoint x="1" y="2"/><di:waypoint x="3" y="2"/>
      </bpmndi:BPMNEdge></bpmndi:BPMNPlane></bpmndi:BPMNDiagram>'''
    process = loads_bpmn(bpmn(body)).process
    f1, f2 = process.flows
    assert (f1.condition, f1.default, f2.condition, f2.default) == ("${ok}", False,
                                                                    "otherwise", True)
    assert process.step("a").bounds.x == 10 and f1.waypoints == ((1, 2), (3, 2))


def test_vendor_extensions_are_skipped_and_unknown_elements_reported():
    body = '''<bpmn:process id="p" xmlns:camunda="http://camunda.org/schema/1.0/bpmn">
      <bpmn:extensionElements><camunda:properties/></bpmn:extensionElements>
      <camunda:weird id="w"/>
      <bpmn:textAnnotation id="note"/>
      <bpmn:task id="t"><bpmn:extensionElements><camunda:x/></bpmn:extensionElements></bpmn:task>
    </bpmn:process>'''
    loaded = loads_bpmn(bpmn(body), "f.bpmn")
    notes = [d for d in loaded.diagnostics if d.severity == INFO]
    assert any("textAnnotation" in d.message and d.line == 6 for d in notes)
    assert any("vendor extension" in d.message for d in notes)
    assert [s.id for s in loaded.process.steps] == ["t"]


def test_duplicate_ids_and_dangling_flows_warn_with_their_line():
    body = '''<bpmn:process id="p">
      <bpmn:task id="t"/>
      <bpmn:task id="t"/>
      <bpmn:sequenceFlow id="f" sourceRef="t" targetRef="nowhere"/>
    </bpmn:process>'''
    loaded = loads_bpmn(bpmn(body), "f.bpmn")
    warnings = {d.message: d for d in loaded.diagnostics if d.severity == WARNING}
    duplicate = next(d for m, d in warnings.items() if "duplicate id 't'" in m)
    dangling = next(d for m, d in warnings.items() if "'nowhere'" in m)
    assert (duplicate.line, dangling.line) == (5, 6)
    assert len(loaded.process.steps) == 1 and not loaded.process.flows


@pytest.mark.parametrize("data, words, line", [
    (b"this is no xml", "not well-formed XML", 1),
    (b"", "empty or cut short", 1),
    (b'<?xml version="1.0"?>\n<a:definitions id="x"/>', "unbound prefix", 2),
    (b'<definitions xmlns="http://not-bpmn"/>', "not BPMN 2.0", 1),
    (f'<lane xmlns="{MODEL}" id="l"/>'.encode(), "BPMN fragment", 1),
    (b'<note>hello</note>', "not BPMN 2.0", 1),
])
def test_bad_input_is_an_error_with_a_position(data, words, line):
    with pytest.raises(InputError) as caught:
        loads_bpmn(data, "bad.bpmn")
    diagnostic = caught.value.diagnostics[0]
    assert words in diagnostic.message and diagnostic.line == line


@pytest.mark.parametrize("encoding", ["ISO-8859-1", "windows-1252"])
def test_declared_single_byte_encodings_are_decoded(encoding):
    text = (f'<?xml version="1.0" encoding="{encoding}"?>\n<definitions xmlns="{MODEL}">'
            f'<process id="p"><task id="t" name="Café – Überprüfung"/></process>'
            f'</definitions>')
    data = text.encode("cp1252" if encoding == "windows-1252" else "latin-1",
                       errors="replace")
    name = loads_bpmn(data).process.step("t").name
    assert name.startswith("Café") and "berprüfung" in name


def test_a_utf8_byte_order_mark_is_accepted():
    data = "\ufeff".encode() + bpmn('<bpmn:process id="p"><bpmn:task id="t" name="Ü"/>'
                                     '</bpmn:process>')
    assert loads_bpmn(data).process.step("t").name == "Ü"


ATTACKS = {
    "billion laughs": b'''<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&lol9;</definitions>''',
    "quadratic blowup": (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "' + b"x" * 50_000
                         + b'">]>\n<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/'
                         b'MODEL" name="' + b"&a;" * 50_000 + b'"/>'),
    "external entity": b'''<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&secret;</definitions>''',
    "external dtd": b'''<?xml version="1.0"?>
<!DOCTYPE definitions SYSTEM "http://example.invalid/bpmn.dtd">
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>''',
    "parameter entity": b'''<?xml version="1.0"?>
<!DOCTYPE d [<!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> %remote;]>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>''',
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_xml_attacks_are_refused_at_once(name, monkeypatch):
    import socket
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("the reader tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    with pytest.raises(InputError) as caught:
        loads_bpmn(ATTACKS[name], "attack.bpmn")
    assert "refused" in str(caught.value)


def test_what_a_step_loses_is_noted_with_its_line():
    path = CORPUS / "bpmn-moddle" / "multiInstanceLoopCharacteristics.bpmn"
    notes = [d for d in load_bpmn(path).diagnostics if d.severity == INFO]
    kept = {d.message.split("<")[1].split(">")[0]: d.line for d in notes}
    assert kept["multiInstanceLoopCharacteristics"] == 57
    assert {"ioSpecification", "humanPerformer", "potentialOwner"} <= set(kept)
