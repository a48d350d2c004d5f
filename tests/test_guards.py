"""The guarantees a variant must keep: keep steps, document order, soundness."""

from dataclasses import replace

from bpmodel.io.yaml import load_yaml
from bpmodel.model import Actor, Flow, Process, Step
from bpmodel.simplify.edit import move_before, parallelize, remove_step
from bpmodel.simplify.guards import missing_producers, violations

from conftest import EXAMPLES


def building():
    return load_yaml(EXAMPLES / "building-approval.yaml").process


def test_the_example_respects_its_own_document_order():
    assert missing_producers(building()) == []


def test_removing_a_keep_step_is_refused():
    p = building()
    assert violations(p, remove_step(p, "sign")) == [
        "step 'sign' is marked keep and must stay as it is",
        # and the permit it signs is gone: collect waits for a document nobody makes
        "step 'collect' still needs 'Building approval decree' (permit), which no step of the "
        "variant makes any more"]


def test_a_document_whose_only_maker_is_removed_is_not_brought_by_the_applicant():
    """A document made inside the process is not one the applicant brings once its maker
    is gone: the step that needs it would wait for ever."""
    original = Process("p", "P", actors=(Actor("o", "Office"),), steps=(
        Step("s", "Submit", actor="o"),
        Step("a", "Write the recommendation", actor="o", produces=("rec",)),
        Step("b", "Decide", actor="o", needs=("rec",))),
        flows=(Flow("s", "a"), Flow("a", "b")))
    variant = original.evolve(steps=(original.step("s"), original.step("b")),
                              flows=(Flow("s", "b"),))
    assert violations(original, variant) == [
        "step 'b' still needs 'rec', which no step of the variant makes any more"]
    # handed to a step that stays, or no longer needed: acceptable
    handed = variant.evolve(steps=(replace(original.step("s"), produces=("rec",)),
                                   original.step("b")))
    assert violations(original, handed) == []
    unneeded = variant.evolve(steps=(original.step("s"), replace(original.step("b"), needs=())))
    assert violations(original, unneeded) == []


def test_a_step_cannot_start_before_what_it_needs_is_produced():
    p = building()
    moved = move_before(p, "collect", "sign")  # collect needs the permit that sign produces
    # the document is named as the file names it, with its id
    assert "step 'collect' would start before 'Building approval decree' (permit) is produced" \
        in violations(p, moved)


def test_a_producer_in_a_parallel_branch_is_not_before():
    p = Process("p", "P", steps=(Step("a", "A", produces=("x",)), Step("b", "B", needs=("x",))),
                flows=(Flow("a", "b"),))
    q = parallelize(p, ["a", "b"], "fork", "join")
    assert violations(p, q) == ["step 'b' would start before 'x' is produced"]


def test_removing_a_non_keep_step_is_fine():
    p = building()
    assert violations(p, remove_step(p, "archive")) == []


def test_unsound_variants_are_refused():
    p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B")), flows=(Flow("a", "b"),))
    broken = p.evolve(flows=())
    assert violations(p, broken) == ["step 'b' cannot be reached from the start ('a')"]
