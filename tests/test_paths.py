"""Long paths: critical path, best, expected and longest path, bottlenecks, bad input."""

from __future__ import annotations

import gc
import textwrap
import weakref
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bpmodel
from benchmarks.generate import generate_process
from bpmodel.analysis import AnalysisError
from bpmodel.analysis.blocks import reduce_blocks, show, unreduced
from bpmodel.analysis.expectation import Leaves, expect
from bpmodel.analysis.flowgraph import FlowGraph
from bpmodel.analysis.handoffs import count_handoffs
from bpmodel.analysis.paths import (
    best_time_hours,
    bottlenecks,
    critical_path,
    expected_lead_time_hours,
    longest_path,
    longest_path_steps,
    timing,
)
from bpmodel.io.yaml import loads_yaml
from bpmodel.model import BOUNDARY, Actor, Duration, Flow, Process, Step

from conftest import EXAMPLES


def load(text: str) -> Process:
    return loads_yaml(textwrap.dedent(text)).process


def build(steps: str, calendar: str = "") -> Process:
    """A process with one clerk and an applicant, from the YAML of its steps."""
    head = textwrap.dedent(f"""\
        bpmodel: 1
        process: {{id: t, name: Test{calendar}}}
        actors:
          - {{id: me, name: Applicant, kind: citizen}}
          - {{id: clerk, name: Clerk, agency: Office}}
          - {{id: other, name: Other office, agency: Other}}
        steps:
        """)
    return loads_yaml(head + textwrap.indent(textwrap.dedent(steps), "  ")).process


@pytest.fixture(scope="module")
def building() -> Process:
    return bpmodel.load_process(EXAMPLES / "building-approval.yaml")


@pytest.fixture(scope="module")
def trade() -> Process:
    return bpmodel.load_process(EXAMPLES / "trade-licence.yaml")


# -- the spec examples --------------------------------------------------------------------

def test_building_approval_critical_path(building):
    path = critical_path(building)
    assert path.hours == 341
    assert path.days == 341 / 8
    assert {"tech_review", "site_visit", "verify_land_tech"} <= set(path.steps)
    assert "env_review" not in path.steps
    assert "notify_missing" not in path.steps and "resubmit" not in path.steps
    assert path.steps[0] == "submit" and path.steps[-1] == "collect"
    assert path.work_hours + path.wait_hours == path.hours
    assert path.efficiency == pytest.approx(path.work_hours / 341)


def test_building_approval_expected_lead_time_repeats_the_rework_loop(building):
    assert expected_lead_time_hours(building) == pytest.approx(341 + 0.3 / 0.7 * 51.25)
    assert best_time_hours(building) == 341  # the only choice is the rework loop


def test_building_approval_structure(building):
    reduction = reduce_blocks(FlowGraph.of(building))
    text = show(reduction.tree, lambda v: building.steps[v].id)
    assert "loop(check, complete / 0.3: notify_missing, resubmit)" in text
    assert "parallel(tech_review, site_visit, verify_land_tech | env_review)" in text


def test_trade_licence_inclusive_inspections(trade):
    hour = 1 / 60
    before, after = 1 + 4.5, 8.5 + 16 + hour
    assert critical_path(trade).hours == pytest.approx(before + 26 + after)
    assert critical_path(trade).steps[4] == "health_check"
    assert best_time_hours(trade) == pytest.approx(before + after)
    # health (26 h) with its chance 0.5; else fire (18 h) with 0.6; else nothing
    assert expected_lead_time_hours(trade) == pytest.approx(
        before + after + 26 * 0.5 + 18 * 0.6 * 0.5)


def test_longest_path_counts_tasks_without_repeating_loops(building):
    steps = longest_path(building)
    assert len(steps) == longest_path_steps(building) == 19
    assert "env_review" not in steps and "resubmit" not in steps


def test_bottlenecks_are_the_longest_steps_of_the_critical_path(building):
    found = bottlenecks(building)
    assert [b.step for b in found] == ["tech_review", "verify_land", "sign", "site_visit",
                                       "approve_head"]
    assert found[0].hours == 44 and found[0].share == pytest.approx(44 / 341)
    assert found[0].kind == "waiting" and found[0].wait_hours == 40
    assert set(found[0].to_dict()) >= {"step", "name", "hours", "share", "kind"}
    assert len(bottlenecks(building, top=2)) == 2


