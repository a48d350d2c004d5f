"""The shapes of a layout: boxes, node boxes, lane bands, routes and the whole picture,
with the sizes and gaps every part of the layout uses."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..model import SEQUENCE, Step
from ..textbox import task_size

TASK_SIZE = (100.0, 80.0)
GATEWAY_SIZE = (50.0, 50.0)
EVENT_SIZE = (36.0, 36.0)
LAYER_GAP = 50.0          # the corridor between two layers
ROW_GAP = 60.0            # the corridor between two rows (labels and boundary events fit)
LANE_PAD = 20.0           # space above the first row and below the last row of a lane
LOOP_ROOM = 20.0          # more below the last row of a lane when a loop back runs under it
LABEL_STRIP = 30.0        # the name strip at the left of a pool or lane
CONTENT_MARGIN = 40.0     # space between the innermost name strip and the first layer
POOL_GAP = 40.0           # between pools: the corridor of message flows
MIN_LANE_HEIGHT = 120.0
SUBPROCESS_PAD = 20.0
SUBPROCESS_TOP = 30.0     # room for the sub-process's name
ORIGIN = (160.0, 80.0)
DATA_SIZE = (36.0, 50.0)  # a data object, as bpmn-js draws it
DATA_SLOT = 96.0          # the width one data object and its label take above a task
DATA_GAP = 16.0           # between a data object and its task (the association)
LABEL_GAP = 20.0          # room kept beside a flow's label in the corridor it starts in


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle: top-left corner, width and height."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    @property
    def cx(self) -> float:
        return self.x + self.width / 2

    @property
    def cy(self) -> float:
        return self.y + self.height / 2

    def contains(self, other: Box) -> bool:
        """True when ``other`` lies wholly inside this box (borders included)."""
        return (self.x <= other.x and self.y <= other.y and other.right <= self.right
                and other.bottom <= self.bottom)

    def moved(self, dx: float, dy: float) -> Box:
        return Box(self.x + dx, self.y + dy, self.width, self.height)


@dataclass(frozen=True, slots=True)
class NodeBox:
    """Where a step is drawn. ``shape`` is task, subprocess, gateway, event or boundary.

    ``lane`` is the id of the band it lies in, ``layer`` and ``row`` its place in the
    grid of its container (``parent``: the sub-process it is drawn in, or None).
    ``label`` is where the name of an event or gateway goes (outside the shape, below
    it unless a route leaves or enters there); tasks carry their name inside.
    """

    id: str
    box: Box
    shape: str
    lane: str | None = None
    layer: int = 0
    row: int = 0
    parent: str | None = None
    expanded: bool = False
    label: Box | None = None


@dataclass(frozen=True, slots=True)
class LaneBand:
    """A horizontal band: a ``pool``, an agency ``group`` of lanes, or an actor's ``lane``.

    ``actor`` is the actor whose steps lie in it (None for pools of several lanes and for
    groups); ``synthetic`` marks a pool made only to hold lanes, with no pool in the model.
    """

    id: str
    name: str
    box: Box
    kind: str
    parent: str | None = None
    depth: int = 0
    actor: str | None = None
    rows: int = 0
    synthetic: bool = False


@dataclass(frozen=True, slots=True)
class Route:
    """The waypoints of a flow. ``index`` is its position in ``process.flows`` (or in
    ``process.message_flows`` for ``kind == "message"``); ``back`` marks a loop's return."""

    index: int
    source: str
    target: str
    points: tuple[tuple[float, float], ...]
    kind: str = SEQUENCE
    back: bool = False
    label: Box | None = None


@dataclass(frozen=True, slots=True)
class DataBox:
    """A document drawn beside a task: the data object, its name and its association.

    ``output`` is True for a document the task produces (the association points from the
    task to the data object), False for one it needs; ``points`` run from source to target.
    """

    step: str
    document: str
    output: bool
    box: Box
    label: Box | None
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Layout:
    """The picture of a process: node boxes, lane bands and edge routes, in drawing units.

    ``data`` holds the documents drawn over, under or beside their tasks (only when asked
    for).
    """

    nodes: tuple[NodeBox, ...]
    lanes: tuple[LaneBand, ...]
    routes: tuple[Route, ...]
    width: float
    height: float
    data: tuple[DataBox, ...] = ()

    @cached_property
    def _nodes(self) -> dict[str, NodeBox]:
        return {n.id: n for n in self.nodes}

    @cached_property
    def _lanes(self) -> dict[str, LaneBand]:
        return {band.id: band for band in self.lanes}

    def node(self, step_id: str) -> NodeBox:
        return self._nodes[step_id]

    def has_node(self, step_id: str) -> bool:
        return step_id in self._nodes

    def lane(self, band_id: str) -> LaneBand:
        return self._lanes[band_id]

    def route(self, index: int, kind: str = SEQUENCE) -> Route:
        """The route of ``process.flows[index]`` (or of a message flow)."""
        for r in self.routes:
            if r.index == index and r.kind == kind:
                return r
        raise KeyError(index)


def shape_of(step: Step) -> str:
    """task, subprocess, gateway, event or boundary: what a step is drawn as."""
    if step.is_gateway:
        return "gateway"
    if step.is_event:
        return "boundary" if step.kind == "boundary" else "event"
    return "subprocess" if step.is_subprocess else "task"


def size_of(shape: str, name: str = "") -> tuple[float, float]:
    """The size of a shape; a task (or collapsed sub-process) grows to hold its name."""
    if shape == "gateway":
        return GATEWAY_SIZE
    if shape in ("event", "boundary"):
        return EVENT_SIZE
    return task_size(name, TASK_SIZE) if name else TASK_SIZE

