"""Trust, review of session 7: nine permit processes bpmodel had never seen (a home food
licence, halal certification, a police certificate, a passport, a first land registration,
an AMDAL, a doctor's practice licence, a route licence, a trademark; ``tests/data/trust/``)
and the classes of impossible change their review found (``docs/trust-review-7.md``).

The classes that were a missing word are fixed in ``bpmodel/data/lexicon.yaml`` and
checked here; the classes that needed code are fixed in the reader, the rules and the
rewrites, each with its fixture here."""

from functools import partial
from pathlib import Path

import pytest

import bpmodel
from bpmodel.analysis.actions import action_of
from bpmodel.analysis.findings import find
from bpmodel.analysis.legal import legal_level
from bpmodel.analysis.presence import presence_of
from bpmodel.analysis.registers import held_by_government
from bpmodel.model import Actor, Document, Process, Step
from bpmodel.simplify.engine import simplify
from bpmodel.simplify.guards import violations
from bpmodel.simplify.rewrites.compose_steps import doer_kind

from conftest import process_of

TRUST = Path(__file__).parent / "data" / "trust"
SESSION_7 = ["amdal-kabupaten", "izin-trayek", "paspor-baru", "pencatatan-nikah-kua",
             "pendaftaran-merek", "pendaftaran-tanah-pertama", "sertifikasi-halal",
             "sip-dokter", "skck", "spp-irt"]

ACTORS = [{"id": "pemohon", "name": "Pemohon", "kind": "citizen"},
          {"id": "loket", "name": "Petugas loket", "agency": "DPMPTSP"},
          {"id": "kasi", "name": "Kepala Seksi", "agency": "Kantor Pertanahan"},
          {"id": "panitia", "name": "Panitia Pemeriksaan Tanah A", "agency": "Kantor Pertanahan"},
          {"id": "dfi", "name": "District Food Inspector", "agency": "Dinas Kesehatan"},
          {"id": "tuk", "name": "Tim Uji Kelayakan", "agency": "Dinas Lingkungan Hidup"},
          {"id": "bupati", "name": "Bupati", "agency": "Pemerintah Kabupaten"},
          {"id": "foto", "name": "Petugas wawancara", "agency": "Kantor Imigrasi"}]


process = partial(process_of, actors=ACTORS)


def visit(step_id, name):
    """A process whose applicant applies, is seen once more for ``name``, and collects."""
    return process([
        {"id": "ajukan", "name": "Pemohon mengajukan permohonan di loket", "actor": "pemohon",
         "contact": "visit", "work": "30min"},
        {"id": "periksa", "name": "Petugas memeriksa kelengkapan berkas", "actor": "loket",
         "work": "20min", "wait": "1d"},
        {"id": step_id, "name": name, "actor": "pemohon", "contact": "visit", "work": "1h"},
        {"id": "ttd", "name": "Kepala Seksi menandatangani izin", "actor": "kasi",
         "work": "10min", "wait": "1d"},
        {"id": "ambil", "name": "Pemohon mengambil izin di loket", "actor": "pemohon",
         "contact": "visit", "work": "20min"}])


# -- words: presence, waits the law sets, registers, who does both ------------------------------

