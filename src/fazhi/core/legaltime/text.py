"""Chinese wording for the legal-time engine: numerals, weekdays, short dates.

Kept apart from the counting so the counting stays readable; nothing here
looks at a calendar.
"""

from __future__ import annotations

from datetime import date

__all__ = ["article_ordinal", "day_label", "short_date", "weekday_zh", "zh_number"]

_DIGITS = "零一二三四五六七八九"
_WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def zh_number(n: int) -> str:
    """Write 1 ≤ n ≤ 9999 the way statutes number articles: 十, 二十, 一百零一, 二百零三, 一百一十.

    >>> [zh_number(x) for x in (1, 10, 12, 30, 88, 101, 110, 203, 1260)]
    ['一', '十', '十二', '三十', '八十八', '一百零一', '一百一十', '二百零三', '一千二百六十']
    """
    if not 1 <= n <= 9999:
        raise ValueError(f"article number out of range: {n}")
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out = []
    zero_pending = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit:
            if zero_pending:
                out.append("零")
            out.append(_DIGITS[digit] + unit)
            zero_pending = False
        elif out:
            zero_pending = True
    return "".join(out)


def article_ordinal(article: int) -> str:
    """``30`` → ``第三十条``."""
    return f"第{zh_number(article)}条"


def weekday_zh(d: date) -> str:
    return _WEEKDAYS[d.weekday()]


def short_date(d: date, ref: date) -> str:
    """``MM-DD`` when ``d`` is in the year of ``ref``, the full ISO date otherwise."""
    return d.strftime("%m-%d") if d.year == ref.year else d.isoformat()


def day_label(d: date) -> str:
    """``2025-10-11（周六）``."""
    return f"{d.isoformat()}（{weekday_zh(d)}）"
