"""The inspection item list (检查事项清单) as a register: pages, API, XLSX import/export.

Items are reference data that departments maintain and import from
spreadsheets. Their publication is not a register edit: the legal office
publishes and withdraws an item through ``services.inspection_item_publish`` /
``inspection_item_withdraw`` (the 检查事项 page and API). A published item can
be changed only by the legal office. Plans, tasks, visits, records, ratings and
findings are workflow records with their own services; none is a register.
"""

from django.utils.translation import gettext_lazy as _

from fazhi.accounts.constants import Role
from fazhi.common.registers import Column, Register, register
from fazhi.inspections.constants import ItemStatus
from fazhi.inspections.models import InspectionItem


def _may_change(user, item: InspectionItem) -> bool:
    return item.status == ItemStatus.DRAFT or user.role in (Role.LEGAL_OFFICE, Role.ADMINISTRATOR)


INSPECTION_ITEMS = register(
    Register(
        key="inspection-items",
        model=InspectionItem,
        event_prefix="inspection_item",
        form_fields=[
            "organization", "catalogue_item", "code", "name", "matter", "checklist", "yearly_cap", "off_site_allowed",
        ],
        columns=[
            Column("organization", "实施机构", lookup="name"),
            Column("code", "检查事项编码"),
            Column("name", "检查事项名称"),
            Column("catalogue_item", "执法事项编码", lookup="code"),
            Column("matter", "检查领域"),
            Column("checklist", "检查要点"),
            Column("yearly_cap", "年度频次上限"),
            Column("off_site_allowed", "可非现场检查"),
            Column("status", "状态"),
        ],
        natural_key=["organization", "code"],
        list_fields=["code", "name", "organization", "matter", "yearly_cap", "status"],
        search_fields=["code", "name", "matter"],
        filter_fields=["status", "off_site_allowed"],
        edit_roles=frozenset({Role.ADMINISTRATOR, Role.LEGAL_OFFICE, Role.DEPARTMENT_STAFF}),
        object_rule=_may_change,
        select_related=["organization", "catalogue_item"],
        nav_group="inspections",
        description=_("检查事项清单：检查什么、由谁检查、依据哪条执法事项、检查要点、每家企业每年的频次上限。清单之外无检查。"),
    )
)
