"""Campaigns: scope, templates by category, interviewers, launch, late hires, closing."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parcours.audit.models import AuditEntry
from parcours.interviews import services
from parcours.interviews.choices import CampaignStatus
from parcours.interviews.models import Interview
from tests.factories import CategoryFactory, EmployeeFactory
from tests.interviews.conftest import build_template
from tests.interviews.factories import CampaignFactory, KindFactory


@pytest.fixture
def template(org, users):
    return build_template(user=users.group_hr)


def _campaign(org, users, template, categories=("operator", "team_leader"), **fields):
    campaign = CampaignFactory(kind=template.kind, **fields)
    for code in categories:
        services.campaign_set_template(
            campaign=campaign,
            category=CategoryFactory(code=code),
            template=template,
            user=users.group_hr,
        )
    return campaign


def _interviewers(campaign):
    return {
        i.employee.first_name: (i.interviewer.first_name if i.interviewer else None)
        for i in Interview.objects.filter(campaign=campaign).select_related(
            "employee", "interviewer"
        )
    }


def test_it_launches_every_interview_at_once_with_the_line_manager(org, users, template):
    campaign = _campaign(org, users, template)
    result = services.campaign_launch(campaign=campaign, user=users.group_hr)
    assert result.created == 7
    assert result.by_site == [("Plant A", 5), ("Plant B", 2)]
    assert result.by_category == [("Operator", 4), ("Team Leader", 3)]
    assert result.without_template == 1  # Alice, a manager: no template for managers
    assert result.without_interviewer == 1  # Greet has no line manager
    assert _interviewers(campaign) == {
        "Bruno": "Alice",
        "Emre": "Alice",
        "Chloé": "Bruno",
        "Dário": "Bruno",
        "Fatima": "Emre",
        "Greet": None,
        "Hanne": "Greet",
    }
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.RUNNING
    assert AuditEntry.objects.filter(action="parcours.campaign.launched").count() == 1
    version = template.versions.get()
    assert set(campaign.interviews.values_list("template_version", flat=True)) == {version.pk}
    assert set(campaign.interviews.values_list("status", flat=True)) == {"to_plan"}


def test_it_uses_a_template_for_each_category(org, users, template):
    staff_template = build_template(name="Leaders", user=users.group_hr, kind=template.kind)
    campaign = _campaign(org, users, template, categories=("operator",))
    services.campaign_set_template(
        campaign=campaign,
        category=org.bruno.category,
        template=staff_template,
        user=users.group_hr,
    )
    services.campaign_launch(campaign=campaign, user=users.group_hr)
    names = {
        i.employee.first_name: i.template_version.template.labels["en"]
        for i in campaign.interviews.select_related("employee", "template_version__template")
    }
    assert names["Chloé"] == "Annual review" and names["Bruno"] == "Leaders"


def test_it_gives_interviews_to_someone_else_per_team_or_employee(org, users, template):
    campaign = _campaign(org, users, template)
    services.campaign_add_override(
        campaign=campaign, team=org.team_a1, interviewer=org.alice, user=users.group_hr
    )
    services.campaign_add_override(
        campaign=campaign, employee=org.chloe, interviewer=org.emre, user=users.group_hr
    )
    services.campaign_launch(campaign=campaign, user=users.group_hr)
    found = _interviewers(campaign)
    assert found["Chloé"] == "Emre"  # the employee's override wins
    assert found["Dário"] == "Alice"  # the team's override
    assert found["Bruno"] == "Alice"  # Bruno is in team A1; his override would be himself
    assert found["Fatima"] == "Emre"  # untouched: line manager


@pytest.mark.parametrize(
    ("scope", "fields", "expected"),
    [
        ({"sites": "site_b"}, {}, {"Greet", "Hanne"}),
        ({"teams": "team_a2"}, {}, {"Emre", "Fatima"}),
        ({"legal_entities": "entity_be"}, {}, {"Greet", "Hanne"}),
        ({"categories": "operator"}, {}, {"Chloé", "Dário", "Fatima", "Hanne"}),
        ({}, {"hired_on_or_after": date(2025, 1, 1)}, {"Hanne"}),
        ({}, {"hired_on_or_before": date(2020, 1, 1)}, {"Bruno", "Chloé"}),
    ],
)
def test_it_limits_the_campaign_to_its_scope(org, users, template, scope, fields, expected):
    org.hanne.hire_date = date(2025, 6, 1)
    org.hanne.save()
    for person in (org.greet, org.emre, org.dario, org.fatima):
        person.hire_date = date(2021, 1, 1)
        person.save()
    campaign = _campaign(org, users, template, **fields)
    for name, attr in scope.items():
        target = CategoryFactory(code=attr) if name == "categories" else getattr(org, attr)
        getattr(campaign, name).set([target])
    services.campaign_launch(campaign=campaign, user=users.group_hr)
    assert set(_interviewers(campaign)) == expected


def test_it_adds_late_hires_to_a_running_campaign(org, users, template):
    campaign = _campaign(org, users, template)
    services.campaign_launch(campaign=campaign, user=users.group_hr)
    newcomer = EmployeeFactory(
        site=org.site_a, first_name="Ilse", category=org.chloe.category, manager=org.bruno
    )
    result = services.campaign_add_late_hires(campaign=campaign, user=users.group_hr)
    assert result.created == 1
    assert campaign.interviews.get(employee=newcomer).interviewer == org.bruno
    assert services.campaign_add_late_hires(campaign=campaign, user=users.group_hr).created == 0
    assert campaign.interviews.count() == 8


def test_it_closes_a_campaign_and_then_adds_nobody(org, users, template):
    campaign = _campaign(org, users, template)
    with pytest.raises(ValidationError):
        services.campaign_close(campaign=campaign, user=users.group_hr)
    services.campaign_launch(campaign=campaign, user=users.group_hr)
    with pytest.raises(ValidationError) as refused:
        services.campaign_launch(campaign=campaign, user=users.group_hr)
    assert "already been launched" in str(refused.value)
    services.campaign_close(campaign=campaign, user=users.group_hr)
    with pytest.raises(ValidationError):
        services.campaign_add_late_hires(campaign=campaign, user=users.group_hr)
    assert AuditEntry.objects.filter(action="parcours.campaign.closed").exists()


def test_it_refuses_to_launch_with_an_unpublished_template(org, users):
    draft = build_template(user=users.group_hr, publish=False)
    campaign = _campaign(org, users, draft)
    with pytest.raises(ValidationError) as refused:
        services.campaign_launch(campaign=campaign, user=users.group_hr)
    assert "has no published version yet" in str(refused.value)
    assert not campaign.interviews.exists()


def test_it_refuses_a_template_of_another_kind(org, users, template):
    campaign = CampaignFactory(kind=KindFactory(code="professional"))
    with pytest.raises(ValidationError) as refused:
        services.campaign_set_template(
            campaign=campaign, category=org.chloe.category, template=template, user=users.group_hr
        )
    assert "another kind of interview" in str(refused.value)


def test_it_lets_site_hr_launch_for_their_sites_only(org, users, template):
    campaign = _campaign(org, users, template)
    with pytest.raises(ValidationError) as refused:
        services.campaign_launch(campaign=campaign, user=users.site_hr_a)  # whole group
    assert "Choose among your sites" in str(refused.value)
    campaign.sites.set([org.site_b])
    with pytest.raises(ValidationError):
        services.campaign_launch(campaign=campaign, user=users.site_hr_a)
    campaign.sites.set([org.site_a])
    result = services.campaign_launch(campaign=campaign, user=users.site_hr_a)
    assert result.by_site == [("Plant A", 5)]
    with pytest.raises(PermissionDenied):
        services.campaign_close(campaign=campaign, user=users.leader)


def test_it_refuses_a_deadline_before_the_opening(org, users, template):
    campaign = CampaignFactory.build(
        kind=template.kind, opens_on=date(2026, 5, 1), deadline=date(2026, 4, 1)
    )
    with pytest.raises(ValidationError) as refused:
        services.campaign_save(campaign=campaign, user=users.group_hr, scope={})
    assert "The deadline is before the opening." in str(refused.value)


def test_it_records_each_launched_interview_in_its_history(org, users, template):
    from datetime import datetime

    from django.utils import timezone

    campaign = _campaign(org, users, template)
    services.campaign_launch(campaign=campaign, user=users.group_hr)
    interview = campaign.interviews.get(employee=org.chloe)
    first = interview.history.get()
    assert (first.history_type, first.history_change_reason) == ("+", "parcours.interview.created")
    assert first.history_user == users.group_hr and first.interviewer_id == org.bruno.pk
    services.interview_plan(
        interview=interview,
        user=users.leader,
        scheduled_at=timezone.make_aware(datetime(2026, 2, 3, 9, 0)),
        location="Office",
    )
    entry = AuditEntry.objects.get(action="parcours.interview.planned")
    # Only what changed, thanks to the first record.
    assert {change["field"] for change in entry.changes} == {"status", "scheduled_at", "location"}
