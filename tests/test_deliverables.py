"""The deliverables of `bpmodel simplify` (bpmodel.report.deliverables): composed in one
place, written whole, and nothing of it left in bpmodel.simplify, which only computes."""

import ast
import json
from pathlib import Path

import pytest

import bpmodel
from bpmodel.report.deliverables import (
    ALL_OUTPUTS,
    BEFORE_AFTER,
    REPORT_HTML,
    SUMMARY_JSON,
    render_outputs,
    write_outputs,
)
from bpmodel.report.summary import read_summary
from bpmodel.report.workshop import inline_svg
from bpmodel.simplify.engine import simplify

from conftest import EXAMPLES

SIMPLIFY = Path(bpmodel.__file__).parent / "simplify"
NOT_FOR_SIMPLIFY = ("matplotlib", "PIL", "bpmodel.render", "bpmodel.report", "bpmodel.io",
                    "bpmodel.cli")


def _imports(path: Path) -> list[str]:
    """The absolute names a module imports, its relative imports resolved."""
    package = "bpmodel." + ".".join(path.relative_to(SIMPLIFY.parent).with_suffix("").parts[:-1])
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[:len(base) - node.level + 1]
                names.append(".".join([*base, node.module] if node.module else base))
            else:
                names.append(node.module or "")
    return names


def test_simplify_only_computes_it_never_draws_nor_writes_files():
    modules = sorted(SIMPLIFY.rglob("*.py"))
    assert modules and not (SIMPLIFY / "output.py").exists()
    for module in modules:
        for name in _imports(module):
            assert not name.startswith(NOT_FOR_SIMPLIFY), f"{module.name} imports {name}"


def test_the_import_check_resolves_relative_imports():
    assert "bpmodel.simplify.changes" in _imports(SIMPLIFY / "engine.py")
    assert "bpmodel.model" in _imports(SIMPLIFY / "edit.py")


@pytest.fixture(scope="module")
def trade_variant():
    return simplify(bpmodel.load_process(EXAMPLES / "trade-licence.yaml"), "bold")


def test_without_pictures_every_file_but_the_pictures(trade_variant):
    outputs = render_outputs(trade_variant, pictures=False)
    assert set(outputs) == set(ALL_OUTPUTS) - {f"{BEFORE_AFTER}.png", f"{BEFORE_AFTER}.svg"}
    assert read_summary(outputs[SUMMARY_JSON])["level"] == "bold"
    assert "<svg" not in outputs[REPORT_HTML]


def test_the_report_shows_the_same_picture_as_the_svg_file(trade_variant):
    outputs = render_outputs(trade_variant)
    assert inline_svg(outputs[f"{BEFORE_AFTER}.svg"], "p1") in outputs[REPORT_HTML]


def test_write_outputs_replaces_the_stale_files_of_an_earlier_run(trade_variant, tmp_path):
    write_outputs(render_outputs(trade_variant), tmp_path)
    assert (tmp_path / f"{BEFORE_AFTER}.png").exists()
    written = write_outputs(render_outputs(trade_variant, pictures=False), tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in tmp_path.iterdir())
    assert not (tmp_path / f"{BEFORE_AFTER}.png").exists()
    assert json.loads((tmp_path / SUMMARY_JSON).read_text(encoding="utf-8"))["changes"]


def test_write_outputs_never_overwrites_an_input(trade_variant, tmp_path):
    source = tmp_path / "variant.yaml"
    source.write_text("kept", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_outputs(render_outputs(trade_variant, pictures=False), tmp_path, inputs=[source])
    assert source.read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["variant.yaml"]
