"""Measures of a process: the figures that workshops compare and reform teams report."""

from __future__ import annotations

from ..model import Process


def count_measures(process: Process) -> dict[str, int]:
    """How many tasks, gateways, events, flows, actors, agencies, documents and systems.

    ``tasks`` leaves out sub-processes (counted in ``subprocesses``), ``flows`` counts
    sequence flows; ``lanes``, ``participants`` (pools) and ``message_flows`` are
    counted as in BPMN (see :func:`bpmn_counts`).

    >>> from bpmodel.model import Actor, Process, Step
    >>> p = Process("p", "P", steps=(Step("a", "Ask", actor="c"),),
    ...             actors=(Actor("c", "Clerk", agency="Office"),))
    >>> count_measures(p)["agencies"]
    1
    """
    return {
        "steps": len(process.steps),
        "gateways": len(process.gateways),
        "events": len(process.events),
        "actors": len(process.actors),
        "agencies": len(process.agencies),
        "documents": len(process.documents),
        "systems": len(process.systems),
        **bpmn_counts(process),
    }


def bpmn_counts(process: Process) -> dict[str, int]:
    """The element counts a BPMN tool would show for the process.

    Tasks and call activities (not sub-processes), sequence flows, lanes (every
    actor but those standing for a whole pool), participants (pools) and message flows.

    >>> from bpmodel.model import Flow, Step
    >>> p = Process("p", "P", steps=(Step("a", "A"), Step("s", "S", kind="subprocess")),
    ...             flows=(Flow("a", "s"),))
    >>> bpmn_counts(p)["tasks"], bpmn_counts(p)["subprocesses"]
    (1, 1)
    """
    return {
        "tasks": sum(1 for s in process.tasks if not s.is_subprocess),
        "subprocesses": sum(1 for s in process.tasks if s.is_subprocess),
        "flows": len(process.sequence_flows),
        "lanes": sum(1 for a in process.actors if a.is_lane),
        "participants": len(process.pools),
        "message_flows": len(process.message_flows),
    }
