"""``fazhi coordinate``: CSV in, VISITS.csv and SUMMARY.json out, exit 2 on bad input.

The output is checked from the files alone (each task once, in its window or
listed late, on a working day, within capacity) — independently of the engine.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from fazhi.cli import coordinate
from fazhi.core.calendar import default_calendar
from fazhi.core.coordination.generate import generate

CAL = default_calendar()
TASK_HEADER = "task_id,uscc,department,earliest,latest,officers"


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(tmp_path: Path, tasks: list[str], capacity: list[str], *extra: str) -> tuple[int, Path, Path]:
    t = write(tmp_path / "tasks.csv", tasks)
    c = write(tmp_path / "capacity.csv", capacity)
    out, summary = tmp_path / "visits.csv", tmp_path / "summary.json"
    code = coordinate.main(
        ["--tasks", str(t), "--capacity", str(c), "--out", str(out), "--summary", str(summary), *extra]
    )
    return code, out, summary


def check_files(tasks_csv: Path, capacity_csv: Path, visits_csv: Path, summary_json: Path) -> dict:
    tasks = {r["task_id"]: r for r in csv.DictReader(tasks_csv.open(encoding="utf-8"))}
    default, dated = {}, {}
    for r in csv.DictReader(capacity_csv.open(encoding="utf-8")):
        if r["date"] == "*":
            default[r["department"]] = int(r["officers"])
        else:
            dated[(r["department"], r["date"])] = int(r["officers"])
    summary = json.loads(summary_json.read_text(encoding="utf-8"))
    late = {x["task_id"]: x for x in summary["late"]}
    with visits_csv.open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        assert next(reader) == ["visit_id", "uscc", "date", "task_ids"]
        visits = list(reader)
    seen: Counter[str] = Counter()
    load: dict[tuple[str, str], int] = defaultdict(int)
    for visit_id, uscc, day, ids in visits:
        d = date.fromisoformat(day)
        assert CAL.is_working_day(d), f"{visit_id} on a rest day"
        for tid in ids.split(";"):
            t = tasks[tid]
            seen[tid] += 1
            assert t["uscc"] == uscc
            if tid in late:
                assert day > t["latest"] and late[tid]["date"] == day
            else:
                assert t["earliest"] <= day <= t["latest"]
            load[(t["department"], day)] += int(t["officers"])
    assert set(seen) == set(tasks) and set(seen.values()) == {1}
    for (dep, day), used in load.items():
        assert used <= dated.get((dep, day), default.get(dep, 0)) or summary["over_capacity"]
    assert summary["tasks"] == len(tasks) and summary["visits"] == len(visits)
    assert summary["disturbances_avoided"] == len(tasks) - len(visits)
    assert summary["lower_bound"] <= len(visits)
    if not summary["late"]:  # the capacity-aware bound holds for on-time plans
        assert summary["lower_bound"] <= summary["capacity_lower_bound"] <= len(visits)
    assert isinstance(summary["seconds"], float)
    return summary


def csv_lines(inst) -> tuple[list[str], list[str]]:
    """TASKS.csv and CAPACITY.csv lines of a generated instance."""
    t = inst.table
    tasks = [TASK_HEADER] + [
        f"{t.task_id(i)},{t.usccs[int(t.enterprise[i])]},{t.departments[int(t.department[i])]},"
        f"{date.fromordinal(int(t.earliest[i]))},{date.fromordinal(int(t.latest[i]))},{int(t.officers[i])}"
        for i in range(len(t))
    ]
    cap = ["department,date,officers"] + [f"{d},*,{c}" for d, c in inst.capacity.default.items()]
    cap += [f"{d},{day},{c}" for (d, day), c in inst.capacity.by_date.items()]
    return tasks, cap


def test_small_run_writes_visits_and_summary(tmp_path):
    tasks = [
        TASK_HEADER,
        "T1,913302001234567890,市场监管,2025-03-03,2025-03-14,2",
        "T2,913302001234567890,消防救援,2025-03-10,2025-03-21,2",
        "T3,913302009876543210,市场监管,2025-03-03,2025-03-31,3",
    ]
    capacity = ["department,date,officers", "市场监管,*,4", "消防救援,*,2", "消防救援,2025-03-14,0"]
    code, out, summary = run(tmp_path, tasks, capacity)
    assert code == 0
    s = check_files(tmp_path / "tasks.csv", tmp_path / "capacity.csv", out, summary)
    assert s["visits"] == 2 and s["joint_visits"] == 1 and s["late"] == [] and s["witness"] is None


def test_generated_instance_end_to_end(tmp_path):
    inst = generate(5000, pattern="jagged", utilisation=0.85, seed=3, departments=8)
    lines, cap = csv_lines(inst)
    code, out, summary = run(tmp_path, lines, cap)
    assert code == 0
    s = check_files(tmp_path / "tasks.csv", tmp_path / "capacity.csv", out, summary)
    assert s["late"] == []


def test_late_tasks_are_placed_and_listed_with_a_witness(tmp_path):
    tasks = [TASK_HEADER] + [f"T{i},91330200000000000{i % 3},应急管理,2025-03-10,2025-03-11,2" for i in range(5)]
    code, out, summary = run(tmp_path, tasks, ["department,date,officers", "应急管理,*,2"])
    assert code == 0
    s = check_files(tmp_path / "tasks.csv", tmp_path / "capacity.csv", out, summary)
    assert len(s["late"]) == 3 and all(x["days_late"] >= 1 for x in s["late"])
    w = s["witness"]
    assert (w["department"], w["start"], w["end"], w["demand"], w["capacity"]) == (
        "应急管理", "2025-03-10", "2025-03-11", 10, 4,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("tasks", "capacity", "expected"),
    [
        (["task_id,uscc,department,earliest,latest,officers,note", "T1,E,A,2025-03-03,2025-03-04,2,x"],
         ["department,date,officers", "A,*,2"], "tasks.csv line 1: unknown columns note"),
        (["task_id,uscc,department,earliest,latest", "T1,E,A,2025-03-03,2025-03-04"],
         ["department,date,officers", "A,*,2"], "missing columns officers"),
        ([TASK_HEADER, "T1,E,A,2025-03-03,2025-03-04,2", "T2,E,A,2025-03-10,2025-03-03,2"],
         ["department,date,officers", "A,*,2"], "tasks.csv line 3 (task T2): latest 2025-03-03 is before earliest"),
        ([TASK_HEADER, "T1,E,A,2031-03-03,2031-03-04,2"],
         ["department,date,officers", "A,*,2"], "line 2 (task T1): no working-day calendar for 2031"),
        ([TASK_HEADER, "T1,E,A,2025-03-03,2025-03-04,-2"],
         ["department,date,officers", "A,*,2"], "officers -2 is negative"),
        ([TASK_HEADER, "T1,E,A,2025-03-03,2025-03-04,two"],
         ["department,date,officers", "A,*,2"], "is not a whole number"),
        ([TASK_HEADER, "T1,E,A,2025-03-03,2025-3-4,2"],
         ["department,date,officers", "A,*,2"], "latest '2025-3-4' is not a date"),
        ([TASK_HEADER, "T1,E,A,2025-02-01,2025-02-02,2"],
         ["department,date,officers", "A,*,2"], "has no working day"),
        ([TASK_HEADER, "T1,E,A,2025-03-03,2025-03-04,2", "T1,E,A,2025-03-03,2025-03-04,2"],
         ["department,date,officers", "A,*,2"], "line 3 (task T1): task_id already used on line 2"),
        ([TASK_HEADER, "T1,E,A,2025-03-03,2025-03-04,2"],
         ["department,date,officers", "A,*,-1"], "capacity.csv line 2: officers -1 is negative"),
        ([TASK_HEADER, "T1,E,A,2025-03-03,2025-03-04,2"],
         ["department,date,officers", "A,2025-03-08,2"], "2025-03-08 is not a working day"),
        ([TASK_HEADER, "T1,E,A,2025-03-03,2025-03-04,2"],
         ["department,date,officers", "A,2030-03-08,2"], "no working-day calendar for 2030"),
        ([TASK_HEADER, "T1,E,A,2025-03-03,2025-03-04,2"],
         ["department,date,officers", "A,*,2", "A,*,3"], "line 3: A on * already given on line 2"),
    ],
)  # fmt: skip
def test_bad_input_exits_2_naming_the_row_and_rule(tmp_path, capsys, tasks, capacity, expected):
    code, out, summary = run(tmp_path, tasks, capacity)
    assert code == 2
    err = capsys.readouterr().err
    assert expected in err and "(rule: " in err
    assert not out.exists() and not summary.exists()


def test_cli_runs_without_django(tmp_path):
    """The command must not import Django (it has to start fast and needs no database)."""
    t = write(tmp_path / "t.csv", [TASK_HEADER, "T1,E,A,2025-03-03,2025-03-04,2"])
    c = write(tmp_path / "c.csv", ["department,date,officers", "A,*,2"])
    code = (
        "import sys; from fazhi.cli import main; "
        f"rc = main(['coordinate', '--tasks', {str(t)!r}, '--capacity', {str(c)!r}, '--out', {str(tmp_path / 'v.csv')!r}]); "
        "assert 'django' not in sys.modules, 'django imported'; sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "visits 1" in done.stdout


def test_notices_add_a_year(tmp_path):
    notice = tmp_path / "2027.json"
    notice.write_text(json.dumps({"year": 2027, "days_off": {"2027-01-01": "元旦"}}), encoding="utf-8")
    tasks = [TASK_HEADER, "T1,E,A,2027-01-01,2027-01-05,2"]
    code, out, summary = run(tmp_path, tasks, ["department,date,officers", "A,*,2"], "--notices", str(notice))
    assert code == 0
    day = next(csv.DictReader(out.open(encoding="utf-8")))["date"]
    assert day in ("2027-01-04", "2027-01-05")  # 1 Jan is a holiday, 2–3 Jan a weekend


def test_evolve_takes_seconds_and_saves_visits_where_departments_are_small(tmp_path, monkeypatch, capsys):
    """``--evolve SECONDS`` evolves a population of plans; the files keep every rule."""
    from fazhi.core.coordination import evolve

    monkeypatch.setattr(evolve, "MAX_GENERATIONS", 8)
    inst = generate(0, pattern="small", utilisation=0.9, departments=4, horizon_days=20, seed=2)
    lines, cap = csv_lines(inst)
    code, out, summary = run(tmp_path, lines, cap)
    plain = check_files(tmp_path / "tasks.csv", tmp_path / "capacity.csv", out, summary)
    code, out, summary = run(tmp_path, lines, cap, "--evolve", "600")
    assert code == 0
    evolved = check_files(tmp_path / "tasks.csv", tmp_path / "capacity.csv", out, summary)
    assert evolved["late"] == [] and evolved["visits"] < plain["visits"]
    for bad in ("-1", "soon", "inf"):
        with pytest.raises(SystemExit) as stop:
            run(tmp_path, lines, cap, "--evolve", bad)
        assert stop.value.code == 2 and "--evolve" in capsys.readouterr().err