# -- small cases worked out by hand ---------------------------------------------------------

CHOICE = """\
- {id: a, name: A, actor: clerk, work: 1h}
- id: g
  name: G
  type: gateway
  kind: xor
  next: [{to: b, p: 0.25}, {to: c, p: 0.75}]
- {id: b, name: B, actor: clerk, work: 4h, next: h}
- {id: c, name: C, actor: clerk, work: 8h, next: h}
- {id: h, name: H, type: gateway, kind: xor}
- {id: z, name: Z, actor: clerk}
"""


def test_choice_worst_best_expected():
    p = build(CHOICE)
    assert critical_path(p).hours == 9
    assert critical_path(p).steps == ("a", "g", "c", "h", "z")
    assert best_time_hours(p) == 5
    assert expected_lead_time_hours(p) == 1 + 0.25 * 4 + 0.75 * 8


def test_parallel_waits_for_the_longest_branch():
    p = build(CHOICE.replace("kind: xor\n  next: [{to: b, p: 0.25}, {to: c, p: 0.75}]",
                             "kind: and\n  next: [b, c]").replace("kind: xor}", "kind: and}"))
    assert critical_path(p).hours == best_time_hours(p) == expected_lead_time_hours(p) == 9


def test_missing_probabilities_share_the_rest():
    p = build(CHOICE.replace("{to: b, p: 0.25}, {to: c, p: 0.75}", "{to: b}, {to: c}"))
    assert expected_lead_time_hours(p) == 1 + 0.5 * 4 + 0.5 * 8


REWORK = """\
- {id: a, name: A, actor: me, work: 2h, contact: visit}
- {id: check, name: Check, actor: clerk, work: 1h, wait: 3h}
- id: ok
  name: OK?
  type: gateway
  kind: xor
  next: [{to: done, p: 0.8}, {to: fix, p: 0.2}]
- {id: fix, name: Fix, actor: me, work: 3h, contact: visit, next: check}
- {id: done, name: Done, actor: clerk, work: 1h}
"""


def test_rework_loop_repeats_one_over_one_minus_p_times():
    p = build(REWORK)
    assert critical_path(p).hours == 2 + 4 + 1
    assert critical_path(p).steps == ("a", "check", "ok", "done")
    assert expected_lead_time_hours(p) == pytest.approx(2 + 4 / 0.8 + 3 * 0.2 / 0.8 + 1)
    runs = dict(zip([s.id for s in p.steps], timing(p).expectation.runs, strict=True))
    assert runs["check"] == pytest.approx(1.25) and runs["fix"] == pytest.approx(0.25)


def test_loop_that_decides_before_its_body():
    p = build("""\
        - {id: a, name: A, actor: clerk, work: 1h}
        - {id: h, name: Again, type: gateway, kind: xor}
        - id: more
          name: More?
          type: gateway
          kind: xor
          next: [{to: body, p: 0.5}, {to: z, p: 0.5}]
        - {id: body, name: Body, actor: clerk, work: 2h, next: h}
        - {id: z, name: Z, actor: clerk, work: 1h}
        """)
    assert critical_path(p).hours == best_time_hours(p) == 2
    assert expected_lead_time_hours(p) == pytest.approx(2 + 2 * 0.5 / 0.5)


def test_inclusive_without_default_is_read_given_one_branch():
    p = build("""\
        - id: g
          name: G
          type: gateway
          kind: or
          next: [{to: b, p: 0.5}, {to: c, p: 0.5}]
        - {id: b, name: B, actor: clerk, work: 10h, next: j}
        - {id: c, name: C, actor: clerk, work: 20h, next: j}
        - {id: j, name: J, type: gateway, kind: or}
        - {id: z, name: Z, actor: clerk}
        """)
    assert critical_path(p).hours == 20
    assert best_time_hours(p) == 10
    # E[longest taken, at least one taken] = (20 x 0.5 + 10 x 0.5 x 0.5) / 0.75
    assert expected_lead_time_hours(p) == pytest.approx(12.5 / 0.75)
    assert timing(p).expectation.runs[1] == pytest.approx(0.5 / 0.75)


