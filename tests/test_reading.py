"""Reading SOP sentences: the examples of issue 12, the catalogue without its action keys,
and the `read` and `validate --explain` commands."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bpmodel
from bpmodel.analysis.actions import (
    read_name,
    read_step,
    step_actions,
)
from bpmodel.analysis.findings import find
from bpmodel.model import ACTIONS, Actor, Process, Step

from conftest import EXAMPLES, ROOT, run

PROCESSES = sorted((ROOT / "processes").glob("*.yaml"))


# -- the examples of the issue ---------------------------------------------------------------

@pytest.mark.parametrize(("name", "subject", "action"), [
    ("Pemohon mengisi formulir permohonan", "applicant", "enter-data"),
    ("Pemohon menunggu hasil", "applicant", "wait"),
    ("Petugas memeriksa permohonan", "staff", "check"),
    ("Operator melakukan pengecekan kembali nilai Retribusi PBG", "staff", "check"),
    ("The applicant pays the fee", "applicant", "pay"),
    ("The officer reviews the application", "staff", "check"),
])
def test_subjects_are_not_verbs(name, subject, action):
    reading = read_name(name)
    assert (reading.subject, reading.action) == (subject, action)


@pytest.mark.parametrize(("word", "stem"), [
    ("penandatanganan", "tandatangan"), ("tandatangani", "tandatangan"), ("mengecek", "cek"),
])
def test_the_stems_a_general_stemmer_misses(word, stem):
    # the issue measured PySastrawi leaving the first two unstemmed and making "ecek"
    from bpmodel.analysis.lexicon import default_lexicon

    assert default_lexicon().stem(word) == stem


@pytest.mark.parametrize(("name", "action"), [
    ("Pemohon mengajukan permohonan", "submit"),
    ("Pemeriksaan permohonan", "check"),
    ("Petugas mengecek permohonan", "check"),
    ("Operator menandatangani permohonan", "sign"),
])
def test_permohonan_is_an_object_and_pemohon_a_subject(name, action):
    assert read_name(name).action == action


def test_permohonan_alone_is_not_a_submission():
    assert read_name("Permohonan izin").action is None
    assert read_name("Pemohon").action is None
    assert read_name("Petugas mencetak permohonan").action == "issue"


def test_every_action_of_a_compound_sentence():
    reading = read_name("Petugas menerima formulir, memeriksa dan membubuhkan paraf")
    assert reading.actions == ("check", "approve")
    assert reading.evidence == ("menerima", "memeriksa", "paraf")  # menerima: received
    assert reading.object == ("formulir",)


def test_a_purpose_is_an_action_too():
    reading = read_name("Pembeli menyerahkan bukti bayar ke Bapenda untuk validasi")
    assert reading.actions == ("submit", "verify")
    assert reading.subject == "applicant"


@pytest.mark.parametrize(("name", "actions"), [
    ("Formulir permohonan PBG ... di ajukan ke Camat/Pejabat Struktural Kecamatan untuk di "
     "tandatangani", ("forward", "sign")),
    ("SK di tandatangani oleh Bupati", ("sign",)),
    ("Berkas di ajukan kembali oleh pemohon", ("submit",)),
    ("SK ditandatangani secara elektronik (TTE)", ("sign",)),
    ("Penandatanganan SK", ("sign",)),
    ("Pengarsipan dokumen", ("archive",)),
    ("Penomoran berkas Berita Acara Verifikasi", ("register",)),
    ("Dokumen Surat permohonan PBG yang sudah di tandatangani di register, di cap dan di "
     "serahkan ke pemohon", ("register", "sign", "collect")),
])
def test_passive_split_and_nominal_forms(name, actions):
    assert read_name(name).actions == actions


@pytest.mark.parametrize(("name", "action"), [
    ("Visitasi lokasi usaha", "inspect"),
    ("Tim teknis melakukan kunjungan lapangan", "inspect"),
    ("Operator memasukkan data pemohon", "enter-data"),
    ("Petugas meminta tanda tangan Kepala Dinas", "sign"),
    ("Berkas tidak lengkap, petugas meminta pemohon melengkapi", "notify"),
    ("Rapat tim teknis", "meet"),
    ("Pembahasan permohonan oleh tim", "meet"),
    ("Registrasi berkas permohonan", "register"),
    ("Penomoran SK", "register"),
    ("TTE Kepala Dinas", "sign"),
    ("Pemberian cap/stempel", "sign"),
    ("Stempel dokumen", "sign"),
    ("Re-key the application into the national system", "enter-data"),
    ("Officer re-keys the data", "enter-data"),
])
def test_words_the_issue_names(name, action):
    assert read_name(name).action == action


@pytest.mark.parametrize(("name", "action"), [
    ("Izin diserahkan kepada pemohon", "collect"),
    ("Pemohon mengambil SK di loket", "collect"),
    ("Pengambilan izin", "collect"),
    ("Applicant collects the permit", "collect"),
    ("Pemohon menyerahkan berkas ke loket", "submit"),
    ("Pemohon mengambil nomor antrian", "wait"),
])
def test_collecting_a_result_is_not_submitting(name, action):
    assert read_name(name).action == action


def test_the_actor_of_a_step_says_who_acts_when_the_name_does_not():
    process = Process("p", "P", steps=(
        Step("a", "Penyerahan SK", actor="clerk"),
        Step("b", "Penyerahan berkas", actor="citizen"),
        Step("c", "Record the application", actor="clerk", system="local"),
    ), actors=(Actor("clerk", "Clerk", kind="staff"), Actor("citizen", "Citizen",
                                                              kind="citizen")))
    assert read_step(process.step("a"), process).action == "collect"
    assert read_step(process.step("b"), process).action == "submit"
    assert read_step(process.step("c"), process).action == "enter-data"  # in a system
    assert read_name("Record the application").action == "register"


def test_the_model_keeps_one_action_and_the_analysis_sees_all():
    step = Step("a", "Petugas memeriksa berkas dan membubuhkan paraf", action="check")
    assert step_actions(step) == ("check", "approve")
    assert step_actions(Step("g", "Lengkap?", type="gateway", kind="xor")) == ()


def test_a_step_sent_up_for_signature_is_no_ping_pong(write):
    # the step forwards (its action) and asks for a signature (in its name): the rules see
    # both, so the way up to the Camat and back is a signature, not a ping-pong
    process = bpmodel.load_process(write("""bpmodel: 1
