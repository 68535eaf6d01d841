"""``fazhi coordinate``: plan joint visits from CSV files, without Django.

    fazhi coordinate --tasks TASKS.csv --capacity CAPACITY.csv --out VISITS.csv
                     [--summary SUMMARY.json] [--notices NOTICES.json] [--evolve SECONDS]

TASKS.csv   task_id,uscc,department,earliest,latest,officers   (ISO dates, inclusive)
CAPACITY.csv department,date,officers   (date ``*`` = every working day; a dated
            row overrides it; a department without rows has no capacity)
VISITS.csv  visit_id,uscc,date,task_ids   (task ids joined by ``;``)

Malformed input exits with status 2 and names the file, the line and the rule;
nothing is written then. Late tasks are still placed (after their window, as
early as capacity allows) and listed in the summary; the exit status stays 0.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

TASK_COLUMNS = ("task_id", "uscc", "department", "earliest", "latest", "officers")
CAPACITY_COLUMNS = ("department", "date", "officers")
VISIT_COLUMNS = ("visit_id", "uscc", "date", "task_ids")
MAX_ERRORS = 20


class InputRejected(Exception):
    """The input breaks a rule; ``errors`` are the messages, one per row."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _rows(path: Path, expected: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of a CSV file whose header has exactly ``expected`` columns."""
    try:
        fh = path.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputRejected([f"{path}: cannot read ({exc.strerror})"]) from exc
    with fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        if header is None:
            raise InputRejected([f"{path.name} line 1: the file is empty (rule: header {','.join(expected)})"])
        header = [h.strip() for h in header]
        unknown = [h for h in header if h not in expected]
        missing = [h for h in expected if h not in header]
        dup = sorted({h for h in header if header.count(h) > 1})
        if unknown or missing or dup:
            parts = []
            if unknown:
                parts.append(f"unknown columns {', '.join(unknown)}")
            if missing:
                parts.append(f"missing columns {', '.join(missing)}")
            if dup:
                parts.append(f"repeated columns {', '.join(dup)}")
            raise InputRejected(
                [f"{path.name} line 1: {'; '.join(parts)} (rule: the header is exactly {','.join(expected)})"]
            )
        pos = [header.index(c) for c in expected]
        for line, cells in enumerate(reader, start=2):
            if not cells or all(not c.strip() for c in cells):
                continue
            if len(cells) != len(header):
                yield line, []
                continue
            yield line, [cells[i].strip() for i in pos]


def _date(value: str) -> date | None:
    if len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