@pytest.mark.parametrize("name, expected", [
    # SPP-IRT: the District Food Inspector inspects the production facility where it stands
    ("District Food Inspector memeriksa sarana produksi pangan di rumah produksi", "on-site"),
    ("Pemeriksaan sarana produksi pangan", "on-site"),
    ("Inspect the production facility", "on-site"),
    # first land registration: Panitia A examines the land; the owner shows the boundaries
    ("Panitia A melakukan pemeriksaan tanah", "on-site"),
    ("Pemohon dan pemilik tanah berbatasan menunjukkan dan menyepakati batas bidang tanah",
     "on-site"),
    ("Pemohon menunjukkan batas bidang tanah kepada petugas ukur", "on-site"),
    ("Owner shows the boundaries to the surveyor", "on-site"),
    # the roadworthiness test: the vehicle itself must be there
    ("Pengusaha membawa kendaraan ke tempat pengujian", "in-person"),
    ("Bring the vehicle to the testing station", "in-person"),
    ("Pemohon membawa sampel produk ke laboratorium", "in-person"),
    # the person photographed at the office; a statement signed before the officer
    ("Pemohon difoto di Kantor Imigrasi", "in-person"),
    ("Applicant is photographed at the counter", "in-person"),
    ("Pemohon menandatangani surat pernyataan di depan petugas", "in-person"),
    ("Sign the declaration in front of the officer", "in-person"),
    # paper work that names the same things stays paper work
    ("Petugas menerbitkan Surat Perintah Setor biaya pengukuran dan pemeriksaan tanah", None),
    ("Pemohon membayar biaya pemeriksaan tanah", None),
    ("Submit the boundary map", None),
    ("Upload foto sarana produksi", None),
    ("Upload photographed documents", None),
    ("Pasang papan nama di depan kantor", None),
    ("Pengusaha mendaftarkan kendaraan secara daring", None),
    # a thing examined where it stands: a vehicle, a building, a warehouse, on the spot
    ("Seksi Angkutan memeriksa kendaraan dan pool", "on-site"),
    ("Cek fisik kendaraan", "on-site"),
    ("Pemeriksaan bangunan", "on-site"),
    ("Pemeriksaan gudang", "on-site"),
    ("Pemeriksaan setempat", "on-site"),
    # witnessed, notarised, signed in front of someone; a photo taken at the counter
    ("Fire drill witnessed by the fire officer", "in-person"),
    ("Pengujian disaksikan oleh petugas", "in-person"),
    ("Witness the signature", "in-person"),
    ("Notarise the declaration", "in-person"),
    ("Applicant signs in front of the registrar", "in-person"),
    ("Applicant has photo taken at the counter", "in-person"),
    ("Submit the notarised deed", None),
    ("Upload the witness statement", None),
    ("Upload the photo taken by the applicant", None),
    ("Place the sign in front of the building", None),
    ("Petugas memeriksa gambar bangunan", None),
    ("Petugas memeriksa data kendaraan", None),
    ("Bayar biaya pemeriksaan kendaraan", None),
])
def test_presence_of_the_review_7_words(name, expected):
    assert presence_of(Step("s", name)) == expected


@pytest.mark.parametrize("name", [
    "Masa pengumuman 60 hari untuk sanggahan",      # PP 24/1997 Pasal 26
    "Masa sanggah 14 hari",
    "Masa keberatan 30 hari",
    "Masa penyampaian saran pendapat dan tanggapan masyarakat 10 hari kerja",  # PP 22/2021
    "Two-month announcement period for objections",  # UU 20/2016 on trademarks
    "Public notice period of 21 days",
    "Jangka waktu sanggah 14 hari",
    "Tenggang waktu keberatan 30 hari",
    "Periode pengumuman 30 hari",
    "Masa uji publik 14 hari",
    "Waiting period for objections",
    "Cooling-off period",
    "Neighbour notification period",
    "Statutory consultation period (21 days)",
    "14-day appeal window",
])
def test_a_period_the_law_sets_is_a_wait(name):
    assert action_of(Step("s", name)) == "wait"


@pytest.mark.parametrize("name", ["Perpanjangan masa berlaku izin",
                                  "Pengumuman data fisik dan data yuridis di Kantor Desa"])
def test_a_validity_period_or_the_announcement_itself_is_no_wait(name):
    assert action_of(Step("s", name)) != "wait"


@pytest.mark.parametrize("issuer, held", [
    ("IDI Cabang", False), ("Ikatan Dokter Indonesia", False),
    ("Organisasi profesi", False), ("Puskesmas", False),
    ("Laboratorium Kesehatan Daerah", False), ("Professional body", False),
    ("Konsil Kedokteran Indonesia", True), ("Disdukcapil", True), ("Dinas Kesehatan", True),
])
def test_a_professional_association_or_a_health_certificate_is_in_no_register(issuer, held):
    p = Process("p", "P", documents=(Document("d", "Surat", issuer),))
    assert held_by_government(p, p.documents[0]) is held


def test_the_penghulu_is_one_person_and_a_team_of_assessors_a_team():
    p = Process("p", "P", actors=(Actor("a", "Tim Penilai Amdal"), Actor("b", "Panitia Penguji"),
                                  Actor("c", "Penghulu")))
    assert doer_kind(p, Step("x", "Menilai dokumen Andal", actor="a")) == "team"
    assert doer_kind(p, Step("y", "Menyusun berita acara", actor="b")) == "team"
    assert doer_kind(p, Step("z", "Akad nikah di hadapan penghulu", actor="c")) == "person"


