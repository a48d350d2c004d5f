"""Trust, review of session 8 (review 9): eight permit processes bpmodel had never seen (a
premises licence in England, a food shop licence in Singapore, a medium-high risk business
in OSS-RBA, a land parcel split at the land office, a move between regencies (SKPWNI), a
PBI-JK enrolment through the DTKS, a private school's founding permit, a medical device
distributor's certificate; ``tests/data/trust/``), two BPMN files of the public-sector
corpus, and the classes of impossible change their review found
(``docs/trust-review-9.md``).

The classes that were a missing word are fixed in ``bpmodel/data/lexicon.yaml``, those that
needed a small change in the rule or rewrite that proposed them are fixed there; each has
its fixture here. The one left is an ``xfail(strict=True)`` fixture with the fix proposed."""

from functools import partial
from pathlib import Path

import pytest

import bpmodel
from bpmodel.analysis.actions import read_name
from bpmodel.analysis.findings import find
from bpmodel.analysis.legal import legal_level
from bpmodel.analysis.presence import presence_of
from bpmodel.model import Step
from bpmodel.simplify.engine import simplify
from bpmodel.simplify.guards import violations

from conftest import process_of

HERE = Path(__file__).parent
TRUST = HERE / "data" / "trust"
FAC = HERE / "data" / "corpus" / "public_sector" / "gsa-fac"
SESSION_9 = ["dtks-pbi-jk", "izin-pendirian-sd", "izin-penyalur-alkes",
             "oss-rba-menengah-tinggi", "pemecahan-sertipikat", "pindah-domisili-skpwni",
             "sg-sfa-food-shop", "uk-premises-licence"]

ACTORS = [{"id": "yayasan", "name": "Pengurus yayasan", "kind": "business"},
          {"id": "loket", "name": "Petugas loket DPMPTSP", "agency": "DPMPTSP"},
          {"id": "tim", "name": "Tim verifikasi", "agency": "Dinas Pendidikan"},
          {"id": "kadis", "name": "Kepala Dinas Pendidikan", "agency": "Dinas Pendidikan"},
          {"id": "operator", "name": "Operator Dapodik", "agency": "Dinas Pendidikan"}]


process = partial(process_of, actors=ACTORS)


# -- I1: an official's application to another agency for what it grants ------------------------

def _school(last_name):
    return process([
        {"id": "ajukan", "name": "Pengurus yayasan mengajukan permohonan izin pendirian sekolah",
         "actor": "yayasan", "contact": "visit", "work": "1h"},
        {"id": "verif", "name": "Tim verifikasi meninjau lokasi sekolah", "actor": "tim",
         "work": "4h", "wait": "5d"},
        {"id": "izin", "name": "Kepala Dinas Pendidikan menandatangani izin pendirian",
         "actor": "kadis", "work": "15min", "wait": "2d"},
        {"id": "last", "name": last_name, "actor": "operator", "work": "30min", "wait": "10d",
         "legal_basis": "Permendikbud 36/2014"}])


@pytest.mark.parametrize("name", [
    "Operator Dapodik mengajukan NPSN sekolah ke Kemendikbud",
    "Operator Dapodik mengajukan nomor pokok sekolah nasional ke Kemendikbud",
    "Operator applies for the school's registration number to the ministry",
])
def test_an_officials_application_for_what_another_agency_grants_stays(name):
    p = _school(name)
    assert not [f for f in find(p) if f.rule == "non-value-step" and "last" in f.steps]
    assert simplify(p, "bold").process.has_step("last")


@pytest.mark.parametrize("name", [
    "Operator Dapodik mengajukan berkas ke Kemendikbud",
    "Operator Dapodik meneruskan NPSN ke Kemendikbud",
    "Operator sends the file to the ministry",
])
def test_passing_the_file_on_is_still_passing_it_on(name):
    p = _school(name)
    assert [f for f in find(p) if f.rule == "non-value-step" and "last" in f.steps]


# -- I2: a notice displayed at the premises is on site ------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("Applicant displays the blue notice at the premises", "on-site"),
    ("Licensee displays the licence at the premises", "on-site"),
    ("Keep the fire log on the premises", "on-site"),
    ("Applicant publishes the notice in a local newspaper", None),
    ("Applicant sends the premises plan to the council", None),
])
def test_a_notice_displayed_at_the_premises_is_on_site(name, expected):
    assert presence_of(Step("s", name)) == expected


@pytest.mark.parametrize("level", ["safe", "bold"])
def test_the_blue_notice_is_not_composed_with_the_newspaper_notice(level):
    original = bpmodel.load_process(TRUST / "uk-premises-licence.yaml")
    after = simplify(original, level).process
    assert after.has_step("display") and after.has_step("newspaper")
    assert after.step("newspaper").wait.hours == original.step("newspaper").wait.hours


