"""Trust: every class of impossible change the issue lists, in English and Bahasa Indonesia,
and what the model knows to prevent it (presence, keep locks, legal levels, competent
agencies, registers, the system of record)."""

from functools import partial
from pathlib import Path

import pytest
import yaml

import bpmodel
from bpmodel.analysis.actions import action_of
from bpmodel.analysis.findings import find
from bpmodel.analysis.legal import legal_level, step_to_keep
from bpmodel.analysis.presence import inspection_stage, is_collection, presence_of
from bpmodel.io.yaml import dumps_yaml, loads_yaml
from bpmodel.model import Process, Step
from bpmodel.simplify.edit import parallelize
from bpmodel.simplify.engine import simplify
from bpmodel.simplify.guards import violations

from conftest import process_of

ACTORS = [{"id": "applicant", "name": "Applicant", "kind": "citizen"},
          {"id": "front", "name": "Front office", "agency": "PTSP"},
          {"id": "ppat", "name": "Land deed official", "agency": "PPAT"},
          {"id": "village", "name": "Village office", "agency": "Desa"},
          {"id": "land", "name": "Land office", "agency": "BPN"},
          {"id": "head", "name": "Head of office", "agency": "PTSP"},
          {"id": "fire", "name": "Fire inspector", "agency": "Fire Department"},
          {"id": "works", "name": "Building inspector", "agency": "Public Works"}]


process = partial(process_of, actors=ACTORS)


@pytest.mark.parametrize("name, expected", [
    ("Penandatanganan akta jual beli di hadapan PPAT", "in-person"),
    ("Sign the deed before the notary", "in-person"),
    ("Pengambilan sumpah", "in-person"),
    ("Take the oath", "in-person"),
    ("Perekaman biometrik", "in-person"),
    ("Capture fingerprints and photo", "in-person"),
    ("Pengambilan foto dan sidik jari", "in-person"),
    ("Pemeriksaan lapangan", "on-site"),
    ("Visitasi klinik", "on-site"),
    ("Survei lokasi", "on-site"),
    ("Peninjauan lokasi", "on-site"),
    ("Site inspection", "on-site"),
    ("Final inspection", "on-site"),
    ("Field survey of the parcel", "on-site"),
    ("Pemohon hadir untuk verifikasi", "in-person"),
    ("Pemeriksaan tempat usaha", "on-site"),
    ("Final walk-through with the inspector", "on-site"),
    ("Upload foto KTP", None),
    ("Submit the field survey report", None),
    ("Kirim hasil pemeriksaan lapangan ke dinas", None),
    ("Technical review of site plan", None),
    ("Periksa kelengkapan berkas", None),
    # session 6: the owner shows the plot's boundaries on site (PP 24/1997, penetapan batas)
    ("Pemilik menunjukkan batas bidang tanah di lokasi", "on-site"),
    ("Penunjukan batas bidang oleh pemohon", "on-site"),
    ("Pemohon mendampingi petugas ke lokasi", "on-site"),
    ("Pemohon menandatangani berita acara di lokasi", "on-site"),
    ("Point out the plot boundaries to the surveyor", "on-site"),
    ("Submit the boundary map", None),
    ("Pemohon menjalani pemeriksaan kesehatan jasmani oleh dokter", "in-person"),
    ("Medical examination by a registered doctor", "in-person"),
    ("Pengambilan sampel darah", "in-person"),
    ("Upload the medical examination report", None),
    ("Kirim berita acara ke kantor", None),
])
def test_presence_is_read_from_names_in_both_languages(name, expected):
    assert presence_of(Step("s", name)) == expected


def test_presence_can_be_declared_either_way():
    assert presence_of(Step("s", "Interview", presence="in-person")) == "in-person"
    assert presence_of(Step("s", "Site inspection", presence="none")) is None


@pytest.mark.parametrize("name, actor, expected", [
    ("Collect the permit", "applicant", True),
    ("Pengambilan SK izin di loket", "applicant", True),
    ("Hand over the title", "front", True),
    ("Penyerahan sertifikat kepada pemohon", "front", True),
    ("Deliver the certificate", "front", True),
    ("Serahkan sertifikat tanah ke loket", "applicant", False),
    ("Pengambilan foto", "applicant", False),
    ("Collect the fee", "front", False),
])
def test_collections_are_read_from_names(name, actor, expected):
    p = process([{"id": "s", "name": name, "actor": actor}])
    assert is_collection(p, p.steps[0]) is expected


