"""Random draws (双随机、一公开): the pure engine ``fazhi.core.draw``.

优化营商环境条例 第五十四条 and 浙江省综合行政执法条例 第二十一条 (LEGAL.md §6): targets
are drawn at random, with ratios by credit-risk class, and the officers who go are
drawn at random too, with recusal (回避). The draw must be reproducible by anyone
from the published seed and inputs (docs/domain/random-draw.md).
"""

from __future__ import annotations

import hashlib
import itertools
import random
from collections import Counter
from datetime import date, timedelta

import numpy as np
import pytest

from fazhi.core.draw import (
    DrawDifference,
    DrawImpossible,
    DrawInputError,
    Entity,
    Officer,
    Pairs,
    Population,
    assign,
    commit,
    draw,
    input_hash,
    verify,
)
from fazhi.core.draw.stream import WordStream, partial_fisher_yates, sample_without_replacement

DAY = date(2025, 3, 1)
RATIOS = {"A": "0.02", "B": "0.05", "C": "0.2", "D": "0.5"}
# Upper 0.1 % points of the chi-square distribution (significance level α = 0.001).
CHI2_999 = {9: 27.877, 14: 36.123, 19: 43.820}


def uscc(i: int) -> str:
    return f"91330201MA{i:07d}X"


def population(n: int, classes: str = "ABCD") -> list[Entity]:
    return [Entity(uscc(i), classes[i % len(classes)], f"企业{i}") for i in range(n)]


def officers(n: int, org: str = "市场监管分局", until: date = date(2026, 12, 31)) -> list[Officer]:
    return [Officer(f"ZJ{i:04d}", org, until, f"执法员{i}") for i in range(n)]


def chi_square(counts: Counter, cells: list, total: int) -> float:
    expected = total / len(cells)
    return sum((counts[c] - expected) ** 2 / expected for c in cells)


# ---------------------------------------------------------------- the specification


def test_commit_is_sha256_of_the_seed_bytes():
    """The commitment published before the draw is SHA-256 of the seed's bytes (text: UTF-8)."""
    assert commit("abc") == hashlib.sha256(b"abc").hexdigest()
    assert commit(b"abc") == commit("abc")
    assert commit("随机") == hashlib.sha256("随机".encode()).hexdigest()


def test_word_stream_is_sha256_in_counter_mode_as_documented():
    """Step 0: block b of label L is SHA-256("fazhi-draw-v1"‖0‖u32(len seed)‖seed‖L‖0‖u64(b))."""
    seed = b"0123456789abcdef"
    stream = WordStream(seed, "target:A")
    for b in (0, 1, 7):
        pre = b"fazhi-draw-v1\x00" + (16).to_bytes(4, "big") + seed + b"target:A\x00"
        assert stream.block(b) == hashlib.sha256(pre + b.to_bytes(8, "big")).digest()
    block0 = stream.block(0)
    assert stream.words(0, 4).tolist() == [
        int.from_bytes(block0[k : k + 8], "big") for k in (0, 8, 16, 24)
    ]
    assert stream.words(3, 6).tolist() == stream.words(0, 12).tolist()[3:9]


def test_fisher_yates_rejection_skips_a_word():
    """uniform(m) discards a word ≥ 2^64 − (2^64 mod m); the next step then uses the next word."""

    class Fake:
        def __init__(self, values):
            self.values = values

        def words(self, start, count):
            return np.array(self.values[start : start + count], dtype=np.uint64)

    top = 2**64 - 1  # 2^64 mod 3 = 1, so for m = 3 the word 2^64 − 1 is rejected
    js = sample_without_replacement(Fake([5, top, 7, 9]), 4, 3)  # m = 4, 3, 2
    assert js.tolist() == [0 + 5 % 4, 1 + 7 % 3, 2 + 9 % 2]
    assert partial_fisher_yates(js) == [1, 2, 3]  # swaps (0,1), (1,2), (2,3) of [0,1,2,3]