process: {id: p, name: P}
actors:
  - {id: clerk, name: Petugas, agency: Kecamatan}
  - {id: camat, name: Camat, agency: Kecamatan}
steps:
  - {id: a, name: Petugas memeriksa berkas, actor: clerk}
  - {id: b, name: Berkas di ajukan ke Camat untuk di tandatangani, actor: camat,
     action: forward}
  - {id: c, name: Petugas mengarsipkan berkas, actor: clerk}
"""))
    assert [f for f in find(process) if f.rule == "ping-pong"] == []


@pytest.mark.parametrize("name", ["Reject the application", "Reject loan request",
                                  "Permohonan ditolak", "Penolakan izin"])
def test_a_rejection_is_a_decision(name):
    assert read_name(name).action == "decide"


KNOCK_OUT = """bpmodel: 1
process: {{id: p, name: P}}
actors:
  - {{id: applicant, name: Applicant, kind: citizen}}
  - {{id: tech, name: Technical team}}
  - {{id: planning, name: Planning office}}
steps:
  - {{id: apply, name: Apply, actor: applicant, work: 1h}}
  - {{id: review, name: Technical review, actor: tech, work: 4h, wait: 5d}}
  - {{id: zoning, name: Check zoning, actor: planning, work: 30min, wait: 1d}}
  - id: fits
    name: Fits the zoning plan?
    type: gateway
    kind: xor
    next:
      - {{to: approve, p: 0.7, when: fits}}
      - {{to: reject, p: 0.3, when: rejected}}
  - {{id: reject, name: {reject}, actor: planning, next: end}}
  - {{id: approve, name: Approve, actor: planning, wait: 2d}}
