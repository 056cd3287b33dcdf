"""`parcours import`: exit status 0 without row errors, 1 otherwise; text and JSON output."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from parcours.organisation.models import Employee
from tests.imports.conftest import fixture_path


def _cli(*args):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", *args, stdout=out)
    return exit_info.value.code, out.getvalue()


def test_it_exits_0_when_no_row_has_an_error(imp_sites, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(
        "Employee number;First name;Last name;Hire date;Site\n1;Anne;Roux;2020-01-06;FR-LYO\n",
        encoding="utf-8",
    )
    code, out = _cli("employees", str(path), "--dry-run")
    assert code == 0 and "Dry run, nothing changed" in out
    assert Employee.objects.count() == 0
    code, out = _cli("employees", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["counts"]["created"] == 1
    assert Employee.objects.count() == 1


def test_it_exits_1_when_a_row_has_an_error_and_imports_the_rest(imp_sites):
    code, out = _cli(
        "employees",
        str(fixture_path("sf_basic_import_user_data.csv")),
        "--profile",
        "sap-successfactors",
    )
    assert code == 1
    assert "MANAGER_CYCLE" in out and "line 31" in out
    assert Employee.objects.count() == 49


def test_it_prints_json_findings_with_their_places(imp_sites):
    code, out = _cli(
        "employees", str(fixture_path("personio_employees.xlsx")), "--dry-run", "--format", "json"
    )
    data = json.loads(out)
    assert code == 1 and data["profile"] == "personio"
    first = next(f for f in data["findings"] if f["code"] == "WHITESPACE_NORMALISED")
    assert (first["sheet"], first["row"], first["column"]) == ("Employees", 5, "Last name")
    assert first["value"] == "de\xa0Boer " and first["message"]
    workbook = next(f for f in data["findings"] if f["code"] == "SHEET_SELECTION")
    assert workbook["row"] is None


def test_it_sends_rows_to_the_site_given_and_refuses_unknown_ones(imp_sites, tmp_path):
    path = tmp_path / "nosite.csv"
    path.write_text(
        "Employee number;First name;Last name;Hire date\n1;A;B;2020-01-06\n", encoding="utf-8"
    )
    code, _out = _cli("employees", str(path), "--dry-run")
    assert code == 1
    code, _out = _cli("employees", str(path), "--site", "NL-VNL")
    assert code == 0 and Employee.objects.get().site.code == "NL-VNL"
    with pytest.raises(CommandError):
        call_command("import", "employees", str(path), "--site", "NOPE")
    with pytest.raises(CommandError):
        call_command("import", "employees", str(path), "--profile", "nope")


def test_it_imports_leaves(imp_sites, tmp_path):
    _cli("employees", str(fixture_path("personio_employees.xlsx")))
    code, out = _cli(
        "leaves", str(fixture_path("personio_time_off_periods.xlsx")), "--format", "json"
    )
    data = json.loads(out)
    assert code == 1 and data["counts"]["created"] == 35
