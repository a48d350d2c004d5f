"""`bpmodel simulate`, `analyze --check --percentile` and the P90 of `simplify`."""

from __future__ import annotations

import json

from conftest import ROOT, run

LOADED = """
bpmodel: 1
process: {id: loaded, name: Loaded permit, volume: 1000, target: 3d}
actors:
  - {id: applicant, name: Applicant, kind: citizen}
  - {id: clerk, name: Clerk, staff: 2}
  - {id: head, name: Head of office, staff: 1}
steps:
  - {id: submit, name: Submit, actor: applicant, work: 30min}
  - {id: check, name: Check, actor: clerk, work: 1-3h, wait: 2h}
  - {id: sign, name: Sign, actor: head, work: 15min, batch: weekly}
"""

SLOW_DESK = LOADED.replace("{id: clerk, name: Clerk, staff: 2}",
                           "{id: clerk, name: Clerk, staff: 1}").replace("volume: 1000",
                                                                        "volume: 2500")


def test_simulate_the_bundled_process_as_text():
    result = run("simulate", "--cases", "2000")
    assert result.exit_code == 0, result.output
    assert "2,000 simulated cases (seed 1" in result.output
    assert "P90" in result.output and "within the target of 28.0 d" in result.output
    assert "Steps that make the slowest 10% of cases slow" in result.output
    assert "Under load" not in result.output  # the bundled process gives no staff


def test_same_seed_same_json_and_the_contract():
    first = run("simulate", "--cases", "3000", "--seed", "9", "--format", "json")
    second = run("simulate", "--cases", "3000", "--seed", "9", "--format", "json")
    assert first.exit_code == 0 and first.output == second.output
    data = json.loads(first.output)
    lead = data["without_load"]["lead_time"]
    assert set(lead["percentiles_hours"]) == {"p50", "p80", "p90", "p95"}
    assert lead["cases"] == 3000 and data["seed"] == 9
    assert 0 <= lead["within_target"] <= 1
    assert data["under_load"] is None
    other = json.loads(run("simulate", "--cases", "3000", "--seed", "10",
                           "--format", "json").output)
    assert other["without_load"]["lead_time"] != lead


def test_simulate_under_load(write):
    result = run("simulate", write(LOADED), "--cases", "3000", "--format", "json")
    assert result.exit_code == 0, result.output
    load = json.loads(result.output)["under_load"]
    assert load["stable"] and load["lead_time"]["cases"] == 3000
    assert {d["actor"] for d in load["desks"]} == {"clerk", "head"}
    sign = next(s for s in load["steps"] if s["step"] == "sign")
    assert 10 < sign["batch_hours"] < 30  # half a week on average
    text = run("simulate", write(LOADED), "--cases", "2000").output
    assert "Under load (1,000 cases a year, arriving at random" in text
    assert "utilisation" in text
    assert "Under load" not in run("simulate", write(LOADED), "--cases", "500",
                                   "--no-load").output
    picture = write("", "lead.svg").with_name("lead.svg")
    drawn = run("simulate", write(LOADED), "--cases", "500", "-o", picture)
    assert drawn.exit_code == 0, drawn.output
    svg = picture.read_text(encoding="utf-8")
    assert "without queues" in svg and "under load" in svg and "target" in svg


def test_an_unstable_desk_is_named_not_averaged(write):
    result = run("simulate", write(SLOW_DESK), "--cases", "1000")
    assert result.exit_code == 0, result.output
    assert "UNSTABLE: needs 240.4% of its staff's time; at least 3 staff keep up" \
        in result.output
    assert "not simulated" in result.output  # the head of office keeps up, but is not run
    assert "No lead time under load" in result.output


def test_picture_and_compare(tmp_path, write):
    picture = tmp_path / "lead.png"
    before = ROOT / "bpmodel" / "data" / "building-approval.yaml"
    after = write(before.read_text(encoding="utf-8").replace("wait: 10d", "wait: 2d"),
                  "after.yaml")
    result = run("simulate", "--compare", before, after, "--cases", "2000", "-o", picture)
    assert result.exit_code == 0, result.output
    assert picture.read_bytes().startswith(b"\x89PNG")
    assert "Before (" in result.output and "After (" in result.output
    assert "P90 of the lead time:" in result.output
    data = json.loads(run("simulate", "--compare", before, after, "--cases", "500",
                          "--format", "json").output)
    assert set(data) == {"before", "after"}


def test_usage_mistakes_exit_2(write):
    assert run("simulate", "--cases", "0").exit_code == 2
    assert run("simulate", "-o", "lead.gif").exit_code == 2
    assert run("simulate", "--distribution", "normal").exit_code == 2
    bundled = ROOT / "bpmodel" / "data" / "building-approval.yaml"
    assert run("simulate", bundled, "--compare", bundled, bundled).exit_code == 2


def test_nothing_to_simulate_is_an_error_not_a_zero():
    result = run("simulate", ROOT / "processes" / "metro-penerbitan-pbg.yaml", "--lang", "en")
    assert result.exit_code == 1
    assert "no step of the process has a duration" in result.output


def test_bad_file_is_an_error(write):
    result = run("simulate", write(LOADED.replace("staff: 2", "staff: two")))
    assert result.exit_code == 1
    assert "bpmodel: error:" in result.output and "Traceback" not in result.output


def test_analyze_checks_a_percentile(write):
    failed = run("analyze", "--check", "--percentile", "90")
    assert failed.exit_code == 1
    assert "the P90 of the lead time, 49.0 days, exceeds the target of 28.0 days" \
        in failed.output
    relaxed = write((ROOT / "bpmodel" / "data" / "building-approval.yaml").read_text(
        encoding="utf-8").replace("target: 28d", "target: 60d"))
    assert run("analyze", relaxed, "--check", "--percentile", "90").exit_code == 0
    assert run("analyze", "--percentile", "90").exit_code == 2
    assert run("analyze", "--check", "--percentile", "100").exit_code == 2


def test_simplify_shows_the_p90_before_and_after(tmp_path):
    result = run("simplify", "-o", tmp_path / "out", "--no-pictures")
    assert result.exit_code == 0, result.output
    assert "P90 of the lead time (simulated, 10,000 cases, seed 1): 49 working days before" \
        in result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    simulated = summary["simulation"]
    assert simulated["p90_days_after"] < simulated["p90_days_before"]
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "P90 of the lead time (simulated, 10,000 cases, seed 1): 49 working days before" \
        in report


def test_simplify_without_durations_shows_no_p90(tmp_path):
    result = run("simplify", ROOT / "processes" / "metro-penerbitan-pbg.yaml",
                 "-o", tmp_path / "out", "--no-pictures")
    assert result.exit_code == 0, result.output
    assert "P90" not in result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert "simulation" not in summary


def test_staff_without_volume_says_what_is_missing(write):
    result = run("simulate", write(LOADED.replace("volume: 1000, ", "")), "--cases", "200")
    assert result.exit_code == 1
    assert "needs the process's volume" in result.output


def test_percentile_check_with_a_desk_that_cannot_keep_up(write):
    result = run("analyze", write(SLOW_DESK), "--check", "--percentile", "90")
    assert result.exit_code == 1
    assert "cannot keep up" in result.output


def test_help_does_not_import_numpy():
    import subprocess
    import sys

    for args in (["--help"], ["simulate", "--help"]):
        code = ("import sys; from bpmodel.cli import main\n"
                f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
                "print(sorted(m for m in ('numpy', 'matplotlib') if m in sys.modules))")
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             cwd=ROOT, check=True).stdout
        assert out.strip().endswith("[]"), args
