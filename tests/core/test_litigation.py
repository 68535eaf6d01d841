"""行政应诉 rules in the pure core (fazhi.core.litigation)."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.core.calendar import default_calendar
from fazhi.core.litigation import (
    LOSS_OUTCOMES,
    Action,
    AppearanceFlag,
    HeadPost,
    Instance,
    InvalidTransition,
    LitigationDates,
    Outcome,
    Status,
    assess_appearance,
    head_appearance_required,
    litigation_deadlines,
    transition,
)

CAL = default_calendar()


class TestHeadAppearance:
    """行政诉讼法 第三条第三款; 解释 第一百二十八条至第一百三十二条."""

    def test_required_for_public_interest_or_a_written_suggestion(self):
        """解释 第一百二十九条第一款."""
        assert head_appearance_required(public_interest=True, court_suggested=False)[0]
        assert head_appearance_required(public_interest=False, court_suggested=True)[0]
        assert head_appearance_required(public_interest=False, court_suggested=False) == (False, "")

    def test_lawyer_only_is_flagged(self):
        """解释 第一百二十八条第二款: 不得仅委托律师出庭 — flagged even when the head was not required."""
        a = assess_appearance(public_interest=False, court_suggested=False, head_appeared=False,
                              staff_appeared=False, lawyer_appeared=True)
        assert a.flags == (AppearanceFlag.LAWYER_ONLY,)
        assert "不得仅委托律师出庭" in a.messages[0]

    def test_lawyer_with_staff_is_fine_when_the_head_is_not_required(self):
        a = assess_appearance(public_interest=False, court_suggested=False, head_appeared=False,
                              staff_appeared=True, lawyer_appeared=True)
        assert a.compliant

    def test_required_head_absent_needs_a_sealed_explanation(self):
        """解释 第一百二十九条第三款: 情况说明，加盖行政机关印章或者由主要负责人签字."""
        without = assess_appearance(public_interest=False, court_suggested=True, head_appeared=False,
                                    staff_appeared=True, absence_reason="出差", sealed_explanation=False)
        assert without.flags == (AppearanceFlag.HEAD_ABSENT_WITHOUT_EXPLANATION,)
        with_seal = assess_appearance(public_interest=False, court_suggested=True, head_appeared=False,
                                      staff_appeared=True, absence_reason="出差", sealed_explanation=True)
        assert with_seal.compliant and with_seal.required

    def test_required_head_absent_and_only_a_lawyer_raises_both_flags(self):
        a = assess_appearance(public_interest=True, court_suggested=False, head_appeared=False, lawyer_appeared=True)
        assert set(a.flags) == {AppearanceFlag.LAWYER_ONLY, AppearanceFlag.HEAD_ABSENT_WITHOUT_EXPLANATION}

    @pytest.mark.parametrize("post", list(HeadPost))
    def test_head_posts_of_article_128(self, post):
        a = assess_appearance(public_interest=True, court_suggested=False, head_appeared=True, head_post=post)
        assert a.compliant

    def test_head_without_post_is_flagged(self):
        a = assess_appearance(public_interest=True, court_suggested=False, head_appeared=True, head_post=None)
        assert a.flags == (AppearanceFlag.HEAD_POST_MISSING,)

    def test_nobody_appeared(self):
        a = assess_appearance(public_interest=False, court_suggested=False, head_appeared=False)
        assert a.flags == (AppearanceFlag.NOBODY_APPEARED,)


class TestOutcomes:
    def test_losses(self):
        """败诉: judgments against the act; 驳回诉讼请求, rulings and withdrawals are not."""
        assert Outcome.DISMISS_CLAIM not in LOSS_OUTCOMES
        assert Outcome.WITHDRAWN_AFTER_CHANGE not in LOSS_OUTCOMES
        assert {Outcome.REVOKE, Outcome.CONFIRM_ILLEGAL, Outcome.CONFIRM_VOID, Outcome.VARY,
                Outcome.ORDER_PERFORMANCE, Outcome.ORDER_PAYMENT} == set(LOSS_OUTCOMES)


class TestTransitions:
    def test_answer_hearing_conclude_appeal(self):
        s = transition(Status.PENDING, Action.ANSWER)
        s = transition(s, Action.RECORD_HEARING)
        s = transition(s, Action.CONCLUDE)
        assert transition(s, Action.RECORD_APPEAL) == Status.CONCLUDED

    def test_nothing_after_conclusion_but_appeal(self):
        for action in (Action.ANSWER, Action.RECORD_HEARING, Action.CONCLUDE):
            with pytest.raises(InvalidTransition, match="已审结"):
                transition(Status.CONCLUDED, action)

    def test_appeal_before_judgment_is_refused(self):
        with pytest.raises(InvalidTransition, match="第八十五条"):
            transition(Status.ANSWERED, Action.RECORD_APPEAL)


class TestDeadlines:
    def test_v15_answer_period_ends_on_a_makeup_sunday(self):
        """行政诉讼法 第六十七条: copy received 2025-12-20 → 2026-01-04 (调休上班日, not rolled)."""
        by = {d.key: d for d in litigation_deadlines(LitigationDates(complaint_received_on=date(2025, 12, 20)), calendar=CAL)}
        assert by["answer"].deadline == date(2026, 1, 4)
        assert by["answer"].result.basis == "行政诉讼法 第六十七条"

    def test_appeal_periods(self):
        """第八十五条: 15 days for a judgment, 10 for a ruling, from service."""
        j = {d.key: d for d in litigation_deadlines(
            LitigationDates(outcome=Outcome.REVOKE, served_on=date(2024, 6, 3)), calendar=CAL)}
        r = {d.key: d for d in litigation_deadlines(
            LitigationDates(outcome=Outcome.DISMISS_COMPLAINT, served_on=date(2024, 6, 3)), calendar=CAL)}
        assert j["appeal"].deadline == date(2024, 6, 18)
        assert r["appeal"].deadline == date(2024, 6, 13)

    def test_no_appeal_after_a_withdrawal_or_in_the_second_instance(self):
        w = litigation_deadlines(LitigationDates(outcome=Outcome.WITHDRAWN, served_on=date(2024, 6, 3)), calendar=CAL)
        s = litigation_deadlines(LitigationDates(instance=Instance.SECOND, outcome=Outcome.REVOKE,
                                                 served_on=date(2024, 6, 3)), calendar=CAL)
        assert not [d for d in w + s if d.key == "appeal"]

    def test_court_term_is_six_months(self):
        by = {d.key: d for d in litigation_deadlines(LitigationDates(filed_on=date(2024, 3, 4)), calendar=CAL)}
        assert by["court_term"].deadline == date(2024, 9, 4)
