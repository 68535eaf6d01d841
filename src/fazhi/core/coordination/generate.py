"""Synthetic coordination instances with a planted on-time schedule.

Used by the tests and ``benchmarks/bench_coordination.py``; documented in
``docs/domain/coordination.md``. Deterministic for a given ``seed``.

How an instance is built (working days of one year, 2025 by default):

1. **Departments.** 30 per district, Zipf-like sizes (department ``i`` gets a
   share proportional to 1/i). A province is several districts, each with its
   own 30 department units ("D07@Q03").
2. **Capacity** per department and working day, in officers. ``flat``: the
   same every day; ``jagged``: a day-by-day pattern (some days zero, some
   double); ``small``: every department has 1–3 teams of two officers, the
   number of teams changing from day to day.
3. **Planted schedule.** Each department-day is filled with tasks of 2–4
   officers up to about ``utilisation`` × its capacity (never above it), so an
   on-time schedule exists by construction and capacity use is ``utilisation``.
4. **Windows** of 5–65 working days around each task's planted day; a share
   (``quarter_end_share``) ends at a quarter end (the calendar date: 31 March,
   30 June, …), the rest sit at a random offset.
5. **Enterprises** get a heavy-tailed number of tasks (1 + a Pareto-weighted
   multinomial share, capped near 400: a few enterprises have hundreds), about 4.2 tasks each on
   average (the seed zone: ~150 k tasks over ~36 k entities).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from fazhi.core.calendar import WorkCalendar, default_calendar

from .model import Capacity, TaskTable

__all__ = ["DEPARTMENT_NAMES", "Instance", "SyntheticUsccs", "generate", "overload"]

DEPARTMENT_NAMES = (
    "市场监管", "应急管理", "消防救援", "生态环境", "卫生健康", "人力社保", "住房建设", "综合执法",
    "交通运输", "农业农村", "文化旅游", "商务", "税务", "公安", "教育", "水利", "自然资源", "统计",
    "医疗保障", "民政", "城市管理", "林业", "气象", "烟草专卖", "海关", "邮政管理", "药品监管",
    "知识产权", "档案", "保密",
)  # fmt: skip

TEAM = 2  # officers in one team (two certified officers per inspection)

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_MOD = 31**9
_MUL = 2654435761
_INV = pow(_MUL, -1, _MOD)
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _uscc(body17: str) -> str:
    """Append the GB 32100-2015 check character to a 17-character body."""
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body17, _USCC_WEIGHTS, strict=True))
    return body17 + _USCC_CHARS[(31 - total % 31) % 31]


class SyntheticUsccs(Sequence[str]):
    """Valid-looking unified social credit codes, computed on access (no memory)."""

    def __init__(self, n: int, seed: int = 0, district_of: np.ndarray | None = None):
        self._n = n
        self._seed = seed
        self._district_of = district_of

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self._n))]
        i = int(i)
        if not 0 <= i < self._n:
            raise IndexError(i)
        district = 0 if self._district_of is None else int(self._district_of[i])
        x = (i * _MUL + self._seed * 97 + 12345) % _MOD
        tail = ""
        for _ in range(9):
            x, r = divmod(x, 31)
            tail += _USCC_CHARS[r]
        return _uscc(f"913302{district % 100:02d}{tail}")

    def code_of(self, uscc: str) -> int | None:
        """The index of a code (the inverse of ``__getitem__``), or None."""
        if len(uscc) != 18 or any(c not in _USCC_CHARS for c in uscc[8:17]):
            return None
        x = 0
        for c in reversed(uscc[8:17]):
            x = x * 31 + _USCC_CHARS.index(c)
        i = ((x - self._seed * 97 - 12345) * _INV) % _MOD
        return i if i < self._n and self[i] == uscc else None


@dataclass(frozen=True, eq=False)
class Instance:
    """A generated instance: tasks, capacity and the planted on-time schedule."""

    table: TaskTable
    capacity: Capacity
    planted: np.ndarray  # ordinal of each task's planted day (on time, within capacity)
    utilisation: float  # planted officer-days / capacity officer-days over the year
    params: dict[str, object] = field(default_factory=dict)


def _working_ordinals(calendar: WorkCalendar, year: int) -> np.ndarray:
    return np.array([d.toordinal() for d in calendar.working_days(date(year, 1, 1), date(year, 12, 31))], np.int64)


def generate(
    n_tasks: int = 150_000,
    *,
    utilisation: float = 0.8,
    pattern: str = "flat",
    departments: int = 30,
    districts: int = 1,
    enterprises: int | None = None,
    quarter_end_share: float = 0.45,
    year: int = 2025,
    seed: int = 0,
    calendar: WorkCalendar | None = None,
    task_ids: bool = True,
    horizon_days: int | None = None,
) -> Instance:
    """Build an instance of about ``n_tasks`` tasks (exactly, for ``flat``/``jagged``: ±1 %).

    For ``pattern="small"`` the number of tasks follows from the teams: pick
    ``districts`` to scale it (about 8 k tasks per district at 80 %).
    """
    if pattern not in ("flat", "jagged", "small"):
        raise ValueError(f"unknown capacity pattern {pattern!r}")
    cal = calendar or default_calendar()
    rng = np.random.default_rng(seed)
    days = _working_ordinals(cal, year)
    if horizon_days is not None:
        days = days[:horizon_days]  # a shorter plan (small instances): the first working days of the year
    W = len(days)
    K = departments * districts
    share = 1.0 / np.arange(1, departments + 1)
    share /= share.sum()
    dist_weight = rng.uniform(0.7, 1.3, districts)
    dist_weight /= dist_weight.sum()
    unit_share = (dist_weight[:, None] * share[None, :]).ravel()  # unit k = district*departments + dept

    # ---- capacity per unit and day (officers) ----
    if pattern == "small":
        top = 1 + 2 * share / share.max()  # 3 teams for the biggest, ~1 for the smallest
        mean_teams = np.tile(top, districts)
        jitter = rng.integers(-1, 2, size=(K, W))
        teams = np.clip(np.rint(mean_teams[:, None] + jitter), 1, 3)
        cap = (teams * TEAM).astype(np.int64)
    else:
        demand_per_day = n_tasks * unit_share * 3.0 / W  # mean task takes 3 officers
        base = demand_per_day / utilisation
        if pattern == "flat":
            cap = np.maximum(np.rint(base), 4)[:, None].repeat(W, axis=1).astype(np.int64)
        else:
            levels = np.array([0.0, 0.4, 0.8, 1.0, 1.3, 1.9])
            probs = np.array([0.08, 0.14, 0.2, 0.28, 0.18, 0.12])
            f = levels[rng.choice(len(levels), size=(K, W), p=probs)]
            f /= f.mean(axis=1, keepdims=True)
            cap = np.rint(base[:, None] * f).astype(np.int64)
            cap[(cap > 0) & (cap < 4)] = 4

    # ---- planted schedule: fill each unit-day up to ~utilisation of its capacity ----
    # small capacities are filled in steps of two officers so that utilisation holds on average
    fine = np.floor(utilisation * cap + rng.random(cap.shape))
    coarse = 2 * np.floor(utilisation * cap / 2 + rng.random(cap.shape))
    target = np.where(cap < 10, coarse, fine).astype(np.int64)
    target = np.minimum(target, cap)
    target[target < 2] = 0
    # one task per round in every cell with room left; a draw that would leave a
    # single officer unused is nudged by one, so each cell is filled exactly
    rem = target.ravel().copy()
    cap_flat = cap.ravel()
    cells: list[np.ndarray] = []
    sizes: list[np.ndarray] = []
    active = np.flatnonzero(rem >= 2)
    while active.size:
        r = rem[active]
        hi = np.minimum(np.minimum(4, r), cap_flat[active])
        o = rng.integers(2, hi + 1)
        odd = (r - o) == 1
        o = np.where(odd & (o < hi), o + 1, np.where(odd, o - 1, o))
        rem[active] -= o
        cells.append(active)
        sizes.append(o)
        active = active[rem[active] >= 2]
    cell = np.concatenate(cells) if cells else np.zeros(0, np.int64)
    off = (np.concatenate(sizes) if sizes else np.zeros(0, np.int64)).astype(np.int32)
    perm = rng.permutation(cell.size)
    cell, off = cell[perm], off[perm]
    unit = (cell // W).astype(np.int32)
    pday = (cell % W).astype(np.int32)
    n = cell.size
    used = np.bincount(cell, weights=off, minlength=K * W).reshape(K, W)
    assert np.all(used <= cap), "planted schedule exceeds capacity"
    util = float(used.sum() / cap.sum())

    # ---- windows around the planted day ----
    qend_date = np.array([date(year, m, dd).toordinal() for m, dd in ((3, 31), (6, 30), (9, 30), (12, 31))])
    qend_idx = np.searchsorted(days, qend_date, "right") - 1
    # a horizon that stops inside a quarter: its last day plays the quarter end
    keepq = qend_date <= days[-1]
    qend_idx = np.append(qend_idx[keepq], W - 1) if not keepq.all() else qend_idx
    qend_date = np.append(qend_date[keepq], days[-1]) if not keepq.all() else qend_date
    length = rng.integers(5, 66, size=n)
    at_qend = rng.random(n) < quarter_end_share
    q = np.searchsorted(qend_idx, pday, "left")  # quarter whose last working day is ≥ planted day
    end_q = qend_idx[q]
    at_qend &= end_q - pday + 1 <= 65  # a planted day early in the quarter: a window of ≤ 65 days cannot reach its end
    length_q = np.maximum(length, end_q - pday + 1)
    start_q = np.maximum(end_q - length_q + 1, 0)
    length = np.minimum(length, W)
    offset = (rng.random(n) * length).astype(np.int64)
    start_r = np.clip(pday - offset, 0, W - length)  # shifted, not cut, at the year's ends
    end_r = start_r + length - 1
    start = np.where(at_qend, start_q, start_r)
    end = np.where(at_qend, end_q, end_r)
    assert np.all((start <= pday) & (pday <= end))
    earliest = days[start]
    latest = np.where(at_qend, qend_date[q], days[end])

    # ---- enterprises: heavy-tailed task counts, within the district ----
    district_of_unit = np.arange(K) // departments
    task_district = district_of_unit[unit]
    n_ent_total = enterprises or max(1, round(n / 4.2))
    ent = np.empty(n, np.int64)
    ent_district: list[np.ndarray] = []
    next_code = 0
    for k in range(districts):
        idx = np.flatnonzero(task_district == k)
        m = idx.size
        if m == 0:
            continue
        e_k = int(min(m, max(1, round(n_ent_total * m / n))))
        weights = np.minimum(rng.pareto(1.3, e_k) + 1.0, 500.0)  # heavy tail, at most ~400 tasks a year
        counts = 1 + rng.multinomial(m - e_k, weights / weights.sum())
        codes = np.repeat(np.arange(next_code, next_code + e_k), counts)
        ent[idx] = rng.permutation(codes)
        ent_district.append(np.full(e_k, k))
        next_code += e_k
    dep_names = [
        f"{DEPARTMENT_NAMES[j % len(DEPARTMENT_NAMES)]}" + (f"@Q{k + 1:02d}" if districts > 1 else "")
        for k in range(districts)
        for j in range(departments)
    ]
    table = TaskTable(
        enterprise=ent.astype(np.int32),
        department=unit,
        earliest=earliest.astype(np.int32),
        latest=latest.astype(np.int32),
        officers=off,
        usccs=SyntheticUsccs(next_code, seed, np.concatenate(ent_district) if ent_district else None),
        departments=tuple(dep_names),
        task_ids=tuple(f"T{i:07d}" for i in range(n)) if task_ids else None,
    )
    default: dict[str, int] = {}
    by_date: dict[tuple[str, date], int] = {}
    day_dates = [date.fromordinal(int(o)) for o in days]
    for k in range(K):
        row = cap[k]
        common = int(np.bincount(row).argmax())
        default[dep_names[k]] = common
        for j in np.flatnonzero(row != common).tolist():
            by_date[(dep_names[k], day_dates[j])] = int(row[j])
    return Instance(
        table=table,
        capacity=Capacity(default, by_date),
        planted=days[pday],
        utilisation=util,
        params=dict(
            n_tasks=n, pattern=pattern, utilisation=utilisation, departments=departments, horizon_days=W,
            districts=districts, enterprises=next_code, seed=seed, year=year,
        ),
    )  # fmt: skip


def overload(instance: Instance, *, department: str, start: date, end: date, factor: float) -> Instance:
    """The same instance with one department's capacity cut to ``factor`` on [start, end]."""
    cal = default_calendar()
    by_date = dict(instance.capacity.by_date)
    for d in cal.working_days(start, end):
        by_date[(department, d)] = int(instance.capacity.officers(department, d) * factor)
    params = dict(instance.params, overload=(department, start.isoformat(), end.isoformat(), factor))
    return Instance(instance.table, Capacity(instance.capacity.default, by_date), instance.planted, instance.utilisation, params)
