"""Tests for fazhi.core.identifiers: GB 32100-2015 USCC, GB 11643-1999 ID numbers, masking."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fazhi.core.identifiers import (
    USCC_CHARSET,
    USCC_ERROR_CHARSET,
    USCC_ERROR_CHECK,
    USCC_ERROR_DIVISION,
    USCC_ERROR_LENGTH,
    USCC_ERROR_LOWERCASE,
    USCC_ERROR_TYPE,
    USCC_WEIGHTS,
    id_card_check_character,
    id_card_is_valid,
    id_card_normalize,
    mask_id_number,
    mask_name,
    organization_code_check_character,
    uscc_check_character,
    uscc_error,
    uscc_is_valid,
    uscc_normalize,
    uscc_organization_code_is_valid,
)

# Codes published by the entities themselves (annual reports, prospectuses,
# website footers, government information-disclosure index numbers) and in the
# National Enterprise Credit Information Publicity System. Each one also passes
# the GB 11714 check at position 17, independently of the mod-31 check.
REAL_USCCS = {
    "11330208591592676Q": "宁波国家高新技术产业开发区管理委员会 (机关; seed index-number prefix)",
    "91110000802100433B": "北京百度网讯科技有限公司",
    "91440300708461136T": "深圳市腾讯计算机系统有限公司",
    "914403001922038216": "华为技术有限公司",
    "91440300192317458F": "比亚迪股份有限公司",
    "91110108551385082Q": "小米科技有限责任公司",
    "91100000100003962T": "中国工商银行股份有限公司 (central registration, division 100000)",
    "91440300100012316L": "中国平安保险（集团）股份有限公司",
    "9144030010001686XA": "招商银行股份有限公司 (GB 11714 check character X)",
}

VALID = "11330208591592676Q"

# GB 11643-1999's own worked examples.
ID_EXAMPLES = ("11010519491231002X", "440524188001010014")


def _replace(s: str, i: int, ch: str) -> str:
    return s[:i] + ch + s[i + 1 :]


# --- USCC: the algorithm ----------------------------------------------------


def test_weights_are_powers_of_three_mod_31() -> None:
    """GB 32100-2015: Wi = 3^(i−1) mod 31 for positions 1..17."""
    assert USCC_WEIGHTS == (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def test_charset_has_31_characters_without_ioszv() -> None:
    assert len(USCC_CHARSET) == 31
    assert not set("IOZSV") & set(USCC_CHARSET)


def test_check_character_computed_by_hand_for_the_seed_code() -> None:
    """C18 = 31 − (Σ Ci·Wi mod 31), spelt out for 11330208591592676Q."""
    values = [USCC_CHARSET.index(c) for c in VALID[:17]]
    total = sum(v * w for v, w in zip(values, USCC_WEIGHTS, strict=True))
    assert USCC_CHARSET[(31 - total % 31) % 31] == "Q"
    assert uscc_check_character(VALID[:17]) == "Q"


def test_a_remainder_of_zero_gives_check_character_zero() -> None:
    """31 − 0 = 31 is written as the character of value 0."""
    assert uscc_check_character("0" * 17) == "0"
    assert uscc_is_valid("0" * 18)


def test_check_character_rejects_bad_prefixes() -> None:
    for bad in ("", VALID[:16], VALID, VALID[:16] + "I", VALID[:16].lower() + "a"):
        with pytest.raises(ValueError):
            uscc_check_character(bad)


# --- USCC: real codes ---------------------------------------------------------


@pytest.mark.parametrize("code", sorted(REAL_USCCS))
def test_real_published_codes_validate(code: str) -> None:
    assert uscc_is_valid(code), REAL_USCCS[code]
    assert uscc_error(code) is None
    assert uscc_organization_code_is_valid(code)


# --- USCC: corrupted variants -----------------------------------------------


@pytest.mark.parametrize("code", sorted(REAL_USCCS))
def test_every_single_substitution_is_rejected(code: str) -> None:
    """31 is prime and no weight is 0 mod 31, so one changed character always shows."""
    for i in range(18):
        for ch in USCC_CHARSET:
            if ch != code[i]:
                variant = _replace(code, i, ch)
                assert not uscc_is_valid(variant), variant
                assert uscc_error(variant) is not None


@pytest.mark.parametrize("code", sorted(REAL_USCCS))
def test_adjacent_transpositions_in_the_first_17_are_rejected(code: str) -> None:
    """Swapping a, b at i, i+1 changes the sum by 2·Wi·(b − a) ≢ 0 (mod 31)."""
    for i in range(16):
        if code[i] != code[i + 1]:
            variant = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            assert not uscc_is_valid(variant), variant


def test_swapping_positions_17_and_18_is_rejected_for_the_real_codes() -> None:
    """Not guaranteed in general (the check character moves into the sum), but true here."""
    for code in REAL_USCCS:
        if code[16] != code[17]:
            assert not uscc_is_valid(code[:16] + code[17] + code[16]), code


@pytest.mark.parametrize("length", [0, 1, 15, 17, 19, 20])
def test_wrong_length_is_rejected(length: int) -> None:
    code = (VALID * 2)[:length]
    assert not uscc_is_valid(code)
    assert uscc_error(code) == USCC_ERROR_LENGTH.format(length=length)


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_forbidden_letters_are_rejected(letter: str) -> None:
    for i in (0, 1, 8, 16, 17):
        variant = _replace(VALID, i, letter)
        assert not uscc_is_valid(variant)
        assert uscc_error(variant) == USCC_ERROR_CHARSET.format(position=i + 1, char=letter)


def test_lower_case_is_rejected_but_normalised_for_forms() -> None:
    lower = "9144030010001686xa"
    assert not uscc_is_valid(lower)
    assert uscc_error(lower) == USCC_ERROR_LOWERCASE
    assert uscc_normalize(lower) == "9144030010001686XA"
    assert uscc_is_valid(uscc_normalize(lower))


def test_normalize_strips_spaces_and_full_width_input() -> None:
    assert uscc_normalize(" 9111 0000 8021 00433b\n") == "91110000802100433B"
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in "91110000802100433b")
    assert uscc_normalize(full_width) == "91110000802100433B"
    assert uscc_normalize("9111\u30000000802100433B") == "91110000802100433B"


def test_normalize_does_not_guess_look_alikes() -> None:
    assert uscc_normalize("9111OOOO802100433B") == "9111OOOO802100433B"


def test_surrounding_whitespace_is_not_silently_accepted() -> None:
    assert not uscc_is_valid(f" {VALID}")


def test_division_code_must_be_six_digits() -> None:
    """Positions 3–8 are the GB/T 2260 division code even where the checksum fits."""
    first17 = VALID[:2] + "A30208" + VALID[8:17]
    code = first17 + uscc_check_character(first17)
    assert not uscc_is_valid(code)
    assert uscc_error(code) == USCC_ERROR_DIVISION


def test_other_characters_and_types() -> None:
    assert uscc_error(_replace(VALID, 4, "-")) == USCC_ERROR_CHARSET.format(position=5, char="-")
    assert uscc_error(_replace(VALID, 4, "２")) == USCC_ERROR_CHARSET.format(position=5, char="２")
    assert uscc_error(None) == USCC_ERROR_TYPE  # type: ignore[arg-type]
    assert not uscc_is_valid(None)  # type: ignore[arg-type]


def test_check_character_error_message() -> None:
    assert uscc_error(VALID[:17] + "R") == USCC_ERROR_CHECK
    assert "校验码" in USCC_ERROR_CHECK
    assert "字符集" in USCC_ERROR_CHARSET and "字符集" in USCC_ERROR_LOWERCASE


# --- USCC: the embedded GB 11714 organization code -----------------------------


def test_organization_code_check_character() -> None:
    """GB 11714: weights 3 7 9 10 5 8 4 2; 10 → X, 11 → 0."""
    assert organization_code_check_character("80210043") == "3"
    assert organization_code_check_character("10001686") == "X"
    # Σ = 0 → 11 − 0 = 11 → "0".
    assert organization_code_check_character("00000000") == "0"
    with pytest.raises(ValueError):
        organization_code_check_character("8021004")


def test_a_bad_organization_code_does_not_make_a_uscc_invalid() -> None:
    """个体工商户 (type 92) codes need not carry a valid GB 11714 code."""
    # Synthetic: a type-92 code whose positions 9–17 fail GB 11714 but whose
    # GB 32100 check character is right.
    first17 = "92330212" + "MA2H0001" + "1"
    assert organization_code_check_character(first17[8:16]) != first17[16]
    code = first17 + uscc_check_character(first17)
    assert uscc_is_valid(code)
    assert not uscc_organization_code_is_valid(code)


# --- USCC: properties ----------------------------------------------------------

prefixes = st.text(alphabet=USCC_CHARSET, min_size=17, max_size=17)
prefixes_with_division = st.builds(
    lambda head, division, tail: head + division + tail,
    st.text(alphabet=USCC_CHARSET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=USCC_CHARSET, min_size=9, max_size=9),
)


@given(prefixes_with_division)
def test_prefix_plus_check_character_validates_and_nothing_else_does(prefix: str) -> None:
    good = uscc_check_character(prefix)
    assert uscc_is_valid(prefix + good)
    for ch in USCC_CHARSET:
        if ch != good:
            assert not uscc_is_valid(prefix + ch)


@given(prefixes)
def test_check_character_is_always_in_the_charset(prefix: str) -> None:
    assert uscc_check_character(prefix) in USCC_CHARSET


@given(prefixes_with_division, st.integers(0, 16), st.sampled_from(USCC_CHARSET))
def test_any_substitution_in_a_random_code_is_rejected(prefix: str, i: int, ch: str) -> None:
    code = prefix + uscc_check_character(prefix)
    variant = _replace(code, i, ch)
    assert uscc_is_valid(variant) == (variant == code)


# --- 居民身份证号码 (GB 11643-1999) -------------------------------------------------


@pytest.mark.parametrize("number", ID_EXAMPLES)
def test_the_standards_examples_validate(number: str) -> None:
    assert id_card_is_valid(number)
    assert id_card_check_character(number[:17]) == number[17]


def test_id_check_character_by_hand() -> None:
    """Σ ai·Wi mod 11 indexes "10X98765432"; spelt out for 11010519491231002X."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c) * w for c, w in zip("11010519491231002", weights, strict=True))
    assert total % 11 == 2
    assert "10X98765432"[2] == "X"


