"""Evolve a population of plans (engine step 8, optional; 种群进化).

Where departments are small (one to three teams a day) and capacity use is
high, the engine's own steps stop a few per cent above the optimum: the
nearest plan with one visit fewer lies about 13 task moves away, across some
8 enterprises and 4 departments, and passes through a plan with one visit
*more* (docs/domain/coordination.md §9). No move-by-move search reaches it;
recombining two good plans does. This is the hybrid evolutionary algorithm
of graph colouring (Galinier & Hao 1999: a crossover that hands over whole
colour classes, then a local search), which fits because the problem
contains colouring; here the classes are days and the local search is the
engine's step 6b.

1. **Population.** The engine's plan and ``POPULATION − 1`` more, each
   planned by ``engine.run`` with the enterprises numbered in another
   (seeded) order, which changes the order in which the engine takes
   enterprises wherever it breaks a tie by number; each is then
   improved once by step 6b with a seed of its own, and levelled.
2. **Crossover** of two members drawn at random. The child takes whole days
   from its parents in turn: from the parent whose turn it is, the day on
   which most tasks are still without a day, with all those tasks. A day
   taken from one parent can hold its tasks (the parent was within capacity
   and the child has only some of them there), and the visits that make the
   parent good come along whole. The tasks left over — their day in one
   parent went to the other — are placed by the engine's repairs and the
   enterprises above their bound merged (``engine.complete``); a child
   whose left-over task finds no on-time day is dropped.
3. **Local search**: step 6b (``consolidate``, a seed per child), then
   levelling.
4. **Replacement**: the child takes the place of the member with the most
   visits, when it has no more than that member and is not already in the
   population. The best member ever seen is the answer; the engine's own plan
   stays when nothing beats it.

It stops after ``seconds`` (checked before each member and each child, so
it may run over by one engine run or one child) or after
``MAX_GENERATIONS`` children. Every random choice is seeded from
the input size and the member's or child's number, so a run that the number
of children stops, with a full population, is repeatable; one that the clock
stops depends on the machine's speed. It runs only on plans of at most
``MAX_TASKS`` tasks without a late task whose visits above the
capacity-aware bound are at least ``consolidate.TIGHT`` of all visits (where
step 6b, its local search, runs at all).

perf: a child costs about 0.5–1 s on a plan of ~400 tasks or a district of
small departments (almost all in step 6b), the population about 6 engine
runs; on six small-department instances with proven optima it reaches
1.000–1.023 × the optimum in 30 s and 1.000–1.016 × in 60 s (docs §8).
"""

from __future__ import annotations

import time

import numpy as np

from . import consolidate as _consolidate
from . import engine
from .bound import capacity_bound, clusters

__all__ = ["evolve"]

POPULATION = 6  # plans kept
MAX_TASKS = 10_000  # plans of at most this many tasks
MAX_GENERATIONS = 1_000  # children at most, whatever the time (the population has long converged by then)
MIN_RUNS = 3  # a time share shorter than this many engine runs cannot build a population and breed: skipped
CHOICE_NOISE = 0.5  # a random share of one task added to each day's count, to break ties between parents' days


