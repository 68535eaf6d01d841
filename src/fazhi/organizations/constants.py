from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    """Kinds of organization in the tree province → city → district/zone → department → team."""

    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    GOVERNMENT = "government", _("区政府/管委会")
    LEGAL_OFFICE = "legal_office", _("法治办/司法所")
    DEPARTMENT = "department", _("部门")
    ENFORCEMENT_TEAM = "enforcement_team", _("综合行政执法队")
    STREET = "street", _("街道")
    TEAM = "team", _("中队/科室")


#: kinds whose staff supervise the whole zone (the subtree of the nearest government)
ZONE_WIDE_KINDS = {OrganizationKind.LEGAL_OFFICE, OrganizationKind.GOVERNMENT}
