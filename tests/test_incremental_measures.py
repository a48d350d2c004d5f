"""What a variant's measures take over from its original's (issue 19: one round's
``measure`` in proportion to its change): every piece taken over or updated around the
changed steps equals a fresh computation, on the catalogue, on the spec examples and on
generated processes, after series merges (compose-steps) and channel changes
(reduce-visits)."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_series_merge import _merged, _series_pairs, graphs

import bpmodel
from bpmodel.analysis.errors import AnalysisError
from bpmodel.analysis.flowgraph import FlowGraph
from bpmodel.analysis.handoffs import count_handoffs, graph_handoffs
from bpmodel.analysis.measures import _sizes, graph_sizes, measure
from bpmodel.analysis.paths import Timing, rejected_nodes
from bpmodel.model import Actor, Process

from conftest import EXAMPLES, ROOT

sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate_process  # noqa: E402

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _inputs() -> list[tuple[str, Process]]:
    found = [("generated-120", generate_process(120, seed=3)),
             ("generated-jumps", generate_process(150, seed=2, jumps=0.5))]
    paths = [*sorted((ROOT / "processes").glob("*.yaml"))[:4],
             *sorted(EXAMPLES.glob("*.yaml"))[:6]]
    for path in paths:
        try:
            process = bpmodel.load_process(path)
            measure(process)
        except Exception:  # noqa: BLE001 - examples of errors are not inputs here
            continue
        found.append((path.name, process))
    return found


INPUTS = _inputs()


def _fresh_graph(process: Process) -> FlowGraph:
    return FlowGraph.of(process, share=False)


def _check_merged_graph(original: Process, variant: Process) -> None:
    """The frame a series merge carries over (handoffs, counts) is the fresh one."""
    base = FlowGraph.of(original)  # kept alive: recent graphs are taken over while they live
    graph_handoffs(original, base)
    graph_sizes(original, base)
    try:
        merged = FlowGraph.of(variant)
    except AnalysisError:
        return
    assert graph_handoffs(variant, merged) == count_handoffs(variant)
    assert graph_sizes(variant, merged) == _sizes(variant)
    assert rejected_nodes(merged) == rejected_nodes(_fresh_graph(variant))


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_a_series_merge_carries_over_handoffs_and_counts(name, process):
    pairs = [(a, b) for a, b in _series_pairs(process) if b is not process.steps[0]]
    for first, second in pairs[:6]:
        _check_merged_graph(process, _merged(process, first, second))
        # as compose-steps merges them: two steps of one actor
        alike = replace(second, actor=first.actor)
        original = process.evolve(steps=tuple(alike if s is second else s
                                              for s in process.steps))
        _check_merged_graph(original, _merged(original, first, alike))


@SETTINGS
@given(graphs(), st.data())
def test_a_series_merge_carries_over_handoffs_and_counts_on_random_graphs(process, data):
    # the tasks are done by several actors of two agencies, some by nobody
    actors = (Actor("clerk", "Clerk", agency="Office"), Actor("head", "Head", agency="Office"),
              Actor("bpn", "Land", agency="BPN"))
    steps = tuple(replace(s, actor=data.draw(st.sampled_from([None, "clerk", "head", "bpn"])))
                  if s.is_task else s for s in process.steps)
    process = process.evolve(steps=steps, actors=actors)
    try:
        FlowGraph.of(process)
    except AnalysisError:
        return
    for first, second in _series_pairs(process):
        if second is process.steps[0]:
            continue
        merged_actor = data.draw(st.sampled_from([first.actor, second.actor]))
        variant = _merged(process, replace(first, actor=merged_actor), second)
        _check_merged_graph(process, variant)


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_procedure_flags_taken_over_are_the_fresh_ones(name, process):
    """A variant of the same frame takes over its original's procedure flags when its
    steps have a channel where the original's have one; else it works them out."""
    from bpmodel.analysis.convention import Clock

    clock = Clock.of(process.calendar)
    base = Timing(process, clock)  # kept alive: recent timings are taken over while they live
    channels = {None: "visit", "visit": None, "online": "visit", "phone": None}
    for every in (1, 2, 5):
        tasks = [i for i, s in enumerate(process.steps) if s.is_task][::every]
        steps = list(process.steps)
        for i in tasks:
            steps[i] = replace(steps[i], contact=channels[steps[i].contact])
        variant = process.evolve(steps=tuple(steps))
        try:
            shared = Timing(variant, clock)
        except AnalysisError:
            continue
        assert shared.procedure == Timing(variant, clock, share=False).procedure
    assert base.procedure == Timing(process, clock, share=False).procedure