GOLDEN_POPULATION = [
    Entity("91330201MA2AAAAA1X", "A"),
    Entity("91330201MA2AAAAA2X", "A"),
    Entity("91330201MA2AAAAA3X", "A"),
    Entity("91330201MA2AAAAA4X", "A"),
    Entity("91330201MA2BBBBB1X", "B"),
    Entity("91330201MA2BBBBB2X", "B"),
    Entity("91330201MA2BBBBB3X", "B"),
    Entity("91330201MA2CCCCC1X", "C"),
    Entity("91330201MA2CCCCC2X", "C"),
    Entity("91330201MA2DDDDD1X", "D"),
]
GOLDEN_OFFICERS = [
    Officer("E01", "高新区市场监管分局", date(2026, 6, 30)),
    Officer("E02", "高新区市场监管分局", date(2025, 3, 1)),
    Officer("E03", "高新区市场监管分局", date(2025, 2, 28)),  # expired the day before
    Officer("E04", "高新区市场监管分局", date(2027, 1, 1)),
    Officer("E05", "高新区综合行政执法队", date(2027, 1, 1)),  # another organization
    Officer("E06", "高新区市场监管分局", date(2026, 1, 1)),
]
GOLDEN_ARGS = {
    "seed": "a-published-seed",
    "draw_date": DAY,
    "recusals": [("E01", "91330201MA2DDDDD1X")],
    "history": [("E04", "91330201MA2BBBBB2X"), ("E02", "91330201MA2DDDDD1X")],
    "organization": "高新区市场监管分局",
}
GOLDEN_RATIOS = {"A": "0.5", "B": "0.34", "C": "0.5", "D": "1"}
GOLDEN_ROWS = [
    ("91330201MA2AAAAA4X", "A", "E01;E02"),
    ("91330201MA2AAAAA1X", "A", "E02;E04"),
    ("91330201MA2BBBBB1X", "B", "E01;E06"),
    ("91330201MA2BBBBB3X", "B", "E02;E04"),
    ("91330201MA2CCCCC2X", "C", "E01;E06"),
    ("91330201MA2DDDDD1X", "D", "E04;E06"),  # E01 recused, E02 went there last time
]
GOLDEN_LOADS = (("E01", 3), ("E02", 3), ("E04", 3), ("E06", 3))
GOLDEN_INPUT_HASH = "d9196761e30bca5f5d6c6c39ac51c8bb1027615ed4fc866a4efd2bfeca68db0e"


def test_golden_draw_of_the_worked_example():
    """The worked example of docs/domain/random-draw.md, pinned: a change of any step
    of the procedure changes published draws, so it must show up here."""
    result = draw(GOLDEN_POPULATION, GOLDEN_OFFICERS, GOLDEN_RATIOS, **GOLDEN_ARGS)
    assert [(c.risk_class, c.population, c.drawn) for c in result.classes] == [
        ("A", 4, 2),
        ("B", 3, 2),  # ceil(0.34 × 3) = ceil(1.02) = 2
        ("C", 2, 1),
        ("D", 1, 1),
    ]
    assert list(result.rows()) == GOLDEN_ROWS
    assert result.officer_loads == GOLDEN_LOADS
    assert result.input_hash == GOLDEN_INPUT_HASH
    assert result.seed_commitment == hashlib.sha256(b"a-published-seed").hexdigest()


# ---------------------------------------------------------------- determinism


def test_same_inputs_same_draw_whatever_the_input_order():
    """Inputs are put in canonical order first: a shuffled file gives the identical draw."""
    pop, staff = population(400), officers(30)
    rec = [(f"ZJ{i:04d}", uscc(3 * i)) for i in range(30)]
    first = draw(pop, staff, RATIOS, seed="s1", draw_date=DAY, recusals=rec)
    rng = random.Random(1)
    for _ in range(3):
        pop2, staff2, rec2 = pop[:], staff[:], rec + rec[:5]  # duplicates do not matter
        rng.shuffle(pop2)
        rng.shuffle(staff2)
        rng.shuffle(rec2)
        again = draw(pop2, staff2, RATIOS, seed="s1", draw_date=DAY, recusals=rec2)
        assert again == first
        assert list(again.rows()) == list(first.rows())


