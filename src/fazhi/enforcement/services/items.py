"""Writes of the item catalogue beyond the generic register services."""

from __future__ import annotations

import datetime as dt

from fazhi.audit.services import AuditItem, audit_record_many
from fazhi.enforcement.models import EnforcementItem


def item_after_save(actor, item: EnforcementItem, is_new: bool) -> None:
    """A new version of an item closes the version it replaces (a later catalogue).

    The earlier version keeps its row and gets ``valid_until`` = the day before
    the new version's ``valid_from``, so records decided under it still point at
    the wording that applied then.
    """
    if not is_new:
        return
    earlier = (
        EnforcementItem.objects.filter(
            organization_id=item.organization_id, code=item.code, valid_from__lt=item.valid_from
        )
        .exclude(pk=item.pk)
        .filter(voided_at__isnull=True)
    )
    closing = item.valid_from - dt.timedelta(days=1)
    items = []
    for old in earlier:
        if old.valid_until is None or old.valid_until > closing:
            before = old.valid_until
            old.valid_until = closing
            old.save(update_fields=["valid_until"])
            items.append(
                AuditItem(
                    "item.superseded",
                    old,
                    {"valid_until": [before, closing]},
                    {"superseded_by": item.pk},
                )
            )
    audit_record_many(items=items, actor=actor)
