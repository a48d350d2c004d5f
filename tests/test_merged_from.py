"""``merged_from``: a variant says, on each step that took over others' work, which steps of
the original it now does; the before/after picture drawn from the files marks what
``bpmodel simplify``'s own picture marks."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from svgdoc import Svg

import bpmodel
from bpmodel.io import dumps
from bpmodel.io.bpmn import loads_bpmn
from bpmodel.io.yaml import dumps_yaml, loads_yaml
from bpmodel.model import Flow, Process, Step
from bpmodel.render.diff import diff_processes
from bpmodel.report.deliverables import named_variant
from bpmodel.simplify.changes import Change
from bpmodel.simplify.edit import EditError, merge_into, merge_steps
from bpmodel.simplify.engine import simplify

from conftest import DATA, EXAMPLES, ROOT, SCHEMA, run

BUILDING = Path(bpmodel.default_process_path())
CATALOGUE = [BUILDING, *sorted((ROOT / "processes").glob("*.yaml"))]

sys.path.insert(0, str(Path(__file__).resolve().parent))
import record_engine_results as recording  # noqa: E402

HEAD = "bpmodel: 1\nprocess: {id: v, name: Variant}\nactors: [{id: clerk, name: Clerk}]\n"


def marks(diff) -> tuple[dict, dict]:
    """Every mark of a diff as plain values: (before, after)."""
    return ({k: (m.kind, m.badge, m.into) for k, m in diff.before.items()},
            {k: (m.kind, m.badge, m.also) for k, m in diff.after.items()})


def without_merges(process: Process) -> Process:
    return process.evolve(steps=tuple(replace(s, merged_from=()) for s in process.steps))


def line(*steps: Step) -> Process:
    return Process("p", "P", steps=steps,
                   flows=tuple(Flow(a.id, b.id) for a, b in zip(steps, steps[1:])))


# -- the key in the files ------------------------------------------------------------------

def test_yaml_round_trip_keeps_merged_from():
    text = HEAD + ("steps:\n"
                   "  - {id: a, name: A, actor: clerk, work: 1h,"
                   " merged_from: [register, check docs, '50%']}\n"
                   "  - {id: b, name: B, actor: clerk, work: 1h, merged_from: x}\n")
    process = loads_yaml(text).process
    assert process.step("a").merged_from == ("register", "check docs", "50%")
    assert process.step("b").merged_from == ("x",)          # one id alone is a list of one
    again = loads_yaml(dumps_yaml(process)).process
    assert again == process
    assert "merged_from: [register, check docs, 50%]" in dumps_yaml(process)


def test_bpmn_round_trip_keeps_merged_from():
    process = loads_yaml(HEAD + "steps:\n  - {id: a, name: A, actor: clerk, work: 1h,"
                                " merged_from: [register, check docs, '50%']}\n"
                                "  - {id: b, name: B, actor: clerk, work: 1h}\n").process
    text = dumps(process, "bpmn")
    assert 'bpmodel:merged_from="register check%20docs 50%25"' in text
    back = loads_bpmn(text).process
    assert back.step("a").merged_from == ("register", "check docs", "50%")
    assert back.step("b").merged_from == ()


def test_a_variant_in_bpmn_is_valid_and_keeps_its_merges():
    xmlschema = pytest.importorskip("xmlschema")
    variant = named_variant(simplify(bpmodel.load_process(BUILDING), "bold"))
    text = dumps(variant, "bpmn")
    errors = list(xmlschema.XMLSchema(str(SCHEMA / "BPMN20.xsd")).iter_errors(text))
    assert not errors, str(errors[0])[:500]
    back = loads_bpmn(text).process
    assert [(s.id, s.merged_from) for s in back.steps] == \
        [(s.id, s.merged_from) for s in variant.steps]
    assert back.step("sign").merged_from == ("initial_kabid", "approve_head", "approve_sekda")


def test_files_without_the_key_read_as_before():
    process = bpmodel.load_process(EXAMPLES / "building-approval.yaml")
    assert all(s.merged_from == () for s in process.steps)
    assert "merged_from" not in dumps_yaml(process)
    assert "merged_from" not in dumps(process, "bpmn")


def test_the_schema_accepts_a_variant_with_merges():
    import json

    import jsonschema
    import yaml

    schema = json.loads((ROOT / "bpmodel" / "data" / "process.schema.json").read_text())
    variant = named_variant(simplify(bpmodel.load_process(BUILDING), "bold"))
    data = yaml.safe_load(dumps(variant, "yaml"))
    assert any("merged_from" in step for step in data["steps"])
    jsonschema.validate(data, schema)
    data["steps"][0]["merged_from"] = [1]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


@pytest.mark.parametrize("steps, line_number, message", [
    ("  - {id: a, name: A, merged_from: [x, a]}\n", 5,
     "step 'a': merged_from names the step itself"),
    ("  - {id: a, name: A, merged_from: [x, y, x]}\n", 5,
     "step 'a': merged_from names 'x' twice"),
    ("  - {id: a, name: A, merged_from: [x]}\n  - {id: b, name: B,\n"
     "     merged_from: [y, x]}\n", 7,
     "step 'b': merged_from names 'x', which step 'a' took over already"),
])
def test_merges_that_cannot_be_are_errors_at_their_line(write, steps, line_number, message):
    path = write(HEAD + "steps:\n" + steps)
    result = run("validate", path)
    assert result.exit_code == 1, result.output
    assert f"bpmodel: error: {path}:{line_number}:" in result.output
    assert message in result.output


def test_an_id_the_file_does_not_know_is_fine_one_it_has_is_a_warning(write):
    path = write(HEAD + "steps:\n  - {id: a, name: A, work: 1h, merged_from: [gone]}\n"
                        "  - {id: b, name: B, work: 1h, merged_from: [a]}\n")
    result = run("validate", path)
    assert result.exit_code == 0, result.output
    assert "'gone'" not in result.output
    assert f"bpmodel: warning: {path}:6:46: step 'b': merged_from names 'a', a step of this " \
        "process too" in result.output


def test_two_claims_in_bpmn_are_an_error_at_the_element(tmp_path):
    process = line(Step("a", "A", merged_from=("x",)), Step("b", "B", merged_from=("x",)))
    path = tmp_path / "claims.bpmn"
    path.write_text(dumps(process, "bpmn"), encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code == 1, result.output
    row = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
               if 'id="b"' in text and "task" in text)
    assert f"{path}:{row}:" in result.output
    assert "which step 'a' took over already" in result.output


# -- the rewrites set it -------------------------------------------------------------------

def test_merges_accumulate():
    p = line(Step("a", "A"), Step("b", "B", merged_from=("x",)), Step("c", "C"))
    q = merge_steps(p, "a", "b", Step("a", "A; b"))
    assert q.step("a").merged_from == ("b", "x")
    r = merge_into(q, "a", "c")
    assert r.step("c").merged_from == ("a", "b", "x")


@pytest.mark.parametrize("path, level, expected", [
    (BUILDING, "safe", {"register": ("reenter",), "verify_land": ("verify_land_tech",)}),
    (BUILDING, "bold", {"verify_land": ("verify_land_tech",), "reenter": ("register",),
                        "sign": ("initial_kabid", "approve_head", "approve_sekda")}),
    # harmonise-rules: one check for two regulations
    (DATA / "trust" / "clinic-licence.yaml", "bold", {"verif_dinkes": ("verif",)}),
    # integrate-systems, then compose-steps merges the entry that stayed: it accumulates
    (DATA / "trust" / "birth-certificate.yaml", "bold",
     {"periksa": ("input_siak", "catat_desa")}),
    # inspect-jointly makes one visit of the inspections: every inspection stays
    (DATA / "reforms" / "izin-klinik.yaml", "bold", {}),
])
def test_the_rewrites_that_merge_record_it(path, level, expected):
    variant = simplify(bpmodel.load_process(path), level)
    assert {s.id: s.merged_from for s in variant.process.steps if s.merged_from} == expected


def test_a_flattened_cascade_hands_every_approval_s_output_to_the_signature(write):
    """Each approval removed gave its outputs to the signature as the cascade began, so
    only the last one's stayed: a later step needed a memo nobody made any more."""
    path = write(
        "bpmodel: 1\nprocess: {id: f, name: Flatten}\n"
        "actors: [{id: kabid, name: Head of division}, {id: kadis, name: Head of agency},"
        " {id: sekda, name: Regional secretary}, {id: bupati, name: Regent}]\n"
        "documents: [{id: memo, name: Review memo}, {id: note, name: Approval note}]\n"
        "steps:\n"
        "  - {id: a1, name: Approve the draft decree, actor: kabid, work: 1h, wait: 2d,"
        " produces: [memo]}\n"
        "  - {id: a2, name: Approve the draft decree, actor: kadis, work: 1h, wait: 2d,"
        " produces: [note]}\n"
        "  - {id: a3, name: Approve the draft decree, actor: sekda, work: 1h, wait: 2d}\n"
        "  - {id: sign, name: Sign the decree, actor: bupati, work: 1h, wait: 2d}\n"
        "  - {id: file, name: File the decree, actor: kabid, work: 1h, needs: [memo, note]}\n")
    variant = simplify(bpmodel.load_process(path), "bold")
    assert [c.rewrite for c in variant.changes] == ["flatten-approvals"]
    sign = variant.process.step("sign")
    assert set(sign.produces) == {"memo", "note"}
    assert sign.merged_from == ("a1", "a2", "a3")


