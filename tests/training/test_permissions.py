"""Every page for every role: allowed, another site or team (404), visible but not
allowed (403), an account without a role (404), anonymous (to the login page)."""

import pytest
from django.test import Client
from django.urls import reverse

from parcours.training import services
from parcours.training.models import SkillProposal
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

DECIDERS_A = {"group_hr": 200, "site_hr_a": 200, "site_hr_b": 404, "coordinator_a": 200}
HR_OR_COORDINATORS = {"group_hr": 200, "site_hr_a": 200, "site_hr_b": 200, "coordinator_a": 200}
CHLOE_VISIBLE = {
    **DECIDERS_A,
    "auditor": 200,
    "manager": 200,
    "leader": 200,
    "other_leader": 404,
    "operator": 200,
}


def _expect(table: dict, default: int = 403) -> dict:
    return {role: table.get(role, 404 if role == "outsider" else default) for role in ROLES}


# name -> (url builder, expected status per role)
PAGES = {
    "home": (lambda w: reverse("training:home"), _expect({}, default=302)),
    "queue": (lambda w: reverse("training:queue"), _expect(HR_OR_COORDINATORS)),
    "request_detail": (
        lambda w: reverse("training:request_detail", args=[w["request"].pk]),
        _expect(CHLOE_VISIBLE),
    ),
    "request_create": (
        lambda w: reverse("training:request_create"),
        _expect({**HR_OR_COORDINATORS, "manager": 200, "leader": 200, "other_leader": 200}),
    ),
    "request_create_for_chloe": (
        lambda w: reverse("training:request_create") + f"?employee={w['org'].chloe.pk}",
        _expect(
            {
                **DECIDERS_A,
                "auditor": 403,
                "manager": 200,
                "leader": 200,
                "other_leader": 404,
                "operator": 200,
            }
        ),
    ),
    "mine": (
        lambda w: reverse("training:mine"),
        _expect({"manager": 200, "leader": 200, "other_leader": 200, "operator": 200}, 404),
    ),
    "ask": (
        lambda w: reverse("training:ask"),
        _expect({"manager": 200, "leader": 200, "other_leader": 200, "operator": 200}, 404),
    ),
    "team": (
        lambda w: reverse("training:team"),
        _expect(
            {
                "group_hr": 200,
                "site_hr_a": 200,
                "site_hr_b": 200,
                "manager": 200,
                "leader": 200,
                "other_leader": 200,
            }
        ),
    ),
    "catalogue": (lambda w: reverse("training:catalogue"), _expect({}, default=200)),
    "training_create": (lambda w: reverse("training:training_create"), _expect(HR_OR_COORDINATORS)),
    "training_edit": (
        lambda w: reverse("training:training_edit", args=[w["world"].press_basics.pk]),
        _expect(DECIDERS_A),
    ),
    "sessions": (lambda w: reverse("training:sessions"), _expect(HR_OR_COORDINATORS)),
    "session_create": (lambda w: reverse("training:session_create"), _expect(HR_OR_COORDINATORS)),
    "session_detail": (
        lambda w: reverse("training:session_detail", args=[w["world"].session.pk]),
        _expect(DECIDERS_A),
    ),
    "plan": (lambda w: reverse("training:plan"), _expect({**HR_OR_COORDINATORS, "auditor": 200})),
    "plan_site_a": (
        lambda w: reverse("training:plan") + f"?site={w['org'].site_a.pk}",
        _expect({**DECIDERS_A, "auditor": 200}),
    ),
    "plan_export": (
        lambda w: reverse("training:plan_export") + f"?site={w['org'].site_a.pk}",
        _expect({**DECIDERS_A, "auditor": 200}),
    ),
    "budgets": (
        lambda w: reverse("training:budgets"),
        _expect({**HR_OR_COORDINATORS, "auditor": 200}),
    ),
    "employee_panel": (
        lambda w: reverse("training:employee_panel", args=[w["org"].chloe.pk]),
        _expect(CHLOE_VISIBLE),
    ),
}


@pytest.fixture(scope="module")
def client_pool():
    """Clients kept across the module's tests: each new client loads the middleware."""
    return {}


@pytest.fixture
def client_for(db, client_pool):
    def make(user):
        client = client_pool.setdefault(user.username, Client())
        client.cookies.clear()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def state(org, users, world):
    request = ask(org, users, world)
    return {"org": org, "users": users, "world": world, "request": request}


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_answers_each_role_as_expected(name, state, client_for, client_pool):
    url_of, expected = PAGES[name]
    url = url_of(state)
    users = state["users"]
    got = {role: client_for(getattr(users, role)).get(url).status_code for role in ROLES}
    assert got == expected
    anonymous = client_pool.setdefault("", Client())
    anonymous.cookies.clear()
    response = anonymous.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]


APPROVE = {
    **{k: 302 for k, v in DECIDERS_A.items() if v == 200},
    "site_hr_b": 404,
    "other_leader": 404,
}


def test_only_the_sites_coordinator_or_hr_approve(state, client_for):
    org, users, world = state["org"], state["users"], state["world"]
    for role in ROLES:
        request = ask(org, users, world, reason=f"For {role}")
        client = client_for(getattr(users, role))
        url = reverse("training:request_action", args=[request.pk, "approve"])
        response = client.post(url, {"version": request.version, "cost": "450"})
        assert response.status_code == _expect(APPROVE)[role], role
        request.refresh_from_db()
        assert (request.status == "approved") == (response.status_code == 302)


CONFIRM = {
    "group_hr": 302,
    "site_hr_a": 302,
    "site_hr_b": 404,
    "manager": 302,
    "leader": 302,
    "other_leader": 404,
}


def test_the_manager_or_hr_confirm_a_level(state, client_for):
    org, users, world = state["org"], state["users"], state["world"]
    world.session.capacity = 20
    world.session.save()
    for role in ROLES:
        request = ask(org, users, world, reason=f"For {role}")
        services.request_approve(request=request, user=users.coordinator_a)
        services.request_plan(request=request, user=users.coordinator_a, session=world.session)
        services.request_done(request=request, user=users.coordinator_a)
        proposal = SkillProposal.objects.get(request=request)
        response = client_for(getattr(users, role)).post(
            reverse("training:proposal_decide", args=[proposal.pk]), {"decision": "confirm"}
        )
        assert response.status_code == _expect(CONFIRM)[role], role
        proposal.refresh_from_db()
        assert (proposal.status == "confirmed") == (response.status_code == 302)
        if proposal.status == "confirmed":
            # Confirmed: the next one starts from a level below the training's again.
            from parcours.skills.models import Assessment, CurrentLevel

            CurrentLevel.objects.all().delete()
            Assessment.objects.all().delete()


def test_budgets_are_set_by_site_hr_not_by_coordinators(state, client_for):
    users, org = state["users"], state["org"]
    data = {"site": org.site_a.pk, "year": 2031, "amount": "5000"}
    assert (
        client_for(users.coordinator_a).post(reverse("training:budgets"), data).status_code == 403
    )
    assert client_for(users.site_hr_a).post(reverse("training:budgets"), data).status_code == 302
    page = client_for(users.site_hr_b).post(reverse("training:budgets"), data)
    assert page.status_code == 200 and "Select a valid choice" in page.content.decode()
