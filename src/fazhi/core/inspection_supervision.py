"""Supervision of inspections (行政检查监督) and record completeness, over plain values.

``supervise(visits)`` checks every visit of a period against the
rules of SPEC §2.2 and returns one ``FindingDraft`` per violation, attributed
to the department responsible. A finding's ``fingerprint`` identifies it
(rule + visit + department + task), so checking a period again finds the same
findings and adds none twice.

================== ====================================================================
rule                violation
================== ====================================================================
no_authority        an organization without enforcement authority took part in an
                    enforcement visit (a non-enforcement visit needs none)
no_certificate      an officer had no certificate valid for their organization that day
no_basis            the task's item was not published, or has no legal basis
cap_exceeded        the enterprise's visits for an item in a year exceed its cap
multi_department    多头检查: two departments inspected the same matter at the same
                    enterprise in separate visits within ``window_days``
repeated            重复检查: one department inspected the same item at the same
                    enterprise in separate visits within ``window_days``
no_disturbance      an enterprise on the 无事不扰 list inspected without a recorded cause
no_code             a visit carried out without an inspection code
no_record           a visit past its window (or completed) without a record
record_incomplete   a record misses arrival/leaving time, officers, checklist
                    results, outcome, the rectification deadline or the case number
disguised           变相检查: a non-enforcement visit (research, outreach …) that
                    recorded inspection findings
================== ====================================================================

``record_gaps`` is the completeness rule itself; the record service refuses to
complete a record that has gaps.

Pure Python; no Django imports (STYLE R1).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from .inspection_gates import OfficerFacts, certificate_for

__all__ = [
    "DUPLICATE_WINDOW_DAYS",
    "FINDING_RULES",
    "FindingDraft",
    "FindingRule",
    "Outcome",
    "SupervisedRecord",
    "SupervisedTask",
    "SupervisedVisit",
    "record_gaps",
    "supervise",
]

#: separate visits of the same matter closer than this many days are duplicates (policy)
DUPLICATE_WINDOW_DAYS = 30


class FindingRule(StrEnum):
    NO_AUTHORITY = "no_authority"
    NO_CERTIFICATE = "no_certificate"
    NO_BASIS = "no_basis"
    CAP_EXCEEDED = "cap_exceeded"
    MULTI_DEPARTMENT = "multi_department"
    REPEATED = "repeated"
    NO_DISTURBANCE = "no_disturbance"
    NO_CODE = "no_code"
    NO_RECORD = "no_record"
    RECORD_INCOMPLETE = "record_incomplete"
    DISGUISED = "disguised"


#: rule → (title, basis)
FINDING_RULES: dict[FindingRule, tuple[str, str]] = {
    FindingRule.NO_AUTHORITY: ("检查主体不具有执法主体资格", "国办发〔2024〕54号 明确行政检查主体"),
    FindingRule.NO_CERTIFICATE: ("检查人员无有效执法证", "《中华人民共和国行政处罚法》第四十二条；国办发〔2024〕54号"),
    FindingRule.NO_BASIS: ("无公布的检查事项或法律依据", "国办发〔2024〕54号 清理并公布行政检查事项"),
    FindingRule.CAP_EXCEEDED: ("超过年度检查频次上限", "国办发〔2024〕54号 公布年度频次上限"),
    FindingRule.MULTI_DEPARTMENT: ("多头检查", "《浙江省综合行政执法条例》第十三条；国办发〔2024〕54号 能联合的不得多头检查"),
    FindingRule.REPEATED: ("重复检查", "《浙江省综合行政执法条例》第十三条第三款；国办发〔2024〕54号 能合并的不得重复检查"),
    FindingRule.NO_DISTURBANCE: ("“无事不扰”企业无事由检查", "国发〔2019〕5号 对守法者“无事不扰”"),
    FindingRule.NO_CODE: ("未亮码检查", "扫码入企：检查前生成检查码（司法部行政检查赋码监管）"),
    FindingRule.NO_RECORD: ("检查无记录", "《中华人民共和国行政处罚法》第四十七条 全过程记录"),
    FindingRule.RECORD_INCOMPLETE: ("检查记录不完整", "《中华人民共和国行政处罚法》第四十七条 全过程记录"),
    FindingRule.DISGUISED: ("以非执法名义变相检查", "国办发〔2024〕54号：严禁以观摩、督导、考察等名义行检查之实"),
}


class Outcome(StrEnum):
    NO_PROBLEM = "no_problem"
    RECTIFICATION = "rectification_ordered"
    CASE_FILED = "case_filed"


CHECK_RESULTS = ("ok", "problem", "na")


@dataclass(frozen=True)
class SupervisedRecord:
    """An inspection record (检查记录) as the rules see it.

    ``checklist`` holds one result per checklist point ("ok", "problem", "na",
    or "" when not answered).
    """

    arrived_at: datetime | None = None
    left_at: datetime | None = None
    officers_present: int = 0
    checklist: tuple[str, ...] = ()
    findings: str = ""
    outcome: str = ""
    rectification_deadline: date | None = None
    case_number: str = ""


@dataclass(frozen=True)
class SupervisedTask:
    task_id: str
    department: str
    item_id: str
    item_name: str
    matter: str
    item_published: bool
    item_has_basis: bool
    yearly_cap: int


@dataclass(frozen=True)
class SupervisedVisit:
    """One visit of the period. ``day`` is its first day; ``enforcement`` False for non-enforcement visits.

    ``departments`` maps each participating department key to whether it holds
    enforcement authority; ``lead`` is the department a visit-level finding is
    attributed to.
    """

    visit_id: str
    entity: str
    day: date
    last_day: date
    lead: str
    departments: tuple[tuple[str, bool], ...]
    tasks: tuple[SupervisedTask, ...] = ()
    officers: tuple[OfficerFacts, ...] = ()
    enforcement: bool = True
    carried_out: bool = True
    overdue: bool = False  # not carried out, not cancelled, and its window has ended
    code_issued: bool = True
    record: SupervisedRecord | None = None
    no_disturbance: bool = False
    no_disturbance_cause: str = ""


@dataclass(frozen=True)
class FindingDraft:
    rule: FindingRule
    visit_id: str
    department: str
    detail: str
    task_id: str = ""
    subject: str = ""  # what else tells two findings apart (an officer's name)
    related_visit_id: str = ""
    fingerprint: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.fingerprint:
            fp = f"{self.rule.value}:{self.visit_id}:{self.department}:{self.task_id}:{self.subject}"
            object.__setattr__(self, "fingerprint", fp)


def record_gaps(record: SupervisedRecord | None, *, enforcement: bool = True, day: date | None = None) -> list[str]:
    """What the record lacks, in Chinese (empty: complete)."""
    if record is None:
        return ["没有检查记录"]
    gaps: list[str] = []
    if record.arrived_at is None:
        gaps.append("未记录到达时间")
    if record.left_at is None:
        gaps.append("未记录离开时间")
    if record.arrived_at and record.left_at and record.left_at < record.arrived_at:
        gaps.append("离开时间早于到达时间")
    if record.officers_present < 1:
        gaps.append("未记录在场检查人员")
    if not enforcement:
        return gaps
    if record.checklist and any(r not in CHECK_RESULTS for r in record.checklist):
        gaps.append("检查要点未逐项填写结果")
    if record.outcome not in {o.value for o in Outcome}:
        gaps.append("未填写检查结果（未发现问题 / 责令整改 / 立案查处）")
    if record.outcome != Outcome.NO_PROBLEM and record.outcome and not record.findings.strip():
        gaps.append("发现问题的须填写检查发现")
    if record.outcome == Outcome.NO_PROBLEM and "problem" in record.checklist:
        gaps.append("检查要点存在问题的，检查结果不能为“未发现问题”")
    if record.outcome == Outcome.RECTIFICATION:
        if record.rectification_deadline is None:
            gaps.append("责令整改须填写整改期限")
        elif day is not None and record.rectification_deadline < day:
            gaps.append("整改期限不能早于检查日期")
    if record.outcome == Outcome.CASE_FILED and not record.case_number.strip():
        gaps.append("立案查处须填写案件编号")
    return gaps


def _visit_findings(v: SupervisedVisit) -> Iterable[FindingDraft]:
    if v.enforcement:
        for dept, has_authority in v.departments:
            if not has_authority:
                yield FindingDraft(FindingRule.NO_AUTHORITY, v.visit_id, dept, "参加检查的机构不具有执法主体资格")
    else:
        if v.record is not None and (v.record.findings.strip() or v.record.outcome not in ("", Outcome.NO_PROBLEM)):
            yield FindingDraft(
                FindingRule.DISGUISED, v.visit_id, v.lead, "非执法类入企记录了检查发现或处理结果，属以非执法名义实施检查"
            )
        if v.carried_out and not v.code_issued:
            yield FindingDraft(FindingRule.NO_CODE, v.visit_id, v.lead, "非执法类入企未生成入企码")
        return
    for o in v.officers:
        if certificate_for(o, v.day, v.last_day) is None:
            yield FindingDraft(
                FindingRule.NO_CERTIFICATE, v.visit_id, o.acts_for, f"检查人员{o.name}当日无有效执法证", subject=o.name
            )
    for t in v.tasks:
        if not t.item_published or not t.item_has_basis:
            why = "检查事项未公布" if not t.item_published else "检查事项无法律依据"
            yield FindingDraft(FindingRule.NO_BASIS, v.visit_id, t.department, f"“{t.item_name}”：{why}", task_id=t.task_id)
    if v.no_disturbance and not v.no_disturbance_cause.strip():
        for dept, _has in v.departments:
            yield FindingDraft(FindingRule.NO_DISTURBANCE, v.visit_id, dept, "“无事不扰”名单内企业，检查未记录事由")
    if v.carried_out and not v.code_issued:
        for dept, _has in v.departments:
            yield FindingDraft(FindingRule.NO_CODE, v.visit_id, dept, "入企检查前未生成检查码")
    if v.overdue and not v.carried_out:
        yield FindingDraft(FindingRule.NO_RECORD, v.visit_id, v.lead, "检查窗口已过，既无检查记录也未取消")
    elif v.carried_out:
        gaps = record_gaps(v.record, enforcement=True, day=v.day)
        if v.record is None:
            yield FindingDraft(FindingRule.NO_RECORD, v.visit_id, v.lead, "入企检查没有检查记录")
        elif gaps:
            yield FindingDraft(FindingRule.RECORD_INCOMPLETE, v.visit_id, v.lead, "；".join(gaps))


def _cap_findings(visits: Sequence[SupervisedVisit]) -> Iterable[FindingDraft]:
    seen: dict[tuple[str, str, int], int] = defaultdict(int)
    for v in sorted(visits, key=lambda x: (x.day, x.visit_id)):
        if not v.enforcement or not v.carried_out:
            continue
        for t in v.tasks:
            key = (v.entity, t.item_id, v.day.year)
            seen[key] += 1
            if seen[key] > t.yearly_cap:
                yield FindingDraft(
                    FindingRule.CAP_EXCEEDED,
                    v.visit_id,
                    t.department,
                    f"“{t.item_name}”{v.day.year}年第{seen[key]}次检查该企业，年度上限{t.yearly_cap}次",
                    task_id=t.task_id,
                )


def _duplicate_findings(visits: Sequence[SupervisedVisit], window_days: int) -> Iterable[FindingDraft]:
    by_entity: dict[str, list[SupervisedVisit]] = defaultdict(list)
    for v in visits:
        if v.enforcement and v.carried_out:
            by_entity[v.entity].append(v)
    for entity_visits in by_entity.values():
        if len(entity_visits) < 2:
            continue
        entity_visits.sort(key=lambda x: (x.day, x.visit_id))
        for j, later in enumerate(entity_visits):
            reported: set[tuple[FindingRule, str]] = set()
            for earlier in entity_visits[:j]:
                if (later.day - earlier.day).days >= window_days or earlier.visit_id == later.visit_id:
                    continue
                for t in later.tasks:
                    for e in earlier.tasks:
                        if t.department == e.department and t.item_id == e.item_id:
                            rule, detail = FindingRule.REPEATED, (
                                f"“{t.item_name}”{(later.day - earlier.day).days}日内对同一企业重复检查"
                                f"（前次{earlier.day.isoformat()}）"
                            )
                        elif t.department != e.department and t.matter and t.matter == e.matter:
                            rule, detail = FindingRule.MULTI_DEPARTMENT, (
                                f"“{t.matter}”{(later.day - earlier.day).days}日内已由另一部门单独检查"
                                f"（前次{earlier.day.isoformat()}），未联合开展"
                            )
                        else:
                            continue
                        if (rule, t.task_id) in reported:
                            continue
                        reported.add((rule, t.task_id))
                        yield FindingDraft(
                            rule, later.visit_id, t.department, detail, task_id=t.task_id, related_visit_id=earlier.visit_id
                        )


def supervise(visits: Sequence[SupervisedVisit], *, window_days: int = DUPLICATE_WINDOW_DAYS) -> list[FindingDraft]:
    """Every finding over ``visits`` (one period), deduplicated by fingerprint, in a stable order.

    A visit not carried out is judged only on what already holds (authority,
    basis, cause) and, once ``overdue`` (its window ended; the caller decides
    that from its own clock), on the missing record.
    """
    out: dict[str, FindingDraft] = {}
    for v in visits:
        for f in _visit_findings(v):
            out.setdefault(f.fingerprint, f)
    for f in _cap_findings(visits):
        out.setdefault(f.fingerprint, f)
    for f in _duplicate_findings(visits, window_days):
        out.setdefault(f.fingerprint, f)
    return sorted(out.values(), key=lambda f: (f.visit_id, f.rule.value, f.department, f.task_id))
