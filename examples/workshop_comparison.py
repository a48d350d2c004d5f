"""A workshop comparison of the processes in processes/: a table and a chart.

    python examples/workshop_comparison.py [OUTPUT_DIR]

Prints the measures side by side and writes comparison.md (the same table in Markdown)
and comparison.png (lead time split into work and waiting, targets marked, visits and
steps beside it) into OUTPUT_DIR (default: ./bpmodel-out/workshop/).

Only processes whose source publishes step times are compared: a process without any has
no lead time to compare. Where some steps lack a time, the lead time is not known: the
table shows n/a and the chart draws the known part as a lower bound, marked as such.
"""

from __future__ import annotations

import sys
from pathlib import Path

import bpmodel
from bpmodel.analysis import analyze
from bpmodel.analysis.compare import comparison_table, render_table
from bpmodel.render.charts import comparison_chart

PROCESSES = Path(__file__).resolve().parents[1] / "processes"


def main(out_dir: Path) -> int:
    timed, untimed = [], []
    for path in sorted(PROCESSES.glob("*.yaml")):
        process = bpmodel.load_process(path)
        has_times = any(s.time_known for s in process.tasks)
        (timed if has_times else untimed).append(analyze(process))

    table = comparison_table(timed)
    print(render_table(table, "text"))
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "comparison.md").write_text(render_table(table, "markdown") + "\n",
                                           encoding="utf-8")
    comparison_chart(timed, out_dir / "comparison.png",
                     title="Permit processes of processes/, as published")

    if untimed:
        print("\nNot compared (no step times published):")
        for report in untimed:
            print(f"  {report['process']['id']}: {report['process']['name']}")
    print(f"\nwrote {out_dir / 'comparison.md'} and {out_dir / 'comparison.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("bpmodel-out/workshop")))
