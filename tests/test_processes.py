"""The catalogue in processes/: every process is valid, sourced, described, and
transcribed from the published facts in tests/data/permits/ (copied from the shared material).

The expected figures are read from the transcribed data files, not copied here.
"""

from __future__ import annotations

import re

import pytest
import yaml
from click.testing import CliRunner

import bpmodel
from bpmodel.cli import main
from bpmodel.durations import parse_hours

from conftest import PERMITS, ROOT

PROCESSES = ROOT / "processes"
FILES = sorted(PROCESSES.glob("*.yaml"))


def _figures(texts) -> list[str]:
    """Every ``N menit`` / ``N hari`` figure in the published step times, in order."""
    return [f"{n} {unit}" for text in texts
            for n, unit in re.findall(r"(\d+)\s*(menit|hari)", str(text))]


# process file -> (data file, the steps it lists, tasks modelled beyond them,
#                  the step times it publishes or None when it publishes none per step)
PUBLISHED = {
    "jember-balung-imb.yaml": (
        "sippn_jember_balung_ijin_mendirikan_bangunan.yaml",
        lambda d: d["procedures"], 0,
        lambda d: [f"{p['minutes']}min" for p in d["procedures"]]),
    "tegal-legalisasi-pbg.yaml": (
        "sippn_tegal_legalisasi_pbg.yaml", lambda d: d["procedures"], 0, None),
    "metro-penerbitan-pbg.yaml": (
        "sippn_metro_pbg_slf_kepentingan_umum_pertelaan.yaml",
        lambda d: d["stages"][0]["steps"], 0, None),
    "metro-penerbitan-slf-sbkbg.yaml": (
        "sippn_metro_pbg_slf_kepentingan_umum_pertelaan.yaml",
        lambda d: d["stages"][1]["steps"], 0, None),
    # Step 8 is two tasks: signed by the Bupati (7 days) or by the Kadin (2 days).
    "blitar-izin-prinsip.yaml": (
        "blitar_sop_izin_prinsip.yaml", lambda d: d["procedures"], 1,
        lambda d: _figures(p.get("time") for p in d["procedures"])),
    "pbg-pp16-2021.yaml": (
        "id_pbg_pp16_2021_process.yaml", lambda d: d["stages"], 0,
        lambda d: [f"{s['max_days']}d" for s in d["stages"]
                   if isinstance(s["max_days"], int)]),
    # Step 2 is two tasks: at most 7 working days, or 14 for complex buildings.
    "imb-permendagri-32-2010.yaml": (
        "id_imb_permendagri_32_2010.yaml", lambda d: d["procedures"], 1,
        lambda d: [f"{n}d" for p in d["procedures"] for key in ("max", "max_complex")
                   for n in re.findall(r"(\d+) \(\w+\) working days", p.get(key, ""))]),
    # The TDG, issued in parallel with the IMB, is named in the IMB target.
    "imb-slf-reform-2016.yaml": (
        "id_imb_slf_reform_permen_pupr_05_2016.yaml", lambda d: d["targets"], 1, None),
}


def _data(name: str) -> dict:
    return yaml.safe_load((PERMITS / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=[f.name for f in FILES])
def loaded(request):
    return request.param, bpmodel.load(PROCESSES / request.param)


def test_the_catalogue_holds_at_least_six_processes_all_with_published_facts():
    assert len(FILES) >= 6
    assert sorted(f.name for f in FILES) == sorted(PUBLISHED)


def test_every_process_validates_without_warnings(loaded):
    _, result = loaded
    assert result.diagnostics == ()


def test_validate_command_accepts_the_catalogue():
    result = CliRunner().invoke(main, ["validate", *map(str, FILES)])
    assert result.exit_code == 0, result.output
    assert result.output.count(": valid (") == len(FILES)


def test_every_process_cites_its_source_and_describes_itself(loaded):
    _, result = loaded
    process = result.process
    assert re.search(r"https?://\S+", process.source or "")
    assert process.description and len(process.description) > 100
    assert all(step.description for step in process.tasks)


def test_assumptions_in_the_file_are_declared_in_the_description(loaded):
    name, result = loaded
    text = (PROCESSES / name).read_text(encoding="utf-8")
    comments = " ".join(line.split("#", 1)[1] for line in text.splitlines() if "#" in line)
    if "assum" in comments.lower():
        assert "Assumption" in result.process.description


def test_step_count_is_as_published(loaded):
    name, result = loaded
    data_file, listed, extra, _ = PUBLISHED[name]
    assert len(result.process.tasks) == len(listed(_data(data_file))) + extra


def test_step_names_use_the_words_of_the_source(loaded):
    name, result = loaded
    source_text = (PERMITS / PUBLISHED[name][0]).read_text(encoding="utf-8").lower()
    for step in result.process.tasks:
        missing = [w for w in re.findall(r"\w+", step.name.lower()) if w not in source_text]
        assert not missing, (step.id, missing)


@pytest.mark.parametrize("name", [n for n, row in PUBLISHED.items() if row[3]])
def test_step_times_are_transcribed_exactly(name):
    data_file, _, _, times = PUBLISHED[name]
    process = bpmodel.load_process(PROCESSES / name)
    published = sorted(parse_hours(t, process.calendar) for t in times(_data(data_file)))
    modelled = sorted(hours for step in process.tasks
                      if (hours := step.work.hours + step.wait.hours))
    assert modelled == pytest.approx(published)


def test_simultaneous_procedures_are_an_and_block():
    process = bpmodel.load_process(PROCESSES / "imb-slf-reform-2016.yaml")
    split = {s.id for s in process.predecessors("imb")} & {
        s.id for s in process.predecessors("tdg")}
    join = {s.id for s in process.successors("imb")} & {s.id for s in process.successors("tdg")}
    assert [process.step(s).kind for s in split | join] == ["and", "and"]


def test_published_targets_are_transcribed():
    targets = {f.name: bpmodel.load_process(f).target for f in FILES}
    assert targets["jember-balung-imb.yaml"].hours == pytest.approx(
        _data(PUBLISHED["jember-balung-imb.yaml"][0])["published_totals"]["time_minutes"] / 60)
    assert targets["tegal-legalisasi-pbg.yaml"].hours == pytest.approx(
        _data("sippn_tegal_legalisasi_pbg.yaml")["published_totals"]["time_minutes_max"] / 60)
    stages = _data("sippn_metro_pbg_slf_kepentingan_umum_pertelaan.yaml")["stages"]
    for name, stage in zip(("metro-penerbitan-pbg.yaml", "metro-penerbitan-slf-sbkbg.yaml"),
                           stages, strict=True):
        assert targets[name].hours == parse_hours(f"{stage['max_days']}d")


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_simplify_writes_the_reports_of_every_process(path, tmp_path):
    # --lang en: these Indonesian processes would otherwise write in Bahasa Indonesia
    result = CliRunner().invoke(main, ["simplify", str(path), "-o", str(tmp_path),
                                       "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert bpmodel.load_process(tmp_path / "variant.yaml").id == bpmodel.load_process(path).id
    # No process here gives a volume, so its yearly figures are unknown: "n/a", not a crash.
    changes = (tmp_path / "changes.md").read_text(encoding="utf-8")
    assert "| annual applicant hours | n/a | n/a |" in changes
