"""Random draws (双随机抽查) of the web application: the draw, its frozen inputs, its result.

A ``RandomDraw`` is prepared by a department (draft), committed (its inputs
frozen in ``inputs_blob``, the seed fixed and kept secret, the commitment and
input hashes published), then run (the result stored as ``DrawTarget`` rows,
the seed revealed, the targets turned into inspection tasks). ``status``
changes only in ``draws.services``, each change appending a
``DrawStatusChange``. Recusal pairs (``DrawRecusal``) are sensitive: they are
never published, only their hash.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.models import TimestampedModel, VoidableModel
from fazhi.common.scoping import ScopedQuerySet

from .constants import DRAWN_STATUSES, DrawStatus


class RandomDrawQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"

    def public(self):
        """Draws whose commitment is published (drafts never are; a cancelled draft neither)."""
        return self.filter(committed_at__isnull=False)


class RandomDraw(TimestampedModel, VoidableModel):
    """One random draw (双随机抽查) of a department: what is drawn from, how, and what came out.

    Published before the draw (``committed_at``): ``seed_commitment`` =
    SHA-256 of the seed, ``input_hash`` = the core's hash of the frozen inputs
    (``inputs_blob``, recusal pairs included), ``public_input_hash`` = the same
    without the recusal pairs (what anyone recomputes from the public files)
    and ``recusal_hash``. Published after it (``revealed_at``): ``seed``
    (secret until then) and the result. The seed is the 64-character hex text
    of 32 random bytes; the draw and the commitment use its UTF-8 bytes, as
    ``fazhi draw --seed`` does.
    """

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("抽取部门"), on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("抽查批次号"), max_length=100, blank=True, editable=False)
    title = models.CharField(_("抽查名称"), max_length=200)
    item = models.ForeignKey(
        "inspections.InspectionItem", verbose_name=_("抽查事项"), on_delete=models.PROTECT, related_name="+"
    )
    draw_date = models.DateField(_("抽取日期"), help_text=_("执法证须在该日有效"))
    window_start = models.DateField(_("检查期间自"))
    window_end = models.DateField(_("检查期间至"))
    per_visit = models.PositiveSmallIntegerField(_("每组执法人员数"), default=2, validators=[MinValueValidator(1)])
    ratios = models.JSONField(_("各信用风险类别抽查比例"), default=dict)
    population_filter = models.JSONField(_("抽查对象筛选条件"), default=dict, blank=True)
    no_disturbance_cause = models.CharField(
        _("纳入“无事不扰”企业的依据"), max_length=300, blank=True,
        help_text=_("仅当抽查事项要求检查“无事不扰”名单上的企业时填写"),
    )
    status = models.CharField(_("状态"), max_length=20, choices=DrawStatus.choices, default=DrawStatus.DRAFT)

    # published with the commitment
    committed_at = models.DateTimeField(_("承诺公布时间"), null=True, blank=True)
    seed_commitment = models.CharField(_("种子承诺（SHA-256）"), max_length=64, blank=True)
    input_hash = models.CharField(_("输入哈希"), max_length=64, blank=True)
    public_input_hash = models.CharField(_("公开输入哈希（不含回避名单）"), max_length=64, blank=True)
    recusal_hash = models.CharField(_("回避名单哈希"), max_length=64, blank=True)
    recusal_count = models.PositiveIntegerField(_("回避对数"), default=0)
    population_count = models.PositiveIntegerField(_("抽查对象数"), default=0)
    class_counts = models.JSONField(_("各类别对象数"), default=dict, blank=True)
    pool_count = models.PositiveIntegerField(_("执法人员池人数"), default=0)
    history_count = models.PositiveIntegerField(_("上次抽取配对数"), default=0)
    previous_draw = models.ForeignKey(
        "self", verbose_name=_("上次抽取"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    results_due = models.DateField(_("检查结果公示期限"), null=True, blank=True)
    inputs_blob = models.BinaryField(_("冻结的输入"), null=True, blank=True, editable=False)
    #: secret until ``revealed_at``; never shown, serialized or audited before
    seed = models.CharField(_("种子"), max_length=64, blank=True, editable=False)

    # published after the draw
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    revealed_at = models.DateTimeField(_("种子公布时间"), null=True, blank=True)
    targets_count = models.PositiveIntegerField(_("抽中对象数"), default=0)
    recusal_effects = models.PositiveIntegerField(_("受回避影响的抽中对象数"), default=0)
    result_hash = models.CharField(_("结果文件哈希（draw.csv）"), max_length=64, blank=True)
    load_spread = models.PositiveSmallIntegerField(_("人员负担差"), null=True, blank=True)

    objects = RandomDrawQuerySet.as_manager()

    class Meta:
        verbose_name = _("双随机抽查")
        verbose_name_plural = _("双随机抽查")
        ordering = ["-draw_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(window_end__gte=models.F("window_start")),
                name="draw_window_ordered",
                violation_error_message=_("检查期间的结束日期不能早于开始日期"),
            ),
            models.CheckConstraint(
                condition=models.Q(window_start__gte=models.F("draw_date")),
                name="draw_window_after_draw",
                violation_error_message=_("检查期间不能早于抽取日期"),
            ),
            models.CheckConstraint(
                condition=models.Q(per_visit__gte=1),
                name="draw_per_visit_positive",
                violation_error_message=_("每组执法人员数至少为 1"),
            ),
            models.UniqueConstraint(
                fields=["reference"],
                condition=~models.Q(reference=""),
                name="draw_unique_reference",
                violation_error_message=_("抽查批次号已被使用"),
            ),
        ]
        indexes = [models.Index(fields=["organization", "drawn_at"], name="draw_org_drawn_idx")]

    def __str__(self) -> str:
        return self.reference or self.title

    @property
    def is_public(self) -> bool:
        return self.committed_at is not None

    @property
    def is_drawn(self) -> bool:
        return self.status in DRAWN_STATUSES

    @property
    def revealed_seed(self) -> str:
        """The seed once it is public, "" before."""
        return self.seed if self.revealed_at is not None else ""


class DrawStatusChange(models.Model):
    """One transition of a draw (append-only): from, to, action, reason, who and when."""

    draw = models.ForeignKey(RandomDraw, verbose_name=_("双随机抽查"), on_delete=models.PROTECT, related_name="history")
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20)
    action = models.CharField(_("操作"), max_length=30)
    reason = models.TextField(_("理由"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150)
    occurred_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("抽查状态变更")
        verbose_name_plural = _("抽查状态变更")
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.draw} {self.from_status}→{self.to_status}"


class DrawRecusalQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"


class DrawRecusal(TimestampedModel):
    """A recusal pair (回避) of a draw: the officer does not go to the enterprise, and why.

    Sensitive (it may reveal a conflict of interest): shown to the drawing
    department and the legal office only, never published; the public sees the
    number of pairs and their hash.
    """

    draw = models.ForeignKey(RandomDraw, verbose_name=_("双随机抽查"), on_delete=models.PROTECT, related_name="recusals")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("抽取部门"), on_delete=models.PROTECT, related_name="+"
    )
    officer = models.ForeignKey("enforcement.Officer", verbose_name=_("执法人员"), on_delete=models.PROTECT, related_name="+")
    entity = models.ForeignKey("entities.MarketEntity", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("回避理由"), max_length=300)

    objects = DrawRecusalQuerySet.as_manager()

    class Meta:
        verbose_name = _("回避")
        verbose_name_plural = _("回避")
        ordering = ["draw", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["draw", "officer", "entity"], name="draw_recusal_once",
                violation_error_message=_("该回避关系已登记"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.officer} ↛ {self.entity}"


class DrawTargetQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"


class DrawTarget(models.Model):
    """One drawn enterprise, in drawn order, with the officers drawn for it and the task it became.

    ``officers`` is ``[{"id": officer id, "name": name, "certificate": number}]``
    in officer-id order, as the draw gave them (names are masked when published).
    ``task_problem`` says why no task could be created for it (the task rule it broke).
    """

    draw = models.ForeignKey(RandomDraw, verbose_name=_("双随机抽查"), on_delete=models.PROTECT, related_name="targets")
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("抽取部门"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(_("抽取序号"))
    entity = models.ForeignKey("entities.MarketEntity", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="+")
    uscc = models.CharField(_("统一社会信用代码"), max_length=18)
    name = models.CharField(_("企业名称"), max_length=200)
    risk_class = models.CharField(_("信用风险分类"), max_length=1)
    officer_ids = models.CharField(_("执法人员编号"), max_length=300, help_text=_("以 ; 分隔，同 draw.csv"))
    officers = models.JSONField(_("执法人员"), default=list)
    no_disturbance = models.BooleanField(_("“无事不扰”企业"), default=False)
    task = models.ForeignKey(
        "inspections.InspectionTask", verbose_name=_("检查任务"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    task_problem = models.CharField(_("未生成任务的原因"), max_length=500, blank=True)

    objects = DrawTargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("抽中对象")
        verbose_name_plural = _("抽中对象")
        ordering = ["draw", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "position"], name="draw_target_position_once"),
            models.UniqueConstraint(fields=["draw", "uscc"], name="draw_target_entity_once"),
        ]

    def __str__(self) -> str:
        return f"{self.draw} #{self.position} {self.name}"
