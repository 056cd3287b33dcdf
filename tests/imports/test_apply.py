"""Applying an import: one transaction, nothing twice, dependencies rejected together,
the organisation units it needs created, and missing employees marked as left on request."""

from datetime import date

import pytest
from django.utils import timezone

from parcours.audit.models import AuditEntry
from parcours.imports.services import import_file, import_rows
from parcours.organisation.models import (
    Department,
    Employee,
    EmployeeAssignment,
    Leave,
    Position,
    Team,
)
from tests.factories import EmployeeFactory, RoleFactory, SiteFactory, UserFactory
from tests.imports.conftest import fixture_path

SAP = fixture_path("sf_basic_import_user_data.csv")
PERSONIO = fixture_path("personio_employees.xlsx")
TIME_OFF = fixture_path("personio_time_off_periods.xlsx")


def _state():
    return (
        Employee.objects.count(),
        Team.objects.count(),
        Department.objects.count(),
        Position.objects.count(),
        AuditEntry.objects.count(),
        EmployeeAssignment.objects.count(),
        Leave.objects.count(),
    )


def test_it_leaves_the_database_as_it_was_when_the_import_fails_half_way(imp_sites, monkeypatch):
    before = _state()
    calls = {"n": 0}
    original = AuditEntry.objects.create

    def failing_create(**kwargs):
        # The 20th audit entry: teams, departments and a dozen employees are written.
        calls["n"] += 1
        if calls["n"] == 20:
            raise RuntimeError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(AuditEntry.objects, "create", failing_create)
    with pytest.raises(RuntimeError):
        import_file(path=PERSONIO, kind="employees", dry_run=False)
    assert calls["n"] == 20
    assert _state() == before


def test_it_changes_nothing_when_the_same_file_is_imported_twice(imp_sites, imp_hr):
    fixtures_entries = AuditEntry.objects.count()
    import_file(path=PERSONIO, kind="employees", dry_run=False, user=imp_hr)
    import_file(path=TIME_OFF, kind="leaves", dry_run=False, user=imp_hr)
    import_file(path=SAP, kind="employees", dry_run=False, user=imp_hr)
    first = _state()
    assert AuditEntry.objects.filter(user=imp_hr).count() == first[4] - fixtures_entries
    second = import_file(path=PERSONIO, kind="employees", dry_run=False, user=imp_hr)
    import_file(path=TIME_OFF, kind="leaves", dry_run=False, user=imp_hr)
    import_file(path=SAP, kind="employees", dry_run=False, user=imp_hr)
    assert _state() == first
    counts = second.report.counts
    assert (counts["created"], counts["updated"], counts["unchanged"]) == (0, 0, 58)


def test_it_records_only_what_changed_in_the_audit_trail(imp_sites, imp_hr, tmp_path):
    rows = [
        {
            "Employee number": "7001",
            "First name": "Anne",
            "Last name": "Roux",
            "Hire date": "2020-01-06",
            "Site": "FR-LYO",
            "Team": "Ploeg A",
        },
        {
            "Employee number": "7002",
            "First name": "Paul",
            "Last name": "Blanc",
            "Hire date": "2021-02-01",
            "Site": "FR-LYO",
            "Manager": "7001",
        },
    ]
    import_rows(employees=rows, user=imp_hr, dry_run=False)
    paul = Employee.objects.get(employee_number="7002")
    assert paul.manager.employee_number == "7001"
    assert AuditEntry.objects.filter(employee=paul).count() == 1
    rows[1]["Last name"] = "Blanc-Martin"
    outcome = import_rows(employees=rows, user=imp_hr, dry_run=False)["employees"]
    assert outcome.report.counts["updated"] == 1
    entry = AuditEntry.objects.filter(employee=paul).first()
    assert entry.user == imp_hr and entry.action == "parcours.employee.changed"
    assert [change["field"] for change in entry.changes] == ["last_name"]
    # A new manager opens a new assignment period from today.
    rows[1]["Manager"] = ""
    import_rows(employees=rows, user=imp_hr, dry_run=False)
    periods = EmployeeAssignment.objects.filter(employee=paul).order_by("valid_from")
    assert [p.valid_to for p in periods] == [timezone.localdate(), None]


