"""What the compliance engine reads that the rest of Parcours does not already keep.

The engine itself (`parcours.compliance.engine`) imports nothing of Django; these models
and the services beside them feed it.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parcours.compliance.engine import DEFAULT_SETTINGS, Settings
from parcours.compliance.labels import kind_label
from parcours.interviews.models import Interview, InterviewKind
from parcours.organisation.models import Employee, EmployeeCategory, Leave, LegalEntity, Site


class TrainingSource(models.TextChoices):
    TRAINING = "training", _("Training in Parcours")
    IMPORT = "import", _("Imported history")
    MANUAL = "manual", _("Entered by HR")


class TrainingRecord(models.Model):
    """The legal record of one training an employee followed: its date and whether it was
    mandatory. The French summary interview counts the non-mandatory ones."""

    employee = models.ForeignKey(
        Employee, models.CASCADE, related_name="training_records", verbose_name=_("employee")
    )
    date = models.DateField(_("date"))
    mandatory = models.BooleanField(_("mandatory"), default=False)
    title = models.CharField(_("title"), max_length=200)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=2, null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=TrainingSource.choices, default=TrainingSource.MANUAL
    )
    #: Where it came from, e.g. "participation:12" for the training app; unique per source.
    source_ref = models.CharField(_("reference"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["employee", "date", "pk"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"],
                condition=~models.Q(source_ref=""),
                name="training_record_unique_source_ref",
            )
        ]
        indexes = [models.Index(fields=["employee", "date"])]

    def __str__(self) -> str:
        return f"{self.title} ({formats.date_format(self.date, 'SHORT_DATE_FORMAT')})"


class EntitySettings(models.Model):
    """The settings of the engine for one legal entity (spec: product choices and settings).

    A legal entity without a row uses the engine's defaults (`DEFAULT_SETTINGS`)."""

    legal_entity = models.OneToOneField(
        LegalEntity,
        models.CASCADE,
        related_name="compliance_settings",
        verbose_name=_("legal entity"),
    )
    return_deadline_days = models.PositiveSmallIntegerField(
        _("return interview due (days after the return)"),
        default=DEFAULT_SETTINGS.return_deadline_days,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    long_illness_min_months = models.PositiveSmallIntegerField(
        _("long illness: minimum length (months)"),
        default=DEFAULT_SETTINGS.long_illness_min_months,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    due_soon_days = models.PositiveSmallIntegerField(
        _("“due soon” window (days)"),
        default=DEFAULT_SETTINGS.due_soon_days,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    sick_counts_as_working_time = models.BooleanField(
        _("sick leave counts as working time"),
        default=DEFAULT_SETTINGS.sick_counts_as_working_time,
        help_text=_("When not, sick leave moves due dates later, like a sabbatical (2025 reform)."),
    )
    parental_counts_as_working_time = models.BooleanField(
        _("parental leave counts as working time"),
        default=DEFAULT_SETTINGS.parental_counts_as_working_time,
    )
    agreement_years = models.PositiveSmallIntegerField(
        _("interview periodicity set by an agreement (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Company or branch agreement (France); leave empty when there is none."),
    )
    agreement_before_reform = models.BooleanField(
        _("agreement signed before 26 October 2025"), default=False
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("obligation settings")
        verbose_name_plural = _("obligation settings")

    def __str__(self) -> str:
        return str(self.legal_entity)

    def engine_settings(self) -> Settings:
        return Settings(
            return_deadline_days=self.return_deadline_days,
            long_illness_min_months=self.long_illness_min_months,
            due_soon_days=self.due_soon_days,
            sick_counts_as_working_time=self.sick_counts_as_working_time,
            parental_counts_as_working_time=self.parental_counts_as_working_time,
        )


class InterviewPolicy(models.Model):
    """A company or collective-agreement schedule of interviews, evaluated by the engine
    next to the legal ones (an annual review every 12 months for operators...)."""

    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("Shown beside each date it produces, e.g. NL-CAO-ANNUAL."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.ForeignKey(
        InterviewKind,
        models.PROTECT,
        related_name="compliance_policies",
        verbose_name=_("kind of interview"),
    )
    first_due_months = models.PositiveSmallIntegerField(
        _("first interview (months after hire)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Empty: one period after hire (or after the start of the policy)."),
    )
    period_months = models.PositiveSmallIntegerField(
        _("then every (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text=_("Empty for a one-off interview (end of probation)."),
    )
    start = models.DateField(_("in force from"), null=True, blank=True)
    end = models.DateField(_("in force until"), null=True, blank=True)
    legal_entities = models.ManyToManyField(
        LegalEntity, blank=True, related_name="+", verbose_name=_("legal entities")
    )
    sites = models.ManyToManyField(Site, blank=True, related_name="+", verbose_name=_("sites"))
    categories = models.ManyToManyField(
        EmployeeCategory, blank=True, related_name="+", verbose_name=_("categories")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["code"]
        verbose_name = _("company policy")
        verbose_name_plural = _("company policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_due_months__isnull=False) | Q(period_months__isnull=False),
                name="policy_first_or_period",
            ),
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=F("start")),
                name="policy_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class KindMapping(models.Model):
    """What an interview of a Parcours kind counts as for the engine, and which topics it
    covers. A kind without a mapping counts under the defaults of `DEFAULT_KIND_MAP`."""

    interview_kind = models.OneToOneField(
        InterviewKind,
        models.CASCADE,
        related_name="compliance_mapping",
        verbose_name=_("kind of interview"),
    )
    engine_kind = models.CharField(
        _("counts as"),
        max_length=50,
        validators=[RegexValidator(r"^[a-z][a-z0-9_]*$")],
        help_text=_(
            "periodic, return, summary, mid_career, end_of_career, or the code of a"
            " company kind (annual_review...)."
        ),
    )
    topics = models.CharField(
        _("topics covered"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated; end_of_career for the interview before 60."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["interview_kind__ordering", "interview_kind__code"]
        verbose_name = _("kind mapping")
        verbose_name_plural = _("kind mappings")

    def __str__(self) -> str:
        return f"{self.interview_kind.code} → {self.engine_kind}"

    @property
    def topic_list(self) -> tuple[str, ...]:
        return split_topics(self.topics)


class HistoricSource(models.TextChoices):
    IMPORT = "import", _("Imported history")
    MANUAL = "manual", _("Entered by HR")


class HistoricInterview(models.Model):
    """An interview held before Parcours (or outside it), as imported from the records a
    plant kept: enough for the engine to count from it."""

    employee = models.ForeignKey(
        Employee, models.CASCADE, related_name="historic_interviews", verbose_name=_("employee")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(
        _("kind"),
        max_length=50,
        validators=[RegexValidator(r"^[a-z][a-z0-9_]*$")],
    )
    topics = models.CharField(_("topics covered"), max_length=200, blank=True)
    declined = models.BooleanField(
        _("offered and declined"),
        default=False,
        help_text=_("A return interview the employee declined still counts as offered."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=HistoricSource.choices, default=HistoricSource.IMPORT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["employee", "date", "pk"]
        verbose_name = _("historic interview")
        verbose_name_plural = _("historic interviews")
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "date", "kind"], name="historic_interview_unique"
            )
        ]

    def __str__(self) -> str:
        day = formats.date_format(self.date, "SHORT_DATE_FORMAT")
        return f"{kind_label(self.kind)} ({day})"


class ReturnInterview(models.Model):
    """The return interview Parcours created when a leave got its return date: one per
    leave, so that saving the leave again creates nothing more."""

    leave = models.OneToOneField(
        Leave, models.CASCADE, related_name="compliance_return", verbose_name=_("leave")
    )
    interview = models.ForeignKey(
        Interview, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_date = models.DateField(_("return date"))
    due = models.DateField(_("due"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("return interview")
        verbose_name_plural = _("return interviews")

    def __str__(self) -> str:
        return f"{self.leave_id} → {self.interview_id}"


def split_topics(text: str) -> tuple[str, ...]:
    return tuple(sorted({t.strip() for t in (text or "").split(",") if t.strip()}))
