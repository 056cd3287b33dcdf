"""Changes to trainings: pages, the API, the interview block and the demo come here.

Every function validates, refuses what cannot be with a translated ValidationError (or
PermissionDenied), names the person in the audit trail with a dotted action key, and
returns the object. Every status change of a request goes through `TRANSITIONS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours.core.labels import clean_labels
from parcours.core.scope import scope_for
from parcours.organisation.models import Employee, Site
from parcours.skills import services as skills_services
from parcours.skills.choices import AssessmentSource
from parcours.skills.models import CurrentLevel, Level, Skill
from parcours.training.choices import (
    Attendance,
    ProposalStatus,
    RequestOrigin,
    RequestStatus,
    Result,
)
from parcours.training.models import (
    SkillProposal,
    Training,
    TrainingBudget,
    TrainingRequest,
    TrainingSession,
    TrainingSkill,
)

LEGAL_SOURCE = "training"


def _audited(obj, user, action: str):
    obj._history_user = user if getattr(user, "pk", None) else None
    obj._change_reason = action
    return obj


def _user_or_none(user):
    return user if getattr(user, "pk", None) else None


def participation_ref(request: TrainingRequest) -> str:
    return f"participation:{request.pk}"


# Catalogue, budgets, sessions ---------------------------------------------------------


def _check_site_skill(skill: Skill, site_id: int | None) -> None:
    if skill.site_id is not None and skill.site_id != site_id:
        raise ValidationError({"skills": _("This skill belongs to another site.")})


@transaction.atomic
def training_save(
    *, training: Training, user=None, skills: list[tuple[Skill, int]] | None = None
) -> Training:
    """A training of the catalogue and, when given, the skills and levels it develops."""
    training.labels = clean_labels(training.labels)
    if not training.labels:
        raise ValidationError({"labels": _("Give a title in at least one language.")})
    training.full_clean()
    _audited(training, user, "parcours.training.saved")
    training.save()
    if skills is not None:
        ranks = set(Level.objects.values_list("rank", flat=True))
        wanted = {}
        for skill, level in skills:
            if level not in ranks or level == 0:
                raise ValidationError({"skills": _("Choose a level of the scale.")})
            _check_site_skill(skill, training.site_id)
            wanted[skill.pk] = level
        for target in training.skill_targets.all():
            if target.skill_id not in wanted:
                _audited(target, user, "parcours.training_skill.removed")
                target.delete()
            elif target.level != wanted[target.skill_id]:
                target.level = wanted.pop(target.skill_id)
                _audited(target, user, "parcours.training_skill.set")
                target.save()
            else:
                wanted.pop(target.skill_id)
        for skill_id, level in wanted.items():
            target = TrainingSkill(training=training, skill_id=skill_id, level=level)
            _audited(target, user, "parcours.training_skill.set")
            target.save()
    return training


@transaction.atomic
def budget_set(*, site: Site, year: int, amount: Decimal, user=None) -> TrainingBudget:
    if amount is None or amount < 0:
        raise ValidationError({"amount": _("Give an amount of zero or more.")})
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("Give a year such as 2027.")})
    budget = TrainingBudget.objects.filter(site=site, year=year).first()
    if budget is not None and budget.amount == amount:
        return budget
    budget = budget or TrainingBudget(site=site, year=year)
    budget.amount = amount
    _audited(budget, user, "parcours.training_budget.set")
    budget.save()
    return budget


@transaction.atomic
def session_save(*, session: TrainingSession, user=None) -> TrainingSession:
    if session.ends_on and session.starts_on and session.ends_on < session.starts_on:
        raise ValidationError({"ends_on": _("The last day is before the first day.")})
    training = session.training
    if training.site_id is not None and training.site_id != session.site_id:
        raise ValidationError({"training": _("This training belongs to another site.")})
    if session.pk:
        taken = session.participants.exclude(status=RequestStatus.CANCELLED).count()
        if session.capacity < taken:
            raise ValidationError(
                {"capacity": _("%(n)s people are already planned in this session.") % {"n": taken}}
            )
    session.full_clean()
    _audited(session, user, "parcours.training_session.saved")
    session.save()
    return session


# Requests: who is who --------------------------------------------------------------------

DECIDER, MANAGER, EMPLOYEE = "decider", "manager", "employee"


def can_decide_for_site(user, site_id: int | None) -> bool:
    """Group HR, and the HR and training coordinators of the site."""
    scope = scope_for(user)
    if scope.is_group_hr:
        return True
    return site_id is not None and (
        site_id in scope.hr_site_ids or site_id in scope.coordinator_site_ids
    )


def _below(manager_id: int, employee_id: int) -> bool:
    """The employee reports to the manager, directly or further down."""
    from django.db.models.expressions import RawSQL

    from parcours.core.scope import _SUBORDINATES_SQL

    return Employee.objects.filter(
        pk=employee_id, pk__in=RawSQL(_SUBORDINATES_SQL, (manager_id,))
    ).exists()


def request_roles(user, request: TrainingRequest) -> frozenset[str]:
    scope = scope_for(user)
    roles = set()
    if can_decide_for_site(user, request.site_id):
        roles.add(DECIDER)
    if scope.employee_id is not None:
        if scope.employee_id == request.employee_id:
            roles.add(EMPLOYEE)
        elif _below(scope.employee_id, request.employee_id):
            roles.add(MANAGER)
    return frozenset(roles)


# Requests: creating them ----------------------------------------------------------------


def _check_training_for(employee: Employee, training: Training | None) -> None:
    if training is None:
        return
    if not training.active:
        raise ValidationError({"training": _("This training is no longer offered.")})
    if training.site_id is not None and training.site_id != employee.site_id:
        raise ValidationError({"training": _("This training is offered at another site.")})


@transaction.atomic
def check_objective_for(employee: Employee, objective) -> None:
    """A request serves only an open objective of the same employee."""
    from parcours.objectives.choices import ObjectiveStatus

    if objective is None:
        return
    if objective.owner_id != employee.pk:
        raise ValidationError(
            {"objective": _("This objective is not one of this employee's objectives.")}
        )
    if objective.status != ObjectiveStatus.OPEN:
        raise ValidationError({"objective": _("This objective is closed.")})


def request_create(
    *,
    employee: Employee,
    user,
    origin: str,
    reason: str,
    training: Training | None = None,
    title: str = "",
    skill: Skill | None = None,
    priority: str = "normal",
    wished_period: str = "",
    interview=None,
    objective=None,
) -> TrainingRequest:
    """A training asked for an employee, from the catalogue or in their own words, maybe
    for one of the employee's open objectives."""
    title = (title or "").strip()
    reason = (reason or "").strip()
    if training is None and not title:
        raise ValidationError(
            {"training": _("Choose a training of the catalogue or say which one in words.")}
        )
    if not reason:
        raise ValidationError({"reason": _("Say why this training is needed.")})
    if origin not in RequestOrigin.values:
        raise ValidationError({"origin": _("Unknown origin of the request.")})
    _check_training_for(employee, training)
    if skill is not None and skill.site_id is not None and skill.site_id != employee.site_id:
        raise ValidationError({"skill": _("This skill belongs to another site.")})
    if interview is not None and interview.employee_id != employee.pk:
        raise ValidationError(_("This interview is not this employee's."))
    check_objective_for(employee, objective)
    # A double submit (the same training, the same words, within a minute) records one.
    recent = TrainingRequest.objects.filter(
        employee=employee,
        training=training,
        title=title,
        reason=reason,
        created_at__gte=timezone.now() - timedelta(minutes=1),
    ).first()
    if recent is not None:
        return recent
    request = TrainingRequest(
        employee=employee,
        site_id=employee.site_id,
        training=training,
        title="" if training is not None else title[:200],
        reason=reason[:5000],
        skill=skill,
        objective=objective,
        priority=priority or "normal",
        wished_period=(wished_period or "").strip()[:100],
        origin=origin,
        interview=interview,
        requested_by=_user_or_none(user),
        cost=training.cost_per_person if training is not None else None,
    )
    request.full_clean(exclude=["certificate"])
    _audited(request, user, "parcours.training_request.requested")
    request.save()
    return request


