"""The declarative table of statutory periods (法定期限), one ``Rule`` per period.

A rule says *what* the law prescribes — length, unit, the event that starts the
clock, whether the clock can stop (中止) or be extended (延长) — and where the
law says it (``law`` + ``article``, quoted in ``source``). How days are counted
lives in ``compute.py``; the apps never count days themselves.

Two kinds of rule:

* ``RULES``: periods checked against the full statute texts in
  ``shared/law`` (LEGAL.md ✅). ``verified`` is True and ``source`` quotes the
  statute.
* configurable rules: periods LEGAL.md marks unverified (❌) — the 20-working-day
  publication of random-inspection results, the 陈述申辩 period set by sector
  rules, the sectoral extension of the 90-day penalty period. They are data, not
  code: ``data/unverified_rules.json`` ships them with ``verified: false`` and an
  empty ``source`` until someone checks the text; load them with
  ``load_rules()`` and combine with ``rules_with()``. The ``config`` app does the
  same with rules it stores as rows.

Counting conventions (LEGAL.md §0 and "Decisions fazhi takes"):

* ``"N日"`` periods that a statute declares working days — 行政复议法 第八十八条
  第二款 (三日、五日、七日、十日) and 行政处罚法 第八十五条 (二日、三日、五日、七日) —
  have ``unit = working_day``; every other day period counts calendar days.
* ``roll_forward``: a calendar-day, month or year period whose last day is a
  rest day ends on the next working day (民法典 第二百零三条; 民事诉讼法 第八十五条;
  行诉法解释 第四十八条). It is moot for working-day periods, which always end on
  a working day. The limitation windows of 行政处罚法 第三十六条 are discovery
  windows, not filing deadlines, and are not rolled (LEGAL.md V20).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, asdict, dataclass, field, fields
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from types import MappingProxyType

from fazhi.core.legaltime.text import article_ordinal

__all__ = [
    "RULES",
    "UNVERIFIED_RULES_FILE",
    "Direction",
    "Rule",
    "StartEvent",
    "Unit",
    "UnknownRule",
    "get_rule",
    "load_rules",
    "rules_with",
]

UNVERIFIED_RULES_FILE = Path(__file__).with_name("data") / "unverified_rules.json"

_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


class Unit(StrEnum):
    """How a period is counted."""

    CALENDAR_DAY = "calendar_day"  # 日（自然日）
    WORKING_DAY = "working_day"  # 工作日
    MONTH = "month"  # 月，到期月的对应日（民法典 第二百零二条）
    YEAR = "year"  # 年，同上

    @property
    def label(self) -> str:
        return _UNIT_LABELS[self]


_UNIT_LABELS = {
    Unit.CALENDAR_DAY: "日",
    Unit.WORKING_DAY: "个工作日",
    Unit.MONTH: "个月",
    Unit.YEAR: "年",
}


class Direction(StrEnum):
    """Forward: "自…之日起N日内". Backward: "…的N日前" (行政处罚法 第六十四条第一款第二项)."""

    FORWARD = "forward"
    BACKWARD = "backward"


class UnknownRule(ValueError):
    """A rule id that the rule table does not hold."""

    def __init__(self, rule_id: str, known: Iterable[str] = ()):
        self.rule_id = rule_id
        close = sorted(k for k in known if k.split(".")[0] == rule_id.split(".")[0])
        hint = f"; rules of '{rule_id.split('.')[0]}': {', '.join(close)}" if close else ""
        super().__init__(f"unknown rule id '{rule_id}'{hint}")


@dataclass(frozen=True)
class StartEvent:
    """The event whose day starts the clock (that day itself is not counted, 民法典 第二百零一条)."""

    id: str  # short English id, e.g. "acceptance"
    label: str  # what a clerk reads, e.g. "受理之日"


@dataclass(frozen=True)
class Rule:
    """One statutory period.

    ``article`` is the article number (rendered ``第三十条`` in ``basis``), or
    None when the source is not an article of a law (a policy document).
    ``max_extension`` is in the rule's own unit; it is only meaningful when
    ``extendable`` is True, and None then means the law sets no cap (the
    approving authority decides). A verified rule must quote its ``source``;
    an unverified rule keeps ``source`` empty until someone checks the text.
    """

    id: str
    title: str
    law: str
    article: int | None
    length: int
    unit: Unit
    start_event: StartEvent
    suspendable: bool = False
    extendable: bool = False
    max_extension: int | None = None
    roll_forward: bool = True
    direction: Direction = Direction.FORWARD
    verified: bool = True
    source: str = ""
    note: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", Unit(self.unit))
        object.__setattr__(self, "direction", Direction(self.direction))
        problem = self._problem()
        if problem:
            raise ValueError(f"rule '{self.id}': {problem}")

    def _problem(self) -> str | None:
        if not _RULE_ID.match(self.id):
            return "id must look like 'area.name' (lowercase letters, digits, underscores)"
        if not self.title or not self.law:
            return "title and law are required"
        if self.article is not None and not 1 <= self.article <= 9999:
            return f"article {self.article} out of range"
        if self.length < 1:
            return "length must be at least 1"
        if self.max_extension is not None and (not self.extendable or self.max_extension < 1):
            return "max_extension needs extendable=True and a positive value"
        if self.direction is Direction.BACKWARD and (self.suspendable or self.extendable):
            return "a backward period (…日前) cannot be suspended or extended"
        if self.verified and not self.source.strip():
            return "a verified rule must quote its source"
        return None

    @cached_property  # perf: computed once per rule, not once per deadline
    def basis(self) -> str:
        """``行政复议法 第三十条``; the law alone when there is no article number."""
        if self.article is None:
            return self.law
        return f"{self.law} {article_ordinal(self.article)}"

    @cached_property
    def period_label(self) -> str:
        """``5 个工作日``, ``60 日``, ``6 个月``."""
        return f"{self.length} {self.unit.label}"

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict; ``Rule.from_json`` reads it back."""
        data = asdict(self)
        data["unit"] = str(self.unit)
        data["direction"] = str(self.direction)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, object], base: Mapping[str, Rule] | None = None) -> Rule:
        """Build a rule from a JSON object.

        With ``"base": "penalty.decision"`` the object only lists the fields
        that differ from that rule in ``base`` (default: ``RULES``). Unknown keys
        are an error, so a typo never passes silently.
        """
        if not isinstance(data, Mapping):
            raise ValueError("a rule must be a JSON object")
        data = dict(data)
        where = data.get("id", "?")
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - names - {"base"})
        if unknown:
            raise ValueError(f"rule '{where}': unknown field(s) {', '.join(unknown)}")
        base_id = data.pop("base", None)
        values: dict[str, object] = {}
        if base_id is not None:
            table = RULES if base is None else base
            values = {f.name: getattr(get_rule(str(base_id), table), f.name) for f in fields(cls)}
        values.update(data)
        event = values.get("start_event")
        if isinstance(event, Mapping):
            values["start_event"] = StartEvent(
                str(event.get("id", "")), str(event.get("label", ""))
            )
        missing = sorted(
            f.name
            for f in fields(cls)
            if f.name not in values and f.default is MISSING and f.default_factory is MISSING
        )
        if missing:
            raise ValueError(f"rule '{where}': missing field(s) {', '.join(missing)}")
        try:
            return cls(**values)  # type: ignore[arg-type]
        except TypeError as e:
            raise ValueError(f"rule '{where}': {e}") from None


