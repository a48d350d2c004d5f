"""Structural validation: reachability, ends, branches."""

from bpmodel.diagnostics import InputError
from bpmodel.io.yaml import loads_yaml
from bpmodel.model import Flow, Process, Step
from bpmodel.validate import reachable_from, structural_diagnostics

HEAD = """bpmodel: 1
process: {id: t, name: T}
actors: [{id: clerk, name: Clerk}]
"""


def errors_of(text):
    try:
        loaded = loads_yaml(HEAD + text, "t.yaml")
    except InputError as exc:
        return [str(d) for d in exc.diagnostics if d.severity == "error"]
    return [str(d) for d in loaded.diagnostics if d.severity == "error"]


def test_unreachable_step_names_its_line():
    errors = errors_of("steps:\n  - {id: a, name: A, next: end}\n  - {id: b, name: B}\n")
    assert errors == ["t.yaml:6:5: step 'b' cannot be reached from the start ('a')"]


def test_loop_with_no_way_out():
    text = """steps:
  - {id: a, name: A}
  - {id: b, name: B}
  - {id: c, name: C, next: b}
"""
    assert errors_of(text) == [
        "t.yaml:5:5: steps 'a', 'b', 'c' loop with no way out: no end of the process can be "
        "reached from them"]


def test_loop_with_a_way_out_is_fine():
    text = """steps:
  - {id: a, name: A}
  - id: g
    name: Complete?
    type: gateway
    kind: xor
    next: [{to: a, p: 0.2}, {to: b, p: 0.8}]
  - {id: b, name: B}
"""
    assert errors_of(text) == []


def test_gateway_without_branches():
    text = """steps:
  - {id: a, name: A}
  - {id: g, name: G, type: gateway, kind: and, next: end}
"""
    assert errors_of(text) == [
        "t.yaml:6:5: gateway 'g' has no outgoing flows; a gateway needs branches (or remove it)"]


def test_explicit_start_events_are_the_starts():
    text = """steps:
  - {id: a, name: A, next: end}
  - {id: s, name: Start, type: event, kind: start, next: a}
"""
    assert errors_of(text) == []


def test_structural_checks_work_on_processes_built_in_python():
    p = Process("p", "P", steps=(Step("a", "A"), Step("b", "B"), Step("c", "C")),
                flows=(Flow("a", "c"),))
    messages = [d.message for d in structural_diagnostics(p)]
    assert messages == ["step 'b' cannot be reached from the start ('a')"]
    assert reachable_from(p, ["c"], backwards=True) == {"a", "c"}
