"""Words for the engine's codes, in the reader's language."""

from django.utils.translation import gettext_lazy as _

STATUS_LABELS = {
    "met": _("Met"),
    "upcoming": _("Upcoming"),
    "due_soon": _("Due soon"),
    "overdue": _("Overdue"),
    "missed": _("Held late or missed"),
    "not_required": _("Not required"),
    "failed": _("Failed"),
}

KIND_LABELS = {
    "periodic": _("Professional interview"),
    "return": _("Return interview"),
    "summary": _("Six/eight-year summary"),
    "mid_career": _("Mid-career interview"),
    "end_of_career": _("End-of-career interview"),
    "annual_review": _("Annual review"),
}


def status_label(code: str) -> str:
    return str(STATUS_LABELS.get(code, code))


def kind_label(code: str) -> str:
    return str(KIND_LABELS.get(code, code.replace("_", " ")))
