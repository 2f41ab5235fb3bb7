"""Dates and periods: conversions between calendar days and aware datetimes."""

import calendar
import datetime

from django.utils import timezone


def day_bounds(day: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The start of ``day`` and of the day after, in the local time zone."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return start, end


def add_months(day: datetime.date, months) -> datetime.date:
    """``day`` plus a number of months; the day of month is clamped (31 Jan + 1 = 28/29 Feb).

    Fractions count as 30-day months after the whole ones (1.5 months = 1 month + 15 days);
    negative values go back in time. Product durations and deadlines are derived with this.
    """
    from decimal import ROUND_HALF_UP, Decimal

    months = Decimal(str(months))
    whole = int(months)  # truncates toward zero
    extra_days = int(((months - whole) * 30).to_integral_value(rounding=ROUND_HALF_UP))
    month_index = day.month - 1 + whole
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last_day)) + datetime.timedelta(days=extra_days)
