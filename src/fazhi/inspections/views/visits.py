"""Visits: list, detail (officers, gates, code, record), the printable code, non-enforcement registration."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.audit.models import AuditEntry
from fazhi.entities.selectors import entity_by_uscc
from fazhi.inspections import exports, selectors, services
from fazhi.inspections.constants import CheckResult, VisitKind, VisitStatus
from fazhi.inspections.forms import (
    CHECK_CHOICES,
    NonEnforcementForm,
    OfficersForm,
    OpenForm,
    ReasonForm,
    RecordForm,
)
from fazhi.inspections.qr import qr_svg_data_uri
from fazhi.inspections.services.records import checklist_template, record_problems
from fazhi.inspections.services.visits import (
    can_act_on_visit,
    current_code,
    visit_gates,
    visit_tasks,
)

from .common import attempt, form_errors_from

CHECK_LABELS = dict(CheckResult.choices)


@login_required
def visit_list(request):
    filters = {k: request.GET.get(k) for k in ("status", "kind", "year", "joint", "mine")}
    visits = selectors.visit_list(user=request.user, filters=filters)
    if request.GET.get("export"):
        return exports.response("inspection-visits", _("入企检查"), exports.VISIT_HEADERS, exports.visit_rows(visits))
    page = Paginator(visits, 50).get_page(request.GET.get("page"))
    return render(request, "inspections/visit_list.html", {
        "page": page, "filters": filters, "statuses": VisitStatus.choices, "title": _("入企检查"),
    })


def code_url(request, code) -> str:
    return request.build_absolute_uri(reverse("inspections:public_code", args=[code.code]))


@login_required
def visit_detail(request, pk: int):
    visit = selectors.visit_get_for_user(user=request.user, visit_id=pk)
    can_act = can_act_on_visit(request.user, visit)
    tasks = visit_tasks(visit)
    code = current_code(visit)
    record = getattr(visit, "record", None)
    context = {
        "visit": visit, "tasks": tasks, "can_act": can_act, "code": code,
        "qr": qr_svg_data_uri(code_url(request, code)) if code else None,
        "code_link": code_url(request, code) if code else "",
        "officers": visit.officers.select_related("officer", "organization", "certificate"),
        "officers_form": OfficersForm(visit=visit, user=request.user,
                                      initial={"officers": list(visit.officers.values_list("officer_id", flat=True))}),
        "open_form": OpenForm(visit=visit),
        "gates": visit_gates(visit) if visit.status == VisitStatus.SCHEDULED else (),
        "record": record,
        "record_form": RecordForm(initial={
            "left_at": timezone.localtime(record.left_at).strftime("%Y-%m-%dT%H:%M") if record and record.left_at else "",
            "findings": record.findings if record else "", "outcome": record.outcome if record else "",
            "rectification_deadline": record.rectification_deadline if record else None,
            "case_number": record.case_number if record else "",
        }),
        "checklist": _checklist_rows(visit, record),
        "checklist_done": [(r["point"], CHECK_LABELS.get(r.get("result") or "", "—"))
                           for r in (record.checklist_results if record else [])],
        "check_choices": CHECK_CHOICES,
        "problems": record_problems(visit) if visit.status == VisitStatus.IN_PROGRESS else [],
        "documents": record.documents.filter(voided_at__isnull=True) if record else [],
        "history": visit.history.all(),
        "overrides": visit.overrides.all(),
        "audit": AuditEntry.objects.for_object(visit).select_related("actor")[:50],
        "reason_form": ReasonForm(),
        "is_enforcement": visit.kind == VisitKind.ENFORCEMENT,
    }
    return render(request, "inspections/visit_detail.html", context)


def _checklist_rows(visit, record):
    done = {(r["task"], r["index"]): r for r in (record.checklist_results if record else [])}
    rows = []
    for row in checklist_template(visit):
        got = done.get((row["task"], row["index"]), {})
        rows.append({**row, "result": got.get("result", ""), "note": got.get("note", ""), "key": f"{row['task']}_{row['index']}"})
    return rows


@login_required
@require_POST
def visit_action(request, pk: int, action: str):
    visit = selectors.visit_get_for_user(user=request.user, visit_id=pk)
    back = redirect("inspections:visit", pk=visit.pk)
    user = request.user
    if action == "officers":
        form = OfficersForm(request.POST, visit=visit, user=user)
        if form.is_valid():
            attempt(request, lambda: services.visit_officers_set(visit=visit, officers=list(form.cleaned_data["officers"]),
                                                                 actor=user), _("已指派检查人员"))
        else:
            messages.error(request, _("请选择检查人员"))
    elif action == "open":
        form = OpenForm(request.POST, visit=visit)
        form.is_valid()
        d = form.cleaned_data
        attempt(request, lambda: services.visit_open(visit=visit, actor=user, override_approver=d.get("override_approver"),
                                                     override_reason=d.get("override_reason") or ""),
                _("核验通过，已生成检查码"))
    elif action == "arrive":
        attempt(request, lambda: services.visit_arrive(visit=visit, actor=user), _("已记录到达时间"))
    elif action == "record":
        form = RecordForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            checklist = []
            for row in checklist_template(visit):
                key = f"{row['task']}_{row['index']}"
                checklist.append({"task": row["task"], "index": row["index"], "result": request.POST.get(f"check_{key}", ""),
                                  "note": request.POST.get(f"note_{key}", "")})
            present = [int(x) for x in request.POST.getlist("present") if x.isdigit()]
            ok = attempt(request, lambda: services.visit_record_save(
                visit=visit, actor=user, left_at=d["left_at"], findings=d["findings"], outcome=d["outcome"],
                rectification_deadline=d["rectification_deadline"], case_number=d["case_number"],
                checklist_results=checklist, officers_present=present if visit.kind == VisitKind.ENFORCEMENT else None,
            ), _("已保存检查记录"))
            if ok and request.POST.get("complete"):
                visit.refresh_from_db()
                attempt(request, lambda: services.visit_complete(visit=visit, actor=user), _("检查已完成"))
        else:
            for errs in form.errors.values():
                for e in errs:
                    messages.error(request, e)
    elif action == "complete":
        attempt(request, lambda: services.visit_complete(visit=visit, actor=user), _("检查已完成"))
    elif action == "document":
        upload = request.FILES.get("file")
        record = getattr(visit, "record", None)
        if upload is None or record is None:
            messages.error(request, _("请选择文件"))
        else:
            attempt(request, lambda: services.record_document_add(record=record, upload=upload, actor=user), _("已上传"))
    elif action == "cancel":
        attempt(request, lambda: services.visit_cancel(visit=visit, actor=user, reason=request.POST.get("reason", "")),
                _("检查已取消"))
    else:
        raise PermissionDenied
    return back


@login_required
def visit_code(request, pk: int):
    """The printable inspection code (QR and text) of an opened visit."""
    visit = selectors.visit_get_for_user(user=request.user, visit_id=pk)
    code = current_code(visit)
    if code is None:
        raise PermissionDenied
    link = code_url(request, code)
    return render(request, "inspections/visit_code.html", {
        "visit": visit, "code": code, "link": link, "qr": qr_svg_data_uri(link, scale=8),
        "organizations": [o.name for o in services.visits.participating_organizations(visit)],
    })


@login_required
def non_enforcement_create(request):
    form = NonEnforcementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        entity = entity_by_uscc(d["uscc"])
        if entity is None:
            form.add_error("uscc", _("经营主体名录中没有该统一社会信用代码"))
        else:
            try:
                visit = services.non_enforcement_visit_register(
                    organization=d["organization"], entity=entity, purpose=d["purpose"], description=d["description"],
                    participants=d["participants"], window_start=d["window_start"], window_end=d["window_end"],
                    actor=request.user)
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("已登记非执法类入企，已生成入企码"))
                return redirect("inspections:visit", pk=visit.pk)
    return render(request, "inspections/form.html", {"form": form, "title": _("登记非执法类入企（调研、普法、惠企服务）")})
