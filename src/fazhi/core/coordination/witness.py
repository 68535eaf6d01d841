"""Hall-type witnesses: a department and a date range whose demand exceeds capacity.

For one department, tasks with windows [a, b] and daily capacity c(D): an
on-time schedule with divisible work exists exactly when, for every range
[s, e], the officers needed by the tasks whose windows lie inside [s, e] do not
exceed the officers available on the working days of [s, e] (Hall's condition;
for intervals, single ranges suffice). A range that breaks it is a witness:
lateness cannot be avoided, whatever the schedule. Tasks are not divisible, so
a day whose capacity is below the department's smallest task counts as zero
(it can do none of them), which keeps the witness valid and a little stronger.

perf: all ranges at once with a 2-D prefix sum over the department's span of
days (≈ 260 × 260 cells for a year), about a millisecond per department.
"""

from __future__ import annotations

import numpy as np

__all__ = ["hall_violation"]


def hall_violation(a: np.ndarray, b: np.ndarray, w: np.ndarray, cap_row: np.ndarray) -> tuple[int, int, int, int] | None:
    """The most violated range (s, e, demand, capacity) of one department, or None.

    ``a``, ``b`` are working-day windows, ``w`` officers, ``cap_row`` the
    department's capacity per working day (indexed like ``a``/``b``).
    """
    if len(a) == 0:
        return None
    lo = int(a.min())
    hi = int(b.max())
    n = hi - lo + 1
    M = np.bincount((a - lo).astype(np.int64) * n + (b - lo), weights=w, minlength=n * n).reshape(n, n)
    # S[s, e] = Σ w over tasks with a ≥ s and b ≤ e
    S = M[::-1].cumsum(axis=0)[::-1].cumsum(axis=1)
    c = cap_row[lo : hi + 1].astype(np.int64)
    wmin = int(w.min())
    c = np.where(c < wmin, 0, c)
    pre = np.concatenate(([0], np.cumsum(c)))
    capS = pre[None, 1:] - pre[:-1, None]  # capS[s, e] = Σ c over s..e
    V = S - capS
    V[np.tril_indices(n, -1)] = -1  # s > e is not a range
    k = int(np.argmax(V))
    s, e = divmod(k, n)
    if V[s, e] <= 0:
        return None
    return lo + s, lo + e, int(S[s, e]), int(capS[s, e])
