"""The guards of a round cost in proportion to its change (issue 19): what the round's
original needs is handed on from the round before and updated around the changed steps,
the order of documents of a series merge is asked only of the merged step, and
compose-steps' pairs in series are updated after each change. These tests run the engine
on catalogue processes and on hypothesis-made ones and compare, for every variant it
checks and every round's guards it makes, the shortcut with the full computation."""

from __future__ import annotations

import contextlib
import sys
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_engine_sharing import _reference_violations
from test_series_merge import _series_pairs, graphs
from test_simplify_properties import processes

import bpmodel
from bpmodel.analysis.findings import find
from bpmodel.model import Process
from bpmodel.simplify import engine
from bpmodel.simplify.documents_order import DocumentOrder, document_order, documents_made
from bpmodel.simplify.edit import (
    EditError,
    canonical,
    merge_steps,
    remove_step,
    replace_step,
    touched_steps,
)
from bpmodel.simplify.guards import BEHAVIOUR_RULES, Guards
from bpmodel.simplify.rewrites import compose_steps, reduce_visits

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate_process  # noqa: E402

PROCESSES = ROOT / "processes"


def _catalogue() -> list[tuple[str, Process]]:
    found = [("bundled", bpmodel.load_process(bpmodel.default_process_path())),
             ("generated-200", generate_process(200, seed=1)),
             ("generated-jumps", generate_process(150, seed=2, jumps=0.5))]
    for path in sorted(PROCESSES.rglob("*.yaml"))[:4]:
        found.append((path.name, bpmodel.load_process(path)))
    return found


CATALOGUE = _catalogue()


def _documents(order: DocumentOrder) -> tuple:
    """The order of documents by name (bits and loops are numbered per computation)."""
    loops: dict[int, set[str]] = {}
    for step, loop in order.loop_of.items():
        loops.setdefault(loop, set()).add(step)
    return ({step: {d for d, bit in order.bit.items() if outside & bit}
             for step, outside in order.outside.items()},
            {d: set(steps) for d, steps in order.producers.items()},
            sorted(sorted(members) for members in loops.values()))


def _same_needs(taken: Guards, fresh: Guards) -> None:
    """What ``taken`` (handed on) holds of its original is what ``fresh`` works out."""
    known = taken.needs.__dict__
    for part in ("already", "made_inside", "unique_ids"):
        if part in known:
            assert getattr(taken.needs, part) == getattr(fresh.needs, part), part
    if "inside_needs" in known:  # in the order of the steps too
        assert list(taken.inside_needs.items()) == list(fresh.inside_needs.items())
    if "documents" in known:
        derived, afresh = taken.needs.documents, document_order(fresh.original)
        assert _documents(derived) == _documents(afresh)
    if "order" in known:
        assert taken.order.pairs() == fresh.order.pairs()
    assert taken.kept == fresh.kept
    assert taken.present == fresh.present


def _same_indexes_as_fresh(process: Process) -> None:
    """The flow indexes ``process`` took over or patched (if any) are a fresh build's: the
    same keys in the same order, and the same flow objects in the same order."""
    from bpmodel.model import _SOURCE, _TARGET, _flows_by

    if "_steps_by_id" in process.__dict__:
        assert [(k, id(v)) for k, v in process.__dict__["_steps_by_id"].items()] == \
            [(k, id(v)) for k, v in {s.id: s for s in process.steps}.items()]
    if "gateways" in process.__dict__:  # taken over, or worked out
        CheckedGuards.seen["gateways"] = CheckedGuards.seen.get("gateways", 0) + 1
        assert list(map(id, process.__dict__["gateways"])) == \
            [id(s) for s in process.steps if s.is_gateway]
    for index, end in (("_outgoing", _SOURCE), ("_incoming", _TARGET)):
        if index in process.__dict__:
            CheckedGuards.seen["indexes"] = CheckedGuards.seen.get("indexes", 0) + 1
            fresh = _flows_by(process.steps, process.flows, end)
            assert [(k, list(map(id, v))) for k, v in process.__dict__[index].items()] == \
                [(k, list(map(id, v))) for k, v in fresh.items()], index


@contextlib.contextmanager
def _nothing_said():
    """Nothing the edits said of the processes they made is known inside (each shortcut
    then works out what it reads)."""
    from bpmodel.analysis import components

    said = list(components._EDITED), list(components._REPLACED)
    components._EDITED.clear()
    components._REPLACED.clear()
    try:
        yield
    finally:
        components._EDITED[:], components._REPLACED[:] = said


