"""The two interview blocks: who fills in what and when, what blocks marking the
interview as held, what the signed report keeps."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from parcours.interviews import services as interview_services
from parcours.interviews.blocks import BlockContext, block_choices
from parcours.objectives import services
from parcours.objectives.blocks import NEW, REVIEW, ObjectivesReviewBlock
from parcours.objectives.choices import ObjectiveLevel, ObjectiveStatus
from parcours.objectives.models import Evaluation, Objective
from tests.objectives.conftest import hold_and_sign, level, make_objective, plan


def _url(interview, code):
    section = interview.template_version.sections.get(block_code=code)
    return reverse("objectives:interview_block", args=[interview.pk, section.pk])


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


def test_both_blocks_are_offered_to_template_authors_and_previewed(years, client_for):
    codes = dict(block_choices())
    assert codes[REVIEW] == "Evaluate last period's objectives"
    assert codes[NEW] == "Set new objectives"
    page = client_for(years.users.group_hr).get(
        reverse("interviews:template_preview", args=[years.template.pk])
    )
    html = page.content.decode()
    assert "Every open objective of the employee shows here" in html
    assert "The objectives of the coming period are set here" in html


def test_the_interview_cannot_be_held_before_every_objective_is_decided(years, client_for):
    org, users = years.org, years.users
    first = make_objective(org.chloe, users.leader, title="Scrap")
    second = make_objective(org.chloe, users.leader, title="Die changes")
    interview = plan(years.interview(2026, org.chloe), users.leader)
    with pytest.raises(ValidationError) as error:
        interview_services.interview_hold(interview=interview, user=users.leader)
    assert "Scrap, Die changes" in " ".join(error.value.messages)
    client_for(users.leader).post(
        _url(interview, REVIEW),
        {
            f"oe-level-{first.pk}": level("A").pk,
            f"oe-decision-{first.pk}": "close",
            f"oe-level-{second.pk}": level("D").pk,
            f"oe-decision-{second.pk}": "renew",
        },
    )
    interview = interview_services.interview_hold(interview=interview, user=users.leader)
    assert interview.status == "held"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (
        ObjectiveStatus.ACHIEVED,
        ObjectiveStatus.NOT_ACHIEVED,
    )
    # The renewal is set in this interview: it shows in "new objectives", not in the review.
    renewed = second.successors.get()
    page = client_for(users.leader).get(reverse("interviews:detail", args=[interview.pk]))
    html = page.content.decode()
    assert f'name="oe-level-{renewed.pk}"' not in html
    assert "continues last period" in html


def test_the_employee_evaluates_themself_and_sees_the_interviewer_only_once_held(years, client_for):
    org, users = years.org, years.users
    objective = make_objective(org.chloe, users.leader)
    interview = plan(years.interview(2026, org.chloe), users.leader)
    Evaluation.objects.create(
        objective=objective,
        interview=interview,
        role="manager",
        level=level("C"),
        comment="Secret until the interview",
        evaluated_on=date(2026, 2, 1),
    )
    chloe = client_for(users.operator)
    html = chloe.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert "Secret until the interview" not in html
    html = chloe.get(reverse("objectives:detail", args=[objective.pk])).content.decode()
    assert "Secret until the interview" not in html
    assert 'class="grade">C<' not in chloe.get(reverse("objectives:mine")).content.decode()
    bruno = client_for(users.leader).get(reverse("objectives:detail", args=[objective.pk]))
    assert "Secret until the interview" in bruno.content.decode()
    # Manager fields posted by the employee are not hers to fill: ignored.
    response = chloe.post(
        _url(interview, REVIEW),
        {
            f"oe-self-level-{objective.pk}": level("A").pk,
            f"oe-level-{objective.pk}": level("A").pk,
            f"oe-decision-{objective.pk}": "close",
        },
    )
    assert _messages(response) == ["Your self-evaluation is saved; your manager sees it."]
    assert Evaluation.objects.get(role="self").level.code == "A"
    assert Evaluation.objects.get(role="manager").level.code == "C"
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.OPEN
    interview_services.interview_submit_preparation(interview=interview, user=users.operator)
    # Once her preparation is submitted, it no longer changes.
    response = chloe.post(_url(interview, REVIEW), {f"oe-self-level-{objective.pk}": ""})
    assert response.status_code == 403


def test_bad_input_gets_a_message_and_saves_nothing(years, client_for):
    org, users = years.org, years.users
    objective = make_objective(org.chloe, users.leader, title="Scrap")
    other = make_objective(org.dario, users.leader, title="Not in this interview")
    interview = plan(years.interview(2026, org.chloe), users.leader)
    leader = client_for(users.leader)
    cases = [
        ({f"oe-level-{objective.pk}": "999999"}, "Choose a level of the objective's scale."),
        ({f"oe-value-{objective.pk}": "abc"}, "“Scrap”: write the measured value as a number"),
        ({f"oe-level-{other.pk}": level("A").pk}, "This objective is not part of the review."),
        ({f"oe-decision-{objective.pk}": "close"}, "Give an evaluation of “Scrap”"),
        ({f"oe-decision-{objective.pk}": "maybe"}, "Choose close, renew or carry over."),
    ]
    for data, message in cases:
        response = leader.post(_url(interview, REVIEW), data)
        assert response.status_code == 302
        assert _messages(response)[-1].startswith(message), data
    assert not Evaluation.objects.exists()
    # Someone who only reads the interview (HR) does not fill it in.
    response = client_for(users.site_hr_a).post(
        _url(interview, REVIEW), {f"oe-level-{objective.pk}": level("A").pk}
    )
    assert response.status_code == 403
    # Outside one's scope: 404; without an account: the login page.
    response = client_for(users.other_leader).post(_url(interview, REVIEW), {})
    assert response.status_code == 404
    assert client_for(users.outsider).post(_url(interview, REVIEW), {}).status_code == 404
    response = Client().post(_url(interview, REVIEW), {})
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_new_objectives_suggest_the_team_and_department_ones(years, client_for):
    org, users = years.org, years.users
    team_goal = services.objective_create(
        user=users.site_hr_a,
        level=ObjectiveLevel.TEAM,
        team=org.team_a1,
        title="OEE of Presses A above 80 %",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    other_team = services.objective_create(
        user=users.site_hr_a,
        level=ObjectiveLevel.TEAM,
        team=org.team_a2,
        title="Assembly goal",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
    )
    interview = plan(years.interview(2026, org.chloe), users.leader)
    leader = client_for(users.leader)
    html = leader.get(reverse("interviews:detail", args=[interview.pk])).content.decode()
    assert "OEE of Presses A above 80 %" in html and "Assembly goal" not in html
    dossier = leader.get(reverse("interviews:dossier", args=[interview.pk])).content.decode()
    assert "Team and department objectives" in dossier and "OEE of Presses A" in dossier
    data = {"on-title": "Help reach the OEE", "on-contributes_to": other_team.pk}
    response = leader.post(_url(interview, NEW), data)
    assert _messages(response) == ["Choose a team or department objective to contribute to."]
    data["on-contributes_to"] = team_goal.pk
    leader.post(_url(interview, NEW), data)
    leader.post(_url(interview, NEW), data)  # a double submit
    created = Objective.objects.get(owner=org.chloe)
    assert (created.contributes_to, created.set_in, created.set_by) == (
        team_goal,
        interview,
        users.leader,
    )
    # The employee does not set objectives through the block.
    response = client_for(users.operator).post(_url(interview, NEW), {"on-title": "Mine"})
    assert response.status_code == 302
    assert Objective.objects.filter(owner=org.chloe).count() == 1


def test_the_signed_report_and_its_pdf_show_both_evaluations(years, client_for):
    org, users = years.org, years.users
    objective = make_objective(org.chloe, users.leader, title="Scrap rate")
    interview = plan(years.interview(2026, org.chloe), users.leader)
    services.evaluation_record(
        objective=objective,
        user=users.operator,
        role="self",
        level=level("B"),
        interview=interview,
        comment="I did my part",
    )
    services.evaluation_record(
        objective=objective,
        user=users.leader,
        role="manager",
        level=level("A"),
        value="2.8",
        interview=interview,
        decision="close",
        comment="Beyond the target",
    )
    signed = hold_and_sign(interview, leader_user=users.leader, employee_user=users.operator)
    section = signed.template_version.sections.get(block_code=REVIEW)
    html = ObjectivesReviewBlock().render_pdf(BlockContext(section=section, interview=signed))
    assert "I did my part" in html and "Beyond the target" in html and "2.8" in html
    # Later objectives do not creep into the signed report.
    make_objective(org.chloe, users.leader, title="Set after the signature")
    lines = ObjectivesReviewBlock().lines(signed)
    assert [line.objective.title for line in lines] == ["Scrap rate"]
    response = client_for(users.operator).post(_url(signed, REVIEW), {})
    assert response.status_code == 403


def test_the_interviewer_types_in_a_paper_self_evaluation(years, client_for):
    org, users = years.org, years.users
    objective = make_objective(org.chloe, users.leader)
    interview = plan(years.interview(2026, org.chloe), users.leader)
    response = client_for(users.leader).post(
        _url(interview, REVIEW),
        {
            f"oe-self-level-{objective.pk}": level("B").pk,
            f"oe-self-comment-{objective.pk}": "From her paper form",
            f"oe-level-{objective.pk}": level("C").pk,
        },
    )
    assert _messages(response) == ["The evaluations are saved in the objectives."]
    own = Evaluation.objects.get(role="self")
    assert (own.level.code, own.evaluator_name, own.evaluator) == (
        "B",
        org.chloe.full_name,
        users.leader,
    )
    assert Evaluation.objects.get(role="manager").level.code == "C"
    # Someone who is neither the employee nor the interviewer may not.
    with pytest.raises(PermissionDenied):
        services.evaluation_record(
            objective=objective, user=users.manager, role="self", interview=interview
        )


def test_without_the_script_the_general_save_adds_a_typed_objective(years, client_for):
    """The page's script stops the general Save while a new objective is typed (see the
    browser test); without it the general Save adds the objective instead of losing it."""
    from django.urls import reverse

    from parcours.objectives.models import Objective
    from tests.objectives.conftest import aware, plan

    org, users = years.org, years.users
    interview = plan(years.interview(2026, org.chloe), users.leader, aware(2026, 2, 12))
    response = client_for(users.leader).post(
        reverse("interviews:answers", args=[interview.pk]),
        {"version": interview.version, "on-title": "Train a second press operator"},
        follow=True,
    )
    objective = Objective.objects.get(title="Train a second press operator")
    assert (objective.owner, objective.set_in) == (org.chloe, interview)
    assert any("is added" in str(m) for m in response.context["messages"])
