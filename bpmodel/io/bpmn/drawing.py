"""Read the BPMN diagram (BPMN DI) into a :class:`bpmodel.model.Drawing`: the bounds of the
shapes, the waypoints of the edges, the lanes and labels, so that a file drawn in a modeller
keeps its drawing.
"""

from __future__ import annotations

from types import MappingProxyType

from ...model import (
    Bounds,
    Drawing,
    Flow,
    MessageFlow,
    Step,
)
from .names import (
    BPMNDI,
    DC,
    DI,
)
from .reading import ReaderState, coordinate, id_ref

_SHAPE, _EDGE = f"{{{BPMNDI}}}BPMNShape", f"{{{BPMNDI}}}BPMNEdge"
_DIAGRAM, _PLANE = f"{{{BPMNDI}}}BPMNDiagram", f"{{{BPMNDI}}}BPMNPlane"
_BOUNDS, _WAYPOINT = f"{{{DC}}}Bounds", f"{{{DI}}}waypoint"


class DrawingReader(ReaderState):
    """The part of the reader that reads the diagram."""

    # -- diagram interchange --------------------------------------------------------------------
    def read_diagram(self) -> None:
        """Shapes and edges of the diagram interchange, by the id of their element."""
        self.shapes: dict[str, Bounds] = {}
        self.edges: dict[str, tuple[tuple[float, float], ...]] = {}
        steps = self.steps
        flow_ids = {element.get("id") for element, _ in self.sequence}
        planes = [plane for diagram in self.root.findall(_DIAGRAM)
                  for plane in diagram.findall(_PLANE)]
        self.other_shapes: dict[str, Bounds] = {}
        self.labels: dict[str, Bounds] = {}
        self.other_edges: dict[str, tuple[tuple[float, float], ...]] = {}
        self.expanded: dict[str, bool] = {}
        self.plane_of: dict[str, int] = {}
        self.plane_refs = [id_ref(plane.get("bpmnElement")) or "" for plane in planes]
        self.other_plane: dict[str, int] = {}

        def box(bounds) -> Bounds:
            get = bounds.get
            return Bounds(coordinate(get("x", 0)), coordinate(get("y", 0)),
                          coordinate(get("width", 0)), coordinate(get("height", 0)))

        label_bounds = f"{{{BPMNDI}}}BPMNLabel/{_BOUNDS}"
        try:
            for index, plane in enumerate(planes):
                for shape in plane.findall(_SHAPE):
                    ref = id_ref(shape.get("bpmnElement"))
                    bounds = shape.find(_BOUNDS)
                    if bounds is None or ref is None:
                        continue
                    if ref in steps:
                        self.shapes[ref] = box(bounds)
                        self.plane_of[ref] = index
                        if shape.get("isExpanded") is not None:
                            self.expanded[ref] = shape.get("isExpanded") == "true"
                    elif ref not in self.other_shapes:
                        self.other_shapes[ref] = box(bounds)
                        self.other_plane[ref] = index
                    label = shape.find(label_bounds)
                    if label is not None:
                        self.labels[ref] = box(label)
            for index, edge in ((i, e) for i, plane in enumerate(planes)
                                for e in plane.findall(_EDGE)):
                ref = id_ref(edge.get("bpmnElement"))
                if ref is not None:
                    self.other_plane.setdefault(ref, index)
                points = tuple([(coordinate(p.get("x", 0)), coordinate(p.get("y", 0)))
                                for p in edge.findall(_WAYPOINT)])
                if ref in flow_ids:
                    self.edges[ref] = points
                elif ref is not None:
                    self.other_edges[ref] = points
                label = edge.find(label_bounds)
                if label is not None and ref is not None:
                    self.labels[ref] = box(label)
        except ValueError:
            self.warn(None, "the diagram has coordinates that are not numbers; it is left out")
            self.shapes, self.edges, self.other_shapes, self.labels = {}, {}, {}, {}
            self.other_edges, self.expanded = {}, {}

    def drawing(self, steps: dict[str, Step], flows: list[Flow],
                message_flows: tuple[MessageFlow, ...]) -> Drawing | None:
        """The diagram by the ids of the model: lanes by actor, pools, labels, messages."""
        if not self.shapes and not self.unnamed and not self.blank:
            return None
        bands: dict[str, Bounds] = {}
        for lane in self.lanes:
            if lane["id"] in self.other_shapes:
                bands[lane["ext"].get("id") or lane["id"]] = self.other_shapes[lane["id"]]
        for lane_id, name in self.agency_lanes.items():
            if lane_id in self.other_shapes:
                bands[f"agency:{name}"] = self.other_shapes[lane_id]
        for pool_id in self.pool_ids:
            if pool_id in self.other_shapes:
                bands[pool_id] = self.other_shapes[pool_id]
        if self.process_pool_id in self.other_shapes:
            bands[""] = self.other_shapes[self.process_pool_id]
        renamed = self.renamed
        labels = {renamed.get(k, k): v for k, v in self.labels.items()}
        messages = {m.id: self.other_edges[m.id] for m in message_flows
                    if m.id in self.other_edges}
        for step_id, fields in self.steps.items():
            parent = fields.get("parent")
            if parent in self.plane_of and step_id in self.plane_of \
                    and self.plane_of[step_id] != self.plane_of[parent]:
                self.expanded[parent] = False   # its steps are drawn on a plane of their own
        expanded = {renamed.get(k, k): v for k, v in self.expanded.items()}
        added = {k: self.shapes[k] for k in self.added if k in self.shapes}
        data: dict[tuple[str, str], tuple[Bounds, Bounds | None]] = {}
        data_routes: dict[tuple[str, str], tuple[tuple[float, float], ...]] = {}
        data_refs: dict[tuple[str, str], tuple[str, str]] = {}
        for output, table in ((False, self.inputs), (True, self.outputs)):
            for step_id, refs in table.items():
                for ref in refs:
                    target = self.references.get(ref, ref)
                    if ref in self.other_shapes and target in self.documents:
                        key = (renamed.get(step_id, step_id), self.documents[target]["id"])
                        data.setdefault(key, (self.other_shapes[ref], self.labels.get(ref)))
                        data_refs.setdefault(key, (ref, self.ref_names.get(ref, "")))
                        route = self.other_edges.get(
                            self.associations.get((step_id, ref, output), ""))
                        if route and len(route) >= 2 and key not in data_routes:
                            # from the data object to the task, as a need is drawn
                            data_routes[key] = route[::-1] if output else route
        planes, plane_of = self.planes(steps, flows, message_flows)
        return Drawing(MappingProxyType(bands), MappingProxyType(labels),
                       MappingProxyType(messages), MappingProxyType(expanded),
                       MappingProxyType(added), frozenset(self.added.values()),
                       MappingProxyType(data), frozenset(self.unnamed), planes,
                       MappingProxyType(plane_of), MappingProxyType(data_routes),
                       MappingProxyType(data_refs),
                       frozenset(self.documents[x]["id"] for x in self.stores
                                 if x in self.documents), frozenset(self.blank))

    def planes(self, steps: dict[str, Step], flows: list[Flow],
               message_flows: tuple[MessageFlow, ...]
               ) -> tuple[tuple[str, ...], dict[tuple[str, str], int]]:
        """The element each diagram's plane shows (a sub-process by its model id) and the
        plane every step, band, flow and message flow is drawn on; nothing for a file of
        one plane."""
        if len(self.plane_refs) < 2:
            return (), {}
        renamed = self.renamed
        planes = tuple(renamed.get(ref, ref) for ref in self.plane_refs)
        plane_of: dict[tuple[str, str], int] = {}
        for xml_id, index in self.plane_of.items():
            if renamed.get(xml_id, xml_id) in steps:
                plane_of[("step", renamed.get(xml_id, xml_id))] = index
        other = self.other_plane
        for lane in self.lanes:
            if lane["id"] in other:
                plane_of[("band", lane["ext"].get("id") or lane["id"])] = other[lane["id"]]
        for lane_id, name in self.agency_lanes.items():
            if lane_id in other:
                plane_of[("band", f"agency:{name}")] = other[lane_id]
        for pool_id in self.pool_ids:
            if pool_id in other:
                plane_of[("band", pool_id)] = other[pool_id]
        if self.process_pool_id in other:
            plane_of[("band", "")] = other[self.process_pool_id]
        for flow in flows:
            if flow.id in other:
                plane_of[("flow", flow.id)] = other[flow.id]
        for message in message_flows:
            if message.id in other:
                plane_of[("message", message.id)] = other[message.id]
        return planes, plane_of

