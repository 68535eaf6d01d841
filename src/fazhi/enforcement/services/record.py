"""The full-process record (全过程记录, 行政处罚法 第四十七条): a hash chain per case.

``record_append`` is the only writer of ``CaseRecordEntry``. The caller holds
the case row locked (``SELECT … FOR UPDATE``; SQLite's IMMEDIATE transaction
holds the write lock), so the chain of one case stays linear. The case row
keeps the chain head (``record_seq``, ``record_head``), which catches entries
removed at the end.

Documents (``document_generate``) are rendered from the templates in
``templates/enforcement/documents/`` and stored as issued, with their SHA-256;
evidence files (``case_evidence_add``) are stored under MEDIA_ROOT with their
SHA-256, size, uploader and time. Both hashes enter the chain, so
``case_record_verify`` also catches a document or file changed afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from fazhi.audit.services import audit_record
from fazhi.core.hashchain import GENESIS, BreakKind, ChainBreak, ChainLink, entry_hash, verify_chain
from fazhi.enforcement.constants import DocumentKind
from fazhi.enforcement.models import CaseDocument, CaseRecordEntry, EvidenceFile, PenaltyCase

__all__ = [
    "EVIDENCE_MAX_BYTES",
    "case_evidence_add",
    "case_evidence_void",
    "case_record_verify",
    "document_generate",
    "record_append",
    "record_entries",
]

#: the largest evidence file accepted (photos, scans, short recordings)
EVIDENCE_MAX_BYTES = 200 * 1024 * 1024

ERR_EVIDENCE_EMPTY = _("证据文件为空")
ERR_EVIDENCE_LARGE = _("证据文件超过 200 MB")


def _plain(value: Any) -> Any:
    """A JSON-safe, hash-stable form of ``value`` (dates as ISO text, amounts as strings)."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _actor_fields(actor) -> tuple[Any, str]:
    return (actor if actor is not None and actor.pk else None), (str(actor) if actor is not None else "system")[:150]


def record_entries(
    *, case: PenaltyCase, items: Iterable[tuple[str, models.Model, str, Mapping[str, Any]]], actor, when=None,
) -> list[CaseRecordEntry]:
    """Unsaved entries for ``items`` (event, object, summary, data) appended after the case's head.

    Advances ``case.record_seq``/``record_head`` in memory; the caller saves
    the entries and the head (``record_append`` does both; the demo bulk-inserts).
    """
    when = when or timezone.now()
    actor_obj, actor_name = _actor_fields(actor)
    out = []
    for event, obj, summary, data in items:
        entry = CaseRecordEntry(
            case=case,
            seq=case.record_seq + 1,
            occurred_at=when,
            actor=actor_obj,
            actor_name=actor_name,
            event=event,
            object_type=obj._meta.model_name,
            object_id=str(obj.pk),
            summary=str(summary)[:300],
            data=_plain(dict(data)),
            prev_hash=case.record_head,
        )
        entry.hash = entry_hash(entry.prev_hash, entry.payload())
        case.record_seq, case.record_head = entry.seq, entry.hash
        out.append(entry)
    return out


def record_append(
    *, case: PenaltyCase, event: str, obj: models.Model, summary: str, data: Mapping[str, Any], actor,
) -> CaseRecordEntry:
    """Append one entry to the case's chain. Caller holds the case locked inside a transaction."""
    (entry,) = record_entries(case=case, items=[(event, obj, summary, data)], actor=actor)
    entry.save()
    PenaltyCase.objects.filter(pk=case.pk).update(record_seq=case.record_seq, record_head=case.record_head)
    return entry


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_context(case: PenaltyCase, **extra: Any) -> dict[str, Any]:
    """What every document template sees."""
    from fazhi.enforcement.constants import PenaltyKind

    labels = dict(PenaltyKind.choices)
    return {
        "case": case,
        "kinds_display": [str(labels.get(k, k)) for k in (case.decision_kinds or case.proposed_kinds or [])],
        "proposed_display": [str(labels.get(k, k)) for k in (case.proposed_kinds or [])],
        "organization": case.organization,
        "officers": list(case.officers.all()),
        "item": case.item,
        **extra,
    }


def document_render(case: PenaltyCase, kind: str, **extra: Any) -> tuple[str, str]:
    """(title, html) of document ``kind``, in Chinese whatever the user's language (official text)."""
    title = str(DocumentKind(kind).label)
    with translation.override("zh-hans"):
        title = str(DocumentKind(kind).label)
        html = render_to_string(
            f"enforcement/documents/{kind}.html", document_context(case, title=title, **extra)
        )
    return title, html


def document_generate(*, case: PenaltyCase, kind: str, actor, **extra: Any) -> CaseDocument:
    """Render, store and chain one document. Caller holds the case locked inside a transaction."""
    title, html = document_render(case, kind, **extra)
    now = timezone.now()
    actor_obj, _name = _actor_fields(actor)
    doc = CaseDocument.objects.create(
        case=case, kind=kind, title=title, html=html, sha256=_sha256(html), generated_at=now, generated_by=actor_obj,
    )
    record_append(
        case=case, event="document.generated", obj=doc, summary=_("生成%(title)s") % {"title": title},
        data={"kind": kind, "title": title, "sha256": doc.sha256, "size": len(html.encode("utf-8"))}, actor=actor,
    )
    return doc


def _lock(case: PenaltyCase) -> PenaltyCase:
    return PenaltyCase.objects.select_for_update(of=("self",)).select_related("organization").get(pk=case.pk)


def _check_evidence_writer(actor, case: PenaltyCase) -> None:
    from .cases import check_handler

    check_handler(actor, case)


