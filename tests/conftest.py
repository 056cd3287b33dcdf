"""Shared fixtures: a small group with two plants, and a user for every role.

Plant A (France): manager Alice heads it; team A1 is led by Bruno with operators
Chloé and Dário; team A2 is led by Emre with operator Fatima.
Plant B (Belgium): team B1 led by Greet with operator Hanne.
"""

import os
from dataclasses import dataclass

import pytest
from django.conf import settings as dj_settings
from django.test import Client

from tests.factories import (
    CategoryFactory,
    DepartmentFactory,
    EmployeeFactory,
    LegalEntityFactory,
    PositionFactory,
    RoleFactory,
    SiteFactory,
    TeamFactory,
    UserFactory,
)

# live_server runs in a thread beside the synchronous Playwright API.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# The live server serves static files through WhiteNoise straight from the apps,
# without a collectstatic run first.
dj_settings.WHITENOISE_USE_FINDERS = True

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


@dataclass
class Org:
    entity_fr: object
    entity_be: object
    site_a: object
    site_b: object
    team_a1: object
    team_a2: object
    team_b1: object
    position: object
    alice: object
    bruno: object
    chloe: object
    dario: object
    emre: object
    fatima: object
    greet: object
    hanne: object


@pytest.fixture
def org(db):
    operator = CategoryFactory(code="operator")
    leader_cat = CategoryFactory(code="team_leader")
    manager_cat = CategoryFactory(code="manager")
    entity_fr = LegalEntityFactory(name="Forges FR", country="FR")
    entity_be = LegalEntityFactory(name="Forges BE", country="BE")
    site_a = SiteFactory(legal_entity=entity_fr, name="Plant A", code="A")
    site_b = SiteFactory(legal_entity=entity_be, name="Plant B", code="B", default_language="nl")
    dept_a = DepartmentFactory(site=site_a, name="Production")
    position = PositionFactory(title="Press operator")
    alice = EmployeeFactory(
        site=site_a, first_name="Alice", last_name="Martin", category=manager_cat
    )
    team_a1 = TeamFactory(site=site_a, department=dept_a, name="Presses A")
    team_a2 = TeamFactory(site=site_a, department=dept_a, name="Assembly")
    team_b1 = TeamFactory(site=site_b, name="Persen")
    bruno = EmployeeFactory(
        site=site_a,
        first_name="Bruno",
        last_name="Lefèvre",
        category=leader_cat,
        manager=alice,
        team=team_a1,
    )
    emre = EmployeeFactory(
        site=site_a,
        first_name="Emre",
        last_name="Yılmaz",
        category=leader_cat,
        manager=alice,
        team=team_a2,
    )
    team_a1.leader = bruno
    team_a1.save()
    team_a2.leader = emre
    team_a2.save()
    chloe = EmployeeFactory(
        site=site_a,
        first_name="Chloé",
        last_name="Dubois",
        category=operator,
        manager=bruno,
        team=team_a1,
        position=position,
    )
    dario = EmployeeFactory(
        site=site_a,
        first_name="Dário",
        last_name="Gonçalves",
        category=operator,
        manager=bruno,
        team=team_a1,
        position=position,
    )
    fatima = EmployeeFactory(
        site=site_a,
        first_name="Fatima",
        last_name="El Amrani",
        category=operator,
        manager=emre,
        team=team_a2,
    )
    greet = EmployeeFactory(
        site=site_b, first_name="Greet", last_name="Peeters", category=leader_cat, team=team_b1
    )
    team_b1.leader = greet
    team_b1.save()
    hanne = EmployeeFactory(
        site=site_b,
        first_name="Hanne",
        last_name="De Smet",
        category=operator,
        manager=greet,
        team=team_b1,
    )
    return Org(
        entity_fr,
        entity_be,
        site_a,
        site_b,
        team_a1,
        team_a2,
        team_b1,
        position,
        alice,
        bruno,
        chloe,
        dario,
        emre,
        fatima,
        greet,
        hanne,
    )


def _user(username, *, role=None, site=None, employee=None):
    user = UserFactory(username=username)
    if role:
        RoleFactory(user=user, role=role, site=site)
    if employee is not None:
        employee.user = user
        employee.save(update_fields=["user"])
    return user


@dataclass
class Users:
    group_hr: object
    site_hr_a: object
    site_hr_b: object
    coordinator_a: object
    auditor: object
    manager: object  # Alice, head of plant A
    leader: object  # Bruno, team A1
    other_leader: object  # Emre, team A2
    operator: object  # Chloé, team A1
    outsider: object  # an account without any role


@pytest.fixture
def users(org):
    return Users(
        group_hr=_user("grouphr", role="group_hr"),
        site_hr_a=_user("hr-a", role="site_hr", site=org.site_a),
        site_hr_b=_user("hr-b", role="site_hr", site=org.site_b),
        coordinator_a=_user("coord-a", role="training_coordinator", site=org.site_a),
        auditor=_user("auditor", role="auditor"),
        manager=_user("alice", employee=org.alice),
        leader=_user("bruno", employee=org.bruno),
        other_leader=_user("emre", employee=org.emre),
        operator=_user("chloe", employee=org.chloe),
        outsider=_user("nobody"),
    )


@pytest.fixture
def client_for(db):
    """client_for(user) gives a test client logged in as that user."""

    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make
