"""Who may do what with objectives, on top of what they may see (`for_user` querysets).

- Group HR: everything. Site HR: the objectives of their sites. Auditors and training
  coordinators read.
- A manager (anyone with people below them) sets, changes, evaluates and drops the
  objectives of those people, and the objectives of the teams they lead or that their
  people lead.
- An employee reads their own objectives, adds check-ins and gives their self-evaluation.
"""

from __future__ import annotations

import rules

from parcours.core.permissions import can_browse_organisation, is_group_hr
from parcours.core.scope import scope_for


def _manages_employee(user, employee) -> bool:
    scope = scope_for(user)
    if employee is None or scope.employee_id is None or employee.pk == scope.employee_id:
        return False
    from parcours.organisation.models import Employee

    return Employee.objects.filter(scope.employee_q()).filter(pk=employee.pk).exists()


@rules.predicate
def is_hr(user) -> bool:
    return scope_for(user).is_hr


@rules.predicate
def lists_all(user) -> bool:
    """The HR list of every objective in scope: HR, coordinators and auditors."""
    scope = scope_for(user)
    return scope.whole_group or bool(scope.site_ids)


@rules.predicate
def sets_for(user, employee=None) -> bool:
    """Objectives of a person: HR of their site or a manager above them."""
    scope = scope_for(user)
    if employee is None:
        return scope.is_hr or _has_reports(scope)
    return scope.can_edit_site(employee.site_id) or _manages_employee(user, employee)


def _has_reports(scope) -> bool:
    if scope.employee_id is None:
        return False
    from parcours.organisation.models import Employee

    return Employee.objects.filter(manager_id=scope.employee_id).exists()


@rules.predicate
def changes_objective(user, objective=None) -> bool:
    """Change, evaluate or drop: HR of the site; for a person's objective their managers;
    for a team's objective its leader and the managers above the leader."""
    scope = scope_for(user)
    if objective is None:
        return scope.is_hr
    if scope.can_edit_site(objective.site_id):
        return True
    if objective.level == "individual":
        return _manages_employee(user, objective.owner)
    if objective.level == "team" and objective.team is not None:
        leader_id = objective.team.leader_id
        if leader_id is None or scope.employee_id is None:
            return False
        if leader_id == scope.employee_id:
            return True
        from parcours.organisation.models import Employee

        return Employee.objects.filter(scope.employee_q()).filter(pk=leader_id).exists()
    return False


@rules.predicate
def owns_objective(user, objective=None) -> bool:
    return (
        objective is not None
        and objective.owner_id is not None
        and scope_for(user).employee_id == objective.owner_id
    )


@rules.predicate
def is_open(user, objective=None) -> bool:
    return objective is not None and objective.status == "open"


rules.add_perm("objectives.browse", can_browse_organisation)
rules.add_perm("objectives.list_all", lists_all)
rules.add_perm("objectives.export", lists_all)
rules.add_perm("objectives.set_for", sets_for)
rules.add_perm("objectives.change", changes_objective)
rules.add_perm("objectives.checkin", is_open & (changes_objective | owns_objective))
rules.add_perm("objectives.self_evaluate", owns_objective)
rules.add_perm("objectives.change_scales", is_group_hr)
