"""行政复议 services: each statutory rule on the database side, with history and audit (issue 8)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.disputes import selectors, services
from fazhi.disputes.deadlines import reconsideration_deadline
from fazhi.disputes.models import ReconsiderationCase, StatusChange

pytestmark = pytest.mark.django_db

D = dt.date


def receive(users, zone, actor=None, **kw):
    fields = dict(
        role="body", number="甬高新复〔2024〕1号", applicant_name="张三", respondent=zone.team,
        disputed_act="甬高新综执罚〔2024〕12号行政处罚决定", act_kind="penalty", sanction_kind="fine",
        amount=Decimal("2000"), received_on=D(2024, 5, 6), channel="in_person",
    )
    fields.update(kw)
    return services.reconsideration_receive(actor=actor or users.legal, organization=zone.legal, **fields)


def accepted(users, zone, **kw):
    case = receive(users, zone, **kw)
    return services.reconsideration_accept(case=case, actor=users.legal, accepted_on=D(2024, 5, 8))


class TestReceipt:
    def test_receipt_writes_history_and_audit(self, users, zone):
        case = receive(users, zone)
        assert case.status == "received" and case.respondent_name == "综合行政执法队"
        assert case.body_name == "测试区管委会"
        step = StatusChange.objects.get(reconsideration=case)
        assert step.action == "receive" and step.to_status == "received"
        assert AuditEntry.objects.filter(event="reconsideration.received", object_id=str(case.pk)).count() == 1

    def test_forwarding_through_the_penalty_organization_needs_its_receipt_date(self, users, zone):
        """第三十二条: the 5-working-day forwarding runs from the penalty organization's receipt."""
        with pytest.raises(ValidationError) as exc:
            receive(users, zone, channel="via_penalty_organization")
        assert "第三十二条" in str(exc.value)
        case = receive(users, zone, channel="via_penalty_organization",
                       penalty_organization_received_on=D(2024, 9, 13), received_on=D(2024, 9, 20))
        assert reconsideration_deadline(case, "forwarding").deadline == D(2024, 9, 23)

    def test_posted_application_is_received_after_posting(self, users, zone):
        with pytest.raises(ValidationError):
            receive(users, zone, channel="post", posted_on=D(2024, 5, 7), received_on=D(2024, 5, 6))

    def test_respondent_role_case_starts_accepted_with_the_reply_clock_running(self, users, zone):
        """应议: V6 — copy received 2025-12-31, reply due 2026-01-15 (第四十八条)."""
        case = services.reconsideration_receive(
            actor=users.market_staff, organization=zone.market, role="respondent", number="甬政复〔2025〕88号",
            applicant_name="某公司", applicant_kind="legal_person", body_name="宁波市人民政府",
            disputed_act="行政处罚决定", received_on=D(2025, 12, 31),
        )
        assert case.status == "accepted" and case.respondent == zone.market
        assert reconsideration_deadline(case, "respondent_reply").deadline == D(2026, 1, 15)


