"""Visits (入企): officers, the gates before a visit starts, inspection codes, cancellation.

``visit_open`` is where the gates are enforced: it gathers the facts of the
visit (items, approvals, officers and their certificates, the organizations'
authority, the enterprise's inspections this year, the no-disturbance list),
asks ``fazhi.core.inspection_gates.check_gates`` and refuses with every failed
rule named. Overridable failures pass only with a named approver (法治办 or
领导) and a reason; the override is stored and audited. A visit that passes
gets its signed inspection code (``fazhi.core.inspection_code``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.constants import Role
from fazhi.audit.services import AuditItem, audit_record_many, snapshot
from fazhi.core.inspection_code import CodeKind, code_sign, new_reference
from fazhi.core.inspection_gates import (
    CertificateFacts,
    DepartmentFacts,
    GateFailure,
    OfficerFacts,
    TaskFacts,
    VisitGateFacts,
    blocking,
    certificate_for,
    check_gates,
)
from fazhi.core.inspection_workflow import VISIT_TRANSITIONS, VisitAction
from fazhi.enforcement.models import Officer
from fazhi.inspections.constants import (
    InvitationStatus,
    PlanStatus,
    TaskSource,
    VisitKind,
    VisitStatus,
)
from fazhi.inspections.models import (
    GateOverride,
    InspectionCode,
    InspectionTask,
    TaskOfficer,
    Visit,
    VisitOfficer,
    VisitStatusChange,
)

from ._common import audit, in_scope, is_legal_office, require, require_staff_of, transition

#: statuses in which a visit counts towards an enterprise's yearly cap
COUNTED_STATUSES = (VisitStatus.OPENED, VisitStatus.IN_PROGRESS, VisitStatus.COMPLETED)
APPROVER_ROLES = (Role.LEGAL_OFFICE, Role.LEADERSHIP)


def code_key() -> bytes:
    return str(settings.INSPECTION_CODE_KEY).encode("utf-8")


def visit_tasks(visit: Visit) -> list[InspectionTask]:
    return list(
        visit.tasks.filter(voided_at__isnull=True)
        .select_related("organization", "item", "item__catalogue_item", "plan", "invitation", "entity")
        .order_by("organization__path", "pk")
    )


def participating_organizations(visit: Visit) -> list:
    seen: dict[int, object] = {}
    for t in visit_tasks(visit):
        seen.setdefault(t.organization_id, t.organization)
    if not seen:
        seen[visit.organization_id] = visit.organization
    return list(seen.values())


def can_act_on_visit(user, visit: Visit) -> bool:
    """Staff of a participating department (or the legal office), or an officer assigned to the visit."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser or is_legal_office(user):
        return in_scope(user, visit.organization)
    if visit.officers.filter(officer__user=user).exists():
        return True
    if user.role not in (Role.DEPARTMENT_STAFF, Role.OFFICER):
        return False
    return any(in_scope(user, org) for org in participating_organizations(visit))


def _approval(task: InspectionTask) -> tuple[bool, str]:
    if task.source == TaskSource.PLAN:
        if task.plan is None:
            return False, _("未关联检查计划")
        ok = task.plan.status == PlanStatus.APPROVED and task.plan.voided_at is None
        return ok, "" if ok else _("计划《%(plan)s》状态为%(status)s") % {"plan": task.plan, "status": task.plan.get_status_display()}
    if task.source == TaskSource.INVITATION:
        inv = task.invitation
        ok = inv is not None and inv.status in (InvitationStatus.ACCEPTED, InvitationStatus.COMPLETED)
        return ok, "" if ok else _("企业邀约未受理")
    ok = bool(task.approval_reference.strip())
    return ok, "" if ok else _("未记录批准文号")


def _certificates(officer: Officer) -> tuple[CertificateFacts, ...]:
    return tuple(
        CertificateFacts(
            number=c.number,
            organization=str(c.organization_id),
            valid_from=c.valid_from,
            valid_until=c.valid_until,
            status=c.status,
            voided=c.voided_at is not None,
        )
        for c in officer.certificates.all()
    )


