"""Penalty cases (行政处罚案件): the lifecycle as data and the rules that need no database.

* ``CaseStatus``, ``Action`` and ``TRANSITIONS``: the case lifecycle as an
  explicit table (STYLE R7). ``transition(status, action)`` returns the next
  status or raises ``TransitionRefused`` carrying the rule the move breaks;
  ``refusal_reason`` gives that rule for every pair the table does not hold.
* Legal gates: ``officers_error`` (第四十二条), ``summary_procedure_error``
  (第五十一条), ``hearing_right_applies`` (第六十三条), ``legal_review_reasons``
  (第五十八条), ``limitation_check`` (第三十六条), ``heavier_after_statement``
  (第四十五条第二款).
* ``late_payment_surcharge``: 第七十二条第一款第一项, 3 % of the fine a day,
  capped at the fine.
* Case numbers in the official pattern ``甬高新综执罚〔2024〕12号``
  (``format_case_number`` / ``parse_case_number``).
* Publicity masking of natural persons' data (``mask_address``, ``mask_text``).

Statute: 中华人民共和国行政处罚法（2021年修订）, cited as 行政处罚法. Pure Python:
no Django, no clock (``today`` is always a parameter).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from types import MappingProxyType

from fazhi.core.identifiers import mask_id_number, mask_name
from fazhi.core.legaltime import compute_deadline

__all__ = [
    "ACTION_LABELS",
    "OPEN_STATUSES",
    "STATUS_LABELS",
    "SUMMARY_LIMIT_NATURAL_PERSON",
    "SUMMARY_LIMIT_ORGANIZATION",
    "SURCHARGE_RATE",
    "TERMINAL_STATUSES",
    "TRANSITIONS",
    "Action",
    "CaseStatus",
    "HearingThresholds",
    "LimitationResult",
    "OfficerOnDay",
    "PartyKind",
    "PenaltyKind",
    "Surcharge",
    "TransitionRefused",
    "allowed_actions",
    "format_case_number",
    "hearing_right_applies",
    "heavier_after_statement",
    "late_payment_surcharge",
    "legal_review_reasons",
    "limitation_check",
    "mask_address",
    "mask_text",
    "officers_error",
    "parse_case_number",
    "refusal_reason",
    "summary_procedure_error",
    "transition",
]

LAW = "行政处罚法"


class CaseStatus(StrEnum):
    """Where a case stands. The Django side mirrors these values in ``CaseStatus`` choices."""

    LEAD = "lead"  # 线索（案源登记）
    NOT_FILED = "not_filed"  # 不予立案
    FILED = "filed"  # 已立案
    INVESTIGATING = "investigating"  # 调查取证
    NOTIFIED = "notified"  # 已告知（陈述、申辩）
    HEARING = "hearing"  # 听证
    LEGAL_REVIEW = "legal_review"  # 法制审核
    COLLECTIVE_DISCUSSION = "collective_discussion"  # 集体讨论
    DECIDED = "decided"  # 已作出决定
    SERVED = "served"  # 已送达
    EXECUTED = "executed"  # 执行完毕
    CLOSED = "closed"  # 已结案
    TRANSFERRED = "transferred"  # 已移送
    VOIDED = "voided"  # 已作废


STATUS_LABELS: Mapping[CaseStatus, str] = MappingProxyType(
    {
        CaseStatus.LEAD: "线索",
        CaseStatus.NOT_FILED: "不予立案",
        CaseStatus.FILED: "已立案",
        CaseStatus.INVESTIGATING: "调查取证",
        CaseStatus.NOTIFIED: "已告知",
        CaseStatus.HEARING: "听证",
        CaseStatus.LEGAL_REVIEW: "法制审核",
        CaseStatus.COLLECTIVE_DISCUSSION: "集体讨论",
        CaseStatus.DECIDED: "已决定",
        CaseStatus.SERVED: "已送达",
        CaseStatus.EXECUTED: "执行完毕",
        CaseStatus.CLOSED: "已结案",
        CaseStatus.TRANSFERRED: "已移送",
        CaseStatus.VOIDED: "已作废",
    }
)


class Action(StrEnum):
    """One move of the lifecycle; each has exactly one service on the Django side."""

    FILE = "file"  # 立案
    DECLINE = "decline"  # 不予立案
    DECIDE_SUMMARY = "decide_summary"  # 当场处罚（简易程序）
    INVESTIGATE = "investigate"  # 开始调查取证
    NOTIFY = "notify"  # 告知拟作出的行政处罚
    REQUEST_HEARING = "request_hearing"  # 当事人要求听证
    SUBMIT_LEGAL_REVIEW = "submit_legal_review"  # 提交法制审核
    DISCUSS = "discuss"  # 提交集体讨论
    REINVESTIGATE = "reinvestigate"  # 退回补充调查
    DECIDE = "decide"  # 作出决定
    SERVE = "serve"  # 送达决定书
    EXECUTE = "execute"  # 执行完毕（缴纳罚款等）
    CLOSE = "close"  # 结案
    TRANSFER = "transfer"  # 移送
    VOID = "void"  # 作废


ACTION_LABELS: Mapping[Action, str] = MappingProxyType(
    {
        Action.FILE: "立案",
        Action.DECLINE: "不予立案",
        Action.DECIDE_SUMMARY: "当场处罚（简易程序）",
        Action.INVESTIGATE: "开始调查取证",
        Action.NOTIFY: "告知拟处罚",
        Action.REQUEST_HEARING: "当事人要求听证",
        Action.SUBMIT_LEGAL_REVIEW: "提交法制审核",
        Action.DISCUSS: "提交集体讨论",
        Action.REINVESTIGATE: "退回补充调查",
        Action.DECIDE: "作出决定",
        Action.SERVE: "送达决定书",
        Action.EXECUTE: "执行完毕",
        Action.CLOSE: "结案",
        Action.TRANSFER: "移送",
        Action.VOID: "作废",
    }
)

S, A = CaseStatus, Action

TERMINAL_STATUSES = frozenset({S.NOT_FILED, S.CLOSED, S.TRANSFERRED, S.VOIDED})
OPEN_STATUSES = frozenset(set(S) - TERMINAL_STATUSES)
#: a decision exists from here on; it can no longer be voided, only revoked
_DECIDED_OR_LATER = frozenset({S.DECIDED, S.SERVED, S.EXECUTED})
#: stages between the notice and the decision
_AFTER_NOTICE = (S.NOTIFIED, S.HEARING, S.LEGAL_REVIEW, S.COLLECTIVE_DISCUSSION)


def _table() -> Mapping[tuple[CaseStatus, Action], CaseStatus]:
    t: dict[tuple[CaseStatus, Action], CaseStatus] = {
        # 第五十四条第二款: 符合立案标准的，行政机关应当及时立案.
        (S.LEAD, A.FILE): S.FILED,
        (S.LEAD, A.DECLINE): S.NOT_FILED,
        # 第五十一条、第五十二条: 当场作出并当场交付决定书 — decided and served at once.
        (S.LEAD, A.DECIDE_SUMMARY): S.SERVED,
        # 第五十四条第一款: 全面、客观、公正地调查，收集有关证据.
        (S.FILED, A.INVESTIGATE): S.INVESTIGATING,
        # 第四十四条: 作出决定之前告知拟作出的处罚内容及事实、理由、依据.
        (S.INVESTIGATING, A.NOTIFY): S.NOTIFIED,
        # 第五十七条第一款第二、三项: 不予行政处罚 needs no notice of an intended penalty;
        # a penalty decided from here is refused by the art. 62 gate.
        (S.INVESTIGATING, A.DECIDE): S.DECIDED,
        # 第六十三条、第六十四条第一款第一项: 告知后五日内要求听证.
        (S.NOTIFIED, A.REQUEST_HEARING): S.HEARING,
        # 第六十一条: 宣告后当场交付或者七日内送达.
        (S.DECIDED, A.SERVE): S.SERVED,
        # 第六十六条、第六十七条: 在决定书载明的期限内履行.
        (S.SERVED, A.EXECUTE): S.EXECUTED,
        # a decision with nothing to execute (不予处罚, 警告) closes once served.
        (S.SERVED, A.CLOSE): S.CLOSED,
        (S.EXECUTED, A.CLOSE): S.CLOSED,
    }
    for st in _AFTER_NOTICE:
        # 第五十八条: 法制审核 before the decision; 第五十七条第二款: 集体讨论决定.
        if st in (S.NOTIFIED, S.HEARING):
            t[(st, A.SUBMIT_LEGAL_REVIEW)] = S.LEGAL_REVIEW
        if st is not S.COLLECTIVE_DISCUSSION:
            t[(st, A.DISCUSS)] = S.COLLECTIVE_DISCUSSION
        t[(st, A.DECIDE)] = S.DECIDED
        # 第四十五条: 陈述、申辩成立的应当采纳 — the facts are investigated again and notified anew.
        t[(st, A.REINVESTIGATE)] = S.INVESTIGATING
    for st in OPEN_STATUSES:
        # 第二十七条 and 案件移送标准: a case can be transferred from any open state.
        t[(st, A.TRANSFER)] = S.TRANSFERRED
        if st not in _DECIDED_OR_LATER:
            t[(st, A.VOID)] = S.VOIDED
    order = {**{s: i for i, s in enumerate(S)}, **{a: i for i, a in enumerate(A)}}
    return MappingProxyType(dict(sorted(t.items(), key=lambda kv: (order[kv[0][0]], order[kv[0][1]]))))


TRANSITIONS: Mapping[tuple[CaseStatus, Action], CaseStatus] = _table()
"""(status, action) → next status. Every pair not listed is refused (``refusal_reason``)."""


class TransitionRefused(ValueError):
    """An action the table does not allow in the case's status; ``rule`` is the reason in Chinese."""

    def __init__(self, status: CaseStatus, action: Action, rule: str):
        self.status = status
        self.action = action
        self.rule = rule
        super().__init__(rule)


