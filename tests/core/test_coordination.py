"""Coordination engine (综合查一次): lower bound, planner, witness, explain, replan.

Every plan is checked by ``verify`` below, an independent verifier written
only against the public values (Task, Capacity, Visit, LateTask) and the
calendar — it shares no code with the engine.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fazhi.core.calendar import default_calendar
from fazhi.core.coordination import (
    Capacity,
    CoordinationInputError,
    Task,
    explain,
    lower_bound,
    plan_visits,
    replan,
)
from fazhi.core.coordination.generate import generate, overload

CAL = default_calendar()
DAYS = CAL.working_days(date(2025, 3, 3), date(2025, 4, 30))  # working days used by small cases


# ---------------------------------------------------------------------------
# the independent verifier
# ---------------------------------------------------------------------------


def verify(plan, tasks: list[Task], capacity: Capacity, calendar=CAL) -> None:
    """Check every output rule of a plan against the input, from scratch."""
    by_id = {t.task_id: t for t in tasks}
    late = {x.task_id: x for x in plan.late}
    over = set(plan.over_capacity)
    seen: Counter[str] = Counter()
    load: dict[tuple[str, date], int] = defaultdict(int)
    keys = set()
    for v in plan.visits:
        assert calendar.is_working_day(v.date), f"{v.visit_id} on {v.date}, not a working day"
        assert (v.uscc, v.date) not in keys, f"two visits of {v.uscc} on {v.date}"
        keys.add((v.uscc, v.date))
        assert v.task_ids, f"{v.visit_id} carries no task"
        deps = set()
        for tid in v.task_ids:
            t = by_id[tid]
            seen[tid] += 1
            deps.add(t.department)
            assert t.uscc == v.uscc, f"{tid} of {t.uscc} in a visit of {v.uscc}"
            load[(t.department, v.date)] += t.officers
            if tid in late:
                assert v.date > t.latest, f"{tid} listed late but on time"
                assert late[tid].date == v.date
                assert late[tid].days_late == calendar.working_days_between(t.latest, v.date)
            else:
                assert t.earliest <= v.date <= t.latest, f"{tid} on {v.date} outside {t.earliest}–{t.latest}"
        assert tuple(sorted(deps)) == tuple(sorted(v.departments))
    assert set(seen) == set(by_id), "some task is in no visit"
    assert all(c == 1 for c in seen.values()), "some task is in two visits"
    for (dep, day), used in load.items():
        if used > capacity.officers(dep, day):
            carried = [tid for v in plan.visits if v.date == day for tid in v.task_ids if by_id[tid].department == dep]
            assert any(tid in over for tid in carried), f"{dep} on {day}: {used} officers > {capacity.officers(dep, day)}"
    assert plan.visit_count == len(plan.visits)
    assert plan.disturbances_avoided == len(tasks) - len(plan.visits)
    assert plan.lower_bound.value <= len(plan.visits)
    joint = sum(1 for v in plan.visits if len(v.departments) >= 2)
    assert plan.joint_visits == joint


def check_certificate(bound, tasks: list[Task], calendar=CAL) -> None:
    """The certificate proves the bound: one task per counted visit, windows of one
    enterprise pairwise disjoint in working days."""
    by_id = {t.task_id: t for t in tasks}
    assert len(bound.certificate) == bound.value
    per_ent: dict[str, list[set[date]]] = defaultdict(list)
    for tid, uscc, first, last in bound.certificate:
        t = by_id[tid]
        assert t.uscc == uscc
        wd = set(calendar.working_days(t.earliest, t.latest))
        assert min(wd) == first and max(wd) == last
        per_ent[uscc].append(wd)
    for windows in per_ent.values():
        for x, y in itertools.combinations(windows, 2):
            assert not (x & y), "certificate windows overlap"
    assert bound.check()


# ---------------------------------------------------------------------------
# lower bound
# ---------------------------------------------------------------------------

window = st.tuples(st.integers(0, 11), st.integers(0, 6))  # (start, length) in working days


@st.composite
def small_instances(draw, max_tasks=9, weights=False):
    n = draw(st.integers(1, max_tasks))
    tasks = []
    for i in range(n):
        s, ln = draw(window)
        e = min(s + ln, len(DAYS) - 1)
        tasks.append(
            Task(
                task_id=f"t{i}",
                uscc=draw(st.sampled_from(["E1", "E2", "E3"])),
                department=draw(st.sampled_from(["A", "B"])),
                earliest=DAYS[s],
                latest=DAYS[e],
                officers=draw(st.integers(1, 3)) if weights else 1,
            )
        )
    return tasks


def brute_force_piercing(tasks: list[Task]) -> int:
    """Fewest days piercing every window, per enterprise, by trying every set of days."""
    total = 0
    for uscc in {t.uscc for t in tasks}:
        wins = [set(CAL.working_days(t.earliest, t.latest)) for t in tasks if t.uscc == uscc]
        days = sorted(set().union(*wins))
        for k in range(1, len(wins) + 1):
            if any(all(w & set(c) for w in wins) for c in itertools.combinations(days, k)):
                total += k
                break
    return total


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_lower_bound_equals_brute_force_and_certificate_holds(tasks):
    """The bound is the exact minimum without capacities; its certificate checks out."""
    bound = lower_bound(tasks)
    assert bound.value == brute_force_piercing(tasks)
    check_certificate(bound, tasks)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(max_tasks=12, weights=True))
def test_without_capacity_limits_the_plan_reaches_the_bound(tasks):
    """With room to spare every visit is one of the bound's clusters: visits == LB, none late."""
    cap = Capacity({"A": 100, "B": 100})
    plan = plan_visits(tasks, cap)
    verify(plan, tasks, cap)
    assert len(plan.visits) == plan.lower_bound.value
    assert not plan.late


