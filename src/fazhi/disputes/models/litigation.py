"""行政应诉案件: a case in one instance, and its hearings with the head-of-agency appearance."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import ScopedQuerySet
from fazhi.disputes.constants import (
    ActKind,
    ApplicantKind,
    HeadPost,
    Instance,
    LitigationStatus,
    Outcome,
)

from .base import ChildQuerySet


class LitigationCaseQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"

    def of_organization(self, organization):
        return self.filter(organization__path__startswith=organization.path)


class LitigationCase(TimestampedModel, VoidableModel):
    """A court case against one of the zone's organizations (行政应诉), in one instance.

    ``organization`` is the defendant (被告). Each instance has its own court
    case number and is its own record; a later instance points at the earlier
    one through ``previous``. ``reconsideration_case`` links a case "sued after
    reconsideration" (复议后起诉) to the reconsideration case it follows.
    ``complaint_received_on`` (收到起诉状副本之日) starts the 15-day answer period
    (行政诉讼法 第六十七条).
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("被告（应诉机关）"), on_delete=models.PROTECT, related_name="+",
    )
    number = models.CharField(_("法院案号"), max_length=80, help_text=_("例如 （2024）浙0212行初123号"))
    court = models.CharField(_("审理法院"), max_length=100)
    instance = models.CharField(_("审级"), max_length=10, choices=Instance.choices, default=Instance.FIRST)
    previous = models.ForeignKey(
        "self", verbose_name=_("前审案件"), null=True, blank=True, on_delete=models.PROTECT, related_name="later_stages",
    )
    plaintiff_name = models.CharField(_("原告"), max_length=200)
    plaintiff_kind = models.CharField(
        _("原告类型"), max_length=20, choices=ApplicantKind.choices, default=ApplicantKind.CITIZEN
    )
    third_party = models.CharField(_("第三人"), max_length=200, blank=True)
    co_defendants = models.CharField(_("共同被告"), max_length=200, blank=True)
    disputed_act = models.CharField(_("被诉行政行为"), max_length=300)
    act_kind = models.CharField(_("行为类别"), max_length=30, choices=ActKind.choices, default=ActKind.PENALTY)
    penalty_case_number = models.CharField(_("处罚决定书文号"), max_length=80, blank=True)
    #: filled by the services when ``penalty_case_number`` names exactly one penalty case the user can see
    penalty_case = models.ForeignKey(
        "enforcement.PenaltyCase", verbose_name=_("处罚案件"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="disputes_litigation_cases",
    )
    reconsideration_case = models.ForeignKey(
        "disputes.ReconsiderationCase", verbose_name=_("经复议的复议案件"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="litigation_cases",
    )
    public_interest = models.BooleanField(
        _("涉及重大公共利益、社会高度关注或者可能引发群体性事件"), default=False,
        help_text=_("负责人应当出庭（解释 第一百二十九条）"),
    )
    filed_on = models.DateField(_("法院立案日"), null=True, blank=True)
    complaint_received_on = models.DateField(_("收到起诉状副本日"))
    status = models.CharField(
        _("状态"), max_length=20, choices=LitigationStatus.choices, default=LitigationStatus.PENDING, editable=False
    )
    answer_submitted_on = models.DateField(_("提交答辩状日"), null=True, blank=True, editable=False)
    evidence_submitted_on = models.DateField(_("提交证据日"), null=True, blank=True, editable=False)
    outcome = models.CharField(_("裁判结果"), max_length=30, choices=Outcome.choices, blank=True, editable=False)
    result_on = models.DateField(_("裁判日"), null=True, blank=True, editable=False)
    served_on = models.DateField(_("裁判文书送达日"), null=True, blank=True, editable=False)
    result_summary = models.TextField(_("裁判要旨"), blank=True, editable=False)
    concluded_on = models.DateField(_("审结日"), null=True, blank=True, editable=False)
    appealed_on = models.DateField(_("上诉日"), null=True, blank=True, editable=False)
    appellant = models.CharField(_("上诉人"), max_length=200, blank=True, editable=False)
    penalty_flowback = models.CharField(_("处罚决定回流结果"), max_length=200, blank=True, editable=False)
    note = models.TextField(_("备注"), blank=True)

    objects = LitigationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政应诉案件")
        verbose_name_plural = _("行政应诉案件")
        ordering = ["-complaint_received_on", "-pk"]
        indexes = [models.Index(fields=["complaint_received_on"]), models.Index(fields=["status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"],
                condition=models.Q(voided_at__isnull=True),
                name="litigation_unique_number",
                violation_error_message=_("本机构已有该案号的应诉案件"),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def lost(self) -> bool:
        from fazhi.core.litigation import Outcome as CoreOutcome

        return bool(self.outcome) and CoreOutcome(self.outcome).is_loss


class LitigationHearingQuerySet(ChildQuerySet):
    parent_field = "case"
    parent_model_label = "disputes.LitigationCase"


class LitigationHearing(TimestampedModel, VoidableModel):
    """One court hearing (庭审) and who appeared for the defendant.

    ``head_required`` and ``flags`` are the assessment of
    ``fazhi.core.litigation.assess_appearance`` when the hearing was recorded
    (a written suggestion of the court, 书面建议, is per hearing; the public
    interest is the case's). Recording is never refused for a breach: the
    flags ("仅委托律师出庭" …) are what the legal office follows up.
    """

    case = models.ForeignKey(LitigationCase, verbose_name=_("应诉案件"), on_delete=models.PROTECT, related_name="hearings")
    held_on = models.DateField(_("开庭日"))
    court_suggested = models.BooleanField(_("法院书面建议负责人出庭"), default=False)
    head_required = models.BooleanField(_("负责人应当出庭"), default=False, editable=False)
    head_appeared = models.BooleanField(_("负责人出庭"), default=False)
    head_name = models.CharField(_("出庭负责人"), max_length=50, blank=True)
    head_post = models.CharField(_("负责人职务类别"), max_length=20, choices=HeadPost.choices, blank=True)
    head_title = models.CharField(_("负责人职务"), max_length=50, blank=True, help_text=_("例如 副局长"))
    staff_names = models.CharField(_("出庭工作人员"), max_length=200, blank=True)
    lawyer_names = models.CharField(_("出庭律师"), max_length=200, blank=True)
    absence_reason = models.TextField(_("负责人不能出庭的理由"), blank=True)
    sealed_explanation = models.BooleanField(
        _("已提交盖章或主要负责人签字的情况说明"), default=False, help_text=_("解释 第一百二十九条第三款")
    )
    flags = models.JSONField(_("出庭问题"), default=list, blank=True, editable=False)
    lawyer_only = models.BooleanField(_("仅委托律师出庭"), default=False, editable=False)
    note = models.TextField(_("备注"), blank=True)

    objects = LitigationHearingQuerySet.as_manager()

    class Meta:
        verbose_name = _("开庭及出庭应诉")
        verbose_name_plural = _("开庭及出庭应诉")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.held_on}"
