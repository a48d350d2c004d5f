"""Properties of simplification on generated processes (hypothesis, bounded to stay fast).

The generated processes are block-structured: sequences, parallel blocks, choices and
rework loops, with applicant visits, approvals, duplicates, forwarding, re-entry into
systems, government-issued documents and steps marked keep, so that every rewrite has
something to do.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import Builder, built

from bpmodel.analysis.findings import find
from bpmodel.io.yaml import dumps_yaml, loads_yaml
from bpmodel.model import Actor, Document, Duration, Process, Step, System
from bpmodel.simplify.engine import simplify
from bpmodel.simplify.guards import violations
from bpmodel.validate import structural_diagnostics

ACTORS = (Actor("applicant", "Applicant", "citizen"),
          Actor("front", "Front office", "staff", "PTSP"),
          Actor("back", "Back office", "staff", "PTSP"),
          Actor("land", "Land office", "staff", "BPN"),
          Actor("head", "Head of office", "staff", "PTSP"),
          Actor("regent", "Regent", "staff", "Regent's Office"))
DOCUMENTS = (Document("ktp", "Identity card", "Civil Registry"),
             Document("title", "Land title", "BPN"), Document("plan", "Site plan"),
             Document("r0", "Report"), Document("r1", "Receipt"))
SYSTEMS = (System("local", "Local app"), System("national", "National app"))
KINDS = [
    dict(actor="applicant", action="submit", contact="visit", needs=("ktp", "plan")),
    dict(actor="applicant", action="pay", contact="visit", produces=("r1",)),
    dict(actor="applicant", action="submit", contact="visit", needs=("r1",)),
    dict(actor="front", action="enter-data", system="local"),
    dict(actor="front", action="enter-data", system="national"),
    dict(actor="land", action="verify", object="land title", needs=("title",)),
    dict(actor="back", action="verify", object="land title", needs=("title",)),
    dict(actor="back", action="check", object="plan", needs=("plan",), produces=("r0",)),
    dict(actor="back", action="forward"),
    dict(actor="back", action="archive"),
    dict(actor="head", action="approve"),
    dict(actor="regent", action="sign"),
    dict(actor="back", action="other", needs=("r0",)),
]


@st.composite
def task(draw, b: Builder):
    kind = dict(draw(st.sampled_from(KINDS)))
    number = len(b.steps)
    step = Step(b.next_id(), f"Step {number} {kind.get('action')}",
                work=Duration.of(draw(st.sampled_from([0.25, 1.0, 2.0]))),
                wait=Duration.of(draw(st.sampled_from([0.0, 8.0, 16.0]))),
                keep=draw(st.booleans()) and draw(st.booleans()), **kind)
    step_id = b.add(step)
    return step_id, step_id


def _continue(step_id: str) -> Step:
    """The step after a rework loop's decision."""
    return Step(step_id, "Continue", actor="back", action="other", work=Duration.of(0.5))


@st.composite
def processes(draw):
    b = draw(built(task, parts=(2, 5), branches=(2, 3), loop_exit=_continue))
    start = b.parts[0][0]
    order = {start: 0}
    steps = sorted(b.steps, key=lambda s: order.get(s.id, 1))  # the start comes first
    process = Process("gen", "Generated", steps=tuple(steps), flows=tuple(b.flows),
                      actors=ACTORS, documents=DOCUMENTS, systems=SYSTEMS, volume=100,
                      tariff={"citizen": 10.0, "staff": 20.0})
    # documents produced inside must be produced before they are needed
    from bpmodel.simplify.guards import missing_producers

    late = {doc for _, doc in missing_producers(process)}
    steps = tuple(Step(**{**{f: getattr(s, f) for f in s.__dataclass_fields__},
                          "needs": tuple(d for d in s.needs if d not in late)})
                  for s in process.steps)
    process = process.evolve(steps=steps)
    return loads_yaml(dumps_yaml(process)).process


SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(processes(), st.sampled_from(["safe", "bold"]))
def test_variants_keep_every_guarantee(process, level):
    assert structural_diagnostics(process) == []
    variant = simplify(process, level)
    assert violations(process, variant.process) == []
    kept = [s for s in process.steps if s.keep]
    for step in kept:
        assert variant.process.has_step(step.id)
        assert variant.process.step(step.id).name == step.name
    unsound = find(variant.process, select=["deadlock", "lack-of-synchronization",
                                            "unreachable-step", "dead-end"])
    assert [f.rule for f in unsound] == []


@SETTINGS
@given(processes(), st.sampled_from(["safe", "bold"]))
def test_simplification_is_deterministic_and_idempotent(process, level):
    first = simplify(process, level)
    text = dumps_yaml(first.process)
    assert dumps_yaml(simplify(process, level).process) == text
    again = simplify(loads_yaml(text).process, level)
    assert again.changes == (), [c.what for c in again.changes]
