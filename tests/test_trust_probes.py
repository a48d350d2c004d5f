"""Trust probes of session 8 (the lead): impossible changes found on processes bpmodel had
not met, BPMN files from real editors (``tests/data/corpus``) and SOP patterns, each with
its fixture here (the rules' and rewrites' own cases are in ``tests/rules`` and
``tests/rewrites``)."""

from pathlib import Path

import pytest

import bpmodel
from bpmodel.analysis.findings import find
from bpmodel.io.yaml import loads_yaml
from bpmodel.simplify.engine import simplify

CORPUS = Path(__file__).parent / "data" / "corpus"
GSA = CORPUS / "public_sector" / "gsa-fac"


def _process(steps: str, actors: str):
    text = f"""bpmodel: 1
process: {{id: probe, name: Probe}}
actors:
{actors}
steps:
{steps}
"""
    return loads_yaml(text, "probe.yaml").process


OFFICE = """  - {id: pemohon, name: Pemohon, kind: citizen}
  - {id: petugas, name: Petugas, agency: DPMPTSP}
  - {id: kabid, name: Kepala Bidang, agency: DPMPTSP}
  - {id: kakan, name: Kepala Kantor, agency: Kantor Pertanahan}
  - {id: clerk, name: Petugas pembukuan, agency: Kantor Pertanahan}
  - {id: dlh, name: Dinas Lingkungan Hidup, agency: DLH}
  - {id: bupati, name: Bupati, agency: Pemerintah Kabupaten}"""


@pytest.mark.parametrize("level", ["safe", "bold"])
def test_the_head_who_checks_and_decides_keeps_the_decision(level):
    process = _process("""\
  - {id: ajukan, name: Pemohon mengajukan permohonan, actor: pemohon, contact: online}
  - {id: periksa, name: Petugas memeriksa kelengkapan berkas, actor: petugas, wait: 1d}
  - id: putus
    name: Kepala Bidang memeriksa kelengkapan berkas dan memutuskan permohonan
    actor: kabid
    wait: 2d
  - {id: terbit, name: Penerbitan izin, actor: petugas, action: issue, work: 1h}""", OFFICE)
    variant = simplify(process, level)
    assert variant.process.has_step("putus")
    assert "remove-duplicate-step" not in {c.rewrite for c in variant.changes}


def test_the_submission_of_a_pool_without_lanes_stays():
    """GSA's Federal Audit Clearinghouse: the one pool's "Click submit to FAC for
    processing" was removed as a step that "only passes the case on"."""
    process = bpmodel.load_process(GSA / "submit_audit.bpmn")
    variant = simplify(process, "bold")
    assert variant.process.has_step("Activity_00db7jk") or any(
        "Activity_00db7jk" in c.steps and c.rewrite == "compose-steps" for c in variant.changes)
    assert "remove-non-value-step" not in {c.rewrite for c in variant.changes}


def test_each_party_attests_for_itself():
    """The auditor's and the auditee's "Check boxes to signify ... agreement" were one
    check, and the auditor's was removed as a repeat."""
    process = bpmodel.load_process(GSA / "certify_audit_submission.bpmn")
    assert not [f for f in find(process, select=["duplicate-step"])]
    variant = simplify(process, "bold")
    assert "remove-duplicate-step" not in {c.rewrite for c in variant.changes}


def test_an_announcement_on_two_channels_is_two_announcements():
    path = CORPUS / "camunda-bpm-examples" / \
        "testing__assert__camunda-testing-job-announcement-publication.bpmn"
    variant = simplify(bpmodel.load_process(path), "bold")
    assert "remove-duplicate-step" not in {c.rewrite for c in variant.changes}


def test_ping_pong_back_to_a_signature_proposes_resequencing_only():
    """Review 7's B12: head -> clerk -> head who signs was told "let one of them do the
    work"; the head cannot make the clerk's entry, nor the clerk sign."""
    process = _process("""  - {id: periksa, name: Kepala Kantor memeriksa risalah, actor: kakan}
  - {id: buku, name: Petugas membukukan hak, actor: clerk}
  - {id: ttd, name: Kepala Kantor menandatangani sertipikat, actor: kakan}""", OFFICE)
    (finding,) = find(process, select=["ping-pong"])
    assert "resequence so that the case reaches" in finding.message
    assert "Let one of them do the work" not in finding.message


def test_ping_pong_around_a_decision_names_the_delegation():
    process = _process("""  - {id: nilai, name: DLH menilai dokumen Amdal, actor: dlh}
  - {id: tetapkan, name: Bupati menetapkan keputusan kelayakan, actor: bupati}
  - {id: umumkan, name: DLH mengumumkan keputusan, actor: dlh}""", OFFICE)
    (finding,) = find(process, select=["ping-pong"])
    assert "only by delegation" in finding.message


def test_a_refused_merge_says_the_step_would_need_its_own_product():
    """Review 8's B2: a merge refused because the second step used the first's report was
    explained as "step 'laporan' would start before 'Laporan hasil audit halal' is
    produced", of the step that produces it."""
    trust = Path(__file__).parent / "data" / "trust"
    variant = simplify(bpmodel.load_process(trust / "sertifikasi-halal.yaml"), "safe")
    refused = [u for u in variant.unchanged if "'laporan'" in u]
    assert refused and all("which it produces itself" in u for u in refused)
    assert not any("would start before 'Laporan hasil audit halal'" in u for u in refused)


def test_one_sitting_keeps_the_rules_of_both_steps():
    """compose-steps gave the merged step the first step's legal basis only: the check a
    Perbup demands lost its rule (and at safe the merge was refused as 'removing it')."""
    process = _process("""\
  - {id: ajukan, name: Pemohon mengajukan permohonan, actor: pemohon, contact: online}
  - {id: input, name: Petugas menginput data permohonan, actor: petugas, wait: 1d}
  - {id: periksa, name: Petugas memeriksa kelengkapan berkas, actor: petugas, wait: 2d,
     legal_basis: Perbup 10/2020}
  - {id: terbit, name: Kepala Bidang menerbitkan izin, actor: kabid, action: issue}""", OFFICE)
    variant = simplify(process, "safe")
    assert [c.rewrite for c in variant.changes] == ["compose-steps"]
    assert variant.process.step("input").legal_basis == "Perbup 10/2020"
