"""The /api/v1/training/ endpoints: the same scope and rights as the pages, every step of
a request as an action, and the time to decision for reporting."""

from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from parcours.training.models import TrainingRequest
from tests.training.conftest import ask

ROLES = [
    "group_hr",
    "site_hr_a",
    "site_hr_b",
    "coordinator_a",
    "auditor",
    "manager",
    "leader",
    "other_leader",
    "operator",
    "outsider",
]


@pytest.fixture(scope="module")
def client_pool():
    return {}


@pytest.fixture
def api_for(db, client_pool):
    def make(user):
        client = client_pool.setdefault(getattr(user, "username", ""), APIClient())
        if user is None:
            client.credentials()
        else:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


def _expected(*codes):
    return dict(zip(ROLES, codes, strict=True))


def _ids(response):
    return sorted(item["id"] for item in response.json()["results"])


def test_each_role_lists_the_requests_it_sees(org, users, world, api_for):
    chloe = ask(org, users, world)
    hanne = ask(org, users, world, employee=org.hanne, training=None, title="Nederlands")
    got = {}
    for role in ROLES:
        response = api_for(getattr(users, role)).get("/api/v1/training/requests/")
        got[role] = _ids(response) if response.status_code == 200 else response.status_code
    both, a_only, b_only = sorted([chloe.pk, hanne.pk]), [chloe.pk], [hanne.pk]
    assert got == _expected(both, a_only, b_only, a_only, both, a_only, a_only, [], a_only, 404)
    assert api_for(None).get("/api/v1/training/requests/").status_code == 401


def test_a_request_goes_through_its_steps_by_actions(org, users, world, api_for):
    operator = api_for(users.operator)
    response = operator.post(
        "/api/v1/training/requests/",
        {"employee": org.chloe.pk, "training": world.press_basics.pk, "reason": "Line 3"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["origin"], body["status"], body["cost"]) == ("self_service", "requested", "450.00")
    pk = body["id"]
    # The employee cannot approve their own request; another site's HR does not see it.
    assert operator.post(f"/api/v1/training/requests/{pk}/approve/").status_code == 403
    hr_b = api_for(users.site_hr_b)
    assert hr_b.post(f"/api/v1/training/requests/{pk}/approve/").status_code == 404

    coordinator = api_for(users.coordinator_a)
    url = f"/api/v1/training/requests/{pk}/"
    approved = coordinator.post(url + "approve/", {"version": 1, "cost": "400"}, format="json")
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["decision_delay_days"] is not None
    again = coordinator.post(url + "approve/", {"version": 1}, format="json")
    assert again.status_code == 400 and "cannot be approved" in str(again.json())
    planned = coordinator.post(url + "plan/", {"session": world.session.pk}, format="json")
    assert planned.status_code == 200 and planned.json()["session"] == world.session.pk
    done = coordinator.post(url + "done/", {"result": "passed"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "done"
    assert TrainingRequest.objects.get(pk=pk).cost == Decimal("400")
    refused = coordinator.post(url + "refuse/", {"reason": "x"}, format="json")
    assert refused.status_code == 400
    undone = coordinator.post(url + "undo/", {"reason": ""}, format="json")
    assert undone.status_code == 400 and "reason" in undone.json()


def test_nobody_asks_for_a_person_they_do_not_see(org, users, world, api_for):
    body = {"employee": org.fatima.pk, "training": world.press_basics.pk, "reason": "x"}
    response = api_for(users.leader).post("/api/v1/training/requests/", body, format="json")
    assert response.status_code == 400 and "employee" in response.json()
    response = api_for(users.auditor).post("/api/v1/training/requests/", body, format="json")
    assert response.status_code == 403


def test_the_catalogue_is_kept_by_hr_and_coordinators_of_the_site(org, users, world, api_for):
    body = {
        "code": "lockout",
        "labels": {"fr": "Consignation", "nl": "Vergrendeling"},
        "duration_hours": "4",
        "cost_per_person": "80",
        "site": org.site_a.pk,
        "mandatory": True,
        "skills": [{"skill": world.press.pk, "level": 2}],
    }
    statuses = {}
    for role in ROLES:
        response = api_for(getattr(users, role)).post(
            "/api/v1/training/trainings/", {**body, "code": f"lockout-{role}"}, format="json"
        )
        statuses[role] = response.status_code
    assert statuses == _expected(201, 201, 403, 201, 403, 403, 403, 403, 403, 404)
    created = api_for(users.operator).get("/api/v1/training/trainings/?code=lockout-group_hr")
    listed = [t for t in created.json()["results"] if t["code"] == "lockout-group_hr"]
    assert listed[0]["skills"] == [{"skill": world.press.pk, "level": 2}]
    # Plant B's course is not in plant A's catalogue.
    codes = {
        t["code"]
        for t in api_for(users.leader).get("/api/v1/training/trainings/").json()["results"]
    }
    assert "persen" not in codes and "press-basics" in codes


def test_sessions_are_planned_by_the_sites_coordinator(org, users, world, api_for):
    body = {
        "training": world.press_basics.pk,
        "site": org.site_a.pk,
        "starts_on": "2027-03-01",
        "ends_on": "2027-03-02",
        "capacity": 6,
    }
    assert api_for(users.leader).post("/api/v1/training/sessions/", body).status_code == 403
    assert api_for(users.site_hr_b).post("/api/v1/training/sessions/", body).status_code == 400
    response = api_for(users.coordinator_a).post("/api/v1/training/sessions/", body)
    assert response.status_code == 201 and response.json()["taken"] == 0
    wrong = api_for(users.coordinator_a).post(
        "/api/v1/training/sessions/", {**body, "ends_on": "2027-02-01"}
    )
    assert wrong.status_code == 400
    listed = api_for(users.site_hr_b).get("/api/v1/training/sessions/").json()["results"]
    assert listed == []


def test_the_schema_documents_the_training_api_without_warnings(tmp_path, capsys):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--file", str(target))
    paths = yaml.safe_load(target.read_text())["paths"]
    for path in (
        "/api/v1/training/trainings/",
        "/api/v1/training/sessions/",
        "/api/v1/training/requests/",
        "/api/v1/training/requests/{id}/approve/",
        "/api/v1/training/requests/{id}/done/",
    ):
        assert path in paths
    warnings = [line for line in capsys.readouterr().err.splitlines() if "training" in line]
    assert warnings == []
