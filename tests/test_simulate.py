"""The Monte Carlo without capacities: against exact quantiles, the analytic expected lead time,
and known maxima; reproducible by seed; the steps that drive the tail."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

import bpmodel
from bpmodel.analysis.paths import expected_lead_time_hours
from bpmodel.io.yaml import loads_yaml
from bpmodel.model import Duration, Flow, Process, Step
from bpmodel.simulate.errors import SimulationError
from bpmodel.simulate.montecarlo import monte_carlo
from bpmodel.simulate.report import simulate
from bpmodel.simulate.summary import describe, tail_drivers

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = sorted((ROOT / "processes").glob("*.yaml"))


def one_step(duration: Duration) -> Process:
    return Process("p", "P", steps=(Step("a", "A", work=duration),))


def bisect(cdf, q: float, low: float, high: float) -> float:
    for _ in range(80):
        mid = (low + high) / 2
        low, high = (mid, high) if cdf(mid) < q else (low, mid)
    return (low + high) / 2


def beta_2_4_cdf(x: float) -> float:
    """The CDF of Beta(2, 4), the PERT shape of the range 0, 2.5, 10 (scaled to 0..1)."""
    return sum(math.comb(5, j) * x ** j * (1 - x) ** (5 - j) for j in range(2, 6))


def triangular_quantile(q: float, a: float, m: float, b: float) -> float:
    if q < (m - a) / (b - a):
        return a + math.sqrt(q * (b - a) * (m - a))
    return b - math.sqrt((1 - q) * (b - a) * (b - m))


@pytest.mark.parametrize("q", [50, 90])
def test_pert_step_matches_exact_quantiles(q):
    lead = monte_carlo(one_step(Duration(0.0, 2.5, 10.0)), 200_000, seed=7).lead_times
    exact = 10 * bisect(beta_2_4_cdf, q / 100, 0.0, 1.0)
    assert np.percentile(lead, q) == pytest.approx(exact, rel=0.01)
    assert lead.mean() == pytest.approx(Duration(0.0, 2.5, 10.0).hours, rel=0.01)


@pytest.mark.parametrize("q", [50, 90])
def test_triangular_step_matches_exact_quantiles(q):
    lead = monte_carlo(one_step(Duration(2.0, 3.0, 12.0)), 200_000, seed=7,
                       distribution="triangular").lead_times
    assert np.percentile(lead, q) == pytest.approx(triangular_quantile(q / 100, 2, 3, 12),
                                                   rel=0.01)
    assert lead.min() >= 2.0 and lead.max() <= 12.0


def _close_to_expected(process: Process, cases: int = 40_000, seed: int = 3) -> None:
    """The simulated mean is the analytic expected lead time, within four standard errors
    (and the standard error is small enough for that to say something)."""
    lead = monte_carlo(process, cases, seed=seed).lead_times
    expected = expected_lead_time_hours(process)
    error = lead.std() / math.sqrt(cases)
    assert abs(lead.mean() - expected) <= 4 * error + 1e-9 * expected
    assert 4 * error <= 0.03 * max(expected, 1e-9) or error == 0


@pytest.mark.parametrize("path", [bpmodel.default_process_path(), *CATALOGUE],
                         ids=lambda p: Path(p).stem)
def test_mean_equals_expected_lead_time_on_the_catalogue(path):
    process = bpmodel.load_process(path)
    if expected_lead_time_hours(process) == 0:
        with pytest.raises(SimulationError, match="no step of the process has a duration"):
            simulate(process, 100)
        return
    _close_to_expected(process)


RANGED = """
bpmodel: 1
process: {id: ranged, name: Ranged, target: 6d}
actors: [{id: clerk, name: Clerk}]
steps:
  - {id: submit, name: Submit, actor: clerk, work: {min: 1h, likely: 2h, max: 9h}}
  - id: check
    name: Check
    actor: clerk
    work: 2-6h
    wait: {min: 1d, likely: 2d, max: 6d}
  - id: complete
    name: Complete?
    type: gateway
    kind: xor
    next: [{to: fix, p: 0.3}, {to: split, p: 0.7}]
  - {id: fix, name: Fix, actor: clerk, work: 1-3d, next: check}
  - {id: split, name: Reviews, type: gateway, kind: or,
     next: [{to: tech, p: 0.6}, {to: env, p: 0.2}, {to: join, default: true}]}
  - {id: tech, name: Tech review, actor: clerk, work: 1-4d, next: join}
  - {id: env, name: Env review, actor: clerk, work: 2d, next: join}
  - {id: join, name: Join, type: gateway, kind: or}
  - {id: route, name: Route, type: gateway, kind: xor,
     next: [{to: fast, p: 0.25}, {to: slow, p: 0.75}]}
  - {id: fast, name: Fast, actor: clerk, work: 1h, next: merge}
  - {id: slow, name: Slow, actor: clerk, work: {min: 1d, likely: 1d, max: 5d}, next: merge}
  - {id: merge, name: Merge, type: gateway, kind: xor}
  - {id: sign, name: Sign, actor: clerk, work: 30min, next: end}
