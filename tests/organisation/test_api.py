"""The /api/v1/ organisation endpoints: same scope and rights as the pages.

Reading: anyone with a role, within their scope (404 outside it, 404 for an account
without any role, 401 without credentials). Writing: HR of the record's site only (403).
"""

from datetime import date

import pytest
import yaml
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from parcours.organisation.models import Employee, Leave, Position, Site, Team
from tests.factories import LeaveFactory

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
PLANT_A = {"Alice", "Bruno", "Chloé", "Dário", "Emre", "Fatima"}
PLANT_B = {"Greet", "Hanne"}


@pytest.fixture(scope="module")
def client_pool():
    """Clients kept across the module's tests: each new client loads the middleware, slowly."""
    return {}


@pytest.fixture
def api_for(db, client_pool):
    """api_for(user): an API client authenticated by the user's token; None: anonymous."""

    def make(user):
        client = client_pool.setdefault(getattr(user, "username", ""), APIClient())
        client.cookies.clear()
        if user is None:
            client.credentials()
        else:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


@pytest.fixture
def leaves(org):
    return {
        "chloe": LeaveFactory(employee=org.chloe, first_day=date(2026, 1, 5)),
        "hanne": LeaveFactory(
            employee=org.hanne, first_day=date(2026, 2, 2), last_day=date(2026, 2, 27)
        ),
    }


def _as(users, role):
    return getattr(users, role)


def _names(response):
    return {row["first_name"] for row in response.json()["results"]}


# Lists --------------------------------------------------------------------------------

# Who is listed at /api/v1/employees/ for each role (a number: the status of a refusal).
EMPLOYEES = {
    "group_hr": PLANT_A | PLANT_B,
    "site_hr_a": PLANT_A,
    "site_hr_b": PLANT_B,
    "coordinator_a": PLANT_A,
    "auditor": PLANT_A | PLANT_B,
    "manager": PLANT_A,  # Alice heads plant A: everybody there reports to her
    "leader": {"Bruno", "Chloé", "Dário"},
    "other_leader": {"Emre", "Fatima"},
    "outsider": 404,
}


def test_it_lists_only_the_employees_in_scope(org, users, api_for):
    ids = dict(Employee.objects.values_list("first_name", "pk"))
    got = {}
    for role in EMPLOYEES:
        response = api_for(_as(users, role)).get("/api/v1/employees/")
        if response.status_code != 200:
            got[role] = response.status_code
            continue
        rows = response.json()["results"]
        names = {row["first_name"] for row in rows}
        assert response.json()["count"] == len(rows), role
        assert {row["id"] for row in rows} == {ids[name] for name in names}, role
        got[role] = names
    assert got == EMPLOYEES


def test_it_refuses_lists_to_an_operator_as_the_pages_do(org, users, api_for):
    """Chloé may not open the employee list page (403); the API list must not differ."""
    response = api_for(users.operator).get("/api/v1/employees/")
    assert response.status_code == 403


def test_it_gives_an_operator_her_own_record_only(org, users, api_for):
    client = api_for(users.operator)
    own = client.get(f"/api/v1/employees/{org.chloe.pk}/")
    assert own.status_code == 200
    assert own.json()["first_name"] == "Chloé"
    assert own.json()["manager_number"] == org.bruno.employee_number
    assert client.get(f"/api/v1/employees/{org.dario.pk}/").status_code == 404


# Other lists: role -> names listed (sites, teams, legal entities) or employees on leave.
OTHER_LISTS = {
    "sites": ("name", {"group_hr": {"Plant A", "Plant B"}, "site_hr_a": {"Plant A"}}),
    "teams": (
        "name",
        {
            "group_hr": {"Presses A", "Assembly", "Persen"},
            "site_hr_a": {"Presses A", "Assembly"},
            "site_hr_b": {"Persen"},
            "auditor": {"Presses A", "Assembly", "Persen"},
        },
    ),
    "legal-entities": (
        "name",
        {
            "group_hr": {"Forges FR", "Forges BE"},
            "site_hr_b": {"Forges BE"},
            "manager": {"Forges FR"},
        },
    ),
    "departments": ("name", {"site_hr_a": {"Production"}, "site_hr_b": set()}),
    "positions": ("title", {"site_hr_a": {"Press operator"}, "site_hr_b": {"Press operator"}}),
}


