"""The lexicon: the words bpmodel knows when it reads step names, and how it finds them.

``bpmodel/data/lexicon.yaml`` is plain data (documented at its top): the words of each
action, phrases, the words whose action depends on who acts, subjects, light verbs,
conditions, synonyms, and the affixes of both languages. :class:`Lexicon` loads it and
reduces words to the stems it lists; :mod:`bpmodel.analysis.sentences` reads sentences with
it.

>>> lex = default_lexicon()
>>> lex.stem("pemeriksaan"), lex.stem("penandatanganan"), lex.stem("inspections")
('periksa', 'tandatangan', 'inspect')
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from ..model import ACTIONS

T = TypeVar("T")
_MISSING = object()
Phrase = tuple[str, ...]

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "lexicon.yaml"
WORD = re.compile(r"[^\W\d_]+")
_MIN_STEM = 3
ROLES = ("applicant", "staff", "system")
NONE = "none"  # the phrases that name no action ("tanda terima" is a receipt)


@dataclass(frozen=True)
class Lexicon:
    """The words bpmodel knows, read from a lexicon file (see ``data/lexicon.yaml``)."""

    actions: Mapping[str, str]
    phrases: Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]  # by first word
    stopwords: frozenset[str]
    object_ends: frozenset[str]
    markers: Mapping[str, frozenset[str]]
    synonyms: Mapping[str, str]
    english_suffixes: tuple[tuple[str, str], ...]
    indonesian_suffixes: tuple[str, ...]
    indonesian_prefixes: tuple[tuple[str, tuple[str, ...]], ...]
    known: frozenset[str] = field(repr=False)
    by_role: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict,
                                                               repr=False)
    light_verbs: frozenset[str] = frozenset()
    light_roles: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict,
                                                                   repr=False)
    subjects: Mapping[str, str] = field(default_factory=dict, repr=False)  # word -> role
    # subjects of several words ("kepala keluarga"), by their first word, longest first
    subject_phrases: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict,
                                                                       repr=False)
    conditions: frozenset[str] = frozenset()
    conjunctions: frozenset[str] = frozenset()
    auxiliaries: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()
    system_words: frozenset[str] = frozenset()
    data_in_system: frozenset[str] = frozenset()
    message_words: frozenset[str] = frozenset()
    result_words: frozenset[str] = frozenset()
    number_words: frozenset[str] = frozenset()
    fee_words: frozenset[str] = frozenset()
    english_only: frozenset[str] = frozenset()
    indonesian_markers: frozenset[str] = frozenset()
    compound_heads: frozenset[str] = frozenset()
    findings: frozenset[str] = frozenset()
    # the ``constraints`` section: each list as phrases, each mapping (``stages``,
    # ``legal_levels``) as name -> phrases, in file order
    constraints: Mapping[str, tuple[Phrase, ...] | Mapping[str, tuple[Phrase, ...]]] = field(
        default_factory=dict, repr=False)
    _stems: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _forms: dict[str, tuple[str, str, frozenset[str]]] = field(
        default_factory=dict, repr=False, compare=False)
    _readings: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Lexicon:
        """Read a lexicon file (the bundled one when ``path`` is None)."""
        import yaml

        text = Path(path or LEXICON_PATH).read_text(encoding="utf-8")
        return cls.from_data(yaml.safe_load(text))

    @classmethod
    def from_data(cls, data: Mapping) -> Lexicon:
        """Build a lexicon from its parsed YAML; ValueError says what is malformed."""
        if not isinstance(data, Mapping):
            raise ValueError("a lexicon is a mapping with the key 'actions'")
        actions: dict[str, str] = {}
        for action, words in _mapping(data, "actions").items():
            if action not in ACTIONS:
                raise ValueError(f"lexicon actions: {action!r} is not an action; the "
                                 f"vocabulary is {', '.join(ACTIONS)}")
            for word in _words(words, f"actions.{action}"):
                actions.setdefault(word, action)
        synonyms: dict[str, str] = {}
        for canonical, words in _mapping(data, "synonyms").items():
            for word in _words(words, f"synonyms.{canonical}"):
                synonyms[word] = str(canonical)
        phrases = []
        for action, entries in _mapping(data, "phrases").items():
            if action not in ACTIONS and action != NONE:
                raise ValueError(f"lexicon phrases: {action!r} is not an action")
            for entry in entries or ():
                words = tuple(synonyms.get(w, w) for w in _words(entry, f"phrases.{action}"))
                phrases.append((words, action))
        phrases.sort(key=lambda item: -len(item[0]))
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for words, action in phrases:
            by_first.setdefault(words[0], []).append((words, action))
        markers = {name: frozenset(_words(words, f"markers.{name}"))
                   for name, words in _mapping(data, "markers").items()}
        english = _mapping(data, "english")
        indonesian = _mapping(data, "indonesian")
        english_suffixes = tuple((str(end), str(new or ""))
                                 for end, new in english.get("suffixes") or ())
        prefixes = sorted(((str(p), tuple(str(r or "") for r in restores))
                           for p, restores in (indonesian.get("prefixes") or {}).items()),
                          key=lambda item: -len(item[0]))
        subjects: dict[str, str] = {}
        for role, words in _mapping(data, "subjects").items():
            if role not in ROLES:
                raise ValueError(f"lexicon subjects: {role!r} is not a role; the roles are "
                                 f"{', '.join(ROLES)}")
            for word in _words(words, f"subjects.{role}"):
                subjects.setdefault(word, str(role))
        subject_phrases: dict[str, list[tuple[str, ...]]] = {}
        for word in subjects:
            if len(parts := tuple(word.split())) > 1:
                subject_phrases.setdefault(parts[0], []).append(parts)
        lists = {key: frozenset(_words(data.get(key), key)) for key in (
            "stopwords", "object_ends", "light_verbs", "conditions", "conjunctions",
            "auxiliaries", "relatives", "system_words", "data_in_system", "message_words",
            "result_words", "number_words", "fee_words", "english_only",
            "indonesian_markers", "compound_heads", "findings")}
        by_role = _role_rules(data, "by_role")
        light_roles = _role_rules(data, "light_roles")
        known = (set(actions) | {w for words, _ in phrases for w in words}
                 | lists["stopwords"] | lists["object_ends"] | set(synonyms)
                 | set(synonyms.values()) | {w for words in markers.values() for w in words}
                 | lists["light_verbs"] | set(subjects))
        lexicon = cls(
            actions=MappingProxyType(actions),
            phrases=MappingProxyType({w: tuple(p) for w, p in by_first.items()}),
            stopwords=lists["stopwords"],
            object_ends=lists["object_ends"],
            markers=MappingProxyType(markers),
            synonyms=MappingProxyType(synonyms),
            english_suffixes=english_suffixes,
            indonesian_suffixes=tuple(_words(indonesian.get("suffixes"),
                                             "indonesian.suffixes")),
            indonesian_prefixes=tuple(prefixes),
            known=frozenset(known),
            by_role=MappingProxyType(by_role),
            light_verbs=lists["light_verbs"],
            light_roles=MappingProxyType(light_roles),
            subjects=MappingProxyType(subjects),
            subject_phrases=MappingProxyType({
                first: tuple(sorted(found, key=len, reverse=True))
                for first, found in subject_phrases.items()}),
            conditions=lists["conditions"],
            conjunctions=lists["conjunctions"],
            auxiliaries=lists["auxiliaries"],
            relatives=lists["relatives"],
            system_words=lists["system_words"],
            data_in_system=lists["data_in_system"],
            message_words=lists["message_words"],
            result_words=lists["result_words"],
            number_words=lists["number_words"],
            fee_words=lists["fee_words"],
            english_only=lists["english_only"],
            indonesian_markers=lists["indonesian_markers"],
            compound_heads=lists["compound_heads"],
            findings=lists["findings"],
            constraints=MappingProxyType(_constraints(data)),
        )
        # the objects read are stems: "notification" is read as notify
        return replace(lexicon, **{key: words | {lexicon.canonical(lexicon.stem(w))
                                                 for w in words}
                                   for key, words in (("message_words", lexicon.message_words),
                                                      ("result_words", lexicon.result_words),
                                                      ("fee_words", lexicon.fee_words))})

    def stem(self, word: str) -> str:
        """The known stem of a lower-case word, or the word itself (minus a plural -s, or
        -es after x, ch, sh, ss and z: boxes, addresses).

        >>> lex = default_lexicon()
        >>> [lex.stem(w) for w in ("pemeriksaan", "menyetujui", "pengiriman", "inspections")]
        ['periksa', 'setuju', 'kirim', 'inspect']
        >>> lex.stem("kantor"), lex.stem("offices"), lex.stem("penandatanganan")
        ('kantor', 'office', 'tandatangan')
        >>> lex.stem("boxes"), lex.stem("addresses"), lex.stem("licences")
        ('box', 'address', 'licence')
        """
        cached = self._stems.get(word)
        if cached is not None:
            return cached
        found = next((c for c in self.candidates(word) if c in self.known), None)
        if found is None:
            found = word
            if len(word) > _MIN_STEM and word.endswith(_ES_PLURALS):
                found = word[:-2]
            elif len(word) > _MIN_STEM and word.endswith("s") and not word.endswith(
                    ("ss", "us", "is")):
                found = word[:-1]
        self._stems[word] = found
        return found

    def candidates(self, word: str) -> Iterator[str]:
        """Every form a word may have once affixes are taken off, the word itself first."""
        yield word
        yield from self._unsuffixed(word, rounds=2)
        bare = [word] + [word[:-len(s)] for s in self.indonesian_suffixes
                         if word.endswith(s) and len(word) - len(s) >= _MIN_STEM]
        yield from bare[1:]
        for form in bare:
            yield from self._unprefixed(form, rounds=2)

    def _unsuffixed(self, word: str, rounds: int) -> Iterator[str]:
        for end, new in self.english_suffixes:
            if word.endswith(end) and len(word) - len(end) + len(new) >= _MIN_STEM:
                candidate = word[:-len(end)] + new
                yield candidate
                if rounds > 1:
                    yield from self._unsuffixed(candidate, rounds - 1)

    def _unprefixed(self, word: str, rounds: int) -> Iterator[str]:
        for prefix, restores in self.indonesian_prefixes:
            if not word.startswith(prefix):
                continue
            rest = word[len(prefix):]
            for letter in restores:
                candidate = letter + rest
                if len(candidate) < _MIN_STEM:
                    continue
                yield candidate
                if rounds > 1:
                    yield from self._unprefixed(candidate, rounds - 1)

    def forms(self, word: str) -> tuple[str, str, frozenset[str]]:
        """A lower-case word's stem, its shortest known stem, and every known stem it may
        have (with their synonyms), read once.

        >>> default_lexicon().forms("memberikan")[:2]
        ('memberikan', 'beri')
        """
        found = self._forms.get(word)
        if found is None:
            stem = self.stem(word)
            known = [c for c in self.candidates(word) if c in self.known]
            shortest = min(known, key=len, default=stem)
            bases = frozenset(known) | {self.canonical(c) for c in known} | {
                self.canonical(stem)}
            found = self._forms[word] = (stem, shortest, bases)
        return found

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """What ``compute`` gives for ``key``, computed once for this lexicon (names are
        read once per run)."""
        found = self._readings.get(key, _MISSING)
        if found is _MISSING:
            found = self._readings[key] = compute()
        return found

    def forget(self) -> None:
        """Forget the stems and names read so far (they are cached; for measuring)."""
        self._stems.clear()
        self._forms.clear()
        self._readings.clear()

    def canonical(self, stem: str) -> str:
        """The word that stands for ``stem`` when names are compared (its synonym)."""
        return self.synonyms.get(stem, stem)

    def constraint_phrases(self, key: str) -> tuple[Phrase, ...]:
        """Every phrase of the ``constraints`` list (or mapping) ``key``, as tuples of words.

        >>> ("sidik", "jari") in default_lexicon().constraint_phrases("biometrics")
        True
        """
        table = self.constraints.get(key, ())
        if isinstance(table, Mapping):
            return tuple(p for phrases in table.values() for p in phrases)
        return tuple(table)

    def says(self, words: Sequence[str], key: str) -> bool:
        """Whether one of the phrases of the ``constraints`` list ``key`` occurs in
        ``words`` (lower-case words, as written), as written or as stems.

        >>> lex = default_lexicon()
        >>> lex.says(["pemeriksaan", "lapangan"], "on_site"), lex.says(["cek", "berkas"], "on_site")
        (True, False)
        """
        stems = [self.stem(w) for w in words]
        return any(seq[i:i + len(p)] == list(p) for p in self.constraint_phrases(key)
                   for seq in (list(words), stems) for i in range(len(seq)) if seq[i] == p[0])

    def role_of(self, word: str) -> str | None:
        """The role (applicant, staff, system) a lower-case word names, or None.

        >>> lex = default_lexicon()
        >>> lex.role_of("pemohon"), lex.role_of("petugas"), lex.role_of("permohonan")
        ('applicant', 'staff', None)
        """
        return self.subjects.get(word) or self.subjects.get(self.stem(word))


_ES_PLURALS = ("xes", "ches", "shes", "sses", "zzes")   # their plural adds -es, not -s


def _mapping(data: Mapping, key: str) -> Mapping:
    value = data.get(key) or {}
    if not isinstance(value, Mapping):
        raise ValueError(f"lexicon {key}: expected a mapping")
    return value


def _words(values, where: str) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise ValueError(f"lexicon {where}: expected a list of words")
    words = []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"lexicon {where}: {value!r} is not a word")
        words.append(value.strip().lower())
    return words


def _constraints(data: Mapping) -> dict[str, object]:
    """The ``constraints`` section: each entry split into its words (a phrase)."""
    out: dict[str, object] = {}
    for key, value in _mapping(data, "constraints").items():
        if isinstance(value, Mapping):
            out[str(key)] = MappingProxyType({str(name): tuple(_phrase(p) for p in entries or ())
                                              for name, entries in value.items()})
        else:
            out[str(key)] = tuple(_phrase(p) for p in _words(value, f"constraints.{key}"))
    return out


def _phrase(entry: object) -> Phrase:
    return tuple(WORD.findall(str(entry).lower()))


def _role_rules(data: Mapping, key: str) -> dict[str, tuple[tuple[str, str], ...]]:
    """``word: [[pattern, action], ...]`` with patterns ``subject>recipient``."""
    out: dict[str, tuple[tuple[str, str], ...]] = {}
    for word, rules in _mapping(data, key).items():
        parsed = []
        for rule in rules or ():
            if not isinstance(rule, list) or len(rule) != 2:
                raise ValueError(f"lexicon {key}.{word}: a rule is [pattern, action]")
            pattern, action = str(rule[0]), str(rule[1])
            if action not in ACTIONS:
                raise ValueError(f"lexicon {key}.{word}: {action!r} is not an action")
            who, _, whom = pattern.partition(">")
            for part in (who, whom or "*"):
                if part not in (*ROLES, "*", "-"):
                    raise ValueError(f"lexicon {key}.{word}: {pattern!r} names no role")
            parsed.append((pattern, action))
        out[str(word).lower()] = tuple(parsed)
    return out


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The bundled lexicon, read once."""
    return Lexicon.load()
