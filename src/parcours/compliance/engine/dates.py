"""Calendar arithmetic shared by every policy.

Everything here works on `datetime.date` and plain ordinals (ints) because the engine
assesses tens of thousands of employees in one go: ordinals keep the inner loops free of
object allocation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
ONE_DAY = dt.timedelta(days=1)

# Quarter-end dates depend only on the year; a small table avoids rebuilding them.
_QUARTER_END = ((3, 31), (6, 30), (9, 30), (12, 31))

Span = tuple[int, int]
"""An inclusive range of day ordinals (first day, last day)."""


def is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


_date = dt.date

# Results of add_years/add_months for small n, by n then date. An assessment run asks for
# the same few offsets of the same dates (hire dates, interview dates) again and again; a
# lookup costs a third of the calendar arithmetic. Bounded: cleared when it grows large.
MEMO_SIZE = 16
_MEMO_LIMIT = 50_000
YEARS_MEMO: list[dict[dt.date, dt.date]] = [{} for _ in range(MEMO_SIZE)]
MONTHS_MEMO: list[dict[dt.date, dt.date]] = [{} for _ in range(MEMO_SIZE)]


def add_years(d: dt.date, n: int) -> dt.date:
    """Same day and month n years later; 29 Feb becomes 28 Feb in a non-leap year."""
    if 0 <= n < MEMO_SIZE:
        memo = YEARS_MEMO[n]
        found = memo.get(d)
        if found is not None:
            return found
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        found = memo[d] = _add_years(d, n)
        return found
    return _add_years(d, n)


def _add_years(d: dt.date, n: int) -> dt.date:
    # The constructor is about twice as fast as date.replace, and only 29 Feb can fail.
    try:
        return _date(d.year + n, d.month, d.day)
    except ValueError:
        return _date(d.year + n, 2, 28)


def days_in_month(year: int, month: int) -> int:
    if month == 2 and is_leap(year):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(d: dt.date, n: int) -> dt.date:
    """Same day n months later, clamped to the last day of a shorter month."""
    if 0 <= n < MEMO_SIZE:
        memo = MONTHS_MEMO[n]
        found = memo.get(d)
        if found is not None:
            return found
        if len(memo) >= _MEMO_LIMIT:
            memo.clear()
        found = memo[d] = _add_months(d, n)
        return found
    return _add_months(d, n)


def _add_months(d: dt.date, n: int) -> dt.date:
    year, month0 = divmod(d.month - 1 + n, 12)
    year += d.year
    month = month0 + 1
    day = d.day
    if day > 28:
        day = min(day, days_in_month(year, month))
    return dt.date(year, month, day)


def end_of_next_quarter(d: dt.date) -> dt.date:
    """Last day of the calendar quarter that follows the one containing `d`."""
    q = (d.month - 1) // 3 + 1
    year = d.year
    if q == 4:
        year += 1
        q = 0
    month, day = _QUARTER_END[q]
    return dt.date(year, month, day)


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """Sorted, non-overlapping spans; touching spans are joined."""
    out: list[Span] = []
    for first, last in sorted(spans):
        if out and first <= out[-1][1] + 1:
            if last > out[-1][1]:
                out[-1] = (out[-1][0], last)
        else:
            out.append((first, last))
    return out


def days_within(spans: list[Span], first: int, last: int) -> int:
    """Number of days of `spans` inside the inclusive ordinal range [first, last]."""
    total = 0
    for a, b in spans:
        if a > last:
            break
        lo = a if a > first else first
        hi = b if b < last else last
        if hi >= lo:
            total += hi - lo + 1
    return total


def extend_past_spans(start: dt.date, due: dt.date, spans: list[Span]) -> tuple[dt.date, int]:
    """Move `due` later by the days of `spans` that fall after `start` and up to the due date.

    Each day added can bring more leave inside the period, so the count is repeated until it
    settles (it only grows and is bounded by the spans, so it always ends).
    Returns the moved date and the number of days added.
    """
    if not spans:
        return due, 0
    first = start.toordinal() + 1
    base = due.toordinal()
    extra = 0
    while True:
        n = days_within(spans, first, base + extra)
        if n == extra:
            break
        extra = n
    if extra == 0:
        return due, 0
    return dt.date.fromordinal(base + extra), extra


def only_weekend_between(last_day: dt.date, next_first_day: dt.date) -> bool:
    """True when no working day (Monday to Friday) lies strictly between the two dates."""
    gap = (next_first_day - last_day).days - 1
    if gap <= 0:
        return True
    if gap > 2:
        return False
    d = last_day
    for _ in range(gap):
        d += ONE_DAY
        if d.weekday() < 5:
            return False
    return True
