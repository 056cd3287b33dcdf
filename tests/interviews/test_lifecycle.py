"""The lifecycle of an interview: every transition through one table, allowed or refused."""

from datetime import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parcours.audit.models import AuditEntry
from parcours.interviews import services
from parcours.interviews.choices import InterviewStatus, SignatureMethod, SignatureRole
from parcours.interviews.models import Interview
from tests.interviews.conftest import answer_everything, question, set_status
from tests.interviews.factories import drawn_signature

S = InterviewStatus
WHEN = timezone.make_aware(datetime(2026, 2, 10, 9, 30))


def _do(action, interview, world):
    """Perform an action as the person who normally does it."""
    users, org = world.users, world.org
    if action == "planned":
        return services.interview_plan(
            interview=interview, user=users.leader, scheduled_at=WHEN, location="Room 2"
        )
    if action == "prepared":
        return services.interview_submit_preparation(interview=interview, user=users.operator)
    if action == "held":
        return services.interview_hold(interview=interview, user=users.leader)
    if action == "signed":
        return services.interview_sign(
            interview=interview,
            user=users.operator,
            role=SignatureRole.EMPLOYEE,
            method=SignatureMethod.CONFIRMED,
        )
    if action == "followed_up":
        return services.interview_follow_up(interview=interview, user=users.leader, note="Done")
    if action == "cancelled":
        return services.interview_cancel(interview=interview, user=users.leader, reason="Left")
    if action == "reassigned":
        return services.interview_reassign(
            interview=interview, user=users.site_hr_a, interviewer=org.emre
        )
    if action == "reopened":
        return services.interview_reopen(interview=interview, user=users.group_hr, reason="Typo")
    raise AssertionError(action)


ACTIONS = ["planned", "prepared", "held", "signed", "followed_up", "cancelled", "reassigned"]
ACTIONS += ["reopened"]


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("action", ACTIONS)
def test_it_allows_exactly_the_transitions_of_the_table(world, action, status):
    interview = world.interview(world.org.chloe)
    answer_everything(interview)
    set_status(interview, status)
    allowed = status in services.TRANSITIONS[action].moves
    if allowed:
        done = _do(action, interview, world)
        expected = services.TRANSITIONS[action].moves[status]
        assert Interview.objects.get(pk=interview.pk).status == expected == done.status
        entry = AuditEntry.objects.filter(employee=world.org.chloe).order_by("-pk").first()
        key = "signed_by_employee" if action == "signed" else action
        assert entry.action == f"parcours.interview.{key}"
    else:
        with pytest.raises(ValidationError) as refused:
            _do(action, interview, world)
        message = " ".join(refused.value.messages)
        assert f"This interview is “{S(status).label}”: it cannot be" in message
        assert Interview.objects.get(pk=interview.pk).status == status


