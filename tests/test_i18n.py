"""Bahasa Indonesia: the catalogue covers every message, follows the glossary, and every
command run with ``--lang id`` prints and writes no English sentence."""

from __future__ import annotations

import html
import inspect
import json
import re
import string
from functools import cache
from pathlib import Path

import pytest
import yaml
from svgdoc import Svg

import bpmodel
from bpmodel import i18n
from bpmodel.i18n import detect_language, locale_language, process_language, use_language

from conftest import ROOT, run

PACKAGE = ROOT / "bpmodel"
PO = PACKAGE / "locale" / "id" / "LC_MESSAGES" / "bpmodel.po"
GLOSSARY = PACKAGE / "locale" / "glossary.yaml"
PROCESSES = sorted((ROOT / "processes").glob("*.yaml"))
BUNDLED = bpmodel.default_process_path()
INDONESIAN = ROOT / "tests" / "data" / "i18n" / "persetujuan-bangunan.yaml"
# the keywords of `pybabel extract` (docs/translating.md) besides Babel's own
KEYWORDS = {"gettext_in": (2,), "in_process_language": (2,), "N_plural": (1, 2)}


@cache
def extracted() -> dict:
    """(context, msgid) -> msgid or (singular, plural), for every message in the package."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg

    keywords = {**DEFAULT_KEYWORDS, **KEYWORDS}
    out = {}
    with (ROOT / "babel.cfg").open(encoding="utf-8") as stream:
        method_map, options_map = parse_mapping_cfg(stream, "babel.cfg")
    for _file, _line, message, _comments, context in extract_from_dir(
            str(PACKAGE), method_map=method_map, options_map=options_map,
            keywords=keywords):
        key = message[0] if isinstance(message, tuple) else message
        out[(context, key)] = message
    return out


@cache
def catalogue():
    from babel.messages.pofile import read_po

    with PO.open("rb") as stream:
        return read_po(stream)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_message_has_an_indonesian_translation():
    missing = []
    for (context, key), message in extracted().items():
        entry = catalogue().get(message, context)
        strings = () if entry is None else (
            entry.string if isinstance(entry.string, tuple) else (entry.string,))
        if entry is None or entry.fuzzy or not all(strings):
            missing.append(f"{context + ': ' if context else ''}{key!r}")
    assert not missing, (f"{len(missing)} messages have no Indonesian translation in "
                         f"{PO.relative_to(ROOT)} (see docs/translating.md):\n"
                         + "\n".join(missing[:40]))
    assert len(extracted()) > 400


def test_translations_keep_every_placeholder():
    wrong = []
    for message in catalogue():
        if not message.id or not message.string:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        indonesian = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = _placeholders(english[-1])
        for text in indonesian:
            if _placeholders(text) != expected:
                wrong.append((english[0], text))
    assert not wrong


def test_translations_pass_babels_checks():
    """What ``pybabel compile`` checks after ``pybabel update``: an English text that reads
    as a %-format (``50% unless``: ``% u``) needs a compatible translation."""
    from babel.messages.catalog import Message

    wrong = [(message.id, str(error)) for message in catalogue()
             if message.id and message.string
             for error in Message(message.id, message.string, context=message.context).check()]
    assert not wrong


def _glossary_terms():
    data = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))
    return [term for section in data.values() for term in section]


def test_the_glossary_is_followed():
    """A message whose English holds a glossary term holds its Indonesian term."""
    terms = [t for t in _glossary_terms() if t.get("check")]
    assert {"applicant", "finding", "critical path", "working day"} <= {t["en"] for t in terms}
    broken = []
    for message in catalogue():
        if not message.id or not message.string or message.context == "badge":
            continue
        english = message.id[0] if isinstance(message.id, tuple) else message.id
        english = re.sub(r"\{[a-z_]+(?:[:!][^}]*)?\}|`[^`]*`", " ", english.lower())
        text = (message.string[0] if isinstance(message.string, tuple) else message.string)
        text = text.lower()
        for term in terms:
            if re.search(rf"(?<![\w-]){re.escape(term['en'])}(s|es)?(?![\w-])", english) \
                    and not any(form.lower() in text for form in [term["id"],
                                                                  *term.get("also", ())]):
                broken.append(f"{term['en']!r} -> {term['id']!r}: {english!r} = {text!r}")
    assert not broken, "\n".join(broken)


def test_the_glossary_has_the_service_standard_terms():
    indonesian = {t["id"] for t in _glossary_terms()}
    assert {"pemohon", "persyaratan", "prosedur", "alur", "jangka waktu penyelesaian",
            "biaya", "produk layanan", "hari kerja", "hari kalender", "kunjungan",
            "pelaksana", "langkah", "temuan", "perubahan", "varian",
            "jalur kritis"} <= indonesian


# -- the current language ------------------------------------------------------------------


def test_language_follows_the_locale_unless_set(monkeypatch):
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    assert i18n.language() == "en"
    monkeypatch.setenv("LANG", "id_ID.UTF-8")
    assert i18n.language() == "id"
    with use_language("en"):
        assert i18n.language() == "en"
    assert i18n.language() == "id"
    monkeypatch.setenv("LC_ALL", "C")
    assert i18n.language() == "en"
    assert locale_language({"LC_MESSAGES": "in_ID"}) == "id"


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language"):
        i18n.set_language("fr")


def test_numbers_and_money_per_language():
    assert i18n.format_number(1234.5, lang="id") == "1.234,5"
    assert i18n.format_number(1234.5, lang="en") == "1,234.5"
    assert i18n.format_money(135_000_000, "IDR", "id") == "Rp 135.000.000"
    assert i18n.format_money(135_000_000, "IDR", "en") == "IDR 135,000,000"


@pytest.mark.parametrize("path", PROCESSES, ids=lambda p: p.stem)
def test_catalogue_processes_are_read_in_their_language(path):
    process = bpmodel.load_process(path)
    # one catalogue process is an English transcription of a regulation
    expected = "en" if path.stem == "imb-permendagri-32-2010" else "id"
    assert process_language(process) == expected


def test_language_of_names():
    assert detect_language(["Verifikasi berkas permohonan", "Penerbitan izin"]) == "id"
    assert detect_language(["Verify the application", "Issue the permit"]) == "en"
    assert detect_language(["SIMBG", "OSS"]) is None


def test_lang_key_round_trips_through_yaml_and_bpmn(tmp_path, write):
    source = write("bpmodel: 1\nprocess: {id: p, name: Izin, lang: id}\n"
                   "actors:\n  - {id: c, name: Citizen, kind: citizen}\n"
                   "steps:\n  - {id: a, name: Submit the form, actor: c}\n")
    process = bpmodel.load_process(source)
    assert process.lang == "id" and process_language(process) == "id"
    for suffix in (".yaml", ".bpmn"):
        target = tmp_path / f"copy{suffix}"
        bpmodel.save(process, target)
        assert bpmodel.load_process(target).lang == "id"


def test_a_bad_lang_key_is_an_error(write):
    path = write("bpmodel: 1\nprocess: {id: p, name: P, lang: fr}\n"
                 "actors:\n  - {id: c, name: C}\nsteps:\n  - {id: a, name: A, actor: c}\n")
    result = run("validate", path)
    assert result.exit_code == 1
    assert re.search(r":2:\d+: process\.lang", result.output)


def test_lang_option_and_process_default(write, monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    english = write("bpmodel: 1\nprocess: {id: p, name: P}\nsteps:\n"
                    "  - {id: a, name: Submit the application, actor: c}\n"
                    "actors:\n  - {id: c, name: Citizen, kind: citizen}\n", "en.yaml")
    assert "Critical path" in run("analyze", english).output
    assert "Jalur kritis" in run("analyze", english, "--lang", "id").output
    assert "Jalur kritis" in run("--lang", "id", "analyze", english).output
    indonesian = write("bpmodel: 1\nprocess: {id: p, name: P, lang: id}\nsteps:\n"
                       "  - {id: a, name: Submit, actor: c}\n"
                       "actors:\n  - {id: c, name: Citizen, kind: citizen}\n", "id.yaml")
    assert "Jalur kritis" in run("analyze", indonesian).output
    assert "Critical path" in run("analyze", indonesian, "--lang", "en").output
    # the language of one run does not stay for the next
    assert "Critical path" in run("analyze", english).output
    # without a process, the locale decides
    assert "task elimination" in run("rewrites").output
    monkeypatch.setenv("LANG", "id_ID.UTF-8")
    assert "penghapusan kegiatan" in run("rewrites").output
    assert "task elimination" in run("rewrites", "--lang", "en").output


def test_po_is_compiled_in_memory_when_no_mo_exists():
    po, mo = i18n.catalogue_paths("id")
    assert po.exists() and not mo.exists()   # a source checkout: .mo files are never committed
    with use_language("id"):
        assert i18n._("Findings") == "Temuan"


def test_build_step_compiles_the_catalogues(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_catalogues",
                                                  ROOT / "build_catalogues.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = module.compile_catalogues(PACKAGE, tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "locale/id/LC_MESSAGES/bpmodel.mo"]
    import gettext

    with written[0].open("rb") as stream:
        assert gettext.GNUTranslations(stream).gettext("Findings") == "Temuan"


# -- no English sentence in the output ------------------------------------------------------

ENGLISH = frozenset(str.split(
    "the and of to is are was were be been with from for by not no this that these those "
    "it its which when where there then than into onto over under out step steps days "
    "before after each every one only a an has have does do can cannot would should "
    "what who why how more less none found finding findings change changes applicant "
    "lead time hours expected visits measure requested handoffs documents target wait "
    "work working"))
"""Common English words; two of them in one line of output (once the names taken from
the process, the ids and the codes are removed) make an English sentence."""


def _process_words(process) -> list[str]:
    """Every text the process itself holds (names, descriptions, legal bases, ids)."""
    texts = [process.id, process.name, process.owner or "", process.description or "",
             process.source or ""]
    texts += [str(getattr(process, key, None) or "") for key in ("coverage", "service",
                                                                  "region")]
    for step in process.steps:
        texts += [step.id, step.name, step.description or "", step.legal_basis or "",
                  step.object or "", step.system or "", step.actor or "", *step.needs,
                  *step.produces]
    for item in (*process.actors, *process.documents, *process.systems, *process.pools):
        texts += [item.id, item.name, getattr(item, "description", None) or "",
                  getattr(item, "agency", None) or "", getattr(item, "issued_by", None) or ""]
    return sorted({t for t in texts if t}, key=len, reverse=True)


def _codes() -> list[str]:
    from bpmodel.analysis.findings import rules
    from bpmodel.simplify.rewrites import REWRITES

    return [*(r.name for r in rules()), *(r.name for r in REWRITES)]


def english_lines(text: str, *processes) -> list[str]:
    """Lines of ``text`` that still read as English once names and codes are removed."""
    names = sorted({w for p in processes for w in _process_words(p)}, key=len, reverse=True)
    found = []
    fragments = [re.sub(r"\s+", " ", name) for name in names]
    for line in text.splitlines():
        if line.strip() and any(line.strip() in name for name in fragments):
            continue   # a name wrapped over several lines of a picture
        residue = line
        for name in names:
            residue = residue.replace(repr(name), " ").replace(name, " ")
        for code in _codes():
            residue = residue.replace(code, " ")
        residue = re.sub(r"`[^`]*`|\S+\.(yaml|bpmn|json|md|png|svg|pdf)\b|\S*/\S*|--[\w-]+"
                         r"|\w+_\w+",
                         " ", residue)
        words = re.findall(r"[A-Za-z]+", residue.lower())
        if len({w for w in words if w in ENGLISH}) >= 2:
            found.append(line)
    return found


def _html_text(path: Path) -> str:
    """The text of an HTML file, one line per element (pictures read by their own test)."""
    text = re.sub(r"<svg.*?</svg>|<style>.*?</style>", " ", path.read_text(encoding="utf-8"),
                  flags=re.S)
    return "\n".join(html.unescape(t.strip()) for t in re.split(r"<[^>]+>", text) if t.strip())


def _svg_text(path: Path) -> str:
    from svgdoc import NS

    return "\n".join(t.text for t in Svg(path).root.iter(f"{NS}text") if t.text)


def _outputs_of(process_path: Path, tmp_path: Path) -> list[tuple[str, str]]:
    """(what, text) for every command run with --lang id on one process."""
    texts = []

    def command(*args):
        result = run(*args, "--lang", "id")
        assert result.exit_code in (0, 1), result.output
        texts.append((" ".join(map(str, args[:1])), result.output))
        return result

    command("validate", process_path)
    command("analyze", process_path)
    command("convert", process_path, tmp_path / "copy.bpmn")
    command("compare", process_path, process_path, "-o", tmp_path / "chart.svg")
    texts.append(("chart.svg", _svg_text(tmp_path / "chart.svg")))
    out = tmp_path / "out"
    result = command("simplify", process_path, "-o", out)
    if result.exit_code == 0:
        texts.append(("changes.md", (out / "changes.md").read_text(encoding="utf-8")))
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        texts.append(("summary.json", "\n".join(
            [c["what"] + "\n" + c["why"] + "\n" + (c["assumption"] or "")
             for c in summary["changes"]] + summary["left_as_is"])))
        texts.append(("before-after.svg", _svg_text(out / "before-after.svg")))
        texts.append(("report.html", _html_text(out / "report.html")))
        original = bpmodel.load_process(process_path)
        if process_language(original) == "id":   # an English process gets English names
            variant = bpmodel.load_process(out / "variant.yaml")
            added = [s.name for s in variant.steps if not original.has_step(s.id)]
            added += [a.name for a in variant.actors if a not in original.actors]
            texts.append(("names added by rewrites", "\n".join(added)))
    command("diagram", process_path, "-o", tmp_path / "d.svg", "--findings")
    texts.append(("diagram", _svg_text(tmp_path / "d.svg")))
    command("sop", process_path, "-o", tmp_path / "sop.html")
    command("simulate", process_path, "--cases", "200")
    texts.append(("sop.html", _html_text(tmp_path / "sop.html")))
    return texts


@pytest.mark.parametrize("path", [BUNDLED, INDONESIAN, *[p for p in PROCESSES if p.stem in (
    "jember-balung-imb", "tegal-legalisasi-pbg", "metro-penerbitan-pbg")]],
    ids=lambda p: p.stem)
def test_every_command_in_indonesian_prints_no_english(path, tmp_path):
    process = bpmodel.load_process(path)
    outputs = _outputs_of(path, tmp_path)
    variant = tmp_path / "out" / "variant.yaml"
    processes = [process, *([bpmodel.load_process(variant)] if variant.exists() else [])]
    english = [f"{what}: {line}" for what, text in outputs
               for line in english_lines(text, *processes)]
    assert not english, "\n".join(english[:30])


def test_rule_and_rewrite_docs_in_indonesian():
    from bpmodel.analysis.findings import rules
    from bpmodel.simplify.rewrites import REWRITES

    english = []
    for args in [("rules",), ("rewrites",), *(("rules", r.name) for r in rules()),
                 *(("rewrites", r.name) for r in REWRITES)]:
        result = run(*args, "--lang", "id")
        assert result.exit_code == 0
        prose = "\n".join(line for line in result.output.splitlines()
                          if not line.startswith("    "))   # the YAML of the examples
        english += [f"{' '.join(args)}: {line}" for line in english_lines(prose)]
    assert not english, "\n".join(english[:30])


def test_only_the_rewrites_docs_are_extracted_of_their_package():
    """Every rewrite's doc is in the catalogue, paragraph by paragraph; the docs of the
    package's other modules (the catalogue, the shared helpers) are not (babel.cfg)."""
    import sys

    from bpmodel.simplify.rewrites import REWRITES, common

    def paragraphs(module) -> list[str]:
        return i18n.doc_messages(inspect.cleandoc(module.__doc__))

    for rewrite in REWRITES:
        module = sys.modules[type(rewrite).__module__]
        assert all((None, text) in extracted() for text in paragraphs(module)), module
    for module in (common, sys.modules["bpmodel.simplify.rewrites"]):
        assert not any((None, text) in extracted() for text in paragraphs(module)), module


