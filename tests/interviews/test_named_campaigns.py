"""A campaign launched for a named list of employees stays exactly those employees: the
"add the employees hired since" action does not widen it to its whole scope."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from parcours.interviews import services
from tests.factories import CategoryFactory, EmployeeFactory
from tests.interviews.conftest import build_template
from tests.interviews.factories import CampaignFactory


@pytest.fixture
def template(org, users):
    return build_template(user=users.group_hr)


def _launched(org, users, template, *, named, employee_ids=None):
    campaign = CampaignFactory(kind=template.kind, named_employees=named)
    for code in ("operator", "team_leader"):
        services.campaign_set_template(
            campaign=campaign,
            category=CategoryFactory(code=code),
            template=template,
            user=users.group_hr,
        )
    services.campaign_launch(campaign=campaign, user=users.group_hr, employee_ids=employee_ids)
    return campaign


def test_a_named_campaign_takes_named_employees_only(org, users, template):
    campaign = _launched(org, users, template, named=True, employee_ids=[org.chloe.pk])
    assert list(campaign.interviews.values_list("employee", flat=True)) == [org.chloe.pk]
    newcomer = EmployeeFactory(site=org.site_a, category=org.chloe.category, manager=org.bruno)
    with pytest.raises(ValidationError) as refused:
        services.campaign_add_late_hires(campaign=campaign, user=users.group_hr)
    assert "named list of employees" in str(refused.value)
    assert campaign.interviews.count() == 1
    # Naming someone (a return from leave) still adds them.
    added = services.campaign_add_late_hires(
        campaign=campaign, user=users.group_hr, employee_ids=[newcomer.pk]
    )
    assert added.created == 1
    assert set(campaign.interviews.values_list("employee", flat=True)) == {
        org.chloe.pk,
        newcomer.pk,
    }


def test_a_campaign_by_scope_still_adds_the_employees_hired_since(org, users, template):
    campaign = _launched(org, users, template, named=False)
    before = campaign.interviews.count()
    EmployeeFactory(site=org.site_a, category=org.chloe.category, manager=org.bruno)
    assert services.campaign_add_late_hires(campaign=campaign, user=users.group_hr).created == 1
    assert campaign.interviews.count() == before + 1


def test_the_campaign_page_hides_the_button_and_says_why(org, users, template):
    client = Client()
    client.force_login(users.group_hr)
    named = _launched(org, users, template, named=True, employee_ids=[org.chloe.pk])
    page = client.get(reverse("interviews:campaign_detail", args=[named.pk])).content.decode()
    add = reverse("interviews:campaign_late_hires", args=[named.pk])
    assert add not in page
    assert "for a named list of employees" in page
    # Posted anyway (an old tab): refused with the message, nobody added.
    EmployeeFactory(site=org.site_a, category=org.chloe.category, manager=org.bruno)
    page = client.post(add, follow=True).content.decode()
    assert "named list of employees" in page
    assert named.interviews.count() == 1
    by_scope = _launched(org, users, template, named=False)
    page = client.get(reverse("interviews:campaign_detail", args=[by_scope.pk])).content.decode()
    assert reverse("interviews:campaign_late_hires", args=[by_scope.pk]) in page
