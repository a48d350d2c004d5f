"""How good are the drawings of bpmodel's BPMN? Crossings, bends, overlapping flows, length.

Measured from the diagram interchange (the waypoints of every sequence and message flow)
of three drawings of the same processes:

- ``bpmodel``: what `bpmodel convert` writes (catalogue: processes/*.yaml, the bundled
  process and their bold variants; corpus: BPMN -> bpmodel -> BPMN);
- ``source``: the corpus file's own drawing, made by a person in an editor;
- ``auto``: bpmn-auto-layout (the bpmn.io layouter; it draws no lanes) on the same file,
  when node and the npm package can be found (``--auto-layout DIR``: a folder whose
  node_modules holds bpmn-auto-layout, or BPMN_AUTO_LAYOUT_DIR).

    python benchmarks/bench_bpmn_layout.py [--auto-layout /path/to/dir] [--corpus-only]

crossings: pairs of flow segments that cross; overlaps: pairs of flows that run along each
other; bends: corners of all flows; length: total length of all flows; vertical: the part of
that length that runs up or down (in a drawing with lanes, mostly hand-overs between lanes;
bpmn-auto-layout draws no lanes and puts a chain of steps in one row).

Like with like: on the catalogue both sides draw the same sequence flows (the exports have
no message flows) and neither counts data associations. bpmn-auto-layout lays out only the
first process of a file and draws no message flows, so on corpus files with collaborations
it draws fewer flows: the totals line says so, and its figures there are not comparable.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bpmodel import load_process  # noqa: E402
from bpmodel.io.bpmn import dumps_bpmn, load_bpmn  # noqa: E402
from bpmodel.io.bpmn.names import BPMNDI, DI, MODEL  # noqa: E402
from bpmodel.simplify.engine import simplify  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"
FLOW_TAGS = {f"{{{MODEL}}}sequenceFlow", f"{{{MODEL}}}messageFlow"}

NODE_SCRIPT = """
const [pkg, file] = process.argv.slice(-2);
const { layoutProcess } = require(pkg);
const fs = require('fs');
(async () => {
  try { process.stdout.write(await layoutProcess(fs.readFileSync(file, 'utf8'))); }
  catch (e) { console.error(String(e && e.message || e)); process.exit(1); }
})();
"""


def flow_routes(xml: str) -> list[list[list[tuple[float, float]]]]:
    """The waypoints of every sequence and message flow drawn in the file, by diagram
    (a file of several diagrams draws each on its own plane: flows of different planes
    never cross)."""
    root = ET.fromstring(xml.encode() if isinstance(xml, str) else xml)
    flows = {e.get("id") for e in root.iter() if e.tag in FLOW_TAGS}
    planes = []
    for plane in root.iter(f"{{{BPMNDI}}}BPMNPlane"):
        routes = []
        for edge in plane.iter(f"{{{BPMNDI}}}BPMNEdge"):
            if edge.get("bpmnElement") in flows:
                points = [(float(p.get("x")), float(p.get("y")))
                          for p in edge.iter(f"{{{DI}}}waypoint")]
                routes.append(_straightened(points))
        planes.append(routes)
    return planes


def _straightened(points):
    out = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 0.5 and abs(out[-1][1] - p[1]) < 0.5:
            continue
        if len(out) >= 2 and _collinear(out[-2], out[-1], p):
            out[-1] = p
            continue
        out.append(p)
    return out


def _collinear(a, b, c) -> bool:
    return abs((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])) < 1.0


def _cross(o, a, b) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _proper_crossing(p1, p2, q1, q2) -> bool:
    d1, d2 = _cross(q1, q2, p1), _cross(q1, q2, p2)
    d3, d4 = _cross(p1, p2, q1), _cross(p1, p2, q2)
    return ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4))


def _overlap(p1, p2, q1, q2) -> bool:
    """Collinear segments sharing more than a point."""
    if not (_collinear(p1, p2, q1) and _collinear(p1, p2, q2)):
        return False
    axis = 0 if abs(p2[0] - p1[0]) >= abs(p2[1] - p1[1]) else 1
    lo = max(min(p1[axis], p2[axis]), min(q1[axis], q2[axis]))
    hi = min(max(p1[axis], p2[axis]), max(q1[axis], q2[axis]))
    return hi - lo > 1.0


def measure(planes) -> dict[str, float]:
    """Crossings, overlapping flows, bends and length of the routes of every plane."""
    crossings, overlaps, flows, bends, length, vertical = 0, 0, 0, 0, 0.0, 0.0
    for routes in planes:
        segments = [(k, a, b) for k, r in enumerate(routes)
                    for a, b in zip(r, r[1:], strict=False)]
        overlapping = set()
        for i, (k, a, b) in enumerate(segments):
            for m, c, d in segments[i + 1:]:
                if m == k:
                    continue
                if _proper_crossing(a, b, c, d):
                    crossings += 1
                elif _overlap(a, b, c, d):
                    overlapping.add((k, m))
        overlaps += len(overlapping)
        flows += len(routes)
        bends += sum(max(len(r) - 2, 0) for r in routes)
        length += sum(((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5 for _, a, b in segments)
        vertical += sum(abs(b[1] - a[1]) for _, a, b in segments)
    return {"flows": flows, "crossings": crossings, "overlaps": overlaps,
            "bends": bends, "length": round(length), "vertical": round(vertical)}


def auto_layout(xml: str, package: Path | None) -> str | None:
    if package is None:
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".bpmn", delete=False, encoding="utf-8") as f:
        f.write(xml)
    try:
        done = subprocess.run(["node", "-e", NODE_SCRIPT, str(package), f.name],
                              capture_output=True, text=True, timeout=120)
    finally:
        os.unlink(f.name)
    return done.stdout if done.returncode == 0 and done.stdout else None


def find_auto_layout(folder: str | None) -> Path | None:
    if shutil.which("node") is None:
        return None
    for base in filter(None, (folder, os.environ.get("BPMN_AUTO_LAYOUT_DIR"), str(ROOT))):
        candidate = Path(base) / "node_modules" / "bpmn-auto-layout" / "dist" / "index.cjs"
        if candidate.exists():
            return candidate
    return None


def catalogue():
    files = [ROOT / "bpmodel" / "data" / "building-approval.yaml",
             *sorted((ROOT / "processes").glob("*.yaml"))]
    for path in files:
        process = load_process(path)
        yield path.stem, process
        yield path.stem + ".bold", simplify(process, "bold").process


def corpus_files():
    for path in sorted(CORPUS.rglob("*.bpmn")):
        if path.name.startswith("error__"):
            continue
        data = path.read_bytes()
        if b"BPMNEdge" in data:
            yield path


def scaled(steps: int):
    """A long process: a chain over ten actors, a decision with named branches every ten
    steps (one of them a loop back), a document every five steps."""
    from bpmodel.model import Actor, Document, Flow, Process, Step

    actors = tuple(Actor(f"a{k}", f"Actor {k}", agency=f"Agency {k // 3}") for k in range(10))
    documents = tuple(Document(f"d{k}", f"Document number {k}") for k in range(50))
    out, flows = [], []
    previous = None
    for k in range(steps):
        if k % 10 == 9:
            out.append(Step(f"s{k}", f"Complete {k}?", "gateway", "xor",
                            actor=f"a{(k // 7) % 10}"))
            flows.append(Flow(f"s{k}", f"s{k - 3}", 0.2, "no, send back"))
        else:
            needs = (f"d{k % 50}",) if k % 5 == 0 else ()
            out.append(Step(f"s{k}", f"Handle the application, part {k}",
                            actor=f"a{(k // 7) % 10}", needs=needs))
        if previous is not None:
            condition = "yes" if previous.endswith("9") and previous != "s" else None
            flows.append(Flow(previous, f"s{k}", 0.8 if condition else None, condition))
        previous = f"s{k}"
    return Process("scaled", "Scaled", steps=tuple(out), flows=tuple(flows), actors=actors,
                   documents=documents)


def scale_table() -> None:
    import time

    print("\nexport time by size (layout, labels, XML); near linear means ms/step stays flat")
    for steps in (1000, 2000, 4000, 8000):
        process = scaled(steps)
        start = time.perf_counter()
        dumps_bpmn(process)
        ms = (time.perf_counter() - start) * 1000
        print(f"  {steps:>6} steps  {ms:>9.0f} ms  {ms / steps:6.2f} ms/step")


COLUMNS = ("flows", "crossings", "overlaps", "bends", "length")
TOTALS = COLUMNS + ("vertical",)


def row(name: str, drawings: dict[str, dict | None]) -> str:
    cells = [name[:38].ljust(38)]
    for key, values in drawings.items():
        if values is None:
            cells.append(f"{key}: -".ljust(34))
        else:
            cells.append(f"{key}: " + " ".join(f"{values[c]:>5}" for c in COLUMNS[1:]))
    return "  ".join(cells)


def table(title: str, items, package: Path | None) -> None:
    print(f"\n{title}  (per drawing: crossings overlaps bends length)")
    totals: dict[str, dict[str, float]] = {}
    for name, drawings in items:
        print(row(name, drawings))
        for key, values in drawings.items():
            if values is None:
                continue
            total = totals.setdefault(key, dict.fromkeys(TOTALS, 0) | {"files": 0})
            for c in TOTALS:
                total[c] += values[c]
            total["files"] += 1
    print("totals:")
    for key, total in totals.items():
        print(f"  {key:8} files {total['files']:>3}  " +
              "  ".join(f"{c} {total[c]:>7}" for c in TOTALS))
    ours, auto = totals.get("bpmodel"), totals.get("auto")
    if ours and auto:
        if (ours["files"], ours["flows"]) != (auto["files"], auto["flows"]):
            print(f"bpmn-auto-layout drew {auto['flows']} of the {ours['flows']} flows, on "
                  f"{auto['files']} of the {ours['files']} files (one process a file, no "
                  "message flows): its totals are not comparable")
        else:
            print(ratio_line(ours, auto))


def ratio_line(ours: dict[str, float], auto: dict[str, float]) -> str:
    """bpmodel's bends and length as a multiple of bpmn-auto-layout's (target: 1.5x).

    >>> ratio_line({"bends": 50, "length": 38000, "vertical": 20000},
    ...            {"bends": 32, "length": 16000, "vertical": 3000})
    'bpmodel / auto: bends 1.56x, length 2.38x (target at most 1.5x: not met); across: 1.38x'
    """
    def times(a: float, b: float) -> float:
        return a / b if b else float("inf")

    bends = times(ours["bends"], auto["bends"])
    length = times(ours["length"], auto["length"])
    across = times(ours["length"] - ours["vertical"], auto["length"] - auto["vertical"])
    verdict = "met" if max(bends, length) <= 1.5 else "not met"
    return (f"bpmodel / auto: bends {bends:.2f}x, length {length:.2f}x "
            f"(target at most 1.5x: {verdict}); across: {across:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--auto-layout", help="folder whose node_modules has bpmn-auto-layout")
    parser.add_argument("--corpus-only", action="store_true")
    parser.add_argument("--catalogue-only", action="store_true")
    parser.add_argument("--scale", action="store_true", help="also time exports by size")
    args = parser.parse_args()
    package = find_auto_layout(args.auto_layout)
    if package is None:
        print("bpmn-auto-layout not found (node and npm package): its column is left out")
    if not args.corpus_only:
        items = []
        for name, process in catalogue():
            xml = dumps_bpmn(process)
            auto = auto_layout(xml, package)
            items.append((name, {"bpmodel": measure(flow_routes(xml)),
                                 "auto": measure(flow_routes(auto)) if auto else None}))
        table("catalogue exports", items, package)
    if not args.catalogue_only:
        items = []
        for path in corpus_files():
            source = path.read_text(encoding="utf-8", errors="replace")
            try:
                xml = dumps_bpmn(load_bpmn(path).process)
            except Exception as exc:   # a benchmark reports, it does not stop
                print(f"{path.name}: {exc}")
                continue
            auto = auto_layout(source, package)
            items.append((path.stem, {"source": measure(flow_routes(source)),
                                      "bpmodel": measure(flow_routes(xml)),
                                      "auto": measure(flow_routes(auto)) if auto else None}))
        table("corpus files with diagram interchange", items, package)
    if args.scale:
        scale_table()


if __name__ == "__main__":
    main()
