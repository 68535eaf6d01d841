from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """A user's role (SPEC §1). Scope comes from the organization; the role says what they may do."""

    LEGAL_OFFICE = "legal_office", _("法治办")
    DEPARTMENT_STAFF = "department_staff", _("部门工作人员")
    OFFICER = "officer", _("执法人员")
    LEADERSHIP = "leadership", _("领导")
    ADMINISTRATOR = "administrator", _("系统管理员")


#: roles whose scope is the whole zone rather than their own organization's subtree
ZONE_WIDE_ROLES = {Role.LEGAL_OFFICE, Role.LEADERSHIP, Role.ADMINISTRATOR}
