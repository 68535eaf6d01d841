"""Reads of the disputes app, and the dispute indicators — one named function per figure (口径).

Every read starts from ``Model.objects.visible_to(user)`` (STYLE R6): a
department sees the cases it is party to (as owner, respondent or addressee),
the legal office and leadership their whole zone.

The indicators (docs/domain/disputes.md gives each 口径 in full):

* a year's figures concern the cases **received** in that year (收案年度), in
  their state on ``as_of`` (default: 31 December of that year) — so that
  received = concluded + pending, as the annual report states them
  (16 = 15 + 1);
* hearings are counted by the day they were held;
* ``organization`` narrows to the cases that concern that organization's
  subtree (as the office that handles them, as respondent or as defendant);
  None means every case the user may see;
* the arithmetic of each rate is in ``fazhi.core.dispute_indicators``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, fields

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from fazhi.config.selectors import work_calendar
from fazhi.core import dispute_indicators as formulas
from fazhi.core import reconsideration as core
from fazhi.core import supervision_opinions as core_opinions
from fazhi.core.litigation import LOSS_OUTCOMES, Outcome
from fazhi.disputes.constants import (
    CaseRole,
    DecisionType,
    Instance,
    OpinionStatus,
    ReconsiderationStatus,
)
from fazhi.disputes.models import (
    LitigationCase,
    LitigationHearing,
    ReconsiderationCase,
    ReconsiderationSuspension,
    StatusChange,
    SupervisionOpinion,
)

__all__ = [
    "INDICATORS",
    "DisputeFigures",
    "DisputeIndicators",
    "dispute_figures",
    "dispute_indicator_rows",
    "dispute_indicators",
    "disputes_new",
    "head_appearance_rate",
    "head_appearance_required",
    "litigation_concluded",
    "litigation_get_for_user",
    "litigation_lawyer_only",
    "litigation_list",
    "litigation_loss_rate",
    "litigation_lost",
    "litigation_pending",
    "litigation_received",
    "opinion_get_for_user",
    "opinion_is_overdue",
    "opinion_list",
    "opinions_overdue",
    "reconsideration_answered",
    "reconsideration_concluded",
    "reconsideration_correction_rate",
    "reconsideration_deemed_acceptance_due",
    "reconsideration_get_for_user",
    "reconsideration_list",
    "reconsideration_pending",
    "reconsideration_received",
    "reconsideration_resolution_rate",
    "reconsideration_sued_after",
    "reconsideration_suspended",
    "reconsideration_suspension_limits_due",
    "year_param",
]

#: the years a list filter or the dashboard accepts; others are ignored (the indicators API refuses them)
YEARS = range(1900, 3000)


def year_param(value) -> int | None:
    """A query-string year as an int, or None when it is missing, not a number or outside ``YEARS``."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if year in YEARS else None


# ---- lists and records ----------------------------------------------------------------------


def reconsideration_list(*, user, role: str | None = None, status: str | None = None, year: int | None = None,
                         q: str = "", include_voided: bool = False):
    qs = ReconsiderationCase.objects.visible_to(user).select_related("organization", "respondent")
    if not include_voided:
        qs = qs.filter(voided_at__isnull=True)
    if role:
        qs = qs.filter(role=role)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(received_on__year=year)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(applicant_name__icontains=q) | Q(respondent_name__icontains=q)
                       | Q(disputed_act__icontains=q) | Q(penalty_case_number__icontains=q))
    return qs


def reconsideration_get_for_user(*, user, pk: int) -> ReconsiderationCase:
    case = (
        ReconsiderationCase.objects.visible_to(user)
        .select_related("organization", "respondent")
        .prefetch_related("suspensions", "incidental_reviews", "litigation_cases")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404("reconsideration case")
    return case


def history_of(obj) -> list[StatusChange]:
    kind = {ReconsiderationCase: "reconsideration", LitigationCase: "litigation",
            SupervisionOpinion: "opinion"}[type(obj)]
    return list(StatusChange.objects.filter(**{kind: obj}).select_related("actor").order_by("created_at", "pk"))


def litigation_list(*, user, status: str | None = None, year: int | None = None, instance: str | None = None,
                    q: str = "", include_voided: bool = False):
    qs = LitigationCase.objects.visible_to(user).select_related("organization", "reconsideration_case")
    if not include_voided:
        qs = qs.filter(voided_at__isnull=True)
    if status:
        qs = qs.filter(status=status)
    if instance:
        qs = qs.filter(instance=instance)
    if year:
        qs = qs.filter(complaint_received_on__year=year)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(plaintiff_name__icontains=q) | Q(court__icontains=q)
                       | Q(disputed_act__icontains=q))
    return qs


