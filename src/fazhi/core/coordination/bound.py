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

__all__ = ["Clusters", "LowerBound", "capacity_bound", "clusters"]


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
    ent: np.ndarray,
    dept: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    w: np.ndarray,
    cap: np.ndarray,
    base: Clusters,
    n_ent: int | None = None,
) -> np.ndarray:
    """Per enterprise, a lower bound that also counts each department's daily capacity.

    One visit (one day) can carry at most that day's capacity of department k
    in k's tasks. So for the tasks of enterprise e and department k whose
    windows lie inside a range I, e needs at least r(I) visit days inside I,
    r(I) being the fewest days of I whose capacities add up to those tasks'
    officers; each window needs one day. The fewest days meeting all these
    requirements (interval multi-cover) is found exactly by the greedy that
    takes ranges by their end and adds missing days as late as possible. It
    bounds every on-time schedule: each enterprise is relaxed to having every
    department's whole capacity to itself, so the gap to a plan is what
    enterprises competing for the same department-days cost.

    Returns the bound per enterprise code, ``n_ent`` of them (never below
    the plain bound ``base``). Only the (enterprise, department) groups whose officers exceed
    the department's largest daily capacity over their span are examined (the
    others add nothing); a group's ranges start at one of its windows' first
    days and end at one of their last days, at most ``RANGE_ENDS`` of each
    (evenly spaced): any subset of the ranges still gives a valid bound.
    """
    n = len(ent)
    if n_ent is None:
        n_ent = int(ent.max()) + 1 if n else 0
    lb_e = np.bincount(base.ent, minlength=n_ent).astype(np.int64)
    if n == 0:
        return lb_e
    K = cap.shape[0]
    key = ent.astype(np.int64) * K + dept
    o = np.argsort(key, kind="stable")
    k_sorted = key[o]
    starts = np.flatnonzero(np.r_[True, k_sorted[1:] != k_sorted[:-1]])
    cnt = np.diff(np.append(starts, n))
    total = np.add.reduceat(w[o].astype(np.int64), starts)
    lo = np.minimum.reduceat(a[o], starts)
    hi = np.maximum.reduceat(b[o], starts)
    g_dept = dept[o][starts]
    mx = _range_max(cap, g_dept, lo, hi)
    cand = np.flatnonzero((cnt >= 2) & (total > mx))
    reqs: dict[int, list[tuple[int, int, int]]] = {}
    for g in cand.tolist():
        rows = o[starts[g] : starts[g] + cnt[g]]
        got = _department_requirements(a[rows], b[rows], w[rows].astype(np.int64), cap[int(g_dept[g])])
        if got:
            reqs.setdefault(int(ent[rows[0]]), []).extend(got)
    if not reqs:
        return lb_e
    order = base.order
    ptr = np.searchsorted(ent[order], np.arange(n_ent + 1))
    for e, rq in reqs.items():
        rows = order[ptr[e] : ptr[e + 1]]
        windows = [(int(x), int(y), 1) for x, y in zip(a[rows].tolist(), b[rows].tolist(), strict=True)]
        lb_e[e] = max(int(lb_e[e]), _multi_cover(rq + windows))
    return lb_e


RANGE_ENDS = 48  # first days and last days examined per (enterprise, department) group in capacity_bound


def _range_max(cap: np.ndarray, k: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """max(cap[k[i], lo[i]:hi[i]+1]) for every i (sparse table over days)."""
    H = cap.shape[1]
    levels = [cap]
    j = 1
    while (1 << j) <= H:
        prev = levels[-1]
        half = 1 << (j - 1)
        m = H - (1 << j) + 1
        levels.append(np.maximum(prev[:, :m], prev[:, half : half + m]))
        j += 1
    lvl = np.floor(np.log2(hi - lo + 1)).astype(np.int64)
    out = np.empty(k.size, np.int64)
    for L in np.unique(lvl).tolist():
        sel = np.flatnonzero(lvl == L)
        tab = levels[L]
        out[sel] = np.maximum(tab[k[sel], lo[sel]], tab[k[sel], hi[sel] - (1 << L) + 1])
    return out


def _department_requirements(ga: np.ndarray, gb: np.ndarray, gw: np.ndarray, capk: np.ndarray) -> list[tuple[int, int, int]]:
    """(s, t, r): one enterprise's tasks of one department with windows inside
    [s, t] need at least r ≥ 2 days there (their officers exceed what r − 1
    days of [s, t] can take). Ranges whose demand exceeds all their capacity
    are skipped (no on-time schedule; nothing to bound)."""
    S = _spread(np.unique(ga))
    E = _spread(np.unique(gb))
    si = np.searchsorted(S, ga, side="right") - 1  # task lies in [S[i], ·] for i ≤ si
    tj = np.searchsorted(E, gb, side="left")  # and in [·, E[j]] for j ≥ tj
    M = np.zeros((S.size, E.size + 1), np.int64)
    np.add.at(M, (si, tj), gw)
    demand = M[::-1].cumsum(0)[::-1].cumsum(1)[:, : E.size]
    out: list[tuple[int, int, int]] = []
    for i, s in enumerate(S.tolist()):
        tail = capk[s:]
        run_max = np.maximum.accumulate(tail)
        for j in np.flatnonzero((s <= E) & (demand[i] > 0)).tolist():
            t = int(E[j])
            need = int(demand[i, j])
            if need <= run_max[t - s]:
                continue
            cs = np.cumsum(np.sort(tail[: t - s + 1])[::-1])
            if need > cs[-1]:
                continue
            out.append((s, t, int(np.searchsorted(cs, need)) + 1))
    return out


def _spread(x: np.ndarray) -> np.ndarray:
    """At most ``RANGE_ENDS`` evenly spaced values of sorted ``x``, its first and last included."""
    if x.size <= RANGE_ENDS:
        return x
    return np.unique(x[np.linspace(0, x.size - 1, RANGE_ENDS).round().astype(np.int64)])


def _multi_cover(reqs: list[tuple[int, int, int]]) -> int:
    """Fewest distinct days with at least r of them in [s, t] for every (s, t, r).

    Exact: ranges by end (shorter first on ties); each adds its missing days
    as late as possible (the latest free days of its range)."""
    points: list[int] = []
    for s, t, r in sorted(reqs, key=lambda x: (x[1], -x[0])):
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
    return len(points)
