"""Fixtures of trainings on top of the shared organisation (tests/conftest.py).

Plant A trains its press operators with "Press basics" (internal, 14 h, 450 € a person,
brings the 400 t press to U) and sends drivers to "Forklift licence" (external, group-wide,
mandatory, renews the forklift licence, 300 €). Plant A's budget this year: 10,000 €.
A session of Press basics ran last week at plant A. Chloé (team A1, Bruno) has an annual
review with a "training requests" section.
"""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from parcours.interviews import services as interviews
from parcours.interviews.models import Interview, Section
from parcours.skills import services as skills_services
from parcours.training import services
from parcours.training.models import Training, TrainingSession
from tests.browser.conftest import login, shoot  # noqa: F401  (browser fixtures)
from tests.interviews.factories import CampaignFactory, KindFactory
from tests.skills.factories import CertificationTypeFactory, DomainFactory, SkillFactory


@pytest.fixture(autouse=True)
def _training_setup(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    skills_services.levels_ensure_default()


@dataclass
class World:
    press: object
    forklift: object
    licence: object
    press_basics: Training
    forklift_course: Training
    plant_b_course: Training
    session: TrainingSession
    year: int


@pytest.fixture
def world(org, users):
    presses = DomainFactory(code="presses", labels={"en": "Presses", "fr": "Presses"})
    safety = DomainFactory(code="safety", labels={"en": "Safety", "fr": "Sécurité"})
    licence = CertificationTypeFactory(
        code="forklift-licence", labels={"en": "Forklift licence"}, validity_months=60
    )
    press = SkillFactory(
        domain=presses, code="P400", labels={"en": "Press 400 t", "fr": "Presse 400 t"}
    )
    forklift = SkillFactory(
        domain=safety, code="FORK", labels={"en": "Forklift driving"}, certification_type=licence
    )
    hr = users.group_hr
    press_basics = services.training_save(
        training=Training(
            code="press-basics",
            labels={"en": "Press basics", "fr": "Bases de la presse", "nl": "Basis pers"},
            duration_hours=Decimal("14"),
            cost_per_person=Decimal("450"),
            site=org.site_a,
        ),
        skills=[(press, 3)],
        user=hr,
    )
    forklift_course = services.training_save(
        training=Training(
            code="forklift",
            labels={"en": "Forklift licence course", "fr": "CACES R489"},
            kind="external",
            duration_hours=Decimal("21"),
            cost_per_person=Decimal("300"),
            provider="Safety Academy",
            mandatory=True,
            certification_type=licence,
        ),
        skills=[(forklift, 3)],
        user=hr,
    )
    plant_b_course = services.training_save(
        training=Training(
            code="persen",
            labels={"nl": "Persen"},
            duration_hours=Decimal("7"),
            cost_per_person=Decimal("200"),
            site=org.site_b,
        ),
        user=hr,
    )
    today = timezone.localdate()
    session = services.session_save(
        session=TrainingSession(
            training=press_basics,
            site=org.site_a,
            starts_on=today - timedelta(days=8),
            ends_on=today - timedelta(days=7),
            place="Training room 1",
            capacity=8,
            trainer="Marc",
        ),
        user=hr,
    )
    services.budget_set(site=org.site_a, year=today.year, amount=Decimal("10000"), user=hr)
    return World(
        press, forklift, licence, press_basics, forklift_course, plant_b_course, session, today.year
    )


@pytest.fixture
def review(org, users, world):
    """A published annual review with a "training requests" section, launched for the
    operators; returns Chloé's interview and the section."""
    template = interviews.template_create(
        kind=KindFactory(code="annual_review"),
        labels={"en": "Annual review"},
        categories=[org.chloe.category],
        user=users.group_hr,
    )
    version = template.versions.get()
    section = Section.objects.create(
        version=version, position=0, labels={"en": "Trainings"}, block_code="training_request"
    )
    interviews.template_publish(version=version, user=users.group_hr)
    campaign = CampaignFactory(kind=template.kind)
    interviews.campaign_set_template(
        campaign=campaign, category=org.chloe.category, template=template, user=users.group_hr
    )
    interviews.campaign_launch(campaign=campaign, user=users.group_hr)
    interview = Interview.objects.get(campaign=campaign, employee=org.chloe)
    return interview, section


def ask(org, users, world, *, employee=None, training="press", user=None, **kwargs):
    """A request through the service: Bruno asks Press basics for Chloé by default."""
    chosen = {"press": world.press_basics, "forklift": world.forklift_course, None: None}
    return services.request_create(
        employee=employee or org.chloe,
        user=user or users.leader,
        origin=kwargs.pop("origin", "manager"),
        training=chosen[training],
        reason=kwargs.pop("reason", "Needs it on line 3"),
        **kwargs,
    )
