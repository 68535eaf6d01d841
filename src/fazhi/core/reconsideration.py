"""Administrative reconsideration (行政复议) as data and rules: no Django, no clock.

《中华人民共和国行政复议法》（2023年修订，2024-01-01施行）. This module holds
what the statute decides and what can be checked without a database:

* the workflow as a transition table (``TRANSITIONS``): which step (``Action``)
  may happen in which state (``Status``) and what state follows, for the two
  roles of a case — decided by the committee's reconsideration body (``BODY``,
  受理) or answered by one of its departments as respondent before another body
  (``RESPONDENT``, 应议). ``transition()`` refuses anything else with the rule it
  breaks;
* the decision types of arts. 33, 63–69 and the mediation of art. 73, with the
  two "dismissals" kept apart: 驳回申请 (art. 33, procedural) and 驳回复议请求
  (art. 69, on the merits);
* art. 53: whether the simplified procedure may be used (``simplified_eligibility``);
* art. 41(5): when a suspension on grounds (1), (2) or (4) of art. 39 has run
  60 days and the case must be terminated (``suspension_limit``);
* art. 63 para. 2: no variation less favourable to the applicant
  (``check_variation``);
* art. 30 para. 3: deemed acceptance when the review period lapses
  (``deemed_acceptance_on``), with ``today`` a parameter;
* every deadline of a case (``reconsideration_deadlines``) from the legal-time
  engine, suspensions stopping the decision clock.

Every period is a rule of the engine's table (``fazhi.core.legaltime.rules.RULES``)
and is computed by id with ``compute_deadline(rule_id, ...)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from fazhi.core.calendar import WorkCalendar
from fazhi.core.legaltime import (
    DeadlineResult,
    Suspension,
    compute_deadline,
)

__all__ = [
    "ACTION_BASIS",
    "ROLE_ACTIONS",
    "SIMPLIFIED_AMOUNT_LIMIT",
    "SUSPENSION_TERMINATION_GROUNDS",
    "TERMINAL_STATUSES",
    "TRANSITIONS",
    "Action",
    "CaseDeadline",
    "Channel",
    "DecisionType",
    "InvalidTransition",
    "Procedure",
    "ReconsiderationDates",
    "Role",
    "Sanction",
    "SanctionKind",
    "SimplifiedEligibility",
    "Status",
    "SuspensionGround",
    "SuspensionLimit",
    "TerminationGround",
    "WorseVariation",
    "allowed_actions",
    "check_variation",
    "deemed_acceptance_on",
    "reconsideration_deadlines",
    "simplified_eligibility",
    "suspension_limit",
    "transition",
    "worse_variation_reason",
]


class Role(StrEnum):
    """Whose case it is: the committee decides it (受理) or a department answers it (应议)."""

    BODY = "body"
    RESPONDENT = "respondent"

    @property
    def label(self) -> str:
        return {"body": "受理（本机关为复议机关）", "respondent": "应议（本部门为被申请人）"}[self.value]


class Channel(StrEnum):
    """How the application reached the body (行政复议法 第二十二条、第三十二条)."""

    IN_PERSON = "in_person"  # 当面提交 / 口头申请当场记录: received that day
    POST = "post"  # 邮寄: received on signing for the letter; posted on time counts (民事诉讼法 第八十五条)
    ONLINE = "online"  # 指定的互联网渠道: received when it reaches the body's system
    VIA_PENALTY_ORGANIZATION = "via_penalty_organization"  # 第三十二条: through the penalty organization

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.IN_PERSON: "当面提交",
    Channel.POST: "邮寄",
    Channel.ONLINE: "互联网渠道",
    Channel.VIA_PENALTY_ORGANIZATION: "经作出处罚决定的机关转送（第三十二条）",
}


class Procedure(StrEnum):
    ORDINARY = "ordinary"  # 普通程序
    SIMPLIFIED = "simplified"  # 简易程序（第五十三条）


class Status(StrEnum):
    RECEIVED = "received"  # 已收到，待受理审查
    CORRECTION_REQUESTED = "correction_requested"  # 已通知补正
    ACCEPTED = "accepted"  # 已受理，审理中
    SUSPENDED = "suspended"  # 中止
    DECIDED = "decided"  # 已作出行政复议决定
    MEDIATED = "mediated"  # 调解结案（第七十三条）
    TERMINATED = "terminated"  # 终止（第四十一条）
    NOT_ACCEPTED = "not_accepted"  # 不予受理（第三十条第二款）
    ABANDONED = "abandoned"  # 逾期不补正，视为放弃（第三十一条第二款）

    @property
    def label(self) -> str:
        return _STATUS_LABELS[self]


_STATUS_LABELS = {
    Status.RECEIVED: "待受理审查",
    Status.CORRECTION_REQUESTED: "补正中",
    Status.ACCEPTED: "审理中",
    Status.SUSPENDED: "中止",
    Status.DECIDED: "已决定",
    Status.MEDIATED: "调解结案",
    Status.TERMINATED: "终止",
    Status.NOT_ACCEPTED: "不予受理",
    Status.ABANDONED: "视为放弃",
}

#: a case in one of these states is concluded (办结); nothing but publication follows
TERMINAL_STATUSES = frozenset(
    {Status.DECIDED, Status.MEDIATED, Status.TERMINATED, Status.NOT_ACCEPTED, Status.ABANDONED}
)


class Action(StrEnum):
    REQUEST_CORRECTION = "request_correction"
    EXTEND_CORRECTION = "extend_correction"
    RECEIVE_CORRECTION = "receive_correction"
    CORRECTION_LAPSE = "correction_lapse"
    NOT_ACCEPT = "not_accept"
    ACCEPT = "accept"
    DEEM_ACCEPTED = "deem_accepted"
    SEND_COPY = "send_copy"
    RECORD_REPLY = "record_reply"
    HEAR_VIEWS = "hear_views"
    HOLD_HEARING = "hold_hearing"
    CONVERT_TO_ORDINARY = "convert_to_ordinary"
    INCIDENTAL_REVIEW = "incidental_review"
    SUSPEND = "suspend"
    RESUME = "resume"
    EXTEND = "extend"
    TERMINATE = "terminate"
    MEDIATE = "mediate"
    DECIDE = "decide"
    PUBLISH = "publish"

    @property
    def label(self) -> str:
        return _ACTION_LABELS[self]

    @property
    def basis(self) -> str:
        return ACTION_BASIS[self]


_ACTION_LABELS = {
    Action.REQUEST_CORRECTION: "通知补正",
    Action.EXTEND_CORRECTION: "延长补正期限",
    Action.RECEIVE_CORRECTION: "收到补正材料",
    Action.CORRECTION_LAPSE: "逾期未补正（视为放弃）",
    Action.NOT_ACCEPT: "决定不予受理",
    Action.ACCEPT: "受理",
    Action.DEEM_ACCEPTED: "视为受理",
    Action.SEND_COPY: "发送申请书副本",
    Action.RECORD_REPLY: "被申请人答复",
    Action.HEAR_VIEWS: "听取意见",
    Action.HOLD_HEARING: "听证",
    Action.CONVERT_TO_ORDINARY: "简易程序转普通程序",
    Action.INCIDENTAL_REVIEW: "附带审查",
    Action.SUSPEND: "中止",
    Action.RESUME: "恢复审理",
    Action.EXTEND: "延长审理期限",
    Action.TERMINATE: "终止",
    Action.MEDIATE: "调解结案",
    Action.DECIDE: "作出决定",
    Action.PUBLISH: "公开决定书",
}

#: the article each step rests on, quoted in every refusal
ACTION_BASIS: Mapping[Action, str] = MappingProxyType(
    {
        Action.REQUEST_CORRECTION: "行政复议法 第三十一条第一款",
        Action.EXTEND_CORRECTION: "行政复议法 第三十一条第二款",
        Action.RECEIVE_CORRECTION: "行政复议法 第三十一条第三款",
        Action.CORRECTION_LAPSE: "行政复议法 第三十一条第二款",
        Action.NOT_ACCEPT: "行政复议法 第三十条第二款",
        Action.ACCEPT: "行政复议法 第三十条第一款",
        Action.DEEM_ACCEPTED: "行政复议法 第三十条第三款",
        Action.SEND_COPY: "行政复议法 第四十八条、第五十四条",
        Action.RECORD_REPLY: "行政复议法 第四十八条、第五十四条",
        Action.HEAR_VIEWS: "行政复议法 第四十九条",
        Action.HOLD_HEARING: "行政复议法 第五十条、第五十一条",
        Action.CONVERT_TO_ORDINARY: "行政复议法 第五十五条",
        Action.INCIDENTAL_REVIEW: "行政复议法 第五十六条至第六十条",
        Action.SUSPEND: "行政复议法 第三十九条",
        Action.RESUME: "行政复议法 第三十九条第二款、第三款",
        Action.EXTEND: "行政复议法 第六十二条第一款",
        Action.TERMINATE: "行政复议法 第四十一条",
        Action.MEDIATE: "行政复议法 第七十三条",
        Action.DECIDE: "行政复议法 第三十三条、第六十三条至第六十九条",
        Action.PUBLISH: "行政复议法 第七十九条",
    }
)

S, A = Status, Action
_IN_REVIEW = (S.ACCEPTED, S.SUSPENDED)

#: (state, step) → next state. Anything not listed is refused (STYLE R7).
TRANSITIONS: Mapping[tuple[Status, Action], Status] = MappingProxyType(
    {
        # 受理审查 (第三十条、第三十一条)
        (S.RECEIVED, A.REQUEST_CORRECTION): S.CORRECTION_REQUESTED,
        (S.RECEIVED, A.NOT_ACCEPT): S.NOT_ACCEPTED,
        (S.RECEIVED, A.ACCEPT): S.ACCEPTED,
        (S.RECEIVED, A.DEEM_ACCEPTED): S.ACCEPTED,
        (S.CORRECTION_REQUESTED, A.EXTEND_CORRECTION): S.CORRECTION_REQUESTED,
        (S.CORRECTION_REQUESTED, A.RECEIVE_CORRECTION): S.RECEIVED,
        (S.CORRECTION_REQUESTED, A.CORRECTION_LAPSE): S.ABANDONED,
        # 审理 (第四十八条至第六十二条)
        (S.ACCEPTED, A.SEND_COPY): S.ACCEPTED,
        (S.ACCEPTED, A.RECORD_REPLY): S.ACCEPTED,
        (S.SUSPENDED, A.RECORD_REPLY): S.SUSPENDED,
        (S.ACCEPTED, A.HEAR_VIEWS): S.ACCEPTED,
        (S.ACCEPTED, A.HOLD_HEARING): S.ACCEPTED,
        (S.ACCEPTED, A.CONVERT_TO_ORDINARY): S.ACCEPTED,
        (S.ACCEPTED, A.INCIDENTAL_REVIEW): S.ACCEPTED,
        (S.SUSPENDED, A.INCIDENTAL_REVIEW): S.SUSPENDED,
        (S.ACCEPTED, A.EXTEND): S.ACCEPTED,
        (S.ACCEPTED, A.SUSPEND): S.SUSPENDED,
        (S.SUSPENDED, A.RESUME): S.ACCEPTED,
        # 结案: 终止 (第四十一条) 也可在中止期间 (第四十一条第五项); 调解可在中止期间达成 (第三十九条第六项)
        (S.ACCEPTED, A.TERMINATE): S.TERMINATED,
        (S.SUSPENDED, A.TERMINATE): S.TERMINATED,
        (S.ACCEPTED, A.MEDIATE): S.MEDIATED,
        (S.SUSPENDED, A.MEDIATE): S.MEDIATED,
        (S.ACCEPTED, A.DECIDE): S.DECIDED,
        # 公开 (第七十九条)
        (S.DECIDED, A.PUBLISH): S.DECIDED,
    }
)

#: steps a department answering as respondent records (the other body runs the rest)
ROLE_ACTIONS: Mapping[Role, frozenset[Action]] = MappingProxyType(
    {
        Role.BODY: frozenset(Action),
        Role.RESPONDENT: frozenset(
            {
                A.RECORD_REPLY,
                A.HEAR_VIEWS,
                A.HOLD_HEARING,
                A.CONVERT_TO_ORDINARY,
                A.INCIDENTAL_REVIEW,
                A.SUSPEND,
                A.RESUME,
                A.EXTEND,
                A.TERMINATE,
                A.MEDIATE,
                A.DECIDE,
            }
        ),
    }
)

#: refusals that deserve a more precise rule than "not in this state"
_SPECIFIC_REFUSALS: Mapping[tuple[Status, Action], str] = MappingProxyType(
    {
        (S.SUSPENDED, A.DECIDE): "中止期间不得作出行政复议决定，中止原因消除后应先恢复审理"
        "（行政复议法 第三十九条第二款）",
        (S.SUSPENDED, A.SUSPEND): "案件已中止（行政复议法 第三十九条）",
        (S.SUSPENDED, A.EXTEND): "中止期间审理期限停止计算，无须延长；恢复审理后再决定是否延长"
        "（行政复议法 第六十二条第一款）",
        (S.RECEIVED, A.DECIDE): "未受理的申请不得作出行政复议决定；受理后发现不符合受理条件的，"
        "决定驳回申请（行政复议法 第三十条、第三十三条）",
        (S.CORRECTION_REQUESTED, A.ACCEPT): "补正期间不得受理；收到补正材料后依照第三十条审查"
        "（行政复议法 第三十一条第三款）",
        (S.CORRECTION_REQUESTED, A.DEEM_ACCEPTED): "补正期间不适用视为受理；收到补正材料后重新计算审查期限"
        "（行政复议法 第三十一条第三款、第三十条第三款）",
        (S.ACCEPTED, A.NOT_ACCEPT): "已受理的申请不得再决定不予受理；发现不符合受理条件的，应当决定驳回申请"
        "（行政复议法 第三十三条）",
        (S.ACCEPTED, A.ACCEPT): "申请已受理（行政复议法 第三十条）",
    }
)


class InvalidTransition(ValueError):
    """A step the transition table does not allow; ``message`` names the rule (in Chinese)."""

    def __init__(self, status: Status, action: Action, message: str):
        self.status = status
        self.action = action
        self.message = message
        super().__init__(message)


def allowed_actions(status: Status, role: Role) -> list[Action]:
    """The steps that may follow ``status`` in a case of ``role``, in table order."""
    allowed = ROLE_ACTIONS[Role(role)]
    return [a for (s, a) in TRANSITIONS if s == status and a in allowed]


def transition(status: Status | str, action: Action | str, role: Role | str) -> Status:
    """The state after ``action``; ``InvalidTransition`` (naming the article) when it is not allowed."""
    status, action, role = Status(status), Action(action), Role(role)
    if action not in ROLE_ACTIONS[role]:
        raise InvalidTransition(
            status,
            action,
            f"应议案件由其他复议机关办理，本部门不能“{action.label}”（{action.basis}）",
        )
    nxt = TRANSITIONS.get((status, action))
    if nxt is not None:
        return nxt
    specific = _SPECIFIC_REFUSALS.get((status, action))
    if specific:
        raise InvalidTransition(status, action, specific)
    if status in TERMINAL_STATUSES:
        msg = f"案件已{status.label}，不能再“{action.label}”（{action.basis}）"
    else:
        states = "、".join(f"“{s.label}”" for (s, a) in TRANSITIONS if a == action)
        msg = f"“{action.label}”只能在{states}状态下进行，当前为“{status.label}”（{action.basis}）"
    raise InvalidTransition(status, action, msg)


# ---- decisions (第三十三条、第六十三条至第六十九条、第七十三条) ---------------------------------


class DecisionType(StrEnum):
    """A reconsideration decision. 驳回申请 (art. 33) ≠ 驳回复议请求 (art. 69)."""

    VARY = "vary"  # 变更 第六十三条
    REVOKE = "revoke"  # 撤销 第六十四条
    PARTIALLY_REVOKE = "partially_revoke"  # 部分撤销 第六十四条
    CONFIRM_ILLEGAL = "confirm_illegal"  # 确认违法 第六十五条
    ORDER_PERFORMANCE = "order_performance"  # 责令履行 第六十六条
    CONFIRM_VOID = "confirm_void"  # 确认无效 第六十七条
    UPHOLD = "uphold"  # 维持 第六十八条
    DISMISS_CLAIM = "dismiss_claim"  # 驳回复议请求 第六十九条（实体）
    DISMISS_APPLICATION = "dismiss_application"  # 驳回申请 第三十三条（程序）

    @property
    def label(self) -> str:
        return _DECISION_LABELS[self][0]

    @property
    def article(self) -> str:
        return _DECISION_LABELS[self][1]

    @property
    def is_correction(self) -> bool:
        """纠错: the body found the act unlawful or improper (撤销、变更、确认违法、责令履行、确认无效)."""
        return self in _CORRECTIONS

    @property
    def on_merits(self) -> bool:
        """Decided on the merits (arts. 63–69); 驳回申请 (art. 33) is procedural."""
        return self is not DecisionType.DISMISS_APPLICATION


_DECISION_LABELS = {
    DecisionType.VARY: ("变更", "行政复议法 第六十三条"),
    DecisionType.REVOKE: ("撤销", "行政复议法 第六十四条"),
    DecisionType.PARTIALLY_REVOKE: ("部分撤销", "行政复议法 第六十四条"),
    DecisionType.CONFIRM_ILLEGAL: ("确认违法", "行政复议法 第六十五条"),
    DecisionType.ORDER_PERFORMANCE: ("责令履行", "行政复议法 第六十六条"),
    DecisionType.CONFIRM_VOID: ("确认无效", "行政复议法 第六十七条"),
    DecisionType.UPHOLD: ("维持", "行政复议法 第六十八条"),
    DecisionType.DISMISS_CLAIM: ("驳回复议请求", "行政复议法 第六十九条"),
    DecisionType.DISMISS_APPLICATION: ("驳回申请", "行政复议法 第三十三条"),
}
_CORRECTIONS = frozenset(
    {
        DecisionType.VARY,
        DecisionType.REVOKE,
        DecisionType.PARTIALLY_REVOKE,
        DecisionType.CONFIRM_ILLEGAL,
        DecisionType.ORDER_PERFORMANCE,
        DecisionType.CONFIRM_VOID,
    }
)

#: decisions that take the disputed act away, so a penalty decision must be withdrawn
WITHDRAWS_ACT = frozenset({DecisionType.REVOKE, DecisionType.CONFIRM_VOID})


class SuspensionGround(StrEnum):
    """第三十九条第一款 (1)–(10)."""

    DEATH = "1"
    INCAPACITY = "2"
    MISSING = "3"
    DISSOLUTION = "4"
    FORCE_MAJEURE = "5"
    MEDIATION = "6"
    INTERPRETATION = "7"
    OTHER_CASE = "8"
    NORM_REVIEW = "9"
    OTHER = "10"

    @property
    def label(self) -> str:
        return _SUSPENSION_LABELS[self]


_SUSPENSION_LABELS = {
    SuspensionGround.DEATH: "（一）申请人死亡，近亲属尚未确定是否参加",
    SuspensionGround.INCAPACITY: "（二）申请人丧失行为能力，尚未确定法定代理人",
    SuspensionGround.MISSING: "（三）申请人下落不明",
    SuspensionGround.DISSOLUTION: "（四）法人或者其他组织终止，尚未确定权利义务承受人",
    SuspensionGround.FORCE_MAJEURE: "（五）因不可抗力或者其他正当理由不能参加",
    SuspensionGround.MEDIATION: "（六）调解、和解，双方同意中止",
    SuspensionGround.INTERPRETATION: "（七）法律适用问题需要有权机关解释或者确认",
    SuspensionGround.OTHER_CASE: "（八）需要以其他案件的审理结果为依据",
    SuspensionGround.NORM_REVIEW: "（九）规范性文件或者依据附带审查（第五十六条、第五十七条）",
    SuspensionGround.OTHER: "（十）其他需要中止的情形",
}

#: 第四十一条第五项: a suspension on these grounds that reaches 60 days ends the case
SUSPENSION_TERMINATION_GROUNDS = frozenset(
    {SuspensionGround.DEATH, SuspensionGround.INCAPACITY, SuspensionGround.DISSOLUTION}
)


class TerminationGround(StrEnum):
    """第四十一条 (1)–(5)."""

    WITHDRAWN = "1"
    DEATH = "2"
    DISSOLUTION = "3"
    CRIMINAL_MEASURE = "4"
    SUSPENSION_LAPSED = "5"

    @property
    def label(self) -> str:
        return _TERMINATION_LABELS[self]


_TERMINATION_LABELS = {
    TerminationGround.WITHDRAWN: "（一）申请人撤回申请，准予撤回",
    TerminationGround.DEATH: "（二）申请人死亡，无近亲属或者近亲属放弃",
    TerminationGround.DISSOLUTION: "（三）法人或者其他组织终止，无承受人或者承受人放弃",
    TerminationGround.CRIMINAL_MEASURE: "（四）因同一违法行为涉嫌犯罪被采取刑事强制措施",
    TerminationGround.SUSPENSION_LAPSED: "（五）依第三十九条第一款第一、二、四项中止满六十日，原因仍未消除",
}


# ---- 第五十三条: simplified procedure ---------------------------------------------------------

#: 第五十三条第一款第三项: "案件涉及款额三千元以下" — 3,000 itself is included
SIMPLIFIED_AMOUNT_LIMIT = Decimal(3000)


class SanctionKind(StrEnum):
    """The kinds of 行政处罚法 第九条, with the item number as severity (1 lightest)."""

    WARNING = "warning"  # 警告
    CIRCULATED_CRITICISM = "circulated_criticism"  # 通报批评
    FINE = "fine"  # 罚款
    CONFISCATE_GAINS = "confiscate_gains"  # 没收违法所得
    CONFISCATE_PROPERTY = "confiscate_property"  # 没收非法财物
    SUSPEND_PERMIT = "suspend_permit"  # 暂扣许可证件
    DOWNGRADE = "downgrade"  # 降低资质等级
    REVOKE_PERMIT = "revoke_permit"  # 吊销许可证件
    RESTRICT_BUSINESS = "restrict_business"  # 限制开展生产经营活动
    SUSPEND_BUSINESS = "suspend_business"  # 责令停产停业
    CLOSE = "close"  # 责令关闭
    RESTRICT_PRACTICE = "restrict_practice"  # 限制从业
    DETENTION = "detention"  # 行政拘留

    @property
    def label(self) -> str:
        return _SANCTION_LABELS[self][0]

    @property
    def rank(self) -> int:
        """The item of 行政处罚法 第九条 the kind belongs to (1 警告、通报批评 … 5 行政拘留)."""
        return _SANCTION_LABELS[self][1]


_SANCTION_LABELS = {
    SanctionKind.WARNING: ("警告", 1),
    SanctionKind.CIRCULATED_CRITICISM: ("通报批评", 1),
    SanctionKind.FINE: ("罚款", 2),
    SanctionKind.CONFISCATE_GAINS: ("没收违法所得", 2),
    SanctionKind.CONFISCATE_PROPERTY: ("没收非法财物", 2),
    SanctionKind.SUSPEND_PERMIT: ("暂扣许可证件", 3),
    SanctionKind.DOWNGRADE: ("降低资质等级", 3),
    SanctionKind.REVOKE_PERMIT: ("吊销许可证件", 3),
    SanctionKind.RESTRICT_BUSINESS: ("限制开展生产经营活动", 4),
    SanctionKind.SUSPEND_BUSINESS: ("责令停产停业", 4),
    SanctionKind.CLOSE: ("责令关闭", 4),
    SanctionKind.RESTRICT_PRACTICE: ("限制从业", 4),
    SanctionKind.DETENTION: ("行政拘留", 5),
}

_LIGHT_KINDS = frozenset({SanctionKind.WARNING, SanctionKind.CIRCULATED_CRITICISM})


@dataclass(frozen=True)
class SimplifiedEligibility:
    """Whether 第五十三条 lets the case be heard in the simplified procedure, and on what ground."""

    allowed: bool
    grounds: tuple[str, ...] = ()
    reason: str = ""


def simplified_eligibility(
    *,
    facts_clear: bool,
    on_the_spot: bool = False,
    sanction_kind: SanctionKind | str | None = None,
    amount: Decimal | int | None = None,
    information_disclosure: bool = False,
    all_parties_agree: bool = False,
) -> SimplifiedEligibility:
    """第五十三条: 事实清楚、权利义务关系明确、争议不大, and one of items (1)–(4) — or all parties agree.

    ``amount`` is the sum the case concerns (罚款、没收 …); 3,000 yuan is allowed,
    3,001 is not unless all parties agree (第二款).
    """
    if not facts_clear:
        return SimplifiedEligibility(
            False,
            reason="适用简易程序须事实清楚、权利义务关系明确、争议不大（行政复议法 第五十三条第一款）",
        )
    grounds: list[str] = []
    if on_the_spot:
        grounds.append("被申请行政复议的行政行为是当场作出（第五十三条第一款第一项）")
    if sanction_kind is not None and SanctionKind(sanction_kind) in _LIGHT_KINDS:
        grounds.append("被申请行政复议的行政行为是警告或者通报批评（第五十三条第一款第二项）")
    if amount is not None and Decimal(amount) <= SIMPLIFIED_AMOUNT_LIMIT:
        grounds.append("案件涉及款额三千元以下（第五十三条第一款第三项）")
    if information_disclosure:
        grounds.append("属于政府信息公开案件（第五十三条第一款第四项）")
    if all_parties_agree:
        grounds.append("当事人各方同意适用简易程序（第五十三条第二款）")
    if grounds:
        return SimplifiedEligibility(True, tuple(grounds))
    why = "不属于第五十三条第一款所列情形"
    if amount is not None:
        why = f"案件涉及款额 {Decimal(amount):,} 元，超过三千元，且不属于第五十三条第一款其他情形"
    return SimplifiedEligibility(
        False, reason=f"{why}；当事人各方未同意适用简易程序（行政复议法 第五十三条）"
    )


# ---- 第六十三条第二款: no worse variation ------------------------------------------------------


@dataclass(frozen=True)
class Sanction:
    """One sanction of a decision: its kind, an amount in yuan and a duration in days where it has them."""

    kind: SanctionKind
    amount: Decimal = Decimal(0)
    days: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", SanctionKind(self.kind))
        object.__setattr__(self, "amount", Decimal(self.amount))
        if self.amount < 0 or self.days < 0:
            raise ValueError("amount and days cannot be negative")

    @property
    def label(self) -> str:
        text = self.kind.label
        if self.amount:
            text += f" {self.amount:,} 元"
        if self.days:
            text += f" {self.days} 日"
        return text


class WorseVariation(ValueError):
    """A variation less favourable to the applicant (行政复议法 第六十三条第二款)."""


def worse_variation_reason(original: Sequence[Sanction], varied: Sequence[Sanction]) -> str | None:
    """Why ``varied`` is less favourable to the applicant than ``original``, or None.

    A variation is worse when, for a kind in both, the amount or the duration
    grows; or when it adds a kind that is not replacing a heavier one (a kind
    whose 行政处罚法 第九条 item is strictly lower than that of a kind the
    variation removed). Replacing one kind by another of the same item is
    treated as worse: the statute allows no exception but a third party's
    contrary request, so the rule errs on the applicant's side.
    """
    before = {s.kind: s for s in original}
    after = {s.kind: s for s in varied}
    removed_ranks = [k.rank for k in before if k not in after]
    for kind, s in after.items():
        old = before.get(kind)
        if old is not None:
            if s.amount > old.amount:
                return f"{kind.label}由 {old.amount:,} 元加重为 {s.amount:,} 元"
            if s.days > old.days:
                return f"{kind.label}由 {old.days} 日加重为 {s.days} 日"
        elif not any(r > kind.rank for r in removed_ranks):
            return f"增加了原行政行为没有的{kind.label}"
    return None


def check_variation(
    *,
    original: Sequence[Sanction],
    varied: Sequence[Sanction],
    third_party_contrary_request: bool = False,
) -> None:
    """Raise ``WorseVariation`` when a 变更 decision is worse for the applicant (第六十三条第二款).

    The one exception: a third party asked for the contrary (第三人提出相反请求).
    """
    if third_party_contrary_request:
        return
    reason = worse_variation_reason(original, varied)
    if reason:
        raise WorseVariation(
            f"不得作出对申请人更为不利的变更决定：{reason}（行政复议法 第六十三条第二款，"
            "第三人提出相反请求的除外）"
        )


# ---- 第四十一条第五项: suspension limit -----------------------------------------------------


@dataclass(frozen=True)
class SuspensionLimit:
    """Where a suspension stands against 第四十一条第五项.

    ``applies``: the ground is (1), (2) or (4) of 第三十九条第一款. ``reached_on``:
    the day the suspension has run 60 days (the suspension day not counted).
    ``due``: it is still open on ``today`` and has reached 60 days — the body
    must decide to terminate.
    """

    applies: bool
    reached_on: date | None = None
    due: bool = False
    basis: str = "行政复议法 第四十一条第五项"


def suspension_limit(
    *,
    ground: SuspensionGround | str,
    suspended_on: date,
    resumed_on: date | None,
    today: date,
    calendar: WorkCalendar | None = None,
) -> SuspensionLimit:
    """The 60-day termination flag of one suspension (grounds 5–10 never trigger it)."""
    if SuspensionGround(ground) not in SUSPENSION_TERMINATION_GROUNDS:
        return SuspensionLimit(applies=False)
    reached = compute_deadline(
        "reconsideration.suspension_limit", suspended_on, calendar=calendar
    ).deadline
    assert reached is not None
    return SuspensionLimit(
        applies=True,
        reached_on=reached,
        due=resumed_on is None and today >= reached,
    )


# ---- 第三十条第三款: deemed acceptance --------------------------------------------------------


def deemed_acceptance_on(
    *, review_start: date, today: date, calendar: WorkCalendar | None = None
) -> date | None:
    """The day the application counts as accepted, once the review period has lapsed; else None.

    "审查期限届满，行政复议机关未作出不予受理决定的，审查期限届满之日起视为受理"
    (第三十条第三款): on the last day of the 5-working-day review the body may
    still decide; from the next day the application is accepted as of that last
    day. ``review_start`` is the receipt of the application, or of the
    correction materials when a correction was requested (第三十一条第三款).
    """
    deadline = compute_deadline("reconsideration.acceptance_review", review_start, calendar=calendar).deadline
    assert deadline is not None
    return deadline if today > deadline else None


# ---- every deadline of a case --------------------------------------------------------------


@dataclass(frozen=True)
class ReconsiderationDates:
    """The dates of a case that start, stop or meet its statutory periods (plain values)."""

    role: Role = Role.BODY
    procedure: Procedure = Procedure.ORDINARY
    known_on: date | None = None  # 知道或者应当知道该行政行为之日 (第二十条)
    applied_on: date | None = None  # the day the application counts as made: posted, handed over, submitted
    received_on: date | None = None
    penalty_organization_received_on: date | None = None  # 第三十二条
    correction_notice_sent_on: date | None = None
    correction_notice_received_on: date | None = None
    correction_extension_days: int = 0
    correction_received_on: date | None = None
    review_concluded_on: date | None = None  # accepted / not accepted / deemed
    accepted_on: date | None = None
    copy_sent_on: date | None = None
    copy_received_on: date | None = None
    reply_received_on: date | None = None
    hearing_on: date | None = None
    hearing_notice_on: date | None = None
    suspensions: tuple[Suspension, ...] = ()
    extension_days: int = 0
    concluded_on: date | None = None
    incidental_reviews: tuple[tuple[date, bool, date | None], ...] = field(default=())
    """(requested on, handled by this body?, handled/transferred on)."""


@dataclass(frozen=True)
class CaseDeadline:
    """One statutory period of a case: the engine's result and the day it was met (None: not yet)."""

    key: str
    result: DeadlineResult
    met_on: date | None = None

    @property
    def deadline(self) -> date | None:
        return self.result.deadline

    def state(self, today: date) -> str:
        """"met", "late" (met after the deadline), "overdue", "open" or "suspended"."""
        d = self.result.deadline
        if self.met_on is not None:
            if d is None:
                return "met"
            return "late" if self.met_on > d else "met"
        if d is None:
            return "suspended"
        return "overdue" if today > d else "open"


