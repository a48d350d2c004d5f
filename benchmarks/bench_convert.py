"""Benchmark: converting a process both ways, YAML to BPMN and BPMN to YAML, by size.

YAML to BPMN reads the YAML, lays the process out (lanes, layers, routes, labels) and
writes BPMN with diagram interchange; BPMN to YAML reads that BPMN back and writes YAML.
Both sides run in this interpreter on the same generated process
(``benchmarks/generate.py``), in the same collector state (a full collection first, the
collector on, as ``bpmodel convert`` runs), alternating, and the median of the runs is
kept. Times are CPU seconds of this process, so that a busy machine does not decide.

Targets (issue 19): YAML to BPMN of 10,000 steps at most 3x BPMN to YAML, and 100,000
steps converted in under 2 minutes.

    python benchmarks/bench_convert.py [--sizes 1000,10000,100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate_process  # noqa: E402

from bpmodel.io.bpmn import dumps_bpmn, loads_bpmn  # noqa: E402
from bpmodel.io.yaml import dumps_yaml, loads_yaml  # noqa: E402


def cpu_time(function: Callable[[], object]) -> float:
    """CPU seconds one call of ``function`` takes, after a full collection, with the
    collector in the state it was (on, as a command runs).

    >>> cpu_time(lambda: sum(range(1000))) < 1.0
    True
    """
    gc.collect()
    start = time.process_time()
    function()
    return time.process_time() - start


def both_ways(steps: int, runs: int) -> tuple[float, float]:
    """Median CPU seconds of YAML -> BPMN and of BPMN -> YAML for a generated process.

    >>> to_bpmn, to_yaml = both_ways(50, 1)
    >>> to_bpmn > 0 and to_yaml > 0
    True
    """
    text = dumps_yaml(generate_process(steps, seed=1))
    xml = dumps_bpmn(loads_yaml(text).process).encode()
    forward, backward = [], []
    for _ in range(runs):           # alternating, so that drift hits both sides alike
        forward.append(cpu_time(lambda: dumps_bpmn(loads_yaml(text).process)))
        backward.append(cpu_time(lambda: dumps_yaml(loads_bpmn(xml).process)))
    return statistics.median(forward), statistics.median(backward)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3, help="runs per size (100,000: one)")
    args = parser.parse_args()
    print(f"{'steps':>8} {'YAML->BPMN':>11} {'BPMN->YAML':>11} {'ratio':>6} "
          f"{'ms/step':>8}   target")
    failed = False
    for steps in (int(s) for s in args.sizes.split(",")):
        forward, backward = both_ways(steps, 1 if steps >= 100_000 else args.runs)
        ratio = forward / backward if backward else float("inf")
        if steps == 10_000:
            verdict = "ratio <= 3: " + ("met" if ratio <= 3 else "NOT MET")
            failed |= ratio > 3
        elif steps == 100_000:
            verdict = "YAML->BPMN < 120 s: " + ("met" if forward < 120 else "NOT MET")
            failed |= forward >= 120
        else:
            verdict = ""
        print(f"{steps:>8} {forward:>10.2f}s {backward:>10.2f}s {ratio:>6.2f} "
              f"{forward / steps * 1000:>8.3f}   {verdict}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
