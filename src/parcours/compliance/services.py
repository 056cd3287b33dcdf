"""Every change the compliance pages, the API, the command line and the hooks make.

Each function checks the rights and the input, raises a translated ValidationError (what
cannot be done) or PermissionDenied (what this person may not do), and records the audit
trail with a dotted action key.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from parcours.compliance import selectors
from parcours.compliance.engine import assess
from parcours.compliance.models import (
    EntitySettings,
    InterviewPolicy,
    KindMapping,
    ReturnInterview,
)
from parcours.core.scope import scope_for
from parcours.interviews import services as interview_services
from parcours.interviews.choices import CampaignStatus, VersionStatus
from parcours.interviews.models import Campaign, CampaignTemplate, InterviewKind, InterviewTemplate
from parcours.organisation.models import Employee, EmployeeCategory, Leave, LegalEntity, Site

log = logging.getLogger(__name__)


def _audit(obj, user, action: str | None = None) -> None:
    obj._history_user = user if getattr(user, "pk", None) else None
    if action:
        obj._change_reason = action


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not change this."))


# Settings -------------------------------------------------------------------------------


def settings_for(entity: LegalEntity) -> EntitySettings:
    """The stored settings, or unsaved defaults."""
    stored = EntitySettings.objects.filter(legal_entity=entity).first()
    return stored or EntitySettings(legal_entity=entity)


@transaction.atomic
def settings_save(*, settings: EntitySettings, user) -> EntitySettings:
    _require(user, "compliance.change_settings", settings.legal_entity)
    if settings.agreement_before_reform and not settings.agreement_years:
        raise ValidationError(
            {
                "agreement_before_reform": _(
                    "Give the agreement's periodicity, or untick “signed before the reform”."
                )
            }
        )
    settings.full_clean()
    _audit(settings, user, "parcours.compliance.settings_changed")
    settings.save()
    return settings


# Company policies -----------------------------------------------------------------------


@transaction.atomic
def policy_save(*, policy: InterviewPolicy, user, scope: dict | None = None) -> InterviewPolicy:
    """Create or change a policy; `scope` holds its legal entities, sites and categories."""
    scope = scope or {}
    own = scope_for(user)
    if not own.is_hr:
        raise PermissionDenied(_("Only HR defines company policies."))
    if policy.pk and not user.has_perm("compliance.change_policy", policy):
        raise PermissionDenied(_("This policy covers more than your sites."))
    if not own.is_group_hr:
        sites = {getattr(s, "pk", s) for s in scope.get("sites", [])}
        if scope.get("legal_entities") or not sites or not sites <= own.hr_site_ids:
            raise ValidationError(
                {"sites": _("Choose among your sites: site HR define policies for their sites.")}
            )
    errors = {}
    if policy.first_due_months is None and policy.period_months is None:
        errors["period_months"] = _("Give the first interview, a period, or both.")
    if policy.start and policy.end and policy.end < policy.start:
        errors["end"] = _("The end is before the start.")
    if errors:
        raise ValidationError(errors)
    policy.full_clean()
    _audit(policy, user, None if policy.pk else "parcours.compliance.policy_created")
    policy.save()
    for name in ("legal_entities", "sites", "categories"):
        if name in scope:
            getattr(policy, name).set(scope[name])
    return policy


@transaction.atomic
def policy_delete(*, policy: InterviewPolicy, user) -> None:
    _require(user, "compliance.change_policy", policy)
    _audit(policy, user, "parcours.compliance.policy_deleted")
    policy.delete()


# Kind mappings --------------------------------------------------------------------------


@transaction.atomic
def mapping_save(*, kind: InterviewKind, engine_kind: str, topics: str, user) -> KindMapping:
    _require(user, "compliance.change_kinds")
    mapping = KindMapping.objects.filter(interview_kind=kind).first() or KindMapping(
        interview_kind=kind
    )
    mapping.engine_kind = engine_kind.strip()
    mapping.topics = ", ".join(selectors.split_topics(topics))
    mapping.full_clean()
    _audit(mapping, user, "parcours.compliance.kind_mapped")
    mapping.save()
    return mapping


# Campaigns from a list ------------------------------------------------------------------


def kinds_for(engine_kind: str) -> list[InterviewKind]:
    """The Parcours kinds whose interviews count as this engine kind."""
    return [
        kind
        for kind in InterviewKind.objects.select_related("compliance_mapping")
        if selectors.engine_kind_of(kind) == engine_kind
    ]


def _templates_by_category(kind: InterviewKind, categories) -> dict[int, InterviewTemplate]:
    """For each category, a template of the kind with a published version: the one made
    for that category, else one made for every category, else any."""
    templates = list(
        InterviewTemplate.objects.filter(kind=kind, versions__status=VersionStatus.PUBLISHED)
        .prefetch_related("categories")
        .distinct()
        .order_by("pk")
    )
    chosen = {}
    for category in categories:
        for_it = [t for t in templates if category in t.categories.all()]
        general = [t for t in templates if not t.categories.all()]
        pick = (for_it or general or templates or [None])[0]
        if pick is not None:
            chosen[category.pk] = pick
    return chosen


@dataclass
class DueCampaign:
    campaign: Campaign
    created: int
    employees: int


@transaction.atomic
def campaign_for_due(
    *,
    user,
    sites: list[Site],
    kind: InterviewKind,
    due_from: date,
    due_to: date,
    on: date,
    employees,
    name: str = "",
    deadline: date | None = None,
) -> DueCampaign:
    """A campaign of `kind` for exactly the employees of `employees` (a scoped queryset)
    with an open obligation of that kind due from `due_from` to `due_to`, as of `on`."""
    if not user.has_perm("compliance.launch"):
        raise PermissionDenied(_("Only HR runs campaigns."))
    if due_to < due_from:
        raise ValidationError({"due_to": _("The end of the period is before its start.")})
    engine_kind = selectors.engine_kind_of(kind)
    assessed = selectors.assess_employees(selectors.employees_on(employees, on), on)
    lines = selectors.due_between(assessed, {engine_kind}, due_from, due_to)
    ids = sorted({line.who.pk for line in lines})
    if not ids:
        raise ValidationError(_("Nobody has an interview of this kind due in this period."))
    categories = list(
        EmployeeCategory.objects.filter(employees__pk__in=ids).distinct().order_by("pk")
    )
    templates = _templates_by_category(kind, categories)
    if not templates:
        raise ValidationError(
            _("No published template of the kind “%(kind)s”: publish one first.")
            % {"kind": kind.label}
        )
    today = timezone.localdate()
    name = name or _("%(kind)s due %(start)s – %(end)s") % {
        "kind": kind.label,
        "start": formats.date_format(due_from, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(due_to, "SHORT_DATE_FORMAT"),
    }
    # A second click on the same form must not launch the same campaign twice.
    if (
        Campaign.objects.filter(name=name, kind=kind, sites__in=sites)
        .exclude(status=CampaignStatus.CLOSED)
        .exists()
    ):
        raise ValidationError(
            {
                "name": _("A campaign “%(name)s” is already running: give another name.")
                % {"name": name}
            }
        )
    campaign = Campaign(
        name=name,
        kind=kind,
        opens_on=today,
        deadline=deadline or max(due_to, today),
        named_employees=True,
    )
    interview_services.campaign_save(campaign=campaign, user=user, scope={"sites": sites})
    for category_id, template in templates.items():
        CampaignTemplate.objects.create(
            campaign=campaign, category_id=category_id, template=template
        )
    result = interview_services.campaign_launch(campaign=campaign, user=user, employee_ids=ids)
    return DueCampaign(campaign, result.created, len(ids))


# Return from leave ----------------------------------------------------------------------


def return_kind() -> InterviewKind | None:
    kinds = kinds_for("return")
    return kinds[0] if kinds else None


@transaction.atomic
def create_return_interview(*, leave: Leave, user=None) -> ReturnInterview | None:
    """When a leave has its return date and the engine says a return interview is due,
    create it (once per leave) in a running campaign of the return kind that covers the
    employee, or in the site's own "return interviews" campaign of the year."""
    if leave.return_date is None or ReturnInterview.objects.filter(leave=leave).exists():
        return None
    employee = Employee.objects.select_related("site", "category").get(pk=leave.employee_id)
    on = leave.return_date
    rows, facts, _open = selectors.facts_for(Employee.objects.filter(pk=employee.pk), on)
    entity = selectors.entity_facts([employee.legal_entity_id])[employee.legal_entity_id]
    result = assess(entity.employer, facts[employee.pk], on, settings=entity.settings)
    due = next(
        (
            o
            for o in result.obligations
            if o.kind == "return"
            and o.counted_from == on
            and o.status not in ("met", "not_required")
        ),
        None,
    )
    if due is None:
        return None
    kind = return_kind()
    if kind is None:
        log.info("No interview kind counts as a return interview: none created.")
        return None
    if user is None or not scope_for(user).can_edit_site(employee.site_id):
        # Only HR of the site runs campaigns; the obligation still shows on the pages.
        return None
    try:
        campaign = _running_return_campaign(kind, employee, on, user)
        if campaign is None:
            campaign = _new_return_campaign(kind, employee, due.due, user)
            if campaign is None:
                return None
            outcome = interview_services.campaign_launch(
                campaign=campaign, user=user, employee_ids=[employee.pk]
            )
        else:
            outcome = interview_services.campaign_add_late_hires(
                campaign=campaign, user=user, employee_ids=[employee.pk]
            )
    except (ValidationError, PermissionDenied) as error:
        log.info("Return interview of employee %s not created: %s", employee.pk, error)
        return None
    interview = campaign.interviews.filter(employee=employee).first()
    if outcome.created == 0 and interview is None:
        return None
    return ReturnInterview.objects.create(
        leave=leave, interview=interview, return_date=on, due=due.due
    )