@pytest.mark.parametrize("basis, level", [
    ("UU 23/2014", "law"), ("Undang-Undang No. 28 Tahun 2002", "law"),
    ("PP 16/2021", "government-regulation"), ("Perpres 96/2018", "presidential-regulation"),
    ("Permen PUPR 5/2016", "ministerial-regulation"), ("Perda 3/2019", "regional-bylaw"),
    ("Perbup 31/2019", "head-regulation"), ("Perwal 12/2020", "head-regulation"),
    ("SE Kepala Dinas", "decree"), ("SK Bupati", "decree"),
    ("Food Safety Act", "law"), ("State food code regulation", "government-regulation"),
    ("County health ordinance", "regional-bylaw"), ("Department policy", "decree"),
    ("Regional regulation on building approval", "regional-bylaw"), ("none known", None)])
def test_legal_levels(basis, level):
    assert legal_level(basis) == level


def test_keep_reads_and_writes_its_finer_form():
    p = process([{"id": "a", "name": "A", "actor": "front", "keep": ["channel"],
                  "presence": "on-site", "competent": True}],
                systems=[{"id": "siak", "name": "SIAK", "record": True}],
                documents=[{"id": "rt", "name": "Surat RT", "issued_by": "Ketua RT",
                            "government": False}])
    step = p.steps[0]
    assert step.keep and step.locks == ("channel",) and step.locked("existence")
    assert not step.locked("actor")
    assert loads_yaml(dumps_yaml(p)).process == p


# -- presence moved online -------------------------------------------------------------------
@pytest.mark.parametrize("level", ["safe", "bold"])
@pytest.mark.parametrize("name", ["Penandatanganan akta di hadapan PPAT",
                                  "Sign the deed in the presence of the notary",
                                  "Pemeriksaan lapangan bersama pemohon",
                                  "Meet the inspector for the final inspection"])
def test_presence_never_moves_online_even_with_keep(level, name):
    p = process([{"id": "apply", "name": "Apply", "actor": "applicant", "contact": "visit"},
                 {"id": "x", "name": name, "actor": "applicant", "contact": "visit",
                  "keep": ["existence"]}])
    variant = simplify(p, level)
    assert variant.process.step("x").contact == "visit"
    moved = p.evolve(steps=(p.steps[0], Step("x", name, actor="applicant", contact="online",
                                             keep=True, locks=("existence",))))
    assert any("cannot move online" in v for v in violations(p, moved))


# -- keep locks actor, agency and channel ----------------------------------------------------
def test_keep_locks_actor_agency_and_channel():
    p = process([{"id": "pay", "name": "Pay at the bank", "actor": "applicant",
                  "contact": "visit", "keep": True}])
    online = p.evolve(steps=(Step("pay", "Pay at the bank", actor="applicant",
                                  contact="online", keep=True),))
    moved = p.evolve(steps=(Step("pay", "Pay at the bank", actor="front", contact="visit",
                                 keep=True),))
    assert any("channel" in v for v in violations(p, online))
    assert any("actor" in v for v in violations(p, moved))
    loose = process([{"id": "pay", "name": "Pay at the bank", "actor": "applicant",
                      "contact": "visit", "keep": ["existence"]}])
    assert violations(loose, loose.evolve(steps=(Step(
        "pay", "Pay at the bank", actor="applicant", contact="online", keep=True,
        locks=("existence",)),))) == []


# -- site inspections read as applicant visits -----------------------------------------------
@pytest.mark.parametrize("first, second, joint", [
    ("Pemeriksaan pondasi", "Pemeriksaan akhir bangunan", False),
    ("Foundation inspection", "Final inspection", False),
    ("Final fire safety inspection", "Final building inspection", True),
    ("Pemeriksaan akhir proteksi kebakaran", "Pemeriksaan akhir bangunan", True)])
def test_inspect_jointly_only_at_the_same_stage(first, second, joint):
    p = process([{"id": "apply", "name": "Apply", "actor": "applicant", "contact": "visit"},
                 {"id": "a", "name": first, "actor": "applicant", "contact": "visit"},
                 {"id": "b", "name": second, "actor": "applicant", "contact": "visit"}])
    messages = " ".join(f.message for f in find(p, select=["extra-visit"]))
    assert ("inspect jointly" in messages) is joint
    assert "merge it with an earlier visit" not in messages
    assert inspection_stage(p.step("a")) != inspection_stage(p.step("b")) or joint


def test_a_single_site_inspection_is_not_told_to_inspect_jointly():
    p = process([{"id": "apply", "name": "Ajukan permohonan", "actor": "applicant",
                  "contact": "visit"},
                 {"id": "visit", "name": "Visitasi klinik", "actor": "applicant",
                  "contact": "visit"}])
    (finding,) = find(p, select=["extra-visit"])
    assert "inspect jointly" not in finding.message
    assert "cannot move online" in finding.message


# -- results collected before they exist -----------------------------------------------------
@pytest.mark.parametrize("level", ["safe", "bold"])
@pytest.mark.parametrize("sign, collect", [
    ("Sign the permit", "Collect the permit"),
    ("Penandatanganan SK oleh Kepala Kantor", "Penyerahan SK kepada pemohon"),
    ("Issue the occupancy certificate", "Hand over the certificate")])
