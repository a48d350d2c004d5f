"""The facts of order held as one bit set a step (``presence.order_facts``) say what the
list of pairs said before (issue 19: ``ordered_pairs`` listed every pair, quadratic on a
long chain of checks and signatures), and the guards that read them refuse the same
variants with the same words, in the same order."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpmodel.analysis.components import bits_of, carried
from bpmodel.analysis.presence import (
    feeds_result,
    inspection_stage,
    is_collection,
    issues_result,
    order_facts,
    ordered_pairs,
    presence_of,
    produced_inside,
)
from bpmodel.i18n import _
from bpmodel.model import Flow, Process
from bpmodel.simplify.edit import EditError, merge_steps, remove_step
from bpmodel.simplify.guards import Guards

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from benchmarks.generate import alternating_checks, generate_process  # noqa: E402

NAMES = ("Sign the permit", "Collect the permit", "Verify land title", "Foundation inspection",
         "Final inspection", "Approve the decision", "Pay the fee", "Pengambilan SK izin",
         "Pemeriksaan lapangan", "Roof inspection")


def _listed_pairs(process: Process) -> set[tuple[str, str]]:
    """``ordered_pairs`` as it was before the bit sets: every pair listed, one set of names
    of what comes strictly before each later step."""
    tasks = [s for s in process.steps if s.is_task]
    pairs: set[tuple[str, str]] = set()
    staged = [(s, stage) for s in tasks
              if presence_of(s) == "on-site" and (stage := inspection_stage(s))]
    if len(staged) < 2:
        staged = []
    results = [s for s in tasks if issues_result(s)]
    feeders = [s for s in tasks if feeds_result(s)] if results else []
    produced = produced_inside(process)
    users = [s for s in tasks if is_collection(process, s, produced)] if results else []
    if not (staged or results):
        return pairs
    candidates = list(dict.fromkeys(s.id for s in (*(s for s, _ in staged), *feeders,
                                                   *results)))
    bit = bits_of(candidates)
    strictly = carried(process, bit, own_loop=False)

    def before(step_id: str) -> set[str]:
        return {c for c in candidates if strictly[step_id] & bit[c]}

    for step, stage in staged:
        earlier = before(step.id)
        pairs.update((other.id, step.id) for other, other_stage in staged
                     if other.id in earlier and other_stage != stage)
    for result in results:
        earlier = before(result.id)
        pairs.update((f.id, result.id) for f in (*feeders, *results) if f.id in earlier)
    for user in users:
        earlier = before(user.id)
        pairs.update((r.id, user.id) for r in results if r.id in earlier)
    return pairs


def _listed_order_problems(original: Process, variant: Process) -> list[str]:
    """The guards' words for the facts of order a variant breaks, from the sorted list of
    pairs, as they were worked out before the bit sets."""
    kept = [(earlier, later) for earlier, later in sorted(_listed_pairs(original))
            if variant.has_step(earlier) and variant.has_step(later)]
    bit = bits_of(earlier for earlier, _ in kept)
    reached = carried(variant, bit) if kept else {}
    return [_("step {later} would no longer come after {earlier}, whose result it rests "
              "on").format(later=repr(later), earlier=repr(earlier))
            for earlier, later in kept if not reached[later] & bit[earlier]]


def _named_process(size: int, seed: int, jumps: float) -> Process:
    """A generated process (loops, parallel branches, jumps) whose tasks sign, check,
    inspect at construction stages and collect."""
    process = generate_process(size, seed=seed, jumps=jumps)
    steps = tuple(replace(s, name=NAMES[(i * 7 + seed) % len(NAMES)])
                  if s.is_task and (i + seed) % 2 == 0 else s
                  for i, s in enumerate(process.steps))
    return process.evolve(steps=steps)


@st.composite
def named_processes(draw) -> Process:
    return _named_process(draw(st.integers(4, 70)), draw(st.integers(0, 10_000)),
                          draw(st.sampled_from([0.0, 0.3, 0.8])))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(named_processes())
def test_the_bit_sets_hold_the_pairs_the_list_held(process):
    facts = order_facts(process)
    assert facts.pairs() == ordered_pairs(process) == _listed_pairs(process)
    for later in facts.earlier:  # every later step names what it rests on, in order
        named = facts.before(later)
        assert named == [c for c in facts.candidates if (c, later) in facts.pairs()]


def _variants(process: Process, data) -> Process:
    """A variant that changes the graph: a step removed, two consecutive steps merged, a
    flow rerouted past a step or turned round (the order checks read any graph)."""
    tasks = [s for s in process.steps if s.is_task]
    step = data.draw(st.sampled_from(tasks))
    how = data.draw(st.sampled_from(["remove", "merge", "skip", "turn"]))
    with contextlib.suppress(EditError):
        if how == "remove":
            return remove_step(process, step.id)
        if how == "merge":
            following = process.successors(step.id)
            if len(following) == 1:
                return merge_steps(process, step.id, following[0].id,
                                   replace(step, name=f"{step.name}; {following[0].name}"))
    flows = process.flows
    k = data.draw(st.integers(0, len(flows) - 1))
    if how == "turn":
        turned = replace(flows[k], source=flows[k].target, target=flows[k].source)
        return process.evolve(flows=flows[:k] + (turned,) + flows[k + 1:])
    skipped = [f for f in flows if f.source == flows[k].target]
    if skipped:
        return process.evolve(flows=flows[:k] + (replace(flows[k], target=skipped[0].target),)
                              + flows[k + 1:])
    return process.evolve(flows=flows[:k] + flows[k + 1:])


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_the_guards_refuse_what_they_refused_with_the_list_of_pairs(data):
    original = _named_process(data.draw(st.integers(8, 60)), data.draw(st.integers(0, 10_000)),
                              data.draw(st.sampled_from([0.0, 0.5])))
    variant = _variants(original, data)
    guards = Guards(original, "bold")
    problems = guards.order_problems(variant)
    listed = _listed_order_problems(original, variant)
    facts_of_order = [p for p in problems if "whose result it rests on" in p]
    assert facts_of_order == listed


def test_a_long_chain_of_checks_and_signatures_is_held_without_listing_its_pairs():
    process = alternating_checks(4_000)  # 3 million pairs: listing them took minutes a round
    facts = order_facts(process)
    assert len(facts.earlier) == 2_000  # every signature, none of the checks
    assert sorted(facts.before("s3999")) == sorted(s.id for s in process.steps[:-1])
    assert facts.before("s1") == ["c0"]
    # taking the first signature out breaks nothing; moving the last check after the last
    # signature breaks exactly one fact
    assert Guards(process).order_problems(remove_step(process, "s1")) == []
    steps = process.steps
    swapped = process.evolve(steps=steps, flows=(
        *(Flow(a.id, b.id) for a, b in zip(steps[:-2], steps[1:-2])),
        Flow("s3997", "s3999"), Flow("s3999", "c3998")))
    assert Guards(process).order_problems(swapped) == [
        "step 's3999' would no longer come after 'c3998', whose result it rests on"]


def test_many_broken_facts_are_told_in_the_order_of_the_sorted_pairs():
    for original in (alternating_checks(30), _named_process(80, 5, 0.3)):
        turned = original.evolve(flows=tuple(replace(f, source=f.target, target=f.source)
                                             for f in original.flows))
        problems = [p for p in Guards(original).order_problems(turned)
                    if "whose result it rests on" in p]
        assert len(problems) > 10
        assert problems == _listed_order_problems(original, turned)
