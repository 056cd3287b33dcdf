"""Writes of the objectives app: every change checks the person's rights and the
objective's state, names the person in the audit trail with a dotted action key
(`parcours.objective.dropped`) and returns the object.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parcours.core.scope import scope_for
from parcours.objectives.choices import (
    Decision,
    EvaluationRole,
    ObjectiveLevel,
    ObjectiveStatus,
)
from parcours.objectives.models import (
    CheckIn,
    Evaluation,
    EvaluationScale,
    Objective,
    ScaleLevel,
)

#: The default scale, created by a data migration (and again on first use if removed).
DEFAULT_SCALE = {
    "code": "a-d",
    "labels": {"en": "A to D", "fr": "A à D", "nl": "A tot D"},
    "levels": [
        ("A", 4, "achieved", {"en": "Exceeded", "fr": "Dépassé", "nl": "Overtroffen"}),
        ("B", 3, "achieved", {"en": "Achieved", "fr": "Atteint", "nl": "Behaald"}),
        (
            "C",
            2,
            "partly_achieved",
            {"en": "Partly achieved", "fr": "Partiellement atteint", "nl": "Deels behaald"},
        ),
        ("D", 1, "not_achieved", {"en": "Not achieved", "fr": "Non atteint", "nl": "Niet behaald"}),
    ],
}

CONDITIONS_MAX = 20
EDITABLE_FIELDS = (
    "title",
    "indicator",
    "unit",
    "baseline",
    "target",
    "conditions",
    "period_start",
    "period_end",
    "weight",
    "contributes_to",
)


def _audit(obj, user, action: str) -> None:
    obj._history_user = user if getattr(user, "pk", None) else None
    obj._change_reason = action


def default_scale() -> EvaluationScale:
    """The scale new objectives use; A to D is created if there is none."""
    scale = EvaluationScale.objects.filter(is_default=True).first()
    if scale is not None:
        return scale
    scale = EvaluationScale.objects.order_by("pk").first()
    if scale is not None:
        return scale
    scale = EvaluationScale.objects.create(
        code=DEFAULT_SCALE["code"], labels=DEFAULT_SCALE["labels"], is_default=True
    )
    ScaleLevel.objects.bulk_create(
        ScaleLevel(scale=scale, code=code, rank=rank, outcome=outcome, labels=labels)
        for code, rank, outcome, labels in DEFAULT_SCALE["levels"]
    )
    return scale


# Cleaning ----------------------------------------------------------------------------


def clean_decimal(value, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, Decimal):
        return value
    text = str(value).strip().replace(",", ".").replace(" ", "").replace("\u202f", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValidationError(
            {field: _("Write a number, for example 3.5 or 12.")}, code="invalid"
        ) from error
    if not number.is_finite() or abs(number) >= Decimal("1e11"):
        raise ValidationError({field: _("Write a number, for example 3.5 or 12.")})
    return number.quantize(Decimal("0.001"))


def clean_conditions(value) -> list[str]:
    """A list of short texts; a text with one condition per line is split."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple):
        raise ValidationError({"conditions": _("Give the conditions as a list of texts.")})
    items = [str(item).strip()[:300] for item in value if str(item).strip()]
    if len(items) > CONDITIONS_MAX:
        raise ValidationError(
            {"conditions": _("At most %(n)s conditions.") % {"n": CONDITIONS_MAX}}
        )
    return items


def _site_of(level, owner, team, department):
    if level == ObjectiveLevel.INDIVIDUAL:
        if owner is None:
            raise ValidationError({"owner": _("Choose the employee.")})
        return owner.site_id
    if level == ObjectiveLevel.TEAM:
        if team is None:
            raise ValidationError({"team": _("Choose the team.")})
        return team.site_id
    if level == ObjectiveLevel.DEPARTMENT:
        if department is None:
            raise ValidationError({"department": _("Choose the department.")})
        return department.site_id
    raise ValidationError({"level": _("Choose individual, team or department.")})


def may_set(user, *, level, owner=None, team=None, department=None) -> bool:
    """Whether this person may set an objective for this holder."""
    scope = scope_for(user)
    if level == ObjectiveLevel.INDIVIDUAL:
        return user.has_perm("objectives.set_for", owner)
    site_id = (team or department).site_id
    if scope.can_edit_site(site_id):
        return True
    if level == ObjectiveLevel.TEAM:
        probe = Objective(level=level, team=team, site_id=site_id)
        return user.has_perm("objectives.change", probe)
    return False


