"""The demo zone's administrative disputes: 2024 as the report states it, 2023 for the year before.

2024 (seed/000_195c9ab24f188643.txt): 16 reconsideration cases received by the
committee, 15 concluded and 1 suspended at year end, 1 sued after
reconsideration; 6 cases answered as respondent (应议); 21 litigation cases,
15 concluded; every hearing that required the head of the agency had the head
appear (100 %); individual-case supervision opinions on inaction and late
information disclosure, all rectified. 2023 has plausible figures of its own
(more cases, a higher loss rate, one head absent with a sealed explanation and
one lawyer-only hearing), so the year-on-year figures and 双下降 exist.

Only the *outcomes* are planned here (the tables below); every figure is
computed from the records by ``fazhi.disputes.selectors`` (the demo's test
checks them). Dates follow the statutory periods: each is drawn inside the
period the legal-time engine computes, on working days.

``build_disputes(ctx)`` is a step of ``fazhi.demo.STEPS``: deterministic for a
seed, bulk inserts, one audit entry per record, nothing written when the
zone's disputes already exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from fazhi.config.selectors import work_calendar
from fazhi.core import reconsideration as core
from fazhi.core.calendar import WorkCalendar
from fazhi.demo import names
from fazhi.demo.base import DemoContext, StepResult

from .constants import (
    CaseRole,
    OpinionKind,
    OpinionSource,
    OpinionStatus,
    Procedure,
    ReconsiderationStatus,
)
from .models import (
    LitigationCase,
    LitigationHearing,
    ReconsiderationCase,
    ReconsiderationSuspension,
    StatusChange,
    SupervisionOpinion,
)

__all__ = ["build_disputes"]

D = dt.date

#: the departments whose acts are disputed, with weights
RESPONDENTS = (
    ("enforcement_team", 5), ("market", 2), ("housing", 2), ("emergency", 1), ("ecology", 1), ("hrss", 1),
    ("street_meixu", 1), ("street_xinming", 1),
)
BODY_NAME_RESPONDENT = "宁波市人民政府"
COURT_FIRST = "宁波市鄞州区人民法院"
COURT_SECOND = "宁波市中级人民法院"


@dataclass(frozen=True)
class YearPlan:
    """What happened to each case of a year; the dates and names are drawn."""

    year: int
    #: the committee's cases (受理): one outcome per case
    body: tuple[str, ...]
    #: index into ``body`` of the upheld case that is sued afterwards
    sued: int
    #: the departments' cases before another body (应议)
    respondent: tuple[str, ...]
    #: litigation: (instance, outcome or "" while pending, public interest, court's written suggestion)
    litigation: tuple[tuple[str, str, bool, bool], ...]
    #: index of a hearing whose required head was absent (sealed explanation), or -1
    head_absent: int = -1
    #: index of a litigation case whose only representative at the hearing was a lawyer, or -1
    lawyer_only: int = -1


_F, _S = "first", "second"
PLANS = (
    YearPlan(
        year=2023,
        body=("uphold",) * 9 + ("revoke",) * 3 + ("vary", "confirm_illegal", "not_accepted", "withdrawn_corrected",
                                                  "mediated", "late_uphold", "late_revoke"),
        sued=0,
        respondent=("uphold", "uphold", "uphold", "revoke", "uphold"),
        litigation=(
            # first instances appealed early in the year: two appeals heard in 2023, two in 2024
            (_F, "appealed", False, False), (_F, "appealed", True, False),
            (_F, "appealed", False, False), (_F, "appealed", False, False),
            *[(_F, "dismiss_claim", i == 0, i == 2) for i in range(5)],
            (_F, "revoke", True, False), (_F, "confirm_illegal", False, True), (_F, "revoke", False, False),
            (_F, "withdrawn", False, False), (_F, "withdrawn_after_change", False, False),
            (_F, "dismiss_complaint", False, False),
            (_S, "dismiss_claim", False, False), (_S, "dismiss_claim", False, False),
            *[(_F, "", False, i == 1) for i in range(4)],
        ),
        head_absent=10,
        lawyer_only=7,
    ),
    YearPlan(
        year=2024,
        body=("uphold",) * 7 + ("revoke", "confirm_illegal", "order_performance", "not_accepted",
                                "withdrawn_corrected", "withdrawn", "mediated", "dismiss_application", "suspended"),
        sued=0,
        respondent=("uphold", "uphold", "uphold", "revoke", "uphold", "pending"),
        litigation=(
            (_F, "appealed", False, False),
            *[(_F, "dismiss_claim", i in (1, 4), i == 2) for i in range(6)],
            (_F, "revoke", True, False), (_F, "confirm_illegal", False, True),
            (_F, "withdrawn", False, False), (_F, "withdrawn_after_change", False, False),
            (_F, "dismiss_complaint", False, False),
            (_S, "dismiss_claim", False, False), (_S, "dismiss_claim", True, False), (_S, "dismiss_claim", False, False),
            *[(_F, "", i == 0, i == 1) for i in range(6)],
        ),
    ),
)

_INACTION = ("order_performance", "dismiss_claim_inaction")
_CORRECTIONS = {"revoke", "vary", "confirm_illegal", "order_performance", "late_revoke"}


def _wd(cal: WorkCalendar, day: dt.date, n: int) -> dt.date:
    return cal.add_working_days(day, n)


def _working(cal: WorkCalendar, day: dt.date) -> dt.date:
    return cal.next_working_day(day)


class _Builder:
    def __init__(self, ctx: DemoContext):
        self.ctx = ctx
        self.rng = ctx.rng("disputes")
        self.cal = work_calendar()
        self.orgs = ctx.orgs
        self.steps: list[tuple[object, str, str, str, str, dt.date, str]] = []
        self.penalty_serial: dict[str, int] = {}

    def respondent(self):
        keys = [k for k, _ in RESPONDENTS]
        weights = [w for _, w in RESPONDENTS]
        return self.orgs[self.rng.choices(keys, weights=weights, k=1)[0]]

    def applicant(self) -> tuple[str, str]:
        if self.rng.random() < 0.55:
            return names.person_name(self.rng), "citizen"
        return f"宁波{names.trade_name(self.rng)}科技有限公司", "legal_person"

    def penalty_number(self, org, year: int) -> str:
        prefix = org.case_number_prefix or "甬高新罚"
        n = self.penalty_serial[prefix] = self.penalty_serial.get(prefix, 0) + self.rng.randint(3, 9)
        return f"{prefix}〔{year}〕{n}号"

    def step(self, record, kind: str, action: str, label: str, from_status: str, to_status: str, on: dt.date,
             basis: str = "", note: str = "") -> None:
        self.steps.append((record, kind, action, label, from_status, to_status, on, basis, note))

    # ---- reconsideration -------------------------------------------------------------------

    def body_case(self, plan: YearPlan, i: int, outcome: str, received: dt.date) -> dict:
        rng = self.rng
        respondent = self.respondent()
        applicant, applicant_kind = self.applicant()
        inaction = outcome in _INACTION
        act_kind = "inaction" if inaction else rng.choices(
            ["penalty", "information_disclosure", "permit", "other"], weights=[6, 2, 1, 1])[0]
        if i == 3 and not inaction:
            act_kind = "information_disclosure"  # the report's 政府信息公开不及时
        if outcome in ("vary", "revoke"):
            act_kind = "penalty"
        sanction, amount = "", None
        if act_kind == "penalty":
            sanction = "fine" if outcome == "vary" else rng.choice(["fine", "fine", "fine", "warning", "confiscate_gains"])
            amount = None if sanction == "warning" else Decimal(rng.choice([500, 1000, 2000, 3000, 5000, 10000, 20000]))
            if outcome == "vary":
                amount = Decimal(rng.choice([5000, 10000, 20000]))
        disputed = {
            "penalty": "行政处罚决定", "information_disclosure": "政府信息公开申请答复", "permit": "行政许可决定",
            "other": "行政行为", "inaction": "未履行法定职责（投诉举报未处理）",
        }[act_kind]
        case = dict(
            organization=self.orgs["legal_office"], role=CaseRole.BODY,
            number=f"甬高新复〔{plan.year}〕{i + 1}号", handler_name=names.person_name(rng),
            applicant_name=applicant, applicant_kind=applicant_kind, respondent=respondent,
            respondent_name=respondent.name, body_name=self.orgs["zone"].name,
            disputed_act=f"{respondent.short_name or respondent.name}{disputed}", act_kind=act_kind,
            sanction_kind=sanction, amount=amount,
            penalty_case_number=self.penalty_number(respondent, plan.year) if act_kind == "penalty" else "",
            request="撤销该行政行为" if not inaction else "责令被申请人履行法定职责",
            known_on=received - dt.timedelta(days=rng.randint(5, 40)),
            channel=rng.choice(["in_person", "online", "post", "online"]), received_on=received,
            status=ReconsiderationStatus.ACCEPTED, procedure=Procedure.ORDINARY,
        )
        if case["channel"] == "post":
            case["posted_on"] = received - dt.timedelta(days=rng.randint(1, 3))
        return case

    def run_body(self, plan: YearPlan) -> list[tuple[ReconsiderationCase, list]]:
        rng, cal = self.rng, self.cal
        out = []
        n = len(plan.body)
        for i, outcome in enumerate(plan.body):
            late = outcome.startswith("late_") or outcome in ("suspended", "pending")
            # concluded cases arrive over the year; those still open at year end arrive in its last quarter
            month_day = (D(plan.year, 10, 8) + dt.timedelta(days=int(70 * i / n))) if late else \
                (D(plan.year, 1, 8) + dt.timedelta(days=int(250 * i / n) + rng.randint(0, 6)))
            received = _working(cal, month_day)
            case = self.body_case(plan, i, outcome.removeprefix("late_"), received)
            steps = [("receive", "收到申请", "", "received", received, "行政复议法 第二十二条")]
            if outcome == "not_accepted":
                on = _wd(cal, received, rng.randint(2, 5))
                case.update(status=ReconsiderationStatus.NOT_ACCEPTED, review_concluded_on=on, concluded_on=on,
                            not_accepted_reason="申请人与被申请行政复议的行政行为没有利害关系（行政复议法 第三十条第一款第二项）")
                steps.append(("not_accept", "决定不予受理", "received", "not_accepted", on, "行政复议法 第三十条第二款"))
                out.append((ReconsiderationCase(**case), steps, []))
                continue
            if i == 1:  # one correction (补正) a year
                sent = _wd(cal, received, 2)
                back = _wd(cal, sent, rng.randint(3, 8))
                case.update(correction_notice_sent_on=sent, correction_notice_received_on=_wd(cal, sent, 1),
                            correction_items="补充提交申请人身份证明及行政行为决定书复印件", correction_received_on=back)
                steps += [("request_correction", "通知补正", "received", "correction_requested", sent, "行政复议法 第三十一条第一款"),
                          ("receive_correction", "收到补正材料", "correction_requested", "received", back, "行政复议法 第三十一条第三款")]
                review_start = back
            else:
                review_start = received
            accepted = _wd(cal, review_start, rng.randint(1, 5))
            simplified = case["amount"] is not None and case["amount"] <= core.SIMPLIFIED_AMOUNT_LIMIT and rng.random() < 0.6
            if case["sanction_kind"] == "warning":
                simplified = True
            if simplified:
                e = core.simplified_eligibility(facts_clear=True, sanction_kind=case["sanction_kind"] or None,
                                                amount=case["amount"])
                case.update(procedure=Procedure.SIMPLIFIED, simplified_grounds="；".join(e.grounds))
            case.update(accepted_on=accepted, review_concluded_on=accepted)
            steps.append(("accept", "受理", "received", "accepted", accepted, "行政复议法 第三十条第一款"))
            sent = _wd(cal, accepted, rng.randint(1, 3 if simplified else 7))
            got = _wd(cal, sent, 1)
            reply = _wd(cal, got, rng.randint(2, 5 if simplified else 10))
            case.update(copy_sent_on=sent, copy_received_on=got, reply_received_on=reply)
            steps += [("send_copy", "发送申请书副本", "accepted", "accepted", sent, "行政复议法 第四十八条、第五十四条"),
                      ("record_reply", "被申请人答复", "accepted", "accepted", reply, "行政复议法 第四十八条、第五十四条")]
            if not simplified:
                heard = _wd(cal, reply, rng.randint(2, 6))
                case["views_heard_on"] = heard
                steps.append(("hear_views", "听取意见", "accepted", "accepted", heard, "行政复议法 第四十九条"))
            suspensions = []
            if outcome == "suspended":
                on = _wd(cal, reply, rng.randint(3, 8))
                suspensions.append(dict(ground="8", reason="本案审理需以另一行政诉讼案件的审理结果为依据，该案尚未审结",
                                        suspended_on=on, notice_sent_on=on))
                case["status"] = ReconsiderationStatus.SUSPENDED
                steps.append(("suspend", "中止", "accepted", "suspended", on, "行政复议法 第三十九条"))
                out.append((ReconsiderationCase(**case), steps, suspensions))
                continue
            if outcome == "mediated" or (i == 2 and not simplified):
                # a mediation attempt suspends the case (第三十九条第一款第六项) before it ends
                on = _wd(cal, reply, 3)
                back = on + dt.timedelta(days=rng.randint(8, 15))
                suspensions.append(dict(ground="6", reason="申请人和被申请人同意调解", suspended_on=on, notice_sent_on=on,
                                        resumed_on=back, resumption_notice_on=back))
                steps += [("suspend", "中止", "accepted", "suspended", on, "行政复议法 第三十九条"),
                          ("resume", "恢复审理", "suspended", "accepted", back, "行政复议法 第三十九条第二款、第三款")]
            rule = "reconsideration.decision_simplified" if simplified else "reconsideration.decision"
            from fazhi.core.legaltime import compute_deadline

            due = compute_deadline(rule, accepted, calendar=cal,
                                   suspensions=[(s["suspended_on"], s.get("resumed_on")) for s in suspensions]).deadline
            span = (due - max(reply, accepted)).days
            concluded = _working(cal, max(reply, accepted) + dt.timedelta(days=max(3, int(span * rng.uniform(0.4, 0.9)))))
            if outcome.startswith("late_"):  # concluded after the year end
                concluded = _working(cal, D(plan.year + 1, 1, 8) + dt.timedelta(days=rng.randint(0, 10)))
            if concluded > due:
                concluded = cal.previous_working_day(due)
            kind = outcome.removeprefix("late_")
            if kind == "mediated":
                case.update(status=ReconsiderationStatus.MEDIATED, mediated_on=concluded, concluded_on=concluded,
                            decision_summary="经调解，被申请人重新核定处罚数额，申请人撤回原复议请求")
                steps.append(("mediate", "调解结案", "accepted", "mediated", concluded, "行政复议法 第七十三条"))
            elif kind in ("withdrawn", "withdrawn_corrected"):
                case.update(status=ReconsiderationStatus.TERMINATED, termination_ground="1", concluded_on=concluded,
                            withdrawn_after_correction=kind == "withdrawn_corrected")
                steps.append(("terminate", "终止", "accepted", "terminated", concluded, "行政复议法 第四十一条"))
            else:
                decision = {"dismiss_claim_inaction": "dismiss_claim"}.get(kind, kind)
                case.update(status=ReconsiderationStatus.DECIDED, decision_type=decision, decided_on=concluded,
                            concluded_on=concluded, decision_summary=_SUMMARIES[decision])
                if decision == "vary" and case["amount"]:
                    lower = (case["amount"] / 2).quantize(Decimal(1))
                    original = [core.Sanction(core.SanctionKind(case["sanction_kind"]), case["amount"])]
                    varied = [core.Sanction(core.SanctionKind(case["sanction_kind"]), lower)]
                    core.check_variation(original=original, varied=varied)
                    case["variation"] = {"original": [{"kind": case["sanction_kind"], "amount": str(case["amount"]), "days": 0}],
                                         "varied": [{"kind": case["sanction_kind"], "amount": str(lower), "days": 0}],
                                         "third_party_contrary_request": False}
                steps.append(("decide", "作出决定", "accepted", "decided", concluded,
                              core.DecisionType(decision).article))
                if rng.random() < 0.7:
                    pub = _wd(cal, concluded, rng.randint(3, 10))
                    case.update(published_on=pub, publication_ref="宁波高新区管委会门户网站·行政复议决定书公开栏")
                    steps.append(("publish", "公开决定书", "decided", "decided", pub, "行政复议法 第七十九条"))
            out.append((ReconsiderationCase(**case), steps, suspensions))
        return out

    def run_respondent(self, plan: YearPlan) -> list[tuple[ReconsiderationCase, list, list]]:
        rng, cal = self.rng, self.cal
        out = []
        market = self.orgs["market"]
        for i, outcome in enumerate(plan.respondent):
            received = _working(cal, D(plan.year, 2, 5) + dt.timedelta(days=int(300 * i / len(plan.respondent))))
            applicant, kind = self.applicant()
            reply = _wd(cal, received, rng.randint(5, 9))
            case = dict(
                organization=market, role=CaseRole.RESPONDENT, number=f"甬政复〔{plan.year}〕{101 + i * 7}号",
                handler_name=names.person_name(rng), applicant_name=applicant, applicant_kind=kind,
                respondent=market, respondent_name=market.name, body_name=BODY_NAME_RESPONDENT,
                disputed_act="市场监管分局行政处罚决定", act_kind="penalty", sanction_kind="fine",
                amount=Decimal(rng.choice([5000, 10000, 30000, 50000])),
                penalty_case_number=self.penalty_number(market, plan.year), received_on=received,
                copy_received_on=received, reply_received_on=reply, status=ReconsiderationStatus.ACCEPTED,
            )
            steps = [("receive", "收到申请书副本", "", "accepted", received, "行政复议法 第四十八条"),
                     ("record_reply", "被申请人答复", "accepted", "accepted", reply, "行政复议法 第四十八条")]
            if outcome != "pending":
                decided = _working(cal, received + dt.timedelta(days=rng.randint(35, 55)))
                case.update(status=ReconsiderationStatus.DECIDED, decision_type=outcome, decided_on=decided,
                            concluded_on=decided, decision_summary=_SUMMARIES[outcome])
                steps.append(("decide", "复议机关作出决定", "accepted", "decided", decided,
                              core.DecisionType(outcome).article))
            out.append((ReconsiderationCase(**case), steps, []))
        return out

    # ---- litigation ------------------------------------------------------------------------

    def run_litigation(self, plan: YearPlan, sued_case: ReconsiderationCase | None):
        """The year's cases as (fields, steps, hearings): first instances and appeals (linked later)."""
        rng, cal = self.rng, self.cal
        firsts, seconds = [], []
        sued_index = next(i for i, (inst, out, *_r) in enumerate(plan.litigation) if inst == _F and out == "dismiss_claim")
        for i, (instance, outcome, public, suggested) in enumerate(plan.litigation):
            pending = outcome == ""
            day = D(plan.year, 10, 20) + dt.timedelta(days=int(60 * i / len(plan.litigation))) if pending else \
                D(plan.year, 1, 10) + dt.timedelta(days=int(200 * i / len(plan.litigation)))
            received = _working(cal, day)
            org = self.respondent()
            plaintiff, kind = self.applicant()
            case = dict(
                organization=org, court=COURT_FIRST if instance == _F else COURT_SECOND, instance=instance,
                plaintiff_name=plaintiff, plaintiff_kind=kind,
                disputed_act=f"{org.short_name or org.name}行政处罚决定", act_kind="penalty",
                penalty_case_number=self.penalty_number(org, plan.year), public_interest=public,
                filed_on=received - dt.timedelta(days=rng.randint(3, 8)), complaint_received_on=received,
                status="pending",
            )
            if i == sued_index and sued_case is not None:
                # 复议后起诉: the case sued after the committee upheld the act (行政诉讼法 第二十六条第二款)
                received = _working(cal, sued_case.decided_on + dt.timedelta(days=rng.randint(10, 14)))
                case.update(organization=sued_case.respondent, reconsideration_case=sued_case,
                            co_defendants=self.orgs["zone"].name, disputed_act=sued_case.disputed_act,
                            penalty_case_number=sued_case.penalty_case_number, plaintiff_name=sued_case.applicant_name,
                            plaintiff_kind=sued_case.applicant_kind, complaint_received_on=received,
                            filed_on=received - dt.timedelta(days=3))
            steps = [("receive", "收到起诉状副本", "", "pending", case["complaint_received_on"], "行政诉讼法 第六十七条")]
            answered = _wd(cal, case["complaint_received_on"], rng.randint(4, 9))
            case.update(answer_submitted_on=answered, evidence_submitted_on=answered, status="answered")
            steps.append(("answer", "提交答辩状和证据", "pending", "answered", answered, "行政诉讼法 第六十七条"))
            hearings = []
            if outcome not in ("withdrawn", "dismiss_complaint") and (not pending or i % 2 == 0):
                held = _working(cal, answered + dt.timedelta(days=rng.randint(20, 45)))
                required = public or suggested
                absent = i == plan.head_absent
                lawyer_only = i == plan.lawyer_only
                head_appears = (required and not absent) or (not required and not lawyer_only and rng.random() < 0.5)
                hearings.append(dict(
                    held_on=held, court_suggested=suggested, head_required=required, head_appeared=head_appears,
                    head_name=names.person_name(rng) if head_appears else "",
                    head_post=rng.choice(["principal", "deputy", "deputy", "in_charge"]) if head_appears else "",
                    head_title=rng.choice(["局长", "副局长", "副队长", "分管副主任"]) if head_appears else "",
                    staff_names="" if lawyer_only else names.person_name(rng),
                    lawyer_names=f"浙江{names.trade_name(rng)}律师事务所 {names.person_name(rng)}",
                    absence_reason="出席全市安全生产紧急会议" if absent else "",
                    sealed_explanation=absent,
                    flags=["lawyer_only"] if lawyer_only else [], lawyer_only=lawyer_only,
                ))
                steps.append(("record_hearing", "记录开庭及出庭应诉", "answered", "answered", held,
                              "行政诉讼法 第三条第三款；解释 第一百二十八条至第一百三十二条"))
                last = held
            else:
                last = answered
            if not pending:
                result_on = _working(cal, last + dt.timedelta(days=rng.randint(10, 30)))
                served = _wd(cal, result_on, rng.randint(1, 4))
                effective = "dismiss_claim" if outcome == "appealed" else outcome
                case.update(status="concluded", outcome=effective, result_on=result_on, served_on=served,
                            concluded_on=served, result_summary=_COURT_SUMMARIES.get(effective, ""))
                steps.append(("conclude", "记录判决、裁定", "answered", "concluded", result_on, "行政诉讼法 第八十五条"))
                if outcome == "appealed":
                    appealed = _wd(cal, served, rng.randint(5, 9))
                    case.update(appealed_on=appealed, appellant="原告")
                    steps.append(("record_appeal", "记录上诉", "concluded", "concluded", appealed, "行政诉讼法 第八十五条"))
            (seconds if instance == _S else firsts).append((case, steps, hearings))
        return firsts, seconds


