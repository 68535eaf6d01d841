"""The legal-time engine (fazhi.core.legaltime): LEGAL.md's worked examples and properties.

Holiday data: chinesecalendar 1.11.0 (2004–2026), as pinned. Each V-vector test
names the article it exercises; the numbers are LEGAL.md's.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fazhi.core.calendar import CalendarYearUnknown, WorkCalendar, YearNotice, default_calendar
from fazhi.core.legaltime import (
    RULES,
    UNVERIFIED_RULES_FILE,
    DeadlineInputError,
    Direction,
    ExtensionNotAllowed,
    InvalidSuspension,
    NotSuspendable,
    Rule,
    StartEvent,
    Unit,
    UnknownRule,
    add_months,
    compute_deadline,
    compute_makeup_variants,
    get_rule,
    load_rules,
    policy_deadline,
    rules_with,
)

CAL = default_calendar()
NO_MAKEUP = default_calendar(makeup_days_are_working=False)
WITH_UNVERIFIED = rules_with(load_rules())


def deadline(rule_id: str, start: date, **kw) -> date | None:
    return compute_deadline(rule_id, start, **kw).deadline


# ---- the rule table ---------------------------------------------------------------------

REQUIRED = [
    # id, law, article, length, unit
    ("reconsideration.application", "行政复议法", 20, 60, Unit.CALENDAR_DAY),
    ("reconsideration.acceptance_review", "行政复议法", 30, 5, Unit.WORKING_DAY),
    ("reconsideration.correction_notice", "行政复议法", 31, 5, Unit.WORKING_DAY),
    ("reconsideration.correction_submission", "行政复议法", 31, 10, Unit.WORKING_DAY),
    ("reconsideration.copy_to_respondent", "行政复议法", 48, 7, Unit.WORKING_DAY),
    ("reconsideration.respondent_reply", "行政复议法", 48, 10, Unit.WORKING_DAY),
    ("reconsideration.copy_to_respondent_simplified", "行政复议法", 54, 3, Unit.WORKING_DAY),
    ("reconsideration.respondent_reply_simplified", "行政复议法", 54, 5, Unit.WORKING_DAY),
    ("reconsideration.decision", "行政复议法", 62, 60, Unit.CALENDAR_DAY),
    ("reconsideration.decision_simplified", "行政复议法", 62, 30, Unit.CALENDAR_DAY),
    ("reconsideration.opinion_feedback", "行政复议法", 76, 60, Unit.CALENDAR_DAY),
    ("penalty.decision", "行政处罚法", 60, 90, Unit.CALENDAR_DAY),
    ("penalty.hearing_request", "行政处罚法", 64, 5, Unit.WORKING_DAY),
    ("penalty.hearing_notice", "行政处罚法", 64, 7, Unit.WORKING_DAY),
    ("penalty.service", "行政处罚法", 61, 7, Unit.WORKING_DAY),
    ("penalty.registered_preservation", "行政处罚法", 56, 7, Unit.WORKING_DAY),
    ("penalty.payment", "行政处罚法", 67, 15, Unit.CALENDAR_DAY),
    ("penalty.limitation_2y", "行政处罚法", 36, 2, Unit.YEAR),
    ("penalty.limitation_5y", "行政处罚法", 36, 5, Unit.YEAR),
    ("litigation.filing_direct", "行政诉讼法", 46, 6, Unit.MONTH),
    ("litigation.filing_after_reconsideration", "行政诉讼法", 45, 15, Unit.CALENDAR_DAY),
    ("litigation.answer", "行政诉讼法", 67, 15, Unit.CALENDAR_DAY),
    ("litigation.appeal_judgment", "行政诉讼法", 85, 15, Unit.CALENDAR_DAY),
    ("litigation.appeal_ruling", "行政诉讼法", 85, 10, Unit.CALENDAR_DAY),
]


@pytest.mark.parametrize(("rule_id", "law", "article", "length", "unit"), REQUIRED)
def test_rule_table_holds_the_issue_periods(rule_id, law, article, length, unit):
    """Each statutory period of issue 3 is in RULES with its law, article, length and unit."""
    rule = get_rule(rule_id)
    assert (rule.law, rule.article, rule.length, rule.unit) == (law, article, length, unit)
    assert rule.verified and rule.source
    assert rule.start_event.id and rule.start_event.label


def test_rule_flags():
    """复议法 第六十二条: extension of at most 30 days; 处罚法 第三十六条: never rolled;
    处罚法 第六十四条 "七日前": a backward count."""
    decision = RULES["reconsideration.decision"]
    assert decision.suspendable and decision.extendable and decision.max_extension == 30
    assert not RULES["reconsideration.decision_simplified"].extendable
    assert not RULES["penalty.limitation_2y"].roll_forward
    assert not RULES["penalty.limitation_5y"].roll_forward
    assert RULES["penalty.hearing_notice"].direction is Direction.BACKWARD
    assert RULES["reconsideration.acceptance_review"].basis == "行政复议法 第三十条"
    assert RULES["reconsideration.decision"].basis == "行政复议法 第六十二条"
    assert RULES["penalty.payment"].basis == "行政处罚法 第六十七条"


def test_unverified_rules_are_data_not_code():
    """LEGAL.md ❌ items (国发〔2019〕5号 20 WD, sector 陈述申辩, sector extension of 处罚法
    第六十条) live in a data file with verified=false and an empty source."""
    loaded = {r.id: r for r in load_rules(UNVERIFIED_RULES_FILE)}
    assert {
        "inspection.result_publication",
        "penalty.statement_defence",
        "penalty.decision",
    } <= set(loaded)
    for rule in loaded.values():
        assert not rule.verified and rule.source == ""
    assert "inspection.result_publication" not in RULES
    assert "penalty.statement_defence" not in RULES
    assert RULES["penalty.decision"].max_extension is None  # the statute sets none
    assert loaded["penalty.decision"].max_extension == 30
    assert loaded["penalty.decision"].basis == "行政处罚法 第六十条"  # inherited from the base rule
    assert all(r.verified and r.source for r in RULES.values())


def test_unknown_rule_names_the_id():
    with pytest.raises(UnknownRule, match="reconsideration.decison") as info:
        get_rule("reconsideration.decison")
    assert isinstance(info.value, ValueError)
    assert "reconsideration.decision" in str(info.value)  # a hint lists the area's rules
    with pytest.raises(UnknownRule, match="inspection.result_publication"):
        compute_deadline("inspection.result_publication", date(2026, 2, 10))


def test_rules_with_adds_and_overrides_without_touching_rules():
    extra = Rule(
        id="hazard.rectification",
        title="隐患整改",
        law="责令限期整改指令书",
        article=None,
        length=15,
        unit=Unit.CALENDAR_DAY,
        start_event=StartEvent("order_served", "指令书送达之日"),
        verified=False,
    )
    table = rules_with([extra, replace(RULES["penalty.payment"], length=30)])
    assert table["hazard.rectification"] is extra
    assert table["penalty.payment"].length == 30
    assert RULES["penalty.payment"].length == 15
    assert "hazard.rectification" not in RULES
    assert deadline("hazard.rectification", date(2025, 9, 20), rules=table) == date(2025, 10, 9)
    assert deadline(extra, date(2025, 9, 20)) == date(2025, 10, 9)  # a Rule object directly
    with pytest.raises(TypeError):
        table["x"] = extra  # type: ignore[index]


def test_rule_json_round_trip_and_validation():
    for rule in RULES.values():
        assert Rule.from_json(json.loads(json.dumps(rule.to_json()))) == rule
    with pytest.raises(ValueError, match="unknown field"):
        Rule.from_json({"base": "penalty.payment", "id": "penalty.payment", "lenght": 3})
    with pytest.raises(ValueError, match="missing field"):
        Rule.from_json({"id": "a.b", "title": "t"})
    with pytest.raises(ValueError, match="must quote its source"):
        replace(RULES["penalty.payment"], source="")
    with pytest.raises(ValueError, match="max_extension"):
        replace(RULES["penalty.service"], max_extension=3)
    with pytest.raises(ValueError, match="backward"):
        replace(RULES["penalty.hearing_notice"], suspendable=True)
    with pytest.raises(ValueError, match="id must"):
        replace(RULES["penalty.payment"], id="Payment")
    with pytest.raises(ValueError, match="not valid JSON"):
        load_rules(__file__)


# ---- LEGAL.md §1 行政复议 -----------------------------------------------------------------


def test_v1_acceptance_review_across_national_day():
    """V1 — 行政复议法 第三十条 (5 WD, 第八十八条第二款): received Sun 2025-09-28 (a make-up day);
    10-11 (Sat, make-up) is day 5. Without make-up days: 2025-10-13."""
    r = compute_deadline("reconsideration.acceptance_review", date(2025, 9, 28))
    assert r.deadline == r.unrolled == date(2025, 10, 11)
    assert r.basis == "行政复议法 第三十条"
    assert "跳过 10-01 至 10-08" in r.derivation
    assert "10-11（周六）为调休上班日" in r.derivation
    assert deadline("reconsideration.acceptance_review", date(2025, 9, 28), calendar=NO_MAKEUP) == (
        date(2025, 10, 13)
    )
    both = compute_makeup_variants("reconsideration.acceptance_review", date(2025, 9, 28))
    assert both.differs
    assert (both.counted.deadline, both.not_counted.deadline) == (
        date(2025, 10, 11),
        date(2025, 10, 13),
    )


def test_v2_decision_and_maximum_extension():
    """V2 — 行政复议法 第六十二条: accepted 2025-10-11, 60 days → 2025-12-10 (Wed);
    the maximum extension of 30 days counts from 12-10 → 2026-01-09 (Fri)."""
    r = compute_deadline("reconsideration.decision", date(2025, 10, 11))
    assert r.deadline == r.unrolled == date(2025, 12, 10)
    assert not r.rolled
    ext = compute_deadline("reconsideration.decision", date(2025, 10, 11), extension_days=30)
    assert ext.deadline == date(2026, 1, 9)
    assert ext.original_deadline == date(2025, 12, 10)
    assert "延长 30 日" in ext.derivation
    with pytest.raises(ExtensionNotAllowed, match=r"reconsideration\.decision.*maximum of 30"):
        compute_deadline("reconsideration.decision", date(2025, 10, 11), extension_days=31)


def test_v3_simplified_decision():
    """V3 — 行政复议法 第六十二条第二款: accepted 2025-10-11, 30 days → 2025-11-10 (Mon)."""
    assert deadline("reconsideration.decision_simplified", date(2025, 10, 11)) == date(2025, 11, 10)


def test_v4_application_rolls_past_national_day():
    """V4 — 行政复议法 第二十条 with 第八十八条 → 民事诉讼法 第八十五条: known 2025-08-04,
    day 60 = 10-03 (holiday) → first working day after the holiday, 2025-10-09."""
    r = compute_deadline("reconsideration.application", date(2025, 8, 4))
    assert (r.unrolled, r.deadline, r.rolled) == (date(2025, 10, 3), date(2025, 10, 9), True)
    assert "国庆节假期，顺延至 2025-10-09" in r.derivation


def test_v5_copy_to_respondent():
    """V5 — 行政复议法 第四十八条 (7 WD): accepted 2025-10-11 → 2025-10-21 (Tue)."""
    assert deadline("reconsideration.copy_to_respondent", date(2025, 10, 11)) == date(2025, 10, 21)


def test_v6_respondent_reply_across_new_year_2026():
    """V6 — 行政复议法 第四十八条 (10 WD): copy received 2025-12-31; 2026-01-04 (Sun) is a
    make-up day (1) → 2026-01-15 (Thu)."""
    r = compute_deadline("reconsideration.respondent_reply", date(2025, 12, 31))
    assert r.deadline == date(2026, 1, 15)
    assert "2026-01-04（周日）为调休上班日" in r.derivation


def test_v6b_simplified_procedure_across_spring_festival_2026():
    """V6b — 行政复议法 第五十四条: accepted 2026-02-12 → copy within 3 WD → 2026-02-24;
    reply within 5 WD of receipt 2026-02-13 → 2026-02-27."""
    start = date(2026, 2, 12)
    assert deadline("reconsideration.copy_to_respondent_simplified", start) == date(2026, 2, 24)
    reply = date(2026, 2, 13)
    assert deadline("reconsideration.respondent_reply_simplified", reply) == date(2026, 2, 27)


def test_v7_correction_notice_and_submission():
    """V7 — 行政复议法 第三十一条: received 2026-09-30 → notice within 5 WD → 2026-10-13;
    notice received 2026-10-09 → 10 WD → 2026-10-22."""
    assert deadline("reconsideration.correction_notice", date(2026, 9, 30)) == date(2026, 10, 13)
    assert deadline("reconsideration.correction_submission", date(2026, 10, 9)) == date(
        2026, 10, 22
    )


def test_v17_acceptance_review_2024_mid_autumn():
    """V17 — 行政复议法 第三十条 (2024 data): received 2024-09-13 → 2024-09-23 (Mon)."""
    assert deadline("reconsideration.acceptance_review", date(2024, 9, 13)) == date(2024, 9, 23)


def test_v18_application_2024_national_day():
    """V18 — 行政复议法 第二十条 (2024): 60 days from 2024-08-03 → 10-02 (holiday) → 2024-10-08."""
    r = compute_deadline("reconsideration.application", date(2024, 8, 3))
    assert (r.unrolled, r.deadline) == (date(2024, 10, 2), date(2024, 10, 8))


def test_v19_acceptance_review_new_year_2026():
    """V19 — 行政复议法 第三十条: received 2025-12-30 → 2026-01-07."""
    assert deadline("reconsideration.acceptance_review", date(2025, 12, 30)) == date(2026, 1, 7)


# ---- LEGAL.md §2 行政处罚 -----------------------------------------------------------------


def test_v8_hearing_request_after_labour_day():
    """V8 — 行政处罚法 第六十四条第一项 (5 WD, 第八十五条): notice 2025-04-30 → 2025-05-12."""
    assert deadline("penalty.hearing_request", date(2025, 4, 30)) == date(2025, 5, 12)


def test_v9_hearing_notice_counts_back():
    """V9 — 行政处罚法 第六十四条第二项 "七日前" (7 WD back, hearing day excluded):
    hearing 2025-10-15 → notice no later than 2025-09-29."""
    r = compute_deadline("penalty.hearing_notice", date(2025, 10, 15))
    assert r.deadline == date(2025, 9, 29)
    assert r.basis == "行政处罚法 第六十四条"
    assert "10-11（周六）为调休上班日" in r.derivation
    assert "最迟 2025-09-29" in r.derivation


def test_v10_fine_payment():
    """V10 — 行政处罚法 第六十七条 (15 calendar days): received Sat 2025-09-20 → 10-05
    (holiday) → 2025-10-09."""
    r = compute_deadline("penalty.payment", date(2025, 9, 20))
    assert (r.unrolled, r.deadline) == (date(2025, 10, 5), date(2025, 10, 9))


def test_v11_penalty_decision_warns_at_the_raw_day():
    """V11 — 行政处罚法 第六十条 (90 days): filed 2025-07-04 → raw day 2025-10-02 (the early
    warning), rolled 2025-10-09 (the hard limit, LEGAL.md §0 item 4)."""
    r = compute_deadline("penalty.decision", date(2025, 7, 4))
    assert (r.unrolled, r.deadline) == (date(2025, 10, 2), date(2025, 10, 9))


def test_v12_service_across_spring_festival():
    """V12 — 行政处罚法 第六十一条 (7 WD): announced 2026-02-11 → 2026-02-27."""
    assert deadline("penalty.service", date(2026, 2, 11)) == date(2026, 2, 27)


def test_v20_limitation_is_not_rolled_and_needs_no_calendar():
    """V20 — 行政处罚法 第三十六条: act on 2023-10-01 → 2 years → 2025-10-01 (a holiday, not
    rolled: a discovery window); 5 years → 2028-10-01, although no calendar covers 2028."""
    two = compute_deadline("penalty.limitation_2y", date(2023, 10, 1))
    assert two.deadline == two.unrolled == date(2025, 10, 1)
    assert not two.rolled
    assert "不因节假日顺延" in two.derivation
    assert deadline("penalty.limitation_5y", date(2023, 10, 1)) == date(2028, 10, 1)


def test_registered_preservation():
    """行政处罚法 第五十六条 (7 WD): preserved 2025-09-30 → 10-09 (1) … 10-11 (3) … 10-16."""
    assert deadline("penalty.registered_preservation", date(2025, 9, 30)) == date(2025, 10, 16)


# ---- LEGAL.md §3 行政诉讼 -----------------------------------------------------------------


def test_v13_six_months_to_a_missing_day_ending_on_a_makeup_saturday():
    """V13 — 行政诉讼法 第四十六条, 民法典 第二百零二条: knew 2025-08-31 → 2026-02-31 does not
    exist → month-end 2026-02-28, a make-up Saturday, not rolled. Treating make-up days as rest
    days gives 2026-03-02."""
    r = compute_deadline("litigation.filing_direct", date(2025, 8, 31))
    assert r.deadline == r.unrolled == date(2026, 2, 28)
    assert "2026-02-31 不存在" in r.derivation
    assert deadline("litigation.filing_direct", date(2025, 8, 31), calendar=NO_MAKEUP) == date(
        2026, 3, 2
    )


def test_v14_fifteen_days_after_reconsideration_in_spring_festival():
    """V14 — 行政诉讼法 第四十五条: received 2026-02-06 → 02-21 (holiday) → 2026-02-24."""
    r = compute_deadline("litigation.filing_after_reconsideration", date(2026, 2, 6))
    assert (r.unrolled, r.deadline) == (date(2026, 2, 21), date(2026, 2, 24))


def test_v15_answer_ending_on_a_makeup_sunday():
    """V15 — 行政诉讼法 第六十七条 (15 days): copy received 2025-12-20 → 2026-01-04, a make-up
    Sunday, not rolled; with make-up days as rest days → 2026-01-05."""
    assert deadline("litigation.answer", date(2025, 12, 20)) == date(2026, 1, 4)
    off = compute_deadline("litigation.answer", date(2025, 12, 20), calendar=NO_MAKEUP)
    assert (off.unrolled, off.deadline) == (date(2026, 1, 4), date(2026, 1, 5))
    assert not off.makeup_days_are_working


def test_appeals():
    """行政诉讼法 第八十五条: judgment 15 days, ruling 10 days from service."""
    assert deadline("litigation.appeal_judgment", date(2025, 9, 20)) == date(2025, 10, 9)
    assert deadline("litigation.appeal_ruling", date(2025, 9, 21)) == date(2025, 10, 9)
    assert deadline("litigation.appeal_ruling", date(2025, 11, 3)) == date(2025, 11, 13)


# ---- LEGAL.md §6 双随机 (unverified rule) --------------------------------------------------


def test_v16_publication_of_inspection_results():
    """V16 — 国发〔2019〕5号 (❌ unverified, loaded as data): finished 2026-02-10, 20 WD →
    2026-03-16; without make-up days 2026-03-18."""
    r = compute_deadline("inspection.result_publication", date(2026, 2, 10), rules=WITH_UNVERIFIED)
    assert r.deadline == date(2026, 3, 16)
    assert not r.verified
    assert "未经核实" in r.derivation
    off = deadline(
        "inspection.result_publication",
        date(2026, 2, 10),
        rules=WITH_UNVERIFIED,
        calendar=NO_MAKEUP,
    )
    assert off == date(2026, 3, 18)


# ---- LEGAL.md §7 policy deadlines --------------------------------------------------------


def test_policy_deadline_is_before_a_date_and_never_rolled():
    """LEGAL.md decision 8 / 督察工作规定 第二十四条: publish "每年4月1日之前" → by 2026-03-31."""
    p = policy_deadline(date(2026, 4, 1), label="法治政府建设年度报告公开", basis="督察工作规定")
    assert p.last_day == date(2026, 3, 31)
    assert p.display == "2026-04-01 前"
    assert "不因节假日顺延" in p.derivation
    sunday = policy_deadline(date(2026, 3, 2), label="报告")  # last day Sun 03-01: not rolled
    assert sunday.last_day == date(2026, 3, 1)


# ---- calendars: unknown years and loaded notices -----------------------------------------


def test_unknown_year_is_an_error_naming_the_year():
    """LEGAL.md decision 7: a deadline that runs into 2027 (no notice yet) raises, naming 2027."""
    with pytest.raises(CalendarYearUnknown, match="2027"):
        compute_deadline("reconsideration.decision", date(2026, 12, 11))
    with pytest.raises(CalendarYearUnknown, match="2027"):
        compute_deadline("reconsideration.acceptance_review", date(2026, 12, 28))
    with pytest.raises(CalendarYearUnknown, match="2027"):
        compute_deadline("penalty.payment", date(2027, 3, 1))


def test_a_loaded_year_notice_changes_the_answer():
    """An administrator loads a notice: 2027 becomes computable, and a correction to 2025 moves
    a deadline (V4 without the 10-09 working day rolls to 10-10)."""
    notice_2027 = YearNotice(2027, days_off={date(2027, 2, 9): "春节", date(2027, 2, 10): "春节"})
    cal = WorkCalendar.with_notices([notice_2027])
    assert deadline("reconsideration.decision", date(2026, 12, 11), calendar=cal) == date(
        2027, 2, 11
    )
    fix = YearNotice(
        2025,
        days_off={date(2025, 10, d): "国庆节" for d in range(1, 10)},
        makeup_working_days={date(2025, 9, 28): "国庆节", date(2025, 10, 11): "国庆节"},
    )
    fixed = WorkCalendar.with_notices([fix])
    assert deadline("reconsideration.application", date(2025, 8, 4)) == date(2025, 10, 9)
    assert deadline("reconsideration.application", date(2025, 8, 4), calendar=fixed) == date(
        2025, 10, 10
    )


# ---- suspension (LEGAL.md decision 5) ----------------------------------------------------


def test_suspension_moves_a_calendar_day_period_by_the_suspended_days():
    """行政复议法 第三十九条: suspended 11-01, resumed 11-11 → 10 days not counted; 12-10 + 10 =
    12-20 (Sat) → rolled to 12-22."""
    r = compute_deadline(
        "reconsideration.decision",
        date(2025, 10, 11),
        suspensions=[(date(2025, 11, 1), date(2025, 11, 11))],
    )
    assert r.suspended_days == 10
    assert (r.unrolled, r.deadline) == (date(2025, 12, 20), date(2025, 12, 22))
    assert "中止 11-01 至 11-10（11-11 恢复），不计 10 日" in r.derivation


def test_suspension_moves_a_working_day_period_by_working_days():
    """A working-day period moves by the working days suspended (LEGAL.md decision 5)."""
    rule = replace(RULES["reconsideration.acceptance_review"], suspendable=True)
    r = compute_deadline(
        rule, date(2025, 9, 28), suspensions=[(date(2025, 9, 30), date(2025, 10, 10))]
    )
    # counted: 09-29 (1); suspended 09-30 … 10-09 (09-30 and 10-09 are working days: 2);
    # resumed: 10-10 (2), 10-11 (3), 10-13 (4), 10-14 (5)
    assert r.suspended_days == 2
    assert r.deadline == date(2025, 10, 14)


def test_suspension_on_the_last_day_and_after_it():
    start = date(2025, 10, 11)
    on_last = [(date(2025, 12, 10), date(2025, 12, 15))]
    assert deadline("reconsideration.decision", start, suspensions=on_last) == date(2025, 12, 15)
    after = [(date(2025, 12, 11), date(2025, 12, 31))]
    r = compute_deadline("reconsideration.decision", start, suspensions=after)
    assert r.deadline == date(2025, 12, 10)
    assert r.suspended_days == 0
    assert "不影响期限" in r.derivation


def test_suspension_before_the_start_counts_from_the_day_after_it():
    start = date(2025, 10, 11)
    before = [(date(2025, 10, 1), date(2025, 10, 14))]  # days 10-12 and 10-13 not counted
    assert deadline("reconsideration.decision", start, suspensions=before) == date(2025, 12, 12)
    wholly_before = [(date(2025, 9, 1), date(2025, 10, 5))]
    assert deadline("reconsideration.decision", start, suspensions=wholly_before) == date(
        2025, 12, 10
    )


def test_overlapping_suspensions_are_merged():
    start = date(2025, 10, 11)
    parts = [(date(2025, 11, 5), date(2025, 11, 11)), (date(2025, 11, 1), date(2025, 11, 8))]
    assert deadline("reconsideration.decision", start, suspensions=parts) == deadline(
        "reconsideration.decision", start, suspensions=[(date(2025, 11, 1), date(2025, 11, 11))]
    )


def test_an_open_suspension_leaves_the_deadline_unknown():
    """Still suspended (no resumption date): deadline None, remaining days reported."""
    r = compute_deadline(
        "reconsideration.decision", date(2025, 10, 11), suspensions=[(date(2025, 11, 1), None)]
    )
    assert r.suspended and r.deadline is None and r.unrolled is None
    assert r.remaining == 40  # 10-12 … 10-31 counted: 20 of 60
    assert "尚未恢复" in r.derivation
    data = json.loads(r.to_json())
    assert data["deadline"] is None and data["suspended"] is True
    resumed = compute_deadline(
        "reconsideration.decision",
        date(2025, 10, 11),
        suspensions=[(date(2025, 11, 1), date(2025, 11, 21))],
    )
    assert resumed.unrolled == date(2025, 11, 20) + timedelta(days=40)


def test_suspension_errors():
    start = date(2025, 10, 11)
    with pytest.raises(NotSuspendable, match="penalty.payment"):
        compute_deadline("penalty.payment", start, suspensions=[(start, date(2025, 10, 20))])
    with pytest.raises(InvalidSuspension, match="before the suspension"):
        compute_deadline(
            "reconsideration.decision", start, suspensions=[(date(2025, 11, 5), date(2025, 11, 1))]
        )
    with pytest.raises(DeadlineInputError, match="at most one"):
        compute_deadline(
            "reconsideration.decision",
            start,
            suspensions=[(date(2025, 11, 5), None), (date(2025, 11, 8), None)],
        )


def test_litigation_filing_time_lost_is_not_counted():
    """行政诉讼法 第四十八条: time lost to force majeure is not counted in the filing period."""
    r = compute_deadline(
        "litigation.filing_direct",
        date(2025, 3, 10),
        suspensions=[(date(2025, 4, 1), date(2025, 4, 11))],
    )
    assert r.unrolled == date(2025, 9, 20)  # 2025-09-10 + 10 days
    assert r.deadline == date(2025, 9, 22)  # Sat → Mon


# ---- extension (LEGAL.md decision 6) -----------------------------------------------------


def test_extension_errors_and_uncapped_extensions():
    start = date(2025, 10, 11)
    with pytest.raises(ExtensionNotAllowed, match="cannot be extended"):
        compute_deadline("reconsideration.decision_simplified", start, extension_days=5)
    with pytest.raises(ExtensionNotAllowed, match="negative"):
        compute_deadline("reconsideration.decision", start, extension_days=-1)
    # 行政复议法 第三十一条第二款: a reasonable extension of the correction period, no cap
    r = compute_deadline(
        "reconsideration.correction_submission", date(2026, 10, 9), extension_days=5
    )
    assert r.original_deadline == date(2026, 10, 22)
    assert r.deadline == date(2026, 10, 29)


def test_sectoral_extension_of_the_penalty_period_is_configurable():
    """处罚法 第六十条 sets no extension; the unverified sectoral +30 comes from data."""
    with pytest.raises(ExtensionNotAllowed):
        compute_deadline("penalty.decision", date(2025, 7, 4), extension_days=30)
    r = compute_deadline(
        "penalty.decision", date(2025, 7, 4), extension_days=30, rules=WITH_UNVERIFIED
    )
    assert r.original_deadline == date(2025, 10, 9)
    assert r.deadline == date(2025, 11, 3)  # 10-02 + 30 = 11-01 (Sat) → 11-03
    assert not r.verified


def test_result_json_has_the_documented_keys():
    data = json.loads(compute_deadline("penalty.decision", date(2025, 7, 4)).to_json())
    assert {"rule", "start", "deadline", "unrolled", "basis", "derivation"} <= set(data)
    assert data["deadline"] == "2025-10-09" and data["unrolled"] == "2025-10-02"


def test_add_months_corresponding_day():
    """民法典 第二百零二条: the corresponding day, or the month's last day when there is none."""
    assert add_months(date(2025, 8, 31), 6) == (date(2026, 2, 28), True)
    assert add_months(date(2024, 2, 29), 12) == (date(2025, 2, 28), True)
    assert add_months(date(2024, 1, 31), 1) == (date(2024, 2, 29), True)
    assert add_months(date(2025, 3, 10), 6) == (date(2025, 9, 10), False)
    assert add_months(date(2025, 3, 31), -1) == (date(2025, 2, 28), True)


