"""Every change to templates, campaigns and interviews.

Views, the API, tasks and the demo all come here. Each function checks what it is asked,
refuses with a translated message (a ValidationError for what cannot be done now, a
PermissionDenied for what this person may not do), records the audit trail with a dotted
action key and returns the fresh object.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parcours.core.scope import scope_for
from parcours.interviews.blocks import get_block
from parcours.interviews.choices import (
    LOCKED_STATUSES,
    TYPES_WITH_OPTIONS,
    CampaignStatus,
    InterviewStatus,
    QuestionType,
    Side,
    SignatureMethod,
    SignatureRole,
    VersionStatus,
)
from parcours.interviews.labels import clean_labels, language_codes
from parcours.interviews.models import (
    Answer,
    BlockData,
    Campaign,
    CampaignTemplate,
    Interview,
    InterviewerOverride,
    InterviewKind,
    InterviewTemplate,
    Question,
    ResultNote,
    Section,
    Signature,
    TemplateVersion,
)
from parcours.interviews.values import validate_value
from parcours.organisation.models import Employee, EmployeeCategory, Site


def _audit(obj, user, action: str | None = None) -> None:
    obj._history_user = user if getattr(user, "pk", None) else None
    if action:
        obj._change_reason = action


# Kinds and templates -----------------------------------------------------------------


@transaction.atomic
def kind_save(*, kind: InterviewKind, user) -> InterviewKind:
    kind.labels = clean_labels(kind.labels)
    if not kind.labels:
        raise ValidationError({"labels": _("Give the kind of interview a name.")})
    kind.full_clean()
    _audit(kind, user)
    kind.save()
    return kind


@transaction.atomic
def template_create(*, kind: InterviewKind, labels: dict, categories=(), user) -> InterviewTemplate:
    """A new template with an empty draft, version 1."""
    labels = clean_labels(labels)
    if not labels:
        raise ValidationError({"labels": _("Give the template a name.")})
    template = InterviewTemplate(kind=kind, labels=labels)
    _audit(template, user, "parcours.template.created")
    template.save()
    template.categories.set(categories)
    version = TemplateVersion(template=template, number=1)
    _audit(version, user)
    version.save()
    return template


@transaction.atomic
def template_update(
    *, template: InterviewTemplate, kind: InterviewKind, labels: dict, categories, user
) -> InterviewTemplate:
    """Name, kind and categories; the questions change only in a draft version."""
    labels = clean_labels(labels)
    if not labels:
        raise ValidationError({"labels": _("Give the template a name.")})
    template.kind = kind
    template.labels = labels
    _audit(template, user)
    template.save()
    template.categories.set(categories)
    return template


def latest_published(template: InterviewTemplate) -> TemplateVersion | None:
    return template.versions.filter(status=VersionStatus.PUBLISHED).order_by("-number").first()


@transaction.atomic
def version_draft(*, template: InterviewTemplate, user) -> TemplateVersion:
    """The draft to edit: the existing one, or a copy of the published version."""
    draft = template.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft
    source = latest_published(template)
    number = (template.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    draft = TemplateVersion(template=template, number=number)
    _audit(draft, user, "parcours.template.draft_started")
    draft.save()
    if source is not None:
        _copy_content(source, draft)
    return draft


def _copy_content(source: TemplateVersion, target: TemplateVersion) -> None:
    sections = list(source.sections.prefetch_related("questions").order_by("position", "pk"))
    copies = Section.objects.bulk_create(
        Section(
            version=target,
            position=section.position,
            labels=section.labels,
            help=section.help,
            block_code=section.block_code,
            block_options=section.block_options,
        )
        for section in sections
    )
    Question.objects.bulk_create(
        Question(
            section=copy,
            position=question.position,
            type=question.type,
            labels=question.labels,
            help=question.help,
            required=question.required,
            respondent=question.respondent,
            options=question.options,
        )
        for section, copy in zip(sections, copies, strict=True)
        for question in section.questions.all()
    )


def _check_draft(version: TemplateVersion) -> None:
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(
            _(
                "Version %(number)s of this template is published and can no longer change: "
                "edit the template to start a new draft."
            )
            % {"number": version.number}
        )


@transaction.atomic
def section_save(*, section: Section, user) -> Section:
    _check_draft(section.version)
    section.labels = clean_labels(section.labels)
    section.help = clean_labels(section.help)
    if not section.labels:
        raise ValidationError({"labels": _("Give the section a title.")})
    if section.block_code and get_block(section.block_code) is None:
        raise ValidationError({"block_code": _("This block is not available.")})
    if section.pk is None:
        top = section.version.sections.aggregate(top=Max("position"))["top"]
        section.position = 0 if top is None else top + 1
    section.save()
    return section


@transaction.atomic
def section_delete(*, section: Section, user) -> None:
    _check_draft(section.version)
    section.delete()


def _option_list(question: Question) -> list:
    key = "levels" if question.type == QuestionType.SCALE else "choices"
    return question.options.get(key, [])


def check_question(question: Question) -> None:
    """A question that can be asked: a text, and levels or choices where its type needs."""
    errors: dict[str, str] = {}
    question.labels = clean_labels(question.labels)
    question.help = clean_labels(question.help)
    if not question.labels:
        errors["labels"] = _("Type the question.")
    if question.type not in QuestionType.values:
        errors["type"] = _("Unknown type of question.")
    if question.type in TYPES_WITH_OPTIONS:
        items = _option_list(question)
        values = [str(item.get("value")) for item in items]
        if len(items) < 2:
            errors["options"] = (
                _("A rating scale needs at least two levels.")
                if question.type == QuestionType.SCALE
                else _("Give at least two answers to choose from.")
            )
        elif len(set(values)) != len(values) or any(not item.get("labels") for item in items):
            errors["options"] = _("Each level or choice needs its own value and a label.")
    if question.type == QuestionType.NUMBER:
        low, high = question.options.get("min"), question.options.get("max")
        if low is not None and high is not None and low > high:
            errors["options"] = _("The minimum is above the maximum.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def question_save(*, question: Question, user) -> Question:
    _check_draft(question.section.version)
    check_question(question)
    if question.pk is None:
        top = question.section.questions.aggregate(top=Max("position"))["top"]
        question.position = 0 if top is None else top + 1
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question, user) -> None:
    _check_draft(question.section.version)
    question.delete()


@transaction.atomic
def item_move(*, item: Section | Question, direction: int, user) -> None:
    """Move a section or a question one place up (-1) or down (+1)."""
    if isinstance(item, Section):
        _check_draft(item.version)
        siblings = list(item.version.sections.order_by("position", "pk"))
    else:
        _check_draft(item.section.version)
        siblings = list(item.section.questions.order_by("position", "pk"))
    index = next(i for i, other in enumerate(siblings) if other.pk == item.pk)
    target = index + (1 if direction > 0 else -1)
    if not 0 <= target < len(siblings):
        return
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])


@transaction.atomic
def template_publish(*, version: TemplateVersion, user) -> TemplateVersion:
    """Freeze a draft: from now on interviews may use it and it never changes."""
    version = TemplateVersion.objects.select_for_update().get(pk=version.pk)
    _check_draft(version)
    sections = list(version.sections.prefetch_related("questions"))
    if not any(section.block_code or section.questions.all() for section in sections):
        raise ValidationError(_("Add at least one question or block before publishing."))
    for section in sections:
        for question in section.questions.all():
            try:
                check_question(question)
            except ValidationError as error:
                raise ValidationError(
                    _("The question “%(question)s” is not complete: %(problem)s")
                    % {"question": question.label, "problem": " ".join(error.messages)}
                ) from error
    for previous in version.template.versions.filter(status=VersionStatus.PUBLISHED):
        previous.status = VersionStatus.SUPERSEDED
        _audit(previous, user)
        previous.save()
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = user if getattr(user, "pk", None) else None
    _audit(version, user, "parcours.template.published")
    version.save()
    return version


@transaction.atomic
def template_duplicate(*, template: InterviewTemplate, user) -> InterviewTemplate:
    """A new template, as a draft, with the content of the latest version of this one."""
    source = template.versions.order_by("-number").first()
    labels = {}
    for code in language_codes():
        name = template.labels.get(code)
        if name:
            with translation.override(code):
                labels[code] = _("%(name)s (copy)") % {"name": name}
    copy = template_create(
        kind=template.kind, labels=labels, categories=template.categories.all(), user=user
    )
    if source is not None:
        _copy_content(source, copy.versions.get())
    return copy


# Campaigns ---------------------------------------------------------------------------


def _require_campaign_rights(user, campaign: Campaign | None, site_ids=None) -> None:
    """Group HR runs any campaign; site HR only campaigns limited to their own sites."""
    scope = scope_for(user)
    if scope.is_group_hr:
        return
    if not scope.is_site_hr:
        raise PermissionDenied(_("Only HR runs campaigns."))
    if site_ids is None:
        site_ids = set(campaign.sites.values_list("pk", flat=True)) if campaign else set()
    if not site_ids or not set(site_ids) <= set(scope.hr_site_ids):
        raise ValidationError(
            {"sites": _("Choose among your sites: site HR runs campaigns for their own sites.")}
        )


SCOPE_FIELDS = ("legal_entities", "sites", "departments", "teams", "categories")


@transaction.atomic
def campaign_save(*, campaign: Campaign, user, scope: dict | None = None) -> Campaign:
    """Create or change a campaign; `scope` holds the lists of its many-to-many fields."""
    if campaign.pk and campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("This campaign is closed and can no longer change."))
    scope = scope or {}
    site_ids = {getattr(site, "pk", site) for site in scope.get("sites", [])}
    if not scope and campaign.pk:
        site_ids = set(campaign.sites.values_list("pk", flat=True))
    _require_campaign_rights(user, None, site_ids)
    errors = {}
    if campaign.opens_on and campaign.deadline and campaign.deadline < campaign.opens_on:
        errors["deadline"] = _("The deadline is before the opening.")
    if (
        campaign.hired_on_or_after
        and campaign.hired_on_or_before
        and campaign.hired_on_or_before < campaign.hired_on_or_after
    ):
        errors["hired_on_or_before"] = _("No one can be hired before and after these dates.")
    if errors:
        raise ValidationError(errors)
    if campaign.pk and campaign.status != CampaignStatus.DRAFT:
        previous_kind = Campaign.objects.filter(pk=campaign.pk).values_list("kind", flat=True)[0]
        if previous_kind != campaign.kind_id:
            raise ValidationError({"kind": _("The kind of a launched campaign cannot change.")})
    if campaign.pk is None:
        campaign.created_by = user if getattr(user, "pk", None) else None
    campaign.full_clean(exclude=["created_by"])
    _audit(campaign, user, None if campaign.pk else "parcours.campaign.created")
    campaign.save()
    for name in SCOPE_FIELDS:
        if name in scope:
            getattr(campaign, name).set(scope[name])
    return campaign


@transaction.atomic
def campaign_set_template(
    *, campaign: Campaign, category: EmployeeCategory, template: InterviewTemplate | None, user
) -> None:
    """Which template the campaign uses for a category (None: leave the category out)."""
    _require_campaign_rights(user, campaign)
    if campaign.status == CampaignStatus.CLOSED:
        raise ValidationError(_("This campaign is closed and can no longer change."))
    if template is None:
        CampaignTemplate.objects.filter(campaign=campaign, category=category).delete()
        return
    if template.kind_id != campaign.kind_id:
        raise ValidationError(
            _("The template “%(template)s” is for another kind of interview.")
            % {"template": template.label}
        )
    CampaignTemplate.objects.update_or_create(
        campaign=campaign, category=category, defaults={"template": template}
    )


@transaction.atomic
def campaign_add_override(
    *, campaign: Campaign, interviewer: Employee, team=None, employee=None, user
) -> InterviewerOverride:
    _require_campaign_rights(user, campaign)
    if (team is None) == (employee is None):
        raise ValidationError(_("Choose either a team or an employee."))
    if employee is not None and employee.pk == interviewer.pk:
        raise ValidationError(_("Nobody interviews themself."))
    if not interviewer.active:
        raise ValidationError(_("This interviewer has left."))
    override, _created = InterviewerOverride.objects.update_or_create(
        campaign=campaign, team=team, employee=employee, defaults={"interviewer": interviewer}
    )
    return override


@transaction.atomic
def campaign_remove_override(*, override: InterviewerOverride, user) -> None:
    _require_campaign_rights(user, override.campaign)
    override.delete()


def eligible_employees(campaign: Campaign):
    """The active employees the campaign's scope covers."""
    employees = Employee.objects.filter(active=True)
    lookups = {
        "legal_entities": "legal_entity_id__in",
        "sites": "site_id__in",
        "departments": "team__department_id__in",
        "teams": "team_id__in",
        "categories": "category_id__in",
    }
    for name, lookup in lookups.items():
        ids = list(getattr(campaign, name).values_list("pk", flat=True))
        if ids:
            employees = employees.filter(**{lookup: ids})
    if campaign.hired_on_or_after:
        employees = employees.filter(hire_date__gte=campaign.hired_on_or_after)
    if campaign.hired_on_or_before:
        employees = employees.filter(hire_date__lte=campaign.hired_on_or_before)
    return employees


