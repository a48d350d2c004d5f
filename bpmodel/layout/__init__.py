"""Pure geometry of a process picture: lanes, layers, positions and edge routes.

One layout serves both outputs: the BPMN diagram interchange written by
``bpmodel.io.bpmn`` and the matplotlib diagrams. It draws nothing and imports no
plotting library.

How it is built (see ``guide/layout.md``):

- **lanes** are horizontal bands, one per actor, nested as pool -> agency -> actor
  (or as the pools and nested lanes a BPMN file gave); lanes without steps are left out,
  and inside a pool the lanes that exchange flows are placed close together (the first
  lane stays first; a variant keeps its original's order);
- **layers** run left to right: a depth-first search marks the flows that close loops
  (back edges), and every other step sits one layer right of its furthest predecessor
  (longest path), except a **hand-over** to another lane, which stays in its source's
  column when nothing else of the lanes it spans lies there and is drawn as one straight
  vertical line (the documents of a task at either end are drawn at its free sides, one
  to four, else below it);
- **documents** (BPMN only) lie over their task, reaching over the free corridors beside
  it; a column is widened for them only where they would touch something
  (``documents.place_documents``, ``documents.crowded_documents``);
- **rows**: inside its lane a step takes the row its predecessors suggest (barycentre),
  the most likely path (the spine) first, in sweeps left-right and right-left;
- **routes** are orthogonal with as few bends as the grid allows: straight where they
  can, else leaving the source on the side facing the target or entering the target on
  the side facing the source (one bend), else through the free corridors between layers
  and rows (two or four), so no route crosses a shape;
- it is **deterministic**, and with ``previous`` the steps a variant keeps stay in the
  layer, lane and row they had, and never move left.

Sub-processes that contain steps are laid out inside their box; boundary events sit on
the lower border of their activity.

The modules, one job each: ``shapes`` (boxes, bands, routes, the ``Layout`` and the sizes),
``lanes`` (which bands, in which order, each step's band), ``layers`` (layers and rows),
``routing`` (sequence flow routes), ``messages`` (message flow routes), ``index`` (the grid
index of what lies where), ``labels`` (label placement), ``geometry`` (polylines and the
crossing check), ``builder`` (:func:`layout_process`, which puts them together) and ``kept``
(:func:`kept_layout`, the drawing a BPMN file came with), ``documents`` (where documents
fit).

>>> from bpmodel.model import Actor, Flow, Process, Step
>>> p = Process("p", "P", actors=(Actor("c", "Clerk"),),
...             steps=(Step("a", "Ask", actor="c"), Step("b", "Answer", actor="c")),
...             flows=(Flow("a", "b"),))
>>> layout = layout_process(p)
>>> a, b = layout.node("a").box, layout.node("b").box
>>> a.y == b.y and a.right < b.x
True
>>> layout.route(0).points[0] == (a.right, a.cy)
True
"""

from __future__ import annotations

from .builder import layout_process
from .geometry import route_crosses_shape
from .kept import kept_layout
from .shapes import (
    CONTENT_MARGIN,
    DATA_GAP,
    DATA_SIZE,
    DATA_SLOT,
    EVENT_SIZE,
    GATEWAY_SIZE,
    LABEL_GAP,
    LABEL_STRIP,
    LANE_PAD,
    LAYER_GAP,
    MIN_LANE_HEIGHT,
    ORIGIN,
    POOL_GAP,
    ROW_GAP,
    SUBPROCESS_PAD,
    SUBPROCESS_TOP,
    TASK_SIZE,
    Box,
    DataBox,
    LaneBand,
    Layout,
    NodeBox,
    Route,
    shape_of,
    size_of,
)

__all__ = [
    "CONTENT_MARGIN", "DATA_GAP", "DATA_SIZE", "DATA_SLOT", "EVENT_SIZE", "GATEWAY_SIZE",
    "LABEL_GAP", "LABEL_STRIP", "LANE_PAD", "LAYER_GAP", "MIN_LANE_HEIGHT", "ORIGIN",
    "POOL_GAP", "ROW_GAP", "SUBPROCESS_PAD", "SUBPROCESS_TOP", "TASK_SIZE",
    "Box", "DataBox", "LaneBand", "Layout", "NodeBox", "Route",
    "kept_layout", "layout_process", "route_crosses_shape", "shape_of", "size_of",
]
