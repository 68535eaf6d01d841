"""The engine against the engine plus evolution (``evolve``), where departments are small.

    .venv/bin/python benchmarks/bench_evolve.py [--quick] [--budgets 30 60]

Six small-department instances (``generate(0, pattern="small", departments=8,
horizon_days=40)``, 363–393 tasks) whose optimum CP-SAT has proven
(``benchmarks/gap_coordination.py --use U --seed N``, 8 workers;
docs/domain/coordination.md §8), and the two districts of small departments
of ``bench_coordination`` (smalldist-80 / 90, 7–8 k tasks; no proven optimum,
so the ratio to the capacity-aware bound LB-cap, which no plan can beat).
For each: visits and the ratios to the optimum and to LB-cap for the engine
alone (``plan_visits``) and with ``evolve_seconds`` of each budget, with the
wall time, and the independent verifier of ``bench_coordination`` (window,
capacity, working day, one visit per task); at the end the peak memory of
the largest run. Every run has its own process; two run at a time (one per
core; each is single-threaded).
"""

from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor

from bench_coordination import peak_mb, verify
from fazhi.core.coordination import plan_visits
from fazhi.core.coordination.generate import generate

SMALL = {"departments": 8, "horizon_days": 40}
# the generator's target use and seed, its other arguments, the optimum CP-SAT proved (None: not known)
CASES = {
    "small-80 s1": (0.80, 1, SMALL, 121),
    "small-85 s1": (0.85, 1, SMALL, 124),
    "small-88 s3": (0.88, 3, SMALL, 127),
    "small-90 s2": (0.90, 2, SMALL, 131),
    "small-90 s3": (0.90, 3, SMALL, 129),
    "small-90 s5": (0.90, 5, SMALL, 123),
    "smalldist-80": (0.80, 1, {}, None),
    "smalldist-90": (0.90, 1, {}, None),
}


def run(name: str, seconds: float) -> dict:
    use, seed, kw, _ = CASES[name]
    inst = generate(0, pattern="small", utilisation=use, seed=seed, **kw)
    t0 = time.perf_counter()
    plan = plan_visits(inst.table, inst.capacity, workers=1, evolve_seconds=seconds)
    took = time.perf_counter() - t0
    return {
        "name": name, "seconds": seconds, "tasks": len(inst.table), "use": inst.utilisation,
        "lb_cap": plan.capacity_lower_bound, "visits": plan.visit_count, "time": took,
        "late": len(plan.late), "check": verify(inst, plan), "peak": peak_mb(),
        "children": plan.stats.get("evolve_generations", 0),
    }  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="one budget of 30 s")
    ap.add_argument("--budgets", type=float, nargs="+", default=[30.0, 60.0], help="evolve_seconds to compare")
    args = ap.parse_args()
    budgets = [0.0] + ([30.0] if args.quick else args.budgets)
    jobs = [(name, s) for s in sorted(budgets, reverse=True) for name in CASES]  # longest first
    workers = min(2, os.cpu_count() or 1)
    with ProcessPoolExecutor(workers, max_tasks_per_child=1) as pool:
        got = {(r["name"], r["seconds"]): r for r in pool.map(run, *zip(*jobs, strict=True))}
    print(f"fazhi coordination: engine + evolve, {workers} runs at a time (one process each)")
    head = f"{'case':13} {'tasks':>5} {'use':>5} {'LB-cap':>6} {'opt':>4} |"
    head += "".join(f" {'engine' if s == 0 else f'+evolve {s:g}s':>14} {'/opt':>6} {'/cap':>6} {'time':>6} {'chk':>3} |" for s in budgets)
    print(head)
    total = dict.fromkeys(budgets, 0)
    for name, (*_, opt) in CASES.items():
        first = got[(name, 0.0)]
        line = f"{name:13} {first['tasks']:5d} {first['use']:5.3f} {first['lb_cap']:6d} {opt or '—':>4} |"
        for s in budgets:
            r = got[(name, s)]
            total[s] += r["visits"] if opt else 0
            flag = r["check"] if r["late"] == 0 else f"{r['check']}, {r['late']} late"
            to_opt = f"{r['visits'] / opt:6.3f}" if opt else f"{'—':>6}"
            line += f" {r['visits']:14d} {to_opt} {r['visits'] / r['lb_cap']:6.3f} {r['time']:5.1f}s {flag:>3} |"
        print(line)
    opt_total = sum(c[-1] for c in CASES.values() if c[-1])
    print("six proven    " + " " * 18 + f"{opt_total:4d} |" + "".join(f" {total[s]:14d} {total[s] / opt_total:6.3f} {'':6} {'':6} {'':3} |" for s in budgets))
    peaks = max(r["peak"] for r in got.values())
    children = {s: sum(got[(n, s)]["children"] for n in CASES) for s in budgets if s}
    print(f"peak memory of any run {peaks:.0f} MB; children evolved in all: " + ", ".join(f"{c} in {s:g} s" for s, c in children.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
