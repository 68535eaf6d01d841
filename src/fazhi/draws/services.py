"""Writes of the draws app (STYLE R5): prepare, commit, run, create tasks, cancel.

Each service checks the actor's role and scope on the server, validates every
rule before writing (a refused call writes nothing), appends a
``DrawStatusChange`` and an audit entry in the same transaction. The draw
itself is the pure core's (``fazhi.core.draw`` through
``fazhi.core.draw_snapshot``); the transitions are ``fazhi.core.draw_workflow``.

* ``draw_prepare``: a draft (not public) with its population filter, ratios,
  ``per_visit``, dates, item and recusal pairs; the live inputs are checked
  (non-empty population and pool, every drawable entity staffable).
* ``draw_commit``: the inputs are read from the registers once more and frozen,
  the seed is generated (``secrets.token_bytes(32)``, as 64 hex characters) and
  kept secret; the commitment, the input hashes and the commitment time are
  published. The audit entry carries the hashes, never the seed.
* ``draw_run``: the frozen inputs are checked against the published hash, the
  draw runs, the targets are stored, the seed is revealed, and each target
  becomes an inspection task through ``fazhi.inspections.services`` carrying the
  officers drawn for it (guarded: without it the draw is ``tasks_pending``).
  The audit entry carries the seed, the input hash and the hash of the result
  (STYLE R9: the draw can be replayed).
* ``draw_tasks_create``: tasks for a ``tasks_pending`` draw.
* ``draw_cancel``: a draft or committed draw, with a reason; a committed one
  reveals its seed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.constants import Role
from fazhi.audit.services import audit_record, diff, snapshot
from fazhi.core.calendar import CalendarYearUnknown
from fazhi.core.draw import DrawImpossible, DrawInputError, canonical_ratio, commit
from fazhi.core.draw_snapshot import DrawInputs, decode, draw_csv, encode, pairs_hash
from fazhi.core.draw_workflow import DrawAction, InvalidTransition, next_status
from fazhi.core.legaltime import compute_deadline, load_rules, rules_with
from fazhi.enforcement.models import Officer
from fazhi.entities.constants import EntityType
from fazhi.entities.models import MarketEntity
from fazhi.organizations.constants import OrganizationKind
from fazhi.organizations.models import Organization

from .constants import (
    MAX_PER_VISIT,
    MIN_PER_VISIT,
    RESULT_PUBLICATION_RULE,
    RISK_CLASSES,
    DrawStatus,
)
from .inputs import LiveInputs, PopulationFilter, inputs_for, officer_key
from .models import DrawRecusal, DrawStatusChange, DrawTarget, RandomDraw

__all__ = [
    "RecusalSpec",
    "draw_cancel",
    "draw_commit",
    "draw_prepare",
    "draw_run",
    "draw_tasks_create",
]

#: fields never copied into the audit log: the snapshot (bytes; its hash is audited) and the
#: seed (secret until revealed; the run's audit entry carries it once it is public)
UNAUDITED_FIELDS = frozenset({"inputs_blob", "seed"})

_INDUSTRY = re.compile(r"[A-T](\d{1,4})?")

#: the inspections service the run calls (guarded import; see ``_task_service``)
TASK_SERVICE = "fazhi.inspections.services.inspection_task_create"


@dataclass(frozen=True)
class RecusalSpec:
    """A recusal pair (回避) as entered: the officer does not go to the enterprise, and why."""

    officer: Officer
    entity: MarketEntity
    reason: str


# --- checks ------------------------------------------------------------------------------------


def can_prepare(user, organization: Organization | None = None) -> bool:
    """Department staff (or the legal office) whose scope holds ``organization``."""
    if user is None or not user.is_authenticated:
        return False
    if not (user.is_superuser or user.role in (Role.DEPARTMENT_STAFF, Role.LEGAL_OFFICE)):
        return False
    if organization is None or user.is_superuser:
        return True
    return Organization.objects.visible_to(user).filter(pk=organization.pk).exists()


def _require_staff(actor, organization: Organization) -> None:
    if actor is None or not actor.is_authenticated or not (
        actor.is_superuser or actor.role in (Role.DEPARTMENT_STAFF, Role.LEGAL_OFFICE)
    ):
        raise PermissionDenied(_("只有部门工作人员或法治办可以准备和执行双随机抽查"))
    if not can_prepare(actor, organization):
        raise PermissionDenied(_("%(org)s 不在您的管辖范围内，不能为其准备或执行双随机抽查") % {"org": organization})


def _locked(draw: RandomDraw) -> RandomDraw:
    """The draw re-read under a row lock: two concurrent transitions of one draw run one after the other,
    and the second sees the first's status (so a published commitment is never replaced)."""
    return RandomDraw.objects.select_for_update().select_related("organization", "item").get(pk=draw.pk)


