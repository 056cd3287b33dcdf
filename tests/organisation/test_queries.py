"""Every page and API list runs the same number of SQL queries with 10 or 500 employees.

The counts are measured at 10 extra employees, then used as the bound at 500; for group
HR (no filter) and for a manager (Alice: her scope is a recursive query on the reports).
"""

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from parcours.audit.models import AuditEntry
from parcours.organisation import services
from parcours.organisation.models import (
    Employee,
    EmployeeAssignment,
    Leave,
    Position,
    Site,
    Team,
)


def _grow(org, users, n: int, start: int) -> None:
    """Add n employees with their managers, teams, leaves, history and audit entries.

    A quarter each: under Bruno in team A1, under Bruno in a new team, under Emre in
    team A2, and at plant B under Greet. Dário gets n // 10 audited changes, so that his
    page has more to show too.
    """
    today = timezone.localdate()
    category = org.chloe.category
    department = org.team_a1.department
    teams = Team.objects.bulk_create(
        Team(site=org.site_a, department=department, name=f"Line {start + i}")
        for i in range(max(1, n // 25))
    )
    positions = Position.objects.bulk_create(
        Position(title=f"Station {start + i}", site=org.site_a) for i in range(max(1, n // 25))
    )
    Site.objects.bulk_create(
        Site(legal_entity=org.entity_fr, name=f"Depot {start + i}", code=f"D{start + i}")
        for i in range(max(1, n // 100))
    )
    placements = [
        (org.site_a, org.team_a1, org.bruno),
        (org.site_a, None, org.bruno),  # one of the new teams
        (org.site_a, org.team_a2, org.emre),
        (org.site_b, org.team_b1, org.greet),
    ]
    employees = []
    for i in range(n):
        site, team, manager = placements[i % 4]
        employees.append(
            Employee(
                site=site,
                legal_entity=site.legal_entity,
                employee_number=f"G{start + i:06d}",
                first_name=f"Worker{start + i}",
                last_name=f"Number{start + i}",
                hire_date=date(2019, 1, 1) + timedelta(days=i),
                category=category,
                team=team or teams[i % len(teams)],
                manager=manager,
                position=org.position if i % 2 else positions[i % len(positions)],
                active=i % 10 != 0,
            )
        )
    Employee.objects.bulk_create(employees)
    EmployeeAssignment.objects.bulk_create(
        EmployeeAssignment(
            employee=e,
            valid_from=e.hire_date,
            site=e.site,
            team=e.team,
            manager=e.manager,
            position=e.position,
            category=category,
        )
        for e in employees
    )
    Leave.objects.bulk_create(
        Leave(
            employee=e,
            kind="sick" if i % 2 else "parental",
            first_day=today - timedelta(days=3),
            last_day=None if i % 3 else today + timedelta(days=5),
        )
        for i, e in enumerate(employees)
    )
    employee_type = ContentType.objects.get_for_model(Employee)
    now = timezone.now()
    entries = [
        AuditEntry(
            at=now,
            user=users.site_hr_a,
            action="parcours.employee.created",
            content_type=employee_type,
            object_id=str(e.pk),
            object_repr=str(e),
            employee=e,
            site=e.site,
            changes=[{"field": "team", "label": "team", "old": None, "new": str(e.team)}],
        )
        for e in employees
    ]
    entries += [
        AuditEntry(
            at=now,
            user=users.group_hr,
            action="parcours.employee.changed",
            content_type=employee_type,
            object_id=str(org.dario.pk),
            object_repr=str(org.dario),
            employee=org.dario,
            site=org.site_a,
            changes=[{"field": "phone", "label": "phone", "old": str(i), "new": str(i + 1)}],
        )
        for i in range(n // 10)
    ]
    AuditEntry.objects.bulk_create(entries)
    # A few changes the way the pages make them, with their history and audit entries.
    services.employee_update(
        employee=employees[0], user=users.site_hr_a, team=org.team_a2, manager=org.emre
    )
    day = date(2025, 1, 1) + timedelta(days=start)
    services.leave_save(
        leave=Leave(employee=org.dario, kind="vacation", first_day=day, last_day=day),
        user=users.site_hr_a,
    )
    services.record_save(record=Team(site=org.site_a, name=f"Night {start}"), user=users.group_hr)


def _pages(org) -> dict[str, str]:
    return {
        "home": reverse("home"),
        "employee_list": reverse("organisation:employee_list"),
        "employee_list_everyone": reverse("organisation:employee_list") + "?status=",
        "employee_detail": reverse("organisation:employee_detail", args=[org.dario.pk]),
        "employee_detail_of_a_manager": reverse(
            "organisation:employee_detail", args=[org.bruno.pk]
        ),
        "site_list": reverse("organisation:site_list"),
        "site_detail": reverse("organisation:site_detail", args=[org.site_a.pk]),
        "site_tree": reverse("organisation:site_tree", args=[org.site_a.pk]),
        "team_list": reverse("organisation:team_list"),
        "team_detail": reverse("organisation:team_detail", args=[org.team_a1.pk]),
        "position_list": reverse("organisation:position_list"),
        "position_detail": reverse("organisation:position_detail", args=[org.position.pk]),
        "audit_list": reverse("audit:list"),
    }


def _api_lists(org) -> dict[str, str]:
    endpoints = ["employees", "sites", "departments", "teams", "positions", "leaves"]
    endpoints += ["legal-entities", "categories"]
    return {endpoint: f"/api/v1/{endpoint}/" for endpoint in endpoints}


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in (200, 403), url
    return len(queries)


@pytest.fixture(scope="module")
def client_pool():
    """Clients kept across the module's tests: each new client loads the middleware, slowly."""
    return {}


@pytest.mark.parametrize("role", ["group_hr", "manager"])
def test_it_runs_as_many_queries_for_500_employees_as_for_10(
    org, users, client_pool, django_assert_max_num_queries, role
):
    user = getattr(users, role)
    client = client_pool.setdefault(role, Client())
    client.cookies.clear()
    client.force_login(user)
    targets = _pages(org) | _api_lists(org)

    _grow(org, users, 10, start=0)
    for url in targets.values():
        client.get(url)  # warm the caches (content types, ...) before counting
    at_10 = {name: _count(client, url) for name, url in targets.items()}

    _grow(org, users, 490, start=10)
    assert Employee.objects.count() == 8 + 500
    over = {}
    for name, url in targets.items():
        try:
            with django_assert_max_num_queries(at_10[name]):
                response = client.get(url)
        except pytest.fail.Exception:
            over[name] = f"{at_10[name]} queries at 10, {_count(client, url)} at 500"
            continue
        assert response.status_code in (200, 403), name
    assert over == {}


def test_it_shows_the_grown_data_to_the_manager(org, users, client_pool):
    """The 500 are really in Alice's scope: the counts above are not of empty pages."""
    client = client_pool.setdefault("manager", Client())
    client.cookies.clear()
    client.force_login(users.manager)
    _grow(org, users, 40, start=0)
    listing = client.get("/api/v1/employees/").json()
    assert listing["count"] == 6 + 30  # plant A: three quarters of the 40
    tree = client.get(reverse("organisation:site_tree", args=[org.site_a.pk])).content.decode()
    assert "Worker1 Number1" in tree and "Worker3 " not in tree  # Worker3 works at plant B
