"""Reading step names: the actions a name describes, who does them, and what they act on.

When a step has no ``action``, bpmodel infers it from the step name, in English and
Bahasa Indonesia, using the lexicon in ``bpmodel/data/lexicon.yaml`` (plain data,
documented at its top). A name may be a heading ("Pemeriksaan berkas") or a whole SOP
sentence ("Petugas menerima formulir, memeriksa dan membubuhkan paraf"): it is cut into
clauses; in each, the subject (pemohon, petugas, applicant, officer ...) is set aside and
the verb or the noun made from it names the action. Words are reduced to stems first (case,
punctuation, English endings, Indonesian affixes such as ``mem-``, ``pe-...-an``, ``di-``,
``-kan``, a passive ``di`` written apart), so that ``pemeriksaan``, ``diperiksa`` and
``periksa`` read alike. Reading is linear in the length of the name.

>>> read_name("Pemeriksaan keabsahan sertifikat tanah")
Reading(action='verify', object=('certificate', 'land'), markers=frozenset())
>>> read_name("Petugas menerima formulir, memeriksa dan membubuhkan paraf").actions
('check', 'approve')
>>> infer_action("Menyetujui draf SK"), infer_action("Draft approval decree")
('approve', 'other')
>>> alike("Verifikasi sertifikat tanah", "Pemeriksaan keabsahan sertifikat tanah")
True
>>> alike("Verify land title", "Verify site plan")
False
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Actor, Process, Step
from .lexicon import LEXICON_PATH, ROLES, WORD, Lexicon, default_lexicon
from .sentences import Act, Reading, read_sentence

__all__ = ["LEXICON_PATH", "Act", "Lexicon", "Reading", "action_of", "alike", "default_lexicon",
           "infer_action", "object_words", "read_name", "read_step", "role_of_actor",
           "similarity", "step_actions", "words_of"]


def words_of(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """The stems of the words of ``text``, in order (digits and punctuation dropped).

    >>> words_of("Re-enter the data (SIMBG)")
    ['re', 'enter', 'the', 'data', 'simbg']
    """
    lex = lexicon or default_lexicon()
    return [lex.stem(w) for w in WORD.findall(text.lower())]


def read_name(name: str, lexicon: Lexicon | None = None, *,
              actor: str | None = None, in_system: bool = False) -> Reading:
    """Read a step name: its actions, who does them, the words of its object, its markers.

    ``actor`` is the role of the step's actor (``applicant``, ``staff``, ``system``), used
    when the name itself says nobody ("Penyerahan SK" by staff hands the decree over);
    ``in_system`` says the step works in an application (its ``system``), where recording
    or registering is data entry.

    >>> read_name("Verify land title with land office")
    Reading(action='verify', object=('land', 'title'), markers=frozenset())
    >>> read_name("Periksa ulang berkas")
    Reading(action='check', object=('document',), markers=frozenset({'again'}))
    >>> r = read_name("Pemohon menyerahkan bukti bayar ke Bapenda untuk validasi")
    >>> r.actions, r.subject, r.subject_words
    (('submit', 'verify'), 'applicant', 'Pemohon')
    >>> read_name("Izin diserahkan kepada pemohon").action
    'collect'
    """
    lex = lexicon or default_lexicon()
    key = (re.sub(r"\d+", "", name.lower()), actor, in_system)  # numbers read alike
    return lex.remember(key, lambda: read_sentence(name, lex, actor, in_system))


def infer_action(name: str, lexicon: Lexicon | None = None) -> str:
    """The action a name describes, ``other`` when no word of it names one.

    >>> infer_action("Pembayaran retribusi"), infer_action("Serahkan berkas ke loket")
    ('pay', 'submit')
    >>> infer_action("Tanda tangan SK oleh Bupati"), infer_action("Lunch")
    ('sign', 'other')
    """
    return read_name(name, lexicon).action or "other"


def role_of_actor(kind: str | None) -> str | None:
    """The role an actor kind plays when a name is read (citizens and businesses apply).

    >>> role_of_actor("business"), role_of_actor("staff"), role_of_actor(None)
    ('applicant', 'staff', None)
    """
    if kind in ("citizen", "business"):
        return "applicant"
    return kind if kind in ROLES else None


def read_step(step: Step, process: Process | None = None,
              lexicon: Lexicon | None = None) -> Reading:
    """Read a step's name in its context: the role of its actor in ``process`` (who acts
    when the name does not say) and whether it works in a ``system``.

    >>> from bpmodel.model import Actor, Process, Step
    >>> process = Process("p", "P", steps=(Step("s", "Penyerahan SK", actor="clerk"),),
    ...                   actors=(Actor("clerk", "Clerk", kind="staff"),))
    >>> read_step(process.step("s"), process).action, read_name("Penyerahan SK").action
    ('collect', 'submit')
    """
    actor = process.actor(step.actor) if process is not None and step.actor else None
    role = role_of_actor(actor.kind if actor else None)
    reading = read_name(step.name, lexicon, actor=role, in_system=bool(step.system))
    if role == "staff" and reading.action == "collect" and reading.subject_words is None \
            and actor is not None and _given_by(step.name, actor):
        # "Obtain written permission from URA" in URA's lane (a Doing Business procedure
        # filed under its agency): the applicant obtains, the agency gives
        reading = replace(reading, action="issue", acts=tuple(
            replace(a, action="issue") if a.action == "collect" else a for a in reading.acts))
    return reading


_FROM = re.compile(r"\b(?:from|dari)\s+(.+)$", re.IGNORECASE)


def _given_by(name: str, actor: Actor) -> bool:
    """Whether ``name`` says it is obtained from ``actor`` itself: "from" (or "dari")
    followed by the actor's name, agency or id, or the initials of its name ("SCDF").

    >>> _given_by("Obtain approval from SCDF", Actor("fire", "Singapore Civil Defence Force"))
    True
    >>> _given_by("Obtain approval from the Head", Actor("clerk", "Clerk"))
    False
    """
    found = _FROM.search(name)
    if found is None:
        return False
    giver = " ".join(WORD.findall(found.group(1).lower()))
    words = WORD.findall(actor.name)
    initials = "".join(w[0] for w in words if w[0].isupper())
    names = {actor.name, actor.agency or "", actor.id, initials if len(initials) > 1 else ""}
    return any(f" {n} " in f" {giver} "
               for n in (" ".join(WORD.findall(x.lower())) for x in names) if len(n) > 1)


def action_of(step: Step, lexicon: Lexicon | None = None,
              process: Process | None = None) -> str | None:
    """A task's action: the one given, else inferred from its name (read in the context of
    ``process``, see :func:`read_step`); ``other`` when the name names none. None for
    gateways and events, which do no work.

    >>> from bpmodel.model import Step
    >>> action_of(Step("a", "Kirim berkas ke dinas")), action_of(Step("b", "B", action="sign"))
    ('forward', 'sign')
    """
    if not step.is_task:
        return None
    return step.action or read_step(step, process, lexicon).action or "other"


def step_actions(step: Step, lexicon: Lexicon | None = None,
                 process: Process | None = None) -> tuple[str, ...]:
    """Every action a task does: its ``action`` (given or inferred) first, then the others
    its name describes, each once. Empty for gateways and events. The model keeps one
    action per step; this is for the analyses that must see a step that, say, checks and
    initials.

    >>> from bpmodel.model import Step
    >>> step_actions(Step("a", "Petugas menerima formulir, memeriksa dan membubuhkan paraf"))
    ('check', 'approve')
    >>> step_actions(Step("b", "Verifikasi dan paraf", action="check"))
    ('check', 'verify', 'approve')
    """
    if not step.is_task:
        return ()
    reading = read_step(step, process, lexicon)
    main = step.action or reading.action or "other"
    return tuple(dict.fromkeys([main, *(a for a in reading.actions if a != "other")]))


def object_words(step: Step, lexicon: Lexicon | None = None) -> frozenset[str]:
    """The words of what a step acts on: its ``object`` when given, else read from its name.

    >>> from bpmodel.model import Step
    >>> sorted(object_words(Step("a", "Verify land title at BPN")))
    ['land', 'title']
    >>> sorted(object_words(Step("b", "Check", object="Sertifikat tanah")))
    ['certificate', 'land']
    """
    lex = lexicon or default_lexicon()
    if step.object:
        return frozenset(lex.canonical(w) for w in words_of(step.object, lex)
                         if w not in lex.stopwords)
    return frozenset(read_name(step.name, lex).object)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """The Jaccard similarity of two sets of words (0 when either is empty).

    >>> similarity(frozenset({"land", "title"}), frozenset({"land", "title", "office"}))
    0.6666666666666666
    """
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def alike(name_a: str, name_b: str, threshold: float = 0.5,
          lexicon: Lexicon | None = None) -> bool:
    """Whether two names describe the same action on (nearly) the same object.

    The actions read from the names must be equal, and the object words must overlap by at
    least ``threshold`` (Jaccard similarity).

    >>> alike("Check identity card", "Periksa KTP")
    True
    """
    a, b = read_name(name_a, lexicon), read_name(name_b, lexicon)
    return (a.action is not None and a.action == b.action
            and similarity(frozenset(a.object), frozenset(b.object)) >= threshold)