def _allowed(draw: RandomDraw, action: str) -> str:
    try:
        return next_status(draw.status, action)
    except InvalidTransition as exc:
        raise ValidationError({"status": str(exc)}) from None


@lru_cache(maxsize=1)
def _rules():
    return rules_with(load_rules())


def _work_calendar():
    from fazhi.config.selectors import work_calendar

    return work_calendar()


def results_due(window_end: dt.date, *, calendar=None) -> dt.date | None:
    """The last day to publish the inspections' results: the configurable rule
    ``inspection.result_publication`` (20 working days after the window ends; LEGAL.md §6 ❌, unverified)
    counted by the legal-time engine. Raises ``CalendarYearUnknown`` when the calendar lacks a year."""
    calendar = calendar or _work_calendar()
    return compute_deadline(RESULT_PUBLICATION_RULE, window_end, calendar=calendar, rules=_rules()).deadline


def canonical_ratios(ratios: Mapping[str, object]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The ratios as canonical decimal text per class A–D, and the rules they break."""
    errors: list[str] = []
    out: dict[str, str] = {}
    for c in sorted(set(ratios) - set(RISK_CLASSES)):
        errors.append(_("没有“%(c)s”这一信用风险类别（只有 A、B、C、D 四类）") % {"c": c})
    for c in RISK_CLASSES:
        value = ratios.get(c)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors.append(_("必须填写 %(c)s 类的抽查比例（0 到 1 之间的小数）") % {"c": c})
            continue
        try:
            d, text = canonical_ratio(value if not isinstance(value, str) else value.strip(), c)
        except DrawInputError:
            try:
                number = Decimal(str(value).strip())
            except ArithmeticError:
                number = None
            if number is not None and number.is_finite():
                errors.append(
                    _("%(c)s 类的抽查比例须在 0 到 1 之间（填写的是 %(v)s；1 即全部抽查）") % {"c": c, "v": value}
                )
            else:
                errors.append(_("%(c)s 类的抽查比例不是数字：%(v)s") % {"c": c, "v": value})
            continue
        out[c] = text
    if len(out) == len(RISK_CLASSES):
        if all(Decimal(v) == 0 for v in out.values()):
            errors.append(_("至少一个类别的抽查比例须大于 0"))
        for lower, higher in zip(RISK_CLASSES, RISK_CLASSES[1:], strict=False):
            if Decimal(out[lower]) > Decimal(out[higher]):
                errors.append(
                    _(
                        "抽查比例须随信用风险升高而不降低：%(a)s 类 %(ra)s 高于 %(b)s 类 %(rb)s"
                        "（《浙江省综合行政执法条例》第二十一条：对风险高的加大抽查力度，对风险较低的适当减少抽查）"
                    )
                    % {"a": lower, "ra": out[lower], "b": higher, "rb": out[higher]}
                )
    return out, ({"ratios": errors} if errors else {})


def _date_problems(
    *, draw_date: dt.date, window_start: dt.date, window_end: dt.date, today: dt.date
) -> tuple[dict[str, str], dt.date | None]:
    """The date rules a draw breaks, and the results' publication deadline when it can be computed."""
    errors: dict[str, str] = {}
    calendar = _work_calendar()
    if draw_date < today:
        errors["draw_date"] = _("抽取日期 %(d)s 早于今天（%(t)s）：种子承诺须在抽取之前公布") % {"d": draw_date, "t": today}
    elif not calendar.covers(draw_date):
        errors["draw_date"] = _(
            "没有 %(y)s 年的工作日历（国务院放假安排通知），不能为 %(d)s 准备抽取：请管理员先录入该年度的放假通知"
        ) % {"y": draw_date.year, "d": draw_date}
    if window_start < draw_date:
        errors["window_start"] = _("检查期间（自 %(s)s）不能早于抽取日期 %(d)s") % {"s": window_start, "d": draw_date}
    if window_end < window_start:
        errors["window_end"] = _("检查期间的结束日期 %(e)s 不能早于开始日期 %(s)s") % {"e": window_end, "s": window_start}
    due = None
    if "window_end" not in errors:
        try:
            due = results_due(window_end, calendar=calendar)
        except CalendarYearUnknown as exc:
            errors.setdefault(
                "window_end",
                _(
                    "没有 %(y)s 年的工作日历（国务院放假安排通知），不能计算检查期间（至 %(e)s）之后的"
                    "结果公示期限：请管理员先录入该年度的放假通知"
                )
                % {"y": exc.year, "e": window_end},
            )
    return errors, due


def _filter_problems(*, organization: Organization, flt: PopulationFilter, cause: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if flt.street_id and not Organization.objects.filter(
        pk=flt.street_id, kind=OrganizationKind.STREET, path__startswith=organization.zone().path, voided_at__isnull=True
    ).exists():
        errors["street"] = _("所选街道不在本区")
    if flt.industry_prefix and not _INDUSTRY.fullmatch(flt.industry_prefix):
        errors["industry_prefix"] = _(
            "行业代码前缀应为 GB/T 4754-2017 门类字母加 0–4 位数字，例如 H 或 H62（填写的是 %(v)s）"
        ) % {"v": flt.industry_prefix}
    unknown = sorted(set(flt.entity_types) - set(EntityType.values))
    if unknown:
        errors["entity_types"] = _("未知的主体类型：%(v)s") % {"v": "、".join(unknown)}
    unknown = sorted(set(flt.risk_classes) - set(RISK_CLASSES))
    if unknown:
        errors["risk_classes"] = _("未知的信用风险类别：%(v)s") % {"v": "、".join(unknown)}
    if flt.include_no_disturbance and not cause.strip():
        errors["no_disturbance_cause"] = _(
            "纳入“无事不扰”名单上的企业须写明抽查事项要求检查它们的依据（国发〔2019〕5号：对守法者“无事不扰”）"
        )
    return errors


def _recusal_problems(recusals: Iterable[RecusalSpec], organization: Organization) -> dict[str, str]:
    messages: list[str] = []
    zone = organization.zone().path
    seen: set[tuple[int, int]] = set()
    for r in recusals:
        if r.officer.voided_at is not None:
            messages.append(_("执法人员 %(o)s 已作废") % {"o": r.officer})
        if r.entity.voided_at is not None or not r.entity.organization.path.startswith(zone):
            messages.append(_("%(e)s 不在本区经营主体名录中") % {"e": r.entity})
        if not (r.reason or "").strip():
            messages.append(_("%(o)s 与 %(e)s 的回避须写明理由（利害关系）") % {"o": r.officer, "e": r.entity})
        key = (r.officer.pk, r.entity.pk)
        if key in seen:
            messages.append(_("%(o)s 与 %(e)s 的回避重复填写") % {"o": r.officer, "e": r.entity})
        seen.add(key)
    return {"recusals": "；".join(messages)} if messages else {}


def shortfall_message(inputs: DrawInputs) -> str | None:
    """The refusal naming the entity that could not be staffed and the rule, or None when every
    drawable entity has ``per_visit`` eligible officers."""
    s = inputs.shortfall()
    if s is None:
        return None
    rules = []
    if s.pool < s.per_visit:
        rules.append(_("每组须有 %(q)s 名持抽取日有效执法证的本机构执法人员") % {"q": s.per_visit})
    if s.recused:
        rules.append(_("回避（检查人员与检查对象有利害关系的应当回避）"))
    if s.previous:
        rules.append(_("同一执法人员不得连续两次检查同一企业（上次抽取的配对）"))
    return _(
        "抽取不可能：%(name)s（%(uscc)s，%(c)s类）可能被抽中，但合格的执法人员只有 %(eligible)s 名，"
        "每组需要 %(q)s 名：持 %(day)s 有效的%(org)s执法证的 %(pool)s 人中，%(r)s 人须回避，"
        "%(h)s 人上次抽取刚去过该企业。规则：%(rules)s。请增加持证人员、减少每组人数或调整筛选条件；未写入任何记录。"
    ) % {
        "name": s.name, "uscc": s.uscc, "c": s.risk_class, "eligible": s.eligible, "q": s.per_visit,
        "day": inputs.draw_date, "org": inputs.organization, "pool": s.pool, "r": s.recused, "h": s.previous,
        "rules": "；".join(rules),
    }


def live_problems(inputs: DrawInputs) -> dict[str, str]:
    """The rules the inputs as read from the registers break: population, pool, feasibility."""
    if not inputs.population:
        return {"population_filter": _(
            "没有符合筛选条件的经营主体（须在抽取日存续、未作废；“无事不扰”名单上的企业不在其中），不能抽取"
        )}
    if not inputs.pool_ids():
        return {"organization": _(
            "执法人员池为空：没有人持 %(day)s 有效的%(org)s执法证，不能抽取"
        ) % {"day": inputs.draw_date, "org": inputs.organization}}
    message = shortfall_message(inputs)
    return {NON_FIELD_ERRORS: message} if message else {}


# --- writing helpers ---------------------------------------------------------------------------


def _state(draw: RandomDraw) -> dict[str, Any]:
    return {k: v for k, v in snapshot(draw).items() if k not in UNAUDITED_FIELDS}


def _record(draw: RandomDraw, *, previous: str, action: str, actor, at: dt.datetime, reason: str = "") -> None:
    DrawStatusChange.objects.create(
        draw=draw,
        from_status=previous,
        to_status=draw.status,
        action=action,
        reason=reason,
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        actor_name=str(actor) if actor is not None else "system",
        occurred_at=at,
    )


def _audit(event: str, draw: RandomDraw, *, actor, before: dict[str, Any] | None, data: Mapping[str, Any]) -> None:
    audit_record(
        event=event,
        obj=draw,
        actor=actor if actor is not None and getattr(actor, "pk", None) else None,
        changes=diff(before or {}, _state(draw)),
        data=data,
    )


def _next_reference(draw: RandomDraw) -> str:
    """抽查批次号: ``<部门简称>双随机〔<年>〕<n>号``, n counting the organization's committed draws of the year."""
    org = draw.organization
    year = draw.draw_date.year
    n = (
        RandomDraw.objects.filter(organization=org, draw_date__year=year)
        .exclude(reference="")
        .count()
        + 1
    )
    prefix = org.short_name or org.name
    while True:
        ref = f"{prefix}双随机〔{year}〕{n}号"
        if not RandomDraw.objects.filter(reference=ref).exists():
            return ref
        n += 1


def _live_inputs(draw: RandomDraw) -> LiveInputs:
    recusals = [(officer_key(r.officer_id), r.entity.uscc) for r in draw.recusals.select_related("entity")]
    return inputs_for(
        organization=draw.organization,
        draw_date=draw.draw_date,
        per_visit=draw.per_visit,
        ratios=draw.ratios,
        flt=PopulationFilter.from_json(draw.population_filter),
        recusals=recusals,
        exclude_draw_pk=draw.pk,
    )


def _task_service():
    """``inspection_task_create`` of the inspections module, or None while it does not exist (guarded)."""
    try:
        from fazhi.inspections.services import inspection_task_create
    except ImportError:
        return None
    return inspection_task_create


def _create_tasks(draw: RandomDraw, targets: list[DrawTarget], service, actor) -> tuple[int, int]:
    """One inspection task per target without one; a refused task leaves its rule on the target.

    Returns (tasks created, targets refused). Each task carries the officers the draw
    picked for the target (``officers``: the inspections service refuses one
    outside the drawing organization's subtree). Each task runs in its own savepoint,
    so a refusal (say, an enterprise deregistered since the commitment) writes
    nothing for that target and leaves the others alone.
    """
    created = refused = 0
    reason = _("双随机抽查（%(ref)s）") % {"ref": draw.reference}
    officers = Officer.objects.select_related("organization").in_bulk(
        {int(oid) for t in targets if t.task_id is None for oid in t.officer_ids.split(";") if oid.isdigit()}
    )
    for t in targets:
        if t.task_id is not None:
            continue
        drawn = [oid for oid in t.officer_ids.split(";") if oid]
        missing = [oid for oid in drawn if not oid.isdigit() or int(oid) not in officers]
        if missing:
            t.task_problem = (_("抽中的执法人员（编号 %(ids)s）已不在执法人员名录中，不能随任务指派")
                              % {"ids": "、".join(missing)})[:500]
            refused += 1
            continue
        try:
            with transaction.atomic():
                task = service(
                    plan_or_none=None,
                    entity=t.entity,
                    department=draw.organization,
                    item=draw.item,
                    earliest=draw.window_start,
                    latest=draw.window_end,
                    officers_needed=draw.per_visit,
                    source="random_draw",
                    actor=actor,
                    reason=reason,
                    approval_reference=draw.reference,
                    no_disturbance_cause=draw.no_disturbance_cause if t.no_disturbance else "",
                    officers=[officers[int(oid)] for oid in drawn],
                )
        except ValidationError as exc:
            msgs = [m for ms in exc.message_dict.values() for m in ms] if hasattr(exc, "error_dict") else exc.messages
            t.task_problem = "；".join(msgs)[:500]
            refused += 1
        else:
            t.task = task
            t.task_problem = ""
            created += 1
    DrawTarget.objects.bulk_update(targets, ["task", "task_problem"], batch_size=500)
    return created, refused


# --- services ----------------------------------------------------------------------------------


@transaction.atomic
def draw_prepare(
    *,
    organization: Organization,
    item,
    draw_date: dt.date,
    window_start: dt.date,
    window_end: dt.date,
    ratios: Mapping[str, object],
    per_visit: int = 2,
    population_filter: PopulationFilter | None = None,
    no_disturbance_cause: str = "",
    recusals: Iterable[RecusalSpec] = (),
    title: str = "",
    actor,
    today: dt.date | None = None,
) -> RandomDraw:
    """A draft draw of ``organization`` (visible to its own scope only), every rule checked first."""
    _require_staff(actor, organization)
    today = today or timezone.localdate()
    flt = population_filter or PopulationFilter()
    recusals = list(recusals)
    cause = (no_disturbance_cause or "").strip() if flt.include_no_disturbance else ""
    errors: dict[str, Any] = {}
    if not organization.has_enforcement_authority:
        errors["organization"] = _("%(org)s 不具有执法主体资格，不能实施双随机抽查") % {"org": organization}
    if item.organization_id != organization.pk:
        errors["item"] = _("抽查事项“%(item)s”不属于%(org)s") % {"item": item.name, "org": organization}
    elif not item.is_published:
        errors["item"] = _("抽查事项“%(item)s”未公布，不能抽查（清单之外无检查）") % {"item": item.name}
    canon, ratio_errors = canonical_ratios(ratios)
    errors.update(ratio_errors)
    if isinstance(per_visit, bool) or not isinstance(per_visit, int) or not MIN_PER_VISIT <= per_visit <= MAX_PER_VISIT:
        errors["per_visit"] = _(
            "每组执法人员数须在 %(min)s 到 %(max)s 之间（双随机抽查每组至少两名执法人员；《行政处罚法》第四十二条）"
        ) % {"min": MIN_PER_VISIT, "max": MAX_PER_VISIT}
    date_errors, due = _date_problems(draw_date=draw_date, window_start=window_start, window_end=window_end, today=today)
    errors.update(date_errors)
    errors.update(_filter_problems(organization=organization, flt=flt, cause=cause))
    errors.update(_recusal_problems(recusals, organization))
    if errors:
        raise ValidationError(errors)
    live = inputs_for(
        organization=organization, draw_date=draw_date, per_visit=per_visit, ratios=canon, flt=flt,
        recusals=[(officer_key(r.officer), r.entity.uscc) for r in recusals],
    )
    problems = live_problems(live.inputs)
    if problems:
        raise ValidationError(problems)

    draw = RandomDraw(
        organization=organization,
        title=(title or "").strip() or _("%(item)s双随机抽查（%(day)s）") % {"item": item.name, "day": draw_date},
        item=item,
        draw_date=draw_date,
        window_start=window_start,
        window_end=window_end,
        per_visit=per_visit,
        ratios=canon,
        population_filter=flt.as_json(),
        no_disturbance_cause=cause,
        results_due=due,
        population_count=len(live.inputs.population),
        class_counts=live.inputs.class_sizes(),
        pool_count=len(live.inputs.pool_ids()),
        recusal_count=len(live.inputs.recusals),
    )
    draw.full_clean()
    draw.save()
    DrawRecusal.objects.bulk_create(
        [DrawRecusal(draw=draw, organization=organization, officer=r.officer, entity=r.entity, reason=r.reason.strip())
         for r in recusals]
    )
    now = timezone.now()
    _record(draw, previous="", action="prepare", actor=actor, at=now)
    _audit("draw.prepared", draw, actor=actor, before=None, data={"recusals": len(recusals)})
    return draw


@transaction.atomic
def draw_commit(*, draw: RandomDraw, actor, today: dt.date | None = None) -> RandomDraw:
    """Freeze the inputs, fix the seed (secret) and publish the commitment and the input hashes."""
    draw = _locked(draw)
    _require_staff(actor, draw.organization)
    _allowed(draw, DrawAction.COMMIT)
    today = today or timezone.localdate()
    errors: dict[str, Any] = {}
    if not draw.item.is_published:
        errors["item"] = _("抽查事项“%(item)s”已停用，不能抽查（清单之外无检查）") % {"item": draw.item.name}
    date_errors, due = _date_problems(
        draw_date=draw.draw_date, window_start=draw.window_start, window_end=draw.window_end, today=today
    )
    errors.update(date_errors)
    if errors:
        raise ValidationError(errors)
    live = _live_inputs(draw)
    problems = live_problems(live.inputs)
    if problems:
        raise ValidationError(problems)
    draw.results_due = due
    return commit_inputs(draw, live, actor=actor, at=timezone.now(), seed=secrets.token_bytes(32).hex())


def commit_inputs(
    draw: RandomDraw, live: LiveInputs, *, actor, at: dt.datetime, seed: str, data: Mapping[str, Any] | None = None
) -> RandomDraw:
    """Freeze ``live`` as the draw's inputs with ``seed`` (caller holds the transaction and has checked
    the rules; the demo calls this with its own time and a seed derived from the demo's seed)."""
    before = _state(draw)
    previous = draw.status
    inputs = live.inputs
    draw.status = _allowed(draw, DrawAction.COMMIT)
    draw.inputs_blob = encode(inputs)
    draw.input_hash = inputs.input_hash()
    draw.public_input_hash = inputs.input_hash(with_recusals=False)
    draw.recusal_hash = pairs_hash(inputs.recusals)
    draw.recusal_count = len(inputs.recusals)
    draw.population_count = len(inputs.population)
    draw.class_counts = inputs.class_sizes()
    draw.pool_count = len(inputs.pool_ids())
    draw.history_count = len(inputs.history)
    draw.previous_draw = live.previous
    draw.seed = seed
    draw.seed_commitment = commit(seed)
    draw.committed_at = at
    draw.reference = _next_reference(draw)
    draw.full_clean()
    draw.save()
    _record(draw, previous=previous, action=DrawAction.COMMIT, actor=actor, at=at)
    _audit(
        "draw.committed", draw, actor=actor, before=before,
        data={"seed_commitment": draw.seed_commitment, "input_hash": draw.input_hash,
              "public_input_hash": draw.public_input_hash, "recusal_hash": draw.recusal_hash, **(data or {})},
    )
    return draw


@transaction.atomic
def draw_run(*, draw: RandomDraw, actor) -> RandomDraw:
    """Run a committed draw: store the result, reveal the seed, turn the targets into inspection tasks."""
    draw = _locked(draw)
    _require_staff(actor, draw.organization)
    _allowed(draw, DrawAction.RUN)
    if not draw.item.is_published:
        raise ValidationError({"item": _(
            "抽查事项“%(item)s”已停用，不能据此生成检查任务：请取消本次抽取（取消后公布种子）"
        ) % {"item": draw.item.name}})
    return run_committed(draw, actor=actor, at=timezone.now())


def run_committed(draw: RandomDraw, *, actor, at: dt.datetime, data: Mapping[str, Any] | None = None) -> RandomDraw:
    """Run ``draw`` from its frozen inputs (caller holds the transaction; the demo passes its own time)."""
    inputs = decode(draw.inputs_blob)
    if inputs.input_hash() != draw.input_hash:
        raise ValidationError({"input_hash": _(
            "冻结的输入与公布的输入哈希不一致，拒绝抽取（输入在承诺之后被改动）；未写入任何结果"
        )})
    if commit(draw.seed) != draw.seed_commitment:
        raise ValidationError({"seed_commitment": _("种子与公布的种子承诺不一致，拒绝抽取；未写入任何结果")})
    try:
        result = inputs.draw(draw.seed)
    except DrawImpossible as exc:
        raise ValidationError({NON_FIELD_ERRORS: _(
            "抽取不可能：第 %(pos)s 个抽中对象 %(uscc)s（%(c)s类）凑不够 %(q)s 名合格执法人员"
            "（规则：%(rule)s）；未写入任何结果。详情：%(detail)s"
        ) % {"pos": exc.position, "uscc": exc.uscc, "c": exc.risk_class, "q": draw.per_visit, "rule": exc.rule,
             "detail": str(exc)}}) from None
    except DrawInputError as exc:
        raise ValidationError({NON_FIELD_ERRORS: _("冻结的输入不合规则：%(e)s；未写入任何结果") % {"e": exc}}) from None

    before = _state(draw)
    previous = draw.status
    names = {r.uscc: r for r in inputs.population}
    officers = {o.officer_id: o for o in inputs.officers}
    drawn = list(result.targets)
    entities = MarketEntity.objects.in_bulk([t.uscc for t in drawn], field_name="uscc")
    targets = DrawTarget.objects.bulk_create(
        [
            DrawTarget(
                draw=draw,
                organization=draw.organization,
                position=p,
                entity=entities[t.uscc],
                uscc=t.uscc,
                name=names[t.uscc].name,
                risk_class=t.risk_class,
                officer_ids=";".join(t.officers),
                officers=[
                    {"id": oid, "name": officers[oid].name, "certificate": officers[oid].certificate_number}
                    for oid in t.officers
                ],
                no_disturbance=entities[t.uscc].no_disturbance,
            )
            for p, t in enumerate(drawn, start=1)
        ],
        batch_size=500,
    )
    draw.drawn_at = at
    draw.revealed_at = at
    draw.targets_count = len(targets)
    draw.recusal_effects = inputs.recusal_effects(result)
    draw.result_hash = hashlib.sha256(draw_csv(result.rows()).encode("utf-8")).hexdigest()
    draw.load_spread = result.load_spread

    service = _task_service()
    if service is None:
        action, created, refused = DrawAction.RUN_TASKS_PENDING, 0, 0
    else:
        action = DrawAction.RUN
        created, refused = _create_tasks(draw, targets, service, actor)
    draw.status = _allowed(draw, action)
    draw.full_clean()
    draw.save()
    _record(draw, previous=previous, action=action, actor=actor, at=at)
    _audit(
        "draw.drawn", draw, actor=actor, before=before,
        data={"seed": draw.seed, "input_hash": draw.input_hash, "result_hash": draw.result_hash,
              "targets": len(targets), "tasks_created": created, "tasks_refused": refused,
              "task_service": TASK_SERVICE if service is not None else "unavailable", **(data or {})},
    )
    return draw


@transaction.atomic
def draw_tasks_create(*, draw: RandomDraw, actor) -> RandomDraw:
    """Create the inspection tasks of a draw that was run while the inspections module could not take them."""
    draw = _locked(draw)
    _require_staff(actor, draw.organization)
    _allowed(draw, DrawAction.CREATE_TASKS)
    service = _task_service()
    if service is None:
        raise ValidationError({"status": _("检查任务服务（%(s)s）尚不可用，检查任务仍待生成") % {"s": TASK_SERVICE}})
    before = _state(draw)
    previous = draw.status
    targets = list(draw.targets.select_related("entity").order_by("position"))
    created, refused = _create_tasks(draw, targets, service, actor)
    draw.status = _allowed(draw, DrawAction.CREATE_TASKS)
    draw.save(update_fields=["status", "updated_at"])
    now = timezone.now()
    _record(draw, previous=previous, action=DrawAction.CREATE_TASKS, actor=actor, at=now)
    _audit("draw.tasks_created", draw, actor=actor, before=before,
           data={"tasks_created": created, "tasks_refused": refused})
    return draw


@transaction.atomic
def draw_cancel(*, draw: RandomDraw, actor, reason: str) -> RandomDraw:
    """Cancel a draft or a committed draw with a reason; a committed draw's seed is revealed with it."""
    draw = _locked(draw)
    _require_staff(actor, draw.organization)
    target = _allowed(draw, DrawAction.CANCEL)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("取消抽查必须填写理由")})
    before = _state(draw)
    previous = draw.status
    now = timezone.now()
    draw.status = target
    if draw.committed_at is not None:
        draw.revealed_at = now
    draw.voided_at = now
    draw.voided_by = actor
    draw.void_reason = reason[:500]
    draw.save()
    _record(draw, previous=previous, action=DrawAction.CANCEL, actor=actor, at=now, reason=reason)
    data: dict[str, Any] = {"reason": reason}
    if draw.revealed_at is not None:
        data["seed"] = draw.seed
    _audit("draw.cancelled", draw, actor=actor, before=before, data=data)
    return draw


def draw_status_label(status: str) -> str:
    return str(dict(DrawStatus.choices).get(status, status))
