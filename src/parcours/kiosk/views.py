"""Kiosk tablets, the personal QR link and the self-service pages of an employee.

Every page here is sent with Cache-Control: no-store and checks the kiosk session's idle
time (`session.kiosk_page`). Management pages (tablets, accesses, paper rounds) follow the
project's rule: outside scope 404, visible but not allowed 403.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from parcours.core import selfservice
from parcours.core.scope import scope_for
from parcours.interviews import selectors as interview_selectors
from parcours.interviews import services as interview_services
from parcours.interviews.choices import (
    InterviewStatus,
    Side,
    SignatureMethod,
    SignatureRole,
)
from parcours.interviews.models import Campaign, Interview, InterviewReport
from parcours.kiosk import forms, paper, selectors, services
from parcours.kiosk.models import Channel, KioskDevice, SignInEvent, SignInReason
from parcours.kiosk.session import (
    LANG_KEY,
    QR_KEY,
    device_of,
    end,
    idle_seconds,
    kiosk_info,
    kiosk_page,
    no_store,
    self_service,
    set_device_cookie,
    start,
)
from parcours.organisation.models import Employee, Team

PAGE_SIZE = 50


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _render(request, template, context=None, status=200):
    context = dict(context or {})
    context.setdefault("device", device_of(request))
    context.setdefault("idle", idle_seconds(request))
    context.setdefault("kiosk_session", kiosk_info(request))
    return render(request, template, context, status=status)


def _after_sign_in(request, employee):
    response = redirect("kiosk:me")
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, employee.preferred_language, samesite="Lax")
    return response


# Before sign-in ---------------------------------------------------------------------------


@kiosk_page
@require_http_methods(["GET", "POST"])
def home(request):
    """The kiosk's sign-in screen; elsewhere, how to reach one's self-service page."""
    if request.user.is_authenticated and kiosk_info(request):
        return redirect("kiosk:me")
    device = device_of(request)
    if device is None:
        return _render(request, "kiosk/not_a_kiosk.html")
    form = forms.SignInForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["number"].strip()
        if services.rate_limited(f"device:{device.pk}:{_ip(request)}"):
            services.record(
                employee=None,
                number=number,
                channel=Channel.KIOSK,
                device=device,
                success=False,
                reason=SignInReason.THROTTLED,
                ip=_ip(request),
            )
            form.add_error(None, str(services.FAIL_MESSAGES[SignInReason.THROTTLED]()))
            return _render(request, "kiosk/sign_in.html", {"form": form}, status=429)
        employee = services.find_employee(number=number, site=device.site)
        result = services.check_pin(
            employee=employee,
            number=number,
            pin=form.cleaned_data["pin"],
            channel=Channel.KIOSK,
            device=device,
            ip=_ip(request),
        )
        if result.ok:
            start(request, employee, channel=Channel.KIOSK, device=device)
            return _after_sign_in(request, employee)
        if result.needs_pin:
            messages.info(request, result.message)
            return redirect(reverse("kiosk:first_use") + "?number=" + number)
        form.add_error(None, result.message)
        status = 400
    elif request.method == "POST":
        status = 400
    return _render(request, "kiosk/sign_in.html", {"form": form}, status=status)


@kiosk_page
@require_http_methods(["GET", "POST"])
def first_use(request):
    """Choose a PIN with the one-time code: at a kiosk (with the number) or from a QR link."""
    device = device_of(request)
    link = services.QRLink.objects.filter(pk=request.session.get(QR_KEY)).first()
    link = link if link is not None and link.is_valid else None
    if device is None and link is None:
        return _render(request, "kiosk/not_a_kiosk.html", status=404)
    with_number = link is None
    initial = {"number": request.GET.get("number", "")[:60]}
    form = forms.FirstUseForm(request.POST or None, with_number=with_number, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            key = f"device:{device.pk}" if with_number else f"qr:{link.pk}"
            if services.rate_limited(f"{key}:{_ip(request)}"):
                form.add_error(None, str(services.FAIL_MESSAGES[SignInReason.THROTTLED]()))
                return _render(request, "kiosk/first_use.html", {"form": form}, status=429)
            if with_number:
                number = form.cleaned_data["number"].strip()
                employee = services.find_employee(number=number, site=device.site)
            else:
                employee, number = link.employee, link.employee.employee_number
            try:
                result = services.choose_pin(
                    employee=employee,
                    number=number,
                    code=form.cleaned_data["code"],
                    pin=form.cleaned_data["pin"],
                    again=form.cleaned_data["again"],
                    channel=Channel.KIOSK if with_number else Channel.QR,
                    device=device if with_number else None,
                    qr_link=link,
                    ip=_ip(request),
                )
            except ValidationError as error:
                form.add_error("pin", error.messages)
            else:
                if result.ok:
                    start(
                        request,
                        employee,
                        channel=Channel.KIOSK if with_number else Channel.QR,
                        device=device if with_number else None,
                    )
                    messages.success(request, _("Your PIN is saved. Remember it."))
                    return _after_sign_in(request, employee)
                form.add_error(None, result.message)
    return _render(request, "kiosk/first_use.html", {"form": form, "link": link}, status=status)


@kiosk_page
@require_http_methods(["GET", "POST"])
def qr(request, token):
    """The personal link of a slip: still asks the PIN, on the employee's phone."""
    if services.rate_limited(f"qr-ip:{_ip(request)}"):
        return _render(request, "kiosk/qr_invalid.html", {"throttled": True}, status=429)
    link = services.qr_for_token(token)
    if link is None:
        return _render(request, "kiosk/qr_invalid.html", status=404)
    if request.user.is_authenticated and scope_for(request.user).employee_id != link.employee_id:
        end(request)
    if request.user.is_authenticated and kiosk_info(request):
        return redirect("kiosk:me")
    request.session[QR_KEY] = link.pk
    request.session.setdefault(LANG_KEY, link.employee.preferred_language)
    from django.utils import translation

    translation.activate(request.session[LANG_KEY])
    access = services.EmployeeAccess.objects.filter(employee=link.employee).first()
    if access is None or not access.has_pin:
        return redirect("kiosk:first_use")
    form = forms.PinForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            result = services.check_pin(
                employee=link.employee,
                number=link.employee.employee_number,
                pin=form.cleaned_data["pin"],
                channel=Channel.QR,
                qr_link=link,
                ip=_ip(request),
            )
            if result.ok:
                start(request, link.employee, channel=Channel.QR)
                return _after_sign_in(request, link.employee)
            form.add_error(None, result.message)
    context = {"form": form, "first_name": link.employee.first_name}
    return _render(request, "kiosk/qr_pin.html", context, status=status)