def test_a_sub_process_is_never_merged_into_a_task(write, tmp_path):
    """compose-steps merged a task and the sub-process after it, leaving the steps the
    sub-process held without it: the variant.yaml written could not be read back (seen
    on the MIWG reference B.1.0)."""
    path = write(HEAD + "steps:\n"
                 "  - {id: go, name: Application in, type: event, kind: start, actor: clerk}\n"
                 "  - {id: a, name: Check the form, actor: clerk, work: 1h}\n"
                 "  - {id: sub, name: Review the file, kind: subprocess, actor: clerk, next: b}\n"
                 "  - {id: s0, name: Start, type: event, kind: start, actor: clerk, parent: sub}\n"
                 "  - {id: in1, name: Read the file, actor: clerk, work: 1h, parent: sub}\n"
                 "  - {id: e0, name: Done, type: event, kind: end, actor: clerk, parent: sub}\n"
                 "  - {id: b, name: Archive the file, actor: clerk, work: 1h}\n")
    for level in ("safe", "bold"):
        out = tmp_path / level
        result = run("simplify", "--level", level, "-o", out, path)
        assert result.exit_code == 0, result.output
        assert run("validate", out / "variant.yaml").exit_code == 0
        variant = bpmodel.load_process(out / "variant.yaml")
        assert variant.has_step("sub") and variant.step("in1").parent == "sub"
    p = bpmodel.load_process(path)
    with pytest.raises(EditError):
        merge_steps(p, "a", "sub", p.step("a"))


