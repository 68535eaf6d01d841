"""``fazhi disputes …``: the disputes work that falls due by the lapse of time.

``fazhi disputes deemed-acceptance [--today YYYY-MM-DD]`` applies 行政复议法
第三十条第三款 to every committee case whose review period lapsed before
``today`` without a decision (for a daily job; audited as the system, via
"cli"). ``fazhi disputes due [--today …]`` lists what needs attention:
deemed acceptances, suspensions that reached 60 days (第四十一条第五项) and
supervision opinions overdue — without changing anything.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from fazhi.audit.context import audit_context


def _day(value: str | None) -> dt.date:
    if not value:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--today: not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "行政复议与应诉：视为受理、中止满六十日、逾期意见书"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name in ("deemed-acceptance", "due"):
            p = sub.add_parser(name)
            p.add_argument("--today", help="the day to judge the periods by (default: today)")

    def handle(self, *args, action: str, today: str | None = None, **options):
        from fazhi.disputes import selectors, services

        day = _day(today)
        if action == "deemed-acceptance":
            with audit_context(via="cli"):
                n = services.reconsideration_apply_deemed_acceptance(today=day)
            self.stdout.write(f"{n} case(s) deemed accepted (行政复议法 第三十条第三款) as of {day.isoformat()}")
            return
        system = type("System", (), {"is_authenticated": True, "is_superuser": True})()
        for case, deemed in selectors.reconsideration_deemed_acceptance_due(user=system, today=day):
            self.stdout.write(f"视为受理  {case.number}  {deemed.isoformat()}")
        for case, _s, limit in selectors.reconsideration_suspension_limits_due(user=system, today=day):
            self.stdout.write(f"中止满六十日  {case.number}  {limit.reached_on.isoformat()}")
        for o in selectors.opinions_overdue(user=system, today=day):
            self.stdout.write(f"意见书逾期  {o.number}  {o.department.name}  {o.rectification_deadline.isoformat()}")
