"""Changes to trajectories: the one path for each, validated before anything is written, with
an access-log entry naming the changed fields (never their values)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from wegwijs.accounts.constants import Role
from wegwijs.catalog.constants import DeliveryForm
from wegwijs.contracts.constants import ContractStatus
from wegwijs.contracts.models import ContractLine
from wegwijs.core import audit
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.core.periods import add_days, add_months
from wegwijs.trajectories import eligibility
from wegwijs.trajectories.constants import (
    NEXT_STATUS,
    Anchor,
    GoalStatus,
    SensitiveKind,
    TrajectoryStatus,
)
from wegwijs.trajectories.models import (
    Assignment,
    ChecklistItem,
    ContactMoment,
    ItemTemplate,
    PhaseChange,
    SensitiveNote,
    StatusChange,
    Trajectory,
)
from wegwijs.volunteers.services import ensure_assignable

TRAJECTORY_FORMS = {DeliveryForm.TRAJECTORY, DeliveryForm.GROUP_WITH_COACHING}
OVERRIDE_REASON_MAX = 500


def _date(value: datetime.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def planned_end_date(*, product, tariff, start_date: datetime.date) -> datetime.date | None:
    """Start plus the tariff's duration (Taalcoaches 12 or 18 months), else the product's
    typical duration, else its maximum; None when the card gives none."""
    months = tariff.duration_months or product.duration_months or product.max_duration_months
    return add_months(start_date, months) if months else None


def anchor_dates(trajectory: Trajectory) -> dict[str, datetime.date | None]:
    person = trajectory.person
    return {
        Anchor.START: trajectory.start_date,
        Anchor.SETTLED: person.settled_on,
        Anchor.ARRIVED: person.arrived_on,
        Anchor.PERMIT: person.permit_start,
        Anchor.PERMIT_GRANTED: person.permit_granted_on,
        Anchor.KEY_DATE: trajectory.key_date,
        Anchor.ARRIVAL: trajectory.arrival_date,
    }


def applies(template: ItemTemplate, trajectory: Trajectory) -> bool:
    if template.regimes and trajectory.person.inburgering_regime not in template.regimes:
        return False
    return template.resettled is None or template.resettled == trajectory.resettled


def due_date(template: ItemTemplate, anchors: dict) -> datetime.date | None:
    """The template's anchor date plus its offset; None while the anchor date is unknown and
    always for an item without a due date (``Anchor.NONE``)."""
    anchor = anchors.get(template.anchor)
    if anchor is None:
        return None
    # add_months and add_days raise DateOutOfRange (a DomainError) past the calendar's ends.
    return add_days(add_months(anchor, template.offset_months), template.offset_days)


def sync_checklist(*, trajectory: Trajectory) -> list[str]:
    """Give the trajectory the items of its product that apply to this client and recompute
    every open item's due date from the current anchor dates. Items already done are kept as
    they are (their due date too); open items that no longer apply (the client's regime
    changed) are removed. Returns the codes of the items added, moved or removed."""
    anchors = anchor_dates(trajectory)
    existing = {item.template_id: item for item in trajectory.checklist_items.all()}
    touched = []
    for template in ItemTemplate.objects.filter(product=trajectory.product_id):
        item = existing.get(template.pk)
        if item is not None and item.done_on is not None:
            continue
        if not applies(template, trajectory):
            if item is not None:
                item.delete()
                touched.append(template.code)
            continue
        due = due_date(template, anchors)
        if item is None:
            ChecklistItem.objects.create(trajectory=trajectory, template=template, due_date=due)
            touched.append(template.code)
        elif item.due_date != due:
            item.due_date = due
            item.save(update_fields=["due_date"])
            touched.append(template.code)
    return touched


@transaction.atomic
def follow_key_dates(*, person, actor, request=None) -> list[Trajectory]:
    """After a client's settlement, arrival or permit date or civic-integration regime
    changed: recompute the checklist of every *open* trajectory of ``person`` (due dates
    follow; items that now apply appear, open ones that no longer apply go). Closed
    trajectories and items already done stay as they are. One transaction; one access-log
    entry per trajectory whose checklist changed, naming the items. Returns those
    trajectories.

    Called through ``clients.signals.person_key_dates_changed`` (receiver in ``apps.py``),
    inside the transaction of the client's change."""
    changed = []
    trajectories = (
        Trajectory.objects.open().filter(person=person).select_for_update().order_by("pk")
    )
    for trajectory in trajectories:
        trajectory.person = person
        codes = sync_checklist(trajectory=trajectory)
        if not codes:
            continue
        audit.record(
            request,
            action=AuditAction.UPDATE,
            actor=actor,
            obj=trajectory,
            client_id=person.public_id,
            fields=sorted(f"checklist:{code}" for code in codes),
        )
        changed.append(trajectory)
    return changed


