"""BPMN that modelers accept: what bpmnlint's `recommended` rules and bpmn-js check, in pure
Python over the exported XML and its diagram interchange (no node, no browser).

Explicit start and end events, no implicit joins or splits, every data object drawn with
its associations, labels with their own bounds off every line and shape, task boxes that
hold their names, conditions only where a source gave them, collapsed sub-processes kept
collapsed.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import cache

import pytest

import bpmodel
from bpmodel.io.bpmn import dumps_bpmn, load_bpmn, loads_bpmn
from bpmodel.io.bpmn.names import BPMNDI, DC, DI, MODEL
from bpmodel.model import Flow, Process, Step
from bpmodel.simplify.engine import simplify
from bpmodel.textbox import LINE_HEIGHT, TASK_FONT, wrap_text

from conftest import CORPUS, EXAMPLES, ROOT, run

CATALOGUE = sorted((ROOT / "processes").glob("*.yaml"))
BUNDLED = ROOT / "bpmodel" / "data" / "building-approval.yaml"
FILES = [BUNDLED, *CATALOGUE]

ACTIVITIES = ("task", "userTask", "serviceTask", "manualTask", "scriptTask", "sendTask",
              "receiveTask", "businessRuleTask", "callActivity", "subProcess", "transaction",
              "adHocSubProcess")
EVENTS = ("startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent",
          "boundaryEvent")
GATEWAYS = ("exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
            "complexGateway")


def m(local: str) -> str:
    return f"{{{MODEL}}}{local}"


@cache
def exported(path, bold: bool = False) -> str:
    process = bpmodel.load_process(path)
    if bold:
        process = simplify(process, "bold").process
    return dumps_bpmn(process)


class Diagram:
    """The model elements and the diagram interchange of one exported file."""

    def __init__(self, xml: str):
        self.root = ET.fromstring(xml)
        self.shapes, self.labels, self.edges = {}, {}, {}
        for shape in self.root.iter(f"{{{BPMNDI}}}BPMNShape"):
            self.shapes[shape.get("bpmnElement")] = self.box(shape.find(f"{{{DC}}}Bounds"))
            label = shape.find(f"{{{BPMNDI}}}BPMNLabel/{{{DC}}}Bounds")
            if label is not None:
                self.labels[shape.get("bpmnElement")] = self.box(label)
        for edge in self.root.iter(f"{{{BPMNDI}}}BPMNEdge"):
            self.edges[edge.get("bpmnElement")] = [
                (float(p.get("x")), float(p.get("y"))) for p in edge.iter(f"{{{DI}}}waypoint")]
            label = edge.find(f"{{{BPMNDI}}}BPMNLabel/{{{DC}}}Bounds")
            if label is not None:
                self.labels[edge.get("bpmnElement")] = self.box(label)

    @staticmethod
    def box(bounds) -> tuple[float, float, float, float]:
        x, y = float(bounds.get("x")), float(bounds.get("y"))
        return x, y, x + float(bounds.get("width")), y + float(bounds.get("height"))

    def elements(self, *locals_: str):
        for local in locals_:
            yield from self.root.iter(m(local))

    def containers(self):
        yield from self.elements("process", "subProcess", "transaction")


def flows_of(container, attribute: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for flow in container.findall(m("sequenceFlow")):
        out.setdefault(flow.get(attribute), []).append(flow)
    return out


@pytest.fixture(scope="module", params=[(f, bold) for f in FILES for bold in (False, True)],
                ids=lambda p: p[0].stem + (".bold" if p[1] else ""))
def diagram(request):
    path, bold = request.param
    return Diagram(exported(path, bold))


def test_every_process_has_one_start_event_and_end_events(diagram):
    for container in diagram.containers():
        nodes = [e for e in container if e.tag in {m(t) for t in (*ACTIVITIES, *EVENTS,
                                                                     *GATEWAYS)}]
        if not nodes:
            continue
        starts = container.findall(m("startEvent"))
        assert len(starts) == 1, container.get("id")
        assert container.findall(m("endEvent")), container.get("id")
        incoming, outgoing = flows_of(container, "targetRef"), flows_of(container, "sourceRef")
        for node in nodes:
            if node.tag not in (m("startEvent"), m("boundaryEvent")):
                assert node.get("id") in incoming, f"implicit start {node.get('id')}"
            if node.tag != m("endEvent"):
                assert node.get("id") in outgoing, f"implicit end {node.get('id')}"
        for node in starts:
            assert node.get("name"), "an unnamed start event"


def test_no_implicit_join_split_or_gateway_that_both_joins_and_forks(diagram):
    for container in diagram.containers():
        incoming, outgoing = flows_of(container, "targetRef"), flows_of(container, "sourceRef")
        for node in container:
            local = node.tag.rpartition("}")[2]
            into = incoming.get(node.get("id"), [])
            out = outgoing.get(node.get("id"), [])
            if local in ACTIVITIES or local in EVENTS:
                assert len(into) <= 1, f"{node.get('id')} joins implicitly"
                plain = [f for f in out if f.find(m("conditionExpression")) is None
                         and node.get("default") != f.get("id")]
                assert len(plain) <= 1, f"{node.get('id')} splits implicitly"
            elif local in GATEWAYS:
                assert not (len(into) > 1 and len(out) > 1), f"{node.get('id')} joins and forks"


def test_every_element_is_drawn_data_objects_with_their_associations(diagram):
    drawn = (*ACTIVITIES, *EVENTS, *GATEWAYS, "dataObjectReference", "lane", "participant")
    for element in diagram.elements(*drawn):
        assert element.get("id") in diagram.shapes, element.get("id")
    for element in diagram.elements("sequenceFlow", "messageFlow", "dataInputAssociation",
                                    "dataOutputAssociation"):
        assert len(diagram.edges.get(element.get("id"), [])) >= 2, element.get("id")
    assert list(diagram.elements("dataObjectReference")), "the documents are drawn"


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def crosses(points, box) -> bool:
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        if max(x1, x2) >= box[0] and min(x1, x2) <= box[2] and \
                max(y1, y2) >= box[1] and min(y1, y2) <= box[3]:
            return True
    return False


def test_labels_have_bounds_off_every_line_shape_and_label(diagram):
    named = [e for e in diagram.elements(*EVENTS, *GATEWAYS, "sequenceFlow",
                                         "dataObjectReference") if e.get("name")]
    assert named
    lanes = {e.get("id") for e in diagram.elements("lane", "participant")}
    expanded = {e.get("id") for e in diagram.elements("subProcess")
                if e.find(m("sequenceFlow")) is not None}
    shapes = {k: v for k, v in diagram.shapes.items() if k not in lanes | expanded}
    for element in named:
        label = diagram.labels.get(element.get("id"))
        assert label is not None, f"{element.get('id')} has no label bounds"
        for key, points in diagram.edges.items():
            assert key == element.get("id") or not crosses(points, label), \
                f"the label of {element.get('id')} is crossed by {key}"
        for key, box in shapes.items():
            assert key == element.get("id") or not overlaps(label, box), \
                f"the label of {element.get('id')} lies over {key}"
        for other in named:
            if other is not element:
                assert not overlaps(label, diagram.labels[other.get("id")])


def test_task_boxes_hold_their_names_as_bpmn_js_wraps_them(diagram):
    for task in diagram.elements(*ACTIVITIES):
        if task.tag == m("subProcess") or not task.get("name"):
            continue
        x1, y1, x2, y2 = diagram.shapes[task.get("id")]
        assert x2 - x1 >= 100 and y2 - y1 >= 80 and (x2 - x1) % 20 == 0
        lines = wrap_text(task.get("name"), x2 - x1 - 10, TASK_FONT)
        assert len(lines) * TASK_FONT * LINE_HEIGHT <= y2 - y1, task.get("name")


def test_a_long_name_gets_a_bigger_box():
    long_name = ("Penandatanganan surat keputusan persetujuan bangunan gedung oleh Kepala "
                 "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu")
    process = Process("p", "P", steps=(Step("a", "Sign"), Step("b", long_name)),
                      flows=(Flow("a", "b"),))
    diagram = Diagram(dumps_bpmn(process))
    short, long_ = diagram.shapes["a"], diagram.shapes["b"]
    assert (short[2] - short[0], short[3] - short[1]) == (100, 80)
    assert (long_[2] - long_[0]) * (long_[3] - long_[1]) > 100 * 80
    assert short[1] + (short[3] - short[1]) / 2 == long_[1] + (long_[3] - long_[1]) / 2


def test_the_added_elements_read_back_as_the_same_process():
    for path in (*FILES, *sorted(EXAMPLES.glob("*.yaml"))):
        process = bpmodel.load_process(path)
        assert loads_bpmn(dumps_bpmn(process).encode()).process == process, path.name


BRANCHES = b"""<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">
  <process id="p">
    <startEvent id="s"/><exclusiveGateway id="g" name="Complete?" default="f3"/>
    <task id="a" name="A"/><task id="b" name="B"/><endEvent id="e"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="g"/>
    <sequenceFlow id="f2" name="yes" sourceRef="g" targetRef="a"/>
    <sequenceFlow id="f3" name="no" sourceRef="g" targetRef="b"/>
    <sequenceFlow id="f4" sourceRef="g" targetRef="e">
      <conditionExpression>${late}</conditionExpression></sequenceFlow>
    <sequenceFlow id="f5" sourceRef="a" targetRef="e"/>
    <sequenceFlow id="f6" sourceRef="b" targetRef="e"/>
  </process>