class TestAcceptance:
    def test_deemed_acceptance_when_the_review_period_lapses(self, users, zone):
        """第三十条第三款 — V17: received 2024-09-13, the review ends 2024-09-23; from 09-24 it is accepted."""
        case = receive(users, zone, received_on=D(2024, 9, 13))
        assert selectors.reconsideration_deemed_acceptance_due(user=users.legal, today=D(2024, 9, 23)) == []
        due = selectors.reconsideration_deemed_acceptance_due(user=users.legal, today=D(2024, 9, 24))
        assert due == [(case, D(2024, 9, 23))]
        with pytest.raises(ValidationError, match="视为受理"):
            services.reconsideration_accept(case=case, actor=users.legal, accepted_on=D(2024, 9, 24))
        with pytest.raises(ValidationError, match="第三十条第三款"):
            services.reconsideration_not_accept(case=case, actor=users.legal, decided_on=D(2024, 9, 24), reason="超期")
        n = services.reconsideration_apply_deemed_acceptance(today=D(2024, 9, 24))
        case.refresh_from_db()
        assert n == 1 and case.status == "accepted" and case.acceptance_deemed
        assert case.accepted_on == D(2024, 9, 23)
        # the decision period runs from the deemed acceptance: 2024-09-23 + 60 = 2024-11-22 (Fri)
        assert reconsideration_deadline(case, "decision").deadline == D(2024, 11, 22)

    def test_deemed_acceptance_before_the_lapse_is_refused(self, users, zone):
        case = receive(users, zone, received_on=D(2024, 9, 13))
        with pytest.raises(ValidationError, match="尚未视为受理"):
            services.reconsideration_deem_accepted(case=case, actor=users.legal, today=D(2024, 9, 23))

    def test_correction_restarts_the_review(self, users, zone):
        """第三十一条: notice within 5 working days, one notice only; the review runs again from the materials."""
        case = receive(users, zone, received_on=D(2024, 5, 6))
        with pytest.raises(ValidationError, match="五日内"):
            services.reconsideration_request_correction(case=case, actor=users.legal, sent_on=D(2024, 5, 15),
                                                        items="补充身份证明")
        services.reconsideration_request_correction(case=case, actor=users.legal, sent_on=D(2024, 5, 8),
                                                    items="补充身份证明", notice_received_on=D(2024, 5, 9))
        with pytest.raises(ValidationError, match="补正期间不得受理"):
            services.reconsideration_accept(case=case, actor=users.legal, accepted_on=D(2024, 5, 10))
        services.reconsideration_receive_correction(case=case, actor=users.legal, received_on=D(2024, 5, 20))
        case.refresh_from_db()
        assert case.status == "received" and case.review_start == D(2024, 5, 20)
        assert reconsideration_deadline(case, "acceptance_review").result.start == D(2024, 5, 20)

    def test_correction_lapse_is_abandonment_only_after_the_period(self, users, zone):
        case = receive(users, zone, received_on=D(2024, 5, 6))
        services.reconsideration_request_correction(case=case, actor=users.legal, sent_on=D(2024, 5, 7),
                                                    items="补充材料", notice_received_on=D(2024, 5, 8))
        # 10 working days from 2024-05-08 (May Day make-up Saturday 05-11 counts) → 2024-05-21
        with pytest.raises(ValidationError, match="尚未逾期"):
            services.reconsideration_correction_lapse(case=case, actor=users.legal, today=D(2024, 5, 21))
        services.reconsideration_correction_lapse(case=case, actor=users.legal, today=D(2024, 5, 22))
        case.refresh_from_db()
        assert case.status == "abandoned" and case.concluded_on == D(2024, 5, 22)


class TestSimplifiedProcedure:
    """第五十三条 at the 3,000-yuan boundary, through the service."""

    def test_3000_yuan_case_may_be_simplified(self, users, zone):
        case = receive(users, zone, amount=Decimal("3000"))
        services.reconsideration_accept(case=case, actor=users.legal, accepted_on=D(2024, 5, 8),
                                        procedure="simplified", facts_clear=True)
        case.refresh_from_db()
        assert case.procedure == "simplified" and "第三项" in case.simplified_grounds
        assert reconsideration_deadline(case, "decision").result.rule == "reconsideration.decision_simplified"

    def test_3001_yuan_case_is_refused_and_nothing_is_written(self, users, zone):
        case = receive(users, zone, amount=Decimal("3001"))
        with pytest.raises(ValidationError) as exc:
            services.reconsideration_accept(case=case, actor=users.legal, accepted_on=D(2024, 5, 8),
                                            procedure="simplified", facts_clear=True)
        assert "第五十三条" in exc.value.message_dict["procedure"][0]
        case.refresh_from_db()
        assert case.status == "received" and case.accepted_on is None
        assert not StatusChange.objects.filter(reconsideration=case, action="accept").exists()

    def test_3001_yuan_case_with_all_parties_agreeing(self, users, zone):
        case = receive(users, zone, amount=Decimal("3001"))
        services.reconsideration_accept(case=case, actor=users.legal, accepted_on=D(2024, 5, 8),
                                        procedure="simplified", facts_clear=True, all_parties_agree=True)

    def test_warning_may_be_simplified_and_extension_is_refused_there(self, users, zone):
        case = receive(users, zone, sanction_kind="warning", amount=None)
        case = services.reconsideration_accept(case=case, actor=users.legal, accepted_on=D(2024, 5, 8),
                                               procedure="simplified", facts_clear=True)
        with pytest.raises(ValidationError, match="第六十二条第二款"):
            services.reconsideration_extend(case=case, actor=users.legal, days=10, approved_by="王主任",
                                            on=D(2024, 5, 20), reason="复杂")
        services.reconsideration_convert_to_ordinary(case=case, actor=users.legal, on=D(2024, 5, 20),
                                                     approved_by="王主任")
        case.refresh_from_db()
        assert case.procedure == "ordinary"