def read_tasks(path: Path, calendar):  # -> TaskTable
    import numpy as np

    from fazhi.core.coordination import TaskTable

    errors: list[str] = []
    ent_code: dict[str, int] = {}
    dep_code: dict[str, int] = {}
    ids: list[str] = []
    seen: dict[str, int] = {}
    ent: list[int] = []
    dep: list[int] = []
    lo: list[int] = []
    hi: list[int] = []
    off: list[int] = []
    name = path.name
    years = calendar.years
    for line, cells in _rows(path, TASK_COLUMNS):
        if len(errors) >= MAX_ERRORS:
            break
        where = f"{name} line {line}"
        if not cells:
            errors.append(f"{where}: wrong number of cells (rule: one cell per header column)")
            continue
        task_id, uscc, department, earliest, latest, officers = cells
        if not task_id:
            errors.append(f"{where}: task_id is empty (rule: every task has an id)")
            continue
        where = f"{name} line {line} (task {task_id})"
        if task_id in seen:
            errors.append(f"{where}: task_id already used on line {seen[task_id]} (rule: task ids are unique)")
            continue
        seen[task_id] = line
        if not uscc:
            errors.append(f"{where}: uscc is empty (rule: every task names its enterprise)")
            continue
        if not department:
            errors.append(f"{where}: department is empty (rule: every task names its department)")
            continue
        d0, d1 = _date(earliest), _date(latest)
        if d0 is None or d1 is None:
            bad = earliest if d0 is None else latest
            col = "earliest" if d0 is None else "latest"
            errors.append(f"{where}: {col} {bad!r} is not a date (rule: ISO dates, YYYY-MM-DD)")
            continue
        if d1 < d0:
            errors.append(f"{where}: latest {latest} is before earliest {earliest} (rule: a window ends on or after its start)")
            continue
        missing = sorted({y for y in range(d0.year, d1.year + 1) if y not in years})
        if missing:
            errors.append(
                f"{where}: no working-day calendar for {missing[0]} (rule: dates must fall in years the calendar "
                f"knows, {min(years)}–{max(years)}; load that year's State Council notice with --notices)"
            )
            continue
        n_off = _int(officers)
        if n_off is None:
            errors.append(f"{where}: officers {officers!r} is not a whole number (rule: officers is a whole number ≥ 1)")
            continue
        if n_off < 0:
            errors.append(f"{where}: officers {n_off} is negative (rule: officers is a whole number ≥ 1)")
            continue
        if n_off == 0:
            errors.append(f"{where}: officers is 0 (rule: a task needs at least one officer)")
            continue
        if _no_working_day(calendar, d0, d1):
            errors.append(
                f"{where}: window {earliest}–{latest} has no working day (rule: a window contains at least one working day)"
            )
            continue
        ids.append(task_id)
        ent.append(ent_code.setdefault(uscc, len(ent_code)))
        dep.append(dep_code.setdefault(department, len(dep_code)))
        lo.append(d0.toordinal())
        hi.append(d1.toordinal())
        off.append(n_off)
    if errors:
        raise InputRejected(errors)
    return TaskTable(
        enterprise=np.array(ent, np.int32),
        department=np.array(dep, np.int32),
        earliest=np.array(lo, np.int32),
        latest=np.array(hi, np.int32),
        officers=np.array(off, np.int32),
        usccs=tuple(ent_code),
        departments=tuple(dep_code),
        task_ids=tuple(ids),
    )


def _no_working_day(calendar, d0: date, d1: date) -> bool:
    from fazhi.core.calendar import CalendarYearUnknown

    if (d1 - d0).days >= 14:  # every fortnight has a working day
        return False
    try:
        return calendar.next_working_day(d0) > d1
    except CalendarYearUnknown:
        return True


def read_capacity(path: Path, calendar):  # -> Capacity
    from fazhi.core.coordination import Capacity

    errors: list[str] = []
    default: dict[str, int] = {}
    by_date: dict[tuple[str, date], int] = {}
    seen: dict[tuple[str, str], int] = {}
    name = path.name
    years = calendar.years
    for line, cells in _rows(path, CAPACITY_COLUMNS):
        if len(errors) >= MAX_ERRORS:
            break
        where = f"{name} line {line}"
        if not cells:
            errors.append(f"{where}: wrong number of cells (rule: one cell per header column)")
            continue
        department, day, officers = cells
        if not department:
            errors.append(f"{where}: department is empty (rule: every row names its department)")
            continue
        key = (department, day)
        if key in seen:
            errors.append(f"{where}: {department} on {day} already given on line {seen[key]} (rule: one row per department and date)")
            continue
        seen[key] = line
        n_off = _int(officers)
        if n_off is None:
            errors.append(f"{where}: officers {officers!r} is not a whole number (rule: officers is a whole number ≥ 0)")
            continue
        if n_off < 0:
            errors.append(f"{where}: officers {n_off} is negative (rule: officers is a whole number ≥ 0)")
            continue
        if day == "*":
            default[department] = n_off
            continue
        d = _date(day)
        if d is None:
            errors.append(f"{where}: date {day!r} is neither * nor a date (rule: * or an ISO date, YYYY-MM-DD)")
            continue
        if d.year not in years:
            errors.append(
                f"{where}: no working-day calendar for {d.year} (rule: dates must fall in years the calendar "
                f"knows, {min(years)}–{max(years)}; load that year's State Council notice with --notices)"
            )
            continue
        if not calendar.is_working_day(d):
            errors.append(f"{where}: {day} is not a working day (rule: dated capacity is for working days)")
            continue
        by_date[(department, d)] = n_off
    if errors:
        raise InputRejected(errors)
    return Capacity(default, by_date)


