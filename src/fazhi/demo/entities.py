"""The zone's market entities (经营主体), with a registration and closure history since 1999.

The plan reproduces the report's 2024 figures through ``entities.selectors``:
35,994 existing on 2024-12-31, 4,726 registered in 2024, and 34,494 existing on
2023-12-31, so that 35,994 / 34,494 − 1 = +4.35 %. Hence 34,494 + 4,726 −
35,994 = 3,226 entities existing at the end of 2023 close during 2024 (the
2024 clean-up of dormant businesses shows as an unusually high closure year).
"""

from __future__ import annotations

import datetime as dt
import random

from fazhi.core.identifiers import (
    USCC_CHARSET,
    organization_code_check_character,
    uscc_check_character,
)
from fazhi.entities.constants import CreditRiskClass, EntityStatus, EntityType
from fazhi.entities.models import MarketEntity

from . import names
from .base import DemoContext, StepResult, split_total, weighted
from .zone import DIVISION

#: year → (registered in the year, closed in the year) from 2015; earlier years are ramped below
PLAN_RECENT: dict[int, tuple[int, int]] = {
    2015: (2_700, 900),
    2016: (3_000, 1_000),
    2017: (3_300, 1_100),
    2018: (3_500, 1_500),
    2019: (3_800, 1_500),
    2020: (3_500, 1_600),
    2021: (4_100, 1_900),
    2022: (4_000, 1_900),
    2023: (4_400, 2_406),
    2024: (4_726, 3_226),
}
FIRST_YEAR = 1999
EARLY_REGISTERED = 19_000  # 1999–2014
EARLY_CLOSED = 3_000  # 2001–2014

#: the figures the plan must reproduce (seed report, 2024)
EXISTING_2024 = 35_994
EXISTING_2023 = 34_494
REGISTERED_2024 = 4_726


def entity_plan() -> dict[int, tuple[int, int]]:
    """Year → (registered, closed) for every year from 1999 to 2024."""
    early = range(FIRST_YEAR, 2015)
    reg = split_total(EARLY_REGISTERED, [y - FIRST_YEAR + 2 for y in early])
    closing = [y for y in early if y >= 2001]
    closed = dict(zip(closing, split_total(EARLY_CLOSED, [y - 2000 for y in closing]), strict=True))
    plan = {y: (r, closed.get(y, 0)) for y, r in zip(early, reg, strict=True)}
    plan.update(PLAN_RECENT)
    existing = 0
    for year in sorted(plan):
        r, c = plan[year]
        if c > existing:
            raise ValueError(f"{year}: {c} closures but only {existing} entities existed")
        existing += r - c
        if year == 2023 and existing != EXISTING_2023:
            raise ValueError(
                f"plan gives {existing} existing at the end of 2023, not {EXISTING_2023}"
            )
    if existing != EXISTING_2024 or plan[2024][0] != REGISTERED_2024:
        raise ValueError("the entity plan does not reproduce the 2024 figures")
    return plan


TYPE_MIX = (
    (EntityType.COMPANY, 52),
    (EntityType.INDIVIDUAL_BUSINESS, 37),
    (EntityType.BRANCH, 5.5),
    (EntityType.PARTNERSHIP, 2.5),
    (EntityType.SOLE_PROPRIETORSHIP, 2),
    (EntityType.COOPERATIVE, 0.3),
    (EntityType.OTHER, 0.7),
)

