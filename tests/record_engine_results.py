"""Record what the simplify engine decides, for ``tests/test_engine_reference.py``.

The test compares the engine against these recorded results: the change log (rewrite,
steps, what, why, finding, gain, assumed facts, instrument), the variant (as the YAML
writer writes it), the measures after and the proposals not done, at ``safe`` and
``bold``; the ranking of the rewrites; and the missing producers of a few processes.
The inputs are every process the project ships (``processes/``, the bundled one, the
examples and test processes under ``tests/data/``), generated processes
(:func:`benchmarks.generate.generate_process`) and processes drawn once from the
property tests' strategy (kept as YAML in the recording, so they never change).

Re-record ONLY when the engine is meant to decide differently (a new or changed
rewrite, guard, rule or message, or a changed input file), never to make a speed-up
pass: a speed-up must give the recorded results unchanged. Run from the checkout::

    python tests/record_engine_results.py            # rewrite tests/data/engine/*.json
    python tests/record_engine_results.py --check    # compare only, exit 1 on a difference

and review the diff of ``tests/data/engine/`` before committing it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "data" / "engine"
RESULTS = OUT / "results.json"
DRAWN = OUT / "drawn-processes.json"

# generated processes (size, seed) and the number drawn from the property strategy
GENERATED = ((60, 1), (90, 2), (120, 3), (150, 1), (200, 5))
DRAWN_COUNT = 24
RANKED_GENERATED = ((120, 3), (200, 5))
PRODUCER_SEEDS = (1, 2, 3, 4)
LEVELS = ("safe", "bold")


def input_files() -> list[Path]:
    """Every process file the project ships that the engine can simplify, by name."""
    import bpmodel

    files = [Path(bpmodel.default_process_path()),
             *sorted((ROOT / "processes").glob("*.yaml")),
             *sorted((HERE / "data" / "spec" / "examples").glob("*.yaml")),
             *sorted((HERE / "data" / "i18n").glob("*.yaml")),
             *sorted((HERE / "data" / "reforms").glob("*.yaml")),
             *sorted((HERE / "data" / "trust").glob("*.yaml"))]
    return files


def file_key(path: Path) -> str:
    """The name of a file in the recording: its path from the checkout.

    >>> file_key(ROOT / "processes" / "x.yaml")
    'processes/x.yaml'
    """
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.name


def plain(value):
    """Tuples as lists, mappings with string keys: what JSON gives back.

    >>> plain({"a": (1, (2, 3))})
    {'a': [1, [2, 3]]}
    """
    return json.loads(json.dumps(value, sort_keys=True, default=list))


def variant_record(variant) -> dict:
    """What the test compares of one simplification. The variant's YAML is hashed
    without ``merged_from`` (where merged steps went, added after these results were
    recorded): the engine decides the same with or without it, and
    ``tests/test_merged_from.py`` checks it against the change log on these inputs."""
    from dataclasses import replace

    from bpmodel.io.yaml import dumps_yaml

    process = variant.process.evolve(steps=tuple(
        replace(s, merged_from=()) if s.merged_from else s for s in variant.process.steps))
    text = dumps_yaml(process)
    return plain({
        "changes": [[c.rewrite, c.steps, c.what, c.why, c.finding, c.gain, c.assumed,
                     c.instrument, c.legal_basis, c.assumption] for c in variant.changes],
        "after": variant.after,
        "unchanged": variant.unchanged,
        "stopped_early": variant.stopped_early,
        "steps": len(variant.process.steps),
        "variant_sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    })


def ranking_record(ranking) -> list:
    return plain([[name, gain] for name, gain in ranking])


def generated_key(size: int, seed: int) -> str:
    return f"generated-{size}-seed-{seed}"


def producer_case(seed: int):
    """A generated process where some steps need what they (or they and others) make and
    some need what comes later, with loops and jumps across blocks."""
    from benchmarks.generate import generate_process

    process = generate_process(300, seed=seed, jumps=0.3)
    steps = tuple(replace(s, needs=(*s.needs, *s.produces, "doc1", "doc7")) if i % 7 == 0
                  else s for i, s in enumerate(process.steps))
    return process.evolve(steps=steps)


def draw_processes(count: int) -> list[str]:
    """``count`` processes drawn from the property tests' strategy, as YAML."""
    from hypothesis import HealthCheck, given, seed, settings

    sys.path.insert(0, str(HERE))
    from test_simplify_properties import processes

    from bpmodel.io.yaml import dumps_yaml

    drawn: list[str] = []

    @seed(19)
    @settings(max_examples=count, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(processes())
    def collect(process):
        text = dumps_yaml(process)
        if text not in drawn:
            drawn.append(text)

    collect()
    return drawn


def record(drawn: list[str]) -> dict:
    """The results of the current engine on every input."""
    sys.path.insert(0, str(ROOT))
    import bpmodel
    from benchmarks.generate import generate_process
    from bpmodel.io.yaml import loads_yaml
    from bpmodel.simplify.engine import rank_rewrites, simplify
    from bpmodel.simplify.guards import missing_producers

    cases = {file_key(p): bpmodel.load_process(p) for p in input_files()}
    cases.update({generated_key(size, seed): generate_process(size, seed=seed)
                  for size, seed in GENERATED})
    cases.update({f"drawn-{i}": loads_yaml(text).process for i, text in enumerate(drawn)})
    simplified = {key: {level: variant_record(simplify(process, level)) for level in LEVELS}
                  for key, process in cases.items()}
    ranked = [file_key(Path(bpmodel.default_process_path())), *sorted(
        file_key(p) for p in (ROOT / "processes").glob("*.yaml")),
        *(generated_key(size, seed) for size, seed in RANKED_GENERATED)]
    ranking = {key: ranking_record(rank_rewrites(cases[key])) for key in ranked}
    producers = {str(seed): plain(missing_producers(producer_case(seed)))
                 for seed in PRODUCER_SEEDS}
    return {"simplify": simplified, "ranking": ranking, "missing_producers": producers}


def compact(results: dict) -> str:
    """The recording as JSON with one line for each case (short diffs, small file).

    >>> print(compact({"ranking": {"a": [1, 2]}}), end="")
    {
    "ranking": {
    "a": [1,2]
    }
    }
    """
    def line(value) -> str:
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    parts = []
    for part, cases in sorted(results.items()):
        body = ",\n".join(f"{line(key)}: {line(value)}" for key, value in sorted(cases.items()))
        parts.append(f"{line(part)}: {{\n{body}\n}}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="compare with the recording instead of rewriting it")
    parser.add_argument("--redraw", action="store_true",
                        help="draw the property processes again (changes the inputs)")
    args = parser.parse_args(argv)
    if DRAWN.exists() and not args.redraw:
        drawn = json.loads(DRAWN.read_text(encoding="utf-8"))
    else:
        drawn = draw_processes(DRAWN_COUNT)
    results = record(drawn)
    if args.check:
        recorded = json.loads(RESULTS.read_text(encoding="utf-8"))
        differing = [f"{part} {key}" for part in results for key in results[part]
                     if recorded.get(part, {}).get(key) != results[part][key]]
        print("\n".join(differing) or "the engine decides as recorded")
        return 1 if differing else 0
    OUT.mkdir(parents=True, exist_ok=True)
    DRAWN.write_text(json.dumps(drawn, indent=0) + "\n", encoding="utf-8")
    RESULTS.write_text(compact(results), encoding="utf-8")
    print(f"recorded {len(results['simplify'])} processes at {len(LEVELS)} levels, "
          f"{len(results['ranking'])} rankings in {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