def litigation_get_for_user(*, user, pk: int) -> LitigationCase:
    case = (
        LitigationCase.objects.visible_to(user)
        .select_related("organization", "reconsideration_case", "previous")
        .prefetch_related("hearings", "later_stages")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404("litigation case")
    return case


def opinion_list(*, user, status: str | None = None, overdue_on: dt.date | None = None, q: str = "",
                 include_voided: bool = False):
    qs = SupervisionOpinion.objects.visible_to(user).select_related("organization", "department")
    if not include_voided:
        qs = qs.filter(voided_at__isnull=True)
    if status:
        qs = qs.filter(status=status)
    if overdue_on is not None:
        qs = qs.filter(status=OpinionStatus.ISSUED, rectification_deadline__lt=overdue_on)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q) | Q(department__name__icontains=q))
    return qs


def opinion_get_for_user(*, user, pk: int) -> SupervisionOpinion:
    opinion = SupervisionOpinion.objects.visible_to(user).select_related("organization", "department").filter(
        pk=pk).first()
    if opinion is None:
        raise Http404("opinion")
    return opinion


def opinion_is_overdue(opinion: SupervisionOpinion, *, today: dt.date) -> bool:
    """逾期未回复: still issued (waiting for the department's reply) and ``today`` is after the
    rectification deadline; an opinion without a deadline (a 行政复议意见书 not yet signed for) is not."""
    return core_opinions.is_overdue(status=opinion.status, due=opinion.rectification_deadline, today=today)


def opinions_overdue(*, user, today: dt.date):
    """逾期未回复的意见书: still waiting for the department's reply after the rectification deadline.

    A 行政复议意见书 not yet signed for has no deadline yet and is not listed.
    """
    return [o for o in opinion_list(user=user, overdue_on=today) if opinion_is_overdue(o, today=today)]


def reconsideration_deemed_acceptance_due(*, user, today: dt.date) -> list[tuple[ReconsiderationCase, dt.date]]:
    """Cases whose art. 30 review lapsed before ``today`` without a decision: (case, deemed acceptance day)."""
    cal = work_calendar()
    out = []
    for case in reconsideration_list(user=user, role=CaseRole.BODY, status=ReconsiderationStatus.RECEIVED):
        day = core.deemed_acceptance_on(review_start=case.review_start, today=today, calendar=cal)
        if day is not None:
            out.append((case, day))
    return out


def reconsideration_suspension_limits_due(*, user, today: dt.date):
    """Open suspensions on grounds (1), (2), (4) of art. 39 that have run 60 days (art. 41(5)):
    (case, suspension, SuspensionLimit)."""
    cal = work_calendar()
    out = []
    qs = (
        ReconsiderationSuspension.objects.visible_to(user)
        .filter(voided_at__isnull=True, resumed_on__isnull=True, case__status=ReconsiderationStatus.SUSPENDED,
                case__voided_at__isnull=True)
        .select_related("case")
    )
    for s in qs:
        limit = core.suspension_limit(ground=s.ground, suspended_on=s.suspended_on, resumed_on=None, today=today,
                                      calendar=cal)
        if limit.due:
            out.append((s.case, s, limit))
    return out


# ---- indicators: reconsideration ------------------------------------------------------------


def _as_of(year: int, as_of: dt.date | None) -> dt.date:
    return as_of or dt.date(year, 12, 31)


def _reconsiderations(user, organization, year: int, role: str = CaseRole.BODY):
    qs = ReconsiderationCase.objects.visible_to(user).filter(voided_at__isnull=True, role=role,
                                                            received_on__year=year)
    if organization is not None:
        qs = qs.of_organization(organization)
    return qs