@pytest.mark.parametrize("basis, level", [
    ("Permenkumham 8/2014", "ministerial-regulation"), ("PM 15/2019", "ministerial-regulation"),
    ("PM 133/2015", "ministerial-regulation"), ("PMNA/KBPN 3/1997", "ministerial-regulation"),
    ("Perpol 6/2023", "ministerial-regulation"), ("Perkap 18/2014", "ministerial-regulation"),
    ("Perkaban 1/2010", "ministerial-regulation"), ("Permendag 36/2007", "ministerial-regulation"),
    ("Peraturan BPOM 22/2018", "ministerial-regulation"),
    ("Peraturan BPJPH 1/2023", "ministerial-regulation"),
    ("Kepmenkes 1234/2020", "decree"), ("KMA 748/2021", "decree"),
])
def test_a_ministers_regulation_abbreviated_with_its_ministry_has_its_level(basis, level):
    assert legal_level(basis) == level


def test_the_ministrys_check_is_kept_over_the_regencys():
    """harmonise-rules kept the Perbup's check and dropped the Permenkumham's: the
    minister's regulation read as no level at all."""
    p = process([
        {"id": "ajukan", "name": "Pemohon mengajukan permohonan", "actor": "pemohon",
         "contact": "visit", "work": "30min"},
        {"id": "desa", "name": "Petugas desa memverifikasi keabsahan akta kelahiran",
         "actor": "loket", "work": "30min", "wait": "1d", "legal_basis": "Perbup 12/2019"},
        {"id": "imigrasi", "name": "Petugas imigrasi memverifikasi keabsahan akta kelahiran",
         "actor": "foto", "work": "30min", "wait": "1d", "legal_basis": "Permenkumham 8/2014"},
        {"id": "cetak", "name": "Petugas mencetak paspor", "actor": "foto", "work": "15min",
         "wait": "2d"}])
    after = simplify(p, "bold").process
    assert after.has_step("imigrasi") and not after.has_step("desa")


# -- the changes the review found impossible, gone ----------------------------------------------

@pytest.mark.parametrize("level", ["safe", "bold"])
def test_the_legal_announcement_period_is_not_composed_away(level):
    """'Masa pengumuman 60 hari' was merged into the announcement by the same official,
    '60 working days saved' at safe: the 60 days are the law's (PP 24/1997 Pasal 26)."""
    p = process([
        {"id": "ajukan", "name": "Pemohon mengajukan permohonan", "actor": "pemohon",
         "contact": "visit", "work": "30min"},
        {"id": "umumkan", "name": "Pengumuman data fisik dan data yuridis di Kantor Desa",
         "actor": "kasi", "work": "30min"},
        {"id": "masa", "name": "Masa pengumuman 60 hari untuk sanggahan", "actor": "kasi",
         "wait": "60d"},
        {"id": "sahkan", "name": "Kepala Seksi mengesahkan data yuridis", "actor": "kasi",
         "work": "15min", "wait": "2d"}])
    after = simplify(p, level).process
    assert after.step("masa") == p.step("masa")
    assert after.step("umumkan").name == p.step("umumkan").name


@pytest.mark.parametrize("level", ["safe", "bold"])
def test_panitia_as_land_examination_is_not_one_sitting_with_the_desk(level):
    p = process([
        {"id": "ajukan", "name": "Pemohon mengajukan permohonan", "actor": "pemohon",
         "contact": "visit", "work": "30min"},
        {"id": "periksa", "name": "Panitia A melakukan pemeriksaan tanah", "actor": "panitia",
         "work": "1d", "wait": "10d"},
        {"id": "risalah", "name": "Panitia A menandatangani risalah penelitian data yuridis",
         "actor": "panitia", "work": "1h", "wait": "2d"}])
    after = simplify(p, level).process
    assert after.step("periksa").name == p.step("periksa").name
    assert after.has_step("risalah")