def feasible_on_time(tasks: list[Task], cap: Capacity) -> bool:
    """Exhaustive search: can every task be done in its window within capacity?"""
    options = [CAL.working_days(t.earliest, t.latest) for t in tasks]
    order = sorted(range(len(tasks)), key=lambda i: len(options[i]))
    used: dict[tuple[str, date], int] = defaultdict(int)

    def go(k: int) -> bool:
        if k == len(order):
            return True
        t = tasks[order[k]]
        for d in options[order[k]]:
            if used[(t.department, d)] + t.officers <= cap.officers(t.department, d):
                used[(t.department, d)] += t.officers
                if go(k + 1):
                    return True
                used[(t.department, d)] -= t.officers
        return False

    return go(0)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(max_tasks=10), st.integers(1, 2), st.integers(1, 2))
def test_no_task_is_late_when_an_on_time_schedule_exists(tasks, cap_a, cap_b):
    """Unit tasks, tight capacity: lateness appears only when no schedule avoids it,
    and then a witness proves it."""
    cap = Capacity({"A": cap_a, "B": cap_b})
    plan = plan_visits(tasks, cap)
    verify(plan, tasks, cap)
    if feasible_on_time(tasks, cap):
        assert not plan.late
    else:
        assert plan.late
        assert plan.witness is not None
        check_witness(plan.witness, tasks, cap)


def brute_force_fewest_visits(tasks: list[Task], cap: Capacity) -> int | None:
    """Exhaustive search: the fewest visits of any on-time schedule within capacity (None: there is none)."""
    options = [CAL.working_days(t.earliest, t.latest) for t in tasks]
    used: dict[tuple[str, date], int] = defaultdict(int)
    visits: Counter[tuple[str, date]] = Counter()
    best: list[int | None] = [None]

    def go(i: int) -> None:
        if best[0] is not None and len(visits) >= best[0]:
            return
        if i == len(tasks):
            best[0] = len(visits)
            return
        t = tasks[i]
        for d in options[i]:
            if used[(t.department, d)] + t.officers <= cap.officers(t.department, d):
                used[(t.department, d)] += t.officers
                visits[(t.uscc, d)] += 1
                go(i + 1)
                visits[(t.uscc, d)] -= 1
                if not visits[(t.uscc, d)]:
                    del visits[(t.uscc, d)]
                used[(t.department, d)] -= t.officers

    go(0)
    return best[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances(max_tasks=7, weights=True), st.integers(2, 4), st.integers(2, 4))
def test_capacity_bound_lies_between_the_plain_bound_and_the_true_minimum(tasks, cap_a, cap_b):
    """The capacity-aware bound never exceeds the fewest visits any on-time schedule needs
    (exhaustive search), and never falls below the plain bound."""
    cap = Capacity({"A": cap_a, "B": cap_b})
    fewest = brute_force_fewest_visits(tasks, cap)
    plan = plan_visits(tasks, cap)
    assert plan.capacity_lower_bound >= plan.lower_bound.value
    if fewest is not None:
        assert plan.capacity_lower_bound <= fewest <= plan.visit_count


def test_capacity_bound_counts_a_department_too_small_for_one_day():
    """Three 4-officer tasks of one department, one team of four a day: the plain bound says one
    visit, the capacity bound three, and the plan reaches it."""
    tasks = [Task(f"t{i}", "E1", "A", DAYS[0], DAYS[4], 4) for i in range(3)]
    tasks.append(Task("t3", "E1", "B", DAYS[0], DAYS[4], 2))
    cap = Capacity({"A": 4, "B": 4})
    plan = plan_visits(tasks, cap)
    verify(plan, tasks, cap)
    assert plan.lower_bound.value == 1
    assert plan.capacity_lower_bound == 3 == plan.visit_count
    assert plan.summary()["capacity_lower_bound"] == 3
    # with a larger team one day does it, and the bound says so
    roomy = Capacity({"A": 12, "B": 4})
    assert plan_visits(tasks, roomy).capacity_lower_bound == 1
    # a cancelled task no longer counts
    assert replan(plan, cancel=["t0"]).capacity_lower_bound == 2


def test_capacity_bound_splits_an_enterprise_year_into_ranges():
    """Requirements add up over disjoint ranges: two busy weeks need two days each."""
    first = [Task(f"a{i}", "E1", "A", DAYS[0], DAYS[4], 3) for i in range(2)]
    second = [Task(f"b{i}", "E1", "A", DAYS[10], DAYS[14], 3) for i in range(2)]
    cap = Capacity({"A": 4})
    plan = plan_visits(first + second, cap)
    assert (plan.lower_bound.value, plan.capacity_lower_bound, plan.visit_count) == (2, 4, 4)


