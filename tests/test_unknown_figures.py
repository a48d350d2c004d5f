"""Unknown is not zero: steps without a time, fees not known, and `analyze --check`."""

from __future__ import annotations

import json

import pytest

from bpmodel import load_process
from bpmodel.analysis import analyze
from bpmodel.io import dumps
from bpmodel.io.yaml import loads_yaml as loads

from conftest import ROOT, run

TEGAL = ROOT / "processes" / "tegal-legalisasi-pbg.yaml"

PARTLY_TIMED = """\
bpmodel: 1
process: {id: partly, name: Partly timed, target: 2d, currency: IDR}
actors:
  - {id: me, name: Me, kind: citizen}
  - {id: clerk, name: Clerk, agency: Office}
steps:
  - {id: apply, name: Apply, actor: me, contact: visit, work: 1h}
  - {id: check, name: Check, actor: clerk}
  - {id: sign, name: Sign, actor: clerk, work: 2d, fee: unknown}
"""

ZERO_GIVEN = """\
bpmodel: 1
process: {id: zero, name: Zero given, target: 1d}
actors: [{id: clerk, name: Clerk}]
steps:
  - {id: a, name: Stamp, actor: clerk, work: 0h}
"""


def test_a_step_without_a_time_makes_the_lead_time_unknown_with_a_lower_bound(write):
    report = analyze(load_process(write(PARTLY_TIMED)))
    measures = report["measures"]
    assert measures["lead_time_days"] is None and measures["lead_time_hours"] is None
    assert measures["expected_lead_time_days"] is None and measures["efficiency"] is None
    assert report["lower_bounds"]["lead_time_days"] == pytest.approx(2 + 1 / 8)
    assert "check" in report["unknown"]["lead_time_days"]
    assert report["unknown_steps"] == {"time": ["check"], "fee": ["sign"]}
    # the applicant's own step is timed, the staff's is not
    assert measures["applicant_hours"] == 1.0 and measures["staff_hours"] is None
    # the lower bound already exceeds the target: missed is known
    assert measures["meets_target"] is False


def test_a_fee_written_unknown_is_unknown_not_zero(write):
    report = analyze(load_process(write(PARTLY_TIMED)))
    assert report["measures"]["fees"] is None
    assert "sign" in report["unknown"]["fees"]
    text = run("analyze", write(PARTLY_TIMED)).output
    assert "\n  fees                      n/a\n" in text


def test_a_time_written_as_zero_is_known(write):
    report = analyze(load_process(write(ZERO_GIVEN)))
    assert report["measures"]["lead_time_days"] == 0 and report["measures"]["meets_target"]
    assert report["unknown"] == {}


def test_unknown_times_and_fees_survive_a_round_trip(write):
    process = load_process(write(PARTLY_TIMED))
    again = loads(dumps(process, "yaml")).process
    assert again == process
    assert not again.step("check").time_known and not again.step("sign").fee_known
    zero = load_process(write(ZERO_GIVEN))
    assert loads(dumps(zero, "yaml")).process.step("a").time_known


def test_tegal_lead_time_is_unknown_and_check_is_not_checked():
    result = run("analyze", "--check", TEGAL)
    assert result.exit_code == 3, result.output
    out = result.output
    assert "lead time days            n/a" in out
    assert "ajukan, periksa, tanda_tangan and serahkan" in out
    assert "meets target              not checked" in out
    assert "bpmodel: warning:" in out and "not checked" in out.splitlines()[-1]
    report = json.loads(run("analyze", "--format", "json", TEGAL).output)
    assert report["measures"]["lead_time_days"] is None
    assert report["measures"]["meets_target"] is None
    assert report["unknown_steps"]["time"] == ["ajukan", "periksa", "tanda_tangan",
                                                "serahkan"]
    assert report["unknown"]["meets_target"].startswith("not checked")


def test_check_missed_on_a_lower_bound_exits_1(write):
    result = run("analyze", "--check", write(PARTLY_TIMED))
    assert result.exit_code == 1
    assert "lead time at least 2.1 working days exceeds the target of 2 working days" \
        in result.output


BLITAR = ROOT / "processes" / "blitar-izin-prinsip.yaml"


def test_blitar_expected_below_best_warns_and_names_the_gateway():
    report = analyze(load_process(BLITAR))
    kinds = {w["kind"]: w for w in report["warnings"]}
    below = kinds["expected-below-best"]
    assert below["steps"] == ["valid", "dikembalikan"]
    assert "gives no chance for the branches of valid" in below["message"]
    assert report["lower_bounds"]["expected_lead_time_days"] \
        < report["lower_bounds"]["best_time_days"]
    assert kinds["assumed-chances"]["steps"] == ["valid", "penandatangan"]
    assert kinds["returned-end"]["steps"] == ["dikembalikan"]
    assert "probably a rework loop" in kinds["returned-end"]["message"]
    text = run("analyze", BLITAR).output
    assert "Warnings on the figures" in text and "is below the best case" in text


def test_given_chances_and_no_early_end_give_no_warning(write):
    process = load_process(write(ZERO_GIVEN))
    assert analyze(process)["warnings"] == []