def test_it_scopes_every_list(org, users, api_for):
    expected, got = {}, {}
    for endpoint, (field, names) in OTHER_LISTS.items():
        for role, listed in names.items():
            response = api_for(_as(users, role)).get(f"/api/v1/{endpoint}/")
            assert response.status_code == 200, (endpoint, role)
            expected[endpoint, role] = listed
            got[endpoint, role] = {row[field] for row in response.json()["results"]}
        expected[endpoint, "outsider"], expected[endpoint, "anonymous"] = 404, 401
        got[endpoint, "outsider"] = api_for(users.outsider).get(f"/api/v1/{endpoint}/").status_code
        got[endpoint, "anonymous"] = api_for(None).get(f"/api/v1/{endpoint}/").status_code
    assert got == expected


def test_it_scopes_the_list_of_leaves(org, users, api_for, leaves):
    expected = {
        "group_hr": {org.chloe.pk, org.hanne.pk},
        "site_hr_a": {org.chloe.pk},
        "site_hr_b": {org.hanne.pk},
        "manager": {org.chloe.pk},
        "leader": {org.chloe.pk},
        "other_leader": set(),
        "outsider": 404,
    }
    got = {}
    for role in expected:
        response = api_for(_as(users, role)).get("/api/v1/leaves/")
        got[role] = (
            {row["employee"] for row in response.json()["results"]}
            if response.status_code == 200
            else response.status_code
        )
    assert got == expected


def test_it_lists_categories_to_anyone_with_a_role(org, users, api_for):
    response = api_for(users.site_hr_b).get("/api/v1/categories/")
    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} >= {"operator", "team_leader"}
    assert api_for(users.outsider).get("/api/v1/categories/").status_code == 404


# Details: (role, endpoint, record) -> status.
DETAILS = [
    ("site_hr_a", "employees", "chloe", 200),
    ("site_hr_b", "employees", "chloe", 404),
    ("other_leader", "employees", "chloe", 404),
    ("leader", "employees", "chloe", 200),
    ("leader", "employees", "fatima", 404),
    ("manager", "employees", "fatima", 200),
    ("manager", "employees", "hanne", 404),
    ("coordinator_a", "employees", "hanne", 404),
    ("outsider", "employees", "chloe", 404),
    ("site_hr_b", "sites", "site_a", 404),
    ("site_hr_a", "sites", "site_a", 200),
    ("site_hr_b", "teams", "team_a1", 404),
    ("site_hr_a", "teams", "team_b1", 404),
    ("outsider", "teams", "team_a1", 404),
]


def test_it_answers_404_for_a_record_outside_the_scope(org, users, api_for):
    got = []
    for role, endpoint, record, _status in DETAILS:
        pk = getattr(org, record).pk
        response = api_for(_as(users, role)).get(f"/api/v1/{endpoint}/{pk}/")
        got.append((role, endpoint, record, response.status_code))
    assert got == DETAILS


def test_it_hides_a_leave_of_another_site(org, users, api_for, leaves):
    hanne_leave = f"/api/v1/leaves/{leaves['hanne'].pk}/"
    assert api_for(users.site_hr_a).get(hanne_leave).status_code == 404
    assert api_for(users.site_hr_b).get(hanne_leave).status_code == 200


# Authentication -----------------------------------------------------------------------


def test_it_authenticates_with_a_token(org, users, api_for):
    response = api_for(users.site_hr_a).get("/api/v1/employees/")
    assert response.status_code == 200
    assert _names(response) == PLANT_A


def test_it_refuses_a_wrong_token_or_no_credentials(org, users, api_for):
    client = api_for(None)
    assert client.get("/api/v1/employees/").status_code == 401
    assert client.get(f"/api/v1/employees/{org.chloe.pk}/").status_code == 401
    assert client.post("/api/v1/sites/", {}, format="json").status_code == 401
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/v1/employees/").status_code == 401


def test_it_accepts_the_session_of_a_logged_in_user(org, users, client_for):
    response = client_for(users.site_hr_b).get("/api/v1/employees/")
    assert response.status_code == 200
    assert _names(response) == PLANT_B


# Writes -------------------------------------------------------------------------------

