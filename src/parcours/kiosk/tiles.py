"""The self-service tiles this app brings (next interview, preparation, reports, skills)
and its panel of the employee page."""

from django.utils.translation import gettext_lazy as _

from parcours.core.selfservice import Tile, register_tile


def _next_badge(employee):
    from parcours.kiosk.selectors import next_interview

    interview = next_interview(employee)
    if interview is None or interview.scheduled_at is None:
        return None
    from django.utils import formats, timezone

    return formats.date_format(timezone.localtime(interview.scheduled_at), "SHORT_DATE_FORMAT")


def _has_preparation(employee) -> bool:
    from parcours.kiosk.selectors import to_prepare

    return to_prepare(employee) is not None


def _reports_badge(employee):
    from parcours.kiosk.selectors import signed_reports_count

    return signed_reports_count(employee) or None


def _panel_visible(user, employee) -> bool:
    from parcours.core.scope import scope_for

    scope = scope_for(user)
    return scope.is_hr or scope.employee_id not in (None, employee.pk)


def register() -> None:
    from parcours.core.panels import EmployeePanel, register_employee_panel

    register_employee_panel(
        EmployeePanel(
            code="kiosk",
            label=_("Shop-floor access"),
            url_name="kiosk:employee_panel",
            order=90,
            visible=_panel_visible,
        )
    )
    register_tile(
        Tile(
            code="kiosk-interview",
            label=_("My next interview"),
            url_name="kiosk:next_interview",
            icon="◷",
            order=10,
            description=_("When, with whom, where"),
            badge=_next_badge,
        )
    )
    register_tile(
        Tile(
            code="kiosk-prepare",
            label=_("Prepare my interview"),
            url_name="kiosk:prepare_start",
            icon="✍",
            order=20,
            description=_("One question at a time"),
            visible=_has_preparation,
        )
    )
    register_tile(
        Tile(
            code="kiosk-reports",
            label=_("My signed reports"),
            url_name="kiosk:reports",
            icon="☰",
            order=60,
            description=_("Read or download them"),
            badge=_reports_badge,
        )
    )
    register_tile(
        Tile(
            code="kiosk-skills",
            label=_("My skills and certificates"),
            url_name="kiosk:skills",
            icon="⚒",
            order=50,
            description=_("What I can do, and until when"),
        )
    )