def gate_facts(visit: Visit, tasks: Sequence[InspectionTask] | None = None) -> VisitGateFacts:
    """The facts the gates judge, read from the database."""
    tasks = visit_tasks(visit) if tasks is None else tasks
    year = visit.window_start.year
    departments: dict[int, DepartmentFacts] = {}
    task_facts = []
    for t in tasks:
        departments.setdefault(
            t.organization_id, DepartmentFacts(str(t.organization_id), t.organization.name, t.organization.has_enforcement_authority)
        )
        prior = (
            InspectionTask.objects.filter(
                entity_id=visit.entity_id, item_id=t.item_id, voided_at__isnull=True,
                visit__status__in=COUNTED_STATUSES, visit__window_start__year=year, visit__voided_at__isnull=True,
            )
            .exclude(visit_id=visit.pk)
            .values("visit_id")
            .distinct()
            .count()
        )
        approved, note = _approval(t)
        task_facts.append(
            TaskFacts(
                task_id=f"T{t.pk}", department=str(t.organization_id), item_name=t.item.name,
                item_published=t.item.is_published, yearly_cap=t.item.yearly_cap, visits_this_year=prior,
                approved=approved, approval_note=note,
            )
        )
    officers = [
        OfficerFacts(name=vo.officer.name, acts_for=str(vo.organization_id), certificates=_certificates(vo.officer))
        for vo in visit.officers.select_related("officer").prefetch_related("officer__certificates")
    ]
    causes = [visit.no_disturbance_cause.strip()] + [t.no_disturbance_cause.strip() for t in tasks]
    return VisitGateFacts(
        first_day=visit.window_start,
        last_day=visit.window_end,
        departments=tuple(departments.values()),
        tasks=tuple(task_facts),
        officers=tuple(officers),
        no_disturbance=visit.entity.no_disturbance,
        no_disturbance_cause="；".join(c for c in causes if c),
    )


def visit_gates(visit: Visit) -> tuple[GateFailure, ...]:
    """The gate failures of a visit as it stands (shown before opening)."""
    if visit.kind != VisitKind.ENFORCEMENT:
        return ()
    return check_gates(gate_facts(visit))


@transaction.atomic
def visit_officers_set(*, visit: Visit, officers: Sequence[Officer], actor) -> list[VisitOfficer]:
    """Assign the officers of a scheduled visit; each acts for the participating organization they hold a certificate for.

    An officer who holds no certificate of any participating organization
    belongs to another organization: refused, nothing written.
    """
    require(can_act_on_visit(actor, visit) and actor.role != Role.OFFICER or actor.is_superuser,
            _("只有参加检查部门的工作人员可以指派检查人员"))
    if visit.status != VisitStatus.SCHEDULED:
        raise ValidationError({"officers": _("只有已排期、尚未亮码的检查可以指派检查人员")})
    orgs = {o.pk: o for o in participating_organizations(visit)}
    rows = []
    errors = []
    seen = set()
    for officer in officers:
        if officer.pk in seen:
            continue
        seen.add(officer.pk)
        cert_orgs = [c.organization_id for c in officer.certificates.all() if c.voided_at is None]
        acts_for = next((pk for pk in cert_orgs if pk in orgs), None)
        if acts_for is None:
            errors.append(
                _("执法人员%(name)s（%(org)s）不属于参加本次检查的部门（%(depts)s），不能指派")
                % {"name": officer.name, "org": officer.organization, "depts": "、".join(str(o) for o in orgs.values())}
            )
            continue
        rows.append(VisitOfficer(visit=visit, officer=officer, organization_id=acts_for))
    if errors:
        raise ValidationError({"officers": errors})
    before = sorted(visit.officers.values_list("officer_id", flat=True))
    visit.officers.all().delete()  # an unopened visit's assignment is a draft list; the audit keeps both lists
    VisitOfficer.objects.bulk_create(rows)
    audit(event="inspection.visit_officers_assigned", obj=visit, actor=actor, before=snapshot(visit),
          data={"officers": [r.officer_id for r in rows], "previous": before})
    return rows