def _concluded(qs, as_of: dt.date):
    return qs.filter(concluded_on__isnull=False, concluded_on__lte=as_of)


def reconsideration_received(*, user, organization=None, year: int, role: str = CaseRole.BODY) -> int:
    """收到行政复议案件: applications received in ``year`` (收到申请之日) by the body (受理, default)
    or, with ``role="respondent"``, application copies the departments received as respondent (应议)."""
    return _reconsiderations(user, organization, year, role).count()


def reconsideration_answered(*, user, organization=None, year: int) -> int:
    """行政应议案件: cases of ``year`` in which a department answered as respondent before another body."""
    return reconsideration_received(user=user, organization=organization, year=year, role=CaseRole.RESPONDENT)


def reconsideration_concluded(*, user, organization=None, year: int, as_of: dt.date | None = None,
                              role: str = CaseRole.BODY) -> int:
    """已办结: cases received in ``year`` that reached a conclusion (不予受理、视为放弃、驳回申请、决定、
    调解、终止) on or before ``as_of``."""
    return _concluded(_reconsiderations(user, organization, year, role), _as_of(year, as_of)).count()


def reconsideration_pending(*, user, organization=None, year: int, as_of: dt.date | None = None,
                            role: str = CaseRole.BODY) -> int:
    """在办: cases received in ``year`` not concluded on ``as_of`` (received − concluded; suspended ones included)."""
    return reconsideration_received(user=user, organization=organization, year=year, role=role) - \
        reconsideration_concluded(user=user, organization=organization, year=year, as_of=as_of, role=role)


def reconsideration_suspended(*, user, organization=None, year: int, as_of: dt.date | None = None,
                              role: str = CaseRole.BODY) -> int:
    """中止: cases received in ``year``, not concluded on ``as_of``, under a suspension that had begun
    and was not yet resumed on that day."""
    day = _as_of(year, as_of)
    open_suspension = ReconsiderationSuspension.objects.filter(
        case=OuterRef("pk"), voided_at__isnull=True, suspended_on__lte=day,
    ).filter(Q(resumed_on__isnull=True) | Q(resumed_on__gt=day))
    qs = _reconsiderations(user, organization, year, role).exclude(concluded_on__lte=day)
    return qs.filter(Exists(open_suspension)).count()


def _decisions(user, organization, year, as_of, role) -> Counter:
    qs = _concluded(_reconsiderations(user, organization, year, role), _as_of(year, as_of)).filter(
        status=ReconsiderationStatus.DECIDED)
    return Counter(qs.values_list("decision_type", flat=True))


def reconsideration_correction_rate(*, user, organization=None, year: int, as_of: dt.date | None = None,
                                    role: str = CaseRole.BODY) -> float | None:
    """纠错率 = (撤销含部分撤销 + 变更 + 确认违法 + 责令履行 + 确认无效) / 作出实体决定（第六十三条至第六十九条）的案件,
    over cases received in ``year`` decided on or before ``as_of``. 驳回申请 (第三十三条), 调解 and 终止 are not
    decisions on the merits."""
    c = _decisions(user, organization, year, as_of, role)
    merits = sum(n for t, n in c.items() if core.DecisionType(t).on_merits)
    return formulas.correction_rate(
        revoked=c[DecisionType.REVOKE] + c[DecisionType.PARTIALLY_REVOKE],
        varied=c[DecisionType.VARY],
        confirmed_illegal=c[DecisionType.CONFIRM_ILLEGAL],
        ordered_to_perform=c[DecisionType.ORDER_PERFORMANCE],
        confirmed_void=c[DecisionType.CONFIRM_VOID],
        decided_on_merits=merits,
    )


def _sued_filter():
    return Exists(LitigationCase.objects.filter(reconsideration_case=OuterRef("pk"), voided_at__isnull=True))


def reconsideration_sued_after(*, user, organization=None, year: int) -> int:
    """经复议后起诉: cases received in ``year`` (受理) for which a litigation case has been recorded
    as following the reconsideration (as recorded when asked: a suit can come after year end)."""
    return _reconsiderations(user, organization, year).filter(_sued_filter()).count()


