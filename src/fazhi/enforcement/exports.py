"""XLSX export of the case list (openpyxl, write-only): the rows the user may see, nothing generic.

Workflow records are not a generic register (STYLE: no generic CRUD bypassing
the services), so the export is written here rather than declared in
``registers.py``.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .constants import PenaltyKind

HEADERS = [
    "案号", "执法主体", "承办机构", "程序", "状态", "案件来源", "发现日期", "当事人", "当事人类型", "证件号码",
    "执法事项编码", "执法事项", "违法行为发生日期", "立案日期", "告知日期", "决定日期", "处理决定", "处罚种类",
    "罚款（元）", "送达日期", "执行完毕日期", "结案日期", "移送机关", "最近期限", "期限中止", "已公示", "已撤回公示",
]


def cases_workbook(qs) -> Workbook:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("行政处罚案件")
    bold = Font(bold=True)
    header = []
    for h in HEADERS:
        cell = WriteOnlyCell(ws, value=h)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    kinds = dict(PenaltyKind.choices)
    for c in qs.select_related("organization", "handling_unit", "item").iterator(chunk_size=2000):
        ws.append([
            c.number, c.organization.name, c.handling_unit.name, c.get_procedure_display(), c.get_status_display(),
            c.get_source_display(), c.lead_received_on, c.party_name, c.get_party_kind_display(), c.party_id_number,
            c.item.code if c.item else "", c.item.name if c.item else "", c.act_date, c.filed_on, c.notified_on,
            c.decided_on, c.get_decision_kind_display(), "、".join(str(kinds.get(k, k)) for k in c.decision_kinds),
            c.fine_amount, c.served_on, c.executed_on, c.closed_on, c.transferred_to, c.next_deadline,
            "是" if c.suspended else "否", "是" if c.published_at else "否", "是" if c.withdrawn_at else "否",
        ])
    return wb
