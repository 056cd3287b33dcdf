from django.db import models
from django.utils.translation import gettext_lazy as _


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Replaced by a newer version")


class QuestionType(models.TextChoices):
    TEXT = "text", _("Free text")
    SCALE = "scale", _("Rating scale")
    YES_NO = "yes_no", _("Yes / no")
    SINGLE_CHOICE = "single_choice", _("Single choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Multiple choice")
    DATE = "date", _("Date")
    NUMBER = "number", _("Number")


# Types whose options are a list of labelled levels or choices.
TYPES_WITH_OPTIONS = {QuestionType.SCALE, QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE}


class Respondent(models.TextChoices):
    """Who answers a question."""

    EMPLOYEE = "employee", _("The employee, in preparation")
    MANAGER = "manager", _("The manager")
    BOTH = "both", _("Both, one shared answer")
    SEPARATELY = "separately", _("Both separately, to compare")


class Side(models.TextChoices):
    """Whose answer a stored answer is."""

    EMPLOYEE = "employee", _("Employee")
    MANAGER = "manager", _("Manager")
    SHARED = "shared", _("Together")


# The answers each kind of question collects.
SIDES = {
    Respondent.EMPLOYEE: (Side.EMPLOYEE,),
    Respondent.MANAGER: (Side.MANAGER,),
    Respondent.BOTH: (Side.SHARED,),
    Respondent.SEPARATELY: (Side.EMPLOYEE, Side.MANAGER),
}


class InterviewStatus(models.TextChoices):
    TO_PLAN = "to_plan", _("To plan")
    PLANNED = "planned", _("Planned")
    PREPARED = "prepared", _("Prepared")
    HELD = "held", _("Held")
    SIGNED = "signed", _("Signed")
    FOLLOWED_UP = "followed_up", _("Followed up")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_STATUSES = (
    InterviewStatus.TO_PLAN,
    InterviewStatus.PLANNED,
    InterviewStatus.PREPARED,
    InterviewStatus.HELD,
)
LOCKED_STATUSES = (InterviewStatus.SIGNED, InterviewStatus.FOLLOWED_UP)


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Being prepared")
    RUNNING = "running", _("Running")
    CLOSED = "closed", _("Closed")


class SignatureRole(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    MANAGER = "manager", _("Interviewer")


class SignatureMethod(models.TextChoices):
    DRAWN = "drawn", _("Drawn on the screen")
    CONFIRMED = "confirmed", _("Confirmed by the signed-in user")


class NotificationKind(models.TextChoices):
    TO_PLAN = "to_plan", _("Interviews to plan")
    LATE = "late", _("Late interviews")
    PREPARE = "prepare", _("Prepare your interview")


DEFAULT_KINDS = [
    (
        "annual_review",
        {"en": "Annual review", "fr": "Entretien annuel", "nl": "Jaargesprek"},
    ),
    (
        "professional",
        {
            "en": "Professional interview",
            "fr": "Entretien professionnel",
            "nl": "Loopbaangesprek",
        },
    ),
    (
        "return_after_leave",
        {
            "en": "Return after leave",
            "fr": "Entretien de retour",
            "nl": "Terugkeergesprek",
        },
    ),
    (
        "end_of_probation",
        {
            "en": "End of probation",
            "fr": "Fin de période d'essai",
            "nl": "Einde proefperiode",
        },
    ),
]
