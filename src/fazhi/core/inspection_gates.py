"""Gates before an inspection visit starts (检查前核验), over plain values.

A visit may start (get its inspection code) only when every gate passes; the
check runs on the server before the code is issued, never as a warning after
the fact. Each failure names its rule, the department/officer/item concerned
and the basis. Some rules may be overridden by a named approver with a reason
(the override is audited); the others state prohibitions that no approval can
lift.

========================== ============================================ ============
rule                        what must hold                               overridable
========================== ============================================ ============
item_published              every task's item is on the published list  no
plan_approved               every task is approved: its plan approved,   yes
                            its invitation accepted, its draw or
                            approval form recorded
officers_assigned           every participating department sends an     no
                            officer; at least ``min_officers`` in all;
                            nobody acts for an organization outside it
officer_certificate         every officer holds a certificate for the    no
                            organization they act for, valid on every
                            day of the window
organization_authority      every participating organization holds      no
                            enforcement authority (执法主体资格)
yearly_cap                  the enterprise's inspections for the item   yes
                            this year stay within the item's cap
no_disturbance_cause        an enterprise on the no-disturbance list    yes
                            (无事不扰) is inspected only with a recorded
                            cause
========================== ============================================ ============

Bases: 国办发〔2024〕54号 (inspection subjects; items published, "清单之外无检查";
yearly frequency caps; inspections approved beforehand by the head of the
inspecting body, urgent ones reported and approved afterwards, which is what an
override records); 《中华人民共和国行政处罚法》第四十二条 (certified officers, at
least two — applied to inspections as a policy of this platform);
国发〔2019〕5号 (对守法者“无事不扰”).

Pure Python; no Django imports (STYLE R1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

__all__ = [
    "GATE_RULES",
    "MIN_OFFICERS",
    "CertificateFacts",
    "DepartmentFacts",
    "GateFailure",
    "GateRule",
    "GateRuleInfo",
    "OfficerFacts",
    "TaskFacts",
    "VisitGateFacts",
    "blocking",
    "certificate_for",
    "check_gates",
]

#: officers on an enforcement visit, in all (《行政处罚法》第四十二条 applied as policy)
MIN_OFFICERS = 2


class GateRule(StrEnum):
    ITEM_PUBLISHED = "item_published"
    PLAN_APPROVED = "plan_approved"
    OFFICERS_ASSIGNED = "officers_assigned"
    OFFICER_CERTIFICATE = "officer_certificate"
    ORGANIZATION_AUTHORITY = "organization_authority"
    YEARLY_CAP = "yearly_cap"
    NO_DISTURBANCE_CAUSE = "no_disturbance_cause"


@dataclass(frozen=True)
class GateRuleInfo:
    title: str
    basis: str
    overridable: bool


GATE_RULES: dict[GateRule, GateRuleInfo] = {
    GateRule.ITEM_PUBLISHED: GateRuleInfo(
        "检查事项已公布", "国办发〔2024〕54号：检查事项向社会公布，未经公布的不得实施", False
    ),
    GateRule.PLAN_APPROVED: GateRuleInfo(
        "检查已经批准",
        "国办发〔2024〕54号：检查前报执法主体负责人批准；情况紧急的及时报告并补办手续",
        True,
    ),
    GateRule.OFFICERS_ASSIGNED: GateRuleInfo(
        "检查人员已指派", "《中华人民共和国行政处罚法》第四十二条：执法人员不得少于两人（本平台对行政检查同样适用）", False
    ),
    GateRule.OFFICER_CERTIFICATE: GateRuleInfo(
        "执法人员持有效执法证",
        "《中华人民共和国行政处罚法》第四十二条；国办发〔2024〕54号：严禁未取得执法证件的人员实施行政检查",
        False,
    ),
    GateRule.ORGANIZATION_AUTHORITY: GateRuleInfo(
        "检查主体具有执法主体资格",
        "国办发〔2024〕54号：除具有行政执法权的行政机关、授权组织、受委托组织外，任何组织和个人不得实施行政检查",
        False,
    ),
    GateRule.YEARLY_CAP: GateRuleInfo(
        "未超过年度检查频次上限",
        "国办发〔2024〕54号：公布同一行政机关对同一企业实施行政检查的年度频次上限（上级部署的专项检查除外）",
        True,
    ),
    GateRule.NO_DISTURBANCE_CAUSE: GateRuleInfo(
        "“无事不扰”企业有检查事由", "国发〔2019〕5号：对守法者“无事不扰”", True
    ),
}


@dataclass(frozen=True)
class CertificateFacts:
    """One enforcement certificate: for which organization, from when to when, its stored status."""

    number: str
    organization: str
    valid_from: date
    valid_until: date
    status: str = "valid"
    voided: bool = False

    def valid_between(self, first: date, last: date) -> bool:
        return (
            not self.voided
            and self.status == "valid"
            and self.valid_from <= first
            and last <= self.valid_until
        )


@dataclass(frozen=True)
class OfficerFacts:
    """An officer on the visit and the organization they act for."""

    name: str
    acts_for: str
    certificates: tuple[CertificateFacts, ...] = ()


@dataclass(frozen=True)
class DepartmentFacts:
    key: str
    name: str
    has_authority: bool


@dataclass(frozen=True)
class TaskFacts:
    """One task of the visit.

    ``visits_this_year`` counts the enterprise's other visits for the same item
    in the calendar year of the visit (opened, in progress or completed).
    ``approved`` says whether the task's approval is in place; ``approval_note``
    says what it is (or why not), for the message.
    """

    task_id: str
    department: str
    item_name: str
    item_published: bool
    yearly_cap: int
    visits_this_year: int
    approved: bool
    approval_note: str = ""


@dataclass(frozen=True)
class VisitGateFacts:
    first_day: date
    last_day: date
    departments: tuple[DepartmentFacts, ...]
    tasks: tuple[TaskFacts, ...]
    officers: tuple[OfficerFacts, ...]
    no_disturbance: bool = False
    no_disturbance_cause: str = ""
    min_officers: int = MIN_OFFICERS


@dataclass(frozen=True)
class GateFailure:
    rule: GateRule
    message: str

    @property
    def info(self) -> GateRuleInfo:
        return GATE_RULES[self.rule]

    @property
    def overridable(self) -> bool:
        return self.info.overridable

    def __str__(self) -> str:
        return f"【{self.info.title}】{self.message}（依据：{self.info.basis}）"


def certificate_for(officer: OfficerFacts, first: date, last: date) -> CertificateFacts | None:
    """The officer's certificate for the organization they act for, valid on every day of [first, last]."""
    for cert in officer.certificates:
        if cert.organization == officer.acts_for and cert.valid_between(first, last):
            return cert
    return None


