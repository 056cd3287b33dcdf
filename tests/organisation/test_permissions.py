"""Who may open and change each organisation page, the audit trail and the home page.

Rules: outside the user's scope a record answers 404; a visible record the user may not
change answers 403; an account without any role gets 404 on every organisation page;
an anonymous visitor is sent to the login page.
"""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from parcours.organisation.models import Employee, Leave, Position, Site, Team
from tests.factories import LeaveFactory, PositionFactory

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
    """Clients kept across the module's tests: each new client loads the middleware, slowly."""
    return {}


@pytest.fixture
def client_for(db, client_pool):
    """client_for(user): a client logged in as that user, as in tests/conftest.py."""

    def make(user):
        client = client_pool.setdefault(user.username, Client())
        client.cookies.clear()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def anonymous(client_pool):
    client = client_pool.setdefault("", Client())
    client.cookies.clear()
    return client


@pytest.fixture
def world(org, users):
    """The shared organisation plus a leave of Chloé and a position of plant A only."""
    return SimpleNamespace(
        org=org,
        users=users,
        leave=LeaveFactory(
            employee=org.chloe, kind="sick", first_day=date(2026, 1, 5), last_day=date(2026, 1, 9)
        ),
        position_a=PositionFactory(title="Furnace tender", site=org.site_a),
    )


# Each page: how to build its URL from the world.
PAGES = {
    "home": lambda w: reverse("home"),
    "audit_list": lambda w: reverse("audit:list"),
    "employee_list": lambda w: reverse("organisation:employee_list"),
    "employee_create": lambda w: reverse("organisation:employee_create"),
    "employee_detail": lambda w: reverse("organisation:employee_detail", args=[w.org.chloe.pk]),
    "employee_edit": lambda w: reverse("organisation:employee_edit", args=[w.org.chloe.pk]),
    "leave_create": lambda w: reverse("organisation:leave_create", args=[w.org.chloe.pk]),
    "leave_edit": lambda w: reverse("organisation:leave_edit", args=[w.org.chloe.pk, w.leave.pk]),
    "site_list": lambda w: reverse("organisation:site_list"),
    "site_create": lambda w: reverse("organisation:site_create"),
    "site_detail": lambda w: reverse("organisation:site_detail", args=[w.org.site_a.pk]),
    "site_edit": lambda w: reverse("organisation:site_edit", args=[w.org.site_a.pk]),
    "site_tree": lambda w: reverse("organisation:site_tree", args=[w.org.site_a.pk]),
    "team_list": lambda w: reverse("organisation:team_list"),
    "team_create": lambda w: reverse("organisation:team_create"),
    "team_detail": lambda w: reverse("organisation:team_detail", args=[w.org.team_a1.pk]),
    "team_edit": lambda w: reverse("organisation:team_edit", args=[w.org.team_a1.pk]),
    "position_list": lambda w: reverse("organisation:position_list"),
    "position_create": lambda w: reverse("organisation:position_create"),
    "position_detail": lambda w: reverse("organisation:position_detail", args=[w.position_a.pk]),
    "position_edit": lambda w: reverse("organisation:position_edit", args=[w.position_a.pk]),
    "group_position_edit": lambda w: reverse(
        "organisation:position_edit", args=[w.org.position.pk]
    ),
}

