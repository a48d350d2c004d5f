"""Benchmark of the measures and long paths on generated processes of 1,000 to 100,000 steps.

Run it from the checkout (no extra tools needed)::

    python benchmarks/bench_analysis.py                 # 1k, 3k, 10k, 30k, 100k steps
    python benchmarks/bench_analysis.py 1000 20000 80000  # other sizes (at least two)
    python benchmarks/bench_analysis.py --jumps 0.3     # not block-structured
    python benchmarks/bench_analysis.py --findings      # the whole report, rules too

The processes come from :func:`benchmarks.generate.generate_process` (parallel
blocks, choices, inclusive blocks and rework loops). What is timed is what
``bpmodel analyze`` reports of the process's measures and long paths (every measure,
the critical path, the expected lead time and the bottlenecks), or with
``--findings`` the whole report of :func:`bpmodel.analysis.analyze` (the rules
too), on a fresh copy of the process, in CPU time (what the analysis costs,
whatever else runs on the machine).

*Time*: each round runs one Python process that generates every size first and
then analyses them in turn, ``--repeat`` times; the best of all rounds is kept.
All sizes are timed in the same process so that each analysis sees the same heap:
a small process analysed alone in a fresh interpreter fits the CPU cache with
room to spare and runs up to a fifth faster per step than it does next to a large
one, which says something about the interpreter's memory, not about how the
analysis grows. The per-step column shows the growth directly.

*Memory*: for each size a fresh Python process generates and analyses the process
once; peak memory is its largest resident size (generation and analysis together).

*Growth*: the table ends with the per-step slope (least squares of CPU time over the
number of steps, in microseconds a step) and the growth exponent k of time ~ steps^k
(least squares on the logarithms, over every size at once). One pair of sizes decides
nothing on a busy machine; the fit over five sizes in one heap does. The checks the
project holds itself to: k at most 1.15 (linear, allowing the interpreter's cache
effects; a quadratic part shows as 1.5 and more), and 100,000 steps under 1 GB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (1_000, 3_000, 10_000, 30_000, 100_000)
MAX_EXPONENT = 1.15
MAX_MB = 1024.0


def _peak_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / 2**20


def _analysis(findings: bool):
    """The function timed: the whole report, or its measures and long paths."""
    sys.path.insert(0, str(ROOT))
    from bpmodel.analysis import analyze
    from bpmodel.analysis.measures import measure
    from bpmodel.analysis.paths import bottlenecks, timing

    def measures_and_paths(process):
        measures = measure(process)
        t = timing(process)
        return {"measures": measures, "critical_path": list(t.critical_path.steps),
                "bottlenecks": [b.to_dict() for b in bottlenecks(process)],
                "expected_method": t.expectation.method}

    return analyze if findings else measures_and_paths


def time_round(sizes: list[int], seed: int, jumps: float, repeat: int,
               findings: bool = False) -> dict:
    """Generate every size, then time their analyses in turn (in this Python process)."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import fresh_copy, generate_process

    analyze = _analysis(findings)

    processes, generated = {}, {}
    for size in sizes:
        started = time.perf_counter()
        processes[size] = generate_process(size, seed=seed, jumps=jumps)
        generated[size] = time.perf_counter() - started
    rows = {size: {"steps": size, "flows": len(p.flows), "generate_s": generated[size],
                   "cpu_s": float("inf"), "wall_s": float("inf")}
            for size, p in processes.items()}
    for _ in range(repeat):
        for size, process in processes.items():
            copy = fresh_copy(process)  # new objects: nothing cached from the last run
            started, started_cpu = time.perf_counter(), time.process_time()
            report = analyze(copy)
            row = rows[size]
            row["cpu_s"] = min(row["cpu_s"], time.process_time() - started_cpu)
            row["wall_s"] = min(row["wall_s"], time.perf_counter() - started)
            row["method"] = report["expected_method"]
            del copy
    return rows


def peak_memory(size: int, seed: int, jumps: float, findings: bool = False) -> float:
    """Peak resident MB of generating and analysing one process (in this Python process)."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate_process

    _analysis(findings)(generate_process(size, seed=seed, jumps=jumps))
    return _peak_mb()


def growth(points: list[tuple[int, float]]) -> tuple[float, float]:
    """The per-step slope (least squares of time over size) and the growth exponent
    (least squares of log time over log size) of ``(size, seconds)`` points.

    >>> slope, exponent = growth([(1000, 0.01), (10000, 0.1), (100000, 1.0)])
    >>> round(slope * 1e6, 3), round(exponent, 3)
    (10.0, 1.0)
    >>> round(growth([(1000, 1.0), (2000, 4.0), (4000, 16.0)])[1], 3)
    2.0
    """
    import math

    def fit(xs: list[float], ys: list[float]) -> float:
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        return (sum((x - mx) * (y - my) for x, y in zip(xs, ys))
                / sum((x - mx) ** 2 for x in xs))

    sizes, seconds = [float(n) for n, _ in points], [s for _, s in points]
    return (fit(sizes, seconds),
            fit([math.log(n) for n in sizes], [math.log(s) for s in seconds]))


def _child(args: argparse.Namespace, *extra: str) -> str:
    command = [sys.executable, __file__, *map(str, args.sizes), "--seed", str(args.seed),
               "--jumps", str(args.jumps), "--repeat", str(args.repeat), *extra,
               *(["--findings"] if args.findings else [])]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jumps", type=float, default=0.0,
                        help="share of top-level choices that skip ahead (unstructured)")
    parser.add_argument("--repeat", type=int, default=3, help="analyses per size and round")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds")
    parser.add_argument("--findings", action="store_true",
                        help="time the whole analyze report, the rules included")
    parser.add_argument("--time-round", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--peak", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.time_round:
        print(json.dumps(time_round(args.sizes, args.seed, args.jumps, args.repeat,
                                    args.findings)))
        return 0
    if args.peak:
        print(json.dumps(peak_memory(args.sizes[0], args.seed, args.jumps, args.findings)))
        return 0
    best: dict[int, dict] = {}
    for _ in range(args.rounds):
        for size, row in json.loads(_child(args, "--time-round")).items():
            size = int(size)
            if size not in best:
                best[size] = row
            else:
                for key in ("cpu_s", "wall_s", "generate_s"):
                    best[size][key] = min(best[size][key], row[key])
    for size in args.sizes:
        single = argparse.Namespace(**{**vars(args), "sizes": [size]})
        best[size]["peak_mb"] = json.loads(_child(single, "--peak"))
    print(f"{'steps':>9} {'flows':>9} {'generate s':>11} {'analyze CPU s':>14} "
          f"{'us/step':>8} {'wall s':>7} {'peak MB':>8}  expected by")
    for size in args.sizes:
        row = best[size]
        print(f"{row['steps']:>9,} {row['flows']:>9,} {row['generate_s']:>11.2f} "
              f"{row['cpu_s']:>14.3f} {row['cpu_s'] / size * 1e6:>8.1f} {row['wall_s']:>7.3f} "
              f"{row['peak_mb']:>8.0f}  {row['method']}")
    ok = True
    if len(args.sizes) >= 2:
        slope, exponent = growth([(size, best[size]["cpu_s"]) for size in args.sizes])
        passed = exponent <= MAX_EXPONENT
        ok &= passed
        print(f"per-step slope: {slope * 1e6:.1f} us/step; growth exponent over "
              f"{len(args.sizes)} sizes: {exponent:.3f} (at most {MAX_EXPONENT:g}): "
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
