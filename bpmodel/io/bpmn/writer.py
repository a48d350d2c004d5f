"""Write a Process as BPMN 2.0 XML with diagram interchange that editors open.

Layout comes from :func:`bpmodel.layout.layout_process`, the one the diagrams use.

Why one pool with lanes: in BPMN a sequence flow may not cross a pool's border, and a
process that runs through several agencies is one sequence of steps. So a process written
from YAML is one pool (the process) with a lane per agency holding a lane per actor
(bpmn.io shows this as the familiar swimlane picture, and every flow stays legal). Pools
read from a BPMN collaboration are written back as the pools they were, with their
message flows.

Every flow node gets a BPMNShape and every flow a BPMNEdge; bpmodel's own figures go in
``bpmodel:`` attributes, so that the file reads back into the same process.

>>> from bpmodel.model import Actor, Flow, Process, Step
>>> p = Process("p", "Demo", actors=(Actor("c", "Clerk"),),
...             steps=(Step("a", "Ask", actor="c"), Step("b", "Answer", actor="c")),
...             flows=(Flow("a", "b"),))
>>> xml = dumps_bpmn(p)
>>> '<bpmn:task id="a" name="Ask"' in xml and 'bpmnElement="a"' in xml
True
"""

from __future__ import annotations

import re
from collections import defaultdict
from xml.sax.saxutils import escape

from ...durations import format_hours
from ...layout import LaneBand, Layout, kept_layout, layout_process
from ...model import (
    BOUNDARY,
    SEQUENCE,
    Calendar,
    Document,
    Duration,
    Flow,
    Foreign,
    Process,
    Step,
)
from ...version import __version__
from .explicit import END, START, make_explicit
from .extensions import carried, declarations
from .names import BPMNDI, BPMODEL, DC, DI, MODEL, XSI, id_list_text

_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")
_ATTR_ESCAPES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}

# the event kinds that catch (and so may produce data through an output association)
CATCHING = ("start", "timer", "message", "intermediate", "boundary")
TASK_TAGS = {None: "task", "user": "userTask", "service": "serviceTask",
             "manual": "manualTask", "script": "scriptTask", "send": "sendTask",
             "receive": "receiveTask", "business-rule": "businessRuleTask",
             "call": "callActivity", "subprocess": "subProcess",
             "event-subprocess": "subProcess", "transaction": "transaction",
             "adhoc": "adHocSubProcess"}
GATEWAY_TAGS = {"xor": "exclusiveGateway", "and": "parallelGateway", "or": "inclusiveGateway",
                "event": "eventBasedGateway", "complex": "complexGateway"}
TRIGGER_TAGS = {"message": "messageEventDefinition", "timer": "timerEventDefinition",
                "signal": "signalEventDefinition", "error": "errorEventDefinition",
                "escalation": "escalationEventDefinition",
                "conditional": "conditionalEventDefinition", "link": "linkEventDefinition",
                "compensation": "compensateEventDefinition", "cancel": "cancelEventDefinition",
                "terminate": "terminateEventDefinition"}


# characters XML 1.0 cannot hold at all, not even as &#...; references
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: object) -> str:
    """Element text, escaped; a character XML cannot hold becomes U+FFFD, so the file
    stays well-formed (the readers refuse such characters; this guards the API).

    >>> _text("Ask <b> & " + chr(1))
    'Ask &lt;b&gt; &amp; \ufffd'
    """
    return escape(_NOT_XML.sub("\ufffd", str(value)))


def _attr(value: object) -> str:
    return escape(_NOT_XML.sub("\ufffd", str(value)), _ATTR_ESCAPES)


def _attrs(pairs) -> str:
    return "".join(f' {k}="{_attr(v)}"' for k, v in pairs if v is not None)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _duration(value: Duration, calendar: Calendar) -> str:
    if not value.is_range:
        return format_hours(value.likely, calendar)
    return "/".join(format_hours(v, calendar) for v in (value.low, value.likely, value.high))


def _xy(value: float) -> str:
    return _number(round(value, 2))


def _bounds(box) -> str:
    return (f'<dc:Bounds x="{_xy(box.x)}" y="{_xy(box.y)}" width="{_xy(box.width)}" '
            f'height="{_xy(box.height)}" />')


class _Ids:
    """XML ids: the model's own where they are valid and unused, else made up."""

    def __init__(self):
        self.used: set[str] = set()
        self.counters: dict[str, int] = {}

    def make(self, wanted: str | None, prefix: str) -> str:
        if wanted and _NCNAME.match(wanted) and wanted not in self.used:
            self.used.add(wanted)
            return wanted
        base = prefix + "_" + re.sub(r"[^A-Za-z0-9_.\-]", "_", wanted or "")[:40]
        base = base.rstrip("_") or prefix
        candidate, n = base, self.counters.get(base, 1)
        while candidate in self.used:
            n += 1
            candidate = f"{base}_{n}"
        self.counters[base] = n
        self.used.add(candidate)
        return candidate


