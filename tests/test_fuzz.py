"""Fuzzing the readers and writers with hypothesis (bounded: a few seconds in all).

Whatever the YAML text or BPMN structure, reading gives a process or an InputError, never
another exception; what loads is written back as YAML and BPMN that load again, and is
laid out without a crash. The longer fuzz of the whole command line for releases is
``benchmarks/fuzz.py``.
"""

from __future__ import annotations

import contextlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpmodel.analysis import AnalysisError, analyze
from bpmodel.diagnostics import ERROR, InputError
from bpmodel.io.bpmn import dumps_bpmn, loads_bpmn
from bpmodel.io.yaml import dumps_yaml, loads_yaml
from bpmodel.layout import layout_process

FUZZ = settings(max_examples=50, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HOSTILE = ["..", "/abs/path", "a\x01", "a\x00", "\x1b[31m", "x" * 1500, "名前", "", " ",
           "a\tb", "line\nbreak", "\ud800", "\ufffe", "end", "&amp;", "<x>", "'\""]
NUMBERS = [".inf", "-.inf", ".nan", "9" * 309, "9" * 5000, "-1", "0", "1.5", "!!int abc",
           "!!float x", "!!bool maybe", "1e400", "1.0e+400", "0x" + "f" * 120, "12"]
DURATIONS = ["1" + " " * 300 + "-1" + " " * 300 + "!", "2h", "1.5d", "3 days", "2-5d",
             "5-2d", "-1h", "999999999d", "1w", "0min", "x", "10 menit", "1..2d"]

ids = st.one_of(st.sampled_from(["a", "b", "c", "d", "e"]), st.sampled_from(HOSTILE),
                st.text(max_size=12))
texts = st.one_of(st.text(max_size=30), st.sampled_from(HOSTILE))
numbers = st.one_of(st.sampled_from(NUMBERS), st.integers().map(str),
                    st.floats(allow_nan=True, allow_infinity=True).map(repr))


def scalar(value: str) -> str:
    """A YAML scalar: a tag or number as it is, text double-quoted."""
    if value.startswith("!!") or value in NUMBERS or value.lstrip("-").replace(".", "", 1) \
            .isdigit():
        return value
    return json.dumps(value)


@st.composite
def yaml_processes(draw) -> str:
    lines = [f"bpmodel: {draw(st.sampled_from(['1', '1', '1', 'true', '1.0', '2']))}",
             f"process: {{id: {scalar(draw(ids))}, name: {scalar(draw(texts))}, "
             f"volume: {draw(numbers)}, target: {scalar(draw(st.sampled_from(DURATIONS)))}}}",
             "actors:"]
    actor_ids = draw(st.lists(ids, min_size=1, max_size=4))
    for i, actor in enumerate(actor_ids):
        parent = draw(st.sampled_from([None, *actor_ids]))
        lines.append(f"  - {{id: {scalar(actor)}, name: {scalar(draw(texts))}"
                     + (f", parent: {scalar(parent)}" if parent is not None and i else "")
                     + "}")
    lines.append("steps:")
    step_ids = draw(st.lists(ids, min_size=1, max_size=7))
    for step in step_ids:
        fields = [f"id: {scalar(step)}", f"name: {scalar(draw(texts))}",
                  f"actor: {scalar(draw(st.sampled_from(actor_ids)))}"]
        kind = draw(st.sampled_from([None, None, "xor", "and", "subprocess",
                                     "event-subprocess", "start", "end"]))
        if kind in ("xor", "and"):
            fields.append(f"type: gateway, kind: {kind}")
        elif kind in ("start", "end"):
            fields.append(f"type: event, kind: {kind}")
        elif kind is not None:
            fields.append(f"kind: {kind}")
        if draw(st.booleans()):
            fields.append(f"work: {scalar(draw(st.sampled_from(DURATIONS)))}")
        if draw(st.booleans()):
            fields.append(f"fee: {draw(numbers)}")
        if draw(st.integers(0, 3)) == 0:
            fields.append(f"parent: {scalar(draw(st.sampled_from(step_ids)))}")
        if draw(st.integers(0, 2)) == 0:
            targets = draw(st.lists(st.sampled_from([*step_ids, "end"]), min_size=1,
                                    max_size=3))
            fields.append("next: [" + ", ".join(scalar(t) for t in targets) + "]")
        lines.append("  - {" + ", ".join(fields) + "}")
    return "\n".join(lines) + "\n"


def _round_trip(process) -> None:
    again = loads_yaml(dumps_yaml(process), strict=False).process
    assert again == process
    loaded = loads_bpmn(dumps_bpmn(process))
    assert not any(d.severity == ERROR for d in loaded.diagnostics)
    assert len(loaded.process.steps) == len(process.steps)


@FUZZ
@given(yaml_processes())
def test_any_yaml_process_loads_or_is_refused_clearly(text):
    try:
        loaded = loads_yaml(text, "fuzz.yaml", strict=False)
    except InputError as exc:
        assert all(d.file == "fuzz.yaml" for d in exc.diagnostics)
        return
    _round_trip(loaded.process)
    with contextlib.suppress(AnalysisError):
        analyze(loaded.process)


@FUZZ
@given(st.text(max_size=300))
def test_any_text_is_a_process_or_an_input_error(text):
    with contextlib.suppress(InputError):
        loads_yaml(text)


BPMN = ('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:bpmodel="https://bpmodel.dev/schema/bpmn/1">{body}</definitions>')
NODE_TAGS = ["task", "userTask", "startEvent", "endEvent", "exclusiveGateway",
             "parallelGateway", "intermediateCatchEvent", "subProcess", "boundaryEvent"]
XML_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20)


