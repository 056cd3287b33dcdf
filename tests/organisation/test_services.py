from datetime import date

import pytest
from django.core.exceptions import ValidationError

from parcours.organisation import services
from parcours.organisation.models import EmployeeAssignment, Leave
from tests.factories import LeaveFactory


def test_it_creates_an_employee_with_a_first_history_period(org, users):
    employee = services.employee_create(
        user=users.group_hr,
        legal_entity=org.entity_fr,
        site=org.site_a,
        employee_number="000123",
        first_name="Łukasz",
        last_name="Wiśniewski",
        hire_date=date(2024, 2, 1),
        category=org.chloe.category,
        team=org.team_a1,
        manager=org.bruno,
    )
    employee.refresh_from_db()
    assert employee.employee_number == "000123"
    period = EmployeeAssignment.objects.get(employee=employee)
    assert (period.valid_from, period.team, period.manager) == (
        date(2024, 2, 1),
        org.team_a1,
        org.bruno,
    )


def test_it_starts_a_new_period_when_the_team_changes(org, users):
    services.employee_create(
        user=users.group_hr,
        legal_entity=org.entity_fr,
        site=org.site_a,
        employee_number="9",
        first_name="Inês",
        last_name="Simões",
        hire_date=date(2020, 1, 1),
        category=org.chloe.category,
        team=org.team_a1,
    )
    employee = org.team_a1.members.get(first_name="Inês")
    services.employee_update(
        employee=employee, user=users.group_hr, team=org.team_a2, effective=date(2026, 3, 1)
    )
    periods = list(EmployeeAssignment.objects.filter(employee=employee).order_by("valid_from"))
    assert [(p.team, p.valid_from, p.valid_to) for p in periods] == [
        (org.team_a1, date(2020, 1, 1), date(2026, 3, 1)),
        (org.team_a2, date(2026, 3, 1), None),
    ]


def test_it_adds_no_period_when_only_the_phone_changes(org, users):
    services.employee_update(employee=org.chloe, user=users.group_hr, phone="+33 6 12 34 56 78")
    assert not EmployeeAssignment.objects.filter(employee=org.chloe).exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"manager": "self"}, "manager"),
        ({"manager": "report"}, "manager"),
        ({"team": "other_site"}, "team"),
        ({"leaving_date": date(2010, 1, 1)}, "leaving_date"),
    ],
)
def test_it_refuses_an_impossible_employee(org, users, change, field):
    values = {
        "self": org.bruno,
        "report": org.chloe,
        "other_site": org.team_b1,
    }
    fields = {key: values.get(value, value) for key, value in change.items()}
    with pytest.raises(ValidationError) as error:
        services.employee_update(employee=org.bruno, user=users.group_hr, **fields)
    assert field in error.value.message_dict
    org.bruno.refresh_from_db()
    assert org.bruno.manager == org.alice and org.bruno.team == org.team_a1


def test_it_refuses_a_leave_that_overlaps_another(org, users):
    LeaveFactory(employee=org.chloe, first_day=date(2026, 1, 5), last_day=date(2026, 1, 9))
    leave = Leave(employee=org.chloe, kind="vacation", first_day=date(2026, 1, 9))
    with pytest.raises(ValidationError) as error:
        services.leave_save(leave=leave, user=users.group_hr)
    assert "overlaps" in str(error.value)
    assert Leave.objects.filter(employee=org.chloe).count() == 1


def test_it_accepts_an_open_ended_leave_after_a_closed_one(org, users):
    LeaveFactory(employee=org.chloe, first_day=date(2026, 1, 5), last_day=date(2026, 1, 9))
    leave = Leave(employee=org.chloe, kind="maternity", first_day=date(2026, 1, 10))
    services.leave_save(leave=leave, user=users.group_hr)
    assert Leave.objects.get(pk=leave.pk).is_open


def test_it_refuses_a_team_led_from_another_site(org, users):
    org.team_a1.leader = org.greet
    with pytest.raises(ValidationError):
        services.record_save(record=org.team_a1, user=users.group_hr)
