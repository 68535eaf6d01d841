"""监督意见书 / 建议书 and 行政复议意见书 (行政复议法 第七十六条) with the department's reply."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.disputes.constants import OpinionKind, OpinionSource, OpinionStatus

from .base import ChildQuerySet, TwoPartyQuerySet


class SupervisionOpinionQuerySet(TwoPartyQuerySet):
    scope_path_fields = ("organization__path", "department__path")


class SupervisionOpinion(TimestampedModel, VoidableModel):
    """An opinion the legal office issues to a department, and its rectification.

    ``organization`` is the issuer (法治办), ``department`` the addressee. The
    source is generic (``source_type`` + ``source_id`` + ``source_label``) so
    an inspection finding of the inspections app can be one without a foreign
    key into it. ``rectification_deadline`` is the date set by the legal office,
    or, for a 行政复议意见书, 60 days after ``received_on`` (第七十六条).
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("制发机构"), on_delete=models.PROTECT, related_name="+",
    )
    department = models.ForeignKey(
        "organizations.Organization", verbose_name=_("整改部门"), on_delete=models.PROTECT, related_name="+",
    )
    kind = models.CharField(_("类型"), max_length=30, choices=OpinionKind.choices, default=OpinionKind.SUPERVISION_OPINION)
    number = models.CharField(_("文号"), max_length=80)
    title = models.CharField(_("标题"), max_length=200)
    content = models.TextField(_("发现的问题和整改要求"))
    source_type = models.CharField(_("来源"), max_length=30, choices=OpinionSource.choices, default=OpinionSource.OTHER)
    source_id = models.CharField(_("来源记录编号"), max_length=40, blank=True)
    source_label = models.CharField(_("来源说明"), max_length=200, blank=True)
    issued_on = models.DateField(_("制发日"))
    received_on = models.DateField(_("签收日"), null=True, blank=True, editable=False)
    rectification_deadline = models.DateField(_("整改期限"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=OpinionStatus.choices, default=OpinionStatus.ISSUED, editable=False
    )
    reply_on = models.DateField(_("回复日"), null=True, blank=True, editable=False)
    reply_text = models.TextField(_("整改情况"), blank=True, editable=False)
    closed_on = models.DateField(_("销号日"), null=True, blank=True, editable=False)
    review_note = models.TextField(_("审核意见"), blank=True, editable=False)

    objects = SupervisionOpinionQuerySet.as_manager()

    class Meta:
        verbose_name = _("监督意见书")
        verbose_name_plural = _("监督意见书")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"],
                condition=models.Q(voided_at__isnull=True),
                name="opinion_unique_number",
                violation_error_message=_("本机构已有该文号的意见书"),
            ),
            models.CheckConstraint(
                condition=models.Q(kind="reconsideration_opinion") | models.Q(rectification_deadline__isnull=False),
                name="opinion_needs_deadline",
                violation_error_message=_("监督意见书必须载明整改期限"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class OpinionEvidenceQuerySet(ChildQuerySet):
    parent_field = "opinion"
    parent_model_label = "disputes.SupervisionOpinion"


class OpinionEvidence(TimestampedModel, VoidableModel):
    """A file the department submits with its reply (整改证明材料), kept with its SHA-256."""

    opinion = models.ForeignKey(
        SupervisionOpinion, verbose_name=_("监督意见书"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to="disputes/opinions/%Y/")
    name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("大小（字节）"))

    objects = OpinionEvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改证明材料")
        verbose_name_plural = _("整改证明材料")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
