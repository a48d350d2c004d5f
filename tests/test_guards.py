"""The guarantees a variant must keep: keep steps, document order, soundness."""

from bpmodel.io.yaml import load_yaml
from bpmodel.model import Flow, Process, Step
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
        "step 'sign' is marked keep and must stay as it is"]


def test_a_step_cannot_start_before_what_it_needs_is_produced():
    p = building()
    moved = move_before(p, "collect", "sign")  # collect needs the permit that sign produces
    assert "step 'collect' would start before 'permit' is produced" in violations(p, moved)


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
