"""The issue's "done when": an objective set in a 2025 interview appears in the 2026
interview of the same employee, is evaluated there, and the employee's page shows both
years side by side with the chart."""

from datetime import date

from django.urls import reverse

from parcours.objectives.blocks import NEW, REVIEW
from parcours.objectives.choices import EvaluationRole, ObjectiveStatus
from parcours.objectives.models import Evaluation, Objective
from tests.objectives.conftest import aware, hold_and_sign, level, plan


def _section(interview, code):
    return interview.template_version.sections.get(block_code=code)


def test_it_carries_an_objective_from_2025_to_the_2026_interview(years, client_for):
    org, users = years.org, years.users
    leader = client_for(users.leader)

    # 2025: Bruno sets an objective in Chloé's interview, through the block's form.
    first = plan(years.interview(2025, org.chloe), users.leader, aware(2025, 2, 10))
    response = leader.post(
        reverse("objectives:interview_block", args=[first.pk, _section(first, NEW).pk]),
        {
            "on-title": "Reduce the scrap rate of line 3",
            "on-indicator": "scrap rate",
            "on-unit": "%",
            "on-baseline": "4",
            "on-target": "3,0",
            "on-period_start": "2025-02-10",
            "on-period_end": "2026-02-09",
            "on-conditions": "Fill in the end-of-shift form\nTake part in the workshops",
        },
    )
    assert response.status_code == 302
    assert [str(m) for m in response.wsgi_request._messages] == ["The new objective is set."]
    objective = Objective.objects.get(owner=org.chloe)
    assert objective.set_in == first
    assert objective.conditions == ["Fill in the end-of-shift form", "Take part in the workshops"]
    assert str(objective.target) == "3.000"
    hold_and_sign(first, leader_user=users.leader, employee_user=users.operator)

    # During the year, Chloé notes a value from her phone.
    chloe = client_for(users.operator)
    response = chloe.post(
        reverse("objectives:checkin", args=[objective.pk]),
        {"day": "2025-09-01", "value": "3.4", "note": "Better since the new die"},
    )
    assert response.status_code == 302

    # 2026: the objective is in the review block of Chloé's next interview.
    second = plan(years.interview(2026, org.chloe), users.leader, aware(2026, 2, 12))
    page = chloe.get(reverse("interviews:detail", args=[second.pk])).content.decode()
    assert "Reduce the scrap rate of line 3" in page
    assert 'name="oe-self-level-%s"' % objective.pk in page

    # Chloé gives her self-evaluation while preparing.
    review = _section(second, REVIEW)
    url = reverse("objectives:interview_block", args=[second.pk, review.pk])
    chloe.post(
        url,
        {
            f"oe-self-level-{objective.pk}": level("B").pk,
            f"oe-self-value-{objective.pk}": "3.1",
            f"oe-self-comment-{objective.pk}": "Almost there",
        },
    )
    # Bruno evaluates it and carries it over: not finished.
    page = leader.get(reverse("interviews:detail", args=[second.pk])).content.decode()
    assert "Almost there" in page  # the self-evaluation next to his own fields
    response = leader.post(
        url,
        {
            f"oe-level-{objective.pk}": level("C").pk,
            f"oe-value-{objective.pk}": "3.2",
            f"oe-comment-{objective.pk}": "Good progress, not yet 3 %",
            f"oe-decision-{objective.pk}": "carry_over",
        },
    )
    assert response.status_code == 302
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.CARRIED_OVER
    assert objective.closed_in == second
    continued = Objective.objects.get(previous=objective)
    assert continued.set_in == second and continued.status == ObjectiveStatus.OPEN
    assert continued.period_start == date(2026, 2, 12)
    evaluations = {e.role: e for e in Evaluation.objects.filter(objective=objective)}
    assert evaluations[EvaluationRole.SELF].level.code == "B"
    assert evaluations[EvaluationRole.MANAGER].level.code == "C"
    assert evaluations[EvaluationRole.MANAGER].interview == second

    # Nothing left to evaluate: the interview can be held and signed; the report says so.
    signed = hold_and_sign(second, leader_user=users.leader, employee_user=users.operator)
    report = signed.reports.get().content
    block = next(s for s in report["sections"] if s["block"] == REVIEW)["block_report"]
    assert block["objectives"][0]["evaluation"]["level"] == "C"
    assert block["objectives"][0]["self_evaluation"]["level"] == "B"
    assert block["objectives"][0]["decision"] == "carry_over"

    # The employee's page: both years side by side, with the chart.
    page = (
        client_for(users.manager)
        .get(reverse("objectives:employee_panel", args=[org.chloe.pk]))
        .content.decode()
    )
    assert 'id="period-2025"' in page and 'id="period-2026"' in page
    assert "<svg" in page
    assert "Good progress" not in page  # the table shows grades, the detail the comments
    assert ">C</strong>" in page
