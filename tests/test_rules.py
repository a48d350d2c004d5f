"""Run every case of every rule's case file, ``tests/rules/<rule>.yaml``.

A case file names its rule and lists cases. Each case is a small process, in the bpmodel
YAML format (``process``: ``bpmodel: 1`` and the process header may be left out, and the
file's ``base`` keys, such as ``actors``, are filled in), or, for shapes the YAML reader
refuses (unreachable steps, loops with no way out), as ``raw`` steps and flows built
straight into the model. Then:

- ``finds``: lists of step ids; each list must be among the steps of some finding;
- ``finds_not``: lists of step ids; no finding may include all of them;
- ``count``: the exact number of findings of the rule;
- ``evidence``: (inside a ``finds`` entry written as a mapping) keys the finding's
  evidence must have with these values;
- ``options``: options for the rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bpmodel.analysis.findings import RULE_ERROR, find, rules
from bpmodel.io.yaml import loads_yaml
from bpmodel.model import Actor, Document, Flow, Process, Step

CASES_DIR = Path(__file__).parent / "rules"


def _case_files() -> list[Path]:
    return sorted(CASES_DIR.glob("*.yaml"))


def _cases():
    for path in _case_files():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data, case, id=f"{path.stem}: {case['name']}")


def _build(data: dict, case: dict) -> Process:
    if "raw" in case:
        raw = {**data.get("base", {}), **case["raw"]}
        steps = tuple(Step(**s) for s in raw["steps"])
        flows = tuple(Flow(f[0], f[1]) if isinstance(f, list) else Flow(**f)
                      for f in raw.get("flows", ()))
        return Process("case", case["name"], steps=steps, flows=flows,
                       actors=tuple(Actor(**a) for a in raw.get("actors", ())),
                       documents=tuple(Document(**d) for d in raw.get("documents", ())))
    body = {"bpmodel": 1, "process": {"id": "case", "name": case["name"]},
            **data.get("base", {}), **case["process"]}
    return loads_yaml(yaml.safe_dump(body, sort_keys=False), f"{data['rule']}.yaml").process


def _steps(entry) -> tuple[list[str], dict]:
    if isinstance(entry, dict):
        return entry["steps"], entry.get("evidence", {})
    return entry, {}


@pytest.mark.parametrize(("data", "case"), list(_cases()))
def test_rule_case(data, case):
    process = _build(data, case)
    rule = data["rule"]
    options = {rule: case["options"]} if "options" in case else None
    found = find(process, select=[rule], options=options)
    assert not [f for f in found if f.rule == RULE_ERROR], found
    described = [(f.steps, dict(f.evidence)) for f in found]
    for entry in case.get("finds", ()):
        steps, evidence = _steps(entry)
        matches = [f for f in found if set(steps) <= set(f.steps)
                   and all(f.to_dict()["evidence"].get(k) == v for k, v in evidence.items())]
        assert matches, f"expected a finding on {steps} {evidence or ''}; got {described}"
    for steps in case.get("finds_not", ()):
        assert not [f for f in found if set(steps) <= set(f.steps)], \
            f"expected no finding on {steps}; got {described}"
    if "count" in case:
        assert len(found) == case["count"], described
    assert "finds" in case or "finds_not" in case or "count" in case, "a case must expect"


def test_every_rule_has_cases_that_find_and_that_do_not():
    files = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in _case_files()}
    for rule in rules():
        assert rule.name in files, f"no tests/rules/{rule.name}.yaml"
        data = files[rule.name]
        assert data["rule"] == rule.name
        cases = data["cases"]
        assert any(c.get("finds") for c in cases), f"{rule.name}: no must-find case"
        assert any(c.get("finds_not") or c.get("count") == 0 for c in cases), \
            f"{rule.name}: no must-not-find case"
    assert set(files) <= {r.name for r in rules()}, "a case file for an unknown rule"
