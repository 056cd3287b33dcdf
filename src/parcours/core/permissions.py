"""Who may do what, on top of what they may see (parcours.core.scope).

Seeing is decided by `for_user` querysets: a record outside the user's scope is a 404.
These rules decide the actions on records the user can see: a refused action is a 403.
"""

import rules

from parcours.core.scope import scope_for


def _site_of(obj) -> int | None:
    from parcours.organisation.models import Site

    if obj is None:
        return None
    if isinstance(obj, Site):
        return obj.pk
    if hasattr(obj, "site_id"):
        return obj.site_id
    employee = getattr(obj, "employee", None)
    return getattr(employee, "site_id", None)


@rules.predicate
def is_group_hr(user) -> bool:
    return scope_for(user).is_group_hr


@rules.predicate
def is_hr(user) -> bool:
    return scope_for(user).is_hr


@rules.predicate
def is_hr_of_object(user, obj) -> bool:
    """Group HR for anything; site HR for a record of one of their sites."""
    scope = scope_for(user)
    if obj is None:
        return scope.is_hr
    return scope.can_edit_site(_site_of(obj))


@rules.predicate
def can_browse_organisation(user) -> bool:
    """Lists of employees, teams and sites: HR, auditors, coordinators and managers."""
    scope = scope_for(user)
    if scope.whole_group or scope.site_ids:
        return True
    if scope.employee_id is None:
        return False
    from parcours.organisation.models import Employee

    return Employee.objects.filter(manager_id=scope.employee_id).exists()


@rules.predicate
def can_read_audit(user) -> bool:
    scope = scope_for(user)
    return scope.whole_group or scope.is_site_hr


rules.add_perm("organisation.browse", can_browse_organisation)
rules.add_perm("organisation.change_hr_data", is_hr_of_object)
rules.add_perm("organisation.add_site", is_group_hr)
rules.add_perm("organisation.manage_roles", is_group_hr)
rules.add_perm("audit.read", can_read_audit)


def require_role(user) -> None:
    """Pages of Parcours are for people with a role or an employee record: for anybody
    else, nothing exists there (404)."""
    from django.http import Http404

    if not scope_for(user).has_any_role:
        raise Http404


def require_perm(user, perm: str, obj=None) -> None:
    """404 for a user without any role, 403 for one who sees but may not do this."""
    from django.core.exceptions import PermissionDenied

    require_role(user)
    if not user.has_perm(perm, obj):
        raise PermissionDenied
