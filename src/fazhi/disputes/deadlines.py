"""Model → core adapters: the deadlines of a dispute record, counted by the legal-time engine.

One function per record type turns the stored dates into the core's plain
dataclass (STYLE R1); the core computes, nothing here counts days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from fazhi.config.selectors import work_calendar
from fazhi.core import litigation as core_litigation
from fazhi.core import reconsideration as core
from fazhi.core.calendar import WorkCalendar
from fazhi.core.legaltime import compute_deadline
from fazhi.core.reconsideration import CaseDeadline

from .models import IncidentalReview, LitigationCase, ReconsiderationCase

STATE_LABELS = {
    "met": "已按期完成",
    "late": "逾期完成",
    "overdue": "已逾期",
    "open": "进行中",
    "suspended": "中止，期限停止计算",
}


def reconsideration_dates(case: ReconsiderationCase) -> core.ReconsiderationDates:
    suspensions = tuple(
        (s.suspended_on, s.resumed_on) for s in case.suspensions.all() if s.voided_at is None
    )
    reviews = tuple(
        (r.requested_on, r.handled_by_body, r.handled_on if r.handled_by_body else r.transferred_on)
        for r in case.incidental_reviews.all()
        if r.voided_at is None
    )
    return core.ReconsiderationDates(
        role=core.Role(case.role),
        procedure=core.Procedure(case.procedure),
        known_on=case.known_on,
        applied_on=case.posted_on or case.penalty_organization_received_on or case.received_on,
        received_on=case.received_on,
        penalty_organization_received_on=case.penalty_organization_received_on,
        correction_notice_sent_on=case.correction_notice_sent_on,
        correction_notice_received_on=case.correction_notice_received_on,
        correction_extension_days=case.correction_extension_days,
        correction_received_on=case.correction_received_on,
        review_concluded_on=case.review_concluded_on,
        accepted_on=case.accepted_on,
        copy_sent_on=case.copy_sent_on,
        copy_received_on=case.copy_received_on,
        reply_received_on=case.reply_received_on,
        hearing_on=case.hearing_on,
        hearing_notice_on=case.hearing_notice_on,
        suspensions=suspensions,
        extension_days=case.extension_days,
        concluded_on=case.concluded_on,
        incidental_reviews=reviews,
    )


def reconsideration_deadlines(
    case: ReconsiderationCase, *, calendar: WorkCalendar | None = None
) -> list[CaseDeadline]:
    """Every statutory period of ``case`` so far (see ``fazhi.core.reconsideration``)."""
    return core.reconsideration_deadlines(reconsideration_dates(case), calendar=calendar or work_calendar())


def reconsideration_deadline(case: ReconsiderationCase, key: str, *, calendar=None) -> CaseDeadline | None:
    for d in reconsideration_deadlines(case, calendar=calendar):
        if d.key == key:
            return d
    return None


def incidental_review_deadlines(
    review: IncidentalReview, *, calendar: WorkCalendar | None = None
) -> list[CaseDeadline]:
    """The periods of one incidental review (行政复议法 第五十六条、第六十条), counted by the engine.

    Handled by the body itself: 30 days from the request to its handling.
    Otherwise: 7 working days to transfer it, then 60 days for the organ that
    received it to reply, counted from the transfer (the day it reached that
    organ is not recorded, so the transfer date stands in for it).
    """
    calendar = calendar or work_calendar()

    if review.handled_by_body:
        return [CaseDeadline("incidental_review_handling",
                             compute_deadline("reconsideration.incidental_review_handling",
                                              review.requested_on, calendar=calendar), review.handled_on)]
    out = [CaseDeadline("incidental_review_transfer",
                        compute_deadline("reconsideration.incidental_review_transfer",
                                         review.requested_on, calendar=calendar), review.transferred_on)]
    if review.transferred_on is not None:
        out.append(CaseDeadline("incidental_review_reply",
                                compute_deadline("reconsideration.incidental_review_reply",
                                                 review.transferred_on, calendar=calendar),
                                review.reply_received_on))
    return out


def litigation_dates(case: LitigationCase) -> core_litigation.LitigationDates:
    return core_litigation.LitigationDates(
        instance=core_litigation.Instance(case.instance),
        filed_on=case.filed_on,
        complaint_received_on=case.complaint_received_on,
        answer_submitted_on=case.answer_submitted_on,
        concluded_on=case.concluded_on,
        outcome=core_litigation.Outcome(case.outcome) if case.outcome else None,
        served_on=case.served_on,
        appealed_on=case.appealed_on,
    )


def litigation_deadlines(case: LitigationCase, *, calendar: WorkCalendar | None = None) -> list[CaseDeadline]:
    return core_litigation.litigation_deadlines(litigation_dates(case), calendar=calendar or work_calendar())


@dataclass(frozen=True)
class DeadlineRow:
    """A deadline as a page or the API shows it."""

    key: str
    title: str
    basis: str
    start: dt.date
    deadline: dt.date | None
    unrolled: dt.date | None
    met_on: dt.date | None
    state: str
    state_label: str
    derivation: str
    suspended_days: int
    remaining: int | None

    def as_dict(self) -> dict:
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.__dict__.items()}


def deadline_rows(deadlines: list[CaseDeadline], *, today: dt.date) -> list[DeadlineRow]:
    rows = []
    for d in deadlines:
        state = d.state(today)
        label = STATE_LABELS[state]
        if d.key == "appeal" and d.met_on is None and state == "overdue":
            state, label = "met", "上诉期满未上诉，裁判生效"
        rows.append(
            DeadlineRow(
                key=d.key,
                title=d.result.title,
                basis=d.result.basis,
                start=d.result.start,
                deadline=d.result.deadline,
                unrolled=d.result.unrolled,
                met_on=d.met_on,
                state=state,
                state_label=label,
                derivation=d.result.derivation,
                suspended_days=d.result.suspended_days,
                remaining=d.result.remaining,
            )
        )
    return rows