_SUMMARIES = {
    "uphold": "被申请人认定事实清楚，证据确凿，适用依据正确，程序合法，内容适当，决定维持",
    "revoke": "被申请人认定事实不清、证据不足，决定撤销，责令六十日内重新作出",
    "vary": "处罚内容不适当，决定变更罚款数额",
    "confirm_illegal": "被申请人未依法告知陈述申辩权利，程序轻微违法但对申请人权利不产生实际影响，确认违法",
    "order_performance": "被申请人对投诉举报未依法处理，责令于三十日内履行法定职责",
    "dismiss_claim": "被申请人在受理前已履行法定职责，驳回复议请求",
    "dismiss_application": "受理后发现申请人与被申请行为无利害关系，驳回申请",
}
_COURT_SUMMARIES = {
    "dismiss_claim": "被诉行政行为证据确凿，适用法律、法规正确，符合法定程序，驳回原告诉讼请求",
    "revoke": "被诉行政行为主要证据不足，判决撤销",
    "confirm_illegal": "被诉行政行为程序轻微违法，判决确认违法",
    "withdrawn": "原告申请撤诉，裁定准许",
    "withdrawn_after_change": "被告改变被诉行政行为，原告同意并申请撤诉，裁定准许",
    "dismiss_complaint": "起诉超过法定期限，裁定驳回起诉",
}


