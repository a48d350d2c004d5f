"""Trust properties on generated processes (hypothesis, bounded to stay fast).

Processes are generated block-structured, with steps named in English and Bahasa
Indonesia without ``action`` keys: deeds before a land-deed official, oaths, biometrics,
site inspections, signatures, collections and hand-overs of results, checks, payments,
visits, documents made inside. At both levels no variant may move a presence step
online, remove or re-assign a step marked keep, start a collection before the issuing of
its result, or start a step before a document it needs exists. The checks below are
written out here, independently of the guards' own code.
"""

from collections import deque

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import Builder, built

from bpmodel.analysis.actions import alike
from bpmodel.analysis.legal import legal_rank
from bpmodel.analysis.presence import is_collection, issues_result, presence_of
from bpmodel.io.yaml import dumps_yaml, loads_yaml
from bpmodel.model import Actor, Document, Duration, Process, Step
from bpmodel.simplify.engine import simplify

ACTORS = (Actor("applicant", "Applicant", "citizen"),
          Actor("front", "Front office", "staff", "PTSP"),
          Actor("land", "Land office", "staff", "BPN"),
          Actor("tech", "Technical team", "staff", "Public Works"),
          Actor("head", "Head of office", "staff", "PTSP"),
          Actor("env", "Environment team", "staff", "Dinas Lingkungan Hidup"),
          Actor("notary", "Notaris", "business"))
DOCUMENTS = (Document("ktp", "KTP", "Dukcapil"), Document("plan", "Site plan"),
             Document("tax", "Tax validation letter", "Bapenda"),
             Document("permit", "Permit"), Document("report", "Inspection report"),
             Document("title", "Sertifikat tanah", "BPN"))
# (name, fields): no action keys; names carry the meaning
KINDS = [
    ("Ajukan permohonan", dict(actor="applicant", contact="visit", needs=("ktp", "plan"))),
    ("Submit the application", dict(actor="applicant", contact="visit", needs=("ktp",))),
    ("Penandatanganan akta jual beli di hadapan PPAT",
     dict(actor="applicant", contact="visit", needs=("tax",))),
    ("Take the oath before the registrar", dict(actor="applicant", contact="visit")),
    ("Perekaman sidik jari dan foto", dict(actor="applicant", contact="visit")),
    ("Pemeriksaan lapangan", dict(actor="tech", contact="visit", needs=("plan",),
                                  produces=("report",))),
    ("Final inspection of the building", dict(actor="tech", contact="visit")),
    ("Survei lokasi usaha", dict(actor="tech", needs=("plan",))),
    ("Validasi pajak BPHTB", dict(actor="front", needs=("ktp",), produces=("tax",))),
    ("Periksa kelengkapan berkas", dict(actor="front", needs=("ktp", "plan"))),
    ("Verify the land title", dict(actor="land", needs=("ktp",))),
    ("Bayar retribusi", dict(actor="applicant", contact="visit")),
    ("Sign the permit", dict(actor="head", produces=("permit",))),
    ("Penandatanganan SK izin", dict(actor="head", needs=("ktp",))),
    ("Collect the permit at the counter", dict(actor="applicant", contact="visit",
                                                needs=("permit",))),
    ("Pengambilan SK di loket", dict(actor="applicant", contact="visit", needs=("ktp",))),
    ("Hand over the certificate", dict(actor="front", needs=("ktp",))),
    ("Kirim berkas ke dinas teknis", dict(actor="front")),
    ("Arsipkan berkas", dict(actor="front")),
    ("Verifikasi sertifikat tanah", dict(actor="land", needs=("ktp",),
                                         legal_basis="Perpres 96/2018")),
    ("Verify land certificate", dict(actor="front", needs=("ktp",),
                                     legal_basis="Perbup 3/2019")),
    ("Show payment receipt", dict(actor="applicant", contact="visit")),
    # session 6: requests, another agency's site inspection, notices, a notary, two
    # officials in one lane
    ("Mengajukan permohonan IMB di UPTSA", dict(actor="applicant", contact="visit",
                                                 needs=("permit",))),
    ("Mendaftarkan pekerja ke BPJS Ketenagakerjaan", dict(actor="applicant", contact="visit",
                                                           needs=("permit",))),
    ("Peninjauan lapangan oleh Dinas Lingkungan Hidup", dict(actor="env", needs=("plan",))),
    ("Berkas dikembalikan kepada pemohon untuk dilengkapi", dict(actor="front")),
    ("Petugas memverifikasi fotokopi KTP dengan aslinya", dict(actor="front", needs=("ktp",))),
    ("Legalisasi salinan sertifikat tanah di kantor notaris",
     dict(actor="notary", contact="visit", needs=("title",))),
    ("Petugas PTSP memeriksa berkas", dict(actor="head")),
    ("Kepala PTSP menandatangani izin", dict(actor="head")),
]
# names of steps no variant may remove (a request, a notice, a check against originals)
NEVER_REMOVED = ("Mengajukan permohonan IMB di UPTSA",
                 "Mendaftarkan pekerja ke BPJS Ketenagakerjaan",
                 "Berkas dikembalikan kepada pemohon untuk dilengkapi",
                 "Petugas memverifikasi fotokopi KTP dengan aslinya")
SITE_INSPECTIONS = ("Pemeriksaan lapangan", "Peninjauan lapangan oleh Dinas Lingkungan Hidup")