def test_one_changed_seed_byte_changes_the_draw():
    pop, staff = population(400), officers(30)
    seed = bytearray(b"\x00" * 32)
    base = list(draw(pop, staff, RATIOS, seed=bytes(seed), draw_date=DAY).rows())
    for position in (0, 15, 31):
        changed = bytearray(seed)
        changed[position] ^= 1
        other = list(draw(pop, staff, RATIOS, seed=bytes(changed), draw_date=DAY).rows())
        assert [r[0] for r in other] != [r[0] for r in base]  # other targets
        assert [r[2] for r in other] != [r[2] for r in base]  # other officers


def test_text_seed_is_its_utf8_bytes():
    pop, staff = population(50), officers(6)
    a = draw(pop, staff, RATIOS, seed="种子", draw_date=DAY)
    b = draw(pop, staff, RATIOS, seed="种子".encode(), draw_date=DAY)
    assert a == b


def test_columnar_inputs_give_the_same_draw():
    """``Population`` and ``Pairs`` (numpy columns, for province scale) are the same inputs."""
    pop, staff = population(300), officers(12)
    hist = [(f"ZJ{i % 12:04d}", uscc(i)) for i in range(0, 300, 2)]
    rows = draw(pop, staff, RATIOS, seed="x", draw_date=DAY, history=hist)
    cols = draw(
        Population(np.array([e.uscc for e in pop]), np.array([e.risk_class for e in pop])),
        staff,
        RATIOS,
        seed="x",
        draw_date=DAY,
        history=Pairs(np.array([h[0] for h in hist]), np.array([h[1] for h in hist])),
    )
    assert cols == rows


# ---------------------------------------------------------------- targets per class


def test_class_counts_are_the_ceiling_of_ratio_times_size():
    """ceil(ratio × class size) per class, computed exactly, and no entity twice."""
    pop = population(1000, "ABCD")  # 250 per class
    result = draw(pop, officers(40), RATIOS, seed="k", draw_date=DAY)
    want = {"A": 5, "B": 13, "C": 50, "D": 125}  # 0.05 × 250 = 12.5 → 13
    assert {c.risk_class: c.drawn for c in result.classes} == want
    assert {c.risk_class: c.population for c in result.classes} == dict.fromkeys("ABCD", 250)
    drawn = [t.uscc for t in result.targets]
    assert len(drawn) == len(set(drawn)) == sum(want.values())
    klass = {e.uscc: e.risk_class for e in pop}
    assert all(klass[t.uscc] == t.risk_class for t in result.targets)
    # drawn order: class A's targets first, then B, C, D
    assert [t.risk_class for t in result.targets] == sorted(t.risk_class for t in result.targets)


@pytest.mark.parametrize(
    ("ratio", "n", "k"),
    [
        ("0.07", 100, 7),  # 0.07 × 100 in binary floating point is 7.000000000000001
        (0.07, 100, 7),  # a float is read through its shortest repr
        ("0.070", 100, 7),
        ("0", 37, 0),
        ("1", 37, 37),
        ("1.0", 3, 3),
        ("0.001", 1, 1),
        ("0.5", 0, 0),
        ("0.29", 100, 29),  # 0.29 × 100 = 28.999999999999996 in floats
    ],
)
def test_class_count_is_exact_decimal_arithmetic(ratio, n, k):
    result = draw(population(n, "A"), officers(4), {"A": ratio}, seed="e", draw_date=DAY)
    assert len(result.targets) == k


def test_a_class_without_entities_and_all_of_a_class():
    result = draw(
        population(40, "AB"),
        officers(10),
        {"A": "1", "B": "0", "Z": "0.5"},
        seed="z",
        draw_date=DAY,
    )
    counts = {c.risk_class: (c.population, c.drawn) for c in result.classes}
    assert counts == {"A": (20, 20), "B": (20, 0), "Z": (0, 0)}


def test_targets_are_uniform_within_a_class():
    """Chi-square over 2,000 fixed seeds: each ordered pair of 2 drawn out of 5 is equally likely.

    20 cells, 19 degrees of freedom, significance level 0.001; the seeds are fixed,
    so the test is deterministic.
    """
    pop = population(5, "A")
    counts: Counter = Counter()
    seeds = 2000
    for i in range(seeds):
        result = draw(pop, officers(2), {"A": "0.4"}, seed=f"uniform-{i}", draw_date=DAY)
        counts[tuple(t.uscc for t in result.targets)] += 1
    cells = list(itertools.permutations([e.uscc for e in pop], 2))
    assert set(counts) == set(cells)
    assert chi_square(counts, cells, seeds) < CHI2_999[19]