def _check(objective: Objective) -> None:
    if not objective.title.strip():
        raise ValidationError({"title": _("Say what the objective is.")})
    if objective.period_start is None or objective.period_end is None:
        raise ValidationError({"period_end": _("Give the period: from and deadline.")})
    if objective.period_end < objective.period_start:
        raise ValidationError({"period_end": _("The deadline comes before the start.")})
    if objective.weight is not None and not 0 < objective.weight <= 100:
        raise ValidationError({"weight": _("A weight is a percentage between 1 and 100.")})
    parent = objective.contributes_to
    if parent is not None:
        if objective.level != ObjectiveLevel.INDIVIDUAL and parent.level != (
            ObjectiveLevel.DEPARTMENT
        ):
            raise ValidationError(
                {"contributes_to": _("A team objective contributes to a department objective.")}
            )
        if parent.level == ObjectiveLevel.INDIVIDUAL:
            raise ValidationError(
                {"contributes_to": _("Choose a team or department objective to contribute to.")}
            )
        if parent.site_id != objective.site_id:
            raise ValidationError({"contributes_to": _("Choose an objective of the same site.")})


@transaction.atomic
def objective_create(
    *,
    user,
    level: str = ObjectiveLevel.INDIVIDUAL,
    owner=None,
    team=None,
    department=None,
    title: str,
    indicator: str = "",
    unit: str = "",
    baseline=None,
    target=None,
    conditions=(),
    period_start: date,
    period_end: date,
    weight: int | None = None,
    contributes_to: Objective | None = None,
    set_in=None,
    previous: Objective | None = None,
    scale: EvaluationScale | None = None,
    check_rights: bool = True,
) -> Objective:
    """A new objective; `set_in` names the interview where it was agreed."""
    site_id = _site_of(level, owner, team, department)
    if check_rights and not may_set(
        user, level=level, owner=owner, team=team, department=department
    ):
        raise PermissionDenied(_("You may not set objectives here."))
    objective = Objective(
        level=level,
        owner=owner if level == ObjectiveLevel.INDIVIDUAL else None,
        team=team if level == ObjectiveLevel.TEAM else None,
        department=department if level == ObjectiveLevel.DEPARTMENT else None,
        site_id=site_id,
        title=(title or "").strip()[:300],
        indicator=(indicator or "").strip()[:200],
        unit=(unit or "").strip()[:30],
        baseline=clean_decimal(baseline, "baseline"),
        target=clean_decimal(target, "target"),
        conditions=clean_conditions(conditions),
        period_start=period_start,
        period_end=period_end,
        weight=weight,
        contributes_to=contributes_to,
        set_by=user if getattr(user, "pk", None) else None,
        set_in=set_in,
        previous=previous,
        scale=scale or (previous.scale if previous else default_scale()),
    )
    _check(objective)
    _audit(objective, user, "parcours.objective.created")
    objective.save()
    return objective


def _lock(objective: Objective) -> Objective:
    return (
        Objective.objects.select_for_update(of=("self",))
        .select_related("owner", "team", "department", "scale")
        .get(pk=objective.pk)
    )


def _check_version(objective: Objective, version) -> None:
    if version is not None and int(version) != objective.version:
        raise ValidationError(
            _(
                "Someone else changed this objective while you were editing it. "
                "Here it is as it is now; check it and make your change again."
            ),
            code="stale",
        )


@transaction.atomic
def objective_update(*, objective: Objective, user, version: int | None = None, **fields):
    """Change what an open objective says (title, target, period, ...)."""
    objective = _lock(objective)
    if not user.has_perm("objectives.change", objective):
        raise PermissionDenied(_("You may not change this objective."))
    if objective.status != ObjectiveStatus.OPEN:
        raise ValidationError(_("Only an open objective can change."))
    _check_version(objective, version)
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise ValueError(name)
        if name in ("baseline", "target"):
            value = clean_decimal(value, name)
        elif name == "conditions":
            value = clean_conditions(value)
        elif name in ("title", "indicator", "unit"):
            value = (value or "").strip()
        setattr(objective, name, value)
    _check(objective)
    objective.version += 1
    _audit(objective, user, "parcours.objective.changed")
    objective.save()
    return objective


@transaction.atomic
def objective_drop(*, objective: Objective, user, reason: str) -> Objective:
    """Objectives are never deleted: dropped with a reason, they stay in the history."""
    objective = _lock(objective)
    if not user.has_perm("objectives.change", objective):
        raise PermissionDenied(_("You may not drop this objective."))
    if objective.status != ObjectiveStatus.OPEN:
        raise ValidationError(_("Only an open objective can be dropped."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the objective is dropped.")})
    objective.status = ObjectiveStatus.DROPPED
    objective.status_reason = reason[:300]
    objective.closed_on = timezone.localdate()
    objective.version += 1
    _audit(objective, user, "parcours.objective.dropped")
    objective.save()
    return objective


@transaction.atomic
def checkin_add(*, objective: Objective, user, day: date | None, value=None, note: str = ""):
    """A measured value (and a note) during the period."""
    if not user.has_perm("objectives.checkin", objective):
        raise PermissionDenied(_("You may not add a check-in to this objective."))
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"day": _("A check-in cannot be dated in the future.")})
    value = clean_decimal(value, "value")
    note = (note or "").strip()
    if value is None and not note:
        raise ValidationError({"value": _("Give the measured value or a note.")})
    # A double submit (same day, value and note within a minute) records one check-in.
    recent = CheckIn.objects.filter(
        objective=objective,
        day=day,
        value=value,
        note=note[:5000],
        by=user if getattr(user, "pk", None) else None,
        created_at__gte=timezone.now() - timedelta(minutes=1),
    ).first()
    if recent is not None:
        return recent
    checkin = CheckIn(
        objective=objective,
        day=day,
        value=value,
        note=note[:5000],
        by=user if getattr(user, "pk", None) else None,
    )
    _audit(checkin, user, "parcours.objective.checked_in")
    checkin.save()
    return checkin


