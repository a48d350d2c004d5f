"""Reading step names: actions inferred in English and Bahasa Indonesia, names compared."""

from __future__ import annotations

import pytest
import yaml

from bpmodel.analysis.actions import (
    LEXICON_PATH,
    Lexicon,
    action_of,
    alike,
    default_lexicon,
    infer_action,
    object_words,
    read_name,
)
from bpmodel.model import ACTIONS, Step


@pytest.mark.parametrize(("name", "action"), [
    # English
    ("Submit application with documents", "submit"),
    ("Check completeness of documents", "check"),
    ("Verify land title with land office", "verify"),
    ("Field inspection of the plot", "inspect"),
    ("Environmental screening", "check"),
    ("Send technical recommendation to PTSP", "forward"),
    ("Pay retribution at the bank", "pay"),
    ("Show payment receipt at front office", "submit"),
    ("Draft approval decree", "other"),
    ("Approve the draft decree", "approve"),
    ("Sign approval decree", "sign"),
    ("Archive a paper copy of the file", "archive"),
    ("Re-enter application data into SIMBG", "enter-data"),
    ("Notify applicant of missing documents", "notify"),
    ("Issue certificate", "issue"),
    ("Decide on the licence", "decide"),
    ("Approved by the head", "approve"),
    ("Inspections of the premises", "inspect"),
    # Bahasa Indonesia, with affixes
    ("Verifikasi berkas", "verify"),
    ("Pemeriksaan berkas", "check"),
    ("Berkas diperiksa petugas", "check"),
    ("Memeriksa kelengkapan berkas", "check"),
    ("Pengecekan dokumen", "check"),
    ("Validasi data pemohon", "verify"),
    ("Pemeriksaan keabsahan sertifikat tanah", "verify"),
    ("Pemeriksaan lapangan", "inspect"),
    ("Peninjauan lokasi", "inspect"),
    ("Setujui draf SK", "approve"),
    ("Menyetujui draf SK", "approve"),
    ("Persetujuan Kepala Dinas", "approve"),
    ("Paraf Kepala Bidang", "approve"),
    ("Disposisi surat", "approve"),
    ("Tanda tangan SK oleh Bupati", "sign"),
    ("Penandatanganan SK", "sign"),
    ("SK ditandatangani Bupati", "sign"),
    ("Kirim berkas ke dinas teknis", "forward"),
    ("Pengiriman berkas", "forward"),
    ("Teruskan ke Kepala Dinas", "forward"),
    ("Diteruskan ke Dinas PU", "forward"),
    ("Input data ke aplikasi", "enter-data"),
    ("Entri data permohonan", "enter-data"),
    ("Menginput data", "enter-data"),
    ("Arsip berkas", "archive"),
    ("Pengarsipan dokumen", "archive"),
    ("Bayar retribusi", "pay"),
    ("Pembayaran retribusi di bank", "pay"),
    ("Serahkan berkas ke loket", "submit"),
    ("Penyerahan berkas", "submit"),
    ("Ajukan permohonan", "submit"),
    ("Pengajuan permohonan izin", "submit"),
    ("Unggah dokumen persyaratan", "submit"),
    ("Mengunggah dokumen", "submit"),
    ("Penerbitan izin", "issue"),
    ("Pemberitahuan kepada pemohon", "notify"),
    ("Menunggu tanda tangan", "wait"),
    ("Penyusunan konsep SK", "other"),
])
def test_infer_action(name, action):
    assert infer_action(name) == action


def test_names_without_an_action_word_are_other():
    assert infer_action("Makan siang bersama") == "other"
    assert read_name("Makan siang bersama").action is None
    assert infer_action("Rapat tim teknis") == "meet"  # a meeting is an action now


def test_the_first_action_word_wins():
    # "approval" names an action, but the step drafts
    assert infer_action("Draft approval decree") == "other"
    assert infer_action("Approve the draft decree") == "approve"


