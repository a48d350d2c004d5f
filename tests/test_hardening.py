"""Hostile and broken input (issue 20): never an escape, a hang, a lost step or a crash.

Each test reproduces one class of the attack report: the input that used to escape the
output folder, hang, lose a step or end in "internal error", and the clear
``FILE:LINE:COL`` message (or refusal) it gets now.
"""

from __future__ import annotations

import json

import pytest

from bpmodel.durations import DurationError, parse_duration
from bpmodel.io.bpmn import loads_bpmn
from bpmodel.io.yaml import dumps_yaml, loads_yaml

from conftest import CORPUS, run

HEAD = """bpmodel: 1
process: {id: t, name: T}
actors: [{id: clerk, name: Clerk}]
"""
STEPS = """steps:
  - {id: a, name: Ask, actor: clerk, work: 10min}
  - {id: b, name: Answer, actor: clerk, work: 1h}
"""
BPMN_HEAD = ('<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" '
             'xmlns:bpmodel="https://bpmodel.dev/schema/bpmn/1">\n')


def errors_of(result) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith("bpmodel: error: ")]


def refused(path, *phrases, command=("validate",)):
    """Run ``command`` on ``path``: exit 1, each phrase in an error line, no internal error."""
    result = run(*command, path)
    assert result.exit_code == 1, result.output
    errors = errors_of(result)
    assert errors, result.output
    assert not any("internal error" in line for line in errors), result.output
    for phrase in phrases:
        assert any(phrase in line for line in errors), (phrase, result.output)
    return errors


# -- 3. numbers and tags ----------------------------------------------------------------

@pytest.mark.parametrize("value, phrase", [
    ("!!int abc", "process.volume: 'abc' is not an integer"),
    ("!!bool maybe", "process.volume: 'maybe' is not true or false"),
    ("!!float x", "process.volume: 'x' is not a number"),
    (".inf", "is not a finite number"),
    ("-.inf", "is not a finite number"),
    (".nan", "is not a finite number"),
    ("9" * 309, "309 characters is too long for an integer"),
    ("9" * 5000, "5000 characters is too long for an integer"),
    ("1.0e+400", "is not a finite number"),
])
def test_bad_numbers_and_tags_are_errors_with_a_position(write, value, phrase):
    text = HEAD.replace("{id: t, name: T}", f"{{id: t, name: T, volume: {value}}}") + STEPS
    refused(write(text), "process.yaml:2:", phrase)


@pytest.mark.parametrize("key, value", [("fee", ".inf"), ("fee", "9" * 20), ("work", "1e999"),
                                         ("work", "9" * 400), ("work", "!!int x")])
def test_step_numbers_are_bounded(write, key, value):
    text = HEAD + STEPS.replace("work: 1h", f"{key}: {value}")
    refused(write(text), "process.yaml:6:")


def test_analyze_json_never_prints_infinity(write):
    text = HEAD.replace("{id: t, name: T}", "{id: t, name: T, volume: 1000000000000000}") + \
        STEPS.replace("work: 1h", "work: 1h, fee: 1000000000000000")
    result = run("analyze", "--format", "json", write(text))
    assert result.exit_code == 0, result.output
    assert "Infinity" not in result.stdout and "NaN" not in result.stdout
    json.loads(result.stdout)


@pytest.mark.parametrize("version", ["true", "1.0", "2", "'1'", "[1]"])
def test_format_version_must_be_the_integer_1(write, version):
    text = HEAD.replace("bpmodel: 1", f"bpmodel: {version}") + STEPS
    refused(write(text), "process.yaml:1:10: bpmodel:")


# -- 2. linear-time patterns ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "1" + " " * 2000 + "-1" + " " * 2000 + "!",
    "1" + " " * 60000,
    "1 " * 30000 + "d",
    "1" * 5000 + "d",
])
def test_hostile_durations_are_refused_at_once(text):
    with pytest.raises(DurationError):
        parse_duration(text)


def test_spaces_inside_a_duration_are_still_read():
    assert parse_duration("  2  -   5 d ").high == 40
    assert parse_duration("3\tdays").hours == 24


def test_a_duration_too_long_to_be_real_is_refused():
    with pytest.raises(DurationError, match="longer than"):
        parse_duration("999999999d")