def visit_officers_default(
    *, visits: Sequence[Visit], actor, audit_data: Mapping[str, Any] | None = None
) -> dict[int, list[int]]:
    """Give each visit that has no officers yet the union of its tasks' pre-assigned officers (``TaskOfficer``).

    Called when visits are scheduled from tasks (a coordination run issued, a
    visit scheduled directly); the caller holds the transaction. Officers come
    in the tasks' order (department, task, the draw's order), each once; a
    voided officer is left out. Each acts for the task's department when they
    hold a certificate for it, else for another participating department they
    hold one for, else for the task's department: nothing is judged here, the
    gates check every certificate on the visit's days when it is opened
    (``visit_open``), and the department may still change the list
    (``visit_officers_set``). A visit whose officers were already set keeps
    them. Returns {visit id: officer ids assigned}; audited per visit
    (``inspection.visit_officers_assigned``, ``from_tasks``).
    """
    ids = [v.pk for v in visits]
    if not ids:
        return {}
    staffed = set(VisitOfficer.objects.filter(visit_id__in=ids).values_list("visit_id", flat=True))
    orgs_of: dict[int, set[int]] = defaultdict(set)
    for visit_id, org_id in InspectionTask.objects.filter(visit_id__in=ids, voided_at__isnull=True).values_list(
        "visit_id", "organization_id"
    ):
        orgs_of[visit_id].add(org_id)
    rows = (
        TaskOfficer.objects.filter(task__visit_id__in=[i for i in ids if i not in staffed], task__voided_at__isnull=True)
        .select_related("task", "task__organization", "officer")
        .prefetch_related("officer__certificates")
        .order_by("task__visit_id", "task__organization__path", "task_id", "position", "pk")
    )
    chosen: dict[int, dict[int, VisitOfficer]] = defaultdict(dict)
    for r in rows:
        visit_id, task = r.task.visit_id, r.task
        if r.officer_id in chosen[visit_id] or r.officer.voided_at is not None:
            continue
        certified = [c.organization_id for c in r.officer.certificates.all() if c.voided_at is None]
        if task.organization_id in certified:
            acts_for = task.organization_id
        else:
            acts_for = next((pk for pk in certified if pk in orgs_of[visit_id]), task.organization_id)
        chosen[visit_id][r.officer_id] = VisitOfficer(visit_id=visit_id, officer_id=r.officer_id, organization_id=acts_for)
    VisitOfficer.objects.bulk_create([vo for per in chosen.values() for vo in per.values()], batch_size=2000)
    by_pk = {v.pk: v for v in visits}
    audit_record_many(
        items=[
            AuditItem("inspection.visit_officers_assigned", by_pk[visit_id], None,
                      {"officers": list(per), "previous": [], "from_tasks": True, **(audit_data or {})})
            for visit_id, per in chosen.items()
        ],
        actor=actor,
    )
    return {visit_id: list(per) for visit_id, per in chosen.items()}


def _issue_code(visit: Visit, actor) -> InspectionCode:
    kind = CodeKind.ENFORCEMENT if visit.kind == VisitKind.ENFORCEMENT else CodeKind.NON_ENFORCEMENT
    ref = new_reference()
    while InspectionCode.objects.filter(ref=ref).exists():  # 50 random bits: practically never twice
        ref = new_reference()
    text = code_sign(kind=kind, ref=ref, expires_on=visit.window_end, key=code_key())
    return InspectionCode.objects.create(
        visit=visit, organization=visit.organization, ref=ref, kind=kind.value, code=text,
        expires_on=visit.window_end, issued_by=actor if actor is not None and actor.pk else None,
    )


