"""Administrative litigation answered by the zone's organizations (行政应诉): rules as data.

《中华人民共和国行政诉讼法》（2017年修正） and the Supreme People's Court's 2018
interpretation (法释〔2018〕1号, "解释"). No Django, no clock. This module holds:

* the workflow of a case in one instance (一审、二审、再审) as a transition table;
* the outcomes of a judgment or ruling, which of them the defendant lost (败诉),
  and which can be appealed (第八十五条);
* the head-of-agency appearance rules (行政诉讼法 第三条第三款; 解释 第一百二十八条
  至第一百三十二条): when the head must appear, who counts as head, and the
  flags a hearing raises (only a lawyer appeared, the head was absent without
  a sealed explanation …);
* every deadline of a case from the legal-time engine (answer, appeal, the
  court's own term as information).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from fazhi.core.calendar import WorkCalendar
from fazhi.core.legaltime import compute_deadline
from fazhi.core.reconsideration import CaseDeadline

__all__ = [
    "LOSS_OUTCOMES",
    "TRANSITIONS",
    "Action",
    "AppearanceAssessment",
    "AppearanceFlag",
    "HeadPost",
    "Instance",
    "InvalidTransition",
    "LitigationDates",
    "Outcome",
    "Status",
    "assess_appearance",
    "head_appearance_required",
    "litigation_deadlines",
    "transition",
]


class Instance(StrEnum):
    FIRST = "first"  # 一审
    SECOND = "second"  # 二审
    RETRIAL = "retrial"  # 再审

    @property
    def label(self) -> str:
        return {"first": "一审", "second": "二审", "retrial": "再审"}[self.value]


class Status(StrEnum):
    PENDING = "pending"  # 已收到起诉状副本，待答辩
    ANSWERED = "answered"  # 已答辩、提交证据
    CONCLUDED = "concluded"  # 已审结（判决、裁定、调解）

    @property
    def label(self) -> str:
        return {"pending": "待答辩", "answered": "已答辩", "concluded": "已审结"}[self.value]


class Action(StrEnum):
    ANSWER = "answer"
    RECORD_HEARING = "record_hearing"
    CONCLUDE = "conclude"
    RECORD_APPEAL = "record_appeal"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self][0]

    @property
    def basis(self) -> str:
        return _ACTION_LABELS[self][1]


_ACTION_LABELS = {
    Action.ANSWER: ("提交答辩状和证据", "行政诉讼法 第六十七条"),
    Action.RECORD_HEARING: ("记录开庭及出庭应诉", "行政诉讼法 第三条第三款；解释 第一百二十八条至第一百三十二条"),
    Action.CONCLUDE: ("记录判决、裁定", "行政诉讼法 第六十九条至第七十七条、第八十九条"),
    Action.RECORD_APPEAL: ("记录上诉", "行政诉讼法 第八十五条"),
}

TRANSITIONS: Mapping[tuple[Status, Action], Status] = MappingProxyType(
    {
        (Status.PENDING, Action.ANSWER): Status.ANSWERED,
        (Status.PENDING, Action.RECORD_HEARING): Status.PENDING,
        (Status.ANSWERED, Action.RECORD_HEARING): Status.ANSWERED,
        (Status.PENDING, Action.CONCLUDE): Status.CONCLUDED,
        (Status.ANSWERED, Action.CONCLUDE): Status.CONCLUDED,
        (Status.CONCLUDED, Action.RECORD_APPEAL): Status.CONCLUDED,
    }
)


class InvalidTransition(ValueError):
    def __init__(self, status: Status, action: Action, message: str):
        self.status = status
        self.action = action
        self.message = message
        super().__init__(message)


def transition(status: Status | str, action: Action | str) -> Status:
    """The state after ``action``; ``InvalidTransition`` naming the article otherwise."""
    status, action = Status(status), Action(action)
    nxt = TRANSITIONS.get((status, action))
    if nxt is not None:
        return nxt
    if status is Status.CONCLUDED:
        msg = f"案件已审结，不能再“{action.label}”（{action.basis}）"
    elif status is Status.ANSWERED and action is Action.ANSWER:
        msg = f"已提交答辩状（{action.basis}）"
    else:
        msg = f"“{action.label}”须在案件审结后进行（{action.basis}）"
    raise InvalidTransition(status, action, msg)


class Outcome(StrEnum):
    """The effective outcome of a judgment, ruling or mediation, seen from the defendant."""

    DISMISS_CLAIM = "dismiss_claim"  # 判决驳回原告诉讼请求 第六十九条
    REVOKE = "revoke"  # 判决撤销或者部分撤销 第七十条
    ORDER_PERFORMANCE = "order_performance"  # 判决履行法定职责 第七十二条
    ORDER_PAYMENT = "order_payment"  # 判决给付 第七十三条
    CONFIRM_ILLEGAL = "confirm_illegal"  # 判决确认违法 第七十四条
    CONFIRM_VOID = "confirm_void"  # 判决确认无效 第七十五条
    VARY = "vary"  # 判决变更 第七十七条
    DISMISS_COMPLAINT = "dismiss_complaint"  # 裁定驳回起诉
    WITHDRAWN = "withdrawn"  # 裁定准予撤诉 第六十二条
    WITHDRAWN_AFTER_CHANGE = "withdrawn_after_change"  # 被告改变行政行为，原告撤诉 第六十二条
    MEDIATED = "mediated"  # 调解 第六十条
    REMANDED = "remanded"  # 发回重审 第八十九条第一款第三、四项
    OTHER_RULING = "other_ruling"  # 其他裁定（终结诉讼等）

    @property
    def label(self) -> str:
        return _OUTCOME_LABELS[self][0]

    @property
    def basis(self) -> str:
        return _OUTCOME_LABELS[self][1]

    @property
    def is_judgment(self) -> bool:
        return self in _JUDGMENTS

    @property
    def is_loss(self) -> bool:
        """败诉: the court found against the defendant's act (撤销、履行、给付、确认违法/无效、变更)."""
        return self in LOSS_OUTCOMES


