"""Reading step names: the action a name describes and the words it acts on.

When a step has no ``action``, bpmodel infers it from the step name, in English and
Bahasa Indonesia, using the lexicon in ``bpmodel/data/lexicon.yaml`` (plain data,
documented at its top). Words are reduced to stems first (case, punctuation, English
endings, Indonesian affixes such as ``mem-``, ``pe-...-an``, ``di-``, ``-kan``), so that
``pemeriksaan``, ``diperiksa`` and ``periksa`` read alike.

>>> read_name("Pemeriksaan keabsahan sertifikat tanah")
Reading(action='verify', object=('certificate', 'land'), markers=frozenset())
>>> infer_action("Menyetujui draf SK"), infer_action("Draft approval decree")
('approve', 'other')
>>> alike("Verifikasi sertifikat tanah", "Pemeriksaan keabsahan sertifikat tanah")
True
>>> alike("Verify land title", "Verify site plan")
False
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from ..model import ACTIONS, Step

LEXICON_PATH = Path(__file__).resolve().parent.parent / "data" / "lexicon.yaml"
_WORD = re.compile(r"[^\W\d_]+")
_MIN_STEM = 3


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
    _stems: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

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
            if action not in ACTIONS:
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
        stopwords = frozenset(_words(data.get("stopwords"), "stopwords"))
        object_ends = frozenset(_words(data.get("object_ends"), "object_ends"))
        known = (set(actions) | {w for words, _ in phrases for w in words} | stopwords
                 | object_ends | set(synonyms) | set(synonyms.values())
                 | {w for words in markers.values() for w in words})
        return cls(
            actions=MappingProxyType(actions),
            phrases=MappingProxyType({w: tuple(p) for w, p in by_first.items()}),
            stopwords=stopwords,
            object_ends=object_ends,
            markers=MappingProxyType(markers),
            synonyms=MappingProxyType(synonyms),
            english_suffixes=english_suffixes,
            indonesian_suffixes=tuple(_words(indonesian.get("suffixes"),
                                             "indonesian.suffixes")),
            indonesian_prefixes=tuple(prefixes),
            known=frozenset(known),
        )

    def stem(self, word: str) -> str:
        """The known stem of a lower-case word, or the word itself (minus a plural -s).

        >>> lex = default_lexicon()
        >>> [lex.stem(w) for w in ("pemeriksaan", "menyetujui", "pengiriman", "inspections")]
        ['periksa', 'setuju', 'kirim', 'inspect']
        >>> lex.stem("kantor"), lex.stem("offices")
        ('kantor', 'office')
        """
        cached = self._stems.get(word)
        if cached is not None:
            return cached
        found = next((c for c in self._candidates(word) if c in self.known), None)
        if found is None:
            found = word
            if len(word) > _MIN_STEM and word.endswith("s") and not word.endswith(
                    ("ss", "us", "is")):
                found = word[:-1]
        self._stems[word] = found
        return found

    def _candidates(self, word: str) -> Iterator[str]:
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

    def canonical(self, stem: str) -> str:
        """The word that stands for ``stem`` when names are compared (its synonym)."""
        return self.synonyms.get(stem, stem)


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


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The bundled lexicon, read once."""
    return Lexicon.load()


@dataclass(frozen=True, slots=True)
class Reading:
    """What a name says: its action (None if no word names one), the object words it acts
    on (canonical stems, stopwords and places left out) and markers such as ``again``."""

    action: str | None
    object: tuple[str, ...]
    markers: frozenset[str]


def words_of(text: str, lexicon: Lexicon | None = None) -> list[str]:
    """The stems of the words of ``text``, in order (digits and punctuation dropped).

    >>> words_of("Re-enter the data (SIMBG)")
    ['re', 'enter', 'the', 'data', 'simbg']
    """
    lex = lexicon or default_lexicon()
    return [lex.stem(w) for w in _WORD.findall(text.lower())]


def read_name(name: str, lexicon: Lexicon | None = None) -> Reading:
    """Read a step name: its action, the words of its object and its markers.

    The action is the first word or phrase from the left that names one; the object is
    every other word up to a place or recipient (``at``, ``to``, ``ke``, ``kepada`` ...).

    >>> read_name("Verify land title with land office")
    Reading(action='verify', object=('land', 'title'), markers=frozenset())
    >>> read_name("Periksa ulang berkas")
    Reading(action='check', object=('document',), markers=frozenset({'again'}))
    >>> read_name("Field inspection of the plot").action
    'inspect'
    """
    lex = lexicon or default_lexicon()
    stems = words_of(name, lex)
    action: str | None = None
    objects: list[str] = []
    markers: set[str] = set()
    i = 0
    while i < len(stems):
        word = stems[i]
        span, named = _action_at(stems, i, lex)
        if span:
            if action is None:
                action = named
            else:
                objects.extend(lex.canonical(w) for w in stems[i:i + span])
            i += span
            continue
        marked = [m for m, words in lex.markers.items() if word in words]
        if marked:
            markers.update(marked)
        elif word in lex.object_ends and (objects or action):
            break
        elif word not in lex.stopwords and word not in lex.object_ends:
            objects.append(lex.canonical(word))
        i += 1
    return Reading(action, tuple(dict.fromkeys(objects)), frozenset(markers))


def _action_at(stems: list[str], i: int, lex: Lexicon) -> tuple[int, str | None]:
    """How many words at position ``i`` name an action, and which (0 if none)."""
    word = stems[i]
    for words, action in lex.phrases.get(lex.canonical(word), ()):
        if tuple(lex.canonical(w) for w in stems[i:i + len(words)]) == words:
            return len(words), action
    if word in lex.actions:
        return 1, lex.actions[word]
    if word.startswith("re") and len(word) > 4:  # recheck, reverify, reissue
        rest = lex.stem(word[2:])
        if rest in lex.actions:
            return 1, lex.actions[rest]
    return 0, None


def infer_action(name: str, lexicon: Lexicon | None = None) -> str:
    """The action a name describes, ``other`` when no word of it names one.

    >>> infer_action("Pembayaran retribusi"), infer_action("Serahkan berkas ke loket")
    ('pay', 'submit')
    >>> infer_action("Tanda tangan SK oleh Bupati"), infer_action("Lunch")
    ('sign', 'other')
    """
    return read_name(name, lexicon).action or "other"


def action_of(step: Step, lexicon: Lexicon | None = None) -> str | None:
    """A task's action: the one given, else inferred from its name. None for gateways and
    events, which do no work.

    >>> from bpmodel.model import Step
    >>> action_of(Step("a", "Kirim berkas ke dinas")), action_of(Step("b", "B", action="sign"))
    ('forward', 'sign')
    """
    if not step.is_task:
        return None
    return step.action or infer_action(step.name, lexicon)


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
