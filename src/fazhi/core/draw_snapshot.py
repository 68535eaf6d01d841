"""The frozen inputs of a web draw (双随机抽查): snapshot, hashes, public files and feasibility.

When a department publishes a draw's commitment, the web application freezes
the draw's inputs — the population drawn from, the officer pool, the ratios,
the date, ``per_visit``, the recusal pairs and the previous draw's pairs — as a
``DrawInputs`` value and stores it (``encode``: gzip of canonical JSON, the
same bytes for the same inputs). The published input hash is
``inputs.input_hash()``, the core's hash (``fazhi.core.draw.input_hash``) of
exactly these inputs, so it can be recomputed at any time from the snapshot,
however the registers change afterwards.

Recusal pairs (回避) may reveal a conflict of interest, so they are not
published. Beside the input hash, the draw therefore publishes
``inputs.input_hash(with_recusals=False)`` (the public input hash: what anyone
recomputes from the public files, ``fazhi draw commit`` / ``verify
--input-hash``) and ``pairs_hash(inputs.recusals)`` (the recusal hash: SHA-256
of the recusal lines of the input encoding, ``officer_id TAB uscc LF`` in
ascending order), which the supervising body checks against the full inputs.

``shortfall`` is the draw's seed-independent feasibility rule: every entity
that can be drawn (its class has a ratio above 0) must have at least
``per_visit`` eligible officers in the pool. A draw that passes it can never
fail at run time, whatever the seed — so a department cannot make an
enterprise undrawable by adding recusals and re-preparing until the seed
avoids it.

Pure Python; no Django imports (STYLE R1).
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fazhi.core.draw import (
    DrawDifference,
    DrawInputError,
    DrawResult,
    Entity,
    Officer,
    canonical_ratio,
    draw,
    input_hash,
    verify,
)
from fazhi.core.identifiers import mask_name

__all__ = [
    "FORMAT",
    "DrawInputs",
    "PoolOfficer",
    "PopulationRow",
    "Shortfall",
    "command_text",
    "decode",
    "draw_csv",
    "encode",
    "pairs_csv",
    "pairs_hash",
    "verify_args",
]

#: the snapshot's format name, stored inside it
FORMAT = "fazhi-draw-inputs-v1"

Pair = tuple[str, str]


@dataclass(frozen=True, slots=True)
class PopulationRow:
    """An entity of the population: USCC, name (published, not hashed) and credit-risk class."""

    uscc: str
    name: str
    risk_class: str


@dataclass(frozen=True, slots=True)
class PoolOfficer:
    """An officer of the pool: the draw's officer id, name, the certificate's organization and validity."""

    officer_id: str
    name: str
    organization: str
    certificate_valid_until: date
    certificate_number: str = ""


@dataclass(frozen=True, slots=True)
class Shortfall:
    """An entity that could be drawn but could not be staffed (the first one in USCC order)."""

    uscc: str
    name: str
    risk_class: str
    per_visit: int
    pool: int  # officers in the pool
    recused: int  # of them in a recusal pair with the entity
    previous: int  # of them paired with the entity in the previous draw
    eligible: int  # pool − recused − previous (an officer in both counts once)


def _ceil_ratio(ratio: str, n: int) -> int:
    """ceil(ratio × n), exactly (as the draw computes it)."""
    num, den = Decimal(ratio).as_integer_ratio()
    return -((-num * n) // den)


def _pairs(rows: Iterable[Any], what: str) -> tuple[Pair, ...]:
    out = set()
    for row in rows:
        o, u = (row[0], row[1]) if isinstance(row, tuple | list) else (row.officer_id, row.uscc)
        if not isinstance(o, str) or not isinstance(u, str) or not o or not u:
            raise DrawInputError(f"{what} pair {row!r}: officer_id and uscc must be non-empty strings")
        out.add((o, u))
    return tuple(sorted(out))


@dataclass(frozen=True)
class DrawInputs:
    """Everything that decides a draw, in canonical order (build it with ``DrawInputs.build``)."""

    draw_date: date
    per_visit: int
    organization: str
    ratios: tuple[tuple[str, str], ...]  # (class, canonical ratio text), ascending class
    population: tuple[PopulationRow, ...]  # ascending USCC
    officers: tuple[PoolOfficer, ...]  # ascending officer id
    recusals: tuple[Pair, ...] = ()  # ascending, unique
    history: tuple[Pair, ...] = ()  # ascending, unique

    @classmethod
    def build(
        cls,
        *,
        draw_date: date,
        per_visit: int,
        organization: str,
        ratios: Mapping[str, object],
        population: Iterable[PopulationRow],
        officers: Iterable[PoolOfficer],
        recusals: Iterable[Any] = (),
        history: Iterable[Any] = (),
    ) -> DrawInputs:
        """Check and canonicalize the inputs (raises ``DrawInputError``)."""
        canon = tuple((c, canonical_ratio(ratios[c], c)[1]) for c in sorted(ratios))
        pop = tuple(sorted(population, key=lambda r: r.uscc))
        for a, b in zip(pop, pop[1:], strict=False):
            if a.uscc == b.uscc:
                raise DrawInputError(f"uscc {a.uscc} appears twice in the population")
        staff = tuple(sorted(officers, key=lambda o: o.officer_id))
        for a, b in zip(staff, staff[1:], strict=False):
            if a.officer_id == b.officer_id:
                raise DrawInputError(f"officer_id {a.officer_id} appears twice among the officers")
        return cls(
            draw_date=draw_date,
            per_visit=per_visit,
            organization=organization,
            ratios=canon,
            population=pop,
            officers=staff,
            recusals=_pairs(recusals, "recusal"),
            history=_pairs(history, "history"),
        )

    # --- what the core takes ------------------------------------------------------------

    @property
    def ratio_map(self) -> dict[str, str]:
        return dict(self.ratios)

    @property
    def ratio_text(self) -> str:
        """The ``--ratios`` argument: ``A=0.02,B=0.05,C=0.2,D=0.5``."""
        return ",".join(f"{c}={r}" for c, r in self.ratios)

    def _core(self, with_recusals: bool) -> tuple[list[Entity], list[Officer], dict[str, Any]]:
        population = [Entity(r.uscc, r.risk_class, r.name) for r in self.population]
        officers = [
            Officer(o.officer_id, o.organization, o.certificate_valid_until, o.name) for o in self.officers
        ]
        kwargs = {
            "draw_date": self.draw_date,
            "per_visit": self.per_visit,
            "recusals": self.recusals if with_recusals else (),
            "history": self.history,
            "organization": self.organization,
        }
        return population, officers, kwargs

    def input_hash(self, *, with_recusals: bool = True) -> str:
        """The core's input hash of these inputs (without the recusal pairs: the public input hash)."""
        population, officers, kwargs = self._core(with_recusals)
        return input_hash(population, officers, self.ratio_map, **kwargs)

    def draw(self, seed: bytes | str) -> DrawResult:
        """The draw the seed gives (raises ``DrawImpossible`` / ``DrawInputError`` as the core does)."""
        population, officers, kwargs = self._core(True)
        return draw(population, officers, self.ratio_map, seed=seed, **kwargs)

    def verify(self, rows: Iterable[Any], seed: bytes | str, *, with_recusals: bool = True) -> DrawDifference | None:
        population, officers, kwargs = self._core(with_recusals)
        return verify(rows, population, officers, self.ratio_map, seed=seed, **kwargs)

    # --- figures ------------------------------------------------------------------------------

    def class_sizes(self) -> dict[str, int]:
        """Entities per class (every class with a ratio, 0 when none)."""
        sizes = {c: 0 for c, _ in self.ratios}
        for r in self.population:
            sizes[r.risk_class] = sizes.get(r.risk_class, 0) + 1
        return sizes

    def targets_per_class(self) -> dict[str, int]:
        """ceil(ratio × class size) per class: how many targets the draw will take (seed-independent)."""
        sizes = self.class_sizes()
        return {c: _ceil_ratio(r, sizes[c]) for c, r in self.ratios}

    def pool_ids(self) -> set[str]:
        """The officers the draw can send (step 3 of the draw: the organization's, valid on the date)."""
        return {
            o.officer_id
            for o in self.officers
            if o.organization == self.organization and o.certificate_valid_until >= self.draw_date
        }

    def shortfall(self) -> Shortfall | None:
        """The first entity (USCC order) that may be drawn but has fewer than ``per_visit`` eligible officers."""
        drawable = {c for c, r in self.ratios if Decimal(r) > 0}
        pool = self.pool_ids()
        recused: dict[str, set[str]] = {}
        previous: dict[str, set[str]] = {}
        for pairs, into in ((self.recusals, recused), (self.history, previous)):
            for o, u in pairs:
                if o in pool:
                    into.setdefault(u, set()).add(o)
        for r in self.population:
            if r.risk_class not in drawable:
                continue
            rec, prev = recused.get(r.uscc, set()), previous.get(r.uscc, set())
            eligible = len(pool) - len(rec | prev)
            if eligible < self.per_visit:
                return Shortfall(
                    uscc=r.uscc, name=r.name, risk_class=r.risk_class, per_visit=self.per_visit,
                    pool=len(pool), recused=len(rec), previous=len(prev), eligible=eligible,
                )
        return None

    def recusal_effects(self, result: DrawResult) -> int:
        """How many drawn targets have at least one pool officer recused from them.

        When it is 0, the draw recomputed from the public files (without the
        recusal pairs) is the draw itself, officers included.
        """
        pool = self.pool_ids()
        touched = {u for o, u in self.recusals if o in pool}
        return sum(1 for t in result.targets if t.uscc in touched)

    # --- public files ---------------------------------------------------------------------------

    def population_csv(self) -> str:
        """POP.csv: ``uscc,name,risk_class`` in USCC order."""
        return _csv(("uscc", "name", "risk_class"), ((r.uscc, r.name, r.risk_class) for r in self.population))

    def officers_csv(self, *, masked: bool = True) -> str:
        """OFF.csv: ``officer_id,name,organization,certificate_valid_until,certificate_number``
        (names masked for the public; the draw never reads names)."""
        return _csv(
            ("officer_id", "name", "organization", "certificate_valid_until", "certificate_number"),
            (
                (
                    o.officer_id,
                    mask_name(o.name) if masked else o.name,
                    o.organization,
                    o.certificate_valid_until.isoformat(),
                    o.certificate_number,
                )
                for o in self.officers
            ),
        )


