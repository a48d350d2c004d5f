"""Layers and rows of one container (the process, or the inside of a sub-process)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import defaultdict, deque
from dataclasses import dataclass, field

from .. import graph
from ..model import Process


@dataclass
class Grid:
    order: list[str]                                  # node ids in step order
    layer: dict[str, int]
    lane: dict[str, str | None]
    row: dict[str, int]                               # row inside its lane
    edges: list[tuple[int, str, str, bool, str]]      # (flow index, u, v, back, real source)
    lanes_rows: dict[str | None, int]
    handoffs: set[int] = field(default_factory=set)   # flows drawn straight down or up


def layers_of(order: list[str], edges: list[tuple[int, str, str]], previous: dict[str, int],
              handoffs: set[int] | frozenset[int] = frozenset(),
              lane: dict[str, str | None] | None = None,
              rank: dict[str | None, int] | None = None,
              ) -> tuple[dict[str, int], set[int], set[int]]:
    """Longest-path layers after a depth-first search has marked the back edges.

    Returns the layer of every node, the back flows, and the hand-overs drawn in one
    column. A flow in ``handoffs`` (a hand-over to another lane, drawn straight down or
    up) keeps its target in its source's layer when that line is clear: nothing else of
    the lanes it spans (its own two included, by ``rank``, each lane's place top to
    bottom) lies in that column. A node that would land on such a line moves one layer
    right. Nodes are placed in topological order, each once: linear but for the lines
    sharing one column.

    >>> edges = [(0, "a", "b"), (1, "b", "c"), (2, "c", "a")]
    >>> layers_of(["a", "b", "c"], edges, {})
    ({'a': 0, 'b': 1, 'c': 2}, {2}, set())
    >>> lane, rank = {"a": "x", "b": "y", "c": "x"}, {"x": 0, "y": 1}
    >>> layers_of(["a", "b", "c"], edges[:2], {}, {0, 1}, lane, rank)
    ({'a': 0, 'b': 0, 'c': 1}, set(), {0})
    """
    number = {n: i for i, n in enumerate(order)}
    successors: list[list[int]] = [[] for _ in order]   # edge positions leaving each node
    target: list[int] = []
    indeg = [0] * len(order)
    for position, (_, u, v) in enumerate(edges):
        successors[number[u]].append(position)
        target.append(number[v])
        indeg[number[v]] += 1
    roots = [i for i in range(len(order)) if indeg[i] == 0]
    search = graph.depth_first(successors, roots, target=target, everywhere=True)
    back = {edges[position][0] for _, position in search.back}
    preds: dict[str, list[tuple[int, str]]] = defaultdict(list)
    forward_in = dict.fromkeys(order, 0)
    for index, u, v in edges:
        if index not in back:
            forward_in[v] += 1
            preds[v].append((index, u))
    lane, rank = lane or {}, rank or {}
    occupied: dict[int, list[int]] = defaultdict(list)          # lane ranks in each layer
    lines: dict[int, list[tuple[int, int]]] = defaultdict(list)  # (top, bottom) rank spans
    straight: set[int] = set()

    def on_line(at: int, q: int) -> bool:
        return any(low <= q <= high for low, high in lines.get(at, ()))

    layer: dict[str, int] = {}
    queue = deque(n for n in order if forward_in[n] == 0)
    while queue:
        node = queue.popleft()
        q = rank.get(lane.get(node), -1)
        at = max([previous.get(node, 0)] + [layer[u] + 1 for index, u in preds[node]
                                            if index not in handoffs])
        via = max(((layer[u], -k, index, u) for k, (index, u) in enumerate(preds[node])
                   if index in handoffs), default=None)
        if via is not None and via[0] >= at:
            column, _, index, u = via
            low, high = sorted((rank[lane[u]], q))
            ranks = occupied[column]
            if bisect_right(ranks, high) - bisect_left(ranks, low) == 1 \
                    and not on_line(column, q):
                at = column
                lines[column].append((low, high))
                straight.add(index)
            else:
                at = column + 1
                via = None
        else:
            via = None
        while via is None and on_line(at, q):
            at += 1
        layer[node] = at
        insort(occupied[at], q)
        for position in successors[number[node]]:
            index, _, nxt = edges[position]
            if index in back:
                continue
            forward_in[nxt] -= 1
            if forward_in[nxt] == 0:
                queue.append(nxt)
    for n in order:                      # unreachable by forward flows: cannot happen
        layer.setdefault(n, previous.get(n, 0))
    return layer, back, straight


def spine_of(process: Process, order: list[str], edges, back: set[int]) -> set[str]:
    """The most likely path from the first start: the row that is drawn straight."""
    if not order:
        return set()
    out: dict[str, list] = defaultdict(list)
    for index, u, v, *_ in edges:
        if index not in back:
            out[u].append((index, v))
    inbound = {v for _, _, v, *_ in edges}
    start = next((n for n in order if n not in inbound), order[0])
    flows = process.flows
    spine, node = set(), start
    while node is not None and node not in spine:
        spine.add(node)
        choices = out.get(node)
        if not choices:
            break

        def weight(choice):
            index, _ = choice
            flow = flows[index] if 0 <= index < len(flows) else None
            p = flow.probability if flow and flow.probability is not None else -1.0
            return (-p, not (flow and flow.default))

        node = min(choices, key=weight)[1]
    return spine


def rows_of(order, layer, lane, edges, back, spine, prev_rows, lane_min_rows):
    """Rows inside each lane: barycentre of same-lane neighbours, the spine first."""
    preds: dict[str, list[str]] = defaultdict(list)
    succs: dict[str, list[str]] = defaultdict(list)
    for index, u, v, *_ in edges:
        if index in back or u == v:
            continue
        preds[v].append(u)
        succs[u].append(v)
    position = {n: i for i, n in enumerate(order)}
    groups: dict[tuple, list[str]] = defaultdict(list)
    for n in order:
        groups[(lane[n], layer[n])].append(n)
    layers = sorted({layer[n] for n in order})
    row: dict[str, int] = {}

    def place(nodes: list[str], neighbours) -> None:
        desired = {}
        for n in nodes:
            same = [row[m] for m in neighbours[n] if m in row and lane[m] == lane[n]]
            if n in prev_rows:
                desired[n] = prev_rows[n]
            elif same:
                desired[n] = sum(same) / len(same)
            else:
                desired[n] = row.get(n, 0)
        nodes = sorted(nodes, key=lambda n: (desired[n], n not in spine, position[n]))
        taken = -1
        for n in nodes:
            taken = max(int(round(desired[n])), taken + 1)
            row[n] = taken

    by_layer: dict[int, list[tuple]] = defaultdict(list)
    for key in groups:          # keys arrive in step order
        by_layer[key[1]].append(key)
    for sweep, neighbours in enumerate((preds, succs, preds)):
        sequence = layers if sweep != 1 else list(reversed(layers))
        for current in sequence:
            for key in by_layer[current]:
                place(groups[key], neighbours)
    counts: dict[str | None, int] = defaultdict(int)
    for n in order:
        counts[lane[n]] = max(counts[lane[n]], row[n] + 1)
    for key, minimum in lane_min_rows.items():
        counts[key] = max(counts[key], minimum)
    return row, dict(counts)


# ------------------------------------------------------------------------------------------
# the layout
