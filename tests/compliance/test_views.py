"""Pages: who may open each one, what HR sees on it, the "as of" date and the campaign."""

import re

from django.urls import reverse

from parcours.compliance.models import EntitySettings, InterviewPolicy, KindMapping
from parcours.interviews.models import Campaign, Interview, InterviewKind
from tests.compliance.conftest import ON

OK, FORBIDDEN, NOT_FOUND = 200, 403, 404

LIST_ACCESS = {
    "group_hr": OK,
    "site_hr_a": OK,
    "auditor": OK,
    "site_hr_b": NOT_FOUND,
    "coordinator_a": FORBIDDEN,
    "manager": FORBIDDEN,
    "operator": FORBIDDEN,
    "outsider": NOT_FOUND,
}


def _pages(world):
    org = world.org
    return {
        "site": reverse("compliance:site", args=[org.site_a.pk]),
        "entity": reverse("compliance:entity", args=[org.entity_fr.pk]),
    }


def _statuses(world, client_for, access, url, method="get", data=None):
    """{role: status code} for each role of `access`, to compare with `access`."""
    found = {}
    for who in access:
        client = client_for(getattr(world.users, who))
        found[who] = getattr(client, method)(url, data or {}).status_code
    return found


def test_who_may_open_the_site_and_entity_lists(world, client_for):
    for url in _pages(world).values():
        assert _statuses(world, client_for, LIST_ACCESS, url) == LIST_ACCESS, url


def test_who_may_open_the_overview_policies_and_kinds(world, client_for):
    access = {
        "group_hr": OK,
        "site_hr_a": OK,
        "site_hr_b": OK,
        "auditor": OK,
        "coordinator_a": FORBIDDEN,
        "manager": FORBIDDEN,
        "outsider": NOT_FOUND,
    }
    for name in ("home", "policy_list", "kind_list"):
        url = reverse(f"compliance:{name}")
        assert _statuses(world, client_for, access, url) == access, name


def test_who_may_read_an_employees_obligations(world, client_for):
    access = {
        "group_hr": OK,
        "site_hr_a": OK,
        "auditor": OK,
        "leader": OK,  # Bruno, Chloé's manager
        "manager": OK,  # Alice, above Bruno
        "operator": FORBIDDEN,  # Chloé herself
        "coordinator_a": FORBIDDEN,
        "other_leader": NOT_FOUND,  # Emre: not his team
        "site_hr_b": NOT_FOUND,
        "outsider": NOT_FOUND,
    }
    url = reverse("compliance:employee_panel", args=[world.org.chloe.pk])
    assert _statuses(world, client_for, access, url) == access


def test_who_may_open_the_settings_of_an_entity(world, client_for):
    access = {
        "group_hr": OK,
        "site_hr_a": OK,
        "auditor": FORBIDDEN,
        "site_hr_b": NOT_FOUND,
        "coordinator_a": FORBIDDEN,
        "outsider": NOT_FOUND,
    }
    url = reverse("compliance:settings", args=[world.org.entity_fr.pk])
    assert _statuses(world, client_for, access, url) == access


def test_who_may_define_policies_and_import(world, client_for):
    access = {
        "group_hr": OK,
        "site_hr_a": OK,
        "auditor": FORBIDDEN,
        "manager": FORBIDDEN,
        "outsider": NOT_FOUND,
    }
    for name in ("policy_create", "import"):
        url = reverse(f"compliance:{name}")
        assert _statuses(world, client_for, access, url) == access, name


