"""Load time of generated YAML processes, split into YAML parsing and building the model.

Run: python benchmarks/bench_load.py [STEPS ...]   (default: 1000 10000)

"parse" is PyYAML composing the node tree (libyaml's C parser when installed),
with the cyclic garbage collector paused as bpmodel does while loading;
"build" is bpmodel turning nodes into the model, with every check and the
structural validation. "safe_load" is PyYAML's own full construction of the
same text into Python objects, for comparison (bpmodel does not use it).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bpmodel.gcpause import paused_gc  # noqa: E402
from bpmodel.io import yaml as bpyaml  # noqa: E402

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def generate_yaml(n_steps: int) -> str:
    """A process of about ``n_steps`` steps: sequences, and-blocks, choices and rework loops."""
    lines = ["bpmodel: 1", "process: {id: generated, name: Generated process, volume: 1000,",
             "          tariff: {citizen: 25000, staff: 60000}}", "actors:"]
    lines += [f"  - {{id: a{i}, name: Actor {i}, agency: Agency {i % 4}}}" for i in range(8)]
    lines += ["  - {id: citizen, name: Applicant, kind: citizen}", "documents:"]
    lines += [f"  - {{id: d{i}, name: Document {i}, issued_by: Agency {i % 4}}}" for i in range(8)]
    lines.append("steps:")
    i = 0
    while i < n_steps:
        block = i // 10
        if i % 10 == 0 and i + 10 <= n_steps:
            lines += [
                f"  - {{id: s{i}, name: Submit part {block}, actor: citizen, contact: visit, "
                f"work: 1h, needs: [d{block % 8}]}}",
                f"  - {{id: s{i + 1}, name: Fork {block}, type: gateway, kind: and, "
                f"next: [s{i + 2}, s{i + 3}]}}",
                f"  - {{id: s{i + 2}, name: Verify title {block}, actor: a{block % 8}, "
                f"action: verify, work: 2h, wait: 1d, next: s{i + 4}}}",
                f"  - {{id: s{i + 3}, name: Review plan {block}, actor: a{(block + 1) % 8}, "
                f"work: 30min, wait: 2-5d}}",
                f"  - {{id: s{i + 4}, name: Join {block}, type: gateway, kind: and}}",
                f"  - {{id: s{i + 5}, name: Check {block}, actor: a{block % 8}, work: 1h}}",
                f"  - id: s{i + 6}\n    name: Complete {block}?\n    type: gateway\n"
                f"    kind: xor\n    next:\n      - {{to: s{i + 5}, p: 0.2, when: missing}}\n"
                f"      - {{to: s{i + 7}, p: 0.8, when: complete}}",
                f"  - {{id: s{i + 7}, name: Approve {block}, actor: a{(block + 2) % 8}, "
                f"action: approve, work: 15min, wait: {{min: 1d, likely: 2d, max: 5d}}}}",
                f"  - {{id: s{i + 8}, name: Sign {block}, actor: a{(block + 3) % 8}, "
                f"action: sign, work: 15min, wait: 1d, keep: true}}",
                f"  - {{id: s{i + 9}, name: Archive {block}, actor: a{block % 8}, "
                f"action: archive, work: 10min}}",
            ]
            i += 10
        else:
            lines.append(f"  - {{id: s{i}, name: Step {i}, actor: a{i % 8}, work: 1h}}")
            i += 1
    return "\n".join(lines) + "\n"


def compose(text: str):
    """PyYAML's node composition, under the same collector pause bpmodel uses."""
    with paused_gc():
        return yaml.compose(text, Loader=LOADER)


def best_of(repeat: int, fn) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times)


def main(sizes: list[int]) -> None:
    print(f"libyaml: {'yes' if LOADER is not yaml.SafeLoader else 'no'}")
    print(f"{'steps':>8} {'parse s':>9} {'build s':>9} {'total s':>9} {'safe_load s':>12}")
    for n in sizes:
        text = generate_yaml(n)
        repeat = 5 if n <= 10_000 else 1
        parse = best_of(repeat, lambda text=text: compose(text))
        total = best_of(repeat, lambda text=text: bpyaml.loads_yaml(text))
        safe = best_of(repeat, lambda text=text: yaml.load(text, Loader=LOADER))
        assert len(bpyaml.loads_yaml(text).process.steps) == n
        print(f"{n:>8} {parse:>9.3f} {total - parse:>9.3f} {total:>9.3f} {safe:>12.3f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10_000])
