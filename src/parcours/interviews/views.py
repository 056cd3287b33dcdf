"""Pages of the interviews: the interview itself, signatures, dossier, board, templates and
campaigns.

Interviews are always loaded through the user's scope (outside it: 404); what a person may
do to a visible interview is decided by the transition table (refused: 403).
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours.core.htmx import render_page
from parcours.core.scope import scope_for
from parcours.interviews import forms, selectors, services
from parcours.interviews.blocks import BlockContext, get_block
from parcours.interviews.choices import (
    CampaignStatus,
    InterviewStatus,
    SignatureMethod,
    SignatureRole,
    VersionStatus,
)
from parcours.interviews.filters import InterviewFilter
from parcours.interviews.models import (
    Campaign,
    Interview,
    InterviewerOverride,
    InterviewKind,
    InterviewTemplate,
    Notification,
    Question,
    ResultNote,
    Section,
    TemplateVersion,
)
from parcours.interviews.reports import current_report
from parcours.interviews.values import parse_form_value
from parcours.organisation.models import EmployeeCategory

PAGE_SIZE = 50
SLOT_NAME = re.compile(r"^q(\d+)-(employee|manager|shared)$")


def _require(user, perm: str, obj=None) -> None:
    if not scope_for(user).has_any_role:
        raise Http404
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _interview(request, pk) -> Interview:
    interview = selectors.interview_get(user=request.user, pk=pk)
    if interview is None:
        raise Http404
    return interview


def _service_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# The interviews of a person ----------------------------------------------------------


@login_required
def mine(request):
    """My interviews as an employee, the ones I conduct, and my notifications."""
    scope = scope_for(request.user)
    if not scope.has_any_role:
        raise Http404
    if scope.employee_id is None:
        return redirect("interviews:board")
    own = (
        Interview.objects.filter(employee_id=scope.employee_id)
        .exclude(status=InterviewStatus.CANCELLED)
        .select_related("campaign__kind", "interviewer")
        .order_by("-campaign__opens_on", "-pk")[:20]
    )
    notifications = Notification.objects.for_user(request.user).select_related("interview")[:20]
    context = {
        "own": own,
        "conducting": selectors.next_interviews(user=request.user),
        "notifications": notifications,
        "unread": sum(1 for n in notifications if n.read_at is None),
    }
    return render(request, "interviews/mine.html", context)


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if notification.interview_id:
        return redirect("interviews:detail", pk=notification.interview_id)
    return redirect("interviews:mine")


@login_required
def interview_list(request):
    """Interviews in the user's scope, filtered: where the board's figures lead."""
    _require(request.user, "interviews.view_board")
    queryset = selectors.interview_list(user=request.user)
    filterset = InterviewFilter(request.GET, queryset=queryset, user=request.user)
    ordered = filterset.qs.order_by("employee__last_name", "employee__first_name", "pk")
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode()}
    return render_page(
        request, "interviews/interview_list.html", context, "interviews/_interview_table.html"
    )


# One interview -----------------------------------------------------------------------


@login_required
def detail(request, pk):
    interview = _interview(request, pk)
    context = selectors.page_context(interview=interview, user=request.user, request=request)
    return render(request, "interviews/interview_detail.html", context)


def _slot_for(interview, question, side, roles, answer=None, **extra):
    editable = side in services.editable_sides(interview, roles)
    slot = selectors.Slot(
        question=question,
        side=side,
        value=answer.value if answer else None,
        version=answer.version if answer else 0,
        editable=editable,
        updated_by=getattr(answer, "updated_by", None),
        updated_at=getattr(answer, "updated_at", None),
        interview_id=interview.pk,
    )
    for name, value in extra.items():
        setattr(slot, name, value)
    return slot


def _save_posted(request, interview, roles) -> list:
    """Save the answers of a posted form (those marked with an `s-` field)."""
    questions = {
        q.pk: q for q in Question.objects.filter(section__version_id=interview.template_version_id)
    }
    take = request.POST.get("take", "")
    keep = request.POST.get("keep", "")
    names = [key[2:] for key in request.POST if key.startswith("s-")]
    if take and request.htmx:
        names = [take]
    outcomes = []
    for name in names:
        if name == "notes":
            outcomes.append(_save_notes(request, interview, skip=name == take))
            continue
        match = SLOT_NAME.match(name)
        question = questions.get(int(match.group(1))) if match else None
        if question is None or match.group(2) not in question.sides:
            raise Http404
        outcomes.append(_save_slot(request, interview, question, match.group(2), roles, take, keep))
    return outcomes


def _add_pending_blocks(request, interview, roles) -> bool:
    """A block's own fields (a new objective, a training request) posted with the page's
    general Save, when the page's script did not stop it: added as the block's button
    would, or the reason said; never dropped silently. False when one was not added."""
    viewer = (
        "employee"
        if roles == {services.EMPLOYEE}
        else ("interviewer" if services.INTERVIEWER in roles else "reader")
    )
    editable = bool(services.editable_sides(interview, roles))
    if viewer == "reader" or not editable:
        return True
    added = True
    sections = Section.objects.filter(version_id=interview.template_version_id).exclude(
        block_code=""
    )
    for section in sections.order_by("position", "pk"):
        block = get_block(section.block_code)
        if block is None or not block.has_pending_input(request.POST):
            continue
        ctx = BlockContext(
            section=section,
            interview=interview,
            viewer=viewer,
            editable=editable,
            user=request.user,
            request=request,
        )
        try:
            block.save(ctx, block.clean(ctx, request.POST))
        except (ValidationError, PermissionDenied, services.EditConflict) as error:
            added = False
            reason = " ".join(getattr(error, "messages", None) or [str(error)])
            messages.error(
                request,
                _("%(part)s: what you typed is not added: %(reason)s")
                % {"part": section.label, "reason": reason},
            )
        else:
            messages.success(
                request, _("%(part)s: what you typed is added.") % {"part": section.label}
            )
    return added


def _unsaved(outcomes) -> bool:
    return any(slot.state in ("conflict", "error") for slot in outcomes)


def _page_with_outcomes(request, interview, outcomes):
    """The interview page again, showing what could not be saved and why."""
    context = selectors.page_context(interview=interview, user=request.user, request=request)
    by_name = {slot.name: slot for slot in outcomes}
    for view in context["sections"]:
        for qv in view.questions:
            qv.slots = [by_name.get(slot.name, slot) for slot in qv.slots]
    if "notes" in by_name:
        context["notes"] = by_name["notes"]
    messages.error(request, _("Some answers were not saved: see below."))
    return render(request, "interviews/interview_detail.html", context, status=409)


@login_required
@require_POST
def answers(request, pk):
    """Save answers: one at a time from the page's autosave, or the whole form without
    JavaScript. Unchanged answers are skipped; a conflict saves nothing and shows both."""
    interview = _interview(request, pk)
    roles = services.interview_roles(request.user, interview)
    outcomes = _save_posted(request, interview, roles)
    if request.htmx:
        if request.POST.get("take") and outcomes:
            slot = outcomes[0]
            template = (
                "interviews/_notes_slot.html" if slot.name == "notes" else "interviews/_slot.html"
            )
            response = render(request, template, {"slot": slot, "interview": interview})
            response["HX-Retarget"] = (
                "#slot-notes" if slot.name == "notes" else f"#slot-{slot.name}"
            )
            response["HX-Reswap"] = "outerHTML"
            return response
        html = "".join(
            render_to_string(
                "interviews/_slot_meta.html",
                {"slot": slot, "interview": interview, "oob": True},
                request=request,
            )
            for slot in outcomes
        )
        response = HttpResponse(html)
        states = {slot.state for slot in outcomes}
        response["X-Answer-State"] = (
            "conflict" if "conflict" in states else "error" if "error" in states else "saved"
        )
        return response
    if _unsaved(outcomes):
        return _page_with_outcomes(request, interview, outcomes)
    if not _add_pending_blocks(request, interview, roles):
        return redirect("interviews:detail", pk=interview.pk)
    messages.success(request, _("Your answers are saved."))
    return redirect("interviews:detail", pk=interview.pk)


def _save_slot(request, interview, question, side, roles, take, keep):
    name = f"q{question.pk}-{side}"
    stored = interview.answers.filter(question=question, side=side).select_related("updated_by")
    answer = stored.first()
    if take == name:
        return _slot_for(interview, question, side, roles, answer, state="taken")
    values = request.POST.getlist(name)
    try:
        value = parse_form_value(question, values)
    except ValidationError as error:
        return _slot_for(
            interview,
            question,
            side,
            roles,
            answer,
            value=None,
            raw=values,
            error=" ".join(error.messages),
            state="error",
        )
    initial = request.POST.get(f"i-{name}")
    if initial is not None and keep != name:
        try:
            unchanged = json.loads(initial) == value
        except ValueError:
            unchanged = False
        if unchanged:
            return _slot_for(interview, question, side, roles, answer, state="unchanged")
    try:
        saved = services.answer_save(
            interview=interview,
            question=question,
            side=side,
            value=value,
            version=request.POST.get(f"v-{name}") or 0,
            user=request.user,
            roles=roles,
        )
    except services.EditConflict as conflict:
        slot = _slot_for(interview, question, side, roles, answer, state="conflict")
        slot.conflict = conflict
        slot.initial = conflict.current_value
        slot.value = value
        slot.version = conflict.current_version
        return slot
    except ValidationError as error:
        return _slot_for(
            interview, question, side, roles, answer, error=" ".join(error.messages), state="error"
        )
    return _slot_for(interview, question, side, roles, saved, state="saved")


def _save_notes(request, interview, skip=False):
    """The private notes travel like an answer, with their own version."""
    slot = selectors.NotesSlot(
        value=interview.interviewer_notes, version=interview.notes_version, editable=True
    )
    if skip:
        slot.state = "taken"
        return slot
    notes = request.POST.get("notes", "")
    if (request.POST.get("i-notes") is not None and request.POST.get("keep") != "notes") and (
        json.loads(request.POST.get("i-notes") or "null") or ""
    ) == notes.replace("\r\n", "\n").strip():
        slot.state = "unchanged"
        return slot
    try:
        saved = services.interview_notes_save(
            interview=interview,
            user=request.user,
            notes=notes,
            version=int(request.POST.get("v-notes") or 0),
        )
    except services.EditConflict as conflict:
        slot.conflict = conflict
        slot.initial = conflict.current_value
        slot.value = conflict.submitted
        slot.version = conflict.current_version
        slot.state = "conflict"
        return slot
    slot.value = slot.initial = saved.interviewer_notes
    slot.version = saved.notes_version
    slot.state = "saved"
    return slot


def _action_page(request, interview, *, title, form, action_url, danger=False):
    context = {
        "interview": interview,
        "form": form,
        "title": title,
        "action_url": action_url,
        "danger": danger,
    }
    return render(request, "interviews/interview_action.html", context)


def _refuse(request, interview, error: ValidationError):
    messages.error(request, " ".join(error.messages))
    return redirect("interviews:detail", pk=interview.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan(request, pk):
    return _form_action(
        request,
        pk,
        action="planned",
        title=_("Plan the interview"),
        form_class=forms.PlanForm,
        initial=lambda interview: {
            "scheduled_at": timezone.localtime(interview.scheduled_at)
            if interview.scheduled_at
            else None,
            "location": interview.location,
        },
        perform=lambda interview, user, data: services.interview_plan(
            interview=interview,
            user=user,
            scheduled_at=data["scheduled_at"],
            location=data["location"],
            version=data["version"],
        ),
        success=_("The interview is planned."),
        # After a refusal (someone changed the interview meanwhile) the form shows what
        # was typed, ready to be sent again over the current version.
        refresh_version=True,
    )


@login_required
@require_POST
def prepared(request, pk):
    interview = _interview(request, pk)
    roles = services.interview_roles(request.user, interview)
    outcomes = _save_posted(request, interview, roles)
    if _unsaved(outcomes):
        return _page_with_outcomes(request, interview, outcomes)
    if not _add_pending_blocks(request, interview, roles):
        return redirect("interviews:detail", pk=interview.pk)
    try:
        services.interview_submit_preparation(
            interview=interview, user=request.user, version=request.POST.get("version")
        )
    except ValidationError as error:
        return _refuse(request, interview, error)
    messages.success(request, _("The preparation is submitted."))
    return redirect("interviews:detail", pk=interview.pk)


@login_required
@require_POST
def held(request, pk):
    interview = _interview(request, pk)
    roles = services.interview_roles(request.user, interview)
    outcomes = _save_posted(request, interview, roles)
    if _unsaved(outcomes):
        return _page_with_outcomes(request, interview, outcomes)
    if not _add_pending_blocks(request, interview, roles):
        return redirect("interviews:detail", pk=interview.pk)
    try:
        services.interview_hold(
            interview=interview, user=request.user, version=request.POST.get("version")
        )
    except ValidationError as error:
        return _refuse(request, interview, error)
    messages.success(request, _("The interview is held: it can now be signed."))
    return redirect("interviews:sign", pk=interview.pk)


def _form_action(
    request,
    pk,
    *,
    action,
    title,
    form_class,
    perform,
    success,
    danger=False,
    initial=None,
    form_kwargs=None,
    refresh_version=False,
):
    """A change of the interview through a small form: allowed by the lifecycle table for
    this user (else back to the interview with the reason), then `perform(interview,
    user, data)`; a refusal of the service shows on the form, nothing typed is lost."""
    interview = _interview(request, pk)
    roles = services.interview_roles(request.user, interview)
    try:
        services.check_transition(interview, action, roles)
    except ValidationError as error:
        return _refuse(request, interview, error)
    form = form_class(
        request.POST or None,
        initial={"version": interview.version, **(initial(interview) if initial else {})},
        **(form_kwargs(request, interview) if form_kwargs else {}),
    )
    if request.method == "POST" and form.is_valid():
        try:
            perform(interview=interview, user=request.user, data=form.cleaned_data)
            messages.success(request, success)
            return redirect("interviews:detail", pk=interview.pk)
        except ValidationError as error:
            _service_errors(form, error)
            if refresh_version:
                form.data = form.data.copy()
                form.data["version"] = Interview.objects.get(pk=interview.pk).version
    return _action_page(
        request,
        interview,
        title=title,
        form=form,
        action_url=request.path,
        danger=danger,
    )


def _reason_action(request, pk, *, action, title, service, success, danger=False):
    def perform(interview, user, data):
        kwargs = {"interview": interview, "user": user, "reason": data["reason"]}
        if action != "reopened":
            kwargs["version"] = data["version"]
        service(**kwargs)

    return _form_action(
        request,
        pk,
        action=action,
        title=title,
        form_class=forms.ReasonForm,
        perform=perform,
        success=success,
        danger=danger,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request, pk):
    return _reason_action(
        request,
        pk,
        action="cancelled",
        title=_("Cancel the interview"),
        service=services.interview_cancel,
        success=_("The interview is cancelled."),
        danger=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def reopen(request, pk):
    return _reason_action(
        request,
        pk,
        action="reopened",
        title=_("Reopen the signed report"),
        service=services.interview_reopen,
        success=_("The report is reopened: the signatures are voided, it must be signed again."),
        danger=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def follow_up(request, pk):
    return _form_action(
        request,
        pk,
        action="followed_up",
        title=_("Follow up the interview"),
        form_class=forms.FollowUpForm,
        perform=lambda interview, user, data: services.interview_follow_up(
            interview=interview, user=user, note=data["note"], version=data["version"]
        ),
        success=_("The interview is followed up."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reassign(request, pk):
    return _form_action(
        request,
        pk,
        action="reassigned",
        title=_("Give the interview to another interviewer"),
        form_class=forms.ReassignForm,
        form_kwargs=lambda request, interview: {"user": request.user, "interview": interview},
        perform=lambda interview, user, data: services.interview_reassign(
            interview=interview,
            user=user,
            interviewer=data["interviewer"],
            version=data["version"],
        ),
        success=_("The interview has a new interviewer."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def sign(request, pk):
    """The report for signature, and a pad for each signature still missing."""
    interview = _interview(request, pk)
    roles = services.interview_roles(request.user, interview)
    block = get_block("signature")
    error = ""
    if request.method == "POST":
        ctx = BlockContext(section=None, interview=interview, user=request.user, request=request)
        try:
            data = block.clean(ctx, request.POST)
            interview = block.save(ctx, data)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            if interview.status == InterviewStatus.SIGNED:
                messages.success(request, _("Signed by both: the report is locked."))
                return redirect("interviews:detail", pk=interview.pk)
            messages.success(request, _("The signature is recorded."))
            return redirect("interviews:sign", pk=interview.pk)
    signatures = {s.role: s for s in interview.signatures.valid()}
    can_sign = interview.status == InterviewStatus.HELD and bool(
        roles & {services.EMPLOYEE, services.INTERVIEWER}
    )
    pads = []
    if can_sign:
        if SignatureRole.EMPLOYEE not in signatures and roles & {
            services.EMPLOYEE,
            services.INTERVIEWER,
        }:
            pads.append(
                {
                    "role": SignatureRole.EMPLOYEE,
                    "name": interview.employee.full_name,
                    "may_confirm": services.EMPLOYEE in roles,
                    "in_person": services.EMPLOYEE not in roles,
                }
            )
        if SignatureRole.MANAGER not in signatures and services.INTERVIEWER in roles:
            pads.append(
                {
                    "role": SignatureRole.MANAGER,
                    "name": interview.interviewer.full_name,
                    "may_confirm": True,
                    "in_person": False,
                }
            )
    context = {
        "interview": interview,
        "sections": selectors.report_rows(interview=interview)
        if services.visible_sides(interview, roles) >= {"manager"}
        else [],
        "signatures": list(signatures.values()),
        "pads": pads,
        "error": error,
        "posted": request.POST if error else {},
        "methods": SignatureMethod,
    }
    return render(request, "interviews/interview_sign.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def dossier(request, pk):
    """Everything to prepare the interview, on one printable page."""
    interview = _interview(request, pk)
    roles = services.interview_roles(request.user, interview)
    sees_results = bool(roles - {services.EMPLOYEE}) or not roles
    notes_form = forms.ResultNoteForm(request.POST or None)
    if request.method == "POST" and notes_form.is_valid():
        try:
            services.result_note_add(
                employee=interview.employee,
                user=request.user,
                text=notes_form.cleaned_data["text"],
                noted_on=notes_form.cleaned_data["noted_on"],
            )
            messages.success(request, _("The result is noted."))
            return redirect("interviews:dossier", pk=interview.pk)
        except ValidationError as error:
            _service_errors(notes_form, error)
    previous = list(
        Interview.objects.filter(
            employee_id=interview.employee_id,
            signed_at__isnull=False,
            status__in=(InterviewStatus.SIGNED, InterviewStatus.FOLLOWED_UP),
        )
        .exclude(pk=interview.pk)
        .select_related("campaign__kind", "interviewer", "template_version")
        .order_by("-signed_at")[:3]
    )
    since = previous[0].signed_at.date() if previous else None
    results = ResultNote.objects.filter(employee_id=interview.employee_id).select_related(
        "recorded_by"
    )
    if since:
        results = results.filter(noted_on__gte=since)
    block_parts = [
        (
            section,
            section.block.render_dossier(
                BlockContext(
                    section=section, interview=interview, user=request.user, request=request
                )
            ),
        )
        for section in Section.objects.filter(version_id=interview.template_version_id)
        .exclude(block_code="")
        .order_by("position")
        if section.block is not None
    ]
    context = {
        "interview": interview,
        "previous": [(p, selectors.report_rows(interview=p)) for p in previous],
        "since": since,
        "results": results[:100] if sees_results else [],
        "sees_results": sees_results,
        "notes_form": notes_form if sees_results and roles else None,
        "block_parts": [(section, html) for section, html in block_parts if html.strip()],
    }
    return render(request, "interviews/dossier.html", context)


@login_required
def report_pdf(request, pk):
    interview = _interview(request, pk)
    report = current_report(interview) if interview.is_locked else None
    if report is None:
        raise Http404
    filename = "interview-%s-%s.pdf" % (interview.pk, interview.employee.employee_number)
    return FileResponse(report.file.open("rb"), content_type="application/pdf", filename=filename)


# The board ---------------------------------------------------------------------------


@login_required
def board(request):
    """Counts by status, by campaign, entity, site, department or manager; late ones apart.
    The fragment refreshes itself every 15 seconds."""
    _require(request.user, "interviews.view_board")
    from django.conf import settings

    scope = scope_for(request.user)
    interviews = Interview.objects.for_user(request.user)
    campaigns = list(
        Campaign.objects.for_user(request.user)
        .exclude(status=CampaignStatus.DRAFT)
        .order_by("-opens_on", "-pk")[:50]
    )
    campaign_id = request.GET.get("campaign", "")
    campaign = next((c for c in campaigns if str(c.pk) == campaign_id), None)
    if campaign is not None:
        interviews = interviews.filter(campaign=campaign)
    manages = not (scope.is_hr or scope.whole_group)
    default_group = "manager" if manages else "site"
    group = request.GET.get("group", default_group)
    if group not in selectors.BOARD_GROUPS:
        group = default_group
    total, rows = selectors.board(interviews=interviews, group=group)
    base = {"campaign": campaign.pk} if campaign else {}
    total.query = urlencode(base)
    filter_key = selectors.BOARD_FILTER_KEYS[group]
    for row in rows:
        key = row.key if row.key is not None else ("0" if group == "manager" else None)
        row.query = urlencode({**base, filter_key: key} if key is not None else base)
    context = {
        "campaigns": campaigns,
        "campaign": campaign,
        "group": group,
        "groups": selectors.BOARD_GROUP_LABELS,
        "total": total,
        "rows": rows,
        "columns": selectors.STATUS_COLUMNS,
        "next": selectors.next_interviews(user=request.user, limit=10) if manages else [],
        "poll_seconds": getattr(settings, "PARCOURS_BOARD_POLL_SECONDS", 15),
        "now": timezone.now(),
    }
    return render_page(request, "interviews/board.html", context, "interviews/_board.html")


# Kinds and templates -----------------------------------------------------------------


@login_required
def kind_list(request):
    _require(request.user, "interviews.view_templates")
    kinds = InterviewKind.objects.annotate(template_count=Count("templates"))
    return render(request, "interviews/kind_list.html", {"kinds": kinds})


@login_required
@require_http_methods(["GET", "POST"])
def kind_edit(request, pk=None):
    _require(request.user, "interviews.change_templates")
    kind = get_object_or_404(InterviewKind, pk=pk) if pk else InterviewKind()
    form = forms.KindForm(request.POST or None, instance=kind)
    if request.method == "POST" and form.is_valid():
        form.instance.labels = form.labels_of("labels")
        try:
            services.kind_save(kind=form.instance, user=request.user)
            messages.success(request, _("Kind of interview saved."))
            return redirect("interviews:kind_list")
        except ValidationError as error:
            _service_errors(form, error)
    return render(
        request,
        "interviews/record_form.html",
        {"form": form, "title": kind.label if kind.pk else _("New kind of interview")},
    )


@login_required
def template_list(request):
    _require(request.user, "interviews.view_templates")
    return render(
        request,
        "interviews/template_list.html",
        {"templates": selectors.template_list(user=request.user)},
    )


def _template(request, pk) -> InterviewTemplate:
    _require(request.user, "interviews.view_templates")
    return get_object_or_404(
        InterviewTemplate.objects.for_user(request.user).select_related("kind"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request, pk=None):
    if pk is None:
        _require(request.user, "interviews.change_templates")
        template = InterviewTemplate()
    else:
        template = _template(request, pk)
        _require(request.user, "interviews.change_templates")
    form = forms.TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        data = {
            "kind": form.cleaned_data["kind"],
            "labels": form.labels_of("labels"),
            "categories": form.cleaned_data["categories"],
            "user": request.user,
        }
        try:
            if pk is None:
                template = services.template_create(**data)
            else:
                template = services.template_update(template=template, **data)
            messages.success(request, _("Template saved."))
            return redirect("interviews:template_detail", pk=template.pk)
        except ValidationError as error:
            _service_errors(form, error)
    return render(
        request,
        "interviews/record_form.html",
        {"form": form, "title": template.label if pk else _("New template"), "template": template},
    )


@login_required
def template_detail(request, pk):
    template = _template(request, pk)
    versions = list(
        template.versions.annotate(interview_count=Count("interviews")).order_by("-number")
    )
    version_number = request.GET.get("version")
    shown = next((v for v in versions if str(v.number) == version_number), None)
    shown = shown or next((v for v in versions if v.status == VersionStatus.DRAFT), None)
    shown = shown or (versions[0] if versions else None)
    sections = (
        list(shown.sections.prefetch_related("questions").order_by("position", "pk"))
        if shown
        else []
    )
    context = {
        "template": template,
        "versions": versions,
        "shown": shown,
        "sections": sections,
        "can_change": request.user.has_perm("interviews.change_templates"),
        "has_draft": any(v.status == VersionStatus.DRAFT for v in versions),
    }
    return render(request, "interviews/template_detail.html", context)


@login_required
@require_POST
def template_draft(request, pk):
    template = _template(request, pk)
    _require(request.user, "interviews.change_templates")
    draft = services.version_draft(template=template, user=request.user)
    messages.success(
        request,
        _("Version %(number)s is a draft: change it, then publish it.") % {"number": draft.number},
    )
    return redirect(
        reverse("interviews:template_detail", args=[template.pk]) + f"?version={draft.number}"
    )


@login_required
@require_POST
def template_publish(request, pk):
    template = _template(request, pk)
    _require(request.user, "interviews.change_templates")
    draft = template.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is None:
        messages.error(request, _("There is no draft to publish."))
        return redirect("interviews:template_detail", pk=template.pk)
    try:
        services.template_publish(version=draft, user=request.user)
        messages.success(
            request,
            _("Version %(number)s is published: new interviews will use it.")
            % {"number": draft.number},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(
        reverse("interviews:template_detail", args=[template.pk]) + f"?version={draft.number}"
    )


@login_required
@require_POST
def template_duplicate(request, pk):
    template = _template(request, pk)
    _require(request.user, "interviews.change_templates")
    copy = services.template_duplicate(template=template, user=request.user)
    messages.success(request, _("Template duplicated: rename it and adapt it."))
    return redirect("interviews:template_detail", pk=copy.pk)


@login_required
def template_preview(request, pk):
    """The template as the employee or the manager sees it when the interview starts."""
    template = _template(request, pk)
    number = request.GET.get("version")
    versions = template.versions.order_by("-number")
    version = (versions.filter(number=number).first() if number else None) or versions.first()
    as_role = "employee" if request.GET.get("as") == "employee" else "manager"
    roles = frozenset({services.EMPLOYEE if as_role == "employee" else services.INTERVIEWER})
    sections = selectors.build_form(version=version, interview=None, roles=roles, request=request)
    context = {"template": template, "version": version, "as_role": as_role, "sections": sections}
    return render(request, "interviews/template_preview.html", context)


def _draft_section(request, pk) -> Section:
    _require(request.user, "interviews.change_templates")
    return get_object_or_404(Section.objects.select_related("version__template"), pk=pk)


def _back_to(version: TemplateVersion):
    return redirect(
        reverse("interviews:template_detail", args=[version.template_id])
        + f"?version={version.number}"
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request, template_pk=None, pk=None):
    _require(request.user, "interviews.change_templates")
    if pk is None:
        template = _template(request, template_pk)
        version = services.version_draft(template=template, user=request.user)
        section = Section(version=version)
    else:
        section = _draft_section(request, pk)
        version = section.version
    form = forms.SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and form.is_valid():
        form.instance.labels = form.labels_of("labels")
        form.instance.help = form.labels_of("help")
        try:
            services.section_save(section=form.instance, user=request.user)
            return _back_to(version)
        except ValidationError as error:
            _service_errors(form, error)
    return render(
        request,
        "interviews/record_form.html",
        {
            "form": form,
            "title": section.label if section.pk else _("New section"),
            "version": version,
        },
    )


@login_required
@require_POST
def section_delete(request, pk):
    section = _draft_section(request, pk)
    try:
        services.section_delete(section=section, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back_to(section.version)


@login_required
@require_POST
def section_move(request, pk):
    section = _draft_section(request, pk)
    try:
        services.item_move(
            item=section, direction=int(request.POST.get("direction", 1)), user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back_to(section.version)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request, section_pk=None, pk=None):
    _require(request.user, "interviews.change_templates")
    if pk is None:
        section = _draft_section(request, section_pk)
        question = Question(section=section)
    else:
        question = get_object_or_404(
            Question.objects.select_related("section__version__template"), pk=pk
        )
        section = question.section
    form = forms.QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        form.instance.labels = form.labels_of("labels")
        form.instance.help = form.labels_of("help")
        form.instance.options = form.cleaned_data["options"]
        try:
            services.question_save(question=form.instance, user=request.user)
            return _back_to(section.version)
        except ValidationError as error:
            _service_errors(form, error)
    return render(
        request,
        "interviews/record_form.html",
        {
            "form": form,
            "title": question.label if question.pk else _("New question"),
            "version": section.version,
        },
    )


@login_required
@require_POST
def question_delete(request, pk):
    _require(request.user, "interviews.change_templates")
    question = get_object_or_404(Question.objects.select_related("section__version"), pk=pk)
    try:
        services.question_delete(question=question, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back_to(question.section.version)


@login_required
@require_POST
def question_move(request, pk):
    _require(request.user, "interviews.change_templates")
    question = get_object_or_404(Question.objects.select_related("section__version"), pk=pk)
    try:
        services.item_move(
            item=question, direction=int(request.POST.get("direction", 1)), user=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back_to(question.section.version)


# Campaigns ---------------------------------------------------------------------------


@login_required
def campaign_list(request):
    _require(request.user, "interviews.view_campaigns")
    campaigns = selectors.campaign_list(user=request.user)
    return render(request, "interviews/campaign_list.html", {"campaigns": campaigns})


def _campaign(request, pk) -> Campaign:
    _require(request.user, "interviews.view_campaigns")
    return get_object_or_404(Campaign.objects.for_user(request.user).select_related("kind"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request, pk=None):
    if pk is None:
        _require(request.user, "interviews.add_campaign")
        campaign = Campaign()
    else:
        campaign = _campaign(request, pk)
        _require(request.user, "interviews.run_campaign", campaign)
    form = forms.CampaignForm(request.POST or None, instance=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        scope = {name: form.cleaned_data[name] for name in services.SCOPE_FIELDS}
        try:
            campaign = services.campaign_save(
                campaign=form.instance, user=request.user, scope=scope
            )
            messages.success(request, _("Campaign saved."))
            return redirect("interviews:campaign_detail", pk=campaign.pk)
        except ValidationError as error:
            _service_errors(form, error)
    return render(
        request,
        "interviews/record_form.html",
        {"form": form, "title": campaign.name if pk else _("New campaign")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_detail(request, pk):
    campaign = _campaign(request, pk)
    can_run = request.user.has_perm("interviews.run_campaign", campaign)
    templates_form = forms.CampaignTemplatesForm(request.POST or None, campaign=campaign)
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied
        if templates_form.is_valid():
            try:
                for category, template in templates_form.mapping():
                    services.campaign_set_template(
                        campaign=campaign, category=category, template=template, user=request.user
                    )
                messages.success(request, _("Templates saved."))
                return redirect("interviews:campaign_detail", pk=campaign.pk)
            except ValidationError as error:
                _service_errors(templates_form, error)
    interviews = Interview.objects.for_user(request.user).filter(campaign=campaign)
    by_site = list(
        interviews.values("employee__site__name")
        .annotate(n=Count("pk"))
        .order_by("employee__site__name")
    )
    by_category = {
        row["employee__category_id"]: row["n"]
        for row in interviews.values("employee__category_id").annotate(n=Count("pk"))
    }
    categories = EmployeeCategory.objects.filter(pk__in=by_category)
    in_scope = None
    if campaign.status == CampaignStatus.DRAFT:
        in_scope = services.eligible_employees(campaign).count()
    context = {
        "campaign": campaign,
        "can_run": can_run and campaign.status != CampaignStatus.CLOSED,
        "templates_form": templates_form,
        "choices": campaign.template_choices.select_related("category", "template"),
        "overrides": campaign.overrides.select_related("team__site", "employee", "interviewer"),
        "override_form": forms.OverrideForm(user=request.user) if can_run else None,
        "by_site": by_site,
        "by_category": [(c.label, by_category[c.pk]) for c in categories],
        "total": sum(row["n"] for row in by_site),
        "in_scope": in_scope,
        "scope_lists": [
            (Campaign._meta.get_field(name).verbose_name, list(getattr(campaign, name).all()))
            for name in services.SCOPE_FIELDS
        ],
    }
    return render(request, "interviews/campaign_detail.html", context)


def _run(request, pk) -> Campaign:
    campaign = _campaign(request, pk)
    _require(request.user, "interviews.run_campaign", campaign)
    return campaign


def _launch_message(request, result, verb) -> None:
    sites = ", ".join("%s: %s" % (name, n) for name, n in result.by_site)
    categories = ", ".join("%s: %s" % (name, n) for name, n in result.by_category)
    messages.success(
        request,
        _("%(count)s interviews %(verb)s (%(sites)s; %(categories)s).")
        % {
            "count": result.created,
            "verb": verb,
            "sites": sites or "—",
            "categories": categories or "—",
        },
    )
    if result.without_template:
        messages.warning(
            request,
            _("%(count)s employees were left out: their category has no template in this campaign.")
            % {"count": result.without_template},
        )
    if result.without_interviewer:
        messages.warning(
            request,
            _("%(count)s interviews have no interviewer (no line manager): give them one.")
            % {"count": result.without_interviewer},
        )


@login_required
@require_POST
def campaign_launch(request, pk):
    campaign = _run(request, pk)
    try:
        result = services.campaign_launch(campaign=campaign, user=request.user)
        _launch_message(request, result, _("created"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("interviews:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_late_hires(request, pk):
    campaign = _run(request, pk)
    try:
        result = services.campaign_add_late_hires(campaign=campaign, user=request.user)
        _launch_message(request, result, _("added"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("interviews:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def campaign_close(request, pk):
    campaign = _run(request, pk)
    try:
        services.campaign_close(campaign=campaign, user=request.user)
        messages.success(request, _("The campaign is closed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("interviews:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def override_add(request, pk):
    campaign = _run(request, pk)
    form = forms.OverrideForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.campaign_add_override(
                campaign=campaign,
                team=form.cleaned_data.get("team"),
                employee=form.cleaned_data.get("employee"),
                interviewer=form.cleaned_data["interviewer"],
                user=request.user,
            )
            messages.success(request, _("Interviewer set."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(" ".join(e) for e in form.errors.values()))
    return redirect("interviews:campaign_detail", pk=campaign.pk)


@login_required
@require_POST
def override_delete(request, pk, override_pk):
    campaign = _run(request, pk)
    override = get_object_or_404(InterviewerOverride, campaign=campaign, pk=override_pk)
    services.campaign_remove_override(override=override, user=request.user)
    messages.success(request, _("Interviewer removed: the line manager holds these interviews."))
    return redirect("interviews:campaign_detail", pk=campaign.pk)
