from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    FR = "FR", _("France")
    BE = "BE", _("Belgium")
    NL = "NL", _("Netherlands")
    OTHER = "OTHER", _("Other country")


class Language(models.TextChoices):
    """The three languages Parcours ships with; `language_choices` has every one installed."""

    NL = "nl", _("Dutch")
    FR = "fr", _("French")
    EN = "en", _("English")


def language_choices() -> list[tuple[str, str]]:
    """The languages of the interface (settings.LANGUAGES, one per translation present).

    A callable, so that a translator adding a language needs no database migration.
    """
    from django.conf import settings

    return list(settings.LANGUAGES)


def language_codes() -> set[str]:
    return {code for code, _name in language_choices()}


class ContractType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    FIXED_TERM = "fixed_term", _("Fixed term")
    TEMPORARY = "temporary", _("Temporary (agency)")
    APPRENTICE = "apprentice", _("Apprentice")
    INTERN = "intern", _("Intern")
    OTHER = "other", _("Other")


class WorkingTimeUnit(models.TextChoices):
    PERCENT = "percent", _("% of full time")
    HOURS_WEEK = "hours_week", _("hours per week")
    FTE = "fte", _("FTE")


class LeaveKind(models.TextChoices):
    """The vocabulary of compliance-rules.md; importers map absence codes onto it."""

    MATERNITY = "maternity", _("Maternity leave")
    ADOPTION = "adoption", _("Adoption leave")
    PARENTAL = "parental", _("Parental leave")
    CAREGIVER = "caregiver", _("Caregiver leave")
    SABBATICAL = "sabbatical", _("Sabbatical")
    SECURED_MOBILITY = "secured_mobility", _("Secured voluntary mobility")
    LONG_ILLNESS = "long_illness", _("Long-term illness")
    SICK = "sick", _("Sick leave")
    UNPAID = "unpaid", _("Unpaid leave")
    PARENTAL_PRESENCE = "parental_presence", _("Parental presence leave")
    FAMILY_SOLIDARITY = "family_solidarity", _("Family solidarity leave")
    UNION_MANDATE = "union_mandate", _("Union mandate")
    VACATION = "vacation", _("Vacation")
    OTHER = "other", _("Other leave")


class Role(models.TextChoices):
    GROUP_HR = "group_hr", _("Group HR administrator")
    SITE_HR = "site_hr", _("Site HR")
    TRAINING_COORDINATOR = "training_coordinator", _("Training coordinator")
    AUDITOR = "auditor", _("Auditor (read only)")


# Roles that hold a site: the others cover the whole group.
SITE_ROLES = {Role.SITE_HR, Role.TRAINING_COORDINATOR}

DEFAULT_CATEGORIES = [
    ("operator", {"en": "Operator", "fr": "Opérateur", "nl": "Operator"}),
    ("team_leader", {"en": "Team leader", "fr": "Chef d'équipe", "nl": "Teamleider"}),
    ("technician", {"en": "Technician", "fr": "Technicien", "nl": "Technicus"}),
    ("staff", {"en": "Staff", "fr": "Employé", "nl": "Bediende"}),
    ("manager", {"en": "Manager", "fr": "Cadre", "nl": "Kaderlid"}),
]
