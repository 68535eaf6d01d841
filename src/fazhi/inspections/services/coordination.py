"""Coordination runs (统筹 / 综合查一次): run the engine, adjust by hand, issue or discard.

The engine is ``fazhi.core.coordination`` (pure Python + NumPy): this module
turns the approved tasks of a period into its ``Task`` values, calls
``plan_visits``, and stores the result as proposed visits plus what the
engine reported (figures, lower bound with certificate, late tasks with their
witness, per-enterprise explanations). ``materialise_plan`` is shared with the
demo generator so that the demo's run is stored exactly as a real one.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.services import AuditItem, audit_record_many, diff, snapshot
from fazhi.config.selectors import work_calendar
from fazhi.core.calendar import CalendarYearUnknown, WorkCalendar
from fazhi.core.coordination import (
    Capacity,
    CoordinationInputError,
    Plan,
    Task,
    explain,
    plan_visits,
)
from fazhi.core.inspection_workflow import RUN_TRANSITIONS, RunAction
from fazhi.enforcement.models import EnforcementCertificate
from fazhi.inspections.constants import (
    MAX_EVOLVE_SECONDS,
    PlanStatus,
    RunStatus,
    TaskSource,
    VisitStatus,
)
from fazhi.inspections.models import (
    CoordinationRun,
    InspectionTask,
    RunAdjustment,
    RunStatusChange,
    Visit,
    VisitStatusChange,
)
from fazhi.organizations.models import Organization

from ._common import audit, require_legal_office, transition
from .visits import visit_officers_default

#: share of a department's certified officers available for planned inspections on a working day
DEFAULT_CAPACITY_SHARE = 0.5
MIN_DEFAULT_CAPACITY = 2


def coordinable_tasks(*, zone_path: str, period_start: dt.date, period_end: dt.date):
    """Approved tasks of the zone whose windows lie in the period and that no visit carries yet.

    Approved: the plan is approved, or the task comes from a random draw or a
    complaint with its approval reference. Invitation tasks get their visit
    when the invitation is accepted and are never coordinated again.
    """
    return (
        InspectionTask.objects.filter(
            organization__path__startswith=zone_path,
            voided_at__isnull=True,
            visit__isnull=True,
            earliest__gte=period_start,
            latest__lte=period_end,
        )
        .filter(
            Q(source=TaskSource.PLAN, plan__status=PlanStatus.APPROVED, plan__voided_at__isnull=True)
            | (Q(source__in=[TaskSource.RANDOM_DRAW, TaskSource.COMPLAINT]) & ~Q(approval_reference=""))
        )
        .select_related("entity", "organization")
        .order_by("pk")
    )


def default_capacity(*, departments: Iterable[Organization], day: dt.date) -> dict[int, int]:
    """Officers per working day by department: half its certified officers on ``day``, at least two."""
    ids = [d.pk for d in departments]
    counts = Counter(
        EnforcementCertificate.objects.filter(
            organization_id__in=ids,
            status="valid",
            valid_from__lte=day,
            valid_until__gte=day,
            voided_at__isnull=True,
        ).values_list("organization_id", flat=True)
    )
    return {pk: max(MIN_DEFAULT_CAPACITY, int(counts.get(pk, 0) * DEFAULT_CAPACITY_SHARE)) for pk in ids}


def department_key(org: Organization) -> str:
    """The department's name as the engine (and its explanations) sees it."""
    return org.short_name or org.name


def task_key(task: InspectionTask) -> str:
    return f"T{task.pk}"


@dataclass(frozen=True)
class EngineRun:
    plan: Plan
    tasks: dict[str, InspectionTask]
    departments: dict[str, Organization]