def test_start_must_be_a_date():
    from datetime import datetime

    with pytest.raises(DeadlineInputError, match="start must be a date"):
        compute_deadline("penalty.payment", datetime(2025, 9, 20, 10, 0))


# ---- properties (hypothesis) -------------------------------------------------------------

STARTS = st.dates(min_value=date(2004, 2, 1), max_value=date(2025, 6, 30))
ROLLING = sorted(
    r for r, rule in RULES.items() if rule.unit is not Unit.WORKING_DAY and rule.roll_forward
)
WORKING = sorted(r for r, rule in RULES.items() if rule.unit is Unit.WORKING_DAY)
SUSPENDABLE = sorted(r for r, rule in RULES.items() if rule.suspendable)
FORWARD = sorted(r for r, rule in RULES.items() if rule.direction is Direction.FORWARD)
FLAGS = st.sampled_from([CAL, NO_MAKEUP])


@settings(max_examples=400, deadline=None)
@given(rule_id=st.sampled_from(ROLLING), start=STARTS, cal=FLAGS)
def test_property_calendar_day_deadline_is_never_a_rest_day(rule_id, start, cal):
    """A rolled calendar-day/month deadline is a working day, at or after the unrolled day and
    with only rest days between them."""
    r = compute_deadline(rule_id, start, calendar=cal)
    assert cal.is_working_day(r.deadline)
    assert r.deadline >= r.unrolled
    assert cal.working_days_between(r.unrolled, r.deadline) == (1 if r.rolled else 0)


