"""Fuzz the command line with mutated process files, for releases.

Run: python benchmarks/fuzz.py [--runs 15000] [--seed 1] [--workers 2] [--limit 10]
                               [--keep DIR] [--pictures 0.05]

Takes the corpus (``tests/data/corpus``, BPMN from editors and test suites), the
catalogue (``processes/``) and the spec examples, mutates them as an attacker and a
careless user would (bytes flipped or cut, lines dropped or repeated, numbers made
huge, negative, infinite or NaN, bad YAML tags, names with control characters or
30,000 characters, ids like ``..`` or absolute paths, duplicated ids, nested
sub-processes and lanes, hostile durations in YAML and in ``bpmodel:work``) and runs
``validate``, ``analyze --format json``, ``convert``, ``diagram``, ``simplify`` (with
and without ``-o``), ``compare``, ``sop``, ``report`` and ``simulate`` on each file, in
worker processes.

Each run happens in a fresh sandbox folder; a run fails when it

- prints "internal error" or a traceback, or exits with another status than 0, 1 or 2;
- takes more than ``--limit`` seconds of CPU time (the wall clock of a shared machine
  says little; a worker that stops answering for six times the limit is killed);
- writes anything outside its output (``out/`` or ``bpmodel-out/``), in the sandbox or
  in the canary folder that absolute-path ids point at;
- prints ``Infinity`` or ``NaN`` where JSON is promised.

It prints a table of runs and failures per command and mutation, and the first failures
with the file that caused each (kept under ``--keep``, default ``fuzz-failures/``).
Exit status 1 when something failed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import random
import re
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CANARY = Path(tempfile.gettempdir()) / "bpmodel-fuzz-canary"

# -- seeds ------------------------------------------------------------------------------------


def seeds() -> list[tuple[str, bytes]]:
    """``(name, bytes)`` of every seed file: corpus, catalogue, spec examples, default."""
    paths = sorted((ROOT / "tests" / "data" / "corpus").rglob("*.bpmn"))
    paths += sorted((ROOT / "processes").glob("*.yaml"))
    paths += sorted((ROOT / "tests" / "data" / "spec").rglob("*.yaml"))
    paths += [ROOT / "bpmodel" / "data" / "building-approval.yaml"]
    return [(str(p.relative_to(ROOT)), p.read_bytes()) for p in paths if p.is_file()]


# -- mutations ----------------------------------------------------------------------------------

HOSTILE_NUMBERS = [".inf", "-.inf", ".nan", "9" * 309, "9" * 5000, "-1", "1e400", "1.0e+400",
                   "0x" + "f" * 200, "!!int abc", "!!float x", "!!bool maybe", "0", "-0.0",
                   "1.7976931348623157e308", "NaN", "Infinity", "1_000", "0b" + "1" * 400,
                   "99999999999999999999", "²", "١٢"]
HOSTILE_TEXT = ["..", ".", "/", "../../escaped", str(CANARY / "abs"), "a/b", "Ask\x01",
                "Ask\x00", "\x1b[31mred", "x" * 30000, "izin\u202eusaha", "\ud800",
                "Periksa KTP & <KK>", "名前", "a" * 250, " ", "", "\t", "line\nbreak",
                "'quoted\"", "${HOME}", "%s%s%n", "\\", "\ufeff", "\uffff"]
HOSTILE_DURATIONS = ["1" + " " * 2000 + "-1" + " " * 2000 + "!", "1" + " " * 60000 + "d",
                     "1 " * 3000 + "d", "999999999999d", "-2h", "2-1d", "1..2..3d", "1e9w",
                     "0.0000001min", "2h/1h/3h", "1/2/3", "5 minggu", "3 hari", ".5d"]
DEEP_SUBPROCESS_YAML = 600
DEEP_LANES = 1200


def _quote_yaml(text: str) -> str:
    return json.dumps(text)    # a JSON string is a YAML double-quoted scalar


def mutate(name: str, data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One mutation of a seed: ``(mutation name, new bytes)``."""
    is_yaml = name.endswith((".yaml", ".yml"))
    choices = ["flip", "cut", "drop-line", "repeat-line", "number", "text", "id",
               "duplicate-id", "swap-values", "stack"]
    choices += ["duration", "nest", "lanes", "tag", "version"] if is_yaml \
        else ["bpmn-attribute", "bpmn-work", "bpmn-nest", "bpmn-lanes", "bpmn-event-sub",
              "bpmn-duplicate-element"]
    kind = rng.choice(choices)
    text = data.decode("utf-8", "replace")
    if kind == "stack":
        for _ in range(rng.randint(2, 4)):
            _, data = mutate(name, data, rng)
        return kind, data
    if kind == "flip":
        raw = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            if raw:
                raw[rng.randrange(len(raw))] = rng.randrange(256)
        return kind, bytes(raw)
    if kind == "cut":
        return kind, data[: rng.randrange(max(len(data), 1))]
    lines = text.splitlines(keepends=True)
    if kind == "drop-line" and lines:
        del lines[rng.randrange(len(lines))]
        return kind, "".join(lines).encode()
    if kind == "repeat-line" and lines:
        i = rng.randrange(len(lines))
        lines[i:i] = [lines[i]] * rng.choice((1, 2, 50, 2000))
        return kind, "".join(lines).encode()
    if kind == "number":
        value = rng.choice(HOSTILE_NUMBERS)
        pattern = r"(?<=[:=] )-?\d+(?:\.\d+)?" if is_yaml else r'(?<==")\d+(?:\.\d+)?(?=")'
        return kind, _replace_one(text, pattern, value if is_yaml else _xml(value), rng)
    if kind == "text":
        value = rng.choice(HOSTILE_TEXT)
        pattern = r"(?<=name: )[^,}\n]+" if is_yaml else r'(?<=name=")[^"]*(?=")'
        return kind, _replace_one(text, pattern, _quote_yaml(value) if is_yaml else _xml(value),
                                  rng)
    if kind == "id":
        value = rng.choice(HOSTILE_TEXT[:8])
        pattern = r"(?<=id: )[^,}\n]+" if is_yaml else r'(?<=\bid=")[^"]*(?=")'
        return kind, _replace_one(text, pattern, _quote_yaml(value) if is_yaml else _xml(value),
                                  rng)
    if kind == "duplicate-id":
        pattern = r"(?<=id: )[^,}\n]+" if is_yaml else r'(?<=\bid=")[^"]*(?=")'
        found = re.findall(pattern, text)
        if found:
            return kind, _replace_one(text, pattern, rng.choice(found), rng)
        return kind, data
    if kind == "swap-values":
        pattern = r"(?<=: )[^,}\n]+" if is_yaml else r'(?<==")[^"]*(?=")'
        found = re.findall(pattern, text)
        if found:
            return kind, _replace_one(text, pattern, rng.choice(found), rng)
        return kind, data
    if kind == "duration":
        value = _quote_yaml(rng.choice(HOSTILE_DURATIONS))
        pattern = r"(?:(?<=work: )|(?<=wait: )|(?<=target: ))[^,}\n]+"
        return kind, _replace_one(text, pattern, value, rng)
    if kind == "tag":
        value = rng.choice(["!!int abc", "!!bool maybe", "!!float x", "!!binary AAAA",
                            "!!timestamp x", "!!set {a}", "!!omap [a: 1]", "!custom 3",
                            "&a x", "*a", "!!python/object:os.system x"])
        return kind, _replace_one(text, r"(?<=: )[^,}\n]+", value, rng)
    if kind == "version":
        return kind, re.sub(r"^bpmodel: .*$", "bpmodel: " + rng.choice(
            ["true", "1.0", "2", "'1'", "[1]", "null", "0x1"]), text, count=1,
            flags=re.M).encode()
    if kind == "nest":
        depth = rng.choice((3, 60, DEEP_SUBPROCESS_YAML))
        steps = ["  - {id: zs0, name: S0, kind: subprocess, next: end}"]
        steps += [f"  - {{id: zs{i}, name: S{i}, kind: subprocess, parent: zs{i - 1}, "
                  f"next: end}}" for i in range(1, depth)]
        return kind, (text.rstrip("\n") + "\n" + "\n".join(steps) + "\n").encode() \
            if re.search(r"^steps:\s*$", text, re.M) else data
    if kind == "lanes":
        depth = rng.choice((3, 60, DEEP_LANES))
        actors = "".join(f"  - {{id: zl{i}, name: L{i}, parent: zl{i - 1}}}\n"
                         for i in range(1, depth))
        return kind, re.sub(r"^actors:\s*\n", "actors:\n  - {id: zl0, name: L0}\n" + actors,
                            text, count=1, flags=re.M).encode()
    if kind == "bpmn-attribute":
        attribute = rng.choice(["bpmodel:fee", "bpmodel:index", "bpmodel:p", "bpmodel:id",
                                "bpmodel:volume", "bpmodel:hours_per_day", "bpmodel:keep",
                                "bpmodel:action", "bpmodel:target", "bpmodel:tariff"])
        value = rng.choice(HOSTILE_NUMBERS + HOSTILE_TEXT[:8])
        return kind, _add_attribute(text, attribute, value, rng)
    if kind == "bpmn-work":
        return kind, _add_attribute(text, rng.choice(["bpmodel:work", "bpmodel:wait"]),
                                    rng.choice(HOSTILE_DURATIONS), rng)
    if kind == "bpmn-nest":
        depth = rng.choice((3, 60, 600))
        inner = "".join(f'<subProcess id="zs{i}" name="S">' for i in range(depth)) \
            + '<task id="zt" name="T"/>' + "</subProcess>" * depth
        return kind, _into_process(text, inner)
    if kind == "bpmn-lanes":
        depth = rng.choice((3, 60, DEEP_LANES))
        inner = '<laneSet id="zls">' + "".join(
            f'<lane id="zl{i}" name="L"><childLaneSet id="zc{i}">' for i in range(depth)) \
            + "</childLaneSet></lane>" * depth + "</laneSet>"
        return kind, _into_process(text, inner)
    if kind == "bpmn-event-sub":
        inner = ('<subProcess id="zev" triggeredByEvent="true" name="On message">'
                 '<startEvent id="zev_s" isInterrupting="false"><messageEventDefinition/>'
                 '</startEvent><task id="zev_t" name="Handle"/><endEvent id="zev_e"/>'
                 '<sequenceFlow id="zev_f1" sourceRef="zev_s" targetRef="zev_t"/>'
                 '<sequenceFlow id="zev_f2" sourceRef="zev_t" targetRef="zev_e"/>'
                 '</subProcess>')
        if rng.random() < 0.5:
            inner += '<boundaryEvent id="zev_b" attachedToRef="zev"/>'
        return kind, _into_process(text, inner)
    if kind == "bpmn-duplicate-element":
        found = list(re.finditer(r"<(?:\w+:)?(?:task|userTask|serviceTask|exclusiveGateway|"
                                 r"startEvent|endEvent|sequenceFlow)\b[^>]*/>", text))
        if found:
            element = rng.choice(found).group()
            at = rng.choice(found).end()
            return kind, (text[:at] + element * rng.choice((1, 5, 2000)) + text[at:]).encode()
    return kind, data


