"""The findings of a variant taken over from its original's are a fresh run's: every rule's
findings on every variant the simplify engine visits equal those of :func:`find`, and
the facts a variant takes over from its original's (what they read of each shared step)
equal facts worked out afresh (issue 19: work per change in proportion to what it
changed)."""

from __future__ import annotations

import sys
from dataclasses import fields as dataclass_fields
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from test_series_merge import _merged, _series_pairs
from test_series_merge import graphs as series_graphs
from test_simplify_properties import processes

import bpmodel
from bpmodel.analysis import findings as findings_module
from bpmodel.analysis.changed_steps import changed_steps
from bpmodel.analysis.facts import Facts
from bpmodel.analysis.findings import FindingsOnDemand, enabled_rules, find, rules
from bpmodel.i18n import use_language
from bpmodel.model import Duration, Process, Step
from bpmodel.simplify.engine import simplify_and_rank

from conftest import ROOT

sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate_process  # noqa: E402

CATALOGUE = ("blitar-izin-prinsip.yaml", "jember-balung-imb.yaml", "metro-penerbitan-pbg.yaml",
             "tegal-legalisasi-pbg.yaml")
ALL_RULES = [rule.name for rule, _severity in enabled_rules()]


def _inputs() -> list[tuple[str, Process]]:
    found = [("bundled", bpmodel.load_process(bpmodel.default_process_path())),
             ("generated-160", generate_process(160, seed=1))]
    found += [(name, bpmodel.load_process(ROOT / "processes" / name)) for name in CATALOGUE]
    found += [(path, bpmodel.load_process(ROOT / "tests" / "data" / path))
              for path in ("reforms/izin-klinik.yaml", "trust/kota-pbg-simbg.yaml")]
    return found


INPUTS = _inputs()


class _Checked:
    """While in use, every ``FindingsOnDemand.of`` is compared with a fresh :func:`find`,
    and the rules whose findings were taken over from an earlier round are counted."""

    def __init__(self, monkeypatch):
        self.asked = self.taken_over = 0
        original_of = FindingsOnDemand.of
        original_taken = FindingsOnDemand._taken_over
        checked = self

        def of(on_demand, names):
            names = list(names)
            got = original_of(on_demand, names)
            assert got == find(on_demand.process, select=names), names
            checked.asked += 1
            return got

        def taken_over(on_demand, rule, told_in):
            found = original_taken(on_demand, rule, told_in)
            checked.taken_over += found is not None
            return found

        monkeypatch.setattr(FindingsOnDemand, "of", of)
        monkeypatch.setattr(FindingsOnDemand, "_taken_over", taken_over)


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_every_round_of_the_engine_finds_what_a_fresh_run_finds(name, process, monkeypatch):
    checked = _Checked(monkeypatch)
    simplify_and_rank(process, "bold")
    assert checked.asked


def test_the_engine_takes_findings_over_on_a_large_process(monkeypatch):
    checked = _Checked(monkeypatch)
    simplify_and_rank(generate_process(160, seed=1), "bold")
    assert checked.taken_over > 10  # the visits moved online keep most rules' findings


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(processes())
def test_hypothesis_processes_find_in_every_round_what_a_fresh_run_finds(process):
    with pytest.MonkeyPatch.context() as monkeypatch:
        _Checked(monkeypatch)
        simplify_and_rank(process, "bold")


def _channels_changed(process: Process, every: int = 3) -> Process:
    """Every ``every``-th task's channel changed (visits online, the others a visit), the
    rest shared with ``process``."""
    tasks = [s.id for s in process.steps if s.is_task][::every]
    other = {"visit": "online", None: "visit", "online": None, "phone": None}
    return process.evolve(steps=tuple(
        replace(s, contact=other.get(s.contact)) if s.id in tasks else s
        for s in process.steps))


def _times_changed(process: Process) -> Process:
    return process.evolve(steps=tuple(
        replace(s, wait=Duration.of(s.wait.hours + 8.0)) if s.is_task and i % 2 else s
        for i, s in enumerate(process.steps)))


def _first_task_renamed(process: Process) -> Process:
    first = next(s for s in process.steps if s.is_task)
    return process.evolve(steps=tuple(
        replace(s, name="Check the application again") if s is first else s
        for s in process.steps))


