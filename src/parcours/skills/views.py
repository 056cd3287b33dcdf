"""Pages of the skills matrix.

Records are loaded through the user's scope: outside it, a 404. A visible record the user
may not change: a 403. An account without any role gets a 404 everywhere.
"""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours.core.htmx import render_page
from parcours.core.permissions import require_perm, require_role
from parcours.core.scope import scope_for
from parcours.organisation.models import Employee, Position, Site, Team
from parcours.skills import selectors, services
from parcours.skills.choices import AssessmentSource, CoverageStatus, MatrixImportStatus
from parcours.skills.forms import (
    AssessmentForm,
    CertificationForm,
    CertificationTypeForm,
    DomainForm,
    LevelForm,
    MatrixFilterForm,
    MatrixImportForm,
    PositionRequirementForm,
    ReviewForm,
    SelfAssessmentForm,
    SkillForm,
    TeamRequirementForm,
    skills_for_employee,
)
from parcours.skills.models import (
    Assessment,
    CertificationType,
    Level,
    MatrixImport,
    PositionRequirement,
    Skill,
    SkillDomain,
    TeamRequirement,
)
from parcours.skills.rendering import matrix_body

TEAMS_PER_PAGE = 25
ROWS_PER_PAGE = 50


def _employee(user, pk) -> Employee:
    require_role(user)
    return get_object_or_404(
        Employee.objects.for_user(user).select_related("position", "team", "site", "manager"),
        pk=pk,
    )


def _scoped(queryset, user, pk):
    require_role(user)
    return get_object_or_404(queryset.for_user(user), pk=pk)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _changed(request, fallback: str, message: str):
    """After a change: htmx refreshes what depends on it, a plain form post goes back."""
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Trigger"] = "skillsChanged"
        return response
    messages.success(request, message)
    return redirect(_safe_next(request, fallback))


# Home ----------------------------------------------------------------------------------