_OUTCOME_LABELS = {
    Outcome.DISMISS_CLAIM: ("判决驳回诉讼请求", "行政诉讼法 第六十九条"),
    Outcome.REVOKE: ("判决撤销（含部分撤销）", "行政诉讼法 第七十条"),
    Outcome.ORDER_PERFORMANCE: ("判决履行法定职责", "行政诉讼法 第七十二条"),
    Outcome.ORDER_PAYMENT: ("判决给付", "行政诉讼法 第七十三条"),
    Outcome.CONFIRM_ILLEGAL: ("判决确认违法", "行政诉讼法 第七十四条"),
    Outcome.CONFIRM_VOID: ("判决确认无效", "行政诉讼法 第七十五条"),
    Outcome.VARY: ("判决变更", "行政诉讼法 第七十七条"),
    Outcome.DISMISS_COMPLAINT: ("裁定驳回起诉", "解释 第六十九条"),
    Outcome.WITHDRAWN: ("裁定准予撤诉", "行政诉讼法 第六十二条"),
    Outcome.WITHDRAWN_AFTER_CHANGE: ("被告改变行政行为后原告撤诉", "行政诉讼法 第六十二条"),
    Outcome.MEDIATED: ("调解结案", "行政诉讼法 第六十条"),
    Outcome.REMANDED: ("发回重审", "行政诉讼法 第八十九条"),
    Outcome.OTHER_RULING: ("其他裁定", "行政诉讼法 第八十五条"),
}
_JUDGMENTS = frozenset(
    {
        Outcome.DISMISS_CLAIM,
        Outcome.REVOKE,
        Outcome.ORDER_PERFORMANCE,
        Outcome.ORDER_PAYMENT,
        Outcome.CONFIRM_ILLEGAL,
        Outcome.CONFIRM_VOID,
        Outcome.VARY,
    }
)
LOSS_OUTCOMES = frozenset(_JUDGMENTS - {Outcome.DISMISS_CLAIM})
#: outcomes of the first instance that can be appealed (第八十五条): judgments and 驳回起诉
_APPEALABLE = frozenset(_JUDGMENTS | {Outcome.DISMISS_COMPLAINT})


# ---- head-of-agency appearance -------------------------------------------------------------


class HeadPost(StrEnum):
    """解释 第一百二十八条第一款: 正职、副职负责人以及其他参与分管的负责人."""

    PRINCIPAL = "principal"
    DEPUTY = "deputy"
    IN_CHARGE = "in_charge"

    @property
    def label(self) -> str:
        return {"principal": "正职负责人", "deputy": "副职负责人", "in_charge": "其他参与分管的负责人"}[
            self.value
        ]


def head_appearance_required(*, public_interest: bool, court_suggested: bool) -> tuple[bool, str]:
    """Whether the head must appear (解释 第一百二十九条第一款), with the reason.

    Required for cases of major public interest, high public concern or
    possible mass incidents, and where the court suggested it in writing.
    """
    reasons = []
    if public_interest:
        reasons.append("涉及重大公共利益、社会高度关注或者可能引发群体性事件")
    if court_suggested:
        reasons.append("人民法院书面建议行政机关负责人出庭")
    if not reasons:
        return False, ""
    return True, "、".join(reasons) + "（解释 第一百二十九条第一款）"