def test_a_variant_simplified_again_carries_and_adds_its_merges(tmp_path):
    original = bpmodel.load_process(BUILDING)
    first = simplify(original, "safe")
    (tmp_path / "safe.yaml").write_text(dumps(named_variant(first), "yaml"), encoding="utf-8")
    safe = bpmodel.load_process(tmp_path / "safe.yaml")
    assert simplify(safe, "safe").changes == ()        # nothing more at the same level
    second = simplify(safe, "bold")
    merged = {s.id: s.merged_from for s in second.process.steps if s.merged_from}
    assert merged["verify_land"] == ("verify_land_tech",)          # carried
    assert set(merged["sign"]) == {"initial_kabid", "approve_head", "approve_sekda"}
    # against the first original, the steps merged in either run are merged
    d = diff_processes(original, second.process)
    assert d.before["verify_land_tech"].kind == d.before["approve_head"].kind == "merged-away"
    # against the safe variant, only the second run's merges count
    d = diff_processes(safe, second.process, second.changes)
    assert "verify_land" not in d.after or d.after["verify_land"].kind != "merged"
    assert d.after["sign"].badge == "merged 4\u21921"


# -- the diff reads it ---------------------------------------------------------------------

def test_the_diff_reads_the_variant_without_a_log():
    original = line(*(Step(i, i.upper()) for i in "abcd"))
    variant = line(Step("a", "A"), Step("d", "D", merged_from=("b", "c")))
    d = diff_processes(original, variant)
    assert [(d.before[s].kind, d.before[s].into) for s in "bc"] == [("merged-away", "d")] * 2
    assert d.after["d"].badge == "merged 3\u21921"


def test_names_are_no_evidence_of_a_merge():
    original = line(*(Step(i, i.upper()) for i in "abc"))
    renamed = line(Step("a", "A, now online"), Step("c", "C"))    # b dropped, a renamed
    d = diff_processes(original, renamed)
    assert d.before["b"].kind == "removed"
    assert d.after["a"].kind == "changed"