def reconsideration_resolution_rate(*, user, organization=None, year: int,
                                    as_of: dt.date | None = None) -> float | None:
    """复议阶段化解率 = (调解结案 + 被申请人纠正后申请人撤回而终止 + 维持且未起诉) / 已办结,
    over the body's cases received in ``year`` and concluded on or before ``as_of``."""
    concluded = _concluded(_reconsiderations(user, organization, year), _as_of(year, as_of))
    mediated = concluded.filter(status=ReconsiderationStatus.MEDIATED).count()
    withdrawn = concluded.filter(status=ReconsiderationStatus.TERMINATED, withdrawn_after_correction=True).count()
    upheld_not_sued = concluded.filter(status=ReconsiderationStatus.DECIDED, decision_type=DecisionType.UPHOLD).exclude(
        _sued_filter()).count()
    return formulas.resolution_rate(mediated=mediated, withdrawn_after_correction=withdrawn,
                                    upheld_not_sued=upheld_not_sued, concluded=concluded.count())


# ---- indicators: litigation -----------------------------------------------------------------


def _litigations(user, organization, year: int):
    qs = LitigationCase.objects.visible_to(user).filter(voided_at__isnull=True, complaint_received_on__year=year)
    if organization is not None:
        qs = qs.of_organization(organization)
    return qs


def litigation_received(*, user, organization=None, year: int, instance: str | None = None) -> int:
    """行政应诉案件: cases whose complaint copy (起诉状副本, or appeal) the defendant received in ``year``;
    each instance with its own court case number counts once."""
    qs = _litigations(user, organization, year)
    if instance:
        qs = qs.filter(instance=instance)
    return qs.count()


def litigation_concluded(*, user, organization=None, year: int, as_of: dt.date | None = None) -> int:
    """已结案: cases received in ``year`` whose judgment, ruling or mediation was served (or given) by ``as_of``."""
    return _litigations(user, organization, year).filter(concluded_on__isnull=False,
                                                         concluded_on__lte=_as_of(year, as_of)).count()


def litigation_pending(*, user, organization=None, year: int, as_of: dt.date | None = None) -> int:
    """未结: received in ``year`` − concluded by ``as_of``."""
    return litigation_received(user=user, organization=organization, year=year) - litigation_concluded(
        user=user, organization=organization, year=year, as_of=as_of)


def litigation_lost(*, user, organization=None, year: int, as_of: dt.date | None = None) -> int:
    """败诉: concluded cases of ``year`` whose outcome went against the defendant (判决撤销、履行、给付、
    确认违法、确认无效、变更)."""
    return _litigations(user, organization, year).filter(
        concluded_on__lte=_as_of(year, as_of), outcome__in=[o.value for o in LOSS_OUTCOMES]).count()


def litigation_loss_rate(*, user, organization=None, year: int, as_of: dt.date | None = None) -> float | None:
    """败诉率 = 败诉案件 / 审结案件 (cases received in ``year``, concluded by ``as_of``; a remand
    (发回重审) is not counted: the case goes on as a new first instance)."""
    day = _as_of(year, as_of)
    concluded = _litigations(user, organization, year).filter(concluded_on__isnull=False, concluded_on__lte=day) \
        .exclude(outcome=Outcome.REMANDED)
    return formulas.loss_rate(lost=litigation_lost(user=user, organization=organization, year=year, as_of=as_of),
                              concluded=concluded.count())


def _hearings(user, organization, year: int, as_of: dt.date | None):
    cases = LitigationCase.objects.visible_to(user).filter(voided_at__isnull=True)
    if organization is not None:
        cases = cases.of_organization(organization)
    return LitigationHearing.objects.filter(case__in=cases.values("pk"), voided_at__isnull=True,
                                            held_on__year=year, held_on__lte=_as_of(year, as_of))


def head_appearance_required(*, user, organization=None, year: int, as_of: dt.date | None = None) -> int:
    """应当由负责人出庭的庭审: hearings held in ``year`` of cases of major public interest or where
    the court suggested it in writing (解释 第一百二十九条)."""
    return _hearings(user, organization, year, as_of).filter(head_required=True).count()