class TestSuspension:
    def test_a_20_day_suspension_moves_the_decision_date_by_20_days(self, users, zone):
        """第三十九条 + 第六十二条: accepted 2024-05-08 → 07-07 (Sun) rolled to 07-08; suspended 20 days → 07-27 (Sat) → 07-29."""
        case = accepted(users, zone)
        before = reconsideration_deadline(case, "decision")
        assert before.result.unrolled == D(2024, 7, 7) and before.deadline == D(2024, 7, 8)
        services.reconsideration_suspend(case=case, actor=users.legal, ground="8", suspended_on=D(2024, 5, 20),
                                         notice_sent_on=D(2024, 5, 20), reason="待另案审结")
        case.refresh_from_db()
        assert case.status == "suspended"
        open_ = reconsideration_deadline(case, "decision")
        assert open_.deadline is None and open_.result.suspended
        with pytest.raises(ValidationError, match="第三十九条第二款"):
            services.reconsideration_decide(case=case, actor=users.legal, decision_type="uphold",
                                            decided_on=D(2024, 6, 1))
        services.reconsideration_resume(case=case, actor=users.legal, resumed_on=D(2024, 6, 9),
                                        notice_sent_on=D(2024, 6, 9))
        case.refresh_from_db()
        after = reconsideration_deadline(case, "decision")
        assert after.result.suspended_days == 20
        assert after.result.unrolled == before.result.unrolled + dt.timedelta(days=20)
        assert after.deadline == D(2024, 7, 29)

    def test_suspension_needs_written_notice(self, users, zone):
        case = accepted(users, zone)
        with pytest.raises(ValidationError, match="第三十九条第三款"):
            services.reconsideration_suspend(case=case, actor=users.legal, ground="5", suspended_on=D(2024, 5, 20),
                                             notice_sent_on=None)

    def test_60_day_suspension_on_ground_1_is_flagged_and_allows_termination(self, users, zone):
        """第四十一条第五项: suspended 2024-05-20 on ground (1); 60 days reached on 2024-07-19."""
        case = accepted(users, zone)
        services.reconsideration_suspend(case=case, actor=users.legal, ground="1", suspended_on=D(2024, 5, 20),
                                         notice_sent_on=D(2024, 5, 20), reason="申请人死亡")
        assert selectors.reconsideration_suspension_limits_due(user=users.legal, today=D(2024, 7, 18)) == []
        due = selectors.reconsideration_suspension_limits_due(user=users.legal, today=D(2024, 7, 19))
        assert len(due) == 1 and due[0][2].reached_on == D(2024, 7, 19)
        with pytest.raises(ValidationError, match="第四十一条第五项"):
            services.reconsideration_terminate(case=case, actor=users.legal, ground="5", on=D(2024, 7, 18))
        services.reconsideration_terminate(case=case, actor=users.legal, ground="5", on=D(2024, 7, 19))
        case.refresh_from_db()
        assert case.status == "terminated" and case.concluded_on == D(2024, 7, 19)

    def test_ground_8_never_flags(self, users, zone):
        case = accepted(users, zone)
        services.reconsideration_suspend(case=case, actor=users.legal, ground="8", suspended_on=D(2024, 5, 20),
                                         notice_sent_on=D(2024, 5, 20))
        assert selectors.reconsideration_suspension_limits_due(user=users.legal, today=D(2024, 12, 31)) == []