def engine_plan(
    *,
    tasks: Sequence[InspectionTask],
    capacity: Mapping[int, int],
    calendar: WorkCalendar | None = None,
    evolve_seconds: float = 0,
) -> EngineRun:
    """Run ``plan_visits`` over ``tasks`` with ``capacity`` (department id → officers per working day);
    ``evolve_seconds``: extra time for the engine's population search (step 8, small departments)."""
    departments: dict[str, Organization] = {}
    for t in tasks:
        key = department_key(t.organization)
        other = departments.setdefault(key, t.organization)
        if other.pk != t.organization_id:
            raise ValidationError({"tasks": _("两个部门的简称相同：%(name)s") % {"name": key}})
    engine_tasks = [
        Task(
            task_id=task_key(t),
            uscc=t.entity.uscc,
            department=department_key(t.organization),
            earliest=t.earliest,
            latest=t.latest,
            officers=t.officers_needed,
        )
        for t in tasks
    ]
    cap = Capacity(default={key: int(capacity.get(org.pk, 0)) for key, org in departments.items()})
    try:
        # workers=1: never fork inside a web server's (possibly threaded) process
        plan = plan_visits(
            engine_tasks, cap, calendar=calendar or work_calendar(), workers=1, evolve_seconds=evolve_seconds
        )
    except (CoordinationInputError, CalendarYearUnknown) as exc:
        raise ValidationError({"tasks": _("统筹引擎拒绝了输入：%(error)s") % {"error": exc}}) from None
    return EngineRun(plan, {task_key(t): t for t in tasks}, departments)


def lead_department(tasks: Sequence[InspectionTask]) -> int:
    """The department leading a visit: most tasks, then most officers, then first in the tree."""
    count: Counter[int] = Counter()
    officers: Counter[int] = Counter()
    path: dict[int, str] = {}
    for t in tasks:
        count[t.organization_id] += 1
        officers[t.organization_id] += t.officers_needed
        path[t.organization_id] = t.organization.path
    return min(count, key=lambda k: (-count[k], -officers[k], path[k]))


def materialise_plan(
    *, run: CoordinationRun, engine: EngineRun, actor, status: str = VisitStatus.PROPOSED, audit_data=None
) -> list[Visit]:
    """Store the engine's visits for ``run`` and what it reported; tasks point at their visits. Caller holds a transaction."""
    plan = engine.plan
    summary = plan.summary()
    run.tasks_count = plan.task_count
    run.visits_count = plan.visit_count
    run.joint_visits = plan.joint_visits
    run.disturbances_avoided = plan.disturbances_avoided
    run.lower_bound = plan.lower_bound.value
    run.certificate = [[tid, uscc, a.isoformat(), b.isoformat()] for tid, uscc, a, b in plan.lower_bound.certificate]
    run.late = summary["late"]
    run.witnesses = summary["witnesses"]
    run.stats = {**summary["stats"], "capacity_lower_bound": summary["capacity_lower_bound"]}
    multi = {u for u, n in Counter(engine.tasks[k].entity.uscc for k in engine.tasks).items() if n >= 2}
    run.explanations = {uscc: explain(plan, uscc) for uscc in sorted(multi)}
    run.save()
    visits: list[Visit] = []
    carried: list[list[InspectionTask]] = []
    for v in plan.visits:
        tasks = [engine.tasks[tid] for tid in v.task_ids]
        visits.append(
            Visit(
                organization_id=lead_department(tasks),
                entity=tasks[0].entity,
                run=run,
                window_start=v.date,
                window_end=v.date,
                status=status,
            )
        )
        carried.append(tasks)
    visits = Visit.objects.bulk_create(visits, batch_size=2000)
    changed: list[InspectionTask] = []
    for visit, tasks in zip(visits, carried, strict=True):
        for t in tasks:
            t.visit = visit
            changed.append(t)
    InspectionTask.objects.bulk_update(changed, ["visit"], batch_size=2000)
    VisitStatusChange.objects.bulk_create(
        [
            VisitStatusChange(visit=v, from_status="", to_status=status, action="propose", actor=actor if actor and actor.pk else None,
                              actor_name=str(actor) if actor else "system", reason=str(run))
            for v in visits
        ],
        batch_size=2000,
    )
    audit_record_many(
        items=[
            AuditItem("inspection.visit_proposed", v, diff({}, snapshot(v)),
                      {"run": run.pk, "tasks": [t.pk for t in tasks], **(audit_data or {})})
            for v, tasks in zip(visits, carried, strict=True)
        ],
        actor=actor,
    )
    if status == VisitStatus.SCHEDULED:
        visit_officers_default(visits=visits, actor=actor, audit_data=audit_data)
    return visits


