from django.db import models
from django.utils.translation import gettext_lazy as _


class EntityType(models.TextChoices):
    """经营主体类型."""

    COMPANY = "company", _("公司")
    SOLE_PROPRIETORSHIP = "sole_proprietorship", _("个人独资企业")
    PARTNERSHIP = "partnership", _("合伙企业")
    BRANCH = "branch", _("分支机构")
    INDIVIDUAL_BUSINESS = "individual_business", _("个体工商户")
    COOPERATIVE = "cooperative", _("农民专业合作社")
    OTHER = "other", _("其他")


class EntityStatus(models.TextChoices):
    ACTIVE = "active", _("存续")
    DEREGISTERED = "deregistered", _("注销")
    REVOKED = "revoked", _("吊销")


class CreditRiskClass(models.TextChoices):
    """信用风险分类 (市场监管总局 A–D); A is the lowest risk."""

    A = "A", _("A类（低风险）")
    B = "B", _("B类（一般风险）")
    C = "C", _("C类（较高风险）")
    D = "D", _("D类（高风险）")
