from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from parcours.core.scope import scope_for
from parcours.core.selfservice import tiles_for


@login_required
@require_GET
def home(request):
    from parcours.organisation.models import Employee, Leave, Site

    scope = scope_for(request.user)
    employees = Employee.objects.for_user(request.user)
    stats = employees.aggregate(
        active_count=Count("pk", filter=Q(active=True)),
        left_count=Count("pk", filter=Q(active=False)),
    )
    today = timezone.localdate()
    context = {
        "stats": stats,
        "on_leave": Leave.objects.for_user(request.user).on(today).count(),
        "sites": Site.objects.for_user(request.user).annotate(
            headcount=Count("employees", filter=Q(employees__active=True))
        )
        if scope.site_ids or scope.whole_group
        else [],
        "me": Employee.objects.select_related("manager", "team", "position", "site")
        .filter(pk=scope.employee_id)
        .first()
        if scope.employee_id
        else None,
        "direct_reports": Employee.objects.filter(manager_id=scope.employee_id, active=True)
        .select_related("position", "team")
        .order_by("last_name", "first_name")[:50]
        if scope.employee_id
        else [],
    }
    context["tiles"] = tiles_for(context["me"]) if context["me"] is not None else []
    return render(request, "core/home.html", context)


@require_GET
def healthz(request):
    from django.db import connection
    from django.http import JsonResponse

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
