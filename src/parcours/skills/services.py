"""Changes to skills: views, the API, imports, interview blocks and the demo come here.

Every function validates, refuses what cannot be with a translated ValidationError,
names the person in the audit trail (`_history_user`) with a dotted action key, and
returns the object.
"""

from __future__ import annotations

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parcours.organisation.models import Employee, Position, Team
from parcours.skills.choices import (
    DEFAULT_LEVELS,
    AssessmentSource,
    AssessmentStatus,
    MatrixImportStatus,
)
from parcours.skills.labels import clean_labels
from parcours.skills.models import (
    Assessment,
    Certification,
    CertificationType,
    CurrentLevel,
    Level,
    MatrixImport,
    PositionRequirement,
    Skill,
    SkillDomain,
    TeamRequirement,
)


def _audited(obj, user, action: str):
    obj._history_user = user if getattr(user, "pk", None) else None
    obj._change_reason = action
    return obj


def _check_level(level: int | None, field: str = "level") -> None:
    if level is None or not Level.objects.filter(rank=level).exists():
        raise ValidationError({field: _("Choose a level of the scale.")})


def _check_labels(record) -> None:
    record.labels = clean_labels(record.labels)
    if not record.labels:
        raise ValidationError({"labels": _("Give a name in at least one language.")})


# Level scale ------------------------------------------------------------------------


def levels_ensure_default() -> None:
    """Create the ILUO scale when no scale exists (a new database, or after a flush)."""
    if Level.objects.exists():
        return
    Level.objects.bulk_create(
        Level(rank=rank, code=code, symbol=symbol, colour=colour, labels=labels, descriptions=desc)
        for rank, code, symbol, colour, labels, desc in DEFAULT_LEVELS
    )


def _level_in_use(rank: int) -> bool:
    return (
        Assessment.objects.filter(level=rank).exists()
        or PositionRequirement.objects.filter(level=rank).exists()
        or TeamRequirement.objects.filter(level=rank).exists()
    )


@transaction.atomic
def level_save(*, level: Level, user=None) -> Level:
    if level.pk:
        before = Level.objects.filter(pk=level.pk).values_list("rank", flat=True).first()
        if before is not None and before != level.rank and _level_in_use(before):
            raise ValidationError(
                {"rank": _("This level is used by assessments or requirements: its number stays.")}
            )
    _check_labels(level)
    level.full_clean()
    _audited(level, user, "parcours.skill_level.saved")
    level.save()
    return level


@transaction.atomic
def level_delete(*, level: Level, user=None) -> None:
    if _level_in_use(level.rank):
        raise ValidationError(
            _("Level %(code)s is used by assessments or requirements and cannot be removed.")
            % {"code": level.code}
        )
    _audited(level, user, "parcours.skill_level.deleted")
    level.delete()


# Catalogue ----------------------------------------------------------------------------


@transaction.atomic
def domain_save(*, domain: SkillDomain, user=None) -> SkillDomain:
    _check_labels(domain)
    seen = set()
    parent = domain.parent
    while parent is not None:
        if parent.pk == domain.pk or parent.pk in seen:
            raise ValidationError({"parent": _("A domain cannot be part of itself.")})
        seen.add(parent.pk)
        parent = parent.parent
    domain.full_clean()
    _audited(domain, user, "parcours.skill_domain.saved")
    domain.save()
    return domain


@transaction.atomic
def skill_save(*, skill: Skill, user=None) -> Skill:
    _check_labels(skill)
    if skill.position_id:
        position_site = skill.position.site_id
        if position_site is not None and skill.site_id is None:
            skill.site_id = position_site
        elif position_site is not None and position_site != skill.site_id:
            raise ValidationError({"position": _("This position belongs to another site.")})
    skill.full_clean()
    _audited(skill, user, "parcours.skill.saved")
    skill.save()
    return skill


@transaction.atomic
def certification_type_save(*, certification_type: CertificationType, user=None):
    _check_labels(certification_type)
    certification_type.full_clean()
    _audited(certification_type, user, "parcours.certification_type.saved")
    certification_type.save()
    return certification_type


# Requirements -------------------------------------------------------------------------


def _check_skill_for_site(skill: Skill, site_id: int | None, field: str = "skill") -> None:
    if skill.site_id is not None and skill.site_id != site_id:
        raise ValidationError({field: _("This skill belongs to another site.")})


@transaction.atomic
def position_requirement_set(
    *, position: Position, skill: Skill, level: int | None, user=None
) -> PositionRequirement | None:
    """The level the position needs on the skill; None (or 0) removes the requirement."""
    existing = PositionRequirement.objects.filter(position=position, skill=skill).first()
    if not level:
        if existing is not None:
            _audited(existing, user, "parcours.position_requirement.removed")
            existing.delete()
        return None
    _check_level(level)
    if position.site_id is not None:
        _check_skill_for_site(skill, position.site_id)
    elif skill.site_id is not None:
        raise ValidationError(
            {"skill": _("A position of the whole group can only require group-wide skills.")}
        )
    requirement = existing or PositionRequirement(position=position, skill=skill)
    if existing is not None and existing.level == level:
        return existing
    requirement.level = level
    _audited(requirement, user, "parcours.position_requirement.set")
    requirement.save()
    return requirement


