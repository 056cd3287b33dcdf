"""Pages of trainings: the coordinator's queue and decisions, sessions, the plan and
budgets; a manager's team requests and levels to confirm; an employee's own requests.

Records are loaded through the user's scope: outside it, a 404. A visible record the user
may not change: a 403. An account without any role gets a 404 everywhere.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours.core.htmx import render_page
from parcours.core.permissions import require_perm, require_role
from parcours.core.scope import scope_for
from parcours.organisation.models import Employee, Site
from parcours.training import selectors, services
from parcours.training.choices import OPEN_STATUSES, RequestOrigin, RequestStatus
from parcours.training.forms import (
    ApproveForm,
    AskForm,
    BudgetForm,
    DoneForm,
    PlanForm,
    ReasonForm,
    RequestForm,
    SessionDoneForm,
    SessionForm,
    TrainingForm,
)
from parcours.training.models import (
    SkillProposal,
    Training,
    TrainingBudget,
    TrainingRequest,
    TrainingSession,
)

PER_PAGE = 30


def _level_names() -> dict[int, str]:
    from parcours.skills.models import Level

    return {level.rank: level.display for level in Level.objects.all()}


def _name_levels(rows) -> None:
    """Give each proposal or skill target the name of its level (one query)."""
    names = _level_names()
    for row in rows:
        row.level_display = names.get(row.level, str(row.level))


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _year(request) -> int:
    value = request.GET.get("year", "")
    if value.isdigit() and 2000 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year


# Home -----------------------------------------------------------


@login_required
def home(request):
    """The coordinator's queue, the manager's team, or one's own requests."""
    require_role(request.user)
    if selectors.is_decider(request.user):
        return redirect("training:queue")
    if request.user.has_perm("training.read_plan"):
        return redirect("training:plan")
    if request.user.has_perm("training.team"):
        return redirect("training:team")
    return redirect("training:mine")


# The coordinator -----------------------------------------------------------


@login_required
def queue(request):
    """Requests to decide (or to plan, or planned), high priority and oldest first."""
    require_perm(request.user, "training.decide")
    status = request.GET.get("status", RequestStatus.REQUESTED)
    if status not in OPEN_STATUSES:
        status = RequestStatus.REQUESTED
    items = selectors.decision_queue(request.user, status)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": [(s, RequestStatus(s).label) for s in OPEN_STATUSES],
        "counts": selectors.queue_counts(request.user),
        "query": f"status={status}",
        "active": "queue",
    }
    return render(request, "training/queue.html", context)


def _request(user, pk) -> TrainingRequest:
    require_role(user)
    return get_object_or_404(
        selectors.requests_for(user).select_related(
            "interview",
            "requested_by",
            "decided_by",
            "certification",
            "employee__category",
            "objective",
        ),
        pk=pk,
    )


@login_required
def request_detail(request, pk):
    """One request: its state in words, its history, and the actions one may take."""
    item = _request(request.user, pk)
    roles = services.request_roles(request.user, item)
    actions = services.allowed_actions(item, roles)
    proposals = list(item.skill_proposals.select_related("skill"))
    _name_levels(proposals)
    context = {
        "item": item,
        "actions": actions,
        "is_decider": services.DECIDER in roles,
        "proposals": proposals,
        "history": list(item.history.select_related("history_user").order_by("-history_date")[:30]),
        "active": "queue" if services.DECIDER in roles else "mine",
    }
    if "approved" in actions:
        context["budget"] = selectors.budget_view(site=item.site, year=selectors.request_year(item))
        context["remaining_after"] = context["budget"].after(item.cost)
        context["approve_form"] = ApproveForm(initial={"version": item.version, "cost": item.cost})
        context["refuse_form"] = ReasonForm(initial={"version": item.version}, prefix="refuse")
    if "planned" in actions:
        context["plan_form"] = PlanForm(initial={"version": item.version}, request=item)
    if "done" in actions:
        context["done_form"] = DoneForm(
            initial={
                "version": item.version,
                "done_on": min(item.session.ends_on, timezone.localdate()),
            }
        )
    if actions & {"cancelled", "withdrawn", "undone"}:
        context["cancel_form"] = ReasonForm(initial={"version": item.version}, prefix="cancel")
    return render(request, "training/request_detail.html", context)


