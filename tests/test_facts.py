"""What the rules share: dominators, reachability, loops and alternatives."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bpmodel
from bpmodel.analysis.facts import Facts
from bpmodel.model import Flow, Process, Step

from conftest import CORPUS, EXAMPLES


def _networkx_dominators(facts: Facts) -> dict[str, str]:
    graph = nx.DiGraph()
    root = "__root__"
    graph.add_node(root)
    graph.add_nodes_from(s.id for s in facts.process.steps)
    graph.add_edges_from((f.source, f.target) for f in facts.process.flows)
    graph.add_edges_from((root, e) for e in facts.entries)
    idom = nx.immediate_dominators(graph, root)
    return {n: d for n, d in idom.items() if n != root and d != root and n != d}


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml"))
                         + sorted(CORPUS.glob("miwg/*.bpmn"))[:12], ids=lambda p: p.name)
def test_dominators_agree_with_networkx(path):
    facts = Facts(bpmodel.load_process(path))
    assert facts.dominators == _networkx_dominators(facts)


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 30).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                         max_size=3 * n))))
def test_dominators_agree_with_networkx_on_any_graph(graph):
    n, edges = graph
    steps = tuple(Step(f"s{i}", f"S{i}") for i in range(n))
    flows = tuple(Flow(f"s{a}", f"s{b}") for a, b in edges)
    facts = Facts(Process("p", "P", steps=steps, flows=flows))
    assert facts.dominators == _networkx_dominators(facts)


def test_building_approval_facts():
    facts = Facts(bpmodel.load_process(EXAMPLES / "building-approval.yaml"))
    assert facts.back_flows == {("resubmit", "check")}
    assert facts.common_dominator("verify_land_tech", "env_review") == "reviews"
    assert facts.splits("reviews") == "and" and facts.splits("complete") == "xor"
    assert not facts.exclusive("verify_land", "verify_land_tech")
    assert facts.exclusive("notify_missing", "verify_land") is False  # the loop comes back
    assert facts.reached == {s.id for s in facts.process.steps}


def test_alternatives_are_exclusive():
    steps = (Step("a", "A"), Step("x", "X", "gateway", "xor"), Step("b", "B"), Step("c", "C"),
             Step("m", "M", "gateway", "xor"), Step("d", "D"))
    flows = (Flow("a", "x"), Flow("x", "b", 0.5), Flow("x", "c", 0.5), Flow("b", "m"),
             Flow("c", "m"), Flow("m", "d"))
    facts = Facts(Process("p", "P", steps=steps, flows=flows))
    assert facts.exclusive("b", "c")
    assert not facts.exclusive("b", "d")