def test_hostile_duration_in_yaml_and_bpmn(write):
    work = "1" + " " * 2000 + "-1" + " " * 2000 + "!"
    refused(write(HEAD + STEPS.replace("work: 1h", f'work: "{work}"')),
            "process.yaml:6:", "too long to be one")
    bpmn = (BPMN_HEAD + f'<process id="p"><task id="a" name="A" bpmodel:work="{work}"/>'
            '</process></definitions>')
    loaded = loads_bpmn(bpmn)
    assert any("too long to be one" in d.message for d in loaded.diagnostics)


def test_many_elements_sharing_an_id_are_located_in_one_pass():
    """10,000 duplicates of one id: each warning's line is found without a scan per
    warning (20,000 took 18 s before)."""
    body = "\n".join('<task id="t" name="x"/>' for _ in range(10000))
    loaded = loads_bpmn(BPMN_HEAD + f'<process id="p">\n{body}\n</process></definitions>')
    duplicates = [d for d in loaded.diagnostics if "duplicate id" in d.message]
    assert len(duplicates) == 9999
    assert (duplicates[0].line, duplicates[-1].line) == (4, 10002)


# -- 3. steps never silently lost -------------------------------------------------------------

def test_two_bpmn_steps_with_one_bpmodel_id_are_an_error(tmp_path):
    path = tmp_path / "dup.bpmn"
    path.write_text(
        BPMN_HEAD + '<process id="p">\n<startEvent id="s"/>\n'
        '<task id="a" bpmodel:id="x" name="A"/>\n<task id="b" bpmodel:id="x" name="B"/>\n'
        '<endEvent id="e"/>\n'
        '<sequenceFlow id="f1" sourceRef="s" targetRef="a"/>\n'
        '<sequenceFlow id="f2" sourceRef="a" targetRef="b"/>\n'
        '<sequenceFlow id="f3" sourceRef="b" targetRef="e"/>\n</process></definitions>')
    refused(path, "dup.bpmn:5:7: bpmodel:id 'x' of 'b' is also the id of step 'a'")


def test_two_lanes_with_one_bpmodel_id_are_an_error(tmp_path):
    path = tmp_path / "lanes.bpmn"
    path.write_text(
        BPMN_HEAD + '<process id="p"><laneSet id="ls">\n'
        '<lane id="l1" name="A" bpmodel:id="clerk"><flowNodeRef>t</flowNodeRef></lane>\n'
        '<lane id="l2" name="B" bpmodel:id="clerk"/>\n</laneSet>\n'
        '<task id="t" name="T"/></process></definitions>')
    refused(path, "lanes.bpmn:4:7: bpmodel:id 'clerk' of lane 'l2'")


@pytest.mark.parametrize("index", ["²", "1" * 5000, "-1", "x"])
def test_a_lane_index_that_is_no_small_number_is_ignored(index):
    loaded = loads_bpmn(
        BPMN_HEAD + f'<process id="p"><laneSet id="ls"><lane id="l1" name="A" '
        f'bpmodel:index="{index}"><flowNodeRef>t</flowNodeRef></lane></laneSet>'
        '<task id="t" name="T"/></process></definitions>')
    assert [a.id for a in loaded.process.actors] == ["l1"]


def test_duplicate_yaml_ids_stay_errors():
    with pytest.raises(Exception, match="duplicate id 'a'"):
        loads_yaml(HEAD + STEPS.replace("id: b,", "id: a,"))


# -- 1. output paths and whole output folders ---------------------------------------------------

@pytest.mark.parametrize("process_id, folder", [
    ("..", "process"), (".", "process"), ("/tmp/escaped", "tmp-escaped"),
    ("../../x", "x"), ("a b/c", "a-b-c"), ("izin usaha!", "izin-usaha")])
def test_simplify_writes_inside_the_output_folder_whatever_the_id(tmp_path, monkeypatch,
                                                                  process_id, folder):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "in" / "p.yaml"
    source.parent.mkdir()
    source.write_text(HEAD.replace("{id: t,", f'{{id: "{process_id}",') + STEPS)
    result = run("simplify", source, "--no-pictures")
    assert result.exit_code == 0, result.output
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert written == sorted(["in/p.yaml", *(f"bpmodel-out/{folder}/{name}" for name in
                                             ("changes.md", "report.html", "summary.json",
                                              "variant.bpmn", "variant.yaml"))])


