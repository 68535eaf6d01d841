"""``fazhi deadline``: compute one statutory deadline from the command line (no database).

    fazhi deadline RULE_ID START_DATE [--suspend FROM:TO ...] [--extend DAYS] [--json]
                   [--notices FILE.json] [--rules FILE.json] [--no-makeup]
    fazhi deadline --list [--rules FILE.json]

``--suspend FROM:TO`` stops the clock from FROM up to, not including, TO (the
resumption date); ``FROM:`` is a suspension not yet resumed. ``--notices`` loads
extra year notices (a JSON object or list, see ``YearNotice.from_json``);
``--rules`` loads extra or overriding rules (``load_rules``), for example the
shipped unverified ones in ``fazhi/core/legaltime/data/unverified_rules.json``;
``--no-makeup`` treats make-up working days as rest days.

Exit status: 0 on success; 2 with a one-line message on stderr for any bad
input (unknown rule, malformed date, a year with no calendar, an extension
over the maximum, unreadable notices). Imports ``fazhi.core`` only — never
Django.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from typing import NoReturn

from fazhi.core.calendar import WorkCalendar, default_calendar
from fazhi.core.legaltime import (
    RULES,
    DeadlineResult,
    Rule,
    compute_makeup_variants,
    load_rules,
    rules_with,
)

PROG = "fazhi deadline"
EXIT_USAGE = 2


class _UsageError(Exception):
    """Bad input: reported as one line and exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        raise _UsageError(message)


def _iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _suspension(text: str) -> tuple[date, date | None]:
    head, sep, tail = text.partition(":")
    if not sep:
        raise argparse.ArgumentTypeError(f"--suspend wants FROM:TO or FROM: (open), got {text!r}")
    return _iso(head), (_iso(tail) if tail else None)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=PROG,
        description="Compute a statutory deadline (法定期限) per LEGAL.md; no database.",
    )
    p.add_argument("rule_id", nargs="?", metavar="RULE_ID", help="e.g. reconsideration.decision")
    p.add_argument("start", nargs="?", type=_iso, metavar="START_DATE", help="YYYY-MM-DD")
    p.add_argument(
        "--suspend",
        action="append",
        type=_suspension,
        default=[],
        metavar="FROM:TO",
        help="suspension (中止): FROM up to, not including, TO; 'FROM:' if not yet resumed",
    )
    p.add_argument(
        "--extend", type=int, default=0, metavar="DAYS", help="approved extension (延长)"
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--notices", metavar="FILE.json", help="extra year notices (节假日安排) to load")
    p.add_argument("--rules", metavar="FILE.json", help="extra or overriding rules to load")
    p.add_argument(
        "--no-makeup",
        action="store_true",
        help="treat make-up working days (调休上班日) as rest days",
    )
    p.add_argument("--list", action="store_true", help="list the rule ids and exit")
    return p


def _calendar(args: argparse.Namespace) -> WorkCalendar:
    makeup = not args.no_makeup
    if args.notices:
        return WorkCalendar.from_json_file(args.notices, makeup_days_are_working=makeup)
    return default_calendar(makeup_days_are_working=makeup)


def _table(args: argparse.Namespace) -> dict[str, Rule]:
    return dict(rules_with(load_rules(args.rules)) if args.rules else RULES)


def _print_list(rules: dict[str, Rule]) -> None:
    width = max(len(k) for k in rules)
    for rule in sorted(rules.values(), key=lambda r: r.id):
        flag = "" if rule.verified else "  [未核实]"
        print(f"{rule.id:<{width}}  {rule.period_label:<8}  {rule.basis}  {rule.title}{flag}")


def _print_text(result: DeadlineResult, other: DeadlineResult) -> None:
    def iso(d: date | None) -> str:
        return d.isoformat() if d else "—（中止中）"

    print(f"{result.rule}  {result.title}（{result.basis}）")
    print(f"起算日    {result.start.isoformat()}")
    print(f"届满日    {iso(result.deadline)}")
    if result.unrolled != result.deadline:
        print(f"未顺延日  {iso(result.unrolled)}")
    print(f"推算      {result.derivation}")
    if other.deadline != result.deadline:
        how = "计为工作日" if other.makeup_days_are_working else "按休息日计"
        print(f"另一口径  调休上班日{how}时届满日为 {iso(other.deadline)}")


def run(argv: Sequence[str]) -> int:
    """Parse ``argv`` and print the deadline; raises ``_UsageError`` on bad input."""
    args = _parser().parse_args(list(argv))
    try:
        rules = _table(args)
        if args.list:
            _print_list(rules)
            return 0
        if args.rule_id is None or args.start is None:
            raise _UsageError("RULE_ID and START_DATE are required (or --list)")
        cal = _calendar(args)
        both = compute_makeup_variants(
            args.rule_id,
            args.start,
            calendar=cal,
            suspensions=args.suspend,
            extension_days=args.extend,
            rules=rules,
        )
    except (ValueError, OSError) as e:  # UnknownRule, CalendarYearUnknown, DeadlineInputError …
        raise _UsageError(str(e)) from e
    result, other = (
        (both.counted, both.not_counted)
        if cal.makeup_days_are_working
        else (both.not_counted, both.counted)
    )
    if args.json:
        data = result.to_dict()
        data["alternative"] = {
            "makeup_days_are_working": other.makeup_days_are_working,
            "deadline": other.deadline.isoformat() if other.deadline else None,
            "unrolled": other.unrolled.isoformat() if other.unrolled else None,
        }
        print(json.dumps(data, ensure_ascii=False))
    else:
        _print_text(result, other)
    return 0


def main(argv: list[str]) -> int:
    """Entry point called by ``fazhi.cli``; returns the exit status."""
    try:
        return run(argv)
    except _UsageError as e:
        message = " ".join(str(e).split())  # always one line
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return EXIT_USAGE


__all__ = ["main", "run"]
