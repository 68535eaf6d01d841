"""XLSX exports of the draws (openpyxl): the list of draws and one draw's targets.

Each function takes rows already scoped by a selector, so an export holds
exactly what the user may see. Recusal pairs are never exported.
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

DRAW_HEADERS = ["抽查批次号", "抽查名称", "抽取部门", "抽查事项", "抽取日期", "检查期间自", "检查期间至", "比例",
                "抽查对象数", "执法人员池", "抽中对象数", "承诺公布时间", "种子承诺", "输入哈希", "种子", "状态"]
TARGET_HEADERS = ["抽取序号", "企业名称", "统一社会信用代码", "信用风险分类", "执法人员编号", "执法人员", "执法证号",
                  "检查任务", "未生成任务的原因"]


def _plain(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if value is None or isinstance(value, int | float | dt.date | str):
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


def draw_rows(draws) -> Iterable[list]:
    for d in draws:
        yield [
            d.reference, d.title, d.organization.name, d.item.name, d.draw_date, d.window_start, d.window_end,
            ",".join(f"{c}={r}" for c, r in sorted(d.ratios.items())), d.population_count, d.pool_count,
            d.targets_count if d.is_drawn else None, d.committed_at, d.seed_commitment, d.input_hash,
            d.revealed_seed, d.get_status_display(),
        ]


def target_rows(targets) -> Iterable[list]:
    for t in targets:
        yield [
            t.position, t.name, t.uscc, t.risk_class, t.officer_ids, "、".join(o["name"] for o in t.officers),
            "、".join(o["certificate"] for o in t.officers), str(t.task) if t.task_id else "", t.task_problem,
        ]
