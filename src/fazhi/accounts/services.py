"""Account writes beyond the generic register services."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.audit.services import audit_record

from .constants import Role
from .models import User


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: User) -> User:
    """An administrator sets another account's password (validated; the audit entry holds no password)."""
    if not actor.has_role(Role.ADMINISTRATOR):
        raise PermissionDenied(_("只有系统管理员可以设置密码"))
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_record(event="user.password_set", obj=user, actor=actor)
    return user
