from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from parcours.audit.models import AuditEntry
from parcours.core.scope import scope_for


@login_required
def audit_list(request):
    if not scope_for(request.user).has_any_role:
        raise Http404
    if not request.user.has_perm("audit.read"):
        raise PermissionDenied
    entries = AuditEntry.objects.for_user(request.user).select_related("user", "content_type")
    action = request.GET.get("action", "").strip()
    if action:
        entries = entries.filter(action__icontains=action)
    who = request.GET.get("who", "").strip()
    if who:
        entries = entries.filter(user__username__icontains=who)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_list.html",
        {"page": page, "action": action, "who": who, "query": query.urlencode()},
    )
