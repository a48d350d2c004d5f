"""What the words of a process say about authority, sites, legal bases and e-signatures.

Four reforms (delegating a signature, inspecting jointly, abolishing a requirement without
a legal basis, delivering an electronically signed result) need facts the model does not
always state. This module reads them, in English and Bahasa Indonesia, and reads them
conservatively: when the words do not settle it, the answer is "no", so no finding and no
change rests on a guess. The rules (``analysis/rules/``) and the rewrites
(``simplify/rewrites/``) both ask it, so the finding and the change agree.

>>> lacks_legal_basis("none"), lacks_legal_basis("Tidak ada"), lacks_legal_basis(None)
(True, True, False)
>>> bool(REGIONAL_HEAD.search("bupati")), is_site_words("Technical review of site plan")
(True, False)
>>> is_site_words("Pemeriksaan lapangan lokasi bangunan"), stage_of("Inspect the foundation")
(True, frozenset({'foundation'}))
>>> says_e_signed("Tanda tangan elektronik (TTE) SK"), says_e_signed("Sign the decree")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..i18n import N_
from ..model import Actor, Process, Step
from .wording import mentions

# -- legal basis ----------------------------------------------------------------------------
NO_BASIS = ("none", "tidak ada", "no legal basis", "tanpa dasar hukum")


def lacks_legal_basis(text: str | None) -> bool:
    """Whether a ``legal_basis`` says that no rule demands the thing (``none``)."""
    return text is not None and text.strip().lower().rstrip(".") in NO_BASIS


# -- who may sign -------------------------------------------------------------------------
def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


_INDONESIAN = _words("uu", "pp", "perpres", "permen\\w*", "perda", "perbup", "perwal", "pergub",
                     "kepala", "dinas", "kantor", "desa", "kelurahan", "kecamatan", "bupati",
                     "wali ?kota", "ptsp", "dpmptsp", "pemohon", "badan", "petugas")


def is_indonesian(process: Process) -> bool:
    """Whether the process is an Indonesian one, so that Indonesian law may be cited: its
    currency is IDR, or its legal bases, owner, actors or agencies use Indonesian words.

    >>> is_indonesian(Process("p", "P", currency="IDR"))
    True
    >>> is_indonesian(Process("p", "P", actors=(Actor("c", "Clerk", agency="City"),)))
    False
    """
    if process.currency == "IDR":
        return True
    texts = [process.owner or "", *(s.legal_basis or "" for s in process.steps),
             *(f"{a.name} {a.agency or ''}" for a in process.actors)]
    return any(_INDONESIAN.search(t) for t in texts)


REGIONAL_HEAD = _words("bupati", "regent", "wali ?kota", "mayor", "gubernur", "governor")
_NOT_THE_HEAD_ONLY = _words("kepala", "head", "staf+", "sekretar\\w*", "secretary", "bagian",
                            "assistant", "asisten", "wakil", "deputy", "vice", "office",
                            "kantor", "setda", "sekda")
_ONE_STOP = _words("d?pm ?ptsp", "ptsp", "one[- ]stop\\w*", "satu pintu",
                   "pelayanan terpadu")
_HEAD = _words("kepala", "head")
_SUB_UNIT = _words("bidang", "division", "section", "seksi", "sub\\w*", "kabid", "kasi",
                   "unit", "team", "tim")
PERMIT_WORDS = _words("izin", "ijin", "perizinan", "pbg", "imb", "slf", "permit", "permits",
                      "licen[cs]e", "building approval", "persetujuan bangunan gedung",
                      "sertifikat laik fungsi")
_INSTRUMENTS = (
    (_words("bupati", "regent"), N_("a Perbup (Peraturan Bupati) on pendelegasian kewenangan "
                                    "perizinan to the head of the one-stop shop")),
    (_words("wali ?kota", "mayor"), N_("a Perwal (Peraturan Wali Kota) on pendelegasian "
                                       "kewenangan perizinan to the head of the one-stop "
                                       "shop")),
    (_words("gubernur", "governor"), N_("a Pergub (Peraturan Gubernur) on pendelegasian "
                                        "kewenangan perizinan to the head of the one-stop "
                                        "shop")),
)
DELEGATION_DECREE = N_("a delegation decree naming the new signatory")
DELEGATION_DECREE_BY = N_("a delegation decree by {signer} naming the new signatory")
PTSP_BASIS = N_("Perpres 97/2014 on PTSP (pendelegasian wewenang perizinan to the PTSP head)")


def is_regional_head(actor: Actor | None) -> bool:
    """Whether the actor is the regent, mayor or governor in person (not their office,
    secretary or deputy).

    >>> is_regional_head(Actor("r", "Bupati")), is_regional_head(Actor("s", "Sekretaris Bupati"))
    (True, False)
    """
    return bool(actor and REGIONAL_HEAD.search(actor.name)
                and not _NOT_THE_HEAD_ONLY.search(actor.name))


def is_one_stop_head(actor: Actor | None) -> bool:
    """Whether the actor is the head of the one-stop shop (DPMPTSP/PTSP) itself, not of one
    of its divisions.

    >>> is_one_stop_head(Actor("h", "Kepala DPMPTSP"))
    True
    >>> is_one_stop_head(Actor("k", "Head of licensing division", agency="PTSP"))
    False
    """
    if actor is None or not _HEAD.search(actor.name) or _SUB_UNIT.search(actor.name):
        return False
    return bool(_ONE_STOP.search(actor.name) or _ONE_STOP.search(actor.agency or ""))


def delegation_instrument(signer: Actor | None) -> str:
    """The instrument a delegation from ``signer`` needs, in words."""
    from ..i18n import _

    if signer is None:
        return _(DELEGATION_DECREE)
    for pattern, instrument in _INSTRUMENTS:
        if pattern.search(signer.name):
            return _(instrument)
    return _(DELEGATION_DECREE_BY).format(signer=signer.name)


def result_words(process: Process, step: Step) -> str:
    """The words of a step and of what it produces: its name, object, description and the
    names of its documents."""
    docs = [process.document(d) for d in step.produces]
    return " ".join([step.name, step.object or "", step.description or "",
                     *(d.name for d in docs if d)])


def inferred_signatory(process: Process, step: Step) -> Actor | None:
    """The actor who may sign ``step`` under delegation, when the words leave no doubt:
    the regent, mayor or governor signs a permit and the process has exactly one head of
    the one-stop shop, who may sign permits under Perpres 97/2014, and the step's own
    legal basis does not name the regional head. None otherwise."""
    if not is_regional_head(process.actor(step.actor)):
        return None
    if REGIONAL_HEAD.search(step.legal_basis or ""):  # the rule itself names the signer
        return None
    if not PERMIT_WORDS.search(result_words(process, step)):
        return None
    heads = one_stop_heads(process)
    return heads[0] if len(heads) == 1 and heads[0].id != step.actor else None


def one_stop_heads(process: Process) -> list[Actor]:
    """The actors who head the one-stop shop."""
    return [a for a in process.actors if is_one_stop_head(a)]


# -- inspections on site --------------------------------------------------------------------
_SITE = _words("lapangan", "(?<!izin )lokasi", "site(?!\\s*(?:plan|permit))",
               "plot(?!\\s*plan)", "premises", "field", "visitasi", "survei", "survey",
               "tinjau\\w*", "peninjauan", "on[- ]site", "tempat usaha", "persil", "kavling")
_VISITING = _words("visitasi", "inspeksi", "inspect\\w*", "survei", "survey", "peninjauan",
                   "tinjau\\w*", "on[- ]site")
_STAGES = {
    "before-construction": _words("pra[- ]?konstruksi", "pre[- ]?construction", "awal",
                                  "initial", "kelayakan lokasi"),
    "foundation": _words("pondasi", "fondasi", "foundation\\w*", "footing\\w*"),
    "structure": _words("struktur\\w*", "structur\\w*", "frame", "framing", "rangka"),
    "roof": _words("atap", "roof\\w*"),
    "final": _words("akhir", "final", "completion", "selesai", "laik fungsi", "occupancy"),
    "repeat": _words("ulang", "re-?inspect\\w*", "again", "follow[- ]up", "tindak lanjut"),
}


JOINT = _words("joint", "jointly", "bersama", "terpadu", "gabungan", "combined")


@lru_cache(maxsize=65_536)  # the simplify engine reads the same names every round
def is_site_words(text: str) -> bool:
    """Whether the words speak of the site itself (not of a site plan on paper, nor of a
    location permit).

    >>> is_site_words("Periksa izin lokasi"), is_site_words("Check the plot plan")
    (False, False)
    """
    return bool(_SITE.search(text))


@lru_cache(maxsize=65_536)  # the simplify engine reads the same names every round
def says_visiting(text: str) -> bool:
    """Whether the words name a visit to inspect (visitasi, survei, peninjauan,
    inspection), whatever action the name reads as."""
    return bool(_VISITING.search(text))


@lru_cache(maxsize=65_536)  # the simplify engine reads the same names every round
def stage_of(text: str) -> frozenset[str]:
    """The construction stages (or a repeat) the words name; empty when none."""
    return frozenset(stage for stage, pattern in _STAGES.items() if pattern.search(text))


def step_words(step: Step) -> str:
    return " ".join(filter(None, (step.name, step.object, step.description)))


# -- electronic signature and collection ----------------------------------------------------
_E_SIGNED = _words("tte", "bsre", "tanda ?tangan elektronik", "ttd elektronik",
                   "ditandatangani secara elektronik", "e-?sign\\w*",
                   "electronic signature", "electronically signed", "signed electronically",
                   "digital signature", "digitally signed", "qr", "qr[- ]code", "kode qr",
                   "qr[- ]verified")
_COLLECT = _words("ambil", "mengambil", "pengambilan", "diambil", "penyerahan", "serah",
                  "diserahkan", "terima", "menerima", "penerimaan", "collect\\w*",
                  "pick ?up", "picks up", "hand(?:ed)? over", "handover", "receive\\w*")
_PRESENCE = _words("sumpah", "oath", "sampel", "sample\\w*", "specimen\\w*", "darah", "blood",
                   "biometri\\w*", "sidik jari", "fingerprint\\w*", "foto", "photo\\w*",
                   "di ?hadapan", "in the presence", "asli", "original\\w*",
                   "basah", "wet", "notaris", "notary", "ppat", "hologram", "plat", "plate",
                   "kartu", "card", "buku", "book", "stiker", "sticker")


def says_e_signed(text: str) -> bool:
    """Whether the words say that something is signed electronically (TTE, e-signature,
    a QR code to verify it)."""
    return bool(_E_SIGNED.search(text))


def says_collect(text: str) -> bool:
    """Whether the words speak of collecting, receiving or handing over a result."""
    return bool(_COLLECT.search(text))


def says_presence(text: str) -> bool:
    """Whether the words speak of something that needs a person or a physical object
    there: an oath, biometrics, originals, a notary, a card, a plate, or a result that
    exists in body (the lexicon's ``physical_results``: an STNK with its plates, a
    passport, a KTP-el).

    >>> says_presence("Pemohon mengambil STNK dan TNKB"), says_presence("Surat keputusan")
    (True, False)
    """
    return bool(_PRESENCE.search(text)) or mentions(text, "physical_results")


def e_signed_step(process: Process, step: Step) -> bool:
    """Whether a signing or issuing step says it signs electronically: its words, its
    legal basis, its system's name or the names of what it produces."""
    system = next((s.name for s in process.systems if s.id == step.system), "")
    return says_e_signed(" ".join([result_words(process, step), step.legal_basis or "",
                                   system]))


def names(items: Iterable[str]) -> str:
    """Items joined with commas, for messages."""
    return ", ".join(items)