"""


@pytest.mark.parametrize("reject", ["Reject the application", "Permohonan ditolak"])
def test_a_rejection_rests_on_the_check_that_rejected(write, reject):
    # read as a decision, a rejection still lets the knock-out check move before the review:
    # it rests on the check whose branch it ends, not on every check before it
    from bpmodel.analysis.presence import issues_result, ordered_pairs
    from bpmodel.simplify.engine import simplify

    process = bpmodel.load_process(write(KNOCK_OUT.format(reject=reject)))
    assert read_step(process.step("reject"), process).action == "decide"
    assert not issues_result(process.step("reject"))
    assert ("review", "reject") not in ordered_pairs(process)
    variant = simplify(process, "bold", only=["knock-out-first"])
    assert len(variant.changes) == 1
    assert {(f.source, f.target) for f in variant.process.flows} >= {
        ("apply", "zoning"), ("fits", "review"), ("fits", "reject")}


# -- the catalogue reads as it was labelled ------------------------------------------------------

@pytest.mark.parametrize("path", PROCESSES, ids=lambda p: p.stem)
def test_catalogue_without_action_keys_gives_the_same_findings(path):
    process = bpmodel.load_process(path)
    assert any(s.action for s in process.steps)
    stripped = dataclasses.replace(process, steps=tuple(
        dataclasses.replace(s, action=None) for s in process.steps))
    with_keys = sorted((f.rule, f.steps, f.message) for f in find(process))
    without = [(f.rule, f.steps, f.message) for f in find(stripped)]
    # unread-step-name says which steps lose their action when the key goes (info only)
    unread = {f[1] for f in without if f[0] == "unread-step-name"}
    assert len(unread) <= 1
    assert with_keys == sorted(f for f in without if f[0] != "unread-step-name")


# -- the commands ------------------------------------------------------------------------------

def test_cli_read_text():
    result = run("read", "Petugas menerima formulir, memeriksa dan membubuhkan paraf", "Lunch")
    assert result.exit_code == 0, result.output
    assert "subject: Petugas (staff)" in result.output
    assert "actions: check, approve" in result.output
    assert 'approve ("paraf")' in result.output
    assert "none read; a step with this name counts as 'other'" in result.output


def test_cli_read_json_and_actor():
    result = run("read", "--format", "json", "--actor", "staff", "Penyerahan SK")
    assert result.exit_code == 0, result.output
    (item,) = json.loads(result.output)
    assert item["text"] == "Penyerahan SK"
    assert item["action"] == "collect" and item["counts_as"] == "collect"
    assert item["subject"] == "staff"
    assert item["acts"] == [{"action": "collect", "words": "Penyerahan", "subject": "staff",
                             "recipient": None, "purpose": False}]
    result = run("read", "--format", "json", "Lunch")
    assert json.loads(result.output)[0]["action"] is None
    assert json.loads(result.output)[0]["counts_as"] == "other"


def test_cli_read_needs_a_sentence():
    assert run("read").exit_code == 2


def test_validate_explain_lists_what_was_read(write):
    path = write("""bpmodel: 1
process: {id: p, name: P}
actors:
  - {id: clerk, name: Clerk}
steps:
  - {id: a, name: Petugas memeriksa berkas dan membubuhkan paraf, actor: clerk}
  - {id: b, name: Penyesuaian data, actor: clerk}
  - {id: c, name: Sign, actor: clerk, action: sign}
""")
    result = run("validate", "--explain", path)
    assert result.exit_code == 0, result.output
    assert "a: read as 'check' (from \"memeriksa\"), also approve." in result.output
    assert "b: no action could be read from its name; it counts as 'other'." in result.output
    assert "  c:" not in result.output
    assert "Actions read from step names" not in run("validate", path).output


def test_analyze_reports_an_unread_name_as_info():
    result = run("analyze", "--format", "json", EXAMPLES / "minimal.yaml")
    report = json.loads(result.output)
    assert not [f for f in report["findings"] if f["rule"] == "unread-step-name"]


# -- the new actions in the format -----------------------------------------------------------

def test_collect_meet_and_register_load_and_round_trip(write):
    from bpmodel.io.bpmn import dumps_bpmn, loads_bpmn
    from bpmodel.io.yaml import dumps_yaml, loads_yaml

    text = """bpmodel: 1
process: {id: p, name: P}
actors:
  - {id: clerk, name: Clerk}
  - {id: citizen, name: Citizen, kind: citizen}
steps:
  - {id: a, name: Agenda surat, actor: clerk, action: register}
  - {id: b, name: Rapat tim teknis, actor: clerk, action: meet}
  - {id: c, name: Ambil SK, actor: citizen, action: collect}