def _merge_afresh(original: Process, variant: Process):
    """The places of a series merge worked out with nothing an edit said."""
    from bpmodel.analysis import components

    with _nothing_said():
        return components._find_merge(original, variant)


def _in_place_afresh(original: Process, variant: Process):
    """:meth:`Guards._in_place` worked out with nothing an edit said."""
    with _nothing_said():
        return Guards(original)._in_place(variant)


class CheckedGuards(Guards):
    """Guards that check every shortcut against the full computation as the engine runs."""

    seen = {"rounds": 0, "variants": 0, "merges": 0, "merges on a loop": 0, "needs changed": 0}

    def __init__(self, original, level=None, found=None, earlier=None):
        super().__init__(original, level, found, earlier)
        if earlier is not None:
            CheckedGuards.seen["rounds"] += 1
            _same_needs(self, Guards(original, level))
        if self._behaviour is not None:  # handed on by the guards that checked original
            CheckedGuards.seen["behaviour handed on"] = \
                CheckedGuards.seen.get("behaviour handed on", 0) + 1
            assert self._behaviour == [f.message for f in find(original, select=BEHAVIOUR_RULES)]

    def violations(self, variant):
        CheckedGuards.seen["variants"] += 1
        _same_indexes_as_fresh(variant)
        from bpmodel.analysis import components
        if components._edited_merge(self.original, variant) is not None:  # an edit said so
            CheckedGuards.seen["merge said"] = CheckedGuards.seen.get("merge said", 0) + 1
            assert components._find_merge(self.original, variant) == \
                _merge_afresh(self.original, variant)
        from bpmodel.simplify import edit
        if edit._known_canonical(variant):  # an edit said it kept the order
            CheckedGuards.seen["canonical said"] = \
                CheckedGuards.seen.get("canonical said", 0) + 1
            assert edit._canonical(variant) is variant
        from bpmodel.simplify.edit import _known_touched
        if _known_touched(self.original, variant) is not None:  # an edit said so
            CheckedGuards.seen["touched said"] = CheckedGuards.seen.get("touched said", 0) + 1
            assert touched_steps(self.original, variant) == \
                _touched_afresh(self.original, variant)
        if components.replaced_place(self.original, variant) is not None:  # an edit said
            CheckedGuards.seen["replace said"] = CheckedGuards.seen.get("replace said", 0) + 1
            assert list(components.changed_pairs(self.original, variant)) == [
                (x, y) for x, y in zip(self.original.steps, variant.steps) if x is not y]
        assert self._in_place(variant) == _in_place_afresh(self.original, variant)
        problems = super().violations(variant)
        for known, parents in components._PARENTS:  # handed on by a series merge
            if known() is variant:
                CheckedGuards.seen["parents"] = CheckedGuards.seen.get("parents", 0) + 1
                assert parents == {s.parent for s in variant.steps}
        assert problems == _reference_violations(self.original, variant, self.level)
        fresh = Guards(self.original, self.level)
        assert self.order_problems(variant) == fresh.order_problems_in_full(variant)
        if self._needs_order_problems(variant) is not None:
            CheckedGuards.seen["needs changed"] += 1
        if self._merge_order_problems(variant) is not None:
            CheckedGuards.seen["merges"] += 1
            first = self._merge_keeping_documents(variant)[0]
            if first.id in self.needs.documents.loop_of:
                CheckedGuards.seen["merges on a loop"] += 1
        return problems


def _checked_pairs(process: Process) -> list[str]:
    """compose-steps' pairs in series, updated from the last process asked of, compared
    with a fresh search over every step."""
    found = series_pairs_updated(process)
    assert found == [s.id for s in process.steps if compose_steps._pair_at(process, s)]
    CheckedGuards.seen["pairs"] = CheckedGuards.seen.get("pairs", 0) + 1
    return found


series_pairs_updated = compose_steps.series_pairs


def _checked_documents_made(process: Process) -> frozenset[str]:
    """The documents made inside ``process``, handed on from a recent process, compared
    with a fresh pass over every step."""
    found = documents_made(process)
    assert found == {d for s in process.steps for d in s.produces}
    CheckedGuards.seen["documents made"] = CheckedGuards.seen.get("documents made", 0) + 1
    return found


