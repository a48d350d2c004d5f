"""What a variant's measures take over from its original's (issue 19: one round's
``measure`` in proportion to its change): every piece taken over or updated around the
changed steps equals a fresh computation, on the catalogue, on the spec examples and on
generated processes, after series merges (compose-steps) and channel changes
(reduce-visits)."""

from __future__ import annotations

import contextlib
import math
import sys
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_engine_sharing import CHANNELS, _timings_agree
from test_series_merge import _merged, _series_pairs, graphs
from test_simplify_properties import processes

from bpmodel.analysis.errors import AnalysisError
from bpmodel.analysis.flowgraph import FlowGraph
from bpmodel.analysis.handoffs import count_handoffs, graph_handoffs
from bpmodel.analysis.measures import _sizes, graph_sizes, measure
from bpmodel.analysis.paths import Timing, rejected_nodes, timing
from bpmodel.analysis.stepsums import (
    APPLICANT_COST,
    APPLICANT_HOURS,
    CONTACTS,
    FEES,
    OUT_OF_POCKET,
    STAFF_HOURS,
    UNKNOWN_FEES,
    UNPRICED,
    UNTIMED,
    VISITS,
    StepSums,
    exact_sum,
)
from bpmodel.model import Actor, Duration, Process, Step
from bpmodel.simplify.edit import merge_steps

from conftest import EXAMPLES, ROOT

sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate_process  # noqa: E402

from conftest import measurable  # noqa: E402

