"""Coordination engine (综合查一次): fewest enterprise visits, no late inspection.

Pure Python + NumPy; no Django. The inspections app and ``fazhi coordinate``
call it. See ``docs/domain/coordination.md`` for the problem, the algorithm,
the lower bound's certificate and the Hall-type witness.

Public API::

    lower_bound(tasks) -> LowerBound          # value + certificate
    plan_visits(tasks, capacity, *, calendar=None, evolve_seconds=0) -> Plan
    explain(plan, uscc) -> list[str]
    replan(plan, *, add=(), cancel=()) -> Plan
"""

from .bound import LowerBound
from .model import Capacity, CoordinationInputError, LateTask, Task, TaskTable, Visit, Witness
from .plan import Plan, explain, lower_bound, plan_visits
from .replan import replan

__all__ = [
    "Capacity",
    "CoordinationInputError",
    "LateTask",
    "LowerBound",
    "Plan",
    "Task",
    "TaskTable",
    "Visit",
    "Witness",
    "explain",
    "lower_bound",
    "plan_visits",
    "replan",
]
