"""The demo zone's 2024 enterprise inspections (SPEC §5), built from raw records.

The seed report: “开展联合行政检查21次，减少扰企302次”. Those two figures are
not stored anywhere: ``selectors.inspection_figures`` computes them from the
visits carried out in 2024 (joint inspection = a visit carrying tasks of two
or more departments; disturbances avoided = tasks − visits;
docs/domain/inspections.md). This step writes the records they come from:

1. the inspection item list, published at the start of 2024, from the item
   catalogue's inspection items (one 检查领域 per item, shared across
   departments where they look at the same thing);
2. each department's approved 2024 plan, and the market bureau's random-draw
   (双随机) tasks. The plans are generated so that, at given enterprises, the
   windows of tasks overlap exactly where a merge is intended:
   ``JOINT_ENTERPRISES`` enterprises get tasks of 2–4 departments sharing a
   common stretch of days; enough enterprises get 2–3 tasks of one department
   (浙江省综合行政执法条例 第十三条第三款: one body, several inspections, one
   visit) to make up the disturbances avoided; every other enterprise gets
   one task, or two tasks of two departments whose windows do not meet;
3. one coordination run over 2024, computed by the real engine
   (``fazhi.core.coordination.plan_visits``) and stored by the same code as
   the service (``services.coordination.materialise_plan``), then issued. The
   step checks the engine's result against the design and refuses to go on
   (``DemoError``) if the engine merged otherwise;
4. four invitations accepted in 2024 (each one joint visit), one declined,
   one pending; complaint-driven visits; non-enforcement visits;
5. codes, officers, records (outcomes, rectification deadlines, case
   numbers), ratings by about a third of the enterprises;
6. 2023, the year before coordination, recorded afterwards (each department's
   own visits, a few joint ones), so that 2024 compares with something;
7. a supervision check of 2024 (the real service) over records that include
   the usual lapses: visits recorded afterwards without a code, records left
   incomplete, visits overdue, an officer whose certificate was suspended, a
   no-disturbance enterprise inspected without a cause, the same matter
   inspected twice, research visits that recorded findings. The legal office
   has confirmed, dismissed, rectified or issued opinions on most findings.

Deterministic for a seed (its own ``ctx.rng``); bulk inserts with one audit
entry per record. The step is skipped when the zone already has inspection
items.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from fazhi.accounts.models import User
from fazhi.audit.services import AuditItem, audit_record_many, diff
from fazhi.config.selectors import work_calendar
from fazhi.core.inspection_code import REF_ALPHABET, REF_LENGTH, code_sign
from fazhi.enforcement.models import EnforcementCertificate, EnforcementItem
from fazhi.entities.models import MarketEntity
from fazhi.inspections.constants import (
    FindingStatus,
    InvitationStatus,
    ItemStatus,
    Outcome,
    PlanKind,
    PlanStatus,
    RunStatus,
    TaskSource,
    VisitKind,
    VisitPurpose,
    VisitStatus,
)
from fazhi.inspections.models import (
    CoordinationRun,
    Finding,
    FindingStatusChange,
    GateOverride,
    InspectionCode,
    InspectionItem,
    InspectionPlan,
    InspectionRecord,
    InspectionTask,
    Invitation,
    InvitationStatusChange,
    PlanStatusChange,
    Rating,
    RunStatusChange,
    Visit,
    VisitOfficer,
    VisitStatusChange,
)
from fazhi.inspections.selectors import VisitFigures, visit_figures
from fazhi.inspections.services.coordination import default_capacity, engine_plan, materialise_plan
from fazhi.inspections.services.invitations import token_hash
from fazhi.inspections.services.supervision import supervision_check

if TYPE_CHECKING:
    from fazhi.demo.base import DemoContext, StepResult


def _base():
    """fazhi.demo.base, imported when a step runs (fazhi.demo imports this module for its STEPS)."""
    from fazhi.demo import base

    return base


def weighted(rng, table):
    return _base().weighted(rng, table)


YEAR = 2024
#: the seed report's figures this step's records reproduce (checked, not stored)
REPORT_JOINT_INSPECTIONS = 21
REPORT_DISTURBANCES_AVOIDED = 302

DEPARTMENTS = ("enforcement_team", "market", "emergency", "fire", "ecology", "health", "hrss", "housing")
#: single-task enterprises per department in the 2024 plans
SINGLES = {"enforcement_team": 300, "market": 200, "emergency": 130, "fire": 110, "ecology": 90, "health": 70,
           "hrss": 60, "housing": 80}
#: the market bureau's random-draw tasks (双随机), outside its plan
RANDOM_DRAW_TASKS = 60
#: number of departments at each joint enterprise of the run (17 enterprises)
JOINT_DEPARTMENTS = (2,) * 6 + (3,) * 7 + (4,) * 4
#: invitations accepted and carried out in 2024: departments at each (each one joint visit)
INVITATION_DEPARTMENTS = (3, 4, 3, 2)
#: enterprises with two tasks of two departments whose windows do not meet (two visits)
SEPARATE_PAIRS = 30
#: officers per working day each department makes available to the run, at least
RUN_MIN_CAPACITY = 6
COMPLAINT_VISITS = 24
NON_ENFORCEMENT_VISITS = 30
RATED_SHARE = 0.35
PUBLISHED_ON = dt.date(2024, 1, 2)
PLANS_APPROVED_ON = dt.date(2024, 1, 12)
RUN_ISSUED_ON = dt.date(2024, 1, 15)

MATTER_KEYWORDS = (
    ("燃气", "燃气安全"), ("电梯", "特种设备安全"), ("特种设备", "特种设备安全"), ("起重", "特种设备安全"),
    ("充电", "消防安全"), ("消防", "消防安全"), ("人员密集", "消防安全"), ("高层建筑", "消防安全"),
    ("商业综合体", "消防安全"), ("五类企业", "消防安全"), ("食品", "食品安全"), ("餐饮服务", "食品安全"),
    ("油烟", "生态环境"), ("扬尘", "生态环境"), ("排污", "生态环境"), ("危险废物", "生态环境"), ("排水", "生态环境"),
    ("挥发性", "生态环境"), ("环境", "生态环境"), ("辐射", "生态环境"), ("物业", "物业管理"),
    ("劳动", "劳动保障"), ("工资", "劳动保障"), ("社会保险", "劳动保障"), ("休息", "劳动保障"), ("欠薪", "劳动保障"),
    ("劳务派遣", "劳动保障"), ("女职工", "劳动保障"), ("未成年工", "劳动保障"), ("医疗", "卫生健康"),
    ("公共场所", "卫生健康"), ("饮用水", "卫生健康"), ("职业病", "职业健康"), ("放射", "卫生健康"),
    ("建设工程", "建设工程安全"), ("建筑施工", "建设工程安全"), ("深基坑", "建设工程安全"), ("违法建设", "建设工程安全"),
    ("危险化学品", "安全生产"), ("有限空间", "安全生产"), ("粉尘", "安全生产"), ("园中园", "安全生产"),
    ("工贸", "安全生产"), ("仓储", "安全生产"), ("冶炼", "安全生产"), ("涉氨", "安全生产"), ("应急预案", "安全生产"),
)
DEFAULT_MATTER = {"enforcement_team": "市容环境", "market": "市场秩序", "emergency": "安全生产", "fire": "消防安全",
                  "ecology": "生态环境", "health": "卫生健康", "hrss": "劳动保障", "housing": "建设工程安全"}
CHECKLISTS = {
    "燃气安全": ("燃气泄漏报警装置安装并有效", "燃气软管、阀门无老化破损", "瓶装燃气存放符合规定", "安全管理台账完整"),
    "特种设备安全": ("设备使用登记证在有效期内", "定期检验合格", "作业人员持证上岗", "维护保养记录完整"),
    "消防安全": ("疏散通道、安全出口畅通", "消防设施器材完好有效", "电动自行车不在室内充电", "消防安全责任制落实"),
    "食品安全": ("证照齐全并公示", "进货查验记录完整", "从业人员健康证明有效", "加工场所卫生符合要求"),
    "生态环境": ("污染防治设施正常运行", "排放符合标准", "环境管理台账完整", "危险废物规范贮存"),
    "物业管理": ("物业服务事项公示", "共用部位未被占用", "消防通道管理到位"),
    "劳动保障": ("劳动合同依法签订", "工资按时足额支付", "工作时间符合规定", "社会保险依法缴纳"),
    "卫生健康": ("卫生许可证有效", "从业人员健康合格证明", "卫生检测按期进行", "消毒记录完整"),
    "职业健康": ("职业病危害因素申报", "劳动者职业健康检查", "防护用品配备"),
    "建设工程安全": ("施工许可手续齐全", "安全防护设施到位", "质量检测按规定进行", "现场管理人员到岗"),
    "安全生产": ("安全生产责任制落实", "隐患排查治理台账", "应急预案及演练", "特殊作业审批"),
    "市容环境": ("门前责任区整洁", "户外广告设施规范", "垃圾分类投放规范"),
    "市场秩序": ("明码标价", "广告内容合法", "计量器具检定合格", "商标使用规范"),
}
FINDING_TEXTS = {
    "燃气安全": "燃气软管老化，未安装泄漏报警装置", "消防安全": "安全出口堆放杂物，灭火器过期",
    "食品安全": "进货查验记录不全", "生态环境": "废气处理设施未按规定运行", "劳动保障": "未按规定签订书面劳动合同",
    "安全生产": "隐患排查台账缺失", "特种设备安全": "电梯超期未检验", "建设工程安全": "临边防护设施缺失",
}
COMMENTS = ("检查人员态度好，一次查完多个事项", "提前预约，没有影响生产", "讲解清楚，指出的问题很实用",
            "联合检查减少了接待次数", "希望整改指导更具体一些", "")


@dataclass
class _Officer:
    officer_id: int
    user_id: int | None
    cert_id: int
    valid_from: dt.date
    valid_until: dt.date
    status: str

    def valid_on(self, day: dt.date) -> bool:
        return self.status == "valid" and self.valid_from <= day <= self.valid_until


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _matter(name: str, org_key: str) -> str:
    for word, matter in MATTER_KEYWORDS:
        if word in name:
            return matter
    return DEFAULT_MATTER[org_key]


def inspection_demo_figures(*, zone, year: int = YEAR) -> VisitFigures:
    """The year's figures as ``selectors.inspection_figures`` computes them, for the whole zone."""
    visits = Visit.objects.carried_out().filter(
        kind=VisitKind.ENFORCEMENT, window_start__year=year, organization__path__startswith=zone.path
    )
    return visit_figures(visits)