@pytest.mark.parametrize("level", ["safe", "bold"])
def test_the_check_of_the_vehicles_is_not_one_sitting_with_the_desk(level):
    p = process([
        {"id": "ajukan", "name": "Pengusaha mengajukan permohonan izin trayek",
         "actor": "pemohon", "contact": "visit", "work": "30min"},
        {"id": "cek", "name": "Seksi Angkutan memeriksa kendaraan dan pool", "actor": "loket",
         "work": "3h", "wait": "3d"},
        {"id": "ba", "name": "Seksi Angkutan menyusun konsep izin trayek", "actor": "loket",
         "work": "1h", "wait": "1d"}])
    after = simplify(p, level).process
    assert after.step("cek").name == p.step("cek").name and after.has_step("ba")


def test_fixing_the_premises_after_an_inspection_is_no_missing_document():
    """SPP-IRT: the owner fixes the production facility after the inspector's findings; an
    online checklist of documents at the application does not halve that."""
    p = process([
        {"id": "ajukan", "name": "Pemohon mengajukan permohonan SPP-IRT", "actor": "pemohon",
         "contact": "visit", "work": "30min"},
        {"id": "inspeksi", "name": "District Food Inspector memeriksa sarana produksi pangan",
         "actor": "dfi", "work": "2h", "wait": "5d"},
        {"id": "nilai", "type": "gateway", "kind": "xor", "name": "Level sarana cukup?",
         "next": [{"to": "ttd", "when": "ya", "p": 0.8},
                  {"to": "perbaikan", "when": "tidak", "p": 0.2}]},
        {"id": "perbaikan", "name": "Pemilik memperbaiki sarana produksi sesuai temuan",
         "actor": "pemohon", "work": "2d", "wait": "10d", "next": "inspeksi"},
        {"id": "ttd", "name": "Kepala Seksi menandatangani SPP-IRT", "actor": "kasi",
         "work": "10min", "wait": "1d"}])
    changes = simplify(p, "bold").changes
    assert "reduce-rework" not in {c.rewrite for c in changes}


@pytest.mark.parametrize("step_id, name", [
    ("kendaraan", "Pengusaha membawa kendaraan ke tempat pengujian"),
    ("foto", "Pemohon difoto di Kantor Imigrasi"),
    ("pernyataan", "Pemohon menandatangani surat pernyataan bermaterai di depan petugas"),
    ("batas", "Pemohon menunjukkan batas bidang tanah kepada petugas ukur"),
])
def test_a_visit_that_needs_the_body_or_the_thing_stays_a_visit(step_id, name):
    after = simplify(visit(step_id, name), "bold").process
    assert after.has_step(step_id) and after.step(step_id).contact == "visit"


def test_a_professional_associations_letter_is_not_fetched():
    p = process([
        {"id": "ajukan", "name": "Dokter mengajukan permohonan SIP di loket",
         "actor": "pemohon", "contact": "visit", "work": "30min",
         "needs": ["str", "idi", "sehat"]},
        {"id": "periksa", "name": "Petugas memeriksa kelengkapan berkas", "actor": "loket",
         "work": "20min", "wait": "1d"},
        {"id": "ttd", "name": "Kepala Seksi menandatangani SIP", "actor": "kasi",
         "work": "10min", "wait": "1d"}],
        documents=[{"id": "str", "name": "STR", "issued_by": "Konsil Kedokteran Indonesia"},
                   {"id": "idi", "name": "Surat rekomendasi", "issued_by": "IDI Cabang"},
                   {"id": "sehat", "name": "Surat keterangan sehat", "issued_by": "Puskesmas"}])
    after = simplify(p, "bold").process
    assert set(after.step("ajukan").needs) == {"idi", "sehat"}  # the STR is fetched


# -- the nine processes ---------------------------------------------------------------------------