def check_witness(w, tasks: list[Task], cap: Capacity) -> None:
    """Recompute the witness: tasks of the department whose windows lie in the range
    need more officers than the department has on the range's working days."""
    days = CAL.working_days(w.start, w.end)
    inside = [
        t
        for t in tasks
        if t.department == w.department
        and min(CAL.working_days(t.earliest, t.latest)) >= w.start
        and max(CAL.working_days(t.earliest, t.latest)) <= w.end
    ]
    smallest = min(t.officers for t in tasks if t.department == w.department)
    capacity = sum(c for c in (cap.officers(w.department, d) for d in days) if c >= smallest)
    assert sum(t.officers for t in inside) == w.demand
    assert capacity == w.capacity
    assert w.demand > w.capacity
    assert w.tasks == len(inside)


# ---------------------------------------------------------------------------
# calendar: working days only, make-up days count
# ---------------------------------------------------------------------------


def test_visits_fall_on_working_days_and_make_up_days_count():
    """2025-01-26 (Sunday) is a make-up working day; 28 Jan–4 Feb is the Spring Festival."""
    tasks = [
        Task("a", "E1", "A", date(2025, 1, 25), date(2025, 1, 26), 2),  # Sat + make-up Sun
        Task("b", "E1", "B", date(2025, 1, 26), date(2025, 2, 4), 2),  # make-up day, then holiday
        Task("c", "E2", "A", date(2025, 1, 28), date(2025, 2, 5), 2),  # holiday, then Wed 5 Feb
    ]
    cap = Capacity({"A": 4, "B": 4})
    plan = plan_visits(tasks, cap)
    verify(plan, tasks, cap)
    assert plan.task_date("a") == date(2025, 1, 26)
    assert plan.task_date("b") == date(2025, 1, 26)  # joins a's visit
    assert plan.task_date("c") == date(2025, 2, 5)
    assert len(plan.visits) == 2 and plan.joint_visits == 1


def test_dated_capacity_overrides_the_default():
    tasks = [Task(f"t{i}", f"E{i}", "A", date(2025, 3, 3), date(2025, 3, 4), 2) for i in range(3)]
    cap = Capacity({"A": 2}, {("A", date(2025, 3, 4)): 4})
    plan = plan_visits(tasks, cap)
    verify(plan, tasks, cap)
    assert not plan.late
    assert sorted(plan.task_date(f"t{i}") for i in range(3)).count(date(2025, 3, 4)) == 2


# ---------------------------------------------------------------------------
# planted instances (generator): zero lateness, close to the bound
# ---------------------------------------------------------------------------


def _tasks_and_capacity(inst):
    return inst.table.tasks(), inst.capacity


@pytest.mark.parametrize(
    ("pattern", "utilisation", "limit"),
    [("flat", 0.8, 1.01), ("flat", 0.9, 1.03), ("jagged", 0.8, 1.03), ("jagged", 0.9, 1.04)],
)
def test_planted_instances_have_no_late_task_and_few_visits(pattern, utilisation, limit):
    """An on-time schedule is planted; the plan must have no late task and stay near the bound.

    (20 k tasks over 10 departments keeps departments district-sized; the bench
    measures the goals at full scale.)"""
    inst = generate(20000, pattern=pattern, utilisation=utilisation, seed=11, departments=10)
    tasks, cap = _tasks_and_capacity(inst)
    plan = plan_visits(inst.table, cap)
    verify(plan, tasks, cap)
    assert not plan.late and not plan.over_capacity
    assert len(plan.visits) <= limit * plan.lower_bound.value
    assert plan.lower_bound.check()


def test_small_departments_planted_instance_has_no_late_task():
    """Departments of one to three teams a day: packing matters, still nothing late."""
    inst = generate(0, pattern="small", utilisation=0.85, departments=12, horizon_days=60, seed=5)
    tasks, cap = _tasks_and_capacity(inst)
    plan = plan_visits(inst.table, cap)
    verify(plan, tasks, cap)
    assert not plan.late
    # the planted schedule itself is on time and within capacity (the generator's promise)
    for t, o in zip(tasks, inst.planted.tolist(), strict=True):
        assert t.earliest <= date.fromordinal(o) <= t.latest


@pytest.mark.parametrize(
    ("seed", "departments", "horizon", "utilisation"),
    [(288, 6, 40, 0.95), (258, 8, 60, 0.9), (292, 3, 60, 0.95), (295, 6, 40, 0.95), (267, 6, 40, 0.95)],
)
def test_small_departments_need_exchanges_of_several_tasks_and_stay_on_time(seed, departments, horizon, utilisation):
    """Teams of two, tasks of two to four officers: a task of four can need a day
    that two tasks of two (or a task of three and a leftover) must leave together.
    These planted instances each left a task late (and one over capacity) when
    repair moved one task at a time; the department-wide search places them."""
    inst = generate(0, pattern="small", utilisation=utilisation, departments=departments, horizon_days=horizon, seed=seed)
    tasks, cap = _tasks_and_capacity(inst)
    plan = plan_visits(inst.table, cap)
    verify(plan, tasks, cap)
    assert plan.late == () and plan.over_capacity == ()


@pytest.mark.parametrize("seed", range(6))
def test_ruin_and_recreate_never_costs_a_visit_and_keeps_every_rule(seed):
    """The search re-plans groups of enterprises; what it keeps is valid and never worse."""
    inst = generate(0, pattern="small", utilisation=0.9, departments=5, horizon_days=30, seed=seed)
    tasks, cap = _tasks_and_capacity(inst)
    with_search = plan_visits(inst.table, cap)
    without = plan_visits(inst.table, cap, search=False)
    verify(with_search, tasks, cap)
    assert not with_search.late
    assert with_search.visit_count <= without.visit_count


