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
                        if shape.get("isExpanded") is not None or index:
                            self.expanded[ref] = shape.get("isExpanded") == "true" and not index
                    else:
                        self.other_shapes.setdefault(ref, box(bounds))
                    label = shape.find(label_bounds)
                    if label is not None:
                        self.labels[ref] = box(label)
            for edge in (e for plane in planes for e in plane.findall(_EDGE)):
                ref = id_ref(edge.get("bpmnElement"))
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
        if not self.shapes and not self.unnamed:
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
        for table in (self.inputs, self.outputs):
            for step_id, refs in table.items():
                for ref in refs:
                    target = self.references.get(ref, ref)
                    if ref in self.other_shapes and target in self.documents:
                        key = (renamed.get(step_id, step_id), self.documents[target]["id"])
                        data.setdefault(key, (self.other_shapes[ref], self.labels.get(ref)))
        return Drawing(MappingProxyType(bands), MappingProxyType(labels),
                       MappingProxyType(messages), MappingProxyType(expanded),
                       MappingProxyType(added), frozenset(self.added.values()),
                       MappingProxyType(data), frozenset(self.unnamed))