def attribute(value: str) -> str:
    return (value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace("\t", "&#9;").replace("\n", "&#10;"))


@st.composite
def bpmn_containers(draw, names: list[str], depth: int) -> str:
    """The children of a process or sub-process: flow nodes, flows, maybe lanes."""
    parts = []
    mine = []
    for _ in range(draw(st.integers(0, 5))):
        tag = draw(st.sampled_from(NODE_TAGS if depth < 3 else NODE_TAGS[:-2]))
        node_id = f"n{len(names)}"
        names.append(node_id)
        mine.append(node_id)
        attrs = f'id="{node_id}" name="{attribute(draw(XML_TEXT))}"'
        if draw(st.integers(0, 3)) == 0:
            attrs += f' bpmodel:id="{attribute(draw(st.sampled_from(["x", "y", *names])))}"'
        if draw(st.integers(0, 3)) == 0:
            attrs += f' bpmodel:work="{attribute(draw(st.sampled_from(DURATIONS)))}"'
        if draw(st.integers(0, 4)) == 0:
            attrs += f' bpmodel:fee="{attribute(draw(numbers))}"'
        if tag == "boundaryEvent":
            attrs += f' attachedToRef="{draw(st.sampled_from([*names, "nowhere"]))}"'
        if tag == "subProcess":
            if draw(st.booleans()):
                attrs += ' triggeredByEvent="true"'
            inner = draw(bpmn_containers(names, depth + 1))
            parts.append(f"<subProcess {attrs}>{inner}</subProcess>")
        elif tag == "startEvent" and draw(st.booleans()):
            parts.append(f"<startEvent {attrs}><messageEventDefinition/></startEvent>")
        else:
            parts.append(f"<{tag} {attrs}/>")
    if mine:
        for i in range(draw(st.integers(0, 6))):
            source = draw(st.sampled_from([*mine, "ghost"]))
            target = draw(st.sampled_from(mine))
            extra = f' bpmodel:p="{attribute(draw(numbers))}"' if draw(st.booleans()) else ""
            parts.append(f'<sequenceFlow id="f{len(names)}_{i}" sourceRef="{source}" '
                         f'targetRef="{target}"{extra}/>')
    if depth == 0 and mine and draw(st.booleans()):
        lanes = "".join(
            f'<lane id="l{i}" name="Lane {i}" bpmodel:index="'
            f'{attribute(draw(st.sampled_from(["0", "1", "²", "-1", "9" * 50])))}"'
            + (f' bpmodel:id="{draw(st.sampled_from(["p", "q"]))}"' if draw(st.booleans())
               else "")
            + f'><flowNodeRef>{draw(st.sampled_from(mine))}</flowNodeRef></lane>'
            for i in range(draw(st.integers(1, 3))))
        parts.insert(0, f'<laneSet id="ls">{lanes}</laneSet>')
    return "".join(parts)


@st.composite
def bpmn_documents(draw) -> str:
    process_id = attribute(draw(st.sampled_from(["p", "..", "../../x", "n0", "l0"])))
    body = draw(bpmn_containers([], 0))
    return BPMN.format(body=f'<process id="{process_id}">{body}</process>')


@FUZZ
@given(bpmn_documents())
def test_any_bpmn_structure_loads_or_is_refused_clearly(document):
    try:
        loaded = loads_bpmn(document, "fuzz.bpmn")
    except InputError as exc:
        assert any(d.severity == ERROR for d in exc.diagnostics)
        return
    process = loaded.process
    layout_process(process)
    _round_trip(process)