def test_parallel_and_exclusive_ends():
    parallel = build("""\
        - {id: a, name: A, actor: clerk, work: 1h, next: [b, c]}
        - {id: b, name: B, actor: clerk, work: 3h, next: end}
        - {id: c, name: C, actor: clerk, work: 5h, next: end}
        """)
    assert critical_path(parallel).hours == best_time_hours(parallel) == 6
    assert expected_lead_time_hours(parallel) == 6
    exclusive = build("""\
        - id: g
          name: G
          type: gateway
          kind: xor
          next: [{to: b, p: 0.5}, {to: c, p: 0.5}]
        - {id: b, name: B, actor: clerk, work: 3h, next: end}
        - {id: c, name: C, actor: clerk, work: 5h, next: end}
        """)
    assert critical_path(exclusive).hours == 5 and best_time_hours(exclusive) == 3
    assert expected_lead_time_hours(exclusive) == 4


def test_timer_events_and_gateways_wait():
    p = build("""\
        - {id: a, name: A, actor: clerk, work: 1h}
        - {id: cool, name: Objection period, type: event, kind: timer, wait: 2d}
        - {id: b, name: B, actor: clerk, work: 1h}
        """)
    assert critical_path(p).hours == 18
    assert critical_path(p).wait_hours == 16


def test_longest_path_in_steps_is_not_the_critical_path():
    p = build("""\
        - id: g
          name: G
          type: gateway
          kind: xor
          next: [{to: a1, p: 0.5}, {to: slow, p: 0.5}]
        - {id: a1, name: A1, actor: clerk, work: 1h}
        - {id: a2, name: A2, actor: clerk, work: 1h}
        - {id: a3, name: A3, actor: clerk, work: 1h, next: j}
        - {id: slow, name: Slow, actor: clerk, work: 20h, next: j}
        - {id: j, name: J, type: gateway, kind: xor}
        - {id: z, name: Z, actor: clerk}
        """)
    assert longest_path(p) == ("a1", "a2", "a3", "z")
    assert critical_path(p).steps == ("g", "slow", "j", "z")


def test_several_start_events_are_alternatives():
    p = build("""\
        - {id: s1, name: By mail, type: event, kind: start, next: a}
        - {id: s2, name: At the counter, type: event, kind: start, next: b}
        - {id: a, name: A, actor: clerk, work: 5h, next: c}
        - {id: b, name: B, actor: clerk, work: 1h, next: c}
        - {id: c, name: C, actor: clerk, work: 1h}
        """)
    assert critical_path(p).hours == 6 and best_time_hours(p) == 2
    assert expected_lead_time_hours(p) == 4


# -- unstructured processes -----------------------------------------------------------------

UNSTRUCTURED = """\
- {id: a, name: A, actor: clerk, work: 1h}
- id: x1
  name: X1
  type: gateway
  kind: xor
  next: [{to: b, p: 0.6}, {to: c, p: 0.4}]
- {id: b, name: B, actor: clerk, work: 2h}
- id: x2
  name: X2
  type: gateway
  kind: xor
  next: [{to: a, p: 0.3}, {to: c, p: 0.3}, {to: d, p: 0.4}]
- {id: c, name: C, actor: clerk, work: 4h, next: e}
- {id: d, name: D, actor: clerk, work: 8h, next: e}
- {id: e, name: E, actor: clerk, work: 1h}
"""


def _walk(process: Process) -> tuple[float, dict[str, float]]:
    """Expected time and runs of an xor-only process by pushing probability mass step by step
    until almost none is left: an independent check of the flow equations."""
    graph = FlowGraph.of(process)
    mass = {graph.source: 1.0}
    total, runs = 0.0, [0.0] * (graph.n + 2)
    while sum(mass.values()) > 1e-15:
        moved: dict[int, float] = {}
        for v, m in mass.items():
            runs[v] += m
            if v < graph.n:
                step = graph.steps[v]
                total += m * (step.wait.hours + step.work.hours)
            for e in graph.out[v]:
                moved[graph.dst[e]] = moved.get(graph.dst[e], 0.0) + m * graph.weight[e]
        moved.pop(graph.sink, None)
        mass = moved
    return total, {s.id: runs[i] for i, s in enumerate(graph.steps)}