class AppearanceFlag(StrEnum):
    LAWYER_ONLY = "lawyer_only"
    NOBODY_APPEARED = "nobody_appeared"
    HEAD_ABSENT_WITHOUT_EXPLANATION = "head_absent_without_explanation"
    HEAD_POST_MISSING = "head_post_missing"

    @property
    def message(self) -> str:
        return _FLAG_MESSAGES[self]


_FLAG_MESSAGES = {
    AppearanceFlag.LAWYER_ONLY: "负责人和相应工作人员均未出庭，仅委托律师出庭"
    "（解释 第一百二十八条第二款“不得仅委托律师出庭”、第一百三十二条）",
    AppearanceFlag.NOBODY_APPEARED: "被诉行政机关无人出庭应诉（行政诉讼法 第三条第三款）",
    AppearanceFlag.HEAD_ABSENT_WITHOUT_EXPLANATION: "应当出庭的负责人未出庭，且未提交加盖印章或者主要负责人签字的"
    "情况说明（解释 第一百二十九条第三款、第一百三十二条）",
    AppearanceFlag.HEAD_POST_MISSING: "出庭负责人须为正职、副职或者其他参与分管的负责人"
    "（解释 第一百二十八条第一款、第一百三十一条）",
}


@dataclass(frozen=True)
class AppearanceAssessment:
    required: bool
    required_reason: str
    flags: tuple[AppearanceFlag, ...]

    @property
    def compliant(self) -> bool:
        return not self.flags

    @property
    def messages(self) -> list[str]:
        return [f.message for f in self.flags]


def assess_appearance(
    *,
    public_interest: bool,
    court_suggested: bool,
    head_appeared: bool,
    head_post: HeadPost | str | None = None,
    staff_appeared: bool = False,
    lawyer_appeared: bool = False,
    absence_reason: str = "",
    sealed_explanation: bool = False,
) -> AppearanceAssessment:
    """Check one hearing against the appearance rules and list what it breaks.

    Recording a hearing is never refused for breaking them: the flags are what
    the legal office follows up (and the court writes into its judgment,
    解释 第一百三十二条).
    """
    required, why = head_appearance_required(public_interest=public_interest, court_suggested=court_suggested)
    flags: list[AppearanceFlag] = []
    if head_appeared:
        if not head_post:
            flags.append(AppearanceFlag.HEAD_POST_MISSING)
        else:
            HeadPost(head_post)
    elif not staff_appeared:
        flags.append(AppearanceFlag.LAWYER_ONLY if lawyer_appeared else AppearanceFlag.NOBODY_APPEARED)
    if required and not head_appeared and not (absence_reason.strip() and sealed_explanation):
        flags.append(AppearanceFlag.HEAD_ABSENT_WITHOUT_EXPLANATION)
    return AppearanceAssessment(required=required, required_reason=why, flags=tuple(flags))


# ---- deadlines -------------------------------------------------------------------------------

@dataclass(frozen=True)
class LitigationDates:
    instance: Instance = Instance.FIRST
    filed_on: date | None = None
    complaint_received_on: date | None = None
    answer_submitted_on: date | None = None
    concluded_on: date | None = None
    outcome: Outcome | None = None
    served_on: date | None = None
    appealed_on: date | None = None


def litigation_deadlines(
    dates: LitigationDates, *, calendar: WorkCalendar | None = None
) -> list[CaseDeadline]:
    """The answer period (第六十七条), the court's term (第八十一条/第八十八条, information) and
    the appeal period (第八十五条) once a first-instance judgment or ruling is served."""
    d = dates
    out: list[CaseDeadline] = []
    if d.complaint_received_on is not None:
        out.append(
            CaseDeadline(
                "answer",
                compute_deadline("litigation.answer", d.complaint_received_on, calendar=calendar),
                d.answer_submitted_on,
            )
        )
    if d.filed_on is not None and d.instance in (Instance.FIRST, Instance.SECOND):
        rule_id = (
            "litigation.first_instance_term" if d.instance is Instance.FIRST
            else "litigation.second_instance_term"
        )
        out.append(CaseDeadline("court_term", compute_deadline(rule_id, d.filed_on, calendar=calendar),
                                d.concluded_on))
    if (
        d.instance is Instance.FIRST
        and d.outcome is not None
        and Outcome(d.outcome) in _APPEALABLE
        and d.served_on is not None
    ):
        rule_id = "litigation.appeal_judgment" if Outcome(d.outcome).is_judgment else "litigation.appeal_ruling"
        out.append(CaseDeadline("appeal", compute_deadline(rule_id, d.served_on, calendar=calendar),
                                d.appealed_on))
    return out
