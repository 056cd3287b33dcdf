"""Who may open and change each skills page.

Rules: outside the user's scope a record answers 404; a visible record the user may not
change answers 403; an account without any role gets 404 everywhere; an anonymous visitor
is sent to the login page. Team A1 (plant A) is Bruno's; Emre leads team A2; plant B's HR
sees nothing of plant A.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from parcours.skills import services
from parcours.skills.models import Assessment, Level
from tests.factories import PositionFactory
from tests.skills.conftest import xlsx_upload

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
def client_for(db, client_pool):
    def make(user):
        client = client_pool.setdefault(user.username, Client())
        client.cookies.clear()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def world(org, users, matrix_world):
    proposal = services.self_assessment_propose(
        employee=org.chloe, skill=matrix_world.five_s, level=3, user=users.operator
    )
    with_evidence = services.assessment_record(
        employee=org.dario,
        skill=matrix_world.quality,
        level=2,
        user=users.leader,
        evidence=SimpleUploadedFile("photo.txt", b"first parts checked"),
    )
    run = services.matrix_import_check(
        upload=xlsx_upload([["Employee number", "P400"], [org.chloe.employee_number, "O"]]),
        assessed_on=date(2026, 6, 1),
        user=users.site_hr_a,
    )
    return SimpleNamespace(
        org=org,
        users=users,
        skills=matrix_world,
        proposal=proposal,
        evidence=with_evidence,
        run=run,
        position_a=PositionFactory(title="Furnace tender", site=org.site_a),
        level=Level.objects.get(rank=3),
    )


def _team(w):
    return f"?team={w.org.team_a1.pk}"


# Each page: its URL, then the expected status for each role in ROLES' order.
#             group  hr_a  hr_b  coord audit  mgr  leader other  oper  outsider
BROWSE_A1 = [200, 200, 404, 200, 200, 200, 200, 404, 403, 404]
PAGES = {
    "home": (lambda w: reverse("skills:home"), [200, 200, 200, 200, 200, 200, 200, 200, 302, 404]),
    "matrix": (lambda w: reverse("skills:matrix") + _team(w), BROWSE_A1),
    "matrix_xlsx": (lambda w: reverse("skills:matrix_export", args=["xlsx"]) + _team(w), BROWSE_A1),
    "matrix_pdf": (lambda w: reverse("skills:matrix_export", args=["pdf"]) + _team(w), BROWSE_A1),
    "gaps": (lambda w: reverse("skills:gaps") + _team(w), BROWSE_A1),
    "coverage": (lambda w: reverse("skills:coverage", args=[w.org.team_a1.pk]), BROWSE_A1),
    "team_requirements": (
        lambda w: reverse("skills:team_requirements", args=[w.org.team_a1.pk]),
        BROWSE_A1,
    ),
    "position_requirements": (
        lambda w: reverse("skills:position_requirements", args=[w.org.position.pk]),
        [200, 200, 200, 200, 200, 200, 200, 200, 403, 404],
    ),
    "site_position_requirements": (
        lambda w: reverse("skills:position_requirements", args=[w.position_a.pk]),
        [200, 200, 404, 200, 200, 200, 200, 200, 403, 404],
    ),
    "employee": (
        lambda w: reverse("skills:employee", args=[w.org.dario.pk]),
        [200, 200, 404, 200, 200, 200, 200, 404, 404, 404],
    ),
    "own_employee_page": (
        lambda w: reverse("skills:employee", args=[w.org.chloe.pk]),
        [200, 200, 404, 200, 200, 200, 200, 404, 200, 404],
    ),
    "assess": (
        lambda w: reverse("skills:assess", args=[w.org.dario.pk]) + f"?skill={w.skills.press.pk}",
        [200, 200, 404, 403, 403, 200, 200, 404, 404, 404],
    ),
    "self_assess": (
        lambda w: reverse("skills:self_assess", args=[w.org.chloe.pk]),
        [403, 403, 404, 403, 403, 403, 403, 404, 200, 404],
    ),
    "proposals": (
        lambda w: reverse("skills:proposals"),
        [200, 200, 200, 403, 403, 200, 200, 200, 403, 404],
    ),
    "evidence": (
        lambda w: reverse("skills:evidence", args=[w.evidence.pk]),
        [200, 200, 404, 200, 200, 200, 200, 404, 404, 404],
    ),
    "certifications": (
        lambda w: reverse("skills:certifications"),
        [200, 200, 200, 200, 200, 200, 200, 200, 403, 404],
    ),
    "certification_add": (
        lambda w: reverse("skills:certification_add", args=[w.org.dario.pk]),
        [200, 200, 404, 403, 403, 403, 403, 404, 404, 404],
    ),
    "catalogue": (
        lambda w: reverse("skills:catalogue"),
        [200, 200, 200, 200, 200, 200, 200, 200, 200, 404],
    ),
    "skill_detail": (
        lambda w: reverse("skills:skill_detail", args=[w.skills.press.pk]),
        [200, 200, 200, 200, 200, 200, 200, 200, 200, 404],
    ),
    "site_b_skill_detail": (
        lambda w: reverse("skills:skill_detail", args=[w.skills.plant_b_skill.pk]),
        [200, 404, 200, 404, 200, 404, 404, 404, 404, 404],
    ),
    "skill_edit": (
        lambda w: reverse("skills:skill_edit", args=[w.skills.press.pk]),
        [200, 403, 403, 403, 403, 403, 403, 403, 403, 404],
    ),
    "site_b_skill_edit": (
        lambda w: reverse("skills:skill_edit", args=[w.skills.plant_b_skill.pk]),
        [200, 404, 200, 404, 403, 404, 404, 404, 404, 404],
    ),
    "skill_create": (
        lambda w: reverse("skills:skill_create"),
        [200, 200, 200, 403, 403, 403, 403, 403, 403, 404],
    ),
    "domain_create": (
        lambda w: reverse("skills:domain_create"),
        [200, 403, 403, 403, 403, 403, 403, 403, 403, 404],
    ),
    "domain_edit": (
        lambda w: reverse("skills:domain_edit", args=[w.skills.presses.pk]),
        [200, 403, 403, 403, 403, 403, 403, 403, 403, 404],
    ),
    "level_edit": (
        lambda w: reverse("skills:level_edit", args=[w.level.pk]),
        [200, 403, 403, 403, 403, 403, 403, 403, 403, 404],
    ),
    "certification_type_edit": (
        lambda w: reverse("skills:certification_type_edit", args=[w.skills.forklift_licence.pk]),
        [200, 403, 403, 403, 403, 403, 403, 403, 403, 404],
    ),
    "import_list": (
        lambda w: reverse("skills:import_list"),
        [200, 200, 200, 403, 403, 403, 403, 403, 403, 404],
    ),
    "import_detail": (
        lambda w: reverse("skills:import_detail", args=[w.run.pk]),
        [200, 200, 404, 403, 403, 403, 403, 403, 403, 404],
    ),
}


class _Rollback(Exception):
    pass


def _statuses(world, client_for, request) -> list[int]:
    """The status each role gets, every request rolled back so that roles do not meet."""
    statuses = []
    for role in ROLES:
        client = client_for(getattr(world.users, role))
        try:
            with transaction.atomic():
                statuses.append(request(client).status_code)
                raise _Rollback
        except _Rollback:
            pass
    return statuses


@pytest.mark.parametrize("name", list(PAGES))
def test_it_opens_each_page_only_to_those_who_may_see_it(world, client_for, name):
    url_of, expected = PAGES[name]
    url = url_of(world)
    statuses = _statuses(world, client_for, lambda client: client.get(url))
    assert dict(zip(ROLES, statuses, strict=True)) == dict(zip(ROLES, expected, strict=True))


def test_it_sends_anonymous_visitors_to_the_login_page(world):
    client = Client()
    for name, (url_of, _expected) in PAGES.items():
        response = client.get(url_of(world))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


# Changes: a POST for each, with the expected status per role.
ACTIONS = {
    "assess": (
        lambda w: reverse("skills:assess", args=[w.org.dario.pk]),
        lambda w: {
            "skill": w.skills.press.pk,
            "level": 3,
            "source": "observation",
            "assessed_on": "2026-06-01",
        },
        [302, 302, 404, 403, 403, 302, 302, 404, 404, 404],
    ),
    "self_assess": (
        lambda w: reverse("skills:self_assess", args=[w.org.chloe.pk]),
        lambda w: {"skill": w.skills.quality.pk, "level": 4},
        [403, 403, 404, 403, 403, 403, 403, 404, 302, 404],
    ),
    "proposal_review": (
        lambda w: reverse("skills:proposal_review", args=[w.proposal.pk]),
        lambda w: {"level": 3},
        [302, 302, 404, 403, 403, 302, 302, 404, 403, 404],
    ),
    "team_requirement": (
        lambda w: reverse("skills:team_requirements", args=[w.org.team_a1.pk]),
        lambda w: {"skill": w.skills.quality.pk, "level": 3, "min_people": 2},
        [302, 302, 404, 403, 403, 403, 403, 404, 403, 404],
    ),
    "position_requirement": (
        lambda w: reverse("skills:position_requirements", args=[w.position_a.pk]),
        lambda w: {"skill": w.skills.quality.pk, "level": 3},
        [302, 302, 404, 403, 403, 403, 403, 403, 403, 404],
    ),
    "group_position_requirement": (
        lambda w: reverse("skills:position_requirements", args=[w.org.position.pk]),
        lambda w: {"skill": w.skills.five_s.pk, "level": 2},
        [302, 403, 403, 403, 403, 403, 403, 403, 403, 404],
    ),
    "certification_add": (
        lambda w: reverse("skills:certification_add", args=[w.org.dario.pk]),
        lambda w: {"certification_type": w.skills.forklift_licence.pk, "obtained_on": "2026-05-01"},
        [302, 302, 404, 403, 403, 403, 403, 404, 404, 404],
    ),
    "import_apply": (
        lambda w: reverse("skills:import_apply", args=[w.run.pk]),
        lambda w: {},
        [302, 302, 404, 403, 403, 403, 403, 403, 403, 404],
    ),
    "domain_create": (
        lambda w: reverse("skills:domain_create"),
        lambda w: {"code": "logistics", "label_en": "Logistics", "ordering": 3},
        [302, 403, 403, 403, 403, 403, 403, 403, 403, 404],
    ),
    "skill_create_at_plant_b": (
        lambda w: reverse("skills:skill_create"),
        lambda w: {
            "domain": w.skills.production.pk,
            "code": "B-PACK",
            "kind": "workstation",
            "site": w.org.site_b.pk,
            "label_en": "Packing B",
            "ordering": 0,
            "active": "on",
        },
        [302, 200, 302, 403, 403, 403, 403, 403, 403, 404],
    ),
}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_it_lets_only_the_right_people_change_things(world, client_for, name):
    url_of, data_of, expected = ACTIONS[name]
    url, data = url_of(world), data_of(world)
    statuses = _statuses(world, client_for, lambda client: client.post(url, data))
    assert dict(zip(ROLES, statuses, strict=True)) == dict(zip(ROLES, expected, strict=True))


def test_it_records_the_level_a_manager_posts(world, client_for):
    client = client_for(world.users.leader)
    client.post(
        reverse("skills:assess", args=[world.org.dario.pk]),
        {
            "skill": world.skills.press.pk,
            "level": 3,
            "source": "observation",
            "assessed_on": "2026-06-01",
        },
    )
    latest = Assessment.objects.filter(employee=world.org.dario, skill=world.skills.press).first()
    assert (latest.level, latest.assessor) == (3, world.users.leader)


def test_it_does_not_let_a_manager_assess_themself(world, client_for):
    response = client_for(world.users.leader).get(
        reverse("skills:assess", args=[world.org.bruno.pk])
    )
    assert response.status_code == 403


def test_it_refuses_a_skill_of_another_site_in_the_url(world, client_for):
    response = client_for(world.users.group_hr).get(
        reverse("skills:assess", args=[world.org.dario.pk])
        + f"?skill={world.skills.plant_b_skill.pk}"
    )
    assert response.status_code == 404


def test_it_hides_a_team_of_another_site_even_in_the_filters(world, client_for):
    client = client_for(world.users.site_hr_b)
    assert (
        client.get(reverse("skills:matrix") + "?site=" + str(world.org.site_a.pk)).status_code
        == 404
    )
    assert client.get(reverse("skills:matrix") + "?team=abc").status_code == 404