def _rules(*rules: Rule) -> Mapping[str, Rule]:
    table: dict[str, Rule] = {}
    for r in rules:
        if r.id in table:
            raise ValueError(f"duplicate rule id {r.id}")
        table[r.id] = r
    return MappingProxyType(table)


FUYI = "行政复议法"  # 中华人民共和国行政复议法（2023年修订，2024-01-01施行）
CHUFA = "行政处罚法"  # 中华人民共和国行政处罚法（2021年修订，2021-07-15施行）
SUSONG = "行政诉讼法"  # 中华人民共和国行政诉讼法（2017年修正）

_ACCEPTANCE = StartEvent("acceptance", "受理之日")
_APPLICATION_RECEIVED = StartEvent("application_received", "收到行政复议申请之日")
_COPY_RECEIVED = StartEvent("copy_received", "收到申请书副本或者申请笔录复印件之日")
_VIOLATION = StartEvent("violation", "违法行为发生之日（连续或者继续状态的，行为终了之日）")
_HEARING = StartEvent("hearing", "举行听证之日")
_REVIEW_REQUESTED = StartEvent("review_requested", "提出附带审查申请之日")

RULES: Mapping[str, Rule] = _rules(
    # ---- 行政复议法（2023）. 第八十八条第二款: "三日""五日""七日""十日" 指工作日 ----------
    Rule(
        id="reconsideration.application",
        title="申请行政复议",
        law=FUYI,
        article=20,
        length=60,
        unit=Unit.CALENDAR_DAY,
        start_event=StartEvent("knowledge", "知道或者应当知道该行政行为之日"),
        # 第二十条第二款: 耽误的, 自障碍消除之日起继续计算 — the clock stops and resumes.
        suspendable=True,
        source="可以自知道或者应当知道该行政行为之日起六十日内提出行政复议申请；"
        "……因不可抗力或者其他正当理由耽误法定申请期限的，申请期限自障碍消除之日起继续计算。",
        note="未告知复议权利的，自知道行政行为内容之日起最长不得超过一年（第二十条第三款）。",
    ),
    Rule(
        id="reconsideration.acceptance_review",
        title="受理审查",
        law=FUYI,
        article=30,
        length=5,
        unit=Unit.WORKING_DAY,
        start_event=_APPLICATION_RECEIVED,
        source="行政复议机关收到行政复议申请后，应当在五日内进行审查。",
        note="审查期限届满未作出不予受理决定的，审查期限届满之日起视为受理（第三十条第三款）。",
    ),
    Rule(
        id="reconsideration.correction_notice",
        title="书面通知补正",
        law=FUYI,
        article=31,
        length=5,
        unit=Unit.WORKING_DAY,
        start_event=_APPLICATION_RECEIVED,
        source="行政复议机关应当自收到申请之日起五日内书面通知申请人补正。",
    ),
    Rule(
        id="reconsideration.correction_submission",
        title="提交补正材料",
        law=FUYI,
        article=31,
        length=10,
        unit=Unit.WORKING_DAY,
        start_event=StartEvent("correction_notice_received", "收到补正通知之日"),
        # 第三十一条第二款: 可以延长合理的补正期限 — no statutory cap.
        extendable=True,
        source="申请人应当自收到补正通知之日起十日内提交补正材料。"
        "有正当理由不能按期补正的，行政复议机关可以延长合理的补正期限。",
    ),
    Rule(
        id="reconsideration.forwarding",
        title="处罚机关转送复议申请",
        law=FUYI,
        article=32,
        length=5,
        unit=Unit.WORKING_DAY,
        start_event=_APPLICATION_RECEIVED,
        source="认为需要维持行政处罚决定的，应当自收到行政复议申请之日起五日内转送行政复议机关。",
    ),
    Rule(
        id="reconsideration.suspension_limit",
        title="中止满六十日（第三十九条第一款第一、二、四项）",
        law=FUYI,
        article=41,
        length=60,
        unit=Unit.CALENDAR_DAY,
        start_event=StartEvent("suspension", "中止之日"),
        # 第四十一条第五项: a duration that has run, not a day to act on: never rolled
        roll_forward=False,
        source="依照本法第三十九条第一款第一项、第二项、第四项的规定中止行政复议满六十日，"
        "行政复议中止的原因仍未消除。",
    ),
    Rule(
        id="reconsideration.copy_to_respondent",
        title="发送申请书副本（普通程序）",
        law=FUYI,
        article=48,
        length=7,
        unit=Unit.WORKING_DAY,
        start_event=_ACCEPTANCE,
        source="行政复议机构应当自行政复议申请受理之日起七日内，"
        "将行政复议申请书副本或者行政复议申请笔录复印件发送被申请人。",
    ),
    Rule(
        id="reconsideration.respondent_reply",
        title="被申请人答复（普通程序）",
        law=FUYI,
        article=48,
        length=10,
        unit=Unit.WORKING_DAY,
        start_event=_COPY_RECEIVED,
        source="被申请人应当自收到行政复议申请书副本或者行政复议申请笔录复印件之日起十日内，"
        "提出书面答复，并提交作出行政行为的证据、依据和其他有关材料。",
    ),
    Rule(
        id="reconsideration.hearing_notice",
        title="书面通知听证时间、地点",
        law=FUYI,
        article=51,
        length=5,  # 第八十八条第二款: "五日" 指工作日
        unit=Unit.WORKING_DAY,
        start_event=_HEARING,
        direction=Direction.BACKWARD,
        source="行政复议机构组织听证的，应当于举行听证的五日前将听证的时间、地点和拟听证事项"
        "书面通知当事人。",
    ),
    Rule(
        id="reconsideration.copy_to_respondent_simplified",
        title="发送申请书副本（简易程序）",
        law=FUYI,
        article=54,
        length=3,
        unit=Unit.WORKING_DAY,
        start_event=_ACCEPTANCE,
        source="适用简易程序审理的行政复议案件，行政复议机构应当自受理行政复议申请之日起三日内，"
        "将行政复议申请书副本或者行政复议申请笔录复印件发送被申请人。",
    ),
    Rule(
        id="reconsideration.respondent_reply_simplified",
        title="被申请人答复（简易程序）",
        law=FUYI,
        article=54,
        length=5,
        unit=Unit.WORKING_DAY,
        start_event=_COPY_RECEIVED,
        source="被申请人应当自收到行政复议申请书副本或者行政复议申请笔录复印件之日起五日内，"
        "提出书面答复。",
    ),
    Rule(
        id="reconsideration.incidental_review_handling",
        title="附带审查：有权处理的依法处理",
        law=FUYI,
        article=56,
        length=30,
        unit=Unit.CALENDAR_DAY,
        start_event=_REVIEW_REQUESTED,
        source="行政复议机关有权处理的，应当在三十日内依法处理。",
    ),
    Rule(
        id="reconsideration.incidental_review_transfer",
        title="附带审查：无权处理的转送",
        law=FUYI,
        article=56,
        length=7,  # 第八十八条第二款: "七日" 指工作日
        unit=Unit.WORKING_DAY,
        start_event=_REVIEW_REQUESTED,
        source="无权处理的，应当在七日内转送有权处理的行政机关依法处理。",
    ),
    Rule(
        id="reconsideration.norm_review_notice",
        title="通知规范性文件制定机关答复",
        law=FUYI,
        article=58,
        length=3,
        unit=Unit.WORKING_DAY,
        start_event=StartEvent("suspension", "行政复议中止之日"),
        source="行政复议机构应当自行政复议中止之日起三日内，书面通知规范性文件或者依据的制定机关"
        "就相关条款的合法性提出书面答复。",
    ),
    Rule(
        id="reconsideration.norm_review_reply",
        title="制定机关提交书面答复",
        law=FUYI,
        article=58,
        length=10,
        unit=Unit.WORKING_DAY,
        start_event=StartEvent("notice_received", "收到书面通知之日"),
        source="制定机关应当自收到书面通知之日起十日内提交书面答复及相关材料。",
    ),
    Rule(
        id="reconsideration.incidental_review_reply",
        title="附带审查：接受转送的机关回复",
        law=FUYI,
        article=60,
        length=60,
        unit=Unit.CALENDAR_DAY,
        start_event=StartEvent("transfer_received", "收到转送之日"),
        source="接受转送的行政机关、国家机关应当自收到转送之日起六十日内，"
        "将处理意见回复转送的行政复议机关。",
    ),
    Rule(
        id="reconsideration.decision",
        title="作出行政复议决定（普通程序）",
        law=FUYI,
        article=62,
        length=60,
        unit=Unit.CALENDAR_DAY,
        start_event=_ACCEPTANCE,
        # 第三十九条: 中止; 第六十二条第一款: 经行政复议机构的负责人批准可以延长, 最多不超过三十日.
        suspendable=True,
        extendable=True,
        max_extension=30,
        source="行政复议机关应当自受理申请之日起六十日内作出行政复议决定；……情况复杂，"
        "不能在规定期限内作出行政复议决定的，经行政复议机构的负责人批准，可以适当延长，"
        "并书面告知当事人；但是延长期限最多不得超过三十日。",
    ),
    Rule(
        id="reconsideration.decision_simplified",
        title="作出行政复议决定（简易程序）",
        law=FUYI,
        article=62,
        length=30,
        unit=Unit.CALENDAR_DAY,
        start_event=_ACCEPTANCE,
        suspendable=True,  # 第三十九条 applies to every procedure
        source="适用简易程序审理的行政复议案件，行政复议机关应当自受理申请之日起三十日内"
        "作出行政复议决定。",
    ),
    Rule(
        id="reconsideration.opinion_feedback",
        title="报送意见书纠正情况",
        law=FUYI,
        article=76,
        length=60,
        unit=Unit.CALENDAR_DAY,
        start_event=StartEvent("opinion_received", "收到行政复议意见书之日"),
        source="有关机关应当自收到行政复议意见书之日起六十日内，"
        "将纠正相关违法或者不当行政行为的情况报送行政复议机关。",
    ),
    # ---- 行政处罚法（2021）. 第八十五条: "二日""三日""五日""七日" 指工作日 ----------------
    Rule(
        id="penalty.limitation_2y",
        title="追责时效（二年）",
        law=CHUFA,
        article=36,
        length=2,
        unit=Unit.YEAR,
        start_event=_VIOLATION,
        roll_forward=False,  # a discovery window, not a filing deadline (LEGAL.md V20)
        source="违法行为在二年内未被发现的，不再给予行政处罚。……前款规定的期限，"
        "从违法行为发生之日起计算；违法行为有连续或者继续状态的，从行为终了之日起计算。",
    ),
    Rule(
        id="penalty.limitation_5y",
        title="追责时效（五年：生命健康安全、金融安全且有危害后果）",
        law=CHUFA,
        article=36,
        length=5,
        unit=Unit.YEAR,
        start_event=_VIOLATION,
        roll_forward=False,
        source="涉及公民生命健康安全、金融安全且有危害后果的，上述期限延长至五年。",
    ),
    Rule(
        id="penalty.registered_preservation",
        title="先行登记保存后作出处理决定",
        law=CHUFA,
        article=56,
        length=7,
        unit=Unit.WORKING_DAY,
        start_event=StartEvent("preservation", "先行登记保存之日"),
        source="经行政机关负责人批准，可以先行登记保存，并应当在七日内及时作出处理决定。",
    ),
    Rule(
        id="penalty.decision",
        title="作出行政处罚决定（办案期限）",
        law=CHUFA,
        article=60,
        length=90,
        unit=Unit.CALENDAR_DAY,
        start_event=StartEvent("filing", "立案之日"),
        # Suspension and extension come from sectoral rules ("另有规定的，从其规定"), which
        # LEGAL.md has not verified: they are configurable data (data/unverified_rules.json).
        source="行政机关应当自行政处罚案件立案之日起九十日内作出行政处罚决定。"
        "法律、法规、规章另有规定的，从其规定。",
        note="LEGAL.md §0 第4项：以未顺延日预警，以顺延后之日为硬期限。",
    ),
    Rule(
        id="penalty.service",
        title="送达行政处罚决定书（当事人不在场）",
        law=CHUFA,
        article=61,
        length=7,
        unit=Unit.WORKING_DAY,
        start_event=StartEvent("announcement", "宣告之日"),
        source="当事人不在场的，行政机关应当在七日内依照《中华人民共和国民事诉讼法》的有关规定，"
        "将行政处罚决定书送达当事人。",
    ),
    Rule(
        id="penalty.hearing_request",
        title="要求听证",
        law=CHUFA,
        article=64,
        length=5,
        unit=Unit.WORKING_DAY,
        start_event=StartEvent("notice_of_intent", "告知之日"),
        source="当事人要求听证的，应当在行政机关告知后五日内提出。",
    ),
    Rule(
        id="penalty.hearing_notice",
        title="通知听证时间、地点",
        law=CHUFA,
        article=64,
        length=7,
        unit=Unit.WORKING_DAY,
        start_event=_HEARING,
        direction=Direction.BACKWARD,
        source="行政机关应当在举行听证的七日前，通知当事人及有关人员听证的时间、地点。",
        note="“七日前”按听证日前倒数七个工作日、听证当日不计（LEGAL.md V9，解释待司法局确认）。",
    ),
    Rule(
        id="penalty.payment",
        title="缴纳罚款",
        law=CHUFA,
        article=67,
        length=15,
        unit=Unit.CALENDAR_DAY,
        start_event=StartEvent("decision_received", "收到行政处罚决定书之日"),
        # 第六十六条第二款: 经申请和批准可以暂缓或者分期缴纳 — no statutory cap.
        extendable=True,
        source="当事人应当自收到行政处罚决定书之日起十五日内，"
        "到指定的银行或者通过电子支付系统缴纳罚款。",
    ),
    Rule(
        id="penalty.cash_handover",
        title="当场收缴罚款交至行政机关",
        law=CHUFA,
        article=71,
        length=2,
        unit=Unit.WORKING_DAY,
        start_event=StartEvent("cash_collected", "当场收缴罚款之日（水上收缴的，抵岸之日）"),
        source="执法人员当场收缴的罚款，应当自收缴罚款之日起二日内，交至行政机关；"
        "在水上当场收缴的罚款，应当自抵岸之日起二日内交至行政机关。",
    ),
    # ---- 行政诉讼法（2017）. 期间: 行诉法解释（2018）第四十八条 -------------------------------
    Rule(
        id="litigation.filing_after_reconsideration",
        title="复议后起诉",
        law=SUSONG,
        article=45,
        length=15,
        unit=Unit.CALENDAR_DAY,
        start_event=StartEvent(
            "reconsideration_decision_received",
            "收到复议决定书之日（复议机关逾期不作决定的，复议期满之日）",
        ),
        # 第四十八条: 被耽误的时间不计算在起诉期限内; 其他特殊情况可申请延长, 由法院决定.
        suspendable=True,
        extendable=True,
        source="公民、法人或者其他组织不服复议决定的，可以在收到复议决定书之日起十五日内"
        "向人民法院提起诉讼。复议机关逾期不作决定的，申请人可以在复议期满之日起十五日内"
        "向人民法院提起诉讼。",
    ),
    Rule(
        id="litigation.filing_direct",
        title="直接起诉",
        law=SUSONG,
        article=46,
        length=6,
        unit=Unit.MONTH,
        start_event=StartEvent("knowledge", "知道或者应当知道作出行政行为之日"),
        suspendable=True,
        extendable=True,
        source="公民、法人或者其他组织直接向人民法院提起诉讼的，"
        "应当自知道或者应当知道作出行政行为之日起六个月内提出。",
        note="不动产超过二十年、其他超过五年的不予受理（第四十六条第二款）。",
    ),
    Rule(
        id="litigation.answer",
        title="被告提交证据并答辩",
        law=SUSONG,
        article=67,
        length=15,
        unit=Unit.CALENDAR_DAY,
        start_event=StartEvent("complaint_copy_received", "收到起诉状副本之日"),
        source="被告应当在收到起诉状副本之日起十五日内向人民法院提交作出行政行为的证据"
        "和所依据的规范性文件，并提出答辩状。",
    ),
    Rule(
        id="litigation.first_instance_term",
        title="第一审审理期限（法院）",
        law=SUSONG,
        article=81,
        length=6,
        unit=Unit.MONTH,
        start_event=StartEvent("filing", "人民法院立案之日"),
        # 有特殊情况需要延长的, 由高级人民法院（或最高人民法院）批准 — no statutory cap.
        extendable=True,
        source="人民法院应当在立案之日起六个月内作出第一审判决。有特殊情况需要延长的，"
        "由高级人民法院批准。",
    ),
    Rule(
        id="litigation.appeal_judgment",
        title="对一审判决上诉",
        law=SUSONG,
        article=85,
        length=15,
        unit=Unit.CALENDAR_DAY,
        start_event=StartEvent("judgment_served", "判决书送达之日"),
        source="当事人不服人民法院第一审判决的，有权在判决书送达之日起十五日内"
        "向上一级人民法院提起上诉。",
    ),
    Rule(
        id="litigation.appeal_ruling",
        title="对一审裁定上诉",
        law=SUSONG,
        article=85,
        length=10,
        unit=Unit.CALENDAR_DAY,
        start_event=StartEvent("ruling_served", "裁定书送达之日"),
        source="当事人不服人民法院第一审裁定的，有权在裁定书送达之日起十日内"
        "向上一级人民法院提起上诉。",
    ),
    Rule(
        id="litigation.second_instance_term",
        title="第二审审理期限（法院）",
        law=SUSONG,
        article=88,
        length=3,
        unit=Unit.MONTH,
        start_event=StartEvent("appeal_received", "收到上诉状之日"),
        extendable=True,  # 有特殊情况需要延长的, 由高级人民法院（或最高人民法院）批准
        source="人民法院审理上诉案件，应当在收到上诉状之日起三个月内作出终审判决。",
    ),
)


