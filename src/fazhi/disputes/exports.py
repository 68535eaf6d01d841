"""XLSX exports of the dispute case lists (openpyxl, write-only): exactly the rows the user may see.

Workflow records are not generic registers (their writes go through the
step services), so they get their own export rather than a ``Register``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from fazhi.core.litigation import Outcome

Column = tuple[str, Callable[[object], object]]


def _display(obj, name: str):
    return getattr(obj, f"get_{name}_display")() if getattr(obj, name) else ""


def _yes(value: bool) -> str:
    return "是" if value else "否"


RECONSIDERATION_COLUMNS: Sequence[Column] = (
    ("案号", lambda c: c.number),
    ("案件类型", lambda c: c.get_role_display()),
    ("办理机构", lambda c: c.organization.name),
    ("复议机关", lambda c: c.body_name),
    ("申请人", lambda c: c.applicant_name),
    ("被申请人", lambda c: c.respondent_label),
    ("被申请行政行为", lambda c: c.disputed_act),
    ("行为类别", lambda c: c.get_act_kind_display()),
    ("涉及款额（元）", lambda c: float(c.amount) if c.amount is not None else None),
    ("处罚决定书文号", lambda c: c.penalty_case_number),
    ("申请方式", lambda c: c.get_channel_display()),
    ("收到申请日", lambda c: c.received_on),
    ("受理日", lambda c: c.accepted_on),
    ("视为受理", lambda c: _yes(c.acceptance_deemed)),
    ("审理程序", lambda c: c.get_procedure_display()),
    ("状态", lambda c: c.get_status_display()),
    ("决定类型", lambda c: _display(c, "decision_type")),
    ("决定日", lambda c: c.decided_on),
    ("终止情形", lambda c: _display(c, "termination_ground")),
    ("办结日", lambda c: c.concluded_on),
    ("延长（日）", lambda c: c.extension_days),
    ("经复议后起诉", lambda c: _yes(any(lc.voided_at is None for lc in c.litigation_cases.all()))),
    ("公开日", lambda c: c.published_on),
    ("已作废", lambda c: _yes(c.voided_at is not None)),
)

LITIGATION_COLUMNS: Sequence[Column] = (
    ("法院案号", lambda c: c.number),
    ("审理法院", lambda c: c.court),
    ("审级", lambda c: c.get_instance_display()),
    ("被告（应诉机关）", lambda c: c.organization.name),
    ("原告", lambda c: c.plaintiff_name),
    ("被诉行政行为", lambda c: c.disputed_act),
    ("经复议", lambda c: c.reconsideration_case.number if c.reconsideration_case_id else ""),
    ("重大公共利益", lambda c: _yes(c.public_interest)),
    ("收到起诉状副本日", lambda c: c.complaint_received_on),
    ("答辩日", lambda c: c.answer_submitted_on),
    ("状态", lambda c: c.get_status_display()),
    ("裁判结果", lambda c: _display(c, "outcome")),
    ("败诉", lambda c: _yes(bool(c.outcome) and Outcome(c.outcome).is_loss)),
    ("裁判日", lambda c: c.result_on),
    ("送达日", lambda c: c.served_on),
    ("上诉日", lambda c: c.appealed_on),
    ("开庭次数", lambda c: sum(1 for h in c.hearings.all() if h.voided_at is None)),
    ("负责人出庭次数", lambda c: sum(1 for h in c.hearings.all() if h.voided_at is None and h.head_appeared)),
    ("仅律师出庭", lambda c: _yes(any(h.lawyer_only for h in c.hearings.all() if h.voided_at is None))),
    ("已作废", lambda c: _yes(c.voided_at is not None)),
)

OPINION_COLUMNS: Sequence[Column] = (
    ("文号", lambda o: o.number),
    ("类型", lambda o: o.get_kind_display()),
    ("标题", lambda o: o.title),
    ("制发机构", lambda o: o.organization.name),
    ("整改部门", lambda o: o.department.name),
    ("来源", lambda o: o.get_source_type_display()),
    ("来源说明", lambda o: o.source_label),
    ("制发日", lambda o: o.issued_on),
    ("签收日", lambda o: o.received_on),
    ("整改期限", lambda o: o.rectification_deadline),
    ("状态", lambda o: o.get_status_display()),
    ("回复日", lambda o: o.reply_on),
    ("销号日", lambda o: o.closed_on),
)


def export_rows(*, title: str, columns: Sequence[Column], rows: Iterable[object]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    header = []
    for name, _ in columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    for obj in rows:
        out = []
        for _, get in columns:
            value = get(obj)
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "yyyy-mm-dd"
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)
    buf = BytesIO()
    wb.save(buf)
    return buf.getvalue()
