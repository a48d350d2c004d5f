"""What the simplify engine's variants share with their original is what they would work
out afresh: a variant that changed only what steps do (channels, times, fees) has the
flow graph, block reduction, facts of order, structural checks and behaviour findings of
a fresh computation (issue 19: work per change in proportion to what it changed)."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_simplify_properties import processes

import bpmodel
from bpmodel.analysis.blocks import reduce_blocks
from bpmodel.analysis.components import same_graph, strong_components
from bpmodel.analysis.facts import Facts
from bpmodel.analysis.findings import FindingsOnDemand, find
from bpmodel.analysis.flowgraph import FlowGraph, Links, same_frame
from bpmodel.analysis.measures import measure
from bpmodel.model import Duration, Flow, Process, Step
from bpmodel.simplify.edit import EditError, remove_step
from bpmodel.simplify.guards import BEHAVIOUR_RULES, Guards, sound_structure
from bpmodel.validate import structural_diagnostics

from conftest import EXAMPLES, ROOT

sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate_process  # noqa: E402

from conftest import measurable  # noqa: E402

CHANNELS = {"visit": "online", "online": "phone", "phone": "visit", None: "online"}


def _inputs() -> list[tuple[str, Process]]:
    found = [("bundled", bpmodel.load_process(bpmodel.default_process_path())),
             ("generated-120", generate_process(120, seed=3)),
             ("generated-jumps", generate_process(150, seed=2, jumps=0.5))]
    return found + measurable(sorted(EXAMPLES.glob("*.yaml")))


INPUTS = _inputs()


def _what_steps_do(process: Process) -> Process:
    """The process with every task's channel, times and fee changed, its graph kept."""
    steps = tuple(replace(s, contact=CHANNELS.get(s.contact, "online"),
                          wait=Duration.of(s.wait.hours + 3.0),
                          work=Duration.of(s.work.hours * 2 + 0.5), fee=s.fee + 1000.0)
                  if s.is_task and not s.is_subprocess else s for s in process.steps)
    return process.evolve(steps=steps)


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_a_variant_of_one_frame_has_the_graph_and_reduction_of_a_fresh_build(name, process):
    variant = _what_steps_do(process)
    assert same_graph(process, variant) and same_frame(process, variant)
    base = FlowGraph.of(process)
    shared, fresh = FlowGraph.of(variant), FlowGraph.of(variant, share=False)
    assert shared.frame is base.frame and fresh.frame is not base.frame  # derived, not built
    for slot in (*Links.__slots__, *FlowGraph.__slots__):
        if slot not in ("frame", "__weakref__"):
            assert getattr(shared, slot) == getattr(fresh, slot), slot
    a = reduce_blocks(base)
    assert reduce_blocks(shared) is a  # shared by the frame
    b = reduce_blocks(fresh)
    for slot in a.__slots__:
        assert getattr(a, slot, None) == getattr(b, slot, None), slot


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_facts_of_a_variant_with_the_same_graph_are_the_fresh_ones(name, process):
    variant = _what_steps_do(process)
    before = Facts(process)
    for prop in Facts._STRUCTURAL:
        getattr(before, prop)
    shared, fresh = Facts(variant), Facts(variant, share=False)
    assert all(prop in shared.__dict__ for prop in Facts._STRUCTURAL)
    for prop in Facts._STRUCTURAL:
        assert getattr(shared, prop) == getattr(fresh, prop), prop
    assert strong_components(variant) == strong_components(process)


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_guards_answer_for_a_variant_of_the_same_graph_what_they_would_work_out(name, process):
    variant = _what_steps_do(process)
    guards = Guards(process, "bold")
    assert guards.structure_problems(variant) == [
        d.message for d in structural_diagnostics(variant)]
    assert guards.behaviour_problems(variant, FindingsOnDemand(variant)) == [
        f.message for f in find(variant, select=BEHAVIOUR_RULES)]


def test_a_deadlock_of_the_original_is_found_in_its_variants_too():
    """The behaviour rules are skipped only when the original has no finding."""
    steps = (Step("a", "A"), Step("x", "Choose", "gateway", "xor"), Step("b", "B"),
             Step("c", "C"), Step("j", "Join", "gateway", "and"), Step("d", "D"))
    flows = (Flow("a", "x"), Flow("x", "b", 0.5), Flow("x", "c", 0.5), Flow("b", "j"),
             Flow("c", "j"), Flow("j", "d"))
    process = Process("p", "P", steps=steps, flows=flows)
    variant = process.evolve(steps=(replace(steps[0], contact="online"), *steps[1:]))
    guards = Guards(process, "bold")
    problems = guards.behaviour_problems(variant, FindingsOnDemand(variant))
    assert problems and problems == [f.message for f in find(variant, select=["deadlock"])]


