"""Documents asked of the applicant, and how often one already handed over is asked again.

A *request* is a document in the ``needs`` of a step the applicant takes part in
(their own step, or a step with a contact), unless the administration itself
produces that document in the process (a decree the applicant collects is not
asked of them). A request is *repeated* when the same document was already asked
in an earlier step on the way to this one (loops not repeated: the rework flows
that close a loop are set aside, so a resubmission asks again what the first
submission handed over). Requests in exclusive branches do not repeat each other.

The documents already handed over are carried forward along the flows in
topological order, so this is linear in the number of steps and flows times the
number of documents.

>>> import bpmodel
>>> count_requests(bpmodel.load_process(bpmodel.default_process_path()))
(7, 2)
"""

from __future__ import annotations

from ..model import Process
from .flowgraph import FlowGraph, Links
from .roles import applicant_kinds


def requested_documents(process: Process, links: Links | None = None,
                        kinds: list[str | None] | None = None) -> dict[str, tuple[str, ...]]:
    """For each step that asks documents of the applicant, the ids of those documents
    (``kinds``: :func:`~bpmodel.analysis.roles.applicant_kinds`, when already known)."""
    links = links if links is not None else Links.of(process)
    kinds = kinds if kinds is not None else applicant_kinds(process, links)
    produced_inside = {d for made, kind in zip(links.produces, kinds, strict=True)
                       if kind is None for d in made}
    out = {}
    for step_id, needs, kind in zip(links.ids, links.needs, kinds, strict=True):
        if kind is not None and needs:
            asked = tuple(d for d in dict.fromkeys(needs) if d not in produced_inside)
            if asked:
                out[step_id] = asked
    return out


# the last counts made: (frame, needs, produces, kinds, counts)
_RECENT: list[tuple] = []
_KEPT = 2


def count_requests(process: Process, graph: FlowGraph | None = None,
                   kinds: list[str | None] | None = None) -> tuple[int, int]:
    """``(documents_requested, repeated_requests)`` over the steps reached from the start.

    They read the graph's structure (its frame, see
    :func:`~bpmodel.analysis.flowgraph.same_frame`) and each step's documents and
    applicant kind: a graph of a recent count's frame whose steps need, produce and
    involve the applicant alike (a visit moved online) has its counts.
    """
    g = graph if graph is not None else FlowGraph.of(process)
    kinds = kinds if kinds is not None else applicant_kinds(process, g)
    origin = g.origin
    earlier = origin.earlier() if origin is not None else None
    for frame, needs, produces, known_kinds, counts in reversed(_RECENT):
        if frame is g.frame and kinds == known_kinds and g.needs == needs \
                and g.produces == produces:
            return counts
        if earlier is not None and frame is earlier.frame and _merged_alike(
                origin, g, kinds, needs, produces, known_kinds):
            break
    else:
        counts = _count_requests(process, g, kinds)
    _RECENT[:] = [*_RECENT[-(_KEPT - 1):], (g.frame, g.needs, g.produces, kinds, counts)]
    return counts


def _merged_alike(origin, g: FlowGraph, kinds: list[str | None], needs: list, produces: list,
                  known_kinds: list[str | None]) -> bool:
    """Whether a series merge (``g``, from ``origin``) asks what the counted graph it was
    made from asks: every other step needs, produces and involves the applicant alike,
    and the two steps and the merged one do not involve the applicant (they ask nothing
    and only pass on what was handed over) and the merged one produces what the two
    did (the documents the administration makes are the same)."""
    first, gone = origin.first, origin.gone
    if kinds[first] is not None or known_kinds[first] is not None \
            or known_kinds[gone] is not None:
        return False
    for new, old in ((kinds, known_kinds), (g.needs, needs), (g.produces, produces)):
        if new[:first] != old[:first] or new[first + 1:] != old[gone + 1:]:
            return False
    return set(g.produces[first]) == {*produces[first], *produces[gone]}


def _count_requests(process: Process, g: FlowGraph,
                    kinds: list[str | None]) -> tuple[int, int]:
    asked = requested_documents(process, g, kinds)
    here_by_node = {g.index[step_id]: docs for step_id, docs in asked.items()}
    empty: frozenset[str] = frozenset()
    handed: list[frozenset[str] | None] = [None] * g.size
    src, back = g.src, g.back
    requested = repeated = 0
    for v in g.order:
        before = empty
        for e in g.inc[v]:
            upstream = handed[src[e]]
            if upstream is None or back[e]:
                continue
            if not before:
                before = upstream
            elif upstream is not before:
                before = before | upstream
        here = here_by_node.get(v)
        if here:
            requested += len(here)
            repeated += sum(d in before for d in here)
            before = before | frozenset(here)
        handed[v] = before
    return requested, repeated