</definitions>"""


def test_conditions_are_written_only_where_the_source_had_them():
    process = loads_bpmn(BRANCHES).process
    root = ET.fromstring(dumps_bpmn(process))
    flows = {f.get("id"): f for f in root.iter(m("sequenceFlow"))}
    assert flows["f2"].find(m("conditionExpression")) is None      # a name is only a label
    assert flows["f2"].get("name") == "yes"
    assert flows["f4"].find(m("conditionExpression")).text == "${late}"
    assert flows["f4"].get("name") is None                           # no name invented
    yaml_process = bpmodel.load_process(BUNDLED)
    root = ET.fromstring(dumps_bpmn(yaml_process))
    written = [f.find(m("conditionExpression")).text for f in root.iter(m("sequenceFlow"))
               if f.find(m("conditionExpression")) is not None]
    assert "documents missing" in written                            # a YAML `when`


def test_an_empty_collapsed_sub_process_stays_collapsed():
    process = Process("p", "P", steps=(
        Step("a", "Prepare"), Step("sub", "Review the file", kind="subprocess"),
        Step("b", "Decide")), flows=(Flow("a", "sub"), Flow("sub", "b")))
    xml = dumps_bpmn(process)
    shape = next(s for s in ET.fromstring(xml).iter(f"{{{BPMNDI}}}BPMNShape")
                 if s.get("bpmnElement") == "sub")
    assert shape.get("isExpanded") == "false"
    assert loads_bpmn(xml.encode()).process == process


def test_convert_writes_a_lint_clean_file(tmp_path):
    target = tmp_path / "out.bpmn"
    result = run("convert", BUNDLED, target)
    assert result.exit_code == 0, result.output
    diagram = Diagram(target.read_text(encoding="utf-8"))
    assert len(list(diagram.elements("startEvent"))) == 1
    assert list(diagram.elements("endEvent"))


# -- round trips keep the drawing ----------------------------------------------------------

def segments_cross(p1, p2, q1, q2) -> bool:
    def side(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    d1, d2, d3, d4 = side(q1, q2, p1), side(q1, q2, p2), side(p1, p2, q1), side(p1, p2, q2)
    return ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4))


def crossings(diagram: Diagram) -> int:
    flows = {e.get("id") for e in diagram.elements("sequenceFlow", "messageFlow")}
    routes = [points for key, points in diagram.edges.items() if key in flows]
    segments = [(k, a, b) for k, r in enumerate(routes) for a, b in zip(r, r[1:], strict=False)]
    return sum(1 for i, (k, a, b) in enumerate(segments) for m, c, d in segments[i + 1:]
               if k != m and segments_cross(a, b, c, d))


def collinear(a, b, c) -> bool:
    return abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])) < 1.0


def segments_overlap(p1, p2, q1, q2) -> bool:
    """Collinear segments sharing more than a point: flows drawn over each other."""
    if not (collinear(p1, p2, q1) and collinear(p1, p2, q2)):
        return False
    axis = 0 if abs(p2[0] - p1[0]) >= abs(p2[1] - p1[1]) else 1
    low = max(min(p1[axis], p2[axis]), min(q1[axis], q2[axis]))
    high = min(max(p1[axis], p2[axis]), max(q1[axis], q2[axis]))
    return high - low > 1.0


def overlapping(diagram: Diagram) -> int:
    """Pairs of flows that run along each other somewhere."""
    flows = {e.get("id") for e in diagram.elements("sequenceFlow", "messageFlow")}
    routes = [points for key, points in diagram.edges.items() if key in flows]
    segments = [(k, a, b) for k, r in enumerate(routes) for a, b in zip(r, r[1:], strict=False)
                if abs(a[0] - b[0]) + abs(a[1] - b[1]) > 0.5]
    return len({(k, m) for i, (k, a, b) in enumerate(segments) for m, c, d in segments[i + 1:]
                if k != m and segments_overlap(a, b, c, d)})


def near(a, b) -> bool:
    """The same box, but for the rounding to hundredths the writer does."""
    return a is not None and all(abs(p - q) < 0.01 for p, q in zip(a, b, strict=True))


# every drawn file, those of several diagrams too (a sub-process drawn on a plane of its
# own, bpmn-js drill-down; a collaboration per diagram; a called process in a diagram)
WITH_DI = sorted(p for p in CORPUS.rglob("*.bpmn")
                 if not p.name.startswith("error__") and b"BPMNEdge" in p.read_bytes())


@pytest.mark.parametrize("path", WITH_DI, ids=lambda p: p.stem[:40])
def test_a_drawn_file_keeps_its_drawing(path):
    source = Diagram(path.read_text(encoding="utf-8"))
    again = Diagram(dumps_bpmn(load_bpmn(path).process))
    nodes = {e.get("id") for e in source.elements(*ACTIVITIES, *EVENTS, *GATEWAYS)}
    for key in nodes & set(source.shapes):
        assert near(again.shapes.get(key), source.shapes[key]), key
        if key in source.labels:
            assert near(again.labels.get(key), source.labels[key]), key
    lanes = [e.get("id") for e in source.elements("lane") if e.get("id") in source.shapes]
    assert all(near(again.shapes[k], source.shapes[k]) for k in lanes)
    assert crossings(again) <= crossings(source)
    assert overlapping(again) <= overlapping(source)
    # the same lane order, top to bottom
    order = sorted(lanes, key=lambda k: (source.shapes[k][1], source.shapes[k][0]))
    assert sorted(lanes, key=lambda k: (again.shapes[k][1], again.shapes[k][0])) == order
    ids = {e.get("id") for e in again.root.iter() if e.get("id")}
    for flow in again.elements("sequenceFlow", "messageFlow"):
        assert flow.get("sourceRef") in ids and flow.get("targetRef") in ids, flow.get("id")


def test_a_bpmodel_file_read_and_written_again_is_the_same_file():
    for path in (BUNDLED, CATALOGUE[0]):
        first = dumps_bpmn(bpmodel.load_process(path))
        assert dumps_bpmn(loads_bpmn(first.encode()).process) == first


def test_a_variant_of_a_drawn_file_keeps_the_steps_it_did_not_change():
    original = loads_bpmn(exported(BUNDLED)).process
    variant = simplify(original, "bold").process
    before, after = Diagram(dumps_bpmn(original)), Diagram(dumps_bpmn(variant))
    kept = [s.id for s in variant.steps if original.has_step(s.id)
            and original.step(s.id).name == s.name]
    assert kept
    assert [k for k in kept if not near(after.shapes[k], before.shapes[k])] == []


def planes_of(xml: str) -> list[tuple[str, dict[str, tuple]]]:
    """(the element each plane shows, its shapes by element) of every diagram."""
    root = ET.fromstring(xml)
    out = []
    for plane in root.iter(f"{{{BPMNDI}}}BPMNPlane"):
        shapes = {shape.get("bpmnElement"): Diagram.box(shape.find(f"{{{DC}}}Bounds"))
                  for shape in plane.iter(f"{{{BPMNDI}}}BPMNShape")}
        out.append((plane.get("bpmnElement"), shapes))
    return out


SEVERAL_PLANES = [CORPUS / "miwg" / "reference" / "C.4.0.bpmn",
                  CORPUS / "miwg" / "reference" / "C.5.0.bpmn",
                  CORPUS / "bpmn-js-examples" / "deep-linking__nested-subprocesses.bpmn",
                  CORPUS / "bpmnlint" / "no-disconnected__valid-adhoc-subprocess.bpmn"]


@pytest.mark.parametrize("path", SEVERAL_PLANES, ids=lambda p: p.stem[:40])
def test_a_file_of_several_diagrams_keeps_each_diagram(path):
    source = path.read_text(encoding="utf-8")
    xml = dumps_bpmn(load_bpmn(path).process)
    before, after = planes_of(source), planes_of(xml)
    assert len(after) == len(before)
    root = ET.fromstring(source)
    kinds = {e.get("id"): e.tag.rpartition("}")[2] for e in root.iter() if e.get("id")}
    nodes = set(ACTIVITIES) | set(EVENTS) | set(GATEWAYS) | {"lane", "participant"}
    for (element, shapes), (element_after, shapes_after) in zip(before, after, strict=True):
        if kinds.get(element) == "subProcess":    # a drill-down plane shows its sub-process
            assert element_after == element
        for key, box in shapes.items():
            if kinds.get(key) in nodes:
                assert near(shapes_after.get(key), box), (element, key)


def test_a_sub_process_drawn_on_its_own_plane_stays_collapsed():
    path = CORPUS / "bpmn-js-examples" / "deep-linking__nested-subprocesses.bpmn"
    xml = dumps_bpmn(load_bpmn(path).process)
    root = ET.fromstring(xml)
    shown = {plane.get("bpmnElement") for plane in root.iter(f"{{{BPMNDI}}}BPMNPlane")}
    for shape in root.iter(f"{{{BPMNDI}}}BPMNShape"):
        if shape.get("bpmnElement") in shown:
            assert shape.get("isExpanded") == "false", shape.get("bpmnElement")
    again = loads_bpmn(xml.encode()).process
    assert dumps_bpmn(again) == xml


def test_a_message_flow_whose_end_a_variant_removed_is_not_written():
    path = CORPUS / "miwg" / "reference" / "C.1.0.bpmn"
    original = load_bpmn(path).process
    gone = original.message_flows[0].target
    steps = tuple(s for s in original.steps if s.id != gone)
    flows = tuple(f for f in original.flows if gone not in (f.source, f.target))
    xml = dumps_bpmn(original.evolve(steps=steps, flows=flows))
    root = ET.fromstring(xml)
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    for flow in root.iter(m("messageFlow")):
        assert flow.get("sourceRef") in ids and flow.get("targetRef") in ids
    assert len(list(root.iter(m("messageFlow")))) < len(original.message_flows)


def test_data_references_keep_their_ids_names_and_places():
    path = CORPUS / "miwg" / "reference" / "C.5.0.bpmn"
    source = Diagram(path.read_text(encoding="utf-8"))
    again = Diagram(dumps_bpmn(load_bpmn(path).process))

    def references(diagram):
        return {e.get("id"): e.get("name")
                for e in diagram.elements("dataObjectReference", "dataStoreReference")}

    before = references(source)
    assert before and references(again) == before     # the states: "ID document [scanned]"
    for key in before:
        assert near(again.shapes.get(key), source.shapes[key]), key


def test_data_stores_stay_data_stores():
    path = CORPUS / "miwg" / "reference" / "C.5.0.bpmn"
    source = Diagram(path.read_text(encoding="utf-8"))
    process = load_bpmn(path).process
    again = Diagram(dumps_bpmn(process))
    for local in ("dataStore", "dataStoreReference"):
        assert {e.get("id") for e in again.elements(local)} == \
            {e.get("id") for e in source.elements(local)}
    assert loads_bpmn(dumps_bpmn(process).encode()).process.documents == process.documents


def test_a_conditional_flow_out_of_a_task_keeps_its_condition():
    path = CORPUS / "miwg" / "reference" / "A.2.1.bpmn"
    root = ET.fromstring(dumps_bpmn(load_bpmn(path).process))
    flow = next(f for f in root.iter(m("sequenceFlow")) if f.get("id") == "_To9Z7TOCEeSknpIVFCxNIQ")
    assert flow.findtext(m("conditionExpression")) == "true"


def test_a_catching_event_keeps_the_data_it_produces_drawn_beside_it():
    path = CORPUS / "miwg" / "reference" / "C.4.0.bpmn"
    catching = ("startEvent", "intermediateCatchEvent", "boundaryEvent")

    def outputs(diagram):
        return {(event.get("id"), association.findtext(m("targetRef")))
                for event in diagram.elements(*catching)
                for association in event.findall(m("dataOutputAssociation"))}

    source = Diagram(path.read_text(encoding="utf-8"))
    again = Diagram(dumps_bpmn(load_bpmn(path).process))
    assert outputs(source) and outputs(again) == outputs(source)
    for _event, reference in outputs(again):
        assert reference in again.shapes
    assert not [k for k in again.edges if k.startswith("DataInputAssociation")
                and k not in {e.get("id") for e in again.root.iter(m("dataInputAssociation"))}]


def test_a_condition_expression_left_empty_stays_there():
    path = CORPUS / "miwg" / "reference" / "A.2.1.bpmn"
    source = Diagram(path.read_text(encoding="utf-8"))
    again = Diagram(dumps_bpmn(load_bpmn(path).process))

    def conditional(diagram):
        return {f.get("id") for f in diagram.elements("sequenceFlow")
                if f.find(m("conditionExpression")) is not None}

    assert conditional(again) == conditional(source)


def test_the_pool_drawn_around_lanes_without_one_has_the_process_name():
    path = CORPUS / "miwg" / "reference" / "A.4.0.bpmn"
    diagram = Diagram(dumps_bpmn(load_bpmn(path).process))
    assert all(p.get("name") for p in diagram.elements("participant"))
