from django.db import models
from django.utils.translation import gettext_lazy as _


class SkillKind(models.TextChoices):
    WORKSTATION = "workstation", _("Workstation")
    MACHINE = "machine", _("Machine")
    QUALITY = "quality", _("Quality")
    SAFETY = "safety", _("Safety")
    SOFT = "soft", _("Soft skill")
    OTHER = "other", _("Other")


class AssessmentSource(models.TextChoices):
    """Where a level comes from. A self-assessment waits for the manager before it counts."""

    OBSERVATION = "observation", _("Observation on the line")
    INTERVIEW = "interview", _("Interview")
    TRAINING = "training", _("Training")
    IMPORT = "import", _("Import")
    SELF = "self", _("Self-assessment")


# What a manager or HR may choose when recording a level by hand.
RECORDED_SOURCES = [
    (AssessmentSource.OBSERVATION.value, AssessmentSource.OBSERVATION.label),
    (AssessmentSource.TRAINING.value, AssessmentSource.TRAINING.label),
    (AssessmentSource.INTERVIEW.value, AssessmentSource.INTERVIEW.label),
]


class AssessmentStatus(models.TextChoices):
    VALID = "valid", _("Recorded")
    PROPOSED = "proposed", _("Waiting for the manager")
    REVIEWED = "reviewed", _("Reviewed by the manager")
    REPLACED = "replaced", _("Replaced by a newer self-assessment")


class CellStatus(models.TextChoices):
    """How a person's level on a skill compares with what their position requires."""

    OK = "ok", _("Meets the requirement")
    GAP = "gap", _("Below the requirement")
    EXPIRED = "expired", _("Certificate expired or missing")
    NONE = "none", _("Not required")


class CoverageStatus(models.TextChoices):
    """How many people of a team hold a skill, against the minimum the team needs."""

    BELOW = "below", _("Below the minimum")
    NO_MARGIN = "no_margin", _("One absence away")
    OK = "ok", _("Covered")


class CertificationState(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Expires soon")
    EXPIRED = "expired", _("Expired")


class MatrixImportStatus(models.TextChoices):
    CHECKED = "checked", _("Checked, waiting for confirmation")
    APPLIED = "applied", _("Imported")
    FAILED = "failed", _("Cannot be imported")


# The ILUO scale of lean manufacturing, with "not trained" below it: rank, code, symbol,
# colour and labels. HR may change all of this in the pages; imports read the codes,
# the ranks (0-4) and the symbols.
DEFAULT_LEVELS = [
    (
        0,
        "-",
        "○",
        "#9e9e9e",
        {"en": "Not trained", "fr": "Non formé", "nl": "Niet opgeleid"},
        {
            "en": "Has not been trained on this skill.",
            "fr": "N'a pas été formé à cette compétence.",
            "nl": "Is niet opgeleid voor deze vaardigheid.",
        },
    ),
    (
        1,
        "I",
        "◔",
        "#d32f2f",
        {"en": "In training", "fr": "En formation", "nl": "In opleiding"},
        {
            "en": "Is being trained; does not work alone.",
            "fr": "Est en cours de formation ; ne travaille pas seul.",
            "nl": "Wordt opgeleid; werkt niet alleen.",
        },
    ),
    (
        2,
        "L",
        "◑",
        "#f57c00",
        {
            "en": "Works under supervision",
            "fr": "Travaille sous contrôle",
            "nl": "Onder begeleiding",
        },
        {
            "en": "Works on the station with someone checking.",
            "fr": "Tient le poste, avec un contrôle.",
            "nl": "Werkt op de post, met iemand die controleert.",
        },
    ),
    (
        3,
        "U",
        "◕",
        "#388e3c",
        {"en": "Autonomous", "fr": "Autonome", "nl": "Zelfstandig"},
        {
            "en": "Works alone to the standard: quality, safety and output.",
            "fr": "Tient le poste seul dans le standard : qualité, sécurité, cadence.",
            "nl": "Werkt alleen volgens de standaard: kwaliteit, veiligheid en output.",
        },
    ),
    (
        4,
        "O",
        "●",
        "#1b5e20",
        {"en": "Can train others", "fr": "Peut former", "nl": "Kan anderen opleiden"},
        {
            "en": "Masters the station and trains others on it.",
            "fr": "Maîtrise le poste et forme les autres.",
            "nl": "Beheerst de post en leidt anderen op.",
        },
    ),
]