@require_POST
def done(request):
    """Sign out: the kiosk is ready for the next person and shows nothing of this one."""
    end(request)
    response = redirect("kiosk:home")
    response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
    response["Clear-Site-Data"] = '"cache", "storage"'
    return no_store(response)


@require_POST
def alive(request):
    """The page was touched: the idle time starts again, server side too."""
    from parcours.kiosk.session import expired, touch

    if not request.user.is_authenticated or expired(request):
        return no_store(HttpResponse(status=401))
    touch(request)
    return no_store(HttpResponse(status=204))


@kiosk_page
@require_POST
def language(request):
    codes = {code for code, _name in settings.LANGUAGES}
    chosen = request.POST.get("language")
    if chosen in codes:
        request.session[LANG_KEY] = chosen
    target = request.POST.get("next") or reverse("kiosk:home")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = reverse("kiosk:home")
    response = redirect(target)
    if chosen in codes and request.user.is_authenticated:
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, chosen, samesite="Lax")
    return response


# Self-service -------------------------------------------------------------------------------


def _employee(request) -> Employee:
    return Employee.objects.select_related("site", "manager").get(
        pk=scope_for(request.user).employee_id
    )


@self_service
def me(request):
    employee = _employee(request)
    context = {
        "employee": employee,
        "next": selectors.next_interview(employee),
        "tiles": selfservice.tiles_for(employee),
        "manages": not kiosk_info(request) and Employee.objects.filter(manager=employee).exists(),
    }
    return _render(request, "kiosk/me.html", context)


