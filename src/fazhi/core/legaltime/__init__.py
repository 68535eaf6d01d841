"""The legal-time engine (法定期限): statutory deadlines, right to the day.

Every workflow (penalty cases, reconsideration, litigation, hazards,
publication) asks this package for its deadlines and never counts days itself::

    from fazhi.core.legaltime import compute_deadline

    r = compute_deadline("reconsideration.acceptance_review", date(2025, 9, 28))
    r.deadline      # 2025-10-11 (a make-up Saturday, LEGAL.md V1)
    r.basis         # "行政复议法 第三十条"
    r.derivation    # "5 个工作日，自 2025-09-28（周日）起算（当日不计）；跳过 10-01 至 10-08 …"

* ``rules``: the declarative table ``RULES`` (one ``Rule`` per statutory
  period), ``get_rule``, and ``load_rules``/``rules_with`` for configurable
  (unverified) rules kept as data.
* ``compute``: ``compute_deadline`` (calendar days, working days, months,
  years; roll-forward; suspension; extension), ``compute_makeup_variants``
  (both answers of the make-up-day flag) and ``policy_deadline`` ("before DATE").

The working-day calendar is ``fazhi.core.calendar``. No Django here.
"""

from fazhi.core.calendar import CalendarYearUnknown, WorkCalendar, YearNotice, default_calendar
from fazhi.core.legaltime.compute import (
    AppliedSuspension,
    DeadlineInputError,
    DeadlineResult,
    ExtensionNotAllowed,
    InvalidSuspension,
    MakeupVariants,
    NotSuspendable,
    PolicyDeadline,
    Suspension,
    add_months,
    compute_deadline,
    compute_makeup_variants,
    policy_deadline,
)
from fazhi.core.legaltime.rules import (
    RULES,
    UNVERIFIED_RULES_FILE,
    Direction,
    Rule,
    StartEvent,
    Unit,
    UnknownRule,
    get_rule,
    load_rules,
    rules_with,
)

__all__ = [
    "RULES",
    "UNVERIFIED_RULES_FILE",
    "AppliedSuspension",
    "CalendarYearUnknown",
    "DeadlineInputError",
    "DeadlineResult",
    "Direction",
    "ExtensionNotAllowed",
    "InvalidSuspension",
    "MakeupVariants",
    "NotSuspendable",
    "PolicyDeadline",
    "Rule",
    "StartEvent",
    "Suspension",
    "Unit",
    "UnknownRule",
    "WorkCalendar",
    "YearNotice",
    "add_months",
    "compute_deadline",
    "compute_makeup_variants",
    "default_calendar",
    "get_rule",
    "load_rules",
    "policy_deadline",
    "rules_with",
]
