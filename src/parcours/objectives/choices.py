from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectiveLevel(models.TextChoices):
    INDIVIDUAL = "individual", _("individual")
    TEAM = "team", _("team")
    DEPARTMENT = "department", _("department")


class ObjectiveStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACHIEVED = "achieved", _("achieved")
    PARTLY_ACHIEVED = "partly_achieved", _("partly achieved")
    NOT_ACHIEVED = "not_achieved", _("not achieved")
    DROPPED = "dropped", _("dropped")
    CARRIED_OVER = "carried_over", _("carried over")


#: The statuses that close an objective with a result.
RESULT_STATUSES = (
    ObjectiveStatus.ACHIEVED,
    ObjectiveStatus.PARTLY_ACHIEVED,
    ObjectiveStatus.NOT_ACHIEVED,
)


class Outcome(models.TextChoices):
    """What a level of the evaluation scale means for the objective's status."""

    ACHIEVED = "achieved", _("achieved")
    PARTLY_ACHIEVED = "partly_achieved", _("partly achieved")
    NOT_ACHIEVED = "not_achieved", _("not achieved")


class EvaluationRole(models.TextChoices):
    MANAGER = "manager", _("manager")
    SELF = "self", _("self-evaluation")


class Decision(models.TextChoices):
    """What the interview decides for an evaluated objective."""

    CLOSE = "close", _("close")
    RENEW = "renew", _("renew for the next period")
    CARRY_OVER = "carry_over", _("carry over (not finished)")