def _certificate_problem(officer: OfficerFacts, first: date, last: date) -> str:
    own = [c for c in officer.certificates if c.organization == officer.acts_for and not c.voided]
    if not own:
        return "没有该机构的执法证"
    labels = {"suspended": "已暂扣", "revoked": "已吊销/注销", "expired": "已过期"}
    parts = []
    for c in own:
        if c.status != "valid":
            parts.append(f"证件{c.number}{labels.get(c.status, c.status)}")
        elif c.valid_until < last:
            parts.append(f"证件{c.number}有效期至{c.valid_until.isoformat()}")
        elif c.valid_from > first:
            parts.append(f"证件{c.number}自{c.valid_from.isoformat()}起有效")
    return "；".join(parts) or "证件无效"


def _window(first: date, last: date) -> str:
    return first.isoformat() if first == last else f"{first.isoformat()}至{last.isoformat()}"


def check_gates(facts: VisitGateFacts) -> tuple[GateFailure, ...]:
    """Every gate failure of the visit, in rule order (empty: the visit may start)."""
    out: list[GateFailure] = []
    dept_name = {d.key: d.name for d in facts.departments}

    for t in facts.tasks:
        if not t.item_published:
            out.append(GateFailure(GateRule.ITEM_PUBLISHED, f"任务{t.task_id}的检查事项“{t.item_name}”未公布"))
    for t in facts.tasks:
        if not t.approved:
            note = f"：{t.approval_note}" if t.approval_note else ""
            out.append(GateFailure(GateRule.PLAN_APPROVED, f"任务{t.task_id}（{t.item_name}）未经批准{note}"))

    strangers = [o for o in facts.officers if o.acts_for not in dept_name]
    for o in strangers:
        out.append(GateFailure(GateRule.OFFICERS_ASSIGNED, f"执法人员{o.name}不属于参加本次检查的部门"))
    sending = {o.acts_for for o in facts.officers}
    for d in facts.departments:
        if d.key not in sending:
            out.append(GateFailure(GateRule.OFFICERS_ASSIGNED, f"{d.name}未指派执法人员"))
    if len(facts.officers) < facts.min_officers:
        out.append(
            GateFailure(
                GateRule.OFFICERS_ASSIGNED,
                f"检查人员{len(facts.officers)}人，不得少于{facts.min_officers}人",
            )
        )

    for o in facts.officers:
        if o.acts_for in dept_name and certificate_for(o, facts.first_day, facts.last_day) is None:
            out.append(
                GateFailure(
                    GateRule.OFFICER_CERTIFICATE,
                    f"执法人员{o.name}在{_window(facts.first_day, facts.last_day)}没有{dept_name[o.acts_for]}的有效执法证"
                    f"（{_certificate_problem(o, facts.first_day, facts.last_day)}）",
                )
            )

    for d in facts.departments:
        if not d.has_authority:
            out.append(GateFailure(GateRule.ORGANIZATION_AUTHORITY, f"{d.name}不具有执法主体资格"))

    for t in facts.tasks:
        if t.visits_this_year + 1 > t.yearly_cap:
            out.append(
                GateFailure(
                    GateRule.YEARLY_CAP,
                    f"任务{t.task_id}：该企业{facts.first_day.year}年已接受“{t.item_name}”检查{t.visits_this_year}次，"
                    f"年度上限{t.yearly_cap}次",
                )
            )

    if facts.no_disturbance and not facts.no_disturbance_cause.strip():
        out.append(
            GateFailure(GateRule.NO_DISTURBANCE_CAUSE, "该企业在“无事不扰”名单内，检查须记录事由（如投诉举报、风险线索）")
        )
    return tuple(out)


def blocking(failures: Sequence[GateFailure]) -> tuple[GateFailure, ...]:
    """The failures no override can lift."""
    return tuple(f for f in failures if not f.overridable)
