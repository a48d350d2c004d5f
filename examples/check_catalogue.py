"""Check a catalogue of processes against their targets, as a CI job does.

    python examples/check_catalogue.py [FILE_OR_FOLDER ...]    (default: processes/)

Runs ``bpmodel analyze --check`` on every process file and exits with the status a CI
system reads: 0 when no process misses its target, 1 when one does or cannot be read
or measured. In a GitHub Actions job, for example::

    - run: pip install . && python examples/check_catalogue.py processes/

``bpmodel analyze --check`` itself exits 0 (met), 1 (missed) or 3 (not checked: no
target, or steps without a published time, so the lead time is not known). A process
not checked is listed as such, with the reason, and does not fail the job.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

NOT_CHECKED = 3  # the exit status of `bpmodel analyze --check` for "not checked"
DEFAULT = Path(__file__).resolve().parents[1] / "processes"


def check(path: Path) -> tuple[str, str]:
    """``(status, message)``: status is ``pass``, ``FAIL``, ``ERROR`` or ``not checked``."""
    # --lang en: this script writes English, and bpmodel would follow each process's language
    run = subprocess.run([sys.executable, "-m", "bpmodel", "analyze", "--check", "--lang", "en",
                          "--format", "json", str(path)], capture_output=True, text=True)
    try:
        report = json.loads(run.stdout)
        m = report["measures"]
    except (json.JSONDecodeError, KeyError):
        return "ERROR", run.stderr.strip()
    if run.returncode == NOT_CHECKED:
        if m["target_days"] is None:
            return "not checked", f"{path}: no target"
        untimed = report["unknown_steps"]["time"]
        return "not checked", (f"{path}: no published time for {len(untimed)} step(s) "
                               f"({', '.join(untimed)}); the target of "
                               f"{m['target_days']:.3g} d cannot be checked")
    if run.returncode != 0:
        return ("FAIL" if m.get("meets_target") is False else "ERROR"), run.stderr.strip()
    return "pass", f"{path}: lead time {m['lead_time_days']:.3g} d, target {m['target_days']:.3g} d"


def main(args: list[str]) -> int:
    paths = sorted(p for arg in args or [os.path.relpath(DEFAULT)] for p in
                   (Path(arg).glob("*.y*ml") if Path(arg).is_dir() else [Path(arg)]))
    if not paths:
        print("no process files found", file=sys.stderr)
        return 1
    with ThreadPoolExecutor() as pool:  # each check is its own bpmodel process
        results = list(pool.map(check, paths))
    order = {"FAIL": 0, "ERROR": 0, "pass": 1, "not checked": 2}  # failures first
    for status, message in sorted(results, key=lambda r: order[r[0]]):
        print(f"{status:<11}  {message}")
    failed = sum(status in ("FAIL", "ERROR") for status, _ in results)
    print(f"\n{len(paths)} processes: {failed} failed, "
          f"{sum(s == 'not checked' for s, _ in results)} not checked")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
