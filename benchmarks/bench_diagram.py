"""Benchmark: drawing a generated 200-step process (and the bundled examples) to PNG.

Prints a table: steps, figure size, pixels and the time to lay out and to draw and
encode, best of several runs, in seconds. Target: the 200-step process under 5 s.

    python benchmarks/bench_diagram.py [--steps 200] [--runs 3] [--out /tmp/bench.png]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_bpmn import best_of  # noqa: E402

import bpmodel  # noqa: E402
from bpmodel.layout import layout_process  # noqa: E402
from bpmodel.model import Actor, Duration, Flow, Process, Step  # noqa: E402
from bpmodel.render.diagram import draw_diagram  # noqa: E402

EXAMPLES = ROOT / "tests" / "data" / "spec" / "examples"
TARGET_SECONDS = 5.0


def generated(tasks: int) -> Process:
    """``tasks`` tasks with names of realistic length over 12 actors in 4 agencies, an
    exclusive split and join every ten tasks and a parallel block every 25."""
    actors = tuple(Actor(f"a{i}", f"Officer {i} of the licensing service",
                         agency=f"Agency {i % 4}") for i in range(12))
    steps = [Step("start", "Application received", "event", "start", actor="a0")]
    flows: list[Flow] = []
    previous, i = "start", 0

    def task(k: int, actor: str) -> Step:
        return Step(f"t{k}", f"Check and record document {k} of the applicant", actor=actor,
                    work=Duration.of(1 + k % 3), wait=Duration.of(8 * (k % 4)))

    while i < tasks:
        actor = f"a{i % 12}"
        if i % 10 == 5 and i + 2 <= tasks:
            kind = "and" if i % 25 == 5 else "xor"
            split, join = f"split{i}", f"join{i}"
            steps += [Step(split, "Documents complete?", "gateway", kind, actor=actor),
                      task(i, actor), task(i + 1, f"a{(i + 1) % 12}"),
                      Step(join, "", "gateway", kind, actor=actor)]
            p = (None, None) if kind == "and" else (0.7, 0.3)
            flows += [Flow(previous, split), Flow(split, f"t{i}", p[0]),
                      Flow(split, f"t{i + 1}", p[1]), Flow(f"t{i}", join),
                      Flow(f"t{i + 1}", join)]
            previous, i = join, i + 2
        else:
            steps.append(task(i, actor))
            flows.append(Flow(previous, f"t{i}"))
            previous, i = f"t{i}", i + 1
    steps.append(Step("end", "Licence issued", "event", "end", actor="a0"))
    flows.append(Flow(previous, "end"))
    return Process("generated", f"Generated process of {tasks} tasks", tuple(steps),
                   tuple(flows), actors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None,
                        help="keep the 200-step picture here (default: a temporary file)")
    args = parser.parse_args()
    cases = [(f"generated {args.steps}", generated(args.steps))]
    cases += [(path.stem, bpmodel.load_process(path)) for path in sorted(EXAMPLES.glob("*.yaml"))]
    with tempfile.TemporaryDirectory() as tmp:
        print(f"{'process':<22} {'steps':>5} {'inches':>13} {'pixels':>13} {'layout s':>9} "
              f"{'draw s':>7} {'PNG MB':>7}")
        for name, process in cases:
            out = args.out if args.out and name.startswith("generated") else \
                Path(tmp) / f"{process.id}.png"
            layout_s = best_of(lambda p=process: layout_process(p), args.runs)
            draw_s = best_of(lambda p=process, o=out: draw_diagram(p, o), args.runs)
            from PIL import Image  # matplotlib depends on Pillow

            with Image.open(io.BytesIO(out.read_bytes())) as image:
                pixels = image.size
                dpi = image.info.get("dpi", (0, 0))[0] or 150
            inches = f"{pixels[0] / dpi:.0f} x {pixels[1] / dpi:.0f}"
            flag = "  (over target)" if name.startswith("generated") and \
                draw_s > TARGET_SECONDS else ""
            print(f"{name:<22} {len(process.steps):>5} {inches:>13} "
                  f"{pixels[0]:>6} x {pixels[1]:<5} {layout_s:>9.3f} {draw_s:>7.2f} "
                  f"{out.stat().st_size / 1e6:>7.1f}{flag}")
        # what a user waits for: a fresh interpreter, loading, layout, drawing, writing
        source = Path(tmp) / "generated.yaml"
        bpmodel.save(cases[0][1], source)
        command = [sys.executable, "-m", "bpmodel", "diagram", str(source), "-o",
                   str(Path(tmp) / "cli.png")]
        cli_s = best_of(lambda: subprocess.run(command, check=True, cwd=ROOT,
                                               capture_output=True), args.runs)
        flag = "  (over target)" if cli_s > TARGET_SECONDS else ""
        print(f"\n`bpmodel diagram` on the generated process, from a fresh interpreter: "
              f"{cli_s:.2f} s{flag}")
    print(f"target: the generated process drawn in under {TARGET_SECONDS:.0f} s "
          f"(draw includes the layout)")


if __name__ == "__main__":
    main()