def _counted_update(*args):
    """compose-steps' update of its pairs, counting those whose order it took over."""
    found = updated_pairs(*args)
    if found is not None and found[1] is not None:
        CheckedGuards.seen["pairs in order"] = CheckedGuards.seen.get("pairs in order", 0) + 1
    return found


updated_pairs = compose_steps._updated


def _run_checked(monkeypatch, process: Process, level: str = "bold") -> None:
    monkeypatch.setattr(engine, "Guards", CheckedGuards)
    monkeypatch.setattr(compose_steps, "_updated", _counted_update)
    monkeypatch.setattr(compose_steps, "series_pairs", _checked_pairs)
    monkeypatch.setattr(reduce_visits, "documents_made", _checked_documents_made)
    engine.simplify_and_rank(process, level)


def _touched_afresh(original: Process, variant: Process) -> set[str]:
    """:func:`touched_steps` by its definition, step by step and flow by flow."""
    touched = {s.id for s in variant.steps
               if not original.has_step(s.id) or original.step(s.id) is not s}
    touched |= {s.id for s in original.steps if not variant.has_step(s.id)}
    for a, b in ((original, variant), (variant, original)):
        for flow in a.flows:
            if not any(flow is other for other in b.flows):
                touched |= {flow.source, flow.target}
    return touched


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(processes(), st.data())
def test_the_steps_an_edit_touched_are_those_of_the_definition(process, data):
    steps = process.steps
    step = data.draw(st.sampled_from(steps))
    how = data.draw(st.sampled_from(["remove", "replace", "merge", "canonical"]))
    variant = process
    with contextlib.suppress(EditError, IndexError):
        if how == "remove":
            variant = remove_step(process, step.id)
        elif how == "replace":
            variant = replace_step(process, replace(step, name="Renamed"))
        elif how == "merge":
            second = process.successors(step.id)[0]
            variant = merge_steps(process, step.id, second.id, replace(step, name="Both"))
        variant = canonical(variant)
    assert touched_steps(process, variant) == _touched_afresh(process, variant)
    if len(variant.steps) == len(process.steps):  # what replace_step said, or a scan
        from bpmodel.analysis.components import changed_pairs
        assert list(changed_pairs(process, variant)) == [
            (x, y) for x, y in zip(process.steps, variant.steps) if x is not y]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(graphs(), st.data())
def test_the_documents_made_handed_on_through_edits_are_a_fresh_count(process, data):
    """A chain of edits (steps made to make other documents, removed, merged, put in
    canonical order): the documents made inside each process, worked out from the one
    before, are those its steps make."""
    documents = st.lists(st.sampled_from(DOCUMENTS), max_size=2).map(tuple)
    current = process.evolve(steps=tuple(replace(s, produces=data.draw(documents))
                                         for s in process.steps))
    documents_made(current)
    for _edit in range(data.draw(st.integers(1, 4))):
        step = data.draw(st.sampled_from(current.steps))
        how = data.draw(st.sampled_from(["remove", "replace", "merge", "canonical"]))
        with contextlib.suppress(EditError, IndexError):
            if how == "remove":
                current = remove_step(current, step.id)
            elif how == "replace":
                current = replace_step(current, replace(step, produces=data.draw(documents)))
            elif how == "merge":
                second = current.successors(step.id)[0]
                current = merge_steps(current, step.id, second.id, replace(
                    step, produces=data.draw(documents)))
            current = canonical(current)
        assert documents_made(current) == {d for s in current.steps for d in s.produces}
        if not current.steps:
            break


@pytest.mark.parametrize("name,process", CATALOGUE, ids=[n for n, _ in CATALOGUE])
def test_every_round_of_the_engine_says_what_the_full_checks_say(monkeypatch, name, process):
    _run_checked(monkeypatch, process)


