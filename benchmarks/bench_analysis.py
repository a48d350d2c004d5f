"""Benchmark of ``bpmodel analyze`` on generated processes of 1,000 to 100,000 steps.

Run it from the checkout (no extra tools needed)::

    python benchmarks/bench_analysis.py                 # 1k, 10k, 100k steps
    python benchmarks/bench_analysis.py 1000 20000      # other sizes
    python benchmarks/bench_analysis.py --jumps 0.3     # not block-structured

Each measurement runs in a fresh Python process, which generates a process with
:func:`benchmarks.generate.generate_process` (parallel blocks, choices,
inclusive blocks and rework loops) and times the full analysis report
(:func:`bpmodel.analysis.analyze`: measures, critical path, expected lead time,
bottlenecks) on fresh copies of it, keeping the best of ``--repeat`` runs. The
sizes are measured in turn, ``--rounds`` times over, and the best of each is kept,
so that a burst of other work on the machine spoils at most one round.

The times are the CPU time of the analysis (what the analysis costs, whatever else
runs on the machine) and the wall time. Peak memory is the largest resident size
of the measuring process (generation and analysis together). The table ends with
the checks the project holds itself to: 100,000 steps take at most 12 times the
CPU time of 10,000, and stay under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (1_000, 10_000, 100_000)
MAX_RATIO = 12.0
MAX_MB = 1024.0


def _peak_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 2**20


def measure_one(steps: int, seed: int, jumps: float, repeat: int) -> dict:
    """Generate one process and time its analysis (in this Python process)."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate_process
    from bpmodel.analysis import analyze

    started = time.perf_counter()
    process = generate_process(steps, seed=seed, jumps=jumps)
    generated = time.perf_counter() - started
    cpu = wall = float("inf")
    report = None
    for _ in range(repeat):
        copy = process.evolve()  # a fresh object: nothing cached from the last run
        started, started_cpu = time.perf_counter(), time.process_time()
        report = analyze(copy)
        cpu = min(cpu, time.process_time() - started_cpu)
        wall = min(wall, time.perf_counter() - started)
        del copy
    return {"steps": steps, "flows": len(process.flows), "generate_s": generated,
            "cpu_s": cpu, "wall_s": wall, "peak_mb": _peak_mb(),
            "method": report["expected_method"]}


def _run(size: int, args: argparse.Namespace) -> dict:
    command = [sys.executable, __file__, str(size), "--one", "--seed", str(args.seed),
               "--jumps", str(args.jumps), "--repeat", str(args.repeat)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jumps", type=float, default=0.0,
                        help="share of top-level choices that skip ahead (unstructured)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="measurements per size")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure_one(args.sizes[0], args.seed, args.jumps, args.repeat)))
        return 0
    best: dict[int, dict] = {}
    for _ in range(args.rounds):
        for size in args.sizes:
            row = _run(size, args)
            if size not in best:
                best[size] = row
            else:
                for key in ("cpu_s", "wall_s", "generate_s"):
                    best[size][key] = min(best[size][key], row[key])
                best[size]["peak_mb"] = max(best[size]["peak_mb"], row["peak_mb"])
    print(f"{'steps':>9} {'flows':>9} {'generate s':>11} {'analyze CPU s':>14} {'wall s':>7} "
          f"{'peak MB':>8}  expected by")
    for size in args.sizes:
        row = best[size]
        print(f"{row['steps']:>9,} {row['flows']:>9,} {row['generate_s']:>11.2f} "
              f"{row['cpu_s']:>14.3f} {row['wall_s']:>7.3f} {row['peak_mb']:>8.0f}  "
              f"{row['method']}")
    ok = True
    if 10_000 in best and 100_000 in best:
        ratio = best[100_000]["cpu_s"] / best[10_000]["cpu_s"]
        passed = ratio <= MAX_RATIO
        ok &= passed
        print(f"100k / 10k CPU time: {ratio:.1f}x (at most {MAX_RATIO:g}x): "
              f"{'ok' if passed else 'TOO SLOW'}")
    if 100_000 in best:
        peak = best[100_000]["peak_mb"]
        passed = peak < MAX_MB
        ok &= passed
        print(f"100k peak memory: {peak:.0f} MB (under {MAX_MB:g} MB): "
              f"{'ok' if passed else 'TOO MUCH'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
