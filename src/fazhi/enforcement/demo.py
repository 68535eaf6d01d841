"""Demo penalty cases (行政处罚案件): 131 filed in 2024, a plausible 2023, and a few open ones now.

The report: "完善细化执法办案流程、案件移送标准，共办理行政处罚案件131件". The figure
comes back out of ``selectors.cases_filed(user=, year=2024)`` (口径: cases filed
in the year; docs/domain/penalty-cases.md), not out of a constant.

* 2024: 131 filed — 105 by the 综合行政执法队 (its three 中队 handle most), 16 by
  the 市场监管分局, 10 by the 应急管理局 — in every state: most closed, some
  executed or awaiting payment (a few overdue with the art. 72 surcharge), some
  suspended (中止, awaiting an appraisal), a few overdue, transferred to the
  judicial organs or another body; with hearings, legal reviews and collective
  discussions; two decisions later revoked and withdrawn from the public page.
  Besides: leads declined (不予立案), voided filings and on-the-spot decisions
  (简易程序), none of which count as filed.
* 2023: 118 filed, all ended, so that the report can compare the years.
* Now (``ctx.today``): about a dozen open cases in the early states, dated so
  that their deadlines fall within the next weeks (the due-soon list).

Every case gets its status history, steps, documents rendered from the
templates, payments, suspensions and extensions, and its full-process record
as a valid hash chain; one ``case.created`` audit entry per case (and
``item.created`` per catalogue item added). Writes are bulk inserts;
deterministic given the seed and ``ctx.today``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.db.models import Prefetch

from fazhi.config.selectors import work_calendar
from fazhi.core.identifiers import id_card_check_character
from fazhi.core.legaltime import compute_deadline
from fazhi.core.penalty import format_case_number, hearing_right_applies, late_payment_surcharge
from fazhi.entities.models import MarketEntity

from .constants import DocumentKind, ItemKind
from .deadlines import case_deadlines, case_rules, deadline_refresh
from .models import (
    CaseDocument,
    CaseExtension,
    CaseNumberCounter,
    CasePayment,
    CaseRecordEntry,
    CaseStatusChange,
    CaseStep,
    CaseSuspension,
    EnforcementCertificate,
    EnforcementItem,
    EvidenceFile,
    Officer,
    PenaltyCase,
)
from .services.record import document_render, record_entries

REPORT_YEAR = 2024
FILED = {2024: {"enforcement_team": 105, "market": 16, "emergency": 10},
         2023: {"enforcement_team": 92, "market": 16, "emergency": 10}}
NOT_FILED = {2024: 14, 2023: 11}
VOIDED = {2024: 2, 2023: 1}
SUMMARY = {2024: 23, 2023: 19}
SHANGHAI = ZoneInfo("Asia/Shanghai")

#: the final state of the 2024 filings (the rest are closed)
PLAN_2024 = (
    ("executed", 3),
    ("served_overdue", 3),  # the fine not paid: overdue, the surcharge runs
    ("served_deferred", 1),  # 暂缓缴纳 approved: due soon
    ("transferred_judicial", 3),
    ("transferred_agency", 5),
    ("investigating_suspended", 3),
    ("filed_suspended", 1),
    ("notified_suspended", 1),
    ("hearing_suspended", 1),
    ("investigating_overdue", 1),
    ("legal_review_overdue", 1),
    ("closed_no_penalty", 6),
)
PLAN_2023 = (("transferred_judicial", 3), ("transferred_agency", 4), ("closed_no_penalty", 3))
#: open cases dated relative to today: (state, count)
PLAN_NOW = (("lead", 3), ("filed", 1), ("investigating", 2), ("notified", 2), ("hearing", 1),
            ("legal_review", 1), ("collective_discussion", 1), ("decided", 1), ("served", 2))

#: 市场监管 and 应急管理 penalty items the demo adds to the catalogue (the items step has inspection items only)
EXTRA_ITEMS = {
    "market": ("SJCF", (
        ("对销售不符合食品安全标准的食品的行政处罚", "《中华人民共和国食品安全法》第一百二十四条"),
        ("对未按规定建立并遵守进货查验记录制度的行政处罚", "《中华人民共和国食品安全法》第一百二十六条"),
        ("对发布虚假广告的行政处罚", "《中华人民共和国广告法》第五十五条"),
        ("对不明码标价的行政处罚", "《中华人民共和国价格法》第四十二条"),
        ("对使用未经检验的特种设备的行政处罚", "《中华人民共和国特种设备安全法》第八十四条"),
        ("对销售不合格产品的行政处罚", "《中华人民共和国产品质量法》第四十九条"),
        ("对使用不合格计量器具的行政处罚", "《中华人民共和国计量法》第二十八条"),
        ("对侵犯注册商标专用权的行政处罚", "《中华人民共和国商标法》第六十条"),
        ("对经营者虚假宣传的行政处罚", "《中华人民共和国反不正当竞争法》第二十条"),
        ("对无照经营的行政处罚", "《无证无照经营查处办法》第十三条"),
    )),
    "emergency": ("YJCF", (
        ("对未按规定对从业人员进行安全生产教育和培训的行政处罚", "《中华人民共和国安全生产法》第九十七条"),
        ("对未及时发现、排除生产安全事故隐患的行政处罚", "《中华人民共和国安全生产法》第一百零二条"),
        ("对未按规定设置安全警示标志的行政处罚", "《中华人民共和国安全生产法》第九十九条"),
        ("对危险化学品储存不符合规定的行政处罚", "《危险化学品安全管理条例》第八十条"),
        ("对有限空间作业未执行审批制度的行政处罚", "《工贸企业有限空间作业安全规定》第三十条"),
        ("对未制定生产安全事故应急救援预案的行政处罚", "《中华人民共和国安全生产法》第九十七条"),
        ("对粉尘防爆措施不落实的行政处罚", "《工贸企业粉尘防爆安全规定》第三十条"),
        ("对特种作业人员未持证上岗的行政处罚", "《中华人民共和国安全生产法》第九十七条"),
    )),
}
ITEMS_FROM = dt.date(2020, 1, 1)
#: the team catalogue before 2024 (the items step's catalogue starts 2024-01-01)
OLD_CATALOGUE = (dt.date(2021, 1, 1), dt.date(2023, 12, 31))

FINE_RANGES = {"enforcement_team": (200, 50000), "market": (2000, 200000), "emergency": (10000, 300000)}
TRANSFER_JUDICIAL = ("宁波市公安局高新区分局", "涉嫌犯罪，违法数额已达刑事立案追诉标准",
                     "《行政执法机关移送涉嫌犯罪案件的规定》第三条；《高新区综合行政执法案件移送标准》第三条")
TRANSFER_AGENCY = (("宁波市生态环境局高新区分局", "案件涉及水污染物超标排放，属生态环境部门管辖"),
                   ("宁波市自然资源和规划局高新区分局", "案件涉及非法占用土地，属自然资源部门管辖"),
                   ("宁波市交通运输局", "案件涉及道路运输经营，属交通运输部门管辖"))
TRANSFER_AGENCY_STANDARD = "《高新区综合行政执法案件移送标准》第五条（不属于本机关管辖的，移送有管辖权的机关）"
SUSPENSION_REASONS = ("委托专业机构检测鉴定，鉴定期间不计入办案期限", "当事人下落不明，无法送达调查通知",
                      "需等待其他机关对相关事实作出认定")


class _Named:
    """An actor for the record: the officer who acted (no account behind it)."""

    pk = None

    def __init__(self, name: str):
        self.name = name

    def __str__(self) -> str:
        return self.name


@dataclass
class _Plan:
    """One case being generated: the case, and what happened to it in order."""

    case: PenaltyCase
    officers: list[Officer]
    actor: _Named
    events: list[tuple[dt.date, str, Any]] = field(default_factory=list)  # (day, kind, payload)
    steps: list[CaseStep] = field(default_factory=list)
    step_officers: dict[int, list[Officer]] = field(default_factory=dict)
    docs: list[tuple[dt.date, str, dict]] = field(default_factory=list)
    changes: list[tuple[dt.date, str, str, str, str]] = field(default_factory=list)  # (day, action, from, to, note)
    payments: list[CasePayment] = field(default_factory=list)
    suspensions: list[CaseSuspension] = field(default_factory=list)
    extensions: list[CaseExtension] = field(default_factory=list)

    def move(self, day: dt.date, action: str, to: str, note: str = "") -> None:
        self.changes.append((day, action, self.case.status, to, note))
        self.case.status = to


def _id_number(rng: random.Random, born: dt.date) -> str:
    first = f"330206{born:%Y%m%d}{rng.randint(100, 999)}"
    return first + id_card_check_character(first)


class _Builder:
    def __init__(self, ctx):
        self.ctx = ctx
        self.rng = ctx.rng("cases")
        self.cal = work_calendar()
        self.rules = case_rules()
        self.orgs = ctx.orgs
        self.plans: list[_Plan] = []
        self.serials: dict[tuple[int, int], int] = defaultdict(int)
        self.items_created: list[EnforcementItem] = []
        self._load()

    # ---- reference data ----------------------------------------------------------------
    def _load(self) -> None:
        orgs = self.orgs
        self.bodies = {k: orgs[k] for k in ("enforcement_team", "market", "emergency")}
        self.units = {"enforcement_team": [orgs["squad_1"], orgs["squad_2"], orgs["squad_3"], orgs["enforcement_team"]],
                      "market": [orgs["market"]], "emergency": [orgs["emergency"]]}
        certs = Prefetch("certificates", queryset=EnforcementCertificate.objects.filter(voided_at__isnull=True))
        self.officers: dict[int, list[Officer]] = defaultdict(list)
        for o in Officer.objects.filter(voided_at__isnull=True).prefetch_related(certs).order_by("staff_number"):
            self.officers[o.organization_id].append(o)
        team_items = list(EnforcementItem.objects.filter(organization=self.bodies["enforcement_team"],
                                                         kind=ItemKind.PENALTY).order_by("code"))
        self.items: dict[str, list[EnforcementItem]] = {"enforcement_team": self.rng.sample(team_items, 90)}
        # the 2021 catalogue, coded apart (…-CFJ-…), closed when the 2024 catalogue took over
        old = [EnforcementItem(organization=i.organization, code=i.code.replace("-CF-", "-CFJ-"), name=i.name,
                               kind=ItemKind.PENALTY,
                               legal_basis=i.legal_basis, discretion_standard=i.discretion_standard,
                               valid_from=OLD_CATALOGUE[0], valid_until=OLD_CATALOGUE[1])
               for i in self.items["enforcement_team"][:40]]
        self.items_created += old
        for key, (segment, entries) in EXTRA_ITEMS.items():
            made = [EnforcementItem(organization=self.bodies[key], code=f"330208-{segment}-{n:03d}", name=name,
                                    kind=ItemKind.PENALTY, legal_basis=basis, valid_from=ITEMS_FROM)
                    for n, (name, basis) in enumerate(entries, start=1)]
            self.items_created += made
            self.items[key] = made
        self.old_items = old
        pks = list(MarketEntity.objects.filter(organization=orgs["zone"]).values_list("pk", flat=True))
        chosen = self.rng.sample(pks, min(len(pks), 700))
        self.entities = list(MarketEntity.objects.filter(pk__in=chosen).order_by("pk"))
        self.rng.shuffle(self.entities)

    def save_items(self) -> None:
        if self.items_created:
            self.ctx.create(EnforcementItem, "item", self.items_created)

    # ---- helpers -------------------------------------------------------------------------
    def deadline(self, rule: str, start: dt.date, **kw) -> dt.date:
        r = compute_deadline(self.rules[rule], start, calendar=self.cal, **kw)
        assert r.deadline is not None
        return r.deadline

    def workday_after(self, day: dt.date, n: int) -> dt.date:
        return self.cal.add_working_days(day, n)

    def pick_officers(self, unit, body, first: dt.date, last: dt.date, n: int = 2) -> list[Officer]:
        pool = [o for o in self.officers[unit.pk] if self._certified(o, body, first) and self._certified(o, body, last)]
        if len(pool) < n:
            pool = [o for k in self.units_for(body) for o in self.officers[k.pk]
                    if self._certified(o, body, first) and self._certified(o, body, last)]
        return self.rng.sample(pool, n)

    def units_for(self, body):
        return next(v for k, v in self.units.items() if self.bodies[k].pk == body.pk)

    @staticmethod
    def _certified(o: Officer, body, day: dt.date) -> bool:
        return o.valid_certificate(day, body.pk) is not None

    def party(self, case: PenaltyCase, key: str) -> None:
        rng = self.rng
        natural = rng.random() < (0.35 if key == "enforcement_team" else 0.15)
        if natural:
            from fazhi.demo import names

            case.party_kind = "natural_person" if rng.random() < 0.6 else "individual_business"
            person = names.person_name(rng)
            case.party_name = person if case.party_kind == "natural_person" else f"宁波高新区{person[0]}记{rng.choice(['小吃店', '水果店', '五金店', '便利店', '汽修店'])}"
            case.party_representative = "" if case.party_kind == "natural_person" else person
            born = dt.date(rng.randint(1960, 2000), rng.randint(1, 12), rng.randint(1, 28))
            case.party_id_number = _id_number(rng, born)
            case.party_address = names.address(rng, rng.choice(["street_meixu", "street_xinming", "street_juxian"]))
        else:
            e = self.entities.pop() if self.entities else None
            case.party_kind = "legal_person" if e is None or e.entity_type != "partnership" else "other_organization"
            case.party_name = e.name if e else "宁波某某有限公司"
            case.party_id_number = e.uscc if e else ""
            case.party_address = e.address if e else ""
            case.party_representative = e.legal_representative if e else ""
            case.market_entity = e

    def number(self, case: PenaltyCase, year: int) -> None:
        key = (case.organization_id, year)
        self.serials[key] += 1
        case.year, case.serial = year, self.serials[key]
        case.number = format_case_number(case.organization.case_number_prefix, year, case.serial)

    # ---- one case ----------------------------------------------------------------------
    def new(self, key: str, lead_on: dt.date) -> _Plan:
        rng = self.rng
        body = self.bodies[key]
        unit = rng.choice(self.units[key]) if key != "enforcement_team" else rng.choices(self.units[key], [4, 4, 4, 1])[0]
        act = lead_on - dt.timedelta(days=rng.randint(0, 15))
        # the team's current catalogue starts 2024-01-01; earlier acts fall under the old one
        pool = self.old_items if (key == "enforcement_team" and act < dt.date(2024, 1, 1)) else self.items[key]
        item = rng.choice(pool)
        case = PenaltyCase(
            organization=body, handling_unit=unit, item=item, lead_received_on=lead_on, act_date=act,
            source=rng.choices(["inspection", "patrol", "complaint", "referral", "supervision"], [35, 30, 25, 6, 4])[0],
            status="lead",
        )
        self.party(case, key)
        verb = item.name.removeprefix("对").removesuffix("的行政处罚")
        case.facts = (f"{act.month}月{act.day}日，执法人员检查发现，当事人{case.party_name}存在{verb}的行为。"
                      f"经调查，事实清楚，有现场检查笔录、询问笔录及现场照片等证据证实。")
        case.source_detail = {"complaint": "12345政务服务热线转办", "referral": "上级机关交办线索",
                              "inspection": "“综合查一次”联合检查发现"}.get(case.source, "")
        plan = _Plan(case=case, officers=[], actor=_Named("system"))
        plan.events.append((lead_on, "created", None))
        self.plans.append(plan)
        return plan

    def file(self, plan: _Plan, on: dt.date, until: dt.date) -> None:
        c = plan.case
        plan.officers = self.pick_officers(c.handling_unit, c.organization, on, until)
        plan.actor = _Named(plan.officers[0].name)
        self.number(c, on.year)
        c.procedure = "ordinary"
        c.filed_on = on
        plan.move(on, "file", "filed")
        plan.events.append((on, "transition", "file"))
        plan.docs.append((on, DocumentKind.FILING_APPROVAL, {}))

    def step(self, plan: _Plan, kind: str, on: dt.date, summary: str, *, outcome: str = "", reviewer: str = "",
             officers: bool = False, resolved_on=None) -> CaseStep:
        s = CaseStep(case=plan.case, kind=kind, on=on, summary=summary, outcome=outcome, reviewer=reviewer,
                     resolved_on=resolved_on, data={"demo": True})
        plan.steps.append(s)
        if officers:
            plan.step_officers[id(s)] = plan.officers
        plan.events.append((on, "step", s))
        return s

    def investigate(self, plan: _Plan, on: dt.date) -> dt.date:
        rng = self.rng
        plan.move(on, "investigate", "investigating")
        plan.events.append((on, "transition", "investigate"))
        day = on
        for kind, summary in rng.sample([("inspection", "现场检查，制作现场检查笔录并拍照取证"),
                                         ("inquiry", "询问当事人，制作询问笔录"),
                                         ("sampling", "抽样取证，制作抽样取证凭证")], rng.randint(1, 3)):
            day = day + dt.timedelta(days=rng.randint(1, 6))
            self.step(plan, kind, day, summary, officers=True)
        if rng.random() < 0.08:
            day = day + dt.timedelta(days=1)
            self.step(plan, "preservation", day, "证据可能灭失，经负责人批准先行登记保存", officers=True,
                      resolved_on=self.workday_after(day, rng.randint(2, 6)))
        return day

    def notify(self, plan: _Plan, on: dt.date, fine: Decimal) -> None:
        c = plan.case
        c.proposed_kinds = ["fine"] if self.rng.random() < 0.9 else ["warning", "fine"]
        c.proposed_fine = fine
        reasons = hearing_right_applies(c.party_kind, c.proposed_kinds, fine)
        c.hearing_right, c.hearing_reasons = bool(reasons), reasons
        c.notified_on = on
        plan.move(on, "notify", "notified")
        plan.events.append((on, "transition", "notify"))
        plan.docs.append((on, DocumentKind.NOTICE_OF_INTENT, {}))

    def decide_path(self, plan: _Plan, notified: dt.date, *, stop: str | None = None) -> dt.date | None:
        """From the notice through hearing / legal review / discussion to the decision day."""
        rng, c = self.rng, plan.case
        day = self.deadline("penalty.statement_defence", notified)
        if rng.random() < 0.55:
            self.step(plan, "statement", notified + dt.timedelta(days=rng.randint(1, 3)),
                      "当事人提交书面陈述、申辩意见，经复核，所提理由不成立，不予采纳")
        if c.hearing_right and (stop == "hearing" or rng.random() < 0.7):
            req = self.workday_after(notified, rng.randint(1, 4))
            hearing_on = self.workday_after(req, 9 + rng.randint(0, 5))
            c.hearing_scheduled_on = hearing_on
            plan.move(req, "request_hearing", "hearing")
            plan.events.append((req, "transition", "request_hearing"))
            plan.docs.append((req, DocumentKind.HEARING_NOTICE, {"hearing_date": hearing_on}))
            c.major_rights = True
            if stop == "hearing":
                return None
            self.step(plan, "hearing_held", hearing_on, "公开举行听证，制作听证笔录；当事人对违法事实无异议，请求从轻处罚",
                      reviewer=f"法制员{rng.choice('甲乙丙丁')}")
            day = max(day, hearing_on)
        elif c.hearing_right:
            day = max(day, self.deadline("penalty.hearing_request", notified))
        need_review = c.major_public_interest or c.complex_case or c.major_rights or rng.random() < 0.35
        if need_review or stop == "legal_review":
            sub = day + dt.timedelta(days=rng.randint(1, 4))
            plan.move(sub, "submit_legal_review", "legal_review")
            plan.events.append((sub, "transition", "submit_legal_review"))
            if stop == "legal_review":
                return None
            rev = sub + dt.timedelta(days=rng.randint(1, 5))
            s = self.step(plan, "legal_review", rev, "主体合法、事实清楚、证据确凿、适用依据正确、程序合法、裁量适当",
                          outcome="passed", reviewer=rng.choice(["法制审核员陈静", "法制审核员周涛", "法制审核员吴敏"]))
            plan.docs.append((rev, DocumentKind.LEGAL_REVIEW_OPINION, {"step": s}))
            day = rev
        if c.serious_violation:
            sub = day + dt.timedelta(days=1)
            plan.move(sub, "discuss", "collective_discussion")
            plan.events.append((sub, "transition", "discuss"))
            if stop == "collective_discussion":
                return None
            dis = sub + dt.timedelta(days=rng.randint(1, 4))
            s = self.step(plan, "collective_discussion", dis, "负责人集体讨论，一致同意按拟处罚意见作出处罚决定")
            plan.docs.append((dis, DocumentKind.DISCUSSION_RECORD, {"step": s}))
            day = dis
        return day + dt.timedelta(days=rng.randint(1, 4))

    def decide(self, plan: _Plan, on: dt.date, *, no_penalty: bool = False) -> None:
        c = plan.case
        if no_penalty:
            c.decision_kind = self.rng.choice(["no_penalty_minor", "no_penalty_unproven"])
            c.decision_kinds, c.fine_amount = [], None
            c.publish = False
        else:
            c.decision_kind = "penalty"
            c.decision_kinds = c.proposed_kinds
            c.fine_amount = c.proposed_fine
            c.publish = True
            c.published_at = dt.datetime.combine(on, dt.time(16, 0), tzinfo=SHANGHAI)
        c.decided_on = on
        plan.move(on, "decide", "decided")
        plan.events.append((on, "transition", "decide"))
        plan.docs.append((on, DocumentKind.DECISION if not no_penalty else DocumentKind.NO_PENALTY_DECISION, {}))

    def serve(self, plan: _Plan, on: dt.date) -> None:
        c = plan.case
        c.served_on = on
        c.service_method = "on_the_spot" if on == c.decided_on else self.rng.choice(["direct", "direct", "post",
                                                                                      "electronic"])
        plan.move(on, "serve", "served")
        plan.events.append((on, "transition", "serve"))
        plan.docs.append((on, DocumentKind.SERVICE_RECEIPT, {}))

    def pay(self, plan: _Plan, on: dt.date, amount: Decimal) -> None:
        p = CasePayment(case=plan.case, paid_on=on, amount=amount,
                        receipt_number=f"FS{on:%Y%m%d}{self.rng.randint(1000, 9999)}",
                        recorded_at=dt.datetime.combine(on, dt.time(15, 0), tzinfo=SHANGHAI))
        plan.payments.append(p)
        plan.events.append((on, "payment", p))

    def execute_close(self, plan: _Plan, paid: dt.date, *, close: bool = True) -> None:
        c = plan.case
        if c.fine_amount:
            due = self.deadline("penalty.payment", c.served_on)
            sur = late_payment_surcharge(c.fine_amount, due, paid)
            self.pay(plan, paid, c.fine_amount)
            if sur.amount:
                self.pay(plan, paid, sur.amount)
            c.execution_method = "paid"
        else:
            c.execution_method = "performed"
        c.executed_on = paid
        plan.move(paid, "execute", "executed")
        plan.events.append((paid, "transition", "execute"))
        if close:
            self.close(plan, paid + dt.timedelta(days=self.rng.randint(1, 10)))

    def close(self, plan: _Plan, on: dt.date) -> None:
        plan.case.closed_on = on
        plan.move(on, "close", "closed")
        plan.events.append((on, "transition", "close"))
        plan.docs.append((on, DocumentKind.CLOSING_REPORT, {}))

    def transfer(self, plan: _Plan, on: dt.date, judicial: bool) -> None:
        c = plan.case
        if judicial:
            c.transfer_kind, (c.transferred_to, c.transfer_reason, c.transfer_standard) = "judicial", TRANSFER_JUDICIAL
        else:
            c.transfer_kind = "agency"
            c.transferred_to, c.transfer_reason = self.rng.choice(TRANSFER_AGENCY)
            c.transfer_standard = TRANSFER_AGENCY_STANDARD
        c.transferred_on = on
        plan.move(on, "transfer", "transferred", c.transfer_reason)
        plan.events.append((on, "transition", "transfer"))
        plan.docs.append((on, DocumentKind.TRANSFER_LETTER, {}))

    def suspend(self, plan: _Plan, on: dt.date, approver) -> None:
        s = CaseSuspension(case=plan.case, rule="penalty.decision", suspended_on=on,
                           reason=self.rng.choice(SUSPENSION_REASONS), approver=approver)
        plan.suspensions.append(s)
        plan.case.suspended = True
        plan.events.append((on, "suspension", s))

    def fine_for(self, key: str) -> Decimal:
        lo, hi = FINE_RANGES[key]
        x = self.rng.lognormvariate(0, 0.9)
        value = max(lo, min(hi, int(lo * 3 * x)))
        return Decimal(value // 100 * 100 or lo)

    # ---- whole cases --------------------------------------------------------------------
    def ordinary(self, key: str, lead_on: dt.date, fate: str, approver) -> _Plan:
        """An ordinary-procedure case filed a few days after ``lead_on``, ending in ``fate``."""
        rng = self.rng
        plan = self.new(key, lead_on)
        c = plan.case
        c.complex_case = rng.random() < 0.12
        c.major_public_interest = key == "emergency" and rng.random() < 0.3
        c.serious_violation = rng.random() < 0.08
        filed = lead_on + dt.timedelta(days=rng.randint(1, 5))
        self.file(plan, filed, filed + dt.timedelta(days=110))
        if fate == "filed_suspended":
            self.suspend(plan, filed + dt.timedelta(days=rng.randint(5, 20)), approver)
            return plan
        inv = filed + dt.timedelta(days=rng.randint(0, 3))
        last_step = self.investigate(plan, inv)
        if fate in ("investigating_suspended", "investigating_overdue"):
            if fate == "investigating_suspended":
                self.suspend(plan, last_step + dt.timedelta(days=rng.randint(2, 10)), approver)
            return plan
        if fate.startswith("transferred") and rng.random() < 0.6:
            self.transfer(plan, last_step + dt.timedelta(days=rng.randint(1, 10)), fate.endswith("judicial"))
            return plan
        if fate == "closed_no_penalty":
            self.decide(plan, last_step + dt.timedelta(days=rng.randint(3, 15)), no_penalty=True)
            self.serve(plan, c.decided_on + dt.timedelta(days=rng.randint(0, 3)))
            self.close(plan, c.served_on + dt.timedelta(days=rng.randint(1, 5)))
            return plan
        fine = self.fine_for(key)
        if rng.random() < 0.1:  # a heavy penalty: the party may ask for a hearing (第六十三条)
            natural = c.party_kind in ("natural_person", "individual_business")
            fine = Decimal(rng.choice([10000, 20000, 30000] if natural else [120000, 150000, 200000]))
        if fate == "hearing_suspended":
            fine = max(fine, Decimal(120000))
        notified = last_step + dt.timedelta(days=rng.randint(3, 20))
        self.notify(plan, notified, fine)
        if fate == "notified_suspended":
            self.suspend(plan, notified + dt.timedelta(days=rng.randint(1, 4)), approver)
            return plan
        if fate.startswith("transferred"):
            self.transfer(plan, notified + dt.timedelta(days=rng.randint(3, 12)), fate.endswith("judicial"))
            return plan
        stop = {"hearing_suspended": "hearing", "legal_review_overdue": "legal_review"}.get(fate)
        if stop == "hearing":
            c.hearing_right = True
            c.hearing_reasons = c.hearing_reasons or hearing_right_applies(c.party_kind, ["fine"], Decimal(10**7))
        decide_on = self.decide_path(plan, notified, stop=stop)
        if decide_on is None:
            if fate == "hearing_suspended":
                self.suspend(plan, plan.changes[-1][0] + dt.timedelta(days=2), approver)
            return plan
        self.decide(plan, decide_on)
        served = decide_on + (dt.timedelta(0) if rng.random() < 0.3 else dt.timedelta(days=rng.randint(1, 5)))
        self.serve(plan, served)
        if fate in ("served_overdue", "served_deferred"):
            if fate == "served_deferred":
                days = (self.ctx.today - self.deadline("penalty.payment", served)).days + rng.randint(5, 20)
                e = CaseExtension(case=c, rule="penalty.payment", days=days, approved_on=served + dt.timedelta(days=5),
                                  reason="当事人确有经济困难，申请暂缓缴纳罚款，经负责人批准（行政处罚法第六十六条第二款）",
                                  approver=approver)
                plan.extensions.append(e)
                plan.events.append((e.approved_on, "extension", e))
            return plan
        due = self.deadline("penalty.payment", served)
        late = rng.random() < 0.06
        paid = due + dt.timedelta(days=rng.randint(1, 6)) if late else served + dt.timedelta(days=rng.randint(1, 14))
        self.execute_close(plan, min(paid, self.ctx.today), close=fate != "executed")
        return plan

    def summary(self, key: str, day: dt.date) -> _Plan:
        rng = self.rng
        plan = self.new(key, day)
        c = plan.case
        plan.officers = self.pick_officers(c.handling_unit, c.organization, day, day)
        plan.actor = _Named(plan.officers[0].name)
        self.number(c, day.year)
        c.procedure = "summary"
        natural = c.party_kind in ("natural_person", "individual_business")
        warning = rng.random() < 0.3
        c.decision_kind = "penalty"
        c.decision_kinds = ["warning"] if warning else ["fine"]
        c.fine_amount = None if warning else Decimal(rng.choice([50, 100, 200] if natural else [500, 1000, 2000, 3000]))
        c.decided_on = c.served_on = day
        c.service_method = "on_the_spot"
        c.act_date = day
        plan.move(day, "decide_summary", "served")
        plan.events.append((day, "transition", "decide_summary"))
        plan.docs.append((day, DocumentKind.SUMMARY_DECISION, {}))
        if warning:
            self.close(plan, day)
        else:
            self.execute_close(plan, day + dt.timedelta(days=rng.randint(0, 10)))
        return plan

    def declined(self, key: str, day: dt.date) -> _Plan:
        plan = self.new(key, day)
        c = plan.case
        c.decline_reason = self.rng.choice(["经核查，违法事实不存在", "不属于本机关管辖，已告知举报人向有权机关反映",
                                            "违法行为轻微并已及时改正，没有造成危害后果"])
        on = day + dt.timedelta(days=self.rng.randint(2, 10))
        plan.move(on, "decline", "not_filed", c.decline_reason)
        plan.events.append((on, "transition", "decline"))
        plan.docs.append((on, DocumentKind.DECLINE_APPROVAL, {}))
        return plan

    def voided(self, key: str, day: dt.date) -> _Plan:
        plan = self.new(key, day)
        on = day + dt.timedelta(days=2)
        self.file(plan, on, on + dt.timedelta(days=5))
        c = plan.case
        void_on = on + dt.timedelta(days=self.rng.randint(1, 5))
        c.voided_at = dt.datetime.combine(void_on, dt.time(10, 0), tzinfo=SHANGHAI)
        c.void_reason = "与已立案案件重复登记，作废"
        plan.move(void_on, "void", "voided", c.void_reason)
        plan.events.append((void_on, "transition", "void"))
        return plan


def _year_days(rng: random.Random, year: int, n: int, last: dt.date) -> list[dt.date]:
    """``n`` working-ish days spread over ``year`` up to ``last``, sorted."""
    start = dt.date(year, 1, 3)
    span = (last - start).days
    return sorted(start + dt.timedelta(days=rng.randint(0, span)) for _ in range(n))


def _approvers(orgs) -> dict[str, Any]:
    from fazhi.accounts.models import User

    by_org = {u.organization_id: u for u in User.objects.filter(role__in=["department_staff", "leadership"])
              .order_by("username")}
    leader = next((u for u in by_org.values() if u.role == "leadership"), None)
    return {k: by_org.get(orgs[k].pk, leader) for k in ("enforcement_team", "market", "emergency")}


def build_cases(ctx):
    """The demo step: every penalty case, its record and its documents (see the module docstring)."""
    from fazhi.demo.base import StepResult

    bodies = [ctx.orgs[k] for k in ("enforcement_team", "market", "emergency")]
    existing = PenaltyCase.objects.filter(organization__in=bodies).count()
    if existing:
        return ctx.skipped("cases", penalty_cases=existing)
    b = _Builder(ctx)
    rng = b.rng
    approvers = _approvers(ctx.orgs)
    for year, plan in ((2023, PLAN_2023), (2024, PLAN_2024)):
        fates: list[str] = []
        for fate, n in plan:
            fates += [fate] * n
        total = sum(FILED[year].values())
        fates += ["closed"] * (total - len(fates))
        rng.shuffle(fates)
        keys = [k for k, n in FILED[year].items() for _ in range(n)]
        rng.shuffle(keys)
        # open fates need a lead late enough to still be open; ended ones spread over the year
        last_lead = dt.date(year, 12, 10)
        days = _year_days(rng, year, total, last_lead)
        for key, fate, day in zip(keys, fates, days, strict=True):
            if fate in ("investigating_overdue", "legal_review_overdue", "served_overdue"):
                day = max(day, dt.date(year, 9, 1))
            b.ordinary(key, day, fate, approvers[key])
        for day in _year_days(rng, year, NOT_FILED[year], last_lead):
            b.declined(rng.choice(["enforcement_team"] * 8 + ["market", "emergency"]), day)
        for day in _year_days(rng, year, VOIDED[year], last_lead):
            b.voided("enforcement_team", day)
        for day in _year_days(rng, year, SUMMARY[year], dt.date(year, 12, 28)):
            b.summary(rng.choice(["enforcement_team"] * 4 + ["market"]), day)
    if ctx.today.year > REPORT_YEAR:
        _now_cases(b, approvers)
    _revoked(b)
    return _save(ctx, b, StepResult)


def _now_cases(b: _Builder, approvers) -> None:
    """Open cases dated from today, whose deadlines fall within the next weeks."""
    rng, today = b.rng, b.ctx.today
    #: how long ago the notice went out, by the state the case is to reach
    notified_ago = {"notified": (1, 3), "hearing": (10, 10), "legal_review": (20, 22),
                    "collective_discussion": (28, 30), "decided": (28, 30), "served": (28, 30)}
    for fate, n in PLAN_NOW:
        for _ in range(n):
            key = rng.choice(["enforcement_team"] * 3 + ["market"])
            if fate == "lead":
                b.new(key, today - dt.timedelta(days=rng.randint(1, 6)))
                continue
            filed = today - dt.timedelta(days=rng.randint(62, 86))
            plan = b.new(key, filed - dt.timedelta(days=rng.randint(1, 3)))
            c = plan.case
            c.serious_violation = fate == "collective_discussion"
            c.complex_case = c.major_public_interest = False
            b.file(plan, filed, today)
            if fate == "filed":
                continue
            b.investigate(plan, filed + dt.timedelta(days=1))
            if fate == "investigating":
                continue
            lo, hi = notified_ago[fate]
            notified = today - dt.timedelta(days=rng.randint(lo, hi))
            fine = Decimal(150000) if fate == "hearing" else Decimal(rng.choice([500, 1000, 2000, 5000]))
            b.notify(plan, notified, fine)
            if fate == "notified":
                continue
            stop = fate if fate in ("hearing", "legal_review", "collective_discussion") else None
            decide_on = b.decide_path(plan, notified, stop=stop)
            if decide_on is None:
                continue
            b.decide(plan, max(decide_on, today - dt.timedelta(days=2 if fate == "decided" else 8)))
            if fate == "served":
                b.serve(plan, plan.case.decided_on)


def _revoked(b: _Builder) -> None:
    """Two 2024 decisions later revoked (reconsideration, court): withdrawn from the public page."""
    closed = [p for p in b.plans if p.case.status == "closed" and p.case.publish and p.case.filed_on
              and p.case.filed_on.year == REPORT_YEAR]
    for plan, (source, reason) in zip(b.rng.sample(closed, 2), (
        ("reconsideration", "行政复议决定撤销原行政处罚决定（事实认定不清）"),
        ("litigation", "人民法院判决撤销原行政处罚决定（程序违法）"),
    ), strict=True):
        c = plan.case
        day = c.closed_on + dt.timedelta(days=b.rng.randint(40, 120))
        c.withdrawn_at = dt.datetime.combine(day, dt.time(11, 0), tzinfo=SHANGHAI)
        c.withdrawal_source, c.withdrawal_reason = source, reason
        plan.events.append((day, "withdrawn", None))


def _when(day: dt.date, n: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=SHANGHAI) + dt.timedelta(minutes=7 * n)


def _save(ctx, b: _Builder, StepResult):
    plans = b.plans
    ctx.total(len(plans))
    b.save_items()
    cases = [p.case for p in plans]
    for p in plans:
        c = p.case
        if p.changes:
            c.status_changed_at = _when(p.changes[-1][0], 50)
    cases = PenaltyCase.objects.bulk_create(cases, batch_size=500)
    through = PenaltyCase.officers.through
    through.objects.bulk_create([through(penaltycase_id=p.case.pk, officer_id=o.pk) for p in plans for o in p.officers])
    steps = [s for p in plans for s in p.steps]
    CaseStep.objects.bulk_create(steps, batch_size=1000)
    sthrough = CaseStep.officers.through
    sthrough.objects.bulk_create([sthrough(casestep_id=s.pk, officer_id=o.pk) for p in plans for s in p.steps
                                  for o in p.step_officers.get(id(s), [])])
    CasePayment.objects.bulk_create([x for p in plans for x in p.payments])
    CaseSuspension.objects.bulk_create([x for p in plans for x in p.suspensions])
    CaseExtension.objects.bulk_create([x for p in plans for x in p.extensions])
    CaseStatusChange.objects.bulk_create([
        CaseStatusChange(case=p.case, action=a, from_status=f, to_status=t, on=d, occurred_at=_when(d, 10),
                         actor_name=str(p.actor), note=note)
        for p in plans for d, a, f, t, note in p.changes
    ], batch_size=2000)

    # documents (rendered from the templates, as the services do), then each case's record
    docs_by_plan: dict[int, list[tuple[dt.date, CaseDocument]]] = defaultdict(list)
    docs: list[CaseDocument] = []
    for i, p in enumerate(plans):
        for day, kind, extra in p.docs:
            if kind == DocumentKind.NOTICE_OF_INTENT:
                extra = {"deadlines": {d.key: d for d in case_deadlines(p.case, calendar=b.cal)}}
            title, html = document_render(p.case, kind, on=day, **extra)
            d = CaseDocument(case=p.case, kind=kind, title=title, html=html,
                             sha256=hashlib.sha256(html.encode("utf-8")).hexdigest(), generated_at=_when(day, 30))
            docs.append(d)
            docs_by_plan[i].append((day, d))
    CaseDocument.objects.bulk_create(docs, batch_size=500)
    evidence = _evidence(b, plans)

    entries: list[CaseRecordEntry] = []
    for i, p in enumerate(plans):
        items = list(p.events)
        items += [(day, "document", d) for day, d in docs_by_plan[i]]
        items += [(ev.uploaded_at.date(), "evidence", ev) for ev in evidence.get(i, [])]
        order = {"created": 0, "transition": 1, "step": 2, "document": 3, "evidence": 4, "payment": 5,
                 "suspension": 6, "extension": 7, "withdrawn": 8}
        items.sort(key=lambda x: (x[0], order[x[1]]))
        c = p.case
        changes = iter(p.changes)
        for n, (day, kind, obj) in enumerate(items):
            entries += record_entries(case=c, items=[_entry(c, kind, obj, day, changes)], actor=p.actor,
                                      when=_when(day, n))
        ctx.advance(1)
    CaseRecordEntry.objects.bulk_create(entries, batch_size=2000)
    counters = [CaseNumberCounter(organization_id=org, year=year, last_serial=n)
                for (org, year), n in sorted(b.serials.items())]
    CaseNumberCounter.objects.bulk_create(counters)

    # deadlines of the open cases, through the same adapter the services use
    open_pks = [p.case.pk for p in plans if p.case.status not in ("closed", "not_filed", "voided", "transferred")]
    refreshed = []
    for c in PenaltyCase.objects.filter(pk__in=open_pks).prefetch_related("suspensions", "extensions", "steps",
                                                                          "payments"):
        deadline_refresh(c, calendar=b.cal)
        refreshed.append(c)
    PenaltyCase.objects.bulk_update(refreshed, ["next_deadline", "next_deadline_rule", "deadline_problem",
                                                "suspended"])
    PenaltyCase.objects.bulk_update(cases, ["record_seq", "record_head"], batch_size=500)
    ctx.audit_created("case", cases)
    created = {"penalty_cases": len(cases)}
    if b.items_created:
        created["penalty_items"] = len(b.items_created)
    return StepResult("cases", created=created)


def _entry(c: PenaltyCase, kind: str, obj, day: dt.date, changes):
    """(event, object, summary, data) of one record entry, as the services write them."""
    from fazhi.core.penalty import ACTION_LABELS, Action

    if kind == "created":
        return ("case.created", c, f"登记线索：{c.party_name}", {"demo": True})
    if kind == "transition":
        d, action, frm, to, note = next(changes)
        return (f"case.{action}", c, f"{ACTION_LABELS[Action(action)]}（{d.isoformat()}）",
                {"action": action, "from": frm, "to": to, "on": d, "note": note, "demo": True})
    if kind == "step":
        return ("step.recorded", obj, f"{obj.get_kind_display()}（{obj.on.isoformat()}）",
                {"kind": obj.kind, "on": obj.on, "summary": obj.summary, "outcome": obj.outcome,
                 "reviewer": obj.reviewer})
    if kind == "document":
        return ("document.generated", obj, f"生成{obj.title}",
                {"kind": obj.kind, "title": obj.title, "sha256": obj.sha256, "size": len(obj.html.encode("utf-8"))})
    if kind == "evidence":
        return ("evidence.added", obj, f"上传证据：{obj.original_name}",
                {"name": obj.original_name, "sha256": obj.sha256, "size": obj.size, "content_type": obj.content_type,
                 "uploaded_by": "system", "uploaded_at": obj.uploaded_at, "description": obj.description})
    if kind == "payment":
        return ("payment.recorded", obj, f"缴款 {obj.amount} 元（{obj.paid_on.isoformat()}）",
                {"paid_on": obj.paid_on, "amount": obj.amount, "receipt_number": obj.receipt_number})
    if kind == "suspension":
        return ("deadline.suspended", obj, f"中止办案期限（{obj.suspended_on.isoformat()}）",
                {"rule": obj.rule, "on": obj.suspended_on, "reason": obj.reason, "approver": str(obj.approver)})
    if kind == "extension":
        return ("deadline.extended", obj, f"延长缴纳罚款期限 {obj.days} 日",
                {"rule": obj.rule, "days": obj.days, "on": obj.approved_on, "reason": obj.reason,
                 "approver": str(obj.approver)})
    if kind == "withdrawn":
        return ("publicity.withdrawn", c, "决定被撤销，撤回公示",
                {"reason": c.withdrawal_reason, "source": c.withdrawal_source, "was_public": True})
    raise ValueError(kind)


def _evidence(b: _Builder, plans: list[_Plan]) -> dict[int, list[EvidenceFile]]:
    """A short transcript file for some cases with an inquiry, stored under MEDIA_ROOT like an upload."""
    out: dict[int, list[EvidenceFile]] = defaultdict(list)
    rows = []
    for i, p in enumerate(plans):
        inquiry = next((s for s in p.steps if s.kind == "inquiry"), None)
        if inquiry is None or b.rng.random() > 0.25:
            continue
        text = (f"询问笔录（文字整理稿）\n案号：{p.case.number}\n时间：{inquiry.on.isoformat()}\n"
                f"被询问人：{p.case.party_name}\n内容：{inquiry.summary}\n").encode()
        ev = EvidenceFile(case=p.case, original_name="询问笔录.txt", content_type="text/plain", size=len(text),
                          sha256=hashlib.sha256(text).hexdigest(), description="询问笔录文字整理稿",
                          uploaded_at=_when(inquiry.on, 40))
        ev.file.save("inquiry.txt", ContentFile(text), save=False)
        rows.append(ev)
        out[i].append(ev)
    EvidenceFile.objects.bulk_create(rows)
    return out
