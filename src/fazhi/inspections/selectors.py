"""Reads of the inspections app (STYLE R6), and the figures the annual report quotes.

Every list is scoped by ``visible_to(user)``. The figures are named functions
whose docstrings give their definition (口径, docs/domain/inspections.md):

* ``visit_figures``: tasks, visits, joint inspections (visits carrying tasks of
  two or more departments) and disturbances avoided (tasks − visits) of a set
  of visits;
* ``inspection_figures``: the same over the enforcement visits carried out in a
  year — the report's “开展联合行政检查21次，减少扰企302次”.

Other apps read inspections through these functions only (the disputes module:
``finding_list``; reporting: ``inspection_figures``, ``finding_stats``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core.identifiers import mask_name
from fazhi.core.inspection_code import CodeVerdict
from fazhi.inspections.constants import (
    RATING_DAYS,
    RATING_MIN_AGGREGATE,
    FindingRule,
    ItemStatus,
    Outcome,
    PlanStatus,
    VisitKind,
    VisitPurpose,
    VisitStatus,
)
from fazhi.inspections.models import (
    CoordinationRun,
    Finding,
    InspectionItem,
    InspectionPlan,
    InspectionTask,
    Invitation,
    Rating,
    Visit,
)
from fazhi.organizations.models import Organization

__all__ = [
    "RatingsForYear",
    "VisitFigures",
    "finding_list",
    "finding_stats",
    "inspection_figures",
    "invitation_list",
    "item_list",
    "joint_visits",
    "plan_list",
    "public_code_view",
    "public_task_results",
    "published_plans",
    "rating_list",
    "rating_summary",
    "ratings_for_year",
    "run_figures",
    "run_list",
    "task_list",
    "visit_figures",
    "visit_list",
    "year_or_default",
    "year_or_none",
]

#: the years a page, filter or API parameter may ask for (others are ignored, not a 500)
YEARS = range(1900, 3000)


def year_or_none(value) -> int | None:
    """``value`` (a query parameter or int) as a year in ``YEARS``, else None."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if year in YEARS else None


def year_or_default(value, *, user) -> int:
    """``value`` as a year in ``YEARS``, else the latest year the user's scope carried out a visit, else this year.

    A malformed or out-of-range ``year`` parameter thus falls back to the page's default year (never a 400).
    """
    return year_or_none(value) or latest_year(user=user) or timezone.localdate().year


def _id_or_none(value) -> int | None:
    """``value`` as a positive id, else None (a malformed id filter is ignored)."""
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return pk if pk > 0 else None


def _get(qs: QuerySet, pk) -> object:
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- items, plans, tasks ------------------------------------------------------


def item_list(*, user, filters: dict | None = None) -> QuerySet:
    qs = InspectionItem.objects.visible_to(user).active().select_related("organization", "catalogue_item")
    f = filters or {}
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if organization := _id_or_none(f.get("organization")):
        qs = qs.filter(organization_id=organization)
    return qs.order_by("organization__path", "code")


def item_get_for_user(*, user, item_id) -> InspectionItem:
    return _get(item_list(user=user), item_id)


def plan_list(*, user, filters: dict | None = None) -> QuerySet:
    qs = (
        InspectionPlan.objects.visible_to(user)
        .active()
        .select_related("organization")
        .annotate(task_count=Count("tasks", filter=Q(tasks__voided_at__isnull=True)))
    )
    f = filters or {}
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if year := year_or_none(f.get("year")):
        qs = qs.filter(period_start__year=year)
    return qs.order_by("-period_start", "organization__path", "pk")


def plan_get_for_user(*, user, plan_id) -> InspectionPlan:
    return _get(plan_list(user=user), plan_id)


@dataclass(frozen=True)
class PublishedPlan:
    """What the public plans page shows of an approved plan: no enterprise is named."""

    organization: str
    title: str
    kind: str
    period_start: dt.date
    period_end: dt.date
    approved_on: dt.date | None
    lines: list[tuple[str, str, int]]  # (item, legal basis, enterprises)


def published_plans(*, zone: Organization, year: int | None = None) -> list[PublishedPlan]:
    plans = InspectionPlan.objects.approved().filter(organization__path__startswith=zone.path).select_related("organization")
    if year := year_or_none(year):
        plans = plans.filter(period_start__year=year)
    out = []
    for p in plans.order_by("-period_start", "organization__path"):
        counts = (
            p.tasks.filter(voided_at__isnull=True)
            .values("item__name", "item__catalogue_item__legal_basis")
            .annotate(n=Count("entity", distinct=True))
            .order_by("item__name")
        )
        out.append(
            PublishedPlan(
                organization=p.organization.name, title=p.title, kind=p.get_kind_display(),
                period_start=p.period_start, period_end=p.period_end,
                approved_on=timezone.localtime(p.decided_at).date() if p.decided_at else None,
                lines=[(c["item__name"], c["item__catalogue_item__legal_basis"], c["n"]) for c in counts],
            )
        )
    return out