@transaction.atomic
def visit_open(
    *,
    visit: Visit,
    actor,
    override_approver=None,
    override_reason: str = "",
    today: dt.date | None = None,
) -> InspectionCode:
    """Check the gates and, when they pass (or the overridable ones are overridden), issue the inspection code.

    Refused (nothing written) when: the actor may not act on the visit; the
    visit is not scheduled; its window has ended; it has no task; a gate that
    cannot be overridden fails; or an overridable gate fails without a named
    approver (法治办 or 领导 of the zone) and a reason.
    """
    require(can_act_on_visit(actor, visit), _("您不能开启这次检查"))
    today = today or timezone.localdate()
    if visit.status != VisitStatus.SCHEDULED:
        transition_error = _("只有已排期的检查可以亮码（当前状态：%(s)s）") % {"s": visit.get_status_display()}
        raise ValidationError({"status": transition_error})
    if today > visit.window_end:
        raise ValidationError({"window_end": _("检查时间窗口已于 %(d)s 结束，不能再开始检查") % {"d": visit.window_end}})
    failures: tuple[GateFailure, ...] = ()
    if visit.kind == VisitKind.ENFORCEMENT:
        tasks = visit_tasks(visit)
        if not tasks:
            raise ValidationError({"tasks": _("入企检查没有检查任务")})
        facts = gate_facts(visit, tasks)
        failures = check_gates(facts)
        hard = blocking(failures)
        if hard:
            raise ValidationError({"gates": [str(f) for f in hard]})
        if failures:
            reason = (override_reason or "").strip()
            problems = []
            if override_approver is None:
                problems.append(_("须指定批准人"))
            elif not (override_approver.is_superuser or override_approver.role in APPROVER_ROLES) or not in_scope(
                override_approver, visit.organization
            ):
                problems.append(_("批准人须为本区法治办或领导"))
            if not reason:
                problems.append(_("须填写例外批准理由"))
            if problems:
                raise ValidationError({"gates": [str(f) for f in failures] + [_("如需例外开始检查：") + "；".join(problems)]})
        for vo in visit.officers.select_related("officer").prefetch_related("officer__certificates"):
            facts_officer = OfficerFacts(vo.officer.name, str(vo.organization_id), _certificates(vo.officer))
            cert = certificate_for(facts_officer, visit.window_start, visit.window_end)
            if cert is not None:
                vo.certificate = next(c for c in vo.officer.certificates.all() if c.number == cert.number)
                vo.save(update_fields=["certificate"])
    transition(obj=visit, table=VISIT_TRANSITIONS, action=VisitAction.OPEN, history_model=VisitStatusChange,
               parent_field="visit", actor=actor, event="inspection.visit_opened",
               data={"gates_failed": [f.rule.value for f in failures]})
    if failures:
        override = GateOverride.objects.create(
            visit=visit, organization=visit.organization, rules=[f.rule.value for f in failures],
            messages=[str(f) for f in failures], approver=override_approver, approver_name=str(override_approver),
            reason=override_reason.strip(), actor=actor,
        )
        audit(event="inspection.gates_overridden", obj=visit, actor=actor,
              data={"rules": override.rules, "approver": override_approver.pk, "approver_name": override.approver_name,
                    "reason": override.reason, "override": override.pk})
    code = _issue_code(visit, actor)
    audit(event="inspection.code_issued", obj=visit, actor=actor, data={"code": code.ref, "expires_on": code.expires_on})
    return code


@transaction.atomic
def non_enforcement_visit_register(
    *,
    organization,
    entity,
    purpose: str,
    participants: str,
    window_start: dt.date,
    window_end: dt.date,
    actor,
    description: str = "",
    today: dt.date | None = None,
) -> Visit:
    """Register a non-enforcement visit (调研、普法、惠企服务、行政指导) and issue its code of its own kind (N)."""
    require_staff_of(actor, organization)
    today = today or timezone.localdate()
    errors = {}
    if not (participants or "").strip():
        errors["participants"] = _("须填写入企人员")
    if window_end < window_start:
        errors["window_end"] = _("入企日期的结束日期不能早于开始日期")
    elif window_end < today:
        errors["window_end"] = _("入企日期已过，不能登记")
    if entity.status != "active" or entity.voided_at is not None:
        errors["entity"] = _("%(entity)s 不是存续的经营主体") % {"entity": entity}
    if errors:
        raise ValidationError(errors)
    visit = Visit(
        organization=organization, entity=entity, kind=VisitKind.NON_ENFORCEMENT, purpose=purpose,
        description=(description or "").strip(), participants=participants.strip(),
        window_start=window_start, window_end=window_end, status=VisitStatus.SCHEDULED,
    )
    visit.full_clean()
    visit.save()
    VisitStatusChange.objects.create(visit=visit, from_status="", to_status=visit.status, action="register",
                                     actor=actor, actor_name=str(actor))
    audit(event="inspection.visit_registered", obj=visit, actor=actor)
    visit_open(visit=visit, actor=actor, today=today)
    return visit


