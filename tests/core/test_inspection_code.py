"""Inspection codes (检查码): signed, expiring, free of personal data; any changed character is caught."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core.inspection_code import (
    REF_ALPHABET,
    REF_LENGTH,
    CodeKind,
    CodeVerdict,
    code_sign,
    code_verify,
    new_reference,
)

KEY = b"test-key-for-inspection-codes"
DAY = date(2024, 3, 15)


def test_a_signed_code_is_valid_until_its_last_day_and_expired_after():
    code = code_sign(kind=CodeKind.ENFORCEMENT, ref="7K3M9Q2XWD", expires_on=DAY, key=KEY)
    assert code.startswith("FZ1-E-7K3M9Q2XWD-20240315-")
    check = code_verify(code, key=KEY, today=DAY)
    assert check.valid and check.kind == CodeKind.ENFORCEMENT and check.ref == "7K3M9Q2XWD" and check.expires_on == DAY
    assert code_verify(code, key=KEY, today=date(2024, 1, 1)).valid
    late = code_verify(code, key=KEY, today=date(2024, 3, 16))
    assert late.verdict == CodeVerdict.EXPIRED and not late.valid and late.authentic


def test_non_enforcement_codes_are_their_own_kind():
    code = code_sign(kind=CodeKind.NON_ENFORCEMENT, ref="0000000000", expires_on=DAY, key=KEY)
    assert code.split("-")[1] == "N"
    assert code_verify(code, key=KEY, today=DAY).kind == CodeKind.NON_ENFORCEMENT


def test_the_code_carries_no_personal_data():
    """Only the format, kind, random reference, last day and signature: no name, certificate or enterprise."""
    code = code_sign(kind="E", ref=new_reference(), expires_on=DAY, key=KEY)
    prefix, kind, ref, day, sig = code.split("-")
    assert (prefix, kind, len(ref), day) == ("FZ1", "E", REF_LENGTH, "20240315")
    assert all(ch in REF_ALPHABET for ch in ref) and sig.isalnum()


def test_another_key_makes_a_forgery():
    code = code_sign(kind="E", ref="7K3M9Q2XWD", expires_on=DAY, key=KEY)
    assert code_verify(code, key=b"another key", today=DAY).verdict == CodeVerdict.FORGED


def test_moving_the_last_day_is_a_forgery():
    code = code_sign(kind="E", ref="7K3M9Q2XWD", expires_on=DAY, key=KEY)
    assert code_verify(code.replace("20240315", "20250315"), key=KEY, today=DAY).verdict == CodeVerdict.FORGED


@pytest.mark.parametrize("text", ["", "hello", "FZ1-E-7K3M9Q2XWD-20240315", "FZ2-E-7K3M9Q2XWD-20240315-AAAA"])
def test_garbage_is_malformed(text):
    assert code_verify(text, key=KEY, today=DAY).verdict == CodeVerdict.MALFORMED


_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-"


@given(ref=st.text(alphabet=REF_ALPHABET, min_size=REF_LENGTH, max_size=REF_LENGTH), position=st.integers(0, 10**6),
       replacement=st.sampled_from(_ALPHABET))
def test_any_flipped_character_makes_the_code_invalid(ref, position, replacement):
    code = code_sign(kind="E", ref=ref, expires_on=DAY, key=KEY)
    i = position % len(code)
    if code[i] == replacement:
        return
    flipped = code[:i] + replacement + code[i + 1:]
    check = code_verify(flipped, key=KEY, today=DAY)
    assert not check.valid and check.verdict in (CodeVerdict.FORGED, CodeVerdict.MALFORMED)


def test_references_are_random_and_well_formed():
    refs = {new_reference() for _ in range(200)}
    assert len(refs) == 200
    assert all(len(r) == REF_LENGTH and set(r) <= set(REF_ALPHABET) for r in refs)


def test_signing_refuses_a_bad_reference_or_an_empty_key():
    with pytest.raises(ValueError):
        code_sign(kind="E", ref="short", expires_on=DAY, key=KEY)
    with pytest.raises(ValueError):
        code_sign(kind="E", ref="7K3M9Q2XWD", expires_on=DAY, key=b"")