@dataclass
class LaunchResult:
    """What a launch (or an addition of late hires) created."""

    created: int = 0
    by_site: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    without_template: int = 0
    without_interviewer: int = 0


def _campaign_versions(campaign: Campaign) -> dict[int, int]:
    """The published version to use for each category of the campaign."""
    choices = list(campaign.template_choices.select_related("template"))
    if not choices:
        raise ValidationError(_("Choose a template for at least one category of employees."))
    versions = {}
    for choice in choices:
        version = latest_published(choice.template)
        if version is None:
            raise ValidationError(
                _("The template “%(template)s” has no published version yet: publish it first.")
                % {"template": choice.template.label}
            )
        versions[choice.category_id] = version.pk
    return versions


def _create_interviews(campaign: Campaign, user, employee_ids=None) -> LaunchResult:
    versions = _campaign_versions(campaign)
    by_employee, by_team = {}, {}
    for override in campaign.overrides.all():
        if override.employee_id:
            by_employee[override.employee_id] = override.interviewer_id
        else:
            by_team[override.team_id] = override.interviewer_id
    existing = set(campaign.interviews.values_list("employee_id", flat=True))
    eligible = eligible_employees(campaign)
    if employee_ids is not None:
        # Only these employees of the scope (the compliance pages name who is due).
        eligible = eligible.filter(pk__in=list(employee_ids))
    rows = eligible.values_list("pk", "manager_id", "team_id", "category_id", "site_id")
    result = LaunchResult()
    sites: Counter = Counter()
    categories: Counter = Counter()
    interviews = []
    for pk, manager_id, team_id, category_id, site_id in rows.iterator(chunk_size=5000):
        if pk in existing:
            continue
        version_id = versions.get(category_id)
        if version_id is None:
            result.without_template += 1
            continue
        interviewer_id = by_employee.get(pk) or by_team.get(team_id) or manager_id
        if interviewer_id == pk:
            interviewer_id = manager_id
        if interviewer_id is None:
            result.without_interviewer += 1
        interviews.append(
            Interview(
                campaign_id=campaign.pk,
                employee_id=pk,
                interviewer_id=interviewer_id,
                template_version_id=version_id,
            )
        )
        sites[site_id] += 1
        categories[category_id] += 1
    created = Interview.objects.bulk_create(interviews, batch_size=2000)
    if created:
        _first_history(campaign, created, user)
    result.created = len(created)
    site_names = dict(Site.objects.filter(pk__in=sites).values_list("pk", "name"))
    result.by_site = sorted(((site_names[pk], n) for pk, n in sites.items()), key=lambda r: r[0])
    labels = {c.pk: c.label for c in EmployeeCategory.objects.filter(pk__in=categories)}
    result.by_category = sorted(
        ((labels[pk], n) for pk, n in categories.items()), key=lambda r: r[0]
    )
    return result