def test_unstructured_choices_and_loops_are_exact_by_flow_equations():
    p = build(UNSTRUCTURED)
    t = timing(p)
    assert t.expectation.method == "flow equations"
    expected, runs = _walk(p)
    assert expected_lead_time_hours(p) == pytest.approx(expected, rel=1e-9)
    for step, run in zip(p.steps, t.expectation.runs, strict=True):
        assert run == pytest.approx(runs[step.id], rel=1e-9)
    assert critical_path(p).steps == ("a", "x1", "b", "x2", "d", "e")
    assert best_time_hours(p) == 1 + 4 + 1


def test_flow_equations_agree_with_the_block_tree_on_a_structured_process(building):
    graph = FlowGraph.of(building)
    t = timing(building)
    leaves = Leaves(t.time, [None] * graph.n,
                    [(int(s.contact == "visit"),) for s in graph.steps])
    tree, flows = (expect(graph, r, leaves) for r in (reduce_blocks(graph), unreduced(graph)))
    assert (tree.method, flows.method) == ("exact", "flow equations")
    assert flows.expected == pytest.approx(tree.expected)
    assert flows.runs == pytest.approx(tree.runs)
    assert flows.first_time_right == tree.first_time_right == (4,)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(5, 80))
def test_both_methods_agree_on_generated_processes(seed, size):
    """Without inclusive blocks (which the flow equations approximate), the flow equations
    on the unreduced graph give exactly what the block tree gives."""
    process = generate_process(size, seed=seed, or_blocks=False)
    t = timing(process)
    graph = t.graph
    leaves = Leaves(t.time, [None] * graph.n,
                    [(int(s.contact == "visit"), int(s.id in t.procedures)) for s in graph.steps])
    tree, flows = (expect(graph, r, leaves) for r in (reduce_blocks(graph), unreduced(graph)))
    assert tree.method == "exact"
    assert flows.expected == pytest.approx(tree.expected, rel=1e-9)
    assert flows.runs == pytest.approx(tree.runs, rel=1e-9, abs=1e-12)
    assert flows.first_time_right == tree.first_time_right


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 120), jumps=st.sampled_from([0, 0.5]))
def test_paths_are_consistent_on_generated_processes(seed, size, jumps):
    process = generate_process(size, seed=seed, jumps=jumps)
    path = critical_path(process)
    ids = {s.id for s in process.steps}
    assert set(path.steps) <= ids
    assert path.steps[0] == process.steps[0].id and not process.outgoing(path.steps[-1])
    links = {(f.source, f.target) for f in process.flows}
    assert all(pair in links for pair in pairwise(path.steps))
    assert path.hours == pytest.approx(path.work_hours + path.wait_hours)
    best, expected = best_time_hours(process), expected_lead_time_hours(process)
    assert 0 <= best <= path.hours + 1e-9
    assert best <= expected + 1e-9
    assert longest_path_steps(process) >= sum(process.step(s).is_task for s in path.steps)


# -- bad input ------------------------------------------------------------------------------

def test_xor_into_and_join_is_a_deadlock():
    p = build(CHOICE.replace("- {id: h, name: H, type: gateway, kind: xor}",
                             "- {id: h, name: H, type: gateway, kind: and}"))
    with pytest.raises(AnalysisError, match="deadlock") as caught:
        critical_path(p)
    assert "'h'" in str(caught.value) and caught.value.steps[0] == "h"


def test_and_join_waiting_for_a_branch_a_later_choice_may_skip():
    p = build("""\
        - {id: fork, name: Fork, type: gateway, kind: and, next: [a, x]}
        - {id: a, name: A, actor: clerk, work: 1h, next: join}
        - id: x
          name: X
          type: gateway
          kind: xor
          next: [{to: b, p: 0.9}, {to: out, p: 0.1}]
        - {id: b, name: B, actor: clerk, work: 1h, next: join}
        - {id: out, name: Out, actor: clerk, work: 1h, next: end}
        - {id: join, name: Join, type: gateway, kind: and}
        - {id: z, name: Z, actor: clerk, work: 1h}
        """)
    with pytest.raises(AnalysisError, match="deadlock"):
        expected_lead_time_hours(p)