def test_it_rejects_the_reports_and_leaves_of_a_rejected_employee(imp_sites, imp_hr):
    outcome = import_rows(
        employees=[
            {
                "Employee number": "8001",
                "First name": "Top",
                "Last name": "Boss",
                "Hire date": "31/02/2020",
                "Site": "FR-LYO",
            },
            {
                "Employee number": "8002",
                "First name": "Mid",
                "Last name": "Lead",
                "Hire date": "2020-01-06",
                "Site": "FR-LYO",
                "Manager": "8001",
            },
            {
                "Employee number": "8003",
                "First name": "Op",
                "Last name": "Erator",
                "Hire date": "2020-01-06",
                "Site": "FR-LYO",
                "Manager": "8002",
            },
            {
                "Employee number": "8004",
                "First name": "Ok",
                "Last name": "Fine",
                "Hire date": "2020-01-06",
                "Site": "FR-LYO",
            },
        ],
        leaves=[
            {"Employee number": "8003", "Absence type": "sick", "Start date": "2025-01-06"},
            {
                "Employee number": "8004",
                "Absence type": "vacation",
                "Start date": "2025-01-06",
                "End date": "2025-01-10",
            },
        ],
        user=imp_hr,
        dry_run=False,
    )
    employees = outcome["employees"].report.to_dict()["findings"]
    assert [(f["row"], f["code"]) for f in employees if f["severity"] == "error"] == [
        (1, "INVALID_DATE"),
        (2, "MANAGER_REJECTED"),
        (3, "MANAGER_REJECTED"),
    ]
    leaves = outcome["leaves"].report.to_dict()["findings"]
    assert [(f["row"], f["code"]) for f in leaves if f["severity"] == "error"] == [
        (1, "EMPLOYEE_REJECTED")
    ]
    assert list(Employee.objects.values_list("employee_number", flat=True)) == ["8004"]
    assert Leave.objects.get().employee.employee_number == "8004"


def test_it_checks_leaves_of_employees_created_by_the_same_request(imp_sites, imp_hr):
    outcome = import_rows(
        employees=[
            {
                "employee_number": "9001",
                "first_name": "New",
                "last_name": "Hire",
                "hire_date": "2025-01-06",
                "site": "FR-LYO",
            }
        ],
        leaves=[
            {
                "employee_number": "9001",
                "absence_type": "sick",
                "start_date": "2025-02-03",
                "end_date": "2025-02-04",
            }
        ],
        user=imp_hr,
        dry_run=True,
    )
    assert outcome["leaves"].ok and outcome["leaves"].report.counts["create"] == 1
    assert not Employee.objects.exists()


def test_it_creates_teams_departments_and_positions_and_says_so(imp_sites):
    outcome = import_file(path=PERSONIO, kind="employees", dry_run=True)
    findings = outcome.report.to_dict()["findings"]
    created = {(f["code"], f["value"]) for f in findings if f["code"].endswith("_CREATED")}
    assert ("TEAM_CREATED", "Ploeg A") in created
    assert ("DEPARTMENT_CREATED", "Production") in created
    assert ("POSITION_CREATED", "Machine Operator") in created
    assert all(f["severity"] == "info" for f in findings if f["code"].endswith("_CREATED"))
    assert not Team.objects.exists()
    import_file(path=PERSONIO, kind="employees", dry_run=False)
    assert Team.objects.filter(name="Ploeg A").count() == 2  # Helmond and Venlo
    assert Team.objects.get(name="Ploeg 1").department.name == "Production"
    assert Position.objects.filter(title="Machine Operator").count() == 1


