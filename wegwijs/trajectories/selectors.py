"""Reads across relations for the work lists, each in a fixed number of queries (rule 8)."""

import datetime

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext

from wegwijs.trajectories.constants import TrajectoryStatus
from wegwijs.trajectories.models import ChecklistItem, PlanDomain, Trajectory, TrajectoryOutcome

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


def regime_missing(user):
    """Visible open trajectories whose inburgering choice or PIP cannot be planned because the
    client's civic-integration regime is unknown (``Trajectory.with_regime_missing``)."""
    return (
        Trajectory.objects.visible_to(user)
        .open()
        .for_list()
        .with_regime_missing()
        .filter(regime_missing=True)
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


def plan_of(trajectory: Trajectory) -> list[tuple]:
    """The trajectory plan grouped per domain: ``[(domain or None, [goals])]`` in the product's
    domain order, goals without a domain last; every domain appears, with or without goals.
    Two queries whatever the number of goals."""
    domains = list(PlanDomain.objects.filter(product=trajectory.product_id))
    goals = list(trajectory.goals.select_related("domain", "created_by"))
    plan = [(domain, [g for g in goals if g.domain_id == domain.pk]) for domain in domains]
    loose = [g for g in goals if g.domain_id is None]
    if loose or not domains:
        plan.append((None, loose))
    return plan


def _display(outcome, name: str) -> str:
    value = getattr(outcome, name) if outcome is not None else None
    if value is None or value == "":
        return "—"
    field = TrajectoryOutcome._meta.get_field(name)
    if field.choices:
        return getattr(outcome, f"get_{name}_display")()
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def outcome_rows(trajectory: Trajectory) -> tuple:
    """``(outcome or None, field names, [(label, shown value)])`` for the product's outcome
    fields only (the list is data: ``ProductOutcomeFields``)."""
    from wegwijs.trajectories.plans import outcome_fields_of

    names = outcome_fields_of(trajectory.product)
    outcome = TrajectoryOutcome.objects.filter(trajectory=trajectory).first()
    rows = [
        (capfirst(TrajectoryOutcome._meta.get_field(name).verbose_name), _display(outcome, name))
        for name in names
    ]
    return outcome, names, rows


def contact_totals(trajectory: Trajectory) -> dict:
    """Number of contact moments and their total time in minutes."""
    totals = trajectory.contact_moments.aggregate(
        count=Count("pk"), minutes=Coalesce(Sum("duration_minutes"), 0)
    )
    return totals


def end_report(trajectory: Trajectory) -> dict:
    """Everything the end report (eindrapportage) shows, in a fixed number of queries. Never
    the sensitive notes."""
    from wegwijs.trajectories.phases import phases_of

    _outcome, _names, rows = outcome_rows(trajectory)
    return {
        "trajectory": trajectory,
        "phases": phases_of(trajectory.product),
        "plan": plan_of(trajectory),
        "evaluations": list(trajectory.evaluations.select_related("by")),
        "outcome_rows": rows,
        "contacts": contact_totals(trajectory),
        "items": list(trajectory.checklist_items.select_related("template", "done_by")),
    }