def _check_contract_line(*, person, product, contract_line, start_date) -> None:
    contract = contract_line.contract
    if contract.status != ContractStatus.SIGNED:
        raise DomainError(_("A trajectory needs a signed contract; this one is not signed."))
    if contract.municipality_id != person.municipality_id:
        raise DomainError(
            _("The contract is with %(contract)s, but the client lives in %(client)s.")
            % {"contract": contract.municipality.name, "client": person.municipality.name}
        )
    if contract_line.tariff.product_id != product.pk:
        raise DomainError(_("This contract line is for another product."))
    if contract.year != start_date.year:
        raise DomainError(
            _("The contract is for %(year)s; the trajectory starts in %(start)s.")
            % {"year": contract.year, "start": start_date.year}
        )


@transaction.atomic
def open_trajectory(
    *,
    person,
    contract_line,
    start_date: datetime.date,
    responsible,
    actor,
    household=None,
    ind_dossier=None,
    resettled: bool = False,
    override_reason: str = "",
    beyond_quantity_confirmed: bool = False,
    request=None,
) -> Trajectory:
    """Register (aanmelden) a client for a product under a contract line.

    Refuses, before writing anything, a product that is not delivered as a trajectory, a line
    that is not on a signed contract of the client's municipality for the start year, a
    responsible user who is not a coördinator, a start in the future, and every eligibility
    rule of the card the client does not meet (e.g. Next Step within six months of an
    asylum trajectory). A missing residence permit (``eligibility.OVERRIDABLE``) is set
    aside only when a coördinator gives ``override_reason``, kept on the trajectory with
    who and when. A line whose contracted quantity is used up refuses with the count
    (code ``quantity_used_up``) unless ``beyond_quantity_confirmed``.
    """
    # Read the line afresh: the contract's status decides, not a copy the caller holds. The
    # lock keeps two openings on the last unit of a line from both passing the count.
    contract_line = (
        ContractLine.objects.select_related("contract__municipality", "tariff__product")
        .select_for_update(of=("self",))
        .get(pk=contract_line.pk)
    )
    product = contract_line.tariff.product
    if product.delivery_form not in TRAJECTORY_FORMS:
        raise DomainError(
            _("%(product)s is not delivered as an individual trajectory.")
            % {"product": product.name}
        )
    if start_date > timezone.localdate():
        raise DomainError(_("The start date lies in the future."))
    _check_contract_line(
        person=person, product=product, contract_line=contract_line, start_date=start_date
    )
    if responsible.role != Role.COORDINATOR or not responsible.is_active:
        raise DomainError(_("The responsible person must be an active coordinator."))
    if household is not None and not household.members.filter(person=person).exists():
        raise DomainError(_("The client is not a member of this household."))
    if ind_dossier is not None and not ind_dossier.members.filter(person=person).exists():
        raise DomainError(_("The client is not part of this IND dossier."))
    override_reason = override_reason.strip()
    if len(override_reason) > OVERRIDE_REASON_MAX:
        raise DomainError(
            _("Keep the reason to %(max)s characters.") % {"max": OVERRIDE_REASON_MAX}
        )
    overridden = _check_eligibility(
        person=person,
        product=product,
        start_date=start_date,
        actor=actor,
        override_reason=override_reason,
    )
    started = contract_line.trajectories.count()
    beyond_quantity = started >= contract_line.quantity
    if beyond_quantity and not beyond_quantity_confirmed:
        raise DomainError(
            _(
                "The contracted quantity of this line is used up: contracted %(contracted)s, "
                "started %(started)s. Confirm to open one more."
            )
            % {"contracted": contract_line.quantity, "started": started},
            code="quantity_used_up",
        )

    trajectory = Trajectory.objects.create(
        product=product,
        contract_line=contract_line,
        tariff=contract_line.tariff,
        person=person,
        household=household,
        ind_dossier=ind_dossier,
        resettled=resettled,
        responsible=responsible,
        start_date=start_date,
        planned_end_date=planned_end_date(
            product=product, tariff=contract_line.tariff, start_date=start_date
        ),
        current_phase=_first_phase(product),
        eligibility_override_reason=override_reason if overridden else "",
        eligibility_override_by=actor if overridden else None,
        eligibility_override_at=timezone.now() if overridden else None,
        beyond_contracted_quantity=beyond_quantity,
        created_by=actor,
    )
    StatusChange.objects.create(
        trajectory=trajectory, status=TrajectoryStatus.REGISTERED, changed_by=actor
    )
    sync_checklist(trajectory=trajectory)
    fields = []
    if overridden:
        fields += [
            "eligibility_override_reason",
            "eligibility_override_by",
            "eligibility_override_at",
        ]
    if beyond_quantity:
        fields.append("beyond_contracted_quantity")
    audit.record(
        request,
        action=AuditAction.CREATE,
        actor=actor,
        obj=trajectory,
        client_id=person.public_id,
        fields=fields,
    )
    return trajectory