@settings(max_examples=400, deadline=None)
@given(rule_id=st.sampled_from(WORKING), start=STARTS, cal=FLAGS)
def test_property_working_day_deadline_counts_exactly_n(rule_id, start, cal):
    """A working-day deadline is a working day, N working days after the start (start excluded)."""
    r = compute_deadline(rule_id, start, calendar=cal)
    rule = RULES[rule_id]
    assert cal.is_working_day(r.deadline)
    if rule.direction is Direction.FORWARD:
        assert cal.working_days_between(start, r.deadline) == rule.length
    else:
        assert cal.working_days_between(r.deadline - timedelta(days=1), start - timedelta(1)) == (
            rule.length
        )


@settings(max_examples=300, deadline=None)
@given(
    start=STARTS,
    n1=st.integers(min_value=0, max_value=60),
    n2=st.integers(min_value=0, max_value=60),
    cal=FLAGS,
)
def test_property_working_day_counts_are_monotone(start, n1, n2, cal):
    """More working days never end earlier; strictly later when more."""
    lo, hi = sorted((n1, n2))
    a, b = cal.add_working_days(start, lo), cal.add_working_days(start, hi)
    assert a <= b
    if lo < hi:
        assert a < b


@settings(max_examples=300, deadline=None)
@given(rule_id=st.sampled_from(FORWARD), s1=STARTS, s2=STARTS)
def test_property_later_start_never_ends_earlier(rule_id, s1, s2):
    a, b = sorted((s1, s2))
    assert compute_deadline(rule_id, a).deadline <= compute_deadline(rule_id, b).deadline


