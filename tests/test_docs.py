"""From a finding to the rewrite that answers it in one hop: every rule doc names its
rewrite (or says none answers it), every rewrite module is named after its rewrite, and
every example in a rule or rewrite doc is a process bpmodel loads (a rule's example shows
what the rule finds)."""

from __future__ import annotations

import re
import sys
import textwrap

import pytest
import yaml

from bpmodel.analysis.findings import doc_sections, find, rules
from bpmodel.io.yaml import loads_yaml
from bpmodel.simplify.rewrites import REWRITES

from conftest import run

ANSWERED = re.compile(r"Answered by the rewrite ``([a-z-]+)`` \(``bpmodel rewrites \1`` "
                      r"explains it\)\.")
NONE = "No rewrite answers it: a person decides the fix (``bpmodel simplify`` leaves it alone)."


def examples(doc: str) -> list[str]:
    """The literal blocks of a doc (the indented lines after a line ending in ``::``).

    >>> examples("Example\\n::\\n\\n    - {id: a}\\n    - {id: b}\\n\\nFix")
    ['- {id: a}\\n- {id: b}']
    """
    lines, found, i = doc.splitlines(), [], 0
    while i < len(lines):
        if lines[i].rstrip().endswith("::"):
            i += 1
            block = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith("    ")):
                block.append(lines[i])
                i += 1
            found.append(textwrap.dedent("\n".join(block)).strip("\n"))
        else:
            i += 1
    return found


def whole_process(example: str) -> str:
    """An example as a whole process file: a list is the steps, a mapping holds top keys
    of the format; the process header and the actors, documents and systems the steps name
    but the example does not declare are filled in (``applicant`` as a citizen)."""
    data = yaml.safe_load(example)
    if isinstance(data, list):
        data = {"steps": data}
    assert isinstance(data, dict) and "steps" in data, example
    data = {"bpmodel": 1, "process": {"id": "example", "name": "Example"}, **data}
    steps = data["steps"]

    def declare(key: str, used: list[str], extra=lambda _: {}) -> None:
        records = list(data.get(key, []))
        known = {r["id"] for r in records}
        for name in used:
            if name not in known:
                known.add(name)
                records.append({"id": name, "name": name, **extra(name)})
        if records or key == "actors":
            data[key] = records

    declare("actors", [s["actor"] for s in steps if s.get("actor")],
            lambda a: {"kind": "citizen"} if a == "applicant" else {})
    declare("documents", [d for s in steps for d in (*s.get("needs", ()),
                                                     *s.get("produces", ()))])
    declare("systems", [s["system"] for s in steps if s.get("system")])
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _module_doc(rewrite) -> str:
    return sys.modules[type(rewrite).__module__].__doc__ or ""


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.name)
def test_every_rule_doc_names_the_rewrite_that_answers_it(rule):
    fix = rule.doc.split("\nFix\n---\n", 1)[1].split("\nOptions\n-------\n")[0]
    paragraph = " ".join(fix.strip().split("\n\n")[-1].split())
    named = ANSWERED.findall(fix.replace("\n", " "))
    answering = [r.name for r in REWRITES if rule.name in r.answers]
    assert named == answering, paragraph
    if not answering:
        assert paragraph == NONE


def test_rules_json_names_the_rewrites_that_answer_each_rule():
    import json

    data = {r["name"]: r["rewrites"] for r in json.loads(run("rules", "--format", "json").output)}
    assert data["duplicate-step"] == ["remove-duplicate-step"]
    assert data["deadlock"] == []
    one = json.loads(run("rules", "repeated-document-request", "--format", "json").output)
    assert one["rewrites"] == ["exchange-data"]


def test_every_rewrite_answers_rules_that_exist():
    names = {r.name for r in rules()}
    assert all(set(rewrite.answers) <= names for rewrite in REWRITES)


def test_every_rewrite_module_is_named_after_its_rewrite():
    for rewrite in REWRITES:
        module = type(rewrite).__module__
        assert module == f"bpmodel.simplify.rewrites.{rewrite.name.replace('-', '_')}"


@pytest.mark.parametrize("rule", rules(), ids=lambda r: r.name)
def test_every_rule_example_loads_and_shows_what_the_rule_finds(rule):
    assert "Example" in doc_sections(rule.doc)
    found = examples(rule.doc)
    assert found, "the Example section has no literal block"
    for example in found:
        process = loads_yaml(whole_process(example), f"{rule.name} example",
                             strict=False).process
        assert any(f.rule == rule.name for f in find(process, select=[rule.name])), example


@pytest.mark.parametrize("rule", [r for r in rules() if any(r.name in w.answers
                                                            for w in REWRITES)],
                         ids=lambda r: r.name)
def test_the_rewrite_that_answers_a_rule_proposes_a_change_on_its_example(rule):
    for example in examples(rule.doc):
        process = loads_yaml(whole_process(example), strict=False).process
        found = [f for f in find(process, select=[rule.name]) if f.rule == rule.name]
        for rewrite in (r for r in REWRITES if rule.name in r.answers):
            assert any(True for f in found for _ in rewrite.propose(process, f)), rewrite.name


@pytest.mark.parametrize("rewrite", REWRITES, ids=lambda r: r.name)
def test_every_rewrite_has_an_example_it_changes(rewrite):
    """Its own doc's examples, or (tested above) those of the rules it answers."""
    own = examples(_module_doc(rewrite))
    assert own or rewrite.answers
    for example in own:
        process = loads_yaml(whole_process(example), f"{rewrite.name} example").process
        found = find(process, select=list(rewrite.answers)) if rewrite.answers else []
        proposals = [*rewrite.propose_own(process),
                     *(p for f in found for p in rewrite.propose(process, f))]
        assert proposals, example


def test_an_invalid_example_is_caught():
    from bpmodel.diagnostics import InputError

    with pytest.raises(yaml.YAMLError):
        whole_process("- {id: ok, name: Documents ok?, type: gateway}")
    with pytest.raises(InputError, match="unknown key 'agency'"):
        loads_yaml(whole_process("- {id: a, name: A, actor: x, agency: PTSP}"))