def coordination_run_create(
    *,
    organization: Organization,
    period_start: dt.date,
    period_end: dt.date,
    actor,
    title: str = "",
    capacity: Mapping[int, int] | None = None,
    evolve_seconds: int = 0,
) -> CoordinationRun:
    """Run the engine over the approved tasks of the period and store its proposal for review.

    ``evolve_seconds`` (0 to ``MAX_EVOLVE_SECONDS``): extra time the engine may
    spend on fewer visits where departments are small (step 8, 种群进化).
    The engine runs outside the transaction (with that extra time it may take
    a minute, and the database must not stay locked for other writers); the
    proposal is stored only if the tasks it planned are still the period's
    coordinable tasks, unchanged."""
    require_legal_office(actor, organization)
    if period_end < period_start:
        raise ValidationError({"period_end": _("统筹期间的结束日期不能早于开始日期")})
    if not 0 <= evolve_seconds <= MAX_EVOLVE_SECONDS:
        raise ValidationError(
            {"evolve_seconds": _("深度优化时间须在 0 到 %(max)s 秒之间") % {"max": MAX_EVOLVE_SECONDS}}
        )
    zone = organization.zone()
    tasks = list(coordinable_tasks(zone_path=zone.path, period_start=period_start, period_end=period_end))
    if not tasks:
        raise ValidationError({"period_start": _("该期间没有已批准且尚未安排的检查任务")})
    departments = {t.organization_id: t.organization for t in tasks}
    cap = default_capacity(departments=departments.values(), day=period_start)
    for pk, n in (capacity or {}).items():
        if int(n) < 0:
            raise ValidationError({"capacity": _("每日可派人数不能为负数")})
        cap[int(pk)] = int(n)
    engine = engine_plan(tasks=tasks, capacity=cap, evolve_seconds=evolve_seconds)
    with transaction.atomic():
        # locked until the proposal is stored (PostgreSQL; SQLite's write transaction already excludes writers)
        current = coordinable_tasks(zone_path=zone.path, period_start=period_start, period_end=period_end)
        if _task_fingerprints(current.select_for_update(of=("self",))) != _task_fingerprints(tasks):
            raise ValidationError({"period_start": _("统筹运行期间该期间的任务有变动，请重新运行")})
        run = CoordinationRun(
            organization=organization,
            title=(title or "").strip() or _("%(start)s 至 %(end)s 统筹") % {"start": period_start, "end": period_end},
            period_start=period_start,
            period_end=period_end,
            capacity={str(k): v for k, v in cap.items()},
        )
        run.full_clean()
        run.save()
        RunStatusChange.objects.create(run=run, from_status="", to_status=run.status, action="create", actor=actor, actor_name=str(actor))
        materialise_plan(run=run, engine=engine, actor=actor)
        audit(event="inspection.run_created", obj=run, actor=actor,
              data={"tasks": run.tasks_count, "visits": run.visits_count, "lower_bound": run.lower_bound,
                    "capacity_lower_bound": run.capacity_lower_bound, "evolve_seconds": evolve_seconds})
    return run


def _task_fingerprints(tasks: Iterable[InspectionTask]) -> set[tuple]:
    """What the engine read of each task: a change to any of it makes a stored proposal stale."""
    return {(t.pk, t.entity_id, t.organization_id, t.earliest, t.latest, t.officers_needed) for t in tasks}


def _refresh_lead(visit: Visit) -> None:
    tasks = list(visit.tasks.filter(voided_at__isnull=True).select_related("organization"))
    if tasks:
        lead = lead_department(tasks)
        if lead != visit.organization_id:
            visit.organization_id = lead
            visit.save(update_fields=["organization", "updated_at"])