@pytest.mark.parametrize("level", ["safe", "bold"])
@pytest.mark.parametrize("name", SESSION_7)
def test_the_review_7_processes_get_only_possible_changes(name, level):
    from test_trust_properties import assert_trustworthy

    original = bpmodel.load_process(TRUST / f"{name}.yaml")
    after = simplify(original, level).process
    assert_trustworthy(original, after)
    assert violations(original, after) == []
    stays = {"spp-irt": ["penyuluhan", "inspeksi", "perbaikan", "ambil"],
             "sertifikasi-halal": ["audit", "sidang", "terbit"],
             "skck": ["sidik", "ttd", "terima"],
             "paspor-baru": ["wawancara", "biometrik", "ambil"],
             "pendaftaran-tanah-pertama": ["batas", "ukur", "panitia_a", "risalah", "umumkan",
                                           "masa", "sahkan", "terbit"],
             "amdal-kabupaten": ["umumkan", "konsultasi", "tanggapan", "rapat", "tetapkan",
                                 "umumkan_sk"],
             "sip-dokter": ["ttd_idi", "verlap", "rekomendasi", "ttd"],
             "izin-trayek": ["cek_fisik", "ttd"],
             "pendaftaran-merek": ["formal", "publish", "period", "substantive"],
             "pencatatan-nikah-kua": ["pemeriksaan", "umumkan", "masa", "ttd_kepala"]}[name]
    for step_id in stays:
        assert after.has_step(step_id), step_id
        assert after.step(step_id).name == original.step(step_id).name, step_id
    visits = {"spp-irt": ["penyuluhan"], "skck": ["sidik"], "izin-trayek": ["daftar_uji"]}
    for step_id in visits.get(name, []):
        assert after.step(step_id).contact == "visit", step_id
    if name == "spp-irt":
        # no online checklist claims to halve the repairs of the facility
        assert not any(s.id.startswith("online_checklist") for s in after.steps)
    if name == "izin-trayek":  # the test and its card may be one sitting, at the station
        assert presence_of(after.step("uji")) == "on-site"
    if name in ("pendaftaran-tanah-pertama", "pencatatan-nikah-kua"):  # the law's period
        assert after.step("masa").wait == original.step("masa").wait
    if name == "pencatatan-nikah-kua":  # the akad and the deed: one sitting, all present
        assert presence_of(after.step("akad")) == "in-person"
        assert after.step("akad").contact != "online"


# -- the classes that need code (see the notes): they fail today ---------------------------------

@pytest.mark.parametrize("level", ["safe", "bold"])
def test_the_feasibility_recommendation_is_no_repeat_of_the_terms_of_reference_check(level):
    p = process([
        {"id": "ajukan", "name": "Pemrakarsa mengajukan Formulir Kerangka Acuan",
         "actor": "pemohon", "contact": "visit", "work": "1h"},
        {"id": "periksa_ka", "name": "Tim Uji Kelayakan memeriksa Formulir Kerangka Acuan",
         "actor": "tuk", "work": "1d", "wait": "8d", "legal_basis": "PP 22/2021"},
        {"id": "susun", "name": "Pemrakarsa menyusun Andal dan RKL-RPL", "actor": "pemohon",
         "work": "30d", "produces": ["andal"]},
        {"id": "rapat", "name": "Rapat Tim Uji Kelayakan menilai Andal dan RKL-RPL",
         "actor": "tuk", "work": "1d", "needs": ["andal"]},
        {"id": "rekomendasi", "name": "Tim Uji Kelayakan menyampaikan rekomendasi hasil uji "
         "kelayakan", "actor": "tuk", "work": "2h", "wait": "5d", "produces": ["rekom"],
         "legal_basis": "PP 22/2021"},
        {"id": "tetapkan", "name": "Bupati menetapkan Keputusan Kelayakan Lingkungan Hidup",
         "actor": "bupati", "work": "10min", "wait": "5d", "needs": ["rekom"]}],
        documents=[{"id": "andal", "name": "Andal dan RKL-RPL"},
                   {"id": "rekom", "name": "Rekomendasi hasil uji kelayakan"}])
    variant = simplify(p, level)
    assert not [c for c in variant.changes
                if c.rewrite == "remove-duplicate-step" and "rekomendasi" in c.steps]
    if level == "safe":
        assert variant.process.has_step("rekomendasi")


def test_originals_the_officer_checks_are_not_fetched():
    p = process([
        {"id": "daftar", "name": "Pemohon mendaftar dan mengunggah dokumen secara daring",
         "actor": "pemohon", "work": "30min", "needs": ["ktp"]},
        {"id": "datang", "name": "Pemohon datang ke Kantor Imigrasi", "actor": "pemohon",
         "contact": "visit", "work": "30min", "wait": "5d"},
        {"id": "periksa", "name": "Petugas memeriksa dokumen asli persyaratan",
         "actor": "foto", "work": "10min", "needs": ["ktp"]},
        {"id": "cetak", "name": "Petugas mencetak paspor", "actor": "foto", "work": "15min",
         "wait": "2d"}],
        documents=[{"id": "ktp", "name": "KTP elektronik asli", "issued_by": "Disdukcapil"}])
    after = simplify(p, "bold").process
    assert not after.has_step("fetch_documents")