# Evaluation and what the interview decides --------------------------------------------


def _is_interviewer_of(user, objective: Objective, interview) -> bool:
    """The user holds this interview, and the objective is the interviewed employee's."""
    if interview is None:
        return False
    me = scope_for(user).employee_id
    return (
        me is not None
        and me == interview.interviewer_id
        and interview.employee_id == objective.owner_id
    )


def _may_evaluate_as_manager(user, objective: Objective, interview) -> bool:
    return user.has_perm("objectives.change", objective) or _is_interviewer_of(
        user, objective, interview
    )


def _successor_of(objective: Objective, interview) -> Objective | None:
    if interview is None:
        return None
    return objective.successors.filter(set_in=interview).first()


def _continue(objective: Objective, *, user, interview, day: date) -> Objective:
    """The objective of the next period that continues this one (same wording)."""
    existing = _successor_of(objective, interview)
    if existing is not None:
        return existing
    length = objective.period_end - objective.period_start
    return objective_create(
        user=user,
        level=objective.level,
        owner=objective.owner,
        team=objective.team,
        department=objective.department,
        title=objective.title,
        indicator=objective.indicator,
        unit=objective.unit,
        baseline=objective.baseline,
        target=objective.target,
        conditions=objective.conditions,
        period_start=day,
        period_end=day + length,
        weight=objective.weight,
        contributes_to=objective.contributes_to
        if objective.contributes_to_id and objective.contributes_to.is_open
        else None,
        set_in=interview,
        previous=objective,
        scale=objective.scale,
        check_rights=False,
    )


def _withdraw_successor(objective: Objective, interview, user) -> None:
    """A decision changed in the same interview: the continuation it had created goes,
    unless someone already worked on it."""
    successor = _successor_of(objective, interview)
    if successor is None:
        return
    if (
        successor.checkins.exists()
        or successor.evaluations.exists()
        or successor.successors.exists()
    ):
        raise ValidationError(
            _(
                "The objective that continues “%(title)s” already has check-ins or "
                "evaluations: drop it from its page instead."
            )
            % {"title": objective.title}
        )
    _audit(successor, user, "parcours.objective.withdrawn")
    successor.delete()


def objective_decide(
    *, objective: Objective, user, decision: str, level: ScaleLevel | None, interview=None, day=None
) -> Objective:
    """Close, renew or carry over an evaluated objective (or undo it in the same
    interview, while the report is not signed)."""
    day = day or timezone.localdate()
    if decision and decision not in Decision.values:
        raise ValidationError(_("Choose close, renew or carry over."))
    if objective.status == ObjectiveStatus.DROPPED:
        raise ValidationError(_("This objective was dropped."))
    decided_here = interview is not None and objective.closed_in_id == interview.pk
    if objective.status != ObjectiveStatus.OPEN and not decided_here:
        raise ValidationError(_("“%(title)s” is already closed.") % {"title": objective.title})
    if decision in (Decision.CLOSE, Decision.RENEW) and level is None:
        raise ValidationError(
            _("Give an evaluation of “%(title)s” before closing or renewing it.")
            % {"title": objective.title}
        )
    if decision == Decision.CLOSE or not decision:
        _withdraw_successor(objective, interview, user)
    if not decision:
        status, closed_in, closed_on = ObjectiveStatus.OPEN, None, None
    elif decision == Decision.CARRY_OVER:
        status, closed_in, closed_on = ObjectiveStatus.CARRIED_OVER, interview, day
    else:
        status, closed_in, closed_on = level.outcome, interview, day
    changed = (objective.status, objective.closed_in_id, objective.closed_on) != (
        status,
        closed_in.pk if closed_in else None,
        closed_on,
    )
    if changed:
        objective.status = status
        objective.closed_in = closed_in
        objective.closed_on = closed_on
        objective.version += 1
        _audit(objective, user, f"parcours.objective.{decision or 'reopened'}")
        objective.save()
    if decision in (Decision.RENEW, Decision.CARRY_OVER):
        _continue(objective, user=user, interview=interview, day=day)
    return objective


