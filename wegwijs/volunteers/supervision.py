"""Reads for the professional who supervises volunteers (the begeleider): their volunteers,
each volunteer's current assignments with what needs attention, and the supervision meetings.

Everything is fetched in a fixed number of queries, whatever the number of volunteers and
assignments (rule 8). Profiles go through ``VolunteerProfile.objects.visible_to`` and
trajectories through ``Trajectory.objects.visible_to`` of the viewer, so a professional never
sees a client outside their scope here. This app sits below ``trajectories``: its models are
looked up by name.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from wegwijs.volunteers.models import SupervisionMeeting, VolunteerProfile

RECENT_MEETINGS = 5


@dataclass
class VolunteerRow:
    """One supervised volunteer: the profile, the date of their last supervision meeting and
    their current assignments, those without recent contact first."""

    profile: VolunteerProfile
    last_meeting: date | None
    assignments: list = field(default_factory=list)

    @property
    def flagged_count(self) -> int:
        return sum(1 for assignment in self.assignments if assignment.flagged)


def contact_cutoff(day: date) -> date:
    """An assignment whose last contact by the volunteer (or, without one, its start) lies on
    or before this day is flagged: ``SUPERVISION_CONTACT_DAYS`` days or more without contact."""
    return day - timedelta(days=settings.SUPERVISION_CONTACT_DAYS)


def _count(queryset) -> Coalesce:
    return Coalesce(
        Subquery(
            queryset.order_by().values("trajectory").annotate(n=Count("pk")).values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def supervised_profiles(viewer, *, begeleider) -> QuerySet:
    """The profiles whose responsible professional is ``begeleider``, as far as ``viewer``
    may see them."""
    return VolunteerProfile.objects.visible_to(viewer).filter(begeleider=begeleider)


def assignments_of(viewer, *, begeleider, on: date | None = None) -> QuerySet:
    """The current assignments (on ``on``, today) of the volunteers ``begeleider`` supervises,
    on trajectories ``viewer`` may see, annotated with:

    - ``last_contact``: the date of the last contact moment on the trajectory by that
      volunteer (up to ``on``), or None;
    - ``open_items`` and ``overdue_items``: the trajectory's checklist items not done, and of
      those the ones due before ``on``;
    - ``past_planned_end``: the trajectory's planned end date lies before ``on``;
    - ``quiet_since``: the later of ``last_contact`` and the assignment's start;
    - ``flagged``: ``quiet_since`` lies ``SUPERVISION_CONTACT_DAYS`` days or more before ``on``,
      so a new assignment is flagged only once that many days have passed without contact.

    One query, whatever the number of rows.
    """
    day = on or timezone.localdate()
    Assignment = apps.get_model("trajectories", "Assignment")
    Trajectory = apps.get_model("trajectories", "Trajectory")
    ContactMoment = apps.get_model("trajectories", "ContactMoment")
    ChecklistItem = apps.get_model("trajectories", "ChecklistItem")
    last_contact = (
        ContactMoment.objects.filter(
            trajectory=OuterRef("trajectory"), by=OuterRef("volunteer"), date__lte=day
        )
        .order_by("-date")
        .values("date")[:1]
    )
    open_items = ChecklistItem.objects.filter(trajectory=OuterRef("trajectory"), done_on=None)
    return (
        Assignment.objects.current(on=day)
        .filter(
            volunteer__volunteer_profile__in=supervised_profiles(viewer, begeleider=begeleider),
            trajectory__in=Trajectory.objects.visible_to(viewer),
        )
        .annotate(
            last_contact=Subquery(last_contact),
            open_items=_count(open_items),
            overdue_items=_count(open_items.filter(due_date__lt=day)),
        )
        .annotate(quiet_since=Greatest(Coalesce("last_contact", "started_on"), "started_on"))
        .annotate(
            flagged=Case(
                When(quiet_since__lte=contact_cutoff(day), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            past_planned_end=Case(
                When(trajectory__planned_end_date__lt=day, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
    )


def flagged_count(user, *, on: date | None = None) -> int:
    """How many current assignments of the volunteers ``user`` supervises have had no contact
    by the volunteer for ``SUPERVISION_CONTACT_DAYS`` days. One query (the dashboard)."""
    return assignments_of(user, begeleider=user, on=on).filter(flagged=True).count()


def supervision_overview(viewer, *, begeleider, on: date | None = None) -> list[VolunteerRow]:
    """The volunteers ``begeleider`` supervises that ``viewer`` may see, each with their last
    supervision meeting and current assignments (flagged first, then the oldest silence);
    volunteers with flagged assignments first. Two queries."""
    day = on or timezone.localdate()
    last_meeting = (
        SupervisionMeeting.objects.filter(volunteers=OuterRef("pk"), date__lte=day)
        .order_by("-date")
        .values("date")[:1]
    )
    profiles = list(
        supervised_profiles(viewer, begeleider=begeleider)
        .select_related("user")
        .annotate(last_meeting=Subquery(last_meeting))
        .order_by("user__full_name", "pk")
    )
    assignments = (
        assignments_of(viewer, begeleider=begeleider, on=day)
        .select_related("trajectory__product", "trajectory__person")
        .order_by("-flagged", "quiet_since", "pk")
    )
    rows = {
        profile.user_id: VolunteerRow(profile=profile, last_meeting=profile.last_meeting)
        for profile in profiles
    }
    if rows:
        for assignment in assignments:
            if assignment.volunteer_id in rows:
                rows[assignment.volunteer_id].assignments.append(assignment)
    return sorted(rows.values(), key=lambda row: row.flagged_count == 0)


def meetings_held_by(viewer, *, held_by) -> QuerySet:
    """The supervision meetings ``held_by`` held, newest first, each with only the volunteers
    ``viewer`` may see (prefetched: two queries per page)."""
    return (
        SupervisionMeeting.objects.filter(held_by=held_by)
        .order_by("-date", "-pk")
        .prefetch_related(
            Prefetch(
                "volunteers",
                VolunteerProfile.objects.visible_to(viewer)
                .select_related("user")
                .order_by("user__full_name"),
                to_attr="visible_volunteers",
            )
        )
    )
