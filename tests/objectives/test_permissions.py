"""Every page and API endpoint: who may, who gets 403 (sees but may not), who gets 404
(outside their scope, or an account without any role), and the anonymous visitor."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from parcours.objectives import services
from parcours.objectives.choices import ObjectiveLevel, ObjectiveStatus
from parcours.objectives.models import CheckIn, Evaluation, EvaluationScale, Objective
from tests.objectives.conftest import make_objective

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


@pytest.fixture
def objective(org, users):
    return make_objective(org.chloe, users.leader)


def _status(client_for, users, role, url, method="get", data=None):
    client = client_for(getattr(users, role))
    return getattr(client, method)(url, data or {}).status_code


PAGES = {
    # url name: (needs the objective, expected per role in ROLES order)
    "objectives:team": (None, [200, 200, 200, 200, 200, 200, 200, 200, 403, 404]),
    "objectives:list": (None, [200, 200, 200, 200, 200, 403, 403, 403, 403, 404]),
    "objectives:export": (None, [200, 200, 200, 200, 200, 403, 403, 403, 403, 404]),
    "objectives:mine": (None, [404, 404, 404, 404, 404, 200, 200, 200, 200, 404]),
    "objectives:create": (None, [200, 200, 200, 403, 403, 200, 200, 200, 403, 404]),
    "objectives:scales": (None, [200, 200, 200, 200, 200, 200, 200, 200, 403, 404]),
    "objectives:detail": ("objective", [200, 200, 404, 200, 200, 200, 200, 404, 200, 404]),
    "objectives:edit": ("objective", [200, 200, 404, 403, 403, 200, 200, 404, 403, 404]),
    "objectives:drop": ("objective", [200, 200, 404, 403, 403, 200, 200, 404, 403, 404]),
    "objectives:checkin": ("objective", [200, 200, 404, 403, 403, 200, 200, 404, 200, 404]),
    "objectives:employee_panel": (
        "employee",
        [200, 200, 404, 200, 200, 200, 200, 404, 200, 404],
    ),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_it_answers_each_role_as_the_rules_say(name, org, users, objective, client_for):
    target, expected = PAGES[name]
    args = {"objective": [objective.pk], "employee": [org.chloe.pk], None: []}[target]
    url = reverse(name, args=args)
    got = [_status(client_for, users, role, url) for role in ROLES]
    assert dict(zip(ROLES, got, strict=True)) == dict(zip(ROLES, expected, strict=True))
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]


def test_only_group_hr_changes_the_scale(users, client_for, db):
    scale = services.default_scale()
    url = reverse("objectives:scale_level_add", args=[scale.pk])
    assert [_status(client_for, users, r, url) for r in ("group_hr", "site_hr_a", "operator")] == [
        200,
        403,
        403,
    ]
    assert _status(client_for, users, "outsider", url) == 404
    response = client_for(users.group_hr).post(
        url, {"code": "E", "rank": 0, "outcome": "not_achieved", "label_en": "Far off"}
    )
    assert response.status_code == 302
    assert EvaluationScale.objects.get().levels.get(code="E").labels == {"en": "Far off"}
    # A numeric scale, made the default: new objectives use it.
    assert _status(client_for, users, "site_hr_a", reverse("objectives:scale_add")) == 403
    response = client_for(users.group_hr).post(
        reverse("objectives:scale_add"),
        {"code": "one-to-five", "label_en": "1 to 5", "label_fr": "1 à 5", "is_default": "on"},
    )
    assert response.status_code == 302
    numeric = EvaluationScale.objects.get(code="one-to-five")
    assert numeric.is_default and not EvaluationScale.objects.get(pk=scale.pk).is_default
    assert services.default_scale() == numeric


def test_a_dropped_objective_takes_no_more_check_ins(org, users, objective, client_for):
    services.objective_drop(objective=objective, user=users.leader, reason="Line closed")
    url = reverse("objectives:checkin", args=[objective.pk])
    response = client_for(users.operator).post(url, {"day": "2025-05-01", "value": "3"})
    assert response.status_code == 403
    assert not CheckIn.objects.exists()
    assert _status(client_for, users, "operator", url) == 403


def test_the_pages_write_what_they_say(org, users, objective, client_for):
    leader = client_for(users.leader)
    response = leader.post(
        reverse("objectives:drop", args=[objective.pk]), {"reason": "The line was closed"}
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.DROPPED
    page = leader.get(reverse("objectives:detail", args=[objective.pk])).content.decode()
    assert "The line was closed" in page
    # A new objective from the page, with a bad number first: nothing is lost.
    data = {
        "level": "individual",
        "owner": org.dario.pk,
        "title": "Die changes under 20 min",
        "target": "twenty",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "conditions": "Prepare the tools\nFollow SMED",
    }
    response = leader.post(reverse("objectives:create"), data)
    assert response.status_code == 200
    assert "Write a number" in response.content.decode()
    assert "Die changes under 20 min" in response.content.decode()
    data["target"] = "20"
    response = leader.post(reverse("objectives:create"), data)
    created = Objective.objects.get(owner=org.dario)
    assert response["Location"] == reverse("objectives:detail", args=[created.pk])
    assert created.conditions == ["Prepare the tools", "Follow SMED"]
    # Fatima is not Bruno's: the form does not offer her.
    data["owner"] = org.fatima.pk
    response = leader.post(reverse("objectives:create"), data)
    assert response.status_code == 200 and not Objective.objects.filter(owner=org.fatima).exists()


# The API ------------------------------------------------------------------------------


def _api(client_for, users, role):
    return client_for(getattr(users, role))


def test_the_api_lists_what_each_role_sees(org, users, objective, client_for):
    services.objective_create(
        user=users.site_hr_b,
        level=ObjectiveLevel.TEAM,
        team=org.team_b1,
        title="Persen OEE",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    url = reverse("objective-list")
    seen = {}
    for role in ROLES:
        response = _api(client_for, users, role).get(url)
        seen[role] = (
            response.status_code,
            sorted(o["title"] for o in response.json()["results"])
            if response.status_code == 200
            else None,
        )
    mine = [objective.title]
    assert seen["group_hr"] == (200, sorted([*mine, "Persen OEE"]))
    assert seen["site_hr_a"] == (200, mine)
    assert seen["site_hr_b"] == (200, ["Persen OEE"])
    assert seen["operator"] == (200, mine)
    assert seen["other_leader"] == (200, [])
    assert seen["outsider"][0] == 404
    assert Client().get(url).status_code in (401, 403)


def test_the_api_refuses_what_the_rules_refuse(org, users, objective, client_for):
    detail = reverse("objective-detail", args=[objective.pk])
    assert _api(client_for, users, "other_leader").get(detail).status_code == 404
    assert _api(client_for, users, "site_hr_b").get(detail).status_code == 404
    assert _api(client_for, users, "group_hr").delete(detail).status_code == 405
    operator = _api(client_for, users, "operator")
    assert (
        operator.patch(detail, {"target": "2"}, content_type="application/json").status_code == 403
    )
    drop = reverse("objective-drop", args=[objective.pk])
    assert operator.post(drop, {"reason": "no"}, content_type="application/json").status_code == 403
    body = {
        "level": "individual",
        "owner": org.fatima.pk,
        "title": "Not mine",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
    }
    leader = _api(client_for, users, "leader")
    response = leader.post(reverse("objective-list"), body, content_type="application/json")
    assert response.status_code == 400 and "owner" in response.json()
    body["owner"] = org.chloe.pk
    assert (
        operator.post(reverse("objective-list"), body, content_type="application/json").status_code
        == 403
    )
    assert not Objective.objects.filter(title="Not mine").exists()


def test_the_api_writes_objectives_check_ins_and_evaluations(org, users, objective, client_for):
    leader = _api(client_for, users, "leader")
    response = leader.post(
        reverse("objective-list"),
        {
            "level": "individual",
            "owner": org.dario.pk,
            "title": "Report every near miss",
            "baseline": "2",
            "target": "6",
            "conditions": ["Use the safety card"],
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["conditions"] == ["Use the safety card"]
    detail = reverse("objective-detail", args=[objective.pk])
    stale = leader.patch(detail, {"target": "2", "version": 9}, content_type="application/json")
    assert stale.status_code == 400
    operator = _api(client_for, users, "operator")
    response = operator.post(
        reverse("objective-checkin-list"),
        {"objective": objective.pk, "day": "2025-06-01", "value": "3.5", "note": "June"},
        content_type="application/json",
    )
    assert response.status_code == 201
    level_a = EvaluationScale.objects.get().levels.get(code="A")
    response = operator.post(
        reverse("objective-evaluation-list"),
        {"objective": objective.pk, "role": "self", "level": level_a.pk},
        content_type="application/json",
    )
    assert response.status_code == 201
    response = leader.post(
        reverse("objective-evaluation-list"),
        {"objective": objective.pk, "role": "manager", "level": level_a.pk, "decision": "close"},
        content_type="application/json",
    )
    assert response.status_code == 201
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.ACHIEVED
    assert Evaluation.objects.filter(objective=objective).count() == 2
    other = _api(client_for, users, "other_leader")
    response = other.post(
        reverse("objective-checkin-list"),
        {"objective": objective.pk, "day": "2025-06-01", "value": "3"},
        content_type="application/json",
    )
    assert response.status_code == 400
    history = operator.get(reverse("objective-history-detail", args=[org.chloe.pk])).json()
    assert history["periods"][0]["achieved"] == 1
    assert other.get(reverse("objective-history-detail", args=[org.chloe.pk])).status_code == 404
