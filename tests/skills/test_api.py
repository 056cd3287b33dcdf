"""The /api/v1/skills/ endpoints: the same scope and rights as the pages.

Reading: anyone with a role within their scope; requirements, certificates and the matrix
for those who browse (403 for an operator); 404 for an account without any role; 401
without credentials. Writing: HR of the site for the catalogue and requirements, a
manager or HR for levels, the employee for their own self-assessment.
"""

from datetime import date

import pytest
import yaml
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from parcours.skills.models import Assessment, CurrentLevel, TeamRequirement
from tests.skills.test_queries import _grow

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
    """api_for(user): an API client authenticated by the user's token; None: anonymous."""

    def make(user):
        client = client_pool.setdefault(getattr(user, "username", ""), APIClient())
        if user is None:
            client.credentials()
        else:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


def _statuses(users, api_for, request):
    return {role: request(api_for(getattr(users, role))).status_code for role in ROLES}


def _expected(*codes):
    return dict(zip(ROLES, codes, strict=True))


def test_it_lists_the_catalogue_each_role_may_see(org, users, matrix_world, api_for):
    codes = {}
    for role in ROLES:
        response = api_for(getattr(users, role)).get("/api/v1/skills/skills/")
        codes[role] = (
            {row["code"] for row in response.json()["results"]}
            if response.status_code == 200
            else response.status_code
        )
    group = {"P400", "DIE", "QC", "FORK", "5S"}
    assert codes == {
        "group_hr": group | {"B-LINE"},
        "site_hr_a": group,
        "site_hr_b": group | {"B-LINE"},
        "coordinator_a": group,
        "auditor": group | {"B-LINE"},
        "manager": group,
        "leader": group,
        "other_leader": group,
        "operator": group,
        "outsider": 404,
    }
    assert api_for(None).get("/api/v1/skills/skills/").status_code == 401


def test_it_lists_the_assessments_of_the_people_each_role_sees(org, users, matrix_world, api_for):
    names = {}
    for role in ROLES:
        response = api_for(getattr(users, role)).get("/api/v1/skills/assessments/")
        names[role] = (
            sorted({row["employee"] for row in response.json()["results"]})
            if response.status_code == 200
            else response.status_code
        )
    plant_a = sorted([org.chloe.pk, org.dario.pk, org.fatima.pk])
    assert names == {
        "group_hr": plant_a,
        "site_hr_a": plant_a,
        "site_hr_b": [],
        "coordinator_a": plant_a,
        "auditor": plant_a,
        "manager": plant_a,
        "leader": sorted([org.chloe.pk, org.dario.pk]),
        "other_leader": [org.fatima.pk],
        "operator": [org.chloe.pk],
        "outsider": 404,
    }


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/skills/position-requirements/",
        "/api/v1/skills/team-requirements/",
        "/api/v1/skills/certifications/",
    ],
)
def test_it_keeps_requirements_and_certificates_to_those_who_browse(
    org, users, matrix_world, api_for, path
):
    statuses = _statuses(users, api_for, lambda client: client.get(path))
    assert statuses == _expected(200, 200, 200, 200, 200, 200, 200, 200, 403, 404)


def test_it_serves_the_matrix_of_a_team(org, users, matrix_world, api_for):
    url = f"/api/v1/skills/matrix/?team={org.team_a1.pk}"
    statuses = _statuses(users, api_for, lambda client: client.get(url))
    assert statuses == _expected(200, 200, 404, 200, 200, 200, 200, 404, 403, 404)

    data = api_for(users.leader).get(url).json()
    assert [skill["code"] for skill in data["skills"]] == ["QC", "DIE", "P400"]
    dario = next(person for person in data["people"] if person["id"] == org.dario.pk)
    assert dario["levels"] == [None, 2, 2]
    assert dario["required"] == [3, 2, 3]
    assert dario["status"] == ["gap", "ok", "gap"]
    assert dario["share"] == 33
    assert {(line["level"], line["present"], line["status"]) for line in data["coverage"]} == {
        (3, 1, "below"),
        (4, 1, "no_margin"),
    }
    assert [level["code"] for level in data["levels"]] == ["-", "I", "L", "U", "O"]
    assert api_for(users.group_hr).get("/api/v1/skills/matrix/").status_code == 400