@settings(max_examples=400, deadline=None)
@given(
    rule_id=st.sampled_from(SUSPENDABLE),
    start=STARTS,
    offset=st.integers(min_value=-10, max_value=200),
    length=st.integers(min_value=0, max_value=60),
    cal=FLAGS,
)
def test_property_suspension_never_shortens_a_period(rule_id, start, offset, length, cal):
    """A suspension never moves a deadline earlier; it moves it by at least the counted days."""
    base = compute_deadline(rule_id, start, calendar=cal)
    f = start + timedelta(days=offset)
    t = f + timedelta(days=length)
    r = compute_deadline(rule_id, start, calendar=cal, suspensions=[(f, t)])
    assert r.deadline >= base.deadline
    assert r.unrolled >= base.unrolled
    if f <= base.unrolled and f > start and RULES[rule_id].unit is not Unit.WORKING_DAY:
        assert r.unrolled == base.unrolled + timedelta(days=length)


@settings(max_examples=200, deadline=None)
@given(
    start=STARTS,
    ext=st.integers(min_value=0, max_value=30),
    cal=FLAGS,
)
def test_property_extension_counts_from_the_original_end(start, ext, cal):
    """行政复议法 第六十二条: the extended deadline is the original unrolled end + ext, rolled."""
    base = compute_deadline("reconsideration.decision", start, calendar=cal)
    r = compute_deadline("reconsideration.decision", start, calendar=cal, extension_days=ext)
    assert r.unrolled == base.unrolled + timedelta(days=ext)
    assert r.deadline >= base.deadline
    assert cal.is_working_day(r.deadline)