class _Builder:
    def __init__(self, ctx: DemoContext):
        self.ctx = ctx
        self.rng = ctx.rng("inspections")
        self.orgs = ctx.orgs
        self.zone = ctx.orgs["zone"]
        self.legal = ctx.orgs["legal_office"]
        self.calendar = work_calendar()
        self.workdays = self.calendar.working_days(dt.date(YEAR, 1, 8), dt.date(YEAR, 12, 20))
        self.key = str(settings.INSPECTION_CODE_KEY).encode("utf-8")
        self.legal_user = User.objects.filter(username="fzb").first()
        self.leader = User.objects.filter(username="leader").first()
        self.counts: Counter[str] = Counter()
        self.history: list[VisitStatusChange] = []
        self.audit: list[AuditItem] = []
        self.org_name = {o.pk: o.name for o in self.orgs.values()}
        self.case_serial = 0
        self.case_prefix = {o.pk: o.case_number_prefix for o in self.orgs.values()}

    # --- items and plans ---------------------------------------------------------------

    def items(self) -> dict[str, list[InspectionItem]]:
        catalogue = EnforcementItem.objects.filter(
            organization__in=[self.orgs[k] for k in DEPARTMENTS], kind="inspection", voided_at__isnull=True
        ).order_by("organization__path", "code")
        key_of = {self.orgs[k].pk: k for k in DEPARTMENTS}
        published_at = _aware(PUBLISHED_ON, 10)
        items = []
        for ci in catalogue:
            key = key_of[ci.organization_id]
            matter = _matter(ci.name, key)
            special = "专项" in ci.name
            items.append(InspectionItem(
                organization_id=ci.organization_id, catalogue_item=ci, code=ci.code,
                name=ci.name.removeprefix("对"), matter=matter, checklist="\n".join(CHECKLISTS[matter]),
                yearly_cap=1 if special else self.rng.choice((1, 2, 2, 3)), off_site_allowed=self.rng.random() < 0.2,
                status=ItemStatus.PUBLISHED, published_at=published_at, published_by=self.legal_user,
            ))
        # Two proposals the legal office has not published yet.
        for key, name in (("market", "网络直播营销活动检查（拟新增）"), ("ecology", "噪声自动监测设备运行检查（拟新增）")):
            ci = catalogue.filter(organization=self.orgs[key]).first()
            items.append(InspectionItem(organization=self.orgs[key], catalogue_item=ci, code=f"{ci.code}-DRAFT", name=name,
                                        matter=DEFAULT_MATTER[key], checklist="待定", yearly_cap=1))
        saved = self.ctx.create(InspectionItem, "inspection_item", items)
        self.counts["inspection_items"] = len(saved)
        by_dept: dict[str, list[InspectionItem]] = defaultdict(list)
        for item in saved:
            if item.status == ItemStatus.PUBLISHED:
                by_dept[key_of[item.organization_id]].append(item)
        return by_dept

    def plans(self) -> dict[str, InspectionPlan]:
        plans = []
        for key in DEPARTMENTS:
            org = self.orgs[key]
            plans.append(InspectionPlan(
                organization=org, title=f"{org.name}{YEAR}年度涉企行政检查计划", kind=PlanKind.ANNUAL,
                period_start=dt.date(YEAR, 1, 1), period_end=dt.date(YEAR, 12, 31),
                description="按照《高新区统筹行政检查计划实施方案》报法治办统筹",
                status=PlanStatus.APPROVED, submitted_at=_aware(dt.date(YEAR, 1, 5), 16),
                decided_at=_aware(PLANS_APPROVED_ON, 11), decided_by=self.legal_user, decision_reason="经统筹，同意",
            ))
        saved = self.ctx.create(InspectionPlan, "inspection_plan", plans)
        history = []
        for p in saved:
            for frm, to, action, when in (("", "draft", "create", dt.date(YEAR, 1, 3)), ("draft", "submitted", "submit", dt.date(YEAR, 1, 5)),
                                          ("submitted", "approved", "approve", PLANS_APPROVED_ON)):
                actor = self.legal_user if action == "approve" else None
                history.append(PlanStatusChange(plan=p, from_status=frm, to_status=to, action=action, actor=actor,
                                                actor_name=str(actor) if actor else p.organization.name,
                                                occurred_at=_aware(when, 10)))
        PlanStatusChange.objects.bulk_create(history)
        self.counts["plans"] += len(saved)
        return {k: p for k, p in zip(DEPARTMENTS, saved, strict=True)}

    # --- tasks -----------------------------------------------------------------------------------

    def _window_around(self, core: int, length: int) -> tuple[dt.date, dt.date]:
        """A window containing the working days core..core+length-1 (indexes into ``workdays``)."""
        lo = max(0, core - self.rng.randint(0, 25))
        hi = min(len(self.workdays) - 1, core + length - 1 + self.rng.randint(0, 25))
        return self.workdays[lo], self.workdays[hi]

    def _window(self) -> tuple[dt.date, dt.date]:
        start = self.rng.randint(0, len(self.workdays) - 60)
        return self.workdays[start], self.workdays[min(len(self.workdays) - 1, start + self.rng.randint(15, 55))]

    def tasks(self, items, plans, entities) -> list[InspectionTask]:
        rng = self.rng
        pool = list(entities)
        rng.shuffle(pool)
        take = iter(pool)
        tasks: list[InspectionTask] = []
        self.design = {"joint": 0, "avoided": 0}

        def task(key, entity, item, window, *, source=TaskSource.PLAN, reference="", reason=""):
            t = InspectionTask(
                organization=self.orgs[key], plan=plans[key] if source == TaskSource.PLAN else None, source=source,
                entity=entity, item=item, earliest=window[0], latest=window[1], officers_needed=2,
                reason=reason or ("年度计划检查" if source == TaskSource.PLAN else "双随机抽查"), approval_reference=reference,
            )
            tasks.append(t)
            return t

        # Joint enterprises: 2–4 departments, windows sharing at least ten working days.
        for k in JOINT_DEPARTMENTS:
            entity = next(take)
            depts = rng.sample(DEPARTMENTS, k)
            core = rng.randint(20, len(self.workdays) - 40)
            n = 0
            for key in depts:
                for item in rng.sample(items[key], 2 if rng.random() < 0.25 else 1):
                    task(key, entity, item, self._window_around(core, 10))
                    n += 1
            self.design["joint"] += 1
            self.design["avoided"] += n - 1
        # One department, several items, one visit: enough of them to make up the avoided disturbances.
        remaining = REPORT_DISTURBANCES_AVOIDED - sum(k - 1 for k in INVITATION_DEPARTMENTS) - self.design["avoided"]
        threes = remaining // 9
        groups = [3] * threes + [2] * (remaining - 2 * threes)
        weights = [(k, SINGLES[k]) for k in DEPARTMENTS]
        for size in groups:
            entity = next(take)
            key = weighted(rng, weights)
            core = rng.randint(5, len(self.workdays) - 30)
            for item in rng.sample(items[key], size):
                task(key, entity, item, self._window_around(core, 8))
            self.design["avoided"] += size - 1
        # Two departments whose windows do not meet: two visits; some share a matter.
        for n in range(SEPARATE_PAIRS):
            entity = next(take)
            if n < 10:
                key_a, key_b, matter = rng.choice((("enforcement_team", "housing", "建设工程安全"), ("emergency", "fire", "消防安全"),
                                                   ("ecology", "enforcement_team", "生态环境")))
                item_a = next((i for i in items[key_a] if i.matter == matter), rng.choice(items[key_a]))
                item_b = next((i for i in items[key_b] if i.matter == matter), rng.choice(items[key_b]))
            else:
                key_a, key_b = rng.sample(DEPARTMENTS, 2)
                item_a, item_b = rng.choice(items[key_a]), rng.choice(items[key_b])
            start = rng.randint(0, len(self.workdays) - 60)
            task(key_a, entity, item_a, (self.workdays[start], self.workdays[start + 12]))
            task(key_b, entity, item_b, (self.workdays[start + 13], self.workdays[start + 30]))
        # Everyone else: one task.
        for key in DEPARTMENTS:
            for _ in range(SINGLES[key]):
                task(key, next(take), rng.choice(items[key]), self._window())
        for n in range(RANDOM_DRAW_TASKS):
            batch = f"甬高新市监双随机〔{YEAR}〕{1 + n // 20}号"
            task("market", next(take), rng.choice(items["market"]), self._window(), source=TaskSource.RANDOM_DRAW,
                 reference=batch)
        self.spare = take
        saved = self.ctx.create(InspectionTask, "inspection_task", tasks)
        self.counts["tasks"] += len(saved)
        return saved

    # --- the coordination run ------------------------------------------------------------------------

    def run(self, tasks) -> list[Visit]:
        departments = {t.organization_id: t.organization for t in tasks}
        # The legal office entered each department's officers per day for planned inspections (at least
        # RUN_MIN_CAPACITY: a department merging three of its own tasks into one visit sends six).
        capacity = {k: max(v, RUN_MIN_CAPACITY)
                    for k, v in default_capacity(departments=departments.values(), day=dt.date(YEAR, 1, 1)).items()}
        engine = engine_plan(tasks=tasks, capacity=capacity, calendar=self.calendar)
        plan = engine.plan
        if plan.late or plan.joint_visits != self.design["joint"] or plan.disturbances_avoided != self.design["avoided"]:
            raise _base().DemoError(
                f"the coordination engine merged the demo's 2024 tasks into {plan.joint_visits} joint visits avoiding "
                f"{plan.disturbances_avoided} disturbances ({len(plan.late)} late), not the designed "
                f"{self.design['joint']} and {self.design['avoided']}"
            )
        run = CoordinationRun(
            organization=self.legal, title=f"{YEAR}年度行政检查统筹（综合查一次）", period_start=dt.date(YEAR, 1, 1),
            period_end=dt.date(YEAR, 12, 31), capacity={str(k): v for k, v in capacity.items()},
            status=RunStatus.ISSUED, issued_at=_aware(RUN_ISSUED_ON, 15), issued_by=self.legal_user,
        )
        run.save()
        self.ctx.audit_created("inspection_run", [run])
        visits = materialise_plan(run=run, engine=engine, actor=None, status=VisitStatus.PROPOSED,
                                  audit_data=self.ctx.audit_data)
        RunStatusChange.objects.bulk_create([
            RunStatusChange(run=run, from_status="", to_status="proposed", action="create", actor=self.legal_user,
                            actor_name=str(self.legal_user), occurred_at=_aware(dt.date(YEAR, 1, 13), 9)),
            RunStatusChange(run=run, from_status="proposed", to_status="issued", action="issue", actor=self.legal_user,
                            actor_name=str(self.legal_user), occurred_at=_aware(RUN_ISSUED_ON, 15)),
        ])
        self.run_obj = run
        self.counts["coordination_runs"] = 1
        return visits

    # --- carrying out visits ------------------------------------------------------------------------------

    def officers(self) -> dict[int, list[_Officer]]:
        by_org: dict[int, list[_Officer]] = defaultdict(list)
        for c in EnforcementCertificate.objects.filter(
            organization__in=[self.orgs[k] for k in DEPARTMENTS], voided_at__isnull=True
        ).select_related("officer").order_by("number"):
            by_org[c.organization_id].append(
                _Officer(c.officer_id, c.officer.user_id, c.pk, c.valid_from, c.valid_until, c.status)
            )
        return by_org

    def staff(self, visit: Visit, orgs: list[int], *, bad_certificate: bool = False) -> list[VisitOfficer]:
        rows = []
        for org in orgs:
            ok = [o for o in self.pool[org] if o.valid_on(visit.window_start)]
            chosen = self.rng.sample(ok, min(2, len(ok)))
            if bad_certificate and org == orgs[0]:
                bad = [o for o in self.pool[org] if o.status != "valid"]
                if bad:
                    chosen[-1] = self.rng.choice(bad)
            for o in chosen:
                rows.append(VisitOfficer(visit=visit, officer_id=o.officer_id, organization_id=org,
                                         certificate_id=o.cert_id if o.valid_on(visit.window_start) else None, present=True))
        return rows

    def code(self, visit: Visit, kind: str) -> InspectionCode:
        ref = "".join(self.rng.choice(REF_ALPHABET) for _ in range(REF_LENGTH))
        text = code_sign(kind=kind, ref=ref, expires_on=visit.window_end, key=self.key)
        return InspectionCode(visit=visit, organization_id=visit.organization_id, ref=ref, kind=kind, code=text,
                              expires_on=visit.window_end)

    def record(self, visit: Visit, tasks: list[InspectionTask], *, complete: bool = True) -> InspectionRecord:
        rng = self.rng
        start = _aware(visit.window_start, rng.choice((9, 9, 10, 14)), rng.choice((0, 15, 30, 45)))
        outcome = weighted(rng, ((Outcome.NO_PROBLEM, 78), (Outcome.RECTIFICATION, 19), (Outcome.CASE_FILED, 3)))
        checklist = []
        for t in tasks:
            for i, point in enumerate(t.item.checklist_points):
                result = "problem" if outcome != Outcome.NO_PROBLEM and i == 0 else rng.choice(("ok", "ok", "ok", "na"))
                checklist.append({"task": t.pk, "index": i, "point": point, "result": result, "note": ""})
        matter = tasks[0].item.matter
        rec = InspectionRecord(
            visit=visit, organization_id=visit.organization_id, arrived_at=start,
            left_at=start + dt.timedelta(minutes=rng.randint(40, 150)) if complete else None,
            checklist_results=checklist, outcome=outcome if complete else "",
            findings="" if outcome == Outcome.NO_PROBLEM else FINDING_TEXTS.get(matter, "检查发现问题，已当场指出"),
        )
        if outcome == Outcome.RECTIFICATION:
            rec.rectification_deadline = visit.window_start + dt.timedelta(days=rng.choice((7, 15, 30)))
        elif outcome == Outcome.CASE_FILED:
            self.case_serial += 1
            prefix = self.case_prefix.get(visit.organization_id) or "甬高新罚"
            rec.case_number = f"{prefix}〔{YEAR}〕{self.case_serial:03d}号"
        if complete:
            rec.completed_at = rec.left_at
        return rec

    def progress(self, visit: Visit, steps: list[str], *, at: dt.date) -> None:
        flow = {"issue": ("proposed", "scheduled"), "open": ("scheduled", "opened"), "arrive": ("opened", "in_progress"),
                "complete": ("in_progress", "completed"), "cancel": ("scheduled", "cancelled")}
        for n, step in enumerate(steps):
            frm, to = flow[step]
            when = _aware(RUN_ISSUED_ON, 15) if step == "issue" else _aware(at, 8 + n)
            self.history.append(VisitStatusChange(visit=visit, from_status=frm, to_status=to, action=step,
                                                  actor_name=self.org_name[visit.organization_id], occurred_at=when,
                                                  reason="企业已停业" if step == "cancel" else ""))
        visit.status = flow[steps[-1]][1]

    def carry_out(self, visits: list[Visit], tasks_of: dict[int, list[InspectionTask]], *, issued: bool) -> None:
        """Open, staff, record and complete ``visits``; a few single-task ones go otherwise (the usual lapses)."""
        rng = self.rng
        singles = [v for v in visits if len(tasks_of[v.pk]) == 1]
        rng.shuffle(singles)
        fate: dict[int, str] = {}
        if issued:
            for v in singles[:10]:
                fate[v.pk] = "incomplete"
            for v in singles[10:14]:
                fate[v.pk] = "overdue"
            for v in singles[14:19]:
                fate[v.pk] = "cancelled"
        codes, officers, records, released = [], [], [], []
        for v in visits:
            tasks = tasks_of[v.pk]
            lead_first = [v.organization_id] + sorted({t.organization_id for t in tasks} - {v.organization_id})
            f = fate.get(v.pk, "done")
            pre = ["issue"] if issued else []
            if f == "cancelled":
                self.progress(v, pre + ["cancel"], at=v.window_start - dt.timedelta(days=3))
                released += tasks
                continue
            officers += self.staff(v, lead_first)
            if f == "overdue":
                self.progress(v, pre, at=v.window_start)
                continue
            codes.append(self.code(v, "E"))
            records.append(self.record(v, tasks, complete=(f == "done")))
            self.progress(v, pre + (["open", "arrive"] if f == "incomplete" else ["open", "arrive", "complete"]), at=v.window_start)
        Visit.objects.bulk_update(visits, ["status"], batch_size=2000)
        if released:
            InspectionTask.objects.filter(pk__in=[t.pk for t in released]).update(visit=None)
        VisitOfficer.objects.bulk_create(officers, batch_size=2000)
        self.codes += self.ctx.create(InspectionCode, "inspection_code", codes)
        self.ctx.create(InspectionRecord, "inspection_record", records)
        for v in visits:
            self.audit.append(AuditItem(f"inspection.visit_{v.status}", v, diff({}, {"status": v.status}), self.ctx.audit_data))
        self.counts["visits"] += len(visits)

    # --- invitations, complaints, non-enforcement visits -----------------------------------------------------

    def invitations(self, items) -> tuple[list[Visit], dict[int, list[InspectionTask]]]:
        rng = self.rng
        by_matter: dict[str, list[InspectionItem]] = defaultdict(list)
        for key in DEPARTMENTS:
            for it in items[key]:
                by_matter[it.matter].append(it)
        invitations, visits, tasks_of = [], [], {}
        days = [d for d in self.workdays if d.month in (3, 4, 5, 6, 9, 10, 11)]
        for n, k in enumerate(INVITATION_DEPARTMENTS):
            entity = next(self.spare)
            depts = rng.sample(DEPARTMENTS, k)
            chosen = [rng.choice(items[d]) for d in depts]
            day = days[(n * 37 + 11) % len(days)]
            inv = Invitation(
                organization=self.legal, entity=entity, uscc=entity.uscc, contact_phone=f"13{rng.randint(100000000, 999999999)}",
                scopes=sorted({i.matter for i in chosen}), preferred_from=day - dt.timedelta(days=7),
                preferred_to=day + dt.timedelta(days=14), note="新厂区投产前希望一次性体检", token_hash=token_hash(f"demo-{self.ctx.seed}-{n}"),
                status=InvitationStatus.COMPLETED, submitted_at=_aware(day - dt.timedelta(days=20), 10), appointment_on=day,
                decided_by=self.legal_user, decision_reason="同意，组织各主管部门联合检查",
            )
            invitations.append((inv, chosen, day))
        for extra in ("declined", "pending"):
            entity = next(self.spare)
            if extra == "declined":
                day = dt.date(YEAR, 8, 1)
                status, reason, submitted = InvitationStatus.DECLINED, "所选范围近期已检查且无问题，按“无事不扰”原则暂不安排", _aware(day, 9)
                pref = (day + dt.timedelta(days=10), day + dt.timedelta(days=30))
            else:
                status, reason, submitted = InvitationStatus.SUBMITTED, "", timezone.now() - dt.timedelta(days=2)
                pref = (self.ctx.today + dt.timedelta(days=10), self.ctx.today + dt.timedelta(days=40))
            invitations.append((Invitation(
                organization=self.legal, entity=entity, uscc=entity.uscc, contact_phone=f"0574-8{rng.randint(1000000, 9999999)}",
                scopes=["消防安全", "安全生产"], preferred_from=pref[0], preferred_to=pref[1],
                token_hash=token_hash(f"demo-{self.ctx.seed}-{extra}"), status=status, submitted_at=submitted,
                decision_reason=reason, decided_by=self.legal_user if extra == "declined" else None,
            ), [], None))
        saved = self.ctx.create(Invitation, "inspection_invitation", [x[0] for x in invitations])
        history, tasks = [], []
        for inv, (_, chosen, day) in zip(saved, invitations, strict=True):
            history.append(InvitationStatusChange(invitation=inv, from_status="", to_status="submitted", action="submit",
                                                  actor_name="企业（公开页面）", occurred_at=inv.submitted_at))
            if inv.status == InvitationStatus.DECLINED:
                history.append(InvitationStatusChange(invitation=inv, from_status="submitted", to_status="declined",
                                                      action="decline", reason=inv.decision_reason, actor=self.legal_user,
                                                      actor_name=str(self.legal_user), occurred_at=inv.submitted_at + dt.timedelta(days=2)))
            if not chosen:
                continue
            visit = Visit(organization=chosen[0].organization, entity=inv.entity, invitation=inv, window_start=day, window_end=day,
                          status=VisitStatus.SCHEDULED, description="企业邀约检查（一次预约、全面体检）")
            visits.append((visit, inv, list(chosen)))
            for frm, to, action, when in (("submitted", "accepted", "accept", day - dt.timedelta(days=14)),
                                          ("accepted", "completed", "complete", day)):
                history.append(InvitationStatusChange(invitation=inv, from_status=frm, to_status=to, action=action,
                                                      actor=self.legal_user, actor_name=str(self.legal_user),
                                                      occurred_at=_aware(when, 17)))
        saved_visits = self.ctx.create(Visit, "inspection_visit", [v for v, _, _ in visits])
        for visit, (_, inv, chosen) in zip(saved_visits, visits, strict=True):
            inv.visit = visit
            for item in chosen:
                tasks.append(InspectionTask(organization_id=item.organization_id, source=TaskSource.INVITATION, entity=inv.entity,
                                            item=item, earliest=visit.window_start, latest=visit.window_end, officers_needed=2,
                                            reason="企业邀约检查", invitation=inv, visit=visit))
            self.history.append(VisitStatusChange(visit=visit, from_status="", to_status="scheduled", action="schedule",
                                                  actor_name=str(self.legal_user), reason="企业邀约",
                                                  occurred_at=_aware(visit.window_start - dt.timedelta(days=14), 17)))
        Invitation.objects.bulk_update([x for x in saved if x.visit_id], ["visit"])
        InvitationStatusChange.objects.bulk_create(history)
        tasks = self.ctx.create(InspectionTask, "inspection_task", tasks)
        self.counts["tasks"] += len(tasks)
        for t in tasks:
            tasks_of.setdefault(t.visit_id, []).append(t)
        self.counts["invitations"] = len(saved)
        return saved_visits, tasks_of

    def complaints(self, items, run_visits, tasks_of) -> tuple[list[Visit], dict[int, list[InspectionTask]]]:
        """Visits scheduled directly on complaints (投诉举报), some recorded afterwards without a code."""
        rng = self.rng
        done_run = [v for v in run_visits if v.status == VisitStatus.COMPLETED and len(tasks_of[v.pk]) == 1]
        no_disturbance = list(MarketEntity.objects.filter(
            organization__path__startswith=self.zone.path, no_disturbance=True, status="active", registered_on__lt=dt.date(YEAR, 1, 1)
        ).order_by("uscc")[:6])
        specs = []  # (entity, key, item, day, kind)
        for n in range(COMPLAINT_VISITS):
            key = rng.choice(DEPARTMENTS)
            day = rng.choice(self.workdays)
            if n < 5:  # the same item again soon after a planned visit: over the cap, repeated
                base = done_run[n * 7]
                t0 = tasks_of[base.pk][0]
                specs.append((base.entity, None, t0.item, base.window_start + dt.timedelta(days=rng.randint(6, 20)), "repeat"))
            elif n < 11:
                specs.append((no_disturbance[n - 5], key, rng.choice(items[key]), day, "cause" if n < 8 else "no_cause"))
            elif n < 14:
                specs.append((next(self.spare), key, rng.choice(items[key]), day, "bad_certificate"))
            elif n < 20:
                specs.append((next(self.spare), key, rng.choice(items[key]), day, "no_code"))
            else:
                specs.append((next(self.spare), key, rng.choice(items[key]), day, "fine"))
        visits, tasks = [], []
        for entity, _key, item, day, kind in specs:
            day = self.calendar.next_working_day(day)
            visits.append(Visit(organization_id=item.organization_id, entity=entity, window_start=day, window_end=day,
                                status=VisitStatus.SCHEDULED,
                                no_disturbance_cause="群众投诉举报，需现场核查" if kind == "cause" else ""))
        visits = self.ctx.create(Visit, "inspection_visit", visits)
        for v, (entity, _key, item, _day, _kind) in zip(visits, specs, strict=True):
            tasks.append(InspectionTask(organization_id=item.organization_id, source=TaskSource.COMPLAINT, entity=entity, item=item,
                                        earliest=v.window_start, latest=v.window_end, officers_needed=2,
                                        reason="投诉举报核查", approval_reference=f"投诉核查审批〔{YEAR}〕{v.pk}号", visit=v))
        tasks = self.ctx.create(InspectionTask, "inspection_task", tasks)
        self.counts["tasks"] += len(tasks)
        by_visit = {t.visit_id: [t] for t in tasks}
        codes, officers, records, overrides = [], [], [], []
        for v, spec in zip(visits, specs, strict=True):
            kind = spec[4]
            officers += self.staff(v, [v.organization_id], bad_certificate=(kind == "bad_certificate"))
            if kind != "no_code":
                codes.append(self.code(v, "E"))
            records.append(self.record(v, by_visit[v.pk]))
            self.history.append(VisitStatusChange(visit=v, from_status="", to_status="scheduled", action="schedule",
                                                  actor_name=self.org_name[v.organization_id], reason="投诉举报",
                                                  occurred_at=_aware(v.window_start - dt.timedelta(days=1), 16)))
            self.progress(v, ["open", "arrive", "complete"], at=v.window_start)
            if kind == "repeat" and self.leader is not None:
                overrides.append(GateOverride(visit=v, organization_id=v.organization_id, rules=["yearly_cap"],
                                              messages=["【未超过年度检查频次上限】该企业本年度该事项检查已达上限"],
                                              approver=self.leader, approver_name=str(self.leader),
                                              reason="群众反复投诉，经分管领导批准再次核查", actor=self.leader))
        Visit.objects.bulk_update(visits, ["status"])
        VisitOfficer.objects.bulk_create(officers)
        self.codes += self.ctx.create(InspectionCode, "inspection_code", codes)
        self.ctx.create(InspectionRecord, "inspection_record", records)
        GateOverride.objects.bulk_create(overrides)
        for o in overrides:
            self.audit.append(AuditItem("inspection.gates_overridden", o.visit, {}, {**self.ctx.audit_data, "rules": o.rules,
                                                                                    "approver_name": o.approver_name, "reason": o.reason}))
        self.counts["visits"] += len(visits)
        return visits, by_visit

    def non_enforcement(self) -> None:
        rng = self.rng
        keys = ("service_center", "market", "emergency", "hrss", "legal_office", "street_meixu", "street_juxian")
        visits = []
        for _ in range(NON_ENFORCEMENT_VISITS):
            key = rng.choice(keys)
            day = rng.choice(self.workdays)
            names = "、".join(f"{rng.choice('王李张刘陈杨黄赵吴周')}{rng.choice('伟芳敏静强磊军洋')}" for _ in range(2))
            visits.append(Visit(
                organization=self.orgs[key], entity=next(self.spare), kind=VisitKind.NON_ENFORCEMENT,
                purpose=rng.choice(VisitPurpose.values), participants=names, window_start=day, window_end=day,
                description=rng.choice(("惠企政策宣讲", "营商环境走访调研", "《民法典》普法进企业", "企业诉求现场办理")),
                status=VisitStatus.COMPLETED,
            ))
        visits = self.ctx.create(Visit, "inspection_visit", visits)
        codes, records = [], []
        for n, v in enumerate(visits):
            codes.append(self.code(v, "N"))
            start = _aware(v.window_start, 14)
            records.append(InspectionRecord(
                visit=v, organization_id=v.organization_id, arrived_at=start, left_at=start + dt.timedelta(minutes=70),
                findings="顺便查看了消防通道，要求整改" if n < 2 else "", completed_at=start + dt.timedelta(minutes=70),
            ))
            self.history.append(VisitStatusChange(visit=v, from_status="", to_status="completed", action="register",
                                                  actor_name=v.organization.name, occurred_at=start))
        self.codes += self.ctx.create(InspectionCode, "inspection_code", codes)
        self.ctx.create(InspectionRecord, "inspection_record", records)
        self.counts["non_enforcement_visits"] = len(visits)

    # --- ratings, upcoming visits, supervision ---------------------------------------------------------------

    def ratings(self) -> None:
        rng = self.rng
        ratings = []
        for code in self.codes:
            v = code.visit
            if v.status != VisitStatus.COMPLETED or v.kind != VisitKind.ENFORCEMENT or rng.random() > RATED_SHARE:
                continue
            score = weighted(rng, ((5, 62), (4, 24), (3, 8), (2, 4), (1, 2)))
            ratings.append(Rating(visit=v, organization=self.legal, score=score,
                                  comment=rng.choice(COMMENTS) if rng.random() < 0.4 else "",
                                  submitted_at=_aware(v.window_end + dt.timedelta(days=rng.randint(0, 6)), 20)))
        self.ctx.create(Rating, "inspection_rating", ratings)
        self.counts["ratings"] = len(ratings)

    def upcoming(self, items) -> None:
        """Two complaint visits scheduled around today for the demo officer account to open live."""
        officer_user = User.objects.filter(username="officer1").first()
        team = self.orgs["enforcement_team"]
        if officer_user is None or not hasattr(officer_user, "officer"):
            return
        until = self.ctx.today + dt.timedelta(days=9)
        colleagues = [o for o in self.pool[team.pk] if o.valid_on(self.ctx.today) and o.valid_on(until)
                      and o.user_id != officer_user.pk]
        mine = next((o for o in self.pool[team.pk] if o.user_id == officer_user.pk), None)
        if mine is None or not (mine.valid_on(self.ctx.today) and mine.valid_on(until)) or not colleagues:
            return
        for n in range(2):
            start = self.ctx.today + dt.timedelta(days=n)
            entity = next(self.spare)
            visit = Visit.objects.create(organization=team, entity=entity, window_start=start, window_end=start + dt.timedelta(days=7),
                                         status=VisitStatus.SCHEDULED)
            InspectionTask.objects.create(organization=team, source=TaskSource.COMPLAINT, entity=entity, item=items["enforcement_team"][n],
                                          earliest=visit.window_start, latest=visit.window_end, reason="投诉举报核查",
                                          approval_reference=f"投诉核查审批〔{start.year}〕D{n + 1}号", visit=visit)
            VisitStatusChange.objects.create(visit=visit, from_status="", to_status="scheduled", action="schedule",
                                             actor_name=team.name, reason="投诉举报")
            VisitOfficer.objects.bulk_create([
                VisitOfficer(visit=visit, officer_id=mine.officer_id, organization=team),
                VisitOfficer(visit=visit, officer_id=self.rng.choice(colleagues).officer_id, organization=team),
            ])
            self.ctx.audit_created("inspection_visit", [visit])

    def findings(self) -> None:
        found = supervision_check(organization=self.legal, period_start=dt.date(YEAR, 1, 1),
                                  period_end=dt.date(YEAR, 12, 31), actor=None, today=self.ctx.today)
        rng = self.rng
        history, items = [], []
        for n, f in enumerate(found):
            when = _aware(dt.date(YEAR + 1, 1, 10) + dt.timedelta(days=n % 20), 10)
            steps = weighted(rng, ((("confirm", "rectify"), 45), (("confirm",), 20), (("confirm", "issue_opinion"), 15),
                                   (("dismiss",), 10), ((), 10)))
            status = FindingStatus.OPEN
            for action in steps:
                target = {"confirm": "confirmed", "rectify": "rectified", "issue_opinion": "opinion_issued", "dismiss": "dismissed"}[action]
                reason = {"confirm": "经核实属实", "rectify": "部门已提交整改报告", "issue_opinion": "",
                          "dismiss": "经核实系系统补录，检查程序合法"}[action]
                history.append(FindingStatusChange(finding=f, from_status=status, to_status=target, action=action, reason=reason,
                                                   actor=self.legal_user, actor_name=str(self.legal_user), occurred_at=when))
                status = target
                f.status_reason = reason or f.status_reason
                if action == "issue_opinion":
                    f.opinion_reference = f"甬高新法监〔{YEAR + 1}〕{n + 1}号"
            if steps:
                items.append(AuditItem("inspection.finding_" + {"confirmed": "confirmed", "rectified": "rectified",
                                                                  "opinion_issued": "opinion_issued", "dismissed": "dismissed"}[status],
                                       f, {"status": ["open", status]}, self.ctx.audit_data))
            f.status = status
        Finding.objects.bulk_update(found, ["status", "status_reason", "opinion_reference"])
        FindingStatusChange.objects.bulk_create(history)
        audit_record_many(items=items)
        self.counts["findings"] = len(found)

    def previous_year(self, items) -> None:
        """2023, before coordination: each department's own visits, recorded in the system afterwards.

        A few departments already went together (联合执法) and some merged their
        own items at one enterprise; the figures come out of these records as in
        2024, so the year-on-year comparison has something to compare with.
        """
        rng = self.rng
        year = YEAR - 1
        days = self.calendar.working_days(dt.date(year, 2, 1), dt.date(year, 12, 15))
        plans = self.ctx.create(InspectionPlan, "inspection_plan", [
            InspectionPlan(organization=self.orgs[k], title=f"{self.orgs[k].name}{year}年度涉企行政检查计划", kind=PlanKind.ANNUAL,
                           period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31), status=PlanStatus.APPROVED,
                           submitted_at=_aware(dt.date(year, 1, 6), 10), decided_at=_aware(dt.date(year, 1, 16), 10),
                           decided_by=self.legal_user, decision_reason="同意")
            for k in DEPARTMENTS])
        plan_of = {p.organization_id: p for p in plans}
        groups: list[tuple[MarketEntity, list[InspectionItem], dt.date]] = []
        for key in DEPARTMENTS:
            for n in range(SINGLES[key] // 2):
                size = 2 if n % 12 == 0 else 1
                groups.append((next(self.spare), rng.sample(items[key], size), rng.choice(days)))
        for _ in range(4):
            a, b = rng.sample(DEPARTMENTS, 2)
            groups.append((next(self.spare), [rng.choice(items[a]), rng.choice(items[b])], rng.choice(days)))
        visits = self.ctx.create(Visit, "inspection_visit", [
            Visit(organization_id=chosen[0].organization_id, entity=entity, window_start=day, window_end=day,
                  status=VisitStatus.COMPLETED, description="系统上线前的检查，事后补录")
            for entity, chosen, day in groups])
        tasks, officers, records = [], [], []
        for v, (entity, chosen, day) in zip(visits, groups, strict=True):
            for item in chosen:
                tasks.append(InspectionTask(organization_id=item.organization_id, plan=plan_of[item.organization_id],
                                            entity=entity, item=item, earliest=day - dt.timedelta(days=20),
                                            latest=day + dt.timedelta(days=20), reason="年度计划检查", visit=v))
            self.history.append(VisitStatusChange(visit=v, from_status="", to_status="completed", action="record",
                                                  actor_name=self.org_name[v.organization_id], reason="事后补录",
                                                  occurred_at=_aware(day, 17)))
        tasks = self.ctx.create(InspectionTask, "inspection_task", tasks)
        by_visit: dict[int, list[InspectionTask]] = defaultdict(list)
        for t in tasks:
            by_visit[t.visit_id].append(t)
        for v in visits:
            officers += self.staff(v, sorted({t.organization_id for t in by_visit[v.pk]}))
            records.append(self.record(v, by_visit[v.pk]))
        VisitOfficer.objects.bulk_create(officers, batch_size=2000)
        self.ctx.create(InspectionRecord, "inspection_record", records)
        self.counts["tasks"] += len(tasks)
        self.counts["visits"] += len(visits)
        self.counts["plans"] += len(plans)

    def build(self) -> StepResult:
        ctx = self.ctx
        ctx.total(6)
        items = self.items()
        plans = self.plans()
        entities = list(
            MarketEntity.objects.filter(
                organization__path__startswith=self.zone.path, status="active", no_disturbance=False,
                registered_on__lt=dt.date(YEAR, 1, 1), voided_at__isnull=True,
            ).order_by("uscc")[:6000]
        )
        self.pool = self.officers()
        self.codes: list[InspectionCode] = []
        tasks = self.tasks(items, plans, entities)
        run_visits = self.run(tasks)
        tasks_of: dict[int, list[InspectionTask]] = defaultdict(list)
        by_pk = {t.pk: t for t in tasks}
        for pk, visit_id in InspectionTask.objects.filter(pk__in=by_pk).values_list("pk", "visit_id"):
            by_pk[pk].visit_id = visit_id
            tasks_of[visit_id].append(by_pk[pk])
        for v in run_visits:
            for t in tasks_of[v.pk]:
                t.visit = v
        self.carry_out(run_visits, tasks_of, issued=True)
        inv_visits, inv_tasks = self.invitations(items)
        self.carry_out(inv_visits, inv_tasks, issued=False)
        self.complaints(items, run_visits, tasks_of)
        self.non_enforcement()
        self.previous_year(items)
        VisitStatusChange.objects.bulk_create(self.history, batch_size=2000)
        audit_record_many(items=self.audit)
        self.ratings()
        self.upcoming(items)
        self.findings()
        figures = inspection_demo_figures(zone=self.zone)
        if (figures.joint_visits, figures.disturbances_avoided) != (REPORT_JOINT_INSPECTIONS, REPORT_DISTURBANCES_AVOIDED):
            raise _base().DemoError(f"the demo's 2024 inspections give {figures.joint_visits} joint inspections and "
                            f"{figures.disturbances_avoided} disturbances avoided, not the report's 21 and 302")
        return _base().StepResult("inspections", created=dict(self.counts))


def build_inspections(ctx: DemoContext) -> StepResult:
    """The demo step: the zone's 2024 inspections (see the module docstring)."""
    scope = [ctx.orgs[k] for k in DEPARTMENTS]
    existing = InspectionItem.objects.filter(organization__in=scope).count()
    if existing:
        return ctx.skipped("inspections", inspection_items=existing, visits=Visit.objects.filter(
            organization__path__startswith=ctx.orgs["zone"].path).count())
    return _Builder(ctx).build()


__all__ = ["REPORT_DISTURBANCES_AVOIDED", "REPORT_JOINT_INSPECTIONS", "build_inspections", "inspection_demo_figures"]
