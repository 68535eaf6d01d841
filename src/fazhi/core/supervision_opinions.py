"""Supervision opinions (监督意见书 / 建议书) and reconsideration opinion letters (意见书).

The legal office issues them to a department from a reconsideration case, a
litigation case or an inspection finding; the department rectifies and
replies with evidence; the legal office closes the opinion or returns it.
A 行政复议意见书 (行政复议法 第七十六条) has a statutory reply period of 60 days
from its receipt; the others carry the rectification deadline the legal office
sets (a policy date: shown as "before DATE", never rolled).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from fazhi.core.calendar import WorkCalendar
from fazhi.core.legaltime import compute_deadline

__all__ = [
    "OPEN_STATUSES",
    "TRANSITIONS",
    "Action",
    "InvalidTransition",
    "Status",
    "is_overdue",
    "reply_deadline",
    "transition",
]


class Status(StrEnum):
    ISSUED = "issued"
    REPLIED = "replied"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {"issued": "已制发，待整改", "replied": "已回复，待审核", "closed": "已整改销号",
                "withdrawn": "已撤回"}[self.value]


class Action(StrEnum):
    RECEIVE = "receive"
    REPLY = "reply"
    RETURN = "return"
    CLOSE = "close"
    WITHDRAW = "withdraw"

    @property
    def label(self) -> str:
        return {"receive": "签收", "reply": "回复整改情况", "return": "退回重新整改", "close": "审核销号",
                "withdraw": "撤回"}[self.value]


TRANSITIONS: Mapping[tuple[Status, Action], Status] = MappingProxyType(
    {
        (Status.ISSUED, Action.RECEIVE): Status.ISSUED,
        (Status.ISSUED, Action.REPLY): Status.REPLIED,
        (Status.REPLIED, Action.RETURN): Status.ISSUED,
        (Status.REPLIED, Action.CLOSE): Status.CLOSED,
        (Status.ISSUED, Action.WITHDRAW): Status.WITHDRAWN,
        (Status.REPLIED, Action.WITHDRAW): Status.WITHDRAWN,
    }
)

#: an opinion in these states still waits for the department or the legal office
OPEN_STATUSES = frozenset({Status.ISSUED, Status.REPLIED})


class InvalidTransition(ValueError):
    def __init__(self, status: Status, action: Action, message: str):
        self.status = status
        self.action = action
        self.message = message
        super().__init__(message)


def transition(status: Status | str, action: Action | str) -> Status:
    status, action = Status(status), Action(action)
    nxt = TRANSITIONS.get((status, action))
    if nxt is None:
        states = "、".join(f"“{s.label}”" for (s, a) in TRANSITIONS if a == action)
        raise InvalidTransition(
            status, action, f"“{action.label}”只能在{states}状态下进行，当前为“{status.label}”"
        )
    return nxt


def reply_deadline(
    *,
    statutory: bool,
    received_on: date | None,
    set_deadline: date | None,
    calendar: WorkCalendar | None = None,
) -> tuple[date | None, str]:
    """(the day the reply is due, its basis).

    A 行政复议意见书 (``statutory``) is due 60 days after its receipt
    (行政复议法 第七十六条, rule ``reconsideration.opinion_feedback``); before
    receipt is recorded its due date is unknown. Other opinions are due on the
    date the legal office set.
    """
    if statutory:
        if received_on is None:
            return None, "行政复议法 第七十六条（自收到意见书之日起六十日内，待签收）"
        r = compute_deadline("reconsideration.opinion_feedback", received_on, calendar=calendar)
        return r.deadline, r.basis
    return set_deadline, "监督意见书载明的整改期限"


def is_overdue(*, status: Status | str, due: date | None, today: date) -> bool:
    """Still waiting for the department's reply after the day it was due."""
    return Status(status) is Status.ISSUED and due is not None and today > due