def _xml(value: str) -> str:
    return (value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
            .replace("\x00", "&#0;").replace("\x01", "&#1;"))


def _replace_one(text: str, pattern: str, value: str, rng: random.Random) -> bytes:
    found = list(re.finditer(pattern, text))
    if not found:
        return text.encode("utf-8", "surrogatepass")
    match = rng.choice(found)
    return (text[: match.start()] + value + text[match.end():]).encode("utf-8",
                                                                      "surrogatepass")


def _add_attribute(text: str, attribute: str, value: str, rng: random.Random) -> bytes:
    if "xmlns:bpmodel" not in text:
        text = re.sub(r"<((?:\w+:)?definitions)\b",
                      r'<\1 xmlns:bpmodel="https://bpmodel.dev/schema/bpmn/1"', text, count=1)
    found = list(re.finditer(r"<(?:\w+:)?(?:task|userTask|serviceTask|lane|definitions|"
                             r"sequenceFlow|participant|boundaryEvent)\b", text))
    if not found:
        return text.encode()
    at = rng.choice(found).end()
    return (text[:at] + f' {attribute}="{_xml(value)}"' + text[at:]).encode("utf-8",
                                                                           "surrogatepass")


def _into_process(text: str, inner: str) -> bytes:
    match = re.search(r"<(?:\w+:)?process\b[^>]*?(/?)>", text)
    if match is None or match.group(1):
        return text.encode()
    prefix = re.match(r"<(\w+:)?", match.group()).group(1) or ""
    inner = re.sub(r"<(/?)(?=[a-z])", rf"<\1{prefix}", inner)
    return (text[: match.end()] + inner + text[match.end():]).encode()


