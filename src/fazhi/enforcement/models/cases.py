"""Penalty cases (行政处罚案件) and their full-process record (全过程记录).

``PenaltyCase`` is the case; its ``status`` is a denormalised column changed only
by the transition services (``enforcement.services.cases``), which append a
``CaseStatusChange`` row each time (STYLE R7). Everything that happens to a
case — each transition, investigative step, generated document and evidence
file — is also appended to the case's own hash chain, ``CaseRecordEntry``
(行政处罚法 第四十七条), besides the global audit log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import ScopedQuerySet
from fazhi.core.hashchain import GENESIS
from fazhi.enforcement.constants import (
    CaseAction,
    CaseSource,
    CaseStatus,
    DeadlineRule,
    DecisionKind,
    DocumentKind,
    ExecutionMethod,
    PartyKind,
    Procedure,
    ReviewOutcome,
    ServiceMethod,
    StepKind,
    TransferKind,
    WithdrawalSource,
)

_MONEY = {"max_digits": 14, "decimal_places": 2}


class PenaltyCaseQuerySet(ScopedQuerySet):
    """A case is visible in the subtree of its enforcement body and of its handling unit.

    A 中队 officer sees the cases his 中队 handles although the case belongs to
    the 执法队; the 执法队 and the zone-wide roles see them all.
    """

    scope_path_field = "organization__path"

    def visible_to(self, user) -> PenaltyCaseQuerySet:
        if user is None or not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        path = user.scope_path
        if not path:
            return self.none()
        return self.filter(Q(organization__path__startswith=path) | Q(handling_unit__path__startswith=path))

    def filed_in(self, year: int) -> PenaltyCaseQuerySet:
        """口径 of "办理行政处罚案件 N 件": cases filed (立案) in ``year``, voided ones excluded."""
        return self.filter(filed_on__year=year, voided_at__isnull=True).exclude(status=CaseStatus.VOIDED)


class PenaltyCase(TimestampedModel, VoidableModel):
    """一件行政处罚案件, from the lead (线索) to closing (结案).

    ``organization`` is the enforcement body (执法主体) in whose name the case is
    decided and whose certificates count (行政处罚法 第四十二条); ``handling_unit``
    is the unit that handles it (a 中队 of the 执法队, or the body itself).
    ``number`` is allocated at filing (or at a summary decision) from the body's
    per-year counter and never reused. Dates are the days the acts happened
    (``filed_on`` = 立案之日), which the deadlines count from.
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("执法主体"), on_delete=models.PROTECT,
        related_name="penalty_cases",
    )
    handling_unit = models.ForeignKey(
        "organizations.Organization", verbose_name=_("承办机构"), on_delete=models.PROTECT, related_name="+",
    )
    number = models.CharField(_("案号"), max_length=60, blank=True, db_index=True)
    year = models.PositiveSmallIntegerField(_("案号年度"), null=True, blank=True)
    serial = models.PositiveIntegerField(_("案号序号"), null=True, blank=True)
    procedure = models.CharField(_("程序"), max_length=20, choices=Procedure.choices, default=Procedure.ORDINARY)
    status = models.CharField(_("状态"), max_length=30, choices=CaseStatus.choices, default=CaseStatus.LEAD,
                              db_index=True)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)

    # lead (案源)
    source = models.CharField(_("案件来源"), max_length=20, choices=CaseSource.choices, default=CaseSource.INSPECTION)
    source_detail = models.CharField(_("来源说明"), max_length=300, blank=True)
    lead_received_on = models.DateField(_("发现（受理）日期"))

    # party (当事人)
    party_kind = models.CharField(_("当事人类型"), max_length=30, choices=PartyKind.choices)
    party_name = models.CharField(_("当事人"), max_length=200)
    party_id_number = models.CharField(
        _("证件号码"), max_length=40, blank=True, help_text=_("公民身份号码，或统一社会信用代码")
    )
    party_address = models.CharField(_("住所（地址）"), max_length=300, blank=True)
    party_representative = models.CharField(_("法定代表人（负责人）"), max_length=50, blank=True)
    market_entity = models.ForeignKey(
        "entities.MarketEntity", verbose_name=_("经营主体"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    # the act (违法行为)
    item = models.ForeignKey(
        "enforcement.EnforcementItem", verbose_name=_("执法事项"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="penalty_cases",
    )
    act_date = models.DateField(_("违法行为发生日期"), null=True, blank=True)
    act_ended_on = models.DateField(
        _("违法行为终了日期"), null=True, blank=True, help_text=_("有连续或者继续状态的，填写行为终了之日（第三十六条第二款）")
    )
    harm_to_life_health_finance = models.BooleanField(
        _("涉及生命健康安全、金融安全且有危害后果"), default=False, help_text=_("追责时效延长至五年（第三十六条第一款）")
    )
    facts = models.TextField(_("违法事实"), blank=True)

    # what the law asks before the decision (第五十七条第二款、第五十八条)
    major_public_interest = models.BooleanField(_("涉及重大公共利益"), default=False)
    major_rights = models.BooleanField(_("直接关系当事人或第三人重大权益"), default=False)
    complex_case = models.BooleanField(_("案情疑难复杂、涉及多个法律关系"), default=False)
    legal_review_other_basis = models.CharField(_("其他应当法制审核的依据"), max_length=300, blank=True)
    serious_violation = models.BooleanField(
        _("情节复杂或者重大违法行为"), default=False, help_text=_("负责人应当集体讨论决定（第五十七条第二款）")
    )

    # the notice (告知): the intended penalty
    proposed_kinds = models.JSONField(_("拟处罚种类"), default=list, blank=True)
    proposed_fine = models.DecimalField(_("拟罚款（元）"), null=True, blank=True, **_MONEY)
    proposed_confiscation = models.DecimalField(_("拟没收金额（元）"), null=True, blank=True, **_MONEY)
    proposed_text = models.TextField(_("拟处罚内容及理由、依据"), blank=True)
    hearing_right = models.BooleanField(_("享有听证权利"), default=False)
    hearing_reasons = models.JSONField(_("听证权利依据"), default=list, blank=True)
    hearing_scheduled_on = models.DateField(_("听证日期"), null=True, blank=True)

    # the decision (决定)
    decision_kind = models.CharField(_("处理决定"), max_length=30, choices=DecisionKind.choices, blank=True)
    decision_kinds = models.JSONField(_("处罚种类"), default=list, blank=True)
    fine_amount = models.DecimalField(_("罚款（元）"), null=True, blank=True, **_MONEY)
    confiscation_amount = models.DecimalField(_("没收金额（元）"), null=True, blank=True, **_MONEY)
    decision_text = models.TextField(_("处罚内容"), blank=True)
    service_method = models.CharField(_("送达方式"), max_length=20, choices=ServiceMethod.choices, blank=True)
    execution_method = models.CharField(_("执行方式"), max_length=20, choices=ExecutionMethod.choices, blank=True)

    # the dates of the acts
    filed_on = models.DateField(_("立案日期"), null=True, blank=True, db_index=True)
    notified_on = models.DateField(_("告知日期"), null=True, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    executed_on = models.DateField(_("执行完毕日期"), null=True, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)

    # ways out
    decline_reason = models.TextField(_("不予立案理由"), blank=True)
    transfer_kind = models.CharField(_("移送类型"), max_length=20, choices=TransferKind.choices, blank=True)
    transferred_to = models.CharField(_("移送机关"), max_length=200, blank=True)
    transfer_reason = models.TextField(_("移送理由"), blank=True)
    transfer_standard = models.CharField(_("移送标准"), max_length=300, blank=True)
    transferred_on = models.DateField(_("移送日期"), null=True, blank=True)

    # publicity (执法公示, 第四十八条)
    publish = models.BooleanField(_("决定应当公开"), default=False)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回公示时间"), null=True, blank=True)
    withdrawal_reason = models.CharField(_("撤回原因"), max_length=500, blank=True)
    withdrawal_source = models.CharField(_("撤回依据"), max_length=30, choices=WithdrawalSource.choices, blank=True)

    # the next deadline, recomputed by every service through the legal-time engine
    next_deadline = models.DateField(_("最近期限"), null=True, blank=True, db_index=True)
    next_deadline_rule = models.CharField(_("最近期限规则"), max_length=60, blank=True)
    deadline_problem = models.CharField(_("期限计算问题"), max_length=300, blank=True)
    suspended = models.BooleanField(_("期限中止中"), default=False)

    officers = models.ManyToManyField("enforcement.Officer", verbose_name=_("承办人"), blank=True,
                                      related_name="penalty_cases")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )

    # the head of the full-process record: catches entries removed at the end
    record_seq = models.PositiveIntegerField(_("记录条数"), default=0, editable=False)
    record_head = models.CharField(_("记录链头"), max_length=64, default=GENESIS, editable=False)

    objects = PenaltyCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政处罚案件")
        verbose_name_plural = _("行政处罚案件")
        ordering = ["-lead_received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year", "serial"],
                condition=Q(serial__isnull=False),
                name="case_unique_number_per_organization_year",
                violation_error_message=_("本机关该年度已有此序号的案件"),
            ),
            models.CheckConstraint(
                condition=Q(serial__isnull=True, year__isnull=True) | Q(serial__isnull=False, year__isnull=False),
                name="case_number_year_and_serial_together",
                violation_error_message=_("案号年度与序号应当同时填写"),
            ),
            models.CheckConstraint(
                condition=Q(fine_amount__isnull=True) | Q(fine_amount__gte=0),
                name="case_fine_not_negative",
                violation_error_message=_("罚款数额不能为负数"),
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"], name="case_org_status_idx")]

    def __str__(self) -> str:
        return self.number or _("（未立案）%(party)s") % {"party": self.party_name}

    @property
    def is_open(self) -> bool:
        return self.status not in {CaseStatus.NOT_FILED, CaseStatus.CLOSED, CaseStatus.TRANSFERRED,
                                   CaseStatus.VOIDED}

    @property
    def status_color(self) -> str:
        from fazhi.enforcement.constants import CASE_STATUS_COLORS

        return CASE_STATUS_COLORS.get(self.status, "#6b7280")

    @property
    def is_public(self) -> bool:
        return bool(self.published_at and not self.withdrawn_at)


class CaseNumberCounter(models.Model):
    """The last serial given in a year by an enforcement body; locked FOR UPDATE when a number is taken.

    Serials only grow: a voided or transferred case keeps its number, so a
    number is never reused.
    """

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    last_serial = models.PositiveIntegerField(_("已用序号"), default=0)

    class Meta:
        verbose_name = _("案号计数器")
        verbose_name_plural = _("案号计数器")
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="case_counter_unique")]

    def __str__(self) -> str:
        return f"{self.organization_id}/{self.year}: {self.last_serial}"


class AppendOnly(models.Model):
    """Rows that are written once and never changed or deleted (history, the record, payments)."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.pop("_allow_update", False):
            raise PermissionError(f"{type(self).__name__} rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"{type(self).__name__} rows are never deleted")


class CaseStatusChange(AppendOnly):
    """One transition of a case (append-only status history, STYLE R7)."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="history")
    action = models.CharField(_("环节"), max_length=30, choices=CaseAction.choices)
    from_status = models.CharField(_("原状态"), max_length=30, choices=CaseStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=30, choices=CaseStatus.choices)
    on = models.DateField(_("办理日期"))
    occurred_at = models.DateTimeField(_("记录时间"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("操作人姓名"), max_length=150)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("案件状态变更")
        verbose_name_plural = _("案件状态变更")
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.from_status}→{self.to_status}"


class CaseStep(TimestampedModel, VoidableModel):
    """An act inside a stage: an inquiry, an inspection, a preservation, a statement, a hearing,
    the legal review's opinion, the collective discussion (行政处罚法 第四十七条: 全过程记录)."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("环节"), max_length=30, choices=StepKind.choices)
    on = models.DateField(_("日期"))
    officers = models.ManyToManyField("enforcement.Officer", verbose_name=_("执法人员"), blank=True, related_name="+")
    summary = models.TextField(_("内容摘要"), blank=True)
    outcome = models.CharField(_("结论"), max_length=20, choices=ReviewOutcome.choices, blank=True)
    reviewer = models.CharField(_("审核人/主持人"), max_length=100, blank=True)
    resolved_on = models.DateField(_("处理决定日期"), null=True, blank=True,
                                   help_text=_("先行登记保存：七日内作出处理决定（第五十六条）"))
    data = models.JSONField(_("附加数据"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("记录人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("办案环节")
        verbose_name_plural = _("办案环节")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class CaseDocument(AppendOnly):
    """A document generated from a template (执法文书): its HTML as issued, and its SHA-256."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("文书"), max_length=30, choices=DocumentKind.choices)
    title = models.CharField(_("标题"), max_length=200)
    html = models.TextField(_("内容（HTML）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("执法文书")
        verbose_name_plural = _("执法文书")
        ordering = ["generated_at", "pk"]

    def __str__(self) -> str:
        return self.title


def evidence_path(instance: EvidenceFile, filename: str) -> str:
    return f"cases/{instance.case_id}/{instance.sha256[:16]}-{filename}"


class EvidenceFile(TimestampedModel, VoidableModel):
    """An evidence file stored under MEDIA_ROOT with its SHA-256, size, uploader and time."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("文件"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(_("类型"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("证据说明"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(_("上传时间"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("证据文件")
        verbose_name_plural = _("证据文件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class CaseRecordEntry(AppendOnly):
    """One link of a case's full-process record (全过程记录, 行政处罚法 第四十七条).

    ``hash = entry_hash(prev_hash, payload)`` over the canonical payload
    (``fazhi.core.hashchain``); ``seq`` runs 1, 2, … per case. The payload
    names the case, so an entry moved to another case breaks too; documents and
    evidence carry their SHA-256, so a changed file is caught as well.
    """

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="record")
    seq = models.PositiveIntegerField(_("序号"))
    occurred_at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("操作人姓名"), max_length=150)
    event = models.CharField(_("事件"), max_length=60)
    object_type = models.CharField(_("对象类型"), max_length=60)
    object_id = models.CharField(_("对象编号"), max_length=40)
    summary = models.CharField(_("摘要"), max_length=300)
    data = models.JSONField(_("内容"), default=dict)
    prev_hash = models.CharField(_("前一哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64)

    class Meta:
        verbose_name = _("全过程记录")
        verbose_name_plural = _("全过程记录")
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="case_record_unique_seq")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.event}"

    def payload(self) -> dict:
        return {
            "case_id": self.case_id,
            "seq": self.seq,
            "occurred_at": self.occurred_at,
            "actor_id": self.actor_id,
            "actor_name": self.actor_name,
            "event": self.event,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "summary": self.summary,
            "data": self.data,
        }


class CaseSuspension(TimestampedModel):
    """中止: the clock of a period stops from ``suspended_on`` until ``resumed_on`` (not counted)."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="suspensions")
    rule = models.CharField(_("期限"), max_length=40, choices=DeadlineRule.choices, default=DeadlineRule.DECISION)
    suspended_on = models.DateField(_("中止日期"))
    resumed_on = models.DateField(_("恢复日期"), null=True, blank=True)
    reason = models.CharField(_("中止理由"), max_length=500)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"), on_delete=models.PROTECT,
                                 related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("期限中止")
        verbose_name_plural = _("期限中止")
        ordering = ["suspended_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(resumed_on__isnull=True) | Q(resumed_on__gte=models.F("suspended_on")),
                name="case_suspension_ordered",
                violation_error_message=_("恢复日期不能早于中止日期"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.suspended_on}–{self.resumed_on or '…'}"


class CaseExtension(TimestampedModel):
    """延长 (or 暂缓缴纳, 第六十六条第二款): days added to a period, with the approver."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="extensions")
    rule = models.CharField(_("期限"), max_length=40, choices=DeadlineRule.choices)
    days = models.PositiveIntegerField(_("延长天数"))
    approved_on = models.DateField(_("批准日期"))
    reason = models.CharField(_("理由"), max_length=500)
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"), on_delete=models.PROTECT,
                                 related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("期限延长")
        verbose_name_plural = _("期限延长")
        ordering = ["approved_on", "pk"]

    def __str__(self) -> str:
        return f"{self.rule} +{self.days}"


class CasePayment(AppendOnly):
    """A payment of the fine (and of the art. 72 surcharge) into the designated account."""

    case = models.ForeignKey(PenaltyCase, verbose_name=_("案件"), on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField(_("缴款日期"))
    amount = models.DecimalField(_("金额（元）"), **_MONEY)
    receipt_number = models.CharField(_("票据号"), max_length=60, blank=True)
    recorded_at = models.DateTimeField(_("登记时间"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("缴款记录")
        verbose_name_plural = _("缴款记录")
        ordering = ["paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="case_payment_positive",
                                   violation_error_message=_("缴款金额应当大于零"))
        ]

    def __str__(self) -> str:
        return f"{self.paid_on} {self.amount}"
