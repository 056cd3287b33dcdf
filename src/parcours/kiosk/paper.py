"""Paper rounds: one PDF with invitation slips and blank interview forms.

Each slip carries the employee's personal QR code (a new link, earlier ones revoked) and a
new one-time code to choose their PIN; each form carries a QR code opening the interview
in Parcours, where the manager types the answers in after the meeting.
"""

from __future__ import annotations

import logging

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from parcours.core.scope import scope_for
from parcours.interviews.choices import OPEN_STATUSES
from parcours.interviews.models import Interview, Question, Section
from parcours.kiosk import services

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

MAX_PEOPLE = 300


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def qr_svg(url: str) -> str:
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, border=2))


def managed(user, people):
    """The people whose access this user manages: HR of their site, or a manager above."""
    scope = scope_for(user)
    if scope.is_group_hr:
        return people
    from django.db.models import Q

    q = Q(pk__in=[])
    if scope.hr_site_ids:
        q |= Q(site_id__in=scope.hr_site_ids)
    if scope.employee_id is not None:
        subordinates = scope.employee_q()
        q |= subordinates & ~Q(pk=scope.employee_id)
    return people.filter(q)


def paper_round(*, user, people, campaign=None, team=None, with_forms=True, request=None) -> bytes:
    from weasyprint import HTML

    people = managed(user, people)
    interviews = Interview.objects.for_user(user).filter(
        status__in=OPEN_STATUSES, employee__in=people
    )
    if campaign is not None:
        interviews = interviews.filter(campaign=campaign)
    if team is not None:
        interviews = interviews.filter(employee__team=team)
        people = people.filter(team=team)
    interviews = list(
        interviews.select_related(
            "employee__site", "interviewer", "campaign__kind", "template_version"
        ).order_by("employee__last_name", "employee__first_name", "-campaign__opens_on", "pk")
    )
    by_employee: dict[int, Interview] = {}
    for interview in interviews:
        by_employee.setdefault(interview.employee_id, interview)
    if campaign is not None:
        employees = [i.employee for i in by_employee.values()]
    else:
        employees = list(people.select_related("site").order_by("last_name", "first_name", "pk"))
    if not employees:
        raise ValidationError(_("Nobody to print for: no interview or person in this choice."))
    if len(employees) > MAX_PEOPLE:
        raise ValidationError(
            _("At most %(max)s people at once: choose a team.") % {"max": MAX_PEOPLE}
        )
    versions = {i.template_version_id for i in by_employee.values()}
    sections: dict[int, list[Section]] = {}
    for section in (
        Section.objects.filter(version_id__in=versions)
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))
        )
        .order_by("position", "pk")
    ):
        sections.setdefault(section.version_id, []).append(section)
    parts = []
    for employee in employees:
        code = services.issue_code(employee=employee, user=user, check=False)
        _link, token = services.qr_issue(employee=employee, user=user, check=False)
        interview = by_employee.get(employee.pk)
        language = employee.preferred_language
        with translation.override(language):
            slip_url = absolute(reverse("kiosk:qr", args=[token]))
            parts.append(
                render_to_string(
                    "kiosk/paper_slip.html",
                    {
                        "employee": employee,
                        "interview": interview,
                        "code": " ".join([code[:4], code[4:]]),
                        "qr": qr_svg(slip_url),
                        "url": slip_url,
                        "kiosk_url": absolute(reverse("kiosk:home")),
                        "language": language,
                    },
                )
            )
            if with_forms and interview is not None:
                form_url = absolute(reverse("interviews:detail", args=[interview.pk]))
                parts.append(
                    render_to_string(
                        "kiosk/paper_form.html",
                        {
                            "employee": employee,
                            "interview": interview,
                            "sections": sections.get(interview.template_version_id, []),
                            "qr": qr_svg(form_url),
                            "url": form_url,
                            "language": language,
                        },
                    )
                )
    html = render_to_string("kiosk/paper_pdf.html", {"parts": mark_safe("".join(parts))})
    return HTML(string=html).write_pdf()
