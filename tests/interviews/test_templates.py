"""Templates: drafts, publishing, versions that never change under an interview."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from parcours.audit.models import AuditEntry
from parcours.interviews import services
from parcours.interviews.choices import QuestionType, Respondent, VersionStatus
from parcours.interviews.models import Question, Section
from tests.interviews.conftest import build_template, question
from tests.interviews.factories import CampaignFactory, KindFactory


def test_it_creates_a_template_with_an_empty_draft(db):
    template = services.template_create(
        kind=KindFactory(), labels={"en": "Operators", "fr": "Opérateurs", "xx": "?"}, user=None
    )
    version = template.versions.get()
    assert (version.number, version.status) == (1, VersionStatus.DRAFT)
    assert template.labels == {"en": "Operators", "fr": "Opérateurs"}


def test_it_refuses_a_template_without_a_name(db):
    with pytest.raises(ValidationError) as refused:
        services.template_create(kind=KindFactory(), labels={"en": "  "}, user=None)
    assert "Give the template a name." in str(refused.value)


def test_it_picks_the_label_in_the_active_language(db):
    template = build_template(name="Annual review")
    with translation.override("fr"):
        assert template.label == "Annual review (fr)"
        assert question(template, "Rating").option_items[0] == ("1", "Poor (fr)")
    with translation.override("nl"):
        # No Dutch level labels: English is the fallback.
        assert question(template, "Rating").option_items[0] == ("1", "Poor")


def test_it_freezes_a_published_version(db):
    template = build_template()
    published = template.versions.get()
    assert published.status == VersionStatus.PUBLISHED
    rating = question(template, "Rating")
    rating.labels = {"en": "Changed"}
    with pytest.raises(ValidationError) as refused:
        services.question_save(question=rating, user=None)
    assert "is published and can no longer change" in str(refused.value)
    with pytest.raises(ValidationError):
        services.section_delete(section=rating.section, user=None)
    assert question(template, "Rating").labels["en"] == "Rating"


def test_it_refuses_to_publish_an_empty_draft(db):
    template = services.template_create(kind=KindFactory(), labels={"en": "Empty"}, user=None)
    with pytest.raises(ValidationError) as refused:
        services.template_publish(version=template.versions.get(), user=None)
    assert "Add at least one question or block" in str(refused.value)


def test_it_refuses_a_scale_with_a_single_level(db):
    template = services.template_create(kind=KindFactory(), labels={"en": "Scale"}, user=None)
    section = services.section_save(
        section=Section(version=template.versions.get(), labels={"en": "Skills"}), user=None
    )
    lonely = Question(
        section=section,
        type=QuestionType.SCALE,
        labels={"en": "Level"},
        options={"levels": [{"value": 1, "labels": {"en": "Only"}}]},
    )
    with pytest.raises(ValidationError) as refused:
        services.question_save(question=lonely, user=None)
    assert "at least two levels" in str(refused.value)


def test_it_accepts_a_scale_of_any_length(db):
    template = services.template_create(kind=KindFactory(), labels={"en": "ILUO"}, user=None)
    section = services.section_save(
        section=Section(version=template.versions.get(), labels={"en": "Skills"}), user=None
    )
    levels = [{"value": i, "labels": {"en": letter}} for i, letter in enumerate("ILUO", 1)]
    services.question_save(
        question=Question(
            section=section,
            type=QuestionType.SCALE,
            labels={"en": "Level"},
            options={"levels": levels[:3]},
        ),
        user=None,
    )
    services.template_publish(version=template.versions.get(), user=None)
    assert [label for _v, label in question(template, "Level").option_items] == ["I", "L", "U"]


def test_it_starts_a_new_draft_as_a_copy_of_the_published_version(db):
    template = build_template()
    draft = services.version_draft(template=template, user=None)
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    assert services.version_draft(template=template, user=None) == draft  # one draft only
    published = template.versions.get(number=1)
    assert [s.label for s in draft.sections.all()] == [s.label for s in published.sections.all()]
    assert Question.objects.filter(section__version=draft).count() == 8
    assert not Question.objects.filter(section__version=draft).filter(
        pk__in=Question.objects.filter(section__version=published)
    )


def test_it_changes_no_existing_interview_when_a_published_template_is_edited(world):
    interview = world.interview(world.org.chloe)
    first = interview.template_version
    draft = services.version_draft(template=world.template, user=world.users.group_hr)
    rating = Question.objects.get(section__version=draft, labels__en="Rating")
    rating.labels = {"en": "How was the year?"}
    services.question_save(question=rating, user=world.users.group_hr)
    services.template_publish(version=draft, user=world.users.group_hr)

    interview.refresh_from_db()
    assert interview.template_version == first
    assert question(interview, "Rating").label == "Rating"
    first.refresh_from_db()
    assert first.status == VersionStatus.SUPERSEDED
    # A campaign launched now uses version 2.
    later = CampaignFactory(kind=world.template.kind, name="Late campaign")
    services.campaign_set_template(
        campaign=later,
        category=world.org.chloe.category,
        template=world.template,
        user=world.users.group_hr,
    )
    services.campaign_launch(campaign=later, user=world.users.group_hr)
    assert later.interviews.first().template_version.number == 2


def test_it_moves_questions_within_a_draft(db):
    template = build_template(publish=False)
    section = Section.objects.get(version__template=template, labels__en="The year")
    first, second = list(section.questions.order_by("position"))[:2]
    services.item_move(item=second, direction=-1, user=None)
    assert list(section.questions.order_by("position"))[:2] == [second, first]


def test_it_duplicates_a_template_with_its_content(db):
    template = build_template(name="Operators")
    copy = services.template_duplicate(template=template, user=None)
    assert copy.labels["en"] == "Operators (copy)"
    version = copy.versions.get()
    assert version.status == VersionStatus.DRAFT
    assert Question.objects.filter(section__version=version).count() == 8
    assert version.sections.filter(block_code="signature").exists()


def test_it_audits_the_publication_of_a_version(db, users):
    build_template(user=users.group_hr)
    entry = AuditEntry.objects.get(action="parcours.template.published")
    assert entry.user == users.group_hr


def test_it_refuses_a_block_nobody_registered(db):
    template = services.template_create(kind=KindFactory(), labels={"en": "T"}, user=None)
    with pytest.raises(ValidationError) as refused:
        services.section_save(
            section=Section(
                version=template.versions.get(), labels={"en": "S"}, block_code="unknown"
            ),
            user=None,
        )
    assert "not available" in str(refused.value)


def test_it_refuses_choices_without_two_options(db):
    template = services.template_create(kind=KindFactory(), labels={"en": "T"}, user=None)
    section = services.section_save(
        section=Section(version=template.versions.get(), labels={"en": "S"}), user=None
    )
    with pytest.raises(ValidationError) as refused:
        services.question_save(
            question=Question(
                section=section,
                type=QuestionType.SINGLE_CHOICE,
                respondent=Respondent.EMPLOYEE,
                labels={"en": "Pick"},
                options={"choices": [{"value": "1", "labels": {"en": "Only"}}]},
            ),
            user=None,
        )
    assert "at least two answers" in str(refused.value)