"""


def test_mean_equals_expected_with_ranges_loops_and_inclusive_blocks():
    process = loads_yaml(RANGED).process
    _close_to_expected(process)


def test_inclusive_without_default_is_read_on_at_least_one_branch():
    text = RANGED.replace("{to: join, default: true}", "{to: nothing, p: 0.1}").replace(
        "  - {id: join, name: Join", "  - {id: nothing, name: Nothing, next: join}\n"
        "  - {id: join, name: Join")
    _close_to_expected(loads_yaml(text).process)


def parallel_of_choices() -> Process:
    """Two parallel branches, each 10h half of the time: the longest is 10h in 3 of 4 cases."""
    steps = [Step("s", "S", "gateway", "and"), Step("j", "J", "gateway", "and")]
    flows = [Flow("j", "end") if False else Flow("s", "c1"), Flow("s", "c2")]
    for c in ("c1", "c2"):
        steps += [Step(c, c, "gateway", "xor"), Step(c + "a", "A", work=Duration.of(10.0)),
                  Step(c + "b", "B"), Step(c + "m", "M", "gateway", "xor")]
        flows += [Flow(c, c + "a", 0.5), Flow(c, c + "b", 0.5), Flow(c + "a", c + "m"),
                  Flow(c + "b", c + "m"), Flow(c + "m", "j")]
    return Process("p", "P", steps=tuple(steps), flows=tuple(flows))


def test_parallel_branches_take_the_longest_in_each_case():
    process = parallel_of_choices()
    lead = monte_carlo(process, 100_000, seed=5).lead_times
    assert lead.mean() == pytest.approx(7.5, rel=0.01)  # E[max], the true figure
    assert expected_lead_time_hours(process) == pytest.approx(5.0)  # the analytic lower bound
    result = simulate(process, 20_000)
    assert any("truer" in note for note in result.notes)


def test_same_seed_same_figures_and_another_seed_others():
    process = loads_yaml(RANGED).process
    first = monte_carlo(process, 5000, seed=11).lead_times
    assert np.array_equal(first, monte_carlo(process, 5000, seed=11).lead_times)
    assert not np.array_equal(first, monte_carlo(process, 5000, seed=12).lead_times)


def test_share_within_target_and_percentiles():
    process = loads_yaml(RANGED).process
    result = simulate(process, 20_000, seed=2)
    lead = result.free.lead_times
    d = result.free_lead
    assert d.within_target == pytest.approx(np.mean(lead <= process.target.hours))
    assert 0 < d.within_target < 1
    assert d.percentile(50) <= d.percentile(80) <= d.percentile(90) <= d.percentile(95)
    assert describe(lead, None, 8.0).within_target is None


def test_the_step_with_the_widest_range_drives_the_tail():
    steps = (Step("a", "A", work=Duration.of(8.0)), Step("b", "B", work=Duration(1.0, 2.0, 3.0)),
             Step("c", "C", work=Duration(8.0, 16.0, 120.0)))
    process = Process("p", "P", steps=steps, flows=(Flow("a", "b"), Flow("b", "c")))
    result = monte_carlo(process, 20_000, seed=4)
    drivers = tail_drivers(result)
    assert drivers[0].step == "c" and drivers[0].on_longest == 1.0
    assert "a" not in [d.step for d in drivers]  # a fixed step drives nothing
    # the excesses of all steps add up to how much longer a slow case takes
    lead = result.critical_lead_times
    slow = lead >= np.quantile(lead, 0.9)
    total = sum(c[slow].mean() - c.mean() for c in result.critical.values())
    assert total == pytest.approx(lead[slow].mean() - lead.mean())


def test_a_process_with_the_same_time_in_every_case_has_no_tail():
    process = bpmodel.load_process(ROOT / "processes" / "pbg-pp16-2021.yaml")
    assert tail_drivers(monte_carlo(process, 1000)) == ()


def test_critical_times_add_up_to_the_lead_time():
    result = monte_carlo(loads_yaml(RANGED).process, 5000, seed=9)
    total = sum(result.critical.values())
    assert np.allclose(total, result.lead_times)


JUMP = """
bpmodel: 1
process: {id: jump, name: Jump into a block}
actors: [{id: c, name: C}]
steps:
  - {id: a, name: A, actor: c, work: 2h}
  - {id: g1, name: G1, type: gateway, kind: xor, next: [{to: b, p: 0.4}, {to: cc, p: 0.6}]}
  - {id: b, name: B, actor: c, work: 3h}
  - {id: g2, name: G2, type: gateway, kind: xor, next: [{to: d, p: 0.5}, {to: e, p: 0.5}]}
  - {id: cc, name: CC, actor: c, work: 7h, next: d}
  - {id: d, name: D, actor: c, work: {min: 1h, likely: 2h, max: 9h}, next: end}
  - {id: e, name: E, actor: c, work: 1h, next: end}
