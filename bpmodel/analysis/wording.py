"""Words and phrases about constraints, as the lexicon lists them, and finding them in text.

The ``constraints`` section of ``bpmodel/data/lexicon.yaml`` lists, in English and Bahasa
Indonesia, the words that say a step needs someone in person or happens on site, that it
collects a result, which issuers keep no government register, which systems are registers
and how high a rule is. This module reads that section once and answers whether a text
mentions one of the entries; presence, legal levels and registers use it.

>>> mentions("Penandatanganan akta di hadapan PPAT", "in_person")
True
>>> mentions("Pemeriksaan lapangan", "on_site"), mentions("Upload the site plan", "on_site")
(True, False)
>>> first_group("UU 28/2002 tentang Bangunan Gedung", "legal_levels")
'law'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache

from .actions import default_lexicon

_WORD = re.compile(r"[^\W\d_]+")
Phrase = tuple[str, ...]


def constraint_words() -> Mapping[str, object]:
    """The ``constraints`` section of the bundled lexicon: each list as phrases (tuples of
    words), each mapping (``stages``, ``legal_levels``) as name -> phrases, in file order.
    It is the lexicon's own reading of the section (:attr:`Lexicon.constraints`): the
    reader of names and the constraints use the same words."""
    return default_lexicon().constraints


def forms(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of ``text`` as written (lower case) and as their stems; numbers and
    punctuation dropped.

    >>> forms("Pemeriksaan lapangan")
    (('pemeriksaan', 'lapangan'), ('periksa', 'lapangan'))
    """
    return _forms(tuple(_WORD.findall(text.lower())))


@lru_cache(maxsize=65536)
def _forms(raw: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    lex = default_lexicon()
    return raw, tuple(lex.stem(w) for w in raw)


def find(text: str, phrases: tuple[Phrase, ...]) -> list[Phrase]:
    """The phrases that occur in ``text`` (as written or as stems): from the left, the
    longest phrase starting at each word, each word used by one phrase at most.

    >>> find("Regional regulation on building", (("regulation",), ("regional", "regulation")))
    [('regional', 'regulation')]
    """
    return _find(text, _by_first_word(phrases))


def _by_first_word(phrases: tuple[Phrase, ...]) -> dict[str, tuple[Phrase, ...]]:
    index: dict[str, list[Phrase]] = {}
    for phrase in sorted(set(phrases), key=len, reverse=True):
        if phrase:
            index.setdefault(phrase[0], []).append(phrase)
    return {word: tuple(found) for word, found in index.items()}


def _find(text: str, index: dict[str, tuple[Phrase, ...]]) -> list[Phrase]:
    return _find_in(forms(text), index)


def _find_in(both: tuple[tuple[str, ...], ...], index: dict[str, tuple[Phrase, ...]]
             ) -> list[Phrase]:
    found: list[Phrase] = []
    for words in both:
        i = 0
        while i < len(words):
            match = next((p for p in index.get(words[i], ())
                          if words[i:i + len(p)] == p), None)
            if match is None:
                i += 1
                continue
            found.append(match)
            i += len(match)
    return list(dict.fromkeys(found))


@cache
def _index(key: str) -> dict[str, tuple[Phrase, ...]]:
    table = constraint_words()[key]
    if isinstance(table, Mapping):
        return _by_first_word(tuple(p for phrases in table.values() for p in phrases))
    return _by_first_word(table)


def mentions(text: str | None, key: str) -> bool:
    """Whether ``text`` mentions an entry of the list ``key`` of the constraints section
    (texts that differ only in numbers give the same answer, found once)."""
    return bool(text) and _mentions(tuple(_WORD.findall(text.lower())), key)


@lru_cache(maxsize=65536)
def _mentions(raw: tuple[str, ...], key: str) -> bool:
    return bool(_find_in(_forms(raw), _index(key)))


@lru_cache(maxsize=65536)
def _groups(raw: tuple[str, ...], key: str) -> tuple[str, ...]:
    table = constraint_words()[key]
    assert isinstance(table, Mapping), key
    hits = set(_find_in(_forms(raw), _index(key)))
    return tuple(name for name, phrases in table.items() if hits & set(phrases))


def groups(text: str | None, key: str) -> list[str]:
    """The names of the groups of the mapping ``key`` (``stages``, ``legal_levels``) that
    ``text`` mentions, in the order of the file."""
    return list(_groups(tuple(_WORD.findall(text.lower())), key)) if text else []


def first_group(text: str | None, key: str) -> str | None:
    """The first group (in file order) of the mapping ``key`` that ``text`` mentions."""
    named = groups(text, key)
    return named[0] if named else None