def _check_eligibility(*, person, product, start_date, actor, override_reason: str) -> bool:
    """Raise on every rule of the card the client does not meet; True when the only ones
    unmet may be set aside and a coördinator gave the reason."""
    found = eligibility.assess(person=person, product=product, start_date=start_date)
    if not found:
        return False
    messages = [refusal.message for refusal in found]
    if all(refusal.overridable for refusal in found):
        if override_reason and actor.role == Role.COORDINATOR:
            return True
        messages.append(
            _(
                "A coordinator may open it anyway by recording why, e.g. that the permit is "
                "expected."
            )
        )
    raise DomainError(" ".join(messages), code="not_eligible")


def _first_phase(product) -> str:
    from wegwijs.trajectories.phases import phases_of

    phases = phases_of(product)
    return phases[0].code if phases else ""


def _check_version(trajectory: Trajectory, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != trajectory.version:
        raise DomainError(
            _("Someone else changed this trajectory in the meantime. Reload and try again."),
            code="conflict",
        )


def check_open(trajectory: Trajectory) -> None:
    """Refuse any change to a closed trajectory."""
    if trajectory.is_closed:
        raise DomainError(_("A closed trajectory cannot change."))


def _bump(trajectory: Trajectory, fields: list[str]) -> None:
    trajectory.version += 1
    trajectory.save(update_fields=[*fields, "version"])


@transaction.atomic
def advance_trajectory(
    *, trajectory: Trajectory, actor, expected_version: int | None = None, request=None
) -> Trajectory:
    """aangemeld -> intake -> actief."""
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    _check_version(trajectory, expected_version)
    following = NEXT_STATUS.get(trajectory.status)
    if following is None:
        raise DomainError(_("This trajectory cannot move on from its current status."))
    trajectory.status = following
    _bump(trajectory, ["status"])
    StatusChange.objects.create(trajectory=trajectory, status=following, changed_by=actor)
    audit.record(
        request,
        action=AuditAction.UPDATE,
        actor=actor,
        obj=trajectory,
        client_id=trajectory.person.public_id,
        fields=["status"],
    )
    return trajectory


@transaction.atomic
def close_trajectory(
    *,
    trajectory: Trajectory,
    end_date: datetime.date,
    reason: str,
    actor,
    expected_version: int | None = None,
    confirmed_open_goals: bool = False,
    request=None,
) -> Trajectory:
    """Close with one of the product's own closing reasons, on a date between start and today.

    A reason that says the goal was reached (``goal_reached`` in the catalogue) while goals
    of the plan are still open needs ``confirmed_open_goals``.
    """
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    _check_version(trajectory, expected_version)
    if trajectory.is_closed:
        raise DomainError(_("This trajectory is already closed."))
    if end_date < trajectory.start_date:
        raise DomainError(
            _("The closing date %(end)s lies before the start date %(start)s.")
            % {"end": _date(end_date), "start": _date(trajectory.start_date)}
        )
    if end_date > timezone.localdate():
        raise DomainError(_("The closing date lies in the future."))
    reasons = {r.get("code"): r for r in trajectory.product.closing_reasons}
    if reason not in reasons:
        raise DomainError(_("Choose one of this product's closing reasons."))
    if reasons[reason].get("goal_reached") and not confirmed_open_goals:
        still_open = trajectory.goals.filter(status=GoalStatus.OPEN).count()
        if still_open:
            raise DomainError(
                ngettext(
                    "%(count)s goal of the plan is still open. Confirm that the trajectory "
                    "closes as goal reached all the same, or record the goal's result first.",
                    "%(count)s goals of the plan are still open. Confirm that the trajectory "
                    "closes as goal reached all the same, or record the goals' results first.",
                    still_open,
                )
                % {"count": still_open},
                code="open_goals",
            )
    # Lazy: measurements imports trajectories.
    from wegwijs.measurements.services import needs_eindmeting

    if needs_eindmeting(trajectory, reason):
        raise DomainError(
            _("Enter the final measurement before closing this trajectory as completed.")
        )
    trajectory.status = TrajectoryStatus.CLOSED
    trajectory.end_date = end_date
    trajectory.closing_reason = reason
    _bump(trajectory, ["status", "end_date", "closing_reason"])
    # Volunteers keep no access to a closed file.
    trajectory.assignments.filter(ended_on__isnull=True).update(ended_on=timezone.localdate())
    StatusChange.objects.create(
        trajectory=trajectory, status=TrajectoryStatus.CLOSED, changed_by=actor
    )
    audit.record(
        request,
        action=AuditAction.UPDATE,
        actor=actor,
        obj=trajectory,
        client_id=trajectory.person.public_id,
        fields=["status", "end_date", "closing_reason"],
    )
    return trajectory


@transaction.atomic
def set_housing_dates(
    *, trajectory: Trajectory, key_date, arrival_date, actor, request=None
) -> Trajectory:
    """Key handover and arrival dates of a housing trajectory; the checklist follows them."""
    for value in (key_date, arrival_date):
        if value is not None and value < trajectory.start_date - datetime.timedelta(days=365):
            raise DomainError(_("This date lies more than a year before the start."))
    before = (trajectory.key_date, trajectory.arrival_date)
    trajectory.key_date = key_date
    trajectory.arrival_date = arrival_date
    try:
        trajectory.clean()
    except ValidationError as error:
        trajectory.key_date, trajectory.arrival_date = before
        raise DomainError(" ".join(error.messages), code="invalid") from error
    _bump(trajectory, ["key_date", "arrival_date"])
    sync_checklist(trajectory=trajectory)
    audit.record(
        request,
        action=AuditAction.UPDATE,
        actor=actor,
        obj=trajectory,
        client_id=trajectory.person.public_id,
        fields=["key_date", "arrival_date"],
    )
    return trajectory


@transaction.atomic
def mark_item_done(*, item: ChecklistItem, done_on: datetime.date, actor, request=None):
    trajectory = item.trajectory
    check_open(trajectory)
    if done_on > timezone.localdate():
        raise DomainError(_("The date done lies in the future."))
    if done_on < trajectory.start_date - datetime.timedelta(days=365):
        raise DomainError(_("This date lies more than a year before the start."))
    item.done_on = done_on
    item.done_by = actor
    item.save(update_fields=["done_on", "done_by"])
    audit.record(
        request,
        action=AuditAction.UPDATE,
        actor=actor,
        obj=trajectory,
        client_id=trajectory.person.public_id,
        fields=[f"checklist:{item.template.code}"],
    )
    _record_in_outcome(item, done_on, actor=actor, request=request)
    return item


def _record_in_outcome(item: ChecklistItem, value, *, actor, request) -> None:
    """An item that stands for an outcome date (``ItemTemplate.outcome_field``) writes its
    date done there; ``plans.save_outcome`` checks it by the outcome's own rules."""
    name = item.template.outcome_field
    # Lazy: plans imports this module.
    from wegwijs.trajectories import plans

    if name and name in plans.outcome_fields_of(item.trajectory.product):
        plans.save_outcome(
            trajectory=item.trajectory, values={name: value}, actor=actor, request=request
        )


@transaction.atomic
def reopen_item(*, item: ChecklistItem, actor, request=None):
    check_open(item.trajectory)
    item.done_on = None
    item.done_by = None
    item.save(update_fields=["done_on", "done_by"])
    audit.record(
        request,
        action=AuditAction.UPDATE,
        actor=actor,
        obj=item.trajectory,
        client_id=item.trajectory.person.public_id,
        fields=[f"checklist:{item.template.code}"],
    )
    _record_in_outcome(item, None, actor=actor, request=request)
    return item


@transaction.atomic
def record_contact(
    *,
    trajectory: Trajectory,
    date: datetime.date,
    duration_minutes: int,
    form: str,
    note: str,
    actor,
    request=None,
) -> ContactMoment:
    check_open(trajectory)
    if date > timezone.localdate():
        raise DomainError(_("The date of a contact moment cannot lie in the future."))
    if date < trajectory.start_date:
        raise DomainError(_("The contact moment lies before the start of the trajectory."))
    moment = ContactMoment(
        trajectory=trajectory,
        date=date,
        duration_minutes=duration_minutes,
        form=form,
        note=note,
        by=actor,
    )
    moment.full_clean()
    moment.save()
    audit.record(
        request,
        action=AuditAction.CREATE,
        actor=actor,
        obj=moment,
        object_id=str(moment.pk),
        client_id=trajectory.person.public_id,
    )
    return moment


@transaction.atomic
def assign_volunteer(
    *, trajectory: Trajectory, volunteer, role: str, actor, request=None
) -> Assignment:
    check_open(trajectory)
    if volunteer.role != Role.VRIJWILLIGER or not volunteer.is_active:
        raise DomainError(_("Only an active volunteer can be assigned."))
    # Screening (valid VOG, signed confidentiality agreement, active status) before any client.
    ensure_assignable(volunteer)
    if trajectory.assignments.current().filter(volunteer=volunteer, role=role).exists():
        raise DomainError(_("This volunteer already has this role in the trajectory."))
    assignment = Assignment.objects.create(
        trajectory=trajectory, volunteer=volunteer, role=role, created_by=actor
    )
    audit.record(
        request,
        action=AuditAction.CREATE,
        actor=actor,
        obj=assignment,
        object_id=str(assignment.pk),
        client_id=trajectory.person.public_id,
    )
    return assignment


@transaction.atomic
def end_assignment(*, assignment: Assignment, actor, request=None) -> Assignment:
    assignment.ended_on = max(timezone.localdate(), assignment.started_on)
    assignment.save(update_fields=["ended_on"])
    audit.record(
        request,
        action=AuditAction.UPDATE,
        actor=actor,
        obj=assignment,
        object_id=str(assignment.pk),
        client_id=assignment.trajectory.person.public_id,
        fields=["ended_on"],
    )
    return assignment


@transaction.atomic
def set_phase(*, trajectory: Trajectory, phase: str, actor, request=None) -> Trajectory:
    """Move the trajectory to one of its product's methodology phases (HADAE/CODAE), in any
    order (the cycle may go back), and keep who did it when."""
    from wegwijs.trajectories.phases import phases_of

    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    check_open(trajectory)
    codes = [p.code for p in phases_of(trajectory.product)]
    if phase not in codes:
        raise DomainError(_("This phase does not belong to the working method of this product."))
    if phase == trajectory.current_phase:
        raise DomainError(_("The trajectory is already in this phase."))
    trajectory.current_phase = phase
    _bump(trajectory, ["current_phase"])
    PhaseChange.objects.create(trajectory=trajectory, phase=phase, changed_by=actor)
    audit.record(
        request,
        action=AuditAction.UPDATE,
        actor=actor,
        obj=trajectory,
        client_id=trajectory.person.public_id,
        fields=["current_phase"],
    )
    return trajectory


def read_sensitive_notes(*, trajectory: Trajectory, actor, request=None) -> dict[str, str]:
    """The VluchtVerhaalAnalyse and legal action plan, for a reader only (each read logged).

    Raises ``SensitiveNote.DoesNotExist`` for everyone else so a view answers 404 and nobody
    learns that a note exists.
    """
    if not trajectory.product.uses_vva or not SensitiveNote.readable_by(trajectory, actor):
        raise SensitiveNote.DoesNotExist
    notes = {note.kind: note for note in trajectory.sensitive_notes.all()}
    audit.record(
        request,
        action=AuditAction.READ,
        actor=actor,
        obj=trajectory,
        client_id=trajectory.person.public_id,
        event="sensitive_note",
        fields=sorted(notes),
    )
    return notes


@transaction.atomic
def save_sensitive_note(
    *, trajectory: Trajectory, kind: str, text: str, actor, request=None
) -> SensitiveNote:
    """Write the VluchtVerhaalAnalyse or the legal action plan; only its readers may."""
    if not trajectory.product.uses_vva or not SensitiveNote.readable_by(trajectory, actor):
        raise SensitiveNote.DoesNotExist
    check_open(trajectory)
    if kind not in SensitiveKind.values:
        raise DomainError(_("Choose which note to save."))
    text = text.strip()
    if not text:
        raise DomainError(_("The note is empty."))
    note, _created = SensitiveNote.objects.update_or_create(
        trajectory=trajectory,
        kind=kind,
        defaults={"text": text, "updated_by": actor, "updated_at": timezone.now()},
    )
    audit.record(
        request,
        action=AuditAction.UPDATE,
        actor=actor,
        obj=trajectory,
        client_id=trajectory.person.public_id,
        event="sensitive_note",
        fields=[kind],
    )
    return note