# Requests: the workflow -------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    action: str
    done: Any  # words for messages: "approved", ...
    moves: dict[str, str]
    actors: frozenset[str]

    @property
    def audit_key(self) -> str:
        return f"parcours.training_request.{self.action}"


S = RequestStatus

# The one table every status change of a request goes through.
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "approved", gettext_lazy("approved"), {S.REQUESTED: S.APPROVED}, frozenset({DECIDER})
        ),
        Transition(
            "refused", gettext_lazy("refused"), {S.REQUESTED: S.REFUSED}, frozenset({DECIDER})
        ),
        Transition(
            "planned",
            gettext_lazy("planned"),
            {S.APPROVED: S.PLANNED, S.PLANNED: S.PLANNED},
            frozenset({DECIDER}),
        ),
        Transition(
            "done", gettext_lazy("marked as done"), {S.PLANNED: S.DONE}, frozenset({DECIDER})
        ),
        Transition(
            "undone", gettext_lazy("marked as not done"), {S.DONE: S.PLANNED}, frozenset({DECIDER})
        ),
        Transition(
            "cancelled",
            gettext_lazy("cancelled"),
            {
                S.REQUESTED: S.CANCELLED,
                S.APPROVED: S.CANCELLED,
                S.PLANNED: S.CANCELLED,
                S.DONE: S.CANCELLED,
            },
            frozenset({DECIDER}),
        ),
        Transition(
            "withdrawn",
            gettext_lazy("withdrawn"),
            {S.REQUESTED: S.CANCELLED},
            frozenset({EMPLOYEE, MANAGER}),
        ),
    ]
}


