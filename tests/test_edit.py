"""Graph edits used by the rewrites: each returns a new, sound process."""

import pytest

from bpmodel.io.yaml import load_yaml
from bpmodel.model import Flow, Process, Step
from bpmodel.simplify.edit import (
    EditError,
    insert_after,
    merge_steps,
    move_before,
    parallelize,
    remove_step,
    replace_step,
    retarget_flow,
)
from bpmodel.validate import structural_diagnostics

from conftest import EXAMPLES


def line(*ids):
    return Process("p", "P", steps=tuple(Step(i, i.upper()) for i in ids),
                   flows=tuple(Flow(a, b) for a, b in zip(ids, ids[1:])))


def pairs(process):
    return [(f.source, f.target) for f in process.flows]


@pytest.fixture
def building():
    return load_yaml(EXAMPLES / "building-approval.yaml").process


def test_remove_step_in_a_line():
    assert pairs(remove_step(line("a", "b", "c"), "b")) == [("a", "c")]


def test_remove_first_and_last_steps():
    assert pairs(remove_step(line("a", "b", "c"), "a")) == [("b", "c")]
    assert pairs(remove_step(line("a", "b", "c"), "c")) == [("a", "b")]


def test_remove_a_step_inside_a_rework_loop_keeps_the_loop(building):
    q = remove_step(building, "notify_missing")
    branches = {f.target: f.probability for f in q.outgoing("complete")}
    assert branches == {"verify_land": 0.7, "resubmit": 0.3}
    assert structural_diagnostics(q) == []


def test_remove_a_merging_step_sends_every_way_in_on(building):
    q = remove_step(building, "check")  # entered from reenter and from resubmit
    assert ("reenter", "complete") in pairs(q) and ("resubmit", "complete") in pairs(q)
    assert structural_diagnostics(q) == []


def test_remove_refuses_a_step_that_merges_and_splits():
    p = Process("p", "P", steps=tuple(Step(i, i) for i in "abcde"),
                flows=(Flow("a", "c"), Flow("b", "c"), Flow("c", "d"), Flow("c", "e")))
    with pytest.raises(EditError, match="merges and splits"):
        remove_step(p, "c")


def test_remove_does_not_duplicate_flows():
    p = Process("p", "P", steps=tuple(Step(i, i) for i in "abc"),
                flows=(Flow("a", "b"), Flow("a", "c"), Flow("b", "c")))
    assert pairs(remove_step(p, "b")) == [("a", "c")]


def test_replace_and_retarget():
    p = line("a", "b")
    q = replace_step(p, Step("b", "Better"))
    assert q.step("b").name == "Better" and p.step("b").name == "B"
    r = retarget_flow(p, p.flows[0], condition="always")
    assert r.flows[0].condition == "always"
    with pytest.raises(EditError):
        replace_step(p, Step("zz", "Z"))


def test_insert_after():
    q = insert_after(line("a", "c"), "a", Step("b", "B"))
    assert [s.id for s in q.steps] == ["a", "b", "c"]
    assert pairs(q) == [("a", "b"), ("b", "c")]
    with pytest.raises(EditError):
        insert_after(q, "a", Step("b", "again"))


def test_merge_consecutive_steps():
    q = merge_steps(line("a", "b", "c", "d"), "b", "c", Step("b", "B and C"))
    assert [s.id for s in q.steps] == ["a", "b", "d"]
    assert pairs(q) == [("a", "b"), ("b", "d")]
    with pytest.raises(EditError, match="not consecutive"):
        merge_steps(line("a", "b", "c"), "a", "c", Step("a", "x"))


def test_parallelize_a_chain_in_the_middle():
    q = parallelize(line("s", "a", "b", "c", "e"), ["a", "b", "c"], "fork", "join")
    assert [s.id for s in q.steps] == ["s", "fork", "a", "b", "c", "join", "e"]
    assert q.step("fork").kind == "and" and q.step("join").is_gateway
    assert sorted(pairs(q)) == sorted([("s", "fork"), ("fork", "a"), ("fork", "b"),
                                       ("fork", "c"), ("a", "join"), ("b", "join"),
                                       ("c", "join"), ("join", "e")])
    assert structural_diagnostics(q) == []


def test_parallelize_at_the_start_and_at_the_end():
    q = parallelize(line("a", "b"), ["a", "b"], "fork", "join")
    assert [s.id for s in q.start_steps()] == ["fork"]
    assert [s.id for s in q.end_steps()] == ["join"]
    assert structural_diagnostics(q) == []


def test_parallelize_refuses_steps_that_are_not_consecutive():
    with pytest.raises(EditError):
        parallelize(line("a", "b", "c"), ["a", "c"], "fork", "join")
    with pytest.raises(EditError, match="exists already"):
        parallelize(line("a", "b", "c"), ["a", "b"], "c", "join")


def test_move_before():
    q = move_before(line("a", "b", "c", "d"), "c", "b")
    assert [s.id for s in q.steps] == ["a", "c", "b", "d"]
    assert pairs(q) == [("a", "c"), ("c", "b"), ("b", "d")]
    assert structural_diagnostics(q) == []


def test_move_to_the_front():
    q = move_before(line("a", "b", "c"), "c", "a")
    assert [s.id for s in q.start_steps()] == ["c"]
    assert pairs(q) == [("c", "a"), ("a", "b")]


def test_merging_steps_sends_the_second_steps_messages_from_and_to_the_merged_step():
    from bpmodel.model import MessageFlow

    process = line("a", "b", "c", "d").evolve(message_flows=(
        MessageFlow("x", "c", "permit file"), MessageFlow("c", "y", "answer"),
        MessageFlow("b", "c", "note"), MessageFlow("x", "b", "permit file")))
    q = merge_steps(process, "b", "c", Step("b", "B and C"))
    # c's messages now leave from and reach b; b -> c would be b -> b (dropped) and
    # x -> b "permit file" is there once
    assert [(m.source, m.target, m.name) for m in q.message_flows] == [
        ("x", "b", "permit file"), ("b", "y", "answer")]


def test_a_composed_step_keeps_its_message_flow_in_the_bpmn():
    from bpmodel.io.bpmn import dumps_bpmn
    from bpmodel.model import Actor, MessageFlow, Pool
    from bpmodel.simplify.rewrites.compose_steps import ComposeSteps

    process = Process(
        "p", "P",
        steps=(Step("check", "Check the drawings", actor="tech"),
               Step("report", "Write the technical report", actor="tech"),
               Step("send", "Send the decree", actor="tech")),
        flows=(Flow("check", "report"), Flow("report", "send")),
        actors=(Actor("tech", "Technical team", pool="office"),),
        pools=(Pool("office", "Office"), Pool("bank", "Bank")),
        message_flows=(MessageFlow("report", "bank", "report copy"),))
    # (a message arriving at the second step would keep the two apart: it waits for it)
    (proposal, *_) = ComposeSteps().propose_own(process)
    variant = proposal.process
    assert [(m.source, m.target) for m in variant.message_flows] == [("check", "bank")]
    # the BPMN writer drops a message flow whose end is missing: this one is written
    xml = dumps_bpmn(variant)
    assert 'name="report copy" sourceRef="check" targetRef="bank"' in xml
    assert "messageFlow" not in dumps_bpmn(process.evolve(message_flows=(
        MessageFlow("bank", "gone", "payment note"),))).split("<bpmndi")[0]
