from django.utils.translation import gettext_lazy as _

from fazhi.accounts.constants import Role
from fazhi.common.registers import Column, Register, register

from .models import EnforcementCertificate, EnforcementItem, Officer, TrainingRecord
from .services import item_after_save

STAFF_EDITORS = frozenset({Role.ADMINISTRATOR, Role.LEGAL_OFFICE, Role.DEPARTMENT_STAFF})

OFFICERS = register(
    Register(
        key="officers",
        model=Officer,
        event_prefix="officer",
        form_fields=["organization", "staff_number", "name", "post", "user"],
        columns=[
            Column("organization", "所属机构", lookup="name"),
            Column("staff_number", "工号"),
            Column("name", "姓名"),
            Column("post", "职务"),
        ],
        natural_key=["organization", "staff_number"],
        list_fields=["staff_number", "name", "organization", "post"],
        search_fields=["name", "staff_number"],
        edit_roles=STAFF_EDITORS,
        select_related=["organization"],
        related=[("certificates", "officer"), ("training", "officer")],
        description=_("执法人员及其执法证、年度培训学时（每年不少于 60 学时）。"),
    )
)

CERTIFICATES = register(
    Register(
        key="certificates",
        model=EnforcementCertificate,
        event_prefix="certificate",
        form_fields=["officer", "organization", "number", "issued_by", "valid_from", "valid_until", "status"],
        columns=[
            Column("number", "证件号"),
            Column("officer", "执法人员工号", lookup="staff_number"),
            Column("organization", "执法主体", lookup="name"),
            Column("issued_by", "发证机关"),
            Column("valid_from", "有效期自"),
            Column("valid_until", "有效期至"),
            Column("status", "状态"),
        ],
        natural_key=["number"],
        list_fields=["number", "officer", "organization", "valid_from", "valid_until", "status"],
        search_fields=["number", "officer__name"],
        filter_fields=["status"],
        edit_roles=STAFF_EDITORS,
        select_related=["officer", "organization"],
        description=_("执法证：证号、发证机关、有效期、状态（有效/暂扣/吊销/过期）。"),
    )
)

TRAINING = register(
    Register(
        key="training",
        model=TrainingRecord,
        event_prefix="training",
        form_fields=["organization", "officer", "held_on", "topic", "hours"],
        columns=[
            Column("organization", "所属机构", lookup="name"),
            Column("officer", "执法人员工号", lookup="staff_number"),
            Column("held_on", "日期"),
            Column("topic", "培训主题"),
            Column("hours", "学时"),
        ],
        natural_key=["officer", "held_on", "topic"],
        list_fields=["held_on", "officer", "topic", "hours"],
        search_fields=["topic", "officer__name"],
        edit_roles=STAFF_EDITORS,
        select_related=["officer"],
        description=_("培训学时记录。"),
    )
)

ITEMS = register(
    Register(
        key="items",
        model=EnforcementItem,
        event_prefix="item",
        form_fields=[
            "organization", "code", "name", "kind", "legal_basis",
            "discretion_standard", "valid_from", "valid_until",
        ],
        columns=[
            Column("code", "事项编码"),
            Column("name", "事项名称"),
            Column("kind", "事项类别"),
            Column("legal_basis", "法律依据"),
            Column("organization", "实施机构", lookup="name"),
            Column("discretion_standard", "裁量基准"),
            Column("valid_from", "生效日期"),
            Column("valid_until", "失效日期"),
        ],
        natural_key=["organization", "code", "valid_from"],
        list_fields=["code", "name", "kind", "organization", "valid_from", "valid_until"],
        search_fields=["code", "name", "legal_basis"],
        filter_fields=["kind"],
        edit_roles=STAFF_EDITORS,
        select_related=["organization"],
        after_save=item_after_save,
        description=_("执法事项目录（权责清单）：编码、名称、类别、法律依据、实施机构、有效期。"),
    )
)
