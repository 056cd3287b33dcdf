"""What the compliance engine reads that the rest of Parcours does not already keep.

The engine itself (`parcours.compliance.engine`) imports nothing of Django; these models
and the services beside them feed it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parcours.organisation.models import Employee


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
        return f"{self.title} ({self.date:%Y-%m-%d})"