@transaction.atomic
def team_requirement_set(
    *, team: Team, skill: Skill, level: int, min_people: int, user=None
) -> TeamRequirement:
    """At least `min_people` of the team must hold the skill at `level` or above."""
    _check_level(level)
    if level == 0:
        raise ValidationError({"level": _("Choose a level above 'not trained'.")})
    if not min_people or min_people < 1:
        raise ValidationError({"min_people": _("At least one person.")})
    _check_skill_for_site(skill, team.site_id)
    requirement = TeamRequirement.objects.filter(team=team, skill=skill, level=level).first()
    if requirement is not None and requirement.min_people == min_people:
        return requirement
    requirement = requirement or TeamRequirement(team=team, skill=skill, level=level)
    requirement.min_people = min_people
    _audited(requirement, user, "parcours.team_requirement.set")
    requirement.save()
    return requirement


@transaction.atomic
def team_requirement_delete(*, requirement: TeamRequirement, user=None) -> None:
    _audited(requirement, user, "parcours.team_requirement.removed")
    requirement.delete()


# Assessments --------------------------------------------------------------------------


def refresh_current_level(*, employee_id: int, skill_id: int) -> CurrentLevel | None:
    """Make the current level the latest valid assessment again (dates may come late)."""
    latest = (
        Assessment.objects.valid()
        .filter(employee_id=employee_id, skill_id=skill_id)
        .order_by("-assessed_on", "-pk")
        .first()
    )
    if latest is None:
        CurrentLevel.objects.filter(employee_id=employee_id, skill_id=skill_id).delete()
        return None
    current, _created = CurrentLevel.objects.update_or_create(
        employee_id=employee_id,
        skill_id=skill_id,
        defaults={
            "level": latest.level,
            "assessed_on": latest.assessed_on,
            "assessment": latest,
        },
    )
    return current


def _check_assessment(employee: Employee, skill: Skill, level: int, assessed_on: date) -> None:
    _check_level(level)
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("The date cannot be in the future.")})
    if skill.site_id is not None and skill.site_id != employee.site_id:
        raise ValidationError({"skill": _("This skill belongs to another site.")})
    if not skill.active:
        raise ValidationError({"skill": _("This skill is no longer in use.")})


@transaction.atomic
def assessment_record(
    *,
    employee: Employee,
    skill: Skill,
    level: int,
    user=None,
    source: str = AssessmentSource.OBSERVATION,
    assessed_on: date | None = None,
    note: str = "",
    evidence=None,
    answers: Assessment | None = None,
    action: str = "parcours.skill_assessment.recorded",
) -> Assessment:
    """A new level for a person on a skill; it becomes current unless an assessment with a
    later date exists. Answering a self-assessment closes it."""
    assessed_on = assessed_on or timezone.localdate()
    if source == AssessmentSource.SELF and answers is None:
        raise ValidationError({"source": _("A self-assessment is proposed by the employee.")})
    _check_assessment(employee, skill, level, assessed_on)
    if answers is None:
        # A level recorded while the employee's own view waits is the manager's answer.
        answers = Assessment.objects.proposed().filter(employee=employee, skill=skill).first()
    assessment = Assessment(
        employee=employee,
        skill=skill,
        level=level,
        assessed_on=assessed_on,
        source=source,
        status=AssessmentStatus.VALID,
        assessor=user if getattr(user, "pk", None) else None,
        note=note.strip(),
        answers=answers,
    )
    if evidence:
        assessment.evidence = evidence
    _audited(assessment, user, action)
    assessment.save()
    if answers is not None and answers.status == AssessmentStatus.PROPOSED:
        answers.status = AssessmentStatus.REVIEWED
        _audited(answers, user, "parcours.skill_assessment.reviewed")
        answers.save(update_fields=["status"])
    refresh_current_level(employee_id=employee.pk, skill_id=skill.pk)
    return assessment


