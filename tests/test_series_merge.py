"""Two tasks in series made one (``components.series_merge``): the guards take the
original's structural checks and behaviour findings (none) for the variant instead of
working them out again (issue 19: a merge no longer costs a full check). These tests
check, on random graphs sound and unsound, that the graph alone says of such a variant
what it says of its original, and that nothing else is taken for such a merge."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_engine_sharing import _reference_violations
from test_order_facts import _listed_order_problems, _named_process

from bpmodel.analysis.components import series_merge
from bpmodel.analysis.findings import find
from bpmodel.model import BOUNDARY, Flow, Process, Step
from bpmodel.simplify.edit import EditError, merge_steps, remove_step
from bpmodel.simplify.guards import BEHAVIOUR_RULES, Guards
from bpmodel.validate import structural_diagnostics

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate_process  # noqa: E402

SETTINGS = settings(max_examples=80, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def graphs(draw) -> Process:
    """A random graph of tasks and gateways (often with deadlocks, unreachable steps or
    loops without a way out), with chains of tasks to merge."""
    count = draw(st.integers(3, 14))
    kinds = draw(st.lists(st.sampled_from(["task", "task", "task", "xor", "and", "or"]),
                          min_size=count, max_size=count))
    steps = tuple(Step(f"s{i}", f"Step {i}", actor="clerk") if kind == "task" else
                  Step(f"s{i}", f"Gateway {i}", "gateway", kind)
                  for i, kind in enumerate(kinds))
    if draw(st.booleans()):
        steps = (Step("start", "Start", "event", "start"), *steps)
    flows = [Flow(a.id, b.id) for a, b in zip(steps, steps[1:])]  # a chain to build on
    extra = draw(st.lists(st.tuples(st.integers(0, len(steps) - 1),
                                    st.integers(0, len(steps) - 1)), max_size=count))
    flows += [Flow(steps[i].id, steps[j].id) for i, j in extra if i != j]
    return Process("g", "G", steps=steps, flows=tuple(dict.fromkeys(flows)))


def _series_pairs(process: Process) -> list[tuple[Step, Step]]:
    """The pairs of tasks in series: the first flows only into the second, nothing else
    does."""
    pairs = []
    for first in process.steps:
        out = process.outgoing(first.id)
        if len(out) != 1 or not first.is_task or not process.has_step(out[0].target):
            continue
        second = process.step(out[0].target)
        if second.is_task and second.id != first.id and len(process.incoming(second.id)) == 1:
            pairs.append((first, second))
    return pairs


def _merged(process: Process, first: Step, second: Step) -> Process:
    return merge_steps(process, first.id, second.id,
                       replace(first, name=f"{first.name}; {second.name}"))


@SETTINGS
@given(graphs())
def test_the_graph_says_of_a_series_merge_what_it_says_of_the_original(process):
    behaviour = bool(find(process, select=BEHAVIOUR_RULES))
    structure = bool(structural_diagnostics(process))
    for first, second in _series_pairs(process):
        if second is process.steps[0]:
            continue  # the start would move: not a series merge
        variant = _merged(process, first, second)
        assert series_merge(process, variant) == (first.id, second.id)
        assert bool(structural_diagnostics(variant)) == structure
        if not structure:  # the rules read sound graphs
            assert bool(find(variant, select=BEHAVIOUR_RULES)) == behaviour


@SETTINGS
@given(graphs(), st.data())
def test_the_guards_on_a_series_merge_say_what_a_full_check_says(process, data):
    pairs = _series_pairs(process)
    if not pairs:
        return
    first, second = data.draw(st.sampled_from(pairs))
    variant = _merged(process, first, second)
    assert Guards(process, "bold").violations(variant) == _reference_violations(
        process, variant, "bold")


def test_a_merge_in_a_generated_process_is_recognised_and_checked_alike():
    for seed in range(4):
        process = generate_process(120, seed=seed, jumps=0.3)
        pairs = _series_pairs(process)
        assert pairs
        for first, second in pairs[:6]:
            variant = _merged(process, first, second)
            assert series_merge(process, variant) == (first.id, second.id)
            assert Guards(process, "bold").violations(variant) == _reference_violations(
                process, variant, "bold")


def test_other_edits_are_no_series_merge():
    steps = tuple(Step(i, i.upper(), actor="clerk") for i in "abcd")
    p = Process("p", "P", steps=steps, flows=tuple(Flow(x.id, y.id)
                                                   for x, y in zip(steps, steps[1:])))
    merged = _merged(p, steps[1], steps[2])
    assert series_merge(p, merged) == ("b", "c")
    assert series_merge(p, p) is None
    # taking c out of a chain leaves the graph a merge of b and c leaves
    assert series_merge(p, remove_step(p, "c")) == ("b", "c")
    fork = p.evolve(flows=(Flow("a", "b"), Flow("a", "c"), Flow("b", "d"), Flow("c", "d")))
    assert series_merge(fork, remove_step(fork, "b")) is None
    # a flow of the merged step's that the second step did not have
    assert series_merge(p, merged.evolve(flows=(*merged.flows, Flow("b", "a")))) is None
    # the second step's flows in another order, or one of them changed
    forked = p.evolve(flows=(*p.flows, Flow("c", "a", probability=0.5)))
    merged = _merged(forked, steps[1], steps[2])
    assert series_merge(forked, merged) == ("b", "c")
    turned = merged.evolve(flows=tuple(reversed(merged.flows)))
    assert series_merge(forked, turned) is None
    assert series_merge(forked, merged.evolve(flows=tuple(
        replace(f, probability=0.4) if f.probability else f for f in merged.flows))) is None
    # a step that changed kind, a gateway or a sub-process in the pair, the first step
    assert series_merge(p, merged.evolve(steps=(replace(merged.steps[0], type="gateway",
                                                        kind="xor"), *merged.steps[1:]))) is None
    gateway = p.evolve(steps=(*steps[:2], Step("c", "C", "gateway", "xor"), steps[3]))
    with contextlib.suppress(EditError):
        assert series_merge(gateway, _merged(gateway, steps[1], gateway.steps[2])) is None
    assert series_merge(p, _merged(p, steps[0], steps[1])) == ("a", "b")
    starts_with_b = p.evolve(steps=(steps[1], steps[0], *steps[2:]))
    assert series_merge(starts_with_b, _merged(starts_with_b, steps[0], steps[1])) is None
    # a boundary event on the second step would move to the merged one
    guarded = p.evolve(steps=(*steps, Step("t", "Timer", "event", "boundary")),
                       flows=(*p.flows, Flow("c", "t", 0.1, kind=BOUNDARY)))
    assert series_merge(guarded, _merged(guarded, steps[1], steps[2])) is None


@SETTINGS
@given(graphs())
def test_the_components_of_a_series_merge_are_those_of_a_fresh_search(process):
    from bpmodel.analysis.components import components_afresh, strong_components

    for first, second in _series_pairs(process):
        if second is process.steps[0]:
            continue
        strong_components(process)  # known: the merge's components are worked out from it
        variant = _merged(process, first, second)
        assert strong_components(variant) == components_afresh(variant)


def test_the_components_of_merges_one_after_another_are_those_of_a_fresh_search():
    from bpmodel.analysis.components import components_afresh, strong_components

    process = generate_process(300, seed=4, jumps=0.3)
    for _ in range(25):
        pairs = _series_pairs(process)
        strong_components(process)
        variant = _merged(process, *pairs[len(pairs) // 2])
        assert strong_components(variant) == components_afresh(variant)
        process = variant


GRAPH_SLOTS = ("n", "index", "ids", "types", "kinds", "parents", "subprocess", "actors",
               "contacts", "waits", "works", "fees", "needs", "produces", "src", "dst",
               "flows", "out", "inc", "ends", "source", "sink", "weight", "chance",
               "default", "join", "split", "back", "order", "reached", "looping")


def _same_graph_as_a_fresh_build(graph, process: Process) -> None:
    from bpmodel.analysis.flowgraph import FlowGraph

    fresh = FlowGraph.of(process, share=False)
    for name in GRAPH_SLOTS:
        assert getattr(graph, name) == getattr(fresh, name), name
    assert graph.steps is process.steps


def _compose_like(process: Process) -> tuple[Step, Step] | None:
    """The first pair of neighbouring tasks in series (as compose-steps finds them)."""
    steps = process.steps
    for first, second in _series_pairs(process):
        at = steps.index(first)
        if at + 1 < len(steps) and steps[at + 1] is second:
            return first, second
    return None


def test_the_flow_graph_of_merges_one_after_another_is_a_fresh_build(monkeypatch):
    from bpmodel.analysis.flowgraph import FlowGraph
    from bpmodel.simplify.edit import canonical

    made = []
    merged = FlowGraph._merged.__func__
    monkeypatch.setattr(FlowGraph, "_merged", classmethod(
        lambda cls, process: made.append(merged(cls, process)) or made[-1]))
    for seed, jumps in ((1, 0.0), (4, 0.3), (7, 0.8)):
        process = canonical(generate_process(400, seed=seed, jumps=jumps))
        for _ in range(20):
            pair = _compose_like(process)
            if pair is None:
                break
            earlier = FlowGraph.of(process)
            variant = canonical(_merged(process, *pair))
            _same_graph_as_a_fresh_build(FlowGraph.of(variant), variant)
            assert earlier.n == len(variant.steps) + 1
            process = variant
    assert sum(graph is not None for graph in made) >= 40


@SETTINGS
@given(graphs())
def test_the_flow_graph_of_a_series_merge_is_a_fresh_build(process):
    from bpmodel.analysis.errors import AnalysisError
    from bpmodel.analysis.flowgraph import FlowGraph
    from bpmodel.simplify.edit import canonical

    process = canonical(process)
    pair = _compose_like(process)
    if pair is None or pair[1] is process.steps[0]:
        return
    try:
        FlowGraph.of(process)
    except AnalysisError:
        return
    variant = canonical(_merged(process, *pair))
    _same_graph_as_a_fresh_build(FlowGraph.of(variant), variant)


@SETTINGS
@given(graphs())
def test_a_series_merge_of_a_measurable_process_can_be_measured(process):
    """What lets the ranking skip the path analysis of such a variant."""
    from bpmodel.analysis.convention import Clock
    from bpmodel.analysis.errors import AnalysisError
    from bpmodel.analysis.paths import Timing

    try:
        Timing(process, Clock.of(process.calendar, None), share=False)
    except AnalysisError:
        return
    for first, second in _series_pairs(process):
        if second is not process.steps[0]:
            variant = _merged(process, first, second)
            assert series_merge(process, variant) == (first.id, second.id)
            Timing(variant, Clock.of(variant.calendar, None), share=False)


def test_generated_series_merges_can_be_measured():
    from bpmodel.analysis.measures import measure

    for seed in range(6):
        process = generate_process(150, seed=seed, jumps=0.4)
        for first, second in _series_pairs(process)[::3]:
            measure(_merged(process, first, second))


@SETTINGS
@given(st.integers(8, 80), st.integers(0, 10_000), st.sampled_from([0.0, 0.4, 0.9]))
def test_a_series_merge_breaks_no_fact_of_order(size, seed, jumps):
    """What lets the guards skip the facts of order of such a variant: worked out from
    the listed pairs, none is broken (and the guards say the same in full)."""
    process = _named_process(size, seed, jumps)
    for first, second in _series_pairs(process)[:8]:
        variant = _merged(process, first, second)
        assert series_merge(process, variant) is not None
        assert _listed_order_problems(process, variant) == []
        assert Guards(process, "bold").violations(variant) == _reference_violations(
            process, variant, "bold")
