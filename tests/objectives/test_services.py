"""Services: rights, states, the history chain, drop instead of delete, check-ins and
evaluations with what they decide."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parcours.audit.models import AuditEntry
from parcours.objectives import services
from parcours.objectives.choices import Decision, EvaluationRole, ObjectiveLevel, ObjectiveStatus
from parcours.objectives.models import CheckIn, Evaluation, Objective
from parcours.objectives.selectors import history_chain
from tests.objectives.conftest import level, make_objective, plan


def test_it_creates_the_default_scale_a_to_d(db):
    scale = services.default_scale()
    levels = list(scale.levels.order_by("-rank").values_list("code", "outcome"))
    assert levels == [
        ("A", "achieved"),
        ("B", "achieved"),
        ("C", "partly_achieved"),
        ("D", "not_achieved"),
    ]
    assert scale.levels.get(code="C").labels["fr"] == "Partiellement atteint"


def test_it_lets_a_manager_set_objectives_for_their_people_only(org, users):
    objective = make_objective(org.chloe, users.leader)
    assert objective.site == org.site_a and objective.set_by == users.leader
    with pytest.raises(PermissionDenied):
        make_objective(org.fatima, users.leader)  # Emre's team
    with pytest.raises(PermissionDenied):
        make_objective(org.chloe, users.operator)  # herself
    with pytest.raises(PermissionDenied):
        make_objective(org.hanne, users.site_hr_a)  # the other plant


def test_it_refuses_a_period_in_the_wrong_order_and_a_bad_number(org, users):
    with pytest.raises(ValidationError) as error:
        make_objective(org.chloe, users.leader, period_end=date(2024, 1, 1))
    assert "period_end" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        make_objective(org.chloe, users.leader, target="three")
    assert "target" in error.value.message_dict
    assert not Objective.objects.exists()


def test_it_links_individual_objectives_to_collective_ones_of_the_same_site(org, users):
    department = services.objective_create(
        user=users.site_hr_a,
        level=ObjectiveLevel.DEPARTMENT,
        department=org.team_a1.department,
        title="Scrap below 2.5 %",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    team = services.objective_create(
        user=users.leader,
        level=ObjectiveLevel.TEAM,
        team=org.team_a1,
        title="OEE above 80 %",
        contributes_to=department,
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
    )
    mine = make_objective(org.chloe, users.leader, contributes_to=team)
    assert mine.contributes_to == team and team.contributes_to == department
    with pytest.raises(ValidationError):
        make_objective(org.dario, users.leader, contributes_to=mine)
    with pytest.raises(PermissionDenied):  # a team leader does not set department objectives
        services.objective_create(
            user=users.leader,
            level=ObjectiveLevel.DEPARTMENT,
            department=org.team_a1.department,
            title="Mine",
            period_start=date(2025, 1, 1),
            period_end=date(2025, 12, 31),
        )


def test_it_drops_instead_of_deleting_with_a_reason_in_the_audit_trail(org, users):
    objective = make_objective(org.chloe, users.leader)
    with pytest.raises(ValidationError):
        services.objective_drop(objective=objective, user=users.leader, reason="  ")
    with pytest.raises(PermissionDenied):
        services.objective_drop(objective=objective, user=users.operator, reason="no")
    services.objective_drop(objective=objective, user=users.leader, reason="Line closed")
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.DROPPED
    assert objective.status_reason == "Line closed"
    entry = AuditEntry.objects.filter(action="parcours.objective.dropped").get()
    assert entry.user == users.leader
    with pytest.raises(ValidationError):
        services.objective_drop(objective=objective, user=users.leader, reason="again")


def test_it_refuses_a_concurrent_change(org, users):
    objective = make_objective(org.chloe, users.leader)
    services.objective_update(objective=objective, user=users.leader, version=1, target="2.5")
    with pytest.raises(ValidationError) as error:
        services.objective_update(objective=objective, user=users.leader, version=1, target="2")
    assert error.value.code == "stale"
    objective.refresh_from_db()
    assert str(objective.target) == "2.500"


def test_it_records_check_ins_from_the_employee_once_per_double_submit(org, users):
    objective = make_objective(org.chloe, users.leader)
    today = timezone.localdate()
    first = services.checkin_add(objective=objective, user=users.operator, day=today, value="3,6")
    again = services.checkin_add(objective=objective, user=users.operator, day=today, value="3.6")
    assert first.pk == again.pk and CheckIn.objects.count() == 1
    with pytest.raises(ValidationError):
        services.checkin_add(objective=objective, user=users.operator, day=today, value="")
    with pytest.raises(ValidationError):
        services.checkin_add(
            objective=objective, user=users.operator, day=today + timedelta(days=1), value="3"
        )
    with pytest.raises(PermissionDenied):
        services.checkin_add(objective=objective, user=users.other_leader, day=today, value="3")


def _evaluated(years, decision, code="B"):
    org, users = years.org, years.users
    objective = make_objective(org.chloe, users.leader)
    interview = plan(years.interview(2026, org.chloe), users.leader)
    services.evaluation_record(
        objective=objective,
        user=users.leader,
        role=EvaluationRole.MANAGER,
        level=level(code),
        value="3.1",
        interview=interview,
        decision=decision,
    )
    objective.refresh_from_db()
    return objective, interview


def test_it_closes_with_the_outcome_of_the_grade(years):
    objective, interview = _evaluated(years, Decision.CLOSE, "C")
    assert objective.status == ObjectiveStatus.PARTLY_ACHIEVED
    assert objective.closed_in == interview
    assert not objective.successors.exists()


def test_renewal_and_carry_over_keep_one_traceable_history(years):
    users = years.users
    objective, interview = _evaluated(years, Decision.RENEW, "A")
    assert objective.status == ObjectiveStatus.ACHIEVED
    renewed = objective.successors.get()
    assert (renewed.title, renewed.set_in, renewed.status) == (
        objective.title,
        interview,
        ObjectiveStatus.OPEN,
    )
    # A year later the renewed one is carried over: three links of one chain.
    services.evaluation_record(
        objective=renewed,
        user=users.leader,
        role=EvaluationRole.MANAGER,
        level=level("D"),
        decision=Decision.CARRY_OVER,
    )
    renewed.refresh_from_db()
    assert renewed.status == ObjectiveStatus.CARRIED_OVER
    carried = renewed.successors.get()
    assert [o.pk for o in history_chain(renewed)] == [objective.pk, renewed.pk, carried.pk]
    assert [o.pk for o in history_chain(objective)] == [objective.pk, renewed.pk, carried.pk]


def test_a_decision_changed_in_the_same_interview_withdraws_the_continuation(years):
    users = years.users
    objective, interview = _evaluated(years, Decision.RENEW)
    assert objective.successors.count() == 1
    services.evaluation_record(
        objective=objective,
        user=users.leader,
        role=EvaluationRole.MANAGER,
        level=level("B"),
        interview=interview,
        decision=Decision.CLOSE,
    )
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.ACHIEVED and not objective.successors.exists()
    assert Evaluation.objects.filter(objective=objective, role="manager").count() == 1
    # Undecided again: the objective is open again.
    services.evaluation_record(
        objective=objective,
        user=users.leader,
        role=EvaluationRole.MANAGER,
        level=level("B"),
        interview=interview,
        decision="",
    )
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.OPEN and objective.closed_in is None


def test_a_worked_on_continuation_is_not_withdrawn(years):
    users = years.users
    objective, interview = _evaluated(years, Decision.CARRY_OVER)
    continued = objective.successors.get()
    services.checkin_add(objective=continued, user=users.operator, day=None, value="3")
    with pytest.raises(ValidationError):
        services.evaluation_record(
            objective=objective,
            user=users.leader,
            role=EvaluationRole.MANAGER,
            level=level("B"),
            interview=interview,
            decision=Decision.CLOSE,
        )
    assert Objective.objects.filter(pk=continued.pk).exists()


def test_closing_needs_a_grade_and_only_the_employee_self_evaluates(years):
    org, users = years.org, years.users
    objective = make_objective(org.chloe, users.leader)
    with pytest.raises(ValidationError):
        services.evaluation_record(
            objective=objective, user=users.leader, role="manager", decision=Decision.CLOSE
        )
    with pytest.raises(PermissionDenied):
        services.evaluation_record(objective=objective, user=users.leader, role="self")
    with pytest.raises(PermissionDenied):
        services.evaluation_record(objective=objective, user=users.operator, role="manager")
    own = services.evaluation_record(
        objective=objective, user=users.operator, role="self", level=level("A")
    )
    assert own.evaluator_name == org.chloe.full_name
    objective.refresh_from_db()
    assert objective.status == ObjectiveStatus.OPEN