# Status of a GET, per page, in the order of ROLES:
# group_hr, site_hr_a, site_hr_b, coordinator_a, auditor, manager, leader, other_leader,
# operator, outsider. Employee, leave and team pages are those of Chloé (team A1, plant A).
STATUS = {
    "home": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
    "audit_list": (200, 200, 200, 403, 200, 403, 403, 403, 403, 404),
    "employee_list": (200, 200, 200, 200, 200, 200, 200, 200, 403, 404),
    "employee_create": (200, 200, 200, 403, 403, 403, 403, 403, 403, 404),
    "employee_detail": (200, 200, 404, 200, 200, 200, 200, 404, 200, 404),
    "employee_edit": (200, 200, 404, 403, 403, 403, 403, 404, 403, 404),
    "leave_create": (200, 200, 404, 403, 403, 403, 403, 404, 403, 404),
    "leave_edit": (200, 200, 404, 403, 403, 403, 403, 404, 403, 404),
    "site_list": (200, 200, 200, 200, 200, 200, 200, 200, 403, 404),
    "site_create": (200, 403, 403, 403, 403, 403, 403, 403, 403, 404),
    "site_detail": (200, 200, 404, 200, 200, 200, 200, 200, 200, 404),
    "site_edit": (200, 200, 404, 403, 403, 403, 403, 403, 403, 404),
    "site_tree": (200, 200, 404, 200, 200, 200, 200, 200, 200, 404),
    "team_list": (200, 200, 200, 200, 200, 200, 200, 200, 403, 404),
    "team_create": (200, 200, 200, 403, 403, 403, 403, 403, 403, 404),
    "team_detail": (200, 200, 404, 200, 200, 200, 200, 404, 200, 404),
    "team_edit": (200, 200, 404, 403, 403, 403, 403, 404, 403, 404),
    "position_list": (200, 200, 200, 200, 200, 200, 200, 200, 403, 404),
    "position_create": (200, 200, 200, 403, 403, 403, 403, 403, 403, 404),
    "position_detail": (200, 200, 404, 200, 200, 200, 200, 200, 200, 404),
    "position_edit": (200, 200, 404, 403, 403, 403, 403, 403, 403, 404),
    # A group-wide position: visible to every role, changed by group HR only.
    "group_position_edit": (200, 403, 403, 403, 403, 403, 403, 403, 403, 404),
}
assert set(STATUS) == set(PAGES)


@pytest.mark.parametrize("role", ROLES)
def test_it_answers_each_page_as_the_role_allows(world, client_for, role):
    client = client_for(getattr(world.users, role))
    column = ROLES.index(role)
    expected = {page_name: statuses[column] for page_name, statuses in STATUS.items()}
    got = {page_name: client.get(PAGES[page_name](world)).status_code for page_name in STATUS}
    assert got == expected


def test_it_sends_an_anonymous_visitor_to_the_login_page(world, anonymous):
    login = reverse("login") + "?next="
    got = {}
    for page_name, url in PAGES.items():
        response = anonymous.get(url(world))
        got[page_name] = response.status_code == 302 and response.url.startswith(login)
    response = anonymous.post(
        reverse("organisation:leave_delete", args=[world.org.chloe.pk, world.leave.pk])
    )
    got["leave_delete"] = response.status_code == 302 and response.url.startswith(login)
    assert [page for page, redirected in got.items() if not redirected] == []
    assert Leave.objects.filter(pk=world.leave.pk).exists()


# Who shows on the pages a role may open: page -> [(role, names shown, names not shown)].
NAMES = {
    "employee_list": [
        ("group_hr", ["Dubois, Chloé", "De Smet, Hanne"], []),
        ("auditor", ["Dubois, Chloé", "De Smet, Hanne"], []),
        ("site_hr_a", ["Dubois, Chloé", "El Amrani, Fatima"], ["Hanne"]),
        ("site_hr_b", ["De Smet, Hanne", "Peeters, Greet"], ["Chloé", "Alice"]),
        ("coordinator_a", ["Dubois, Chloé"], ["Hanne"]),
        (
            "manager",
            ["Martin, Alice", "Dubois, Chloé", "El Amrani, Fatima", "Yılmaz, Emre"],
            ["Hanne", "Greet"],
        ),
        ("leader", ["Lefèvre, Bruno", "Dubois, Chloé", "Gonçalves, Dário"], ["Fatima", "Hanne"]),
        ("other_leader", ["Yılmaz, Emre", "El Amrani, Fatima"], ["Chloé", "Dário"]),
    ],
    "employee_detail": [
        ("operator", ["Chloé Dubois"], []),
        ("leader", ["Chloé Dubois"], []),
    ],
    "site_list": [
        ("group_hr", ["Plant A", "Plant B"], []),
        ("site_hr_a", ["Plant A"], ["Plant B"]),
        ("site_hr_b", ["Plant B"], ["Plant A"]),
        ("manager", ["Plant A"], ["Plant B"]),
    ],
    "site_detail": [("site_hr_a", ["Plant A", "Presses A", "Assembly"], ["Persen"])],
    "site_tree": [
        ("group_hr", ["Alice Martin", "Bruno Lefèvre", "Chloé Dubois", "Fatima El Amrani"], []),
        ("manager", ["Alice Martin", "Chloé Dubois", "Fatima El Amrani"], []),
        ("leader", ["Bruno Lefèvre", "Chloé Dubois", "Dário Gonçalves"], ["Fatima", "Alice"]),
        ("operator", ["Chloé Dubois"], ["Dário", "Fatima", "Bruno"]),
    ],
    "team_list": [
        ("group_hr", ["Presses A", "Assembly", "Persen"], []),
        ("site_hr_a", ["Presses A", "Assembly"], ["Persen"]),
        ("site_hr_b", ["Persen"], ["Presses A"]),
    ],
    "team_detail": [
        ("group_hr", ["Chloé Dubois", "Dário Gonçalves"], ["Fatima"]),
        ("leader", ["Chloé Dubois", "Dário Gonçalves"], []),
        ("operator", ["Chloé Dubois"], ["Dário"]),
    ],
    "position_list": [
        ("site_hr_a", ["Press operator", "Furnace tender"], []),
        ("site_hr_b", ["Press operator"], ["Furnace tender"]),
    ],
}