def current_levels_refresh_many(assessments: list[Assessment]) -> None:
    """Make new assessments current where they are the latest, in a few queries."""
    if not assessments:
        return
    employee_ids = {a.employee_id for a in assessments}
    skill_ids = {a.skill_id for a in assessments}
    existing = {
        (current.employee_id, current.skill_id): current
        for current in CurrentLevel.objects.filter(
            employee_id__in=employee_ids, skill_id__in=skill_ids
        )
    }
    created: dict[tuple[int, int], CurrentLevel] = {}
    updated: dict[tuple[int, int], CurrentLevel] = {}
    for assessment in sorted(assessments, key=lambda a: (a.assessed_on, a.pk)):
        key = (assessment.employee_id, assessment.skill_id)
        current = existing.get(key) or created.get(key)
        if current is None:
            created[key] = CurrentLevel(
                employee_id=key[0],
                skill_id=key[1],
                level=assessment.level,
                assessed_on=assessment.assessed_on,
                assessment=assessment,
            )
        elif (assessment.assessed_on, assessment.pk) >= (
            current.assessed_on,
            current.assessment_id,
        ):
            current.level = assessment.level
            current.assessed_on = assessment.assessed_on
            current.assessment = assessment
            if current.pk:
                updated[key] = current
    CurrentLevel.objects.bulk_create(created.values(), batch_size=1000)
    CurrentLevel.objects.bulk_update(
        updated.values(), ["level", "assessed_on", "assessment"], batch_size=1000
    )


@transaction.atomic
def assessments_record_many(
    *,
    entries: list[tuple[Employee, int, int]],
    user=None,
    assessed_on: date,
    source: str,
    note: str = "",
    action: str = "parcours.skill_assessment.recorded",
) -> int:
    """Many levels at once (an import): (employee, skill id, level) already checked by the
    caller. The historical records are written in bulk and announced with simple-history's
    own signal, so the audit trail has one entry per level exactly as for a single save."""
    from simple_history.signals import post_create_historical_record

    assessor = user if getattr(user, "pk", None) else None
    created: list[Assessment] = []
    for start in range(0, len(entries), 1000):
        chunk = [
            Assessment(
                employee=employee,
                skill_id=skill_id,
                level=level,
                assessed_on=assessed_on,
                source=source,
                status=AssessmentStatus.VALID,
                assessor=assessor,
                note=note,
            )
            for employee, skill_id, level in entries[start : start + 1000]
        ]
        Assessment.objects.bulk_create(chunk)
        records = Assessment.history.bulk_history_create(
            chunk, default_user=assessor, default_change_reason=action
        )
        for assessment, record in zip(chunk, records, strict=True):
            post_create_historical_record.send(
                sender=Assessment.history.model,
                instance=assessment,
                history_instance=record,
                history_date=record.history_date,
                history_user=record.history_user,
                history_change_reason=action,
                using="default",
            )
        created.extend(chunk)
    current_levels_refresh_many(created)
    return len(created)


@transaction.atomic
def self_assessment_propose(
    *, employee: Employee, skill: Skill, level: int, user=None, note: str = ""
) -> Assessment:
    """The employee's own view of their level: it counts once the manager answers it."""
    today = timezone.localdate()
    _check_assessment(employee, skill, level, today)
    for earlier in Assessment.objects.proposed().filter(employee=employee, skill=skill):
        earlier.status = AssessmentStatus.REPLACED
        _audited(earlier, user, "parcours.skill_assessment.replaced")
        earlier.save(update_fields=["status"])
    proposal = Assessment(
        employee=employee,
        skill=skill,
        level=level,
        assessed_on=today,
        source=AssessmentSource.SELF,
        status=AssessmentStatus.PROPOSED,
        assessor=user if getattr(user, "pk", None) else None,
        note=note.strip(),
    )
    _audited(proposal, user, "parcours.skill_assessment.proposed")
    proposal.save()
    return proposal


def self_assessment_review(
    *,
    proposal: Assessment,
    user=None,
    level: int | None = None,
    source: str = AssessmentSource.OBSERVATION,
    note: str = "",
    assessed_on: date | None = None,
) -> Assessment:
    """The manager answers a self-assessment: the proposed level, or the one they saw."""
    if proposal.status != AssessmentStatus.PROPOSED:
        raise ValidationError(_("This self-assessment has already been answered."))
    return assessment_record(
        employee=proposal.employee,
        skill=proposal.skill,
        level=proposal.level if level is None else level,
        user=user,
        source=source,
        assessed_on=assessed_on,
        note=note,
        answers=proposal,
        action="parcours.skill_assessment.confirmed",
    )


# Certifications -----------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def certification_record(
    *,
    employee: Employee,
    certification_type: CertificationType,
    obtained_on: date,
    valid_until: date | None = None,
    reference: str = "",
    note: str = "",
    user=None,
) -> Certification:
    """A certificate obtained or renewed; without an end date, the type's validity runs
    from the day it was obtained."""
    if obtained_on > timezone.localdate():
        raise ValidationError({"obtained_on": _("The date cannot be in the future.")})
    if valid_until is None and certification_type.validity_months:
        valid_until = add_months(obtained_on, certification_type.validity_months)
    if valid_until is not None and valid_until < obtained_on:
        raise ValidationError(
            {"valid_until": _("The end of validity is before the date obtained.")}
        )
    certification = Certification(
        employee=employee,
        type=certification_type,
        obtained_on=obtained_on,
        valid_until=valid_until,
        reference=reference.strip(),
        note=note.strip(),
        recorded_by=user if getattr(user, "pk", None) else None,
    )
    certification.full_clean()
    _audited(certification, user, "parcours.certification.recorded")
    certification.save()
    return certification