def test_simplify_in_indonesian_adds_indonesian_names(tmp_path):
    """An Indonesian process gets Indonesian names for the steps rewrites add, whatever
    language the messages are printed in."""
    result = run("simplify", INDONESIAN, "-o", tmp_path, "--lang", "en", "--no-pictures")
    assert "changes at level bold" in result.output
    original = bpmodel.load_process(INDONESIAN)
    variant = bpmodel.load_process(tmp_path / "variant.yaml")
    added = [s.name for s in variant.steps if not original.has_step(s.id)]
    added += [a.name for a in variant.actors if a not in original.actors]
    assert "Isi daftar periksa persyaratan secara daring" in added
    assert "Pertukaran data antarinstansi" in added
    assert any(name.startswith("Ambil Kartu tanda penduduk (KTP)") for name in added)
    assert "## Changes" in (tmp_path / "changes.md").read_text(encoding="utf-8")


def test_parallel_gateways_are_named_in_the_process_language(tmp_path):
    from types import SimpleNamespace

    from bpmodel.simplify.rewrites import rewrite_named

    variant = bpmodel.load_process(ROOT / "tests" / "data" / "i18n" / "paralel.yaml")
    finding = SimpleNamespace(rule="sequential-independent",
                              steps=("kaji_teknis", "kaji_lingkungan"))
    with use_language("en"):   # the messages in English, the names as the process
        proposal = next(rewrite_named("parallelize").propose(variant, finding))
    assert proposal.what.startswith("Run ")
    names = [s.name for s in proposal.process.steps if not variant.has_step(s.id)]
    assert names == ["Mulai 2 langkah secara paralel", "2 langkah paralel selesai"]