# -- commands -----------------------------------------------------------------------------------

COMMANDS = (("validate", 24), ("analyze", 24), ("convert", 17), ("simplify", 13),
            ("simplify-default", 3), ("diagram", 6), ("compare", 7), ("sop", 3),
            ("report", 3), ("simulate", 3))


def command_args(command: str, path: str, rng: random.Random, pictures: float) -> list[str]:
    is_yaml = path.endswith(".yaml")
    if command == "validate":
        return ["validate", path]
    if command == "analyze":
        return ["analyze", "--format", "json", path]
    if command == "convert":
        return ["convert", path, "out/converted." + ("bpmn" if is_yaml else "yaml")]
    if command == "simplify":
        extra = [] if rng.random() < pictures else ["--no-pictures"]
        return ["simplify", path, "-o", "out/variant", "--level",
                rng.choice(("safe", "bold")), *extra]
    if command == "simplify-default":
        return ["simplify", path, "--no-pictures"]
    if command == "diagram":
        return ["diagram", path, "-o", "out/picture." + rng.choice(("svg", "png")),
                *rng.choice(([], ["--highlight", "critical"], ["--findings"]))]
    if command == "sop":
        return ["sop", path, "-o", "out/sop.html"]
    if command == "simulate":
        return ["simulate", path, "--cases", "300", "--format", "json"]
    if command == "report":
        return ["report", path, "-o", "out/report.html", "--no-pictures"]
    return ["compare", path, "--format", rng.choice(("json", "csv", "text"))]