@transaction.atomic
def coordination_run_adjust(*, run: CoordinationRun, task: InspectionTask, to_day: dt.date, reason: str, actor) -> Visit:
    """Move one task of a proposed run to another day (joining that day's visit of the enterprise, if any)."""
    require_legal_office(actor, run.organization)
    if run.status != RunStatus.PROPOSED:
        raise ValidationError({"status": _("统筹结果已%(status)s，不能再调整") % {"status": run.get_status_display()}})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("调整统筹结果必须填写理由")})
    task = InspectionTask.objects.select_related("visit").get(pk=task.pk)
    source = task.visit
    if source is None or source.run_id != run.pk:
        raise ValidationError({"task": _("该任务不在本次统筹结果中")})
    if not task.earliest <= to_day <= task.latest:
        raise ValidationError({"to_day": _("新日期须在任务的检查窗口（%(a)s 至 %(b)s）之内") % {"a": task.earliest, "b": task.latest}})
    if not work_calendar().is_working_day(to_day):
        raise ValidationError({"to_day": _("%(day)s 不是工作日") % {"day": to_day}})
    if source.window_start == to_day:
        raise ValidationError({"to_day": _("任务已安排在该日")})
    target = run.visits.filter(entity_id=task.entity_id, window_start=to_day, voided_at__isnull=True).first()
    if target is None:
        target = Visit.objects.create(
            organization_id=task.organization_id, entity_id=task.entity_id, run=run,
            window_start=to_day, window_end=to_day, status=VisitStatus.PROPOSED,
        )
        audit(event="inspection.visit_proposed", obj=target, actor=actor, data={"run": run.pk, "adjustment": True})
    before = snapshot(task)
    task.visit = target
    task.save(update_fields=["visit", "updated_at"])
    audit(event="inspection.task_moved", obj=task, actor=actor, before=before, data={"reason": reason.strip()})
    if not source.tasks.filter(voided_at__isnull=True).exists():
        vb = snapshot(source)
        source.voided_at = timezone.now()
        source.voided_by = actor
        source.void_reason = _("统筹调整后无任务")
        source.status = VisitStatus.CANCELLED
        source.save()
        audit(event="inspection.visit_voided", obj=source, actor=actor, before=vb)
    else:
        _refresh_lead(source)
    _refresh_lead(target)
    adj = RunAdjustment.objects.create(
        run=run, task=task, from_day=source.window_start, to_day=to_day, reason=reason.strip(), actor=actor, actor_name=str(actor)
    )
    audit(event="inspection.run_adjusted", obj=run, actor=actor,
          data={"task": task.pk, "from": source.window_start, "to": to_day, "reason": adj.reason})
    return target


def _bulk_visit_status(visits: list[Visit], *, to_status: str, action: str, actor, reason: str, event: str) -> None:
    now = timezone.now()
    history = []
    items = []
    for v in visits:
        before = {"status": v.status}
        history.append(VisitStatusChange(visit=v, from_status=v.status, to_status=to_status, action=action, reason=reason,
                                          actor=actor, actor_name=str(actor), occurred_at=now))
        v.status = to_status
        items.append(AuditItem(event, v, diff(before, {"status": to_status}), {"reason": reason} if reason else None))
    Visit.objects.bulk_update(visits, ["status"], batch_size=2000)
    VisitStatusChange.objects.bulk_create(history, batch_size=2000)
    audit_record_many(items=items, actor=actor)


@transaction.atomic
def coordination_run_issue(*, run: CoordinationRun, actor) -> CoordinationRun:
    """Issue the reviewed result to the departments: its visits are scheduled."""
    require_legal_office(actor, run.organization)
    visits = list(run.visits.filter(voided_at__isnull=True, status=VisitStatus.PROPOSED))
    transition(obj=run, table=RUN_TRANSITIONS, action=RunAction.ISSUE, history_model=RunStatusChange, parent_field="run",
               actor=actor, event="inspection.run_issued", extra={"issued_at": timezone.now(), "issued_by": actor},
               data={"visits": len(visits)})
    _bulk_visit_status(visits, to_status=VisitStatus.SCHEDULED, action="issue", actor=actor, reason="",
                       event="inspection.visit_scheduled")
    visit_officers_default(visits=visits, actor=actor)
    return run


@transaction.atomic
def coordination_run_discard(*, run: CoordinationRun, actor, reason: str) -> CoordinationRun:
    """Discard a proposal: its visits are cancelled and its tasks are free for another run."""
    require_legal_office(actor, run.organization)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("废弃统筹结果必须填写理由")})
    transition(obj=run, table=RUN_TRANSITIONS, action=RunAction.DISCARD, history_model=RunStatusChange, parent_field="run",
               actor=actor, reason=reason.strip(), event="inspection.run_discarded")
    visits = list(run.visits.filter(voided_at__isnull=True, status=VisitStatus.PROPOSED))
    InspectionTask.objects.filter(visit__in=visits).update(visit=None)
    _bulk_visit_status(visits, to_status=VisitStatus.CANCELLED, action="cancel", actor=actor, reason=reason.strip(),
                       event="inspection.visit_cancelled")
    return run


def explanation_for(run: CoordinationRun, uscc: str) -> list[str]:
    """The engine's explanation for one enterprise of the run (a single task needs none)."""
    lines = run.explanations.get(uscc)
    if lines:
        return list(lines)
    return [_("企业 %(uscc)s 在本次统筹中只有一项任务，单独安排一次入企。") % {"uscc": uscc}]