@transaction.atomic
def evaluation_record(
    *,
    objective: Objective,
    user,
    role: str,
    level: ScaleLevel | None = None,
    value=None,
    comment: str = "",
    interview=None,
    decision: str = "",
    evaluated_on: date | None = None,
) -> Evaluation:
    """The manager's evaluation (with what it decides) or the employee's own.

    In an interview there is one evaluation per objective and role: saving again
    updates it, so the interviewer can correct it until the report is signed."""
    objective = _lock(objective)
    if role == EvaluationRole.SELF:
        # The employee, or their interviewer typing a paper preparation in for them.
        if not (
            user.has_perm("objectives.self_evaluate", objective)
            or _is_interviewer_of(user, objective, interview)
        ):
            raise PermissionDenied(_("Only the employee gives their self-evaluation."))
        decision = ""
    elif role == EvaluationRole.MANAGER:
        if not _may_evaluate_as_manager(user, objective, interview):
            raise PermissionDenied(_("You may not evaluate this objective."))
    else:
        raise ValidationError({"role": _("Say who evaluates: the manager or the employee.")})
    decided_here = interview is not None and objective.closed_in_id == interview.pk
    if objective.status != ObjectiveStatus.OPEN and not decided_here:
        raise ValidationError(_("“%(title)s” is already closed.") % {"title": objective.title})
    if level is not None and level.scale_id != objective.scale_id:
        raise ValidationError({"level": _("Choose a level of the objective's scale.")})
    value = clean_decimal(value, "value")
    comment = (comment or "").strip()[:5000]
    day = evaluated_on or timezone.localdate()
    evaluation = (
        Evaluation.objects.filter(objective=objective, interview=interview, role=role).first()
        if interview is not None
        else None
    )
    if evaluation is None:
        evaluation = Evaluation(objective=objective, interview=interview, role=role)
    fields = {
        "level": level,
        "value": value,
        "comment": comment,
        "decision": decision or "",
    }
    if evaluation.pk is None or any(getattr(evaluation, k) != v for k, v in fields.items()):
        for name, new in fields.items():
            setattr(evaluation, name, new)
        evaluation.evaluator = user if getattr(user, "pk", None) else None
        evaluation.evaluator_name = (
            objective.owner.full_name
            if role == EvaluationRole.SELF and objective.owner_id
            else _evaluator_name(user)
        )
        evaluation.evaluated_on = day
        _audit(evaluation, user, f"parcours.objective.evaluated_by_{role}")
        evaluation.save()
    if role == EvaluationRole.MANAGER and (decision or decided_here):
        objective_decide(
            objective=objective,
            user=user,
            decision=decision,
            level=level,
            interview=interview,
            day=day,
        )
    return evaluation


def _evaluator_name(user) -> str:
    from parcours.organisation.models import Employee

    if not getattr(user, "pk", None):
        return ""
    employee = Employee.objects.filter(user_id=user.pk).only("first_name", "last_name").first()
    if employee is not None:
        return employee.full_name
    return user.get_full_name() or user.get_username()


# The scale ---------------------------------------------------------------------------


@transaction.atomic
def scale_level_save(*, level: ScaleLevel, user) -> ScaleLevel:
    if not user.has_perm("objectives.change_scales"):
        raise PermissionDenied(_("Only group HR changes the evaluation scales."))
    from parcours.core.labels import clean_labels

    level.labels = clean_labels(level.labels)
    level.code = (level.code or "").strip()
    if not level.code:
        raise ValidationError({"code": _("Give the level a code (A, B, 1, 2, ...).")})
    clash = ScaleLevel.objects.filter(scale_id=level.scale_id).exclude(pk=level.pk)
    if clash.filter(code=level.code).exists():
        raise ValidationError({"code": _("Another level of this scale has this code.")})
    if clash.filter(rank=level.rank).exists():
        raise ValidationError({"rank": _("Another level of this scale has this rank.")})
    _audit(level, user, "parcours.objective_scale.level_saved")
    level.save()
    return level


@transaction.atomic
def scale_save(*, scale: EvaluationScale, user) -> EvaluationScale:
    if not user.has_perm("objectives.change_scales"):
        raise PermissionDenied(_("Only group HR changes the evaluation scales."))
    from parcours.core.labels import clean_labels

    scale.labels = clean_labels(scale.labels)
    if not scale.labels:
        raise ValidationError({"labels": _("Give the scale a name.")})
    if scale.is_default:
        for other in EvaluationScale.objects.filter(is_default=True).exclude(pk=scale.pk):
            other.is_default = False
            _audit(other, user, "parcours.objective_scale.saved")
            other.save()
    _audit(scale, user, "parcours.objective_scale.saved")
    scale.save()
    return scale
