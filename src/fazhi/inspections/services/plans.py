"""Plans (检查计划) and tasks (检查任务): drafting, the legal office's review, tasks from draws."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.services import AuditItem, audit_record_many, diff, snapshot
from fazhi.core.inspection_workflow import PLAN_TRANSITIONS, PlanAction
from fazhi.enforcement.models import Officer
from fazhi.entities.models import MarketEntity
from fazhi.inspections.constants import PlanKind, PlanStatus, TaskSource
from fazhi.inspections.models import InspectionPlan, InspectionTask, PlanStatusChange, TaskOfficer

from ._common import audit, in_scope, require_legal_office, require_staff_of, transition

#: how many enterprises one filter line of a plan may expand to
FILTER_LIMIT = 5000

EDITABLE_PLAN_STATUSES = {PlanStatus.DRAFT, PlanStatus.RETURNED}


@transaction.atomic
def plan_create(
    *,
    organization,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    kind: str = PlanKind.ANNUAL,
    description: str = "",
    actor,
) -> InspectionPlan:
    require_staff_of(actor, organization)
    if not organization.has_enforcement_authority:
        raise ValidationError({"organization": _("%(org)s 不具有执法主体资格，不能制定检查计划") % {"org": organization}})
    plan = InspectionPlan(
        organization=organization,
        title=(title or "").strip(),
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        description=(description or "").strip(),
    )
    plan.full_clean()
    plan.save()
    PlanStatusChange.objects.create(
        plan=plan, from_status="", to_status=plan.status, action="create", actor=actor, actor_name=str(actor)
    )
    audit(event="inspection.plan_created", obj=plan, actor=actor)
    return plan


@transaction.atomic
def plan_submit(*, plan: InspectionPlan, actor) -> InspectionPlan:
    require_staff_of(actor, plan.organization)
    if not plan.tasks.filter(voided_at__isnull=True).exists():
        raise ValidationError({"tasks": _("计划没有检查任务，不能提交")})
    return transition(
        obj=plan, table=PLAN_TRANSITIONS, action=PlanAction.SUBMIT, history_model=PlanStatusChange,
        parent_field="plan", actor=actor, event="inspection.plan_submitted", extra={"submitted_at": timezone.now()},
    )


@transaction.atomic
def plan_approve(*, plan: InspectionPlan, actor, reason: str = "") -> InspectionPlan:
    """The legal office approves the plan; an approved plan is published on the public plans page."""
    require_legal_office(actor, plan.organization)
    return transition(
        obj=plan, table=PLAN_TRANSITIONS, action=PlanAction.APPROVE, history_model=PlanStatusChange,
        parent_field="plan", actor=actor, reason=reason, event="inspection.plan_approved",
        extra={"decided_at": timezone.now(), "decided_by": actor, "decision_reason": (reason or "").strip()},
    )


@transaction.atomic
def plan_return(*, plan: InspectionPlan, actor, reason: str) -> InspectionPlan:
    require_legal_office(actor, plan.organization)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("退回计划必须填写理由")})
    return transition(
        obj=plan, table=PLAN_TRANSITIONS, action=PlanAction.RETURN, history_model=PlanStatusChange,
        parent_field="plan", actor=actor, reason=reason.strip(), event="inspection.plan_returned",
        extra={"decided_at": timezone.now(), "decided_by": actor, "decision_reason": reason.strip()},
    )


@transaction.atomic
def plan_withdraw(*, plan: InspectionPlan, actor, reason: str) -> InspectionPlan:
    require_legal_office(actor, plan.organization)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("撤回计划必须填写理由")})
    if plan.tasks.filter(visit__status__in=["opened", "in_progress", "completed"]).exists():
        raise ValidationError({"status": _("计划中已有任务开始检查，不能撤回")})
    return transition(
        obj=plan, table=PLAN_TRANSITIONS, action=PlanAction.WITHDRAW, history_model=PlanStatusChange,
        parent_field="plan", actor=actor, reason=reason.strip(), event="inspection.plan_withdrawn",
    )


def distinct_officers(officers: Sequence[Officer] | None) -> list[Officer]:
    """``officers`` in the order given, each once."""
    out: dict[int, Officer] = {}
    for o in officers or ():
        out.setdefault(o.pk, o)
    return list(out.values())


def officer_problems(*, officers: Sequence[Officer], department) -> list[str]:
    """The rules pre-assigned officers break: each must be a live officer of ``department`` or a unit under it."""
    messages: list[str] = []
    for o in officers:
        if o.pk is None:
            messages.append(_("执法人员%(name)s 尚未登记，不能指派") % {"name": o.name})
        elif o.voided_at is not None:
            messages.append(_("执法人员%(name)s（%(org)s）已作废，不能指派") % {"name": o.name, "org": o.organization})
        elif not o.organization.path.startswith(department.path):
            messages.append(
                _(
                    "执法人员%(name)s（%(org)s）不属于检查部门%(dept)s或其下属机构，不能指派到其检查任务："
                    "检查人员须是实施检查的行政执法主体的执法人员（《中华人民共和国行政处罚法》第四十二条）"
                )
                % {"name": o.name, "org": o.organization, "dept": department}
            )
    return messages


def _task_problems(
    *, plan, entity, department, item, earliest, latest, officers_needed, source, approval_reference, invitation,
    entity_in_zone: bool = False, officers: Sequence[Officer] = (),
) -> dict[str, str | list[str]]:
    """Every rule a new task breaks, by field (empty: the task may be written)."""
    errors: dict[str, str | list[str]] = {}
    officer_errors = officer_problems(officers=officers, department=department)
    if officer_errors:
        errors["officers"] = officer_errors
    if earliest is None or latest is None:
        errors["earliest"] = _("必须填写检查窗口")
    elif latest < earliest:
        errors["latest"] = _("检查窗口的结束日期（%(latest)s）不能早于开始日期（%(earliest)s）") % {
            "latest": latest, "earliest": earliest}
    if officers_needed is None or officers_needed < 1:
        errors["officers_needed"] = _("需要人数至少为 1 人")
    if not department.has_enforcement_authority:
        errors["department"] = _("%(org)s 不具有执法主体资格，不能实施行政检查") % {"org": department}
    if item.organization_id != department.pk:
        errors["item"] = _("检查事项“%(item)s”不属于%(org)s") % {"item": item.name, "org": department}
    elif not item.is_published:
        errors["item"] = _("检查事项“%(item)s”未公布，不能列入计划（清单之外无检查）") % {"item": item.name}
    if entity.voided_at is not None or entity.status != "active":
        errors["entity"] = _("%(entity)s 不是存续的经营主体") % {"entity": entity}
    elif not entity_in_zone and not entity.organization.path.startswith(department.zone().path):
        errors["entity"] = _("%(entity)s 不在本区经营主体名录中") % {"entity": entity}
    if source == TaskSource.PLAN:
        if plan is None:
            errors["plan"] = _("计划任务必须属于一个检查计划")
        else:
            if plan.organization_id != department.pk:
                errors["plan"] = _("检查计划“%(plan)s”不属于%(org)s") % {"plan": plan, "org": department}
            elif plan.status not in EDITABLE_PLAN_STATUSES:
                errors["plan"] = _("检查计划“%(plan)s”已%(status)s，不能再添加任务") % {
                    "plan": plan, "status": plan.get_status_display()}
            if "latest" not in errors and earliest and latest and (
                earliest < plan.period_start or latest > plan.period_end
            ):
                errors["earliest"] = _("检查窗口须在计划期间（%(start)s 至 %(end)s）之内") % {
                    "start": plan.period_start, "end": plan.period_end}
    elif source in (TaskSource.RANDOM_DRAW, TaskSource.COMPLAINT):
        if not (approval_reference or "").strip():
            errors["approval_reference"] = (
                _("双随机抽查任务必须填写抽查批次号") if source == TaskSource.RANDOM_DRAW
                else _("投诉举报核查任务必须填写审批表编号")
            )
    elif source == TaskSource.INVITATION and invitation is None:
        errors["invitation"] = _("邀约检查任务必须关联企业邀约")
    return errors


def _new_task(
    *, plan, entity, department, item, earliest, latest, officers_needed, source, reason="",
    approval_reference="", no_disturbance_cause="", invitation=None, target_filter=None, entity_in_zone=False,
    officers: Sequence[Officer] = (),
) -> InspectionTask:
    errors = _task_problems(
        plan=plan, entity=entity, department=department, item=item, earliest=earliest, latest=latest,
        officers_needed=officers_needed, source=source, approval_reference=approval_reference, invitation=invitation,
        entity_in_zone=entity_in_zone, officers=officers,
    )
    if errors:
        raise ValidationError(errors)
    return InspectionTask(
        organization=department,
        plan=plan,
        source=source,
        entity=entity,
        item=item,
        earliest=earliest,
        latest=latest,
        officers_needed=officers_needed,
        reason=(reason or "").strip(),
        approval_reference=(approval_reference or "").strip(),
        no_disturbance_cause=(no_disturbance_cause or "").strip(),
        invitation=invitation,
        target_filter=target_filter or {},
    )


@transaction.atomic
def inspection_task_create(
    *,
    plan_or_none: InspectionPlan | None,
    entity: MarketEntity,
    department,
    item,
    earliest: dt.date,
    latest: dt.date,
    officers_needed: int,
    source: str,
    actor,
    reason: str = "",
    approval_reference: str = "",
    no_disturbance_cause: str = "",
    invitation=None,
    officers: Sequence[Officer] = (),
) -> InspectionTask:
    """One task for one enterprise; every rule is checked first and nothing is written when one fails.

    ``source`` is ``plan`` (``plan_or_none`` is the department's draft plan),
    ``random_draw`` (``approval_reference`` names the draw), ``complaint``
    (``approval_reference`` names the approval form) or ``invitation``.
    ``officers``: officers named for the task in advance (a random draw's pick),
    each an officer of ``department`` or a unit under it; they become the
    officers of the visit that carries the task (``visits.visit_officers_default``).
    """
    if actor is not None:
        require_staff_of(actor, department)
    officers = distinct_officers(officers)
    task = _new_task(
        plan=plan_or_none, entity=entity, department=department, item=item, earliest=earliest, latest=latest,
        officers_needed=officers_needed, source=source, reason=reason, approval_reference=approval_reference,
        no_disturbance_cause=no_disturbance_cause, invitation=invitation, officers=officers,
    )
    task.full_clean()
    task.save()
    TaskOfficer.objects.bulk_create(
        [TaskOfficer(task=task, officer=o, position=n) for n, o in enumerate(officers, start=1)]
    )
    data = {"source": source}
    if officers:
        data["officers"] = [o.pk for o in officers]
    audit(event="inspection.task_created", obj=task, actor=actor, data=data)
    return task


def task_create_from_draw(
    *, draw_reference: str, entity: MarketEntity, department, item, earliest: dt.date, latest: dt.date,
    actor, officers_needed: int = 2, reason: str = "", officers: Sequence[Officer] = (),
    no_disturbance_cause: str = "",
) -> InspectionTask:
    """A task for a target drawn by a random draw (双随机): ``draw_reference`` names the draw, ``officers``
    are the officers the draw picked for it (refused, nothing written, when one is not the department's)."""
    return inspection_task_create(
        plan_or_none=None, entity=entity, department=department, item=item, earliest=earliest, latest=latest,
        officers_needed=officers_needed, source=TaskSource.RANDOM_DRAW, actor=actor,
        reason=reason or _("双随机抽查"), approval_reference=draw_reference, officers=officers,
        no_disturbance_cause=no_disturbance_cause,
    )


@dataclass(frozen=True)
class EntityFilter:
    """A filter of enterprises a plan line targets (one task per matching enterprise)."""

    street_id: int | None = None
    industry_prefix: str = ""
    credit_classes: tuple[str, ...] = ()
    entity_types: tuple[str, ...] = ()
    no_disturbance: bool | None = None
    limit: int | None = None
    exclude_ids: tuple[int, ...] = field(default=())

    def as_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "", ())}


def entities_matching(*, department, flt: EntityFilter):
    qs = MarketEntity.objects.filter(
        organization__path__startswith=department.zone().path, voided_at__isnull=True, status="active"
    )
    if flt.street_id:
        qs = qs.filter(street_id=flt.street_id)
    if flt.industry_prefix:
        qs = qs.filter(industry_code__startswith=flt.industry_prefix)
    if flt.credit_classes:
        qs = qs.filter(credit_risk_class__in=flt.credit_classes)
    if flt.entity_types:
        qs = qs.filter(entity_type__in=flt.entity_types)
    if flt.no_disturbance is not None:
        qs = qs.filter(no_disturbance=flt.no_disturbance)
    if flt.exclude_ids:
        qs = qs.exclude(pk__in=flt.exclude_ids)
    return qs.order_by("uscc")


@transaction.atomic
def plan_tasks_from_filter(
    *, plan: InspectionPlan, item, flt: EntityFilter, earliest: dt.date, latest: dt.date,
    officers_needed: int, reason: str, actor,
) -> list[InspectionTask]:
    """Expand a plan line targeting a filter of enterprises into one task per enterprise."""
    require_staff_of(actor, plan.organization)
    entities = list(entities_matching(department=plan.organization, flt=flt)[: (flt.limit or FILTER_LIMIT) + 1])
    if not entities:
        raise ValidationError({"target_filter": _("没有符合筛选条件的经营主体")})
    if len(entities) > (flt.limit or FILTER_LIMIT):
        raise ValidationError({"target_filter": _("符合条件的经营主体超过 %(n)s 户，请缩小范围或设定数量上限") % {"n": FILTER_LIMIT}})
    tasks = [
        _new_task(
            plan=plan, entity=e, department=plan.organization, item=item, earliest=earliest, latest=latest,
            officers_needed=officers_needed, source=TaskSource.PLAN, reason=reason, target_filter=flt.as_json(),
            entity_in_zone=True,
        )
        for e in entities
    ]
    tasks = InspectionTask.objects.bulk_create(tasks, batch_size=2000)
    audit_record_many(
        items=[AuditItem("inspection.task_created", t, diff({}, snapshot(t)), {"source": "plan", "filter": True}) for t in tasks],
        actor=actor,
    )
    return tasks


@transaction.atomic
def inspection_task_void(*, task: InspectionTask, actor, reason: str) -> InspectionTask:
    """Void a task not yet carried out; it leaves its proposed or scheduled visit."""
    require_staff_of(actor, task.organization)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("作废任务必须填写原因")})
    if task.voided_at is not None:
        raise ValidationError({"voided_at": _("该任务已作废")})
    if task.visit_id and task.visit.status not in ("proposed", "scheduled", "cancelled"):
        raise ValidationError({"visit": _("任务所在的入企检查已开始，不能作废")})
    if task.plan_id and task.plan.status == PlanStatus.APPROVED and not in_scope(actor, task.plan.organization):
        raise PermissionDenied
    before = snapshot(task)
    task.voided_at = timezone.now()
    task.voided_by = actor
    task.void_reason = reason.strip()[:500]
    task.visit = None
    task.save()
    audit(event="inspection.task_voided", obj=task, actor=actor, before=before)
    return task
