from django.utils.translation import gettext_lazy as _

from fazhi.accounts.constants import Role
from fazhi.common.registers import Column, Register, register

from .models import Organization
from .services import organization_after_save

ORGANIZATIONS = register(
    Register(
        key="organizations",
        model=Organization,
        event_prefix="organization",
        form_fields=[
            "name", "short_name", "kind", "parent", "uscc",
            "has_enforcement_authority", "authority_basis", "case_number_prefix",
        ],
        columns=[
            Column("name", "名称"),
            Column("short_name", "简称"),
            Column("kind", "类型"),
            Column("parent", "上级机构", lookup="name"),
            Column("uscc", "统一社会信用代码"),
            Column("has_enforcement_authority", "具有执法主体资格"),
            Column("authority_basis", "执法主体资格依据"),
            Column("case_number_prefix", "文书编号前缀"),
        ],
        natural_key=["name", "parent"],
        list_fields=["name", "kind", "parent", "has_enforcement_authority", "uscc"],
        search_fields=["name", "short_name", "uscc"],
        filter_fields=["kind", "has_enforcement_authority"],
        edit_roles=frozenset({Role.ADMINISTRATOR}),
        after_save=organization_after_save,
        description=_("机构树：省、市、区（管委会）、部门、中队、街道；执法主体资格及依据。"),
    )
)
