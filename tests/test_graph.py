"""The one search and the one dominator computation (bpmodel.graph), checked against
networkx on any graph."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from bpmodel.graph import depth_first, immediate_dominators, reachable, strong_components

GRAPHS = st.integers(1, 25).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                         max_size=3 * n)))


def _lists(n: int, edges: list[tuple[int, int]]) -> list[list[int]]:
    successors: list[list[int]] = [[] for _ in range(n)]
    for a, b in edges:
        successors[a].append(b)
    return successors


def _digraph(n: int, edges) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_nodes_from(range(n))
    graph.add_edges_from(edges)
    return graph


@settings(max_examples=80, deadline=None)
@given(GRAPHS, st.booleans())
def test_the_search_reaches_what_networkx_reaches_and_its_back_edges_close_every_cycle(
        graph, last_first):
    n, edges = graph
    successors = _lists(n, edges)
    found = depth_first(successors, [0], last_first=last_first)
    reached = {0} | nx.descendants(_digraph(n, edges), 0)
    assert [v for v in range(n) if found.reached[v]] == sorted(reached)
    assert sorted(found.post_order) == sorted(reached)
    back = set(found.back)
    forward = [(a, b) for a, b in edges if a in reached and (a, b) not in back]
    assert nx.is_directed_acyclic_graph(_digraph(n, forward))
    position = {v: i for i, v in enumerate(found.post_order)}
    assert all(position[a] > position[b] for a, b in forward)  # each after what it leads to
    assert all(position[a] <= position[b] for a, b in back)    # back: to a node on the path


@settings(max_examples=60, deadline=None)
@given(GRAPHS)
def test_everywhere_covers_every_node_and_still_tells_what_the_roots_reach(graph):
    n, edges = graph
    successors = _lists(n, edges)
    found = depth_first(successors, [0], everywhere=True)
    assert sorted(found.post_order) == list(range(n))
    assert found.reached == reachable(successors, [0])
    assert nx.is_directed_acyclic_graph(_digraph(n, set(edges) - set(found.back)))


@settings(max_examples=60, deadline=None)
@given(GRAPHS)
def test_edge_numbered_search_flags_the_same_back_edges(graph):
    n, edges = graph
    out: list[list[int]] = [[] for _ in range(n)]
    for e, (a, _) in enumerate(edges):
        out[a].append(e)
    by_edge = depth_first(out, [0], target=[b for _, b in edges])
    by_node = depth_first(_lists(n, edges), [0])
    flags = by_edge.back_flags(len(edges))
    assert sorted((a, b) for (a, b), flag in zip(edges, flags, strict=True) if flag) \
        == sorted(by_node.back)
    assert by_edge.post_order == by_node.post_order


@settings(max_examples=80, deadline=None)
@given(GRAPHS)
def test_immediate_dominators_agree_with_networkx(graph):
    n, edges = graph
    tree = immediate_dominators(_lists(n, edges), 0)
    expected = nx.immediate_dominators(_digraph(n, edges), 0)
    assert {v: tree.idom[v] for v in range(n) if tree.idom[v] != -1 and v != 0} \
        == {v: d for v, d in expected.items() if v != 0}
    for a in range(n):
        for b in range(n):
            common = tree.common(a, b)
            if common is None:
                assert a not in expected or b not in expected
            else:  # dominates both, and none of its children in the tree does
                assert _dominates(tree.idom, common, a) and _dominates(tree.idom, common, b)
                assert not any(_dominates(tree.idom, c, a) and _dominates(tree.idom, c, b)
                               for c in range(n) if tree.idom[c] == common and c != common)


def _dominates(idom: list[int], d: int, v: int) -> bool:
    while v != d:
        if idom[v] == v:
            return False
        v = idom[v]
    return True


@settings(max_examples=80, deadline=None)
@given(GRAPHS)
def test_strong_components_agree_with_networkx_in_a_topological_order(graph):
    n, edges = graph
    found = strong_components(_lists(n, edges))
    expected = {frozenset(c) for c in nx.strongly_connected_components(_digraph(n, edges))}
    assert {frozenset(c) for c in found} == expected
    assert all(c == sorted(c) for c in found)
    position = {v: i for i, c in enumerate(found) for v in c}
    assert all(position[a] <= position[b] for a, b in edges)