@self_service
def next_interview(request):
    employee = _employee(request)
    interview = selectors.next_interview(employee)
    context = {"employee": employee, "next": interview}
    if interview is not None:
        context.update(selectors.interview_actions(interview, request.user))
    return _render(request, "kiosk/next_interview.html", context)


def _own_interview(request, pk) -> Interview:
    interview = interview_selectors.interview_get(user=request.user, pk=pk)
    if interview is None:
        raise Http404
    return interview


@self_service
def prepare_start(request):
    interview = selectors.to_prepare(_employee(request))
    if interview is None:
        messages.info(request, _("You have no preparation to do now."))
        return redirect("kiosk:me")
    return redirect("kiosk:prepare", pk=interview.pk, step=1)


@self_service
@require_http_methods(["GET", "POST"])
def prepare(request, pk, step):
    """The preparation, one question per screen, saved at each step (and as typed)."""
    interview = _own_interview(request, pk)
    roles = interview_services.interview_roles(request.user, interview)
    if interview_services.EMPLOYEE not in roles:
        raise PermissionDenied
    steps = selectors.preparation_steps(interview, request.user, roles)
    total = len(steps)
    if step < 1 or step > total + 1:
        raise Http404
    if request.method == "POST" and step <= total:
        slot = steps[step - 1]
        outcome = selectors.save_step(request, interview, slot, roles)
        if outcome.state in ("conflict", "error"):
            steps[step - 1] = outcome
        else:
            target = step - 1 if "back" in request.POST else step + 1
            return redirect("kiosk:prepare", pk=interview.pk, step=max(1, target))
    elif request.method == "POST":
        try:
            interview_services.interview_submit_preparation(
                interview=interview, user=request.user, version=request.POST.get("version")
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return redirect("kiosk:prepare", pk=interview.pk, step=step)
        messages.success(request, _("Your preparation is sent to your manager. Thank you."))
        return redirect("kiosk:me")
    context = {
        "interview": interview,
        "step": step,
        "total": total,
        "percent": int(100 * (step - 1) / total) if total else 100,
        "slot": steps[step - 1] if step <= total else None,
        "steps": steps,
        "can_submit": "prepared" in interview_services.allowed_actions(interview, roles),
    }
    status = 409 if context["slot"] is not None and context["slot"].state == "conflict" else 200
    if context["slot"] is not None and context["slot"].state == "error":
        status = 400
    return _render(request, "kiosk/prepare.html", context, status=status)


@self_service
@require_http_methods(["GET", "POST"])
def sign(request, pk):
    """After the interview, on the same screen: the employee signs with their PIN, then the
    interviewer with their username and password."""
    interview = _own_interview(request, pk)
    roles = interview_services.interview_roles(request.user, interview)
    if interview_services.EMPLOYEE not in roles:
        raise PermissionDenied
    signed = {s.role: s for s in interview.signatures.valid()}
    employee_form = forms.EmployeeSignForm(
        request.POST if request.POST.get("who") == "employee" else None
    )
    manager_form = forms.ManagerCheckForm(
        request.POST if request.POST.get("who") == "manager" else None
    )
    status = 200
    if request.method == "POST":
        status = 400
        if interview.status != InterviewStatus.HELD:
            messages.error(request, _("This report is not waiting for signatures."))
            return redirect("kiosk:sign", pk=interview.pk)
        if request.POST.get("who") == "employee" and employee_form.is_valid():
            employee = interview.employee
            result = services.check_pin(
                employee=employee,
                number=employee.employee_number,
                pin=employee_form.cleaned_data["pin"],
                channel=kiosk_info(request)["channel"] if kiosk_info(request) else Channel.QR,
                device=device_of(request),
                ip=_ip(request),
            )
            if not result.ok:
                employee_form.add_error("pin", result.message)
                if result.reason == SignInReason.LOCKED:
                    end(request)
                    messages.error(request, result.message)
                    return redirect("kiosk:home")
            else:
                try:
                    interview_services.interview_sign(
                        interview=interview,
                        user=request.user,
                        role=SignatureRole.EMPLOYEE,
                        method=SignatureMethod.CONFIRMED,
                        comment=employee_form.cleaned_data["comment"],
                        disagrees=employee_form.cleaned_data["disagrees"],
                    )
                except (ValidationError, PermissionDenied) as error:
                    employee_form.add_error(None, " ".join(getattr(error, "messages", [])))
                else:
                    messages.success(request, _("You signed. Now your manager signs."))
                    return redirect("kiosk:sign", pk=interview.pk)
        elif request.POST.get("who") == "manager" and manager_form.is_valid():
            manager = authenticate(
                request,
                username=manager_form.cleaned_data["username"],
                password=manager_form.cleaned_data["password"],
            )
            if manager is None or scope_for(manager).employee_id != interview.interviewer_id:
                manager_form.add_error(
                    None, _("This is not the interviewer's username and password.")
                )
            else:
                try:
                    interview = interview_services.interview_sign(
                        interview=interview,
                        user=manager,
                        role=SignatureRole.MANAGER,
                        method=SignatureMethod.CONFIRMED,
                    )
                except (ValidationError, PermissionDenied) as error:
                    manager_form.add_error(None, " ".join(getattr(error, "messages", [])))
                else:
                    if interview.status == InterviewStatus.SIGNED:
                        messages.success(request, _("Signed by both: the report is locked."))
                    else:
                        messages.success(request, _("The interviewer signed."))
                    return redirect("kiosk:sign", pk=interview.pk)
    context = {
        "interview": interview,
        "sections": interview_selectors.report_rows(interview=interview)
        if interview.status != InterviewStatus.TO_PLAN
        and interview_services.visible_sides(interview, roles) >= {Side.MANAGER}
        else [],
        "signed": signed,
        "employee_form": employee_form,
        "manager_form": manager_form,
        "waiting": interview.status == InterviewStatus.HELD,
        "report": selectors.current_report(interview),
    }
    return _render(request, "kiosk/sign.html", context, status=status)


@self_service
def reports(request):
    employee = _employee(request)
    rows = (
        InterviewReport.objects.filter(
            interview__employee=employee,
            voided_at__isnull=True,
            interview__status__in=(InterviewStatus.SIGNED, InterviewStatus.FOLLOWED_UP),
        )
        .select_related("interview__campaign__kind", "interview__interviewer")
        .order_by("-created_at")[:50]
    )
    return _render(request, "kiosk/reports.html", {"employee": employee, "reports": rows})


@self_service
def skills(request):
    from parcours.skills import selectors as skill_selectors

    employee = _employee(request)
    data = skill_selectors.employee_skills(employee=employee)
    scale = skill_selectors.level_scale()
    lines = [
        {
            "line": line,
            "level": f"{scale.symbol(line.level)} {scale.label(line.level)}",
            "required": f"{scale.symbol(line.required)} {scale.label(line.required)}"
            if line.required
            else "",
        }
        for line in data["lines"]
    ]
    context = {"employee": employee, "lines": lines}
    context["certifications"] = selectors.latest_certificates(data["certifications"])
    return _render(request, "kiosk/skills.html", context)


# Management: tablets -----------------------------------------------------------------------


def _not_at_a_kiosk(request):
    """A PIN opens one's own pages only: managing others needs a real login."""
    if kiosk_info(request):
        raise PermissionDenied


def _require_hr(request):
    _not_at_a_kiosk(request)
    scope = scope_for(request.user)
    if not scope.has_any_role:
        raise Http404
    if not scope.is_hr:
        raise PermissionDenied


@kiosk_page
@require_http_methods(["GET", "POST"])
def devices(request):
    """Site HR: the kiosks of their sites, and registering this tablet as a new one."""
    if not request.user.is_authenticated:
        return redirect_to_login(request)
    _require_hr(request)
    scope = scope_for(request.user)
    form = forms.DeviceForm(request.POST or None, sites=forms.sites_for(scope))
    if request.method == "POST" and form.is_valid():
        try:
            device, token = services.device_register(
                site=form.cleaned_data["site"],
                name=form.cleaned_data["name"],
                idle_seconds=form.cleaned_data["idle_seconds"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            # This browser is the tablet now: its HR session ends here.
            end(request)
            response = redirect("kiosk:home")
            set_device_cookie(response, token)
            return response
    rows = KioskDevice.objects.for_user(request.user).select_related("site", "created_by")
    return _render(request, "kiosk/devices.html", {"form": form, "devices": rows, "manage": True})


def redirect_to_login(request):
    from django.contrib.auth.views import redirect_to_login as to_login

    return to_login(request.get_full_path())


def _device(request, pk) -> KioskDevice:
    if not request.user.is_authenticated:
        raise PermissionDenied
    _not_at_a_kiosk(request)
    if not scope_for(request.user).has_any_role:
        raise Http404
    return get_object_or_404(KioskDevice.objects.for_user(request.user), pk=pk)


@kiosk_page
@require_http_methods(["GET", "POST"])
def device_edit(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request)
    device = _device(request, pk)
    if not scope_for(request.user).can_edit_site(device.site_id):
        raise PermissionDenied
    form = forms.DeviceForm(request.POST or None, instance=device)
    if request.method == "POST" and form.is_valid():
        services.device_update(
            device=KioskDevice.objects.get(pk=device.pk),
            name=form.cleaned_data["name"],
            idle_seconds=form.cleaned_data["idle_seconds"],
            user=request.user,
        )
        messages.success(request, _("The tablet is saved."))
        return redirect("kiosk:devices")
    events = SignInEvent.objects.filter(device=device).select_related("employee")[:50]
    return _render(
        request,
        "kiosk/device_edit.html",
        {"form": form, "kiosk": device, "events": events, "manage": True},
    )


@require_POST
def device_pair(request, pk):
    """Make this browser the kiosk (a new or replaced tablet); HR is signed out here."""
    if not request.user.is_authenticated:
        return redirect_to_login(request)
    device = _device(request, pk)
    try:
        token = services.device_pair(device=device, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return no_store(redirect("kiosk:device_edit", pk=device.pk))
    end(request)
    response = redirect("kiosk:home")
    set_device_cookie(response, token)
    return no_store(response)


@require_POST
def device_revoke(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request)
    device = _device(request, pk)
    services.device_revoke(device=device, user=request.user)
    messages.success(request, _("The tablet is revoked: it no longer signs anyone in."))
    return no_store(redirect("kiosk:devices"))


# Management: accesses -----------------------------------------------------------------------


def _managed_people(request):
    _not_at_a_kiosk(request)
    scope = scope_for(request.user)
    if not scope.has_any_role:
        raise Http404
    people = Employee.objects.for_user(request.user).filter(active=True)
    if scope.employee_id is not None and not scope.is_hr:
        people = people.exclude(pk=scope.employee_id)
        if not people.exists():
            raise PermissionDenied
    elif not (scope.is_hr or scope.whole_group):
        raise PermissionDenied
    return people


@kiosk_page
def access_list(request):
    """HR and managers: who has a PIN, who is locked, codes and QR links; unlock here."""
    if not request.user.is_authenticated:
        return redirect_to_login(request)
    people = _managed_people(request)
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(
            Q(last_name__icontains=query)
            | Q(first_name__icontains=query)
            | Q(employee_number__icontains=query)
        )
    if request.GET.get("locked"):
        people = people.filter(kiosk_access__locked_at__isnull=False)
    people = people.select_related("site", "team", "kiosk_access").order_by(
        "last_name", "first_name", "pk"
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return _render(
        request,
        "kiosk/access_list.html",
        {"page": page, "q": query, "query": query_string.urlencode(), "manage": True},
    )


def _managed_employee(request, pk) -> Employee:
    if not request.user.is_authenticated:
        raise PermissionDenied
    _not_at_a_kiosk(request)
    scope = scope_for(request.user)
    if not scope.has_any_role:
        raise Http404
    employee = get_object_or_404(
        Employee.objects.for_user(request.user).select_related("site", "team"), pk=pk
    )
    if not services.manages_access(request.user, employee):
        raise PermissionDenied
    return employee


@kiosk_page
@require_http_methods(["GET", "POST"])
def access_detail(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request)
    employee = _managed_employee(request, pk)
    access = services.EmployeeAccess.objects.filter(employee=employee).first()
    badge_form = forms.BadgeForm(
        request.POST or None, initial={"badge_number": access.badge_number if access else ""}
    )
    code = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "unlock":
                services.unlock(employee=employee, user=request.user)
                messages.success(request, _("Unlocked: they can sign in again."))
            elif action == "code":
                code = services.issue_code(employee=employee, user=request.user)
            elif action == "revoke_qr":
                count = services.qr_revoke_all(employee=employee, user=request.user)
                messages.success(
                    request, _("%(count)s personal QR code(s) revoked.") % {"count": count}
                )
            elif action == "badge" and badge_form.is_valid():
                services.set_badge(
                    employee=employee,
                    badge_number=badge_form.cleaned_data["badge_number"],
                    user=request.user,
                )
                messages.success(request, _("The badge number is saved."))
            else:
                raise ValidationError(_("Unknown action."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        if code is None:
            return redirect("kiosk:access_detail", pk=employee.pk)
        access = services.EmployeeAccess.objects.get(employee=employee)
    links = employee.kiosk_qr_links.all()[:10]
    events = SignInEvent.objects.filter(employee=employee).select_related("device")[:30]
    context = {
        "employee": employee,
        "access": access,
        "links": links,
        "events": events,
        "code": code,
        "badge_form": badge_form,
        "manage": True,
        "now": timezone.now(),
    }
    return _render(request, "kiosk/access_detail.html", context)


# Management: paper rounds -------------------------------------------------------------------


@kiosk_page
@require_http_methods(["GET", "POST"])
def paper_round(request):
    """One PDF: invitation slips (QR code and a new one-time code) and blank forms."""
    if not request.user.is_authenticated:
        return redirect_to_login(request)
    people = _managed_people(request)
    campaigns = Campaign.objects.for_user(request.user).order_by("-opens_on", "-pk")
    teams = Team.objects.for_user(request.user).select_related("site").order_by("name")
    form = forms.PaperForm(request.POST or None, campaigns=campaigns, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            pdf = paper.paper_round(
                user=request.user,
                people=people,
                campaign=form.cleaned_data["campaign"],
                team=form.cleaned_data["team"],
                with_forms=form.cleaned_data["forms_too"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = 'attachment; filename="paper-round.pdf"'
            return response
    return _render(request, "kiosk/paper.html", {"form": form, "manage": True})


# Panel of the employee page ------------------------------------------------------------------


@login_required
def employee_panel(request, pk):
    """The shop-floor access part of an employee's page: PIN, lock, last sign-ins."""
    from parcours.core.htmx import render_page

    if not scope_for(request.user).has_any_role:
        raise Http404
    employee = get_object_or_404(Employee.objects.for_user(request.user), pk=pk)
    if not services.manages_access(request.user, employee):
        raise PermissionDenied
    context = {
        "employee": employee,
        "access": services.EmployeeAccess.objects.filter(employee=employee).first(),
        "events": SignInEvent.objects.filter(employee=employee).select_related("device")[:5],
    }
    response = render_page(
        request, "kiosk/employee_panel_page.html", context, "kiosk/_employee_panel.html"
    )
    return no_store(response)
