"""Answers: saved one by one, resubmits harmless, concurrent edits never lost silently."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parcours.interviews import services
from parcours.interviews.choices import InterviewStatus
from parcours.interviews.models import Answer
from tests.interviews.conftest import question, set_status


def _save(world, who, label, side, value, version):
    interview = world.interview(world.org.chloe)
    return services.answer_save(
        interview=interview,
        question=question(interview, label),
        side=side,
        value=value,
        version=version,
        user=getattr(world.users, who),
    )


def test_it_keeps_one_answer_per_interview_question_and_side(world):
    first = _save(world, "operator", "Achievements", "employee", "Trained two new people", 0)
    again = _save(world, "operator", "Achievements", "employee", "Trained two new people", 0)
    assert first.pk == again.pk and again.version == 1
    assert Answer.objects.count() == 1


def test_it_versions_each_change(world):
    _save(world, "operator", "Achievements", "employee", "One", 0)
    second = _save(world, "operator", "Achievements", "employee", "Two", 1)
    assert second.version == 2 and second.value == "Two"


def test_it_reports_a_conflict_instead_of_overwriting(world):
    _save(world, "leader", "Summary", "manager", "Solid year", 0)
    _save(world, "leader", "Summary", "manager", "Solid year, safety first", 1)
    with pytest.raises(services.EditConflict) as conflict:
        # A second tablet still at version 1.
        _save(world, "leader", "Summary", "manager", "Solid year, more training", 1)
    assert conflict.value.current_value == "Solid year, safety first"
    assert conflict.value.current_version == 2
    assert conflict.value.submitted == "Solid year, more training"
    assert Answer.objects.get().value == "Solid year, safety first"
    # The person chooses theirs: saved over the version they have now seen.
    kept = _save(world, "leader", "Summary", "manager", "Solid year, more training", 2)
    assert (kept.value, kept.version) == ("Solid year, more training", 3)


def test_it_treats_a_first_answer_typed_on_two_screens_as_a_conflict(world):
    _save(world, "leader", "Summary", "manager", "From the desk", 0)
    with pytest.raises(services.EditConflict):
        _save(world, "leader", "Summary", "manager", "From the tablet", 0)


@pytest.mark.parametrize(
    ("label", "value", "message"),
    [
        ("Rating", 9, "Choose one of the levels."),
        ("Safety", "maybe", "Answer yes or no."),
        ("Wish", "3", "Choose one of the proposed answers."),
        ("Topics", ["1", "9"], "Choose among the proposed answers."),
        ("Next date", "31/02/2027", "Give a date"),
        ("Absences", 400, "at most 365"),
    ],
)
def test_it_checks_the_value_against_the_question(world, label, value, message):
    side = {"Rating": "manager", "Wish": "employee", "Topics": "shared"}.get(label, "manager")
    with pytest.raises(ValidationError) as refused:
        _save(world, "leader", label, side, value, 0)
    assert message in " ".join(refused.value.messages)


def test_it_stops_the_employee_once_the_preparation_is_submitted(world):
    interview = set_status(world.interview(world.org.chloe), InterviewStatus.PREPARED)
    with pytest.raises(ValidationError) as refused:
        _save(world, "operator", "Achievements", "employee", "Late addition", 0)
    assert "preparation has been submitted" in str(refused.value)
    assert interview.answers.count() == 0


def test_it_keeps_the_manager_part_to_the_interviewer(world):
    with pytest.raises(PermissionDenied):
        _save(world, "operator", "Summary", "manager", "I rate myself", 0)
    with pytest.raises(PermissionDenied):
        _save(world, "manager", "Summary", "manager", "From above", 0)
    with pytest.raises(PermissionDenied):
        _save(world, "group_hr", "Summary", "manager", "HR", 0)


def test_it_refuses_changes_to_a_signed_report(world):
    set_status(world.interview(world.org.chloe), InterviewStatus.SIGNED)
    with pytest.raises(ValidationError) as refused:
        _save(world, "leader", "Summary", "manager", "After the fact", 0)
    assert "signed and locked" in str(refused.value)


def test_it_refuses_a_question_of_another_template_version(world):
    interview = world.interview(world.org.chloe)
    draft = services.version_draft(template=world.template, user=None)
    other = draft.sections.get(labels__en="The year").questions.get(labels__en="Summary")
    with pytest.raises(ValidationError):
        services.answer_save(
            interview=interview,
            question=other,
            side="manager",
            value="x",
            version=0,
            user=world.users.leader,
        )


def test_it_keeps_private_notes_with_their_own_version(world):
    interview = world.interview(world.org.chloe)
    saved = services.interview_notes_save(
        interview=interview, user=world.users.leader, notes="Ask about night shifts", version=1
    )
    assert saved.notes_version == 2
    with pytest.raises(services.EditConflict):
        services.interview_notes_save(
            interview=interview, user=world.users.leader, notes="Other", version=1
        )
    with pytest.raises(PermissionDenied):
        services.interview_notes_save(
            interview=interview, user=world.users.operator, notes="Peek", version=2
        )
