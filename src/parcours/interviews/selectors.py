"""Reads of interviews, each in a fixed number of queries whatever the data size."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from parcours.interviews.blocks import BlockContext
from parcours.interviews.choices import (
    LOCKED_STATUSES,
    OPEN_STATUSES,
    InterviewStatus,
    Side,
)
from parcours.interviews.models import (
    Campaign,
    Interview,
    InterviewTemplate,
    Question,
    Section,
    TemplateVersion,
)
from parcours.interviews.services import (
    EMPLOYEE,
    INTERVIEWER,
    editable_sides,
    interview_roles,
    visible_sides,
)
from parcours.interviews.values import display_value, form_strings

INTERVIEW_RELATED = (
    "campaign__kind",
    "employee__site",
    "employee__position",
    "employee__team",
    "employee__category",
    "interviewer",
    "template_version__template",
)


def interview_list(*, user):
    return Interview.objects.for_user(user).select_related(
        "campaign", "employee__site", "employee__team", "interviewer"
    )


def interview_get(*, user, pk: int) -> Interview | None:
    return Interview.objects.for_user(user).select_related(*INTERVIEW_RELATED).filter(pk=pk).first()


def previous_interview(*, interview: Interview) -> Interview | None:
    """The employee's last signed interview before this one."""
    previous = (
        Interview.objects.filter(
            employee_id=interview.employee_id,
            status__in=LOCKED_STATUSES,
            signed_at__isnull=False,
        )
        .exclude(pk=interview.pk)
        .select_related("campaign__kind", "interviewer", "template_version")
    )
    if interview.signed_at:
        previous = previous.filter(signed_at__lt=interview.signed_at)
    return previous.order_by("-signed_at").first()


# The interview form ------------------------------------------------------------------


@dataclass
class Slot:
    """One answer box: a question answered by one side."""

    question: Question
    side: str
    value: Any = None
    version: int = 0
    editable: bool = False
    updated_by: Any = None
    updated_at: Any = None
    error: str = ""
    conflict: Any = None
    interview_id: int | None = None
    # After a save: "saved", "unchanged", "error", "conflict" or "taken".
    state: str = ""
    # The value the editor started from; the submitted strings when they were refused.
    initial: Any = None
    raw: list | None = None

    def __post_init__(self):
        self.initial = self.value

    @property
    def name(self) -> str:
        return f"q{self.question.pk}-{self.side}"

    @property
    def side_label(self) -> str:
        return Side(self.side).label

    @property
    def strings(self) -> list[str]:
        if self.raw is not None:
            return self.raw
        return form_strings(self.question, self.value)

    @property
    def display(self) -> str:
        return display_value(self.question, self.value)

    @property
    def initial_json(self) -> str:
        return json.dumps(self.initial)

    @property
    def conflict_display(self) -> str:
        return display_value(self.question, self.conflict.current_value) if self.conflict else ""

    @property
    def single(self) -> str:
        strings = self.strings
        return strings[0] if strings else ""


@dataclass
class NotesSlot:
    """The interviewer's private notes, saved like an answer."""

    value: str = ""
    version: int = 1
    editable: bool = False
    state: str = ""
    conflict: Any = None
    error: str = ""
    initial: Any = None
    name: str = "notes"

    def __post_init__(self):
        self.initial = self.value

    @property
    def initial_json(self) -> str:
        return json.dumps(self.initial)

    @property
    def display(self) -> str:
        return self.value or ""

    @property
    def conflict_display(self) -> str:
        return self.conflict.current_value if self.conflict else ""


@dataclass
class QuestionView:
    question: Question
    slots: list[Slot]


@dataclass
class SectionView:
    section: Section
    questions: list[QuestionView] = field(default_factory=list)
    block_html: str = ""


def build_form(
    *,
    version: TemplateVersion,
    interview: Interview | None,
    roles: frozenset[str],
    user=None,
    request=None,
    answers: dict | None = None,
) -> list[SectionView]:
    """The sections of an interview as this person sees them: which answers they see and
    which they may type. With no interview, a preview of the version for these roles."""
    sections = list(
        version.sections.prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "pk"))
        ).order_by("position", "pk")
    )
    if interview is not None:
        visible = visible_sides(interview, roles)
        editable = editable_sides(interview, roles)
        if answers is None:
            answers = {
                (a.question_id, a.side): a for a in interview.answers.select_related("updated_by")
            }
    else:
        # A preview shows what each side sees when the interview starts.
        preview = Interview(status=InterviewStatus.TO_PLAN)
        visible = visible_sides(preview, roles)
        editable = visible if roles & {EMPLOYEE, INTERVIEWER} else set()
        answers = {}
    viewer = (
        "employee" if roles == {EMPLOYEE} else ("interviewer" if INTERVIEWER in roles else "reader")
    )
    views = []
    for section in sections:
        view = SectionView(section=section)
        block = section.block
        if block is not None:
            ctx = BlockContext(
                section=section,
                interview=interview,
                viewer=viewer,
                editable=bool(editable) and interview is not None,
                user=user,
                request=request,
            )
            view.block_html = block.render(ctx)
        for question in section.questions.all():
            slots = []
            for side in question.sides:
                if side not in visible:
                    continue
                answer = answers.get((question.pk, side))
                slots.append(
                    Slot(
                        question=question,
                        side=side,
                        value=answer.value if answer else None,
                        version=answer.version if answer else 0,
                        editable=side in editable,
                        updated_by=answer.updated_by if answer else None,
                        updated_at=answer.updated_at if answer else None,
                        interview_id=interview.pk if interview is not None else None,
                    )
                )
            if slots:
                view.questions.append(QuestionView(question=question, slots=slots))
        if view.questions or view.block_html:
            views.append(view)
    return views