def task_list(*, user, filters: dict | None = None) -> QuerySet:
    qs = InspectionTask.objects.visible_to(user).active().select_related("organization", "entity", "item", "plan", "visit")
    f = filters or {}
    for key in ("plan", "source", "visit"):
        if f.get(key):
            qs = qs.filter(**{f"{key}_id" if key in ("plan", "visit") else key: f[key]})
    if f.get("unplaced"):
        qs = qs.filter(visit__isnull=True)
    return qs.order_by("earliest", "pk")


# --- coordination and visits -------------------------------------------------------


def run_list(*, user) -> QuerySet:
    return CoordinationRun.objects.visible_to(user).active().select_related("organization")


def run_get_for_user(*, user, run_id) -> CoordinationRun:
    return _get(run_list(user=user), run_id)


def visit_list(*, user, filters: dict | None = None) -> QuerySet:
    qs = Visit.objects.visible_to(user).active().select_related("organization", "entity")
    f = filters or {}
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    if f.get("kind"):
        qs = qs.filter(kind=f["kind"])
    if year := year_or_none(f.get("year")):
        qs = qs.filter(window_start__year=year)
    if run := _id_or_none(f.get("run")):
        qs = qs.filter(run_id=run)
    if f.get("joint"):
        qs = qs.filter(pk__in=_joint_ids(qs))
    if f.get("mine"):
        qs = qs.filter(officers__officer__user=user)
    return qs.order_by("-window_start", "-pk")


def visit_get_for_user(*, user, visit_id) -> Visit:
    return _get(visit_list(user=user), visit_id)


@dataclass(frozen=True)
class VisitFigures:
    """Tasks, visits, joint inspections and disturbances avoided of a set of visits (口径 in the docstrings)."""

    tasks: int
    visits: int
    joint_visits: int

    @property
    def disturbances_avoided(self) -> int:
        """减少扰企: tasks − visits (each task beyond the first on a visit is one entry into the enterprise spared)."""
        return self.tasks - self.visits


def _per_visit(visits: QuerySet):
    return (
        InspectionTask.objects.filter(visit__in=visits.values("pk"), voided_at__isnull=True)
        .values("visit_id")
        .annotate(n=Count("pk"), departments=Count("organization", distinct=True))
    )


def _joint_ids(visits: QuerySet) -> list[int]:
    return [r["visit_id"] for r in _per_visit(visits) if r["departments"] >= 2]


def visit_figures(visits: QuerySet) -> VisitFigures:
    """Over ``visits`` (enforcement visits carrying tasks): tasks carried, visits, and joint inspections
    (联合检查: a visit carrying tasks of two or more departments)."""
    rows = list(_per_visit(visits))
    return VisitFigures(
        tasks=sum(r["n"] for r in rows),
        visits=len(rows),
        joint_visits=sum(1 for r in rows if r["departments"] >= 2),
    )


def carried_out(*, user, year: int) -> QuerySet:
    """Enforcement visits completed, whose window starts in ``year`` (the records behind the year's figures)."""
    return (
        Visit.objects.visible_to(user)
        .carried_out()
        .filter(kind=VisitKind.ENFORCEMENT, window_start__year=year)
    )


def latest_year(*, user) -> int | None:
    """The latest year (up to this one) in which the user's scope carried out a visit."""
    day = (
        Visit.objects.visible_to(user)
        .carried_out()
        .filter(window_start__lte=timezone.localdate())
        .order_by("-window_start")
        .values_list("window_start", flat=True)
        .first()
    )
    return day.year if day else None


def inspection_figures(*, user, year: int) -> VisitFigures:
    """The report's inspection figures for ``year`` (seed 2024: 21 joint inspections, 302 disturbances avoided).

    Over the enforcement visits carried out (completed) in the year, whatever
    placed them (a coordination run, an invitation, a draw or complaint):
    joint inspections = those visits carrying tasks of ≥ 2 departments;
    disturbances avoided = tasks carried − visits.
    """
    return visit_figures(carried_out(user=user, year=year))