def _opinions(b: _Builder, year: int, body_cases: list[ReconsiderationCase]) -> list[SupervisionOpinion]:
    """个案监督: an opinion on inaction, one on late information disclosure, an art. 76 letter — all rectified."""
    cal, rng = b.cal, b.rng
    out = []
    picks = [
        ("order_performance", OpinionKind.SUPERVISION_OPINION, "关于依法履行投诉举报处理职责的监督意见书",
         "复议审查发现，你单位对群众投诉举报未在法定期限内处理，存在行政不作为。请建立投诉举报受理台账，明确办理时限并落实责任人。"),
        ("information_disclosure", OpinionKind.SUPERVISION_SUGGESTION, "关于规范政府信息公开答复工作的建议书",
         "复议审查发现，你单位政府信息公开申请答复超过法定期限。建议完善依申请公开登记、审核、答复流程。"),
        ("revoke", OpinionKind.RECONSIDERATION_OPINION, "行政复议意见书",
         "复议审查发现，你单位作出行政处罚前调查取证不充分。请纠正相关违法行为并报送纠正情况。"),
    ]
    n = 0
    for key, kind, title, content in picks:
        source = next((c for c in body_cases if c.decision_type == key or c.act_kind == key), None)
        if source is None or source.concluded_on is None:
            continue
        n += 1
        issued = _wd(cal, source.concluded_on, rng.randint(2, 6))
        received = _wd(cal, issued, 1)
        if kind == OpinionKind.RECONSIDERATION_OPINION:
            from fazhi.core.legaltime import compute_deadline

            deadline = compute_deadline("reconsideration.opinion_feedback", received, calendar=cal).deadline
        else:
            deadline = _working(cal, issued + dt.timedelta(days=30))
        reply = _wd(cal, received, rng.randint(8, 15))
        closed = _wd(cal, reply, rng.randint(2, 5))
        out.append(SupervisionOpinion(
            organization=b.orgs["legal_office"], department=source.respondent, kind=kind,
            number=f"甬高新法监〔{year}〕{n}号", title=title, content=content,
            source_type=OpinionSource.RECONSIDERATION, source_id=str(source.pk),
            source_label=f"行政复议案件 {source.number}", issued_on=issued, received_on=received,
            rectification_deadline=deadline, status=OpinionStatus.CLOSED, reply_on=reply,
            reply_text="已对照意见逐项整改，建立工作台账，相关人员已开展专题学习", closed_on=closed,
            review_note="整改落实到位，予以销号",
        ))
    return out


