"""The one-pass answers of ``analysis/components.py`` (and what is built on them: the
facts of order, the findings on demand) agree with their definitions, worked out here
the slow way: one search along the flows per step."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import bpmodel
from bpmodel.analysis.components import bits_of, carried, strong_components
from bpmodel.analysis.findings import FindingsOnDemand, find
from bpmodel.analysis.presence import (
    feeds_result,
    inspection_stage,
    is_collection,
    issues_result,
    ordered_pairs,
    presence_of,
    produced_inside,
)
from bpmodel.io.yaml import loads_yaml
from bpmodel.model import Flow, Process, Step
from bpmodel.validate import reachable_from

from conftest import ROOT

sys.path.insert(0, str(Path(__file__).resolve().parent))
import record_engine_results as recording  # noqa: E402

sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate_process  # noqa: E402

NAMES = ("Sign the permit", "Collect the permit", "Verify land title", "Foundation inspection",
         "Final inspection", "Approve the decision", "Pay the fee", "Pengambilan SK izin",
         "Pemeriksaan lapangan")


def _named(seed: int) -> Process:
    """A generated process with loops and jumps whose tasks sign, check, inspect at
    construction stages and collect, so that many pairs have a fixed order."""
    process = generate_process(240, seed=seed, jumps=0.3)
    steps = tuple(replace(s, name=NAMES[(i // 3) % len(NAMES)])
                  if s.is_task and i % 3 == 0 else s for i, s in enumerate(process.steps))
    return process.evolve(steps=steps)


def _cases() -> list[Process]:
    drawn = json.loads(recording.DRAWN.read_text(encoding="utf-8"))
    return [*(bpmodel.load_process(p) for p in recording.input_files()),
            *(loads_yaml(text).process for text in drawn[:8]),
            *(_named(seed) for seed in (1, 2, 3))]


CASES = _cases()


def _strictly_before(process: Process, step_id: str) -> set[str]:
    before = reachable_from(process, [step_id], backwards=True)
    return before - reachable_from(process, [step_id]) - {step_id}


def _pairs_by_search(process: Process) -> set[tuple[str, str]]:
    """ordered_pairs as its doc defines it, with one backward and one forward search per
    step."""
    tasks = [s for s in process.steps if s.is_task]
    pairs = set()
    staged = [(s, stage) for s in tasks
              if presence_of(s) == "on-site" and (stage := inspection_stage(s))]
    for step, stage in staged if len(staged) > 1 else ():
        before = _strictly_before(process, step.id)
        pairs |= {(o.id, step.id) for o, other in staged if o.id in before and other != stage}
    results = [s for s in tasks if issues_result(s)]
    if not results:
        return pairs
    feeders = [s for s in tasks if feeds_result(s)]
    users = [s for s in tasks if is_collection(process, s, produced_inside(process))]
    for result in results:
        before = _strictly_before(process, result.id)
        pairs |= {(f.id, result.id) for f in (*feeders, *results) if f.id in before}
    for user in users:
        before = _strictly_before(process, user.id)
        pairs |= {(r.id, user.id) for r in results if r.id in before}
    return pairs


def test_components_are_the_loops_in_order():
    p = Process("p", "P", steps=tuple(Step(x, x.upper()) for x in "abcd"),
                flows=(Flow("a", "b"), Flow("b", "c"), Flow("c", "b"), Flow("c", "d"),
                       Flow("d", "d")))
    found = strong_components(p)
    assert [sorted(m) for m in found.members] == [["a"], ["b", "c"], ["d"]]
    assert found.looping == (False, True, True)
    assert found.of["c"] == found.of["b"] == 1


@pytest.mark.parametrize("process", CASES[-3:], ids=lambda p: p.id)
def test_carried_is_what_a_search_from_each_step_finds(process):
    ids = [s.id for s in process.steps]
    marks = bits_of(ids[::7])
    reached = carried(process, marks)
    strictly = carried(process, marks, own_loop=False)
    for step_id in ids[::5]:
        before = reachable_from(process, [step_id], backwards=True)
        # a way of at least one flow: the step itself only when it is in a loop
        in_loop = step_id in reachable_from(process, [f.target
                                                      for f in process.outgoing(step_id)])
        expected = {m for m in marks if m in before and (m != step_id or in_loop)}
        assert {m for m in marks if reached[step_id] & marks[m]} == expected
        assert {m for m in marks if strictly[step_id] & marks[m]} == \
            {m for m in marks if m in _strictly_before(process, step_id)}


def test_ordered_pairs_as_defined_on_every_case():
    pairs = 0
    for process in CASES:
        expected = _pairs_by_search(process)
        assert ordered_pairs(process) == expected, process.id
        pairs += len(expected)
    assert pairs > 1000  # the cases have many facts of order


@pytest.mark.parametrize("process", CASES[:3] + CASES[-1:], ids=lambda p: p.id)
def test_findings_on_demand_are_find_with_select(process):
    on_demand = FindingsOnDemand(process)
    for rules in (["extra-visit"], ["deadlock", "lack-of-synchronization"],
                  ["duplicate-step", "rework-loop", "extra-visit"], ["structure"]):
        assert on_demand.of(rules) == find(process, select=rules)
    assert on_demand.of([]) == []


def _in_time_for_by_search(process: Process, keeper: Step, removed: Step) -> bool:
    """in_time_for as its doc defines it: two searches for every decision after ``removed``."""
    after = reachable_from(process, [removed.id]) - {removed.id}
    return all(keeper.id in _strictly_before(process, step_id) for step_id in after
               if process.has_step(step_id) and issues_result(process.step(step_id)))


@pytest.mark.parametrize("case", range(len(CASES)))
def test_in_time_for_with_three_searches_is_the_definition(case):
    """Whether a kept check still comes before every decision the removed one came
    before: three searches in all (issue 19: two per decision made removing duplicates
    cubic on long chains of checks and signatures)."""
    from bpmodel.analysis.presence import in_time_for

    process = CASES[case]
    tasks = [s for s in process.steps if s.is_task]
    checked = tasks[:: max(1, len(tasks) // 12)]
    for keeper in checked:
        for removed in checked:
            assert in_time_for(process, keeper, removed) == _in_time_for_by_search(
                process, keeper, removed), (keeper.id, removed.id)
