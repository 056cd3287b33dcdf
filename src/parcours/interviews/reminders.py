"""Reminders of a campaign, on the schedule HR set: interviewers with interviews to plan or
late, employees with a preparation to do. Each gets a notification in the app, and an
e-mail when they have an address, in their own language."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parcours.interviews.choices import (
    OPEN_STATUSES,
    CampaignStatus,
    InterviewStatus,
    NotificationKind,
    Respondent,
)
from parcours.interviews.models import Campaign, Interview, Notification, Question

MAX_NAMES = 10


def campaigns_due(today: date | None = None):
    """Running campaigns whose reminder day is today and whose reminders are not sent yet."""
    today = today or timezone.localdate()
    due = []
    for campaign in Campaign.objects.filter(
        status=CampaignStatus.RUNNING, reminder_interval_days__gt=0, opens_on__lte=today
    ).exclude(last_reminders_on=today):
        if (today - campaign.opens_on).days % campaign.reminder_interval_days == 0:
            due.append(campaign)
    return due


@dataclass
class ReminderSummary:
    interviewers: int = 0
    employees: int = 0
    emails: int = 0


def _link(interview_id: int | None) -> str:
    path = reverse("interviews:detail", args=[interview_id]) if interview_id else "/interviews/"
    return settings.SITE_URL.rstrip("/") + path


def _names(interviews) -> str:
    names = [interview.employee.full_name for interview in interviews[:MAX_NAMES]]
    if len(interviews) > MAX_NAMES:
        names.append("…")
    return ", ".join(names)


def _interviewer_message(campaign, to_plan, late) -> tuple[str, str, str]:
    deadline = formats.date_format(campaign.deadline, "DATE_FORMAT")
    if late:
        subject = _("Late interviews: %(campaign)s") % {"campaign": campaign.name}
        text = ngettext(
            "%(count)s of your interviews is past the deadline of %(deadline)s: %(names)s.",
            "%(count)s of your interviews are past the deadline of %(deadline)s: %(names)s.",
            len(late),
        ) % {"count": len(late), "deadline": deadline, "names": _names(late)}
        kind = NotificationKind.LATE
    else:
        subject = _("Interviews to plan: %(campaign)s") % {"campaign": campaign.name}
        kind = NotificationKind.TO_PLAN
        text = ""
    if to_plan:
        text = (text + " " if text else "") + ngettext(
            "%(count)s interview is still to plan before %(deadline)s: %(names)s.",
            "%(count)s interviews are still to plan before %(deadline)s: %(names)s.",
            len(to_plan),
        ) % {"count": len(to_plan), "deadline": deadline, "names": _names(to_plan)}
    return kind, subject, text


def _employee_message(interview) -> tuple[str, str]:
    kind = interview.campaign.kind.label
    subject = _("Prepare your interview")
    if interview.scheduled_at:
        when = formats.date_format(timezone.localtime(interview.scheduled_at), "DATETIME_FORMAT")
        text = _(
            "Your %(kind)s is planned on %(when)s. Prepare it in Parcours: your answers "
            "help the conversation."
        ) % {"kind": kind, "when": when}
    else:
        deadline = formats.date_format(interview.campaign.deadline, "DATE_FORMAT")
        text = _(
            "Your %(kind)s will take place before %(deadline)s. You can prepare it in Parcours now."
        ) % {"kind": kind, "deadline": deadline}
    return subject, text


def send_campaign_reminders(*, campaign: Campaign, today: date | None = None) -> ReminderSummary:
    """Send this campaign's reminders now (once a day at most)."""
    today = today or timezone.localdate()
    summary = ReminderSummary()
    if campaign.status != CampaignStatus.RUNNING or campaign.last_reminders_on == today:
        return summary
    interviews = list(
        Interview.objects.filter(campaign=campaign, status__in=OPEN_STATUSES)
        .select_related("employee", "interviewer", "campaign__kind")
        .order_by("employee__last_name", "employee__first_name")
    )
    late = campaign.deadline < today
    by_interviewer: dict[int, dict] = defaultdict(lambda: {"to_plan": [], "late": []})
    for interview in interviews:
        if interview.interviewer_id is None:
            continue
        bucket = by_interviewer[interview.interviewer_id]
        bucket["who"] = interview.interviewer
        if late:
            bucket["late"].append(interview)
        elif interview.status == InterviewStatus.TO_PLAN:
            bucket["to_plan"].append(interview)
    # Only versions with something for the employee to prepare lead to a reminder.
    preparing_versions = set(
        Question.objects.filter(
            section__version__interviews__campaign=campaign,
            respondent__in=[Respondent.EMPLOYEE, Respondent.BOTH, Respondent.SEPARATELY],
        ).values_list("section__version_id", flat=True)
    )
    notifications: list[Notification] = []
    emails: list[EmailMessage] = []
    now = timezone.now()

    def notify(recipient, kind, subject, text, interview=None):
        language = recipient.preferred_language or settings.LANGUAGE_CODE
        link = _link(interview.pk if interview else None)
        notification = Notification(
            recipient=recipient,
            kind=kind,
            campaign=campaign,
            interview=interview,
            subject=subject[:300],
            text=text,
            emailed=bool(recipient.email),
            created_at=now,
        )
        notifications.append(notification)
        if recipient.email:
            emails.append(
                EmailMessage(
                    subject=subject,
                    body=f"{text}\n\n{link}\n",
                    to=[recipient.email],
                    headers={"Content-Language": language},
                )
            )

    for bucket in by_interviewer.values():
        if not bucket["to_plan"] and not bucket["late"]:
            continue
        with translation.override(bucket["who"].preferred_language):
            kind, subject, text = _interviewer_message(campaign, bucket["to_plan"], bucket["late"])
        concerned = bucket["late"] or bucket["to_plan"]
        # With a single interview concerned, the notification opens it.
        notify(bucket["who"], kind, subject, text, concerned[0] if len(concerned) == 1 else None)
        summary.interviewers += 1
    if campaign.remind_employees:
        for interview in interviews:
            if interview.status not in (InterviewStatus.TO_PLAN, InterviewStatus.PLANNED):
                continue
            if interview.template_version_id not in preparing_versions:
                continue
            with translation.override(interview.employee.preferred_language):
                subject, text = _employee_message(interview)
            notify(interview.employee, NotificationKind.PREPARE, subject, text, interview)
            summary.employees += 1
    Notification.objects.bulk_create(notifications, batch_size=1000)
    if emails:
        with get_connection() as connection:
            summary.emails = connection.send_messages(emails) or 0
    Campaign.objects.filter(pk=campaign.pk).update(last_reminders_on=today)
    return summary