# Status of a write on a record of plant A, per role (anonymous: no credentials). Roles
# without HR rights are refused before the record is looked up: 403 even outside their scope.
WRITE_A = {
    "group_hr": "ok",
    "site_hr_a": "ok",
    "site_hr_b": 404,
    "coordinator_a": 403,
    "auditor": 403,
    "manager": 403,
    "leader": 403,
    "other_leader": 403,
    "operator": 403,
    "outsider": 404,
    "anonymous": 401,
}


def _client(api_for, users, role):
    return api_for(None if role == "anonymous" else _as(users, role))


def _employee_payload(org, number, **changes):
    return {
        "site": org.site_a.pk,
        "employee_number": number,
        "first_name": "Inès",
        "last_name": f"Moreau {number}",
        "hire_date": "2020-02-03",
        "category": "operator",
        "team": org.team_a1.pk,
        "manager": org.bruno.pk,
        "position": org.position.pk,
        **changes,
    }


def test_it_lets_only_hr_of_the_site_create_an_employee(org, users, api_for):
    # Plant B's HR may not create at plant A: 403 (there is no record to hide yet).
    expected = {**WRITE_A, "group_hr": 201, "site_hr_a": 201, "site_hr_b": 403}
    got = {}
    for number, role in enumerate(expected, start=900001):
        response = _client(api_for, users, role).post(
            "/api/v1/employees/", _employee_payload(org, str(number)), format="json"
        )
        got[role] = response.status_code
    assert got == expected
    created = set(Employee.objects.filter(first_name="Inès").values_list("employee_number", "site"))
    assert created == {("900001", org.site_a.pk), ("900002", org.site_a.pk)}
    listed = _names(api_for(users.site_hr_a).get("/api/v1/employees/?q=Moreau"))
    assert listed == {"Inès"}


def test_it_refuses_site_hr_creating_an_employee_in_another_site(org, users, api_for):
    response = api_for(users.site_hr_a).post(
        "/api/v1/employees/",
        _employee_payload(org, "900100", site=org.site_b.pk, team=org.team_b1.pk, manager=None),
        format="json",
    )
    assert response.status_code == 403
    assert not Employee.objects.filter(employee_number="900100").exists()


def test_it_lets_only_hr_of_the_site_change_an_employee(org, users, api_for):
    expected = {**WRITE_A, "group_hr": 200, "site_hr_a": 200}
    got = {}
    for role in expected:
        response = _client(api_for, users, role).patch(
            f"/api/v1/employees/{org.chloe.pk}/", {"phone": f"+33 {role}"}, format="json"
        )
        got[role] = response.status_code
        if response.status_code == 200:
            assert response.json()["phone"] == f"+33 {role}"
    assert got == expected
    shown = api_for(users.auditor).get(f"/api/v1/employees/{org.chloe.pk}/").json()
    assert shown["phone"] == "+33 site_hr_a"


def test_it_does_not_let_site_hr_move_an_employee_to_another_site(org, users, api_for):
    response = api_for(users.site_hr_a).patch(
        f"/api/v1/employees/{org.chloe.pk}/",
        {"site": org.site_b.pk, "team": org.team_b1.pk, "manager": org.greet.pk},
        format="json",
    )
    assert response.status_code == 403
    org.chloe.refresh_from_db()
    assert (org.chloe.site, org.chloe.team) == (org.site_a, org.team_a1)


