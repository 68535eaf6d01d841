"""Registers: scope, permissions, XLSX import/export and audit, through pages, API and exports."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import AuditEntry
from fazhi.common.registers import get_register, load_registers
from fazhi.common.xlsx import ImportRejected, export_register, import_register
from fazhi.enforcement.models import Officer
from fazhi.entities.models import MarketEntity
from tests.conftest import api_for, client_for

pytestmark = pytest.mark.django_db

load_registers()


def xlsx(rows) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


ENTITY_HEADER = ["统一社会信用代码", "名称", "主体类型", "所在街道", "登记状态", "成立日期", "信用风险分类", "无事不扰"]


class TestScope:
    def test_department_cannot_see_another_departments_officers_in_pages(self, users, officers):
        c = client_for(users.market_staff)
        page = c.get("/registers/officers/").content.decode()
        assert "李二" in page and "王一" not in page
        assert c.get(f"/registers/officers/{officers.team.pk}/").status_code == 404
        assert c.get(f"/registers/officers/{officers.market.pk}/").status_code == 200

    def test_department_cannot_see_another_departments_officers_in_api(self, users, officers):
        api = api_for(users.market_staff)
        names = [o["name"] for o in api.get("/api/officers/").json()["results"]]
        assert names == ["李二"]
        assert api.get(f"/api/officers/{officers.team.pk}/").status_code == 404

    def test_department_cannot_export_another_departments_officers(self, users, officers):
        for response in (
            client_for(users.market_staff).get("/registers/officers/export/"),
            api_for(users.market_staff).get("/api/officers/export/"),
        ):
            ws = load_workbook(BytesIO(response.content)).active
            names = [row[2] for row in ws.iter_rows(min_row=2, values_only=True)]
            assert names == ["李二"]

    def test_department_cannot_change_another_departments_officer(self, users, officers):
        api = api_for(users.market_staff)
        r = api.patch(f"/api/officers/{officers.team.pk}/", {"name": "改名"}, format="json")
        assert r.status_code == 404
        r = client_for(users.market_staff).post(f"/registers/officers/{officers.team.pk}/edit/", {"name": "改名"})
        assert r.status_code == 404
        officers.team.refresh_from_db()
        assert officers.team.name == "王一"

    def test_officer_cannot_be_put_in_another_organization(self, users, zone):
        api = api_for(users.market_staff)
        r = api.post("/api/officers/", {"organization": zone.team.pk, "staff_number": "X1", "name": "赵三"}, format="json")
        assert r.status_code == 400
        assert "organization" in r.json()
        assert not Officer.objects.filter(staff_number="X1").exists()

    def test_legal_office_sees_the_whole_zone_but_not_another_zone(self, users, officers, zone):
        from fazhi.enforcement.models import Officer as O

        O.objects.create(organization=zone.other_gov, staff_number="Z9", name="外区")
        names = {o["name"] for o in api_for(users.legal).get("/api/officers/").json()["results"]}
        assert names == {"王一", "李二"}

    def test_leadership_and_officers_read_but_do_not_write(self, users, zone):
        for u in (users.leader, users.officer):
            r = api_for(u).post("/api/entities/", {"uscc": "91110108551385082Q", "name": "x"}, format="json")
            assert r.status_code == 403
        assert client_for(users.officer).get("/registers/entities/new/").status_code == 403

    def test_only_administrators_manage_users(self, users):
        assert api_for(users.legal).post("/api/users/", {"username": "n"}, format="json").status_code == 403
        r = api_for(users.admin).post("/api/users/", {"username": "newbie", "role": "officer"}, format="json")
        assert r.status_code == 400 and "organization" in r.json()
        r = api_for(users.admin).post(
            "/api/users/", {"username": "newbie", "role": "officer", "organization": users.officer.organization_id},
            format="json")
        assert r.status_code == 201, r.json()

    def test_anonymous_gets_nothing(self, officers):
        from django.test import Client

        assert Client().get("/registers/officers/").status_code == 302
        from rest_framework.test import APIClient

        assert APIClient().get("/api/officers/").status_code in (401, 403)


class TestEntities:
    def test_bad_uscc_is_refused_naming_the_field_and_rule(self, users):
        r = api_for(users.legal).post(
            "/api/entities/",
            {"uscc": "91110108551385083Q", "name": "错码公司", "entity_type": "company", "registered_on": "2024-01-02"},
            format="json",
        )
        assert r.status_code == 400
        assert "GB 32100" in r.json()["uscc"][0]
        assert not MarketEntity.objects.exists()

    def test_entity_created_in_the_zone_with_audit(self, users, zone):
        r = api_for(users.market_staff).post(
            "/api/entities/",
            {"uscc": "91110108551385082Q", "name": "小米科技", "entity_type": "company", "registered_on": "2010-03-03",
             "credit_risk_class": "A"},
            format="json",
        )
        assert r.status_code == 201, r.json()
        e = MarketEntity.objects.get()
        assert e.organization == zone.gov
        entry = AuditEntry.objects.for_object(e).get()
        assert entry.event == "entity.created"
        assert entry.actor == users.market_staff
        assert entry.changes["uscc"] == [None, "91110108551385082Q"]
        # every department of the zone sees it; another zone does not
        assert api_for(users.team_staff).get(f"/api/entities/{e.pk}/").status_code == 200
        assert api_for(users.stranger).get(f"/api/entities/{e.pk}/").status_code == 404

    def test_void_keeps_the_record_and_delete_does_not_exist(self, users):
        api = api_for(users.legal)
        pk = api.post("/api/entities/", {"uscc": "914403001922038216", "name": "华为", "entity_type": "company",
                                         "registered_on": "1987-09-15"}, format="json").json()["id"]
        assert api.delete(f"/api/entities/{pk}/").status_code == 405
        assert api.post(f"/api/entities/{pk}/void/", {"reason": ""}, format="json").status_code == 400
        r = api.post(f"/api/entities/{pk}/void/", {"reason": "重复登记"}, format="json")
        assert r.status_code == 200
        e = MarketEntity.objects.get(pk=pk)
        assert e.voided_at is not None and e.void_reason == "重复登记"
        assert list(AuditEntry.objects.for_object(e).order_by("seq").values_list("event", flat=True)) == [
            "entity.created", "entity.voided"]

    def test_detail_page_shows_audit_history(self, users):
        api = api_for(users.legal)
        pk = api.post("/api/entities/", {"uscc": "914403001922038216", "name": "华为", "entity_type": "company",
                                         "registered_on": "1987-09-15"}, format="json").json()["id"]
        api.patch(f"/api/entities/{pk}/", {"name": "华为技术"}, format="json")
        page = client_for(users.leader).get(f"/registers/entities/{pk}/").content.decode()
        assert "entity.updated" in page and "华为技术" in page and "审计历史" in page

    def test_edit_page_writes_through_the_service(self, users, zone):
        c = client_for(users.legal)
        r = c.post("/registers/entities/new/", {
            "uscc": "91440300708461136T", "name": "腾讯", "entity_type": "company", "status": "active",
            "registered_on": "2000-02-24", "credit_risk_class": "A"})
        assert r.status_code == 302
        e = MarketEntity.objects.get(uscc="91440300708461136T")
        assert AuditEntry.objects.for_object(e).exists()
        r = c.post("/registers/entities/new/", {
            "uscc": "91440300708461136X", "name": "错", "entity_type": "company", "status": "active",
            "registered_on": "2000-02-24", "credit_risk_class": "A"})
        assert r.status_code == 200 and "GB 32100-2015" in r.content.decode()

    def test_closing_date_before_establishment_is_refused(self, users):
        r = api_for(users.legal).post("/api/entities/", {
            "uscc": "91440300708461136T", "name": "腾讯", "entity_type": "company", "status": "deregistered",
            "registered_on": "2000-02-24", "status_changed_on": "1999-01-01"}, format="json")
        assert r.status_code == 400
        assert "注销/吊销日期不能早于成立日期" in str(r.json())


class TestImport:
    def test_import_is_all_or_nothing_with_row_errors(self, users, zone):
        reg = get_register("entities")
        f = xlsx([
            ENTITY_HEADER,
            ["91110108551385082Q", "小米科技", "公司", "梅墟街道", "存续", dt.date(2010, 3, 3), "A", "否"],
            ["91110108551385083Q", "错码公司", "公司", "梅墟街道", "存续", dt.date(2010, 3, 3), "A", "否"],
            ["914403001922038216", "华为", "未知类型", "梅墟街道", "存续", "2010-13-01", "A", "否"],
        ])
        with pytest.raises(ImportRejected) as exc:
            import_register(reg, users.legal, f)
        messages = [str(e) for e in exc.value.errors]
        assert any(m.startswith("第 3 行「统一社会信用代码」") for m in messages), messages
        assert any(m.startswith("第 4 行「主体类型」") for m in messages), messages
        assert any(m.startswith("第 4 行「成立日期」") for m in messages), messages
        assert MarketEntity.objects.count() == 0
        assert AuditEntry.objects.count() == 0

    def test_import_creates_and_updates_by_natural_key_and_audits(self, users, zone):
        reg = get_register("entities")
        rows = [ENTITY_HEADER,
                ["91110108551385082Q", "小米科技", "公司", "梅墟街道", "存续", dt.date(2010, 3, 3), "A", "否"],
                ["914403001922038216", "华为", "company", "", "存续", "1987-09-15", "B", "是"]]
        result = import_register(reg, users.legal, xlsx(rows))
        assert (result.created, result.updated) == (2, 0)
        assert MarketEntity.objects.get(uscc="914403001922038216").no_disturbance is True
        rows[1][1] = "小米科技有限责任公司"
        result = import_register(reg, users.legal, xlsx(rows))
        assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
        assert AuditEntry.objects.filter(event="entity.updated").count() == 1

    def test_unknown_column_and_malformed_file_are_refused(self, users):
        reg = get_register("entities")
        with pytest.raises(ImportRejected) as exc:
            import_register(reg, users.legal, xlsx([[*ENTITY_HEADER, "备注"]]))
        assert "备注" in str(exc.value)
        with pytest.raises(ImportRejected) as exc:
            import_register(reg, users.legal, BytesIO(b"not a spreadsheet"))
        assert "XLSX" in str(exc.value)

    def test_foreign_key_from_another_organization_is_refused(self, users, zone):
        reg = get_register("officers")
        f = xlsx([["所属机构", "工号", "姓名", "职务"], ["综合行政执法队", "T9", "张三", ""]])
        with pytest.raises(ImportRejected) as exc:
            import_register(reg, users.market_staff, f)
        assert "第 2 行「所属机构」" in str(exc.value)
        assert not Officer.objects.filter(staff_number="T9").exists()

    def test_duplicate_rows_in_one_file_are_refused(self, users):
        row = ["91110108551385082Q", "小米科技", "公司", "", "存续", "2010-03-03", "A", "否"]
        with pytest.raises(ImportRejected) as exc:
            import_register(get_register("entities"), users.legal, xlsx([ENTITY_HEADER, row, row]))
        assert "与第 2 行重复" in str(exc.value)

    def test_export_then_import_round_trips(self, users, officers):
        reg = get_register("certificates")
        buf = BytesIO()
        assert export_register(reg, users.legal, buf) == 2
        buf.seek(0)
        result = import_register(reg, users.legal, buf)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 2)

    def test_import_page_and_api_report_errors(self, users):
        f = xlsx([ENTITY_HEADER, ["BAD", "x", "公司", "", "存续", "2010-03-03", "A", "否"]])
        page = client_for(users.legal).post("/registers/entities/import/", {"file": f}).content.decode()
        assert "第 2 行「统一社会信用代码」" in page
        f.seek(0)
        r = api_for(users.legal).post("/api/entities/import/", {"file": f}, format="multipart")
        assert r.status_code == 400 and "第 2 行" in r.json()["rows"][0]

    def test_department_without_edit_role_cannot_import(self, users):
        r = client_for(users.officer).get("/registers/entities/import/")
        assert r.status_code == 403


class TestCatalogue:
    def test_a_later_catalogue_closes_the_earlier_version(self, users, zone):
        reg = get_register("items")
        header = ["事项编码", "事项名称", "事项类别", "法律依据", "实施机构", "生效日期", "失效日期"]
        first = xlsx([header, ["CF-1", "对A的处罚", "行政处罚", "《A条例》第1条", "综合行政执法队", "2023-01-01", None]])
        import_register(reg, users.team_staff, first)
        second = xlsx([header, ["CF-1", "对A的处罚（修订）", "行政处罚", "《A条例》第2条", "综合行政执法队", "2024-07-01", None]])
        import_register(reg, users.team_staff, second)
        from fazhi.enforcement.models import EnforcementItem

        old, new = EnforcementItem.objects.order_by("valid_from")
        assert old.valid_until == dt.date(2024, 6, 30) and new.valid_until is None
        assert old.is_valid_on(dt.date(2024, 6, 30)) and not old.is_valid_on(dt.date(2024, 7, 1))
        assert AuditEntry.objects.filter(event="item.superseded", object_id=str(old.pk)).exists()


class TestOrganizations:
    def test_moving_an_organization_moves_its_subtree(self, users, zone):
        api = api_for(users.admin)
        r = api.patch(f"/api/organizations/{zone.team.pk}/", {"parent": zone.market.pk}, format="json")
        assert r.status_code == 200, r.json()
        zone.squad.refresh_from_db()
        assert zone.squad.path == f"{zone.market.path}{zone.team.pk:08d}/{zone.squad.pk:08d}/"

    def test_an_organization_cannot_become_its_own_descendant(self, users, zone):
        r = api_for(users.admin).patch(f"/api/organizations/{zone.team.pk}/", {"parent": zone.squad.pk}, format="json")
        assert r.status_code == 400 and "parent" in r.json()

    def test_authority_needs_a_legal_basis(self, users, zone):
        r = api_for(users.admin).post("/api/organizations/", {
            "name": "新部门", "kind": "department", "parent": zone.gov.pk, "has_enforcement_authority": True}, format="json")
        assert r.status_code == 400 and "资格依据" in str(r.json())


class TestAccounts:
    def test_administrator_sets_a_password_and_it_is_audited_without_the_password(self, users):
        c = client_for(users.admin)
        r = c.post(f"/registers/users/{users.officer.pk}/password/", {"password": "a-long-new-passphrase-9"})
        assert r.status_code == 302
        users.officer.refresh_from_db()
        assert users.officer.check_password("a-long-new-passphrase-9")
        entry = AuditEntry.objects.get(event="user.password_set")
        assert "passphrase" not in str(entry.changes) + str(entry.data)

    def test_weak_password_is_refused_and_others_cannot_set_passwords(self, users):
        r = client_for(users.admin).post(f"/registers/users/{users.officer.pk}/password/", {"password": "123"})
        assert r.status_code == 200 and not users.officer.check_password("123")
        assert client_for(users.legal).get(f"/registers/users/{users.officer.pk}/password/").status_code == 403

    def test_api_token_authenticates(self, users):
        from rest_framework.test import APIClient

        c = APIClient()
        r = c.post("/api/token/", {"username": "legal", "password": "pw-for-tests"}, format="json")
        assert r.status_code == 200
        c.credentials(HTTP_AUTHORIZATION=f"Token {r.json()['token']}")
        assert c.get("/api/entities/").status_code == 200

    def test_voided_account_cannot_log_in(self, users):
        api_for(users.admin).post(f"/api/users/{users.officer.pk}/void/", {"reason": "调离"}, format="json")
        from django.test import Client

        assert not Client().login(username="officer", password="pw-for-tests")


class TestHome:
    def test_each_role_sees_its_own_home(self, users, officers, zone):
        from fazhi.enforcement.models import TrainingRecord

        officers.team.user = users.officer
        officers.team.save()
        TrainingRecord.objects.create(organization=zone.team, officer=officers.team, held_on="2026-03-01",
                                      topic="行政处罚法", hours=12)
        page = client_for(users.officer).get("/").content.decode()
        assert "我的执法证与学时" in page and "33020800001" in page
        admin_page = client_for(users.admin).get("/").content.decode()
        assert "entity-chart" in admin_page and "我的执法证与学时" not in admin_page
        assert "entity-chart" not in client_for(users.market_staff).get("/").content.decode()
        assert "已逾期的处罚案件" in page  # cards contributed by the penalty-case app

    def test_administrator_is_warned_when_next_years_notice_is_missing(self, users):
        from django.utils import timezone

        page = client_for(users.admin).get("/").content.decode()
        next_year = timezone.localdate().year + 1
        known = next_year <= 2026  # chinesecalendar 1.11.0 carries 2004–2026
        assert (f"{next_year} 年节假日安排尚未载入" in page) is (not known)


class TestBadFilters:
    def test_an_invalid_filter_value_is_a_message_not_a_500(self, users):
        r = client_for(users.legal).get("/registers/entities/?no_disturbance=maybe&credit_risk_class=Z&page=abc")
        assert r.status_code == 200
        page = r.content.decode()
        assert "“maybe”不是有效的筛选值" in page and "“Z”不是有效的筛选值" in page

    def test_an_invalid_filter_value_is_a_400_in_the_api(self, users):
        r = api_for(users.legal).get("/api/entities/?no_disturbance=maybe")
        assert r.status_code == 400 and "maybe" in str(r.json()["filters"])
        assert api_for(users.legal).get("/api/entities/?no_disturbance=true").status_code == 200
