"""The demo zone's organization tree: 浙江省 → 宁波市 → 宁波高新区管委会 → departments, teams, streets.

The departments are those the 2024 report names (seed/000_195c9ab24f188643.txt):
法治办, 综合行政执法队 with its 中队 (the report's "市局、队、中队" training tiers),
行政服务中心, 应急管理局, 市场监管分局, and the departments whose staff took the
涉水、应急管理、卫生健康、人社 training. The streets are synthetic.
"""

from __future__ import annotations

from dataclasses import dataclass

from fazhi.organizations.constants import OrganizationKind as K
from fazhi.organizations.models import Organization
from fazhi.organizations.services import organization_path_refresh

from .base import DemoContext, DemoError, StepResult

ZONE_NAME = "宁波高新区管委会"
ZONE_USCC = "11330208591592676Q"
#: the administrative division code (GB/T 2260) the demo's codes start with
DIVISION = "330208"
TEAM_CASE_PREFIX = "甬高新综执罚"


@dataclass(frozen=True)
class OrgSpec:
    key: str
    name: str
    kind: str
    parent: str | None
    short_name: str = ""
    uscc: str = ""
    authority_basis: str = ""
    case_number_prefix: str = ""


ZONE: tuple[OrgSpec, ...] = (
    OrgSpec("province", "浙江省", K.PROVINCE, None),
    OrgSpec("city", "宁波市", K.CITY, "province"),
    OrgSpec("zone", ZONE_NAME, K.GOVERNMENT, "city", short_name="高新区", uscc=ZONE_USCC),
    OrgSpec("office", "管委会办公室", K.DEPARTMENT, "zone", short_name="办公室"),
    OrgSpec("legal_office", "法治办", K.LEGAL_OFFICE, "zone", short_name="法治办"),
    OrgSpec(
        "enforcement_team",
        "综合行政执法队",
        K.ENFORCEMENT_TEAM,
        "zone",
        short_name="执法队",
        authority_basis="《浙江省综合行政执法条例》；《中华人民共和国行政处罚法》第十八条",
        case_number_prefix=TEAM_CASE_PREFIX,
    ),
    OrgSpec("squad_1", "第一中队", K.TEAM, "enforcement_team", short_name="一中队"),
    OrgSpec("squad_2", "第二中队", K.TEAM, "enforcement_team", short_name="二中队"),
    OrgSpec("squad_3", "第三中队", K.TEAM, "enforcement_team", short_name="三中队"),
    OrgSpec(
        "market",
        "市场监管分局",
        K.DEPARTMENT,
        "zone",
        short_name="市场监管",
        authority_basis="《中华人民共和国行政处罚法》；《市场监督管理行政处罚程序规定》",
        case_number_prefix="甬高新市监罚",
    ),
    OrgSpec(
        "emergency",
        "应急管理局",
        K.DEPARTMENT,
        "zone",
        short_name="应急",
        authority_basis="《中华人民共和国安全生产法》第十条",
        case_number_prefix="甬高新应急罚",
    ),
    OrgSpec(
        "fire",
        "消防救援大队",
        K.DEPARTMENT,
        "zone",
        short_name="消防",
        authority_basis="《中华人民共和国消防法》第四条",
        case_number_prefix="甬高新消行罚",
    ),
    OrgSpec(
        "ecology",
        "生态环境分局",
        K.DEPARTMENT,
        "zone",
        short_name="生态环境",
        authority_basis="《中华人民共和国环境保护法》第十条",
        case_number_prefix="甬高新环罚",
    ),
    OrgSpec(
        "health",
        "卫生健康局",
        K.DEPARTMENT,
        "zone",
        short_name="卫健",
        authority_basis="《中华人民共和国基本医疗卫生与健康促进法》；《公共场所卫生管理条例》",
        case_number_prefix="甬高新卫罚",
    ),
    OrgSpec(
        "hrss",
        "人力社保局",
        K.DEPARTMENT,
        "zone",
        short_name="人社",
        authority_basis="《劳动保障监察条例》第三条",
        case_number_prefix="甬高新人社罚",
    ),
    OrgSpec(
        "housing",
        "住房和建设交通局",
        K.DEPARTMENT,
        "zone",
        short_name="住建交通",
        authority_basis="《中华人民共和国建筑法》；《建设工程质量管理条例》",
        case_number_prefix="甬高新建罚",
    ),
    OrgSpec("service_center", "行政服务中心", K.DEPARTMENT, "zone", short_name="服务中心"),
    OrgSpec("street_meixu", "梅墟街道", K.STREET, "zone", short_name="梅墟"),
    OrgSpec("street_xinming", "新明街道", K.STREET, "zone", short_name="新明"),
    OrgSpec("street_juxian", "聚贤街道", K.STREET, "zone", short_name="聚贤"),
)

#: keys of the organizations that hold enforcement authority, in tree order
AUTHORITY_KEYS = tuple(s.key for s in ZONE if s.authority_basis)
STREET_KEYS = tuple(s.key for s in ZONE if s.kind == K.STREET)


def find_zone() -> Organization | None:
    return (
        Organization.objects.filter(name=ZONE_NAME, kind=K.GOVERNMENT, voided_at__isnull=True)
        .order_by("pk")
        .first()
    )


def build_organizations(ctx: DemoContext) -> StepResult:
    """Find or create every node of ``ZONE`` by (name, parent); audit the ones created."""
    ctx.total(len(ZONE))
    created: list[Organization] = []
    for spec in ZONE:
        parent = ctx.orgs[spec.parent] if spec.parent else None
        org = (
            Organization.objects.filter(name=spec.name, parent=parent, voided_at__isnull=True)
            .order_by("pk")
            .first()
        )
        if org is None:
            org = Organization.objects.create(
                name=spec.name,
                short_name=spec.short_name,
                kind=spec.kind,
                parent=parent,
                uscc=spec.uscc,
                has_enforcement_authority=bool(spec.authority_basis),
                authority_basis=spec.authority_basis,
                case_number_prefix=spec.case_number_prefix,
            )
            organization_path_refresh(org)
            created.append(org)
        elif org.kind != spec.kind:
            raise DemoError(
                f"{org.name} exists with kind {org.kind!r}, the demo needs {spec.kind!r}"
            )
        ctx.orgs[spec.key] = org
        ctx.advance(1)
    ctx.audit_created("organization", created)
    if not created:
        return ctx.skipped("organizations", organizations=len(ZONE))
    return StepResult("organizations", created={"organizations": len(created)})
