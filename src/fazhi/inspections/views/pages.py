"""Dashboard, items, plans and coordination runs."""

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
from fazhi.entities.selectors import entity_by_uscc
from fazhi.inspections import exports, selectors, services
from fazhi.inspections.constants import PlanStatus, TaskSource
from fazhi.inspections.forms import AdjustForm, PlanForm, ReasonForm, RunForm, TaskForm
from fazhi.inspections.models import InspectionTask
from fazhi.inspections.services._common import is_legal_office
from fazhi.inspections.services.coordination import explanation_for

from .common import attempt, form_errors_from, year_param


@login_required
def dashboard(request):
    year = year_param(request)
    figures = selectors.inspection_figures(user=request.user, year=year)
    previous = selectors.inspection_figures(user=request.user, year=year - 1)
    stats = selectors.finding_stats(user=request.user, year=year)
    return render(request, "inspections/dashboard.html", {
        "year": year, "figures": figures, "previous": previous, "stats": stats,
        "awaiting": selectors.plans_awaiting_review(user=request.user),
        "mine": selectors.visit_list(user=request.user, filters={"mine": True}).exclude(status__in=["completed", "cancelled"])[:20],
        "invitations": selectors.invitation_list(user=request.user, filters={"status": "submitted"}).count(),
        "is_legal": is_legal_office(request.user),
    })


@login_required
def joint_list(request):
    """The joint inspections behind the year's figure (the records the report's number links to)."""
    year = year_param(request)
    visits = selectors.joint_visits(user=request.user, year=year)
    page = Paginator(visits, 50).get_page(request.GET.get("page"))
    return render(request, "inspections/visit_list.html", {
        "page": page, "title": _("%(year)s 年联合检查") % {"year": year}, "filters": {}, "year": year,
    })


# --- items -------------------------------------------------------------------------


@login_required
def item_list(request):
    items = selectors.item_list(user=request.user, filters={"status": request.GET.get("status")})
    return render(request, "inspections/item_list.html", {
        "items": items, "is_legal": is_legal_office(request.user), "form": ReasonForm(),
    })


@login_required
@require_POST
def item_action(request, pk: int, action: str):
    item = selectors.item_get_for_user(user=request.user, item_id=pk)
    reason = request.POST.get("reason", "")
    if action == "publish":
        attempt(request, lambda: services.inspection_item_publish(item=item, actor=request.user), _("已公布"))
    elif action == "withdraw":
        attempt(request, lambda: services.inspection_item_withdraw(item=item, actor=request.user, reason=reason), _("已停用"))
    else:
        raise PermissionDenied
    return redirect("inspections:items")


# --- plans -------------------------------------------------------------------------


@login_required
def plan_list(request):
    filters = {"status": request.GET.get("status"), "year": request.GET.get("year")}
    plans = selectors.plan_list(user=request.user, filters=filters)
    if request.GET.get("export"):
        return exports.response("inspection-plans", _("检查计划"), exports.PLAN_HEADERS, exports.plan_rows(plans))
    page = Paginator(plans, 50).get_page(request.GET.get("page"))
    return render(request, "inspections/plan_list.html", {"page": page, "filters": filters, "statuses": PlanStatus.choices})


@login_required
def plan_create(request):
    form = PlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("已创建检查计划"))
            return redirect("inspections:plan", pk=plan.pk)
    return render(request, "inspections/form.html", {"form": form, "title": _("新建检查计划")})


@login_required
def plan_detail(request, pk: int):
    plan = selectors.plan_get_for_user(user=request.user, plan_id=pk)
    form = TaskForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["uscc"]:
                entity = entity_by_uscc(d["uscc"])
                if entity is None:
                    raise ValidationError({"uscc": _("经营主体名录中没有该统一社会信用代码")})
                services.inspection_task_create(
                    plan_or_none=plan, entity=entity, department=plan.organization, item=d["item"], earliest=d["earliest"],
                    latest=d["latest"], officers_needed=d["officers_needed"], source=TaskSource.PLAN, actor=request.user,
                    reason=d["reason"], no_disturbance_cause=d["no_disturbance_cause"])
                done = 1
            else:
                flt = services.EntityFilter(
                    street_id=d["street"].pk if d["street"] else None, industry_prefix=d["industry_prefix"].strip(),
                    credit_classes=tuple(d["credit_classes"]), entity_types=tuple(d["entity_types"]), limit=d["limit"],
                    no_disturbance=False)
                done = len(services.plan_tasks_from_filter(
                    plan=plan, item=d["item"], flt=flt, earliest=d["earliest"], latest=d["latest"],
                    officers_needed=d["officers_needed"], reason=d["reason"], actor=request.user))
        except ValidationError as exc:
            form_errors_from(form, exc)
        else:
            messages.success(request, _("已添加 %(n)s 项检查任务") % {"n": done})
            return redirect("inspections:plan", pk=plan.pk)
    tasks = Paginator(plan.tasks.filter(voided_at__isnull=True).select_related("entity", "item", "visit"), 50)
    return render(request, "inspections/plan_detail.html", {
        "plan": plan, "form": form, "tasks": tasks.get_page(request.GET.get("page")),
        "editable": plan.status in (PlanStatus.DRAFT, PlanStatus.RETURNED), "is_legal": is_legal_office(request.user),
        "history": plan.history.all(), "audit": AuditEntry.objects.for_object(plan).select_related("actor")[:50],
        "reason_form": ReasonForm(),
    })