def _tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def _json_problem(text: str) -> str | None:
    """Why ``text`` is not strict JSON (``Infinity`` and ``NaN`` are not), or None."""
    def refuse(name: str):
        raise ValueError(f"JSON output with {name}")

    try:
        json.loads(text, parse_constant=refuse)
    except ValueError as exc:
        return str(exc)[:200]
    return None


def run_one(task: tuple[int, str, str, bytes, str, list[str]]) -> dict:
    """Run one command in a fresh sandbox; what went wrong, if anything."""
    from click.testing import CliRunner

    from bpmodel.cli import main

    number, seed, mutation, data, command, args = task
    sandbox = Path(tempfile.mkdtemp(prefix="bpmodel-fuzz-"))
    suffix = ".yaml" if seed.endswith(".yaml") else ".bpmn"
    (sandbox / "in").mkdir()
    (sandbox / "in" / f"input{suffix}").write_bytes(data)
    canary_before = _tree(CANARY)
    cwd = os.getcwd()
    problems = []
    os.chdir(sandbox)
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        result = CliRunner().invoke(main, args, catch_exceptions=True)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        output = result.output
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            problems.append("traceback: " + "".join(traceback.format_exception(
                result.exception))[-600:])
        if result.exit_code not in (0, 1, 2):
            problems.append(f"exit status {result.exit_code}")
        if "internal error" in output:
            problems.append(next(line for line in output.splitlines()
                                 if "internal error" in line)[:400])
        if "Traceback" in output:
            problems.append("traceback in the output")
        if "--format" in args and "json" in args and result.exit_code == 0:
            problem = _json_problem(result.stdout)
            if problem:
                problems.append(problem)
        outside = {p for p in _tree(sandbox) - {"in", f"in/input{suffix}"}
                   if not p.startswith(("out", "bpmodel-out"))}
        if outside:
            problems.append(f"wrote outside the output folder: {sorted(outside)[:5]}")
        for folder in ("out", "bpmodel-out"):
            stray = [p for p in _tree(sandbox / folder) if p.endswith(".tmp")]
            if stray:
                problems.append(f"left temporary files: {stray[:3]}")
        escaped = _tree(CANARY) - canary_before
        if escaped:
            problems.append(f"wrote into the canary folder: {sorted(escaped)[:5]}")
    finally:
        os.chdir(cwd)
        shutil.rmtree(sandbox, ignore_errors=True)
    return {"number": number, "seed": seed, "mutation": mutation, "command": command,
            "args": args, "seconds": elapsed, "cpu": cpu, "exit": result.exit_code,
            "problems": problems}