def head_appearance_rate(*, user, organization=None, year: int, as_of: dt.date | None = None) -> float | None:
    """负责人出庭应诉率 = 负责人出庭的庭审 / 应当由负责人出庭的庭审 (hearings held in ``year``)."""
    required = _hearings(user, organization, year, as_of).filter(head_required=True)
    return formulas.appearance_rate(appeared=required.filter(head_appeared=True).count(), required=required.count())


def litigation_lawyer_only(*, user, organization=None, year: int, as_of: dt.date | None = None) -> int:
    """仅委托律师出庭的庭审 (解释 第一百二十八条第二款), hearings held in ``year``."""
    return _hearings(user, organization, year, as_of).filter(lawyer_only=True).count()


def disputes_new(*, user, organization=None, year: int) -> int:
    """行政争议发案量 (for 双下降) = 复议收案（受理）+ 应议 + 一审应诉收案 of ``year``.

    Appeals and retrials are later stages of a dispute already counted."""
    return (
        reconsideration_received(user=user, organization=organization, year=year)
        + reconsideration_answered(user=user, organization=organization, year=year)
        + litigation_received(user=user, organization=organization, year=year, instance=Instance.FIRST)
    )


# ---- one year, and year on year -------------------------------------------------------------


@dataclass(frozen=True)
class DisputeFigures:
    """A year's dispute figures for one organization, as the selectors above compute them."""

    year: int
    reconsideration_received: int
    reconsideration_concluded: int
    reconsideration_pending: int
    reconsideration_suspended: int
    reconsideration_answered: int
    reconsideration_sued_after: int
    correction_rate: float | None
    resolution_rate: float | None
    litigation_received: int
    litigation_concluded: int
    litigation_pending: int
    litigation_lost: int
    loss_rate: float | None
    appearance_required: int
    appearance_rate: float | None
    lawyer_only: int
    disputes_new: int


#: (field, label, 口径) of every figure, in the order pages and exports show them
INDICATORS: tuple[tuple[str, str, str], ...] = (
    ("reconsideration_received", "收到行政复议案件", "当年收到的行政复议申请（本机关为复议机关）"),
    ("reconsideration_concluded", "已办结", "当年收案中截至统计日已办结的（不予受理、视为放弃、驳回申请、决定、调解、终止）"),
    ("reconsideration_pending", "在办", "当年收案 − 已办结"),
    ("reconsideration_suspended", "中止", "当年收案中统计日处于中止状态的"),
    ("reconsideration_answered", "行政应议案件", "当年本区部门作为被申请人收到申请书副本的案件"),
    ("reconsideration_sued_after", "经复议后起诉", "当年收案中已登记后续行政诉讼的"),
    ("correction_rate", "复议纠错率", "（撤销+变更+确认违法+责令履行+确认无效）÷ 作出实体决定的案件"),
    ("resolution_rate", "复议阶段化解率", "（调解结案+纠正后撤回+维持且未起诉）÷ 已办结"),
    ("litigation_received", "行政应诉案件", "当年收到起诉状（上诉状）副本的案件，各审级分别计"),
    ("litigation_concluded", "已结案", "当年收案中截至统计日已审结的"),
    ("litigation_pending", "未结案", "当年收案 − 已结案"),
    ("litigation_lost", "败诉案件", "判决撤销、履行、给付、确认违法、确认无效、变更"),
    ("loss_rate", "败诉率", "败诉案件 ÷ 已审结案件（发回重审除外）"),
    ("appearance_required", "应当由负责人出庭的庭审", "重大公共利益等案件及法院书面建议的庭审"),
    ("appearance_rate", "负责人出庭应诉率", "负责人出庭的庭审 ÷ 应当由负责人出庭的庭审"),
    ("lawyer_only", "仅委托律师出庭", "负责人和工作人员均未出庭、仅律师出庭的庭审"),
    ("disputes_new", "行政争议发案量", "复议收案 + 应议 + 一审应诉收案"),
)
RATE_FIELDS = frozenset({"correction_rate", "resolution_rate", "loss_rate", "appearance_rate"})
#: the direction in which a figure gets better (the others are neutral counts)
BETTER_WHEN = {
    "correction_rate": "down", "loss_rate": "down", "litigation_lost": "down", "lawyer_only": "down",
    "disputes_new": "down", "reconsideration_received": "down", "litigation_received": "down",
    "resolution_rate": "up", "appearance_rate": "up",
}