def test_and_join_at_the_entry_of_a_loop_is_a_deadlock():
    p = build("""\
        - {id: a, name: A, actor: clerk, work: 1h}
        - {id: j, name: J, type: gateway, kind: and}
        - {id: b, name: B, actor: clerk, work: 1h}
        - id: x
          name: X
          type: gateway
          kind: xor
          next: [{to: j, p: 0.3}, {to: z, p: 0.7}]
        - {id: z, name: Z, actor: clerk, work: 1h}
        """)
    with pytest.raises(AnalysisError, match="deadlock"):
        expected_lead_time_hours(p)


def test_loop_that_always_repeats_is_endless():
    p = build(REWORK.replace("{to: done, p: 0.8}, {to: fix, p: 0.2}",
                             "{to: done, p: 0}, {to: fix, p: 1}"))
    with pytest.raises(AnalysisError, match="endless loop") as caught:
        expected_lead_time_hours(p)
    assert {"check", "fix"} <= set(caught.value.steps)


def test_loop_that_almost_always_repeats_is_endless_in_practice():
    p = build(REWORK.replace("{to: done, p: 0.8}, {to: fix, p: 0.2}",
                             "{to: done, p: 0.0000001}, {to: fix, p: 0.9999999}"))
    with pytest.raises(AnalysisError, match="endless loop in practice.*more than 1,000,000"):
        critical_path(p)


def test_parallel_branch_back_into_its_own_loop_is_endless():
    p = build("""\
        - {id: a, name: A, actor: clerk, work: 1h}
        - {id: b, name: B, actor: clerk, work: 1h, next: [a, c]}
        - {id: c, name: C, actor: clerk, work: 1h}
        """)
    with pytest.raises(AnalysisError, match="endless loop"):
        expected_lead_time_hours(p)


def test_unstructured_endless_loop():
    p = build(UNSTRUCTURED.replace("{to: a, p: 0.3}, {to: c, p: 0.3}, {to: d, p: 0.4}",
                                   "{to: a, p: 1}, {to: c, p: 0}, {to: d, p: 0}")
              .replace("{to: b, p: 0.6}, {to: c, p: 0.4}", "{to: b, p: 1}, {to: c, p: 0}"))
    with pytest.raises(AnalysisError, match="endless loop"):
        expected_lead_time_hours(p)


def test_no_way_to_the_end():
    p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B"), Step("c", "C")),
                flows=(Flow("a", "b"), Flow("a", "c"), Flow("c", "c")))
    with pytest.raises(AnalysisError, match="no way to the end from steps 'c'"):
        critical_path(p)
    circle = Process("p", "P", steps=(Step("a", "A"), Step("b", "B")),
                     flows=(Flow("a", "b"), Flow("b", "a")))
    with pytest.raises(AnalysisError, match="has no end"):
        critical_path(circle)


def test_empty_process():
    with pytest.raises(AnalysisError, match="has no steps"):
        critical_path(Process("p", "P"))


def test_unknown_convention():
    with pytest.raises(ValueError, match="unknown convention"):
        critical_path(build(CHOICE), "lean")


# -- the Doing Business convention ----------------------------------------------------------

WEEK7 = ", calendar: {hours_per_day: 8, days_per_week: 7}"
DB = "doing-business"


def simultaneous(*procedures: str, contact: str = "visit") -> Process:
    """Procedures of the applicant that run at the same time, given as durations."""
    lines = [f"- {{id: fork, name: Fork, type: gateway, kind: and, "
             f"next: [{', '.join(f'p{i}' for i in range(len(procedures)))}]}}"]
    lines += [f"- {{id: p{i}, name: P{i}, actor: me, contact: {contact}, wait: {d}, "
              f"next: join}}" for i, d in enumerate(procedures)]
    lines += ["- {id: join, name: Join, type: gateway, kind: and}",
              "- {id: z, name: Done, actor: clerk}"]
    return build("\n".join(lines) + "\n", WEEK7)


@pytest.mark.parametrize(("durations", "days"), [
    (("1d", "1d"), 2),          # the issue's example: they cannot start on the same day
    (("30d", "7d"), 30),        # the 7-day one starts on day 2 and ends on day 8
    (("1d", "1d", "1d"), 3),
    (("2h", "2h"), 2),          # at least a day each
    (("7d", "30d"), 30),        # the longest starts first, whatever the order
    (("5d", "5d", "1d"), 6),    # 5, 5 + 1 and 1 + 2
])
def test_simultaneous_procedures_start_on_consecutive_days(durations, days):
    p = simultaneous(*durations)
    assert critical_path(p, DB).days == days
    assert expected_lead_time_hours(p, DB) == days * 8 == best_time_hours(p, DB)


