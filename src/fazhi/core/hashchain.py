"""Tamper-evident hash chains: the audit log and a penalty case's full-process record (全过程记录).

Each entry stores ``prev_hash`` (the previous entry's ``hash``, or ``GENESIS``
for the first) and ``hash = entry_hash(prev_hash, payload)``. Changing, deleting,
inserting or reordering any entry breaks either its own hash or the next
entry's link, and ``verify_chain`` reports the first such place.

Canonical encoding (``canonical_encode``) — the exact bytes that are hashed
---------------------------------------------------------------------------

JSON text (RFC 8259) encoded as UTF-8, produced as
``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
allow_nan=False)`` after converting the payload as follows:

* the payload is a ``Mapping``; nested mappings become objects, lists and
  tuples become arrays. Keys must be ``str`` (an ``int`` key would otherwise be
  stringified and could collide with a ``str`` key). Objects are sorted by key
  in code-point order (Python's ``str`` ordering; note that RFC 8785/JCS sorts
  by UTF-16 code units, which differs only for characters beyond U+FFFF);
* ``None`` → ``null``; ``bool`` → ``true``/``false``; ``int`` → a JSON integer;
* ``str`` (and ``str`` subclasses such as Django ``TextChoices`` members) → the
  underlying string. Non-ASCII characters are written as UTF-8, not ``\\u``
  escapes; ``"``, ``\\`` and control characters are escaped as ``json`` does.
  No Unicode normalisation is applied. A string that is not valid UTF-8
  (a lone surrogate) raises ``ValueError``;
* ``float`` → Python's shortest round-trip ``repr`` (``1.0`` stays ``1.0``);
  NaN and ±infinity raise ``ValueError``. Amounts of money belong in
  ``Decimal``, which is portable across languages; floats are not;
* ``Decimal`` → a JSON *string* holding ``str(d)``, so ``Decimal("1.10")`` →
  ``"1.10"``; the exponent is kept, so quantise before hashing if 1.1 and 1.10
  must hash alike. Non-finite Decimals raise ``ValueError``;
* ``datetime`` → a string in UTC, always with six fractional digits and a
  ``Z`` suffix: ``"2024-01-01T19:04:05.000000Z"``. The fixed width makes the
  form a function of the instant only (however the value was constructed or
  whichever zone it carried) and keeps strings sortable. A naive datetime
  raises ``TypeError``: the instant it denotes is unknown;
* ``date`` (not a datetime) → ``"YYYY-MM-DD"``;
* anything else (``set``, ``time``, ``bytes``, models …) raises ``TypeError``.

Every error names the offending key as a path, e.g. ``payload['items'][2]['at']``.

Entry hash
----------

``entry_hash(prev_hash, payload)`` is the lower-case hex SHA-256 of::

    prev_hash.encode("ascii") + b"\\n" + canonical_encode(payload)

where ``prev_hash`` is 64 lower-case hex characters (``GENESIS`` is 64 zeros).

What a chain does not prove
---------------------------

* ``seq`` is not hashed: order is protected by the links, and ``seq`` gaps are
  reported as a convenience. Put ``seq`` in the payload to authenticate it.
* Removing entries from the *end* leaves a valid shorter chain. Detect it by
  comparing the last hash with an anchor kept elsewhere (a daily digest, a
  printed record, another system).
* Anyone able to rewrite every entry from some point on can re-hash the rest;
  anchors limit that too.

Pure standard library; no Django imports (STYLE R1).
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

__all__ = [
    "GENESIS",
    "BreakKind",
    "ChainBreak",
    "ChainLink",
    "canonical_encode",
    "entry_hash",
    "make_link",
    "verify_chain",
]

GENESIS = "0" * 64
"""The ``prev_hash`` of the first entry of every chain."""

_HEX = frozenset("0123456789abcdef")
_PLAIN_TYPES = frozenset({str, int, bool, type(None)})


def _canonical_value(value: object, path: str) -> Any:
    """Convert ``value`` into plain JSON types following the module's rules; ``path`` names it in errors."""
    # bool before int (bool is an int); datetime before date (datetime is a date).
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        plain = str.__str__(value)
        try:
            plain.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValueError(f"{path}: string is not valid Unicode text ({exc.reason})") from None
        return plain
    if isinstance(value, int):
        return int.__index__(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{path}: float {value!r} is not finite")
        return float(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{path}: Decimal {value!r} is not finite")
        return str(value)
    if isinstance(value, datetime):
        offset = value.utcoffset()
        if offset is None:
            raise TypeError(f"{path}: naive datetime {value!r}; use a timezone-aware datetime")
        u = value.astimezone(UTC)
        # Formatted by hand: strftime("%Y") does not zero-pad years below 1000 on every platform.
        return (
            f"{u.year:04d}-{u.month:02d}-{u.day:02d}T"
            f"{u.hour:02d}:{u.minute:02d}:{u.second:02d}.{u.microsecond:06d}Z"
        )
    if isinstance(value, date):
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{path}: key {key!r} is a {type(key).__name__}, not a str")
            # perf: plain values (most of an audit entry) skip the recursive call and its
            # path formatting; invalid text is still caught in canonical_encode.
            if type(item) in _PLAIN_TYPES:
                out[str.__str__(key)] = item
            else:
                out[str.__str__(key)] = _canonical_value(item, f"{path}[{key!r}]")
        return out
    if isinstance(value, list | tuple):
        return [_canonical_value(item, f"{path}[{i}]") for i, item in enumerate(value)]
    raise TypeError(f"{path}: values of type {type(value).__name__} cannot be canonically encoded")


def canonical_encode(payload: Mapping[str, Any]) -> bytes:
    """Return the canonical UTF-8 JSON bytes of ``payload`` (rules in the module docstring)."""
    if not isinstance(payload, Mapping):
        raise TypeError(f"payload must be a Mapping, not {type(payload).__name__}")
    plain = _canonical_value(payload, "payload")
    text = json.dumps(
        plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        _find_invalid_text(payload, "payload")
        raise


def _find_invalid_text(value: object, path: str) -> None:
    """Raise ValueError naming the string that is not valid Unicode text (the slow path)."""
    if isinstance(value, str):
        _canonical_value(value, path)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _find_invalid_text(item, f"{path}[{key!r}]")
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _find_invalid_text(item, f"{path}[{i}]")


def _check_hash_form(value: str, name: str) -> None:
    if not (isinstance(value, str) and len(value) == 64 and set(value) <= _HEX):
        raise ValueError(f"{name} must be 64 lower-case hex characters, got {value!r}")


def entry_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    """Return hex SHA-256 of ``prev_hash`` (ASCII) + ``b"\\n"`` + ``canonical_encode(payload)``.

    ``prev_hash`` must be 64 lower-case hex characters (``ValueError`` otherwise).
    """
    _check_hash_form(prev_hash, "prev_hash")
    h = hashlib.sha256(prev_hash.encode("ascii"))
    h.update(b"\n")
    h.update(canonical_encode(payload))
    return h.hexdigest()


@dataclass(frozen=True)
class ChainLink:
    """One stored entry: its position, the hash it links to, its own hash and its payload."""

    seq: int
    prev_hash: str
    hash: str
    payload: Mapping[str, Any]


def make_link(*, seq: int, prev_hash: str, payload: Mapping[str, Any]) -> ChainLink:
    """Return the ``ChainLink`` for ``payload`` appended after an entry whose hash is ``prev_hash``."""
    return ChainLink(
        seq=seq, prev_hash=prev_hash, hash=entry_hash(prev_hash, payload), payload=payload
    )


class BreakKind(StrEnum):
    """Which check a link failed."""

    SEQUENCE = "sequence"
    """``seq`` is not the previous link's ``seq`` + 1: a link was removed, inserted or moved."""
    LINKAGE = "linkage"
    """``prev_hash`` is not the previous link's ``hash``: a link was removed, inserted or moved."""
    HASH = "hash"
    """``hash`` does not match ``prev_hash`` and ``payload``: the entry was altered."""


@dataclass(frozen=True)
class ChainBreak:
    """The first place where a chain fails verification.

    ``seq`` is the ``seq`` stored on the offending link. ``expected`` and
    ``found`` are strings: sequence numbers for ``SEQUENCE``, hashes for
    ``LINKAGE`` and ``HASH`` (``found`` explains an unencodable payload).
    """

    seq: int
    kind: BreakKind
    reason: str
    reason_zh: str
    expected: str
    found: str


def verify_chain(
    links: Iterable[ChainLink], *, start_prev: str = GENESIS, start_seq: int | None = None
) -> ChainBreak | None:
    """Return the first break in ``links``, or ``None`` when the whole chain verifies.

    Links are consumed once, in order, keeping only the previous hash and
    ``seq`` (constant memory: pass a database iterator, not a list). Each link
    is checked for, in this order: ``seq`` = previous + 1 (the first link must
    have ``start_seq`` when given, any ``seq`` otherwise); ``prev_hash`` =
    previous link's ``hash`` (``start_prev`` for the first); ``hash`` =
    ``entry_hash(prev_hash, payload)``. To verify a tail, pass the last
    trusted hash as ``start_prev`` and the next ``seq`` as ``start_seq``.

    An empty iterable verifies. Truncation at the end is not detectable here
    (see the module docstring).
    """
    _check_hash_form(start_prev, "start_prev")
    expected_prev = start_prev
    expected_seq = start_seq
    for link in links:
        if expected_seq is not None and link.seq != expected_seq:
            if link.seq > expected_seq:
                reason = f"sequence gap: expected seq {expected_seq}, found {link.seq}"
                reason_zh = f"序号不连续：应为 {expected_seq}，实为 {link.seq}（记录缺失）"
            else:
                reason = f"sequence out of order: expected seq {expected_seq}, found {link.seq}"
                reason_zh = (
                    f"序号顺序错误：应为 {expected_seq}，实为 {link.seq}（记录重复或顺序被调换）"
                )
            return ChainBreak(
                seq=link.seq,
                kind=BreakKind.SEQUENCE,
                reason=reason,
                reason_zh=reason_zh,
                expected=str(expected_seq),
                found=str(link.seq),
            )
        if link.prev_hash != expected_prev:
            return ChainBreak(
                seq=link.seq,
                kind=BreakKind.LINKAGE,
                reason="prev_hash does not match the previous link's hash",
                reason_zh="前序哈希与上一条记录的哈希不一致（记录被删除、插入或调换）",
                expected=expected_prev,
                found=str(link.prev_hash),
            )
        try:
            recomputed = entry_hash(link.prev_hash, link.payload)
        except (TypeError, ValueError) as exc:
            return ChainBreak(
                seq=link.seq,
                kind=BreakKind.HASH,
                reason=f"payload cannot be canonically encoded: {exc}",
                reason_zh="记录内容无法规范编码，无法核验（内容可能被篡改）",
                expected="a canonically encodable payload",
                found=str(exc),
            )
        if link.hash != recomputed:
            return ChainBreak(
                seq=link.seq,
                kind=BreakKind.HASH,
                reason="hash does not match the payload (entry altered)",
                reason_zh="哈希值与记录内容不符（记录内容被篡改）",
                expected=recomputed,
                found=str(link.hash),
            )
        expected_prev = link.hash
        expected_seq = link.seq + 1
    return None
