"""Tests for fazhi.core.hashchain: canonical encoding, entry hashes and chain verification."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import weakref
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core.hashchain import (
    GENESIS,
    BreakKind,
    ChainBreak,
    ChainLink,
    canonical_encode,
    entry_hash,
    make_link,
    verify_chain,
)

CST = timezone(timedelta(hours=8), "Asia/Shanghai")


def build_chain(payloads: list[Mapping[str, Any]], *, first_seq: int = 1) -> list[ChainLink]:
    links: list[ChainLink] = []
    prev = GENESIS
    for i, payload in enumerate(payloads):
        link = make_link(seq=first_seq + i, prev_hash=prev, payload=payload)
        links.append(link)
        prev = link.hash
    return links


def case_payloads(n: int = 10) -> list[Mapping[str, Any]]:
    return [
        {
            "event": "case.step_recorded",
            "case": "甬高新罚〔2027〕12号",
            "step": i,
            "actor": "张三",
            "at": datetime(2027, 3, 1, 9, i, tzinfo=CST),
            "fine": Decimal("5000.00"),
            "due": date(2027, 5, 30),
            "note": None,
        }
        for i in range(n)
    ]


# --- canonical encoding ---------------------------------------------------------

# Written out by hand: keys sorted, no spaces, UTF-8 for 张三 (E5 BC A0 E4 B8 89),
# 2024-01-02 03:04:05 +08:00 is 2024-01-01 19:04:05 UTC.
SMALL_PAYLOAD_BYTES = b'{"a":"\xe5\xbc\xa0\xe4\xb8\x89","b":1,"when":"2024-01-01T19:04:05.000000Z"}'
SMALL_PAYLOAD_HASH = "fb28593dfca8b08146435ee2e816cb45e4e61dcb1143a9693cb7e6e4df9206a6"


def small_payload() -> dict[str, Any]:
    return {"when": datetime(2024, 1, 2, 3, 4, 5, tzinfo=CST), "b": 1, "a": "张三"}


def test_canonical_bytes_of_a_small_payload() -> None:
    assert canonical_encode(small_payload()) == SMALL_PAYLOAD_BYTES


def test_entry_hash_of_a_small_payload_matches_hashlib_over_the_literal_bytes() -> None:
    """entry_hash = SHA-256(prev_hash ASCII + b"\\n" + canonical bytes), lower-case hex."""
    by_hand = hashlib.sha256(b"0" * 64 + b"\n" + SMALL_PAYLOAD_BYTES).hexdigest()
    assert by_hand == SMALL_PAYLOAD_HASH
    assert entry_hash(GENESIS, small_payload()) == SMALL_PAYLOAD_HASH


def test_key_order_does_not_change_the_bytes() -> None:
    a = {"x": 1, "y": {"b": [1, {"d": 2, "c": 3}], "a": None}, "甲": "乙"}
    b = {"甲": "乙", "y": {"a": None, "b": [1, {"c": 3, "d": 2}]}, "x": 1}
    assert canonical_encode(a) == canonical_encode(b)
    assert canonical_encode(a) == '{"x":1,"y":{"a":null,"b":[1,{"c":3,"d":2}]},"甲":"乙"}'.encode()


def test_the_same_instant_in_any_zone_encodes_alike() -> None:
    utc = datetime(2027, 1, 1, 0, 0, tzinfo=UTC)
    shanghai = datetime(2027, 1, 1, 8, 0, tzinfo=CST)
    assert canonical_encode({"t": utc}) == canonical_encode({"t": shanghai})
    assert canonical_encode({"t": utc}) == b'{"t":"2027-01-01T00:00:00.000000Z"}'


def test_scalar_forms() -> None:
    # A str/Enum mix-in like Django's TextChoices: str() would give "Status.FILED".
    class Status(str, Enum):  # noqa: UP042
        FILED = "filed"

    payload = {
        "none": None,
        "t": True,
        "f": False,
        "int": -12,
        "float": 1.0,
        "dec": Decimal("1.10"),
        "date": date(2027, 2, 28),
        "micro": datetime(2027, 1, 1, 0, 0, 0, 7, tzinfo=UTC),
        "old": datetime(999, 1, 1, tzinfo=UTC),
        "status": Status.FILED,
        "tuple": (1, "a"),
        "esc": 'q"\\\n\t\x00',
    }
    assert json.loads(canonical_encode(payload)) == {
        "none": None,
        "t": True,
        "f": False,
        "int": -12,
        "float": 1.0,
        "dec": "1.10",
        "date": "2027-02-28",
        "micro": "2027-01-01T00:00:00.000007Z",
        "old": "0999-01-01T00:00:00.000000Z",
        "status": "filed",
        "tuple": [1, "a"],
        "esc": 'q"\\\n\t\x00',
    }
    assert b'"float":1.0' in canonical_encode(payload)
    assert b'"esc":"q\\"\\\\\\n\\t\\u0000"' in canonical_encode(payload)


@pytest.mark.parametrize(
    ("payload", "error", "path"),
    [
        ({"at": datetime(2027, 1, 1)}, TypeError, "payload['at']"),
        ({"x": [1, {"v": float("nan")}]}, ValueError, "payload['x'][1]['v']"),
        ({"v": float("inf")}, ValueError, "payload['v']"),
        ({"v": Decimal("NaN")}, ValueError, "payload['v']"),
        ({"tags": {"a", "b"}}, TypeError, "payload['tags']"),
        ({"raw": b"bytes"}, TypeError, "payload['raw']"),
        ({"obj": object()}, TypeError, "payload['obj']"),
        ({"nested": {1: "a"}}, TypeError, "payload['nested']"),
        ({"s": "\ud800"}, ValueError, "payload['s']"),
    ],
)
def test_rejected_values_name_the_key(payload: Mapping[str, Any], error: type, path: str) -> None:
    with pytest.raises(error) as info:
        canonical_encode(payload)
    assert path in str(info.value)


def test_payload_must_be_a_mapping() -> None:
    with pytest.raises(TypeError):
        canonical_encode([("a", 1)])  # type: ignore[arg-type]


def test_entry_hash_rejects_malformed_prev_hash() -> None:
    for bad in ("", "0" * 63, "A" * 64, "g" * 64):
        with pytest.raises(ValueError):
            entry_hash(bad, {})


json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=10)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3)
    ),
    max_leaves=10,
)


@given(st.dictionaries(st.text(max_size=8), json_values, max_size=6))
def test_insertion_order_never_matters(payload: dict[str, Any]) -> None:
    reversed_payload = dict(reversed(list(payload.items())))
    encoded = canonical_encode(payload)
    assert canonical_encode(reversed_payload) == encoded
    assert json.loads(encoded) == payload


# --- verification ---------------------------------------------------------------


def test_a_built_chain_verifies() -> None:
    assert verify_chain(build_chain(case_payloads())) is None


def test_an_empty_chain_verifies() -> None:
    assert verify_chain([]) is None


def test_links_hash_onto_their_predecessor() -> None:
    links = build_chain(case_payloads(3))
    assert links[0].prev_hash == GENESIS
    assert links[1].prev_hash == links[0].hash
    assert links[2].hash == entry_hash(links[1].hash, links[2].payload)


def test_an_altered_payload_is_caught_at_that_seq() -> None:
    links = build_chain(case_payloads())
    altered = {**links[4].payload, "fine": Decimal("500.00")}
    links[4] = dataclasses.replace(links[4], payload=altered)
    found = verify_chain(links)
    assert found is not None
    assert found.seq == 5
    assert found.kind is BreakKind.HASH
    assert found.found == links[4].hash
    assert found.expected == entry_hash(links[4].prev_hash, altered)


def test_an_altered_stored_hash_is_caught_at_that_seq() -> None:
    links = build_chain(case_payloads())
    links[6] = dataclasses.replace(links[6], hash="f" * 64)
    found = verify_chain(links)
    assert found is not None
    assert (found.seq, found.kind) == (7, BreakKind.HASH)


def test_a_deleted_link_is_caught() -> None:
    links = build_chain(case_payloads())
    del links[4]
    found = verify_chain(links)
    assert found == ChainBreak(
        seq=6,
        kind=BreakKind.SEQUENCE,
        reason="sequence gap: expected seq 5, found 6",
        reason_zh="序号不连续：应为 5，实为 6（记录缺失）",
        expected="5",
        found="6",
    )


def test_a_deleted_link_with_renumbered_seqs_is_caught_by_the_linkage() -> None:
    links = build_chain(case_payloads())
    del links[4]
    renumbered = [dataclasses.replace(link, seq=i + 1) for i, link in enumerate(links)]
    found = verify_chain(renumbered)
    assert found is not None
    assert (found.seq, found.kind) == (5, BreakKind.LINKAGE)
    assert found.expected == links[3].hash
    assert found.found == links[4].prev_hash


def test_a_deleted_first_link_is_caught() -> None:
    links = build_chain(case_payloads())
    found = verify_chain(links[1:])
    assert found is not None
    assert (found.seq, found.kind, found.expected) == (2, BreakKind.LINKAGE, GENESIS)
    found = verify_chain(links[1:], start_seq=1)
    assert found is not None
    assert (found.seq, found.kind) == (2, BreakKind.SEQUENCE)


def test_swapped_links_are_caught() -> None:
    links = build_chain(case_payloads())
    links[3], links[4] = links[4], links[3]
    found = verify_chain(links)
    assert found is not None
    assert (found.seq, found.kind, found.expected, found.found) == (
        5,
        BreakKind.SEQUENCE,
        "4",
        "5",
    )


def test_swapped_links_with_swapped_seqs_are_caught_by_the_linkage() -> None:
    links = build_chain(case_payloads())
    a, b = links[3], links[4]
    links[3], links[4] = dataclasses.replace(b, seq=a.seq), dataclasses.replace(a, seq=b.seq)
    found = verify_chain(links)
    assert found is not None
    assert (found.seq, found.kind) == (4, BreakKind.LINKAGE)


def test_a_duplicated_link_is_caught() -> None:
    links = build_chain(case_payloads())
    links.insert(5, links[4])
    found = verify_chain(links)
    assert found is not None
    assert (found.seq, found.kind) == (5, BreakKind.SEQUENCE)
    assert found.reason.startswith("sequence out of order")


def test_rehashing_a_tampered_link_is_caught_at_the_next_link() -> None:
    links = build_chain(case_payloads())
    forged = make_link(
        seq=5, prev_hash=links[4].prev_hash, payload={**links[4].payload, "actor": "李四"}
    )
    links[4] = forged
    found = verify_chain(links)
    assert found is not None
    assert (found.seq, found.kind) == (6, BreakKind.LINKAGE)
    assert found.expected == forged.hash
    assert found.found == links[5].prev_hash


def test_a_payload_that_no_longer_encodes_is_reported_not_raised() -> None:
    links = build_chain(case_payloads())
    links[2] = dataclasses.replace(links[2], payload={**links[2].payload, "fine": float("nan")})
    found = verify_chain(links)
    assert found is not None
    assert (found.seq, found.kind) == (3, BreakKind.HASH)
    assert "payload['fine']" in found.reason


def test_a_tail_verifies_from_a_trusted_hash() -> None:
    links = build_chain(case_payloads())
    assert verify_chain(links[6:], start_prev=links[5].hash, start_seq=7) is None
    found = verify_chain(links[6:], start_prev=links[4].hash)
    assert found is not None
    assert (found.seq, found.kind) == (7, BreakKind.LINKAGE)


def test_start_prev_must_be_a_hash() -> None:
    with pytest.raises(ValueError):
        verify_chain([], start_prev="genesis")


def test_breaks_explain_themselves_in_english_and_chinese() -> None:
    links = build_chain(case_payloads())
    links[1] = dataclasses.replace(links[1], payload={})
    found = verify_chain(links)
    assert found is not None
    assert "altered" in found.reason
    assert "篡改" in found.reason_zh


def test_verification_streams_and_stops_at_the_first_break() -> None:
    """Links are read once, in order; none is held after the next is read; none after the break."""
    payloads = case_payloads(50)
    alive: set[int] = set()
    max_alive = 0
    produced = 0

    def links() -> Iterator[ChainLink]:
        nonlocal max_alive, produced
        prev = GENESIS
        for i, payload in enumerate(payloads):
            seq = i + 1
            link = make_link(seq=seq, prev_hash=prev, payload=payload)
            if seq == 30:
                link = dataclasses.replace(link, payload={**payload, "step": -1})
            prev = link.hash
            alive.add(seq)
            weakref.finalize(link, alive.discard, seq)
            max_alive = max(max_alive, len(alive))
            produced += 1
            yield link
            del link

    found = verify_chain(links())
    assert found is not None and found.seq == 30
    assert produced == 30
    assert max_alive <= 2


# --- property: any single-byte change is detected --------------------------------

string_payloads = st.lists(
    st.dictionaries(st.text(min_size=1, max_size=6), st.text(max_size=12), min_size=1, max_size=4),
    min_size=1,
    max_size=6,
)


@given(string_payloads, st.data())
def test_any_single_byte_change_in_a_payload_string_is_detected(
    payloads: list[dict[str, str]], data: st.DataObject
) -> None:
    links = build_chain(payloads)
    index = data.draw(st.integers(0, len(links) - 1), label="link")
    payload = dict(links[index].payload)
    key = data.draw(st.sampled_from(sorted(payload)), label="key")
    in_key = data.draw(st.booleans(), label="change the key (else the value)")
    change_key = in_key or not payload[key]
    target = key if change_key else payload[key]
    raw = bytearray(target.encode("utf-8"))
    pos = data.draw(st.integers(0, len(raw) - 1), label="byte")
    new_byte = data.draw(st.integers(0, 255).filter(lambda b: b != raw[pos]), label="new byte")
    raw[pos] = new_byte
    # surrogateescape keeps invalid UTF-8 as lone surrogates: a change that breaks
    # the encoding must be reported as well.
    changed = raw.decode("utf-8", errors="surrogateescape")
    assert changed != target
    if change_key:
        value = payload.pop(key)
        payload[changed] = value
    else:
        payload[key] = changed
    links[index] = dataclasses.replace(links[index], payload=payload)

    found = verify_chain(links)
    assert found is not None
    assert found.seq == index + 1
    assert found.kind is BreakKind.HASH