def test_it_lets_a_manager_record_a_level_for_their_people_only(org, users, matrix_world, api_for):
    body = {"employee": org.dario.pk, "skill": matrix_world.press.pk, "level": 3}
    response = api_for(users.leader).post("/api/v1/skills/assessments/", body, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["status"], response.json()["assessor"]) == ("valid", "bruno")
    assert CurrentLevel.objects.get(employee=org.dario, skill=matrix_world.press).level == 3

    statuses = _statuses(
        users,
        api_for,
        lambda client: client.post("/api/v1/skills/assessments/", body, format="json"),
    )
    # Plant B's HR, Emre and Chloé do not see Dário: to them he does not exist (400).
    assert statuses == _expected(201, 201, 400, 403, 403, 201, 201, 400, 400, 404)

    # Bruno does not see Fatima (team A2): to him she does not exist.
    other = {"employee": org.fatima.pk, "skill": matrix_world.press.pk, "level": 3}
    response = api_for(users.leader).post("/api/v1/skills/assessments/", other, format="json")
    assert response.status_code == 400
    assert "employee" in response.json()


def test_it_lets_an_employee_propose_their_own_level(org, users, matrix_world, api_for):
    client = api_for(users.operator)
    body = {"employee": org.chloe.pk, "skill": matrix_world.five_s.pk, "level": 2, "source": "self"}
    response = client.post("/api/v1/skills/assessments/", body, format="json")
    assert response.status_code == 201
    assert response.json()["status"] == "proposed"
    body["source"] = "observation"
    assert client.post("/api/v1/skills/assessments/", body, format="json").status_code == 403
    # Nobody else proposes in her name.
    body["source"] = "self"
    assert (
        api_for(users.leader).post("/api/v1/skills/assessments/", body, format="json").status_code
        == 403
    )


def test_it_never_changes_or_deletes_a_recorded_level(org, users, matrix_world, api_for):
    assessment = Assessment.objects.filter(employee=org.chloe).first()
    client = api_for(users.group_hr)
    url = f"/api/v1/skills/assessments/{assessment.pk}/"
    assert client.patch(url, {"level": 1}, format="json").status_code == 405
    assert client.delete(url).status_code == 405


