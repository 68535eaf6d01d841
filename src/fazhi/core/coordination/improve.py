"""Ruin and recreate: a large-neighbourhood search on visits (engine step 6).

Merging (step 5) removes a visit when the enterprise's own tasks can move, or
when one other task steps aside. Where departments are small (one to three
teams a day) that is not enough: the day an enterprise needs is held by the
tasks of several other enterprises, which could all be arranged differently.
Here a group of enterprises — one visited more often than its bound, and a
few enterprises that use the same departments on days of its windows — is
taken off the plan and planned again, one enterprise at a time, against the
room the rest of the plan leaves (``plan_enterprise``). The new arrangement is
kept when it needs no more visits than the old one (fewer: a gain; as many: a
sideways step that lets later attempts find room), otherwise everything goes
back. Windows and capacities hold after every step, so the plan stays valid
whenever the search stops; no task is ever made late.

Deterministic: the random choices come from a generator seeded by the input
size, and the number of attempts is a function of the plan (not of the clock).

perf: each attempt touches only the group's rows and the (department, day)
cells of its windows, copied into small Python lists; enterprises with more
than ``MAX_TASKS`` tasks are left to merging (re-planning them costs more than
the attempts are worth).
"""

from __future__ import annotations

import numpy as np

__all__ = ["improve", "plan_enterprise"]

GROUP = 8  # enterprises re-planned together: the one above its bound and up to seven neighbours
MAX_TASKS = 60  # enterprises with more tasks are neither re-planned nor moved aside
TIGHT = 0.01  # run only when the visits above the bound (of the enterprises it may touch) are ≥ 1 % of all visits
ATTEMPTS_PER_EXCESS = 30  # attempts per visit above the bound ...
MAX_ATTEMPTS = 3_000  # ... and at most this many in one run
PATIENCE = 800  # attempts in a row without a gain after which the search stops
SAMPLE = 24  # rows examined per task window when looking for neighbours
INDEX_EVERY = 500  # attempts between refreshes of the (department, day) → tasks index


def plan_enterprise(rows, dept, a, b, w, room) -> dict[int, list[int]] | None:
    """Plan one enterprise's tasks on the fewest days the room allows (greedy).

    The unplaced task whose window closes first must be visited on some day of
    its window; of those days, the one that can carry the most unplaced tasks
    (each department filled in deadline order up to its room) is chosen, the
    latest on ties. Repeat. ``room[k][d]`` is department k's room on day d; the
    officers taken are subtracted from it.
    Returns {day: rows} or None when some task finds no room in its window.

    perf: days are tried in decreasing order of the number of unplaced windows
    that contain them (an upper bound on what the day can carry), stopping as
    soon as no remaining day can beat the best found.
    """
    left = sorted(rows, key=lambda t: (b[t], -w[t]))
    days: dict[int, list[int]] = {}
    while left:
        t0 = left[0]
        a0, b0, k0, w0 = a[t0], b[t0], dept[t0], w[t0]
        room0 = room[k0]
        open_days = [d for d in range(a0, b0 + 1) if room0[d] >= w0]
        if not open_days:
            return None
        if len(left) == 1:
            d = open_days[-1]
            room0[d] -= w0
            days[d] = [t0]
            break
        cover = [0] * (b0 - a0 + 2)
        for t in left:
            lo, hi = max(a[t], a0), min(b[t], b0)
            if lo <= hi:
                cover[lo - a0] += 1
                cover[hi - a0 + 1] -= 1
        run = 0
        for i in range(len(cover)):
            run += cover[i]
            cover[i] = run
        tries = sorted(open_days, key=lambda d: (-cover[d - a0], -d))
        best: tuple[int, int, list[int], dict[int, int]] | None = None  # (count, day, load, used)
        for d in tries:
            ub = cover[d - a0]
            if best is not None and (ub < best[0] or (ub == best[0] and d < best[1])):
                break
            used: dict[int, int] = {}
            load: list[int] = []
            for t in left:
                if a[t] <= d <= b[t]:
                    k = dept[t]
                    u = used.get(k, 0) + w[t]
                    if u <= room[k][d]:
                        used[k] = u
                        load.append(t)
            if best is None or (len(load), d) > (best[0], best[1]):
                best = (len(load), d, load, used)
        assert best is not None  # t0 fits on every open day
        _, d, load, used = best
        for k, u in used.items():
            room[k][d] -= u
        days[d] = load
        taken = set(load)
        left = [t for t in left if t not in taken]
    return days


class _Index:
    """Rows of each department sorted by day: who uses department k on days [lo, hi]."""

    def __init__(self, dept: np.ndarray, day: np.ndarray, K: int):
        placed = np.flatnonzero(day >= 0)
        o = placed[np.lexsort((day[placed], dept[placed]))]
        self.rows = o
        self.days = day[o].astype(np.int64)
        self.ptr = np.searchsorted(dept[o], np.arange(K + 1))

    def rows_in(self, k: int, lo: int, hi: int) -> np.ndarray:
        s, e = int(self.ptr[k]), int(self.ptr[k + 1])
        seg = self.days[s:e]
        i, j = np.searchsorted(seg, lo, "left"), np.searchsorted(seg, hi, "right")
        return self.rows[s + i : s + j]


