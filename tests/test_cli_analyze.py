"""``bpmodel analyze``: the text and JSON report, --check, --convention, bad input."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES, run

DEADLOCK = """\
bpmodel: 1
process: {id: d, name: Deadlock}
actors: [{id: clerk, name: Clerk}]
steps:
  - id: x
    name: Complete?
    type: gateway
    kind: xor
    next: [{to: a, p: 0.5}, {to: b, p: 0.5}]
  - {id: a, name: A, actor: clerk, work: 1h, next: join}
  - {id: b, name: B, actor: clerk, work: 1h, next: join}
  - {id: join, name: Both done, type: gateway, kind: and}
  - {id: z, name: Z, actor: clerk, work: 1h}
"""

ENDLESS = """\
bpmodel: 1
process: {id: e, name: Endless}
actors: [{id: clerk, name: Clerk}]
steps:
  - {id: a, name: A, actor: clerk, work: 1h}
  - id: again
    name: Again?
    type: gateway
    kind: xor
    next: [{to: a, p: 1}, {to: z, p: 0}]
  - {id: z, name: Z, actor: clerk, work: 1h}
"""

FAST = """\
bpmodel: 1
process: {id: f, name: Fast, target: 1d}
actors: [{id: clerk, name: Clerk}]
steps:
  - {id: a, name: A, actor: clerk, work: 1h}
"""




def test_text_report_groups_measures_and_shows_the_critical_path():
    result = run("analyze", EXAMPLES / "building-approval.yaml")
    assert result.exit_code == 0, result.output
    out = result.output
    for title in ("Size", "Applicant", "Handoffs", "Time", "Cost", "Critical path",
                  "Bottlenecks"):
        assert f"\n{title}" in out
    assert "lead time hours           341 h\n" in out
    assert "lead time days            42.6 working days\n" in out
    assert "submit -> register -> reenter" in out
    assert "tech_review" in out.split("Bottlenecks")[1].splitlines()[1]
    assert "meets target              no" in out


def test_bundled_process_when_no_file_is_given():
    result = run("analyze")
    assert result.exit_code == 0 and "building-approval" in result.output


def test_json_report():
    result = run("analyze", "--format", "json", EXAMPLES / "trade-licence.yaml")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["process"] == {"id": "trade-licence", "name": "Trade licence for a small shop"}
    assert report["measures"]["visits"] == 2 and report["measures"]["expected_visits"] == 1.1
    assert report["critical_path"][:3] == ["start", "apply", "screen"]
    assert report["bottlenecks"][0]["step"] == "health_check"
    assert report["convention"] is None and report["expected_method"] == "exact"


def test_check_fails_when_the_lead_time_exceeds_the_target():
    result = run("analyze", "--check", EXAMPLES / "building-approval.yaml")
    assert result.exit_code == 1
    assert "lead time 42.6 working days exceeds the target of 28 working days" in result.output


def test_check_passes_within_the_target(write):
    result = run("analyze", "--check", "--format", "json", write(FAST))
    assert result.exit_code == 0
    assert json.loads(result.output)["measures"]["meets_target"] is True


def test_check_without_a_target_is_not_checked(examples_dir):
    result = run("analyze", "--check", examples_dir / "minimal.yaml")
    assert result.exit_code == 3
    assert "not checked: the process sets no target" in result.output


def test_doing_business_convention():
    result = run("analyze", "--convention", "doing-business", "--format", "json",
                 EXAMPLES / "minimal.yaml")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["convention"] == "doing-business"
    # the visit is a procedure of at least a day; the clerk's 40 working minutes (check and
    # issue) are 40 / 60 / 8 working days, 7/5 as many calendar days
    assert report["measures"]["lead_time_days"] == pytest.approx(1 + 40 / 60 / 8 * 7 / 5)
    text = run("analyze", "--convention", "doing-business", EXAMPLES / "minimal.yaml").output
    assert "calendar days" in text


@pytest.mark.parametrize(("text", "words"), [
    (DEADLOCK, "deadlock: the and gateway 'join' waits"),
    (ENDLESS, "endless loop"),
])
def test_unsound_process_is_reported_in_words(write, text, words):
    path = write(text)
    result = run("analyze", path)
    assert result.exit_code == 1
    assert f"bpmodel: error: {path}: cannot measure the process: {words}" in result.output
    assert "Traceback" not in result.output


def test_usage_errors_exit_2():
    assert run("analyze", "--convention", "lean").exit_code == 2
    assert run("analyze", "--format", "xml").exit_code == 2


def test_missing_file_is_an_input_error(tmp_path):
    result = run("analyze", tmp_path / "nope.yaml")
    assert result.exit_code == 1 and "no such file" in result.output


def test_help():
    result = run("analyze", "--help")
    assert result.exit_code == 0
    assert "--check" in result.output and "doing-business" in result.output
