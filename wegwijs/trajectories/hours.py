"""Registering hours (urenregistratie): services and selectors.

Volunteer hours and professional hours are two different things (the catalogue prices
professional hours; volunteer hours are reported apart), so an entry's ``capacity`` is fixed
from its author's role when it is made and the totals here are always split by capacity:
nothing in this module adds the two together.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijs.accounts.constants import Role
from wegwijs.core import audit
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.core.periods import add_months
from wegwijs.trajectories.constants import HoursActivity, HoursCapacity
from wegwijs.trajectories.models import TimeEntry, Trajectory

# The capacity hours are given in, by the role of the one who gives them. Other roles do not
# register hours.
CAPACITY_OF_ROLE = {
    Role.VRIJWILLIGER: HoursCapacity.VOLUNTEER,
    Role.COORDINATOR: HoursCapacity.PROFESSIONAL,
}
MAX_DAYS_BACK = 60
MAX_MINUTES = 12 * 60
TOTAL_LABELS = {
    HoursCapacity.VOLUNTEER: gettext_lazy("Volunteer hours"),
    HoursCapacity.PROFESSIONAL: gettext_lazy("Professional hours"),
}


def capacity_of(user) -> str:
    """The capacity ``user`` gives hours in; refuses roles that do not register hours."""
    capacity = CAPACITY_OF_ROLE.get(getattr(user, "role", None))
    if capacity is None or not user.is_active:
        raise DomainError(_("Only volunteers and coordinators register hours."))
    return capacity


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def deletable_from(today: datetime.date | None = None) -> datetime.date:
    """The first day whose entries can still be deleted: the first of the previous month."""
    return add_months(month_start(today or timezone.localdate()), -1)


@transaction.atomic
def record_hours(
    *,
    by,
    date: datetime.date,
    minutes: int,
    activity: str,
    trajectory: Trajectory | None = None,
    note: str = "",
    request=None,
) -> TimeEntry:
    """Register ``minutes`` given by ``by`` on ``date``.

    The capacity follows from the role (vrijwilliger: volunteer hours, coördinator:
    professional hours; other roles are refused). Refuses, before writing anything, a date in
    the future or more than 60 days back, a duration outside 1 minute to 12 hours, an unknown
    activity, and a trajectory that is closed or not visible to ``by`` (for a volunteer: not
    one of their current assignments). The access log gets the names of the fields only.
    """
    capacity = capacity_of(by)
    today = timezone.localdate()
    if date > today:
        raise DomainError(_("Hours cannot be registered for a day in the future."))
    if date < today - datetime.timedelta(days=MAX_DAYS_BACK):
        raise DomainError(
            _(
                "Hours can be registered up to %(days)s days back; ask your coordinator "
                "about older hours."
            )
            % {"days": MAX_DAYS_BACK}
        )
    if not isinstance(minutes, int) or isinstance(minutes, bool):
        raise DomainError(_("Give the time as a number of minutes."))
    if not 1 <= minutes <= MAX_MINUTES:
        raise DomainError(_("Give a time between 1 minute and 12 hours."))
    if activity not in HoursActivity.values:
        raise DomainError(_("Choose one of the activities."))
    note = (note or "").strip()
    if len(note) > 200:
        raise DomainError(_("The note is longer than 200 characters."))
    if trajectory is not None and not (
        Trajectory.objects.visible_to(by).open().filter(pk=trajectory.pk).exists()
    ):
        raise DomainError(_("Hours can only be registered on an open trajectory of your own."))
    entry = TimeEntry(
        by=by,
        capacity=capacity,
        date=date,
        minutes=minutes,
        activity=activity,
        trajectory=trajectory,
        note=note,
    )
    entry.full_clean()
    entry.save()
    audit.record(
        request,
        action=AuditAction.CREATE,
        actor=by,
        obj=entry,
        object_id=str(entry.pk),
        client_id=trajectory.person.public_id if trajectory is not None else None,
        fields=["date", "minutes", "activity", "trajectory", "note"],
    )
    return entry


@transaction.atomic
def delete_hours(entry: TimeEntry, by, request=None) -> None:
    """Undo a registration: only one's own entry, and only while its date lies in the current
    or the previous month (older hours may already be reported)."""
    entry = (
        # Lock the entry only: the trajectory is optional, and PostgreSQL locks no row on the
        # nullable side of an outer join.
        TimeEntry.objects.select_for_update(of=("self",))
        .select_related("trajectory__person")
        .get(pk=entry.pk)
    )
    if entry.by_id != by.pk:
        raise DomainError(_("You can only delete your own hours."))
    if entry.date < deletable_from():
        raise DomainError(
            _("Hours of before last month can no longer be deleted; ask your coordinator.")
        )
    trajectory = entry.trajectory
    object_id = str(entry.pk)
    entry.delete()
    audit.record(
        request,
        action=AuditAction.DELETE,
        actor=by,
        object_type=TimeEntry._meta.label_lower,
        object_id=object_id,
        client_id=trajectory.person.public_id if trajectory is not None else None,
    )


# Selectors.


@dataclass
class MonthHours:
    """One user's entries of one month, newest first, with the month's minutes per capacity."""

    month: datetime.date
    entries: list[TimeEntry]
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def total_rows(self) -> list[tuple[str, str]]:
        """``(label, hours)`` for each capacity with hours, in a fixed order."""
        return [
            (TOTAL_LABELS[capacity], as_hours(self.totals[capacity]))
            for capacity in HoursCapacity
            if self.totals.get(capacity)
        ]


def entries_in_month(user, month: datetime.date | None = None) -> MonthHours:
    """The entries of ``user`` dated in the month of ``month`` (default: this month) and their
    total per capacity; one query whatever the number of entries."""
    first = month_start(month or timezone.localdate())
    entries = list(
        TimeEntry.objects.filter(by=user, date__gte=first, date__lt=add_months(first, 1))
        .select_related("trajectory__person", "trajectory__product")
        .order_by("-date", "-pk")
    )
    totals: dict[str, int] = {}
    for entry in entries:
        totals[entry.capacity] = totals.get(entry.capacity, 0) + entry.minutes
    return MonthHours(month=first, entries=entries, totals=totals)


def totals_by_capacity(entries=None) -> dict[str, int]:
    """Minutes per capacity of ``entries`` (a TimeEntry queryset; default all), one query.

    Every capacity is present, with 0 when it has no hours; the capacities are never added
    together."""
    entries = TimeEntry.objects.all() if entries is None else entries
    sums = entries.aggregate(
        **{
            capacity.value: Sum("minutes", filter=Q(capacity=capacity.value))
            for capacity in HoursCapacity
        }
    )
    return {capacity: minutes or 0 for capacity, minutes in sums.items()}


def as_hours(minutes: int) -> str:
    """``90`` -> ``"1:30"``: how a phone user reads a duration at a glance."""
    return f"{minutes // 60}:{minutes % 60:02d}"
