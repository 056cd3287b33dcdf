"""Pages of the imports: upload, the report of the dry run, confirmation, history,
mapping profiles and exports.

Only HR import: other roles get a 403, an account without any role a 404. Imports run
as background tasks; the pages poll their progress with htmx.
"""

from __future__ import annotations

import csv
import io
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parcours.core.htmx import render_page
from parcours.core.scope import scope_for
from parcours.imports import export, services, tasks
from parcours.imports import progress as live
from parcours.imports.api import finding_dict
from parcours.imports.choices import RunStatus
from parcours.imports.forms import (
    ConfirmForm,
    ExportForm,
    FindingFilterForm,
    MappingProfileForm,
    RecheckForm,
    UploadForm,
)
from parcours.imports.models import ImportRun, MappingProfile
from parcours.imports.profiles import BUILTIN_NAMES, BUILTIN_PROFILES

RUNS_PER_PAGE = 25
FINDINGS_PER_PAGE = 100


def _require_hr(user):
    scope = scope_for(user)
    if not scope.has_any_role:
        raise Http404
    if not scope.is_hr:
        raise PermissionDenied
    return scope


def _get_run(user, pk: int) -> ImportRun:
    return get_object_or_404(
        ImportRun.objects.for_user(user).select_related("created_by", "applied_by", "target_site"),
        pk=pk,
    )


@login_required
def run_list(request):
    _require_hr(request.user)
    runs = ImportRun.objects.for_user(request.user).select_related(
        "created_by", "applied_by", "target_site"
    )
    page = Paginator(runs, RUNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "imports/run_list.html", {"page": page})