class TestExtension:
    def test_extension_by_the_head_at_most_30_days(self, users, zone):
        case = accepted(users, zone)
        with pytest.raises(ValidationError, match="负责人批准"):
            services.reconsideration_extend(case=case, actor=users.legal, days=30, approved_by="", on=D(2024, 6, 1),
                                            reason="情况复杂")
        with pytest.raises(ValidationError, match="三十日"):
            services.reconsideration_extend(case=case, actor=users.legal, days=31, approved_by="王主任",
                                            on=D(2024, 6, 1), reason="情况复杂")
        services.reconsideration_extend(case=case, actor=users.legal, days=30, approved_by="王主任",
                                        on=D(2024, 6, 1), reason="情况复杂")
        case.refresh_from_db()
        d = reconsideration_deadline(case, "decision")
        assert d.result.extension_days == 30 and d.deadline == D(2024, 8, 6)


class TestDecision:
    def test_worse_variation_is_refused(self, users, zone):
        """第六十三条第二款: a 2,000-yuan fine may not become 5,000."""
        case = accepted(users, zone)
        with pytest.raises(ValidationError) as exc:
            services.reconsideration_decide(case=case, actor=users.legal, decision_type="vary",
                                            decided_on=D(2024, 6, 1),
                                            varied_sanctions=[{"kind": "fine", "amount": "5000"}])
        assert "第六十三条第二款" in exc.value.message_dict["varied_sanctions"][0]
        case.refresh_from_db()
        assert case.status == "accepted"

    def test_lighter_variation_is_decided(self, users, zone):
        case = accepted(users, zone)
        services.reconsideration_decide(case=case, actor=users.legal, decision_type="vary", decided_on=D(2024, 6, 1),
                                        varied_sanctions=[{"kind": "fine", "amount": "1000"}])
        case.refresh_from_db()
        assert case.status == "decided" and case.variation["varied"][0]["amount"] == "1000"
        assert case.concluded_on == D(2024, 6, 1)

    def test_third_partys_contrary_request_allows_a_heavier_variation(self, users, zone):
        case = accepted(users, zone)
        services.reconsideration_decide(case=case, actor=users.legal, decision_type="vary", decided_on=D(2024, 6, 1),
                                        varied_sanctions=[{"kind": "fine", "amount": "5000"}],
                                        third_party_contrary_request=True)

    def test_dismiss_claim_only_for_inaction_and_dismiss_application_stays_distinct(self, users, zone):
        """第六十九条 answers a claim of inaction; 第三十三条 dismisses the application."""
        case = accepted(users, zone)
        with pytest.raises(ValidationError, match="第六十九条"):
            services.reconsideration_decide(case=case, actor=users.legal, decision_type="dismiss_claim",
                                            decided_on=D(2024, 6, 1))
        services.reconsideration_decide(case=case, actor=users.legal, decision_type="dismiss_application",
                                        decided_on=D(2024, 6, 1), summary="申请人与行政行为无利害关系")
        case.refresh_from_db()
        assert case.get_decision_type_display() == "驳回申请（第三十三条）"

    def test_publication_after_decision(self, users, zone):
        case = accepted(users, zone)
        with pytest.raises(ValidationError, match="第七十九条"):
            services.reconsideration_publish(case=case, actor=users.legal, published_on=D(2024, 6, 5), ref="网站")
        services.reconsideration_decide(case=case, actor=users.legal, decision_type="uphold", decided_on=D(2024, 6, 1))
        services.reconsideration_publish(case=case, actor=users.legal, published_on=D(2024, 6, 5), ref="区政府网站")

    def test_revocation_flows_back_to_the_penalty_case_after_commit(self, users, zone, django_capture_on_commit_callbacks):
        case = accepted(users, zone, penalty_case_number="甬高新综执罚〔2024〕12号")
        with django_capture_on_commit_callbacks(execute=True):
            services.reconsideration_decide(case=case, actor=users.legal, decision_type="revoke",
                                            decided_on=D(2024, 6, 1))
        case.refresh_from_db()
        assert case.penalty_flowback  # withdrawn, not found, or the enforcement service missing — said which
        assert AuditEntry.objects.filter(event="reconsideration.penalty_flowback", object_id=str(case.pk)).exists()

    def test_revocation_withdraws_the_penalty_decision(self, users, zone, django_capture_on_commit_callbacks):
        """When the enforcement app offers case_decision_withdraw, a revocation reaches the penalty case."""
        from django.apps import apps

        try:
            penalty_model = apps.get_model("enforcement", "PenaltyCase")
        except LookupError:
            pytest.skip("penalty cases not built yet")
        penalty = penalty_model.objects.create(
            organization=zone.team, handling_unit=zone.team, number="甬高新综执罚〔2024〕12号",
            lead_received_on=D(2024, 3, 1), party_kind="natural_person", party_name="张三",
            filed_on=D(2024, 3, 2), decided_on=D(2024, 4, 1), status="decided",
        )
        case = accepted(users, zone, penalty_case_number=penalty.number)
        with django_capture_on_commit_callbacks(execute=True):
            services.reconsideration_decide(case=case, actor=users.legal, decision_type="revoke",
                                            decided_on=D(2024, 6, 1))
        case.refresh_from_db()
        penalty.refresh_from_db()
        assert case.penalty_flowback.startswith("已通知处罚案件"), case.penalty_flowback
        assert penalty.withdrawal_source == "reconsideration"


    def test_hearing_notice_five_working_days_before(self, users, zone):
        """第五十一条: hearing on 2024-06-14 (Fri) → notice by 2024-06-06 (06-10 is 端午)."""
        case = accepted(users, zone)
        with pytest.raises(ValidationError, match="第五十一条"):
            services.reconsideration_hold_hearing(case=case, actor=users.legal, held_on=D(2024, 6, 14),
                                                  notice_sent_on=D(2024, 6, 7))
        services.reconsideration_hold_hearing(case=case, actor=users.legal, held_on=D(2024, 6, 14),
                                              notice_sent_on=D(2024, 6, 6))