"""

OR_JOIN = """
bpmodel: 1
process: {id: orjoin, name: An or join that one branch may skip}
actors: [{id: c, name: C}]
steps:
  - {id: s, name: Split, type: gateway, kind: or, next: [{to: a, p: 0.5}, {to: b, p: 0.5}]}
  - {id: a, name: A, actor: c, work: 10h, next: j}
  - {id: b, name: B, actor: c, work: 20h}
  - {id: x, name: X, type: gateway, kind: xor, next: [{to: j, p: 0.5}, {to: e2, p: 0.5}]}
  - {id: e2, name: End 2, type: event, kind: end}
  - {id: j, name: Join, type: gateway, kind: or}
  - {id: c1, name: C, actor: c, work: 1h, next: end}
"""

OWN_ENDS = """
bpmodel: 1
process: {id: ends, name: Parallel branches with their own ends}
actors: [{id: c, name: C}]
steps:
  - {id: s, name: Start, type: event, kind: start}
  - {id: f, name: Fork, type: gateway, kind: and, next: [a, x]}
  - {id: a, name: A, actor: c, work: 10h, next: end1}
  - {id: end1, name: End 1, type: event, kind: end}
  - {id: x, name: X, type: gateway, kind: xor, next: [{to: short, p: 0.5}, {to: long, p: 0.5}]}
  - {id: short, name: Short, actor: c, work: 5h, next: end2}
  - {id: long, name: Long, actor: c, work: 20h, next: end3}
  - {id: end2, name: End 2, type: event, kind: end}
  - {id: end3, name: End 3, type: event, kind: end}
"""


def test_an_unstructured_process_runs_token_by_token():
    process = loads_yaml(JUMP).process
    result = monte_carlo(process, 20_000, seed=2)
    assert result.critical is None and tail_drivers(result) == ()
    _close_to_expected(process, 20_000)  # exact for choices alone


def test_an_or_join_waits_until_no_token_can_reach_it():
    # {A}: 11h; {B}: 21h or 20h (B skips the join); {A, B}: 21h, or 20h when B skips the
    # join and A goes on alone at 10h; each set a third of the time (at least one taken)
    lead = monte_carlo(loads_yaml(OR_JOIN).process, 40_000, seed=2).lead_times
    assert lead.mean() == pytest.approx(52 / 3, rel=0.01)
    assert set(np.unique(lead)) == {11.0, 20.0, 21.0}


def test_a_case_ends_when_its_last_branch_ends():
    lead = monte_carlo(loads_yaml(OWN_ENDS).process, 20_000, seed=2).lead_times
    assert lead.mean() == pytest.approx(15.0, rel=0.02)  # max(10, 5 or 20)


def test_an_unstructured_process_under_load():
    from bpmodel.simulate.queueing import simulate_load

    process = loads_yaml(JUMP.replace("actors: [{id: c, name: C}]",
                                      "actors: [{id: c, name: C, staff: 2}]").replace(
        "{id: jump, name: Jump into a block}", "{id: jump, name: Jump, volume: 300}")).process
    result = simulate_load(process, 3000, seed=1)
    assert result.stable and result.lead_times.size == 3000
    assert result.lead_times.mean() >= expected_lead_time_hours(process)
    report = simulate(process, 2000)
    assert report.load_lead is not None


def test_many_equal_steps_have_no_single_driver():
    from bpmodel.simulate.report import render_text, simulation_report

    steps = tuple(Step(f"s{i}", f"S{i}", work=Duration(1.0, 2.0, 3.0)) for i in range(100))
    flows = tuple(Flow(f"s{i}", f"s{i + 1}") for i in range(99))
    text = render_text(simulation_report(simulate(Process("p", "P", steps=steps,
                                                          flows=flows), 4000)))
    assert "No single step stands out" in text
