"""Benchmark of the random draw (双随机、一公开) at province scale.

A province-scale draw: 10 million market entities in four credit-risk classes
(A 50 %, B 30 %, C 15 %, D 5 %; ratios A=0.02, B=0.05, C=0.2, D=0.5, so about
800,000 targets), 40,000 officers (1 % with an expired certificate), 40,000
recusal pairs and a previous draw of 1.6 million (officer, enterprise) pairs;
two officers per visit. Side by side, the same shape at 100,000 and 1 million
entities (officers scaled alike), so the scaling is visible.

Each size runs in a fresh interpreter, so its peak memory (``ru_maxrss``) is its
own; the inputs are generated as numpy arrays (no Python object per entity)
before the clock starts. The time is that of ``fazhi.core.draw.draw``: canonical
order, input hash, target selection, officer assignment, balance check.

Run: ``.venv/bin/python benchmarks/bench_draw.py [--quick]`` (``make bench`` runs
it; ``--quick`` stops at 1 million entities).
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import subprocess
import sys
import time
from datetime import date

import numpy as np

SIZES = [  # (entities, officers)
    (100_000, 400),
    (1_000_000, 4_000),
    (10_000_000, 40_000),
]
RATIOS = {"A": "0.02", "B": "0.05", "C": "0.2", "D": "0.5"}
SHARES = [0.50, 0.30, 0.15, 0.05]
DRAW_DATE = date(2025, 3, 1)
SEED = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
_ALPHABET = np.frombuffer(b"0123456789ABCDEFGHJKLMNPQRTUWXY", dtype=np.uint8)  # GB 32100


def make_inputs(n: int, n_officers: int, rng_seed: int = 20250301):
    """Deterministic synthetic inputs: unique USCC-shaped codes, classes, officers, pairs."""
    from fazhi.core.draw import Officer, Pairs, Population

    rng = np.random.default_rng(rng_seed)
    # 18 characters: "91" + a 6-digit region + a 9-character code + a check character.
    # The 9-character code is a scrambled bijection of the index, so codes are unique.
    mat = np.empty((n, 18), dtype=np.uint8)
    mat[:, :2] = np.frombuffer(b"91", dtype=np.uint8)
    regions = np.array([b"330201", b"330203", b"330205", b"330206", b"330211", b"330212"])
    mat[:, 2:8] = regions.view(np.uint8).reshape(-1, 6)[rng.integers(0, len(regions), n)]
    code = (np.arange(n, dtype=np.int64) * 2_654_435_761 + 12_345) % (31**9)
    for k in range(16, 7, -1):
        code, digit = np.divmod(code, 31)
        mat[:, k] = _ALPHABET[digit]
    mat[:, 17] = _ALPHABET[rng.integers(0, 31, n)]
    uscc = mat.view("S18").ravel()
    risk_class = np.array([b"A", b"B", b"C", b"D"])[rng.choice(4, size=n, p=SHARES)]
    population = Population(uscc, risk_class)

    officers = [
        Officer(
            f"ZJ{i:06d}",
            "省市场监管局",
            date(2024, 12, 31) if i % 100 == 0 else date(2026, 12, 31),
        )
        for i in range(n_officers)
    ]
    officer_ids = np.array([o.officer_id.encode() for o in officers], dtype=bytes)

    def pairs(count: int) -> Pairs:
        return Pairs(
            officer_ids[rng.integers(0, n_officers, count)], uscc[rng.integers(0, n, count)]
        )

    expected_targets = sum(float(RATIOS[c]) * s for c, s in zip("ABCD", SHARES, strict=True)) * n
    return population, officers, pairs(n_officers), pairs(int(2 * expected_targets))


def _rss_mib(field: str) -> float | None:
    """``VmRSS`` or ``VmHWM`` (peak) of this process from /proc, in MiB (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _reset_peak_rss() -> bool:
    """Reset the kernel's peak-RSS mark (Linux ≥ 4.0), so the peak is the draw's own."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as f:
            f.write("5")
        return True
    except OSError:
        return False


def run_one(n: int, n_officers: int) -> dict[str, object]:
    from fazhi.core.draw import draw

    t0 = time.perf_counter()
    population, officers, recusals, history = make_inputs(n, n_officers)
    generated = time.perf_counter() - t0
    gc.collect()
    rss_inputs = _rss_mib("VmRSS")
    exact_peak = _reset_peak_rss()
    t0, c0 = time.perf_counter(), time.process_time()
    result = draw(
        population,
        officers,
        RATIOS,
        seed=SEED,
        draw_date=DRAW_DATE,
        per_visit=2,
        recusals=recusals,
        history=history,
    )
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_peak = _rss_mib("VmHWM") if exact_peak else None
    if rss_peak is None:  # no /proc: the process's high-water mark, inputs' generation included
        rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if rss_inputs is None:
        rss_inputs = 0.0
    loads = [k for _, k in result.officer_loads]
    return {
        "entities": n,
        "officers": n_officers,
        "pool": len(loads),
        "targets": len(result.targets),
        "history_pairs": len(history),
        "seconds": round(elapsed, 2),
        "cpu_seconds": round(cpu, 2),
        "generate_seconds": round(generated, 2),
        "peak_rss_mib": round(rss_peak),
        "inputs_rss_mib": round(rss_inputs),
        "loads": f"{min(loads)}–{max(loads)}",
        "input_hash": result.input_hash[:16],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="stop at 1 million entities")
    ap.add_argument("--one", nargs=2, type=int, metavar=("N", "OFFICERS"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(*args.one), ensure_ascii=False))
        return 0
    sizes = SIZES[:2] if args.quick else SIZES
    print(
        f"{'entities':>11} {'officers':>9} {'targets':>8} {'hist.pairs':>10} "
        f"{'wall s':>7} {'cpu s':>6} {'peak RSS':>9} {'inputs':>8} {'loads':>7}"
    )
    for n, n_officers in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), str(n_officers)],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(out.stdout)
        print(
            f"{r['entities']:>11,} {r['officers']:>9,} {r['targets']:>8,} {r['history_pairs']:>10,} "
            f"{r['seconds']:>7.2f} {r['cpu_seconds']:>6.2f} {r['peak_rss_mib']:>5,} MiB "
            f"{r['inputs_rss_mib']:>4,} MiB "
            f"{r['loads']:>7}",
            flush=True,
        )
    print("wall s / cpu s: time of fazhi.core.draw.draw, the inputs already in memory;")
    print("peak RSS: the process's peak during the draw (inputs included); inputs: RSS before it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