def test_online_procedures_take_half_a_day_and_may_start_together():
    assert critical_path(simultaneous("1h", "1h", contact="online"), DB).days == 0.5
    assert critical_path(simultaneous("1d", "1d", contact="online"), DB).days == 1


def test_doing_business_days_are_calendar_days():
    p = build("""\
        - {id: visit, name: Visit, actor: me, contact: visit, work: 2h}
        - {id: review, name: Review, actor: clerk, wait: 5d}
        """)
    path = critical_path(p, DB)
    assert path.days == 1 + 7  # a procedure takes a day; five working days are a week
    assert path.hours == pytest.approx(8 * 8 * 5 / 7)
    assert critical_path(p).days == pytest.approx(5.25)  # working days otherwise


def test_internal_steps_in_parallel_are_not_staggered():
    p = build("""\
        - {id: fork, name: Fork, type: gateway, kind: and, next: [a, b]}
        - {id: a, name: A, actor: clerk, wait: 1d, next: join}
        - {id: b, name: B, actor: other, wait: 1d, next: join}
        - {id: join, name: Join, type: gateway, kind: and}
        - {id: z, name: Done, actor: clerk}
        """, WEEK7)
    assert critical_path(p, DB).days == 1


def test_doing_business_on_the_trade_licence(trade):
    week = 7 / 5  # calendar days per working day

    def days(hours):
        return hours / 8 * week

    inspections = max(days(26), days(18) + 1)  # health first, fire a day later
    expected = (0.5 + days(4.5) + inspections + days(8.5) + days(16) + days(1 / 60))
    assert critical_path(trade, DB).days == pytest.approx(expected)


def test_cached_figures_do_not_keep_a_process_alive():
    process = generate_process(50, seed=1)
    alive = weakref.ref(process)
    critical_path(process)
    del process
    gc.collect()
    assert alive() is None


def test_analysis_pauses_the_garbage_collector_only_while_it_runs():
    assert gc.isenabled()
    critical_path(generate_process(30, seed=2))
    assert gc.isenabled()


# -- BPMN: sub-processes, boundary events, pools --------------------------------------------

def hours(h: float) -> Duration:
    return Duration.of(h)


def test_sub_process_runs_its_inner_flow_in_place():
    p = Process("p", "P", steps=(
        Step("a", "A", work=hours(1)),
        Step("s", "Review", kind="subprocess", work=hours(1)),
        Step("s0", "Start", "event", "start", parent="s"),
        Step("x", "Inner", work=hours(2), parent="s"),
        Step("s1", "End", "event", "end", parent="s"),
        Step("b", "B", work=hours(4))),
        flows=(Flow("a", "s"), Flow("s", "b"), Flow("s0", "x"), Flow("x", "s1")))
    path = critical_path(p)
    assert path.steps == ("a", "s", "s0", "x", "s1", "b") and path.hours == 8
    assert expected_lead_time_hours(p) == best_time_hours(p) == 8
    assert timing(p).expectation.method == "exact"


def test_event_sub_process_is_left_out():
    p = Process("p", "P", steps=(
        Step("a", "A", work=hours(1)),
        Step("on_error", "On error", kind="event-subprocess"),
        Step("e0", "Error", "event", "start", parent="on_error"),
        Step("fix", "Fix", work=hours(9), parent="on_error")),
        flows=(Flow("e0", "fix"),))
    assert critical_path(p).steps == ("a",) and expected_lead_time_hours(p) == 1


def guarded_activity(p: float | None, interrupting: bool) -> Process:
    return Process("p", "P", steps=(
        Step("a", "A", work=hours(4)),
        Step("late", "Too late", "event", "boundary", interrupting=interrupting),
        Step("b", "B", work=hours(1)),
        Step("c", "Escalate", work=hours(10))),
        flows=(Flow("a", "b"), Flow("a", "late", p, kind=BOUNDARY), Flow("late", "c")))