def test_entities_are_equally_likely_across_seeds():
    """Chi-square over 2,000 fixed seeds: each of 10 entities is drawn 3/10 of the time."""
    pop = population(10, "C")
    counts: Counter = Counter()
    seeds = 2000
    for i in range(seeds):
        result = draw(pop, officers(2), {"C": "0.3"}, seed=f"entity-{i}", draw_date=DAY)
        counts.update(t.uscc for t in result.targets)
    cells = [e.uscc for e in pop]
    assert chi_square(counts, cells, 3 * seeds) < CHI2_999[9]


def test_officer_pairs_are_uniform():
    """Chi-square over 1,500 fixed seeds: the 15 pairs of 6 officers are equally likely."""
    staff = officers(6)
    counts: Counter = Counter()
    seeds = 1500
    for i in range(seeds):
        result = draw(population(1, "A"), staff, {"A": "1"}, seed=f"pair-{i}", draw_date=DAY)
        counts[result.targets[0].officers] += 1
    cells = list(itertools.combinations([o.officer_id for o in staff], 2))
    assert chi_square(counts, cells, seeds) < CHI2_999[14]


# ---------------------------------------------------------------- officers


@pytest.mark.parametrize("per_visit", [1, 2, 3])
def test_every_target_gets_per_visit_distinct_officers(per_visit):
    result = draw(
        population(200), officers(9), RATIOS, seed="pv", draw_date=DAY, per_visit=per_visit
    )
    for t in result.targets:
        assert len(t.officers) == len(set(t.officers)) == per_visit
        assert list(t.officers) == sorted(t.officers)
    assert sum(n for _, n in result.officer_loads) == per_visit * len(result.targets)


def test_only_officers_with_a_valid_certificate_of_the_drawing_organization():
    """A certificate valid until the draw date counts; one that expired the day before does not;
    with ``organization`` only that organization's officers are drawn."""
    staff = [
        Officer("ON-DAY", "分局", DAY),
        Officer("EXPIRED", "分局", DAY - timedelta(days=1)),
        Officer("LATER", "分局", DAY + timedelta(days=400)),
        Officer("OTHER-ORG", "执法队", DAY + timedelta(days=400)),
        Officer("ALSO", "分局", DAY + timedelta(days=1)),
    ]
    pop = population(60, "D")
    mine = draw(pop, staff, {"D": "1"}, seed="o", draw_date=DAY, organization="分局")
    assert [o for o, _ in mine.officer_loads] == ["ALSO", "LATER", "ON-DAY"]
    used = {o for t in mine.targets for o in t.officers}
    assert used == {"ALSO", "LATER", "ON-DAY"}
    everyone = draw(pop, staff, {"D": "1"}, seed="o", draw_date=DAY)
    assert {o for o, _ in everyone.officer_loads} == {"ALSO", "LATER", "ON-DAY", "OTHER-ORG"}


def test_no_officer_in_a_recusal_pair_or_paired_with_the_target_last_time():
    """回避 and "not the same enterprise twice in a row" (SPEC §2.2)."""
    rng = random.Random(7)
    pop, staff = population(300), officers(8)
    ids = [o.officer_id for o in staff]
    rec = {(rng.choice(ids), uscc(rng.randrange(300))) for _ in range(400)}
    hist = {(rng.choice(ids), uscc(rng.randrange(300))) for _ in range(400)}
    result = draw(
        pop,
        staff,
        {"A": "0.5", "B": "0.5", "C": "1", "D": "1"},
        seed="r",
        draw_date=DAY,
        recusals=sorted(rec),
        history=sorted(hist),
    )
    banned = rec | hist
    pairs = {(o, t.uscc) for t in result.targets for o in t.officers}
    assert len(result.targets) > 100
    assert not pairs & banned
    # the constraints did bite: some targets lost officers to them
    drawn = {t.uscc for t in result.targets}
    assert sum(1 for _, u in banned if u in drawn) > 50


