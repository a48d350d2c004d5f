"""Properties of the four reforms on generated processes (hypothesis, bounded to stay fast).

The generated processes are sequences with a parallel block now and then, made of the
steps the reforms look at and the ones they must leave alone: site inspections by several
agencies (some at named construction stages), a regent's signature on a permit, wet-ink or
electronic, collections of the permit (some placed before the signature), an oath in the
presence of an official, requirements declared without a legal basis, documents no rule
demands, and steps marked keep. At either level, with the four reforms' rewrites:

- the variant keeps every guarantee (keep, documents produced before they are needed,
  soundness);
- no step that needs presence (an oath, a site inspection) changes its channel or actor,
  and no site inspection disappears;
- no collection of the permit starts before a signature that produces it;
- a step marked keep keeps its name, actor and channel;
- simplifying the variant again changes nothing.
"""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpmodel.model import Actor, Document, Duration, Flow, Process, Step, System
from bpmodel.simplify.engine import simplify
from bpmodel.simplify.guards import violations
from bpmodel.validate import reachable_from

REWRITES = ["delegate-signature", "inspect-jointly", "abolish-requirement",
            "deliver-electronically"]
ACTORS = (Actor("applicant", "Pemohon", "citizen"),
          Actor("pupr", "Tim teknis PUPR", "staff", "Dinas PUPR"),
          Actor("dlh", "Petugas DLH", "staff", "Dinas Lingkungan Hidup"),
          Actor("fire", "Fire inspector", "staff", "Fire Department"),
          Actor("staff", "Staf DPMPTSP", "staff", "DPMPTSP"),
          Actor("head", "Kepala DPMPTSP", "staff", "DPMPTSP"),
          Actor("regent", "Bupati", "staff", "Sekretariat Daerah"))
DOCUMENTS = (Document("izin", "Izin usaha"), Document("letter", "Surat pengantar",
                                                      legal_basis="none"),
             Document("ktp", "KTP", "Disdukcapil"))
SYSTEMS = (System("bsre", "BSrE tanda tangan elektronik"),)
KINDS = [
    dict(name="Peninjauan lapangan", actor="pupr", action="inspect"),
    dict(name="Pemeriksaan lokasi", actor="dlh", action="inspect"),
    dict(name="Fire inspection of the site", actor="fire", action="inspect"),
    dict(name="Inspeksi pondasi di lapangan", actor="dlh", action="inspect"),
    dict(name="Final inspection on site", actor="pupr", action="inspect"),
    dict(name="Tanda tangan izin dengan TTE", actor="regent", action="sign",
         produces=("izin",)),
    dict(name="Penandatanganan izin", actor="regent", action="sign", produces=("izin",)),
    dict(name="Sign the permit", actor="regent", action="sign", system="bsre",
         produces=("izin",)),
    dict(name="Pengambilan izin di loket", actor="applicant", contact="visit",
         needs=("izin",)),
    dict(name="Collect the permit", actor="applicant", action="collect", contact="visit"),
    dict(name="Take the oath in the presence of the official", actor="applicant",
         contact="visit"),
    dict(name="Minta surat pengantar", actor="applicant", contact="visit",
         legal_basis="none", produces=("letter",)),
    dict(name="Mengajukan permohonan", actor="applicant", contact="visit",
         needs=("ktp", "letter")),
    dict(name="Periksa berkas", actor="staff", action="check", legal_basis="PP 5/2021"),
]
# inspections in a row and signed permits with their collection come often enough
WEIGHTED = KINDS + KINDS[:3] * 3 + [KINDS[5], KINDS[7], KINDS[8], KINDS[9]] * 2
PRESENCE = ("oath", "lapangan", "lokasi", "site")


def is_presence(step: Step) -> bool:
    return any(word in step.name.lower() for word in PRESENCE)


@st.composite
def processes(draw):
    count = draw(st.integers(3, 12))
    steps: list[Step] = []
    for number in range(count):
        kind = dict(draw(st.sampled_from(WEIGHTED)))
        steps.append(Step(f"s{number}", kind.pop("name"),
                          work=Duration.of(draw(st.sampled_from([0.5, 1.0, 2.0]))),
                          wait=Duration.of(draw(st.sampled_from([0.0, 8.0, 24.0]))),
                          keep=draw(st.integers(0, 4)) == 0, **kind))
    flows: list[Flow] = []
    ids = [s.id for s in steps]
    position = 0
    order: list[Step] = []
    while position < len(ids):  # a parallel pair now and then, else a sequence
        if position + 1 < len(ids) and draw(st.integers(0, 3)) == 0:
            split, join = f"g{position}", f"j{position}"
            order += [Step(split, "Split", "gateway", "and"), steps[position],
                      steps[position + 1], Step(join, "Join", "gateway", "and")]
            flows += [Flow(split, ids[position]), Flow(split, ids[position + 1]),
                      Flow(ids[position], join), Flow(ids[position + 1], join)]
            position += 2
        else:
            order.append(steps[position])
            position += 1
    heads = {o.id: o for o in order}
    firsts, lasts = [], []
    i = 0
    while i < len(order):  # each unit: a step, or split..join
        if order[i].is_gateway:
            firsts.append(order[i].id)
            lasts.append(order[i + 3].id)
            i += 4
        else:
            firsts.append(order[i].id)
            lasts.append(order[i].id)
            i += 1
    flows += [Flow(a, b) for a, b in zip(lasts, firsts[1:])]
    assert len(heads) == len(order)
    return Process("gen", "Generated", steps=tuple(order), flows=tuple(flows), actors=ACTORS,
                   documents=DOCUMENTS, systems=SYSTEMS)


def producers_before(process: Process, step: Step) -> bool:
    makers = [s.id for s in process.steps if set(step.needs) & set(s.produces)]
    if not makers:
        return True
    before = reachable_from(process, [step.id], backwards=True) - {step.id}
    return any(m in before for m in makers)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(processes(), st.sampled_from(["safe", "bold"]))
def test_the_reforms_never_break_presence_order_or_keep(process, level):
    variant = simplify(process, level, only=REWRITES)
    result = variant.process
    assert violations(process, result) == []
    for step in process.steps:
        if not step.is_task:
            continue
        if is_presence(step):
            assert result.has_step(step.id), step.name
            now = result.step(step.id)
            assert (now.contact, now.actor) == (step.contact, step.actor), step.name
        if step.keep:
            now = result.step(step.id)
            assert (now.name, now.actor, now.contact) == (step.name, step.actor,
                                                          step.contact)
    for step in result.steps:
        original = process.step(step.id) if process.has_step(step.id) else None
        if step.contact == "online" and original is not None and original.contact == "visit":
            # delivered instead of collected: only after the signature that produces it
            assert producers_before(result, step), step.name
            assert "TTE" in " ".join(result.step(s).name for s in
                                     reachable_from(result, [step.id], backwards=True)) \
                or any(result.step(s).system == "bsre" for s in
                       reachable_from(result, [step.id], backwards=True))
    assert simplify(result, level, only=REWRITES).changes == ()