_TERMINAL_RULES: Mapping[CaseStatus, str] = MappingProxyType(
    {
        S.NOT_FILED: "该线索已决定不予立案，不能再办理；发现新的违法事实或证据的，应当作为新线索登记（行政处罚法第五十四条第二款）",
        S.CLOSED: "案件已结案归档，不能再变更（行政处罚法第四十七条：全过程记录归档保存）",
        S.TRANSFERRED: "案件已移送，由接收机关依法处理，本机关不能再办理（行政处罚法第二十七条）",
        S.VOIDED: "案件已作废，不能再办理",
    }
)

_ACTION_RULES: Mapping[Action, str] = MappingProxyType(
    {
        A.FILE: "只有尚未立案的线索可以立案（行政处罚法第五十四条第二款：符合立案标准的，应当及时立案）",
        A.DECLINE: "只有尚未立案的线索可以决定不予立案；已立案的案件应当依照行政处罚法第五十七条作出处理决定",
        A.DECIDE_SUMMARY: "当场处罚（简易程序）只能对尚未立案的线索作出（行政处罚法第五十一条）；已立案的案件适用普通程序",
        A.INVESTIGATE: "只有已立案的案件可以开始调查取证（行政处罚法第五十四条）",
        A.NOTIFY: "告知应当在调查取证之后、作出决定之前进行（行政处罚法第四十四条、第五十七条）；已告知的案件需要重新告知的，应先退回补充调查",
        A.REQUEST_HEARING: "当事人只能在告知后要求听证，且应当在告知后五日内提出（行政处罚法第六十四条第一款第一项）",
        A.SUBMIT_LEGAL_REVIEW: "法制审核应当在告知（及听证）之后、负责人作出决定之前进行（行政处罚法第五十八条）",
        A.DISCUSS: "集体讨论应当在调查终结并告知之后、作出决定之前进行（行政处罚法第五十七条第二款）",
        A.REINVESTIGATE: "只有告知、听证、法制审核或集体讨论阶段的案件可以退回补充调查（行政处罚法第四十五条）",
        A.DECIDE: "作出行政处罚决定之前应当调查取证并告知当事人（行政处罚法第五十四条、第六十二条）；已作出决定的不能再次决定",
        A.SERVE: "只有已作出、尚未送达的处罚决定可以送达（行政处罚法第六十一条）",
        A.EXECUTE: "处罚决定书送达后方可执行，执行完毕的不能再次执行（行政处罚法第六十一条、第六十六条）",
        A.CLOSE: "处罚决定送达并执行完毕后方可结案（行政处罚法第四十七条：对决定、送达、执行等进行全过程记录，归档保存）",
        A.TRANSFER: "只有未办结的案件可以移送（行政处罚法第二十七条）",
        A.VOID: "已作出处罚决定的案件不能作废；决定有错误的，应当依法撤销或者变更（行政处罚法第七十五条第二款），撤销后撤回公示",
    }
)