def test_it_shows_only_the_people_and_places_in_scope(world, client_for):
    wrong = []
    for page_name, checks in NAMES.items():
        for role, shown, hidden in checks:
            response = client_for(getattr(world.users, role)).get(PAGES[page_name](world))
            assert response.status_code == 200, (page_name, role)
            html = response.content.decode()
            wrong += [f"{page_name}: {role} misses {name}" for name in shown if name not in html]
            wrong += [f"{page_name}: {role} sees {name}" for name in hidden if name in html]
    assert wrong == []


def test_it_shows_a_position_s_holders_in_the_viewer_s_scope(world, client_for):
    url = reverse("organisation:position_detail", args=[world.org.position.pk])
    bruno = client_for(world.users.leader).get(url).content.decode()
    emre = client_for(world.users.other_leader).get(url).content.decode()
    assert "Chloé Dubois" in bruno and "Dário Gonçalves" in bruno
    assert "Chloé" not in emre and "Dário" not in emre


# Employee pages opened across sites and teams: (role, employee, status).
REACH = [
    ("site_hr_a", "hanne", 404),
    ("site_hr_b", "chloe", 404),
    ("other_leader", "chloe", 404),
    ("leader", "fatima", 404),
    ("leader", "emre", 404),
    ("leader", "dario", 200),
    ("operator", "dario", 404),
    ("operator", "bruno", 404),
    ("manager", "hanne", 404),
    ("manager", "fatima", 200),  # below her through Emre
    ("other_leader", "fatima", 200),
    ("coordinator_a", "fatima", 200),
    ("coordinator_a", "hanne", 404),
]


def test_it_opens_an_employee_only_within_the_user_s_reach(world, client_for):
    got = []
    for role, employee, _status in REACH:
        target = getattr(world.org, employee)
        response = client_for(getattr(world.users, role)).get(
            reverse("organisation:employee_detail", args=[target.pk])
        )
        if response.status_code == 200:
            assert target.full_name in response.content.decode()
        got.append((role, employee, response.status_code))
    assert got == REACH


def test_it_lists_only_the_direct_reports_in_the_viewer_s_scope(world, client_for):
    """A manager may have reports at another site; plant A's HR may not see those."""
    org = world.org
    org.greet.manager = org.alice
    org.greet.save()
    hr_a = client_for(world.users.site_hr_a)
    assert hr_a.get(reverse("organisation:employee_detail", args=[org.greet.pk])).status_code == 404
    page = hr_a.get(reverse("organisation:employee_detail", args=[org.alice.pk])).content.decode()
    assert "Bruno Lefèvre" in page and "Emre Yılmaz" in page
    assert "Greet" not in page


