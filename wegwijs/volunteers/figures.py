"""Volunteer figures: active volunteers per role and per location, volunteers per responsible
professional, and the hours volunteers gave per product and municipality in a year.

Selectors for the figures page and, later, the reports. Every figure is aggregated in the
database in one query, whatever the number of volunteers or entries (rule 8). The scope is the
user's: the profiles ``VolunteerProfile.objects.visible_to`` gives (a coördinator their teams',
the beheerder all) and the hours of those volunteers. Only hours given as a volunteer count;
hours of professionals never do.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet, Sum

from wegwijs.volunteers.models import VolunteerProfile

ONE_DECIMAL = Decimal("0.1")


def hours_from_minutes(minutes: int | None) -> Decimal:
    """Minutes as hours with one decimal, half up (90 -> 1.5, 5 -> 0.1, 2 -> 0.0)."""
    return (Decimal(minutes or 0) / Decimal(60)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CountRow:
    """A count under a label; ``label`` is None for the "none" row (no role, no location, no
    responsible professional)."""

    label: str | None
    count: int


@dataclass
class HoursRow:
    product: str | None  # None: not tied to a trajectory
    municipality: str | None
    minutes: int

    @property
    def hours(self) -> Decimal:
        return hours_from_minutes(self.minutes)


@dataclass
class HoursTable:
    year: int
    rows: list[HoursRow] = field(default_factory=list)
    per_product: list[HoursRow] = field(default_factory=list)
    per_municipality: list[HoursRow] = field(default_factory=list)
    minutes: int = 0

    @property
    def hours(self) -> Decimal:
        return hours_from_minutes(self.minutes)


def profiles_in_scope(user) -> QuerySet:
    """The profiles ``user`` may see, without duplicate rows, ready to aggregate over."""
    return VolunteerProfile.objects.filter(
        pk__in=VolunteerProfile.objects.visible_to(user).values("pk")
    ).order_by()


def active_count(user) -> int:
    """The number of distinct active volunteers in scope. One query."""
    return profiles_in_scope(user).active().count()


def _counts(queryset: QuerySet, key: str, label: str) -> list[CountRow]:
    rows = queryset.values(key, label).annotate(n=Count("pk", distinct=True)).order_by(label, key)
    counted = [CountRow(label=row[label] if row[key] else None, count=row["n"]) for row in rows]
    # The "none" row last.
    return sorted(counted, key=lambda row: row.label is None)


def active_per_role(user) -> list[CountRow]:
    """Active volunteers per role; a volunteer with two roles counts under each. One query."""
    return _counts(profiles_in_scope(user).active(), "roles__pk", "roles__name")


def active_per_location(user) -> list[CountRow]:
    """Active volunteers per location (vestiging); one at two locations counts under each."""
    return _counts(profiles_in_scope(user).active(), "locations__pk", "locations__name")


def active_per_begeleider(user) -> list[CountRow]:
    """Active volunteers per responsible professional, with a row for those without one."""
    return _counts(profiles_in_scope(user).active(), "begeleider__pk", "begeleider__full_name")


def volunteer_hours_in_scope(user) -> QuerySet:
    """Time entries given in the capacity of volunteer by volunteers ``user`` may see: through
    their profile, or for an account without one, through the scope of the user list."""
    from wegwijs.trajectories.constants import HoursCapacity  # trajectories sits above us

    TimeEntry = apps.get_model("trajectories", "TimeEntry")
    return TimeEntry.objects.filter(capacity=HoursCapacity.VOLUNTEER).filter(
        Q(by__volunteer_profile__in=VolunteerProfile.objects.visible_to(user))
        | Q(
            by__volunteer_profile__isnull=True,
            by__in=get_user_model().objects.visible_to(user),
        )
    )


def hours_per_product_and_municipality(user, *, year: int) -> HoursTable:
    """The hours volunteers in scope gave in ``year``, per product and municipality of the
    trajectory's client; entries without a trajectory together in one row (product and
    municipality None). Subtotals per product and per municipality and the grand total are
    added up from the minutes, then rounded, so they never drift from rounding. One query."""
    product, municipality = "trajectory__product__name", "trajectory__person__municipality__name"
    grouped = (
        volunteer_hours_in_scope(user)
        .filter(date__gte=date(year, 1, 1), date__lte=date(year, 12, 31))
        .values(
            "trajectory__product__pk",
            product,
            "trajectory__person__municipality__pk",
            municipality,
        )
        .annotate(minutes=Sum("minutes"))
        .order_by(product, municipality)
    )
    table = HoursTable(year=year)
    per_product: dict[str | None, int] = {}
    per_municipality: dict[str | None, int] = {}
    for row in grouped:
        entry = HoursRow(
            product=row[product], municipality=row[municipality], minutes=row["minutes"]
        )
        table.rows.append(entry)
        table.minutes += entry.minutes
        per_product[entry.product] = per_product.get(entry.product, 0) + entry.minutes
        if entry.product is not None:
            key = entry.municipality
            per_municipality[key] = per_municipality.get(key, 0) + entry.minutes
    # The untied row last.
    table.rows.sort(key=lambda r: (r.product is None, r.product or "", r.municipality or ""))
    table.per_product = sorted(
        (HoursRow(product=name, municipality=None, minutes=m) for name, m in per_product.items()),
        key=lambda r: (r.product is None, r.product or ""),
    )
    table.per_municipality = sorted(
        (
            HoursRow(product=None, municipality=name, minutes=m)
            for name, m in per_municipality.items()
        ),
        key=lambda r: r.municipality or "",
    )
    return table
