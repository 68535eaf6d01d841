"""Pages of the disputes app: dashboard, case lists and exports, case pages and their steps.

Thin views (STYLE R11): reads through ``selectors`` (the user's scope; a
record outside it is a 404), writes through the step services named in
``actions``; a refused step shows the service's message and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Max
from django.forms import HiddenInput
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.audit.models import AuditEntry
from fazhi.organizations.constants import OrganizationKind
from fazhi.organizations.models import Organization

from . import actions, exports, forms, selectors, services
from .constants import CaseRole, Instance, LitigationStatus, OpinionStatus, ReconsiderationStatus
from .deadlines import (
    deadline_rows,
    incidental_review_deadlines,
    litigation_deadlines,
    reconsideration_deadlines,
)
from .models import SupervisionOpinion

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errs in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, exc.messages)


def _run(request, form, call) -> bool:
    """Call the service; on a refusal put its message on the form. True when it went through."""
    if not form.is_valid():
        return False
    try:
        call()
    except ValidationError as exc:
        _apply_errors(form, exc)
        return False
    return True


def _void(request, void, response):
    """Call ``void(reason)``; flash its refusal or the success, then return ``response`` (the case page)."""
    try:
        void(request.POST.get("reason", ""))
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("已作废"))
    return response


# ---- dashboard --------------------------------------------------------------------------------

_DASHBOARD_KINDS = (OrganizationKind.GOVERNMENT, OrganizationKind.LEGAL_OFFICE, OrganizationKind.DEPARTMENT,
                    OrganizationKind.ENFORCEMENT_TEAM, OrganizationKind.STREET)


def _latest_year(user, today) -> int:
    """The latest year (up to this one) in which the user's zone received a case; this year if none."""
    years = [
        d.year for d in (
            selectors.reconsideration_list(user=user).filter(received_on__lte=today).aggregate(m=Max("received_on"))["m"],
            selectors.litigation_list(user=user).filter(complaint_received_on__lte=today).aggregate(
                m=Max("complaint_received_on"))["m"],
        ) if d is not None
    ]
    return max(years, default=today.year)


@login_required
def dashboard(request):
    user = request.user
    today = timezone.localdate()
    year = selectors.year_param(request.GET.get("year")) or _latest_year(user, today)
    orgs = list(Organization.objects.visible_to(user).filter(voided_at__isnull=True, kind__in=_DASHBOARD_KINDS))
    org_id = _int(request.GET.get("organization"))
    organization = next((o for o in orgs if o.pk == org_id), None)
    if organization is None:
        organization = user.zone if user.scope_path == user.zone_path and user.zone else user.organization
        if organization is not None and organization not in orgs:
            organization = orgs[0] if orgs else None
    ind = selectors.dispute_indicators(user=user, organization=organization, year=year)
    rows = selectors.dispute_indicator_rows(ind)
    years = list(range(year - 4, year + 1))
    series = [selectors.dispute_figures(user=user, organization=organization, year=y) for y in years]
    chart = {
        "years": years,
        "labels": [_("行政复议收案"), _("行政应诉收案"), _("应议"), _("败诉率 %"), _("纠错率 %")],
        "reconsideration": [f.reconsideration_received for f in series],
        "litigation": [f.litigation_received for f in series],
        "answered": [f.reconsideration_answered for f in series],
        "loss_rate": [None if f.loss_rate is None else round(f.loss_rate * 100, 1) for f in series],
        "correction_rate": [None if f.correction_rate is None else round(f.correction_rate * 100, 1) for f in series],
    }
    alerts = {
        "deemed": selectors.reconsideration_deemed_acceptance_due(user=user, today=today),
        "suspension_limits": selectors.reconsideration_suspension_limits_due(user=user, today=today),
        "overdue_opinions": selectors.opinions_overdue(user=user, today=today),
    }
    return render(request, "disputes/dashboard.html", {
        "year": year, "years": range(today.year - 6, today.year + 1), "orgs": orgs, "organization": organization,
        "ind": ind, "rows": rows, "chart": chart, "alerts": alerts, "today": today,
        "double_decline": ind.double_decline,
    })


# ---- reconsideration --------------------------------------------------------------------------


def _reconsideration_filtered(request):
    g = request.GET
    return selectors.reconsideration_list(
        user=request.user, role=g.get("role") or None, status=g.get("status") or None,
        year=selectors.year_param(g.get("year")), q=(g.get("q") or "").strip(), include_voided=g.get("voided") == "1",
    )


@login_required
def reconsideration_list(request):
    qs = _reconsideration_filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {
        "page": page, "total": page.paginator.count, "q": request.GET.get("q", ""),
        "roles": CaseRole.choices, "statuses": ReconsiderationStatus.choices,
        "can_create": request.user.is_superuser or request.user.role in ("legal_office", "department_staff"),
    }
    template = "disputes/_reconsideration_table.html" if request.headers.get("HX-Request") else \
        "disputes/reconsideration_list.html"
    return render(request, template, context)