def test_it_never_shows_a_team_leader_the_other_team(world, client_for):
    """Bruno may not open Emre's team nor Emre; neither shows on the pages Bruno opens."""
    org = world.org
    bruno = client_for(world.users.leader)
    assert bruno.get(reverse("organisation:employee_detail", args=[org.emre.pk])).status_code == 404
    assert bruno.get(reverse("organisation:team_detail", args=[org.team_a2.pk])).status_code == 404
    pages = {
        "team_list": reverse("organisation:team_list"),
        "site_detail": reverse("organisation:site_detail", args=[org.site_a.pk]),
        "site_tree": reverse("organisation:site_tree", args=[org.site_a.pk]),
        "employee_list": reverse("organisation:employee_list"),
    }
    shown = {}
    for page_name, url in pages.items():
        html = bruno.get(url).content.decode()
        assert "Presses A" in html or page_name == "site_tree", page_name
        shown[page_name] = [name for name in ("Assembly", "Yılmaz", "Fatima") if name in html]
    assert shown == {page_name: [] for page_name in pages}


# Changes through the pages ------------------------------------------------------------
# Changes through the pages ------------------------------------------------------------

# Roles that may not change Chloé (team A1, plant A), and what they get.
NOT_HR_OF_PLANT_A = {
    "site_hr_b": 404,
    "coordinator_a": 403,
    "auditor": 403,
    "manager": 403,
    "leader": 403,
    "other_leader": 404,
    "operator": 403,
    "outsider": 404,
}


def _employee_data(employee, **changes):
    """The employee form as the browser posts it back unchanged, then `changes`."""
    data = {
        "employee_number": employee.employee_number,
        "first_name": employee.first_name,
        "last_name": employee.last_name,
        "birth_date": employee.birth_date,
        "hire_date": employee.hire_date,
        "leaving_date": employee.leaving_date,
        "active": "on" if employee.active else None,
        "site": employee.site_id,
        "category": employee.category_id,
        "position": employee.position_id,
        "team": employee.team_id,
        "manager": employee.manager_id,
        "contract_type": employee.contract_type,
        "working_time_unit": employee.working_time_unit,
        "working_time_value": employee.working_time_value,
        "preferred_language": employee.preferred_language,
        "email": employee.email,
        "phone": employee.phone,
        **changes,
    }
    return {key: value for key, value in data.items() if value not in (None, "")}


def _new_employee_data(org, **changes):
    return {
        "employee_number": "990001",
        "first_name": "Inès",
        "last_name": "Moreau",
        "hire_date": "2020-02-03",
        "active": "on",
        "site": org.site_a.pk,
        "category": org.chloe.category_id,
        "position": org.position.pk,
        "team": org.team_a1.pk,
        "manager": org.bruno.pk,
        "contract_type": "permanent",
        "working_time_unit": "percent",
        "working_time_value": "100",
        "preferred_language": "fr",
        **changes,
    }


def _section(html: str, start: str, end: str) -> str:
    return html.split(start, 1)[1].split(end, 1)[0]


def _timeline(html: str) -> list[str]:
    """The periods of the employee page's timeline, as text, newest first."""
    block = _section(html, '<ol class="timeline">', "</ol>")
    items = re.findall(r"<li>(.*?)</li>", block, flags=re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip() for item in items]


def _leaves(html: str) -> str:
    """The table of leaves on the employee page (not the audited changes below it)."""
    return _section(html, "<h2>Leaves</h2>", "<h2>Timeline</h2>")


@pytest.mark.parametrize("role", ["group_hr", "site_hr_a"])
def test_it_lets_hr_create_an_employee_then_move_them_to_another_team(world, client_for, role):
    org = world.org
    client = client_for(getattr(world.users, role))

    response = client.post(reverse("organisation:employee_create"), _new_employee_data(org))
    assert response.status_code == 302
    ines = Employee.objects.get(first_name="Inès")
    assert response.url == reverse("organisation:employee_detail", args=[ines.pk])
    page = client.get(response.url).content.decode()
    assert "Inès Moreau" in page
    periods = _timeline(page)
    assert len(periods) == 1 and "team Presses A" in periods[0]

    response = client.post(
        reverse("organisation:employee_edit", args=[ines.pk]),
        _employee_data(ines, team=org.team_a2.pk, manager=org.emre.pk),
    )
    assert response.status_code == 302
    periods = _timeline(client.get(response.url).content.decode())
    assert len(periods) == 2
    assert "team Assembly" in periods[0] and "Emre Yılmaz" in periods[0]
    assert "team Presses A" in periods[1] and "Bruno Lefèvre" in periods[1]


