"""bpmodel computes from the steps of processes/ the totals their sources publish.

Every expected figure is read from the transcribed data file that transcribes the source
(or added up from the step times printed there), never copied here.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from click.testing import CliRunner

import bpmodel
from bpmodel.analysis import analyze
from bpmodel.analysis.gaps import figure_gaps
from bpmodel.analysis.measures import measure
from bpmodel.cli import main
from bpmodel.durations import parse_hours
from bpmodel.simplify.edit import remove_step

from conftest import PERMITS, ROOT

PROCESSES = ROOT / "processes"


def _data(name: str) -> dict:
    return yaml.safe_load((PERMITS / name).read_text(encoding="utf-8"))


def _process(name: str):
    return bpmodel.load_process(PROCESSES / name)


def _at_least(process, key: str, convention: str | None = None) -> float:
    """A time figure that steps without a published time leave unknown: the total of the
    known times (a lower bound). Checks that it is indeed unknown, not 0."""
    assert measure(process, convention)[key] is None
    return figure_gaps(process, convention).lower_bounds[key]


def _analyze_json(name: str, *options: str) -> dict:
    result = CliRunner().invoke(main, ["analyze", str(PROCESSES / name), "--format", "json",
                                       *options])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_jember_step_times_add_up_to_the_published_maximum_and_no_fee():
    data = _data("sippn_jember_balung_ijin_mendirikan_bangunan.yaml")
    published = data["published_totals"]
    assert published["cost"] == "Tidak dipungut biaya"  # "no fee is charged"
    m = measure(_process("jember-balung-imb.yaml"))
    assert m["lead_time_hours"] * 60 == pytest.approx(published["time_minutes"])
    assert m["fees"] == 0
    assert m["meets_target"] is True


def test_jember_through_the_cli():
    published = _data("sippn_jember_balung_ijin_mendirikan_bangunan.yaml")["published_totals"]
    report = _analyze_json("jember-balung-imb.yaml", "--check")
    assert report["measures"]["lead_time_hours"] * 60 == pytest.approx(published["time_minutes"])
    assert report["measures"]["fees"] == 0
    assert report["critical_path"] == ["cek_dokumen", "cek_lokasi", "tanda_tangan"]


def test_pbg_issuance_takes_the_published_two_days():
    stages = _data("id_pbg_pp16_2021_process.yaml")["stages"]
    published = [s["max_days"] for s in stages if isinstance(s["max_days"], int)]
    assert len(published) == 1  # the consultation stages have no published time
    process = _process("pbg-pp16-2021.yaml")
    # the consultation stages have no time, so the lead time is not known: at least 2 days
    assert _at_least(process, "lead_time_days") == pytest.approx(published[0])
    assert figure_gaps(process).untimed == ("pendaftaran", "pemeriksaan", "pernyataan")


def _blitar_step_hours(calendar) -> list[list[float]]:
    """Each SOP step's printed times in hours (two for step 8: by the Bupati, by the Kadin)."""
    times = [str(p.get("time")) for p in _data("blitar_sop_izin_prinsip.yaml")["procedures"]]
    per_step = [[parse_hours(f"{n} {unit}", calendar)
                 for n, unit in re.findall(r"(\d+)\s*(menit|hari)", t)] for t in times]
    return [hours for hours in per_step if hours]  # step 4's time is not legible


def test_blitar_worst_case_is_the_sop_times_with_the_bupati_signing():
    process = _process("blitar-izin-prinsip.yaml")
    worst = sum(max(h) for h in _blitar_step_hours(process.calendar))  # 13 days + 70 minutes
    # step 4 (verifikasi) has no legible time: the SOP times are a lower bound
    assert _at_least(process, "lead_time_hours") == pytest.approx(worst)
    assert figure_gaps(process).untimed == ("verifikasi",)
    assert "ttd_bupati" in analyze(process)["critical_path"]


def test_blitar_best_licence_is_the_sop_times_with_the_kadin_signing():
    process = _process("blitar-izin-prinsip.yaml")
    best = sum(min(h) for h in _blitar_step_hours(process.calendar))  # 8 days + 70 minutes
    # The shortest way to a licence: without the end where invalid files go back.
    issued = remove_step(process, "dikembalikan")
    assert _at_least(issued, "best_time_hours") == pytest.approx(best)


def test_blitar_best_time_is_the_kadin_signing_on_the_whole_process():
    process = _process("blitar-izin-prinsip.yaml")
    best = sum(min(h) for h in _blitar_step_hours(process.calendar))
    assert _at_least(process, "best_time_hours") == pytest.approx(best)


def test_permendagri_worst_is_the_complex_building_and_best_the_ordinary_one():
    procedures = _data("id_imb_permendagri_32_2010.yaml")["procedures"]
    days = [int(n) for p in procedures for key in ("max", "max_complex")
            for n in re.findall(r"(\d+) \(\w+\) working days", p.get(key, ""))]
    process = _process("imb-permendagri-32-2010.yaml")
    # the applicant's submission and payment have no published time
    assert (_at_least(process, "lead_time_days"), _at_least(process, "best_time_days")) \
        == pytest.approx((max(days), min(days)))


def test_reform_2016_by_the_doing_business_convention_through_the_cli():
    targets = _data("id_imb_slf_reform_permen_pupr_05_2016.yaml")["targets"]
    imb, foundation, final, slf = targets
    imb_days = int(re.search(r"(\d+) hari", imb["max"])[1])
    slf_working_days = int(re.search(r"(\d+) hari kerja", slf["max"])[1])
    # Calendar days: the file's stated assumption of a 5-day working week for the SLF.
    expected = imb_days + foundation["days"] + final["days"] + slf_working_days * 7 / 5
    report = _analyze_json("imb-slf-reform-2016.yaml", "--convention", "doing-business")
    m = report["measures"]
    # The TDG, issued in parallel with the IMB, has no published time: the lead time is not
    # known; counting the TDG at the convention's minimum (a day, from day 2, well within
    # the IMB's 7 days) gives its lower bound.
    assert m["lead_time_days"] is None and report["unknown_steps"]["time"] == ["tdg"]
    assert report["lower_bounds"]["lead_time_days"] == pytest.approx(expected)
    # Every target is a procedure, and so is the TDG.
    assert m["procedures"] == len(targets) + 1
    assert "imb" in report["critical_path"] and "tdg" not in report["critical_path"]


@pytest.mark.parametrize("name", ["tegal-legalisasi-pbg.yaml", "metro-penerbitan-pbg.yaml",
                                  "metro-penerbitan-slf-sbkbg.yaml"])
def test_targets_without_step_times_give_an_unknown_lead_time(name):
    """Their target is published, their step times are not: the lead time is not known
    (never 0) and `--check` says it could not check (exit 3)."""
    process = _process(name)
    assert process.target is not None
    assert not any(s.time_known for s in process.tasks)
    assert measure(process)["lead_time_hours"] is None
    result = CliRunner().invoke(main, ["analyze", "--check", str(PROCESSES / name)])
    assert result.exit_code == 3, result.output