def test_a_collection_never_runs_alongside_its_signature(level, sign, collect):
    p = process([
        {"id": "check", "name": "Check the file", "actor": "front", "needs": ["plan"],
         "produces": ["report"]},
        {"id": "sign", "name": sign, "actor": "head", "needs": ["report"]},
        {"id": "collect", "name": collect, "actor": "front", "needs": ["plan"]}],
        documents=[{"id": "plan", "name": "Plan"}, {"id": "report", "name": "Report"}])
    assert find(p, select=["sequential-independent"]) == []
    variant = simplify(p, level)
    assert "sign" in _before(variant.process, "collect")
    forced = parallelize(p, ["sign", "collect"], "fork", "join")
    assert any("no longer come after 'sign'" in v for v in violations(p, forced))


def test_a_final_inspection_never_runs_alongside_the_certificate():
    p = process([{"id": "final", "name": "Final inspection", "actor": "works",
                  "needs": ["plan"], "produces": ["report"]},
                 {"id": "issue", "name": "Terbitkan SLF", "actor": "head", "needs": ["plan"],
                  "produces": ["slf"]}],
                documents=[{"id": "plan", "name": "Plan"}, {"id": "report", "name": "R"},
                           {"id": "slf", "name": "SLF"}])
    assert find(p, select=["sequential-independent"]) == []
    forced = parallelize(p, ["final", "issue"], "fork", "join")
    assert violations(p, forced)


def test_parallelism_needs_known_inputs_and_outputs():
    p = process([{"id": "a", "name": "Fire safety review", "actor": "fire", "needs": ["plan"],
                  "produces": ["fire_report"]},
                 {"id": "b", "name": "Review the structure", "actor": "works"}],
                documents=[{"id": "plan", "name": "Plan"}, {"id": "fire_report", "name": "R"}])
    assert find(p, select=["sequential-independent"]) == []


def _before(p: Process, step_id: str) -> set[str]:
    from bpmodel.validate import reachable_from
    return reachable_from(p, [step_id], backwards=True) - {step_id}


# -- the data exchange keeps the order in which documents exist ------------------------------
def test_a_fetched_document_made_inside_keeps_its_order():
    p = process([
        {"id": "submit", "name": "Ajukan permohonan balik nama", "actor": "applicant",
         "contact": "visit", "needs": ["ktp"]},
        {"id": "validate", "name": "Validasi BPHTB", "actor": "front", "action": "verify",
         "needs": ["ktp"], "produces": ["bphtb"]},
        {"id": "deed", "name": "Penandatanganan akta di hadapan PPAT", "actor": "applicant",
         "contact": "visit", "needs": ["bphtb"]}],
        documents=[{"id": "ktp", "name": "KTP", "issued_by": "Dukcapil"},
                   {"id": "bphtb", "name": "Surat validasi BPHTB", "issued_by": "Bapenda"}])
    variant = simplify(p, "bold")
    assert "validate" in _before(variant.process, "deed")
    assert variant.process.step("deed").needs == ("bphtb",)
    stripped = p.evolve(steps=tuple(Step(s.id, s.name, actor=s.actor, contact=s.contact,
                                         action=s.action, produces=s.produces)
                                    if s.id == "deed" else s for s in p.steps),
                        flows=p.flows)
    stripped = parallelize(stripped, ["validate", "deed"], "fork", "join")
    assert any("before 'bphtb'" in v or "no longer come after" in v
               for v in violations(p, stripped))


# -- the wrong check kept ---------------------------------------------------------------------
@pytest.mark.parametrize("low, high", [("Perbup 12/2019", "Perpres 96/2018"),
                                       ("County policy", "State food safety act")])
def test_the_higher_rule_and_competent_agency_win_and_stay(low, high):
    p = process([
        {"id": "apply", "name": "Submit", "actor": "applicant", "contact": "visit",
         "needs": ["title"]},
        {"id": "village_check", "name": "Verify land title", "actor": "village",
         "action": "verify", "object": "land title", "needs": ["title"], "legal_basis": low},
        {"id": "land_check", "name": "Verifikasi sertifikat tanah", "actor": "land",
         "action": "verify", "object": "land title", "needs": ["title"],
         "legal_basis": high},
        {"id": "sign", "name": "Sign the permit", "actor": "head"}],
        documents=[{"id": "title", "name": "Land title", "issued_by": "BPN"}])
    (finding,) = find(p, select=["policy-overlap"])
    assert "keep land_check" in finding.message
    assert step_to_keep(p, [p.step("village_check"), p.step("land_check")]).id == "land_check"
    for level in ("bold",):
        variant = simplify(p, level)
        assert variant.process.has_step("land_check")
        assert not variant.process.has_step("village_check")
        harmonise = [c for c in variant.changes if c.rewrite == "harmonise-rules"]
        assert harmonise and "land_check" in harmonise[0].what


