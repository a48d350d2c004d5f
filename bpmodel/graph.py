"""The networkx view of a Process: a MultiDiGraph, so that parallel flows survive.

The Process stays the source of truth; the graph is derived from it and carries
each Step as the node attribute ``step`` and each Flow as the edge attribute ``flow``.

>>> from bpmodel.model import Flow, Process, Step
>>> p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B")),
...             flows=(Flow("a", "b"), Flow("a", "b", condition="again")))
>>> g = to_graph(p)
>>> g.number_of_edges("a", "b")
2
"""

from __future__ import annotations

import networkx as nx

from .model import Process


def to_graph(process: Process) -> nx.MultiDiGraph:
    """A MultiDiGraph with one node per step and one edge per flow."""
    graph = nx.MultiDiGraph(id=process.id, name=process.name)
    for step in process.steps:
        graph.add_node(step.id, step=step)
    for index, flow in enumerate(process.flows):
        graph.add_edge(flow.source, flow.target, key=flow.id or index, flow=flow)
    return graph
