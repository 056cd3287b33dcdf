"""Importing the history of a plant: dry run, a finding per bad row, whole rows or nothing,
twice changes nothing; from the command line and the pages."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from parcours.compliance.importer import import_history
from parcours.compliance.models import HistoricInterview, TrainingRecord
from parcours.organisation.models import Employee

FIXTURES = Path(__file__).parent / "fixtures"
INTERVIEWS = FIXTURES / "interviews.csv"
TRAININGS = FIXTURES / "trainings.xlsx"


@pytest.fixture
def numbered(world):
    for name, number in (("chloe", "A00101"), ("dario", "A00102"), ("fatima", "A00103")):
        Employee.objects.filter(pk=getattr(world.org, name).pk).update(employee_number=number)
    HistoricInterview.objects.all().delete()
    TrainingRecord.objects.all().delete()
    return world


def _codes(report) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for finding in report.findings:
        if finding.severity == "error":
            found.setdefault(finding.row, set()).add(finding.code)
    return found


def test_the_dry_run_reports_every_bad_row_and_writes_nothing(numbered):
    report = import_history(path=INTERVIEWS, what="interviews", user=numbered.users.site_hr_a)
    assert _codes(report) == {
        4: {"EMPLOYEE_NOT_FOUND"},
        5: {"INVALID_DATE"},
        6: {"INVALID_VALUE"},
        7: {"INVALID_VALUE"},
        8: {"INVALID_BOOLEAN"},
    }
    assert report.counts["rows"] == 8 and report.counts["create"] == 3
    assert report.counts["rejected"] == 5
    assert not HistoricInterview.objects.exists()
    messages = {f.row: f.message for f in report.findings if f.severity == "error"}
    assert "future" in messages[7]


def test_the_valid_rows_are_imported_and_again_changes_nothing(numbered):
    report = import_history(
        path=INTERVIEWS, what="interviews", user=numbered.users.site_hr_a, dry_run=False
    )
    assert report.counts["created"] == 3
    rows = set(
        HistoricInterview.objects.values_list("employee__employee_number", "kind", "declined")
    )
    assert rows == {
        ("A00101", "periodic", False),
        ("A00102", "summary", False),
        ("A00103", "return", True),
    }
    record = HistoricInterview.objects.get(employee__employee_number="A00101")
    assert record.history.first().history_user == numbered.users.site_hr_a
    again = import_history(
        path=INTERVIEWS, what="interviews", user=numbered.users.site_hr_a, dry_run=False
    )
    assert again.counts["created"] == 0 and again.counts["unchanged"] == 3
    assert HistoricInterview.objects.count() == 3


def test_site_hr_reach_only_the_employees_of_their_sites(numbered):
    report = import_history(path=INTERVIEWS, what="interviews", user=numbered.users.site_hr_b)
    assert report.counts["create"] == 0
    assert {"EMPLOYEE_NOT_FOUND"} <= _codes(report)[2]


def test_trainings_from_a_spreadsheet(numbered):
    report = import_history(
        path=TRAININGS, what="trainings", user=numbered.users.group_hr, dry_run=False
    )
    assert _codes(report) == {
        4: {"INVALID_DATE"},
        5: {"MISSING_REQUIRED"},
        6: {"INVALID_BOOLEAN"},
        7: {"INVALID_VALUE"},
    }
    assert report.location == "row" and report.sheet == "Formations"
    stored = list(
        TrainingRecord.objects.order_by("date").values_list("title", "mandatory", "hours")
    )
    assert [(t, m, float(h)) for t, m, h in stored] == [
        ("Lean basics", False, 14.0),
        ("Habilitation électrique", True, 7.5),
    ]
    import_history(path=TRAININGS, what="trainings", user=numbered.users.group_hr, dry_run=False)
    assert TrainingRecord.objects.count() == 2


def test_a_broken_file_is_reported_and_nothing_is_written(numbered, tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    report = import_history(path=broken, what="trainings", dry_run=False)
    assert report.fatal and report.findings[0].code == "FILE_UNREADABLE"
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Foo;Bar\n1;2\n", encoding="utf-8")
    report = import_history(path=wrong, what="interviews", dry_run=False)
    assert report.fatal and report.findings[0].code == "HEADER_NOT_FOUND"
    assert not HistoricInterview.objects.exists()


def test_the_command_line(numbered, capsys):
    with pytest.raises(SystemExit) as exit_status:
        call_command(
            "compliance_import", "interviews", str(INTERVIEWS), "--dry-run", "--format", "json"
        )
    assert exit_status.value.code == 1
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["create"] == 3 and data["counts"]["error"] == 5
    assert {f["line"] for f in data["findings"] if f["severity"] == "error"} == {4, 5, 6, 7, 8}
    assert not HistoricInterview.objects.exists()


def test_the_page_checks_first_then_imports_on_confirmation(numbered, client_for):
    client = client_for(numbered.users.site_hr_a)
    url = reverse("compliance:import")
    with INTERVIEWS.open("rb") as upload:
        response = client.post(url, {"what": "interviews", "file": upload})
    html = response.content.decode()
    assert "EMPLOYEE_NOT_FOUND" in html and "INVALID_BOOLEAN" in html
    assert not HistoricInterview.objects.exists()
    token = response.context["token"]
    assert token
    done = client.post(url, {"token": token, "what": "interviews", "file_name": "interviews.csv"})
    assert done.status_code == 200
    assert HistoricInterview.objects.count() == 3
    # Confirming twice (a double click): the file is gone, nothing more is written.
    again = client.post(url, {"token": token, "what": "interviews"})
    assert again.status_code == 302
    assert HistoricInterview.objects.count() == 3
