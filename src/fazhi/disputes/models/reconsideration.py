"""行政复议案件: the case, its suspensions and its incidental reviews of normative documents."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.disputes.constants import (
    ActKind,
    ApplicantKind,
    CaseRole,
    Channel,
    DecisionType,
    Procedure,
    ReconsiderationStatus,
    SanctionKind,
    SuspensionGround,
    TerminationGround,
)

from .base import ChildQuerySet, TwoPartyQuerySet


class ReconsiderationCaseQuerySet(TwoPartyQuerySet):
    scope_path_fields = ("organization__path", "respondent__path")


class ReconsiderationCase(TimestampedModel, VoidableModel):
    """A reconsideration case (行政复议案件) in one of two roles.

    ``role = body`` (受理): the committee's reconsideration body decides it;
    ``organization`` is the office that runs the body (法治办), ``respondent``
    the department whose act is disputed. ``role = respondent`` (应议): one of
    the zone's departments (``organization`` = ``respondent``) answers before
    another body (``body_name``, e.g. 宁波市人民政府); ``received_on`` is then
    the day the department received the application copy.

    Dates are the legal dates of each step; the services set them together
    with ``status`` and append a ``StatusChange``. Every deadline is computed
    from them by ``fazhi.core.reconsideration.reconsideration_deadlines`` (see
    ``disputes.deadlines``) and never stored. ``penalty_case_number`` names the
    disputed penalty case as typed; ``penalty_case`` is filled by the services
    when that number matches exactly one penalty case the user can see.
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("办理机构"), on_delete=models.PROTECT, related_name="+",
    )
    role = models.CharField(_("案件类型"), max_length=20, choices=CaseRole.choices, default=CaseRole.BODY)
    number = models.CharField(_("案号"), max_length=60, help_text=_("例如 甬高新复〔2024〕1号"))
    handler_name = models.CharField(_("承办人"), max_length=50, blank=True)
    applicant_name = models.CharField(_("申请人"), max_length=200)
    applicant_kind = models.CharField(
        _("申请人类型"), max_length=20, choices=ApplicantKind.choices, default=ApplicantKind.CITIZEN
    )
    third_party = models.CharField(_("第三人"), max_length=200, blank=True)
    respondent = models.ForeignKey(
        "organizations.Organization", verbose_name=_("被申请人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
        help_text=_("本区的被申请人机构；区外机构填写“被申请人名称”"),
    )
    respondent_name = models.CharField(_("被申请人名称"), max_length=200, blank=True)
    body_name = models.CharField(_("复议机关"), max_length=200, blank=True)
    disputed_act = models.CharField(_("被申请行政行为"), max_length=300)
    act_kind = models.CharField(_("行为类别"), max_length=30, choices=ActKind.choices, default=ActKind.PENALTY)
    sanction_kind = models.CharField(_("处罚种类"), max_length=30, choices=SanctionKind.choices, blank=True)
    amount = models.DecimalField(
        _("涉及款额（元）"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    on_the_spot = models.BooleanField(_("当场作出"), default=False)
    penalty_case_number = models.CharField(_("处罚决定书文号"), max_length=80, blank=True)
    #: filled by the services when ``penalty_case_number`` names exactly one penalty case the user can see
    penalty_case = models.ForeignKey(
        "enforcement.PenaltyCase", verbose_name=_("处罚案件"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="disputes_reconsideration_cases",
    )
    request = models.TextField(_("复议请求"), blank=True)
    known_on = models.DateField(_("知道该行政行为之日"), null=True, blank=True)
    channel = models.CharField(_("申请方式"), max_length=30, choices=Channel.choices, default=Channel.IN_PERSON)
    posted_on = models.DateField(_("交邮日期"), null=True, blank=True, help_text=_("邮寄申请的邮戳日期"))
    penalty_organization_received_on = models.DateField(
        _("处罚机关收到申请之日"), null=True, blank=True, help_text=_("行政复议法 第三十二条")
    )
    received_on = models.DateField(
        _("收到申请之日"), help_text=_("应议案件为收到申请书副本之日")
    )
    status = models.CharField(
        _("状态"), max_length=30, choices=ReconsiderationStatus.choices, default=ReconsiderationStatus.RECEIVED,
        editable=False,
    )
    procedure = models.CharField(
        _("审理程序"), max_length=20, choices=Procedure.choices, default=Procedure.ORDINARY, editable=False
    )
    simplified_grounds = models.TextField(_("适用简易程序的情形"), blank=True, editable=False)
    correction_notice_sent_on = models.DateField(_("补正通知发出日"), null=True, blank=True, editable=False)
    correction_notice_received_on = models.DateField(_("申请人收到补正通知日"), null=True, blank=True, editable=False)
    correction_items = models.TextField(_("补正事项"), blank=True, editable=False)
    correction_extension_days = models.PositiveSmallIntegerField(_("补正延长（工作日）"), default=0, editable=False)
    correction_received_on = models.DateField(_("收到补正材料日"), null=True, blank=True, editable=False)
    review_concluded_on = models.DateField(_("受理审查结论日"), null=True, blank=True, editable=False)
    accepted_on = models.DateField(_("受理日"), null=True, blank=True, editable=False)
    acceptance_deemed = models.BooleanField(_("视为受理"), default=False, editable=False)
    not_accepted_reason = models.TextField(_("不予受理理由"), blank=True, editable=False)
    copy_sent_on = models.DateField(_("发送申请书副本日"), null=True, blank=True, editable=False)
    copy_received_on = models.DateField(_("被申请人收到副本日"), null=True, blank=True, editable=False)
    reply_received_on = models.DateField(_("答复日"), null=True, blank=True, editable=False)
    views_heard_on = models.DateField(_("听取意见日"), null=True, blank=True, editable=False)
    hearing_on = models.DateField(_("听证日"), null=True, blank=True, editable=False)
    hearing_notice_on = models.DateField(_("听证通知日"), null=True, blank=True, editable=False)
    extension_days = models.PositiveSmallIntegerField(_("延长审理期限（日）"), default=0, editable=False)
    extension_approved_by = models.CharField(_("延期批准人"), max_length=50, blank=True, editable=False)
    decision_type = models.CharField(
        _("决定类型"), max_length=30, choices=DecisionType.choices, blank=True, editable=False
    )
    decided_on = models.DateField(_("决定日"), null=True, blank=True, editable=False)
    decision_summary = models.TextField(_("决定要旨"), blank=True, editable=False)
    variation = models.JSONField(_("变更内容"), default=dict, blank=True, editable=False)
    mediated_on = models.DateField(_("调解书生效日"), null=True, blank=True, editable=False)
    termination_ground = models.CharField(
        _("终止情形"), max_length=2, choices=TerminationGround.choices, blank=True, editable=False
    )
    withdrawn_after_correction = models.BooleanField(
        _("被申请人纠正后撤回"), default=False, editable=False,
        help_text=_("被申请人改变或者撤销原行政行为，申请人撤回申请"),
    )
    concluded_on = models.DateField(_("办结日"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("决定书公开日"), null=True, blank=True, editable=False)
    publication_ref = models.CharField(_("公开位置"), max_length=300, blank=True, editable=False)
    penalty_flowback = models.CharField(_("处罚决定回流结果"), max_length=200, blank=True, editable=False)
    note = models.TextField(_("备注"), blank=True)

    objects = ReconsiderationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政复议案件")
        verbose_name_plural = _("行政复议案件")
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["role", "received_on"]), models.Index(fields=["status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"],
                condition=models.Q(voided_at__isnull=True),
                name="reconsideration_unique_number",
                violation_error_message=_("本机构已有该案号的行政复议案件"),
            ),
            models.CheckConstraint(
                condition=~models.Q(respondent__isnull=True, respondent_name=""),
                name="reconsideration_has_respondent",
                violation_error_message=_("必须填写被申请人（行政复议法 第三十条第一款第一项）"),
            ),
            models.CheckConstraint(
                condition=models.Q(extension_days__lte=30),
                name="reconsideration_extension_max_30",
                violation_error_message=_("延长期限最多不得超过三十日（行政复议法 第六十二条第一款）"),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def respondent_label(self) -> str:
        return self.respondent.name if self.respondent_id else self.respondent_name

    @property
    def review_start(self):
        """The day the art. 30 review runs from: the application, or the correction materials (第三十一条第三款)."""
        return self.correction_received_on or self.received_on


class ReconsiderationSuspensionQuerySet(ChildQuerySet):
    parent_field = "case"
    parent_model_label = "disputes.ReconsiderationCase"


class ReconsiderationSuspension(TimestampedModel, VoidableModel):
    """A suspension (中止, 行政复议法 第三十九条): ground, written notice, resumption.

    The days from ``suspended_on`` up to (not including) ``resumed_on`` do not
    count towards the decision period; an open suspension stops the clock.
    """

    case = models.ForeignKey(
        ReconsiderationCase, verbose_name=_("行政复议案件"), on_delete=models.PROTECT, related_name="suspensions"
    )
    ground = models.CharField(_("中止情形"), max_length=2, choices=SuspensionGround.choices)
    reason = models.TextField(_("中止原因"), blank=True)
    suspended_on = models.DateField(_("中止日"))
    notice_sent_on = models.DateField(_("中止书面告知日"), null=True, blank=True, help_text=_("第三十九条第三款"))
    resumed_on = models.DateField(_("恢复审理日"), null=True, blank=True)
    resumption_notice_on = models.DateField(_("恢复书面告知日"), null=True, blank=True)

    objects = ReconsiderationSuspensionQuerySet.as_manager()

    class Meta:
        verbose_name = _("中止记录")
        verbose_name_plural = _("中止记录")
        ordering = ["suspended_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resumed_on__isnull=True) | models.Q(resumed_on__gte=models.F("suspended_on")),
                name="suspension_resumed_after_suspended",
                violation_error_message=_("恢复审理日不能早于中止日"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_ground_display()}"


class IncidentalReviewQuerySet(ChildQuerySet):
    parent_field = "case"
    parent_model_label = "disputes.ReconsiderationCase"


class IncidentalReview(TimestampedModel, VoidableModel):
    """附带审查 of a normative document or basis (行政复议法 第五十六条至第六十条).

    ``handled_by_body``: the body may handle it itself (30 days, 第五十六条);
    otherwise it transfers it within 7 working days and the receiving organ
    replies within 60 days of receipt (第六十条).
    """

    case = models.ForeignKey(
        ReconsiderationCase, verbose_name=_("行政复议案件"), on_delete=models.PROTECT,
        related_name="incidental_reviews",
    )
    document_title = models.CharField(_("规范性文件或者依据"), max_length=300)
    issuing_body = models.CharField(_("制定机关"), max_length=200)
    requested_on = models.DateField(_("提出日"))
    handled_by_body = models.BooleanField(_("本机关有权处理"), default=True)
    transferred_on = models.DateField(_("转送日"), null=True, blank=True)
    reply_received_on = models.DateField(_("收到处理意见日"), null=True, blank=True)
    handled_on = models.DateField(_("处理完毕日"), null=True, blank=True)
    conclusion = models.TextField(_("处理意见"), blank=True)

    objects = IncidentalReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("附带审查")
        verbose_name_plural = _("附带审查")
        ordering = ["requested_on", "pk"]

    def __str__(self) -> str:
        return self.document_title