def test_bpmn_process_id_cannot_escape_either(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.bpmn").write_text(
        BPMN_HEAD + '<process id="../../x"><startEvent id="s"/><task id="a" name="A"/>'
        '<endEvent id="e"/><sequenceFlow id="f1" sourceRef="s" targetRef="a"/>'
        '<sequenceFlow id="f2" sourceRef="a" targetRef="e"/></process></definitions>')
    result = run("simplify", "p.bpmn", "--no-pictures")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "bpmodel-out" / "x" / "variant.bpmn").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bpmodel-out", "p.bpmn"]


def test_a_failed_write_names_the_file_and_changes_nothing(tmp_path):
    source = tmp_path / "p.yaml"
    source.write_text(HEAD + STEPS)
    out = tmp_path / "out"
    out.mkdir()
    (out / "changes.md").write_text("old")
    (out / "summary.json").mkdir()          # a folder where a file must go: the write fails
    result = run("simplify", source, "-o", out, "--no-pictures")
    assert result.exit_code == 1
    assert "summary.json: cannot write it: a folder has its name" in result.output
    assert "internal error" not in result.output
    assert (out / "changes.md").read_text() == "old"
    assert sorted(p.name for p in out.iterdir()) == ["changes.md", "summary.json"]


def test_a_new_output_folder_appears_whole_or_not_at_all(tmp_path, monkeypatch):
    import bpmodel.io as io

    calls = []

    def failing_stage(path, data, staged=None):
        calls.append(path.name)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        return real_stage(path, data, staged)

    real_stage = io._stage
    monkeypatch.setattr(io, "_stage", failing_stage)
    with pytest.raises(io.OutputError, match="c.txt: cannot write it: No space left"):
        io.write_folder(tmp_path / "run", {"a.txt": "A", "b.txt": "B", "c.txt": "C"})
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    import bpmodel.io as io

    out = tmp_path / "run"
    out.mkdir()
    (out / "a.txt").write_text("old a")
    real_stage = io._stage

    def interrupted(path, data, staged=None):
        if path.name == "b.txt":
            raise KeyboardInterrupt
        return real_stage(path, data, staged)

    monkeypatch.setattr(io, "_stage", interrupted)
    with pytest.raises(KeyboardInterrupt):
        io.write_folder(out, {"a.txt": "new a", "b.txt": "new b"})
    assert [(p.name, p.read_text()) for p in out.iterdir()] == [("a.txt", "old a")]