def test_anonymous_users_are_sent_to_the_login(world, client):
    urls = [
        reverse("compliance:home"),
        *_pages(world).values(),
        reverse("compliance:employee_panel", args=[world.org.chloe.pk]),
        reverse("compliance:settings", args=[world.org.entity_fr.pk]),
        reverse("compliance:policy_list"),
        reverse("compliance:kind_list"),
        reverse("compliance:import"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def _figures(html: str) -> tuple[int, str]:
    overdue = int(re.search(r'id="overdue-count">(\d+)', html).group(1))
    stake = re.search(r'id="at-stake">([^<]+)', html).group(1).strip()
    return overdue, stake


def test_the_site_page_shows_who_is_overdue_and_what_is_at_stake(world, client_for):
    url = reverse("compliance:site", args=[world.org.site_a.pk])
    html = client_for(world.users.site_hr_a).get(url, {"on": ON.isoformat()}).content.decode()
    overdue_section = html.split('id="overdue"')[1].split('id="due-soon"')[0]
    assert "Chloé Dubois" in overdue_section and "Dário Gonçalves" in overdue_section
    assert "Fatima El Amrani" not in overdue_section
    risk_section = html.split('id="at-risk"')[1].split('id="overdue"')[0]
    assert "Dário Gonçalves" in risk_section and "Chloé Dubois" not in risk_section
    assert _figures(html)[1] == "9,000 €"
    # The rule behind the date is shown.
    assert "FR-EP-2019" in overdue_section or "FR-EPP-2025" in overdue_section


def test_the_as_of_date_shows_the_picture_of_that_day(world, client_for):
    url = reverse("compliance:site", args=[world.org.site_a.pk])
    client = client_for(world.users.site_hr_a)
    then = client.get(url, {"on": "2024-07-01"}).content.decode()
    later = client.get(url, {"on": "2025-07-01"}).content.decode()
    section = lambda html: html.split('id="overdue"')[1].split('id="due-soon"')[0]  # noqa: E731
    assert "Emre Yılmaz" in section(then)
    assert "Emre Yılmaz" not in section(later)
    # Fatima was not hired yet in July 2024.
    assert "Fatima" not in then
    assert 'value="2024-07-01"' in then


def test_a_wrong_date_falls_back_to_today_and_says_so(world, client_for):
    url = reverse("compliance:site", args=[world.org.site_a.pk])
    response = client_for(world.users.site_hr_a).get(url, {"on": "2026-02-31"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_the_employee_panel_is_a_fragment_for_htmx_with_the_rules(world, client_for):
    url = reverse("compliance:employee_panel", args=[world.org.chloe.pk])
    client = client_for(world.users.leader)
    fragment = client.get(url, {"on": ON.isoformat()}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert "2025-05-02" in fragment or "05/02/2025" in fragment or "02/05/2025" in fragment
    assert "Overdue" in fragment
    assert "add_years" not in fragment and "FR-EP" in fragment
    page = client.get(url).content.decode()
    assert "<html" in page


def test_the_employee_page_lists_the_panel(world, client_for):
    page = client_for(world.users.site_hr_a).get(
        reverse("organisation:employee_detail", args=[world.org.chloe.pk])
    )
    assert reverse("compliance:employee_panel", args=[world.org.chloe.pk]) in page.content.decode()
    page = client_for(world.users.coordinator_a).get(
        reverse("organisation:employee_detail", args=[world.org.chloe.pk])
    )
    assert (
        reverse("compliance:employee_panel", args=[world.org.chloe.pk]) not in page.content.decode()
    )


def test_one_action_launches_a_campaign_for_exactly_those_due_in_the_period(world, client_for):
    url = reverse("compliance:site_campaign", args=[world.org.site_a.pk])
    response = client_for(world.users.site_hr_a).post(
        f"{url}?on={ON.isoformat()}",
        {
            "kind": world.professional.pk,
            "due_from": "2027-01-01",
            "due_to": "2027-03-31",
            "name": "Q1 2027",
        },
    )
    campaign = Campaign.objects.get(name="Q1 2027")
    assert response.status_code == 302
    assert response["Location"] == reverse("interviews:campaign_detail", args=[campaign.pk])
    assert campaign.status == "running"
    assert list(campaign.sites.all()) == [world.org.site_a]
    people = set(Interview.objects.filter(campaign=campaign).values_list("employee_id", flat=True))
    assert people == {world.org.bruno.pk}
    # Exactly those: "add the employees hired since" will not widen it to the site.
    assert campaign.named_employees
    # The same form sent twice (a double click): refused, nothing more is created.
    again = client_for(world.users.site_hr_a).post(
        f"{url}?on={ON.isoformat()}",
        {
            "kind": world.professional.pk,
            "due_from": "2027-01-01",
            "due_to": "2027-03-31",
            "name": "Q1 2027",
        },
    )
    assert again.status_code == 200 and "already running" in again.content.decode()
    assert Campaign.objects.count() == 1


def test_from_the_legal_entity_page_too(world, client_for):
    url = reverse("compliance:entity_campaign", args=[world.org.entity_fr.pk])
    response = client_for(world.users.group_hr).post(
        f"{url}?on={ON.isoformat()}",
        {"kind": world.professional.pk, "due_from": "2027-01-01", "due_to": "2027-03-31"},
    )
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert list(campaign.sites.all()) == [world.org.site_a]
    assert list(campaign.interviews.values_list("employee_id", flat=True)) == [world.org.bruno.pk]


def test_a_period_with_nobody_due_says_so_and_creates_nothing(world, client_for):
    url = reverse("compliance:site_campaign", args=[world.org.site_a.pk])
    response = client_for(world.users.site_hr_a).post(
        f"{url}?on={ON.isoformat()}",
        {"kind": world.professional.pk, "due_from": "2040-01-01", "due_to": "2040-03-31"},
    )
    assert response.status_code == 200
    assert "Nobody has an interview of this kind due in this period." in response.content.decode()
    assert not Campaign.objects.exists()


def test_who_may_not_launch_a_campaign(world, client_for):
    access = {
        "auditor": FORBIDDEN,
        "coordinator_a": FORBIDDEN,
        "site_hr_b": NOT_FOUND,
        "outsider": NOT_FOUND,
    }
    url = reverse("compliance:site_campaign", args=[world.org.site_a.pk])
    data = {"kind": world.professional.pk, "due_from": "2027-01-01", "due_to": "2027-03-31"}
    assert _statuses(world, client_for, access, url, "post", data) == access
    assert not Campaign.objects.exists()


def test_hr_changes_the_settings_of_their_entity(world, client_for):
    url = reverse("compliance:settings", args=[world.org.entity_fr.pk])
    client = client_for(world.users.site_hr_a)
    data = {
        "return_deadline_days": 45,
        "long_illness_min_months": 6,
        "due_soon_days": 90,
        "sick_counts_as_working_time": "on",
        "agreement_years": "",
    }
    assert client.post(url, data).status_code == 302
    stored = EntitySettings.objects.get(legal_entity=world.org.entity_fr)
    assert (stored.return_deadline_days, stored.parental_counts_as_working_time) == (45, False)
    assert stored.history.first().history_user == world.users.site_hr_a
    bad = client.post(url, {**data, "due_soon_days": 0, "agreement_before_reform": "on"})
    assert bad.status_code == 200
    assert EntitySettings.objects.get(legal_entity=world.org.entity_fr).due_soon_days == 90


def test_group_hr_defines_a_policy_and_site_hr_only_for_their_sites(world, client_for):
    annual = InterviewKind.objects.get(code="annual_review")
    data = {
        "code": "ANNUAL-OPS",
        "name": "Annual review of operators",
        "kind": annual.pk,
        "period_months": 12,
        "sites": [world.org.site_b.pk],
    }
    response = client_for(world.users.site_hr_a).post(reverse("compliance:policy_create"), data)
    assert response.status_code == 200 and not InterviewPolicy.objects.exists()
    response = client_for(world.users.site_hr_a).post(
        reverse("compliance:policy_create"), {**data, "sites": [world.org.site_a.pk]}
    )
    assert response.status_code == 302
    policy = InterviewPolicy.objects.get()
    assert policy.history.first().history_user == world.users.site_hr_a
    edit = reverse("compliance:policy_edit", args=[policy.pk])
    assert client_for(world.users.site_hr_b).get(edit).status_code == FORBIDDEN
    delete = reverse("compliance:policy_delete", args=[policy.pk])
    assert client_for(world.users.auditor).post(delete).status_code == FORBIDDEN
    assert client_for(world.users.group_hr).post(delete).status_code == 302
    assert not InterviewPolicy.objects.exists()


def test_only_group_hr_maps_the_kinds(world, client_for):
    annual = InterviewKind.objects.get(code="annual_review")
    data = {"kind": annual.pk, f"k{annual.pk}-engine_kind": "periodic", f"k{annual.pk}-topics": ""}
    url = reverse("compliance:kind_list")
    assert client_for(world.users.site_hr_a).post(url, data).status_code == FORBIDDEN
    assert client_for(world.users.group_hr).post(url, data).status_code == 302
    assert KindMapping.objects.get(interview_kind=annual).engine_kind == "periodic"
    bad = client_for(world.users.group_hr).post(
        url, {**data, f"k{annual.pk}-engine_kind": "Not a code!"}
    )
    assert bad.status_code == 200 and "Lower-case letters" in bad.content.decode()


def test_the_admin_lists_open(world, client_for, django_user_model):
    admin = django_user_model.objects.create_superuser("root", "root@example.com", "x")
    client = client_for(admin)
    for model in ("entitysettings", "interviewpolicy", "kindmapping", "historicinterview"):
        assert client.get(f"/admin/compliance/{model}/").status_code == 200, model
