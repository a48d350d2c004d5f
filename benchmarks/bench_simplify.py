"""Benchmark of the simplify engine and the ranking on generated processes of 400 to 3,200 steps.

Run it from the checkout (no extra tools needed)::

    python benchmarks/bench_simplify.py               # 400, 800, 1,600, 3,200 steps
    python benchmarks/bench_simplify.py 400 800 1600  # other sizes (at least two)
    python benchmarks/bench_simplify.py --quick       # 400 and 800 steps only

The processes come from :func:`benchmarks.generate.generate_process`. What is timed,
in CPU time (what the work costs, whatever else runs on the machine), on a fresh copy
of the process each time (new objects: nothing remembered of a step by an earlier run
is found again), is ``simplify(process, "bold")`` (the engine alone) and
``simplify_and_rank(process, "bold")``: the engine plus the ranking (each rewrite
applied alone), as ``bpmodel simplify`` runs them. The ranking's column is the
difference. With ``--ranking-alone`` the table also times ``rank_rewrites(process)``
on its own (no simplification to reuse). All sizes are generated first and timed in
the same Python process, so every size sees the same heap; the best of ``--repeat``
runs is kept. *ms a change* is the engine's time divided by the changes it made: each
change is one round of the engine, which runs the rules, the guards and the measures
on the whole variant, so it grows with the size of the process (a variant that changed
only what steps do shares what its original worked out from the graph alone; one that
changed the graph works it all out afresh).

Measured on a busy 2-core machine (CPU s), engine plus ranking, side by side with the
code before series merges were taken over (issue 19, session 5): 0.91 / 3.9 / 10.7-12.3
/ 63-66 s before, 0.66 / 2.1 / 7.5-9.4 / 44 s after at 400 / 800 / 1,600 / 3,200 steps;
a full run of this script after: 0.76 / 2.2 / 11.0 / 55 s at 400 / 800 / 1,600 / 3,200
steps (engine 0.55 / 2.4 / 8.2 / 37 s), 4x per doubling: both targets below are not
met. The same machine measured the code before at 0.67 / 2.1 / 11.2 / 37.8 s on a
quieter day: compare runs taken side by side.
Session 7 (rounds worked around the changed steps, each run on a fresh copy of new
objects, the cyclic collector paused), best of 3: 0.21 / 0.45 / 1.35 / 4.5 s at 400 / 800 /
1,600 / 3,200 steps, 2.7-2.8x per doubling in three runs (one noisy run read 2.46x): the
10 s line is met, the 2.5x line not.
Session 8 (a series merge's path analysis, facts, findings and guards derived from its
original's), best of 3, seven runs: 0.17-0.26 / 0.31-0.43 / 0.80-1.22 / 2.3-3.2 s,
2.26-2.42x per doubling (2.49x in one run beside another job): both lines met.
``--case alternating`` (a line of checks and signatures, every step a change; no
targets): 5.0 / 35.9 s at 200 / 400 steps before the facts of order were bit sets,
1.5 / 4.9 / 15.6 s at 200 / 400 / 800 after (800 stops at the engine's 500 changes);
0.63 / 2.7 / 6.6 s in session 7; 0.79 / 2.6 / 7.8 s in session 8 (one run, noisy).

*Growth*: the table gives the factor from each size to the next (per doubling when
the sizes double) and ends with the growth exponent k of time ~ steps^k (least
squares on the logarithms over every size, see :func:`growth`). The project's target
(issue 19): engine plus ranking at most 2.5x per doubling from 400 to 3,200 steps
(k at most log2(2.5) = 1.32) and the 3,200-step run under 10 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZES = (400, 800, 1_600, 3_200)
QUICK = (400, 800)
ALTERNATING = (200, 400, 800)
MAX_FACTOR = 2.5
MAX_SECONDS = 10.0


def growth(points: list[tuple[int, float]]) -> float:
    """The growth exponent k of seconds ~ size^k (least squares on the logarithms), as
    :func:`benchmarks.bench_analysis.growth` fits it.

    >>> round(growth([(400, 1.0), (800, 4.0), (1600, 16.0)]), 3)
    2.0
    >>> round(growth([(400, 0.5), (800, 1.0), (1600, 2.0), (3200, 4.0)]), 3)
    1.0
    """
    sys.path.insert(0, str(ROOT))
    from benchmarks.bench_analysis import growth as slope_and_exponent

    return slope_and_exponent(points)[1]


def per_doubling(exponent: float) -> float:
    """The factor a time of exponent k grows by when the size doubles.

    >>> per_doubling(1.0), per_doubling(2.0)
    (2.0, 4.0)
    """
    return 2.0 ** exponent


def _cpu(work, *args) -> tuple[float, object]:
    started = time.process_time()
    result = work(*args)
    return time.process_time() - started, result


def time_sizes(sizes: list[int], seed: int = 1, repeat: int = 1,
               ranking_alone: bool = False, case: str = "generated") -> dict[int, dict]:
    """CPU seconds of the engine, of the engine plus the ranking, and (with
    ``ranking_alone``) of the ranking on its own, at each size (best of ``repeat``)."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import alternating_checks, fresh_copy, generate_process
    from bpmodel.simplify.engine import rank_rewrites, simplify, simplify_and_rank

    make = alternating_checks if case == "alternating" else \
        (lambda size: generate_process(size, seed=seed))
    processes = {size: make(size) for size in sizes}
    # the first run loads the word list and imports the rules: not part of any size
    simplify_and_rank(generate_process(60, seed=seed), "bold")
    rows: dict[int, dict] = {}
    for size, process in processes.items():
        engine_s = total_s = alone_s = float("inf")
        for _ in range(repeat):
            seconds, variant = _cpu(simplify, fresh_copy(process), "bold")
            engine_s = min(engine_s, seconds)
            seconds, _ = _cpu(simplify_and_rank, fresh_copy(process), "bold")
            total_s = min(total_s, seconds)
            if ranking_alone:
                seconds, _ = _cpu(rank_rewrites, fresh_copy(process))
                alone_s = min(alone_s, seconds)
        rows[size] = {"steps": len(process.steps), "changes": len(variant.changes),
                      "engine_s": engine_s, "ranking_s": max(total_s - engine_s, 0.0),
                      "total_s": total_s, "alone_s": alone_s if ranking_alone else None}
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int)
    parser.add_argument("--quick", action="store_true", help="400 and 800 steps only")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="runs per size (best kept)")
    parser.add_argument("--ranking-alone", action="store_true",
                        help="also time rank_rewrites on its own")
    parser.add_argument("--case", choices=("generated", "alternating"), default="generated",
                        help="alternating: a line of checks and signatures (default sizes "
                             "200, 400, 800; no targets)")
    args = parser.parse_args(argv)
    alternating = args.case == "alternating"
    sizes = args.sizes or list(ALTERNATING if alternating else QUICK if args.quick else SIZES)
    if len(sizes) < 2:
        parser.error("give at least two sizes")
    rows = time_sizes(sizes, args.seed, args.repeat, args.ranking_alone, args.case)
    alone = f" {'ranking alone s':>16}" if args.ranking_alone else ""
    print(f"{'steps':>7} {'changes':>8} {'engine CPU s':>13} {'ms a change':>12} "
          f"{'ranking CPU s':>14} {'total s':>8} {'x previous':>11}{alone}")
    previous = None
    for size in sizes:
        row = rows[size]
        factor = f"{row['total_s'] / previous:>10.2f}x" if previous else f"{'':>11}"
        alone = f" {row['alone_s']:>16.2f}" if args.ranking_alone else ""
        per_change = 1000 * row["engine_s"] / max(row["changes"], 1)
        print(f"{row['steps']:>7,} {row['changes']:>8} {row['engine_s']:>13.2f} "
              f"{per_change:>12.1f} {row['ranking_s']:>14.2f} {row['total_s']:>8.2f} "
              f"{factor}{alone}")
        previous = row["total_s"]
    ok = True
    for key, label in (("engine_s", "engine"), ("ranking_s", "ranking"), ("total_s", "total")):
        if any(rows[size][key] <= 0 for size in sizes):
            print(f"{label}: too fast to fit a growth")
            continue
        exponent = growth([(size, rows[size][key]) for size in sizes])
        line = (f"{label}: growth exponent {exponent:.2f} over {len(sizes)} sizes, "
                f"{per_doubling(exponent):.2f}x per doubling")
        if key == "total_s" and not alternating:
            passed = per_doubling(exponent) <= MAX_FACTOR
            ok &= passed
            line += f" (at most {MAX_FACTOR:g}x): {'ok' if passed else 'TOO SLOW'}"
        print(line)
    largest = max(sizes)
    if largest >= 3_200 and not alternating:
        seconds = rows[largest]["total_s"]
        passed = seconds < MAX_SECONDS
        ok &= passed
        print(f"{largest:,} steps: {seconds:.1f} s (under {MAX_SECONDS:g} s): "
              f"{'ok' if passed else 'TOO SLOW'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