def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path):
    """A real SIGTERM in the middle of writing the folder: the old files stay, nothing
    hidden is left."""
    import subprocess
    import sys

    out = tmp_path / "run"
    out.mkdir()
    (out / "a.txt").write_text("old a")
    script = f"""
import os, signal
import bpmodel.io as io
from bpmodel.cli import _terminate
signal.signal(signal.SIGTERM, _terminate)
real = io._stage
def stage(path, data, staged=None):
    done = real(path, data, staged)
    if path.name == "b.txt":
        os.kill(os.getpid(), signal.SIGTERM)
    return done
io._stage = stage
io.write_folder({str(out)!r}, {{"a.txt": "new a", "b.txt": "new b", "c.txt": "new c"}})
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 128 + 15, done.stderr
    assert [(p.name, p.read_text()) for p in out.iterdir()] == [("a.txt", "old a")]


def test_pictures_of_an_earlier_run_do_not_stay_next_to_a_new_variant(tmp_path):
    source = tmp_path / "p.yaml"
    source.write_text(HEAD + STEPS)
    out = tmp_path / "out"
    out.mkdir()
    (out / "before-after.png").write_bytes(b"old picture")
    (out / "notes.txt").write_text("mine")
    result = run("simplify", source, "-o", out, "--no-pictures")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "changes.md", "notes.txt", "report.html", "summary.json", "variant.bpmn",
        "variant.yaml"]


@pytest.mark.parametrize("command", [("convert", "{src}", "{bad}/x.bpmn"),
                                     ("diagram", "{src}", "-o", "{bad}/x.svg"),
                                     ("compare", "{src}", "-o", "{bad}/x.svg")])
def test_write_failures_name_the_file(tmp_path, command):
    source = tmp_path / "p.yaml"
    source.write_text(HEAD + STEPS)
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    args = [a.format(src=source, bad=blocker) for a in command]
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert f"{blocker}/x." in errors_of(result)[0]
    assert "internal error" not in result.output


@pytest.mark.parametrize("args", [["rules"], ["schema"], ["--help"]])
def test_a_full_standard_output_is_one_clear_line(args):
    import os
    import subprocess
    import sys

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "bpmodel", *args], stdout=full,
                              stderr=subprocess.PIPE, text=True)
    assert done.returncode == 1
    assert done.stderr == "bpmodel: error: cannot write the output: No space left on device\n"


# -- 3. summaries given to compare -------------------------------------------------------------

GOOD_SUMMARY = {"process": {"id": "p", "name": "P"}, "level": "bold",
                "before": {"lead_time_days": 3}, "after": {"lead_time_days": 2},
                "changes": [{"rewrite": "reduce-visits", "gain": {"lead_time_days": 1}}]}


@pytest.mark.parametrize("change, phrase", [
    ({"process": 1}, "process: expected a mapping"),
    ({"level": 2}, "level: expected text"),
    ({"before": {"lead_time_days": "abc"}}, "before.lead_time_days: 'abc' is not a finite"),
    ({"after": {"steps": [1]}}, "after.steps: '[1]' is not a finite number"),
    ({"changes": [1]}, "changes[0]: expected a mapping"),
    ({"changes": [{"rewrite": "x", "gain": {"visits": "many"}}]}, "changes[0].gain.visits"),
])
def test_a_malformed_summary_is_refused_clearly(tmp_path, change, phrase):
    path = tmp_path / "summary.json"
    path.write_text(json.dumps({**GOOD_SUMMARY, **change}))
    refused(path, f"summary.json: {phrase}", command=("compare", "--savings",
                                                      tmp_path / "w.svg"))


@pytest.mark.parametrize("text", ['{"a": NaN}', '{"a": 1e400}', "[" * 100000])
def test_summary_json_with_non_numbers_or_deep_nesting(tmp_path, text):
    path = tmp_path / "summary.json"
    path.write_text(text)
    refused(path, "summary.json: ", command=("compare",))


# -- 4. control characters --------------------------------------------------------------------

@pytest.mark.parametrize("where, text", [
    ("steps[0].name", '  - {id: a, name: "Ask\\x01", actor: clerk}\n'),
    ("steps[0].id", '  - {id: "a\\x00", name: Ask, actor: clerk}\n'),
    ("steps[0].id", '  - {id: "a\\tb", name: Ask, actor: clerk}\n'),
    ("steps[0] (a).description",
     '  - {id: a, name: Ask, actor: clerk, description: "\\x1b[31m"}\n'),
])
def test_control_characters_are_refused_with_their_position(write, where, text):
    refused(write(HEAD + "steps:\n" + text), "process.yaml:5:", where, "control character")


def test_line_breaks_in_a_description_are_fine(write):
    result = run("validate", write(HEAD + 'steps:\n  - {id: a, name: Ask, actor: clerk, '
                                          'description: "one\\ntwo\\tthree"}\n'))
    assert result.exit_code == 0, result.output


def test_the_bpmn_writer_never_writes_what_xml_cannot_hold():
    from bpmodel.io.bpmn import dumps_bpmn
    from bpmodel.model import Actor, Process, Step

    process = Process("p", "P\x01", actors=(Actor("c", "Clerk\x02"),),
                      steps=(Step("a", "Ask\x01", actor="c", description="x\x0b"),))
    again = loads_bpmn(dumps_bpmn(process)).process
    assert again.step("a").name == "Ask\ufffd"


# -- 5. limits ----------------------------------------------------------------------------------

def test_a_name_too_long_is_refused(write):
    refused(write(HEAD + f"steps:\n  - {{id: a, name: {'x' * 30000}, actor: clerk}}\n"),
            "process.yaml:5:", "a name of 30000 characters is too long")


def test_an_id_too_long_is_refused(write):
    refused(write(HEAD + f"steps:\n  - {{id: {'x' * 300}, name: A, actor: clerk}}\n"),
            "an id of 300 characters is too long")


def test_sub_processes_nested_too_deep(write):
    lines = ["  - {id: s0, name: S0, kind: subprocess, actor: clerk, next: end}"]
    lines += [f"  - {{id: s{i}, name: S, kind: subprocess, actor: clerk, parent: s{i - 1}, "
              f"next: end}}" for i in range(1, 600)]
    refused(write(HEAD + "steps:\n" + "\n".join(lines) + "\n"), "nest more than 50 deep")


def test_lanes_nested_too_deep(write):
    actors = "actors:\n  - {id: a0, name: A0}\n" + "".join(
        f"  - {{id: a{i}, name: A, parent: a{i - 1}}}\n" for i in range(1, 1200))
    text = "bpmodel: 1\nprocess: {id: t, name: T}\n" + actors + \
        "steps:\n  - {id: t, name: T, actor: a1199}\n"
    refused(write(text), "lanes nest more than 50 deep")


def test_bpmn_sub_processes_and_lanes_nested_too_deep(tmp_path):
    deep = tmp_path / "deep.bpmn"
    deep.write_text(BPMN_HEAD + '<process id="p">\n' + "".join(
        f'<subProcess id="s{i}" name="S">\n' for i in range(600)) + '<task id="t" name="T"/>'
        + "</subProcess>" * 600 + "</process></definitions>")
    refused(deep, "deep.bpmn:53:", "nested more than 50 deep")
    lanes = tmp_path / "lanes.bpmn"
    lanes.write_text(BPMN_HEAD + '<process id="p"><laneSet id="ls">' + "".join(
        f'<lane id="l{i}" name="L"><childLaneSet id="c{i}">\n' for i in range(1200))
        + "</childLaneSet></lane>" * 1200 + '</laneSet><task id="t" name="T"/></process>'
        "</definitions>")
    refused(lanes, "lanes.bpmn:", "nested more than 50 deep")


def test_an_input_over_the_limit_is_refused_and_the_limit_can_be_raised(write):
    path = write(HEAD + STEPS + "# " + "x" * 2_000_000 + "\n")
    refused(path, "is 1.9 MB, more than the 1.0 MB bpmodel reads",
            command=("--max-input-size", "1", "validate"))
    assert run("--max-input-size", "3", "validate", path).exit_code == 0


def test_only_regular_files_are_read(tmp_path):
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    refused(fifo, "pipe.yaml: is a named pipe (FIFO), not a regular file")
    zero = tmp_path / "zero.bpmn"
    zero.symlink_to("/dev/zero")
    refused(zero, "zero.bpmn: is a character device, not a regular file")


# -- 6. promises kept loudly ---------------------------------------------------------------------

@pytest.mark.parametrize("value", ["nan", "2", "-0.1", "inf"])
def test_rework_reduction_out_of_range_is_a_usage_error(value):
    result = run("simplify", "--rework-reduction", value)
    assert result.exit_code == 2
    assert "--rework-reduction" in result.output


@pytest.mark.parametrize("value", [float("nan"), 2, -0.3])
def test_rework_reduction_is_checked_by_the_api_too(value):
    import bpmodel
    from bpmodel.simplify.engine import SimplifyError, simplify

    process = bpmodel.load_process(bpmodel.default_process_path())
    with pytest.raises(SimplifyError, match="between 0 and 1"):
        simplify(process, "bold", rework_reduction=value)


def test_an_engine_that_stops_early_says_so(tmp_path, monkeypatch):
    import bpmodel.simplify.engine as engine

    monkeypatch.setattr(engine, "MAX_ROUNDS", 1)
    result = run("simplify", "-o", tmp_path, "--no-pictures")
    assert result.exit_code == 0, result.output
    assert "bpmodel: warning: " in result.stderr and "stopped after 1 changes" in result.stderr
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert "simplify the variant again" in summary["stopped_early"]
    assert len(summary["changes"]) == 1
    assert "## Stopped early" in (tmp_path / "changes.md").read_text()


def test_an_engine_that_finishes_says_nothing(tmp_path):
    result = run("simplify", "-o", tmp_path, "--no-pictures")
    assert "stopped" not in result.output
    assert json.loads((tmp_path / "summary.json").read_text())["stopped_early"] is None


# -- found by the fuzz script -----------------------------------------------------------------

def test_a_process_id_that_is_also_an_actor_id_does_not_hang_the_bpmn_writer(tmp_path):
    source = tmp_path / "p.yaml"
    source.write_text(HEAD.replace("{id: t,", "{id: clerk,") + STEPS)
    result = run("convert", source, tmp_path / "p.bpmn")
    assert result.exit_code == 0, result.output
    again = run("convert", tmp_path / "p.bpmn", tmp_path / "back.yaml")
    assert again.exit_code == 0, again.output
    assert loads_yaml((tmp_path / "back.yaml").read_text()).process.id == "clerk"


def test_a_command_on_a_process_with_no_steps_says_why(tmp_path):
    path = tmp_path / "empty.bpmn"
    path.write_text(BPMN_HEAD + '<process id="p"/></definitions>')
    result = run("sop", path, "-o", tmp_path / "sop.html")
    assert result.exit_code == 1
    assert errors_of(result) == ["bpmodel: error: cannot measure the process: the process "
                                 "has no steps"]


def test_xml_in_an_encoding_python_does_not_know(tmp_path):
    path = tmp_path / "odd.bpmn"
    path.write_bytes(b'<?xml version="1.0" encoding="BPMNDiagram_1"?>' + BPMN_HEAD.encode()
                     + b'<process id="p"/></definitions>')
    refused(path, "odd.bpmn:1: not well-formed XML: the declared encoding cannot be read")


def test_a_boundary_event_drawn_inside_another_container_than_its_host(tmp_path):
    """The host is outside the sub-process the event is written in: it is laid out on its
    host's border (this was a KeyError in the layout)."""
    path = tmp_path / "p.bpmn"
    path.write_text(BPMN_HEAD + '<process id="p"><task id="a" name="A"/>'
                    '<subProcess id="sp" name="Sub"><task id="in" name="In"/>'
                    '<boundaryEvent id="b" attachedToRef="a"/></subProcess></process>'
                    '</definitions>')
    for args in (("convert", path, tmp_path / "p.yaml"),
                 ("diagram", path, "-o", tmp_path / "p.svg")):
        result = run(*args)
        assert result.exit_code == 0, result.output


