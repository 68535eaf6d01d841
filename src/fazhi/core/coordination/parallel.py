"""Independent parts of a large plan, planned on two cores at once.

Two tasks interact only through an enterprise (they may share a visit) or a
department (they share its capacity). Departments joined by an enterprise
that has tasks in both form a *part*; tasks of different parts share neither
visits nor capacity, so each part can be planned on its own and the plans put
side by side — no rule (window, capacity, one visit per task) can be broken
between parts, and the visit count is the sum of the parts' counts. A province
is such a union of districts (an enterprise is inspected by its own district's
departments); one district is usually a single part and is planned as before.

Parts are dealt to ``workers`` processes, largest first, so the processes get
about the same number of tasks. Processes are forked (the arrays are shared
copy-on-write, not copied); where fork is not available, or the input is
small, everything runs in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np

from . import engine
from .bound import clusters

__all__ = ["PARALLEL_MIN_TASKS", "parts", "run"]

PARALLEL_MIN_TASKS = 100_000  # below this the fork costs more than it saves

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


def _plan_part(j: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, dict]:
    job = _JOB
    rows = job["rows"][j]  # type: ignore[index]
    ent, dept, a, b, w = (job[x][rows] for x in ("ent", "dept", "a", "b", "w"))  # type: ignore[index]
    res = engine.run(ent, dept, a, b, w, job["cap"], job["n_ent"], level=job["level"], search=job["search"])  # type: ignore[arg-type]
    return rows, res.day, rows[res.late], rows[res.over_capacity], res.stats


def run(ent, dept, a, b, w, cap, n_ent: int, *, level: bool = True, search: bool = True, workers: int | None = None) -> engine.EngineResult:
    """``engine.run``, part by part on ``workers`` processes when the input is large enough."""
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    K, H = cap.shape
    n = len(ent)
    if workers < 2 or n < PARALLEL_MIN_TASKS or "fork" not in multiprocessing.get_all_start_methods():
        return engine.run(ent, dept, a, b, w, cap, n_ent, level=level, search=search)
    label = parts(ent, dept, K)
    names, part_of_task, sizes = np.unique(label[dept], return_inverse=True, return_counts=True)
    if names.size < 2:
        return engine.run(ent, dept, a, b, w, cap, n_ent, level=level, search=search)
    t0 = time.perf_counter()
    load = [0] * workers
    bin_of_part = np.zeros(names.size, np.int64)
    for i in np.argsort(-sizes, kind="stable").tolist():  # largest first, to the lightest process
        j = load.index(min(load))
        bin_of_part[i] = j
        load[j] += int(sizes[i])
    bin_of_task = bin_of_part[part_of_task]
    rows = [np.flatnonzero(bin_of_task == j) for j in range(workers)]
    _JOB.update(ent=ent, dept=dept, a=a, b=b, w=w, cap=cap, n_ent=n_ent, level=level, search=search, rows=rows)
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(_plan_part, j) for j in range(workers)]
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
        for k, v in st.items():  # counts add up; times are the slowest part's
            stats[k] = max(stats.get(k, 0), v) if k.startswith("seconds") else stats.get(k, 0) + v
    usage = np.zeros((K, H), np.int64)
    np.add.at(usage, (dept.astype(np.int64), day), w.astype(np.int64))
    stats["parts"] = int(names.size)
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
