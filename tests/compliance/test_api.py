"""The API: obligations per employee (read only, scoped), settings and policies."""

import pytest
from rest_framework.test import APIClient

from parcours.compliance.models import EntitySettings, InterviewPolicy
from tests.compliance.conftest import ON


@pytest.fixture
def api():
    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make


def test_obligations_list_is_scoped_to_the_sites_of_the_user(world, api):
    url = f"/api/v1/compliance/obligations/?on={ON.isoformat()}"
    names = {e["name"] for e in api(world.users.site_hr_a).get(url).json()}
    assert "Chloé Dubois" in names and "Hanne De Smet" not in names
    names = {e["name"] for e in api(world.users.auditor).get(url).json()}
    assert {"Chloé Dubois", "Hanne De Smet"} <= names
    entry = next(
        e for e in api(world.users.group_hr).get(url).json() if e["name"] == "Dário Gonçalves"
    )
    assert entry["penalty"]["amount_eur"] == 3000
    assert entry["obligations"][1]["status"] == "overdue"
    site_b = f"{url}&site={world.org.site_b.pk}"
    assert api(world.users.site_hr_a).get(site_b).status_code == 404
    assert api(world.users.manager).get(url).status_code == 403
    assert api(world.users.outsider).get(url).status_code == 404
    assert api().get(url).status_code in (401, 403)
    assert api(world.users.group_hr).get("/api/v1/compliance/obligations/?on=x").status_code == 400


def test_obligations_of_one_employee(world, api):
    access = {
        "group_hr": 200,
        "site_hr_a": 200,
        "leader": 200,
        "operator": 403,
        "coordinator_a": 403,
        "other_leader": 404,
        "site_hr_b": 404,
        "outsider": 404,
    }
    url = f"/api/v1/compliance/obligations/{world.org.chloe.pk}/?on={ON.isoformat()}"
    found = {}
    for who in access:
        response = api(getattr(world.users, who)).get(url)
        found[who] = response.status_code
        if response.status_code == 200:
            assert response.json()["obligations"][2]["due"] == "2025-05-02"
    assert found == access
    assert api().get(url).status_code in (401, 403)


def test_the_obligations_are_read_only(world, api):
    url = f"/api/v1/compliance/obligations/{world.org.chloe.pk}/"
    assert api(world.users.group_hr).delete(url).status_code == 405


def test_settings_read_and_changed_by_hr_of_the_entity(world, api):
    url = f"/api/v1/compliance/settings/{world.org.entity_fr.pk}/"
    assert api(world.users.site_hr_a).get(url).json()["return_deadline_days"] == 30
    response = api(world.users.site_hr_a).patch(url, {"due_soon_days": 90}, format="json")
    assert response.status_code == 200 and response.json()["due_soon_days"] == 90
    assert EntitySettings.objects.get(legal_entity=world.org.entity_fr).due_soon_days == 90
    assert api(world.users.auditor).patch(url, {"due_soon_days": 5}).status_code == 403
    assert api(world.users.site_hr_b).get(url).status_code == 404
    assert api(world.users.outsider).get(url).status_code == 404
    assert api().get(url).status_code in (401, 403)
    bad = api(world.users.group_hr).patch(
        url, {"agreement_before_reform": True, "agreement_years": None}, format="json"
    )
    assert bad.status_code == 400 and "agreement_before_reform" in bad.json()
    listed = api(world.users.site_hr_a).get("/api/v1/compliance/settings/").json()
    assert [s["legal_entity"] for s in listed] == [world.org.entity_fr.pk]


def test_policies_by_api(world, api):
    url = "/api/v1/compliance/policies/"
    data = {
        "code": "ANNUAL",
        "name": "Annual review",
        "kind": "annual_review",
        "period_months": 12,
        "sites": [world.org.site_a.code],
    }
    assert api(world.users.auditor).post(url, data, format="json").status_code == 403
    assert api(world.users.site_hr_b).post(url, data, format="json").status_code == 400
    response = api(world.users.site_hr_a).post(url, data, format="json")
    assert response.status_code == 201, response.json()
    policy = InterviewPolicy.objects.get()
    assert [s.code for s in policy.sites.all()] == [world.org.site_a.code]
    assert api(world.users.auditor).get(url).json()["results"][0]["code"] == "ANNUAL"
    assert api(world.users.manager).get(url).status_code == 403
    assert api(world.users.site_hr_b).delete(f"{url}{policy.pk}/").status_code == 403
    assert api(world.users.group_hr).delete(f"{url}{policy.pk}/").status_code == 204


def test_the_schema_has_the_endpoints(world, api):
    schema = api(world.users.group_hr).get("/api/schema/").content.decode()
    for path in ("/api/v1/compliance/obligations/", "/api/v1/compliance/policies/"):
        assert path in schema