def test_the_applicants_online_application_is_no_manual_re_entry():
    p = process([
        {"id": "daftar", "name": "Pemohon mendaftar antrean dan mengunggah dokumen di M-Paspor",
         "actor": "pemohon", "work": "30min", "system": "mpaspor"},
        {"id": "datang", "name": "Pemohon datang ke Kantor Imigrasi pada jadwal antrean",
         "actor": "pemohon", "contact": "visit", "work": "30min", "wait": "5d"},
        {"id": "biometrik", "name": "Pengambilan foto dan sidik jari pemohon", "actor": "foto",
         "work": "10min", "system": "spri"},
        {"id": "cetak", "name": "Petugas mencetak paspor", "actor": "foto", "work": "15min",
         "wait": "2d", "system": "spri"}],
        systems=[{"id": "mpaspor", "name": "M-Paspor"},
                 {"id": "spri", "name": "Sistem Penerbitan Paspor (SPRI)", "record": True}])
    after = simplify(p, "bold").process
    assert after.has_step("daftar")


def test_an_announcement_that_holds_the_objection_period_keeps_its_wait():
    p = process([
        {"id": "ajukan", "name": "Pemohon mengajukan permohonan", "actor": "pemohon",
         "contact": "visit", "work": "30min"},
        {"id": "tempel", "name": "Petugas menempelkan pengumuman di kantor desa",
         "actor": "loket", "work": "30min"},
        {"id": "umum", "name": "Pengumuman selama 14 hari untuk sanggahan", "actor": "loket",
         "work": "5min", "wait": "14d"},
        {"id": "ttd", "name": "Kepala Seksi menandatangani izin", "actor": "kasi",
         "work": "10min", "wait": "1d"}])
    after = simplify(p, "safe").process
    assert after.has_step("umum") and after.step("umum").wait == p.step("umum").wait


def test_a_legal_period_is_not_named_as_a_queue_to_empty():
    p = process([
        {"id": "ajukan", "name": "Pemohon mengajukan permohonan", "actor": "pemohon",
         "contact": "visit", "work": "30min"},
        {"id": "ukur", "name": "Petugas ukur melakukan pengukuran bidang tanah", "actor": "kasi",
         "work": "3h", "wait": "2d"},
        {"id": "umumkan", "name": "Pengumuman data fisik dan data yuridis di Kantor Desa",
         "actor": "kasi", "work": "30min"},
        {"id": "masa", "name": "Masa pengumuman 60 hari untuk sanggahan", "actor": "kasi",
         "wait": "60d", "legal_basis": "PP 24/1997"},
        {"id": "sahkan", "name": "Kepala Seksi mengesahkan data yuridis", "actor": "kasi",
         "work": "15min", "wait": "2d"}])
    named = {s for f in find(p, select=["wait-dominant"]) for s in f.steps}
    assert "masa" not in named


@pytest.mark.parametrize("name", ["Sampel air diteruskan ke Labkesda",
                                  "Sertifikat asli diteruskan ke Kantor Pertanahan"])
def test_a_sample_or_an_original_sent_to_another_agency_is_not_dropped(name):
    p = process([
        {"id": "ajukan", "name": "Pemohon mengajukan permohonan", "actor": "pemohon",
         "contact": "visit", "work": "30min"},
        {"id": "periksa", "name": "Petugas memeriksa berkas", "actor": "loket",
         "work": "30min", "wait": "1d"},
        {"id": "kirim", "name": name, "actor": "loket", "work": "10min", "wait": "2d"},
        {"id": "cek", "name": "Kepala Seksi memeriksa hasilnya", "actor": "kasi",
         "work": "1h", "wait": "2d"},
        {"id": "ambil", "name": "Pemohon mengambil izin", "actor": "pemohon",
         "contact": "visit", "work": "10min"}])
    after = simplify(p, "bold").process
    assert after.has_step("kirim")