def test_ruin_and_recreate_saves_visits_where_departments_are_small():
    """Four departments of one to three teams, a 20-day plan at 90 %: merging alone
    leaves about twice the bound; re-planning groups of enterprises saves a fifth."""
    inst = generate(0, pattern="small", utilisation=0.9, departments=4, horizon_days=20, seed=0)
    tasks, cap = _tasks_and_capacity(inst)
    with_search = plan_visits(inst.table, cap)
    without = plan_visits(inst.table, cap, search=False)
    verify(with_search, tasks, cap)
    assert with_search.visit_count <= 0.8 * without.visit_count
    assert with_search.stats["lns_gained"] > 0 and "lns_attempts" not in without.stats


def test_merge_search_saves_visits_where_departments_are_small(monkeypatch):
    """After ruin and recreate, taking a visit away (dissolving or merging it) and repairing
    capacity with a tabu search saves more visits on a district of small departments, and
    every rule still holds."""
    from fazhi.core.coordination import consolidate

    inst = generate(0, pattern="small", utilisation=0.9, seed=1)
    tasks, cap = _tasks_and_capacity(inst)
    plan = plan_visits(inst.table, cap)
    verify(plan, tasks, cap)
    assert not plan.late and plan.stats["merge_search_gained"] > 0
    monkeypatch.setattr(consolidate, "MAX_ATTEMPTS", 0)
    without = plan_visits(inst.table, cap)
    assert plan.visit_count <= without.visit_count - 100  # 4 685 against 4 893
    assert plan.visit_count >= plan.capacity_lower_bound


def test_evolving_a_population_of_plans_saves_visits_and_repeats_itself(monkeypatch):
    """Small departments at 90 %: crossing the engine's plan with plans made under
    other enterprise numberings finds one with a visit fewer than any of them
    (here the capacity-aware bound, so optimal); every rule still holds, and
    with the number of children as the limit the same input gives the same plan."""
    from fazhi.core.coordination import evolve

    monkeypatch.setattr(evolve, "MAX_GENERATIONS", 8)
    inst = generate(0, pattern="small", utilisation=0.9, departments=4, horizon_days=20, seed=2)
    tasks, cap = _tasks_and_capacity(inst)
    engine_only = plan_visits(inst.table, cap)
    evolved = plan_visits(inst.table, cap, evolve_seconds=600)
    verify(evolved, tasks, cap)
    assert not evolved.late and "evolve_gained" not in engine_only.stats
    assert evolved.visit_count == engine_only.visit_count - evolved.stats["evolve_gained"] < engine_only.visit_count
    assert evolved.visit_count == evolved.capacity_lower_bound
    t = inst.table  # the plan's officer counts per department and day are those of its new days
    usage = np.zeros_like(evolved.usage)
    np.add.at(usage, (np.asarray(t.department), np.asarray(evolved.day)), np.asarray(t.officers))
    assert np.array_equal(evolved.usage, usage)
    again = plan_visits(inst.table, cap, evolve_seconds=600)
    assert [(v.uscc, v.date, v.task_ids) for v in again.visits] == [(v.uscc, v.date, v.task_ids) for v in evolved.visits]


def test_evolve_time_is_shared_among_the_districts_in_proportion_to_their_tasks(monkeypatch):
    """A province of three small-department districts with ``evolve_seconds=300`` in one
    process: each district's plan evolves for its share, and the shares make 300 s."""
    from fazhi.core.coordination import parallel

    given: dict[int, float] = {}

    def record(ent, dept, a, b, w, cap, n_ent, day, *, seconds):
        given[len(ent)] = seconds
        return day, {}

    monkeypatch.setattr(parallel, "evolve", record)
    inst = generate(0, pattern="small", utilisation=0.85, departments=6, districts=3, seed=3)
    plan = plan_visits(inst.table, inst.capacity, workers=1, evolve_seconds=300)
    assert plan.stats["part_runs"] == 3 and len(given) == 3
    assert sum(given.values()) == pytest.approx(300)
    for n, seconds in given.items():
        assert seconds == pytest.approx(300 * n / len(inst.table))


def test_evolve_time_too_short_for_a_population_is_not_spent():
    inst = generate(0, pattern="small", utilisation=0.9, departments=4, horizon_days=20, seed=2)
    plan = plan_visits(inst.table, inst.capacity, evolve_seconds=0.01)
    assert plan.stats["evolve_skipped"] == 1 and "evolve_generations" not in plan.stats
    assert plan.visit_count == plan_visits(inst.table, inst.capacity).visit_count


def test_evolve_leaves_a_plan_with_a_late_task_or_at_its_bound_alone():
    from fazhi.core.coordination.evolve import evolve

    ent, dept, a, b, w = _arrays([(0, 0, 0, 1, 2), (0, 0, 0, 1, 2)], [0, 1])[:5]
    cap = np.full((1, 4), 2, np.int64)
    late = np.array([0, 2])  # the second task after its window
    day, stats = evolve(ent, dept, a, b, w, cap, 1, late, seconds=60)
    assert day is late and stats["evolve_generations"] == 0
    on_time = np.array([0, 1])  # two visits: the bound with 2 officers a day
    day, stats = evolve(ent, dept, a, b, w, cap, 1, on_time, seconds=60)
    assert day is on_time and stats["evolve_generations"] == 0 and "seconds_evolve" not in stats  # returned at once