@login_required
def home(request):
    """Teams and their coverage for those who browse; one's own skills for the others."""
    scope = scope_for(request.user)
    require_role(request.user)
    if not request.user.has_perm("skills.browse"):
        if scope.employee_id is None:
            raise PermissionDenied
        return redirect("skills:employee", pk=scope.employee_id)
    teams = Team.objects.for_user(request.user).select_related("site", "leader")
    page = Paginator(teams.order_by("site__name", "name"), TEAMS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    coverage = selectors.team_coverage(user=request.user, teams=list(page.object_list))
    rows = []
    for team in page.object_list:
        lines = coverage.get(team.pk, [])
        rows.append(
            {
                "team": team,
                "lines": len(lines),
                "below": sum(1 for line in lines if line.status == CoverageStatus.BELOW),
                "no_margin": sum(1 for line in lines if line.status == CoverageStatus.NO_MARGIN),
                "risks": [line for line in lines if line.at_risk][:3],
            }
        )
    context = {
        "page": page,
        "rows": rows,
        "proposals": selectors.proposals_to_review(user=request.user).count(),
        "certificates_due": selectors.certifications_due(user=request.user).count(),
    }
    return render(request, "skills/home.html", context)


# The matrix ----------------------------------------------------------------------------


def _matrix_query(request) -> tuple[MatrixFilterForm, selectors.MatrixQuery | None]:
    """The selection from the query string; a team, site or position outside the user's
    scope is a 404, not a silently empty matrix."""
    user = request.user
    params = request.GET.copy()
    for name, model in (("team", Team), ("site", Site), ("position", Position)):
        value = params.get(name)
        if value and (
            not value.isdigit() or not model.objects.for_user(user).filter(pk=value).exists()
        ):
            raise Http404
    if not any(params.get(name) for name in ("team", "site", "position")):
        default = _default_team(user)
        if default is not None:
            params["team"] = str(default.pk)
    form = MatrixFilterForm(params, user=user)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    if not (data["team"] or data["site"] or data["position"]):
        return form, None
    query = selectors.MatrixQuery(
        team=data["team"],
        site=data["site"],
        position=data["position"],
        domain_id=data["domain"] or None,
        kind=data["kind"] or "",
        show=data["show"] or "held",
        search=data["q"].strip(),
        gaps_only=data["gaps"],
    )
    return form, query


def _default_team(user) -> Team | None:
    """A manager opens the matrix of the team they lead, else of their people's team."""
    scope = scope_for(user)
    if scope.employee_id is None:
        return None
    teams = Team.objects.for_user(user)
    return (
        teams.filter(leader_id=scope.employee_id).order_by("pk").first()
        or teams.filter(members__manager_id=scope.employee_id).order_by("pk").first()
    )


def _query_site(query: selectors.MatrixQuery) -> int | None:
    if query.site is not None:
        return query.site.pk
    if query.team is not None:
        return query.team.site_id
    return query.position.site_id if query.position is not None else None


def _matrix_title(query: selectors.MatrixQuery) -> str:
    parts = []
    if query.team is not None:
        parts.append(f"{query.team.site.name} · {query.team.name}")
    elif query.site is not None:
        parts.append(query.site.name)
    if query.position is not None:
        parts.append(query.position.title)
    return " · ".join(parts)


def matrix_texts(scale: selectors.Scale) -> dict:
    """What skills.js needs to title a cell on hover, in the reader's language."""
    return {
        "levels": {str(level.rank): level.display for level in scale.levels},
        "required": _("required"),
        "proposed": _("self-assessed"),
        "none": _("not assessed"),
    }


@login_required
def matrix(request):
    require_perm(request.user, "skills.browse")
    form, query = _matrix_query(request)
    context = {"form": form, "query": query}
    if query is not None:
        form.narrow_to_site(_query_site(query))
        if query.team is not None:
            query.team = Team.objects.select_related("site").get(pk=query.team.pk)
        result = selectors.skills_matrix(user=request.user, query=query)
        context.update(
            {
                "matrix": result,
                "body": matrix_body(result),
                "title": _matrix_title(query),
                "matrix_texts": matrix_texts(result.scale),
                "export_query": request.GET.urlencode(),
                "can_edit_requirements": query.team is not None
                and request.user.has_perm("skills.change_requirements", query.team),
            }
        )
    return render_page(request, "skills/matrix.html", context, "skills/_matrix.html")


# Recording levels ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def assess(request, pk):
    """Record a level for a person (a manager for their people, HR for their sites)."""
    employee = _employee(request.user, pk)
    require_perm(request.user, "skills.assess", employee)
    skill = None
    skill_id = request.GET.get("skill") or request.POST.get("skill")
    if skill_id:
        if not str(skill_id).isdigit():
            raise Http404
        skill = get_object_or_404(skills_for_employee(request.user, employee), pk=skill_id)
    form = AssessmentForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        employee=employee,
        skill=skill,
    )
    proposal = (
        Assessment.objects.proposed().filter(employee=employee, skill=skill).first()
        if skill is not None
        else None
    )
    if skill is not None and request.method == "GET":
        current = employee.skill_levels.filter(skill=skill).first()
        form.fields["level"].initial = (
            proposal.level if proposal else current.level if current else None
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.assessment_record(
                employee=employee,
                skill=data["skill"],
                level=data["level"],
                user=request.user,
                source=data["source"],
                assessed_on=data["assessed_on"],
                note=data["note"],
                evidence=data["evidence"],
            )
            return _changed(
                request,
                reverse("skills:employee", args=[employee.pk]),
                _("Level recorded for %(name)s.") % {"name": employee.full_name},
            )
        except ValidationError as error:
            _apply_errors(form, error)
    context = {
        "employee": employee,
        "skill": skill,
        "form": form,
        "proposal": proposal,
        "current": employee.skill_levels.filter(skill=skill).first() if skill else None,
        "required": (
            employee.position.skill_requirements.filter(skill=skill).first()
            if skill and employee.position_id
            else None
        ),
        "scale": selectors.level_scale(),
        "next": _safe_next(request, ""),
        "dialog": bool(getattr(request, "htmx", False)),
    }
    return render_page(request, "skills/assess.html", context, "skills/_assess_form.html")


@login_required
@require_http_methods(["GET", "POST"])
def self_assess(request, pk):
    """An employee says where they think they stand; the manager answers."""
    employee = _employee(request.user, pk)
    require_perm(request.user, "skills.self_assess", employee)
    skill = None
    if request.GET.get("skill"):
        if not request.GET["skill"].isdigit():
            raise Http404
        skill = get_object_or_404(
            skills_for_employee(request.user, employee), pk=request.GET["skill"]
        )
    form = SelfAssessmentForm(
        request.POST or None, user=request.user, employee=employee, skill=skill
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.self_assessment_propose(
                employee=employee,
                skill=data["skill"],
                level=data["level"],
                note=data["note"],
                user=request.user,
            )
            return _changed(
                request,
                reverse("skills:employee", args=[employee.pk]),
                _("Your self-assessment is sent to your manager."),
            )
        except ValidationError as error:
            _apply_errors(form, error)
    context = {
        "employee": employee,
        "skill": skill,
        "form": form,
        "scale": selectors.level_scale(),
    }
    return render(request, "skills/self_assess.html", context)


@login_required
def proposals(request):
    """Self-assessments waiting for the manager (or HR) to answer."""
    require_perm(request.user, "skills.review_self_assessments")
    items = selectors.proposals_to_review(user=request.user)
    page = Paginator(items, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    scale = selectors.level_scale()
    return render(request, "skills/proposals.html", {"page": page, "scale": scale})


@login_required
@require_POST
def proposal_review(request, pk):
    proposal = _scoped(
        Assessment.objects.select_related("employee", "skill").proposed(), request.user, pk
    )
    require_perm(request.user, "skills.assess", proposal.employee)
    form = ReviewForm(request.POST, proposal=proposal)
    if not form.is_valid():
        messages.error(request, _("Choose a level."))
        return redirect("skills:proposals")
    try:
        services.self_assessment_review(
            proposal=proposal,
            user=request.user,
            level=form.cleaned_data["level"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("skills:proposals")
    return _changed(
        request,
        reverse("skills:proposals"),
        _("Level recorded for %(name)s.") % {"name": proposal.employee.full_name},
    )


# One person ----------------------------------------------------------------------------


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@login_required
def employee(request, pk):
    """A person's skills: against their position, the gaps, certificates, history, and the
    evolution between two interviews."""
    person = _employee(request.user, pk)
    data = selectors.employee_skills(employee=person)
    interview_days = selectors.interview_dates(employee=person)
    after = _parse_day(request.GET.get("to")) or (
        interview_days[0] if interview_days else timezone.localdate()
    )
    before = _parse_day(request.GET.get("from")) or (
        interview_days[1] if len(interview_days) > 1 else None
    )
    evolution = (
        selectors.employee_evolution(employee=person, before=before, after=after)
        if before is not None
        else []
    )
    context = {
        "employee": person,
        "scale": selectors.level_scale(),
        "can_assess": request.user.has_perm("skills.assess", person),
        "can_self_assess": request.user.has_perm("skills.self_assess", person),
        "can_certify": request.user.has_perm("skills.change_certifications", person),
        "interview_days": interview_days,
        "before": before,
        "after": after,
        "evolution": evolution,
        "sources": AssessmentSource,
        **data,
    }
    return render(request, "skills/employee.html", context)


@login_required
def evidence(request, pk):
    assessment = _scoped(Assessment.objects.exclude(evidence=""), request.user, pk)
    try:
        handle = assessment.evidence.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    return FileResponse(handle, as_attachment=True)


# Coverage and gaps ---------------------------------------------------------------------


@login_required
def coverage(request, pk):
    """A team's minimum headcounts today and month by month over the last year."""
    require_perm(request.user, "skills.browse")
    team = _scoped(Team.objects.select_related("site", "leader"), request.user, pk)
    lines = selectors.team_coverage(user=request.user, teams=[team])[team.pk]
    days = selectors.month_ends(12)
    points = selectors.team_coverage_trend(user=request.user, team=team, days=days)
    trend_rows = [
        {"line": line, "holders": [point.holders.get(line.requirement.pk, 0) for point in points]}
        for line in lines
    ]
    context = {
        "team": team,
        "lines": lines,
        "points": points,
        "trend_rows": trend_rows,
        "chart": _trend_chart(points),
        "scale": selectors.level_scale(),
        "can_edit": request.user.has_perm("skills.change_requirements", team),
    }
    return render(request, "skills/coverage.html", context)


def _trend_chart(points) -> str:
    """The share of the team's minimum headcounts met, month by month, as an SVG line."""
    if not points or not points[0].total:
        return ""
    import pygal
    from django.utils.formats import date_format
    from django.utils.safestring import mark_safe

    style = pygal.style.Style(
        background="transparent",
        plot_background="transparent",
        colors=("#1b5e20",),
        font_family="sans-serif",
    )
    chart = pygal.Line(
        height=260,
        width=800,
        show_legend=False,
        range=(0, 100),
        js=[],
        style=style,
        x_label_rotation=30,
        explicit_size=False,
        disable_xml_declaration=True,
        title=_("Minimum headcounts met (%)"),
    )
    chart.x_labels = [date_format(point.day, "M Y") for point in points]
    chart.add(_("Met"), [point.share for point in points])
    return mark_safe(chart.render(is_unicode=True))


@login_required
def gaps(request):
    """Per person, the skills below what their position requires, for a team or site."""
    require_perm(request.user, "skills.browse")
    form, query = _matrix_query(request)
    rows = []
    if query is not None:
        query.show = "required"
        query.gaps_only = True
        result = selectors.skills_matrix(user=request.user, query=query)
        rows = result.rows
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "query": query,
        "page": page,
        "scale": selectors.level_scale(),
        "params": params.urlencode(),
    }
    return render(request, "skills/gaps.html", context)


# Catalogue -----------------------------------------------------------------------------


@login_required
def catalogue(request):
    """The tree of domains and skills, the level scale and the certifications."""
    require_role(request.user)
    context = {
        "tree": selectors.catalogue_tree(user=request.user),
        "scale": selectors.level_scale(),
        "certification_types": CertificationType.objects.order_by("code"),
        "can_edit_domains": request.user.has_perm("skills.change_domains"),
        "can_add_skill": request.user.has_perm("skills.change_catalogue"),
        "can_edit_levels": request.user.has_perm("skills.change_levels"),
    }
    return render(request, "skills/catalogue.html", context)


def _record_form(request, form, record, title: str, back: str):
    return render(
        request,
        "skills/record_form.html",
        {"form": form, "record": record, "title": title, "back": back},
    )


@login_required
@require_http_methods(["GET", "POST"])
def domain_edit(request, pk=None):
    require_perm(request.user, "skills.change_domains")
    domain = get_object_or_404(SkillDomain, pk=pk) if pk else SkillDomain()
    form = DomainForm(request.POST or None, instance=domain)
    if request.method == "POST" and form.is_valid():
        try:
            services.domain_save(domain=form.instance, user=request.user)
            messages.success(request, _("Domain saved."))
            return redirect("skills:catalogue")
        except ValidationError as error:
            _apply_errors(form, error)
    title = str(domain) if pk else _("New domain")
    return _record_form(request, form, domain, title, reverse("skills:catalogue"))


@login_required
def skill_detail(request, pk):
    skill = _scoped(
        Skill.objects.select_related("domain", "site", "position", "certification_type"),
        request.user,
        pk,
    )
    scale = selectors.level_scale()
    context = {
        "skill": skill,
        "scale": scale,
        "can_edit": request.user.has_perm("skills.change_catalogue", skill),
        "position_requirements": PositionRequirement.objects.for_user(request.user)
        .filter(skill=skill)
        .select_related("position", "position__site")
        .order_by("position__title"),
        "team_requirements": TeamRequirement.objects.for_user(request.user)
        .filter(skill=skill)
        .select_related("team", "team__site")
        .order_by("team__site__name", "team__name"),
        "holders": selectors.skill_holders(user=request.user, skill=skill, scale=scale)
        if request.user.has_perm("skills.browse")
        else None,
    }
    return render(request, "skills/skill_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def skill_edit(request, pk=None):
    if pk is None:
        require_perm(request.user, "skills.change_catalogue")
        skill = Skill()
    else:
        skill = _scoped(Skill.objects.all(), request.user, pk)
        require_perm(request.user, "skills.change_catalogue", skill)
    form = SkillForm(request.POST or None, instance=skill, user=request.user)
    if request.method == "POST" and form.is_valid():
        if not scope_for(request.user).can_edit_site(form.instance.site_id):
            raise PermissionDenied
        try:
            skill = services.skill_save(skill=form.instance, user=request.user)
            messages.success(request, _("Skill saved."))
            return redirect("skills:skill_detail", pk=skill.pk)
        except ValidationError as error:
            _apply_errors(form, error)
    title = str(skill) if pk else _("New skill")
    return _record_form(request, form, skill, title, reverse("skills:catalogue"))


@login_required
@require_http_methods(["GET", "POST"])
def level_edit(request, pk=None):
    require_perm(request.user, "skills.change_levels")
    level = get_object_or_404(Level, pk=pk) if pk else Level()
    form = LevelForm(request.POST or None, instance=level)
    if request.method == "POST" and "delete" in request.POST and pk:
        try:
            services.level_delete(level=level, user=request.user)
            messages.success(request, _("Level removed."))
            return redirect("skills:catalogue")
        except ValidationError as error:
            form = LevelForm(instance=level)
            _apply_errors(form, error)
    elif request.method == "POST" and form.is_valid():
        try:
            services.level_save(level=form.instance, user=request.user)
            messages.success(request, _("Level saved."))
            return redirect("skills:catalogue")
        except ValidationError as error:
            _apply_errors(form, error)
    title = str(level) if pk else _("New level")
    return _record_form(request, form, level, title, reverse("skills:catalogue"))


@login_required
@require_http_methods(["GET", "POST"])
def certification_type_edit(request, pk=None):
    require_perm(request.user, "skills.change_domains")
    certification_type = get_object_or_404(CertificationType, pk=pk) if pk else CertificationType()
    form = CertificationTypeForm(request.POST or None, instance=certification_type)
    if request.method == "POST" and form.is_valid():
        try:
            services.certification_type_save(certification_type=form.instance, user=request.user)
            messages.success(request, _("Certification saved."))
            return redirect("skills:catalogue")
        except ValidationError as error:
            _apply_errors(form, error)
    title = str(certification_type) if pk else _("New certification")
    return _record_form(request, form, certification_type, title, reverse("skills:catalogue"))


# Requirements --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def position_requirements(request, pk):
    """What a position requires, skill by skill; HR of its site changes it."""
    require_perm(request.user, "skills.browse")
    position = _scoped(Position.objects.select_related("site"), request.user, pk)
    can_edit = request.user.has_perm("skills.change_requirements", position)
    form = PositionRequirementForm(request.POST or None, user=request.user, position=position)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "remove" in request.POST:
            skill = get_object_or_404(Skill, pk=request.POST.get("remove") or 0)
            services.position_requirement_set(
                position=position, skill=skill, level=None, user=request.user
            )
            return _changed(request, request.path, _("Requirement removed."))
        if form.is_valid():
            try:
                services.position_requirement_set(
                    position=position,
                    skill=form.cleaned_data["skill"],
                    level=form.cleaned_data["level"],
                    user=request.user,
                )
                messages.success(request, _("Requirement saved."))
                return redirect(request.path)
            except ValidationError as error:
                _apply_errors(form, error)
    context = {
        "position": position,
        "requirements": position.skill_requirements.select_related("skill").order_by("skill__code"),
        "form": form,
        "can_edit": can_edit,
        "scale": selectors.level_scale(),
    }
    return render(request, "skills/position_requirements.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_requirements(request, pk):
    """How many people of the team must hold each skill; HR of its site changes it."""
    require_perm(request.user, "skills.browse")
    team = _scoped(Team.objects.select_related("site"), request.user, pk)
    can_edit = request.user.has_perm("skills.change_requirements", team)
    form = TeamRequirementForm(request.POST or None, user=request.user, team=team)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "remove" in request.POST:
            requirement = get_object_or_404(
                TeamRequirement.objects.filter(team=team), pk=request.POST.get("remove") or 0
            )
            services.team_requirement_delete(requirement=requirement, user=request.user)
            messages.success(request, _("Minimum removed."))
            return redirect(request.path)
        if form.is_valid():
            try:
                services.team_requirement_set(team=team, user=request.user, **form.cleaned_data)
                messages.success(request, _("Minimum saved."))
                return redirect(request.path)
            except ValidationError as error:
                _apply_errors(form, error)
    context = {
        "team": team,
        "lines": selectors.team_coverage(user=request.user, teams=[team])[team.pk],
        "form": form,
        "can_edit": can_edit,
        "scale": selectors.level_scale(),
    }
    return render(request, "skills/team_requirements.html", context)


# Certificates --------------------------------------------------------------------------

CERTIFICATE_WINDOWS = {"": None, "30": 30, "90": 90, "365": 365, "expired": 0}


@login_required
def certifications(request):
    """Certificates that expired or end soon, for the people in scope."""
    require_perm(request.user, "skills.browse")
    window = request.GET.get("within", "")
    if window not in CERTIFICATE_WINDOWS:
        window = ""
    due = selectors.certifications_due(user=request.user, within_days=CERTIFICATE_WINDOWS[window])
    if window == "expired":
        due = due.filter(valid_until__lt=timezone.localdate())
    page = Paginator(due, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"page": page, "window": window, "query": params.urlencode()}
    return render(request, "skills/certifications.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def certification_add(request, pk):
    employee = _employee(request.user, pk)
    require_perm(request.user, "skills.change_certifications", employee)
    form = CertificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.certification_record(employee=employee, user=request.user, **form.cleaned_data)
            messages.success(request, _("Certificate recorded."))
            return redirect("skills:employee", pk=employee.pk)
        except ValidationError as error:
            _apply_errors(form, error)
    title = _("Certificate for %(name)s") % {"name": employee.full_name}
    return _record_form(request, form, None, title, reverse("skills:employee", args=[employee.pk]))


# Exports -------------------------------------------------------------------------------


@login_required
def matrix_export(request, fmt):
    """The matrix as on the screen, as an Excel workbook or an A3 PDF for the board."""
    from parcours.skills import exports

    require_perm(request.user, "skills.browse")
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    _form, query = _matrix_query(request)
    if query is None:
        raise Http404
    if query.team is not None:
        query.team = Team.objects.select_related("site").get(pk=query.team.pk)
    result = selectors.skills_matrix(user=request.user, query=query)
    title = _matrix_title(query)
    stamp = timezone.localdate().isoformat()
    name = slugify(f"{title} {stamp}") or "matrix"
    if fmt == "xlsx":
        content = exports.matrix_xlsx(result, title)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = exports.matrix_pdf(result, title, request=request)
        content_type = "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# Import of an existing matrix ----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request):
    """Upload a matrix to check it; the imports made so far."""
    require_perm(request.user, "skills.import")
    form = MatrixImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        run = services.matrix_import_check(
            upload=form.cleaned_data["file"],
            assessed_on=form.cleaned_data["assessed_on"],
            user=request.user,
        )
        return redirect("skills:import_detail", pk=run.pk)
    runs = MatrixImport.objects.for_user(request.user).select_related("created_by", "applied_by")
    page = Paginator(runs, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "skills/import_list.html", {"form": form, "page": page})


@login_required
def import_detail(request, pk):
    require_perm(request.user, "skills.import")
    run = _scoped(MatrixImport.objects.select_related("created_by", "applied_by"), request.user, pk)
    from parcours.skills.matrix_import import displayed_findings

    findings = displayed_findings(run.report)
    severity = request.GET.get("severity", "")
    if severity:
        findings = [finding for finding in findings if finding["severity"] == severity]
    page = Paginator(findings, 100).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {"run": run, "page": page, "severity": severity, "query": params.urlencode()}
    return render(request, "skills/import_detail.html", context)


@login_required
@require_POST
def import_apply(request, pk):
    require_perm(request.user, "skills.import")
    run = _scoped(MatrixImport.objects.all(), request.user, pk)
    try:
        run = services.matrix_import_apply(run=run, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("skills:import_detail", pk=run.pk)
    if run.status == MatrixImportStatus.APPLIED:
        messages.success(
            request,
            _("%(count)s levels recorded.") % {"count": run.counts.get("recorded", 0)},
        )
    else:
        messages.error(request, _("The file can no longer be read; nothing was recorded."))
    return redirect("skills:import_detail", pk=run.pk)


# The interview block -------------------------------------------------------------------


@login_required
@require_POST
def interview_block(request, interview_pk, section_pk):
    """Save the skills review of an interview: the employee's self-assessment while they
    prepare, the interviewer's new levels until the report is signed."""
    from parcours.interviews.blocks import posted_block_context
    from parcours.interviews.services import EditConflict
    from parcours.skills.blocks import BLOCK_CODE, SkillsReviewBlock

    ctx = posted_block_context(request, interview_pk, section_pk, [BLOCK_CODE])
    interview, section, viewer = ctx.interview, ctx.section, ctx.viewer
    block = SkillsReviewBlock()
    target = reverse("interviews:detail", args=[interview.pk]) + f"#skills-review-{section.pk}"
    try:
        data = block.clean(ctx, request.POST)
        block.save(ctx, data, version=int(request.POST.get("skills_version") or 0))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(target)
    except EditConflict:
        messages.error(
            request,
            _("Someone else recorded levels here meanwhile: check them and save again."),
        )
        return redirect(target)
    if viewer == "employee":
        messages.success(request, _("Your self-assessment is saved; your manager sees it."))
    else:
        messages.success(request, _("The new levels are recorded in the skills matrix."))
    return redirect(target)