@transaction.atomic
def visit_schedule(
    *,
    tasks: Sequence[InspectionTask],
    window_start: dt.date,
    window_end: dt.date,
    actor,
    no_disturbance_cause: str = "",
) -> Visit:
    """Schedule one visit directly for unplaced tasks of one enterprise (a complaint, a draw, an urgent matter).

    Tasks a coordination run would otherwise place; the visit's window must
    lie inside every task's window. Nothing is written when a rule fails.
    """
    from .coordination import lead_department

    tasks = list(tasks)
    if not tasks:
        raise ValidationError({"tasks": _("请选择检查任务")})
    for t in tasks:
        require_staff_of(actor, t.organization)
    errors = {}
    if len({t.entity_id for t in tasks}) != 1:
        errors["tasks"] = _("一次入企只能检查一家企业")
    elif any(t.visit_id or t.voided_at for t in tasks):
        errors["tasks"] = _("任务已安排入企或已作废")
    if window_end < window_start:
        errors["window_end"] = _("检查日期的结束日期不能早于开始日期")
    elif window_start < max(t.earliest for t in tasks) or window_end > min(t.latest for t in tasks):
        errors["window_start"] = _("检查日期须在每项任务的检查窗口之内")
    if errors:
        raise ValidationError(errors)
    visit = Visit(
        organization_id=lead_department(tasks), entity_id=tasks[0].entity_id, window_start=window_start,
        window_end=window_end, status=VisitStatus.SCHEDULED, no_disturbance_cause=(no_disturbance_cause or "").strip(),
    )
    visit.full_clean()
    visit.save()
    InspectionTask.objects.filter(pk__in=[t.pk for t in tasks]).update(visit=visit)
    VisitStatusChange.objects.create(visit=visit, from_status="", to_status=visit.status, action="schedule",
                                     actor=actor, actor_name=str(actor))
    audit(event="inspection.visit_scheduled", obj=visit, actor=actor, data={"tasks": [t.pk for t in tasks]})
    visit_officers_default(visits=[visit], actor=actor)
    return visit


@transaction.atomic
def visit_cancel(*, visit: Visit, actor, reason: str) -> Visit:
    """Cancel a visit before it starts: its codes are revoked and its tasks are free to be planned again."""
    require(can_act_on_visit(actor, visit) and actor.role != Role.OFFICER or actor.is_superuser,
            _("只有参加检查部门的工作人员或法治办可以取消检查"))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("取消检查必须填写原因")})
    tasks = list(visit.tasks.values_list("pk", flat=True))
    transition(obj=visit, table=VISIT_TRANSITIONS, action=VisitAction.CANCEL, history_model=VisitStatusChange,
               parent_field="visit", actor=actor, reason=reason.strip(), event="inspection.visit_cancelled",
               data={"tasks": tasks})
    visit.codes.filter(revoked_at__isnull=True).update(revoked_at=timezone.now(), revoke_reason=_("检查已取消"))
    if visit.invitation_id is None:
        InspectionTask.objects.filter(pk__in=tasks).update(visit=None)
    return visit


def current_code(visit: Visit) -> InspectionCode | None:
    return visit.codes.filter(revoked_at__isnull=True).order_by("-issued_at", "-pk").first()
