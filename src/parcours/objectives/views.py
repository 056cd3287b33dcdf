"""Pages of the objectives.

Records are loaded through the user's scope: outside it, a 404. A visible record the
user may not change: a 403. An account without any role gets a 404 everywhere.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours.core.htmx import render_page
from parcours.core.permissions import require_perm, require_role
from parcours.core.scope import scope_for
from parcours.objectives import selectors, services
from parcours.objectives.choices import ObjectiveLevel, ObjectiveStatus
from parcours.objectives.forms import (
    CheckInForm,
    DropForm,
    FilterForm,
    ObjectiveForm,
    ScaleForm,
    ScaleLevelForm,
)
from parcours.objectives.models import EvaluationScale, Objective, ScaleLevel
from parcours.organisation.models import Employee
from parcours.training.models import TrainingRequest

PER_PAGE = 50


def _objective(request, pk) -> Objective:
    require_role(request.user)
    objective = selectors.objective_detail(user=request.user, pk=pk)
    if objective is None:
        raise Http404
    return objective


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def chart_labels() -> dict:
    return {
        "achieved": _("Achieved"),
        "partly": _("Partly achieved"),
        "not_achieved": _("Not achieved"),
        "carried_over": _("Carried over"),
        "open": _("In progress"),
    }


def history_context(employee, user) -> dict:
    # The employee sees the manager's evaluation in an interview once it is held.
    as_employee = scope_for(user).employee_id == employee.pk
    periods = selectors.expected_vs_achieved(employee=employee, as_employee=as_employee)
    return {
        "employee": employee,
        "periods": periods,
        "chart": selectors.chart_svg(
            periods, title=_("Objectives per period and their results"), labels=chart_labels()
        ),
    }


@login_required
def home(request):
    """Group HR, site HR, coordinators and auditors: the list; managers: their team;
    everyone else: their own objectives."""
    require_role(request.user)
    if request.user.has_perm("objectives.list_all"):
        return redirect("objectives:list")
    if request.user.has_perm("objectives.browse"):
        return redirect("objectives:team")
    return redirect("objectives:mine")


@login_required
def mine(request):
    """The employee's own objectives: open ones with a check-in form each, then every
    period side by side with the chart. Works on a phone, for an account without role."""
    require_role(request.user)
    scope = scope_for(request.user)
    if scope.employee_id is None:
        raise Http404
    employee = get_object_or_404(
        Employee.objects.select_related("team", "site"), pk=scope.employee_id
    )
    context = history_context(employee, request.user)
    open_rows = [
        row for period in context["periods"] for row in period.rows if row.objective.is_open
    ]
    context.update(
        {
            "open_rows": sorted(
                open_rows, key=lambda row: (row.objective.period_end, row.objective.pk)
            ),
            "checkin_form": CheckInForm(),
        }
    )
    return render(request, "objectives/mine.html", context)


@login_required
def team(request):
    """A manager's page: their people's open objectives (check-ins due first), share
    achieved and objectives nobody evaluated per team and department, collective
    objectives with the individual results rolled up."""
    require_perm(request.user, "objectives.browse")
    scope = scope_for(request.user)
    year = request.GET.get("year") or ""
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None
    rows = []
    if scope.employee_id is not None:
        rows = list(
            selectors.team_objectives(user=request.user, employee_id=scope.employee_id)[:500]
        )
    today = timezone.localdate()
    for row in rows:
        row.due = selectors.is_checkin_due(row, today)
    rows.sort(key=lambda row: (not row.due,))
    context = {
        "rows": rows,
        "due": sum(1 for row in rows if row.due),
        "teams": selectors.group_summaries(user=request.user, by="team", year=year),
        "departments": selectors.group_summaries(user=request.user, by="department", year=year),
        "collective": list(selectors.collective_rollup(user=request.user, year=year)[:200]),
        "year": year,
        "years": range(today.year + 1, today.year - 4, -1),
        "due_days": selectors.CHECKIN_DUE_DAYS,
    }
    return render(request, "objectives/team.html", context)


@login_required
def objective_list(request):
    """HR: every objective in scope, filtered, paginated, exported to Excel."""
    require_perm(request.user, "objectives.list_all")
    form = FilterForm(request.GET or None, user=request.user)
    objectives = selectors.objective_list(user=request.user, filters=form.filters())
    page = Paginator(objectives, PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render_page(
        request,
        "objectives/list.html",
        {"form": form, "page": page, "query": query},
        fragment="objectives/_list_table.html",
    )


@login_required
def export(request):
    require_perm(request.user, "objectives.export")
    from parcours.objectives.exports import objectives_xlsx

    form = FilterForm(request.GET or None, user=request.user)
    objectives = selectors.objective_list(user=request.user, filters=form.filters())[:20000]
    response = HttpResponse(
        objectives_xlsx(objectives),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="objectives-{timezone.localdate().isoformat()}.xlsx"'
    )
    return response


@login_required
def detail(request, pk):
    """One objective: what it says, its history (what it continues and what continues
    it), check-ins, evaluations, and the actions the person may take."""
    objective = _objective(request, pk)
    user = request.user
    evaluations = list(
        objective.evaluations.select_related("level", "interview__campaign").order_by(
            "evaluated_on", "pk"
        )
    )
    if objective.owner_id is not None and scope_for(user).employee_id == objective.owner_id:
        evaluations = [e for e in evaluations if not selectors.hidden_from_employee(e)]
    context = {
        "objective": objective,
        "chain": selectors.history_chain(objective),
        "checkins": list(objective.checkins.select_related("by")),
        "evaluations": evaluations,
        "contributions": list(
            objective.contributions.select_related("owner").order_by("owner__last_name", "pk")
        )
        if objective.level != ObjectiveLevel.INDIVIDUAL
        else [],
        # The training requests that serve it, among those the user may see.
        "training_requests": list(
            TrainingRequest.objects.for_user(user)
            .filter(objective=objective)
            .select_related("training")
            .order_by("-created_at", "-pk")
        ),
        "may_change": objective.is_open and user.has_perm("objectives.change", objective),
        "may_checkin": user.has_perm("objectives.checkin", objective),
        "checkin_form": CheckInForm(),
        "drop_form": DropForm(),
    }
    return render(request, "objectives/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def create(request):
    """Set an objective outside an interview: for a person, a team or a department."""
    require_perm(request.user, "objectives.set_for")
    initial = {}
    owner_pk = request.GET.get("owner")
    if owner_pk and owner_pk.isdigit():
        initial = {"level": ObjectiveLevel.INDIVIDUAL, "owner": owner_pk}
    form = ObjectiveForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            objective = services.objective_create(
                user=request.user,
                level=data["level"],
                owner=data.get("owner"),
                team=data.get("team"),
                department=data.get("department"),
                title=data["title"],
                indicator=data["indicator"],
                unit=data["unit"],
                baseline=data["baseline"],
                target=data["target"],
                conditions=data["conditions"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                weight=data["weight"],
                contributes_to=data["contributes_to"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        except PermissionDenied:
            form.add_error(
                None, _("You may not set objectives for this person, team or department.")
            )
        else:
            messages.success(request, _("The objective is set."))
            return redirect("objectives:detail", objective.pk)
    return render(
        request,
        "objectives/form.html",
        {"form": form, "title": _("New objective"), "objective": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    objective = _objective(request, pk)
    require_perm(request.user, "objectives.change", objective)
    initial = {
        "title": objective.title,
        "indicator": objective.indicator,
        "unit": objective.unit,
        "baseline": objective.baseline if objective.baseline is not None else "",
        "target": objective.target if objective.target is not None else "",
        "conditions": "\n".join(objective.conditions or []),
        "period_start": objective.period_start,
        "period_end": objective.period_end,
        "weight": objective.weight,
        "contributes_to": objective.contributes_to_id,
        "version": objective.version,
    }
    form = ObjectiveForm(
        request.POST or None, initial=initial, user=request.user, objective=objective
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.objective_update(
                objective=objective, user=request.user, version=version, **data
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The objective is saved."))
            return redirect("objectives:detail", objective.pk)
    return render(
        request,
        "objectives/form.html",
        {"form": form, "title": _("Change the objective"), "objective": objective},
    )


@login_required
@require_http_methods(["GET", "POST"])
def drop(request, pk):
    objective = _objective(request, pk)
    require_perm(request.user, "objectives.change", objective)
    form = DropForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_drop(
                objective=objective, user=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The objective is dropped; it stays in the history."))
            return redirect("objectives:detail", objective.pk)
    return render(request, "objectives/drop.html", {"form": form, "objective": objective})


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request, pk):
    """Add a measured value and a note; from the objective's page or the employee's own."""
    objective = _objective(request, pk)
    require_perm(request.user, "objectives.checkin", objective)
    form = CheckInForm(request.POST or None)
    back = request.POST.get("next") or request.GET.get("next") or ""
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("objectives:detail", args=[objective.pk])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.checkin_add(
                objective=objective,
                user=request.user,
                day=data["day"],
                value=data["value"],
                note=data["note"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The check-in is saved."))
            return redirect(back)
    return render(
        request, "objectives/checkin.html", {"form": form, "objective": objective, "next": back}
    )


@login_required
def employee_panel(request, pk):
    """Expected versus achieved for one person: every period side by side with the
    chart. A fragment for the employee page (htmx), a full page otherwise."""
    require_role(request.user)
    employee = get_object_or_404(
        Employee.objects.for_user(request.user).select_related("team", "site"), pk=pk
    )
    context = history_context(employee, request.user)
    context["may_set"] = request.user.has_perm("objectives.set_for", employee)
    return render_page(
        request, "objectives/employee.html", context, fragment="objectives/_employee_panel.html"
    )


@login_required
@require_POST
def interview_block(request, interview_pk, section_pk):
    """Save one of the two objectives blocks of an interview: the employee's
    self-evaluation while they prepare; the interviewer's evaluations and decisions,
    and the new objectives, until the report is signed."""
    from parcours.interviews.blocks import posted_block_context
    from parcours.interviews.services import EditConflict
    from parcours.objectives.blocks import NEW, REVIEW, ObjectivesNewBlock, ObjectivesReviewBlock

    ctx = posted_block_context(request, interview_pk, section_pk, [REVIEW, NEW])
    interview, section, viewer = ctx.interview, ctx.section, ctx.viewer
    block = ObjectivesReviewBlock() if section.block_code == REVIEW else ObjectivesNewBlock()
    anchor = "objectives-review" if section.block_code == REVIEW else "objectives-new"
    target = reverse("interviews:detail", args=[interview.pk]) + f"#{anchor}-{section.pk}"
    try:
        data = block.clean(ctx, request.POST)
        block.save(ctx, data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(target)
    except EditConflict:  # pragma: no cover - the objectives blocks keep no document
        messages.error(request, _("Someone else saved here meanwhile: check and save again."))
        return redirect(target)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("You may not change this."))
        return redirect(target)
    if section.block_code == NEW:
        messages.success(request, _("The new objective is set."))
    elif viewer == "employee":
        messages.success(request, _("Your self-evaluation is saved; your manager sees it."))
    else:
        messages.success(request, _("The evaluations are saved in the objectives."))
    return redirect(target)


# The evaluation scales (group HR) ------------------------------------------------------


@login_required
def scales(request):
    require_perm(request.user, "objectives.browse")
    items = list(EvaluationScale.objects.prefetch_related("levels"))
    return render(
        request,
        "objectives/scales.html",
        {"scales": items, "may_change": request.user.has_perm("objectives.change_scales")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def scale_edit(request, pk=None):
    """A new scale (numbers 1 to 5, ...) or its name and whether it is the default."""
    require_perm(request.user, "objectives.change_scales")
    scale = get_object_or_404(EvaluationScale, pk=pk) if pk else EvaluationScale()
    form = ScaleForm(request.POST or None, instance=scale)
    if request.method == "POST" and form.is_valid():
        scale = form.save(commit=False)
        scale.labels = form.labels()
        try:
            services.scale_save(scale=scale, user=request.user)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The scale is saved: add its levels."))
            return redirect("objectives:scales")
    return render(request, "objectives/scale_form.html", {"form": form, "scale": scale})


@login_required
@require_http_methods(["GET", "POST"])
def scale_level_edit(request, scale_pk, pk=None):
    require_perm(request.user, "objectives.change_scales")
    scale = get_object_or_404(EvaluationScale, pk=scale_pk)
    level = get_object_or_404(ScaleLevel, scale=scale, pk=pk) if pk else ScaleLevel(scale=scale)
    form = ScaleLevelForm(request.POST or None, instance=level)
    if request.method == "POST" and form.is_valid():
        level = form.save(commit=False)
        level.labels = form.labels()
        try:
            services.scale_level_save(level=level, user=request.user)
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("The level is saved."))
            return redirect("objectives:scales")
    return render(
        request, "objectives/scale_level_form.html", {"form": form, "scale": scale, "level": level}
    )


__all__ = ["ObjectiveStatus"]
