"""The deliverables of `bpmodel simplify` (bpmodel.report.deliverables): composed in one
place, written whole, and nothing of it left in bpmodel.simplify, which only computes."""

import ast
import json
import re
from pathlib import Path

import pytest
from PIL import Image

import bpmodel
from bpmodel.render.charts import SCREEN_DPI
from bpmodel.report.deliverables import (
    ALL_OUTPUTS,
    BEFORE_AFTER,
    REPORT_HTML,
    SUMMARY_JSON,
    picture_formats,
    render_outputs,
    write_outputs,
)
from bpmodel.report.summary import read_summary
from bpmodel.report.workshop import inline_svg
from bpmodel.simplify.engine import simplify

from conftest import EXAMPLES, run

SIMPLIFY = Path(bpmodel.__file__).parent / "simplify"
TRADE = EXAMPLES / "trade-licence.yaml"
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
    return simplify(bpmodel.load_process(TRADE), "bold")


def test_without_pictures_every_file_but_the_pictures(trade_variant):
    outputs = render_outputs(trade_variant, pictures=False)
    assert set(outputs) == set(ALL_OUTPUTS) - {f"{BEFORE_AFTER}.png", f"{BEFORE_AFTER}.svg"}
    assert read_summary(outputs[SUMMARY_JSON])["level"] == "bold"
    assert "<svg" not in outputs[REPORT_HTML]


def test_the_report_shows_the_same_picture_as_the_svg_file(trade_variant):
    outputs = render_outputs(trade_variant)
    assert inline_svg(outputs[f"{BEFORE_AFTER}.svg"], "p1-1") in outputs[REPORT_HTML]
    for k in range(2, 99):
        if f"{BEFORE_AFTER}-{k}.svg" not in outputs:
            break
        assert inline_svg(outputs[f"{BEFORE_AFTER}-{k}.svg"], f"p1-{k}") \
            in outputs[REPORT_HTML]


def test_write_outputs_replaces_the_stale_files_of_an_earlier_run(trade_variant, tmp_path):
    write_outputs(render_outputs(trade_variant, pictures=("svg", "png")), tmp_path)
    assert (tmp_path / f"{BEFORE_AFTER}.png").exists()
    written = write_outputs(render_outputs(trade_variant, pictures=False), tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in tmp_path.iterdir())
    assert not (tmp_path / f"{BEFORE_AFTER}.png").exists()
    assert not (tmp_path / f"{BEFORE_AFTER}.svg").exists()
    assert json.loads((tmp_path / SUMMARY_JSON).read_text(encoding="utf-8"))["changes"]


def test_write_outputs_never_overwrites_an_input(trade_variant, tmp_path):
    source = tmp_path / "variant.yaml"
    source.write_text("kept", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_outputs(render_outputs(trade_variant, pictures=False), tmp_path, inputs=[source])
    assert source.read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["variant.yaml"]


def test_picture_formats_default_to_the_svg_alone():
    assert picture_formats(True) == ("svg",) and picture_formats(False) == ()
    assert picture_formats(("png",)) == ("png",)
    with pytest.raises(ValueError, match="cannot draw the picture as gif"):
        picture_formats(("gif",))


def test_a_png_alone_still_puts_the_picture_in_the_report(trade_variant):
    outputs = render_outputs(trade_variant, pictures=("png",))
    assert f"{BEFORE_AFTER}.svg" not in outputs
    assert outputs[f"{BEFORE_AFTER}.png"].startswith(b"\x89PNG")
    assert "<svg" in outputs[REPORT_HTML]


def test_cli_simplify_writes_the_png_only_when_asked(tmp_path):
    result = run("simplify", TRADE, "-o", tmp_path / "svg")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "svg").glob("before-after.*")) == [
        "before-after.svg"]
    result = run("simplify", TRADE, "-o", tmp_path / "both", "--png")
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "both" / "before-after.png") as image:
        assert image.mode == "RGB" and image.size == (1240, 1753)   # A4 portrait, 150 dpi


def test_cli_simplify_refuses_png_without_pictures(tmp_path):
    result = run("simplify", TRADE, "-o", tmp_path, "--no-pictures", "--png")
    assert result.exit_code == 2 and "--png" in result.output
    assert not tmp_path.exists() or not any(tmp_path.iterdir())


def test_a_diagram_at_its_natural_size_is_an_rgb_png_for_a_screen(tmp_path):
    result = run("diagram", EXAMPLES / "minimal.yaml", "-o", tmp_path / "d.png")
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "d.png") as image:
        assert image.mode == "RGB"
        assert round(image.info["dpi"][0]) == SCREEN_DPI
        svg = run("diagram", EXAMPLES / "minimal.yaml", "-o", tmp_path / "d.svg")
        assert svg.exit_code == 0
        width_pt = float(re.search(r'width="([\d.]+)pt"',
                                   (tmp_path / "d.svg").read_text()).group(1))
        assert abs(image.size[0] - width_pt / 72 * SCREEN_DPI) <= 1


def test_the_variant_files_name_the_variant_not_the_original(tmp_path):
    """A simplified variant keeps its original's name in memory; its own files call it
    the level's variant, so that a BPMN editor never shows it as the original."""
    out = tmp_path / "out"
    assert run("simplify", "--no-pictures", "-o", str(out)).exit_code == 0
    variant = bpmodel.load_process(out / "variant.yaml")
    assert variant.name == "Building approval, before reform (bold variant)"
    pool = bpmodel.load_process(out / "variant.bpmn")
    assert pool.name == variant.name
    again = tmp_path / "again"
    assert run("simplify", str(out / "variant.yaml"), "--no-pictures", "-o",
               str(again)).exit_code == 0
    assert bpmodel.load_process(again / "variant.yaml").name == variant.name


def test_the_variant_name_is_in_the_output_language(tmp_path):
    out = tmp_path / "out"
    assert run("simplify", "--no-pictures", "--lang", "id", "--level", "safe",
               "-o", str(out)).exit_code == 0
    name = bpmodel.load_process(out / "variant.yaml").name
    assert name.startswith("Building approval, before reform (varian ")
    assert "variant" not in name.removeprefix("Building approval, before reform")
