"""Pages of penalty cases (thin: reads through selectors, writes through services).

Signed-in pages: the list (with XLSX export), a new lead, the case page (facts,
deadlines with basis and derivation, the actions its status allows, steps,
documents, evidence, payments, the full-process record as a timeline, its
verification, the audit history), the deadline board. Public pages (no login):
published decisions with natural persons' data masked.
"""

from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.audit.models import AuditEntry
from fazhi.config.selectors import work_calendar
from fazhi.core import penalty as core

from . import selectors, services
from .constants import CASE_STATUS_COLORS, PenaltyKind
from .deadlines import STATE_LABELS, case_deadlines, case_surcharge
from .exports import cases_workbook
from .forms import ACTION_FORMS, OTHER_FORMS, CaseFilterForm, CaseForm
from .models import CaseDocument, EvidenceFile
from .presenters import public_view


def _filters(request) -> dict:
    return {k: v for k in selectors.CASE_FILTERS if (v := request.GET.get(k, "")) not in ("", None)}


def _filter_messages(exc: ValidationError) -> list[str]:
    return [f"{field}: {m}" for field, ms in exc.message_dict.items() for m in ms]


@login_required
def case_list(request):
    form = CaseFilterForm(request.GET or None)
    refused = False
    try:
        qs = selectors.case_list(user=request.user, filters=_filters(request))
    except ValidationError as exc:
        # a malformed filter (year=abc): show the message and no rows, not a 500
        qs, refused = selectors.case_list(user=request.user).none(), True
        form.is_valid()
        form.add_error(None, _filter_messages(exc))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "enforcement/case_list.html", {
        "page": page, "form": form, "query": query.urlencode(),
        "colors": CASE_STATUS_COLORS, "today": timezone.localdate(),
        "can_create": request.user.has_role(*services.HANDLER_ROLES),
    }, status=400 if refused else 200)


@login_required
def case_export(request):
    """XLSX of exactly the cases the user may see, with the list's filters."""
    try:
        qs = selectors.case_list(user=request.user, filters=_filters(request))
    except ValidationError as exc:
        return HttpResponseBadRequest("; ".join(_filter_messages(exc)), content_type="text/plain; charset=utf-8")
    buf = BytesIO()
    cases_workbook(qs).save(buf)
    response = HttpResponse(buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="penalty-cases-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def case_create(request):
    if not request.user.has_role(*services.HANDLER_ROLES):
        raise PermissionDenied
    form = CaseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, organization=form.cleaned_data["organization"],
                                        **form.service_fields())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("线索已登记"))
            return redirect("case_detail", pk=case.pk)
    return render(request, "enforcement/case_form.html", {"form": form, "title": _("登记线索")},
                  status=400 if form.errors else 200)


