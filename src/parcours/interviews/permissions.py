"""Who may do what with templates, campaigns and the board.

What happens to one interview is decided by the transition table in services.py, which
knows the person's relation to the interview (HR of its site, interviewer, a manager above
the employee, the employee).
"""

import rules

from parcours.core.scope import scope_for


@rules.predicate
def reads_templates(user) -> bool:
    scope = scope_for(user)
    return scope.is_hr or scope.whole_group


@rules.predicate
def is_group_hr(user) -> bool:
    return scope_for(user).is_group_hr


@rules.predicate
def is_hr(user) -> bool:
    return scope_for(user).is_hr


@rules.predicate
def runs_campaign(user, campaign) -> bool:
    """Group HR any campaign; site HR a campaign limited to their own sites."""
    scope = scope_for(user)
    if scope.is_group_hr:
        return True
    if campaign is None:
        return scope.is_site_hr
    if not scope.is_site_hr:
        return False
    site_ids = {site.pk for site in campaign.sites.all()}
    return bool(site_ids) and site_ids <= set(scope.hr_site_ids)


@rules.predicate
def reads_campaigns(user) -> bool:
    scope = scope_for(user)
    return scope.is_hr or scope.whole_group


@rules.predicate
def sees_board(user) -> bool:
    """HR, auditors, and anyone who conducts interviews or has people reporting to them."""
    scope = scope_for(user)
    if scope.is_hr or scope.whole_group:
        return True
    if scope.employee_id is None:
        return False
    from parcours.interviews.models import Interview
    from parcours.organisation.models import Employee

    return (
        Employee.objects.filter(manager_id=scope.employee_id).exists()
        or Interview.objects.filter(interviewer_id=scope.employee_id).exists()
    )


rules.add_perm("interviews.view_templates", reads_templates)
rules.add_perm("interviews.change_templates", is_group_hr)
rules.add_perm("interviews.view_campaigns", reads_campaigns)
rules.add_perm("interviews.add_campaign", is_hr)
rules.add_perm("interviews.run_campaign", runs_campaign)
rules.add_perm("interviews.view_board", sees_board)