def test_it_lets_hr_change_only_the_catalogue_of_their_site(org, users, matrix_world, api_for):
    body = {
        "code": "A-WELD",
        "domain": matrix_world.production.pk,
        "labels": {"en": "Welding", "fr": "Soudage"},
        "site": org.site_a.pk,
    }
    assert (
        api_for(users.site_hr_b).post("/api/v1/skills/skills/", body, format="json").status_code
        == 403
    )
    response = api_for(users.site_hr_a).post("/api/v1/skills/skills/", body, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["label"] == "Welding"
    press = f"/api/v1/skills/skills/{matrix_world.press.pk}/"
    assert (
        api_for(users.site_hr_a).patch(press, {"active": False}, format="json").status_code == 403
    )
    assert api_for(users.group_hr).patch(press, {"active": False}, format="json").status_code == 200
    bad = {**body, "code": "A-X", "labels": {}}
    assert (
        api_for(users.site_hr_a).post("/api/v1/skills/skills/", bad, format="json").status_code
        == 400
    )


def test_it_lets_site_hr_set_the_minimums_of_their_teams(org, users, matrix_world, api_for):
    body = {"team": org.team_a1.pk, "skill": matrix_world.quality.pk, "level": 3, "min_people": 2}
    statuses = _statuses(
        users,
        api_for,
        lambda client: client.post("/api/v1/skills/team-requirements/", body, format="json"),
    )
    assert statuses == _expected(201, 201, 400, 403, 403, 403, 403, 403, 403, 404)
    assert TeamRequirement.objects.filter(team=org.team_a1, skill=matrix_world.quality).count() == 1


def test_it_lets_hr_require_a_level_of_a_position(org, users, matrix_world, api_for):
    body = {"position": org.position.pk, "skill": matrix_world.five_s.pk, "level": 2}
    assert (
        api_for(users.site_hr_a)
        .post("/api/v1/skills/position-requirements/", body, format="json")
        .status_code
        == 403
    )  # a position of the whole group: group HR only
    response = api_for(users.group_hr).post(
        "/api/v1/skills/position-requirements/", body, format="json"
    )
    assert response.status_code == 201
    assert response.json()["level"] == 2


def test_it_records_a_certificate_with_the_usual_validity(org, users, matrix_world, api_for):
    body = {
        "employee": org.fatima.pk,
        "type": matrix_world.forklift_licence.pk,
        "obtained_on": "2026-09-01",
    }
    response = api_for(users.site_hr_a).post("/api/v1/skills/certifications/", body, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["valid_until"], response.json()["state"]) == ("2031-09-01", "valid")
    body["employee"] = org.dario.pk  # one of Bruno's people: he sees him, HR certifies
    assert (
        api_for(users.leader)
        .post("/api/v1/skills/certifications/", body, format="json")
        .status_code
        == 403
    )


def test_it_runs_as_many_queries_for_large_lists(
    org, users, matrix_world, api_for, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    paths = [
        "/api/v1/skills/skills/",
        "/api/v1/skills/assessments/",
        "/api/v1/skills/position-requirements/",
        "/api/v1/skills/team-requirements/",
        "/api/v1/skills/certifications/",
        "/api/v1/skills/levels/",
        "/api/v1/skills/domains/",
        f"/api/v1/skills/matrix/?team={org.team_a1.pk}",
    ]
    roles = ("group_hr", "leader")
    _grow(org, matrix_world, people=5, skills=5)
    small = {}
    for role in roles:
        client = api_for(getattr(users, role))
        for path in paths:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(path).status_code == 200, path
            small[role, path] = len(captured)
    _grow(org, matrix_world, people=60, skills=80)
    for role in roles:
        client = api_for(getattr(users, role))
        for path in paths:
            with django_assert_max_num_queries(small[role, path]):
                assert client.get(path).status_code == 200, path


def test_it_publishes_a_valid_schema(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    paths = yaml.safe_load(target.read_text())["paths"]
    assert "/api/v1/skills/matrix/" in paths
    assert "/api/v1/skills/assessments/" in paths


def test_it_keeps_the_date_given_for_a_level(org, users, matrix_world, api_for):
    body = {
        "employee": org.dario.pk,
        "skill": matrix_world.press.pk,
        "level": 3,
        "assessed_on": "2026-04-02",
        "source": "training",
    }
    response = api_for(users.site_hr_a).post("/api/v1/skills/assessments/", body, format="json")
    assert response.json()["assessed_on"] == "2026-04-02"
    assert Assessment.objects.get(pk=response.json()["id"]).assessed_on == date(2026, 4, 2)


@pytest.mark.parametrize(
    "path",
    ["/api/v1/skills/levels/", "/api/v1/skills/domains/", "/api/v1/skills/certification-types/"],
)
def test_it_lets_every_role_read_the_scale_and_the_catalogue(
    org, users, matrix_world, api_for, path
):
    statuses = _statuses(users, api_for, lambda client: client.get(path))
    assert statuses == _expected(200, 200, 200, 200, 200, 200, 200, 200, 200, 404)
    assert api_for(None).get(path).status_code == 401


def test_it_answers_404_for_a_record_outside_the_scope(org, users, matrix_world, api_for):
    fatima = Assessment.objects.filter(employee=org.fatima).first()
    plant_b = f"/api/v1/skills/skills/{matrix_world.plant_b_skill.pk}/"
    assert api_for(users.leader).get(f"/api/v1/skills/assessments/{fatima.pk}/").status_code == 404
    assert (
        api_for(users.other_leader).get(f"/api/v1/skills/assessments/{fatima.pk}/").status_code
        == 200
    )
    assert api_for(users.site_hr_a).get(plant_b).status_code == 404
    assert api_for(users.site_hr_b).get(plant_b).status_code == 200
    team_b = f"/api/v1/skills/matrix/?team={org.team_b1.pk}"
    assert api_for(users.site_hr_a).get(team_b).status_code == 404
    assert api_for(users.group_hr).get("/api/v1/skills/matrix/?team=x").status_code == 404


def test_it_lets_only_group_hr_change_the_domains(org, users, matrix_world, api_for):
    body = {"code": "logistics", "labels": {"en": "Logistics"}, "ordering": 3}
    statuses = _statuses(
        users, api_for, lambda client: client.post("/api/v1/skills/domains/", body, format="json")
    )
    assert statuses["group_hr"] == 201
    assert {role: code for role, code in statuses.items() if role != "group_hr"} == {
        role: 404 if role == "outsider" else 403 for role in ROLES if role != "group_hr"
    }