def test_the_generated_process_takes_the_shortcuts(monkeypatch):
    """A process of many merges in series goes through the merge shortcut and hands on
    what its rounds need (the comparisons above are not empty)."""
    before = dict(CheckedGuards.seen)
    _run_checked(monkeypatch, generate_process(300, seed=1))
    assert CheckedGuards.seen["merges"] - before["merges"] >= 5
    assert CheckedGuards.seen["merges on a loop"] - before["merges on a loop"] >= 1
    assert CheckedGuards.seen["rounds"] - before["rounds"] >= 10
    assert CheckedGuards.seen["pairs"] - before.get("pairs", 0) >= 10
    assert CheckedGuards.seen["touched said"] - before.get("touched said", 0) >= 10
    assert CheckedGuards.seen["merge said"] - before.get("merge said", 0) >= 5
    assert CheckedGuards.seen["canonical said"] - before.get("canonical said", 0) >= 10
    assert CheckedGuards.seen["indexes"] - before.get("indexes", 0) >= 10
    assert CheckedGuards.seen["documents made"] - before.get("documents made", 0) >= 10
    assert CheckedGuards.seen["replace said"] - before.get("replace said", 0) >= 10
    assert CheckedGuards.seen["pairs in order"] - before.get("pairs in order", 0) >= 5
    assert CheckedGuards.seen["gateways"] - before.get("gateways", 0) >= 10
    assert CheckedGuards.seen["parents"] - before.get("parents", 0) >= 5
    assert CheckedGuards.seen["behaviour handed on"] - \
        before.get("behaviour handed on", 0) >= 10


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(processes())
def test_on_hypothesis_processes_every_round_says_what_the_full_checks_say(monkeypatch,
                                                                          process):
    _run_checked(monkeypatch, process, "safe")




DOCUMENTS = ("permit", "report", "receipt")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(graphs(), st.data())
def test_a_series_merge_of_steps_with_documents_is_checked_as_in_full(process, data):
    """Random graphs (loops, unsound ones too) whose steps make and need documents: the
    merge shortcut and the next round's handed-on needs say what the full check says,
    also when the merged step made on its loop what it needs."""
    documents = st.lists(st.sampled_from(DOCUMENTS), max_size=2, unique=True).map(tuple)
    process = process.evolve(steps=tuple(
        replace(s, produces=data.draw(documents), needs=data.draw(documents))
        if s.is_task else s for s in process.steps))
    pairs = _series_pairs(process)
    if not pairs:
        return
    first, second = data.draw(st.sampled_from(pairs))
    merged = replace(first, produces=tuple(dict.fromkeys(first.produces + second.produces)),
                     needs=tuple(dict.fromkeys(first.needs + second.needs)))
    with contextlib.suppress(EditError):
        variant = merge_steps(process, first.id, second.id, merged)
        guards = Guards(process, "bold")
        assert guards.needs.already is not None  # worked out: to be handed on
        assert guards.needs.inside_needs is not None
        assert guards.order_problems(variant) == guards.order_problems_in_full(variant)
        _same_needs(Guards(variant, "bold", earlier=guards), Guards(variant, "bold"))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(processes(), st.randoms(use_true_random=False))
def test_canonical_orders_the_flows_as_a_sort_by_their_source_does(process, random):
    flows = list(process.flows)
    random.shuffle(flows)
    shuffled = process.evolve(flows=tuple(flows))
    position = {s.id: i for i, s in enumerate(process.steps)}
    expected = tuple(sorted(flows, key=lambda f: position.get(f.source, len(position))))
    assert canonical(shuffled).flows == expected
    assert canonical(process).flows is process.flows or process.flows != expected


def _dedupe_step_by_step(flows):
    seen, out = set(), []
    for flow in flows:
        plain = flow.probability is None and flow.condition is None and not flow.default
        if plain and (flow.source, flow.target) in seen:
            continue
        if plain:
            seen.add((flow.source, flow.target))
        out.append(flow)
    return tuple(out)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(processes(), st.lists(st.integers(0, 30), max_size=4))
def test_repeated_flows_are_dropped_as_one_by_one(process, repeated):
    from bpmodel.simplify.edit import _dedupe

    flows = list(process.flows)
    for i in repeated:
        if flows:
            flows.append(replace(flows[i % len(flows)], probability=None, condition=None,
                                 default=False))
    assert _dedupe(flows) == _dedupe_step_by_step(flows)


def _merged_step_by_step(process: Process, first_id: str, second_id: str, merged) -> Process:
    """merge_steps as it was written first: every flow and step looked at in turn."""
    from bpmodel.simplify.edit import _messages_moved, taking_over

    flows = []
    for flow in process.flows:
        if flow.source == first_id:
            continue
        flows.append(replace(flow, source=first_id, id=None)
                     if flow.source == second_id else flow)
    merged = taking_over(merged, process.step(second_id))
    steps = tuple(merged if s.id == first_id else s
                  for s in process.steps if s.id != second_id)
    return process.evolve(steps=steps, flows=_dedupe_step_by_step(flows),
                          message_flows=_messages_moved(process, second_id, first_id))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(graphs(), st.data())