def test_loads_are_balanced_without_constraints():
    """Busiest and idlest officer differ by at most one visit."""
    for i in range(30):
        rng = random.Random(i)
        n_staff = rng.randint(2, 30)
        result = draw(
            population(rng.randint(1, 500)),
            officers(n_staff),
            RATIOS,
            seed=f"b{i}",
            draw_date=DAY,
            per_visit=rng.randint(1, 2),
        )
        assert result.load_spread <= 1


def balanced_assignment_exists(n_targets: int, n_officers: int, q: int, excluded: dict) -> bool:
    """Whether some assignment has all loads in {⌊V/P⌋, ⌈V/P⌉} (V = q·targets): a circulation
    with lower bounds, solved by max flow. Independent of the engine."""
    total = q * n_targets
    lo, hi = total // n_officers, -(-total // n_officers)
    s, k, ss, tt = "s", "k", "ss", "tt"
    cap: dict = {}
    excess: Counter = Counter()

    def edge(u, v, lower, upper):
        cap.setdefault(u, {}).setdefault(v, 0)
        cap.setdefault(v, {}).setdefault(u, 0)
        cap[u][v] += upper - lower
        excess[v] += lower
        excess[u] -= lower

    for i in range(n_officers):
        edge(s, ("o", i), lo, hi)
        for p in range(n_targets):
            if i not in excluded.get(p, ()):
                edge(("o", i), ("t", p), 0, 1)
    for p in range(n_targets):
        edge(("t", p), k, q, q)
    edge(k, s, 0, 10**9)
    need = 0
    for v, e in list(excess.items()):
        if e > 0:
            edge(ss, v, 0, e)
            need += e
        elif e < 0:
            edge(v, tt, 0, -e)
    flow = 0
    while True:  # Edmonds–Karp
        parent = {ss: None}
        queue = [ss]
        for u in queue:
            for v, c in cap.get(u, {}).items():
                if c > 0 and v not in parent:
                    parent[v] = u
                    queue.append(v)
        if tt not in parent:
            return flow == need
        v, push = tt, 10**9
        while parent[v] is not None:
            push = min(push, cap[parent[v]][v])
            v = parent[v]
        v = tt
        while parent[v] is not None:
            cap[parent[v]][v] -= push
            cap[v][parent[v]] += push
            v = parent[v]
        flow += push


def test_loads_are_balanced_whenever_the_constraints_allow_it():
    """On 400 small random instances with tight exclusions: the spread is ≤ 1 exactly when
    a balanced assignment exists (checked by an independent max-flow), and the chain repair
    (step 6) is what makes it so in some of them."""
    repaired = unbalanceable = 0
    for i in range(400):
        rng = random.Random(i)
        n_targets, n_staff, q = rng.randint(1, 12), rng.randint(2, 6), rng.randint(1, 2)
        excluded = {
            p: set(rng.sample(range(n_staff), rng.randint(0, n_staff - q)))
            for p in range(n_targets)
            if rng.random() < 0.5
        }
        if rng.random() < 0.1 and n_staff > q:  # an officer recused from every target
            for p in range(n_targets):
                ex = excluded.setdefault(p, set())
                if len(ex - {n_staff - 1}) <= n_staff - q - 1:
                    ex.add(n_staff - 1)
        orders = [np.array(rng.sample(range(n_staff), n_staff)) for _ in range(40)]
        flat, load = assign.greedy(n_targets, n_staff, q, excluded, orders.__getitem__)
        greedy_spread = max(load) - min(load)
        assign.repair(flat, load, q, excluded)
        for p in range(n_targets):
            got = flat[p * q : (p + 1) * q]
            assert len(set(got)) == q and not set(got) & excluded.get(p, set())
        assert Counter(flat) == Counter({i: n for i, n in enumerate(load) if n})
        possible = balanced_assignment_exists(n_targets, n_staff, q, excluded)
        assert (max(load) - min(load) <= 1) == possible, i
        repaired += greedy_spread > 1 and possible
        unbalanceable += not possible
    assert repaired > 5 and unbalanceable > 5


def test_repair_hands_a_target_to_the_idle_officer():
    """Greedy alone: officer 2 is recused from the last target, so officer 0 takes it a second
    time while officer 2 has none. The repair hands target 0 from officer 0 to officer 2."""
    identity = lambda lv: np.arange(3)  # noqa: E731
    flat, load = assign.greedy(3, 3, 1, {2: {2}}, identity)
    assert (flat, load) == ([0, 1, 0], [2, 1, 0])
    assert assign.repair(flat, load, 1, {2: {2}}) == 1
    assert (flat, load) == ([2, 1, 0], [1, 1, 1])


