"""Take a visit away, then repair the capacity with a tabu search (engine step 6b).

Where departments are small (one to three teams a day), merging (step 5) and
ruin and recreate (step 6) stop well above the best plans: an enterprise's
visit could go, but every day it could go to is full in some department, and
freeing it takes a chain of moves across several enterprises and
departments. This step takes the visit away first and repairs afterwards:

1. An enterprise visited more often than its capacity-aware bound
   (``bound.capacity_bound``) loses one visit:

   - *dissolve*: where every task of one of its visits has another visit of
     the enterprise inside its window, each task joins the one of those
     visits that overloads the fewest officers (a visit at random among
     those that can go);
   - otherwise *merge*: two visits close in time move onto one day of their
     common window, the day that overloads the fewest officers.

2. A tabu search drives the overload back to zero with moves that never add
   a visit: a whole visit moves to another day of its common window (where
   its enterprise is already visited, the two merge), or one task joins
   another visit of its own enterprise. Each move takes the best non-tabu
   choice on a random overloaded department-day; a visit may not return to
   a day it just left for ``TENURE`` moves.
3. If the overload reaches zero within ``REPAIR_MOVES`` moves, and before
   ``STALL`` moves go by without a new lowest overload, the plan keeps one
   visit fewer (or more fewer, where moved visits merged); otherwise every
   move is undone.
4. An enterprise whose attempts keep failing gets deeper repairs: after
   every ``DEEPEN`` failures in a row (counted since the last gain anywhere in
   the plan) both budgets grow by one more multiple, up to ``DEEPEST`` times.
   A failed attempt leaves the plan as it was, so trying the same shallow
   repair again differs only by chance; a longer search can follow a chain
   of moves that the short one gives up on.

Windows hold after every move and capacity after every kept attempt, so the
plan stays valid whenever the search stops; no task is ever made late, and
the step does not run on a plan with a late or over-capacity task.
Deterministic: the random choices come from a generator seeded by the input
size (or the caller's ``seed``), and the number of attempts is a function of the plan.

Dissolving saves visits merging alone does not: a visit's tasks need not all
fit on one day, only each on a day the enterprise is visited anyway. On four
small-department districts (seeds 0 and 1, 80 and 90 % use) the step with
dissolving leaves 17 117 visits where merging alone (1 000 attempts, the
merged visit held in place during the repair) left 17 389, for about 0.15 s
more per district. Deeper repairs for failing enterprises change nothing on
those districts (a gain comes often enough to reset the counts) and take
small-department instances of ~400 tasks from 3 117 to 3 085 visits (24
instances, 85 and 90 % use); giving every attempt the deeper budget instead
makes the step 68 % slower on a district for 0.5 % fewer visits.

perf: an attempt and its repair touch only the department-days of the visits
involved; about 0.9 ms each on a district of small departments (700 attempts,
0.6 s). On a plan of ~400 tasks most attempts fail and deepen, so the step
takes about twice as long as with shallow repairs only (1.3–2 s instead of
0.6–1 s). The step runs on plans of at most ``MAX_TASKS`` tasks whose visits
above the capacity-aware bound are ≥ ``TIGHT`` of all visits (small
departments; never a flat district, whose plans are within 0.1 % of their
bound).
"""

from __future__ import annotations

import random
from collections import defaultdict

import numpy as np

__all__ = ["consolidate"]

MAX_TASKS = 20_000  # plans of at most this many tasks (a district of small departments)
TIGHT = 0.01  # ... whose visits above the capacity-aware bound are at least this share of all visits
ATTEMPTS_PER_EXCESS = 20  # attempts per visit above that bound ...
MAX_ATTEMPTS = 700  # ... and at most this many
REPAIR_MOVES = 150  # tabu moves to remove an attempt's overload before it is undone ...
STALL = 60  # ... or once this many moves have not lowered the overload below its lowest so far
DEEPEN = 3  # failed attempts in a row on one enterprise after which its repairs get one more multiple of both budgets ...
DEEPEST = 4  # ... up to this many times
TENURE = 7  # moves during which a visit may not return to a day it left (plus 0–2 at random)
PAIR_REACH = 3  # a visit is merged with one of the next this-many visits of its enterprise in time
REPAIR_TASKS = 8  # tasks of an overloaded department-day examined per move (a sample where there are more)