def test_it_walks_an_interview_from_to_plan_to_followed_up(world):
    users = world.users
    interview = world.interview(world.org.chloe)
    assert interview.status == S.TO_PLAN and interview.interviewer == world.org.bruno
    interview = services.interview_plan(
        interview=interview, user=users.leader, scheduled_at=WHEN, location="Meeting room"
    )
    answer_everything(interview, sides=("employee", "shared"), user=users.operator)
    interview = services.interview_submit_preparation(interview=interview, user=users.operator)
    answer_everything(interview, sides=("manager",), user=users.leader)
    interview = services.interview_hold(interview=interview, user=users.leader)
    interview = services.interview_sign(
        interview=interview,
        user=users.leader,
        role=SignatureRole.EMPLOYEE,
        method=SignatureMethod.DRAWN,
        image=drawn_signature(),
        comment="I would like more training.",
    )
    assert interview.status == S.HELD
    interview = services.interview_sign(
        interview=interview,
        user=users.leader,
        role=SignatureRole.MANAGER,
        method=SignatureMethod.CONFIRMED,
    )
    assert interview.status == S.SIGNED and interview.signed_at is not None
    assert interview.reports.get().sha256
    interview = services.interview_follow_up(
        interview=interview, user=users.leader, note="Training requested."
    )
    assert interview.status == S.FOLLOWED_UP
    actions = list(
        AuditEntry.objects.filter(employee=world.org.chloe)
        .filter(action__startswith="parcours.interview.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "parcours.interview.planned",
        "parcours.interview.prepared",
        "parcours.interview.held",
        "parcours.interview.signed_by_employee",
        "parcours.interview.signed_by_manager",
        "parcours.interview.signed_by_both",
        "parcours.interview.report_made",
        "parcours.interview.followed_up",
    ]
    held = AuditEntry.objects.get(action="parcours.interview.held", object_id=str(interview.pk))
    assert held.user == users.leader and held.employee == world.org.chloe
    assert held.site == world.org.site_a


@pytest.mark.parametrize(
    ("who", "action"),
    [
        ("operator", "held"),  # the employee does not hold their own interview
        ("manager", "held"),  # a manager above holds nothing they do not conduct
        ("other_leader", "planned"),  # another team's leader is nothing to this interview
        ("site_hr_b", "cancelled"),  # HR of another site
        ("auditor", "planned"),
        ("group_hr", "signed"),  # HR never signs for someone
    ],
)
def test_it_refuses_an_action_to_someone_who_may_not(world, who, action):
    interview = world.interview(world.org.chloe)
    answer_everything(interview)
    set_status(interview, S.HELD if action == "signed" else S.PLANNED)
    user = getattr(world.users, who)
    with pytest.raises(PermissionDenied):
        if action == "held":
            services.interview_hold(interview=interview, user=user)
        elif action == "planned":
            services.interview_plan(interview=interview, user=user, scheduled_at=WHEN)
        elif action == "cancelled":
            services.interview_cancel(interview=interview, user=user, reason="No")
        else:
            services.interview_sign(
                interview=interview,
                user=user,
                role=SignatureRole.EMPLOYEE,
                method=SignatureMethod.CONFIRMED,
            )


def test_it_lets_a_manager_above_plan_the_interviews_of_their_teams(world):
    interview = world.interview(world.org.chloe)
    planned = services.interview_plan(
        interview=interview, user=world.users.manager, scheduled_at=WHEN
    )
    assert planned.status == S.PLANNED


def test_it_asks_for_the_missing_required_answers_before_holding(world):
    interview = world.interview(world.org.chloe)
    set_status(interview, S.PLANNED)
    with pytest.raises(ValidationError) as refused:
        services.interview_hold(interview=interview, user=world.users.leader)
    assert "Answer these questions first: Rating; Summary" in refused.value.messages[0]


def test_it_asks_the_employee_for_the_required_preparation(world):
    interview = world.interview(world.org.chloe)
    with pytest.raises(ValidationError) as refused:
        services.interview_submit_preparation(interview=interview, user=world.users.operator)
    assert "Achievements; Rating" in refused.value.messages[0]


def test_it_wants_a_reason_to_cancel_and_to_reopen(world):
    interview = world.interview(world.org.chloe)
    with pytest.raises(ValidationError) as refused:
        services.interview_cancel(interview=interview, user=world.users.leader, reason=" ")
    assert "Say why the interview is cancelled." in str(refused.value)
    set_status(interview, S.SIGNED)
    with pytest.raises(ValidationError) as refused:
        services.interview_reopen(interview=interview, user=world.users.group_hr, reason="")
    assert "Say why the signed report is reopened." in str(refused.value)


def test_it_lets_only_hr_reopen_a_signed_report(world):
    interview = set_status(world.interview(world.org.chloe), S.SIGNED)
    for who in ("leader", "manager", "operator", "auditor", "site_hr_b"):
        with pytest.raises(PermissionDenied):
            services.interview_reopen(
                interview=interview, user=getattr(world.users, who), reason="Why not"
            )
    reopened = services.interview_reopen(
        interview=interview, user=world.users.site_hr_a, reason="Wrong rating"
    )
    assert reopened.status == S.HELD
    entry = AuditEntry.objects.get(action="parcours.interview.reopened")
    assert entry.user == world.users.site_hr_a
    assert {"field": "reopen_reason", "old": None, "new": "Wrong rating"}.items() <= next(
        c for c in entry.changes if c["field"] == "reopen_reason"
    ).items()


def test_it_reassigns_to_another_interviewer(world):
    interview = world.interview(world.org.chloe)
    moved = services.interview_reassign(
        interview=interview, user=world.users.manager, interviewer=world.org.emre
    )
    assert moved.interviewer == world.org.emre
    with pytest.raises(ValidationError) as refused:
        services.interview_reassign(
            interview=moved, user=world.users.manager, interviewer=world.org.chloe
        )
    assert "Nobody interviews themself." in str(refused.value)
    # Bruno stays Chloé's line manager but no longer conducts it: Emre holds it.
    assert services.interview_roles(world.users.leader, moved) == {"manager"}
    assert services.interview_roles(world.users.other_leader, moved) == {"interviewer"}
    answer_everything(moved)
    planned = services.interview_plan(
        interview=moved, user=world.users.other_leader, scheduled_at=WHEN
    )
    with pytest.raises(PermissionDenied):
        services.interview_hold(interview=planned, user=world.users.leader)
    assert (
        services.interview_hold(interview=planned, user=world.users.other_leader).status == "held"
    )


def test_it_refuses_a_plan_made_on_a_stale_version(world):
    interview = world.interview(world.org.chloe)
    seen = interview.version
    services.interview_plan(interview=interview, user=world.users.leader, scheduled_at=WHEN)
    with pytest.raises(ValidationError) as refused:
        services.interview_plan(
            interview=interview, user=world.users.manager, scheduled_at=WHEN, version=seen
        )
    assert "Someone else changed this interview" in refused.value.messages[0]


def test_it_lets_the_employee_sign_on_the_interviewers_screen_only_by_drawing(world):
    interview = world.interview(world.org.chloe)
    answer_everything(interview)
    set_status(interview, S.HELD)
    with pytest.raises(PermissionDenied):
        services.interview_sign(
            interview=interview,
            user=world.users.leader,
            role=SignatureRole.EMPLOYEE,
            method=SignatureMethod.CONFIRMED,
        )
    with pytest.raises(PermissionDenied):
        services.interview_sign(
            interview=interview,
            user=world.users.operator,
            role=SignatureRole.MANAGER,
            method=SignatureMethod.CONFIRMED,
        )
    signed = services.interview_sign(
        interview=interview,
        user=world.users.leader,
        role=SignatureRole.EMPLOYEE,
        method=SignatureMethod.DRAWN,
        image=drawn_signature(),
    )
    signature = signed.signatures.get()
    assert signature.signer == world.org.chloe and signature.user == world.users.leader
    with pytest.raises(ValidationError) as refused:
        services.interview_sign(
            interview=signed,
            user=world.users.operator,
            role=SignatureRole.EMPLOYEE,
            method=SignatureMethod.CONFIRMED,
        )
    assert "has already signed" in str(refused.value)


def test_it_keeps_the_template_version_of_the_interview_for_its_questions(world):
    interview = world.interview(world.org.chloe)
    assert question(interview, "Summary").section.version == interview.template_version
