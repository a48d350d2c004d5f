"""How well bpmodel reads real step names: accuracy per language and a confusion table.

Run: python benchmarks/bench_reading.py [--misses] [--held-out-misses] [--lang id|en]

The labelled corpus is tests/data/step-names/ (id.yaml, en.yaml; see its README): step names
and SOP sentences as published, with the actions a reform team would count (main first)
and their object. For each language this prints

- main: the share whose main action is read right (the action a step keeps in the model;
  a name read as naming no action counts as `other`, which is what the model gives it);
- all: the share whose whole set of actions is read right;
- object: the share of the labelled object's words found in the object read;
- unread: names from which no action could be read;

for the published names and, apart, for the few written for the test; then, for the
published English names, apart again the held-out fifth (see :func:`held_out`), on which the
reader was never tuned; then the confusion table of main actions (rows: the label, columns:
what was read) and the time per name.

``--misses`` lists the names read wrong, except the held-out ones: a rule tuned on them
would no longer be measured on names it has not seen (``--held-out-misses`` shows them,
to look at after the tuning is done).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bpmodel.analysis.actions import Lexicon, read_name  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "step-names"
LANGUAGES = ("id", "en")
HOLD_OUT_SEED = "bpmodel-reading-2026"
HOLD_OUT_SHARE = 5  # one name in five


def held_out(text: str, seed: str = HOLD_OUT_SEED) -> bool:
    """Whether a name belongs to the held-out fifth: a fixed-seed random draw from its text,
    so that the split does not change when names are added or reordered.

    >>> held_out("Zoning review"), held_out("Final inspection")
    (True, False)
    >>> held_out("Zoning review", seed="another seed")
    False
    """
    digest = hashlib.sha256(f"{seed}:{text}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % HOLD_OUT_SHARE == 0


@dataclass(frozen=True)
class Result:
    """One labelled name and how it was read."""

    text: str
    lang: str
    written: bool
    expected: tuple[str, ...]
    read: tuple[str, ...]
    object_expected: frozenset[str]
    object_read: frozenset[str]

    @property
    def main(self) -> str:
        """The main action read; a name that names no action counts as ``other``."""
        return self.read[0] if self.read else "other"

    @property
    def main_ok(self) -> bool:
        return self.main == self.expected[0]

    @property
    def all_ok(self) -> bool:
        return set(self.read or ("other",)) == set(self.expected)

    @property
    def object_share(self) -> float:
        if not self.object_expected:
            return 1.0
        return len(self.object_expected & self.object_read) / len(self.object_expected)


def load_entries(lang: str, corpus: Path = CORPUS) -> list[Mapping]:
    """The labelled entries of one language."""
    data = yaml.safe_load((corpus / f"{lang}.yaml").read_text(encoding="utf-8"))
    return [dict(entry, lang=data["lang"]) for entry in data["entries"]]


def read_all(entries: Iterable[Mapping], lexicon: Lexicon | None = None) -> list[Result]:
    """Read every entry (with the actor its source gives, if any)."""
    from bpmodel.analysis.actions import default_lexicon, words_of

    lex = lexicon or default_lexicon()
    out = []
    for entry in entries:
        reading = read_name(entry["text"], lex, actor=entry.get("actor"))
        expected_object = frozenset(lex.canonical(w) for w in words_of(
            str(entry.get("object") or ""), lex) if w not in lex.stopwords)
        out.append(Result(entry["text"], entry["lang"], bool(entry.get("written")),
                          tuple(entry["actions"]), reading.actions, expected_object,
                          frozenset(reading.object)))
    return out


def accuracy(results: list[Result]) -> dict[str, float]:
    """Main-action, all-actions and object scores, and the share left unread."""
    n = len(results) or 1
    return {
        "names": len(results),
        "main": sum(r.main_ok for r in results) / n,
        "all": sum(r.all_ok for r in results) / n,
        "object": sum(r.object_share for r in results) / n,
        "unread": sum(not r.read for r in results) / n,
    }


def confusion(results: list[Result]) -> str:
    """The confusion table of main actions as text."""
    pairs = Counter((r.expected[0], r.read[0] if r.read else "-") for r in results)
    # "-": nothing read (the step counts as other, with a note that it could not be read)
    labels = sorted({a for a, _ in pairs} | {b for _, b in pairs})
    width = max(len(x) for x in labels) + 1
    lines = ["label \\ read".ljust(width + 2) + "".join(x[:6].rjust(7) for x in labels)]
    for a in labels:
        row = "".join((str(pairs[(a, b)]) if pairs[(a, b)] else ".").rjust(7) for b in labels)
        lines.append(a.ljust(width + 2) + row)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true",
                        help="list the names read wrong (the held-out ones left out)")
    parser.add_argument("--held-out-misses", action="store_true",
                        help="list the held-out names read wrong as well")
    parser.add_argument("--lang", choices=LANGUAGES)
    args = parser.parse_args(argv)
    languages = (args.lang,) if args.lang else LANGUAGES
    every = []
    print(f"{'language':10}{'kind':10}{'names':>6}{'main':>8}{'all':>8}{'object':>8}"
          f"{'unread':>8}")
    for lang in languages:
        results = read_all(load_entries(lang))
        every += results
        published = [r for r in results if not r.written]
        kinds = [("published", published), ("written", [r for r in results if r.written])]
        if lang == "en":
            kinds += [("tuning", [r for r in published if not held_out(r.text)]),
                      ("held-out", [r for r in published if held_out(r.text)])]
        for kind, part in kinds:
            if not part:
                continue
            s = accuracy(part)
            print(f"{lang:10}{kind:10}{s['names']:>6}{s['main']:>8.1%}{s['all']:>8.1%}"
                  f"{s['object']:>8.1%}{s['unread']:>8.1%}")
    print()
    print(confusion(every))
    texts = [r.text for r in every]
    start = time.perf_counter()
    rounds = 20
    lex = Lexicon.load()
    for _ in range(rounds):
        lex.forget()  # every name is read again, stems included
        for text in texts:
            read_name(text, lex)
    per_name = (time.perf_counter() - start) / (rounds * len(texts))
    print(f"\n{per_name * 1e3:.3f} ms per name "
          f"{len(texts)} names")
    if args.misses or args.held_out_misses:
        print()
        for r in every:
            if r.lang == "en" and held_out(r.text) and not args.held_out_misses:
                continue
            if not r.main_ok or not r.all_ok:
                mark = "MAIN" if not r.main_ok else "set "
                print(f"{mark} {r.lang} expected {','.join(r.expected):28} read "
                      f"{','.join(r.read) or '-':28} {r.text[:90]}")


if __name__ == "__main__":
    main()
