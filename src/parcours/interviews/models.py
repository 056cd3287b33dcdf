"""Interviews: their templates, the campaigns that launch them, answers and signatures."""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from parcours.core.scope import scope_for
from parcours.interviews.choices import (
    LOCKED_STATUSES,
    OPEN_STATUSES,
    SIDES,
    CampaignStatus,
    InterviewStatus,
    NotificationKind,
    QuestionType,
    Respondent,
    Side,
    SignatureMethod,
    SignatureRole,
    VersionStatus,
)
from parcours.interviews.labels import Labelled, pick_label
from parcours.organisation.models import (
    Department,
    Employee,
    EmployeeCategory,
    LegalEntity,
    Site,
    Team,
)


class InterviewKind(Labelled, models.Model):
    """A kind of interview: annual review, professional interview, return after leave..."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    labels = models.JSONField(
        _("labels"),
        default=dict,
        help_text=_('One label per language, e.g. {"en": "Annual review"}'),
    )
    ordering = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ordering", "code"]
        verbose_name = _("kind of interview")
        verbose_name_plural = _("kinds of interview")

    def __str__(self) -> str:
        return self.label


class TemplateQuerySet(models.QuerySet):
    def for_user(self, user):
        """Templates are the group's: HR and auditors read them all, nobody else any."""
        scope = scope_for(user)
        return self if (scope.is_hr or scope.whole_group) else self.none()


class InterviewTemplate(Labelled, models.Model):
    """The form of one kind of interview for some types of employee, in all its versions."""

    kind = models.ForeignKey(
        InterviewKind, models.PROTECT, related_name="templates", verbose_name=_("kind")
    )
    labels = models.JSONField(_("name"), default=dict)
    categories = models.ManyToManyField(
        EmployeeCategory,
        blank=True,
        related_name="interview_templates",
        verbose_name=_("for employees of the categories"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])
    objects = TemplateQuerySet.as_manager()

    class Meta:
        ordering = ["kind__ordering", "pk"]
        verbose_name = _("interview template")
        verbose_name_plural = _("interview templates")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick_label(self.labels, _("Template %(number)s") % {"number": self.pk})