def allowed_actions(request: TrainingRequest, roles: frozenset[str]) -> set[str]:
    return {
        action
        for action, transition in TRANSITIONS.items()
        if request.status in transition.moves and roles & transition.actors
    }


def check_transition(request: TrainingRequest, action: str, roles: frozenset[str]) -> Transition:
    transition = TRANSITIONS[action]
    if request.status not in transition.moves:
        raise ValidationError(
            _("This request is now “%(status)s”: it cannot be %(action)s.")
            % {"status": request.get_status_display(), "action": transition.done},
            code="status",
        )
    if not roles & transition.actors:
        raise PermissionDenied(
            _("You may not have this request %(action)s.") % {"action": transition.done}
        )
    return transition


def _lock(request: TrainingRequest) -> TrainingRequest:
    return (
        TrainingRequest.objects.select_for_update(of=("self",))
        .select_related("employee", "training", "session", "interview")
        .get(pk=request.pk)
    )


def _check_version(request: TrainingRequest, version: int | None) -> None:
    if version is not None and int(version) != request.version:
        raise ValidationError(
            _(
                "Someone else changed this request while you were looking at it. "
                "Here it is as it is now; check it and decide again."
            ),
            code="stale",
        )


def _begin(request, action, user, version) -> tuple[TrainingRequest, Transition]:
    request = _lock(request)
    transition = check_transition(request, action, request_roles(user, request))
    _check_version(request, version)
    return request, transition


def _finish(request, transition, user, reason: str = "", **changes) -> TrainingRequest:
    for name, value in changes.items():
        setattr(request, name, value)
    request.status = transition.moves[request.status]
    request.status_reason = reason[:300]
    request.version += 1
    _audited(request, user, transition.audit_key)
    request.save()
    return request


def decision_start(request: TrainingRequest):
    """When the clock of the decision starts: the interview held, else the request."""
    interview = request.interview
    if interview is not None and interview.held_at is not None:
        return interview.held_at
    return request.created_at


def _decision(request: TrainingRequest, user) -> dict:
    now = timezone.now()
    return {
        "decided_at": now,
        "decided_by": _user_or_none(user),
        "decision_delay": max(now - decision_start(request), timedelta(0)),
    }


@transaction.atomic
def request_approve(
    *, request: TrainingRequest, user, cost: Decimal | None = None, version: int | None = None
) -> TrainingRequest:
    request, transition = _begin(request, "approved", user, version)
    if cost is not None and cost < 0:
        raise ValidationError({"cost": _("Give a cost of zero or more.")})
    if cost is None:
        cost = request.cost
    return _finish(request, transition, user, cost=cost, **_decision(request, user))