def test_the_teams_assessment_stays_after_its_inspection_on_site():
    from bpmodel.validate import reachable_from

    p = process([
        {"id": "ajukan", "name": "Pemohon mengajukan permohonan", "actor": "pemohon",
         "contact": "visit", "work": "30min"},
        {"id": "periksa", "name": "Petugas memeriksa kelengkapan berkas", "actor": "loket",
         "work": "30min", "wait": "1d"},
        {"id": "survei", "name": "Tim teknis melakukan pemeriksaan lapangan", "actor": "tuk",
         "work": "3h", "wait": "5d"},
        {"id": "retribusi", "name": "Petugas menghitung retribusi", "actor": "loket",
         "work": "1h", "wait": "3d"},
        {"id": "bayar", "name": "Pemohon membayar retribusi", "actor": "pemohon",
         "contact": "visit", "work": "1h", "wait": "2d"},
        {"id": "nilai", "name": "Tim teknis menilai kelayakan bangunan", "actor": "tuk",
         "work": "2h", "wait": "2d"},
        {"id": "layak", "type": "gateway", "kind": "xor", "name": "Layak?",
         "next": [{"to": "ttd", "when": "ya", "p": 0.7},
                  {"to": "tolak", "when": "tidak", "p": 0.3}]},
        {"id": "tolak", "name": "Permohonan ditolak", "actor": "loket", "work": "10min",
         "next": "end"},
        {"id": "ttd", "name": "Kepala Seksi menandatangani izin", "actor": "kasi",
         "work": "10min", "wait": "1d"},
        {"id": "ambil", "name": "Pemohon mengambil izin", "actor": "pemohon",
         "contact": "visit", "work": "10min"},
        {"id": "end", "type": "event", "kind": "end", "name": "Selesai"}])
    after = simplify(p, "safe").process
    assert "survei" in reachable_from(after, ["nilai"], backwards=True)


def test_a_written_test_is_taken_in_person_like_an_exam():
    after = simplify(visit("tes", "Pemohon mengikuti tes tertulis di Satpas"), "bold").process
    assert after.step("tes").contact == "visit"


def test_a_hand_over_removed_says_it_rests_on_a_shared_case_file():
    """B1: the file sent on to another agency is removed at bold only with the reason and the
    assumption of a forwarding (one shared case file), not 'no one uses what it does'."""
    p = process([
        {"id": "ajukan", "name": "Pemohon mengajukan permohonan", "actor": "pemohon",
         "contact": "visit", "work": "30min"},
        {"id": "periksa", "name": "Petugas memeriksa kelengkapan berkas", "actor": "loket",
         "work": "30min", "wait": "1d"},
        {"id": "teruskan", "name": "Berkas diteruskan ke Dinas Kesehatan", "actor": "loket",
         "work": "10min", "wait": "1d"},
        {"id": "verifikasi", "name": "District Food Inspector memverifikasi berkas",
         "actor": "dfi", "work": "1h", "wait": "2d"}])
    removed = [c for c in simplify(p, "bold").changes
               if c.rewrite == "remove-non-value-step" and "teruskan" in c.steps]
    assert removed and "shared case file" in removed[0].why
    assert "share the case file" in removed[0].assumption


def test_a_decision_taken_in_a_session_is_not_composed_with_desk_work():
    """B4: "menetapkan ... dalam sidang fatwa" reads as a decision, yet it is taken in a
    session of the commission: not one sitting with signing the decision at a desk."""
    p = process([
        {"id": "ajukan", "name": "Pemohon mengajukan permohonan", "actor": "pemohon",
         "contact": "visit", "work": "30min"},
        {"id": "sidang", "name": "Komisi Fatwa menetapkan kehalalan produk dalam sidang fatwa",
         "actor": "tuk", "work": "2h", "wait": "3d"},
        {"id": "ttd", "name": "Komisi Fatwa menandatangani ketetapan halal", "actor": "tuk",
         "work": "10min", "wait": "1d"},
        {"id": "terbit", "name": "Bupati menerbitkan keputusan", "actor": "bupati",
         "work": "10min", "wait": "1d"}])
    for level in ("safe", "bold"):
        after = simplify(p, level).process
        assert after.has_step("sidang") and after.has_step("ttd"), level
