"""Gates before a visit starts: each rule refuses on its own, naming itself; some may be overridden."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from fazhi.core.inspection_gates import (
    GATE_RULES,
    CertificateFacts,
    DepartmentFacts,
    GateRule,
    OfficerFacts,
    TaskFacts,
    VisitGateFacts,
    blocking,
    check_gates,
)

DAY = date(2024, 5, 20)
TEAM = DepartmentFacts("1", "综合行政执法队", True)
MARKET = DepartmentFacts("2", "市场监管分局", True)


def cert(org: str, number: str, **kw) -> CertificateFacts:
    return CertificateFacts(number=number, organization=org, valid_from=kw.pop("valid_from", date(2022, 1, 1)),
                            valid_until=kw.pop("valid_until", date(2026, 12, 31)), **kw)


def task(dept: str, **kw) -> TaskFacts:
    base = dict(task_id=f"T{dept}", department=dept, item_name="对燃气使用场所的日常监督检查", item_published=True,
                yearly_cap=2, visits_this_year=0, approved=True)
    base.update(kw)
    return TaskFacts(**base)


def good() -> VisitGateFacts:
    return VisitGateFacts(
        first_day=DAY,
        last_day=DAY,
        departments=(TEAM, MARKET),
        tasks=(task("1"), task("2")),
        officers=(
            OfficerFacts("王一", "1", (cert("1", "33020801001"),)),
            OfficerFacts("李二", "2", (cert("2", "33020802001"),)),
        ),
    )


def rules(facts) -> list[GateRule]:
    return [f.rule for f in check_gates(facts)]


def test_a_visit_that_keeps_every_rule_passes():
    assert check_gates(good()) == ()


def test_an_unpublished_item_refuses_and_cannot_be_overridden():
    facts = replace(good(), tasks=(task("1", item_published=False), task("2")))
    failures = check_gates(facts)
    assert rules(facts) == [GateRule.ITEM_PUBLISHED]
    assert "未公布" in failures[0].message and blocking(failures) == failures


def test_an_unapproved_plan_refuses_but_may_be_overridden():
    facts = replace(good(), tasks=(task("1", approved=False, approval_note="计划《2024年度计划》状态为已提交"), task("2")))
    failures = check_gates(facts)
    assert rules(facts) == [GateRule.PLAN_APPROVED]
    assert "已提交" in failures[0].message and blocking(failures) == ()


@pytest.mark.parametrize(
    "certificate, why",
    [
        (cert("1", "C1", valid_until=date(2024, 5, 19)), "有效期至2024-05-19"),
        (cert("1", "C1", status="suspended"), "已暂扣"),
        (cert("1", "C1", status="revoked"), "已吊销"),
        (cert("1", "C1", valid_from=date(2024, 6, 1)), "起有效"),
        (cert("9", "C1"), "没有该机构的执法证"),
        (cert("1", "C1", voided=True), "没有该机构的执法证"),
    ],
)
def test_an_officer_without_a_valid_certificate_for_the_organization_on_the_day_refuses(certificate, why):
    facts = replace(good(), officers=(OfficerFacts("王一", "1", (certificate,)), good().officers[1]))
    failures = check_gates(facts)
    assert rules(facts) == [GateRule.OFFICER_CERTIFICATE]
    assert "王一" in failures[0].message and why in failures[0].message
    assert blocking(failures) == failures


def test_the_certificate_must_cover_the_whole_window():
    facts = replace(good(), last_day=date(2027, 1, 5))
    assert set(rules(facts)) == {GateRule.OFFICER_CERTIFICATE}


def test_an_organization_without_authority_refuses():
    facts = replace(good(), departments=(TEAM, replace(MARKET, has_authority=False)))
    failures = check_gates(facts)
    assert rules(facts) == [GateRule.ORGANIZATION_AUTHORITY] and "市场监管分局" in failures[0].message
    assert blocking(failures) == failures


def test_the_yearly_cap_refuses_at_the_cap_and_may_be_overridden():
    assert check_gates(replace(good(), tasks=(task("1", visits_this_year=1), task("2")))) == ()
    facts = replace(good(), tasks=(task("1", visits_this_year=2), task("2")))
    failures = check_gates(facts)
    assert rules(facts) == [GateRule.YEARLY_CAP] and "年度上限2次" in failures[0].message
    assert blocking(failures) == ()


def test_a_no_disturbance_enterprise_needs_a_recorded_cause():
    facts = replace(good(), no_disturbance=True)
    assert rules(facts) == [GateRule.NO_DISTURBANCE_CAUSE]
    assert check_gates(replace(facts, no_disturbance_cause="群众投诉燃气泄漏")) == ()


def test_every_department_sends_an_officer_and_two_at_least():
    facts = replace(good(), officers=(good().officers[0],))
    assert rules(facts) == [GateRule.OFFICERS_ASSIGNED, GateRule.OFFICERS_ASSIGNED]
    assert blocking(check_gates(facts))


def test_an_officer_acting_for_another_organization_refuses():
    stranger = OfficerFacts("赵三", "7", (cert("7", "X1"),))
    facts = replace(good(), officers=(*good().officers, stranger))
    failures = check_gates(facts)
    assert rules(facts) == [GateRule.OFFICERS_ASSIGNED] and "赵三" in failures[0].message


def test_each_failure_names_its_rule_and_basis():
    facts = replace(good(), no_disturbance=True)
    text = str(check_gates(facts)[0])
    assert GATE_RULES[GateRule.NO_DISTURBANCE_CAUSE].title in text and "国发〔2019〕5号" in text


def test_only_the_listed_rules_may_be_overridden():
    overridable = {r for r, info in GATE_RULES.items() if info.overridable}
    assert overridable == {GateRule.PLAN_APPROVED, GateRule.YEARLY_CAP, GateRule.NO_DISTURBANCE_CAUSE}
