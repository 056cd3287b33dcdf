"""The skills matrix of a plant: who can run which workstation, at what level.

A catalogue of skills in a tree of domains, a level scale (ILUO by default), the level
each position requires and the minimum headcount each team needs, and the assessments
that say where each person stands, kept forever: the current level is the latest one.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parcours.core.scope import scope_for
from parcours.organisation.models import (
    Employee,
    GroupOrSiteQuerySet,
    Position,
    ScopedQuerySet,
    Site,
    Team,
)
from parcours.skills.choices import (
    AssessmentSource,
    AssessmentStatus,
    CertificationState,
    MatrixImportStatus,
    SkillKind,
)
from parcours.skills.labels import Labelled, pick_label

LABELS_HELP = _('One text per language, e.g. {"en": "Press 400 t", "fr": "Presse 400 t"}')


class Level(Labelled, models.Model):
    """One step of the level scale, from "not trained" (rank 0) up.

    Assessments and requirements store the rank, so that comparing levels is comparing
    numbers; the scale says how each rank is written, drawn and coloured.
    """

    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)
    code = models.CharField(
        _("code"), max_length=3, unique=True, help_text=_("The letter plants write: I, L, U, O.")
    )
    symbol = models.CharField(_("symbol"), max_length=4, help_text=_("For example ◔ ◑ ◕ ●."))
    colour = models.CharField(
        _("colour"),
        max_length=7,
        default="#607d8b",
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #388e3c."))],
    )
    labels = models.JSONField(_("labels"), default=dict, help_text=LABELS_HELP)
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rank"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def description(self) -> str:
        return pick_label(self.descriptions)

    @property
    def letter(self) -> str:
        """The code as written in a cell; "not trained" usually has none ("-")."""
        return self.code if any(ch.isalnum() for ch in self.code) else ""

    @property
    def display(self) -> str:
        letter = f"{self.letter} · " if self.letter else ""
        return f"{self.symbol} {letter}{self.label}"


class SkillDomain(Labelled, models.Model):
    """A branch of the catalogue: production, presses, quality, safety, soft skills.

    Domains nest (production > presses > press line 3), which makes the catalogue a tree.
    """

    parent = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    code = models.SlugField(_("code"), max_length=50, unique=True)
    labels = models.JSONField(_("labels"), default=dict, help_text=LABELS_HELP)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ordering", "code"]
        verbose_name = _("skill domain")
        verbose_name_plural = _("skill domains")

    def __str__(self) -> str:
        return self.label


class CertificationType(Labelled, models.Model):
    """A licence or clearance that expires: forklift licence, electrical clearance, ..."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    labels = models.JSONField(_("labels"), default=dict, help_text=LABELS_HELP)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when it never expires."),
    )
    alert_days = models.PositiveSmallIntegerField(
        _("warn before expiry (days)"), default=60, validators=[MinValueValidator(1)]
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("certification type")
        verbose_name_plural = _("certification types")

    def __str__(self) -> str:
        return self.label


class SkillQuerySet(GroupOrSiteQuerySet):
    pass


class Skill(Labelled, models.Model):
    """Something a person can do at a level: run a press, change a die, lead a 5S audit."""

    domain = models.ForeignKey(
        SkillDomain, models.PROTECT, related_name="skills", verbose_name=_("domain")
    )
    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Short, shown at the top of the matrix and read by imports."),
    )
    labels = models.JSONField(_("labels"), default=dict, help_text=LABELS_HELP)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SkillKind.choices, default=SkillKind.WORKSTATION
    )
    site = models.ForeignKey(
        Site,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="skills",
        verbose_name=_("site"),
        help_text=_("Leave empty for a skill used across the group."),
    )
    position = models.ForeignKey(
        Position,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="skills",
        verbose_name=_("position or workstation"),
    )
    certification_type = models.ForeignKey(
        CertificationType,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="skills",
        verbose_name=_("certification needed"),
        help_text=_("Who holds the skill without a valid certification may not use it."),
    )
    active = models.BooleanField(_("in use"), default=True)
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()
    objects = SkillQuerySet.as_manager()

    class Meta:
        ordering = ["domain__ordering", "ordering", "code"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")

    def __str__(self) -> str:
        return self.label


class PositionRequirementQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(position__in=Position.objects.for_user(user))


class PositionRequirement(models.Model):
    """The level a position needs on a skill: a press operator must be autonomous (U)."""

    position = models.ForeignKey(
        Position, models.CASCADE, related_name="skill_requirements", verbose_name=_("position")
    )
    skill = models.ForeignKey(
        Skill, models.CASCADE, related_name="position_requirements", verbose_name=_("skill")
    )
    level = models.PositiveSmallIntegerField(_("required level"))
    history = HistoricalRecords()
    objects = PositionRequirementQuerySet.as_manager()

    class Meta:
        ordering = ["position", "skill__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["position", "skill"], name="skills_position_requirement_unique"
            )
        ]
        verbose_name = _("position requirement")
        verbose_name_plural = _("position requirements")

    def __str__(self) -> str:
        return f"{self.position} · {self.skill} ≥ {self.level}"


class TeamRequirementQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(team__in=Team.objects.for_user(user))