def test_id_every_single_digit_substitution_is_rejected() -> None:
    for number in ID_EXAMPLES:
        for i in range(18):
            for ch in "0123456789X":
                if ch != number[i]:
                    assert not id_card_is_valid(_replace(number, i, ch))


@pytest.mark.parametrize(
    "birth",
    ["19490230", "19491301", "19490000", "20230229", "00000101"],
)
def test_id_birth_date_must_exist(birth: str) -> None:
    first17 = "110105" + birth + "002"
    assert not id_card_is_valid(first17 + id_card_check_character(first17))


def test_id_leap_day_is_a_date() -> None:
    first17 = "110105" + "20000229" + "002"
    assert id_card_is_valid(first17 + id_card_check_character(first17))


def test_id_birth_after_today_is_rejected_only_when_today_is_given() -> None:
    first17 = "110105" + "20300101" + "002"
    number = first17 + id_card_check_character(first17)
    assert id_card_is_valid(number)
    assert not id_card_is_valid(number, today=date(2027, 1, 1))
    assert id_card_is_valid(number, today=date(2030, 1, 1))


def test_id_shape_rules() -> None:
    assert not id_card_is_valid("11010519491231002x")  # lower-case x
    assert id_card_normalize(" 11010519491231002x ") == "11010519491231002X"
    assert not id_card_is_valid("110105491231002")  # 15-digit pre-1999 number
    assert not id_card_is_valid("11010519491231002")
    assert not id_card_is_valid("11010519491231002XX")
    assert not id_card_is_valid("１1010519491231002X")  # full-width digit
    assert not id_card_is_valid(None)  # type: ignore[arg-type]


