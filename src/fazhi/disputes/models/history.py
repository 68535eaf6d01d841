"""The append-only status history of every dispute record (STYLE R7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TwoPartyQuerySet


class StatusChangeQuerySet(TwoPartyQuerySet):
    scope_path_fields = (
        "reconsideration__organization__path",
        "reconsideration__respondent__path",
        "litigation__organization__path",
        "opinion__organization__path",
        "opinion__department__path",
    )


class StatusChange(models.Model):
    """One step of a reconsideration case, a litigation case or a supervision opinion.

    Rows are appended by the transition services and never changed: re-opening
    or correcting a step is a new row. ``on`` is the legal date of the step
    (the day of the decision, the day the notice was sent …), which may differ
    from ``created_at``, the moment it was recorded. ``action`` is the step's
    identifier in the core transition table; ``from_status`` and ``to_status``
    the record's state around it (equal for steps that do not change it, such
    as sending the application copy). ``data`` keeps the step's particulars
    (the ground of a suspension, the deadline that applied …).
    """

    reconsideration = models.ForeignKey(
        "disputes.ReconsiderationCase", verbose_name=_("行政复议案件"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="history",
    )
    litigation = models.ForeignKey(
        "disputes.LitigationCase", verbose_name=_("行政应诉案件"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="history",
    )
    opinion = models.ForeignKey(
        "disputes.SupervisionOpinion", verbose_name=_("监督意见书"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="history",
    )
    action = models.CharField(_("步骤"), max_length=40)
    action_label = models.CharField(_("步骤名称"), max_length=60)
    from_status = models.CharField(_("原状态"), max_length=30, blank=True)
    to_status = models.CharField(_("新状态"), max_length=30)
    on = models.DateField(_("日期"))
    note = models.TextField(_("说明"), blank=True)
    basis = models.CharField(_("依据"), max_length=200, blank=True)
    data = models.JSONField(_("详情"), default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    objects = StatusChangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理步骤")
        verbose_name_plural = _("办理步骤")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(reconsideration__isnull=False, litigation__isnull=True, opinion__isnull=True)
                    | models.Q(reconsideration__isnull=True, litigation__isnull=False, opinion__isnull=True)
                    | models.Q(reconsideration__isnull=True, litigation__isnull=True, opinion__isnull=False)
                ),
                name="status_change_one_record",
                violation_error_message=_("办理步骤必须且只能属于一个案件或意见书"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.on} {self.action_label}"

    def _label(self, value: str) -> str:
        from fazhi.disputes.constants import LitigationStatus, OpinionStatus, ReconsiderationStatus

        choices = ReconsiderationStatus if self.reconsideration_id else (
            LitigationStatus if self.litigation_id else OpinionStatus)
        return str(dict(choices.choices).get(value, value)) if value else ""

    @property
    def from_label(self) -> str:
        return self._label(self.from_status)

    @property
    def to_label(self) -> str:
        return self._label(self.to_status)
