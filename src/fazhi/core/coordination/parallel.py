"""Independent parts of a plan, planned one by one, on two cores when large.

Two tasks interact only through an enterprise (they may share a visit) or a
department (they share its capacity). Departments joined by an enterprise
that has tasks in both form a *part*; tasks of different parts share neither
visits nor capacity, so each part can be planned on its own and the plans put
side by side — no rule (window, capacity, one visit per task) can be broken
between parts, and the visit count is the sum of the parts' counts. A province
is such a union of districts (an enterprise is inspected by its own district's
departments); one district is usually a single part.

Each part is planned by its own ``engine.run``, so the engine's size-bound
steps (ruin and recreate, step 6b) see a part's size, not
the whole input's: a province of small-department districts gets them district
by district. Parts of fewer than ``MIN_GROUP_TASKS`` tasks are planned
together (a run has a fixed cost). Groups are dealt to ``workers`` processes,
largest first, so the processes get about the same number of tasks. Processes
are forked (the arrays are shared copy-on-write, not copied); where fork is
not available, or the input is small, everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

import numpy as np

from . import engine
from .bound import clusters
from .evolve import MAX_TASKS as MAX_EVOLVE_TASKS
from .evolve import MIN_RUNS as MIN_EVOLVE_RUNS
from .evolve import evolve

__all__ = ["MIN_GROUP_TASKS", "PARALLEL_MIN_TASKS", "parts", "run"]

PARALLEL_MIN_TASKS = 100_000  # below this the fork costs more than it saves
MIN_GROUP_TASKS = 1_000  # smaller parts are planned together, in groups of at least this many tasks

_JOB: dict[str, object] = {}  # the arrays a forked worker reads (set just before the fork)


def parts(ent: np.ndarray, dept: np.ndarray, K: int) -> np.ndarray:
    """A part label per department: departments joined through enterprises share a label.

    Label propagation: each department takes the smallest label among the
    departments its enterprises also use, until nothing changes (a few rounds:
    the label travels one enterprise per round).
    """
    label = np.arange(K, dtype=np.int64)
    if len(ent) == 0:
        return label
    o = np.argsort(ent, kind="stable")
    e_sorted = ent[o]
    starts = np.flatnonzero(np.r_[True, e_sorted[1:] != e_sorted[:-1]])
    d_sorted = dept[o].astype(np.int64)
    counts = np.diff(np.append(starts, len(ent)))
    while True:
        low = np.minimum.reduceat(label[d_sorted], starts)  # smallest label per enterprise
        new = label.copy()
        np.minimum.at(new, d_sorted, np.repeat(low, counts))
        new = new[new]  # follow labels that point at relabelled departments
        if np.array_equal(new, label):
            return label
        label = new


def _groups(ent: np.ndarray, dept: np.ndarray, K: int) -> tuple[list[np.ndarray], int]:
    """The rows of each group of parts planned by one engine run, largest first; and the number of parts."""
    label = parts(ent, dept, K)
    part_of_task = np.unique(label[dept], return_inverse=True)[1]
    order = np.argsort(part_of_task, kind="stable")
    bounds = np.flatnonzero(np.diff(part_of_task[order])) + 1
    groups: list[np.ndarray] = []
    small: list[np.ndarray] = []
    small_n = 0
    for rows in np.split(order, bounds):
        if rows.size >= MIN_GROUP_TASKS:
            groups.append(rows)
            continue
        small.append(rows)
        small_n += rows.size
        if small_n >= MIN_GROUP_TASKS:
            groups.append(np.sort(np.concatenate(small)))
            small, small_n = [], 0
    if small:
        groups.append(np.sort(np.concatenate(small)))
    groups.sort(key=lambda r: -r.size)
    return groups, len(bounds) + 1


def _plan_groups(job: dict, groups: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict]:
    """Plan each group on its own (enterprises renumbered within it); rows, days, late and over-capacity rows, stats."""
    days, lates, overs = [], [], []
    stats: dict[str, float] = {}
    evolving = sum(r.size for r in groups if r.size <= MAX_EVOLVE_TASKS)  # this process's time goes to these runs
    for rows in groups:
        names, e_local = np.unique(job["ent"][rows], return_inverse=True)
        dept, a, b, w = (job[x][rows] for x in ("dept", "a", "b", "w"))
        seconds = job["evolve_seconds"] * rows.size / evolving if rows.size <= MAX_EVOLVE_TASKS else 0.0
        res = _run_part(e_local, dept, a, b, w, job["cap"], names.size, job["level"], job["search"], seconds)
        days.append(res.day)
        lates.append(rows[res.late])
        overs.append(rows[res.over_capacity])
        for k, v in res.stats.items():  # counts and times add up (the groups run one after another)
            stats[k] = stats.get(k, 0) + v
    rows = np.concatenate(groups)
    return rows, np.concatenate(days), np.concatenate(lates), np.concatenate(overs), stats


def _plan_bin(j: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict]:
    return _plan_groups(_JOB, _JOB["bins"][j])  # type: ignore[index]


def _run_part(ent, dept, a, b, w, cap, n_ent, level, search, evolve_seconds) -> engine.EngineResult:
    """``engine.run``, then ``evolve`` for up to ``evolve_seconds`` where it applies.

    Not with ``search=False`` or ``level=False`` (comparisons of the engine's
    own steps), nor when the time is shorter than ``evolve.MIN_RUNS`` runs of
    the engine on this part (the population alone would not fit)."""
    t0 = time.perf_counter()
    res = engine.run(ent, dept, a, b, w, cap, n_ent, level=level, search=search)
    if evolve_seconds <= 0 or res.late.size or not (search and level):
        return res
    if evolve_seconds < MIN_EVOLVE_RUNS * (time.perf_counter() - t0):
        res.stats["evolve_skipped"] = 1
        return res
    day, stats = evolve(ent, dept, a, b, w, cap, n_ent, res.day, seconds=evolve_seconds)
    res.stats.update(stats)
    if day is not res.day:
        res = replace(res, day=day, usage=engine.usage_of(dept, day, w, *cap.shape))
    return res


def run(
    ent, dept, a, b, w, cap, n_ent: int, *, level: bool = True, search: bool = True, workers: int | None = None,
    evolve_seconds: float = 0.0,
) -> engine.EngineResult:
    """``engine.run`` part by part, on ``workers`` processes when the input is large enough.

    ``evolve_seconds`` > 0: each run of at most ``evolve.MAX_TASKS`` tasks
    then evolves its plan (``evolve.evolve``); each process shares that time
    among its runs in proportion to their tasks, so the whole takes about
    ``evolve_seconds`` more (a run's share may be overrun by one engine run
    or one child; a share too short for the population is skipped)."""
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    K, H = cap.shape
    n = len(ent)
    groups, n_parts = _groups(ent, dept, K) if n else ([], 0)
    if len(groups) < 2:
        res = _run_part(ent, dept, a, b, w, cap, n_ent, level, search, evolve_seconds)
        res.stats.update(parts=n_parts, part_runs=len(groups))
        return res
    t0 = time.perf_counter()
    job = dict(ent=ent, dept=dept, a=a, b=b, w=w, cap=cap, level=level, search=search, evolve_seconds=evolve_seconds)
    if workers < 2 or n < PARALLEL_MIN_TASKS or "fork" not in multiprocessing.get_all_start_methods():
        workers = 1
        results = [_plan_groups(job, groups)]
        cl = clusters(ent, a, b)
    else:
        load = [0] * workers
        bins: list[list[np.ndarray]] = [[] for _ in range(workers)]
        for rows in groups:  # largest first, to the lightest process
            j = load.index(min(load))
            bins[j].append(rows)
            load[j] += rows.size
        _JOB.update(job, bins=bins)
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                futures = [pool.submit(_plan_bin, j) for j in range(workers)]
                cl = clusters(ent, a, b)  # the bound's clusters, for the certificate, while the parts are planned
                results = [f.result() for f in futures]
        finally:
            _JOB.clear()
    day = np.empty(n, results[0][1].dtype)
    late, over = [], []
    stats: dict[str, float] = {}
    for r, d, lt, ov, st in results:
        day[r] = d
        late.append(lt)
        over.append(ov)
        for k, v in st.items():  # counts add up; times are the slowest process's
            stats[k] = max(stats.get(k, 0), v) if k.startswith("seconds") else stats.get(k, 0) + v
    usage = engine.usage_of(dept, day, w, K, H)
    stats["parts"] = n_parts
    stats["part_runs"] = len(groups)
    stats["workers"] = workers
    stats["seconds_parallel"] = time.perf_counter() - t0
    return engine.EngineResult(
        day=day,
        late=np.sort(np.concatenate(late)),
        over_capacity=np.sort(np.concatenate(over)),
        clusters=cl,
        usage=usage,
        stats=stats,
    )
