"""The public API: ``lower_bound``, ``plan_visits``, ``explain`` (``replan`` is in replan.py).

A ``Plan`` is immutable. It keeps the tasks as columns (``TaskTable``) and one
working-day index per task, and builds ``Visit`` objects only when asked
(``plan.visits``), so a province-scale plan costs arrays, not millions of
objects. ``replan`` returns a new ``Plan`` and touches only the enterprise of
the added or cancelled task and the department-days it uses.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np

from fazhi.core.calendar import WorkCalendar, default_calendar

from . import parallel
from .bound import LowerBound, capacity_bound, clusters, enterprise_bound
from .days import DayIndex, check_years
from .model import Capacity, CoordinationInputError, LateTask, Task, TaskTable, Visit, Witness
from .witness import hall_violation

__all__ = ["MAX_WITNESS_TASKS", "Plan", "explain", "lower_bound", "plan_visits"]

MAX_WITNESS_TASKS = 200

TasksIn = Sequence[Task] | TaskTable
CapacityIn = Capacity | Mapping[str, int]


# ---------------------------------------------------------------------------
# input
# ---------------------------------------------------------------------------


def _as_table(tasks: TasksIn) -> TaskTable:
    if isinstance(tasks, TaskTable):
        return tasks
    return TaskTable.from_tasks(list(tasks))


def _as_capacity(capacity: CapacityIn) -> Capacity:
    if isinstance(capacity, Capacity):
        return capacity
    return Capacity(default=dict(capacity))


@dataclass(frozen=True, eq=False)
class _Prepared:
    table: TaskTable
    days: DayIndex
    a: np.ndarray  # first working day of each window (index)
    b: np.ndarray  # last working day of each window (index)
    cap: np.ndarray  # (K, H) officers


def _prepare(tasks: TasksIn, capacity: CapacityIn, calendar: WorkCalendar | None) -> _Prepared:
    table = _as_table(tasks)
    cap_in = _as_capacity(capacity)
    cal = calendar or default_calendar()
    n = len(table)
    lo = np.asarray(table.earliest, np.int64)
    hi = np.asarray(table.latest, np.int64)
    off = np.asarray(table.officers, np.int64)
    if n:
        bad = np.flatnonzero(hi < lo)
        if bad.size:
            i = int(bad[0])
            raise CoordinationInputError(
                f"task {table.task_id(i)}: latest {date.fromordinal(int(hi[i]))} is before earliest "
                f"{date.fromordinal(int(lo[i]))} (rule: a window ends on or after its start)"
            )
        bad = np.flatnonzero(off < 1)
        if bad.size:
            i = int(bad[0])
            raise CoordinationInputError(
                f"task {table.task_id(i)}: officers {int(off[i])} (rule: a task needs at least one officer)"
            )
        y0, y1 = date.fromordinal(int(lo.min())).year, date.fromordinal(int(hi.max())).year
        check_years(cal, np.array([date(y, 1, 1).toordinal() for y in range(y0, y1 + 1)]))
        days = DayIndex.build(cal, date.fromordinal(int(lo.min())), date.fromordinal(int(hi.max())))
    else:
        today = date(cal.first_year, 1, 1)
        days = DayIndex.build(cal, today, today, extend=0)
    a = days.on_or_after(lo)
    b = days.on_or_before(hi)
    if n:
        bad = np.flatnonzero(a > b)
        if bad.size:
            i = int(bad[0])
            raise CoordinationInputError(
                f"task {table.task_id(i)}: window {date.fromordinal(int(lo[i]))}–{date.fromordinal(int(hi[i]))} "
                "has no working day (rule: a window contains at least one working day)"
            )
    cap = _capacity_matrix(cap_in, table.departments, days)
    return _Prepared(table, days, a, b, cap)


def _capacity_matrix(capacity: Capacity, departments: Sequence[str], days: DayIndex) -> np.ndarray:
    K, H = len(departments), len(days)
    cap = np.zeros((K, H), np.int64)
    code = {name: k for k, name in enumerate(departments)}
    for name, officers in capacity.default.items():
        if officers < 0:
            raise CoordinationInputError(f"capacity of {name} on every day: officers {officers} (rule: not negative)")
        k = code.get(name)
        if k is not None:
            cap[k, :] = officers
    if capacity.by_date:
        cal = days.calendar
        first, last = int(days.ordinals[0]), int(days.ordinals[-1])
        for (name, d), officers in capacity.by_date.items():
            if officers < 0:
                raise CoordinationInputError(f"capacity of {name} on {d}: officers {officers} (rule: not negative)")
            if not cal.is_working_day(d):
                raise CoordinationInputError(
                    f"capacity of {name} on {d}: not a working day (rule: dated capacity is for working days)"
                )
            k = code.get(name)
            o = d.toordinal()
            if k is None or o < first or o > last:
                continue
            cap[k, days.index(d)] = officers
    return cap


# ---------------------------------------------------------------------------
# plan
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Lookup:
    """Lookups shared by a plan and the plans ``replan`` derives from it (built lazily)."""

    ent_order: np.ndarray  # rows of the base table sorted by enterprise
    ent_ptr: np.ndarray
    base_rows: int
    ent_bound: np.ndarray  # each enterprise's lower bound in the first plan
    cache: dict[str, object] = field(default_factory=dict)

    def task_row(self, table: TaskTable, task_id: str) -> int | None:
        """Row of a task id among the base rows (index built on first use)."""
        if table.task_ids is None:  # ids are row numbers
            return int(task_id) if task_id.isdigit() and int(task_id) < self.base_rows else None
        got = self.cache.get("task_index")
        if got is None:
            got = {table.task_id(i): i for i in range(self.base_rows)}
            self.cache["task_index"] = got
        assert isinstance(got, dict)
        return got.get(task_id)

    def uscc_code(self, table: TaskTable, uscc: str) -> int | None:
        """Code of an enterprise among the base rows (index built on first use)."""
        finder = getattr(table.usccs, "code_of", None)
        if finder is not None:  # a sequence that knows its own inverse (synthetic codes)
            return finder(uscc)
        got = self.cache.get("uscc_index")
        if got is None:
            got = {u: i for i, u in enumerate(table.usccs[: len(self.ent_ptr) - 1])}
            self.cache["uscc_index"] = got
        assert isinstance(got, dict)
        return got.get(uscc)


@dataclass(frozen=True, eq=False)
class Plan:
    """The visits planned for a set of tasks (a coordination run's result).

    ``day[i]`` is the working-day index (into ``days``) of task row ``i`` of
    ``table``; −1 marks a task cancelled by ``replan``. ``late`` lists tasks
    placed after their window (with the working days late); ``witness`` proves,
    when lateness could not be avoided, that no schedule avoids it (the most
    violated department and range; ``witnesses`` has one per department).
    ``stats`` carries counts and timings.

    perf: a plan made by ``replan`` shares its parent's columns: its own rows
    are ``base_table`` plus ``extra`` (the added tasks, with their enterprise
    and department codes), its days ``base_day`` plus ``overlay`` (row → day
    where they differ). ``table`` and ``day`` join them on first use.
    """

    base_table: TaskTable
    days: DayIndex
    capacity: np.ndarray  # (K, H) officers per department and working day
    base_day: np.ndarray
    usage: np.ndarray  # (K, H) officers used
    lower_bound: LowerBound
    late: tuple[LateTask, ...]
    over_capacity: tuple[str, ...]
    witnesses: tuple[Witness, ...]
    stats: Mapping[str, float | int]
    _lookup: _Lookup
    extra: tuple[tuple[Task, int, int], ...] = ()
    overlay: Mapping[int, int] = field(default_factory=dict)
    departments: tuple[str, ...] = ()  # when replan met new departments: all names
    _added: Mapping[int, tuple[int, ...]] = field(default_factory=dict)  # enterprise → rows added by replan
    _ent_bound: Mapping[int, int] = field(default_factory=dict)  # enterprise → bound, where replan changed it
    _source: Capacity | None = None

    @cached_property
    def table(self) -> TaskTable:
        if not self.extra and not self.departments:
            return self.base_table
        from .replan import joined_table

        return joined_table(self.base_table, self.extra, self.departments)

    @cached_property
    def day(self) -> np.ndarray:
        if not self.extra and not self.overlay:
            return self.base_day
        out = np.concatenate((self.base_day, np.full(len(self.extra), -1, self.base_day.dtype)))
        if self.overlay:
            rows = np.fromiter(self.overlay.keys(), np.int64, len(self.overlay))
            out[rows] = np.fromiter(self.overlay.values(), np.int64, len(self.overlay))
        return out

    @cached_property
    def capacity_lower_bound(self) -> int:
        """A stronger bound on the visits of any on-time plan: ``lower_bound``
        plus what each department's daily capacity forces at each enterprise
        on its own (``bound.capacity_bound``; equal to ``lower_bound.value``
        where departments are large). The gap from here to ``visit_count`` is
        what enterprises competing for the same department-days cost, or the
        planner's shortfall. Computed on first use (a district: ~0.1 s)."""
        t = self.table
        live = np.flatnonzero(self.day >= 0)
        a, b = _windows(self, live)
        ent = np.asarray(t.enterprise, np.int64)[live]
        dept = np.asarray(t.department, np.int64)[live]
        w = np.asarray(t.officers, np.int64)[live]
        return int(capacity_bound(ent, dept, a, b, w, self.capacity, clusters(ent, a, b)).sum())

    @property
    def witness(self) -> Witness | None:
        return self.witnesses[0] if self.witnesses else None

    @cached_property
    def _visit_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(enterprise, day) of each visit, and its rows: rows[ptr[v]:ptr[v+1]].

        Visits are ordered by date, then enterprise code.
        """
        live = np.flatnonzero(self.day >= 0)
        ent = np.asarray(self.table.enterprise)[live].astype(np.int64)
        key = self.day[live].astype(np.int64) * (int(ent.max()) + 1 if ent.size else 1) + ent
        o = np.argsort(key, kind="stable")
        rows = live[o]
        k = key[o]
        first = np.r_[True, k[1:] != k[:-1]] if k.size else np.zeros(0, bool)
        starts = np.flatnonzero(first)
        ptr = np.append(starts, rows.size)
        v_day = self.day[rows[starts]].astype(np.int64)
        v_ent = np.asarray(self.table.enterprise)[rows[starts]].astype(np.int64)
        return v_ent, v_day, rows, ptr

    @property
    def visit_count(self) -> int:
        return len(self._visit_arrays[0])

    @cached_property
    def visits(self) -> tuple[Visit, ...]:
        v_ent, v_day, rows, ptr = self._visit_arrays
        t = self.table
        ids = [t.task_id(i) for i in rows.tolist()] if t.task_ids is None else None
        source = t.task_ids
        dep_names = t.departments
        deps = np.asarray(t.department)[rows].tolist()
        rows_l = rows.tolist()
        ptr_l = ptr.tolist()
        dates = [date.fromordinal(int(o)) for o in self.days.ordinals.tolist()]
        usccs = t.usccs
        out = []
        for v, (e, D) in enumerate(zip(v_ent.tolist(), v_day.tolist(), strict=True)):
            lo, hi = ptr_l[v], ptr_l[v + 1]
            members = ids[lo:hi] if ids is not None else [source[r] for r in rows_l[lo:hi]]  # type: ignore[index]
            out.append(
                Visit(
                    visit_id=f"V{v + 1:07d}",
                    uscc=usccs[e],
                    date=dates[D],
                    task_ids=tuple(members),
                    departments=tuple(dep_names[k] for k in sorted(set(deps[lo:hi]))),
                )
            )
        return tuple(out)

    @property
    def joint_visits(self) -> int:
        """Visits carrying tasks of two or more departments (联合检查)."""
        v_ent, _, rows, ptr = self._visit_arrays
        if not len(v_ent):
            return 0
        dep = np.asarray(self.table.department)[rows].astype(np.int64)
        vid = np.repeat(np.arange(len(v_ent)), np.diff(ptr))
        pairs = np.unique(vid * (int(dep.max()) + 1) + dep)
        return int(np.count_nonzero(np.bincount(pairs // (int(dep.max()) + 1)) >= 2))

    @property
    def task_count(self) -> int:
        return int(np.count_nonzero(self.day >= 0))

    @property
    def disturbances_avoided(self) -> int:
        """Tasks − visits (减少扰企)."""
        return self.task_count - self.visit_count

    def task_date(self, task_id: str) -> date:
        i = _find_task(self, task_id)
        return self.days.date(int(self.day[i]))

    def summary(self) -> dict[str, object]:
        """The figures of a run (what SUMMARY.json carries)."""
        w = self.witness
        visits = self.visit_count
        return {
            "tasks": self.task_count,
            "visits": visits,
            "lower_bound": self.lower_bound.value,
            "ratio": round(visits / self.lower_bound.value, 6) if self.lower_bound.value else 1.0,
            "capacity_lower_bound": self.capacity_lower_bound,
            "disturbances_avoided": self.task_count - visits,
            "joint_visits": self.joint_visits,
            "late": [{"task_id": x.task_id, "date": x.date.isoformat(), "days_late": x.days_late} for x in self.late],
            "over_capacity": list(self.over_capacity),
            "witness": _witness_json(w) if w else None,
            "witnesses": [_witness_json(x) for x in self.witnesses],
            "stats": dict(self.stats),
        }


def _witness_json(w: Witness) -> dict[str, object]:
    return {
        "department": w.department,
        "start": w.start.isoformat(),
        "end": w.end.isoformat(),
        "demand": w.demand,
        "capacity": w.capacity,
        "excess": w.excess,
        "tasks": w.tasks,
        "task_ids": list(w.task_ids),
    }


def _find_task(plan: Plan, task_id: str) -> int:
    """Row of a task id (base rows through a lazily built index, added rows by scan)."""
    i = plan._lookup.task_row(plan.base_table, task_id)
    if i is None:
        n0 = len(plan.base_table)
        for j, (task, _e, _k) in enumerate(plan.extra):
            if task.task_id == task_id:
                return n0 + j
        raise KeyError(f"no task {task_id} in this plan")
    return i


def lower_bound(tasks: TasksIn, *, calendar: WorkCalendar | None = None) -> LowerBound:
    """The fewest visits any schedule needs (capacities ignored), with its certificate."""
    p = _prepare(tasks, {}, calendar)
    cl = clusters(np.asarray(p.table.enterprise), p.a, p.b)
    return _make_bound(p.table, p.days, p.a, p.b, cl.cert)


def _make_bound(table: TaskTable, days: DayIndex, a: np.ndarray, b: np.ndarray, rows: np.ndarray) -> LowerBound:
    rows = np.sort(rows)
    first, last = days.ordinals[a[rows]], days.ordinals[b[rows]]
    return LowerBound(len(rows), lambda: (table, rows, first, last))


def _witnesses(table: TaskTable, days: DayIndex, a, b, cap, late_rows: np.ndarray, live: np.ndarray | None = None) -> tuple[Witness, ...]:
    if late_rows.size == 0:
        return ()
    dept = np.asarray(table.department)
    w = np.asarray(table.officers)
    out = []
    for k in np.unique(dept[late_rows]).tolist():
        mask = dept == k
        if live is not None:
            mask &= live
        rows = np.flatnonzero(mask)
        got = hall_violation(a[rows], b[rows], w[rows], cap[k])
        if got is None:
            continue
        s, e, demand, capacity = got
        inside = rows[(a[rows] >= s) & (b[rows] <= e)]
        out.append(
            Witness(
                department=table.departments[k],
                start=days.date(s),
                end=days.date(e),
                demand=demand,
                capacity=capacity,
                tasks=int(inside.size),
                task_ids=tuple(table.task_id(int(i)) for i in inside[:MAX_WITNESS_TASKS]),
            )
        )
    out.sort(key=lambda x: -x.excess)
    return tuple(out)


def plan_visits(
    tasks: TasksIn,
    capacity: CapacityIn,
    *,
    calendar: WorkCalendar | None = None,
    level: bool = True,
    search: bool = True,
    workers: int | None = None,
    evolve_seconds: float = 0.0,
) -> Plan:
    """Plan visits: no task late when an on-time schedule exists, then fewest visits, then even load.

    ``level=False`` skips levelling (objective 3) and ``search=False`` the
    ruin-and-recreate search (``improve``); both exist for comparisons.
    ``workers``: processes for inputs of independent parts (a province's
    districts) of at least ``parallel.PARALLEL_MIN_TASKS`` tasks; default two
    where the machine has two cores, 1 plans everything in this process.
    ``evolve_seconds``: extra time for evolving a population of plans
    (``evolve``; parts of at most ``evolve.MAX_TASKS`` tasks still above
    the capacity-aware bound — small departments); 0, the default, skips it.

    ``tasks``: ``Task`` objects or a ``TaskTable``; ``capacity``: a ``Capacity``
    or a mapping department → officers per working day. Raises
    ``CoordinationInputError`` for a malformed task or capacity and
    ``CalendarYearUnknown`` for a date the calendar does not cover.
    """
    t0 = time.perf_counter()
    p = _prepare(tasks, capacity, calendar)
    t1 = time.perf_counter()
    table = p.table
    ent = np.asarray(table.enterprise)
    dept = np.asarray(table.department)
    w = np.asarray(table.officers)
    n_ent = len(table.usccs)
    res = parallel.run(
        ent, dept, p.a, p.b, w, p.cap, n_ent, level=level, search=search, workers=workers, evolve_seconds=evolve_seconds
    )
    t2 = time.perf_counter()
    day = res.day
    late_rows = res.late
    late = tuple(
        LateTask(table.task_id(int(i)), p.days.date(int(day[i])), int(day[i] - p.b[i]))
        for i in sorted(late_rows.tolist(), key=lambda r: table.task_id(r))
    )
    witnesses = _witnesses(table, p.days, p.a, p.b, p.cap, late_rows)
    bound = _make_bound(table, p.days, p.a, p.b, res.clusters.cert)
    t3 = time.perf_counter()
    stats: dict[str, float | int] = {k: (round(v, 4) if isinstance(v, float) else v) for k, v in res.stats.items()}
    stats["seconds_prepare"] = round(t1 - t0, 4)
    stats["seconds_witness"] = round(t3 - t2, 4)
    stats["seconds"] = round(t3 - t0, 4)
    used = res.usage
    with np.errstate(divide="ignore", invalid="ignore"):
        util = np.where(p.cap > 0, used / np.maximum(p.cap, 1), 0.0)
    stats["peak_utilisation"] = round(float(util.max()), 4) if util.size else 0.0
    stats["capacity_use"] = round(float(used.sum() / max(1, p.cap[:, : int(p.b.max()) + 1 if len(p.b) else 0].sum())), 4)
    lookup = _Lookup(
        res.clusters.order,
        np.searchsorted(ent[res.clusters.order], np.arange(n_ent + 1)),
        len(table),
        np.bincount(res.clusters.ent, minlength=n_ent),
    )
    return Plan(
        base_table=table,
        days=p.days,
        capacity=p.cap,
        base_day=day,
        usage=used,
        lower_bound=bound,
        late=late,
        over_capacity=tuple(table.task_id(int(i)) for i in res.over_capacity),
        witnesses=witnesses,
        stats=stats,
        _lookup=lookup,
        _source=_as_capacity(capacity),
    )


# ---------------------------------------------------------------------------
# explain
# ---------------------------------------------------------------------------

_WEEKDAYS = "一二三四五六日"


def _d(x: date) -> str:
    return f"{x.isoformat()}（星期{_WEEKDAYS[x.weekday()]}）"


def _ent_rows(plan: Plan, e: int) -> np.ndarray:
    lk = plan._lookup
    rows = lk.ent_order[lk.ent_ptr[e] : lk.ent_ptr[e + 1]] if e < len(lk.ent_ptr) - 1 else np.zeros(0, np.int64)
    extra = plan._added.get(e, ())
    if extra:
        rows = np.concatenate((rows, np.asarray(extra, np.int64)))
    return rows[plan.day[rows] >= 0]


def _enterprise_code(plan: Plan, uscc: str) -> int:
    e = plan._lookup.uscc_code(plan.base_table, uscc)
    if e is None:
        for task, code, _k in plan.extra:
            if task.uscc == uscc:
                return code
        raise KeyError(f"no enterprise {uscc} in this plan")
    return e


def _windows(plan: Plan, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Working-day windows of table rows (added rows read from ``plan.extra``, no join)."""
    base = plan.base_table
    rows = np.asarray(rows, np.int64)
    n0 = len(base)
    lo = np.asarray(base.earliest)[np.minimum(rows, n0 - 1)].astype(np.int64) if n0 else np.zeros(rows.size, np.int64)
    hi = np.asarray(base.latest)[np.minimum(rows, n0 - 1)].astype(np.int64) if n0 else np.zeros(rows.size, np.int64)
    for j in np.flatnonzero(rows >= n0).tolist():
        task = plan.extra[int(rows[j]) - n0][0]
        lo[j], hi[j] = task.earliest.toordinal(), task.latest.toordinal()
    a = plan.days.on_or_after(lo)
    b = plan.days.on_or_before(hi)
    return a.astype(np.int64), b.astype(np.int64)


def explain(plan: Plan, uscc: str) -> list[str]:
    """Why this enterprise is visited on these days, in Chinese for the clerk.

    One line for the enterprise (tasks, visits, the proven minimum and its
    proof), then one line per visit: its tasks, the days every task's window
    allows, how full each department is that day, and for a task kept apart
    from another visit, why it could not join it.
    """
    e = _enterprise_code(plan, uscc)
    t = plan.table
    rows = _ent_rows(plan, e)
    if rows.size == 0:
        return [f"企业 {uscc} 在本计划中没有检查任务。"]
    a, b = _windows(plan, rows)
    day = plan.day[rows].astype(np.int64)
    dept = np.asarray(t.department)[rows]
    w = np.asarray(t.officers)[rows]
    groups = enterprise_bound([(int(a[i]), int(b[i]), i) for i in range(rows.size)])
    lb = len(groups)
    visit_days = sorted(set(day.tolist()))
    lines = [
        f"企业 {uscc}：{rows.size} 项检查任务，安排 {len(visit_days)} 次入企；"
        f"不计人力约束最少需要 {lb} 次"
        + ("（已达最少）。" if len(visit_days) == lb else f"（多出 {len(visit_days) - lb} 次，原因见下）。")
    ]
    proof = "、".join(
        f"{t.task_id(int(rows[g[0]]))}（{plan.days.date(int(a[g[0]])).isoformat()}至{plan.days.date(int(b[g[0]])).isoformat()}）"
        for g in groups
    )
    lines.append(f"最少次数的证明：以下任务的时间窗口两两不相交，每项至少需要单独一次入企：{proof}。")
    late_ids = {x.task_id: x for x in plan.late}
    for n, D in enumerate(visit_days, 1):
        sel = np.flatnonzero(day == D)
        lo = int(a[sel].max())
        hi = int(b[sel].min())
        deps = sorted(set(dept[sel].tolist()))
        parts = []
        for i in sel.tolist():
            tid = t.task_id(int(rows[i]))
            s = f"{t.departments[int(dept[i])]} {tid}（窗口 {plan.days.date(int(a[i])).isoformat()}至{plan.days.date(int(b[i])).isoformat()}，{int(w[i])} 人）"
            if tid in late_ids:
                s += f"【逾期 {late_ids[tid].days_late} 个工作日】"
            parts.append(s)
        kind = f"联合检查，{len(deps)} 个部门" if len(deps) >= 2 else "单部门检查"
        load = "；".join(
            f"{t.departments[k]} 当日已派 {int(plan.usage[k, D])}/{int(plan.capacity[k, D])} 人" for k in deps
        )
        line = f"第 {n} 次 {_d(plan.days.date(D))}：{kind}。任务：{'、'.join(parts)}。"
        if lo <= hi:
            line += (
                f"各任务窗口共同允许的日期为 {plan.days.date(lo).isoformat()}至{plan.days.date(hi).isoformat()}，"
                f"选定该日是因为当日各部门尚有人力（{load}）。"
            )
        else:
            line += f"（{load}）"
        lines.append(line)
    # tasks that could have joined another visit of the enterprise but did not
    if len(visit_days) > lb:
        for i in range(rows.size):
            others = [D for D in visit_days if day[i] != D and a[i] <= D <= b[i]]
            for D in others:
                k = int(dept[i])
                free = int(plan.capacity[k, D] - plan.usage[k, D])
                if free < int(w[i]):
                    lines.append(
                        f"任务 {t.task_id(int(rows[i]))} 未并入 {plan.days.date(D).isoformat()} 的入企："
                        f"{t.departments[k]} 当日人力已满（已派 {int(plan.usage[k, D])}/{int(plan.capacity[k, D])} 人，"
                        f"还需 {int(w[i])} 人）。"
                    )
    for x in plan.late:
        if x.task_id in {t.task_id(int(r)) for r in rows}:
            wit = next((wt for wt in plan.witnesses if x.task_id in wt.task_ids), None)
            if wit:
                lines.append(
                    f"任务 {x.task_id} 逾期无法避免：{wit.department} 在 {wit.start.isoformat()}至{wit.end.isoformat()} "
                    f"期间窗口内的任务共需 {wit.demand} 人次，而该部门只有 {wit.capacity} 人次。"
                )
            else:
                lines.append(f"任务 {x.task_id} 逾期 {x.days_late} 个工作日：窗口内该部门人力已排满。")
    return lines


