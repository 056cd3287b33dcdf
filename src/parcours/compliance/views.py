"""Pages of the interview obligations.

Records are loaded through the user's scope: outside it, a 404; visible but not allowed,
a 403; an account without any role, a 404 everywhere.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from parcours.compliance import selectors, services
from parcours.compliance.forms import (
    DueCampaignForm,
    ImportForm,
    MappingForm,
    PolicyForm,
    SettingsForm,
    as_of,
    next_quarter,
)
from parcours.compliance.importer import import_history
from parcours.compliance.models import InterviewPolicy
from parcours.compliance.permissions import entity_site_ids
from parcours.core.htmx import render_page
from parcours.core.permissions import require_perm, require_role
from parcours.core.scope import scope_for
from parcours.interviews.models import InterviewKind
from parcours.organisation.models import Employee, LegalEntity, Site

MAX_LINES = 200


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _visible_entities(user):
    scope = scope_for(user)
    entities = LegalEntity.objects.order_by("name")
    if not scope.whole_group:
        entities = entities.filter(sites__in=scope.hr_site_ids).distinct()
    return entities


def _hr_employees(user):
    """The employees whose obligations this user reads in lists (HR and auditors)."""
    scope = scope_for(user)
    employees = Employee.objects.all()
    if not scope.whole_group:
        employees = employees.filter(site_id__in=scope.hr_site_ids)
    return employees


# Home -----------------------------------------------------------------------------------


@login_required
def home(request):
    """Every legal entity and site the user reads, with its counts as of a date."""
    require_perm(request.user, "compliance.browse")
    form, on = as_of(request)
    employees = selectors.employees_on(_hr_employees(request.user), on)
    assessed = selectors.assess_employees(employees, on)
    by_site: dict[int, list] = {}
    by_entity: dict[int, list] = {}
    for who in assessed:
        by_site.setdefault(who.employee["site_id"], []).append(who)
        by_entity.setdefault(who.employee["legal_entity_id"], []).append(who)
    sites = Site.objects.for_user(request.user).select_related("legal_entity").order_by("name")
    if not scope_for(request.user).whole_group:
        sites = sites.filter(pk__in=scope_for(request.user).hr_site_ids)
    rows = [
        {"site": site, "overview": selectors.overview(by_site.get(site.pk, []), on)}
        for site in sites
    ]
    entities = [
        {"entity": entity, "overview": selectors.overview(by_entity.get(entity.pk, []), on)}
        for entity in _visible_entities(request.user)
    ]
    return render(
        request,
        "compliance/home.html",
        {"form": form, "on": on, "sites": rows, "entities": entities},
    )


# Site and legal entity lists ------------------------------------------------------------


def _list_page(request, *, site=None, entity=None, campaign_form=None):
    form, on = as_of(request)
    if site is not None:
        employees = Employee.objects.filter(site=site)
        sites = [site]
    else:
        employees = _hr_employees(request.user).filter(legal_entity=entity)
        scope = scope_for(request.user)
        sites = [
            s
            for s in entity.sites.order_by("name")
            if scope.whole_group or s.pk in scope.hr_site_ids
        ]
    assessed = selectors.assess_employees(selectors.employees_on(employees, on), on)
    result = selectors.overview(assessed, on)
    start, end = next_quarter(on)
    kinds = InterviewKind.objects.select_related("compliance_mapping").order_by("ordering", "code")
    default_kind = next(
        (k for k in kinds if selectors.engine_kind_of(k) == "periodic"), None
    ) or next(iter(kinds), None)
    if campaign_form is None:
        campaign_form = DueCampaignForm(
            kinds=kinds,
            initial={"kind": default_kind, "due_from": start, "due_to": end},
        )
    action = (
        reverse("compliance:site_campaign", args=[site.pk])
        if site is not None
        else reverse("compliance:entity_campaign", args=[entity.pk])
    )
    context = {
        "form": form,
        "on": on,
        "site": site,
        "entity": entity or site.legal_entity,
        "sites": sites,
        "overview": result,
        "overdue": result.overdue[:MAX_LINES],
        "due_soon": result.due_soon[:MAX_LINES],
        "at_risk": result.at_risk[:MAX_LINES],
        "campaign_form": campaign_form,
        "campaign_action": action,
        "can_launch": request.user.has_perm("compliance.launch"),
        "can_change_settings": request.user.has_perm(
            "compliance.change_settings", entity or site.legal_entity
        ),
    }
    return render(request, "compliance/list.html", context)


def _site(user, pk) -> Site:
    require_role(user)
    site = get_object_or_404(Site.objects.for_user(user).select_related("legal_entity"), pk=pk)
    if not user.has_perm("compliance.view_site", site):
        raise PermissionDenied
    return site


def _entity(user, pk) -> LegalEntity:
    require_role(user)
    scope = scope_for(user)
    entity = get_object_or_404(LegalEntity, pk=pk)
    visible = scope.whole_group or bool(
        set(entity_site_ids(entity)) & set(Site.objects.for_user(user).values_list("pk", flat=True))
    )
    if not visible:
        raise Http404
    if not user.has_perm("compliance.view_entity", entity):
        raise PermissionDenied
    return entity


@login_required
def site_detail(request, pk):
    site = _site(request.user, pk)
    return _list_page(request, site=site)


@login_required
def entity_detail(request, pk):
    entity = _entity(request.user, pk)
    return _list_page(request, entity=entity)


def _campaign(request, *, site=None, entity=None):
    require_perm(request.user, "compliance.launch")
    _form, on = as_of(request)
    kinds = InterviewKind.objects.select_related("compliance_mapping")
    form = DueCampaignForm(request.POST, kinds=kinds)
    if form.is_valid():
        data = form.cleaned_data
        if site is not None:
            sites, employees = [site], Employee.objects.filter(site=site)
        else:
            scope = scope_for(request.user)
            sites = [
                s for s in entity.sites.all() if scope.is_group_hr or s.pk in scope.hr_site_ids
            ]
            employees = Employee.objects.filter(site__in=sites)
        try:
            result = services.campaign_for_due(
                user=request.user,
                sites=sites,
                kind=data["kind"],
                due_from=data["due_from"],
                due_to=data["due_to"],
                on=on,
                employees=employees,
                name=data["name"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Campaign “%(name)s” launched: %(n)s interview created.",
                    "Campaign “%(name)s” launched: %(n)s interviews created.",
                    result.created,
                )
                % {"name": result.campaign.name, "n": result.created},
            )
            return redirect("interviews:campaign_detail", pk=result.campaign.pk)
    return _list_page(request, site=site, entity=entity, campaign_form=form)


@login_required
@require_POST
def site_campaign(request, pk):
    return _campaign(request, site=_site(request.user, pk))


@login_required
@require_POST
def entity_campaign(request, pk):
    return _campaign(request, entity=_entity(request.user, pk))


# One employee ---------------------------------------------------------------------------


@login_required
def employee_panel(request, pk):
    """The obligations of one employee, with the rule behind each date (a panel of the
    employee page, or a page of its own)."""
    require_role(request.user)
    employee = get_object_or_404(
        Employee.objects.for_user(request.user).select_related("site", "legal_entity"), pk=pk
    )
    if not request.user.has_perm("compliance.view_employee", employee):
        raise PermissionDenied
    form, on = as_of(request)
    who = selectors.assess_one(employee, on)
    context = {"employee": employee, "form": form, "on": on, "who": who}
    return render_page(
        request, "compliance/employee.html", context, fragment="compliance/_employee_panel.html"
    )


# Settings, policies and kinds -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request, pk):
    entity = _entity(request.user, pk)
    require_perm(request.user, "compliance.change_settings", entity)
    stored = services.settings_for(entity)
    form = SettingsForm(request.POST or None, instance=stored)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_save(settings=form.instance, user=request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Settings saved."))
            return redirect("compliance:entity", pk=entity.pk)
    return render(request, "compliance/settings.html", {"entity": entity, "form": form})


@login_required
def policy_list(request):
    require_perm(request.user, "compliance.browse")
    policies = InterviewPolicy.objects.select_related("kind").prefetch_related(
        "legal_entities", "sites", "categories"
    )
    rows = [
        {"policy": p, "editable": request.user.has_perm("compliance.change_policy", p)}
        for p in policies
    ]
    return render(
        request,
        "compliance/policy_list.html",
        {"rows": rows, "can_add": request.user.has_perm("compliance.change_policy")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request, pk=None):
    require_role(request.user)
    policy = get_object_or_404(InterviewPolicy, pk=pk) if pk else InterviewPolicy()
    require_perm(request.user, "compliance.change_policy", policy if pk else None)
    form = PolicyForm(request.POST or None, instance=policy, user=request.user)
    if request.method == "POST" and form.is_valid():
        scope = {
            name: form.cleaned_data[name]
            for name in ("legal_entities", "sites", "categories")
            if name in form.cleaned_data
        }
        try:
            services.policy_save(policy=form.instance, user=request.user, scope=scope)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Policy saved."))
            return redirect("compliance:policy_list")
    return render(request, "compliance/policy_form.html", {"form": form, "policy": policy})


@login_required
@require_POST
def policy_delete(request, pk):
    require_role(request.user)
    policy = get_object_or_404(InterviewPolicy, pk=pk)
    require_perm(request.user, "compliance.change_policy", policy)
    services.policy_delete(policy=policy, user=request.user)
    messages.success(request, _("Policy deleted."))
    return redirect("compliance:policy_list")


@login_required
@require_http_methods(["GET", "POST"])
def kind_list(request):
    require_perm(request.user, "compliance.browse")
    can_change = request.user.has_perm("compliance.change_kinds")
    kinds = list(InterviewKind.objects.select_related("compliance_mapping"))
    posted = None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        kind = get_object_or_404(InterviewKind, pk=request.POST.get("kind"))
        posted = (kind.pk, MappingForm(request.POST, prefix=f"k{kind.pk}"))
        form = posted[1]
        if form.is_valid():
            try:
                services.mapping_save(
                    kind=kind,
                    engine_kind=form.cleaned_data["engine_kind"],
                    topics=form.cleaned_data["topics"],
                    user=request.user,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("compliance:kind_list")
    rows = []
    for kind in kinds:
        mapping = getattr(kind, "compliance_mapping", None)
        if posted and posted[0] == kind.pk:
            form = posted[1]
        else:
            form = MappingForm(
                prefix=f"k{kind.pk}",
                initial={
                    "engine_kind": selectors.engine_kind_of(kind),
                    "topics": mapping.topics if mapping else "",
                },
            )
        rows.append({"kind": kind, "form": form, "mapped": mapping is not None})
    return render(request, "compliance/kind_list.html", {"rows": rows, "can_change": can_change})


# Import of the history ------------------------------------------------------------------


def _upload_dir() -> Path:
    from django.conf import settings

    path = Path(settings.MEDIA_ROOT) / "compliance-imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


@login_required
@require_http_methods(["GET", "POST"])
def import_history_view(request):
    """Upload a file: the dry run shows the report; *Import* writes the valid rows."""
    require_perm(request.user, "compliance.import")
    report = None
    token = ""
    what = ""
    if request.method == "POST" and request.POST.get("token"):
        token = Path(request.POST["token"]).name
        what = request.POST.get("what", "")
        path = _upload_dir() / token
        if not path.exists() or what not in ("interviews", "trainings"):
            messages.error(request, _("This file is no longer available: upload it again."))
            return redirect("compliance:import")
        report = import_history(
            path=path,
            what=what,
            user=request.user,
            dry_run=False,
            file_name=request.POST.get("file_name", token),
        )
        path.unlink(missing_ok=True)
        messages.success(
            request,
            _("%(n)s records imported.") % {"n": report.counts.get("created", 0)},
        )
        return render(request, "compliance/import.html", {"form": ImportForm(), "report": report})
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()[:6]
        with tempfile.NamedTemporaryFile(dir=_upload_dir(), suffix=suffix, delete=False) as out:
            for chunk in upload.chunks():
                out.write(chunk)
        what = form.cleaned_data["what"]
        report = import_history(
            path=out.name, what=what, user=request.user, dry_run=True, file_name=upload.name
        )
        token = Path(out.name).name
        if report.fatal:
            Path(out.name).unlink(missing_ok=True)
            token = ""
    return render(
        request,
        "compliance/import.html",
        {
            "form": form,
            "report": report,
            "token": token,
            "what": what,
            "file_name": getattr(form.cleaned_data.get("file"), "name", "")
            if form.is_bound and form.is_valid()
            else "",
            "dry_run": True,
        },
    )