def _arrays(rows, days):
    """(ent, dept, a, b, w) of (enterprise, department, first day, last day, officers) rows, and a day array."""
    cols = [np.asarray(c, np.int64) for c in zip(*rows, strict=True)]
    return (*cols, np.asarray(days, np.int64))


def test_merge_search_frees_a_day_by_moving_another_enterprises_visit():
    """E0 is visited on day 0 (department 0) and day 1 (department 1); both days are full in the
    other department, held by E1 and E2, whose visits can move to day 2. One tabu move frees
    the merge day: E0 needs one visit, nobody needs more, and no day is over capacity."""
    from fazhi.core.coordination import consolidate

    rows = [(0, 0, 0, 1, 2), (0, 1, 0, 1, 2), (1, 1, 0, 2, 2), (2, 0, 1, 2, 2)]
    ent, dept, a, b, w, day = _arrays(rows, [0, 1, 0, 1])
    cap_t = np.full((3, 2), 2, np.int64)  # three days, two departments, one team of two each
    rem_t = cap_t.copy()
    np.subtract.at(rem_t, (day, dept), w)
    got = consolidate.consolidate(ent, dept, a, b, w, day, rem_t, cap_t, np.ones(3, np.int64), np.zeros(4, bool))
    assert got["gained"] == 1
    assert day[0] == day[1] and all(a <= day) and all(day <= b)
    used = np.zeros_like(cap_t)
    np.add.at(used, (day, dept), w)
    assert (used <= cap_t).all() and (rem_t == cap_t - used).all()
    assert len({(int(e), int(d)) for e, d in zip(ent, day, strict=True)}) == 3


def test_merge_search_dissolves_a_visit_whose_tasks_fit_the_enterprises_other_visits():
    """E0 is visited on days 0, 2 and 4, and no two of these visits can share a day: the day-0
    task is due on day 0, the day-4 task opens on day 4, and the day-2 visit holds a task due
    by day 2 and one that opens on day 2. But each task of the day-2 visit fits another visit,
    one on day 0, the other on day 4: two visits, the bound."""
    from fazhi.core.coordination import consolidate

    rows = [(0, 0, 0, 0, 2), (0, 0, 0, 2, 2), (0, 1, 2, 4, 2), (0, 1, 4, 4, 2)]
    ent, dept, a, b, w, day = _arrays(rows, [0, 2, 2, 4])
    cap_t = np.full((5, 2), 4, np.int64)
    rem_t = cap_t.copy()
    np.subtract.at(rem_t, (day, dept), w)
    got = consolidate.consolidate(ent, dept, a, b, w, day, rem_t, cap_t, np.full(1, 2, np.int64), np.zeros(4, bool))
    assert got["gained"] == 1
    assert day.tolist() == [0, 0, 4, 4]
    assert (rem_t == cap_t - np.bincount(day * 2 + dept, weights=w, minlength=10).reshape(5, 2)).all()


def test_merge_search_deepens_the_repair_of_an_enterprise_whose_attempts_keep_failing(monkeypatch):
    """E0 is visited on day 0 (a task due that day) and on day 95 (a task that could be done on
    day 0). Department 0 has room for one task a day, and days 0–89 are held by E1…E90, each
    of which may also go one day later. Taking the day-95 visit away needs all 90 to shift by a
    day: 90 repair moves, none lowering the overload until the last, longer than a repair
    waits (``STALL``). After three failed attempts E0's repairs get twice the budget, and the
    chain goes through."""
    from fazhi.core.coordination import consolidate

    chain = 90
    rows = [(0, 1, 0, 0, 2), (0, 0, 0, 95, 2)] + [(1 + j, 0, j, j + 1, 2) for j in range(chain)]
    days = [0, 95] + list(range(chain))
    cap_t = np.full((96, 2), 2, np.int64)
    lb = np.ones(1 + chain, np.int64)

    def run():
        ent, dept, a, b, w, day = _arrays(rows, days)
        rem_t = cap_t.copy()
        np.subtract.at(rem_t, (day, dept), w)
        got = consolidate.consolidate(ent, dept, a, b, w, day, rem_t, cap_t, lb, np.zeros(len(rows), bool))
        return got, day, rem_t

    assert consolidate.STALL < chain < 2 * consolidate.STALL  # the chain is longer than one repair waits
    got, day, rem_t = run()
    assert got["gained"] == 1 and got["deepened"] >= 1
    assert day.tolist() == [0, 0] + [j + 1 for j in range(chain)]
    assert (rem_t >= 0).all()

    monkeypatch.setattr(consolidate, "DEEPEST", 1)  # without deepening, every attempt gives up
    got, day, _ = run()
    assert got["gained"] == 0 and got["deepened"] == 0 and day.tolist() == days


def test_merge_search_leaves_a_plan_with_a_late_task_alone():
    from fazhi.core.coordination import consolidate

    ent, dept, a, b, w, day = _arrays([(0, 0, 0, 0, 2), (0, 0, 0, 1, 2)], [1, 1])
    cap_t = np.full((2, 1), 4, np.int64)
    rem_t = cap_t.copy()
    late = day > b
    got = consolidate.consolidate(ent, dept, a, b, w, day, rem_t, cap_t, np.ones(1, np.int64), late)
    assert got == {"attempts": 0, "gained": 0, "deepened": 0} and list(day) == [1, 1]