def test_no_translation_call_hides_in_an_f_string():
    """Babel (on Python before 3.12) cannot see ``_()`` inside an f-string: such a message
    would never reach the catalogue."""
    import ast

    calls = {"_", "ngettext", "pgettext", "N_", "N_plural", "gettext_in"}
    hidden = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                hidden += [f"{path.relative_to(ROOT)}:{call.lineno}" for call in ast.walk(node)
                           if isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                           and call.func.id in calls and call.args
                           and isinstance(call.args[0], ast.Constant)]
    assert not hidden


def test_no_function_hides_the_translation_function():
    """A function that calls ``_()`` must not also bind ``_`` (``for _ in ...``,
    ``a, _ = ...``): the call would then hit the throwaway value."""
    import ast

    def bound(function) -> set[str]:
        names, stack = set(), list(ast.iter_child_nodes(function))
        while stack:
            node = stack.pop()
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda,
                                 ast.ClassDef, ast.ListComp, ast.SetComp, ast.DictComp,
                                 ast.GeneratorExp)):
                continue
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            stack.extend(ast.iter_child_nodes(node))
        return names

    hidden = []
    for path in PACKAGE.rglob("*.py"):
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                    isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
                    and c.func.id == "_" for c in ast.walk(function)) \
                    and "_" in bound(function):
                hidden.append(f"{path.relative_to(ROOT)}:{function.lineno}")
    assert not hidden


