from django.db import models
from django.utils.translation import gettext_lazy as _


class CertificateStatus(models.TextChoices):
    """执法证状态. "expired" is also derived from valid_until; the stored value records a decision."""

    VALID = "valid", _("有效")
    SUSPENDED = "suspended", _("暂扣")
    REVOKED = "revoked", _("吊销/注销")
    EXPIRED = "expired", _("过期")


class ItemKind(models.TextChoices):
    """执法事项类别 (权责清单)."""

    PENALTY = "penalty", _("行政处罚")
    INSPECTION = "inspection", _("行政检查")
    COERCION = "coercion", _("行政强制")
    LICENSE = "license", _("行政许可")
    OTHER = "other", _("其他")


#: the national three-year action plan asks at least 60 class hours a year
TRAINING_HOURS_REQUIRED = 60
