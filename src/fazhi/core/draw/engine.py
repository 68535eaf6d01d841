"""The draw procedure: targets per credit-risk class, then officers per target.

Step numbers refer to docs/domain/random-draw.md, which specifies the procedure
precisely enough for an independent implementation; docs/domain/verify_draw.py
is such an implementation, in plain Python.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import numpy as np

from . import assign
from .canonical import (
    Canonical,
    canonicalize,
    class_size_to_draw,
    commit,
    input_hash_of,
    seed_bytes,
)
from .model import (
    ClassCount,
    DrawDifference,
    DrawImpossible,
    DrawResult,
    Officer,
    Pairs,
    TargetList,
    rows_of,
)
from .stream import (
    SPEC_VERSION,
    WordStream,
    level_order,
    partial_fisher_yates,
    sample_without_replacement,
)

__all__ = ["compare", "draw", "input_hash", "verify"]


def draw(
    population: Any,
    officers: Iterable[Any],
    ratios: Mapping[str, object],
    *,
    seed: bytes | str,
    draw_date: date,
    per_visit: int = 2,
    recusals: Any = (),
    history: Any = (),
    organization: str | None = None,
) -> DrawResult:
    """Draw the targets and their officers; the result is a function of (seed, inputs).

    ``population``: a ``Population`` or an iterable of ``Entity`` / ``(uscc, risk_class)``.
    ``officers``: ``Officer``s or ``(officer_id, organization, certificate_valid_until)``.
    ``ratios``: credit-risk class → ratio in [0, 1] (``Decimal``, decimal text or float);
    every class of the population needs one. ``recusals`` and ``history``: ``Pairs`` or
    ``(officer_id, uscc)`` pairs. ``organization``: the drawing organization; only its
    officers are in the pool (``None``: every officer given).

    Raises ``DrawInputError`` for malformed inputs and ``DrawImpossible`` when a
    target cannot get ``per_visit`` eligible officers; never returns a partial draw.
    """
    c = canonicalize(
        population,
        officers,
        ratios,
        draw_date=draw_date,
        per_visit=per_visit,
        recusals=recusals,
        history=history,
        organization=organization,
    )
    return _run(c, seed_bytes(seed))


def input_hash(
    population: Any,
    officers: Iterable[Any],
    ratios: Mapping[str, object],
    *,
    draw_date: date,
    per_visit: int = 2,
    recusals: Any = (),
    history: Any = (),
    organization: str | None = None,
) -> str:
    """SHA-256 (hex) of the canonical encoding of the inputs, published with the commitment."""
    return input_hash_of(
        canonicalize(
            population,
            officers,
            ratios,
            draw_date=draw_date,
            per_visit=per_visit,
            recusals=recusals,
            history=history,
            organization=organization,
        )
    )


def verify(
    result_rows: Iterable[Any],
    population: Any,
    officers: Iterable[Any],
    ratios: Mapping[str, object],
    *,
    seed: bytes | str,
    draw_date: date,
    per_visit: int = 2,
    recusals: Any = (),
    history: Any = (),
    organization: str | None = None,
) -> DrawDifference | None:
    """Recompute the draw and compare it row by row with ``result_rows``.

    ``result_rows``: ``Target``s or ``(uscc, risk_class, officers)`` rows, where
    ``officers`` is the ``;``-joined text of DRAW.csv or a sequence of ids. Returns
    ``None`` when the rows are exactly what the seed gives, else the first difference
    (inputs that admit no draw are a difference too). Malformed inputs raise
    ``DrawInputError``, as for ``draw``.
    """
    try:
        expected = draw(
            population,
            officers,
            ratios,
            seed=seed,
            draw_date=draw_date,
            per_visit=per_visit,
            recusals=recusals,
            history=history,
            organization=organization,
        )
    except DrawImpossible as exc:
        return DrawDifference(None, "the draw", "published", f"no draw at all ({exc})")
    return compare(result_rows, expected)


def compare(result_rows: Iterable[Any], expected: DrawResult) -> DrawDifference | None:
    """The first difference between published rows and a recomputed draw, or ``None``."""
    expected_count = len(expected.targets)
    got_rows = rows_of(result_rows)
    want_rows = expected.targets.rows()
    row = 0
    while True:
        got, want = next(got_rows, None), next(want_rows, None)
        if got is None and want is None:
            return None
        row += 1
        if got is None or want is None:
            published = row - 1 if got is None else row + sum(1 for _ in got_rows)
            return DrawDifference(None, "the number of rows", str(published), str(expected_count))
        for field, g, w in zip(("uscc", "risk_class", "officers"), got, want, strict=True):
            if g != w:
                return DrawDifference(row, field, repr(g), repr(w))


def _select(c: Canonical, seed: bytes) -> tuple[np.ndarray, list[ClassCount]]:
    """Step 2: the drawn entities (indices into ``c.uscc``) in drawn order, and counts per class."""
    if len(c.uscc):
        grouped = np.argsort(c.class_code, kind="stable")  # by class, USCC order within
        sizes = np.bincount(c.class_code, minlength=len(c.labels)).tolist()
    else:
        grouped = np.empty(0, dtype=np.int64)
        sizes = [0] * len(c.labels)
    parts = []
    counts = []
    start = 0
    for ci, label in enumerate(c.labels):
        n = sizes[ci]
        members = grouped[start : start + n]
        start += n
        k = class_size_to_draw(c.ratios[ci], n)
        js = sample_without_replacement(WordStream(seed, f"target:{label}"), n, k)
        picks = np.asarray(partial_fisher_yates(js), dtype=np.int64)
        parts.append(members[picks])
        counts.append(ClassCount(label, c.ratio_text[ci], n, k))
    drawn = np.concatenate(parts) if parts else np.empty(0, dtype=np.int64)
    return drawn.astype(np.int64), counts


def _pool(c: Canonical) -> list[Officer]:
    """Step 3: officers of the drawing organization with a certificate valid on the draw date."""
    return [
        o
        for o in c.officers
        if (c.organization is None or o.organization == c.organization)
        and o.certificate_valid_until >= c.draw_date
    ]


def _common(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    width = max(a.dtype.itemsize, b.dtype.itemsize, 1)
    return a.astype(f"S{width}"), b.astype(f"S{width}")


def _fingerprints(arr: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each byte string (equal strings of equal width, equal hashes)."""
    n, w = len(arr), arr.dtype.itemsize
    padded = np.zeros((n, -(-w // 8) * 8), dtype=np.uint8)
    padded[:, :w] = arr.view(np.uint8).reshape(n, w)
    words = padded.view("<u8")
    h = np.full(n, 0x9E3779B97F4A7C15, dtype=np.uint64)
    for j in range(words.shape[1]):
        h ^= words[:, j]
        h *= np.uint64(0xBF58476D1CE4E5B9)
        h ^= h >> np.uint64(31)
    return h


def _find(haystack: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """For each needle, its index in ``haystack`` (unique byte strings), or -1.

    perf: a hash join on 64-bit fingerprints, every match checked byte for byte;
    if two haystack entries share a fingerprint, a plain binary search on the
    strings is used instead, so the answer is always exact.
    """
    out = np.full(len(needles), -1, dtype=np.int64)
    if len(haystack) == 0 or len(needles) == 0:
        return out
    hay, ned = _common(haystack, needles)
    fh, fn = _fingerprints(hay), _fingerprints(ned)
    order = np.argsort(fh, kind="stable")
    fh = fh[order]
    if len(fh) > 1 and bool((fh[1:] == fh[:-1]).any()):
        order = np.argsort(hay, kind="stable")
        i = np.minimum(np.searchsorted(hay[order], ned), len(hay) - 1)
    else:
        i = np.minimum(np.searchsorted(fh, fn), len(hay) - 1)
    candidate = order[i]
    hit = hay[candidate] == ned
    out[hit] = candidate[hit]
    return out


def _pair_hits(
    pairs: Pairs, pool_ids: np.ndarray, target_uscc: np.ndarray
) -> tuple[list[int], list[int]]:
    """The (target position, pool index) of each pair whose officer is in the pool and
    whose enterprise is drawn."""
    if len(pairs) == 0 or len(pool_ids) == 0 or len(target_uscc) == 0:
        return [], []
    officer = _find(pool_ids, pairs.officer_id)
    keep = np.flatnonzero(officer >= 0)
    target = _find(target_uscc, pairs.uscc[keep])
    hit = target >= 0
    return target[hit].tolist(), officer[keep[hit]].tolist()


def _run(c: Canonical, seed: bytes) -> DrawResult:
    q = c.per_visit
    drawn, counts = _select(c, seed)
    t_uscc = c.uscc[drawn]
    t_class = c.class_code[drawn]
    n_targets = len(drawn)

    pool = _pool(c)
    pool_ids = [o.officer_id for o in pool]
    pool_arr = np.array([i.encode("utf-8") for i in pool_ids] or [b""], dtype=bytes)[: len(pool)]

    # Step 4: who may not go where
    recused: dict[int, set[int]] = {}
    paired: dict[int, set[int]] = {}
    excluded: dict[int, set[int]] = {}
    for pairs, why in ((c.recusals, recused), (c.history, paired)):
        for p, i in zip(*_pair_hits(pairs, pool_arr, t_uscc), strict=True):
            why.setdefault(p, set()).add(i)
            excluded.setdefault(p, set()).add(i)
    _check_possible(c, n_targets, len(pool), excluded, recused, paired, t_uscc, t_class)

    # Steps 5 and 6
    flat, load = assign.greedy(
        n_targets, len(pool), q, excluded, lambda level: level_order(seed, level, len(pool))
    )
    assign.repair(flat, load, q, excluded)

    officers = (
        np.array(flat, dtype=np.int32).reshape(n_targets, q)
        if n_targets
        else np.empty((0, q), np.int32)
    )
    officers.sort(axis=1)  # step 7: a target's officers in officer-id order
    return DrawResult(
        targets=TargetList(t_uscc, t_class, c.labels, officers, pool_ids),
        input_hash=input_hash_of(c),
        seed_commitment=commit(seed),
        draw_date=c.draw_date,
        per_visit=q,
        organization=c.organization,
        ratios=tuple(zip(c.labels, c.ratio_text, strict=True)),
        classes=tuple(counts),
        officer_loads=tuple(zip(pool_ids, load, strict=True)),
        spec_version=SPEC_VERSION,
    )


def _check_possible(
    c: Canonical,
    n_targets: int,
    pool_size: int,
    excluded: Mapping[int, set[int]],
    recused: Mapping[int, set[int]],
    paired: Mapping[int, set[int]],
    t_uscc: np.ndarray,
    t_class: np.ndarray,
) -> None:
    """Raise ``DrawImpossible`` for the first target (drawn order) with too few eligible officers."""
    q = c.per_visit
    if n_targets == 0:
        return
    if pool_size < q:
        first = 0
    else:
        short = [p for p, ex in excluded.items() if pool_size - len(ex) < q]
        if not short:
            return
        first = min(short)
    uscc = t_uscc[first].decode("utf-8")
    risk_class = c.labels[int(t_class[first])]
    org = f" for {c.organization}" if c.organization else ""
    nr, nh = len(recused.get(first, ())), len(paired.get(first, ()))
    eligible = pool_size - len(excluded.get(first, ()))
    rules = []
    if pool_size < q:
        rules.append(f"certificate valid on the draw date{org}")
    if nr:
        rules.append("recusal (回避)")
    if nh:
        rules.append("not the same enterprise twice in a row (previous draw)")
    reasons = [f"{pool_size} officer(s) hold a certificate valid on {c.draw_date.isoformat()}{org}"]
    if nr:
        reasons.append(f"{nr} of them in a recusal pair with it")
    if nh:
        reasons.append(f"{nh} of them paired with it in the previous draw")
    raise DrawImpossible(
        f"draw impossible: target {uscc} (risk class {risk_class}, drawn no. {first + 1}) "
        f"needs {q} distinct officers (per_visit) but has only {eligible} eligible: "
        f"{'; '.join(reasons)} — rule: {', '.join(rules)}",
        uscc=uscc,
        risk_class=risk_class,
        position=first + 1,
        rule=", ".join(rules),
    )
