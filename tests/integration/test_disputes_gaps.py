"""The three gaps of the disputes app closed: editing and voiding a litigation case (page and API),
the progress of an incidental review (行政复议法 第五十六条至第六十条) with its deadlines.

Permissions: another department and another zone are refused (404: the record is outside their
scope), a user who sees the record but may not act is refused (403); bad input writes nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from fazhi.audit.models import AuditEntry
from fazhi.disputes import selectors, services
from fazhi.disputes.models import IncidentalReview, LitigationCase
from tests.conftest import api_for, client_for

pytestmark = pytest.mark.django_db

D = dt.date


def audits(obj, event):
    return AuditEntry.objects.filter(event=event, object_id=str(obj.pk))


@pytest.fixture
def suit(users, zone):
    return services.litigation_receive(
        actor=users.team_staff, organization=zone.team, number="（2024）浙0212行初21号", court="高新区法院",
        plaintiff_name="李四", disputed_act="罚款", complaint_received_on=D(2024, 3, 1), filed_on=D(2024, 2, 26),
    )


@pytest.fixture
def accepted(users, zone):
    case = services.reconsideration_receive(
        actor=users.legal, organization=zone.legal, number="甬高新复〔2024〕21号", applicant_name="张三",
        respondent=zone.team, disputed_act="罚款 2000 元", received_on=D(2024, 5, 6),
    )
    return services.reconsideration_accept(case=case, actor=users.legal, accepted_on=D(2024, 5, 8))


@pytest.fixture
def transfer_review(users, accepted):
    """无权处理：七个工作日内转送 (第五十六条)."""
    return services.reconsideration_incidental_review(
        case=accepted, actor=users.legal, document_title="高新区罚款裁量基准", issuing_body="市场监管局",
        requested_on=D(2024, 6, 3), handled_by_body=False,
    )


# ---- litigation: edit ---------------------------------------------------------------------------


class TestLitigationEdit:
    def test_page_edit_saves_and_audits_the_changes(self, users, suit):
        c = client_for(users.team_staff)
        page = c.get(f"/disputes/litigation/{suit.pk}/")
        assert f"/disputes/litigation/{suit.pk}/edit/" in page.content.decode()
        assert c.get(f"/disputes/litigation/{suit.pk}/edit/").status_code == 200
        r = c.post(f"/disputes/litigation/{suit.pk}/edit/", {
            "court": "宁波市中级人民法院", "plaintiff_name": "李四", "plaintiff_kind": "citizen",
            "disputed_act": "罚款 5000 元", "act_kind": "penalty", "filed_on": "2024-02-27", "note": "更正",
        })
        assert r.status_code == 302, r.content.decode()[:2000]
        suit.refresh_from_db()
        assert suit.court == "宁波市中级人民法院" and suit.filed_on == D(2024, 2, 27) and suit.note == "更正"
        entry = audits(suit, "litigation.updated").get()
        assert entry.changes["court"] == ["高新区法院", "宁波市中级人民法院"]
        assert "disputed_act" in entry.changes and "number" not in entry.changes

    def test_api_edit_keeps_fields_left_out(self, users, suit):
        r = api_for(users.legal).post(f"/api/disputes/litigation/{suit.pk}/edit/",
                                      {"court": "宁波市中级人民法院"}, format="json")
        assert r.status_code == 200, r.json()
        assert r.json()["court"] == "宁波市中级人民法院" and r.json()["plaintiff_name"] == "李四"
        assert r.json()["filed_on"] == "2024-02-26"

    def test_bad_input_writes_nothing(self, users, suit):
        api = api_for(users.team_staff)
        r = api.post(f"/api/disputes/litigation/{suit.pk}/edit/", {"filed_on": "2024-03-05"}, format="json")
        assert r.status_code == 400 and "收到起诉状副本日" in r.json()["filed_on"][0]
        r = api.post(f"/api/disputes/litigation/{suit.pk}/edit/", {"plaintiff_name": ""}, format="json")
        assert r.status_code == 400 and "plaintiff_name" in r.json()
        page = client_for(users.team_staff).post(f"/disputes/litigation/{suit.pk}/edit/", {
            "court": "X", "plaintiff_name": "李四", "plaintiff_kind": "citizen", "disputed_act": "罚款",
            "act_kind": "penalty", "filed_on": "2099-01-01"})
        assert page.status_code == 200 and "日期不能晚于今天" in page.content.decode()
        suit.refresh_from_db()
        assert suit.court == "高新区法院" and suit.filed_on == D(2024, 2, 26)
        assert not audits(suit, "litigation.updated").exists()

    def test_other_department_and_other_zone_are_refused(self, users, suit):
        for user in (users.market_staff, users.stranger):
            assert client_for(user).get(f"/disputes/litigation/{suit.pk}/edit/").status_code == 404
            assert client_for(user).post(f"/disputes/litigation/{suit.pk}/edit/", {"court": "X"}).status_code == 404
            assert api_for(user).post(f"/api/disputes/litigation/{suit.pk}/edit/", {"court": "X"},
                                      format="json").status_code == 404
        # the leadership sees the case but does not handle it
        r = api_for(users.leader).post(f"/api/disputes/litigation/{suit.pk}/edit/", {"court": "X"}, format="json")
        assert r.status_code == 403
        assert "修改案件信息" not in client_for(users.leader).get(f"/disputes/litigation/{suit.pk}/").content.decode()
        suit.refresh_from_db()
        assert suit.court == "高新区法院" and not audits(suit, "litigation.updated").exists()

    def test_step_fields_cannot_be_edited(self, users, suit):
        with pytest.raises(ValidationError, match="办理步骤"):
            services.litigation_update(case=suit, actor=users.legal, answer_submitted_on=D(2024, 3, 5))


# ---- reconsideration: edit (the same page as the litigation edit) ------------------------------


class TestReconsiderationEdit:
    def post_data(self, case, **changes):
        from django.forms import model_to_dict

        from fazhi.disputes.forms import ReconsiderationEditForm

        data = {k: ("" if v is None else v) for k, v in
                model_to_dict(case, fields=ReconsiderationEditForm.Meta.fields).items()}
        data.update(changes)
        return {k: v for k, v in data.items() if v is not False}

    def test_page_edit_saves(self, users, accepted):
        c = client_for(users.legal)
        page = c.get(f"/disputes/reconsideration/{accepted.pk}/edit/")
        assert page.status_code == 200 and "修改 甬高新复〔2024〕21号" in page.content.decode()
        r = c.post(f"/disputes/reconsideration/{accepted.pk}/edit/", self.post_data(accepted, note="更正"))
        assert r.status_code == 302 and r.url == f"/disputes/reconsideration/{accepted.pk}/"
        accepted.refresh_from_db()
        assert accepted.note == "更正"
        assert audits(accepted, "reconsideration.updated").exists()

    def test_bad_input_shows_the_form_and_writes_nothing(self, users, accepted):
        c = client_for(users.legal)
        r = c.post(f"/disputes/reconsideration/{accepted.pk}/edit/",
                   self.post_data(accepted, applicant_name="", note="不应保存"))
        assert r.status_code == 200
        accepted.refresh_from_db()
        assert accepted.note != "不应保存" and accepted.applicant_name == "张三"


# ---- litigation: void ---------------------------------------------------------------------------


class TestLitigationVoid:
    def test_reason_required_nothing_written(self, users, suit):
        r = api_for(users.team_staff).post(f"/api/disputes/litigation/{suit.pk}/void/", {"reason": "  "},
                                           format="json")
        assert r.status_code == 400
        client_for(users.team_staff).post(f"/disputes/litigation/{suit.pk}/void/", {"reason": ""})
        suit.refresh_from_db()
        assert suit.voided_at is None and not audits(suit, "litigation.voided").exists()

    def test_api_void_keeps_the_row_and_audits(self, users, suit):
        r = api_for(users.team_staff).post(f"/api/disputes/litigation/{suit.pk}/void/", {"reason": "重复登记"},
                                           format="json")
        assert r.status_code == 200, r.json()
        assert r.json()["void_reason"] == "重复登记" and r.json()["voided_at"]
        case = LitigationCase.objects.get(pk=suit.pk)  # not deleted
        assert case.voided_at is not None and case.voided_by == users.team_staff
        assert audits(case, "litigation.voided").get().changes["void_reason"] == ["", "重复登记"]
        # out of the list, still readable, no more steps or edits
        assert api_for(users.legal).get("/api/disputes/litigation/").json()["results"] == []
        page = client_for(users.legal).get(f"/disputes/litigation/{suit.pk}/").content.decode()
        assert "重复登记" in page and "已作废" in page and "修改案件信息" not in page
        r = api_for(users.legal).post(f"/api/disputes/litigation/{suit.pk}/edit/", {"court": "X"}, format="json")
        assert r.status_code == 404

    def test_page_void(self, users, suit):
        r = client_for(users.legal).post(f"/disputes/litigation/{suit.pk}/void/", {"reason": "误登记"})
        assert r.status_code == 302
        suit.refresh_from_db()
        assert suit.void_reason == "误登记"
        with pytest.raises(ValidationError, match="已作废"):
            services.litigation_void(case=suit, reason="再次", actor=users.legal)

    def test_other_department_and_other_zone_are_refused(self, users, suit):
        for user in (users.market_staff, users.stranger):
            assert client_for(user).post(f"/disputes/litigation/{suit.pk}/void/", {"reason": "x"}).status_code == 404
            assert api_for(user).post(f"/api/disputes/litigation/{suit.pk}/void/", {"reason": "x"},
                                      format="json").status_code == 404
        assert api_for(users.leader).post(f"/api/disputes/litigation/{suit.pk}/void/", {"reason": "x"},
                                          format="json").status_code == 403
        suit.refresh_from_db()
        assert suit.voided_at is None and not audits(suit, "litigation.voided").exists()

    def test_a_case_with_a_later_instance_is_not_voided_first(self, users, zone, suit):
        services.litigation_conclude(case=suit, actor=users.team_staff, outcome="dismiss_claim", result_on=D(2024, 6, 1),
                                     served_on=D(2024, 6, 3))
        services.litigation_record_appeal(case=suit, actor=users.team_staff, appealed_on=D(2024, 6, 10),
                                          appellant="李四")
        second = services.litigation_receive(
            actor=users.team_staff, organization=zone.team, number="（2024）浙02行终5号", court="宁波市中级人民法院",
            instance="second", previous=suit, plaintiff_name="李四", disputed_act="罚款",
            complaint_received_on=D(2024, 6, 20))
        r = api_for(users.legal).post(f"/api/disputes/litigation/{suit.pk}/void/", {"reason": "误登记"},
                                      format="json")
        assert r.status_code == 400 and second.number in r.json()["void_reason"][0]
        services.litigation_void(case=second, reason="误登记", actor=users.legal)
        services.litigation_void(case=suit, reason="误登记", actor=users.legal)

    def test_a_voided_case_drops_out_of_the_indicators(self, users, zone, accepted):
        """Hand count: two suits received in 2024, one lost, one hearing that required the head (appeared);
        voiding the lost one leaves 1 received, 0 lost, and no sued-after-reconsideration."""
        kw = dict(user=users.legal, organization=zone.gov, year=2024)
        services.reconsideration_decide(case=accepted, actor=users.legal, decision_type="uphold",
                                        decided_on=D(2024, 6, 20), summary="维持")
        a = services.litigation_receive(
            actor=users.legal, organization=zone.team, number="（2024）浙0212行初31号", court="高新区法院",
            plaintiff_name="张三", disputed_act="罚款", complaint_received_on=D(2024, 7, 1),
            reconsideration_case=accepted, public_interest=True)
        services.litigation_record_hearing(case=a, actor=users.legal, held_on=D(2024, 8, 1), head_appeared=True,
                                           head_name="赵局长", head_post="principal")
        services.litigation_conclude(case=a, actor=users.legal, outcome="revoke", result_on=D(2024, 9, 1))
        b = services.litigation_receive(
            actor=users.legal, organization=zone.team, number="（2024）浙0212行初32号", court="高新区法院",
            plaintiff_name="王五", disputed_act="罚款", complaint_received_on=D(2024, 7, 2))
        services.litigation_conclude(case=b, actor=users.legal, outcome="dismiss_claim", result_on=D(2024, 9, 2))
        as_of = D(2024, 12, 31)
        assert selectors.litigation_received(**kw) == 2
        assert selectors.litigation_lost(**kw, as_of=as_of) == 1
        assert selectors.litigation_loss_rate(**kw, as_of=as_of) == 0.5
        assert selectors.head_appearance_required(**kw, as_of=as_of) == 1
        assert selectors.reconsideration_sued_after(**kw) == 1

        services.litigation_void(case=a, reason="重复登记", actor=users.legal)
        assert selectors.litigation_received(**kw) == 1
        assert selectors.litigation_concluded(**kw, as_of=as_of) == 1
        assert selectors.litigation_lost(**kw, as_of=as_of) == 0
        assert selectors.litigation_loss_rate(**kw, as_of=as_of) == 0.0
        assert selectors.head_appearance_required(**kw, as_of=as_of) == 0
        assert selectors.head_appearance_rate(**kw, as_of=as_of) is None
        assert selectors.reconsideration_sued_after(**kw) == 0
        figures = selectors.dispute_figures(**kw, as_of=as_of)
        assert figures.litigation_received == 1 and figures.loss_rate == 0.0


# ---- incidental review (行政复议法 第五十六条至第六十条) ----------------------------------------


class TestIncidentalReview:
    def test_case_page_shows_the_form_and_the_engine_deadlines(self, users, accepted, transfer_review):
        html = client_for(users.legal).get(f"/disputes/reconsideration/{accepted.pk}/").content.decode()
        assert 'id="incidental-reviews"' in html and "高新区罚款裁量基准" in html
        assert 'data-deadline="incidental_review_transfer"' in html
        assert f"/disputes/reconsideration/{accepted.pk}/incidental-review/" in html
        # the request itself stays a step of the case (page and API)
        assert "incidental_review" in api_for(users.legal).get(
            f"/api/disputes/reconsideration/{accepted.pk}/").json()["steps"]
        # a department answering the case sees the review but no form
        team_html = client_for(users.team_staff).get(f"/disputes/reconsideration/{accepted.pk}/").content.decode()
        assert "高新区罚款裁量基准" in team_html and "/incidental-review/" not in team_html

    def test_page_records_the_transfer_then_the_api_the_reply(self, users, accepted, transfer_review):
        r = client_for(users.legal).post(f"/disputes/reconsideration/{accepted.pk}/incidental-review/", {
            "review": transfer_review.pk, "transferred_on": "2024-06-05"})
        assert r.status_code == 302
        transfer_review.refresh_from_db()
        assert transfer_review.transferred_on == D(2024, 6, 5)
        assert audits(transfer_review, "reconsideration.incidental_review_recorded").count() == 1

        data = api_for(users.legal).get(f"/api/disputes/reconsideration/{accepted.pk}/").json()
        rows = {d["key"]: d for d in data["incidental_reviews"][0]["deadlines"]}
        assert rows["incidental_review_transfer"]["met_on"] == "2024-06-05"
        assert rows["incidental_review_transfer"]["basis"].endswith("第五十六条")
        # 第六十条: 60 calendar days from 06-05 → 08-04, a Sunday → 08-05
        assert rows["incidental_review_reply"]["deadline"] == "2024-08-05"
        assert rows["incidental_review_reply"]["basis"].endswith("第六十条")

        r = api_for(users.legal).post(f"/api/disputes/reconsideration/{accepted.pk}/incidental_review_record/", {
            "review": transfer_review.pk, "reply_received_on": "2024-07-20", "conclusion": "该基准第五条予以修改"},
            format="json")
        assert r.status_code == 200, r.json()
        review = r.json()["incidental_reviews"][0]
        assert review["reply_received_on"] == "2024-07-20" and review["conclusion"] == "该基准第五条予以修改"
        assert {d["key"]: d["state"] for d in review["deadlines"]}["incidental_review_reply"] == "met"

    def test_own_review_handled_within_30_days(self, users, accepted):
        own = services.reconsideration_incidental_review(
            case=accepted, actor=users.legal, document_title="区政府通知", issuing_body="区政府",
            requested_on=D(2024, 6, 3), handled_by_body=True)
        r = api_for(users.legal).post(f"/api/disputes/reconsideration/{accepted.pk}/incidental_review_record/", {
            "review": own.pk, "transferred_on": "2024-06-04"}, format="json")
        assert r.status_code == 400 and "第五十六条" in r.json()["transferred_on"][0]
        r = api_for(users.legal).post(f"/api/disputes/reconsideration/{accepted.pk}/incidental_review_record/", {
            "review": own.pk, "handled_on": "2024-07-01", "conclusion": "合法"}, format="json")
        assert r.status_code == 200
        rows = r.json()["incidental_reviews"][0]["deadlines"]
        # 30 calendar days from 06-03 → 07-03
        assert [(d["key"], d["deadline"], d["state"]) for d in rows] == [
            ("incidental_review_handling", "2024-07-03", "met")]

    def test_bad_input_writes_nothing(self, users, accepted, transfer_review):
        api = api_for(users.legal)
        url = f"/api/disputes/reconsideration/{accepted.pk}/incidental_review_record/"
        r = api.post(url, {"review": transfer_review.pk, "reply_received_on": "2024-06-10"}, format="json")
        assert r.status_code == 400 and "第六十条" in r.json()["reply_received_on"][0]
        r = api.post(url, {"review": transfer_review.pk, "transferred_on": "2024-05-01"}, format="json")
        assert r.status_code == 400 and "提出日" in r.json()["transferred_on"][0]
        r = api.post(url, {"review": transfer_review.pk, "transferred_on": "2099-01-01"}, format="json")
        assert r.status_code == 400
        r = api.post(url, {"review": 999999, "transferred_on": "2024-06-05"}, format="json")
        assert r.status_code == 400 and "review" in r.json()
        page = client_for(users.legal).post(f"/disputes/reconsideration/{accepted.pk}/incidental-review/", {
            "review": transfer_review.pk, "transferred_on": "2024-05-01"})
        assert page.status_code == 200 and "提出日" in page.content.decode()
        transfer_review.refresh_from_db()
        assert transfer_review.transferred_on is None and transfer_review.reply_received_on is None
        assert not audits(transfer_review, "reconsideration.incidental_review_recorded").exists()

    def test_a_review_of_another_case_is_refused(self, users, zone, accepted, transfer_review):
        other = services.reconsideration_receive(
            actor=users.legal, organization=zone.legal, number="甬高新复〔2024〕22号", applicant_name="李四",
            respondent=zone.team, disputed_act="罚款", received_on=D(2024, 5, 6))
        r = api_for(users.legal).post(f"/api/disputes/reconsideration/{other.pk}/incidental_review_record/", {
            "review": transfer_review.pk, "transferred_on": "2024-06-05"}, format="json")
        assert r.status_code == 400
        assert IncidentalReview.objects.get(pk=transfer_review.pk).transferred_on is None

    def test_permissions(self, users, accepted, transfer_review):
        body = {"review": transfer_review.pk, "transferred_on": "2024-06-05"}
        for user in (users.market_staff, users.stranger):
            assert client_for(user).post(f"/disputes/reconsideration/{accepted.pk}/incidental-review/",
                                         body).status_code == 404
            assert api_for(user).post(f"/api/disputes/reconsideration/{accepted.pk}/incidental_review_record/",
                                      body, format="json").status_code == 404
        # the respondent department sees the case, but the body's review is the legal office's work
        assert client_for(users.team_staff).post(f"/disputes/reconsideration/{accepted.pk}/incidental-review/",
                                                 body).status_code == 403
        assert api_for(users.team_staff).post(
            f"/api/disputes/reconsideration/{accepted.pk}/incidental_review_record/", body,
            format="json").status_code == 403
        transfer_review.refresh_from_db()
        assert transfer_review.transferred_on is None
        assert not audits(transfer_review, "reconsideration.incidental_review_recorded").exists()


# ---- link to the penalty case (enforcement.PenaltyCase) -----------------------------------------


def penalty(zone, number, org=None):
    from fazhi.enforcement.models import PenaltyCase

    org = org or zone.team
    return PenaltyCase.objects.create(
        organization=org, handling_unit=org, number=number, lead_received_on=D(2024, 3, 1),
        party_kind="natural_person", party_name="张三", filed_on=D(2024, 3, 2), decided_on=D(2024, 4, 1),
        status="decided",
    )


class TestPenaltyCaseLink:
    def test_receipt_links_the_visible_case_and_keeps_the_number(self, users, zone):
        p = penalty(zone, "甬高新综执罚〔2024〕31号")
        rc = services.reconsideration_receive(
            actor=users.legal, organization=zone.legal, number="甬高新复〔2024〕31号", applicant_name="张三",
            respondent=zone.team, disputed_act="罚款", received_on=D(2024, 5, 6), penalty_case_number=p.number)
        assert rc.penalty_case == p and rc.penalty_case_number == p.number
        lc = services.litigation_receive(
            actor=users.team_staff, organization=zone.team, number="（2024）浙0212行初41号", court="高新区法院",
            plaintiff_name="张三", disputed_act="罚款", complaint_received_on=D(2024, 3, 1),
            penalty_case_number=p.number)
        assert lc.penalty_case == p
        html = client_for(users.team_staff).get(f"/disputes/litigation/{lc.pk}/").content.decode()
        assert f'href="/cases/{p.pk}/"' in html
        assert api_for(users.team_staff).get(f"/api/disputes/litigation/{lc.pk}/").json()["penalty_case"] == p.pk

    def test_unknown_or_invisible_number_leaves_the_link_empty(self, users, zone):
        other = penalty(zone, "外区罚〔2024〕1号", org=zone.other_gov)
        market = penalty(zone, "甬高新市监罚〔2024〕2号", org=zone.market)
        for number in ("无此案号", other.number, market.number):
            lc = services.litigation_receive(
                actor=users.team_staff, organization=zone.team, number=f"（2024）浙0212行初{len(number)}号",
                court="高新区法院", plaintiff_name="张三", disputed_act="罚款",
                complaint_received_on=D(2024, 3, 1), penalty_case_number=number)
            assert lc.penalty_case is None and lc.penalty_case_number == number

    def test_editing_the_number_relinks(self, users, zone, suit):
        p = penalty(zone, "甬高新综执罚〔2024〕33号")
        r = api_for(users.team_staff).post(f"/api/disputes/litigation/{suit.pk}/edit/",
                                           {"penalty_case_number": p.number}, format="json")
        assert r.status_code == 200 and r.json()["penalty_case"] == p.pk
        entry = audits(suit, "litigation.updated").get()
        assert entry.changes["penalty_case"][1] in (p.pk, str(p.pk), str(p))
        r = api_for(users.team_staff).post(f"/api/disputes/litigation/{suit.pk}/edit/",
                                           {"penalty_case_number": ""}, format="json")
        assert r.json()["penalty_case"] is None