def build_disputes(ctx: DemoContext) -> StepResult:
    """The zone's reconsideration, litigation and supervision records of 2023 and 2024."""
    legal = ctx.orgs["legal_office"]
    existing = ReconsiderationCase.objects.filter(organization=legal).count()
    if existing:
        return ctx.skipped("disputes", reconsideration=existing)
    b = _Builder(ctx)
    created: dict[str, int] = {}
    ctx.total(sum(len(p.body) + len(p.respondent) + 2 * len(p.litigation) for p in PLANS))

    # reconsideration: the committee's cases, then the departments' 应议 cases
    planned = []
    for plan in PLANS:
        planned += [(plan, *row) for row in b.run_body(plan)]
        planned += [(plan, *row) for row in b.run_respondent(plan)]
    cases = ctx.create(ReconsiderationCase, "reconsideration", [c for _, c, _, _ in planned])
    suspensions = []
    for (_plan, _, steps, sus), case in zip(planned, cases, strict=True):
        for action, label, frm, to, on, basis in steps:
            b.step(case, "reconsideration", action, label, frm, to, on, basis)
        suspensions += [ReconsiderationSuspension(case=case, **s) for s in sus]
    ctx.create(ReconsiderationSuspension, "reconsideration_suspension", suspensions)
    created["reconsideration"] = len(cases)

    # litigation: first instances (one of each year sued after reconsideration), then the appeals
    by_year = {}
    for (plan, *_), case in zip(planned, cases, strict=True):
        by_year.setdefault(plan.year, []).append(case)
    lit_rows = []
    seconds_rows = []
    for plan in PLANS:
        body = [c for c in by_year[plan.year] if c.role == CaseRole.BODY]
        sued = [c for c in body if c.decision_type == "uphold"][plan.sued]
        firsts, seconds = b.run_litigation(plan, sued)
        lit_rows += firsts
        seconds_rows += [(plan, row) for row in seconds]
    serial: dict[tuple[int, str], int] = {}

    def number(row) -> str:
        case = row[0]
        year = case["complaint_received_on"].year
        key = (year, case["instance"])
        serial[key] = serial.get(key, 0) + b.rng.randint(3, 11)
        return f"（{year}）浙0212行初{serial[key]}号" if case["instance"] == _F else f"（{year}）浙02行终{serial[key]}号"

    lit_rows.sort(key=lambda r: r[0]["complaint_received_on"])
    first_objs = [LitigationCase(number=number(r), **r[0]) for r in lit_rows]
    firsts_saved = ctx.create(LitigationCase, "litigation", first_objs)
    appealed = sorted((c for c in firsts_saved if c.appealed_on), key=lambda c: c.appealed_on)
    second_objs = []
    second_meta = []
    for _plan, (case, steps, hearings) in seconds_rows:
        # the appeal of the earliest appealed first instance not yet heard, at least 20 days after the appeal
        prev = appealed.pop(0)
        received = max(case["complaint_received_on"],
                       _working(b.cal, prev.appealed_on + dt.timedelta(days=b.rng.randint(20, 30))))
        shift = received - case["complaint_received_on"]
        case = {**case, "previous": prev, "organization": prev.organization, "plaintiff_name": prev.plaintiff_name,
                "plaintiff_kind": prev.plaintiff_kind, "disputed_act": prev.disputed_act,
                "penalty_case_number": prev.penalty_case_number}
        for k in ("complaint_received_on", "filed_on", "answer_submitted_on", "evidence_submitted_on", "result_on",
                  "served_on", "concluded_on"):
            if case.get(k):
                case[k] = _working(b.cal, case[k] + shift)
        steps = [(a, label, f, t, _working(b.cal, on + shift), basis) for a, label, f, t, on, basis in steps]
        hearings = [{**h, "held_on": _working(b.cal, h["held_on"] + shift)} for h in hearings]
        second_objs.append(LitigationCase(number=number((case,)), **case))
        second_meta.append((steps, hearings))
    seconds_saved = ctx.create(LitigationCase, "litigation", second_objs)
    hearing_objs = []
    for case, (_c, steps, hearings) in zip(firsts_saved, lit_rows, strict=True):
        for action, label, frm, to, on, basis in steps:
            b.step(case, "litigation", action, label, frm, to, on, basis)
        hearing_objs += [LitigationHearing(case=case, **h) for h in hearings]
    for case, (steps, hearings) in zip(seconds_saved, second_meta, strict=True):
        for action, label, frm, to, on, basis in steps:
            b.step(case, "litigation", action, label, frm, to, on, basis)
        hearing_objs += [LitigationHearing(case=case, **h) for h in hearings]
    ctx.create(LitigationHearing, "litigation_hearing", hearing_objs)
    created["litigation"] = len(firsts_saved) + len(seconds_saved)
    created["hearings"] = len(hearing_objs)

    # individual-case supervision (个案监督)
    opinions = []
    for plan in PLANS:
        opinions += _opinions(b, plan.year, [c for c in by_year[plan.year] if c.role == CaseRole.BODY])
    opinions = ctx.create(SupervisionOpinion, "opinion", opinions)
    for o in opinions:
        b.step(o, "opinion", "issue", "制发", "", "issued", o.issued_on)
        b.step(o, "opinion", "receive", "签收", "issued", "issued", o.received_on)
        b.step(o, "opinion", "reply", "回复整改情况", "issued", "replied", o.reply_on)
        b.step(o, "opinion", "close", "审核销号", "replied", "closed", o.closed_on)
    created["opinions"] = len(opinions)

    # the history rows of every record (append-only; the records' own audit entries are above)
    StatusChange.objects.bulk_create(
        [
            StatusChange(**{kind: record}, action=action, action_label=label, from_status=frm, to_status=to, on=on,
                         basis=basis, note=note, actor_name="system")
            for record, kind, action, label, frm, to, on, basis, note in b.steps
        ],
        batch_size=2000,
    )
    return StepResult("disputes", created=created)
