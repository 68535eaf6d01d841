"""Generic register pages: list, detail (with audit history), create, edit, void, export, import.

Thin views: reads go through ``Register.queryset_for`` (the user's scope),
writes through ``common.services``; nothing here decides a rule.
"""

from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.audit.models import AuditEntry
from fazhi.audit.services import snapshot

from .registers import Register, get_register
from .services import record_create, record_update, record_void, scoped_form_class
from .xlsx import ImportRejected, export_register, import_register


def _reg(key: str) -> Register:
    try:
        return get_register(key)
    except KeyError:
        raise Http404(key) from None


def _filtered(reg: Register, request):
    qs = reg.queryset_for(request.user)
    q = (request.GET.get("q") or "").strip()
    if q and reg.search_fields:
        cond = Q()
        for f in reg.search_fields:
            cond |= Q(**{f"{f}__icontains": q})
        qs = qs.filter(cond)
    lookups, errors = reg.clean_filters(request.GET)
    for message in errors:
        messages.error(request, message)
    qs = qs.filter(**lookups)
    if request.GET.get("voided") != "1":
        qs = qs.filter(voided_at__isnull=True)
    return qs


def _display(obj, name: str):
    f = obj._meta.get_field(name)
    if f.choices:
        return getattr(obj, f"get_{name}_display")()
    value = getattr(obj, name)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return "" if value is None else value


@login_required
def register_list(request, key: str):
    reg = _reg(key)
    qs = _filtered(reg, request)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    fields = [reg.model._meta.get_field(f) for f in reg.list_fields]
    rows = [(obj, [_display(obj, f.name) for f in fields]) for obj in page.object_list]
    filters = []
    for name in reg.filter_fields:
        f = reg.model._meta.get_field(name)
        filters.append({"name": name, "label": f.verbose_name, "choices": f.flatchoices if f.choices else
                        [("1", _("是")), ("0", _("否"))] if f.get_internal_type() == "BooleanField" else [],
                        "value": request.GET.get(name, "")})
    context = {
        "reg": reg,
        "page": page,
        "rows": rows,
        "fields": fields,
        "filters": filters,
        "q": request.GET.get("q", ""),
        "can_change": reg.can_change(request.user),
        "total": page.paginator.count,
    }
    template = "registers/_table.html" if request.headers.get("HX-Request") else "registers/list.html"
    return render(request, template, context)


@login_required
def register_detail(request, key: str, pk: int):
    reg = _reg(key)
    obj = get_object_or_404(reg.queryset_for(request.user), pk=pk)
    names = list(dict.fromkeys([*reg.list_fields, *reg.form_fields]))
    fields = [(obj._meta.get_field(n).verbose_name, _display(obj, n)) for n in names]
    related = []
    for rkey, fk in reg.related:
        rreg = get_register(rkey)
        rqs = rreg.queryset_for(request.user).filter(**{fk: obj})
        rfields = [rreg.model._meta.get_field(f) for f in rreg.list_fields]
        related.append({"reg": rreg, "fields": rfields, "fk": fk,
                        "rows": [(o, [_display(o, f.name) for f in rfields]) for o in rqs[:200]]})
    history = AuditEntry.objects.for_object(obj).select_related("actor")[:200]
    return render(request, "registers/detail.html", {
        "reg": reg, "obj": obj, "fields": fields, "related": related, "history": history,
        "can_change": reg.can_change(request.user, obj) and obj.voided_at is None,
    })


@login_required
def register_edit(request, key: str, pk: int | None = None):
    reg = _reg(key)
    obj = get_object_or_404(reg.queryset_for(request.user), pk=pk) if pk else None
    if not reg.can_change(request.user, obj) or (obj is not None and obj.voided_at is not None):
        raise PermissionDenied
    form_class = scoped_form_class(reg, request.user)
    initial = {k: v for k, v in request.GET.items() if k in reg.form_fields}
    before = snapshot(obj) if obj else None
    instance = obj or reg.new_instance(request.user)
    form = form_class(request.POST or None, instance=instance, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form.save(commit=False)
            if obj is None:
                saved = record_create(reg=reg, actor=request.user, obj=saved)
            else:
                saved = record_update(reg=reg, actor=request.user, obj=saved, before=before)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("已保存：%(obj)s") % {"obj": saved})
            return redirect("register_detail", key=key, pk=saved.pk)
    return render(request, "registers/form.html", {"reg": reg, "obj": obj, "form": form})


@login_required
@require_POST
def register_void(request, key: str, pk: int):
    reg = _reg(key)
    obj = get_object_or_404(reg.queryset_for(request.user), pk=pk)
    try:
        record_void(reg=reg, actor=request.user, obj=obj, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    else:
        messages.success(request, _("已作废：%(obj)s") % {"obj": obj})
    return redirect("register_detail", key=key, pk=pk)


@login_required
def register_export(request, key: str):
    reg = _reg(key)
    buf = BytesIO()
    export_register(reg, request.user, buf, queryset=_filtered(reg, request))
    response = HttpResponse(
        buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{key}-{timezone.localdate().isoformat()}.xlsx"'
    return response


@login_required
def register_import(request, key: str):
    reg = _reg(key)
    if not reg.can_change(request.user):
        raise PermissionDenied
    errors = []
    result = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            errors = [_("请选择要导入的 XLSX 文件")]
        else:
            try:
                result = import_register(reg, request.user, upload)
            except ImportRejected as exc:
                errors = [str(e) for e in exc.errors]
            except PermissionDenied as exc:
                errors = [str(exc)]
    return render(request, "registers/import.html", {"reg": reg, "errors": errors, "result": result})