def test_a_new_step_that_does_several_is_merged():
    original = line(*(Step(i, i.upper()) for i in "abc"))
    variant = line(Step("n", "A and B", merged_from=("a", "b")), Step("c", "C"))
    d = diff_processes(original, variant)
    assert d.before["a"].into == d.before["b"].into == "n"
    assert (d.after["n"].kind, d.after["n"].badge) == ("merged", "merged 2\u21921")


def test_merged_from_alone_is_no_change_of_a_step():
    original = line(Step("a", "A", merged_from=("old",)), Step("b", "B"))
    variant = line(Step("a", "A", merged_from=("old", "older")), Step("b", "B"))
    assert diff_processes(original, variant).after == {}


def test_the_log_follows_a_merge_of_a_merged_step():
    original = line(*(Step(i, i.upper()) for i in "abcd"))
    variant = line(Step("a", "A"), Step("d", "D"))
    log = [Change("integrate-systems", "integration", "bold", ("b", "c"), "w", "y"),
           Change("compose-steps", "task composition", "safe", ("c", "d"), "w", "y")]
    d = diff_processes(original, variant, log)
    assert [(d.before[s].kind, d.before[s].into) for s in "bc"] == [("merged-away", "d")] * 2


def _inputs() -> dict[str, object]:
    """The catalogue, every process file the engine's results were recorded for and the
    processes drawn for them (as YAML text), by name."""
    import json

    files = {recording.file_key(p): p for p in sorted({*CATALOGUE, *recording.input_files()})}
    drawn = json.loads(recording.DRAWN.read_text(encoding="utf-8"))
    return {**files, **{f"drawn-{i}": text for i, text in enumerate(drawn)}}


INPUTS = _inputs()


def _load(source) -> Process:
    return bpmodel.load_process(source) if isinstance(source, Path) \
        else loads_yaml(source).process


@pytest.mark.parametrize("level", ("safe", "bold"))
@pytest.mark.parametrize("key", sorted(INPUTS))
def test_the_files_the_log_and_the_field_give_the_same_marks(key, level):
    """simplify's own picture (the variant in memory and its change log), diagram
    --compare on the files it writes (YAML and BPMN) and the change log alone mark every
    step alike."""
    original = _load(INPUTS[key])
    variant = simplify(original, level)
    own = marks(diff_processes(variant.original, variant.process, variant.changes))
    for kind in ("yaml", "bpmn"):
        text = dumps(named_variant(variant), kind)
        written = loads_yaml(text).process if kind == "yaml" else loads_bpmn(text).process
        assert marks(diff_processes(_load(INPUTS[key]), written)) == own, kind
    log_only = diff_processes(original, without_merges(variant.process), variant.changes)
    assert marks(log_only) == own


def _badges(paths) -> dict[str, str]:
    """The badge of every step the pictures mark, wherever it is drawn (a badge set on
    the right of its step has an id of its own)."""
    found: dict[str, str] = {}
    for path in paths:
        svg = Svg(path)
        for gid in svg.ids("before-badge-") + svg.ids("after-badge-"):
            key = gid.removesuffix("-r")
            assert found.setdefault(key, svg.text(gid)) == svg.text(gid), gid
    return found


def test_diagram_compare_marks_what_simplify_drew(tmp_path):
    """The case users met: 'Register application' merged in simplify's picture, removed
    in diagram --compare of the same files."""
    out = tmp_path / "out"
    result = run("simplify", "--level", "bold", "-o", out, BUILDING)
    assert result.exit_code == 0, result.output
    drawn = _badges(sorted(out.glob("before-after*.svg")))
    for name in ("variant.yaml", "variant.bpmn"):
        picture = tmp_path / f"{name}.svg"
        result = run("diagram", "--compare", BUILDING, out / name, "-o", picture)
        assert result.exit_code == 0, result.output
        assert _badges([picture]) == drawn, name
    assert drawn["before-badge-register"] == "merged"
    assert drawn["after-badge-reenter"] == "merged 2\u21921"


def test_the_report_names_the_step_a_merged_step_went_into():
    from bpmodel.report.workshop import variant_report

    variant = simplify(bpmodel.load_process(BUILDING), "bold")
    html = variant_report(variant, None, None)
    assert "<td>merged into Re-enter application data into SIMBG</td>" in html   # register
    assert html.count("<td>merged into Sign approval decree</td>") == 3