def _worker(connection) -> None:
    os.environ.setdefault("MPLBACKEND", "Agg")
    while True:
        task = connection.recv()
        if task is None:
            return
        try:
            result = run_one(task)
        except BaseException as exc:  # the harness itself: report, keep going
            result = {"number": task[0], "seed": task[1], "mutation": task[2],
                      "command": task[4], "args": task[5], "seconds": 0.0, "cpu": 0.0,
                      "exit": None,
                      "problems": [f"harness: {exc!r}"]}
        connection.send(result)


class _Slot:
    """One worker process fed one task at a time through a pipe."""

    def __init__(self, context):
        self.context = context
        self.start()

    def start(self) -> None:
        self.connection, child = self.context.Pipe()
        self.process = self.context.Process(target=_worker, args=(child,), daemon=True)
        self.process.start()
        self.task = None
        self.since = 0.0

    def give(self, task) -> None:
        self.task, self.since = task, time.time()
        self.connection.send(task)

    def kill(self) -> dict:
        task, elapsed = self.task, time.time() - self.since
        self.process.kill()
        self.process.join()
        self.start()
        return {"number": task[0], "seed": task[1], "mutation": task[2], "command": task[4],
                "args": task[5], "seconds": elapsed, "cpu": elapsed, "exit": None,
                "problems": [f"hang: killed after {elapsed:.0f} s"]}