def test_a_boundary_event_on_nothing_is_read_as_an_intermediate_event():
    loaded = loads_bpmn(BPMN_HEAD + '<process id="p"><boundaryEvent id="b" '
                        'attachedToRef="b"/><boundaryEvent id="c"/></process></definitions>')
    assert [s.kind for s in loaded.process.steps] == ["intermediate", "intermediate"]
    loads_yaml(dumps_yaml(loaded.process), strict=False)


def test_a_chance_on_a_flow_that_is_no_branch_is_ignored_with_a_warning():
    loaded = loads_bpmn(BPMN_HEAD + '<process id="p"><task id="a" name="A"/><task id="b" '
                        'name="B"/><sequenceFlow id="f" sourceRef="a" targetRef="b" '
                        'bpmodel:p="0.3"/></process></definitions>')
    assert loaded.process.flows[0].probability is None
    assert any("bpmodel:p on sequence flow 'f' is ignored" in d.message
               for d in loaded.diagnostics)
    loads_yaml(dumps_yaml(loaded.process), strict=False)


def test_bpmn_control_characters_are_refused_like_yaml_ones(tmp_path):
    path = tmp_path / "odd.bpmn"
    path.write_text(BPMN_HEAD + '<process id="p">\n<task id="a" name="x\x85y"/>\n'
                    '</process></definitions>')
    refused(path, "odd.bpmn:3:7: step 'a' name: a control character (U+0085)")


def test_diagram_coordinates_that_are_not_finite_leave_the_diagram_out(tmp_path):
    source = CORPUS / "bpmnlint" / "no-gateway-join-fork__valid-fork-join-task.bpmn"
    path = tmp_path / "p.bpmn"
    path.write_text(source.read_text().replace('y="84"', 'y="Infinity"', 1))
    result = run("simplify", path, "-o", tmp_path / "out", "--no-pictures")
    assert result.exit_code == 0, result.output
    assert "the diagram has coordinates that are not numbers" in result.output


def test_repeated_sequence_flows_with_one_id_are_read_once():
    flow = '<sequenceFlow id="f" sourceRef="a" targetRef="b"/>'
    loaded = loads_bpmn(BPMN_HEAD + '<process id="p"><task id="a" name="A"/><task id="b" '
                        f'name="B"/>{flow * 2000}</process></definitions>')
    assert len(loaded.process.flows) == 1
    assert sum("duplicate id 'f'" in d.message for d in loaded.diagnostics) == 1999