def test_departments_joined_by_an_enterprise_form_one_part():
    from fazhi.core.coordination.parallel import parts

    # enterprise 0: departments 0 and 1; enterprise 1: 1 and 3; enterprise 2: department 2 alone
    ent = np.array([0, 0, 1, 1, 2])
    dept = np.array([0, 1, 1, 3, 2])
    label = parts(ent, dept, 5).tolist()
    assert label[0] == label[1] == label[3]
    assert len({label[0], label[2], label[4]}) == 3  # department 4 has no task: a part of its own


def test_a_province_is_planned_district_by_district_on_two_processes(monkeypatch):
    """Districts share no enterprise and no department: their parts are planned in
    two processes and put side by side; every rule still holds across the whole plan."""
    from fazhi.core.coordination import parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_TASKS", 1000)
    inst = generate(4000, pattern="flat", utilisation=0.85, departments=6, districts=3, seed=2)
    tasks, cap = _tasks_and_capacity(inst)
    plan = plan_visits(inst.table, cap, workers=2)
    verify(plan, tasks, cap)
    assert not plan.late
    assert plan.stats["parts"] == 3 and plan.stats["workers"] == 2
    serial = plan_visits(inst.table, cap, workers=1)
    assert serial.stats["parts"] == 3 and serial.stats["workers"] == 1
    verify(serial, tasks, cap)
    # the same parts, planned the same way, one after another
    assert serial.visit_count == plan.visit_count


def test_each_district_of_small_departments_gets_the_search_steps_on_its_own(monkeypatch):
    """The search steps run on plans up to a size; a province of small-department
    districts is larger, but each district is planned by its own run and gets them."""
    from fazhi.core.coordination import consolidate, parallel

    monkeypatch.setattr(consolidate, "MAX_TASKS", 3000)
    inst = generate(0, pattern="small", utilisation=0.85, departments=6, districts=3, seed=3)
    assert len(inst.table) > 5000  # the whole is above both steps' sizes, a district (~1.8 k tasks) below
    tasks, cap = _tasks_and_capacity(inst)
    plan = plan_visits(inst.table, cap, workers=1)
    verify(plan, tasks, cap)
    assert not plan.late and plan.stats["part_runs"] == 3
    assert plan.stats["merge_search_gained"] > 0 and plan.stats["lns_gained"] > 0
    monkeypatch.setattr(parallel, "MIN_GROUP_TASKS", 10**9)  # every part in one run: the whole at once
    whole = plan_visits(inst.table, cap, workers=1)
    verify(whole, tasks, cap)
    assert "merge_search_gained" not in whole.stats and "lns_gained" not in whole.stats
    assert plan.visit_count < whole.visit_count


def test_tiny_parts_are_planned_together():
    """Forty enterprises, each alone with its own department: forty parts, one run."""
    tasks = [Task(f"T{e}-{i}", f"E{e}", f"D{e}", DAYS[0], DAYS[9], 2) for e in range(40) for i in range(3)]
    cap = Capacity({f"D{e}": 6 for e in range(40)})  # room for all three tasks of an enterprise on one day
    plan = plan_visits(tasks, cap, workers=1)
    verify(plan, tasks, cap)
    assert plan.stats["parts"] == 40 and plan.stats["part_runs"] == 1
    assert plan.visit_count == plan.lower_bound.value == 40


def test_an_enterprise_is_replanned_on_the_day_that_carries_most_of_its_tasks():
    from fazhi.core.coordination.improve import plan_enterprise

    # three tasks of one enterprise: departments 0, 1, 0; windows [0, 4], [2, 6], [3, 3]; two officers each
    dept, a, b, w = [0, 1, 0], [0, 2, 3], [4, 6, 3], [2, 2, 2]
    room = {0: dict.fromkeys(range(7), 4), 1: dict.fromkeys(range(7), 2)}
    assert plan_enterprise([0, 1, 2], dept, a, b, w, room) == {3: [2, 0, 1]}  # one visit on day 3
    assert room[0][3] == 0 and room[1][3] == 0
    # department 0 has room for one task on day 3 only: the task due that day takes it, the rest go together
    room = {0: {**dict.fromkeys(range(7), 4), 3: 2}, 1: dict.fromkeys(range(7), 2)}
    got = plan_enterprise([0, 1, 2], dept, a, b, w, room)
    assert got is not None and len(got) == 2 and got[3][0] == 2
    assert plan_enterprise([2], dept, a, b, w, {0: {3: 1}, 1: {}}) is None  # no room in its window


def test_an_enterprise_with_hundreds_of_tasks_is_planned_first_where_departments_are_small():
    """Small departments and heavy-tailed enterprises: the largest ones take their days
    first, whole, and the plan keeps every rule."""
    inst = generate(0, pattern="small", utilisation=0.8, seed=1)
    tasks, cap = _tasks_and_capacity(inst)
    plan = plan_visits(inst.table, cap)
    verify(plan, tasks, cap)
    assert not plan.late
    assert plan.stats["giants_first"] >= 3
    sizes = np.bincount(inst.table.enterprise)
    biggest = int(np.argmax(sizes))
    rows = np.flatnonzero(np.asarray(inst.table.enterprise) == biggest)
    days = np.unique(np.asarray(plan.day)[rows])
    assert sizes[biggest] > 200 and days.size <= sizes[biggest] / 10  # 366 tasks in 25 visits (45 when left to the sweep)


