"""Imports from payroll and HR systems: saved mapping profiles, and every import run
with its report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from parcours.core.scope import scope_for
from parcours.imports.choices import ImportKind, RunStatus, Severity
from parcours.imports.report import render_message


class MappingProfile(models.Model):
    """How the export of one HR or payroll system reads, as HR set it up: columns, date
    format, key, manager references, value aliases and absence codes (JSON, the same
    structure as the built-in profiles)."""

    name = models.SlugField(_("name"), max_length=60, unique=True)
    label = models.CharField(_("label"), max_length=200)
    based_on = models.CharField(_("based on"), max_length=60, blank=True)
    config = models.JSONField(_("configuration"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["label"]
        verbose_name = _("mapping profile")
        verbose_name_plural = _("mapping profiles")

    def __str__(self) -> str:
        return self.label


class ImportRunQuerySet(models.QuerySet):
    def for_user(self, user):
        """Group HR see every run; site HR the runs they started or aimed at their sites."""
        scope = scope_for(user)
        if scope.is_group_hr:
            return self
        if scope.is_site_hr:
            return self.filter(
                models.Q(created_by_id=user.pk) | models.Q(target_site_id__in=scope.hr_site_ids)
            )
        return self.none()


class ImportRun(models.Model):
    """One file (or one API batch) imported: checked first, applied on confirmation."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    profile_name = models.CharField(_("profile"), max_length=60, blank=True)
    profile_detected = models.BooleanField(_("profile detected"), default=False)
    target_site = models.ForeignKey(
        "organisation.Site",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target site"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True, db_index=True)
    analysed_at = models.DateTimeField(_("checked"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    applied_at = models.DateTimeField(_("imported"), null=True, blank=True)
    mark_missing_as_left = models.BooleanField(_("mark missing employees as left"), default=False)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    meta = models.JSONField(_("file details"), default=dict, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def is_running(self) -> bool:
        return self.status in (RunStatus.QUEUED, RunStatus.ANALYSING, RunStatus.APPLYING)

    @property
    def can_apply(self) -> bool:
        return self.status == RunStatus.ANALYSED

    @property
    def errors(self) -> int:
        return int(self.counts.get(Severity.ERROR, 0))

    @property
    def warnings(self) -> int:
        return int(self.counts.get(Severity.WARNING, 0))

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))


class ImportFinding(models.Model):
    """One finding of an import's report, at its place in the file."""

    run = models.ForeignKey(ImportRun, models.CASCADE, related_name="findings")
    position = models.PositiveIntegerField(default=0)
    code = models.CharField(_("code"), max_length=40)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    row = models.PositiveIntegerField(_("line or row"), null=True, blank=True)
    last_row = models.PositiveIntegerField(null=True, blank=True)
    column = models.CharField(_("column"), max_length=200, blank=True)
    column_letter = models.CharField(max_length=5, blank=True)
    value = models.CharField(_("value"), max_length=500, blank=True)
    msg = models.CharField(max_length=60, blank=True)
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["run", "position"]
        indexes = [
            models.Index(fields=["run", "severity"]),
            models.Index(fields=["run", "code"]),
        ]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self) -> str:
        return f"{self.code} {self.row or ''}".strip()

    @property
    def message(self) -> str:
        return render_message(
            self.msg or self.code, {**self.params, "column": self.column, "value": self.value}
        )