def joint_visits(*, user, year: int) -> QuerySet:
    """The joint inspections counted by ``inspection_figures``."""
    qs = carried_out(user=user, year=year)
    return qs.filter(pk__in=_joint_ids(qs)).select_related("organization", "entity").order_by("window_start", "pk")


def run_figures(run: CoordinationRun) -> VisitFigures:
    """The run's visits as they stand (after hand adjustments; cancelled and voided ones left out)."""
    return visit_figures(run.visits.filter(voided_at__isnull=True).exclude(status=VisitStatus.CANCELLED))


# --- invitations -------------------------------------------------------------------


def invitation_list(*, user, filters: dict | None = None) -> QuerySet:
    qs = Invitation.objects.visible_to(user).active().select_related("entity", "visit")
    f = filters or {}
    if f.get("status"):
        qs = qs.filter(status=f["status"])
    return qs.order_by("-submitted_at", "-pk")


def invitation_get_for_user(*, user, invitation_id) -> Invitation:
    return _get(invitation_list(user=user), invitation_id)


# --- the public code page -------------------------------------------------------------


@dataclass
class PublicCodeView:
    """Everything the public code page may show, and nothing more (issue 5 item 6).

    For a code that is not valid only ``valid`` (False) and ``verdict`` are
    filled in (plus ``can_rate`` for a completed visit whose rating window is
    still open).
    """

    valid: bool
    verdict: str
    kind: str = ""
    organizations: list[str] = field(default_factory=list)
    items: list[tuple[str, str]] = field(default_factory=list)
    officers: list[tuple[str, str, dt.date | None, dt.date | None]] = field(default_factory=list)
    purpose: str = ""
    window: tuple[dt.date, dt.date] | None = None
    status: str = ""
    can_rate: bool = False
    rated: bool = False


VERDICT_TEXT = {
    "valid": "有效",
    CodeVerdict.MALFORMED: "无效：不是本平台的检查码",
    CodeVerdict.FORGED: "无效：检查码被篡改或伪造",
    CodeVerdict.EXPIRED: "无效：检查码已过期（检查时间窗口已结束）",
    "unknown": "无效：查无此检查码",
    "revoked": "无效：检查码已作废",
    "cancelled": "无效：该检查已取消",
}


def public_code_view(code_text: str, *, today: dt.date | None = None) -> PublicCodeView:
    """What the public page shows for ``code_text`` (read from a QR image)."""
    from fazhi.inspections.services.invitations import code_lookup, rating_allowed

    today = today or timezone.localdate()
    check, code = code_lookup(code_text, today=today)
    if not check.authentic:
        return PublicCodeView(False, VERDICT_TEXT[check.verdict])
    if code is None:
        return PublicCodeView(False, VERDICT_TEXT["unknown"])
    visit = code.visit
    can_rate = rating_allowed(code, today=today)
    rated = Rating.objects.filter(visit=visit).exists()
    if visit.status == VisitStatus.CANCELLED or visit.voided_at is not None:
        return PublicCodeView(False, VERDICT_TEXT["cancelled"])
    if code.revoked_at is not None:
        return PublicCodeView(False, VERDICT_TEXT["revoked"])
    if check.verdict == CodeVerdict.EXPIRED:
        return PublicCodeView(False, VERDICT_TEXT[CodeVerdict.EXPIRED], can_rate=can_rate)
    view = PublicCodeView(True, VERDICT_TEXT["valid"], window=(visit.window_start, visit.window_end),
                          status=visit.get_status_display(), can_rate=can_rate, rated=rated)
    if visit.kind == VisitKind.ENFORCEMENT:
        view.kind = _("行政检查")
        tasks = list(visit.tasks.filter(voided_at__isnull=True).select_related("organization", "item__catalogue_item"))
        view.organizations = list(dict.fromkeys([visit.organization.name] + [t.organization.name for t in tasks]))
        view.items = list(dict.fromkeys((t.item.name, t.item.legal_basis) for t in tasks))
        for vo in visit.officers.select_related("officer", "certificate"):
            cert = vo.certificate
            view.officers.append(
                (mask_name(vo.officer.name), cert.number if cert else "", cert.valid_from if cert else None,
                 cert.valid_until if cert else None)
            )
    else:
        view.kind = _("非执法类入企")
        view.organizations = [visit.organization.name]
        view.purpose = str(dict(VisitPurpose.choices).get(visit.purpose, ""))
        names = [p.strip() for p in visit.participants.replace(",", "、").split("、") if p.strip()]
        view.officers = [(mask_name(n), "", None, None) for n in names]
    return view


