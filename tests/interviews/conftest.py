"""Fixtures of the interviews: a published annual-review template with every type of
question, and a running campaign over both plants of the shared organisation."""

from dataclasses import dataclass

import pytest
from django.test import Client

from parcours.interviews import services
from parcours.interviews.choices import QuestionType, Respondent
from parcours.interviews.models import Interview, Question, Section
from tests.interviews.factories import CampaignFactory, KindFactory, choices, scale


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def build_template(*, kind=None, name="Annual review", categories=(), user=None, publish=True):
    """A template with a question of every type and both blocks."""
    kind = kind or KindFactory(code="annual_review")
    template = services.template_create(
        kind=kind,
        labels={"en": name, "fr": name + " (fr)", "nl": name + " (nl)"},
        categories=categories,
        user=user,
    )
    version = template.versions.get()
    Section.objects.create(
        version=version, position=0, labels={"en": "Last year"}, block_code="previous_interview"
    )
    year = Section.objects.create(version=version, position=1, labels={"en": "The year"})
    questions = {
        "achievements": (QuestionType.TEXT, Respondent.EMPLOYEE, True, {}),
        "rating": (QuestionType.SCALE, Respondent.SEPARATELY, True, scale()),
        "safety": (QuestionType.YES_NO, Respondent.MANAGER, False, {}),
        "wish": (QuestionType.SINGLE_CHOICE, Respondent.EMPLOYEE, False, choices("Stay", "Move")),
        "topics": (
            QuestionType.MULTIPLE_CHOICE,
            Respondent.BOTH,
            False,
            choices("Safety", "Quality", "Output"),
        ),
        "next_date": (QuestionType.DATE, Respondent.MANAGER, False, {}),
        "absences": (QuestionType.NUMBER, Respondent.MANAGER, False, {"min": 0, "max": 365}),
        "summary": (QuestionType.TEXT, Respondent.MANAGER, True, {}),
    }
    for position, (code, (kind_, respondent, required, options)) in enumerate(questions.items()):
        Question.objects.create(
            section=year,
            position=position,
            type=kind_,
            respondent=respondent,
            required=required,
            options=options,
            labels={"en": code.replace("_", " ").capitalize(), "fr": code + " (fr)"},
        )
    Section.objects.create(
        version=version, position=2, labels={"en": "Signatures"}, block_code="signature"
    )
    if publish:
        services.template_publish(version=version, user=user)
    return template


def question(template_or_interview, label: str) -> Question:
    version = (
        template_or_interview.template_version
        if isinstance(template_or_interview, Interview)
        else template_or_interview.versions.order_by("-number").first()
    )
    return Question.objects.get(section__version=version, labels__en=label)


@dataclass
class World:
    org: object
    users: object
    template: object
    campaign: object

    def interview(self, employee) -> Interview:
        return Interview.objects.select_related("employee", "campaign").get(
            campaign=self.campaign, employee=employee
        )


@pytest.fixture
def world(org, users):
    """Annual reviews of both plants, launched: every employee with a manager has one."""
    template = build_template(categories=[org.chloe.category], user=users.group_hr)
    campaign = CampaignFactory(kind=template.kind)
    for category in {org.chloe.category, org.bruno.category, org.alice.category}:
        services.campaign_set_template(
            campaign=campaign, category=category, template=template, user=users.group_hr
        )
    services.campaign_launch(campaign=campaign, user=users.group_hr)
    return World(org, users, template, campaign)


@pytest.fixture(scope="module")
def client_pool():
    """Clients kept across the module's tests: each new client loads the middleware, slowly."""
    return {}


@pytest.fixture
def client_for(db, client_pool):
    def make(user):
        client = client_pool.setdefault(user.username, Client())
        client.cookies.clear()
        client.force_login(user)
        return client

    return make


SAMPLE_VALUES = {
    QuestionType.TEXT: "Went well",
    QuestionType.SCALE: 3,
    QuestionType.YES_NO: True,
    QuestionType.SINGLE_CHOICE: "1",
    QuestionType.MULTIPLE_CHOICE: ["1", "3"],
    QuestionType.DATE: "2027-01-15",
    QuestionType.NUMBER: 4,
}


def answer_everything(interview, sides=("employee", "manager", "shared"), user=None):
    """Answers to every question on these sides, written directly (not a test subject)."""
    from parcours.interviews.models import Answer

    for q in Question.objects.filter(section__version=interview.template_version):
        for side in q.sides:
            if side in sides:
                Answer.objects.update_or_create(
                    interview=interview,
                    question=q,
                    side=side,
                    defaults={"value": SAMPLE_VALUES[q.type], "updated_by": user},
                )


def set_status(interview, status):
    Interview.objects.filter(pk=interview.pk).update(status=status)
    interview.refresh_from_db()
    return interview