def test_duplicate_finding_and_rewrite_name_the_same_step():
    p = process([
        {"id": "a", "name": "Verify land certificate", "actor": "village",
         "needs": ["title"]},
        {"id": "b", "name": "Verifikasi sertifikat tanah", "actor": "land",
         "needs": ["title"]}],
        documents=[{"id": "title", "name": "Land title", "issued_by": "BPN"}])
    (finding,) = find(p, select=["duplicate-step"])
    assert finding.evidence["keep"] == "b" and "Keep b" in finding.message
    variant = simplify(p, "safe")
    assert variant.process.has_step("b") and not variant.process.has_step("a")


# -- legal obligations ------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["Archive the file", "Pengarsipan berkas"])
def test_archiving_moves_off_the_applicants_path(name):
    p = process([{"id": "sign", "name": "Sign the permit", "actor": "head"},
                 {"id": "archive", "name": name, "actor": "front", "wait": "1d"},
                 {"id": "collect", "name": "Collect the permit", "actor": "applicant",
                  "contact": "visit"}])
    variant = simplify(p, "bold")
    assert variant.process.has_step("archive")
    assert "archive" not in _before(variant.process, "collect")
    (change,) = [c for c in variant.changes if "archive" in c.steps]
    assert "43/2009" in change.legal_basis


@pytest.mark.parametrize("issuer, fetched", [
    ("Ketua RT 05", False), ("Neighbourhood head", False), ("Bank Mandiri", False),
    ("Dukcapil", True), ("Civil Registry", True)])
def test_only_government_registers_are_fetched(issuer, fetched):
    p = process([{"id": "submit", "name": "Submit", "actor": "applicant", "contact": "visit",
                  "needs": ["letter"]},
                 {"id": "check", "name": "Check", "actor": "front", "needs": ["letter"]}],
                documents=[{"id": "letter", "name": "Letter", "issued_by": issuer}])
    assert bool(find(p, select=["government-held-document"])) is fetched


def test_a_document_issued_in_the_process_is_not_held_by_government():
    p = process([{"id": "issue", "name": "Terbitkan surat keterangan", "actor": "village",
                  "produces": ["letter"]},
                 {"id": "submit", "name": "Ajukan", "actor": "applicant", "contact": "visit",
                  "needs": ["letter"]}],
                documents=[{"id": "letter", "name": "Surat keterangan", "issued_by": "Desa"}])
    assert find(p, select=["government-held-document"]) == []


def test_changes_resting_on_inferred_facts_say_so():
    variant = simplify(bpmodel.load_process(bpmodel.default_process_path()), "bold")
    by_rewrite = {c.rewrite: c for c in variant.changes}
    assert "system of record" in by_rewrite["integrate-systems"].assumption
    assert "government" in by_rewrite["exchange-data"].assumption


def test_bold_still_cuts_the_bundled_lead_time_by_40_percent():
    original = bpmodel.load_process(bpmodel.default_process_path())
    variant = simplify(original, "bold")
    assert variant.after["lead_time_days"] <= 0.6 * variant.before["lead_time_days"]
    assert variant.process.step("pay").contact == "visit"  # kept: its channel stays
    assert variant.process.has_step("archive")


def test_the_re_entry_finding_names_the_system_of_record():
    p = process([
        {"id": "letter", "name": "Catat permohonan di aplikasi surat", "actor": "village",
         "action": "enter-data", "system": "surat"},
        {"id": "siak", "name": "Input data ke SIAK", "actor": "front", "action": "enter-data",
         "system": "siak"}],
        systems=[{"id": "surat", "name": "Aplikasi surat desa"},
                 {"id": "siak", "name": "SIAK Dukcapil"}])
    (finding,) = find(p, select=["manual-re-entry"])
    assert "SIAK Dukcapil (siak), the system of record" in finding.message
    variant = simplify(p, "bold")
    assert variant.process.has_step("siak") and not variant.process.has_step("letter")


@pytest.mark.parametrize("name", ["Foundation inspection; final inspection",
                                  "Pemeriksaan pondasi dan pemeriksaan akhir"])
def test_inspections_of_different_stages_never_become_one_visit(name):
    p = process([{"id": "a", "name": "Foundation inspection", "actor": "works"},
                 {"id": "b", "name": "Final inspection", "actor": "works"}])
    merged = p.evolve(steps=(Step("a", name, actor="works"),), flows=())
    assert any("different construction stages" in v for v in violations(p, merged))


