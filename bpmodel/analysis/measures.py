"""Measures of a process: the figures that workshops compare and reform teams report."""

from __future__ import annotations

from ..model import Process


def count_measures(process: Process) -> dict[str, int]:
    """How many tasks, gateways, events, actors, agencies, documents and systems.

    >>> from bpmodel.model import Actor, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "Ask", actor="c"),),
    ...             actors=(Actor("c", "Clerk", agency="Office"),))
    >>> count_measures(p)["agencies"]
    1
    """
    return {
        "steps": len(process.steps),
        "tasks": len(process.tasks),
        "gateways": len(process.gateways),
        "events": len(process.events),
        "flows": len(process.flows),
        "actors": len(process.actors),
        "agencies": len(process.agencies),
        "documents": len(process.documents),
        "systems": len(process.systems),
    }
