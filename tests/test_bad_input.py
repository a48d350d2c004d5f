"""Bad input gets a clear message with file, line and column, exit status 1, no traceback."""


import pytest

from conftest import run

HEAD = """bpmodel: 1
process: {id: t, name: T}
actors: [{id: clerk, name: Clerk}]
"""




def invalid(path, *expected):
    """Validate ``path``; check exit 1 and that each expected phrase is in one error line."""
    result = run("validate", path)
    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("bpmodel: error: ")]
    assert errors, result.output
    for phrase in expected:
        assert any(phrase in line for line in errors), (phrase, result.stderr)
    return errors


def test_empty_file(write):
    invalid(write(""), "process.yaml: the file is empty")


def test_only_comments_is_empty_too(write):
    invalid(write("# nothing yet\n"), "the file is empty")


def test_root_that_is_not_a_mapping(write):
    invalid(write("- a\n- b\n"), "process.yaml:1:1: the top level must be a mapping")


def test_yaml_syntax_error_names_the_line(write):
    invalid(write(HEAD + "steps:\n  - {id: a, name: [unclosed\n"),
            "process.yaml:6:1: YAML syntax error")


def test_tab_indentation_is_a_syntax_error(write):
    invalid(write(HEAD + "steps:\n\t- {id: a, name: A}\n"), "process.yaml:5:1: YAML syntax error")


def test_binary_file(tmp_path):
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    invalid(path, "is a binary file")


def test_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes((HEAD + "steps:\n  - {id: a, name: Caf\xe9}\n").encode("latin-1"))
    invalid(path, "latin1.yaml:5:22: is not UTF-8 text (byte 0xe9)")


def test_utf8_bom_is_accepted(tmp_path):
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD + "steps: [{id: a, name: A}]\n").encode())
    assert run("validate", path).exit_code == 0


def test_directory(tmp_path):
    invalid(tmp_path, "is a directory")


def test_missing_path(tmp_path):
    invalid(tmp_path / "nope.yaml", "nope.yaml: no such file")


def test_unknown_file_type(write):
    invalid(write("x", "process.txt"), "unknown file type '.txt'")


def test_billion_laughs_is_refused(write):
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    bomb = HEAD + "\n".join(lines) + "\nsteps:\n  - {id: a, name: *a9}\n"
    invalid(write(bomb), "aliases (*name) are not allowed")


def test_alias_inside_a_step(write):
    invalid(write(HEAD + "steps:\n  - {id: a, name: &n A}\n  - {id: b, name: *n}\n"),
            "process.yaml:6:19: YAML aliases")


def test_unknown_key_with_suggestion(write):
    invalid(write(HEAD + "steps:\n  - {id: a, name: A, acter: clerk}\n"),
            "process.yaml:5:22: steps[0] (a): unknown key 'acter'; did you mean 'actor'?")


def test_unknown_top_level_key(write):
    invalid(write(HEAD + "step:\n  - {id: a, name: A}\n"),
            "unknown key 'step'; did you mean 'steps'?", "missing required key 'steps'")


def test_missing_required_keys(write):
    invalid(write("bpmodel: 1\nprocess: {name: T}\nactors: []\nsteps: [{name: A}]\n"),
            "process: missing required key 'id'", "steps[0]: missing required key 'id'")


def test_wrong_type_for_work(write):
    invalid(write(HEAD + "steps:\n  - {id: a, name: A, work: [1, 2]}\n"),
            "5:28: steps[0] (a).work: expected a duration like 2h or 3d, got a list")


def test_wrong_type_for_keep_and_fee(write):
    invalid(write(HEAD + "steps:\n  - {id: a, name: A, keep: maybe, fee: lots}\n"),
            "keep: expected true or false, got 'maybe'", "fee: expected a number, got 'lots'")


def test_wrong_type_for_a_list(write):
    invalid(write(HEAD.replace("actors: [{id: clerk, name: Clerk}]", "actors: clerk")
                  + "steps: [{id: a, name: A}]\n"), "actors: expected a list, got 'clerk'")


