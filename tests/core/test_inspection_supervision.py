"""Supervision rules over visits and records, and the inspection transition tables."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from fazhi.core import inspection_workflow as wf
from fazhi.core.inspection_gates import CertificateFacts, OfficerFacts
from fazhi.core.inspection_supervision import (
    FINDING_RULES,
    FindingRule,
    SupervisedRecord,
    SupervisedTask,
    SupervisedVisit,
    record_gaps,
    supervise,
)

DAY = date(2024, 5, 20)
T0 = datetime(2024, 5, 20, 1, 30, tzinfo=UTC)


def record(**kw) -> SupervisedRecord:
    base = dict(arrived_at=T0, left_at=T0 + timedelta(hours=1), officers_present=2, checklist=("ok", "ok"),
                outcome="no_problem")
    base.update(kw)
    return SupervisedRecord(**base)


def officer(name="王一", org="1", until=date(2026, 1, 1)) -> OfficerFacts:
    return OfficerFacts(name, org, (CertificateFacts("C" + name, org, date(2020, 1, 1), until),))


def task(tid="1", dept="1", item="10", matter="燃气安全", cap=2) -> SupervisedTask:
    return SupervisedTask(tid, dept, item, "燃气检查", matter, True, True, cap)


def visit(vid="1", day=DAY, **kw) -> SupervisedVisit:
    base = dict(visit_id=vid, entity="E1", day=day, last_day=day, lead="1", departments=(("1", True),),
                tasks=(task(tid=vid),), officers=(officer(), officer("李二")), record=record())
    base.update(kw)
    return SupervisedVisit(**base)


def rules(visits) -> list[FindingRule]:
    return [f.rule for f in supervise(visits)]


def test_a_clean_visit_has_no_finding():
    assert supervise([visit()]) == []


@pytest.mark.parametrize(
    "change, rule",
    [
        (dict(departments=(("1", False),)), FindingRule.NO_AUTHORITY),
        (dict(officers=(officer(until=date(2024, 5, 1)), officer("李二"))), FindingRule.NO_CERTIFICATE),
        (dict(tasks=(replace(task(), item_published=False),)), FindingRule.NO_BASIS),
        (dict(tasks=(replace(task(), item_has_basis=False),)), FindingRule.NO_BASIS),
        (dict(no_disturbance=True), FindingRule.NO_DISTURBANCE),
        (dict(code_issued=False), FindingRule.NO_CODE),
        (dict(record=None), FindingRule.NO_RECORD),
        (dict(record=record(left_at=None)), FindingRule.RECORD_INCOMPLETE),
        (dict(carried_out=False, overdue=True, record=None), FindingRule.NO_RECORD),
    ],
)
def test_each_rule_finds_its_violation(change, rule):
    assert rules([visit(**change)]) == [rule]


def test_a_visit_not_yet_due_is_not_judged_on_its_record_or_code():
    assert supervise([visit(carried_out=False, record=None, code_issued=False)]) == []


def test_a_cause_clears_the_no_disturbance_rule():
    assert supervise([visit(no_disturbance=True, no_disturbance_cause="投诉举报")]) == []


def test_the_visit_beyond_the_yearly_cap_is_found():
    visits = [visit(str(i), DAY + timedelta(days=60 * i)) for i in range(3)]
    found = supervise(visits)
    assert [(f.rule, f.visit_id) for f in found] == [(FindingRule.CAP_EXCEEDED, "2")]
    assert "第3次" in found[0].detail


def test_the_same_item_twice_within_the_window_is_repeated():
    found = supervise([visit("1"), visit("2", DAY + timedelta(days=10))])
    assert [(f.rule, f.visit_id, f.related_visit_id) for f in found] == [(FindingRule.REPEATED, "2", "1")]
    assert supervise([visit("1"), visit("2", DAY + timedelta(days=30))]) == []


def test_two_departments_on_one_matter_in_separate_visits_is_multi_headed():
    other = visit("2", DAY + timedelta(days=5), lead="2", departments=(("2", True),),
                  tasks=(task("2", dept="2", item="20"),), officers=(officer("赵三", "2"), officer("钱四", "2")))
    found = supervise([visit("1"), other])
    assert [(f.rule, f.department) for f in found] == [(FindingRule.MULTI_DEPARTMENT, "2")]
    different = replace(other, tasks=(task("2", dept="2", item="20", matter="食品安全"),))
    assert supervise([visit("1"), different]) == []


def test_a_non_enforcement_visit_that_records_findings_is_a_disguised_inspection():
    v = visit(enforcement=False, tasks=(), officers=(), record=record(findings="发现消防通道堵塞", outcome=""))
    assert rules([v]) == [FindingRule.DISGUISED]
    assert supervise([replace(v, record=record(outcome="", checklist=()))]) == []


def test_checking_again_gives_the_same_fingerprints():
    visits = [visit("1", no_disturbance=True), visit("2", DAY + timedelta(days=3))]
    assert [f.fingerprint for f in supervise(visits)] == [f.fingerprint for f in supervise(list(reversed(visits)))]


def test_every_rule_has_a_title_and_basis():
    assert set(FINDING_RULES) == set(FindingRule)


@pytest.mark.parametrize(
    "rec, gap",
    [
        (record(arrived_at=None), "到达时间"),
        (record(left_at=T0 - timedelta(minutes=1)), "离开时间早于到达时间"),
        (record(officers_present=0), "在场检查人员"),
        (record(checklist=("ok", "")), "逐项"),
        (record(outcome=""), "检查结果"),
        (record(outcome="rectification_ordered", findings="通道堵塞"), "整改期限"),
        (record(outcome="rectification_ordered", findings="x", rectification_deadline=DAY - timedelta(days=1)), "不能早于"),
        (record(outcome="case_filed", findings="x"), "案件编号"),
        (record(outcome="case_filed"), "检查发现"),
        (record(checklist=("ok", "problem")), "不能为“未发现问题”"),
    ],
)
def test_record_gaps_name_what_is_missing(rec, gap):
    gaps = record_gaps(rec, day=DAY)
    assert any(gap in g for g in gaps), gaps


def test_a_complete_record_has_no_gap():
    assert record_gaps(record(), day=DAY) == []
    assert record_gaps(record(outcome="rectification_ordered", findings="x", rectification_deadline=DAY), day=DAY) == []
    assert record_gaps(None) == ["没有检查记录"]


def test_transition_tables_refuse_unlisted_actions_naming_the_rule():
    assert wf.next_status(wf.PLAN_TRANSITIONS, "draft", "submit") == "submitted"
    assert wf.next_status(wf.VISIT_TRANSITIONS, "scheduled", "open") == "opened"
    with pytest.raises(wf.InvalidTransition) as exc:
        wf.next_status(wf.VISIT_TRANSITIONS, "completed", "cancel")
    assert "已完成" in str(exc.value) and "取消" in str(exc.value)
    assert wf.allowed_actions(wf.FINDING_TRANSITIONS, "open") == ("confirm", "dismiss")


@pytest.mark.parametrize("table", [wf.PLAN_TRANSITIONS, wf.RUN_TRANSITIONS, wf.VISIT_TRANSITIONS,
                                   wf.INVITATION_TRANSITIONS, wf.FINDING_TRANSITIONS])
def test_every_status_and_action_has_a_chinese_label(table):
    for (status, action), target in table.items():
        assert status in wf.LABELS and action in wf.LABELS and target in wf.LABELS
