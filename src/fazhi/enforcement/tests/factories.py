"""Test helpers for penalty cases: a certified team, a catalogue item, and cases driven to any status.

``case_world(zone, users, officers)`` completes the shared ``tests/conftest.py``
zone with what a case needs; ``drive(case, to, actor, world)`` takes a case
through the services to ``to`` on fixed 2025 dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from fazhi.enforcement import services
from fazhi.enforcement.constants import ItemKind
from fazhi.enforcement.models import EnforcementCertificate, EnforcementItem, Officer, PenaltyCase

TEAM_PREFIX = "甬高新综执罚"
MARKET_PREFIX = "甬高新市监罚"

# 2025-03-03 is a Monday; the statement period (5 working days) ends 2025-03-10.
LEAD_ON = dt.date(2025, 2, 20)
FILE_ON = dt.date(2025, 2, 24)
INVESTIGATE_ON = dt.date(2025, 2, 25)
STEP_ON = dt.date(2025, 2, 26)
NOTIFY_ON = dt.date(2025, 3, 3)
STATEMENT_ENDS = dt.date(2025, 3, 10)
DECIDE_ON = dt.date(2025, 3, 11)
SERVE_ON = dt.date(2025, 3, 12)
PAY_ON = dt.date(2025, 3, 20)


@dataclass
class World:
    zone: object
    users: object
    team_officers: list[Officer]
    market_officers: list[Officer]
    item: EnforcementItem
    market_item: EnforcementItem


def _officer(org, number, name, cert_org=None, valid_until=dt.date(2028, 12, 31)):
    o = Officer.objects.create(organization=org, staff_number=number, name=name)
    EnforcementCertificate.objects.create(
        officer=o, organization=cert_org or org, number=f"3302080{number}", issued_by="宁波市人民政府",
        valid_from=dt.date(2024, 1, 1), valid_until=valid_until,
    )
    return o


def case_world(zone, users, officers) -> World:
    zone.team.case_number_prefix = TEAM_PREFIX
    zone.team.save(update_fields=["case_number_prefix"])
    zone.market.case_number_prefix = MARKET_PREFIX
    zone.market.save(update_fields=["case_number_prefix"])
    team = [officers.team, _officer(zone.squad, "S001", "张三", cert_org=zone.team)]
    market = [officers.market, _officer(zone.market, "M002", "钱四")]
    item = EnforcementItem.objects.create(
        organization=zone.team, code="330208-CF-0001", name="对单位擅自占用城市道路的行政处罚",
        kind=ItemKind.PENALTY, legal_basis="《城市道路管理条例》第四十二条", valid_from=dt.date(2020, 1, 1),
    )
    market_item = EnforcementItem.objects.create(
        organization=zone.market, code="330208-SJ-0001", name="对销售不符合食品安全标准的食品的行政处罚",
        kind=ItemKind.PENALTY, legal_basis="《中华人民共和国食品安全法》第一百二十四条", valid_from=dt.date(2020, 1, 1),
    )
    return World(zone, users, team, market, item, market_item)


def new_case(world: World, actor=None, *, market: bool = False, **fields) -> PenaltyCase:
    actor = actor if actor is not None else (world.users.market_staff if market else world.users.team_staff)
    values = dict(
        lead_received_on=LEAD_ON, party_kind="legal_person", party_name="宁波某某建设有限公司",
        party_id_number="91330201MA2AAAAA1X", party_address="浙江省宁波市高新区聚贤街道江南路1号",
        item=world.market_item if market else world.item, act_date=dt.date(2025, 2, 18),
        facts="当事人未经批准擅自占用城市道路堆放建筑材料。",
    )
    values.update(fields)
    org = world.zone.market if market else world.zone.team
    return services.case_create(actor=actor, organization=org, **values)


ORDER = ["filed", "investigating", "notified", "decided", "served", "executed", "closed"]


def drive(case: PenaltyCase, to: str, world: World, actor=None, *, fine: Decimal = Decimal("2000")) -> PenaltyCase:
    """Take ``case`` (a lead) along the ordinary path up to status ``to``."""
    actor = actor or world.users.team_staff
    officers = world.team_officers if case.organization_id == world.zone.team.pk else world.market_officers
    steps = {
        "filed": lambda c: services.case_file(case=c, actor=actor, on=FILE_ON, officers=officers),
        "investigating": lambda c: services.case_investigation_start(case=c, actor=actor, on=INVESTIGATE_ON),
        "notified": lambda c: (
            services.case_step_record(case=c, actor=actor, kind="inspection", on=STEP_ON, summary="现场检查"),
            services.case_notify(case=c, actor=actor, on=NOTIFY_ON, kinds=["fine"], fine=fine),
        )[-1],
        "decided": lambda c: services.case_decide(case=c, actor=actor, on=DECIDE_ON, decision_kind="penalty",
                                                  kinds=["fine"], fine=fine),
        "served": lambda c: services.case_serve(case=c, actor=actor, on=SERVE_ON, method="direct"),
        "executed": lambda c: (
            services.case_payment_record(case=c, actor=actor, paid_on=PAY_ON, amount=fine),
            services.case_execute(case=c, actor=actor, on=PAY_ON, method="paid"),
        )[-1],
        "closed": lambda c: services.case_close(case=c, actor=actor, on=PAY_ON),
    }
    for status in ORDER[: ORDER.index(to) + 1]:
        case = steps[status](case)
    return case
