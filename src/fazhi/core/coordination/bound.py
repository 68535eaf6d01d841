"""The lower bound on visits and its certificate.

Without capacities, one enterprise needs exactly as many visits as the
fewest working days that pierce all its task windows (every window contains
one of the days). Greedy by latest day is optimal for that (interval
piercing): take the unpierced window that closes first, visit on its last
day, and every window open on that day rides along. The windows that closed
first in each round are pairwise disjoint, so no schedule, with or without
capacities, can do with fewer visits: that list is the certificate, checkable
by anyone with the calendar.

perf: the greedy runs for all enterprises at once, one NumPy pass per round;
round k handles only the tasks not yet pierced, so the work is the sum over
tasks of the round that pierces them (most enterprises finish in 1–3 rounds).
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np

from .model import TaskTable

__all__ = ["Clusters", "LowerBound", "clusters"]


@dataclass(frozen=True, eq=False)
class Clusters:
    """The greedy's clusters: cluster ``c`` = the tasks pierced by one day.

    ``task_cluster[i]`` is task i's cluster. A cluster can be visited whole on
    any day of [``L[c]``, ``R[c]``] (the intersection of its windows);
    ``R[c]`` is the greedy's day. ``cert[c]`` is the task whose window closes
    first in the cluster; those windows are pairwise disjoint per enterprise.
    Cluster ids are ordered by decreasing size (ties: by enterprise, then day).
    """

    task_cluster: np.ndarray
    ent: np.ndarray
    L: np.ndarray
    R: np.ndarray
    cert: np.ndarray
    size: np.ndarray
    order: np.ndarray  # tasks sorted by (enterprise, latest): enterprise rows are contiguous

    @property
    def count(self) -> int:
        return len(self.R)


def clusters(
    ent: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    dept: np.ndarray | None = None,
    w: np.ndarray | None = None,
    limit: np.ndarray | None = None,
) -> Clusters:
    """Greedy piercing per enterprise; windows are working-day indices [a, b].

    With ``dept``, ``w`` and ``limit`` (officers per department), a cluster
    takes, per department, riders in deadline order only while their officers
    stay within the department's limit; the others wait for a later round.
    That is the planner's capacity-aware variant (more clusters, each one
    placeable); without them it is the exact lower bound.
    """
    n = len(ent)
    if n == 0:
        z = np.zeros(0, np.int32)
        return Clusters(z, z, z, z, z.astype(np.int64), z, z.astype(np.int64))
    span = int(b.max()) + 2
    key = ent.astype(np.int64) * span + b
    order = np.argsort(key, kind="stable")
    E = ent[order]
    A = a[order].astype(np.int32)
    B = b[order].astype(np.int32)
    Dk = dept[order].astype(np.int64) if limit is not None and dept is not None else None
    Wk = w[order].astype(np.int64) if limit is not None and w is not None else None
    task_cluster_sorted = np.empty(n, np.int64)
    c_ent: list[np.ndarray] = []
    c_L: list[np.ndarray] = []
    c_R: list[np.ndarray] = []
    c_cert: list[np.ndarray] = []
    offset = 0
    active = np.arange(n, dtype=np.int64)
    while active.size:
        e_act = E[active]
        first = np.empty(active.size, bool)
        first[0] = True
        np.not_equal(e_act[1:], e_act[:-1], out=first[1:])
        starts = np.flatnonzero(first)
        gid = np.cumsum(first) - 1
        heads = active[starts]
        p = B[heads]
        a_act = A[active]
        pierced = a_act <= p[gid]
        if limit is not None:
            pierced = _within_limit(pierced, first, active, E, Dk, Wk, limit)
        masked = np.where(pierced, a_act, -1)
        L = np.maximum.reduceat(masked, starts)
        task_cluster_sorted[active[pierced]] = offset + gid[pierced]
        c_ent.append(E[heads])
        c_L.append(L.astype(np.int32))
        c_R.append(p)
        c_cert.append(order[heads])
        offset += len(heads)
        active = active[~pierced]
    ent_c = np.concatenate(c_ent)
    L_c = np.concatenate(c_L)
    R_c = np.concatenate(c_R)
    cert_c = np.concatenate(c_cert)
    task_cluster = np.empty(n, np.int64)
    task_cluster[order] = task_cluster_sorted
    size = np.bincount(task_cluster, minlength=offset)
    # renumber: biggest clusters first (the planner keeps big clusters whole first)
    perm = np.lexsort((R_c, ent_c, -size))
    new_id = np.empty(offset, np.int64)
    new_id[perm] = np.arange(offset)
    return Clusters(
        task_cluster=new_id[task_cluster],
        ent=ent_c[perm],
        L=L_c[perm],
        R=R_c[perm],
        cert=cert_c[perm],
        size=size[perm],
        order=order,
    )


def _within_limit(pierced, first, active, E, Dk, Wk, limit) -> np.ndarray:
    """Keep, per enterprise and department, the pierced rows (in deadline order)
    whose running officer count stays within the department's limit; the head
    of each enterprise always stays (progress)."""
    rows = np.flatnonzero(pierced)
    if rows.size == 0:
        return pierced
    pos = active[rows]
    key = E[pos].astype(np.int64) * (int(limit.size) + 1) + Dk[pos]
    o = np.argsort(key, kind="stable")  # stable: keeps deadline order within a group
    k = key[o]
    wv = Wk[pos][o]
    g = np.r_[True, k[1:] != k[:-1]]
    gs = np.flatnonzero(g)
    gid = np.cumsum(g) - 1
    cs = np.cumsum(wv)
    cs = cs - (cs[gs] - wv[gs])[gid]
    ok = cs <= limit[Dk[pos][o]]
    keep = np.zeros(rows.size, bool)
    keep[o] = ok
    out = np.zeros_like(pierced)
    out[rows[keep]] = True
    out |= first  # the enterprise's head is pierced whatever its size
    return out


def enterprise_bound(windows: list[tuple[int, int, int]]) -> list[list[int]]:
    """Greedy piercing for one enterprise in plain Python (the incremental path).

    ``windows`` are (a, b, key); returns the clusters as lists of keys, the
    first key of each cluster being its certificate task.
    """
    out: list[list[int]] = []
    point = -(1 << 30)
    for a, _b, k in sorted(windows, key=lambda x: (x[1], x[0])):
        if a <= point:
            out[-1].append(k)
        else:
            point = _b
            out.append([k])
    return out


@dataclass(frozen=True, eq=False)
class LowerBound:
    """The proven minimum number of visits (ignoring capacities) and its certificate.

    ``certificate`` lists, per enterprise, tasks whose working-day windows are
    pairwise disjoint: (task_id, uscc, first working day, last working day).
    Its length equals ``value``; ``check()`` re-verifies it. The certificate
    is built on first use (``_build`` returns the certificate's table rows and
    the ordinals of each window's first and last working day, with the table).
    """

    value: int
    _build: Callable[[], tuple[TaskTable, np.ndarray, np.ndarray, np.ndarray]]

    @cached_property
    def _arrays(self) -> tuple[TaskTable, np.ndarray, np.ndarray, np.ndarray]:
        return self._build()

    @cached_property
    def certificate(self) -> tuple[tuple[str, str, date, date], ...]:
        t, rows, first, last = self._arrays
        return tuple(
            (t.task_id(int(r)), t.usccs[int(t.enterprise[r])], date.fromordinal(int(f)), date.fromordinal(int(la)))
            for r, f, la in zip(rows.tolist(), first.tolist(), last.tolist(), strict=True)
        )

    def check(self) -> bool:
        """True when the certificate proves the bound: one entry per visit counted,
        and within each enterprise no two windows share a working day."""
        t, rows, first, last = self._arrays
        if len(rows) != self.value:
            return False
        ent = np.asarray(t.enterprise)[rows]
        o = np.lexsort((first, ent))
        e, f, la = ent[o], first[o], last[o]
        same = e[1:] == e[:-1]
        return bool(np.all(f <= la) and np.all(~same | (f[1:] > la[:-1])))

    def for_enterprise(self, uscc: str) -> list[tuple[str, str, date, date]]:
        return [c for c in self.certificate if c[1] == uscc]


def capacity_bound(
    ent: np.ndarray, dept: np.ndarray, a: np.ndarray, b: np.ndarray, w: np.ndarray, cap: np.ndarray, base: Clusters
) -> tuple[int, int]:
    """A lower bound that also counts one department's own capacity at one enterprise.

    One visit (one day) can carry at most that day's capacity of department k
    in k's tasks. So for the tasks of enterprise e and department k whose
    windows lie inside a range I, e needs at least r(I) visit days inside I,
    r(I) being the fewest days of I whose capacities add up to those tasks'
    officers. Each window needs one day. The fewest days meeting all these
    requirements (interval multi-cover) is found exactly by the greedy that
    takes ranges by their end and adds missing days as late as possible —
    a valid lower bound for every schedule (each enterprise is relaxed to
    having every department's whole capacity to itself).

    Returns (bound, enterprises where it exceeds the plain bound). Only the
    (enterprise, department) groups whose officers exceed the department's
    largest daily capacity over their span are examined; the others add
    nothing over the plain bound.
    """
    n = len(ent)
    if n == 0:
        return 0, 0
    K = cap.shape[0]
    key = ent.astype(np.int64) * K + dept
    o = np.argsort(key, kind="stable")
    k_sorted = key[o]
    first = np.r_[True, k_sorted[1:] != k_sorted[:-1]]
    starts = np.flatnonzero(first)
    total = np.add.reduceat(w[o].astype(np.int64), starts)
    lo = np.minimum.reduceat(a[o], starts)
    hi = np.maximum.reduceat(b[o], starts)
    cnt = np.diff(np.append(starts, n))
    g_dept = dept[o][starts]
    # largest capacity over the span, per group (sparse table over days)
    H = cap.shape[1]
    levels = [cap]
    j = 1
    while (1 << j) <= H:
        prev = levels[-1]
        half = 1 << (j - 1)
        m = H - (1 << j) + 1
        levels.append(np.maximum(prev[:, :m], prev[:, half : half + m]))
        j += 1
    span = hi - lo + 1
    lvl = np.floor(np.log2(span)).astype(np.int64)
    mx = np.empty(starts.size, np.int64)
    for L in np.unique(lvl).tolist():
        sel = np.flatnonzero(lvl == L)
        tab = levels[L]
        mx[sel] = np.maximum(tab[g_dept[sel], lo[sel]], tab[g_dept[sel], hi[sel] - (1 << L) + 1])
    cand = np.flatnonzero((cnt >= 2) & (total > mx))
    if cand.size == 0:
        return base.count, 0
    # requirements per enterprise: (start, end, r)
    reqs: dict[int, list[tuple[int, int, int]]] = {}
    for g in cand.tolist():
        rows = o[starts[g] : starts[g] + cnt[g]]
        k = int(g_dept[g])
        ga, gb, gw = a[rows].tolist(), b[rows].tolist(), w[rows].tolist()
        e = int(ent[rows[0]])
        for s in sorted(set(ga)):
            for t in sorted(set(gb)):
                if t < s:
                    continue
                demand = sum(z for x, y, z in zip(ga, gb, gw, strict=True) if x >= s and y <= t)
                if demand == 0:
                    continue
                caps = np.sort(cap[k, s : t + 1])[::-1]
                cs = np.cumsum(caps)
                r = int(np.searchsorted(cs, demand)) + 1
                r = min(r, t - s + 1)
                if r >= 2:
                    reqs.setdefault(e, []).append((s, t, r))
    if not reqs:
        return base.count, 0
    lb_e = np.bincount(base.ent, minlength=int(ent.max()) + 1)
    order = base.order
    ent_sorted = ent[order]
    ptr = np.searchsorted(ent_sorted, np.arange(int(ent.max()) + 2))
    gain = 0
    raised = 0
    for e, rq in reqs.items():
        rows = order[ptr[e] : ptr[e + 1]]
        allreq = rq + [(int(x), int(y), 1) for x, y in zip(a[rows].tolist(), b[rows].tolist(), strict=True)]
        allreq.sort(key=lambda x: (x[1], -x[0]))
        points: list[int] = []
        for s, t, r in allreq:
            have = bisect.bisect_right(points, t) - bisect.bisect_left(points, s)
            D = t
            while have < r and s <= D:
                i = bisect.bisect_left(points, D)
                if i < len(points) and points[i] == D:
                    D -= 1
                    continue
                points.insert(i, D)
                have += 1
                D -= 1
        extra = len(points) - int(lb_e[e])
        if extra > 0:
            gain += extra
            raised += 1
    return base.count + gain, raised
