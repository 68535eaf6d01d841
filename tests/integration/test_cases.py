"""Penalty cases: services and their legal gates, deadlines, the full-process record, publicity.

Each gate test names the article of 行政处罚法 (2021) it exercises. Dates are in
2025 (the calendar package covers it); 2025-03-03 is a Monday.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from fazhi.audit.models import AuditEntry
from fazhi.core import penalty as core
from fazhi.enforcement import constants, selectors, services
from fazhi.enforcement.models import (
    CaseRecordEntry,
    CaseStatusChange,
    EnforcementCertificate,
    EnforcementItem,
    PenaltyCase,
)
from fazhi.enforcement.tests.factories import (
    DECIDE_ON,
    FILE_ON,
    INVESTIGATE_ON,
    NOTIFY_ON,
    SERVE_ON,
    STATEMENT_ENDS,
    STEP_ON,
    TEAM_PREFIX,
    case_world,
    drive,
    new_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(zone, users, officers):
    return case_world(zone, users, officers)


def errors(exc) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


# ---- constants mirror the core ---------------------------------------------------------


def test_django_choices_mirror_the_core_enums():
    assert set(constants.CaseStatus.values) == {s.value for s in core.CaseStatus}
    assert set(constants.CaseAction.values) == {a.value for a in core.Action}
    assert set(constants.CASE_EVENTS) == {a.value for a in core.Action}
    assert set(constants.PartyKind.values) == {k.value for k in core.PartyKind}
    assert set(constants.PenaltyKind.values) == {k.value for k in core.PenaltyKind}


# ---- filing, numbers, history, audit, record -------------------------------------------


class TestFiling:
    def test_filing_numbers_the_case_and_records_everything(self, w):
        case = new_case(w)
        case = services.case_file(case=case, actor=w.users.team_staff, on=FILE_ON, officers=w.team_officers)
        assert case.status == "filed" and case.filed_on == FILE_ON
        assert case.number == f"{TEAM_PREFIX}〔2025〕1号"
        change = CaseStatusChange.objects.get(case=case)
        assert (change.from_status, change.to_status, change.action) == ("lead", "filed", "file")
        entry = AuditEntry.objects.filter(event="case.filed", object_id=str(case.pk)).get()
        assert entry.changes["status"] == ["lead", "filed"] and entry.actor == w.users.team_staff
        events = list(case.record.order_by("seq").values_list("event", flat=True))
        assert events == ["case.created", "case.file", "document.generated"]
        doc = case.documents.get()
        assert doc.kind == "filing_approval" and case.party_name in doc.html and "第三十六条" in doc.html
        assert services.case_record_verify(case) is None

    def test_numbers_are_unique_per_body_and_year_and_never_reused(self, w):
        a = services.case_file(case=new_case(w), actor=w.users.team_staff, on=FILE_ON, officers=w.team_officers)
        b = services.case_file(case=new_case(w), actor=w.users.team_staff, on=FILE_ON, officers=w.team_officers)
        services.case_void(case=b, actor=w.users.team_staff, on=FILE_ON, reason="重复立案")
        c = services.case_file(case=new_case(w), actor=w.users.team_staff, on=FILE_ON, officers=w.team_officers)
        assert [x.serial for x in (a, b, c)] == [1, 2, 3]
        assert PenaltyCase.objects.get(pk=b.pk).number.endswith("〔2025〕2号")  # the voided case keeps it
        old = new_case(w, lead_received_on=dt.date(2024, 12, 20), act_date=dt.date(2024, 12, 18))
        old = services.case_file(case=old, actor=w.users.team_staff, on=dt.date(2024, 12, 30), officers=w.team_officers)
        assert old.number == f"{TEAM_PREFIX}〔2024〕1号"
        m = services.case_file(case=new_case(w, market=True), actor=w.users.market_staff, on=FILE_ON,
                               officers=w.market_officers)
        assert m.number == "甬高新市监罚〔2025〕1号"
        dup = PenaltyCase(organization=w.zone.team, handling_unit=w.zone.team, year=2025, serial=1,
                          lead_received_on=FILE_ON, party_kind="legal_person", party_name="x")
        with pytest.raises(ValidationError):
            dup.full_clean()

    def test_a_body_without_a_number_prefix_cannot_file(self, w):
        w.zone.team.case_number_prefix = ""
        w.zone.team.save()
        with pytest.raises(ValidationError) as exc:
            services.case_file(case=new_case(w), actor=w.users.team_staff, on=FILE_ON, officers=w.team_officers)
        assert "文书编号前缀" in errors(exc)
        assert not CaseStatusChange.objects.exists()

    def test_decline_with_reason(self, w):
        case = services.case_decline(case=new_case(w), actor=w.users.team_staff, on=FILE_ON, reason="不属于本机关管辖")
        assert case.status == "not_filed" and case.documents.get().kind == "decline_approval"
        with pytest.raises(ValidationError) as exc:
            services.case_file(case=case, actor=w.users.team_staff, on=FILE_ON, officers=w.team_officers)
        assert "第五十四条" in errors(exc)


# ---- art. 42: two certified officers -----------------------------------------------------


class TestOfficersArticle42:
    def test_one_officer_is_not_enough(self, w):
        with pytest.raises(ValidationError) as exc:
            services.case_file(case=new_case(w), actor=w.users.team_staff, on=FILE_ON, officers=w.team_officers[:1])
        assert "不得少于两人" in errors(exc) and "第四十二条" in errors(exc)
        assert PenaltyCase.objects.get().status == "lead"

    def test_an_officer_of_another_body_has_no_certificate_for_this_case(self, w):
        with pytest.raises(ValidationError) as exc:
            services.case_file(case=new_case(w), actor=w.users.team_staff, on=FILE_ON,
                               officers=[w.team_officers[0], w.market_officers[0]])
        assert w.market_officers[0].name in errors(exc)

    def test_a_certificate_expired_before_the_decision_blocks_it(self, w):
        case = drive(new_case(w), "notified", w)
        cert = EnforcementCertificate.objects.get(officer=w.team_officers[1])
        cert.valid_until = dt.date(2025, 3, 5)
        cert.save()
        with pytest.raises(ValidationError) as exc:
            services.case_decide(case=case, actor=w.users.team_staff, on=DECIDE_ON, decision_kind="penalty",
                                 kinds=["fine"], fine=Decimal(2000))
        assert w.team_officers[1].name in errors(exc) and "2025-03-11" in errors(exc)

    def test_suspended_certificate_blocks_an_investigative_step(self, w):
        case = drive(new_case(w), "investigating", w)
        EnforcementCertificate.objects.filter(officer=w.team_officers[0]).update(status="suspended")
        with pytest.raises(ValidationError):
            services.case_step_record(case=case, actor=w.users.team_staff, kind="inquiry", on=STEP_ON)


# ---- the item and art. 36 ---------------------------------------------------------------


class TestItemAndLimitation:
    def test_item_of_another_body_is_refused(self, w):
        case = new_case(w, item=w.market_item)
        with pytest.raises(ValidationError) as exc:
            services.case_file(case=case, actor=w.users.team_staff, on=FILE_ON, officers=w.team_officers)
        assert "权责清单" in errors(exc)

    def test_item_not_valid_on_the_day_of_the_act_is_refused(self, w):
        later = EnforcementItem.objects.create(
            organization=w.zone.team, code="330208-CF-0002", name="新事项", kind="penalty", legal_basis="某条例",
            valid_from=dt.date(2025, 3, 1),
        )
        case = new_case(w, item=later, act_date=dt.date(2025, 2, 18))
        with pytest.raises(ValidationError) as exc:
            services.case_file(case=case, actor=w.users.team_staff, on=FILE_ON, officers=w.team_officers)
        assert "有效期" in errors(exc) and "2025-02-18" in errors(exc)

    def test_an_inspection_item_is_not_a_penalty_item(self, w):
        item = EnforcementItem.objects.create(organization=w.zone.team, code="JC-1", name="检查", kind="inspection",
                                              legal_basis="x", valid_from=dt.date(2024, 1, 1))
        with pytest.raises(ValidationError):
            services.case_file(case=new_case(w, item=item), actor=w.users.team_staff, on=FILE_ON,
                               officers=w.team_officers)

    def test_two_year_limitation_at_filing(self, w):
        """第三十六条: act ended 2023-02-17, discovered 2025-02-20 → out of time."""
        case = new_case(w, act_date=dt.date(2023, 2, 17))
        with pytest.raises(ValidationError) as exc:
            services.case_file(case=case, actor=w.users.team_staff, on=FILE_ON, officers=w.team_officers)
        assert "第三十六条" in errors(exc)

    def test_continuing_act_counts_from_its_end_and_harm_gives_five_years(self, w):
        ok = new_case(w, act_date=dt.date(2022, 1, 1), act_ended_on=dt.date(2024, 6, 1))
        services.case_file(case=ok, actor=w.users.team_staff, on=FILE_ON, officers=w.team_officers)
        harm = new_case(w, act_date=dt.date(2021, 6, 1), harm_to_life_health_finance=True)
        services.case_file(case=harm, actor=w.users.team_staff, on=FILE_ON, officers=w.team_officers)


# ---- arts. 54, 62, 45, 58, 57, 63-65 -------------------------------------------------


class TestDecisionGates:
    def test_no_notice_without_investigation_art_54(self, w):
        case = drive(new_case(w), "investigating", w)
        with pytest.raises(ValidationError) as exc:
            services.case_notify(case=case, actor=w.users.team_staff, on=NOTIFY_ON, kinds=["fine"], fine=100)
        assert "第五十四条" in errors(exc)

    def test_no_penalty_without_notice_art_62(self, w):
        case = drive(new_case(w), "investigating", w)
        with pytest.raises(ValidationError) as exc:
            services.case_decide(case=case, actor=w.users.team_staff, on=DECIDE_ON, decision_kind="penalty",
                                 kinds=["fine"], fine=Decimal(100))
        assert "第六十二条" in errors(exc)

    def test_no_penalty_needs_no_notice(self, w):
        case = drive(new_case(w), "investigating", w)
        case = services.case_decide(case=case, actor=w.users.team_staff, on=DECIDE_ON,
                                    decision_kind="no_penalty_minor")
        assert case.status == "decided" and not case.publish
        assert case.documents.filter(kind="no_penalty_decision").exists()
        case = services.case_serve(case=case, actor=w.users.team_staff, on=SERVE_ON, method="direct")
        case = services.case_close(case=case, actor=w.users.team_staff, on=SERVE_ON)
        assert case.status == "closed"

    def test_no_decision_inside_the_statement_period_unless_waived_in_writing_art_62(self, w):
        case = drive(new_case(w), "notified", w)
        with pytest.raises(ValidationError) as exc:
            services.case_decide(case=case, actor=w.users.team_staff, on=STATEMENT_ENDS, decision_kind="penalty",
                                 kinds=["fine"], fine=Decimal(2000))
        assert "2025-03-10" in errors(exc) and "第六十二条" in errors(exc)
        services.case_step_record(case=case, actor=w.users.team_staff, kind="statement_waiver",
                                  on=dt.date(2025, 3, 4), summary="当事人书面放弃陈述、申辩")
        case = services.case_decide(case=case, actor=w.users.team_staff, on=dt.date(2025, 3, 5),
                                    decision_kind="penalty", kinds=["fine"], fine=Decimal(2000))
        assert case.status == "decided"

    def test_no_heavier_penalty_after_the_statement_art_45(self, w):
        case = drive(new_case(w), "notified", w)
        with pytest.raises(ValidationError) as exc:
            services.case_decide(case=case, actor=w.users.team_staff, on=DECIDE_ON, decision_kind="penalty",
                                 kinds=["fine"], fine=Decimal(2500))
        assert "第四十五条第二款" in errors(exc)

    def test_legal_review_required_by_art_58(self, w):
        case = drive(new_case(w, major_public_interest=True), "notified", w)
        with pytest.raises(ValidationError) as exc:
            services.case_decide(case=case, actor=w.users.team_staff, on=DECIDE_ON, decision_kind="penalty",
                                 kinds=["fine"], fine=Decimal(2000))
        assert "第五十八条" in errors(exc)
        case = services.case_legal_review_submit(case=case, actor=w.users.team_staff, on=DECIDE_ON)
        with pytest.raises(ValidationError) as exc:  # the reviewer may not be one who investigated
            services.case_step_record(case=case, actor=w.users.legal, kind="legal_review", on=DECIDE_ON,
                                      summary="同意", outcome="passed", reviewer=w.team_officers[0].name)
        services.case_step_record(case=case, actor=w.users.legal, kind="legal_review", on=DECIDE_ON,
                                  summary="证据不足", outcome="failed", reviewer="审核员甲")
        with pytest.raises(ValidationError):
            services.case_decide(case=case, actor=w.users.team_staff, on=DECIDE_ON, decision_kind="penalty",
                                 kinds=["fine"], fine=Decimal(2000))
        services.case_step_record(case=case, actor=w.users.legal, kind="legal_review", on=DECIDE_ON,
                                  summary="补正后同意", outcome="passed", reviewer="审核员甲")
        case = services.case_decide(case=case, actor=w.users.team_staff, on=DECIDE_ON, decision_kind="penalty",
                                    kinds=["fine"], fine=Decimal(2000))
        assert case.status == "decided"
        assert case.documents.filter(kind="legal_review_opinion").count() == 2

    def test_collective_discussion_of_serious_cases_art_57(self, w):
        case = drive(new_case(w, serious_violation=True), "notified", w)
        with pytest.raises(ValidationError) as exc:
            services.case_decide(case=case, actor=w.users.team_staff, on=DECIDE_ON, decision_kind="penalty",
                                 kinds=["fine"], fine=Decimal(2000))
        assert "第五十七条第二款" in errors(exc)
        case = services.case_discussion_submit(case=case, actor=w.users.team_staff, on=DECIDE_ON)
        services.case_step_record(case=case, actor=w.users.team_staff, kind="collective_discussion", on=DECIDE_ON,
                                  summary="负责人集体讨论，同意罚款 2000 元")
        case = services.case_decide(case=case, actor=w.users.team_staff, on=DECIDE_ON, decision_kind="penalty",
                                    kinds=["fine"], fine=Decimal(2000))
        assert case.status == "decided"

    def test_hearing_arts_63_to_65(self, w):
        fine = Decimal(150000)
        case = drive(new_case(w, major_rights=True), "notified", w, fine=fine)
        assert case.hearing_right and "第六十三条" in case.hearing_reasons[0]
        assert "要求听证" in case.documents.get(kind="notice_of_intent").html
        # V8-style: notice 2025-03-03 (Mon) → 5 working days → 2025-03-10.
        with pytest.raises(ValidationError) as exc:
            services.case_hearing_request(case=case, actor=w.users.team_staff, on=dt.date(2025, 3, 11))
        assert "2025-03-10" in errors(exc) and "第六十四条" in errors(exc)
        with pytest.raises(ValidationError) as exc:  # the notice must go out 7 working days before
            services.case_hearing_request(case=case, actor=w.users.team_staff, on=dt.date(2025, 3, 5),
                                          hearing_date=dt.date(2025, 3, 12))
        assert "七日前" in errors(exc)
        case = services.case_hearing_request(case=case, actor=w.users.team_staff, on=dt.date(2025, 3, 5),
                                             hearing_date=dt.date(2025, 3, 20))
        assert case.status == "hearing" and case.documents.filter(kind="hearing_notice").exists()
        with pytest.raises(ValidationError) as exc:
            services.case_decide(case=case, actor=w.users.team_staff, on=dt.date(2025, 3, 21),
                                 decision_kind="penalty", kinds=["fine"], fine=fine)
        assert "第六十五条" in errors(exc)
        with pytest.raises(ValidationError) as exc:  # 第六十四条第一款第四项
            services.case_step_record(case=case, actor=w.users.team_staff, kind="hearing_held",
                                      on=dt.date(2025, 3, 20), reviewer=w.team_officers[0].name)
        assert "非本案调查人员" in errors(exc)
        services.case_step_record(case=case, actor=w.users.team_staff, kind="hearing_held", on=dt.date(2025, 3, 20),
                                  reviewer="主持人乙", summary="听证笔录")
        with pytest.raises(ValidationError) as exc:  # 第五十八条第一款第二项: major rights + hearing
            services.case_decide(case=case, actor=w.users.team_staff, on=dt.date(2025, 3, 21),
                                 decision_kind="penalty", kinds=["fine"], fine=fine)
        assert "第二项" in errors(exc)

    def test_no_hearing_right_for_a_small_fine(self, w):
        case = drive(new_case(w), "notified", w)
        with pytest.raises(ValidationError) as exc:
            services.case_hearing_request(case=case, actor=w.users.team_staff, on=dt.date(2025, 3, 4))
        assert "第六十三条" in errors(exc)

    def test_a_refused_transition_names_its_rule_and_writes_nothing(self, w):
        case = drive(new_case(w), "investigating", w)
        before = case.record_seq
        with pytest.raises(ValidationError) as exc:
            services.case_serve(case=case, actor=w.users.team_staff, on=SERVE_ON, method="direct")
        assert exc.value.message_dict["status"] == [core.refusal_reason("investigating", "serve")]
        case.refresh_from_db()
        assert case.record_seq == before and case.status == "investigating"

    def test_a_decided_case_cannot_be_voided(self, w):
        case = drive(new_case(w), "decided", w)
        with pytest.raises(ValidationError) as exc:
            services.case_void(case=case, actor=w.users.team_staff, on=DECIDE_ON, reason="错")
        assert "第七十五条" in errors(exc)

    def test_dates_run_forward_and_never_into_the_future(self, w):
        case = drive(new_case(w), "filed", w)
        with pytest.raises(ValidationError):
            services.case_investigation_start(case=case, actor=w.users.team_staff, on=dt.date(2025, 2, 23))
        with pytest.raises(ValidationError):
            services.case_investigation_start(case=case, actor=w.users.team_staff, on=dt.date(2099, 1, 1))


class TestSummaryProcedureArticle51:
    def test_within_the_limit_decided_and_served_on_the_spot(self, w):
        case = new_case(w, party_kind="natural_person", party_name="张小明", party_id_number="330206199001011234")
        case = services.case_decide_summary(case=case, actor=w.users.team_staff, on=FILE_ON, kinds=["fine"],
                                            fine=Decimal(200), officers=w.team_officers)
        assert case.status == "served" and case.procedure == "summary" and case.number.endswith("1号")
        assert case.decided_on == case.served_on == FILE_ON and case.filed_on is None
        assert case.documents.get().kind == "summary_decision"

    def test_above_the_limit_is_refused(self, w):
        case = new_case(w, party_kind="natural_person", party_name="张小明")
        with pytest.raises(ValidationError) as exc:
            services.case_decide_summary(case=case, actor=w.users.team_staff, on=FILE_ON, kinds=["fine"],
                                         fine=Decimal(201), officers=w.team_officers)
        assert "第五十一条" in errors(exc)
        org = new_case(w)
        services.case_decide_summary(case=org, actor=w.users.team_staff, on=FILE_ON, kinds=["fine", "warning"],
                                     fine=Decimal(3000), officers=w.team_officers)

    def test_a_warning_closes_once_served(self, w):
        case = services.case_decide_summary(case=new_case(w), actor=w.users.team_staff, on=FILE_ON,
                                            kinds=["warning"], fine=None, officers=w.team_officers)
        assert services.case_close(case=case, actor=w.users.team_staff, on=FILE_ON).status == "closed"


# ---- payment and art. 72 ------------------------------------------------------------------


class TestPayment:
    def test_late_payment_carries_the_surcharge_of_article_72(self, w):
        case = drive(new_case(w), "served", w)  # served 2025-03-12 → pay by 2025-03-27
        assert case.next_deadline == dt.date(2025, 3, 27) and case.next_deadline_rule == "penalty.payment"
        services.case_payment_record(case=case, actor=w.users.team_staff, paid_on=dt.date(2025, 3, 31),
                                     amount=Decimal(2000))
        with pytest.raises(ValidationError) as exc:
            services.case_execute(case=case, actor=w.users.team_staff, on=dt.date(2025, 3, 31), method="paid")
        assert "240.00" in errors(exc) and "第七十二条" in errors(exc)  # 4 days × 3 % × 2000
        services.case_payment_record(case=case, actor=w.users.team_staff, paid_on=dt.date(2025, 4, 1),
                                     amount=Decimal(240))
        case = services.case_execute(case=case, actor=w.users.team_staff, on=dt.date(2025, 4, 1), method="paid")
        assert case.status == "executed" and case.next_deadline is None

    def test_a_fine_cannot_be_closed_before_it_is_executed(self, w):
        case = drive(new_case(w), "served", w)
        with pytest.raises(ValidationError) as exc:
            services.case_close(case=case, actor=w.users.team_staff, on=SERVE_ON)
        assert "执行完毕" in errors(exc)

    def test_deferred_payment_with_an_approver_art_66(self, w):
        case = drive(new_case(w), "served", w)
        services.case_deadline_extend(case=case, actor=w.users.team_staff, rule="penalty.payment", days=30,
                                      on=SERVE_ON, reason="确有经济困难，申请暂缓缴纳", approver=w.users.leader)
        case.refresh_from_db()
        assert case.next_deadline == dt.date(2025, 4, 27)  # 03-27 + 30 = 04-26 (Sat) → 04-27, a make-up working Sunday


# ---- deadlines from the legal-time engine ------------------------------------------------


class TestDeadlines:
    def test_a_case_filed_before_national_day_v11(self, w, users):
        """LEGAL.md V11: filed 2025-07-04 → day 90 is 2025-10-02 (holiday) → deadline 2025-10-09."""
        case = new_case(w, lead_received_on=dt.date(2025, 7, 1), act_date=dt.date(2025, 6, 30))
        case = services.case_file(case=case, actor=users.team_staff, on=dt.date(2025, 7, 4), officers=w.team_officers)
        assert case.next_deadline == dt.date(2025, 10, 9) and case.next_deadline_rule == "penalty.decision"
        from tests.conftest import client_for

        page = client_for(users.team_staff).get(f"/cases/{case.pk}/").content.decode()
        assert "行政处罚法 第六十条" in page and "2025-10-09" in page and "2025-10-02" in page
        assert "顺延至" in page

    def test_notice_before_labour_day_v8(self, w, users):
        """LEGAL.md V8: notified 2025-04-30 → hearing request until 2025-05-12."""
        case = new_case(w, lead_received_on=dt.date(2025, 4, 1), act_date=dt.date(2025, 3, 30))
        case = services.case_file(case=case, actor=users.team_staff, on=dt.date(2025, 4, 2), officers=w.team_officers)
        case = services.case_investigation_start(case=case, actor=users.team_staff, on=dt.date(2025, 4, 3))
        services.case_step_record(case=case, actor=users.team_staff, kind="inquiry", on=dt.date(2025, 4, 7))
        case = services.case_notify(case=case, actor=users.team_staff, on=dt.date(2025, 4, 30), kinds=["fine"],
                                    fine=Decimal(200000))
        from fazhi.config.selectors import work_calendar
        from fazhi.enforcement.deadlines import case_deadlines

        ds = {d.key: d for d in case_deadlines(case, calendar=work_calendar())}
        assert ds["hearing_request"].deadline == dt.date(2025, 5, 12)
        assert "劳动节" in ds["hearing_request"].result.derivation
        assert not ds["statement"].result.verified  # the sector rule is configurable data

    def test_suspension_and_resumption_with_an_approver(self, w, users):
        case = drive(new_case(w), "investigating", w)  # filed 2025-02-24 → day 90 = 2025-05-25 (Sun) → 05-26
        assert case.next_deadline == dt.date(2025, 5, 26)
        with pytest.raises(ValidationError):  # the approver is not the actor
            services.case_suspend(case=case, actor=users.team_staff, on=dt.date(2025, 3, 1), reason="鉴定",
                                  approver=users.team_staff)
        services.case_suspend(case=case, actor=users.team_staff, on=dt.date(2025, 3, 1), reason="委托鉴定",
                              approver=users.leader)
        case.refresh_from_db()
        assert case.suspended and case.next_deadline is None
        with pytest.raises(ValidationError) as exc:
            services.case_notify(case=case, actor=users.team_staff, on=dt.date(2025, 3, 3), kinds=["fine"], fine=1)
        assert "中止" in errors(exc)
        services.case_resume(case=case, actor=users.team_staff, on=dt.date(2025, 3, 11))
        case.refresh_from_db()
        assert not case.suspended and case.next_deadline == dt.date(2025, 6, 4)  # 05-25 + 10 days (Wed)
        assert [e.event for e in case.record.order_by("seq")][-2:] == ["deadline.suspended", "deadline.resumed"]

    def test_payment_period_cannot_be_suspended(self, w, users):
        case = drive(new_case(w), "served", w)
        with pytest.raises(ValidationError) as exc:
            services.case_suspend(case=case, actor=users.team_staff, rule="penalty.payment", on=SERVE_ON,
                                  reason="x", approver=users.leader)
        assert "不能中止" in errors(exc)

    def test_extension_of_the_decision_period_within_its_maximum(self, w, users):
        case = drive(new_case(w), "investigating", w)
        with pytest.raises(ValidationError):
            services.case_deadline_extend(case=case, actor=users.team_staff, rule="penalty.decision", days=31,
                                          on=INVESTIGATE_ON, reason="案情复杂", approver=users.leader)
        services.case_deadline_extend(case=case, actor=users.team_staff, rule="penalty.decision", days=30,
                                      on=INVESTIGATE_ON, reason="案情复杂", approver=users.leader)
        case.refresh_from_db()
        assert case.next_deadline == dt.date(2025, 6, 24)  # counted from the unrolled day 05-25: + 30 = 06-24 (Tue)
        assert case.extensions.get().approver == users.leader

    def test_overdue_and_due_within_lists_per_body(self, w, users):
        a = drive(new_case(w), "investigating", w)  # decision due 2025-05-26
        b = drive(new_case(w, market=True), "filed", w, actor=users.market_staff)
        today = dt.date(2025, 5, 27)
        assert list(selectors.cases_overdue(user=users.legal, today=today)) == [a, b] or \
            set(selectors.cases_overdue(user=users.legal, today=today)) == {a, b}
        assert list(selectors.cases_overdue(user=users.market_staff, today=today)) == [b]
        assert set(selectors.cases_due_within(user=users.legal, today=dt.date(2025, 5, 20), days=7)) == {a, b}
        assert not selectors.cases_due_within(user=users.legal, today=dt.date(2025, 5, 1), days=7).exists()
        board = {r["organization"]: r for r in selectors.deadline_board(user=users.legal, today=today)}
        assert board[w.zone.team.name]["overdue"] == 1 and board[w.zone.market.name]["overdue"] == 1


# ---- the full-process record --------------------------------------------------------------


def _verify_cmd(number):
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exc:
        call_command("audit", "verify", "--case", number, stdout=out, stderr=err)
    return exc.value.code, out.getvalue() + err.getvalue()


class TestFullProcessRecord:
    def test_the_command_verifies_an_intact_case(self, w):
        case = drive(new_case(w), "closed", w)
        code, text = _verify_cmd(case.number)
        assert code == 0 and "intact" in text and str(case.record_seq) in text

    def test_an_altered_entry_is_named(self, w):
        case = drive(new_case(w), "served", w)
        CaseRecordEntry.objects.filter(case=case, seq=4).update(summary="篡改")
        broken = services.case_record_verify(case)
        assert broken.seq == 4 and broken.kind == "hash"
        code, text = _verify_cmd(case.number)
        assert code == 1 and "#4" in text and "BROKEN" in text

    def test_a_removed_entry_in_the_middle_and_at_the_end(self, w):
        from django.db import connection

        case = drive(new_case(w), "served", w)
        last = case.record_seq
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {CaseRecordEntry._meta.db_table} WHERE case_id = %s AND seq = %s", [case.pk, last])
        assert services.case_record_verify(case).reason_zh.startswith("案件记录链头")
        with connection.cursor() as cur:
            cur.execute(f"DELETE FROM {CaseRecordEntry._meta.db_table} WHERE case_id = %s AND seq = 3", [case.pk])
        assert services.case_record_verify(case).seq == 4

    def test_a_changed_document_is_caught(self, w):
        case = drive(new_case(w), "decided", w)
        doc = case.documents.get(kind="decision")
        type(doc).objects.filter(pk=doc.pk).update(html=doc.html.replace("2000", "200"))
        broken = services.case_record_verify(case)
        entry = case.record.get(event="document.generated", object_id=str(doc.pk))
        assert broken.seq == entry.seq and "文书" in broken.reason_zh

    def test_evidence_is_stored_with_its_hash_and_a_changed_file_is_caught(self, w, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        case = drive(new_case(w), "investigating", w)
        ev = services.case_evidence_add(case=case, upload=SimpleUploadedFile("现场照片.jpg", b"\xff\xd8photo", "image/jpeg"),
                                        description="现场照片", actor=w.users.team_staff)
        import hashlib

        assert ev.sha256 == hashlib.sha256(b"\xff\xd8photo").hexdigest() and ev.size == 7
        assert ev.uploaded_by == w.users.team_staff and ev.file.path.startswith(str(tmp_path))
        entry = case.record.get(event="evidence.added")
        assert entry.data["sha256"] == ev.sha256 and entry.data["uploaded_by"] == str(w.users.team_staff)
        assert services.case_record_verify(case) is None
        with open(ev.file.path, "wb") as fh:
            fh.write(b"forged")
        broken = services.case_record_verify(case)
        assert broken.seq == entry.seq and "证据文件" in broken.reason_zh

    def test_record_rows_are_append_only(self, w):
        case = drive(new_case(w), "filed", w)
        entry = case.record.first()
        with pytest.raises(PermissionError):
            entry.save()
        with pytest.raises(PermissionError):
            entry.delete()


# ---- publicity ---------------------------------------------------------------------------


class TestPublicity:
    def _person_case(self, w):
        case = new_case(w, party_kind="natural_person", party_name="张小明", party_id_number="330206199001011234",
                        party_address="浙江省宁波市高新区聚贤街道江南路1号",
                        facts="当事人张小明（住浙江省宁波市高新区聚贤街道江南路1号）擅自占用城市道路。")
        return drive(case, "served", w)

    def test_the_public_page_masks_natural_persons(self, w, client):
        case = self._person_case(w)
        listing = client.get("/cases/public/").content.decode()
        detail = client.get(f"/cases/public/{case.pk}/").content.decode()
        for page in (listing, detail):
            assert case.number in page and "张小明" not in page
        assert "张**" in detail and "330206********1234" in detail and "聚贤街道****" in detail
        assert "330206199001011234" not in detail and "江南路1号" not in detail

    def test_a_legal_person_is_shown_but_its_representative_masked(self, w, client):
        case = drive(new_case(w, party_representative="王大锤"), "decided", w)
        page = client.get(f"/cases/public/{case.pk}/").content.decode()
        assert "宁波某某建设有限公司" in page and "王大锤" not in page and "王**" in page

    def test_unpublished_and_withdrawn_decisions_are_not_public(self, w, users, client):
        case = self._person_case(w)
        case = services.case_decision_withdraw(case=case, reason="复议决定撤销", source="reconsideration",
                                               actor=users.legal)
        assert client.get(f"/cases/public/{case.pk}/").status_code == 404
        assert case.number not in client.get("/cases/public/").content.decode()
        assert case.record.filter(event="publicity.withdrawn").exists()
        assert AuditEntry.objects.filter(event="case.decision_withdrawn", object_id=str(case.pk)).exists()
        with pytest.raises(ValidationError):
            services.case_decision_withdraw(case=case, reason="again", source="litigation", actor=users.legal)
        lead = new_case(w)
        assert client.get(f"/cases/public/{lead.pk}/").status_code == 404

    def test_withdrawal_is_refused_to_another_zone(self, w, users):
        case = self._person_case(w)
        with pytest.raises(PermissionDenied):
            services.case_decision_withdraw(case=case, reason="x", source="litigation", actor=users.stranger)


# ---- selectors: the figure and the lists --------------------------------------------------


class TestSelectors:
    def test_cases_filed_counts_filings_of_the_year_only(self, w, users):
        filed = drive(new_case(w), "closed", w)
        drive(new_case(w), "investigating", w)
        transferred = drive(new_case(w), "investigating", w)
        services.case_transfer(case=transferred, actor=users.team_staff, on=STEP_ON, kind="judicial", to="公安分局",
                               reason="涉嫌犯罪", standard="案件移送标准第三条")
        voided = drive(new_case(w), "filed", w)
        services.case_void(case=voided, actor=users.team_staff, on=FILE_ON, reason="重复")
        services.case_decline(case=new_case(w), actor=users.team_staff, on=FILE_ON, reason="不构成违法")
        services.case_decide_summary(case=new_case(w), actor=users.team_staff, on=FILE_ON, kinds=["warning"],
                                     fine=None, officers=w.team_officers)
        new_case(w)  # a lead
        assert selectors.cases_filed(user=users.leader, year=2025).count() == 3
        assert selectors.cases_filed(user=users.leader, year=2024).count() == 0
        assert filed in selectors.cases_filed(user=users.team_staff, year=2025)
        assert selectors.cases_filed(user=users.market_staff, year=2025).count() == 0
        assert selectors.cases_filed(user=users.stranger, year=2025).count() == 0
        stats = selectors.case_statistics(user=users.leader, year=2025)
        assert stats["filed"] == 3 and stats["summary"] == 1 and stats["not_filed"] == 1 and stats["transferred"] == 1

    def test_case_list_filters(self, w, users):
        a = drive(new_case(w), "closed", w)
        b = new_case(w, party_name="某某餐饮店", party_kind="individual_business")
        assert list(selectors.case_list(user=users.legal, filters={"q": "餐饮"})) == [b]
        assert list(selectors.case_list(user=users.legal, filters={"status": "closed"})) == [a]
        assert list(selectors.case_list(user=users.legal, filters={"open": "1"})) == [b]
        assert list(selectors.case_list(user=users.legal, filters={"published": "1"})) == [a]
        assert list(selectors.case_list(user=users.legal, filters={"year": 2025})) == [a]