PLAN_ACTIONS = {
    "submit": (services.plan_submit, False, gettext_lazy("已提交法治办审核")),
    "approve": (services.plan_approve, True, gettext_lazy("已批准，计划已在公开页面公布")),
    "return": (services.plan_return, True, gettext_lazy("已退回")),
    "withdraw": (services.plan_withdraw, True, gettext_lazy("已撤回")),
}


@login_required
@require_POST
def plan_action(request, pk: int, action: str):
    plan = selectors.plan_get_for_user(user=request.user, plan_id=pk)
    if action not in PLAN_ACTIONS:
        raise PermissionDenied
    fn, with_reason, ok = PLAN_ACTIONS[action]
    kwargs = {"reason": request.POST.get("reason", "")} if with_reason else {}
    attempt(request, lambda: fn(plan=plan, actor=request.user, **kwargs), str(ok))
    return redirect("inspections:plan", pk=plan.pk)


@login_required
@require_POST
def task_void(request, pk: int):
    task = selectors.task_list(user=request.user).filter(pk=pk).first()
    if task is None:
        raise PermissionDenied
    attempt(request, lambda: services.inspection_task_void(task=task, actor=request.user, reason=request.POST.get("reason", "")),
            _("已作废任务"))
    return redirect("inspections:plan", pk=task.plan_id) if task.plan_id else redirect("inspections:dashboard")


# --- coordination runs ----------------------------------------------------------------


@login_required
def run_list(request):
    runs = selectors.run_list(user=request.user)
    form = RunForm(request.POST or None)
    if request.method == "POST":
        if not is_legal_office(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                zone_office = request.user.organization
                run = services.coordination_run_create(organization=zone_office, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("统筹完成，请审定结果"))
                return redirect("inspections:run", pk=run.pk)
    return render(request, "inspections/run_list.html", {"runs": runs, "form": form, "is_legal": is_legal_office(request.user)})


@login_required
def run_detail(request, pk: int):
    run = selectors.run_get_for_user(user=request.user, run_id=pk)
    visits = selectors.visit_list(user=request.user, filters={"run": run.pk, "joint": request.GET.get("joint")})
    if request.GET.get("export"):
        return exports.response(f"coordination-run-{run.pk}", _("统筹结果"), exports.VISIT_HEADERS, exports.visit_rows(visits))
    uscc = (request.GET.get("uscc") or "").strip().upper()
    explanation = explanation_for(run, uscc) if uscc else None
    form = AdjustForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        task = InspectionTask.objects.filter(pk=form.cleaned_data["task"], visit__run=run).first()
        if task is None:
            form.add_error("task", _("该任务不在本次统筹结果中"))
        else:
            try:
                services.coordination_run_adjust(run=run, task=task, to_day=form.cleaned_data["to_day"],
                                                 reason=form.cleaned_data["reason"], actor=request.user)
            except ValidationError as exc:
                form_errors_from(form, exc)
            else:
                messages.success(request, _("已调整"))
                return redirect("inspections:run", pk=run.pk)
    return render(request, "inspections/run_detail.html", {
        "run": run, "current": selectors.run_figures(run), "page": Paginator(visits, 50).get_page(request.GET.get("page")),
        "uscc": uscc, "explanation": explanation, "form": form, "is_legal": is_legal_office(request.user),
        "adjustments": run.adjustments.select_related("task"), "reason_form": ReasonForm(),
        "certificate": run.certificate[:50],
    })


@login_required
@require_POST
def run_action(request, pk: int, action: str):
    run = selectors.run_get_for_user(user=request.user, run_id=pk)
    if action == "issue":
        attempt(request, lambda: services.coordination_run_issue(run=run, actor=request.user), _("已下达各部门"))
    elif action == "discard":
        attempt(request, lambda: services.coordination_run_discard(run=run, actor=request.user,
                                                                   reason=request.POST.get("reason", "")), _("已废弃"))
    else:
        raise PermissionDenied
    return redirect("inspections:run", pk=run.pk)
