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


def _count(process: Process, owners: list[str | None], see_through: list[bool],
           links: list[tuple[int, int]], into: list[list[int]], out_of: list[list[int]]) -> int:
    reaching: dict[int, set[str]] = {v: set() for v, clear in enumerate(see_through) if clear}

    def sent_by(v: int) -> set[str]:
        if see_through[v]:
            return reaching[v]
        return {owners[v]} if owners[v] is not None else set()

    queue = deque(reaching)
    while queue:
        current = queue.popleft()
        known = reaching[current]
        before = len(known)
        for u in into[current]:
            known |= sent_by(u)
        if len(known) != before:
            queue.extend(w for w in out_of[current] if see_through[w] and known - reaching[w])
    total = 0
    for u, w in links:
        receiver = owners[w]
        if receiver is not None and not see_through[w]:
            total += len(sent_by(u) - {receiver})
    return total


def count_handoffs(process: Process) -> tuple[int, int]:
    """``(handoffs, agency_handoffs)``: flows where the actor, or the agency, changes."""
    index = {s.id: i for i, s in enumerate(process.steps)}
    links = [(index[f.source], index[f.target]) for f in process.flows
             if f.source in index and f.target in index]
    into: list[list[int]] = [[] for _ in process.steps]
    out_of: list[list[int]] = [[] for _ in process.steps]
    for u, w in links:
        into[w].append(u)
        out_of[u].append(w)
    see_through = [s.actor is None for s in process.steps]
    actors = [s.actor for s in process.steps]
    agencies = [a.agency if (a := process.actor(s.actor)) is not None else None
                for s in process.steps]
    return (_count(process, actors, see_through, links, into, out_of),
            _count(process, agencies, see_through, links, into, out_of))
