"""Dates and periods: conversions between calendar days and aware datetimes, and the ranges
of dates a user may type (IO-01)."""

import calendar
import datetime
from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from wegwijs.core.errors import DomainError


class DateOutOfRange(DomainError):
    """A date computed from another (an end from a start, a deadline from an anchor) falls
    outside the calendar Python and the databases can hold."""

    def __init__(self):
        super().__init__(
            _("This date lies too far in the past or the future to work with."),
            code="date_out_of_range",
        )


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
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise DateOutOfRange
    last_day = calendar.monthrange(year, month)[1]
    return add_days(datetime.date(year, month, min(day.day, last_day)), extra_days)


def add_days(day: datetime.date, days: int) -> datetime.date:
    """``day`` plus a number of days; ``DateOutOfRange`` past the ends of the calendar."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError as error:
        raise DateOutOfRange from error


@dataclass(frozen=True)
class DateRange:
    """The dates a user may type for one kind of date: from ``earliest`` up to and including
    ``latest``. Each end is a fixed date or a whole number of years from today (0 is today,
    negative is back), so the range moves with the calendar."""

    earliest: datetime.date | int
    latest: datetime.date | int

    def bounds(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        today = today or timezone.localdate()

        def resolve(end):
            return end if isinstance(end, datetime.date) else add_months(today, 12 * end)

        return resolve(self.earliest), resolve(self.latest)

    def __contains__(self, value: datetime.date) -> bool:
        earliest, latest = self.bounds()
        return earliest <= value <= latest

    def message(self) -> str:
        earliest, latest = self.bounds()
        return _("Enter a date from %(earliest)s up to and including %(latest)s.") % {
            "earliest": formats.date_format(earliest, "SHORT_DATE_FORMAT"),
            "latest": formats.date_format(latest, "SHORT_DATE_FORMAT"),
        }


# The ranges of the dates users type, by kind (IO-01). Fixed earliest dates are the oldest a
# record of the foundation can sensibly carry; latest dates allow planning ahead. Dates that
# cannot lie in the future still get five years: the rule "not in the future" of the model,
# form or service then answers a slip of the year with its own message.
BIRTH = DateRange(datetime.date(1900, 1, 1), 5)
LIFE_EVENT = DateRange(datetime.date(1950, 1, 1), 5)  # arrival, settlement, a training, a VOG
PERMIT_START = DateRange(datetime.date(1990, 1, 1), 1)
PERMIT_END = DateRange(datetime.date(1990, 1, 1), 30)
CIVIC_INTEGRATION = DateRange(datetime.date(1998, 1, 1), 10)  # since the WIN of 1998
WORK = DateRange(datetime.date(2000, 1, 1), 5)  # trajectories, contacts, meetings, consents
AUDIT_FILTER = DateRange(datetime.date(2000, 1, 1), 1)