@login_required
def case_edit(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, case_id=pk)
    services.check_handler(request.user, case)
    form = CaseForm(request.POST or None, instance=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(case=case, actor=request.user, **form.service_fields())
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("case_detail", pk=case.pk)
    return render(request, "enforcement/case_form.html", {"form": form, "title": _("修改案件信息"), "case": case},
                  status=400 if form.errors else 200)


def _detail_context(request, case, bound: dict | None = None) -> dict:
    user = request.user
    today = timezone.localdate()
    cal = work_calendar()
    deadlines = case_deadlines(case, calendar=cal)
    rows = [{"d": d, "state": d.state(today), "state_label": STATE_LABELS[d.state(today)]} for d in deadlines]
    can_handle = user.has_role(*services.HANDLER_ROLES)
    actions = []
    if can_handle:
        for action in core.allowed_actions(case.status):
            form_class, _service = ACTION_FORMS[action.value]
            form = (bound or {}).get(action.value) or form_class(case=case, user=user, prefix=action.value)
            actions.append({"action": action.value, "label": core.ACTION_LABELS[action], "form": form})
    others = {}
    for name, (form_class, _service) in OTHER_FORMS.items():
        others[name] = (bound or {}).get(name) or form_class(case=case, user=user, prefix=name)
    kinds = dict(PenaltyKind.choices)
    return {
        "case": case,
        "color": CASE_STATUS_COLORS.get(case.status),
        "deadlines": rows,
        "actions": actions,
        "others": others,
        "can_handle": can_handle,
        "can_withdraw": user.has_role(*services.publicity.WITHDRAW_ROLES) and case.decided_on and not case.withdrawal_source,
        "steps": case.steps.prefetch_related("officers").order_by("on", "pk"),
        "documents": case.documents.order_by("generated_at", "pk"),
        "evidence": case.evidence.order_by("uploaded_at", "pk"),
        "payments": case.payments.order_by("paid_on", "pk"),
        "suspensions": case.suspensions.select_related("approver"),
        "extensions": case.extensions.select_related("approver"),
        "record": case.record.select_related("actor").order_by("-seq"),
        "history": AuditEntry.objects.for_object(case).select_related("actor")[:200],
        "officers": case.officers.select_related("organization"),
        "surcharge": case_surcharge(case, as_of=today, calendar=cal),
        "proposed_kinds": [kinds.get(k, k) for k in case.proposed_kinds],
        "decision_kinds": [kinds.get(k, k) for k in case.decision_kinds],
        "today": today,
    }


@login_required
def case_detail(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, case_id=pk)
    return render(request, "enforcement/case_detail.html", _detail_context(request, case))


def _run(request, pk: int, name: str, form_class, service_name: str, *, transition: bool):
    case = selectors.case_get_for_user(user=request.user, case_id=pk)
    form = form_class(request.POST, request.FILES, case=case, user=request.user, prefix=name)
    if form.is_valid():
        service = getattr(services, service_name)
        try:
            service(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            label = core.ACTION_LABELS[core.Action(name)] if transition else form_class.__name__
            messages.success(request, _("已办理：%(what)s") % {"what": label} if transition else _("已保存"))
            return redirect(reverse("case_detail", args=[case.pk]) + ("" if transition else f"#{name}"))
    case.refresh_from_db()
    context = _detail_context(request, case, bound={name: form})
    context["failed"] = name
    return render(request, "enforcement/case_detail.html", context, status=400)


@login_required
@require_POST
def case_action(request, pk: int, action: str):
    """One transition: the action's form, then its service; errors re-render the page."""
    if action not in ACTION_FORMS:
        raise Http404(action)
    form_class, service_name = ACTION_FORMS[action]
    return _run(request, pk, action, form_class, service_name, transition=True)


@login_required
@require_POST
def case_other(request, pk: int, name: str):
    """A write inside a stage: step, payment, suspension, resumption, extension, evidence, withdrawal."""
    if name not in OTHER_FORMS:
        raise Http404(name)
    form_class, service_name = OTHER_FORMS[name]
    return _run(request, pk, name, form_class, service_name, transition=False)


@login_required
def case_document(request, pk: int, doc_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=pk)
    doc = get_object_or_404(CaseDocument, pk=doc_id, case=case)
    return render(request, "enforcement/document.html", {"case": case, "doc": doc})


@login_required
def case_evidence_file(request, pk: int, evidence_id: int):
    case = selectors.case_get_for_user(user=request.user, case_id=pk)
    ev = get_object_or_404(EvidenceFile, pk=evidence_id, case=case)
    try:
        fh = ev.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("evidence file missing") from None
    return FileResponse(fh, as_attachment=True, filename=ev.original_name,
                        content_type=ev.content_type or "application/octet-stream")


@login_required
@require_POST
def case_verify(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, case_id=pk)
    broken = services.case_record_verify(case)
    if broken is None:
        messages.success(request, _("全过程记录完整：共 %(n)s 条，哈希链校验通过") % {"n": case.record_seq})
    else:
        messages.error(request, _("全过程记录第 %(seq)s 条校验失败：%(why)s") % {"seq": broken.seq, "why": broken.reason_zh})
    return redirect(reverse("case_detail", args=[case.pk]) + "#record")


@login_required
def deadline_board(request):
    today = timezone.localdate()
    try:
        days = max(1, min(int(request.GET.get("days", 7)), 365))
    except ValueError:
        days = 7
    return render(request, "enforcement/deadlines.html", {
        "days": days, "today": today,
        "board": selectors.deadline_board(user=request.user, today=today, days=days),
        "overdue": selectors.cases_overdue(user=request.user, today=today)[:200],
        "due": selectors.cases_due_within(user=request.user, today=today, days=days)[:200],
        "suspended": selectors.case_list(user=request.user, filters={"open": True}).filter(suspended=True)[:200],
    })


def public_list(request):
    """执法公示: published decisions, natural persons masked (行政处罚法 第四十八条). No login."""
    page = Paginator(selectors.public_decisions(), 30).get_page(request.GET.get("page"))
    return render(request, "enforcement/public_list.html",
                  {"page": page, "rows": [public_view(c) for c in page.object_list]})


def public_detail(request, pk: int):
    case = selectors.public_decisions().filter(pk=pk).first()
    if case is None:
        raise Http404("not published")
    return render(request, "enforcement/public_detail.html", {"c": public_view(case)})
