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


def _process(pid, service, region, lead, coverage=None):
    grouping = {"service": service, "region": region, "coverage": coverage}
    return {"process": {"id": pid, "name": pid.upper()}, "day_unit": "working",
            "grouping": grouping, "measures": {"steps": 3, "lead_time_days": lead}}


def test_grouped_by_service_and_region_ranked_within_the_service_partial_flagged():
    table = comparison_table([
        _process("metro-slf", "SLF", "Metro", 3.0, coverage="issuance only"),
        _process("tegal-pbg", "PBG", "Tegal", None),
        _process("metro-pbg", "PBG", "Metro", 5.0),
        _process("blitar-pbg", "PBG", "Blitar", 9.0),
    ])
    assert table.ids == ("blitar-pbg", "metro-pbg", "tegal-pbg", "metro-slf")
    assert dict(table.rows)["rank"] == (2, 1, None, 1)
    assert dict(table.labels)["region"] == ("Blitar", "Metro", "Tegal", "Metro")
    text = render_table(table, "text")
    assert "not ranked (lead time not known): tegal-pbg" in text
    assert "partial coverage: metro-slf" in text
    data = json.loads(render_table(table, "json"))
    assert data["groups"]["service"]["metro-slf"] == "SLF"
    assert data["measures"]["lead_time_days"]["tegal-pbg"] is None


def test_mixed_day_units_are_not_ranked_and_the_cli_points_to_convention(tmp_path):
    mixed = [_process("a", None, None, 2.0), {**_process("b", None, None, 1.0),
                                              "day_unit": "calendar"}]
    table = comparison_table(mixed)
    assert "rank" not in dict(table.rows) and table.unit("lead_time_days").startswith("mixed")
    files = [EXAMPLES / "minimal.yaml", tmp_path / "week.yaml"]
    text = (EXAMPLES / "minimal.yaml").read_text(encoding="utf-8")
    week = text.replace("process: {id: minimal,", "process: {calendar: {days_per_week: 7}, "
                        "id: week,")
    assert week != text
    files[1].write_text(week, encoding="utf-8")
    result = run("compare", *files)
    assert result.exit_code == 0, result.output
    assert "--convention doing-business" in result.output
    same = run("compare", "--convention", "doing-business", *files)
    assert same.exit_code == 0 and "calendar days" in same.output
    assert "mixed" not in same.output and "rank" in same.output