def _first_history(campaign: Campaign, created: list[Interview], user) -> None:
    """The interviews' first historical records, so that their later changes show as
    changes in the audit trail. Copied in one INSERT ... SELECT: writing 20,000 of them
    from Python would take as long as the launch itself. The campaign row is locked, so
    the new interviews of this campaign are exactly those between the first and last id."""
    history = Interview.history.model
    own = {field.column for field in Interview._meta.concrete_fields}
    columns = [field.column for field in history._meta.concrete_fields if field.column in own]
    quote = connection.ops.quote_name
    listed = ", ".join(quote(column) for column in columns)
    ids = [interview.pk for interview in created]
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({listed}, {quote('history_date')}, "
        f"{quote('history_change_reason')}, {quote('history_type')}, {quote('history_user_id')}) "
        f"SELECT {listed}, %s, %s, %s, %s FROM {quote(Interview._meta.db_table)} "
        f"WHERE {quote('campaign_id')} = %s AND {quote('id')} BETWEEN %s AND %s"
    )
    params = [
        connection.ops.adapt_datetimefield_value(timezone.now()),
        "parcours.interview.created",
        "+",
        user.pk if getattr(user, "pk", None) else None,
        campaign.pk,
        min(ids),
        max(ids),
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@transaction.atomic
def campaign_launch(*, campaign: Campaign, user, employee_ids=None) -> LaunchResult:
    """Create every interview of the campaign at once (for `employee_ids` only, when given)."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_campaign_rights(user, campaign)
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError(_("This campaign has already been launched."))
    result = _create_interviews(campaign, user, employee_ids)
    if result.created == 0:
        raise ValidationError(
            _("No employee of this campaign's scope has a template: nothing to launch.")
        )
    campaign.status = CampaignStatus.RUNNING
    campaign.launched_at = timezone.now()
    _audit(campaign, user, "parcours.campaign.launched")
    campaign.save()
    return result


@transaction.atomic
def campaign_add_late_hires(*, campaign: Campaign, user, employee_ids=None) -> LaunchResult:
    """Interviews for the employees of the scope who have none yet (hired since launch);
    only for `employee_ids` when given (a return from leave). A campaign for a named list
    of employees takes only named ones."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_campaign_rights(user, campaign)
    if campaign.status != CampaignStatus.RUNNING:
        raise ValidationError(_("Employees can be added only to a running campaign."))
    if campaign.named_employees and employee_ids is None:
        raise ValidationError(
            _(
                "This campaign is for a named list of employees: the employees hired since"
                " its launch are not added to it."
            )
        )
    result = _create_interviews(campaign, user, employee_ids)
    if result.created:
        campaign.late_hires_added_at = timezone.now()
        _audit(campaign, user, "parcours.campaign.late_hires_added")
        campaign.save()
    return result


@transaction.atomic
def campaign_close(*, campaign: Campaign, user) -> Campaign:
    """End the campaign: no more reminders nor additions; its interviews stay as they are."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_campaign_rights(user, campaign)
    if campaign.status != CampaignStatus.RUNNING:
        raise ValidationError(_("Only a running campaign can be closed."))
    campaign.status = CampaignStatus.CLOSED
    campaign.closed_at = timezone.now()
    _audit(campaign, user, "parcours.campaign.closed")
    campaign.save()
    return campaign


# The interview lifecycle -------------------------------------------------------------

HR, INTERVIEWER, MANAGER, EMPLOYEE = "hr", "interviewer", "manager", "employee"


@dataclass(frozen=True)
class Transition:
    """One action on an interview: from which statuses to which, and by whom."""

    action: str
    done: Any  # what the action makes of the interview, for messages: "planned", ...
    moves: dict[str, str]
    actors: frozenset[str]

    @property
    def audit_key(self) -> str:
        return f"parcours.interview.{self.action}"


S = InterviewStatus
_OPEN = (S.TO_PLAN, S.PLANNED, S.PREPARED, S.HELD)

# The one table every status change goes through.
TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in [
        Transition(
            "planned",
            gettext_lazy("planned"),
            {S.TO_PLAN: S.PLANNED, S.PLANNED: S.PLANNED, S.PREPARED: S.PREPARED},
            frozenset({INTERVIEWER, MANAGER, HR}),
        ),
        Transition(
            "prepared",
            gettext_lazy("marked as prepared"),
            {S.TO_PLAN: S.PREPARED, S.PLANNED: S.PREPARED},
            frozenset({EMPLOYEE, INTERVIEWER, HR}),
        ),
        Transition(
            "held",
            gettext_lazy("marked as held"),
            {S.PLANNED: S.HELD, S.PREPARED: S.HELD},
            frozenset({INTERVIEWER, HR}),
        ),
        Transition(
            "signed",
            gettext_lazy("signed"),
            {S.HELD: S.HELD},
            frozenset({EMPLOYEE, INTERVIEWER}),
        ),
        Transition(
            "signed_by_both",
            gettext_lazy("signed"),
            {S.HELD: S.SIGNED},
            frozenset({EMPLOYEE, INTERVIEWER}),
        ),
        Transition(
            "followed_up",
            gettext_lazy("marked as followed up"),
            {S.SIGNED: S.FOLLOWED_UP},
            frozenset({INTERVIEWER, MANAGER, HR}),
        ),
        Transition(
            "cancelled",
            gettext_lazy("cancelled"),
            dict.fromkeys(_OPEN, S.CANCELLED),
            frozenset({INTERVIEWER, MANAGER, HR}),
        ),
        Transition(
            "reassigned",
            gettext_lazy("reassigned"),
            {S.TO_PLAN: S.TO_PLAN, S.PLANNED: S.PLANNED, S.PREPARED: S.PREPARED},
            frozenset({INTERVIEWER, MANAGER, HR}),
        ),
        Transition(
            "reopened",
            gettext_lazy("reopened"),
            {S.SIGNED: S.HELD, S.FOLLOWED_UP: S.HELD},
            frozenset({HR}),
        ),
    ]
}


def interview_roles(user, interview: Interview) -> frozenset[str]:
    """What the user is to this interview: HR of its site, its interviewer, a manager above
    the employee, the employee."""
    scope = scope_for(user)
    roles = set()
    if scope.is_group_hr or interview.employee.site_id in scope.hr_site_ids:
        roles.add(HR)
    me = scope.employee_id
    if me is not None:
        if me == interview.employee_id:
            roles.add(EMPLOYEE)
        elif me == interview.interviewer_id:
            roles.add(INTERVIEWER)
        elif Employee.objects.filter(scope.employee_q()).filter(pk=interview.employee_id).exists():
            roles.add(MANAGER)
    return frozenset(roles)


def allowed_actions(interview: Interview, roles: frozenset[str]) -> set[str]:
    """The actions this person can take now, to offer only those buttons."""
    return {
        action
        for action, transition in TRANSITIONS.items()
        if interview.status in transition.moves and roles & transition.actors
    }


def check_transition(interview: Interview, action: str, roles: frozenset[str]) -> Transition:
    transition = TRANSITIONS[action]
    if interview.status not in transition.moves:
        raise ValidationError(
            _("This interview is “%(status)s”: it cannot be %(action)s.")
            % {"status": interview.get_status_display(), "action": transition.done}
        )
    if not roles & transition.actors:
        raise PermissionDenied(
            _("You may not have this interview %(action)s.") % {"action": transition.done}
        )
    return transition


def _apply(interview: Interview, action: str, user, roles: frozenset[str], **changes) -> Interview:
    transition = check_transition(interview, action, roles)
    for name, value in changes.items():
        setattr(interview, name, value)
    interview.status = transition.moves[interview.status]
    interview.version += 1
    _audit(interview, user, transition.audit_key)
    interview.save()
    return interview


def _lock(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("employee", "interviewer", "campaign__kind", "template_version")
        .get(pk=interview.pk)
    )


def _check_version(interview: Interview, version: int | None) -> None:
    if version is not None and int(version) != interview.version:
        raise ValidationError(
            _(
                "Someone else changed this interview while you were editing it. "
                "Here it is as it is now; check it and make your change again."
            ),
            code="stale",
        )


@transaction.atomic
def interview_plan(
    *,
    interview: Interview,
    user,
    scheduled_at: datetime,
    location: str = "",
    version: int | None = None,
) -> Interview:
    interview = _lock(interview)
    roles = interview_roles(user, interview)
    check_transition(interview, "planned", roles)
    _check_version(interview, version)
    if scheduled_at is None:
        raise ValidationError({"scheduled_at": _("Give the date and time of the interview.")})
    return _apply(
        interview,
        "planned",
        user,
        roles,
        scheduled_at=scheduled_at,
        location=(location or "").strip()[:200],
    )


def missing_answers(interview: Interview, sides: set[str]) -> list[str]:
    """The required questions still without an answer on these sides."""
    questions = Question.objects.filter(
        section__version_id=interview.template_version_id, required=True
    ).order_by("section__position", "position")
    given = {
        (question_id, side)
        for question_id, side, value in interview.answers.values_list(
            "question_id", "side", "value"
        )
        if value not in (None, "", [])
    }
    missing = []
    for question in questions:
        for side in question.sides:
            if side in sides and (question.pk, side) not in given:
                missing.append(question.label)
                break
    return missing


@transaction.atomic
def interview_submit_preparation(
    *, interview: Interview, user, version: int | None = None
) -> Interview:
    """The employee's self-assessment is done (or the interviewer received it on paper)."""
    interview = _lock(interview)
    roles = interview_roles(user, interview)
    check_transition(interview, "prepared", roles)
    _check_version(interview, version)
    missing = missing_answers(interview, {Side.EMPLOYEE, Side.SHARED})
    if missing:
        raise ValidationError(
            _("Answer these questions first: %(questions)s") % {"questions": "; ".join(missing)}
        )
    return _apply(interview, "prepared", user, roles, prepared_at=timezone.now())


@transaction.atomic
def interview_hold(*, interview: Interview, user, version: int | None = None) -> Interview:
    """The interview took place and its report is complete: ready to sign."""
    interview = _lock(interview)
    roles = interview_roles(user, interview)
    check_transition(interview, "held", roles)
    _check_version(interview, version)
    missing = missing_answers(interview, {Side.MANAGER, Side.SHARED})
    for section in Section.objects.filter(version_id=interview.template_version_id):
        block = section.block
        if block is not None:
            missing += block.missing_for_hold(interview, section)
    if missing:
        raise ValidationError(
            _("Answer these questions first: %(questions)s") % {"questions": "; ".join(missing)}
        )
    return _apply(interview, "held", user, roles, held_at=timezone.now())


@transaction.atomic
def interview_sign(
    *,
    interview: Interview,
    user,
    role: str,
    method: str,
    image: str = "",
    comment: str = "",
    disagrees: bool = False,
) -> Interview:
    """Record one signature; the second one locks the report and makes its PDF.

    The employee signs in their own session (drawn or by confirming), or draws their
    signature on the interviewer's screen; the interviewer signs in their session.
    """
    interview = _lock(interview)
    roles = interview_roles(user, interview)
    check_transition(interview, "signed", roles)
    if role == SignatureRole.EMPLOYEE:
        in_person = INTERVIEWER in roles and method == SignatureMethod.DRAWN
        if EMPLOYEE not in roles and not in_person:
            raise PermissionDenied(
                _("The employee signs in their own session, or draws their signature here.")
            )
        signer = interview.employee
    elif role == SignatureRole.MANAGER:
        if INTERVIEWER not in roles:
            raise PermissionDenied(_("Only the interviewer signs as interviewer."))
        signer = interview.interviewer
        disagrees = False
    else:
        raise ValidationError(_("Say who signs: the employee or the interviewer."))
    if method == SignatureMethod.DRAWN and not image:
        raise ValidationError(_("Draw the signature in the box first."))
    if interview.signatures.valid().filter(role=role).exists():
        raise ValidationError(
            _("The %(role)s has already signed.") % {"role": SignatureRole(role).label.lower()}
        )
    signature = Signature(
        interview=interview,
        role=role,
        signer=signer,
        signer_name=signer.full_name,
        user=user if getattr(user, "pk", None) else None,
        method=method,
        image=image if method == SignatureMethod.DRAWN else "",
        comment=comment.strip(),
        disagrees=bool(disagrees),
        signed_at=timezone.now(),
    )
    _audit(signature, user, f"parcours.interview.signed_by_{role}")
    signature.save()
    signed_roles = set(interview.signatures.valid().values_list("role", flat=True))
    if signed_roles >= {SignatureRole.EMPLOYEE, SignatureRole.MANAGER}:
        from parcours.interviews.reports import report_create

        interview = _apply(
            interview, "signed_by_both", user, roles, signed_at=timezone.now(), reopen_reason=""
        )
        report_create(interview=interview, user=user)
    else:
        # Not a change of the interview's own fields: no history record of it.
        Interview.objects.filter(pk=interview.pk).update(version=F("version") + 1)
        interview.version += 1
    return interview


@transaction.atomic
def interview_follow_up(
    *, interview: Interview, user, note: str = "", version: int | None = None
) -> Interview:
    interview = _lock(interview)
    roles = interview_roles(user, interview)
    check_transition(interview, "followed_up", roles)
    _check_version(interview, version)
    return _apply(
        interview,
        "followed_up",
        user,
        roles,
        followed_up_at=timezone.now(),
        follow_up_note=(note or "").strip(),
    )


@transaction.atomic
def interview_cancel(
    *, interview: Interview, user, reason: str, version: int | None = None
) -> Interview:
    interview = _lock(interview)
    roles = interview_roles(user, interview)
    check_transition(interview, "cancelled", roles)
    _check_version(interview, version)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the interview is cancelled.")})
    return _apply(
        interview,
        "cancelled",
        user,
        roles,
        cancelled_at=timezone.now(),
        cancel_reason=reason[:300],
    )


@transaction.atomic
def interview_reassign(
    *, interview: Interview, user, interviewer: Employee, version: int | None = None
) -> Interview:
    interview = _lock(interview)
    roles = interview_roles(user, interview)
    check_transition(interview, "reassigned", roles)
    _check_version(interview, version)
    if interviewer is None:
        raise ValidationError({"interviewer": _("Choose the new interviewer.")})
    if interviewer.pk == interview.employee_id:
        raise ValidationError({"interviewer": _("Nobody interviews themself.")})
    if interviewer.pk == interview.interviewer_id:
        raise ValidationError({"interviewer": _("This person already holds the interview.")})
    if not interviewer.active:
        raise ValidationError({"interviewer": _("This person has left.")})
    return _apply(interview, "reassigned", user, roles, interviewer=interviewer)


@transaction.atomic
def interview_reopen(*, interview: Interview, user, reason: str) -> Interview:
    """HR unlocks a signed report: the signatures and the PDF are voided, kept for the
    trail, and the interview is held again, to be corrected and signed anew."""
    interview = _lock(interview)
    roles = interview_roles(user, interview)
    check_transition(interview, "reopened", roles)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the signed report is reopened.")})
    now = timezone.now()
    for signature in interview.signatures.valid():
        signature.voided_at = now
        _audit(signature, user, "parcours.interview.signature_voided")
        signature.save()
    for report in interview.reports.filter(voided_at__isnull=True):
        report.voided_at = now
        _audit(report, user, "parcours.interview.report_voided")
        report.save()
    return _apply(
        interview,
        "reopened",
        user,
        roles,
        reopen_reason=reason[:300],
        signed_at=None,
        followed_up_at=None,
    )


# Answers, blocks and notes -----------------------------------------------------------


class EditConflict(Exception):
    """Someone else saved this answer since the version the editor started from.

    Nothing was saved: the editor sees both versions and chooses.
    """

    def __init__(self, *, current_value, current_version: int, updated_by, updated_at, submitted):
        super().__init__("conflict")
        self.current_value = current_value
        self.current_version = current_version
        self.updated_by = updated_by
        self.updated_at = updated_at
        self.submitted = submitted


def editable_sides(interview: Interview, roles: frozenset[str]) -> set[str]:
    """Which answers this person may type now.

    The employee fills in their preparation until they submit it; the interviewer fills
    in their part, the shared answers, and the employee's on their behalf (paper, kiosk),
    until the first signature. A signed report never changes.
    """
    status = interview.status
    sides: set[str] = set()
    if EMPLOYEE in roles and status in (S.TO_PLAN, S.PLANNED):
        sides |= {Side.EMPLOYEE, Side.SHARED}
    interviewing = INTERVIEWER in roles and status in (S.TO_PLAN, S.PLANNED, S.PREPARED)
    if INTERVIEWER in roles and status == S.HELD:
        interviewing = not interview.signatures.valid().exists()
    if interviewing:
        sides |= {Side.EMPLOYEE, Side.MANAGER, Side.SHARED}
    return sides


def visible_sides(interview: Interview, roles: frozenset[str]) -> set[str]:
    """The employee sees the manager's answers once the report is ready to sign."""
    if roles - {EMPLOYEE} or not roles:
        return {Side.EMPLOYEE, Side.MANAGER, Side.SHARED}
    if interview.status in (S.HELD, *LOCKED_STATUSES):
        return {Side.EMPLOYEE, Side.MANAGER, Side.SHARED}
    return {Side.EMPLOYEE, Side.SHARED}


def _refuse_edit(interview: Interview, side: str, roles: frozenset[str]) -> None:
    if side in editable_sides(interview, roles):
        return
    if interview.is_locked:
        raise ValidationError(_("This report is signed and locked."))
    if interview.status == S.CANCELLED:
        raise ValidationError(_("This interview is cancelled."))
    if interview.status == S.HELD and interview.signatures.valid().exists():
        raise ValidationError(_("The report is being signed and can no longer change."))
    if EMPLOYEE in roles and side != Side.MANAGER:
        raise ValidationError(_("Your preparation has been submitted and can no longer change."))
    raise PermissionDenied(_("You may not answer this part of the interview."))


@transaction.atomic
def answer_save(
    *,
    interview: Interview,
    question: Question,
    side: str,
    value,
    version: int | None,
    user,
    roles: frozenset[str] | None = None,
) -> Answer:
    """Save one answer, keyed by interview, question and side.

    `version` is the one the editor started from (0 when there was no answer). Saving
    the same value again changes nothing, so a resubmit after a lost response is
    harmless; a different value over a newer version raises EditConflict.
    """
    if question.section.version_id != interview.template_version_id:
        raise ValidationError(_("This question is not part of this interview."))
    if side not in question.sides:
        raise ValidationError(_("This question is not answered by this side."))
    roles = roles if roles is not None else interview_roles(user, interview)
    _refuse_edit(interview, side, roles)
    value = validate_value(question, value)
    version = int(version or 0)
    key = {"interview": interview, "question": question, "side": side}
    existing = Answer.objects.filter(**key).first()
    if existing is None:
        if value is None:
            return Answer(**key, value=None, version=0)
        try:
            with transaction.atomic():
                return Answer.objects.create(**key, value=value, version=1, updated_by=user)
        except IntegrityError:
            existing = Answer.objects.get(**key)
    if existing.value == value:
        return existing
    if version != existing.version:
        raise EditConflict(
            current_value=existing.value,
            current_version=existing.version,
            updated_by=existing.updated_by,
            updated_at=existing.updated_at,
            submitted=value,
        )
    changed = Answer.objects.filter(pk=existing.pk, version=version).update(
        value=value, version=F("version") + 1, updated_by=user, updated_at=timezone.now()
    )
    existing.refresh_from_db()
    if not changed and existing.value != value:
        raise EditConflict(
            current_value=existing.value,
            current_version=existing.version,
            updated_by=existing.updated_by,
            updated_at=existing.updated_at,
            submitted=value,
        )
    return existing


@transaction.atomic
def block_data_save(
    *, interview: Interview, section: Section, data: dict, version: int | None, user
) -> BlockData:
    """A block's own document for this interview, with the same rules as answers."""
    if section.version_id != interview.template_version_id:
        raise ValidationError(_("This part is not in this interview."))
    roles = interview_roles(user, interview)
    _refuse_edit(interview, Side.MANAGER, roles)
    key = {"interview": interview, "section": section}
    existing = BlockData.objects.filter(**key).first()
    if existing is None:
        try:
            with transaction.atomic():
                return BlockData.objects.create(**key, data=data, version=1, updated_by=user)
        except IntegrityError:
            existing = BlockData.objects.get(**key)
    if existing.data == data:
        return existing
    version = int(version or 0)
    changed = BlockData.objects.filter(pk=existing.pk, version=version).update(
        data=data, version=F("version") + 1, updated_by=user, updated_at=timezone.now()
    )
    existing.refresh_from_db()
    if not changed:
        raise EditConflict(
            current_value=existing.data,
            current_version=existing.version,
            updated_by=existing.updated_by,
            updated_at=existing.updated_at,
            submitted=data,
        )
    return existing


@transaction.atomic
def interview_notes_save(*, interview: Interview, user, notes: str, version: int) -> Interview:
    """The interviewer's private notes: never shown to the employee, not in the report."""
    interview = _lock(interview)
    if INTERVIEWER not in interview_roles(user, interview):
        raise PermissionDenied(_("Only the interviewer keeps notes on this interview."))
    notes = (notes or "").replace("\r\n", "\n").strip()
    if notes == interview.interviewer_notes:
        return interview
    if int(version) != interview.notes_version:
        raise EditConflict(
            current_value=interview.interviewer_notes,
            current_version=interview.notes_version,
            updated_by=None,
            updated_at=interview.updated_at,
            submitted=notes,
        )
    interview.interviewer_notes = notes
    interview.notes_version += 1
    _audit(interview, user, "parcours.interview.notes_changed")
    interview.save()
    return interview


@transaction.atomic
def result_note_add(*, employee: Employee, user, text: str, noted_on: date | None = None):
    """A result seen during the year, noted by a manager above the employee or HR."""
    scope = scope_for(user)
    is_hr = scope.is_group_hr or employee.site_id in scope.hr_site_ids
    is_manager = (
        scope.employee_id is not None
        and scope.employee_id != employee.pk
        and Employee.objects.filter(scope.employee_q()).filter(pk=employee.pk).exists()
    )
    if not (is_hr or is_manager):
        raise PermissionDenied(_("Only the employee's managers and HR note results."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Describe the result.")})
    if noted_on and noted_on > timezone.localdate():
        raise ValidationError({"noted_on": _("This date is in the future.")})
    note = ResultNote(employee=employee, text=text, noted_on=noted_on or timezone.localdate())
    note.recorded_by = user if getattr(user, "pk", None) else None
    _audit(note, user, "parcours.result_note.created")
    note.save()
    return note
