"""Who may do what with skills, on top of what they may see (`for_user` querysets).

- Group HR: everything. Site HR: the catalogue, requirements, levels and certifications
  of their sites. Training coordinators and auditors read.
- A manager reads their people's matrix and records levels for the people below them.
- An employee reads their own skills and proposes their own levels (self-assessment).
"""

from __future__ import annotations

import rules

from parcours.core.permissions import can_browse_organisation
from parcours.core.scope import scope_for


def _site_id(obj) -> int | None:
    return getattr(obj, "site_id", None)


@rules.predicate
def is_group_hr(user) -> bool:
    return scope_for(user).is_group_hr


@rules.predicate
def is_hr(user) -> bool:
    return scope_for(user).is_hr


@rules.predicate
def edits_site_record(user, obj=None) -> bool:
    """A skill, position or team: HR of its site; group-wide records: group HR."""
    scope = scope_for(user)
    if obj is None:
        return scope.is_hr
    return scope.can_edit_site(_site_id(obj))


@rules.predicate
def manages(user, employee=None) -> bool:
    """The employee reports to this user, directly or further down."""
    scope = scope_for(user)
    if employee is None or scope.employee_id is None or employee.pk == scope.employee_id:
        return False
    from parcours.organisation.models import Employee

    return Employee.objects.filter(scope.employee_q()).filter(pk=employee.pk).exists()


@rules.predicate
def is_hr_of_employee(user, employee=None) -> bool:
    scope = scope_for(user)
    if employee is None:
        return scope.is_hr
    return scope.can_edit_site(employee.site_id)


@rules.predicate
def is_the_employee(user, employee=None) -> bool:
    return employee is not None and scope_for(user).employee_id == employee.pk


@rules.predicate
def has_reports(user) -> bool:
    scope = scope_for(user)
    if scope.employee_id is None:
        return False
    from parcours.organisation.models import Employee

    return Employee.objects.filter(manager_id=scope.employee_id).exists()


# Lists, the matrix, coverage and gaps: HR, auditors, coordinators and managers.
rules.add_perm("skills.browse", can_browse_organisation)
rules.add_perm("skills.change_catalogue", edits_site_record)
rules.add_perm("skills.change_domains", is_group_hr)
rules.add_perm("skills.change_levels", is_group_hr)
rules.add_perm("skills.change_requirements", edits_site_record)
rules.add_perm("skills.assess", is_hr_of_employee | manages)
rules.add_perm("skills.self_assess", is_the_employee)
rules.add_perm("skills.review_self_assessments", is_hr | has_reports)
rules.add_perm("skills.change_certifications", is_hr_of_employee)
rules.add_perm("skills.import", is_hr)