#: GB/T 4754-2017 division → (weight among enterprises, words for the name)
ENTERPRISE_INDUSTRIES: dict[str, tuple[float, tuple[str, ...]]] = {
    "C39": (8, ("电子科技", "通信技术", "智能科技", "微电子")),
    "C38": (5, ("电气", "电器", "新能源科技", "储能科技")),
    "C35": (5, ("机械设备", "智能装备", "精密机械")),
    "C34": (4, ("机械", "液压科技", "自动化设备")),
    "C40": (3, ("仪器仪表", "检测技术", "光电科技")),
    "C27": (2, ("生物医药", "医药科技", "制药")),
    "C26": (2, ("新材料", "化工科技", "涂料")),
    "C29": (2, ("塑胶", "橡塑制品", "塑料科技")),
    "I65": (14, ("信息技术", "软件科技", "数据科技", "信息科技")),
    "I64": (4, ("网络科技", "互联网科技", "数字科技")),
    "M73": (3, ("生物技术", "新材料技术", "智能技术研究")),
    "M74": (3, ("工程设计", "检验检测", "工程技术")),
    "M75": (9, ("科技", "技术服务", "科技发展")),
    "L72": (9, ("企业管理咨询", "商务咨询", "人力资源", "会展服务")),
    "F51": (10, ("贸易", "进出口", "供应链管理", "国际贸易")),
    "F52": (4, ("商贸", "百货", "超市")),
    "E48": (2, ("建设工程", "市政工程")),
    "E50": (2, ("装饰工程", "建筑装饰", "幕墙工程")),
    "K70": (2, ("物业管理", "房地产经纪")),
    "G54": (1, ("物流", "运输")),
    "G59": (1, ("仓储服务", "冷链物流")),
    "H62": (2, ("餐饮管理", "餐饮服务")),
    "P83": (1, ("教育科技", "培训")),
    "R86": (1, ("文化传媒", "影视文化")),
    "N77": (1, ("环保科技", "环境工程")),
}

#: the divisions individual businesses (个体工商户) mostly trade in
INDIVIDUAL_INDUSTRIES: dict[str, tuple[float, tuple[str, ...]]] = {
    "F52": (
        40,
        ("便利店", "超市", "烟酒商行", "水果店", "服装店", "五金店", "日用品店", "母婴用品店"),
    ),
    "H62": (30, ("小吃店", "餐饮店", "面馆", "奶茶店", "快餐店", "饭店")),
    "O80": (12, ("理发店", "美容美发店", "洗衣店", "家政服务部")),
    "O81": (8, ("家电维修部", "汽车修理店", "手机维修店")),
    "F51": (6, ("建材经营部", "电子产品经营部")),
    "M75": (4, ("科技服务部", "技术服务部")),
}

STREET_MIX = (("street_juxian", 40), ("street_meixu", 35), ("street_xinming", 25))
RISK_MIX = (
    (CreditRiskClass.A, 35),
    (CreditRiskClass.B, 45),
    (CreditRiskClass.C, 15),
    (CreditRiskClass.D, 5),
)

#: GB 32100: registration authority 9 (市场监管) and the entity type within it
USCC_TYPE = {
    EntityType.INDIVIDUAL_BUSINESS: "92",
    EntityType.COOPERATIVE: "93",
}


def make_uscc(rng: random.Random, entity_type: str, year: int, taken: set[str]) -> str:
    """A fresh valid code: 91/92/93 + division + 主体标识码 (MA… since 2016) + check character."""
    while True:
        division = DIVISION if rng.random() < 0.85 else "330201"
        if year >= 2016:
            body8 = "MA" + "".join(rng.choice(USCC_CHARSET) for _ in range(6))
        else:
            body8 = "".join(rng.choice("0123456789") for _ in range(8))
        first17 = (
            USCC_TYPE.get(entity_type, "91")
            + division
            + body8
            + organization_code_check_character(body8)
        )
        code = first17 + uscc_check_character(first17)
        if code not in taken:
            taken.add(code)
            return code


def make_name(rng: random.Random, entity_type: str, words: tuple[str, ...], taken: set[str]) -> str:
    for _ in range(50):
        trade = names.trade_name(rng)
        word = rng.choice(words)
        if entity_type == EntityType.INDIVIDUAL_BUSINESS:
            owner = names.person_name(rng) if rng.random() < 0.3 else trade
            name = f"宁波高新区{owner}{word}"
        elif entity_type == EntityType.BRANCH:
            name = f"{rng.choice(('浙江', '上海', '江苏', '深圳', '杭州'))}{trade}{word}有限公司宁波高新区分公司"
        elif entity_type == EntityType.PARTNERSHIP:
            kind = rng.choice(("创业投资", "股权投资", "企业管理咨询", "科技"))
            name = f"宁波高新区{trade}{kind}合伙企业（有限合伙）"
        elif entity_type == EntityType.SOLE_PROPRIETORSHIP:
            name = f"宁波高新区{trade}{word}经营部"
        elif entity_type == EntityType.COOPERATIVE:
            name = f"宁波高新区{trade}{rng.choice(('果蔬', '花卉苗木', '农机'))}专业合作社"
        elif entity_type == EntityType.OTHER:
            name = f"{rng.choice(('香港', '新加坡', '日本'))}{trade}{word}有限公司宁波代表处"
        else:
            form = "股份有限公司" if rng.random() < 0.03 else "有限公司"
            name = f"宁波{trade}{word}{form}"
        if name not in taken:
            taken.add(name)
            return name
    raise RuntimeError("could not find a fresh entity name")


