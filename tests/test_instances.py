"""Reading which numbered round or stage a step's name says it is."""

import pytest

from bpmodel.analysis.instances import instance_number


@pytest.mark.parametrize(("name", "number"), [
    ("Site inspection 2", 2),
    ("Site inspection II", 2),
    ("Inspection I of the foundation", 1),
    ("Verifikasi berkas tahap I", 1),
    ("Pemeriksaan lapangan tahap 3 oleh tim teknis", 3),
    ("Pemeriksaan lapangan ke-2", 2),
    ("Pemeriksaan kedua oleh tim teknis", 2),
    ("Pemeriksaan lapangan kedua", 2),
    ("Second review of the drawings", 2),
    ("Check land title (first)", 1),
    ("2nd review", 2),
    ("Stage 4 inspection", 4),
])
def test_rounds_are_read(name, number):
    assert instance_number(name) == number


@pytest.mark.parametrize("name", [
    "Site inspection",
    "Verifikasi kedua dokumen",           # kedua before a noun: both documents
    "Verifikasi oleh pihak ketiga",       # a third party
    "Publish on 3rd party platforms",
    "1. Submit the application",          # list numbers
    "Step 3 check the land title",
    "Langkah 4 verifikasi berkas",
    "Check 2 documents",                  # a number inside the name
    "Bayar retribusi Rp 50.000",          # an amount
    "Bayar retribusi Rp 10",
    "Fill in form X",                     # a one-letter name, not a numeral
    "Archive batch 2024",                 # a year, not a round
    "",
    None,
])
def test_other_numbers_are_not_rounds(name):
    assert instance_number(name) is None