def pairs_csv(pairs: Sequence[Pair]) -> str:
    """REC.csv / HIST.csv: ``officer_id,uscc``."""
    return _csv(("officer_id", "uscc"), pairs)


def draw_csv(rows: Iterable[tuple[str, str, str]]) -> str:
    """DRAW.csv: ``uscc,risk_class,officers`` in drawn order (as ``fazhi draw run`` writes it)."""
    return _csv(("uscc", "risk_class", "officers"), rows)


def _csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def pairs_hash(pairs: Sequence[Pair]) -> str:
    """SHA-256 (hex) of ``officer_id TAB uscc LF`` per pair, ascending and unique — the recusal
    lines of the input encoding (docs/domain/random-draw.md, "Input hash")."""
    h = hashlib.sha256()
    for o, u in sorted(set(pairs)):
        h.update(f"{o}\t{u}\n".encode())
    return h.hexdigest()


def verify_args(
    inputs: DrawInputs,
    *,
    seed: str,
    commitment: str = "",
    input_hash: str = "",
    with_recusals: bool = False,
    reference_verifier: bool = False,
) -> list[str]:
    """The verification command for the files of the download, as an argument list.

    ``fazhi draw verify …`` (``reference_verifier``: ``python3 verify_draw.py …``,
    which takes no ``--commitment``/``--input-hash`` but prints both).
    """
    head = ["python3", "verify_draw.py"] if reference_verifier else ["fazhi", "draw", "verify"]
    args = head + [
        "--population", "population.csv",
        "--officers", "officers.csv",
        "--ratios", inputs.ratio_text,
        "--seed", seed,
        "--date", inputs.draw_date.isoformat(),
        "--per-visit", str(inputs.per_visit),
    ]
    if with_recusals:
        args += ["--recusals", "recusals.csv"]
    args += ["--history", "history.csv", "--organization", inputs.organization, "--draw", "draw.csv"]
    if not reference_verifier:
        if commitment:
            args += ["--commitment", commitment]
        if input_hash:
            args += ["--input-hash", input_hash]
    return args


