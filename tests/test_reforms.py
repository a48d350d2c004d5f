"""The four reforms end to end: delegate a signature, inspect jointly, abolish a requirement
without a legal basis, deliver an electronically signed result.

Each runs on a realistic fixture (tests/data/reforms: a clinic licence in Bahasa Indonesia,
a food-service permit in English) through the command line and the library; the keys they
read (``signatory`` on steps, ``legal_basis`` on documents) survive YAML and BPMN; and on
the bundled building approval the bold variant still cuts the lead time by 40% or more.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

import bpmodel
from bpmodel.analysis.findings import find
from bpmodel.io.bpmn import dumps_bpmn, loads_bpmn
from bpmodel.io.yaml import dumps_yaml, loads_yaml
from bpmodel.simplify.engine import simplify
from bpmodel.simplify.guards import violations
from bpmodel.validate import reachable_from

from conftest import DATA, run

REFORMS = DATA / "reforms"
FIXTURES = sorted(p.name for p in REFORMS.glob("*.yaml"))
RULES = ("signature-above-required-level", "separate-site-inspections",
         "requirement-without-legal-basis", "collection-visit")
REWRITES = ("delegate-signature", "inspect-jointly", "abolish-requirement",
            "deliver-electronically")


def load(name: str):
    return bpmodel.load_process(REFORMS / name)


def test_the_fixtures_are_a_clinic_licence_and_a_food_service_permit():
    assert FIXTURES == ["izin-klinik.yaml", "restaurant-permit.yaml"]


@pytest.mark.parametrize("name", FIXTURES)
def test_every_reform_is_found(name):
    found = {f.rule for f in find(load(name))}
    assert set(RULES) <= found


@pytest.mark.parametrize("name", FIXTURES)
def test_every_reform_is_applied_at_bold_with_its_instrument_and_assumption(name):
    process = load(name)
    variant = simplify(process, "bold")
    applied = {c.rewrite: c for c in variant.changes}
    assert set(REWRITES) <= set(applied)
    for rewrite in REWRITES:
        change = applied[rewrite]
        assert change.why and change.legal_basis and change.instrument and change.assumption
    assert violations(process, variant.process) == []
    assert variant.after["lead_time_days"] < variant.before["lead_time_days"]


@pytest.mark.parametrize("name", FIXTURES)
@pytest.mark.parametrize("level", ["safe", "bold"])
def test_simplifying_again_changes_nothing(name, level):
    once = simplify(load(name), level)
    assert simplify(once.process, level).changes == ()


def test_safe_delivers_electronically_and_nothing_bold():
    variant = simplify(load("izin-klinik.yaml"), "safe")
    assert [c.rewrite for c in variant.changes] == ["deliver-electronically"]
    assert variant.process.step("ambil").contact == "online"


def test_indonesian_law_is_cited_only_for_an_indonesian_process():
    clinic = simplify(load("izin-klinik.yaml"), "bold").changes
    food = simplify(load("restaurant-permit.yaml"), "bold").changes
    assert any("UU 11/2008" in (c.legal_basis or "") for c in clinic)
    assert any("Perbup" in (c.instrument or "") for c in clinic)
    for change in food:
        text = f"{change.why} {change.legal_basis} {change.instrument} {change.assumption}"
        assert not any(word in text for word in ("UU ", "PP ", "Perpres", "standar pelayanan",
                                                  "OSS")), text


def test_the_clinic_variant_keeps_what_needs_presence_and_order():
    process = load("izin-klinik.yaml")
    result = simplify(process, "bold").process
    # the oath before an official stays a visit, as it was; the field visits stay on site
    assert result.step("sumpah") == process.step("sumpah")
    for step_id in ("visitasi", "tinjau", "cek_limbah"):
        before, after = process.step(step_id), result.step(step_id)
        assert (after.name, after.actor, after.contact) == (before.name, before.actor,
                                                            before.contact)
    # the licence is delivered after it is signed, never before
    assert "ttd" in reachable_from(result, ["ambil"], backwards=True)
    assert result.step("ambil").needs == ("izin",)
    # the regent's signature moved to the head of the one-stop shop
    assert result.step("ttd").actor == "kepala"
    # the joint visit is named in the process's language
    assert any(s.is_gateway and s.name.startswith("Pemeriksaan lapangan bersama")
               for s in result.steps)
    assert result.step("ambil").name.startswith("Menerima Izin operasional klinik")
    # the baseless cover letter and its product are gone
    assert not result.has_step("minta_pengantar") and not result.has_step("terbit_pengantar")
    assert "pengantar" not in result.step("daftar").needs


def test_the_food_permit_inspections_become_one_visit_and_keep_their_agencies():
    result = simplify(load("restaurant-permit.yaml"), "bold").process
    joint = [s for s in result.steps if s.is_gateway and "Joint site inspection" in s.name]
    assert len(joint) == 1
    started = {f.target for f in result.outgoing(joint[0].id)}
    assert started == {"fire_check", "health_check"}
    assert result.step("fire_check").actor == "fire"
    assert result.step("health_check").keep
    assert result.step("sign").actor == "manager"


def test_the_cli_writes_the_instrument_in_the_change_log(tmp_path):
    result = run("simplify", REFORMS / "izin-klinik.yaml", "-o", tmp_path, "--lang", "en")
    assert result.exit_code == 0, result.output
    log = next(tmp_path.rglob("changes.md")).read_text(encoding="utf-8")
    assert log.count("**Instrument needed:**") >= 4
    assert "pendelegasian kewenangan" in log
    summary = json.loads(next(tmp_path.rglob("summary.json")).read_text(encoding="utf-8"))
    assert "instrument" in json.dumps(summary)


def test_the_cli_lists_the_reforms_and_explains_them():
    rules = run("rules")
    assert all(name in rules.output for name in RULES)
    rewrites = run("rewrites")
    assert all(name in rewrites.output for name in REWRITES)
    for name in RULES:
        doc = run("rules", name)
        assert doc.exit_code == 0 and "Why is this bad?" in doc.output
    for name in REWRITES:
        doc = run("rewrites", name)
        assert doc.exit_code == 0 and name in doc.output and "What it does" in doc.output
    unknown = run("rewrites", "deliver-by-pigeon")
    assert unknown.exit_code == 2 and "no rewrite named" in unknown.output


# -- the bundled building approval --------------------------------------------------------

def test_the_bundled_bold_variant_still_cuts_the_lead_time_by_40_percent():
    variant = simplify(bpmodel.load_process(bpmodel.default_process_path()), "bold")
    cut = 1 - variant.after["lead_time_days"] / variant.before["lead_time_days"]
    assert cut >= 0.40


def test_the_bundled_regent_signature_is_reported_but_kept():
    process = bpmodel.load_process(bpmodel.default_process_path())
    [finding] = find(process, select=["signature-above-required-level"])
    assert finding.severity == "info" and finding.steps == ("sign",)
    assert finding.evidence["signatory"] == "head" and finding.evidence["keep"] is True
    assert "Perbup" in finding.evidence["instrument"]
    variant = simplify(process, "bold")
    assert variant.process.step("sign").actor == "regent"
    assert "delegate-signature" not in {c.rewrite for c in variant.changes}


# -- the keys -------------------------------------------------------------------------------

def test_signatory_and_document_legal_basis_survive_yaml_and_bpmn():
    process = load("restaurant-permit.yaml")
    assert process.step("sign").signatory == "manager"
    assert process.document("support").legal_basis == "none"
    again = loads_yaml(dumps_yaml(process)).process
    assert again == process
    assert again.document("support").legal_basis == "none"
    back = loads_bpmn(dumps_bpmn(process).encode()).process
    assert back.step("sign").signatory == "manager"
    assert back.document("support").legal_basis == "none"


def test_the_schema_knows_the_keys():
    schema = json.loads(run("schema").output)
    for path in (REFORMS / name for name in FIXTURES):
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)


def test_an_unknown_signatory_is_an_error_with_its_place(write):
    path = write("""bpmodel: 1
process: {id: p, name: P}
actors: [{id: regent, name: Bupati}]
steps:
  - {id: sign, name: Tanda tangan izin, actor: regent, signatory: kepla}
""")
    result = run("validate", path)
    assert result.exit_code == 1
    assert f"{path}:5:" in result.output and "kepla" in result.output