class TestPermissions:
    def test_department_cannot_run_the_bodys_case(self, users, zone):
        case = receive(users, zone)
        with pytest.raises(PermissionDenied):
            services.reconsideration_accept(case=case, actor=users.team_staff, accepted_on=D(2024, 5, 8))
        with pytest.raises(PermissionDenied):
            receive(users, zone, actor=users.team_staff, number="X")

    def test_respondent_records_its_reply_but_another_department_cannot(self, users, zone):
        case = accepted(users, zone)
        services.reconsideration_send_copy(case=case, actor=users.legal, sent_on=D(2024, 5, 9))
        with pytest.raises(PermissionDenied):
            services.reconsideration_record_reply(case=case, actor=users.market_staff, replied_on=D(2024, 5, 17),
                                                  copy_received_on=D(2024, 5, 10))
        services.reconsideration_record_reply(case=case, actor=users.team_staff, replied_on=D(2024, 5, 17),
                                              copy_received_on=D(2024, 5, 10))

    def test_scope_of_reads(self, users, zone):
        case = receive(users, zone)
        assert list(ReconsiderationCase.objects.visible_to(users.team_staff)) == [case]  # respondent
        assert list(ReconsiderationCase.objects.visible_to(users.market_staff)) == []
        assert list(ReconsiderationCase.objects.visible_to(users.stranger)) == []
        assert list(ReconsiderationCase.objects.visible_to(users.leader)) == [case]

    def test_stranger_cannot_act(self, users, zone):
        case = receive(users, zone)
        with pytest.raises(PermissionDenied):
            services.reconsideration_accept(case=case, actor=users.stranger, accepted_on=D(2024, 5, 8))


class TestCommand:
    def test_fazhi_disputes_due_and_deemed_acceptance(self, users, zone):
        """`fazhi disputes due` lists, `fazhi disputes deemed-acceptance` applies 第三十条第三款 (audited via cli)."""
        from io import StringIO

        from django.core.management import call_command

        case = receive(users, zone, received_on=D(2024, 9, 13))
        out = StringIO()
        call_command("disputes", "due", "--today", "2024-09-24", stdout=out)
        assert "视为受理  甬高新复〔2024〕1号  2024-09-23" in out.getvalue()
        out = StringIO()
        call_command("disputes", "deemed-acceptance", "--today", "2024-09-24", stdout=out)
        assert out.getvalue().startswith("1 case(s)")
        case.refresh_from_db()
        assert case.acceptance_deemed and case.accepted_on == D(2024, 9, 23)
        entry = AuditEntry.objects.get(event="reconsideration.deemed_accepted", object_id=str(case.pk))
        assert entry.data["via"] == "cli" and entry.actor is None
