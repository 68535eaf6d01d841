"""Inspection records (检查记录): arrival, the record itself, documents with SHA-256, completion."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping, Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.services import snapshot
from fazhi.core.inspection_supervision import CHECK_RESULTS, SupervisedRecord, record_gaps
from fazhi.core.inspection_workflow import (
    INVITATION_TRANSITIONS,
    VISIT_TRANSITIONS,
    InvitationAction,
    VisitAction,
)
from fazhi.inspections.constants import InvitationStatus, Outcome, VisitKind, VisitStatus
from fazhi.inspections.models import (
    InspectionRecord,
    InvitationStatusChange,
    RecordDocument,
    Visit,
    VisitStatusChange,
)

from ._common import audit, require, transition
from .visits import can_act_on_visit, visit_tasks

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


@transaction.atomic
def visit_arrive(*, visit: Visit, actor, at: dt.datetime | None = None) -> InspectionRecord:
    """The officers arrive at the enterprise: the visit is in progress and its record is started."""
    require(can_act_on_visit(actor, visit), _("您不能记录这次检查"))
    at = at or timezone.now()
    local_day = timezone.localtime(at).date()
    if not visit.window_start <= local_day <= visit.window_end:
        raise ValidationError({"arrived_at": _("到达日期 %(d)s 不在检查时间窗口（%(a)s 至 %(b)s）内") % {
            "d": local_day, "a": visit.window_start, "b": visit.window_end}})
    transition(obj=visit, table=VISIT_TRANSITIONS, action=VisitAction.ARRIVE, history_model=VisitStatusChange,
               parent_field="visit", actor=actor, event="inspection.visit_arrived")
    record = InspectionRecord.objects.create(visit=visit, organization=visit.organization, arrived_at=at, recorded_by=actor)
    audit(event="inspection.record_started", obj=record, actor=actor)
    return record


def checklist_template(visit: Visit) -> list[dict]:
    """The checklist points of every task of the visit, in order: [{"task", "item", "index", "point"}]."""
    out = []
    for t in visit_tasks(visit):
        for i, point in enumerate(t.item.checklist_points):
            out.append({"task": t.pk, "item": t.item.name, "index": i, "point": point})
    return out


def _checklist(visit: Visit, results: Iterable[Mapping]) -> list[dict]:
    template = {(row["task"], row["index"]): row for row in checklist_template(visit)}
    out: dict[tuple[int, int], dict] = {}
    for r in results:
        try:
            key = (int(r["task"]), int(r.get("index", r.get("point", -1))))
        except (KeyError, TypeError, ValueError):
            raise ValidationError({"checklist_results": _("检查要点结果格式不正确")}) from None
        if key not in template:
            raise ValidationError({"checklist_results": _("任务 T%(t)s 没有第 %(i)s 项检查要点") % {"t": key[0], "i": key[1] + 1}})
        result = str(r.get("result") or "")
        if result and result not in CHECK_RESULTS:
            raise ValidationError({"checklist_results": _("检查要点结果只能是 符合、存在问题 或 不适用")})
        row = template[key]
        out[key] = {"task": key[0], "index": key[1], "point": row["point"], "result": result, "note": str(r.get("note") or "")[:300]}
    for key, row in template.items():
        out.setdefault(key, {"task": key[0], "index": key[1], "point": row["point"], "result": "", "note": ""})
    return [out[k] for k in sorted(out, key=lambda k: list(template).index(k))]


@transaction.atomic
def visit_record_save(
    *,
    visit: Visit,
    actor,
    left_at: dt.datetime | None = None,
    officers_present: Sequence[int] | None = None,
    checklist_results: Iterable[Mapping] | None = None,
    findings: str | None = None,
    outcome: str | None = None,
    rectification_deadline: dt.date | None = None,
    case_number: str | None = None,
) -> InspectionRecord:
    """Fill in the record of a visit in progress (any subset of fields); completeness is checked on completion."""
    require(can_act_on_visit(actor, visit), _("您不能记录这次检查"))
    if visit.status != VisitStatus.IN_PROGRESS:
        raise ValidationError({"status": _("只有检查中的入企可以填写记录（当前状态：%(s)s）") % {"s": visit.get_status_display()}})
    record = visit.record
    before = snapshot(record)
    if left_at is not None:
        record.left_at = left_at
    if checklist_results is not None:
        record.checklist_results = _checklist(visit, checklist_results)
    if findings is not None:
        record.findings = findings.strip()
    if outcome is not None:
        if outcome and outcome not in Outcome.values:
            raise ValidationError({"outcome": _("检查结果只能是 未发现问题、责令整改 或 立案查处")})
        record.outcome = outcome
    if outcome is not None or rectification_deadline is not None:
        record.rectification_deadline = rectification_deadline if record.outcome == Outcome.RECTIFICATION else None
    if outcome is not None or case_number is not None:
        record.case_number = (case_number or "").strip() if record.outcome == Outcome.CASE_FILED else ""
    if record.rectification_deadline and record.rectification_deadline < visit.window_start:
        raise ValidationError({"rectification_deadline": _("整改期限不能早于检查日期")})
    record.recorded_by = actor
    record.full_clean()
    record.save()
    if officers_present is not None:
        present = {int(x) for x in officers_present}
        known = set(visit.officers.values_list("officer_id", flat=True))
        if present - known:
            raise ValidationError({"officers_present": _("在场人员须是本次检查指派的执法人员")})
        for vo in visit.officers.all():
            vo.present = vo.officer_id in present
            vo.save(update_fields=["present"])
    audit(event="inspection.record_saved", obj=record, actor=actor, before=before,
          data={"officers_present": sorted(officers_present) if officers_present is not None else None})
    return record


def supervised_record(visit: Visit, record: InspectionRecord | None) -> SupervisedRecord | None:
    if record is None:
        return None
    if visit.kind == VisitKind.ENFORCEMENT:
        present = visit.officers.filter(present=True).count()
    else:
        present = len([p for p in visit.participants.replace(",", "、").split("、") if p.strip()])
    return SupervisedRecord(
        arrived_at=record.arrived_at,
        left_at=record.left_at,
        officers_present=present,
        checklist=tuple(str(r.get("result") or "") for r in record.checklist_results),
        findings=record.findings,
        outcome=record.outcome,
        rectification_deadline=record.rectification_deadline,
        case_number=record.case_number,
    )


def record_problems(visit: Visit) -> list[str]:
    record = getattr(visit, "record", None)
    gaps = record_gaps(supervised_record(visit, record), enforcement=visit.kind == VisitKind.ENFORCEMENT, day=visit.window_start)
    if record is not None and visit.kind == VisitKind.ENFORCEMENT and len(record.checklist_results) < len(checklist_template(visit)):
        gaps.append(_("检查要点未逐项填写结果"))
    return gaps


@transaction.atomic
def visit_complete(*, visit: Visit, actor) -> Visit:
    """Complete the visit: refused, naming every gap, unless the record is complete."""
    require(can_act_on_visit(actor, visit), _("您不能记录这次检查"))
    gaps = record_problems(visit)
    if gaps:
        raise ValidationError({"record": gaps})
    record = visit.record
    before = snapshot(record)
    record.completed_at = timezone.now()
    record.save(update_fields=["completed_at", "updated_at"])
    audit(event="inspection.record_completed", obj=record, actor=actor, before=before)
    transition(obj=visit, table=VISIT_TRANSITIONS, action=VisitAction.COMPLETE, history_model=VisitStatusChange,
               parent_field="visit", actor=actor, event="inspection.visit_completed", data={"outcome": record.outcome})
    if visit.invitation_id and visit.invitation.status == InvitationStatus.ACCEPTED:
        transition(obj=visit.invitation, table=INVITATION_TRANSITIONS, action=InvitationAction.COMPLETE,
                   history_model=InvitationStatusChange, parent_field="invitation", actor=actor,
                   event="inspection.invitation_completed")
    return visit


@transaction.atomic
def record_document_add(*, record: InspectionRecord, upload: File, name: str = "", actor) -> RecordDocument:
    """Store a document of the record with its SHA-256 (computed from the bytes stored)."""
    require(can_act_on_visit(actor, record.visit), _("您不能记录这次检查"))
    if record.visit.status not in (VisitStatus.IN_PROGRESS, VisitStatus.COMPLETED):
        raise ValidationError({"file": _("只有检查中或已完成的检查可以上传文件")})
    size = getattr(upload, "size", None) or 0
    if size <= 0:
        raise ValidationError({"file": _("文件是空的")})
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("文件不能超过 50 MB")})
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    doc = RecordDocument(
        record=record, organization=record.organization, name=(name or upload.name or "file")[:200],
        sha256=digest.hexdigest(), size=size, uploaded_by=actor,
    )
    doc.file.save(upload.name or "file", upload, save=False)
    doc.full_clean()
    doc.save()
    audit(event="inspection.document_added", obj=doc, actor=actor, data={"record": record.pk, "sha256": doc.sha256})
    return doc


def document_verify(doc: RecordDocument) -> bool:
    """Does the stored file still hash to the recorded SHA-256?"""
    digest = hashlib.sha256()
    with doc.file.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest() == doc.sha256