@login_required
def reconsideration_export(request):
    qs = _reconsideration_filtered(request).prefetch_related("litigation_cases")
    data = exports.export_rows(title="行政复议案件", columns=exports.RECONSIDERATION_COLUMNS, rows=qs)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''reconsideration.xlsx"
    return response


@login_required
def reconsideration_create(request):
    form = forms.ReconsiderationReceiveForm(request.POST or None, user=request.user)
    if request.method == "POST":
        holder = {}
        if _run(request, form, lambda: holder.update(
                case=services.reconsideration_receive(actor=request.user, **form.kwargs()))):
            messages.success(request, _("已登记：%(n)s") % {"n": holder["case"].number})
            return redirect("disputes:reconsideration_detail", pk=holder["case"].pk)
    return render(request, "disputes/form.html", {
        "form": form, "title": _("收到行政复议申请 / 登记应议案件"), "back": "disputes:reconsideration_list",
        "basis": "行政复议法 第二十二条、第三十二条",
    })


@login_required
def reconsideration_detail(request, pk: int):
    case = selectors.reconsideration_get_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    from fazhi.core import reconsideration as core

    deemed = None
    if case.status == ReconsiderationStatus.RECEIVED and case.role == CaseRole.BODY:
        from fazhi.config.selectors import work_calendar

        deemed = core.deemed_acceptance_on(review_start=case.review_start, today=today, calendar=work_calendar())
    limits = [
        (s, core.suspension_limit(ground=s.ground, suspended_on=s.suspended_on, resumed_on=s.resumed_on, today=today))
        for s in case.suspensions.all() if s.voided_at is None
    ]
    opinions = SupervisionOpinion.objects.visible_to(request.user).filter(source_type="reconsideration",
                                                                          source_id=str(case.pk))
    return render(request, "disputes/reconsideration_detail.html", {
        "case": case, "today": today,
        "deadlines": deadline_rows(reconsideration_deadlines(case), today=today),
        "history": selectors.history_of(case),
        "steps": actions.reconsideration_steps_for(request.user, case),
        "deemed": deemed, "limits": limits,
        "litigation": [lc for lc in case.litigation_cases.all() if lc.voided_at is None],
        "reviews": _reviews(request.user, case, today),
        "opinions": opinions,
        "audit": AuditEntry.objects.visible_to(request.user).for_object(case).select_related("actor")[:200],
        "can_edit": bool(actions.reconsideration_steps_for(request.user, case)) or request.user.is_superuser,
    })


def _reviews(user, case, today):
    """The case's incidental reviews, each with its deadlines and (for a user who may record) its form."""
    may_record = actions.incidental_review_may_record(user, case)
    out = []
    for r in case.incidental_reviews.all():
        if r.voided_at is not None:
            continue
        r.deadline_rows = deadline_rows(incidental_review_deadlines(r), today=today)
        r.record_form = None
        if may_record:
            r.record_form = forms.IncidentalReviewRecordForm(case=case, auto_id=f"review{r.pk}_%s", initial={
                "review": r.pk, "transferred_on": r.transferred_on, "reply_received_on": r.reply_received_on,
                "handled_on": r.handled_on, "conclusion": r.conclusion})
            r.record_form.fields["review"].widget = HiddenInput()
            if r.handled_by_body:
                del r.record_form.fields["transferred_on"], r.record_form.fields["reply_received_on"]
        out.append(r)
    return out


@login_required
@require_POST
def reconsideration_incidental_review_record(request, pk: int):
    """附带审查的办理进度 (行政复议法 第五十六条至第六十条): transfer, reply, handling; one POST per review."""
    case = selectors.reconsideration_get_for_user(user=request.user, pk=pk)
    form = forms.IncidentalReviewRecordForm(request.POST, case=case)
    if _run(request, form, lambda: services.incidental_review_record(
            actor=request.user, today=timezone.localdate(), **form.kwargs())):
        messages.success(request, _("已登记附带审查办理情况"))
        return redirect("disputes:reconsideration_detail", pk=case.pk)
    return render(request, "disputes/form.html", {
        "form": form, "title": f"{case} · {_('附带审查办理情况')}", "basis": "行政复议法 第五十六条至第六十条",
        "back_url": f"/disputes/reconsideration/{case.pk}/",
    })


