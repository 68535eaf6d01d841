"""The dispute indicators (selectors) on a hand-built data set; every expected figure is counted by hand.

The data set is written straight into the tables (the states a case can reach
are the services' business and tested elsewhere); each record says in its
comment what it contributes.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.disputes import selectors as s
from fazhi.disputes.models import (
    LitigationCase,
    LitigationHearing,
    ReconsiderationCase,
    ReconsiderationSuspension,
)

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def data(zone):
    n = iter(range(1, 1000))

    def rc(respondent, received, status="accepted", concluded=None, **kw):
        kw.setdefault("role", "body")
        org = zone.legal if kw["role"] == "body" else respondent
        return ReconsiderationCase.objects.create(
            organization=org, number=f"复{next(n)}", applicant_name="申请人", respondent=respondent,
            respondent_name=respondent.name, disputed_act="行为", received_on=received, status=status,
            concluded_on=concluded, **kw,
        )

    team, market = zone.team, zone.market
    A = rc(team, D(2024, 2, 1), "decided", D(2024, 3, 20), decision_type="uphold")  # upheld, later sued
    B = rc(team, D(2024, 3, 1), "decided", D(2024, 4, 15), decision_type="revoke")  # corrected
    ReconsiderationSuspension.objects.create(case=B, ground="8", suspended_on=D(2024, 3, 10),
                                             resumed_on=D(2024, 3, 20))  # resumed: not suspended at year end
    rc(team, D(2024, 4, 1), "decided", D(2024, 5, 20), decision_type="vary")  # C corrected
    rc(market, D(2024, 5, 1), "decided", D(2024, 6, 10), decision_type="uphold")  # D upheld, not sued
    rc(market, D(2024, 6, 1), "decided", D(2024, 6, 20), decision_type="dismiss_application")  # E art. 33
    rc(market, D(2024, 7, 1), "mediated", D(2024, 8, 1))  # F mediated
    rc(market, D(2024, 8, 1), "terminated", D(2024, 9, 1), termination_ground="1",
       withdrawn_after_correction=True)  # G withdrawn after correction
    rc(market, D(2024, 9, 1), "not_accepted", D(2024, 9, 5))  # H not accepted
    case_i = rc(team, D(2024, 10, 1), "suspended")  # I suspended at year end
    ReconsiderationSuspension.objects.create(case=case_i, ground="8", suspended_on=D(2024, 11, 1))
    rc(market, D(2024, 11, 1))  # J pending
    rc(market, D(2024, 12, 1), "decided", D(2025, 1, 10), decision_type="confirm_illegal")  # K decided next year
    rc(market, D(2023, 12, 1), "decided", D(2024, 1, 20), decision_type="uphold")  # L: a 2023 case
    M = rc(team, D(2024, 6, 6))  # M voided: never counted
    M.voided_at = dt.datetime(2024, 6, 7, tzinfo=dt.UTC)
    M.save()
    rc(market, D(2024, 3, 3), role="respondent")  # R1 应议
    rc(market, D(2024, 8, 8), role="respondent", status="decided", concluded=D(2024, 10, 1),
       decision_type="uphold")  # R2 应议

    def lc(org, received, instance="first", concluded=None, outcome="", **kw):
        return LitigationCase.objects.create(
            organization=org, number=f"诉{next(n)}", court="高新区法院", instance=instance, plaintiff_name="原告",
            disputed_act="行为", complaint_received_on=received, concluded_on=concluded, outcome=outcome,
            status="concluded" if concluded else "pending", **kw,
        )

    def hearing(case, held, required, appeared, lawyer_only=False):
        LitigationHearing.objects.create(case=case, held_on=held, head_required=required, head_appeared=appeared,
                                         lawyer_only=lawyer_only)

    L1 = lc(team, D(2024, 3, 1), concluded=D(2024, 6, 1), outcome="dismiss_claim", public_interest=True)
    hearing(L1, D(2024, 4, 10), True, True)  # required, appeared
    L2 = lc(team, D(2024, 4, 1), concluded=D(2024, 8, 1), outcome="revoke")  # lost
    hearing(L2, D(2024, 5, 10), True, True)  # court's written suggestion, appeared
    L3 = lc(market, D(2024, 5, 1), concluded=D(2024, 6, 1), outcome="withdrawn")
    hearing(L3, D(2024, 5, 20), False, False, lawyer_only=True)  # only a lawyer
    L4 = lc(market, D(2024, 6, 1), public_interest=True)  # pending
    hearing(L4, D(2024, 7, 1), True, False)  # required, absent (sealed explanation)
    lc(team, D(2024, 9, 1), instance="second", previous=L2, concluded=D(2024, 11, 1), outcome="revoke")  # L5 lost
    lc(market, D(2024, 12, 1))  # L6 pending
    lc(team, D(2024, 4, 1), reconsideration_case=A, concluded=D(2025, 1, 5), outcome="dismiss_claim")  # L7 sued after A
    L0 = lc(market, D(2023, 5, 1), concluded=D(2023, 9, 1), outcome="revoke")  # 2023: lost
    hearing(L0, D(2023, 6, 1), True, True)
    lc(team, D(2025, 2, 1), concluded=D(2025, 3, 1), outcome="dismiss_claim")  # 2025: won
    return zone


class TestReconsideration:
    def test_received_concluded_pending_suspended(self, users, data):
        kw = dict(user=users.legal, year=2024)
        assert s.reconsideration_received(**kw) == 11  # A–K (L is 2023, M voided, R1 R2 are 应议)
        assert s.reconsideration_concluded(**kw) == 8  # A B C D E F G H
        assert s.reconsideration_pending(**kw) == 3  # I J K
        assert s.reconsideration_suspended(**kw) == 1  # I (B resumed)
        assert s.reconsideration_answered(**kw) == 2  # R1 R2

    def test_state_on_another_day(self, users, data):
        kw = dict(user=users.legal, year=2024, as_of=D(2025, 2, 1))
        assert s.reconsideration_concluded(**kw) == 9  # + K
        assert s.reconsideration_pending(**kw) == 2
        kw = dict(user=users.legal, year=2024, as_of=D(2024, 3, 15))
        assert s.reconsideration_suspended(**kw) == 1  # B was suspended 03-10 … 03-19

    def test_correction_rate(self, users, data):
        # merits: A uphold, B revoke, C vary, D uphold (E 驳回申请 is not on the merits) → (B + C) / 4
        assert s.reconsideration_correction_rate(user=users.legal, year=2024) == pytest.approx(2 / 4)
        # by 2025-02-01 K (确认违法) is decided too → 3 / 5
        assert s.reconsideration_correction_rate(user=users.legal, year=2024, as_of=D(2025, 2, 1)) == pytest.approx(3 / 5)

    def test_resolution_rate(self, users, data):
        # concluded 8: F mediated + G withdrawn after correction + D upheld and not sued (A was sued) → 3 / 8
        assert s.reconsideration_resolution_rate(user=users.legal, year=2024) == pytest.approx(3 / 8)

    def test_sued_after_reconsideration(self, users, data):
        assert s.reconsideration_sued_after(user=users.legal, year=2024) == 1  # A

    def test_per_organization(self, users, data):
        team = dict(user=users.legal, organization=data.team, year=2024)
        assert s.reconsideration_received(**team) == 4  # A B C I
        assert s.reconsideration_concluded(**team) == 3
        assert s.reconsideration_suspended(**team) == 1
        assert s.reconsideration_correction_rate(**team) == pytest.approx(2 / 3)  # A uphold, B revoke, C vary
        market = dict(user=users.legal, organization=data.market, year=2024)
        assert s.reconsideration_received(**market) == 7  # D E F G H J K
        assert s.reconsideration_answered(**market) == 2

    def test_a_department_counts_only_what_it_may_see(self, users, data):
        assert s.reconsideration_received(user=users.team_staff, year=2024) == 4
        assert s.reconsideration_received(user=users.stranger, year=2024) == 0


class TestLitigation:
    def test_received_concluded_loss_rate(self, users, data):
        kw = dict(user=users.legal, year=2024)
        assert s.litigation_received(**kw) == 7  # L1–L7
        assert s.litigation_received(**kw, instance="first") == 6  # L5 is an appeal
        assert s.litigation_concluded(**kw) == 4  # L1 L2 L3 L5 (L7 concluded in 2025)
        assert s.litigation_pending(**kw) == 3
        assert s.litigation_lost(**kw) == 2  # L2 L5
        assert s.litigation_loss_rate(**kw) == pytest.approx(2 / 4)
        assert s.litigation_loss_rate(user=users.legal, year=2023) == 1.0  # L0

    def test_head_appearance_rate(self, users, data):
        kw = dict(user=users.legal, year=2024)
        assert s.head_appearance_required(**kw) == 3  # L1 L2 L4 hearings
        assert s.head_appearance_rate(**kw) == pytest.approx(2 / 3)  # L4's head was absent
        assert s.litigation_lawyer_only(**kw) == 1  # L3
        assert s.head_appearance_rate(user=users.legal, year=2022) is None  # no hearing: no rate, not 0 %

    def test_per_defendant(self, users, data):
        kw = dict(user=users.legal, organization=data.team, year=2024)
        assert s.litigation_received(**kw) == 4  # L1 L2 L5 L7
        assert s.litigation_loss_rate(**kw) == pytest.approx(2 / 3)  # L1 won, L2 L5 lost
        assert s.head_appearance_rate(**kw) == 1.0  # L1 L2


class TestYearOnYear:
    def test_disputes_new_and_double_decline(self, users, data):
        # 2024: 11 received + 2 应议 + 6 first-instance suits = 19; 2023: L + L0 = 2
        assert s.disputes_new(user=users.legal, year=2024) == 19
        assert s.disputes_new(user=users.legal, year=2023) == 2
        ind = s.dispute_indicators(user=users.legal, year=2024)
        assert ind.change("disputes_new").delta == 17
        assert ind.change("loss_rate").delta == pytest.approx(0.5 - 1.0)
        assert ind.double_decline is False  # cases rose
        # 2025: one suit, won → 1 < 19 cases and 0 % < 50 % loss rate
        ind = s.dispute_indicators(user=users.legal, year=2025)
        assert ind.current.disputes_new == 1 and ind.current.loss_rate == 0
        assert ind.double_decline is True

    def test_every_figure_has_a_definition(self, users, data):
        from dataclasses import fields

        names = {f.name for f in fields(s.DisputeFigures)} - {"year"}
        assert names == {key for key, _, _ in s.INDICATORS}

    def test_dashboard_rows(self, users, data):
        rows = {r["key"]: r for r in s.dispute_indicator_rows(s.dispute_indicators(user=users.legal, year=2025))}
        assert list(rows) == [key for key, _, _ in s.INDICATORS]
        assert rows["disputes_new"] | {"definition": ""} == {
            "key": "disputes_new", "label": "行政争议发案量", "definition": "", "tone": "good",
            "current": 1, "previous": 19, "delta": "-18（-94.7 %）"}
        assert (rows["loss_rate"]["current"], rows["loss_rate"]["previous"], rows["loss_rate"]["delta"],
                rows["loss_rate"]["tone"]) == ("0.0 %", "50.0 %", "-50.0 个百分点", "good")
        # no hearing in 2025: the rate is undefined, nothing to compare
        assert (rows["appearance_rate"]["current"], rows["appearance_rate"]["delta"],
                rows["appearance_rate"]["tone"]) == ("—", "—", "")
        assert rows["reconsideration_concluded"]["tone"] == ""  # a neutral count
