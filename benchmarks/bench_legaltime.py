"""Benchmark of the legal-time engine: one million deadlines of mixed rules.

The nightly recomputation of a province's open cases recomputes every running
deadline. This script builds a deterministic mix of one million inputs (every
rule of ``RULES``; about one in ten suspendable cases carries a suspension, some
reconsideration decisions an extension), times ``compute_deadline`` on all of
them — full results, derivation text included — and, side by side, a naive
day-by-day implementation (a loop over ``chinese_calendar.is_workday``) on a
smaller sample, checking that both agree.

Run: ``.venv/bin/python benchmarks/bench_legaltime.py [N]`` (``make bench`` runs it).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

import chinese_calendar  # type: ignore[import-untyped]

from fazhi.core.calendar import default_calendar
from fazhi.core.legaltime import (
    RULES,
    Direction,
    Rule,
    Suspension,
    Unit,
    add_months,
    compute_deadline,
)

SEED = 20251104
N_DEFAULT = 1_000_000
N_NAIVE = 20_000
FIRST, LAST = date(2023, 1, 1), date(2026, 3, 31)  # every deadline ends inside 2004–2026


def make_inputs(n: int, seed: int = SEED) -> list[tuple[str, date, list[Suspension], int]]:
    """(rule id, start, suspensions, extension days), deterministic for a seed."""
    rng = random.Random(seed)
    ids = sorted(RULES)
    span = (LAST - FIRST).days
    out = []
    for _ in range(n):
        rule_id = rng.choice(ids)
        rule = RULES[rule_id]
        start = FIRST + timedelta(days=rng.randrange(span))
        suspensions: list[Suspension] = []
        if rule.suspendable and rng.random() < 0.1:
            f = start + timedelta(days=rng.randrange(1, 40))
            suspensions = [(f, f + timedelta(days=rng.randrange(1, 30)))]
        ext = 0
        if rule.max_extension and rng.random() < 0.2:
            ext = rng.randrange(1, rule.max_extension + 1)
        out.append((rule_id, start, suspensions, ext))
    return out


def naive_deadline(rule: Rule, start: date) -> date:
    """What a first implementation would do: walk the calendar one day at a time."""
    one = timedelta(days=1)
    if rule.unit is Unit.WORKING_DAY:
        step = one if rule.direction is Direction.FORWARD else -one
        d, left = start, rule.length
        while left:
            d += step
            if chinese_calendar.is_workday(d):
                left -= 1
        return d
    if rule.unit is Unit.CALENDAR_DAY:
        d = start
        for _ in range(rule.length):
            d += one
    else:
        d = add_months(start, rule.length * (12 if rule.unit is Unit.YEAR else 1))[0]
    if rule.roll_forward:
        while not chinese_calendar.is_workday(d):
            d += one
    return d


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else N_DEFAULT
    t0 = time.perf_counter()
    cal = default_calendar()
    t_cal = time.perf_counter() - t0
    inputs = make_inputs(n)

    t0 = time.perf_counter()
    checksum = 0
    for rule_id, start, suspensions, ext in inputs:
        r = compute_deadline(
            rule_id, start, calendar=cal, suspensions=suspensions, extension_days=ext
        )
        assert r.deadline is not None  # every suspension in the mix is resumed
        checksum += r.deadline.toordinal()
    t_engine = time.perf_counter() - t0

    sample = [(rid, s) for rid, s, susp, ext in inputs[:N_NAIVE] if not susp and not ext]
    t0 = time.perf_counter()
    naive = [naive_deadline(RULES[rid], s) for rid, s in sample]
    t_naive = time.perf_counter() - t0
    t0 = time.perf_counter()
    fast = [compute_deadline(rid, s, calendar=cal).deadline for rid, s in sample]
    t_fast = time.perf_counter() - t0
    mismatches = sum(a != b for a, b in zip(naive, fast, strict=True))

    per_engine = t_engine / n * 1e6
    per_naive = t_naive / len(sample) * 1e6
    per_fast = t_fast / len(sample) * 1e6
    print(f"calendar build (2004–2026 index): {t_cal * 1000:.1f} ms")
    print(
        f"engine: {n:,} mixed deadlines in {t_engine:.2f} s = {n / t_engine:,.0f} deadlines/s "
        f"({per_engine:.1f} µs each, full result with derivation; checksum {checksum})"
    )
    print(
        f"naive day-by-day baseline: {len(sample):,} deadlines in {t_naive:.2f} s = "
        f"{len(sample) / t_naive:,.0f}/s ({per_naive:.1f} µs each); engine on the same sample "
        f"{per_fast:.1f} µs each → {per_naive / per_fast:.1f}× faster"
    )
    print(f"agreement on the sample: {len(sample) - mismatches:,}/{len(sample):,}")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
