"""The planner on arrays: working-day indices in, a day per task out.

Inputs (``N`` tasks, ``K`` departments, ``H`` working days):
``ent``, ``dept``, ``a``, ``b``, ``w`` per task (enterprise code, department
code, window [a, b] in working-day indices, officers) and ``cap`` (``K`` × ``H``
officers per department and day).

Steps (docs/domain/coordination.md explains why):

1. **Clusters** of the lower bound (``bound.clusters``): each is one visit if
   it can be placed whole on a day of [L, R]. Enterprises whose cluster would
   need more officers of one department than a typical day has are clustered
   again with that limit (``_working_clusters``).
   Enterprises with more than ``GIANT`` tasks that need several typical
   days of one department (small departments) are planned first, whole, by
   ``improve.plan_enterprise`` against the full capacity (``_place_giants``);
   the sweep plans the rest around them.
2. **Backward sweep** over days, latest first (``_Sweep``). On day D, per
   department, the tasks that *must* be done on D for the days before D to
   still take the rest (Hall's condition on [s, D−1], ``_Sweep._needed``) are
   pinned first, latest-released first; that is reverse earliest-deadline-
   first, and with divisible work it never makes a task late that an on-time
   schedule could place. Then clusters are accepted whole in priority order;
   a cluster holding a pinned task that does not fit whole is split; the rest
   jumps back to the day it can next hope to fit (``_Sweep._carry``). A task
   whose window opens on D and finds no room is *stuck*.
3. **Repair** of stuck tasks (officers are not divisible, so packing can leave
   a few): a day of the window with room (preferring a day the enterprise is
   visited), else an augmenting path of moves within the department
   (``_Repair.eject``), else re-packing the department around the task by
   earliest-deadline-first with best-fill (``_Repair.repack``), else a tabu
   search over the whole department that drives its overload to zero
   (``_Repair.settle``: exchanges of several indivisible tasks at once).
4. **Late tasks** (no on-time day even after repair) go to the first day after
   their window with room; with no room anywhere they go to the first day after
   the window regardless and are reported as over capacity. Lateness is read
   off the final plan (merging can bring a late task back into its window).
5. **Merging**: enterprises with more visits than their bound try to empty a
   visit into their other visits, or to join two visits on a common day; when
   a department is full there, another enterprise's task may step aside to a
   day that costs no visit (``_Repair._make_room``).
6. **Ruin and recreate** (``improve.improve``), on plans of at most
   ``SEARCH_MAX_TASKS`` tasks whose visits above the bound are still ≥ 1 % of
   all visits (small departments): a group of enterprises — one
   above its bound and a few using the same departments on days of its
   windows — is planned again, one enterprise at a time, against the room the
   rest leaves, and kept only if it needs no more visits.
6b. **Take a visit away, then repair** (``consolidate.consolidate``), on plans
   of at most ``consolidate.MAX_TASKS`` tasks still ≥ 1 % above the
   capacity-aware bound (``bound.capacity_bound``): an enterprise loses a
   visit — its tasks join the enterprise's other visits (dissolve), or two of
   its visits share one day (merge) — and a tabu search of visit-neutral
   moves (whole visits to other days, tasks to their enterprise's other
   visits) removes the overload; if it cannot, everything goes back.
7. **Levelling** (objective 3, even load): whole visits move to less loaded
   days of their common window, never adding a visit or breaking capacity.
   When merging found much (≥ 2 % of the visits: small departments), levelling
   and merging alternate — a moved visit frees room that lets another merge —
   up to ``LEVEL_CYCLES`` times, until a cycle gains under 0.1 %.

Step 8, evolving a population of plans (``evolve``), is optional and runs
after ``run`` (``parallel`` calls it per part); it uses ``complete`` (steps 3
and 5 for a crossover child) and ``level_visits`` (step 7) from here.
"""

from __future__ import annotations

import bisect
import time
from dataclasses import dataclass, field

import numpy as np

from . import consolidate as _consolidate
from .bound import Clusters, capacity_bound, clusters
from .improve import improve, plan_enterprise
from .witness import hall_violation

__all__ = ["EngineResult", "complete", "level_visits", "run", "usage_of"]

MAX_ROUNDS = 4  # acceptance rounds per day in the sweep (see _Sweep._accept)
MERGE_ROUNDS = 50  # visits one enterprise may lose in one merging pass
MERGE_PASSES = 2  # passes over the enterprises with more visits than their bound
EJECT_DEPTH = 8  # augmenting-path length when repairing a stuck task
EJECT_NODES = 20_000  # search budget per stuck task
REPACK_WHOLE = 5_000  # re-pack a whole department only when it has at most this many tasks
REPACK_ROWS = 3_000  # and never more tasks than this at once
KNAPSACK_ITEMS, KNAPSACK_ROOM = 24, 40  # best-fill a day (re-pack) when its room is this small
MAKE_ROOM_BUDGET = 24  # such searches per enterprise and merging pass (×10 below LARGE)
MAKE_ROOM_TRIES = 40  # tasks of a full department-day examined for a visit-neutral move
GIANT = 60  # enterprises with more tasks than this ...
GIANT_LOAD = 3  # ... needing this many typical days of one department are planned first (see _place_giants)
SEARCH_MAX_TASKS = 5_000  # the ruin-and-recreate search runs on plans of at most this many tasks
LEVEL_CYCLES = 16  # levelling then merging again, at most this many times (see run)
LARGE = 1_000_000  # above this many tasks (a province): one merging pass, one levelling round
REPAIR_GIVE_UP = 3  # failed repairs in a row after which a department's stuck tasks go late directly
SETTLE_MOVES = 20_000  # tabu search moves per department before its stuck tasks are declared late
SETTLE_TENURE = 7  # moves during which a task may not return to a day it just left
SETTLE_NOISE = 0.1  # share of random moves in that search


@dataclass
class EngineResult:
    day: np.ndarray  # working-day index per task
    late: np.ndarray  # rows placed after their window
    over_capacity: np.ndarray  # rows placed on a day without room
    clusters: Clusters
    usage: np.ndarray  # (K, H) officers used per department and day
    stats: dict[str, float] = field(default_factory=dict)


def _best_fill(items: list[int], sizes: list[int], room: int) -> list[int]:
    """The subset of ``items`` filling ``room`` best; on ties, earlier items win."""
    best: list[tuple[int, ...] | None] = [None] * (room + 1)
    best[0] = ()
    for k, size in enumerate(sizes):
        for total in range(room, size - 1, -1):
            if best[total] is None and best[total - size] is not None:
                best[total] = (*best[total - size], k)  # type: ignore[misc]
    top = max(x for x in range(room + 1) if best[x] is not None)
    return [items[k] for k in best[top]]  # type: ignore[union-attr]


