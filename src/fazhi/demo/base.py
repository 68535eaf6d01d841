"""What every demo step shares: the context it runs in, its result, progress and audit.

A step is a function ``step(ctx: DemoContext) -> StepResult``. It draws its
random numbers from ``ctx.rng(<step name>)`` only, so a step's records depend
on the seed and on ``ctx.today`` and never on the steps before or after it.
It decides by natural keys whether its records already exist and, if so,
returns ``ctx.skipped(...)`` without writing anything.

Records are written with ``ctx.create(...)``: ``bulk_create`` in batches, each
batch followed by its audit entries (event ``"<prefix>.created"``, data
``{"demo": True, "seed": …}``) appended in one ``audit_record_many`` call.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db import models

from fazhi.audit.services import AuditItem, audit_record_many, diff, snapshot

#: rows per bulk_create / audit_record_many call
BATCH_SIZE = 2000

#: fields never copied into the append-only audit log
SECRET_FIELDS = frozenset({"password", "last_login"})


class DemoError(Exception):
    """The demo cannot be built on this database (the message says why and what to do)."""


@dataclass
class StepResult:
    """What one step did: counts of created records by label, or that it found them built."""

    name: str
    created: dict[str, int] = field(default_factory=dict)
    existing: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def skipped(self) -> bool:
        return not any(self.created.values())

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


class Progress(Protocol):
    """Receives a step's progress; ``fazhi.demo.progress.TextProgress`` draws it on stderr."""

    def step_started(self, name: str) -> None: ...

    def step_total(self, total: int) -> None: ...

    def step_advanced(self, done: int) -> None: ...

    def step_finished(self, result: StepResult) -> None: ...


class NullProgress:
    def step_started(self, name: str) -> None:
        pass

    def step_total(self, total: int) -> None:
        pass

    def step_advanced(self, done: int) -> None:
        pass

    def step_finished(self, result: StepResult) -> None:
        pass


@dataclass
class DemoContext:
    """The state the steps share.

    ``orgs`` maps the keys of ``fazhi.demo.zone.ZONE`` ("zone", "enforcement_team",
    "street_meixu" …) to the organizations; the organizations step fills it
    (creating or finding them), so later steps work whether or not the
    organizations were created in this run.
    """

    seed: int
    today: dt.date
    progress: Progress = field(default_factory=NullProgress)
    orgs: dict[str, Any] = field(default_factory=dict)
    #: the password of the accounts created in this run (set by the accounts step)
    password: str | None = None
    #: what a step leaves for later steps or the summary, e.g. "accounts_created"
    shared: dict[str, Any] = field(default_factory=dict)
    _done: int = 0

    def rng(self, name: str) -> random.Random:
        """The step's own generator: seeded by (seed, step name), independent of other steps."""
        return random.Random(f"fazhi-demo:{self.seed}:{name}")

    @property
    def audit_data(self) -> dict[str, Any]:
        return {"demo": True, "seed": self.seed}

    def total(self, n: int) -> None:
        self._done = 0
        self.progress.step_total(n)

    def advance(self, n: int) -> None:
        self._done += n
        self.progress.step_advanced(self._done)

    def audit_created(self, prefix: str, objs: Iterable[models.Model]) -> int:
        """Append one ``<prefix>.created`` entry per record (already saved, so with a pk)."""
        items = [
            AuditItem(
                f"{prefix}.created",
                obj,
                diff({}, {k: v for k, v in snapshot(obj).items() if k not in SECRET_FIELDS}),
                self.audit_data,
            )
            for obj in objs
        ]
        audit_record_many(items=items)
        return len(items)

    def create(
        self,
        model: type[models.Model],
        prefix: str,
        objs: Sequence[models.Model],
        *,
        before_audit: Callable[[list[models.Model]], None] | None = None,
    ) -> list[models.Model]:
        """``bulk_create`` ``objs`` in batches and audit each batch; progress counts rows.

        ``before_audit`` runs on each saved batch before it is audited (e.g. to
        set a materialised path that needs the new ids).
        """
        saved: list[models.Model] = []
        for start in range(0, len(objs), BATCH_SIZE):
            batch = model.objects.bulk_create(objs[start : start + BATCH_SIZE])
            if before_audit is not None:
                before_audit(batch)
            self.audit_created(prefix, batch)
            saved.extend(batch)
            self.advance(len(batch))
        return saved

    def skipped(self, name: str, **existing: int) -> StepResult:
        return StepResult(name=name, existing=existing)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 23 → 二十三, 105 → 一百零五 (article numbers, 1–999)."""
    digits = "零一二三四五六七八九"
    if not 0 < n < 1000:
        raise ValueError(n)
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += digits[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    if ones:
        out += digits[ones]
    return out


def weighted(rng: random.Random, table: Sequence[tuple[Any, float]]) -> Any:
    """One value of ``table`` [(value, weight)…] drawn by weight."""
    values = [v for v, _ in table]
    weights = [w for _, w in table]
    return rng.choices(values, weights=weights, k=1)[0]


def split_total(total: int, weights: Sequence[float]) -> list[int]:
    """Integers proportional to ``weights`` that add up to ``total`` exactly (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out
