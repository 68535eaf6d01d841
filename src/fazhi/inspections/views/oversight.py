"""Invitations (staff side), ratings and supervision findings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fazhi.audit.models import AuditEntry
from fazhi.inspections import exports, selectors, services
from fazhi.inspections.constants import (
    RATING_MIN_AGGREGATE,
    FindingRule,
    FindingStatus,
    InvitationStatus,
)
from fazhi.inspections.forms import AcceptForm, FindingActionForm, ReasonForm, SupervisionForm
from fazhi.inspections.services._common import is_legal_office

from .common import attempt, form_errors_from, year_param

# --- invitations --------------------------------------------------------------------------


@login_required
def invitation_list(request):
    filters = {"status": request.GET.get("status")}
    invitations = selectors.invitation_list(user=request.user, filters=filters)
    if request.GET.get("export"):
        return exports.response("inspection-invitations", _("企业邀约"), exports.INVITATION_HEADERS,
                                exports.invitation_rows(invitations))
    page = Paginator(invitations, 50).get_page(request.GET.get("page"))
    return render(request, "inspections/invitation_list.html", {
        "page": page, "filters": filters, "statuses": InvitationStatus.choices})


@login_required
def invitation_detail(request, pk: int):
    invitation = selectors.invitation_get_for_user(user=request.user, invitation_id=pk)
    form = AcceptForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            visit = services.invitation_accept(invitation=invitation, appointment_on=d["appointment_on"],
                                               items=list(d["items"]), actor=request.user, reason=d["reason"])
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("已受理，联合检查已排期"))
            return redirect("inspections:visit", pk=visit.pk)
    return render(request, "inspections/invitation_detail.html", {
        "invitation": invitation, "form": form, "reason_form": ReasonForm(), "is_legal": is_legal_office(request.user),
        "history": invitation.history.all(), "audit": AuditEntry.objects.for_object(invitation).select_related("actor")[:50],
    })


@login_required
@require_POST
def invitation_decline(request, pk: int):
    invitation = selectors.invitation_get_for_user(user=request.user, invitation_id=pk)
    attempt(request, lambda: services.invitation_decline(invitation=invitation, actor=request.user,
                                                         reason=request.POST.get("reason", "")), _("已决定不予受理"))
    return redirect("inspections:invitation", pk=invitation.pk)


# --- ratings -------------------------------------------------------------------------------


@login_required
def rating_page(request):
    """The legal office sees each rating; a department sees its aggregates over ≥ 5 ratings only."""
    ratings = selectors.ratings_for_year(user=request.user, year=request.GET.get("year"))
    year, summary, individual = ratings.year, ratings.summary, ratings.ratings
    if request.GET.get("export"):
        if is_legal_office(request.user):
            return exports.response("inspection-ratings", _("企业评价"), exports.RATING_HEADERS, exports.rating_rows(individual))
        return exports.response("inspection-rating-summary", _("企业评价汇总"), exports.RATING_SUMMARY_HEADERS,
                                exports.rating_summary_rows(summary, year))
    page = Paginator(individual, 50).get_page(request.GET.get("page")) if is_legal_office(request.user) else None
    return render(request, "inspections/ratings.html", {
        "year": year, "summary": summary, "page": page, "minimum": RATING_MIN_AGGREGATE,
        "is_legal": is_legal_office(request.user)})


# --- supervision ---------------------------------------------------------------------------


@login_required
def finding_list(request):
    year = year_param(request)
    filters = {k: request.GET.get(k) for k in ("rule", "status", "organization")}
    filters["year"] = year
    findings = selectors.finding_list(user=request.user, filters=filters)
    if request.GET.get("export"):
        return exports.response("inspection-findings", _("监督发现"), exports.FINDING_HEADERS, exports.finding_rows(findings))
    form = SupervisionForm(request.POST or None)
    if request.method == "POST":
        if not is_legal_office(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                found = services.supervision_check(organization=request.user.organization, actor=request.user,
                                                   **form.cleaned_data)
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("监督检查完成：新发现 %(n)s 条") % {"n": len(found)})
                return redirect(f"{request.path}?year={form.cleaned_data['period_start'].year}")
    stats = selectors.finding_stats(user=request.user, year=year)
    chart = {"months": [_("%(m)s月") % {"m": m} for m in range(1, 13)], "series": [{"name": k, "data": v} for k, v in stats.by_month.items()]}
    return render(request, "inspections/findings.html", {
        "year": year, "filters": filters, "page": Paginator(findings, 50).get_page(request.GET.get("page")),
        "stats": stats, "chart": chart, "rules": FindingRule.choices, "statuses": FindingStatus.choices,
        "form": form, "is_legal": is_legal_office(request.user)})


@login_required
def finding_detail(request, pk: int):
    finding = selectors.finding_get_for_user(user=request.user, finding_id=pk)
    return render(request, "inspections/finding_detail.html", {
        "finding": finding, "form": FindingActionForm(), "is_legal": is_legal_office(request.user),
        "history": finding.history.all(), "audit": AuditEntry.objects.for_object(finding).select_related("actor")[:50]})


FINDING_ACTIONS = {
    "confirm": (services.finding_confirm, gettext_lazy("已确认")),
    "dismiss": (services.finding_dismiss, gettext_lazy("已排除")),
    "rectify": (services.finding_rectify, gettext_lazy("已记录整改")),
    "opinion": (services.finding_opinion_issued, gettext_lazy("已记录监督意见书")),
}


@login_required
@require_POST
def finding_action(request, pk: int, action: str):
    finding = selectors.finding_get_for_user(user=request.user, finding_id=pk)
    if action not in FINDING_ACTIONS:
        raise PermissionDenied
    fn, ok = FINDING_ACTIONS[action]
    kwargs = {"reason": request.POST.get("reason", "")}
    if action == "opinion":
        kwargs["opinion_reference"] = request.POST.get("opinion_reference", "")
    attempt(request, lambda: fn(finding=finding, actor=request.user, **kwargs), str(ok))
    return redirect("inspections:finding", pk=finding.pk)