def write_visits(plan, path: Path) -> int:
    """Write VISITS.csv from the plan's arrays (no Visit objects); return the count."""
    v_ent, v_day, rows, ptr = plan._visit_arrays
    table = plan.table
    iso = plan.days.isoformat()
    ids = table.task_ids
    usccs = table.usccs
    rows_l = rows.tolist()
    ptr_l = ptr.tolist()
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(VISIT_COLUMNS)
        for v, (e, D) in enumerate(zip(v_ent.tolist(), v_day.tolist(), strict=True)):
            members = rows_l[ptr_l[v] : ptr_l[v + 1]]
            out.writerow(
                (
                    f"V{v + 1:07d}",
                    usccs[e],
                    iso[D],
                    ";".join(ids[r] for r in members) if ids is not None else ";".join(map(str, members)),
                )
            )
    return len(v_ent)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="fazhi coordinate",
        description="Plan joint enterprise visits (综合查一次): fewest visits, no late task, within each "
        "department's officers per working day. No database needed.",
    )
    p.add_argument("--tasks", required=True, type=Path, help="TASKS.csv: task_id,uscc,department,earliest,latest,officers")
    p.add_argument("--capacity", required=True, type=Path, help="CAPACITY.csv: department,date,officers (date * = every working day)")
    p.add_argument("--out", required=True, type=Path, help="VISITS.csv to write: visit_id,uscc,date,task_ids")
    p.add_argument("--summary", type=Path, help="SUMMARY.json to write: counts, lower bound, late tasks, witness, seconds")
    p.add_argument("--notices", type=Path, help="year notices (JSON) that add to or override the holiday calendar")
    p.add_argument(
        "--evolve",
        type=_seconds,
        default=0.0,
        metavar="SECONDS",
        help="also evolve a population of plans for up to SECONDS (small departments: fewer visits, slower)",
    )
    return p


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number of seconds ≥ 0: {text!r}")
    return value


def main(argv: list[str]) -> int:
    t0 = time.perf_counter()
    args = build_parser().parse_args(argv)
    from fazhi.core.calendar import WorkCalendar, default_calendar
    from fazhi.core.coordination import CoordinationInputError, plan_visits

    try:
        calendar = WorkCalendar.from_json_file(args.notices) if args.notices else default_calendar()
    except (OSError, ValueError, KeyError, AssertionError) as exc:
        sys.stderr.write(f"fazhi coordinate: {args.notices}: not a valid notice file ({exc})\n")
        return 2
    try:
        table = read_tasks(args.tasks, calendar)
        capacity = read_capacity(args.capacity, calendar)
        plan = plan_visits(table, capacity, calendar=calendar, evolve_seconds=args.evolve)
    except InputRejected as exc:
        for msg in exc.errors:
            sys.stderr.write(f"fazhi coordinate: {msg}\n")
        return 2
    except CoordinationInputError as exc:
        sys.stderr.write(f"fazhi coordinate: {exc}\n")
        return 2
    visits = write_visits(plan, args.out)
    seconds = time.perf_counter() - t0
    summary = plan.summary()
    summary["seconds"] = round(seconds, 3)
    if args.summary:
        args.summary.write_text(json.dumps(summary, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lb = plan.lower_bound.value
    sys.stdout.write(
        f"tasks {summary['tasks']}, visits {visits} (lower bound {lb}, ratio {visits / lb if lb else 1:.4f}; "
        f"with capacities {summary['capacity_lower_bound']}), "
        f"joint visits {summary['joint_visits']}, disturbances avoided {summary['disturbances_avoided']}, "
        f"late {len(plan.late)}, {seconds:.2f} s\n"
    )
    if plan.late:
        w = plan.witness
        why = (
            f"; {w.department} needs {w.demand} officer-days in {w.start}–{w.end} but has {w.capacity}"
            if w
            else ""
        )
        sys.stderr.write(f"fazhi coordinate: {len(plan.late)} tasks could not be placed on time{why}\n")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