def refusal_reason(status: CaseStatus | str, action: Action | str) -> str | None:
    """The rule that forbids ``action`` in ``status``, or None when the table allows it."""
    status, action = CaseStatus(status), Action(action)
    if (status, action) in TRANSITIONS:
        return None
    if status in TERMINAL_STATUSES:
        return _TERMINAL_RULES[status]
    return _ACTION_RULES[action]


def transition(status: CaseStatus | str, action: Action | str) -> CaseStatus:
    """The status after ``action``; ``TransitionRefused`` (with the rule) when the table forbids it."""
    status, action = CaseStatus(status), Action(action)
    nxt = TRANSITIONS.get((status, action))
    if nxt is None:
        raise TransitionRefused(status, action, refusal_reason(status, action) or "")
    return nxt


def allowed_actions(status: CaseStatus | str) -> list[Action]:
    """The actions the table allows in ``status``, in ``Action`` order."""
    status = CaseStatus(status)
    return [a for a in Action if (status, a) in TRANSITIONS]


# ---- parties and penalties -----------------------------------------------------------


class PartyKind(StrEnum):
    """当事人类型. 个体工商户 is a natural person for 第五十一条 and for masking."""

    NATURAL_PERSON = "natural_person"  # 公民
    INDIVIDUAL_BUSINESS = "individual_business"  # 个体工商户
    LEGAL_PERSON = "legal_person"  # 法人
    OTHER_ORGANIZATION = "other_organization"  # 其他组织

    @property
    def is_natural_person(self) -> bool:
        return self in (PartyKind.NATURAL_PERSON, PartyKind.INDIVIDUAL_BUSINESS)


