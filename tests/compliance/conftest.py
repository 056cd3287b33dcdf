"""Fixtures of the compliance pages: the shared organisation with known hire dates, a
history in plant A (France, 120 staff by the manual headcount) and published templates
for the professional and the return interviews.

As of 2026-11-27 in plant A:
- Chloé (hired 2019-05-15; interviews 2021-05-10, 2023-05-02; a non-mandatory training):
  periodic and summary overdue, no penalty risk.
- Dário (hired 2019-03-01; one interview 2021-02-15; mandatory training only): overdue and
  at penalty risk, 3,000 EUR.
- Emre (hired 2020-06-01; interviews 2022-05-20 and, late, 2024-09-01): on 2024-07-01 his
  periodic interview was overdue; on 2025-07-01 it is not (held late: missed), but the
  late one keeps him at penalty risk (no training).
- Bruno (hired 2026-02-01, no interview yet): first professional interview due
  2027-02-01, in the quarter after 2026-11-27.
- Fatima (hired 2024-09-01; interview 2025-09-01): nothing overdue.
- Alice (hired 2018-03-01, no history): overdue.
"""

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client

from parcours.compliance.models import HistoricInterview, TrainingRecord
from parcours.interviews.choices import DEFAULT_KINDS
from parcours.organisation.models import Employee
from tests.interviews.conftest import build_template
from tests.interviews.factories import KindFactory

ON = date(2026, 11, 27)
# Sorted by amount, then name: who has missed interviews and no non-mandatory training.
AT_RISK = ["Alice Martin", "Dário Gonçalves", "Emre Yılmaz"]

HISTORY = {
    "chloe": (
        date(2019, 5, 15),
        [date(2021, 5, 10), date(2023, 5, 2)],
        [(date(2022, 3, 1), False)],
    ),
    "dario": (date(2019, 3, 1), [date(2021, 2, 15)], [(date(2020, 1, 1), True)]),
    "emre": (date(2020, 6, 1), [date(2022, 5, 20), date(2024, 9, 1)], []),
    "bruno": (date(2026, 2, 1), [], []),
    "fatima": (date(2024, 9, 1), [date(2025, 9, 1)], []),
}


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    org: object
    users: object
    professional: object
    return_kind: object


def add_history(org) -> None:
    for name, (hired, interviews, trainings) in HISTORY.items():
        employee = getattr(org, name)
        Employee.objects.filter(pk=employee.pk).update(hire_date=hired)
        for day in interviews:
            HistoricInterview.objects.create(employee=employee, date=day, kind="periodic")
        for day, mandatory in trainings:
            TrainingRecord.objects.create(
                employee=employee, date=day, mandatory=mandatory, title="Training"
            )


@pytest.fixture
def world(org, users):
    org.entity_fr.headcount_override = 120
    org.entity_fr.save()
    add_history(org)
    # The kinds come with a data migration (gone after a transactional test's flush): made
    # again with the same labels.
    labels = dict(DEFAULT_KINDS)
    professional = KindFactory(code="professional", labels=labels["professional"])
    return_kind = KindFactory(code="return_after_leave", labels=labels["return_after_leave"])
    KindFactory(code="annual_review", labels=labels["annual_review"])
    categories = [org.chloe.category, org.bruno.category, org.alice.category]
    build_template(
        kind=professional, name="Professional", categories=categories, user=users.group_hr
    )
    build_template(kind=return_kind, name="Return", categories=categories, user=users.group_hr)
    return World(org, users, professional, return_kind)


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
