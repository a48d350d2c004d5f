"""Comparing processes side by side: the table in every format, through the CLI."""

import csv
import io
import json

from bpmodel.analysis.compare import comparison_table, render_table

from conftest import EXAMPLES, run

FILES = [EXAMPLES / "minimal.yaml", EXAMPLES / "building-approval.yaml"]




def reports():
    return [{"process": {"id": "a", "name": "A"}, "measures": {"steps": 9, "x": 1.5, "t": "n"}},
            {"process": {"id": "a", "name": "A again"}, "measures": {"steps": 5, "x": 2.0}}]


def test_table_keeps_shared_numeric_measures_and_makes_ids_unique():
    table = comparison_table(reports())
    assert table.ids == ("a", "a (2)")
    assert table.rows == (("steps", (9, 5)), ("x", (1.5, 2.0)))


def test_text_table_is_aligned():
    text = render_table(comparison_table(reports()), "text")
    assert text.splitlines() == ["measure    a  a (2)",
                                 "steps      9      5",
                                 "x        1.5      2"]


def test_compare_json_through_the_cli():
    result = run("compare", *FILES, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [p["id"] for p in data["processes"]] == ["minimal", "building-approval"]
    assert data["measures"]["tasks"] == {"minimal": 3, "building-approval": 22}


def test_compare_csv_and_markdown():
    rows = list(csv.reader(io.StringIO(run("compare", *FILES, "--format", "csv").output)))
    assert rows[0] == ["measure", "minimal", "building-approval"]
    assert ["tasks", "3", "22"] in rows
    markdown = run("compare", *FILES, "--format", "markdown").output
    assert "| tasks | 3 | 22 |" in markdown


def test_compare_reports_bad_files():
    result = run("compare", EXAMPLES / "minimal.yaml", EXAMPLES / "nope.yaml")
    assert result.exit_code == 1
    assert "nope.yaml: no such file" in result.stderr


def test_compare_help():
    assert run("compare", "--help").exit_code == 0


def test_a_measure_missing_in_the_first_report_is_still_compared():
    table = comparison_table([
        {"process": {"id": "a", "name": "A"}, "measures": {"steps": 3, "annual_cost": None}},
        {"process": {"id": "b", "name": "B"}, "measures": {"steps": 5, "annual_cost": 12.5}},
    ])
    assert dict(table.rows)["annual_cost"] == (None, 12.5)
    assert render_table(table, "text").splitlines()[-1].split() == ["annual", "cost", "n/a",
                                                                    "12.50"]
