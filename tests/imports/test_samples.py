"""The sample exports import with exactly the findings of expected_findings.json, from
the service, the command line, the API and the pages."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from parcours.imports.models import ImportRun
from parcours.imports.services import import_file
from parcours.organisation.models import Employee
from tests.factories import EmployeeFactory
from tests.imports.conftest import check_against_expected, fixture_path

SAP = "sf_basic_import_user_data.csv"
PERSONIO = "personio_employees.xlsx"
TIME_OFF = "personio_time_off_periods.xlsx"


def _findings(name, kind="employees", **kwargs):
    outcome = import_file(path=fixture_path(name), kind=kind, **kwargs)
    return outcome, outcome.report.to_dict()["findings"]


@pytest.fixture
def imp_personio_staff(imp_sites):
    """Everyone of the Personio employees file, as if imported; the row rejected for its
    unknown supervisor (gj.kok) added by hand so that the time-off file meets everyone."""
    outcome = import_file(path=fixture_path(PERSONIO), kind="employees", dry_run=False)
    assert outcome.report.counts["created"] == 58
    kok = Employee.objects.get(email="j.jansen@peelland-verpakkingen.example")
    EmployeeFactory(
        site=imp_sites["helmond"],
        email="gj.kok@peelland-verpakkingen.example",
        employee_number="1482113",
        manager=kok,
    )


def test_it_reports_the_sap_sample_exactly(imp_sites):
    outcome, findings = _findings(SAP)
    assert outcome.report.profile == "sap-successfactors"
    check_against_expected(findings, SAP)
    ambiguous = [f for f in findings if f["code"] == "AMBIGUOUS_DATE"]
    assert len(ambiguous) == 22
    cycle = [f for f in findings if f["code"] == "MANAGER_CYCLE"]
    assert "100182 -> 100218 -> 100215 -> 100182" in cycle[0]["message"]
    assert "Karima El Khattabi" in cycle[0]["message"]


def test_it_reports_the_personio_employees_sample_exactly(imp_sites):
    outcome, findings = _findings(PERSONIO)
    assert outcome.report.profile == "personio"
    assert outcome.report.sheet == "Employees"
    check_against_expected(findings, PERSONIO)
    suggestion = next(f for f in findings if f["code"] == "MANAGER_NOT_FOUND")
    assert "j.jansen@peelland-verpakkingen.example" in suggestion["message"]
    serial = next(f for f in findings if f["code"] == "DATE_AS_SERIAL_NUMBER")
    assert "2010-04-13" in serial["message"]


def test_it_reports_the_personio_time_off_sample_exactly(imp_personio_staff):
    outcome, findings = _findings(TIME_OFF, kind="leaves")
    assert outcome.report.profile == "personio"
    # Personio puts a Guidelines sheet first in both workbooks; the time-off list in
    # expected_findings.json does not repeat that note.
    check_against_expected(findings, TIME_OFF, ignore=("SHEET_SELECTION",))


def test_it_rejects_the_time_off_of_an_employee_whose_row_was_rejected(imp_sites):
    import_file(path=fixture_path(PERSONIO), kind="employees", dry_run=False)
    _outcome, findings = _findings(TIME_OFF, kind="leaves")
    not_found = {f["row"] for f in findings if f["code"] == "EMPLOYEE_NOT_FOUND"}
    assert not_found == {5, 28}  # p.dewaal is unknown; gj.kok's row had an error


def test_it_imports_the_sap_sample_and_keeps_leading_zeros(imp_sites):
    outcome, _findings_ = _findings(SAP, dry_run=False)
    assert outcome.report.counts["created"] == 49
    assert Employee.objects.get(employee_number="000121").first_name == "Gaëlle"
    renaud = Employee.objects.get(employee_number="000114")
    assert renaud.manager is None
    dupont = Employee.objects.get(employee_number="000121")
    assert dupont.manager == renaud
    assert dupont.hire_date == date(2010, 3, 10)  # 03/10/2010 read as MM/DD
    assert not Employee.objects.filter(employee_number__in=["000161", "000391"]).exists()
    hoekstra = Employee.objects.get(last_name="Hoekstra")
    assert hoekstra.active is False


def test_it_imports_the_personio_sample_values(imp_sites):
    import_file(path=fixture_path(PERSONIO), kind="employees", dry_run=False)
    boer = Employee.objects.get(email="b.deboer@peelland-verpakkingen.example")
    assert boer.last_name == "de Boer"
    assert str(boer.working_time_value) == "40.00"
    linden = Employee.objects.get(email="n.vanderlinden@peelland-verpakkingen.example")
    assert linden.working_time_value == 37.5 and linden.working_time_unit == "hours_week"
    assert Employee.objects.get(
        email="d.zielinska@peelland-verpakkingen.example"
    ).hire_date == date(2010, 4, 13)
    assert Employee.objects.get(email="e.wojcik@peelland-verpakkingen.example").hire_date == date(
        2019, 2, 27
    )
    stan = Employee.objects.get(employee_number="1482211")
    assert stan.email == "ș.stan@peelland-verpakkingen.example"
    assert Employee.objects.get(employee_number="1482400").contract_type == "temporary"
    dewit = Employee.objects.get(email="r.dewit@peelland-verpakkingen.example")
    assert dewit.manager.email == "i.jansen@peelland-verpakkingen.example"
    assert dewit.site.name == "Helmond" and dewit.team.name == "Ploeg A"
    assert dewit.team.department.name == "Production"
    vanhoof = Employee.objects.get(email="i.vanhoof@peelland-verpakkingen.example")
    assert vanhoof.legal_entity.name == "Peelland Packaging BV"
    assert vanhoof.manager.legal_entity.name == "Peelland Verpakkingen B.V."


def _cli(*args):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", *args, stdout=out)
    return exit_info.value.code, out.getvalue()


def test_it_reports_the_samples_from_the_command_line(imp_sites):
    code, out = _cli("employees", str(fixture_path(SAP)), "--dry-run", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert data["profile"] == "sap-successfactors"
    assert set(data["counts"]) >= {"rows", "error", "warning", "info"}
    for finding in data["findings"]:
        assert set(finding) >= {"code", "severity", "line", "column", "value", "message"}
    check_against_expected(data["findings"], SAP)
    assert Employee.objects.count() == 0

    code, out = _cli(
        "employees",
        str(fixture_path(PERSONIO)),
        "--profile",
        "personio",
        "--dry-run",
        "--format",
        "json",
    )
    data = json.loads(out)
    assert all("sheet" in f and "row" in f for f in data["findings"] if f["row"])
    check_against_expected(data["findings"], PERSONIO)


def test_it_reports_the_time_off_sample_from_the_command_line(imp_personio_staff):
    code, out = _cli("leaves", str(fixture_path(TIME_OFF)), "--dry-run", "--format", "json")
    assert code == 1
    check_against_expected(json.loads(out)["findings"], TIME_OFF, ignore=("SHEET_SELECTION",))


def test_it_reports_the_samples_through_the_api(imp_sites, imp_hr):
    client = APIClient()
    client.force_authenticate(imp_hr)
    for name, kind in ((SAP, "employees"), (PERSONIO, "employees")):
        with open(fixture_path(name), "rb") as handle:
            response = client.post(
                reverse("imports-api-files"),
                {"file": handle, "kind": kind, "dry_run": "true"},
                format="multipart",
            )
        assert response.status_code == 201, response.content
        assert response.json()["status"] == "analysed"
        check_against_expected(response.json()["findings"], name)
    assert Employee.objects.count() == 0


def test_it_reports_the_samples_on_the_pages(imp_sites, imp_client):
    for name in (SAP, PERSONIO):
        with open(fixture_path(name), "rb") as handle:
            response = imp_client.post(
                reverse("imports:upload"), {"file": handle, "kind": "employees"}
            )
        assert response.status_code == 302
        run = ImportRun.objects.get(original_name=name)
        page = imp_client.get(response["Location"])
        assert page.status_code == 200
        assert b"DUPLICATE_EMPLOYEE_ID" in page.content or name == PERSONIO
        download = imp_client.get(reverse("imports:run_download", args=[run.pk, "json"]))
        check_against_expected(json.loads(download.content)["findings"], name)
