"""Levels are recorded, never overwritten; requirements and certificates are validated."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from parcours.audit.models import AuditEntry
from parcours.skills import services
from parcours.skills.models import Assessment, CurrentLevel, Level, PositionRequirement
from tests.skills.factories import PositionRequirementFactory, SkillFactory


def _current(employee, skill):
    return CurrentLevel.objects.filter(employee=employee, skill=skill).first()


def test_it_keeps_every_level_and_shows_the_latest(org, users, catalogue):
    press = catalogue.press
    for day, level in ((date(2025, 3, 1), 1), (date(2025, 9, 1), 2), (date(2026, 2, 1), 3)):
        services.assessment_record(
            employee=org.chloe, skill=press, level=level, user=users.leader, assessed_on=day
        )

    history = list(
        Assessment.objects.filter(employee=org.chloe, skill=press).values_list(
            "assessed_on", "level"
        )
    )
    assert history == [(date(2026, 2, 1), 3), (date(2025, 9, 1), 2), (date(2025, 3, 1), 1)]
    current = _current(org.chloe, press)
    assert (current.level, current.assessed_on) == (3, date(2026, 2, 1))


def test_it_keeps_the_current_level_when_an_older_assessment_comes_late(org, users, catalogue):
    press = catalogue.press
    services.assessment_record(
        employee=org.dario, skill=press, level=3, user=users.leader, assessed_on=date(2026, 5, 1)
    )
    services.assessment_record(
        employee=org.dario, skill=press, level=1, user=users.leader, assessed_on=date(2025, 1, 1)
    )

    assert _current(org.dario, press).level == 3
    assert Assessment.objects.filter(employee=org.dario, skill=press).count() == 2


def test_it_lowers_the_level_when_a_new_assessment_says_so(org, users, catalogue):
    services.assessment_record(
        employee=org.dario, skill=catalogue.press, level=3, user=users.leader
    )
    services.assessment_record(
        employee=org.dario, skill=catalogue.press, level=2, user=users.leader
    )
    assert _current(org.dario, catalogue.press).level == 2


def test_it_refuses_a_level_outside_the_scale_or_a_future_date(org, users, catalogue):
    with pytest.raises(ValidationError) as error:
        services.assessment_record(
            employee=org.chloe, skill=catalogue.press, level=9, user=users.leader
        )
    assert "Choose a level of the scale." in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.assessment_record(
            employee=org.chloe,
            skill=catalogue.press,
            level=2,
            user=users.leader,
            assessed_on=timezone.localdate() + timedelta(days=1),
        )
    assert "future" in str(error.value)
    assert not Assessment.objects.exists()


def test_it_refuses_a_skill_of_another_site(org, users, catalogue):
    with pytest.raises(ValidationError) as error:
        services.assessment_record(
            employee=org.chloe, skill=catalogue.plant_b_skill, level=2, user=users.group_hr
        )
    assert "another site" in str(error.value)


def test_it_counts_a_self_assessment_only_once_the_manager_answers(org, users, catalogue):
    proposal = services.self_assessment_propose(
        employee=org.chloe, skill=catalogue.quality, level=3, user=users.operator
    )
    assert proposal.status == "proposed"
    assert _current(org.chloe, catalogue.quality) is None

    answer = services.self_assessment_review(proposal=proposal, user=users.leader, level=2)

    proposal.refresh_from_db()
    assert proposal.status == "reviewed"
    assert answer.answers == proposal
    assert (answer.level, answer.assessor, answer.source) == (2, users.leader, "observation")
    assert _current(org.chloe, catalogue.quality).level == 2
    with pytest.raises(ValidationError):
        services.self_assessment_review(proposal=proposal, user=users.leader)


def test_it_replaces_a_waiting_self_assessment_with_a_newer_one(org, users, catalogue):
    first = services.self_assessment_propose(
        employee=org.chloe, skill=catalogue.quality, level=2, user=users.operator
    )
    second = services.self_assessment_propose(
        employee=org.chloe, skill=catalogue.quality, level=3, user=users.operator
    )
    first.refresh_from_db()
    assert (first.status, second.status) == ("replaced", "proposed")


def test_it_names_the_assessor_in_the_audit_trail(org, users, catalogue):
    assessment = services.assessment_record(
        employee=org.chloe, skill=catalogue.press, level=3, user=users.leader
    )
    entry = AuditEntry.objects.get(object_id=str(assessment.pk), content_type__model="assessment")
    assert entry.action == "parcours.skill_assessment.recorded"
    assert entry.user == users.leader
    assert entry.employee_id == org.chloe.pk
    assert entry.site_id == org.site_a.pk


def test_it_sets_and_removes_a_position_requirement(org, users, catalogue):
    services.position_requirement_set(
        position=org.position, skill=catalogue.press, level=3, user=users.group_hr
    )
    services.position_requirement_set(
        position=org.position, skill=catalogue.press, level=4, user=users.group_hr
    )
    assert PositionRequirement.objects.get(position=org.position).level == 4
    services.position_requirement_set(
        position=org.position, skill=catalogue.press, level=None, user=users.group_hr
    )
    assert not PositionRequirement.objects.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"parcours.position_requirement.set", "parcours.position_requirement.removed"} <= actions


def test_it_keeps_site_skills_away_from_group_positions(org, users, catalogue):
    with pytest.raises(ValidationError) as error:
        services.position_requirement_set(
            position=org.position, skill=catalogue.plant_b_skill, level=2, user=users.group_hr
        )
    assert "group-wide skills" in str(error.value)


def test_it_asks_for_at_least_one_person_in_a_team_requirement(org, users, catalogue):
    with pytest.raises(ValidationError):
        services.team_requirement_set(
            team=org.team_a1, skill=catalogue.press, level=3, min_people=0, user=users.group_hr
        )
    with pytest.raises(ValidationError):
        services.team_requirement_set(
            team=org.team_a1, skill=catalogue.plant_b_skill, level=3, min_people=1
        )


def test_it_computes_the_end_of_validity_from_the_type(org, users, catalogue):
    certificate = services.certification_record(
        employee=org.fatima,
        certification_type=catalogue.forklift_licence,
        obtained_on=date(2024, 2, 29),
        user=users.site_hr_a,
    )
    assert certificate.valid_until == date(2029, 2, 28)


def test_it_refuses_to_remove_a_level_in_use(org, users, catalogue):
    PositionRequirementFactory(position=org.position, skill=catalogue.press, level=4)
    with pytest.raises(ValidationError):
        services.level_delete(level=Level.objects.get(rank=4), user=users.group_hr)
    assert Level.objects.filter(rank=4).exists()


def test_it_refuses_a_domain_inside_itself(catalogue):
    catalogue.production.parent = catalogue.presses
    with pytest.raises(ValidationError):
        services.domain_save(domain=catalogue.production)


def test_it_gives_a_workstation_skill_the_site_of_its_position(org, users, catalogue):
    from tests.factories import PositionFactory

    station = PositionFactory(title="Line 3 packing", site=org.site_a)
    skill = SkillFactory.build(domain=catalogue.production, code="L3PACK", position=station)
    skill = services.skill_save(skill=skill, user=users.site_hr_a)
    assert skill.site == org.site_a


def test_it_keeps_the_number_of_a_level_in_use(org, users, catalogue):
    services.assessment_record(
        employee=org.chloe, skill=catalogue.press, level=4, user=users.leader
    )
    trainer = Level.objects.get(rank=4)
    trainer.rank = 5
    with pytest.raises(ValidationError):
        services.level_save(level=trainer, user=users.group_hr)
    trainer.refresh_from_db()
    trainer.labels = {"en": "Trainer", "fr": "Formateur"}
    services.level_save(level=trainer, user=users.group_hr)
    assert Level.objects.get(rank=4).label == "Trainer"


def test_it_answers_a_waiting_self_assessment_with_the_next_recorded_level(org, users, catalogue):
    proposal = services.self_assessment_propose(
        employee=org.chloe, skill=catalogue.quality, level=4, user=users.operator
    )
    recorded = services.assessment_record(
        employee=org.chloe, skill=catalogue.quality, level=3, user=users.site_hr_a
    )
    proposal.refresh_from_db()
    assert (recorded.answers, proposal.status) == (proposal, "reviewed")