def reconsideration_deadlines(
    dates: ReconsiderationDates, *, calendar: WorkCalendar | None = None
) -> list[CaseDeadline]:
    """Every period that applies to the case so far, in procedural order.

    The decision period (第六十二条) runs from acceptance with the suspensions
    not counted (第三十九条; LEGAL.md decision 5) and the approved extension
    added from the end of the original 60 days. Simplified cases use 第五十四条's
    3 + 5 working days and 第六十二条第二款's 30 days.
    """
    out: list[CaseDeadline] = []

    def add(key: str, rule: str, start: date | None, met: date | None = None, **kw) -> None:
        if start is None:
            return
        out.append(CaseDeadline(key, compute_deadline(rule, start, calendar=calendar, **kw), met))

    d = dates
    simplified = d.procedure == Procedure.SIMPLIFIED
    if d.role == Role.BODY:
        # 第二十条: 60 days from knowing of the act; posted within the period is in time (民事诉讼法 第八十五条)
        add("application", "reconsideration.application", d.known_on, d.applied_on or d.received_on)
        add("forwarding", "reconsideration.forwarding", d.penalty_organization_received_on, d.received_on)
        if d.correction_notice_sent_on is not None or d.review_concluded_on is None:
            add("correction_notice", "reconsideration.correction_notice", d.received_on,
                d.correction_notice_sent_on)
        if d.correction_notice_received_on is not None:
            add("correction_submission", "reconsideration.correction_submission",
                d.correction_notice_received_on, d.correction_received_on,
                extension_days=d.correction_extension_days)
        # 第三十一条第三款: after a correction the review runs from the receipt of the materials
        if d.correction_notice_sent_on is None:
            add("acceptance_review", "reconsideration.acceptance_review", d.received_on,
                d.review_concluded_on)
        elif d.correction_received_on is not None:
            add("acceptance_review", "reconsideration.acceptance_review", d.correction_received_on,
                d.review_concluded_on)
        add(
            "copy_to_respondent",
            "reconsideration.copy_to_respondent_simplified" if simplified
            else "reconsideration.copy_to_respondent",
            d.accepted_on,
            d.copy_sent_on,
        )
    add(
        "respondent_reply",
        "reconsideration.respondent_reply_simplified" if simplified
        else "reconsideration.respondent_reply",
        d.copy_received_on,
        d.reply_received_on,
    )
    if d.hearing_on is not None:
        add("hearing_notice", "reconsideration.hearing_notice", d.hearing_on, d.hearing_notice_on)
    for requested, own, handled in d.incidental_reviews:
        add(
            "incidental_review",
            "reconsideration.incidental_review_handling" if own
            else "reconsideration.incidental_review_transfer",
            requested,
            handled,
        )
    if d.accepted_on is not None:
        add(
            "decision",
            "reconsideration.decision_simplified" if simplified else "reconsideration.decision",
            d.accepted_on,
            d.concluded_on,
            suspensions=d.suspensions,
            extension_days=0 if simplified else d.extension_days,
        )
    return out