def _distinct(x: np.ndarray) -> np.ndarray:
    """Sorted distinct values (perf: a sort beats numpy's hash-based unique here)."""
    s = np.sort(x)
    return s[np.r_[True, s[1:] != s[:-1]]] if s.size else s


def _seg_cumsum(vals: np.ndarray, gstart: np.ndarray, gid: np.ndarray) -> np.ndarray:
    cs = np.cumsum(vals)
    base = cs[gstart] - vals[gstart]
    return cs - base[gid]


class _Sweep:
    """State of the backward sweep (see module docstring, step 2).

    ``hist[k, s]`` is the officers of department k's still unplaced tasks
    whose windows open on day s (used by ``_needed``).
    """

    def __init__(self, dept: np.ndarray, a: np.ndarray, w: np.ndarray, cap_t: np.ndarray, cl: Clusters):
        self.dept = dept
        self.a = a
        self.w = w.astype(np.int64)
        self.rem = cap_t  # (H, K) remaining officers, modified in place
        H, K = cap_t.shape
        self.K = K
        n = len(dept)
        C = cl.count
        self.unit = cl.task_cluster.copy()
        self.unitL = np.empty(C + n + 1, np.int64)
        self.unitL[:C] = cl.L
        self.next_unit = C
        self.UM = np.int64(C + n + 1)
        self.flag = np.zeros(C + n + 1, bool)
        self.day = np.full(n, -1, np.int32)
        self.stuck: list[np.ndarray] = []
        self.splits = 0
        self.pinned = 0
        self.pool_rows = 0
        self.hist = np.bincount(dept.astype(np.int64) * (H + 1) + a, self.w, minlength=K * (H + 1)).reshape(K, H + 1)
        # cpre[k, s] = capacity of department k on days < s (days before D are untouched when D is processed)
        self.cpre = np.zeros((K, H + 1), np.int64)
        np.cumsum(cap_t.T, axis=1, out=self.cpre[:, 1:])
        self.cpre_span = np.int64(self.cpre[:, -1].max() + 1) if K else np.int64(1)
        self.cpre_flat = (self.cpre + np.arange(K, dtype=np.int64)[:, None] * self.cpre_span).ravel()
        self.buckets: list[list[np.ndarray]] = [[] for _ in range(H + 1)]

    def _drop_units(self, mask: np.ndarray, u: np.ndarray, bad: np.ndarray) -> np.ndarray:
        """``mask`` without every row whose unit has a row in ``bad``."""
        bu = u[bad]
        self.flag[bu] = True
        out = mask & ~self.flag[u]
        self.flag[bu] = False
        return out

    def _groups(self, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        first = np.empty(d.size, bool)
        first[0] = True
        np.not_equal(d[1:], d[:-1], out=first[1:])
        return np.flatnonzero(first), np.cumsum(first) - 1

    def _accept(self, u: np.ndarray, d: np.ndarray, wt: np.ndarray, capD: np.ndarray) -> np.ndarray:
        """Which rows' units fit on the day as wholes (rows sorted by department, priority).

        perf: per department, a running sum in priority order says which rows
        fit; a unit fits when all its rows do. A unit rejected in one department
        still counted in the others' sums, so the check repeats on what is left
        (``MAX_ROUNDS`` times), dropping units that can no longer fit at all.
        """
        n = d.size
        gstart, gid = self._groups(d)
        cand = wt <= capD[d]
        cand = self._drop_units(cand, u, ~cand) if not cand.all() else cand
        acc = np.zeros(n, bool)
        for _ in range(MAX_ROUNDS):
            if not cand.any():
                break
            cs = _seg_cumsum(np.where(cand, wt, 0), gstart, gid)
            over = cand & (cs > capD[d])
            good = self._drop_units(cand, u, over) if over.any() else cand
            if not good.any():
                # units blocking each other: take the first candidate alone if it fits
                i = int(np.flatnonzero(cand)[0])
                alone = cand & (u == u[i])
                need = np.bincount(d[alone], wt[alone], minlength=self.K)
                if np.all(need <= capD):
                    good = alone
                else:
                    cand &= ~alone
                    continue
            capD -= np.bincount(d[good], wt[good], minlength=self.K).astype(np.int64)
            acc |= good
            cand &= ~good
            dead = cand & (wt > capD[d])
            if dead.any():
                cand = self._drop_units(cand, u, dead)
        return acc

    def _fit_rows(self, d: np.ndarray, wt: np.ndarray, capD: np.ndarray, limit: np.ndarray | None = None) -> np.ndarray:
        """Rows (sorted by department, priority) that fit one by one (first fit).

        With ``limit``, a department stops taking rows once it has ``limit[k]``
        officers of them (the last row may pass it).
        """
        n = d.size
        gstart, gid = self._groups(d)
        fit = np.zeros(n, bool)
        cand = wt <= capD[d]
        if limit is not None:
            cs = _seg_cumsum(wt, gstart, gid)
            cand &= (cs - wt) < limit[d]
        for _ in range(4):
            if not cand.any():
                break
            cs = _seg_cumsum(np.where(cand, wt, 0), gstart, gid)
            ok = cand & (cs <= capD[d])
            if not ok.any():
                break
            capD -= np.bincount(d[ok], wt[ok], minlength=self.K).astype(np.int64)
            fit |= ok
            cand &= ~ok
            cand &= wt <= capD[d]
        return fit

    def _needed(self, D: int, deps: np.ndarray) -> np.ndarray:
        """Officers each department must spend on day D so the days before D can
        still take all its unplaced tasks (Hall's condition on [s, D−1]):
        max over s of (unplaced officers released on or after s) − (capacity of s..D−1)."""
        h = self.hist[deps, : D + 1]
        suffix = np.cumsum(h[:, ::-1], axis=1)[:, ::-1]  # suffix[:, s] = Σ_{a ≥ s}
        room = self.cpre[deps, D][:, None] - self.cpre[deps, : D + 1]
        return np.maximum((suffix - room).max(axis=1), 0)

    def _placed(self, rows: np.ndarray, D: int) -> None:
        self.day[rows] = D
        H1 = self.hist.shape[1]
        np.subtract.at(self.hist.ravel(), self.dept[rows].astype(np.int64) * H1 + self.a[rows], self.w[rows])

    def day_step(self, D: int, rows: np.ndarray) -> None:
        """Place what fits on day D; send the rest back (``_carry``).

        First the rows that *must* be done on D are pinned: per department, the
        latest-released rows until ``_needed`` is met (releasing latest first
        is what reverse earliest-deadline-first does; a row released on D is
        always pinned). Then units are accepted whole in priority order (units
        that cannot move earlier, then larger ones); a unit holding a pinned row
        that does not fit whole is split, its other rows staying if they fit
        and else moving back as a new unit. Everything else moves to D−1.
        """
        H = self.rem.shape[0]
        capD = self.rem[D]
        u = self.unit[rows]
        Lu = self.unitL[u]
        d = self.dept[rows]
        ar = self.a[rows]
        deps = np.flatnonzero(np.bincount(d, minlength=self.K))
        need = np.zeros(self.K, np.int64)
        need[deps] = self._needed(D, deps)
        pinned = np.zeros(rows.size, bool)
        if need[deps].any():
            # candidates in (department, latest release, unit priority) order
            sel = np.flatnonzero(need[d] > 0)
            key = (d[sel].astype(np.int64) * (H + 1) + (D - ar[sel])) * self.UM + u[sel]
            o = sel[np.argsort(key)]
            po = rows[o]
            fit = self._fit_rows(d[o], self.w[po], capD, limit=need)
            pinned[o[fit]] = True
            self.pinned += int(fit.sum())
            self._placed(rows[pinned], D)
        # rows released on D that could not be pinned cannot move: stuck
        lost = (~pinned) & (ar >= D)
        if lost.any():
            self.stuck.append(rows[lost])
        free = ~pinned & ~lost
        if not free.any():
            return
        pin_units = u[pinned]
        rows, u, Lu, d = rows[free], u[free], Lu[free], d[free]
        # a unit with a pinned row counts as unable to move (priority 0)
        self.flag[pin_units] = True
        anchored = self.flag[u]
        self.flag[pin_units] = False
        prio = np.where(anchored, 0, 1 + (D - Lu))
        key = (d.astype(np.int64) * (H + 1) + prio) * self.UM + u
        o = np.argsort(key)
        rows, u, Lu, d, anchored = rows[o], u[o], Lu[o], d[o], anchored[o]
        wt = self.w[rows]
        acc = self._accept(u, d, wt, capD)
        self._placed(rows[acc], D)
        rej = ~acc
        if not rej.any():
            return
        split = rej & (anchored | (Lu >= D))
        if split.any():
            fit = np.zeros(rows.size, bool)
            fit[split] = self._fit_rows(d[split], wt[split], capD)
            self._placed(rows[fit], D)
            moving = split & ~fit
            if moving.any():
                mr = rows[moving]
                mu, inv = np.unique(u[moving], return_inverse=True)
                self.splits += int(mu.size)
                new = self.next_unit + np.arange(mu.size)
                self.next_unit += mu.size
                self.unit[mr] = new[inv]
                u[moving] = new[inv]
                L = np.full(mu.size, -1, np.int64)
                np.maximum.at(L, inv, self.a[mr])
                self.unitL[new] = L
            rej &= ~fit
        self._carry(D, rows[rej], u[rej], d[rej], wt[rej])

    def _carry(self, D: int, rows: np.ndarray, u: np.ndarray, d: np.ndarray, wt: np.ndarray) -> None:
        """Send rejected units back to the day they can next hope to fit.

        perf: rows are in priority order per department, so the officers
        queued ahead of a row (plus its own) must first be absorbed by the
        department's capacity on D−1, D−2, …; the unit jumps straight to the
        day where every one of its departments could have drained that queue
        (never before its L). Without the jump, a quarter-end pile would be
        carried back one day at a time and re-examined every day.
        """
        if rows.size == 0:
            return
        gstart, gid = self._groups(d)
        queue = _seg_cumsum(wt, gstart, gid)
        H1 = self.cpre.shape[1]
        flat = self.cpre_flat
        target = self.cpre[d, D] - queue + d.astype(np.int64) * self.cpre_span
        x = np.searchsorted(flat, target, side="right") - 1 - d.astype(np.int64) * H1
        x = np.minimum(x, D - 1)
        # one day per unit: the earliest any of its departments allows, not before L
        uu, inv = np.unique(u, return_inverse=True)
        day_u = np.full(uu.size, D - 1, np.int64)
        np.minimum.at(day_u, inv, x)
        day_u = np.maximum(day_u, self.unitL[uu])
        to = day_u[inv]
        o = np.argsort(to, kind="stable")
        rows, to = rows[o], to[o]
        cut = np.flatnonzero(np.r_[True, to[1:] != to[:-1]])
        for s, e in zip(cut.tolist(), [*cut[1:].tolist(), rows.size], strict=True):
            self.buckets[int(to[s])].append(rows[s:e])


def _sweep(dept, a, w, cap_t, cl: Clusters) -> _Sweep:
    sw = _Sweep(dept, a, w, cap_t, cl)
    if cl.count == 0:
        return sw
    R_task = cl.R[sw.unit]
    order = np.argsort(R_task, kind="stable")
    H = cap_t.shape[0]
    bounds = np.searchsorted(R_task[order], np.arange(H + 1))
    for D in range(H):
        if bounds[D + 1] > bounds[D]:
            sw.buckets[D].append(order[bounds[D] : bounds[D + 1]])
    for D in range(int(R_task.max()), int(a.min()) - 1, -1):
        parts = sw.buckets[D]
        if not parts:
            continue
        rows = parts[0] if len(parts) == 1 else np.concatenate(parts)
        sw.buckets[D] = []
        sw.pool_rows += rows.size
        sw.day_step(D, rows)
    return sw


class _Repair:
    """Python-level moves for the few tasks the sweep could not place (steps 3–5)."""

    def __init__(self, ent, dept, a, b, w, day, rem_t, ent_order, ent_ptr):
        self.ent, self.dept, self.a, self.b, self.w = ent, dept, a, b, w
        self.day = day
        self.rem = rem_t  # (H, K)
        self.ent_order = ent_order
        self.ent_ptr = ent_ptr
        self._by_day: dict[int, dict[int, list[int]]] = {}
        self._vcount: dict[tuple[int, int], int] | None = None  # tasks per (enterprise, day), built on first use
        self._kver = [0] * rem_t.shape[1]  # per department: bumped by every move (see _make_room)
        self._no_room: dict[tuple[int, int], tuple[int, int]] = {}
        self.eject_in_merge = True
        self.make_room_budget = MAKE_ROOM_BUDGET if len(ent) > LARGE else 10 * MAKE_ROOM_BUDGET

    def ent_rows(self, e: int) -> np.ndarray:
        return self.ent_order[self.ent_ptr[e] : self.ent_ptr[e + 1]]

    def visit_days(self, e: int) -> set[int]:
        days = set(self.day[self.ent_rows(e)].tolist())
        days.discard(-1)
        return days

    def by_day(self, d: int) -> dict[int, list[int]]:
        got = self._by_day.get(d)
        if got is None:
            rows = np.flatnonzero((self.dept == d) & (self.day >= 0))
            got = {}
            for r, D in zip(rows.tolist(), self.day[rows].tolist(), strict=True):
                got.setdefault(D, []).append(r)
            self._by_day[d] = got
        return got

    def _move(self, t: int, D: int) -> None:
        d = int(self.dept[t])
        old = int(self.day[t])
        vc = self._vcount
        self._kver[d] += 1
        e = int(self.ent[t])
        if old >= 0:
            self.rem[old, d] += self.w[t]
            if d in self._by_day:
                self._by_day[d][old].remove(t)
            if vc is not None:
                vc[(e, old)] -= 1
        self.day[t] = D
        self.rem[D, d] -= self.w[t]
        if d in self._by_day:
            self._by_day[d].setdefault(D, []).append(t)
        if vc is not None:
            vc[(e, D)] = vc.get((e, D), 0) + 1

    def _make_room(
        self, k: int, D: int, need: int, extra: dict[tuple[int, int], int], used_ent: set[int]
    ) -> tuple[int, int] | None:
        """A move of another enterprise's task of department k off day D that frees
        ``need`` officers there without adding a visit: the task was alone in
        its visit, or it joins a visit its enterprise already has on the new day.
        Reserves the move in ``extra``; returns (task, new day) or None."""
        if self._vcount is None:
            keys = self.ent.astype(np.int64) * (self.rem.shape[0] + 1) + self.day
            uk, cnt = np.unique(keys[self.day >= 0], return_counts=True)
            H1 = self.rem.shape[0] + 1
            self._vcount = {(int(x) // H1, int(x) % H1): int(c) for x, c in zip(uk.tolist(), cnt.tolist(), strict=True)}
        vc = self._vcount
        clean = not any(kk == k for _, kk in extra)  # no tentative move in department k yet
        if clean:
            seen = self._no_room.get((k, D))
            if seen is not None and seen[0] == self._kver[k] and need >= seen[1]:
                return None  # nothing changed in department k since the same request failed
        short = need - (int(self.rem[D, k]) - extra.get((D, k), 0))
        for t2 in self.by_day(k).get(D, ())[:MAKE_ROOM_TRIES]:
            e2 = int(self.ent[t2])
            w2 = int(self.w[t2])
            if e2 in used_ent or w2 < short:
                continue
            lo, hi = int(self.a[t2]), int(self.b[t2])
            if vc.get((e2, D), 0) == 1:  # alone in its visit: any day with room keeps the count
                options = (np.flatnonzero(self.rem[lo : hi + 1, k] >= w2) + lo).tolist()
            else:  # shares its visit: only a day its enterprise is already visited
                options = sorted({x for x in self.day[self.ent_rows(e2)].tolist() if lo <= x <= hi})
            for D3 in options:
                if D3 != D and int(self.rem[D3, k]) - extra.get((D3, k), 0) >= w2:
                    extra[(D3, k)] = extra.get((D3, k), 0) + w2
                    extra[(D, k)] = extra.get((D, k), 0) - w2
                    used_ent.add(e2)
                    return (t2, D3)
        if clean:
            self._no_room[(k, D)] = (self._kver[k], need)
        return None

    def place_in_window(self, t: int) -> bool:
        """Put task t on a day of its window with room; prefer a day its enterprise is visited."""
        d, a, b, w = int(self.dept[t]), int(self.a[t]), int(self.b[t]), int(self.w[t])
        room = np.flatnonzero(self.rem[a : b + 1, d] >= w)
        if room.size == 0:
            return False
        days = self.visit_days(int(self.ent[t]))
        best = -1
        for k in room[::-1].tolist():
            if a + k in days:
                best = a + k
                break
        if best < 0:
            seg = self.rem[a : b + 1, d]
            best = a + int(room[np.argmax(seg[room])])
        self._move(t, best)
        return True

    def eject(self, t: int, budget: int = EJECT_NODES) -> bool:
        """Augmenting path: move other tasks of the department to make room for t.

        Breadth-first over days: a full day D of t's window needs ``need``
        officers freed; a task there with at least that many officers may move
        to another day of its own window, which then needs room in turn. The
        first chain that ends on a day with room is applied (shortest first).
        """
        d = int(self.dept[t])
        by_day = self.by_day(d)
        rem = self.rem
        w_t = int(self.w[t])
        # frontier entries: (day, officers to free there, chain of (task, new day))
        frontier = []
        seen: set[int] = set()
        for D in range(int(self.a[t]), int(self.b[t]) + 1):
            seen.add(D)
            frontier.append((D, w_t - int(rem[D, d]), ((t, D),)))
        nodes = 0
        for _depth in range(EJECT_DEPTH):
            nxt = []
            for D, need, path in frontier:
                moved = {x for x, _ in path}
                on_path = {Dx for _, Dx in path}  # days the chain already fills
                for t2 in by_day.get(D, ()):
                    w2 = int(self.w[t2])
                    if t2 in moved or w2 < need:
                        continue
                    for D2 in range(int(self.a[t2]), int(self.b[t2]) + 1):
                        if D2 in on_path:
                            continue
                        nodes += 1
                        free = int(rem[D2, d])
                        if free >= w2:
                            for x, Dx in reversed((*path, (t2, D2))):
                                self._move(x, Dx)
                            return True
                        if D2 not in seen:
                            seen.add(D2)
                            nxt.append((D2, w2 - free, (*path, (t2, D2))))
                if nodes > budget:
                    return False
            frontier = nxt
            if not frontier:
                break
        return False

    def repack(self, t: int) -> bool:
        """Re-pack the department around t by earliest-deadline-first.

        Tasks of t's department placed on days [lo, hi] (t's window, widened
        step by step) are packed again, day by day: tasks due that day first,
        then the room left is filled best (a small knapsack over the next tasks
        by deadline, preferring those already on that day), so small
        capacities are not wasted. When every task fits, the new days are
        applied (each within its window). Ejection moves one task at a time
        and can miss a re-packing of several small tasks; this finds it.
        """
        d = int(self.dept[t])
        H = self.rem.shape[0]
        by_day = self.by_day(d)
        a_t, b_t = int(self.a[t]), int(self.b[t])
        placed = sum(len(v) for v in by_day.values())
        widths = (0, 5, 15, 40, H) if placed <= REPACK_WHOLE else (0, 5, 15, 40)
        for widen in widths:
            lo = max(0, a_t - widen)
            hi = min(H - 1, b_t + widen)
            rows = [r for D in range(lo, hi + 1) for r in by_day.get(D, ())]
            if len(rows) > REPACK_ROWS:
                break
            rows.append(t)
            new = self._pack(rows, lo, hi, d)
            if new is not None:
                for r in rows:
                    if int(self.day[r]) != new[r]:
                        self._move(r, new[r])
                return True
        return False

    def _pack(self, rows: list[int], lo: int, hi: int, d: int) -> dict[int, int] | None:
        by_day = self.by_day(d)
        room = {D: int(self.rem[D, d]) + sum(int(self.w[r]) for r in by_day.get(D, ())) for D in range(lo, hi + 1)}
        rel = {r: max(int(self.a[r]), lo) for r in rows}
        dl = {r: min(int(self.b[r]), hi) for r in rows}
        W = {r: int(self.w[r]) for r in rows}
        cur = {r: int(self.day[r]) for r in rows}
        order = sorted(rows, key=lambda r: rel[r])
        pending: list[int] = []
        new: dict[int, int] = {}
        i = 0
        for D in range(lo, hi + 1):
            while i < len(order) and rel[order[i]] <= D:
                pending.append(order[i])
                i += 1
            if not pending:
                continue
            due = [r for r in pending if dl[r] <= D]
            left = room[D] - sum(W[r] for r in due)
            if left < 0:
                return None
            rest = sorted((r for r in pending if dl[r] > D), key=lambda r: (dl[r], cur[r] != D, -W[r]))
            take = _best_fill(rest[:KNAPSACK_ITEMS], [W[r] for r in rest[:KNAPSACK_ITEMS]], left) if left <= KNAPSACK_ROOM else None
            if take is None:  # large room: first fit in deadline order
                take = []
                for r in rest:
                    if W[r] <= left:
                        take.append(r)
                        left -= W[r]
            for r in (*due, *take):
                new[r] = D
            chosen = set(take)
            pending = [r for r in rest if r not in chosen]
        return new if not pending and i == len(order) else None

    def settle(self, k: int, stuck: list[int], moves: int = SETTLE_MOVES) -> list[int]:
        """Place department k's stuck tasks by a tabu search over the whole department.

        Ejection moves one task per day and re-packing is greedy; neither can
        always find the exchange that several indivisible tasks need (a day of
        four officers holding two tasks of two, wanted by a task of four). Here
        every stuck task is put on the least overloaded day of its window, then
        the overload (officers above capacity, summed over days) is driven to
        zero one move at a time: a task on an overloaded day goes to the day of
        its own window that lowers the overload most (or raises it least),
        preferring a day its enterprise is already visited; a task may not go
        back to a day it left in the last ``SETTLE_TENURE`` moves. Deterministic.
        Returns the tasks still without an on-time day; on failure every move is
        undone, so the plan is exactly as before the call.
        """
        rem = self.rem
        by_day = self.by_day(k)
        A, B, W = self.a, self.b, self.w
        before: dict[int, int] = {}

        def move(t: int, D: int) -> None:
            before.setdefault(t, int(self.day[t]))
            self._move(t, D)

        for t in stuck:
            a, b = int(A[t]), int(B[t])
            D = a + int(np.argmax(rem[a : b + 1, k]))
            if self.day[t] >= 0:  # a stuck task placed late: back into its window
                self._move_out(t)
            move(t, D)
        over = {D for D in range(rem.shape[0]) if rem[D, k] < 0}
        total = -sum(int(rem[D, k]) for D in over)  # officers above capacity
        tabu: dict[tuple[int, int], int] = {}
        visited = self.visit_days
        rng = np.random.default_rng(k)  # ties broken at random, seeded: the same input gives the same plan
        step = 0
        while over and step < moves:
            step += 1
            D = sorted(over)[int(rng.integers(len(over)))]
            short = -int(rem[D, k])
            walk = rng.random() < SETTLE_NOISE  # now and then a random move, to leave a plateau
            best: tuple[int, int, float, int, int] | None = None  # (delta, new visit, tie, task, day)
            for t in by_day.get(D, ()):
                w = int(W[t])
                a, b = int(A[t]), int(B[t])
                if a == b:
                    continue
                gain = min(w, short)
                days = visited(int(self.ent[t]))
                seg = rem[a : b + 1, k]
                for j in range(b - a + 1):
                    D2 = a + j
                    if D2 == D:
                        continue
                    r2 = int(seg[j])
                    delta = max(0, w - max(r2, 0)) - gain
                    if tabu.get((t, D2), -1) >= step and total + delta > 0:
                        continue  # tabu, unless the move leaves no overload at all
                    tie = float(rng.random())
                    cand = (0, 0, tie, t, D2) if walk else (delta, 0 if D2 in days else 1, tie, t, D2)
                    if best is None or cand < best:
                        best = cand
            if best is None:
                break
            _, _, _, t, D2 = best
            w = int(W[t])
            total += max(0, w - max(int(rem[D2, k]), 0)) - min(w, short)
            tabu[(t, D)] = step + SETTLE_TENURE
            move(t, D2)
            if rem[D, k] >= 0:
                over.discard(D)
            if rem[D2, k] < 0:
                over.add(D2)
        if not over:
            return []
        for t, D in before.items():  # no on-time schedule found: back to where everything was
            if D >= 0:
                self._move(t, D)
            else:
                self._move_out(t)
        return list(stuck)

    def _move_out(self, t: int) -> None:
        """Take task t off its day (it has none afterwards)."""
        d = int(self.dept[t])
        old = int(self.day[t])
        if old < 0:
            return
        self._kver[d] += 1
        self.rem[old, d] += self.w[t]
        if d in self._by_day:
            self._by_day[d][old].remove(t)
        if self._vcount is not None:
            self._vcount[(int(self.ent[t]), old)] -= 1
        self.day[t] = -1

    def place_late(self, t: int) -> bool:
        """First day after the window with room; False if none (placed anyway)."""
        d, b, w = int(self.dept[t]), int(self.b[t]), int(self.w[t])
        H = self.rem.shape[0]
        room = np.flatnonzero(self.rem[b + 1 :, d] >= w)
        if room.size:
            self._move(t, b + 1 + int(room[0]))
            return True
        self._move(t, min(b + 1, H - 1))
        return False

    def merge_enterprise(self, e: int, most: int = MERGE_ROUNDS) -> int:
        """Try to remove visits of enterprise e; return how many were removed.

        1. Empty a visit (smallest first) into the enterprise's other visits,
           each task to one whose day is in its window and has room.
        2. Join two visits whose common windows overlap on a day with room for
           both (neighbours in time only: that is where overlaps are).
        Visits holding a late task stay as they are.
        """
        rows = self.ent_rows(e).tolist()
        A = dict(zip(rows, self.a[rows].tolist(), strict=True))
        B = dict(zip(rows, self.b[rows].tolist(), strict=True))
        K = dict(zip(rows, self.dept[rows].tolist(), strict=True))
        W = dict(zip(rows, self.w[rows].tolist(), strict=True))
        rem = self.rem
        removed = 0
        tries = [0]  # visit-neutral moves looked for (bounded per enterprise)
        visits: dict[int, list[int]] = {}
        for r, D in zip(rows, self.day[rows].tolist(), strict=True):
            visits.setdefault(D, []).append(r)
        ok_day = {D: all(B[r] >= D for r in m) for D, m in visits.items()}  # no late task in it

        def regroup(gone: list[int], moved: list[tuple[int, int]]) -> None:
            for D in gone:
                visits.pop(D, None)
                ok_day.pop(D, None)
            for r, D in moved:
                visits.setdefault(D, []).append(r)
                ok_day[D] = ok_day.get(D, True) and B[r] >= D

        for _ in range(min(most, MERGE_ROUNDS)):  # it cannot lose more visits than it has above its bound
            if len(visits) < 2:
                break
            movable = {D: m for D, m in visits.items() if ok_day[D]}
            vdays = sorted(movable)
            done = False
            for D, members in sorted(movable.items(), key=lambda kv: len(kv[1])):
                moves: list[tuple[int, int]] = []
                extra: dict[tuple[int, int], int] = {}
                used_ent: set[int] = {e}
                for r in members:
                    k, w = K[r], W[r]
                    spot = -1
                    span = [vdays[j] for j in range(bisect.bisect_left(vdays, A[r]), bisect.bisect_right(vdays, B[r]))]
                    for D2 in span:
                        if D2 != D and rem[D2, k] - extra.get((D2, k), 0) >= w:
                            spot = D2
                            break
                    if spot < 0 and self.eject_in_merge and tries[0] < self.make_room_budget:
                        for D2 in span:
                            tries[0] += 1
                            if D2 != D:
                                got = self._make_room(k, D2, w, extra, used_ent)
                                if got is not None:
                                    moves.append(got)
                                    spot = D2
                                    break
                    if spot < 0:
                        break
                    moves.append((r, spot))
                    extra[(spot, k)] = extra.get((spot, k), 0) + w
                else:
                    for r, D2 in moves:
                        self._move(r, D2)
                    regroup([D], [(r, D2) for r, D2 in moves if r in A])
                    removed += 1
                    done = True
                    break
            if done:
                continue
            spans = sorted(
                (max(A[r] for r in m), min(B[r] for r in m), D, m) for D, m in movable.items()
            )
            for i, (lo1, hi1, D1, m1) in enumerate(spans):
                for lo2, hi2, D2, m2 in spans[i + 1 : i + 4]:
                    lo, hi = max(lo1, lo2), min(hi1, hi2)
                    if lo > hi:
                        continue
                    need: dict[int, int] = {}
                    for r in m1 + m2:
                        need[K[r]] = need.get(K[r], 0) + W[r]
                    ks = list(need)
                    block = rem[lo : hi + 1][:, ks].copy()  # officers left, days × departments
                    for Dx, members in ((D1, m1), (D2, m2)):  # their own officers come back there
                        if lo <= Dx <= hi:
                            for r in members:
                                block[Dx - lo, ks.index(K[r])] += W[r]
                    short = block < np.array([need[k] for k in ks])
                    nshort = short.sum(axis=1)
                    whole = np.flatnonzero(nshort == 0)
                    target, ejections = -1, []
                    if whole.size:
                        target = lo + int(whole[-1])
                    elif self.eject_in_merge and tries[0] < self.make_room_budget:
                        for i in np.flatnonzero(nshort == 1)[::-1].tolist()[:4]:
                            tries[0] += 1
                            j = int(np.argmax(short[i]))
                            k = ks[j]
                            got = self._make_room(k, lo + i, need[k] - int(block[i, j]) + int(rem[lo + i, k]), {}, {e})
                            if got is not None:
                                target, ejections = lo + i, [got]
                                break
                    if target >= 0:
                        for t2, D3 in ejections:
                            self._move(t2, D3)
                        for r in m1 + m2:
                            if self.day[r] != target:
                                self._move(r, target)
                        regroup([D1, D2], [(r, target) for r in m1 + m2])
                        removed += 1
                        done = True
                    if done:
                        break
                if done:
                    break
            if not done:
                break
        return removed


def level_visits(ent, dept, a, b, w, day, rem_t, cap_t, late_mask, rounds: int = 2) -> int:
    """Move whole visits to less loaded days of their common window (objective 3).

    perf: vectorised per round. Every visit draws a few days of its common
    window and proposes the one where its first department is least used
    (relative to capacity); proposals into one department-day are accepted in
    order while room lasts, and a visit moves only if every department it
    carries has room. A visit never splits, so the visit count cannot grow
    (it shrinks when a visit lands on a day the enterprise is already visited).
    """
    H, K = rem_t.shape
    n = len(ent)
    moved_total = 0
    rng = np.random.default_rng(n)  # fixed seed: the same input gives the same plan
    for _ in range(rounds):
        key = ent.astype(np.int64) * H + day
        o = np.argsort(key, kind="stable")
        ks = key[o]
        first = np.r_[True, ks[1:] != ks[:-1]]
        starts = np.flatnonzero(first)
        vid = np.cumsum(first) - 1
        lo = np.maximum.reduceat(a[o], starts).astype(np.int64)
        hi = np.minimum.reduceat(b[o], starts).astype(np.int64)
        cur = (ks[starts] % H).astype(np.int64)
        movable = hi > lo
        if late_mask.any():
            movable &= ~np.maximum.reduceat(late_mask[o], starts)
        if not movable.any():
            break
        main = dept[o][starts]
        with np.errstate(divide="ignore", invalid="ignore"):
            util = np.where(cap_t > 0, (cap_t - rem_t) / np.maximum(cap_t, 1), 2.0)
        best = cur.copy()
        best_u = util[cur, main]
        for _k in range(6):
            cand = lo + (rng.random(lo.size) * (hi - lo + 1)).astype(np.int64)
            cu = util[cand, main]
            better = movable & (cu + 1e-9 < best_u)
            best = np.where(better, cand, best)
            best_u = np.where(better, cu, best_u)
        moving = best != cur
        if not moving.any():
            break
        rmask = moving[vid]
        r2 = o[rmask]
        v2 = vid[rmask]
        cell = best[v2] * K + dept[r2]
        oo = np.lexsort((v2, cell))
        cell_o = cell[oo]
        w_o = w[r2][oo].astype(np.int64)
        g = np.r_[True, cell_o[1:] != cell_o[:-1]]
        cs = _seg_cumsum(w_o, np.flatnonzero(g), np.cumsum(g) - 1)
        bad = np.zeros(lo.size, bool)
        bad[v2[oo][cs > rem_t.ravel()[cell_o]]] = True
        ok = moving & ~bad
        if not ok.any():
            break
        sel = ok[vid]
        rr = o[sel]
        new = best[vid[sel]]
        np.add.at(rem_t, (day[rr].astype(np.int64), dept[rr]), w[rr])
        np.subtract.at(rem_t, (new, dept[rr]), w[rr])
        day[rr] = new
        moved_total += int(ok.sum())
    return moved_total


def _working_clusters(cl: Clusters, ent, dept, a, b, w, limit) -> Clusters:
    """The clusters the sweep places: the bound's clusters, except that enterprises
    with a cluster carrying more officers of one department than ``limit`` allows
    are clustered again with the limit (``bound.clusters``).

    perf: most enterprises keep their clusters; only the others are re-clustered.
    """
    if cl.count == 0:  # nothing left to cluster (e.g. giants planned first took every task)
        return cl
    K = len(limit)
    key = cl.task_cluster * K + dept
    o = np.argsort(key, kind="stable")
    ks = key[o]
    g = np.r_[True, ks[1:] != ks[:-1]]
    starts = np.flatnonzero(g)
    load = np.add.reduceat(w[o].astype(np.int64), starts)
    over = load > limit[dept[o][starts]]
    if not over.any():
        return cl
    bad_ent = np.zeros(int(ent.max()) + 1, bool)
    bad_ent[cl.ent[cl.task_cluster[o[starts[over]]]]] = True
    sel = np.flatnonzero(bad_ent[ent])
    sub = clusters(ent[sel], a[sel], b[sel], dept[sel], w[sel], limit)
    keep_c = ~bad_ent[cl.ent]
    old_ids = np.flatnonzero(keep_c)
    new_id = np.full(cl.count, -1, np.int64)
    new_id[old_ids] = np.arange(old_ids.size)
    task_cluster = new_id[cl.task_cluster]
    task_cluster[sel] = old_ids.size + sub.task_cluster
    return Clusters(
        task_cluster=task_cluster,
        ent=np.concatenate((cl.ent[keep_c], sub.ent)),
        L=np.concatenate((cl.L[keep_c], sub.L)),
        R=np.concatenate((cl.R[keep_c], sub.R)),
        cert=np.concatenate((cl.cert[keep_c], sel[sub.cert])),
        size=np.concatenate((cl.size[keep_c], sub.size)),
        order=cl.order,
    )


def _cluster_limit(cap: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Officers one department may give a single visit: its median daily capacity
    over the plan (keeps clusters placeable on a typical day)."""
    lo = int(a.min()) if a.size else 0
    hi = int(b.max()) + 1 if b.size else 1
    return np.maximum(np.median(cap[:, lo:hi], axis=1), 1).astype(np.int64)


def _place_giants(ent, dept, a, b, w, rem_t, limit, ent_order, ent_ptr) -> tuple[int, np.ndarray]:
    """Enterprises with very many tasks where departments are small, planned first.

    An enterprise with hundreds of tasks a year needs many of a small
    department's few places on the same days; left to the sweep, its clusters
    are split again and again around everyone else's. Planned first with
    ``improve.plan_enterprise`` against the whole capacity, it takes the days
    that carry most of its tasks (``rem_t`` is reduced accordingly). Only
    enterprises with more than ``GIANT`` tasks whose officers in one department
    exceed ``GIANT_LOAD`` typical days of it qualify. Returns (enterprises
    placed, day per task: −1 for the tasks left to the sweep).
    """
    day = np.full(len(ent), -1, np.int64)
    size = np.diff(ent_ptr)
    room = None
    placed = 0
    for e in np.flatnonzero(size > GIANT)[np.argsort(-size[size > GIANT], kind="stable")].tolist():
        rows = ent_order[ent_ptr[e] : ent_ptr[e + 1]]
        per_dept = np.bincount(dept[rows], weights=w[rows], minlength=len(limit))
        if not (per_dept > GIANT_LOAD * limit).any():
            continue
        if room is None:
            room = rem_t.T.tolist()  # room[k][d]
        R = rows.tolist()
        K_, A_, B_, W_ = (dict(zip(R, x[rows].tolist(), strict=True)) for x in (dept, a, b, w))
        trial = [list(r) for r in room]
        got = plan_enterprise(R, K_, A_, B_, W_, trial)
        if got is None:  # some task finds no room in its window: the sweep takes this enterprise
            continue
        room = trial
        for d, load in got.items():
            day[load] = d
        placed += 1
    if room is not None:
        rem_t[:] = np.asarray(room, np.int64).T
    return placed, day


def complete(ent, dept, a, b, w, day, rem_t, ent_order, ent_ptr, lb_e) -> bool:
    """Place every task whose ``day`` is −1 inside its window, then merge (steps 3 and 5).

    For a plan that is whole but for a few tasks (a crossover child,
    ``evolve``): each such task, earliest deadline first, goes to a day with
    room (one its enterprise is visited, if any), else by an augmenting path
    within its department, else by re-packing the department. Then
    enterprises above their bound ``lb_e`` merge visits. ``day`` and
    ``rem_t`` change in place; False (the plan then partly placed) as soon
    as a task finds no on-time day.
    """
    rep = _Repair(ent, dept, a, b, w, day, rem_t, ent_order, ent_ptr)
    for t in sorted(np.flatnonzero(day < 0).tolist(), key=lambda r: (int(b[r]), r)):
        if not (rep.place_in_window(t) or rep.eject(t) or rep.repack(t)):
            return False
    for _pass in range(MERGE_PASSES):
        if not _merge_pass(rep, ent, day, rem_t.shape[0], lb_e)[0]:
            break
    return True


def usage_of(dept: np.ndarray, day: np.ndarray, w: np.ndarray, K: int, H: int) -> np.ndarray:
    """Officers used per department and working day, (K, H), by the tasks that have a day (``day`` ≥ 0)."""
    placed = day >= 0
    usage = np.zeros((K, H), np.int64)
    np.add.at(usage, (dept[placed].astype(np.int64), day[placed].astype(np.int64)), w[placed].astype(np.int64))
    return usage


def _merge_pass(rep: _Repair, ent: np.ndarray, day: np.ndarray, H: int, lb_e: np.ndarray) -> tuple[int, int, int]:
    """One merging pass (step 5) over the enterprises visited more often than ``lb_e``.

    Returns the visits it saved, how many enterprises were above their bound
    and how many visits the plan had before the pass."""
    vkey = _distinct(ent.astype(np.int64) * H + day)
    visits_e = np.bincount((vkey // H).astype(np.int64), minlength=len(lb_e))
    extra = np.flatnonzero(visits_e > lb_e)
    gained = 0
    for e, most in zip(extra.tolist(), (visits_e - lb_e)[extra].tolist(), strict=True):
        gained += rep.merge_enterprise(e, most)
    return gained, int(extra.size), int(vkey.size)


def run(
    ent: np.ndarray,
    dept: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    w: np.ndarray,
    cap: np.ndarray,
    n_ent: int,
    *,
    level: bool = True,
    search: bool = True,
) -> EngineResult:
    """Plan every task; see the module docstring for the steps."""
    t0 = time.perf_counter()
    stats: dict[str, float] = {}
    K, H = cap.shape
    cl = clusters(ent, a, b)  # the exact bound's clusters (reported)
    t1 = time.perf_counter()
    stats["seconds_bound"] = t1 - t0
    cap_t = np.ascontiguousarray(cap.T).astype(np.int64)  # (H, K)
    limit = _cluster_limit(cap, a, b)
    t1b = time.perf_counter()
    rem_t = cap_t.copy()
    ent_order = cl.order
    ent_ptr = np.searchsorted(ent[ent_order], np.arange(n_ent + 1))
    n_first, first_day = _place_giants(ent, dept, a, b, w, rem_t, limit, ent_order, ent_ptr)
    rest = np.flatnonzero(first_day < 0)  # the tasks the sweep places
    r_ent, r_dept, r_a, r_b, r_w = (x[rest] for x in (ent, dept, a, b, w))
    work = _working_clusters(clusters(r_ent, r_a, r_b) if n_first else cl, r_ent, r_dept, r_a, r_b, r_w, limit)
    sw = _sweep(r_dept, r_a.astype(np.int64), r_w, rem_t, work)
    stats["pinned"] = sw.pinned
    stats["pool_rows"] = sw.pool_rows
    stats["clusters"] = work.count
    stats["giants_first"] = n_first
    day = first_day.astype(sw.day.dtype)
    day[rest] = sw.day
    t2 = time.perf_counter()
    stats["seconds_sweep"] = t2 - t1b
    stats["splits"] = sw.splits
    stuck = rest[np.concatenate(sw.stuck)] if sw.stuck else np.zeros(0, np.int64)
    stats["stuck"] = int(stuck.size)
    rep = _Repair(ent, dept, a, b, w, day, rem_t, ent_order, ent_ptr)
    late: list[int] = []
    over: list[int] = []
    repaired = 0
    failures: dict[int, int] = {}
    proven: dict[int, bool] = {}  # department → lateness proven unavoidable (Hall witness)

    def hopeless(k: int) -> bool:
        if k not in proven:
            rows = np.flatnonzero(dept == k)
            proven[k] = hall_violation(a[rows], b[rows], w[rows], cap[k]) is not None
        return proven[k]

    unplaced: dict[int, list[int]] = {}
    for t in stuck.tolist():
        k = int(dept[t])
        if rep.place_in_window(t) or (
            failures.get(k, 0) < REPAIR_GIVE_UP
            and (rep.eject(t, EJECT_NODES // 10 if hopeless(k) else EJECT_NODES) or (not hopeless(k) and rep.repack(t)))
        ):
            repaired += 1
            failures[k] = 0
        else:
            unplaced.setdefault(k, []).append(t)
            failures[k] = failures.get(k, 0) + 1
    settled = 0
    for k, rows in unplaced.items():
        left = rows if hopeless(k) else rep.settle(k, rows)
        settled += len(rows) - len(left)
        late.extend(left)
    repaired += settled
    stats["settled"] = settled
    # late tasks in deadline order, so earlier deadlines get the earlier free days
    for t in sorted(late, key=lambda r: (int(b[r]), r)):
        if not rep.place_late(t):
            over.append(t)
    stats["repaired"] = repaired
    t3 = time.perf_counter()
    stats["seconds_repair"] = t3 - t2
    # merging: enterprises visited more often than their bound
    lb_e = np.bincount(cl.ent, minlength=n_ent)
    merged = 0
    passes = MERGE_PASSES if len(ent) <= LARGE else 1
    for _pass in range(passes):
        gained, n_extra, n_visits = _merge_pass(rep, ent, day, H, lb_e)
        merged += gained
        if gained < max(1, n_extra // 100):  # another pass would find little
            break
    stats["merged"] = merged
    t4 = time.perf_counter()
    stats["seconds_merge"] = t4 - t3
    late_mask = day > b
    if search and len(ent) <= SEARCH_MAX_TASKS:
        got = improve(ent, dept, a, b, w, day, rem_t, lb_e, ent_order, ent_ptr, late_mask)
        stats["lns_attempts"], stats["lns_gained"] = got["attempts"], got["gained"]
        rep._by_day, rep._vcount, rep._no_room = {}, None, {}  # the search moved tasks behind the repairer's caches
    t5 = time.perf_counter()
    stats["seconds_lns"] = t5 - t4
    if search and len(ent) <= _consolidate.MAX_TASKS:
        lb_cap = capacity_bound(ent, dept, a, b, w, cap, cl, n_ent)
        got = _consolidate.consolidate(ent, dept, a, b, w, day, rem_t, cap_t, lb_cap, late_mask)
        stats["merge_search_attempts"], stats["merge_search_gained"] = got["attempts"], got["gained"]
        stats["merge_search_deepened"] = got["deepened"]
        rep._by_day, rep._vcount, rep._no_room = {}, None, {}  # tasks moved behind the repairer's caches
        t6 = time.perf_counter()
        stats["seconds_merge_search"] = t6 - t5
        t5 = t6
    if level:
        stats["levelled"] = 0
        # merging found much to do (tight departments): level and merge again, until it finds little
        cycles = LEVEL_CYCLES if len(ent) <= LARGE and merged >= 0.02 * n_visits else 1
        for cycle in range(cycles):
            stats["levelled"] += level_visits(ent, dept, a, b, w, day, rem_t, cap_t, late_mask, rounds=2 if len(ent) <= LARGE else 1)
            if cycle == cycles - 1:
                break
            # levelling moved whole visits: merging may now find room it did not have
            rep._by_day, rep._vcount, rep._no_room = {}, None, {}
            gained, _, n_visits = _merge_pass(rep, ent, day, H, lb_e)
            merged += gained
            if gained < n_visits // 1000:  # under 0.1 % of the visits: not worth another cycle
                break
        stats["merged"] = merged
    stats["seconds_level"] = time.perf_counter() - t5
    usage = (cap_t - rem_t).T.copy()
    # merging may have moved a late task back into its window (room appeared): read lateness off the plan
    late_arr = np.flatnonzero(day > b)
    over_arr = late_arr[rem_t[day[late_arr], dept[late_arr]] < 0]
    return EngineResult(
        day=day,
        late=late_arr,
        over_capacity=over_arr,
        clusters=cl,
        usage=usage,
        stats=stats,
    )