@transaction.atomic
def request_refuse(
    *, request: TrainingRequest, user, reason: str, version: int | None = None
) -> TrainingRequest:
    request, transition = _begin(request, "refused", user, version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why it is refused: the employee reads this reason.")}
        )
    return _finish(
        request, transition, user, reason, refusal_reason=reason, **_decision(request, user)
    )


@transaction.atomic
def request_plan(
    *, request: TrainingRequest, user, session: TrainingSession, version: int | None = None
) -> TrainingRequest:
    request, transition = _begin(request, "planned", user, version)
    session = (
        TrainingSession.objects.select_for_update().select_related("training").get(pk=session.pk)
    )
    if session.site_id != request.site_id:
        raise ValidationError({"session": _("This session is at another site.")})
    if request.training_id is not None and session.training_id != request.training_id:
        raise ValidationError({"session": _("This session is of another training.")})
    if request.session_id == session.pk:
        raise ValidationError({"session": _("This request is already planned in this session.")})
    taken = session.participants.exclude(status=RequestStatus.CANCELLED).count()
    if taken >= session.capacity:
        raise ValidationError({"session": _("This session is full.")})
    changes = {"session": session, "training": session.training}
    if request.cost is None:
        changes["cost"] = session.training.cost_per_person
    return _finish(request, transition, user, **changes)


def _skills_back(request: TrainingRequest, user) -> None:
    """What a done training brings to the skills: proposals and a renewed certificate."""
    training = request.training
    if request.result == Result.FAILED:
        return
    current = dict(
        CurrentLevel.objects.filter(employee_id=request.employee_id).values_list(
            "skill_id", "level"
        )
    )
    existing = set(request.skill_proposals.values_list("skill_id", flat=True))
    for target in training.skill_targets.select_related("skill"):
        if target.skill_id in existing or current.get(target.skill_id, 0) >= target.level:
            continue
        if not target.skill.active:
            continue
        proposal = SkillProposal(
            request=request, employee_id=request.employee_id, skill=target.skill, level=target.level
        )
        _audited(proposal, user, "parcours.training_proposal.proposed")
        proposal.save()
    if training.certification_type_id and request.attendance == Attendance.ATTENDED:
        request.certification = skills_services.certification_record(
            employee=request.employee,
            certification_type=training.certification_type,
            obtained_on=request.done_on,
            note=_("Training: %(title)s") % {"title": training.label},
            user=user,
        )


def _legal_record(request: TrainingRequest) -> None:
    from parcours.compliance.records import record_training

    training = request.training
    record_training(
        employee=request.employee,
        date=request.done_on,
        mandatory=training.mandatory,
        title=training.label,
        hours=training.duration_hours,
        source=LEGAL_SOURCE,
        source_ref=participation_ref(request),
    )


def _take_back(request: TrainingRequest, user) -> None:
    """Undo what a done training recorded: the legal record, the waiting proposals and the
    certificate it renewed. Levels the manager confirmed stay in the history."""
    from parcours.compliance.records import remove_training_record

    remove_training_record(source=LEGAL_SOURCE, source_ref=participation_ref(request))
    for proposal in request.skill_proposals.filter(status=ProposalStatus.PENDING):
        proposal.status = ProposalStatus.REJECTED
        proposal.decided_at = timezone.now()
        proposal.decided_by = _user_or_none(user)
        _audited(proposal, user, "parcours.training_proposal.withdrawn")
        proposal.save()
    if request.certification_id:
        certification = request.certification
        request.certification = None
        _audited(certification, user, "parcours.certification.withdrawn")
        certification.delete()


@transaction.atomic
def request_done(
    *,
    request: TrainingRequest,
    user,
    done_on: date | None = None,
    attendance: str = Attendance.ATTENDED,
    result: str = Result.NOT_ASSESSED,
    certificate=None,
    version: int | None = None,
) -> TrainingRequest:
    """The employee followed the training: the legal record, the skill levels to confirm
    and the renewed certificate follow."""
    request, transition = _begin(request, "done", user, version)
    done_on = done_on or min(request.session.ends_on, timezone.localdate())
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date cannot be in the future.")})
    if done_on < request.session.starts_on:
        raise ValidationError({"done_on": _("The date is before the session starts.")})
    if attendance not in Attendance.values:
        raise ValidationError({"attendance": _("Say whether the employee attended.")})
    if result not in Result.values:
        raise ValidationError({"result": _("Choose a result.")})
    if certificate:
        request.certificate = certificate
    request.done_on = done_on
    request.attendance = attendance
    request.result = result
    request = _finish(request, transition, user)
    _legal_record(request)
    _skills_back(request, user)
    if request.certification_id:
        TrainingRequest.objects.filter(pk=request.pk).update(certification=request.certification)
    return request