@pytest.mark.parametrize("change", [_channels_changed, _times_changed, _first_task_renamed])
@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_findings_taken_over_for_any_change_of_steps_are_a_fresh_runs(name, process, change):
    original = FindingsOnDemand(process)
    original.of(ALL_RULES)
    variant = change(process)
    on_demand = FindingsOnDemand(variant, earlier=original)
    assert on_demand.of(ALL_RULES) == find(variant)


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_facts_taken_over_from_an_earlier_round_are_fresh_facts(name, process):
    earlier = Facts(process)
    for step in process.steps:
        earlier.objects(step.id)
        earlier.reading(step.id)
    _ = earlier.actions, earlier.all_actions
    for variant in (_channels_changed(process), _first_task_renamed(process),
                    process.evolve(steps=process.steps[:-1])):
        taken, fresh = Facts(variant, earlier=earlier), Facts(variant, share=False)
        assert len(taken._fresh) < len(variant.steps)  # something is taken over
        assert taken.actions == fresh.actions
        assert list(taken.actions) == list(fresh.actions)
        assert taken.all_actions == fresh.all_actions
        assert all(taken.objects(s.id) == fresh.objects(s.id) for s in variant.steps)
        assert all(taken.reading(s.id) == fresh.reading(s.id) for s in variant.steps)


def test_other_actors_take_nothing_over():
    process = bpmodel.load_process(bpmodel.default_process_path())
    earlier = Facts(process)
    _ = earlier.actions
    actors = tuple(replace(a, kind="staff") for a in process.actors)
    variant = process.evolve(actors=actors)
    taken = Facts(variant, earlier=earlier)
    assert taken._fresh is None and taken.actions == Facts(variant, share=False).actions
    assert changed_steps(process, variant) is None


def test_a_rule_names_only_step_fields_it_may_be_blind_to():
    fields = {f.name for f in dataclass_fields(Step)}
    for rule in rules():
        assert set(rule.blind) <= fields, rule.name
        # the graph and what a step is (its id, type, kind, name and action) are always read
        assert not set(rule.blind) & {"id", "type", "kind", "name", "action", "parent"}


def test_findings_told_in_another_language_are_not_taken_over():
    process = bpmodel.load_process(bpmodel.default_process_path())
    original = FindingsOnDemand(process)
    original.of(ALL_RULES)
    variant = _channels_changed(process)
    with findings_module.in_calendar_days():
        on_demand = FindingsOnDemand(variant, earlier=original)
        assert on_demand.of(ALL_RULES) == find(variant)
    with use_language("id"):
        on_demand = FindingsOnDemand(variant, earlier=original)
        assert on_demand.of(ALL_RULES) == find(variant)


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_extra_visit_takes_over_the_findings_of_visits_that_stay_alike(name, process):
    visits = [s.id for s in process.steps if s.is_task and s.contact == "visit"]
    for moved in visits[1:4] + visits[-2:]:  # early ones change what follows, late ones not
        original = FindingsOnDemand(process)
        before = original.of(["extra-visit"])
        variant = process.evolve(steps=tuple(
            replace(s, contact="online") if s.id == moved else s for s in process.steps))
        after = FindingsOnDemand(variant, earlier=original).of(["extra-visit"])
        assert after == find(variant, select=["extra-visit"])
        original.of(["collection-visit"])
        collected = FindingsOnDemand(variant, earlier=original).of(["collection-visit"])
        assert collected == find(variant, select=["collection-visit"])
        if name.startswith("generated") and moved == visits[-1]:
            assert sum(any(f is g for g in before) for f in after) >= len(after) - 1