def test_input_errors_in_indonesian(write):
    path = write("bpmodel: 1\nprocess: {id: p, name: P}\nactors:\n  - {id: c, name: C}\n"
                 "steps:\n  - {id: a, name: A, actor: c, acter: c}\n")
    result = run("validate", path, "--lang", "id")
    assert result.exit_code == 1
    assert "bpmodel: kesalahan:" in result.output
    assert "kunci 'acter' tidak dikenal; maksud Anda 'actor'?" in result.output
    assert "tidak valid (1 kesalahan)" in result.output
    english = run("validate", path)
    assert "unknown key 'acter'; did you mean 'actor'?" in english.output


def test_english_lines_finds_english():
    assert english_lines("The applicant brings the form")
    assert not english_lines("Pemohon membawa formulir")
    assert not english_lines("  remove-duplicate-step  aman  penghapusan kegiatan")


def test_every_marked_message_is_extracted():
    """A message marked with ``_()`` or ``N_()`` anywhere in the package (inside another
    call too: ``_(TABLE.get(key, N_("...")))``) is one Babel extracts, so the catalogue has
    it; "the work is done once" was marked inside a call, never extracted, and printed in
    English in an Indonesian run."""
    import ast

    known = {key for _context, key in extracted()}
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                    and node.func.id in ("_", "N_") and node.args \
                    and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str) and node.args[0].value not in known:
                missing.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.args[0].value!r}")
    assert not missing, "\n".join(missing[:20])