@transaction.atomic
def request_undo(
    *, request: TrainingRequest, user, reason: str, version: int | None = None
) -> TrainingRequest:
    """A training marked done by mistake goes back to planned."""
    request, transition = _begin(request, "undone", user, version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it was not done.")})
    _take_back(request, user)
    return _finish(
        request, transition, user, reason, done_on=None, attendance="", result="", certificate=""
    )


@transaction.atomic
def request_cancel(
    *, request: TrainingRequest, user, reason: str, version: int | None = None
) -> TrainingRequest:
    """Cancelled by a coordinator or HR at any step, or withdrawn by the employee or their
    manager while it waits for a decision."""
    locked = _lock(request)
    roles = request_roles(user, locked)
    action = "cancelled" if DECIDER in roles else "withdrawn"
    request, transition = _begin(request, action, user, version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is cancelled.")})
    if request.status == S.DONE:
        _take_back(request, user)
    return _finish(request, transition, user, reason, cancel_reason=reason)


# Sessions: marking them done ------------------------------------------------------------


@transaction.atomic
def session_mark_done(
    *,
    session: TrainingSession,
    user,
    attended: set[int],
    done_on: date | None = None,
    result: str = Result.NOT_ASSESSED,
) -> tuple[int, int]:
    """Mark the planned participants in `attended` done; the others are cancelled as
    absent. Returns (done, absent)."""
    if not can_decide_for_site(user, session.site_id):
        raise PermissionDenied(_("You may not close this session."))
    done = absent = 0
    for request in session.participants.filter(status=RequestStatus.PLANNED).order_by("pk"):
        if request.pk in attended:
            request_done(request=request, user=user, done_on=done_on, result=result)
            done += 1
        else:
            request_cancel(request=request, user=user, reason=_("Absent from the session."))
            absent += 1
    return done, absent


# Back to the skills -----------------------------------------------------------------------


def _check_proposal(proposal: SkillProposal, user) -> SkillProposal:
    proposal = (
        SkillProposal.objects.select_for_update(of=("self",))
        .select_related("employee", "skill", "request")
        .get(pk=proposal.pk)
    )
    if proposal.status != ProposalStatus.PENDING:
        raise ValidationError(_("This level has already been answered."))
    if not user.has_perm("skills.assess", proposal.employee):
        raise PermissionDenied(_("You may not record levels for this person."))
    return proposal


@transaction.atomic
def proposal_confirm(*, proposal: SkillProposal, user, level: int | None = None) -> SkillProposal:
    """The manager confirms the level a training brought (or the one they see)."""
    proposal = _check_proposal(proposal, user)
    request = proposal.request
    assessment = skills_services.assessment_record(
        employee=proposal.employee,
        skill=proposal.skill,
        level=proposal.level if level is None else level,
        user=user,
        source=AssessmentSource.TRAINING,
        assessed_on=request.done_on or timezone.localdate(),
        note=_("Training: %(title)s") % {"title": request.display_title},
    )
    proposal.status = ProposalStatus.CONFIRMED
    proposal.assessment = assessment
    proposal.decided_by = _user_or_none(user)
    proposal.decided_at = timezone.now()
    _audited(proposal, user, "parcours.training_proposal.confirmed")
    proposal.save()
    return proposal


@transaction.atomic
def proposal_reject(*, proposal: SkillProposal, user) -> SkillProposal:
    proposal = _check_proposal(proposal, user)
    proposal.status = ProposalStatus.REJECTED
    proposal.decided_by = _user_or_none(user)
    proposal.decided_at = timezone.now()
    _audited(proposal, user, "parcours.training_proposal.rejected")
    proposal.save()
    return proposal
