"""A small inspection world for the inspection tests: items, enterprises, officers, approved plans.

The fixtures here are imported by the other ``test_inspections_*`` modules.
``world`` builds on the shared ``zone``/``users``/``officers`` fixtures:

* two published items: 综合行政执法队 “燃气使用场所” (燃气安全, cap 2) and
  市场监管分局 “食品销售经营者” (食品安全, cap 1); a draft market item;
* three enterprises (E2 on the 无事不扰 list);
* a second certified officer per department (the team's is the ``officer``
  user's, so that user can be assigned and open a visit);
* one approved plan per department, with a task at E1 in the same window, so
  coordination makes one joint visit of them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fazhi.core.identifiers import uscc_check_character

DAY = dt.date(2024, 5, 20)  # a Monday; the window covers the week
WINDOW = (dt.date(2024, 5, 13), dt.date(2024, 5, 31))


def make_uscc(n: int) -> str:
    first17 = f"9133020800{n:07d}"
    return first17 + uscc_check_character(first17)


@pytest.fixture
def world(zone, users, officers):
    from fazhi.enforcement.models import EnforcementCertificate, EnforcementItem, Officer
    from fazhi.entities.models import MarketEntity
    from fazhi.inspections import services

    team_item = EnforcementItem.objects.create(
        organization=zone.team, code="330208-JC-ZF-001", name="对燃气使用场所的日常监督检查", kind="inspection",
        legal_basis="《浙江省燃气管理条例》第四十条", valid_from=dt.date(2024, 1, 1))
    market_item = EnforcementItem.objects.create(
        organization=zone.market, code="330208-JC-SJ-001", name="对食品销售经营者的日常监督检查", kind="inspection",
        legal_basis="《中华人民共和国食品安全法》第一百一十条", valid_from=dt.date(2024, 1, 1))
    gas = services.inspection_item_create(
        organization=zone.team, catalogue_item=team_item, code="ZF-01", name="燃气使用场所检查", matter="燃气安全",
        checklist="燃气报警装置\n软管与阀门", yearly_cap=2, actor=users.team_staff)
    food = services.inspection_item_create(
        organization=zone.market, catalogue_item=market_item, code="SJ-01", name="食品销售检查", matter="食品安全",
        checklist="进货查验记录", yearly_cap=1, actor=users.market_staff)
    draft = services.inspection_item_create(
        organization=zone.market, catalogue_item=market_item, code="SJ-02", name="未公布的检查", matter="食品安全",
        checklist="要点", yearly_cap=1, actor=users.market_staff)
    services.inspection_item_publish(item=gas, actor=users.legal)
    services.inspection_item_publish(item=food, actor=users.legal)

    entities = [
        MarketEntity.objects.create(organization=zone.gov, uscc=make_uscc(i), name=f"测试企业{i}", entity_type="company",
                                    registered_on=dt.date(2015, 1, 1), no_disturbance=(i == 2))
        for i in (1, 2, 3)
    ]
    officer_user = Officer.objects.create(organization=zone.squad, staff_number="T002", name="王二", user=users.officer)
    market_2 = Officer.objects.create(organization=zone.market, staff_number="M002", name="李三")
    for o, num in ((officer_user, "33020800003"), (market_2, "33020800004")):
        EnforcementCertificate.objects.create(
            officer=o, organization=zone.team if o is officer_user else zone.market, number=num,
            issued_by="宁波市人民政府", valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2028, 12, 31))

    team_plan = services.plan_create(organization=zone.team, title="执法队2024年度检查计划",
                                     period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31),
                                     actor=users.team_staff)
    market_plan = services.plan_create(organization=zone.market, title="市场监管分局2024年度检查计划",
                                       period_start=dt.date(2024, 1, 1), period_end=dt.date(2024, 12, 31),
                                       actor=users.market_staff)
    t1 = services.inspection_task_create(
        plan_or_none=team_plan, entity=entities[0], department=zone.team, item=gas, earliest=WINDOW[0],
        latest=WINDOW[1], officers_needed=2, source="plan", actor=users.team_staff)
    t2 = services.inspection_task_create(
        plan_or_none=market_plan, entity=entities[0], department=zone.market, item=food, earliest=WINDOW[0],
        latest=WINDOW[1], officers_needed=2, source="plan", actor=users.market_staff)
    for plan, staff in ((team_plan, users.team_staff), (market_plan, users.market_staff)):
        services.plan_submit(plan=plan, actor=staff)
        services.plan_approve(plan=plan, actor=users.legal)
    return type("World", (), dict(
        gas=gas, food=food, draft=draft, entities=entities, e1=entities[0], e2=entities[1], e3=entities[2],
        team_plan=team_plan, market_plan=market_plan, t1=t1, t2=t2,
        team_officers=[officers.team, officer_user], market_officers=[officers.market, market_2],
        officer_user=officer_user,
    ))


@pytest.fixture
def joint_visit(world, zone, users):
    """The coordination run over May 2024 (issued): one joint visit at E1 with both tasks, officers assigned."""
    from fazhi.inspections import services

    run = services.coordination_run_create(organization=zone.legal, period_start=dt.date(2024, 1, 1),
                                           period_end=dt.date(2024, 12, 31), actor=users.legal)
    services.coordination_run_issue(run=run, actor=users.legal)
    visit = run.visits.get()
    services.visit_officers_set(visit=visit, officers=world.team_officers + world.market_officers, actor=users.team_staff)
    visit.refresh_from_db()
    return visit


def test_the_world_builds(world):
    assert world.gas.is_published and world.food.is_published and not world.draft.is_published
    assert world.team_plan.status == "approved" and world.t1.plan_id == world.team_plan.pk