# --- public results of tasks (the random draws' public page) -------------------------------

#: visit statuses shown to the public; a proposed visit is the coordination's internal draft
PUBLIC_VISIT_STATUSES = (
    VisitStatus.SCHEDULED, VisitStatus.OPENED, VisitStatus.IN_PROGRESS, VisitStatus.COMPLETED, VisitStatus.CANCELLED,
)
_ID_CHUNK = 2000


def public_task_results(*, task_ids: Iterable[int]) -> dict[int, dict]:
    """What may be published of each task's inspection (双随机、一公开: results on the draw's public page).

    For each id of an existing task, ``{"status", "outcome", "completed_on"}``:

    * ``status``: text, "" until a visit is scheduled for the task (a proposed
      coordination result is not public), then the visit's status label
      (已排期、已亮码、检查中、已完成、已取消); “任务已撤销” for a voided task;
    * ``outcome``: the label of the record's outcome (未发现问题、责令整改、立案查处)
      once the visit is completed (its record passed the completeness rules), else "";
    * ``completed_on``: the local date the visit was completed, else None.

    Nothing else leaves: no officer, finding, checklist, case number, deadline
    or time of day. Public, so unscoped; unknown ids are left out. A joint
    visit's outcome is the visit's, shown for each of its tasks.
    """
    ids = sorted({int(i) for i in task_ids if i})
    statuses = dict(VisitStatus.choices)
    outcomes = dict(Outcome.choices)
    out: dict[int, dict] = {}
    for n in range(0, len(ids), _ID_CHUNK):
        rows = InspectionTask.objects.filter(pk__in=ids[n:n + _ID_CHUNK]).values_list(
            "pk", "voided_at", "visit__status", "visit__voided_at", "visit__record__outcome",
            "visit__record__completed_at", "visit__record__voided_at",
        )
        for pk, voided, status, visit_voided, outcome, completed_at, record_voided in rows:
            result = {"status": "", "outcome": "", "completed_on": None}
            if voided is not None:
                result["status"] = _("任务已撤销")
            elif status in PUBLIC_VISIT_STATUSES and visit_voided is None:
                result["status"] = str(statuses[status])
                if status == VisitStatus.COMPLETED and completed_at is not None and record_voided is None and outcome:
                    result["outcome"] = str(outcomes.get(outcome, ""))
                    result["completed_on"] = timezone.localtime(completed_at).date()
            out[pk] = result
    return out


# --- ratings ------------------------------------------------------------------------------


def rating_list(*, user, year: int | None = None) -> QuerySet:
    """Individual ratings: the legal office only (a department gets an empty list); of visits ending in ``year`` if given."""
    qs = Rating.objects.visible_to(user).select_related("visit", "visit__entity", "visit__organization")
    if year is not None:
        qs = qs.filter(visit__window_end__year=year)
    return qs


@dataclass(frozen=True)
class RatingBucket:
    label: str
    count: int
    average: float | None  # None: fewer than RATING_MIN_AGGREGATE ratings, or the bucket is still open


@dataclass(frozen=True)
class DepartmentRatings:
    organization_id: int
    organization: str
    count: int
    average: float | None
    quarters: list[RatingBucket]


