"""Handoffs: flows where the case passes from one actor (or agency) to another.

Gateways, events and steps without an actor are see-through: a flow out of one is
a handoff from each actor whose steps lead into it, so ``clerk -> xor -> head``
is one handoff from clerk to head. A flow is counted once per distinct actor it
hands over from. For agencies, only actors with an agency count; a step of an
actor without an agency (the applicant, a bank) is not an agency.

The sets of actors that reach each see-through step are found by a work-list that
only ever grows them, so the count is linear in the number of flows times the
number of actors.

>>> from bpmodel.model import Actor, Flow, Process, Step
>>> p = Process("p", "P",
...     actors=(Actor("clerk", "Clerk", agency="Office"), Actor("head", "Head", agency="Office"),
...             Actor("bpn", "Land office", agency="BPN")),
...     steps=(Step("a", "A", actor="clerk"), Step("g", "G", "gateway", "and"),
...            Step("b", "B", actor="head"), Step("c", "C", actor="bpn")),
...     flows=(Flow("a", "g"), Flow("g", "b"), Flow("g", "c")))
>>> count_handoffs(p)
(2, 1)
"""

from __future__ import annotations

from collections import deque

from ..model import Process
from .flowgraph import FlowGraph, Links


def _reaching(owners: list[str | None], see_through: list[bool],
              links: Links) -> dict[int, set[str]]:
    """For each see-through step, the owners whose steps lead into it through see-through
    steps only (a work-list that only ever grows the sets)."""
    reaching: dict[int, set[str]] = {v: set() for v, clear in enumerate(see_through) if clear}
    queue = deque(reaching)
    while queue:
        current = queue.popleft()
        known = reaching[current]
        before = len(known)
        for u in links.before(current):
            if see_through[u]:
                known |= reaching[u]
            elif owners[u] is not None:
                known.add(owners[u])
        if len(known) != before:
            queue.extend(w for w in links.after(current)
                         if see_through[w] and known - reaching[w])
    return reaching


def count_handoffs(process: Process, links: Links | None = None) -> tuple[int, int]:
    """``(handoffs, agency_handoffs)``: flows where the actor, or the agency, changes."""
    links = links if links is not None else Links.of(process)
    actors = links.actors
    see_through = [a is None for a in actors]
    agency_of = {a.id: a.agency for a in process.actors}
    reaching = _reaching(actors, see_through, links) if any(see_through) else {}
    # the agencies reaching a see-through step are those of the actors reaching it
    agencies_reaching: dict[int, set[str]] = {}
    handoffs = agency_handoffs = 0
    n = links.n
    for u, w in zip(links.src, links.dst, strict=True):
        if u >= n:
            continue  # from the start, or a virtual gateway (counted from the step before it)
        for receiver_step in (w,) if w < n else links.after(w) if w >= n + 2 else ():
            receiver = actors[receiver_step]
            if receiver is None:
                continue
            agency = agency_of.get(receiver)
            if see_through[u]:
                senders = reaching[u]
                handoffs += len(senders) - (receiver in senders)
                if agency is not None:
                    if u not in agencies_reaching:
                        agencies_reaching[u] = {g for a in senders
                                                if (g := agency_of.get(a)) is not None}
                    sent = agencies_reaching[u]
                    agency_handoffs += len(sent) - (agency in sent)
            elif actors[u] != receiver:
                handoffs += 1
                sender = agency_of.get(actors[u])
                if agency is not None and sender is not None and sender != agency:
                    agency_handoffs += 1
    return handoffs, agency_handoffs


def graph_handoffs(process: Process, graph: FlowGraph) -> tuple[int, int]:
    """:func:`count_handoffs` of ``process`` on its flow graph, counted once for all the
    graphs of one frame (the same flows, actors and actor of each step: see
    :func:`~bpmodel.analysis.flowgraph.same_frame`), such as the simplify engine's
    variants that moved a step online.

    >>> import bpmodel
    >>> process = bpmodel.load_process(bpmodel.default_process_path())
    >>> graph_handoffs(process, FlowGraph.of(process)) == count_handoffs(process)
    True
    """
    frame = graph.frame
    if frame.handoffs is None:
        frame.handoffs = count_handoffs(process, graph)
    return frame.handoffs
