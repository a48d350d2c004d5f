"""Every rewrite on its own small cases: tests/rewrites/<rewrite>.yaml.

A case file names its rewrite, a ``base`` (actors, documents, systems shared by its
cases) and ``cases``: a small process and what simplifying it with that rewrite alone
(at level bold) must give. ``expect`` keys: ``changes`` (how many), ``removed``,
``kept`` and ``added`` (step ids), ``flows`` (pairs that must exist), ``contact``,
``needs`` and ``produces`` (per step), ``work_hours`` and ``wait_hours`` (per step),
``probability`` (``[source, target, p]``), ``lead_time_hours``, ``why_has`` and
``why_lacks`` (words that some change's reason must, or no change's reason may, say),
``instrument_has`` (words that some change's instrument needed must say).
"""

from pathlib import Path

import pytest
import yaml

from bpmodel.analysis.measures import measure
from bpmodel.io.yaml import loads_yaml
from bpmodel.simplify.engine import simplify
from bpmodel.simplify.guards import violations
from bpmodel.simplify.rewrites import REWRITES

CASE_DIR = Path(__file__).parent / "rewrites"


def load_cases():
    for path in sorted(CASE_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rewrite"], data.get("base", {}), case,
                               id=f"{data['rewrite']}: {case['name']}")


def build(base, case):
    body = {"bpmodel": 1, "process": {"id": "case", "name": case["name"]},
            **base, **case["process"]}
    return loads_yaml(yaml.safe_dump(body, sort_keys=False)).process


@pytest.mark.parametrize("rewrite, base, case", list(load_cases()))
def test_rewrite_case(rewrite, base, case):
    process = build(base, case)
    variant = simplify(process, "bold", only=[rewrite])
    result, expect = variant.process, case["expect"]
    assert len(variant.changes) == expect["changes"], [c.what for c in variant.changes]
    assert all(c.rewrite == rewrite and c.why for c in variant.changes)
    assert violations(process, result) == []
    for step_id in expect.get("removed", ()):
        assert not result.has_step(step_id), step_id
    for step_id in expect.get("kept", ()):
        assert result.has_step(step_id), step_id
    for step_id in expect.get("added", ()):
        assert result.has_step(step_id) and not process.has_step(step_id), step_id
    pairs = {(f.source, f.target) for f in result.flows}
    for source, target in expect.get("flows", ()):
        assert (source, target) in pairs, (source, target, sorted(pairs))
    for key in ("contact",):
        for step_id, value in expect.get(key, {}).items():
            assert getattr(result.step(step_id), key) == value, step_id
    for key in ("needs", "produces"):
        for step_id, value in expect.get(key, {}).items():
            assert list(getattr(result.step(step_id), key)) == value, step_id
    for key in ("work", "wait"):
        for step_id, hours in expect.get(f"{key}_hours", {}).items():
            assert getattr(result.step(step_id), key).hours == pytest.approx(hours)
    for source, target, p in expect.get("probability", ()):
        flow = next(f for f in result.outgoing(source) if f.target == target)
        assert flow.probability == pytest.approx(p)
    reasons = " | ".join(c.why for c in variant.changes)
    for words in expect.get("why_has", ()):
        assert words in reasons, (words, reasons)
    for words in expect.get("why_lacks", ()):
        assert words not in reasons, (words, reasons)
    instruments = " | ".join(c.instrument or "" for c in variant.changes)
    for words in expect.get("instrument_has", ()):
        assert words in instruments, (words, instruments)
    if "lead_time_hours" in expect:
        assert measure(result)["lead_time_hours"] == pytest.approx(expect["lead_time_hours"])


def test_every_rewrite_has_cases():
    names = {r.name for r in REWRITES}
    with_cases = {yaml.safe_load(p.read_text())["rewrite"] for p in CASE_DIR.glob("*.yaml")}
    assert names == with_cases


def test_every_rewrite_has_a_level_a_heuristic_and_a_doc():
    for rewrite in REWRITES:
        assert rewrite.level in ("safe", "bold")
        assert rewrite.heuristic
        assert (type(rewrite).__module__ and
                len(__import__(type(rewrite).__module__, fromlist=["x"]).__doc__ or "") > 80)
