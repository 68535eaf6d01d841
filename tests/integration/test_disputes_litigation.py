"""行政应诉 and 监督意见书 services: answer period, appearance flags, appeal, opinions and overdue list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from fazhi.audit.models import AuditEntry
from fazhi.disputes import selectors, services
from fazhi.disputes.deadlines import litigation_deadlines
from fazhi.disputes.models import LitigationHearing, StatusChange

pytestmark = pytest.mark.django_db

D = dt.date


def suit(users, zone, actor=None, **kw):
    fields = dict(number="（2024）浙0212行初1号", court="宁波市高新区人民法院", plaintiff_name="李四",
                  disputed_act="行政处罚决定", complaint_received_on=D(2024, 3, 1), filed_on=D(2024, 2, 26))
    fields.update(kw)
    return services.litigation_receive(actor=actor or users.team_staff, organization=zone.team, **fields)


class TestLitigation:
    def test_answer_deadline_and_history(self, users, zone):
        """行政诉讼法 第六十七条: 15 days from the complaint copy (2024-03-01 → 03-16 Sat → 03-18)."""
        case = suit(users, zone)
        answer = next(d for d in litigation_deadlines(case) if d.key == "answer")
        assert answer.deadline == D(2024, 3, 18) and answer.result.basis == "行政诉讼法 第六十七条"
        services.litigation_answer(case=case, actor=users.team_staff, answered_on=D(2024, 3, 12))
        case.refresh_from_db()
        assert case.status == "answered"
        assert [s.action for s in StatusChange.objects.filter(litigation=case)] == ["receive", "answer"]
        assert AuditEntry.objects.filter(event="litigation.answered", object_id=str(case.pk)).exists()

    def test_lawyer_only_appearance_is_flagged(self, users, zone):
        """解释 第一百二十八条第二款: 不得仅委托律师出庭 — recorded, flagged."""
        case = suit(users, zone)
        h = services.litigation_record_hearing(case=case, actor=users.team_staff, held_on=D(2024, 4, 10),
                                               lawyer_names="王律师")
        assert h.lawyer_only and h.flags == ["lawyer_only"] and not h.head_required

    def test_required_head_absent_without_sealed_explanation_is_flagged(self, users, zone):
        case = suit(users, zone, public_interest=True)
        h = services.litigation_record_hearing(case=case, actor=users.team_staff, held_on=D(2024, 4, 10),
                                               staff_names="张科长", absence_reason="出差")
        assert h.head_required and h.flags == ["head_absent_without_explanation"]

    def test_head_who_appeared_is_named_with_post(self, users, zone):
        case = suit(users, zone)
        with pytest.raises(ValidationError, match="第一百二十八条"):
            services.litigation_record_hearing(case=case, actor=users.team_staff, held_on=D(2024, 4, 10),
                                               court_suggested=True, head_appeared=True, head_name="赵队长")
        h = services.litigation_record_hearing(case=case, actor=users.team_staff, held_on=D(2024, 4, 10),
                                               court_suggested=True, head_appeared=True, head_name="赵队长",
                                               head_post="principal", head_title="队长")
        assert h.head_required and h.flags == []
        assert LitigationHearing.objects.get(pk=h.pk).get_head_post_display() == "正职负责人"

    def test_judgment_appeal_and_second_instance(self, users, zone):
        case = suit(users, zone)
        services.litigation_conclude(case=case, actor=users.team_staff, outcome="revoke", result_on=D(2024, 6, 3),
                                     served_on=D(2024, 6, 5))
        case.refresh_from_db()
        appeal = next(d for d in litigation_deadlines(case) if d.key == "appeal")
        assert appeal.deadline == D(2024, 6, 20)  # 15 days, 第八十五条
        with pytest.raises(ValidationError, match="第八十五条"):
            services.litigation_record_appeal(case=case, actor=users.team_staff, appealed_on=D(2024, 6, 21),
                                              appellant="被告")
        services.litigation_record_appeal(case=case, actor=users.team_staff, appealed_on=D(2024, 6, 18),
                                          appellant="被告")
        second = suit(users, zone, number="（2024）浙02行终9号", instance="second", previous=case,
                      complaint_received_on=D(2024, 7, 10), filed_on=D(2024, 7, 5))
        assert second.previous == case
        with pytest.raises(ValidationError, match="已审结"):
            services.litigation_answer(case=case, actor=users.team_staff, answered_on=D(2024, 6, 20))

    def test_suit_during_reconsideration_is_refused(self, users, zone):
        """行政复议法 第二十九条: no suit while the accepted reconsideration runs."""
        rc = services.reconsideration_receive(
            actor=users.legal, organization=zone.legal, number="复1", applicant_name="李四", respondent=zone.team,
            disputed_act="罚款", received_on=D(2024, 2, 1))
        services.reconsideration_accept(case=rc, actor=users.legal, accepted_on=D(2024, 2, 2))
        with pytest.raises(ValidationError, match="第二十九条"):
            suit(users, zone, reconsideration_case=rc)
        services.reconsideration_decide(case=rc, actor=users.legal, decision_type="uphold", decided_on=D(2024, 2, 20))
        case = suit(users, zone, reconsideration_case=rc)
        assert list(rc.litigation_cases.all()) == [case]

    def test_another_department_cannot_see_or_act(self, users, zone):
        case = suit(users, zone)
        assert selectors.litigation_list(user=users.market_staff).count() == 0
        with pytest.raises(PermissionDenied):
            services.litigation_answer(case=case, actor=users.market_staff, answered_on=D(2024, 3, 5))
        with pytest.raises(PermissionDenied):
            suit(users, zone, actor=users.market_staff, number="X")


class TestOpinions:
    def issue(self, users, zone, **kw):
        fields = dict(organization=zone.legal, department=zone.market, kind="supervision_opinion",
                      number="甬高新法监〔2024〕1号", title="关于政府信息公开不及时的监督意见",
                      content="答复超期，请整改", issued_on=D(2024, 5, 6), rectification_deadline=D(2024, 6, 6))
        fields.update(kw)
        return services.opinion_issue(actor=users.legal, **fields)

    def test_issue_reply_close_with_evidence(self, users, zone):
        o = self.issue(users, zone)
        services.opinion_receive(opinion=o, actor=users.market_staff, received_on=D(2024, 5, 7))
        evidence = SimpleUploadedFile("整改报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")
        services.opinion_reply(opinion=o, actor=users.market_staff, replied_on=D(2024, 6, 1), text="已建立台账",
                               evidence=[evidence])
        o.refresh_from_db()
        assert o.status == "replied"
        import hashlib

        assert o.evidence.get().sha256 == hashlib.sha256(b"%PDF-1.4 report").hexdigest()
        with pytest.raises(PermissionDenied):
            services.opinion_close(opinion=o, actor=users.market_staff, closed_on=D(2024, 6, 3))
        services.opinion_close(opinion=o, actor=users.legal, closed_on=D(2024, 6, 3))
        o.refresh_from_db()
        assert o.status == "closed"

    def test_overdue_list(self, users, zone):
        o = self.issue(users, zone)
        assert selectors.opinions_overdue(user=users.legal, today=D(2024, 6, 6)) == []
        assert selectors.opinions_overdue(user=users.legal, today=D(2024, 6, 7)) == [o]
        assert selectors.opinions_overdue(user=users.market_staff, today=D(2024, 6, 7)) == [o]
        assert selectors.opinions_overdue(user=users.team_staff, today=D(2024, 6, 7)) == []

    def test_one_overdue_rule_for_pages_and_list(self, users, zone):
        """The rule the list, the opinion page and the dashboard share: issued and strictly after the deadline."""
        o = self.issue(users, zone)
        assert selectors.opinion_is_overdue(o, today=D(2024, 6, 6)) is False
        assert selectors.opinion_is_overdue(o, today=D(2024, 6, 7)) is True
        o.rectification_deadline = None
        assert selectors.opinion_is_overdue(o, today=D(2024, 6, 7)) is False
        services.opinion_reply(opinion=o, actor=users.market_staff, replied_on=D(2024, 6, 1), text="已整改")
        o.refresh_from_db()
        assert selectors.opinion_is_overdue(o, today=D(2024, 6, 7)) is False

    def test_reconsideration_opinion_letter_gets_60_days_from_receipt(self, users, zone):
        """行政复议法 第七十六条: 60 days from receipt of the 意见书 (2024-05-08 → 07-07 Sun → 07-08)."""
        rc = services.reconsideration_receive(
            actor=users.legal, organization=zone.legal, number="复2", applicant_name="王五", respondent=zone.market,
            disputed_act="不予公开", act_kind="information_disclosure", received_on=D(2024, 4, 1),
            amount=Decimal("0"))
        o = self.issue(users, zone, kind="reconsideration_opinion", rectification_deadline=None,
                       source_type="reconsideration", source_id=str(rc.pk))
        assert o.source_label == "行政复议案件 复2"
        services.opinion_receive(opinion=o, actor=users.market_staff, received_on=D(2024, 5, 8))
        o.refresh_from_db()
        assert o.rectification_deadline == D(2024, 7, 8)

    def test_inspection_finding_is_a_generic_source(self, users, zone):
        o = self.issue(users, zone, source_type="inspection_finding", source_id="F-17", source_label="重复检查")
        assert o.source_type == "inspection_finding" and o.source_id == "F-17"

    def test_department_cannot_issue(self, users, zone):
        with pytest.raises(PermissionDenied):
            services.opinion_issue(actor=users.market_staff, organization=zone.market, department=zone.team,
                                   kind="supervision_opinion", number="X", title="t", content="c",
                                   issued_on=D(2024, 5, 6), rectification_deadline=D(2024, 6, 6))