def _step_page(request, *, record, spec, detail_url_name):
    today = timezone.localdate()
    form_kwargs = {}
    if spec.form is forms.OpinionReplyForm:
        form_kwargs["files_list"] = request.FILES.getlist("evidence")
    form = spec.form(request.POST or None, request.FILES or None, **form_kwargs)
    if request.method == "POST":
        def call():
            kw = form.kwargs()
            if spec.today:
                kw["today"] = today
            spec.service(**{spec.record_arg: record}, actor=request.user, **kw)

        if _run(request, form, call):
            messages.success(request, _("已办理：%(s)s") % {"s": spec.label})
            return redirect(detail_url_name, pk=record.pk)
    return render(request, "disputes/form.html", {
        "form": form, "title": f"{record} · {spec.label}", "basis": spec.basis, "record": record,
        "back_url": request.path.rsplit("/step/", 1)[0] + "/", "multipart": spec.form is forms.OpinionReplyForm,
        "today_note": spec.today,
    })


@login_required
def reconsideration_step(request, pk: int, step: str):
    case = selectors.reconsideration_get_for_user(user=request.user, pk=pk)
    spec = actions.RECONSIDERATION_STEPS.get(step)
    if spec is None:
        raise Http404(step)
    return _step_page(request, record=case, spec=spec, detail_url_name="disputes:reconsideration_detail")


def _edit_page(request, *, case, form_class, update, detail_url_name, back_url):
    """修改 a case's descriptive fields: ``update(case=, actor=, **form.kwargs())`` on a valid POST,
    then back to the case page; otherwise (GET, bad input, a refusal) the form page."""
    form = form_class(request.POST or None, instance=case)
    if request.method == "POST" and _run(request, form, lambda: update(
            case=case, actor=request.user, **form.kwargs())):
        messages.success(request, _("已保存"))
        return redirect(detail_url_name, pk=case.pk)
    return render(request, "disputes/form.html", {"form": form, "title": _("修改 %(n)s") % {"n": case.number},
                                                  "back_url": back_url})


@login_required
def reconsideration_edit(request, pk: int):
    case = selectors.reconsideration_get_for_user(user=request.user, pk=pk)
    return _edit_page(request, case=case, form_class=forms.ReconsiderationEditForm,
                      update=services.reconsideration_update, detail_url_name="disputes:reconsideration_detail",
                      back_url=f"/disputes/reconsideration/{case.pk}/")


@login_required
@require_POST
def reconsideration_void(request, pk: int):
    case = selectors.reconsideration_get_for_user(user=request.user, pk=pk)
    return _void(request, lambda reason: services.reconsideration_void(case=case, actor=request.user, reason=reason),
                 redirect("disputes:reconsideration_detail", pk=pk))


# ---- litigation -------------------------------------------------------------------------------


def _litigation_filtered(request):
    g = request.GET
    return selectors.litigation_list(
        user=request.user, status=g.get("status") or None, instance=g.get("instance") or None,
        year=selectors.year_param(g.get("year")), q=(g.get("q") or "").strip(), include_voided=g.get("voided") == "1",
    )


@login_required
def litigation_list(request):
    qs = _litigation_filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {"page": page, "total": page.paginator.count, "q": request.GET.get("q", ""),
               "statuses": LitigationStatus.choices, "instances": Instance.choices,
               "can_create": request.user.is_superuser or request.user.role in ("legal_office", "department_staff")}
    template = "disputes/_litigation_table.html" if request.headers.get("HX-Request") else \
        "disputes/litigation_list.html"
    return render(request, template, context)


@login_required
def litigation_export(request):
    qs = _litigation_filtered(request).prefetch_related("hearings")
    data = exports.export_rows(title="行政应诉案件", columns=exports.LITIGATION_COLUMNS, rows=qs)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''litigation.xlsx"
    return response


@login_required
def litigation_create(request):
    initial = {}
    if request.GET.get("reconsideration_case"):
        initial["reconsideration_case"] = request.GET["reconsideration_case"]
    if request.GET.get("previous"):
        initial["previous"] = request.GET["previous"]
    form = forms.LitigationReceiveForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        holder = {}
        if _run(request, form, lambda: holder.update(
                case=services.litigation_receive(actor=request.user, **form.kwargs()))):
            messages.success(request, _("已登记：%(n)s") % {"n": holder["case"].number})
            return redirect("disputes:litigation_detail", pk=holder["case"].pk)
    return render(request, "disputes/form.html", {
        "form": form, "title": _("收到起诉状副本（登记应诉案件）"), "back": "disputes:litigation_list",
        "basis": "行政诉讼法 第六十七条",
    })