# -- a statutory instrument has its level (no rule change hidden as "not recognised") --------

@pytest.mark.parametrize("basis, level", [
    ("SI 2005/42 reg. 25", "government-regulation"),
    ("The Licensing Act 2003 (Premises licences) Regulations 2005, statutory instrument 42",
     "law"),  # the highest level named
    ("Statutory instrument 2005/1541", "government-regulation"),
])
def test_a_statutory_instrument_has_its_level(basis, level):
    assert legal_level(basis) == level


# -- I3: a step that waits for another participant's message is no sitting ---------------------

def test_a_step_that_awaits_a_message_is_not_composed_with_the_one_before():
    original = bpmodel.load_process(FAC / "certify_audit_submission.bpmn")
    assert any(m.target == "Activity_0kljf2q" for m in original.message_flows)
    variant = simplify(original, "safe")
    assert not [c for c in variant.changes
                if c.rewrite == "compose-steps" and "Activity_0kljf2q" in c.steps]
    assert variant.process.has_step("Activity_0kljf2q")


# -- an original handed in is no document to fetch ---------------------------------------------

def test_an_original_handed_in_is_not_reported_as_one_to_fetch():
    p = bpmodel.load_process(TRUST / "pemecahan-sertipikat.yaml")
    reported = {f.evidence["document"] for f in find(p) if f.rule == "government-held-document"}
    assert "sertipikat" not in reported  # "Sertipikat asli": the office cancels that paper
    assert "sppt" in reported            # a copy of a register's record still is
    p = bpmodel.load_process(TRUST / "pindah-domisili-skpwni.yaml")
    reported = {f.evidence["document"] for f in find(p) if f.rule == "government-held-document"}
    assert reported == {"ktp"}           # not "Kartu Keluarga asli"


# -- the eight processes -------------------------------------------------------------------------

@pytest.mark.parametrize("level", ["safe", "bold"])
@pytest.mark.parametrize("name", SESSION_9)
def test_the_review_9_processes_keep_what_must_stay(name, level):
    from test_trust_properties import assert_trustworthy

    original = bpmodel.load_process(TRUST / f"{name}.yaml")
    after = simplify(original, level).process
    assert_trustworthy(original, after)
    assert violations(original, after) == []
    stays = {"dtks-pbi-jk": ["rapat", "kunjungan", "sahkan", "tetapkan", "registrasi"],
             "izin-pendirian-sd": ["verif_berkas", "verif_lapangan", "rekom", "izin", "npsn"],
             "izin-penyalur-alkes": ["evaluasi", "audit", "rekom_prov", "bayar", "ttd"],
             "oss-rba-menengah-tinggi": ["pertek_survey", "forum_rapat", "ukl_periksa",
                                         "ss_verifikasi", "ss_terbit"],
             "pemecahan-sertipikat": ["ajukan", "ukur_lapangan", "ttd_su", "buku", "ttd"],
             "pindah-domisili-skpwni": ["lapor_asal", "ttd_skpwni", "lapor_tujuan",
                                        "terbit_kk", "cetak_ktp"],
             "sg-sfa-food-shop": ["fitout", "inspect", "approve", "display"],
             "uk-premises-licence": ["copies", "display", "newspaper", "period", "fire_visit",
                                     "hearing", "display_summary"]}
    for step_id in stays[name]:
        assert after.has_step(step_id), step_id
    if name == "uk-premises-licence":
        assert after.step("period").wait.hours == original.step("period").wait.hours
    if name == "pemecahan-sertipikat":
        assert after.step("ajukan").contact == "visit"  # the original certificate handed in


# -- left: needs a reader change (see docs/trust-review-9.md) ------------------------------------

@pytest.mark.parametrize("name, subject", [
    ("Kepala keluarga melaporkan kedatangan dengan menyerahkan SKPWNI di Disdukcapil daerah "
     "tujuan", "applicant"),
    ("Head of household submits the form", "applicant"),
    ("Kepala Dinas menandatangani izin", "staff"),
])
def test_the_head_of_the_family_is_the_applicant_not_an_official(name, subject):
    """A subject of several words (the lexicon's subjects with a space) is read whole,
    before "Kepala" alone (an official) is."""
    assert read_name(name).subject == subject


@pytest.mark.xfail(strict=True, reason="is_collection takes the applicant's hand-in of a "
                   "document the process made (the SKPWNI carried to the destination's "
                   "Dukcapil) for a collection: proposed fix: an applicant's act of handing "
                   "in is no collection (presence.is_collection)")
def test_the_skpwni_handed_in_is_not_collected():
    p = bpmodel.load_process(TRUST / "pindah-domisili-skpwni.yaml")
    texts = [f.message for f in find(p) if f.rule == "extra-visit" and "lapor_tujuan" in f.steps]
    assert texts and not any("collects" in t for t in texts)