def consolidate(ent, dept, a, b, w, day, rem_t, cap_t, lb_e, late_mask, seed: int | None = None) -> dict[str, int]:
    """Take visits away from enterprises above ``lb_e`` and repair; ``day`` and ``rem_t`` are updated in place.

    ``seed`` (default: the number of tasks) seeds the random choices; ``evolve`` varies it."""
    stats = {"attempts": 0, "gained": 0, "deepened": 0}
    if late_mask.any() or (rem_t < 0).any():
        return stats
    n_ent = len(lb_e)
    vkey = np.unique(ent.astype(np.int64) * rem_t.shape[0] + day)
    visits_e = np.bincount((vkey // rem_t.shape[0]).astype(np.int64), minlength=n_ent)
    excess = int(np.maximum(visits_e - lb_e, 0).sum())
    if len(ent) > MAX_TASKS or excess < TIGHT * vkey.size:
        return stats
    s = _State(ent, dept, a, b, w, day, cap_t)
    rng = random.Random(len(ent) if seed is None else seed)
    lb = lb_e.tolist()
    start = len(s.vis)
    candidates: list[int] = []
    failed: dict[int, int] = defaultdict(int)  # enterprise → failed attempts since the last gain
    for attempt in range(min(MAX_ATTEMPTS, ATTEMPTS_PER_EXCESS * excess)):
        if attempt % 50 == 0 or not candidates:
            candidates = [e for e in sorted(s.edays) if len(s.edays[e]) > lb[e]]
            if not candidates:
                break
        e = candidates[rng.randrange(len(candidates))]
        if len(s.edays[e]) <= lb[e]:
            continue
        gone = s.pick_dissolve(e, rng)
        if gone is not None:
            log = s.dissolve(e, gone)
        else:
            pair = s.pick_pair(e, rng)
            if pair is None:
                continue
            log = s.merge(*pair)
        stats["attempts"] += 1
        depth = min(DEEPEST, 1 + failed[e] // DEEPEN)
        stats["deepened"] += depth > 1
        if s.repair(log, rng, depth):
            failed.clear()  # the plan changed: room may have opened for every enterprise
        else:
            failed[e] += 1
            s.undo(log)
    stats["gained"] = start - len(s.vis)
    new_day = np.asarray(s.day, np.int64)
    changed = np.flatnonzero(new_day != day)
    if changed.size:
        k, wt = dept[changed], w[changed]
        np.add.at(rem_t, (day[changed].astype(np.int64), k), wt)
        day[changed] = new_day[changed]
        np.subtract.at(rem_t, (day[changed].astype(np.int64), k), wt)
    return stats


class _State:
    """The plan as Python sets: visits (enterprise, day) → tasks, department-day → tasks and load."""

    def __init__(self, ent, dept, a, b, w, day, cap_t):
        self.ent, self.dept, self.a, self.b, self.w = (x.tolist() for x in (ent, dept, a, b, w))
        self.day = day.tolist()
        self.cap = cap_t.tolist()  # cap[d][k]
        self.use = np.zeros_like(cap_t).tolist()  # use[d][k]: officers planned
        self.vis: dict[tuple[int, int], set[int]] = defaultdict(set)
        self.cell: dict[tuple[int, int], set[int]] = defaultdict(set)
        self.edays: dict[int, set[int]] = defaultdict(set)
        self.bad: set[tuple[int, int]] = set()  # overloaded (department, day)
        for i, (e, k, d) in enumerate(zip(self.ent, self.dept, self.day, strict=True)):
            self.vis[e, d].add(i)
            self.cell[k, d].add(i)
            self.use[d][k] += self.w[i]
            self.edays[e].add(d)

    def over(self, k: int, d: int, extra: int = 0) -> int:
        x = self.use[d][k] + extra - self.cap[d][k]
        return x if x > 0 else 0

    def added(self, d: int, load: list[tuple[int, int]]) -> int:
        """Overload that ``load`` ((department, officers), officers ≥ 0) adds on day d."""
        ud, cd = self.use[d], self.cap[d]
        total = 0
        for k, x in load:
            u = ud[k] - cd[k]
            if u >= 0:
                total += x
            elif u + x > 0:
                total += u + x
        return total

    def move(self, i: int, d2: int) -> None:
        e, k, d = self.ent[i], self.dept[i], self.day[i]
        v = self.vis[e, d]
        v.discard(i)
        if not v:
            del self.vis[e, d]
            self.edays[e].discard(d)
        self.cell[k, d].discard(i)
        self.use[d][k] -= self.w[i]
        if self.use[d][k] <= self.cap[d][k]:
            self.bad.discard((k, d))
        self.day[i] = d2
        self.vis[e, d2].add(i)
        self.edays[e].add(d2)
        self.cell[k, d2].add(i)
        self.use[d2][k] += self.w[i]
        if self.use[d2][k] > self.cap[d2][k]:
            self.bad.add((k, d2))

    def window(self, rows) -> tuple[int, int]:
        return max(self.a[i] for i in rows), min(self.b[i] for i in rows)

    def pick_pair(self, e: int, rng: random.Random) -> tuple[int, int, set[int]] | None:
        """Two visits of e, close in time, whose tasks share a day: (first, last day of their
        common window, their tasks), or None."""
        ds = sorted(self.edays[e])
        pairs = []
        for x in range(len(ds)):
            for y in range(x + 1, min(len(ds), x + 1 + PAIR_REACH)):
                rows = self.vis[e, ds[x]] | self.vis[e, ds[y]]
                lo, hi = self.window(rows)
                if lo <= hi:
                    pairs.append((lo, hi, rows))
        if not pairs:
            return None
        return pairs[rng.randrange(len(pairs))]

    def pick_dissolve(self, e: int, rng: random.Random) -> int | None:
        """A visit of e whose every task has another visit of e in its window, or None."""
        ds = sorted(self.edays[e])
        options = [
            d for d in ds
            if all(any(d != D and self.a[i] <= D <= self.b[i] for D in ds) for i in self.vis[e, d])
        ]
        return options[rng.randrange(len(options))] if options else None

    def dissolve(self, e: int, d: int) -> list[tuple[int, int]]:
        """Send each task of e's visit on day d to the other visit of e that overloads the fewest officers."""
        others = [D for D in sorted(self.edays[e]) if d != D]
        log = []
        for i in sorted(self.vis[e, d]):
            k, wi = self.dept[i], self.w[i]
            best = min((self.added(D, [(k, wi)]), D) for D in others if self.a[i] <= D <= self.b[i])[1]
            log.append((i, d))
            self.move(i, best)
        return log

    def merge(self, lo: int, hi: int, rows: set[int]) -> list[tuple[int, int]]:
        """Move ``rows`` onto the day of [lo, hi] that overloads the fewest officers; the moves made."""
        best_cost, best_day = None, lo
        for D in range(lo, hi + 1):
            add: dict[int, int] = defaultdict(int)
            for i in rows:
                if self.day[i] != D:
                    add[self.dept[i]] += self.w[i]
            cost = self.added(D, list(add.items()))
            if best_cost is None or cost < best_cost:
                best_cost, best_day = cost, D
        log = []
        for i in sorted(rows):
            if self.day[i] != best_day:
                log.append((i, self.day[i]))
                self.move(i, best_day)
        return log

    def repair(self, log: list[tuple[int, int]], rng: random.Random, depth: int = 1) -> bool:
        """Tabu search to zero overload with moves that never add a visit; the moves go to ``log``.
        ``depth`` multiplies both budgets (``REPAIR_MOVES`` and ``STALL``)."""
        total = sum(self.over(k, d) for k, d in self.bad)
        tabu: dict[int, dict[int, int]] = {}  # enterprise → day it left → last move it may not return
        lowest, lowest_at = total, 0
        for it in range(REPAIR_MOVES * depth):
            if total == 0:
                return True
            if total < lowest:
                lowest, lowest_at = total, it
            elif it - lowest_at > STALL * depth:
                return False
            k0, d0 = sorted(self.bad)[rng.randrange(len(self.bad))]
            best = None  # (delta, tasks, new day, enterprise)
            here_tasks = sorted(self.cell[k0, d0])
            if len(here_tasks) > REPAIR_TASKS:
                here_tasks = rng.sample(here_tasks, REPAIR_TASKS)
            seen: set[int] = set()
            for i in here_tasks:
                e = self.ent[i]
                group = self.vis[e, d0]
                if e not in seen:  # (a) the whole visit to another day of its common window
                    seen.add(e)
                    lo, hi = self.window(group)
                    add: dict[int, int] = defaultdict(int)
                    for j in group:
                        add[self.dept[j]] += self.w[j]
                    load = list(add.items())
                    here = sum(self.over(k, d0, -x) - self.over(k, d0) for k, x in load)  # what leaving d0 removes
                    taboo = tabu.get(e, {})
                    # a move's delta is at least ``here`` (it adds no negative overload), and ties
                    # keep the earlier choice: stop at the first day that adds nothing
                    for D in range(lo, hi + 1) if best is None or here < best[0] else ():
                        if d0 == D or taboo.get(D, -1) >= it:
                            continue
                        extra = self.added(D, load)
                        if best is None or here + extra < best[0]:
                            best = (here + extra, sorted(group), D, e)
                            if extra == 0:
                                break
                wi = self.w[i]  # (b) the task alone, to another visit of its enterprise
                leave = self.over(k0, d0, -wi) - self.over(k0, d0)  # what leaving d0 removes (≤ 0)
                taboo = tabu.get(e, {})
                for D in sorted(self.edays[e]) if best is None or leave < best[0] else ():
                    if d0 == D or not self.a[i] <= D <= self.b[i] or taboo.get(D, -1) >= it:
                        continue
                    delta = leave + self.added(D, [(k0, wi)])
                    if best is None or delta < best[0]:
                        best = (delta, [i], D, e)
            if best is None:
                return False
            delta, rows, D, e = best
            for j in rows:
                tabu.setdefault(e, {})[self.day[j]] = it + TENURE + rng.randrange(3)
                log.append((j, self.day[j]))
                self.move(j, D)
            total += delta
        return total == 0

    def undo(self, log: list[tuple[int, int]]) -> None:
        for i, d in reversed(log):
            self.move(i, d)
