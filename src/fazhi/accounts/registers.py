from django.utils.translation import gettext_lazy as _

from fazhi.common.registers import Column, Register, register

from .constants import Role
from .models import User

USERS = register(
    Register(
        key="users",
        model=User,
        event_prefix="user",
        form_fields=["username", "full_name", "organization", "role", "phone", "is_active"],
        columns=[
            Column("username", "用户名"),
            Column("full_name", "姓名"),
            Column("organization", "所属机构", lookup="name"),
            Column("role", "角色"),
            Column("phone", "电话"),
            Column("is_active", "启用"),
        ],
        natural_key=["username"],
        list_fields=["username", "full_name", "organization", "role", "is_active"],
        search_fields=["username", "full_name"],
        filter_fields=["role", "is_active"],
        edit_roles=frozenset({Role.ADMINISTRATOR}),
        select_related=["organization"],
        # a new account cannot log in until an administrator sets its password
        prepare_new=lambda user: user.set_unusable_password(),
        description=_("系统用户、所属机构与角色。"),
    )
)
