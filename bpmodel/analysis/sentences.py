"""The sentence reader: clauses, subjects, verbs and objects of a step name.

A name may be a heading ("Pemeriksaan berkas") or a whole SOP sentence ("Petugas menerima
formulir, memeriksa dan membubuhkan paraf"). It is cut into sentences and clauses; in each,
the subject (pemohon, petugas, applicant, officer ...) is set aside and the verb, or the
noun made from it, names the action, whatever its affixes. Conditions, relative clauses and
negated verbs are not actions of the step; purposes ("untuk validasi") are, but not its
main one; some words depend on who acts for whom (see ``by_role`` in the lexicon). One pass
over the words, with a bounded look-ahead: linear in the length of the name.
:func:`bpmodel.analysis.actions.read_name` is the cached entry point.

>>> from bpmodel.analysis.lexicon import default_lexicon
>>> read_sentence("Petugas menerima formulir, memeriksa dan membubuhkan paraf",
...               default_lexicon()).actions
('check', 'approve')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from .lexicon import NONE, ROLES, WORD, Lexicon


@dataclass(frozen=True, slots=True)
class Act:
    """One action a name describes: the action, the words of the name that named it (as
    written), and the roles of who does it and for whom, when the name or the step's actor
    says (``applicant``, ``staff`` or ``system``)."""

    action: str
    words: str
    subject: str | None = None
    recipient: str | None = None
    purpose: bool = False  # what the step is for ("... untuk validasi"), not what it does


@dataclass(frozen=True, slots=True)
class Reading:
    """What a name says: its main action (None if no word names one), the object words it
    acts on (canonical stems, stopwords and places left out), markers such as ``again``,
    every action it describes (``acts``, in the order of the name) and who does the main
    one (``subject``, a role, and ``subject_words``, as written)."""

    action: str | None
    object: tuple[str, ...]
    markers: frozenset[str]
    acts: tuple[Act, ...] = field(default=(), repr=False)
    subject: str | None = field(default=None, repr=False)
    subject_words: str | None = field(default=None, repr=False)

    @property
    def actions(self) -> tuple[str, ...]:
        """Every action the name describes, the main one first, each once; ``other`` (a
        receiving, processing or drafting step) only when it describes nothing else.

        >>> from bpmodel.analysis.lexicon import default_lexicon
        >>> read_sentence("Izin dicetak, ditandatangani dan diarsipkan", default_lexicon()).actions
        ('issue', 'sign', 'archive')
        """
        if self.action is None:
            return ()
        rest = [a.action for a in self.acts if a.action not in (self.action, "other")]
        return tuple(dict.fromkeys([self.action, *rest]))

    @property
    def evidence(self) -> tuple[str, ...]:
        """The words of the name that decided the actions, in order."""
        return tuple(a.words for a in self.acts)

    def to_dict(self) -> dict:
        """The reading as plain data (the ``bpmodel read --format json`` contract):
        ``action`` (None when no word names one), ``counts_as`` (what the model uses),
        ``actions``, ``subject``, ``subject_words``, ``object``, ``markers`` and ``acts``
        (each action with the words that decided it and who does it for whom).

        >>> from bpmodel.analysis.lexicon import default_lexicon
        >>> read_sentence("Bayar retribusi di bank", default_lexicon()).to_dict()["acts"]
        [{'action': 'pay', 'words': 'Bayar', 'subject': None, 'recipient': None, 'purpose': False}]
        """
        return {
            "action": self.action,
            "counts_as": self.action or "other",
            "actions": list(self.actions),
            "subject": self.subject,
            "subject_words": self.subject_words,
            "object": list(self.object),
            "markers": sorted(self.markers),
            "acts": [{"action": a.action, "words": a.words, "subject": a.subject,
                      "recipient": a.recipient, "purpose": a.purpose} for a in self.acts],
        }


_TOKEN = re.compile(r"[^\W\d_]+|\.\.+|…|[;:()\[\]?!|–—&]|\.(?=\s|$)|,|/|-(?=\s)|(?<=\s)-")
_STRONG = frozenset(";:[]?!|–—-.")
_ABBREVIATIONS = frozenset((
    "ka", "kasubag", "kasubbag", "kab", "kec", "kel", "no", "jl", "dr", "ir", "st", "se", "mm",
    "dll", "dsb", "etc", "kadis", "kabid", "kasi", "sekcam", "drs", "prof", "ybs", "tk", "hal",
    "ie", "eg",
))
_ENGLISH_PASSIVE = frozenset(("is", "are", "was", "were", "be", "been", "being"))
_VERB_PREFIXES = ("me", "di", "ter", "ber")
_REDONE = frozenset(("check", "verify", "inspect", "issue", "enter", "sign", "apply", "review",
                     "examine", "validate", "type", "send", "submit", "approve", "print"))
_NEGATIONS = frozenset(("tidak", "belum", "bukan", "tanpa", "not", "never", "no"))
_UNITS = frozenset(("office", "department", "division", "section", "unit", "committee",
                    "board", "commission", "desk", "counter", "team", "center", "centre"))
_PHRASE_GAP = 2  # words that may stand between a verb and the noun of its phrase
_REACH = 12  # how far a recipient is looked for after its verb
_PURPOSES = frozenset(("untuk", "guna", "for"))
_COMPLEMENTS = frozenset(("that", "whether", "if", "bahwa", "apakah"))
_DETERMINERS = frozenset(("a", "an", "the", "all", "each", "every"))
_POSSESSIVE_OR_DETERMINER = _DETERMINERS | {"our", "your", "their", "his", "her", "its"}
_RECIPIENT_WORDS = ("kepada", "ke", "to", "pada")
_AGENT_WORDS = ("oleh", "by")
_COORDINATING = frozenset(("dan", "serta", "atau", "&", "/", "and", "or"))
_ENGLISH_NOUN_ENDINGS = ("ion", "ment", "al", "ance", "ence", "ing")
_ENGLISH_WORDS = frozenset((
    "the", "a", "an", "of", "and", "is", "are", "to", "for", "by", "with", "be", "will", "on",
    "at", "from", "in", "into", "or", "has", "have", "been", "was", "were", "shall", "all",
    "your", "you", "must", "may", "can", "then", "after", "when", "if", "once", "upon", "its",
    "their", "this", "that",
))
_INDONESIAN_WORDS = frozenset((
    "dan", "yang", "di", "ke", "untuk", "oleh", "dengan", "kepada", "atau", "dari", "akan",
    "telah", "sudah", "pada", "dalam", "serta", "jika", "apabila", "bila", "melalui", "secara",
    "tersebut", "ini", "itu", "para", "kemudian", "maka", "beserta",
))


def _english_noun(token: _Token) -> bool:
    """An English noun made from a verb: inspection, payment, approval, meeting (not
    "bring")."""
    low = token.low
    if low.endswith("ing"):
        return low != token.raw
    return low.endswith(_ENGLISH_NOUN_ENDINGS)


@dataclass(slots=True)
class _Token:
    text: str            # as written ("di tandatangani" for the split passive)
    low: str
    stem: str            # canonical stem
    raw: str             # the stem before synonyms
    verb: bool = False   # an Indonesian verb form (me-, di-, ter-, ber-)
    passive: bool = False  # di-, or di written apart

    bases: frozenset[str] = frozenset()  # every known stem the word may have
    root: str = ""        # the shortest of them

    @property
    def indonesian_noun(self) -> bool:
        """A noun made from a verb: pe-...-an, per-...-an, -asi (pemeriksaan, verifikasi)."""
        low = self.low
        return not self.verb and (low != self.root and low.startswith(("pe", "ke"))
                                  and low.endswith("an") or low.endswith("asi"))


@dataclass(slots=True)
class _Pending:
    """An action found in the current clause, before its roles are known."""

    action: str
    stem: str
    start: int
    end: int
    passive: bool
    rules: Mapping[str, tuple[tuple[str, str], ...]] | None  # by-role rules, if any
    english_noun: bool = False  # an English noun or a weak word: a later verb replaces it


@dataclass
class _State:
    """What is known of the clause being read."""

    pending: list[_Pending] = field(default_factory=list)
    subject: str | None = None
    subject_words: list[str] = field(default_factory=list)
    in_subject: bool = False
    agent: str | None = None
    recipient: str | None = None
    head: bool = False           # the clause's predicate is decided
    head_verb_without_action: bool = False
    aux: bool = False
    light: _Token | None = None
    light_at: int = 0
    light_passive: bool = False
    pre_words: list[str] = field(default_factory=list)
    in_pp: bool = False          # inside a place or recipient phrase ("ke alamat email")
    light_deferred: bool = False  # a light verb asking someone to do what follows
    negated: bool = False


class _Reader:
    """One pass over a name: clauses, subjects, verbs, objects (see the module doc)."""

    def __init__(self, name: str, lex: Lexicon, actor: str | None, in_system: bool = False):
        self.lex = lex
        self.actor = actor if actor in ROLES else None
        self.in_system = in_system
        self.items: list[_Token | str] = self._tokens(name)
        self.english = self._is_english()
        self._actions: dict[int, tuple[int, str | None, str]] = {}
        self._team_names = self._words_of_team_names()

    # -- tokens --------------------------------------------------------------------------
    def _subject_phrase(self, raw: list[str], i: int) -> tuple[str, ...] | None:
        """The subject of several words that starts at ``raw[i]`` (the lexicon's subjects
        with a space: "kepala keluarga", "head of household"), the longest, or None."""
        for phrase in self.lex.subject_phrases.get(raw[i].lower(), ()):
            if tuple(w.lower() for w in raw[i:i + len(phrase)]) == phrase:
                return phrase
        return None

    def _tokens(self, name: str) -> list[_Token | str]:
        lex = self.lex
        raw = [m.group() for m in _TOKEN.finditer(name)]
        raw = self._short_parentheses(raw)
        items: list[_Token | str] = []
        skip_di = False
        skip_to = 0
        for i, text in enumerate(raw):
            if i < skip_to:
                continue  # the rest of a subject of several words
            if (phrase := self._subject_phrase(raw, i)) is not None:
                low = " ".join(phrase)   # "Kepala keluarga": the family's head, no official
                items.append(_Token(" ".join(raw[i:i + len(phrase)]), low, low, low,
                                    bases=frozenset({low}), root=low))
                skip_to = i + len(phrase)
                continue
            if text.startswith("..") or text == "…":
                continue  # an ellipsis leaves words out; the sentence goes on
            if text in (",", "/", "&"):
                items.append(text)
                continue
            if text in _STRONG or text in "()":
                if text == "." and items and isinstance(items[-1], _Token) and (
                        items[-1].low in _ABBREVIATIONS or len(items[-1].low) == 1):
                    continue
                items.append(".")
                continue
            low = text.lower()
            if low == "di" and i + 1 < len(raw) and self._names_action(raw[i + 1].lower()):
                skip_di = True  # "di tandatangani": the passive prefix written apart
                continue
            stem, shortest, bases = lex.forms(low)
            verb = skip_di or (shortest != low and low.startswith(_VERB_PREFIXES)
                               and not low.startswith(shortest[:3]))
            passive = skip_di or verb and low.startswith("di")
            items.append(_Token(f"di {text}" if skip_di else text, low, lex.canonical(stem),
                                stem, verb, passive, bases, shortest))
            skip_di = False
        return items

    @staticmethod
    def _short_parentheses(raw: list[str]) -> list[str]:
        """Drop the brackets around one or two words ("(TTE)", "(daftar)"): they name
        again what comes before and do not end the sentence."""
        out: list[str] = []
        i = 0
        while i < len(raw):
            if raw[i] == "(":
                close = next((j for j in range(i + 1, min(i + 4, len(raw))) if raw[j] == ")"),
                             None)
                if close is not None and all(WORD.fullmatch(w) for w in raw[i + 1:close]):
                    out.extend(raw[i + 1:close])
                    i = close + 1
                    continue
            out.append(raw[i])
            i += 1
        return out

    def _names_action(self, low: str) -> bool:
        if not WORD.fullmatch(low):
            return False
        stem = self.lex.stem(low)
        return (stem in self.lex.actions or self.lex.canonical(stem) in self.lex.phrases
                or self.lex.stem("di" + low) in self.lex.actions)

    def _is_english(self) -> bool:
        english = indonesian = 0
        for token in self.items:
            if not isinstance(token, _Token):
                continue
            if token.low in _ENGLISH_WORDS:
                english += 1
            elif token.low in _INDONESIAN_WORDS or token.verb or token.indonesian_noun:
                indonesian += 1
        if english == indonesian:  # a heading: no function words to tell
            return not any(isinstance(t, _Token) and t.low in self.lex.indonesian_markers
                           for t in self.items)
        return english > indonesian

    # -- words ---------------------------------------------------------------------------
    def _action_at(self, i: int) -> tuple[int, str | None, str]:
        """How many items from ``i`` name an action (0 if none), which, and its stem."""
        found = self._actions.get(i)
        if found is None:
            found = self._actions[i] = self._find_action(i)
        return found

    def _words_of_team_names(self) -> frozenset[int]:
        """The places of the words that name a team after its head word, written with
        capitals, up to the first word in lower case or with a verb's prefix ("Tim Uji
        Kelayakan memeriksa ...", "Panitia Pemeriksa Tanah menandatangani ..."): they are
        the team's name, not its action. Only in Bahasa Indonesia, where the head comes
        first."""
        if self.english:
            return frozenset()
        heads = {words[0] for words in self.lex.constraints.get("teams", ()) if len(words) == 1}
        inside: set[int] = set()
        items = self.items
        for i, token in enumerate(items):
            if not isinstance(token, _Token) or token.low not in heads \
                    or not token.text[:1].isupper():
                continue
            j = i + 1
            while j < len(items) and isinstance(items[j], _Token) \
                    and items[j].text[:1].isupper() and not items[j].verb:
                inside.add(j)
                j += 1
            if j == len(items) or not isinstance(items[j], _Token):
                inside.difference_update(range(i + 1, j))  # no verb after it: a heading
        return frozenset(inside)

    def _find_action(self, i: int) -> tuple[int, str | None, str]:
        lex = self.lex
        token = self.items[i]
        assert isinstance(token, _Token)
        if i in self._team_names:
            return 0, None, token.raw
        for base in token.bases:
            for words, action in lex.phrases.get(base, ()):
                span = self._phrase(i, words)
                if span:
                    return span, action, words[0]
        raw = token.raw
        if raw in lex.english_only and not self.english:
            return 0, None, raw  # "file PDF" in a sentence in Bahasa Indonesia
        if raw not in lex.actions:  # "pemberitahuan" is listed as a message too
            raw = next((b for b in sorted(token.bases, key=lambda b: (-len(b), b))
                        if b in lex.actions), raw)
        if raw in lex.actions and not self._is_light(token):
            if token.low.startswith("ke") and token.low.endswith("an") and raw != token.low:
                return 0, None, raw  # kelengkapan, keputusan: nouns, not acts
            return 1, lex.actions[raw], raw
        if token.low.startswith("re") and len(token.low) > 4:  # recheck, reverify, reissue
            rest = lex.stem(token.low[2:])
            if rest in _REDONE:
                return 1, lex.actions[rest], rest
        return 0, None, raw

    def _phrase(self, i: int, words: tuple[str, ...]) -> int:
        """The number of items the phrase ``words`` covers from ``i`` (0 if it does not
        start there); stopwords between its words are skipped, and so are up to
        ``_PHRASE_GAP`` words that describe its last word when that is a noun ("create a
        Login.gov account", "send the approved notice"; not "sign the form in")."""
        lex = self.lex
        gap = 0 if words[-1] in lex.object_ends or words[-1] in lex.stopwords \
            else _PHRASE_GAP
        j, k = i, 0
        while k < len(words):
            if j >= len(self.items) or not isinstance(self.items[j], _Token):
                return 0
            token = self.items[j]
            if words[k] in token.bases:
                k += 1
            elif k == 0:
                return 0
            elif token.low in lex.stopwords and token.low not in lex.object_ends \
                    and token.low not in lex.conjunctions:
                pass
            elif gap and self._content(j) and not lex.role_of(token.low):
                gap -= 1
            else:
                return 0
            j += 1
        return j - i

    def _is_light(self, token: _Token) -> bool:
        return token.low in self.lex.light_verbs or token.raw in self.lex.light_verbs

    def _content(self, i: int) -> bool:
        """Whether item ``i`` is a word that carries meaning (not a function word)."""
        if i >= len(self.items) or not isinstance(self.items[i], _Token):
            return False
        low = self.items[i].low
        lex = self.lex
        return not (low in lex.stopwords or low in lex.auxiliaries or low in lex.object_ends
                    or low in lex.conjunctions or low in lex.conditions
                    or low in lex.relatives or low in _NEGATIONS)

    def _english_modifier(self, i: int) -> bool:
        """An English noun or participle that only describes the next word ("decision
        notice", "approved plans", "initial review")."""
        token = self.items[i]
        assert isinstance(token, _Token)
        if not self._content(i + 1):
            return False
        before = self.items[i - 1] if i > 0 else None
        if isinstance(before, _Token) and before.low in _ENGLISH_PASSIVE:
            return False  # "are submitted online": a passive verb, not a modifier
        after = self.items[i + 1].low
        if len(after) > 4 and after.endswith("ed") and not self._content(i + 2):
            return False  # "inspection completed by", "payment received": its verb follows
        if token.low != token.raw and self.items[i + 1].raw in _UNITS:
            return True  # "Records Office", "Planning Department"
        low = token.low
        return _english_noun(token) or len(low) > 4 and low.endswith("ed")

    def _role_after(self, i: int, reach: int = 3) -> str | None:
        """The role named within ``reach`` words after position ``i`` (the recipient or
        agent: "kepada pemohon", "ke alamat email pemohon", "by the officer")."""
        j, seen = i + 1, 0
        while j < len(self.items) and isinstance(self.items[j], _Token) and seen < reach:
            token = self.items[j]
            role = self.lex.role_of(token.low)
            if role:
                return role
            if token.low not in self.lex.stopwords:
                seen += 1
            j += 1
        return None

    def _recipient_after(self, i: int) -> str | None:
        """The role an action at ``i`` is done for ("... kepada pemohon"), looked for up to
        the next action, comma or end of sentence (at most a dozen words on); in English,
        also a role named right after the verb ("provide each applicant with a form")."""
        if self.english:
            k = i
            while k < len(self.items) and isinstance(self.items[k], _Token) and \
                    self.items[k].low in _POSSESSIVE_OR_DETERMINER:
                k += 1
            for m in range(k, min(k + 3, len(self.items))):  # "the building department"
                if not self._content(m):
                    break
                role = self.lex.role_of(self.items[m].low)
                if role or self._action_at(m)[0]:
                    if role and not self._content(m + 1):  # not "customer data"
                        return role
                    break
        j = i
        while j < min(len(self.items), i + _REACH) and isinstance(self.items[j], _Token):
            token = self.items[j]
            if token.low in _RECIPIENT_WORDS:
                role = self._role_after(j)
                if role:
                    return role
                j += 4
                continue
            if self._action_at(j)[0]:
                return None
            j += 1
        return None

    def _by_role(self, rules: Mapping[str, tuple[tuple[str, str], ...]], stem: str,
                 who: str | None, whom: str | None) -> str | None:
        for pattern, action in rules.get(stem, ()):
            subject, _, recipient = pattern.partition(">")
            if subject not in ("*", who or "-"):
                continue
            if (recipient or "*") not in ("*", whom or "-"):
                continue
            return action
        return None

    # -- the pass ------------------------------------------------------------------------
    def read(self) -> Reading:
        lex = self.lex
        acts: list[Act] = []
        objects: list[list[str]] = []
        first_subject: tuple[str, str] | None = None
        i = 0
        while i < len(self.items):
            subject_found, i = self._sentence(i, acts, objects)
            if subject_found and first_subject is None:
                first_subject = subject_found
        markers = self._markers()
        main = next((a for a in acts if a.action != "other" and not a.purpose),
                    next((a for a in acts if a.action != "other"), acts[0] if acts else None))
        if main is not None:
            index = acts.index(main)
            found = next((o for o in [objects[index], *objects] if o), [])
            obj = tuple(dict.fromkeys(found))
        else:
            obj = tuple(dict.fromkeys(
                t.stem for t in self.items if isinstance(t, _Token)
                and t.low not in lex.stopwords and t.stem not in lex.stopwords
                and not lex.role_of(t.low)))
        subject = main.subject if main else None
        words = first_subject[1] if first_subject and main and \
            first_subject[0] == main.subject else None
        return Reading(main.action if main else None, obj, markers, tuple(acts),
                       subject, words)

    def _says(self, start: int, *keys: str) -> bool:
        """Whether the words of the action at ``start`` and what follows it, up to the
        next clause or action, say one of the ``constraints`` lists ``keys`` of the lexicon
        (the words presence reads: "lapangan", "cek lokasi", "foto", "sidik jari")."""
        words = [self.items[start].low] if isinstance(self.items[start], _Token) else []
        j = start + 1
        while j < min(len(self.items), start + _REACH) and isinstance(self.items[j], _Token):
            token = self.items[j]
            if token.low in self.lex.conjunctions or self._action_at(j)[0] and \
                    self._action_at(j)[1] not in (None, NONE):
                break
            words.append(token.low)
            j += 1
        return any(self.lex.says(words, key) for key in keys)

    def _low(self, i: int) -> str:
        """The word at ``i`` in lower case ("" for a separator or past the end)."""
        item = self.items[i] if i < len(self.items) else None
        return item.low if isinstance(item, _Token) else ""

    def _is_marker(self, token: _Token) -> bool:
        return any(token.raw in words or token.low in words
                   for words in self.lex.markers.values())

    def _markers(self) -> frozenset[str]:
        found = set()
        for token in self.items:
            if isinstance(token, _Token):
                for name, words in self.lex.markers.items():
                    if token.raw in words or token.low in words:
                        found.add(name)
        return frozenset(found)

    def _close(self, st: _State, acts: list[Act], objects: list[list[str]],
               sentence_subject: str | None, purpose: bool = False,
               condition_subject: str | None = None) -> None:
        """Turn the clause's pending actions into acts, now that its roles are known. A
        passive verb whose clause names nobody is done by whoever acts in the sentence's
        condition ("After the Zoning Department approves the permit, it is submitted to
        the inspectors": the department sends it on)."""
        lex = self.lex
        if st.light is not None and not st.pending and not st.light_deferred:
            self._light_head(st)
        for p in st.pending:
            who = st.agent or st.subject or sentence_subject or (
                condition_subject if p.passive else None) or self.actor
            whom = self._recipient_after(p.end) or st.recipient
            if p.passive and st.subject == "applicant" and not st.agent:
                who, whom = (self.actor if self.actor != "applicant" else None), "applicant"
            action = p.action
            if p.rules is not None:
                action = self._by_role(p.rules, p.stem, who, whom) or action
            if action in ("register", "other") and p.stem in lex.data_in_system and (
                    self.in_system or self._system_after[p.start]):
                action = "enter-data"  # "logs the result into the computer system"
            words = " ".join(t.text for t in self.items[p.start:p.end]
                             if isinstance(t, _Token))
            obj = self._object(p.end)
            if p.passive and st.pre_words or not obj and st.subject is None:
                obj = list(st.pre_words)  # "SK ditandatangani ...": the decree is signed
            if (action == "forward" or action == "collect" and p.rules is not None) and \
                    lex.message_words.intersection(obj):
                action = "notify"  # "a comment letter is sent", "kirim surat pemberitahuan"
            elif action == "forward" and p.rules is not None and \
                    lex.result_words.intersection(obj) and whom != "staff":
                action = "collect"  # "a permit will be mailed"
            elif action == "decide" and p.stem in lex.findings and \
                    self._low(p.end) in _COMPLEMENTS:
                action = "check"  # "has determined that your application is complete"
            elif action in ("forward", "issue", "other") and \
                    lex.number_words.intersection(obj):
                action = "register"  # "assigns a file number", "mencetak nomor pendaftaran"
            elif action == "other" and p.rules is not None and who is None and obj and \
                    obj[-1] in lex.result_words and \
                    self._by_role(p.rules, p.stem, "applicant", whom) == "collect":
                action = "collect"  # "Receive the approved permit": a result received
            elif action == "collect" and self._says(p.start, "photo", "biometrics"):
                action = "enter-data"  # "pengambilan foto": a photograph is taken, not a result
            elif action == "collect" and lex.fee_words.intersection(obj):
                action = "pay" if who == "applicant" else "other"  # "collect the fee"
            if action in ("check", "verify") and self._says(p.start, "on_site"):
                action = "inspect"  # "pemeriksaan lapangan", "cek lokasi": a check on site
            acts.append(Act(action, words, who, whom, purpose))
            objects.append(obj)

    def _light_head(self, st: _State) -> None:
        """A light verb with no action after it ("memberikan tanda terima"): what the
        light verb does by itself, if anything."""
        light = st.light
        assert light is not None
        rules = self.lex.light_roles
        stem = next((b for b in (light.low, light.raw, *sorted(light.bases)) if b in rules),
                    None)
        if stem is not None:
            st.pending.append(_Pending("other", stem, st.light_at, st.light_at + 1,
                                       st.light_passive, rules))
        st.light = None

    def _sentence(self, i: int, acts: list[Act], objects: list[list[str]]
                  ) -> tuple[tuple[str, str] | None, int]:
        """Read from ``i`` to the end of the sentence (a strong separator), adding what it
        does to ``acts`` and ``objects``; return the first subject it names (role and
        words) and where it ends."""
        lex, items = self.lex, self.items
        first: tuple[str, str] | None = None
        subject: str | None = None   # the subject of the sentence so far
        cond = False                 # inside a condition ("jika lengkap", "if complete")
        cond_at_start = False
        cond_words = 0
        cond_verb = False
        cond_acts: list[Act] = []
        in_pp_acts: list[Act] = []
        cond_objects: list[list[str]] = []
        rel = 0   # 1: "yang" seen; 2: its verb taken; 3: a verb may be coordinated to it
        purpose = False  # the clause says what the step is for ("untuk validasi")
        coordinated = False  # ... a purpose joined by "dan", "and" to the one before
        st = _State()
        start_acts = len(acts)
        opening = i          # where the sentence starts: an English verb there is an imperative
        cond_subject: str | None = None  # who acts in its condition: the agent of its passives
        said_other = False   # the main clause's verb names no action ("Accompany ...")

        def close() -> None:
            nonlocal st, subject, first
            if cond:
                self._close(st, cond_acts, cond_objects, subject, purpose)
            else:
                self._close(st, acts, objects, subject, purpose, cond_subject)
            if st.subject and not cond:
                subject = st.subject
                if first is None:
                    first = (st.subject, " ".join(st.subject_words))
            st = _State()

        while i < len(items):
            item = items[i]
            if item == ".":
                break
            if item == ",":
                close()
                cond = cond_at_start = False
                rel = 0
                i += 1
                continue
            if item == "/":
                # "disetujui/ditandatangani", "login / submit": both count; "Camat/Pejabat"
                # names one person
                if st.pending and st.pending[-1].end == i and i + 1 < len(items) and \
                        isinstance(items[i + 1], _Token):
                    span, action, stem = self._action_at(i + 1)
                    if span and action not in (None, NONE):
                        st.pending.append(_Pending(action, stem, i + 1, i + 1 + span,
                                                   items[i + 1].passive, None))
                        i += 1 + span
                        continue
                i += 1
                continue
            if item == "&":
                item = _Token("&", "&", "&", "&", bases=frozenset())
            token = item
            assert isinstance(token, _Token)
            low = token.low
            if low == "&" or low in lex.conjunctions and (
                    low not in ("or", "atau", "for") or self._verb_next(i)
                    or low == "for" and self._purpose_ahead(i)) and not (
                    low == "for" and self._asks_for(i)):
                close()
                purpose = low in _PURPOSES or purpose and low in _COORDINATING
                coordinated = purpose and low in _COORDINATING
                rel = 3 if rel == 2 and low in _COORDINATING else 0
                if cond and not cond_at_start:
                    cond = False
                i += 1
                continue
            if low in lex.conditions:
                if not cond:
                    if st.pending or st.light is not None:
                        close()  # "... is returned to the office after it is recorded"
                    cond, cond_words, cond_verb = True, 0, False
                    cond_at_start = not st.head and not st.pending
                i += 1
                continue
            if low in lex.relatives:
                rel = 1
                i += 1
                continue
            if low in _NEGATIONS:
                st.negated = True
                i += 1
                continue
            if low in _AGENT_WORDS:
                role = self._role_after(i)
                if role:
                    st.agent = role
            if self.english and low == "to" and not st.pending and not st.head and \
                    not st.subject and not st.pre_words and not cond:
                cond, cond_at_start, cond_words, cond_verb = True, True, 0, False
                i += 1  # "To obtain a permit, the applicant shall first file ..."
                continue
            if self.english and low == "to" and i + 1 < len(items) and \
                    isinstance(items[i + 1], _Token) and self._action_at(i + 1)[0]:
                if not cond and st.pre_words and not st.pending and not st.head \
                        and st.light is None:
                    close()  # "Hire professionals to apply ...": what it is for
                    purpose, coordinated, rel = True, False, 0
                st.in_pp = False  # "to review": an infinitive, not a place
                i += 1
                continue
            if low in lex.object_ends and not (st.light is not None and low == "dengan"):
                st.in_pp = True
                if low in _RECIPIENT_WORDS:
                    role = self._role_after(i)
                    if role:
                        st.recipient = role
                i += 1
                continue
            if coordinated and not st.pending and st.light is None and (
                    low in lex.auxiliaries or lex.role_of(low)):
                purpose = coordinated = False  # "... for issue and may be obtained by ..."
            if low in lex.auxiliaries and self.english and not st.aux and \
                    self._heads_subject(st, i):
                st.pre_words.extend(t.stem for t in items[st.pending[0].start:i]
                                    if isinstance(t, _Token))
                st.pending.clear()  # "Review process has begun": a noun before its verb
                st.head = False
            if low in lex.auxiliaries:
                st.aux = True
                st.in_pp = False
                if cond:
                    cond_verb = True
                i += 1
                continue
            if cond:
                cond_words += 1
                if self.english and low in _DETERMINERS and cond_verb and cond_at_start:
                    close()  # "Once the application has been determined a notice is issued"
                    cond = cond_at_start = False
            role = lex.role_of(low)
            if role and cond and cond_subject is None and not st.in_pp and self.english:
                cond_subject = role  # "After the Zoning Department approves the permit, ..."
            if role and cond and cond_at_start and not st.in_pp and (
                    not self.english and cond_words > 1 or self.english and cond_verb):
                close()  # "Apabila dokumen ... sesuai Petugas akan ...": the main clause
                cond = cond_at_start = False
            if role and not cond and not st.in_pp and st.light is None and (
                    not st.head and not st.pending or st.head_verb_without_action):
                if st.head_verb_without_action:
                    close()  # "Dokumen dianggap lengkap Back Office melakukan ..."
                if st.subject is None:
                    st.subject = role
                st.subject_words.append(token.text)
                st.in_subject = True
                i += 1
                continue
            span, action, stem = self._action_at(i)
            if (not span or action == "other") and self.english and st.aux and \
                    st.pre_words and self._be_before(i):
                said = self._passive_phrase(token, st.pre_words)
                if said:
                    span, action, stem = 1, said, token.raw
            if rel in (1, 3):
                rel = 0
                if span or token.verb or self.english and self._content(i):
                    rel = 2  # "yang telah dicetak": describes the object, is not an act
                    i += max(span, 1)
                    continue
            elif rel == 2:
                rel = 0
            if span and action == NONE:
                if not st.head:
                    st.pre_words.extend(t.stem for t in items[i:i + span]
                                        if isinstance(t, _Token))
                if st.light is not None:
                    self._light_head(st)
                    st.head = True
                i += span
                continue
            if span and st.in_subject and not self.english and token.indonesian_noun:
                st.subject_words.append(token.text)  # "Kasi Penetapan", "Loket Pengambilan"
                i += span
                continue
            if span and not self.english and token.indonesian_noun and st.pre_words \
                    and not st.head and st.light is None:
                span = 0  # "hasil pengkajian": a noun describing a noun
            if span == 1 and self.english and self._english_modifier(i):
                span = 0  # "decision notice", "approved plans"
            if span and self.english and token.low.endswith("ed"):
                st.in_pp = False  # "... to the Planning Committee published on ..."
            if span and cond and (st.aux or token.low.endswith("ed")):
                cond_verb = True
            if span and st.in_pp and not token.verb:
                if action != "other" and not cond and st.light is None:
                    # "In an informal meeting, ...": read if nothing else is
                    in_pp_acts.append(Act(action, token.text, None, None))
                span = 0  # "ke alamat email pemohon", "dalam rangka verifikasi"
            if not span and self._is_light(token):
                if (not st.head or st.head_verb_without_action) and st.light is None:
                    st.head = st.head_verb_without_action = False
                    if st.subject == "applicant" and "minta" in token.bases and (
                            token.passive or st.aux and self._be_before(i)):
                        st.light_deferred = True  # "pemohon diminta untuk mengisi ..."
                    st.light, st.light_at = token, i
                    st.light_passive = token.passive or st.aux and self._be_before(i)
                st.in_pp = st.in_subject = False
                i += 1
                continue
            if span:
                st.in_subject = st.in_pp = False
                passive = token.passive or (st.aux and self._be_before(i))
                rules = lex.by_role if stem in lex.by_role and span == 1 else None
                english_noun = self.english and (
                    _english_noun(token) or action == "other"
                    or token.low.endswith("ed") and not st.aux
                    or i > 0 and self._low(i - 1) in _DETERMINERS)  # "the file is sent"
                record = _Pending(action, stem, i, i + span, passive, rules, english_noun)
                if action == "other" and not cond and (
                        token.verb or st.aux or self.english and i == opening):
                    said_other = True
                finite = self.english and (st.aux or token.low.endswith("ed")
                                           and not self._content(i + 1))  # "assessed fees"
                if st.negated:
                    st.negated = False
                    st.head = True
                elif not st.head:
                    st.pending.append(record)
                    st.head = True
                    st.light = None
                elif self.english and finite and st.pending and st.pending[-1].english_noun:
                    st.pending[-1] = record  # "Inspection is scheduled"
                elif token.verb or self.english and st.aux:
                    st.pending.append(record)
                st.aux = False
                i += span
                continue
            # a word that names no action
            st.negated = False
            if token.verb:
                st.in_pp = st.in_subject = False
                if st.light is not None:
                    self._light_head(st)
                if not st.head and not cond:
                    st.head = st.head_verb_without_action = True
            elif st.light is not None and lex.role_of(low) == "staff" and \
                    st.light.raw not in ("beri", "berikan", "give"):
                st.light_deferred = True  # "meminta Kepala Sekretariat untuk memverifikasi"
            elif st.light is not None and self._content(i) and not (
                    self.english and self._action_ahead(i)):
                self._light_head(st)  # "memberikan resi pendaftaran"
                st.head = True
            elif not st.head and not st.in_subject and not st.in_pp and self._content(i):
                st.pre_words.append(token.stem)
            st.aux = False
            i += 1
        close()
        if cond_acts and not said_other and \
                all(a.action == "other" for a in acts[start_acts:]):
            acts.extend(cond_acts)  # "Bila tidak lengkap berkas dikembalikan."
            objects.extend(cond_objects)
        elif len(acts) == start_acts and in_pp_acts:
            acts.append(in_pp_acts[0])
            objects.append([])
        return first, i + 1

    def _verb_next(self, i: int) -> bool:
        """Whether the word after ``i`` names an action or is a verb ("or otherwise
        recorded" goes on; "for review" and "atau ditolak" start a clause)."""
        j = i + 1
        if j >= len(self.items) or not isinstance(self.items[j], _Token):
            return False
        token = self.items[j]
        return bool(token.verb or self._action_at(j)[0] or self._is_light(token))

    def _heads_subject(self, st: _State, i: int) -> bool:
        """Whether the one action read in the clause so far only describes the noun after
        it, the head of the subject of the verb at ``i``: a noun that such words describe
        (``compound_heads``: "Review process has begun", "Plan review fee is paid"; not
        "Payment is made", nor "Check requirements are met")."""
        if len(st.pending) != 1 or st.subject is not None or st.light is not None:
            return False
        start = st.pending[0].end
        head = self.items[i - 1] if i > start else None
        return isinstance(head, _Token) and i - start <= 2 and (
            head.raw in self.lex.compound_heads or head.low in self.lex.compound_heads) \
            and all(self._content(j) and not self.lex.role_of(self.items[j].low)
                    for j in range(start, i))

    def _passive_phrase(self, token: _Token, before: list[str]) -> str | None:
        """The action of a two-word phrase said in the passive, its noun before the verb
        ("an application form must be completed", "the account is created")."""
        for base in token.bases:
            for words, action in self.lex.phrases.get(base, ()):
                if len(words) == 2 and words[1] in before and action != NONE:
                    return action
        return None

    def _asks_for(self, i: int) -> bool:
        """Whether "for" at ``i`` follows a word naming an action that asks or waits for
        what comes next ("apply for approval", "wait for review", "calls for
        inspections"): what follows is its object, not a purpose of the step."""
        if i == 0 or not isinstance(self.items[i - 1], _Token):
            return False
        span, action, stem = self._action_at(i - 1)
        return span > 0 and (action in ("submit", "wait") or stem in self.lex.by_role
                             and action == "notify")  # "calls for inspections"

    def _purpose_ahead(self, i: int) -> bool:
        """Whether "for" at ``i`` says what the step is for: a noun naming an action after
        at most a determiner and one more word ("for a public hearing", "for the approval
        of"), not a thing ("for a permit")."""
        j = i + 1
        while j < len(self.items) and isinstance(self.items[j], _Token) and \
                self.items[j].low in _DETERMINERS:
            j += 1
        for k in (j, j + 1):
            if k < len(self.items) and isinstance(self.items[k], _Token):
                span, action, _ = self._action_at(k)
                if span and action not in (None, NONE, "other"):
                    return True
            if not self._content(k):
                return False
        return False

    def _action_ahead(self, i: int, reach: int = 3) -> bool:
        """Whether an action word follows within ``reach`` content words ("conduct initial
        client meeting")."""
        for j in range(i + 1, min(i + 1 + reach, len(self.items))):
            if not self._content(j):
                return False
            if self._action_at(j)[0]:
                return True
        return False

    def _be_before(self, i: int) -> bool:
        return any(isinstance(t, _Token) and t.low in _ENGLISH_PASSIVE
                   for t in self.items[max(0, i - 3):i])

    @cached_property
    def _system_after(self) -> list[bool]:
        """For every position, whether an application is named from there to the end of
        its sentence (one pass from the right)."""
        out = [False] * (len(self.items) + 1)
        for i in range(len(self.items) - 1, -1, -1):
            item = self.items[i]
            if item == ".":
                out[i] = False
            else:
                out[i] = out[i + 1] or isinstance(item, _Token) and \
                    item.stem in self.lex.system_words
        return out

    def _object(self, start: int) -> list[str]:
        """The object words after an action: up to a separator, a place or recipient
        word, another verb, or a conjunction that does not join two nouns ("formulir dan
        berkas persyaratan" is one object; "for a permit" says what it is for)."""
        lex = self.lex
        out: list[str] = []
        j = start
        while j < len(self.items) and isinstance(self.items[j], _Token):
            token = self.items[j]
            low = token.low
            if low in lex.conjunctions and (low in _COORDINATING or low == "for") and \
                    self._content(j + 1) and not self._verb_next(j):
                j += 1
                continue
            if low in lex.object_ends or low in lex.conjunctions or low in lex.relatives \
                    or low in lex.conditions:
                break
            if token.verb and out:
                break
            if low not in lex.stopwords and token.stem not in lex.stopwords \
                    and low not in lex.auxiliaries and not lex.role_of(low) \
                    and not self._is_marker(token):
                out.append(token.stem)
            j += 1
        return out


def read_sentence(name: str, lexicon: Lexicon, actor: str | None = None,
                  in_system: bool = False) -> Reading:
    """Read one step name or SOP sentence (not cached; see
    :func:`bpmodel.analysis.actions.read_name`). ``actor`` is the role who acts when the
    name does not say; ``in_system`` says the step works in an application."""
    return _Reader(name, lexicon, actor, in_system).read()