def test_interrupting_boundary_event_is_an_exception_with_its_chance():
    assert critical_path(guarded_activity(None, True)).steps == ("a", "b")  # p not given: 0
    assert expected_lead_time_hours(guarded_activity(None, True)) == 5
    p = guarded_activity(0.25, True)
    assert critical_path(p).steps == ("a", "late", "c") and critical_path(p).hours == 14
    assert best_time_hours(p) == 5
    assert expected_lead_time_hours(p) == pytest.approx(4 + 0.75 * 1 + 0.25 * 10)
    runs = dict(zip([s.id for s in p.steps], timing(p).expectation.runs, strict=True))
    assert runs == pytest.approx({"a": 1, "late": 0.25, "b": 0.75, "c": 0.25})


def test_non_interrupting_boundary_event_runs_beside_the_activity():
    p = guarded_activity(0.5, False)
    assert critical_path(p).hours == 14 and best_time_hours(p) == 5
    # b always; the escalation as well, half the time, and the case waits for both
    assert expected_lead_time_hours(p) == pytest.approx(4 + 0.5 * 10 + 0.5 * 1)
    runs = dict(zip([s.id for s in p.steps], timing(p).expectation.runs, strict=True))
    assert runs["b"] == 1 and runs["c"] == 0.5


def test_boundary_paths_are_flows_for_handoffs():
    p = Process("p", "P", actors=(Actor("x", "X"), Actor("y", "Y")), steps=(
        Step("a", "A", actor="x"),
        Step("late", "Too late", "event", "boundary"),
        Step("b", "B", actor="y"),
        Step("c", "C", actor="y")),
        flows=(Flow("a", "b"), Flow("a", "late", 0.1, kind=BOUNDARY), Flow("late", "c")))
    critical_path(p)
    assert count_handoffs(p, timing(p).graph) == count_handoffs(p) == (2, 0)


def test_start_events_of_different_pools_run_side_by_side():
    def collaboration(second_pool: str) -> Process:
        return Process("p", "P", actors=(Actor("me", "Me", "citizen", pool="citizen"),
                                         Actor("desk", "Desk", pool=second_pool)), steps=(
            Step("s1", "Applies", "event", "start", actor="me"),
            Step("a", "A", actor="me", work=hours(2)),
            Step("s2", "Opens the file", "event", "start", actor="desk"),
            Step("b", "B", actor="desk", work=hours(6))),
            flows=(Flow("s1", "a"), Flow("s2", "b")))

    apart = collaboration("office")
    assert expected_lead_time_hours(apart) == best_time_hours(apart) == 6
    same = collaboration("citizen")  # two starts of one process: alternatives
    assert expected_lead_time_hours(same) == 4 and best_time_hours(same) == 2


# -- best time: only ends that deliver count ---------------------------------------------

def _with_rejection(end_step: str) -> str:
    return f"""bpmodel: 1
process: {{id: r, name: R}}
actors: [{{id: clerk, name: Clerk}}]
steps:
  - {{id: check, name: Check the file, actor: clerk, work: 1h}}
  - id: valid
    name: Valid?
    type: gateway
    kind: xor
    next: [{{to: issue, p: 0.8}}, {{to: back, p: 0.2}}]
{end_step}
  - {{id: issue, name: Issue the permit, actor: clerk, work: 2h, wait: 3d}}
"""


@pytest.mark.parametrize("end_step", [
    "  - {id: back, name: Berkas dikembalikan, type: event, kind: end}",
    "  - {id: back, name: Application rejected, type: event, kind: end}",
    "  - {id: back, name: Stop, type: event, kind: end, trigger: error}",
])
def test_best_time_ignores_ends_that_turn_the_application_down(end_step):
    from bpmodel.io.yaml import loads_yaml

    process = loads_yaml(_with_rejection(end_step)).process
    assert best_time_hours(process) == pytest.approx(1 + 2 + 24)


def test_best_time_when_every_end_is_a_rejection_takes_the_shortest():
    from bpmodel.io.yaml import loads_yaml

    text = _with_rejection("  - {id: back, name: Ditolak, type: event, kind: end}")
    text = text.replace("name: Issue the permit", "name: Permohonan ditolak")
    assert best_time_hours(loads_yaml(text).process) == pytest.approx(1)
