"""Which numbered round or stage a step's name says it is: "Site inspection 2", "Verifikasi
berkas tahap II", "Check land title (second)", "Pemeriksaan lapangan ke-2".

A number in a name says the repeat is by design: a later construction stage, a second
level of review. Two steps numbered differently are not duplicates of each other, however
alike the rest of their names reads (duplicate-step and policy-overlap pair only steps of
one round). A name without a number is the first round.

Read as numbers: English ordinals (first..tenth, 1st, 2nd), Indonesian ones after the noun
("pemeriksaan kedua"; before a noun "kedua" means both: "kedua dokumen"), "ke-2", a
number or a Roman numeral after a word of stages (tahap, stage, phase, round, level,
putaran, termin...), and a number or Roman numeral ending the name. Not read: list
numbers ("1. Submit", "Step 3 check", "No. 4"), amounts ("Rp 50.000"), numbers
inside a name ("Check 2 documents") and third parties ("pihak ketiga", "3rd party").

>>> instance_number("Site inspection 2"), instance_number("Verifikasi berkas tahap II")
(2, 2)
>>> instance_number("Pemeriksaan lapangan kedua"), instance_number("Verifikasi kedua dokumen")
(2, None)
>>> instance_number("Step 3 check the land title"), instance_number("Check 2 documents")
(None, None)
>>> instance_number("Verifikasi oleh pihak ketiga"), instance_number("Publish on 3rd party sites")
(None, None)
>>> instance_number("Check land title (first)"), instance_number("Check land title")
(1, None)
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)

ENGLISH_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5,
                    "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10}
INDONESIAN_ORDINALS = {"pertama": 1, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5,
                       "keenam": 6, "ketujuh": 7, "kedelapan": 8, "kesembilan": 9,
                       "kesepuluh": 10}
# after an Indonesian ordinal, these words still leave it an ordinal of the noun before
# ("pemeriksaan kedua oleh tim teknis"); any other word makes it "both" ("kedua dokumen")
_AFTER_ORDINAL = {"oleh", "di", "pada", "ke", "dari", "untuk", "dan", "atas", "terhadap",
                  "dengan", "by", "at", "of"}
_PARTY = {"party", "parties", "pihak"}
STAGE_WORDS = {"tahap", "tahapan", "stage", "phase", "round", "level", "putaran", "termin",
               "gelombang", "sesi", "session", "part", "bagian", "batch", "ke", "visit",
               "kunjungan", "inspection", "inspeksi", "pemeriksaan"}
# a number after these words is a list number, not a round
_LIST_WORDS = {"step", "langkah", "no", "nomor", "nomer", "number", "item", "butir",
               "kegiatan", "activity", "task", "rp", "idr", "usd"}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8,
          "ix": 9, "x": 10}
_ORDINAL_SUFFIX = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)$")
HIGHEST = 20  # larger numbers ending a name are amounts or codes, not rounds


def _number(token: str, roman: bool) -> int | None:
    """The round a number token gives (1 to HIGHEST), or None."""
    if token.isdigit():
        value = int(token)
        return value if 1 <= value <= HIGHEST else None
    return _ROMAN.get(token) if roman else None


@lru_cache(maxsize=65536)
def instance_number(name: str | None) -> int | None:
    """The round or stage ``name`` says its step is (1 for "first"), or None when the
    name carries no such number."""
    if not name:
        return None
    tokens = _TOKEN.findall(name.lower())
    for i, token in enumerate(tokens):
        before = tokens[i - 1] if i else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        if after in _PARTY or before in _PARTY:
            continue  # a third party ("pihak ketiga") is someone, not a round
        if token in ENGLISH_ORDINALS:
            return ENGLISH_ORDINALS[token]
        if (found := _ORDINAL_SUFFIX.match(token)) and 1 <= int(found[1]) <= HIGHEST:
            return int(found[1])
        if token in INDONESIAN_ORDINALS and i > 0 and (after is None or after in _AFTER_ORDINAL):
            return INDONESIAN_ORDINALS[token]
        if before in STAGE_WORDS and before not in _LIST_WORDS \
                and (value := _number(token, roman=True)) is not None:
            return value
    if len(tokens) > 1 and tokens[-2] not in _LIST_WORDS:
        # one-letter numerals ending a name are names more often ("Form X", "Annex V")
        return _number(tokens[-1], roman=len(tokens[-1]) > 1)
    return None

