"""The days of the holidays migrant workers come home for, from the ``holidays`` package (its
Chinese lunisolar calendar for Spring Festival and Mid-Autumn): computed, never a typed table."""

from __future__ import annotations

from datetime import date, timedelta

import holidays

# The package's English names of each holiday's first day.
NAMES = {
    "spring_festival": "Chinese New Year (Spring Festival)",
    "mid_autumn": "Mid-Autumn Festival",
    "national_day": "National Day",
}


def festival_days(year: int) -> dict[str, date]:
    """The first day of each holiday (``Holiday`` value → day) in the Gregorian ``year``."""
    calendar = holidays.country_holidays("CN", years=year, language="en_US")
    return {key: min(calendar.get_named(name, lookup="exact")) for key, name in NAMES.items()}


def festivals_within(start: date, days: int) -> list[tuple[str, date]]:
    """The holidays from ``start`` to ``days`` later, soonest first; across a year's end too (a
    Spring Festival in late January is within 45 days of mid-December)."""
    end = start + timedelta(days=days)
    found = [
        (key, day)
        for year in range(start.year, end.year + 1)
        for key, day in festival_days(year).items()
        if start <= day <= end
    ]
    return sorted(found, key=lambda kd: (kd[1], kd[0]))