def dispute_figures(*, user, organization=None, year: int, as_of: dt.date | None = None) -> DisputeFigures:
    kw = {"user": user, "organization": organization, "year": year}
    return DisputeFigures(
        year=year,
        reconsideration_received=reconsideration_received(**kw),
        reconsideration_concluded=reconsideration_concluded(**kw, as_of=as_of),
        reconsideration_pending=reconsideration_pending(**kw, as_of=as_of),
        reconsideration_suspended=reconsideration_suspended(**kw, as_of=as_of),
        reconsideration_answered=reconsideration_answered(**kw),
        reconsideration_sued_after=reconsideration_sued_after(**kw),
        correction_rate=reconsideration_correction_rate(**kw, as_of=as_of),
        resolution_rate=reconsideration_resolution_rate(**kw, as_of=as_of),
        litigation_received=litigation_received(**kw),
        litigation_concluded=litigation_concluded(**kw, as_of=as_of),
        litigation_pending=litigation_pending(**kw, as_of=as_of),
        litigation_lost=litigation_lost(**kw, as_of=as_of),
        loss_rate=litigation_loss_rate(**kw, as_of=as_of),
        appearance_required=head_appearance_required(**kw, as_of=as_of),
        appearance_rate=head_appearance_rate(**kw, as_of=as_of),
        lawyer_only=litigation_lawyer_only(**kw, as_of=as_of),
        disputes_new=disputes_new(**kw),
    )


@dataclass(frozen=True)
class DisputeIndicators:
    """A year's figures beside the year before's, with the 双下降 verdict."""

    current: DisputeFigures
    previous: DisputeFigures

    def change(self, name: str) -> formulas.Change:
        return formulas.year_on_year(getattr(self.current, name), getattr(self.previous, name))

    @property
    def changes(self) -> dict[str, formulas.Change]:
        return {f.name: self.change(f.name) for f in fields(DisputeFigures) if f.name != "year"}

    @property
    def double_decline(self) -> bool | None:
        """双下降: fewer new disputes (发案量) and a lower litigation loss rate than the year before."""
        return formulas.double_decline(
            cases=self.current.disputes_new, cases_previous=self.previous.disputes_new,
            loss_rate=self.current.loss_rate, loss_rate_previous=self.previous.loss_rate,
        )


def dispute_indicators(*, user, organization=None, year: int, as_of: dt.date | None = None) -> DisputeIndicators:
    """The figures of ``year`` and ``year − 1`` (each on its own year end unless ``as_of`` is given for
    the current year)."""
    return DisputeIndicators(
        current=dispute_figures(user=user, organization=organization, year=year, as_of=as_of),
        previous=dispute_figures(user=user, organization=organization, year=year - 1),
    )


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f} %"


def dispute_indicator_rows(ind: DisputeIndicators) -> list[dict]:
    """The dashboard's table: one row per figure of ``INDICATORS``, this year beside the year before.

    Each row: ``key``, ``label``, ``definition``, ``current`` and ``previous`` (a rate as "12.5 %",
    "—" when undefined; a count as the int), ``delta`` (a rate's in percentage points, a count's with
    its relative change) and ``tone`` ("good" or "bad" when the figure moved in the direction
    ``BETTER_WHEN`` prefers or against it, "" for a neutral count or no change).
    """
    rows = []
    for key, label, definition in INDICATORS:
        change = ind.change(key)
        is_rate = key in RATE_FIELDS
        cur, prev = getattr(ind.current, key), getattr(ind.previous, key)
        if is_rate:
            delta = "—" if change.delta is None else f"{change.delta * 100:+.1f} 个百分点"
        else:
            delta = "—" if change.delta is None else f"{change.delta:+d}" + (
                f"（{change.relative * 100:+.1f} %）" if change.relative is not None else "")
        better = BETTER_WHEN.get(key)
        tone = "" if not better or change.direction in ("", "same") else (
            "good" if change.direction == better else "bad")
        rows.append({"key": key, "label": label, "definition": definition, "tone": tone,
                     "current": _pct(cur) if is_rate else cur, "previous": _pct(prev) if is_rate else prev,
                     "delta": delta})
    return rows
