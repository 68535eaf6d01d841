"""The audit log (审计日志): append-only and hash-chained.

Each ``AuditEntry`` stores who did what to which record, when and from where,
and the SHA-256 of the previous entry's hash and its own canonical payload
(``fazhi.core.hashchain``). Changing or removing a row breaks the chain at that
row, which ``fazhi audit verify`` reports.

Worked example of the actor fields (after Zulip's RealmAuditLog):

* an officer edits an entity in the browser: ``actor`` = that user,
  ``actor_name`` = their name at that moment (it survives a later rename),
  ``source_address`` = the client address of the request;
* ``fazhi import entities file.xlsx`` run by an administrator: ``actor`` = the
  user named with ``--user`` (or none), ``source_address`` = None and
  ``data["via"]`` = "cli";
* the demo generator: ``actor`` = None, ``actor_name`` = "system".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fazhi.common.scoping import ScopedQuerySet


class AuditEntryQuerySet(ScopedQuerySet):
    scope_path_field = "organization__path"

    def for_object(self, obj) -> AuditEntryQuerySet:
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class AuditEntry(models.Model):
    """One append-only entry of the audit chain. Never updated, never deleted."""

    seq = models.PositiveBigIntegerField(_("序号"), unique=True)
    occurred_at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150)
    source_address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    event = models.CharField(_("事件"), max_length=80, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=100)
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=300)
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("所属机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changes = models.JSONField(_("变更字段"), default=dict, blank=True)
    data = models.JSONField(_("附加数据"), default=dict, blank=True)
    prev_hash = models.CharField(_("前一哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.event} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit entries are never deleted")


class ChainHead(models.Model):
    """The head of the audit chain (one row). Appends lock it, so the chain stays linear."""

    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