class TemplateVersion(models.Model):
    """One version of a template. A published version is frozen: interviews use it as is."""

    template = models.ForeignKey(
        InterviewTemplate, models.CASCADE, related_name="versions", verbose_name=_("template")
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="template_version_unique"),
            models.UniqueConstraint(
                fields=["template"],
                condition=Q(status="draft"),
                name="template_one_draft",
            ),
        ]
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")

    def __str__(self) -> str:
        return _("%(template)s, version %(number)s") % {
            "template": self.template,
            "number": self.number,
        }

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class Section(models.Model):
    """A part of an interview form: a group of questions, or a block of live data."""

    version = models.ForeignKey(
        TemplateVersion, models.CASCADE, related_name="sections", verbose_name=_("version")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    labels = models.JSONField(_("title"), default=dict)
    help = models.JSONField(_("introduction"), default=dict, blank=True)
    block_code = models.CharField(
        _("block"),
        max_length=50,
        blank=True,
        help_text=_("Leave empty for a section of questions."),
    )
    block_options = models.JSONField(_("block options"), default=dict, blank=True)

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick_label(self.labels)

    @property
    def help_text(self) -> str:
        return pick_label(self.help)

    @property
    def block(self):
        from parcours.interviews.blocks import get_block

        return get_block(self.block_code) if self.block_code else None


class Question(models.Model):
    """A question of a section, with who answers it and how."""

    section = models.ForeignKey(
        Section, models.CASCADE, related_name="questions", verbose_name=_("section")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    type = models.CharField(_("type"), max_length=20, choices=QuestionType.choices)
    labels = models.JSONField(_("question"), default=dict)
    help = models.JSONField(_("help text"), default=dict, blank=True)
    required = models.BooleanField(_("required"), default=False)
    respondent = models.CharField(
        _("answered by"), max_length=20, choices=Respondent.choices, default=Respondent.MANAGER
    )
    # Scale: {"levels": [{"value": 1, "labels": {...}}, ...]};
    # choices: {"choices": [{"value": "1", "labels": {...}}, ...]}; number: {"min", "max"}.
    options = models.JSONField(_("options"), default=dict, blank=True)

    class Meta:
        ordering = ["section", "position", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick_label(self.labels)

    @property
    def help_text(self) -> str:
        return pick_label(self.help)

    @property
    def sides(self) -> tuple[str, ...]:
        return SIDES[self.respondent]

    @property
    def option_items(self) -> list[tuple[str, str]]:
        """(value, label) of the scale levels or choices, in the active language."""
        key = "levels" if self.type == QuestionType.SCALE else "choices"
        return [
            (str(item["value"]), pick_label(item.get("labels"), str(item["value"])))
            for item in self.options.get(key, [])
        ]


class CampaignQuerySet(models.QuerySet):
    def for_user(self, user):
        """Group-wide roles see every campaign; others those touching their sites or people."""
        scope = scope_for(user)
        if not scope.has_any_role:
            return self.none()
        if scope.whole_group:
            return self
        visible = Interview.objects.for_user(user).values("campaign_id")
        q = Q(pk__in=visible) | Q(created_by_id=user.pk)
        if scope.hr_site_ids:
            q |= Q(sites__in=scope.hr_site_ids) | Q(sites__isnull=True)
        return self.filter(pk__in=Campaign.objects.filter(q).values("pk"))


class Campaign(models.Model):
    """A round of interviews of one kind, over a period, for the employees in its scope."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.ForeignKey(
        InterviewKind, models.PROTECT, related_name="campaigns", verbose_name=_("kind")
    )
    opens_on = models.DateField(_("opening"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    legal_entities = models.ManyToManyField(
        LegalEntity, blank=True, related_name="+", verbose_name=_("legal entities")
    )
    sites = models.ManyToManyField(Site, blank=True, related_name="+", verbose_name=_("sites"))
    departments = models.ManyToManyField(
        Department, blank=True, related_name="+", verbose_name=_("departments")
    )
    teams = models.ManyToManyField(Team, blank=True, related_name="+", verbose_name=_("teams"))
    categories = models.ManyToManyField(
        EmployeeCategory, blank=True, related_name="+", verbose_name=_("categories")
    )
    hired_on_or_after = models.DateField(_("hired on or after"), null=True, blank=True)
    hired_on_or_before = models.DateField(_("hired on or before"), null=True, blank=True)
    reminder_interval_days = models.PositiveSmallIntegerField(
        _("remind every (days)"),
        default=7,
        help_text=_("Reminders go out every so many days from the opening; 0: no reminders."),
    )
    remind_employees = models.BooleanField(
        _("remind employees to prepare"),
        default=True,
    )
    last_reminders_on = models.DateField(_("last reminders sent on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    launched_at = models.DateTimeField(_("launched on"), null=True, blank=True)
    late_hires_added_at = models.DateTimeField(_("late hires last added on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    # Launched for a named list of employees (e.g. those the compliance pages find due):
    # the employees hired since are not added to it.
    named_employees = models.BooleanField(
        _("for a named list of employees"),
        default=False,
        help_text=_("Only the employees it was launched for; no employee is added by scope."),
    )
    history = HistoricalRecords(excluded_fields=["created_at", "last_reminders_on"])
    objects = CampaignQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opens_on")),
                name="campaign_deadline_after_opening",
            )
        ]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")

    def __str__(self) -> str:
        return self.name

    @property
    def is_late(self) -> bool:
        return self.deadline < timezone.localdate()


class CampaignTemplate(models.Model):
    """Which template a campaign uses for the employees of one category."""

    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="template_choices", verbose_name=_("campaign")
    )
    category = models.ForeignKey(
        EmployeeCategory, models.PROTECT, related_name="+", verbose_name=_("category")
    )
    template = models.ForeignKey(
        InterviewTemplate, models.PROTECT, related_name="+", verbose_name=_("template")
    )

    class Meta:
        ordering = ["category__ordering", "category__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "category"], name="campaign_template_unique_category"
            )
        ]
        verbose_name = _("template of a category")
        verbose_name_plural = _("templates by category")

    def __str__(self) -> str:
        return f"{self.category} → {self.template}"


class InterviewerOverride(models.Model):
    """In a campaign, the interviews of a team or of one employee go to someone else than
    the line manager."""

    campaign = models.ForeignKey(
        Campaign, models.CASCADE, related_name="overrides", verbose_name=_("campaign")
    )
    team = models.ForeignKey(
        Team, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("team")
    )
    employee = models.ForeignKey(
        Employee,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employee"),
    )
    interviewer = models.ForeignKey(
        Employee, models.CASCADE, related_name="+", verbose_name=_("interviewer")
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=True, employee__isnull=False)
                | Q(team__isnull=False, employee__isnull=True),
                name="override_team_or_employee",
            ),
            models.UniqueConstraint(
                fields=["campaign", "team"],
                name="override_unique_team",
                condition=Q(team__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["campaign", "employee"],
                name="override_unique_employee",
                condition=Q(employee__isnull=False),
            ),
        ]
        verbose_name = _("interviewer override")
        verbose_name_plural = _("interviewer overrides")

    def __str__(self) -> str:
        return f"{self.team or self.employee} → {self.interviewer}"


class InterviewQuerySet(models.QuerySet):
    def for_user(self, user):
        """Group HR and auditors: all; site HR: their sites; a manager: the interviews they
        conduct and those of every report below them; an employee: their own."""
        scope = scope_for(user)
        if not scope.has_any_role:
            return self.none()
        # Training coordinators hold sites but read no interviews.
        q = replace(scope, site_ids=scope.hr_site_ids).employee_q("employee__")
        if q is None:
            return self
        if scope.employee_id is not None:
            q |= Q(interviewer_id=scope.employee_id)
        return self.filter(q)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Interview(models.Model):
    """One employee's interview in a campaign, held by their interviewer."""

    campaign = models.ForeignKey(
        Campaign, models.PROTECT, related_name="interviews", verbose_name=_("campaign")
    )
    employee = models.ForeignKey(
        Employee, models.PROTECT, related_name="interviews", verbose_name=_("employee")
    )
    interviewer = models.ForeignKey(
        Employee,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="conducted_interviews",
        verbose_name=_("interviewer"),
    )
    template_version = models.ForeignKey(
        TemplateVersion, models.PROTECT, related_name="interviews", verbose_name=_("template")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterviewStatus.choices,
        default=InterviewStatus.TO_PLAN,
    )
    scheduled_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    prepared_at = models.DateTimeField(_("preparation submitted on"), null=True, blank=True)
    held_at = models.DateTimeField(_("held on"), null=True, blank=True)
    signed_at = models.DateTimeField(_("signed by both on"), null=True, blank=True)
    followed_up_at = models.DateTimeField(_("followed up on"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up"), blank=True)
    cancelled_at = models.DateTimeField(_("cancelled on"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    reopen_reason = models.CharField(_("reason for reopening"), max_length=300, blank=True)
    interviewer_notes = models.TextField(
        _("private notes of the interviewer"),
        blank=True,
        help_text=_("Never shown to the employee and not part of the report."),
    )
    # Optimistic locking: every change of the interview itself increments `version`; the
    # private notes have their own, as they are typed while the status moves on.
    version = models.PositiveIntegerField(default=1)
    notes_version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(
        excluded_fields=["created_at", "updated_at", "version", "notes_version"]
    )
    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["campaign", "employee__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "employee"], name="interview_one_per_campaign"
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "status"]),
            models.Index(fields=["interviewer", "status"]),
            models.Index(fields=["employee", "status"]),
        ]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self) -> str:
        return _("%(kind)s of %(employee)s") % {
            "kind": self.campaign.kind if self.campaign_id else "",
            "employee": self.employee.full_name if self.employee_id else "",
        }

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_late(self) -> bool:
        return self.is_open and self.campaign.deadline < timezone.localdate()


class Answer(models.Model):
    """What the employee, the manager or both together answered to one question.

    Keyed by interview, question and side: a resubmitted answer updates the same row; the
    version lets two people editing at once see each other's change instead of losing it.
    """

    interview = models.ForeignKey(Interview, models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, models.PROTECT, related_name="answers")
    side = models.CharField(_("answered by"), max_length=20, choices=Side.choices)
    value = models.JSONField(_("answer"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "question", "side"], name="answer_unique_side"
            )
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.interview_id}/{self.question_id}/{self.side}"


class BlockData(models.Model):
    """What a block of an interview saved (its own format), with a version like answers."""

    interview = models.ForeignKey(Interview, models.CASCADE, related_name="block_data")
    section = models.ForeignKey(Section, models.PROTECT, related_name="+")
    data = models.JSONField(default=dict)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "section"], name="block_data_unique")
        ]

    def __str__(self) -> str:
        return f"{self.interview_id}/{self.section_id}"


class SignatureQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(voided_at__isnull=True)


class Signature(models.Model):
    """The employee's or the interviewer's signature of the report, with who and when."""

    interview = models.ForeignKey(Interview, models.CASCADE, related_name="signatures")
    role = models.CharField(_("signed as"), max_length=20, choices=SignatureRole.choices)
    signer = models.ForeignKey(
        Employee, models.PROTECT, related_name="+", verbose_name=_("signed by")
    )
    signer_name = models.CharField(_("name"), max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded in the session of"),
    )
    method = models.CharField(_("how"), max_length=20, choices=SignatureMethod.choices)
    image = models.TextField(_("drawn signature"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    disagrees = models.BooleanField(_("disagrees with the report"), default=False)
    signed_at = models.DateTimeField(_("signed on"))
    voided_at = models.DateTimeField(_("voided on"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["image"])
    objects = SignatureQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "role"],
                condition=Q(voided_at__isnull=True),
                name="signature_one_per_role",
            )
        ]
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.signer_name}"

    @property
    def employee_id(self) -> int:
        """The audit trail files the signature under the interviewed employee."""
        return self.interview.employee_id


def _report_path(report: InterviewReport, filename: str) -> str:
    return f"interviews/reports/{report.interview_id}/{filename}"


class InterviewReport(models.Model):
    """The signed report as a PDF, with the SHA-256 digest taken when it was made."""

    interview = models.ForeignKey(Interview, models.PROTECT, related_name="reports")
    file = models.FileField(_("PDF"), upload_to=_report_path, max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    language = models.CharField(_("language"), max_length=10, default="en")
    # What was signed, as JSON: the answers and what each block contributed.
    content = models.JSONField(default=dict)
    created_at = models.DateTimeField(_("made on"), default=timezone.now)
    voided_at = models.DateTimeField(_("voided on"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["interview", "-created_at", "-pk"]
        verbose_name = _("signed report")
        verbose_name_plural = _("signed reports")

    def __str__(self) -> str:
        return f"{self.interview_id}: {self.sha256[:12]}"

    @property
    def employee_id(self) -> int:
        return self.interview.employee_id


class ResultNoteQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(employee__in=Employee.objects.for_user(user).values("pk"))


class ResultNote(models.Model):
    """A result the manager saw during the year (a target met, an incident handled...),
    noted for the next interview."""

    employee = models.ForeignKey(
        Employee, models.CASCADE, related_name="result_notes", verbose_name=_("employee")
    )
    noted_on = models.DateField(_("date"), default=timezone.localdate)
    text = models.TextField(_("result"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()
    objects = ResultNoteQuerySet.as_manager()

    class Meta:
        ordering = ["employee", "-noted_on", "-pk"]
        verbose_name = _("result seen")
        verbose_name_plural = _("results seen")

    def __str__(self) -> str:
        return f"{self.noted_on} {self.text[:40]}"


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """A person reads only the notifications addressed to them."""
        employee_id = scope_for(user).employee_id
        return self.filter(recipient_id=employee_id) if employee_id else self.none()

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A message to an employee or interviewer, shown in the app and e-mailed when they
    have an address."""

    recipient = models.ForeignKey(Employee, models.CASCADE, related_name="interview_notifications")
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    campaign = models.ForeignKey(
        Campaign, models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    interview = models.ForeignKey(
        Interview, models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    subject = models.CharField(_("subject"), max_length=300)
    text = models.TextField(_("message"))
    emailed = models.BooleanField(_("sent by e-mail"), default=False)
    created_at = models.DateTimeField(_("sent on"), default=timezone.now)
    read_at = models.DateTimeField(_("read on"), null=True, blank=True)
    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.subject
