"""Changes to the organisation. Views, the API, imports and the demo all come here."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.organisation.models import (
    Employee,
    EmployeeAssignment,
    Leave,
    Position,
    Site,
    Team,
)

ASSIGNMENT_FIELDS = ("position_id", "team_id", "manager_id", "category_id", "site_id")


def _check_employee(employee: Employee) -> None:
    errors: dict[str, str] = {}
    if (
        employee.site_id
        and employee.legal_entity_id
        and (employee.site.legal_entity_id != employee.legal_entity_id)
    ):
        errors["site"] = _("This site belongs to another legal entity.")
    if employee.team_id and employee.team.site_id != employee.site_id:
        errors["team"] = _("This team works at another site.")
    if employee.position_id and employee.position.site_id not in (None, employee.site_id):
        errors["position"] = _("This position belongs to another site.")
    if (
        employee.legal_entity_id
        and employee.employee_number
        and Employee.objects.filter(
            legal_entity_id=employee.legal_entity_id, employee_number=employee.employee_number
        )
        .exclude(pk=employee.pk)
        .exists()
    ):
        errors["employee_number"] = _(
            "Another employee of %(entity)s already has number %(number)s."
        ) % {"entity": employee.legal_entity, "number": employee.employee_number}
    if employee.leaving_date and employee.leaving_date < employee.hire_date:
        errors["leaving_date"] = _("The leaving date is before the hire date.")
    if employee.manager_id:
        if employee.pk and employee.manager_id == employee.pk:
            errors["manager"] = _("An employee cannot be their own line manager.")
        elif employee.pk and _manages_indirectly(employee.pk, employee.manager_id):
            errors["manager"] = _(
                "This would make a loop: the chosen manager already reports to this employee."
            )
    if errors:
        raise ValidationError(errors)


def _manages_indirectly(employee_id: int, candidate_manager_id: int) -> bool:
    """True when candidate_manager reports, directly or not, to employee."""
    seen: set[int] = set()
    current: int | None = candidate_manager_id
    while current is not None and current not in seen:
        if current == employee_id:
            return True
        seen.add(current)
        current = Employee.objects.filter(pk=current).values_list("manager_id", flat=True).first()
    return False


def _open_assignment(employee: Employee, valid_from: date) -> None:
    EmployeeAssignment.objects.filter(employee=employee, valid_to__isnull=True).update(
        valid_to=valid_from
    )
    EmployeeAssignment.objects.create(
        employee=employee,
        valid_from=valid_from,
        **{field: getattr(employee, field) for field in ASSIGNMENT_FIELDS},
    )


@transaction.atomic
def employee_create(*, user=None, effective: date | None = None, **fields: Any) -> Employee:
    employee = Employee(**fields)
    _check_employee(employee)
    employee.full_clean(exclude=["user"], validate_unique=True)
    employee._history_user = user
    employee.save()
    _open_assignment(employee, effective or employee.hire_date)
    return employee


@transaction.atomic
def employee_update(
    *, employee: Employee, user=None, effective: date | None = None, **fields: Any
) -> Employee:
    """Change an employee; a change of position, team, manager or category starts a new
    period in the employee's history, from `effective` (today by default)."""
    before = {field: getattr(employee, field) for field in ASSIGNMENT_FIELDS}
    for name, value in fields.items():
        setattr(employee, name, value)
    _check_employee(employee)
    employee.full_clean(exclude=["user"], validate_unique=True)
    employee._history_user = user
    employee.save()
    after = {field: getattr(employee, field) for field in ASSIGNMENT_FIELDS}
    if before != after:
        _open_assignment(employee, effective or timezone.localdate())
    return employee


def _check_leave(leave: Leave) -> None:
    errors: dict[str, str] = {}
    if leave.last_day and leave.last_day < leave.first_day:
        errors["last_day"] = _("The last day is before the first day.")
    if leave.return_date and leave.return_date < leave.first_day:
        errors["return_date"] = _("The return date is before the first day.")
    overlapping = Leave.objects.filter(employee_id=leave.employee_id).exclude(pk=leave.pk)
    overlapping = overlapping.filter(first_day__lte=leave.last_day or date.max)
    overlapping = [
        other
        for other in overlapping
        if other.last_day is None or other.last_day >= leave.first_day
    ]
    if overlapping:
        errors["first_day"] = _("This leave overlaps another leave of the same employee (%s).") % (
            ", ".join(str(other) for other in overlapping)
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def leave_save(*, leave: Leave, user=None) -> Leave:
    _check_leave(leave)
    leave.full_clean()
    leave._history_user = user
    leave.save()
    return leave


@transaction.atomic
def leave_delete(*, leave: Leave, user=None) -> None:
    leave._history_user = user
    leave.delete()


@transaction.atomic
def record_save(*, record: Site | Team | Position, user=None) -> Site | Team | Position:
    """Save a site, team or position after validating it."""
    if isinstance(record, Team):
        errors = {}
        if record.department_id and record.department.site_id != record.site_id:
            errors["department"] = _("This department belongs to another site.")
        if record.leader_id and record.leader.site_id != record.site_id:
            errors["leader"] = _("The team leader works at another site.")
        if errors:
            raise ValidationError(errors)
    record.full_clean()
    record._history_user = user
    record.save()
    return record
