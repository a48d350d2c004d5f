"""The command line through click's CliRunner, and start-up cost in a real subprocess."""

import json
import subprocess
import sys

import jsonschema
import pytest
import yaml

from bpmodel import __version__

from conftest import EXAMPLES, ROOT, run


@pytest.mark.parametrize("command", [[], ["validate"], ["analyze"], ["schema"]])
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage: " in result.output


def test_help_does_not_import_heavy_modules():
    code = ("import sys; from bpmodel.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('matplotlib', 'networkx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True).stdout
    assert out.strip().endswith("[]")


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_usage_mistakes_exit_2():
    assert run("analyze", "--format", "xml").exit_code == 2
    assert run("validate").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_validate_examples():
    result = run("validate", *sorted(EXAMPLES.glob("*.yaml")))
    assert result.exit_code == 0
    assert result.output.count(": valid (") == 3


def test_analyze_json_contract_on_building_approval():
    result = run("analyze", EXAMPLES / "building-approval.yaml", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["process"] == {"id": "building-approval",
                                 "name": "Building approval, before reform"}
    measures = report["measures"]
    assert (measures["tasks"], measures["gateways"], measures["actors"]) == (22, 3, 11)
    for key in ("events", "agencies", "documents", "systems"):
        assert isinstance(measures[key], int)
    assert (measures["events"], measures["agencies"], measures["documents"],
            measures["systems"]) == (0, 6, 7, 2)


def test_analyze_without_file_uses_the_bundled_default():
    result = run("analyze")
    assert result.exit_code == 0
    assert "Building approval, before reform" in result.output


def test_analyze_bad_file_exits_1_with_location(write):
    result = run("analyze", write("bpmodel: 1\nprocess: [x]\n"))
    assert result.exit_code == 1
    assert "process.yaml:2:10: process: expected a mapping" in result.stderr


def test_debug_shows_the_traceback(write):
    path = write("")
    result = run("--debug", "analyze", path)
    assert result.exit_code == 1
    assert result.exc_info[0].__name__ == "InputError"


def test_schema_is_json_and_accepts_the_examples():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(schema)
    for path in EXAMPLES.glob("*.yaml"):
        jsonschema.validate(yaml.safe_load(path.read_text()), schema)


def test_schema_rejects_unknown_keys():
    schema = json.loads(run("schema").output)
    bad = {"bpmodel": 1, "process": {"id": "x", "name": "X"}, "actors": [],
           "steps": [{"id": "a", "name": "A", "acter": "c"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


def test_a_reader_that_stops_early_gets_no_error_message():
    """`bpmodel validate ... | head -1`: a closed pipe ends the command quietly."""
    files = [str(EXAMPLES / "building-approval.yaml")] * 300  # a line each, long after the close
    proc = subprocess.Popen([sys.executable, "-m", "bpmodel", "validate", *files], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.readline()
    proc.stdout.close()
    stderr = proc.stderr.read()
    proc.wait(timeout=120)
    assert "internal error" not in stderr and "Traceback" not in stderr, stderr


def test_a_rewrite_explained_in_indonesian():
    result = run("rewrites", "reduce-visits", "--lang", "id")
    assert result.exit_code == 0
    assert result.output.startswith(
        "reduce-visits (berani, pengurangan kontak; menjawab extra-visit)\n\n"
        "reduce-visits (pengurangan kontak, berani): lebih sedikit perjalanan pemohon ke "
        "kantor.\n\nApa yang dilakukan: kunjungan ")
    assert "What it does" not in result.output
    example = run("rewrites", "compose-steps", "--lang", "id").output
    assert example.startswith("compose-steps (aman, penggabungan kegiatan; menjawab polanya "
                              "sendiri)\n")
    assert ("Contoh (dua langkah ``tech`` menjadi satu, dengan 3 jam kerja dan 2 hari waktu "
            "tunggu)::\n\n    - {id: check, name: Check the drawings,") in example


def test_a_rewrite_explained_in_english_as_written():
    import inspect

    from bpmodel.simplify.rewrites import compose_steps

    result = run("rewrites", "compose-steps", "--lang", "en")
    assert result.exit_code == 0
    assert result.output == ("compose-steps (safe, task composition; answers its own "
                             "pattern)\n\n" + inspect.cleandoc(compose_steps.__doc__) + "\n")