def _random_day(rng: random.Random, year: int) -> dt.date:
    start = dt.date(year, 1, 1)
    days = (dt.date(year + 1, 1, 1) - start).days
    return start + dt.timedelta(days=rng.randrange(days))


def build_entities(ctx: DemoContext) -> StepResult:
    existing = MarketEntity.objects.filter(organization=ctx.orgs["zone"]).count()
    if existing:
        return ctx.skipped("entities", market_entities=existing)
    entities = generate_entities(ctx)
    ctx.total(len(entities))
    ctx.create(MarketEntity, "entity", entities)
    return StepResult("entities", created={"market_entities": len(entities)})


def generate_entities(ctx: DemoContext) -> list[MarketEntity]:
    """The unsaved entities, in order of registration: a function of the seed alone."""
    zone = ctx.orgs["zone"]
    rng = ctx.rng("entities")
    plan = entity_plan()

    ent_codes = list(ENTERPRISE_INDUSTRIES)
    ent_weights = [w for w, _ in ENTERPRISE_INDUSTRIES.values()]
    ind_codes = list(INDIVIDUAL_INDUSTRIES)
    ind_weights = [w for w, _ in INDIVIDUAL_INDUSTRIES.values()]
    usccs: set[str] = set()
    entity_names: set[str] = set()
    entities: list[MarketEntity] = []
    pool: list[int] = []  # indexes of entities active at the start of the year being planned
    born_last_year: list[int] = []

    for year in sorted(plan):
        registered, closed = plan[year]
        pool.extend(born_last_year)
        if closed:
            revoked_share = 0.3 if year == 2024 else 0.15
            picks = set(rng.sample(range(len(pool)), closed))
            for pos in sorted(picks):
                e = entities[pool[pos]]
                e.status = (
                    EntityStatus.REVOKED
                    if rng.random() < revoked_share
                    else EntityStatus.DEREGISTERED
                )
                e.status_changed_on = _random_day(rng, year)
                if e.status == EntityStatus.REVOKED:
                    e.credit_risk_class = weighted(
                        rng, ((CreditRiskClass.D, 60), (CreditRiskClass.C, 40))
                    )
                e.no_disturbance = False
            pool = [idx for pos, idx in enumerate(pool) if pos not in picks]
        born_last_year = []
        for registered_on in sorted(_random_day(rng, year) for _ in range(registered)):
            entity_type = weighted(rng, TYPE_MIX)
            if entity_type == EntityType.INDIVIDUAL_BUSINESS:
                code = rng.choices(ind_codes, weights=ind_weights, k=1)[0]
                words = INDIVIDUAL_INDUSTRIES[code][1]
            else:
                code = rng.choices(ent_codes, weights=ent_weights, k=1)[0]
                words = ENTERPRISE_INDUSTRIES[code][1]
            if entity_type == EntityType.COOPERATIVE:
                code = "A05"  # 农、林、牧、渔专业及辅助性活动
            street_key = weighted(rng, STREET_MIX)
            risk = weighted(rng, RISK_MIX)
            born_last_year.append(len(entities))
            entities.append(
                MarketEntity(
                    organization=zone,
                    uscc=make_uscc(rng, entity_type, year, usccs),
                    name=make_name(rng, entity_type, words, entity_names),
                    entity_type=entity_type,
                    industry_code=code,
                    address=names.address(rng, street_key),
                    street=ctx.orgs[street_key],
                    legal_representative=names.person_name(rng),
                    status=EntityStatus.ACTIVE,
                    registered_on=registered_on,
                    credit_risk_class=risk,
                    no_disturbance=risk in (CreditRiskClass.A, CreditRiskClass.B)
                    and rng.random() < 0.025,
                )
            )
    return entities
