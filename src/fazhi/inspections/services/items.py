"""Inspection items (检查事项): create, publish, withdraw."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.services import snapshot
from fazhi.inspections.constants import ItemStatus
from fazhi.inspections.models import InspectionItem

from ._common import audit, require_legal_office, require_staff_of


@transaction.atomic
def inspection_item_create(
    *,
    organization,
    catalogue_item,
    code: str,
    name: str,
    matter: str,
    checklist: str,
    yearly_cap: int,
    off_site_allowed: bool = False,
    actor,
) -> InspectionItem:
    """A draft item of ``organization``; the legal office publishes it."""
    require_staff_of(actor, organization)
    item = InspectionItem(
        organization=organization,
        catalogue_item=catalogue_item,
        code=code.strip(),
        name=name.strip(),
        matter=matter.strip(),
        checklist=checklist.strip(),
        yearly_cap=yearly_cap,
        off_site_allowed=off_site_allowed,
    )
    item.full_clean()
    item.save()
    audit(event="inspection.item_created", obj=item, actor=actor)
    return item


@transaction.atomic
def inspection_item_publish(*, item: InspectionItem, actor) -> InspectionItem:
    """Publish an item: from now on it may be planned and inspected (清单之外无检查)."""
    require_legal_office(actor, item.organization)
    if item.voided_at is not None:
        raise ValidationError({"status": _("已作废的检查事项不能公布")})
    if item.status == ItemStatus.PUBLISHED:
        raise ValidationError({"status": _("该检查事项已公布")})
    if not item.checklist_points:
        raise ValidationError({"checklist": _("检查事项须有检查要点（检查标准）才能公布")})
    before = snapshot(item)
    item.status = ItemStatus.PUBLISHED
    item.published_at = timezone.now()
    item.published_by = actor
    item.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit(event="inspection.item_published", obj=item, actor=actor, before=before)
    return item


@transaction.atomic
def inspection_item_withdraw(*, item: InspectionItem, actor, reason: str) -> InspectionItem:
    """Take an item off the published list; tasks already planned for it can no longer start."""
    require_legal_office(actor, item.organization)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("停用检查事项必须填写理由")})
    if item.status != ItemStatus.PUBLISHED:
        raise ValidationError({"status": _("只有已公布的检查事项可以停用")})
    before = snapshot(item)
    item.status = ItemStatus.WITHDRAWN
    item.save(update_fields=["status", "updated_at"])
    audit(event="inspection.item_withdrawn", obj=item, actor=actor, before=before, data={"reason": reason.strip()})
    return item
