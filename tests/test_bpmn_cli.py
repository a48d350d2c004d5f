"""``bpmodel convert``, ``validate`` and ``analyze`` on BPMN files."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

import bpmodel
from bpmodel.cli import main

from conftest import CORPUS, EXAMPLES


@pytest.fixture
def run():
    def _run(*args: str):
        return CliRunner().invoke(main, [str(a) for a in args])
    return _run


def test_convert_help(run):
    result = run("convert", "--help")
    assert result.exit_code == 0 and "YAML and BPMN" in result.output


def test_convert_yaml_to_bpmn_and_back(run, tmp_path):
    source = EXAMPLES / "trade-licence.yaml"
    bpmn, back = tmp_path / "t.bpmn", tmp_path / "t.yaml"
    first = run("convert", source, bpmn)
    assert first.exit_code == 0, first.output
    assert "11 steps, 12 flows" in first.output
    assert run("convert", bpmn, back).exit_code == 0
    assert bpmodel.load_process(back) == bpmodel.load_process(source)


def test_convert_a_corpus_model_to_yaml(run, tmp_path):
    target = tmp_path / "c.yml"
    result = run("convert", CORPUS / "miwg" / "reference" / "C.4.0.bpmn", target)
    assert result.exit_code == 0, result.output
    assert "skipped" in result.output      # what was left out is said
    assert "steps:" in target.read_text(encoding="utf-8")


def test_convert_never_writes_over_its_input(run, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_bytes((EXAMPLES / "minimal.yaml").read_bytes())
    before = path.read_bytes()
    result = run("convert", path, tmp_path / "." / "p.yaml")
    assert result.exit_code == 2 and "over the input" in result.output
    assert path.read_bytes() == before


def test_convert_refuses_unknown_extensions_as_usage_errors(run, tmp_path):
    result = run("convert", EXAMPLES / "minimal.yaml", tmp_path / "out.txt")
    assert result.exit_code == 2 and "unknown file type" in result.output
    assert not (tmp_path / "out.txt").exists()


def test_convert_bad_input_is_exit_1_and_leaves_no_output(run, tmp_path):
    bad = tmp_path / "bad.bpmn"
    bad.write_text("<definitions", encoding="utf-8")
    target = tmp_path / "out.yaml"
    result = run("convert", bad, target)
    assert result.exit_code == 1
    assert "bpmodel: error:" in result.output and "Traceback" not in result.output
    assert not target.exists() and list(tmp_path.iterdir()) == [bad]


def test_validate_lists_what_was_skipped_with_lines(run):
    path = CORPUS / "bpmn-moddle" / "complex.bpmn"
    result = run("validate", path)
    assert result.exit_code == 0
    assert f"{path}:641:23: skipped 16 <textAnnotation> elements" in result.output
    assert "valid (107 steps, 104 flows" in result.output


def test_validate_refuses_xml_that_is_not_bpmn(run):
    result = run("validate", CORPUS / "bpmn-moddle" / "error__not-bpmn.bpmn")
    assert result.exit_code == 1 and "not BPMN 2.0" in result.output


def test_analyze_reports_bpmn_counts(run):
    result = run("analyze", "--format", "json", CORPUS / "miwg" / "reference" / "C.1.0.bpmn")
    assert result.exit_code == 0
    measures = json.loads(result.stdout)["measures"]
    assert {k: measures[k] for k in ("tasks", "gateways", "events", "flows", "lanes",
                                     "participants", "message_flows")} == {
        "tasks": 9, "gateways": 3, "events": 9, "flows": 20, "lanes": 4,
        "participants": 2, "message_flows": 5}