"""
    process = loads_yaml(text, "p.yaml").process
    assert [s.action for s in process.steps] == ["register", "meet", "collect"]
    again = loads_yaml(dumps_yaml(process), "again.yaml").process
    assert [s.action for s in again.steps] == ["register", "meet", "collect"]
    bpmn = loads_bpmn(dumps_bpmn(process), "p.bpmn").process
    assert {s.id: s.action for s in bpmn.steps if s.is_task} == {
        "a": "register", "b": "meet", "c": "collect"}


def test_the_schema_lists_the_vocabulary():
    from bpmodel.model import ACTIONS

    schema = json.loads((ROOT / "bpmodel" / "data" / "process.schema.json").read_text())
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "action" in node and isinstance(node["action"], dict) and \
                    "enum" in node["action"]:
                found.append(node["action"]["enum"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert found and all(tuple(e) == ACTIONS for e in found)


# -- any text reads, in one pass -------------------------------------------------------------

WORDS = ["Pemohon", "petugas", "di", "tandatangani", "yang", "telah", "dan", "untuk", "ke",
         "kepada", "pemohon", ",", ".", "(", ")", "/", "-", "jika", "tidak", "memeriksa",
         "berkas", "the", "is", "reviewed", "by", "officer", "for", "approval", "and", "to",
         "applicant", "sent", "if", "a", "...", "&", "melakukan", "memberikan", "paraf",
         "TTE", "re-key", "sistem", "catat", "Kepala", "Dinas", "berkas-berkas", "", "123"]


@given(st.lists(st.sampled_from(WORDS), max_size=40), st.text(max_size=30))
@settings(max_examples=120, deadline=None)
def test_any_text_reads_without_error(words, noise):
    reading = read_name(" ".join(words) + noise)
    assert reading.action in (None, *ACTIONS)
    assert set(reading.actions) <= set(ACTIONS)
    assert all(a.action in ACTIONS for a in reading.acts)
    json.dumps(reading.to_dict())


def test_a_long_sentence_reads_in_one_pass():
    # a sentence of 6,400 words reads; the reader does a bounded amount of work per word
    text = " ".join(["Petugas mencatat berkas ke sistem dan memeriksa dokumen"] * 800)
    reading = read_name(text)
    assert reading.action == "enter-data" and "check" in reading.actions


def test_cli_read_from_standard_input():
    from click.testing import CliRunner

    from bpmodel.cli import main

    result = CliRunner().invoke(main, ["read", "--format", "json", "-"],
                                input="Bayar retribusi\n\nArsip berkas\n")
    assert result.exit_code == 0, result.output
    assert [item["action"] for item in json.loads(result.output)] == ["pay", "archive"]


# -- one list of words for the reader and for presence -------------------------------------

def test_presence_and_the_reader_read_the_same_words():
    from bpmodel.analysis.lexicon import default_lexicon
    from bpmodel.analysis.wording import constraint_words

    lex = default_lexicon()
    assert constraint_words() is lex.constraints  # one reading of the file
    assert not hasattr(lex, "capture_words")


@pytest.mark.parametrize("entry", ["lapangan", "lokasi usaha", "lokasi bangunan", "premises",
                                   "tempat usaha"])
def test_a_check_on_site_is_an_inspection_on_site(entry):
    # the words that put a step on site are the words that make a check an inspection
    from bpmodel.analysis.presence import presence_of

    for name in (f"Pemeriksaan {entry}", f"Check the {entry}"):
        assert read_name(name).action == "inspect", name
        assert presence_of(Step("s", name)) == "on-site", name


@pytest.mark.parametrize("entry", ["foto", "pas foto", "sidik jari", "biometrik", "fingerprints"])
def test_taking_a_photo_or_biometrics_is_recording_data_in_person(entry):
    from bpmodel.analysis.presence import presence_of

    name = f"Pengambilan {entry}"
    assert read_name(name).action == "enter-data", name
    assert presence_of(Step("s", name)) == "in-person", name


# -- English forms: passives, imperatives, nominalisations, "-ing" headings -------------------
# written for the test (not corpus data): one sentence per form and action, so that a rule
# that reads one form must read its siblings too

@pytest.mark.parametrize(("name", "action"), [
    ('The applicant submits the completed form to the front desk', 'submit'),
    ('Applications must be submitted online through the portal', 'submit'),
    ('File the application with the Clerk', 'submit'),
    ('The clerk checks the application for completeness', 'check'),
    ('Applications are screened for completeness', 'check'),
    ('Plans are examined by the plans examiner', 'check'),
    ('Reviewing the submitted documents', 'check'),
    ("Verifying the applicant's identity", 'verify'),
    ('The title is verified against the land register', 'verify'),
    ('The inspector visits the premises', 'inspect'),
    ('An inspection of the premises is carried out', 'inspect'),
    ('Inspecting the site', 'inspect'),
    ('The director approves the recommendation', 'approve'),
    ('Approval by the Head of Department', 'approve'),
    ('Initial the draft permit', 'approve'),
    ('The mayor signs the permit', 'sign'),
    ('Permit signed by the Building Official', 'sign'),
    ('Signing of the certificate', 'sign'),
    ('The applicant pays the permit fee at the cashier', 'pay'),
    ("Payment of fees at the treasurer's office", 'pay'),
    ('Fees must be paid before the permit is issued', 'pay'),
    ('The file is sent to the planning department', 'forward'),
    ('Route the application to the fire marshal', 'forward'),
    ('Transmit the plans to the engineering division', 'forward'),
    ('The applicant is notified by email', 'notify'),
    ('Notify the applicant of the decision', 'notify'),
    ('Inform the applicant that the permit is ready', 'notify'),
    ('The permit is issued to the applicant', 'issue'),
    ('Print the certificate', 'issue'),
    ('Issuance of the business permit', 'issue'),
    ('Record the application in the logbook', 'register'),
    ('The application is logged and given a reference number', 'register'),
    ('Assign a case number', 'register'),
    ('Enter the application details into the system', 'enter-data'),
    ('Data is encoded into the database', 'enter-data'),
    ("Encode the applicant's details", 'enter-data'),
    ('File the documents in the archive', 'archive'),
    ('The approved plans are archived', 'archive'),
    ('The applicant picks up the permit at the counter', 'collect'),
    ('Claim the permit at the releasing window', 'collect'),
    ('Receive the approved permit', 'collect'),
    ('The board decides on the application', 'decide'),
    ('The application is refused', 'decide'),
    ('Determine the fee', 'decide'),
    ('Wait for the approval', 'wait'),
    ('Queue at the counter', 'wait'),
    ('Attend the hearing', 'meet'),
    ('The committee meets to discuss the application', 'meet'),
    ('A pre-application meeting is held with the applicant', 'meet'),
    ('Prepare the draft permit', 'other'),
    ('The clerk receives the application', 'other'),
    ('Checking of requirements', 'check'),
    ('Evaluation of the application by the zoning officer', 'check'),
    ('Zoning officer evaluates the plans', 'check'),
    ('Technical evaluation', 'check'),
    ('Validation of documents', 'verify'),
    ('Confirm the payment with the bank', 'verify'),
    ('Conduct ocular inspection', 'inspect'),
    ('Ocular inspection of the site', 'inspect'),
    ('Site inspection to be conducted by the engineer', 'inspect'),
    ('Inspect the building before occupancy', 'inspect'),
    ('Recommending approval by the Division Chief', 'approve'),
    ('Endorse the application to the Mayor for approval', 'approve'),
    ('Affix signature on the permit', 'sign'),
    ('Have the permit signed by the Mayor', 'sign'),
    ('Settle the fees at the cashier', 'pay'),
    ('Payment of the assessed fees', 'pay'),
    ("Pay the corresponding fees at the Treasurer's Office", 'pay'),
    ('Forward the documents to the Municipal Engineer', 'forward'),
    ('Advise the client to come back after three days', 'notify'),
    ('Informs the client of the deficiencies', 'notify'),
    ('Send an email notification to the applicant', 'notify'),
    ('Release of the permit to the applicant', 'collect'),
    ('Prepare and issue the Certificate of Occupancy', 'issue'),
    ('Printing of the permit', 'issue'),
    ('Log the application in the logbook', 'register'),
    ('Assignment of control number', 'register'),
    ('Record the payment in the cashbook', 'register'),
    ('Input the data in the system', 'enter-data'),
    ('Fill out the application form', 'enter-data'),
    ('Accomplish the application form', 'enter-data'),
    ('Filing of documents', 'archive'),
    ('Get the permit from the releasing clerk', 'collect'),
    ('Pick up the approved plans', 'collect'),
    ('The approved permit is released to the client', 'collect'),
    ('Assessment of fees', 'decide'),
    ('Compute and assess the fees', 'decide'),
    ('Approve or deny the application', 'approve'),
    ('Waiting for the release of the permit', 'wait'),
    ('Interview the applicant', 'meet'),
    ('Attend the pre-construction meeting', 'meet'),
    ('Secure and fill out the application form', 'collect'),
    ('Present the documents to the evaluator', 'submit'),
    ('Request for inspection', 'submit'),
    ('Apply online', 'submit'),
    ('Proceed to the next window', 'other'),
    ('Go to the cashier', 'other'),
    ('The application is advertised in the local press', 'notify'),
    ('A decision notice is sent to the applicant', 'notify'),
    ('Neighbours are notified by letter', 'notify'),
    ('Applicant will be contacted when the permit is ready', 'notify'),
    ('Staff will email you with any questions', 'notify'),
    ('You will receive an email confirming your submission', 'notify'),
    ('Applicant corrects the plans and resubmits them', 'submit'),
    ('Submit two sets of plans', 'submit'),
    ('Contact the building department to schedule inspections', 'submit'),
    ('Drop off your application at the permit counter', 'submit'),
    ('The Fire Marshal reviews the plans for fire code compliance', 'check'),
    ('Plans are checked for compliance with the zoning ordinance', 'check'),
    ('Your application will be reviewed within 10 business days', 'check'),
    ('Application screening', 'check'),
    ('Obtain zoning approval', 'collect'),
    ('Zoning approval is obtained from the Planning Department', 'collect'),
    ('Pick up your permit at City Hall', 'collect'),
    ('The permit can be picked up at the front counter', 'collect'),
    ('Building official issues certificate of occupancy', 'issue'),
    ('Once approved, the permit will be issued', 'issue'),
    ('A building permit is then issued', 'issue'),
    ('Schedule and pass all required inspections', 'inspect'),
    ('The inspector will inspect the work', 'inspect'),
    ('Inspections are performed by the building inspector', 'inspect'),
    ('Fees are due at time of application', 'pay'),
    ('Pay the plan review fee when you submit', 'pay'),
    ('All fees must be paid prior to permit issuance', 'pay'),
    ('The plans are approved by the Planning Commission', 'approve'),
    ('The Zoning Administrator approves the site plan', 'approve'),
    ('The Planning Commission makes a decision on the application', 'decide'),
    ('The application is denied', 'decide'),
    ('Staff verify that the application is complete', 'verify'),
    ('The application is routed to the reviewing departments', 'forward'),
    ('Plans are distributed to the reviewing agencies', 'forward'),
    ('Attend the Planning Commission hearing', 'meet'),
    ('A public hearing is held', 'meet'),
    ('Once your application has been approved, you will receive an email with instructions '
     'for paying the permit fee.', 'notify'),
    ('After the application is accepted, it will be reviewed by the Building Division for '
     'compliance with the building code.', 'check'),
    ('When all reviews are approved and fees are paid, the permit will be issued '
     'electronically.', 'issue'),
    ('If corrections are required, you must revise the plans and resubmit them for review. '
     '', 'submit'),
    ('During construction, the building inspector will inspect the project at various stages. '
     '', 'inspect'),
    ('Before the permit can be issued, the applicant must pay all outstanding fees.', 'pay'),
    ('The applicant will be notified by email once the review is complete.', 'notify'),
    ('The completed application is forwarded to the Fire Department for review.', 'forward'),
    ('Plans are reviewed by each department within ten working days.', 'check'),
    ('Client submits the duly accomplished application form with complete requirements.', 'submit'),
    ('Checks the completeness of the submitted requirements.', 'check'),
    ('Client pays the assessed fees at the Treasury Office.', 'pay'),
    ('Prints and releases the Official Receipt.', 'issue'),
    ('The Municipal Engineer signs the building permit.', 'sign'),
    ('Client receives the approved building permit.', 'collect'),
    ('Assesses the fees based on the approved plans.', 'decide'),
    ('Endorses the application to the Building Official for approval.', 'forward'),
    ('Conducts inspection of the project site.', 'inspect'),
    ('Encodes the data in the database.', 'enter-data'),
    ("Once the clerk records the application, it is submitted to the planning office",
     "forward"),
    ("After the applicant signs the form, it is submitted to the office", "submit"),
])
def test_english_forms(name, action):
    assert (read_name(name).action or "other") == action
