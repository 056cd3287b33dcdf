from django.db import models
from django.utils.translation import gettext_lazy as _


class Severity(models.TextChoices):
    ERROR = "error", _("Error")
    WARNING = "warning", _("Warning")
    INFO = "info", _("Information")


class ImportKind(models.TextChoices):
    EMPLOYEES = "employees", _("Employees")
    LEAVES = "leaves", _("Leaves and absences")


class RunStatus(models.TextChoices):
    """An import run: uploaded, checked (dry run), then applied on confirmation."""

    QUEUED = "queued", _("Waiting")
    ANALYSING = "analysing", _("Checking the file")
    ANALYSED = "analysed", _("Checked, waiting for confirmation")
    APPLYING = "applying", _("Importing")
    APPLIED = "applied", _("Imported")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