def test_a_visit_with_as_many_visits_before_it_but_others_is_found_afresh():
    # v3 follows two parallel branches with a visit each: moving v1 online leaves v3 with
    # two visits before it on the way through v2, but no longer v1 among the last ones
    from bpmodel.model import Actor, Flow

    steps = (Step("v0", "Apply at the office", actor="me", contact="visit"),
             Step("split", "Split", "gateway", "and"),
             Step("v1", "Show the receipt", actor="me", contact="visit"),
             Step("v2", "Show the plan", actor="me", contact="visit"),
             Step("join", "Join", "gateway", "and"),
             Step("v3", "Sign the form", actor="me", contact="visit"))
    flows = (Flow("v0", "split"), Flow("split", "v1"), Flow("split", "v2"),
             Flow("v1", "join"), Flow("v2", "join"), Flow("join", "v3"))
    process = Process("p", "P", steps=steps, flows=flows,
                      actors=(Actor("me", "Me", "citizen"),))
    original = FindingsOnDemand(process)
    before = {f.steps[0]: f for f in original.of(["extra-visit"])}
    variant = process.evolve(steps=tuple(
        replace(s, contact="online") if s.id == "v1" else s for s in process.steps))
    after = {f.steps[0]: f for f in FindingsOnDemand(variant, earlier=original).of(
        ["extra-visit"])}
    assert list(after.values()) == find(variant, select=["extra-visit"])
    assert after["v3"].evidence["visits_before"] == before["v3"].evidence["visits_before"]
    assert after["v3"].evidence["after"] != before["v3"].evidence["after"]


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_site_inspections_remembered_by_step_are_read_afresh(name, process):
    from bpmodel.analysis.reform_facts import stage_of, step_words
    from bpmodel.analysis.rules import separate_site_inspections as rule

    for variant in (process, _first_task_renamed(process), _channels_changed(process)):
        facts = Facts(variant, share=False)
        expected = [s for s in variant.steps
                    if s.is_task and not facts.is_applicant(s) and s.id not in facts.in_loops
                    and "repeat" not in stage_of(step_words(s))
                    and rule._on_site(s, facts.actions[s.id])]
        for _twice in range(2):
            assert rule.site_inspections(variant, facts.actions, facts.in_loops,
                                         facts.is_applicant) == expected


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(series_graphs())
def test_a_series_merge_takes_over_the_search_and_loops_of_a_fresh_build(process):
    for first, second in _series_pairs(process):
        if second is process.steps[0]:
            continue  # the start would move: not a series merge
        earlier = Facts(process)
        _ = earlier.search, earlier.in_loops
        variant = _merged(process, first, second)
        taken, fresh = Facts(variant, earlier=earlier), Facts(variant, share=False)
        assert taken.search == fresh.search
        assert taken.in_loops == fresh.in_loops
        assert taken.order == fresh.order and taken.back_flows == fresh.back_flows


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_series_merges_of_catalogue_processes_take_over_a_fresh_search(name, process):
    pairs = [(a, b) for a, b in _series_pairs(process) if b is not process.steps[0]]
    for first, second in pairs[:: max(1, len(pairs) // 6)]:
        earlier = Facts(process)
        _ = earlier.search, earlier.in_loops
        variant = _merged(process, first, second)
        taken = Facts(variant, earlier=earlier)
        assert "search" in taken.__dict__  # taken over, not searched again
        fresh = Facts(variant, share=False)
        assert taken.search == fresh.search and taken.in_loops == fresh.in_loops


def test_a_merge_of_steps_no_entry_reaches_is_searched_afresh():
    # s2 flows only into s0, both unreached: the search meets s0 before s2, as a root
    from bpmodel.model import Flow

    process = Process("g", "G", steps=(Step("start", "Start", "event", "start"),
                                       Step("s0", "S0"), Step("s1", "S1"), Step("s2", "S2")),
                      flows=(Flow("s0", "s2"), Flow("s2", "s0"), Flow("start", "s1")))
    earlier = Facts(process)
    _ = earlier.search, earlier.in_loops
    variant = _merged(process, process.step("s2"), process.step("s0"))
    taken = Facts(variant, earlier=earlier)
    assert taken.search == Facts(variant, share=False).search
    assert taken.in_loops == Facts(variant, share=False).in_loops


# -- what rules ask of one step alone, remembered by step object (Facts.steps_where) --------

STEP_RULES = ["non-value-step", "approval-cascade", "separate-site-inspections",
              "requirement-without-legal-basis", "signature-above-required-level",
              "manual-re-entry", "collection-visit", "extra-visit"]


def _reading_every_step(process: Process, names: list[str]):
    """``find`` with nothing remembered by step object: every rule reads every step by its
    id, as it does on a process with repeated step ids."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(Facts, "steps_where", lambda self, key, predicate: None)
        return find(process, select=names)


def _compare_every_round(monkeypatch) -> list[int]:
    asked = [0]
    original_of = FindingsOnDemand.of

    def of(on_demand, names):
        names = list(names)
        got = original_of(on_demand, names)
        chosen = [n for n in names if n in STEP_RULES]
        if chosen:
            assert [f for f in got if f.rule in chosen] == \
                _reading_every_step(on_demand.process, chosen), chosen
            asked[0] += 1
        return got

    monkeypatch.setattr(FindingsOnDemand, "of", of)
    return asked


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_rules_asking_each_step_object_once_find_what_reading_every_step_finds(
        name, process, monkeypatch):
    asked = _compare_every_round(monkeypatch)
    simplify_and_rank(process, "bold")
    for change in (_channels_changed, _times_changed, _first_task_renamed):
        variant = change(process)
        assert find(variant, select=STEP_RULES) == _reading_every_step(variant, STEP_RULES)
    assert asked[0] or name == "bundled"


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(processes())
def test_hypothesis_rules_asking_each_step_object_once_find_what_reading_every_step_finds(
        process):
    with pytest.MonkeyPatch.context() as monkeypatch:
        _compare_every_round(monkeypatch)
        simplify_and_rank(process, "bold")
    assert find(process, select=STEP_RULES) == _reading_every_step(process, STEP_RULES)


def _is_task_that_signs(facts, step) -> bool:
    return step.is_task and facts.step_action(step) == "sign"


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_steps_where_gives_what_the_predicate_says_afresh(name, process):
    from dataclasses import replace as evolve

    key = ("test", "signs")
    staff = tuple(evolve(a, kind="staff") for a in process.actors)
    for variant in (process, _first_task_renamed(process), _channels_changed(process),
                    process.evolve(actors=staff), process):
        facts = Facts(variant, share=False)
        fresh = [s for s in variant.steps if s.is_task and facts.actions[s.id] == "sign"]
        assert facts.steps_where(key, _is_task_that_signs) == fresh
        assert [facts.step_action(s) for s in variant.steps] == list(facts.actions.values())
        assert [facts.step_actions(s) for s in variant.steps] == \
            list(facts.all_actions.values())


def test_steps_where_gives_none_for_repeated_step_ids():
    process = Process("p", "P", steps=(Step("a", "Sign the permit"),
                                       Step("a", "Archive the file")))
    assert Facts(process).steps_where(("test", "signs"), _is_task_that_signs) is None
    assert find(process, select=STEP_RULES) == _reading_every_step(process, STEP_RULES)


# -- what a variant's facts carry over from its original's (aligned steps, series merges) --

def _produces(facts, step) -> bool:
    return bool(step.produces)


def _visit(facts, step) -> bool:
    return step.is_task and step.contact == "visit"


WHERE = ((("test", "signs"), _is_task_that_signs), (("test", "produces"), _produces),
         (("test", "visit"), _visit))


GROUPED = (("check", "verify", "inspect", "issue", "decide", "pay", "notify"), ("sign", "other"))


def _asked(process: Process, earlier: Facts | None = None) -> Facts:
    """Facts of ``process`` that were asked what the variants' facts take over."""
    facts = Facts(process, earlier=earlier)
    _ = facts.actions, facts.position, facts.search, facts.in_loops, facts.requested, facts.rank
    for key, predicate in WHERE:
        facts.steps_where(key, predicate)
    for actions in GROUPED:
        facts.by_action_and_object(actions)
    return facts


def _assert_carried_as_fresh(taken: Facts, variant: Process) -> None:
    fresh = Facts(variant, share=False)
    assert taken.step_ids == fresh.step_ids
    assert list(taken.position.items()) == list(fresh.position.items())
    assert list(taken.actions.items()) == list(fresh.actions.items())
    assert list(taken.requested.items()) == list(fresh.requested.items())
    assert list(taken.rank.items()) == list(fresh.rank.items())
    assert taken.search == fresh.search and taken.in_loops == fresh.in_loops
    for actions in GROUPED:
        assert list(taken.by_action_and_object(actions).items()) == \
            list(fresh.by_action_and_object(actions).items())
    for key, predicate in WHERE:
        expected = [id(s) for s in variant.steps if predicate(fresh, s)]
        assert list(map(id, taken.steps_where(key, predicate))) == expected, key
        assert list(map(id, taken.steps_where(key, predicate))) == expected, key  # again


def _signing(step: Step) -> Step:
    return replace(step, action="sign" if step.action != "sign" else "check",
                   produces=step.produces or ("decree",),
                   contact="visit" if step.contact != "visit" else None)


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_a_series_merge_carries_places_actions_and_steps_found_as_a_fresh_build(
        name, process, monkeypatch):
    carried = []
    original = Facts._carried_where
    monkeypatch.setattr(Facts, "_carried_where",
                        lambda *args: carried.append(1) or original(*args))
    pairs = [(a, b) for a, b in _series_pairs(process) if b is not process.steps[0]]
    for first, second in pairs[:: max(1, len(pairs) // 5)]:
        earlier = _asked(process)
        for merged in (replace(first, name=f"{first.name}; {second.name}"), _signing(first)):
            from bpmodel.simplify.edit import merge_steps

            variant = merge_steps(process, first.id, second.id, merged)
            taken = Facts(variant, earlier=earlier)
            assert "_places" in taken.__dict__  # taken over, not worked out again
            assert "rank" in taken.__dict__ or "search" not in taken.__dict__
            _assert_carried_as_fresh(taken, variant)
            assert taken._in_order
            earlier = _asked(process)
    assert len(carried) >= len(WHERE) * min(len(pairs), 2) or name == "bundled"


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_a_variant_of_the_same_steps_carries_the_steps_found_as_a_fresh_build(name, process):
    every_fifth = {s.id for s in process.steps[::5]}
    for variant in (_channels_changed(process), _first_task_renamed(process),
                    process.evolve(steps=tuple(_signing(s) if s.id in every_fifth else s
                                               for s in process.steps))):
        taken = Facts(variant, earlier=_asked(process))
        _assert_carried_as_fresh(taken, variant)
        again = variant.evolve(steps=tuple(replace(s, wait=Duration.of(1.0)) if s.is_task
                                           else s for s in variant.steps[::-1])[::-1])
        _assert_carried_as_fresh(Facts(again, earlier=taken), again)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(series_graphs())
def test_a_series_merge_of_any_graph_carries_what_a_fresh_build_finds(process):
    for first, second in _series_pairs(process):
        if second is process.steps[0]:
            continue
        variant = _merged(process, first, second)
        _assert_carried_as_fresh(Facts(variant, earlier=_asked(process)), variant)


# -- extra-visit's visits before each visit, from the earlier round's ------------------------

def _checked_visits(monkeypatch) -> list[int]:
    """While in use, extra-visit's visits before each visit are compared with the pass over
    every step; the list counts those worked out from the earlier round's."""
    from bpmodel.analysis.rules import extra_visit as rule

    fewer, original, original_fewer = [], rule._visits_at, rule._fewer_visits

    def visits_at(facts, visits):
        made, last = original(facts, visits)
        made_all, last_all = rule._visits_before(facts, set(visits))
        index = facts.position
        assert made == {v: made_all[index[v]] for v in visits}
        assert last == {v: last_all[index[v]] for v in visits}
        assert list(made) == list(last) == visits
        return made, last

    def counted(*args):
        fewer.append(1)
        return original_fewer(*args)

    original_documents = rule._documents

    def documents(facts):
        own, produced = original_documents(facts)
        makers = [s for s in facts.process.steps if s.produces]
        assert produced == {d for s in makers for d in s.produces}
        assert own == {d: sorted((s.id for s in makers if d in s.produces
                                  and facts.is_applicant(s)), key=facts.rank.__getitem__)
                       for d in own}
        assert set(own) == {d for s in makers if facts.is_applicant(s) for d in s.produces}
        return own, produced

    monkeypatch.setattr(rule, "_visits_at", visits_at)
    monkeypatch.setattr(rule, "_fewer_visits", counted)
    monkeypatch.setattr(rule, "_documents", documents)
    return fewer


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_visits_before_each_visit_from_the_earlier_round_are_a_fresh_passes(
        name, process, monkeypatch):
    fewer = _checked_visits(monkeypatch)
    simplify_and_rank(process, "bold")
    visits = [s.id for s in process.steps if s.is_task and s.contact == "visit"]
    for moved in (visits[1:2], visits[-1:], visits[::2], visits[1:3]):
        original = FindingsOnDemand(process)
        original.of(["extra-visit"])
        variant = process
        for step_id in moved:  # one after the other, as the engine's rounds move them
            variant = variant.evolve(steps=tuple(
                replace(s, contact="online") if s.id == step_id else s for s in variant.steps))
            original = FindingsOnDemand(variant, earlier=original)
            assert original.of(["extra-visit"]) == find(variant, select=["extra-visit"])
    assert fewer or len(visits) < 3
    if name.startswith("generated"):
        assert len(fewer) >= 3


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(processes())
def test_hypothesis_visits_before_each_visit_are_a_fresh_passes(process):
    with pytest.MonkeyPatch.context() as monkeypatch:
        _checked_visits(monkeypatch)
        simplify_and_rank(process, "bold")


# -- findings a series merge leaves as they were (MERGE_BLIND) -------------------------------

def test_only_rules_that_read_no_merged_task_declare_a_series_merge_changes_nothing():
    assert [r.name for r in rules() if r.merge_blind] == ["superfluous-gateway"]


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_findings_a_series_merge_takes_over_are_a_fresh_runs(name, process, monkeypatch):
    checked = _Checked(monkeypatch)
    pairs = [(a, b) for a, b in _series_pairs(process) if b is not process.steps[0]]
    for first, second in pairs[:: max(1, len(pairs) // 5)]:
        original = FindingsOnDemand(process)
        original.of(ALL_RULES)
        variant = _merged(process, first, second)
        assert FindingsOnDemand(variant, earlier=original).of(ALL_RULES) == find(variant)
    assert checked.taken_over or not pairs


def test_a_gateway_after_the_merged_task_is_found_again():
    from bpmodel.model import Flow

    process = Process("p", "P", steps=(
        Step("a", "Check the file", actor="clerk"), Step("b", "Write the note", actor="clerk"),
        Step("g", "Done?", "gateway", "xor"), Step("c", "Send the letter", actor="clerk")),
        flows=(Flow("a", "b"), Flow("b", "g"), Flow("g", "c")))
    original = FindingsOnDemand(process)
    before = original.of(["superfluous-gateway"])
    assert before[0].evidence["from"] == "b"
    variant = _merged(process, process.step("a"), process.step("b"))
    after = FindingsOnDemand(variant, earlier=original).of(["superfluous-gateway"])
    assert after == find(variant, select=["superfluous-gateway"])
    assert after[0].evidence["from"] == "a"


# -- the documents produced inside, counted from a recent process's ---------------------------

def _checked_produced(monkeypatch) -> None:
    from bpmodel.analysis import presence

    original = presence.produced_inside

    def produced_inside(process):
        found = original(process)
        assert found == frozenset(d for s in process.steps for d in s.produces)
        return found

    monkeypatch.setattr(presence, "produced_inside", produced_inside)


@pytest.mark.parametrize("name,process", INPUTS, ids=[n for n, _ in INPUTS])
def test_documents_produced_inside_counted_from_a_recent_process_are_a_fresh_count(
        name, process, monkeypatch):
    from bpmodel.analysis.presence import produced_inside

    _checked_produced(monkeypatch)
    simplify_and_rank(process, "bold")
    makers = [s for s in process.steps if s.produces]
    variants = [process.evolve(steps=tuple(replace(s, produces=()) if s is makers[0] else s
                                           for s in process.steps)),
                process.evolve(steps=process.steps[:3] + process.steps[4:]),
                process.evolve(steps=tuple(replace(s, produces=(*s.produces, "extra"))
                                           if i % 9 == 0 else s
                                           for i, s in enumerate(process.steps)))]
    for variant in variants:
        for known in (process, variant):
            assert produced_inside(known) == frozenset(
                d for s in known.steps for d in s.produces)


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(processes())
def test_hypothesis_documents_produced_inside_are_a_fresh_count(process):
    with pytest.MonkeyPatch.context() as monkeypatch:
        _checked_produced(monkeypatch)
        simplify_and_rank(process, "bold")
