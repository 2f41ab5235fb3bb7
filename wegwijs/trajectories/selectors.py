"""Reads across relations for the work lists, each in a fixed number of queries (rule 8)."""

import datetime

from django.db.models import Q
from django.utils import timezone

from wegwijs.trajectories.constants import TrajectoryStatus
from wegwijs.trajectories.models import ChecklistItem, Trajectory

# Sort keys offered on the caseload page -> ORM ordering.
SORTS = {
    "end": ("planned_end_date", "pk"),
    "start": ("-start_date", "-pk"),
    "client": ("person__family_name", "person__given_names", "pk"),
    "product": ("product__name", "pk"),
    "status": ("status", "pk"),
}
DEADLINE_DAYS = 14


def caseload(user, *, product=None, municipality=None, status=None, phase=None, sort="end"):
    """The visible trajectories of ``user`` (coördinator: team; volunteer: assigned), open ones
    unless a status is asked for, filtered and sorted for the caseload page."""
    trajectories = Trajectory.objects.visible_to(user).for_list()
    trajectories = trajectories.filter(status=status) if status else trajectories.open()
    if product:
        trajectories = trajectories.filter(product=product)
    if municipality:
        trajectories = trajectories.filter(person__municipality=municipality)
    if phase:
        trajectories = trajectories.filter(current_phase=phase)
    return trajectories.order_by(*SORTS.get(sort, SORTS["end"]))


def due_items(user, *, today: datetime.date | None = None, days: int = DEADLINE_DAYS):
    """Open checklist items and milestones of visible open trajectories that are overdue or
    due within ``days``."""
    today = today or timezone.localdate()
    return (
        ChecklistItem.objects.filter(
            trajectory__in=Trajectory.objects.visible_to(user).open(),
            done_on__isnull=True,
            due_date__lte=today + datetime.timedelta(days=days),
        )
        .select_related(
            "template", "trajectory__person", "trajectory__product", "trajectory__responsible"
        )
        .order_by("due_date", "pk")
    )


def past_planned_end(user, *, today: datetime.date | None = None):
    today = today or timezone.localdate()
    return (
        Trajectory.objects.visible_to(user)
        .open()
        .for_list()
        .filter(Q(planned_end_date__lt=today))
        .order_by("planned_end_date", "pk")
    )


def status_choices():
    return [(s.value, s.label) for s in TrajectoryStatus]
