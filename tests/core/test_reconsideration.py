"""行政复议 rules in the pure core (fazhi.core.reconsideration): one test per article.

Holiday data: chinesecalendar 1.11.0 as pinned; the dates are LEGAL.md's vectors.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core.calendar import default_calendar
from fazhi.core.legaltime import compute_deadline
from fazhi.core.reconsideration import (
    SUSPENSION_TERMINATION_GROUNDS,
    TERMINAL_STATUSES,
    TRANSITIONS,
    Action,
    DecisionType,
    InvalidTransition,
    Procedure,
    ReconsiderationDates,
    Role,
    Sanction,
    SanctionKind,
    Status,
    SuspensionGround,
    WorseVariation,
    allowed_actions,
    check_variation,
    deemed_acceptance_on,
    reconsideration_deadlines,
    simplified_eligibility,
    suspension_limit,
    transition,
    worse_variation_reason,
)

CAL = default_calendar()


class TestTransitions:
    def test_receipt_to_decision_through_the_table(self):
        """A case runs 收到 → 受理 → 中止 → 恢复 → 决定 → 公开 (第三十条、第三十九条、第六十八条、第七十九条)."""
        s = Status.RECEIVED
        for action in (Action.ACCEPT, Action.SEND_COPY, Action.RECORD_REPLY, Action.HEAR_VIEWS,
                       Action.SUSPEND, Action.RESUME, Action.EXTEND, Action.DECIDE, Action.PUBLISH):
            s = transition(s, action, Role.BODY)
        assert s == Status.DECIDED

    def test_correction_then_review_again(self):
        """第三十一条: 补正 → 收到补正材料 → 依第三十条审查; 逾期不补正视为放弃."""
        s = transition(Status.RECEIVED, Action.REQUEST_CORRECTION, Role.BODY)
        assert s == Status.CORRECTION_REQUESTED
        assert transition(s, Action.RECEIVE_CORRECTION, Role.BODY) == Status.RECEIVED
        assert transition(s, Action.CORRECTION_LAPSE, Role.BODY) == Status.ABANDONED

    def test_no_decision_while_suspended(self):
        """第三十九条第二款: 中止原因消除后恢复审理 — a decision needs the case resumed first."""
        with pytest.raises(InvalidTransition, match="第三十九条第二款"):
            transition(Status.SUSPENDED, Action.DECIDE, Role.BODY)

    def test_accepted_case_cannot_be_not_accepted_but_dismissed(self):
        """第三十三条: after acceptance the remedy is 驳回申请, not 不予受理."""
        with pytest.raises(InvalidTransition, match="第三十三条"):
            transition(Status.ACCEPTED, Action.NOT_ACCEPT, Role.BODY)

    def test_terminal_states_refuse_everything_but_publication(self):
        for status in TERMINAL_STATUSES:
            for action in Action:
                if (status, action) in TRANSITIONS:
                    assert (status, action) == (Status.DECIDED, Action.PUBLISH)
                    continue
                with pytest.raises(InvalidTransition) as exc:
                    transition(status, action, Role.BODY)
                assert "行政复议法" in exc.value.message

    def test_every_refusal_names_an_article(self):
        for status in Status:
            for action in Action:
                for role in Role:
                    try:
                        transition(status, action, role)
                    except InvalidTransition as exc:
                        assert "第" in exc.message and "条" in exc.message, exc.message

    def test_respondent_cannot_run_the_bodys_steps(self):
        """应议: the department answers; acceptance and correction belong to the other body."""
        with pytest.raises(InvalidTransition, match="应议"):
            transition(Status.RECEIVED, Action.ACCEPT, Role.RESPONDENT)
        assert Action.RECORD_REPLY in allowed_actions(Status.ACCEPTED, Role.RESPONDENT)
        assert Action.SEND_COPY not in allowed_actions(Status.ACCEPTED, Role.RESPONDENT)

    def test_suspended_case_may_end_by_termination_or_mediation(self):
        """第四十一条第五项 and 第三十九条第一款第六项 end a suspended case directly."""
        assert transition(Status.SUSPENDED, Action.TERMINATE, Role.BODY) == Status.TERMINATED
        assert transition(Status.SUSPENDED, Action.MEDIATE, Role.BODY) == Status.MEDIATED


class TestDecisionTypes:
    def test_the_two_dismissals_are_distinct(self):
        """驳回申请 (第三十三条) is procedural; 驳回复议请求 (第六十九条) is on the merits."""
        assert DecisionType.DISMISS_APPLICATION.article == "行政复议法 第三十三条"
        assert DecisionType.DISMISS_CLAIM.article == "行政复议法 第六十九条"
        assert not DecisionType.DISMISS_APPLICATION.on_merits
        assert DecisionType.DISMISS_CLAIM.on_merits
        assert DecisionType.DISMISS_APPLICATION.label != DecisionType.DISMISS_CLAIM.label

    def test_corrections(self):
        corrected = {d for d in DecisionType if d.is_correction}
        assert corrected == {
            DecisionType.VARY, DecisionType.REVOKE, DecisionType.PARTIALLY_REVOKE,
            DecisionType.CONFIRM_ILLEGAL, DecisionType.ORDER_PERFORMANCE, DecisionType.CONFIRM_VOID,
        }


class TestSimplifiedProcedure:
    """第五十三条."""

    def test_3000_yuan_is_allowed(self):
        e = simplified_eligibility(facts_clear=True, amount=Decimal("3000"))
        assert e.allowed and "第五十三条第一款第三项" in e.grounds[0]

    def test_2800_yuan_is_allowed(self):
        assert simplified_eligibility(facts_clear=True, amount=2800).allowed

    def test_3001_yuan_is_not_allowed(self):
        e = simplified_eligibility(facts_clear=True, amount=Decimal("3001"))
        assert not e.allowed and "第五十三条" in e.reason and "3,001" in e.reason

    def test_3001_yuan_is_allowed_when_all_parties_agree(self):
        e = simplified_eligibility(facts_clear=True, amount=3001, all_parties_agree=True)
        assert e.allowed and "第五十三条第二款" in e.grounds[0]

    @pytest.mark.parametrize("kind", [SanctionKind.WARNING, SanctionKind.CIRCULATED_CRITICISM])
    def test_warning_and_circulated_criticism_are_allowed(self, kind):
        e = simplified_eligibility(facts_clear=True, sanction_kind=kind)
        assert e.allowed and "第二项" in e.grounds[0]

    def test_on_the_spot_and_information_disclosure_are_allowed(self):
        assert simplified_eligibility(facts_clear=True, on_the_spot=True, amount=9000).allowed
        assert simplified_eligibility(facts_clear=True, information_disclosure=True).allowed

    def test_disputed_facts_exclude_it_even_for_small_amounts(self):
        e = simplified_eligibility(facts_clear=False, amount=100, all_parties_agree=True)
        assert not e.allowed and "事实清楚" in e.reason


class TestNoWorseVariation:
    """第六十三条第二款: 不得作出对申请人更为不利的变更决定，但是第三人提出相反请求的除外."""

    def test_a_higher_fine_is_refused(self):
        with pytest.raises(WorseVariation, match="第六十三条第二款"):
            check_variation(original=[Sanction(SanctionKind.FINE, Decimal(5000))],
                            varied=[Sanction(SanctionKind.FINE, Decimal(8000))])

    def test_a_lower_fine_is_allowed(self):
        check_variation(original=[Sanction(SanctionKind.FINE, Decimal(5000))],
                        varied=[Sanction(SanctionKind.FINE, Decimal(2000))])

    def test_a_third_partys_contrary_request_allows_it(self):
        check_variation(original=[Sanction(SanctionKind.FINE, 5000)], varied=[Sanction(SanctionKind.FINE, 8000)],
                        third_party_contrary_request=True)

    def test_adding_a_heavier_kind_is_worse(self):
        reason = worse_variation_reason([Sanction(SanctionKind.FINE, 5000)],
                                        [Sanction(SanctionKind.FINE, 5000), Sanction(SanctionKind.SUSPEND_BUSINESS, days=10)])
        assert reason and "责令停产停业" in reason

    def test_replacing_a_revocation_by_a_fine_is_lighter(self):
        assert worse_variation_reason([Sanction(SanctionKind.REVOKE_PERMIT)], [Sanction(SanctionKind.FINE, 3000)]) is None

    def test_replacing_a_fine_by_a_warning_is_lighter(self):
        assert worse_variation_reason([Sanction(SanctionKind.FINE, 3000)], [Sanction(SanctionKind.WARNING)]) is None

    def test_longer_detention_is_worse(self):
        assert worse_variation_reason([Sanction(SanctionKind.DETENTION, days=5)],
                                      [Sanction(SanctionKind.DETENTION, days=10)])

    @given(st.integers(0, 10**6), st.integers(0, 10**6))
    def test_a_fine_variation_is_worse_exactly_when_it_grows(self, a, b):
        reason = worse_variation_reason([Sanction(SanctionKind.FINE, a)], [Sanction(SanctionKind.FINE, b)])
        assert (reason is not None) == (b > a)


class TestSuspensionLimit:
    """第四十一条第五项: 依第三十九条第一款第一、二、四项中止满六十日，原因仍未消除 → 终止."""

    @pytest.mark.parametrize("ground", ["1", "2", "4"])
    def test_grounds_1_2_4_flag_at_60_days(self, ground):
        start = date(2024, 3, 1)
        day_60 = start + timedelta(days=60)  # the suspension day itself is not counted
        before = suspension_limit(ground=ground, suspended_on=start, resumed_on=None,
                                  today=day_60 - timedelta(days=1), calendar=CAL)
        at = suspension_limit(ground=ground, suspended_on=start, resumed_on=None, today=day_60, calendar=CAL)
        assert before.applies and not before.due
        assert at.due and at.reached_on == date(2024, 4, 30)

    def test_a_limit_falling_on_a_holiday_is_not_rolled(self):
        """The 60 days are a duration that has run, not a day to act on."""
        r = suspension_limit(ground="1", suspended_on=date(2024, 8, 2), resumed_on=None,
                             today=date(2024, 10, 1), calendar=CAL)
        assert r.reached_on == date(2024, 10, 1) and r.due

    def test_a_resumed_suspension_is_not_flagged(self):
        r = suspension_limit(ground="2", suspended_on=date(2024, 3, 1), resumed_on=date(2024, 4, 1),
                             today=date(2024, 12, 1), calendar=CAL)
        assert r.applies and not r.due

    @pytest.mark.parametrize("ground", [g for g in SuspensionGround if g not in SUSPENSION_TERMINATION_GROUNDS])
    def test_other_grounds_never_flag(self, ground):
        r = suspension_limit(ground=ground, suspended_on=date(2023, 1, 1), resumed_on=None,
                             today=date(2024, 12, 31), calendar=CAL)
        assert not r.applies and not r.due


class TestDeemedAcceptance:
    """第三十条第三款: 审查期限届满未作出不予受理决定的，审查期限届满之日起视为受理."""

    def test_v1_received_on_a_makeup_sunday(self):
        """LEGAL.md V1: received 2025-09-28; the 5-working-day review ends 2025-10-11 (a make-up Saturday)."""
        assert deemed_acceptance_on(review_start=date(2025, 9, 28), today=date(2025, 10, 11), calendar=CAL) is None
        assert deemed_acceptance_on(review_start=date(2025, 9, 28), today=date(2025, 10, 12), calendar=CAL) == date(2025, 10, 11)

    def test_v17_mid_autumn_2024(self):
        assert deemed_acceptance_on(review_start=date(2024, 9, 13), today=date(2024, 9, 24), calendar=CAL) == date(2024, 9, 23)


class TestDeadlines:
    def test_a_20_day_suspension_moves_the_decision_date_by_20_days(self):
        """第六十二条 with 第三十九条: accepted 2025-10-11 → 12-10; suspended 20 days → 12-30."""
        base = ReconsiderationDates(received_on=date(2025, 9, 28), accepted_on=date(2025, 10, 11),
                                    review_concluded_on=date(2025, 10, 11))
        plain = {d.key: d for d in reconsideration_deadlines(base, calendar=CAL)}
        assert plain["decision"].deadline == date(2025, 12, 10)
        suspended = replace(base, suspensions=((date(2025, 10, 20), date(2025, 11, 9)),))
        moved = {d.key: d for d in reconsideration_deadlines(suspended, calendar=CAL)}["decision"]
        assert moved.deadline == date(2025, 12, 30)
        assert moved.result.suspended_days == 20

    def test_an_open_suspension_stops_the_clock(self):
        dates = ReconsiderationDates(received_on=date(2025, 9, 28), accepted_on=date(2025, 10, 11),
                                     suspensions=((date(2025, 10, 20), None),))
        decision = {d.key: d for d in reconsideration_deadlines(dates, calendar=CAL)}["decision"]
        assert decision.deadline is None and decision.result.remaining == 52
        assert decision.state(date(2026, 6, 1)) == "suspended"

    def test_extension_by_the_head_of_the_body(self):
        """V2: +30 days from the end of the original 60 → 2026-01-09."""
        dates = ReconsiderationDates(accepted_on=date(2025, 10, 11), extension_days=30)
        decision = {d.key: d for d in reconsideration_deadlines(dates, calendar=CAL)}["decision"]
        assert decision.deadline == date(2026, 1, 9)

    def test_simplified_procedure_periods(self):
        """V3, V6b: 30 days to decide; 3 working days to send the copy, 5 to reply (第五十四条)."""
        dates = ReconsiderationDates(procedure=Procedure.SIMPLIFIED, accepted_on=date(2026, 2, 12),
                                     copy_received_on=date(2026, 2, 13))
        by = {d.key: d for d in reconsideration_deadlines(dates, calendar=CAL)}
        assert by["copy_to_respondent"].deadline == date(2026, 2, 24)
        assert by["respondent_reply"].deadline == date(2026, 2, 27)
        # 02-12 + 30 days = 03-14, a Saturday: rolled to Monday 03-16 (民事诉讼法 第八十五条)
        assert by["decision"].result.rule == "reconsideration.decision_simplified"
        assert by["decision"].deadline == date(2026, 3, 16)

    def test_correction_restarts_the_review(self):
        """V7 and 第三十一条第三款: the review runs from the receipt of the correction materials."""
        dates = ReconsiderationDates(received_on=date(2026, 9, 30), correction_notice_sent_on=date(2026, 10, 9),
                                     correction_notice_received_on=date(2026, 10, 9),
                                     correction_received_on=date(2026, 10, 20))
        by = {d.key: d for d in reconsideration_deadlines(dates, calendar=CAL)}
        assert by["correction_notice"].deadline == date(2026, 10, 13)
        assert by["correction_notice"].state(date(2026, 10, 20)) == "met"
        assert by["correction_submission"].deadline == date(2026, 10, 22)
        assert by["acceptance_review"].result.start == date(2026, 10, 20)

    def test_via_the_penalty_organization(self):
        """第三十二条: the penalty organization forwards within 5 working days."""
        dates = ReconsiderationDates(penalty_organization_received_on=date(2024, 9, 13), received_on=date(2024, 9, 20))
        by = {d.key: d for d in reconsideration_deadlines(dates, calendar=CAL)}
        assert by["forwarding"].deadline == date(2024, 9, 23)
        assert by["forwarding"].state(date(2024, 9, 30)) == "met"

    def test_hearing_notice_five_working_days_before(self):
        """第五十一条 with 第八十八条第二款: "五日前" are working days, the hearing day not counted."""
        r = compute_deadline("reconsideration.hearing_notice", date(2025, 10, 15), calendar=CAL)
        # 10-14 (1), 10-13 (2), 10-11 Sat make-up (3), 10-10 (4), 10-09 (5)
        assert r.deadline == date(2025, 10, 9)

    def test_application_period_counts_the_posting_day(self):
        """第二十条 + 民事诉讼法 第八十五条 — V4: knew 2025-08-04 → 2025-10-09; posted 10-09 is in time."""
        on_time = ReconsiderationDates(known_on=date(2025, 8, 4), applied_on=date(2025, 10, 9),
                                       received_on=date(2025, 10, 13))
        late = replace(on_time, applied_on=date(2025, 10, 10))
        assert {d.key: d for d in reconsideration_deadlines(on_time, calendar=CAL)}["application"].state(
            date(2025, 10, 20)) == "met"
        assert {d.key: d for d in reconsideration_deadlines(late, calendar=CAL)}["application"].state(
            date(2025, 10, 20)) == "late"

    def test_respondent_role_tracks_its_reply(self):
        """V6: copy received 2025-12-31 → reply by 2026-01-15 (10 working days, 第四十八条)."""
        dates = ReconsiderationDates(role=Role.RESPONDENT, copy_received_on=date(2025, 12, 31))
        by = {d.key: d for d in reconsideration_deadlines(dates, calendar=CAL)}
        assert set(by) == {"respondent_reply"}
        assert by["respondent_reply"].deadline == date(2026, 1, 15)
        assert by["respondent_reply"].state(date(2026, 1, 16)) == "overdue"

    def test_every_deadline_cites_the_statute(self):
        dates = ReconsiderationDates(received_on=date(2024, 5, 6), accepted_on=date(2024, 5, 10),
                                     copy_received_on=date(2024, 5, 14), hearing_on=date(2024, 6, 3),
                                     incidental_reviews=((date(2024, 5, 20), True, None),))
        for d in reconsideration_deadlines(dates, calendar=CAL):
            assert d.result.basis.startswith("行政复议法 第"), d.key