@login_required
def litigation_detail(request, pk: int):
    case = selectors.litigation_get_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    from fazhi.core.litigation import AppearanceFlag

    hearings = [h for h in case.hearings.all() if h.voided_at is None]
    for h in hearings:
        h.flag_messages = [AppearanceFlag(f).message for f in h.flags]
    return render(request, "disputes/litigation_detail.html", {
        "case": case, "today": today, "hearings": hearings,
        "deadlines": deadline_rows(litigation_deadlines(case), today=today),
        "history": selectors.history_of(case),
        "steps": actions.litigation_steps_for(request.user, case),
        "later": [c for c in case.later_stages.all() if c.voided_at is None],
        "can_edit": actions.litigation_may_edit(request.user, case),
        "audit": AuditEntry.objects.visible_to(request.user).for_object(case).select_related("actor")[:200],
    })


@login_required
def litigation_step(request, pk: int, step: str):
    case = selectors.litigation_get_for_user(user=request.user, pk=pk)
    spec = actions.LITIGATION_STEPS.get(step)
    if spec is None:
        raise Http404(step)
    return _step_page(request, record=case, spec=spec, detail_url_name="disputes:litigation_detail")


@login_required
def litigation_edit(request, pk: int):
    case = selectors.litigation_get_for_user(user=request.user, pk=pk)
    return _edit_page(request, case=case, form_class=forms.LitigationEditForm, update=services.litigation_update,
                      detail_url_name="disputes:litigation_detail", back_url=f"/disputes/litigation/{case.pk}/")


@login_required
@require_POST
def litigation_void(request, pk: int):
    case = selectors.litigation_get_for_user(user=request.user, pk=pk)
    return _void(request, lambda reason: services.litigation_void(case=case, actor=request.user, reason=reason),
                 redirect("disputes:litigation_detail", pk=pk))


# ---- supervision opinions ---------------------------------------------------------------------


def _opinion_filtered(request):
    g = request.GET
    return selectors.opinion_list(
        user=request.user, status=g.get("status") or None,
        overdue_on=timezone.localdate() if g.get("overdue") == "1" else None,
        q=(g.get("q") or "").strip(), include_voided=g.get("voided") == "1",
    )


@login_required
def opinion_list(request):
    today = timezone.localdate()
    qs = _opinion_filtered(request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for o in page.object_list:
        o.overdue = selectors.opinion_is_overdue(o, today=today)
    return render(request, "disputes/opinion_list.html", {
        "page": page, "total": page.paginator.count, "q": request.GET.get("q", ""),
        "statuses": OpinionStatus.choices, "overdue": request.GET.get("overdue") == "1",
        "can_create": request.user.is_superuser or request.user.role == "legal_office",
    })


@login_required
def opinion_export(request):
    data = exports.export_rows(title="监督意见书", columns=exports.OPINION_COLUMNS, rows=_opinion_filtered(request))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''opinions.xlsx"
    return response


@login_required
def opinion_create(request):
    initial = {k: request.GET[k] for k in ("source_type", "source_id", "department", "kind") if k in request.GET}
    if request.user.organization_id:
        initial.setdefault("organization", request.user.organization_id)
    form = forms.OpinionIssueForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST":
        holder = {}
        if _run(request, form, lambda: holder.update(
                o=services.opinion_issue(actor=request.user, **form.kwargs()))):
            messages.success(request, _("已制发：%(n)s") % {"n": holder["o"].number})
            return redirect("disputes:opinion_detail", pk=holder["o"].pk)
    return render(request, "disputes/form.html", {"form": form, "title": _("制发监督意见书"),
                                                  "back": "disputes:opinion_list"})


@login_required
def opinion_detail(request, pk: int):
    opinion = selectors.opinion_get_for_user(user=request.user, pk=pk)
    today = timezone.localdate()
    return render(request, "disputes/opinion_detail.html", {
        "opinion": opinion, "today": today,
        "evidence": [e for e in opinion.evidence.all() if e.voided_at is None],
        "history": selectors.history_of(opinion),
        "steps": actions.opinion_steps_for(request.user, opinion),
        "audit": AuditEntry.objects.visible_to(request.user).for_object(opinion).select_related("actor")[:200],
        "overdue": selectors.opinion_is_overdue(opinion, today=today),
    })


@login_required
def opinion_step(request, pk: int, step: str):
    opinion = selectors.opinion_get_for_user(user=request.user, pk=pk)
    spec = actions.OPINION_STEPS.get(step)
    if spec is None:
        raise Http404(step)
    return _step_page(request, record=opinion, spec=spec, detail_url_name="disputes:opinion_detail")


@login_required
def opinion_evidence(request, pk: int, evidence_id: int):
    opinion = selectors.opinion_get_for_user(user=request.user, pk=pk)
    e = opinion.evidence.filter(pk=evidence_id, voided_at__isnull=True).first()
    if e is None:
        raise Http404("evidence")
    response = HttpResponse(e.file.open("rb").read(), content_type="application/octet-stream")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{e.pk}"
    return response