class TeamRequirement(models.Model):
    """How many people of a team must hold a skill at a level so that the line runs."""

    team = models.ForeignKey(
        Team, models.CASCADE, related_name="skill_requirements", verbose_name=_("team")
    )
    skill = models.ForeignKey(
        Skill, models.CASCADE, related_name="team_requirements", verbose_name=_("skill")
    )
    level = models.PositiveSmallIntegerField(_("at least at level"))
    min_people = models.PositiveSmallIntegerField(
        _("minimum people"), validators=[MinValueValidator(1)]
    )
    history = HistoricalRecords()
    objects = TeamRequirementQuerySet.as_manager()

    class Meta:
        ordering = ["team", "skill__code", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "skill", "level"], name="skills_team_requirement_unique"
            )
        ]
        verbose_name = _("team requirement")
        verbose_name_plural = _("team requirements")

    def __str__(self) -> str:
        return f"{self.team} · {self.skill} ≥ {self.level} × {self.min_people}"


class EmployeeScopedQuerySet(ScopedQuerySet):
    employee_prefix = "employee__"


class AssessmentQuerySet(EmployeeScopedQuerySet):
    def valid(self):
        return self.filter(status=AssessmentStatus.VALID)

    def proposed(self):
        return self.filter(status=AssessmentStatus.PROPOSED)


def _evidence_path(instance, filename: str) -> str:
    return f"skills/evidence/{timezone.now():%Y/%m}/{filename}"


class Assessment(models.Model):
    """A person's level on a skill on a day, by whom and how it was seen.

    Never changed once written: a new level is a new assessment, and the current level
    is the latest valid one. A self-assessment waits (proposed) until the manager answers
    it with an assessment of their own, which points back to it.
    """

    employee = models.ForeignKey(
        Employee, models.CASCADE, related_name="skill_assessments", verbose_name=_("employee")
    )
    skill = models.ForeignKey(
        Skill, models.PROTECT, related_name="assessments", verbose_name=_("skill")
    )
    level = models.PositiveSmallIntegerField(_("level"))
    assessed_on = models.DateField(_("date"), default=timezone.localdate)
    source = models.CharField(_("source"), max_length=20, choices=AssessmentSource.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.VALID
    )
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assessed by"),
    )
    note = models.TextField(_("note"), blank=True)
    evidence = models.FileField(_("evidence"), upload_to=_evidence_path, blank=True)
    answers = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="answered_by",
        verbose_name=_("answers the self-assessment"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [
            models.Index(fields=["employee", "skill", "assessed_on"]),
            models.Index(fields=["status", "employee"]),
        ]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")

    def __str__(self) -> str:
        return f"{self.employee} · {self.skill} = {self.level} ({self.assessed_on})"


class CurrentLevel(models.Model):
    """The latest valid assessment of each person on each skill, kept by the services.

    A copy for reading the matrix in one query; the assessments stay the truth.
    """

    employee = models.ForeignKey(Employee, models.CASCADE, related_name="skill_levels")
    skill = models.ForeignKey(Skill, models.CASCADE, related_name="current_levels")
    level = models.PositiveSmallIntegerField(_("level"))
    assessed_on = models.DateField(_("date"))
    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="+")
    objects = EmployeeScopedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "skill"], name="skills_current_unique")
        ]
        indexes = [models.Index(fields=["skill", "level"])]
        verbose_name = _("current level")
        verbose_name_plural = _("current levels")

    def __str__(self) -> str:
        return f"{self.employee_id} · {self.skill_id} = {self.level}"


class CertificationQuerySet(EmployeeScopedQuerySet):
    def valid_on(self, day: date):
        return self.filter(obtained_on__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )


class Certification(models.Model):
    """A certificate a person holds, from a date and until a date: a renewal is a new row."""

    employee = models.ForeignKey(
        Employee, models.CASCADE, related_name="certifications", verbose_name=_("employee")
    )
    type = models.ForeignKey(
        CertificationType, models.PROTECT, related_name="certifications", verbose_name=_("type")
    )
    obtained_on = models.DateField(_("obtained on"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Inclusive; empty if it never ends.")
    )
    reference = models.CharField(_("certificate number"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    alerted_on = models.DateField(_("expiry alert sent on"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["alerted_on"])
    objects = CertificationQuerySet.as_manager()

    class Meta:
        ordering = ["employee", "type", "-obtained_on", "-pk"]
        indexes = [models.Index(fields=["type", "valid_until"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("obtained_on")),
                name="skills_certification_dates",
            )
        ]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return f"{self.type} · {self.employee}"

    def state(self, today: date | None = None) -> str:
        today = today or timezone.localdate()
        if self.valid_until is None:
            return CertificationState.VALID
        if self.valid_until < today:
            return CertificationState.EXPIRED
        if (self.valid_until - today).days <= self.type.alert_days:
            return CertificationState.EXPIRING
        return CertificationState.VALID

    def get_state_display(self) -> str:
        return str(CertificationState(self.state()).label)


class MatrixImportQuerySet(models.QuerySet):
    def for_user(self, user):
        """Group HR see every matrix import; site HR the ones they started."""
        scope = scope_for(user)
        if scope.is_group_hr:
            return self
        if scope.is_site_hr:
            return self.filter(created_by_id=user.pk)
        return self.none()


class MatrixImport(models.Model):
    """An existing skills matrix read from a spreadsheet: checked, then applied."""

    file = models.FileField(_("file"), upload_to="skills/imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    assessed_on = models.DateField(_("date of the levels"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MatrixImportStatus.choices,
        default=MatrixImportStatus.CHECKED,
    )
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)
    objects = MatrixImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("matrix import")
        verbose_name_plural = _("matrix imports")

    def __str__(self) -> str:
        return self.original_name

    @property
    def counts(self) -> dict:
        return self.report.get("counts", {})

    @property
    def can_apply(self) -> bool:
        return self.status == MatrixImportStatus.CHECKED and self.counts.get("rows_ok", 0) > 0
