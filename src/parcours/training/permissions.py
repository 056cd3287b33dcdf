"""Who may do what with trainings, on top of what they may see (`for_user` querysets).

- Group HR: everything. Site HR and training coordinators: decide, plan and close the
  requests of their sites, keep their sites' catalogue and sessions; site HR sets the
  budgets of their sites. Auditors read the plan.
- A manager asks trainings for the people below them and confirms the levels a done
  training brings them (with the right to record levels, `skills.assess`).
- An employee asks trainings for themself and follows their requests.
"""

from __future__ import annotations

import rules

from parcours.core.scope import scope_for
from parcours.skills.permissions import has_reports, is_the_employee, manages


def _site_id(obj) -> int | None:
    from parcours.organisation.models import Site

    if isinstance(obj, Site):
        return obj.pk
    return getattr(obj, "site_id", None)


@rules.predicate
def decides(user, obj=None) -> bool:
    """Group HR; site HR and training coordinators for a record of their sites."""
    scope = scope_for(user)
    if scope.is_group_hr:
        return True
    sites = scope.hr_site_ids | scope.coordinator_site_ids
    if obj is None:
        return bool(sites)
    return _site_id(obj) in sites


@rules.predicate
def edits_catalogue(user, training=None) -> bool:
    """A training of a site: its HR and coordinators; group-wide trainings: group HR."""
    scope = scope_for(user)
    if scope.is_group_hr:
        return True
    sites = scope.hr_site_ids | scope.coordinator_site_ids
    if training is None:
        return bool(sites)
    return training.site_id is not None and training.site_id in sites


@rules.predicate
def sets_budget(user, site=None) -> bool:
    scope = scope_for(user)
    if site is None:
        return scope.is_hr
    return scope.can_edit_site(_site_id(site))


@rules.predicate
def reads_plan(user, site=None) -> bool:
    scope = scope_for(user)
    if scope.whole_group:
        return True
    if site is None:
        return bool(scope.site_ids)
    return _site_id(site) in scope.site_ids


rules.add_perm("training.decide", decides)
rules.add_perm("training.change_catalogue", edits_catalogue)
rules.add_perm("training.change_sessions", decides)
rules.add_perm("training.set_budget", sets_budget)
rules.add_perm("training.read_plan", reads_plan)
rules.add_perm("training.ask_for", is_the_employee | manages | decides)
rules.add_perm("training.team", has_reports)