def command_text(args: Sequence[str]) -> str:
    """One shell line for ``args`` (quoted where needed)."""
    return shlex.join(args)


# --- the stored snapshot ------------------------------------------------------------------------


def encode(inputs: DrawInputs) -> bytes:
    """The snapshot as bytes: gzip (no timestamp) of canonical JSON — equal inputs, equal bytes."""
    doc = {
        "format": FORMAT,
        "date": inputs.draw_date.isoformat(),
        "per_visit": inputs.per_visit,
        "organization": inputs.organization,
        "ratios": [list(r) for r in inputs.ratios],
        "population": [[r.uscc, r.name, r.risk_class] for r in inputs.population],
        "officers": [
            [o.officer_id, o.name, o.organization, o.certificate_valid_until.isoformat(), o.certificate_number]
            for o in inputs.officers
        ],
        "recusals": [list(p) for p in inputs.recusals],
        "history": [list(p) for p in inputs.history],
    }
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def decode(data: bytes) -> DrawInputs:
    """The ``DrawInputs`` of a stored snapshot (raises ``ValueError`` for anything else)."""
    try:
        doc = json.loads(gzip.decompress(bytes(data)).decode("utf-8"))
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a draw snapshot: {exc}") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ValueError(f"not a draw snapshot of format {FORMAT}")
    return DrawInputs(
        draw_date=date.fromisoformat(doc["date"]),
        per_visit=int(doc["per_visit"]),
        organization=doc["organization"],
        ratios=tuple((c, r) for c, r in doc["ratios"]),
        population=tuple(PopulationRow(u, n, c) for u, n, c in doc["population"]),
        officers=tuple(
            PoolOfficer(i, n, org, date.fromisoformat(v), cert) for i, n, org, v, cert in doc["officers"]
        ),
        recusals=tuple((o, u) for o, u in doc["recusals"]),
        history=tuple((o, u) for o, u in doc["history"]),
    )