@transaction.atomic
def case_evidence_add(*, case: PenaltyCase, upload: UploadedFile, description: str = "", actor) -> EvidenceFile:
    """Store an evidence file under MEDIA_ROOT and append it (SHA-256, size, who, when) to the record."""
    case = _lock(case)
    _check_evidence_writer(actor, case)
    if case.status in {"voided", "not_filed"}:
        raise ValidationError({"file": _("已作废或不予立案的案件不能再上传证据")})
    digest = hashlib.sha256()
    size = 0
    for chunk in upload.chunks():
        digest.update(chunk)
        size += len(chunk)
    if size == 0:
        raise ValidationError({"file": ERR_EVIDENCE_EMPTY})
    if size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"file": ERR_EVIDENCE_LARGE})
    name = get_valid_filename(os.path.basename(upload.name or "evidence"))[:150] or "evidence"
    now = timezone.now()
    actor_obj, actor_name = _actor_fields(actor)
    ev = EvidenceFile(
        case=case, original_name=(upload.name or name)[:200], content_type=(upload.content_type or "")[:100],
        size=size, sha256=digest.hexdigest(), description=description.strip()[:300], uploaded_at=now,
        uploaded_by=actor_obj,
    )
    upload.seek(0)
    ev.file.save(name, upload, save=False)
    ev.full_clean()
    ev.save()
    record_append(
        case=case, event="evidence.added", obj=ev, summary=_("上传证据：%(name)s") % {"name": ev.original_name},
        data={"name": ev.original_name, "sha256": ev.sha256, "size": size, "content_type": ev.content_type,
              "uploaded_by": actor_name, "uploaded_at": now, "description": ev.description},
        actor=actor,
    )
    audit_record(event="case.evidence_added", obj=case, actor=actor,
                 data={"evidence_id": ev.pk, "name": ev.original_name, "sha256": ev.sha256, "size": size})
    return ev


@transaction.atomic
def case_evidence_void(*, evidence: EvidenceFile, reason: str, actor) -> EvidenceFile:
    """Void an evidence file with a reason; the file and its record stay (nothing is deleted)."""
    case = _lock(evidence.case)
    _check_evidence_writer(actor, case)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"void_reason": _("作废必须填写原因")})
    if evidence.voided_at is not None:
        raise ValidationError({"voided_at": _("该证据已作废")})
    evidence.voided_at = timezone.now()
    evidence.voided_by = actor if actor is not None and actor.pk else None
    evidence.void_reason = reason[:500]
    evidence.save(update_fields=["voided_at", "voided_by", "void_reason"])
    record_append(case=case, event="evidence.voided", obj=evidence,
                  summary=_("作废证据：%(name)s") % {"name": evidence.original_name},
                  data={"sha256": evidence.sha256, "reason": evidence.void_reason}, actor=actor)
    audit_record(event="case.evidence_voided", obj=case, actor=actor,
                 data={"evidence_id": evidence.pk, "reason": evidence.void_reason})
    return evidence


def _file_sha256(ev: EvidenceFile) -> str | None:
    try:
        with ev.file.open("rb") as fh:
            digest = hashlib.sha256()
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
            return digest.hexdigest()
    except (FileNotFoundError, OSError, ValueError):
        return None


def case_record_verify(case: PenaltyCase) -> ChainBreak | None:
    """The first broken link of the case's full-process record, or None when it is intact.

    Checks, in order: the chain itself (sequence, links, hashes); the head kept
    on the case (entries removed at the end); then that every document and
    evidence file still has the SHA-256 its entry recorded.
    """
    entries = CaseRecordEntry.objects.filter(case_id=case.pk).order_by("seq")
    links = (ChainLink(seq=e.seq, prev_hash=e.prev_hash, hash=e.hash, payload=e.payload()) for e in entries.iterator())
    broken = verify_chain(links, start_prev=GENESIS, start_seq=1)
    if broken is not None:
        return broken
    head = PenaltyCase.objects.filter(pk=case.pk).values("record_seq", "record_head").get()
    last = entries.last()
    last_seq, last_hash = (last.seq, last.hash) if last else (0, GENESIS)
    if head["record_seq"] != last_seq or head["record_head"] != last_hash:
        return ChainBreak(
            seq=head["record_seq"], kind=BreakKind.SEQUENCE,
            reason="the case's record head does not match the last entry (entries removed at the end)",
            reason_zh="案件记录链头与最后一条记录不符（末尾记录被删除）",
            expected=head["record_head"], found=last_hash,
        )
    docs = {str(d.pk): d for d in CaseDocument.objects.filter(case_id=case.pk)}
    files = {str(f.pk): f for f in EvidenceFile.objects.filter(case_id=case.pk)}
    for e in entries.filter(event__in=["document.generated", "evidence.added"]).iterator():
        recorded = e.data.get("sha256", "")
        if e.event == "document.generated":
            doc = docs.get(e.object_id)
            found = _sha256(doc.html) if doc else None
            what, what_zh = "document", "文书"
        else:
            ev = files.get(e.object_id)
            found = _file_sha256(ev) if ev else None
            what, what_zh = "evidence file", "证据文件"
        if found != recorded:
            missing = found is None
            return ChainBreak(
                seq=e.seq, kind=BreakKind.HASH,
                reason=f"{what} {e.object_id} {'is missing' if missing else 'was changed'} (SHA-256 differs from the record)",
                reason_zh=f"{what_zh}（{e.summary}）{'缺失' if missing else '内容被修改'}，与记录的 SHA-256 不符",
                expected=recorded, found=found or "",
            )
    return None


def check_scope_for_read(user, case: PenaltyCase) -> None:
    if not PenaltyCase.objects.visible_to(user).filter(pk=case.pk).exists():
        raise PermissionDenied
