"""XLSX exports of the inspection lists (openpyxl), for pages and API alike.

Each function takes rows already scoped by a selector, so an export holds
exactly what the user may see. Ratings: a department's export holds its
aggregates only (``rating_summary``), never one enterprise's rating.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from io import BytesIO

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _plain(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, (int, float, dt.date, str)):
        return value
    return str(value)


def workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.freeze_panes = "A2"
    header = []
    for h in headers:
        cell = WriteOnlyCell(ws, value=str(h))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for row in rows:
        ws.append([_plain(v) for v in row])
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()


def response(filename: str, title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    resp = HttpResponse(workbook(title, headers, rows), content_type=XLSX)
    resp["Content-Disposition"] = f'attachment; filename="{filename}-{timezone.localdate().isoformat()}.xlsx"'
    return resp


def _departments(visit) -> str:
    return "、".join(sorted({t.organization.name for t in visit.tasks.all() if t.voided_at is None}))


VISIT_HEADERS = ["编号", "企业", "统一社会信用代码", "类别", "牵头部门", "参加部门", "任务数", "检查日期自", "检查日期至", "状态"]


def visit_rows(visits):
    for v in visits.prefetch_related("tasks__organization"):
        tasks = [t for t in v.tasks.all() if t.voided_at is None]
        yield [str(v), v.entity.name, v.entity.uscc, v.get_kind_display(), v.organization.name, _departments(v),
               len(tasks), v.window_start, v.window_end, v.get_status_display()]


PLAN_HEADERS = ["计划", "制定部门", "类型", "期间自", "期间至", "状态", "任务", "企业", "统一社会信用代码", "检查事项",
                "窗口开始", "窗口结束", "需要人数", "事由", "入企检查"]


def plan_rows(plans):
    for p in plans:
        tasks = list(p.tasks.filter(voided_at__isnull=True).select_related("entity", "item", "visit"))
        base = [p.title, p.organization.name, p.get_kind_display(), p.period_start, p.period_end, p.get_status_display()]
        if not tasks:
            yield base + [""] * 9
        for t in tasks:
            yield base + [str(t), t.entity.name, t.entity.uscc, t.item.name, t.earliest, t.latest, t.officers_needed,
                          t.reason, str(t.visit) if t.visit_id else ""]


FINDING_HEADERS = ["编号", "责任部门", "监督规则", "检查日期", "入企检查", "企业", "情况", "状态", "处理理由", "监督意见书编号"]


def finding_rows(findings):
    for f in findings:
        yield [f"F{f.pk}", f.organization.name, f.get_rule_display(), f.visit_day, str(f.visit) if f.visit_id else "",
               f.entity.name if f.entity_id else "", f.detail, f.get_status_display(), f.status_reason, f.opinion_reference]


RATING_HEADERS = ["入企检查", "检查日期", "企业", "牵头部门", "评分", "评价", "评价时间"]


def rating_rows(ratings):
    for r in ratings:
        yield [str(r.visit), r.visit.window_start, r.visit.entity.name, r.visit.organization.name, r.score, r.comment,
               r.submitted_at]


RATING_SUMMARY_HEADERS = ["部门", "期间", "评价数", "平均分"]


def rating_summary_rows(summary, year: int):
    for d in summary:
        yield [d.organization, str(year), d.count, d.average if d.average is not None else "不足5条，不显示"]
        for q in d.quarters:
            yield [d.organization, q.label, q.count, q.average if q.average is not None else "不足5条或评价期未结束，不显示"]


INVITATION_HEADERS = ["编号", "企业", "统一社会信用代码", "联系电话", "体检范围", "希望日期自", "希望日期至", "提交时间", "状态",
                      "预约日期", "入企检查", "受理意见"]


def invitation_rows(invitations):
    for i in invitations:
        yield [str(i), i.entity.name, i.uscc, i.contact_phone, "、".join(i.scopes), i.preferred_from, i.preferred_to,
               i.submitted_at, i.get_status_display(), i.appointment_on, str(i.visit) if i.visit_id else "", i.decision_reason]
