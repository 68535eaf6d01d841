"""Pieces the inspection models share: the append-only status history base.

History rows are read through their parent record (whose queryset scopes them).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StatusChange(models.Model):
    """One transition of a workflow record: append-only, never updated (STYLE R7).

    ``actor_name`` keeps the name shown at the time, so the history reads the
    same after an account is renamed or voided; ``actor`` is empty for an
    enterprise acting on a public page.
    """

    from_status = models.CharField(_("原状态"), max_length=30, blank=True)
    to_status = models.CharField(_("新状态"), max_length=30)
    action = models.CharField(_("操作"), max_length=30)
    reason = models.TextField(_("理由"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150)
    occurred_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