def _neighbours(e, ent, dept, a, b, ent_order, ent_ptr, ok_ent, index: _Index, rng) -> np.ndarray:
    """Up to ``GROUP`` − 1 enterprises using e's departments on days of e's windows."""
    rows_e = ent_order[ent_ptr[e] : ent_ptr[e + 1]]
    cand = []
    for k, lo, hi in zip(dept[rows_e].tolist(), a[rows_e].tolist(), b[rows_e].tolist(), strict=True):
        got = index.rows_in(k, lo, hi)
        if got.size > SAMPLE:  # a large department: a sample is enough to pick a few neighbours
            got = got[rng.integers(0, got.size, SAMPLE)]
        cand.append(got)
    near = np.unique(ent[np.concatenate(cand)]) if cand else np.zeros(0, np.int64)
    near = near[(near != e) & ok_ent[near]]
    if near.size > GROUP - 1:
        near = rng.choice(near, GROUP - 1, replace=False)
    return near


def _local_room(Kl, A, B, Wl, days, rem_t) -> dict[int, dict[int, int]]:
    """Room of each department over the span of the group's windows, with the group's own tasks taken off."""
    span_of: dict[int, list[int]] = {}
    for k, lo, hi in zip(Kl, A, B, strict=True):
        got = span_of.get(k)
        if got is None:
            span_of[k] = [lo, hi]
        else:
            got[0], got[1] = min(got[0], lo), max(got[1], hi)
    room = {k: dict(zip(range(lo, hi + 1), rem_t[lo : hi + 1, k].tolist(), strict=True)) for k, (lo, hi) in span_of.items()}
    for k, d, x in zip(Kl, days, Wl, strict=True):
        if d in room[k]:
            room[k][d] += x
    return room


def improve(ent, dept, a, b, w, day, rem_t, lb_e, ent_order, ent_ptr, late_mask) -> dict[str, int]:
    """Ruin and recreate groups of enterprises; ``day`` and ``rem_t`` are updated in place.

    Returns counts: attempts, visits gained, sideways steps accepted.
    """
    H, K = rem_t.shape
    n_ent = len(ent_ptr) - 1
    size = np.diff(ent_ptr)
    key = ent.astype(np.int64) * H + day
    vkey = np.unique(key[day >= 0])
    visits = np.bincount((vkey // H).astype(np.int64), minlength=n_ent)
    bad = np.zeros(n_ent, bool)
    if late_mask.any():
        bad[ent[late_mask]] = True
    ok_ent = (size <= MAX_TASKS) & ~bad
    targets = np.flatnonzero((visits > lb_e) & ok_ent)
    excess = int((visits - lb_e)[targets].sum())
    stats = {"attempts": 0, "gained": 0, "sideways": 0}
    if excess < TIGHT * len(vkey):  # merging already came close to the bound: nothing here is worth the time
        return stats
    attempts = min(MAX_ATTEMPTS, ATTEMPTS_PER_EXCESS * excess)
    rng = np.random.default_rng(len(ent))
    visits = visits.tolist()
    lb = lb_e.tolist()
    target_list = targets.tolist()
    index = _Index(dept, day, K)
    last_gain = 0
    for attempt in range(attempts):
        if not target_list:
            break
        if attempt and attempt % INDEX_EVERY == 0:
            index = _Index(dept, day, K)
            target_list = [e for e in target_list if visits[e] > lb[e]]
            if not target_list:
                break
        e = target_list[int(rng.integers(len(target_list)))]
        if visits[e] <= lb[e]:
            continue
        stats["attempts"] += 1
        if stats["attempts"] - last_gain > PATIENCE:
            break
        group = [e, *_neighbours(e, ent, dept, a, b, ent_order, ent_ptr, ok_ent, index, rng).tolist()]
        spans = [(int(ent_ptr[g]), int(ent_ptr[g + 1])) for g in group]
        rows = np.concatenate([ent_order[s:t] for s, t in spans])
        # local copies, indexed 0..n-1 in group order: the rows' attributes, the room of their cells
        A, B, Wl, Kl = a[rows].tolist(), b[rows].tolist(), w[rows].tolist(), dept[rows].tolist()
        old = day[rows].tolist()
        room = _local_room(Kl, A, B, Wl, old, rem_t)
        starts = np.cumsum([0] + [t - s for s, t in spans]).tolist()
        local = [list(range(starts[j], starts[j + 1])) for j in range(len(group))]
        old_visits = sum(visits[g] for g in group)
        order = list(range(len(group)))
        rng.shuffle(order)
        if rng.random() < 0.5:
            order.sort(key=lambda j: -len(local[j]))
        new = old[:]
        new_visits: dict[int, int] = {}
        for j in order:
            got = plan_enterprise(local[j], Kl, A, B, Wl, room)
            if got is None:
                break
            new_visits[group[j]] = len(got)
            for d, load in got.items():
                for t in load:
                    new[t] = d
        else:
            total = sum(new_visits.values())
            if total <= old_visits:
                changed = [i for i in range(len(new)) if new[i] != old[i]]
                if changed:
                    ch = rows[changed]
                    nd = np.asarray([new[i] for i in changed], np.int64)
                    np.add.at(rem_t, (day[ch].astype(np.int64), dept[ch]), w[ch])
                    np.subtract.at(rem_t, (nd, dept[ch]), w[ch])
                    day[ch] = nd
                for g, v in new_visits.items():
                    visits[g] = v
                if total < old_visits:
                    stats["gained"] += old_visits - total
                    last_gain = stats["attempts"]
                else:
                    stats["sideways"] += 1
    return stats