def main() -> int:
    from multiprocessing.connection import wait

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--limit", type=float, default=10.0, help="seconds a run may take")
    parser.add_argument("--pictures", type=float, default=0.05,
                        help="share of simplify runs that also draw the pictures")
    parser.add_argument("--keep", default="fuzz-failures",
                        help="folder for the files that made a run fail")
    parser.add_argument("--deadline", type=float, default=None,
                        help="stop starting runs after this many seconds")
    options = parser.parse_args()
    rng = random.Random(options.seed)
    pool = seeds()
    CANARY.mkdir(exist_ok=True)
    weights = [w for _, w in COMMANDS]
    names = [c for c, _ in COMMANDS]
    tasks: list[tuple] = []
    yaml_seeds = [s for s in pool if s[0].endswith(".yaml")]
    bpmn_seeds = [s for s in pool if not s[0].endswith(".yaml")]
    for number in range(options.runs):     # half YAML, half BPMN, though BPMN seeds are more
        seed, data = rng.choice(yaml_seeds if rng.random() < 0.5 else bpmn_seeds)
        mutation, mutated = mutate(seed, data, rng)
        command = rng.choices(names, weights)[0]
        suffix = ".yaml" if seed.endswith(".yaml") else ".bpmn"
        args = command_args(command, f"in/input{suffix}", rng, options.pictures)
        tasks.append((number, seed, mutation, mutated, command, args))

    context = mp.get_context("fork")
    slots = [_Slot(context) for _ in range(options.workers)]
    pending = iter(tasks)
    results: list[dict] = []
    begun = time.time()
    hard_limit = max(60.0, options.limit * 6)
    while True:
        stop = options.deadline is not None and time.time() - begun > options.deadline
        for slot in slots:
            if slot.task is None and not stop:
                task = next(pending, None)
                if task is not None:
                    slot.give(task)
        busy = [slot for slot in slots if slot.task is not None]
        if not busy:
            break
        ready = wait([slot.connection for slot in busy], timeout=5)
        for slot in busy:
            if slot.connection in ready:
                try:
                    results.append(slot.connection.recv())
                    slot.task = None
                except EOFError:            # the worker died (a crash in C code)
                    dead = slot.kill()
                    dead["problems"] = ["worker died"]
                    results.append(dead)
                if len(results) % 500 == 0:
                    print(f"{len(results)} runs, {time.time() - begun:.0f} s",
                          file=sys.stderr, flush=True)
            elif time.time() - slot.since > hard_limit:
                results.append(slot.kill())
    for slot in slots:
        slot.connection.send(None)
        slot.process.join(timeout=5)

    for result in results:   # CPU time: the wall clock of a shared machine says little
        if result["cpu"] > options.limit:
            result["problems"].append(f"slow: {result['cpu']:.1f} s of CPU "
                                      f"({result['seconds']:.1f} s wall)")
    failed = [r for r in results if r["problems"]]
    report(results, failed, time.time() - begun, options)
    keep = Path(options.keep)
    by_number = {t[0]: t for t in tasks}
    if failed:
        keep.mkdir(exist_ok=True)
        for r in failed[:200]:
            task = by_number[r["number"]]
            suffix = ".yaml" if task[1].endswith(".yaml") else ".bpmn"
            (keep / f"{r['number']:05d}-{r['mutation']}{suffix}").write_bytes(task[3])
    return 1 if failed else 0


def report(results: list[dict], failed: list[dict], seconds: float, options) -> None:
    runs = Counter(r["command"] for r in results)
    fails = Counter(r["command"] for r in failed)
    statuses = Counter(r["exit"] for r in results)
    print(f"{len(results)} runs in {seconds:.0f} s ({options.workers} workers, seed "
          f"{options.seed}); exit statuses {dict(sorted(statuses.items(), key=str))}")
    print(f"{'command':<18}{'runs':>8}{'failed':>8}{'slowest cpu s':>15}{'median cpu s':>14}"
          f"{'slowest wall s':>16}")
    for command, count in sorted(runs.items()):
        times = sorted(r["cpu"] for r in results if r["command"] == command)
        wall = max(r["seconds"] for r in results if r["command"] == command)
        print(f"{command:<18}{count:>8}{fails[command]:>8}{times[-1]:>15.2f}"
              f"{times[len(times) // 2]:>14.3f}{wall:>16.2f}")
    mutations = Counter(r["mutation"] for r in results)
    mutation_fails = Counter(r["mutation"] for r in failed)
    print(f"\n{'mutation':<24}{'runs':>8}{'failed':>8}")
    for mutation, count in sorted(mutations.items()):
        print(f"{mutation:<24}{count:>8}{mutation_fails[mutation]:>8}")
    kinds = Counter(p.split(":")[0] for r in failed for p in r["problems"])
    print(f"\nfailures: {len(failed)} {dict(kinds)}")
    for r in failed[:25]:
        print(f"- #{r['number']} {r['seed']} [{r['mutation']}] bpmodel {' '.join(r['args'])}:")
        for problem in r["problems"]:
            print(f"    {problem[:300]}")


if __name__ == "__main__":
    sys.exit(main())