def test_it_lets_group_hr_move_an_employee_to_another_site(org, users, api_for):
    response = api_for(users.group_hr).patch(
        f"/api/v1/employees/{org.chloe.pk}/",
        {"site": org.site_b.pk, "team": org.team_b1.pk, "manager": org.greet.pk},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["legal_entity"] == org.entity_be.pk
    chloe = f"/api/v1/employees/{org.chloe.pk}/"
    assert api_for(users.site_hr_a).get(chloe).status_code == 404
    assert api_for(users.leader).get(chloe).status_code == 404
    assert "Chloé" in _names(api_for(users.site_hr_b).get("/api/v1/employees/"))


def test_it_lets_only_hr_of_the_site_delete_an_employee(org, users, api_for):
    # The refused roles first, then plant A's HR, then group HR finds nothing left.
    expected = {role: status for role, status in WRITE_A.items() if status != "ok"}
    expected |= {"site_hr_a": 204, "group_hr": 404}
    got = {}
    for role in expected:
        response = _client(api_for, users, role).delete(f"/api/v1/employees/{org.dario.pk}/")
        got[role] = response.status_code
    assert got == expected
    assert not Employee.objects.filter(pk=org.dario.pk).exists()


def test_it_lets_only_hr_of_the_site_change_a_leave(org, users, api_for, leaves):
    leave = leaves["chloe"]
    expected = {**WRITE_A, "group_hr": 200, "site_hr_a": 200}
    got = {}
    for role in expected:
        response = _client(api_for, users, role).patch(
            f"/api/v1/leaves/{leave.pk}/", {"note": role}, format="json"
        )
        got[role] = response.status_code
    assert got == expected
    leave.refresh_from_db()
    assert leave.note == "site_hr_a"

    refused = _client(api_for, users, "auditor").delete(f"/api/v1/leaves/{leave.pk}/")
    assert refused.status_code == 403
    assert api_for(users.site_hr_a).delete(f"/api/v1/leaves/{leave.pk}/").status_code == 204
    assert not Leave.objects.filter(pk=leave.pk).exists()


def test_it_lets_hr_create_a_leave_only_for_its_employees(org, users, api_for):
    payload = {"employee": org.chloe.pk, "kind": "parental", "first_day": "2026-04-01"}
    refused = api_for(users.coordinator_a).post("/api/v1/leaves/", payload, format="json")
    assert refused.status_code == 403
    other_site = api_for(users.site_hr_b).post("/api/v1/leaves/", payload, format="json")
    assert other_site.status_code == 400
    assert "employee" in other_site.json()
    assert not Leave.objects.filter(employee=org.chloe).exists()

    response = api_for(users.site_hr_a).post("/api/v1/leaves/", payload, format="json")
    assert response.status_code == 201
    assert Leave.objects.get(employee=org.chloe).kind == "parental"


def test_it_lets_only_group_hr_create_a_site(org, users, api_for):
    payload = {"legal_entity": org.entity_fr.pk, "name": "Plant C", "code": "C"}
    got = {
        role: _client(api_for, users, role).post("/api/v1/sites/", payload, format="json")
        for role in ["site_hr_a", "coordinator_a", "auditor", "manager", "outsider"]
    }
    assert {role: r.status_code for role, r in got.items()} == {
        "site_hr_a": 403,
        "coordinator_a": 403,
        "auditor": 403,
        "manager": 403,
        "outsider": 404,
    }
    assert not Site.objects.filter(code="C").exists()
    response = api_for(users.group_hr).post("/api/v1/sites/", payload, format="json")
    assert response.status_code == 201
    assert "Plant C" in {
        s["name"] for s in api_for(users.group_hr).get("/api/v1/sites/").json()["results"]
    }


def test_it_lets_only_hr_of_the_site_change_it(org, users, api_for):
    expected = {**WRITE_A, "group_hr": 200, "site_hr_a": 200}
    got = {}
    for role in expected:
        response = _client(api_for, users, role).patch(
            f"/api/v1/sites/{org.site_a.pk}/", {"address": role}, format="json"
        )
        got[role] = response.status_code
    assert got == expected
    org.site_a.refresh_from_db()
    assert org.site_a.address == "site_hr_a"


def test_it_answers_a_clear_refusal_when_deleting_a_site_with_employees(org, users, api_for):
    client = api_for(users.group_hr)
    client.raise_request_exception = False
    response = client.delete(f"/api/v1/sites/{org.site_b.pk}/")
    assert response.status_code in (400, 409)
    assert Site.objects.filter(pk=org.site_b.pk).exists()


def test_it_lets_only_hr_of_the_site_create_or_change_a_team(org, users, api_for):
    hr_a = api_for(users.site_hr_a)
    other_site = hr_a.post("/api/v1/teams/", {"site": org.site_b.pk, "name": "X"}, format="json")
    assert other_site.status_code == 403
    created = hr_a.post("/api/v1/teams/", {"site": org.site_a.pk, "name": "Paint"}, format="json")
    assert created.status_code == 201
    assert Team.objects.get(name="Paint").site == org.site_a

    expected = {**WRITE_A, "group_hr": 200, "site_hr_a": 200}
    got = {}
    for role in expected:
        response = _client(api_for, users, role).patch(
            f"/api/v1/teams/{org.team_a1.pk}/", {"name": f"Presses {role}"}, format="json"
        )
        got[role] = response.status_code
    assert got == expected
    org.team_a1.refresh_from_db()
    assert org.team_a1.name == "Presses site_hr_a"

    moved = hr_a.patch(f"/api/v1/teams/{org.team_a1.pk}/", {"site": org.site_b.pk}, format="json")
    assert moved.status_code == 403


def test_it_lets_only_hr_of_the_site_create_a_department(org, users, api_for):
    payload = {"site": org.site_a.pk, "name": "Quality"}
    got = {
        role: _client(api_for, users, role).post("/api/v1/departments/", payload, format="json")
        for role in ["site_hr_b", "coordinator_a", "auditor", "manager", "site_hr_a"]
    }
    assert {role: r.status_code for role, r in got.items()} == {
        "site_hr_b": 403,
        "coordinator_a": 403,
        "auditor": 403,
        "manager": 403,
        "site_hr_a": 201,
    }
    listed = api_for(users.coordinator_a).get("/api/v1/departments/").json()["results"]
    assert {row["name"] for row in listed} == {"Production", "Quality"}


def test_it_keeps_legal_entities_and_categories_read_only(org, users, api_for):
    client = api_for(users.group_hr)
    entity = client.post("/api/v1/legal-entities/", {"name": "X", "country": "FR"}, format="json")
    category = client.post("/api/v1/categories/", {"code": "x", "labels": {}}, format="json")
    assert (entity.status_code, category.status_code) == (405, 405)


def test_it_keeps_group_wide_positions_for_group_hr(org, users, api_for):
    hr_a = api_for(users.site_hr_a)
    group_wide = hr_a.post("/api/v1/positions/", {"title": "Welder"}, format="json")
    assert group_wide.status_code == 403
    change = hr_a.patch(f"/api/v1/positions/{org.position.pk}/", {"title": "X"}, format="json")
    assert change.status_code == 403
    local = hr_a.post(
        "/api/v1/positions/", {"title": "Welder", "site": org.site_a.pk}, format="json"
    )
    assert local.status_code == 201
    assert Position.objects.get(title="Welder").site == org.site_a
    assert (
        api_for(users.group_hr)
        .post("/api/v1/positions/", {"title": "Crane driver"}, format="json")
        .status_code
        == 201
    )


# Validation ---------------------------------------------------------------------------


def test_it_refuses_a_manager_loop_with_a_field_message(org, users, api_for):
    response = api_for(users.site_hr_a).patch(
        f"/api/v1/employees/{org.alice.pk}/", {"manager": org.chloe.pk}, format="json"
    )
    assert response.status_code == 400
    assert "loop" in " ".join(response.json()["manager"])
    org.alice.refresh_from_db()
    assert org.alice.manager is None


def test_it_refuses_a_leaving_date_before_the_hire_date(org, users, api_for):
    response = api_for(users.site_hr_a).patch(
        f"/api/v1/employees/{org.chloe.pk}/", {"leaving_date": "2010-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["leaving_date"] == ["The leaving date is before the hire date."]
    org.chloe.refresh_from_db()
    assert org.chloe.leaving_date is None


def test_it_refuses_a_team_of_another_site(org, users, api_for):
    response = api_for(users.group_hr).patch(
        f"/api/v1/employees/{org.chloe.pk}/", {"team": org.team_b1.pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["team"] == ["This team works at another site."]


def test_it_refuses_an_overlapping_leave_with_a_field_message(org, users, api_for, leaves):
    response = api_for(users.site_hr_a).post(
        "/api/v1/leaves/",
        {"employee": org.chloe.pk, "kind": "vacation", "first_day": "2026-01-07"},
        format="json",
    )
    assert response.status_code == 400
    assert "overlaps another leave" in " ".join(response.json()["first_day"])
    assert Leave.objects.filter(employee=org.chloe).count() == 1


def test_it_refuses_a_duplicate_employee_number_on_its_field(org, users, api_for):
    """As the page's form does: the message goes with the employee number."""
    response = api_for(users.site_hr_a).post(
        "/api/v1/employees/", _employee_payload(org, org.dario.employee_number), format="json"
    )
    assert response.status_code == 400
    assert not Employee.objects.filter(first_name="Inès").exists()
    assert "employee_number" in response.json(), response.json()


# Schema -------------------------------------------------------------------------------


def test_it_publishes_a_valid_openapi_schema(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    schema = yaml.safe_load(target.read_text())
    assert "/api/v1/employees/" in schema["paths"]
    assert "/api/v1/leaves/{id}/" in schema["paths"]
