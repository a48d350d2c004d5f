"""Layers and rows of one container (the process, or the inside of a sub-process)."""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass

from ..model import Process


@dataclass
class Grid:
    order: list[str]                                  # node ids in step order
    layer: dict[str, int]
    lane: dict[str, str | None]
    row: dict[str, int]                               # row inside its lane
    edges: list[tuple[int, str, str, bool, str]]      # (flow index, u, v, back, real source)
    lanes_rows: dict[str | None, int]


def layers_of(order: list[str], edges: list[tuple[int, str, str]], previous: dict[str, int],
            ) -> tuple[dict[str, int], set[int]]:
    """Longest-path layers after a depth-first search has marked the back edges."""
    succ: dict[str, list[tuple[int, str]]] = {n: [] for n in order}
    indeg = dict.fromkeys(order, 0)
    for index, u, v in edges:
        succ[u].append((index, v))
        indeg[v] += 1
    back: set[int] = set()
    state = dict.fromkeys(order, 0)   # 0 new, 1 on the stack, 2 done
    roots = [n for n in order if indeg[n] == 0] + order
    for root in roots:
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, iter(succ[root]))]
        while stack:
            node, it = stack[-1]
            for index, nxt in it:
                if state[nxt] == 1:
                    back.add(index)
                elif state[nxt] == 0:
                    state[nxt] = 1
                    stack.append((nxt, iter(succ[nxt])))
                    break
            else:
                state[node] = 2
                stack.pop()
    forward_in = dict.fromkeys(order, 0)
    for index, _, v in edges:
        if index not in back:
            forward_in[v] += 1
    layer = {n: previous.get(n, 0) for n in order}
    queue = deque(n for n in order if forward_in[n] == 0)
    while queue:
        node = queue.popleft()
        for index, nxt in succ[node]:
            if index in back:
                continue
            layer[nxt] = max(layer[nxt], layer[node] + 1)
            forward_in[nxt] -= 1
            if forward_in[nxt] == 0:
                queue.append(nxt)
    return layer, back


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