def _quarter(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def _quarter_closed(year: int, q: int, today: dt.date) -> bool:
    end = dt.date(year, q * 3, 1) + dt.timedelta(days=31)
    end = end.replace(day=1) - dt.timedelta(days=1)
    return today > end + dt.timedelta(days=RATING_DAYS)


def rating_summary(*, user, year: int, today: dt.date | None = None) -> list[DepartmentRatings]:
    """Ratings of the visits each department took part in, as aggregates only.

    A department's figures come in quarters (by the visit's last day). A
    quarter is shown only once no more ratings can arrive for it (its rating
    window has closed) and when it holds at least ``RATING_MIN_AGGREGATE``
    ratings; the year's figure adds up the quarters shown and nothing else. So
    no figure ever rests on fewer than five ratings, and no two figures differ
    by one enterprise's rating. Departments see their own scope; the legal
    office sees every department of the zone.
    """
    today = today or timezone.localdate()
    orgs = Organization.objects.visible_to(user).filter(has_enforcement_authority=True, voided_at__isnull=True)
    by_org: dict[int, dict[tuple[int, int], list[int]]] = defaultdict(lambda: defaultdict(list))
    rows = (
        InspectionTask.objects.filter(
            organization__in=orgs, voided_at__isnull=True, visit__rating__isnull=False, visit__window_end__year=year
        )
        .values_list("organization_id", "visit_id", "visit__window_end", "visit__rating__score")
        .distinct()
    )
    seen: set[tuple[int, int]] = set()
    for org_id, visit_id, day, score in rows:
        if (org_id, visit_id) in seen:
            continue
        seen.add((org_id, visit_id))
        by_org[org_id][_quarter(day)].append(score)
    names = dict(orgs.values_list("pk", "name"))
    out = []
    for org_id in sorted(by_org, key=lambda k: names.get(k, "")):
        quarters = []
        shown: list[int] = []
        for q in range(1, 5):
            scores = by_org[org_id].get((year, q), [])
            ok = len(scores) >= RATING_MIN_AGGREGATE and _quarter_closed(year, q, today)
            quarters.append(RatingBucket(f"{year}Q{q}", len(scores) if ok else 0, round(sum(scores) / len(scores), 1) if ok else None))
            if ok:
                shown += scores
        out.append(
            DepartmentRatings(org_id, names.get(org_id, ""), len(shown), round(sum(shown) / len(shown), 1) if shown else None, quarters)
        )
    return out


@dataclass(frozen=True)
class RatingsForYear:
    """The ratings page of a year: the aggregates everyone sees, and the single ratings (the legal office only)."""

    year: int
    summary: list[DepartmentRatings]
    ratings: QuerySet


def ratings_for_year(*, user, year=None, today: dt.date | None = None) -> RatingsForYear:
    """Ratings of ``year`` — a query parameter as given; malformed or out of range, see ``year_or_default``."""
    resolved = year_or_default(year, user=user)
    return RatingsForYear(
        year=resolved,
        summary=rating_summary(user=user, year=resolved, today=today),
        ratings=rating_list(user=user, year=resolved),
    )


# --- supervision ------------------------------------------------------------------------------


def finding_list(*, user, filters: dict | None = None) -> QuerySet:
    """Supervision findings the user may see (a department: its own; the legal office: the zone).

    ``filters``: rule, status, organization, year, month, visit. The disputes
    module reads findings through this function to turn them into supervision
    opinions; a finding keeps its status and reason here until then.
    """
    qs = Finding.objects.visible_to(user).active().select_related("organization", "entity", "visit")
    f = filters or {}
    for key in ("rule", "status"):
        if f.get(key):
            qs = qs.filter(**{key: f[key]})
    if organization := _id_or_none(f.get("organization")):
        qs = qs.filter(organization_id=organization)
    if visit := _id_or_none(f.get("visit")):
        qs = qs.filter(visit_id=visit)
    if year := year_or_none(f.get("year")):
        qs = qs.filter(visit_day__year=year)
    if (month := _id_or_none(f.get("month"))) and month <= 12:
        qs = qs.filter(visit_day__month=month)
    return qs.order_by("-visit_day", "-pk")


def finding_get_for_user(*, user, finding_id) -> Finding:
    return _get(finding_list(user=user), finding_id)


@dataclass(frozen=True)
class FindingStats:
    year: int
    total: int
    by_department: list[tuple[str, int, dict[str, int]]]  # (department, total, {rule: count})
    by_month: dict[str, list[int]]  # rule label → 12 monthly counts
    previous_total: int


def finding_stats(*, user, year: int) -> FindingStats:
    """Findings per department and rule, and the monthly trend by rule (for the ECharts chart)."""
    qs = finding_list(user=user, filters={"year": year})
    labels = dict(FindingRule.choices)
    dept: dict[str, Counter] = defaultdict(Counter)
    months: dict[str, list[int]] = {}
    for org, rule, day in qs.values_list("organization__name", "rule", "visit_day"):
        dept[org][rule] += 1
        months.setdefault(str(labels[rule]), [0] * 12)[day.month - 1] += 1
    by_department = sorted(
        ((org, sum(c.values()), {str(labels[k]): v for k, v in c.items()}) for org, c in dept.items()),
        key=lambda x: -x[1],
    )
    return FindingStats(
        year=year,
        total=sum(x[1] for x in by_department),
        by_department=by_department,
        by_month=months,
        previous_total=finding_list(user=user, filters={"year": year - 1}).count(),
    )


def published_item_count(*, zone: Organization) -> int:
    return InspectionItem.objects.filter(
        organization__path__startswith=zone.path, status=ItemStatus.PUBLISHED, voided_at__isnull=True
    ).count()


def plans_awaiting_review(*, user) -> int:
    return InspectionPlan.objects.visible_to(user).active().filter(status=PlanStatus.SUBMITTED).count()
