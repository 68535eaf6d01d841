"""Check characters and masking for the identifiers the platform stores.

统一社会信用代码 (unified social credit code, "USCC"), GB 32100-2015
--------------------------------------------------------------------

Eighteen characters from the 31-character set ``USCC_CHARSET``
(``0-9`` and the upper-case letters without I, O, Z, S, V), whose values are
their indexes 0..30:

====== ==========================================================
 pos    meaning
====== ==========================================================
 1      登记管理部门代码 (registration authority)
 2      机构类别代码 (entity type within that authority)
 3–8    登记管理机关行政区划码 (6 digits, GB/T 2260)
 9–17   主体标识码 (the GB 11714 organization code; its own check
        character is position 17)
 18     校验码: C18 = 31 − (Σ Ci·Wi mod 31), Wi = 3^(i−1) mod 31,
        and a result of 31 is written as the character of value 0
====== ==========================================================

Contract of ``uscc_is_valid`` (and of ``uscc_error``, which names the first
failing rule):

* exactly 18 characters, every one in ``USCC_CHARSET``; lower-case letters are
  rejected, because a code *is* upper-case (forms call ``uscc_normalize`` first);
* positions 3–8 are six ASCII digits;
* position 18 is the GB 32100 check character of positions 1–17.

Deliberately **not** checked there:

* the GB 11714 check character at position 17. Codes issued to individual
  businesses (个体工商户, type ``92``) and some other entities carry a 主体标识码
  that is not a GB 11714 code, so rejecting on it would refuse real codes.
  ``uscc_organization_code_is_valid`` offers the check separately;
* positions 1–2 against the table of authorities and entity types: the table
  has been amended since 2015 (for example ``A`` for military units and ``N``
  for rural collective economic organisations), and a stale copy would refuse
  real codes. The mod-31 check already catches every single-character typo;
* positions 3–8 against the list of divisions: central registrations use
  ``100000`` and divisions are renamed and merged over time.

Because 31 is prime and every weight is non-zero mod 31, changing any one
character always changes the check character: every single substitution is
detected. Swapping two adjacent characters a, b at positions i, i+1 changes
the sum by (a − b)(Wi − Wi+1) = (a − b)·Wi·(1 − 3) ≢ 0 (mod 31) when a ≠ b,
so adjacent transpositions inside positions 1–17 are detected too; a swap that
involves position 18 is detected unless it happens to produce a valid code.

居民身份证号码, GB 11643-1999
----------------------------

``id_card_is_valid`` accepts the 18-character number only: 17 digits, then the
ISO 7064 MOD 11-2 check character (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
Σ mod 11 indexes ``"10X98765432"``), with positions 7–14 a real calendar date.
A lower-case ``x`` is rejected like lower-case USCC letters (``id_card_normalize``
upper-cases it). The 15-digit numbers of before 1999 are rejected, and the
6-digit address code is not checked against a division list.

Masking for public pages
------------------------

``mask_name`` keeps the first character and shows one ``*`` per hidden
character (张三 → 张*, 欧阳小明 → 欧***). ``mask_id_number`` keeps the first 6
and the last 4 characters (the address code and the sequence/check digits), so
the hidden span of an 18-character ID number is exactly the date of birth;
strings too short to hide anything that way are masked completely.

Pure functions on ``str``; no Django imports (STYLE R1, R18).
"""

from __future__ import annotations

import unicodedata
from datetime import date

__all__ = [
    "USCC_CHARSET",
    "USCC_ERROR_CHARSET",
    "USCC_ERROR_CHECK",
    "USCC_ERROR_DIVISION",
    "USCC_ERROR_LENGTH",
    "USCC_ERROR_LOWERCASE",
    "USCC_ERROR_TYPE",
    "USCC_WEIGHTS",
    "id_card_check_character",
    "id_card_is_valid",
    "id_card_normalize",
    "mask_id_number",
    "mask_name",
    "organization_code_check_character",
    "uscc_check_character",
    "uscc_error",
    "uscc_is_valid",
    "uscc_normalize",
    "uscc_organization_code_is_valid",
]

