"""The site page and the legal entities of the sites page link to their interview
obligations (compliance) for the users allowed to open them, and only for those."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import LegalEntityFactory, SiteFactory


def _page(user, url) -> str:
    client = Client()
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_site_hr_sees_the_links_to_the_obligations_of_their_site_and_entity(org, users):
    site_page = reverse("compliance:site", args=[org.site_a.pk])
    entity_page = reverse("compliance:entity", args=[org.entity_fr.pk])
    page = _page(users.site_hr_a, reverse("organisation:site_detail", args=[org.site_a.pk]))
    assert f'href="{site_page}"' in page and f'href="{entity_page}"' in page
    page = _page(users.site_hr_a, reverse("organisation:site_list"))
    assert f'href="{entity_page}"' in page
    # Not the entity of a site they are not HR of.
    other = reverse("compliance:entity", args=[org.entity_be.pk])
    assert f'href="{other}"' not in page
    # And the links open.
    client = Client()
    client.force_login(users.site_hr_a)
    assert client.get(site_page).status_code == 200
    assert client.get(entity_page).status_code == 200


def test_a_team_leader_sees_no_link(org, users):
    page = _page(users.leader, reverse("organisation:site_detail", args=[org.site_a.pk]))
    assert reverse("compliance:site", args=[org.site_a.pk]) not in page
    assert reverse("compliance:entity", args=[org.entity_fr.pk]) not in page
    page = _page(users.leader, reverse("organisation:site_list"))
    assert "/compliance/" not in page


def test_group_hr_and_auditors_see_every_entity(org, users):
    for user in (users.group_hr, users.auditor):
        page = _page(user, reverse("organisation:site_list"))
        for entity in (org.entity_fr, org.entity_be):
            assert reverse("compliance:entity", args=[entity.pk]) in page


def test_the_links_cost_the_same_queries_for_many_entities(org, users):
    client = Client()
    client.force_login(users.group_hr)
    url = reverse("organisation:site_list")
    client.get(url)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count()
    for n in range(5):
        SiteFactory(legal_entity=LegalEntityFactory(name=f"Extra {n}"), code=f"X{n}")
    assert count() == few
    assert "Extra 4" in client.get(url).content.decode()


def test_the_sites_page_title_is_just_its_name(org, users):
    page = _page(users.site_hr_a, reverse("organisation:site_list"))
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<table" not in title and "Sites" in title