def test_it_marks_employees_missing_from_a_full_export_as_left_only_when_asked(imp_sites):
    stayed = EmployeeFactory(site=imp_sites["lyon"], employee_number="999999")
    elsewhere = EmployeeFactory(site=imp_sites["helmond"], employee_number="888888")
    outcome = import_file(path=SAP, kind="employees", dry_run=False)
    assert [a["employee_number"] for a in outcome.report.absent] == ["999999"]
    stayed.refresh_from_db()
    assert stayed.active
    outcome = import_file(path=SAP, kind="employees", dry_run=False, mark_missing_as_left=True)
    assert outcome.report.counts["marked_left"] == 1
    stayed.refresh_from_db()
    elsewhere.refresh_from_db()
    assert not stayed.active and stayed.leaving_date == timezone.localdate()
    assert elsewhere.active
    again = import_file(path=SAP, kind="employees", dry_run=True)
    assert again.report.absent == []


def test_it_sends_unmatched_locations_to_the_chosen_site_or_refuses_them(imp_sites):
    rows = [
        {
            "Employee number": "1",
            "First name": "A",
            "Last name": "B",
            "Hire date": "2020-01-06",
            "Site": "Atlantis",
        }
    ]
    refused = import_rows(employees=rows, dry_run=True)["employees"].report.to_dict()
    assert [f["code"] for f in refused["findings"]] == ["SITE_NOT_FOUND"]
    target = imp_sites["venlo"]
    taken = import_rows(employees=rows, dry_run=False, target_site=target)["employees"]
    assert [f["code"] for f in taken.report.to_dict()["findings"]] == ["SITE_DEFAULTED"]
    employee = Employee.objects.get(employee_number="1")
    assert employee.site == target and employee.legal_entity == target.legal_entity


def test_it_refuses_rows_for_sites_a_site_hr_does_not_hold(imp_sites):
    hr = UserFactory(username="hr-lyon")
    RoleFactory(user=hr, role="site_hr", site=imp_sites["lyon"])
    outcome = import_file(path=SAP, kind="employees", dry_run=False, user=hr)
    findings = outcome.report.to_dict()["findings"]
    not_allowed = {f["line"] for f in findings if f["code"] == "SITE_NOT_ALLOWED"}
    assert not_allowed == set(range(28, 63))  # Gent and Eindhoven
    assert set(Employee.objects.values_list("site__code", flat=True)) == {"FR-LYO"}


def test_it_matches_existing_employees_by_number_within_their_legal_entity(imp_sites):
    existing = EmployeeFactory(
        site=imp_sites["lyon"],
        employee_number="000121",
        first_name="Gaëlle",
        last_name="Dupont-Old",
        hire_date=date(2010, 3, 10),
    )
    import_file(path=SAP, kind="employees", dry_run=False)
    existing.refresh_from_db()
    assert existing.last_name == "Dupont"
    assert Employee.objects.filter(employee_number="000121").count() == 1


def test_it_never_stores_another_site_for_an_unmatched_person_elsewhere(imp_sites):
    other = SiteFactory(code="ZZ")
    EmployeeFactory(site=other, employee_number="000114")
    import_file(path=SAP, kind="employees", dry_run=False)
    assert Employee.objects.filter(employee_number="000114").count() == 2


def test_a_site_hr_imports_leaves_only_for_their_sites(org, users):
    rows = [
        {
            "Employee number": org.chloe.employee_number,
            "Absence type": "sick",
            "Start date": "2025-03-03",
            "End date": "2025-03-04",
        },
        {
            "Employee number": org.hanne.employee_number,
            "Absence type": "sick",
            "Start date": "2025-03-03",
            "End date": "2025-03-04",
        },
    ]
    outcome = import_rows(leaves=rows, user=users.site_hr_a, dry_run=False)["leaves"]
    findings = outcome.report.to_dict()["findings"]
    assert [(f["row"], f["code"]) for f in findings] == [(2, "EMPLOYEE_NOT_FOUND")]
    assert list(Leave.objects.values_list("employee", flat=True)) == [org.chloe.pk]
