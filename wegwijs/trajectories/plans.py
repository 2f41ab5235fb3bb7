"""Changes to a trajectory's plan of action and results: goals, evaluations and the outcome
fields of its product, each validated before anything is written and logged with the names of
the changed fields (never their values). Split from ``services`` (the trajectory's lifecycle,
checklist, contacts and volunteers), whose rule that a closed trajectory does not change they
share."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.core import audit
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.trajectories.constants import EvaluationKind, GoalStatus
from wegwijs.trajectories.models import (
    OUTCOME_FIELDS,
    Evaluation,
    PlanDomain,
    PlanGoal,
    ProductOutcomeFields,
    Trajectory,
    TrajectoryOutcome,
)
from wegwijs.trajectories.services import check_open


def _check_goal_date(trajectory: Trajectory, agreed_on: datetime.date) -> None:
    if agreed_on > timezone.localdate():
        raise DomainError(_("The date the goal was agreed lies in the future."))
    if agreed_on < trajectory.start_date:
        raise DomainError(_("The goal was agreed before the start of the trajectory."))


@transaction.atomic
def add_goal(
    *,
    trajectory: Trajectory,
    description: str,
    agreed_on: datetime.date,
    actor,
    domain: PlanDomain | None = None,
    request=None,
) -> PlanGoal:
    """Add a goal to the trajectory plan, in one of the product's domains when it has them."""
    check_open(trajectory)
    has_domains = PlanDomain.objects.filter(product=trajectory.product_id).exists()
    if domain is not None and domain.product_id != trajectory.product_id:
        raise DomainError(_("This domain does not belong to the plan of this product."))
    if domain is None and has_domains:
        raise DomainError(_("Choose the domain of the goal."))
    _check_goal_date(trajectory, agreed_on)
    description = description.strip()
    if not description or len(description) > 500:
        raise DomainError(_("Describe the goal in at most 500 characters."))
    goal = PlanGoal(
        trajectory=trajectory,
        domain=domain,
        description=description,
        agreed_on=agreed_on,
        created_by=actor,
    )
    goal.full_clean()
    goal.save()
    audit.record(
        request,
        action=AuditAction.CREATE,
        actor=actor,
        obj=goal,
        object_id=str(goal.pk),
        client_id=trajectory.person.public_id,
    )
    return goal


@transaction.atomic
def update_goal_result(
    *, goal: PlanGoal, status: str, result_note: str, actor, request=None
) -> PlanGoal:
    """Record how far a goal was achieved (open, achieved, partly, not achieved)."""
    trajectory = goal.trajectory
    check_open(trajectory)
    if status not in GoalStatus.values:
        raise DomainError(_("Choose one of the results."))
    result_note = result_note.strip()
    if len(result_note) > 500:
        raise DomainError(_("The result note is longer than 500 characters."))
    goal.status = status
    goal.result_note = result_note
    goal.full_clean()
    goal.save(update_fields=["status", "result_note"])
    audit.record(
        request,
        action=AuditAction.UPDATE,
        actor=actor,
        obj=goal,
        object_id=str(goal.pk),
        client_id=trajectory.person.public_id,
        fields=["status", "result_note"],
    )
    return goal


@transaction.atomic
def add_evaluation(
    *,
    trajectory: Trajectory,
    date: datetime.date,
    kind: str,
    summary: str,
    actor,
    request=None,
) -> Evaluation:
    """Record a periodic evaluation or the one final evaluation of the trajectory."""
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    check_open(trajectory)
    if kind not in EvaluationKind.values:
        raise DomainError(_("Choose the kind of evaluation."))
    if date > timezone.localdate():
        raise DomainError(_("The date of the evaluation lies in the future."))
    if date < trajectory.start_date:
        raise DomainError(_("The evaluation lies before the start of the trajectory."))
    summary = summary.strip()
    if not summary or len(summary) > 4000:
        raise DomainError(_("Write a summary of at most 4000 characters."))
    if (
        kind == EvaluationKind.FINAL
        and trajectory.evaluations.filter(kind=EvaluationKind.FINAL).exists()
    ):
        raise DomainError(_("This trajectory already has a final evaluation."))
    evaluation = Evaluation(trajectory=trajectory, date=date, kind=kind, summary=summary, by=actor)
    evaluation.full_clean()
    evaluation.save()
    audit.record(
        request,
        action=AuditAction.CREATE,
        actor=actor,
        obj=evaluation,
        object_id=str(evaluation.pk),
        client_id=trajectory.person.public_id,
    )
    return evaluation