def report_rows(*, interview: Interview, viewer: str = "reader") -> list[SectionView]:
    """The report of a signed interview: every answer, read only."""
    return build_form(
        version=interview.template_version,
        interview=interview,
        roles=frozenset({"reader"}),
    )


def page_context(*, interview: Interview, user, request=None) -> dict:
    """What the interview page needs, in a fixed number of queries."""
    from parcours.interviews.reports import current_report
    from parcours.interviews.services import allowed_actions

    roles = interview_roles(user, interview)
    sections = build_form(
        version=interview.template_version,
        interview=interview,
        roles=roles,
        user=user,
        request=request,
    )
    signatures = list(interview.signatures.valid().order_by("role"))
    return {
        "interview": interview,
        "roles": roles,
        "is_employee_view": roles == {EMPLOYEE},
        "sections": sections,
        "actions": allowed_actions(interview, roles),
        "signatures": signatures,
        "signed_roles": {signature.role for signature in signatures},
        "report": current_report(interview) if interview.is_locked else None,
        "show_notes": bool(roles - {EMPLOYEE}) or (not roles),
        "notes": NotesSlot(
            value=interview.interviewer_notes,
            version=interview.notes_version,
            editable=INTERVIEWER in roles,
        ),
        "any_editable": any(
            slot.editable for view in sections for q in view.questions for slot in q.slots
        ),
    }


# Templates ---------------------------------------------------------------------------


def template_list(*, user):
    return (
        InterviewTemplate.objects.for_user(user)
        .select_related("kind")
        .prefetch_related(
            "categories",
            Prefetch("versions", queryset=TemplateVersion.objects.order_by("-number")),
        )
        .annotate(interview_count=Count("versions__interviews", distinct=True))
    )


# The board ---------------------------------------------------------------------------

BOARD_GROUPS = {
    "campaign": ("campaign_id", "campaign__name"),
    "legal_entity": ("employee__legal_entity_id", "employee__legal_entity__name"),
    "site": ("employee__site_id", "employee__site__name"),
    "department": ("employee__team__department_id", "employee__team__department__name"),
    "manager": ("interviewer_id", None),
}

BOARD_GROUP_LABELS = [
    ("campaign", gettext_lazy("Campaign")),
    ("legal_entity", gettext_lazy("Legal entity")),
    ("site", gettext_lazy("Site")),
    ("department", gettext_lazy("Department")),
    ("manager", gettext_lazy("Interviewer")),
]
# The filter of the interview list that each grouping drills down to.
BOARD_FILTER_KEYS = {
    "campaign": "campaign",
    "legal_entity": "legal_entity",
    "site": "site",
    "department": "department",
    "manager": "interviewer",
}

STATUS_COLUMNS = [
    InterviewStatus.TO_PLAN,
    InterviewStatus.PLANNED,
    InterviewStatus.PREPARED,
    InterviewStatus.HELD,
    InterviewStatus.SIGNED,
    InterviewStatus.FOLLOWED_UP,
]


def _counts() -> dict:
    today = timezone.localdate()
    counts = {status.value: Count("pk", filter=Q(status=status)) for status in STATUS_COLUMNS}
    counts["cancelled"] = Count("pk", filter=Q(status=InterviewStatus.CANCELLED))
    counts["late"] = Count("pk", filter=Q(status__in=OPEN_STATUSES, campaign__deadline__lt=today))
    counts["total"] = Count("pk", filter=~Q(status=InterviewStatus.CANCELLED))
    return counts


@dataclass
class BoardRow:
    key: Any
    label: str
    counts: dict
    # The query string of the interview list that shows this row's interviews.
    query: str = ""

    @property
    def cells(self) -> list[tuple[Any, int]]:
        return [(status, self.counts[status.value]) for status in STATUS_COLUMNS]

    @property
    def done(self) -> int:
        return self.counts["signed"] + self.counts["followed_up"]

    @property
    def percent_done(self) -> int:
        total = self.counts["total"]
        return round(100 * self.done / total) if total else 0


def board(*, interviews, group: str) -> tuple[BoardRow, list[BoardRow]]:
    """Counts by status and what is late, in total and by group: two queries."""
    key, label = BOARD_GROUPS[group]
    total = BoardRow(None, "", interviews.aggregate(**_counts()))
    if label is None:
        values = interviews.values(
            key, "interviewer__first_name", "interviewer__last_name"
        ).annotate(**_counts())
        rows = [
            BoardRow(
                row[key],
                " ".join(
                    filter(None, [row["interviewer__first_name"], row["interviewer__last_name"]])
                ),
                row,
            )
            for row in values.order_by("interviewer__last_name", "interviewer__first_name", key)
        ]
    else:
        values = interviews.values(key, label).annotate(**_counts()).order_by(label, key)
        rows = [BoardRow(row[key], row[label] or "", row) for row in values]
    return total, rows


def next_interviews(*, user, limit: int = 20):
    """The interviews this person conducts, the next planned first, then those to plan."""
    from parcours.core.scope import scope_for

    employee_id = scope_for(user).employee_id
    if employee_id is None:
        return Interview.objects.none()
    return (
        Interview.objects.filter(interviewer_id=employee_id, status__in=OPEN_STATUSES)
        .select_related("employee", "campaign")
        .order_by(
            F("scheduled_at").asc(nulls_last=True),
            "campaign__deadline",
            "employee__last_name",
        )[:limit]
    )


def campaign_list(*, user):
    return (
        Campaign.objects.for_user(user)
        .select_related("kind")
        .annotate(
            interview_count=Count("interviews", distinct=True),
            done_count=Count(
                "interviews",
                filter=Q(interviews__status__in=LOCKED_STATUSES),
                distinct=True,
            ),
        )
    )