class _Writer:
    def __init__(self, process: Process, layout: Layout, added: dict[str, str] | None = None,
                 kept: bool = False):
        self.p = process
        self.kept = kept    # the layout keeps the drawing the process came with
        self.stores = process.drawing.stores if process.drawing is not None else frozenset()
        self.added = added or {}
        self.layout = layout
        self.cal = process.calendar
        self.ids = _Ids()
        self.out: list[str] = []
        ids = self.ids
        self.step_xml = {s.id: ids.make(s.id, "Activity") for s in process.steps}
        self.actor_xml = {a.id: ids.make(a.id, "Lane") for a in process.actors if a.is_lane}
        self.pool_xml = {p.id: ids.make(p.id, "Participant") for p in process.pools}
        self.doc_xml = {d.id: ids.make(d.id, "DataObject") for d in process.documents}
        self.flow_xml = [ids.make(f.id, "Flow") if f.kind == SEQUENCE else None
                         for f in process.flows]
        self.message_xml = [ids.make(m.id, "MessageFlow") for m in process.message_flows]
        self.steps = {s.id: s for s in process.steps}
        self.group_xml: dict[str, str] = {}
        self.expected: dict[str, str | None] = {}
        self.host = {f.target: (i, f) for i, f in enumerate(process.flows)
                     if f.kind == BOUNDARY and f.source in self.steps}
        # documents drawn beside their tasks: one reference per task and document, or
        # one shared by the tasks a kept drawing joins to the same data object
        self.step_refs: dict[tuple[str, str], str] = {}
        self.associations: dict[tuple[str, str, bool], str] = {}
        self.data_boxes = {(d.step, d.document): d for d in layout.data
                           if self.drawable(process.step(d.step), d.output)}
        self.written_refs: set[str] = set()
        shared: dict[tuple, str] = {}
        # a kept drawing's own reference ids and the names they show
        drawn_refs = process.drawing.data_refs if process.drawing is not None else {}
        self.ref_names: dict[str, str] = {}
        for step_id, doc in self.data_boxes:
            names = f"{self.step_xml[step_id]}_{self.doc_xml[doc]}"
            box = self.data_boxes[(step_id, doc)].box
            where = (doc, round(box.x, 2), round(box.y, 2))
            if where not in shared:
                own, shown = drawn_refs.get((step_id, doc), (None, ""))
                shared[where] = ids.make(own or f"DataObjectReference_{names}",
                                         "DataObjectReference")
                if shown:
                    self.ref_names[shared[where]] = shown
            self.step_refs[(step_id, doc)] = shared[where]
            step = self.steps[step_id]
            for output in (False, True) if step.is_task else (True,):
                if doc in (step.produces if output else step.needs):
                    kind = "DataOutputAssociation" if output else "DataInputAssociation"
                    self.associations[(step_id, doc, output)] = ids.make(f"{kind}_{names}",
                                                                         kind)

    def w(self, line: str) -> None:
        self.out.append(line)

    @staticmethod
    def drawable(step: Step, output: bool) -> bool:
        """Whether a document can be drawn beside a step with its association: any for an
        activity; only one it produces for a catching event (BPMN gives catch events data
        outputs alone); none for other steps, whose documents go in bpmodel's attributes."""
        return step.is_task or (output and step.is_event and step.kind in CATCHING)

    # -- other tools' extensions, carried for what did not change ------------------------
    def foreign(self, kind: str, element_id: str | None, item: object = None
                ) -> Foreign | None:
        return carried(self.p.extensions, kind, element_id, item)

    @staticmethod
    def foreign_attrs(found: Foreign | None) -> list[tuple[str, str]]:
        return list(found.attributes) if found is not None else []

    @staticmethod
    def foreign_elements(found: Foreign | None, own: tuple[str, ...] = ()) -> list[str]:
        """An ``extensionElements`` with bpmodel's own and the carried ones (one line)."""
        elements = [*own, *(found.elements if found is not None else ())]
        if not elements:
            return []
        return ["<bpmn:extensionElements>" + "".join(map(str, elements))
                + "</bpmn:extensionElements>"]

    def di_attrs(self, kind: str, element_id: str | None, item: object = None
                 ) -> tuple[str, str]:
        """The carried attributes of an element's shape or edge, and of its label."""
        found = self.foreign(kind, element_id, item)
        if found is None:
            return "", ""
        return _attrs(found.shape), _attrs(found.label)

    # -- the file -----------------------------------------------------------------------
    def write(self) -> str:
        p, layout = self.p, self.layout
        pools = [b for b in layout.lanes if b.kind == "pool"]
        self.pools = pools
        self.band_pool = {}
        for band in layout.lanes:
            self.band_pool[band.id] = band.id if band.parent is None else \
                self.band_pool[band.parent]
        # which process holds each top-level step
        self.process_of_pool: dict[str, str | None] = {}
        model_pools = {pool.id: pool for pool in p.pools}
        for band in pools:
            if band.synthetic:
                wanted = p.id if band.id == p.id else f"{p.id}_{band.id}"
                self.process_of_pool[band.id] = self.ids.make(wanted, "Process")
            elif model_pools[band.id].process:
                self.process_of_pool[band.id] = self.ids.make(model_pools[band.id].process,
                                                              "Process")
            else:
                self.process_of_pool[band.id] = None
        self.single = None if pools else self.ids.make(p.id, "Process")
        self.collaboration = self.ids.make("Collaboration_1", "Collaboration") if pools \
            else None
        members: dict[str | None, list[Step]] = defaultdict(list)
        for step in p.steps:
            if step.parent is not None and step.parent in self.steps:
                continue
            node = layout.node(step.id)
            pool = self.band_pool.get(node.lane) if node.lane else None
            if pool is not None and self.process_of_pool.get(pool) is None:
                pool = next((b.id for b in pools if self.process_of_pool[b.id]), None)
            members[pool].append(step)
        self.w('<?xml version="1.0" encoding="UTF-8"?>')
        self.w(self.definitions_tag())
        for doc in self.p.documents:    # root elements, as editors write them: first
            if doc.id in self.stores:
                self.write_document(doc, "dataStore", "  ")
        if pools:
            self.write_collaboration(pools)
        first = True
        for band in pools or [None]:
            process_id = self.process_of_pool[band.id] if band else self.single
            if process_id is None:
                continue
            steps = members.get(band.id if band else None, [])
            self.write_process(process_id, band, steps, first)
            first = False
        self.write_diagram(pools)
        self.w("</bpmn:definitions>")
        return "\n".join(self.out) + "\n"

    def definitions_tag(self) -> str:
        p, cal = self.p, self.cal
        meta = [("bpmodel:id", p.id), ("bpmodel:name", p.name), ("bpmodel:owner", p.owner),
                ("bpmodel:description", p.description),
                ("bpmodel:volume", _number(p.volume) if p.volume is not None else None),
                ("bpmodel:target", _duration(p.target, cal) if p.target else None),
                ("bpmodel:currency", p.currency), ("bpmodel:lang", p.lang),
                ("bpmodel:tariff", " ".join(f"{k}:{_number(v)}" for k, v in p.tariff.items())
                 or None)]
        if cal != Calendar():
            meta += [("bpmodel:hours_per_day", _number(cal.hours_per_day)),
                     ("bpmodel:days_per_week", _number(cal.days_per_week))]
        meta.append(("bpmodel:source", p.source))
        meta.append(("bpmodel:arrivals", p.arrivals))
        meta += [  # issue 13: applicant burden, provenance, fee parameters, grouping
            ("bpmodel:visit_overhead", _duration(p.visit_overhead, cal)
             if p.visit_overhead is not None else None),
            ("bpmodel:visit_cost", _number(p.visit_cost) if p.visit_cost is not None
             else None),
            ("bpmodel:assumed", " ".join(p.assumed) or None),
            ("bpmodel:parameters", " ".join(f"{k}:{_number(v)}"
                                            for k, v in p.parameters.items()) or None),
            ("bpmodel:service", p.service), ("bpmodel:region", p.region),
            ("bpmodel:coverage", p.coverage)]
        meta += self.foreign_attrs(self.foreign("definitions", ""))
        return (f'<bpmn:definitions xmlns:bpmn="{MODEL}" xmlns:bpmndi="{BPMNDI}" '
                f'xmlns:dc="{DC}" xmlns:di="{DI}" xmlns:xsi="{XSI}" xmlns:bpmodel="{BPMODEL}"'
                + declarations(self.p.extensions)
                + _attrs([("id", self.ids.make("Definitions_1", "Definitions")),
                          ("targetNamespace", "https://bpmodel.dev/processes"),
                          ("exporter", "bpmodel"), ("exporterVersion", __version__), *meta])
                + ">")

    def write_collaboration(self, pools: list[LaneBand]) -> None:
        found = self.foreign("collaboration", "")
        self.w(f"  <bpmn:collaboration{_attrs([('id', self.collaboration)])}"
               f"{_attrs(self.foreign_attrs(found))}>")
        for line in self.foreign_elements(found):
            self.w(f"    {line}")
        for band in pools:
            xml_id = self.pool_xml.get(band.id) or self.ids.make(f"Participant_{band.id}",
                                                                 "Participant")
            self.pool_xml[band.id] = xml_id
            # the pool bpmodel draws around lanes that had none is named after the process
            name = band.name or (self.p.name if band.synthetic else None)
            attrs = [("id", xml_id), ("name", name or None),
                     ("processRef", self.process_of_pool[band.id])]
            if band.synthetic:
                attrs.append(("bpmodel:role", "process"))
            actor = self.p.actor(band.actor)
            if actor is not None:   # the actor that stands for a pool without lanes
                attrs += [("bpmodel:kind", actor.kind if actor.kind != "staff" else None),
                          ("bpmodel:index", self.p.actors.index(actor)),
                          ("bpmodel:staff", actor.staff),
                          ("bpmodel:assumed", " ".join(actor.assumed) or None)]
            model_pool = next((pool for pool in self.p.pools if pool.id == band.id), None)
            found = self.foreign("pool", band.id, model_pool) if model_pool else None
            attrs += self.foreign_attrs(found)
            self.w(f"    <bpmn:participant{_attrs(attrs)}" + self.closed(
                self.foreign_elements(found), "      ", "bpmn:participant"))
        for index, message in enumerate(self.p.message_flows):
            if not self.joins(message):
                continue    # an end a variant removed: a dangling reference breaks the file
            source = self.ref(message.source)
            target = self.ref(message.target)
            found = self.foreign("message", message.id, message)
            attrs = [("id", self.message_xml[index]), ("name", message.name),
                     ("sourceRef", source), ("targetRef", target), *self.foreign_attrs(found)]
            self.w(f"    <bpmn:messageFlow{_attrs(attrs)}" + self.closed(
                self.foreign_elements(found), "      ", "bpmn:messageFlow"))
        self.w("  </bpmn:collaboration>")

    def closed(self, body: list[str], indent: str, tag: str) -> str:
        """The end of a start tag: `` />`` without a body, else the body and end tag."""
        if not body:
            return " />"
        return ">\n" + "".join(f"{indent}{line}\n" for line in body) + \
            f"{indent[:-2]}</{tag}>"

    def joins(self, message) -> bool:
        """Whether both ends of a message flow are steps or pools written to the file."""
        return all(end in self.step_xml or end in self.pool_xml
                   for end in (message.source, message.target))

    def ref(self, model_id: str) -> str:
        return self.step_xml.get(model_id) or self.pool_xml.get(model_id) or model_id

    # -- processes ----------------------------------------------------------------------
    def write_process(self, process_id: str, band: LaneBand | None, steps: list[Step],
                      first: bool) -> None:
        p = self.p
        name = p.name if band is None or band.synthetic else None
        found = self.foreign("process", process_id)
        self.w(f'  <bpmn:process{_attrs([("id", process_id), ("name", name)])} '
               f'isExecutable="false"{_attrs(self.foreign_attrs(found))}>')
        drawn = {b.actor for b in self.layout.lanes if b.actor is not None}
        undrawn = [(i, a) for i, a in enumerate(p.actors) if a.is_lane and a.id not in drawn]
        carried_elements = found.elements if found is not None else ()
        if (first and (p.systems or undrawn)) or carried_elements:
            self.w("    <bpmn:extensionElements>")
            for system in p.systems if first else ():
                attrs = [("id", system.id), ("name", system.name),
                         ("record", "true" if system.record else None)]
                self.w(f"      <bpmodel:system{_attrs(attrs)} />")
            for index, actor in undrawn if first else ():   # an actor without steps: no lane
                attrs = [("id", actor.id), ("name", actor.name),
                         ("kind", actor.kind if actor.kind != "staff" else None),
                         ("agency", actor.agency), ("pool", actor.pool),
                         ("parent", actor.parent), ("index", index),
                         ("assumed", " ".join(actor.assumed) or None)]
                self.w(f"      <bpmodel:actor{_attrs(attrs)} />")
            for element in carried_elements:
                self.w(f"      {element}")
            self.w("    </bpmn:extensionElements>")
        if band is not None:
            self.write_lanes(band, steps)
        if first:
            for doc in p.documents:
                if doc.id not in self.stores:
                    self.write_document(doc, "dataObject", "    ")
        self.write_container(steps, "    ", process_id)
        self.w("  </bpmn:process>")

    def write_document(self, doc: Document, tag: str, indent: str) -> None:
        """A data object (in the first process) or a data store (a root element)."""
        xml_id = self.doc_xml[doc.id]
        attrs = [("id", xml_id), ("name", doc.name),
                 ("bpmodel:id", doc.id if doc.id != xml_id else None),
                 ("bpmodel:issued_by", doc.issued_by),
                 ("bpmodel:government", None if doc.government is None
                  else str(doc.government).lower()),
                 ("bpmodel:legal_basis", doc.legal_basis)]
        found = self.foreign("document", doc.id, doc)
        attrs += self.foreign_attrs(found)
        self.w(f"{indent}<bpmn:{tag}{_attrs(attrs)}" + self.closed(
            self.foreign_elements(found), indent + "  ", f"bpmn:{tag}"))

    def write_lanes(self, pool: LaneBand, steps: list[Step]) -> None:
        children = defaultdict(list)
        for band in self.layout.lanes:
            if band.parent is not None:
                children[band.parent].append(band)
        if not children.get(pool.id):
            return
        in_band: dict[str, list[str]] = defaultdict(list)
        for step in steps:
            lane = self.layout.node(step.id).lane
            while lane is not None:
                in_band[lane].append(self.step_xml[step.id])
                lane = self.layout.lane(lane).parent
        actor_index = {a.id: i for i, a in enumerate(self.p.actors)}

        def lanes(parent: str, indent: str, agency: str | None) -> None:
            tag = "laneSet" if parent == pool.id else "childLaneSet"
            typed = "" if parent == pool.id else ' xsi:type="bpmn:tLaneSet"'
            set_id = self.ids.make(f"LaneSet_{parent}", "LaneSet")
            self.w(f'{indent}<bpmn:{tag} id="{set_id}"{typed}>')
            for band in children[parent]:
                attrs: list = []
                if band.kind == "group":
                    xml_id = self.ids.make(None, "Lane_agency")
                    self.group_xml[band.id] = xml_id
                    attrs = [("id", xml_id), ("name", band.name), ("bpmodel:role", "agency")]
                    inner_agency = band.name
                else:
                    actor = self.p.actor(band.actor)
                    xml_id = self.actor_xml[actor.id]
                    inferred = agency or (pool.name if not pool.synthetic else None) or None
                    attrs = [("id", xml_id), ("name", band.name or None),
                             ("bpmodel:id", actor.id if actor.id != xml_id else None),
                             ("bpmodel:kind", actor.kind if actor.kind != "staff" else None),
                             ("bpmodel:agency", (actor.agency or "")
                              if actor.agency != inferred else None),
                             ("bpmodel:index", actor_index[actor.id]),
                             ("bpmodel:staff", actor.staff),
                             ("bpmodel:assumed", " ".join(actor.assumed) or None)]
                    found = self.foreign("actor", actor.id, actor)
                    attrs += self.foreign_attrs(found)
                    inner_agency = agency
                self.w(f"{indent}  <bpmn:lane{_attrs(attrs)}>")
                if band.kind != "group":
                    for line in self.foreign_elements(found):
                        self.w(f"{indent}    {line}")
                for ref in in_band.get(band.id, ()):
                    self.w(f"{indent}    <bpmn:flowNodeRef>{ref}</bpmn:flowNodeRef>")
                if children.get(band.id):
                    lanes(band.id, indent + "    ", inner_agency)
                self.w(f"{indent}  </bpmn:lane>")
            self.w(f"{indent}</bpmn:{tag}>")

        lanes(pool.id, "    ", None)

    def inferred_actor(self, step: Step) -> str | None:
        """The actor a reader of this file would give the step from its lane."""
        node = self.layout.node(step.id)
        if step.parent is not None and step.parent in self.steps:
            return self.expected.get(step.parent)
        if node.lane is None:
            return None
        band = self.layout.lane(node.lane)
        return band.actor

    def write_container(self, steps: list[Step], indent: str, process_id: str) -> None:
        inside = {s.id for s in steps}
        for step in steps:
            for doc in (*step.needs, *step.produces):
                if doc in self.doc_xml and (step.id, doc) in self.step_refs:
                    ref = self.step_refs[(step.id, doc)]
                    if ref not in self.written_refs:
                        self.written_refs.add(ref)
                        document = self.p.document(doc)
                        name = self.ref_names.get(ref) or (
                            document.name if document is not None else None)
                        tag = self.reference_tag(doc)
                        self.w(f"{indent}<bpmn:{tag}"
                               f"{_attrs([('id', ref), ('name', name or None)])} "
                               f'{tag[:-9]}Ref="{self.doc_xml[doc]}" />')
        for step in steps:
            self.write_step(step, indent, process_id)
        for index, flow in enumerate(self.p.flows):
            if flow.kind != SEQUENCE or flow.source not in inside:
                continue
            self.write_flow(index, flow, indent)

    def reference_tag(self, doc: str) -> str:
        return "dataStoreReference" if doc in self.stores else "dataObjectReference"

    def doc_ref(self, step_id: str, doc: str) -> str:
        """What an association of a step joins: the data reference drawn beside it, else
        the data object (or store) itself, which is never drawn (a reference without a
        shape would be an element missing from the diagram)."""
        return self.step_refs.get((step_id, doc)) or self.doc_xml[doc]

    def write_step(self, step: Step, indent: str, process_id: str) -> None:
        xml_id = self.step_xml[step.id]
        tag, attrs, definitions = self.element(step)
        attrs = [("id", xml_id), ("name", step.name or None), *attrs]
        default = next((self.flow_id(f) for f in self.p.outgoing(step.id)
                        if f.default and f.kind == SEQUENCE), None)
        if default and (step.is_task or (step.is_gateway and step.kind in ("xor", "or",
                                                                           "complex"))):
            attrs.append(("default", default))
        expected = self.inferred_actor(step)
        self.expected[step.id] = step.actor
        if step.id in self.added:
            ext = [("bpmodel:added", self.added[step.id])]
        else:
            ext = self.step_extension(step, xml_id, expected)
            ext += self.foreign_attrs(self.foreign("step", step.id, step))
        if step.id in self.host and self.host[step.id][1].probability is not None:
            ext.append(("bpmodel:p", repr(self.host[step.id][1].probability)))
        if not step.is_task and (step.needs or step.produces):
            undrawn = [d for d in step.produces if (step.id, d) not in self.data_boxes]
            ext.append(("bpmodel:needs", " ".join(self.doc_xml[d] for d in step.needs) or None))
            ext.append(("bpmodel:produces", " ".join(self.doc_xml[d] for d in undrawn) or None))
        self.write_element(step, indent, process_id, xml_id, tag, attrs, ext, definitions)

    def step_extension(self, step: Step, xml_id: str, expected: str | None) -> list:
        cal = self.cal
        return [("bpmodel:id", step.id if step.id != xml_id else None),
                ("bpmodel:actor", (step.actor or "") if step.actor != expected else None),
                ("bpmodel:work", _duration(step.work, cal) if step.work.high else
                 "0h" if step.is_task and not step.is_subprocess and step.time_known
                 and (not step.wait.high or step.work_known) else None),
                ("bpmodel:wait", _duration(step.wait, cal) if step.wait.high else None),
                ("bpmodel:action", step.action), ("bpmodel:object", step.object),
                ("bpmodel:system", step.system), ("bpmodel:contact", step.contact),
                ("bpmodel:fee", "unknown" if not step.fee_known else
                 _number(step.fee) if step.fee else None),
                ("bpmodel:legal_basis", step.legal_basis),
                ("bpmodel:fee_formula", step.fee_formula),
                ("bpmodel:visit_overhead", _duration(step.visit_overhead, cal)
                 if step.visit_overhead is not None else None),
                ("bpmodel:visit_cost", _number(step.visit_cost) if step.visit_cost is not None
                 else None),
                ("bpmodel:costs", ";".join(f"{k}={_number(v)}" for k, v in step.costs)
                 or None),
                ("bpmodel:assumed", " ".join(step.assumed) or None),
                ("bpmodel:keep", (" ".join(step.locks) or "true") if step.keep else None),
                ("bpmodel:batch", f"{_number(step.batch)}h" if step.batch else None),
                ("bpmodel:presence", step.presence),
                ("bpmodel:competent", None if step.competent is None
                 else str(step.competent).lower()),
                ("bpmodel:signatory", step.signatory),
                ("bpmodel:merged_from", id_list_text(step.merged_from) or None)]

    def write_element(self, step: Step, indent: str, process_id: str, xml_id: str, tag: str,
                      attrs: list, ext: list, definitions: list[str]) -> None:
        body: list[str] = []
        if step.description:
            body.append(f"<bpmn:documentation>{_text(step.description)}</bpmn:documentation>")
        if step.id not in self.added:
            body += self.foreign_elements(self.foreign("step", step.id, step))
        for flow in self.p.incoming(step.id):
            if flow.kind == SEQUENCE:
                body.append(f"<bpmn:incoming>{self.flow_id(flow)}</bpmn:incoming>")
        for flow in self.p.outgoing(step.id):
            if flow.kind == SEQUENCE:
                body.append(f"<bpmn:outgoing>{self.flow_id(flow)}</bpmn:outgoing>")
        if step.is_task:
            if step.needs:
                placeholder = self.ids.make(f"Property_{xml_id}", "Property")
                body.append(f'<bpmn:property id="{placeholder}" '
                            f'name="__targetRef_placeholder" />')
                for doc in step.needs:
                    assoc = self.associations.get((step.id, doc, False)) or \
                        self.ids.make(f"DataInputAssociation_{xml_id}", "Data")
                    body.append(f'<bpmn:dataInputAssociation id="{assoc}">'
                                f"<bpmn:sourceRef>{self.doc_ref(step.id, doc)}"
                                f"</bpmn:sourceRef><bpmn:targetRef>{placeholder}"
                                f"</bpmn:targetRef></bpmn:dataInputAssociation>")
            for doc in step.produces:
                assoc = self.associations.get((step.id, doc, True)) or \
                    self.ids.make(f"DataOutputAssociation_{xml_id}", "Data")
                body.append(f'<bpmn:dataOutputAssociation id="{assoc}">'
                            f"<bpmn:targetRef>{self.doc_ref(step.id, doc)}"
                            f"</bpmn:targetRef></bpmn:dataOutputAssociation>")
        else:   # what a catching event produces, drawn beside it
            for doc in step.produces:
                assoc = self.associations.get((step.id, doc, True))
                if (step.id, doc) in self.data_boxes and assoc is not None:
                    body.append(f'<bpmn:dataOutputAssociation id="{assoc}">'
                                f"<bpmn:targetRef>{self.step_refs[(step.id, doc)]}"
                                f"</bpmn:targetRef></bpmn:dataOutputAssociation>")
        body.extend(definitions)
        children = [s for s in self.p.steps if s.parent == step.id] if step.is_subprocess \
            else []
        head = f"{indent}<bpmn:{tag}{_attrs([*attrs, *ext])}"
        if not body and not children:
            self.w(head + " />")
            return
        self.w(head + ">")
        for line in body:
            self.w(f"{indent}  {line}")
        if children:
            self.write_container(children, indent + "  ", process_id)
        self.w(f"{indent}</bpmn:{tag}>")

    def flow_id(self, flow: Flow) -> str:
        if not hasattr(self, "_flow_ids"):
            self._flow_ids = {id(f): self.flow_xml[i] for i, f in enumerate(self.p.flows)}
        return self._flow_ids[id(flow)]

    def element(self, step: Step) -> tuple[str, list, list[str]]:
        if step.is_gateway:
            return GATEWAY_TAGS.get(step.kind, "exclusiveGateway"), [], []
        if step.is_task:
            attrs = [("triggeredByEvent", "true")] if step.kind == "event-subprocess" else []
            return TASK_TAGS.get(step.kind, "task"), attrs, []
        kind, trigger = step.kind, step.trigger
        attrs: list = []
        if kind in ("timer", "message"):
            tag, trigger = "intermediateCatchEvent", kind
        elif kind == "start":
            tag = "startEvent"
            if not step.interrupting:
                attrs.append(("isInterrupting", "false"))
        elif kind == "end":
            tag = "endEvent"
        elif kind == "throw":
            tag = "intermediateThrowEvent"
        elif kind == "boundary" and step.id in self.host:
            tag = "boundaryEvent"
            attrs.append(("attachedToRef", self.step_xml[self.host[step.id][1].source]))
            if not step.interrupting:
                attrs.append(("cancelActivity", "false"))
        else:
            tag = "intermediateCatchEvent"
        if trigger == "parallel-multiple" and tag in ("startEvent", "intermediateCatchEvent",
                                                     "boundaryEvent"):
            attrs.append(("parallelMultiple", "true"))
        return tag, attrs, self.event_definitions(step, trigger)

    def event_definitions(self, step: Step, trigger: str | None) -> list[str]:
        if trigger is None:
            return []
        kinds = ["message", "signal"] if trigger in ("multiple", "parallel-multiple") \
            else [trigger]
        out = []
        for kind in kinds:
            tag = TRIGGER_TAGS[kind]
            def_id = self.ids.make(f"{tag[0].upper()}{tag[1:]}_{self.step_xml[step.id]}", "Def")
            if kind == "conditional":
                out.append(f'<bpmn:{tag} id="{def_id}"><bpmn:condition '
                           f'xsi:type="bpmn:tFormalExpression" /></bpmn:{tag}>')
            elif kind == "link":
                out.append(f'<bpmn:{tag} id="{def_id}" name="{_attr(step.name or step.id)}" />')
            else:
                out.append(f'<bpmn:{tag} id="{def_id}" />')
        return out

    def write_flow(self, index: int, flow: Flow, indent: str) -> None:
        source = self.steps.get(flow.source)
        # a condition read from an expression alone gets no name that was not in the file
        unnamed = self.p.drawing.unnamed if self.p.drawing is not None else ()
        name = None if flow.id in unnamed else flow.condition
        attrs = [("id", self.flow_xml[index]), ("name", name),
                 ("sourceRef", self.step_xml.get(flow.source, flow.source)),
                 ("targetRef", self.step_xml.get(flow.target, flow.target))]
        if flow.probability is not None:
            attrs.append(("bpmodel:p", repr(flow.probability)))
        if flow.default and not (source and (source.is_task or (
                source.is_gateway and source.kind in ("xor", "or", "complex")))):
            attrs.append(("bpmodel:default", "true"))
        found = self.foreign("flow", flow.id, flow)
        attrs += self.foreign_attrs(found)
        body = self.foreign_elements(found)
        # the expression a BPMN file gave, or the condition in words of a YAML `when`
        expression = flow.expression if flow.expression is not None else flow.condition
        # a conditional flow leaves a branching gateway, or an activity when a BPMN file
        # drew it so (the small diamond of a conditional flow out of a task)
        conditional = (expression and not flow.default and source is not None
                       and ((source.is_gateway and source.kind in ("xor", "or", "complex"))
                            or (flow.expression and source.is_task)))
        if conditional:
            body.append('<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">'
                        f"{_text(expression)}</bpmn:conditionExpression>")
        elif self.p.drawing is not None and flow.id in self.p.drawing.blank:
            # an expression the file left empty (a condition still to be written)
            body.append('<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" />')
        self.w(f"{indent}<bpmn:sequenceFlow{_attrs(attrs)}"
               + self.closed(body, indent + "  ", "bpmn:sequenceFlow"))

    # -- diagram interchange -------------------------------------------------------------
    def write_diagram(self, pools: list[LaneBand]) -> None:
        """Every diagram of the drawing: one plane, or the planes a kept drawing had
        (each element on the plane it was drawn on, a new one on its neighbours')."""
        planes = self.p.drawing.planes if self.kept and self.p.drawing is not None else ()
        whole = self.out
        buffers: list[list[str]] = [[] for _ in range(max(1, len(planes)))]
        self.plane_buffers = buffers
        self.out = buffers[0]
        try:
            self.write_shapes_and_edges()
        finally:
            self.out = whole
        main = self.collaboration or self.single
        written = set(self.process_of_pool.values()) | {self.single}
        for index, lines in enumerate(buffers):
            if index and not lines:
                continue        # a plane whose elements a variant removed
            ref = planes[index] if index < len(planes) else None
            if ref in self.steps and self.steps[ref].is_subprocess:
                plane = self.step_xml[ref]
            elif ref is not None and ref in written:
                plane = ref
            else:
                plane = main
            number = index + 1
            diagram = "BPMNDiagram_1" if not index else self.ids.make(
                f"BPMNDiagram_{number}", "BPMNDiagram")
            plane_id = "BPMNPlane_1" if not index else self.ids.make(
                f"BPMNPlane_{number}", "BPMNPlane")
            self.w(f'  <bpmndi:BPMNDiagram id="{diagram}">')
            self.w(f'    <bpmndi:BPMNPlane id="{plane_id}" bpmnElement="{plane}">')
            self.out.extend(lines)
            self.w("    </bpmndi:BPMNPlane>")
            self.w("  </bpmndi:BPMNDiagram>")

    def on_plane(self, kind: str, key: str | None) -> None:
        """Write what follows into the plane the element is drawn on."""
        if len(self.plane_buffers) > 1:
            self.out = self.plane_buffers[self.plane(kind, key)]

    def plane(self, kind: str, key: str | None, depth: int = 0) -> int:
        """The plane an element was drawn on; a new step goes on its sub-process's plane,
        or its parent's, or a neighbour's, a new flow on its source's."""
        drawing = self.p.drawing
        known = drawing.plane_of.get((kind, key or ""))
        if known is not None:
            return known
        if kind == "step" and key in self.steps and depth < 64:
            step = self.steps[key]
            if step.parent in self.steps:
                if step.parent in drawing.planes:
                    return drawing.planes.index(step.parent)
                return self.plane("step", step.parent, depth + 1)
            for flow in (*self.p.incoming(key), *self.p.outgoing(key)):
                other = flow.target if flow.source == key else flow.source
                found = drawing.plane_of.get(("step", other))
                if found is not None:
                    return found
        return 0

    def write_shapes_and_edges(self) -> None:
        layout = self.layout
        lane_xml = {}
        for band in layout.lanes:
            if band.kind == "pool":
                lane_xml[band.id] = self.pool_xml[band.id]
        for band in layout.lanes:
            if band.kind == "group":
                lane_xml[band.id] = self.group_xml[band.id]
            elif band.kind == "lane":
                lane_xml[band.id] = self.actor_xml[band.actor]
        pools_by_id = {pool.id: pool for pool in self.p.pools}
        for band in layout.lanes:
            if band.kind == "lane":
                shape, label = self.di_attrs("actor", band.actor, self.p.actor(band.actor))
            elif band.kind == "pool" and band.id in pools_by_id:
                shape, label = self.di_attrs("pool", band.id, pools_by_id[band.id])
            else:
                shape, label = "", ""
            key = band.actor if band.kind == "lane" else f"agency:{band.name}" \
                if band.kind == "group" else "" if band.synthetic else band.id
            self.on_plane("band", key)
            self.shape(lane_xml[band.id], band.box, ' isHorizontal="true"' + shape, None,
                       label)
        for node in layout.nodes:
            step = self.steps[node.id]
            extra = ""
            if node.shape == "subprocess":
                extra = f' isExpanded="{"true" if node.expanded else "false"}"'
            elif step.is_gateway and step.kind == "xor":
                extra = ' isMarkerVisible="true"'
            shape, label = self.di_attrs("step", step.id, step) if step.id not in self.added \
                else ("", "")
            self.on_plane("step", step.id)
            self.shape(self.step_xml[node.id], node.box, extra + shape, node.label, label)
        for route in layout.routes:
            if route.kind == "message":
                element = self.message_xml[route.index]
                message = self.p.message_flows[route.index]
                shape, label = self.di_attrs("message", message.id, message)
                if ("message", message.id or "") in getattr(self.p.drawing, "plane_of", {}):
                    self.on_plane("message", message.id)
                else:
                    self.on_plane("step", message.source)
            else:
                element = self.flow_xml[route.index]
                flow = self.p.flows[route.index]
                shape, label = self.di_attrs("flow", flow.id, flow)
                if ("flow", flow.id or "") in getattr(self.p.drawing, "plane_of", {}):
                    self.on_plane("flow", flow.id)
                else:
                    self.on_plane("step", flow.source)
            if element is None:
                continue
            self.edge(element, route.points, route.label, shape, label)
        drawn: set[str] = set()
        for (step_id, doc), data in self.data_boxes.items():
            ref = self.step_refs[(step_id, doc)]
            self.on_plane("step", step_id)
            if ref not in drawn:
                drawn.add(ref)
                self.shape(ref, data.box, "", data.label)
            for output in (False, True):
                assoc = self.associations.get((step_id, doc, output))
                if assoc is not None:
                    points = data.points if data.output == output else data.points[::-1]
                    self.edge(assoc, points)

    def edge(self, element: str, points, label=None, extra: str = "",
             label_extra: str = "") -> None:
        self.w(f'      <bpmndi:BPMNEdge id="{element}_di" bpmnElement="{element}"{extra}>')
        for x, y in points:
            self.w(f'        <di:waypoint x="{_xy(x)}" y="{_xy(y)}" />')
        self.label(label, label_extra)
        self.w("      </bpmndi:BPMNEdge>")

    def label(self, label, extra: str) -> None:
        """A label with its bounds; without bounds, only to carry the attributes a file
        gave it (a colour)."""
        if label is not None:
            self.w(f"        <bpmndi:BPMNLabel{extra}>{_bounds(label)}</bpmndi:BPMNLabel>")
        elif extra:
            self.w(f"        <bpmndi:BPMNLabel{extra} />")

    def shape(self, element: str, box, extra: str = "", label=None,
              label_extra: str = "") -> None:
        self.w(f'      <bpmndi:BPMNShape id="{element}_di" bpmnElement="{element}"{extra}>')
        self.w(f"        {_bounds(box)}")
        self.label(label, label_extra)
        self.w("      </bpmndi:BPMNShape>")


def dumps_bpmn(process: Process, layout: Layout | None = None) -> str:
    """The process as BPMN 2.0 XML with diagram interchange (laid out when not given).

    Start and end events, joins and splits the process leaves implicit are written as
    explicit elements marked ``bpmodel:added`` (see :mod:`.explicit`); a ``layout``
    given is used when it is one of that explicit process. A process read from BPMN
    with a diagram keeps that drawing (:func:`bpmodel.layout.kept_layout`): only start
    and end events are added to an editor's drawing, and only what is new is laid out.
    """
    if layout is None and process.drawing is not None:
        roles = {START, END} | set(process.drawing.roles)
        made = make_explicit(process, roles)
        kept = kept_layout(made.process, made.added)
        if kept is not None:
            return _Writer(made.process, kept, made.added, kept=True).write()
    made = make_explicit(process)
    if layout is None or not all(layout.has_node(s.id) for s in made.process.steps):
        layout = layout_process(made.process, documents=True)
    return _Writer(made.process, layout, made.added).write()