# ---------------------------------------------------------------- impossible inputs


def test_too_small_a_pool_names_the_first_target_and_the_rule():
    staff = officers(3)[:1] + [Officer("OLD", "市场监管分局", DAY - timedelta(days=1))]
    with pytest.raises(DrawImpossible) as info:
        draw(population(20), staff, RATIOS, seed="i", draw_date=DAY)
    exc = info.value
    assert isinstance(exc, ValueError)
    assert exc.position == 1
    first = draw(population(20), officers(2), RATIOS, seed="i", draw_date=DAY).targets[0]
    assert exc.uscc == first.uscc
    assert first.uscc in str(exc) and "certificate valid on the draw date" in str(exc)
    assert "needs 2 distinct officers" in str(exc) and "has only 1 eligible" in str(exc)


def test_recusals_that_leave_too_few_officers_name_the_target():
    pop, staff = population(8, "A"), officers(3)
    victim = uscc(5)
    rec = [("ZJ0000", victim), ("ZJ0001", victim)]
    with pytest.raises(DrawImpossible) as info:
        draw(pop, staff, {"A": "1"}, seed="i", draw_date=DAY, recusals=rec)
    assert info.value.uscc == victim
    assert victim in str(info.value)
    assert "recusal" in info.value.rule and "2 of them in a recusal pair" in str(info.value)


def test_history_and_recusal_together_name_both_rules():
    pop, staff = population(4, "A"), officers(3)
    victim = uscc(2)
    with pytest.raises(DrawImpossible) as info:
        draw(
            pop,
            staff,
            {"A": "1"},
            seed="i",
            draw_date=DAY,
            recusals=[("ZJ0000", victim)],
            history=[("ZJ0001", victim)],
        )
    assert "recusal" in info.value.rule and "previous draw" in info.value.rule


def test_no_targets_needs_no_officers():
    result = draw(population(10), [], {c: "0" for c in "ABCD"}, seed="0", draw_date=DAY)
    assert len(result.targets) == 0 and result.officer_loads == ()


# ---------------------------------------------------------------- malformed inputs


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"population": population(3) + [Entity(uscc(1), "B")]}, "appears twice"),
        ({"population": [Entity(uscc(1), "E")]}, "risk class 'E'"),
        ({"officers": officers(2) + officers(1)}, "appears twice"),
        ({"ratios": {**RATIOS, "A": "1.5"}}, "between 0 and 1"),
        ({"ratios": {**RATIOS, "A": "two"}}, "not a decimal"),
        ({"per_visit": 0}, "per_visit"),
        ({"population": [Entity("9133\n", "A")]}, "control character"),
        ({"draw_date": "2025-02-30"}, "draw_date"),
    ],
)
def test_malformed_inputs_raise_draw_input_error(kwargs, message):
    args = {
        "population": population(10),
        "officers": officers(4),
        "ratios": RATIOS,
        "seed": "m",
        "draw_date": DAY,
    } | kwargs
    with pytest.raises(DrawInputError, match=message):
        draw(args.pop("population"), args.pop("officers"), args.pop("ratios"), **args)


def test_officer_ids_may_not_contain_the_separator():
    with pytest.raises(DrawInputError, match="';'"):
        Officer("A;B", "x", DAY)


# ---------------------------------------------------------------- input hash and verify


