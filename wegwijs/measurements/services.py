"""Recording a measurement, with every rule checked before anything is written."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wegwijs.core import audit
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.measurements.constants import LEVELS, NOTE_MAX, RUNGS, MeasurementKind
from wegwijs.measurements.models import Measurement, Score
from wegwijs.measurements.selectors import instrument_of, product_domains
from wegwijs.trajectories.models import Trajectory


def _date(value):
    return date_format(value, "SHORT_DATE_FORMAT")


def needs_eindmeting(trajectory, reason: str) -> bool:
    """True when closing ``trajectory`` with ``reason`` counts as completed and the product
    measures, while no eindmeting was entered (used by close_trajectory)."""
    instrument = instrument_of(trajectory.product)
    if instrument is None or reason not in instrument.completed_reasons:
        return False
    return not trajectory.measurements.filter(kind=MeasurementKind.EIND).exists()


@transaction.atomic
def record_measurement(
    *,
    trajectory: Trajectory,
    kind: str,
    date: datetime.date,
    scores: dict[str, tuple[int | None, str]],
    actor,
    rung: int | None = None,
    request=None,
) -> Measurement:
    """Record one measurement; ``scores`` maps domain codes to (level, note).

    Keeps true: the product has this kind of measurement, the trajectory is open, every
    mandatory domain has a level; an optional domain without a level is stored as "not
    scored" (a score without level), so each measurement has one row per domain."""
    trajectory = (
        Trajectory.objects.select_for_update().select_related("product").get(pk=trajectory.pk)
    )
    instrument = instrument_of(trajectory.product)
    if instrument is None:
        raise DomainError(_("This product does not measure self-sufficiency."))
    if kind not in MeasurementKind.values:
        raise DomainError(_("Choose the kind of measurement."))
    if not instrument.has_kind(kind):
        raise DomainError(
            _("This product has no %(kind)s.") % {"kind": MeasurementKind(kind).label}
        )
    # Closed is closed: a measurement after the end would enter the report of a trajectory
    # whose result was already given.
    if trajectory.is_closed:
        raise DomainError(_("This trajectory is closed: no measurement can be added."))
    if date > timezone.localdate():
        raise DomainError(_("The measurement date lies in the future."))
    if date < trajectory.start_date:
        raise DomainError(_("The measurement date lies before the start of the trajectory."))
    existing = {m.kind: m for m in trajectory.measurements.all()}
    if kind == MeasurementKind.NUL and MeasurementKind.NUL in existing:
        raise DomainError(_("This trajectory already has a baseline measurement."))
    if kind == MeasurementKind.EIND and MeasurementKind.EIND in existing:
        raise DomainError(_("This trajectory already has a final measurement."))
    if kind != MeasurementKind.NUL:
        nul = existing.get(MeasurementKind.NUL)
        if nul is None:
            raise DomainError(_("Enter the baseline measurement first."))
        if date < nul.date:
            raise DomainError(
                _("The measurement date lies before the baseline measurement of %(date)s.")
                % {"date": _date(nul.date)}
            )
    domains = product_domains(trajectory.product)
    allowed = {row.domain.code: row for row in domains}
    unknown = set(scores) - set(allowed)
    if unknown:
        raise DomainError(
            _("This product does not score the domain %(domain)s.")
            % {"domain": ", ".join(sorted(unknown))}
        )
    rows = []
    for code, row in allowed.items():
        level, note = scores.get(code, (None, ""))
        if level is None and row.mandatory:
            raise DomainError(_("Score the domain %(domain)s.") % {"domain": row.domain.name})
        if level is not None and level not in LEVELS:
            raise DomainError(
                _("A score must be one of the levels 1 to 5 (%(domain)s).")
                % {"domain": row.domain.name}
            )
        if len(note or "") > NOTE_MAX:
            raise DomainError(_("A note has at most 300 characters."))
        rows.append((row.domain, level, note or ""))
    if instrument.uses_ladder:
        if rung not in RUNGS:
            raise DomainError(_("Choose a rung of the participation ladder (1 to 6)."))
    elif rung is not None:
        raise DomainError(_("This product does not use the participation ladder."))
    measurement = Measurement.objects.create(
        trajectory=trajectory, kind=kind, date=date, by=actor, rung=rung
    )
    Score.objects.bulk_create(
        Score(measurement=measurement, domain=domain, level=level, note=note)
        for domain, level, note in rows
    )
    fields = ["kind", "date", "by", "scores"] + (["rung"] if rung is not None else [])
    audit.record(
        request,
        action=AuditAction.CREATE,
        actor=actor,
        obj=measurement,
        client_id=trajectory.person.public_id,
        fields=fields,
    )
    return measurement