def get_rule(rule_id: str, rules: Mapping[str, Rule] | None = None) -> Rule:
    """The rule with this id in ``rules`` (default ``RULES``); ``UnknownRule`` names a missing id."""
    table = RULES if rules is None else rules
    try:
        return table[rule_id]
    except KeyError:
        raise UnknownRule(rule_id, table) from None


def rules_with(extra: Iterable[Rule], base: Mapping[str, Rule] | None = None) -> Mapping[str, Rule]:
    """``base`` (default ``RULES``) plus ``extra``; an extra rule with an existing id replaces it.

    The result is a read-only mapping; ``RULES`` itself never changes.
    """
    table = dict(RULES if base is None else base)
    for r in extra:
        table[r.id] = r
    return MappingProxyType(table)


def load_rules(path: str | Path = UNVERIFIED_RULES_FILE) -> list[Rule]:
    """Rules from a JSON file: ``{"rules": [ {...}, ... ]}`` or a bare list.

    Each object is a full rule or names a ``base`` rule and lists what differs
    (see ``Rule.from_json``). Raises ``OSError`` if the file cannot be read and
    ``ValueError`` naming the problem otherwise. Default: the shipped file of
    unverified rules.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}: not valid JSON ({e.msg}, line {e.lineno})") from None
    if isinstance(data, Mapping):
        data = data.get("rules")
    if not isinstance(data, list):
        raise ValueError(f'{path}: expected a list of rules or {{"rules": [...]}}')
    return [Rule.from_json(item) for item in data]
