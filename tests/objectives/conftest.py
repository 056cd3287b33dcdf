"""Fixtures of the objectives: a template with both objectives blocks, the 2025 and
2026 annual reviews of Bruno's team (Chloé and Dário), and helpers to walk an interview
through the real services."""

from dataclasses import dataclass
from datetime import date, datetime

import pytest
from django.test import Client
from django.utils import timezone

from parcours.interviews import services as interview_services
from parcours.interviews.choices import SignatureMethod, SignatureRole
from parcours.interviews.models import Interview, Section
from parcours.objectives import services
from parcours.objectives.blocks import NEW, REVIEW
from parcours.objectives.choices import ObjectiveLevel
from parcours.objectives.models import ScaleLevel
from tests.interviews.factories import CampaignFactory, KindFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def build_template(user, *, category):
    """Objectives review, new objectives and signatures: nothing else to fill in."""
    template = interview_services.template_create(
        kind=KindFactory(code="annual_review"),
        labels={"en": "Annual review", "fr": "Entretien annuel", "nl": "Jaargesprek"},
        categories=[category],
        user=user,
    )
    version = template.versions.get()
    for position, (code, title) in enumerate(
        [(REVIEW, "Last period's objectives"), (NEW, "New objectives"), ("signature", "Signed")]
    ):
        Section.objects.create(
            version=version, position=position, labels={"en": title}, block_code=code
        )
    interview_services.template_publish(version=version, user=user)
    return template


def launch(template, *, year: int, employees, user):
    campaign = CampaignFactory(
        name=f"Annual reviews {year}",
        kind=template.kind,
        opens_on=date(year, 1, 5),
        deadline=date(year, 3, 31),
    )
    interview_services.campaign_set_template(
        campaign=campaign, category=employees[0].category, template=template, user=user
    )
    interview_services.campaign_launch(
        campaign=campaign, user=user, employee_ids=[e.pk for e in employees]
    )
    return campaign


def plan(interview, user, when=None):
    when = when or timezone.now()
    return interview_services.interview_plan(interview=interview, user=user, scheduled_at=when)


def hold_and_sign(interview, *, leader_user, employee_user):
    interview = interview_services.interview_hold(interview=interview, user=leader_user)
    interview = interview_services.interview_sign(
        interview=interview,
        user=employee_user,
        role=SignatureRole.EMPLOYEE,
        method=SignatureMethod.CONFIRMED,
    )
    return interview_services.interview_sign(
        interview=interview,
        user=leader_user,
        role=SignatureRole.MANAGER,
        method=SignatureMethod.CONFIRMED,
    )


def level(code: str) -> ScaleLevel:
    return ScaleLevel.objects.get(scale__is_default=True, code=code)


def make_objective(owner, user, **extra):
    values = {
        "title": "Reduce the scrap rate of line 3",
        "indicator": "scrap rate",
        "unit": "%",
        "baseline": "4",
        "target": "3",
        "conditions": ["Fill in the end-of-shift form"],
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
    }
    values.update(extra)
    return services.objective_create(
        user=user, level=ObjectiveLevel.INDIVIDUAL, owner=owner, **values
    )


@dataclass
class Years:
    org: object
    users: object
    template: object
    campaign_2025: object
    campaign_2026: object

    def interview(self, year: int, employee) -> Interview:
        campaign = self.campaign_2025 if year == 2025 else self.campaign_2026
        return Interview.objects.select_related("employee", "campaign").get(
            campaign=campaign, employee=employee
        )


@pytest.fixture
def years(org, users):
    """Two annual reviews of Chloé and Dário (interviewer: Bruno), not yet planned."""
    template = build_template(users.group_hr, category=org.chloe.category)
    people = [org.chloe, org.dario]
    c2025 = launch(template, year=2025, employees=people, user=users.group_hr)
    c2026 = launch(template, year=2026, employees=people, user=users.group_hr)
    return Years(org, users, template, c2025, c2026)


def aware(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 10, 0))


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