def test_what_changes_the_frame():
    process = bpmodel.load_process(bpmodel.default_process_path())
    task = next(s for s in process.steps if s.is_task and s.actor)
    others = tuple(s for s in process.steps if s is not task)

    def with_task(**changes) -> Process:
        return process.evolve(steps=tuple(replace(s, **changes) if s is task else s
                                          for s in process.steps))

    assert same_frame(process, with_task(contact="online", name="Renamed"))
    assert same_graph(process, with_task(actor="someone-else"))
    assert not same_frame(process, with_task(actor="someone-else"))
    assert not same_graph(process, with_task(parent=others[0].id))
    assert not same_graph(process, process.evolve(flows=process.flows[:-1]))
    assert not same_graph(process, process.evolve(steps=others))


def _reference_violations(original: Process, variant: Process, level: str) -> list[str]:
    """What the guards say of ``variant`` worked out in full, nothing taken over from the
    original (the checks of :meth:`Guards.violations`, one after the other)."""
    from bpmodel.simplify.guards import keep_problems, rule_problems, stage_problems

    guards = Guards(original, level)
    problems = [p for s in original.steps if s.keep
                for p in keep_problems(s, original, variant)]
    problems += guards.presence_problems(variant)
    problems += stage_problems(original, variant)
    if level == "safe":
        problems += rule_problems(original, variant)
    problems += guards.order_problems(variant)
    problems += [d.message for d in structural_diagnostics(variant)]
    if not problems:
        problems += [f.message for f in find(variant, select=BEHAVIOUR_RULES)]
    return problems


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data(), st.sampled_from(["safe", "bold"]))
def test_guards_taking_over_from_the_original_say_what_a_full_check_says(data, level):
    original = data.draw(processes())
    tasks = [i for i, s in enumerate(original.steps) if s.is_task]
    changed = data.draw(st.lists(st.sampled_from(tasks), unique=True, max_size=4)) \
        if tasks else []
    steps = list(original.steps)
    for i in changed:
        step = steps[i]
        steps[i] = replace(step, contact=data.draw(st.sampled_from([None, "visit", "online"])),
                           work=Duration.of(data.draw(st.sampled_from([0.5, 4.0]))),
                           needs=step.needs[:data.draw(st.integers(0, len(step.needs)))])
    variant = original.evolve(steps=tuple(steps))
    if changed and data.draw(st.booleans()):  # a change to the graph too: nothing taken over
        with contextlib.suppress(EditError):
            variant = remove_step(variant, original.steps[changed[0]].id)
    assert Guards(original, level).violations(variant) == _reference_violations(
        original, variant, level)


