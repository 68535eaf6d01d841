"""Supervision (行政检查监督): check a period's visits against the rules, then handle each finding.

``supervision_check`` turns every visit of the period into the plain facts of
``fazhi.core.inspection_supervision`` and stores each new finding (a finding
already stored, by fingerprint, is left as it is). The legal office confirms
or dismisses a finding with a reason; a confirmed finding is rectified, or
becomes a supervision opinion: the disputes module calls
``finding_opinion_issued`` with the opinion's number.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.services import AuditItem, audit_record_many, diff, snapshot
from fazhi.core.inspection_gates import OfficerFacts
from fazhi.core.inspection_supervision import SupervisedTask, SupervisedVisit, supervise
from fazhi.core.inspection_workflow import FINDING_TRANSITIONS, FindingAction
from fazhi.inspections.constants import VisitKind, VisitStatus
from fazhi.inspections.models import (
    Finding,
    FindingStatusChange,
    InspectionRecord,
    InspectionTask,
    Visit,
)
from fazhi.organizations.models import Organization

from ._common import require_legal_office, transition
from .records import supervised_record
from .visits import _certificates


def _published_by(item, day: dt.date) -> bool:
    """Was the item on the published list by ``day`` (a later withdrawal does not undo a past publication)?"""
    return item.published_at is not None and timezone.localtime(item.published_at).date() <= day


def supervised_visits(*, zone: Organization, period_start: dt.date, period_end: dt.date, today: dt.date):
    """(facts, visits by id) for the zone's visits whose window starts in the period (cancelled ones excluded)."""
    visits = list(
        Visit.objects.filter(
            organization__path__startswith=zone.path,
            window_start__gte=period_start,
            window_start__lte=period_end,
            voided_at__isnull=True,
        )
        .exclude(status__in=[VisitStatus.CANCELLED, VisitStatus.PROPOSED])
        .select_related("entity", "organization")
        .prefetch_related("officers__officer__certificates", "codes")
        .order_by("pk")
    )
    ids = [v.pk for v in visits]
    tasks: dict[int, list[InspectionTask]] = defaultdict(list)
    for t in (
        InspectionTask.objects.filter(visit_id__in=ids, voided_at__isnull=True)
        .select_related("organization", "item", "item__catalogue_item")
        .order_by("pk")
    ):
        tasks[t.visit_id].append(t)
    records = {r.visit_id: r for r in InspectionRecord.objects.filter(visit_id__in=ids, voided_at__isnull=True)}
    facts = []
    for v in visits:
        vt = tasks.get(v.pk, [])
        depts: dict[str, bool] = {}
        for t in vt:
            depts.setdefault(str(t.organization_id), t.organization.has_enforcement_authority)
        if not depts:
            depts[str(v.organization_id)] = v.organization.has_enforcement_authority
        carried_out = v.status in (VisitStatus.IN_PROGRESS, VisitStatus.COMPLETED)
        causes = [v.no_disturbance_cause] + [t.no_disturbance_cause for t in vt]
        facts.append(
            SupervisedVisit(
                visit_id=str(v.pk),
                entity=v.entity.uscc,
                day=v.window_start,
                last_day=v.window_end,
                lead=str(v.organization_id),
                departments=tuple(depts.items()),
                tasks=tuple(
                    SupervisedTask(
                        task_id=str(t.pk), department=str(t.organization_id), item_id=str(t.item_id), item_name=t.item.name,
                        matter=t.item.matter, item_published=_published_by(t.item, v.window_end),
                        item_has_basis=bool(t.item.catalogue_item.legal_basis.strip()), yearly_cap=t.item.yearly_cap,
                    )
                    for t in vt
                ),
                officers=tuple(
                    OfficerFacts(vo.officer.name, str(vo.organization_id), _certificates(vo.officer)) for vo in v.officers.all()
                ),
                enforcement=v.kind == VisitKind.ENFORCEMENT,
                carried_out=carried_out,
                overdue=not carried_out and v.window_end < today,
                code_issued=bool(v.codes.all()),
                record=supervised_record(v, records.get(v.pk)),
                no_disturbance=v.entity.no_disturbance,
                no_disturbance_cause="；".join(c.strip() for c in causes if c and c.strip()),
            )
        )
    return facts, {str(v.pk): v for v in visits}


