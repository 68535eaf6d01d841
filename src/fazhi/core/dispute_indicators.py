"""The formulas of the administrative-dispute indicators, over plain counts (口径).

The counting — which records of which organization and year — is done by
``fazhi.disputes.selectors``; the arithmetic and its edge cases are here, so
they can be tested without a database and read by anyone checking a figure.
A rate is a fraction between 0 and 1, or None when its denominator is 0 (a
rate of nothing is not 0 %). docs/domain/disputes.md states every 口径.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "Change",
    "appearance_rate",
    "correction_rate",
    "double_decline",
    "loss_rate",
    "rate",
    "resolution_rate",
    "year_on_year",
]


def rate(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator``; None when the denominator is 0."""
    if numerator < 0 or denominator < 0:
        raise ValueError("counts cannot be negative")
    if numerator > denominator:
        raise ValueError(f"numerator {numerator} exceeds denominator {denominator}")
    if denominator == 0:
        return None
    return numerator / denominator


def correction_rate(
    *,
    revoked: int,
    varied: int,
    confirmed_illegal: int,
    ordered_to_perform: int,
    confirmed_void: int,
    decided_on_merits: int,
) -> float | None:
    """纠错率 = (撤销含部分撤销 + 变更 + 确认违法 + 责令履行 + 确认无效) / 作出实体决定的案件.

    Decided on the merits: the decisions of 行政复议法 第六十三条至第六十九条
    (维持、驳回复议请求 included; 驳回申请 第三十三条, 调解 and 终止 are not).
    """
    corrected = revoked + varied + confirmed_illegal + ordered_to_perform + confirmed_void
    return rate(corrected, decided_on_merits)


def loss_rate(*, lost: int, concluded: int) -> float | None:
    """败诉率 = 败诉案件 / 审结案件 (判决撤销、履行、给付、确认违法或无效、变更 are lost)."""
    return rate(lost, concluded)


def appearance_rate(*, appeared: int, required: int) -> float | None:
    """负责人出庭应诉率 = 负责人出庭的庭审 / 应当由负责人出庭的庭审."""
    return rate(appeared, required)


def resolution_rate(
    *, mediated: int, withdrawn_after_correction: int, upheld_not_sued: int, concluded: int
) -> float | None:
    """复议阶段化解率 = (调解结案 + 被申请人纠正后撤回终止 + 维持且未起诉) / 办结."""
    return rate(mediated + withdrawn_after_correction + upheld_not_sued, concluded)


@dataclass(frozen=True)
class Change:
    """A figure against the year before: the difference and the relative change.

    ``relative`` is None when there is nothing to compare (either value None,
    or the previous value 0). For rates, ``delta`` is in rate units
    (0.05 = 5 percentage points) and ``relative`` is rarely what a reader wants.
    """

    current: float | None
    previous: float | None

    @property
    def delta(self) -> float | None:
        if self.current is None or self.previous is None:
            return None
        return self.current - self.previous

    @property
    def relative(self) -> float | None:
        if self.current is None or self.previous is None or self.previous == 0:
            return None
        return self.current / self.previous - 1

    @property
    def direction(self) -> str:
        """"up", "down", "same" or "" (not comparable)."""
        d = self.delta
        if d is None:
            return ""
        if abs(d) < 1e-12:
            return "same"
        return "up" if d > 0 else "down"


def year_on_year(current: float | None, previous: float | None) -> Change:
    return Change(current=current, previous=previous)


def double_decline(
    *,
    cases: int,
    cases_previous: int,
    loss_rate: float | None,
    loss_rate_previous: float | None,
) -> bool | None:
    """双下降: fewer new dispute cases than the year before AND a lower litigation loss rate.

    Both must fall strictly; an unchanged figure is not a decline. None when
    the loss rates cannot be compared (no concluded litigation in one of the
    years), since the target cannot then be judged.
    """
    if loss_rate is None or loss_rate_previous is None:
        return None
    return cases < cases_previous and loss_rate < loss_rate_previous