def test_merge_steps_does_what_it_did_step_by_step(process, data):
    if data.draw(st.booleans()):  # repeated flows, which a merge drops
        process = process.evolve(flows=process.flows + process.flows[:3])
    pairs = _series_pairs(process)
    if not pairs:
        return
    first, second = data.draw(st.sampled_from(pairs))
    merged = replace(first, name="Both")
    process.outgoing("?"), process.incoming("?"), process.gateways  # to take over
    with contextlib.suppress(EditError):
        variant = merge_steps(process, first.id, second.id, merged)
        assert variant == _merged_step_by_step(process, first.id, second.id, merged)
        _same_indexes_as_fresh(variant)  # what Process.spliced was told, and took over
        again = [pair for pair in _series_pairs(variant) if pair[0].id == first.id]
        if again:  # a merge of a merge: the flows known to repeat nothing
            other = replace(again[0][0], name="All")
            assert merge_steps(variant, first.id, again[0][1].id, other) == \
                _merged_step_by_step(variant, first.id, again[0][1].id, other)


def _composable_in_full(process: Process, first, second) -> bool:
    """compose-steps' test of a pair as it was written first, nothing remembered."""
    from bpmodel.analysis.actions import action_of
    from bpmodel.analysis.presence import inspection_stage, presence_of

    sitting = compose_steps._sitting
    return (sitting(first) and sitting(second) and first.actor is not None
            and first.actor == second.actor and not first.keep and not second.keep
            and not first.contact and not second.contact
            and presence_of(first) == presence_of(second)
            and inspection_stage(first) == inspection_stage(second)
            and len(process.incoming(second.id)) == 1
            and [f.target for f in process.outgoing(first.id)] == [second.id]
            and len(compose_steps._doers(first) | compose_steps._doers(second)) <= 1
            and not {"wait", "meet"} & {action_of(first, process=process),
                                        action_of(second, process=process)})


@pytest.mark.parametrize("name,process", CATALOGUE, ids=[n for n, _ in CATALOGUE])
def test_a_pair_is_composable_as_the_full_test_says(name, process):
    for first in process.steps:
        for second in process.successors(first.id):
            assert bool(compose_steps._composable(process, first, second)) == \
                bool(_composable_in_full(process, first, second))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(processes(), st.data())
def test_replace_step_replaces_every_step_of_the_id(process, data):
    step = replace(data.draw(st.sampled_from(process.steps)), name="Renamed")
    if data.draw(st.booleans()):  # a repeated id: every step of it is replaced, as before
        process = process.evolve(steps=process.steps + (process.step(step.id),))
    assert replace_step(process, step).steps == tuple(
        step if s.id == step.id else s for s in process.steps)