# ---------------------------------------------------------------------------
# 统一社会信用代码 (GB 32100-2015)
# ---------------------------------------------------------------------------

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of GB 32100-2015 in value order (I, O, Z, S, V are excluded)."""

_USCC_VALUE = {ch: i for i, ch in enumerate(USCC_CHARSET)}

USCC_WEIGHTS: tuple[int, ...] = tuple(pow(3, i, 31) for i in range(17))
"""Wi = 3^(i−1) mod 31 for i = 1..17: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28."""

_DIGITS = frozenset("0123456789")

# Messages for ``uscc_error``. They are fragments: the form validator prefixes
# them with the code and the standard's name (fazhi.common.fields.validate_uscc).
USCC_ERROR_TYPE = "应为文本"
USCC_ERROR_LENGTH = "长度应为18位，实为{length}位"
USCC_ERROR_LOWERCASE = "字符集错误：字母应为大写"
USCC_ERROR_CHARSET = (
    "字符集错误：第{position}位“{char}”不在允许的字符集内（数字0-9及除I、O、Z、S、V以外的大写字母）"
)
USCC_ERROR_DIVISION = "第3—8位登记管理机关行政区划码应为6位数字"
USCC_ERROR_CHECK = "校验码错误：第18位校验码与前17位不符，请逐位核对"


def uscc_check_character(first17: str) -> str:
    """Return the GB 32100-2015 check character (position 18) for 17 characters.

    Raises ``ValueError`` unless ``first17`` is 17 characters of ``USCC_CHARSET``.
    Only the checksum is computed: the division-code rule is ``uscc_is_valid``'s.
    """
    if len(first17) != 17 or any(ch not in _USCC_VALUE for ch in first17):
        raise ValueError(f"expected 17 characters of {USCC_CHARSET!r}, got {first17!r}")
    total = sum(_USCC_VALUE[ch] * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    # 31 − 0 = 31 is written as the character of value 0.
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_error(code: str) -> str | None:
    """Return ``None`` for a valid USCC, else a Chinese message naming the first rule broken.

    Rules in order: text, length 18, character set (lower case gets its own
    message), positions 3–8 are digits, check character. The rules are those of
    ``uscc_is_valid`` (see the module docstring); the input is not normalised.
    """
    if not isinstance(code, str):
        return USCC_ERROR_TYPE
    if len(code) != 18:
        return USCC_ERROR_LENGTH.format(length=len(code))
    for position, ch in enumerate(code, start=1):
        if ch not in _USCC_VALUE:
            if ch.upper() in _USCC_VALUE and ch != ch.upper():
                return USCC_ERROR_LOWERCASE
            return USCC_ERROR_CHARSET.format(position=position, char=ch)
    if not all(ch in _DIGITS for ch in code[2:8]):
        return USCC_ERROR_DIVISION
    if uscc_check_character(code[:17]) != code[17]:
        return USCC_ERROR_CHECK
    return None


def uscc_is_valid(code: str) -> bool:
    """True when ``code`` is a well-formed GB 32100-2015 code (contract in the module docstring)."""
    return uscc_error(code) is None


def uscc_normalize(code: str) -> str:
    """Return form input in canonical shape: NFKC, all whitespace removed, upper-case.

    NFKC turns full-width input (ＡＢ１２, a common IME artefact) into ASCII.
    Look-alikes are not guessed (``O`` is not turned into ``0``): the result may
    still be invalid, and ``uscc_error`` then says why.
    """
    folded = unicodedata.normalize("NFKC", code)
    return "".join(folded.split()).upper()


def organization_code_check_character(first8: str) -> str:
    """Return the GB 11714 check character for the 8 body characters of an organization code.

    Values: digits 0–9, letters A=10 … Z=35; weights 3 7 9 10 5 8 4 2;
    C9 = 11 − (Σ mod 11), with 10 written ``X`` and 11 written ``0``.
    Raises ``ValueError`` unless ``first8`` is 8 ASCII digits or upper-case letters.
    """
    if len(first8) != 8 or not all(ch in _DIGITS or "A" <= ch <= "Z" for ch in first8):
        raise ValueError(f"expected 8 digits or upper-case letters, got {first8!r}")
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(ch, 36) * w for ch, w in zip(first8, weights, strict=True))
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def uscc_organization_code_is_valid(code: str) -> bool:
    """True when ``code`` is a valid USCC whose positions 9–17 carry a valid GB 11714 check.

    Informational only: type ``92`` (个体工商户) and some other codes fail it
    while being real, so never refuse a code on this alone.
    """
    if not uscc_is_valid(code):
        return False
    return organization_code_check_character(code[8:16]) == code[16]


# ---------------------------------------------------------------------------
# 居民身份证号码 (GB 11643-1999)
# ---------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_card_check_character(first17: str) -> str:
    """Return the GB 11643-1999 check character for 17 ASCII digits (``ValueError`` otherwise)."""
    if len(first17) != 17 or not all(ch in _DIGITS for ch in first17):
        raise ValueError(f"expected 17 digits, got {first17!r}")
    total = sum(int(ch) * w for ch, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def id_card_is_valid(number: str, *, today: date | None = None) -> bool:
    """True for an 18-character 居民身份证号码 with a valid check character and birth date.

    Positions 7–14 must be a real date (YYYYMMDD). When ``today`` is given, a
    birth date after it is rejected too; the core never reads the clock.
    """
    if not isinstance(number, str) or len(number) != 18:
        return False
    first17, check = number[:17], number[17]
    if not all(ch in _DIGITS for ch in first17):
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if today is not None and born > today:
        return False
    return id_card_check_character(first17) == check


def id_card_normalize(number: str) -> str:
    """Return form input in canonical shape: NFKC, all whitespace removed, ``x`` upper-cased."""
    folded = unicodedata.normalize("NFKC", number)
    return "".join(folded.split()).upper()


# ---------------------------------------------------------------------------
# Masking for public pages
# ---------------------------------------------------------------------------


def mask_name(name: str) -> str:
    """Keep the first character of a name and replace each other character with ``*``.

    张三 → 张*, 欧阳小明 → 欧***. Surrounding whitespace is dropped. A
    one-character name becomes ``*`` (keeping it would show the whole name);
    an empty name stays empty.
    """
    name = name.strip()
    if len(name) <= 1:
        return "*" * len(name)
    return name[0] + "*" * (len(name) - 1)


def mask_id_number(s: str, *, keep_start: int = 6, keep_end: int = 4) -> str:
    """Keep the first ``keep_start`` and last ``keep_end`` characters; replace the rest with ``*``.

    The default (6 + 4) hides exactly the date of birth of an 18-character ID
    number: 110105********002X. Re-identification remains easy when a name and
    an age range are known, so public pages should omit ID numbers where the
    law does not require them. A string of at most ``keep_start + keep_end``
    characters (passport numbers, typos) is masked completely rather than shown.
    Surrounding whitespace is dropped.
    """
    if keep_start < 0 or keep_end < 0:
        raise ValueError("keep_start and keep_end must not be negative")
    s = s.strip()
    if len(s) <= keep_start + keep_end:
        return "*" * len(s)
    hidden = len(s) - keep_start - keep_end
    return s[:keep_start] + "*" * hidden + s[len(s) - keep_end :]