@pytest.mark.parametrize("value, words", [
    ("-2h", "is negative"), ("-3", "is negative"), ("soon", "cannot read duration 'soon'"),
    ("3", "has no unit"), ("2 fortnights", "unknown unit 'fortnights'"),
])
def test_bad_durations(write, value, words):
    invalid(write(HEAD + f"steps:\n  - {{id: a, name: A, wait: {value}}}\n"), words)


def test_bad_three_point_duration(write):
    invalid(write(HEAD + "steps:\n  - {id: a, name: A, work: {min: 3d, likely: 1d, max: 4d}}\n"),
            "min <= likely <= max")


@pytest.mark.parametrize("p", ["1.5", "-0.1", "'often'"])
def test_probabilities_outside_0_to_1(write, p):
    text = HEAD + f"""steps:
  - id: g
    name: G
    type: gateway
    kind: xor
    next: [{{to: a, p: {p}}}, {{to: b}}]
  - {{id: a, name: A, next: end}}
  - {{id: b, name: B}}
"""
    errors = invalid(write(text), "process.yaml:9:23: step 'g' next[0].p:")
    assert "out of range" in errors[0] or "expected a number" in errors[0]


def test_xor_probabilities_must_sum_to_one(write):
    text = HEAD + """steps:
  - id: g
    name: G
    type: gateway
    kind: xor
    next: [{to: a, p: 0.5}, {to: b, p: 0.4}]
  - {id: a, name: A, next: end}
  - {id: b, name: B}
"""
    invalid(write(text), "must sum to 1; they sum to 0.9")


def test_duplicate_ids(write):
    invalid(write(HEAD + "steps:\n  - {id: a, name: A}\n  - {id: a, name: Again}\n"),
            "process.yaml:6:10: steps: duplicate id 'a' (first defined on line 5)")


def test_duplicate_actor_ids(write):
    text = HEAD.replace("actors: [{id: clerk, name: Clerk}]",
                        "actors: [{id: clerk, name: Clerk}, {id: clerk, name: Other}]")
    invalid(write(text + "steps: [{id: a, name: A}]\n"), "actors: duplicate id 'clerk'")


def test_duplicate_keys(write):
    invalid(write(HEAD + "steps:\n  - {id: a, name: A, name: B}\n"), "key 'name' is given twice")


def test_dangling_next_with_suggestion(write):
    invalid(write(HEAD + "steps:\n  - {id: verify, name: V, next: verfy}\n"),
            "process.yaml:5:33: step 'verify' next: no step with id 'verfy'; "
            "did you mean 'verify'?")


@pytest.mark.parametrize("key, value, words", [
    ("actor", "clerc", "no actor with id 'clerc'; did you mean 'clerk'?"),
    ("system", "app", "no system with id 'app'; declare it under systems"),
    ("needs", "[ktp]", "no document with id 'ktp'; declare it under documents"),
    ("action", "verfy", "'verfy' is not one of"),
    ("contact", "email", "'email' is not one of visit, online, phone"),
])
def test_unknown_references_and_choices(write, key, value, words):
    invalid(write(HEAD + f"steps:\n  - {{id: a, name: A, {key}: {value}}}\n"), words)


def test_unsupported_format_version(write):
    invalid(write(HEAD.replace("bpmodel: 1", "bpmodel: 2") + "steps: [{id: a, name: A}]\n"),
            "format version 2 is not supported")


def test_every_error_is_reported_not_only_the_first(write):
    errors = invalid(write(HEAD + "steps:\n  - {id: a, name: A, actor: x, work: soon}\n"))
    assert len(errors) == 2


def test_valid_and_invalid_files_together(write, examples_dir):
    result = run("validate", examples_dir / "minimal.yaml", write(""))
    assert result.exit_code == 1
    assert "minimal.yaml: valid" in result.stdout
    assert "process.yaml: invalid (1 error)" in result.stdout
