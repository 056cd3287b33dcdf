"""The issue's acceptance, at the service level: a manager records a training request in
the interview; the coordinator sees it at once, approves and plans it; marking it done
raises the skill level once the manager confirms; the plan shows the cost."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parcours.audit.models import AuditEntry
from parcours.compliance.models import TrainingRecord
from parcours.interviews.blocks import BlockContext, get_block
from parcours.skills.models import Assessment, Certification, CurrentLevel
from parcours.training import selectors, services
from parcours.training.choices import ProposalStatus, RequestStatus
from parcours.training.models import SkillProposal, TrainingRequest
from tests.training.conftest import ask


def test_a_request_from_the_interview_reaches_the_skills_and_the_plan(org, users, world, review):
    interview, section = review
    # The interview was held yesterday; Bruno adds a request through the block.
    interview.held_at = timezone.now() - timedelta(days=1)
    interview.save(update_fields=["held_at"])
    block = get_block("training_request")
    ctx = BlockContext(
        section=section, interview=interview, viewer="interviewer", editable=True, user=users.leader
    )
    data = block.clean(
        ctx,
        {
            "tr-training": [str(world.press_basics.pk)],
            "tr-reason": ["To run the 400 t press alone"],
            "tr-skill": [str(world.press.pk)],
            "tr-priority": ["high"],
        },
    )
    request = block.save(ctx, data)
    assert request.origin == "interview" and request.interview == interview
    assert request.cost == Decimal("450")

    # The coordinator of plant A sees it at once, first of the queue.
    queue = list(selectors.decision_queue(users.coordinator_a))
    assert queue == [request]
    budget = selectors.budget_view(site=org.site_a, year=world.year)
    assert (budget.budget, budget.requested, budget.committed) == (Decimal("10000"), 450, 0)

    request = services.request_approve(request=request, user=users.coordinator_a, version=1)
    assert request.status == RequestStatus.APPROVED
    assert request.decided_by == users.coordinator_a
    # From the interview held (a day ago) to the decision.
    assert timedelta(hours=23) < request.decision_delay < timedelta(hours=25)
    request = services.request_plan(
        request=request, user=users.coordinator_a, session=world.session, version=2
    )
    assert request.status == RequestStatus.PLANNED
    assert selectors.budget_view(site=org.site_a, year=world.year).committed == 450

    request = services.request_done(request=request, user=users.coordinator_a, result="passed")
    assert request.status == RequestStatus.DONE
    assert request.done_on == world.session.ends_on
    # Not in the matrix yet: the manager confirms first.
    assert not CurrentLevel.objects.filter(employee=org.chloe, skill=world.press).exists()
    proposal = SkillProposal.objects.get(request=request)
    assert (proposal.skill, proposal.level, proposal.status) == (world.press, 3, "pending")
    assert list(selectors.proposals_to_confirm(users.leader)) == [proposal]
    assert list(selectors.proposals_to_confirm(users.operator)) == []

    services.proposal_confirm(proposal=proposal, user=users.leader)
    level = CurrentLevel.objects.get(employee=org.chloe, skill=world.press)
    assert level.level == 3 and level.assessed_on == world.session.ends_on
    assert level.assessment.source == "training"
    assert level.assessment.assessor == users.leader

    # The legal record, for the compliance engine.
    record = TrainingRecord.objects.get(source="training", source_ref=f"participation:{request.pk}")
    assert (record.employee, record.date, record.mandatory) == (
        org.chloe,
        world.session.ends_on,
        False,
    )
    assert record.hours == Decimal("14")

    # The plan shows the cost.
    plan = selectors.training_plan(site=org.site_a, year=world.year)
    assert plan.totals.cells["done"].count == 1
    assert plan.totals.cells["done"].cost == Decimal("450")
    assert plan.budget.spent == 450 and plan.budget.remaining == Decimal("9550")
    assert [line.label for line in plan.by_domain] == ["Presses"]
    assert plan.rows[0]["decision_delay"] == request.decision_delay


def test_every_state_change_is_audited_with_who_and_the_reason(org, users, world):
    request = ask(org, users, world)
    services.request_refuse(request=request, user=users.site_hr_a, reason="Full this year")
    other = ask(org, users, world, reason="Second try")
    services.request_approve(request=other, user=users.coordinator_a)
    services.request_plan(request=other, user=users.coordinator_a, session=world.session)
    services.request_done(request=other, user=users.coordinator_a)
    services.request_undo(request=other, user=users.coordinator_a, reason="Was absent")
    services.request_cancel(request=other, user=users.coordinator_a, reason="Left the team")
    entries = AuditEntry.objects.filter(content_type__model="trainingrequest")
    assert set(entries.values_list("action", flat=True)) == {
        "parcours.training_request.requested",
        "parcours.training_request.refused",
        "parcours.training_request.approved",
        "parcours.training_request.planned",
        "parcours.training_request.done",
        "parcours.training_request.undone",
        "parcours.training_request.cancelled",
    }
    refused = entries.get(action="parcours.training_request.refused")
    assert refused.user == users.site_hr_a and refused.employee_id == org.chloe.pk
    assert {"field": "refusal_reason", "new": "Full this year"}.items() <= next(
        c for c in refused.changes if c["field"] == "refusal_reason"
    ).items()
    undone = entries.get(action="parcours.training_request.undone")
    assert any(c["new"] == "Was absent" for c in undone.changes)


def test_a_double_submit_or_a_concurrent_decision_gets_a_clear_message(org, users, world):
    request = ask(org, users, world)
    services.request_approve(request=request, user=users.coordinator_a, version=1)
    with pytest.raises(ValidationError) as error:
        services.request_approve(request=request, user=users.site_hr_a, version=1)
    assert "cannot be approved" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:
        services.request_refuse(request=request, user=users.site_hr_a, reason="No")
    assert "Approved, to be planned" in error.value.messages[0]
    # A decision on a page that is out of date (someone planned meanwhile).
    services.request_plan(request=request, user=users.coordinator_a, session=world.session)
    with pytest.raises(ValidationError) as error:
        services.request_cancel(request=request, user=users.site_hr_a, reason="x", version=2)
    assert "Someone else changed this request" in error.value.messages[0]
    # The same request sent twice within a minute is recorded once.
    first = ask(org, users, world, reason="Same words")
    assert ask(org, users, world, reason="Same words") == first


def test_only_the_coordinator_or_hr_of_the_site_decides(org, users, world):
    request = ask(org, users, world)
    for user in (users.leader, users.operator, users.site_hr_b, users.manager):
        with pytest.raises(PermissionDenied):
            services.request_approve(request=request, user=user)
    refused = services.request_refuse(request=request, user=users.group_hr, reason="Not now")
    assert refused.refusal_reason == "Not now" and refused.decision_delay is not None


def test_a_refusal_needs_a_reason_the_employee_reads(org, users, world):
    request = ask(org, users, world)
    with pytest.raises(ValidationError) as error:
        services.request_refuse(request=request, user=users.coordinator_a, reason="  ")
    assert "the employee reads this reason" in error.value.messages[0]
    assert TrainingRequest.objects.get(pk=request.pk).status == RequestStatus.REQUESTED


def test_the_employee_or_manager_withdraws_only_while_it_waits(org, users, world):
    request = ask(org, users, world, user=users.operator, origin="self_service")
    withdrawn = services.request_cancel(request=request, user=users.operator, reason="Changed")
    assert withdrawn.status == RequestStatus.CANCELLED
    assert AuditEntry.objects.filter(action="parcours.training_request.withdrawn").exists()
    other = ask(org, users, world, reason="Again")
    services.request_approve(request=other, user=users.coordinator_a)
    with pytest.raises(ValidationError) as error:
        services.request_cancel(request=other, user=users.leader, reason="No")
    assert "cannot be withdrawn" in error.value.messages[0]


def test_a_mandatory_training_renews_the_certificate_and_counts_as_mandatory(org, users, world):
    request = ask(org, users, world, training="forklift")
    services.request_approve(request=request, user=users.coordinator_a)
    from parcours.training.models import TrainingSession

    session = services.session_save(
        session=TrainingSession(
            training=world.forklift_course,
            site=org.site_a,
            starts_on=timezone.localdate() - timedelta(days=3),
            ends_on=timezone.localdate() - timedelta(days=1),
        ),
        user=users.coordinator_a,
    )
    services.request_plan(request=request, user=users.coordinator_a, session=session)
    done = services.request_done(request=request, user=users.coordinator_a, result="passed")
    certificate = Certification.objects.get(employee=org.chloe, type=world.licence)
    assert certificate.obtained_on == session.ends_on
    assert certificate.valid_until.year == session.ends_on.year + 5
    assert TrainingRequest.objects.get(pk=done.pk).certification == certificate
    record = TrainingRecord.objects.get(source_ref=f"participation:{done.pk}")
    assert record.mandatory is True

    # Marked done by mistake: the record, the certificate and the waiting level go away.
    services.request_cancel(request=done, user=users.coordinator_a, reason="Recorded by mistake")
    assert not TrainingRecord.objects.filter(source_ref=f"participation:{done.pk}").exists()
    assert not Certification.objects.filter(employee=org.chloe, type=world.licence).exists()
    assert SkillProposal.objects.get(request=done).status == ProposalStatus.REJECTED


def test_a_failed_training_proposes_no_level_and_a_known_level_is_not_proposed(org, users, world):
    from parcours.skills import services as skills_services

    failed = ask(org, users, world)
    services.request_approve(request=failed, user=users.coordinator_a)
    services.request_plan(request=failed, user=users.coordinator_a, session=world.session)
    services.request_done(request=failed, user=users.coordinator_a, result="failed")
    assert not SkillProposal.objects.exists()
    assert TrainingRecord.objects.filter(employee=org.chloe).count() == 1

    skills_services.assessment_record(
        employee=org.dario, skill=world.press, level=4, user=users.group_hr
    )
    expert = ask(org, users, world, employee=org.dario)
    services.request_approve(request=expert, user=users.coordinator_a)
    services.request_plan(request=expert, user=users.coordinator_a, session=world.session)
    services.request_done(request=expert, user=users.coordinator_a, result="passed")
    assert not SkillProposal.objects.filter(employee=org.dario).exists()


def test_the_manager_rejects_a_level_and_cannot_answer_twice(org, users, world):
    request = ask(org, users, world)
    services.request_approve(request=request, user=users.coordinator_a)
    services.request_plan(request=request, user=users.coordinator_a, session=world.session)
    services.request_done(request=request, user=users.coordinator_a)
    proposal = SkillProposal.objects.get()
    with pytest.raises(PermissionDenied):
        services.proposal_confirm(proposal=proposal, user=users.other_leader)
    with pytest.raises(PermissionDenied):
        services.proposal_confirm(proposal=proposal, user=users.operator)
    services.proposal_reject(proposal=proposal, user=users.leader)
    with pytest.raises(ValidationError) as error:
        services.proposal_confirm(proposal=proposal, user=users.leader)
    assert "already been answered" in error.value.messages[0]
    assert not Assessment.objects.filter(employee=org.chloe).exists()


def test_sessions_keep_their_capacity_and_site(org, users, world):
    world.session.capacity = 1
    world.session.save()
    first = ask(org, users, world)
    second = ask(org, users, world, employee=org.dario)
    for request in (first, second):
        services.request_approve(request=request, user=users.coordinator_a)
    services.request_plan(request=first, user=users.coordinator_a, session=world.session)
    with pytest.raises(ValidationError) as error:
        services.request_plan(request=second, user=users.coordinator_a, session=world.session)
    assert "full" in error.value.messages[0]
    hanne = ask(org, users, world, employee=org.hanne, training=None, title="Dutch course")
    services.request_approve(request=hanne, user=users.site_hr_b, cost=Decimal("120"))
    with pytest.raises(ValidationError) as error:
        services.request_plan(request=hanne, user=users.site_hr_b, session=world.session)
    assert "another site" in error.value.messages[0]


def test_closing_a_session_marks_who_attended_and_cancels_the_absent(org, users, world):
    first = ask(org, users, world)
    second = ask(org, users, world, employee=org.dario)
    for request in (first, second):
        services.request_approve(request=request, user=users.coordinator_a)
        services.request_plan(request=request, user=users.coordinator_a, session=world.session)
    done, absent = services.session_mark_done(
        session=world.session, user=users.coordinator_a, attended={first.pk}
    )
    assert (done, absent) == (1, 1)
    assert TrainingRequest.objects.get(pk=first.pk).status == RequestStatus.DONE
    second = TrainingRequest.objects.get(pk=second.pk)
    assert second.status == RequestStatus.CANCELLED and second.cancel_reason
    with pytest.raises(PermissionDenied):
        services.session_mark_done(session=world.session, user=users.leader, attended=set())


def test_a_request_needs_a_training_and_a_reason_and_a_training_of_the_site(org, users, world):
    with pytest.raises(ValidationError):
        ask(org, users, world, training=None)
    with pytest.raises(ValidationError):
        ask(org, users, world, reason="")
    from parcours.training.services import request_create

    with pytest.raises(ValidationError) as error:
        request_create(
            employee=org.hanne,
            user=users.site_hr_b,
            origin="hr",
            training=world.press_basics,
            reason="x",
        )
    assert "another site" in error.value.messages[0]
