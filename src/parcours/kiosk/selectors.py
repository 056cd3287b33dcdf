"""Reads of the self-service pages, each in a fixed number of queries."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Q

from parcours.interviews import selectors as interview_selectors
from parcours.interviews import services as interview_services
from parcours.interviews.choices import OPEN_STATUSES, InterviewStatus, Side
from parcours.interviews.models import Interview, InterviewReport
from parcours.interviews.values import parse_form_value

PREPARING = (InterviewStatus.TO_PLAN, InterviewStatus.PLANNED)


def _own(employee):
    return Interview.objects.filter(employee=employee).select_related(
        "campaign__kind", "interviewer", "template_version"
    )


def next_interview(employee) -> Interview | None:
    """The open interview that comes next: planned first by date, then the others."""
    interviews = list(
        _own(employee).filter(status__in=OPEN_STATUSES).order_by("-campaign__opens_on", "pk")[:20]
    )
    if not interviews:
        return None
    planned = sorted((i for i in interviews if i.scheduled_at), key=lambda i: i.scheduled_at)
    return planned[0] if planned else interviews[0]


def to_prepare(employee) -> Interview | None:
    return _own(employee).filter(status__in=PREPARING).order_by("-campaign__opens_on", "pk").first()


def interview_actions(interview: Interview, user) -> dict:
    roles = interview_services.interview_roles(user, interview)
    actions = interview_services.allowed_actions(interview, roles)
    return {
        "can_prepare": interview.status in PREPARING and "prepared" in actions,
        "can_sign": interview.status == InterviewStatus.HELD,
    }


def current_report(interview: Interview):
    if not interview.is_locked:
        return None
    return interview.reports.filter(voided_at__isnull=True).order_by("-created_at").first()


def preparation_steps(interview: Interview, user, roles) -> list:
    """The answers the employee types, in the order of the form: one per screen."""
    sections = interview_selectors.build_form(
        version=interview.template_version, interview=interview, roles=roles, user=user
    )
    steps = []
    for view in sections:
        for question_view in view.questions:
            for slot in question_view.slots:
                if slot.editable and slot.side in (Side.EMPLOYEE, Side.SHARED):
                    slot.section = view.section
                    steps.append(slot)
    return steps


def save_step(request, interview: Interview, slot, roles):
    """Save the posted answer of one step with the interviews' service and its conflict
    handling: a conflict saves nothing and comes back with both versions."""
    name = slot.name
    if request.POST.get("take") == name:
        slot.state = "taken"
        return slot
    values = request.POST.getlist(name)
    try:
        value = parse_form_value(slot.question, values)
        saved = interview_services.answer_save(
            interview=interview,
            question=slot.question,
            side=slot.side,
            value=value,
            version=request.POST.get(f"v-{name}") or 0,
            user=request.user,
            roles=roles,
        )
    except interview_services.EditConflict as conflict:
        slot.conflict = conflict
        slot.initial = conflict.current_value
        slot.value = conflict.submitted
        slot.version = conflict.current_version
        slot.state = "conflict"
        return slot
    except ValidationError as error:
        slot.raw = values
        slot.error = " ".join(error.messages)
        slot.state = "error"
        return slot
    slot.value = slot.initial = saved.value
    slot.version = saved.version
    slot.state = "saved"
    return slot


def latest_certificates(certifications) -> list:
    """The latest certificate of each kind (the list is ordered by kind, newest first)."""
    seen, latest = set(), []
    for certificate in certifications:
        if certificate.type_id not in seen:
            seen.add(certificate.type_id)
            latest.append(certificate)
    return latest


def signed_reports_count(employee) -> int:
    return InterviewReport.objects.filter(
        Q(interview__employee=employee),
        voided_at__isnull=True,
        interview__status__in=(InterviewStatus.SIGNED, InterviewStatus.FOLLOWED_UP),
    ).count()