class PenaltyKind(StrEnum):
    """行政处罚的种类 (行政处罚法 第九条; 行政拘留 is for the police and not offered)."""

    WARNING = "warning"  # 警告
    CRITICISM = "criticism"  # 通报批评
    FINE = "fine"  # 罚款
    CONFISCATE_GAINS = "confiscate_gains"  # 没收违法所得
    CONFISCATE_PROPERTY = "confiscate_property"  # 没收非法财物
    SUSPEND_LICENSE = "suspend_license"  # 暂扣许可证件
    LOWER_QUALIFICATION = "lower_qualification"  # 降低资质等级
    REVOKE_LICENSE = "revoke_license"  # 吊销许可证件
    RESTRICT_BUSINESS = "restrict_business"  # 限制开展生产经营活动
    SUSPEND_BUSINESS = "suspend_business"  # 责令停产停业
    ORDER_CLOSURE = "order_closure"  # 责令关闭
    RESTRICT_PRACTICE = "restrict_practice"  # 限制从业


#: 第六十三条第一款第三、四项 and "其他较重的行政处罚": always carry the right to a hearing
_HEAVY_KINDS = frozenset(
    {
        PenaltyKind.LOWER_QUALIFICATION,
        PenaltyKind.REVOKE_LICENSE,
        PenaltyKind.RESTRICT_BUSINESS,
        PenaltyKind.SUSPEND_BUSINESS,
        PenaltyKind.ORDER_CLOSURE,
        PenaltyKind.RESTRICT_PRACTICE,
    }
)