def test_an_enterprise_alone_in_a_small_department_is_planned_whole():
    """Planned first, it takes every task: nothing is left for the sweep (this used to crash)."""
    year = CAL.working_days(date(2025, 1, 2), date(2025, 12, 31))
    tasks = [Task(f"t{i}", "E1", "A", year[3 * i], year[3 * i + 20], 2) for i in range(70)]
    cap = Capacity({"A": 2})  # one team of two a day: one task a day
    plan = plan_visits(tasks, cap)
    verify(plan, tasks, cap)
    assert plan.stats["giants_first"] == 1 and not plan.late
    assert plan.visit_count == plan.capacity_lower_bound == 70


def test_generator_is_deterministic_and_heavy_tailed():
    a = generate(3000, seed=3)
    b = generate(3000, seed=3)
    assert np.array_equal(a.table.enterprise, b.table.enterprise)
    per_ent = np.bincount(a.table.enterprise)
    assert per_ent.max() >= 8 * per_ent.mean()  # a few enterprises carry many tasks
    lengths = [len(CAL.working_days(t.earliest, t.latest)) for t in a.table.tasks()[:500]]
    assert min(lengths) >= 5 and max(lengths) <= 66


# ---------------------------------------------------------------------------
# witness
# ---------------------------------------------------------------------------


def test_witness_names_the_overloaded_department_and_range():
    """Ten two-officer tasks in a three-day range, two officers a day: 20 > 6."""
    days = CAL.working_days(date(2025, 3, 10), date(2025, 3, 12))
    tasks = [Task(f"t{i}", f"E{i % 4}", "应急管理", days[0], days[-1], 2) for i in range(10)]
    tasks += [Task("ok", "E9", "市场监管", days[0], days[-1], 2)]
    cap = Capacity({"应急管理": 2, "市场监管": 10})
    plan = plan_visits(tasks, cap)
    verify(plan, tasks, cap)
    assert len(plan.late) == 7
    w = plan.witness
    assert (w.department, w.start, w.end, w.demand, w.capacity) == ("应急管理", days[0], days[-1], 20, 6)
    check_witness(w, tasks, cap)
    # late tasks go to the first days after the window with room, one a day
    assert sorted(x.days_late for x in plan.late) == [1, 2, 3, 4, 5, 6, 7]
    assert "ok" not in {x.task_id for x in plan.late}


def test_department_without_capacity_is_reported():
    tasks = [Task("t1", "E1", "无人部门", date(2025, 3, 3), date(2025, 3, 7), 2)]
    plan = plan_visits(tasks, Capacity({}))
    assert [x.task_id for x in plan.late] == ["t1"]
    assert plan.over_capacity == ("t1",)
    assert plan.witness.department == "无人部门" and plan.witness.capacity == 0


def test_witness_on_an_overloaded_generated_instance():
    inst = generate(8000, pattern="flat", utilisation=0.9, seed=2)
    dep = inst.table.departments[0]
    bad = overload(inst, department=dep, start=date(2025, 1, 2), end=date(2025, 3, 31), factor=0.3)
    tasks, cap = _tasks_and_capacity(bad)
    plan = plan_visits(bad.table, cap)
    verify(plan, tasks, cap)
    assert plan.late
    assert plan.witness.department == dep
    check_witness(plan.witness, tasks, cap)
    assert plan.stats["seconds_witness"] < 1.0


# ---------------------------------------------------------------------------
# bad input
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("task", "cap", "message"),
    [
        (Task("x", "E", "A", date(2025, 3, 10), date(2025, 3, 3), 2), {"A": 2}, "before earliest"),
        (Task("x", "E", "A", date(2025, 3, 3), date(2025, 3, 4), -1), {"A": 2}, "officers -1"),
        (Task("x", "E", "A", date(2025, 2, 1), date(2025, 2, 2), 2), {"A": 2}, "no working day"),
        (Task("x", "E", "A", date(2025, 3, 3), date(2025, 3, 4), 2), {"A": -3}, "negative"),
    ],
)
def test_bad_input_is_rejected_with_the_rule(task, cap, message):
    with pytest.raises(CoordinationInputError, match=message):
        plan_visits([task], cap)


def test_a_date_without_calendar_is_an_error():
    from fazhi.core.calendar import CalendarYearUnknown

    with pytest.raises(CalendarYearUnknown, match="2031"):
        plan_visits([Task("x", "E", "A", date(2031, 3, 3), date(2031, 3, 4), 2)], {"A": 2})


def test_duplicate_task_id_is_rejected():
    t = Task("x", "E", "A", date(2025, 3, 3), date(2025, 3, 4), 2)
    with pytest.raises(CoordinationInputError, match="used twice"):
        plan_visits([t, t], {"A": 2})


def test_dated_capacity_on_a_rest_day_is_rejected():
    t = Task("x", "E", "A", date(2025, 3, 3), date(2025, 3, 4), 2)
    with pytest.raises(CoordinationInputError, match="not a working day"):
        plan_visits([t], Capacity({"A": 2}, {("A", date(2025, 3, 8)): 2}))


# ---------------------------------------------------------------------------
# explain
# ---------------------------------------------------------------------------


