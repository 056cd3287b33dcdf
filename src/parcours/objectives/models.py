"""Objectives set in one interview and evaluated in the next: expected versus achieved.

An objective belongs to a person (individual), a team or a department; an individual
objective may contribute to a team or department objective. It says what is measured
(the indicator), from where (baseline) to where (target), under which conditions, over
which period. Check-ins record measured values during the period; evaluations (the
manager's, and the employee's own) grade it on a scale HR configures. A renewed or
carried-over objective points to the one it continues, so one history runs through the
years. Objectives are never deleted: they are dropped with a reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parcours.core.labels import Labelled
from parcours.core.scope import scope_for
from parcours.objectives.choices import (
    Decision,
    EvaluationRole,
    ObjectiveLevel,
    ObjectiveStatus,
    Outcome,
)
from parcours.organisation.models import Department, Employee, Site, Team

LABELS_HELP = _('One text per language, e.g. {"en": "Achieved", "fr": "Atteint"}')


class EvaluationScale(Labelled, models.Model):
    """A scale objectives are graded on: A to D by default, or numbers (1 to 5, ...).

    HR configures it; the default scale is the one interviews use."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    labels = models.JSONField(_("name"), default=dict, help_text=LABELS_HELP)
    is_default = models.BooleanField(_("default scale"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_default", "code"]
        verbose_name = _("evaluation scale")
        verbose_name_plural = _("evaluation scales")

    def __str__(self) -> str:
        return self.label


class ScaleLevel(Labelled, models.Model):
    """One grade of a scale (A "exceeded"), its rank (higher is better) and what it
    means for the objective: achieved, partly achieved or not achieved."""

    scale = models.ForeignKey(
        EvaluationScale, models.CASCADE, related_name="levels", verbose_name=_("scale")
    )
    code = models.CharField(_("code"), max_length=5)
    labels = models.JSONField(_("label"), default=dict, help_text=LABELS_HELP)
    rank = models.SmallIntegerField(_("rank"), help_text=_("Higher is better."))
    outcome = models.CharField(_("meaning"), max_length=20, choices=Outcome.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "-rank"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "code"], name="scale_level_unique_code"),
            models.UniqueConstraint(fields=["scale", "rank"], name="scale_level_unique_rank"),
        ]
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def display(self) -> str:
        return f"{self.code} · {self.label}" if self.label != self.code else self.code


class ObjectiveQuerySet(models.QuerySet):
    def for_user(self, user):
        """HR and coordinators: their sites; auditors and group HR: everything; a person:
        their own objectives, those of the people below them, and the team and department
        objectives of the teams they see."""
        scope = scope_for(user)
        if not scope.has_any_role:
            return self.none()
        if scope.whole_group:
            return self
        q = Q(site_id__in=scope.site_ids)
        if scope.employee_id is not None:
            people = Employee.objects.filter(scope.employee_q())
            teams = Team.objects.for_user(user)
            q |= Q(owner__in=people)
            q |= Q(team__in=teams.values("pk"))
            q |= Q(department__in=teams.values("department_id"))
        return self.filter(q)

    def individual(self):
        return self.filter(level=ObjectiveLevel.INDIVIDUAL)

    def collective(self):
        return self.exclude(level=ObjectiveLevel.INDIVIDUAL)

    def open(self):
        return self.filter(status=ObjectiveStatus.OPEN)


class Objective(models.Model):
    """What a person, team or department commits to for a period: "reduce the scrap rate
    of line 3 from 4 % to 3 %", with the conditions for success."""

    level = models.CharField(
        _("level"), max_length=20, choices=ObjectiveLevel.choices, default=ObjectiveLevel.INDIVIDUAL
    )
    owner = models.ForeignKey(
        Employee,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name=_("employee"),
    )
    team = models.ForeignKey(
        Team, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    department = models.ForeignKey(
        Department,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    # The site of the owner, team or department: what site roles are scoped on.
    site = models.ForeignKey(Site, models.PROTECT, related_name="+", verbose_name=_("site"))
    contributes_to = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("contributes to"),
    )
    title = models.CharField(_("objective"), max_length=300)
    indicator = models.CharField(_("indicator"), max_length=200, blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    conditions = models.JSONField(_("conditions for success"), default=list, blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("deadline"))
    weight = models.PositiveSmallIntegerField(_("weight (%)"), null=True, blank=True)
    scale = models.ForeignKey(
        EvaluationScale, models.PROTECT, related_name="+", verbose_name=_("evaluation scale")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ObjectiveStatus.choices, default=ObjectiveStatus.OPEN
    )
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set by"),
    )
    set_in = models.ForeignKey(
        "interviews.Interview",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="objectives_set",
        verbose_name=_("set in the interview"),
    )
    closed_in = models.ForeignKey(
        "interviews.Interview",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="objectives_closed",
        verbose_name=_("closed in the interview"),
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    previous = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("continues"),
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()
    objects = ObjectiveQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "title", "pk"]
        indexes = [
            models.Index(fields=["owner", "status"]),
            models.Index(fields=["site", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(level=ObjectiveLevel.INDIVIDUAL, owner__isnull=False)
                    | Q(level=ObjectiveLevel.TEAM, team__isnull=False)
                    | Q(level=ObjectiveLevel.DEPARTMENT, department__isnull=False)
                ),
                name="objective_has_its_holder",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="objective_period_in_order",
            ),
        ]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def __str__(self) -> str:
        return self.title

    @property
    def holder(self):
        """The person, team or department the objective belongs to."""
        return {
            ObjectiveLevel.INDIVIDUAL: self.owner,
            ObjectiveLevel.TEAM: self.team,
            ObjectiveLevel.DEPARTMENT: self.department,
        }[self.level]

    @property
    def is_open(self) -> bool:
        return self.status == ObjectiveStatus.OPEN

    @property
    def period_label(self) -> str:
        if self.period_start.year == self.period_end.year:
            return str(self.period_start.year)
        return f"{self.period_start.year}–{self.period_end.year}"


class CheckIn(models.Model):
    """A measured value noted during the period, from the desk or a phone."""

    objective = models.ForeignKey(
        Objective, models.CASCADE, related_name="checkins", verbose_name=_("objective")
    )
    day = models.DateField(_("date"))
    value = models.DecimalField(
        _("measured value"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.objective} {self.day}"


class Evaluation(models.Model):
    """The grade of an objective at the end of its period: the manager's, or the
    employee's own (self-evaluation), usually given in an interview."""

    objective = models.ForeignKey(
        Objective, models.CASCADE, related_name="evaluations", verbose_name=_("objective")
    )
    interview = models.ForeignKey(
        "interviews.Interview",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="objective_evaluations",
        verbose_name=_("interview"),
    )
    role = models.CharField(_("by"), max_length=10, choices=EvaluationRole.choices)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluator"),
    )
    evaluator_name = models.CharField(_("evaluator"), max_length=300, blank=True)
    level = models.ForeignKey(
        ScaleLevel,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluation"),
    )
    value = models.DecimalField(
        _("measured value"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    evaluated_on = models.DateField(_("evaluated on"))
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["evaluated_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "interview", "role"],
                condition=Q(interview__isnull=False),
                name="evaluation_once_per_interview_and_role",
            )
        ]
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")

    def __str__(self) -> str:
        return f"{self.objective} · {self.get_role_display()}"
