#!/usr/bin/env python3
"""Reference verifier of a fazhi random draw (双随机、一公开), spec "fazhi-draw-v1".

Plain Python 3.11, standard library only, independent of fazhi's code: it
follows random-draw.md step by step, in the most direct way rather than the
fastest (the greedy step is O(targets × officers)), so it suits a district's
draw; fazhi's own engine does the same steps at province scale.

    python3 verify_draw.py --population POP.csv --officers OFF.csv \
        --ratios A=0.02,B=0.05,C=0.2,D=0.5 --seed SEED --date 2025-03-01 \
        [--per-visit 2] [--recusals REC.csv] [--history HIST.csv] \
        [--organization ORG] --draw DRAW.csv

Prints the seed commitment and the input hash (compare them with the published
ones), then "OK" and exits 0 if DRAW.csv is exactly the draw the seed gives;
otherwise prints the first difference and exits 1.
"""

import argparse
import csv
import hashlib
import sys
from collections import deque
from datetime import date
from decimal import Decimal


def words(seed, label):
    """Step 0: the 64-bit words of the SHA-256 counter stream `label`."""
    head = b"fazhi-draw-v1\0" + len(seed).to_bytes(4, "big") + seed + label.encode() + b"\0"
    b = 0
    while True:
        block = hashlib.sha256(head + b.to_bytes(8, "big")).digest()
        for k in range(4):
            yield int.from_bytes(block[8 * k : 8 * k + 8], "big")
        b += 1


def uniform(stream, m):
    """Step 0: a uniform integer in [0, m), by rejection sampling."""
    while True:
        w = next(stream)
        if w < 2**64 - 2**64 % m:
            return w % m


def read(path, *columns):
    if not path:
        return []
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [tuple(row[c] for c in columns) for row in csv.DictReader(f)]


def ratio_text(r):
    return "0" if r == 0 else format(r.normalize(), "f")


def recompute(a):
    seed, q, day = a.seed.encode(), a.per_visit, date.fromisoformat(a.date)
    org = a.organization or ""
    ratios = {c.strip(): Decimal(r) for c, r in (item.split("=") for item in a.ratios.split(","))}
    classes = sorted(ratios)
    # Step 1: canonical order (str order is Unicode code point order = UTF-8 byte order)
    population = sorted(read(a.population, "uscc", "risk_class"))
    officers = sorted(read(a.officers, "officer_id", "organization", "certificate_valid_until"))
    recusals = sorted(set(read(a.recusals, "officer_id", "uscc")))
    history = sorted(set(read(a.history, "officer_id", "uscc")))

    # Input hash and commitment
    lines = ["fazhi-draw-v1", f"date\t{day}", f"per_visit\t{q}", f"organization\t{org}"]
    lines += [f"ratios\t{len(classes)}"] + [f"{c}\t{ratio_text(ratios[c])}" for c in classes]
    lines += [f"population\t{len(population)}"] + ["\t".join(e) for e in population]
    lines += [f"officers\t{len(officers)}"] + ["\t".join(o) for o in officers]
    lines += [f"recusals\t{len(recusals)}"] + ["\t".join(p) for p in recusals]
    lines += [f"history\t{len(history)}"] + ["\t".join(p) for p in history]
    print("seed commitment:", hashlib.sha256(seed).hexdigest())
    print("input hash:", hashlib.sha256(("\n".join(lines) + "\n").encode()).hexdigest())

    # Step 2: targets, class by class, by a partial Fisher-Yates shuffle
    targets = []
    for c in classes:
        members = [u for u, k in population if k == c]
        n = len(members)
        num, den = ratios[c].as_integer_ratio()
        k = -(-num * n // den)  # ceil(ratio × n), exactly
        perm, stream = list(range(n)), words(seed, "target:" + c)
        for i in range(k):
            j = i + uniform(stream, n - i)
            perm[i], perm[j] = perm[j], perm[i]
        targets += [(members[perm[i]], c) for i in range(k)]

    # Step 3: the pool
    pool = [
        oid
        for oid, o_org, until in officers
        if (not org or o_org == org) and date.fromisoformat(until) >= day
    ]
    n_pool = len(pool)

    # Step 4: eligibility
    banned = set(recusals) | set(history)
    eligible = [{i for i in range(n_pool) if (pool[i], u) not in banned} for u, _ in targets]
    for p, e in enumerate(eligible):
        if len(e) < q:
            return (
                None,
                f"no draw: target {targets[p][0]} has {len(e)} eligible officers, needs {q}",
            )

    # Step 5: greedy, least loaded first, ties by the level's key, then by index
    keys = {}

    def key(level, i):
        if level not in keys:
            stream = words(seed, f"officers:{level}")
            keys[level] = [next(stream) for _ in range(n_pool)]
        return keys[level][i]

    load = [0] * n_pool
    chosen = []
    for p in range(len(targets)):
        pick = sorted(eligible[p], key=lambda i: (load[i], key(load[i], i), i))[:q]
        for i in pick:
            load[i] += 1
        chosen.append(set(pick))

    # Step 6: repair the balance by chains of hand-overs found breadth-first
    while n_pool and max(load) - min(load) >= 2:
        top = max(load)
        queue = deque(i for i in range(n_pool) if load[i] == top)
        seen, parent, end = set(queue), {}, None
        while queue and end is None:
            o = queue.popleft()
            for p in (p for p in range(len(targets)) if o in chosen[p]):
                for i in range(n_pool):
                    if i in seen or i in chosen[p] or i not in eligible[p]:
                        continue
                    seen.add(i)
                    parent[i] = (o, p)
                    if load[i] <= top - 2:
                        end = i
                        break
                    queue.append(i)
                if end is not None:
                    break
        if end is None:
            break  # no chain: no balanced assignment exists
        x = end
        while x in parent:
            o, p = parent[x]
            chosen[p].remove(o)
            chosen[p].add(x)
            x = o
        load[end] += 1
        load[x] -= 1

    # Step 7: the rows
    return [
        (u, c, ";".join(pool[i] for i in sorted(chosen[p]))) for p, (u, c) in enumerate(targets)
    ], None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for name in ("population", "officers", "ratios", "seed", "date", "draw"):
        ap.add_argument("--" + name, required=True)
    ap.add_argument("--per-visit", type=int, default=2)
    for name in ("recusals", "history", "organization"):
        ap.add_argument("--" + name)
    a = ap.parse_args()
    expected, impossible = recompute(a)
    published = read(a.draw, "uscc", "risk_class", "officers")
    if impossible:
        print(f"DIFFERENT: the inputs admit {impossible}")
        return 1
    for row, (got, want) in enumerate(zip(published, expected, strict=False), start=1):
        if got != want:
            print(f"DIFFERENT at row {row}: DRAW.csv has {got}, the seed gives {want}")
            return 1
    if len(published) != len(expected):
        print(f"DIFFERENT: DRAW.csv has {len(published)} rows, the seed gives {len(expected)}")
        return 1
    print(f"OK: {len(expected)} targets, exactly the draw the seed gives")
    return 0


if __name__ == "__main__":
    sys.exit(main())