def test_it_refuses_an_employee_created_without_hr_rights_on_the_site(world, client_for):
    refused = {"site_hr_b": 200, "coordinator_a": 403, "auditor": 403, "manager": 403}
    refused |= {"leader": 403, "operator": 403, "outsider": 404}
    got = {}
    for role in refused:
        client = client_for(getattr(world.users, role))
        response = client.post(
            reverse("organisation:employee_create"), _new_employee_data(world.org)
        )
        got[role] = response.status_code
        if role == "site_hr_b":
            # Plant B's HR gets the form back: plant A is not a choice it may make.
            assert "Select a valid choice" in response.content.decode()
    assert got == refused
    assert not Employee.objects.filter(first_name="Inès").exists()


def test_it_saves_an_hr_change_to_an_employee_and_shows_it(world, client_for):
    chloe = world.org.chloe
    client = client_for(world.users.site_hr_a)
    response = client.post(
        reverse("organisation:employee_edit", args=[chloe.pk]),
        _employee_data(chloe, phone="+33 6 12 34 56 78"),
    )
    assert response.status_code == 302
    assert "+33 6 12 34 56 78" in client.get(response.url).content.decode()


def test_it_refuses_an_employee_change_without_hr_rights(world, client_for):
    chloe = world.org.chloe
    url = reverse("organisation:employee_edit", args=[chloe.pk])
    data = _employee_data(chloe, phone="+33 6 00 00 00 00")
    got = {
        role: client_for(getattr(world.users, role)).post(url, data).status_code
        for role in NOT_HR_OF_PLANT_A
    }
    assert got == NOT_HR_OF_PLANT_A
    chloe.refresh_from_db()
    assert chloe.phone == ""