def test_explain_lists_every_visit_and_the_proof():
    tasks = [
        Task("m1", "E1", "市场监管", date(2025, 3, 3), date(2025, 3, 14), 2),
        Task("f1", "E1", "消防救援", date(2025, 3, 10), date(2025, 3, 21), 2),
        Task("m2", "E1", "市场监管", date(2025, 4, 1), date(2025, 4, 11), 2),
    ]
    cap = Capacity({"市场监管": 4, "消防救援": 4})
    plan = plan_visits(tasks, cap)
    lines = explain(plan, "E1")
    text = "\n".join(lines)
    assert "安排 2 次入企" in text and "最少需要 2 次" in text and "已达最少" in text
    assert "联合检查" in text and "m1" in text and "f1" in text and "m2" in text
    for v in plan.visits:
        assert v.date.isoformat() in text
    with pytest.raises(KeyError):
        explain(plan, "nobody")


def test_explain_says_why_a_task_stayed_apart():
    """Fire can send two officers on 14 March only, so its task cannot join that visit."""
    tasks = [
        Task("m1", "E1", "市场监管", date(2025, 3, 14), date(2025, 3, 14), 2),
        Task("f0", "E0", "消防救援", date(2025, 3, 14), date(2025, 3, 14), 2),
        Task("f1", "E1", "消防救援", date(2025, 3, 10), date(2025, 3, 14), 2),
    ]
    cap = Capacity({"市场监管": 4, "消防救援": 2})
    plan = plan_visits(tasks, cap)
    verify(plan, tasks, cap)
    assert len(plan.visits) == 3
    text = "\n".join(explain(plan, "E1"))
    assert "f1 未并入 2025-03-14" in text and "人力已满" in text


# ---------------------------------------------------------------------------
# replan
# ---------------------------------------------------------------------------


def test_replan_add_and_cancel_touch_only_the_enterprise():
    inst = generate(4000, pattern="flat", utilisation=0.8, seed=4, departments=8)
    tasks, cap = _tasks_and_capacity(inst)
    plan = plan_visits(inst.table, cap)
    target = tasks[0]
    new = Task("NEW", target.uscc, tasks[1].department, target.earliest, target.latest, 2)
    after = replan(plan, add=[new])
    verify(after, [*tasks, new], cap)
    assert after.lower_bound.value == lower_bound([*tasks, new]).value
    assert after.lower_bound.check()
    assert not after.late
    before_days = {t.task_id: plan.task_date(t.task_id) for t in tasks if t.uscc != target.uscc}
    assert all(after.task_date(tid) == d for tid, d in before_days.items())
    assert after.stats["seconds_replan"] < 0.05
    # cancel it again, and one more task
    gone = replan(after, cancel=["NEW", tasks[5].task_id])
    kept = [t for t in tasks if t.task_id != tasks[5].task_id]
    verify(gone, kept, cap)
    assert gone.lower_bound.value == lower_bound(kept).value
    assert gone.lower_bound.check()
    assert gone.task_count == len(kept)
    # the original plan is unchanged (plans are values)
    verify(plan, tasks, cap)


def test_replan_joins_an_existing_visit():
    tasks = [Task("a", "E1", "A", date(2025, 3, 3), date(2025, 3, 14), 2)]
    cap = Capacity({"A": 4, "B": 4})
    plan = plan_visits(tasks, cap)
    after = replan(plan, add=[Task("b", "E1", "B", date(2025, 3, 10), date(2025, 3, 21), 2)])
    verify(after, [*tasks, after.table.task(1)], cap)
    assert len(after.visits) == 1 and after.visits[0].joint


def test_replan_new_enterprise_and_department_and_rejections():
    tasks = [Task("a", "E1", "A", date(2025, 3, 3), date(2025, 3, 14), 2)]
    cap = Capacity({"A": 4, "C": 2})
    plan = plan_visits(tasks, cap)
    extra = Task("c", "E7", "C", date(2025, 3, 5), date(2025, 3, 6), 2)
    after = replan(plan, add=[extra])
    verify(after, [*tasks, extra], cap)
    assert after.task_date("c") in (date(2025, 3, 5), date(2025, 3, 6))
    with pytest.raises(CoordinationInputError, match="used twice"):
        replan(after, add=[extra])
    with pytest.raises(CoordinationInputError, match="horizon"):
        replan(after, add=[Task("z", "E1", "A", date(2026, 12, 1), date(2026, 12, 30), 2)])
    with pytest.raises(KeyError):
        replan(after, cancel=["nope"])


def test_replan_that_makes_a_task_late_names_the_witness():
    tasks = [Task("a", "E1", "A", date(2025, 3, 3), date(2025, 3, 3), 2)]
    cap = Capacity({"A": 2})
    plan = plan_visits(tasks, cap)
    extra = Task("b", "E2", "A", date(2025, 3, 3), date(2025, 3, 3), 2)
    after = replan(plan, add=[extra])
    verify(after, [*tasks, extra], cap)
    assert [x.task_id for x in after.late] == ["b"]
    w = after.witness
    assert (w.department, w.start, w.end, w.demand, w.capacity) == ("A", date(2025, 3, 3), date(2025, 3, 3), 4, 2)
    back = replan(after, cancel=["b"])
    assert not back.late and back.witness is None


def test_replan_on_a_table_without_task_ids():
    inst = generate(3000, pattern="flat", utilisation=0.8, seed=8, departments=6, task_ids=False)
    plan = plan_visits(inst.table, inst.capacity)
    after = replan(plan, cancel=["3"])
    assert after.task_count == len(inst.table) - 1
    assert "3" not in {tid for v in after.visits for tid in v.task_ids}
    assert after.lower_bound.check()
