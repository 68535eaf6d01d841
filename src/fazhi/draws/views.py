"""Pages of the draws app: staff pages at /draws/, public pages (no login) at /draws/public/.

Thin views: reads through ``selectors`` (a draw outside the user's scope, or a
draft on the public side, is a 404), writes through ``services`` (a refused
call shows its rule and writes nothing).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.audit.models import AuditEntry
from fazhi.organizations.models import Organization

from . import exports, publication, selectors, services
from .constants import DrawStatus
from .forms import DrawForm, ReasonForm
from .inputs import officer_key

TARGETS_PER_PAGE = 200


def _messages_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for msgs in exc.message_dict.values() for m in msgs]
    return list(exc.messages)


def _form_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, msgs in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, msgs)
    else:
        form.add_error(None, exc.messages)


def _zip(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- staff pages ------------------------------------------------------------------------------


@login_required
def draw_list(request):
    filters = {"status": request.GET.get("status"), "year": request.GET.get("year")}
    draws = selectors.draw_list(user=request.user, filters=filters)
    if request.GET.get("export"):
        return exports.response("random-draws", _("双随机抽查"), exports.DRAW_HEADERS, exports.draw_rows(draws))
    page = Paginator(draws, 50).get_page(request.GET.get("page"))
    return render(request, "draws/list.html", {
        "page": page, "filters": filters, "statuses": DrawStatus.choices,
        "can_prepare": services.can_prepare(request.user),
    })


@login_required
def draw_prepare(request):
    if not services.can_prepare(request.user):
        raise PermissionDenied
    form = DrawForm(request.POST or None, user=request.user)
    preview = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if "preview" in request.POST:
            canon, errors = services.canonical_ratios(form.ratios)
            if errors:
                _form_errors(form, ValidationError(errors))
            else:
                preview = selectors.draw_preview(
                    organization=d["organization"], draw_date=d["draw_date"], per_visit=d["per_visit"],
                    ratios=canon, flt=form.population_filter,
                    recusals=[(officer_key(r.officer), r.entity.uscc) for r in d["recusal_specs"]],
                )
        else:
            try:
                draw = services.draw_prepare(
                    organization=d["organization"], item=d["item"], title=d["title"], draw_date=d["draw_date"],
                    window_start=d["window_start"], window_end=d["window_end"], ratios=form.ratios,
                    per_visit=d["per_visit"], population_filter=form.population_filter,
                    no_disturbance_cause=d["no_disturbance_cause"], recusals=d["recusal_specs"], actor=request.user,
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("已保存草稿。核对无误后“公布承诺”：种子随即生成并保密，承诺和输入哈希公开。"))
                return redirect("draws:detail", pk=draw.pk)
    return render(request, "draws/form.html", {"form": form, "preview": preview})


@login_required
def draw_detail(request, pk: int):
    draw = selectors.draw_get_for_user(user=request.user, draw_id=pk)
    targets = Paginator(
        draw.targets.select_related("task").order_by("position"), TARGETS_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(request, "draws/detail.html", {
        "draw": draw,
        "targets": targets,
        "recusals": selectors.draw_recusals_for_user(user=request.user, draw=draw),
        "history": draw.history.all(),
        "audit": AuditEntry.objects.for_object(draw).select_related("actor")[:50],
        "can_act": services.can_prepare(request.user, draw.organization),
        "reason_form": ReasonForm(),
        "street": Organization.objects.filter(pk=draw.population_filter.get("street_id")).first()
        if draw.population_filter.get("street_id") else None,
    })


ACTIONS = {
    "commit": (lambda draw, user, _r: services.draw_commit(draw=draw, actor=user), _("承诺已公布：种子已生成并保密")),
    "run": (lambda draw, user, _r: services.draw_run(draw=draw, actor=user), _("已抽取，种子和结果已公布")),
    "tasks": (lambda draw, user, _r: services.draw_tasks_create(draw=draw, actor=user), _("已生成检查任务")),
    "cancel": (lambda draw, user, r: services.draw_cancel(draw=draw, actor=user, reason=r), _("已取消")),
}


@login_required
@require_POST
def draw_action(request, pk: int, action: str):
    draw = selectors.draw_get_for_user(user=request.user, draw_id=pk)
    if action not in ACTIONS:
        raise Http404
    fn, success = ACTIONS[action]
    try:
        fn(draw, request.user, request.POST.get("reason", ""))
    except ValidationError as exc:
        for m in _messages_of(exc):
            messages.error(request, m)
    else:
        messages.success(request, success)
    return redirect("draws:detail", pk=pk)


@login_required
def draw_targets_export(request, pk: int):
    """The draw's targets with the officers' real names (staff of the scope only; no recusal pair)."""
    draw = selectors.draw_get_for_user(user=request.user, draw_id=pk)
    targets = draw.targets.select_related("task").order_by("position")
    return exports.response(f"draw-{draw.pk}-targets", _("抽中对象"), exports.TARGET_HEADERS, exports.target_rows(targets))


@login_required
def draw_inputs_full(request, pk: int):
    """The full inputs, recusal pairs included: the drawing organization's scope and the legal office only."""
    draw = selectors.draw_get_for_user(user=request.user, draw_id=pk)
    if not draw.is_public:
        raise Http404
    return _zip(publication.inputs_archive(draw, full=True), f"draw-{draw.pk}-full-inputs.zip")


# --- public pages -----------------------------------------------------------------------------


def public_list(request):
    year = request.GET.get("year")
    draws = selectors.public_draw_list(year=selectors.year_or_none(year))
    page = Paginator(draws, 50).get_page(request.GET.get("page"))
    return render(request, "draws/public/list.html", {"page": page, "year": year})


def public_detail(request, pk: int):
    draw = selectors.public_draw_get(draw_id=pk)
    targets = None
    page = None
    if draw.is_drawn:
        page = Paginator(draw.targets.order_by("position"), TARGETS_PER_PAGE).get_page(request.GET.get("page"))
        targets = page.object_list
    view = publication.public_view(draw, targets=targets)
    return render(request, "draws/public/detail.html", {
        "view": view, "page": page, "results_selector": selectors.INSPECTION_RESULTS_SELECTOR,
    })


def public_inputs(request, pk: int):
    draw = selectors.public_draw_get(draw_id=pk)
    return _zip(publication.inputs_archive(draw), f"draw-{draw.pk}-inputs.zip")