# --- Masking -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三", "张*"), ("欧阳小明", "欧***"), ("李", "*"), ("", ""), (" 王五 ", "王*")],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_mask_id_number_hides_the_date_of_birth() -> None:
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("11010519491231002X", keep_start=1, keep_end=1) == "1" + "*" * 16 + "X"
    assert mask_id_number("11010519491231002X", keep_start=0, keep_end=0) == "*" * 18


def test_mask_id_number_masks_short_strings_completely() -> None:
    assert mask_id_number("E12345678") == "*********"
    assert mask_id_number("1234567890") == "**********"
    assert mask_id_number("12345678901") == "123456*8901"
    assert mask_id_number("") == ""
    with pytest.raises(ValueError):
        mask_id_number("11010519491231002X", keep_start=-1)


@given(st.text(max_size=40), st.integers(0, 8), st.integers(0, 8))
def test_masking_keeps_length_and_never_shows_the_hidden_span(s: str, a: int, b: int) -> None:
    masked = mask_id_number(s, keep_start=a, keep_end=b)
    stripped = s.strip()
    assert len(masked) == len(stripped)
    if len(stripped) > a + b:
        assert masked[a : len(stripped) - b] == "*" * (len(stripped) - a - b)
    else:
        assert set(masked) <= {"*"}
