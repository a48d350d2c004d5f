"""Other tools' extensions (Camunda, Zeebe, Signavio, bpmn.io colours, ...) are carried from
BPMN to BPMN on every element that did not change, with their namespace declarations, and
YAML output, which has no place for them, is announced once per kind."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from functools import cache

import pytest

from bpmodel.io.bpmn import dumps_bpmn, load_bpmn, loads_bpmn
from bpmodel.io.bpmn.names import BPMNDI, MODEL
from bpmodel.simplify.engine import simplify

from conftest import CORPUS, SCHEMA, run

CAMUNDA = "http://camunda.org/schema/1.0/bpmn"
BIOC = "http://bpmn.io/schema/bpmn/biocolor/1.0"

VENDOR = b"""<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
    xmlns:bioc="http://bpmn.io/schema/bpmn/biocolor/1.0"
    xmlns:color="http://www.omg.org/spec/BPMN/non-normative/color/1.0"
    xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
    xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" id="d" camunda:note="x">
  <message id="m" camunda:messageKey="k"/>
  <process id="p" camunda:historyTimeToLive="P30D">
    <startEvent id="s"/>
    <serviceTask id="t1" name="One" camunda:topic="a">
      <extensionElements>
        <camunda:inputOutput>
          <camunda:inputParameter name="x">${a &lt; b}</camunda:inputParameter>
        </camunda:inputOutput>
        <props xmlns="urn:vendor:props"><p k="v"/></props>
        <plain/>
      </extensionElements></serviceTask>
    <serviceTask id="t2" name="Two" camunda:topic="b">
      <extensionElements><camunda:inputOutput/></extensionElements></serviceTask>
    <sequenceFlow id="f1" sourceRef="s" targetRef="t1"/>
    <sequenceFlow id="f2" sourceRef="t1" targetRef="t2">
      <extensionElements><camunda:executionListener event="take"/></extensionElements>
    </sequenceFlow>
  </process>
  <bpmndi:BPMNDiagram><bpmndi:BPMNPlane bpmnElement="p">
    <bpmndi:BPMNShape bpmnElement="s"><dc:Bounds x="0" y="22" width="36" height="36"/>
    </bpmndi:BPMNShape>
    <bpmndi:BPMNShape bpmnElement="t1" bioc:stroke="#1e88e5" bioc:fill="#bbdefb">
      <dc:Bounds x="100" y="0" width="100" height="80"/>
      <bpmndi:BPMNLabel color:color="#1e88e5"/></bpmndi:BPMNShape>
    <bpmndi:BPMNShape bpmnElement="t2"><dc:Bounds x="250" y="0" width="100" height="80"/>
    </bpmndi:BPMNShape>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</definitions>"""


@cache
def schema():
    xmlschema = pytest.importorskip("xmlschema")
    return xmlschema.XMLSchema(str(SCHEMA / "BPMN20.xsd"))


def assert_valid(xml: str) -> None:
    errors = list(schema().iter_errors(xml))
    assert not errors, str(errors[0])[:500]


def by_id(xml: str) -> dict[str, ET.Element]:
    root = ET.fromstring(xml)
    return {e.get("id"): e for e in root.iter() if e.get("id")} | {"": root}


def shape_of(xml: str, element_id: str) -> ET.Element:
    root = ET.fromstring(xml)
    return next(e for e in root.iter(f"{{{BPMNDI}}}BPMNShape")
                if e.get("bpmnElement") == element_id)


def test_extensions_are_carried_from_bpmn_to_bpmn():
    loaded = loads_bpmn(VENDOR)
    xml = dumps_bpmn(loaded.process)
    assert_valid(xml)
    assert f'xmlns:camunda="{CAMUNDA}"' in xml
    elements = by_id(xml)
    assert elements["t1"].get(f"{{{CAMUNDA}}}topic") == "a"
    assert elements["t2"].get(f"{{{CAMUNDA}}}topic") == "b"
    assert elements["p"].get(f"{{{CAMUNDA}}}historyTimeToLive") == "P30D"
    assert elements[""].get(f"{{{CAMUNDA}}}note") == "x"
    parameter = elements["t1"].find(f"{{{MODEL}}}extensionElements/{{{CAMUNDA}}}inputOutput/"
                                    f"{{{CAMUNDA}}}inputParameter")
    assert parameter.get("name") == "x" and parameter.text == "${a < b}"
    # an element declared with a default namespace gets a prefix of its own
    assert elements["t1"].find(f"{{{MODEL}}}extensionElements/{{urn:vendor:props}}props/"
                               "{urn:vendor:props}p").get("k") == "v"
    assert elements["f2"].find(f"{{{MODEL}}}extensionElements/"
                               f"{{{CAMUNDA}}}executionListener") is not None
    shape = shape_of(xml, "t1")
    assert shape.get(f"{{{BIOC}}}stroke") == "#1e88e5"
    assert shape.get(f"{{{BIOC}}}fill") == "#bbdefb"
    label = shape.find(f"{{{BPMNDI}}}BPMNLabel")
    assert label.get("{http://www.omg.org/spec/BPMN/non-normative/color/1.0}color") == \
        "#1e88e5"
    # and again: the same extensions, written the same way
    again = loads_bpmn(xml.encode()).process
    assert again.extensions == loaded.process.extensions
    assert dumps_bpmn(again) == xml


def test_each_kind_is_noted_once_kept_or_dropped():
    notes = [d.message for d in loads_bpmn(VENDOR).diagnostics]
    kept = [n for n in notes if n.startswith("kept")]
    dropped = [n for n in notes if n.startswith("dropped")]
    assert any(n.startswith("kept 2 <camunda:inputOutput> extension elements, the first on "
                            "'t1'") for n in kept)
    assert any(n.startswith("kept 2 camunda:topic attributes") for n in kept)
    assert any(n.startswith("kept one bioc:stroke attribute, on 't1'") for n in kept)
    assert all(n.endswith(("YAML output drops it", "YAML output drops them")) for n in kept)
    # what sits on an element the model does not keep, or is no vendor's at all
    assert any(n.startswith("dropped one camunda:messageKey attribute, on 'm'")
               for n in dropped)
    assert any(n.startswith("dropped one <bpmn:plain> extension element") for n in dropped)
    assert len(dropped) == 2
    for kind in ("camunda:topic", "<camunda:inputOutput>", "bioc:fill", "camunda:messageKey"):
        assert sum(kind in n for n in notes) == 1, kind


def test_convert_and_validate_report_each_kind_once(tmp_path):
    source = tmp_path / "vendor.bpmn"
    source.write_bytes(VENDOR)
    for args in (("validate", source), ("convert", source, tmp_path / "out.yaml"),
                 ("convert", source, tmp_path / "out.bpmn")):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert result.output.count("camunda:topic") == 1, args
    assert "camunda" not in (tmp_path / "out.yaml").read_text(encoding="utf-8")
    written = (tmp_path / "out.bpmn").read_text(encoding="utf-8")
    assert 'camunda:topic="a"' in written and 'bioc:stroke="#1e88e5"' in written


def test_a_variant_carries_the_extensions_of_what_it_did_not_change():
    process = loads_bpmn(VENDOR).process
    renamed = tuple(s if s.id != "t2" else s.__class__(**{
        **{f: getattr(s, f) for f in s.__dataclass_fields__}, "name": "Two, checked"})
        for s in process.steps)
    xml = dumps_bpmn(process.evolve(steps=renamed))
    assert_valid(xml)
    elements = by_id(xml)
    assert elements["t1"].get(f"{{{CAMUNDA}}}topic") == "a"
    assert elements["t2"].get(f"{{{CAMUNDA}}}topic") is None
    assert elements["t2"].find(f"{{{MODEL}}}extensionElements") is None
    # the flow into the changed step is itself unchanged
    assert elements["f2"].find(f"{{{MODEL}}}extensionElements") is not None


def test_simplify_of_a_bpmn_input_writes_the_extensions_into_its_bpmn_variant(tmp_path):
    source = CORPUS / "miwg" / "reference" / "C.1.0.bpmn"
    original = load_bpmn(source).process
    variant = simplify(original, "bold").process
    assert variant.steps != original.steps
    again = loads_bpmn(dumps_bpmn(variant).encode()).process
    unchanged = [s for s in variant.steps if original.has_step(s.id)
                 and original.step(s.id) == s and original.extensions.get("step", s.id)]
    assert unchanged
    for step in unchanged:
        assert again.extensions.get("step", step.id).elements == \
            original.extensions.get("step", step.id).elements


MANIFEST = json.loads((CORPUS / "manifest.json").read_text(encoding="utf-8"))["files"]
WITH_EXTENSIONS = sorted(
    rel for rel, entry in MANIFEST.items()
    if entry.get("bpmn20") and not rel.rpartition("/")[2].startswith("error__")
    and (b"extensionElements" in (CORPUS / rel).read_bytes()
         or b"bioc:" in (CORPUS / rel).read_bytes()
         or b"color:" in (CORPUS / rel).read_bytes()))


@pytest.mark.parametrize("rel", WITH_EXTENSIONS)
def test_corpus_extensions_survive_a_round_trip(rel):
    original = load_bpmn(CORPUS / rel).process
    xml = dumps_bpmn(original)
    assert_valid(xml)
    again = loads_bpmn(xml.encode()).process
    if original.extensions is None:
        assert again.extensions is None
        return
    lost = [key for key, found in original.extensions.of.items()
            if again.extensions is None or again.extensions.get(*key) is None
            or (found.attributes, found.elements, found.shape, found.label)
            != (lambda g: (g.attributes, g.elements, g.shape, g.label))(
                again.extensions.get(*key))]
    assert not lost, lost[:5]


def test_an_element_drawn_on_two_diagrams_gets_each_attribute_once():
    xml = VENDOR.replace(b"</bpmndi:BPMNDiagram>", b"""</bpmndi:BPMNDiagram>
  <bpmndi:BPMNDiagram><bpmndi:BPMNPlane bpmnElement="p">
    <bpmndi:BPMNShape bpmnElement="t1" bioc:stroke="#000000">
      <dc:Bounds x="0" y="0" width="100" height="80"/></bpmndi:BPMNShape>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>""")
    process = loads_bpmn(xml).process
    assert process.extensions.get("step", "t1").shape == (
        ("bioc:stroke", "#1e88e5"), ("bioc:fill", "#bbdefb"))
    assert_valid(dumps_bpmn(process))
