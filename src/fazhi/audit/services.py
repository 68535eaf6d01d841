"""The only writer of the audit log (STYLE R8).

``audit_record`` appends one entry inside the caller's transaction;
``audit_record_many`` appends a batch (imports, the demo generator). Both lock
the chain head first (``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite the
IMMEDIATE transaction already holds the single write lock), so concurrent
writers queue and the chain stays linear.

``audit_verify`` streams the chain through ``fazhi.core.hashchain`` and returns
the first broken entry, or None.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from fazhi.core.hashchain import GENESIS, BreakKind, ChainBreak, ChainLink, entry_hash, verify_chain

from .context import current
from .models import AuditEntry, ChainHead

__all__ = [
    "AuditItem",
    "audit_record",
    "audit_record_many",
    "audit_verify",
    "snapshot",
    "diff",
]


_PLAIN_TYPES = frozenset({str, int, bool, type(None)})

#: fields never copied into the append-only log (a password hash could never be removed again)
SECRET_FIELDS = frozenset({"password", "last_login"})


def _plain(value: Any) -> Any:
    """A JSON-safe, hash-stable form of a field value."""
    if type(value) in _PLAIN_TYPES:  # perf: the common case
        return value
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, FieldFile):  # an empty one has no url: read its name only
        return value.name or None
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The record's concrete field values, JSON-safe, keyed by field name."""
    out: dict[str, Any] = {}
    for f in obj._meta.concrete_fields:
        if f.name in {"created_at", "updated_at"} or f.name in SECRET_FIELDS:
            continue
        out[f.name] = _plain(getattr(obj, f.attname))
    return out


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


@dataclass(frozen=True)
class AuditItem:
    """One entry to append: the event, the record and what changed."""

    event: str
    obj: models.Model
    changes: Mapping[str, Any] | None = None
    data: Mapping[str, Any] | None = None


def _organization_id(obj: models.Model) -> int | None:
    if obj._meta.label_lower == "organizations.organization":
        return obj.pk
    return getattr(obj, "organization_id", None)


def _payload(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "occurred_at": entry.occurred_at,
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "source_address": entry.source_address,
        "event": entry.event,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "organization_id": entry.organization_id,
        "changes": entry.changes,
        "data": entry.data,
    }


def _lock_head() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        ChainHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS})
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def audit_record_many(*, items: Iterable[AuditItem], actor=None) -> list[AuditEntry]:
    """Append ``items`` to the chain, in order, inside the current transaction."""
    ctx = current()
    now = timezone.now()
    actor_name = (str(actor) if actor is not None else "system")[:150]
    with transaction.atomic():
        head = _lock_head()
        seq, prev = head.seq, head.hash
        entries: list[AuditEntry] = []
        for item in items:
            seq += 1
            data = {"via": ctx.via, **_plain(dict(item.data or {}))}
            entry = AuditEntry(
                seq=seq,
                occurred_at=now,
                actor=actor if actor is not None and actor.pk else None,
                actor_name=actor_name,
                source_address=ctx.source_address,
                event=item.event,
                object_type=item.obj._meta.label_lower,
                object_id=str(item.obj.pk),
                object_repr=str(item.obj)[:300],
                organization_id=_organization_id(item.obj),
                changes=_plain(dict(item.changes or {})),
                data=data,
                prev_hash=prev,
            )
            entry.hash = entry_hash(prev, _payload(entry))
            prev = entry.hash
            entries.append(entry)
        if not entries:
            return []
        AuditEntry.objects.bulk_create(entries, batch_size=2000)
        ChainHead.objects.filter(pk=1).update(seq=seq, hash=prev)
    return entries


def audit_record(
    *,
    event: str,
    obj: models.Model,
    actor=None,
    changes: Mapping[str, Any] | None = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry: ``event`` (e.g. "entity.updated") happened to ``obj``."""
    return audit_record_many(items=[AuditItem(event, obj, changes, data)], actor=actor)[0]


def _links(batch: int = 5000) -> Iterable[ChainLink]:
    last = 0
    while True:
        rows = list(AuditEntry.objects.filter(seq__gt=last).order_by("seq")[:batch])
        if not rows:
            return
        for e in rows:
            yield ChainLink(seq=e.seq, prev_hash=e.prev_hash, hash=e.hash, payload=_payload(e))
        last = rows[-1].seq


def audit_verify() -> ChainBreak | None:
    """Check the whole chain; the first broken entry, or None when it is intact.

    The chain head must also match the last entry, so that removing the newest
    entries is caught too.
    """
    found = verify_chain(_links(), start_prev=GENESIS, start_seq=1)
    if found is not None:
        return found
    head = ChainHead.objects.filter(pk=1).first()
    last = AuditEntry.objects.order_by("-seq").first()
    if head and (last is None or head.hash != last.hash or head.seq != last.seq):
        return ChainBreak(
            seq=head.seq,
            kind=BreakKind.SEQUENCE,
            reason="chain head does not match the last entry (entries removed at the end)",
            reason_zh="链头与最后一条记录不符（末尾记录被删除）",
            expected=head.hash,
            found=last.hash if last else "",
        )
    return None