@login_required
def upload(request):
    _require_hr(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = services.run_create(
            user=request.user,
            upload=data["file"],
            kind=data["kind"],
            profile_name=data["profile"],
            target_site=data["target_site"],
        )
        tasks.analyse_import.enqueue(run.pk)
        return redirect("imports:run_detail", pk=run.pk)
    return render(request, "imports/upload.html", {"form": form})


def _findings_context(request, run: ImportRun) -> dict:
    findings = run.findings.all()
    by_code = list(
        findings.values("code", "severity").annotate(n=Count("id")).order_by("severity", "code")
    )
    form = FindingFilterForm(request.GET or None, codes=sorted({c["code"] for c in by_code}))
    if form.is_valid():
        if form.cleaned_data["severity"]:
            findings = findings.filter(severity=form.cleaned_data["severity"])
        if form.cleaned_data["code"]:
            findings = findings.filter(code=form.cleaned_data["code"])
    page = Paginator(findings.order_by("position"), FINDINGS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter_form": form,
        "findings_page": page,
        "page": page,
        "by_code": by_code,
        "query": query.urlencode(),
        "location_word": _("Row") if run.meta.get("sheet") else _("Line"),
    }


@login_required
def run_detail(request, pk: int):
    _require_hr(request.user)
    run = _get_run(request.user, pk)
    context = {
        "run": run,
        "progress": live.read(run.pk) if run.is_running else None,
        "recheck_form": RecheckForm(
            user=request.user,
            kind=run.kind,
            initial={"profile": run.profile_name, "target_site": run.target_site},
        ),
        "confirm_form": ConfirmForm(),
        "absent": run.meta.get("absent", []),
    }
    context.update(_findings_context(request, run))
    return render_page(request, "imports/run_detail.html", context, "imports/_findings.html")


@login_required
def run_status(request, pk: int):
    """The progress bar, polled by htmx while the run works; a full reload when done."""
    _require_hr(request.user)
    run = _get_run(request.user, pk)
    if not run.is_running:
        response = HttpResponse("")
        response["HX-Refresh"] = "true"
        return response
    return render(request, "imports/_run_status.html", {"run": run, "progress": live.read(run.pk)})


@login_required
@require_POST
def run_apply(request, pk: int):
    _require_hr(request.user)
    run = _get_run(request.user, pk)
    form = ConfirmForm(request.POST)
    form.is_valid()
    try:
        services.run_confirm(
            run=run,
            user=request.user,
            mark_missing_as_left=form.cleaned_data.get("mark_missing_as_left", False),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("imports:run_detail", pk=run.pk)
    tasks.apply_import.enqueue(run.pk, request.user.pk)
    return redirect("imports:run_detail", pk=run.pk)


@login_required
@require_POST
def run_recheck(request, pk: int):
    _require_hr(request.user)
    run = _get_run(request.user, pk)
    form = RecheckForm(request.POST, user=request.user, kind=run.kind)
    if not form.is_valid():
        messages.error(request, _("Choose a profile for this kind of file."))
        return redirect("imports:run_detail", pk=run.pk)
    try:
        services.run_change_profile(
            run=run,
            profile_name=form.cleaned_data["profile"],
            target_site=form.cleaned_data["target_site"],
        )
    except (ValidationError, services.ProfileNotFound) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("imports:run_detail", pk=run.pk)
    tasks.analyse_import.enqueue(run.pk)
    return redirect("imports:run_detail", pk=run.pk)


@login_required
@require_POST
def run_cancel(request, pk: int):
    _require_hr(request.user)
    run = _get_run(request.user, pk)
    try:
        services.run_cancel(run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("imports:run_detail", pk=run.pk)


REPORT_COLUMNS = ["file", "sheet", "line/row", "column", "value", "severity", "code", "message"]


@login_required
def run_download(request, pk: int, format: str):
    _require_hr(request.user)
    run = _get_run(request.user, pk)
    findings = [finding_dict(run, finding) for finding in run.findings.all()]
    stem = f"import-{run.pk}-report"
    if format == "json":
        body = {
            "profile": run.profile_name,
            "kind": run.kind,
            "file": run.original_name,
            "status": run.status,
            "counts": run.counts,
            "findings": findings,
            "absent": run.meta.get("absent", []),
        }
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json"
        )
    elif format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(REPORT_COLUMNS)
        for item in findings:
            writer.writerow(_report_row(item))
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv")
    elif format == "xlsx":
        import openpyxl

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Report")[:31])
        sheet.append(REPORT_COLUMNS)
        for item in findings:
            sheet.append(_report_row(item))
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{stem}.{format}"'
    return response


def _report_row(item: dict) -> list:
    return [
        item.get("file", ""),
        item.get("sheet") or "",
        item.get("line") or item.get("row") or "",
        item["column"],
        item["value"],
        item["severity"],
        item["code"],
        item["message"],
    ]


# ------------------------------------------------------------------ mapping profiles


def _can_edit_profile(user, profile: MappingProfile) -> bool:
    scope = scope_for(user)
    return scope.is_group_hr or profile.created_by_id == user.pk


@login_required
def profile_list(request):
    _require_hr(request.user)
    saved = MappingProfile.objects.select_related("created_by").order_by("label")
    builtins = [
        {
            "name": name,
            "label": BUILTIN_PROFILES[name]["label"],
            "kinds": [k for k in ("employees", "leaves") if BUILTIN_PROFILES[name].get(k)],
        }
        for name in BUILTIN_NAMES
    ]
    return render(request, "imports/profile_list.html", {"saved": saved, "builtins": builtins})


@login_required
def profile_create(request):
    _require_hr(request.user)
    base_name = request.GET.get("base") or request.POST.get("base") or "generic"
    try:
        base = services.profile_get(base_name)
    except services.ProfileNotFound as error:
        raise Http404 from error
    if base.get("builtin"):
        base["label"] = _("%(label)s (own copy)") % {"label": base["label"]}
    form = MappingProfileForm(request.POST or None, base=base)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(
                user=request.user,
                name=form.cleaned_data["name"],
                label=form.cleaned_data["label"],
                config=form.cleaned_data["config"],
                based_on=base_name,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("imports:profile_list")
    return render(
        request,
        "imports/profile_form.html",
        {"form": form, "base_name": base_name, "profile": None},
    )


@login_required
def profile_edit(request, pk: int):
    _require_hr(request.user)
    profile = get_object_or_404(MappingProfile, pk=pk)
    if not _can_edit_profile(request.user, profile):
        raise PermissionDenied
    base = services.profile_get(profile.name)
    form = MappingProfileForm(request.POST or None, base=base)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_save(
                user=request.user,
                name=form.cleaned_data["name"],
                label=form.cleaned_data["label"],
                config=form.cleaned_data["config"],
                profile=profile,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("imports:profile_list")
    return render(
        request,
        "imports/profile_form.html",
        {"form": form, "base_name": profile.based_on, "profile": profile},
    )


@login_required
@require_POST
def profile_delete(request, pk: int):
    _require_hr(request.user)
    profile = get_object_or_404(MappingProfile, pk=pk)
    if not _can_edit_profile(request.user, profile):
        raise PermissionDenied
    services.profile_delete(profile=profile)
    messages.success(request, _("Profile deleted."))
    return redirect("imports:profile_list")


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# ------------------------------------------------------------------ exports


@login_required
def export_page(request):
    """Anyone who may browse the organisation exports what they may see."""
    if not scope_for(request.user).has_any_role:
        raise Http404
    if not request.user.has_perm("organisation.browse"):
        raise PermissionDenied
    form = ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        kind, format = form.cleaned_data["kind"], form.cleaned_data["format"]
        stamp = timezone.localdate().isoformat()
        filename = f"parcours-{kind}-{stamp}.{format}"
        if format == "csv":
            response = StreamingHttpResponse(
                export.csv_chunks(kind, request.user), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        return FileResponse(
            export.xlsx_file(kind, request.user), as_attachment=True, filename=filename
        )
    return render(
        request, "imports/export.html", {"form": form, "action": reverse("imports:export")}
    )


__all__ = ["RunStatus"]
