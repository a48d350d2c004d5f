"""Read the elements of the BPMN processes: containers (processes, sub-processes), flow
nodes (tasks, gateways, events), lanes, the actors and steps they become, data objects
and the sequence flows, with a warning for what the model has no place for.
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from typing import Any

from ...i18n import N_, _
from ...limits import (
    MAX_DEPTH,
    MAX_ID,
    MAX_NAME,
)
from ...model import (
    ACTIONS,
    ACTOR_KINDS,
    BOUNDARY,
    CONTACTS,
    EVENT,
    GATEWAY,
    PRESENCES,
    SUBPROCESS_KINDS,
    TASK,
    Actor,
    Flow,
    Pool,
    Step,
)
from .explicit import ROLES, without_added
from .names import (
    EVENT_ELEMENTS,
    GATEWAY_ELEMENTS,
    MODEL,
    MODEL_TAG,
    QUIET_ELEMENTS,
    SUBPROCESS_ELEMENTS,
    TASK_ELEMENTS,
    TRIGGER_ELEMENTS,
    id_list_of,
)
from .reading import EXT, ReaderState, bpmodel_index, id_ref, keep_value, local_name

MODEL_PREFIX = f"{{{MODEL}}}"

# tag -> (what, kind)
NODES: dict[str, tuple[str, str | None]] = {}
for _name, _kind in TASK_ELEMENTS.items():
    NODES[MODEL_TAG[_name]] = (TASK, _kind)
for _name, _kind in SUBPROCESS_ELEMENTS.items():
    NODES[MODEL_TAG[_name]] = ("subprocess", _kind)
for _name, _kind in GATEWAY_ELEMENTS.items():
    NODES[MODEL_TAG[_name]] = (GATEWAY, _kind)
for _name in EVENT_ELEMENTS:
    NODES[MODEL_TAG[_name]] = (EVENT, _name)
TRIGGERS = {MODEL_TAG[name]: trigger for name, trigger in TRIGGER_ELEMENTS.items()}
LOOPS = (MODEL_TAG["multiInstanceLoopCharacteristics"], MODEL_TAG["standardLoopCharacteristics"])
QUIET = frozenset((*(MODEL_TAG[name] for name in QUIET_ELEMENTS), *LOOPS,
                    MODEL_TAG["completionCondition"]))


class ElementReader(ReaderState):
    """The part of the reader that reads process elements into steps, actors and flows."""

    # -- processes and sub-processes ------------------------------------------------------------
    def container(self, element: ET.Element, process_id: str, parent: str | None,
                  depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            self.error(parent, f"sub-process {parent!r} is nested more than {MAX_DEPTH} deep; "
                               f"bpmodel reads sub-processes up to {MAX_DEPTH} levels")
            return
        for child in element:
            tag = child.tag
            node = NODES.get(tag)
            if node is not None:
                self.flow_node(child, node, process_id, parent, depth)
            elif tag == MODEL_TAG["sequenceFlow"]:
                self.sequence.append((child, parent))
            elif tag == MODEL_TAG["property"] or tag in LOOPS:
                continue    # a sub-process's own; noted by flow_node
            elif tag == MODEL_TAG["laneSet"]:
                self.lane_set(child, process_id, None, 0)
            elif tag == MODEL_TAG["dataObject"]:
                self.document(child, child.get("id"))
            elif tag == MODEL_TAG["dataObjectReference"] or tag == MODEL_TAG["dataStoreReference"]:
                self.reference(child)
            elif tag in QUIET or not isinstance(tag, str):
                continue
            elif tag.startswith(MODEL_PREFIX):
                self.skip(local_name(tag), child.get("id"))
            elif not tag.startswith(EXT):
                self.skip("vendor extension", child.get("id"))

    def flow_node(self, element: ET.Element, node: tuple[str, str | None], process_id: str,
                  parent: str | None, depth: int = 0) -> None:
        step_id = element.get("id")
        what, kind = node
        local = local_name(element.tag)
        if not step_id:
            self.warn(None, _("a <{local}> without an id is left out").format(
                local=local))
            return
        if not self.register(step_id, local):
            return
        name = element.get("name") or ""
        own_id = self.ext(element).get("id") or step_id
        if len(own_id) > MAX_ID:
            self.error(step_id, f"the id of <{local}> has {len(own_id)} characters; ids have "
                                f"at most {MAX_ID}")
        if len(name) > MAX_NAME:
            self.error(step_id, f"the name of {step_id[:40]!r} has {len(name)} characters; "
                                f"names have at most {MAX_NAME} (put the rest in "
                                f"documentation)")
        fields: dict[str, Any] = {"id": step_id, "name": name}
        triggers: list[str] = []
        for child in element:
            tag = child.tag
            if tag in TRIGGERS:
                triggers.append(TRIGGERS[tag])
            elif tag == MODEL_TAG["documentation"]:
                if child.text and child.text.strip():
                    fields["description"] = child.text.strip()
            elif tag == MODEL_TAG["dataInputAssociation"]:
                refs = [id_ref(e.text) for e in child.iter(MODEL_TAG["sourceRef"])]
                self.inputs.setdefault(step_id, []).extend(r for r in refs if r)
                if child.get("id") and refs and refs[0]:
                    self.associations[(step_id, refs[0], False)] = child.get("id")
            elif tag == MODEL_TAG["dataOutputAssociation"]:
                refs = [id_ref(e.text) for e in child.iter(MODEL_TAG["targetRef"])]
                self.outputs.setdefault(step_id, []).extend(r for r in refs if r)
                if child.get("id") and refs and refs[0]:
                    self.associations[(step_id, refs[0], True)] = child.get("id")
            elif tag in LOOPS:
                self.skip(local_name(tag), step_id, N_("loop markers are not kept; the activity "
                                                   "is read as done once"))
            elif tag == MODEL_TAG["eventDefinitionRef"]:
                triggers.append("multiple")
            elif tag == MODEL_TAG["property"]:
                if child.get("name") != "__targetRef_placeholder":
                    self.skip("property", step_id, N_("activity properties are not kept"))
            elif what != "subprocess" and tag not in QUIET and tag.startswith(MODEL_PREFIX):
                self.skip(local_name(tag), step_id, N_("not kept on the step"))
        if what == TASK:
            fields.update(type=TASK, kind=kind)
        elif what == "subprocess":
            if kind == "subprocess" and element.get("triggeredByEvent") == "true":
                kind = "event-subprocess"
            fields.update(type=TASK, kind=kind)
        elif what == GATEWAY:
            fields.update(type=GATEWAY, kind=kind)
        else:
            fields.update(self.event(element, kind, triggers, step_id))
        if element.get("default"):
            self.defaults[step_id] = id_ref(element.get("default"))
        if parent is not None:
            fields["parent"] = parent
        ext = self.ext(element)
        if ext:
            fields.update(self.step_extension(ext, step_id))
        if fields.get("type") == TASK and fields.get("kind") not in SUBPROCESS_KINDS \
                and "work" not in ext and "wait" not in ext:
            fields["time_known"] = False  # a task without a time: not known, never 0
        elif fields.get("type") == TASK and fields.get("kind") not in SUBPROCESS_KINDS \
                and "work" not in ext and self.extended:
            fields["work_known"] = False  # a waiting time only: the hours worked not given
        self.steps[step_id] = fields
        self.step_process[step_id] = process_id
        if what == "subprocess":
            self.container(element, process_id, step_id, depth + 1)

    def event(self, element: ET.Element, local: str, triggers: list[str],
              step_id: str) -> dict[str, Any]:
        if len(triggers) > 1:
            trigger = "parallel-multiple" if element.get("parallelMultiple") == "true" \
                else "multiple"
        else:
            trigger = triggers[0] if triggers else None
        fields: dict[str, Any] = {"type": EVENT, "trigger": trigger}
        if local == "startEvent":
            fields["kind"] = "start"
            fields["interrupting"] = element.get("isInterrupting") != "false"
        elif local == "endEvent":
            fields["kind"] = "end"
        elif local == "intermediateCatchEvent":
            if trigger in ("timer", "message"):
                fields["kind"], fields["trigger"] = trigger, None
            else:
                fields["kind"] = "intermediate"
        elif local == "boundaryEvent":
            fields["kind"] = "boundary"
            fields["interrupting"] = element.get("cancelActivity") != "false"
            host = id_ref(element.get("attachedToRef"))
            p = self.number(self.ext(element).get("p"), step_id, "p", 1.0)
            if host:
                self.boundaries.append((host, step_id, p))
            else:
                self.warn(step_id, _("boundary event {step_id} has no attachedToRef; it "
                                     "is read as an intermediate event").format(
                    step_id=repr(step_id)))
        else:
            fields["kind"] = "throw"
            if local == "implicitThrowEvent":
                self.skip("implicitThrowEvent", step_id,
                          N_("read as an intermediate throw event"))
        return fields

    def step_extension(self, ext: dict[str, str], step_id: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if "id" in ext:
            out["id"] = ext["id"]
        if ext.get("added") in ROLES:
            out["_added"] = ext["added"]
        for key in ("work", "wait"):
            if key in ext:
                out[key] = self.duration(ext[key], step_id, key)
        if "action" in ext:
            out["action"] = self.choice(ext["action"], ACTIONS, step_id, "action")
        if "contact" in ext:
            out["contact"] = self.choice(ext["contact"], CONTACTS, step_id, "contact")
        for key in ("object", "legal_basis", "system", "signatory"):
            if ext.get(key):
                out[key] = ext[key]
        if ext.get("visit_overhead"):
            out["visit_overhead"] = self.duration(ext["visit_overhead"], step_id,
                                                  "visit_overhead")
        if "visit_cost" in ext:
            out["visit_cost"] = self.number(ext["visit_cost"], step_id, "visit_cost")
        if ext.get("costs"):  # item=amount;item=amount (items may hold spaces)
            out["costs"] = tuple(
                (item.strip(), amount) for item, _, value in
                (pair.rpartition("=") for pair in ext["costs"].split(";"))
                if (amount := self.number(value.strip(), step_id, "costs")) is not None)
        if ext.get("assumed"):
            out["assumed"] = tuple(ext["assumed"].split())
        if ext.get("merged_from"):
            out["merged_from"] = id_list_of(ext["merged_from"])
        if ext.get("fee_formula"):
            out["fee_formula"] = ext["fee_formula"]
        if ext.get("fee") == "unknown":
            out["fee_known"] = False
        elif "fee" in ext:
            out["fee"] = self.number(ext["fee"], step_id, "fee") or 0.0
        if "keep" in ext:
            out["keep"], out["locks"] = keep_value(ext["keep"])
        if "presence" in ext:
            out["presence"] = self.choice(ext["presence"], PRESENCES, step_id, "presence")
        if "competent" in ext:
            out["competent"] = ext["competent"] == "true"
        if ext.get("batch"):
            out["batch"] = self.batch(ext["batch"], step_id)
        if "actor" in ext:
            out["actor"] = ext["actor"] or None
            out["_actor_given"] = True
        if "needs" in ext:
            self.inputs.setdefault(step_id, []).extend(ext["needs"].split())
        if "produces" in ext:
            self.outputs.setdefault(step_id, []).extend(ext["produces"].split())
        return {k: v for k, v in out.items() if v is not None or k == "actor"}

    # -- lanes and actors -----------------------------------------------------------------------
    def lane_set(self, lane_set: ET.Element, process_id: str, parent: str | None,
                 depth: int, agency: str | None = None) -> None:
        if depth > MAX_DEPTH:
            self.error(parent, f"lane {parent!r} holds lanes nested more than {MAX_DEPTH} "
                               f"deep; bpmodel reads lanes up to {MAX_DEPTH} levels")
            return
        for lane in lane_set.findall(MODEL_TAG["lane"]):
            lane_id = lane.get("id")
            if not lane_id or not self.register(lane_id, "lane"):
                continue
            ext = self.ext(lane)
            name = lane.get("name") or ""
            if ext.get("role") == "agency":
                self.agency_lanes[lane_id] = name
                child_parent, child_agency = parent, name
            else:
                self.lanes.append({"id": lane_id, "name": name, "process": process_id,
                                   "parent": parent, "agency": agency, "ext": ext})
                child_parent, child_agency = lane_id, agency
            for ref in lane.findall(MODEL_TAG["flowNodeRef"]):
                node = id_ref(ref.text)
                if node and (node not in self.lane_of or self.lane_of[node][0] <= depth):
                    self.lane_of[node] = (depth, lane_id)
            for child_set in lane.findall(MODEL_TAG["childLaneSet"]):
                self.lane_set(child_set, process_id, child_parent, depth + 1, child_agency)

    def actors(self, pools: list[Pool], stand_ins: set[str],
               process_pool: dict[str, Pool]) -> list[Actor]:
        laned = {lane["process"] for lane in self.lanes}
        actors: list[tuple[int, Actor]] = []
        seen: dict[str, str] = {}
        order = 0
        for lane in self.lanes:
            pool = process_pool.get(lane["process"])
            ext = lane["ext"]
            kind = self.choice(ext.get("kind"), ACTOR_KINDS, lane["id"], "kind") or "staff"
            if "agency" in ext:
                agency = ext["agency"] or None
            else:
                agency = lane["agency"] or (pool.name if pool else None) or None
            actor_id = ext.get("id") or lane["id"]
            if actor_id in seen:
                self.error(lane["id"], "bpmodel:id {id!r} of lane {lane!r} is also the id of "
                                       "lane {first!r}; every actor needs its own id".format(
                                           id=actor_id, lane=lane["id"], first=seen[actor_id]))
                continue
            seen[actor_id] = lane["id"]
            index = bpmodel_index(ext.get("index"), order)
            actors.append((index, Actor(actor_id, lane["name"], kind, agency,
                                        pool.id if pool else None, lane["parent"],
                                        self.staff(ext, lane["id"]),
                                        assumed=tuple(ext.get("assumed", "").split()))))
            order += 1
        for element in (self.root.iter(f"{EXT}actor") if self.extended else ()):
            # an actor without steps, written without a lane
            actor_id = element.get("id")
            if not actor_id:
                continue
            kind = self.choice(element.get("kind"), ACTOR_KINDS, actor_id, "kind") or "staff"
            index = element.get("index", "")
            actors.append((int(index) if index.isdigit() else order,
                           Actor(actor_id, element.get("name") or "", kind,
                                 element.get("agency") or None, element.get("pool") or None,
                                 element.get("parent") or None,
                                 assumed=tuple((element.get("assumed") or "").split()))))
            order += 1
        for pool in pools:
            if pool.process not in laned:
                stand_ins.add(pool.id)
                ext = self.pool_ext.get(pool.id, {})
                kind = self.choice(ext.get("kind"), ACTOR_KINDS, pool.id, "kind") or "staff"
                index = bpmodel_index(ext.get("index"), order)
                actors.append((index, Actor(pool.id, pool.name, kind, pool.name or None,
                                            pool.id, staff=self.staff(ext, pool.id),
                                            assumed=tuple(ext.get("assumed", "").split()))))
                order += 1
        actors.sort(key=lambda pair: pair[0])
        return [a for _, a in actors]

    def build_steps(self, actors: list[Actor], stand_ins: set[str],
                    process_pool: dict[str, Pool]) -> dict[str, Step]:
        lane_actor = {lane["id"]: lane["ext"].get("id") or lane["id"] for lane in self.lanes}
        for lane_id in self.agency_lanes:
            lane_actor[lane_id] = None
        steps: dict[str, Step] = {}
        renamed: dict[str, str] = {}
        for step_id, fields in self.steps.items():
            given = fields.pop("_actor_given", False)
            if "_added" in fields:
                self.added[step_id] = fields.pop("_added")
            if not given:
                lane = self.lane_of.get(step_id)
                actor = lane_actor.get(lane[1]) if lane else None
                if actor is None and fields.get("parent") in steps:
                    actor = steps[fields["parent"]].actor
                if actor is None and lane is None:
                    pool = process_pool.get(self.step_process[step_id])
                    if pool is not None and pool.id in stand_ins:
                        actor = pool.id
                fields["actor"] = actor
            parent = fields.get("parent")
            if parent is not None:
                fields["parent"] = renamed.get(parent, parent)
            fields["needs"] = self.documents_of(self.inputs.get(step_id, ()))
            fields["produces"] = self.documents_of(self.outputs.get(step_id, ()))
            if step_id in self.shapes:
                fields["bounds"] = self.shapes[step_id]
            step = Step(**fields)
            if step.id in steps:
                first = next(k for k, v in renamed.items() if v == step.id)
                self.error(step_id, f"bpmodel:id {step.id!r} of {step_id!r} is also the id of step "
                                    f"{first!r}; every step needs its own id")
                continue
            renamed[step_id] = step.id
            steps[step.id] = step
        self.renamed = renamed
        return steps

    # -- data ---------------------------------------------------------------------------------
    def document(self, element: ET.Element, doc_id: str | None) -> None:
        if not doc_id or not self.register(doc_id, local_name(element.tag)):
            return
        ext = self.ext(element)
        if element.tag in (MODEL_TAG["dataStore"], MODEL_TAG["dataStoreReference"]):
            self.stores.add(doc_id)
        record = {"id": ext.get("id") or doc_id, "name": element.get("name") or ""}
        for key in ("issued_by", "legal_basis"):
            if ext.get(key):
                record[key] = ext[key]
        if ext.get("government") in ("true", "false"):
            record["government"] = ext["government"] == "true"
        self.documents[doc_id] = record

    def reference(self, element: ET.Element) -> None:
        ref_id = element.get("id")
        if not ref_id or not self.register(ref_id, local_name(element.tag)):
            return
        target = id_ref(element.get("dataObjectRef") or element.get("dataStoreRef"))
        self.ref_names[ref_id] = element.get("name") or ""
        if target:
            self.references[ref_id] = target
        else:
            self.document(element, None)
            self.documents[ref_id] = {"id": ref_id, "name": element.get("name") or ""}
            self.references[ref_id] = ref_id
            if element.tag == MODEL_TAG["dataStoreReference"]:
                self.stores.add(ref_id)
        if target and element.get("name") and target in self.documents \
                and not self.documents[target]["name"]:
            self.documents[target]["name"] = element.get("name")

    def documents_of(self, refs) -> tuple[str, ...]:
        out = []
        for ref in refs:
            target = self.references.get(ref, ref)
            if target not in self.documents:
                continue
            doc_id = self.documents[target]["id"]
            if doc_id not in out:
                out.append(doc_id)
        return tuple(out)

    # -- flows ----------------------------------------------------------------------------------
    def flows(self, steps: dict[str, Step]) -> list[Flow]:
        renamed = self.renamed
        by_source: dict[str, list[Flow]] = {}
        boundary_into: dict[str, Flow] = {}
        for host, event, p in self.boundaries:
            host, event = renamed.get(host, host), renamed.get(event, event)
            if host not in steps or not steps[host].is_task:
                self.warn(event, _("boundary event {event} is attached to {host}, which "
                                   "is no activity; it is read as an intermediate event").format(
                    event=repr(event), host=repr(host)))
                continue
            boundary_into[event] = Flow(host, event, p, kind=BOUNDARY)
        for step_id, step in list(steps.items()):   # a boundary event on nothing
            if step.kind == "boundary" and step_id not in boundary_into:
                steps[step_id] = dataclasses.replace(step, kind="intermediate",
                                                     interrupting=True)
        for element, _parent in self.sequence:
            flow_id = element.get("id")
            if not self.register(flow_id, "sequenceFlow"):
                continue        # a second flow with the id of another element: left out
            source = id_ref(element.get("sourceRef"))
            target = id_ref(element.get("targetRef"))
            source, target = renamed.get(source, source), renamed.get(target, target)
            missing = [v or "(nothing)" for v in (source, target) if v not in steps]
            if missing:
                self.warn(flow_id, _("sequence flow {flow_id} points at {value}, which "
                                     "is no step of the process; the flow is left out").format(
                    flow_id=repr(flow_id), value=repr(missing[0])))
                continue
            ext = self.ext(element)
            condition = element.get("name") or None
            expression = ""
            if len(element):
                found = element.find(MODEL_TAG["conditionExpression"])
                if found is not None and found.text and found.text.strip():
                    expression = found.text.strip()
                elif found is not None and flow_id:
                    self.blank.append(flow_id)  # an expression element left empty
            if condition is None and expression and flow_id:
                self.unnamed.append(flow_id)
            condition = condition or expression or None
            original_source = id_ref(element.get("sourceRef"))
            default = (flow_id is not None and self.defaults.get(original_source) == flow_id) \
                or ext.get("default") == "true"
            probability = self.number(ext.get("p"), flow_id, "p", 1.0) if ext else None
            if probability is not None and not (steps[source].is_gateway
                                                and steps[source].kind in ("xor", "or")):
                self.warn(flow_id, f"bpmodel:p on sequence flow {flow_id!r} is ignored: a "
                                   f"chance belongs on the branches of an xor or or gateway")
                probability = None
            by_source.setdefault(source, []).append(
                Flow(source, target, probability, condition, default, id=flow_id,
                     waypoints=self.edges.get(flow_id, ()), expression=expression))
        for source, flow_id in self.defaults.items():
            if flow_id not in self.ids:
                self.warn(source, _("the default flow {flow_id} of {source} does not "
                                    "exist; no branch is marked as the default").format(
                    flow_id=repr(flow_id), source=repr(source)))
        if self.added:
            kept = list(steps.values())
            without_added(kept, by_source, {renamed.get(k, k): v for k, v in self.added.items()})
        ordered: list[Flow] = []
        for step_id in steps:
            if step_id in boundary_into:
                ordered.append(boundary_into[step_id])
            ordered.extend(by_source.get(step_id, ()))
        return ordered
