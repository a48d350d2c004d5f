"""The scripts of examples/ run as scripts (``__main__``, with arguments) and do what they
say; the index of processes/README.md is what examples/catalogue_index.py computes."""

from __future__ import annotations

import json
import os
import runpy
import sys

import pytest

import bpmodel
from bpmodel.analysis.measures import measure

from conftest import ROOT

EXAMPLES = ROOT / "examples"
PROCESSES = ROOT / "processes"
FILES = sorted(PROCESSES.glob("*.yaml"))


@pytest.fixture
def run(monkeypatch, capsys):
    """Run an example as ``python examples/NAME ARGS...``: its exit status and output."""
    # the checks the CI example starts import this checkout's bpmodel
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))

    def _run(name: str, *args) -> tuple[int, str]:
        monkeypatch.setattr(sys, "argv", [str(EXAMPLES / name), *map(str, args)])
        with pytest.raises(SystemExit) as exited:
            runpy.run_path(str(EXAMPLES / name), run_name="__main__")
        return exited.value.code, capsys.readouterr().out

    return _run


def test_api_end_to_end_writes_a_variant_that_loads_and_measures(run, tmp_path):
    source = PROCESSES / "blitar-izin-prinsip.yaml"
    status, out = run("api_end_to_end.py", source, tmp_path)
    assert status == 0
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["changes"] and (tmp_path / "changes.md").is_file()
    assert (tmp_path / "variant.bpmn").is_file()
    variant = measure(bpmodel.load_process(tmp_path / "variant.yaml"))
    assert variant["visits"] < measure(bpmodel.load_process(source))["visits"]
    assert f"the variant has {variant['visits']} visits" in out


def test_workshop_comparison_compares_the_processes_with_step_times(run, tmp_path):
    status, out = run("workshop_comparison.py", tmp_path)
    assert status == 0
    assert (tmp_path / "comparison.png").read_bytes().startswith(b"\x89PNG")
    header = (tmp_path / "comparison.md").read_text(encoding="utf-8").splitlines()[0]
    compared = header.strip("| ").split(" | ")[1:]
    timed = [p.id for p in map(bpmodel.load_process, FILES)
             if any(s.time_known for s in p.tasks)]
    assert sorted(compared) == sorted(timed)  # grouped by service and region
    left_out = out.split("Not compared")[1]
    assert all(p.stem in left_out for p in FILES if p.stem not in timed)


def test_check_catalogue_passes_and_says_what_it_could_not_check(run):
    status, out = run("check_catalogue.py", PROCESSES)
    assert status == 0
    line = {path.stem: next(line for line in out.splitlines() if f" {path}: " in line)
            for path in FILES}
    assert line["jember-balung-imb"].startswith("pass")
    for name in ("tegal-legalisasi-pbg", "metro-penerbitan-pbg", "metro-penerbitan-slf-sbkbg"):
        assert line[name].startswith("not checked")
        assert "no published time for" in line[name]
    assert f"{len(FILES)} processes: 0 failed" in out


def test_check_catalogue_exits_1_when_a_process_misses_its_target(run, tmp_path):
    text = (PROCESSES / "jember-balung-imb.yaml").read_text(encoding="utf-8")
    assert "target: 60min" in text
    (tmp_path / "slow.yaml").write_text(text.replace("target: 60min", "target: 30min"),
                                        encoding="utf-8")
    (tmp_path / "fast.yaml").write_text(text, encoding="utf-8")
    status, out = run("check_catalogue.py", tmp_path)
    assert status == 1
    assert [line.split()[0] for line in out.splitlines()[:2]] == ["FAIL", "pass"]
    assert "exceeds the target" in out and "2 processes: 1 failed" in out


def test_check_catalogue_exits_1_for_a_file_it_cannot_read(run, tmp_path):
    (tmp_path / "broken.yaml").write_text("bpmodel: 1\nsteps: [\n", encoding="utf-8")
    status, out = run("check_catalogue.py", tmp_path / "broken.yaml")
    assert status == 1 and out.startswith("ERROR")


@pytest.fixture(scope="module")
def index_script():
    return runpy.run_path(str(EXAMPLES / "catalogue_index.py"), run_name="catalogue_index")


def test_the_index_in_processes_readme_is_up_to_date(index_script):
    readme = (PROCESSES / "README.md").read_text(encoding="utf-8")
    assert index_script["index"](FILES) in readme, \
        "run: python examples/catalogue_index.py --write"


def test_the_index_says_not_published_where_no_step_has_a_time(index_script):
    for path in FILES:
        process = bpmodel.load_process(path)
        row = index_script["row"](path, process)
        lead = row[index_script["HEADER"].index("lead time, days")]
        assert (lead == "not published") == (not any(s.time_known for s in process.tasks))
        unknown = measure(process)["lead_time_hours"] is None
        assert (lead.startswith("at least") or lead == "not published") == unknown


def test_writing_the_index_replaces_only_the_old_one(index_script):
    begin, end = index_script["BEGIN"], index_script["END"]
    stale = f"intro\n{begin}\nold table\n{end}\noutro\n"
    fresh = f"{begin}\nnew table\n{end}"
    assert index_script["updated"](stale, fresh) == f"intro\n{fresh}\noutro\n"
