from django.db import models
from django.utils.translation import gettext_lazy as _


class TrainingKind(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


class RequestStatus(models.TextChoices):
    """Where a training request stands, in words an employee understands."""

    REQUESTED = "requested", _("Waiting for a decision")
    APPROVED = "approved", _("Approved, to be planned")
    REFUSED = "refused", _("Refused")
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (RequestStatus.REQUESTED, RequestStatus.APPROVED, RequestStatus.PLANNED)


class RequestOrigin(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    SELF_SERVICE = "self_service", _("Asked by the employee")
    MANAGER = "manager", _("Asked by the manager")
    HR = "hr", _("Asked by HR")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")


class Attendance(models.TextChoices):
    ATTENDED = "attended", _("Attended the whole training")
    PARTIAL = "partial", _("Attended part of it")


class Result(models.TextChoices):
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
    NOT_ASSESSED = "not_assessed", _("No assessment")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the manager")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")
