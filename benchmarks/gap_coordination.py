"""Where the engine stands against the optimum on one small-department instance, and why.

    .venv/bin/python benchmarks/gap_coordination.py [--use 0.9] [--seed 5] [--departments 8]
        [--days 40] [--seconds 300] [--workers 8] [--subsolvers NAME,...] [--min-change SECONDS]

Not part of ``make bench`` (a proof takes minutes). It needs ``ortools``
(``pip install -e '.[bench]'``).

1. Plans ``generate(0, pattern="small", ...)`` (the instances of the
   cpsat-small cases) with the engine.
2. Runs CP-SAT (the bench's model, ``bench_coordination.cpsat_model``) from
   the engine's plan with 8 workers (its LP and core-based workers) for at
   most ``--seconds``: the optimum where it proves one, otherwise the best
   plan found and the proven bound. ``--workers 2`` and ``--subsolvers``
   (CP-SAT's names, e.g. ``max_lp,core``) measure what CP-SAT does with the
   machine's two cores to itself.
3. Lists the enterprises whose visit counts differ between the engine and
   CP-SAT's plan, with their tasks, LB and LB-cap.
4. With ``--min-change``: the fewest task moves that take one visit off the
   engine's plan (CP-SAT: at most the engine's visits − 1, keep as many tasks
   on their day as possible), and the moves of the best such plan found. This
   measures how far the nearest better plan is — the neighbourhood a local
   search would have to find in one step (docs/domain/coordination.md §9).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter

import numpy as np

from bench_coordination import cpsat_model
from fazhi.core.coordination import plan_visits
from fazhi.core.coordination.bound import capacity_bound, clusters
from fazhi.core.coordination.generate import generate


def solve(m, seconds: float, workers: int = 8, subsolvers: str = ""):
    from ortools.sat.python import cp_model

    s = cp_model.CpSolver()
    s.parameters.max_time_in_seconds = seconds
    s.parameters.num_workers = workers
    for name in filter(None, subsolvers.split(",")):
        s.parameters.subsolvers.append(name)
    st = s.Solve(m)
    return s, s.StatusName(st), st in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def days_of(s, x, n: int) -> list[int]:
    got = [-1] * n
    for (i, d), v in x.items():
        if s.Value(v):
            got[i] = d
    return got


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--use", type=float, default=0.9, help="the generator's target capacity use")
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--departments", type=int, default=8)
    ap.add_argument("--days", type=int, default=40, help="working days planned")
    ap.add_argument("--seconds", type=float, default=300.0, help="CP-SAT's time for the optimum")
    ap.add_argument("--workers", type=int, default=8, help="CP-SAT's workers (8: its LP and core-based workers too)")
    ap.add_argument("--subsolvers", default="", help="CP-SAT's subsolvers, comma-separated (default: its own choice)")
    ap.add_argument("--min-change", type=float, default=0.0, metavar="SECONDS", help="also look for the fewest moves that save a visit")
    args = ap.parse_args()
    try:
        import ortools  # noqa: F401
    except ImportError:
        print("needs ortools: .venv/bin/pip install -e '.[bench]'", file=sys.stderr)
        return 2
    inst = generate(0, pattern="small", utilisation=args.use, departments=args.departments, horizon_days=args.days, seed=args.seed)
    t0 = time.perf_counter()
    plan = plan_visits(inst.table, inst.capacity, workers=1)
    took = time.perf_counter() - t0
    m, x, y, p = cpsat_model(plan, hint=True)
    n = len(p["ent"])
    print(f"{n} tasks, capacity use {inst.utilisation:.3f}; engine {plan.visit_count} visits in {took:.2f} s, "
          f"LB {plan.lower_bound.value}, LB-cap {plan.capacity_lower_bound}")  # fmt: skip
    m.Minimize(sum(y.values()))
    s, status, ok = solve(m, args.seconds, args.workers, args.subsolvers)
    bound = round(s.BestObjectiveBound())
    if not ok:
        print(f"CP-SAT {status} in {s.WallTime():.0f} s, bound {bound}")
        return 1
    best = round(s.ObjectiveValue())
    print(f"CP-SAT {status} in {s.WallTime():.0f} s: {best} visits, bound {bound}; engine / "
          f"{'optimum' if status == 'OPTIMAL' else 'best found'} = {plan.visit_count / best:.3f}")  # fmt: skip
    other = days_of(s, x, n)
    tasks = Counter(p["ent"])
    mine: dict[int, set[int]] = {}
    theirs: dict[int, set[int]] = {}
    for e, d, o in zip(p["ent"], p["day"], other, strict=True):
        mine.setdefault(e, set()).add(d)
        theirs.setdefault(e, set()).add(o)
    ent, a, b = (np.asarray(p[k]) for k in ("ent", "a", "b"))
    n_ent = len(plan.table.usccs)
    cl = clusters(ent, a, b)
    lb = np.bincount(cl.ent, minlength=n_ent)
    lb_cap = capacity_bound(ent, np.asarray(p["dept"]), a, b, np.asarray(p["w"]), plan.capacity, cl, n_ent)
    print("enterprise  tasks  LB  LB-cap  engine  CP-SAT")
    for e in sorted(mine, key=lambda e: (-tasks[e], e)):
        if len(mine[e]) != len(theirs[e]):
            print(f"{plan.table.usccs[e]}  {tasks[e]:5d}  {lb[e]:2d}  {lb_cap[e]:6d}  {len(mine[e]):6d}  {len(theirs[e]):6d}")
    if args.min_change > 0:
        m, x, y, _ = cpsat_model(plan, hint=True)
        m.Add(sum(y.values()) <= plan.visit_count - 1)
        m.Maximize(sum(x[i, d] for i, d in enumerate(p["day"]) if (i, d) in x))
        s, status, ok = solve(m, args.min_change, args.workers, args.subsolvers)
        fewest = n - round(s.BestObjectiveBound())
        if not ok:
            print(f"one visit fewer: CP-SAT {status} in {s.WallTime():.0f} s; at least {fewest} tasks must move")
            return 0
        moved = [(i, p["day"][i], d) for i, d in enumerate(days_of(s, x, n)) if d != p["day"][i]]
        print(f"one visit fewer: {len(moved)} tasks of {len({p['ent'][i] for i, _, _ in moved})} enterprises "
              f"in {len({p['dept'][i] for i, _, _ in moved})} departments move ({status}; at least {fewest} must)")  # fmt: skip
        for i, d0, d1 in sorted(moved, key=lambda r: (p["ent"][r[0]], r[0])):
            print(f"  {plan.table.task_id(i)}  {plan.table.usccs[p['ent'][i]]}  {plan.table.departments[p['dept'][i]]}"
                  f"  {plan.days.date(d0)} → {plan.days.date(d1)}")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