def test_input_hash_covers_what_decides_the_draw_and_nothing_else():
    pop, staff = population(30), officers(5)
    args = {"draw_date": DAY, "recusals": [("ZJ0001", uscc(1))], "history": [("ZJ0002", uscc(2))]}
    base = input_hash(pop, staff, RATIOS, **args)
    assert base == draw(pop, staff, RATIOS, seed="h", **args).input_hash
    renamed = [Entity(e.uscc, e.risk_class, "改名") for e in pop]
    assert input_hash(renamed, staff, RATIOS, **args) == base  # names decide nothing
    assert input_hash(pop, staff, RATIOS | {"A": "0.020"}, **args) == base  # same ratio
    changed = [
        input_hash(pop[:-1], staff, RATIOS, **args),
        input_hash(pop[:-1] + [Entity(pop[-1].uscc, "A")], staff, RATIOS, **args),
        input_hash(pop, staff[:-1], RATIOS, **args),
        input_hash(pop, staff[:-1] + [Officer("ZJ0004", "x", DAY)], RATIOS, **args),
        input_hash(pop, staff, RATIOS | {"A": "0.03"}, **args),
        input_hash(pop, staff, RATIOS | {"E": "0"}, **args),
        input_hash(pop, staff, RATIOS, **args | {"draw_date": DAY + timedelta(days=1)}),
        input_hash(pop, staff, RATIOS, **args | {"recusals": []}),
        input_hash(pop, staff, RATIOS, **args | {"history": []}),
        input_hash(pop, staff, RATIOS, **args, per_visit=3),
        input_hash(pop, staff, RATIOS, **args, organization="市场监管分局"),
    ]
    assert len(set(changed) | {base}) == len(changed) + 1


def test_verify_accepts_the_draw_and_catches_a_swapped_officer_or_enterprise():
    pop, staff = population(200), officers(10)
    args = {"seed": "v", "draw_date": DAY, "history": [("ZJ0003", uscc(7))]}
    result = draw(pop, staff, RATIOS, **args)
    rows = list(result.rows())
    assert verify(rows, pop, staff, RATIOS, **args) is None
    assert verify(list(result.targets), pop, staff, RATIOS, **args) is None
    assert verify(rows, pop, staff, RATIOS, **args | {"seed": "w"}) is not None

    # one officer replaced by another of the pool
    u, c, o = rows[4]
    first, second = o.split(";")
    other = next(s.officer_id for s in staff if s.officer_id not in (first, second))
    forged = rows[:4] + [(u, c, ";".join(sorted([first, other])))] + rows[5:]
    diff = verify(forged, pop, staff, RATIOS, **args)
    assert isinstance(diff, DrawDifference)
    assert (diff.row, diff.field) == (5, "officers")
    assert other in diff.found and o in diff.expected

    # two enterprises swapped
    forged = rows[:]
    forged[2], forged[9] = rows[9], rows[2]
    diff = verify(forged, pop, staff, RATIOS, **args)
    assert (diff.row, diff.field) == (3, "uscc")

    # an enterprise not drawn in place of a drawn one
    drawn = {r[0] for r in rows}
    outsider = next(e.uscc for e in pop if e.uscc not in drawn and e.risk_class == rows[0][1])
    diff = verify([(outsider, *rows[0][1:])] + rows[1:], pop, staff, RATIOS, **args)
    assert (diff.row, diff.field) == (1, "uscc") and outsider in diff.message

    # a row missing or added
    diff = verify(rows[:-1], pop, staff, RATIOS, **args)
    assert (diff.row, diff.found, diff.expected) == (None, str(len(rows) - 1), str(len(rows)))
    diff = verify(rows + [rows[0]], pop, staff, RATIOS, **args)
    assert diff.found == str(len(rows) + 1)


def test_verify_of_inputs_that_admit_no_draw():
    diff = verify([], population(10), officers(1), RATIOS, seed="n", draw_date=DAY)
    assert diff is not None and "no draw" in diff.message


def test_pair_matching_is_exact_even_when_fingerprints_collide(monkeypatch):
    """Exclusions are found by a hash join; with every fingerprint equal it falls back to a
    binary search and finds the same pairs."""
    from fazhi.core.draw import engine

    pop, staff = population(120), officers(5)
    hist = [(f"ZJ{i % 5:04d}", uscc(i)) for i in range(0, 120, 3)] + [("NOBODY", uscc(1))]
    args = {"seed": "fp", "draw_date": DAY, "history": hist}
    honest = draw(pop, staff, RATIOS, **args)
    monkeypatch.setattr(engine, "_fingerprints", lambda arr: np.zeros(len(arr), dtype=np.uint64))
    assert draw(pop, staff, RATIOS, **args) == honest
    hits = engine._find(np.array([b"b", b"a", b"c"]), np.array([b"c", b"x", b"a", b""]))
    assert hits.tolist() == [2, -1, 1, -1]