@login_required
@require_POST
def request_action(request, pk, action):
    """approve, refuse, plan, done, undo, cancel: one form each on the request's page."""
    item = _request(request.user, pk)
    roles = services.request_roles(request.user, item)
    target = reverse("training:request_detail", args=[item.pk])
    if action == "cancel":
        wanted = "cancelled" if services.DECIDER in roles else "withdrawn"
    else:
        wanted = {
            "approve": "approved",
            "refuse": "refused",
            "plan": "planned",
            "done": "done",
            "undo": "undone",
        }.get(action)
    if wanted is None:
        raise Http404
    if not roles & services.TRANSITIONS[wanted].actors:
        raise PermissionDenied
    try:
        if action == "approve":
            form = ApproveForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Give a cost of zero or more."))
            services.request_approve(
                request=item,
                user=request.user,
                cost=form.cleaned_data["cost"],
                version=form.cleaned_data["version"],
            )
            message = _("Approved: plan it in a session now or later.")
        elif action == "refuse":
            form = ReasonForm(request.POST, prefix="refuse")
            if not form.is_valid():
                raise ValidationError(_("Say why it is refused: the employee reads this reason."))
            services.request_refuse(
                request=item,
                user=request.user,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
            message = _("Refused; the employee sees your reason.")
        elif action == "plan":
            form = PlanForm(request.POST, request=item)
            if not form.is_valid():
                raise ValidationError(_("Choose a session."))
            services.request_plan(
                request=item,
                user=request.user,
                session=form.cleaned_data["session"],
                version=form.cleaned_data["version"],
            )
            message = _("Planned in the session.")
        elif action == "done":
            form = DoneForm(request.POST, request.FILES)
            if not form.is_valid():
                raise ValidationError(
                    [error for errors in form.errors.values() for error in errors]
                )
            data = form.cleaned_data
            services.request_done(
                request=item,
                user=request.user,
                done_on=data["done_on"],
                attendance=data["attendance"],
                result=data["result"],
                certificate=data["certificate"],
                version=data["version"],
            )
            message = _("Marked as done; the manager confirms the new skill levels.")
        else:
            form = ReasonForm(request.POST, prefix="cancel")
            if not form.is_valid():
                raise ValidationError(_("Give a reason."))
            if action == "undo":
                services.request_undo(
                    request=item,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                )
                message = _("Back to planned; the legal record is removed.")
            else:
                services.request_cancel(
                    request=item,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                    version=form.cleaned_data["version"],
                )
                message = _("The request is cancelled.")
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect(target)
    messages.success(request, message)
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request):
    """A manager, HR or a coordinator asks a training for someone."""
    require_role(request.user)
    scope = scope_for(request.user)
    employee = None
    if request.GET.get("employee", "").isdigit():
        employee = get_object_or_404(
            Employee.objects.for_user(request.user), pk=request.GET["employee"]
        )
        require_perm(request.user, "training.ask_for", employee)
    elif not (request.user.has_perm("training.team") or selectors.is_decider(request.user)):
        raise PermissionDenied
    form = RequestForm(request.POST or None, user=request.user, employee=employee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = data["employee"]
        if not request.user.has_perm("training.ask_for", person):
            raise PermissionDenied
        origin = RequestOrigin.HR if scope.site_ids or scope.is_group_hr else RequestOrigin.MANAGER
        try:
            item = services.request_create(
                employee=person,
                user=request.user,
                origin=origin,
                training=data["training"],
                title=data["title"],
                reason=data["reason"],
                skill=data["skill"],
                objective=data.get("objective"),
                priority=data["priority"],
                wished_period=data["wished_period"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The request is sent to the training coordinator."))
            return redirect("training:request_detail", pk=item.pk)
    return render(request, "training/request_form.html", {"form": form, "employee": employee})


# The employee -----------------------------------------------------------


def _own_employee(user) -> Employee:
    scope = scope_for(user)
    if scope.employee_id is None:
        raise Http404
    return Employee.objects.select_related("site").get(pk=scope.employee_id)


@login_required
def mine(request):
    """One's own requests, in plain words, with the reason of a refusal."""
    employee = _own_employee(request.user)
    items = (
        TrainingRequest.objects.filter(employee=employee)
        .select_related("training", "session", "skill", "objective")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "training/mine.html", {"page": page, "employee": employee, "active": "mine"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def ask(request):
    """An employee asks for a training: a choice of the catalogue or their words, and why."""
    employee = _own_employee(request.user)
    form = AskForm(request.POST or None, employee=employee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_create(
                employee=employee,
                user=request.user,
                origin=RequestOrigin.SELF_SERVICE,
                training=data["training"],
                title=data["title"],
                reason=data["reason"],
                wished_period=data["wished_period"],
                objective=data.get("objective"),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your request is sent. You will see the answer here."))
            return redirect("training:mine")
    return render(request, "training/ask.html", {"form": form, "active": "mine"})


@login_required
def employee_panel(request, pk):
    """The trainings part of an employee's page: done and requested."""
    require_role(request.user)
    employee = get_object_or_404(Employee.objects.for_user(request.user), pk=pk)
    items = list(
        TrainingRequest.objects.filter(employee=employee)
        .select_related("training", "session")
        .order_by("-created_at", "-pk")[:50]
    )
    context = {
        "employee": employee,
        "done": [i for i in items if i.status == RequestStatus.DONE],
        "open": [i for i in items if i.status in OPEN_STATUSES],
        "closed": [
            i for i in items if i.status in (RequestStatus.REFUSED, RequestStatus.CANCELLED)
        ],
        "can_ask": request.user.has_perm("training.ask_for", employee),
    }
    return render_page(
        request,
        "training/employee_panel_page.html",
        context,
        fragment="training/_employee_panel.html",
    )


@login_required
def certificate(request, pk):
    item = _request(request.user, pk)
    if not item.certificate:
        raise Http404
    try:
        handle = item.certificate.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True)


# The manager -----------------------------------------------------------


@login_required
def team(request):
    """The requests of the people below the manager, and the levels to confirm."""
    require_role(request.user)
    scope = scope_for(request.user)
    if not (request.user.has_perm("training.team") or scope.is_hr):
        raise PermissionDenied
    items = selectors.team_requests(request.user).order_by("-created_at", "-pk")
    status = request.GET.get("status", "open")
    if status == "open":
        items = items.filter(status__in=OPEN_STATUSES)
    elif status in RequestStatus.values:
        items = items.filter(status=status)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    proposals = list(selectors.proposals_to_confirm(request.user)[:50])
    _name_levels(proposals)
    context = {
        "page": page,
        "proposals": proposals,
        "status": status,
        "statuses": RequestStatus.choices,
        "query": f"status={status}",
        "active": "team",
    }
    return render(request, "training/team.html", context)


@login_required
@require_POST
def proposal_decide(request, pk):
    require_role(request.user)
    proposal = get_object_or_404(
        SkillProposal.objects.for_user(request.user).select_related("employee", "skill"), pk=pk
    )
    if not request.user.has_perm("skills.assess", proposal.employee):
        raise PermissionDenied
    try:
        if request.POST.get("decision") == "reject":
            services.proposal_reject(proposal=proposal, user=request.user)
            message = _("Not recorded: the level stays as it was.")
        else:
            services.proposal_confirm(proposal=proposal, user=request.user)
            message = _("Level recorded in the skills matrix for %(name)s.") % {
                "name": proposal.employee.full_name
            }
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("training:team")
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        messages.success(request, message)
        return response
    messages.success(request, message)
    return redirect("training:team")


# Catalogue -----------------------------------------------------------


@login_required
def catalogue(request):
    require_role(request.user)
    items = (
        selectors.catalogue_for(request.user)
        .prefetch_related("skill_targets__skill")
        .order_by("-active", "code")
    )
    query = request.GET.get("q", "").strip()
    if query:
        items = items.filter(Q(code__icontains=query) | Q(labels__icontains=query))
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    _name_levels([target for training in page for target in training.skill_targets.all()])
    for training in page:
        training.editable = request.user.has_perm("training.change_catalogue", training)
    context = {
        "page": page,
        "q": query,
        "query": f"q={query}" if query else "",
        "can_edit": request.user.has_perm("training.change_catalogue"),
        "active": "catalogue",
    }
    return render(request, "training/catalogue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def training_edit(request, pk=None):
    require_perm(request.user, "training.change_catalogue")
    training = None
    if pk is not None:
        training = get_object_or_404(Training.objects.for_user(request.user), pk=pk)
        require_perm(request.user, "training.change_catalogue", training)
    form = TrainingForm(request.POST or None, instance=training, user=request.user)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        record.labels = form.labels()
        if not request.user.has_perm("training.change_catalogue", record):
            raise PermissionDenied
        level = form.cleaned_data.get("level")
        skills = [(skill, level) for skill in form.cleaned_data["skills_developed"]]
        try:
            services.training_save(training=record, user=request.user, skills=skills)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The catalogue is saved."))
            return redirect("training:catalogue")
    title = _("Change a training") if training else _("New training")
    return render(
        request,
        "training/record_form.html",
        {
            "form": form,
            "title": title,
            "back": reverse("training:catalogue"),
            "active": "catalogue",
        },
    )


# Sessions -----------------------------------------------------------


@login_required
def sessions(request):
    require_perm(request.user, "training.decide")
    items = selectors.sessions_for(request.user)
    if request.GET.get("past") != "1":
        items = items.filter(ends_on__gte=timezone.localdate() - timezone.timedelta(days=30))
    page = Paginator(items.order_by("starts_on", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/sessions.html",
        {"page": page, "past": request.GET.get("past") == "1", "active": "sessions"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk=None):
    require_perm(request.user, "training.change_sessions")
    session = None
    if pk is not None:
        session = get_object_or_404(TrainingSession.objects.for_user(request.user), pk=pk)
        require_perm(request.user, "training.change_sessions", session)
    form = SessionForm(request.POST or None, instance=session, user=request.user)
    if request.method == "POST" and form.is_valid():
        record = form.save(commit=False)
        if not request.user.has_perm("training.change_sessions", record):
            raise PermissionDenied
        try:
            services.session_save(session=record, user=request.user)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("The session is saved."))
            return redirect("training:session_detail", pk=record.pk)
    title = _("Change a session") if session else _("New session")
    return render(
        request,
        "training/record_form.html",
        {"form": form, "title": title, "back": reverse("training:sessions"), "active": "sessions"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_detail(request, pk):
    """A session, its participants, and marking it done for who attended."""
    require_perm(request.user, "training.decide")
    session = get_object_or_404(selectors.sessions_for(request.user), pk=pk)
    can_close = request.user.has_perm("training.change_sessions", session)
    form = SessionDoneForm(request.POST or None, session=session)
    if request.method == "POST":
        if not can_close:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                done, absent = services.session_mark_done(
                    session=session,
                    user=request.user,
                    attended={int(pk) for pk in data["attended"]},
                    done_on=data["done_on"],
                    result=data["result"],
                )
            except ValidationError as error:
                messages.error(request, _errors(error))
            else:
                messages.success(
                    request,
                    _("%(done)s marked as done, %(absent)s absent.")
                    % {"done": done, "absent": absent},
                )
                return redirect("training:session_detail", pk=session.pk)
    participants = list(
        session.participants.select_related("employee").order_by("employee__last_name", "pk")
    )
    context = {
        "session": session,
        "participants": participants,
        "form": form if form.fields["attended"].choices else None,
        "can_close": can_close,
        "active": "sessions",
    }
    return render(request, "training/session_detail.html", context)


# Plan and budgets -----------------------------------------------------------


def _plan_site(request) -> tuple[Site, object]:
    require_perm(request.user, "training.read_plan")
    sites = Site.objects.for_user(request.user).order_by("name")
    scope = scope_for(request.user)
    if not scope.whole_group:
        sites = sites.filter(pk__in=scope.site_ids)
    value = request.GET.get("site", "")
    if value:
        if not value.isdigit():
            raise Http404
        return get_object_or_404(sites, pk=value), sites
    site = sites.first()
    if site is None:
        raise Http404
    return site, sites


@login_required
def plan(request):
    """The training plan of a site and year: counts and costs against the budget."""
    site, sites = _plan_site(request)
    year = _year(request)
    context = {
        "plan": selectors.training_plan(site=site, year=year),
        "sites": list(sites),
        "site": site,
        "year": year,
        "years": list(range(timezone.localdate().year + 1, timezone.localdate().year - 4, -1)),
        "active": "plan",
    }
    return render(request, "training/plan.html", context)


@login_required
def plan_export(request):
    from parcours.training.exports import plan_xlsx

    site, _sites = _plan_site(request)
    year = _year(request)
    data = plan_xlsx(selectors.training_plan(site=site, year=year))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="training-plan-{site.code}-{year}.xlsx"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def budgets(request):
    require_perm(request.user, "training.read_plan")
    scope = scope_for(request.user)
    items = TrainingBudget.objects.for_user(request.user).select_related("site")
    if not scope.whole_group:
        items = items.filter(site_id__in=scope.site_ids)
    can_set = request.user.has_perm("training.set_budget")
    form = BudgetForm(request.POST or None, user=request.user) if can_set else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.budget_set(
                    site=data["site"], year=data["year"], amount=data["amount"], user=request.user
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("The budget is saved."))
                return redirect("training:budgets")
    page = Paginator(items.order_by("-year", "site__name"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "training/budgets.html", {"page": page, "form": form, "active": "plan"})


# The interview block -----------------------------------------------------------


@login_required
@require_POST
def interview_block(request, interview_pk, section_pk):
    """Add a training request from an interview: the interviewer, or the employee while
    preparing. It is a request at once, in the coordinator's queue."""
    from parcours.interviews.blocks import posted_block_context
    from parcours.training.blocks import BLOCK_CODE, TrainingRequestBlock

    ctx = posted_block_context(request, interview_pk, section_pk, [BLOCK_CODE])
    interview, section = ctx.interview, ctx.section
    block = TrainingRequestBlock()
    target = reverse("interviews:detail", args=[interview.pk]) + f"#training-request-{section.pk}"
    try:
        block.save(ctx, block.clean(ctx, request.POST))
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect(target)
    messages.success(request, _("The training request is sent to the training coordinator."))
    return redirect(target)