SETTINGS = settings(max_examples=40, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _inputs() -> list[tuple[str, Process]]:
    found = [("generated-120", generate_process(120, seed=3)),
             ("generated-jumps", generate_process(150, seed=2, jumps=0.5))]
    paths = [*sorted((ROOT / "processes").glob("*.yaml"))[:4],
             *sorted(EXAMPLES.glob("*.yaml"))[:6]]
    return found + measurable(paths)


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
def test_procedure_flags_and_leaves_taken_over_are_the_fresh_ones(name, process):
    """A variant of the same frame takes over its original's procedure flags when its
    steps have a channel where the original's have one, else it works them out; it takes
    over the counts of the steps that are the original's own (``Timing._leaves``)."""
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
        fresh = Timing(variant, clock, share=False)
        assert shared.procedure == fresh.procedure
        assert shared._leaves() == fresh._leaves()  # taken over where the frame is the same
        assert shared.expectation == fresh.expectation
    assert base.procedure == Timing(process, clock, share=False).procedure


# -- the per-step sums -------------------------------------------------------------------------

def _reference_sums(process: Process, runs) -> dict:
    """The measures' per-step sums written out plainly: every contribution listed, each
    total the correctly rounded sum of its contributions (math.fsum)."""
    from bpmodel.analysis.roles import applicant_kinds

    tariff, trip = process.tariff, process.visit_cost
    staff = {a.id for a in process.actors if a.kind == "staff"}
    overhead = process.visit_overhead.hours if process.visit_overhead else 0.0
    terms: dict[str, list[float]] = {k: [] for k in (
        "visits", "contacts", "fees", "applicant_hours", "applicant_cost", "staff_hours",
        "out_of_pocket")}
    unpriced = False
    untimed, fees = [], []
    for run, step, kind in zip(runs, process.steps, applicant_kinds(process), strict=True):
        if not run:
            continue
        terms["fees"].append(run * step.fee)
        terms["out_of_pocket"].append(run * step.cost)
        if not step.fee_known:
            fees.append(step.id)
        if not step.is_task:
            continue
        if not step.time_known:
            untimed.append(step.id)
        extra = 0.0
        if step.contact is not None:
            terms["contacts"].append(run)
        if step.contact == "visit":
            terms["visits"].append(run)
            extra = step.visit_overhead.hours if step.visit_overhead else overhead
            cost = step.visit_cost if step.visit_cost is not None else trip
            terms["out_of_pocket"].append(run * (cost or 0.0))
        hours = run * step.work.hours
        if kind is not None:
            spent = hours + run * extra
            terms["applicant_hours"].append(spent)
            rate = tariff.get(kind, tariff.get({"citizen": "business"}.get(kind, "citizen")))
            if spent and rate is None:
                unpriced = True
            elif spent:
                terms["applicant_cost"].append(spent * rate)
        if step.actor is None or step.actor in staff or process.actor(step.actor) is None:
            terms["staff_hours"].append(hours)
    out = {k: math.fsum(v) for k, v in terms.items()}
    out["unpriced"], out["untimed"], out["unknown_fees"] = unpriced, untimed, fees
    return out


def _sums_record(sums: StepSums) -> dict:
    return {"kinds": list(sums.kinds), "totals": list(sums.totals),
            "lists": [list(x) for x in sums.lists]}


def _check_sums(process: Process, runs) -> StepSums:
    """The sums of ``process`` (taken over from a recent process's where they can be)
    equal fresh ones, and those equal the plain reference."""
    shared = StepSums.of(process, runs)
    fresh = StepSums.of(process, runs, share=False)
    assert _sums_record(shared) == _sums_record(fresh)
    reference = _reference_sums(process, runs)
    for name, place in (("visits", VISITS), ("contacts", CONTACTS), ("fees", FEES),
                        ("applicant_hours", APPLICANT_HOURS), ("staff_hours", STAFF_HOURS),
                        ("out_of_pocket", OUT_OF_POCKET)):
        assert fresh.total(place) == reference[name], name
    if not reference["unpriced"]:
        assert fresh.total(APPLICANT_COST) == reference["applicant_cost"]
    assert bool(fresh.totals[UNPRICED]) == reference["unpriced"]
    assert fresh.listed(UNTIMED) == reference["untimed"]
    assert fresh.listed(UNKNOWN_FEES) == reference["unknown_fees"]
    return shared


def _runs(process: Process):
    return timing(process).expectation.runs


def _edited(step: Step, choice: int) -> Step:
    """One of the edits the rewrites make to what a step does."""
    if choice == 0:
        return replace(step, contact=CHANNELS.get(step.contact, "online"))
    if choice == 1:
        return replace(step, work=Duration.of(step.work.hours * 0.5 + 0.25), fee=step.fee + 0.1)
    if choice == 2:
        return replace(step, costs=(("copies", 0.3),), visit_cost=1.7, time_known=False)
    return replace(step, fee_known=not step.fee_known, work_known=not step.work_known,
                   contact=None)


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_sums_taken_over_round_by_round_are_the_fresh_ones(name, process):
    """Rounds as the engine makes them (a step's channel, time or fee changed, two steps
    in series merged), each variant's sums updated from the one before."""
    current, alive = process, [process]
    _check_sums(current, _runs(current))
    tasks = [i for i, s in enumerate(process.steps) if s.is_task and not s.is_subprocess]
    for round_, i in enumerate(tasks[::max(1, len(tasks) // 8)]):
        steps = list(current.steps)
        steps[i] = _edited(steps[i], round_ % 4)
        current = current.evolve(steps=tuple(steps))
        alive.append(current)
        with contextlib.suppress(AnalysisError):
            _check_sums(current, _runs(current))
    for first, second in _series_pairs(current)[:3]:
        if second is current.steps[0]:
            continue
        merged = _merged(current, first, second)
        alive.append(merged)
        with contextlib.suppress(AnalysisError):
            _check_sums(merged, _runs(merged))


@SETTINGS
@given(processes(), st.data())
def test_sums_taken_over_are_the_fresh_ones_on_generated_processes(process, data):
    try:
        measure(process)
    except AnalysisError:
        return
    current, alive = process, [process]
    _check_sums(current, _runs(current))
    for _ in range(data.draw(st.integers(1, 4))):
        steps = list(current.steps)
        for i in data.draw(st.lists(st.integers(0, len(steps) - 1), min_size=1, max_size=3)):
            steps[i] = _edited(steps[i], data.draw(st.integers(0, 3)))
        current = current.evolve(steps=tuple(steps))
        alive.append(current)
        try:
            runs = _runs(current)
        except AnalysisError:
            return
        _check_sums(current, runs)
        # other runs for the same steps (a reduce-rework changes the chance of a loop)
        _check_sums(current, tuple(r * 0.5 if i % 3 == 0 else r for i, r in enumerate(runs)))


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=64,
                          min_value=-1e300, max_value=1e300), max_size=30))
def test_an_exact_sum_is_the_correctly_rounded_one(values):
    assert exact_sum(values) == math.fsum(values)


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_columns_copied_from_a_graph_of_the_same_frame_are_the_fresh_ones(name, process):
    """A graph of the same frame copies its original's columns of what the steps do and
    reads again only the steps changed (a channel, a time, a fee, documents)."""
    from bpmodel.analysis.flowgraph import Links

    tasks = [i for i, s in enumerate(process.steps) if s.is_task and not s.is_subprocess]
    current, before, alive = process, FlowGraph.of(process), []
    for round_, i in enumerate(tasks[:: max(1, len(tasks) // 6)]):
        steps = list(current.steps)
        steps[i] = replace(_edited(steps[i], round_ % 2), needs=("extra",),
                           produces=steps[i].needs)
        alive.append(current)
        current = current.evolve(steps=tuple(steps))
        shared = FlowGraph.of(current)
        assert shared.frame is before.frame
        fresh = _fresh_graph(current)
        for slot in Links.__slots__:
            assert getattr(shared, slot) == getattr(fresh, slot), slot
        before = shared


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_requests_counted_once_for_steps_alike_are_the_fresh_count(name, process):
    """The document requests of a variant of the same frame whose steps need, produce and
    involve the applicant alike are taken over; any other is counted afresh."""
    from bpmodel.analysis.requests import _count_requests, count_requests
    from bpmodel.analysis.roles import applicant_kinds

    tasks = [i for i, s in enumerate(process.steps) if s.is_task and not s.is_subprocess]
    alive = [process]
    variants = []
    for every, edit in ((1, 0), (2, 0), (3, 3), (2, 1)):
        steps = list(process.steps)
        for i in tasks[::every]:
            steps[i] = _edited(steps[i], edit)
        variants.append(process.evolve(steps=tuple(steps)))
    steps = list(process.steps)
    for i in tasks[::4]:
        steps[i] = replace(steps[i], needs=(*steps[i].needs, "ktp"))
    variants.append(process.evolve(steps=tuple(steps)))
    count_requests(process, FlowGraph.of(process))
    for variant in variants:
        alive.append(variant)
        graph = FlowGraph.of(variant)
        kinds = applicant_kinds(variant, graph)
        assert count_requests(variant, graph, kinds) == _count_requests(
            variant, _fresh_graph(variant), kinds)


# -- the expectation of a series merge ---------------------------------------------------------

def _merge_chain(process: Process, rounds: int, clock, splitting: bool = False) -> int:
    """Series merges one after the other, as compose-steps makes them (each variant
    merged again, the one before alive): each timing's expectation, evaluated from its
    original's block tree, equals a fresh one bit for bit. How many were evaluated
    from the original's tree."""
    current, before, alive, taken = process, Timing(process, clock), [], 0
    for _ in range(rounds):
        pairs = [(a, b) for a, b in _series_pairs(current)
                 if b is not current.steps[0] and (splitting or a.actor == b.actor)]
        if splitting:  # into a task that splits first
            pairs.sort(key=lambda pair: len(current.outgoing(pair[1].id)) < 2)
        if not pairs:
            break
        first, second = pairs[0] if splitting else pairs[len(pairs) // 2]
        alive.append((current, before))
        current = _merged(current, first, second)
        try:
            shared = Timing(current, clock)
        except AnalysisError:
            with pytest.raises(AnalysisError):
                Timing(current, clock, share=False)
            return taken
        taken += "_basis_made" in shared.__dict__
        fresh = Timing(current, clock, share=False)
        _timings_agree(shared, fresh)  # passes, critical and longest paths, expectation
        assert shared._worst_next == fresh._worst_next
        assert shared._longest == fresh._longest
        before = shared
    return taken


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_the_expectation_of_series_merges_is_the_fresh_one(name, process):
    from bpmodel.analysis.convention import Clock

    _merge_chain(process, 6, Clock.of(process.calendar))
    _merge_chain(process, 2, Clock.of(process.calendar, "doing-business"))


def test_series_merges_of_a_generated_process_take_their_expectation_from_the_tree():
    from bpmodel.analysis.convention import Clock

    process = generate_process(200, seed=4)
    assert _merge_chain(process, 12, Clock.of(process.calendar)) >= 6


@SETTINGS
@given(graphs(), st.data())
def test_the_expectation_of_series_merges_on_random_graphs_is_the_fresh_one(process, data):
    from bpmodel.analysis.convention import Clock

    # tasks with times and channels, some chances on the branches
    steps = tuple(replace(s, work=Duration.of(data.draw(st.sampled_from([0.0, 0.1, 1.5, 7.0]))),
                          contact=data.draw(st.sampled_from([None, "visit", "online"])))
                  if s.is_task else s for s in process.steps)
    process = process.evolve(steps=steps)
    try:
        Timing(process, Clock.of(process.calendar))
    except AnalysisError:
        return
    _merge_chain(process, 4, Clock.of(process.calendar))


def test_a_merge_into_a_task_that_splits_keeps_the_tree():
    """The second task splits (two flows out, in parallel): the first is the one left
    out of its sequence, the second stands for the merged task."""
    from bpmodel.analysis.convention import Clock
    from bpmodel.model import Flow

    steps = (Step("s", "Start", "event", "start"), Step("z", "Z", work=Duration.of(0.3)),
             Step("a", "A", actor="clerk", work=Duration.of(1.1), contact="visit"),
             Step("b", "B", actor="clerk", work=Duration.of(2.7)),
             Step("c", "C", work=Duration.of(3.3)), Step("d", "D", work=Duration.of(0.7)),
             Step("j", "J", "gateway", "and"), Step("e", "E", work=Duration.of(0.1)),
             Step("g", "G", "gateway", "xor"), Step("f", "F", "event", "end"))
    flows = (Flow("s", "z"), Flow("z", "a"), Flow("a", "b"), Flow("b", "c"), Flow("b", "d"),
             Flow("c", "j"), Flow("d", "j"), Flow("j", "e"), Flow("e", "g"),
             Flow("g", "z", 0.3), Flow("g", "f"))
    process = Process("p", "P", steps=steps, flows=flows,
                      actors=(Actor("clerk", "Clerk", agency="Office"),))
    clock = Clock.of(process.calendar)
    original = Timing(process, clock)
    variant = _merged(process, process.step("a"), process.step("b"))
    merged = Timing(variant, clock)
    assert merged.graph.origin.stays == original.graph.index["b"]
    assert "_basis_made" in merged.__dict__
    assert merged.expectation == Timing(variant, clock, share=False).expectation


@SETTINGS
@given(processes())
def test_the_expectation_of_series_merges_on_block_structured_processes(process):
    from bpmodel.analysis.convention import Clock

    try:
        measure(process)
    except AnalysisError:
        return
    _merge_chain(process, 4, Clock.of(process.calendar))


def _tasks_split(process: Process) -> Process:
    """``process`` with every and-split gateway whose only way in is from a task taken
    out: the task splits itself (BPMN: a task with several flows out runs them all)."""
    from bpmodel.model import Flow

    dropped = {}
    for g in process.steps:
        into = process.incoming(g.id)
        if g.is_gateway and g.kind == "and" and len(process.outgoing(g.id)) > 1 \
                and len(into) == 1 and process.step(into[0].source).is_task:
            dropped[g.id] = into[0].source
    flows = tuple(Flow(dropped.get(f.source, f.source), f.target, f.probability)
                  for f in process.flows if f.target not in dropped)
    return process.evolve(steps=tuple(s for s in process.steps if s.id not in dropped),
                          flows=flows)


@SETTINGS
@given(processes())
def test_the_expectation_of_series_merges_into_tasks_that_split(process):
    from bpmodel.analysis.convention import Clock

    process = _tasks_split(process)
    try:
        measure(process)
    except AnalysisError:
        return
    _merge_chain(process, 4, Clock.of(process.calendar), splitting=True)


@SETTINGS
@given(graphs(), st.data())
def test_procedure_flags_of_series_merges_on_random_graphs_are_the_fresh_ones(process, data):
    """Steps of the applicant, of agencies and of nobody, with and without a contact:
    a series merge takes over its original's procedure flags only when they stay."""
    from bpmodel.analysis.convention import Clock

    actors = (Actor("me", "Me", "citizen"), Actor("clerk", "Clerk", agency="Office"),
              Actor("bpn", "Land", agency="BPN"), Actor("aide", "Aide"))
    who = st.sampled_from([None, "me", "clerk", "bpn", "aide"])
    steps = tuple(replace(s, actor=data.draw(who),
                          contact=data.draw(st.sampled_from([None, None, "visit"])))
                  if s.is_task else s for s in process.steps)
    process = process.evolve(steps=steps, actors=actors)
    clock = Clock.of(process.calendar)
    try:
        base = Timing(process, clock)
    except AnalysisError:
        return
    for first, second in _series_pairs(process):
        if second is process.steps[0]:
            continue
        merged_actor = data.draw(st.sampled_from([first.actor, second.actor]))
        alike = replace(second, actor=first.actor) if data.draw(st.booleans()) else second
        original = process.evolve(steps=tuple(alike if s is second else s
                                              for s in process.steps))
        before = base if original is process else Timing(original, clock)
        variant = _merged(original, replace(first, actor=merged_actor), alike)
        try:
            shared = Timing(variant, clock)
        except AnalysisError:
            continue
        fresh = Timing(variant, clock, share=False)
        assert shared.procedure == fresh.procedure
        _timings_agree(shared, fresh)
        del before


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_requests_of_series_merges_are_the_fresh_count(name, process):
    """A series merge of two steps that do not involve the applicant, the merged one
    producing what both did, asks what its original asked; any other is counted afresh."""
    from bpmodel.analysis.requests import _count_requests, count_requests
    from bpmodel.analysis.roles import applicant_kinds

    current, alive, taken = process, [], 0
    graph = FlowGraph.of(current)
    count_requests(current, graph)
    for round_ in range(6):
        pairs = [(a, b) for a, b in _series_pairs(current) if b is not current.steps[0]]
        if not pairs:
            break
        first, second = pairs[round_ % len(pairs)]
        produces = (*first.produces, *second.produces) if round_ % 3 else first.produces
        alive.append((current, graph))
        current = merge_steps(current, first.id, second.id,
                              replace(first, name=f"{first.name}; {second.name}",
                                      produces=tuple(dict.fromkeys(produces))))
        try:
            graph = FlowGraph.of(current)
        except AnalysisError:
            break
        kinds = applicant_kinds(current, graph)
        taken += graph.origin is not None
        assert count_requests(current, graph, kinds) == _count_requests(
            current, _fresh_graph(current), kinds)


def test_a_series_merge_passes_again_only_the_nodes_whose_values_may_change(monkeypatch):
    """The passes of a series merge (worst, best, most tasks) work out again the merged
    step and the nodes before it with a flow to a node whose value changed, and stop
    when none is left; every value and chosen flow is the fresh pass's
    (``_merge_chain``), also when the merged time does not add up exactly (0.1 + 0.2)."""
    from bpmodel.analysis.convention import Clock

    passed = []
    made = Timing._again

    def counting(self, *args, **kwargs):
        count = made(self, *args, **kwargs)
        passed.append((count, self._merged[2] + 1))
        return count

    monkeypatch.setattr(Timing, "_again", counting)
    process = generate_process(200, seed=4)
    clock = Clock.of(process.calendar)
    assert _merge_chain(process, 8, clock) >= 4
    assert any(count < before for count, before in passed)  # some stopped early
    inexact = process.evolve(steps=tuple(
        replace(s, work=Duration.of(0.1 if i % 2 else 0.2)) if s.is_task else s
        for i, s in enumerate(process.steps)))
    _merge_chain(inexact, 8, clock)


def _kinds_variants(process: Process, data=None) -> list[Process]:
    """Variants of ``process`` as the engine makes them, each from the one before: a
    channel changed, a series merge, the last step left out, an actor made the
    applicant (other actors: nothing taken over), a step of another actor."""
    out, current = [], process
    tasks = [i for i, s in enumerate(process.steps) if s.is_task]
    if tasks:
        i = tasks[len(tasks) // 2]
        s = process.steps[i]
        current = process.evolve(steps=process.steps[:i] + (
            replace(s, contact=CHANNELS.get(s.contact, "online")),) + process.steps[i + 1:])
        out.append(current)
    pairs = [(a, b) for a, b in _series_pairs(current) if b is not current.steps[0]]
    if pairs:
        current = _merged(current, *pairs[len(pairs) // 2])
        out.append(current)
    out.append(process.evolve(steps=process.steps[:-1]))
    if process.actors:
        first = process.actors[0]
        applicant = replace(first, kind="business" if first.kind == "citizen" else "citizen")
        out.append(process.evolve(actors=(applicant, *process.actors[1:])))
        if tasks:
            i = tasks[0]
            s = process.steps[i]
            out.append(process.evolve(steps=process.steps[:i] + (
                replace(s, actor=process.actors[-1].id),) + process.steps[i + 1:]))
    return out


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_applicant_kinds_taken_over_are_the_fresh_ones(name, process):
    """The kinds of a variant's steps taken over from a recent call (same actors, the
    same step objects) equal the kinds read from every step."""
    from bpmodel.analysis.flowgraph import Links
    from bpmodel.analysis.roles import applicant_kinds, applicant_kinds_of

    assert applicant_kinds(process) == applicant_kinds_of(process, process.steps)
    for variant in _kinds_variants(process):
        applicant_kinds(process)  # the original, recent
        kinds = applicant_kinds(variant, Links.of(variant))
        assert kinds == applicant_kinds_of(variant, variant.steps)
        kinds[:] = ["changed"] * len(kinds)  # a caller's list is its own
        assert applicant_kinds(variant) == applicant_kinds_of(variant, variant.steps)


@SETTINGS
@given(graphs(), st.data())
def test_applicant_kinds_taken_over_on_random_graphs_are_the_fresh_ones(process, data):
    from bpmodel.analysis.roles import applicant_kinds, applicant_kinds_of

    actors = (Actor("me", "Me", "citizen"), Actor("clerk", "Clerk", agency="Office"),
              Actor("co", "Co", "business"))
    who = st.sampled_from([None, "me", "clerk", "co"])
    process = process.evolve(actors=actors, steps=tuple(
        replace(s, actor=data.draw(who), contact=data.draw(st.sampled_from([None, "visit"])))
        if s.is_task else s for s in process.steps))
    for variant in _kinds_variants(process):
        applicant_kinds(process)
        assert applicant_kinds(variant) == applicant_kinds_of(variant, variant.steps)


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_sums_taken_from_the_newest_recent_ones_are_the_fresh_ones(name, process):
    """Sums that leave at most two steps to add again are taken from the newest recent
    sums without looking at older ones (an older process may share more steps): the
    totals, kinds and lists are the fresh ones whichever recent sums they start from."""
    tasks = [i for i, s in enumerate(process.steps) if s.is_task and not s.is_subprocess]
    if len(tasks) < 2:
        return
    runs = _runs(process)
    alive = [process]
    _check_sums(process, runs)
    for round_, (i, j) in enumerate(zip(tasks, tasks[len(tasks) // 2:])):
        if round_ == 3:
            break
        steps = list(process.steps)
        steps[i] = _edited(steps[i], round_ % 4)
        one = process.evolve(steps=tuple(steps))
        steps[j] = _edited(steps[j], (round_ + 1) % 4)
        two = process.evolve(steps=tuple(steps))
        alive += [one, two]
        _check_sums(one, runs)  # the newest recent sums: one step away from the original's
        _check_sums(two, runs)  # one step away from the newest (and two from the original)
        _check_sums(process, runs)  # two steps from the newest


def _merges(process: Process, rounds: int) -> list[tuple[Process, Process]]:
    """Series merges one after the other as compose-steps makes them (the one before
    alive), as (original, variant) pairs."""
    from bpmodel.simplify.edit import canonical

    current, out = canonical(process), []
    for _ in range(rounds):
        pairs = [(a, b) for a, b in _series_pairs(current) if b is not current.steps[0]]
        if not pairs:
            break
        variant = canonical(_merged(current, *pairs[len(pairs) // 2]))
        out.append((current, variant))
        current = variant
    return out


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_a_series_merge_graph_says_which_steps_changed_and_finds_them_by_id(name, process):
    """The graph of a series merge names the steps that are not its original's own objects
    (found as the columns are copied), as a fresh scan of both processes finds them, and
    its index by id, made only when asked, is a fresh build's."""
    from itertools import compress, count
    from operator import is_not

    made = 0
    for original, variant in _merges(process, 6):
        try:
            before = FlowGraph.of(original)
            graph = FlowGraph.of(variant)
        except AnalysisError:
            return
        if graph.origin is None:
            continue
        made += 1
        gone = graph.origin.gone
        kept = original.steps[:gone] + original.steps[gone + 1:]
        assert graph.origin.changed == tuple(compress(count(), map(is_not, kept,
                                                                      variant.steps)))
        assert graph.origin.first in graph.origin.changed
        assert graph._index is None
        assert graph.index == _fresh_graph(variant).index
        assert before.index == _fresh_graph(original).index
    assert made or name != "generated-120"


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_series_merges_pass_again_together_what_fresh_passes_give(name, process):
    """The worst, best and most-tasks passes of a series merge, passed again together
    from its original's (a node passed again for another pass's sake keeps its value),
    are the fresh passes, values and chosen flows, merge after merge; also with the
    process's ends turned into rejections (the best pass leaves them out, or takes them
    when every way ends in one)."""
    from bpmodel.analysis.convention import Clock

    clock = Clock.of(process.calendar)
    ends = {f.source for f in process.flows}
    rejecting = process.evolve(steps=tuple(
        replace(s, name="Application rejected") if s.id not in ends and i % 2 else s
        for i, s in enumerate(process.steps)))
    for start in (process, rejecting):
        timings = []
        for original, variant in _merges(start, 5):
            try:
                timings.append(Timing(original, clock))
                shared = Timing(variant, clock)
            except (AnalysisError, ValueError):
                break
            fresh = Timing(variant, clock, share=False)
            timings.append(shared)
            assert shared.worst == fresh.worst and shared._worst_next == fresh._worst_next
            assert [repr(x) for x in shared.best_tail] == [repr(x) for x in fresh.best_tail]
            assert shared._best_excluded == fresh._best_excluded
            assert shared._longest == fresh._longest
            assert shared.critical_path == fresh.critical_path
            assert shared.longest_path == fresh.longest_path


@pytest.mark.parametrize("name,process", INPUTS[:4], ids=[n for n, _ in INPUTS[:4]])
def test_changed_places_remembered_are_a_fresh_scan(name, process):
    """The places of other step objects, remembered for the last few pairs of tuples and
    asked again by the graph, the passes, the sums and the kinds of one round, are those
    a fresh scan finds, also after more pairs than it keeps and for lists."""
    from itertools import compress, count
    from operator import is_not

    from bpmodel.analysis.flowgraph import changed_places

    variants = [process]
    for round_, step in enumerate(process.steps[::max(1, len(process.steps) // 7)]):
        at = process.steps.index(step)
        variants.append(process.evolve(steps=(*variants[-1].steps[:at],
                                              _edited(step, round_ % 4),
                                              *variants[-1].steps[at + 1:])))
    for _ in range(2):
        for a in variants:
            for b in variants:
                fresh = tuple(compress(count(), map(is_not, a.steps, b.steps)))
                assert changed_places(a.steps, b.steps) == fresh
                assert changed_places(list(a.steps), b.steps) == fresh


def test_a_series_merge_graph_of_flows_in_any_order_is_a_fresh_build():
    """A series merge of a process whose flows are not in the order of their source steps
    (many nodes before the merged step have flows numbered after the one between): the
    flow lists it shares with its original and those it renumbers make the graph a
    fresh build would."""
    import random

    from test_series_merge import GRAPH_SLOTS

    rng = random.Random(5)
    process = generate_process(150, seed=2, jumps=0.5)
    flows = list(process.flows)
    rng.shuffle(flows)
    current = process.evolve(flows=tuple(flows))
    merged = 0
    for _ in range(8):
        steps = current.steps
        pairs = [(a, b) for a, b in _series_pairs(current)
                 if steps.index(b) == steps.index(a) + 1 and b is not steps[0]]
        if not pairs:
            break
        first, second = pairs[rng.randrange(len(pairs))]
        at = steps.index(first)
        variant = current.evolve(
            steps=(*steps[:at], replace(first, name=f"{first.name}; {second.name}"),
                   *steps[at + 2:]),
            flows=tuple(replace(f, source=first.id) if f.source == second.id else f
                        for f in current.flows if f.source != first.id))
        before = FlowGraph.of(current)
        graph = FlowGraph.of(variant)
        merged += graph.origin is not None
        fresh = _fresh_graph(variant)
        for name in GRAPH_SLOTS:
            assert getattr(graph, name) == getattr(fresh, name), name
        assert before.n == graph.n + 1
        current = variant
    assert merged >= 4
