"""Who may see and change interview obligations (on top of `for_user` scoping).

- Group HR and auditors see every site and legal entity; site HR see their sites and
  the legal entities of those sites (with only the employees of their sites).
- The obligations of one employee: HR of their site, group HR, auditors, and the
  managers above them. Not the employee themself, nor a training coordinator (403).
- Settings of a legal entity: group HR, or site HR of a site of that entity.
- Company policies: group HR; site HR for policies limited to their own sites.
- Kind mappings: group HR. Campaigns from a list: HR (the interviews app checks the sites).
- Imports of historic interviews and trainings: HR, rows of their sites only.
"""

from __future__ import annotations

import rules

from parcours.core.scope import scope_for


@rules.predicate
def reads_obligations(user) -> bool:
    scope = scope_for(user)
    return scope.whole_group or scope.is_site_hr


@rules.predicate
def reads_site(user, site=None) -> bool:
    scope = scope_for(user)
    if site is None:
        return scope.whole_group or scope.is_site_hr
    return scope.whole_group or site.pk in scope.hr_site_ids


@rules.predicate
def reads_entity(user, entity=None) -> bool:
    scope = scope_for(user)
    if scope.whole_group:
        return True
    if entity is None:
        return scope.is_site_hr
    return bool(set(entity_site_ids(entity)) & scope.hr_site_ids)


def entity_site_ids(entity) -> list[int]:
    ids = getattr(entity, "_site_ids", None)
    if ids is None:
        ids = entity._site_ids = list(entity.sites.values_list("pk", flat=True))
    return ids


@rules.predicate
def changes_entity_settings(user, entity=None) -> bool:
    scope = scope_for(user)
    if scope.is_group_hr:
        return True
    if entity is None:
        return scope.is_site_hr
    return bool(set(entity_site_ids(entity)) & scope.hr_site_ids)


@rules.predicate
def changes_policy(user, policy=None) -> bool:
    scope = scope_for(user)
    if scope.is_group_hr:
        return True
    if not scope.is_site_hr:
        return False
    if policy is None:
        return True
    if policy.legal_entities.exists():
        return False
    site_ids = set(policy.sites.values_list("pk", flat=True))
    return bool(site_ids) and site_ids <= scope.hr_site_ids


@rules.predicate
def reads_employee_obligations(user, employee=None) -> bool:
    scope = scope_for(user)
    if employee is None:
        return scope.whole_group or scope.is_site_hr or scope.employee_id is not None
    if scope.whole_group or employee.site_id in scope.hr_site_ids:
        return True
    if scope.employee_id is None or scope.employee_id == employee.pk:
        return False
    from parcours.organisation.models import Employee

    return Employee.objects.filter(scope.employee_q()).filter(pk=employee.pk).exists()


@rules.predicate
def is_hr(user) -> bool:
    return scope_for(user).is_hr


@rules.predicate
def is_group_hr(user) -> bool:
    return scope_for(user).is_group_hr


rules.add_perm("compliance.browse", reads_obligations)
rules.add_perm("compliance.view_site", reads_site)
rules.add_perm("compliance.view_entity", reads_entity)
rules.add_perm("compliance.view_employee", reads_employee_obligations)
rules.add_perm("compliance.change_settings", changes_entity_settings)
rules.add_perm("compliance.change_policy", changes_policy)
rules.add_perm("compliance.change_kinds", is_group_hr)
rules.add_perm("compliance.launch", is_hr)
rules.add_perm("compliance.import", is_hr)


def panel_visible(user, employee) -> bool:
    """Without a query: HR of the site, group-wide roles, and users linked to another
    employee (a manager; the panel view checks they are above this one)."""
    scope = scope_for(user)
    if scope.whole_group or employee.site_id in scope.hr_site_ids:
        return True
    return scope.employee_id is not None and scope.employee_id != employee.pk