class _Evolution:
    def __init__(self, ent, dept, a, b, w, cap, n_ent):
        self.ent, self.dept, self.a, self.b, self.w, self.cap = ent, dept, a, b, w, cap
        self.n_ent = n_ent
        self.H = cap.shape[1]
        self.cap_t = np.ascontiguousarray(cap.T).astype(np.int64)
        cl = clusters(ent, a, b)
        self.lb_e = np.bincount(cl.ent, minlength=n_ent)
        self.lb_cap = capacity_bound(ent, dept, a, b, w, cap, cl, n_ent)
        self.ent_order = cl.order
        self.ent_ptr = np.searchsorted(ent[cl.order], np.arange(n_ent + 1))

    def room(self, day: np.ndarray) -> np.ndarray:
        """Officers left per working day and department, (H, K), with the tasks that have a day."""
        K, H = self.cap.shape
        return np.ascontiguousarray(self.cap_t - engine.usage_of(self.dept, day, self.w, K, H).T)

    def visits(self, day: np.ndarray) -> int:
        return int(np.unique(self.ent.astype(np.int64) * self.H + day).size)

    def improve(self, day: np.ndarray, seed: int) -> np.ndarray:
        """Step 6b with its own seed, then levelling; a new array."""
        day = day.astype(np.int64)
        rem = self.room(day)
        no_late = np.zeros(len(day), bool)  # every plan here is on time
        _consolidate.consolidate(self.ent, self.dept, self.a, self.b, self.w, day, rem, self.cap_t, self.lb_cap, no_late, seed)
        engine.level_visits(self.ent, self.dept, self.a, self.b, self.w, day, rem, self.cap_t, no_late)
        return day

    def renumbered(self, seed: int) -> np.ndarray | None:
        """The engine's plan with the enterprises numbered in a seeded random order (None if it has a late task)."""
        perm = np.random.default_rng(seed).permutation(self.n_ent)
        res = engine.run(perm[self.ent], self.dept, self.a, self.b, self.w, self.cap, self.n_ent)
        return res.day.astype(np.int64) if res.late.size == 0 else None

    def cross(self, mother: np.ndarray, father: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
        """Whole days from each parent in turn; the rest placed by the engine's repairs (None: one would be late)."""
        H = self.H
        child = np.full(len(self.ent), -1, np.int64)
        free = np.ones(len(self.ent), bool)
        taken = np.zeros(H, bool)
        for turn in range(H):
            parent = (mother, father)[turn % 2]
            count = np.bincount(parent[free], minlength=H) + rng.random(H) * CHOICE_NOISE
            count[taken] = -1
            D = int(np.argmax(count))
            if count[D] < 1:
                break
            rows = free & (parent == D)
            child[rows] = D
            free &= ~rows
            taken[D] = True
        rem = self.room(child)
        ok = engine.complete(self.ent, self.dept, self.a, self.b, self.w, child, rem, self.ent_order, self.ent_ptr, self.lb_e)
        return child if ok else None


def evolve(ent, dept, a, b, w, cap, n_ent: int, day: np.ndarray, *, seconds: float) -> tuple[np.ndarray, dict[str, float]]:
    """A plan with fewer visits than ``day`` where the search finds one, else ``day`` itself; and stats.

    ``seconds``: the time it may take, population included. Arrays as in
    ``engine.run``; ``day`` must be within windows and capacities.
    """
    t0 = time.perf_counter()
    stats: dict[str, float] = {"evolve_generations": 0, "evolve_gained": 0, "evolve_children_dropped": 0}
    n = len(ent)
    if n == 0 or n > MAX_TASKS or (day > b).any() or seconds <= 0:
        return day, stats
    ev = _Evolution(ent, dept, a, b, w, cap, n_ent)
    start = ev.visits(day)
    if start - int(ev.lb_cap.sum()) < _consolidate.TIGHT * start:
        return day, stats  # at (or within a hair of) the bound: step 6b, the local search, would not run

    def out_of_time() -> bool:
        return time.perf_counter() - t0 >= seconds

    if out_of_time():
        return day, stats
    pop = [ev.improve(day, n)]
    for i in range(1, POPULATION):
        if out_of_time():
            break
        member = ev.renumbered(n + i)
        if member is not None:
            pop.append(ev.improve(member, n + i))
    count = [ev.visits(d) for d in pop]
    rng = np.random.default_rng(n)
    child_no = 0
    while len(pop) >= 2 and not out_of_time() and child_no < MAX_GENERATIONS:
        child_no += 1
        i, j = rng.choice(len(pop), 2, replace=False)
        child = ev.cross(pop[i], pop[j], rng)
        if child is None:
            stats["evolve_children_dropped"] += 1
            continue
        child = ev.improve(child, n + POPULATION + child_no)
        v = ev.visits(child)
        worst = int(np.argmax(count))
        if v <= count[worst] and not any(np.array_equal(child, d) for d in pop):
            pop[worst], count[worst] = child, v
    stats["evolve_generations"] = child_no
    best = int(np.argmin(count))
    stats["seconds_evolve"] = time.perf_counter() - t0
    if count[best] >= start:
        return day, stats
    stats["evolve_gained"] = start - count[best]
    return pop[best].astype(day.dtype), stats