@st.composite
def task(draw, b: Builder):
    name, fields = draw(st.sampled_from(KINDS))
    keep = draw(st.sampled_from([False, False, False, True, ("actor",), ("channel",),
                                 ("agency",)]))
    locks = keep if isinstance(keep, tuple) else ()
    step = Step(b.next_id(), name, work=Duration.of(draw(st.sampled_from([0.5, 2.0]))),
                wait=Duration.of(draw(st.sampled_from([0.0, 8.0, 24.0]))),
                keep=bool(keep), locks=locks, **fields)
    step_id = b.add(step)
    return step_id, step_id


def _before(process: Process, step_id: str) -> set[str]:
    seen, todo = set(), deque(f.source for f in process.incoming(step_id))
    while todo:
        current = todo.popleft()
        if current not in seen:
            seen.add(current)
            todo.extend(f.source for f in process.incoming(current))
    return seen


@st.composite
def processes(draw):
    b = draw(built(task, parts=(3, 6)))
    process = Process("gen", "Generated", steps=tuple(b.steps), flows=tuple(b.flows),
                      actors=ACTORS, documents=DOCUMENTS, volume=100)
    # a document made inside is needed only after it is made
    producers = {d: [s.id for s in process.steps if d in s.produces] for d in
                 (d.id for d in DOCUMENTS)}
    steps = []
    for s in process.steps:
        before = _before(process, s.id)
        needs = tuple(d for d in s.needs if not producers[d] or
                      any(p in before for p in producers[d]))
        steps.append(Step(**{**{f: getattr(s, f) for f in s.__dataclass_fields__},
                             "needs": needs}))
    return loads_yaml(dumps_yaml(process.evolve(steps=tuple(steps)))).process


SETTINGS = settings(max_examples=20, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(processes(), st.sampled_from(["safe", "bold"]))
def test_no_variant_breaks_presence_keep_or_the_order_of_results(process, level):
    assert_trustworthy(process, simplify(process, level).process)


@SETTINGS
@given(processes(), st.sampled_from(["safe", "bold"]))
def test_no_variant_drops_a_request_a_notice_or_an_agencys_inspection(process, level):
    assert_requests_and_agencies_stay(process, simplify(process, level).process)


def assert_requests_and_agencies_stay(process: Process, variant: Process) -> None:
    """A request or a notice is never removed; an agency's site inspection goes only when the
    same agency still inspects the same way; a notary keeps the originals it sees; two
    officials named in one lane are never merged into one sitting."""
    names = " | ".join(s.name.lower() for s in variant.steps)  # a merge joins the names
    for step in process.steps:
        if step.name in NEVER_REMOVED:
            assert step.name.lower() in names, f"{step.name!r} removed"
        if step.name in SITE_INSPECTIONS and not variant.has_step(step.id):
            agency = process.actor(step.actor).agency
            assert any(s.name == step.name and variant.actor(s.actor) is not None
                       and variant.actor(s.actor).agency == agency for s in variant.steps), \
                f"{step.name!r} of {agency} removed"
        if step.actor == "notary" and variant.has_step(step.id):
            assert variant.step(step.id).needs == step.needs, "a notary's original fetched"
    for step in variant.steps:
        parts = step.name.lower()
        assert not ("petugas ptsp" in parts and "kepala ptsp" in parts), step.name


def assert_trustworthy(process: Process, variant: Process) -> None:
    """Presence stays, kept steps stay as kept, collections follow their issuance (read
    from names), and documents made inside exist before the steps that need them."""
    for step in process.steps:
        if not variant.has_step(step.id):
            assert not step.keep, f"kept step {step.id} removed"
            continue
        now = variant.step(step.id)
        if presence_of(step) is not None:
            assert now.contact == step.contact, f"{step.name!r} moved {now.contact}"
        if step.keep:
            assert now.name == step.name
            if not step.locks or "actor" in step.locks:
                assert now.actor == step.actor
            if not step.locks or "channel" in step.locks:
                assert now.contact == step.contact
            if not step.locks or "agency" in step.locks:
                before, after = process.actor(step.actor), variant.actor(now.actor)
                assert (before and before.agency) == (after and after.agency)
    issuing = [s.id for s in process.steps if issues_result(s)]
    for step in process.steps:
        if not is_collection(process, step) or not variant.has_step(step.id):
            continue
        was, now = _before(process, step.id), _before(variant, step.id)
        for issue in issuing:
            if issue in was and step.id not in _before(process, issue) \
                    and variant.has_step(issue):
                assert issue in now, f"{step.name!r} may start before {issue}"
    # the check a higher rule demands is never removed while a lower rule's stays
    removed = [s for s in process.steps if s.legal_basis and not variant.has_step(s.id)]
    for step in removed:
        if any(other.legal_basis and step.legal_basis in other.legal_basis
               and alike(step.name, other.name) for other in variant.steps):
            continue  # its rule is still answered by the same check
        for other in variant.steps:
            if other.legal_basis and other.name != step.name and \
                    legal_rank(step.legal_basis) > legal_rank(other.legal_basis) and \
                    not set(step.legal_basis.split("; ")) & set(other.legal_basis.split("; ")):
                assert not alike(step.name, other.name), (step.id, other.id)
    producers = {d.id: {s.id for s in process.steps if d.id in s.produces}
                 for d in process.documents}
    for step in process.steps:
        if not variant.has_step(step.id):
            continue
        now = _before(variant, step.id)
        for doc in step.needs:
            if producers[doc]:
                makers = {s.id for s in variant.steps  # a new step fetching it makes nothing
                          if doc in s.produces and process.has_step(s.id)}
                assert makers & now, f"{step.id} starts before {doc} exists"