# Matrix imports -------------------------------------------------------------------------


def matrix_import_check(*, upload, assessed_on: date, user) -> MatrixImport:
    """Store the file and check it (the dry run: nothing is recorded)."""
    from pathlib import Path

    from parcours.skills.matrix_import import MatrixImportAnalysis

    name = Path(upload.name).name
    run = MatrixImport(
        original_name=name[:255],
        assessed_on=assessed_on,
        created_by=user if getattr(user, "pk", None) else None,
    )
    run.file.save(name, upload, save=False)
    analysis = MatrixImportAnalysis(
        run.file.path, user=user, assessed_on=assessed_on, file_name=name
    )
    report = analysis.analyse()
    run.report = report.stored()
    run.status = MatrixImportStatus.FAILED if report.fatal else MatrixImportStatus.CHECKED
    run.save()
    return run


@transaction.atomic
def matrix_import_apply(*, run: MatrixImport, user) -> MatrixImport:
    """Record the levels of every row without an error. The file is checked again first:
    levels or people may have changed since the dry run."""
    from parcours.skills.matrix_import import MatrixImportAnalysis

    if run.status != MatrixImportStatus.CHECKED:
        raise ValidationError(_("This import has already been applied or cannot be applied."))
    analysis = MatrixImportAnalysis(
        run.file.path, user=user, assessed_on=run.assessed_on, file_name=run.original_name
    )
    report = analysis.analyse()
    if report.fatal:
        run.report = report.stored()
        run.status = MatrixImportStatus.FAILED
        run.save(update_fields=["report", "status"])
        return run
    recorded = analysis.apply()
    run.report = report.stored()
    run.report["counts"]["recorded"] = recorded
    run.status = MatrixImportStatus.APPLIED
    run.applied_by = user if getattr(user, "pk", None) else None
    run.applied_at = timezone.now()
    run.save()
    return run


# Expiry alerts --------------------------------------------------------------------------


def certification_alerts_send(*, today: date | None = None) -> int:
    """Warn, once per certificate, the line manager and the site's HR and training
    coordinators of certificates that expire within their type's warning period or have
    expired. One e-mail per person, in their language; returns the e-mails sent."""
    from collections import defaultdict

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    from parcours.organisation.choices import Role
    from parcours.organisation.models import RoleAssignment
    from parcours.skills.selectors import certifications_due_all

    today = today or timezone.localdate()
    due = list(certifications_due_all(day=today).filter(alerted_on__isnull=True))
    if not due:
        return 0
    site_ids = {c.employee.site_id for c in due}
    site_people: dict[int, set[int]] = defaultdict(set)
    for user_id, site_id in RoleAssignment.objects.filter(
        role__in=[Role.SITE_HR, Role.TRAINING_COORDINATOR], site_id__in=site_ids
    ).values_list("user_id", "site_id"):
        site_people[site_id].add(user_id)
    manager_ids = {c.employee.manager_id for c in due if c.employee.manager_id}
    manager_users = dict(
        Employee.objects.filter(pk__in=manager_ids, user__isnull=False).values_list("pk", "user_id")
    )
    per_user: dict[int, list[Certification]] = defaultdict(list)
    for certificate in due:
        recipients = set(site_people.get(certificate.employee.site_id, ()))
        manager_user = manager_users.get(certificate.employee.manager_id)
        if manager_user:
            recipients.add(manager_user)
        for user_id in recipients:
            per_user[user_id].append(certificate)
    users = get_user_model().objects.filter(pk__in=per_user).select_related("employee")
    sent = 0
    notified: set[int] = set()
    for user in users:
        address = user.email or getattr(getattr(user, "employee", None), "email", "")
        if not address:
            continue
        language = getattr(getattr(user, "employee", None), "preferred_language", None)
        certificates = sorted(per_user[user.pk], key=lambda c: (c.valid_until, c.employee_id))
        with translation.override(language or settings.LANGUAGE_CODE):
            subject = ngettext(
                "Parcours: %(count)s certificate to renew",
                "Parcours: %(count)s certificates to renew",
                len(certificates),
            ) % {"count": len(certificates)}
            body = render_to_string(
                "skills/certification_alert.txt",
                {"user": user, "certificates": certificates, "today": today},
            )
        send_mail(subject, body, None, [address])
        sent += 1
        notified |= {certificate.pk for certificate in certificates}
    Certification.objects.filter(pk__in=notified).update(alerted_on=today)
    return sent
