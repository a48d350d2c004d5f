"""Benchmark and cross-check of `bpmodel simulate`: speed, the mean against the analysis, and
the figures side by side with Prosimos.

Run it from the checkout::

    python benchmarks/bench_simulate.py                    # everything (installs Prosimos)
    python benchmarks/bench_simulate.py --no-prosimos      # speed and means only
    python benchmarks/bench_simulate.py --prosimos-cases 1000

Three tables:

1. **Speed** of the command as a user runs it (a fresh ``bpmodel simulate`` process,
   Python start-up and imports included, compiled bytecode cached as after an install;
   best of ``--repeat`` runs after one warm-up): the bundled process with 100,000 cases
   without capacities (limit 2 s), and the bundled process with staff at every desk
   (enough for about 80% utilisation) with 10,000 cases under load (limit 10 s). The
   limits hold for the command's CPU time (user and system), which is its wall time on
   an idle machine; the wall time on a shared machine is printed beside it.
2. **Mean against the analysis**: 100,000 cases of the bundled process and of every
   process in ``processes/``; the simulated mean must be within 1% of the expected lead
   time of ``bpmodel analyze`` (exact for these block-structured processes). Processes
   whose steps carry no durations are listed as not simulated.
3. **Prosimos side by side**: Prosimos is installed into a virtual environment of its own
   (``--prosimos-venv``, by default under the temporary folder; never a dependency of
   bpmodel), each scenario is exported with ``bpmodel simulate --export-prosimos`` and run
   there (seeded, so the table is the same every run); the mean and the P90 of the cycle
   time (first activity enabled to last activity done, from Prosimos' event log) must agree
   with bpmodel's within 5%. bpmodel's figures come from 20,000 cases, so that the
   comparison measures Prosimos' sampling more than bpmodel's (a P90 that falls where the
   distribution jumps, as the bundled process's rework rounds make it, needs a large
   sample on both sides). Both tools' times for the same number of cases are printed
   (simulation only, without start-up), and their ratio.
"""

from __future__ import annotations

import argparse
import csv
import math
import os
import subprocess
import sys
import tempfile
import time
import venv
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

FREE_CASES, FREE_LIMIT = 100_000, 2.0
LOAD_CASES, LOAD_LIMIT = 10_000, 10.0
MEAN_TOLERANCE = 0.01
PROSIMOS_TOLERANCE = 0.05
FIGURE_CASES = 20_000
UTILISATION = 0.8

RANGED = """
bpmodel: 1
process: {id: ranged, name: Ranged durations, volume: 2000}
actors: [{id: clerk, name: Clerk}, {id: head, name: Head}]
steps:
  - {id: submit, name: Submit, actor: clerk, work: {min: 1h, likely: 2h, max: 9h}}
  - {id: check, name: Check, actor: clerk, work: 2-6h, wait: {min: 1d, likely: 2d, max: 6d}}
  - id: complete
    name: Complete?
    type: gateway
    kind: xor
    next: [{to: fix, p: 0.3}, {to: split, p: 0.7}]
  - {id: fix, name: Fix, actor: clerk, work: 1-3d, next: check}
  - {id: split, name: Reviews, type: gateway, kind: and, next: [tech, env]}
  - {id: tech, name: Tech review, actor: clerk, work: 1-4d, next: join}
  - {id: env, name: Env review, actor: clerk, work: {min: 1d, likely: 2d, max: 5d}, next: join}
  - {id: join, name: Join, type: gateway, kind: and}
  - {id: sign, name: Sign, actor: head, work: 30min-2h, next: end}
"""

UNSTRUCTURED = """
bpmodel: 1
process: {id: jump, name: A branch that jumps into a block, volume: 2000}
actors: [{id: clerk, name: Clerk}]
steps:
  - {id: a, name: A, actor: clerk, work: 2h}
  - {id: g1, name: G1, type: gateway, kind: xor, next: [{to: b, p: 0.4}, {to: c, p: 0.6}]}
  - {id: b, name: B, actor: clerk, work: 3h}
  - {id: g2, name: G2, type: gateway, kind: xor, next: [{to: d, p: 0.5}, {to: e, p: 0.5}]}
  - {id: c, name: C, actor: clerk, work: 7h, next: d}
  - {id: d, name: D, actor: clerk, work: {min: 1h, likely: 2h, max: 9h}, next: end}
  - {id: e, name: E, actor: clerk, work: 1h, next: end}
"""


