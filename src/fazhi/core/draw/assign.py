"""Officer assignment: least-loaded greedy with seeded tie-breaks, then a balance repair.

Targets and officers are plain integers here: target ``p`` is the p-th drawn
target (drawn order), officer ``i`` the i-th officer of the pool (officer-id
order). ``excluded[p]`` is the set of officers who may not go to target ``p``
(a recusal pair or a pairing in the previous draw).

Greedy (docs/domain/random-draw.md, step 5): for each target in drawn order,
take the ``q`` eligible officers with the smallest
``(load, key(load, officer), officer)``, where ``key(ℓ, i)`` is word ``i`` of
the stream ``officers:ℓ``; then add one to their loads.

Repair (step 6): while the busiest and the idlest officer differ by two or
more, search breadth-first from the busiest officers for a chain of moves
"officer o hands target p to officer o′" that ends at an officer with at least
two visits fewer, and apply it. The chain exists whenever a balanced
assignment exists (the argument is in the docs), so the result is balanced
whenever the constraints allow it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Set

import numpy as np

__all__ = ["greedy", "repair"]


def greedy(
    n_targets: int,
    pool_size: int,
    q: int,
    excluded: Mapping[int, Set[int]],
    level_order: Callable[[int], np.ndarray],
) -> tuple[list[int], list[int]]:
    """Return the officers of every target (flat, ``q`` per target, in choice order)
    and the final load of every officer.

    The caller has checked that every target has at least ``q`` eligible officers.

    perf: the officers of a load level are kept as their ranks at that level
    (rank = position in the level's key order). The lowest level is a list sorted
    by descending rank, so its best officer is ``pop()``; officers arriving at a
    higher level wait unsorted in ``pending`` and are sorted in when that level
    is first read. A run of targets without exclusions takes consecutive slices
    of the lowest level at once: exactly what the one-by-one choice would give,
    since each of those targets takes the ``q`` best officers still at that level.
    """
    flat: list[int] = []
    load = [0] * pool_size
    if n_targets == 0 or pool_size == 0:
        return flat, load
    orders: list[list[int]] = []  # level -> officers by rank
    ranks: list[list[int]] = []  # level -> rank of each officer
    stacks: list[list[int]] = []  # level -> ranks, descending (best last)
    pending: list[list[int]] = []  # level -> ranks of arrivals not yet sorted in

    def level(lv: int) -> list[int]:
        while len(stacks) <= lv:
            order = level_order(len(stacks))
            rank = np.empty(pool_size, dtype=np.int64)
            rank[order] = np.arange(pool_size, dtype=np.int64)
            orders.append(order.tolist())
            ranks.append(rank.tolist())
            stacks.append([])
            pending.append([])
        if pending[lv]:
            stacks[lv] += pending[lv]
            stacks[lv].sort(reverse=True)
            pending[lv] = []
        return stacks[lv]

    level(0)
    stacks[0] = list(range(pool_size - 1, -1, -1))
    low = 0
    marks = sorted(excluded)  # targets with exclusions, in drawn order
    next_mark = 0
    p = 0
    while p < n_targets:
        while next_mark < len(marks) and marks[next_mark] < p:
            next_mark += 1
        run = (marks[next_mark] if next_mark < len(marks) else n_targets) - p
        stack = level(low)
        take = min(run, len(stack) // q) * q
        if take:
            # perf: targets p … p+take/q-1 need no check: a slice of the lowest level
            best = stack[len(stack) - take :]
            del stack[len(stack) - take :]
            order = orders[low]
            chosen = [order[r] for r in reversed(best)]
            p += take // q
        else:
            chosen = _choose_one(p, q, low, excluded.get(p), level, orders)
            p += 1
        for o in chosen:
            lv = load[o] + 1
            load[o] = lv
            if lv == len(stacks):
                level(lv)
            pending[lv].append(ranks[lv][o])
        flat.extend(chosen)
        while not stacks[low] and not pending[low]:
            orders[low] = ranks[low] = []  # no officer comes back to this level
            low += 1
    return flat, load


def _choose_one(
    p: int,
    q: int,
    low: int,
    ex: Set[int] | None,
    level: Callable[[int], list[int]],
    orders: list[list[int]],
) -> list[int]:
    """The ``q`` best eligible officers for one target, across levels if need be."""
    chosen: list[int] = []
    skipped: list[tuple[int, int]] = []
    top = len(orders) - 1  # every officer is at a level that exists
    lv = low
    while len(chosen) < q:
        if lv > top:  # pragma: no cover - the caller's check prevents it
            raise RuntimeError(f"target {p}: fewer than {q} eligible officers")
        stack = level(lv)
        if not stack:
            lv += 1
            continue
        r = stack.pop()
        o = orders[lv][r]
        if ex is not None and o in ex:
            skipped.append((lv, r))
            continue
        chosen.append(o)
    for lv, r in reversed(skipped):  # back in place: they were popped best first
        level(lv).append(r)
    return chosen


def repair(
    flat: list[int],
    load: list[int],
    q: int,
    excluded: Mapping[int, Set[int]],
) -> int:
    """Balance the loads in place (see the module docstring); return the number of chains applied.

    Breadth-first search, exactly as specified (step 6): the queue starts with
    the officers of maximal load M in ascending order; popping officer o, for
    each target p of o in ascending order, scan the officers i in ascending
    order, skipping those already seen, those already at p and those excluded
    from p; each one found is marked seen with parent (o, p), and is the end of
    the chain if its load is at most M − 2, otherwise it joins the queue.

    perf: the not-yet-seen officers are kept in one ascending list, so the
    search costs about O(pool + Σ|excluded|) rather than O(pool × targets).
    """
    pool_size = len(load)
    if pool_size == 0 or max(load) - min(load) <= 1:
        return 0
    n_targets = len(flat) // q
    targets_of: list[list[int]] = [[] for _ in range(pool_size)]
    for p in range(n_targets):
        for o in flat[p * q : (p + 1) * q]:
            targets_of[o].append(p)
    applied = 0
    while True:
        top = max(load)
        if top - min(load) <= 1:
            return applied
        sources = [i for i in range(pool_size) if load[i] == top]
        seen = bytearray(pool_size)
        for s in sources:
            seen[s] = 1
        unseen = [i for i in range(pool_size) if not seen[i]]
        parent: dict[int, tuple[int, int]] = {}
        queue = deque(sources)
        end = -1
        while queue and end < 0:
            o = queue.popleft()
            for p in sorted(targets_of[o]):
                at_p = flat[p * q : (p + 1) * q]
                ex = excluded.get(p, ())
                rest: list[int] = []
                for k, i in enumerate(unseen):
                    if i in at_p or i in ex:
                        rest.append(i)
                        continue
                    seen[i] = 1
                    parent[i] = (o, p)
                    if load[i] <= top - 2:
                        end = i
                        rest.extend(unseen[k + 1 :])
                        break
                    queue.append(i)
                unseen = rest
                if end >= 0:
                    break
        if end < 0:
            return applied  # no chain: no balanced assignment exists (docs, step 6)
        x = end
        while x in parent:
            o, p = parent[x]
            slot = flat.index(o, p * q, (p + 1) * q)
            flat[slot] = x
            targets_of[o].remove(p)
            targets_of[x].append(p)
            x = o
        load[end] += 1
        load[x] -= 1
        applied += 1
