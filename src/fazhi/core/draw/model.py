"""Values that go into and come out of a random draw (双随机、一公开).

Small inputs (a district's officers, recusal lists) are frozen dataclasses. The
population and the pair lists may be province-sized, so they also come in a
columnar form (``Population``, ``Pairs``): numpy arrays of UTF-8 byte strings,
one element per entity, with no Python object per entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, overload

import numpy as np

__all__ = [
    "ClassCount",
    "DrawDifference",
    "DrawImpossible",
    "DrawInputError",
    "DrawResult",
    "Entity",
    "Officer",
    "Pairs",
    "Population",
    "Target",
    "TargetList",
]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class DrawInputError(ValueError):
    """An input of a draw is malformed (a duplicate USCC, a class without a ratio …)."""


class DrawImpossible(ValueError):
    """The inputs admit no draw: some target cannot get ``per_visit`` eligible officers.

    The message names the target and the rule that removed the officers; the
    attributes carry the same facts for the web application.
    """

    def __init__(self, message: str, *, uscc: str, risk_class: str, position: int, rule: str):
        super().__init__(message)
        self.uscc = uscc
        self.risk_class = risk_class
        self.position = position  # 1-based, in drawn order
        self.rule = rule


def check_text(value: object, what: str, *, allow_empty: bool = False) -> str:
    """Return ``value`` if it is a string a canonical encoding can carry."""
    if not isinstance(value, str):
        raise DrawInputError(f"{what} must be a string, not {type(value).__name__}")
    if not value and not allow_empty:
        raise DrawInputError(f"{what} is empty")
    if _CONTROL.search(value):
        raise DrawInputError(f"{what} {value!r} contains a control character")
    return value


def as_date(value: object, what: str) -> date:
    if isinstance(value, datetime):
        raise DrawInputError(f"{what} must be a date, not a datetime: {value!r}")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise DrawInputError(f"{what} is not a date YYYY-MM-DD: {value!r}") from None
    raise DrawInputError(f"{what} must be a date, not {type(value).__name__}")


@dataclass(frozen=True, slots=True)
class Entity:
    """A market entity (经营主体) of the population to draw from."""

    uscc: str
    risk_class: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class Officer:
    """An enforcement officer (执法人员) with the validity of their certificate (执法证)."""

    officer_id: str
    organization: str
    certificate_valid_until: date
    name: str = ""

    def __post_init__(self) -> None:
        check_text(self.officer_id, "officer_id")
        if ";" in self.officer_id:
            raise DrawInputError(
                f"officer_id {self.officer_id!r} contains ';' (the draw's separator)"
            )
        check_text(
            self.organization, f"organization of officer {self.officer_id}", allow_empty=True
        )
        valid = as_date(
            self.certificate_valid_until, f"certificate_valid_until of {self.officer_id}"
        )
        object.__setattr__(self, "certificate_valid_until", valid)

    @classmethod
    def coerce(cls, row: Any) -> Officer:
        """An ``Officer``, a tuple ``(officer_id, organization, valid_until[, name])`` or
        any object with those attributes."""
        if isinstance(row, Officer):
            return row
        if isinstance(row, tuple | list):
            return cls(*row)
        return cls(row.officer_id, row.organization, row.certificate_valid_until)


def _bytes_column(values: Any, what: str) -> np.ndarray:
    """A 1-D numpy array of UTF-8 byte strings, checked for empty values and control bytes."""
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise DrawInputError(f"{what}: expected a 1-D array")
    if arr.dtype.kind == "U":
        arr = np.char.encode(arr, "utf-8")
    if arr.dtype.kind != "S":
        if arr.size == 0:
            return np.empty(0, dtype="S1")
        raise DrawInputError(f"{what}: expected strings, got an array of {arr.dtype}")
    n, w = arr.shape[0], arr.dtype.itemsize
    if n == 0:
        return arr
    if w == 0:
        raise DrawInputError(f"{what} is empty (row 1)")
    mat = arr.view(np.uint8).reshape(n, w)
    empty = mat[:, 0] == 0
    bad = empty | ((mat < 32) & (mat != 0) | (mat == 127)).any(axis=1)
    if w > 1:
        # numpy pads short strings with NUL; a NUL followed by a byte is a NUL inside a value
        bad |= ((mat[:, :-1] == 0) & (mat[:, 1:] != 0)).any(axis=1)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        value = arr[row]
        if empty[row]:
            raise DrawInputError(f"{what} is empty (row {row + 1})")
        raise DrawInputError(f"{what} {value!r} contains a control character (row {row + 1})")
    return arr


def _bytes_from_strings(values: list[str]) -> np.ndarray:
    if not values:
        return np.empty(0, dtype="S1")
    return np.array([v.encode("utf-8") for v in values], dtype=bytes)


class Population:
    """The population in columnar form: ``uscc[i]`` has credit-risk class ``risk_class[i]``.

    Both are numpy arrays of UTF-8 byte strings (``dtype='S…'``) or of ``str``.
    Order does not matter; the draw puts the population in USCC order itself.
    """

    __slots__ = ("uscc", "risk_class")

    def __init__(self, uscc: Any, risk_class: Any):
        self.uscc = _bytes_column(uscc, "uscc")
        self.risk_class = _bytes_column(risk_class, "risk_class")
        if self.uscc.shape != self.risk_class.shape:
            raise DrawInputError(
                f"population: {len(self.uscc)} USCCs but {len(self.risk_class)} risk classes"
            )

    @classmethod
    def coerce(cls, rows: Any) -> Population:
        """A ``Population``, or an iterable of ``Entity``, of ``(uscc, risk_class, …)``
        tuples, or of objects with ``uscc`` and ``risk_class`` attributes."""
        if isinstance(rows, Population):
            return rows
        usccs: list[str] = []
        classes: list[str] = []
        for row in rows:
            if isinstance(row, tuple | list):
                u, c = row[0], row[1]
            else:
                u, c = row.uscc, row.risk_class
            usccs.append(check_text(u, "uscc"))
            classes.append(check_text(c, f"risk_class of {u}"))
        return cls(_bytes_from_strings(usccs), _bytes_from_strings(classes))

    def __len__(self) -> int:
        return len(self.uscc)


class Pairs:
    """(officer_id, uscc) pairs in columnar form: recusals (回避) or the previous draw."""

    __slots__ = ("officer_id", "uscc")

    def __init__(self, officer_id: Any, uscc: Any):
        self.officer_id = _bytes_column(officer_id, "officer_id")
        self.uscc = _bytes_column(uscc, "uscc")
        if self.officer_id.shape != self.uscc.shape:
            raise DrawInputError(
                f"pairs: {len(self.officer_id)} officer ids but {len(self.uscc)} USCCs"
            )

    @classmethod
    def coerce(cls, rows: Any, what: str = "pair") -> Pairs:
        """``Pairs``, or an iterable of ``(officer_id, uscc)`` tuples or of objects with
        ``officer_id`` and ``uscc`` attributes."""
        if isinstance(rows, Pairs):
            return rows
        officers: list[str] = []
        usccs: list[str] = []
        for row in rows:
            if isinstance(row, tuple | list):
                o, u = row[0], row[1]
            else:
                o, u = row.officer_id, row.uscc
            officers.append(check_text(o, f"{what} officer_id"))
            usccs.append(check_text(u, f"{what} uscc"))
        return cls(_bytes_from_strings(officers), _bytes_from_strings(usccs))

    def __len__(self) -> int:
        return len(self.uscc)


@dataclass(frozen=True, slots=True)
class Target:
    """One drawn enterprise and the officers who go (ids in ascending order)."""

    uscc: str
    risk_class: str
    officers: tuple[str, ...]

    def row(self) -> tuple[str, str, str]:
        """The DRAW.csv row: ``uscc, risk_class, officer ids joined by ';'``."""
        return (self.uscc, self.risk_class, ";".join(self.officers))


class TargetList(Sequence[Target]):
    """The drawn targets in drawn order, backed by arrays (no object per target until read)."""

    __slots__ = ("_uscc", "_class_code", "_labels", "_officers", "_officer_ids")

    def __init__(
        self,
        uscc: np.ndarray,
        class_code: np.ndarray,
        labels: Sequence[str],
        officers: np.ndarray,
        officer_ids: Sequence[str],
    ):
        self._uscc = uscc
        self._class_code = class_code
        self._labels = tuple(labels)
        self._officers = officers  # (targets, per_visit) pool indices, ascending per row
        self._officer_ids = tuple(officer_ids)

    def __len__(self) -> int:
        return len(self._uscc)

    @overload
    def __getitem__(self, index: int) -> Target: ...
    @overload
    def __getitem__(self, index: slice) -> list[Target]: ...
    def __getitem__(self, index: int | slice) -> Target | list[Target]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        ids = self._officer_ids
        return Target(
            uscc=self._uscc[index].decode("utf-8"),
            risk_class=self._labels[int(self._class_code[index])],
            officers=tuple(ids[j] for j in self._officers[index].tolist()),
        )

    def __iter__(self) -> Iterator[Target]:
        for u, c, o in self.rows():
            yield Target(u, c, tuple(o.split(";")) if o else ())

    def rows(self, chunk: int = 65536) -> Iterator[tuple[str, str, str]]:
        """The DRAW.csv rows in drawn order: ``(uscc, risk_class, "id1;id2")``."""
        labels, ids = self._labels, self._officer_ids
        for start in range(0, len(self), chunk):
            end = start + chunk
            usccs = self._uscc[start:end].tolist()
            codes = self._class_code[start:end].tolist()
            officers = self._officers[start:end].tolist()
            for u, c, o in zip(usccs, codes, officers, strict=True):
                yield (u.decode("utf-8"), labels[c], ";".join([ids[j] for j in o]))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TargetList):
            return NotImplemented
        return len(self) == len(other) and all(
            a == b for a, b in zip(self.rows(), other.rows(), strict=True)
        )

    def __hash__(self) -> int:
        return hash(tuple(self.rows()))

    def __repr__(self) -> str:
        return f"<TargetList of {len(self)} targets>"


@dataclass(frozen=True, slots=True)
class ClassCount:
    """Per credit-risk class: population size, ratio and number of targets drawn."""

    risk_class: str
    ratio: str  # canonical decimal text, e.g. "0.05"
    population: int
    drawn: int


@dataclass(frozen=True)
class DrawResult:
    """A draw: the targets with their officers, and what is published beside them.

    ``input_hash`` and ``seed_commitment`` are published before the draw (commit);
    the seed is published after it (reveal). ``officer_loads`` lists every officer
    of the pool with the number of visits they got, in officer-id order.
    """

    targets: TargetList
    input_hash: str
    seed_commitment: str
    draw_date: date
    per_visit: int
    organization: str | None
    ratios: tuple[tuple[str, str], ...]
    classes: tuple[ClassCount, ...]
    officer_loads: tuple[tuple[str, int], ...]
    spec_version: str = "fazhi-draw-v1"

    @property
    def load_spread(self) -> int:
        """Busiest minus idlest officer's number of visits (0 for an empty pool)."""
        loads = [n for _, n in self.officer_loads]
        return max(loads) - min(loads) if loads else 0

    def rows(self) -> Iterator[tuple[str, str, str]]:
        return self.targets.rows()


@dataclass(frozen=True, slots=True)
class DrawDifference:
    """The first place where a published draw differs from what the seed gives.

    ``row`` is the 1-based data row (``None`` when the whole draw is at issue:
    a different number of rows, or inputs that admit no draw).
    """

    row: int | None
    field: str
    found: str
    expected: str

    @property
    def message(self) -> str:
        where = f"row {self.row}" if self.row is not None else "the draw"
        return f"{where}: {self.field} is {self.found}, the seed gives {self.expected}"

    def __str__(self) -> str:
        return self.message


def rows_of(result_rows: Iterable[Any]) -> Iterator[tuple[str, str, str]]:
    """Normalize published rows (``Target``s or ``(uscc, risk_class, officers)``) to text."""
    for row in result_rows:
        if isinstance(row, Target):
            yield row.row()
            continue
        if isinstance(row, tuple | list):
            u, c, o = row[0], row[1], row[2]
        else:
            u, c, o = row.uscc, row.risk_class, row.officers
        yield (str(u), str(c), o if isinstance(o, str) else ";".join(o))