def outcome_fields_of(product) -> list[str]:
    """The outcome fields ``product`` records (data: ``ProductOutcomeFields``)."""
    settings = ProductOutcomeFields.objects.filter(product=product).first()
    return [f for f in (settings.fields if settings else []) if f in OUTCOME_FIELDS]


@transaction.atomic
def save_outcome(*, trajectory: Trajectory, values: dict, actor, request=None):
    """Save the product's outcome fields of the trajectory, creating the outcome on first use.

    Only the fields the product records are accepted; counts are not negative, at most 50
    persons are reunited, dates are not in the future and a participation declaration is not
    signed before the trajectory started. Allowed also on a closed trajectory: the outcome is
    often known only when the file closes.
    """
    allowed = outcome_fields_of(trajectory.product)
    unknown = set(values) - set(allowed)
    if unknown:
        raise DomainError(_("This product does not record these outcomes."))
    today = timezone.localdate()
    for name in ("housed_persons", "housed_units", "persons_reunited"):
        if values.get(name) is not None and values[name] < 0:
            raise DomainError(_("A number of persons or units cannot be negative."))
    if (values.get("persons_reunited") or 0) > 50:
        raise DomainError(_("At most 50 persons can be reunited in one trajectory."))
    for name in ("application_date", "participation_declaration_signed_on"):
        if values.get(name) is not None and values[name] > today:
            raise DomainError(_("An outcome date cannot lie in the future."))
    signed = values.get("participation_declaration_signed_on")
    if signed is not None and signed < trajectory.start_date:
        raise DomainError(
            _("The participation declaration cannot be signed before the start of the trajectory.")
        )
    outcome = TrajectoryOutcome.objects.filter(trajectory=trajectory).first()
    if outcome is None:
        outcome = TrajectoryOutcome(trajectory=trajectory, updated_by=actor)
    changed = [
        name for name in allowed if name in values and getattr(outcome, name) != values[name]
    ]
    for name in changed:
        setattr(outcome, name, values[name])
    outcome.updated_by = actor
    outcome.updated_at = timezone.now()
    try:
        outcome.full_clean()
    except ValidationError as error:  # a number beyond its column, from a caller without a form
        raise DomainError(" ".join(error.messages)) from error
    outcome.save()
    followed = _follow_in_checklist(trajectory, outcome, changed, actor=actor)
    audit.record(
        request,
        action=AuditAction.UPDATE,
        actor=actor,
        obj=trajectory,
        client_id=trajectory.person.public_id,
        fields=[f"outcome:{name}" for name in changed] + [f"checklist:{c}" for c in followed],
    )
    return outcome


def _follow_in_checklist(trajectory: Trajectory, outcome, names: list[str], *, actor) -> list:
    """Checklist items that stand for a changed outcome date take it as their date done (an
    emptied date opens them again); the codes of the items changed."""
    followed = []
    items = trajectory.checklist_items.filter(template__outcome_field__in=names).select_related(
        "template"
    )
    for item in items:
        value = getattr(outcome, item.template.outcome_field)
        if item.done_on != value:
            item.done_on = value
            item.done_by = actor if value else None
            item.save(update_fields=["done_on", "done_by"])
            followed.append(item.template.code)
    return followed