def test_the_schema_accepts_the_new_keys():
    import json

    import jsonschema

    from bpmodel.io.yaml import dumps_yaml as dump

    schema = json.loads((Path(bpmodel.__file__).parent / "data" /
                         "process.schema.json").read_text())
    p = process([{"id": "a", "name": "A", "actor": "front", "keep": ["actor", "channel"],
                  "presence": "in-person", "competent": False, "action": "collect"}],
                systems=[{"id": "siak", "name": "SIAK", "record": True}],
                documents=[{"id": "rt", "name": "Surat RT", "issued_by": "Ketua RT",
                            "government": False}])
    jsonschema.validate(yaml.safe_load(dump(p)), schema)
    bad = yaml.safe_load(dump(p))
    bad["steps"][0]["keep"] = ["everything"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


# -- four realistic processes, never seen by the rewrites' authors -----------------------------
TRUST = Path(__file__).parent / "data" / "trust"


@pytest.mark.parametrize("level", ["safe", "bold"])
@pytest.mark.parametrize("name", ["birth-certificate", "clinic-licence", "land-transfer",
                                  "restaurant-permit"])
def test_realistic_processes_get_only_possible_changes(name, level):
    from test_trust_properties import assert_trustworthy

    original = bpmodel.load_process(TRUST / f"{name}.yaml")
    variant = simplify(original, level)
    assert_trustworthy(original, variant.process)
    assert violations(original, variant.process) == []
    after = variant.process
    expected_visits = {"birth-certificate": ["sumpah", "ambil"],
                       "clinic-licence": ["visitasi", "serah"],
                       "land-transfer": ["akta", "serah"],
                       "restaurant-permit": ["preop", "fire_final", "pick_up"]}[name]
    for step_id in expected_visits:  # presence, site visits and collections stay visits
        assert after.has_step(step_id) and after.step(step_id).contact == "visit", step_id


def test_realistic_processes_keep_the_right_step():
    clinic = simplify(bpmodel.load_process(TRUST / "clinic-licence.yaml"), "bold").process
    assert clinic.has_step("verif_dinkes") and not clinic.has_step("verif")  # Permenkes wins
    birth = simplify(bpmodel.load_process(TRUST / "birth-certificate.yaml"), "bold").process
    assert not birth.has_step("catat_desa")  # the entry into SIAK stays
    assert any(s.system == "siak" for s in birth.steps)
    assert birth.has_step("arsip")
    assert "ttd" in _before(birth, "ambil")
    food = simplify(bpmodel.load_process(TRUST / "restaurant-permit.yaml"), "bold").process
    # a health plan review does not cover the fire marshal's: both stay
    assert food.has_step("plan_review") and food.has_step("fire_review")


SESSION_6 = ["izin-reklame", "jakarta-mendirikan-pt", "kelurahan-surat-keterangan",
             "kl-dbkl-building-plan", "kota-pbg-simbg", "luwu-timur-imb",
             "purbalingga-izin-gangguan", "purbalingga-izin-lokasi", "sim-a-baru",
             "singapore-construction", "surabaya-imb-sndb"]


@pytest.mark.parametrize("level", ["safe", "bold"])
@pytest.mark.parametrize("name", SESSION_6)
def test_processes_from_the_permit_data_get_only_possible_changes(name, level):
    """Each held a change the session-6 review found impossible: a request dropped as a
    visit that 'only shows', another agency's site inspection removed as a repeat, a
    notary's original fetched by data exchange, a notice or a check against originals
    removed, an officer's check merged with the head's signature."""
    from test_trust_properties import assert_trustworthy

    original = bpmodel.load_process(TRUST / f"{name}.yaml")
    variant = simplify(original, level)
    after = variant.process
    assert_trustworthy(original, after)
    assert violations(original, after) == []
    stays = {"izin-reklame": ["survei", "kaji", "rekom_pupr", "rekom_dishub", "paraf", "ttd"],
             "jakarta-mendirikan-pt": ["nama", "tdp_ajukan", "bpjs", "tdp_periksa", "tdp_ttd"],
             "kelurahan-surat-keterangan": ["serah", "verif"],
             "kl-dbkl-building-plan": ["monitor", "final", "ccc", "collect"],
             "kota-pbg-simbg": ["sidang", "cek_pondasi", "cek_struktur", "cek_akhir", "ttd"],
             "purbalingga-izin-gangguan": ["umum", "tolak", "tinjau", "dlh", "ttd", "ambil"],
             "luwu-timur-imb": ["kembalikan", "draf", "paraf", "ttd", "ambil"],
             "purbalingga-izin-lokasi": ["pertek_bpn", "tinjau_tim", "tinjau_pertanian",
                                         "konsep", "paraf"],
             "sim-a-baru": ["kesehatan", "teori", "praktik", "foto", "ambil"],
             "singapore-construction": ["water", "fire_final", "bca_final", "top"],
             "surabaya-imb-sndb": ["skrk_ajukan", "imb_ajukan", "legalisasi"]}[name]
    for step_id in stays:
        assert after.has_step(step_id), step_id
        assert after.step(step_id).name == original.step(step_id).name, step_id  # not merged
    needs_kept = {"jakarta-mendirikan-pt": {"tanda_tangan": ["ktp"]},
                  "purbalingga-izin-gangguan": {"ajukan": ["tetangga", "rt"]},
                  "surabaya-imb-sndb": {"legalisasi": ["sertifikat"]}}.get(name, {})
    for step_id, needs in needs_kept.items():  # shown to a notary, or in no register
        assert set(needs) <= set(after.step(step_id).needs), step_id
    if name == "singapore-construction":  # the occupation permit follows both inspections
        assert {"fire_final", "bca_final"} <= _before(after, "top")
    if name == "izin-reklame":  # the review of the survey's results stays after it
        assert "survei" in _before(after, "kaji")
    if name == "sim-a-baru":  # the exams and the fingerprints are taken in person
        assert [after.step(s).contact for s in ("teori", "praktik", "foto")] == ["visit"] * 3
    if name == "kelurahan-surat-keterangan":  # the copies are compared with the originals
        assert after.step("serah").contact == "visit"
    if name == "luwu-timur-imb" and level == "bold":  # the once-only change keeps its fetch
        assert after.has_step("fetch_documents")


def test_the_joint_visit_of_the_permit_data_names_every_agency_in_bahasa_indonesia():
    from bpmodel.i18n import use_language

    original = bpmodel.load_process(TRUST / "purbalingga-izin-lokasi.yaml")
    with use_language("id"):
        changes = simplify(original, "bold").changes
    joint = [c for c in changes if c.rewrite == "inspect-jointly"]
    assert len(joint) == 1
    assert "Dinas Pertanian" in joint[0].why and "masing-masing" in joint[0].why


def test_safe_changes_no_rule():
    p = process([
        {"id": "a", "name": "Verify land certificate", "actor": "land", "needs": ["title"]},
        {"id": "b", "name": "Verifikasi sertifikat tanah", "actor": "village",
         "needs": ["title"], "legal_basis": "Perbup 7/2020"}],
        documents=[{"id": "title", "name": "Land title", "issued_by": "BPN"}])
    safe = simplify(p, "safe")
    assert safe.process.has_step("b")  # a rule demands it: only bold may propose a change
    dropped = p.evolve(steps=(p.step("a"),), flows=())
    assert any("changes a rule" in v for v in violations(p, dropped, "safe"))
    assert not any("changes a rule" in v for v in violations(p, dropped, "bold"))


def test_a_later_rewrite_does_not_undo_the_harmonised_choice():
    p = process([
        {"id": "apply", "name": "Submit", "actor": "applicant", "contact": "visit",
         "needs": ["title"]},
        {"id": "village_check", "name": "Verify land certificate", "actor": "village",
         "needs": ["title"], "legal_basis": "Perbup 12/2019"},
        {"id": "land_check", "name": "Verifikasi sertifikat tanah", "actor": "land",
         "needs": ["title"], "legal_basis": "Perpres 96/2018"},
        {"id": "again", "name": "Verify land certificate", "actor": "front",
         "needs": ["title"]}],
        documents=[{"id": "title", "name": "Land title", "issued_by": "BPN"}])
    variant = simplify(p, "bold").process
    assert variant.has_step("land_check") and variant.step("land_check").keep
    assert not variant.has_step("village_check")


def test_every_change_of_the_bundled_variant_says_what_it_assumes():
    variant = simplify(bpmodel.load_process(bpmodel.default_process_path()), "bold")
    assert all(c.assumption for c in variant.changes), [
        c.what for c in variant.changes if not c.assumption]


def test_the_new_keys_survive_bpmn(tmp_path):
    from bpmodel.io import dumps, load

    p = process([{"id": "deed", "name": "Penandatanganan akta di hadapan PPAT",
                  "actor": "applicant", "keep": ["existence", "channel"],
                  "presence": "in-person", "competent": True, "needs": ["rt"],
                  "system": "siak"}],
                systems=[{"id": "siak", "name": "SIAK", "record": True}],
                documents=[{"id": "rt", "name": "Surat RT", "issued_by": "Ketua RT",
                            "government": False}])
    path = tmp_path / "p.bpmn"
    path.write_text(dumps(p, "bpmn"))
    back = load(path).process
    step = back.step("deed")
    assert (step.keep, step.locks, step.presence, step.competent) == (
        True, ("existence", "channel"), "in-person", True)
    assert back.documents[0].government is False and back.systems[0].record is True


def test_analyze_reports_what_a_variant_must_respect(tmp_path):
    import json

    from conftest import run

    result = run("analyze", "--format", "json")
    report = json.loads(result.output)
    found = report["constraints"]
    assert {"step": "site_visit", "presence": "on-site", "declared": False} in found["presence"]
    assert found["collections"] == ["collect"]
    assert found["system_of_record"] == {"system": "simbg", "declared": False}
    text = run("analyze").output
    assert "What a simpler variant must respect" in text
    assert "site_visit is taken to happen on site (read from its action and name)" in text
    assert "pay is marked keep: its existence, actor, agency, channel stay" in text


@pytest.mark.parametrize("deed", ["Penandatanganan akta jual beli di hadapan PPAT",
                                  "Sign the deed in the presence of the notary"])
def test_a_deed_signed_in_person_is_no_level_of_approval(deed):
    p = process([{"id": "submit", "name": "Submit", "actor": "applicant", "contact": "visit"},
                 {"id": "deed", "name": deed, "actor": "ppat"},
                 {"id": "initial", "name": "Paraf Kepala Seksi", "actor": "front"},
                 {"id": "sign", "name": "Tanda tangan Kepala Kantor", "actor": "head"}])
    assert all("deed" not in f.steps for f in find(p, select=["approval-cascade"]))
    assert simplify(p, "bold").process.has_step("deed")


@pytest.mark.parametrize("foundation, final", [("Inspeksi pondasi", "Inspeksi akhir bangunan"),
                                               ("Foundation inspection", "Final inspection")])
def test_inspections_keep_the_order_of_construction(foundation, final):
    p = process([{"id": "submit", "name": "Submit", "actor": "applicant", "contact": "visit"},
                 {"id": "found", "name": foundation, "actor": "works", "wait": "5d"},
                 {"id": "final", "name": final, "actor": "fire", "wait": "1d"},
                 {"id": "ok", "name": "Laik fungsi?", "type": "gateway", "kind": "xor",
                  "next": [{"to": "issue", "p": 0.6}, {"to": "reject", "p": 0.4,
                                                       "when": "ditolak"}]},
                 {"id": "issue", "name": "Terbitkan SLF", "actor": "head", "next": "end"},
                 {"id": "reject", "name": "Tolak permohonan", "actor": "head", "next": "end"}])
    for level in ("safe", "bold"):
        assert "found" in _before(simplify(p, level).process, "final")
    forced = parallelize(p, ["found", "final"], "fork", "join")
    assert any("no longer come after 'found'" in v for v in violations(p, forced))


def test_a_decree_never_overrides_the_rule_that_demands_an_approval():
    p = process([{"id": "paraf", "name": "Paraf Kepala Bidang", "actor": "front",
                  "action": "approve", "legal_basis": "PP 16/2021"},
                 {"id": "setuju", "name": "Approve the draft", "actor": "village",
                  "action": "approve"},
                 {"id": "ttd", "name": "Tanda tangan Kepala Kantor", "actor": "head",
                  "action": "sign"}])
    (change,) = simplify(p, "bold", only=["flatten-approvals"]).changes
    assert "PP 16/2021 (a government regulation)" in change.assumption
    assert "cannot override" in change.assumption


def test_a_check_is_not_kept_only_after_the_decision_that_rests_on_it():
    p = process([
        {"id": "village_check", "name": "Verify land certificate", "actor": "village",
         "legal_basis": "Perbup 12/2019"},
        {"id": "sign", "name": "Sign the recommendation", "actor": "head"},
        {"id": "land_check", "name": "Verifikasi sertifikat tanah", "actor": "land",
         "legal_basis": "Perpres 96/2018"}])
    variant = simplify(p, "bold").process
    assert variant.has_step("village_check")  # the signature still rests on a check


def test_bad_constraint_keys_are_reported_with_their_place(tmp_path):
    from conftest import run

    path = tmp_path / "p.yaml"
    path.write_text("bpmodel: 1\nprocess: {id: p, name: P}\nactors: [{id: a, name: A}]\n"
                    "steps:\n  - {id: s, name: S, actor: a, presence: online, "
                    "keep: [chanel]}\n")
    result = run("validate", path)
    assert result.exit_code == 1
    assert f"{path}:5:" in result.output and "'online' is not one of in-person" in result.output
    assert "did you mean 'channel'" in result.output


def test_the_reforms_change_log_is_in_bahasa_indonesia():
    """abolish-requirement, delegate-signature and inspect-jointly wrote English sentences
    (plain strings, not in the catalogue) into an Indonesian change log."""
    from bpmodel.i18n import use_language

    path = Path(__file__).parent / "data" / "reforms" / "izin-klinik.yaml"
    with use_language("id"):
        changes = simplify(bpmodel.load_process(path), "bold").changes
    rewrites = {c.rewrite for c in changes}
    assert {"abolish-requirement", "delegate-signature", "inspect-jointly"} <= rewrites
    english = ("Abolished", "no rule demands", "Delegated", "under delegation", "each visited",
               "One joint site visit", "The legal team", "No rule reserves", "The agencies")
    for change in changes:
        text = " ".join(filter(None, (change.what, change.why, change.assumption,
                                      change.instrument, change.legal_basis)))
        assert not [w for w in english if w in text], (change.rewrite, text)


def test_the_higher_rule_is_named_in_words_in_either_language():
    """harmonise-rules wrote '... adalah peraturan yang lebih tinggi (ministerial-regulation)':
    the level's code, not its name."""
    from bpmodel.i18n import use_language

    path = TRUST / "clinic-licence.yaml"
    with use_language("id"):
        changes = simplify(bpmodel.load_process(path), "bold").changes
    (harmonised,) = [c for c in changes if c.rewrite == "harmonise-rules"]
    assert "(setingkat peraturan menteri)" in harmonised.why
    assert "ministerial-regulation" not in harmonised.why


def test_a_check_on_a_parallel_branch_is_not_said_to_come_first():
    """Purbalingga: the land office's survey was kept 'because it comes first' while it ran
    on a parallel branch beside the other."""
    p = process([{"id": "apply", "name": "Apply", "actor": "applicant", "next": ["a", "b"]},
                 {"id": "a", "name": "Verify land title", "actor": "front", "next": "done"},
                 {"id": "b", "name": "Verify land title", "actor": "village"},
                 {"id": "done", "name": "Done", "type": "gateway", "kind": "and"},
                 {"id": "issue", "name": "Issue", "actor": "front"}])
    (finding,) = find(p, select=["duplicate-step"])
    assert "side by side" in finding.message and "comes first" not in finding.message
    q = process([{"id": "a", "name": "Verify land title", "actor": "front"},
                 {"id": "b", "name": "Verify land title", "actor": "village"}])
    (finding,) = find(q, select=["duplicate-step"])
    assert "comes first" in finding.message


@pytest.mark.parametrize("name, actor, action, collection", [
    # Doing Business files a procedure under its agency: URA gives the written permission
    ("Obtain written permission from the Urban Redevelopment Authority", "ura", "issue", False),
    ("Obtain fire safety plan approval from SCDF", "scdf", "issue", False),
    # the applicant obtains it: a collection
    ("Obtain written permission from the Urban Redevelopment Authority", "applicant",
     "collect", True),
    # an office obtaining another agency's recommendation does not issue it
    ("Obtain a recommendation from the Singapore Civil Defence Force", "ura", "collect", True),
])
def test_an_agency_that_gives_what_the_applicant_obtains_issues_it(name, actor, action,
                                                                    collection):
    agencies = [{"id": "ura", "name": "Urban Redevelopment Authority"},
                {"id": "scdf", "name": "Singapore Civil Defence Force"}]
    body = {"bpmodel": 1, "process": {"id": "t", "name": "T"},
            "actors": [ACTORS[0], *agencies], "steps": [{"id": "s", "name": name, "actor": actor}]}
    p = loads_yaml(yaml.safe_dump(body, sort_keys=False)).process
    assert action_of(p.steps[0], process=p) == action
    assert is_collection(p, p.steps[0]) is collection


def test_the_applicants_trip_to_the_agency_that_gives_the_permission_is_no_collection():
    # Singapore DB2017: the applicant lodging the plans for URA's written permission in
    # person was read as collecting a result, so its visit was never offered online
    body = {"bpmodel": 1, "process": {"id": "t", "name": "T"},
            "actors": [{"id": "qp", "name": "Qualified Professional", "kind": "business"},
                       {"id": "ura", "name": "Urban Redevelopment Authority"}],
            "documents": [{"id": "soil", "name": "Soil test results"},
                          {"id": "wp", "name": "Written permission"}],
            "steps": [
                {"id": "soil", "name": "Obtain soil test results", "actor": "qp",
                 "contact": "visit", "produces": ["soil"]},
                {"id": "wp", "name": "Obtain written permission from the Urban "
                 "Redevelopment Authority", "actor": "ura", "contact": "visit",
                 "wait": "20d", "needs": ["soil"], "produces": ["wp"]}]}
    p = loads_yaml(yaml.safe_dump(body, sort_keys=False)).process
    variant = simplify(p, "bold", only=["reduce-visits"])
    assert variant.process.step("wp").contact == "online"
    assert variant.process.step("wp").wait == p.step("wp").wait


def test_the_extra_visit_of_a_utility_connection_says_only_the_application_moves_online():
    p = process([
        {"id": "apply", "name": "Mengajukan permohonan IMB", "actor": "applicant",
         "contact": "visit"},
        {"id": "pdam", "name": "Sambungan air dari PDAM", "actor": "applicant",
         "contact": "visit", "wait": "20d"}])
    message = next(f.message for f in find(p) if f.rule == "extra-visit" and "pdam" in f.steps)
    assert "the work itself stays on site" in message
    assert "merge it with an earlier visit" not in message
