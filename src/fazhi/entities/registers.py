from django.utils.translation import gettext_lazy as _

from fazhi.accounts.constants import Role
from fazhi.common.registers import Column, Register, register

from .models import MarketEntity

ENTITIES = register(
    Register(
        key="entities",
        model=MarketEntity,
        event_prefix="entity",
        form_fields=[
            "uscc", "name", "entity_type", "industry_code", "address", "street",
            "legal_representative", "status", "registered_on", "status_changed_on",
            "credit_risk_class", "no_disturbance",
        ],
        columns=[
            Column("uscc", "统一社会信用代码"),
            Column("name", "名称"),
            Column("entity_type", "主体类型"),
            Column("industry_code", "行业代码"),
            Column("address", "住所"),
            Column("street", "所在街道", lookup="name"),
            Column("legal_representative", "法定代表人/经营者"),
            Column("status", "登记状态"),
            Column("registered_on", "成立日期"),
            Column("status_changed_on", "注销/吊销日期"),
            Column("credit_risk_class", "信用风险分类"),
            Column("no_disturbance", "无事不扰"),
        ],
        natural_key=["uscc"],
        list_fields=["uscc", "name", "entity_type", "street", "status", "credit_risk_class", "no_disturbance"],
        search_fields=["uscc", "name", "address"],
        filter_fields=["entity_type", "status", "credit_risk_class", "no_disturbance"],
        edit_roles=frozenset({Role.ADMINISTRATOR, Role.LEGAL_OFFICE, Role.DEPARTMENT_STAFF}),
        default_owner=lambda user: user.zone,
        select_related=["street"],
        description=_("经营主体名录：统一社会信用代码（GB 32100-2015 校验）、信用风险分类、无事不扰名单。"),
    )
)