# 第五十一条: 对公民处以二百元以下、对法人或者其他组织处以三千元以下罚款或者警告.
SUMMARY_LIMIT_NATURAL_PERSON = Decimal("200")
SUMMARY_LIMIT_ORGANIZATION = Decimal("3000")


def summary_procedure_error(
    party_kind: PartyKind | str, kinds: Iterable[PenaltyKind | str], fine: Decimal | None
) -> str | None:
    """Why the summary procedure (当场处罚) is not open to this penalty, or None (第五十一条)."""
    party_kind = PartyKind(party_kind)
    kinds = {PenaltyKind(k) for k in kinds}
    if not kinds:
        return "当场处罚应当载明处罚种类（行政处罚法第五十二条）"
    other = kinds - {PenaltyKind.WARNING, PenaltyKind.FINE}
    if other:
        return "简易程序只能作出警告或者罚款（行政处罚法第五十一条）"
    fine = fine or Decimal(0)
    if PenaltyKind.FINE in kinds and fine <= 0:
        return "罚款数额应当大于零"
    if PenaltyKind.FINE not in kinds and fine > 0:
        return "处罚种类未含罚款，不能填写罚款数额"
    limit = SUMMARY_LIMIT_NATURAL_PERSON if party_kind.is_natural_person else SUMMARY_LIMIT_ORGANIZATION
    if fine > limit:
        who = "公民" if party_kind.is_natural_person else "法人或者其他组织"
        return (
            f"当场处罚对{who}的罚款不得超过 {limit} 元，本案 {fine} 元应当适用普通程序"
            "（行政处罚法第五十一条）"
        )
    return None


@dataclass(frozen=True)
class HearingThresholds:
    """"较大数额" of 第六十三条第一款第一、二项. The law leaves the amounts to provinces and
    sectors; these defaults are configurable data, not verified law (LEGAL.md ❌)."""

    fine_natural_person: Decimal = Decimal("10000")
    fine_organization: Decimal = Decimal("100000")
    confiscation_natural_person: Decimal = Decimal("10000")
    confiscation_organization: Decimal = Decimal("100000")
    verified: bool = False


def hearing_right_applies(
    party_kind: PartyKind | str,
    kinds: Iterable[PenaltyKind | str],
    fine: Decimal | None,
    confiscation: Decimal | None = None,
    *,
    thresholds: HearingThresholds = HearingThresholds(),  # noqa: B008 (frozen dataclass)
) -> list[str]:
    """The items of 第六十三条第一款 that give the party a right to a hearing (empty: none)."""
    party_kind = PartyKind(party_kind)
    kinds = {PenaltyKind(k) for k in kinds}
    natural = party_kind.is_natural_person
    reasons = []
    fine_limit = thresholds.fine_natural_person if natural else thresholds.fine_organization
    if PenaltyKind.FINE in kinds and (fine or 0) >= fine_limit:
        reasons.append(f"较大数额罚款（{fine} 元，不低于 {fine_limit} 元；行政处罚法第六十三条第一款第一项）")
    conf_limit = thresholds.confiscation_natural_person if natural else thresholds.confiscation_organization
    if kinds & {PenaltyKind.CONFISCATE_GAINS, PenaltyKind.CONFISCATE_PROPERTY} and (confiscation or 0) >= conf_limit:
        reasons.append("没收较大数额违法所得或较大价值非法财物（行政处罚法第六十三条第一款第二项）")
    if kinds & {PenaltyKind.LOWER_QUALIFICATION, PenaltyKind.REVOKE_LICENSE}:
        reasons.append("降低资质等级、吊销许可证件（行政处罚法第六十三条第一款第三项）")
    if kinds & {PenaltyKind.SUSPEND_BUSINESS, PenaltyKind.ORDER_CLOSURE, PenaltyKind.RESTRICT_PRACTICE}:
        reasons.append("责令停产停业、责令关闭、限制从业（行政处罚法第六十三条第一款第四项）")
    if PenaltyKind.RESTRICT_BUSINESS in kinds:
        reasons.append("其他较重的行政处罚（行政处罚法第六十三条第一款第五项）")
    return reasons


