"""The "skills review" block of an interview: the employee proposes levels while preparing,
the interviewer records new ones, and the skills matrix has them at once."""

import pytest
from django.urls import reverse

from parcours.interviews import services as interviews
from parcours.interviews.blocks import BlockContext, block_choices, get_block
from parcours.interviews.models import Interview, Section
from parcours.skills.models import Assessment, CurrentLevel
from tests.interviews.factories import CampaignFactory, KindFactory


@pytest.fixture
def review(org, users, matrix_world):
    """A published annual review with a skills review, launched for plant A and B."""
    template = interviews.template_create(
        kind=KindFactory(code="annual_review"),
        labels={"en": "Annual review"},
        categories=[org.chloe.category],
        user=users.group_hr,
    )
    version = template.versions.get()
    section = Section.objects.create(
        version=version, position=0, labels={"en": "Skills"}, block_code="skills_review"
    )
    interviews.template_publish(version=version, user=users.group_hr)
    campaign = CampaignFactory(kind=template.kind)
    interviews.campaign_set_template(
        campaign=campaign, category=org.chloe.category, template=template, user=users.group_hr
    )
    interviews.campaign_launch(campaign=campaign, user=users.group_hr)
    interview = Interview.objects.get(campaign=campaign, employee=org.chloe)
    return interview, section


def _url(interview, section):
    return reverse("skills:interview_block", args=[interview.pk, section.pk])


def test_it_is_offered_to_template_authors():
    assert ("skills_review", "Skills review") in block_choices()
    assert get_block("skills_review").has_data


def test_it_shows_the_skills_of_the_position_on_the_interview_page(
    org, users, matrix_world, review, client_for
):
    interview, _section = review
    page = client_for(users.leader).get(reverse("interviews:detail", args=[interview.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    for label in ("Press 400 t", "Die change", "First-part check"):
        assert label in html
    assert 'name="level-' in html  # the interviewer gives new levels
    assert 'name="self-' not in html


def test_it_records_the_employees_view_then_the_managers_levels(
    org, users, matrix_world, review, client_for
):
    interview, section = review
    press, quality = matrix_world.press, matrix_world.quality

    # Chloé prepares: she thinks she can train others on the press.
    employee = client_for(users.operator)
    page = employee.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert f'name="self-{press.pk}"' in page
    response = employee.post(_url(interview, section), {f"self-{press.pk}": "4"})
    assert response.status_code == 302
    proposal = Assessment.objects.get(employee=org.chloe, skill=press, status="proposed")
    assert proposal.level == 4
    assert CurrentLevel.objects.get(employee=org.chloe, skill=press).level == 3

    # Bruno holds the interview: he sees her view and records what he saw.
    manager = client_for(users.leader)
    page = manager.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert "Can train others" in page
    response = manager.post(
        _url(interview, section),
        {
            f"level-{press.pk}": "4",
            f"level-{quality.pk}": "2",
            f"note-{quality.pk}": "Misses the second check at shift start",
            "skills_version": "0",
        },
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("interviews:detail", args=[interview.pk]))

    recorded = Assessment.objects.filter(employee=org.chloe, source="interview")
    assert {(a.skill_id, a.level, a.assessor_id) for a in recorded} == {
        (press.pk, 4, users.leader.pk),
        (quality.pk, 2, users.leader.pk),
    }
    assert recorded.get(skill=press).answers == proposal
    proposal.refresh_from_db()
    assert proposal.status == "reviewed"
    assert CurrentLevel.objects.get(employee=org.chloe, skill=press).level == 4
    assert CurrentLevel.objects.get(employee=org.chloe, skill=quality).level == 2

    # Saving again with the same levels records nothing more.
    manager.post(_url(interview, section), {f"level-{press.pk}": "4", "skills_version": "1"})
    assert Assessment.objects.filter(employee=org.chloe, source="interview").count() == 2

    # The report keeps the review: required, before, the employee's view and after.
    report = get_block("skills_review").report(interview, section)
    lines = {line["code"]: line for line in report["skills"]}
    assert lines["P400"] == {
        "code": "P400",
        "label": "Press 400 t",
        "required": "U",
        "before": "U",
        "self_assessment": "O",
        "after": "O",
        "note": "",
    }
    assert lines["QC"]["note"] == "Misses the second check at shift start"

    # The matrix shows the new level at once.
    matrix = manager.get(reverse("skills:matrix") + f"?team={org.team_a1.pk}").content.decode()
    assert "3/3 · 100 %" not in matrix  # Chloé is now below on the quality check


def test_it_refuses_levels_outside_the_scale_or_the_review(
    org, users, matrix_world, review, client_for
):
    interview, section = review
    manager = client_for(users.leader)
    manager.post(_url(interview, section), {f"level-{matrix_world.press.pk}": "9"})
    manager.post(_url(interview, section), {f"level-{matrix_world.plant_b_skill.pk}": "2"})
    assert not Assessment.objects.filter(source="interview").exists()


def test_it_lets_only_the_employee_and_the_interviewer_save(
    org, users, matrix_world, review, client_for
):
    interview, section = review
    data = {f"level-{matrix_world.press.pk}": "4"}
    statuses = {
        role: client_for(getattr(users, role)).post(_url(interview, section), data).status_code
        for role in ("group_hr", "site_hr_b", "other_leader", "outsider", "coordinator_a")
    }
    assert statuses == {
        "group_hr": 403,
        "site_hr_b": 404,
        "other_leader": 404,
        "outsider": 404,
        "coordinator_a": 404,
    }
    assert not Assessment.objects.filter(source="interview").exists()


def test_it_adds_to_the_dossier_and_renders_without_an_interview(org, users, review):
    interview, section = review
    block = get_block("skills_review")
    preview = block.render(BlockContext(section=section))
    assert "show here" in preview
    dossier = block.render_dossier(BlockContext(section=section, interview=interview))
    assert "Press 400 t" in dossier
    assert "<select" not in dossier
