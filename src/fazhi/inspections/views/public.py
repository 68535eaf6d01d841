"""Public pages (no login): the code page (with rating), the invitation form and status page, the published plans.

Each page is rate-limited per client address and shows only what the issue
lists: the code page the inspecting organization, items with their legal
basis, officers' masked names with certificate numbers and validity, the time
window and the status; the invitation page its own status and appointment;
the plans page the approved plans without naming an enterprise.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from fazhi.inspections import selectors, services
from fazhi.inspections.forms import InvitationForm, RatingForm
from fazhi.inspections.ratelimit import rate_limited
from fazhi.inspections.services.invitations import invitation_by_token, invitation_scopes
from fazhi.organizations.constants import OrganizationKind
from fazhi.organizations.models import Organization

from .common import form_errors_from


def public_zone() -> Organization:
    """The zone the public pages serve: the first government node (one zone per public site)."""
    zone = Organization.objects.filter(kind=OrganizationKind.GOVERNMENT, voided_at__isnull=True).order_by("path").first()
    if zone is None:
        raise Http404
    return zone


@never_cache
@csrf_protect
@rate_limited("code")
def code_page(request, code: str):
    today = timezone.localdate()
    form = RatingForm(request.POST or None)
    rated_now = False
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_submit(code_text=code, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"],
                                   today=today)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            rated_now = True
    view = selectors.public_code_view(code, today=today)
    return render(request, "inspections/public/code.html", {"view": view, "form": form, "rated_now": rated_now})


@never_cache
@csrf_protect
@rate_limited("invite")
def invitation_form(request):
    zone = public_zone()
    form = InvitationForm(request.POST or None, scopes=invitation_scopes(zone=zone))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            _invitation, token = services.invitation_submit(
                zone=zone, uscc=d["uscc"], contact_phone=d["contact_phone"], scopes=d["scopes"],
                preferred_from=d["preferred_from"], preferred_to=d["preferred_to"], note=d["note"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            return redirect(reverse("inspections:public_invitation", args=[token]) + "?new=1")
    return render(request, "inspections/public/invite.html", {"form": form, "zone": zone})


@never_cache
@rate_limited("invitation")
def invitation_status(request, token: str):
    invitation = invitation_by_token(token)
    if invitation is None:
        raise Http404
    departments = []
    if invitation.visit_id:
        departments = [o.name for o in services.visits.participating_organizations(invitation.visit)]
    return render(request, "inspections/public/invitation.html", {
        "invitation": invitation, "departments": departments, "new": request.GET.get("new") == "1",
        "link": request.build_absolute_uri(request.path)})


@rate_limited("plans")
def published_plans(request):
    zone = public_zone()
    plans = selectors.published_plans(zone=zone, year=selectors.year_or_none(request.GET.get("year")))
    return render(request, "inspections/public/plans.html", {"plans": plans, "zone": zone})