def legal_review_reasons(
    *,
    major_public_interest: bool = False,
    major_rights: bool = False,
    hearing_held: bool = False,
    complex_case: bool = False,
    other_basis: str = "",
) -> list[str]:
    """The items of 第五十八条第一款 that make 法制审核 mandatory (empty: not required)."""
    reasons = []
    if major_public_interest:
        reasons.append("涉及重大公共利益（行政处罚法第五十八条第一款第一项）")
    if major_rights and hearing_held:
        reasons.append("直接关系当事人或者第三人重大权益，经过听证程序（行政处罚法第五十八条第一款第二项）")
    if complex_case:
        reasons.append("案件情况疑难复杂、涉及多个法律关系（行政处罚法第五十八条第一款第三项）")
    if other_basis.strip():
        reasons.append(f"{other_basis.strip()}（行政处罚法第五十八条第一款第四项）")
    return reasons


@dataclass(frozen=True)
class OfficerOnDay:
    """An officer as the art. 42 gate sees them on one day: a certificate number, or None."""

    name: str
    certificate: str | None


def officers_error(officers: Sequence[OfficerOnDay], *, day: date, what: str = "该执法环节") -> str | None:
    """At least two officers, each with a certificate valid on ``day`` (第四十二条); else the reason."""
    missing = [o.name for o in officers if not o.certificate]
    if missing:
        return (
            f"{'、'.join(missing)} 在 {day.isoformat()} 没有本机关有效的执法证，不得实施{what}"
            "（行政处罚法第四十二条：应当由具有行政执法资格的执法人员实施）"
        )
    distinct = {o.certificate for o in officers}
    if len(distinct) < 2:
        return f"{what}的执法人员不得少于两人（行政处罚法第四十二条），本次只有 {len(distinct)} 人"
    return None


def heavier_after_statement(proposed: Decimal | None, decided: Decimal | None) -> str | None:
    """第四十五条第二款: the decision may not be heavier than the notified penalty because the party spoke."""
    if proposed is not None and decided is not None and decided > proposed:
        return (
            f"决定罚款 {decided} 元高于告知的 {proposed} 元：不得因当事人陈述、申辩而给予更重的处罚"
            "（行政处罚法第四十五条第二款）；确需加重的，应当退回补充调查并重新告知"
        )
    return None


@dataclass(frozen=True)
class LimitationResult:
    """The art. 36 check at filing: ``expired`` when the act was discovered after the window closed."""

    expired: bool
    last_day: date
    basis: str
    derivation: str
    years: int

    @property
    def message(self) -> str:
        return (
            f"违法行为自 {self.derivation}，至 {self.last_day.isoformat()} 届满；"
            f"{'超过' if self.expired else '未超过'} {self.years} 年追责时效（{self.basis}）"
        )


def limitation_check(
    *, act_ended_on: date, discovered_on: date, life_health_or_financial_harm: bool = False
) -> LimitationResult:
    """第三十六条: not punishable when not discovered within 2 years (5 with harm to life, health or
    financial security) of the day the act ended. The window is not rolled (LEGAL.md V20)."""
    rule = "penalty.limitation_5y" if life_health_or_financial_harm else "penalty.limitation_2y"
    r = compute_deadline(rule, act_ended_on)
    assert r.deadline is not None
    return LimitationResult(
        expired=discovered_on > r.deadline,
        last_day=r.deadline,
        basis=r.basis,
        derivation=f"{act_ended_on.isoformat()} 起算",
        years=5 if life_health_or_financial_harm else 2,
    )


# ---- art. 72 ------------------------------------------------------------------------

SURCHARGE_RATE = Decimal("0.03")
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Surcharge:
    """加处罚款 as of a day: ``days`` overdue, ``amount`` (capped), and whether the cap applied."""

    days: int
    amount: Decimal
    capped: bool

    @property
    def derivation(self) -> str:
        if self.days <= 0:
            return "未逾期，不加处罚款"
        cap = "，已达罚款数额上限" if self.capped else ""
        return f"逾期 {self.days} 日 × 罚款数额的 3%{cap}（行政处罚法第七十二条第一款第一项）"


