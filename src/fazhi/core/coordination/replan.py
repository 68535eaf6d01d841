"""Incremental re-planning: one task added or cancelled, one enterprise re-planned.

``replan`` touches only the enterprises of the added or cancelled tasks and
the department-days their tasks use: each is planned again, alone, against the
capacity every other enterprise leaves, and kept only if it is no later and has
no more visits than the simpler move (keep the enterprise's other tasks where
they are and put the new task on one of its visits, or on a new day). No other
enterprise's visit moves, so notices already sent stay valid.

perf: the new plan shares its parent's columns (``Plan.base_table``,
``Plan.base_day``) and records only what differs (``Plan.extra``,
``Plan.overlay``); the capacity-use matrix (departments × days) is copied.
A re-plan costs the enterprise's task count, not the plan's.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Iterable, Sequence
from dataclasses import replace

import numpy as np

from .bound import LowerBound, enterprise_bound
from .model import Capacity, CoordinationInputError, LateTask, Task, TaskTable
from .plan import Plan, _find_task, _windows

__all__ = ["REPLAN_WHOLE", "joined_table", "replan"]

#: An enterprise with at most this many tasks is planned again whole on each
#: change; a larger one keeps its other tasks' days (its new task joins a visit
#: or gets a day of its own), so a re-plan stays within milliseconds.
REPLAN_WHOLE = 60


class _RowIds(Sequence[str]):
    """Row numbers as ids (a table built without task ids)."""

    def __init__(self, n: int):
        self._n = n

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [str(j) for j in range(*i.indices(self._n))]
        if not -self._n <= i < self._n:
            raise IndexError(i)
        return str(i % self._n)


class _Concat(Sequence[str]):
    """A sequence followed by a few more items, without copying the first."""

    def __init__(self, head: Sequence[str], tail: Sequence[str]):
        self._head = head
        self._tail = tuple(tail)
        self._n = len(head)

    def __len__(self) -> int:
        return self._n + len(self._tail)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if i < self._n:
            return self._head[i]
        return self._tail[i - self._n]


class _Room:
    """Officers left per (department, day), read cell by cell (no K × H subtraction)."""

    def __init__(self, cap: np.ndarray, usage: np.ndarray):
        self.cap = cap
        self.usage = usage

    def __getitem__(self, cell: tuple[int, int]) -> int:
        return int(self.cap[cell]) - int(self.usage[cell])


def joined_table(base: TaskTable, extra: Sequence[tuple[Task, int, int]], departments: Sequence[str]) -> TaskTable:
    """The base table with the rows ``replan`` added (task, enterprise code, department code)."""
    n_ent = len(base.usccs)
    new_usccs = sorted({(e, t.uscc) for t, e, _k in extra if e >= n_ent})
    ids = base.task_ids if base.task_ids is not None else _RowIds(len(base))
    return TaskTable(
        enterprise=np.concatenate((np.asarray(base.enterprise), np.array([e for _, e, _ in extra], np.int32))).astype(np.int32),
        department=np.concatenate((np.asarray(base.department), np.array([k for _, _, k in extra], np.int32))).astype(np.int32),
        earliest=np.concatenate((np.asarray(base.earliest), np.array([t.earliest.toordinal() for t, _, _ in extra], np.int32))),
        latest=np.concatenate((np.asarray(base.latest), np.array([t.latest.toordinal() for t, _, _ in extra], np.int32))),
        officers=np.concatenate((np.asarray(base.officers), np.array([t.officers for t, _, _ in extra], np.int32))),
        usccs=_Concat(base.usccs, [u for _, u in new_usccs]) if new_usccs else base.usccs,
        departments=tuple(departments) if departments else base.departments,
        task_ids=_Concat(ids, [t.task_id for t, _, _ in extra]),
    )


def _place_enterprise(
    a: list[int], b: list[int], dept: list[int], w: list[int], rem: _Room, prefer: list[int], H: int
) -> tuple[list[int], list[bool]]:
    """Plan one enterprise alone against remaining capacity ``rem`` (K × H).

    Clusters of its bound go whole to a day of their common window with room
    (a task's previous day first, then the latest day); what does not fit
    joins a day already chosen, or a new day with room, or goes late.
    """
    n = len(a)
    day = [-1] * n
    late = [False] * n
    used: dict[tuple[int, int], int] = {}

    def room(k: int, D: int) -> int:
        return int(rem[k, D]) - used.get((k, D), 0)

    def take(i: int, D: int) -> None:
        day[i] = D
        used[(dept[i], D)] = used.get((dept[i], D), 0) + w[i]

    for g in enterprise_bound([(a[i], b[i], i) for i in range(n)]):
        lo = max(a[i] for i in g)
        hi = min(b[i] for i in g)
        need: dict[int, int] = {}
        for i in g:
            need[dept[i]] = need.get(dept[i], 0) + w[i]
        options = [p for p in (prefer[i] for i in g) if p >= 0 and lo <= p <= hi]
        for D in [*options, *range(hi, lo - 1, -1)]:
            if all(room(k, D) >= x for k, x in need.items()):
                for i in g:
                    take(i, D)
                break
    rest = [i for i in range(n) if day[i] < 0]
    return _place_rest(a, b, dept, w, rem, day, rest, H, used, late)


def _place_rest(
    a: list[int],
    b: list[int],
    dept: list[int],
    w: list[int],
    rem: _Room,
    day: list[int],
    free: list[int],
    H: int,
    used: dict[tuple[int, int], int] | None = None,
    late: list[bool] | None = None,
) -> tuple[list[int], list[bool]]:
    """Put each task of ``free`` on a day the enterprise is visited (latest first),
    else on a new day of its window with room (latest first), else late."""
    day = list(day)
    late = list(late) if late is not None else [False] * len(day)
    if used is None:
        used = {}
        for i, D in enumerate(day):
            if D >= 0:
                used[(dept[i], D)] = used.get((dept[i], D), 0) + w[i]
    chosen = sorted({D for D in day if D >= 0})
    for i in free:
        lo, hi = bisect.bisect_left(chosen, a[i]), bisect.bisect_right(chosen, b[i])
        visited = chosen[lo:hi]
        spots = [*reversed(visited), *(D for D in range(b[i], a[i] - 1, -1) if D not in set(visited))]
        target = next((D for D in spots if rem[dept[i], D] - used.get((dept[i], D), 0) >= w[i]), -1)
        if target < 0:
            target = next(
                (D for D in range(b[i] + 1, H) if rem[dept[i], D] - used.get((dept[i], D), 0) >= w[i]),
                min(b[i] + 1, H - 1),
            )
            late[i] = True
        day[i] = target
        used[(dept[i], target)] = used.get((dept[i], target), 0) + w[i]
        k = bisect.bisect_left(chosen, target)
        if k == len(chosen) or chosen[k] != target:
            chosen.insert(k, target)
    return day, late


def replan(plan: Plan, *, add: Iterable[Task] = (), cancel: Iterable[str] = ()) -> Plan:
    """A new plan with ``add`` tasks added and ``cancel`` task ids cancelled.

    Only the enterprises concerned are re-planned (see the module docstring).
    New tasks must fall within the plan's horizon (else re-run
    ``plan_visits``); the plan's calendar and capacity apply, and a new
    department gets its capacity from the ``Capacity`` the plan was made with.
    """
    t0 = time.perf_counter()
    base = plan.base_table
    n0 = len(base)
    days = plan.days
    H = len(days)
    base_day = plan.base_day
    overlay = dict(plan.overlay)
    extra = list(plan.extra)
    added = dict(plan._added)
    usage = plan.usage.copy()
    cap = plan.capacity
    departments = list(plan.departments or base.departments)
    b_ent, b_dep = np.asarray(base.enterprise), np.asarray(base.department)
    b_lo, b_hi, b_w = np.asarray(base.earliest), np.asarray(base.latest), np.asarray(base.officers)

    def day_of(r: int) -> int:
        got = overlay.get(r)
        if got is not None:
            return got
        return int(base_day[r]) if r < n0 else -1

    def info(r: int) -> tuple[int, int, int, int, int]:
        """(enterprise, department, earliest ordinal, latest ordinal, officers)."""
        if r < n0:
            return int(b_ent[r]), int(b_dep[r]), int(b_lo[r]), int(b_hi[r]), int(b_w[r])
        task, e, k = extra[r - n0]
        return e, k, task.earliest.toordinal(), task.latest.toordinal(), task.officers

    def task_id(r: int) -> str:
        return base.task_id(r) if r < n0 else extra[r - n0][0].task_id

    late = {x.task_id: x for x in plan.late}
    over = set(plan.over_capacity)
    touched: set[int] = set()
    fresh: set[int] = set()
    for tid in cancel:
        r = _find_task(plan, tid)
        D = day_of(r)
        if D < 0:
            raise KeyError(f"task {tid} is already cancelled")
        e, k, _lo, _hi, w = info(r)
        usage[k, D] -= w
        overlay[r] = -1
        late.pop(tid, None)
        over.discard(tid)
        touched.add(e)
    add = list(add)
    if add:
        new_ent = {t.uscc: e for t, e, _ in extra}
        didx = {name: k for k, name in enumerate(departments)}
        seen = {t.task_id for t, _, _ in extra}
        first, last = int(days.ordinals[0]), int(days.ordinals[-1])
        new_deps: list[str] = []
        for task in add:
            if task.task_id in seen or plan._lookup.task_row(base, task.task_id) is not None:
                raise CoordinationInputError(f"task {task.task_id}: the id is used twice (rule: task ids are unique)")
            seen.add(task.task_id)
            if task.latest < task.earliest:
                raise CoordinationInputError(
                    f"task {task.task_id}: latest {task.latest} is before earliest {task.earliest} "
                    "(rule: a window ends on or after its start)"
                )
            if task.officers < 1:
                raise CoordinationInputError(
                    f"task {task.task_id}: officers {task.officers} (rule: a task needs at least one officer)"
                )
            lo_o, hi_o = task.earliest.toordinal(), task.latest.toordinal()
            if lo_o < first or hi_o > last:
                raise CoordinationInputError(
                    f"task {task.task_id}: window {task.earliest}–{task.latest} leaves the plan's horizon "
                    f"{days.date(0)}–{days.date(H - 1)} (rule: re-plan incrementally only within the horizon)"
                )
            if days.on_or_after(np.array([lo_o]))[0] > days.on_or_before(np.array([hi_o]))[0]:
                raise CoordinationInputError(
                    f"task {task.task_id}: window {task.earliest}–{task.latest} has no working day "
                    "(rule: a window contains at least one working day)"
                )
            e = plan._lookup.uscc_code(base, task.uscc)
            if e is None:
                e = new_ent.setdefault(task.uscc, len(base.usccs) + len(set(new_ent.values())))
            k = didx.get(task.department)
            if k is None:
                k = didx[task.department] = len(departments)
                departments.append(task.department)
                new_deps.append(task.department)
            r = n0 + len(extra)
            extra.append((task, e, k))
            added[e] = (*added.get(e, ()), r)
            touched.add(e)
            fresh.add(r)
        if new_deps:
            src = plan._source or Capacity()
            more = np.array([[src.officers(name, days.date(j)) for j in range(H)] for name in new_deps], np.int64)
            cap = np.vstack((cap, more))
            usage = np.vstack((usage, np.zeros_like(more)))
    lk = plan._lookup
    n_base_ent = len(lk.ent_ptr) - 1
    lb_delta = 0
    ent_bound = dict(plan._ent_bound)
    cert: dict[int, list[int]] = {}
    for e in sorted(touched):
        # perf: the enterprise's base rows are read as arrays, its added rows one by one
        base_rows = lk.ent_order[lk.ent_ptr[e] : lk.ent_ptr[e + 1]] if e < n_base_ent else np.zeros(0, np.int64)
        bday = base_day[base_rows].astype(np.int64)
        if overlay:
            for j, r in enumerate(base_rows.tolist()):
                if r in overlay:
                    bday[j] = overlay[r]
        keep = bday >= 0
        base_rows, bday = base_rows[keep], bday[keep]
        more = [r for r in added.get(e, ()) if r in fresh or day_of(r) >= 0]
        minf = [info(r) for r in more]
        live = base_rows.tolist() + more
        lo_o = np.concatenate((b_lo[base_rows].astype(np.int64), np.array([x[2] for x in minf], np.int64)))
        hi_o = np.concatenate((b_hi[base_rows].astype(np.int64), np.array([x[3] for x in minf], np.int64)))
        a, b = days.on_or_after(lo_o).tolist(), days.on_or_before(hi_o).tolist()
        dept = b_dep[base_rows].tolist() + [x[1] for x in minf]
        w = b_w[base_rows].tolist() + [x[4] for x in minf]
        cur = bday.tolist() + [-1 if r in fresh else day_of(r) for r in more]
        old_bound = ent_bound.get(e)
        lb_delta -= old_bound if old_bound is not None else (int(lk.ent_bound[e]) if e < n_base_ent else 0)
        rem = _Room(cap, usage)
        free = [i for i, D in enumerate(cur) if D < 0]
        if len(live) <= REPLAN_WHOLE:  # small enough to plan the whole enterprise again
            for i, D in enumerate(cur):
                if D >= 0:
                    usage[dept[i], D] -= w[i]
            day, is_late = _place_rest(a, b, dept, w, rem, cur, free, H)
            new_day, new_late = _place_enterprise(a, b, dept, w, rem, cur, H)
            moved = sum(1 for i, D in enumerate(cur) if D >= 0 and new_day[i] != D)
            if (sum(new_late), len(set(new_day)), moved) < (sum(is_late), len(set(day)), 0):
                day, is_late = new_day, new_late
            changed = range(len(live))
        else:  # the others keep their days (their officers stay counted in usage)
            day, is_late = _place_rest(a, b, dept, w, rem, cur, free, H, used={})
            changed = free
        for i in changed:
            r, D = live[i], day[i]
            if r >= n0 or int(base_day[r]) != D:
                overlay[r] = D
            else:
                overlay.pop(r, None)
            usage[dept[i], D] += w[i]
            if late or over or b[i] < D:
                tid = task_id(r)
                late.pop(tid, None)
                over.discard(tid)
                if b[i] < D:
                    late[tid] = LateTask(tid, days.date(D), D - b[i])
                    if usage[dept[i], D] > cap[dept[i], D]:
                        over.add(tid)
        groups = enterprise_bound([(a[i], b[i], i) for i in range(len(live))])
        lb_delta += len(groups)
        ent_bound[e] = len(groups)
        cert[e] = [live[g[0]] for g in groups]
    holder: list[Plan] = []
    bound = _replaced_bound(plan.lower_bound, plan.lower_bound.value + lb_delta, cert, holder)
    late_t = tuple(sorted(late.values(), key=lambda x: x.task_id))
    witnesses = plan.witnesses
    stats = dict(plan.stats)
    new = Plan(
        base_table=base,
        days=days,
        capacity=cap,
        base_day=base_day,
        usage=usage,
        lower_bound=bound,
        late=late_t,
        over_capacity=tuple(sorted(over)),
        witnesses=witnesses,
        stats=stats,
        _lookup=lk,
        extra=tuple(extra),
        overlay=overlay,
        departments=tuple(departments) if departments != list(base.departments) else (),
        _added=added,
        _ent_bound=ent_bound,
        _source=plan._source,
    )
    fresh_late = {x.task_id for x in late_t} - {x.task_id for x in plan.late}
    if fresh_late:
        # new lateness: a witness for each department concerned (reads that department only)
        ks = {info(_find_task(new, tid))[1] for tid in fresh_late}
        found = [w for k in sorted(ks) if (w := _department_witness(new, k)) is not None]
        names = {departments[k] for k in ks}
        kept = [w for w in plan.witnesses if w.department not in names]
        new = replace(new, witnesses=tuple(sorted([*kept, *found], key=lambda x: -x.excess)))
    elif not late_t:
        new = replace(new, witnesses=())
    holder.append(new)
    stats["seconds_replan"] = round(time.perf_counter() - t0, 6)
    return new


def _department_witness(plan: Plan, k: int):  # -> Witness | None
    """The Hall witness of one department in a re-planned plan (its rows only)."""
    from .model import Witness
    from .plan import MAX_WITNESS_TASKS
    from .witness import hall_violation

    base = plan.base_table
    n0 = len(base)
    rows = np.flatnonzero(np.asarray(base.department) == k)
    rows = np.concatenate((rows, np.array([n0 + j for j, (_t, _e, kk) in enumerate(plan.extra) if kk == k], np.int64)))
    day = np.array([plan.overlay.get(r, int(plan.base_day[r]) if r < n0 else -1) for r in rows.tolist()], np.int64) if plan.overlay else plan.base_day[rows]
    rows = rows[day >= 0]
    a, b = _windows(plan, rows)
    w = np.concatenate((np.asarray(base.officers)[rows[rows < n0]], np.array([plan.extra[r - n0][0].officers for r in rows[rows >= n0]], np.int64)))
    got = hall_violation(a, b, w, plan.capacity[k])
    if got is None:
        return None
    s, e, demand, capacity = got
    inside = rows[(a >= s) & (b <= e)]
    names = plan.departments or base.departments
    return Witness(
        department=names[k],
        start=plan.days.date(s),
        end=plan.days.date(e),
        demand=demand,
        capacity=capacity,
        tasks=int(inside.size),
        task_ids=tuple(
            base.task_id(int(i)) if i < n0 else plan.extra[int(i) - n0][0].task_id for i in inside[:MAX_WITNESS_TASKS]
        ),
    )


def _replaced_bound(base: LowerBound, value: int, cert: dict[int, list[int]], holder: list[Plan]) -> LowerBound:
    """The bound after re-planning some enterprises; its certificate is rebuilt on first use
    from the first plan's certificate and every enterprise re-planned since."""
    root = getattr(base, "_root", base)
    merged = {**getattr(base, "_replaced", {}), **cert}

    def build() -> tuple[TaskTable, np.ndarray, np.ndarray, np.ndarray]:
        plan = holder[0]
        table = plan.table
        _t, rows, _f, _l = root._arrays
        ent = np.asarray(table.enterprise)
        keep = ~np.isin(ent[rows], np.fromiter(merged, np.int64, len(merged)))
        rows = np.sort(np.concatenate((rows[keep], np.array([r for v in merged.values() for r in v], np.int64))))
        a, b = _windows(plan, rows)
        return table, rows, plan.days.ordinals[a], plan.days.ordinals[b]

    out = LowerBound(value, build)
    object.__setattr__(out, "_root", root)
    object.__setattr__(out, "_replaced", merged)
    return out
