"""Pages to browse and edit the organisation.

Records are always loaded through the user's scope: outside it, a 404. A visible record
that the user may not change: a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_http_methods, require_POST

from parcours.core.htmx import render_page
from parcours.core.panels import employee_panels
from parcours.core.scope import scope_for
from parcours.organisation import selectors, services
from parcours.organisation.filters import EmployeeFilter
from parcours.organisation.forms import (
    EmployeeForm,
    LeaveForm,
    PositionForm,
    SiteForm,
    TeamForm,
)
from parcours.organisation.models import Employee, Leave, Position, Site, Team

PAGE_SIZE = 50


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _require_browse(user) -> None:
    """Lists are for people with a role or a team; anybody else sees nothing exists."""
    if not scope_for(user).has_any_role:
        raise Http404
    _require(user, "organisation.browse")


def _get_for_user(queryset, user, pk):
    return get_object_or_404(queryset.for_user(user), pk=pk)


def _apply_service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# Employees ---------------------------------------------------------------------------


@login_required
def employee_list(request):
    _require_browse(request.user)
    params = request.GET.copy()
    if "status" not in params:
        params["status"] = "active"
    queryset = selectors.employee_list(user=request.user)
    filterset = EmployeeFilter(params, queryset=queryset, user=request.user)
    page = Paginator(filterset.qs.order_by("last_name", "first_name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = params.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode()}
    return render_page(
        request, "organisation/employee_list.html", context, "organisation/_employee_table.html"
    )


@login_required
def employee_detail(request, pk):
    employee = selectors.employee_get(user=request.user, pk=pk)
    if employee is None:
        raise Http404
    context = {
        "employee": employee,
        "reports": Employee.objects.for_user(request.user)
        .filter(manager=employee, active=True)
        .select_related("position"),
        "can_edit": request.user.has_perm("organisation.change_hr_data", employee),
        "panels": employee_panels(request.user, employee),
        **selectors.employee_timeline(employee=employee, user=request.user),
    }
    return render(request, "organisation/employee_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def employee_edit(request, pk=None):
    if pk is None:
        if not scope_for(request.user).is_hr:
            _require_browse(request.user)
            raise PermissionDenied
        employee = Employee()
    else:
        employee = _get_for_user(Employee.objects, request.user, pk)
        _require(request.user, "organisation.change_hr_data", employee)
    form = EmployeeForm(request.POST or None, instance=employee, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "effective"}
        try:
            if pk is None:
                employee = services.employee_create(user=request.user, **data)
                messages.success(request, _("Employee created."))
            else:
                # The form has already put the new values on the instance.
                fresh = Employee.objects.get(pk=pk)
                employee = services.employee_update(
                    employee=fresh,
                    user=request.user,
                    effective=form.cleaned_data.get("effective"),
                    **data,
                )
                messages.success(request, _("Changes saved."))
            return redirect("organisation:employee_detail", pk=employee.pk)
        except ValidationError as error:
            _apply_service_errors(form, error)
    return render(request, "organisation/employee_form.html", {"form": form, "employee": employee})


# Leaves --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def leave_edit(request, employee_pk, pk=None):
    employee = _get_for_user(Employee.objects, request.user, employee_pk)
    _require(request.user, "organisation.change_hr_data", employee)
    leave = (
        get_object_or_404(Leave.objects.filter(employee=employee), pk=pk)
        if pk is not None
        else Leave(employee=employee)
    )
    form = LeaveForm(request.POST or None, instance=leave)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_save(leave=form.instance, user=request.user)
            messages.success(request, _("Leave saved."))
            return redirect("organisation:employee_detail", pk=employee.pk)
        except ValidationError as error:
            _apply_service_errors(form, error)
    return render(
        request,
        "organisation/leave_form.html",
        {"form": form, "employee": employee, "leave": leave},
    )


@login_required
@require_POST
def leave_delete(request, employee_pk, pk):
    employee = _get_for_user(Employee.objects, request.user, employee_pk)
    _require(request.user, "organisation.change_hr_data", employee)
    leave = get_object_or_404(Leave.objects.filter(employee=employee), pk=pk)
    services.leave_delete(leave=leave, user=request.user)
    messages.success(request, _("Leave deleted."))
    return redirect("organisation:employee_detail", pk=employee.pk)


# Sites ---------------------------------------------------------------------------------


@login_required
def site_list(request):
    _require_browse(request.user)
    context = {
        "sites": selectors.site_list(user=request.user),
        "entities": selectors.legal_entity_list(user=request.user),
    }
    return render(request, "organisation/site_list.html", context)


@login_required
def site_detail(request, pk):
    site = _get_for_user(Site.objects.select_related("legal_entity"), request.user, pk)
    context = {
        "site": site,
        "can_edit": request.user.has_perm("organisation.change_hr_data", site),
        **selectors.site_detail(site=site, user=request.user),
    }
    return render(request, "organisation/site_detail.html", context)


@login_required
def site_tree(request, pk):
    site = _get_for_user(Site.objects.all(), request.user, pk)
    roots = selectors.manager_tree(site=site, user=request.user)
    return render(request, "organisation/site_tree.html", {"site": site, "roots": roots})


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request, pk=None):
    if pk is None:
        _require_browse(request.user)
        _require(request.user, "organisation.add_site")
        site = Site()
    else:
        site = _get_for_user(Site.objects.all(), request.user, pk)
        _require(request.user, "organisation.change_hr_data", site)
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        try:
            site = services.record_save(record=form.instance, user=request.user)
            messages.success(request, _("Site saved."))
            return redirect("organisation:site_detail", pk=site.pk)
        except ValidationError as error:
            _apply_service_errors(form, error)
    return render(request, "organisation/record_form.html", _record_context(form, site))


# Teams ---------------------------------------------------------------------------------


@login_required
def team_list(request):
    _require_browse(request.user)
    teams = selectors.team_list(user=request.user)
    site_id = request.GET.get("site")
    if site_id and site_id.isdigit():
        teams = teams.filter(site_id=site_id)
    return render(request, "organisation/team_list.html", {"teams": teams})


@login_required
def team_detail(request, pk):
    team = _get_for_user(
        Team.objects.select_related("site", "department", "leader"), request.user, pk
    )
    context = {
        "team": team,
        "members": selectors.team_members(team=team, user=request.user),
        "can_edit": request.user.has_perm("organisation.change_hr_data", team),
    }
    return render(request, "organisation/team_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_edit(request, pk=None):
    if pk is None:
        _require_browse(request.user)
        _require(request.user, "organisation.change_hr_data")
        team = Team()
    else:
        team = _get_for_user(Team.objects.all(), request.user, pk)
        _require(request.user, "organisation.change_hr_data", team)
    form = TeamForm(request.POST or None, instance=team, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.record_save(record=form.instance, user=request.user)
            messages.success(request, _("Team saved."))
            return redirect("organisation:team_detail", pk=team.pk)
        except ValidationError as error:
            _apply_service_errors(form, error)
    return render(request, "organisation/record_form.html", _record_context(form, team))


# Positions -----------------------------------------------------------------------------


@login_required
def position_list(request):
    _require_browse(request.user)
    positions = Position.objects.for_user(request.user).select_related("site")
    q = request.GET.get("q", "").strip()
    if q:
        positions = positions.filter(Q(title__icontains=q) | Q(code__icontains=q))
    return render(request, "organisation/position_list.html", {"positions": positions, "q": q})


@login_required
def position_detail(request, pk):
    position = _get_for_user(Position.objects.select_related("site"), request.user, pk)
    context = {
        "position": position,
        "can_edit": request.user.has_perm("organisation.change_hr_data", position),
        "holders": Employee.objects.for_user(request.user)
        .filter(position=position, active=True)
        .select_related("site", "team")
        .order_by("site__name", "last_name")[:200],
    }
    return render(request, "organisation/position_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def position_edit(request, pk=None):
    if pk is None:
        _require_browse(request.user)
        _require(request.user, "organisation.change_hr_data")
        position = Position()
    else:
        position = _get_for_user(Position.objects.all(), request.user, pk)
        _require(request.user, "organisation.change_hr_data", position)
    form = PositionForm(request.POST or None, instance=position, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            position = services.record_save(record=form.instance, user=request.user)
        messages.success(request, _("Position saved."))
        return redirect("organisation:position_detail", pk=position.pk)
    return render(request, "organisation/record_form.html", _record_context(form, position))


NEW_TITLES = {
    Site: _lazy("New site"),
    Team: _lazy("New team"),
    Position: _lazy("New position"),
}


def _record_context(form, record) -> dict:
    return {"form": form, "record": record, "new_title": NEW_TITLES[type(record)]}