def _mutations(process: Process):
    """The process and broken versions of it: a flow left out, a step with no way on."""
    yield process
    flows = process.flows
    for k in range(0, len(flows), max(1, len(flows) // 6)):
        yield process.evolve(flows=flows[:k] + flows[k + 1:])
    if process.steps:
        last = process.steps[-1].id
        yield process.evolve(flows=(*flows, Flow(last, last)))
    gateway = next((s for s in process.steps if s.is_gateway), None)
    if gateway is not None:
        yield process.evolve(flows=tuple(f for f in flows if f.source != gateway.id))


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_sound_structure_says_what_the_structural_diagnostics_say(name, process):
    for candidate in _mutations(process):
        assert sound_structure(candidate) == (structural_diagnostics(candidate) == [])


def _timings_agree(shared, fresh) -> None:
    """Everything the measures read of a timing is what a fresh computation gives."""
    for name in ("time", "rejected", "worst", "best_tail", "procedure", "expectation",
                 "critical_path", "longest_path", "best"):
        assert getattr(shared, name) == getattr(fresh, name), name
    assert shared.bottlenecks(5) == fresh.bottlenecks(5)


def _moved_online(process: Process, every: int) -> Process:
    """Every ``every``-th task that has a channel moved to another one, times kept."""
    tasks = [s for s in process.steps if s.is_task and not s.is_subprocess]
    chosen = {id(s) for s in tasks[::every]}
    return process.evolve(steps=tuple(
        replace(s, contact=CHANNELS.get(s.contact, "online")) if id(s) in chosen else s
        for s in process.steps))


@pytest.mark.parametrize("convention", [None, "doing-business"])
@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_a_timing_taken_over_from_the_original_is_the_fresh_one(name, process, convention):
    """A variant with the original's structure and times takes over its passes and its
    expected time and runs, and combines the counts again only above the changed steps
    (issue 19); whatever it takes over, it equals a timing worked out afresh."""
    from bpmodel.analysis.convention import Clock
    from bpmodel.analysis.paths import Timing

    clock = Clock.of(process.calendar, convention)
    base = Timing(process, clock)  # kept alive: recent timings are taken over while they live
    for variant in (_moved_online(process, 1), _moved_online(process, 3), process.evolve()):
        shared = Timing(variant, clock)
        # taken over, not worked out again (under Doing Business a channel sets the time
        # and whether a branch starts a day later: then it is worked out)
        assert shared.worst is base.worst or convention
        _timings_agree(shared, Timing(variant, clock, share=False))
    changed_times = Timing(_what_steps_do(process), clock)
    assert changed_times.worst is not base.worst
    _timings_agree(changed_times, Timing(_what_steps_do(process), clock, share=False))
    # a chain of variants, each taking over from the one before, as the engine's rounds do
    current, before, alive = process, base, []
    for every in (5, 4, 3, 2):
        alive.append(current)  # the engine's current process lives while it is varied
        current = _moved_online(current, every)
        shared = Timing(current, clock)
        assert shared.worst is before.worst or convention
        _timings_agree(shared, Timing(current, clock, share=False))
        before = shared


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_measures_taken_over_step_by_step_are_the_fresh_ones(data):
    """On generated processes, channels changed one step at a time (what reduce-visits
    does): the timing of every variant, taken over from the one before, equals a fresh
    one (exact equality), and so do the measures read from it."""
    from bpmodel.analysis.convention import Clock
    from bpmodel.analysis.errors import AnalysisError
    from bpmodel.analysis.paths import Timing

    current = data.draw(processes())
    try:
        measure(current)
    except AnalysisError:
        return
    clock = Clock.of(current.calendar)
    tasks = [i for i, s in enumerate(current.steps) if s.is_task and not s.is_subprocess]
    before, alive = Timing(current, clock), []
    for _ in range(data.draw(st.integers(1, 5)) if tasks else 0):
        i = data.draw(st.sampled_from(tasks))
        alive.append(current)
        steps = list(current.steps)
        steps[i] = replace(steps[i], contact=data.draw(
            st.sampled_from([None, "visit", "online", "phone"])))
        current = current.evolve(steps=tuple(steps))
        shared = Timing(current, clock)
        assert shared.worst is before.worst  # taken over from the one before
        _timings_agree(shared, Timing(current, clock, share=False))
        before = shared


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_handoffs_counted_once_for_a_frame_are_the_fresh_count(name, process):
    from bpmodel.analysis.handoffs import count_handoffs, graph_handoffs

    base = FlowGraph.of(process)  # kept alive: recent graphs are shared while they live
    graph_handoffs(process, base)
    for variant in (_what_steps_do(process), _moved_online(process, 2)):
        shared = FlowGraph.of(variant)
        assert shared.frame is base.frame and shared.frame.handoffs is not None
        assert graph_handoffs(variant, shared) == count_handoffs(variant)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_guards_of_the_next_round_take_over_only_what_reads_alike(data):
    """Guards made with the previous round's guards hold what fresh ones work out."""
    original = data.draw(processes())
    steps = list(original.steps)
    for i in data.draw(st.lists(st.integers(0, len(steps) - 1), max_size=3)):
        how = data.draw(st.sampled_from(["channel", "time", "name", "needs", "system"]))
        step = steps[i]
        steps[i] = (replace(step, contact="online") if how == "channel" else
                    replace(step, wait=Duration.of(step.wait.hours + 8.0)) if how == "time" else
                    replace(step, name="Sign the permit", action="sign") if how == "name" else
                    replace(step, needs=step.needs[:-1]) if how == "needs" else
                    replace(step, system="portal"))
    variant = original.evolve(steps=tuple(steps))
    earlier = Guards(original, "bold")
    taken, fresh = Guards(variant, "bold", earlier=earlier), Guards(variant, "bold")
    assert taken.already == fresh.already
    assert taken.inside_needs == fresh.inside_needs and taken.made_inside == fresh.made_inside
    assert taken.order.pairs() == fresh.order.pairs()