def test_given_action_beats_the_name_and_gateways_have_none():
    assert action_of(Step("a", "Kirim berkas", action="archive")) == "archive"
    assert action_of(Step("g", "Approved?", type="gateway", kind="xor")) is None
    assert action_of(Step("e", "Sign", type="event", kind="end")) is None


@pytest.mark.parametrize(("a", "b"), [
    ("Verifikasi sertifikat tanah", "Pemeriksaan keabsahan sertifikat tanah"),
    ("Verify land title", "Verify the land title with the land office"),
    ("Verify land certificate", "Memverifikasi sertifikat tanah"),
    ("Check identity card", "Periksa KTP"),
    ("Pembayaran retribusi", "Bayar retribusi di bank"),
])
def test_names_alike(a, b):
    assert alike(a, b)
    assert alike(b, a)


@pytest.mark.parametrize(("a", "b"), [
    ("Verify land title", "Verify site plan"),
    ("Verifikasi sertifikat tanah", "Periksa sertifikat tanah"),  # verify is not check
    ("Technical review of site plan", "Environmental screening"),
    ("Approve the draft", "Sign the draft decree"),
    ("Lunch", "Lunch"),  # no action: nothing to compare
])
def test_names_not_alike(a, b):
    assert not alike(a, b)


def test_object_words_drop_places_and_recipients():
    assert object_words(Step("a", "Serahkan berkas ke loket")) == {"document"}
    assert object_words(Step("b", "Bring missing documents to front office")) == {
        "missing", "document"}
    assert object_words(Step("c", "X", object="Sertifikat tanah")) == {"certificate", "land"}


def test_markers():
    assert read_name("Periksa ulang berkas").markers == {"again"}
    assert read_name("Re-check the file").markers == {"again"}
    assert read_name("Fotokopi KTP").markers == {"copy"}


@pytest.mark.parametrize(("word", "stem"), [
    ("pemeriksaan", "periksa"), ("diperiksa", "periksa"), ("memeriksa", "periksa"),
    ("menyetujui", "setuju"), ("persetujuan", "setuju"), ("pengiriman", "kirim"),
    ("mengirim", "kirim"), ("pembayaran", "bayar"), ("penerbitan", "terbit"),
    ("pengecekan", "cek"), ("penandatanganan", "tandatangan"), ("keabsahan", "keabsahan"),
    ("inspections", "inspect"), ("verified", "verify"), ("approval", "approval"),
    ("kantor", "kantor"), ("dinas", "dinas"), ("documents", "document"),
])
def test_stems(word, stem):
    assert default_lexicon().stem(word) == stem


def test_the_bundled_lexicon_is_well_formed():
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    assert set(data["actions"]) <= set(ACTIONS)
    words = [w for ws in data["actions"].values() for w in ws]
    assert all(isinstance(w, str) and w == w.lower() for w in words)
    duplicates = {w for w in words if words.count(w) > 1}
    assert not duplicates, f"words listed under two actions: {duplicates}"


def test_a_lexicon_can_be_extended_as_data(tmp_path):
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    data["actions"]["inspect"].append("sidak")  # inspeksi mendadak, a spot check
    lexicon = Lexicon.from_data(data)
    assert infer_action("Sidak ke lokasi", lexicon) == "inspect"
    assert infer_action("Sidak ke lokasi") == "other"
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert infer_action("Sidak ke lokasi", Lexicon.load(path)) == "inspect"


@pytest.mark.parametrize("broken", [
    {"actions": {"stamp": ["cap"]}},
    {"actions": {"check": "periksa"}},
    {"actions": {"check": [True]}},
    {"phrases": {"sign": [["tanda", 3]]}},
    ["not", "a", "mapping"],
])
def test_a_malformed_lexicon_is_refused(broken):
    with pytest.raises(ValueError, match="lexicon"):
        Lexicon.from_data(broken)