def _running_return_campaign(kind, employee, on, user) -> Campaign | None:
    for campaign in Campaign.objects.filter(
        kind=kind, status=CampaignStatus.RUNNING, opens_on__lte=max(on, timezone.localdate())
    ).order_by("-opens_on", "-pk"):
        if campaign.interviews.filter(employee=employee).exists():
            continue
        if not _runs(user, campaign):
            continue
        if not interview_services.eligible_employees(campaign).filter(pk=employee.pk).exists():
            continue
        if not campaign.template_choices.filter(category_id=employee.category_id).exists():
            # A category the campaign had no one of yet: give it the kind's template.
            templates = _templates_by_category(kind, [employee.category])
            if not templates:
                continue
            interview_services.campaign_set_template(
                campaign=campaign,
                category=employee.category,
                template=templates[employee.category_id],
                user=user,
            )
        return campaign
    return None


def _runs(user, campaign: Campaign) -> bool:
    """The interviews app lets group HR run any campaign, site HR those of their sites."""
    scope = scope_for(user)
    if scope.is_group_hr:
        return True
    sites = set(campaign.sites.values_list("pk", flat=True))
    return bool(sites) and sites <= scope.hr_site_ids


def _new_return_campaign(kind, employee, due: date, user) -> Campaign | None:
    templates = _templates_by_category(kind, [employee.category])
    if not templates:
        return None
    today = timezone.localdate()
    campaign = Campaign(
        name=_("Return interviews · %(site)s · %(year)s")
        % {"site": employee.site.name, "year": today.year},
        kind=kind,
        opens_on=today,
        deadline=max(due, today + timedelta(days=30)),
        named_employees=True,
    )
    interview_services.campaign_save(campaign=campaign, user=user, scope={"sites": [employee.site]})
    for category_id, template in templates.items():
        CampaignTemplate.objects.create(
            campaign=campaign, category_id=category_id, template=template
        )
    return campaign