def test_it_does_not_let_site_hr_move_an_employee_to_another_site(world, client_for):
    org = world.org
    response = client_for(world.users.site_hr_a).post(
        reverse("organisation:employee_edit", args=[org.chloe.pk]),
        _employee_data(org.chloe, site=org.site_b.pk, team=org.team_b1.pk, manager=org.greet.pk),
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    org.chloe.refresh_from_db()
    assert org.chloe.site == org.site_a


def test_it_shows_a_change_of_manager_on_the_very_next_request(world, client_for):
    org = world.org
    bruno = client_for(world.users.leader)
    emre = client_for(world.users.other_leader)
    dario_url = reverse("organisation:employee_detail", args=[org.dario.pk])
    employees = reverse("organisation:employee_list")
    assert bruno.get(dario_url).status_code == 200
    assert emre.get(dario_url).status_code == 404

    response = client_for(world.users.site_hr_a).post(
        reverse("organisation:employee_edit", args=[org.dario.pk]),
        _employee_data(org.dario, manager=org.emre.pk, team=org.team_a2.pk),
    )
    assert response.status_code == 302

    assert bruno.get(dario_url).status_code == 404
    assert "Dário" not in bruno.get(employees).content.decode()
    assert emre.get(dario_url).status_code == 200
    assert "Gonçalves, Dário" in emre.get(employees).content.decode()


# Leaves -------------------------------------------------------------------------------


def _leave_data(**changes):
    return {"kind": "sabbatical", "first_day": "2026-03-02", "last_day": "2026-03-13", **changes}


@pytest.mark.parametrize("role", ["group_hr", "site_hr_a"])
def test_it_lets_hr_add_edit_and_delete_a_leave(world, client_for, role):
    chloe = world.org.chloe
    client = client_for(getattr(world.users, role))
    detail = reverse("organisation:employee_detail", args=[chloe.pk])

    response = client.post(
        reverse("organisation:leave_create", args=[chloe.pk]), _leave_data(note="Round the world")
    )
    assert response.status_code == 302
    assert response.url == detail
    assert "Round the world" in _leaves(client.get(detail).content.decode())
    leave = Leave.objects.get(employee=chloe, kind="sabbatical")

    response = client.post(
        reverse("organisation:leave_edit", args=[chloe.pk, leave.pk]),
        _leave_data(note="Cape Town to Cairo"),
    )
    assert response.status_code == 302
    leaves = _leaves(client.get(detail).content.decode())
    assert "Cape Town to Cairo" in leaves and "Round the world" not in leaves

    response = client.post(reverse("organisation:leave_delete", args=[chloe.pk, leave.pk]))
    assert response.status_code == 302
    leaves = _leaves(client.get(detail).content.decode())
    assert "Sabbatical" not in leaves and "Sick leave" in leaves
    assert not Leave.objects.filter(pk=leave.pk).exists()


def test_it_refuses_an_overlapping_leave_with_a_clear_message(world, client_for):
    chloe = world.org.chloe
    response = client_for(world.users.site_hr_a).post(
        reverse("organisation:leave_create", args=[chloe.pk]),
        _leave_data(first_day="2026-01-08", last_day="2026-01-20"),
    )
    assert response.status_code == 200
    assert "This leave overlaps another leave of the same employee" in response.content.decode()
    assert Leave.objects.filter(employee=chloe).count() == 1


def test_it_refuses_an_edit_that_makes_a_leave_overlap(world, client_for):
    chloe = world.org.chloe
    other = LeaveFactory(
        employee=chloe, kind="vacation", first_day=date(2026, 2, 2), last_day=date(2026, 2, 6)
    )
    response = client_for(world.users.group_hr).post(
        reverse("organisation:leave_edit", args=[chloe.pk, other.pk]),
        _leave_data(kind="vacation", first_day="2026-01-07", last_day="2026-02-06"),
    )
    assert response.status_code == 200
    assert "overlaps another leave" in response.content.decode()
    other.refresh_from_db()
    assert other.first_day == date(2026, 2, 2)


def test_it_refuses_leave_changes_without_hr_rights(world, client_for):
    chloe = world.org.chloe
    got = {}
    for role in NOT_HR_OF_PLANT_A:
        client = client_for(getattr(world.users, role))
        create = client.post(reverse("organisation:leave_create", args=[chloe.pk]), _leave_data())
        edit = client.post(
            reverse("organisation:leave_edit", args=[chloe.pk, world.leave.pk]),
            _leave_data(first_day="2026-01-05", last_day="2026-01-30"),
        )
        delete = client.post(reverse("organisation:leave_delete", args=[chloe.pk, world.leave.pk]))
        statuses = {create.status_code, edit.status_code, delete.status_code}
        got[role] = statuses.pop() if len(statuses) == 1 else statuses
    assert got == NOT_HR_OF_PLANT_A
    assert list(Leave.objects.filter(employee=chloe).values_list("last_day", flat=True)) == [
        date(2026, 1, 9)
    ]


def test_it_does_not_open_a_leave_through_another_employee_s_url(world, client_for):
    dario = world.org.dario
    client = client_for(world.users.group_hr)
    url = reverse("organisation:leave_edit", args=[dario.pk, world.leave.pk])
    assert client.get(url).status_code == 404
    delete = reverse("organisation:leave_delete", args=[dario.pk, world.leave.pk])
    assert client.post(delete).status_code == 404
    assert Leave.objects.filter(pk=world.leave.pk).exists()


# Sites, teams, positions --------------------------------------------------------------


def test_it_lets_only_group_hr_create_a_site(world, client_for):
    data = {
        "legal_entity": world.org.entity_fr.pk,
        "name": "Plant C",
        "code": "C",
        "default_language": "fr",
    }
    url = reverse("organisation:site_create")
    refused = {"site_hr_a": 403, "coordinator_a": 403, "auditor": 403, "manager": 403}
    refused |= {"outsider": 404}
    got = {
        role: client_for(getattr(world.users, role)).post(url, data).status_code for role in refused
    }
    assert got == refused
    assert not Site.objects.filter(code="C").exists()

    client = client_for(world.users.group_hr)
    response = client.post(url, data)
    assert response.status_code == 302
    assert "Plant C" in client.get(reverse("organisation:site_list")).content.decode()


# Who may change a record of plant A: status of the POST (302: saved).
CHANGE_A = {
    "group_hr": 302,
    "site_hr_a": 302,
    "site_hr_b": 404,
    "coordinator_a": 403,
    "auditor": 403,
    "manager": 403,
    "leader": 403,
    "outsider": 404,
}


def _post_each_role(world, client_for, url, data_for_role, read_back):
    """POST as each role of CHANGE_A; the value read back must change only when saved."""
    got = {}
    for role in CHANGE_A:
        data = data_for_role(role)
        response = client_for(getattr(world.users, role)).post(url, data)
        got[role] = response.status_code
        saved = read_back()
        if response.status_code == 302:
            assert saved == data["name"], role
            page = client_for(getattr(world.users, role)).get(response.url)
            assert data["name"] in page.content.decode(), role
        else:
            assert not saved.endswith(role), f"{role}'s change was saved"
    assert got == CHANGE_A


def test_it_lets_only_hr_of_the_site_edit_it(world, client_for):
    org = world.org

    def data(role):
        return {
            "legal_entity": org.entity_fr.pk,
            "name": f"Plant A {role}",
            "code": "A",
            "default_language": "fr",
        }

    _post_each_role(
        world,
        client_for,
        reverse("organisation:site_edit", args=[org.site_a.pk]),
        data,
        lambda: Site.objects.get(pk=org.site_a.pk).name,
    )


def test_it_lets_only_hr_of_the_site_edit_a_team(world, client_for):
    org = world.org
    _post_each_role(
        world,
        client_for,
        reverse("organisation:team_edit", args=[org.team_a1.pk]),
        lambda role: {"site": org.site_a.pk, "name": f"Presses {role}", "leader": org.bruno.pk},
        lambda: Team.objects.get(pk=org.team_a1.pk).name,
    )


def test_it_lets_only_hr_of_the_site_edit_a_position(world, client_for):
    position = world.position_a

    def data(role):
        return {
            "title": f"Furnace {role}",
            "site": world.org.site_a.pk,
            "job_description": "<p>Feeds the furnace.</p>",
            "name": f"Furnace {role}",  # what _post_each_role reads back
        }

    _post_each_role(
        world,
        client_for,
        reverse("organisation:position_edit", args=[position.pk]),
        data,
        lambda: Position.objects.get(pk=position.pk).title,
    )


def test_it_lets_site_hr_create_a_team_only_on_its_site(world, client_for):
    org = world.org
    client = client_for(world.users.site_hr_a)
    url = reverse("organisation:team_create")
    refused = client.post(url, {"site": org.site_b.pk, "name": "Intruders"})
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert not Team.objects.filter(name="Intruders").exists()

    response = client.post(url, {"site": org.site_a.pk, "name": "Maintenance"})
    assert response.status_code == 302
    assert "Maintenance" in client.get(reverse("organisation:team_list")).content.decode()

    coordinator = client_for(world.users.coordinator_a)
    assert coordinator.post(url, {"site": org.site_a.pk, "name": "Coord"}).status_code == 403
    assert not Team.objects.filter(name="Coord").exists()


def test_it_keeps_a_group_wide_position_for_group_hr(world, client_for):
    position = world.org.position
    url = reverse("organisation:position_edit", args=[position.pk])
    data = {"title": "Press operator II", "site": world.org.site_a.pk}
    assert client_for(world.users.site_hr_a).post(url, data).status_code == 403
    position.refresh_from_db()
    assert position.title == "Press operator"

    response = client_for(world.users.group_hr).post(url, {"title": "Press operator II"})
    assert response.status_code == 302
    position.refresh_from_db()
    assert (position.title, position.site) == ("Press operator II", None)


def test_it_lets_site_hr_create_a_position_of_its_site_only(world, client_for):
    client = client_for(world.users.site_hr_a)
    url = reverse("organisation:position_create")
    response = client.post(url, {"title": "Crane driver", "site": world.org.site_a.pk})
    assert response.status_code == 302
    assert Position.objects.get(title="Crane driver").site == world.org.site_a

    refused = client.post(url, {"title": "Crane driver B", "site": world.org.site_b.pk})
    assert refused.status_code == 200
    assert not Position.objects.filter(title="Crane driver B").exists()

    auditor = client_for(world.users.auditor)
    assert auditor.post(url, {"title": "X", "site": world.org.site_a.pk}).status_code == 403
    assert not Position.objects.filter(title="X").exists()


def test_it_tells_a_user_without_role_that_they_have_no_access_yet(world, client_for):
    page = client_for(world.users.outsider).get(reverse("home")).content.decode()
    assert "Your account has no role in Parcours yet" in page
    assert "Chloé" not in page and "Plant A" not in page
