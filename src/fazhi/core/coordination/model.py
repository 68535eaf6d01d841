"""Values of the coordination engine (综合查一次): tasks, capacity, visits, plans.

Everything here is a frozen value. Two shapes of input are accepted:

* ``Task`` objects, one per inspection task (what the inspections app holds);
* a ``TaskTable``: the same data as columns (NumPy arrays of codes and date
  ordinals), which is how a province-scale run (millions of tasks) stays
  within seconds and a few gigabytes.

Dates are ``datetime.date`` at the edges and working-day indices inside the
engine (see ``days.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

import numpy as np

__all__ = [
    "Capacity",
    "CoordinationInputError",
    "LateTask",
    "Task",
    "TaskTable",
    "Visit",
    "Witness",
]


class CoordinationInputError(ValueError):
    """A task or capacity row breaks a rule; the message names the row and the rule."""


@dataclass(frozen=True, slots=True)
class Task:
    """One inspection task (检查任务) of a department's plan.

    ``earliest`` and ``latest`` bound the window, both inclusive; only the
    working days inside it count. ``officers`` is how many officers the task
    takes on the day it is done.
    """

    task_id: str
    uscc: str
    department: str
    earliest: date
    latest: date
    officers: int = 2


@dataclass(frozen=True)
class Capacity:
    """Officers a department can send out per working day.

    ``default`` holds each department's number for every working day;
    ``by_date`` overrides it for one department on one date. A department with
    neither has no capacity at all (its tasks cannot be placed: they are
    reported late, with a witness).
    """

    default: Mapping[str, int] = field(default_factory=dict)
    by_date: Mapping[tuple[str, date], int] = field(default_factory=dict)

    def officers(self, department: str, day: date) -> int:
        got = self.by_date.get((department, day))
        if got is not None:
            return got
        return self.default.get(department, 0)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, date | None, int]]) -> Capacity:
        """Rows of (department, date or None for every working day, officers)."""
        default: dict[str, int] = {}
        by_date: dict[tuple[str, date], int] = {}
        for department, day, officers in rows:
            if officers < 0:
                raise CoordinationInputError(
                    f"capacity of {department} on {day or '*'}: officers {officers} is negative"
                )
            if day is None:
                default[department] = int(officers)
            else:
                by_date[(department, day)] = int(officers)
        return cls(default, by_date)


@dataclass(frozen=True, eq=False)
class TaskTable:
    """Tasks as columns: row ``i`` is one task.

    ``enterprise`` and ``department`` are integer codes into ``usccs`` and
    ``departments``; ``earliest``/``latest`` are ``date.toordinal()`` values.
    ``task_ids`` may be ``None``, in which case a task's id is its row number
    as a string (large synthetic instances do this to save memory).
    """

    enterprise: np.ndarray
    department: np.ndarray
    earliest: np.ndarray
    latest: np.ndarray
    officers: np.ndarray
    usccs: Sequence[str]
    departments: Sequence[str]
    task_ids: Sequence[str] | None = None

    def __post_init__(self) -> None:
        n = len(self.enterprise)
        for name in ("department", "earliest", "latest", "officers"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"TaskTable column {name} has {len(getattr(self, name))} rows, expected {n}")
        if self.task_ids is not None and len(self.task_ids) != n:
            raise ValueError(f"TaskTable task_ids has {len(self.task_ids)} rows, expected {n}")

    def __len__(self) -> int:
        return len(self.enterprise)

    def task_id(self, i: int) -> str:
        return str(i) if self.task_ids is None else str(self.task_ids[i])

    def task(self, i: int) -> Task:
        return Task(
            task_id=self.task_id(i),
            uscc=self.usccs[int(self.enterprise[i])],
            department=self.departments[int(self.department[i])],
            earliest=date.fromordinal(int(self.earliest[i])),
            latest=date.fromordinal(int(self.latest[i])),
            officers=int(self.officers[i]),
        )

    def tasks(self) -> list[Task]:
        return [self.task(i) for i in range(len(self))]

    @classmethod
    def from_tasks(cls, tasks: Sequence[Task]) -> TaskTable:
        """Encode ``Task`` objects as columns (codes in first-seen order)."""
        ent_code: dict[str, int] = {}
        dep_code: dict[str, int] = {}
        n = len(tasks)
        ent = np.empty(n, np.int32)
        dep = np.empty(n, np.int32)
        lo = np.empty(n, np.int32)
        hi = np.empty(n, np.int32)
        off = np.empty(n, np.int32)
        ids: list[str] = []
        seen: set[str] = set()
        for i, t in enumerate(tasks):
            if t.task_id in seen:
                raise CoordinationInputError(f"task {t.task_id}: the id is used twice (rule: task ids are unique)")
            seen.add(t.task_id)
            ids.append(t.task_id)
            ent[i] = ent_code.setdefault(t.uscc, len(ent_code))
            dep[i] = dep_code.setdefault(t.department, len(dep_code))
            lo[i] = t.earliest.toordinal()
            hi[i] = t.latest.toordinal()
            off[i] = t.officers
        return cls(
            enterprise=ent,
            department=dep,
            earliest=lo,
            latest=hi,
            officers=off,
            usccs=tuple(ent_code),
            departments=tuple(dep_code),
            task_ids=tuple(ids),
        )


@dataclass(frozen=True, slots=True)
class Visit:
    """One enterprise on one working day (入企), carrying one or more tasks.

    A visit with tasks of two or more departments is a joint visit (联合检查).
    """

    visit_id: str
    uscc: str
    date: date
    task_ids: tuple[str, ...]
    departments: tuple[str, ...]

    @property
    def joint(self) -> bool:
        return len(self.departments) >= 2


@dataclass(frozen=True, slots=True)
class LateTask:
    """A task placed after its window; ``days_late`` counts working days past ``latest``."""

    task_id: str
    date: date
    days_late: int


@dataclass(frozen=True, slots=True)
class Witness:
    """Proof that lateness cannot be avoided (a Hall-type violation).

    Every task of ``department`` whose window lies inside [``start``, ``end``]
    must be done on a working day of that range; together they need
    ``demand`` officer-days while the department has only ``capacity`` there.
    So at least ``demand - capacity`` officer-days of work fall outside their
    windows in every schedule. ``task_ids`` lists those tasks (for a very large
    range, the first ``MAX_WITNESS_TASKS``), ``tasks`` counts them all.
    """

    department: str
    start: date
    end: date
    demand: int
    capacity: int
    tasks: int
    task_ids: tuple[str, ...] = ()

    @property
    def excess(self) -> int:
        return self.demand - self.capacity
