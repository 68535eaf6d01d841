"""Transition table of a random draw (双随机抽查) in the web application, as data (STYLE R7).

A department prepares a draw (``draft``: only its own scope sees it), then
publishes the commitment (``committed``: the seed is fixed and kept secret, its
SHA-256 and the hash of the frozen inputs are public), then runs it: the
result is stored, the seed is revealed and the drawn visits become inspection
tasks (``published``). When the inspections module cannot take the tasks yet,
the draw is ``tasks_pending`` (result and seed public, tasks created later).
A draft or a committed draw can be cancelled with a reason; a cancelled
committed draw reveals its seed too, so anyone can see what it would have
drawn.

Pure Python; no Django imports (STYLE R1). docs/domain/random-draw.md, "Web
app", renders this table.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

__all__ = [
    "DRAW_TRANSITIONS",
    "LABELS",
    "DrawAction",
    "DrawStatus",
    "InvalidTransition",
    "allowed_actions",
    "next_status",
]


class DrawStatus(StrEnum):
    DRAFT = "draft"
    COMMITTED = "committed"
    TASKS_PENDING = "tasks_pending"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class DrawAction(StrEnum):
    COMMIT = "commit"
    RUN = "run"
    RUN_TASKS_PENDING = "run_tasks_pending"
    CREATE_TASKS = "create_tasks"
    CANCEL = "cancel"


DRAW_TRANSITIONS: Mapping[tuple[DrawStatus, DrawAction], DrawStatus] = {
    (DrawStatus.DRAFT, DrawAction.COMMIT): DrawStatus.COMMITTED,
    (DrawStatus.DRAFT, DrawAction.CANCEL): DrawStatus.CANCELLED,
    (DrawStatus.COMMITTED, DrawAction.RUN): DrawStatus.PUBLISHED,
    (DrawStatus.COMMITTED, DrawAction.RUN_TASKS_PENDING): DrawStatus.TASKS_PENDING,
    (DrawStatus.COMMITTED, DrawAction.CANCEL): DrawStatus.CANCELLED,
    (DrawStatus.TASKS_PENDING, DrawAction.CREATE_TASKS): DrawStatus.PUBLISHED,
}

LABELS: Mapping[str, str] = {
    DrawStatus.DRAFT: "草稿（未公开）",
    DrawStatus.COMMITTED: "已公布承诺，待抽取",
    DrawStatus.TASKS_PENDING: "已抽取并公示，检查任务待生成",
    DrawStatus.PUBLISHED: "已抽取并公示",
    DrawStatus.CANCELLED: "已取消",
    DrawAction.COMMIT: "公布承诺",
    DrawAction.RUN: "抽取并公示",
    DrawAction.RUN_TASKS_PENDING: "抽取并公示（检查任务待生成）",
    DrawAction.CREATE_TASKS: "生成检查任务",
    DrawAction.CANCEL: "取消",
}


class InvalidTransition(ValueError):
    """An action the draw workflow does not allow in the current status."""

    def __init__(self, status: str, action: str, allowed: tuple[str, ...]):
        self.status = status
        self.action = action
        self.allowed = allowed
        allowed_text = "、".join(LABELS.get(a, a) for a in allowed) if allowed else "无"
        super().__init__(
            f"双随机抽查流程不允许在“{LABELS.get(status, status)}”状态下执行"
            f"“{LABELS.get(action, action)}”（该状态允许的操作：{allowed_text}）"
        )


def allowed_actions(status: str) -> tuple[str, ...]:
    """The actions the table lists for ``status``, in table order."""
    return tuple(str(a) for (s, a) in DRAW_TRANSITIONS if s == status)


def next_status(status: str, action: str) -> str:
    """The status after ``action``; ``InvalidTransition`` when the table does not list the pair."""
    for (s, a), target in DRAW_TRANSITIONS.items():
        if s == status and a == action:
            return str(target)
    raise InvalidTransition(status, action, allowed_actions(status))