def staffed(process):
    """The process with staff at every staff desk: enough for about 80% utilisation."""
    from bpmodel.model import Actor
    from bpmodel.simulate.queueing import hours_per_year, offered_loads

    rate = process.volume / hours_per_year(process)
    ones = process.evolve(actors=tuple(
        Actor(a.id, a.name, a.kind, a.agency, a.pool, a.parent, 1) if a.kind == "staff" else a
        for a in process.actors))
    load = offered_loads(ones, rate)
    return process.evolve(actors=tuple(
        Actor(a.id, a.name, a.kind, a.agency, a.pool, a.parent,
              max(1, math.ceil(load[a.id] / UTILISATION))) if a.id in load else a
        for a in process.actors), id=f"{process.id}-staffed",
        name=f"{process.name} (staffed)")


def _cli_seconds(args: list[str], repeat: int) -> tuple[float, float]:
    """Best wall time and best CPU time (user + system) of the command."""
    import resource

    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as after an install: bytecode cached
    command = [sys.executable, "-m", "bpmodel", *args]
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)  # warm-up
    wall = cpu = math.inf
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)
        wall = min(wall, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = min(cpu, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall, cpu


def speed(work: Path, repeat: int) -> bool:
    import bpmodel
    from bpmodel.io import save

    loaded = work / "building-approval-staffed.yaml"
    save(staffed(bpmodel.load_process(bpmodel.default_process_path())), loaded)
    rows = [
        ("bundled, without capacities", FREE_CASES, FREE_LIMIT,
         _cli_seconds(["simulate", "--cases", str(FREE_CASES)], repeat)),
        ("bundled, staffed, under load", LOAD_CASES, LOAD_LIMIT,
         _cli_seconds(["simulate", str(loaded), "--cases", str(LOAD_CASES)], repeat)),
    ]
    print(f"Speed of `bpmodel simulate` (the whole command, best of {repeat}; the limit "
          f"holds for its CPU time, which is its wall time on an idle machine)")
    print(f"  {'scenario':<32} {'cases':>8} {'wall s':>8} {'CPU s':>8} {'limit':>6}  ok")
    ok = True
    for name, cases, limit, (wall, cpu) in rows:
        passed = cpu < limit
        ok &= passed
        print(f"  {name:<32} {cases:>8,} {wall:>8.2f} {cpu:>8.2f} {limit:>6.0f}  "
              f"{'yes' if passed else 'NO'}")
    return ok


def means() -> bool:
    import bpmodel
    from bpmodel.analysis.paths import expected_lead_time_hours
    from bpmodel.simulate.montecarlo import monte_carlo

    paths = [bpmodel.default_process_path(), *sorted((ROOT / "processes").glob("*.yaml"))]
    print(f"\nMean of {FREE_CASES:,} simulated cases against the expected lead time "
          f"(hours; within {MEAN_TOLERANCE:.0%})")
    print(f"  {'process':<30} {'expected':>10} {'simulated':>10} {'difference':>10}  ok")
    ok = True
    for path in paths:
        process = bpmodel.load_process(path)
        expected = expected_lead_time_hours(process)
        if not any(s.work.hours or s.wait.hours for s in process.steps):
            print(f"  {Path(path).stem:<30} {'-':>10} {'-':>10} {'-':>10}  not simulated "
                  f"(no durations)")
            continue
        mean = float(monte_carlo(process, FREE_CASES, seed=1).lead_times.mean())
        difference = mean / expected - 1
        passed = abs(difference) <= MEAN_TOLERANCE
        ok &= passed
        print(f"  {Path(path).stem:<30} {expected:>10.2f} {mean:>10.2f} {difference:>+10.3%}  "
              f"{'yes' if passed else 'NO'}")
    return ok


# -- Prosimos --------------------------------------------------------------------------------

RUNNER = """
import random, sys, time
import numpy
from prosimos.simulation_engine import run_simulation
random.seed(1)
numpy.random.seed(1)  # Prosimos draws from the global generators: the same run every time
bpmn, parameters, cases, log = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
start = time.perf_counter()
run_simulation(bpmn, parameters, cases, stat_out_path=None, log_out_path=log,
               starting_at="2025-01-06T00:00:00.000000+00:00")
print(time.perf_counter() - start)
"""


def prosimos_python(venv_dir: Path) -> Path:
    """The Python of a virtual environment with Prosimos, created and filled if needed."""
    python = venv_dir / "bin" / "python"
    check = [str(python), "-c", "import prosimos"]
    if python.exists() and subprocess.run(check, capture_output=True).returncode == 0:
        return python
    print(f"(installing Prosimos into {venv_dir}; this takes a few minutes)", flush=True)
    venv.create(venv_dir, with_pip=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", "prosimos"], check=True)
    return python


def cycle_times(log: Path) -> list[float]:
    """Hours from the first activity enabled to the last one done, per case."""
    first: dict[str, datetime] = {}
    last: dict[str, datetime] = {}
    with log.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            case = row["case_id"]
            enabled = datetime.fromisoformat(row["enable_time"])
            ended = datetime.fromisoformat(row["end_time"])
            first[case] = min(first.get(case, enabled), enabled)
            last[case] = max(last.get(case, ended), ended)
    return [(last[c] - first[c]).total_seconds() / 3600 for c in first]


def side_by_side(work: Path, venv_dir: Path, cases: int) -> bool:
    import numpy as np

    import bpmodel
    from bpmodel.io.yaml import loads_yaml
    from bpmodel.simulate.prosimos import write_scenario
    from bpmodel.simulate.report import lead_times, simulate

    python = prosimos_python(venv_dir)
    runner = work / "run_prosimos.py"
    runner.write_text(RUNNER, encoding="utf-8")
    bundled = bpmodel.load_process(bpmodel.default_process_path())
    ranged = loads_yaml(RANGED).process
    scenarios = [
        ("bundled, without capacities", bundled, "pert"),
        ("bundled, staffed, under load", staffed(bundled), "pert"),
        ("ranged, exponential durations", ranged, "exponential"),
        ("ranged, PERT (gamma in Prosimos)", ranged, "pert"),
        ("unstructured, exponential", loads_yaml(UNSTRUCTURED).process, "exponential"),
    ]
    print(f"\nProsimos side by side ({cases:,} cases each; cycle time in working hours; "
          f"within {PROSIMOS_TOLERANCE:.0%})")
    print(f"  {'scenario':<34} {'mean bpm':>9} {'mean pro':>9} {'P90 bpm':>9} {'P90 pro':>9} "
          f"{'s bpm':>7} {'s pro':>8} {'ratio':>7}  ok")
    ok = True
    for i, (name, process, distribution) in enumerate(scenarios):
        folder = work / f"scenario-{i}"
        write_scenario(process, folder, distribution)
        log = folder / "log.csv"
        done = subprocess.run([str(python), str(runner), str(folder / "scenario.bpmn"),
                               str(folder / "scenario.json"), str(cases), str(log)],
                              check=True, capture_output=True, text=True, cwd=folder)
        prosimos_seconds = float(done.stdout.strip().splitlines()[-1])
        theirs = np.array(cycle_times(log))
        start = time.perf_counter()
        simulate(process, cases, seed=1, distribution=distribution)
        our_seconds = time.perf_counter() - start
        ours = lead_times(simulate(process, max(cases, FIGURE_CASES), seed=1,
                                   distribution=distribution))
        figures = (ours.mean(), theirs.mean(), np.percentile(ours, 90),
                   np.percentile(theirs, 90))
        passed = abs(figures[0] / figures[1] - 1) <= PROSIMOS_TOLERANCE and \
            abs(figures[2] / figures[3] - 1) <= PROSIMOS_TOLERANCE
        ok &= passed
        print(f"  {name:<34} {figures[0]:>9.1f} {figures[1]:>9.1f} {figures[2]:>9.1f} "
              f"{figures[3]:>9.1f} {our_seconds:>7.2f} {prosimos_seconds:>8.2f} "
              f"{prosimos_seconds / our_seconds:>6.0f}x  {'yes' if passed else 'NO'}")
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-prosimos", action="store_true")
    parser.add_argument("--prosimos-cases", type=int, default=5000)
    parser.add_argument("--prosimos-venv", type=Path,
                        default=Path(tempfile.gettempdir()) / "bpmodel-prosimos-venv")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        ok = speed(work, options.repeat)
        ok &= means()
        if not options.no_prosimos:
            ok &= side_by_side(work, options.prosimos_venv, options.prosimos_cases)
    print("\nall checks pass" if ok else "\nSOME CHECKS FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