@transaction.atomic
def supervision_check(
    *, organization: Organization, period_start: dt.date, period_end: dt.date, actor, today: dt.date | None = None
) -> list[Finding]:
    """Check every visit of the zone in the period; store and return the new findings."""
    if actor is not None:
        require_legal_office(actor, organization)
    if period_end < period_start:
        raise ValidationError({"period_end": _("检查期间的结束日期不能早于开始日期")})
    today = today or timezone.localdate()
    zone = organization.zone()
    facts, visits = supervised_visits(zone=zone, period_start=period_start, period_end=period_end, today=today)
    drafts = supervise(facts)
    known = set(Finding.objects.filter(fingerprint__in=[d.fingerprint for d in drafts]).values_list("fingerprint", flat=True))
    new = []
    for d in drafts:
        if d.fingerprint in known:
            continue
        visit = visits[d.visit_id]
        new.append(
            Finding(
                organization_id=int(d.department),
                rule=d.rule.value,
                visit=visit,
                related_visit=visits.get(d.related_visit_id) if d.related_visit_id else None,
                task_id=int(d.task_id) if d.task_id else None,
                entity_id=visit.entity_id,
                visit_day=visit.window_start,
                detected_on=today,
                detail=d.detail,
                fingerprint=d.fingerprint[:200],
            )
        )
    new = Finding.objects.bulk_create(new, batch_size=2000)
    FindingStatusChange.objects.bulk_create(
        [FindingStatusChange(finding=f, from_status="", to_status=f.status, action="detect", actor=actor,
                             actor_name=str(actor) if actor else "system") for f in new],
        batch_size=2000,
    )
    audit_record_many(
        items=[AuditItem("inspection.finding_detected", f, diff({}, snapshot(f)),
                         {"period": [period_start, period_end]}) for f in new],
        actor=actor,
    )
    return new


def _finding_transition(*, finding: Finding, action: str, actor, reason: str, event: str, extra=None) -> Finding:
    return transition(obj=finding, table=FINDING_TRANSITIONS, action=action, history_model=FindingStatusChange,
                      parent_field="finding", actor=actor, reason=reason, event=event,
                      extra={"status_reason": reason, **(extra or {})})


@transaction.atomic
def finding_confirm(*, finding: Finding, actor, reason: str = "") -> Finding:
    require_legal_office(actor, finding.organization)
    return _finding_transition(finding=finding, action=FindingAction.CONFIRM, actor=actor, reason=(reason or "").strip(),
                               event="inspection.finding_confirmed")


@transaction.atomic
def finding_dismiss(*, finding: Finding, actor, reason: str) -> Finding:
    require_legal_office(actor, finding.organization)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("排除监督发现必须说明理由")})
    return _finding_transition(finding=finding, action=FindingAction.DISMISS, actor=actor, reason=reason.strip(),
                               event="inspection.finding_dismissed")


@transaction.atomic
def finding_rectify(*, finding: Finding, actor, reason: str) -> Finding:
    require_legal_office(actor, finding.organization)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请说明整改情况")})
    return _finding_transition(finding=finding, action=FindingAction.RECTIFY, actor=actor, reason=reason.strip(),
                               event="inspection.finding_rectified")


@transaction.atomic
def finding_opinion_issued(*, finding: Finding, opinion_reference: str, actor, reason: str = "") -> Finding:
    """A supervision opinion (监督意见书) was issued for the finding (called by the disputes module)."""
    require_legal_office(actor, finding.organization)
    if not (opinion_reference or "").strip():
        raise ValidationError({"opinion_reference": _("须填写监督意见书编号")})
    return _finding_transition(finding=finding, action=FindingAction.ISSUE_OPINION, actor=actor,
                               reason=(reason or "").strip(), event="inspection.finding_opinion_issued",
                               extra={"opinion_reference": opinion_reference.strip()})
