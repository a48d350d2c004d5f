"""The Python API end to end: load a process, analyse it, simplify it, write the variant.

    python examples/api_end_to_end.py [PROCESS] [OUTPUT_DIR]

PROCESS defaults to the Blitar principle licence of processes/, OUTPUT_DIR to
./bpmodel-out/<process id>/.
"""

from __future__ import annotations

import sys
from pathlib import Path

import bpmodel
from bpmodel.analysis import analyze
from bpmodel.formatting import format_days
from bpmodel.report.deliverables import before_after_table, render_outputs, write_outputs
from bpmodel.simplify.engine import simplify

DEFAULT = Path(__file__).resolve().parents[1] / "processes" / "blitar-izin-prinsip.yaml"


def main(path: Path, out_dir: Path | None) -> int:
    # Load: YAML or BPMN; what a BPMN file loses on the way in comes back as diagnostics.
    loaded = bpmodel.load(path)
    for diagnostic in loaded.diagnostics:
        print(f"note: {diagnostic}")
    process = loaded.process

    # Analyse: the same report as `bpmodel analyze --format json`.
    report = analyze(process)
    m = report["measures"]
    if m["lead_time_days"] is not None:
        lead = format_days(m["lead_time_days"])
    else:  # steps without a published time: the known part is a lower bound
        lead = f"not known, at least {format_days(report['lower_bounds']['lead_time_days'])}"
    print(f"{process.name}\n  {m['tasks']} steps, {m['procedures']} procedures, "
          f"{m['visits']} visits, lead time {lead}")
    print("  critical path: " + " -> ".join(report["critical_path"]))
    for finding in report["findings"]:
        print(f"  {finding['severity']}: {finding['rule']} ({', '.join(finding['steps'])})")

    # Simplify: a new Process and the change log; the original is left as it was.
    variant = simplify(process, "bold")
    for change in variant.changes:
        print(f"\n{change.rewrite}: {change.what}\n  why: {change.why}")
    print("\n" + before_after_table(variant))

    # Write the variant (YAML, BPMN, changes.md, summary.json), then read it back:
    # it is an ordinary process file, measured like any other.
    written = write_outputs(render_outputs(variant), out_dir or Path("bpmodel-out") / process.id,
                            inputs=[path])
    again = analyze(bpmodel.load_process(written[0]))["measures"]
    print(f"\nwrote {', '.join(p.name for p in written)} in {written[0].parent}; "
          f"the variant has {again['visits']} visits")

    # Drawing the process before and after (bpmodel.render.diagram) comes with the
    # diagrams feature, which this version of bpmodel does not have yet.
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    sys.exit(main(Path(args[0]) if args else DEFAULT,
                  Path(args[1]) if len(args) > 1 else None))
