"""Trainings: the catalogue, the requests and their way to a session, and the budgets.

A request goes requested → approved | refused → planned (a session) → done, or cancelled;
every step is one row of `services.TRANSITIONS` and is audited. A done training proposes
the skill levels it develops to the manager (`SkillProposal`), renews its certification
and writes the legal training record for the compliance engine.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parcours.core.labels import Labelled
from parcours.organisation.models import Employee, GroupOrSiteQuerySet, ScopedQuerySet, Site
from parcours.skills.models import Assessment, Certification, CertificationType, Skill
from parcours.training.choices import (
    Attendance,
    Priority,
    ProposalStatus,
    RequestOrigin,
    RequestStatus,
    Result,
    TrainingKind,
)

TITLE_HELP = _('One title per language, e.g. {"fr": "Habilitation électrique", "nl": "…"}')


class Training(Labelled, models.Model):
    """A training of the catalogue, for the whole group or one site."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    labels = models.JSONField(_("title"), default=dict, help_text=TITLE_HELP)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=TrainingKind.choices, default=TrainingKind.INTERNAL
    )
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0)],
    )
    cost_per_person = models.DecimalField(
        _("cost per person (EUR)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    certification_type = models.ForeignKey(
        CertificationType,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("certification it renews"),
    )
    mandatory = models.BooleanField(
        _("mandatory (safety, legal)"),
        default=False,
        help_text=_("Required by law or by safety rules; counts apart in the legal records."),
    )
    site = models.ForeignKey(
        Site,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="trainings",
        verbose_name=_("site"),
        help_text=_("Leave empty for a training offered across the group."),
    )
    active = models.BooleanField(_("offered"), default=True)
    skills = models.ManyToManyField(
        Skill, through="TrainingSkill", related_name="trainings", verbose_name=_("skills")
    )
    history = HistoricalRecords()
    objects = GroupOrSiteQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")

    def __str__(self) -> str:
        return self.label


class TrainingSkill(models.Model):
    """A skill a training develops, and the level it brings a participant to."""

    training = models.ForeignKey(
        Training, models.CASCADE, related_name="skill_targets", verbose_name=_("training")
    )
    skill = models.ForeignKey(
        Skill, models.CASCADE, related_name="training_targets", verbose_name=_("skill")
    )
    level = models.PositiveSmallIntegerField(_("level reached"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["training", "skill__code"]
        constraints = [
            models.UniqueConstraint(fields=["training", "skill"], name="training_skill_unique")
        ]
        verbose_name = _("skill developed")
        verbose_name_plural = _("skills developed")

    def __str__(self) -> str:
        return f"{self.training} → {self.skill} ({self.level})"


class SiteScopedQuerySet(ScopedQuerySet):
    site_prefix = "site__"


class TrainingBudget(models.Model):
    """What a site may spend on training in a year."""

    site = models.ForeignKey(
        Site, models.CASCADE, related_name="training_budgets", verbose_name=_("site")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(
        _("budget (EUR)"), max_digits=11, decimal_places=2, validators=[MinValueValidator(0)]
    )
    history = HistoricalRecords()
    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "site__name"]
        constraints = [
            models.UniqueConstraint(fields=["site", "year"], name="training_budget_unique")
        ]
        verbose_name = _("training budget")
        verbose_name_plural = _("training budgets")

    def __str__(self) -> str:
        return f"{self.site} {self.year}"


class TrainingSession(models.Model):
    """A training given on dates at a place: the requests planned into it take part."""

    training = models.ForeignKey(
        Training, models.PROTECT, related_name="sessions", verbose_name=_("training")
    )
    site = models.ForeignKey(
        Site, models.PROTECT, related_name="training_sessions", verbose_name=_("site")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("places"), default=10, validators=[MinValueValidator(1)]
    )
    trainer = models.CharField(_("trainer"), max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(excluded_fields=["created_at"])
    objects = SiteScopedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="training_session_dates",
            )
        ]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")

    def __str__(self) -> str:
        return f"{self.training} · {self.starts_on:%d/%m/%Y}"


class TrainingRequestQuerySet(ScopedQuerySet):
    employee_prefix = "employee__"

    def open(self):
        from parcours.training.choices import OPEN_STATUSES

        return self.filter(status__in=OPEN_STATUSES)


def _certificate_path(instance, filename: str) -> str:
    return f"training/certificates/{timezone.now():%Y/%m}/{filename}"


class TrainingRequest(models.Model):
    """One employee asking for one training, from the request to the certificate."""

    employee = models.ForeignKey(
        Employee, models.CASCADE, related_name="training_requests", verbose_name=_("employee")
    )
    site = models.ForeignKey(
        Site, models.PROTECT, related_name="training_requests", verbose_name=_("site")
    )
    training = models.ForeignKey(
        Training,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("training of the catalogue"),
    )
    title = models.CharField(
        _("training wished"),
        max_length=200,
        blank=True,
        help_text=_("When the training is not in the catalogue."),
    )
    reason = models.TextField(_("reason"))
    skill = models.ForeignKey(
        Skill,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_requests",
        verbose_name=_("skill gap"),
    )
    objective = models.ForeignKey(
        "objectives.Objective",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_requests",
        verbose_name=_("objective it serves"),
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    wished_period = models.CharField(_("wished period"), max_length=100, blank=True)
    origin = models.CharField(_("asked from"), max_length=20, choices=RequestOrigin.choices)
    interview = models.ForeignKey(
        "interviews.Interview",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="training_requests",
        verbose_name=_("interview"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    created_at = models.DateTimeField(_("asked on"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.REQUESTED
    )
    cost = models.DecimalField(
        _("cost (EUR)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The catalogue's cost per person, or the estimate given when approving."),
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_delay = models.DurationField(
        _("time to decision"),
        null=True,
        blank=True,
        help_text=_("From the interview (or the request) to the decision."),
    )
    refusal_reason = models.TextField(_("reason for refusing"), blank=True)
    session = models.ForeignKey(
        TrainingSession,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("session"),
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=20, choices=Attendance.choices, blank=True
    )
    result = models.CharField(_("result"), max_length=20, choices=Result.choices, blank=True)
    certificate = models.FileField(_("certificate"), upload_to=_certificate_path, blank=True)
    certification = models.ForeignKey(
        Certification,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certification renewed"),
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    status_reason = models.CharField(_("reason of the last change"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["version"])
    objects = TrainingRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["site", "status"]),
            models.Index(fields=["employee", "status"]),
        ]
        verbose_name = _("training request")
        verbose_name_plural = _("training requests")

    def __str__(self) -> str:
        return f"{self.display_title} · {self.employee.full_name if self.employee_id else ''}"

    @property
    def display_title(self) -> str:
        if self.training_id:
            return self.training.label
        return self.title

    @property
    def is_open(self) -> bool:
        from parcours.training.choices import OPEN_STATUSES

        return self.status in OPEN_STATUSES

    @property
    def decision_delay_days(self) -> float | None:
        if self.decision_delay is None:
            return None
        return round(self.decision_delay.total_seconds() / 86400, 1)


class SkillProposalQuerySet(ScopedQuerySet):
    employee_prefix = "employee__"


class SkillProposal(models.Model):
    """A level a done training proposes; the manager confirms it into the skills matrix."""

    request = models.ForeignKey(
        TrainingRequest,
        models.CASCADE,
        related_name="skill_proposals",
        verbose_name=_("training request"),
    )
    employee = models.ForeignKey(
        Employee, models.CASCADE, related_name="training_proposals", verbose_name=_("employee")
    )
    skill = models.ForeignKey(Skill, models.CASCADE, related_name="+", verbose_name=_("skill"))
    level = models.PositiveSmallIntegerField(_("level proposed"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PENDING,
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    assessment = models.ForeignKey(
        Assessment,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("level recorded"),
    )
    history = HistoricalRecords()
    objects = SkillProposalQuerySet.as_manager()

    class Meta:
        ordering = ["request", "skill__code"]
        constraints = [
            models.UniqueConstraint(fields=["request", "skill"], name="training_proposal_unique")
        ]
        verbose_name = _("skill level proposed by a training")
        verbose_name_plural = _("skill levels proposed by trainings")

    def __str__(self) -> str:
        return f"{self.employee} · {self.skill} → {self.level}"