def late_payment_surcharge(fine: Decimal, due: date, as_of: date) -> Surcharge:
    """第七十二条第一款第一项: 到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，加处罚款的数额不得超出罚款的数额.

    ``due`` is the last day to pay (after any approved deferral); the first
    surcharge day is the day after it. Amounts are rounded to the fen.
    """
    if fine < 0:
        raise ValueError("fine must not be negative")
    days = max((as_of - due).days, 0)
    raw = (fine * SURCHARGE_RATE * days).quantize(_CENT, rounding=ROUND_HALF_UP)
    capped = raw > fine
    return Surcharge(days=days, amount=fine.quantize(_CENT) if capped else raw, capped=capped)


# ---- case numbers ---------------------------------------------------------------------

_NUMBER = re.compile(r"^(?P<prefix>[^〔〕\s]+)〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号$")


def format_case_number(prefix: str, year: int, serial: int) -> str:
    """``甬高新综执罚〔2024〕12号``: prefix, year in 六角括号, serial without leading zeros."""
    prefix = prefix.strip()
    if not prefix or any(ch in prefix for ch in "〔〕 "):
        raise ValueError(f"invalid case number prefix {prefix!r}")
    if not 1900 <= year <= 9999 or serial < 1:
        raise ValueError(f"invalid year {year} or serial {serial}")
    return f"{prefix}〔{year}〕{serial}号"


def parse_case_number(number: str) -> tuple[str, int, int]:
    """(prefix, year, serial) of a number made by ``format_case_number``; ValueError otherwise."""
    m = _NUMBER.match(number.strip())
    if not m:
        raise ValueError(f"not a case number in the form 前缀〔年份〕序号号: {number!r}")
    return m["prefix"], int(m["year"]), int(m["serial"])


# ---- publicity ------------------------------------------------------------------------

# Administrative levels an address may show; whatever follows the last of them is hidden.
_ADDRESS_LEVELS = re.compile(r"^(.+?(?:省|自治区|市|自治州|地区|盟|区|县|旗|街道|镇|乡))")


def mask_address(address: str) -> str:
    """Keep the administrative divisions of an address and hide the street and number.

    浙江省宁波市高新区聚贤街道江南路1号 → 浙江省宁波市高新区聚贤街道****. An address
    with no recognisable division is hidden completely.
    """
    address = address.strip()
    if not address:
        return ""
    keep = ""
    rest = address
    while True:
        m = _ADDRESS_LEVELS.match(rest)
        if not m or not m.group(1):
            break
        keep += m.group(1)
        rest = rest[len(m.group(1)) :]
    return f"{keep}****" if rest or not keep else keep


def mask_text(text: str, secrets: Mapping[str, str]) -> str:
    """Replace each secret (a name, an ID number, an address) in ``text`` by its masked form.

    Longer secrets are replaced first so that a name inside an address is not
    masked twice.
    """
    for secret in sorted((s for s in secrets if s.strip()), key=len, reverse=True):
        text = text.replace(secret, secrets[secret])
    return text


def party_secrets(party_kind: PartyKind | str, name: str, id_number: str, address: str) -> dict[str, str]:
    """What publicity masks for a party: a natural person's name, ID number and address.

    A 个体工商户's trade name is a registered, public name and stays; its ID
    number and address are masked like a person's (the operator's name, as
    representative, is masked by the caller).
    """
    kind = PartyKind(party_kind)
    if not kind.is_natural_person:
        return {}
    out = {}
    if name.strip() and kind is PartyKind.NATURAL_PERSON:
        out[name.strip()] = mask_name(name)
    if id_number.strip():
        out[id_number.strip()] = mask_id_number(id_number)
    if address.strip():
        out[address.strip()] = mask_address(address)
    return out


__all__ += ["party_secrets"]
