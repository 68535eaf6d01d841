from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_POST

from fazhi.accounts.constants import Role

from .models import AuditEntry
from .services import audit_verify


@login_required
def audit_log(request):
    """The audit log of the user's scope, newest first."""
    qs = AuditEntry.objects.visible_to(request.user).select_related("actor")
    event = request.GET.get("event")
    if event:
        qs = qs.filter(event__startswith=event)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "event": event or ""})


@login_required
@require_POST
def audit_verify_view(request):
    if not request.user.has_role(Role.ADMINISTRATOR, Role.LEGAL_OFFICE):
        raise PermissionDenied
    broken = audit_verify()
    qs = AuditEntry.objects.visible_to(request.user).select_related("actor")
    page = Paginator(qs, 50).get_page(1)
    return render(request, "audit/log.html", {"page": page, "verified": True, "broken": broken})