@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(graphs(), st.data())
def test_a_change_of_what_steps_need_is_checked_as_in_full(process, data):
    """Random graphs whose steps make and need documents; a variant changes what some
    steps need (and their names), nothing else: the shortcut, and the next round's
    handed-on order of documents, say what the full check says."""
    documents = st.lists(st.sampled_from(DOCUMENTS), max_size=2, unique=True).map(tuple)
    process = process.evolve(steps=tuple(
        replace(s, produces=data.draw(documents), needs=data.draw(documents))
        if s.is_task else s for s in process.steps))
    places = data.draw(st.lists(st.integers(0, len(process.steps) - 1), max_size=3))
    steps = list(process.steps)
    for place in places:
        steps[place] = replace(steps[place], needs=data.draw(documents),
                               name=f"{steps[place].name} again")
    variant = process.evolve(steps=tuple(steps))
    guards = Guards(process, "bold")
    assert guards.needs.documents is not None  # worked out: to be handed on
    assert guards.order_problems(variant) == guards.order_problems_in_full(variant)
    _same_needs(Guards(variant, "bold", earlier=guards), Guards(variant, "bold"))


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(processes(), st.data())
def test_an_evolved_process_has_the_flow_indexes_of_a_fresh_build(process, data):
    """Whatever an edit or an evolve changes (steps and flows removed, added, moved,
    flows to or from no step), the indexes patched from the original's are a fresh
    build's."""
    from bpmodel.model import Flow, Step

    if data.draw(st.booleans()):  # flow objects listed twice (an edit may drop one)
        process = process.evolve(flows=process.flows + process.flows[:2])
    process.outgoing("?"), process.incoming("?"), process.has_step("?"), process.gateways
    steps, flows = list(process.steps), list(process.flows)
    how = data.draw(st.sampled_from(["edit", "steps", "flows", "both"]))
    if how == "edit":
        step = data.draw(st.sampled_from(steps))
        variant = process
        with contextlib.suppress(EditError, IndexError, ValueError):
            edit = data.draw(st.sampled_from(["remove", "merge", "canonical", "move",
                                              "replace"]))
            if edit == "replace":
                variant = replace_step(process, replace(step, name="Renamed"))
            elif edit == "remove":
                variant = remove_step(process, step.id)
            elif edit == "merge":
                second = process.successors(step.id)[0]
                variant = merge_steps(process, step.id, second.id, replace(step, name="B"))
            elif edit == "move":
                from bpmodel.simplify.edit import move_before
                variant = move_before(process, step.id, data.draw(st.sampled_from(steps)).id)
            variant = canonical(variant)
    else:
        ids = [s.id for s in steps] + ["elsewhere"]
        if how in ("steps", "both"):
            for place in data.draw(st.lists(st.integers(0, len(steps)), max_size=3)):
                if data.draw(st.booleans()) and steps:
                    del steps[place % len(steps)]
                else:
                    steps.insert(place, Step(f"new{place}", "New"))
        if how in ("flows", "both"):
            for place in data.draw(st.lists(st.integers(0, len(flows) + 1), max_size=4)):
                choice = data.draw(st.sampled_from(["drop", "add", "swap"]))
                if choice == "drop" and flows:
                    del flows[place % len(flows)]
                elif choice == "swap" and len(flows) > 1:
                    i, j = place % len(flows), (place + 1) % len(flows)
                    flows[i], flows[j] = flows[j], flows[i]
                else:
                    flows.insert(place, Flow(data.draw(st.sampled_from(ids)),
                                             data.draw(st.sampled_from(ids))))
        variant = process.evolve(steps=tuple(steps), flows=tuple(flows))
    _same_indexes_as_fresh(variant)
    again = variant.evolve(flows=variant.flows[::-1], steps=variant.steps[1:])
    _same_indexes_as_fresh(again)  # a patch of a patch


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(graphs(), st.data())
def test_a_merge_the_edit_says_it_made_is_a_series_merge_as_worked_out(process, data):
    """merge_steps says which steps it merged; series_merge then checks only the two
    steps, and says what the full check says (with the flows reordered or not)."""
    from bpmodel.analysis.components import _find_merge

    if data.draw(st.booleans()):  # repeated flows: no saying
        process = process.evolve(flows=process.flows + process.flows[:2])
    pairs = _series_pairs(process)
    first = data.draw(st.sampled_from([s for s in process.steps if s.is_task] or
                                      list(process.steps)))
    if pairs and data.draw(st.booleans()):
        first = pairs[0][0]
    with contextlib.suppress(EditError, IndexError):
        second = process.successors(first.id)[0]
        merged = replace(first, name="Both", kind=data.draw(st.sampled_from([None, "user",
                                                                            first.kind])))
        variant = merge_steps(process, first.id, second.id, merged)
        for candidate in (variant, canonical(variant)):
            assert _find_merge(process, candidate) == _merge_afresh(process, candidate)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(graphs(), st.data())
def test_an_edit_of_a_canonical_process_said_canonical_is_so(process, data):
    """merge_steps (cut and joined, or not) and replace_step of a canonical process say
    when their result is canonical; it is what canonical works out, and merge_steps cut
    and joined makes what it makes step by step."""
    from bpmodel.simplify import edit

    if data.draw(st.booleans()):
        process = canonical(process)
    pairs = _series_pairs(process)
    with contextlib.suppress(EditError, IndexError):
        if pairs and data.draw(st.booleans()):
            first, second = data.draw(st.sampled_from(pairs))
            merged = replace(first, name="Both")
            variant = merge_steps(process, first.id, second.id, merged)
            assert variant == _merged_step_by_step(process, first.id, second.id, merged)
        else:
            step = data.draw(st.sampled_from(process.steps))
            variant = replace_step(process, replace(step, name="Renamed"))
        afresh = edit._canonical(variant)
        assert canonical(variant).flows == afresh.flows
        assert canonical(variant).message_flows == afresh.message_flows
        if edit._known_canonical(variant):
            assert afresh is variant
